//! Pages as a DOM for assertions: select elements with CSS, read their text and attributes, and
//! fail with a message that names the selector and the page (never a substring of minified HTML).

use scraper::{ElementRef, Html, Selector};

/// One built page, parsed.
pub struct Page {
    /// Where the page is (its path under the output folder), for failure messages.
    pub name: String,
    pub doc: Html,
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css:?}: {e}"))
}

/// An element's text, with runs of white space folded to one space and trimmed.
pub fn text_of(e: ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A table cell's folded text without its source-note marks (`sup.src`).
pub fn cell_text(e: ElementRef) -> String {
    let mut out = String::new();
    for node in e.descendants() {
        let Some(text) = node.value().as_text() else {
            continue;
        };
        let in_note = node.ancestors().any(|a| {
            a.value()
                .as_element()
                .is_some_and(|el| el.name() == "sup" && el.classes().any(|c| c == "src"))
        });
        if !in_note {
            out.push_str(text);
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The cell texts (without source marks) of each row `css` matches; fails if none does.
pub fn rows(page: &Page, css: &str) -> Vec<Vec<String>> {
    let cells = selector("th, td");
    let rows: Vec<Vec<String>> = page
        .all(css)
        .into_iter()
        .map(|tr| tr.select(&cells).map(cell_text).collect())
        .collect();
    assert!(!rows.is_empty(), "{}: no row matches `{css}`", page.name);
    rows
}

impl Page {
    pub fn parse(name: &str, html: &str) -> Page {
        Page {
            name: name.to_owned(),
            doc: Html::parse_document(html),
        }
    }

    /// Every element `css` matches, in document order.
    pub fn all(&self, css: &str) -> Vec<ElementRef<'_>> {
        self.doc.select(&selector(css)).collect()
    }

    /// The one element `css` matches; fails if none or several do.
    pub fn one(&self, css: &str) -> ElementRef<'_> {
        let found = self.all(css);
        match found.len() {
            1 => found[0],
            0 => panic!("{}: nothing matches `{css}`", self.name),
            n => panic!("{}: `{css}` matches {n} elements, expected one", self.name),
        }
    }

    /// The first element `css` matches; fails if none does.
    pub fn first(&self, css: &str) -> ElementRef<'_> {
        self.all(css)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("{}: nothing matches `{css}`", self.name))
    }

    /// The folded text of the one element `css` matches.
    pub fn text(&self, css: &str) -> String {
        text_of(self.one(css))
    }

    /// The folded text of every element `css` matches; fails if none does.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let all: Vec<String> = self.all(css).into_iter().map(text_of).collect();
        assert!(!all.is_empty(), "{}: nothing matches `{css}`", self.name);
        all
    }

    /// Attribute `name` of the one element `css` matches; fails if it has none.
    pub fn attr(&self, css: &str, name: &str) -> String {
        self.one(css)
            .value()
            .attr(name)
            .unwrap_or_else(|| panic!("{}: `{css}` has no attribute `{name}`", self.name))
            .to_owned()
    }

    /// How many elements `css` matches.
    pub fn count(&self, css: &str) -> usize {
        self.all(css).len()
    }

    /// Fails unless some element `css` matches has exactly the (folded) text `want`.
    pub fn has_text(&self, css: &str, want: &str) {
        let texts = self.texts(css);
        assert!(
            texts.iter().any(|t| t == want),
            "{}: no `{css}` reads {want:?}; they read {texts:?}",
            self.name
        );
    }

    /// Fails unless some element `css` matches has a (folded) text starting with `want`.
    pub fn has_text_starting(&self, css: &str, want: &str) {
        let texts = self.texts(css);
        assert!(
            texts.iter().any(|t| t.starts_with(want)),
            "{}: no `{css}` starts with {want:?}; they read {texts:?}",
            self.name
        );
    }

    /// Fails if `css` matches anything.
    pub fn none(&self, css: &str) {
        let n = self.count(css);
        assert!(
            n == 0,
            "{}: `{css}` matches {n} elements, expected none",
            self.name
        );
    }

    /// The folded text of the whole `<body>`.
    pub fn body_text(&self) -> String {
        self.text("body")
    }
}
