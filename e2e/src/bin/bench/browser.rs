//! Browser figures: page weight of every page (first view, and everything once the reader has
//! scrolled to the end) and the calculator's update latency, in headless Chromium.

use std::path::Path;

use anyhow::{ensure, Result};
use e2e::weight::{by_kind, downloaded, Download, Sizes};
use e2e::{pages, Ctx};
use serde_json::json;

/// One page's weight.
pub struct PageWeight {
    pub path: String,
    /// Everything the page loads, per kind (html, css, js, wasm, other).
    pub all: [Sizes; 5],
    pub first_view: Sizes,
    /// The site paths of the first view (the page, then what it loaded), for the nginx figure.
    pub first_paths: Vec<String>,
}

pub async fn weights(ctx: &Ctx, site: &Path) -> Result<Vec<PageWeight>> {
    let mut out = Vec::new();
    for path in pages(site) {
        ctx.viewport(1280).await?;
        ctx.c.goto(&ctx.url(&path)).await?;
        let first: Vec<Download> = downloaded(ctx, site).await?;
        // Then as a reader who reaches the calculator and the end of the page.
        ctx.settle().await?;
        ctx.js("window.scrollTo(0, document.body.scrollHeight)")
            .await?;
        let all = downloaded(ctx, site).await?;
        out.push(PageWeight {
            path,
            all: by_kind(&all),
            first_view: e2e::weight::total(&first),
            first_paths: first.iter().map(|d| d.path.clone()).collect(),
        });
    }
    Ok(out)
}

/// Update latency in milliseconds: an `input` event on a number field, dispatched as the
/// browser does for a keystroke, until the new results and charts are in the DOM and laid out
/// (checked: the first total changed and a chart is there).
pub struct Latency {
    pub samples: usize,
    pub median: f64,
    pub p95: f64,
    pub max: f64,
    /// The median of each round (a fresh page load): how much the figure moves between runs.
    pub round_medians: Vec<f64>,
}

/// `rounds` fresh loads of the calculator page, `per_round` updates each. The first updates of a
/// round include compiling the hot paths; they are kept, as a user gets them.
pub async fn latency(ctx: &Ctx, rounds: usize, per_round: usize) -> Result<Latency> {
    ctx.viewport(1280).await?;
    let mut all = Vec::new();
    let mut round_medians = Vec::new();
    for _ in 0..rounds {
        let mut t = latency_round(ctx, per_round).await?;
        t.sort_by(|a, b| a.total_cmp(b));
        round_medians.push(quantile(&t, 0.5));
        all.extend(t);
    }
    all.sort_by(|a, b| a.total_cmp(b));
    Ok(Latency {
        samples: all.len(),
        median: quantile(&all, 0.5),
        p95: quantile(&all, 0.95),
        max: quantile(&all, 1.0),
        round_medians,
    })
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * q).round() as usize]
}

async fn latency_round(ctx: &Ctx, updates: usize) -> Result<Vec<f64>> {
    ctx.open("/calculator/").await?;
    let v = ctx
        .js_with(
            "const n = arguments[0];\
             const el = document.getElementById('calc-requests_per_hour');\
             const detail = document.getElementById('calc-detail');\
             const total = () => detail.querySelector('td.calc-total').textContent;\
             const base = el.valueAsNumber || 30; const times = [];\
             for (let i = 0; i < n; i++) {\
               el.value = String(base + (i % 7) + 1);\
               const before = total();\
               const t0 = performance.now();\
               el.dispatchEvent(new Event('input', { bubbles: true }));\
               detail.getBoundingClientRect();\
               const t1 = performance.now();\
               if (total() === before) return 'the first total did not change';\
               if (!detail.querySelector('svg')) return 'no chart after the update';\
               times.push(t1 - t0);\
             }\
             return times;",
            vec![json!(updates)],
        )
        .await?;
    ensure!(v.is_array(), "latency run failed: {v}");
    Ok(serde_json::from_value(v)?)
}

/// Bytes on the wire of a page's first view when the project's nginx block serves the build to a
/// client that accepts brotli: the precompressed `.br` copies where the build wrote them.
pub fn nginx_first_view(nginx: &testsupport::nginx::Nginx, paths: &[String]) -> Result<u64> {
    let mut total = 0;
    for path in paths {
        let r = testsupport::http::get(&nginx.addr, path, Some("br"))?;
        ensure!(
            r.status == 200 || (r.status == 404 && path == &paths[0]),
            "nginx answered {} for {path}",
            r.status
        );
        total += r.body.len() as u64;
    }
    Ok(total)
}
