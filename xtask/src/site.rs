//! `cargo xtask build`: the wasm, then the generator run as a separate process into `public/`.

use crate::util::{self, step};
use crate::wasm;
use std::path::PathBuf;
use std::time::Instant;

/// How to build; `serve` reuses this and skips the wasm when only data or content changed.
#[derive(Clone, Copy, Debug)]
pub struct BuildOptions {
    /// Release profiles (what readers get) or the faster debug profiles (`--dev`).
    pub release: bool,
    /// Rebuild the calculator's wasm before the site.
    pub wasm: bool,
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
    generate(opts.release)?;
    step(format!(
        "site built in {} -> {}",
        util::human_duration(started.elapsed()),
        public_dir().display()
    ));
    Ok(())
}

/// Compiles the generator and runs it. Compiling and running are two steps (rather than one
/// `cargo run`) so a failed run's stderr is only the generator's own errors, not cargo's progress.
fn generate(release: bool) -> Result<(), String> {
    let profile = if release { "release" } else { "debug" };
    step(format!("compiling the generator (sitegen, {profile})"));
    let mut cargo = util::cargo();
    cargo.args(["build", "-p", "sitegen", "--bin", "sitegen"]);
    if release {
        cargo.arg("--release");
    }
    util::run_tee(&mut cargo)?;

    let bin = util::target_dir().join(profile).join("sitegen");
    let root = util::project_root();
    step("sitegen build --wasm-dir target/wasm-bindgen --out public");
    let started = Instant::now();
    let mut run = std::process::Command::new(&bin);
    run.current_dir(&root)
        .arg("build")
        .arg("--root")
        .arg(&root)
        .arg("--wasm-dir")
        .arg(wasm::out_dir())
        .arg("--out")
        .arg(public_dir());
    util::run_tee(&mut run).map_err(|errors| util::strip_ansi(&errors))?;
    println!(
        "       generator ran in {}",
        util::human_duration(started.elapsed())
    );
    Ok(())
}
