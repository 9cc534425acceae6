//! The one place the generator talks to the calculator crate. Everything the site needs from the
//! cost model goes through these functions, so wiring a new calculator API is a local change.

use calculator::prices::PriceBook;

/// What `data/scenarios.yaml` holds under each `inputs:` (the calculator's own type once it
/// exists; until then any YAML value, passed through untouched).
pub type ScenarioInputs = serde_yaml::Value;

/// The calculator widget for `{% calculator %}`: its HTML with embedded price data and the
/// default scenario's results rendered ahead of time.
pub fn render_widget(book: &PriceBook, _scenario: &ScenarioInputs) -> String {
    // The calculator crate has no widget renderer yet: show what a reader without the calculator
    // needs (where the prices are), not invented results.
    let _ = book;
    "<div class=\"calculator-pending\"><p>The interactive calculator is being built. \
     The prices it uses are in <a href=\"/prices.json\">prices.json</a>.</p></div>"
        .to_owned()
}

/// `scenario.<id>.<suffix>` values for the prose.
pub fn scenario_values(
    _book: &PriceBook,
    _scenario: &ScenarioInputs,
) -> Result<Vec<(String, String)>, String> {
    Ok(Vec::new())
}

/// `/prices.json`: the price book as the browser and third parties read it.
pub fn prices_json(book: &PriceBook) -> String {
    serde_json::to_string_pretty(book).expect("a price book always serialises")
}

/// `/prices.schema.json`, when the calculator provides one.
pub fn prices_schema_json() -> Option<&'static str> {
    None
}
