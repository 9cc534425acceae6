//! The cost calculator: a pure cost model (no web types), and the widget's HTML it renders
//! ([`widget`]). The generator and the tests link it natively; the `calculator-wasm` crate
//! (`wasm/`) binds the same code to the browser.
//!
//! Data flow: [`PriceBook`] (from `data/`) + [`Scenario`] (form or `data/scenarios.yaml`) ->
//! [`model::compute`] -> [`model::Report`] -> HTML ([`render_widget`]), prose figures
//! ([`scenario_values`]) and exports ([`prices_json`], CSV, JSON, and the price book in
//! LiteLLM's and genai-prices' shapes: [`litellm_json`], [`genai_prices_json`]).
//!
//! **Invariants**: the model knows nothing of the web, and nothing outside [`widget`] writes
//! HTML; no price is written in code (every figure comes from the price book); money is rounded
//! once per row and shown lines add up to the total.

pub mod advice;
pub mod breakeven;
pub mod ecosystem;
pub mod export;
pub mod fields;
pub mod format;
pub mod model;
pub mod prices;
pub mod reprice;
pub mod scenario;
pub mod traffic;
pub mod usage;
pub mod validate;
pub mod values;
pub mod widget;

#[cfg(test)]
mod testdata;

pub use ecosystem::{genai_prices_json, litellm_json, PriceFileNames};
pub use export::{prices_json, prices_schema_json};
pub use model::Scenario;
pub use prices::PriceBook;
pub use values::scenario_values;
pub use widget::render_widget;
