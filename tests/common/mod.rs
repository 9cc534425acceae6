//! Helpers for the generator's integration tests: fixture copies, edits, builds, output trees.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use sitegen::diag::Diagnostic;
use sitegen::BuildOptions;

pub mod corpus;
pub mod dom;

pub use dom::Page;

pub fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site")
}

pub fn repo_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A scratch copy of the fixture site (`root`), with room for an output dir next to it.
pub struct Site {
    pub tmp: tempfile::TempDir,
    pub root: PathBuf,
}

impl Site {
    pub fn fixture() -> Site {
        Site::copy_of(&fixture_dir(), &["data", "content", "static"])
    }

    /// The real site's inputs as they are in the working tree now.
    pub fn real() -> Site {
        Site::copy_of(&repo_dir(), &["data", "content", "static"])
    }

    fn copy_of(src: &Path, dirs: &[&str]) -> Site {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        for d in dirs {
            if src.join(d).is_dir() {
                copy_dir(&src.join(d), &root.join(d));
            }
        }
        Site { tmp, root }
    }

    pub fn out(&self) -> PathBuf {
        self.tmp.path().join("public")
    }

    /// Replaces the one occurrence of `from` in `rel` (fails the test if it is not exactly once).
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.root.join(rel);
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.matches(from).count(),
            1,
            "{from:?} must occur once in {rel}"
        );
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }

    pub fn build_to(&self, out: &Path) -> Result<sitegen::BuildReport, Vec<Diagnostic>> {
        sitegen::build(&BuildOptions::new(&self.root, out))
    }

    pub fn build(&self) -> Result<sitegen::BuildReport, Vec<Diagnostic>> {
        self.build_to(&self.out())
    }

    /// The build's error headlines (`file:line:col: message`); panics if the build succeeds.
    pub fn errors(&self) -> Vec<String> {
        match self.build() {
            Ok(_) => panic!("build succeeded but errors were expected"),
            Err(e) => e.iter().map(|d| d.headline()).collect(),
        }
    }

    pub fn page(&self, rel: &str) -> String {
        fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Every claim of the inputs that is a correction has its entry in the built corrections
    /// log (and there is at least one).
    pub fn assert_corrections_logged(&self) {
        let log = self.dom("corrections/index.html");
        let inputs = sitegen::load::load(&self.root).unwrap();
        let corrections: Vec<_> = inputs
            .claims
            .iter()
            .filter(|c| c.verdict.is_correction())
            .collect();
        assert!(!corrections.is_empty(), "the inputs have corrections");
        for c in corrections {
            log.one(&format!("ol.corrections > li.correction[id=\"{}\"]", c.id));
        }
    }

    /// The built page at `rel`, parsed for selector queries.
    pub fn dom(&self, rel: &str) -> Page {
        Page::parse(rel, &self.page(rel))
    }
}

/// Every file under `dir` with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// The figure cells of a page's data tables (`.data-table td`) and those among them that show a
/// figure but link no source note (`sup.src`). Cells that state an absence (class `no` or
/// `unknown`), verdicts (class `v`) and labels (class `label`) are exempt.
pub struct SourceNotes {
    pub tables: usize,
    pub cells: usize,
    pub unsourced: Vec<String>,
}

pub fn source_notes(page: &Page) -> SourceNotes {
    let exempt = ["no", "unknown", "v", "label"];
    let mut notes = SourceNotes {
        tables: page.count(".data-table table"),
        cells: 0,
        unsourced: Vec::new(),
    };
    for td in page.all(".data-table td") {
        if td.value().classes().any(|c| exempt.contains(&c)) {
            continue;
        }
        notes.cells += 1;
        let src = scraper::Selector::parse("sup.src").unwrap();
        if td.select(&src).next().is_none() {
            notes
                .unsourced
                .push(dom::text_of(td).chars().take(80).collect());
        }
    }
    notes
}
