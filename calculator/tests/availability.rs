//! Which provider offers what is data: flipping it in a fixture changes the routes, no code.

mod common;

use calculator::model::{compute, Cache, Ttl};
use calculator::prices::Mult;
use common::{base, book};

#[test]
fn flipping_bedrock_caching_and_batch_changes_its_routes() {
    let mut b = book();
    let mut sc = base();
    sc.batch_share = 0.5;
    let priced = |b: &calculator::PriceBook, sc: &calculator::Scenario, cache| {
        compute(b, sc)
            .row("bedrock", 0, cache)
            .unwrap()
            .outcome
            .clone()
    };
    assert!(priced(&b, &sc, Cache::Ttl(Ttl::FiveMinutes)).is_ok());
    // Take caching and batch away from Bedrock.
    let saved: Vec<_> = b
        .offers
        .iter()
        .map(|o| (o.cache.clone(), o.batch.clone()))
        .collect();
    for o in b.offers.iter_mut().filter(|o| o.provider == "bedrock") {
        o.cache = None;
        o.batch = None;
    }
    // Caching is checked first; the no-cache row then fails on the batch share.
    assert_eq!(
        priced(&b, &sc, Cache::Ttl(Ttl::FiveMinutes)).unwrap_err(),
        "prompt caching not offered"
    );
    assert_eq!(
        priced(&b, &sc, Cache::None).unwrap_err(),
        "batch processing not offered"
    );
    sc.batch_share = 0.0;
    assert_eq!(
        priced(&b, &sc, Cache::Ttl(Ttl::OneHour)).unwrap_err(),
        "prompt caching not offered"
    );
    assert!(
        priced(&b, &sc, Cache::None).is_ok(),
        "on-demand stays priced"
    );
    let html = calculator::render_widget(&b, &sc);
    assert!(html.contains("Unavailable: prompt caching not offered"));
    // Give them back: priced again.
    for (o, (c, bt)) in b.offers.iter_mut().zip(saved) {
        o.cache = c;
        o.batch = bt;
    }
    assert!(priced(&b, &sc, Cache::Ttl(Ttl::OneHour)).is_ok());
}

#[test]
fn unknown_figures_refuse_to_price() {
    let mut b = book();
    let mut sc = base();
    for o in b.offers.iter_mut().filter(|o| o.provider == "bedrock") {
        let c = o.cache.as_mut().unwrap();
        c.write_1h = Mult::Unknown;
        o.batch.as_mut().unwrap().applies_to_cache = None;
    }
    let r = compute(&b, &sc);
    let why = |r: &calculator::model::Report, cache| {
        r.row("bedrock", 0, cache)
            .unwrap()
            .outcome
            .clone()
            .unwrap_err()
    };
    assert_eq!(
        why(&r, Cache::Ttl(Ttl::OneHour)),
        "1-hour cache price not published"
    );
    assert!(r
        .row("bedrock", 0, Cache::Ttl(Ttl::FiveMinutes))
        .unwrap()
        .outcome
        .is_ok());
    sc.batch_share = 0.3;
    let r = compute(&b, &sc);
    assert_eq!(
        why(&r, Cache::Ttl(Ttl::FiveMinutes)),
        "batch price of cache writes and reads not published"
    );
    assert!(
        r.row("bedrock", 0, Cache::None).unwrap().outcome.is_ok(),
        "batch without cache is known"
    );
    for o in b.offers.iter_mut() {
        o.cache.as_mut().unwrap().min_prefix_tokens = None;
    }
    sc.batch_share = 0.0;
    let r = compute(&b, &sc);
    assert_eq!(
        why(&r, Cache::Ttl(Ttl::FiveMinutes)),
        "minimum cacheable prefix not published"
    );
    // Opus output on Bedrock is unknown in the fixture.
    sc.model = "opus-4-7".into();
    let r = compute(&b, &sc);
    assert_eq!(why(&r, Cache::None), "price not published");
}

#[test]
fn an_unpublished_minimum_prices_only_prefixes_above_every_documented_minimum() {
    let mut b = book();
    let mut sc = base();
    for o in b.offers.iter_mut().filter(|o| o.provider == "bedrock") {
        o.cache.as_mut().unwrap().min_prefix_tokens = None;
    }
    let ceiling = calculator::model::documented_min_ceiling(&b).expect("Anthropic's are known");
    let bedrock_5m = |sc: &calculator::Scenario| {
        compute(&b, sc)
            .row("bedrock", 0, Cache::Ttl(Ttl::FiveMinutes))
            .unwrap()
            .outcome
            .clone()
    };
    sc.prefix_tokens = f64::from(ceiling);
    let costs = bedrock_5m(&sc).expect("a prefix at the ceiling is priced");
    assert!(costs.cached, "and really cached");
    let note = costs.note.expect("the assumption is said");
    assert!(
        note.starts_with("Minimum cacheable prefix not published"),
        "{note}"
    );
    sc.prefix_tokens = f64::from(ceiling) - 1.0;
    assert_eq!(
        bedrock_5m(&sc).unwrap_err(),
        "minimum cacheable prefix not published"
    );
}

/// Bedrock's 1-hour cache price made unknown (`Mult::Unknown`) or not offered
/// (`Mult::Unavailable`), with the 1-hour TTL chosen: the widget's HTML and the report.
fn one_hour_on_bedrock(m: Mult) -> (calculator::model::Report, String) {
    let mut b = book();
    let mut sc = base();
    sc.cache_ttl = Ttl::OneHour;
    for o in b.offers.iter_mut().filter(|o| o.provider == "bedrock") {
        o.cache.as_mut().unwrap().write_1h = m;
    }
    (compute(&b, &sc), calculator::render_widget(&b, &sc))
}

#[test]
fn an_unpublished_price_is_left_out_by_name_and_never_reads_as_a_loss() {
    let (r, html) = one_hour_on_bedrock(Mult::Unknown);
    // Anthropic's 1-hour cache is its cheapest row here; Bedrock cannot say what its own costs,
    // so Bedrock is compared with the choices both can price.
    let anthropic_best = &r.rows[r.cheapest().unwrap()];
    assert_eq!(
        (anthropic_best.provider.as_str(), anthropic_best.cache),
        ("anthropic", Cache::Ttl(Ttl::OneHour))
    );
    let target = r.cheapest_other("bedrock").unwrap();
    assert_ne!(target.cache, Cache::Ttl(Ttl::OneHour), "{target:?}");
    // Same list prices on both for the choices both can price: no discount needed.
    assert_eq!(
        calculator::breakeven::matching_discount(&base(), &r, "bedrock"),
        Some(0.0)
    );
    assert!(
        html.contains("Unknown: 1-hour cache price not published"),
        "unknown is not unavailable"
    );
    assert!(!html.contains("Unavailable: 1-hour cache"));
    assert!(
        html.contains(
            "Compared without the 1-hour cache: its 1-hour cache price is not published."
        ),
        "the discount sentence names what it left out"
    );
    assert!(
        html.contains(
            "Amazon Bedrock is left out with the 1-hour cache: its 1-hour cache price is not published."
        ),
        "the note under the table names it for the other providers' comparisons"
    );
}

#[test]
fn a_price_not_offered_is_compared_as_what_it_is() {
    let (r, html) = one_hour_on_bedrock(Mult::Unavailable);
    // Not offered is a fact: Bedrock's best is compared with Anthropic's 1-hour cache.
    let target = r.cheapest_other("bedrock").unwrap();
    assert_eq!(
        (target.provider.as_str(), target.cache),
        ("anthropic", Cache::Ttl(Ttl::OneHour))
    );
    let d = calculator::breakeven::matching_discount(&base(), &r, "bedrock").unwrap();
    assert!(d > 0.0, "{d}");
    assert!(html.contains("Unavailable: 1-hour cache not offered"));
    assert!(!html.contains("left out"), "nothing unknown was left out");
    assert!(r.left_out().is_empty());
}

#[test]
fn the_advice_names_a_choice_it_could_not_price() {
    let mut b = book();
    let mut sc = base();
    for o in b.offers.iter_mut().filter(|o| o.provider == "bedrock") {
        o.cache.as_mut().unwrap().write_1h = Mult::Unknown;
    }
    // Bedrock cheapest: a negotiated discount on it.
    sc.enterprise_discount.insert("bedrock".into(), 0.6);
    let r = compute(&b, &sc);
    assert_eq!(r.rows[r.cheapest().unwrap()].provider, "bedrock");
    let a = calculator::advice::advise(&r, sc.requests_per_hour, false).unwrap();
    assert!(
        a.sentence
            .ends_with(" The 1-hour cache is left out: its 1-hour cache price is not published."),
        "{}",
        a.sentence
    );
}
