//! The response headers of the dev server: Cache-Control and the security headers come from the
//! `_headers` file the build writes into the served folder (rendered from the generator's one
//! policy, `policy/src/lib.rs`), read as Netlify and Cloudflare Pages read it, so a local
//! response carries what readers get. Content types come from the policy's table itself.

use std::path::Path;

/// The rules of a `_headers` file, in file order: URL pattern -> headers.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Rules(Vec<(String, Vec<(String, String)>)>);

/// Used when no rule sets Cache-Control (dev endpoints, or before the first build).
const DEFAULT_CACHE: &str = site_policy::REVALIDATE;

impl Rules {
    /// Parses `_headers`: a rule is a line starting with `/`, its headers the indented
    /// `Name: value` lines under it; `#` starts a comment.
    pub fn parse(text: &str) -> Rules {
        let mut rules: Vec<(String, Vec<(String, String)>)> = Vec::new();
        for line in text.lines() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if !line.starts_with([' ', '\t']) {
                rules.push((trimmed.to_string(), Vec::new()));
            } else if let (Some((_, headers)), Some((name, value))) =
                (rules.last_mut(), trimmed.split_once(':'))
            {
                headers.push((name.trim().to_string(), value.trim().to_string()));
            }
        }
        Rules(rules)
    }

    /// The served folder's `_headers`; no rules when there is none yet.
    pub fn load(root: &Path) -> Rules {
        std::fs::read_to_string(root.join("_headers"))
            .map(|text| Rules::parse(&text))
            .unwrap_or_default()
    }

    /// The headers for a URL path: every matching rule in order (`/x/*` matches by prefix,
    /// anything else exactly); a later value of a header replaces an earlier one.
    pub fn for_path(&self, path: &str) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for (pattern, headers) in &self.0 {
            let matches = match pattern.strip_suffix('*') {
                Some(prefix) => path.starts_with(prefix),
                None => path == pattern,
            };
            if !matches {
                continue;
            }
            for (name, value) in headers {
                out.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
                out.push((name.clone(), value.clone()));
            }
        }
        if !out
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("Cache-Control"))
        {
            out.push(("Cache-Control".into(), DEFAULT_CACHE.into()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The parser's semantics on made-up headers: the real values live in the policy alone.
    const FILE: &str = "# comment\n/*\n  X-All: every path\n  X-Over: from /*\n/assets/*\n  Cache-Control: assets\n  X-Over: from /assets/*\n/\n  Cache-Control: root\n/calculator/\n  Cache-Control: calculator\n";

    fn get<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn headers_per_path_as_static_hosts_apply_them() {
        let rules = Rules::parse(FILE);
        let asset = rules.for_path("/assets/style.0123456789.css");
        assert_eq!(get(&asset, "Cache-Control"), Some("assets"));
        assert_eq!(get(&asset, "X-All"), Some("every path"));
        // A later rule's value replaces an earlier one.
        assert_eq!(get(&asset, "X-Over"), Some("from /assets/*"));
        let page = rules.for_path("/calculator/");
        assert_eq!(get(&page, "Cache-Control"), Some("calculator"));
        // Exact rules do not match longer paths; then the policy's revalidation applies.
        let other = rules.for_path("/calculator/x");
        assert_eq!(get(&other, "Cache-Control"), Some(DEFAULT_CACHE));
        assert_eq!(other.len(), 3);
    }

    #[test]
    fn no_file_means_no_policy_headers_but_revalidation() {
        let rules = Rules::load(Path::new("/nonexistent-folder"));
        assert_eq!(
            rules.for_path("/"),
            [("Cache-Control".to_string(), DEFAULT_CACHE.to_string())]
        );
    }
}
