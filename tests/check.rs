//! `sitegen check` on built sites: the fixture and the real site pass; each planted fault (broken
//! link, missing anchor, missing asset, two h1s, no description, malformed HTML, a page missing
//! from the sitemap) fails naming the page; stale facts warn with file, line and source.

mod common;
use common::Site;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use sitegen::check::{self, Level, Options, Report};
use sitegen::load::types::Date;

/// A stand-in for the wasm-bindgen output: glue that loads its wasm the way the real glue does.
fn fake_wasm(dir: &Path) -> PathBuf {
    let w = dir.join("wasm");
    fs::create_dir_all(&w).unwrap();
    fs::write(
        w.join("calculator.js"),
        "export default function init() { return new URL('calculator_bg.wasm', import.meta.url); }\n",
    )
    .unwrap();
    fs::write(w.join("calculator_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    w
}

fn built(site: Site) -> Site {
    let wasm = fake_wasm(site.tmp.path());
    sitegen::build(&sitegen::BuildOptions {
        wasm_dir: Some(wasm),
        ..sitegen::BuildOptions::new(&site.root, site.out())
    })
    .unwrap_or_else(|e| panic!("{e:?}"));
    site
}

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn check_on(site: &Site, today: &str, max_age_days: u32) -> Report {
    check::run(&Options {
        root: site.root.clone(),
        out: site.out(),
        out_label: "public".into(),
        max_age_days,
        today: date(today),
    })
}

/// The error headlines after the fixture's fixture date (nothing stale).
fn errors(site: &Site) -> Vec<String> {
    check_on(site, "2026-10-03", 90).headlines(Level::Error)
}

/// Replaces the one occurrence of `from` in the built file `rel`.
fn plant(site: &Site, rel: &str, from: &str, to: &str) {
    let path = site.out().join(rel);
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} must occur once in {rel}"
    );
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn fixture_passes_with_its_raw_html_noted() {
    let s = built(Site::fixture());
    let r = check_on(&s, "2026-10-03", 90);
    assert_eq!(r.headlines(Level::Error), Vec::<String>::new());
    assert_eq!(r.headlines(Level::Warning), Vec::<String>::new());
    assert_eq!(
        r.headlines(Level::Note),
        ["content/guide/index.md:6: raw HTML in Markdown"]
    );
    assert_eq!(r.pages, 6);
    assert!(r.internal > 50, "{}", r.summary());
    assert!(r.external.contains_key("https://beta.example.com/caching"));
    assert!(
        r.summary().ends_with("0 errors, 0 warnings, 1 note"),
        "{}",
        r.summary()
    );
}

#[test]
fn real_site_passes() {
    let s = built(Site::real());
    let r = check_on(&s, "2026-11-26", 90);
    assert_eq!(
        r.headlines(Level::Error),
        Vec::<String>::new(),
        "{}",
        r.summary()
    );
    assert!(r.pages >= 5 && !r.external.is_empty(), "{}", r.summary());
}

#[test]
fn broken_link_names_the_page() {
    let s = built(Site::fixture());
    plant(
        &s,
        "guide/index.html",
        "href=/calculator/",
        "href=/calculater/",
    );
    assert_eq!(
        errors(&s),
        ["public/guide/index.html: broken link /calculater/ (a href)"]
    );
}

#[test]
fn broken_link_names_the_line_that_wrote_it() {
    let s = Site::fixture();
    s.edit(
        "content/guide/index.md",
        "[link](/corrections/#beta-caching)",
        "[link](/correction/)",
    );
    let s = built(s);
    assert_eq!(
        errors(&s),
        ["public/guide/index.html: broken link /correction/ (a href; written at content/guide/index.md:6:27)"]
    );
}

#[test]
fn missing_anchor_names_the_page() {
    let s = built(Site::fixture());
    plant(
        &s,
        "guide/index.html",
        "href=/corrections/#beta-caching",
        "href=/corrections/#beta-cashing",
    );
    assert_eq!(
        errors(&s),
        [
            r#"public/guide/index.html: broken anchor /corrections/#beta-cashing (no id "beta-cashing" in corrections/index.html)"#
        ]
    );
}

#[test]
fn missing_assets_name_who_loads_them() {
    let s = built(Site::fixture());
    let assets = s.out().join("assets");
    let mut names: Vec<String> = fs::read_dir(&assets)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let wasm = names.iter().find(|n| n.ends_with(".wasm")).unwrap().clone();
    let glue = names
        .iter()
        .find(|n| n.starts_with("calculator."))
        .unwrap()
        .clone();
    fs::remove_file(assets.join(&wasm)).unwrap();
    let css = names.iter().find(|n| n.ends_with(".css")).unwrap().clone();
    fs::remove_file(assets.join(&css)).unwrap();
    let errs = errors(&s);
    assert!(
        errs.contains(&format!(
            "public/assets/{glue}: missing asset {wasm} (loaded by)"
        )),
        "{errs:?}"
    );
    // Every page names the stylesheet it misses.
    let css_errs: Vec<&String> = errs.iter().filter(|e| e.contains(&css)).collect();
    assert_eq!(css_errs.len(), 6, "{errs:?}");
    assert!(
        css_errs.contains(&&format!(
            "public/guide/index.html: missing asset /assets/{css} (link href)"
        )),
        "{errs:?}"
    );
    assert_eq!(errs.len(), 7, "{errs:?}");
}

#[test]
fn two_h1s_no_description_and_no_title() {
    let s = built(Site::fixture());
    plant(
        &s,
        "benchmarks/index.html",
        "<h1>Benchmarks</h1>",
        "<h1>Benchmarks</h1><h1>Again</h1>",
    );
    let page = fs::read_to_string(s.out().join("calculator/index.html")).unwrap();
    let end = page.find(" name=description>").unwrap() + " name=description>".len();
    let meta = &page[page[..end].rfind("<meta ").unwrap()..end];
    plant(&s, "calculator/index.html", meta, "");
    plant(&s, "404.html", "<title>", "<!-- no title --><template>");
    let errs = errors(&s);
    assert!(
        errs.contains(
            &"public/benchmarks/index.html: 2 <h1> elements (a page has exactly one)".to_owned()
        ),
        "{errs:?}"
    );
    assert!(
        errs.contains(&"public/calculator/index.html: no <meta name=description>".to_owned()),
        "{errs:?}"
    );
    assert!(
        errs.contains(&"public/404.html: no <title>".to_owned()),
        "{errs:?}"
    );
}

#[test]
fn malformed_html_names_the_page() {
    let s = built(Site::fixture());
    plant(
        &s,
        "benchmarks/index.html",
        "<h1>Benchmarks</h1>",
        "<h1>Bench<b>marks</h1></b></span>",
    );
    let errs = errors(&s);
    assert!(!errs.is_empty());
    assert!(
        errs.iter()
            .all(|e| e.starts_with("public/benchmarks/index.html: HTML parse error: ")),
        "{errs:?}"
    );
    assert!(
        errs.iter()
            .any(|e| e.ends_with("Closing wrong heading tag")),
        "{errs:?}"
    );
}

#[test]
fn sitemap_missing_a_page_and_listing_a_stranger() {
    let s = built(Site::fixture());
    plant(
        &s,
        "sitemap.xml",
        "<loc>https://fixture.example.org/guide/</loc>",
        "<loc>https://fixture.example.org/gone/</loc>",
    );
    plant(&s, "robots.txt", "/sitemap.xml", "/site-map.xml");
    assert_eq!(
        errors(&s),
        [
            "public/robots.txt: broken link https://fixture.example.org/site-map.xml (Sitemap)",
            "public/sitemap.xml: does not list the page /guide/ (guide/index.html)",
            "public/sitemap.xml: lists https://fixture.example.org/gone/, which is not a page of the site",
        ]
    );
}

#[test]
fn stale_facts_warn_with_file_line_and_source_and_do_not_fail() {
    let s = built(Site::fixture());
    // 2026-10-01 + 91 days.
    let r = check_on(&s, "2026-12-31", 90);
    assert_eq!(r.count(Level::Error), 0);
    let warnings = r.headlines(Level::Warning);
    assert!(
        warnings.contains(&r#"data/latency.yaml:12:12: benchmark.checked: checked 91 days ago (more than 90): re-verify against source article"#.to_owned()),
        "{warnings:#?}"
    );
    assert!(
        warnings.contains(&"data/faq.yaml:14:14: faq[1].checked: checked 91 days ago (more than 90): re-verify against https://alpha.example.com/pricing".to_owned()),
        "{warnings:#?}"
    );
    // Every dated fact of the fixture is older than 2 days then; none at 200 days.
    let dated: usize = common::tree(&s.root.join("data"))
        .values()
        .map(|b| String::from_utf8_lossy(b).matches("checked: 20").count())
        .sum();
    assert_eq!(check_on(&s, "2026-10-06", 2).count(Level::Warning), dated);
    assert_eq!(check_on(&s, "2026-10-06", 200).count(Level::Warning), 0);
}

#[test]
fn inputs_that_do_not_load_are_errors_and_the_output_is_still_checked() {
    let s = built(Site::fixture());
    s.edit("data/site.yaml", "language: en", "lang: en");
    let r = check_on(&s, "2026-10-03", 90);
    assert_eq!(
        r.headlines(Level::Error),
        ["data/site.yaml:4:1: unknown field `lang`, expected one of `title`, `description`, `base_url`, `language`"]
    );
    assert_eq!(r.pages, 6);
    assert!(
        !r.external.keys().any(|u| u.contains("fixture.example.org")),
        "{:?}",
        r.external
    );
}

fn sitegen(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sitegen"));
    cmd.args(args).env_remove(check::cli::MAX_AGE_ENV);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

#[test]
fn cli_exit_status_follows_errors_not_warnings() {
    let s = built(Site::fixture());
    let (root, out) = (s.root.to_str().unwrap(), s.out());
    let out = out.to_str().unwrap();
    // The real clock is past the fixture's dates: age 0 makes every fact stale, still status 0.
    let ok = sitegen(
        &["check", "--root", root, "--out", out],
        &[(check::cli::MAX_AGE_ENV, "0")],
    );
    let stderr = String::from_utf8_lossy(&ok.stderr);
    assert_eq!(ok.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning: data/latency.yaml:12:12: benchmark.checked: checked "),
        "{stderr}"
    );
    assert!(
        stderr.contains("12 |   checked: 2026-10-01\n   |            ^"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(stdout.starts_with("checked 6 pages, "), "{stdout}");
    assert!(
        !stdout.contains("external: "),
        "listed only on request: {stdout}"
    );

    plant(
        &s,
        "guide/index.html",
        "href=/calculator/",
        "href=/prices.jsn",
    );
    let bad = sitegen(
        &["check", "--root", root, "--out", out, "--list-external"],
        &[],
    );
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(bad.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "error: {out}/guide/index.html: broken link /prices.jsn (a href)"
        )),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&bad.stdout);
    assert!(
        stdout.contains(
            "external: https://beta.example.com/caching (from corrections/index.html, index.html)"
        ),
        "{stdout}"
    );
    assert!(
        stdout.trim_end().ends_with("1 error, 0 warnings, 1 note"),
        "{stdout}"
    );

    assert_eq!(
        sitegen(&["check", "--max-age-days", "x"], &[])
            .status
            .code(),
        Some(2)
    );
}
