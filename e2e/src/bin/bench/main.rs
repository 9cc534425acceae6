//! `cargo xtask bench` (or `cargo run --release -p e2e --bin bench`): build times against Hugo,
//! page weight, calculator update latency in Chromium and peak build memory, printed as
//! Markdown and written to `BENCHMARKS.md` with the machine, date and commit.
//!
//! Flags: `--quick` (fewer repetitions and no 10,000-page tree, for trying the bench itself),
//! `--no-write` (print only), `--no-build` (use the last `cargo xtask build`: its generator,
//! wasm and `public/`), `--no-serve` (skip the edit-to-reload figure, which edits `data/` and
//! `content/` while it runs).
mod browser;
mod build;
mod machine;
mod reprice;
mod serve;

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

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
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
    let no_serve = args.iter().any(|a| a == "--no-serve");
    if let Some(a) = args
        .iter()
        .find(|a| !["--quick", "--no-write", "--no-build", "--no-serve"].contains(&a.as_str()))
    {
        bail!("unknown argument {a}; flags: --quick, --no-write, --no-build, --no-serve");
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

    // Real site.
    let tmp = tempfile::tempdir()?;
    let site_root = tmp.path().join("site");
    build::copy_site_inputs(&root, &site_root)?;
    let out = tmp.path().join("out");
    let outs = build::Outputs::new(tmp.path().join("fresh"));
    let cache = tmp.path().join("cache");
    let cache_flag = cache.to_string_lossy().into_owned();
    let best_cached: &[&str] = &["--precompress", "best", "--cache", &cache_flag];
    eprintln!("bench: real site, {reps} builds of each kind");
    gen.build(&site_root, &out, &[])?; // warm the disk cache
    let fresh: Vec<Run> = (0..reps)
        .map(|_| gen.fresh(&site_root, &outs, &[]))
        .collect::<Result<_>>()?;
    let fresh_best: Vec<Run> = (0..reps.min(3))
        .map(|_| gen.fresh(&site_root, &outs, &["--precompress", "best"]))
        .collect::<Result<_>>()?;
    gen.build(&site_root, &out, best_cached)?; // fills the cache
    let warm_best: Vec<Run> = (0..reps)
        .map(|_| gen.fresh(&site_root, &outs, best_cached))
        .collect::<Result<_>>()?;
    let mut edited = Vec::new();
    for i in 0..reps {
        build::touch_price(&site_root, i)?;
        edited.push(gen.build(&site_root, &out, &[])?);
    }
    let pages = e2e::pages(&out).len();
    let real_timings = gen.timings(&site_root, &outs, &[])?;
    gen.fresh(&site_root, &outs, &[])?;
    let fast_br = build::brotli_bytes(&outs.last());
    gen.fresh(&site_root, &outs, &["--precompress", "best"])?;
    let best_br = build::brotli_bytes(&outs.last());
    writeln!(md, "## Build of the real site\n")?;
    writeln!(md, "`sitegen build` of this repository's site ({pages} pages) with the wasm already built; median of the runs, peak resident memory of the worst run. **Fresh**: an output folder that does not exist yet and no cache of any kind, as a clean checkout, a CI run or a Pages deploy starts. Goal: fresh under 100 ms.\n")?;
    writeln!(
        md,
        "| build | runs | wall (median) | fastest | peak memory |\n|---|---:|---:|---:|---:|"
    )?;
    let fastest = |r: &[Run]| r.iter().map(|x| x.wall).min().unwrap_or_default();
    for (label, runs) in [
        ("fresh, default copies (`--precompress fast`: brotli 4, gzip 6)", &fresh),
        ("fresh, smallest copies (`--precompress best`: brotli 11, gzip 9), no cache", &fresh_best),
        ("**warm**: fresh output folder, `best`, with the compression cache of an earlier build (what `cargo xtask build` runs)", &warm_best),
        ("after one YAML price changed (default copies, into the previous output)", &edited),
    ] {
        let (t, rss) = summary(runs);
        writeln!(md, "| {label} | {} | {} | {} | {} |", runs.len(), ms(t), ms(fastest(runs)), mib(rss))?;
    }
    writeln!(md, "\nBrotli copies of the whole site: {} at quality 4, {} at quality 11 (quality 4 costs {:+.1}%).\n", kb(fast_br), kb(best_br), (fast_br as f64 / best_br as f64 - 1.0) * 100.0)?;
    writeln!(
        md,
        "Where a fresh default build's time goes (`sitegen build --timings`):\n\n```text\n{}```\n",
        real_timings
    )?;

    // Synthetic trees against Hugo, in the same run.
    writeln!(md, "## Synthetic trees: ours against Hugo\n")?;
    writeln!(md, "The same Markdown pages (3 sections, a list, a table and a Python code block that differs on every page) built by `sitegen` with the site's templates and by Hugo with the idiomatic layout below: both highlight the code with CSS classes and minify. Every run starts **fresh**: an output folder that does not exist yet (and no deletion just before: see `Outputs` in `build.rs`) and, for Hugo, an empty `--cacheDir`; ours runs without `--cache`. Ours and Hugo alternate; median of the runs; peak resident memory of the worst run. Ours writes brotli and gzip copies of every page unless `--precompress off` (Hugo writes none: its hosts compress). Goal: ours fresh at most 0.5x Hugo's time and memory, at both sizes.\n")?;
    writeln!(md, "| pages | runs | ours fresh | ours fresh, no copies | ours warm (cache) | Hugo fresh | **ours fresh / Hugo** | no copies / Hugo | ours peak memory | Hugo peak memory | memory ours / Hugo |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")?;
    let sizes: &[usize] = if quick { &[1_000] } else { &[1_000, 10_000] };
    let mut per_page = Vec::new();
    let mut bytes_rows = Vec::new();
    let mut synthetic_timings = String::new();
    for &n in sizes {
        let runs = if n >= 10_000 { 3 } else { reps.min(5) };
        eprintln!("bench: {n} synthetic pages, {runs} runs each");
        let dir = tempfile::tempdir()?;
        let (ours, hugo_site) = build::write_synthetic(&root, dir.path(), n)?;
        let outs = build::Outputs::new(dir.path().join("ours-out"));
        let hugo_outs = build::Outputs::new(dir.path().join("hugo-out"));
        let cache = dir.path().join("cache");
        let cache_flag = cache.to_string_lossy().into_owned();
        let warm_flags: &[&str] = &["--cache", &cache_flag];
        gen.fresh(&ours, &outs, warm_flags)?; // fills the cache for the warm runs
        let (mut a, mut off, mut warm, mut b) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for _ in 0..runs {
            a.push(gen.fresh(&ours, &outs, &[])?);
            b.push(build::hugo(&hugo_bin, &hugo_site, &hugo_outs)?);
            off.push(gen.fresh(&ours, &outs, &["--precompress", "off"])?);
            warm.push(gen.fresh(&ours, &outs, warm_flags)?);
        }
        gen.fresh(&ours, &outs, &[])?;
        let ours_out = outs.last();
        let built = e2e::pages(&ours_out).len();
        if built < n {
            bail!("our generator wrote {built} pages for {n} synthetic ones");
        }
        let (ours_all, ours_plain) = build::output_bytes(&ours_out);
        let fast_br = build::brotli_bytes(&ours_out);
        let (hugo_all, _) = build::output_bytes(&hugo_outs.last());
        let best = gen.fresh(&ours, &outs, &["--precompress", "best"])?;
        let best_br = build::brotli_bytes(&outs.last());
        bytes_rows.push((
            n, ours_all, ours_plain, hugo_all, fast_br, best_br, best.wall,
        ));
        if n == *sizes.last().unwrap_or(&n) {
            synthetic_timings = gen.timings(&ours, &outs, &[])?;
        }
        let ((ta, ra), (to, _), (tw, _), (tb, rb)) =
            (summary(&a), summary(&off), summary(&warm), summary(&b));
        per_page.push((n, ta));
        writeln!(
            md,
            "| {n} | {runs} | {} | {} | {} | {} | **{:.2}** | {:.2} | {} | {} | {:.2} |",
            ms(ta),
            ms(to),
            ms(tw),
            ms(tb),
            ta.as_secs_f64() / tb.as_secs_f64(),
            to.as_secs_f64() / tb.as_secs_f64(),
            mib(ra),
            mib(rb),
            ra as f64 / rb as f64
        )?;
    }
    if let [(n1, t1), .., (n2, t2)] = per_page[..] {
        let (p1, p2) = (
            t1.as_secs_f64() * 1e3 / n1 as f64,
            t2.as_secs_f64() * 1e3 / n2 as f64,
        );
        writeln!(md, "\nGrowth: {p1:.3} ms per page at {n1} pages, {p2:.3} ms per page at {n2} ({:.2}x; 1.00x is linear).", p2 / p1)?;
    }
    writeln!(md, "\nOutput bytes (one fresh build each):\n\n| pages | ours, all files | ours without the copies | Hugo | ours' brotli copies at quality 4 | the same at quality 11 | quality 4 costs | a fresh `--precompress best` build |\n|---:|---:|---:|---:|---:|---:|---:|---:|")?;
    for (n, all, plain, hugo_all, fast_br, best_br, best_wall) in &bytes_rows {
        writeln!(
            md,
            "| {n} | {} | {} | {} | {} | {} | {:+.1}% | {} |",
            mb(*all),
            mb(*plain),
            mb(*hugo_all),
            mb(*fast_br),
            mb(*best_br),
            (*fast_br as f64 / *best_br as f64 - 1.0) * 100.0,
            ms(*best_wall)
        )?;
    }
    writeln!(md, "\nWhere our fresh build of the largest tree spends its time (`sitegen build --timings`):\n\n```text\n{synthetic_timings}```\n")?;
    writeln!(
        md,
        "The Hugo layout (`e2e/src/bin/bench/build.rs`, `HUGO_LAYOUT`):\n"
    )?;
    for (file, text) in build::HUGO_LAYOUT {
        writeln!(md, "`{file}`:\n\n```text\n{}\n```\n", text.trim_end())?;
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
    let import_mb = if quick { 20 } else { 100 };
    let (weights, lat, import) = rt.block_on(async {
        let c = chrome.session().await?;
        let ctx = Ctx {
            c: c.clone(),
            origin: server.origin.clone(),
            site: public.clone(),
            served: None,
        };
        let r = async {
            Ok::<_, anyhow::Error>((
                browser::weights(&ctx, &public).await?,
                browser::latency(&ctx, rounds, per_round).await?,
                reprice::browser(&ctx, import_mb).await?,
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

    // The importer: its download, the browser and the command line on a large log.
    eprintln!("bench: sitegen reprice on a {import_mb} MB log");
    let download = reprice::download(&public)?;
    let log = tmp.path().join("usage.jsonl");
    let log_bytes = reprice::write_log(&log, import_mb)?;
    let cli: Vec<Run> = (0..if quick { 1 } else { 3 })
        .map(|_| reprice::native(&gen.sitegen, &site_root, &log))
        .collect::<Result<_>>()?;
    let (cli_wall, cli_rss) = build::summary(&cli);
    let _ = std::fs::remove_file(&log);
    writeln!(md, "\n## Usage-log importer\n")?;
    writeln!(md, "What `/calculator/` downloads when a reader comes near the importer (never in its first view), gzip at level 9 as the wasm budgets are measured. Budget: 30 KB (30,000 bytes) gzip for the three.\n\n| file | raw | gzip |\n|---|---:|---:|")?;
    for (name, raw, gz) in &download {
        writeln!(md, "| `{name}` | {} | {} |", kb(*raw), kb(*gz))?;
    }
    let total_gz: u64 = download.iter().map(|d| d.2).sum();
    writeln!(
        md,
        "| **all three** | {} | **{}** |\n",
        kb(download.iter().map(|d| d.1).sum()),
        kb(total_gz)
    )?;
    let (browser_time, browser_bytes, browser_memory) = import;
    writeln!(md, "Re-pricing a JSON Lines log of Anthropic records with times (the browser tests' generator, repeated): dropped on the page in headless Chromium (made in the page as one `File`; from the drop to the report on the page, streamed through the worker), and `sitegen reprice FILE` on a file of the same size (median of the runs, peak resident memory of the worst).\n\n| where | log | time | throughput | peak memory |\n|---|---:|---:|---:|---:|")?;
    writeln!(
        md,
        "| Chromium, worker + wasm | {} | {} | {:.0} MB/s | {} (the wasm's memory; the browser's own buffers not counted) |",
        mb(browser_bytes),
        ms(browser_time),
        browser_bytes as f64 / 1e6 / browser_time.as_secs_f64(),
        mib(browser_memory / 1024)
    )?;
    writeln!(
        md,
        "| `sitegen reprice` | {} | {} | {:.0} MB/s | {} |",
        mb(log_bytes),
        ms(cli_wall),
        log_bytes as f64 / 1e6 / cli_wall.as_secs_f64(),
        mib(cli_rss)
    )?;

    if no_serve {
        writeln!(md, "\n## Edit to reload under `cargo xtask serve`\n\nNot measured in this run (`--no-serve`).")?;
    } else {
        eprintln!("bench: edit to reload under cargo xtask serve");
        let edits = if quick { 3 } else { 7 };
        let reload = serve::edit_to_reload(&root, &tools, edits)?;
        writeln!(md, "\n## Edit to reload under `cargo xtask serve`\n")?;
        writeln!(md, "From saving a file (the wall clock just before the write) to the open tab having loaded the rebuilt page (the tab's `performance.timeOrigin` + `loadEventEnd`), in headless Chromium on `/`, {edits} edits of each kind after one not counted: the file watcher's quiet time, the generator's run (no compile: only data and content changed; no precompressed copies under `serve`), the event to the tab and its reload. Goal: under 150 ms.\n")?;
        let list = |v: &[f64]| {
            v.iter()
                .map(|x| format!("{x:.0}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(md, "| edit | median | of which the tab's reload (navigation start to load event) | each edit |\n|---|---:|---:|---|")?;
        writeln!(
            md,
            "| a YAML price (`data/pricing.yaml`) | {:.0} ms | {:.0} ms | {} ms |",
            serve::median(&reload.yaml),
            serve::median(&reload.yaml_reload),
            list(&reload.yaml)
        )?;
        writeln!(
            md,
            "| a Markdown paragraph (`content/index.md`) | {:.0} ms | {:.0} ms | {} ms |",
            serve::median(&reload.markdown),
            serve::median(&reload.markdown_reload),
            list(&reload.markdown)
        )?;
    }
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
