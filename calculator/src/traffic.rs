//! Expected cache hit rate from traffic: how often a request finds the prefix still cached.
//!
//! The rule the whole model rests on: every request, hit or miss, leaves the prefix cached for
//! one TTL (a miss writes it, a hit refreshes it). A request therefore hits exactly when an
//! earlier request of the same active period arrived less than one TTL before it.
//!
//! Traffic comes in *active periods*: `active_hours_per_day` hours a day on `days_per_month`
//! days, at `requests_per_hour` (lambda) during those hours. If the idle gap between periods
//! (`24 - active_hours_per_day` hours) is shorter than the TTL, the cache survives the night and
//! the whole month counts as one period (a slight over-estimate, said on the page).
//!
//! **Random (Poisson) arrivals.** The gap before a request is exponential with rate lambda, so
//! in steady state a request hits with probability `1 - e^(-lambda*TTL)`. The first minutes of a
//! period have no earlier request to lean on. Integrating over a period of `A` hours, the
//! expected number of misses per period is
//! `M = (1 - e^(-lambda*T)) + lambda*(A - T)*e^(-lambda*T)` when `A >= T`, and
//! `M = 1 - e^(-lambda*A)` when `A < T`; the hit rate is `1 - M / (lambda*A)`.
//! The first term is the cold start (about one miss per period), the second the steady state.
//!
//! **Evenly spaced arrivals.** `n = lambda*A` requests per period, `g = 1/lambda` hours apart:
//! if `g < T` every request but the first hits (`(n - 1)/n`), otherwise none does.

use serde::{Deserialize, Serialize};

/// How requests arrive within an active period (`poisson` or `even` in the data).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Arrival {
    /// Independent random arrivals (a Poisson process).
    #[default]
    Poisson,
    /// One request every `1/lambda` hours.
    Even,
}

/// Traffic as the user describes it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Traffic {
    pub requests_per_hour: f64,
    pub active_hours_per_day: f64,
    pub days_per_month: f64,
    pub arrival: Arrival,
}

impl Traffic {
    /// Requests per month: `lambda * active hours * days`.
    pub fn requests_per_month(&self) -> f64 {
        self.requests_per_hour * self.active_hours_per_day * self.days_per_month
    }

    /// Active periods per month and their length in hours, for a cache that lives `ttl_hours`.
    fn periods(&self, ttl_hours: f64) -> (f64, f64) {
        let idle = 24.0 - self.active_hours_per_day;
        if idle < ttl_hours {
            (1.0, self.active_hours_per_day * self.days_per_month)
        } else {
            (self.days_per_month, self.active_hours_per_day)
        }
    }

    /// Expected share of requests that read the prefix from a cache living `ttl_hours`; in [0, 1].
    pub fn hit_rate(&self, ttl_hours: f64) -> f64 {
        let lambda = self.requests_per_hour;
        let (_, a) = self.periods(ttl_hours);
        let n = lambda * a;
        // Written to catch NaN as well as zero.
        if n.is_nan() || n <= 0.0 || ttl_hours.is_nan() || ttl_hours <= 0.0 {
            return 0.0;
        }
        let h = match self.arrival {
            Arrival::Poisson => {
                let t = ttl_hours;
                let misses = if a >= t {
                    let e = libm::exp(-lambda * t);
                    (1.0 - e) + lambda * (a - t) * e
                } else {
                    1.0 - libm::exp(-lambda * a)
                };
                1.0 - misses / n
            }
            Arrival::Even => {
                if 1.0 / lambda < ttl_hours && n > 1.0 {
                    (n - 1.0) / n
                } else {
                    0.0
                }
            }
        };
        h.clamp(0.0, 1.0)
    }

    /// Whether the cache is expected to survive the idle gap between active periods.
    pub fn survives_idle_gap(&self, ttl_hours: f64) -> bool {
        self.periods(ttl_hours).0 == 1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn traffic(rph: f64, hours: f64, arrival: Arrival) -> Traffic {
        Traffic {
            requests_per_hour: rph,
            active_hours_per_day: hours,
            days_per_month: 30.0,
            arrival,
        }
    }

    #[test]
    fn poisson_steady_state_is_one_minus_exp() {
        // 12 requests an hour, 5-minute TTL: lambda*T = 1, steady state 1 - 1/e = 63.2 %.
        // Over 16-hour days the cold start costs about 0.63 extra misses a day out of 192.
        let h = traffic(12.0, 16.0, Arrival::Poisson).hit_rate(5.0 / 60.0);
        let e = libm::exp(-1.0);
        let misses_per_day = (1.0 - e) + 12.0 * (16.0 - 5.0 / 60.0) * e;
        assert!((h - (1.0 - misses_per_day / 192.0)).abs() < 1e-12);
        assert!((h - (1.0 - e)).abs() < 0.005, "{h}");
    }

    #[test]
    fn even_spacing_hits_all_but_the_first_or_none() {
        // 12 an hour are 5 minutes apart: a 5-minute TTL is not longer than the gap.
        assert_eq!(traffic(12.0, 16.0, Arrival::Even).hit_rate(5.0 / 60.0), 0.0);
        let h = traffic(13.0, 10.0, Arrival::Even).hit_rate(5.0 / 60.0);
        assert!((h - 129.0 / 130.0).abs() < 1e-12);
    }

    #[test]
    fn round_the_clock_traffic_is_one_period() {
        let t = traffic(1000.0, 24.0, Arrival::Even);
        assert!(t.survives_idle_gap(5.0 / 60.0));
        let n = t.requests_per_month();
        assert!((t.hit_rate(1.0) - (n - 1.0) / n).abs() < 1e-12);
        // 23.5 active hours leave a 30-minute night: a 1-hour cache survives it, a 5-minute one does not.
        let t = traffic(100.0, 23.5, Arrival::Poisson);
        assert!(t.survives_idle_gap(1.0) && !t.survives_idle_gap(5.0 / 60.0));
    }

    #[test]
    fn no_traffic_no_hits() {
        assert_eq!(traffic(0.0, 8.0, Arrival::Poisson).hit_rate(1.0), 0.0);
        assert_eq!(traffic(0.5, 1.0, Arrival::Even).hit_rate(1.0), 0.0);
    }
}
