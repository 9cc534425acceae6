//! Publishing output without a server: `deploy/nginx.conf` is the policy's rendering (rewritten
//! when stale), `_headers` covers every file once, hashed assets are the only immutable files,
//! and every text file has `.br`/`.gz` copies that decode to it.

mod common;
use common::{tree, Site};
use sitegen::compress::{self, Precompress};
use sitegen::deploy::{netlify, nginx, policy, POLICY};

/// A fixture build with a (fake) calculator wasm, so the wasm path is covered too.
fn built() -> Site {
    built_with(|o| o).0
}

fn built_with(
    opts: impl Fn(sitegen::BuildOptions) -> sitegen::BuildOptions,
) -> (Site, sitegen::BuildReport) {
    let s = Site::fixture();
    let wasm = s.tmp.path().join("wasm");
    std::fs::create_dir_all(&wasm).unwrap();
    // Compressible, like a real module.
    let mut module = b"\0asm\x01\0\0\0".to_vec();
    module.extend("calculator ".repeat(300).as_bytes());
    std::fs::write(wasm.join("calculator_bg.wasm"), module).unwrap();
    std::fs::write(
        wasm.join("calculator.js"),
        "const u = new URL('calculator_bg.wasm', import.meta.url);\nexport default function init() {}\n"
            .repeat(20),
    )
    .unwrap();
    let report = sitegen::build(&opts(sitegen::BuildOptions {
        wasm_dir: Some(wasm),
        ..sitegen::BuildOptions::new(&s.root, s.out())
    }))
    .unwrap_or_else(|e| panic!("{e:?}"));
    (s, report)
}

/// The first line where two texts differ, for a short failure message.
fn first_difference(a: &str, b: &str) -> String {
    let (mut la, mut lb) = (a.lines(), b.lines());
    for n in 1.. {
        match (la.next(), lb.next()) {
            (None, None) => return "none".into(),
            (x, y) if x != y => return format!("line {n}: file has {x:?}, the policy gives {y:?}"),
            _ => {}
        }
    }
    unreachable!()
}

#[test]
fn nginx_conf_is_the_policy_rendered() {
    let path = nginx::project_file();
    let want = nginx::render(&POLICY);
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    if have != want {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &want).unwrap();
        panic!(
            "deploy/nginx.conf did not match the policy in policy/src/lib.rs (first difference: \
             {}); it has been rewritten: review and commit it",
            first_difference(&have, &want)
        );
    }
}

#[test]
fn a_planted_header_makes_the_rendered_files_differ() {
    let mut security = POLICY.security.to_vec();
    security[2] = ("Referrer-Policy", "unsafe-url");
    let planted = policy::Policy {
        security: &security,
        ..POLICY
    };
    let diff = first_difference(&nginx::render(&POLICY), &nginx::render(&planted));
    assert!(
        diff.contains("add_header Referrer-Policy \\\"unsafe-url\\\""),
        "{diff}"
    );
    let files = ["index.html"];
    assert!(netlify::render(&planted, &files).contains("  Referrer-Policy: unsafe-url\n"));
}

#[test]
fn headers_file_covers_every_file_once() {
    let s = built();
    let text = s.page("_headers");
    let files = tree(&s.out());
    for rel in files.keys() {
        if rel == "_headers" || rel.ends_with(".br") || rel.ends_with(".gz") {
            continue;
        }
        let url = netlify::url_of(rel);
        let rules: Vec<&str> = text
            .split('\n')
            .filter(|l| !l.starts_with([' ', '#']) && !l.is_empty())
            .filter(|rule| match rule.strip_suffix('*') {
                Some(prefix) => url.starts_with(prefix) && *rule != "/*",
                None => *rule == url,
            })
            .collect();
        assert_eq!(
            rules.len(),
            1,
            "{url}: one cache rule, got {rules:?}\n{text}"
        );
        let expected = POLICY.cache_control(&url);
        let block = text.split(&format!("\n{}\n", rules[0])).nth(1).unwrap();
        assert!(
            block.starts_with(&format!("  Cache-Control: {expected}\n")),
            "{url}: {block}"
        );
    }
    for (name, value) in POLICY.security {
        assert_eq!(text.matches(&format!("  {name}: {value}\n")).count(), 1);
    }
}

#[test]
fn only_content_hashed_files_are_immutable() {
    let s = built();
    for rel in tree(&s.out()).keys() {
        let url = netlify::url_of(rel);
        if POLICY.cache_control(&url) != policy::IMMUTABLE {
            continue;
        }
        // name.<10 hex digits>.ext, optionally followed by .br / .gz
        let name = rel.rsplit('/').next().unwrap();
        let name = name
            .strip_suffix(".br")
            .or_else(|| name.strip_suffix(".gz"))
            .unwrap_or(name);
        let parts: Vec<&str> = name.split('.').collect();
        assert!(
            parts.len() >= 3
                && parts[parts.len() - 2].len() == 10
                && parts[parts.len() - 2]
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit()),
            "{rel} is cached for a year but its name has no content hash"
        );
    }
}

#[test]
fn every_text_file_has_copies_that_decode_to_it() {
    for level in [Precompress::Fast, Precompress::Best] {
        let (s, _) = built_with(|o| sitegen::BuildOptions {
            precompress: level,
            ..o
        });
        let files = tree(&s.out());
        let mut checked = 0;
        for (rel, bytes) in &files {
            let copies: Vec<(&str, &Vec<u8>)> = ["br", "gz"]
                .into_iter()
                .filter_map(|suffix| files.get(&format!("{rel}.{suffix}")).map(|c| (suffix, c)))
                .collect();
            if !compress::is_text(rel) {
                assert!(copies.is_empty(), "{rel} is not text but has copies");
                continue;
            }
            if bytes.len() > 1000 {
                assert_eq!(
                    copies.len(),
                    2,
                    "{rel} ({} bytes) lacks a copy",
                    bytes.len()
                );
            }
            for (suffix, copy) in copies {
                let codec = compress::decoder(suffix).unwrap();
                assert!(copy.len() < bytes.len(), "{rel}.{suffix} is not smaller");
                assert_eq!(
                    &codec.decode(copy).unwrap(),
                    bytes,
                    "{rel}.{suffix} decodes to it"
                );
                checked += 1;
            }
        }
        assert!(
            files.contains_key("index.html.br") && files.keys().any(|k| k.ends_with(".wasm.br")),
            "{level:?}"
        );
        assert!(checked >= 10, "{level:?}: {checked}");
        if level == Precompress::Best {
            let page = &files["index.html"];
            assert_eq!(files["index.html.br"], compress::brotli(page), "quality 11");
        }
    }
}

#[test]
fn no_copies_for_hosts_that_compress() {
    let (s, _) = built_with(|o| sitegen::BuildOptions {
        precompress: Precompress::Off,
        ..o
    });
    let files = tree(&s.out());
    assert!(files.contains_key("index.html"));
    let copies: Vec<&String> = files
        .keys()
        .filter(|k| k.ends_with(".br") || k.ends_with(".gz"))
        .collect();
    assert!(copies.is_empty(), "{copies:?}");
}

/// A clean build (empty output folder) with the cache of an earlier one compresses nothing and
/// writes the same bytes; a tampered entry is not served.
#[test]
fn the_compression_cache_survives_a_clean_build() {
    let cache = tempfile::tempdir().unwrap();
    let with_cache = |o: sitegen::BuildOptions| sitegen::BuildOptions {
        cache: Some(cache.path().to_owned()),
        precompress: Precompress::Best,
        ..o
    };
    let (first, r1) = built_with(with_cache);
    let (second, r2) = built_with(with_cache);
    assert_eq!(tree(&first.out()), tree(&second.out()));
    let cached = |r: &sitegen::BuildReport| {
        use std::sync::atomic::Ordering::Relaxed;
        (
            r.timings.copies.load(Relaxed),
            r.timings.copies_cached.load(Relaxed),
        )
    };
    let (made, from_cache) = cached(&r1);
    assert!(made >= 10 && from_cache == 0, "{made} {from_cache}");
    assert_eq!(
        cached(&r2),
        (made, made),
        "the second build compresses nothing"
    );
    let entries = tree(cache.path());
    assert!(entries.len() >= 10, "{}", entries.len());
    // Every entry replaced by a valid copy of other bytes: the next build compresses again.
    for rel in entries.keys() {
        std::fs::write(cache.path().join(rel), compress::brotli(b"not the page")).unwrap();
    }
    let (third, r3) = built_with(with_cache);
    assert_eq!(tree(&first.out()), tree(&third.out()));
    assert_eq!(cached(&r3), (made, 0));
}
