//! The content tree: every `.md` under `content/` is a page (YAML front matter + Markdown body);
//! files under `content/samples/` are code samples, not pages.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use walkdir::WalkDir;

use super::yaml;
use crate::diag::{Diagnostic, Diagnostics};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    pub description: String,
    #[serde(default)]
    pub template: Template,
    #[serde(default)]
    pub toc: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Template {
    Article,
    #[default]
    Page,
}

#[derive(Debug)]
pub struct Page {
    /// `content/x.md`
    pub file: String,
    /// `/x/`, `/`, `/404.html`
    pub url: String,
    pub front: FrontMatter,
    /// Markdown after the front matter.
    pub body: String,
    /// File line number of the body's first line, minus one.
    pub body_offset: usize,
}

impl Page {
    /// Path of the output file relative to the output root.
    pub fn out_path(&self) -> String {
        if self.url.ends_with(".html") {
            self.url.trim_start_matches('/').to_owned()
        } else {
            format!("{}index.html", self.url.trim_start_matches('/'))
        }
    }
    pub fn is_404(&self) -> bool {
        self.url == "/404.html"
    }
}

#[derive(Debug)]
pub struct Sample {
    pub file: String,
    pub text: String,
}

/// URL of a content file from its path under `content/` (`/`-separated).
pub fn url_for(rel: &str) -> String {
    let stem = rel.trim_end_matches(".md");
    if stem == "404" {
        return "/404.html".into();
    }
    if stem == "index" {
        return "/".into();
    }
    let stem = stem.strip_suffix("/index").unwrap_or(stem);
    format!("/{stem}/")
}

pub fn load(root: &Path, errs: &mut Diagnostics) -> (Vec<Page>, BTreeMap<String, Sample>) {
    let mut pages = Vec::new();
    let mut samples = BTreeMap::new();
    let dir = root.join("content");
    if !dir.is_dir() {
        errs.push(Diagnostic::file("content", "directory is missing"));
        return (pages, samples);
    }
    for entry in WalkDir::new(&dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errs.push(Diagnostic::file("content", format!("cannot walk: {e}")));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let sub = entry
            .path()
            .strip_prefix(&dir)
            .expect("walkdir stays under its root");
        let sub = sub
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let file = format!("content/{sub}");
        if let Some(name) = sub.strip_prefix("samples/") {
            match yaml::read_text(entry.path(), &file) {
                Ok(text) => {
                    samples.insert(name.to_owned(), Sample { file, text });
                }
                Err(e) => errs.push(e),
            }
            continue;
        }
        if !sub.ends_with(".md") {
            continue;
        }
        match yaml::read_text(entry.path(), &file).and_then(|text| parse_page(&file, &sub, &text)) {
            Ok(p) => pages.push(p),
            Err(e) => errs.push(e),
        }
    }
    let mut seen = BTreeMap::new();
    for p in &pages {
        if let Some(other) = seen.insert(p.url.clone(), p.file.clone()) {
            errs.push(Diagnostic::file(
                &p.file,
                format!("same URL {} as {other}", p.url),
            ));
        }
    }
    (pages, samples)
}

/// Splits `---\n<yaml>\n---\n<markdown>` and parses the front matter with file line numbers.
pub fn parse_page(file: &str, sub: &str, text: &str) -> Result<Page, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Diagnostic::new(
            file,
            1,
            1,
            "expected front matter: a first line `---`, then title and description",
        )
        .with_source(text));
    }
    let mut fm = String::new();
    let mut n = 1;
    let mut closed = false;
    for line in lines.by_ref() {
        n += 1;
        if line.trim_end() == "---" {
            closed = true;
            break;
        }
        fm.push_str(line);
    }
    if !closed {
        return Err(
            Diagnostic::new(file, 1, 1, "front matter is not closed by a line `---`")
                .with_source(text),
        );
    }
    let front: FrontMatter = yaml::parse(file, &fm, 1).map_err(|e| e.with_source(text))?;
    for (field, value) in [("title", &front.title), ("description", &front.description)] {
        if value.trim().is_empty() {
            let fm = super::Source::new(file, text, &fm, 1);
            return Err(fm.error(&crate::path![field], "must not be empty"));
        }
    }
    Ok(Page {
        file: file.to_owned(),
        url: url_for(sub),
        front,
        body: lines.collect(),
        body_offset: n,
    })
}

/// Raw HTML in Markdown is the editors' choice; it is listed so a later check can review it.
pub fn raw_html_notes(pages: &[Page]) -> Vec<Diagnostic> {
    use pulldown_cmark::{Event, Parser};
    let mut out = Vec::new();
    for p in pages {
        for (ev, range) in Parser::new(&p.body).into_offset_iter() {
            if matches!(ev, Event::Html(_) | Event::InlineHtml(_)) {
                let line = p.body[..range.start].matches('\n').count() + 1 + p.body_offset;
                out.push(Diagnostic::new(&p.file, line, 0, "raw HTML in Markdown"));
            }
        }
    }
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(url_for("index.md"), "/");
        assert_eq!(url_for("x.md"), "/x/");
        assert_eq!(url_for("x/index.md"), "/x/");
        assert_eq!(url_for("a/b.md"), "/a/b/");
        assert_eq!(url_for("404.md"), "/404.html");
    }

    #[test]
    fn front_matter_lines_count_from_file_start() {
        let e = parse_page(
            "content/x.md",
            "x.md",
            "---\ntitle: T\ndescription: D\ntoc: maybe\n---\nbody\n",
        )
        .unwrap_err();
        assert_eq!(
            e.headline(),
            "content/x.md:4:6: toc: invalid type: string \"maybe\", expected a boolean"
        );
        let p = parse_page(
            "content/x.md",
            "x.md",
            "---\ntitle: T\ndescription: D\n---\nbody\n",
        )
        .unwrap();
        assert_eq!((p.body.as_str(), p.body_offset), ("body\n", 4));
    }
}
