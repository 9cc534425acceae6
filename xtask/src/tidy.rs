//! House rules that plain `cargo test` enforces (rust-analyzer's "tidy" tests).

use crate::util::project_root;
use std::path::{Path, PathBuf};

/// Folders holding the project's Rust sources (build output and vendored code excluded).
const RUST_DIRS: &[&str] = &["src", "calculator", "xtask", "tests", "e2e", "fuzz"];

/// The style asks for files under ~500 lines; past this hard ceiling a file must be split.
const MAX_LINES: usize = 800;

fn rust_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if name == "target" || name == "corpus" || name == "artifacts" {
                continue;
            }
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    for dir in RUST_DIRS {
        walk(&project_root().join(dir), &mut files);
    }
    files.sort();
    files
}

#[test]
fn every_rust_file_opens_with_a_doc_line_and_stays_small() {
    let root = project_root();
    let mut problems = Vec::new();
    let files = rust_files();
    assert!(files.len() > 5, "the walk found too few files: {files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let rel = file
            .strip_prefix(&root)
            .unwrap_or(&file)
            .display()
            .to_string();
        if !text.starts_with("//!") {
            problems.push(format!(
                "{rel}: must open with a `//!` line saying what it owns"
            ));
        }
        let lines = text.lines().count();
        if lines > MAX_LINES {
            problems.push(format!(
                "{rel}: {lines} lines, split it (ceiling {MAX_LINES})"
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn readme_names_only_commands_that_exist() {
    let readme = std::fs::read_to_string(project_root().join("README.md")).unwrap();
    let mut seen = 0;
    for (i, _) in readme.match_indices("cargo xtask ") {
        let word: String = readme[i + "cargo xtask ".len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if word.is_empty() {
            continue;
        }
        seen += 1;
        assert!(
            crate::COMMANDS.contains(&word.as_str()),
            "README.md mentions `cargo xtask {word}`, which is not a command"
        );
    }
    assert!(seen >= 3, "README.md must document build, serve and test");
}
