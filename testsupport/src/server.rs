//! A small static server for the built site on 127.0.0.1, with the production headers (all from
//! `site_policy::POLICY`): the Content-Security-Policy, the right Content-Type (`application/wasm` for the wasm), a 301 for
//! a folder asked without its slash, and the site's 404 page for unknown paths.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;

use site_policy::POLICY;
use tiny_http::{Header, Response, Server};

/// A running server; it stops when dropped.
pub struct SiteServer {
    server: Arc<Server>,
    pub origin: String,
    worker: Option<thread::JoinHandle<()>>,
    /// The URL of every request served, until [`SiteServer::take_requests`] takes them.
    log: Arc<Mutex<Vec<String>>>,
}

impl SiteServer {
    /// Serves `root` on a free port of 127.0.0.1.
    pub fn start(root: &Path) -> anyhow::Result<SiteServer> {
        let server = Arc::new(
            Server::http("127.0.0.1:0").map_err(|e| anyhow::anyhow!("static server: {e}"))?,
        );
        let port = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or_else(|| anyhow::anyhow!("static server has no IP address"))?;
        let root = root.to_path_buf();
        let s = Arc::clone(&server);
        let log = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&log);
        // One thread is plenty: the files are small and the browser keeps few connections busy.
        let worker = thread::spawn(move || {
            for request in s.incoming_requests() {
                if let Ok(mut seen) = seen.lock() {
                    seen.push(request.url().to_owned());
                }
                let (status, path, location) = resolve(&root, request.url());
                let url_path = request
                    .url()
                    .split(['?', '#'])
                    .next()
                    .unwrap_or("/")
                    .to_owned();
                let response = match (status, path) {
                    (301, _) => Response::from_data(Vec::new())
                        .with_status_code(301)
                        .with_header(header("Location", &location)),
                    (code, Some(p)) => Response::from_data(std::fs::read(&p).unwrap_or_default())
                        .with_status_code(code)
                        .with_header(header("Content-Type", &content_type(&p))),
                    (code, None) => Response::from_data(b"not found".to_vec())
                        .with_status_code(code)
                        .with_header(header("Content-Type", "text/plain; charset=utf-8")),
                };
                // What production sends (a CSP violation shows in the browser's console log).
                let mut response = response;
                for (name, value) in POLICY.headers_for(&url_path) {
                    response.add_header(header(name, value));
                }
                // The browser may have gone away (a closed session); nothing to do then.
                let _ = request.respond(response);
            }
        });
        Ok(SiteServer {
            server,
            origin: format!("http://127.0.0.1:{port}"),
            worker: Some(worker),
            log,
        })
    }

    /// The URLs requested since the last call, in order.
    pub fn take_requests(&self) -> Vec<String> {
        self.log
            .lock()
            .map(|mut l| std::mem::take(&mut *l))
            .unwrap_or_default()
    }

    /// The absolute URL of a site path such as `/calculator/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }
}

impl Drop for SiteServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header is valid")
}

/// The file a browser gets for a site path (the 404 page for an unknown one).
pub fn file_for(root: &Path, path: &str) -> Option<PathBuf> {
    match resolve(root, path) {
        (301, _, to) => resolve(root, &to).1,
        (_, file, _) => file,
    }
}

/// Status, file to send and redirect target for a request URL (never outside `root`).
fn resolve(root: &Path, url: &str) -> (u16, Option<PathBuf>, String) {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let not_found = || {
        let page = root.join("404.html");
        (404, page.is_file().then_some(page), String::new())
    };
    if path
        .split('/')
        .any(|s| s == ".." || s.contains('%') || s.contains('\\'))
    {
        return not_found();
    }
    let mut file = root.join(path.trim_start_matches('/'));
    if file.is_dir() {
        if !path.ends_with('/') {
            return (301, None, format!("{path}/"));
        }
        file.push("index.html");
    }
    if file.is_file() {
        (200, Some(file), String::new())
    } else {
        not_found()
    }
}

/// Content-Type by extension, from the policy production sends.
pub fn content_type(path: &Path) -> String {
    POLICY.content_type(&path.to_string_lossy())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_inside_the_site_only() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("calculator")).unwrap();
        std::fs::write(root.join("calculator/index.html"), "c").unwrap();
        std::fs::write(root.join("404.html"), "nf").unwrap();
        assert_eq!(
            file_for(root, "/calculator/?a=1"),
            Some(root.join("calculator/index.html"))
        );
        assert_eq!(resolve(root, "/calculator").2, "/calculator/");
        assert_eq!(resolve(root, "/../etc/passwd").0, 404);
        assert_eq!(resolve(root, "/nope/").1, Some(root.join("404.html")));
        assert_eq!(content_type(Path::new("a.wasm")), "application/wasm");
    }
}
