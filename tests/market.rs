//! Today's market as the site prices it: Haiku 5.5's prompt-length tier on every provider
//! (hand-computed from the published prices), counts converted between tokenizers, and a
//! fourth provider added with YAML alone.

mod common;

use calculator::model::{compute, Cache, Scenario, Ttl};
use common::{repo_dir, Site};
use scraper::{Html, Selector};

fn real_book() -> calculator::PriceBook {
    let inputs = sitegen::load::load(&repo_dir()).expect("the repository's data loads");
    sitegen::pricebook::build(&inputs)
}

/// 10 requests an hour, all day for 30 days: 7,200 requests.
fn haiku(prefix: f64, input: f64, hit: Option<f64>) -> Scenario {
    serde_json::from_value(serde_json::json!({
        "model": "haiku-5-5", "requests_per_hour": 10, "active_hours_per_day": 24,
        "days_per_month": 30, "prefix_tokens": prefix, "input_tokens": input,
        "output_tokens": 1000, "measured_hit_rate": hit,
    }))
    .unwrap()
}

fn cents(book: &calculator::PriceBook, sc: &Scenario, provider: &str, cache: Cache) -> i64 {
    let report = compute(book, sc);
    let row = report
        .row(provider, 0, cache)
        .unwrap_or_else(|| panic!("{provider} prices {}", sc.model));
    match &row.outcome {
        Ok(c) => c.total_cents,
        Err(e) => panic!("{provider} {:?}: {e}", cache),
    }
}

#[test]
fn haiku_5_5_pays_the_tier_of_its_prompt_length_on_every_provider() {
    let book = real_book();
    for provider in ["anthropic", "bedrock", "claude-platform-aws"] {
        // 90,000-token prompts: 648M input tokens at $0.10 + 7.2M output at $0.50.
        assert_eq!(
            cents(&book, &haiku(0.0, 90_000.0, None), provider, Cache::None),
            6_480 + 360,
            "{provider}"
        );
        // Exactly 100,000 is still "up to 100,000": 720M at $0.10 + $3.60.
        assert_eq!(
            cents(&book, &haiku(0.0, 100_000.0, None), provider, Cache::None),
            7_200 + 360,
            "{provider}"
        );
        // 110,000: every token at the long-prompt prices, output included: 792M at $0.50 +
        // 7.2M at $2.50.
        assert_eq!(
            cents(&book, &haiku(0.0, 110_000.0, None), provider, Cache::None),
            39_600 + 1_800,
            "{provider}"
        );
    }
    // Cached tokens count toward the prompt's length: a 100,000-token prefix plus 5,000 other
    // tokens is over the threshold. At a 90% hit rate on the Anthropic API: input 36M x $0.50 =
    // $18.00, writes 72M x $0.625 = $45.00, reads 648M x $0.05 = $32.40, output 7.2M x $2.50 =
    // $18.00.
    let cached = haiku(100_000.0, 5_000.0, Some(0.9));
    assert_eq!(
        cents(&book, &cached, "anthropic", Cache::Ttl(Ttl::FiveMinutes)),
        11_340
    );
    let report = compute(&book, &cached);
    let row = report
        .row("anthropic", 0, Cache::Ttl(Ttl::FiveMinutes))
        .unwrap();
    assert_eq!(row.outcome.as_ref().unwrap().tier_above, Some(100_000));
    // The breakdown names the tier.
    let (_, detail) = calculator::widget::render_parts(&book, &cached);
    let detail: String = Html::parse_fragment(&detail)
        .root_element()
        .text()
        .collect();
    assert!(
        detail.contains("Prompt over 100,000 tokens: long-prompt prices"),
        "{detail}"
    );
}

#[test]
fn counts_from_the_older_tokenizer_are_converted_and_said() {
    let book = real_book();
    let mut sc: Scenario = serde_json::from_value(serde_json::json!({
        "model": "sonnet-5-5", "requests_per_hour": 10, "prefix_tokens": 0,
        "input_tokens": 1000, "output_tokens": 1000,
    }))
    .unwrap();
    let own = cents(&book, &sc, "anthropic", Cache::None);
    sc.tokens_from = "claude-4".into();
    let converted = compute(&book, &sc);
    assert!((converted.token_ratio - 1.3).abs() < 1e-12);
    let mut scaled = sc.clone();
    scaled.tokens_from.clear();
    scaled.input_tokens = 1300.0;
    scaled.output_tokens = 1300.0;
    assert_eq!(
        cents(&book, &sc, "anthropic", Cache::None),
        cents(&book, &scaled, "anthropic", Cache::None)
    );
    assert!(cents(&book, &sc, "anthropic", Cache::None) > own);
    // The note for these counts is prerendered, shown while "Counted with" names them.
    let page = Html::parse_fragment(&calculator::render_widget(&book, &sc));
    let conv = Selector::parse("#calc-notes [data-model=sonnet-5-5] [data-from=claude-4]").unwrap();
    let note: String = page
        .select(&conv)
        .next()
        .expect("a conversion note")
        .text()
        .collect();
    assert!(note.ends_with("to this model's: × 1.3."), "{note}");
    // Whatever the counts, a model on the newer tokenizer says how it counts (in the notes
    // the page shows for the chosen model).
    sc.tokens_from.clear();
    let page = Html::parse_fragment(&calculator::render_widget(&book, &sc));
    let shown = Selector::parse("#calc-notes [data-model=sonnet-5-5]").unwrap();
    let note: String = page
        .select(&shown)
        .next()
        .expect("notes for the model")
        .text()
        .collect();
    assert!(
        note.contains("Claude Sonnet 5.5 counts about 30% more tokens"),
        "{note}"
    );
}

#[test]
fn a_legacy_model_names_its_replacement_in_the_calculator() {
    let book = real_book();
    let sc: Scenario = serde_json::from_value(serde_json::json!({
        "model": "sonnet-4-6", "requests_per_hour": 10, "prefix_tokens": 0,
        "input_tokens": 1000, "output_tokens": 100,
    }))
    .unwrap();
    let page = Html::parse_fragment(&calculator::render_widget(&book, &sc));
    let notes = |css: &str| -> Vec<(bool, String)> {
        page.select(&Selector::parse(css).unwrap())
            .map(|e| (e.value().attr("hidden").is_some(), e.text().collect()))
            .collect()
    };
    let sonnet = notes("#calc-notes [data-model=sonnet-4-6]");
    assert_eq!(sonnet.len(), 1);
    assert!(!sonnet[0].0, "the chosen model's notes are shown");
    let sonnet = notes("#calc-notes [data-model=sonnet-4-6] > p:first-child");
    assert_eq!(
        sonnet[0].1,
        "Claude Sonnet 4.6 is Legacy on Anthropic API and Claude Platform on AWS: its replacement is Claude Sonnet 5.5."
    );
    let haiku = notes("#calc-notes [data-model=haiku-5-5]");
    assert!(haiku[0].0, "other models' notes are hidden");
}

#[test]
fn invitation_only_models_are_named_but_never_priced() {
    let book = real_book();
    assert!(book.offers.iter().all(|o| !o.model.starts_with("mythos")));
    let s = Site::real();
    let inputs = sitegen::load::load(&s.root).unwrap();
    assert!(inputs.models.iter().any(|m| m.id.0 == "mythos-5-2"));
}

/// A provider added to the fixture with YAML only: its column appears in every table, in the
/// pricing table, in `/prices.json` and in the calculator.
#[test]
fn a_fourth_provider_takes_yaml_only() {
    let s = Site::fixture();
    s.edit(
        "data/providers.yaml",
        "    docs: \"https://beta.example.com/docs\"\n",
        "    docs: \"https://beta.example.com/docs\"\n  - id: delta\n    name: \"Delta Marketplace\"\n    short_name: \"Delta\"\n    docs: \"https://delta.example.com/docs\"\n",
    );
    s.edit(
        "data/models.yaml",
        "      beta: { api_id: \"global.small-1\", state: active }\n",
        "      beta: { api_id: \"global.small-1\", state: active }\n      delta: { api_id: \"delta/small-1\", state: active }\n",
    );
    s.edit(
        "data/pricing.yaml",
        "caching:\n",
        "  - provider: delta\n    model: small-1\n    input_mtok: 0.90\n    output_mtok: 4.50\n    tiers:\n      - { above_prompt_tokens: 50000, input_mtok: 1.80, output_mtok: 9.00 }\n    source: \"https://delta.example.com/pricing\"\n    checked: 2026-10-04\ncaching:\n",
    );
    s.edit(
        "data/pricing.yaml",
        "enterprise_discounts:\n",
        "  - provider: delta\n    id: standard\n    name: \"Standard\"\n    models: [small-1]\n    multiplier: 1.0\n    source: \"https://delta.example.com/routes\"\n    checked: 2026-10-04\nenterprise_discounts:\n",
    );
    s.edit(
        "data/tables/features.yaml",
        "      beta: { status: no, text: \"No\" }\n",
        "      beta: { status: no, text: \"No\" }\n      delta: { status: yes, text: \"Through Alpha\" }\n",
    );
    s.build().unwrap_or_else(|e| panic!("{e:?}"));
    let page = Html::parse_document(&s.page("index.html"));
    let headers = |table: &str| -> Vec<String> {
        let sel = Selector::parse(&format!("#{table} thead th")).unwrap();
        page.select(&sel)
            .map(|th| th.text().collect::<String>())
            .collect()
    };
    let features = headers("tbl-t-features");
    assert!(!features.is_empty(), "the features table is on the page");
    assert_eq!(features.last().map(String::as_str), Some("Delta"));
    let cells = Selector::parse("#tbl-t-features tbody tr td").unwrap();
    let texts: Vec<String> = page.select(&cells).map(|td| td.text().collect()).collect();
    assert!(
        texts.iter().any(|t| t.starts_with("Through Alpha")),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t == "not listed"),
        "a row without a Delta cell says so"
    );
    let rows = Selector::parse("#tbl-pricing tbody th[scope=row]").unwrap();
    let row_heads: Vec<String> = page.select(&rows).map(|th| th.text().collect()).collect();
    assert!(
        row_heads
            .iter()
            .any(|t| t.starts_with("Delta") && t.contains("prompts over 50,000 tokens")),
        "{row_heads:?}"
    );

    let prices: serde_json::Value = serde_json::from_str(&s.page("prices.json")).unwrap();
    let delta = prices["providers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "delta")
        .expect("delta in prices.json");
    let m = &delta["models"][0];
    assert_eq!(m["api_id"], "delta/small-1");
    assert_eq!(m["input_mtok"], 0.9);
    assert_eq!(m["tiers"][0]["above_prompt_tokens"], 50000);
    assert_eq!(m["tiers"][0]["output_mtok"], 9.0);

    let calc = Html::parse_document(&s.page("calculator/index.html"));
    let has = |css: &str| calc.select(&Selector::parse(css).unwrap()).next().is_some();
    assert!(
        has("summary[data-how=\"delta.standard.no-cache\"]"),
        "the calculator prices Delta"
    );
    assert!(
        has("input[name=discount_delta]"),
        "and asks for its discount"
    );
}
