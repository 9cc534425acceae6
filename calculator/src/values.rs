//! Named, formatted figures of a scenario for the prose (`{{ scenario.<id>.<suffix> }}`).

use crate::advice::advise;
use crate::breakeven::{cache_break_even, matching_discount, Point};
use crate::format::{count, decimal, money, percent};
use crate::model::{compute, Cache, Item, Scenario, Ttl};
use crate::prices::PriceBook;
use crate::traffic::Arrival;
use crate::validate::validate;

/// Every figure of a scenario as `(suffix, text)`. The suffixes:
///
/// - `requests_per_month`, `requests_per_hour`, `active_hours_per_day`, `days_per_month`:
///   traffic, e.g. `14,400`, `30`; `prefix_tokens`, `input_tokens`, `output_tokens`: the
///   inputs per request, e.g. `20,000`; `lambda_ttl.5m`, `lambda_ttl.1h`: requests expected
///   within one TTL, e.g. `2.5`.
/// - `hit_rate.5m`, `hit_rate.1h`: hit rate in force per TTL, e.g. `91.8%`;
///   `hit_rate.source`: `estimated from traffic` or `measured`.
/// - `<provider>.<route>.<cache>.total` and `.per_1k` for every route, where `<cache>` is
///   `no-cache`, `cache-5m` or `cache-1h`: dollars (`$1,234.56`), or why the row has no price
///   (`price not published`, `prompt caching not offered`, ...).
/// - `<provider>.<cache>.total`, `.per_1k`, `.hit_rate` and one per line item (`.input`,
///   `.cache-write`, `.cache-read`, `.output`): the same for the provider's base route.
/// - `<provider>.<cache>.tokens.<item>`: tokens a month on that line item, e.g. `1,209,600`.
/// - `hit_rate.5m.steady`, `hit_rate.1h.steady`: `1 - e^(-lambda*TTL)`, the hit rate away from
///   the start of an active period.
/// - `<provider>.<cache>.saving`: no-cache total minus this cache choice's total (base route).
/// - `<provider>.breakeven.<ttl>.hit_rate` and `.reads_per_write` (`<ttl>`: `5m`, `1h`):
///   the hit rate above which caching pays (`21.7%`), reads per write to break even (`0.28`);
///   `always` or `never` where that is the answer.
/// - `<provider>.match_discount`: enterprise discount at which the provider's cheapest row
///   costs what the cheapest other provider's does, like with like (a cache choice the
///   provider cannot price for want of a published figure is left out on both sides): `0%`
///   when it already is cheapest, `not reachable` otherwise.
/// - `cheapest` (`Anthropic API, Global, 1-hour cache`), `cheapest.total`.
/// - `advice` (the TTL advice sentence), `advice.choice` (`1-hour cache`).
pub fn scenario_values(book: &PriceBook, sc: &Scenario) -> Result<Vec<(String, String)>, String> {
    if let Some(e) = validate(book, sc).first() {
        let mut msg = String::from("invalid scenario: ");
        msg.push_str(&e.field);
        msg.push_str(": ");
        msg.push_str(&e.message);
        return Err(msg);
    }
    let report = compute(book, sc);
    let mut v: Vec<(String, String)> = Vec::new();
    let mut put = |k: String, val: String| v.push((k, val));
    put(
        "requests_per_month".into(),
        count(report.requests_per_month),
    );
    put(
        "requests_per_hour".into(),
        decimal(sc.requests_per_hour, 0, 2),
    );
    put("hit_rate.5m".into(), percent(report.hit_5m));
    put("hit_rate.1h".into(), percent(report.hit_1h));
    put(
        "active_hours_per_day".into(),
        decimal(sc.active_hours_per_day, 0, 2),
    );
    put("days_per_month".into(), decimal(sc.days_per_month, 0, 2));
    put("prefix_tokens".into(), count(sc.prefix_tokens));
    put("input_tokens".into(), count(sc.input_tokens));
    put("output_tokens".into(), count(sc.output_tokens));
    for ttl in [Ttl::FiveMinutes, Ttl::OneHour] {
        put(
            ["lambda_ttl.", ttl.id()].concat(),
            decimal(sc.requests_per_hour * ttl.hours(), 0, 2),
        );
        // Steady state only (no cold start at the start of each active period).
        let steady = 1.0 - libm::exp(-sc.requests_per_hour * ttl.hours());
        put(["hit_rate.", ttl.id(), ".steady"].concat(), percent(steady));
    }
    let source = if report.measured {
        "measured"
    } else {
        "estimated from traffic"
    };
    put("hit_rate.source".into(), source.into());
    let n = report.requests_per_month;
    for row in &report.rows {
        let base = [row.provider.as_str(), row.route.as_str(), row.cache.key()].join(".");
        let (total, per_1k) = match &row.outcome {
            Ok(c) => (money(c.total_cents), per_thousand(c.exact_total, n)),
            Err(e) => (e.clone(), e.clone()),
        };
        put(base.clone() + ".total", total.clone());
        put(base + ".per_1k", per_1k.clone());
        if row.route_index != 0 {
            continue;
        }
        let short = [row.provider.as_str(), row.cache.key()].join(".");
        put(short.clone() + ".total", total);
        put(short.clone() + ".per_1k", per_1k);
        if let Ok(c) = &row.outcome {
            put(short.clone() + ".hit_rate", percent(c.hit_rate));
            for item in Item::ALL {
                put(
                    [short.as_str(), item.key()].join("."),
                    money(c.item_cents(item)),
                );
                let tokens: f64 = c
                    .lines
                    .iter()
                    .filter(|l| l.item == item)
                    .map(|l| l.tokens)
                    .sum();
                put(
                    [short.as_str(), "tokens", item.key()].join("."),
                    count(tokens),
                );
            }
            if let Some(Ok(none)) = report
                .row(&row.provider, 0, Cache::None)
                .map(|r| &r.outcome)
            {
                put(short + ".saving", money(none.total_cents - c.total_cents));
            }
        }
    }
    for provider in &book.providers {
        let Some(offer) = book.offer(&provider.id, &sc.model) else {
            continue;
        };
        for ttl in [Ttl::FiveMinutes, Ttl::OneHour] {
            let key = [provider.id.as_str(), "breakeven", ttl.id()].join(".");
            let (h, k) = match cache_break_even(offer, ttl, sc) {
                Ok((h, k)) => (point(h, true), point(k, false)),
                Err(e) => (e.to_string(), e.to_string()),
            };
            put(key.clone() + ".hit_rate", h);
            put(key + ".reads_per_write", k);
        }
        let m = match matching_discount(sc, &report, &provider.id) {
            Some(d) => percent(d),
            None => "not reachable".into(),
        };
        put(provider.id.clone() + ".match_discount", m);
    }
    if let Some(i) = report.cheapest() {
        let r = &report.rows[i];
        let name = [
            r.provider_name.as_str(),
            r.route_name.as_str(),
            r.cache.label(),
        ]
        .join(", ");
        put("cheapest".into(), name);
        if let Ok(c) = &r.outcome {
            put("cheapest.total".into(), money(c.total_cents));
        }
    }
    if let Some(a) = advise(&report, sc.requests_per_hour, sc.arrival == Arrival::Even) {
        put("advice".into(), a.sentence);
        put("advice.choice".into(), lower(Cache::ALL[a.best].label()));
    }
    Ok(v)
}

/// Dollars per 1,000 requests, e.g. `$12.34`.
pub fn per_thousand(total: f64, requests: f64) -> String {
    if requests > 0.0 {
        crate::format::dollars(total / requests * 1000.0)
    } else {
        "no requests".into()
    }
}

/// A break-even point as text: a share in percent, or a count with two decimals.
pub fn point(p: Point, share: bool) -> String {
    match p {
        Point::Always => "always".into(),
        Point::Never => "never".into(),
        Point::At(x) if share => percent(x),
        Point::At(x) => decimal(x, 2, 2),
    }
}

fn lower(s: &str) -> String {
    s.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata::{book, scenario};

    fn get<'a>(v: &'a [(String, String)], k: &str) -> &'a str {
        &v.iter()
            .find(|(key, _)| key == k)
            .unwrap_or_else(|| panic!("no {k}"))
            .1
    }

    #[test]
    fn values_cover_every_family() {
        let v = scenario_values(&book(), &scenario()).unwrap();
        assert_eq!(get(&v, "requests_per_month"), "14,400");
        assert_eq!(get(&v, "anthropic.breakeven.5m.hit_rate"), "21.7%");
        assert_eq!(get(&v, "anthropic.breakeven.1h.reads_per_write"), "1.11");
        assert_eq!(get(&v, "hit_rate.source"), "estimated from traffic");
        // 14,400 requests x 20,500 input tokens, uncached.
        assert_eq!(get(&v, "anthropic.no-cache.tokens.input"), "295,200,000");
        assert_eq!(get(&v, "anthropic.cache-1h.tokens.cache-write"), "600,000");
        assert_eq!(get(&v, "lambda_ttl.5m"), "2.5");
        assert_eq!(get(&v, "advice.choice"), "1-hour cache");
        assert!(get(&v, "bedrock.geographic.cache-5m.total").starts_with('$'));
        // Base-route aliases equal the full keys.
        assert_eq!(
            get(&v, "anthropic.cache-1h.total"),
            get(&v, "anthropic.global.cache-1h.total")
        );
        // Keys are unique.
        let mut keys: Vec<_> = v.iter().map(|(k, _)| k.clone()).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), v.len());
    }

    #[test]
    fn invalid_scenarios_are_errors_naming_the_field() {
        let mut sc = scenario();
        sc.prefix_tokens = -1.0;
        let e = scenario_values(&book(), &sc).unwrap_err();
        assert!(e.contains("prefix_tokens"), "{e}");
    }
}
