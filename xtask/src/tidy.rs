//! House rules that `cargo test -p xtask` (and so `cargo xtask test`) enforces (rust-analyzer's
//! "tidy" tests).

use crate::util::project_root;
use std::path::{Path, PathBuf};

/// Folders holding the project's Rust sources (build output and vendored code excluded).
const RUST_DIRS: &[&str] = &[
    "src",
    "calculator",
    "policy",
    "testsupport",
    "xtask",
    "tests",
    "e2e",
    "fuzz",
];

/// The style asks for files under ~500 lines; past this hard ceiling a file must be split.
const MAX_LINES: usize = 800;

fn rust_files() -> Vec<PathBuf> {
    files_under(RUST_DIRS, &["rs"])
}

/// Files with one of `exts` under the project folders `dirs` (build output and fuzz corpora
/// excluded), sorted.
fn files_under(dirs: &[&str], exts: &[&str]) -> Vec<PathBuf> {
    fn walk(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if name == "target" || name == "corpus" || name == "artifacts" {
                continue;
            }
            if name == "node_modules" {
                continue;
            }
            if path.is_dir() {
                walk(&path, exts, out);
            } else if path
                .extension()
                .is_some_and(|e| exts.iter().any(|x| e == *x))
            {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    for dir in dirs {
        walk(&project_root().join(dir), exts, &mut files);
    }
    files.sort();
    files
}

fn rel(file: &Path) -> String {
    let root = project_root();
    file.strip_prefix(&root)
        .unwrap_or(file)
        .display()
        .to_string()
}

/// Lines of `file` that are code, not comments (`//`, `///`, `//!`), numbered from 1.
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
}

/// The header values of the policy, and each directive of its CSP: the strings that may be
/// written only in `policy/src/lib.rs` (and the generated `deploy/nginx.conf`, kept fresh by
/// `tests/deploy.rs`).
fn policy_values() -> Vec<String> {
    let policy = site_policy::POLICY;
    let mut values: Vec<String> = policy.security.iter().map(|(_, v)| v.to_string()).collect();
    values.extend(policy.csp().split(';').map(|d| d.trim().to_string()));
    values.extend(
        policy
            .cache
            .iter()
            .map(|r| r.cache_control.to_string())
            // `no-cache` is also an ordinary word of HTTP; the immutable rule is distinctive.
            .filter(|v| v.contains("max-age")),
    );
    values.retain(|v| v.len() >= 8);
    values
}

/// Whether `line` names the path `prefix` (`fs::`) as a whole word (not `refs::`).
fn names(line: &str, prefix: &str) -> bool {
    line.match_indices(prefix)
        .any(|(i, _)| !line[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_'))
}

#[test]
fn no_header_value_is_written_outside_the_policy() {
    let values = policy_values();
    assert!(
        values.iter().any(|v| v.starts_with("script-src")),
        "the policy's CSP was not split into directives: {values:?}"
    );
    let dirs = [
        "src",
        "calculator",
        "testsupport",
        "xtask",
        "tests",
        "e2e",
        "fuzz",
        "templates",
        "static",
        "deploy",
    ];
    let files = files_under(&dirs, &["rs", "html", "js", "css", "toml", "conf", "json"]);
    assert!(files.len() > 20, "the walk found too few files");
    let mut problems = Vec::new();
    for file in files {
        let rel = rel(&file);
        // Generated from the policy; tests/deploy.rs fails when it is stale.
        if rel == "deploy/nginx.conf" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for (n, line) in code_lines(&text) {
            for v in &values {
                if line.contains(v.as_str()) {
                    problems.push(format!(
                        "{rel}:{n}: writes the header value `{v}`; take it from site_policy::POLICY"
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// Every code line (before `#[cfg(test)]`, whose tests may do anything) of the `.rs` files under
/// `dir`, other than `allowed`, that names one of `paths`: `file:line: <path> <why>`.
fn forbidden(dir: &str, allowed: &[&str], paths: &[&str], why: &str) -> Vec<String> {
    let files = files_under(&[dir], &["rs"]);
    assert!(files.len() > 3, "{dir}/ has too few files: {files:?}");
    let mut problems = Vec::new();
    for file in files {
        let rel = rel(&file);
        if allowed.contains(&rel.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in code_lines(code) {
            for p in paths.iter().filter(|p| names(line, p)) {
                problems.push(format!("{rel}:{n}: `{p}` {why}"));
            }
        }
    }
    problems
}

#[test]
fn render_does_no_io() {
    let io = ["fs::", "File::", "io::", "net::", "Command::"];
    let problems = forbidden("src/render", &[], &io, "in render/ (render never does IO)");
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_generator_reaches_the_calculator_only_through_its_glue() {
    let why = "names the calculator crate; go through crate::calculator_glue";
    let problems = forbidden("src", &["src/calculator_glue.rs"], &["calculator::"], why);
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// The browser's crates inside `calculator/`: the calculator's and the importer's bindings, the
/// calculator's reading of the page's JSON, and the allocator they share.
const BROWSER_CRATES: [&str; 4] = [
    "calculator/wasm/",
    "calculator/reprice/",
    "calculator/js/",
    "calculator/heap/",
];

/// The `calculator` crate's own files: everything under `calculator/` but the browser's crates.
fn calculator_files(exts: &[&str]) -> Vec<PathBuf> {
    let files: Vec<PathBuf> = files_under(&["calculator"], exts)
        .into_iter()
        .filter(|f| !BROWSER_CRATES.iter().any(|c| rel(f).starts_with(c)))
        .collect();
    assert!(files.len() > 10, "the walk found too few files: {files:?}");
    files
}

#[test]
fn the_calculator_knows_nothing_of_the_browser() {
    let web = [
        "wasm_bindgen",
        "wasm-bindgen",
        "js_sys",
        "js-sys",
        "web_sys",
        "web-sys",
        "target_arch",
    ];
    let mut problems = Vec::new();
    for file in calculator_files(&["rs", "toml"]) {
        let rel = rel(&file);
        let text = std::fs::read_to_string(&file).unwrap();
        // Comments may say why the browser is not here.
        let comment = if rel.ends_with(".toml") { "#" } else { "//" };
        let code = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim_start().starts_with(comment));
        for (i, line) in code {
            for w in web.iter().filter(|w| line.contains(*w)) {
                problems.push(format!(
                    "{rel}:{}: `{w}`: the browser's code belongs in calculator/wasm/, reprice/ or js/",
                    i + 1
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn only_the_widget_writes_html() {
    let mut problems = Vec::new();
    for file in calculator_files(&["rs"]) {
        let rel = rel(&file);
        if rel.starts_with("calculator/src/widget/") || !rel.starts_with("calculator/src/") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in code_lines(code) {
            if line.contains("\"<") {
                problems.push(format!(
                    "{rel}:{n}: HTML outside calculator/src/widget/ (the model knows nothing of the page)"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn only_the_writer_touches_the_output_folder() {
    let writes = [
        "fs::write",
        "fs::create_dir",
        "fs::remove",
        "fs::rename",
        "File::create",
        "fs::copy",
    ];
    let why = "outside src/write.rs (only the writer writes; compress.rs adds its copies)";
    let problems = forbidden("src", &["src/write.rs", "src/compress.rs"], &writes, why);
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn every_rust_file_opens_with_a_doc_line_and_stays_small() {
    let mut problems = Vec::new();
    let files = rust_files();
    assert!(files.len() > 5, "the walk found too few files: {files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let rel = rel(&file);
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
