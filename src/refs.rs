//! The flat `key -> formatted value` map that Markdown reaches with `{{ key }}` (data/README.md
//! lists the families), including values derived from the data and the calculator's scenario
//! figures. `sitegen keys` prints it.

use std::collections::BTreeMap;

use crate::calculator_glue::prices::{Charge, Missing, PriceBook, Quote, Ttl};

use crate::calculator_glue;
use crate::diag::Diagnostic;
use crate::format;
use crate::load::data::Unit;
use crate::load::types::Date;
use crate::load::Inputs;

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
        .chain(std::iter::once(d.lineup.checked))
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

/// A quoted price per million tokens, or the words for a missing one.
pub fn quoted(q: Result<Quote, Missing>) -> String {
    match q {
        Ok(q) => format::money(q.mtok()),
        Err(Missing::NotPublished(_)) => format::UNKNOWN.to_owned(),
        Err(Missing::NotOffered(_)) => format::NOT_OFFERED.to_owned(),
    }
}

/// A multiplier, or the words for a missing one.
pub fn quoted_mult(m: Result<f64, Missing>) -> String {
    match m {
        Ok(m) => format::multiplier(m),
        Err(Missing::NotPublished(_)) => format::UNKNOWN.to_owned(),
        Err(Missing::NotOffered(_)) => format::NOT_OFFERED.to_owned(),
    }
}

/// Latest `checked` date of a price (the home page's "prices checked").
pub fn prices_checked(d: &Inputs) -> Date {
    let p = &d.pricing;
    p.offers
        .iter()
        .map(|x| x.checked)
        .chain(p.caching.iter().map(|x| x.checked))
        .chain(p.batch.iter().map(|x| x.checked))
        .chain(p.routes.iter().map(|x| x.checked))
        .max()
        .unwrap_or(d.lineup.checked)
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

    put("lineup.checked".into(), d.lineup.checked.long());
    put("prices.checked".into(), prices_checked(d).long());
    for m in &d.models {
        put(format!("model.{}.name", m.id), m.name.clone());
        put(format!("model.{}.released", m.id), m.released.long());
        for (p, on) in &m.providers {
            put(format!("model.{}.api_id.{p}", m.id), on.api_id.clone());
            put(format!("model.{}.state.{p}", m.id), on.state.label().into());
        }
    }
    for p in &d.providers {
        put(format!("provider.{}.name", p.id), p.name.clone());
        put(
            format!("provider.{}.short_name", p.id),
            p.short_name.clone(),
        );
    }
    for t in &d.tokenizers {
        let base = d.tokenizers.first().map_or(1.0, |b| b.tokens_per_base.0);
        put(
            format!("tokenizer.{}.more", t.id),
            format::share(t.tokens_per_base.0 / base - 1.0),
        );
    }

    // Prices: every figure is a quote of the resolved price book, as in the calculator.
    for o in &book.offers {
        let Some(route) = o.routes.first() else {
            continue;
        };
        let base = format!("price.{}.{}", o.model, o.provider);
        for tier in 0..=o.tiers.len() {
            let key = match tier {
                0 => base.clone(),
                n => {
                    let key = format!("{base}.tier{}", n + 1);
                    let above = o.tiers[n - 1].above_prompt_tokens;
                    put(format!("{key}.above"), format::int(u64::from(above)));
                    key
                }
            };
            let mut charges = vec![
                ("input", Charge::Input, false),
                ("output", Charge::Output, false),
            ];
            if o.cache.is_some() {
                charges.extend([
                    (
                        "cache_write_5m",
                        Charge::CacheWrite(Ttl::FiveMinutes),
                        false,
                    ),
                    ("cache_write_1h", Charge::CacheWrite(Ttl::OneHour), false),
                    ("cache_read", Charge::CacheRead, false),
                ]);
            }
            if o.batch.is_some() {
                charges.extend([
                    ("batch_input", Charge::Input, true),
                    ("batch_output", Charge::Output, true),
                ]);
            }
            for (name, charge, batch) in charges {
                put(
                    format!("{key}.{name}"),
                    quoted(o.quote(charge, route, tier, batch)),
                );
            }
        }
        if let Some(c) = &o.cache {
            let min = c
                .min_prefix_tokens
                .map_or_else(|| format::UNKNOWN.to_owned(), |n| format::int(u64::from(n)));
            put(format!("cache.{}.min_prefix.{}", o.provider, o.model), min);
            let (p, m) = (&o.provider, &o.model);
            put(format!("cache.{p}.read.{m}"), format::multiplier(c.read));
            put(
                format!("cache.{p}.read_saving.{m}"),
                format::share(1.0 - c.read),
            );
            put(
                format!("cache.{p}.write_5m.{m}"),
                quoted_mult(c.write(Ttl::FiveMinutes)),
            );
            put(
                format!("cache.{p}.write_1h.{m}"),
                quoted_mult(c.write(Ttl::OneHour)),
            );
        }
        if let Some(b) = &o.batch {
            let d = b
                .discount
                .map_or_else(|| format::UNKNOWN.to_owned(), format::share);
            put(format!("batch.{}.discount.{}", o.provider, o.model), d);
        }
    }
    // Provider-level figures, only where every offer of the provider agrees (else prose must
    // name the model's own `price.*` key).
    for p in &book.providers {
        let offers: Vec<_> = book.offers.iter().filter(|o| o.provider == p.id).collect();
        let caches: Vec<_> = offers.iter().filter_map(|o| o.cache.as_ref()).collect();
        if let Some(first) = caches.first() {
            if caches.iter().all(|c| c.read == first.read) {
                put(
                    format!("cache.{}.read", p.id),
                    format::multiplier(first.read),
                );
                put(
                    format!("cache.{}.read_saving", p.id),
                    format::share(1.0 - first.read),
                );
            }
            for (key, ttl) in [("write_5m", Ttl::FiveMinutes), ("write_1h", Ttl::OneHour)] {
                let w = first.write(ttl);
                if caches.iter().all(|c| c.write(ttl) == w) {
                    put(format!("cache.{}.{key}", p.id), quoted_mult(w));
                }
            }
        }
        let batches: Vec<_> = offers.iter().filter_map(|o| o.batch.as_ref()).collect();
        if let Some(first) = batches.first() {
            if let (Some(d), true) = (
                first.discount,
                batches.iter().all(|b| b.discount == first.discount),
            ) {
                put(format!("batch.{}.discount", p.id), format::share(d));
            }
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
