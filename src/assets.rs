//! Static assets with content-hashed names: all `static/css/*.css` in name order become one
//! `/assets/style.<hash>.css`; each `static/js/*.js` becomes `/assets/<stem>.<hash>.js`; the
//! wasm-bindgen outputs (`calculator.js` with `calculator_bg.wasm`, and the importer's
//! `reprice.js` with `reprice_bg.wasm`) are hashed in dependency order so
//! every reference points at the hashed name. Other files under `static/` are copied as they are.

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};
use walkdir::WalkDir;

use crate::diag::Diagnostic;

#[derive(Debug, Default)]
pub struct Assets {
    /// Output path (relative, `/`-separated) -> bytes.
    pub files: BTreeMap<String, Vec<u8>>,
    /// `/assets/style.<hash>.css`
    pub css: String,
    /// JS stem -> `/assets/<stem>.<hash>.js`
    pub js: BTreeMap<String, String>,
}

fn hashed(stem: &str, ext: &str, bytes: &[u8]) -> String {
    let h = Sha256::digest(bytes);
    let hex: String = h.iter().take(5).map(|b| format!("{b:02x}")).collect();
    format!("assets/{stem}.{hex}.{ext}")
}

fn read(path: &Path, rel: &str) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(path).map_err(|e| Diagnostic::file(rel, format!("cannot read: {e}")))
}

/// Rewrites `from "./calculator.js"` / `import("./calculator.js")` (either quote) to `to`.
fn rewrite_import(js: &str, from: &str, to: &str) -> String {
    js.replace(&format!("\"./{from}\""), &format!("\"./{to}\""))
        .replace(&format!("'./{from}'"), &format!("'./{to}'"))
}

/// The wasm-bindgen outputs (`<stem>.js` + `<stem>_bg.wasm`), and whether a wasm dir must
/// have each: the calculator, and the usage-log importer its worker loads on demand.
const WASM_MODULES: [(&str, bool); 2] = [("calculator", true), ("reprice", false)];

pub fn collect(root: &Path, wasm_dir: Option<&Path>) -> Result<Assets, Vec<Diagnostic>> {
    let mut a = Assets::default();
    let mut errs = Vec::new();
    let stat = root.join("static");

    // The wasm modules first: each glue names its wasm, static JS names the glue. The
    // calculator's is required with a wasm dir; the importer's is used where it was built.
    let mut glues: Vec<(&str, String)> = Vec::new();
    if let Some(dir) = wasm_dir {
        for (stem, required) in WASM_MODULES {
            let wasm_name = format!("{stem}_bg.wasm");
            let glue_path = dir.join(format!("{stem}.js"));
            let wasm_path = dir.join(&wasm_name);
            if !required && !wasm_path.exists() && !glue_path.exists() {
                continue;
            }
            match (
                read(&wasm_path, &wasm_name),
                std::fs::read_to_string(&glue_path),
            ) {
                (Ok(wasm), Ok(glue)) => {
                    let wasm_out = hashed(&format!("{stem}_bg"), "wasm", &wasm);
                    let wasm_file = wasm_out.trim_start_matches("assets/").to_owned();
                    let glue = glue.replace(&wasm_name, &wasm_file);
                    let glue_out = hashed(stem, "js", glue.as_bytes());
                    glues.push((stem, glue_out.trim_start_matches("assets/").to_owned()));
                    a.js.insert(stem.to_string(), format!("/{glue_out}"));
                    a.files.insert(wasm_out, wasm);
                    a.files.insert(glue_out, glue.into_bytes());
                }
                (Err(e), _) => errs.push(e),
                (_, Err(e)) => errs.push(Diagnostic::file(
                    glue_path.display().to_string(),
                    format!("cannot read: {e}"),
                )),
            }
        }
    }

    let mut css = Vec::new();
    if stat.is_dir() {
        for entry in WalkDir::new(&stat).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            if !entry.file_type().is_file() {
                continue;
            }
            let sub = entry.path().strip_prefix(&stat).expect("under static");
            let sub = sub
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let rel = format!("static/{sub}");
            let bytes = match read(entry.path(), &rel) {
                Ok(b) => b,
                Err(e) => {
                    errs.push(e);
                    continue;
                }
            };
            if let Some(name) = sub
                .strip_prefix("css/")
                .filter(|n| n.ends_with(".css") && !n.contains('/'))
            {
                css.push((name.to_owned(), bytes));
            } else if let Some(name) = sub
                .strip_prefix("js/")
                .filter(|n| n.ends_with(".js") && !n.contains('/'))
            {
                let stem = name.trim_end_matches(".js");
                let mut text = match String::from_utf8(bytes) {
                    Ok(t) => t,
                    Err(_) => {
                        errs.push(Diagnostic::file(rel, "file is not valid UTF-8"));
                        continue;
                    }
                };
                for (stem, g) in &glues {
                    text = rewrite_import(&text, &format!("{stem}.js"), g);
                }
                // A script importing a wasm glue this build has not got (the importer's worker
                // without its wasm) would be a dangling import: it is left out, and the page
                // says the feature is missing.
                let dangling = WASM_MODULES.iter().any(|(stem, required)| {
                    !required
                        && !glues.iter().any(|(g, _)| g == stem)
                        && (text.contains(&format!("\"./{stem}.js\""))
                            || text.contains(&format!("'./{stem}.js'")))
                });
                if dangling {
                    continue;
                }
                let out = hashed(stem, "js", text.as_bytes());
                a.js.insert(stem.to_owned(), format!("/{out}"));
                a.files.insert(out, text.into_bytes());
            } else {
                a.files.insert(sub, bytes);
            }
        }
    }
    // Name order (WalkDir sorted), one file: fewer requests, one cache entry.
    let mut all = Vec::new();
    for (name, bytes) in &css {
        all.extend_from_slice(format!("/* {name} */\n").as_bytes());
        all.extend_from_slice(bytes);
        all.push(b'\n');
    }
    let out = hashed("style", "css", &all);
    a.css = format!("/{out}");
    a.files.insert(out, all);
    if errs.is_empty() {
        Ok(a)
    } else {
        Err(errs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_imports_both_quotes() {
        let js =
            "import init from \"./calculator.js\";\nconst m = await import('./calculator.js');";
        let out = rewrite_import(js, "calculator.js", "calculator.abc.js");
        assert_eq!(out, "import init from \"./calculator.abc.js\";\nconst m = await import('./calculator.abc.js');");
    }

    #[test]
    fn hash_changes_with_content() {
        assert_ne!(hashed("a", "js", b"1"), hashed("a", "js", b"2"));
        assert!(hashed("a", "js", b"1").starts_with("assets/a."));
    }
}
