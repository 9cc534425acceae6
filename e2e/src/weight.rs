//! Page weight: what a page makes the browser download, by kind, raw and compressed. The
//! file list comes from the browser (the document plus its Resource Timing entries); the sizes
//! from the files in the site folder, so the figures do not depend on the server.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::server::file_for;
use crate::Ctx;

/// Bytes of one file or a sum: as stored, gzip (level 6, servers' usual) and brotli (quality 11,
/// what a host precompresses static files with).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Sizes {
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

impl std::ops::AddAssign for Sizes {
    fn add_assign(&mut self, o: Sizes) {
        self.raw += o.raw;
        self.gzip += o.gzip;
        self.brotli += o.brotli;
    }
}

pub fn sizes(bytes: &[u8]) -> Sizes {
    Sizes {
        raw: bytes.len() as u64,
        gzip: gzip_len(bytes),
        brotli: brotli_len(bytes),
    }
}

pub fn gzip_len(bytes: &[u8]) -> u64 {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    enc.write_all(bytes).expect("writing to memory");
    enc.finish().expect("writing to memory").len() as u64
}

pub fn brotli_len(bytes: &[u8]) -> u64 {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("writing to memory");
    out.len() as u64
}

/// The kinds a page weight is split into.
pub const KINDS: [&str; 5] = ["html", "css", "js", "wasm", "other"];

/// One downloaded file: site path, kind, sizes.
#[derive(Clone, Debug)]
pub struct Download {
    pub path: String,
    pub kind: &'static str,
    pub sizes: Sizes,
}

/// Kind of a file by its extension.
pub fn kind(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "css" => "css",
        "js" | "mjs" => "js",
        "wasm" => "wasm",
        "json" | "svg" | "png" | "ico" | "xml" | "txt" => "other",
        _ => "html",
    }
}

/// What the open page has downloaded so far from this origin, once the network has been quiet
/// for half a second (the calculator starts after the load event, then fetches its wasm); an
/// error if it is not quiet within 10 s.
pub async fn downloaded(ctx: &Ctx, site: &Path) -> Result<Vec<Download>> {
    let script = "return [location.pathname].concat(performance.getEntriesByType('resource')\
                  .filter(e => e.name.startsWith(location.origin))\
                  .map(e => new URL(e.name).pathname))";
    crate::wait_for(
        &ctx.c,
        "document.readyState === 'complete'",
        "the page load",
    )
    .await?;
    // A calculator within the boot script's margin of the viewport starts by itself: wait for
    // it, so a slow machine does not leave its wasm out of the first view.
    let near = "(() => { const c = document.getElementById('calculator');\
                return !!c && c.getBoundingClientRect().top < innerHeight + 300; })()";
    if ctx.js(&format!("return {near}")).await? == serde_json::json!(true) {
        crate::wait_for(
            &ctx.c,
            "!document.getElementById('calc-actions').hidden",
            "the calculator in the first view to start",
        )
        .await?;
    }
    let started = Instant::now();
    let mut last = Vec::new();
    let mut quiet_since = Instant::now();
    loop {
        let now: Vec<String> = serde_json::from_value(ctx.js(script).await?)?;
        if now != last {
            last = now;
            quiet_since = Instant::now();
        } else if quiet_since.elapsed() > Duration::from_millis(500) {
            break;
        }
        // A page still downloading after 10 s has no first view to weigh: what it fetched so
        // far would pass a budget the whole view may break.
        if started.elapsed() > Duration::from_secs(10) {
            bail!(
                "the network was not quiet for 500 ms within 10 s; downloaded so far: {}",
                last.join(", ")
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut out = Vec::new();
    for (i, path) in last.iter().enumerate() {
        if out.iter().any(|d: &Download| &d.path == path) {
            continue;
        }
        let file =
            file_for(site, path).with_context(|| format!("{path}: no such file in the site"))?;
        let bytes = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
        out.push(Download {
            path: path.clone(),
            // The first entry is the document itself, whatever its URL looks like.
            kind: if i == 0 { "html" } else { kind(path) },
            sizes: sizes(&bytes),
        });
    }
    Ok(out)
}

/// Sum per kind, in [`KINDS`] order.
pub fn by_kind(files: &[Download]) -> [Sizes; 5] {
    let mut out = [Sizes::default(); 5];
    for f in files {
        let i = KINDS.iter().position(|k| *k == f.kind).unwrap_or(4);
        out[i] += f.sizes;
    }
    out
}

pub fn total(files: &[Download]) -> Sizes {
    let mut t = Sizes::default();
    for f in files {
        t += f.sizes;
    }
    t
}

/// `12.3 KB` (1 KB = 1,000 bytes, as the budgets are written).
pub fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}
