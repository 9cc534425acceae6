//! Broken inputs end in compiler-style errors with the exact file, line, column and message,
//! all of them in one run, and never in a panic.

mod common;
use common::Site;

/// Asserts the build fails with exactly these error headlines.
fn fails_with(site: &Site, expected: &[&str]) {
    let got = site.errors();
    assert_eq!(got, expected, "errors were:\n{}", got.join("\n"));
}

#[test]
fn fixture_builds() {
    let site = Site::fixture();
    let report = site.build().unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(report.pages, 6);
}

#[test]
fn price_that_is_not_a_number() {
    let s = Site::fixture();
    s.edit(
        "data/pricing.yaml",
        "input_mtok: 4.00\n    output_mtok: 20.00",
        "input_mtok: three\n    output_mtok: 20.00",
    );
    fails_with(
        &s,
        &[
            r#"data/pricing.yaml:10:17: offers[1].input_mtok: expected a non-negative number or `unknown`, found "three""#,
        ],
    );
}

#[test]
fn negative_price() {
    let s = Site::fixture();
    s.edit(
        "data/pricing.yaml",
        "output_mtok: 20.00",
        "output_mtok: -20",
    );
    fails_with(&s, &["data/pricing.yaml:11:18: offers[1].output_mtok: expected a non-negative number, found -20"]);
}

#[test]
fn misspelt_field() {
    let s = Site::fixture();
    s.edit(
        "data/providers.yaml",
        "short_name: \"Beta\"",
        "shortname: \"Beta\"",
    );
    fails_with(
        &s,
        &["data/providers.yaml:8:5: providers[1]: unknown field `shortname`, expected one of `id`, `name`, `short_name`, `docs`, `integrations`"],
    );
}

#[test]
fn missing_field() {
    let s = Site::fixture();
    s.edit("data/site.yaml", "language: en\n", "");
    fails_with(&s, &["data/site.yaml:1:1: missing field `language`"]);
}

#[test]
fn duplicate_key() {
    let s = Site::fixture();
    s.edit(
        "data/site.yaml",
        "language: en\n",
        "language: en\nlanguage: de\n",
    );
    fails_with(&s, &["data/site.yaml:5:1: duplicate field `language`"]);
}

#[test]
fn yaml_syntax_error() {
    let s = Site::fixture();
    s.edit(
        "data/models.yaml",
        "    name: \"Big Two\"",
        "    name: \"Big Two",
    );
    let got = s.errors();
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].starts_with("data/models.yaml:"), "{got:?}");
    assert!(
        !got[0].contains(" at line "),
        "position is printed once, up front: {got:?}"
    );
}

#[test]
fn empty_file() {
    let s = Site::fixture();
    s.write("data/faq.yaml", b"# nothing yet\n");
    fails_with(
        &s,
        &["data/faq.yaml:1: file is empty (expected a YAML mapping)"],
    );
}

#[test]
fn not_utf8() {
    let s = Site::fixture();
    s.write("data/site.yaml", b"title: \"caf\xe9\"\n");
    fails_with(&s, &["data/site.yaml:1:12: file is not valid UTF-8"]);
}

#[test]
fn impossible_date() {
    let s = Site::fixture();
    s.edit(
        "data/latency.yaml",
        "checked: 2026-10-01",
        "checked: 2026-02-30",
    );
    fails_with(
        &s,
        &[
            r#"data/latency.yaml:12:12: benchmark.checked: expected a real date YYYY-MM-DD, found "2026-02-30""#,
        ],
    );
}

#[test]
fn javascript_source_refused() {
    let s = Site::fixture();
    s.edit(
        "data/faq.yaml",
        "    source: \"https://alpha.example.com/pricing\"",
        "    source: \"javascript:alert(1)\"",
    );
    fails_with(
        &s,
        &[
            r#"data/faq.yaml:13:13: faq[1].source: expected an http(s) URL or "source article", found "javascript:alert(1)""#,
        ],
    );
}

#[test]
fn duplicate_id_and_unknown_references_all_reported() {
    let s = Site::fixture();
    s.edit("data/models.yaml", "  - id: big-2", "  - id: small-1");
    s.edit("data/latency.yaml", "baseline: alpha", "baseline: gamma");
    fails_with(
        &s,
        &[
            r#"data/latency.yaml:10:13: benchmark.baseline: unknown provider "gamma" (not in data/providers.yaml)"#,
            "data/latency.yaml:18:15: benchmark.metrics[0].values: needs a non-zero value for the baseline provider gamma",
            "data/latency.yaml:22:15: benchmark.metrics[1].values: needs a non-zero value for the baseline provider gamma",
            "data/latency.yaml:27:15: benchmark.metrics[2].values: needs a non-zero value for the baseline provider gamma",
            r#"data/models.yaml:20:9: models[1].id: duplicate model id "small-1""#,
            "data/models.yaml:25:61: models[1].providers.alpha.replaced_by: a model cannot replace itself",
            r#"data/pricing.yaml:9:12: offers[1].model: unknown model "big-2" (not in data/models.yaml)"#,
            r#"data/pricing.yaml:21:12: offers[3].model: unknown model "big-2" (not in data/models.yaml)"#,
            r#"data/pricing.yaml:28:23: caching[0].models[1]: unknown model "big-2" (not in data/models.yaml)"#,
            r#"data/pricing.yaml:36:23: caching[1].models[1]: unknown model "big-2" (not in data/models.yaml)"#,
            r#"data/pricing.yaml:46:23: batch[0].models[1]: unknown model "big-2" (not in data/models.yaml)"#,
            r#"data/pricing.yaml:52:23: batch[1].models[1]: unknown model "big-2" (not in data/models.yaml)"#,
            r#"data/pricing.yaml:61:23: routes[0].models[1]: unknown model "big-2" (not in data/models.yaml)"#,
            r#"data/pricing.yaml:68:23: routes[1].models[1]: unknown model "big-2" (not in data/models.yaml)"#,
            r#"data/pricing.yaml:75:14: routes[2].models[0]: unknown model "big-2" (not in data/models.yaml)"#,
        ],
    );
}

#[test]
fn multiplier_out_of_range() {
    let s = Site::fixture();
    s.edit(
        "data/pricing.yaml",
        "    read: 0.1\n    min_prefix_tokens: 2048",
        "    read: 1.5\n    min_prefix_tokens: 2048",
    );
    fails_with(&s, &["data/pricing.yaml:39:11: caching[1].read: cache read multiplier 1.5 is outside the sane range 0 to 1"]);
}

#[test]
fn pair_in_two_caching_entries() {
    let s = Site::fixture();
    s.edit(
        "data/pricing.yaml",
        "  - provider: beta\n    models: [small-1, big-2]\n    write_5m",
        "  - provider: alpha\n    models: [small-1, big-2]\n    write_5m",
    );
    fails_with(
        &s,
        &[
            "data/pricing.yaml:36:14: caching[1].models[0]: alpha x small-1 is already in another caching entry",
            "data/pricing.yaml:36:23: caching[1].models[1]: alpha x big-2 is already in another caching entry",
        ],
    );
}

#[test]
fn base_route_must_be_list_price() {
    let s = Site::fixture();
    s.edit(
        "data/pricing.yaml",
        "    name: \"Global\"\n    models: [small-1, big-2]\n    multiplier: 1.0",
        "    name: \"Global\"\n    models: [small-1, big-2]\n    multiplier: 1.2",
    );
    fails_with(
        &s,
        &["data/pricing.yaml:62:17: routes[0].multiplier: route global is the first (base) route of alpha for small-1, big-2 and must have multiplier 1"],
    );
}

#[test]
fn unknown_correction_and_confirmed_claim_as_correction() {
    let s = Site::fixture();
    s.edit(
        "data/tables/features.yaml",
        "correction: beta-caching }",
        "correction: nope }",
    );
    s.edit(
        "data/pricing.yaml",
        "    correction: beta-caching",
        "    correction: same-speed",
    );
    fails_with(
        &s,
        &[
            r#"data/pricing.yaml:43:17: caching[1].correction: claim "same-speed" has verdict unverified; only corrected or partly-true claims are in the corrections log"#,
            r#"data/tables/features.yaml:7:85: rows[0].cells.beta.correction: unknown correction "nope" (not in data/corrections.yaml)"#,
        ],
    );
}

#[test]
fn table_id_must_match_file_name() {
    let s = Site::fixture();
    s.edit("data/tables/features.yaml", "id: features", "id: feature");
    fails_with(
        &s,
        &[
            r#"data/tables/features.yaml:1:5: id: table id "feature" must match the file name "features""#,
        ],
    );
}

#[test]
fn front_matter_errors_count_lines_from_file_start() {
    let s = Site::fixture();
    s.edit(
        "content/benchmarks.md",
        "description: \"Every measured number.\"\n",
        "description: \"Every measured number.\"\ntoc: sometimes\n",
    );
    s.edit("content/calculator.md", "title: \"Cost calculator\"\n", "");
    s.edit(
        "content/404.md",
        "description: \"Nothing here.\"",
        "descripton: \"Nothing here.\"",
    );
    fails_with(
        &s,
        &[
            "content/404.md:3:1: unknown field `descripton`, expected one of `title`, `description`, `template`, `toc`",
            r#"content/benchmarks.md:4:6: toc: invalid type: string "sometimes", expected a boolean"#,
            "content/calculator.md:2:1: missing field `title`",
        ],
    );
}

#[test]
fn unknown_keys_name_file_line_and_column() {
    let s = Site::fixture();
    s.edit(
        "content/index.md",
        "{{ price.small-1.beta.input }}",
        "{{ price.small-1.gamma.input }}",
    );
    s.edit(
        "data/faq.yaml",
        "so repeats cost {{ cache.beta.read_saving }}",
        "so repeats cost {{ cache.beta.saving }}",
    );
    s.edit(
        "data/tables/features.yaml",
        "{{ cache.beta.read }}",
        "{{ cache.beta.reed }}",
    );
    fails_with(
        &s,
        &[
            "content/index.md:12:62: unknown key `price.small-1.gamma.input` (run `sitegen keys` for the list)",
            "data/faq.yaml:6:23: unknown key `cache.beta.saving` (run `sitegen keys` for the list)",
            "data/tables/features.yaml:7:49: unknown key `cache.beta.reed` (run `sitegen keys` for the list)",
        ],
    );
}

#[test]
fn bad_blocks() {
    let s = Site::fixture();
    s.edit(
        "content/index.md",
        "{% table features %}",
        "{% table nope %}",
    );
    s.edit(
        "content/index.md",
        "{% samples a.py b.py %}",
        "{% samples a.py c.py %}",
    );
    s.edit(
        "content/benchmarks.md",
        "{% benchmarks %}",
        "{% benchmark %}",
    );
    let got = s.errors();
    assert_eq!(
        got,
        [
            "content/benchmarks.md:6: {% benchmark %}: unknown block (expected pricing, models, integrations, latency, faq, corrections, claims, benchmarks, table, sample, samples or calculator)",
            r#"content/index.md:25: {% table %}: no table "nope" (expected data/tables/nope.yaml)"#,
            r#"content/index.md:29: {% samples %}: no sample "c.py" in content/samples/"#,
        ]
    );
}

#[test]
fn javascript_link_in_markdown_refused() {
    let s = Site::fixture();
    s.edit(
        "content/guide/index.md",
        "[link](/corrections/#beta-caching)",
        "[link](javascript:alert(1))",
    );
    fails_with(
        &s,
        &[
            r#"content/guide/index.md:6: link to "javascript:alert(1)" refused: only http(s), relative and # links"#,
        ],
    );
}

#[test]
fn errors_carry_a_source_snippet_with_a_caret() {
    let s = Site::fixture();
    s.edit(
        "data/pricing.yaml",
        "output_mtok: 20.00",
        "output_mtok: lots",
    );
    let errs = s.build().unwrap_err();
    let shown = errs[0].to_string();
    assert!(
        shown.contains("11 |     output_mtok: lots\n   |                  ^"),
        "{shown}"
    );
}

#[test]
fn table_file_with_yml_extension() {
    let s = Site::fixture();
    s.write(
        "data/tables/extra.yml",
        b"id: extra\ncaption: x\nrows: []\n",
    );
    fails_with(
        &s,
        &["data/tables/extra.yml: rename to .yaml (tables are data/tables/<id>.yaml)"],
    );
}
