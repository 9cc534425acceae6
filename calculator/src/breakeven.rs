//! Break-even figures: when caching pays, and what enterprise discount would close a price gap.
//!
//! **Hit rate.** Per request, the prefix costs `P*p*B_in*E_in` uncached and
//! `P*p*B_c*((1-h)*w*E_w + h*r*E_r)` cached, where `p` is the route-adjusted input price, `w`
//! the write multiplier of the TTL, `r` the read multiplier, `B_in = 1 - b*D` the average batch
//! factor on input (`b` batch share, `D` batch discount), `B_c` the same on cache lines (`B_in`
//! where the batch discount applies to cache, else 1) and `E_x = 1 - d` on discounted items
//! (else 1). Setting them equal gives the break-even hit rate
//! `h* = (B_c*w*E_w - B_in*E_in) / (B_c*(w*E_w - r*E_r))`: caching pays above `h*`.
//!
//! **Reads per write.** A write followed by `k` reads costs `w + k*r` (same factors) against
//! `1 + k` uncached, so `k* = (B_c*w*E_w - B_in*E_in) / (B_in*E_in - B_c*r*E_r)`; note
//! `h* = k*/(1 + k*)`.
//!
//! **Enterprise discount to match.** A provider's row costs `C(d) = F + (1 - d)*S`, where `S` is
//! the part on discounted items at `d = 0` and `F` the rest. It equals the cheapest row `T` of
//! the other providers at `d = 1 - (T - F)/S`; the smallest such `d` over the provider's rows
//! is reported.

use crate::model::{Item, Report, Scenario, Ttl};
use crate::prices::Offer;

/// Where a break-even lies.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Point {
    /// Caching already pays with no hits at all (only possible with odd multipliers).
    Always,
    /// Caching pays above this value.
    At(f64),
    /// Caching never pays at these prices.
    Never,
}

/// Break-even hit rate and reads per write for one offer and TTL, or why there is none.
pub fn cache_break_even(
    offer: &Offer,
    ttl: Ttl,
    sc: &Scenario,
) -> Result<(Point, Point), &'static str> {
    let cp = offer.cache.as_ref().ok_or("prompt caching not offered")?;
    let w = cp.write(ttl)?;
    let (b_in, b_c) = match (&offer.batch, sc.batch_share > 0.0) {
        (Some(bp), true) => {
            let discount = bp.discount.ok_or("batch price not published")?;
            let f = 1.0 - sc.batch_share * discount;
            match bp.applies_to_cache {
                Some(true) => (f, f),
                Some(false) => (f, 1.0),
                None => return Err("batch price of cache writes and reads not published"),
            }
        }
        (None, true) => return Err("batch processing not offered"),
        (_, false) => (1.0, 1.0),
    };
    let d = sc.discount(&offer.provider);
    let e = |item| {
        if d > 0.0 && sc.discount_items.contains(&item) {
            1.0 - d
        } else {
            1.0
        }
    };
    let uncached = b_in * e(Item::Input);
    let write = b_c * w * e(Item::CacheWrite);
    let read = b_c * cp.read * e(Item::CacheRead);
    let num = write - uncached;
    let hit = if num <= 0.0 {
        Point::Always
    } else if write - read <= 0.0 || num / (write - read) >= 1.0 {
        Point::Never
    } else {
        Point::At(num / (write - read))
    };
    let reads = if num <= 0.0 {
        Point::Always
    } else if uncached - read <= 0.0 {
        Point::Never
    } else {
        Point::At(num / (uncached - read))
    };
    Ok((hit, reads))
}

/// The enterprise discount at which `provider`'s cheapest row would cost what the cheapest row
/// of every other provider costs. `Some(0.0)` when it is already cheapest; `None` when no
/// discount below 100 % gets there or there is nothing to compare.
pub fn matching_discount(sc: &Scenario, report: &Report, provider: &str) -> Option<f64> {
    let target = report
        .cheapest_other(provider)?
        .outcome
        .as_ref()
        .ok()?
        .exact_total;
    // Undo the provider's own discount line by line instead of pricing everything again.
    let d = sc.discount(provider);
    let mut best: Option<f64> = None;
    for row in report.rows.iter().filter(|r| r.provider == provider) {
        let Ok(c) = &row.outcome else { continue };
        let (mut f, mut s) = (0.0, 0.0);
        for l in &c.lines {
            if sc.discount_items.contains(&l.item) {
                s += l.exact / (1.0 - d);
            } else {
                f += l.exact;
            }
        }
        let d = if f + s <= target {
            0.0
        } else if s > 0.0 {
            1.0 - (target - f) / s
        } else {
            continue;
        };
        if d < 1.0 && best.is_none_or(|b| d < b) {
            best = Some(d.max(0.0));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::compute;
    use crate::testdata::{book, scenario};

    #[test]
    fn anthropic_list_multipliers_break_even_by_hand() {
        let b = book();
        let offer = b.offer("anthropic", "sonnet-4-6").unwrap();
        let sc = scenario();
        // 5 minutes: (1.25 - 1) / (1.25 - 0.1) = 0.2174; k* = 0.25 / 0.9 = 0.2778.
        let (h, k) = cache_break_even(offer, Ttl::FiveMinutes, &sc).unwrap();
        assert!(
            matches!(h, Point::At(x) if (x - 0.25 / 1.15).abs() < 1e-12),
            "{h:?}"
        );
        assert!(
            matches!(k, Point::At(x) if (x - 0.25 / 0.9).abs() < 1e-12),
            "{k:?}"
        );
        // 1 hour: (2 - 1) / (2 - 0.1) = 0.5263; k* = 1 / 0.9 = 1.111.
        let (h, k) = cache_break_even(offer, Ttl::OneHour, &sc).unwrap();
        assert!(matches!(h, Point::At(x) if (x - 1.0 / 1.9).abs() < 1e-12));
        assert!(matches!(k, Point::At(x) if (x - 1.0 / 0.9).abs() < 1e-12));
    }

    #[test]
    fn batch_that_skips_cache_lines_moves_the_break_even() {
        // All requests batched at 50 % off, cache lines not discounted: uncached prefix costs
        // 0.5, a 5-minute write 1.25, a read 0.1: h* = 0.75 / 1.15.
        let b = book();
        let offer = b.offer("bedrock", "sonnet-4-6").unwrap();
        let mut sc = scenario();
        sc.batch_share = 1.0;
        let (h, _) = cache_break_even(offer, Ttl::FiveMinutes, &sc).unwrap();
        assert!(
            matches!(h, Point::At(x) if (x - 0.75 / 1.15).abs() < 1e-12),
            "{h:?}"
        );
    }

    #[test]
    fn matching_discount_closes_the_gap_exactly() {
        let b = book();
        let mut sc = scenario();
        // Make Bedrock dearer with a geographic-only comparison: give Anthropic 10 % off.
        sc.enterprise_discount.insert("anthropic".into(), 0.1);
        let report = compute(&b, &sc);
        let d = matching_discount(&sc, &report, "bedrock").expect("reachable");
        assert!(d > 0.0 && d < 1.0, "{d}");
        let mut matched = sc.clone();
        matched.enterprise_discount.insert("bedrock".into(), d);
        let r2 = compute(&b, &matched);
        let bed = r2
            .rows
            .iter()
            .filter(|r| r.provider == "bedrock")
            .filter_map(|r| r.outcome.as_ref().ok())
            .map(|c| c.exact_total)
            .fold(f64::MAX, f64::min);
        let other = report
            .cheapest_other("bedrock")
            .unwrap()
            .outcome
            .as_ref()
            .unwrap()
            .exact_total;
        assert!(
            (bed - other).abs() < 1e-6 * other.max(1.0),
            "{bed} vs {other}"
        );
        // The provider's own discount, already entered, does not change the answer.
        let mut own = sc.clone();
        own.enterprise_discount.insert("bedrock".into(), 0.05);
        let d2 = matching_discount(&own, &compute(&b, &own), "bedrock").unwrap();
        assert!((d - d2).abs() < 1e-9, "{d} vs {d2}");
        // Anthropic is already the cheapest: it needs no discount.
        assert_eq!(matching_discount(&sc, &report, "anthropic"), Some(0.0));
    }
}
