//! Shared helpers: project paths, running child processes, and human-readable output.

use anyhow::{bail, Context, Result};
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// The workspace root: the parent of this crate's manifest directory, so the xtask works from any
/// current directory and in any clone.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// Cargo's target directory, honouring `CARGO_TARGET_DIR` like cargo itself does.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => project_root().join(dir),
        None => project_root().join("target"),
    }
}

/// The cargo that runs us (set by `cargo run`), so a toolchain override applies to children too.
pub fn cargo() -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(project_root());
    cmd
}

/// Prints a step heading; every command announces what it does before doing it.
pub fn step(msg: impl std::fmt::Display) {
    let (on, off) = style(std::io::stdout().is_terminal(), "1");
    println!("{on}xtask:{off} {msg}");
    let _ = std::io::stdout().flush();
}

/// Prints a warning that does not fail the command.
pub fn warn(msg: impl std::fmt::Display) {
    let (on, off) = style(std::io::stderr().is_terminal(), "33");
    eprintln!("{on}xtask: warning:{off} {msg}");
}

/// ANSI on/off codes, only for a terminal: CI logs and the overlay stay plain text.
fn style(terminal: bool, code: &str) -> (String, &'static str) {
    if terminal {
        (format!("\x1b[{code}m"), "\x1b[0m")
    } else {
        (String::new(), "")
    }
}

/// Prints an error the way the compiler would and returns its text (for the `serve` overlay).
pub fn report(err: anyhow::Error) -> String {
    let text = format!("error: {err:#}");
    let (on, off) = style(std::io::stderr().is_terminal(), "31");
    eprintln!("{on}error:{off} {err:#}");
    text
}

/// Runs a command with inherited output; fails with the command line when it exits non-zero.
pub fn run(cmd: &mut Command) -> Result<()> {
    let status = cmd
        .status()
        .with_context(|| format!("could not start `{}`", display(cmd)))?;
    if !status.success() {
        bail!("`{}` failed ({status})", display(cmd));
    }
    Ok(())
}

/// Runs a command, echoing its stderr to ours line by line while also keeping it, so `serve` can
/// show the same text in the browser overlay. Returns the captured stderr on failure as the error.
pub fn run_tee(cmd: &mut Command) -> std::result::Result<(), String> {
    let mut child = match cmd.stderr(Stdio::piped()).spawn() {
        Ok(child) => child,
        Err(err) => {
            return Err(report(anyhow::anyhow!(
                "could not start `{}`: {err}",
                display(cmd)
            )))
        }
    };
    let mut captured = String::new();
    if let Some(stderr) = child.stderr.take() {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            eprintln!("{line}");
            if !is_cargo_progress(&line) {
                captured.push_str(&line);
                captured.push('\n');
            }
        }
    }
    match child.wait() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => {
            if captured.trim().is_empty() {
                captured = report(anyhow::anyhow!("`{}` failed ({status})", display(cmd)));
            }
            Err(captured)
        }
        Err(err) => Err(report(anyhow::anyhow!(
            "`{}` did not finish: {err}",
            display(cmd)
        ))),
    }
}

/// Cargo's status lines (`   Compiling foo v1.0`): progress in the terminal, noise in the overlay.
fn is_cargo_progress(line: &str) -> bool {
    const VERBS: &[&str] = &[
        "Compiling",
        "Checking",
        "Finished",
        "Blocking",
        "Downloading",
        "Downloaded",
        "Updating",
        "Locking",
        "Adding",
        "Fresh",
        "Running",
    ];
    line.starts_with(' ') && VERBS.iter().any(|v| line.trim_start().starts_with(v))
}

/// True when `program --version` (or the given probe args) runs successfully.
pub fn have(program: impl AsRef<OsStr>, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// Installs a folder's pinned npm packages (`npm ci`) when `node_modules/` is missing or older than
/// `package-lock.json`; fails when npm is absent or the install fails.
pub fn npm_ci(dir: &Path) -> Result<()> {
    let lock = dir.join("package-lock.json");
    let installed = dir.join("node_modules/.package-lock.json");
    let modified = |p: &Path| p.metadata().and_then(|m| m.modified()).ok();
    let fresh = match (modified(&lock), modified(&installed)) {
        (Some(lock), Some(installed)) => installed >= lock,
        (None, Some(_)) => true,
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    if which("npm").is_none() {
        bail!(
            "npm not found, needed for {}/package.json (Debian: apt-get install nodejs npm)",
            dir.display()
        );
    }
    let install = if lock.exists() { "ci" } else { "install" };
    step(format!("npm {install} in {}", dir.display()));
    run(Command::new("npm")
        .args([install, "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dir))
}

/// Finds an executable on `PATH`.
pub fn which(name: &str) -> Option<PathBuf> {
    testsupport::which(name, &[])
}

/// The command line as a user would type it, for messages.
pub fn display(cmd: &Command) -> String {
    let program = Path::new(cmd.get_program());
    // `$CARGO` is a long toolchain path; people know it as `cargo`.
    let mut out = if program.file_name() == Some(OsStr::new("cargo")) {
        "cargo".to_string()
    } else {
        program.to_string_lossy().into_owned()
    };
    for arg in cmd.get_args() {
        out.push(' ');
        out.push_str(&arg.to_string_lossy());
    }
    out
}

/// `1.23 s` or `456 ms`.
pub fn human_duration(d: Duration) -> String {
    if d.as_secs_f64() >= 1.0 {
        format!("{:.2} s", d.as_secs_f64())
    } else {
        format!("{} ms", d.as_millis())
    }
}

/// `12.3 KiB (12 601 bytes)`.
pub fn human_size(bytes: u64) -> String {
    format!("{:.1} KiB ({bytes} bytes)", bytes as f64 / 1024.0)
}

/// Removes ANSI colour escapes so terminal text reads cleanly in the browser overlay.
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' && chars.peek() == Some(&'[') {
            chars.next();
            // A CSI sequence ends with a byte in '@'..='~'.
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_ansi_removes_colour_codes_only() {
        assert_eq!(
            strip_ansi("\x1b[1;31merror\x1b[0m: data/x.yaml:3:1"),
            "error: data/x.yaml:3:1"
        );
        assert_eq!(strip_ansi("plain [text]"), "plain [text]");
    }

    #[test]
    fn cargo_progress_is_told_from_errors() {
        assert!(is_cargo_progress(
            "   Compiling calculator v0.1.0 (/p/calculator)"
        ));
        assert!(is_cargo_progress(
            "    Finished `release` profile [optimized] target(s) in 2s"
        ));
        assert!(!is_cargo_progress("error[E0308]: mismatched types"));
        assert!(!is_cargo_progress("  --> calculator/wasm/src/lib.rs:4:45"));
    }

    #[test]
    fn durations_and_sizes_read_well() {
        assert_eq!(human_duration(Duration::from_millis(456)), "456 ms");
        assert_eq!(human_duration(Duration::from_millis(1500)), "1.50 s");
        assert_eq!(human_size(2048), "2.0 KiB (2048 bytes)");
    }

    #[test]
    fn root_holds_the_workspace_manifest() {
        assert!(project_root().join("Cargo.toml").is_file());
        assert!(project_root().join("xtask").is_dir());
    }
}
