//! The flat `key -> formatted value` map that Markdown reaches with `{{ key }}` (data/README.md
//! lists the families), including values derived from the data and the calculator's scenario
//! figures. `sitegen keys` prints it.

use std::collections::BTreeMap;

use crate::calculator_glue::prices::{Mult, PriceBook};

use crate::calculator_glue;
use crate::diag::Diagnostic;
use crate::format;
use crate::load::data::Unit;
use crate::load::types::{Date, Price};
use crate::load::Inputs;
use crate::pricebook;

pub type Refs = BTreeMap<String, String>;

/// Latest `checked` date anywhere in the data (the site's "last updated").
pub fn updated(d: &Inputs) -> Date {
    let p = &d.pricing;
    let dates = d
        .models
        .iter()
        .map(|x| x.checked)
        .chain(p.offers.iter().map(|x| x.checked))
        .chain(p.caching.iter().map(|x| x.checked))
        .chain(p.batch.iter().map(|x| x.checked))
        .chain(p.routes.iter().map(|x| x.checked))
        .chain(p.enterprise_discounts.iter().map(|x| x.checked))
        .chain(std::iter::once(d.latency.checked))
        .chain(d.faq.iter().map(|x| x.checked))
        .chain(d.claims.iter().map(|x| x.checked))
        .chain(
            d.tables
                .values()
                .flat_map(|t| t.rows.iter().map(|r| r.checked)),
        );
    dates.max().unwrap_or(Date {
        year: 1970,
        month: 1,
        day: 1,
    })
}

/// A latency value with its unit: `620 ms`, `3.1 s`, `0.1%`.
pub fn latency_value(v: f64, unit: Unit) -> String {
    match unit {
        Unit::Ms => format!("{} ms", format::int(v.round() as u64)),
        Unit::S => format!("{} s", format::num(v, 2)),
        Unit::Percent => format!("{}%", format::num(v, 2)),
    }
}

/// A multiplier, or the words for a missing one.
pub fn multiplier(v: Mult) -> String {
    match v {
        Mult::Known(m) => format::multiplier(m),
        Mult::Unknown => format::UNKNOWN.to_owned(),
        Mult::Unavailable => format::NOT_OFFERED.to_owned(),
    }
}

/// A difference between two latency values; rates differ by percentage points, not percent.
pub fn latency_delta(v: f64, unit: Unit) -> String {
    match unit {
        Unit::Percent => format!("{} percentage points", format::num(v, 2)),
        _ => latency_value(v, unit),
    }
}

pub fn build(d: &Inputs, book: &PriceBook) -> Result<Refs, Vec<Diagnostic>> {
    let mut r = Refs::new();
    let mut put = |k: String, v: String| {
        r.insert(k, v);
    };
    put("site.title".into(), d.site.title.clone());
    put("site.description".into(), d.site.description.clone());
    put("site.base_url".into(), d.site.base_url.0.clone());
    put("updated".into(), updated(d).long());

    for m in &d.models {
        put(format!("model.{}.name", m.id), m.name.clone());
        for (p, api) in &m.api_ids {
            put(format!("model.{}.api_id.{p}", m.id), api.clone());
        }
    }
    for p in &d.providers {
        put(format!("provider.{}.name", p.id), p.name.clone());
        put(
            format!("provider.{}.short_name", p.id),
            p.short_name.clone(),
        );
    }

    for o in &d.pricing.offers {
        let base = format!("price.{}.{}", o.model, o.provider);
        let input = o.input_mtok.known();
        put(format!("{base}.input"), format::price(input));
        put(
            format!("{base}.output"),
            format::price(o.output_mtok.known()),
        );
        if let Some(c) = pricebook::caching_for(d, &o.provider, &o.model) {
            let of_input = |m: Mult| match m {
                Mult::Known(m) => format::price(input.map(|i| i * m)),
                Mult::Unknown => format::UNKNOWN.to_owned(),
                Mult::Unavailable => format::NOT_OFFERED.to_owned(),
            };
            put(format!("{base}.cache_write_5m"), of_input(c.write_5m));
            put(format!("{base}.cache_write_1h"), of_input(c.write_1h));
            put(
                format!("{base}.cache_read"),
                of_input(Mult::Known(c.read.0)),
            );
            let min = pricebook::min_prefix(c, &o.model)
                .map_or_else(|| format::UNKNOWN.to_owned(), |n| format::int(u64::from(n)));
            put(format!("cache.{}.min_prefix.{}", o.provider, o.model), min);
        }
        if let Some(b) = pricebook::batch_for(d, &o.provider, &o.model) {
            let off = |v: Price| format::price(v.known().map(|v| v * (1.0 - b.discount.0)));
            put(format!("{base}.batch_input"), off(o.input_mtok));
            put(format!("{base}.batch_output"), off(o.output_mtok));
        }
    }
    // Provider-level figures: one caching/batch entry per provider gives one value; a provider
    // with several entries has none at this level (prose must then name the model).
    for p in &d.providers {
        let caches: Vec<_> = d
            .pricing
            .caching
            .iter()
            .filter(|c| c.provider == p.id)
            .collect();
        if let [c] = caches.as_slice() {
            put(format!("cache.{}.write_5m", p.id), multiplier(c.write_5m));
            put(format!("cache.{}.write_1h", p.id), multiplier(c.write_1h));
            put(format!("cache.{}.read", p.id), format::multiplier(c.read.0));
            put(
                format!("cache.{}.read_saving", p.id),
                format::share(1.0 - c.read.0),
            );
        }
        // Keys that hold for every caching entry of the provider, whatever their number.
        if !caches.is_empty() {
            let reads: Vec<f64> = caches.iter().map(|c| c.read.0).collect();
            if reads.iter().all(|r| *r == reads[0]) {
                put(format!("cache.{}.read", p.id), format::multiplier(reads[0]));
                put(
                    format!("cache.{}.read_saving", p.id),
                    format::share(1.0 - reads[0]),
                );
            }
            for (key, ws) in [
                (
                    "write_5m",
                    caches.iter().map(|c| c.write_5m).collect::<Vec<_>>(),
                ),
                ("write_1h", caches.iter().map(|c| c.write_1h).collect()),
            ] {
                if ws.iter().all(|w| *w == ws[0]) {
                    put(format!("cache.{}.{key}", p.id), multiplier(ws[0]));
                }
            }
        }
        let batches: Vec<_> = d
            .pricing
            .batch
            .iter()
            .filter(|b| b.provider == p.id)
            .collect();
        if let [b] = batches.as_slice() {
            put(
                format!("batch.{}.discount", p.id),
                format::share(b.discount.0),
            );
        }
    }
    for rt in &d.pricing.routes {
        let base = format!("route.{}.{}", rt.provider, rt.id);
        put(format!("{base}.name"), rt.name.clone());
        put(
            format!("{base}.premium"),
            format::share(rt.multiplier.0 - 1.0),
        );
    }

    let b = &d.latency;
    put("latency.requests".into(), format::int(b.requests));
    put("latency.client_region".into(), b.client_region.clone());
    put("latency.month".into(), b.month.long());
    let model_name = d
        .models
        .iter()
        .find(|m| m.id == b.model)
        .map_or(b.model.0.clone(), |m| m.name.clone());
    put("latency.model".into(), model_name);
    put("latency.input_tokens".into(), format::int(b.input_tokens));
    put("latency.output_tokens".into(), format::int(b.output_tokens));
    put("latency.baseline".into(), b.baseline.0.clone());
    for m in &b.metrics {
        let base = m.values.get(&b.baseline).map_or(0.0, |v| v.0);
        for (p, v) in &m.values {
            put(format!("latency.{}.{p}", m.id), latency_value(v.0, m.unit));
            // Signed: a provider faster than the baseline reads "−40 ms", never a wrong "40 ms".
            let delta = v.0 - base;
            let sign = if delta < 0.0 { "−" } else { "" };
            put(
                format!("latency.{}.delta.{p}", m.id),
                format!("{sign}{}", latency_delta(delta.abs(), m.unit)),
            );
            if base > 0.0 {
                let pct = format::pct_whole(delta.abs() / base * 100.0);
                put(format!("latency.{}.pct.{p}", m.id), format!("{sign}{pct}"));
            }
        }
    }

    let mut errs = Vec::new();
    for (i, s) in d.scenarios.iter().enumerate() {
        match calculator_glue::scenario_values(book, &s.inputs) {
            Ok(values) => {
                for (suffix, v) in values {
                    put(format!("scenario.{}.{suffix}", s.id), v);
                }
            }
            Err((field, msg)) => {
                // At the bad input's own line; at `inputs:` when it was left to its default.
                let mut path = crate::path!["scenarios", i, "inputs"];
                if !field.is_empty() {
                    path.push(field.as_str().into());
                }
                let src = d.sources.get("data/scenarios.yaml");
                errs.push(src.error(&path, format!("invalid scenario: {msg}")));
            }
        }
    }
    if errs.is_empty() {
        Ok(r)
    } else {
        Err(errs)
    }
}
