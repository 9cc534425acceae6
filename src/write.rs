//! The only code that writes output. Pages are minified, everything (with its precompressed
//! copies) goes into a temporary directory next to the output directory, and that directory
//! replaces the output only after every file was written: a failed build leaves the previous
//! site byte-for-byte intact.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use rayon::prelude::*;

use crate::assets::Assets;
use crate::compress::{self, Cache, Precompress};
use crate::deploy::{netlify, POLICY};
use crate::render::OutFile;
use crate::timings::Timings;

/// Minified HTML that stays valid HTML5 (closing tags, quoted attributes, doctype kept).
pub fn minify(html: &[u8]) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_closing_tags = true;
    cfg.keep_html_and_head_opening_tags = true;
    // Inline CSS/JS do not exist (CSP); JSON-LD is left as written.
    cfg.minify_css = false;
    cfg.minify_js = false;
    minify_html::minify(html, &cfg)
}

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!("{name}.{tag}-{}", std::process::id()))
}

/// How the writer makes the precompressed copies.
#[derive(Clone, Debug)]
pub struct WriteOptions {
    pub precompress: Precompress,
    pub cache: Option<Cache>,
}

/// What was written.
#[derive(Debug, Default)]
pub struct Written {
    pub pages: usize,
    /// Every file, copies included.
    pub files: usize,
}

/// Writes `files` and `assets` as the new contents of `out`. Pages are minified, and each file
/// with its copies is written by whichever thread of the current rayon pool takes it: the output
/// is the same bytes whatever the thread count (a test builds with one and with several).
pub fn write_site(
    out: &Path,
    files: &[OutFile],
    assets: &Assets,
    opts: &WriteOptions,
    timings: &Timings,
) -> io::Result<Written> {
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    let tmp = sibling(out, "tmp");
    if tmp.exists() {
        fs::remove_dir_all(&tmp)?;
    }
    fs::create_dir_all(&tmp)?;
    let written = (|| {
        let mut all: Vec<(&str, &[u8], bool)> = Vec::new();
        all.extend(
            assets
                .files
                .iter()
                .map(|(rel, b)| (rel.as_str(), &b[..], false)),
        );
        all.extend(
            files
                .iter()
                .map(|f| (f.path.as_str(), &f.bytes[..], f.html)),
        );
        // What static hosts need next to the files: the header policy.
        let rels: Vec<&str> = all.iter().map(|(rel, _, _)| *rel).collect();
        let headers = netlify::render(&POLICY, &rels);
        all.push((netlify::FILE, headers.as_bytes(), false));
        // Each folder once, before the threads start (10,000 pages are 10,000 folders; asking
        // for each of them again per file was a visible share of the kernel's time).
        timings.files.time(|| make_folders(&tmp, &rels))?;
        let counts = all
            .par_iter()
            .map(|&(rel, bytes, html)| write_one(&tmp, rel, bytes, html, opts, timings))
            .collect::<io::Result<Vec<usize>>>()?;
        Ok(Written {
            pages: all.iter().filter(|(_, _, html)| *html).count(),
            files: counts.iter().sum(),
        })
    })();
    let written = match written {
        Ok(n) => n,
        Err(e) => {
            let _ = fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };
    swap(&tmp, out)?;
    Ok(written)
}

fn make_folders(dir: &Path, rels: &[&str]) -> io::Result<()> {
    let mut folders: Vec<&str> = rels
        .iter()
        .filter_map(|rel| rel.rsplit_once('/').map(|(folder, _)| folder))
        .collect();
    folders.sort_unstable();
    folders.dedup();
    for folder in folders {
        fs::create_dir_all(dir.join(folder))?;
    }
    Ok(())
}

/// One file (minified if a page) and its copies; returns how many files that made.
fn write_one(
    dir: &Path,
    rel: &str,
    bytes: &[u8],
    html: bool,
    opts: &WriteOptions,
    t: &Timings,
) -> io::Result<usize> {
    let minified;
    let bytes = if html {
        minified = t.minify.time(|| minify(bytes));
        &minified[..]
    } else {
        bytes
    };
    let path = dir.join(rel);
    t.files.time(|| fs::write(&path, bytes))?;
    if !compress::is_text(rel) {
        return Ok(1);
    }
    let copies = t
        .compress
        .time(|| compress::copies(bytes, opts.precompress, opts.cache.as_ref()));
    let cached = copies.iter().filter(|c| c.cached).count();
    t.copies.fetch_add(copies.len(), Ordering::Relaxed);
    t.copies_cached.fetch_add(cached, Ordering::Relaxed);
    for c in &copies {
        let name = format!("{rel}.{}", c.suffix);
        t.files.time(|| fs::write(dir.join(name), &c.bytes))?;
    }
    Ok(1 + copies.len())
}

/// Replaces `out` with `new` (two renames; on failure the old tree is put back).
fn swap(new: &Path, out: &Path) -> io::Result<()> {
    if !out.exists() {
        return fs::rename(new, out);
    }
    let old = sibling(out, "old");
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    fs::rename(out, &old)?;
    if let Err(e) = fs::rename(new, out) {
        fs::rename(&old, out)?;
        let _ = fs::remove_dir_all(new);
        return Err(e);
    }
    fs::remove_dir_all(&old)
}
