//! Worked examples checked by hand, including the source document's "$135,000 a month" claim.

mod common;

use calculator::model::{compute, Cache, Item, Report, Ttl};
use calculator::scenario_values;
use common::{base, book};

fn total(r: &Report, provider: &str, cache: Cache) -> i64 {
    r.row(provider, 0, cache)
        .unwrap()
        .outcome
        .as_ref()
        .unwrap()
        .total_cents
}

#[test]
fn default_scenario_by_hand() {
    // 30 requests/h x 16 h x 30 days = 14,400 requests; prefix 20,000, other input 500, output 400.
    let r = compute(&book(), &base());
    assert_eq!(r.requests_per_month, 14_400.0);
    // No cache: 14,400 x 20,500 = 295.2 M input tokens x $3 = $885.60; 5.76 M output x $15 = $86.40.
    assert_eq!(total(&r, "anthropic", Cache::None), 97_200);
    // 1-hour cache: one miss a day (the 8-hour night outlives the TTL) = 30 writes of 20,000
    // tokens at $6/MTok = $3.60; 14,370 reads x 20,000 at $0.30 = $86.22; other input $21.60.
    let c = r
        .row("anthropic", 0, Cache::Ttl(Ttl::OneHour))
        .unwrap()
        .outcome
        .as_ref()
        .unwrap();
    let misses_per_day = {
        let (l, a, t) = (30.0f64, 16.0, 1.0);
        (1.0 - (-l * t).exp()) + l * (a - t) * (-l * t).exp()
    };
    assert!((misses_per_day - 1.0).abs() < 1e-6);
    assert_eq!(c.item_cents(Item::CacheWrite), 360);
    assert_eq!(c.item_cents(Item::CacheRead), 8_622);
    assert_eq!(c.item_cents(Item::Input), 2_160);
    assert_eq!(c.total_cents, 360 + 8_622 + 2_160 + 8_640);
    // Bedrock's geographic profile is 10 % dearer on every line.
    let geo = r
        .row("bedrock", 1, Cache::None)
        .unwrap()
        .outcome
        .as_ref()
        .unwrap();
    assert_eq!(geo.total_cents, 106_920);
}

#[test]
fn the_135k_claim_as_written_cannot_hold_at_3_dollars() {
    // "1 billion Sonnet tokens a month, a 50K-token system prompt on every request": all
    // 1e9 input tokens are prefix, so 20,000 requests. Uncached they cost 1e9 x $3/MTok = $3,000.
    // Even if every request were a cache read (0.1x), caching saves at most 90 % of that: $2,700.
    let mut sc = base();
    sc.requests_per_hour = 20_000.0 / (24.0 * 30.0);
    sc.active_hours_per_day = 24.0;
    sc.prefix_tokens = 50_000.0;
    sc.input_tokens = 0.0;
    sc.output_tokens = 0.0;
    sc.measured_hit_rate = Some(1.0);
    let r = compute(&book(), &sc);
    let none = total(&r, "anthropic", Cache::None);
    let cached = total(&r, "anthropic", Cache::Ttl(Ttl::FiveMinutes));
    assert_eq!(none, 300_000);
    assert_eq!(
        none - cached,
        270_000,
        "the most caching can save on 1 billion tokens"
    );
    // $135,000 is 50 times that: at $3/MTok it would need 135,000 / (0.9 x 3) = 50,000 MTok,
    // i.e. 50 billion prefix tokens.
    assert_eq!(13_500_000 / (none - cached), 50);
    // With the hit rate from traffic (27.8 random requests an hour, 5-minute TTL) it saves less.
    sc.measured_hit_rate = None;
    let r = compute(&book(), &sc);
    let saving =
        total(&r, "anthropic", Cache::None) - total(&r, "anthropic", Cache::Ttl(Ttl::FiveMinutes));
    assert!(saving < 270_000 && saving > 200_000, "{saving}");
}

#[test]
fn the_135k_claim_holds_for_a_million_requests() {
    // Assumptions that reproduce it: 1,000,000 requests a month, each with the 50,000-token
    // prefix (50 billion prefix tokens), steady round-the-clock traffic so only the first request
    // writes the 5-minute cache, Sonnet at $3/MTok, reads at 0.1x, writes at 1.25x.
    // Uncached: 5e10 x $3/MTok = $150,000. Cached: 5e10 x $0.30/MTok = $15,000 plus one write's
    // extra 50,000 x ($3.75 - $0.30)/MTok = $0.1725. Saving: $134,999.83.
    let mut sc = base();
    sc.requests_per_hour = 1_000_000.0 / (24.0 * 30.0);
    sc.active_hours_per_day = 24.0;
    sc.prefix_tokens = 50_000.0;
    sc.input_tokens = 0.0;
    sc.output_tokens = 0.0;
    let r = compute(&book(), &sc);
    let none = total(&r, "anthropic", Cache::None);
    let cached = total(&r, "anthropic", Cache::Ttl(Ttl::FiveMinutes));
    assert_eq!(none, 15_000_000);
    assert_eq!(none - cached, 13_499_983);
    let v = scenario_values(&book(), &sc).unwrap();
    let saving = &v
        .iter()
        .find(|(k, _)| k == "anthropic.cache-5m.saving")
        .unwrap()
        .1;
    assert_eq!(saving, "$134,999.83");
}

#[test]
fn short_prefix_is_not_cached_and_says_so() {
    let mut sc = base();
    sc.prefix_tokens = 800.0;
    let r = compute(&book(), &sc);
    let row = r.row("anthropic", 0, Cache::Ttl(Ttl::FiveMinutes)).unwrap();
    let c = row.outcome.as_ref().unwrap();
    assert!(!c.cached);
    assert_eq!(c.total_cents, total(&r, "anthropic", Cache::None));
    let note = c.note.as_deref().unwrap();
    assert!(
        note.contains("800-token prefix") && note.contains("1,024"),
        "{note}"
    );
}

#[test]
fn batch_discount_stacks_on_cache_lines_only_where_the_data_says() {
    // All requests batched, 5-minute cache, measured hit rate 50 %, 1,000 requests of a
    // 10,000-token prefix: 5 M written, 5 M read.
    let mut sc = base();
    sc.requests_per_hour = 1000.0;
    sc.active_hours_per_day = 1.0;
    sc.days_per_month = 1.0;
    sc.prefix_tokens = 10_000.0;
    sc.input_tokens = 0.0;
    sc.output_tokens = 0.0;
    sc.measured_hit_rate = Some(0.5);
    sc.batch_share = 1.0;
    let r = compute(&book(), &sc);
    // Anthropic: writes 5 M x $3 x 1.25 x 0.5 = $9.375, reads 5 M x $3 x 0.1 x 0.5 = $0.75.
    let a = r
        .row("anthropic", 0, Cache::Ttl(Ttl::FiveMinutes))
        .unwrap()
        .outcome
        .as_ref()
        .unwrap();
    assert!((a.exact_total - 10.125).abs() < 1e-9);
    // Bedrock (fixture: applies_to_cache false): $18.75 + $1.50 = $20.25.
    let b = r
        .row("bedrock", 0, Cache::Ttl(Ttl::FiveMinutes))
        .unwrap()
        .outcome
        .as_ref()
        .unwrap();
    assert!((b.exact_total - 20.25).abs() < 1e-9);
    // The breakdown lists the factors in the stacking order: cache multiplier, then batch.
    let w = a.lines.iter().find(|l| l.item == Item::CacheWrite).unwrap();
    let labels: Vec<_> = w.factors.iter().map(|f| f.label).collect();
    assert_eq!(labels, ["5-min write", "batch"]);
}

#[test]
fn enterprise_discount_touches_only_selected_items() {
    let mut sc = base();
    sc.enterprise_discount.insert("bedrock".into(), 0.2);
    sc.discount_items = vec![Item::Output];
    let r = compute(&book(), &sc);
    let none = r
        .row("bedrock", 0, Cache::None)
        .unwrap()
        .outcome
        .as_ref()
        .unwrap();
    // Output $86.40 x 0.8 = $69.12; input unchanged at $885.60.
    assert_eq!(none.item_cents(Item::Output), 6_912);
    assert_eq!(none.item_cents(Item::Input), 88_560);
}
