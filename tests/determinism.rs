//! The output is the same bytes whatever the thread count: pages render, minify and compress on
//! a rayon pool, and nothing in a file may depend on which thread made it or in which order.

mod common;
use common::{tree, Site};
use sitegen::compress::Precompress;
use sitegen::BuildOptions;
use std::path::Path;

fn build(root: &Path, out: &Path, jobs: usize) -> sitegen::BuildReport {
    sitegen::build(&BuildOptions {
        jobs: Some(jobs),
        precompress: Precompress::Fast,
        ..BuildOptions::new(root, out)
    })
    .unwrap_or_else(|e| panic!("{e:?}"))
}

fn assert_same_trees(root: &Path, what: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let (one, many) = (tmp.path().join("one"), tmp.path().join("many"));
    let r1 = build(root, &one, 1);
    let r4 = build(root, &many, 4);
    assert_eq!((r1.timings.threads, r4.timings.threads), (1, 4));
    let (a, b) = (tree(&one), tree(&many));
    let names =
        |t: &std::collections::BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "{what}: the same files");
    for (rel, bytes) in &a {
        assert!(
            bytes == &b[rel],
            "{what}: {rel} differs between 1 and 4 threads"
        );
    }
    assert!(a.len() > 10, "{what}: {} files", a.len());
}

/// This repository's own site: every block, table and the prerendered calculator.
#[test]
fn the_real_site_is_the_same_on_one_and_four_threads() {
    assert_same_trees(Path::new(env!("CARGO_MANIFEST_DIR")), "the real site");
}

/// Many small pages (with highlighted code and cross-links), so the threads interleave.
#[test]
fn a_large_tree_is_the_same_on_one_and_four_threads() {
    let s = Site::fixture();
    for i in 0..300 {
        s.write(
            &format!("content/many/p{i:03}.md"),
            format!(
                "---\ntitle: \"Page {i}\"\ndescription: \"Page {i} of many\"\n---\n\n\
                 ## Part {i}\n\nSee [the next one](/many/p{:03}/).\n\n\
                 ```python\nprint({i})\n```\n",
                (i + 1) % 300
            )
            .as_bytes(),
        );
    }
    assert_same_trees(&s.root, "300 pages");
}
