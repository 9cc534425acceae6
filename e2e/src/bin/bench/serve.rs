//! Edit to reload under `cargo xtask serve`: the time from saving a file to the open tab having
//! loaded the rebuilt page, for a YAML price and for a Markdown paragraph.
//!
//! The dev server watches this repository's own folders, so the bench edits the real
//! `data/pricing.yaml` and `content/index.md` and puts their text back afterwards (also when a
//! step fails). The saved-at time is the wall clock just before the write; the reloaded-at time
//! is the tab's own `performance.timeOrigin` plus its `loadEventEnd`, on the same clock.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context, Result};
use e2e::{Browser, Tools};
use serde_json::Value;

/// A file's text, put back when dropped.
struct Restore {
    path: PathBuf,
    text: String,
}

impl Restore {
    fn new(path: PathBuf) -> Result<Self> {
        let text = std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
        Ok(Self { path, text })
    }
}

impl Drop for Restore {
    fn drop(&mut self) {
        if std::fs::write(&self.path, &self.text).is_err() {
            eprintln!("bench: could not restore {}", self.path.display());
        }
    }
}

/// The `cargo xtask serve` process group, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        // SAFETY: kill(2) on the group this bench started; no memory is involved.
        unsafe { libc::kill(-(self.0.id() as i32), libc::SIGTERM) };
        let _ = self.0.wait();
    }
}

fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// Saved-to-loaded milliseconds of each edit, and of that the tab's own reload (navigation
/// start to its load event), so the rest is the watcher, the build and the event to the tab.
pub struct Reload {
    pub yaml: Vec<f64>,
    pub markdown: Vec<f64>,
    pub yaml_reload: Vec<f64>,
    pub markdown_reload: Vec<f64>,
}

pub fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

pub fn edit_to_reload(root: &Path, tools: &Tools, edits: usize) -> Result<Reload> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let log_path = std::env::temp_dir().join("bench-serve.log");
    let log = std::fs::File::create(&log_path)?;
    let child = {
        use std::os::unix::process::CommandExt;
        Command::new(cargo)
            .current_dir(root)
            .args(["xtask", "serve", "--port", &port.to_string()])
            .stdout(Stdio::from(log.try_clone()?))
            .stderr(Stdio::from(log))
            .process_group(0)
            .spawn()
            .context("starting cargo xtask serve")?
    };
    let _server = Server(child);
    let origin = format!("http://127.0.0.1:{port}");
    wait_until_served(&origin, &log_path)?;
    let pricing = Restore::new(root.join("data/pricing.yaml"))?;
    let article = Restore::new(root.join("content/index.md"))?;
    let chrome = Browser::start(tools)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let c = chrome.session().await?;
        c.goto(&format!("{origin}/")).await?;
        let mut reload = Reload {
            yaml: Vec::new(),
            markdown: Vec::new(),
            yaml_reload: Vec::new(),
            markdown_reload: Vec::new(),
        };
        // Once without counting: the first rebuild also warms the disk cache.
        for round in 0..=edits {
            let edited = bump_first_price(&pricing.text, round)?;
            let t = timed_edit(&c, &pricing.path, &edited, None).await?;
            let marker = format!("Edit-to-reload probe {round}.");
            let md = format!("{}\n{marker}\n", article.text);
            let m = timed_edit(&c, &article.path, &md, Some(&marker)).await?;
            if round > 0 {
                reload.yaml.push(t.0);
                reload.yaml_reload.push(t.1);
                reload.markdown.push(m.0);
                reload.markdown_reload.push(m.1);
            }
        }
        let _ = c.close().await;
        Ok::<_, anyhow::Error>(reload)
    })
}

/// The first `input_mtok:` value of `pricing.yaml`, plus 0.01 or 0.02 by round (a real edit
/// every time, and always a valid price).
fn bump_first_price(text: &str, round: usize) -> Result<String> {
    let Some(at) = text.find("input_mtok:") else {
        bail!("no input_mtok in pricing.yaml")
    };
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let value: f64 = text[at + "input_mtok:".len()..end]
        .trim()
        .parse()
        .context("input_mtok is not a number")?;
    let new = value + 0.01 * (1 + round % 2) as f64;
    Ok(format!(
        "{}input_mtok: {new:.2}{}",
        &text[..at],
        &text[end..]
    ))
}

/// Until the first build is done (serve prints "serving ... (watching ...") and a page loads.
fn wait_until_served(origin: &str, log: &Path) -> Result<()> {
    let started = Instant::now();
    let addr = origin.trim_start_matches("http://").to_owned();
    loop {
        let built = std::fs::read_to_string(log).is_ok_and(|l| l.contains("(watching "));
        if built {
            if let Ok(r) = testsupport::http::get(&addr, "/", None) {
                if r.status == 200 {
                    return Ok(());
                }
            }
        }
        if started.elapsed() > Duration::from_secs(900) {
            bail!(
                "cargo xtask serve did not finish its first build within 15 minutes (log: {})",
                log.display()
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Writes `text` to `path` and waits for the tab to load a page built after the write (and
/// showing `expect`, if given); returns saved-to-loaded milliseconds and the reload's own.
async fn timed_edit(
    c: &fantoccini::Client,
    path: &Path,
    text: &str,
    expect: Option<&str>,
) -> Result<(f64, f64)> {
    // Let the previous reload settle, so this edit starts from a quiet server and tab.
    tokio::time::sleep(Duration::from_millis(400)).await;
    let saved = now_ms();
    std::fs::write(path, text)?;
    let started = Instant::now();
    let probe = "const n = performance.getEntriesByType('navigation')[0];\
                 return [performance.timeOrigin, n ? n.loadEventEnd : 0, \
                         document.body ? document.body.innerText.includes(arguments[0]) : false];";
    loop {
        let arg = Value::from(expect.unwrap_or(""));
        if let Ok(Value::Array(v)) = c.execute(probe, vec![arg]).await {
            let origin = v[0].as_f64().unwrap_or(0.0);
            let loaded = v[1].as_f64().unwrap_or(0.0);
            if origin > saved && loaded > 0.0 && v[2].as_bool() == Some(true) {
                return Ok((origin + loaded - saved, loaded));
            }
        }
        if started.elapsed() > Duration::from_secs(60) {
            bail!(
                "the tab did not reload within a minute of editing {}",
                path.display()
            );
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
