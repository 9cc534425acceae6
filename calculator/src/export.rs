//! Exports: `/prices.json` and its JSON Schema, and a scenario's results as CSV and JSON.
//!
//! The results exports are written by hand (no serde_json serializer in the wasm: its float
//! printing costs kilobytes); `/prices.json` is built natively by the generator.

use crate::format::{plain, plain_cents};
use crate::model::{Item, Report, Scenario, Ttl};
use crate::prices::{Charge, Mult, Offer, PriceBook, Route};

/// The JSON Schema `/prices.json` validates against (draft 2020-12).
pub fn prices_schema_json() -> &'static str {
    include_str!("prices.schema.json")
}

/// `/prices.json`: per provider and model, prices per million tokens under the names LiteLLM's
/// and genai-prices' files use, the multipliers they come from, the prompt-length tiers, the
/// model's API id on that provider (what consumers match on), its lifecycle state,
/// availability, routes, the date checked and the source. `null` is a price nobody has
/// published. Every price is an [`Offer::quote`], as on the pages and in the calculator.
pub fn prices_json(book: &PriceBook) -> String {
    use serde_json::{json, Value};
    let as_of = book
        .offers
        .iter()
        .map(|o| o.checked.as_str())
        .max()
        .unwrap_or("");
    let providers: Vec<Value> = book
        .providers
        .iter()
        .map(|p| {
            let models: Vec<Value> = book
                .offers
                .iter()
                .filter(|o| o.provider == p.id)
                .map(|o| offer_json(book, o))
                .collect();
            json!({ "id": p.id, "name": p.name, "models": models })
        })
        .collect();
    let doc = json!({
        "currency": "USD",
        "unit": "per million tokens",
        "as_of": as_of,
        "providers": providers,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// The prices of one tier on one route: input, output, cache writes and read, and the batch
/// prices (`null` where not published or not offered).
fn tier_prices(
    o: &Offer,
    route: &Route,
    tier: usize,
) -> serde_json::Map<String, serde_json::Value> {
    let q = |c: Charge, batch: bool| {
        o.quote(c, route, tier, batch)
            .ok()
            .map(|q| round6(q.mtok()))
    };
    let mut m = serde_json::Map::new();
    for (k, c, batch) in [
        ("input_mtok", Charge::Input, false),
        ("output_mtok", Charge::Output, false),
        (
            "cache_write_mtok",
            Charge::CacheWrite(Ttl::FiveMinutes),
            false,
        ),
        (
            "cache_write_1h_mtok",
            Charge::CacheWrite(Ttl::OneHour),
            false,
        ),
        ("cache_read_mtok", Charge::CacheRead, false),
        ("batch_input_mtok", Charge::Input, true),
        ("batch_output_mtok", Charge::Output, true),
    ] {
        m.insert(k.into(), q(c, batch).into());
    }
    m
}

fn offer_json(book: &PriceBook, o: &Offer) -> serde_json::Value {
    use serde_json::{json, Value};
    let name = book
        .model(&o.model)
        .map_or(o.model.as_str(), |m| m.name.as_str());
    let c = o.cache.as_ref();
    let base_route = o.routes.first();
    let routes: Vec<Value> = o
        .routes
        .iter()
        .map(|r| {
            let t = tier_prices(o, r, 0);
            json!({
                "id": r.id, "name": r.name, "multiplier": r.multiplier,
                "input_mtok": t["input_mtok"], "output_mtok": t["output_mtok"],
            })
        })
        .collect();
    let tiers: Vec<Value> = (1..=o.tiers.len())
        .map(|i| {
            let mut t = base_route.map(|r| tier_prices(o, r, i)).unwrap_or_default();
            t.insert(
                "above_prompt_tokens".into(),
                o.tiers[i - 1].above_prompt_tokens.into(),
            );
            Value::Object(t)
        })
        .collect();
    let mut m = json!({
        "id": o.model,
        "name": name,
        "api_id": o.api_id,
        "lifecycle": {
            "state": o.lifecycle.state,
            "replaced_by": o.lifecycle.replaced_by,
        },
        "multipliers": {
            "cache_write_5m": c.and_then(|c| c.write_5m.known()),
            "cache_write_1h": c.and_then(|c| c.write_1h.known()),
            "cache_read": c.map(|c| c.read),
            "batch_discount": o.batch.as_ref().and_then(|b| b.discount),
        },
        "availability": {
            "prompt_caching": c.is_some(),
            "cache_5m": offered(c.map(|c| c.write_5m)),
            "cache_1h": offered(c.map(|c| c.write_1h)),
            "batch": o.batch.is_some(),
            "batch_applies_to_cache": o.batch.as_ref().map_or(Some(false), |b| b.applies_to_cache),
        },
        "min_cacheable_tokens": c.and_then(|c| c.min_prefix_tokens),
        "tiers": tiers,
        "routes": routes,
        "checked": o.checked,
        "source": o.source,
    });
    if let (Some(obj), Some(r)) = (m.as_object_mut(), base_route) {
        obj.extend(tier_prices(o, r, 0));
    }
    m
}

/// Whether a cache TTL is offered: `true`, `false`, or `null` when it is not known.
fn offered(m: Option<Mult>) -> Option<bool> {
    match m {
        Some(Mult::Known(_)) => Some(true),
        Some(Mult::Unknown) => None,
        Some(Mult::Unavailable) | None => Some(false),
    }
}

/// Rounds away binary noise (3 x 1.25 = 3.75 exactly, but 3 x 1.1 is 3.3000000000000003).
pub(crate) fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Column names of both results exports (as written in the CSV header).
pub const COLUMNS: &str =
    "provider,route,cache,status,hit_rate,input_usd,cache_write_usd,cache_read_usd,output_usd,total_usd";

/// The results as CSV: one row per provider x route x cache choice, dollars without symbols.
pub fn results_csv(report: &Report) -> String {
    let mut s = String::from(COLUMNS);
    s.push('\n');
    cells(&mut s, report, false);
    s
}

/// The scenario and its results as JSON: the scenario in the shape of `data/scenarios.yaml`,
/// then `columns` and one array of cells per row, like the CSV (dollars as numbers).
pub fn results_json(sc: &Scenario, report: &Report) -> String {
    let mut s = String::from("{\"scenario\":");
    scenario_json(&mut s, sc);
    s.push_str(",\"requests_per_month\":");
    s.push_str(&plain(report.requests_per_month, 6));
    s.push_str(",\"hit_rate_measured\":");
    s.push_str(if report.measured { "true" } else { "false" });
    s.push_str(",\"columns\":[\"");
    for c in COLUMNS.chars() {
        if c == ',' {
            s.push_str("\",\"");
        } else {
            s.push(c);
        }
    }
    s.push_str("\"],\"rows\":[");
    cells(&mut s, report, true);
    s.push_str("]}");
    s
}

/// The rows of both exports from one loop: CSV lines, or JSON arrays (`json`).
fn cells(s: &mut String, report: &Report, json: bool) {
    let text = |s: &mut String, v: &str| {
        if json {
            json_str(s, v)
        } else {
            csv_field(s, v)
        }
    };
    for (i, r) in report.rows.iter().enumerate() {
        if json {
            s.push_str(if i > 0 { ",[" } else { "[" });
        }
        for field in [
            r.provider_name.as_str(),
            r.route_name.as_str(),
            r.cache.label(),
        ] {
            text(s, field);
            s.push(',');
        }
        match &r.outcome {
            Ok(c) => {
                text(s, "priced");
                s.push(',');
                s.push_str(&plain(c.hit_rate, 6));
                for item in Item::ALL {
                    s.push(',');
                    s.push_str(&plain_cents(c.item_cents(item)));
                }
                s.push(',');
                s.push_str(&plain_cents(c.total_cents));
            }
            Err(e) => {
                text(s, e);
                s.push_str(if json {
                    ",null,null,null,null,null,null"
                } else {
                    ",,,,,,"
                });
            }
        }
        s.push(if json { ']' } else { '\n' });
    }
}

fn csv_field(s: &mut String, v: &str) {
    let quote = v.contains([',', '"', '\n']);
    if quote {
        s.push('"');
    }
    for c in v.chars() {
        if c == '"' {
            s.push('"');
        }
        s.push(c);
    }
    if quote {
        s.push('"');
    }
}

/// The scenario in the shape of `data/scenarios.yaml`'s `inputs` (it parses back).
pub fn scenario_json(s: &mut String, sc: &Scenario) {
    s.push_str("{\"model\":");
    json_str(s, &sc.model);
    let nums = [
        ("requests_per_hour", sc.requests_per_hour),
        ("active_hours_per_day", sc.active_hours_per_day),
        ("days_per_month", sc.days_per_month),
        ("prefix_tokens", sc.prefix_tokens),
        ("input_tokens", sc.input_tokens),
        ("output_tokens", sc.output_tokens),
        ("batch_share", sc.batch_share),
    ];
    for (k, v) in nums {
        s.push_str(",\"");
        s.push_str(k);
        s.push_str("\":");
        s.push_str(&plain(v, 6));
    }
    s.push_str(",\"arrival\":");
    json_str(
        s,
        if sc.arrival == crate::traffic::Arrival::Even {
            "even"
        } else {
            "poisson"
        },
    );
    if let Some(h) = sc.measured_hit_rate {
        s.push_str(",\"measured_hit_rate\":");
        s.push_str(&plain(h, 6));
    }
    s.push_str(",\"cache_ttl\":");
    json_str(s, sc.cache_ttl.id());
    if !sc.tokens_from.is_empty() {
        s.push_str(",\"tokens_from\":");
        json_str(s, &sc.tokens_from);
    }
    s.push_str(",\"enterprise_discount\":{");
    for (i, (k, v)) in sc.enterprise_discount.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        json_str(s, k);
        s.push(':');
        s.push_str(&plain(*v, 6));
    }
    s.push_str("},\"discount_items\":[");
    for (i, item) in sc.discount_items.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        json_str(s, item.key());
    }
    s.push_str("]}");
}

/// A JSON string literal; `<` is escaped too so the text is safe inside `<script>`.
pub fn json_str(s: &mut String, v: &str) {
    s.push('"');
    for c in v.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '<' => s.push_str("\\u003c"),
            c if (c as u32) < 0x20 => {
                s.push_str("\\u00");
                let n = c as u32;
                s.push(char::from_digit(n >> 4, 16).unwrap_or('0'));
                s.push(char::from_digit(n & 15, 16).unwrap_or('0'));
            }
            c => s.push(c),
        }
    }
    s.push('"');
}
