//! The cost calculator: a pure cost model (no web types) used natively by the generator and the
//! tests, and a thin wasm-bindgen layer for the browser (`web`, wasm32 only).
//!
//! Data flow: [`PriceBook`] (from `data/`) + [`Scenario`] (form or `data/scenarios.yaml`) ->
//! [`model::compute`] -> [`model::Report`] -> HTML ([`render_widget`]), prose figures
//! ([`scenario_values`]) and exports ([`prices_json`], CSV, JSON).
//!
//! **Invariants**: the model knows nothing of the web; no price is written in code (every figure
//! comes from the price book); money is rounded once per row and shown lines add up to the total.

pub mod advice;
pub mod breakdown;
pub mod breakeven;
pub mod chart;
pub mod export;
pub mod form;
pub mod format;
pub mod heap;
pub mod model;
pub mod prices;
pub mod render;
pub mod scenario;
pub mod traffic;
pub mod validate;
pub mod values;

#[cfg(target_arch = "wasm32")]
mod jsbook;
#[cfg(test)]
mod testdata;
#[cfg(target_arch = "wasm32")]
mod web;

pub use export::{prices_json, prices_schema_json};
pub use model::Scenario;
pub use prices::PriceBook;
pub use render::render_widget;
pub use values::scenario_values;
