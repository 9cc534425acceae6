//! `sitegen check --price-file FILE`: the data against an independent price file (LiteLLM's
//! `model_prices_and_context_window.json` or genai-prices' data), which corroborates or flags
//! but never decides: the vendor's page does. Reports models the file lists for these
//! providers that `data/` does not mention, prices that disagree, and models the file marks
//! deprecated that the data calls active. It never edits `data/`.
//!
//! Matching is on the models' API ids per provider (`data/models.yaml`), never on this site's
//! internal names: LiteLLM keys `claude-opus-5-5` (Anthropic), `global.anthropic.claude-…` and
//! geographic `us.`/`eu.`/… keys (Bedrock), `bedrock/claude_platform/claude-…` (Claude Platform
//! on AWS); genai-prices providers `anthropic` and `aws` (`global.` and `regional.` ids).

use crate::calculator_glue::prices::{Charge, Missing, Offer, PriceBook, State, Ttl};
use serde_json::Value;

use crate::load::types::{Date, Id};
use crate::load::Inputs;

/// Which file format was read (told apart by shape: LiteLLM's is an object, genai-prices' a list).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    LiteLlm,
    GenaiPrices,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::LiteLlm => "LiteLLM",
            Kind::GenaiPrices => "genai-prices",
        }
    }
}

/// What the comparison found; each line names the file's key.
#[derive(Debug, Default)]
pub struct Comparison {
    pub kind: Option<Kind>,
    /// Prices that agree with the data.
    pub agree: usize,
    /// Models the file lists for these providers that the data does not mention.
    pub missing: Vec<String>,
    /// Prices the file states differently from the data.
    pub disagree: Vec<String>,
    /// Prices the file states where the data says `unknown` (the vendor's page was not read).
    pub unknown_here: Vec<String>,
    /// Models the file marks deprecated that the data calls active.
    pub deprecated: Vec<String>,
    /// Disagreements the data itself names (`disputed` in data/models.yaml), with its words.
    pub explained: Vec<String>,
}

impl Comparison {
    pub fn summary(&self) -> String {
        format!(
            "{} price file: {} prices agree, {} disagree, {} stated where the data says unknown; {} models not mentioned in data/, {} marked deprecated there but active here, {} disagreements the data explains",
            self.kind.map_or("unknown", Kind::name),
            self.agree,
            self.disagree.len(),
            self.unknown_here.len(),
            self.missing.len(),
            self.deprecated.len(),
            self.explained.len()
        )
    }
}

/// Geographic prefixes of Bedrock inference-profile ids.
const GEO: &[&str] = &[
    "global", "us", "eu", "jp", "apac", "au", "us-gov", "regional",
];

/// A file entry for one of our providers: the provider, the id as the provider names the
/// model (Bedrock without its profile prefix) and whether it is a global or geographic route.
struct Entry<'a> {
    key: &'a str,
    provider: &'static str,
    base_id: String,
    geographic: bool,
}

fn bedrock_base(id: &str) -> (String, bool) {
    if let Some((prefix, rest)) = id.split_once('.') {
        if GEO.contains(&prefix) {
            return (rest.to_owned(), prefix != "global");
        }
    }
    // A bare `anthropic.claude-…` id is the in-Region endpoint: the geographic price.
    (id.to_owned(), true)
}

fn entry<'a>(kind: Kind, provider_hint: &str, key: &'a str) -> Option<Entry<'a>> {
    let (provider, base_id, geographic) = match kind {
        Kind::LiteLlm => {
            if let Some(id) = key.strip_prefix("bedrock/claude_platform/") {
                ("claude-platform-aws", id.to_owned(), false)
            } else if provider_hint == "anthropic" && key.starts_with("claude-") {
                ("anthropic", key.to_owned(), false)
            } else if provider_hint.starts_with("bedrock")
                && !key.contains('/')
                && key.contains("anthropic.claude")
            {
                let (_, g) = bedrock_base(key);
                ("bedrock", our_id("bedrock", key), g)
            } else {
                return None;
            }
        }
        Kind::GenaiPrices => match provider_hint {
            "anthropic" if key.starts_with("claude-") => ("anthropic", key.to_owned(), false),
            // Not a genai-prices provider: the id the site's own genai-prices-shaped file uses.
            "claude-platform-aws" if key.starts_with("claude-") => {
                ("claude-platform-aws", key.to_owned(), false)
            }
            "aws" if key.contains("anthropic.claude") => {
                let (_, g) = bedrock_base(key);
                ("bedrock", our_id("bedrock", key), g)
            }
            _ => return None,
        },
    };
    Some(Entry {
        key,
        provider,
        base_id,
        geographic,
    })
}

/// Whether a file id names the same model as one of ours: equal, or one is the other with a
/// snapshot date (`-20251001`) or a version suffix (`-v1:0`).
fn same_model(file: &str, ours: &str) -> bool {
    let strip = |s: &str| -> String {
        let s = s.split("-v1").next().unwrap_or(s);
        let s = s.split('@').next().unwrap_or(s);
        match s.rsplit_once('-') {
            Some((head, date)) if date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit()) => {
                head.to_owned()
            }
            _ => s.to_owned(),
        }
    };
    strip(file) == strip(ours)
}

/// A model id without what only names the route: Bedrock's profile prefix and `anthropic.`.
fn our_id(provider: &str, api_id: &str) -> String {
    if provider == "bedrock" {
        let base = bedrock_base(api_id).0;
        base.strip_prefix("anthropic.").unwrap_or(&base).to_owned()
    } else {
        api_id.to_owned()
    }
}

/// One price the file states: the charge, the tier threshold (0: list price), batch or not.
struct Stated {
    field: String,
    charge: Charge,
    above: u32,
    batch: bool,
    mtok: f64,
}

fn litellm_prices(v: &Value) -> Vec<Stated> {
    let mut out = Vec::new();
    let Some(obj) = v.as_object() else { return out };
    for (field, val) in obj {
        let Some(per_token) = val.as_f64() else {
            continue;
        };
        let mut rest = field.as_str();
        let batch = rest.ends_with("_batches");
        rest = rest.strip_suffix("_batches").unwrap_or(rest);
        let mut above = 0;
        // The last `_above_`: a 1-hour write's tier is `…_above_1hr_above_100k_tokens`.
        if let Some((head, tail)) = rest.rsplit_once("_above_") {
            if let Some(k) = tail
                .strip_suffix("k_tokens")
                .and_then(|n| n.parse::<u32>().ok())
            {
                above = k * 1000;
                rest = head;
            }
        }
        let charge = match rest {
            "input_cost_per_token" => Charge::Input,
            "output_cost_per_token" => Charge::Output,
            "cache_creation_input_token_cost" => Charge::CacheWrite(Ttl::FiveMinutes),
            "cache_creation_input_token_cost_above_1hr" => Charge::CacheWrite(Ttl::OneHour),
            "cache_read_input_token_cost" => Charge::CacheRead,
            _ => continue,
        };
        out.push(Stated {
            field: field.clone(),
            charge,
            above,
            batch,
            mtok: per_token * 1e6,
        });
    }
    out
}

/// The price set in force `today` of a list of them with start dates (the one with no start
/// date is in force from the beginning).
fn in_force<'a>(list: impl Iterator<Item = &'a Value>, today: &str) -> Value {
    list.filter(|p| {
        p["constraint"]["start_date"]
            .as_str()
            .is_none_or(|d| d <= today)
    })
    .max_by_key(|p| {
        p["constraint"]["start_date"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    })
    .map(|p| p["prices"].clone())
    .unwrap_or(Value::Null)
}

/// genai-prices: `prices` is one price set or a list of them with start dates; the one in force
/// `today` is compared, and so is the batch price set of `price_variants`
/// (`when: {processing: batch}`) in force.
fn genai_prices(model: &Value, today: Date) -> Vec<Stated> {
    let today = today.iso();
    let prices = match &model["prices"] {
        Value::Array(list) => in_force(list.iter(), &today),
        p => p.clone(),
    };
    let variants = model["price_variants"].as_array().into_iter().flatten();
    let batch = in_force(
        variants.filter(|v| v["when"]["processing"] == "batch"),
        &today,
    );
    let mut out = genai_price_set(&prices, false);
    out.extend(genai_price_set(&batch, true));
    out
}

fn genai_price_set(prices: &Value, batch: bool) -> Vec<Stated> {
    let mut out = Vec::new();
    for (field, charge) in [
        ("input_mtok", Charge::Input),
        ("output_mtok", Charge::Output),
        ("cache_write_mtok", Charge::CacheWrite(Ttl::FiveMinutes)),
        ("cache_write_1h_mtok", Charge::CacheWrite(Ttl::OneHour)),
        ("cache_read_mtok", Charge::CacheRead),
    ] {
        let v = &prices[field];
        let name = if batch {
            ["batch ", field].concat()
        } else {
            field.to_owned()
        };
        let mut push = |above: u32, mtok: f64, name: String| {
            out.push(Stated {
                field: name,
                charge,
                above,
                batch,
                mtok,
            })
        };
        if let Some(x) = v.as_f64() {
            push(0, x, name.clone());
        } else if let Some(base) = v["base"].as_f64() {
            push(0, base, name.clone());
            for t in v["tiers"].as_array().into_iter().flatten() {
                if let (Some(start), Some(price)) = (t["start"].as_u64(), t["price"].as_f64()) {
                    push(start as u32, price, format!("{name} above {start}"));
                }
            }
        }
    }
    out
}

/// Compares the data with a price file's text.
pub fn compare(
    d: &Inputs,
    book: &PriceBook,
    text: &str,
    today: Date,
) -> Result<Comparison, String> {
    let doc: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let mut c = Comparison::default();
    // (provider hint, key, the entry's JSON, deprecated)
    let mut items: Vec<(String, String, Value, bool)> = Vec::new();
    match &doc {
        Value::Object(map) => {
            c.kind = Some(Kind::LiteLlm);
            for (k, v) in map {
                let hint = v["litellm_provider"].as_str().unwrap_or("").to_owned();
                let dep = v["deprecation_date"]
                    .as_str()
                    .and_then(Date::parse)
                    .is_some_and(|dd| dd <= today);
                items.push((hint, k.clone(), v.clone(), dep));
            }
        }
        Value::Array(providers) => {
            c.kind = Some(Kind::GenaiPrices);
            for p in providers {
                let hint = p["id"].as_str().unwrap_or("").to_owned();
                for m in p["models"].as_array().into_iter().flatten() {
                    let dep = !m["deprecated"].is_null() && m["deprecated"] != Value::Bool(false);
                    items.push((
                        hint.clone(),
                        m["id"].as_str().unwrap_or("").to_owned(),
                        m.clone(),
                        dep,
                    ));
                }
            }
        }
        _ => return Err(
            "expected LiteLLM's price map (an object) or genai-prices' data (a list of providers)"
                .into(),
        ),
    }
    let kind = c.kind.unwrap_or(Kind::LiteLlm);
    for (hint, key, v, deprecated) in &items {
        let Some(e) = entry(kind, hint, key) else {
            continue;
        };
        let model = d.models.iter().find(|m| {
            m.providers
                .get(&Id(e.provider.to_owned()))
                .is_some_and(|on| same_model(&e.base_id, &our_id(e.provider, &on.api_id)))
        });
        let Some(model) = model else {
            let known = d
                .not_compared
                .iter()
                .any(|n| match n.api_id.strip_suffix('*') {
                    Some(prefix) => e.base_id.starts_with(prefix),
                    None => same_model(&e.base_id, &n.api_id),
                })
                || d.models.iter().any(|m| {
                    m.providers
                        .iter()
                        .any(|(p, on)| same_model(&e.base_id, &our_id(p, &on.api_id)))
                });
            if !known && !deprecated {
                c.missing.push(format!("{key} ({})", e.provider));
            }
            continue;
        };
        let on = &model.providers[&Id(e.provider.to_owned())];
        if *deprecated && on.state == State::Active {
            match &on.disputed {
                Some(why) => c.explained.push(format!(
                    "{key}: marked deprecated there; the data says: {why}"
                )),
                None => c.deprecated.push(format!(
                    "{key}: the file marks it deprecated; data/models.yaml calls {} active on {}",
                    model.name, e.provider
                )),
            }
        }
        let Some(offer) = book.offer(e.provider, &model.id.0) else {
            continue;
        };
        let stated = match kind {
            Kind::LiteLlm => litellm_prices(v),
            Kind::GenaiPrices => genai_prices(v, today),
        };
        for s in stated {
            compare_one(&mut c, offer, &e, &s);
        }
    }
    Ok(c)
}

fn compare_one(c: &mut Comparison, offer: &Offer, e: &Entry, s: &Stated) {
    // A bare Bedrock model id (no profile prefix) names no route the site prices: current
    // Claude models are served through inference profiles only.
    // GovCloud (`us-gov.`) is not a route the site prices either.
    if e.provider == "bedrock" && (e.key.starts_with("anthropic.") || e.key.starts_with("us-gov."))
    {
        return;
    }
    // Bedrock's global keys are its base route; geographic keys its first dearer route.
    let route = if e.geographic {
        offer.routes.iter().find(|r| r.multiplier != 1.0)
    } else {
        offer.routes.first()
    };
    let Some(route) = route else { return };
    let tier = if s.above == 0 {
        0
    } else {
        match offer
            .tiers
            .iter()
            .position(|t| t.above_prompt_tokens == s.above)
        {
            Some(i) => i + 1,
            None => {
                c.disagree.push(format!(
                    "{} {}: the file has a tier above {} prompt tokens; the data has none",
                    e.key, s.field, s.above
                ));
                return;
            }
        }
    };
    match offer.quote(s.charge, route, tier, s.batch) {
        Ok(q) => {
            let ours = q.mtok();
            if (ours - s.mtok).abs() <= 1e-6 * ours.abs().max(1e-3) {
                c.agree += 1;
            } else {
                c.disagree.push(format!(
                    "{} {}: the file says ${:.6}/MTok, the data ${:.6}",
                    e.key, s.field, s.mtok, ours
                ));
            }
        }
        Err(Missing::NotPublished(why)) => c.unknown_here.push(format!(
            "{} {}: the file says ${:.6}/MTok; the data has none ({why})",
            e.key, s.field, s.mtok
        )),
        Err(Missing::NotOffered(why)) => c.disagree.push(format!(
            "{} {}: the file says ${:.6}/MTok; the data says {why}",
            e.key, s.field, s.mtok
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_match_across_snapshot_dates_and_versions() {
        assert!(same_model("claude-haiku-4-5", "claude-haiku-4-5-20251001"));
        assert!(same_model(
            "anthropic.claude-haiku-4-5-20251001-v1:0",
            "anthropic.claude-haiku-4-5-20251001-v1:0"
        ));
        assert!(same_model("claude-opus-4-7-20260416", "claude-opus-4-7"));
        assert!(!same_model("claude-opus-5", "claude-opus-5-5"));
        assert_eq!(
            bedrock_base("us.anthropic.claude-x"),
            ("anthropic.claude-x".into(), true)
        );
        assert_eq!(
            bedrock_base("global.anthropic.claude-x"),
            ("anthropic.claude-x".into(), false)
        );
        assert_eq!(
            bedrock_base("anthropic.claude-x"),
            ("anthropic.claude-x".into(), true)
        );
    }

    #[test]
    fn litellm_fields_map_to_charges_tiers_and_batch() {
        let v: Value = serde_json::from_str(
            r#"{"input_cost_per_token": 1e-07,
            "cache_read_input_token_cost_above_100k_tokens_batches": 2.5e-08, "max_tokens": 5}"#,
        )
        .unwrap();
        let mut s = litellm_prices(&v);
        s.sort_by(|a, b| a.field.cmp(&b.field));
        assert_eq!(s.len(), 2);
        assert_eq!(
            (s[0].charge, s[0].above, s[0].batch),
            (Charge::CacheRead, 100_000, true)
        );
        assert!((s[0].mtok - 0.025).abs() < 1e-12);
        assert_eq!(
            (s[1].charge, s[1].above, s[1].batch),
            (Charge::Input, 0, false)
        );
    }
}
