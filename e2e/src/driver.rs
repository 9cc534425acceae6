//! Chromium through chromedriver: one chromedriver process per [`Browser`], headless sessions
//! with a fresh profile, and the two chromedriver endpoints fantoccini has no method for
//! (the browser console log and Chrome DevTools commands).

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

/// Where the browser and driver are, from the environment `cargo xtask test` sets.
pub struct Tools {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

impl Tools {
    /// Fails loudly (never skips) when not run through `cargo xtask test`.
    pub fn from_env() -> Tools {
        Tools {
            chromium: crate::env_path("CHROMIUM"),
            chromedriver: crate::env_path("CHROMEDRIVER"),
        }
    }
}

/// A chromedriver process; killed when dropped.
pub struct Browser {
    child: Child,
    url: String,
    chromium: PathBuf,
    profiles: tempfile::TempDir,
}

impl Browser {
    pub fn start(tools: &Tools) -> Result<Browser> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let child = Command::new(&tools.chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("could not start {}", tools.chromedriver.display()))?;
        Ok(Browser {
            child,
            url: format!("http://127.0.0.1:{port}"),
            chromium: tools.chromium.clone(),
            profiles: tempfile::tempdir()?,
        })
    }

    /// A new headless session with its own profile and the browser log enabled.
    pub async fn session(&self) -> Result<Client> {
        let profile = tempfile::tempdir_in(self.profiles.path())?.keep();
        let caps = json!({
            "browserName": "chrome",
            "goog:loggingPrefs": { "browser": "ALL", "performance": "ALL" },
            "goog:chromeOptions": {
                "binary": self.chromium,
                // The DevTools network events, for the importer's proof that reading a log
                // makes no request (`network_requests`).
                "perfLoggingPrefs": { "enableNetwork": true, "enablePage": false },
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update",
                    "--no-first-run", "--disable-dev-shm-usage", "--window-size=1280,800",
                    format!("--user-data-dir={}", profile.display()),
                ],
            },
        });
        let Value::Object(caps) = caps else {
            unreachable!("capabilities are an object")
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let started = Instant::now();
        // chromedriver needs a moment to listen after its start.
        loop {
            match ClientBuilder::new(connector.clone())
                .capabilities(caps.clone())
                .connect(&self.url)
                .await
            {
                Ok(c) => return Ok(c),
                Err(e) if started.elapsed() > Duration::from_secs(20) => {
                    bail!("no chromedriver session within 20 s: {e}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One console message of the page.
#[derive(Debug, Clone)]
pub struct LogEntry {
    pub level: String,
    pub message: String,
}

#[derive(Debug)]
struct PostJson {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for PostJson {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/{}", session.unwrap_or(""), self.path))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// Console messages logged since the last call (chromedriver's `se/log` endpoint: it drains).
pub async fn browser_log(c: &Client) -> Result<Vec<LogEntry>> {
    let v = c
        .issue_cmd(PostJson {
            path: "se/log",
            body: json!({ "type": "browser" }),
        })
        .await
        .context("reading the browser log")?;
    Ok(v.as_array()
        .map(|a| {
            a.iter()
                .map(|e| LogEntry {
                    level: e["level"].as_str().unwrap_or("").to_string(),
                    message: e["message"].as_str().unwrap_or("").to_string(),
                })
                .collect()
        })
        .unwrap_or_default())
}

/// URLs of the requests the browser sent (page and workers) since the last call: the
/// DevTools `Network.requestWillBeSent` events of chromedriver's performance log (it drains).
pub async fn network_requests(c: &Client) -> Result<Vec<String>> {
    let v = c
        .issue_cmd(PostJson {
            path: "se/log",
            body: json!({ "type": "performance" }),
        })
        .await
        .context("reading the performance log")?;
    let mut urls = Vec::new();
    for e in v.as_array().into_iter().flatten() {
        let Some(text) = e["message"].as_str() else {
            continue;
        };
        let Ok(m) = serde_json::from_str::<Value>(text) else {
            continue;
        };
        if m["message"]["method"] == "Network.requestWillBeSent" {
            urls.push(
                m["message"]["params"]["request"]["url"]
                    .as_str()
                    .unwrap_or("?")
                    .to_owned(),
            );
        }
    }
    Ok(urls)
}

/// Runs a Chrome DevTools Protocol command and returns its result.
pub async fn cdp(c: &Client, cmd: &str, params: Value) -> Result<Value> {
    c.issue_cmd(PostJson {
        path: "goog/cdp/execute",
        body: json!({ "cmd": cmd, "params": params }),
    })
    .await
    .with_context(|| format!("DevTools command {cmd}"))
}
