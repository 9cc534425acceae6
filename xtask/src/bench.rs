//! `cargo xtask bench`: forwards to the benchmark binary of the browser-test crate.
//!
//! The benchmark builds the site itself (`cargo xtask build`), times it against Hugo, weighs every
//! page and measures the calculator in Chromium; it lives in `e2e/` next to the browser driver.

use crate::test::BROWSER_CRATE;
use crate::util::{self, step};
use anyhow::{bail, Result};

/// Flags the benchmark accepts, passed through unchanged.
pub const FLAGS: &[&str] = &["--quick", "--no-write", "--no-build"];

pub fn run(flags: &[String]) -> Result<()> {
    if !util::project_root()
        .join(BROWSER_CRATE)
        .join("Cargo.toml")
        .is_file()
    {
        bail!("the benchmark lives in {BROWSER_CRATE}/, which does not exist in this checkout");
    }
    if util::which("hugo").is_none() {
        util::warn("hugo not found: the comparison needs it (Debian: apt-get install hugo)");
    }
    step(format!(
        "benchmark: cargo run --release -p {BROWSER_CRATE} --bin bench"
    ));
    util::run(
        util::cargo()
            .args([
                "run",
                "--release",
                "-p",
                BROWSER_CRATE,
                "--bin",
                "bench",
                "--",
            ])
            .args(flags),
    )
}
