//! The broken-input corpus: `tests/broken/<case>/edit.yaml` (changes to a copy of the fixture
//! site) and `tests/broken/<case>/expected.snap` (the full text of every diagnostic, as a user
//! sees it: headline, snippet, caret; an insta snapshot).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::Site;

/// One change of `edit.yaml`: `replace` the one occurrence of a text `with` another, or `write`
/// the whole file (`write_bytes` for a file that is not UTF-8).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub file: String,
    #[serde(default)]
    pub replace: Option<String>,
    #[serde(default)]
    pub with: Option<String>,
    #[serde(default)]
    pub write: Option<String>,
    #[serde(default)]
    pub write_bytes: Option<Vec<u8>>,
}

pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken")
}

/// Every case folder's name, sorted.
pub fn names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .expect("tests/broken/")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Applies `changes` to `site`.
pub fn apply(site: &Site, changes: &[Change]) {
    for c in changes {
        match (&c.replace, &c.with, &c.write, &c.write_bytes) {
            (Some(from), Some(to), None, None) => site.edit(&c.file, from, to),
            (None, None, Some(text), None) => site.write(&c.file, text.as_bytes()),
            (None, None, None, Some(bytes)) => site.write(&c.file, bytes),
            _ => panic!(
                "{}: give `replace` + `with`, `write` or `write_bytes`",
                c.file
            ),
        }
    }
}

/// The changes of case `name`.
pub fn changes(name: &str) -> Vec<Change> {
    let path = dir().join(name).join("edit.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What the user sees for a failed build: every diagnostic in full, a blank line between.
pub fn output(site: &Site) -> String {
    match site.build() {
        Ok(_) => "the build succeeded".into(),
        Err(errs) => errs
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n\n"),
    }
}

/// Builds the fixture with case `name` applied and compares the output with its snapshot.
pub fn check(name: &str) {
    let site = Site::fixture();
    apply(&site, &changes(name));
    let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| output(&site)))
        .unwrap_or_else(|_| panic!("{name}: the build panicked"));
    insta::with_settings!({
        snapshot_path => dir().join(name),
        prepend_module_to_snapshot => false,
        omit_expression => true,
        description => name,
    }, {
        insta::assert_snapshot!("expected", out);
    });
}
