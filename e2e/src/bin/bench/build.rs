//! Build-time figures: the real site (full, and after one YAML price changed) and synthetic
//! content trees built by our generator and by Hugo, each run timed (wall clock) with its peak
//! resident memory (`ru_maxrss` of that one child, from `wait4`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

/// One timed process run.
#[derive(Clone, Copy, Debug)]
pub struct Run {
    pub wall: Duration,
    /// Peak resident set, KiB.
    pub max_rss_kib: u64,
}

/// Runs `cmd` to completion; fails on a non-zero exit.
pub fn timed(cmd: &mut Command) -> Result<Run> {
    let started = Instant::now();
    let child = cmd
        .stdout(std::process::Stdio::null())
        .spawn()
        .with_context(|| format!("could not start {cmd:?}"))?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it for this pid only.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own unwaited child; the pointers are to live locals.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    if r != pid {
        bail!("wait4 failed for {cmd:?}");
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        bail!("{cmd:?} failed (wait status {status})");
    }
    Ok(Run {
        wall,
        max_rss_kib: usage.ru_maxrss as u64,
    })
}

/// Median wall time and highest peak memory of several runs.
pub fn summary(runs: &[Run]) -> (Duration, u64) {
    let mut walls: Vec<Duration> = runs.iter().map(|r| r.wall).collect();
    walls.sort();
    let rss = runs.iter().map(|r| r.max_rss_kib).max().unwrap_or(0);
    (walls[walls.len() / 2], rss)
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let e = e?;
        let dest = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_tree(&e.path(), &dest)?;
        } else {
            std::fs::copy(e.path(), &dest)?;
        }
    }
    Ok(())
}

/// The generator's inputs copied to `dir`, so the bench can edit a price without touching the
/// working tree.
pub fn copy_site_inputs(root: &Path, dir: &Path) -> Result<()> {
    for d in ["data", "content", "templates", "static"] {
        copy_tree(&root.join(d), &dir.join(d))?;
    }
    Ok(())
}

/// Output folders for fresh runs, each one never used before. Deleting a large tree just
/// before writing the next costs ext4 time (it skips recently freed inodes one by one) that
/// grew with every run deleted in the minutes before, for Hugo and ours alike; a clean
/// checkout has nothing deleted. So no timed run follows a deletion: the folders go when the
/// bench drops its temporary directory, after the timing.
pub struct Outputs {
    dir: PathBuf,
    runs: std::cell::Cell<usize>,
}

impl Outputs {
    pub fn new(dir: PathBuf) -> Self {
        Self {
            dir,
            runs: std::cell::Cell::new(0),
        }
    }

    /// A folder no run has used.
    pub fn next(&self) -> PathBuf {
        self.runs.set(self.runs.get() + 1);
        self.last()
    }

    /// The folder of the latest run.
    pub fn last(&self) -> PathBuf {
        self.dir.join(format!("run-{}", self.runs.get()))
    }
}

pub struct Generator {
    pub sitegen: PathBuf,
    pub wasm_dir: PathBuf,
}

impl Generator {
    /// `sitegen build` of `root` into `out` with `flags` (e.g. `--precompress best`).
    pub fn build(&self, root: &Path, out: &Path, flags: &[&str]) -> Result<Run> {
        timed(self.command(root, out).args(flags))
    }

    /// The same build into a folder that does not exist yet, with no cache unless `flags` give
    /// one: what a clean checkout, a CI run or a Pages deploy starts from.
    pub fn fresh(&self, root: &Path, outs: &Outputs, flags: &[&str]) -> Result<Run> {
        self.build(root, &outs.next(), flags)
    }

    /// What `--timings` printed for one more fresh build with `flags`.
    pub fn timings(&self, root: &Path, outs: &Outputs, flags: &[&str]) -> Result<String> {
        let o = self
            .command(root, &outs.next())
            .args(flags)
            .arg("--timings")
            .output()?;
        if !o.status.success() {
            bail!(
                "sitegen --timings failed: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        Ok(String::from_utf8_lossy(&o.stderr).into_owned())
    }

    fn command(&self, root: &Path, out: &Path) -> Command {
        let mut c = Command::new(&self.sitegen);
        c.arg("build")
            .arg("--root")
            .arg(root)
            .arg("--out")
            .arg(out)
            .arg("--wasm-dir")
            .arg(&self.wasm_dir);
        c
    }
}

/// Changes the first `input_mtok:` price in `data/pricing.yaml` (alternating between two
/// values, so every call is a real edit).
pub fn touch_price(root: &Path, round: usize) -> Result<()> {
    let file = root.join("data/pricing.yaml");
    let text = std::fs::read_to_string(&file)?;
    let Some(at) = text.find("input_mtok:") else {
        bail!("no input_mtok in {}", file.display())
    };
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let value: f64 = text[at + "input_mtok:".len()..line_end]
        .trim()
        .parse()
        .context("input_mtok is not a number")?;
    let new = if round.is_multiple_of(2) {
        value + 0.01
    } else {
        value - 0.01
    };
    let edited = format!("{}input_mtok: {new:.2}{}", &text[..at], &text[line_end..]);
    std::fs::write(&file, edited)?;
    Ok(())
}

/// Markdown body of synthetic page `i`: headings, paragraphs with links and emphasis, a list,
/// a table and a fenced code block; no template syntax of either generator.
fn synthetic_body(i: usize) -> String {
    let mut s = String::new();
    for sec in 0..3 {
        s.push_str(&format!(
            "## Section {sec} of page {i}\n\nClaude on a managed platform is priced per million tokens, and \
             the *same* workload can cost more or less depending on **caching** and batching. See \
             [the next page](/pages/p{:05}/) and [the calculator](/calculator/) for page {i}.\n\n\
             - first point about latency, {i}\n- second point about regions\n- third point about quotas\n\n",
            (i + 1) % 1000
        ));
    }
    s.push_str(
        "| route | input | output |\n|---|---:|---:|\n| direct | 3.00 | 15.00 |\n| managed | 3.00 | 15.00 |\n\n",
    );
    // Different on every page, so no generator can get away with highlighting it once.
    s.push_str(&format!(
        "```python\nimport anthropic\n\nclient = anthropic.Anthropic()\nprint(client.models.list(), {i})\n```\n"
    ));
    s
}

/// The Hugo layout of the synthetic tree, as a Hugo site would write it: the menu is rendered
/// once for the whole build (`partialCached`) rather than filtering every page for every page,
/// code fences are highlighted with CSS classes (`noClasses = false`, like ours), and the build
/// minifies (`--minify`). Printed into `BENCHMARKS.md` as it is.
pub const HUGO_LAYOUT: &[(&str, &str)] = &[
    (
        "hugo.toml",
        "baseURL = 'http://127.0.0.1/'\ntitle = 'Synthetic site'\n\
         disableKinds = ['taxonomy', 'term', 'RSS', 'sitemap', 'robotsTXT']\n\
         [markup.highlight]\nnoClasses = false\n",
    ),
    (
        "layouts/_default/baseof.html",
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{{ .Title }}</title><meta name=\"description\" content=\"{{ .Description }}\">\
         <link rel=\"canonical\" href=\"{{ .Permalink }}\"><link rel=\"stylesheet\" href=\"/style.css\"></head>\
         <body><a class=\"skip\" href=\"#main\">Skip to content</a><header><a href=\"/\">{{ .Site.Title }}</a>\
         {{ partialCached \"nav.html\" . }}</header>\
         <main id=\"main\">{{ block \"main\" . }}{{ end }}</main><footer><p>Synthetic benchmark site.</p></footer></body></html>\n",
    ),
    (
        "layouts/partials/nav.html",
        "<nav aria-label=\"Site\"><ul><li><a href=\"/\">Home</a></li>\
         {{ range where .Site.RegularPages \"Section\" \"\" }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></nav>\n",
    ),
    (
        "layouts/_default/single.html",
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n",
    ),
    (
        "layouts/_default/list.html",
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n",
    ),
    ("static/style.css", "body{font-family:sans-serif}\n"),
];

/// Writes `n` pages under `content/pages/` of both trees (ours in `ours/`, Hugo's in `hugo/`),
/// with the site's own templates on our side and [`HUGO_LAYOUT`] on Hugo's. Both menus list
/// the top-level pages, as the site's templates do: same output, same work.
pub fn write_synthetic(root: &Path, dir: &Path, n: usize) -> Result<(PathBuf, PathBuf)> {
    let ours = dir.join("ours");
    let hugo = dir.join("hugo");
    for d in ["data", "templates", "static"] {
        copy_tree(&root.join(d), &ours.join(d))?;
    }
    let front = |title: &str, desc: &str| {
        format!("---\ntitle: \"{title}\"\ndescription: \"{desc}\"\n---\n\n")
    };
    let index = "Synthetic pages for the build benchmark.\n";
    write(
        &ours.join("content/index.md"),
        &(front("Synthetic site", "Benchmark tree") + index),
    )?;
    write(
        &hugo.join("content/_index.md"),
        &(front("Synthetic site", "Benchmark tree") + index),
    )?;
    for i in 0..n {
        let page =
            front(&format!("Page {i}"), &format!("Synthetic page {i} of {n}")) + &synthetic_body(i);
        let name = format!("content/pages/p{i:05}.md");
        write(&ours.join(&name), &page)?;
        write(&hugo.join(&name), &page)?;
    }
    for (file, text) in HUGO_LAYOUT {
        write(&hugo.join(file), text)?;
    }
    Ok((ours, hugo))
}

fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p)?;
    }
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

/// Hugo building `site` (minified, like our generator's output), as a fresh checkout would: a
/// new output folder and an empty cache folder of its own (no `resources/` either).
pub fn hugo(hugo: &Path, site: &Path, outs: &Outputs) -> Result<Run> {
    let out = outs.next();
    let cache = tempfile::tempdir()?;
    let _ = std::fs::remove_dir_all(site.join("resources"));
    timed(
        Command::new(hugo)
            .args(["--quiet", "--minify", "--source"])
            .arg(site)
            .arg("--destination")
            .arg(&out)
            .arg("--cacheDir")
            .arg(cache.path()),
    )
}

/// Total bytes of the files under `dir`: all of them, and without the `.br`/`.gz` copies.
pub fn output_bytes(dir: &Path) -> (u64, u64) {
    let (mut all, mut plain) = (0, 0);
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if e.file_type().is_file() {
            let len = e.metadata().map_or(0, |m| m.len());
            all += len;
            let name = e.file_name().to_string_lossy();
            if !(name.ends_with(".br") || name.ends_with(".gz")) {
                plain += len;
            }
        }
    }
    (all, plain)
}

/// Total bytes of the `.br` copies under `dir`.
pub fn brotli_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.file_name().to_string_lossy().ends_with(".br"))
        .map(|e| e.metadata().map_or(0, |m| m.len()))
        .sum()
}
