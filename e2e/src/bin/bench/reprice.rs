//! The usage-log importer: its download (the worker, the glue and the wasm, loaded on demand,
//! 30 KB gzip budget), its speed in Chromium on a large log dropped on the page, and
//! `sitegen reprice` on the same kind of log with its peak memory.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{ensure, Context, Result};
use e2e::logs::{anthropic_jsonl, requests};
use e2e::{wait_for, Ctx};
use flate2::{write::GzEncoder, Compression};
use serde_json::json;

use crate::build::{timed, Run};

/// Gzip bytes (level 9, as the wasm budgets are measured) of the importer's three files.
pub fn download(public: &Path) -> Result<Vec<(String, u64, u64)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(public.join("assets"))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        let ours = ["reprice-worker.", "reprice.", "reprice_bg."]
            .iter()
            .any(|p| name.starts_with(p));
        if !ours || name.ends_with(".br") || name.ends_with(".gz") {
            continue;
        }
        let bytes = std::fs::read(public.join("assets").join(&name))?;
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        gz.write_all(&bytes)?;
        out.push((name, bytes.len() as u64, gz.finish()?.len() as u64));
    }
    out.sort();
    ensure!(
        out.len() == 3,
        "expected the importer's worker, glue and wasm in public/assets: {out:?}"
    );
    Ok(out)
}

/// A JSON Lines log of about `mb` megabytes (1,000-request blocks of the tests' generator).
pub fn write_log(path: &Path, mb: u64) -> Result<u64> {
    let block = anthropic_jsonl("claude-sonnet-5-5", &requests(1000, 7));
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut written = 0u64;
    while written < mb * 1_000_000 {
        f.write_all(block.as_bytes())?;
        written += block.len() as u64;
    }
    f.flush()?;
    Ok(written)
}

/// `sitegen reprice` of the log at `log`: wall time and peak memory.
pub fn native(sitegen: &Path, root: &Path, log: &Path) -> Result<Run> {
    timed(
        Command::new(sitegen)
            .arg("reprice")
            .arg(log)
            .arg("--root")
            .arg(root),
    )
}

/// Seconds from dropping a log of `mb` megabytes (made in the page, the tests' records
/// repeated) on `/calculator/` to the report on the page, the file's bytes, and the wasm
/// memory the importer took.
pub async fn browser(ctx: &Ctx, mb: u64) -> Result<(Duration, u64, u64)> {
    ctx.open("/calculator/").await?;
    ctx.js("document.getElementById('reprice').scrollIntoView(); document.getElementById('reprice-file').focus();")
        .await?;
    wait_for(
        &ctx.c,
        "document.getElementById('reprice').dataset.state === 'ready'",
        "the importer's start",
    )
    .await?;
    let block = anthropic_jsonl("claude-sonnet-5-5", &requests(1000, 7));
    let copies = (mb * 1_000_000).div_ceil(block.len() as u64);
    let ms = ctx
        .js_with(
            "const [block, copies] = arguments;\
             const file = new File(Array(copies).fill(block), 'big.jsonl');\
             const dt = new DataTransfer(); dt.items.add(file);\
             window.__reprice_started = performance.now();\
             document.getElementById('reprice-drop').dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));\
             return file.size;",
            vec![json!(block), json!(copies)],
        )
        .await?;
    let size = ms.as_u64().context("no file size")?;
    // Up to ten minutes: a slow machine still reports its figure.
    for _ in 0..6000 {
        let state = ctx
            .js("return document.getElementById('reprice').dataset.state")
            .await?;
        if state == "done" {
            let took = ctx
                .js("return performance.now() - window.__reprice_started")
                .await?;
            let took = took.as_f64().context("no time")?;
            let memory = ctx
                .js("return Number(document.getElementById('reprice').dataset.memory)")
                .await?;
            let memory = memory.as_f64().context("no memory figure")? as u64;
            return Ok((Duration::from_secs_f64(took / 1000.0), size, memory));
        }
        ensure!(state == "reading", "the importer stopped: state {state}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("the browser did not finish a {mb} MB log in ten minutes")
}
