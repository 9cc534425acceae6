//! Real-browser checks of the built site: a static server for `SITE_DIR`, Chromium
//! through chromedriver, page helpers, and the page-weight figures shared by the size-budget
//! test and the benchmark (`src/bin/bench/`).
//!
//! The tests need `CHROMIUM`, `CHROMEDRIVER` and `SITE_DIR` (a fresh build), which
//! `cargo xtask test` sets; without them they fail and say so, never skip.

pub mod calc;
pub mod driver;
pub mod logs;
pub mod weight;

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use fantoccini::Client;
use serde_json::{json, Value};

pub use driver::{browser_log, cdp, Browser, LogEntry, Tools};
/// The static server of the browser tests, with the published headers (`testsupport`).
pub use testsupport::server::{self, SiteServer};

/// A path from the environment; panics with the command to run when it is missing.
pub fn env_path(name: &str) -> PathBuf {
    match std::env::var_os(name) {
        Some(v) if !v.is_empty() => PathBuf::from(v),
        _ => panic!(
            "{name} is not set: the browser tests run through `cargo xtask test`, which builds the \
             site and sets CHROMIUM, CHROMEDRIVER and SITE_DIR"
        ),
    }
}

/// The built site (`SITE_DIR`), checked to hold a page.
pub fn site_dir() -> PathBuf {
    let dir = env_path("SITE_DIR");
    assert!(
        dir.join("index.html").is_file(),
        "SITE_DIR={} has no index.html: run `cargo xtask test` (it builds the site first)",
        dir.display()
    );
    dir
}

/// Every page of the site as the URL path a reader visits: `/`, `/calculator/`, and the 404
/// page through an unknown address (so it is served as the server serves it, with status 404).
pub fn pages(site: &Path) -> Vec<String> {
    let mut out = Vec::new();
    collect(site, site, &mut out);
    out.sort();
    out
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(root, &p, out);
        } else if p.extension().is_some_and(|x| x == "html") {
            let rel = p
                .strip_prefix(root)
                .unwrap_or(&p)
                .to_string_lossy()
                .replace('\\', "/");
            out.push(match rel.as_str() {
                "404.html" => "/no-such-page/".to_string(),
                r => format!("/{}", r.trim_end_matches("index.html")),
            });
        }
    }
}

/// What a browser test gets: a session, the site's origin and folder.
pub struct Ctx {
    pub c: Client,
    pub origin: String,
    pub site: PathBuf,
    /// The server, where the test runs it (the importer's test asks it what was requested).
    pub served: Option<std::rc::Rc<Served>>,
}

impl Ctx {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    /// Opens a page and waits until it has loaded and, if it has the calculator, until the
    /// calculator has started (it starts when scrolled near, so this scrolls to it).
    pub async fn open(&self, path: &str) -> Result<()> {
        self.c
            .goto(&self.url(path))
            .await
            .with_context(|| format!("opening {path}"))?;
        self.settle().await.with_context(|| path.to_string())
    }

    /// Waits for the load event and a started calculator (when the page has one).
    pub async fn settle(&self) -> Result<()> {
        wait_for(
            &self.c,
            "document.readyState === 'complete'",
            "the page load",
        )
        .await?;
        let has_calc = self
            .js("return !!document.getElementById('calculator')")
            .await?
            .as_bool()
            .unwrap_or(false);
        if has_calc {
            self.js("document.getElementById('calculator').scrollIntoView()")
                .await?;
            wait_for(
                &self.c,
                "!document.getElementById('calc-actions').hidden",
                "the calculator's start (its Reset and Copy link buttons)",
            )
            .await?;
        }
        Ok(())
    }

    /// Runs a script (a function body; `arguments[0]`... are `args`).
    pub async fn js_with(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.c
            .execute(script, args)
            .await
            .with_context(|| format!("script failed: {}", first_line(script)))
    }

    pub async fn js(&self, script: &str) -> Result<Value> {
        self.js_with(script, Vec::new()).await
    }

    /// Console messages since the last call that are errors (SEVERE) or mention the security
    /// policy; an empty list is a clean page.
    pub async fn console_problems(&self) -> Result<Vec<LogEntry>> {
        Ok(browser_log(&self.c)
            .await?
            .into_iter()
            .filter(|e| e.level == "SEVERE" || e.message.contains("Content Security Policy"))
            .collect())
    }

    /// Sets the viewport width (and a phone or desktop profile) through DevTools.
    pub async fn viewport(&self, width: u32) -> Result<()> {
        cdp(
            &self.c,
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": if width < 600 { 740 } else { 800 },
                    "deviceScaleFactor": 1, "mobile": width < 600 }),
        )
        .await?;
        Ok(())
    }

    /// A PNG of the whole page (not only the viewport).
    pub async fn full_screenshot(&self) -> Result<Vec<u8>> {
        use base64::Engine;
        let shot = cdp(
            &self.c,
            "Page.captureScreenshot",
            json!({ "format": "png", "captureBeyondViewport": true }),
        )
        .await?;
        let data = shot["data"].as_str().context("no screenshot data")?;
        Ok(base64::engine::general_purpose::STANDARD.decode(data)?)
    }
}

fn first_line(s: &str) -> &str {
    s.trim().lines().next().unwrap_or("")
}

/// Polls a JavaScript condition for up to 10 s.
pub async fn wait_for(c: &Client, condition: &str, what: &str) -> Result<()> {
    let started = Instant::now();
    let script = format!("return !!({condition})");
    loop {
        if c.execute(&script, Vec::new()).await?.as_bool() == Some(true) {
            return Ok(());
        }
        if started.elapsed() > Duration::from_secs(10) {
            bail!("timed out after 10 s waiting for {what} ({condition})");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// What serves the site: the in-process server, or (`E2E_SERVER=nginx`, set by `cargo xtask
/// test` when nginx is installed) a real nginx with the project's `deploy/nginx.conf`.
pub enum Served {
    InProcess(SiteServer),
    Nginx(testsupport::nginx::Nginx),
}

impl Served {
    pub fn start(site: &Path) -> Result<Served> {
        match std::env::var("E2E_SERVER").as_deref() {
            Ok("nginx") => testsupport::nginx::Nginx::start_project(site)
                .map(Served::Nginx)
                .map_err(|e| anyhow::anyhow!("E2E_SERVER=nginx: {e}")),
            Ok("") | Ok("in-process") | Err(_) => Ok(Served::InProcess(SiteServer::start(site)?)),
            Ok(other) => bail!("E2E_SERVER={other}: expected `nginx` or `in-process`"),
        }
    }

    pub fn origin(&self) -> String {
        match self {
            Served::InProcess(s) => s.origin.clone(),
            Served::Nginx(n) => n.origin(),
        }
    }

    /// The paths the server was asked for since the last call: every request of the page and
    /// its workers reaches it, whatever the browser logs.
    pub fn take_requests(&self) -> Vec<String> {
        match self {
            Served::InProcess(s) => s.take_requests(),
            Served::Nginx(n) => n.take_requests(),
        }
    }
}

/// Runs one browser test: starts the site's server, chromedriver and a session, runs `test`,
/// always closes the session, then fails with the error chain if the test failed.
pub fn run<F, Fut>(test: F)
where
    F: FnOnce(Ctx) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    let tools = Tools::from_env();
    let site = site_dir();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let result: Result<()> = rt.block_on(async {
        let server = std::rc::Rc::new(Served::start(&site)?);
        let browser = Browser::start(&tools)?;
        let c = browser.session().await?;
        let ctx = Ctx {
            c: c.clone(),
            origin: server.origin(),
            site: site.clone(),
            served: Some(server.clone()),
        };
        let out = test(ctx).await;
        let _ = c.close().await;
        drop(browser);
        out
    });
    if let Err(e) = result {
        panic!("{e:#}");
    }
}

/// `target/e2e-artifacts/` (created), where screenshots go.
pub fn artifacts_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let dir = target.join("e2e-artifacts");
    let _ = std::fs::create_dir_all(&dir);
    dir.canonicalize().unwrap_or(dir)
}
