//! Shared test helpers: the fixture price book, a base scenario and a proptest strategy for
//! random valid scenarios.
#![allow(dead_code)]

use calculator::model::{Discounts, Item, Ttl};
use calculator::traffic::Arrival;
use calculator::{PriceBook, Scenario};
use proptest::prelude::*;
use proptest::sample::select;

pub fn book() -> PriceBook {
    serde_json::from_str(include_str!("../fixtures/pricebook.json")).expect("fixture parses")
}

/// How the fixture's two providers are named in LiteLLM's and genai-prices' files (as
/// `data/providers.yaml` names them).
pub fn price_file_names() -> Vec<calculator::PriceFileNames> {
    [("anthropic", "anthropic"), ("bedrock", "aws")]
        .map(|(p, genai)| calculator::PriceFileNames {
            provider: p.into(),
            litellm_provider: p.into(),
            litellm_key_prefix: String::new(),
            genai_prices_provider: genai.into(),
        })
        .to_vec()
}

pub fn base() -> Scenario {
    Scenario {
        model: "sonnet-4-6".into(),
        requests_per_hour: 30.0,
        active_hours_per_day: 16.0,
        days_per_month: 30.0,
        arrival: Arrival::Poisson,
        prefix_tokens: 20_000.0,
        input_tokens: 500.0,
        output_tokens: 400.0,
        tokens_from: String::new(),
        measured_hit_rate: None,
        cache_ttl: Ttl::FiveMinutes,
        batch_share: 0.0,
        enterprise_discount: Discounts::new(),
        discount_items: Item::ALL.to_vec(),
    }
}

/// Log-uniform between `lo` and `hi`, from a uniform `u` in [0, 1] (so `u` shrinking to 0
/// shrinks the value to `lo`).
fn log_between(lo: f64, hi: f64, u: f64) -> f64 {
    (lo.ln() + u * (hi.ln() - lo.ln())).exp()
}

/// Random valid scenarios over every model, arrival, TTL, batch share and discount. Every part
/// is its own strategy, so a failing case shrinks part by part towards the first model, the
/// smallest traffic and counts, no discount and no batch.
pub fn scenario() -> impl Strategy<Value = Scenario> {
    let discount =
        || proptest::option::weighted(0.5, (0u32..=40).prop_map(|p| f64::from(p) / 100.0));
    let who = (
        select(vec!["haiku-4-5", "sonnet-4-6", "opus-4-7"]),
        discount(),
        discount(),
        proptest::collection::vec(proptest::bool::weighted(0.7), Item::ALL.len()),
    );
    let traffic = (
        (0.0f64..=1.0).prop_map(|u| log_between(0.05, 20_000.0, u)),
        select(vec![1.0, 8.0, 12.5, 16.0, 23.5, 24.0]),
        select(vec![1.0, 20.0, 22.0, 30.0, 31.0]),
        select(vec![Arrival::Poisson, Arrival::Even]),
    );
    let tokens = (
        select(vec![
            0.0, 500.0, 1024.0, 4096.0, 20_000.0, 50_000.0, 180_000.0,
        ]),
        (0.0f64..=1.0).prop_map(|u| log_between(1.0, 20_000.0, u).round()),
        select(vec![0.0, 1.0, 350.0, 1500.0, 8000.0]),
    );
    let caching = (
        proptest::option::weighted(0.3, 0.0f64..1.0),
        select(vec![Ttl::FiveMinutes, Ttl::OneHour]),
        prop_oneof![select(vec![0.0, 0.25, 0.5, 1.0]), 0.0f64..1.0],
    );
    (who, traffic, tokens, caching).prop_map(
        |(
            (model, anthropic, bedrock, items),
            (requests_per_hour, active_hours_per_day, days_per_month, arrival),
            (prefix_tokens, input_tokens, output_tokens),
            (measured_hit_rate, cache_ttl, batch_share),
        )| {
            let mut enterprise_discount = Discounts::new();
            for (p, d) in [("anthropic", anthropic), ("bedrock", bedrock)] {
                if let Some(d) = d {
                    enterprise_discount.insert(p.to_string(), d);
                }
            }
            Scenario {
                model: model.to_string(),
                requests_per_hour,
                active_hours_per_day,
                days_per_month,
                arrival,
                prefix_tokens,
                input_tokens,
                output_tokens,
                tokens_from: String::new(),
                measured_hit_rate,
                cache_ttl,
                batch_share,
                enterprise_discount,
                discount_items: Item::ALL
                    .into_iter()
                    .zip(items)
                    .filter_map(|(i, keep)| keep.then_some(i))
                    .collect(),
            }
        },
    )
}
