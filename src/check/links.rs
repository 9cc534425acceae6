//! Where a URL found in the output points: a file of the output tree (and maybe an anchor in it),
//! an external address (listed, never fetched), or nothing worth checking. Also the references
//! inside scripts and stylesheets (the wasm the JS glue loads, `url(...)` in CSS) and the sitemap.

use std::collections::BTreeSet;

/// Where a URL leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A file under the output root (`calculator/index.html`), or `None` when nothing is there;
    /// `path` is the URL path as resolved (`/calculator/`), for messages.
    Internal {
        file: Option<String>,
        path: String,
        fragment: Option<String>,
    },
    External(String),
    /// `data:` images, `mailto:` and the like: nothing to resolve.
    Skip,
    /// A scheme that runs code.
    Refused,
}

/// The output tree: every file, relative and `/`-separated.
pub struct Tree {
    pub files: BTreeSet<String>,
    /// The site's base URL without its trailing `/` (`https://x.org`), when known: absolute URLs
    /// under it are internal (canonical, og:url, the sitemap).
    pub base: Option<String>,
}

impl Tree {
    /// Resolves `url` as found in the file `from` (relative path of a page, script or stylesheet).
    pub fn resolve(&self, from: &str, url: &str) -> Target {
        let url = url.trim();
        let lower = url.to_ascii_lowercase();
        let scheme_end = url.find(':').filter(|&i| {
            i > 0
                && url[..i]
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.')
                && !url[..i].contains('/')
        });
        let rest = if let Some(base) = self.base.as_deref().filter(|b| {
            url.starts_with(*b) && matches!(url.as_bytes().get(b.len()), None | Some(b'/'))
        }) {
            let r = &url[base.len()..];
            if r.is_empty() {
                "/".to_owned()
            } else {
                r.to_owned()
            }
        } else if lower.starts_with("javascript:") || lower.starts_with("vbscript:") {
            return Target::Refused;
        } else if lower.starts_with("http://")
            || lower.starts_with("https://")
            || url.starts_with("//")
        {
            return Target::External(url.to_owned());
        } else if scheme_end.is_some() {
            return if lower.starts_with("data:") {
                Target::Skip
            } else {
                // mailto:, tel: and friends go to the external list.
                Target::External(url.to_owned())
            };
        } else {
            url.to_owned()
        };
        let (rest, fragment) = match rest.split_once('#') {
            Some((r, f)) => (r.to_owned(), Some(percent_decode(f))),
            None => (rest, None),
        };
        let rest = rest.split('?').next().unwrap_or_default();
        let from_dir = match from.rfind('/') {
            Some(i) => format!("/{}", &from[..=i]),
            None => "/".to_owned(),
        };
        let path = if rest.is_empty() {
            format!("/{from}")
        } else if rest.starts_with('/') {
            rest.to_owned()
        } else {
            format!("{from_dir}{rest}")
        };
        let path = normalise(&percent_decode(&path));
        let file = self.file_for(&path);
        let shown = if rest.is_empty() && fragment.is_some() {
            // `#x` on the same page: show it as written.
            String::new()
        } else {
            path
        };
        Target::Internal {
            file,
            path: shown,
            fragment,
        }
    }

    /// The file a static server would answer `path` with: `x/` -> `x/index.html`, a file as it
    /// is, a folder without the slash -> its `index.html`.
    fn file_for(&self, path: &str) -> Option<String> {
        let rel = path.trim_start_matches('/');
        let candidates = if rel.is_empty() || rel.ends_with('/') {
            vec![format!("{rel}index.html")]
        } else {
            vec![rel.to_owned(), format!("{rel}/index.html")]
        };
        candidates.into_iter().find(|c| self.files.contains(c))
    }
}

/// Collapses `.` and `..` segments (never above the root).
fn normalise(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segs: Vec<&str> = path.split('/').collect();
    for (i, seg) in segs.iter().enumerate() {
        match *seg {
            "." => {}
            ".." => {
                out.pop();
            }
            "" if i != segs.len() - 1 => {}
            s => out.push(s),
        }
    }
    let tail = if path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..") {
        "/"
    } else {
        ""
    };
    let joined = out.join("/");
    let joined = joined.trim_end_matches('/');
    if joined.is_empty() {
        "/".to_owned()
    } else {
        format!("/{joined}{tail}")
    }
}

/// `%20` -> ` `; a link with a malformed escape stays as written (and then does not resolve).
pub fn percent_decode(s: &str) -> String {
    crate::deploy::policy::percent_decode(s).unwrap_or_else(|| s.to_owned())
}

/// Page URL of an output file: `index.html` -> `/`, `x/index.html` -> `/x/`, `404.html` -> itself.
pub fn page_url(rel: &str) -> String {
    match rel.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{rel}"),
    }
}

/// The module specifiers and `new URL('x', import.meta.url)` files a script loads.
pub fn script_refs(js: &str) -> Vec<String> {
    let mut out = Vec::new();
    for pat in ["import(", "from ", "from", "import "] {
        for (i, _) in js.match_indices(pat) {
            if let Some(s) = quoted(js[i + pat.len()..].trim_start()) {
                if s.starts_with("./") || s.starts_with("../") || s.starts_with('/') {
                    out.push(s.to_owned());
                }
            }
        }
    }
    for (i, _) in js.match_indices("new URL(") {
        let rest = js[i + 8..].trim_start();
        if let Some(s) = quoted(rest) {
            let after = rest[s.len() + 2..].trim_start();
            if after
                .strip_prefix(',')
                .is_some_and(|a| a.trim_start().starts_with("import.meta.url"))
            {
                out.push(s.to_owned());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The `url(...)` references of a stylesheet (fragments and `data:` left to the resolver).
pub fn css_refs(css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in css.match_indices("url(") {
        let rest = &css[i + 4..];
        let Some(end) = rest.find(')') else { continue };
        let v = rest[..end].trim().trim_matches(|c| c == '"' || c == '\'');
        if !v.is_empty() && !v.starts_with('#') {
            out.push(v.to_owned());
        }
    }
    out
}

/// The text of every `<loc>` in a sitemap, entity-decoded.
pub fn sitemap_locs(xml: &str) -> Vec<String> {
    xml.split("<loc>")
        .skip(1)
        .filter_map(|s| s.split_once("</loc>"))
        .map(|(loc, _)| {
            loc.trim()
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&")
        })
        .collect()
}

/// A string literal in `'` or `"` at the start of `s`.
fn quoted(s: &str) -> Option<&str> {
    let q = s.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let body = &s[1..];
    body.find(q).map(|end| &body[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> Tree {
        Tree {
            files: [
                "index.html",
                "calculator/index.html",
                "404.html",
                "assets/a b.css",
                "prices.json",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            base: Some("https://x.org".into()),
        }
    }

    fn file(t: Target) -> Option<String> {
        match t {
            Target::Internal { file, .. } => file,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn resolves_like_a_static_server() {
        let t = tree();
        let f = |from, url| file(t.resolve(from, url));
        assert_eq!(
            f("index.html", "/calculator/"),
            Some("calculator/index.html".into())
        );
        assert_eq!(
            f("index.html", "/calculator"),
            Some("calculator/index.html".into())
        );
        assert_eq!(
            f("calculator/index.html", "../prices.json?x=1"),
            Some("prices.json".into())
        );
        assert_eq!(
            f("calculator/index.html", "./"),
            Some("calculator/index.html".into())
        );
        assert_eq!(
            f("index.html", "/assets/a%20b.css"),
            Some("assets/a b.css".into())
        );
        assert_eq!(f("index.html", "https://x.org/"), Some("index.html".into()));
        assert_eq!(f("index.html", "/prices.jsn"), None);
        assert_eq!(
            t.resolve("calculator/index.html", "#top"),
            Target::Internal {
                file: Some("calculator/index.html".into()),
                path: String::new(),
                fragment: Some("top".into())
            }
        );
    }

    #[test]
    fn sorts_out_external_and_refused() {
        let t = tree();
        assert_eq!(
            t.resolve("index.html", "https://x.org.evil/"),
            Target::External("https://x.org.evil/".into())
        );
        assert_eq!(
            t.resolve("index.html", "mailto:a@b.c"),
            Target::External("mailto:a@b.c".into())
        );
        assert_eq!(
            t.resolve("index.html", "data:image/gif;base64,AA"),
            Target::Skip
        );
        assert_eq!(
            t.resolve("index.html", " JavaScript:alert(1)"),
            Target::Refused
        );
    }

    #[test]
    fn finds_script_css_and_sitemap_references() {
        let js = "import(\"./calculator.1.js\");import x from './y.js';\
                  new URL('calculator_bg.2.wasm', import.meta.url);import('https://cdn/x.js')";
        assert_eq!(
            script_refs(js),
            ["./calculator.1.js", "./y.js", "calculator_bg.2.wasm"]
        );
        assert_eq!(
            css_refs("a{background:url(\"/i.png\")}b{x:url(#f)}"),
            ["/i.png"]
        );
        assert_eq!(
            sitemap_locs("<url><loc>https://x.org/?a=1&amp;b=2</loc></url>"),
            ["https://x.org/?a=1&b=2"]
        );
        assert_eq!(page_url("index.html"), "/");
        assert_eq!(page_url("a/b/index.html"), "/a/b/");
        assert_eq!(page_url("404.html"), "/404.html");
    }
}
