//! The code samples the site shows (`content/samples/*.py`) are real Python that at least
//! compiles, so a reader can paste them. Needs python3: run by `cargo xtask test`'s samples
//! step (`cargo test --test samples`), not a second time by the unit+integration step.

use std::path::Path;
use std::process::Command;

/// Compiles every `.py` file of `dir` (byte code into a scratch folder, none in `dir`): how many
/// there were, or each file that does not compile with Python's message.
fn compile_all(dir: &Path) -> Result<usize, Vec<String>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    files.sort();
    let tmp = tempfile::tempdir().unwrap();
    let mut broken = Vec::new();
    for (i, path) in files.iter().enumerate() {
        let cfile = tmp.path().join(format!("{i}.pyc"));
        let code = "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)";
        let out = Command::new("python3")
            .args([
                "-c",
                code,
                &path.to_string_lossy(),
                &cfile.to_string_lossy(),
            ])
            .output()
            .expect("python3 runs (Debian: apt-get install python3)");
        if !out.status.success() {
            broken.push(format!(
                "{}: {}",
                path.display(),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
    }
    if broken.is_empty() {
        Ok(files.len())
    } else {
        Err(broken)
    }
}

#[test]
fn python_samples_compile() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/samples");
    match compile_all(&dir) {
        Ok(n) => assert!(n > 0, "no Python samples found in {}", dir.display()),
        Err(broken) => panic!("samples that do not compile:\n{}", broken.join("\n")),
    }
}

#[test]
fn a_sample_that_does_not_compile_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("good.py"), "print(1)\n").unwrap();
    std::fs::write(tmp.path().join("bad.py"), "def f(:\n").unwrap();
    let broken = compile_all(tmp.path()).expect_err("the check must fail on broken code");
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert!(
        broken[0].contains("bad.py") && broken[0].contains("SyntaxError"),
        "{broken:?}"
    );
}
