//! The price book: every number the cost model needs, normalised per provider and model.
//!
//! The generator builds it from `data/` (provider-level YAML resolved into one [`Offer`] per
//! provider x model) and embeds it in the page as JSON; the wasm reads it back. Nothing here is a
//! literal price: the model never hard-codes a figure.

use serde::{Deserialize, Serialize};

pub use crate::model::Ttl;

/// All providers, models, offers and routes, as the calculator sees them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PriceBook {
    pub providers: Vec<Provider>,
    pub models: Vec<Model>,
    /// One entry per provider x model that the provider sells.
    pub offers: Vec<Offer>,
    /// Tokenizers the models count with; the first is the base of the ratios.
    #[serde(default)]
    pub tokenizers: Vec<Tokenizer>,
}

impl PriceBook {
    /// What `provider` charges for `model`, if it sells it.
    pub fn offer(&self, provider: &str, model: &str) -> Option<&Offer> {
        self.offers
            .iter()
            .find(|o| o.provider == provider && o.model == model)
    }

    pub fn model(&self, id: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.id == id)
    }

    /// The tokenizer a model counts with.
    pub fn tokenizer_of(&self, model: &str) -> Option<&Tokenizer> {
        let t = &self.model(model)?.tokenizer;
        self.tokenizers.iter().find(|k| &k.id == t)
    }

    /// How many tokens `model` counts for text that counts 1 on tokenizer `from` (1 when
    /// `from` is empty, unknown, or the model's own).
    pub fn token_ratio(&self, from: &str, model: &str) -> f64 {
        // Reads the offers, not the models: the wasm's book has no list of models.
        let from = self
            .tokenizers
            .iter()
            .find(|k| k.id == from)
            .map_or(0.0, |k| k.tokens_per_base);
        let to = self
            .offers
            .iter()
            .find(|o| o.model == model)
            .map_or(0.0, |o| o.tokens_per_base);
        if from > 0.0 && to > 0.0 {
            to / from
        } else {
            1.0
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Provider {
    /// Stable id, e.g. `anthropic`, `bedrock`.
    pub id: String,
    /// Short display name, e.g. `Anthropic API`.
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// Stable id, e.g. `sonnet-4-6`.
    pub id: String,
    /// Display name, e.g. `Claude Sonnet 4.6`.
    pub name: String,
    /// The tokenizer this model counts with (an id of `tokenizers`); empty: not stated.
    #[serde(default)]
    pub tokenizer: String,
}

/// A tokenizer: the same text counts `tokens_per_base` times as many tokens as on the
/// book's first tokenizer (1 for that one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tokenizer {
    pub id: String,
    pub name: String,
    pub tokens_per_base: f64,
}

/// What one provider charges for one model, and which price levers it offers.
///
/// Every price a page, an export or the calculator shows comes from [`Offer::quote`]: the one
/// place where tiers, routes, cache multipliers and the batch discount stack.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Offer {
    pub provider: String,
    pub model: String,
    /// The model id a request names on this provider (empty where not stated).
    #[serde(default)]
    pub api_id: String,
    /// USD per million input tokens, on-demand, base route, first prompt-length tier.
    /// `None`: unknown (never guessed).
    pub input_mtok: Option<f64>,
    /// USD per million output tokens, on-demand, base route, first tier. `None`: unknown.
    pub output_mtok: Option<f64>,
    /// Dearer prices for longer prompts, by ascending threshold. A request whose prompt
    /// (every input token, cached or not) is longer than a tier's threshold pays that tier's
    /// prices for all of its tokens, output included.
    #[serde(default)]
    pub tiers: Vec<Tier>,
    /// Where the model is in its life on this provider.
    #[serde(default)]
    pub lifecycle: Lifecycle,
    /// Tokens the model counts for text the book's first tokenizer counts as one: its
    /// tokenizer's figure, repeated here so the wasm needs no list of models (1: not stated).
    #[serde(default = "one")]
    pub tokens_per_base: f64,
    /// Prompt caching; `None`: this provider does not cache this model.
    pub cache: Option<CachePricing>,
    /// Batch discount; `None`: no batch mode for this model here.
    pub batch: Option<BatchPricing>,
    /// Routes through which the model can be called; the first is the base route (multiplier 1).
    pub routes: Vec<Route>,
    /// Where the prices were read (a URL) and when they were last checked (`YYYY-MM-DD`).
    pub source: String,
    pub checked: String,
}

fn one() -> f64 {
    1.0
}

/// The prices of prompts longer than `above_prompt_tokens`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tier {
    pub above_prompt_tokens: u32,
    pub input_mtok: Option<f64>,
    pub output_mtok: Option<f64>,
}

/// A model's state on one provider, as the provider's model pages say.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Lifecycle {
    pub state: State,
    /// The current model the provider suggests instead (a model id), for legacy and later.
    #[serde(default)]
    pub replaced_by: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    #[default]
    Active,
    Legacy,
    Deprecated,
    Retired,
}

impl State {
    pub fn label(self) -> &'static str {
        match self {
            State::Active => "Active",
            State::Legacy => "Legacy",
            State::Deprecated => "Deprecated",
            State::Retired => "Retired",
        }
    }
}

/// Why an offer has no price for a charge: nobody published it, or the provider does not
/// offer it. Pages show the two differently; the calculator says [`Missing::why`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    NotPublished(&'static str),
    NotOffered(&'static str),
}

impl Missing {
    pub fn why(self) -> &'static str {
        match self {
            Missing::NotPublished(s) | Missing::NotOffered(s) => s,
        }
    }
}

impl From<Missing> for &'static str {
    fn from(m: Missing) -> &'static str {
        m.why()
    }
}

impl From<Missing> for String {
    fn from(m: Missing) -> String {
        m.why().into()
    }
}

/// A token price one can ask an offer for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Charge {
    Input,
    Output,
    CacheWrite(Ttl),
    CacheRead,
}

/// One factor of a price, in stacking order.
#[derive(Clone, Debug, PartialEq)]
pub struct Factor {
    pub label: &'static str,
    pub value: f64,
}

/// A price per million tokens as its parts: the tier's list price and the factors on it
/// (route, cache, batch; those equal to 1 left out), in stacking order.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    pub base_mtok: f64,
    pub factors: Vec<Factor>,
}

impl Quote {
    /// USD per million tokens.
    pub fn mtok(&self) -> f64 {
        self.factors.iter().fold(self.base_mtok, |p, f| p * f.value)
    }
}

impl Offer {
    /// The tier a request with `prompt_tokens` input tokens pays (0: the list price).
    pub fn tier_for(&self, prompt_tokens: f64) -> usize {
        self.tiers
            .iter()
            .rposition(|t| prompt_tokens > t.above_prompt_tokens as f64)
            .map_or(0, |i| i + 1)
    }

    /// Input and output list prices of a tier (0: the base prices).
    pub fn tier_prices(&self, tier: usize) -> (Option<f64>, Option<f64>) {
        match tier.checked_sub(1) {
            None => (self.input_mtok, self.output_mtok),
            Some(i) => self
                .tiers
                .get(i)
                .map_or((None, None), |t| (t.input_mtok, t.output_mtok)),
        }
    }

    /// The price of `charge` on `route` at `tier`, on demand or in a batch: the one function
    /// every figure of the site is computed with. `Err` says why there is none.
    pub fn quote(
        &self,
        charge: Charge,
        route: &Route,
        tier: usize,
        batch: bool,
    ) -> Result<Quote, Missing> {
        use Missing::{NotOffered, NotPublished};
        let (input, output) = self.tier_prices(tier);
        let base = match charge {
            Charge::Output => output,
            _ => input,
        };
        let base_mtok = base.ok_or(NotPublished("price not published"))?;
        let mut factors = Vec::new();
        if route.multiplier != 1.0 {
            factors.push(Factor {
                label: "route",
                value: route.multiplier,
            });
        }
        let cache_line = !matches!(charge, Charge::Input | Charge::Output);
        if cache_line {
            let cp = self
                .cache
                .as_ref()
                .ok_or(NotOffered("prompt caching not offered"))?;
            factors.push(match charge {
                Charge::CacheWrite(ttl) => Factor {
                    label: match ttl {
                        Ttl::FiveMinutes => "5-min write",
                        Ttl::OneHour => "1-hour write",
                    },
                    value: cp.write(ttl)?,
                },
                _ => Factor {
                    label: "read",
                    value: cp.read,
                },
            });
        }
        if batch {
            let bp = self
                .batch
                .as_ref()
                .ok_or(NotOffered("batch processing not offered"))?;
            let discount = bp
                .discount
                .ok_or(NotPublished("batch price not published"))?;
            match (cache_line, bp.applies_to_cache) {
                (true, None) => {
                    return Err(NotPublished(
                        "batch price of cache writes and reads not published",
                    ))
                }
                (true, Some(false)) => {}
                _ => factors.push(Factor {
                    label: "batch",
                    value: 1.0 - discount,
                }),
            }
        }
        Ok(Quote { base_mtok, factors })
    }
}

/// Multipliers of the (route-adjusted) input price.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CachePricing {
    /// Write with the 5-minute TTL.
    pub write_5m: Mult,
    /// Write with the 1-hour TTL.
    pub write_1h: Mult,
    /// Cache hit (read).
    pub read: f64,
    /// A prefix shorter than this many tokens is not cached at all; `None`: not published
    /// (the calculator then refuses to price the cached rows rather than guess).
    pub min_prefix_tokens: Option<u32>,
}

impl CachePricing {
    /// The write multiplier of a TTL, or why there is none.
    pub fn write(&self, ttl: Ttl) -> Result<f64, Missing> {
        let (m, unknown, unavailable) = match ttl {
            Ttl::FiveMinutes => (
                self.write_5m,
                "5-minute cache price not published",
                "5-minute cache not offered",
            ),
            Ttl::OneHour => (
                self.write_1h,
                "1-hour cache price not published",
                "1-hour cache not offered",
            ),
        };
        match m {
            Mult::Known(w) => Ok(w),
            Mult::Unknown => Err(Missing::NotPublished(unknown)),
            Mult::Unavailable => Err(Missing::NotOffered(unavailable)),
        }
    }
}

/// A multiplier that is published, offered at an unpublished price, or not offered.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mult {
    Known(f64),
    /// `unknown` in `data/`: no vendor page states it; the route is "price not published".
    Unknown,
    /// `unavailable` in `data/`: the provider does not offer it.
    Unavailable,
}

impl Mult {
    pub fn known(self) -> Option<f64> {
        match self {
            Mult::Known(x) => Some(x),
            _ => None,
        }
    }
}

/// `None` is "not offered" (an unknown figure must be said with [`Mult::Unknown`]).
impl From<Option<f64>> for Mult {
    fn from(x: Option<f64>) -> Mult {
        x.map_or(Mult::Unavailable, Mult::Known)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BatchPricing {
    /// Share taken off, e.g. `0.5` for 50 % off; `None`: batch exists, its price is not published.
    pub discount: Option<f64>,
    /// Whether the discount also applies to cache writes and reads; `None`: not documented
    /// (the calculator then refuses to stack batch and caching on that route).
    pub applies_to_cache: Option<bool>,
}

/// A way to reach the model with its own price, e.g. Bedrock's global vs geographic profiles.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Route {
    /// Stable id, e.g. `global`, `geographic`, `us-only`.
    pub id: String,
    pub name: String,
    /// Multiplier on every token price of the offer (1.0 = base price).
    pub multiplier: f64,
}
