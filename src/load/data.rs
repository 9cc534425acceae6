//! The typed shape of every file under `data/` (see data/README.md). Unknown fields are errors
//! everywhere, so a misspelt key never gets silently ignored.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::calculator_glue::prices::Mult;

use super::types::{Count, Date, Flag, Id, Month, Num, Price, Source, Url};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub title: String,
    pub description: String,
    pub base_url: Url,
    pub language: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvidersFile {
    pub providers: Vec<Provider>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    pub id: Id,
    pub name: String,
    pub short_name: String,
    pub docs: Url,
    /// Ways to call models on this provider, where there is more than one (Bedrock's
    /// Messages-API endpoint and its legacy InvokeModel/Converse path).
    #[serde(default)]
    pub integrations: Vec<Integration>,
    /// How LiteLLM's and genai-prices' price files name this provider; without it the provider
    /// is left out of `/prices.litellm.json` and `/prices.genai-prices.json`.
    #[serde(default)]
    pub price_files: Option<PriceFileNames>,
}

/// A provider's names in the two independent price files the site also publishes its prices as.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceFileNames {
    /// LiteLLM's `litellm_provider`, e.g. `bedrock`.
    pub litellm_provider: String,
    /// Put before the API id in LiteLLM's key, e.g. `bedrock/claude_platform/`.
    #[serde(default)]
    pub litellm_key_prefix: String,
    /// genai-prices' provider id, e.g. `aws`.
    pub genai_prices_provider: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Integration {
    pub id: Id,
    pub name: String,
    /// The API a request goes through, e.g. `POST /anthropic/v1/messages`.
    pub endpoint: String,
    /// How a streamed response arrives.
    pub streaming: String,
    /// Inline Markdown: what to watch for (API versions, ids).
    pub note: String,
    pub source: Source,
    pub checked: Date,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelsFile {
    /// When the list of models was last compared with the vendor's list of current models.
    pub lineup: Lineup,
    pub tokenizers: Vec<Tokenizer>,
    /// API ids of older models the site deliberately leaves out, so the price-file check
    /// does not report them as missing.
    #[serde(default)]
    pub not_compared: Vec<NotCompared>,
    pub models: Vec<Model>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotCompared {
    pub api_id: String,
    pub why: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lineup {
    pub source: Source,
    pub checked: Date,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tokenizer {
    pub id: Id,
    pub name: String,
    /// Tokens the same text counts here for each token on the first tokenizer listed.
    pub tokens_per_base: Num,
    pub source: Source,
    pub checked: Date,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub id: Id,
    pub name: String,
    pub released: Date,
    /// An id of `tokenizers`.
    pub tokenizer: Id,
    /// Who may use it; `invitation` models are named but never priced.
    #[serde(default)]
    pub access: Access,
    /// Per provider id: the model's id there and its lifecycle.
    pub providers: BTreeMap<Id, ModelOn>,
    pub source: Source,
    pub checked: Date,
    pub correction: Option<Id>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    #[default]
    General,
    Invitation,
}

/// A model on one provider.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelOn {
    /// The id a request names.
    pub api_id: String,
    /// An id of the provider's `integrations`, where it has several.
    pub integration: Option<Id>,
    pub state: State,
    /// When the provider moved it to `legacy`.
    pub legacy_since: Option<Date>,
    /// When it stops answering, where published.
    pub retires: Option<Date>,
    /// The model the provider suggests instead.
    pub replaced_by: Option<Id>,
    /// Inline Markdown: what the provider says happens meanwhile (e.g. to the price).
    pub note: Option<String>,
    /// Where the lifecycle was read, when it is not the model's source.
    pub source: Option<Source>,
    /// Inline Markdown: what an independent source says against the vendor's page (or in
    /// place of a page that could not be read), shown beside the model.
    pub disputed: Option<String>,
}

pub use crate::calculator_glue::prices::State;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PricingFile {
    pub offers: Vec<Offer>,
    #[serde(default)]
    pub caching: Vec<Caching>,
    #[serde(default)]
    pub batch: Vec<Batch>,
    #[serde(default)]
    pub routes: Vec<Route>,
    #[serde(default)]
    pub enterprise_discounts: Vec<EnterpriseDiscount>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offer {
    pub provider: Id,
    pub model: Id,
    pub input_mtok: Price,
    pub output_mtok: Price,
    /// Dearer prices for longer prompts, by ascending `above_prompt_tokens`.
    #[serde(default)]
    pub tiers: Vec<Tier>,
    pub source: Source,
    pub checked: Date,
    pub correction: Option<Id>,
}

/// The prices a request pays for every token when its prompt is longer than
/// `above_prompt_tokens`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub above_prompt_tokens: u32,
    pub input_mtok: Price,
    pub output_mtok: Price,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Caching {
    pub provider: Id,
    pub models: Vec<Id>,
    #[serde(deserialize_with = "super::types::mult")]
    pub write_5m: Mult,
    #[serde(deserialize_with = "super::types::mult")]
    pub write_1h: Mult,
    pub read: Num,
    pub min_prefix_tokens: Count,
    /// Per-model minimum where it differs from `min_prefix_tokens`.
    #[serde(default)]
    pub min_prefix_tokens_by_model: BTreeMap<Id, Count>,
    pub source: Source,
    pub checked: Date,
    pub correction: Option<Id>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    pub provider: Id,
    pub models: Vec<Id>,
    /// Share taken off, or `unknown` where batch exists but its price is not published.
    pub discount: Price,
    pub applies_to_cache: Flag,
    pub source: Source,
    pub checked: Date,
    pub correction: Option<Id>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    pub provider: Id,
    pub id: Id,
    pub name: String,
    pub models: Vec<Id>,
    pub multiplier: Num,
    pub source: Source,
    pub checked: Date,
    pub correction: Option<Id>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnterpriseDiscount {
    pub provider: Id,
    pub name: String,
    pub source: Source,
    pub checked: Date,
    pub correction: Option<Id>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LatencyFile {
    pub benchmark: Benchmark,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Benchmark {
    pub id: Id,
    pub title: String,
    pub client_region: String,
    pub requests: u64,
    pub month: Month,
    pub model: Id,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub baseline: Id,
    pub source: Source,
    pub checked: Date,
    /// False: the figure is the source author's and could not be reproduced from vendor docs.
    pub verified: bool,
    pub correction: Option<Id>,
    pub metrics: Vec<Metric>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    pub id: Id,
    pub label: String,
    pub unit: Unit,
    #[serde(default)]
    pub approximate: bool,
    /// Value per provider id.
    pub values: BTreeMap<Id, Num>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum Unit {
    #[serde(rename = "ms")]
    Ms,
    #[serde(rename = "s")]
    S,
    #[serde(rename = "%")]
    Percent,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenariosFile<I> {
    pub scenarios: Vec<Scenario<I>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario<I> {
    pub id: Id,
    pub title: String,
    /// The calculator's own input type (see `calculator_glue::ScenarioInputs`).
    pub inputs: I,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaqFile {
    pub faq: Vec<Faq>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faq {
    pub id: Id,
    pub question: String,
    /// Markdown; may use `{{ key }}` references.
    pub answer: String,
    pub source: Source,
    pub checked: Date,
    pub correction: Option<Id>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectionsFile {
    /// The month the source document is dated (what `held_when_written` refers to).
    pub document_dated: Month,
    pub claims: Vec<Claim>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    pub id: Id,
    /// What the source document said.
    pub claim: String,
    pub verdict: Verdict,
    /// What the vendor's documentation says.
    pub finding: String,
    pub reason: Option<String>,
    pub source: Source,
    pub checked: Date,
    /// Whether the vendor fact already held when the source document was written.
    pub held_when_written: Option<Flag>,
    /// Earlier findings of this log, oldest first: what it said before a later check changed it.
    #[serde(default)]
    pub history: Vec<Revision>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    /// Until when the log said this.
    pub until: Date,
    pub verdict: Verdict,
    pub finding: String,
    /// What changed.
    pub why: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Corrected,
    PartlyTrue,
    Confirmed,
    Unverified,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Corrected => "Corrected",
            Verdict::PartlyTrue => "Partly true",
            Verdict::Confirmed => "Confirmed",
            Verdict::Unverified => "Unverified",
        }
    }
    pub fn class(self) -> &'static str {
        match self {
            Verdict::Corrected => "corrected",
            Verdict::PartlyTrue => "partly-true",
            Verdict::Confirmed => "confirmed",
            Verdict::Unverified => "unverified",
        }
    }
    /// Entries of the public corrections log.
    pub fn is_correction(self) -> bool {
        matches!(self, Verdict::Corrected | Verdict::PartlyTrue)
    }
}

/// `data/tables/<id>.yaml`: a comparison table with one cell per provider per row.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub id: Id,
    pub caption: String,
    pub rows: Vec<Row>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// Inline Markdown.
    pub label: String,
    /// Cell per provider id.
    pub cells: BTreeMap<Id, Cell>,
    pub source: Source,
    pub checked: Date,
    pub correction: Option<Id>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cell {
    pub status: Option<Status>,
    /// Inline Markdown; may use `{{ key }}` references.
    pub text: String,
    pub correction: Option<Id>,
    /// Where this cell's fact comes from when it is not the row's source.
    pub source: Option<Source>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Yes,
    No,
    Partial,
    Unknown,
}

impl Status {
    pub fn class(self) -> &'static str {
        match self {
            Status::Yes => "yes",
            Status::No => "no",
            Status::Partial => "partial",
            Status::Unknown => "unknown",
        }
    }
}
