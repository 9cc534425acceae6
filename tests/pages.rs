//! Every page of a built site is present with its key content: head tags, tables with
//! captions and header scopes, sources and checked dates, corrections links, samples, FAQ
//! JSON-LD, sitemap, robots, hashed assets, and no inline script or style.

mod common;
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
        assert_eq!(html.matches("<h1>").count(), 1, "{rel}: exactly one h1");
    }
}

#[test]
fn head_has_title_description_canonical_and_open_graph() {
    let s = built();
    let html = s.page("guide/index.html");
    assert!(
        html.contains("<title>Guide · Fixture site</title>"),
        "{html}"
    );
    assert!(
        html.contains(r#"<meta content="A nested page." name=description>"#),
        "{html}"
    );
    assert!(
        html.contains("<link href=https://fixture.example.org/guide/ rel=canonical>"),
        "{html}"
    );
    assert!(
        html.contains("<meta content=Guide property=og:title>"),
        "{html}"
    );
    assert!(html.contains("property=og:url"), "{html}");
    assert!(html.contains("Content-Security-Policy"), "{html}");
    let home = s.page("index.html");
    assert!(
        home.contains("<meta content=article property=og:type>"),
        "{home}"
    );
    assert!(
        home.contains("Last updated <time datetime=2026-10-03>3 October 2026</time>"),
        "{home}"
    );
    let nf = s.page("404.html");
    assert!(nf.contains("<meta content=noindex name=robots>"), "{nf}");
}

#[test]
fn article_has_toc_with_working_anchors() {
    let s = built();
    let html = s.page("index.html");
    for (id, text) in [
        ("pricing", "Pricing"),
        ("latency", "Latency"),
        ("features", "Features"),
        ("code", "Code"),
        ("faq", "FAQ"),
    ] {
        assert!(
            html.contains(&format!("<a href=#{id}>{text}</a>")),
            "toc entry {id}: {html}"
        );
        assert!(
            html.contains(&format!("<h2 id={id}>{text}</h2>")),
            "heading {id}"
        );
    }
}

#[test]
fn prose_numbers_come_from_data() {
    let s = built();
    let html = s.page("index.html");
    assert!(
        html.contains("Figures checked up to 3 October 2026."),
        "{html}"
    );
    assert!(
        html.contains("Small One costs $1.00 on Alpha and $1.00 on Beta."),
        "{html}"
    );
    assert!(html.contains("Cached reads cost $0.10."), "{html}");
    assert!(
        html.contains("Beta's first token came 90 ms (15%) later."),
        "{html}"
    );
}

#[test]
fn pricing_table_cells_show_sources_dates_and_corrections() {
    let s = built();
    let html = s.page("index.html");
    assert!(html.contains("<caption id=tbl-pricing-cap>"), "{html}");
    assert!(html.contains("<th scope=col>Input</th>"));
    assert!(
        html.contains("<th rowspan=2 scope=rowgroup>Big Two</th>"),
        "{html}"
    );
    // An unknown price is shown as such, never invented.
    assert!(html.contains("<td class=unknown>not published"), "{html}");
    // 1-hour cache is `unavailable` on Beta.
    assert!(html.contains("<td class=no>not offered"), "{html}");
    // Source notes name the page and the checked date; cells link to them.
    assert!(
        html.contains(r#"title="Source: beta.example.com/caching, checked 3 October 2026""#),
        "{html}"
    );
    assert!(html.contains("<a href=https://beta.example.com/caching rel=external>beta.example.com/caching</a>, checked <time datetime=2026-10-03>"), "{html}");
    assert!(
        html.contains("href=/corrections/#beta-caching>corrected</a>"),
        "{html}"
    );
    assert!(
        html.contains("Figures last checked <time datetime=2026-10-03>3 October 2026</time>"),
        "{html}"
    );
    // The table scrolls inside a focusable, labelled region.
    assert!(
        html.contains(
            r#"<div aria-labelledby=tbl-pricing-cap class=table-scroll role=region tabindex=0>"#
        ),
        "{html}"
    );
    // Routes with their premium.
    assert!(html.contains("<th scope=row>Beta</th><th scope=row>Regional profile</th><td class=label>Big Two</td><td>list price +10%<sup"), "{html}");
}

#[test]
fn latency_and_comparison_tables() {
    let s = built();
    let html = s.page("index.html");
    assert!(
        html.contains("<th scope=row>Time to first token (p50)</th><td>600 ms"),
        "{html}"
    );
    assert!(html.contains("<td>+90 ms (+15%)<sup class=src>"), "{html}");
    assert!(
        html.contains("<td>+0.2 percentage points<sup class=src>"),
        "{html}"
    );
    assert!(html.contains("~0.3%"), "approximate values are marked");
    assert!(
        html.contains("the source article (author&#39;s measurement)")
            || html.contains("the source article (author's measurement)"),
        "{html}"
    );
    // Generic table: Markdown cell with a data reference, status class, correction link.
    assert!(
        html.contains("<td class=\"st st-yes\">Yes, reads at 0.1×"),
        "{html}"
    );
    assert!(html.contains("<td class=\"st st-no\">No"), "{html}");
}

#[test]
fn samples_are_highlighted_at_build_time_side_by_side() {
    let s = built();
    let html = s.page("index.html");
    assert!(
        html.contains("<div class=samples><figure class=sample>"),
        "{html}"
    );
    assert!(html.contains("<code>a.py</code>"), "{html}");
    assert!(
        html.contains(r#"<span class="keyword control import python">import</span>"#),
        "{html}"
    );
    // Code text is escaped.
    assert!(
        html.contains(r#"<span class="string quoted double python">&lt;</span>"#),
        "{html}"
    );
    assert!(!html.contains("<{model"), "{html}");
}

#[test]
fn faq_escapes_hostile_text_and_has_json_ld() {
    let s = built();
    let html = s.page("index.html");
    assert!(
        html.contains("<h3>Does Beta cache &lt;prompts>?</h3>"),
        "{html}"
    );
    assert!(html.contains("<script type=application/ld+json>"), "{html}");
    assert!(html.contains(r#""@type":"FAQPage""#), "{html}");
    assert!(
        html.contains(r#""name":"Does Beta cache \u003cprompts>?""#),
        "{html}"
    );
    assert!(html.contains("repeats cost 90% less"), "{html}");
}

#[test]
fn corrections_page_lists_corrections_and_claims_page_all_claims() {
    let s = built();
    let html = s.page("corrections/index.html");
    assert!(
        html.contains(r#"<li class="correction v-corrected" id=beta-caching>"#),
        "{html}"
    );
    assert!(
        html.contains("<dd>Beta has no prompt caching.</dd>"),
        "{html}"
    );
    assert!(html.contains("<dd>Beta caches prompts.</dd>"), "{html}");
    assert!(
        !html.contains("id=same-speed"),
        "unverified claims are not corrections"
    );
    assert!(html.contains("<tr id=claim-same-speed>"), "{html}");
    assert!(html.contains("Unverified"), "{html}");
}

#[test]
fn benchmarks_page_shows_conditions() {
    let s = built();
    let html = s.page("benchmarks/index.html");
    for needle in [
        "<dt>Client region</dt><dd>us-east-1</dd>",
        "<dd>10,000</dd>",
        "<dd>April 2026</dd>",
        "<dd>Small One</dd>",
        "500 input, 200 output",
    ] {
        assert!(html.contains(needle), "{needle}: {html}");
    }
}

#[test]
fn calculator_page_has_widget_and_boot_script() {
    let s = built();
    let html = s.page("calculator/index.html");
    let boot = html
        .split("<script src=/assets/calculator-boot.")
        .nth(1)
        .expect("boot script tag");
    assert!(boot.starts_with(|c: char| c.is_ascii_hexdigit()), "{html}");
    assert!(html.contains("type=module"), "{html}");
    assert!(html.contains("id=calculator"), "{html}");
    assert!(
        !s.page("index.html").contains("calculator-boot"),
        "only calculator pages load it"
    );
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
    let home = s.page("index.html");
    let href = home
        .split("<link href=/assets/style.")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap();
    let css = s.page(&format!("assets/style.{href}"));
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
    assert!(s.page("guide/index.html").contains("<span>raw HTML</span>"));
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
    let html = s.page("guide/index.html");
    assert!(
        html.contains("<figure class=sample><figcaption><code>b.py</code>"),
        "{html}"
    );
    assert!(!html.contains("<div class=samples>"), "{html}");
}

#[test]
fn every_figure_cell_links_a_source_and_every_correction_is_logged() {
    let s = built();
    for rel in [
        "index.html",
        "benchmarks/index.html",
        "corrections/index.html",
    ] {
        let html = s.page(rel);
        assert!(html.contains("<div class=data-table"), "{rel} has tables");
        assert_eq!(
            common::unsourced_cells(&html),
            Vec::<String>::new(),
            "{rel}"
        );
    }
    let log = s.page("corrections/index.html");
    let inputs = sitegen::load::load(&s.root).unwrap();
    for c in inputs.claims.iter().filter(|c| c.verdict.is_correction()) {
        assert!(
            log.contains(&format!("id={}>", c.id)),
            "{} is in the log",
            c.id
        );
    }
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
        let html = s.page(rel);
        let mut seen = std::collections::BTreeSet::new();
        for part in html.split(" id=").skip(1) {
            let id: String = part
                .trim_start_matches('"')
                .chars()
                .take_while(|c| !matches!(c, '"' | ' ' | '>'))
                .collect();
            assert!(seen.insert(id.clone()), "{rel}: duplicate id {id}");
        }
        assert!(seen.len() > 5, "{rel}");
    }
}

#[test]
fn every_page_carries_the_policy_csp_as_its_meta_tag() {
    let s = built();
    let selector =
        scraper::Selector::parse(r#"meta[http-equiv="Content-Security-Policy"]"#).unwrap();
    for rel in ["index.html", "calculator/index.html", "404.html"] {
        let doc = scraper::Html::parse_document(&s.page(rel));
        let metas: Vec<_> = doc.select(&selector).collect();
        assert_eq!(metas.len(), 1, "{rel}: one CSP meta tag");
        assert_eq!(
            metas[0].value().attr("content"),
            Some(sitegen::deploy::POLICY.csp_meta().as_str()),
            "{rel}"
        );
    }
}
