//! `cargo xtask check`: builds the site, then runs the generator's `check` on `public/` (links,
//! anchors, assets, titles, descriptions, one h1, HTML5 parse errors, the sitemap, stale facts).
//! `cargo xtask test` runs the same check on the site its build step wrote.

use crate::site::{self, BuildOptions};
use crate::util::{self, step};
use anyhow::{anyhow, Result};
use std::process::Command;

/// Builds (release, or debug with `--dev`), then checks; `flags` go to `sitegen check` as given.
pub fn run(release: bool, flags: &[String]) -> Result<()> {
    site::build(BuildOptions {
        release,
        wasm: true,
    })
    .map_err(|_| anyhow!("build failed (errors above); public/ was left as it was, not checked"))?;
    check_built(release, flags)
}

/// Runs `sitegen check` on the `public/` already built, with the binary that build compiled.
/// Paths are relative to the project root so findings read `public/x/index.html: ...`.
pub fn check_built(release: bool, flags: &[String]) -> Result<()> {
    let profile = if release { "release" } else { "debug" };
    let bin = util::target_dir().join(profile).join("sitegen");
    step("sitegen check --root . --out public");
    let mut cmd = Command::new(bin);
    cmd.current_dir(util::project_root())
        .args(["check", "--root", ".", "--out", "public"])
        .args(flags);
    util::run(&mut cmd).map_err(|_| anyhow!("`sitegen check` found errors (listed above)"))
}
