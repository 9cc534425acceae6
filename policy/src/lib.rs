//! The one HTTP response policy of the site: Content-Type per extension, Cache-Control per path,
//! the security headers, and how a URL path is decoded into a file name. Every copy is rendered
//! from here: `_headers` (Netlify, Cloudflare Pages) and `deploy/nginx.conf` by the generator, the
//! CSP `<meta>` of every page, the xtask's dev server (from `_headers` and this table), the
//! browser tests' static server; the nginx tests compare real responses against it. A tidy test
//! (`xtask/src/tidy.rs`) fails when a header value is written anywhere else.

/// How long a response may be reused, chosen by the first rule whose prefix the URL path has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheRule<'a> {
    /// URL path prefix (`/assets/`); `/` matches everything.
    pub prefix: &'a str,
    pub cache_control: &'a str,
}

/// A file type: extension, MIME type, and whether `; charset=utf-8` follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileType<'a> {
    pub ext: &'a str,
    pub mime: &'a str,
    pub utf8: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct Policy<'a> {
    /// Sent with every response, error pages included.
    pub security: &'a [(&'a str, &'a str)],
    /// First match wins; the last rule should be `/`.
    pub cache: &'a [CacheRule<'a>],
    pub types: &'a [FileType<'a>],
    /// The type of any other extension.
    pub default_type: &'a str,
}

/// Content-hashed names change whenever their bytes do: a year, never revalidated.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Pages, the sitemap, robots.txt and the price data keep their URL: always revalidate (a cheap
/// 304 while unchanged), so a price correction reaches readers at once.
pub const REVALIDATE: &str = "no-cache";

/// The site's policy.
pub const POLICY: Policy<'static> = Policy {
    security: &[
        // Scripts and styles come only from our files (no inline code); the calculator's wasm
        // needs 'wasm-unsafe-eval' to compile. The CSV/JSON downloads are `data:` links, which
        // CSP does not govern (a download, not a fetch), and the pages load no images: img-src
        // needs nothing beyond 'self'.
        (
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
        ),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        // Features the site never uses, refused for it and anything it could be made to embed.
        (
            "Permissions-Policy",
            "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), \
             microphone=(), payment=(), usb=()",
        ),
    ],
    cache: &[
        CacheRule {
            prefix: "/assets/",
            cache_control: IMMUTABLE,
        },
        CacheRule {
            prefix: "/",
            cache_control: REVALIDATE,
        },
    ],
    types: &[
        FileType {
            ext: "html",
            mime: "text/html",
            utf8: true,
        },
        FileType {
            ext: "css",
            mime: "text/css",
            utf8: true,
        },
        FileType {
            ext: "js",
            mime: "text/javascript",
            utf8: true,
        },
        FileType {
            ext: "mjs",
            mime: "text/javascript",
            utf8: true,
        },
        FileType {
            ext: "wasm",
            mime: "application/wasm",
            utf8: false,
        },
        FileType {
            ext: "json",
            mime: "application/json",
            utf8: false,
        },
        FileType {
            ext: "webmanifest",
            mime: "application/manifest+json",
            utf8: false,
        },
        FileType {
            ext: "xml",
            mime: "application/xml",
            utf8: true,
        },
        FileType {
            ext: "svg",
            mime: "image/svg+xml",
            utf8: false,
        },
        FileType {
            ext: "txt",
            mime: "text/plain",
            utf8: true,
        },
        FileType {
            ext: "ico",
            mime: "image/x-icon",
            utf8: false,
        },
        FileType {
            ext: "png",
            mime: "image/png",
            utf8: false,
        },
        FileType {
            ext: "jpg",
            mime: "image/jpeg",
            utf8: false,
        },
        FileType {
            ext: "webp",
            mime: "image/webp",
            utf8: false,
        },
        FileType {
            ext: "avif",
            mime: "image/avif",
            utf8: false,
        },
        FileType {
            ext: "woff2",
            mime: "font/woff2",
            utf8: false,
        },
    ],
    default_type: "application/octet-stream",
};

/// Directives a `<meta http-equiv>` CSP may not carry (browsers ignore them there and warn).
const HEADER_ONLY_DIRECTIVES: &[&str] = &["frame-ancestors", "report-uri", "sandbox"];

impl<'a> Policy<'a> {
    /// The Content-Security-Policy header's value.
    pub fn csp(&self) -> &'a str {
        self.security
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("Content-Security-Policy"))
            .map_or("", |(_, v)| v)
    }

    /// The CSP for a page's `<meta http-equiv="Content-Security-Policy">`, for hosts that send no
    /// CSP header (GitHub Pages): the header's directives minus those a `<meta>` cannot carry.
    pub fn csp_meta(&self) -> String {
        self.csp()
            .split(';')
            .map(str::trim)
            .filter(|d| {
                let name = d.split_whitespace().next().unwrap_or("");
                !d.is_empty() && !HEADER_ONLY_DIRECTIVES.contains(&name)
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Cache-Control for a URL path.
    pub fn cache_control(&self, url_path: &str) -> &'a str {
        self.cache
            .iter()
            .find(|r| url_path.starts_with(r.prefix))
            .map_or(REVALIDATE, |r| r.cache_control)
    }

    /// The full Content-Type for a file name, by extension (case-insensitive).
    pub fn content_type(&self, file: &str) -> String {
        let ext = file.rsplit_once('.').map_or("", |(_, e)| e);
        match self.types.iter().find(|t| t.ext.eq_ignore_ascii_case(ext)) {
            Some(t) if t.utf8 => format!("{}; charset=utf-8", t.mime),
            Some(t) => t.mime.to_owned(),
            None => self.default_type.to_owned(),
        }
    }

    /// Every header the policy fixes for a response to `url_path`: Cache-Control, then the
    /// security headers.
    pub fn headers_for(&self, url_path: &str) -> Vec<(&'a str, &'a str)> {
        let mut out = vec![("Cache-Control", self.cache_control(url_path))];
        out.extend_from_slice(self.security);
        out
    }

    /// Differences between a response and the policy, each naming the request and the header.
    /// `file` is the file the response should carry (for its Content-Type); `headers` as
    /// received (names in any case).
    pub fn check(
        &self,
        request: &str,
        url_path: &str,
        file: &str,
        headers: &[(String, String)],
    ) -> Vec<String> {
        let get = |name: &str| {
            let values: Vec<&str> = headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
                .collect();
            values
        };
        let mut wrong = Vec::new();
        let mut expect = |name: &str, want: &str| match get(name).as_slice() {
            [] => wrong.push(format!(
                "{request}: header `{name}` is missing, the policy says `{want}`"
            )),
            [got] if *got == want => {}
            got => wrong.push(format!(
                "{request}: header `{name}` is `{}`, the policy says `{want}`",
                got.join("` + `")
            )),
        };
        expect("Content-Type", &self.content_type(file));
        for (name, value) in self.headers_for(url_path) {
            expect(name, value);
        }
        wrong
    }
}

/// Decodes a URL path's `%XX` escapes; `None` for a malformed escape or a result that is not
/// UTF-8 (a server answers 404, a link check reports the link).
pub fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_is_strict() {
        assert_eq!(percent_decode("/a%20b/").as_deref(), Some("/a b/"));
        assert_eq!(percent_decode("/%C3%A9").as_deref(), Some("/é"));
        assert_eq!(percent_decode("/%2"), None);
        assert_eq!(percent_decode("/%+1"), None);
        assert_eq!(percent_decode("/%FF"), None);
    }

    #[test]
    fn meta_csp_is_the_header_without_header_only_directives() {
        let meta = POLICY.csp_meta();
        assert!(POLICY.csp().contains("frame-ancestors 'none'"));
        assert!(!meta.contains("frame-ancestors"), "{meta}");
        for d in meta.split("; ") {
            assert!(POLICY.csp().contains(d), "{d} is not in the header");
        }
        assert!(meta.starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"));
    }

    #[test]
    fn assets_are_immutable_and_everything_else_revalidates() {
        assert_eq!(
            POLICY.cache_control("/assets/style.0123456789.css"),
            IMMUTABLE
        );
        for path in [
            "/",
            "/calculator/",
            "/sitemap.xml",
            "/robots.txt",
            "/prices.json",
        ] {
            assert_eq!(POLICY.cache_control(path), REVALIDATE, "{path}");
        }
    }

    #[test]
    fn types_by_extension() {
        assert_eq!(
            POLICY.content_type("a/calculator_bg.1.wasm"),
            "application/wasm"
        );
        assert_eq!(
            POLICY.content_type("index.HTML"),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            POLICY.content_type("x.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(POLICY.content_type("README"), "application/octet-stream");
    }

    #[test]
    fn csp_allows_wasm_and_nothing_inline() {
        let csp = POLICY.security[0];
        assert_eq!(csp.0, "Content-Security-Policy");
        assert!(csp.1.contains("script-src 'self' 'wasm-unsafe-eval'"));
        assert!(csp.1.contains("frame-ancestors 'none'"));
        assert!(!csp.1.contains("unsafe-inline"));
    }

    #[test]
    fn check_names_request_and_header() {
        let mut headers: Vec<(String, String)> = POLICY
            .headers_for("/")
            .into_iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), v.to_owned()))
            .collect();
        headers.push(("content-type".into(), "text/html; charset=utf-8".into()));
        assert_eq!(
            POLICY.check("GET /", "/", "index.html", &headers),
            Vec::<String>::new()
        );
        headers.retain(|(n, _)| n != "referrer-policy");
        headers.push(("cache-control".into(), "max-age=60".into()));
        let wrong = POLICY.check("GET /", "/", "index.html", &headers);
        assert_eq!(
            wrong,
            [
                "GET /: header `Cache-Control` is `no-cache` + `max-age=60`, the policy says `no-cache`",
                "GET /: header `Referrer-Policy` is missing, the policy says `strict-origin-when-cross-origin`",
            ]
        );
    }
}
