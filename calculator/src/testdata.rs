//! Test fixtures: a price book mirroring `data/pricing.yaml` (as JSON, so no price is code).

use crate::model::Scenario;
use crate::prices::PriceBook;

pub fn book() -> PriceBook {
    serde_json::from_str(include_str!("../tests/fixtures/pricebook.json")).expect("fixture parses")
}

/// Sonnet, 30 requests an hour over 16-hour days, a 20,000-token prefix.
pub fn scenario() -> Scenario {
    serde_json::from_str(
        r#"{"model":"sonnet-4-6","requests_per_hour":30,"active_hours_per_day":16,
            "days_per_month":30,"prefix_tokens":20000,"input_tokens":500,"output_tokens":400}"#,
    )
    .expect("fixture scenario parses")
}
