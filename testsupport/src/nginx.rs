//! Runs the project's nginx server block over a built site on a free port of 127.0.0.1, as a
//! foreground process with its configuration, pid file and logs in a scratch folder. For the
//! tests and the benchmark.

use std::fmt::Write as _;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A running nginx; stopped (and its scratch folder removed) when dropped.
pub struct Nginx {
    child: Child,
    dir: PathBuf,
    /// `127.0.0.1:<port>`
    pub addr: String,
    /// Whether the brotli static module was loaded (else the block's `brotli_static` lines were
    /// left out and only `.gz` copies are served).
    pub brotli: bool,
    /// Bytes of the access log already returned by [`Nginx::take_requests`].
    requests_seen: std::cell::Cell<usize>,
}

/// The repository's server block, `deploy/nginx.conf` (rendered from the policy by the
/// generator and kept fresh by `tests/deploy.rs`).
pub fn project_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy/nginx.conf")
}

impl Nginx {
    /// `http://127.0.0.1:<port>`
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Serves `site` with the repository's `deploy/nginx.conf`.
    pub fn start_project(site: &Path) -> Result<Nginx, String> {
        let file = project_file();
        let block = std::fs::read_to_string(&file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        Nginx::start(&block, site)
    }

    /// Serves `site` with `server_block`, whose `listen` and `root` lines are replaced.
    pub fn start(server_block: &str, site: &Path) -> Result<Nginx, String> {
        let exe = find().ok_or_else(|| NOT_FOUND.to_owned())?;
        let site = site
            .canonicalize()
            .map_err(|e| format!("site folder {}: {e}", site.display()))?;
        let module = brotli_module(&exe);
        let mut last = String::new();
        // A port found free can be taken before nginx binds it: try a few.
        for _ in 0..3 {
            let port = free_port().map_err(|e| format!("no free port: {e}"))?;
            let dir = scratch_dir()?;
            let block = adapt(server_block, port, &site, module.is_some())?;
            std::fs::write(dir.join("site.conf"), block).map_err(|e| e.to_string())?;
            std::fs::write(dir.join("nginx.conf"), main_conf(&dir, module.as_deref()))
                .map_err(|e| e.to_string())?;
            let child = Command::new(&exe)
                .arg("-p")
                .arg(&dir)
                .arg("-c")
                .arg(dir.join("nginx.conf"))
                .arg("-e")
                .arg(dir.join("error.log"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
            let mut nginx = Nginx {
                child,
                dir,
                addr: format!("127.0.0.1:{port}"),
                brotli: module.is_some(),
                requests_seen: std::cell::Cell::new(0),
            };
            match nginx.wait_ready() {
                Ok(()) => return Ok(nginx),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    fn wait_ready(&mut self) -> Result<(), String> {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(status)) = self.child.try_wait() {
                let mut err = String::new();
                if let Some(mut e) = self.child.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut e, &mut err);
                }
                let log = std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default();
                return Err(format!(
                    "nginx exited ({status}) before serving:\n{err}{log}"
                ));
            }
            if TcpStream::connect(&self.addr).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Err(format!("nginx did not listen on {} within 10 s", self.addr))
    }

    /// The paths requested since the last call, from the access log (`"GET /path HTTP/1.1"`).
    pub fn take_requests(&self) -> Vec<String> {
        let log = std::fs::read_to_string(self.dir.join("access.log")).unwrap_or_default();
        let seen = self.requests_seen.replace(log.len());
        log.get(seen..)
            .unwrap_or("")
            .lines()
            .filter_map(|l| l.split('"').nth(1)?.split(' ').nth(1).map(str::to_owned))
            .collect()
    }

    /// nginx's error log so far (for failure messages).
    pub fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // One process (master_process off): killing it stops the server.
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What to say when nginx is not installed.
pub const NOT_FOUND: &str = "nginx not found (Debian: apt-get install nginx \
                             libnginx-mod-http-brotli-static; `.ci/run` installs both)";

/// The nginx executable: on `PATH`, else `/usr/sbin/nginx` (not on a normal user's `PATH`).
pub fn find() -> Option<PathBuf> {
    crate::which("nginx", &["/usr/sbin", "/usr/local/sbin"])
}

/// `load_module <path>;` for the brotli static module when it is installed as a dynamic
/// module; `Some("")` when it is compiled in; `None` when it is missing.
pub fn brotli_module(exe: &Path) -> Option<String> {
    let out = Command::new(exe).arg("-V").output().ok()?;
    let info = String::from_utf8_lossy(&out.stderr).into_owned();
    if info.contains("brotli") {
        return Some(String::new());
    }
    let modules = info
        .split_whitespace()
        .find_map(|a| a.strip_prefix("--modules-path="))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/lib/nginx/modules"));
    let so = modules.join("ngx_http_brotli_static_module.so");
    so.is_file().then(|| format!("load_module {};", quote(&so)))
}

fn quote(p: &Path) -> String {
    format!("\"{}\"", p.display().to_string().replace('"', "\\\""))
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn scratch_dir() -> Result<PathBuf, String> {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "sitegen-nginx-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("tmp"))
        .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}

/// The server block with one `listen 127.0.0.1:<port>`, `root <site>`, and without
/// `brotli_static` when the module is missing. Everything else is the project's text.
pub fn adapt(block: &str, port: u16, site: &Path, brotli: bool) -> Result<String, String> {
    let (mut listen, mut root) = (false, false);
    let mut out = String::new();
    for line in block.lines() {
        let t = line.trim_start();
        let indent = &line[..line.len() - t.len()];
        if t.starts_with("listen ") {
            if !listen {
                let _ = writeln!(out, "{indent}listen 127.0.0.1:{port};");
                listen = true;
            }
        } else if t.starts_with("root ") {
            let _ = writeln!(out, "{indent}root {};", quote(site));
            root = true;
        } else if !brotli && t.starts_with("brotli_static ") {
            continue;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !listen || !root {
        return Err("the server block needs a `listen` and a `root` line".into());
    }
    Ok(out)
}

fn main_conf(dir: &Path, module: Option<&str>) -> String {
    let tmp = |name: &str| quote(&dir.join("tmp").join(name));
    format!(
        "# Test harness around the project's server block (site.conf).\n\
         {}\n\
         daemon off;\nmaster_process off;\nworker_processes 1;\n\
         pid {};\n\
         events {{\n    worker_connections 256;\n}}\n\
         http {{\n    access_log {};\n    sendfile on;\n\
         \x20   client_body_temp_path {};\n    proxy_temp_path {};\n    fastcgi_temp_path {};\n\
         \x20   uwsgi_temp_path {};\n    scgi_temp_path {};\n\
         \x20   include {};\n}}\n",
        module.unwrap_or(""),
        quote(&dir.join("nginx.pid")),
        quote(&dir.join("access.log")),
        tmp("body"),
        tmp("proxy"),
        tmp("fastcgi"),
        tmp("uwsgi"),
        tmp("scgi"),
        quote(&dir.join("site.conf")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adapt_replaces_listen_and_root_only() {
        let block = "server {\n    listen 80;\n    listen [::]:80;\n    root /x;\n    brotli_static on;\n    gzip_static on;\n}\n";
        let out = adapt(block, 8123, Path::new("/srv/a b"), false).unwrap();
        assert_eq!(
            out,
            "server {\n    listen 127.0.0.1:8123;\n    root \"/srv/a b\";\n    gzip_static on;\n}\n"
        );
        assert!(adapt("server {\n}\n", 1, Path::new("/"), true).is_err());
    }
}
