//! Build-time `.br` and `.gz` copies of the text files, for servers that send a stored copy
//! to clients that accept it (nginx `brotli_static`/`gzip_static`, `cargo xtask serve`).
//!
//! Deterministic: no timestamps or names in the gzip header, fixed encoder settings, so the same
//! file and [`Precompress`] level give the same bytes on every machine and thread count. Brotli's
//! quality 11 costs about 2 ms per KB here, which made it most of a large build, so:
//! - the default level is [`Precompress::Fast`] (brotli 4, gzip 6), most of quality 11's savings
//!   at a small fraction of its time (`cargo xtask bench` prints the byte cost);
//! - a [`Cache`] (content-addressed, outside the output folder, e.g. under `target/`) keeps every
//!   copy it made, so a clean build of unchanged files compresses nothing;
//! - [`Precompress::Off`] writes none, for hosts that compress by themselves.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// How the `.br`/`.gz` copies are made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precompress {
    /// No copies: for hosts that compress on the fly (Netlify, Cloudflare, GitHub Pages).
    Off,
    /// Brotli quality 4, gzip level 6: the default, fast enough for any tree. On 5 KB pages,
    /// quality 4 took a tenth of quality 5's time here for copies about 8% larger.
    Fast,
    /// Brotli quality 11, gzip level 9: the smallest files, for a deploy (with a [`Cache`], each
    /// file is paid for once).
    Best,
}

impl Precompress {
    pub const NAMES: &'static str = "off, fast or best";

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "off" => Some(Self::Off),
            "fast" => Some(Self::Fast),
            "best" => Some(Self::Best),
            _ => None,
        }
    }

    /// The codecs this level writes copies with.
    pub fn codecs(self) -> &'static [Codec] {
        match self {
            Self::Off => &[],
            Self::Fast => &[Codec::Brotli(4), Codec::Gzip(6)],
            Self::Best => &[Codec::Brotli(11), Codec::Gzip(9)],
        }
    }
}

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

/// One encoder and its setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codec {
    /// Brotli at this quality (0-11).
    Brotli(i32),
    /// gzip at this level (0-9).
    Gzip(u32),
}

impl Codec {
    /// The copy's file-name suffix, and the `Content-Encoding` it is served with (`gz` = gzip).
    pub fn suffix(self) -> &'static str {
        match self {
            Self::Brotli(_) => "br",
            Self::Gzip(_) => "gz",
        }
    }

    pub fn encode(self, bytes: &[u8]) -> Vec<u8> {
        match self {
            Self::Brotli(q) => brotli_at(bytes, q),
            Self::Gzip(level) => gzip_at(bytes, level),
        }
    }

    pub fn decode(self, bytes: &[u8]) -> io::Result<Vec<u8>> {
        match self {
            Self::Brotli(_) => unbrotli(bytes),
            Self::Gzip(_) => gunzip(bytes),
        }
    }

    /// Names the setting in cache keys, so copies of two levels never mix.
    fn tag(self) -> String {
        match self {
            Self::Brotli(q) => format!("br{q}"),
            Self::Gzip(l) => format!("gz{l}"),
        }
    }
}

/// The decoders by suffix, for tests and tools that read copies back.
pub fn decoder(suffix: &str) -> Option<Codec> {
    match suffix {
        "br" => Some(Codec::Brotli(0)),
        "gz" => Some(Codec::Gzip(0)),
        _ => None,
    }
}

fn brotli_at(bytes: &[u8], quality: i32) -> Vec<u8> {
    // A window just larger than the file: the same matches, without setting up 16 MB of
    // window for a 5 KB page (which made small pages cost as much as large ones). Not below
    // 2^16: at qualities 5 to 9 the encoder picks a far slower hasher for smaller windows.
    let fits = (usize::BITS - bytes.len().max(1).leading_zeros()) as i32;
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        lgwin: (fits + 1).clamp(16, BROTLI_WINDOW),
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(bytes.len() / 3);
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("in-memory brotli");
    out
}

/// Brotli as [`Precompress::Best`] writes it.
pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    brotli_at(bytes, 11)
}

/// gzip as [`Precompress::Best`] writes it. Zopfli would save about 5% more but takes 100 times
/// as long; gzip is only the fallback for clients without brotli.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    gzip_at(bytes, 9)
}

fn gzip_at(bytes: &[u8], level: u32) -> Vec<u8> {
    // GzBuilder writes mtime 0 and no file name: the same bytes on every build.
    let mut enc = flate2::GzBuilder::new().write(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::new(level),
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

/// Compressed copies kept between builds, named by the SHA-256 of the original and the codec's
/// setting. It lives outside the output folder (a clean build starts without `public/` but keeps
/// `target/`), and a CI run can keep it between runs. An entry is used only when it decodes to
/// exactly the file (a truncated or tampered entry is compressed again), so deleting or
/// corrupting the folder costs time, never correctness.
#[derive(Clone, Debug)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    fn entry(&self, bytes: &[u8], codec: Codec) -> PathBuf {
        let hex: String = Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        self.dir
            .join(&hex[..2])
            .join(format!("{}.{}", &hex[2..], codec.tag()))
    }

    fn get(&self, entry: &Path, bytes: &[u8], codec: Codec) -> Option<Vec<u8>> {
        let packed = std::fs::read(entry).ok()?;
        codec
            .decode(&packed)
            .is_ok_and(|d| d == bytes)
            .then_some(packed)
    }

    /// Best effort: a cache that cannot be written only makes the next build slower.
    fn put(&self, entry: &Path, packed: &[u8]) {
        let Some(parent) = entry.parent() else { return };
        let _ = std::fs::create_dir_all(parent);
        // Written under a name of its own, then renamed: a reader never sees half an entry.
        let tmp = entry.with_extension(format!("tmp{}", std::process::id()));
        if std::fs::write(&tmp, packed).is_ok() && std::fs::rename(&tmp, entry).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

/// A copy to write, or none where it would not be smaller than the file.
pub struct Copy {
    pub suffix: &'static str,
    pub bytes: Vec<u8>,
    /// Taken from the cache rather than compressed now.
    pub cached: bool,
}

/// The copies of one file: one per codec of `level`, each only if smaller than the file.
pub fn copies(bytes: &[u8], level: Precompress, cache: Option<&Cache>) -> Vec<Copy> {
    level
        .codecs()
        .iter()
        .filter_map(|&codec| {
            let entry = cache.map(|c| (c, c.entry(bytes, codec)));
            let hit = entry.as_ref().and_then(|(c, e)| c.get(e, bytes, codec));
            let cached = hit.is_some();
            let packed = hit.unwrap_or_else(|| {
                let packed = codec.encode(bytes);
                if let Some((c, e)) = &entry {
                    c.put(e, &packed);
                }
                packed
            });
            (packed.len() < bytes.len()).then_some(Copy {
                suffix: codec.suffix(),
                bytes: packed,
                cached,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_is_deterministic() {
        let text = "<p>Claude on Bedrock</p>\n".repeat(200);
        for level in [Precompress::Fast, Precompress::Best] {
            for &codec in level.codecs() {
                let a = codec.encode(text.as_bytes());
                assert!(a.len() < text.len() / 10, "{codec:?}");
                assert_eq!(a, codec.encode(text.as_bytes()));
                let back = decoder(codec.suffix()).unwrap().decode(&a).unwrap();
                assert_eq!(back, text.as_bytes());
            }
        }
        // No modification time in the gzip header (bytes 4..8).
        assert_eq!(&gzip(b"x")[4..8], &[0, 0, 0, 0]);
    }

    #[test]
    fn levels_parse_and_off_writes_nothing() {
        assert_eq!(Precompress::parse("fast"), Some(Precompress::Fast));
        assert_eq!(Precompress::parse("best"), Some(Precompress::Best));
        assert_eq!(Precompress::parse("11"), None);
        let text = "abc ".repeat(1000);
        assert!(copies(text.as_bytes(), Precompress::Off, None).is_empty());
        assert_eq!(copies(text.as_bytes(), Precompress::Fast, None).len(), 2);
        // Nothing smaller than a two-byte file.
        assert!(copies(b"ab", Precompress::Best, None).is_empty());
    }

    #[test]
    fn the_cache_returns_what_it_stored_and_ignores_a_bad_entry() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        let text = "<li>Claude Platform on AWS</li>".repeat(300);
        let first = copies(text.as_bytes(), Precompress::Best, Some(&cache));
        assert!(first.iter().all(|c| !c.cached));
        let again = copies(text.as_bytes(), Precompress::Best, Some(&cache));
        assert!(again.iter().all(|c| c.cached));
        for (a, b) in first.iter().zip(&again) {
            assert_eq!(a.bytes, b.bytes);
        }
        // Another level is another entry, not a hit.
        let fast = copies(text.as_bytes(), Precompress::Fast, Some(&cache));
        assert!(fast.iter().all(|c| !c.cached));
        // A tampered entry is compressed again (and replaced).
        let entry = cache.entry(text.as_bytes(), Codec::Brotli(11));
        std::fs::write(&entry, brotli(b"not the page")).unwrap();
        let healed = copies(text.as_bytes(), Precompress::Best, Some(&cache));
        assert!(!healed[0].cached);
        assert_eq!(healed[0].bytes, first[0].bytes);
        assert!(copies(text.as_bytes(), Precompress::Best, Some(&cache))[0].cached);
    }

    #[test]
    fn text_types_only() {
        assert!(is_text("assets/calculator_bg.0123456789.wasm"));
        assert!(is_text("index.HTML"));
        assert!(!is_text("_headers"));
        assert!(!is_text("img/a.png"));
    }
}
