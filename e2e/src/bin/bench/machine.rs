//! The machine, date and commit a benchmark ran on, as a Markdown list.

use std::path::Path;
use std::process::Command;

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

fn field<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_once([':', '=']))
        .map(|(_, v)| v.trim().trim_matches('"'))
}

fn output(cmd: &mut Command) -> String {
    cmd.output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into())
}

pub fn describe(root: &Path) -> String {
    let cpu = read("/proc/cpuinfo");
    let model = field(&cpu, "model name").unwrap_or("unknown CPU");
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem_kib: u64 = field(&read("/proc/meminfo"), "MemTotal")
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    let os = read("/etc/os-release");
    let os = field(&os, "PRETTY_NAME").unwrap_or("unknown OS");
    let kernel = output(Command::new("uname").arg("-r"));
    let commit =
        output(
            Command::new("git")
                .current_dir(root)
                .args(["rev-parse", "--short", "HEAD"]),
        );
    let dirty = !output(Command::new("git").current_dir(root).args([
        "status",
        "--porcelain",
        "--untracked-files=no",
    ]))
    .is_empty();
    let load = read("/proc/loadavg");
    let load = load
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    let date = output(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"]));
    let chromium = output(Command::new("chromium").arg("--version"));
    let hugo = output(Command::new("hugo").arg("version"));
    let hugo = hugo
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "- Machine: {cores} cores, {model}, {:.1} GiB memory, {os} (Linux {kernel})\n\
         - Date: {date}; load average when the bench started: {load} (other work on the machine \
         slows every figure)\n\
         - Commit: {commit}{}\n\
         - Browser: {chromium} (headless); Hugo: {hugo}\n",
        mem_kib as f64 / 1024.0 / 1024.0,
        if dirty {
            " (with uncommitted changes in the working tree)"
        } else {
            ""
        }
    )
}
