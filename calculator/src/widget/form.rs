//! The calculator's form: its fields (from [`crate::fields`]), prefilled with a scenario, and the
//! query string the same fields make, so a link reopens a scenario.

use crate::fields::{
    discount_name, Choice, Number, ACTIVE_HOURS_PER_DAY, ARRIVAL, BATCH_SHARE, CACHE_TTL,
    DAYS_PER_MONTH, HIT_SOURCE, INPUT_TOKENS, ITEMS, MEASURED_HIT_RATE, MODEL, NUMBERS,
    OUTPUT_TOKENS, PREFIX_TOKENS, REQUESTS_PER_HOUR, TOKENS_FROM,
};
use crate::format::{decimal, pct_encode, plain, push_escaped as esc};
use crate::model::{Item, Scenario};
use crate::prices::PriceBook;

/// What the measured hit rate shows while the hit rate comes from traffic.
const MEASURED_SHOWN: f64 = 0.9;

/// The form's fieldsets, prefilled with `sc`.
pub fn form(s: &mut String, book: &PriceBook, sc: &Scenario) {
    s.push_str("<fieldset><legend>Workload</legend>");
    let models = book
        .models
        .iter()
        .filter(|m| book.offers.iter().any(|o| o.model == m.id));
    select(
        s,
        &MODEL,
        sc,
        models.map(|m| (m.id.as_str(), m.name.as_str())),
    );
    for f in [&REQUESTS_PER_HOUR, &ACTIVE_HOURS_PER_DAY, &DAYS_PER_MONTH] {
        num(s, f, sc);
    }
    select(s, &ARRIVAL, sc, ARRIVAL.options.iter().copied());
    s.push_str("</fieldset><fieldset><legend>Tokens per request</legend>");
    for f in [&PREFIX_TOKENS, &INPUT_TOKENS, &OUTPUT_TOKENS] {
        num(s, f, sc);
    }
    if book.tokenizers.len() > 1 {
        let own = std::iter::once(("", "the priced model's tokenizer"));
        let others = book
            .tokenizers
            .iter()
            .map(|t| (t.id.as_str(), t.name.as_str()));
        select(s, &TOKENS_FROM, sc, own.chain(others));
    }
    s.push_str("</fieldset><fieldset><legend>Caching</legend>");
    select(s, &HIT_SOURCE, sc, HIT_SOURCE.options.iter().copied());
    num(s, &MEASURED_HIT_RATE, sc);
    select(s, &CACHE_TTL, sc, CACHE_TTL.options.iter().copied());
    s.push_str("</fieldset><fieldset><legend>Discounts</legend>");
    num(s, &BATCH_SHARE, sc);
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
        s.push_str("<label><input type=\"checkbox\" name=\"");
        s.push_str(ITEMS);
        s.push_str("\" value=\"");
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

fn num(s: &mut String, f: &Number, sc: &Scenario) {
    field_open(s, f.name, f.label, f.unit);
    let value = (f.get)(sc).unwrap_or(MEASURED_SHOWN);
    number_input(s, f.name, decimal(f.shown(value), 0, 4));
    field_close(s, f.name);
}

/// A select with its `options` (value, label), the scenario's value selected.
fn select<'a>(
    s: &mut String,
    c: &Choice,
    sc: &Scenario,
    options: impl Iterator<Item = (&'a str, &'a str)>,
) {
    field_open(s, c.name, c.label, "");
    s.push_str("<select id=\"calc-");
    s.push_str(c.name);
    s.push_str("\" name=\"");
    s.push_str(c.name);
    s.push_str("\" aria-describedby=\"calc-");
    s.push_str(c.name);
    s.push_str("-err\">");
    let chosen = (c.get)(sc);
    for (value, label) in options {
        option(s, value, label, value == chosen);
    }
    s.push_str("</select>");
    field_close(s, c.name);
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

/// The query string of a scenario (`?model=...&requests_per_hour=...`), as the form names its
/// fields. The boot script keeps the same query in the URL (the browser serialises the form the
/// same way) and sets the form from it.
pub fn scenario_query(book: &PriceBook, sc: &Scenario) -> String {
    let mut q = String::from("?");
    q.push_str(MODEL.name);
    q.push('=');
    q.push_str(&pct_encode(&sc.model));
    for f in NUMBERS {
        if let Some(x) = (f.get)(sc) {
            let digits = if f.percent { 4 } else { 6 };
            pair(&mut q, f.name, &plain(f.shown(x), digits));
        }
    }
    for c in [&ARRIVAL, &HIT_SOURCE, &CACHE_TTL, &TOKENS_FROM] {
        let value = (c.get)(sc);
        if !value.is_empty() {
            pair(&mut q, c.name, value);
        }
    }
    for p in &book.providers {
        pair(
            &mut q,
            &discount_name(&p.id),
            &plain(sc.discount(&p.id) * 100.0, 4),
        );
    }
    for item in &sc.discount_items {
        pair(&mut q, ITEMS, item.key());
    }
    q
}

/// The query string of the traffic, tokens, hit rate, TTL and batch share of `sc`, as
/// [`scenario_query`] writes them (discounts left at the form's defaults): for the usage-log
/// importer's "use these figures" link, without the form's labels in its wasm.
pub fn figures_query(sc: &Scenario) -> String {
    let mut q = String::from("?");
    q.push_str(MODEL.name);
    q.push('=');
    q.push_str(&pct_encode(&sc.model));
    for (name, get, percent) in crate::fields::NUMBER_NAMES {
        if let Some(x) = get(sc) {
            let (shown, digits) = if percent { (x * 100.0, 4) } else { (x, 6) };
            pair(&mut q, name, &plain(shown, digits));
        }
    }
    if sc.measured_hit_rate.is_some() {
        pair(&mut q, HIT_SOURCE.name, crate::fields::MEASURED);
    }
    pair(&mut q, CACHE_TTL.name, sc.cache_ttl.id());
    for item in &sc.discount_items {
        pair(&mut q, ITEMS, item.key());
    }
    q
}

fn pair(q: &mut String, k: &str, v: &str) {
    q.push('&');
    q.push_str(k);
    q.push('=');
    q.push_str(&pct_encode(v));
}
