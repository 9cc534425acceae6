//! Runs the stages: load -> refs -> render -> write. Any error stops before the writer, so the
//! previous output survives.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::diag::Diagnostic;
use crate::{assets, load, pricebook, refs, render, write};

pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    pub wasm_dir: Option<PathBuf>,
}

#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub millis: u128,
    /// Raw HTML in Markdown and other things worth a later look.
    pub notes: Vec<Diagnostic>,
}

/// Everything up to rendering, without writing: the pages and assets the writer would get.
/// Sorted like the loader's errors: by file, then position.
fn sorted(mut errs: Vec<Diagnostic>) -> Vec<Diagnostic> {
    errs.sort_by(|a, b| {
        (&a.file, a.line, a.col, &a.message).cmp(&(&b.file, b.line, b.col, &b.message))
    });
    errs.dedup();
    errs
}

pub fn render_all(
    root: &Path,
    wasm_dir: Option<&Path>,
) -> Result<(Vec<render::OutFile>, assets::Assets, Vec<Diagnostic>), Vec<Diagnostic>> {
    let inputs = load::load(root)?;
    let book = pricebook::build(&inputs);
    let refs = refs::build(&inputs, &book).map_err(sorted)?;
    let assets = assets::collect(root, wasm_dir).map_err(sorted)?;
    let cx = render::Ctx {
        d: &inputs,
        refs: &refs,
        book: &book,
        assets: &assets,
    };
    let files = render::site(&cx).map_err(sorted)?;
    let mut notes = inputs.notes;
    // The boot script imports the wasm glue; without --wasm-dir it would fail in the browser.
    if assets.js.contains_key("calculator-boot") && !assets.js.contains_key("calculator") {
        for p in inputs.pages.iter().filter(|p| {
            p.body
                .lines()
                .any(|l| l.trim().starts_with("{% calculator"))
        }) {
            notes.push(Diagnostic::file(&p.file, "uses {% calculator %} but no --wasm-dir was given: the page shows the prerendered results only"));
        }
    }
    Ok((files, assets, notes))
}

pub fn build(opts: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let start = Instant::now();
    let (files, assets, notes) = render_all(&opts.root, opts.wasm_dir.as_deref())?;
    let pages = write::write_site(&opts.out, &files, &assets).map_err(|e| {
        vec![Diagnostic::file(
            opts.out.display().to_string(),
            format!("cannot write output: {e}"),
        )]
    })?;
    Ok(BuildReport {
        pages,
        files: files.len() + assets.files.len(),
        millis: start.elapsed().as_millis(),
        notes,
    })
}

/// Every `{{ key }}` and its value, sorted.
pub fn keys(root: &Path) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
    let inputs = load::load(root)?;
    let book = pricebook::build(&inputs);
    Ok(refs::build(&inputs, &book)?.into_iter().collect())
}
