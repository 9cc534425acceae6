//! `cargo xtask bench` (or `cargo run --release -p e2e --bin bench`): build times against Hugo,
//! page weight, calculator update latency in Chromium and peak build memory, printed as
//! Markdown and written to `BENCHMARKS.md` with the machine, date and commit.
//!
//! Flags: `--quick` (fewer repetitions and no 10,000-page tree, for trying the bench itself),
//! `--no-write` (print only), `--no-build` (use the last `cargo xtask build`: its generator,
//! wasm and `public/`).

mod browser;
mod build;
mod machine;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use e2e::weight::{kb, Sizes};
use e2e::{Browser, Ctx, SiteServer, Tools};

use build::{summary, Generator, Run};

fn main() {
    if let Err(e) = real_main() {
        eprintln!("bench: {e:#}");
        std::process::exit(1);
    }
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn mib(kib: u64) -> String {
    format!("{:.0} MiB", kib as f64 / 1024.0)
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join(name))
            .find(|f| f.is_file())
    })
}

fn tool(var: &str, names: &[&str]) -> Result<PathBuf> {
    if let Some(v) = std::env::var_os(var).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(v));
    }
    names.iter().find_map(|n| which(n)).with_context(|| {
        format!(
            "{} not found (Debian: apt-get install chromium chromium-driver hugo)",
            names[0]
        )
    })
}

fn real_main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let write = !args.iter().any(|a| a == "--no-write");
    let no_build = args.iter().any(|a| a == "--no-build");
    if let Some(a) = args
        .iter()
        .find(|a| !["--quick", "--no-write", "--no-build"].contains(&a.as_str()))
    {
        bail!("unknown argument {a}; flags: --quick, --no-write, --no-build");
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()?;
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let hugo_bin = tool("HUGO", &["hugo"])?;
    let tools = Tools {
        chromium: tool(
            "CHROMIUM",
            &["chromium", "chromium-browser", "google-chrome"],
        )?,
        chromedriver: tool("CHROMEDRIVER", &["chromedriver"])?,
    };

    let machine = machine::describe(&root);
    if !no_build {
        eprintln!("bench: cargo xtask build (the wasm and the release generator)");
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let ok = Command::new(&cargo)
            .current_dir(&root)
            .args(["xtask", "build"])
            .status()?;
        if !ok.success() {
            bail!("`cargo xtask build` failed");
        }
    }
    let gen = Generator {
        sitegen: target.join("release/sitegen"),
        wasm_dir: target.join("wasm-bindgen"),
    };
    let reps = if quick { 3 } else { 7 };
    let mut md = String::new();

    // Real site: full builds, then builds each after one price changed.
    let tmp = tempfile::tempdir()?;
    let site_root = tmp.path().join("site");
    build::copy_site_inputs(&root, &site_root)?;
    let out = tmp.path().join("out");
    eprintln!("bench: real site, {reps} full builds and {reps} after a price edit");
    gen.build(&site_root, &out)?; // warm the disk cache
    let full: Vec<Run> = (0..reps)
        .map(|_| gen.build(&site_root, &out))
        .collect::<Result<_>>()?;
    let mut edited = Vec::new();
    for i in 0..reps {
        build::touch_price(&site_root, i)?;
        edited.push(gen.build(&site_root, &out)?);
    }
    let pages = e2e::pages(&out).len();
    let (full_t, full_rss) = summary(&full);
    let (edit_t, edit_rss) = summary(&edited);
    writeln!(md, "## Build of the real site\n")?;
    writeln!(md, "`sitegen build` of this repository's site ({pages} pages) with the wasm already built; median of {reps} runs, peak resident memory of the worst run. Budget: under 150 ms. A build after an edit also re-compresses the changed files (the `.gz`/`.br` copies the generator writes; unchanged files reuse theirs).\n")?;
    writeln!(
        md,
        "| build | wall (median) | fastest | peak memory |\n|---|---:|---:|---:|"
    )?;
    let fastest = |r: &[Run]| r.iter().map(|x| x.wall).min().unwrap_or_default();
    writeln!(
        md,
        "| full | {} | {} | {} |",
        ms(full_t),
        ms(fastest(&full)),
        mib(full_rss)
    )?;
    writeln!(
        md,
        "| after one YAML price changed | {} | {} | {} |\n",
        ms(edit_t),
        ms(fastest(&edited)),
        mib(edit_rss)
    )?;

    // Synthetic trees against Hugo, in the same run.
    writeln!(md, "## Synthetic trees: ours against Hugo\n")?;
    writeln!(md, "The same Markdown pages (3 sections, a list, a table, a highlighted code block each) built by `sitegen` with the site's templates and by Hugo with an equivalent minimal layout (`--minify`), alternating, median of the runs. Both site menus list the top-level pages only, as the site's templates do, so the work per page does not grow with the tree.\n")?;
    writeln!(md, "| pages | ours (median) | Hugo (median) | ours / Hugo | ours peak memory | Hugo peak memory |\n|---:|---:|---:|---:|---:|---:|")?;
    let sizes: &[usize] = if quick { &[1_000] } else { &[1_000, 10_000] };
    let mut last: Option<(usize, Duration)> = None;
    for &n in sizes {
        // Work grows with the page count; a tree so large it would take minutes on a slow machine
        // is reported as not run instead of hanging the bench.
        if let Some((m, t)) = last {
            let guess = t.as_secs_f64() * (n as f64 / m as f64);
            if guess > 300.0 {
                writeln!(
                    md,
                    "| {n} | not run: {m} pages took {}, so up to ~{guess:.0} s expected | | | | |",
                    ms(t)
                )?;
                continue;
            }
        }
        let runs = if n >= 10_000 { 3 } else { reps.min(5) };
        eprintln!("bench: {n} synthetic pages, {runs} runs each of ours and Hugo");
        let dir = tempfile::tempdir()?;
        let (ours, hugo_site) = build::write_synthetic(&root, dir.path(), n)?;
        let (ours_out, hugo_out) = (dir.path().join("ours-out"), dir.path().join("hugo-out"));
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            a.push(gen.build(&ours, &ours_out)?);
            let _ = std::fs::remove_dir_all(&hugo_out);
            b.push(build::hugo(&hugo_bin, &hugo_site, &hugo_out)?);
        }
        let built = e2e::pages(&ours_out).len();
        if built < n {
            bail!("our generator wrote {built} pages for {n} synthetic ones");
        }
        let ((ta, ra), (tb, rb)) = (summary(&a), summary(&b));
        last = Some((n, ta.max(tb)));
        writeln!(
            md,
            "| {n} | {} | {} | {:.2} | {} | {} |",
            ms(ta),
            ms(tb),
            ta.as_secs_f64() / tb.as_secs_f64(),
            mib(ra),
            mib(rb)
        )?;
    }
    writeln!(md)?;

    // Browser figures on the freshly built public/.
    eprintln!("bench: page weight and calculator latency in Chromium");
    let public = root.join("public");
    let server = SiteServer::start(&public)?;
    let chrome = Browser::start(&tools)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    // Rounds on fresh page loads: on a shared 2-core machine one run can drift by a third.
    let (rounds, per_round) = if quick { (2, 100) } else { (5, 500) };
    let (weights, lat) = rt.block_on(async {
        let c = chrome.session().await?;
        let ctx = Ctx {
            c: c.clone(),
            origin: server.origin.clone(),
            site: public.clone(),
        };
        let r = async {
            Ok::<_, anyhow::Error>((
                browser::weights(&ctx, &public).await?,
                browser::latency(&ctx, rounds, per_round).await?,
            ))
        }
        .await;
        let _ = c.close().await;
        r
    })?;
    drop(chrome);
    // The same first views as readers get them from the project's nginx block, brotli accepted.
    let nginx = testsupport::nginx::Nginx::start_project(&public).map_err(anyhow::Error::msg)?;
    let mut served = Vec::new();
    for w in &weights {
        served.push(browser::nginx_first_view(&nginx, &w.first_paths)?);
    }
    let encoding = if nginx.brotli {
        "brotli"
    } else {
        "gzip (no brotli module)"
    };
    drop(nginx);
    writeln!(md, "## Page weight\n")?;
    writeln!(md, "Each cell: raw / gzip (level 6) / brotli (quality 11). Everything the page loads once read to the end; \"first view\" is what it downloads at 1280 x 800 before any interaction (gzip), and \"served\" the bytes of that first view as the project's nginx block sends them to a client accepting brotli ({encoding}). Budgets: calculator page first view 60 KB, wasm 30 KB, article first view 40 KB (1 KB = 1,000 bytes).\n")?;
    writeln!(
        md,
        "| page | HTML | CSS | JS | wasm | first view (gzip) | first view served by nginx |\n|---|---:|---:|---:|---:|---:|---:|"
    )?;
    let cell = |s: Sizes| {
        if s.raw == 0 {
            "–".to_string()
        } else {
            format!("{} / {} / {}", kb(s.raw), kb(s.gzip), kb(s.brotli))
        }
    };
    for (w, served) in weights.iter().zip(&served) {
        writeln!(
            md,
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            w.path,
            cell(w.all[0]),
            cell(w.all[1]),
            cell(w.all[2]),
            cell(w.all[3]),
            kb(w.first_view.gzip),
            kb(*served)
        )?;
    }
    writeln!(md, "\n## Calculator update latency\n")?;
    writeln!(md, "Headless Chromium, `/calculator/`: an `input` event on the requests-per-hour field through the wasm's model and update render and the boot script's patch of the summary, results table, break-evens, both charts and the breakdowns' summaries (a closed breakdown's lines and the download files are rendered when clicked), until they are laid out (`performance.now()`, 0.1 ms resolution): {} rounds, each a fresh page load and {} updates, the first updates (before the browser has compiled the hot paths) included. Budget: median under 4 ms.\n", lat.round_medians.len(), lat.samples / lat.round_medians.len().max(1))?;
    let rounds: Vec<String> = lat
        .round_medians
        .iter()
        .map(|m| format!("{m:.1}"))
        .collect();
    writeln!(
        md,
        "| median | p95 | max | median of each round |\n|---:|---:|---:|---|\n| {:.1} ms | {:.1} ms | {:.1} ms | {} ms |",
        lat.median, lat.p95, lat.max, rounds.join(", ")
    )?;

    let report = format!(
        "# Benchmarks\n\nWritten by `cargo xtask bench` (`e2e/src/bin/bench/`); numbers from one run, not edited by hand.\n\n{}\n{md}",
        machine
    );
    println!("{report}");
    if write {
        let file = root.join("BENCHMARKS.md");
        std::fs::write(&file, &report)?;
        eprintln!("bench: wrote {}", file.display());
    }
    Ok(())
}
