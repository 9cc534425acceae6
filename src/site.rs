//! Runs the stages: load -> refs -> render -> write. Any error stops before the writer, so the
//! previous output survives.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::compress::{Cache, Precompress};
use crate::diag::Diagnostic;
use crate::timings::Timings;
use crate::{assets, load, pricebook, refs, render, write};

pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    pub wasm_dir: Option<PathBuf>,
    pub precompress: Precompress,
    /// Where compressed copies are kept between builds (none: compress everything).
    pub cache: Option<PathBuf>,
    /// Threads for rendering and writing; `None`: one per core.
    pub jobs: Option<usize>,
}

impl BuildOptions {
    /// Defaults for a build of `root` into `out`: fast copies, no cache, every core.
    pub fn new(root: impl Into<PathBuf>, out: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            out: out.into(),
            wasm_dir: None,
            precompress: Precompress::Fast,
            cache: None,
            jobs: None,
        }
    }
}

#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub millis: u128,
    /// Raw HTML in Markdown and other things worth a later look.
    pub notes: Vec<Diagnostic>,
    pub timings: Timings,
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
    render_timed(root, wasm_dir, &mut Timings::default())
}

fn render_timed(
    root: &Path,
    wasm_dir: Option<&Path>,
    t: &mut Timings,
) -> Result<(Vec<render::OutFile>, assets::Assets, Vec<Diagnostic>), Vec<Diagnostic>> {
    let inputs = t.stage("load", || load::load(root))?;
    let (book, refs) = t.stage("resolve", || {
        let book = pricebook::build(&inputs);
        let refs = refs::build(&inputs, &book).map_err(sorted);
        (book, refs)
    });
    let refs = refs?;
    let assets = t
        .stage("assets", || assets::collect(root, wasm_dir))
        .map_err(sorted)?;
    let cx = render::Ctx {
        d: &inputs,
        refs: &refs,
        book: &book,
        assets: &assets,
    };
    let files = t.stage("render", || render::site(&cx)).map_err(sorted)?;
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

/// Builds the site into `opts.out` on a pool of `opts.jobs` threads.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let start = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.unwrap_or(0))
        .build()
        .map_err(|e| {
            vec![Diagnostic::file(
                "sitegen",
                format!("cannot start threads: {e}"),
            )]
        })?;
    let mut t = Timings {
        threads: pool.current_num_threads(),
        ..Timings::default()
    };
    pool.install(|| {
        let (files, assets, notes) = render_timed(&opts.root, opts.wasm_dir.as_deref(), &mut t)?;
        let write_opts = write::WriteOptions {
            precompress: opts.precompress,
            cache: opts.cache.as_ref().map(Cache::new),
        };
        let written = Instant::now();
        let w = write::write_site(&opts.out, &files, &assets, &write_opts, &t).map_err(|e| {
            vec![Diagnostic::file(
                opts.out.display().to_string(),
                format!("cannot write output: {e}"),
            )]
        })?;
        t.stages.push(("write", written.elapsed()));
        Ok(BuildReport {
            pages: w.pages,
            files: w.files,
            millis: start.elapsed().as_millis(),
            notes,
            timings: t,
        })
    })
}

/// Every `{{ key }}` and its value, sorted.
pub fn keys(root: &Path) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
    let inputs = load::load(root)?;
    let book = pricebook::build(&inputs);
    Ok(refs::build(&inputs, &book)?.into_iter().collect())
}
