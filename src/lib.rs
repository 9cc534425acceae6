//! `sitegen`: renders the comparison site from `data/`, `content/`, `templates/` and `static/`.
//! Stages (Zola's split): `load` (typed, validated inputs; all errors collected) -> `refs` (the
//! `{{ key }}` values) -> `render` (HTML, no IO) -> `write` (the only writer; atomic swap).

pub mod assets;
pub mod calculator_glue;
pub mod check;
pub mod compress;
pub mod deploy;
pub mod diag;
pub mod format;
pub mod load;
pub mod pricebook;
pub mod refs;
pub mod render;
pub mod reprice;
pub mod site;
pub mod timings;
pub mod write;

pub use site::{build, keys, render_all, BuildOptions, BuildReport};
