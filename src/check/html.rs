//! One built page parsed by a real HTML5 parser: its parse errors, the facts the check needs
//! (title, description, h1 count, ids, robots) and every URL it references, by kind.
//!
//! Why html5ever (through scraper's DOM) and not the Nu Html Checker (`vnu-jar` + Java): it is
//! the WHATWG parsing algorithm the browsers implement, maintained by Servo, and runs in-process
//! in milliseconds, so `cargo test` can plant broken pages and CI needs no JRE. Its parse errors
//! are what "well-formed" means here (stray or misnested tags, duplicate attributes, a missing
//! doctype, bad character references). What vnu adds on top is content-model conformance
//! (e.g. a `<div>` inside a `<span>`); the accessibility and semantics the site cares about most
//! (title, description, one h1, unique ids, landmarks) are checked here or by the browser tests.

use std::collections::{BTreeMap, BTreeSet};

use html5ever::driver::{self, ParseOpts};
use html5ever::tendril::TendrilSink;
use html5ever::tokenizer::TokenizerOpts;
use html5ever::tree_builder::{QuirksMode, TreeBuilderOpts};
use scraper::{ElementRef, Html, HtmlTreeSink};

/// What a reference is for: a page the reader follows, or a file the page loads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Link,
    Asset,
}

/// One URL found in a page, with the element and attribute that hold it (`a href`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ref {
    pub kind: Kind,
    pub from: String,
    pub url: String,
}

/// The facts of one page the check rules read.
#[derive(Debug, Default)]
pub struct PageInfo {
    /// Parse errors, deduplicated, in document order.
    pub errors: Vec<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub h1: usize,
    /// Every `id` (and `<a name>`), for `#anchor` checks.
    pub ids: BTreeSet<String>,
    /// Ids used more than once (an anchor would be ambiguous).
    pub duplicate_ids: BTreeSet<String>,
    /// `<meta name=robots content=noindex>`: such a page stays out of the sitemap.
    pub noindex: bool,
    pub refs: Vec<Ref>,
}

/// Parses `html` with exact error messages (html5ever's `exact_errors`).
pub fn parse(html: &str) -> PageInfo {
    let opts = ParseOpts {
        tokenizer: TokenizerOpts {
            exact_errors: true,
            ..Default::default()
        },
        tree_builder: TreeBuilderOpts {
            exact_errors: true,
            ..Default::default()
        },
    };
    let doc: Html = driver::parse_document(HtmlTreeSink::new(Html::new_document()), opts).one(html);
    let mut info = PageInfo::default();
    let mut seen = BTreeSet::new();
    for e in &doc.errors {
        if seen.insert(e.to_string()) {
            info.errors.push(e.to_string());
        }
    }
    if doc.quirks_mode != QuirksMode::NoQuirks {
        info.errors
            .push("the page renders in quirks mode (missing or wrong <!doctype html>)".into());
    }
    let mut id_count: BTreeMap<String, usize> = BTreeMap::new();
    for node in doc.tree.nodes() {
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        let e = el.value();
        let name = e.name();
        for id in [e.id(), if name == "a" { e.attr("name") } else { None }]
            .into_iter()
            .flatten()
        {
            *id_count.entry(id.to_owned()).or_default() += 1;
        }
        match name {
            "title" if info.title.is_none() => {
                info.title = Some(el.text().collect::<String>().trim().to_owned());
            }
            "h1" => info.h1 += 1,
            "meta" => meta(
                &mut info,
                e.attr("name"),
                e.attr("property"),
                e.attr("content"),
            ),
            _ => {}
        }
        for (attr, kind) in url_attrs(name, e.attr("rel")) {
            let Some(v) = e.attr(attr) else { continue };
            let from = format!("{name} {attr}");
            if attr == "srcset" {
                // `a.png 1x, b.png 2x`: each candidate's URL is the first word.
                for cand in v.split(',') {
                    if let Some(u) = cand.split_whitespace().next() {
                        info.refs.push(Ref {
                            kind,
                            from: from.clone(),
                            url: u.to_owned(),
                        });
                    }
                }
            } else {
                info.refs.push(Ref {
                    kind,
                    from,
                    url: v.trim().to_owned(),
                });
            }
        }
    }
    for (id, n) in id_count {
        if n > 1 {
            info.duplicate_ids.insert(id.clone());
        }
        info.ids.insert(id);
    }
    info
}

fn meta(info: &mut PageInfo, name: Option<&str>, property: Option<&str>, content: Option<&str>) {
    let content = content.unwrap_or("").trim();
    match (name.map(str::to_ascii_lowercase).as_deref(), property) {
        (Some("description"), _) if info.description.is_none() => {
            info.description = Some(content.to_owned());
        }
        (Some("robots"), _) => {
            info.noindex |= content
                .split(',')
                .any(|w| matches!(w.trim(), "noindex" | "none"));
        }
        (_, Some("og:image" | "og:image:url" | "twitter:image")) => info.refs.push(Ref {
            kind: Kind::Asset,
            from: format!("meta {}", property.unwrap_or_default()),
            url: content.to_owned(),
        }),
        (_, Some("og:url")) => info.refs.push(Ref {
            kind: Kind::Link,
            from: "meta og:url".into(),
            url: content.to_owned(),
        }),
        _ => {}
    }
}

/// The attributes of element `name` that hold a URL, and what the URL is for.
fn url_attrs(name: &str, rel: Option<&str>) -> Vec<(&'static str, Kind)> {
    match name {
        "a" | "area" => vec![("href", Kind::Link)],
        "link" => {
            // canonical, alternate, next/prev... are pages; stylesheet, icon, preload... are files.
            let page = rel.is_some_and(|r| {
                r.split_whitespace().any(|w| {
                    matches!(
                        w.to_ascii_lowercase().as_str(),
                        "canonical" | "alternate" | "next" | "prev" | "author" | "help" | "license"
                    )
                })
            });
            vec![("href", if page { Kind::Link } else { Kind::Asset })]
        }
        "script" | "iframe" | "embed" | "track" | "input" => vec![("src", Kind::Asset)],
        "img" | "source" => vec![("src", Kind::Asset), ("srcset", Kind::Asset)],
        "video" => vec![("src", Kind::Asset), ("poster", Kind::Asset)],
        "audio" => vec![("src", Kind::Asset)],
        "object" => vec![("data", Kind::Asset)],
        "form" => vec![("action", Kind::Link)],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "<!doctype html><html lang=en><head><meta charset=utf-8><title> T </title>\
        <meta name=description content=D><link rel=stylesheet href=/a.css>\
        <link rel=canonical href=https://x.org/></head><body><h1 id=top>H</h1>\
        <a href=#top>up</a><img src=i.png srcset=\"i.png 1x, j.png 2x\" alt=\"\"></body></html>";

    #[test]
    fn reads_the_facts_of_a_good_page() {
        let p = parse(GOOD);
        assert_eq!(p.errors, Vec::<String>::new());
        assert_eq!(
            (p.title.as_deref(), p.description.as_deref(), p.h1),
            (Some("T"), Some("D"), 1)
        );
        assert!(p.ids.contains("top"));
        let refs: Vec<(Kind, &str)> = p.refs.iter().map(|r| (r.kind, r.url.as_str())).collect();
        assert_eq!(
            refs,
            [
                (Kind::Asset, "/a.css"),
                (Kind::Link, "https://x.org/"),
                (Kind::Link, "#top"),
                (Kind::Asset, "i.png"),
                (Kind::Asset, "i.png"),
                (Kind::Asset, "j.png"),
            ]
        );
    }

    #[test]
    fn reports_parse_errors_and_quirks() {
        let p = parse("<html><body><p>a</div><b id=x id=y>b</b></body></html>");
        assert!(p.errors.iter().any(|e| e.contains("quirks mode")), "{p:?}");
        assert!(p.errors.len() >= 3, "{:?}", p.errors);
        let dup = parse("<!doctype html><title>t</title><p id=a><p id=a>");
        assert!(dup.duplicate_ids.contains("a"));
    }
}
