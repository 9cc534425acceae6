//! Fuzz target: arbitrary text through the Markdown pipeline: front matter split and parse,
//! `{% block %}` lines, `{{ key }}` substitution (with hostile values), heading slugs and the
//! table of contents, pulldown-cmark rendering, the data-Markdown path (raw HTML shown as text)
//! and the raw-HTML notes. A panic is a bug, and so is markup from data Markdown.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use sitegen::load::content;
use sitegen::render::markdown::{self, Segment, Slugs};

fuzz_target!(|text: &str| {
    let refs: BTreeMap<String, String> = [
        ("price.a.b.input", "$3.00"),
        ("site.title", "<script>alert(1)</script> & \"quotes\""),
        ("model.x.api_id.y", "claude-`sonnet`-4-6"),
        ("multi", "line one\nline two [link](javascript:alert(1))"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();

    // As a whole page: front matter, then the body.
    if let Ok(page) = content::parse_page("content/f.md", "f.md", text) {
        let _ = content::raw_html_notes(std::slice::from_ref(&page));
        let mut slugs = Slugs::default();
        for seg in markdown::split_blocks(&page.body, page.body_offset + 1) {
            if let Segment::Text(t, line) = seg {
                if let Ok(md) = markdown::substitute(&t, &refs, "content/f.md", line, (1, 1)) {
                    let _ = markdown::to_html(&md, &mut slugs, true, "content/f.md", line);
                }
            }
        }
    }

    // As Markdown inside a data file: raw HTML must never come out as markup.
    if let Ok(md) = markdown::substitute(text, &refs, "data/faq.yaml", 3, (7, 7)) {
        for html in [
            markdown::data_to_html(&md, "data/faq.yaml", 3),
            markdown::inline_html(&md, "data/faq.yaml", 3),
        ]
        .into_iter()
        .flatten()
        {
            let lower = html.to_ascii_lowercase();
            assert!(
                !lower.contains("<script"),
                "markup from data Markdown: {html}"
            );
            // Text is escaped (`<` never survives), so only a real tag can start with `<a `.
            for tag in ["<a href=\"javascript:", "<img src=\"javascript:"] {
                assert!(!lower.contains(tag), "script link: {html}");
            }
        }
    }
});
