//! `sitegen check`: verifies an already built output folder and the inputs behind it. Errors:
//! broken internal links and `#anchors` (pages, sitemap, scripts, stylesheets), missing assets,
//! a page without title, description or exactly one `h1`, HTML5 parse errors, a sitemap that
//! does not list exactly the indexable pages, inputs that do not load. Warnings: facts checked
//! too long ago. Notes: raw HTML in Markdown. External links are counted and listed, never fetched.

pub mod cli;
pub mod html;
pub mod links;
mod origin;
pub mod price_file;
pub mod stale;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::PathBuf;

use crate::diag::Diagnostic;
use crate::load::types::Date;
use html::{Kind, PageInfo};
use links::{Target, Tree};

/// Default for `--max-age-days`: a quarter (vendor prices change about that often).
pub const DEFAULT_MAX_AGE_DAYS: u32 = 90;

pub struct Options {
    /// The site's sources (`data/`, `content/`).
    pub root: PathBuf,
    /// The built output to check.
    pub out: PathBuf,
    /// How findings name the output folder (`public`): the path as the user gave it.
    pub out_label: String,
    pub max_age_days: u32,
    /// The real date in the CLI; tests pass their own.
    pub today: Date,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
    Note,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        })
    }
}

#[derive(Clone, Debug)]
pub struct Finding {
    pub level: Level,
    pub diag: Diagnostic,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Diagnostic prints itself as an error; keep its snippet and caret, change the level.
        let shown = self.diag.to_string();
        let rest = shown.strip_prefix("error: ").unwrap_or(&shown);
        write!(f, "{}: {rest}", self.level)
    }
}

#[derive(Debug, Default)]
pub struct Report {
    /// Sorted by level, then file and position.
    pub findings: Vec<Finding>,
    pub pages: usize,
    /// Internal references followed (links, assets, anchors, sitemap entries).
    pub internal: usize,
    /// External URL -> the output files that link it.
    pub external: BTreeMap<String, BTreeSet<String>>,
}

impl Report {
    pub fn count(&self, level: Level) -> usize {
        self.findings.iter().filter(|f| f.level == level).count()
    }
    /// `file:line:col: message` of every finding at `level` (what tests assert).
    pub fn headlines(&self, level: Level) -> Vec<String> {
        self.findings
            .iter()
            .filter(|f| f.level == level)
            .map(|f| f.diag.headline())
            .collect()
    }
    pub fn summary(&self) -> String {
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        format!(
            "checked {}, {} and {} (not fetched); {}, {}, {}",
            plural(self.pages, "page"),
            plural(self.internal, "internal reference"),
            plural(self.external.len(), "external link"),
            plural(self.count(Level::Error), "error"),
            plural(self.count(Level::Warning), "warning"),
            plural(self.count(Level::Note), "note"),
        )
    }
}

struct Run<'a> {
    opts: &'a Options,
    report: Report,
    /// The inputs' texts, to say where a refused URL was written (when they loaded).
    origins: Option<origin::Origins>,
}

impl Run<'_> {
    fn push(&mut self, level: Level, diag: Diagnostic) {
        self.report.findings.push(Finding { level, diag });
    }
    /// `; written at content/x.md:3:7` when the URL is found in the inputs, else nothing.
    fn written_at(&self, rel: &str, url: &str) -> String {
        self.origins
            .as_ref()
            .and_then(|o| o.find(rel, url))
            .map_or_else(String::new, |at| format!("; written at {at}"))
    }
    /// A finding about an output file, named as the user sees it (`public/x/index.html`).
    fn out(&mut self, level: Level, rel: &str, msg: impl Into<String>) {
        let file = format!("{}/{rel}", self.opts.out_label);
        self.push(level, Diagnostic::file(file, msg));
    }
}

/// Checks the inputs under `opts.root` and the output under `opts.out`.
pub fn run(opts: &Options) -> Report {
    let mut r = Run {
        opts,
        report: Report::default(),
        origins: None,
    };
    let base = match crate::load::load(&opts.root) {
        Ok(inputs) => {
            for n in inputs.notes.iter().cloned() {
                r.push(Level::Note, n);
            }
            for w in stale::check(&inputs.sources, opts.today, opts.max_age_days) {
                r.push(Level::Warning, w);
            }
            r.origins = Some(origin::Origins::new(&inputs));
            Some(inputs.site.base_url.0.trim_end_matches('/').to_owned())
        }
        Err(errs) => {
            for e in errs {
                r.push(Level::Error, e);
            }
            None
        }
    };
    check_output(&mut r, base);
    r.report.findings.sort_by(|a, b| {
        (
            a.level,
            &a.diag.file,
            a.diag.line,
            a.diag.col,
            &a.diag.message,
        )
            .cmp(&(
                b.level,
                &b.diag.file,
                b.diag.line,
                b.diag.col,
                &b.diag.message,
            ))
    });
    r.report
}

fn check_output(r: &mut Run, base: Option<String>) {
    let out = &r.opts.out;
    if !out.is_dir() {
        let msg = "output folder is missing (run `sitegen build` or `cargo xtask build` first)";
        r.push(Level::Error, Diagnostic::file(&r.opts.out_label, msg));
        return;
    }
    let mut files = BTreeSet::new();
    for entry in walkdir::WalkDir::new(out).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(out).expect("under the output root");
                let rel: Vec<_> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect();
                files.insert(rel.join("/"));
            }
            Ok(_) => {}
            Err(e) => r.push(
                Level::Error,
                Diagnostic::file(&r.opts.out_label, format!("cannot walk: {e}")),
            ),
        }
    }
    // Without the inputs (they did not load), the sitemap's origin stands in for the base URL,
    // so absolute links to the site are still followed rather than listed as external.
    let base = base.or_else(|| {
        let xml = std::fs::read_to_string(out.join("sitemap.xml")).ok()?;
        let loc = links::sitemap_locs(&xml).into_iter().next()?;
        let host_end = loc.find("://")? + 3;
        let end = loc[host_end..]
            .find('/')
            .map_or(loc.len(), |i| host_end + i);
        Some(loc[..end].to_owned())
    });
    let tree = Tree { files, base };
    let mut pages: BTreeMap<String, PageInfo> = BTreeMap::new();
    for rel in tree.files.iter().filter(|f| f.ends_with(".html")) {
        match std::fs::read(out.join(rel)) {
            Ok(bytes) => {
                pages.insert(rel.clone(), html::parse(&String::from_utf8_lossy(&bytes)));
            }
            Err(e) => r.out(Level::Error, rel, format!("cannot read: {e}")),
        }
    }
    r.report.pages = pages.len();
    for (rel, page) in &pages {
        page_rules(r, rel, page);
        for reference in &page.refs {
            follow(
                r,
                &tree,
                &pages,
                rel,
                reference.kind,
                &reference.url,
                &reference.from,
            );
        }
    }
    for rel in &tree.files {
        let refs = if rel.ends_with(".js") || rel.ends_with(".mjs") {
            std::fs::read_to_string(out.join(rel)).map(|t| links::script_refs(&t))
        } else if rel.ends_with(".css") {
            std::fs::read_to_string(out.join(rel)).map(|t| links::css_refs(&t))
        } else {
            continue;
        };
        match refs {
            Ok(refs) => {
                for u in refs {
                    follow(r, &tree, &pages, rel, Kind::Asset, &u, "loaded by");
                }
            }
            Err(e) => r.out(Level::Error, rel, format!("cannot read: {e}")),
        }
    }
    sitemap(r, &tree, &pages);
    // robots.txt names the sitemap by its absolute URL.
    if let Ok(robots) = std::fs::read_to_string(out.join("robots.txt")) {
        for line in robots.lines() {
            if let Some((k, v)) = line.split_once(':') {
                if k.trim().eq_ignore_ascii_case("sitemap") {
                    follow(
                        r,
                        &tree,
                        &pages,
                        "robots.txt",
                        Kind::Link,
                        v.trim(),
                        "Sitemap",
                    );
                }
            }
        }
    }
}

fn page_rules(r: &mut Run, rel: &str, p: &PageInfo) {
    for e in &p.errors {
        r.out(Level::Error, rel, format!("HTML parse error: {e}"));
    }
    if p.title.as_deref().is_none_or(str::is_empty) {
        r.out(Level::Error, rel, "no <title>");
    }
    if p.description.as_deref().is_none_or(str::is_empty) {
        r.out(Level::Error, rel, "no <meta name=description>");
    }
    if p.h1 != 1 {
        r.out(
            Level::Error,
            rel,
            format!("{} <h1> elements (a page has exactly one)", p.h1),
        );
    }
    for id in &p.duplicate_ids {
        r.out(
            Level::Error,
            rel,
            format!("id {id:?} is used more than once"),
        );
    }
}

/// Checks one reference found in the output file `rel`.
fn follow(
    r: &mut Run,
    tree: &Tree,
    pages: &BTreeMap<String, PageInfo>,
    rel: &str,
    kind: Kind,
    url: &str,
    from: &str,
) {
    match tree.resolve(rel, url) {
        Target::Skip => {}
        Target::Refused => r.out(
            Level::Error,
            rel,
            format!("{from} uses a script URL: {url}"),
        ),
        Target::External(u) => {
            r.report
                .external
                .entry(u)
                .or_default()
                .insert(rel.to_owned());
        }
        Target::Internal {
            file,
            path,
            fragment,
        } => {
            r.report.internal += 1;
            let Some(file) = file else {
                let what = if kind == Kind::Link {
                    "broken link"
                } else {
                    "missing asset"
                };
                let at = r.written_at(rel, url);
                r.out(Level::Error, rel, format!("{what} {url} ({from}{at})"));
                return;
            };
            let Some(frag) = fragment.filter(|f| !f.is_empty() && f != "top") else {
                return;
            };
            // Anchors only exist in pages; `#` on anything else is the browser's business.
            if let Some(target) = pages.get(&file) {
                if !target.ids.contains(&frag) {
                    let shown = if path.is_empty() {
                        format!("#{frag}")
                    } else {
                        url.to_owned()
                    };
                    let at = r.written_at(rel, url);
                    r.out(
                        Level::Error,
                        rel,
                        format!("broken anchor {shown} (no id {frag:?} in {file}{at})"),
                    );
                }
            }
        }
    }
}

/// `sitemap.xml` lists every indexable page, once, and nothing else.
fn sitemap(r: &mut Run, tree: &Tree, pages: &BTreeMap<String, PageInfo>) {
    const SITEMAP: &str = "sitemap.xml";
    let text = match std::fs::read_to_string(r.opts.out.join(SITEMAP)) {
        Ok(t) => t,
        Err(_) => return r.out(Level::Error, SITEMAP, "is missing"),
    };
    let mut listed = BTreeSet::new();
    for loc in links::sitemap_locs(&text) {
        r.report.internal += 1;
        match tree.resolve(SITEMAP, &loc) {
            Target::Internal { file: Some(f), .. } if pages.contains_key(&f) => {
                if pages[&f].noindex {
                    r.out(
                        Level::Error,
                        SITEMAP,
                        format!("lists {loc}, a noindex page"),
                    );
                } else if !listed.insert(f) {
                    r.out(Level::Error, SITEMAP, format!("lists {loc} twice"));
                }
            }
            Target::Internal { .. } => r.out(
                Level::Error,
                SITEMAP,
                format!("lists {loc}, which is not a page of the site"),
            ),
            _ => r.out(
                Level::Error,
                SITEMAP,
                format!("lists {loc}, which is not under the site's base URL"),
            ),
        }
    }
    for (rel, p) in pages {
        if !p.noindex && !listed.contains(rel) {
            r.out(
                Level::Error,
                SITEMAP,
                format!("does not list the page {} ({rel})", links::page_url(rel)),
            );
        }
    }
}
