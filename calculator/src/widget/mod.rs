//! The calculator's HTML, and the only place the crate writes any: the widget (form from
//! `form.rs`, results, data script), and the results the same code renders natively (the page
//! without JavaScript) and in the browser (the wasm re-renders them on every input). The model
//! it renders knows nothing of it.

pub mod breakdown;
mod chart;
pub mod form;
pub mod reprice;

pub use form::scenario_query;

use crate::advice::advise;
use crate::breakeven::{cache_break_even, matching_discount};
use crate::export::{results_csv, results_json, scenario_json};
use crate::format::{cat, count, money, pct_encode, percent, push_escaped as esc};
use crate::model::{compute, push_unpublished, unpublished, Item, Report, Scenario, Ttl};
use crate::prices::{PriceBook, State};
use crate::traffic::Arrival;
use crate::validate::{validate, FieldError};
use crate::values::{per_thousand, point};

/// The complete widget: form, prerendered results and the data the wasm starts from.
pub fn render_widget(book: &PriceBook, sc: &Scenario) -> String {
    let sc = &sc.as_on_form(book);
    let mut s = String::with_capacity(48_000);
    s.push_str("<div class=\"calc\" id=\"calculator\"><form class=\"calc-form\" id=\"calc-form\" novalidate>");
    form::form(&mut s, book, sc);
    s.push_str("</form>");
    model_facts(&mut s, book, &sc.model);
    s.push_str("<div class=\"calc-out\"><div class=\"calc-live\" id=\"calc-live\" aria-live=\"polite\" aria-atomic=\"true\">");
    let (live, detail) = render_parts(book, sc);
    s.push_str(&live);
    s.push_str("</div><div class=\"calc-detail\" id=\"calc-detail\">");
    s.push_str(&detail);
    s.push_str("</div></div>");
    s.push_str("<script type=\"application/json\" id=\"calculator-data\">{\"book\":");
    let book_json = serde_json::to_string(book).unwrap_or_else(|_| "null".into());
    // `<` only occurs inside JSON strings, where \u003c means the same: nothing in the data can
    // close the script element or open a comment.
    s.push_str(&book_json.replace('<', "\\u003c"));
    s.push_str(",\"scenario\":");
    scenario_json(&mut s, sc);
    s.push_str("}</script></div>");
    s
}

/// The results in two parts: the short summary announced politely (`#calc-live`), and the
/// table, break-evens, charts, breakdowns and downloads (`#calc-detail`). An invalid scenario
/// gives a request to fix the fields and no figures. Everything is there, as the page without
/// JavaScript shows it.
pub fn render_parts(book: &PriceBook, sc: &Scenario) -> (String, String) {
    results(book, sc, None)
}

/// The results as the browser re-renders them on every input: the breakdowns in `open` open
/// and with their lines, the others closed and without (a click on a summary re-renders with it
/// added or removed), and download links whose file is written when the reader reaches for one
/// ([`download_href`]). Breakdowns nobody
/// opened and two `data:` URLs nobody clicked were most of an update's HTML.
pub fn render_update(book: &PriceBook, sc: &Scenario, open: &[String]) -> (String, String) {
    results(book, sc, Some(open))
}

fn results(book: &PriceBook, sc: &Scenario, open: Option<&[String]>) -> (String, String) {
    let mut live = String::with_capacity(1_000);
    let mut s = String::with_capacity(40_000);
    let errs = validate(book, sc);
    if !errs.is_empty() {
        invalid(&mut live, &errs);
    } else {
        let report = compute(book, sc);
        summary(&mut live, sc, &report);
        table(&mut s, &report);
        break_evens(&mut s, book, sc, &report);
        // The charts price the scenario at many points: in the model's tokenizer, like the table.
        chart::charts(&mut s, book, &sc.in_model_tokens(book).0, &report);
        breakdown::breakdowns(&mut s, &report, open);
        downloads(&mut s, sc, &report, open.is_none());
    }
    (live, s)
}

fn invalid(s: &mut String, errs: &[FieldError]) {
    s.push_str("<p class=\"calc-invalid\">Fix the highlighted field");
    if errs.len() > 1 {
        s.push('s');
    }
    s.push_str(" to see the costs.</p>");
}

fn summary(s: &mut String, sc: &Scenario, r: &Report) {
    s.push_str("<p>");
    s.push_str(&count(r.requests_per_month));
    s.push_str(" requests a month. ");
    if r.measured {
        s.push_str("Hit rate <strong>as measured</strong>: ");
        s.push_str(&percent(r.hit_5m));
        s.push_str(", used for both TTLs.");
    } else {
        s.push_str("Hit rate <strong>estimated from traffic</strong> (");
        s.push_str(if sc.arrival == Arrival::Even {
            "evenly spaced"
        } else {
            "random"
        });
        s.push_str(" arrivals): ");
        s.push_str(&percent(r.hit_5m));
        s.push_str(" with a 5-minute cache, ");
        s.push_str(&percent(r.hit_1h));
        s.push_str(" with a 1-hour cache.");
    }
    s.push_str("</p>");
    // The advice sentence names the cheapest route and its total, so no separate line does.
    if let Some(a) = advise(r, sc.requests_per_hour, sc.arrival == Arrival::Even) {
        s.push_str("<p class=\"calc-advice\">");
        esc(s, &a.sentence);
        s.push_str("</p>");
    } else {
        s.push_str("<p>No route can be priced for this model.</p>");
    }
}

/// Per model, what the reader must know before trusting a comparison: its lifecycle on each
/// provider that marks it (and its replacement), and whether it counts tokens differently
/// from the older models. Rendered natively once for every model; the boot script shows the
/// chosen model's (static facts need no wasm).
fn model_facts(s: &mut String, book: &PriceBook, selected: &str) {
    let name = |id: &str| book.model(id).map_or(String::from(id), |m| m.name.clone());
    s.push_str("<div class=\"calc-notes\" id=\"calc-notes\">");
    for m in &book.models {
        s.push_str("<div data-model=\"");
        esc(s, &m.id);
        s.push_str(if m.id == selected {
            "\">"
        } else {
            "\" hidden>"
        });
        let offers: Vec<_> = book.offers.iter().filter(|o| o.model == m.id).collect();
        let mut done: Vec<usize> = Vec::new();
        for (i, o) in offers.iter().enumerate() {
            if o.lifecycle.state == State::Active || done.contains(&i) {
                continue;
            }
            s.push_str("<p class=\"calc-note\">");
            esc(s, &m.name);
            s.push_str(" is <strong>");
            s.push_str(o.lifecycle.state.label());
            s.push_str("</strong> on ");
            let mut first = true;
            for (j, p) in offers.iter().enumerate().skip(i) {
                if p.lifecycle == o.lifecycle {
                    done.push(j);
                    if !first {
                        s.push_str(" and ");
                    }
                    first = false;
                    let pname = book.providers.iter().find(|x| x.id == p.provider);
                    esc(s, pname.map_or(p.provider.as_str(), |x| x.name.as_str()));
                }
            }
            if let Some(r) = &o.lifecycle.replaced_by {
                s.push_str(": its replacement is ");
                esc(s, &name(r));
            }
            s.push_str(".</p>");
        }
        if let Some(t) = offers.iter().find_map(|o| o.tiers.first()) {
            s.push_str("<p class=\"calc-note\">");
            esc(s, &m.name);
            s.push_str(" is priced by prompt length: a request whose prompt (every input token, cached or not) is over ");
            s.push_str(&count(t.above_prompt_tokens as f64));
            s.push_str(" tokens pays the long-prompt prices for all of its tokens. The breakdowns say which a row pays.</p>");
        }
        if let (Some(t), Some(base)) = (book.tokenizer_of(&m.id), book.tokenizers.first()) {
            if t.id != base.id {
                s.push_str("<p class=\"calc-note\">");
                esc(s, &m.name);
                s.push_str(" counts about ");
                s.push_str(&percent(t.tokens_per_base / base.tokens_per_base - 1.0));
                s.push_str(" more tokens than ");
                esc(s, &base.name);
                s.push_str(" for the same text: if your counts come from there, say so under \u{201c}Counted with\u{201d}.</p>");
            }
        }
        // Shown while "Counted with" names this tokenizer (the boot script matches both).
        for t in &book.tokenizers {
            let ratio = book.token_ratio(&t.id, &m.id);
            if ratio != 1.0 {
                s.push_str("<p class=\"calc-note\" data-from=\"");
                esc(s, &t.id);
                s.push_str("\" hidden>Token counts converted from ");
                esc(s, &t.name);
                s.push_str(" to this model's: × ");
                s.push_str(&crate::format::decimal(ratio, 0, 3));
                s.push_str(".</p>");
            }
        }
        s.push_str("</div>");
    }
    s.push_str("</div>");
}

fn table(s: &mut String, r: &Report) {
    let cheapest = r.cheapest();
    s.push_str(
        "<div class=\"calc-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"calc-table-cap\"><table class=\"calc-table\">\
         <caption id=\"calc-table-cap\">Monthly cost per route and cache choice</caption><thead><tr>\
         <th scope=\"col\">Route</th><th scope=\"col\">Cache</th><th scope=\"col\">Hit rate</th><th scope=\"col\">Input</th>\
         <th scope=\"col\">Cache write</th><th scope=\"col\">Cache read</th><th scope=\"col\">Output</th>\
         <th scope=\"col\">Total</th><th scope=\"col\">Per 1,000 requests</th><th scope=\"col\">vs. other provider</th>\
         </tr></thead><tbody>",
    );
    for (i, row) in r.rows.iter().enumerate() {
        s.push_str(if Some(i) == cheapest {
            "<tr class=\"calc-cheapest\">"
        } else {
            "<tr>"
        });
        s.push_str("<th scope=\"row\">");
        esc(s, &row.provider_name);
        s.push_str("<br><span class=\"calc-unit\">");
        esc(s, &row.route_name);
        s.push_str("</span></th><td>");
        s.push_str(row.cache.label());
        s.push_str("</td>");
        match &row.outcome {
            Ok(c) => {
                td(
                    s,
                    &if c.cached {
                        percent(c.hit_rate)
                    } else {
                        "–".into()
                    },
                );
                for item in Item::ALL {
                    td(s, &money(c.item_cents(item)));
                }
                s.push_str("<td class=\"calc-total\" data-row=\"");
                esc(s, &row.key());
                s.push_str("\">");
                s.push_str(&money(c.total_cents));
                if Some(i) == cheapest {
                    s.push_str(" <span class=\"calc-tag\">cheapest</span>");
                }
                s.push_str("</td>");
                td(s, &per_thousand(c.exact_total, r.requests_per_month));
                let vs = r
                    .cheapest_other(&row.provider)
                    .and_then(|o| o.outcome.as_ref().ok());
                match vs {
                    Some(o) if o.total_cents > c.total_cents => {
                        let mut t = money(o.total_cents - c.total_cents);
                        t.push_str(" less");
                        td(s, &t);
                    }
                    Some(o) if o.total_cents < c.total_cents => {
                        let mut t = money(c.total_cents - o.total_cents);
                        t.push_str(" more");
                        td(s, &t);
                    }
                    Some(_) => td(s, "same"),
                    None => td(s, "–"),
                }
                if let Some(n) = &c.note {
                    s.push_str("</tr><tr class=\"calc-note\"><td colspan=\"10\">");
                    esc(s, n);
                    s.push_str(".</td>");
                }
            }
            Err(e) => {
                s.push_str("<td colspan=\"8\" class=\"calc-na\">");
                // Unknown is not unavailable: the provider may well sell it.
                s.push_str(if unpublished(e) {
                    "Unknown: "
                } else {
                    "Unavailable: "
                });
                esc(s, e);
                s.push_str("</td>");
            }
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table></div>");
    let left_out = r.left_out();
    if !left_out.is_empty() {
        s.push_str("<p class=\"calc-note\" id=\"calc-left-out\">\u{201c}vs. other provider\u{201d} and the discounts below compare like with like. ");
        esc(s, &left_out);
        s.push_str("</p>");
    }
}

fn td(s: &mut String, text: &str) {
    s.push_str("<td>");
    s.push_str(text);
    s.push_str("</td>");
}

fn break_evens(s: &mut String, book: &PriceBook, sc: &Scenario, r: &Report) {
    s.push_str("<h3 class=\"calc-h\">Break-even</h3><ul class=\"calc-be\">");
    for p in &book.providers {
        let Some(offer) = book.offer(&p.id, &sc.model) else {
            continue;
        };
        s.push_str("<li><strong>");
        esc(s, &p.name);
        s.push_str("</strong>: ");
        for (i, ttl) in [Ttl::FiveMinutes, Ttl::OneHour].into_iter().enumerate() {
            if i > 0 {
                s.push_str("; ");
            }
            match cache_break_even(offer, ttl, sc) {
                Ok((h, k)) => {
                    s.push_str(if ttl == Ttl::FiveMinutes {
                        "5-minute cache"
                    } else {
                        "1-hour cache"
                    });
                    s.push_str(" pays above a hit rate of ");
                    s.push_str(&point(h, true));
                    s.push_str(" (");
                    s.push_str(&point(k, false));
                    s.push_str(" reads per write)");
                }
                // The reason already names the TTL ("1-hour cache price not published").
                Err(e) => s.push_str(e),
            }
        }
        s.push_str(". ");
        match matching_discount(sc, r, &p.id) {
            Some(d) if d <= 0.0 => {
                s.push_str("Already as cheap as any other provider without a discount.")
            }
            Some(d) => {
                s.push_str("An enterprise discount of ");
                s.push_str(&percent(d));
                s.push_str(" would match the cheapest other provider.");
            }
            // Nothing like to compare with (a missing figure is not a loss).
            None if r.cheapest_other(&p.id).is_none() => {
                s.push_str("No like-for-like comparison with another provider.")
            }
            None => {
                s.push_str("No enterprise discount below 100% matches the cheapest other provider.")
            }
        }
        // What this provider's own comparison left out; the note under the table names the
        // other providers' unpublished figures.
        for u in r.unknown_for(&p.id) {
            let why = u.outcome.as_ref().err().map_or("", String::as_str);
            s.push_str(" Compared without ");
            s.push_str(u.cache.phrase());
            push_unpublished(s, why);
        }
        s.push_str("</li>");
    }
    s.push_str("</ul>");
}

/// The two download links. `with_data`: the `data:` URL carries the file; otherwise it is
/// empty until the link is clicked (`data-action`; the browser calls [`download_href`]).
fn downloads(s: &mut String, sc: &Scenario, r: &Report, with_data: bool) {
    s.push_str("<p class=\"calc-downloads\"><a id=\"calc-csv\" data-action=\"csv\" download=\"claude-costs.csv\" href=\"");
    s.push_str(&download_href("csv", sc, r, with_data));
    s.push_str("\">Download results (CSV)</a> <a id=\"calc-json\" data-action=\"json\" download=\"claude-costs.json\" href=\"");
    s.push_str(&download_href("json", sc, r, with_data));
    s.push_str("\">Download scenario and results (JSON)</a></p>");
}

/// The `href` of a download link: a `data:` URL holding the results (`kind` "csv") or the
/// scenario and results ("json"), or (`with_data` false) nothing after its comma.
pub fn download_href(kind: &str, sc: &Scenario, r: &Report, with_data: bool) -> String {
    let (head, body) = if kind == "csv" {
        (
            "data:text/csv;charset=utf-8,",
            with_data.then(|| results_csv(r)),
        )
    } else {
        (
            "data:application/json;charset=utf-8,",
            with_data.then(|| results_json(sc, r)),
        )
    };
    cat(&[head, &pct_encode(&body.unwrap_or_default())])
}
