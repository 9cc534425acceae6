//! TTL advice: no cache, 5-minute or 1-hour cache on the cheapest route, and one sentence why.

use crate::format::{cat, money, percent};
use crate::model::{push_unpublished, unpublished, Cache, Report, Ttl};

/// The three cache choices of one provider route, side by side.
#[derive(Clone, Debug, PartialEq)]
pub struct Advice {
    /// Total cents for no cache, 5-minute and 1-hour cache (`None`: not offered / not priced).
    pub totals: [Option<i64>; 3],
    /// Index into [`Cache::ALL`] of the cheapest choice.
    pub best: usize,
    pub sentence: String,
}

/// Advice for the route of the cheapest row of the report (whose cache choice is therefore
/// the cheapest of the three on that route).
pub fn advise(report: &Report, requests_per_hour: f64, even: bool) -> Option<Advice> {
    let cheapest = &report.rows[report.cheapest()?];
    let totals = Cache::ALL.map(|c| {
        let row = report.row(&cheapest.provider, cheapest.route_index, c)?;
        row.outcome.as_ref().ok().map(|c| c.total_cents)
    });
    let best = Cache::ALL
        .iter()
        .position(|c| *c == cheapest.cache)
        .unwrap_or(0);
    let low = totals[best].unwrap_or(0);
    let mut s = if report.measured {
        cat(&[
            "With the measured hit rate of ",
            &percent(report.hit_5m),
            " for either TTL",
        ])
    } else {
        cat(&[
            "At ",
            &crate::format::decimal(requests_per_hour, 0, 2),
            if even { " evenly spaced" } else { " random" },
            " requests an hour, a 5-minute cache is expected to serve ",
            &percent(report.hit_5m),
            " of requests from cache and a 1-hour cache ",
            &percent(report.hit_1h),
        ])
    };
    s.push_str(&cat(&[
        ". On ",
        &cheapest.provider_name,
        ", ",
        &cheapest.route_name,
        ", ",
        choice(best),
        " is cheapest at ",
        &money(low),
        " a month",
    ]));
    let mut sep = ": ";
    for (i, t) in totals.iter().enumerate() {
        let Some(t) = t else { continue };
        if i != best {
            let diff = if *t == low {
                "the same as ".into()
            } else {
                cat(&[&money(t - low), " less than "])
            };
            s.push_str(&cat(&[sep, &diff, choice(i)]));
            sep = " and ";
        }
    }
    s.push('.');
    // A choice whose price is not published is named, not silently dropped.
    for c in Cache::ALL {
        let row = report.row(&cheapest.provider, cheapest.route_index, c);
        if let Some(Err(why)) = row.map(|r| &r.outcome) {
            if unpublished(why) {
                s.push(' ');
                // Sentence case, from a table: slicing a str links the formatter (KBs of wasm).
                s.push_str(match c {
                    Cache::None => "No caching",
                    Cache::Ttl(Ttl::FiveMinutes) => "The 5-minute cache",
                    Cache::Ttl(Ttl::OneHour) => "The 1-hour cache",
                });
                s.push_str(" is left out");
                push_unpublished(&mut s, why);
            }
        }
    }
    Some(Advice {
        totals,
        best,
        sentence: s,
    })
}

/// A cache choice inside a sentence.
fn choice(i: usize) -> &'static str {
    Cache::ALL[i].phrase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::compute;
    use crate::testdata::{book, scenario};

    #[test]
    fn one_hour_wins_at_thirty_requests_an_hour() {
        let sc = scenario();
        let r = compute(&book(), &sc);
        let a = advise(&r, sc.requests_per_hour, false).unwrap();
        assert_eq!(a.best, 2, "{}", a.sentence);
        let (none, m5, h1) = (
            a.totals[0].unwrap(),
            a.totals[1].unwrap(),
            a.totals[2].unwrap(),
        );
        assert!(h1 < m5 && m5 < none);
        assert!(a.sentence.contains(&money(m5 - h1)), "{}", a.sentence);
        assert!(a.sentence.contains(&percent(r.hit_5m)));
        assert!(
            a.sentence.contains("the 1-hour cache is cheapest"),
            "{}",
            a.sentence
        );
    }

    #[test]
    fn measured_rate_is_said_to_be_measured() {
        let mut sc = scenario();
        sc.measured_hit_rate = Some(0.0);
        let r = compute(&book(), &sc);
        let a = advise(&r, sc.requests_per_hour, false).unwrap();
        assert!(
            a.sentence.starts_with("With the measured hit rate of 0%"),
            "{}",
            a.sentence
        );
        assert_eq!(a.best, 0, "no hits: no caching is cheapest");
    }
}
