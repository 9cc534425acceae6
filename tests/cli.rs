//! The `sitegen` binary: exit status, the report on success, every error on failure, `keys`.

mod common;
use common::Site;
use std::process::Command;

fn sitegen(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sitegen"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn build_reports_pages_and_time() {
    let s = Site::fixture();
    let out_dir = s.out();
    let out = sitegen(&[
        "build",
        "--root",
        s.root.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("wrote 6 pages ("), "{stdout}");
    assert!(stdout.trim_end().ends_with(" ms"), "{stdout}");
}

#[test]
fn build_fails_with_status_1_and_every_error() {
    let s = Site::fixture();
    s.edit(
        "data/pricing.yaml",
        "output_mtok: 20.00",
        "output_mtok: lots",
    );
    s.edit("content/404.md", "title: \"Page not found\"\n", "");
    let out = sitegen(&[
        "build",
        "--root",
        s.root.to_str().unwrap(),
        "--out",
        s.out().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error: content/404.md:2:1: missing field `title`"),
        "{stderr}"
    );
    assert!(stderr.contains("error: data/pricing.yaml:11:18: offers[1].output_mtok: expected a non-negative number or `unknown`, found \"lots\""), "{stderr}");
    assert!(stderr.trim_end().ends_with("2 errors found"), "{stderr}");
    assert!(!s.out().exists(), "nothing written");
}

#[test]
fn keys_prints_every_key() {
    let root = common::fixture_dir();
    let out = sitegen(&["keys", "--root", root.to_str().unwrap()]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("price.small-1.alpha.input = $1.00\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("latency.ttft_p50.pct.beta = 15%\n"),
        "{stdout}"
    );
}

#[test]
fn bad_usage_is_status_2() {
    assert_eq!(sitegen(&[]).status.code(), Some(2));
    assert_eq!(sitegen(&["build", "--nope", "x"]).status.code(), Some(2));
    assert_eq!(sitegen(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn help_prints_the_usage_and_succeeds() {
    for flag in ["help", "--help", "-h"] {
        let out = sitegen(&[flag]);
        assert_eq!(out.status.code(), Some(0), "{flag}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.starts_with("usage: sitegen build"),
            "{flag}: {stdout}"
        );
        for f in [
            "--precompress",
            "--cache",
            "--jobs",
            "--timings",
            "sitegen check",
        ] {
            assert!(stdout.contains(f), "{flag} does not mention {f}: {stdout}");
        }
    }
    let out = sitegen(&["frobnicate"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("sitegen: unknown command \"frobnicate\"\n\nusage: sitegen build"),
        "{stderr}"
    );
}

#[test]
fn bad_flag_values_are_named() {
    let out = sitegen(&["build", "--precompress", "max"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("sitegen: --precompress: expected off, fast or best, found \"max\""),
        "{stderr}"
    );
    let out = sitegen(&["build", "--jobs", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("--jobs: expected a whole number of threads, found \"0\""));
    // `--timings` belongs to build only.
    assert_eq!(sitegen(&["keys", "--timings"]).status.code(), Some(2));
}

#[test]
fn timings_name_every_stage() {
    let s = Site::fixture();
    let out_dir = s.out();
    let out = sitegen(&[
        "build",
        "--root",
        s.root.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
        "--timings",
        "--jobs",
        "2",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("timings (2 threads):"), "{stderr}");
    for stage in [
        "load", "resolve", "assets", "render", "write", "total", "minify", "compress", "files",
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.trim_start().starts_with(stage) && l.contains(" ms")),
            "no {stage} line: {stderr}"
        );
    }
}

#[test]
fn reprice_prints_every_route_and_refuses_other_files() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("usage.jsonl");
    std::fs::write(
        &log,
        "{\"timestamp\":\"2026-11-30T09:15:02Z\",\"model\":\"claude-sonnet-5-5\",\"usage\":{\"input_tokens\":412,\"cache_read_input_tokens\":6000,\"output_tokens\":380}}\n\
         {\"timestamp\":\"2026-11-30T09:16:02Z\",\"model\":\"claude-sonnet-5-5\",\"usage\":{\"input_tokens\":4\n",
    )
    .unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let out = sitegen(&["reprice", log.to_str().unwrap(), "--root", root]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.starts_with("2 lines read, 1 request, 1 skipped: line 2 is not JSON"),
        "{text}"
    );
    for route in [
        "Anthropic API",
        "Bedrock",
        "Claude Platform on AWS",
        "5-min replay",
    ] {
        assert!(text.contains(route), "{route} missing:\n{text}");
    }
    std::fs::write(&log, "just some notes\n").unwrap();
    let out = sitegen(&["reprice", log.to_str().unwrap(), "--root", root]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Expected a usage log"));
    let out = sitegen(&["reprice"]);
    assert_eq!(out.status.code(), Some(2));
}
