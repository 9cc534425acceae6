//! Watching the editable folders (notify) and telling the build loop what changed, debounced.

use crate::util::{self, warn};
use anyhow::{Context, Result};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::Duration;

/// The folders whose edits trigger a rebuild (relative to the project root).
pub const WATCHED: &[&str] = &["data", "content", "templates", "static", "calculator"];

/// Quiet time after the last change before a batch is reported; editors write files in bursts
/// (a save is a few events within a few milliseconds), and every millisecond here is one more
/// between saving and seeing the page.
const DEBOUNCE: Duration = Duration::from_millis(30);

/// Keeps the OS watches alive; dropping it stops watching.
pub struct Watch {
    _watcher: RecommendedWatcher,
    rx: Receiver<notify::Result<Event>>,
}

pub fn start() -> Result<Watch> {
    let (tx, rx) = channel();
    let mut watcher =
        notify::recommended_watcher(tx).context("could not start the file watcher")?;
    let root = util::project_root();
    for dir in WATCHED {
        let path = root.join(dir);
        if !path.is_dir() {
            warn(format!("{dir}/ does not exist: not watching it"));
            continue;
        }
        watcher
            .watch(&path, RecursiveMode::Recursive)
            .with_context(|| format!("could not watch {}", path.display()))?;
    }
    Ok(Watch {
        _watcher: watcher,
        rx,
    })
}

impl Watch {
    /// Blocks until something relevant changed and then stayed quiet for [`DEBOUNCE`]; returns
    /// every changed path, including those that piled up while the previous build ran (so one
    /// build covers them all).
    pub fn next(&self) -> Option<Vec<PathBuf>> {
        let mut changed = Vec::new();
        while changed.is_empty() {
            collect(self.rx.recv().ok()?, &mut changed);
        }
        loop {
            match self.rx.recv_timeout(DEBOUNCE) {
                Ok(event) => collect(event, &mut changed),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        changed.sort();
        changed.dedup();
        Some(changed)
    }
}

fn collect(event: notify::Result<Event>, into: &mut Vec<PathBuf>) {
    match event {
        // Reads are not edits: the compiler opening the calculator's sources must not rebuild.
        Ok(event) if is_edit(&event.kind) => {
            into.extend(event.paths.into_iter().filter(|p| is_relevant(p)))
        }
        Ok(_) => {}
        Err(err) => warn(format!("file watcher: {err}")),
    }
}

fn is_edit(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
    )
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

/// True when a change needs the generator recompiled: askama compiles the templates into it.
pub fn touches_templates(paths: &[PathBuf]) -> bool {
    let templates = util::project_root().join("templates");
    paths.iter().any(|p| p.starts_with(&templates))
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
    use notify::event::{AccessKind, AccessMode, DataChange, ModifyKind};

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
    fn reading_a_file_is_not_an_edit() {
        assert!(!is_edit(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!is_edit(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(is_edit(&EventKind::Modify(ModifyKind::Data(
            DataChange::Content
        ))));
    }

    #[test]
    fn calculator_changes_rebuild_the_wasm() {
        let root = util::project_root();
        assert!(touches_calculator(&[root.join("calculator/src/lib.rs")]));
        assert!(!touches_calculator(&[root.join("data/pricing.yaml")]));
        assert!(touches_templates(&[root.join("templates/base.html")]));
        assert!(!touches_templates(&[root.join("content/index.md")]));
        assert_eq!(
            describe(&[root.join("data/a.yaml"), root.join("data/b.yaml")]),
            "data/a.yaml (and 1 more)"
        );
    }
}
