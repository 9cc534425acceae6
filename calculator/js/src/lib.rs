//! Reads the price book out of the page's JSON (already parsed by the browser's `JSON.parse`)
//! in the calculator's wasm (`calculator-wasm`). The shape is `PriceBook`'s serde form; see
//! `calculator/src/prices.rs`. Walking the parsed object keeps a JSON parser, and serde's code,
//! out of the wasm. (The importer, which has a JSON reader of its own for logs, reads the same
//! shape with it: `calculator::reprice::book`.)

use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use calculator::prices::{
    BatchPricing, CachePricing, Lifecycle, Mult, Offer, PriceBook, Provider, Route, Tier, Tokenizer,
};

fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
}

fn text(o: &JsValue, k: &str) -> String {
    get(o, k).as_string().unwrap_or_default()
}

fn list(o: &JsValue, k: &str) -> Vec<JsValue> {
    get(o, k)
        .dyn_into::<Array>()
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

fn mult(v: JsValue) -> Mult {
    match v.as_string().as_deref() {
        Some("unknown") => Mult::Unknown,
        Some(_) => Mult::Unavailable,
        None => get(&v, "known")
            .as_f64()
            .map_or(Mult::Unavailable, Mult::Known),
    }
}

fn null(v: &JsValue) -> bool {
    v.is_null() || v.is_undefined()
}

/// `data.book` as a [`PriceBook`], or `None` when the data is not the expected shape.
pub fn book(data: &JsValue) -> Option<PriceBook> {
    let b = get(data, "book");
    if null(&b) {
        return None;
    }
    let providers = list(&b, "providers")
        .iter()
        .map(|p| Provider {
            id: text(p, "id"),
            name: text(p, "name"),
        })
        .collect();
    // Model names and tokenizers are shown by the prerendered form and notes only.
    let models = Vec::new();
    let tokenizers = list(&b, "tokenizers")
        .iter()
        .map(|t| Tokenizer {
            id: text(t, "id"),
            name: String::new(),
            tokens_per_base: get(t, "tokens_per_base").as_f64().unwrap_or(1.0),
        })
        .collect();
    let offers = list(&b, "offers")
        .iter()
        .map(|o| {
            let c = get(o, "cache");
            let bt = get(o, "batch");
            Offer {
                provider: text(o, "provider"),
                model: text(o, "model"),
                api_id: String::new(),
                input_mtok: get(o, "input_mtok").as_f64(),
                output_mtok: get(o, "output_mtok").as_f64(),
                tiers: list(o, "tiers")
                    .iter()
                    .map(|t| Tier {
                        above_prompt_tokens: get(t, "above_prompt_tokens").as_f64().unwrap_or(0.0)
                            as u32,
                        input_mtok: get(t, "input_mtok").as_f64(),
                        output_mtok: get(t, "output_mtok").as_f64(),
                    })
                    .collect(),
                // Lifecycle is static per model: the page has it prerendered.
                lifecycle: Lifecycle::default(),
                tokens_per_base: get(o, "tokens_per_base").as_f64().unwrap_or(1.0),
                cache: (!null(&c)).then(|| CachePricing {
                    write_5m: mult(get(&c, "write_5m")),
                    write_1h: mult(get(&c, "write_1h")),
                    read: get(&c, "read").as_f64().unwrap_or(f64::NAN),
                    min_prefix_tokens: get(&c, "min_prefix_tokens").as_f64().map(|x| x as u32),
                }),
                batch: (!null(&bt)).then(|| BatchPricing {
                    discount: get(&bt, "discount").as_f64(),
                    applies_to_cache: get(&bt, "applies_to_cache").as_bool(),
                }),
                routes: list(o, "routes")
                    .iter()
                    .map(|r| Route {
                        id: text(r, "id"),
                        name: text(r, "name"),
                        multiplier: get(r, "multiplier").as_f64().unwrap_or(f64::NAN),
                    })
                    .collect(),
                source: String::new(),
                checked: String::new(),
            }
        })
        .collect();
    Some(PriceBook {
        providers,
        models,
        offers,
        tokenizers,
    })
}
