//! The importer's HTML: the section on the page (file input, drop zone, the formats it reads,
//! progress and cancel) and the report the browser's worker, or the generator's tests, render
//! for a log.

use super::breakdown;
use crate::format::{cat, count, int, percent, push_escaped as esc, push_grouped, push_money};
use crate::model::{Costs, Scenario};
use crate::prices::PriceBook;
use crate::reprice::{ModelReport, Report, RouteCosts, GAPS, TTLS};
use crate::usage::csv::COLUMNS;
use crate::usage::FORMATS;

/// The assumptions every figure of a report rests on, as the page states them.
pub const ASSUMPTIONS: &[&str] = &[
    "input_tokens (Anthropic) and inputTokenCount (Bedrock) are the input tokens not read from or written to the cache, as Anthropic documents for its usage object; cache reads and writes are priced on their own lines.",
    "Cache writes a record does not split by lifetime are priced as 5-minute writes, the default lifetime.",
    "Records in the Messages API shape are taken as Anthropic API traffic unless they name a provider (a CSV's provider column does); Bedrock records are priced on the route their model id names (global. or a geographic or in-Region id).",
    "The replay assumes one shared prefix per model, because a log does not tell prefixes apart: a request with cacheable tokens hits when any request of the same model used the cache less than one lifetime before it, and every use, hit or write, restarts the lifetime, as the vendors document. A hit reads all of the request's cacheable tokens; a miss writes them. Requests without a time keep their logged cache use.",
    "Prices are today's list prices from the price data, not what the log's dates paid; enterprise discounts are not applied.",
];

/// The importer's section: `worker` is the URL of its worker script (loaded on first use).
pub fn importer(worker: &str) -> String {
    let mut s = String::with_capacity(8_000);
    s.push_str("<div class=\"calc-import\" id=\"reprice\" data-worker=\"");
    esc(&mut s, worker);
    s.push_str("\"><p class=\"calc-private\"><strong>Your log stays on this page.</strong> It is read by this page's own code in your browser and nothing is uploaded: no request is made while it is read.</p>\
        <label class=\"calc-drop\" id=\"reprice-drop\" for=\"reprice-file\"><span>Choose a usage log, or drop it here</span> \
        <span class=\"calc-unit\">JSON Lines, a JSON array or CSV (a .gz file is decompressed first)</span></label>\
        <input type=\"file\" id=\"reprice-file\" class=\"calc-file\" accept=\".jsonl,.ndjson,.json,.csv,.tsv,.txt,.log,.gz,application/json,text/csv,text/plain\">\
        <div class=\"calc-progress\" id=\"reprice-progress\" hidden><progress id=\"reprice-bar\" max=\"100\" value=\"0\">0%</progress> \
        <span id=\"reprice-status\" role=\"status\"></span> <button type=\"button\" id=\"reprice-cancel\">Cancel</button></div>\
        <noscript><p>Reading a log needs JavaScript and WebAssembly.</p></noscript>\
        <div id=\"reprice-out\" class=\"calc-reprice\" aria-live=\"polite\"></div>\
        <details class=\"calc-formats\"><summary>Formats it reads, and what it assumes</summary>");
    for f in FORMATS {
        s.push_str("<h4>");
        s.push_str(f.format.name());
        s.push_str("</h4><p>Recognised by ");
        esc(&mut s, f.recognised_by);
        s.push_str(".</p><pre><code>");
        esc(&mut s, f.example);
        s.push_str("</code></pre>");
    }
    s.push_str("<table class=\"calc-table\"><caption>CSV columns (any order, any letter case; spaces or dashes for underscores)</caption>\
        <thead><tr><th scope=\"col\">Column</th><th scope=\"col\">Also accepted</th><th scope=\"col\">Holds</th></tr></thead><tbody>");
    for c in COLUMNS {
        s.push_str("<tr><td><code>");
        s.push_str(c.names[0]);
        s.push_str("</code></td><td>");
        for (i, n) in c.names[1..].iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            s.push_str("<code>");
            s.push_str(n);
            s.push_str("</code>");
        }
        s.push_str("</td><td>");
        esc(&mut s, crate::usage::csv::what(c.field));
        s.push_str("</td></tr>");
    }
    s.push_str("</tbody></table><h4>Assumptions</h4><ul>");
    for a in ASSUMPTIONS {
        s.push_str("<li>");
        esc(&mut s, a);
        s.push_str("</li>");
    }
    s.push_str("</ul></details></div>");
    s
}

/// The report for a log.
pub fn report(book: &PriceBook, r: &Report) -> String {
    let mut s = String::with_capacity(16_000);
    s.push_str("<p class=\"calc-read\" data-reprice-summary");
    if r.refused {
        s.push_str(" role=\"alert\"><strong>This file cannot be re-priced.</strong> ");
        esc(&mut s, &r.summary);
        s.push_str("</p>");
        return s;
    }
    s.push('>');
    esc(&mut s, &r.summary);
    s.push_str("</p>");
    if r.unnamed > 0 {
        s.push_str("<p>");
        push_grouped(&mut s, u64::from(r.unnamed));
        s.push_str(" requests name no model: they are priced as ");
        let name = book
            .model(&r.default_model)
            .map_or(r.default_model.as_str(), |m| m.name.as_str());
        esc(&mut s, name);
        s.push_str(", the model chosen in the calculator above.</p>");
    }
    for (name, n) in &r.unpriced {
        s.push_str("<p>");
        push_grouped(&mut s, u64::from(*n));
        s.push_str(if *n == 1 {
            " request of "
        } else {
            " requests of "
        });
        s.push_str("<code>");
        esc(&mut s, name);
        s.push_str("</code>: the price data has no such model (retired, or not Claude), so they are left out of every figure below.</p>");
    }
    for m in &r.models {
        model(&mut s, m);
    }
    if let Some(sc) = &r.scenario {
        use_figures(&mut s, book, sc);
    }
    s
}

fn model(s: &mut String, m: &ModelReport) {
    s.push_str("<section class=\"calc-model\" data-model=\"");
    esc(s, &m.model);
    s.push_str("\"><h3>");
    esc(s, &m.name);
    s.push_str(": ");
    push_grouped(s, u64::from(m.requests));
    s.push_str(if m.requests == 1 {
        " request</h3><ul>"
    } else {
        " requests</h3><ul>"
    });
    if m.batch > 0 {
        s.push_str("<li>");
        push_grouped(s, u64::from(m.batch));
        s.push_str(" through batch processing, priced as batch.</li>");
    }
    if let Some((a, b)) = m.span {
        s.push_str("<li>");
        push_grouped(s, u64::from(m.timed));
        s.push_str(" with a time, spanning ");
        s.push_str(&duration(b - a));
        s.push_str(".</li>");
    } else {
        s.push_str(
            "<li>The log has no times for these requests: the gaps and the replay need them.</li>",
        );
    }
    s.push_str("<li>Measured hit rate: ");
    match m.hit_rate {
        Some(h) => {
            s.push_str("<strong data-reprice-hit=\"measured\">");
            s.push_str(&percent(h));
            s.push_str("</strong> of the cacheable tokens were read from the cache (");
            push_grouped(s, u64::from(m.hit_requests.0));
            s.push_str(" of ");
            push_grouped(s, u64::from(m.hit_requests.1));
            s.push_str(" requests that used the cache read it).");
        }
        None => {
            s.push_str("none: no request wrote or read the cache, so there is no prefix to replay.")
        }
    }
    s.push_str("</li><li>As recorded (");
    for (i, at) in m.recorded_at.iter().enumerate() {
        if i > 0 {
            s.push_str("; ");
        }
        esc(s, at);
    }
    s.push_str("): <strong data-reprice-recorded>");
    cost(s, &m.recorded);
    s.push_str("</strong> at today's list prices.</li></ul>");
    if let Some(rp) = &m.replay {
        s.push_str("<p>Replay of the ");
        push_grouped(s, u64::from(rp.replayed));
        s.push_str(" timed requests that used the cache, against each lifetime (one shared prefix per model): ");
        for (i, ttl) in TTLS.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            s.push_str("<strong data-reprice-hit=\"");
            s.push_str(ttl.id());
            s.push_str("\">");
            s.push_str(&percent(rp.hit_rate(*ttl)));
            s.push_str("</strong>");
            s.push_str(if i == 0 {
                " hit rate with 5 minutes"
            } else {
                " with 1 hour"
            });
        }
        s.push('.');
        if rp.untimed > 0 {
            s.push(' ');
            push_grouped(s, u64::from(rp.untimed));
            s.push_str(" requests without a time keep their logged cache use.");
        }
        s.push_str("</p>");
    }
    routes(s, m);
    cheapest(s, m);
    gaps(s, m);
    for l in &m.long {
        s.push_str("<p data-reprice-long=\"");
        esc(s, &l.key);
        s.push_str("\">");
        push_grouped(s, u64::from(l.requests));
        s.push_str(" requests had prompts over ");
        push_grouped(s, u64::from(l.above));
        s.push_str(" tokens and paid the long-prompt prices on ");
        esc(s, &l.provider_name);
        s.push_str(", ");
        esc(s, &l.route_name);
        s.push_str(": ");
        push_money(s, l.extra_cents);
        s.push_str(
            " more than at the list prices: what keeping them under the threshold would save.</p>",
        );
    }
    s.push_str("</section>");
}

const COLUMNS_SHOWN: [&str; 4] = ["as logged", "no cache", "5-minute replay", "1-hour replay"];

fn routes(s: &mut String, m: &ModelReport) {
    s.push_str("<div class=\"calc-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Cost per route\"><table class=\"calc-table\"><caption>The same requests on every route, at today's list prices</caption><thead><tr><th scope=\"col\">Route</th>");
    for c in COLUMNS_SHOWN {
        s.push_str("<th scope=\"col\">");
        s.push_str(&capitalised(c));
        s.push_str("</th>");
    }
    s.push_str("</tr></thead><tbody>");
    for rc in &m.routes {
        s.push_str("<tr><th scope=\"row\">");
        esc(s, &rc.provider_name);
        s.push_str(", ");
        esc(s, &rc.route_name);
        s.push_str("</th>");
        for (i, c) in cells(rc).into_iter().enumerate() {
            s.push_str("<td data-reprice=\"");
            esc(s, &cat(&[&m.model, ".", &rc.key(), ".", COLUMNS_SHOWN[i]]));
            s.push_str("\">");
            match c {
                Some(c) => cost(s, c),
                None => s.push_str("<span class=\"calc-na\">no times in the log</span>"),
            }
            s.push_str("</td>");
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table></div><h4 class=\"calc-h\">How these were computed</h4>");
    for rc in &m.routes {
        for (i, c) in cells(rc).into_iter().enumerate() {
            let Some(Ok(c)) = c else { continue };
            s.push_str("<details class=\"calc-how\"><summary>");
            esc(s, &rc.provider_name);
            s.push_str(", ");
            esc(s, &rc.route_name);
            s.push_str(", ");
            s.push_str(COLUMNS_SHOWN[i]);
            s.push_str(": ");
            push_money(s, c.total_cents);
            s.push_str("</summary><ul>");
            breakdown::lines(s, c);
            s.push_str("</ul></details>");
        }
    }
}

fn cells(rc: &RouteCosts) -> [Option<&Result<Costs, String>>; 4] {
    let replay = rc.replay.as_ref();
    [
        Some(&rc.as_logged),
        Some(&rc.no_cache),
        replay.map(|r| &r[0]),
        replay.map(|r| &r[1]),
    ]
}

/// The cheapest figure for this log, against the recorded cost; the figures that could not be
/// priced are named, so a route whose price is unpublished never reads as dearer or cheaper.
fn cheapest(s: &mut String, m: &ModelReport) {
    let mut best: Option<(&RouteCosts, usize, i64)> = None;
    let mut left_out: Vec<String> = Vec::new();
    for rc in &m.routes {
        for (i, c) in cells(rc).into_iter().enumerate() {
            match c {
                Some(Ok(c)) if best.is_none_or(|(_, _, t)| c.total_cents < t) => {
                    best = Some((rc, i, c.total_cents))
                }
                Some(Err(why)) => left_out.push(cat(&[
                    &rc.provider_name,
                    ", ",
                    &rc.route_name,
                    " (",
                    COLUMNS_SHOWN[i],
                    "): ",
                    why,
                ])),
                _ => {}
            }
        }
    }
    let Some((rc, i, cents)) = best else { return };
    s.push_str("<p class=\"calc-advice\">Cheapest for this traffic: <strong>");
    esc(s, &rc.provider_name);
    s.push_str(", ");
    esc(s, &rc.route_name);
    s.push_str(", ");
    s.push_str(COLUMNS_SHOWN[i]);
    s.push_str("</strong>, ");
    push_money(s, cents);
    if let Ok(rec) = &m.recorded {
        let diff = rec.total_cents - cents;
        if diff > 0 {
            s.push_str(", ");
            push_money(s, diff);
            s.push_str(" less than as recorded");
        } else {
            s.push_str(", the same as recorded");
        }
    }
    s.push('.');
    if !left_out.is_empty() {
        s.push_str(" Not compared, because a figure is missing: ");
        for (i, l) in left_out.iter().enumerate() {
            if i > 0 {
                s.push_str("; ");
            }
            esc(s, l);
        }
        s.push('.');
    }
    s.push_str("</p>");
}

fn gaps(s: &mut String, m: &ModelReport) {
    let total: u32 = m.gaps.iter().sum();
    if total == 0 {
        return;
    }
    s.push_str(
        "<table class=\"calc-table calc-gaps\"><caption>Time between consecutive requests (",
    );
    push_grouped(s, u64::from(total));
    s.push_str(" gaps between any two requests of this model: a log does not tell prefixes apart)</caption><thead><tr><th scope=\"col\">Gap</th><th scope=\"col\">Requests</th><th scope=\"col\">Share</th></tr></thead><tbody>");
    for (i, (_, label)) in GAPS.iter().enumerate() {
        let share = f64::from(m.gaps[i]) / f64::from(total);
        s.push_str("<tr><th scope=\"row\">");
        s.push_str(label);
        s.push_str("</th><td data-reprice-gap=\"");
        s.push_str(&int(i as i64));
        s.push_str("\">");
        push_grouped(s, u64::from(m.gaps[i]));
        s.push_str("</td><td><meter min=\"0\" max=\"1\" value=\"");
        s.push_str(&crate::format::plain(share, 4));
        s.push_str("\"></meter> ");
        s.push_str(&percent(share));
        s.push_str("</td></tr>");
    }
    s.push_str("</tbody></table><p class=\"calc-unit\">A 5-minute cache survives the gaps in the first four rows, a 1-hour cache those in the first five.</p>");
}

fn use_figures(s: &mut String, book: &PriceBook, sc: &Scenario) {
    s.push_str("<p><a class=\"calc-use\" id=\"reprice-use\" href=\"");
    esc(s, &super::form::figures_query(sc));
    s.push_str("#calculator\">Use these figures in the calculator</a>: ");
    let name = book
        .model(&sc.model)
        .map_or(sc.model.as_str(), |m| m.name.as_str());
    esc(s, name);
    s.push_str(", ");
    s.push_str(&count(sc.requests_per_hour));
    s.push_str(" requests an hour for ");
    s.push_str(&crate::format::plain(sc.active_hours_per_day, 1));
    s.push_str(" hours a day on ");
    s.push_str(&count(sc.days_per_month));
    s.push_str(" days a month, a ");
    s.push_str(&count(sc.prefix_tokens));
    s.push_str("-token cacheable prefix, ");
    s.push_str(&count(sc.input_tokens));
    s.push_str(" other input and ");
    s.push_str(&count(sc.output_tokens));
    s.push_str(" output tokens per request");
    if let Some(h) = sc.measured_hit_rate {
        s.push_str(", a measured hit rate of ");
        s.push_str(&percent(h));
    }
    if sc.batch_share > 0.0 {
        s.push_str(", ");
        s.push_str(&percent(sc.batch_share));
        s.push_str(" in batches");
    }
    s.push_str(" (the log's own averages).</p>");
}

fn cost(s: &mut String, c: &Result<Costs, String>) {
    match c {
        Ok(c) => push_money(s, c.total_cents),
        Err(why) => {
            s.push_str("<span class=\"calc-na\">");
            esc(s, &capitalised(why));
            s.push_str("</span>");
        }
    }
}

fn duration(ms: i64) -> String {
    let mins = ms / 60_000;
    if mins < 120 {
        cat(&[&int(mins), if mins == 1 { " minute" } else { " minutes" }])
    } else if mins < 48 * 60 {
        cat(&[&int(mins / 60), " hours"])
    } else {
        cat(&[&int(mins / 1440), " days"])
    }
}

/// `text` with its first letter in upper case (without slicing: see `reprice::normalise`).
pub fn capitalised(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    if let Some(c) = chars.next() {
        out.push(c.to_ascii_uppercase());
    }
    out.extend(chars);
    out
}
