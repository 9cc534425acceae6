//! The calculator's HTML: the form, and the results the same code renders natively (the page
//! without JavaScript) and in the browser (the wasm re-renders them on every input).

use crate::advice::advise;
use crate::breakeven::{cache_break_even, matching_discount};
use crate::export::{results_csv, results_json, scenario_json};
use crate::format::{cat, count, decimal, money, percent, plain, push_escaped as esc};
use crate::model::{compute, Item, Report, Scenario, Ttl};
use crate::prices::PriceBook;
use crate::traffic::Arrival;
use crate::validate::{validate, FieldError};
use crate::values::{per_thousand, point};

/// A number input of the form: `name` is the Scenario field (shares are shown in percent).
pub struct NumField {
    pub name: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub percent: bool,
}

/// The number inputs, in form order, grouped by the fieldset they belong to.
pub const TRAFFIC: [NumField; 3] = [
    NumField {
        name: "requests_per_hour",
        label: "Requests per hour",
        unit: "while active",
        percent: false,
    },
    NumField {
        name: "active_hours_per_day",
        label: "Active hours",
        unit: "per day",
        percent: false,
    },
    NumField {
        name: "days_per_month",
        label: "Active days",
        unit: "per month",
        percent: false,
    },
];
pub const TOKENS: [NumField; 3] = [
    NumField {
        name: "prefix_tokens",
        label: "Repeated prefix",
        unit: "tokens per request",
        percent: false,
    },
    NumField {
        name: "input_tokens",
        label: "Other input",
        unit: "tokens per request",
        percent: false,
    },
    NumField {
        name: "output_tokens",
        label: "Output",
        unit: "tokens per request",
        percent: false,
    },
];
pub const MEASURED: NumField = NumField {
    name: "measured_hit_rate",
    label: "Measured hit rate",
    unit: "%",
    percent: true,
};
pub const BATCH: NumField = NumField {
    name: "batch_share",
    label: "Sent as batch",
    unit: "% of requests",
    percent: true,
};

/// The complete widget: form, prerendered results and the data the wasm starts from.
pub fn render_widget(book: &PriceBook, sc: &Scenario) -> String {
    let sc = &sc.as_on_form(book);
    let mut s = String::with_capacity(48_000);
    s.push_str("<div class=\"calc\" id=\"calculator\"><form class=\"calc-form\" id=\"calc-form\" novalidate>");
    form(&mut s, book, sc);
    s.push_str("</form><div class=\"calc-out\"><div class=\"calc-live\" id=\"calc-live\" aria-live=\"polite\">");
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

fn form(s: &mut String, book: &PriceBook, sc: &Scenario) {
    s.push_str("<fieldset><legend>Workload</legend>");
    field_open(s, "model", "Model", "");
    s.push_str("<select id=\"calc-model\" name=\"model\" aria-describedby=\"calc-model-err\">");
    for m in &book.models {
        if book.offers.iter().any(|o| o.model == m.id) {
            option(s, &m.id, &m.name, m.id == sc.model);
        }
    }
    s.push_str("</select>");
    field_close(s, "model");
    for f in &TRAFFIC {
        num(s, f, field_value(sc, f.name));
    }
    field_open(s, "arrival", "Arrival pattern", "");
    s.push_str(
        "<select id=\"calc-arrival\" name=\"arrival\" aria-describedby=\"calc-arrival-err\">",
    );
    option(s, "poisson", "Random", sc.arrival == Arrival::Poisson);
    option(s, "even", "Evenly spaced", sc.arrival == Arrival::Even);
    s.push_str("</select>");
    field_close(s, "arrival");
    s.push_str("</fieldset><fieldset><legend>Tokens per request</legend>");
    for f in &TOKENS {
        num(s, f, field_value(sc, f.name));
    }
    s.push_str("</fieldset><fieldset><legend>Caching</legend>");
    field_open(s, "hit_source", "Cache hit rate", "");
    s.push_str("<select id=\"calc-hit_source\" name=\"hit_source\" aria-describedby=\"calc-hit_source-err\">");
    option(s, "traffic", "From traffic", sc.measured_hit_rate.is_none());
    option(s, "measured", "Measured", sc.measured_hit_rate.is_some());
    s.push_str("</select>");
    field_close(s, "hit_source");
    num(s, &MEASURED, sc.measured_hit_rate.unwrap_or(0.9));
    field_open(s, "cache_ttl", "Break-even and chart for", "");
    s.push_str(
        "<select id=\"calc-cache_ttl\" name=\"cache_ttl\" aria-describedby=\"calc-cache_ttl-err\">",
    );
    option(s, "5m", "5-minute TTL", sc.cache_ttl == Ttl::FiveMinutes);
    option(s, "1h", "1-hour TTL", sc.cache_ttl == Ttl::OneHour);
    s.push_str("</select>");
    field_close(s, "cache_ttl");
    s.push_str("</fieldset><fieldset><legend>Discounts</legend>");
    num(s, &BATCH, sc.batch_share);
    for p in &book.providers {
        let name = discount_name(&p.id);
        let mut label = String::from("Enterprise discount, ");
        label.push_str(&p.name);
        field_open(s, &name, &label, "%");
        number_input(s, &name, decimal(sc.discount(&p.id) * 100.0, 0, 4));
        field_close(s, &name);
    }
    s.push_str("<fieldset class=\"calc-items\"><legend>Enterprise discount applies to</legend>");
    for item in Item::ALL {
        s.push_str("<label><input type=\"checkbox\" name=\"discount_item\" value=\"");
        s.push_str(item.key());
        s.push('"');
        if sc.discount_items.contains(&item) {
            s.push_str(" checked");
        }
        s.push('>');
        s.push_str(item.label());
        s.push_str("</label>");
    }
    s.push_str("</fieldset></fieldset>");
    s.push_str(
        "<p class=\"calc-actions\" id=\"calc-actions\" hidden><button type=\"button\" data-action=\"reset\">Reset</button> \
         <button type=\"button\" data-action=\"copy\">Copy link</button> <span id=\"calc-copied\" role=\"status\"></span></p>",
    );
}

/// The form field name of a provider's enterprise discount.
pub fn discount_name(provider: &str) -> String {
    let mut n = String::from("discount_");
    n.push_str(provider);
    n
}

fn field_value(sc: &Scenario, name: &str) -> f64 {
    match name {
        "requests_per_hour" => sc.requests_per_hour,
        "active_hours_per_day" => sc.active_hours_per_day,
        "days_per_month" => sc.days_per_month,
        "prefix_tokens" => sc.prefix_tokens,
        "input_tokens" => sc.input_tokens,
        _ => sc.output_tokens,
    }
}

fn field_open(s: &mut String, name: &str, label: &str, unit: &str) {
    s.push_str("<div class=\"calc-field\"><label for=\"calc-");
    s.push_str(name);
    s.push_str("\">");
    esc(s, label);
    if !unit.is_empty() {
        s.push_str(" <span class=\"calc-unit\">(");
        s.push_str(unit);
        s.push_str(")</span>");
    }
    s.push_str("</label>");
}

fn field_close(s: &mut String, name: &str) {
    s.push_str("<span class=\"calc-err\" id=\"calc-");
    s.push_str(name);
    s.push_str("-err\"></span></div>");
}

fn num(s: &mut String, f: &NumField, value: f64) {
    field_open(s, f.name, f.label, f.unit);
    let v = if f.percent { value * 100.0 } else { value };
    number_input(s, f.name, decimal(v, 0, 4).replace(',', ""));
    field_close(s, f.name);
}

fn number_input(s: &mut String, name: &str, value: String) {
    s.push_str("<input type=\"number\" inputmode=\"decimal\" min=\"0\" step=\"any\" id=\"calc-");
    s.push_str(name);
    s.push_str("\" name=\"");
    s.push_str(name);
    s.push_str("\" value=\"");
    s.push_str(&value.replace(',', ""));
    s.push_str("\" aria-describedby=\"calc-");
    s.push_str(name);
    s.push_str("-err\">");
}

fn option(s: &mut String, value: &str, label: &str, selected: bool) {
    s.push_str("<option value=\"");
    esc(s, value);
    s.push('"');
    if selected {
        s.push_str(" selected");
    }
    s.push('>');
    esc(s, label);
    s.push_str("</option>");
}

/// The results in two parts: the short summary announced politely (`#calc-live`), and the
/// table, break-evens, charts, breakdowns and downloads (`#calc-detail`). An invalid scenario
/// gives a request to fix the fields and no figures. Everything is there, as the page without
/// JavaScript shows it.
pub fn render_parts(book: &PriceBook, sc: &Scenario) -> (String, String) {
    results(book, sc, None)
}

/// The results as the browser re-renders them on every input: the lines of a breakdown only
/// for the rows in `open` (a click on a summary renders its lines before the browser opens it),
/// and download links whose file is written when clicked ([`download_href`]). Breakdowns nobody
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
        crate::chart::charts(&mut s, book, sc, &report);
        crate::breakdown::breakdowns(&mut s, &report, open);
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
                s.push_str(&row.provider);
                s.push('.');
                s.push_str(&row.route);
                s.push('.');
                s.push_str(row.cache.key());
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
                s.push_str("<td colspan=\"8\" class=\"calc-na\">Unavailable: ");
                esc(s, e);
                s.push_str("</td>");
            }
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table></div>");
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
        match matching_discount(book, sc, r, &p.id) {
            Some(d) if d <= 0.0 => {
                s.push_str("Already as cheap as any other provider without a discount.")
            }
            Some(d) => {
                s.push_str("An enterprise discount of ");
                s.push_str(&percent(d));
                s.push_str(" would match the cheapest other provider.");
            }
            None => {
                s.push_str("No enterprise discount below 100% matches the cheapest other provider.")
            }
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

/// Percent-encodes everything but unreserved characters (for `data:` URLs and query strings).
pub fn pct_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(
                char::from_digit((b >> 4) as u32, 16)
                    .unwrap_or('0')
                    .to_ascii_uppercase(),
            );
            out.push(
                char::from_digit((b & 15) as u32, 16)
                    .unwrap_or('0')
                    .to_ascii_uppercase(),
            );
        }
    }
    out
}

/// The query string of a scenario (`?model=...&requests_per_hour=...`), as the form names its
/// fields; the wasm writes it into the URL and reads it back.
pub fn scenario_query(book: &PriceBook, sc: &Scenario) -> String {
    let mut q = String::from("?model=");
    q.push_str(&pct_encode(&sc.model));
    for f in TRAFFIC.iter().chain(TOKENS.iter()) {
        pair(&mut q, f.name, &plain(field_value(sc, f.name), 6));
    }
    pair(
        &mut q,
        "arrival",
        if sc.arrival == Arrival::Even {
            "even"
        } else {
            "poisson"
        },
    );
    match sc.measured_hit_rate {
        Some(h) => {
            pair(&mut q, "hit_source", "measured");
            pair(&mut q, "measured_hit_rate", &plain(h * 100.0, 4));
        }
        None => pair(&mut q, "hit_source", "traffic"),
    }
    pair(&mut q, "cache_ttl", sc.cache_ttl.id());
    pair(&mut q, "batch_share", &plain(sc.batch_share * 100.0, 4));
    for p in &book.providers {
        pair(
            &mut q,
            &discount_name(&p.id),
            &plain(sc.discount(&p.id) * 100.0, 4),
        );
    }
    for item in &sc.discount_items {
        pair(&mut q, "discount_item", item.key());
    }
    q
}

fn pair(q: &mut String, k: &str, v: &str) {
    q.push('&');
    q.push_str(k);
    q.push('=');
    q.push_str(&pct_encode(v));
}
