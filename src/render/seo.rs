//! Files for search engines: `sitemap.xml` (every page but the 404) and `robots.txt`.

use crate::refs::updated;
use crate::render::{esc, Ctx};

pub fn canonical(cx: &Ctx, url: &str) -> String {
    format!("{}{url}", cx.d.site.base_url.0.trim_end_matches('/'))
}

pub fn sitemap(cx: &Ctx) -> String {
    let lastmod = updated(cx.d).iso();
    let mut urls: Vec<&str> =
        cx.d.pages
            .iter()
            .filter(|p| !p.is_404())
            .map(|p| p.url.as_str())
            .collect();
    urls.sort_unstable();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for u in urls {
        out.push_str(&format!(
            "  <url><loc>{}</loc><lastmod>{lastmod}</lastmod></url>\n",
            esc(&canonical(cx, u))
        ));
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(cx: &Ctx) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        canonical(cx, "/sitemap.xml")
    )
}
