//! The cost model: a scenario in, every priced route's monthly bill out, line by line.
//!
//! Per request the prompt has three parts: a prefix of `P` tokens identical on every request
//! (system prompt, tools, documents: the part a cache can hold), `U` other input tokens and `O`
//! output tokens. Over `N` requests a month with hit rate `h` and batch share `b`:
//!
//! | line item   | tokens                         | price per MTok                          |
//! |-------------|--------------------------------|-----------------------------------------|
//! | input       | `N*U` (+ `N*P` when not cached) | `base_in * route * batch * ent`         |
//! | cache write | `N*(1-h)*P`                    | `base_in * route * write_ttl * batch' * ent` |
//! | cache read  | `N*h*P`                        | `base_in * route * read * batch' * ent` |
//! | output      | `N*O`                          | `base_out * route * batch * ent`        |
//!
//! **Stacking order**, the same everywhere: base price -> route multiplier -> cache multiplier ->
//! batch discount (`1 - D` on the batch share of requests; on cache lines only where the
//! provider's `applies_to_cache` says so, written `batch'` above) -> enterprise discount (`1 - d`
//! on the line items the user selected). All factors multiply, so the order changes no figure,
//! but the breakdown always lists them in this order.
//!
//! Each line is computed exactly, then the total is rounded once to the cent and the cents are
//! shared out over the lines by largest remainder, so the shown lines add up to the shown total.

use serde::{Deserialize, Serialize};

pub use crate::prices::Factor;
use crate::prices::{Charge, Offer, PriceBook, Route};
pub use crate::scenario::{Discounts, Scenario};

/// Cache lifetime.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Ttl {
    #[default]
    #[serde(rename = "5m")]
    FiveMinutes,
    #[serde(rename = "1h")]
    OneHour,
}

impl Ttl {
    pub fn hours(self) -> f64 {
        match self {
            Ttl::FiveMinutes => 5.0 / 60.0,
            Ttl::OneHour => 1.0,
        }
    }
    pub fn id(self) -> &'static str {
        match self {
            Ttl::FiveMinutes => "5m",
            Ttl::OneHour => "1h",
        }
    }
}

/// The cache choice of a row: none, or one TTL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cache {
    None,
    Ttl(Ttl),
}

impl Cache {
    pub const ALL: [Cache; 3] = [
        Cache::None,
        Cache::Ttl(Ttl::FiveMinutes),
        Cache::Ttl(Ttl::OneHour),
    ];
    /// Key used in `scenario_values` and exports: `no-cache`, `cache-5m`, `cache-1h`.
    pub fn key(self) -> &'static str {
        match self {
            Cache::None => "no-cache",
            Cache::Ttl(Ttl::FiveMinutes) => "cache-5m",
            Cache::Ttl(Ttl::OneHour) => "cache-1h",
        }
    }
    /// The choice inside a sentence.
    pub fn phrase(self) -> &'static str {
        match self {
            Cache::None => "no caching",
            Cache::Ttl(Ttl::FiveMinutes) => "the 5-minute cache",
            Cache::Ttl(Ttl::OneHour) => "the 1-hour cache",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Cache::None => "No caching",
            Cache::Ttl(Ttl::FiveMinutes) => "5-minute cache",
            Cache::Ttl(Ttl::OneHour) => "1-hour cache",
        }
    }
}

/// A line item of the bill.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Item {
    Input,
    CacheWrite,
    CacheRead,
    Output,
}

impl Item {
    pub const ALL: [Item; 4] = [Item::Input, Item::CacheWrite, Item::CacheRead, Item::Output];
    pub fn key(self) -> &'static str {
        match self {
            Item::Input => "input",
            Item::CacheWrite => "cache-write",
            Item::CacheRead => "cache-read",
            Item::Output => "output",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Item::Input => "Input",
            Item::CacheWrite => "Cache write",
            Item::CacheRead => "Cache read",
            Item::Output => "Output",
        }
    }
}

/// One line of the "how this was computed" breakdown.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub item: Item,
    /// Whether this line is the batch share of the requests.
    pub batch: bool,
    pub tokens: f64,
    /// Base price per million tokens (before any factor).
    pub base_mtok: f64,
    /// Factors other than 1, in stacking order.
    pub factors: Vec<Factor>,
    /// Unrounded dollars.
    pub exact: f64,
    /// Cents shown (the lines' cents add up to the total's).
    pub cents: i64,
    /// The prompt-length threshold whose prices this line paid; `None`: the list prices.
    pub tier_above: Option<u32>,
}

/// A priced row.
#[derive(Clone, Debug, PartialEq)]
pub struct Costs {
    /// Hit rate in force (0 when nothing is cached).
    pub hit_rate: f64,
    /// Whether the prefix is actually cached on this row.
    pub cached: bool,
    pub lines: Vec<Line>,
    pub total_cents: i64,
    /// Unrounded total in dollars.
    pub exact_total: f64,
    /// Said next to the figures, e.g. that the prefix is too short to be cached.
    pub note: Option<String>,
    /// The prompt-length threshold whose prices every token paid; `None`: the list prices.
    pub tier_above: Option<u32>,
}

impl Costs {
    /// Cents of one line item over both request shares.
    pub fn item_cents(&self, item: Item) -> i64 {
        self.lines
            .iter()
            .filter(|l| l.item == item)
            .map(|l| l.cents)
            .sum()
    }
}

/// One provider x route x cache choice.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub provider: String,
    pub provider_name: String,
    pub route: String,
    pub route_name: String,
    /// 0 for the provider's base route.
    pub route_index: usize,
    pub cache: Cache,
    /// The costs, or why this row cannot be priced ("price not published", "... not offered").
    pub outcome: Result<Costs, String>,
}

impl Row {
    /// `provider.route.cache`: names the row in the page (`data-row`, `data-how`) and in tests.
    pub fn key(&self) -> String {
        crate::format::cat(&[&self.provider, ".", &self.route, ".", self.cache.key()])
    }
}

/// Every row of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub requests_per_month: f64,
    /// Whether the hit rate was measured (entered) rather than derived from traffic.
    pub measured: bool,
    /// Hit rate in force for the 5-minute and the 1-hour TTL.
    pub hit_5m: f64,
    pub hit_1h: f64,
    /// What the entered token counts were multiplied by to count in the model's tokenizer.
    pub token_ratio: f64,
    pub rows: Vec<Row>,
}

impl Report {
    /// Index of the cheapest priced row (first one on ties).
    pub fn cheapest(&self) -> Option<usize> {
        let mut best: Option<(usize, i64)> = None;
        for (i, r) in self.rows.iter().enumerate() {
            if let Ok(c) = &r.outcome {
                if best.is_none_or(|(_, t)| c.total_cents < t) {
                    best = Some((i, c.total_cents));
                }
            }
        }
        best.map(|(i, _)| i)
    }

    /// Hit rate in force for a TTL.
    pub fn hit_rate_for(&self, ttl: Ttl) -> f64 {
        match ttl {
            Ttl::FiveMinutes => self.hit_5m,
            Ttl::OneHour => self.hit_1h,
        }
    }

    /// The cheapest priced row of any provider other than `provider`, like with like: a cache
    /// choice `provider` cannot price for want of a published figure ([`Report::unknown_for`])
    /// is left out, so a price nobody published never reads as `provider` losing.
    pub fn cheapest_other(&self, provider: &str) -> Option<&Row> {
        let unknown = self.unknown_for(provider);
        self.rows
            .iter()
            .filter(|r| r.provider != provider && r.outcome.is_ok())
            .filter(|r| !unknown.iter().any(|u| u.cache == r.cache))
            .min_by_key(|r| {
                r.outcome
                    .as_ref()
                    .map(|c| c.total_cents)
                    .unwrap_or(i64::MAX)
            })
    }

    /// `provider`'s cache choices that no route of it can price because a figure is not
    /// published: one row each, whose outcome says which.
    pub fn unknown_for(&self, provider: &str) -> Vec<&Row> {
        let mut out: Vec<&Row> = Vec::new();
        for r in self.rows.iter().filter(|r| r.provider == provider) {
            let priced = |c: Cache| {
                self.rows
                    .iter()
                    .any(|x| x.provider == provider && x.cache == c && x.outcome.is_ok())
            };
            if r.outcome.as_ref().is_err_and(|e| unpublished(e))
                && !priced(r.cache)
                && !out.iter().any(|x| x.cache == r.cache)
            {
                out.push(r);
            }
        }
        out
    }

    /// What comparisons between providers leave out for want of a published figure (on either
    /// side: [`Report::cheapest_other`] drops the choice from both), one sentence per provider
    /// and reason, e.g. "Bedrock is left out with the 1-hour cache: its 1-hour cache price is not
    /// published." Empty when nothing is.
    pub fn left_out(&self) -> String {
        let mut s = String::new();
        let mut seen: Vec<&str> = Vec::new();
        for r in &self.rows {
            if seen.contains(&r.provider.as_str()) {
                continue;
            }
            seen.push(&r.provider);
            let unknown = self.unknown_for(&r.provider);
            let mut done: Vec<&str> = Vec::new();
            for u in &unknown {
                let why = u.outcome.as_ref().err().map_or("", String::as_str);
                if done.contains(&why) {
                    continue;
                }
                done.push(why);
                let same: Vec<Cache> = unknown
                    .iter()
                    .filter(|x| x.outcome.as_ref().err().map(String::as_str) == Some(why))
                    .map(|x| x.cache)
                    .collect();
                if !s.is_empty() {
                    s.push(' ');
                }
                s.push_str(&u.provider_name);
                s.push_str(" is left out");
                if same.len() < Cache::ALL.len() {
                    for (i, c) in same.iter().enumerate() {
                        s.push_str(match i {
                            0 => " with ",
                            i if i + 1 == same.len() => " and ",
                            _ => ", ",
                        });
                        s.push_str(c.phrase());
                    }
                }
                push_unpublished(&mut s, why);
            }
        }
        s
    }

    pub fn row(&self, provider: &str, route_index: usize, cache: Cache) -> Option<&Row> {
        self.rows
            .iter()
            .find(|r| r.provider == provider && r.route_index == route_index && r.cache == cache)
    }
}

/// `: its <figure> is not published.`, from a row's reason (`1-hour cache price not published`).
pub fn push_unpublished(s: &mut String, why: &str) {
    s.push_str(": its ");
    s.push_str(why.strip_suffix(" not published").unwrap_or(why));
    s.push_str(" is not published.");
}

/// Whether a row's reason for having no price is a figure nobody published (rather than
/// something the provider does not offer): every such reason says "not published".
pub fn unpublished(reason: &str) -> bool {
    reason.ends_with("not published")
}

/// Prices every provider x route x cache choice the price book has for the scenario's model.
/// The scenario must have passed [`crate::validate::validate`].
pub fn compute(book: &PriceBook, sc: &Scenario) -> Report {
    let (sc, token_ratio) = &sc.in_model_tokens(book);
    let min_ceiling = documented_min_ceiling(book);
    let mut rows = Vec::new();
    for provider in &book.providers {
        let Some(offer) = book.offer(&provider.id, &sc.model) else {
            continue;
        };
        for (route_index, route) in offer.routes.iter().enumerate() {
            for cache in Cache::ALL {
                rows.push(Row {
                    provider: provider.id.clone(),
                    provider_name: provider.name.clone(),
                    route: route.id.clone(),
                    route_name: route.name.clone(),
                    route_index,
                    cache,
                    outcome: price_row(min_ceiling, offer, route, cache, sc),
                });
            }
        }
    }
    Report {
        requests_per_month: sc.traffic().requests_per_month(),
        measured: sc.measured_hit_rate.is_some(),
        hit_5m: sc.hit_rate(Ttl::FiveMinutes),
        hit_1h: sc.hit_rate(Ttl::OneHour),
        token_ratio: *token_ratio,
        rows,
    }
}

/// The highest minimum cacheable prefix any offer in the book documents. Where a provider has not
/// published a model's minimum, a prefix at least this long is above every minimum known for these
/// models, so the row is priced (with a note saying so) instead of refused; a shorter one is not.
pub fn documented_min_ceiling(book: &PriceBook) -> Option<u32> {
    book.offers
        .iter()
        .filter_map(|o| o.cache.as_ref()?.min_prefix_tokens)
        .max()
}

/// Prices one row, or says why it cannot be priced. `min_ceiling` is
/// [`documented_min_ceiling`] of the book the offer comes from. Every price per token comes
/// from [`Offer::quote`]; this function only decides which quotes a row needs and how many
/// tokens each gets.
pub fn price_row(
    min_ceiling: Option<u32>,
    offer: &Offer,
    route: &Route,
    cache: Cache,
    sc: &Scenario,
) -> Result<Costs, String> {
    let (p, u, o) = (sc.prefix_tokens, sc.input_tokens, sc.output_tokens);
    let tier = offer.tier_for(p + u);
    let b = sc.batch_share;
    let mut note = None;
    let ttl = match cache {
        Cache::None => None,
        Cache::Ttl(ttl) => {
            let cp = offer.cache.as_ref().ok_or("prompt caching not offered")?;
            cp.write(ttl)?;
            let min = match (cp.min_prefix_tokens, min_ceiling) {
                (Some(min), _) => min,
                (None, Some(ceiling)) if p >= ceiling as f64 => {
                    let mut s = String::from("Minimum cacheable prefix not published; priced because the prefix is at least ");
                    s.push_str(&crate::format::count(ceiling as f64));
                    s.push_str(" tokens, the highest minimum documented here");
                    note = Some(s);
                    ceiling
                }
                _ => return Err("minimum cacheable prefix not published".into()),
            };
            if b > 0.0
                && offer
                    .batch
                    .as_ref()
                    .is_some_and(|bp| bp.applies_to_cache.is_none())
            {
                return Err("batch price of cache writes and reads not published".into());
            }
            if p < min as f64 {
                let mut s = String::from("The ");
                s.push_str(&crate::format::count(p));
                s.push_str("-token prefix is shorter than the minimum of ");
                s.push_str(&crate::format::count(min as f64));
                s.push_str(" tokens: it is not cached");
                note = Some(s);
                None
            } else {
                Some(ttl)
            }
        }
    };
    let d = sc.discount(&offer.provider);
    let n = sc.traffic().requests_per_month();
    let h = ttl.map_or(0.0, |t| sc.hit_rate(t));
    let mut lines = Vec::new();
    for is_batch in [false, true] {
        let share = if is_batch { b } else { 1.0 - b };
        if share <= 0.0 {
            continue;
        }
        let reqs = n * share;
        let mut push = |item: Item, charge: Charge, tokens: f64| -> Result<(), String> {
            if tokens <= 0.0 {
                return Ok(());
            }
            let q = offer.quote(charge, route, tier, is_batch)?;
            let mut factors = q.factors;
            if d > 0.0 && sc.discount_items.contains(&item) {
                factors.push(Factor {
                    label: "enterprise",
                    value: 1.0 - d,
                });
            }
            let exact = factors
                .iter()
                .fold(tokens * q.base_mtok / 1_000_000.0, |x, f| x * f.value);
            lines.push(Line {
                item,
                batch: is_batch,
                tokens,
                base_mtok: q.base_mtok,
                factors,
                exact,
                cents: 0,
                tier_above: tier_above(offer, tier),
            });
            Ok(())
        };
        match ttl {
            Some(ttl) => {
                push(Item::Input, Charge::Input, reqs * u)?;
                push(
                    Item::CacheWrite,
                    Charge::CacheWrite(ttl),
                    reqs * (1.0 - h) * p,
                )?;
                push(Item::CacheRead, Charge::CacheRead, reqs * h * p)?;
            }
            None => push(Item::Input, Charge::Input, reqs * (u + p))?,
        }
        push(Item::Output, Charge::Output, reqs * o)?;
    }
    let exact_total: f64 = lines.iter().map(|l| l.exact).sum();
    let total_cents = share_cents(&mut lines, exact_total);
    Ok(Costs {
        hit_rate: h,
        cached: ttl.is_some(),
        lines,
        total_cents,
        exact_total,
        note,
        tier_above: tier_above(offer, tier),
    })
}

/// The threshold of an offer's tier `tier` (0, the list prices: `None`).
pub fn tier_above(offer: &Offer, tier: usize) -> Option<u32> {
    tier.checked_sub(1)
        .and_then(|i| offer.tiers.get(i))
        .map(|t| t.above_prompt_tokens)
}

/// Rounds the total once and shares its cents over the lines by largest remainder.
pub(crate) fn share_cents(lines: &mut [Line], exact_total: f64) -> i64 {
    let total = crate::format::round_i64(exact_total * 100.0);
    let mut floors = 0i64;
    let mut rema: Vec<f64> = Vec::with_capacity(lines.len());
    for l in lines.iter_mut() {
        let c = l.exact * 100.0;
        let f = c.floor();
        l.cents = f as i64;
        floors += l.cents;
        rema.push(c - f);
    }
    // Hand the remaining cents to the largest remainders, first line first on ties (at most
    // eight lines: a selection loop is smaller in the wasm than a sort).
    let extra = (total - floors).clamp(0, lines.len() as i64);
    for _ in 0..extra {
        let mut best = 0;
        for (i, r) in rema.iter().enumerate() {
            if *r > rema[best] {
                best = i;
            }
        }
        lines[best].cents += 1;
        rema[best] = -1.0;
    }
    lines.iter().map(|l| l.cents).sum()
}
