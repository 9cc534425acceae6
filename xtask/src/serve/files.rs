//! Static files from `public/`: URL to path (no escaping the folder), the build's `.br`/`.gz`
//! copies when the client takes them, the 404 page, reload injection.

use super::headers;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use tiny_http::{Header, Request, Response, StatusCode};

/// Injected into every served HTML page; the script opens the live-reload stream.
pub const RELOAD_TAG: &str = r#"<script src="/__dev/reload.js" type="module"></script>"#;

/// What a request path names inside the served folder.
#[derive(Debug, PartialEq)]
pub enum Target {
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect like static hosts do.
    Redirect(String),
    NotFound,
}

/// Maps a request URL to a file under `root`, refusing anything that would leave it.
pub fn resolve(root: &Path, url: &str) -> Target {
    let url = url.split('#').next().unwrap_or("");
    let (path, query) = match url.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (url, None),
    };
    let Some(decoded) = site_policy::percent_decode(path) else {
        return Target::NotFound;
    };
    if !decoded.starts_with('/') {
        return Target::NotFound;
    }
    let mut file = root.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Target::NotFound,
            s if s.contains(['\\', '\0']) => return Target::NotFound,
            s => file.push(s),
        }
    }
    if file.is_dir() {
        if !decoded.ends_with('/') {
            let query = query.map(|q| format!("?{q}")).unwrap_or_default();
            return Target::Redirect(format!("{path}/{query}"));
        }
        file.push("index.html");
    }
    if file.is_file() {
        Target::File(file)
    } else {
        Target::NotFound
    }
}

/// Answers a GET or HEAD for a file in `root` (tiny_http drops the body for HEAD).
pub fn respond(request: Request, root: &Path) {
    let accept = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Accept-Encoding"))
        .map(|h| h.value.as_str().to_string())
        .unwrap_or_default();
    let rules = headers::Rules::load(root);
    let url_path = request.url().split(['?', '#']).next().unwrap_or("");
    // The host-specific header file is not part of the site (nginx answers 404 too).
    let target = match url_path {
        "/_headers" => Target::NotFound,
        _ => resolve(root, request.url()),
    };
    let response = match target {
        Target::File(path) => file_response(&path, 200, &accept, &rules.for_path(url_path)),
        Target::Redirect(location) => with_headers(
            Response::from_data(Vec::new()),
            "text/plain",
            &rules.for_path(url_path),
        )
        .with_status_code(StatusCode(301))
        .with_header(header("Location", &location)),
        // The error page carries the page's headers, as on the real hosts.
        Target::NotFound => not_found(root, &accept, &rules.for_path("/404.html")),
    };
    // The client may have gone away; nothing to do about it.
    let _ = request.respond(response);
}

fn not_found(root: &Path, accept: &str, policy: &[(String, String)]) -> Response<Cursor<Vec<u8>>> {
    let page = root.join("404.html");
    if page.is_file() {
        return file_response(&page, 404, accept, policy);
    }
    // No build yet (or no 404 page): a minimal page that still carries the reload script, so a
    // first build's errors reach the tab and a later good build reloads it.
    let html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
                <title>Not found (dev server)</title></head><body><h1>Not found</h1>\
                <p>Nothing at this path in <code>public/</code>, which has no 404.html either.</p>\
                </body></html>";
    with_headers(
        Response::from_data(inject(html).into_bytes()),
        "text/html; charset=utf-8",
        policy,
    )
    .with_status_code(StatusCode(404))
}

fn file_response(
    path: &Path,
    status: u16,
    accept: &str,
    policy: &[(String, String)],
) -> Response<Cursor<Vec<u8>>> {
    let name = path.to_string_lossy();
    let content_type = site_policy::POLICY.content_type(&name);
    // Pages get the reload script, so they differ from the build's compressed copies: served
    // uncompressed here (everything else is served as the static hosts serve it).
    if content_type.starts_with("text/html") {
        return match std::fs::read(path) {
            Ok(bytes) => {
                let html = inject(&String::from_utf8_lossy(&bytes));
                with_headers(
                    Response::from_data(html.into_bytes()),
                    &content_type,
                    policy,
                )
                .with_status_code(StatusCode(status))
            }
            Err(err) => server_error(path, err),
        };
    }
    // Serve a pre-compressed copy when the build wrote one and the client takes it.
    let mut chosen = (path.to_path_buf(), None);
    for (encoding, ext) in [("br", "br"), ("gzip", "gz")] {
        let candidate = PathBuf::from(format!("{name}.{ext}"));
        if accepts(accept, encoding) && candidate.is_file() {
            chosen = (candidate, Some(encoding));
            break;
        }
    }
    match std::fs::read(&chosen.0) {
        Ok(bytes) => {
            let mut response = with_headers(Response::from_data(bytes), &content_type, policy)
                .with_status_code(StatusCode(status))
                .with_header(header("Vary", "Accept-Encoding"));
            if let Some(encoding) = chosen.1 {
                response.add_header(header("Content-Encoding", encoding));
            }
            response
        }
        Err(err) => server_error(path, err),
    }
}

fn server_error(path: &Path, err: std::io::Error) -> Response<Cursor<Vec<u8>>> {
    let text = format!("could not read {}: {err}", path.display());
    eprintln!("xtask serve: {text}");
    with_headers(
        Response::from_data(text.into_bytes()),
        "text/plain; charset=utf-8",
        &[("Cache-Control".into(), "no-store".into())],
    )
    .with_status_code(StatusCode(500))
}

/// Adds Content-Type and the policy's headers for the path (see [`headers::Rules::for_path`]).
pub fn with_headers<R: std::io::Read>(
    mut response: Response<R>,
    content_type: &str,
    policy: &[(String, String)],
) -> Response<R> {
    response.add_header(header("Content-Type", content_type));
    for (name, value) in policy {
        response.add_header(header(name, value));
    }
    response
}

pub fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("header names and values are ASCII")
}

/// Puts [`RELOAD_TAG`] before `</body>` (or `</html>`), else at the end: minified pages may omit
/// both closing tags, and a script after the last element still runs.
pub fn inject(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let at = lower
        .rfind("</body")
        .or_else(|| lower.rfind("</html"))
        .unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + RELOAD_TAG.len());
    out.push_str(&html[..at]);
    out.push_str(RELOAD_TAG);
    out.push_str(&html[at..]);
    out
}

/// Whether an `Accept-Encoding` value allows `encoding` (an explicit `q=0` refuses it).
fn accepts(accept: &str, encoding: &str) -> bool {
    accept.split(',').any(|part| {
        let mut pieces = part.split(';').map(str::trim);
        let name = pieces.next().unwrap_or("");
        let refused = pieces.any(|p| p.replace(' ', "") == "q=0" || p == "q=0.0");
        name.eq_ignore_ascii_case(encoding) && !refused
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-files-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("calculator")).unwrap();
        std::fs::write(dir.join("index.html"), "<p>home").unwrap();
        std::fs::write(dir.join("calculator/index.html"), "<p>calc").unwrap();
        std::fs::write(dir.join("a b.txt"), "x").unwrap();
        dir
    }

    #[test]
    fn resolves_files_folders_and_redirects() {
        let root = site();
        assert_eq!(resolve(&root, "/"), Target::File(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/calculator/?m=opus#results"),
            Target::File(root.join("calculator/index.html"))
        );
        assert_eq!(
            resolve(&root, "/calculator?m=opus"),
            Target::Redirect("/calculator/?m=opus".into())
        );
        assert_eq!(
            resolve(&root, "/a%20b.txt"),
            Target::File(root.join("a b.txt"))
        );
        assert_eq!(resolve(&root, "/missing/"), Target::NotFound);
    }

    #[test]
    fn never_leaves_the_served_folder() {
        let root = site();
        for url in [
            "/../Cargo.toml",
            "/%2e%2e/x",
            "/calculator/..%2f..%2fetc",
            "/a%5cb",
            "/%zz",
            "x",
        ] {
            assert_eq!(resolve(&root, url), Target::NotFound, "{url}");
        }
    }

    #[test]
    fn injects_reload_script_once_before_body_end() {
        assert_eq!(
            inject("<html><body><p>x</p></BODY></html>"),
            format!("<html><body><p>x</p>{RELOAD_TAG}</BODY></html>")
        );
        assert_eq!(inject("<p>minified"), format!("<p>minified{RELOAD_TAG}"));
    }

    #[test]
    fn accept_encoding_honours_q_zero() {
        assert!(accepts("gzip, deflate, br", "br"));
        assert!(accepts("br;q=0.5", "br"));
        assert!(!accepts("br;q=0, gzip", "br"));
        assert!(!accepts("", "gzip"));
    }
}
