//! The calculator's form: its fields (names are the Scenario's), prefilled with a scenario, and
//! the query string the same fields make, so a link reopens a scenario.

use crate::format::{decimal, pct_encode, plain, push_escaped as esc};
use crate::model::{Item, Scenario, Ttl};
use crate::prices::PriceBook;
use crate::traffic::Arrival;

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

/// The form's fieldsets, prefilled with `sc`.
pub fn form(s: &mut String, book: &PriceBook, sc: &Scenario) {
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
    if book.tokenizers.len() > 1 {
        field_open(s, "tokens_from", "Counted with", "");
        s.push_str("<select id=\"calc-tokens_from\" name=\"tokens_from\" aria-describedby=\"calc-tokens_from-err\">");
        option(
            s,
            "",
            "the priced model's tokenizer",
            sc.tokens_from.is_empty(),
        );
        for t in &book.tokenizers {
            option(s, &t.id, &t.name, t.id == sc.tokens_from);
        }
        s.push_str("</select>");
        field_close(s, "tokens_from");
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

/// The query string of a scenario (`?model=...&requests_per_hour=...`), as the form names its
/// fields. The boot script keeps the same query in the URL (the browser serialises the form the
/// same way) and sets the form from it.
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
    if !sc.tokens_from.is_empty() {
        pair(&mut q, "tokens_from", &sc.tokens_from);
    }
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
