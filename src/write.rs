//! The only code that writes output. Pages are minified, everything goes into a temporary
//! directory next to the output directory, and that directory replaces the output only after
//! every file was written: a failed build leaves the previous site byte-for-byte intact.

use std::borrow::Cow;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::assets::Assets;
use crate::compress;
use crate::deploy::{netlify, POLICY};
use crate::render::OutFile;

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

fn put(dir: &Path, rel: &str, bytes: &[u8]) -> io::Result<()> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(&path, bytes)
}

/// Writes `files` and `assets` as the new contents of `out`. Returns the number of pages.
pub fn write_site(out: &Path, files: &[OutFile], assets: &Assets) -> io::Result<usize> {
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    let tmp = sibling(out, "tmp");
    if tmp.exists() {
        fs::remove_dir_all(&tmp)?;
    }
    fs::create_dir_all(&tmp)?;
    let written = (|| {
        let mut pages = 0;
        let mut all: Vec<(&str, Cow<[u8]>)> = Vec::new();
        for (rel, bytes) in &assets.files {
            put(&tmp, rel, bytes)?;
            all.push((rel, Cow::Borrowed(bytes)));
        }
        for f in files {
            let bytes = if f.html {
                pages += 1;
                Cow::Owned(minify(&f.bytes))
            } else {
                Cow::Borrowed(&f.bytes[..])
            };
            put(&tmp, &f.path, &bytes)?;
            all.push((&f.path, bytes));
        }
        // What static hosts and nginx need next to the files: the header policy, and
        // pre-compressed copies (reused from the current output where unchanged).
        let rels: Vec<&str> = all.iter().map(|(rel, _)| *rel).collect();
        put(
            &tmp,
            netlify::FILE,
            netlify::render(&POLICY, &rels).as_bytes(),
        )?;
        let all: Vec<(&str, &[u8])> = all.iter().map(|(rel, b)| (*rel, &b[..])).collect();
        compress::write_copies(&tmp, &all, out)?;
        Ok(pages)
    })();
    let pages = match written {
        Ok(n) => n,
        Err(e) => {
            let _ = fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };
    swap(&tmp, out)?;
    Ok(pages)
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

/// Removes a temporary directory a failed render may have left (no-op normally).
pub fn discard(out: &Path) {
    let _ = fs::remove_dir_all(sibling(out, "tmp"));
}
