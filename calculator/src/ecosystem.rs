//! The price book in the shapes other tools already read: LiteLLM's
//! `model_prices_and_context_window.json` (`/prices.litellm.json`, USD per token) and
//! genai-prices' data (`/prices.genai-prices.json`, USD per million tokens).
//!
//! Conventions, the same in both files:
//! - Entries are keyed by the model id a request names on the provider (its `api_id`), with the
//!   provider's names for the two projects taken from `data/providers.yaml` ([`PriceFileNames`]);
//!   a provider without them, or a model without an API id there, is left out.
//! - Only the base route (the first, multiplier 1) is written. Both formats key a dearer route by
//!   an id of its own (Bedrock's `us.`/`eu.`/… profiles), and the data does not list which of
//!   those exist per model; LiteLLM's own geo multiplier (`provider_specific_entry`) applies to
//!   non-cache tokens only, where ours applies to every token. `/prices.json` has every route.
//! - Every figure is an [`Offer::quote`]. A price nobody published is left out, never written
//!   as 0, and named: `prices_not_published` (LiteLLM) or `price_comments` (genai-prices).
//!   A price the provider does not offer is simply absent.
//! - Tiers: LiteLLM's `<key>_above_<N>k_tokens` and genai-prices' `{base, tiers: [{start,
//!   price}]}`, both at the offer's threshold of prompt tokens (every input token, cached or not),
//!   above which every price of the request switches. Batch: LiteLLM's `<key>_batches`,
//!   genai-prices' price variant `when: {processing: batch}`.
//! - LiteLLM entries also carry `source`, `checked` and `prices_not_published`, keys LiteLLM's
//!   cost functions do not read; Claude Platform on AWS is keyed as LiteLLM keys it,
//!   `bedrock/claude_platform/<id>`, since its ids are the Anthropic API's own.

use serde_json::{json, Map, Value};

use crate::export::round6;
use crate::model::Ttl;
use crate::prices::{Charge, Missing, Offer, PriceBook, Route};

/// How LiteLLM and genai-prices name one of the book's providers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PriceFileNames {
    /// The book's provider id, e.g. `bedrock`.
    pub provider: String,
    /// LiteLLM's `litellm_provider`, e.g. `bedrock`.
    pub litellm_provider: String,
    /// Put before the API id in LiteLLM's key (`bedrock/claude_platform/` for Claude Platform
    /// on AWS, whose ids are the Anthropic API's own).
    pub litellm_key_prefix: String,
    /// genai-prices' provider id, e.g. `aws`.
    pub genai_prices_provider: String,
}

/// The charges both files price, with LiteLLM's and genai-prices' field names.
const CHARGES: [(&str, &str, Charge); 5] = [
    ("input_cost_per_token", "input_mtok", Charge::Input),
    ("output_cost_per_token", "output_mtok", Charge::Output),
    (
        "cache_creation_input_token_cost",
        "cache_write_mtok",
        Charge::CacheWrite(Ttl::FiveMinutes),
    ),
    (
        "cache_creation_input_token_cost_above_1hr",
        "cache_write_1h_mtok",
        Charge::CacheWrite(Ttl::OneHour),
    ),
    (
        "cache_read_input_token_cost",
        "cache_read_mtok",
        Charge::CacheRead,
    ),
];

/// The offers of one named provider that have an API id there, with their base route.
fn offers<'a>(
    book: &'a PriceBook,
    names: &'a PriceFileNames,
) -> impl Iterator<Item = (&'a Offer, &'a Route)> + 'a {
    book.offers
        .iter()
        .filter(move |o| o.provider == names.provider && !o.api_id.is_empty())
        .filter_map(|o| Some((o, o.routes.first()?)))
}

/// A price per million tokens as LiteLLM's per-token number: the decimal the rounded figure
/// reads, divided by a million in decimal (so $3.30 is `3.3e-6`, not `3.2999999999999997e-6`).
fn per_token(mtok: f64) -> f64 {
    let text = format!("{}e-6", round6(mtok));
    text.parse().unwrap_or(mtok / 1e6)
}

/// `/prices.litellm.json`: one entry per provider x model, keyed as LiteLLM keys it.
pub fn litellm_json(book: &PriceBook, names: &[PriceFileNames]) -> String {
    let mut doc = Map::new();
    for n in names {
        for (o, route) in offers(book, n) {
            let mut e = Map::new();
            let mut unpublished = Vec::new();
            for tier in 0..=o.tiers.len() {
                let above = match tier.checked_sub(1) {
                    None => String::new(),
                    Some(i) => {
                        let t = o.tiers[i].above_prompt_tokens;
                        // The format counts thresholds in thousands only.
                        if t % 1000 != 0 {
                            continue;
                        }
                        format!("_above_{}k_tokens", t / 1000)
                    }
                };
                for batch in [false, true] {
                    for (field, _, charge) in CHARGES {
                        let key = [field, &above, if batch { "_batches" } else { "" }].concat();
                        match o.quote(charge, route, tier, batch) {
                            Ok(q) => {
                                e.insert(key, per_token(q.mtok()).into());
                            }
                            Err(Missing::NotPublished(_)) => unpublished.push(Value::from(key)),
                            Err(Missing::NotOffered(_)) => {}
                        }
                    }
                }
            }
            e.insert("litellm_provider".into(), n.litellm_provider.clone().into());
            e.insert("mode".into(), "chat".into());
            e.insert("source".into(), o.source.clone().into());
            e.insert("checked".into(), o.checked.clone().into());
            if !unpublished.is_empty() {
                e.insert("prices_not_published".into(), unpublished.into());
            }
            doc.insert(
                [n.litellm_key_prefix.as_str(), &o.api_id].concat(),
                e.into(),
            );
        }
    }
    pretty(&Value::Object(doc))
}

/// `/prices.genai-prices.json`: a list of providers with their models, as genai-prices' data.
/// Batch prices are a `price_variants` entry `when: {processing: batch}`, as genai-prices
/// writes them.
pub fn genai_prices_json(book: &PriceBook, names: &[PriceFileNames]) -> String {
    let providers: Vec<Value> = names
        .iter()
        .filter_map(|n| {
            let p = book.providers.iter().find(|p| p.id == n.provider)?;
            let mut urls: Vec<&str> = Vec::new();
            let models: Vec<Value> = offers(book, n)
                .map(|(o, route)| {
                    if !urls.contains(&o.source.as_str()) {
                        urls.push(&o.source);
                    }
                    genai_model(book, o, route)
                })
                .collect();
            Some(json!({
                "id": n.genai_prices_provider,
                "name": p.name,
                "pricing_urls": urls,
                "models": models,
            }))
        })
        .collect();
    pretty(&Value::Array(providers))
}

fn genai_model(book: &PriceBook, o: &Offer, route: &Route) -> Value {
    let mut unpublished: Vec<String> = Vec::new();
    let mut prices = |batch: bool| {
        let mut m = Map::new();
        for (_, field, charge) in CHARGES {
            let q = |tier| {
                o.quote(charge, route, tier, batch)
                    .map(|q| round6(q.mtok()))
            };
            let what = || [if batch { "batch " } else { "" }, field].concat();
            let base = match q(0) {
                Ok(x) => x,
                Err(Missing::NotPublished(_)) => {
                    unpublished.push(what());
                    continue;
                }
                Err(Missing::NotOffered(_)) => continue,
            };
            let mut tiers = Vec::new();
            for (i, t) in o.tiers.iter().enumerate() {
                if let Ok(price) = q(i + 1) {
                    tiers.push(json!({"start": t.above_prompt_tokens, "price": price}));
                }
            }
            // Without a tier's price the base price would read as the price above it too.
            if tiers.len() < o.tiers.len() {
                unpublished.push([&what(), " above a prompt-length tier"].concat());
                continue;
            }
            let v = if o.tiers.is_empty() {
                base.into()
            } else {
                json!({"base": base, "tiers": tiers})
            };
            m.insert(field.into(), v);
        }
        m
    };
    let on_demand = prices(false);
    let batch = prices(true);
    let mut model = json!({
        "id": o.api_id,
        "name": book.model(&o.model).map_or(o.model.as_str(), |m| m.name.as_str()),
        "prices": on_demand,
    });
    let mut comments = ["Checked ", &o.checked, " against ", &o.source, "."].concat();
    if !unpublished.is_empty() {
        comments.push_str(" Not published, so left out: ");
        comments.push_str(&unpublished.join(", "));
        comments.push('.');
    }
    if let Some(obj) = model.as_object_mut() {
        if !batch.is_empty() {
            obj.insert(
                "price_variants".into(),
                json!([{"when": {"processing": "batch"}, "prices": batch}]),
            );
        }
        obj.insert("price_comments".into(), comments.into());
    }
    model
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata::book;

    fn names() -> Vec<PriceFileNames> {
        ["anthropic", "bedrock"]
            .map(|p| PriceFileNames {
                provider: p.into(),
                litellm_provider: p.into(),
                litellm_key_prefix: String::new(),
                genai_prices_provider: if p == "bedrock" { "aws" } else { p }.into(),
            })
            .to_vec()
    }

    #[test]
    fn an_unpublished_price_is_named_and_never_zero() {
        let b = book();
        let doc: Value = serde_json::from_str(&litellm_json(&b, &names())).unwrap();
        let opus = &doc[&b.offer("bedrock", "opus-4-7").unwrap().api_id];
        // The fixture's Bedrock Opus output price is unknown.
        assert!(opus.get("output_cost_per_token").is_none(), "{opus}");
        assert!(
            opus.get("output_cost_per_token_batches").is_none(),
            "{opus}"
        );
        let listed: Vec<&str> = opus["prices_not_published"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(
            listed,
            [
                "output_cost_per_token",
                "output_cost_per_token_batches",
                // Bedrock's batch discount is 0.5 but does not apply to cache lines there: the
                // batch cache prices are the on-demand ones, so they are written, not listed.
            ]
        );
        assert_eq!(opus["input_cost_per_token"], 5e-6);
        assert_eq!(opus["cache_creation_input_token_cost"], 6.25e-6);
        let g: Value = serde_json::from_str(&genai_prices_json(&b, &names())).unwrap();
        let gopus = g[1]["models"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == "Claude Opus 4.7")
            .unwrap();
        assert!(gopus["prices"].get("output_mtok").is_none(), "{gopus}");
        assert!(
            gopus["price_comments"]
                .as_str()
                .unwrap()
                .contains("Not published, so left out: output_mtok, batch output_mtok."),
            "{gopus}"
        );
    }

    #[test]
    fn per_token_prices_read_as_their_decimals() {
        assert_eq!(per_token(3.3).to_string(), "0.0000033");
        assert_eq!(per_token(0.3), 3e-7);
        assert_eq!(per_token(3.75), 3.75e-6);
    }
}
