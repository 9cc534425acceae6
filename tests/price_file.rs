//! `sitegen check --price-file`: the real data against committed excerpts of LiteLLM's and
//! genai-prices' files agrees, and a planted missing model and a planted price are reported.

mod common;

use sitegen::check::price_file::{compare, Comparison, Kind};
use sitegen::load::types::Date;

fn run(text: &str) -> Comparison {
    let inputs = sitegen::load::load(&common::repo_dir()).expect("the data loads");
    let book = sitegen::pricebook::build(&inputs);
    compare(&inputs, &book, text, Date::parse("2026-12-01").unwrap()).expect("the file is read")
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        common::repo_dir()
            .join("tests/fixtures/price-files")
            .join(name),
    )
    .unwrap()
}

#[test]
fn the_data_agrees_with_both_price_files() {
    for (file, kind, at_least) in [
        ("litellm.json", Kind::LiteLlm, 150),
        ("genai-prices.json", Kind::GenaiPrices, 60),
    ] {
        let c = run(&fixture(file));
        assert_eq!(c.kind, Some(kind));
        assert_eq!(c.disagree, Vec::<String>::new(), "{file}");
        assert_eq!(c.missing, Vec::<String>::new(), "{file}");
        assert_eq!(c.deprecated, Vec::<String>::new(), "{file}");
        assert!(
            c.agree >= at_least,
            "{file}: only {} prices compared",
            c.agree
        );
    }
}

#[test]
fn a_planted_model_and_a_planted_price_are_reported() {
    let mut doc: serde_json::Value = serde_json::from_str(&fixture("litellm.json")).unwrap();
    let mut opus = doc["claude-opus-5-5"].clone();
    opus["deprecation_date"] = serde_json::Value::Null;
    doc["claude-opus-6"] = opus;
    doc["global.anthropic.claude-sonnet-5-5"]["input_cost_per_token"] = 2.5e-6.into();
    doc["claude-haiku-5-5"]["deprecation_date"] = "2026-11-30".into();
    let c = run(&doc.to_string());
    assert_eq!(c.missing, vec!["claude-opus-6 (anthropic)".to_owned()]);
    assert_eq!(
        c.disagree,
        vec!["global.anthropic.claude-sonnet-5-5 input_cost_per_token: the file says $2.500000/MTok, the data $2.000000".to_owned()]
    );
    assert_eq!(c.deprecated.len(), 1, "{:?}", c.deprecated);
    assert!(c.deprecated[0].starts_with("claude-haiku-5-5: the file marks it deprecated"));

    // genai-prices: a tier price planted on Haiku 5.5.
    let mut g: serde_json::Value = serde_json::from_str(&fixture("genai-prices.json")).unwrap();
    let models = g[0]["models"].as_array_mut().unwrap();
    let haiku = models
        .iter_mut()
        .find(|m| m["id"] == "claude-haiku-5-5")
        .unwrap();
    let prices = if haiku["prices"].is_array() {
        &mut haiku["prices"][0]["prices"]
    } else {
        &mut haiku["prices"]
    };
    prices["output_mtok"]["tiers"][0]["price"] = 3.0.into();
    let c = run(&g.to_string());
    assert_eq!(c.disagree.len(), 1, "{:?}", c.disagree);
    assert!(
        c.disagree[0].starts_with("claude-haiku-5-5 output_mtok above 100000"),
        "{:?}",
        c.disagree
    );
}

#[test]
fn a_file_of_another_shape_gets_a_clear_message() {
    let inputs = sitegen::load::load(&common::repo_dir()).unwrap();
    let book = sitegen::pricebook::build(&inputs);
    let today = Date::parse("2026-12-01").unwrap();
    assert!(compare(&inputs, &book, "42", today)
        .unwrap_err()
        .starts_with("expected LiteLLM's price map"));
    assert!(compare(&inputs, &book, "{", today)
        .unwrap_err()
        .starts_with("not JSON"));
}
