//! Helpers for the generator's integration tests: fixture copies, edits, builds, output trees.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use sitegen::diag::Diagnostic;
use sitegen::BuildOptions;

pub mod corpus;

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

/// Every `<td>` of the data tables in `html` that shows a figure but links no source note.
/// Cells that state an absence (`class` with `no`/`unknown`), verdicts and labels are exempt.
pub fn unsourced_cells(html: &str) -> Vec<String> {
    let mut bad = Vec::new();
    for table in html.split("<div class=data-table").skip(1) {
        let table = table.split("</table>").next().unwrap();
        for cell in table.split("<td").skip(1) {
            let (attrs, rest) = cell.split_once('>').unwrap();
            let body = rest.split("</td>").next().unwrap();
            let exempt = attrs.contains("class=no")
                || attrs.contains("unknown")
                || attrs.contains("class=\"v ")
                || attrs.contains("class=label");
            if !exempt && !body.contains("<sup class=src>") {
                bad.push(body.chars().take(80).collect());
            }
        }
    }
    bad
}
