//! Fuzz target: arbitrary bytes as one input file of the fixture site (the first byte picks which
//! data file or page), through the generator's real loading, semantic checks, `{{ key }}` values
//! and rendering (`sitegen::render_all`). A panic is a bug; so is a diagnostic that points at a
//! line past the end of the file it names (beyond libyaml's end-of-stream mark).
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// The files an input can replace, relative to the site root.
const FILES: &[&str] = &[
    "data/site.yaml",
    "data/providers.yaml",
    "data/models.yaml",
    "data/pricing.yaml",
    "data/latency.yaml",
    "data/scenarios.yaml",
    "data/faq.yaml",
    "data/corrections.yaml",
    "data/tables/features.yaml",
    "content/index.md",
    "content/guide/index.md",
];

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// A private copy of `tests/fixtures/site` for this process.
fn site() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/site");
        let root = std::env::temp_dir().join(format!("sitegen-fuzz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        copy_dir(&fixture, &root);
        root
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let root = site();
    let rel = FILES[usize::from(pick) % FILES.len()];
    let path = root.join(rel);
    let original = std::fs::read(&path).unwrap();
    std::fs::write(&path, bytes).unwrap();
    let result = sitegen::render_all(root, None);
    std::fs::write(&path, original).unwrap();
    if let Err(errors) = result {
        assert!(!errors.is_empty(), "a failed load names at least one error");
        // libyaml puts an error at the end of a file without a final newline one line past its
        // last line; the loader clamps it back onto that line, so nothing may point past it.
        let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
        for e in errors.iter().filter(|e| e.file == rel) {
            assert!(
                e.line <= lines,
                "{} points past the end ({lines} lines)",
                e.headline()
            );
        }
    }
});
