//! The built site behind a real nginx with the project's server block (`deploy/nginx.conf`):
//! every page and asset has status 200, its type, the policy's headers, and its `.br`/`.gz` copy
//! when the client accepts one, identical after decoding; unknown paths get the 404 page.
//!
//! The site is `SITE_DIR` when set (`cargo xtask test` passes its fresh build, with the wasm),
//! else a build of this repository into a scratch folder (with the wasm of the last
//! `cargo xtask build`, if any). Without nginx the run fails under `CI=true`; otherwise every
//! test is reported `skipped` (not `ok`) and the result line says `SKIPPED`. That needs a
//! report libtest cannot give, so this file has its own small harness (`harness = false`):
//! `cargo test --test nginx [-- FILTER...]`, `-- --list`.

mod common;
use common::tree;
use sitegen::compress;
use sitegen::deploy::policy::Policy;
use sitegen::deploy::{netlify, nginx, POLICY};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use testsupport::http::{self, Response};
use testsupport::nginx::{self as run, Nginx};

/// Written past the test harness's capture, so a local run shows it.
fn say(text: &str) {
    let _ = writeln!(std::io::stderr(), "tests/nginx.rs: {text}");
}

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// nginx over the site (`main` has made sure nginx is installed).
fn serve(site: &Path, block: &str) -> Nginx {
    let server = Nginx::start(block, site).unwrap_or_else(|e| panic!("{e}"));
    if !server.brotli {
        let why = "the nginx brotli static module is missing (Debian: \
                   libnginx-mod-http-brotli-static): only the .gz copies are checked";
        if ci() {
            panic!("{why}; CI=true, so this is a failure");
        }
        say(why);
    }
    server
}

fn project_block() -> String {
    std::fs::read_to_string(nginx::project_file()).expect("deploy/nginx.conf")
}

/// The site under test. Built once per test process into `target/tmp/nginx-site`, where the
/// next build takes over the unchanged compressed copies (see `compress::write_copies`). Test
/// runners that start a process per test (nextest) would rebuild it under each other's running
/// nginx, so a process holds a lock on the folder from its build until it exits.
fn site() -> PathBuf {
    static SITE: OnceLock<(PathBuf, Option<std::fs::File>)> = OnceLock::new();
    SITE.get_or_init(|| {
        if let Some(dir) = std::env::var_os("SITE_DIR").filter(|d| !d.is_empty()) {
            let dir = PathBuf::from(dir);
            assert!(
                dir.join("index.html").is_file(),
                "SITE_DIR={} holds no built site",
                dir.display()
            );
            return (dir, None);
        }
        let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
        std::fs::create_dir_all(tmp).unwrap();
        let lock = std::fs::File::create(tmp.join("nginx-site.lock")).unwrap();
        lock.lock().unwrap();
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("target"));
        let wasm = target.join("wasm-bindgen");
        let wasm = wasm.join("calculator_bg.wasm").is_file().then_some(wasm);
        if wasm.is_none() {
            say("no wasm built yet (`cargo xtask build` makes it): the calculator's wasm is not checked");
        }
        let out = tmp.join("nginx-site");
        sitegen::build(&sitegen::BuildOptions {
            wasm_dir: wasm,
            ..sitegen::BuildOptions::new(root, &out)
        })
        .unwrap_or_else(|e| panic!("{e:?}"));
        (out, Some(lock))
    })
    .0
    .clone()
}

/// The originals: every file but `_headers` and the compressed copies.
fn originals(site: &Path) -> Vec<(String, Vec<u8>)> {
    tree(site)
        .into_iter()
        .filter(|(rel, _)| rel != netlify::FILE && !rel.ends_with(".br") && !rel.ends_with(".gz"))
        .collect()
}

fn get(server: &Nginx, path: &str, accept: Option<&str>) -> Response {
    http::get(&server.addr, path, accept)
        .unwrap_or_else(|e| panic!("GET {path}: {e}\n{}", server.error_log()))
}

/// Every mismatch between what nginx serves for the site's files and `policy`.
fn check_files(server: &Nginx, site: &Path, policy: &Policy) -> Vec<String> {
    let mut wrong = Vec::new();
    for (rel, bytes) in originals(site) {
        let mut urls = vec![format!("/{rel}")];
        if rel.ends_with("index.html") {
            urls.push(netlify::url_of(&rel));
        }
        for url in urls {
            let mut variants = vec![(None, None, None)];
            for (suffix, encoding) in [("br", "br"), ("gz", "gzip")] {
                if suffix == "br" && !server.brotli {
                    continue;
                }
                let copy = site.join(format!("{rel}.{suffix}")).is_file();
                variants.push((Some(encoding), copy.then_some(encoding), Some(suffix)));
            }
            for (accept, expect_encoding, suffix) in variants {
                let request = match accept {
                    Some(a) => format!("GET {url} (Accept-Encoding: {a})"),
                    None => format!("GET {url}"),
                };
                let r = get(server, &url, accept);
                if r.status != 200 {
                    wrong.push(format!("{request}: status {}, expected 200", r.status));
                    continue;
                }
                wrong.extend(policy.check(&request, &url, &rel, &r.headers));
                let encoding = r.header("Content-Encoding");
                if encoding != expect_encoding {
                    wrong.push(format!(
                        "{request}: Content-Encoding {encoding:?}, expected {expect_encoding:?}"
                    ));
                    continue;
                }
                let body = match suffix.filter(|_| encoding.is_some()) {
                    Some("br") => compress::unbrotli(&r.body),
                    Some(_) => compress::gunzip(&r.body),
                    None => Ok(r.body.clone()),
                };
                if body.as_deref().ok() != Some(&bytes[..]) {
                    wrong.push(format!("{request}: body differs from {rel}"));
                }
                if encoding.is_some()
                    && !r
                        .header("Vary")
                        .is_some_and(|v| v.to_ascii_lowercase().contains("accept-encoding"))
                {
                    wrong.push(format!(
                        "{request}: compressed without `Vary: Accept-Encoding`"
                    ));
                }
            }
        }
    }
    wrong
}

fn every_page_and_asset_is_served_per_policy() {
    let site = site();
    let server = serve(&site, &project_block());
    let files = originals(&site);
    assert!(files.iter().any(|(rel, _)| rel == "index.html"));
    if std::env::var_os("SITE_DIR").is_some() {
        assert!(
            files.iter().any(|(rel, _)| rel.ends_with(".wasm")),
            "SITE_DIR has no wasm: it is not a full `cargo xtask build`"
        );
    }
    let wrong = check_files(&server, &site, &POLICY);
    assert!(
        wrong.is_empty(),
        "{} problems:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // Cloudflare Pages reads at most 100 rules from `_headers`.
    let headers = std::fs::read_to_string(site.join(netlify::FILE)).unwrap();
    let rules = headers.lines().filter(|l| l.starts_with('/')).count();
    assert!(
        rules <= 100,
        "_headers has {rules} rules; Cloudflare Pages reads 100"
    );
    say(&format!(
        "{} files checked against nginx at {} (brotli: {})",
        files.len(),
        server.origin(),
        server.brotli
    ));
}

fn unknown_paths_get_the_404_page_with_status_404() {
    let site = site();
    let server = serve(&site, &project_block());
    let page = std::fs::read(site.join("404.html")).unwrap();
    for path in [
        "/no-such-page/",
        "/assets/no-such.0123456789.js",
        "/_headers",
    ] {
        for accept in [None, Some("gzip"), Some("br")] {
            let r = get(&server, path, accept);
            assert_eq!(r.status, 404, "GET {path}");
            let body = match r.header("Content-Encoding") {
                Some("br") => compress::unbrotli(&r.body).unwrap(),
                Some("gzip") => compress::gunzip(&r.body).unwrap(),
                _ => r.body.clone(),
            };
            assert!(body == page, "GET {path} ({accept:?}): not the 404 page");
            // The error page is a page: revalidated, with every security header.
            let wrong = POLICY.check(&format!("GET {path}"), "/404.html", "404.html", &r.headers);
            assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        }
    }
}

fn a_folder_without_its_slash_redirects() {
    let site = site();
    let server = serve(&site, &project_block());
    let r = get(&server, "/calculator", None);
    assert_eq!(r.status, 301);
    assert_eq!(r.header("Location"), Some("/calculator/"));
}

fn a_planted_wrong_header_fails_naming_path_and_header() {
    let site = site();
    // A policy that disagrees with what the server block sends.
    let mut security = POLICY.security.to_vec();
    security[2] = ("Referrer-Policy", "no-referrer");
    let planted = Policy {
        security: &security,
        ..POLICY
    };
    let server = serve(&site, &project_block());
    let wrong = check_files(&server, &site, &planted);
    let sent = POLICY
        .security
        .iter()
        .find(|(n, _)| *n == "Referrer-Policy")
        .map(|(_, v)| *v)
        .expect("the policy sets Referrer-Policy");
    let want =
        format!("GET /: header `Referrer-Policy` is `{sent}`, the policy says `no-referrer`");
    assert!(wrong.iter().any(|w| w.starts_with(&want)), "{wrong:#?}");
    drop(server);
    // And a server block rendered from it fails against the real policy.
    let server = serve(&site, &nginx::render(&planted));
    let wrong = check_files(&server, &site, &POLICY);
    assert!(
        wrong
            .iter()
            .any(|w| w.starts_with("GET /calculator/: header `Referrer-Policy` is `no-referrer`")),
        "{wrong:#?}"
    );
}

const TESTS: &[(&str, fn())] = &[
    (
        "every_page_and_asset_is_served_per_policy",
        every_page_and_asset_is_served_per_policy,
    ),
    (
        "unknown_paths_get_the_404_page_with_status_404",
        unknown_paths_get_the_404_page_with_status_404,
    ),
    (
        "a_folder_without_its_slash_redirects",
        a_folder_without_its_slash_redirects,
    ),
    (
        "a_planted_wrong_header_fails_naming_path_and_header",
        a_planted_wrong_header_fails_naming_path_and_header,
    ),
];

/// Runs the tests whose name contains one of the filters (all without one), one after the
/// other, in libtest's words; without nginx, fails under `CI=true` and else reports each test
/// skipped.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let chosen: Vec<&(&str, fn())> = TESTS
        .iter()
        .filter(|(name, _)| filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str())))
        .collect();
    if args.iter().any(|a| a == "--list") {
        for (name, _) in &chosen {
            println!("{name}: test");
        }
        return;
    }
    println!("\nrunning {} tests", chosen.len());
    if run::find().is_none() {
        if ci() {
            println!(
                "\ntest result: FAILED. {}; CI=true, so a missing nginx is a failure\n",
                run::NOT_FOUND
            );
            std::process::exit(1);
        }
        for (name, _) in &chosen {
            println!("test {name} ... skipped");
        }
        println!(
            "\ntest result: SKIPPED. 0 passed; 0 failed; {} skipped, nothing checked: {}\n",
            chosen.len(),
            run::NOT_FOUND
        );
        return;
    }
    let mut failed = Vec::new();
    for (name, test) in &chosen {
        let ok = std::panic::catch_unwind(test).is_ok();
        println!("test {name} ... {}", if ok { "ok" } else { "FAILED" });
        if !ok {
            failed.push(*name);
        }
    }
    let passed = chosen.len() - failed.len();
    if failed.is_empty() {
        println!("\ntest result: ok. {passed} passed; 0 failed\n");
    } else {
        println!("\nfailures:\n    {}", failed.join("\n    "));
        println!(
            "\ntest result: FAILED. {passed} passed; {} failed\n",
            failed.len()
        );
        std::process::exit(1);
    }
}
