//! The broken-input corpus: one folder per case under `tests/broken/` (`edit.yaml`, a change to
//! a copy of `tests/fixtures/site`, and `expected.snap`, the full text of every diagnostic the
//! build prints: headline, snippet, caret). One test per case, so a failure names its case; a
//! case folder without a test here (or a test without a folder) fails `every_folder_is_a_case`.
//! After an intended change of a message: `INSTA_UPDATE=always cargo test -p sitegen --test
//! broken_corpus`, then review the `.snap` diff. `tests/check.rs` covers the output check.

mod common;
use common::{corpus, Site};

macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        const CASES: &[&str] = &[$(stringify!($name)),*];
        $(
            #[test]
            fn $name() {
                corpus::check(stringify!($name));
            }
        )*
    };
}

cases![
    bad_blocks,
    base_route_must_be_list_price,
    corrections_held_when_written_neither_yes_no_nor_unknown,
    corrections_not_utf_8_inside_a_string,
    corrections_unknown_verdict,
    duplicate_id_and_unknown_references_all_reported,
    duplicate_key,
    empty_file,
    faq_duplicate_id,
    faq_misspelt_key,
    faq_reference_without_its_closing_braces,
    front_matter_errors_count_lines_from_file_start,
    impossible_date,
    javascript_link_in_markdown_refused,
    javascript_source_refused,
    latency_duplicate_metric_id_and_unknown_model,
    latency_month_that_does_not_exist,
    latency_unknown_unit,
    missing_field,
    misspelt_field,
    models_api_id_for_an_unknown_provider,
    models_id_with_capitals,
    models_unclosed_quote,
    models_unknown_correction,
    models_yaml_syntax_error_tab_indentation,
    multiplier_out_of_range,
    negative_price,
    not_utf8,
    page_empty_description_and_unknown_template,
    page_front_matter_never_closed,
    page_no_front_matter,
    page_not_utf_8,
    page_reference_to_a_missing_data_value_and_a_missing_sample,
    page_yaml_syntax_error_in_front_matter,
    pair_in_two_caching_entries,
    price_that_is_not_a_number,
    pricing_batch_discount_over_95,
    pricing_cache_write_multiplier_out_of_range,
    pricing_duplicate_key,
    pricing_enterprise_discount_of_an_unknown_provider,
    pricing_infinite_price,
    pricing_nan_price,
    pricing_negative_token_minimum,
    pricing_offer_without_source,
    pricing_route_multiplier_out_of_range,
    pricing_second_offer_for_one_pair,
    pricing_text_where_a_price_belongs,
    pricing_unknown_correction,
    providers_duplicate_id,
    providers_missing_docs,
    scenarios_text_where_a_number_belongs,
    scenarios_unknown_model,
    site_base_url_that_is_not_http_s,
    site_list_where_text_belongs,
    site_misspelt_key,
    site_syntax_error_at_the_end_of_a_file_without_a_final_newline,
    table_bad_checked_date,
    table_cell_for_an_unknown_provider,
    table_empty_file,
    table_file_with_yml_extension,
    table_id_must_match_file_name,
    table_unknown_status,
    unknown_correction_and_confirmed_claim_as_correction,
    unknown_keys_name_file_line_and_column,
];

#[test]
fn every_folder_is_a_case() {
    let mut listed: Vec<&str> = CASES.to_vec();
    listed.sort_unstable();
    assert_eq!(
        corpus::names(),
        listed,
        "tests/broken/ and the cases! list differ"
    );
}

#[test]
fn the_fixture_itself_builds() {
    let site = Site::fixture();
    let report = site.build().unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(report.pages, 6);
}

/// Mistakes in several files are all reported by one run, in file order.
#[test]
fn errors_in_several_files_come_in_one_run() {
    let picked = [
        "site_misspelt_key",
        "faq_misspelt_key",
        "table_unknown_status",
        "page_no_front_matter",
    ];
    let site = Site::fixture();
    for name in picked {
        corpus::apply(&site, &corpus::changes(name));
    }
    let together: Vec<String> = site.errors();
    let mut alone: Vec<String> = Vec::new();
    for name in picked {
        let one = Site::fixture();
        corpus::apply(&one, &corpus::changes(name));
        let errs = one.errors();
        assert_eq!(errs.len(), 1, "{name}: {errs:?}");
        alone.extend(errs);
    }
    alone.sort();
    assert_eq!(together, alone);
}

/// A link to a FAQ entry that does not exist builds (links are Markdown), and `sitegen check`
/// refuses it, naming the page.
#[test]
fn dangling_faq_link_is_caught_by_the_check() {
    use sitegen::check::{self, Level, Options};
    let site = Site::fixture();
    site.edit(
        "data/faq.yaml",
        "per million input tokens on Alpha.",
        "per million input tokens on Alpha ([caching](#faq-cache)).",
    );
    site.build().unwrap_or_else(|e| panic!("{e:?}"));
    let report = check::run(&Options {
        root: site.root.clone(),
        out: site.out(),
        out_label: "public".into(),
        max_age_days: 90,
        today: sitegen::load::types::Date::parse("2026-10-03").unwrap(),
    });
    let errors: Vec<String> = report
        .headlines(Level::Error)
        .into_iter()
        // Built without --wasm-dir: the boot script's missing glue is reported too, elsewhere.
        .filter(|e| e.starts_with("public/index.html"))
        .collect();
    assert_eq!(
        errors,
        [
            r#"public/index.html: broken anchor #faq-cache (no id "faq-cache" in index.html; written at data/faq.yaml:12:91)"#
        ]
    );
}
