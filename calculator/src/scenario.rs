//! The workload a cost is computed for: what the form and `data/scenarios.yaml` (`inputs:`)
//! describe, with its defaults, and the hit rate and discounts it implies.

use serde::{Deserialize, Serialize};

use crate::model::{Item, Ttl};
use crate::prices::PriceBook;
use crate::traffic::{Arrival, Traffic};

/// One workload, as the form and `data/scenarios.yaml` (`inputs:`) describe it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Model id from the price book, e.g. `sonnet-4-6`.
    pub model: String,
    /// Requests per hour during active hours (lambda of the traffic model).
    pub requests_per_hour: f64,
    /// Hours a day with traffic, `0 < x <= 24` (default 24).
    #[serde(default = "default_hours")]
    pub active_hours_per_day: f64,
    /// Days a month with traffic, `1..=31` (default 30).
    #[serde(default = "default_days")]
    pub days_per_month: f64,
    /// `poisson` (random, the default) or `even` (evenly spaced).
    #[serde(default)]
    pub arrival: Arrival,
    /// Tokens of the prefix repeated on every request (the cacheable part).
    pub prefix_tokens: f64,
    /// Other input tokens per request (never cached).
    pub input_tokens: f64,
    /// Output tokens per request.
    pub output_tokens: f64,
    /// The tokenizer (an id of the book's `tokenizers`) the three token counts were measured
    /// with; empty: the priced model's own. Counts from another tokenizer are converted.
    #[serde(default)]
    pub tokens_from: String,
    /// A hit rate measured from usage logs (0..=1), used for every TTL; absent: from traffic.
    #[serde(default)]
    pub measured_hit_rate: Option<f64>,
    /// The TTL the break-even figures and the hit-rate chart are drawn for: `5m` or `1h`.
    #[serde(default)]
    pub cache_ttl: Ttl,
    /// Share of requests sent through batch processing, `0..=1` (default 0).
    #[serde(default)]
    pub batch_share: f64,
    /// Negotiated discount per provider id, `0..1` (e.g. `bedrock: 0.1` for 10 % off).
    #[serde(default)]
    pub enterprise_discount: Discounts,
    /// Line items the enterprise discount applies to (default: all four).
    #[serde(default = "all_items")]
    pub discount_items: Vec<Item>,
}

/// Enterprise discount per provider id; a map in YAML and JSON (`{bedrock: 0.1}`).
///
/// A short sorted list rather than a `BTreeMap`: the map's code costs the wasm about 10 KB for
/// the two or three entries it will ever hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Discounts(Vec<(String, f64)>);

impl Discounts {
    pub fn new() -> Discounts {
        Discounts(Vec::new())
    }
    pub fn get(&self, provider: &str) -> Option<&f64> {
        self.0.iter().find(|(k, _)| k == provider).map(|(_, v)| v)
    }
    /// Sets a provider's discount, keeping the list sorted by provider id.
    pub fn insert(&mut self, provider: String, d: f64) {
        match self.0.iter().position(|(k, _)| *k >= provider) {
            Some(i) if self.0[i].0 == provider => self.0[i].1 = d,
            Some(i) => self.0.insert(i, (provider, d)),
            None => self.0.push((provider, d)),
        }
    }
    /// Appends without sorting (the browser builds the list in provider order).
    pub fn push(&mut self, provider: String, d: f64) {
        self.0.push((provider, d));
    }
    pub fn iter(&self) -> impl Iterator<Item = (&String, &f64)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<'a> IntoIterator for &'a Discounts {
    type Item = (&'a String, &'a f64);
    type IntoIter = Box<dyn Iterator<Item = (&'a String, &'a f64)> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl Serialize for Discounts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Discounts {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Discounts, D::Error> {
        let map = std::collections::BTreeMap::<String, f64>::deserialize(d)?;
        Ok(Discounts(map.into_iter().collect()))
    }
}

fn default_hours() -> f64 {
    24.0
}
fn default_days() -> f64 {
    30.0
}
fn all_items() -> Vec<Item> {
    Item::ALL.to_vec()
}

impl Scenario {
    /// A neutral scenario for `model`: no traffic or tokens yet, random arrivals, the 5-minute
    /// TTL, no batch and no discounts (the importer fills in a log's figures).
    pub fn of_model(model: &str) -> Scenario {
        Scenario {
            model: model.to_owned(),
            requests_per_hour: 0.0,
            active_hours_per_day: default_hours(),
            days_per_month: default_days(),
            arrival: Arrival::default(),
            prefix_tokens: 0.0,
            input_tokens: 0.0,
            output_tokens: 0.0,
            tokens_from: String::new(),
            measured_hit_rate: None,
            cache_ttl: Ttl::default(),
            batch_share: 0.0,
            enterprise_discount: Discounts::new(),
            discount_items: all_items(),
        }
    }

    pub fn traffic(&self) -> Traffic {
        Traffic {
            requests_per_hour: self.requests_per_hour,
            active_hours_per_day: self.active_hours_per_day,
            days_per_month: self.days_per_month,
            arrival: self.arrival,
        }
    }

    /// Hit rate in force for a TTL: the measured one if given, else the traffic model's.
    pub fn hit_rate(&self, ttl: Ttl) -> f64 {
        match self.measured_hit_rate {
            Some(h) => h.clamp(0.0, 1.0),
            None => self.traffic().hit_rate(ttl.hours()),
        }
    }

    /// The scenario as the form states it: every provider's discount field has a value, so
    /// the scenario lists each, 0 where none was given (the page's exports then read the same
    /// before and after the first update in the browser).
    pub fn as_on_form(&self, book: &PriceBook) -> Scenario {
        let mut sc = self.clone();
        sc.enterprise_discount = Discounts::new();
        for p in &book.providers {
            sc.enterprise_discount
                .push(p.id.clone(), self.discount(&p.id));
        }
        sc
    }

    /// The scenario with its token counts in the priced model's tokenizer (and `tokens_from`
    /// cleared), and the factor they were multiplied by.
    pub fn in_model_tokens(&self, book: &PriceBook) -> (Scenario, f64) {
        let ratio = book.token_ratio(&self.tokens_from, &self.model);
        let mut sc = self.clone();
        sc.tokens_from = String::new();
        for x in [
            &mut sc.prefix_tokens,
            &mut sc.input_tokens,
            &mut sc.output_tokens,
        ] {
            *x *= ratio;
        }
        (sc, ratio)
    }

    /// Enterprise discount entered for a provider (0 when none).
    pub fn discount(&self, provider: &str) -> f64 {
        self.enterprise_discount
            .get(provider)
            .copied()
            .unwrap_or(0.0)
    }
}
