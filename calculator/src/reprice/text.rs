//! The report as plain text, for `sitegen reprice FILE`: the figures of the page's tables.

use super::{Report, GAPS, TTLS};
use crate::format::{count, money, percent};
use crate::model::Costs;

/// The report as the terminal shows it.
pub fn text(r: &Report) -> String {
    let mut s = String::new();
    s.push_str(&r.summary);
    s.push('\n');
    if r.refused {
        return s;
    }
    if r.unnamed > 0 {
        s.push_str(&count(f64::from(r.unnamed)));
        s.push_str(" requests name no model: priced as ");
        s.push_str(&r.default_model);
        s.push_str(".\n");
    }
    for (name, n) in &r.unpriced {
        s.push_str(&count(f64::from(*n)));
        s.push_str(" requests of ");
        s.push_str(name);
        s.push_str(": the price data has no such model, left out of every figure.\n");
    }
    for m in &r.models {
        s.push('\n');
        s.push_str(&m.name);
        s.push_str(": ");
        s.push_str(&count(f64::from(m.requests)));
        s.push_str(" requests");
        if m.batch > 0 {
            s.push_str(" (");
            s.push_str(&count(f64::from(m.batch)));
            s.push_str(" in batches)");
        }
        s.push('\n');
        s.push_str("  as recorded (");
        s.push_str(&m.recorded_at.join("; "));
        s.push_str("): ");
        s.push_str(&cell(&m.recorded));
        s.push('\n');
        if let Some(h) = m.hit_rate {
            s.push_str("  measured hit rate: ");
            s.push_str(&percent(h));
            s.push_str(" of cacheable tokens read from the cache\n");
        }
        if let Some(rp) = &m.replay {
            s.push_str("  replay (");
            s.push_str(&count(f64::from(rp.replayed)));
            s.push_str(" timed requests, one shared prefix): hit rate ");
            for (i, ttl) in TTLS.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                s.push_str(&percent(rp.hit_rate(*ttl)));
                s.push_str(if i == 0 {
                    " with 5 minutes"
                } else {
                    " with 1 hour"
                });
            }
            s.push('\n');
        }
        let name_w = m
            .routes
            .iter()
            .map(|r| r.provider_name.chars().count() + r.route_name.chars().count() + 2)
            .max()
            .unwrap_or(10);
        s.push_str(&format!(
            "  {:<name_w$}  {:>14}  {:>14}  {:>14}  {:>14}\n",
            "route", "as logged", "no cache", "5-min replay", "1-hour replay"
        ));
        for rc in &m.routes {
            let name = format!("{}, {}", rc.provider_name, rc.route_name);
            let (r5, r1) = match &rc.replay {
                Some([a, b]) => (cell(a), cell(b)),
                None => ("n/a".into(), "n/a".into()),
            };
            s.push_str(&format!(
                "  {:<name_w$}  {:>14}  {:>14}  {:>14}  {:>14}\n",
                name,
                cell(&rc.as_logged),
                cell(&rc.no_cache),
                r5,
                r1
            ));
        }
        if m.timed > 1 {
            s.push_str("  gaps between requests:");
            for (i, (_, label)) in GAPS.iter().enumerate() {
                s.push_str(&format!(" {label}: {}", m.gaps[i]));
                s.push(if i + 1 < GAPS.len() { ';' } else { '\n' });
            }
        }
        for l in &m.long {
            s.push_str(&format!(
                "  {} requests over {} prompt tokens on {}, {}: {} more than at the list prices\n",
                count(f64::from(l.requests)),
                count(f64::from(l.above)),
                l.provider_name,
                l.route_name,
                money(l.extra_cents)
            ));
        }
    }
    s
}

fn cell(c: &Result<Costs, String>) -> String {
    match c {
        Ok(c) => money(c.total_cents),
        Err(why) => why.clone(),
    }
}
