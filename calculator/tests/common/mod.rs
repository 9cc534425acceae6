//! Shared test helpers: the fixture price book, a seeded generator and random scenarios.
#![allow(dead_code)]

use calculator::model::{Discounts, Item, Ttl};
use calculator::traffic::Arrival;
use calculator::{PriceBook, Scenario};

pub fn book() -> PriceBook {
    serde_json::from_str(include_str!("../fixtures/pricebook.json")).expect("fixture parses")
}

pub fn base() -> Scenario {
    Scenario {
        model: "sonnet-4-6".into(),
        requests_per_hour: 30.0,
        active_hours_per_day: 16.0,
        days_per_month: 30.0,
        arrival: Arrival::Poisson,
        prefix_tokens: 20_000.0,
        input_tokens: 500.0,
        output_tokens: 400.0,
        tokens_from: String::new(),
        measured_hit_rate: None,
        cache_ttl: Ttl::FiveMinutes,
        batch_share: 0.0,
        enterprise_discount: Discounts::new(),
        discount_items: Item::ALL.to_vec(),
    }
}

/// xorshift64*: small, seeded, no dependency.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[(self.next() % xs.len() as u64) as usize]
    }
    /// Log-uniform between `lo` and `hi`.
    pub fn log(&mut self, lo: f64, hi: f64) -> f64 {
        (lo.ln() + self.unit() * (hi.ln() - lo.ln())).exp()
    }
}

/// A random valid scenario over every model, arrival, TTL, batch share and discount.
pub fn random_scenario(rng: &mut Rng) -> Scenario {
    let model = rng
        .pick(&["haiku-4-5", "sonnet-4-6", "opus-4-7"])
        .to_string();
    let mut discounts = Discounts::new();
    for p in ["anthropic", "bedrock"] {
        if rng.unit() < 0.5 {
            discounts.insert(p.to_string(), (rng.unit() * 40.0).round() / 100.0);
        }
    }
    let items: Vec<Item> = Item::ALL.into_iter().filter(|_| rng.unit() < 0.7).collect();
    let free_share = rng.unit();
    Scenario {
        model,
        requests_per_hour: rng.log(0.05, 20_000.0),
        active_hours_per_day: *rng.pick(&[1.0, 8.0, 12.5, 16.0, 23.5, 24.0]),
        days_per_month: *rng.pick(&[1.0, 20.0, 22.0, 30.0, 31.0]),
        arrival: *rng.pick(&[Arrival::Poisson, Arrival::Even]),
        prefix_tokens: *rng.pick(&[0.0, 500.0, 1024.0, 4096.0, 20_000.0, 50_000.0, 180_000.0]),
        input_tokens: rng.log(1.0, 20_000.0).round(),
        output_tokens: *rng.pick(&[0.0, 1.0, 350.0, 1500.0, 8000.0]),
        tokens_from: String::new(),
        measured_hit_rate: if rng.unit() < 0.3 {
            Some(rng.unit())
        } else {
            None
        },
        cache_ttl: *rng.pick(&[Ttl::FiveMinutes, Ttl::OneHour]),
        batch_share: *rng.pick(&[0.0, 0.0, 0.25, 0.5, 1.0, free_share]),
        enterprise_discount: discounts,
        discount_items: items,
    }
}
