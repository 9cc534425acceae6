//! Usage logs for the importer's browser tests and its benchmark: deterministic files in each
//! format, naming the models by the API ids of the price book the page embeds, and the figures
//! the native re-pricing gives for them.

use std::collections::BTreeMap;

use calculator::format::{money, percent};
use calculator::model::{Costs, Scenario};
use calculator::reprice::{reprice, Report};
use calculator::usage::read;
use calculator::PriceBook;

/// A small deterministic generator (xorshift), so every run writes the same file.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

pub use calculator::usage::time::format_rfc3339 as rfc3339;

/// The API id `provider` gives `model`.
pub fn api_id(book: &PriceBook, provider: &str, model: &str) -> String {
    book.offer(provider, model)
        .map(|o| o.api_id.clone())
        .unwrap_or_else(|| panic!("{provider} has no offer for {model}"))
}

/// One request of a generated log: arrival time and token counts.
#[derive(Clone, Copy)]
pub struct Req {
    pub ms: i64,
    pub input: u32,
    pub read: u32,
    pub write_5m: u32,
    pub write_1h: u32,
    pub output: u32,
}

/// `n` requests in bursts and pauses (gaps from seconds to an hour), a 9,000-token prefix read
/// when the previous request came within five minutes and written otherwise (a tenth of the
/// writes with the 1-hour lifetime).
pub fn requests(n: usize, seed: u64) -> Vec<Req> {
    let mut rng = Rng::new(seed);
    let mut t = 1_796_000_000_000i64; // 2026-11-30
    let mut last = i64::MIN / 2;
    (0..n)
        .map(|_| {
            let gap = [2, 15, 40, 100, 250, 420, 1_200, 3_000][rng.below(8) as usize] * 1000;
            t += gap + rng.below(1000) as i64;
            let warm = t - last < 300_000;
            last = t;
            let one_hour = rng.below(10) == 0;
            let prefix = 9_000;
            Req {
                ms: t,
                input: 200 + rng.below(800) as u32,
                read: if warm { prefix } else { 0 },
                write_5m: if !warm && !one_hour { prefix } else { 0 },
                write_1h: if !warm && one_hour { prefix } else { 0 },
                output: 50 + rng.below(900) as u32,
            }
        })
        .collect()
}

/// Anthropic responses as a logger keeps them: time, model, usage (JSON Lines).
pub fn anthropic_jsonl(model_id: &str, reqs: &[Req]) -> String {
    let mut s = String::new();
    for r in reqs {
        s.push_str(&format!(
            "{{\"timestamp\":\"{}\",\"id\":\"msg_{}\",\"type\":\"message\",\"model\":\"{model_id}\",\"usage\":{{\"input_tokens\":{},\"cache_creation_input_tokens\":{},\"cache_read_input_tokens\":{},\"cache_creation\":{{\"ephemeral_5m_input_tokens\":{},\"ephemeral_1h_input_tokens\":{}}},\"output_tokens\":{},\"service_tier\":\"standard\"}}}}\n",
            rfc3339(r.ms), r.ms, r.input, r.write_5m + r.write_1h, r.read, r.write_5m, r.write_1h, r.output
        ));
    }
    s
}

/// Bedrock model invocation-log records (InvokeModel, the response logged with its usage).
pub fn bedrock_jsonl(model_id: &str, reqs: &[Req]) -> String {
    let mut s = String::new();
    for r in reqs {
        s.push_str(&format!(
            "{{\"schemaType\":\"ModelInvocationLog\",\"schemaVersion\":\"1.0\",\"timestamp\":\"{}\",\"accountId\":\"123456789012\",\"region\":\"us-east-1\",\"requestId\":\"r-{}\",\"operation\":\"InvokeModel\",\"modelId\":\"{model_id}\",\"input\":{{\"inputContentType\":\"application/json\",\"inputTokenCount\":{},\"cacheReadInputTokenCount\":{},\"cacheWriteInputTokenCount\":{}}},\"output\":{{\"outputContentType\":\"application/json\",\"outputBodyJson\":{{\"type\":\"message\",\"usage\":{{\"input_tokens\":{},\"cache_creation\":{{\"ephemeral_5m_input_tokens\":{},\"ephemeral_1h_input_tokens\":{}}},\"output_tokens\":{}}}}},\"outputTokenCount\":{}}}}}\n",
            rfc3339(r.ms), r.ms, r.input, r.read, r.write_5m + r.write_1h, r.input, r.write_5m, r.write_1h, r.output, r.output
        ));
    }
    s
}

/// A CSV with the recommended header.
pub fn csv(model_id: &str, reqs: &[Req]) -> String {
    let mut s = String::from("timestamp,model,input_tokens,cache_read_input_tokens,ephemeral_5m_input_tokens,ephemeral_1h_input_tokens,output_tokens,batch\n");
    for (i, r) in reqs.iter().enumerate() {
        s.push_str(&format!(
            "{},{model_id},{},{},{},{},{},{}\n",
            rfc3339(r.ms),
            r.input,
            r.read,
            r.write_5m,
            r.write_1h,
            r.output,
            i % 10 == 0
        ));
    }
    s
}

/// The native report for a log, as the page's importer computes it for the model chosen.
pub fn native(book: &PriceBook, log: &[u8], model: &str) -> Report {
    reprice(book, &read(log), &Scenario::of_model(model))
}

/// What the page shows in each `data-reprice` cell, and the replayed and measured hit rates,
/// keyed as the page's data attributes name them.
pub fn expected_cells(r: &Report) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let text = |c: &Result<Costs, String>| match c {
        Ok(c) => money(c.total_cents),
        Err(why) => calculator::widget::reprice::capitalised(why),
    };
    for m in &r.models {
        for rc in &m.routes {
            let key = |col: &str| format!("{}.{}.{col}", m.model, rc.key());
            out.insert(key("as logged"), text(&rc.as_logged));
            out.insert(key("no cache"), text(&rc.no_cache));
            if let Some([a, b]) = &rc.replay {
                out.insert(key("5-minute replay"), text(a));
                out.insert(key("1-hour replay"), text(b));
            }
        }
        out.insert(format!("{}.recorded", m.model), text(&m.recorded));
        // The heading names the model as the price data does (not its id).
        out.insert(
            format!("{}.heading", m.model),
            format!(
                "{}: {} requests",
                m.name,
                calculator::format::count(f64::from(m.requests))
            ),
        );
        if let Some(h) = m.hit_rate {
            out.insert(format!("{}.hit.measured", m.model), percent(h));
        }
        if let Some(rp) = &m.replay {
            for ttl in calculator::reprice::TTLS {
                out.insert(
                    format!("{}.hit.{}", m.model, ttl.id()),
                    percent(rp.hit_rate(ttl)),
                );
            }
        }
    }
    out
}
