//! Every page of a built site is present with its key content: head tags, tables with
//! captions and header scopes, sources and checked dates, corrections links, samples, FAQ
//! JSON-LD, sitemap, robots, hashed assets, and no inline script or style.

mod common;
use common::dom::rows;
use common::Site;

fn built() -> Site {
    let s = Site::fixture();
    s.build().unwrap_or_else(|e| panic!("{e:?}"));
    s
}

#[test]
fn every_page_is_written_at_its_url() {
    let s = built();
    for rel in [
        "index.html",
        "calculator/index.html",
        "corrections/index.html",
        "benchmarks/index.html",
        "guide/index.html",
        "404.html",
    ] {
        let html = s.page(rel);
        assert!(html.starts_with("<!doctype html>"), "{rel}");
        s.dom(rel).one("body h1");
    }
}

#[test]
fn head_has_title_description_canonical_and_open_graph() {
    let s = built();
    let page = s.dom("guide/index.html");
    assert_eq!(page.text("head title"), "Guide · Fixture site");
    assert_eq!(
        page.attr("head meta[name=description]", "content"),
        "A nested page."
    );
    assert_eq!(
        page.attr("head link[rel=canonical]", "href"),
        "https://fixture.example.org/guide/"
    );
    assert_eq!(
        page.attr("head meta[property=\"og:title\"]", "content"),
        "Guide"
    );
    assert_eq!(
        page.attr("head meta[property=\"og:url\"]", "content"),
        "https://fixture.example.org/guide/"
    );
    page.one("head meta[http-equiv=Content-Security-Policy]");
    let home = s.dom("index.html");
    assert_eq!(
        home.attr("head meta[property=\"og:type\"]", "content"),
        "article"
    );
    assert_eq!(home.text(".updated"), "Last updated 3 October 2026");
    assert_eq!(home.attr(".updated time", "datetime"), "2026-10-03");
    let nf = s.dom("404.html");
    assert_eq!(nf.attr("head meta[name=robots]", "content"), "noindex");
}

#[test]
fn article_has_toc_with_working_anchors() {
    let s = built();
    let page = s.dom("index.html");
    for (id, text) in [
        ("pricing", "Pricing"),
        ("latency", "Latency"),
        ("features", "Features"),
        ("code", "Code"),
        ("faq", "FAQ"),
    ] {
        assert_eq!(
            page.text(&format!("#toc a[href=\"#{id}\"]")),
            text,
            "toc entry {id}"
        );
        assert_eq!(page.text(&format!("h2#{id}")), text, "heading {id}");
    }
}

#[test]
fn prose_numbers_come_from_data() {
    let s = built();
    let page = s.dom("index.html");
    for para in [
        "Figures checked up to 3 October 2026.",
        "Small One costs $1.00 on Alpha and $1.00 on Beta. Cached reads cost $0.10.",
        "Beta's first token came 90 ms (15%) later.",
    ] {
        page.has_text("article p", para);
    }
}

#[test]
fn pricing_table_cells_show_sources_dates_and_corrections() {
    let s = built();
    let page = s.dom("index.html");
    let t = "#tbl-pricing";
    page.one(&format!("{t} table caption#tbl-pricing-cap"));
    page.has_text(&format!("{t} thead th[scope=col]"), "Input");
    page.has_text(
        &format!("{t} tbody th[scope=rowgroup][rowspan=\"2\"]"),
        "Big Two",
    );
    // An unknown price is shown as such, never invented.
    page.has_text_starting(&format!("{t} td.unknown"), "not published");
    // 1-hour cache is `unavailable` on Beta.
    page.has_text_starting(&format!("{t} td.no"), "not offered");
    // Source notes name the page and the checked date; cells link to them.
    let note = "Source: beta.example.com/caching, checked 3 October 2026";
    assert!(
        page.all(&format!("{t} td sup.src a[href^=\"#tbl-pricing-src-\"]"))
            .iter()
            .any(|a| a.value().attr("title") == Some(note)),
        "no source link titled {note:?}"
    );
    let source = page.one(&format!(
        "{t} ol.sources a[href=\"https://beta.example.com/caching\"]"
    ));
    assert_eq!(source.value().attr("rel"), Some("external"));
    assert_eq!(common::dom::text_of(source), "beta.example.com/caching");
    page.has_text_starting(
        &format!("{t} ol.sources li"),
        "beta.example.com/caching, checked 3 October 2026",
    );
    page.has_text(
        &format!("{t} td a.corr[href=\"/corrections/#beta-caching\"]"),
        "corrected",
    );
    assert_eq!(
        page.text(&format!("{t} caption .checked")),
        "Figures last checked 3 October 2026"
    );
    assert_eq!(
        page.attr(&format!("{t} caption .checked time"), "datetime"),
        "2026-10-03"
    );
    // The table scrolls inside a focusable, labelled region.
    let region = page.one(&format!("{t} > div.table-scroll"));
    assert_eq!(region.value().attr("role"), Some("region"));
    assert_eq!(region.value().attr("tabindex"), Some("0"));
    assert_eq!(
        region.value().attr("aria-labelledby"),
        Some("tbl-pricing-cap")
    );
    // Routes with their premium.
    let rows = rows(&page, "#tbl-routes tbody tr");
    let want = ["Beta", "Regional profile", "Big Two", "list price +10%"];
    assert!(
        rows.iter().any(|r| r == &want),
        "no route row {want:?}: {rows:?}"
    );
}

#[test]
fn latency_and_comparison_tables() {
    let s = built();
    let page = s.dom("index.html");
    let rows = rows(&page, "#tbl-latency tbody tr");
    let row = |metric: &str| {
        rows.iter()
            .find(|r| r[0] == metric)
            .unwrap_or_else(|| panic!("no latency row {metric:?}: {rows:?}"))
            .clone()
    };
    assert_eq!(
        row("Time to first token (p50)"),
        [
            "Time to first token (p50)",
            "600 ms",
            "690 ms",
            "+90 ms (+15%)"
        ]
    );
    // Approximate values are marked.
    assert_eq!(
        row("Throttle rate"),
        ["Throttle rate", "~0.1%", "~0.3%", "+0.2 percentage points"]
    );
    for td in page.all("#tbl-latency tbody td") {
        let a = scraper::Selector::parse("sup.src a").unwrap();
        let title = td.select(&a).next().and_then(|a| a.value().attr("title"));
        assert_eq!(
            title,
            Some("Source: the source article (author's measurement), checked 1 October 2026"),
            "{}",
            common::dom::text_of(td)
        );
    }
    // Generic table: Markdown cell with a data reference, status class, correction link.
    page.has_text_starting("#tbl-t-features td.st.st-yes", "Yes, reads at 0.1×");
    page.has_text_starting("#tbl-t-features td.st.st-no", "No");
}

#[test]
fn samples_are_highlighted_at_build_time_side_by_side() {
    let s = built();
    let page = s.dom("index.html");
    page.has_text("div.samples > figure.sample > figcaption > code", "a.py");
    page.has_text(
        "figure.sample pre.code span.keyword.control.import.python",
        "import",
    );
    // Code text is escaped: the `<` is text inside its span, not a tag.
    page.has_text(
        "figure.sample pre.code span.string.quoted.double.python",
        "<",
    );
    let code: String = page.texts("figure.sample pre.code").concat();
    assert!(
        code.contains("<{model"),
        "the sample's own text is shown: {code}"
    );
    assert!(
        !s.page("index.html").contains("<{model"),
        "and escaped in the markup"
    );
}

#[test]
fn faq_escapes_hostile_text_and_has_json_ld() {
    let s = built();
    let page = s.dom("index.html");
    page.has_text(".faq section.qa h3", "Does Beta cache <prompts>?");
    page.none(".faq prompts");
    let ld: serde_json::Value =
        serde_json::from_str(&page.text("script[type=\"application/ld+json\"]")).unwrap();
    assert_eq!(ld["@type"], "FAQPage");
    let q = ld["mainEntity"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["name"] == "Does Beta cache <prompts>?")
        .unwrap_or_else(|| panic!("no question in the JSON-LD: {ld}"));
    let answer = q["acceptedAnswer"]["text"].as_str().unwrap();
    assert!(answer.contains("repeats cost 90% less"), "{answer}");
    // `<` is written as \u003c so no `</script>` can end the block early.
    assert!(
        s.page("index.html")
            .contains(r#""name":"Does Beta cache \u003cprompts>?""#),
        "the JSON-LD escapes `<`"
    );
    page.has_text_starting(
        "section#faq-beta-caching p",
        "Yes. A cache read costs 0.1× of the input price, so repeats cost 90% less.",
    );
}

#[test]
fn corrections_page_lists_corrections_and_claims_page_all_claims() {
    let s = built();
    let page = s.dom("corrections/index.html");
    let entry = "ol.corrections > li.correction.v-corrected#beta-caching";
    page.one(entry);
    page.has_text(&format!("{entry} dd"), "Beta has no prompt caching.");
    page.has_text(&format!("{entry} dd"), "Beta caches prompts.");
    // Unverified claims are not corrections.
    page.none("#same-speed");
    page.none("ol.corrections > li#claim-same-speed");
    let claim = rows(&page, "tr#claim-same-speed").remove(0);
    assert_eq!(
        claim[..2],
        ["Both are equally fast.", "Unverified"],
        "{claim:?}"
    );
    page.one("tr#claim-same-speed td.v.v-unverified");
}

#[test]
fn benchmarks_page_shows_conditions() {
    let s = built();
    let page = s.dom("benchmarks/index.html");
    let dl = page.one("section.benchmark dl.conditions");
    let pairs: Vec<String> = dl
        .select(&scraper::Selector::parse("dt, dd").unwrap())
        .map(common::dom::text_of)
        .collect();
    for (term, value) in [
        ("Client region", "us-east-1"),
        ("Requests", "10,000"),
        ("Measured", "April 2026"),
        ("Model", "Small One"),
        ("Tokens per request", "500 input, 200 output"),
    ] {
        assert!(
            pairs.windows(2).any(|w| w[0] == term && w[1] == value),
            "{term}: {value} not among the conditions {pairs:?}"
        );
    }
}

#[test]
fn calculator_page_has_widget_and_boot_script() {
    let s = built();
    let page = s.dom("calculator/index.html");
    let src = page.attr("script[src^=\"/assets/calculator-boot.\"]", "src");
    let hash = src
        .strip_prefix("/assets/calculator-boot.")
        .and_then(|r| r.strip_suffix(".js"))
        .unwrap_or_else(|| panic!("{src}"));
    assert!(
        !hash.is_empty() && hash.chars().all(|c| c.is_ascii_hexdigit()),
        "{src}"
    );
    assert_eq!(
        page.attr("script[src^=\"/assets/calculator-boot.\"]", "type"),
        "module"
    );
    page.one("div.calc#calculator");
    s.dom("index.html").none("script[src*=calculator-boot]");
}

#[test]
fn sitemap_robots_assets_and_price_data() {
    let s = built();
    let sitemap = s.page("sitemap.xml");
    for u in [
        "/",
        "/benchmarks/",
        "/calculator/",
        "/corrections/",
        "/guide/",
    ] {
        assert!(
            sitemap.contains(&format!(
                "<loc>https://fixture.example.org{u}</loc><lastmod>2026-10-03</lastmod>"
            )),
            "{u}: {sitemap}"
        );
    }
    assert!(!sitemap.contains("404"), "{sitemap}");
    assert_eq!(
        s.page("robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://fixture.example.org/sitemap.xml\n"
    );
    // CSS: all static/css files in name order, one hashed file that the pages link.
    let href = s.dom("index.html").attr(
        "head link[rel=stylesheet][href^=\"/assets/style.\"]",
        "href",
    );
    let css = s.page(href.trim_start_matches('/'));
    assert!(
        css.find("body { color: black; }").unwrap() < css.find("p { margin: 0; }").unwrap(),
        "{css}"
    );
    // Other static files copied as they are.
    assert_eq!(
        std::fs::read(s.out().join("img/pixel.gif")).unwrap(),
        b"GIF89a"
    );
    let prices: serde_json::Value = serde_json::from_str(&s.page("prices.json")).unwrap();
    assert!(prices.to_string().contains("small-1"), "{prices}");
    serde_json::from_str::<serde_json::Value>(&s.page("prices.schema.json")).unwrap();
    // The fixture's providers name no price-file providers: both files are there, and empty.
    let litellm: serde_json::Value = serde_json::from_str(&s.page("prices.litellm.json")).unwrap();
    assert_eq!(litellm, serde_json::json!({}));
    let genai: serde_json::Value =
        serde_json::from_str(&s.page("prices.genai-prices.json")).unwrap();
    assert_eq!(genai, serde_json::json!([]));
}

#[test]
fn wasm_output_is_hashed_and_references_rewritten() {
    let s = Site::fixture();
    let wasm = s.tmp.path().join("wasm");
    std::fs::create_dir_all(&wasm).unwrap();
    std::fs::write(wasm.join("calculator_bg.wasm"), b"\0asm fake").unwrap();
    std::fs::write(wasm.join("calculator.js"), "const u = new URL('calculator_bg.wasm', import.meta.url);\nexport default function init() {}\n").unwrap();
    sitegen::build(&sitegen::BuildOptions {
        wasm_dir: Some(wasm),
        ..sitegen::BuildOptions::new(&s.root, s.out())
    })
    .unwrap();
    let files = common::tree(&s.out().join("assets"));
    let name = |prefix: &str| {
        files
            .keys()
            .find(|k| k.starts_with(prefix))
            .unwrap_or_else(|| panic!("{prefix}: {files:?}"))
            .clone()
    };
    let wasm_name = name("calculator_bg.");
    let glue_name = name("calculator.");
    let boot_name = name("calculator-boot.");
    let glue = String::from_utf8(files[&glue_name].clone()).unwrap();
    assert!(glue.contains(&format!("new URL('{wasm_name}'")), "{glue}");
    let boot = String::from_utf8(files[&boot_name].clone()).unwrap();
    assert!(boot.contains(&format!("from \"./{glue_name}\"")), "{boot}");
}

#[test]
fn raw_html_is_kept_and_noted() {
    let s = Site::fixture();
    let report = s.build().unwrap();
    s.dom("guide/index.html")
        .has_text("article span", "raw HTML");
    let notes: Vec<String> = report.notes.iter().map(|n| n.headline()).collect();
    assert_eq!(
        notes,
        [
            "content/guide/index.md:6: raw HTML in Markdown",
            "content/calculator.md: uses {% calculator %} but no --wasm-dir was given: the page shows the prerendered results only"
        ]
    );
}

#[test]
fn keys_lists_derived_values() {
    let keys: std::collections::BTreeMap<_, _> = sitegen::keys(&common::fixture_dir())
        .unwrap()
        .into_iter()
        .collect();
    assert_eq!(keys["latency.ttft_p50.delta.beta"], "90 ms");
    assert_eq!(keys["latency.total_p50.pct.beta"], "20%");
    assert_eq!(keys["cache.alpha.read_saving"], "90%");
    assert_eq!(keys["route.beta.regional.premium"], "10%");
    assert_eq!(keys["price.big-2.beta.output"], "not published");
    assert_eq!(keys["price.small-1.alpha.cache_write_1h"], "$2.00");
    assert_eq!(keys["updated"], "3 October 2026");
    assert!(
        keys.keys().any(|k| k.starts_with("scenario.default.")),
        "calculator values are keys"
    );
}

#[test]
fn single_sample_block() {
    let s = Site::fixture();
    s.edit(
        "content/guide/index.md",
        "Plain prose",
        "{% sample b.py %}\n\nPlain prose",
    );
    s.build().unwrap();
    let page = s.dom("guide/index.html");
    page.has_text("figure.sample > figcaption > code", "b.py");
    page.none("div.samples");
}

#[test]
fn every_figure_cell_links_a_source_and_every_correction_is_logged() {
    let s = built();
    for rel in [
        "index.html",
        "benchmarks/index.html",
        "corrections/index.html",
    ] {
        let notes = common::source_notes(&s.dom(rel));
        assert!(
            notes.tables > 0 && notes.cells > 0,
            "{rel} has figure tables"
        );
        assert_eq!(notes.unsourced, Vec::<String>::new(), "{rel}");
    }
    s.assert_corrections_logged();
}

#[test]
fn ids_are_unique_on_every_page() {
    let s = built();
    for rel in [
        "index.html",
        "calculator/index.html",
        "corrections/index.html",
        "benchmarks/index.html",
    ] {
        let page = s.dom(rel);
        let mut seen = std::collections::BTreeSet::new();
        for e in page.all("[id]") {
            let id = e.value().id().unwrap();
            assert!(seen.insert(id.to_owned()), "{rel}: duplicate id {id}");
        }
        assert!(seen.len() > 5, "{rel}");
    }
}

#[test]
fn every_page_carries_the_policy_csp_as_its_meta_tag() {
    let s = built();
    for rel in ["index.html", "calculator/index.html", "404.html"] {
        assert_eq!(
            s.dom(rel).attr(
                r#"head meta[http-equiv="Content-Security-Policy"]"#,
                "content"
            ),
            sitegen::deploy::POLICY.csp_meta(),
            "{rel}"
        );
    }
}
