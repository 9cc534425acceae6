//! Watching the editable folders (notify, debounced) and telling the build loop what changed.

use crate::util::{self, warn};
use anyhow::{Context, Result};
use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{new_debouncer, DebounceEventResult, Debouncer};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

/// The folders whose edits trigger a rebuild (relative to the project root).
pub const WATCHED: &[&str] = &["data", "content", "templates", "static", "calculator"];

/// Quiet time after the last event before a batch is reported; editors write files in bursts.
const DEBOUNCE: Duration = Duration::from_millis(250);

/// Keeps the OS watches alive; dropping it stops watching.
pub struct Watch {
    _debouncer: Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>,
    rx: Receiver<DebounceEventResult>,
}

pub fn start() -> Result<Watch> {
    let (tx, rx) = channel();
    let mut debouncer = new_debouncer(DEBOUNCE, tx).context("could not start the file watcher")?;
    let root = util::project_root();
    for dir in WATCHED {
        let path = root.join(dir);
        if !path.is_dir() {
            warn(format!("{dir}/ does not exist: not watching it"));
            continue;
        }
        debouncer
            .watcher()
            .watch(&path, RecursiveMode::Recursive)
            .with_context(|| format!("could not watch {}", path.display()))?;
    }
    Ok(Watch {
        _debouncer: debouncer,
        rx,
    })
}

impl Watch {
    /// Blocks until something relevant changed; returns every changed path, including those that
    /// piled up while the previous build ran (so one build covers them all).
    pub fn next(&self) -> Option<Vec<PathBuf>> {
        loop {
            let mut changed = Vec::new();
            self.collect(self.rx.recv().ok()?, &mut changed);
            while let Ok(more) = self.rx.try_recv() {
                self.collect(more, &mut changed);
            }
            changed.sort();
            changed.dedup();
            if !changed.is_empty() {
                return Some(changed);
            }
        }
    }

    fn collect(&self, result: DebounceEventResult, into: &mut Vec<PathBuf>) {
        match result {
            Ok(events) => into.extend(
                events
                    .into_iter()
                    .map(|e| e.path)
                    .filter(|p| is_relevant(p)),
            ),
            Err(err) => warn(format!("file watcher: {err}")),
        }
    }
}

/// Ignores editor swap and backup files and any build output under a watched folder.
pub fn is_relevant(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let noise = name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"; // vim's probe file
    let in_build_output = path
        .components()
        .any(|c| c.as_os_str() == "target" || c.as_os_str() == "node_modules");
    !noise && !in_build_output
}

/// True when a change needs the calculator's wasm rebuilt, not just the site.
pub fn touches_calculator(paths: &[PathBuf]) -> bool {
    let calculator = util::project_root().join("calculator");
    paths.iter().any(|p| p.starts_with(&calculator))
}

/// `data/pricing.yaml` (and 2 more), for the terminal.
pub fn describe(paths: &[PathBuf]) -> String {
    let root = util::project_root();
    let first = paths
        .first()
        .map(|p| p.strip_prefix(&root).unwrap_or(p).display().to_string())
        .unwrap_or_default();
    match paths.len() {
        0 | 1 => first,
        n => format!("{first} (and {} more)", n - 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_noise_is_ignored() {
        assert!(is_relevant(Path::new("/p/data/pricing.yaml")));
        assert!(is_relevant(Path::new("/p/calculator/src/model.rs")));
        for noise in [
            "/p/data/.pricing.yaml.swp",
            "/p/data/pricing.yaml~",
            "/p/content/4913",
            "/p/content/#a.md#",
            "/p/calculator/target/x.rlib",
        ] {
            assert!(!is_relevant(Path::new(noise)), "{noise}");
        }
    }

    #[test]
    fn calculator_changes_rebuild_the_wasm() {
        let root = util::project_root();
        assert!(touches_calculator(&[root.join("calculator/src/lib.rs")]));
        assert!(!touches_calculator(&[root.join("data/pricing.yaml")]));
        assert_eq!(
            describe(&[root.join("data/a.yaml"), root.join("data/b.yaml")]),
            "data/a.yaml (and 1 more)"
        );
    }
}
