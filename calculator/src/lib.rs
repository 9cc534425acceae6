//! The cost calculator: a pure cost model (no web types) used natively by the generator and the
//! tests, and a thin wasm-bindgen layer for the browser.
pub mod prices;
