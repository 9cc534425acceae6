//! `/prices.litellm.json` and `/prices.genai-prices.json` on the real data: LiteLLM's documented
//! cost formula (docs/usage-log-formats.md, section 5) applied to the LiteLLM-shaped file gives
//! the calculator's totals to the cent, and both files read back through `sitegen check
//! --price-file`'s reader agree with the price book figure by figure.

mod common;

use calculator::model::{documented_min_ceiling, price_row, Cache, Ttl};
use calculator::Scenario;
use serde_json::{json, Value};
use sitegen::calculator_glue::{genai_prices_json, litellm_json};
use sitegen::check::price_file::{compare, Kind};
use sitegen::load::types::Date;
use sitegen::load::Inputs;

fn data() -> (Inputs, calculator::PriceBook) {
    let inputs = sitegen::load::load(&common::repo_dir()).expect("the data loads");
    let book = sitegen::pricebook::build(&inputs);
    (inputs, book)
}

/// One request's usage as Anthropic reports it.
#[derive(Clone, Copy, Default)]
struct Usage {
    input: f64,
    cache_5m: f64,
    cache_1h: f64,
    cache_read: f64,
    output: f64,
}

/// LiteLLM's cost of one request from its price entry: prompt tokens count every input token;
/// above a tier's threshold every rate is that tier's; a batch request pays the `_batches`
/// rates. A rate the usage needs and the entry lacks fails the test.
fn litellm_cost(entry: &Value, u: Usage, batch: bool) -> f64 {
    let prompt = u.input + u.cache_5m + u.cache_1h + u.cache_read;
    let tier = entry
        .as_object()
        .unwrap()
        .keys()
        .filter_map(|k| {
            k.strip_prefix("input_cost_per_token_above_")?
                .strip_suffix("k_tokens")?
                .parse::<u32>()
                .ok()
        })
        .filter(|n| prompt > f64::from(*n) * 1000.0)
        .max()
        .map_or(String::new(), |n| format!("_above_{n}k_tokens"));
    let cost = |tokens: f64, key: &str| {
        if tokens == 0.0 {
            return 0.0;
        }
        let key = [key, &tier, if batch { "_batches" } else { "" }].concat();
        let rate = entry[&key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key} missing from {entry}"));
        tokens * rate
    };
    cost(u.input, "input_cost_per_token")
        + cost(u.cache_read, "cache_read_input_token_cost")
        + cost(u.cache_5m, "cache_creation_input_token_cost")
        + cost(u.cache_1h, "cache_creation_input_token_cost_above_1hr")
        + cost(u.output, "output_cost_per_token")
}

fn scenario(v: Value) -> Scenario {
    serde_json::from_value(v).expect("a valid scenario")
}

#[test]
fn litellm_s_formula_on_the_litellm_file_gives_the_calculator_s_totals() {
    let (inputs, book) = data();
    let doc: Value = serde_json::from_str(&litellm_json(&inputs, &book)).unwrap();
    let base = json!({"requests_per_hour": 30, "active_hours_per_day": 16, "days_per_month": 30,
        "input_tokens": 500, "output_tokens": 400});
    let with = |extra: Value| {
        let mut v = base.clone();
        v.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        scenario(v)
    };
    let scenarios = [
        with(json!({"model": "sonnet-5-5", "prefix_tokens": 20000})),
        with(json!({"model": "sonnet-4-6", "prefix_tokens": 20000, "cache_ttl": "1h"})),
        // A prompt over Haiku 5.5's 100,000-token threshold, cached or not.
        with(json!({"model": "haiku-5-5", "prefix_tokens": 100000, "input_tokens": 5000})),
        with(
            json!({"model": "haiku-5-5", "prefix_tokens": 120000, "cache_ttl": "1h", "batch_share": 0.4}),
        ),
        // Batch only, and a prefix too short to be cached.
        with(json!({"model": "opus-4-7", "prefix_tokens": 30000, "batch_share": 1.0})),
        with(json!({"model": "haiku-4-5", "prefix_tokens": 1000})),
    ];
    let ceiling = documented_min_ceiling(&book);
    let (mut compared, mut tiered, mut batched, mut cached) = (0, 0, 0, 0);
    for sc in &scenarios {
        for p in inputs.providers.iter() {
            let Some(names) = &p.price_files else {
                continue;
            };
            let Some(offer) = book.offer(&p.id.0, &sc.model) else {
                continue;
            };
            let key = [names.litellm_key_prefix.as_str(), &offer.api_id].concat();
            let entry = &doc[&key];
            assert!(entry.is_object(), "no {key} in the LiteLLM file");
            for cache in Cache::ALL {
                let Ok(c) = price_row(ceiling, offer, &offer.routes[0], cache, sc) else {
                    continue;
                };
                let (p_, u, o) = (sc.prefix_tokens, sc.input_tokens, sc.output_tokens);
                let uncached = Usage {
                    input: u + p_,
                    output: o,
                    ..Usage::default()
                };
                let (write, read) = match cache {
                    Cache::Ttl(ttl) if c.cached => {
                        let mut w = Usage {
                            input: u,
                            output: o,
                            ..Usage::default()
                        };
                        if ttl == Ttl::FiveMinutes {
                            w.cache_5m = p_;
                        } else {
                            w.cache_1h = p_;
                        }
                        let r = Usage {
                            input: u,
                            cache_read: p_,
                            output: o,
                            ..Usage::default()
                        };
                        (w, r)
                    }
                    _ => (uncached, uncached),
                };
                let h = c.hit_rate;
                let n = sc.traffic().requests_per_month();
                let mut total = 0.0;
                for (batch, share) in [(false, 1.0 - sc.batch_share), (true, sc.batch_share)] {
                    if share > 0.0 {
                        total += n
                            * share
                            * ((1.0 - h) * litellm_cost(entry, write, batch)
                                + h * litellm_cost(entry, read, batch));
                    }
                }
                let what = format!("{key} {} {:?}", cache.key(), sc.model);
                assert_eq!(
                    (total * 100.0).round() as i64,
                    c.total_cents,
                    "{what}: LiteLLM ${total}, calculator ${}",
                    c.exact_total
                );
                assert!(
                    (total - c.exact_total).abs() < 1e-6 * c.exact_total.max(1.0),
                    "{what}"
                );
                compared += 1;
                tiered += usize::from(c.tier_above.is_some());
                batched += usize::from(sc.batch_share > 0.0);
                cached += usize::from(c.cached);
            }
        }
    }
    assert!(compared >= 40, "only {compared} rows compared");
    assert!(
        tiered >= 6 && batched >= 6 && cached >= 12,
        "{tiered} tiered, {batched} batched, {cached} cached"
    );
}

/// Every number of a genai-prices price set: plain prices, and a tiered price's base and tiers.
fn genai_figures(prices: &Value) -> usize {
    prices
        .as_object()
        .into_iter()
        .flatten()
        .map(|(_, v)| {
            if v.is_number() {
                1
            } else {
                1 + v["tiers"].as_array().map_or(0, Vec::len)
            }
        })
        .sum()
}

#[test]
fn both_files_read_back_through_the_price_file_check_agree_with_the_data() {
    let (inputs, book) = data();
    let today = Date::parse("2026-12-01").unwrap();
    let litellm = litellm_json(&inputs, &book);
    let doc: Value = serde_json::from_str(&litellm).unwrap();
    let figures: usize = doc
        .as_object()
        .unwrap()
        .values()
        .map(|e| {
            e.as_object()
                .unwrap()
                .values()
                .filter(|v| v.is_number())
                .count()
        })
        .sum();
    let genai = genai_prices_json(&inputs, &book);
    let gdoc: Value = serde_json::from_str(&genai).unwrap();
    let gfigures: usize = gdoc
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["models"].as_array().unwrap())
        .map(|m| {
            genai_figures(&m["prices"])
                + m["price_variants"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|v| genai_figures(&v["prices"]))
                    .sum::<usize>()
        })
        .sum();
    for (text, kind, expected) in [
        (&litellm, Kind::LiteLlm, figures),
        (&genai, Kind::GenaiPrices, gfigures),
    ] {
        let c = compare(&inputs, &book, text, today).expect("the file is read");
        assert_eq!(c.kind, Some(kind));
        assert_eq!(c.disagree, Vec::<String>::new(), "{kind:?}");
        assert_eq!(c.unknown_here, Vec::<String>::new(), "{kind:?}");
        assert_eq!(c.missing, Vec::<String>::new(), "{kind:?}");
        assert_eq!(c.deprecated, Vec::<String>::new(), "{kind:?}");
        // Every figure the file states was compared, and agreed.
        assert_eq!(c.agree, expected, "{kind:?}");
    }
    // Three providers with seven models each; an unpublished price is named, not written.
    assert_eq!(doc.as_object().unwrap().len(), 21);
    let bedrock_sonnet = &doc["global.anthropic.claude-sonnet-5-5"];
    assert!(bedrock_sonnet
        .get("cache_creation_input_token_cost_above_1hr")
        .is_none());
    assert!(bedrock_sonnet["prices_not_published"]
        .as_array()
        .unwrap()
        .contains(&"cache_creation_input_token_cost_above_1hr".into()));
    assert!(doc["bedrock/claude_platform/claude-sonnet-5-5"]
        ["cache_creation_input_token_cost_above_1hr"]
        .is_number());
}
