//! The broken-input corpus (issue 4): one small edit of the fixture site per case, across every
//! data file and the content front matter, and every kind of mistake an editor can make. Each
//! case asserts the exact `file:line:col: message` headlines, all of them, and that nothing
//! panics. `tests/load_errors.rs` has more cases in the same style; `tests/check.rs` the output.

mod common;
use common::Site;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// One change to a copy of `tests/fixtures/site`.
enum Change {
    /// Replace the one occurrence of `from` in the file.
    Edit(&'static str, &'static str, &'static str),
    /// Write the file's whole contents.
    Write(&'static str, &'static [u8]),
}
use Change::{Edit, Write};

struct Case {
    name: &'static str,
    changes: &'static [Change],
    errors: &'static [&'static str],
}

const CASES: &[Case] = &[
    // data/site.yaml
    Case {
        name: "site: misspelt key",
        changes: &[Edit("data/site.yaml", "language: en", "lang: en")],
        errors: &["data/site.yaml:4:1: unknown field `lang`, expected one of `title`, `description`, `base_url`, `language`"],
    },
    Case {
        name: "site: list where text belongs",
        changes: &[Edit("data/site.yaml", "title: \"Fixture site\"", "title: [Fixture, site]")],
        errors: &["data/site.yaml:1:8: title: invalid type: sequence, expected a string"],
    },
    Case {
        name: "site: base URL that is not http(s)",
        changes: &[Edit("data/site.yaml", "\"https://fixture.example.org\"", "\"ftp://fixture.example.org\"")],
        errors: &["data/site.yaml:3:11: base_url: expected an http(s) URL, found \"ftp://fixture.example.org\""],
    },
    // data/providers.yaml
    Case {
        name: "providers: duplicate id",
        changes: &[Edit("data/providers.yaml", "    docs: \"https://beta.example.com/docs\"\n", "    docs: \"https://beta.example.com/docs\"\n  - id: alpha\n    name: \"Alpha again\"\n    short_name: \"A2\"\n    docs: \"https://alpha.example.com/docs\"\n")],
        errors: &["data/providers.yaml:10:9: providers[2].id: duplicate provider id \"alpha\""],
    },
    Case {
        name: "providers: missing docs",
        changes: &[Edit("data/providers.yaml", "    docs: \"https://beta.example.com/docs\"\n", "")],
        errors: &["data/providers.yaml:6:5: providers[1]: missing field `docs`"],
    },
    // data/models.yaml
    Case {
        name: "models: API id for an unknown provider",
        changes: &[Edit("data/models.yaml", "      beta: \"global.big-2\"", "      gamma: \"global.big-2\"")],
        errors: &["data/models.yaml:13:14: models[1].api_ids.gamma: unknown provider \"gamma\" (not in data/providers.yaml)"],
    },
    Case {
        name: "models: id with capitals",
        changes: &[Edit("data/models.yaml", "  - id: big-2", "  - id: Big-2")],
        errors: &["data/models.yaml:9:9: models[1].id: expected an id (lowercase letters, digits and dashes), found \"Big-2\""],
    },
    Case {
        name: "models: unknown correction",
        changes: &[Edit("data/models.yaml", "    name: \"Big Two\"", "    name: \"Big Two\"\n    correction: no-such-claim")],
        errors: &["data/models.yaml:11:17: models[1].correction: unknown correction \"no-such-claim\" (not in data/corrections.yaml)"],
    },
    Case {
        name: "site: syntax error at the end of a file without a final newline",
        changes: &[Edit("data/site.yaml", "language: en\n", "language: \"en")],
        errors: &["data/site.yaml:4:11: unclosed quote: the string that opens here does not end (found unexpected end of stream at line 4 column 14)"],
    },
    Case {
        name: "pricing: unknown correction",
        changes: &[Edit("data/pricing.yaml", "    checked: 2026-10-01\n  - provider: alpha\n    model: big-2", "    checked: 2026-10-01\n    correction: no-such-claim\n  - provider: alpha\n    model: big-2")],
        errors: &["data/pricing.yaml:8:17: offers[0].correction: unknown correction \"no-such-claim\" (not in data/corrections.yaml)"],
    },
    Case {
        name: "models: YAML syntax error (tab indentation)",
        changes: &[Edit("data/models.yaml", "    name: \"Big Two\"", "\tname: \"Big Two\"")],
        errors: &["data/models.yaml:10:1: found a tab character that violates indentation, while scanning a plain scalar"],
    },
    // data/pricing.yaml
    Case {
        name: "pricing: infinite price",
        changes: &[Edit("data/pricing.yaml", "input_mtok: 4.00\n    output_mtok: 20.00", "input_mtok: .inf\n    output_mtok: 20.00")],
        errors: &["data/pricing.yaml:10:17: offers[1].input_mtok: expected a non-negative number, found inf"],
    },
    Case {
        name: "pricing: NaN price",
        changes: &[Edit("data/pricing.yaml", "output_mtok: unknown", "output_mtok: .nan")],
        errors: &["data/pricing.yaml:23:18: offers[3].output_mtok: expected a non-negative number, found NaN"],
    },
    Case {
        name: "pricing: cache write multiplier out of range",
        changes: &[Edit("data/pricing.yaml", "    write_5m: 1.25\n    write_1h: 2.0", "    write_5m: 12\n    write_1h: 2.0")],
        errors: &["data/pricing.yaml:29:15: caching[0].write_5m: cache write multiplier 12 is outside the sane range 1 to 10"],
    },
    Case {
        name: "pricing: batch discount over 95%",
        changes: &[Edit("data/pricing.yaml", "    discount: 0.5\n    applies_to_cache: true", "    discount: 1.5\n    applies_to_cache: true")],
        errors: &["data/pricing.yaml:47:15: batch[0].discount: batch discount 1.5 is outside the sane range 0 to 0.95"],
    },
    Case {
        name: "pricing: route multiplier out of range",
        changes: &[Edit("data/pricing.yaml", "multiplier: 1.1", "multiplier: 9")],
        errors: &["data/pricing.yaml:76:17: routes[2].multiplier: route multiplier 9 is outside the sane range 0.5 to 5"],
    },
    Case {
        name: "pricing: negative token minimum",
        changes: &[Edit("data/pricing.yaml", "min_prefix_tokens: 1024", "min_prefix_tokens: -1024")],
        errors: &["data/pricing.yaml:32:24: caching[0].min_prefix_tokens: expected a whole number of tokens or `unknown`, found -1024"],
    },
    Case {
        name: "pricing: enterprise discount of an unknown provider",
        changes: &[Edit("data/pricing.yaml", "  - provider: beta\n    name: \"Beta commitment discount\"", "  - provider: gamma\n    name: \"Beta commitment discount\"")],
        errors: &["data/pricing.yaml:80:15: enterprise_discounts[0].provider: unknown provider \"gamma\" (not in data/providers.yaml)"],
    },
    Case {
        name: "pricing: offer without source",
        changes: &[Edit("data/pricing.yaml", "    output_mtok: unknown\n    source: \"https://beta.example.com/pricing\"\n", "    output_mtok: unknown\n")],
        errors: &["data/pricing.yaml:20:5: offers[3]: missing field `source`"],
    },
    Case {
        name: "pricing: duplicate key",
        changes: &[Edit("data/pricing.yaml", "    model: small-1\n    input_mtok: 1.00\n    output_mtok: 5.00\n    source: \"https://alpha", "    model: small-1\n    input_mtok: 1.00\n    input_mtok: 1.50\n    output_mtok: 5.00\n    source: \"https://alpha")],
        errors: &["data/pricing.yaml:5:5: offers[0]: duplicate field `input_mtok`"],
    },
    Case {
        name: "pricing: second offer for one pair",
        changes: &[Edit("data/pricing.yaml", "  - provider: beta\n    model: big-2", "  - provider: beta\n    model: small-1")],
        errors: &[
            "data/pricing.yaml:20:5: offers[3]: second offer for beta x small-1",
            "data/pricing.yaml:36:23: caching[1].models[1]: beta x big-2 has no entry in offers",
            "data/pricing.yaml:52:23: batch[1].models[1]: beta x big-2 has no entry in offers",
        ],
    },
    // data/latency.yaml
    Case {
        name: "latency: month that does not exist",
        changes: &[Edit("data/latency.yaml", "month: 2026-04", "month: 2026-13")],
        errors: &["data/latency.yaml:6:10: benchmark.month: expected a month YYYY-MM, found \"2026-13\""],
    },
    Case {
        name: "latency: unknown unit",
        changes: &[Edit("data/latency.yaml", "unit: ms", "unit: minutes")],
        errors: &["data/latency.yaml:17:13: benchmark.metrics[0].unit: unknown variant `minutes`, expected one of `ms`, `s`, `%`"],
    },
    Case {
        name: "latency: duplicate metric id and unknown model",
        changes: &[
            Edit("data/latency.yaml", "    - id: total_p50", "    - id: ttft_p50"),
            Edit("data/latency.yaml", "  model: small-1", "  model: huge-9"),
        ],
        errors: &[
            "data/latency.yaml:7:10: benchmark.model: unknown model \"huge-9\" (not in data/models.yaml)",
            "data/latency.yaml:19:11: benchmark.metrics[1].id: duplicate metric id \"ttft_p50\"",
        ],
    },
    // data/scenarios.yaml
    Case {
        name: "scenarios: text where a number belongs",
        changes: &[Edit("data/scenarios.yaml", "requests_per_hour: 30", "requests_per_hour: many")],
        errors: &["data/scenarios.yaml:6:26: scenarios[0].inputs.requests_per_hour: invalid type: string \"many\", expected f64"],
    },
    Case {
        name: "scenarios: unknown model",
        changes: &[Edit("data/scenarios.yaml", "model: small-1", "model: huge-9")],
        errors: &["data/scenarios.yaml:5:14: scenarios[0].inputs.model: invalid scenario: Choose a model from the list"],
    },
    // data/faq.yaml
    Case {
        name: "faq: misspelt key",
        changes: &[Edit("data/faq.yaml", "    question: \"What does", "    qestion: \"What does")],
        errors: &["data/faq.yaml:11:5: faq[1]: unknown field `qestion`, expected one of `id`, `question`, `answer`, `source`, `checked`, `correction`"],
    },
    Case {
        name: "faq: duplicate id",
        changes: &[Edit("data/faq.yaml", "  - id: price", "  - id: beta-caching")],
        errors: &["data/faq.yaml:10:9: faq[1].id: duplicate FAQ id \"beta-caching\""],
    },
    Case {
        name: "faq: reference without its closing braces",
        changes: &[Edit("data/faq.yaml", "{{ price.small-1.alpha.input }} per", "{{ price.small-1.alpha.input per")],
        errors: &["data/faq.yaml:12:14: `{{` without a closing `}}`"],
    },
    // data/corrections.yaml
    Case {
        name: "corrections: unknown verdict",
        changes: &[Edit("data/corrections.yaml", "verdict: unverified", "verdict: wrong")],
        errors: &["data/corrections.yaml:12:14: claims[1].verdict: unknown variant `wrong`, expected one of `corrected`, `partly-true`, `confirmed`, `unverified`"],
    },
    Case {
        name: "corrections: held_in_april_2026 neither yes, no nor unknown",
        changes: &[Edit("data/corrections.yaml", "held_in_april_2026: yes", "held_in_april_2026: maybe")],
        errors: &["data/corrections.yaml:9:25: claims[0].held_in_april_2026: expected yes, no or unknown, found \"maybe\""],
    },
    Case {
        name: "corrections: not UTF-8 inside a string",
        changes: &[Write("data/corrections.yaml", b"claims:\n  - id: x\n    claim: \"caf\xc3\x28\"\n")],
        errors: &["data/corrections.yaml:3:16: file is not valid UTF-8"],
    },
    // data/tables/features.yaml
    Case {
        name: "table: unknown status",
        changes: &[Edit("data/tables/features.yaml", "beta: { status: no,", "beta: { status: maybe,")],
        errors: &["data/tables/features.yaml:13:23: rows[1].cells.beta.status: unknown variant `maybe`, expected one of `yes`, `no`, `partial`, `unknown`"],
    },
    Case {
        name: "table: cell for an unknown provider",
        changes: &[Edit("data/tables/features.yaml", "      beta: { status: no, text: \"No\" }", "      gamma: { status: no, text: \"No\" }")],
        errors: &["data/tables/features.yaml:13:14: rows[1].cells.gamma: unknown provider \"gamma\" (not in data/providers.yaml)"],
    },
    Case {
        name: "table: empty file",
        changes: &[Write("data/tables/features.yaml", b"\n---\n")],
        errors: &["data/tables/features.yaml:1: file is empty (expected a YAML mapping)"],
    },
    Case {
        name: "table: bad checked date",
        changes: &[Edit("data/tables/features.yaml", "checked: 2026-10-03", "checked: 03/10/2026")],
        errors: &["data/tables/features.yaml:9:14: rows[0].checked: expected a real date YYYY-MM-DD, found \"03/10/2026\""],
    },
    // content/ front matter and prose
    Case {
        name: "page: front matter never closed",
        changes: &[Edit("content/404.md", "description: \"Nothing here.\"\n---\n", "description: \"Nothing here.\"\n")],
        errors: &["content/404.md:1:1: front matter is not closed by a line `---`"],
    },
    Case {
        name: "page: no front matter",
        changes: &[Write("content/extra.md", b"# Extra\n\nNo front matter.\n")],
        errors: &["content/extra.md:1:1: expected front matter: a first line `---`, then title and description"],
    },
    Case {
        name: "page: empty description and unknown template",
        changes: &[
            Edit("content/guide/index.md", "description: \"A nested page.\"", "description: \"  \""),
            Edit("content/benchmarks.md", "title: \"Benchmarks\"", "title: \"Benchmarks\"\ntemplate: blog"),
        ],
        errors: &[
            "content/benchmarks.md:3:11: template: unknown variant `blog`, expected `article` or `page`",
            "content/guide/index.md:3:14: description: must not be empty",
        ],
    },
    Case {
        name: "page: YAML syntax error in front matter",
        changes: &[Edit("content/calculator.md", "title: \"Cost calculator\"", "title: \"Cost: calculator")],
        errors: &["content/calculator.md:3:15: did not find expected key, while parsing a block mapping"],
    },
    Case {
        name: "page: not UTF-8",
        changes: &[Write("content/extra.md", b"---\ntitle: T\ndescription: D\n---\n\nna\xefve\n")],
        errors: &["content/extra.md:6:3: file is not valid UTF-8"],
    },
    Case {
        name: "page: reference to a missing data value and a missing sample",
        changes: &[
            Edit("content/guide/index.md", "Plain prose", "{{ model.huge-9.name }} prose"),
            Edit("content/index.md", "{% samples a.py b.py %}", "{% sample z.py %}"),
        ],
        errors: &[
            "content/guide/index.md:6:1: unknown key `model.huge-9.name` (run `sitegen keys` for the list)",
            "content/index.md:29: {% sample %}: no sample \"z.py\" in content/samples/",
        ],
    },
];

/// Applies a case to a fresh fixture copy and returns the build's error headlines.
fn run(case: &Case) -> Result<Vec<String>, String> {
    let site = Site::fixture();
    for change in case.changes {
        match change {
            Edit(file, from, to) => site.edit(file, from, to),
            Write(file, bytes) => site.write(file, bytes),
        }
    }
    match site.build() {
        Ok(_) => Err("the build succeeded".into()),
        Err(errs) => Ok(errs.iter().map(|d| d.headline()).collect()),
    }
}

#[test]
fn every_broken_input_fails_with_exact_positions_and_no_panic() {
    assert!(CASES.len() >= 25, "the corpus has {} cases", CASES.len());
    let mut failures = Vec::new();
    for case in CASES {
        match catch_unwind(AssertUnwindSafe(|| run(case))) {
            Err(_) => failures.push(format!("{}: panicked", case.name)),
            Ok(Err(why)) => failures.push(format!("{}: {why}", case.name)),
            Ok(Ok(got)) if got != case.errors => failures.push(format!(
                "{}:\n  expected {:#?}\n  got      {:#?}",
                case.name, case.errors, got
            )),
            Ok(Ok(_)) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn errors_in_several_files_come_in_one_run() {
    let picked = [
        "site: misspelt key",
        "faq: misspelt key",
        "table: unknown status",
        "page: no front matter",
    ];
    let site = Site::fixture();
    let mut expected = Vec::new();
    for case in CASES.iter().filter(|c| picked.contains(&c.name)) {
        for change in case.changes {
            match change {
                Edit(file, from, to) => site.edit(file, from, to),
                Write(file, bytes) => site.write(file, bytes),
            }
        }
        expected.extend(case.errors.iter().map(|e| e.to_string()));
    }
    expected.sort();
    assert_eq!(expected.len(), 4);
    assert_eq!(site.errors(), expected);
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
