//! A local test page for the widget before the site builds: renders the default scenario with
//! the fixture price book into `<dir>/index.html` (run wasm-bindgen into the same folder).
//!
//! `cargo run -p calculator --example harness -- /tmp/calc-harness`

use calculator::{render_widget, PriceBook, Scenario};

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/calc-harness".into());
    let book: PriceBook =
        serde_json::from_str(include_str!("../tests/fixtures/pricebook.json")).expect("fixture");
    let sc: Scenario = serde_json::from_str(
        r#"{"model":"sonnet-4-6","requests_per_hour":30,"active_hours_per_day":16,
            "days_per_month":30,"prefix_tokens":20000,"input_tokens":500,"output_tokens":400}"#,
    )
    .expect("scenario");
    let page = [
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        "<title>Calculator harness</title><link rel=\"stylesheet\" href=\"calc.css\"></head><body><main>",
        &render_widget(&book, &sc),
        "</main><script type=\"module\" src=\"calculator-boot.js\"></script></body></html>",
    ]
    .concat();
    std::fs::create_dir_all(&dir).expect("create dir");
    std::fs::write(format!("{dir}/index.html"), page).expect("write page");
    eprintln!("wrote {dir}/index.html");
}
