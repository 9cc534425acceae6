//! `cargo xtask check`: builds the site, then runs the generator's `check` on `public/` (links,
//! anchors, assets, titles, descriptions, one h1, HTML5 parse errors, the sitemap, stale facts).
//! `cargo xtask test` runs the same check on the site its build step wrote.

use crate::site::{self, BuildOptions};
use crate::util::{self, step};
use anyhow::{anyhow, Result};
use std::process::Command;

/// Builds (release, or debug with `--dev`), then checks; `flags` go to `sitegen check` as given.
pub fn run(release: bool, flags: &[String]) -> Result<()> {
    site::build(BuildOptions::publish(release)).map_err(|_| {
        anyhow!("build failed (errors above); public/ was left as it was, not checked")
    })?;
    check_built(release, flags)
}

/// Price files `--fetch-prices` knows how to fetch.
pub const PRICE_FILES: &[&str] = &["litellm", "genai-prices"];

/// Downloads an independent price file with pip into `target/price-files/` and returns its
/// path: LiteLLM's map comes out of the `litellm` wheel; genai-prices' data is a Python module,
/// written out as JSON by `genai_prices_to_json.py`.
fn fetch_price_file(name: &str) -> Result<std::path::PathBuf> {
    let dir = util::target_dir().join("price-files");
    std::fs::create_dir_all(&dir)?;
    let python =
        util::which("python3").ok_or_else(|| anyhow!("--fetch-prices needs python3 with pip"))?;
    step(format!(
        "fetching the {name} price file with pip into target/price-files/"
    ));
    let out = dir.join(format!("{name}.json"));
    match name {
        "litellm" => {
            let wheels = dir.join("litellm-wheel");
            let _ = std::fs::remove_dir_all(&wheels);
            util::run(
                Command::new(&python)
                    .args([
                        "-m",
                        "pip",
                        "download",
                        "--quiet",
                        "--no-deps",
                        "litellm",
                        "-d",
                    ])
                    .arg(&wheels),
            )?;
            let extract = "import glob, sys, zipfile\n\
                w = zipfile.ZipFile(glob.glob(sys.argv[1] + '/litellm-*.whl')[0])\n\
                n = [x for x in w.namelist() if x.endswith('model_prices_and_context_window_backup.json')][0]\n\
                open(sys.argv[2], 'wb').write(w.read(n))";
            util::run(
                Command::new(&python)
                    .args(["-c", extract])
                    .arg(&wheels)
                    .arg(&out),
            )?;
        }
        _ => {
            let pkg = dir.join("genai-prices-pkg");
            let _ = std::fs::remove_dir_all(&pkg);
            util::run(
                Command::new(&python)
                    .args(["-m", "pip", "install", "--quiet", "--target"])
                    .arg(&pkg)
                    .arg("genai-prices"),
            )?;
            let script = util::project_root().join("xtask/src/genai_prices_to_json.py");
            util::run(
                Command::new(&python)
                    .arg(script)
                    .arg(&out)
                    .env("PYTHONPATH", &pkg),
            )?;
        }
    }
    Ok(out)
}

/// Runs `sitegen check` on the `public/` already built, with the binary that build compiled.
/// Paths are relative to the project root so findings read `public/x/index.html: ...`.
pub fn check_built(release: bool, flags: &[String]) -> Result<()> {
    let profile = if release { "release" } else { "debug" };
    let bin = util::target_dir().join(profile).join("sitegen");
    step("sitegen check --root . --out public");
    let mut args = Vec::new();
    let mut it = flags.iter();
    while let Some(f) = it.next() {
        match (f.as_str(), it.clone().next()) {
            ("--fetch-prices", Some(name)) => {
                it.next();
                let path = fetch_price_file(name)?;
                args.extend(["--price-file".to_owned(), path.display().to_string()]);
            }
            _ => args.push(f.clone()),
        }
    }
    let mut cmd = Command::new(bin);
    cmd.current_dir(util::project_root())
        .args(["check", "--root", ".", "--out", "public"])
        .args(&args);
    util::run(&mut cmd).map_err(|_| anyhow!("`sitegen check` found errors (listed above)"))
}
