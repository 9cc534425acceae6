//! Build-time `.br` and `.gz` copies of the text files, for servers that send a stored copy
//! to clients that accept it (nginx `brotli_static`/`gzip_static`, `cargo xtask serve`).
//!
//! Deterministic: no timestamps or names in the gzip header, fixed encoder settings. Brotli at
//! quality 11 is slow (about 2 ms per KB here), so a copy whose original is byte-identical to
//! the previous build's is taken over from it after decoding it to check, and the rest are
//! compressed on every core.

use std::io::{self, Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Brotli's highest quality.
pub const BROTLI_QUALITY: i32 = 11;
/// 16 MB, the largest window of standard brotli (RFC 7932). "Large-window" brotli (up to 1 GB)
/// is a different format that browsers do not decode; the site's files are far smaller anyway.
pub const BROTLI_WINDOW: i32 = 24;

/// Extensions that get compressed copies: the text formats of the site, and wasm.
pub const TEXT_EXTENSIONS: &[&str] = &[
    "html",
    "css",
    "js",
    "mjs",
    "wasm",
    "svg",
    "xml",
    "json",
    "txt",
    "webmanifest",
];

/// Whether `rel` is a file type that gets `.br`/`.gz` copies.
pub fn is_text(rel: &str) -> bool {
    rel.rsplit_once('.')
        .is_some_and(|(_, ext)| TEXT_EXTENSIONS.iter().any(|e| e.eq_ignore_ascii_case(ext)))
}

pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: BROTLI_QUALITY,
        lgwin: BROTLI_WINDOW,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(bytes.len() / 3);
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("in-memory brotli");
    out
}

/// gzip at flate2's best level. Zopfli would save about 5% more but takes 100 times as long
/// (measured on this site: 2.8 s against 23 ms); gzip is only the fallback for old clients.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    // GzBuilder writes mtime 0 and no file name: the same bytes on every build.
    let mut enc = flate2::GzBuilder::new().write(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::best(),
    );
    enc.write_all(bytes).expect("in-memory gzip");
    enc.finish().expect("in-memory gzip")
}

pub fn unbrotli(bytes: &[u8]) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096).read_to_end(&mut out)?;
    Ok(out)
}

pub fn gunzip(bytes: &[u8]) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out)?;
    Ok(out)
}

type Codec = (
    &'static str,
    fn(&[u8]) -> Vec<u8>,
    fn(&[u8]) -> io::Result<Vec<u8>>,
);

/// The copies written, by file-name suffix.
pub const CODECS: &[Codec] = &[("br", brotli, unbrotli), ("gz", gzip, gunzip)];

/// Writes `<rel>.br` and `<rel>.gz` into `dir` for every text file of `files` (relative path,
/// bytes as written), each only where it is smaller than the file. Copies are taken from
/// `previous` (the last build's output) when they decode to exactly these bytes.
pub fn write_copies(dir: &Path, files: &[(&str, &[u8])], previous: &Path) -> io::Result<()> {
    let mut jobs: Vec<(&str, &[u8], &Codec)> = files
        .iter()
        .filter(|(rel, _)| is_text(rel))
        .flat_map(|&(rel, bytes)| CODECS.iter().map(move |c| (rel, bytes, c)))
        .collect();
    // Largest first, so one big page does not run alone at the end.
    jobs.sort_by_key(|(rel, bytes, c)| (std::cmp::Reverse(bytes.len()), *rel, c.0));
    let next = AtomicUsize::new(0);
    let failed: Mutex<Option<io::Error>> = Mutex::new(None);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(&(rel, bytes, codec)) = jobs.get(i) else {
                    return;
                };
                if let Err(e) = one(dir, rel, bytes, codec, previous) {
                    *failed.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
                    return;
                }
            });
        }
    });
    match failed.into_inner().unwrap_or_else(|p| p.into_inner()) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

fn one(dir: &Path, rel: &str, bytes: &[u8], codec: &Codec, previous: &Path) -> io::Result<()> {
    let (suffix, encode, decode) = *codec;
    let name = format!("{rel}.{suffix}");
    let reused = std::fs::read(previous.join(&name))
        .ok()
        .filter(|old| decode(old).is_ok_and(|d| d == bytes));
    let packed = reused.unwrap_or_else(|| encode(bytes));
    if packed.len() < bytes.len() {
        std::fs::write(dir.join(name), packed)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_is_deterministic() {
        let text = "<p>Claude on Bedrock</p>\n".repeat(200);
        for (_, enc, dec) in CODECS {
            let a = enc(text.as_bytes());
            assert!(a.len() < text.len() / 10);
            assert_eq!(a, enc(text.as_bytes()));
            assert_eq!(dec(&a).unwrap(), text.as_bytes());
        }
        // No modification time in the gzip header (bytes 4..8).
        assert_eq!(&gzip(b"x")[4..8], &[0, 0, 0, 0]);
    }

    #[test]
    fn text_types_only() {
        assert!(is_text("assets/calculator_bg.0123456789.wasm"));
        assert!(is_text("index.HTML"));
        assert!(!is_text("_headers"));
        assert!(!is_text("img/a.png"));
    }
}
