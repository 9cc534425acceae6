//! The one place the generator talks to the calculator crate. Everything the site needs from the
//! cost model goes through these functions, so a change of the calculator's API stays local; the
//! price book's types and the integer-only formatter are re-exported from here (a tidy test keeps
//! `calculator::` out of every other module).

/// Money, counts, shares and the HTML escaper, as the wasm formats them (`src/format.rs`).
pub use calculator::format;
/// The price book the generator fills from `data/` (`pricebook.rs`) and the calculator prices.
pub use calculator::prices;

use calculator::prices::PriceBook;

use crate::load::Inputs;

/// What `data/scenarios.yaml` holds under each `inputs:` (the calculator's own type, parsed with
/// its `deny_unknown_fields`, so errors carry the YAML position).
pub type ScenarioInputs = calculator::Scenario;

/// The calculator widget for `{% calculator %}`: its HTML with embedded price data and the
/// default scenario's results rendered ahead of time.
pub fn render_widget(book: &PriceBook, scenario: &ScenarioInputs) -> String {
    calculator::render_widget(book, scenario)
}

/// The usage-log importer for `{% usage-import %}`; `worker` is its worker script's URL
/// (empty: the build has no importer wasm, and the section says so).
pub fn render_importer(worker: &str) -> String {
    calculator::widget::reprice::importer(worker)
}

/// `scenario.<id>.<suffix>` values for the prose; else the first bad input: its field (the YAML
/// key under `inputs:`) and what is wrong with it.
pub fn scenario_values(
    book: &PriceBook,
    scenario: &ScenarioInputs,
) -> Result<Vec<(String, String)>, (String, String)> {
    if let Some(e) = calculator::validate::validate(book, scenario)
        .into_iter()
        .next()
    {
        return Err((e.field, e.message));
    }
    calculator::scenario_values(book, scenario).map_err(|msg| (String::new(), msg))
}

/// `/prices.json`: the price book as the browser and third parties read it.
pub fn prices_json(book: &PriceBook) -> String {
    calculator::prices_json(book)
}

/// How the providers that say so in `data/providers.yaml` are named in LiteLLM's and
/// genai-prices' price files.
fn price_file_names(d: &Inputs) -> Vec<calculator::PriceFileNames> {
    d.providers
        .iter()
        .filter_map(|p| {
            let n = p.price_files.as_ref()?;
            Some(calculator::PriceFileNames {
                provider: p.id.0.clone(),
                litellm_provider: n.litellm_provider.clone(),
                litellm_key_prefix: n.litellm_key_prefix.clone(),
                genai_prices_provider: n.genai_prices_provider.clone(),
            })
        })
        .collect()
}

/// `/prices.litellm.json`: the same prices in LiteLLM's `model_prices_and_context_window.json`
/// shape (USD per token, keyed by API id).
pub fn litellm_json(d: &Inputs, book: &PriceBook) -> String {
    calculator::litellm_json(book, &price_file_names(d))
}

/// `/prices.genai-prices.json`: the same prices in genai-prices' data shape.
pub fn genai_prices_json(d: &Inputs, book: &PriceBook) -> String {
    calculator::genai_prices_json(book, &price_file_names(d))
}

/// `/prices.schema.json`: the JSON Schema of `/prices.json`.
pub fn prices_schema_json() -> Option<&'static str> {
    Some(calculator::prices_schema_json())
}

/// Re-prices a usage log read from `log` in chunks (the browser's importer runs the same
/// code): the report as text, and whether the file was refused (not a usage log). `model`
/// prices records that name none; `progress` hears the bytes read so far after each chunk.
pub fn reprice_text(
    book: &PriceBook,
    mut log: impl std::io::Read,
    model: &str,
    progress: &mut dyn FnMut(u64),
) -> std::io::Result<(String, bool)> {
    let mut reader = calculator::usage::Reader::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut read = 0u64;
    loop {
        let n = match log.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        reader.push(&buf[..n]);
        read += n as u64;
        progress(read);
    }
    let imported = reader.finish();
    let report =
        calculator::reprice::reprice(book, &imported, &calculator::Scenario::of_model(model));
    Ok((calculator::reprice::text::text(&report), report.refused))
}
