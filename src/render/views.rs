//! One askama view per page kind (`page`, `article`), sharing the head and site chrome.

use askama::Template;

use crate::diag::Diagnostic;
use crate::load::content::Template as Kind;
use crate::load::Page;
use crate::refs::updated;
use crate::render::markdown::TocEntry;
use crate::render::{seo, Body, Ctx};

/// What `<head>` and the site chrome show.
pub struct Head {
    pub lang: String,
    pub title: String,
    pub page_title: String,
    pub description: String,
    pub canonical: String,
    pub site_title: String,
    pub og_type: &'static str,
    pub css: String,
    /// `/favicon.svg` when `static/favicon.svg` exists, so a content tree without one links none.
    pub favicon: Option<&'static str>,
    pub scripts: Vec<String>,
    pub updated_iso: String,
    pub updated_long: String,
    pub nav: Vec<NavItem>,
    pub noindex: bool,
    /// The `<meta>` CSP, rendered from the one header policy (for hosts that send no header).
    pub csp: String,
}

pub struct NavItem {
    pub url: String,
    pub title: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "page.html")]
struct PageView<'a> {
    head: &'a Head,
    body: &'a str,
}

#[derive(Template)]
#[template(path = "article.html")]
struct ArticleView<'a> {
    head: &'a Head,
    body: &'a str,
    toc: &'a [TocEntry],
}

/// What every page's head and chrome share, worked out once per build rather than once per page
/// (the menu alone meant a pass over every page for every page).
pub struct Chrome {
    nav: Vec<NavItem>,
    csp: String,
    updated_iso: String,
    updated_long: String,
    favicon: Option<&'static str>,
}

impl Chrome {
    pub fn new(cx: &Ctx) -> Self {
        let up = updated(cx.d);
        Self {
            nav: nav(cx),
            csp: crate::deploy::POLICY.csp_meta(),
            updated_iso: up.iso(),
            updated_long: up.long(),
            favicon: cx
                .assets
                .files
                .contains_key("favicon.svg")
                .then_some("/favicon.svg"),
        }
    }
}

/// The site menu: the top-level pages (`/` and `/x/`), so a deep content tree does not put every
/// page into every page's menu (which made output grow with the square of the page count).
fn nav(cx: &Ctx) -> Vec<NavItem> {
    let top_level = |p: &&Page| !p.url.trim_matches('/').contains('/');
    let mut pages: Vec<&Page> =
        cx.d.pages
            .iter()
            .filter(|p| !p.is_404())
            .filter(top_level)
            .collect();
    // Home first, then by URL: stable whatever the walk order.
    pages.sort_by_key(|p| (p.url != "/", p.url.clone()));
    pages
        .into_iter()
        .map(|p| NavItem {
            url: p.url.clone(),
            title: nav_label(p),
            current: false,
        })
        .collect()
}

/// The short name a page goes by in the site menu: its title up to the first colon
/// ("Benchmarks: every measured number" -> "Benchmarks"); the home page is "Comparison".
fn nav_label(p: &Page) -> String {
    if p.url == "/" {
        return "Comparison".to_owned();
    }
    p.front
        .title
        .split(':')
        .next()
        .unwrap_or(&p.front.title)
        .trim()
        .to_owned()
}

pub fn page(cx: &Ctx, chrome: &Chrome, page: &Page, body: &Body) -> Result<String, Diagnostic> {
    let site = &cx.d.site;
    let mut scripts = Vec::new();
    if body.calculator {
        if let Some(boot) = cx.assets.js.get("calculator-boot") {
            scripts.push(boot.clone());
        }
    }
    if body.importer {
        if let Some(boot) = cx.assets.js.get("reprice-boot") {
            scripts.push(boot.clone());
        }
    }
    let head = Head {
        csp: chrome.csp.clone(),
        lang: site.language.clone(),
        title: if page.url == "/" {
            page.front.title.clone()
        } else {
            format!("{} · {}", page.front.title, site.title)
        },
        page_title: page.front.title.clone(),
        description: page.front.description.clone(),
        canonical: seo::canonical(cx, &page.url),
        site_title: site.title.clone(),
        og_type: if page.front.template == Kind::Article {
            "article"
        } else {
            "website"
        },
        css: cx.assets.css.clone(),
        favicon: chrome.favicon,
        scripts,
        updated_iso: chrome.updated_iso.clone(),
        updated_long: chrome.updated_long.clone(),
        nav: chrome
            .nav
            .iter()
            .map(|item| NavItem {
                url: item.url.clone(),
                title: item.title.clone(),
                current: item.url == page.url,
            })
            .collect(),
        noindex: page.is_404(),
    };
    let r = match page.front.template {
        Kind::Article => ArticleView {
            head: &head,
            body: &body.html,
            toc: &body.toc,
        }
        .render(),
        Kind::Page => PageView {
            head: &head,
            body: &body.html,
        }
        .render(),
    };
    r.map_err(|e| Diagnostic::file(&page.file, format!("template error: {e}")))
}
