//! Security of the output: hostile strings in data and front matter are escaped, raw HTML in
//! data Markdown is text, and no page carries inline script or style (strict CSP).

mod common;
use common::Site;

fn built() -> Site {
    let s = Site::fixture();
    s.build().unwrap_or_else(|e| panic!("{e:?}"));
    s
}

#[test]
fn no_inline_script_or_style() {
    let s = built();
    for rel in [
        "index.html",
        "calculator/index.html",
        "corrections/index.html",
        "guide/index.html",
    ] {
        let html = s.page(rel);
        for (i, _) in html.match_indices("<script") {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            assert!(
                tag.contains(" src=")
                    || tag.contains("application/ld+json")
                    || tag.contains("application/json"),
                "{rel}: inline script {tag}"
            );
        }
        assert!(!html.contains(" style="), "{rel}: style attribute");
        assert!(!html.contains("<style"), "{rel}: style element");
        assert!(!html.contains(" onclick="), "{rel}");
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
    let html = s.page("guide/index.html");
    // Inside <title> (raw text up to `</title>`) a `<script>` is inert; `</title>` must stay escaped.
    let title = html
        .split("<title>")
        .nth(1)
        .unwrap()
        .split("</title>")
        .next()
        .unwrap();
    assert!(
        title.ends_with("&lt;/title><script>alert(1)</script> \" & co"),
        "{title}"
    );
    let body = html.split("</head>").nth(1).unwrap();
    assert!(!body.contains("<script>alert"), "{html}");
    assert!(!body.contains("<img src=x"), "{html}");
    assert!(
        body.contains("Fix &lt;/title>&lt;script>alert(1)&lt;/script>"),
        "{html}"
    );
    assert!(
        html.contains("<h1>Guide &lt;img src=x onerror=alert(1)></h1>"),
        "{html}"
    );
    // A data value substituted into prose is text, not markup.
    let home = s.page("index.html");
    assert!(!home.contains("<b>One</b>"), "{home}");
    assert!(home.contains("Small &lt;b>One&lt;/b>"), "{home}");
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
    let html = s.page("index.html");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(
        html.contains("Yes. &lt;script>alert(1)&lt;/script> A cache read"),
        "{html}"
    );
    assert!(
        html.contains("Yes &lt;img src=x onerror=alert(1)>"),
        "{html}"
    );
}
