//! Tables computed from data: `{% pricing %}`, `{% latency %}` and `{% table <id> %}`.

use crate::calculator_glue::prices::{Charge, Missing, Offer, Quote, State, Ttl};

use crate::diag::Diagnostic;
use crate::format;
use crate::load::data::{Access, Model, Unit};
use crate::load::types::Id;
use crate::path;
use crate::refs::{latency_delta, latency_value};
use crate::render::markdown::{inline_html, substitute};
use crate::render::sources::{correction_link, wrap_table, Sources};
use crate::render::{esc, Ctx};
use crate::{pricebook, refs};

/// Prices per model and provider: on-demand, cache writes and reads, batch and route premiums,
/// one row per prompt-length tier. Every figure is an [`Offer::quote`] of the resolved book;
/// the data entries are read only for their sources and corrections.
pub fn pricing(cx: &Ctx) -> String {
    let d = cx.d;
    let mut src = Sources::new("pricing");
    let head = "<tr><th scope=\"col\">Model</th><th scope=\"col\">Provider</th><th scope=\"col\">Input</th>\
        <th scope=\"col\">Output</th><th scope=\"col\">Cache write, 5 min</th><th scope=\"col\">Cache write, 1 h</th>\
        <th scope=\"col\">Cache read</th><th scope=\"col\">Batch (input / output)</th></tr>";
    let mut body = String::new();
    for model in &d.models {
        let offers: Vec<&Offer> = cx
            .book
            .offers
            .iter()
            .filter(|o| o.model == model.id.0)
            .collect();
        if model.access == Access::Invitation {
            body.push_str(&format!(
                "<tr><th scope=\"row\">{}</th><td class=\"no\" colspan=\"7\">by invitation only: not priced here</td></tr>",
                esc(&model.name)
            ));
            continue;
        }
        let rows: usize = offers.iter().map(|o| 1 + o.tiers.len()).sum();
        for (i, o) in offers.iter().enumerate() {
            let Some(route) = o.routes.first() else {
                continue;
            };
            let data = d
                .pricing
                .offers
                .iter()
                .find(|x| x.provider.0 == o.provider && x.model.0 == o.model);
            let mark = data.map_or(String::new(), |x| src.mark(&x.source, x.checked));
            let corr = data.map_or(String::new(), |x| correction_link(&x.correction));
            let prov = cx.book.providers.iter().find(|p| p.id == o.provider);
            let prov_name = prov.map_or(o.provider.as_str(), |p| p.name.as_str());
            let caching = pricebook::caching_for(d, &Id(o.provider.clone()), &model.id);
            let batch = pricebook::batch_for(d, &Id(o.provider.clone()), &model.id);
            for tier in 0..=o.tiers.len() {
                body.push_str("<tr>");
                if i == 0 && tier == 0 {
                    body.push_str(&format!(
                        "<th scope=\"rowgroup\" rowspan=\"{rows}\">{}{}</th>",
                        esc(&model.name),
                        state_badge(model_state(model))
                    ));
                }
                let tier_label = match tier {
                    0 if o.tiers.is_empty() => String::new(),
                    0 => format!(
                        "<br><span class=\"tier\">prompts up to {} tokens</span>",
                        format::int(u64::from(o.tiers[0].above_prompt_tokens))
                    ),
                    n => format!(
                        "<br><span class=\"tier\">prompts over {} tokens: every token</span>",
                        format::int(u64::from(o.tiers[n - 1].above_prompt_tokens))
                    ),
                };
                body.push_str(&format!(
                    "<th scope=\"row\">{}{}{tier_label}</th>",
                    esc(prov_name),
                    state_badge(o.lifecycle.state)
                ));
                for c in [Charge::Input, Charge::Output] {
                    body.push_str(&price_cell(
                        o.quote(c, route, tier, false),
                        &mark,
                        &corr,
                        false,
                    ));
                }
                match caching {
                    Some(c) => {
                        let mark = src.mark(&c.source, c.checked);
                        let corr = correction_link(&c.correction);
                        for ch in [
                            Charge::CacheWrite(Ttl::FiveMinutes),
                            Charge::CacheWrite(Ttl::OneHour),
                            Charge::CacheRead,
                        ] {
                            body.push_str(&price_cell(
                                o.quote(ch, route, tier, false),
                                &mark,
                                &corr,
                                true,
                            ));
                        }
                    }
                    None => body.push_str("<td class=\"no\" colspan=\"3\">no prompt caching</td>"),
                }
                match (batch, &o.batch) {
                    (Some(b), Some(bp)) => {
                        let q = |c| refs::quoted(o.quote(c, route, tier, true));
                        let off = bp.discount.map_or(String::new(), |d| {
                            format!(" <span class=\"mult\">({} off)</span>", format::share(d))
                        });
                        body.push_str(&format!(
                            "<td>{} / {}{off}{}{}</td>",
                            q(Charge::Input),
                            q(Charge::Output),
                            src.mark(&b.source, b.checked),
                            correction_link(&b.correction)
                        ));
                    }
                    _ => body.push_str("<td class=\"no\">no batch</td>"),
                }
                body.push_str("</tr>");
            }
        }
    }
    let prices = wrap_table(
        "pricing",
        "Prices in USD per million tokens, by model and provider, on each provider's base route (cache prices with their multiple of the input price)",
        head,
        &body,
        &src,
    );
    format!("{prices}{}", routes(cx))
}

/// A price cell: the figure (with its multiple of the input price for cache lines), or the
/// words for a missing one.
fn price_cell(q: Result<Quote, Missing>, mark: &str, corr: &str, show_mult: bool) -> String {
    match q {
        Ok(q) => {
            let mult = match q.factors.iter().find(|f| f.label != "route") {
                Some(f) if show_mult => format!(
                    " <span class=\"mult\">({})</span>",
                    format::multiplier(f.value)
                ),
                _ => String::new(),
            };
            format!("<td>{}{mult}{mark}{corr}</td>", format::money(q.mtok()))
        }
        Err(Missing::NotPublished(_)) => {
            format!("<td class=\"unknown\">{}{mark}{corr}</td>", format::UNKNOWN)
        }
        Err(Missing::NotOffered(_)) => {
            format!("<td class=\"no\">{}{mark}{corr}</td>", format::NOT_OFFERED)
        }
    }
}

/// The state every provider gives a model, when they agree (else `Active`: each provider's
/// row says its own).
fn model_state(m: &Model) -> State {
    let mut states = m.providers.values().map(|p| p.state);
    match states.next() {
        Some(first) if states.all(|s| s == first) => first,
        _ => State::Active,
    }
}

/// A lifecycle label beside a model or provider name; nothing for active models.
pub fn state_badge(s: State) -> String {
    match s {
        State::Active => String::new(),
        s => format!(
            " <span class=\"state state-{}\">{}</span>",
            s.label().to_ascii_lowercase(),
            s.label()
        ),
    }
}

/// `{% models %}`: the lineup with release dates, lifecycle per provider and the id to call
/// each model by, current models first (the order of `data/models.yaml`).
pub fn models(cx: &Ctx) -> Result<String, Vec<Diagnostic>> {
    let d = cx.d;
    let mut src = Sources::new("models");
    let mut head = String::from("<tr><th scope=\"col\">Model</th><th scope=\"col\">Released</th>");
    for p in &d.providers {
        head.push_str(&format!("<th scope=\"col\">{}</th>", esc(&p.short_name)));
    }
    head.push_str("</tr>");
    let mut errs = Vec::new();
    let mut body = String::new();
    for (i, m) in d.models.iter().enumerate() {
        let mark = src.mark(&m.source, m.checked);
        let access = match m.access {
            Access::Invitation => " <span class=\"state\">by invitation</span>",
            Access::General => "",
        };
        body.push_str(&format!(
            "<tr><th scope=\"row\">{}{access}{}</th><td>{}{mark}</td>",
            esc(&m.name),
            correction_link(&m.correction),
            m.released.long()
        ));
        for p in &d.providers {
            let Some(on) = m.providers.get(&p.id) else {
                body.push_str("<td class=\"no\">not offered</td>");
                continue;
            };
            let mut cell = format!("<code>{}</code>", esc(&on.api_id));
            if let Some(int) = on
                .integration
                .as_ref()
                .and_then(|id| p.integrations.iter().find(|x| &x.id == id))
            {
                cell.push_str(&format!(
                    "<br><span class=\"tier\">{}</span>",
                    esc(&int.name)
                ));
            }
            cell.push_str(&format!("<br>{}", on.state.label()));
            if let Some(since) = on.legacy_since {
                cell.push_str(&format!(" since {}", since.long()));
            }
            if let Some(r) = on
                .replaced_by
                .as_ref()
                .and_then(|r| d.models.iter().find(|x| &x.id == r))
            {
                cell.push_str(&format!("; replaced by {}", esc(&r.name)));
            }
            if let Some(date) = on.retires {
                cell.push_str(&format!("; retires {}", date.long()));
            }
            if let Some(note) = &on.note {
                let at = path!["models", i, "providers", &*p.id, "note"];
                match inline_md(cx, "data/models.yaml", at, note) {
                    Ok(h) => cell.push_str(&format!(". {h}")),
                    Err(e) => errs.extend(e),
                }
            }
            if let Some(d) = &on.disputed {
                let at = path!["models", i, "providers", &*p.id, "disputed"];
                match inline_md(cx, "data/models.yaml", at, d) {
                    Ok(h) => {
                        cell.push_str(&format!(" <span class=\"disputed\">Disputed: {h}</span>"))
                    }
                    Err(e) => errs.extend(e),
                }
            }
            let mark = src.mark(on.source.as_ref().unwrap_or(&m.source), m.checked);
            let cls = match on.state {
                State::Active => "",
                _ => " class=\"legacy\"",
            };
            body.push_str(&format!("<td{cls}>{cell}{mark}</td>"));
        }
        body.push_str("</tr>");
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let caption = format!(
        "Claude models, their id and state on each provider (lineup checked {})",
        d.lineup.checked.long()
    );
    Ok(wrap_table("models", &caption, &head, &body, &src))
}

/// `{% integrations %}`: the ways to call models on providers that have more than one.
pub fn integrations(cx: &Ctx) -> Result<String, Vec<Diagnostic>> {
    let d = cx.d;
    let mut src = Sources::new("integrations");
    let head = "<tr><th scope=\"col\">Integration</th><th scope=\"col\">Endpoint</th>\
        <th scope=\"col\">Streaming</th><th scope=\"col\">Models</th><th scope=\"col\">Watch for</th></tr>";
    let mut body = String::new();
    let mut errs = Vec::new();
    for (pi, p) in d.providers.iter().enumerate() {
        for (ii, int) in p.integrations.iter().enumerate() {
            let models: Vec<String> = d
                .models
                .iter()
                .filter(|m| {
                    m.providers
                        .get(&p.id)
                        .and_then(|on| on.integration.as_ref())
                        == Some(&int.id)
                })
                .map(|m| esc(&m.name))
                .collect();
            let at = path!["providers", pi, "integrations", ii, "note"];
            let note = match inline_md(cx, "data/providers.yaml", at, &int.note) {
                Ok(h) => h,
                Err(e) => {
                    errs.extend(e);
                    String::new()
                }
            };
            let mark = src.mark(&int.source, int.checked);
            body.push_str(&format!(
                "<tr><th scope=\"row\">{}</th><td><code>{}</code>{mark}</td><td>{}{mark}</td><td class=\"label\">{}</td><td class=\"label\">{note}{mark}</td></tr>",
                esc(&int.name),
                esc(&int.endpoint),
                esc(&int.streaming),
                models.join(", "),
            ));
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    Ok(wrap_table(
        "integrations",
        "Ways to call Claude on Amazon Bedrock",
        head,
        &body,
        &src,
    ))
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

/// Inline Markdown (with `{{ key }}` references) from the value at `path` of a data file;
/// errors point at that value.
fn inline_md(
    cx: &Ctx,
    file: &str,
    path: Vec<crate::load::yaml::Seg>,
    s: &str,
) -> Result<String, Vec<Diagnostic>> {
    if !s.contains("{{") && !s.contains(['*', '_', '`', '[', '<', '&']) {
        return Ok(esc(s));
    }
    // Where the value's characters start (after a quote, or the first line of a block).
    let at =
        cx.d.sources
            .get(file)
            .node(&path)
            .map_or_else(Default::default, |n| n.text);
    let (l, col) = (at.line, at.col);
    substitute(s, cx.refs, file, l, (col, col)).and_then(|m| inline_html(&m, file, l))
}

/// A comparison table from `data/tables/<id>.yaml`.
pub fn table(cx: &Ctx, id: &str) -> Result<String, Vec<Diagnostic>> {
    let d = cx.d;
    let t = &d.tables[id];
    let file = format!("data/tables/{id}.yaml");
    let mut errs = Vec::new();
    let mut md = |s: &str, path: Vec<crate::load::yaml::Seg>| -> String {
        inline_md(cx, &file, path, s).unwrap_or_else(|e| {
            errs.extend(e);
            String::new()
        })
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
