//! TTL advice: no cache, 5-minute or 1-hour cache on the cheapest route, and one sentence why.

use crate::format::{money, percent};
use crate::model::{Cache, Report, Ttl};

/// The three cache choices of one provider route, side by side.
#[derive(Clone, Debug, PartialEq)]
pub struct Advice {
    pub provider: String,
    pub provider_name: String,
    pub route_index: usize,
    pub route_name: String,
    /// Total cents for no cache, 5-minute and 1-hour cache (`None`: not offered / not priced).
    pub totals: [Option<i64>; 3],
    /// Index into [`Cache::ALL`] of the cheapest choice.
    pub best: usize,
    pub sentence: String,
}

/// Advice for the route of the cheapest row of the report.
pub fn advise(report: &Report, requests_per_hour: f64, even: bool) -> Option<Advice> {
    let cheapest = &report.rows[report.cheapest()?];
    let totals = Cache::ALL.map(|c| {
        report
            .row(&cheapest.provider, cheapest.route_index, c)
            .and_then(|r| r.outcome.as_ref().ok())
            .map(|c| c.total_cents)
    });
    let mut best = 0;
    for i in 0..3 {
        if let Some(t) = totals[i] {
            if totals[best].is_none_or(|b| t < b) {
                best = i;
            }
        }
    }
    let mut s = String::new();
    if report.measured {
        s.push_str("With the measured hit rate of ");
        s.push_str(&percent(report.hit_5m));
        s.push_str(" for either TTL");
    } else {
        s.push_str("At ");
        s.push_str(&crate::format::decimal(requests_per_hour, 0, 2));
        s.push_str(if even { " evenly spaced" } else { " random" });
        s.push_str(" requests an hour, a 5-minute cache is expected to serve ");
        s.push_str(&percent(report.hit_5m));
        s.push_str(" of requests from cache and a 1-hour cache ");
        s.push_str(&percent(report.hit_1h));
    }
    s.push_str(". On ");
    s.push_str(&cheapest.provider_name);
    s.push_str(", ");
    s.push_str(&cheapest.route_name);
    s.push_str(", ");
    s.push_str(choice(best));
    s.push_str(" is cheapest at ");
    s.push_str(&money(totals[best].unwrap_or(0)));
    s.push_str(" a month");
    let mut first = true;
    for (i, t) in totals.iter().enumerate() {
        let Some(t) = t else { continue };
        if i == best {
            continue;
        }
        s.push_str(if first { ": " } else { " and " });
        first = false;
        let diff = t - totals[best].unwrap_or(0);
        if diff == 0 {
            s.push_str("the same as ");
        } else {
            s.push_str(&money(diff));
            s.push_str(" less than ");
        }
        s.push_str(choice(i));
    }
    s.push('.');
    if let Some(Ok(c)) = report
        .row(
            &cheapest.provider,
            cheapest.route_index,
            Cache::Ttl(Ttl::FiveMinutes),
        )
        .map(|r| &r.outcome)
    {
        if !c.cached {
            s.push_str(" Caching does not apply: ");
            s.push_str(&lower_first(c.note.as_deref().unwrap_or("")));
            s.push('.');
        }
    }
    Some(Advice {
        provider: cheapest.provider.clone(),
        provider_name: cheapest.provider_name.clone(),
        route_index: cheapest.route_index,
        route_name: cheapest.route_name.clone(),
        totals,
        best,
        sentence: s,
    })
}

/// A cache choice inside a sentence.
fn choice(i: usize) -> &'static str {
    ["no caching", "the 5-minute cache", "the 1-hour cache"][i]
}

fn lower_first(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    if let Some(c) = chars.next() {
        out.push(c.to_ascii_lowercase());
    }
    out.extend(chars);
    out
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
