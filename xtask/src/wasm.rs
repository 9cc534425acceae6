//! The WebAssembly modules: the calculator (`calculator-wasm`, `calculator/wasm/`) and the
//! usage-log importer its worker loads on demand (`calculator-reprice`, `calculator/reprice/`).
//! Target check, one cargo build for both, wasm-bindgen (as a library), wasm-opt.

use crate::util::{self, human_size, step, warn};
use anyhow::{bail, Context, Result};
use flate2::{write::GzEncoder, Compression};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

pub const TARGET: &str = "wasm32-unknown-unknown";

/// The `wasm-bindgen-cli-support` version this xtask links. The `wasm-bindgen` crate the wasm
/// crate depends on must be exactly this version, or the generated glue does not match the wasm.
pub const BINDGEN_VERSION: &str = "0.2.130";

/// A crate compiled to wasm32 (a cdylib over `calculator`).
pub struct Module {
    pub krate: &'static str,
    pub manifest: &'static str,
    /// wasm-bindgen's output name: `<name>.js` and `<name>_bg.wasm`.
    pub name: &'static str,
}

/// Both modules; each has a 30 KB gzip budget (e2e/tests/budgets.rs).
pub const MODULES: [Module; 2] = [
    Module {
        krate: "calculator-wasm",
        manifest: "calculator/wasm/Cargo.toml",
        name: "calculator",
    },
    Module {
        krate: "calculator-reprice",
        manifest: "calculator/reprice/Cargo.toml",
        name: "reprice",
    },
];

/// Where the JS glue and the wasm go; the generator copies them into `public/` with hashed names.
pub fn out_dir() -> PathBuf {
    util::target_dir().join("wasm-bindgen")
}

/// Builds every [`MODULES`] crate for wasm32 and writes `<name>.js` + `<name>_bg.wasm` to
/// [`out_dir`]. Errors carry the compiler's own text so `serve` can show it in the overlay.
pub fn build(release: bool) -> std::result::Result<(), String> {
    ensure_target().map_err(util::report)?;
    for m in &MODULES {
        check_bindgen_pin(m).map_err(util::report)?;
    }

    let profile = if release { "release" } else { "debug" };
    let names: Vec<&str> = MODULES.iter().map(|m| m.krate).collect();
    step(format!(
        "compiling {} for {TARGET} ({profile})",
        names.join(" and ")
    ));
    let started = Instant::now();
    let mut cargo = util::cargo();
    cargo.arg("build");
    for m in &MODULES {
        cargo.args(["-p", m.krate]);
    }
    cargo.args(["--target", TARGET]);
    if release {
        cargo.arg("--release");
    }
    util::run_tee(&mut cargo)?;
    println!(
        "       compiled in {}",
        util::human_duration(started.elapsed())
    );

    // Everything happens in a scratch folder swapped in at the end, so a generator run that reads
    // the output meanwhile (another terminal, another engineer) never sees it half written.
    // Named per process: two builds at once (two terminals) must not share it.
    let scratch = util::target_dir().join(format!("wasm-bindgen.tmp-{}", std::process::id()));
    if scratch.exists() {
        std::fs::remove_dir_all(&scratch)
            .map_err(|e| format!("could not clear {}: {e}", scratch.display()))?;
    }
    for m in &MODULES {
        let input = util::target_dir()
            .join(TARGET)
            .join(profile)
            .join(format!("{}.wasm", m.krate.replace('-', "_")));
        bindgen(&input, m.name, release, &scratch)
            .context("wasm-bindgen")
            .map_err(util::report)?;
        let wasm = scratch.join(format!("{}_bg.wasm", m.name));
        if release {
            optimise(&wasm);
        }
        report_size(&wasm).map_err(util::report)?;
    }
    swap_in(&scratch, &out_dir()).map_err(util::report)?;
    Ok(())
}

/// Installs the wasm32 target with rustup when it is missing, saying so.
pub fn ensure_target() -> Result<()> {
    let Some(rustup) = util::which("rustup") else {
        // Without rustup (e.g. a distribution toolchain) cargo reports a missing target itself.
        warn("rustup not found: assuming the wasm32-unknown-unknown standard library is installed");
        return Ok(());
    };
    let installed = Command::new(&rustup)
        .args(["target", "list", "--installed"])
        .current_dir(util::project_root())
        .output()
        .context("could not run `rustup target list --installed`")?;
    let list = String::from_utf8_lossy(&installed.stdout);
    if list.lines().any(|line| line.trim() == TARGET) {
        return Ok(());
    }
    step(format!(
        "the {TARGET} target is not installed: installing it with `rustup target add {TARGET}`"
    ));
    util::run(
        Command::new(&rustup)
            .args(["target", "add", TARGET])
            .current_dir(util::project_root()),
    )
    .with_context(|| {
        format!("could not install the {TARGET} target; run `rustup target add {TARGET}` by hand")
    })
}

/// Fails early, naming both versions, when the wasm crate's `wasm-bindgen` is not ours.
fn check_bindgen_pin(m: &Module) -> Result<()> {
    let manifest = util::project_root().join(m.manifest);
    let text = std::fs::read_to_string(&manifest)
        .with_context(|| format!("could not read {}", manifest.display()))?;
    match bindgen_pin(&text) {
        Some(v) if v == BINDGEN_VERSION => Ok(()),
        Some(v) => bail!(
            "{} pins wasm-bindgen {v} but xtask/Cargo.toml links \
             wasm-bindgen-cli-support {BINDGEN_VERSION}: change both to the same exact version",
            m.manifest
        ),
        None => bail!(
            "{} must pin wasm-bindgen exactly (`wasm-bindgen = \"={BINDGEN_VERSION}\"`)",
            m.manifest
        ),
    }
}

/// The exact version in a line like `wasm-bindgen = "=0.2.130"` or `{ version = "=0.2.130", .. }`.
pub fn bindgen_pin(manifest: &str) -> Option<&str> {
    manifest.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("wasm-bindgen")?.trim_start();
        let rest = rest.strip_prefix('=')?;
        let start = rest.find("\"=")? + 2;
        let len = rest[start..].find('"')?;
        Some(&rest[start..start + len])
    })
}

/// Writes `<name>.js` + `<name>_bg.wasm` into `out` (which starts empty for the first module,
/// so a renamed or removed export never lingers).
fn bindgen(input: &Path, name: &str, release: bool, out: &Path) -> Result<()> {
    step(format!(
        "wasm-bindgen {BINDGEN_VERSION} (target web, no TypeScript): {name}.js -> {}",
        out_dir().display()
    ));
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(input)
        .web(true)?
        .typescript(false)
        // The library's default differs from the CLI's: without this, `init()` called with no
        // argument has no URL to fetch `calculator_bg.wasm` from.
        .omit_default_module_path(false)
        // Names and tool versions only help debugging; readers download every byte.
        .remove_name_section(release)
        .remove_producers_section(release)
        .out_name(name)
        .generate(out)?;
    Ok(())
}

/// Replaces `dest` with `scratch` (two renames; the gap between them is microseconds).
fn swap_in(scratch: &Path, dest: &Path) -> Result<()> {
    let old = dest.with_extension(format!("old-{}", std::process::id()));
    if old.exists() {
        std::fs::remove_dir_all(&old)
            .with_context(|| format!("could not clear {}", old.display()))?;
    }
    if dest.exists() {
        std::fs::rename(dest, &old)
            .with_context(|| format!("could not move {}", dest.display()))?;
    }
    std::fs::rename(scratch, dest)
        .with_context(|| format!("could not move the new wasm into {}", dest.display()))?;
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

/// Runs binaryen's `wasm-opt -Oz` in place when it can be had from npm; never fails the build.
fn optimise(wasm: &Path) {
    let Some(wasm_opt) = wasm_opt() else { return };
    step("wasm-opt -Oz, flattened and re-relooped, to a fixed point (binaryen from npm)");
    let before = std::fs::metadata(wasm).map(|m| m.len()).unwrap_or(0);
    let tmp = wasm.with_extension("opt.wasm");
    // The features rustc enables by default for wasm32-unknown-unknown; wasm-opt must accept them.
    let status = Command::new(&wasm_opt)
        // -Oz, then flatten and re-loop the control flow and shrink again until nothing
        // changes: about 250 bytes of gzip below a single -Oz (30 KB budget).
        .args([
            "-Oz",
            "--flatten",
            "--rereloop",
            "-Oz",
            "-Oz",
            "--converge",
            // The features section only tells tools which features the code uses; browsers
            // ignore it (150 bytes of each file).
            "--strip-target-features",
            "--enable-bulk-memory",
            "--enable-mutable-globals",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-reference-types",
            "--enable-multivalue",
        ])
        .arg(wasm)
        .arg("-o")
        .arg(&tmp)
        .status();
    match status {
        Ok(s) if s.success() => match std::fs::rename(&tmp, wasm) {
            Ok(()) => {
                let after = std::fs::metadata(wasm).map(|m| m.len()).unwrap_or(0);
                println!("       {before} -> {after} bytes");
            }
            Err(err) => warn(format!(
                "could not replace the wasm with wasm-opt's output: {err}"
            )),
        },
        Ok(s) => warn(format!(
            "wasm-opt failed ({s}); keeping the unoptimised wasm"
        )),
        Err(err) => warn(format!(
            "could not run wasm-opt ({err}); keeping the unoptimised wasm"
        )),
    }
    let _ = std::fs::remove_file(&tmp);
}

/// `node_modules/.bin/wasm-opt`, installing the root `package.json` with npm when needed.
fn wasm_opt() -> Option<PathBuf> {
    let root = util::project_root();
    if util::which("node").is_none() || util::which("npm").is_none() {
        warn("wasm-opt skipped: node/npm not found (the wasm works, it is only larger; install nodejs and npm to shrink it)");
        return None;
    }
    let bin = root.join("node_modules/.bin/wasm-opt");
    match util::npm_ci(&root) {
        Ok(()) if bin.exists() => Some(bin),
        Ok(()) => {
            warn("wasm-opt skipped: npm did not provide node_modules/.bin/wasm-opt");
            None
        }
        Err(err) => {
            warn(format!("wasm-opt skipped: {err:#}"));
            None
        }
    }
}

fn report_size(wasm: &Path) -> Result<()> {
    let bytes =
        std::fs::read(wasm).with_context(|| format!("could not read {}", wasm.display()))?;
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    gz.write_all(&bytes)?;
    let gzipped = gz.finish()?.len() as u64;
    println!(
        "       {}: {} raw, {} gzip",
        wasm.file_name().unwrap_or_default().to_string_lossy(),
        human_size(bytes.len() as u64),
        human_size(gzipped)
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_pin_in_both_toml_forms() {
        assert_eq!(bindgen_pin("wasm-bindgen = \"=0.2.130\""), Some("0.2.130"));
        assert_eq!(
            bindgen_pin("  wasm-bindgen = { version = \"=0.2.99\", default-features = false }"),
            Some("0.2.99")
        );
        assert_eq!(bindgen_pin("wasm-bindgen = \"0.2\""), None);
        assert_eq!(bindgen_pin("wasm-bindgen-futures = \"=0.4.1\""), None);
    }

    /// The wasm crate's pin and this crate's `wasm-bindgen-cli-support` must move together.
    #[test]
    fn the_wasm_crate_pins_the_bindgen_version_xtask_links() {
        let root = util::project_root();
        for m in &MODULES {
            let manifest = std::fs::read_to_string(root.join(m.manifest)).unwrap();
            assert_eq!(
                bindgen_pin(&manifest),
                Some(BINDGEN_VERSION),
                "{}",
                m.manifest
            );
        }
        let ours = std::fs::read_to_string(root.join("xtask/Cargo.toml")).unwrap();
        let needle = format!("wasm-bindgen-cli-support = \"={BINDGEN_VERSION}\"");
        assert!(
            ours.contains(&needle),
            "xtask/Cargo.toml must contain {needle}"
        );
    }
}
