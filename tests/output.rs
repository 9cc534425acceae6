//! Whole-site properties: one price edit reaches every table, prose number and page that shows
//! it; a failed build leaves the previous output byte-for-byte intact; two builds are identical.
//! The same checks run on the real `data/` and `content/` of this repository.

mod common;
use common::{tree, Site};
use std::collections::BTreeSet;

/// Output files whose bytes differ between two trees.
fn changed(
    a: &std::collections::BTreeMap<String, Vec<u8>>,
    b: &std::collections::BTreeMap<String, Vec<u8>>,
) -> BTreeSet<String> {
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    // Hashed asset names differ only when their content does; compare pages and data files.
    keys.into_iter()
        .filter(|k| !k.starts_with("assets/") && a.get(*k) != b.get(*k))
        .cloned()
        .collect()
}

#[test]
fn one_price_edit_reaches_every_table_prose_number_and_page() {
    let before = Site::fixture();
    before.build().unwrap();
    let after = Site::fixture();
    after.edit("data/pricing.yaml", "    model: small-1\n    input_mtok: 1.00\n    output_mtok: 5.00\n    source: \"https://alpha", "    model: small-1\n    input_mtok: 1.40\n    output_mtok: 5.00\n    source: \"https://alpha");
    after.build().unwrap();

    let html = after.page("index.html");
    let page = after.dom("index.html");
    // Prose.
    page.has_text(
        "article p",
        "Small One costs $1.40 on Alpha and $1.00 on Beta. Cached reads cost $0.14.",
    );
    // Pricing table, Small One on Alpha: input, the three cache prices derived from it (with
    // their multiple of the input price), the batch price.
    let rows = common::dom::rows(&page, "#tbl-pricing tbody tr");
    let alpha = rows
        .iter()
        .find(|r| r[..2] == ["Small One", "Alpha"])
        .unwrap_or_else(|| panic!("no Small One row on Alpha: {rows:?}"));
    assert_eq!(
        alpha[2..],
        [
            "$1.40",
            "$5.00",
            "$1.75 (1.25×)",
            "$2.80 (2×)",
            "$0.14 (0.1×)",
            "$0.70 / $2.50 (50% off)"
        ],
        "{alpha:?}"
    );
    page.has_text("#tbl-pricing td span.mult", "(1.25×)");
    // FAQ answer (data Markdown) and its JSON-LD.
    page.has_text(
        ".faq section.qa p",
        "$1.40 per million input tokens on Alpha.",
    );
    assert!(
        html.contains(r#""text":"\u003cp>$1.40 per million input tokens on Alpha.\u003c/p>""#),
        "{html}"
    );
    // Machine-readable prices.
    let prices: serde_json::Value = serde_json::from_str(&after.page("prices.json")).unwrap();
    let small = prices["providers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["id"] == "alpha")
        .flat_map(|p| p["models"].as_array().unwrap())
        .find(|m| m["id"] == "small-1")
        .unwrap_or_else(|| panic!("no small-1 on alpha in prices.json: {prices}"));
    assert_eq!(small["input_mtok"], 1.4, "{small}");

    // Exactly the pages that show the price changed (their .br/.gz copies follow them).
    let diff: BTreeSet<String> = changed(&tree(&before.out()), &tree(&after.out()))
        .into_iter()
        .filter(|f| !f.ends_with(".br") && !f.ends_with(".gz"))
        .collect();
    let expected: BTreeSet<String> = ["index.html", "calculator/index.html", "prices.json"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(diff, expected);
}

#[test]
fn failed_build_leaves_previous_output_intact() {
    let s = Site::fixture();
    s.build().unwrap();
    let good = tree(&s.out());
    assert!(good.len() > 10);

    // A data error (load stage) and, separately, a prose error (render stage).
    s.edit(
        "data/pricing.yaml",
        "output_mtok: 20.00",
        "output_mtok: three",
    );
    assert!(s.build().is_err());
    assert_eq!(tree(&s.out()), good, "data error must not touch the output");
    s.edit(
        "data/pricing.yaml",
        "output_mtok: three",
        "output_mtok: 20.00",
    );
    s.edit("content/index.md", "{{ updated }}", "{{ nope }}");
    assert!(s.build().is_err());
    assert_eq!(
        tree(&s.out()),
        good,
        "render error must not touch the output"
    );

    // Nothing is left next to the output directory.
    let siblings: Vec<String> = std::fs::read_dir(s.tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut siblings = siblings;
    siblings.sort();
    assert_eq!(siblings, ["public", "site"]);
}

#[test]
fn a_good_build_replaces_the_whole_output() {
    let s = Site::fixture();
    std::fs::create_dir_all(s.out()).unwrap();
    std::fs::write(s.out().join("stale.html"), "old").unwrap();
    s.build().unwrap();
    assert!(
        !s.out().join("stale.html").exists(),
        "files of earlier builds do not linger"
    );
    assert!(s.out().join("index.html").exists());
}

#[test]
fn two_builds_are_byte_identical() {
    let s = Site::fixture();
    let a = s.tmp.path().join("a");
    let b = s.tmp.path().join("b");
    s.build_to(&a).unwrap();
    s.build_to(&b).unwrap();
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(!ta.is_empty());
    assert_eq!(ta, tb);
}

// ---- The real site, as the other engineers' files are right now. ----

#[test]
fn real_site_builds_every_content_page() {
    let s = Site::real();
    let report = s.build().unwrap_or_else(|errs| {
        panic!(
            "{}",
            errs.iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n\n")
        )
    });
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(s.root.join("content")) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(s.root.join("content"))
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with("samples/") || !rel.ends_with(".md") {
            continue;
        }
        let url = sitegen::load::content::url_for(&rel);
        let out = if url.ends_with(".html") {
            url.trim_start_matches('/').to_owned()
        } else {
            format!("{}index.html", url.trim_start_matches('/'))
        };
        s.dom(&out).one("body h1");
        pages += 1;
    }
    assert_eq!(report.pages, pages);
    let home = s.dom("index.html");
    // The article has the pricing table and a table of contents.
    home.one("#tbl-pricing table caption#tbl-pricing-cap");
    assert!(
        home.count("nav#toc[aria-labelledby=toc-title] a[href^=\"#\"]") > 0,
        "the article has a table of contents"
    );
    assert!(s.page("sitemap.xml").contains("<urlset"));
}

#[test]
fn real_site_price_edit_changes_the_article_and_price_data() {
    let before = Site::real();
    before.build().unwrap();
    let after = Site::real();
    // The Sonnet 4.6 offer on the Anthropic API, wherever it sits in the file.
    let path = after.root.join("data/pricing.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let start = lines
        .windows(2)
        .position(|w| w[0].trim() == "- provider: anthropic" && w[1].trim() == "model: sonnet-4-6")
        .expect("anthropic x sonnet-4-6 offer");
    let input = (start..lines.len())
        .find(|&i| lines[i].trim_start().starts_with("input_mtok:"))
        .unwrap();
    let indent = lines[input].len() - lines[input].trim_start().len();
    lines[input] = format!("{}input_mtok: 3.33", " ".repeat(indent));
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    after.build().unwrap();
    // The article shows the new price as a table cell of its own.
    let rows = common::dom::rows(&after.dom("index.html"), ".data-table tbody tr");
    assert!(
        rows.iter().any(|r| r.iter().any(|c| c == "$3.33")),
        "no table cell of the article shows $3.33: {rows:?}"
    );
    let diff = changed(&tree(&before.out()), &tree(&after.out()));
    assert!(
        diff.contains("index.html") && diff.contains("prices.json"),
        "{diff:?}"
    );
}

#[test]
fn real_site_two_builds_are_byte_identical() {
    let s = Site::real();
    let a = s.tmp.path().join("a");
    let b = s.tmp.path().join("b");
    s.build_to(&a).unwrap();
    s.build_to(&b).unwrap();
    assert_eq!(tree(&a), tree(&b));
}

#[test]
fn real_site_every_figure_has_a_source_and_every_correction_is_logged() {
    let s = Site::real();
    s.build().unwrap_or_else(|errs| {
        panic!(
            "{}",
            errs.iter()
                .map(|e| e.headline())
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    let (mut tables, mut cells) = (0, 0);
    for entry in walkdir::WalkDir::new(s.out()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let rel = entry
                .path()
                .strip_prefix(s.out())
                .unwrap()
                .display()
                .to_string();
            let notes = common::source_notes(&s.dom(&rel));
            assert_eq!(notes.unsourced, Vec::<String>::new(), "{rel}");
            tables += notes.tables;
            cells += notes.cells;
        }
    }
    assert!(
        tables > 3 && cells > 50,
        "the site's figure tables were found ({tables} tables, {cells} cells)"
    );
    s.assert_corrections_logged();
}
