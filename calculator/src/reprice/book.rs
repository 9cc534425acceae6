//! The price book read back from the page's `#calculator-data` with the importer's own JSON
//! reader ([`crate::usage::json`]): the importer's wasm already carries that reader, and
//! serde's code would not fit its budget. It reads the shape `PriceBook`'s serde form writes;
//! `calculator/tests/usage.rs` checks that every field comes back equal.

use crate::prices::{
    BatchPricing, CachePricing, Lifecycle, Model, Mult, Offer, PriceBook, Provider, Route, State,
    Tier, Tokenizer,
};
use crate::usage::json::{parse, Json};

/// `book` of the page's data script (`{"book": …, "scenario": …}`), or `None` when the text
/// is not that shape.
pub fn from_page_json(text: &str) -> Option<PriceBook> {
    let data = parse(text).ok()?;
    let b = data.get("book")?;
    Some(PriceBook {
        providers: list(b, "providers")
            .map(|p| Provider {
                id: text_of(p, "id"),
                name: text_of(p, "name"),
            })
            .collect(),
        models: list(b, "models")
            .map(|m| Model {
                id: text_of(m, "id"),
                name: text_of(m, "name"),
                tokenizer: text_of(m, "tokenizer"),
            })
            .collect(),
        offers: list(b, "offers").map(offer).collect(),
        tokenizers: list(b, "tokenizers")
            .map(|t| Tokenizer {
                id: text_of(t, "id"),
                name: text_of(t, "name"),
                tokens_per_base: num(t, "tokens_per_base").unwrap_or(1.0),
            })
            .collect(),
    })
}

fn offer(o: &Json) -> Offer {
    let lifecycle = o.get("lifecycle");
    Offer {
        provider: text_of(o, "provider"),
        model: text_of(o, "model"),
        api_id: text_of(o, "api_id"),
        input_mtok: num(o, "input_mtok"),
        output_mtok: num(o, "output_mtok"),
        tiers: list(o, "tiers")
            .map(|t| Tier {
                above_prompt_tokens: num(t, "above_prompt_tokens").unwrap_or(0.0) as u32,
                input_mtok: num(t, "input_mtok"),
                output_mtok: num(t, "output_mtok"),
            })
            .collect(),
        lifecycle: Lifecycle {
            state: match lifecycle
                .and_then(|l| l.get("state"))
                .and_then(Json::text)
                .as_deref()
            {
                Some("legacy") => State::Legacy,
                Some("deprecated") => State::Deprecated,
                Some("retired") => State::Retired,
                _ => State::Active,
            },
            replaced_by: lifecycle
                .and_then(|l| l.get("replaced_by"))
                .and_then(Json::text),
        },
        tokens_per_base: num(o, "tokens_per_base").unwrap_or(1.0),
        cache: o.get("cache").filter(|c| c.is_obj()).map(|c| CachePricing {
            write_5m: mult(c.get("write_5m")),
            write_1h: mult(c.get("write_1h")),
            read: num(c, "read").unwrap_or(f64::NAN),
            min_prefix_tokens: num(c, "min_prefix_tokens").map(|x| x as u32),
        }),
        batch: o.get("batch").filter(|b| b.is_obj()).map(|b| BatchPricing {
            discount: num(b, "discount"),
            applies_to_cache: match b.get("applies_to_cache") {
                Some(Json::Bool(x)) => Some(*x),
                _ => None,
            },
        }),
        routes: list(o, "routes")
            .map(|r| Route {
                id: text_of(r, "id"),
                name: text_of(r, "name"),
                multiplier: num(r, "multiplier").unwrap_or(f64::NAN),
            })
            .collect(),
        source: text_of(o, "source"),
        checked: text_of(o, "checked"),
    }
}

/// `{"known": x}`, `"unknown"` or `"unavailable"`, as serde writes a [`Mult`].
fn mult(v: Option<&Json>) -> Mult {
    match v {
        Some(Json::Str("unknown")) => Mult::Unknown,
        Some(j) => num(j, "known").map_or(Mult::Unavailable, Mult::Known),
        None => Mult::Unavailable,
    }
}

fn list<'a>(v: &'a Json<'a>, key: &str) -> impl Iterator<Item = &'a Json<'a>> {
    match v.get(key) {
        Some(Json::Arr(items)) => items.iter(),
        _ => [].iter(),
    }
}

fn text_of(v: &Json, key: &str) -> String {
    v.get(key).and_then(Json::text).unwrap_or_default()
}

fn num(v: &Json, key: &str) -> Option<f64> {
    match v.get(key) {
        Some(Json::Num(x)) => Some(*x),
        _ => None,
    }
}
