//! The code samples the site shows (`content/samples/*.py`) are real Python that at least
//! compiles, so a reader can paste them.

use std::path::Path;
use std::process::Command;

#[test]
fn python_samples_compile() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/samples");
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("content/samples exists")
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    let tmp = tempfile::tempdir().unwrap();
    for path in entries
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
    {
        // Compile into a scratch dir so no __pycache__ lands in content/.
        let cfile = tmp.path().join(format!("{checked}.pyc"));
        let code = "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)";
        let out = Command::new("python3")
            .args([
                "-c",
                code,
                &path.to_string_lossy(),
                &cfile.to_string_lossy(),
            ])
            .output()
            .expect("python3 runs (it is part of the toolchain the tests need)");
        assert!(
            out.status.success(),
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        checked += 1;
    }
    assert!(checked > 0, "no Python samples found in {}", dir.display());
}

#[test]
fn fixture_samples_compile_and_a_broken_one_is_caught() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.py");
    std::fs::write(&bad, "def f(:\n").unwrap();
    let out = Command::new("python3")
        .args(["-c", "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[1] + 'c', doraise=True)", &bad.to_string_lossy()])
        .output()
        .unwrap();
    assert!(!out.status.success(), "the check must fail on broken code");
}
