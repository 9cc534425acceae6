//! Security of the output: hostile strings in data and front matter are escaped, raw HTML in
//! data Markdown is text, and no page carries inline script or style (strict CSP).

mod common;
use common::Site;

fn built() -> Site {
    let s = Site::fixture();
    s.build().unwrap_or_else(|e| panic!("{e:?}"));
    s
}

/// Scripts that run code written in the page: no `src`, and not a data block.
const INLINE_SCRIPT: &str =
    "script:not([src]):not([type=\"application/ld+json\"]):not([type=\"application/json\"])";

#[test]
fn no_inline_script_or_style() {
    let s = built();
    for rel in [
        "index.html",
        "calculator/index.html",
        "corrections/index.html",
        "guide/index.html",
    ] {
        let page = s.dom(rel);
        page.none(INLINE_SCRIPT);
        page.none("[style]");
        page.none("style");
        for e in page.all("*") {
            let handler = e.value().attrs().find(|(name, _)| name.starts_with("on"));
            assert!(
                handler.is_none(),
                "{rel}: <{}> has {handler:?}",
                e.value().name()
            );
        }
    }
}

#[test]
fn hostile_strings_in_data_and_front_matter_are_escaped() {
    let s = Site::fixture();
    s.edit(
        "data/site.yaml",
        "title: \"Fixture site\"",
        "title: \"Fix </title><script>alert(1)</script> \\\" & co\"",
    );
    s.edit(
        "content/guide/index.md",
        "title: \"Guide\"",
        "title: \"Guide <img src=x onerror=alert(1)>\"",
    );
    s.edit(
        "data/models.yaml",
        "name: \"Small One\"",
        "name: \"Small <b>One</b>\"",
    );
    s.build().unwrap();
    let page = s.dom("guide/index.html");
    // Inside <title> (raw text up to `</title>`) a `<script>` is inert; `</title>` must stay
    // escaped, or the title would end early and the script become an element.
    assert!(
        page.text("head title")
            .ends_with("Fix </title><script>alert(1)</script> \" & co"),
        "{}",
        page.text("head title")
    );
    page.none(INLINE_SCRIPT);
    page.none("img[src=x]");
    assert!(
        page.body_text()
            .contains("Fix </title><script>alert(1)</script>"),
        "the site title is shown as text: {}",
        page.body_text()
    );
    assert_eq!(page.text("body h1"), "Guide <img src=x onerror=alert(1)>");
    // A data value substituted into prose is text, not markup.
    let home = s.dom("index.html");
    home.none("body b");
    home.has_text("#tbl-pricing tbody th[scope=rowgroup]", "Small <b>One</b>");
}

#[test]
fn raw_html_in_data_markdown_is_shown_as_text() {
    let s = Site::fixture();
    s.edit(
        "data/faq.yaml",
        "      Yes. A cache read",
        "      Yes. <script>alert(1)</script> A cache read",
    );
    s.edit(
        "data/tables/features.yaml",
        "text: \"Yes (beta)\"",
        "text: \"Yes <img src=x onerror=alert(1)>\"",
    );
    s.build().unwrap();
    let page = s.dom("index.html");
    page.none(INLINE_SCRIPT);
    page.none("img[src=x]");
    page.has_text_starting(
        ".faq section.qa p",
        "Yes. <script>alert(1)</script> A cache read",
    );
    page.has_text_starting("#tbl-t-features td", "Yes <img src=x onerror=alert(1)>");
}
