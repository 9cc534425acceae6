//! The price book: every number the cost model needs, normalised per provider and model.
//!
//! The generator builds it from `data/` (provider-level YAML resolved into one [`Offer`] per
//! provider x model) and embeds it in the page as JSON; the wasm reads it back. Nothing here is a
//! literal price: the model never hard-codes a figure.

use serde::{Deserialize, Serialize};

/// All providers, models, offers and routes, as the calculator sees them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PriceBook {
    pub providers: Vec<Provider>,
    pub models: Vec<Model>,
    /// One entry per provider x model that the provider sells.
    pub offers: Vec<Offer>,
}

impl PriceBook {
    /// What `provider` charges for `model`, if it sells it.
    pub fn offer(&self, provider: &str, model: &str) -> Option<&Offer> {
        self.offers
            .iter()
            .find(|o| o.provider == provider && o.model == model)
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
}

/// What one provider charges for one model, and which price levers it offers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Offer {
    pub provider: String,
    pub model: String,
    /// USD per million input tokens, on-demand, base route. `None`: unknown (never guessed).
    pub input_mtok: Option<f64>,
    /// USD per million output tokens, on-demand, base route. `None`: unknown.
    pub output_mtok: Option<f64>,
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
    /// Share taken off, e.g. `0.5` for 50 % off.
    pub discount: f64,
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
