//! `cargo xtask build`: the wasm, then the generator run as a separate process into `public/`.

use crate::util::{self, step};
use crate::wasm;
use std::path::PathBuf;
use std::time::Instant;

/// How to build; `serve` reuses this and skips the wasm (and the generator's compile) when only
/// data or content changed.
#[derive(Clone, Copy, Debug)]
pub struct BuildOptions {
    /// Release profiles (what readers get) or the faster debug profiles (`--dev`).
    pub release: bool,
    /// Rebuild the calculator's wasm before the site.
    pub wasm: bool,
    /// Compile the generator first (its templates are compiled in, so a template edit needs it).
    pub generator: bool,
    /// `sitegen build --precompress`: `best` for what is published, `off` under `serve`, whose
    /// server sends the page as it is (nothing to compress between an edit and the reload).
    pub precompress: &'static str,
}

impl BuildOptions {
    /// What `cargo xtask build` makes: the site as published.
    pub fn publish(release: bool) -> Self {
        Self {
            release,
            wasm: true,
            generator: true,
            precompress: "best",
        }
    }
}

/// Compressed copies kept between builds (`sitegen build --cache`): under `target/`, so a clean
/// `public/` costs no recompression, and a CI cache of `target/` keeps them too.
pub fn compress_cache() -> PathBuf {
    util::target_dir().join("sitegen").join("compressed")
}

/// The folder the site is written to (the generator swaps it in atomically).
pub fn public_dir() -> PathBuf {
    util::project_root().join("public")
}

/// Builds everything; on failure returns the error text as the tools printed it (already shown on
/// stderr) so `serve` can forward it to the browser.
pub fn build(opts: BuildOptions) -> Result<(), String> {
    let started = Instant::now();
    if opts.wasm {
        wasm::build(opts.release)?;
    }
    generate(opts)?;
    step(format!(
        "site built in {} -> {}",
        util::human_duration(started.elapsed()),
        public_dir().display()
    ));
    Ok(())
}

/// Compiles the generator and runs it. Compiling and running are two steps (rather than one
/// `cargo run`) so a failed run's stderr is only the generator's own errors, not cargo's progress.
fn generate(opts: BuildOptions) -> Result<(), String> {
    let profile = if opts.release { "release" } else { "debug" };
    let bin = util::target_dir().join(profile).join("sitegen");
    if opts.generator || !bin.is_file() {
        step(format!("compiling the generator (sitegen, {profile})"));
        let mut cargo = util::cargo();
        cargo.args(["build", "-p", "sitegen", "--bin", "sitegen"]);
        if opts.release {
            cargo.arg("--release");
        }
        util::run_tee(&mut cargo)?;
    }
    let root = util::project_root();
    step(format!(
        "sitegen build --wasm-dir target/wasm-bindgen --out public --precompress {} --cache target/sitegen/compressed",
        opts.precompress
    ));
    let started = Instant::now();
    let mut run = std::process::Command::new(&bin);
    run.current_dir(&root)
        .arg("build")
        .arg("--root")
        .arg(&root)
        .arg("--wasm-dir")
        .arg(wasm::out_dir())
        .arg("--out")
        .arg(public_dir())
        .arg("--precompress")
        .arg(opts.precompress)
        .arg("--cache")
        .arg(compress_cache());
    util::run_tee(&mut run).map_err(|errors| util::strip_ansi(&errors))?;
    println!(
        "       generator ran in {}",
        util::human_duration(started.elapsed())
    );
    Ok(())
}
