//! Tables computed from data: `{% pricing %}`, `{% latency %}` and `{% table <id> %}`.

use crate::calculator_glue::prices::Mult;
use crate::diag::Diagnostic;
use crate::format;
use crate::load::data::Unit;
use crate::path;
use crate::refs::{latency_delta, latency_value};
use crate::render::markdown::{inline_html, substitute};
use crate::render::sources::{correction_link, wrap_table, Sources};
use crate::render::{esc, Ctx};

/// Prices per model and provider: on-demand, cache writes and reads, batch and route premiums.
pub fn pricing(cx: &Ctx) -> String {
    let d = cx.d;
    let p = &d.pricing;
    let mut src = Sources::new("pricing");
    let head = "<tr><th scope=\"col\">Model</th><th scope=\"col\">Provider</th><th scope=\"col\">Input</th>\
        <th scope=\"col\">Output</th><th scope=\"col\">Cache write, 5 min</th><th scope=\"col\">Cache write, 1 h</th>\
        <th scope=\"col\">Cache read</th><th scope=\"col\">Batch (input / output)</th></tr>";
    let mut body = String::new();
    for model in &d.models {
        let offers: Vec<_> = d
            .providers
            .iter()
            .filter_map(|prov| {
                p.offers
                    .iter()
                    .find(|o| o.provider == prov.id && o.model == model.id)
                    .map(|o| (prov, o))
            })
            .collect();
        for (i, (prov, o)) in offers.iter().enumerate() {
            body.push_str("<tr>");
            if i == 0 {
                body.push_str(&format!(
                    "<th scope=\"rowgroup\" rowspan=\"{}\">{}</th>",
                    offers.len(),
                    esc(&model.name)
                ));
            }
            body.push_str(&format!("<th scope=\"row\">{}</th>", esc(&prov.short_name)));
            let mark = src.mark(&o.source, o.checked);
            let corr = correction_link(&o.correction);
            for v in [o.input_mtok.known(), o.output_mtok.known()] {
                let cls = if v.is_none() {
                    " class=\"unknown\""
                } else {
                    ""
                };
                body.push_str(&format!("<td{cls}>{}{mark}{corr}</td>", format::price(v)));
            }
            let input = o.input_mtok.known();
            match crate::pricebook::caching_for(d, &prov.id, &model.id) {
                Some(c) => {
                    let mark = src.mark(&c.source, c.checked);
                    let corr = correction_link(&c.correction);
                    for m in [c.write_5m, c.write_1h, Mult::Known(c.read.0)] {
                        let (cls, text) = match m {
                            Mult::Unavailable => (" class=\"no\"", format::NOT_OFFERED.to_owned()),
                            Mult::Unknown => (" class=\"unknown\"", format::UNKNOWN.to_owned()),
                            Mult::Known(m) => (
                                "",
                                format!(
                                    "{} <span class=\"mult\">({})</span>",
                                    format::price(input.map(|i| i * m)),
                                    format::multiplier(m)
                                ),
                            ),
                        };
                        body.push_str(&format!("<td{cls}>{text}{mark}{corr}</td>"));
                    }
                }
                None => body.push_str("<td class=\"no\" colspan=\"3\">no prompt caching</td>"),
            }
            match crate::pricebook::batch_for(d, &prov.id, &model.id) {
                Some(b) => {
                    let off = |v: Option<f64>| format::price(v.map(|v| v * (1.0 - b.discount.0)));
                    body.push_str(&format!(
                        "<td>{} / {} <span class=\"mult\">({} off)</span>{}{}</td>",
                        off(o.input_mtok.known()),
                        off(o.output_mtok.known()),
                        format::share(b.discount.0),
                        src.mark(&b.source, b.checked),
                        correction_link(&b.correction)
                    ));
                }
                None => body.push_str("<td class=\"no\">no batch</td>"),
            }
            body.push_str("</tr>");
        }
    }
    let prices = wrap_table(
        "pricing",
        "Prices in USD per million tokens, by model and provider (cache prices as multiples of the input price)",
        head,
        &body,
        &src,
    );
    format!("{prices}{}", routes(cx))
}

/// Routes with their own price (a premium on every token price of the offer).
fn routes(cx: &Ctx) -> String {
    let d = cx.d;
    let mut src = Sources::new("routes");
    let head = "<tr><th scope=\"col\">Provider</th><th scope=\"col\">Route</th>\
        <th scope=\"col\">Models</th><th scope=\"col\">Price</th></tr>";
    let mut body = String::new();
    for prov in &d.providers {
        for r in d.pricing.routes.iter().filter(|r| r.provider == prov.id) {
            let models: Vec<String> = r
                .models
                .iter()
                .map(|m| {
                    d.models
                        .iter()
                        .find(|x| &x.id == m)
                        .map_or(m.0.clone(), |x| x.name.clone())
                })
                .map(|n| esc(&n))
                .collect();
            let premium = if r.multiplier.0 == 1.0 {
                "list price".to_owned()
            } else {
                format!("list price +{}", format::share(r.multiplier.0 - 1.0))
            };
            body.push_str(&format!(
                "<tr><th scope=\"row\">{}</th><th scope=\"row\">{}</th><td class=\"label\">{}</td><td>{premium}{}{}</td></tr>",
                esc(&prov.short_name),
                esc(&r.name),
                models.join(", "),
                src.mark(&r.source, r.checked),
                correction_link(&r.correction)
            ));
        }
    }
    wrap_table("routes", "Price by route", head, &body, &src)
}

/// The latency benchmark: one row per metric, one column per provider, then the difference of
/// each other provider to the baseline.
pub fn latency(cx: &Ctx, id: &str) -> String {
    let d = cx.d;
    let b = &d.latency;
    let mut src = Sources::new(id);
    let name = |pid: &str| {
        d.providers
            .iter()
            .find(|p| &*p.id == pid)
            .map_or(pid.to_owned(), |p| p.short_name.clone())
    };
    let mut head = String::from("<tr><th scope=\"col\">Metric</th>");
    for p in &d.providers {
        head.push_str(&format!("<th scope=\"col\">{}</th>", esc(&p.short_name)));
    }
    let others: Vec<_> = d.providers.iter().filter(|p| p.id != b.baseline).collect();
    for p in &others {
        head.push_str(&format!(
            "<th scope=\"col\">{} vs {}</th>",
            esc(&p.short_name),
            esc(&name(&b.baseline))
        ));
    }
    head.push_str("</tr>");
    let mut body = String::new();
    for m in &b.metrics {
        let mark = src.mark(&b.source, b.checked);
        let corr = correction_link(&b.correction);
        let approx = if m.approximate { "~" } else { "" };
        body.push_str(&format!("<tr><th scope=\"row\">{}</th>", esc(&m.label)));
        for p in &d.providers {
            match m.values.get(&p.id) {
                Some(v) => body.push_str(&format!(
                    "<td>{approx}{}{mark}{corr}</td>",
                    latency_value(v.0, m.unit)
                )),
                None => body.push_str("<td class=\"unknown\">not measured</td>"),
            }
        }
        let base = m.values.get(&b.baseline).map_or(0.0, |v| v.0);
        for p in &others {
            match m.values.get(&p.id) {
                Some(v) if base > 0.0 => {
                    let delta = v.0 - base;
                    let sign = if delta < 0.0 { "−" } else { "+" };
                    // A difference of rates reads as percentage points, not a percentage.
                    let text = if m.unit == Unit::Percent {
                        format!("{sign}{}", latency_delta(delta.abs(), m.unit))
                    } else {
                        format!(
                            "{sign}{} ({sign}{})",
                            latency_value(delta.abs(), m.unit),
                            format::pct_whole(delta.abs() / base * 100.0)
                        )
                    };
                    body.push_str(&format!("<td>{text}{mark}</td>"));
                }
                _ => body.push_str("<td class=\"unknown\">n/a</td>"),
            }
        }
        body.push_str("</tr>");
    }
    let verified = if b.verified {
        ""
    } else {
        " Not reproducible from vendor documentation: the source author's own measurement."
    };
    let caption = format!(
        "{}: {} requests, {}, {} ({} input / {} output tokens).{verified}",
        esc(&b.title),
        format::int(b.requests),
        b.month.long(),
        esc(&cx.refs["latency.model"]),
        format::int(b.input_tokens),
        format::int(b.output_tokens)
    );
    wrap_table(id, &caption, &head, &body, &src)
}

/// A comparison table from `data/tables/<id>.yaml`.
pub fn table(cx: &Ctx, id: &str) -> Result<String, Vec<Diagnostic>> {
    let d = cx.d;
    let t = &d.tables[id];
    let file = format!("data/tables/{id}.yaml");
    let pos = d.sources.get(&file);
    let mut errs = Vec::new();
    let mut md = |s: &str, path: Vec<crate::load::yaml::Seg>| -> String {
        if !s.contains("{{") && !s.contains(['*', '_', '`', '[', '<', '&']) {
            return esc(s);
        }
        // Where the cell's characters start (after a quote, or the first line of a block).
        let at = pos.node(&path).map_or_else(Default::default, |n| n.text);
        let (l, col) = (at.line, at.col);
        match substitute(s, cx.refs, &file, l, (col, col)).and_then(|m| inline_html(&m, &file, l)) {
            Ok(h) => h,
            Err(e) => {
                errs.extend(e);
                String::new()
            }
        }
    };
    let mut src = Sources::new(&format!("t-{id}"));
    let mut head =
        String::from("<tr><th scope=\"col\"><span class=\"visually-hidden\">Item</span></th>");
    for p in &d.providers {
        head.push_str(&format!("<th scope=\"col\">{}</th>", esc(&p.short_name)));
    }
    head.push_str("</tr>");
    let mut body = String::new();
    for (i, row) in t.rows.iter().enumerate() {
        let label = md(&row.label, path!["rows", i, "label"]);
        body.push_str(&format!(
            "<tr><th scope=\"row\">{label}{}</th>",
            correction_link(&row.correction)
        ));
        for p in &d.providers {
            match row.cells.get(&p.id) {
                Some(cell) => {
                    let text = md(&cell.text, path!["rows", i, "cells", &*p.id, "text"]);
                    let mark = src.mark(cell.source.as_ref().unwrap_or(&row.source), row.checked);
                    let cls = cell
                        .status
                        .map_or(String::new(), |s| format!(" class=\"st st-{}\"", s.class()));
                    body.push_str(&format!(
                        "<td{cls}>{text}{mark}{}</td>",
                        correction_link(&cell.correction)
                    ));
                }
                None => body.push_str("<td class=\"st st-unknown\">not listed</td>"),
            }
        }
        body.push_str("</tr>");
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    Ok(wrap_table(
        &format!("t-{id}"),
        &esc(&t.caption),
        &head,
        &body,
        &src,
    ))
}
