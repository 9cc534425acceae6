//! Re-pricing a usage log: what its requests cost as recorded, on every route of every
//! provider that sells the model, without a cache and replayed against each cache lifetime.
//!
//! Every price comes from [`Offer::quote`]; token counts are summed per (charge, tier, batch)
//! bucket first, so a route's cost is a handful of lines however long the log, and those lines
//! add up to the total as the calculator's do. The replay assumes one shared prefix per model
//! (a log does not tell prefixes apart): a request hits when any request of the same model
//! used the cache less than one lifetime before it, and every use refreshes the entry, as the
//! vendors document. [`Report`] is rendered by [`crate::widget::reprice`] and [`text`].

pub mod book;
mod ids;
pub mod text;

use crate::format::cat;
use crate::model::{share_cents, tier_above, Costs, Item, Line, Scenario, Ttl};
use crate::prices::{Charge, Offer, PriceBook, Route};
use crate::usage::{Import, Record};

pub use ids::{find, normalise, Models};

/// Gap buckets of the histogram: upper bounds in milliseconds and labels.
pub const GAPS: [(i64, &str); 7] = [
    (1_000, "under 1 s"),
    (10_000, "1–10 s"),
    (60_000, "10–60 s"),
    (300_000, "1–5 min"),
    (3_600_000, "5–60 min"),
    (86_400_000, "1–24 h"),
    (i64::MAX, "24 h or more"),
];

/// What the reader gets for a log.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// Lines, requests and skipped records, with reasons.
    pub summary: String,
    pub refused: bool,
    /// Requests whose model the price data does not have: (name in the log, requests).
    pub unpriced: Vec<(String, u32)>,
    /// Requests that named no model, priced as `default_model`.
    pub unnamed: u32,
    pub default_model: String,
    pub models: Vec<ModelReport>,
    /// The calculator's form filled from the log's busiest model.
    pub scenario: Option<Scenario>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ModelReport {
    pub model: String,
    pub name: String,
    pub requests: u32,
    pub batch: u32,
    /// Requests with a time.
    pub timed: u32,
    /// First and last time (ms since 1970).
    pub span: Option<(i64, i64)>,
    /// Clock hours and calendar days (UTC) in which the timed requests came.
    pub busy: (u32, u32),
    /// Tokens: uncached input, 5-minute writes, 1-hour writes, reads, output.
    pub tokens: [u64; 5],
    /// Cache reads over reads and writes (`None`: nothing cacheable in the log).
    pub hit_rate: Option<f64>,
    /// Requests that read the cache, of those with cacheable tokens.
    pub hit_requests: (u32, u32),
    /// As the log's own routes bill it.
    pub recorded: Result<Costs, String>,
    /// The routes the log names, as "Amazon Bedrock, Global …".
    pub recorded_at: Vec<String>,
    pub routes: Vec<RouteCosts>,
    pub replay: Option<Replay>,
    /// Requests per [`GAPS`] bucket (gaps between consecutive requests of this model).
    pub gaps: [u32; 7],
    /// Requests priced at a long-prompt tier, per route.
    pub long: Vec<LongPrompts>,
}

/// One route of one provider for one model.
#[derive(Clone, Debug, PartialEq)]
pub struct RouteCosts {
    pub provider: String,
    pub provider_name: String,
    pub route: String,
    pub route_name: String,
    /// The log's requests with the cache use it recorded.
    pub as_logged: Result<Costs, String>,
    /// The same requests with no cache: every cacheable token as input.
    pub no_cache: Result<Costs, String>,
    /// Replayed against the 5-minute and the 1-hour lifetime (`None`: no replay possible).
    pub replay: Option<[Result<Costs, String>; 2]>,
}

impl RouteCosts {
    /// `provider.route`: names the route in the page and the tests.
    pub fn key(&self) -> String {
        cat(&[&self.provider, ".", &self.route])
    }
}

/// The replay's hit rates.
#[derive(Clone, Debug, PartialEq)]
pub struct Replay {
    /// Requests with a time and cacheable tokens: the ones replayed.
    pub replayed: u32,
    /// Of those, hits with the 5-minute and the 1-hour lifetime.
    pub hits: [u32; 2],
    /// Requests with cacheable tokens but no time: kept as logged.
    pub untimed: u32,
}

impl Replay {
    pub fn hit_rate(&self, ttl: Ttl) -> f64 {
        let h = self.hits[ttl_index(ttl)];
        if self.replayed == 0 {
            0.0
        } else {
            f64::from(h) / f64::from(self.replayed)
        }
    }
}

/// Requests of one route priced at a long-prompt tier, and what they paid for it.
#[derive(Clone, Debug, PartialEq)]
pub struct LongPrompts {
    pub key: String,
    pub provider_name: String,
    pub route_name: String,
    /// The lowest threshold crossed.
    pub above: u32,
    pub requests: u32,
    /// Their cost minus the same tokens at the list prices, in cents.
    pub extra_cents: i64,
}

pub const TTLS: [Ttl; 2] = [Ttl::FiveMinutes, Ttl::OneHour];

fn ttl_index(t: Ttl) -> usize {
    match t {
        Ttl::FiveMinutes => 0,
        Ttl::OneHour => 1,
    }
}

/// Re-prices an imported log. `base` is the calculator's scenario: its model prices records
/// that name none, and "use these figures" starts from it.
pub fn reprice(book: &PriceBook, imp: &Import, base: &Scenario) -> Report {
    let models = Models::new(book);
    let mut report = Report {
        summary: imp.summary(),
        refused: imp.refused.is_some(),
        unpriced: Vec::new(),
        unnamed: 0,
        default_model: base.model.clone(),
        models: Vec::new(),
        scenario: None,
    };
    // Records per resolved model, in the order models first appear.
    let mut groups: Vec<(String, Vec<&Record>)> = Vec::new();
    for r in &imp.records {
        let name = imp.names.get(r.model as usize).map_or("", String::as_str);
        let model = if name.is_empty() {
            report.unnamed += 1;
            Some(base.model.as_str())
        } else {
            models.resolve(name)
        };
        let Some(model) = model else {
            match report.unpriced.iter_mut().find(|(n, _)| n == name) {
                Some((_, c)) => *c += 1,
                None => report.unpriced.push((name.to_owned(), 1)),
            }
            continue;
        };
        match groups.iter_mut().find(|(m, _)| m == model) {
            Some((_, g)) => g.push(r),
            None => groups.push((model.to_owned(), vec![r])),
        }
    }
    for (model, recs) in groups {
        report.models.push(model_report(book, imp, &model, recs));
    }
    report.scenario = report
        .models
        .iter()
        .max_by_key(|m| m.requests)
        .map(|m| suggest(base, m));
    report
}

fn model_report(
    book: &PriceBook,
    imp: &Import,
    model: &str,
    mut recs: Vec<&Record>,
) -> ModelReport {
    sort_by_time(&mut recs);
    let mut tokens = [0u64; 5];
    for r in &recs {
        for (t, n) in tokens
            .iter_mut()
            .zip([r.input, r.write_5m, r.write_1h, r.read, r.output])
        {
            *t += u64::from(n);
        }
    }
    let cacheable = tokens[1] + tokens[2] + tokens[3];
    let times: Vec<i64> = recs.iter().filter_map(|r| r.time_ms).collect();
    // Clock hours and days with traffic (the times are in order, so equal ones are adjacent).
    let mut busy = (0u32, 0u32);
    let mut prev: Option<(i64, i64)> = None;
    for t in &times {
        let (h, d) = (t.div_euclid(3_600_000), t.div_euclid(86_400_000));
        busy.0 += u32::from(prev.is_none_or(|p| p.0 != h));
        busy.1 += u32::from(prev.is_none_or(|p| p.1 != d));
        prev = Some((h, d));
    }
    let mut gaps = [0u32; 7];
    for w in times.windows(2) {
        let gap = w[1] - w[0];
        let b = GAPS.iter().position(|(upper, _)| gap < *upper).unwrap_or(6);
        gaps[b] += 1;
    }
    let with_cache = recs.iter().filter(|r| r.cacheable() > 0).count() as u32;
    let reading = recs.iter().filter(|r| r.read > 0).count() as u32;
    // The replay: which requests would have hit, per lifetime.
    let replayed = recs
        .iter()
        .filter(|r| r.time_ms.is_some() && r.cacheable() > 0)
        .count() as u32;
    let hits: [Vec<bool>; 2] = TTLS.map(|ttl| replay_hits(&recs, ttl));
    let replay = (replayed > 0).then(|| Replay {
        replayed,
        hits: [0, 1].map(|i| hits[i].iter().filter(|h| **h).count() as u32),
        untimed: with_cache - replayed,
    });
    // Each request's tokens as logged, without a cache and replayed: the same for every route.
    let logged: Vec<Tokens> = recs.iter().map(|r| as_logged(r)).collect();
    let uncached: Vec<Tokens> = recs.iter().map(|r| without_cache(r)).collect();
    let replayed: [Vec<Tokens>; 2] = [0, 1].map(|i| {
        recs.iter()
            .zip(&hits[i])
            .map(|(r, hit)| replayed_tokens(r, TTLS[i], *hit))
            .collect()
    });
    let mut routes = Vec::new();
    let mut long = Vec::new();
    for p in &book.providers {
        let Some(offer) = book.offer(&p.id, model) else {
            continue;
        };
        for route in &offer.routes {
            let as_logged = price(offer, route, &logged, None);
            let no_cache = price(offer, route, &uncached, None);
            let replay = replay
                .as_ref()
                .map(|_| [0, 1].map(|i| price(offer, route, &replayed[i], None)));
            let key = cat(&[&p.id, ".", &route.id]);
            if let Some(l) = long_prompts(offer, route, &logged) {
                long.push(LongPrompts {
                    key: key.clone(),
                    provider_name: p.name.clone(),
                    route_name: route.name.clone(),
                    ..l
                });
            }
            routes.push(RouteCosts {
                provider: p.id.clone(),
                provider_name: p.name.clone(),
                route: route.id.clone(),
                route_name: route.name.clone(),
                as_logged,
                no_cache,
                replay,
            });
        }
    }
    let (recorded, recorded_at) = recorded(book, imp, model, &recs);
    ModelReport {
        model: model.to_owned(),
        name: book
            .model(model)
            .map_or_else(|| model.to_owned(), |m| m.name.clone()),
        requests: recs.len() as u32,
        batch: recs.iter().filter(|r| r.batch).count() as u32,
        timed: times.len() as u32,
        span: times.first().zip(times.last()).map(|(a, b)| (*a, *b)),
        busy,
        tokens,
        hit_rate: (cacheable > 0).then(|| tokens[3] as f64 / cacheable as f64),
        hit_requests: (reading, with_cache),
        recorded,
        recorded_at,
        routes,
        replay,
        gaps,
        long,
    }
}

/// Whether each request (in time order) would have hit with `ttl`: it has a time and
/// cacheable tokens, and the model's prefix was used less than one lifetime before it.
/// Every use, hit or write, refreshes the entry.
fn replay_hits(recs: &[&Record], ttl: Ttl) -> Vec<bool> {
    let life = crate::format::round_i64(ttl.hours() * 3_600_000.0);
    let mut last: Option<i64> = None;
    recs.iter()
        .map(|r| match r.time_ms {
            Some(t) if r.cacheable() > 0 => {
                let hit = last.is_some_and(|l| t - l < life);
                last = Some(t);
                hit
            }
            _ => false,
        })
        .collect()
}

/// One request's tokens as a route prices them: uncached input, writes (5 min, 1 h), reads,
/// output; the prompt length that picks the tier; batch or not.
#[derive(Clone, Copy)]
struct Tokens {
    counts: [u64; 5],
    prompt: u64,
    batch: bool,
}

fn as_logged(r: &Record) -> Tokens {
    Tokens {
        counts: [r.input, r.write_5m, r.write_1h, r.read, r.output].map(u64::from),
        prompt: r.prompt(),
        batch: r.batch,
    }
}

fn without_cache(r: &Record) -> Tokens {
    Tokens {
        counts: [r.prompt(), 0, 0, 0, u64::from(r.output)],
        ..as_logged(r)
    }
}

fn replayed_tokens(r: &Record, ttl: Ttl, hit: bool) -> Tokens {
    let mut t = as_logged(r);
    if r.time_ms.is_none() || r.cacheable() == 0 {
        return t; // not replayed: kept as logged
    }
    let c = r.cacheable();
    t.counts[1..4].copy_from_slice(&match (hit, ttl) {
        (true, _) => [0, 0, c],
        (false, Ttl::FiveMinutes) => [c, 0, 0],
        (false, Ttl::OneHour) => [0, c, 0],
    });
    t
}

const CHARGES: [(Item, Charge, &str); 5] = [
    (Item::Input, Charge::Input, "input"),
    (
        Item::CacheWrite,
        Charge::CacheWrite(Ttl::FiveMinutes),
        "5-minute cache writes",
    ),
    (
        Item::CacheWrite,
        Charge::CacheWrite(Ttl::OneHour),
        "1-hour cache writes",
    ),
    (Item::CacheRead, Charge::CacheRead, "cache reads"),
    (Item::Output, Charge::Output, "output"),
];

/// Prices requests on one route: tokens summed per (tier, batch, charge), one quote each.
/// `tier`: price every request at this tier instead of its own.
fn price(
    offer: &Offer,
    route: &Route,
    reqs: &[Tokens],
    tier: Option<usize>,
) -> Result<Costs, String> {
    let tiers = offer.tiers.len() + 1;
    let mut sums = vec![0u64; tiers * 2 * CHARGES.len()];
    for t in reqs {
        let tier = tier.unwrap_or_else(|| offer.tier_for(t.prompt as f64));
        let at = (tier * 2 + usize::from(t.batch)) * CHARGES.len();
        for (s, n) in sums[at..at + CHARGES.len()].iter_mut().zip(t.counts) {
            *s += n;
        }
    }
    let mut lines = Vec::new();
    for (i, &n) in sums.iter().enumerate() {
        if n == 0 {
            continue;
        }
        let (item, charge, what) = CHARGES[i % CHARGES.len()];
        let batch = (i / CHARGES.len()) % 2 == 1;
        let tier = i / CHARGES.len() / 2;
        let q = offer
            .quote(charge, route, tier, batch)
            .map_err(|m| cat(&[what, if batch { " in batches: " } else { ": " }, m.why()]))?;
        let tokens = n as f64;
        let exact = q.mtok() * tokens / 1_000_000.0;
        lines.push(Line {
            item,
            batch,
            tokens,
            base_mtok: q.base_mtok,
            factors: q.factors,
            exact,
            cents: 0,
            tier_above: tier_above(offer, tier),
        });
    }
    Ok(costs(lines))
}

fn costs(mut lines: Vec<Line>) -> Costs {
    let exact_total: f64 = lines.iter().map(|l| l.exact).sum();
    let total_cents = share_cents(&mut lines, exact_total);
    Costs {
        hit_rate: 0.0,
        cached: lines
            .iter()
            .any(|l| matches!(l.item, Item::CacheWrite | Item::CacheRead)),
        lines,
        total_cents,
        exact_total,
        note: None,
        tier_above: None,
    }
}

/// The long-prompt requests of a route and what their tier cost them.
fn long_prompts(offer: &Offer, route: &Route, reqs: &[Tokens]) -> Option<LongPrompts> {
    let long: Vec<Tokens> = reqs
        .iter()
        .copied()
        .filter(|t| offer.tier_for(t.prompt as f64) > 0)
        .collect();
    if long.is_empty() {
        return None;
    }
    let at_tier = price(offer, route, &long, None).ok()?;
    let at_list = price(offer, route, &long, Some(0)).ok()?;
    Some(LongPrompts {
        key: String::new(),
        provider_name: String::new(),
        route_name: String::new(),
        above: offer.tiers.first()?.above_prompt_tokens,
        requests: long.len() as u32,
        extra_cents: at_tier.total_cents - at_list.total_cents,
    })
}

/// The log's cost on the routes it names: each request at its own provider and route.
fn recorded(
    book: &PriceBook,
    imp: &Import,
    model: &str,
    recs: &[&Record],
) -> (Result<Costs, String>, Vec<String>) {
    let mut lines = Vec::new();
    let mut at = Vec::new();
    for (i, source) in imp.sources.iter().enumerate() {
        let mine: Vec<Tokens> = recs
            .iter()
            .filter(|r| r.source as usize == i)
            .map(|r| as_logged(r))
            .collect();
        if mine.is_empty() {
            continue;
        }
        let provider = book.providers.iter().find(|p| p.id == source.provider);
        let Some((provider, offer)) = provider.and_then(|p| Some((p, book.offer(&p.id, model)?)))
        else {
            let name = book.model(model).map_or(model, |m| m.name.as_str());
            return (
                Err(cat(&[
                    "the log names ",
                    &source.provider,
                    ", which the price data does not list for ",
                    name,
                ])),
                at,
            );
        };
        let route = source
            .route
            .as_ref()
            .and_then(|id| offer.routes.iter().find(|r| r.id == *id))
            .or(offer.routes.first());
        let Some(route) = route else {
            return (Err("no route priced".into()), at);
        };
        at.push(cat(&[&provider.name, ", ", &route.name]));
        match price(offer, route, &mine, None) {
            Ok(c) => lines.extend(c.lines),
            Err(e) => return (Err(e), at),
        }
    }
    (Ok(costs(lines)), at)
}

/// The calculator's scenario with the log's figures: its rates of traffic, mean tokens per
/// request, measured hit rate and batch share.
fn suggest(base: &Scenario, m: &ModelReport) -> Scenario {
    use crate::fields::{MAX_REQUESTS_PER_HOUR, MAX_TOKENS};
    let n = f64::from(m.requests.max(1));
    let mut sc = base.clone();
    sc.model = m.model.clone();
    sc.tokens_from = String::new();
    let mean = |t: u64| (t as f64 / n).round().min(MAX_TOKENS);
    sc.input_tokens = mean(m.tokens[0]);
    sc.prefix_tokens = mean(m.tokens[1] + m.tokens[2] + m.tokens[3]);
    sc.output_tokens = mean(m.tokens[4]);
    sc.batch_share = f64::from(m.batch) / n;
    sc.measured_hit_rate = m.hit_rate;
    sc.cache_ttl = if m.tokens[2] > m.tokens[1] {
        Ttl::OneHour
    } else {
        Ttl::FiveMinutes
    };
    // Busy hours and days, from the times where the log has them.
    let (hours, days) = (f64::from(m.busy.0), f64::from(m.busy.1));
    match m.span {
        Some((first, last)) if hours > 0.0 => {
            let span_days = ((last - first) as f64 / 86_400_000.0).ceil().max(1.0);
            sc.requests_per_hour = (f64::from(m.timed) / hours).min(MAX_REQUESTS_PER_HOUR);
            sc.active_hours_per_day = (hours / days).min(24.0);
            sc.days_per_month = (30.0 * days / span_days).round().clamp(1.0, 30.0);
        }
        _ => {
            // No times: the log is taken as one month of traffic.
            sc.requests_per_hour = n.min(MAX_REQUESTS_PER_HOUR);
            sc.active_hours_per_day = 1.0;
            sc.days_per_month = 1.0;
        }
    }
    sc
}

/// Orders requests by time (those without one last), then by line: a heap sort, because the
/// standard library's sorts cost the importer's wasm several kilobytes each. The key is unique
/// (a line holds one record), so the order is the same whatever the sort.
fn sort_by_time(recs: &mut [&Record]) {
    let key = |r: &Record| (r.time_ms.unwrap_or(i64::MAX), r.line);
    if recs.windows(2).all(|w| key(w[0]) <= key(w[1])) {
        return; // logs are usually written in order
    }
    let sift = |recs: &mut [&Record], mut root: usize, end: usize| loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && key(recs[child]) < key(recs[child + 1]) {
            child += 1;
        }
        if key(recs[root]) >= key(recs[child]) {
            return;
        }
        recs.swap(root, child);
        root = child;
    };
    for start in (0..recs.len() / 2).rev() {
        sift(recs, start, recs.len());
    }
    for end in (1..recs.len()).rev() {
        recs.swap(0, end);
        sift(recs, 0, end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_by_time_then_line() {
        let rec = |line: u32, time_ms: Option<i64>| Record {
            line,
            model: 0,
            source: 0,
            time_ms,
            input: 0,
            write_5m: 0,
            write_1h: 0,
            read: 0,
            output: 0,
            batch: false,
        };
        let all: Vec<Record> = (0..200u32)
            .map(|i| rec(i, (i % 7 != 0).then(|| i64::from((i * 7919) % 101))))
            .collect();
        let mut got: Vec<&Record> = all.iter().collect();
        sort_by_time(&mut got);
        let mut want: Vec<&Record> = all.iter().collect();
        want.sort_by_key(|r| (r.time_ms.unwrap_or(i64::MAX), r.line));
        assert_eq!(got, want);
    }
}
