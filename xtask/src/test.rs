//! `cargo xtask test`: every check the project has, as named steps with one summary at the end.
//!
//! Steps run in order and a failure does not stop the later ones, so one run shows everything that
//! is wrong. The last line is `N passed, M failed` (plus `, K skipped`), counting steps.

use crate::site::{self, BuildOptions};
use crate::util::{self, step};
use anyhow::{bail, Context, Result};
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Set by the `build` step: the browser tests must never run against an older `public/`.
static BUILT: AtomicBool = AtomicBool::new(false);

/// The browser tests' crate. The `browser` step installs `e2e/package.json` (`npm ci`, when
/// stale) and runs `cargo test -p e2e`, passing `CHROMIUM`,
/// `CHROMEDRIVER` and `SITE_DIR` (the built `public/`) in the environment; the other test steps
/// leave the crate out so they never need a browser.
pub const BROWSER_CRATE: &str = "e2e";

enum Outcome {
    Passed,
    Skipped(String),
}

type Step = (&'static str, fn() -> Result<Outcome>);

const STEPS: &[Step] = &[
    ("fmt", fmt),
    ("clippy", clippy),
    ("unit+integration", unit_tests),
    ("build", build),
    ("check", site_check),
    ("samples", samples),
    ("nginx", nginx),
    ("browser", browser),
];

/// Runs every step; returns whether all passed (skips do not fail a local run).
pub fn run() -> bool {
    let mut results = Vec::new();
    for (i, (name, f)) in STEPS.iter().enumerate() {
        step(format!("[{}/{}] {name}", i + 1, STEPS.len()));
        let started = Instant::now();
        let outcome = f();
        if let Err(err) = &outcome {
            eprintln!("xtask: step `{name}` failed: {err:#}");
        }
        results.push((*name, outcome, started.elapsed()));
    }
    summarise(&results)
}

fn summarise(results: &[(&str, Result<Outcome>, Duration)]) -> bool {
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    step("summary");
    for (name, outcome, took) in results {
        let took = util::human_duration(*took);
        match outcome {
            Ok(Outcome::Passed) => {
                passed += 1;
                println!("  ok    {name:<17} {took}");
            }
            Ok(Outcome::Skipped(why)) => {
                skipped += 1;
                println!("  skip  {name:<17} {took}  {why}");
            }
            Err(err) => {
                failed += 1;
                let first = format!("{err:#}");
                let first = first.lines().next().unwrap_or("");
                println!("  FAIL  {name:<17} {took}  {first}");
            }
        }
    }
    if skipped > 0 {
        println!("{passed} passed, {failed} failed, {skipped} skipped");
    } else {
        println!("{passed} passed, {failed} failed");
    }
    failed == 0
}

/// `--workspace`, minus the browser crate (its own step).
fn workspace_args(cmd: &mut Command) -> &mut Command {
    cmd.args(["--workspace", "--exclude", BROWSER_CRATE])
}

fn fmt() -> Result<Outcome> {
    util::run(util::cargo().args(["fmt", "--all", "--check"]))
        .context("formatting differs; run `cargo fmt --all`")?;
    Ok(Outcome::Passed)
}

fn clippy() -> Result<Outcome> {
    util::run(util::cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    // The wasm crates as the browser gets them: the calculator's allocator only compiles for
    // wasm32.
    crate::wasm::ensure_target()?;
    let mut clippy = util::cargo();
    clippy.arg("clippy");
    for m in &crate::wasm::MODULES {
        clippy.args(["-p", m.krate]);
    }
    clippy.args([
        "--lib",
        "--target",
        crate::wasm::TARGET,
        "--",
        "-D",
        "warnings",
    ]);
    util::run(&mut clippy)?;
    Ok(Outcome::Passed)
}

/// nextest when installed (faster, clearer output), else `cargo test`. The library crates set
/// `doctest = false` (examples live in tests), so nextest skipping doc tests loses nothing and a
/// cold run saves a whole extra build.
fn unit_tests() -> Result<Outcome> {
    if util::have(util::cargo().get_program(), &["nextest", "--version"]) {
        util::run(workspace_args(util::cargo().args([
            "nextest",
            "run",
            "--no-fail-fast",
        ])))?;
    } else {
        println!("       (cargo-nextest not installed: using cargo test)");
        util::run(workspace_args(
            util::cargo().args(["test", "--no-fail-fast"]),
        ))?;
    }
    Ok(Outcome::Passed)
}

fn build() -> Result<Outcome> {
    let opts = BuildOptions::publish(true);
    // The build already printed its errors; the summary only needs to say it failed.
    site::build(opts).map_err(|_| anyhow::anyhow!("`cargo xtask build` failed (errors above)"))?;
    BUILT.store(true, Ordering::SeqCst);
    Ok(Outcome::Passed)
}

/// `sitegen check` on this run's `public/`: links, anchors, assets, titles, one h1, HTML5 parse
/// errors, the sitemap. Stale facts are warnings and do not fail the step.
fn site_check() -> Result<Outcome> {
    if !BUILT.load(Ordering::SeqCst) {
        bail!("the build step failed: there is no site of this run to check");
    }
    crate::check::check_built(true, &[])?;
    Ok(Outcome::Passed)
}

/// The code samples shown on the site must at least compile: `tests/samples.rs` (Python's
/// `py_compile` on `content/samples/*.py`), which the unit+integration step leaves out.
fn samples() -> Result<Outcome> {
    if util::which("python3").is_none() {
        bail!("python3 not found: install it (Debian: apt-get install python3)");
    }
    util::run(util::cargo().args(["test", "-p", "sitegen", "--test", "samples"]))?;
    Ok(Outcome::Passed)
}

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// nginx on `PATH`, or where Debian puts it (`/usr/sbin` is not on every user's `PATH`).
fn nginx_binary() -> Option<PathBuf> {
    testsupport::nginx::find()
}

/// This run's `public/` behind a real nginx with the project's server block
/// (`deploy/nginx.conf`): `tests/nginx.rs` with `SITE_DIR` set, so every page and asset of the
/// build that gets published is checked against the header policy.
fn nginx() -> Result<Outcome> {
    if nginx_binary().is_none() {
        let why = "nginx not found (Debian: apt-get install nginx libnginx-mod-http-brotli-static)";
        if ci() {
            bail!("{why}; CI=true, so a missing nginx is a failure");
        }
        println!("       {why}: skipping the checks against nginx");
        return Ok(Outcome::Skipped(why.to_string()));
    }
    if !BUILT.load(Ordering::SeqCst) {
        bail!("the build step failed: nginx must serve this run's site, not an older one");
    }
    util::run(
        util::cargo()
            .args(["test", "-p", "sitegen", "--test", "nginx"])
            .env("SITE_DIR", site::public_dir()),
    )?;
    Ok(Outcome::Passed)
}

fn browser() -> Result<Outcome> {
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| util::which(name));
    let driver = util::which("chromedriver");
    let (Some(chromium), Some(driver)) = (chromium, driver) else {
        let why =
            "Chromium or chromedriver not found (Debian: apt-get install chromium chromium-driver)";
        if ci() {
            bail!("{why}; CI=true, so a missing browser is a failure");
        }
        println!("       {why}: skipping the browser tests");
        return Ok(Outcome::Skipped(why.to_string()));
    };
    // Browser-side tools the tests inject (axe-core), pinned in e2e/package.json.
    util::npm_ci(&util::project_root().join(BROWSER_CRATE))?;
    if !BUILT.load(Ordering::SeqCst) {
        bail!("the build step failed: the browser tests need this run's site, not an older one");
    }
    let mut cmd = util::cargo();
    // Every test binary of the crate runs even after one fails, so one run lists every problem.
    cmd.args(["test", "--no-fail-fast", "-p", BROWSER_CRATE])
        .env("CHROMIUM", chromium)
        .env("CHROMEDRIVER", driver)
        .env("SITE_DIR", site::public_dir());
    // With nginx installed (always in CI) the browser tests see the production headers:
    // `E2E_SERVER=nginx` asks the e2e crate to serve `SITE_DIR` with the project's server block
    // (`testsupport::nginx::Nginx`) instead of its in-process server.
    if nginx_binary().is_some() {
        println!("       serving the site with nginx (E2E_SERVER=nginx)");
        cmd.env("E2E_SERVER", "nginx");
    }
    util::run(&mut cmd)?;
    Ok(Outcome::Passed)
}
