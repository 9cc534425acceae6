//! Which price-book model a log's model id names. Logs carry the id a request named, on any
//! provider and in any of its spellings: `claude-sonnet-5-5`, a dated
//! `claude-haiku-4-5-20251001`, Bedrock's `global.anthropic.claude-haiku-4-5-20251001-v1:0`
//! or an inference-profile ARN. Each is reduced to one normal form and compared with the
//! offers' API ids, reduced the same way.

use crate::prices::PriceBook;

pub struct Models {
    /// (normal form, model id), from every offer's API id and every model id.
    known: Vec<(String, String)>,
}

impl Models {
    pub fn new(book: &PriceBook) -> Models {
        let mut known: Vec<(String, String)> = Vec::new();
        let mut add = |name: &str, model: &str| {
            let n = normalise(name);
            if !n.is_empty() && !name.contains('*') && !known.iter().any(|(k, _)| *k == n) {
                known.push((n, model.to_owned()));
            }
        };
        for o in &book.offers {
            add(&o.api_id, &o.model);
        }
        for o in &book.offers {
            add(&o.model, &o.model);
            add(&crate::format::cat(&["claude-", &o.model]), &o.model);
        }
        Models { known }
    }

    /// The model id of the book a log's name stands for.
    pub fn resolve(&self, name: &str) -> Option<&str> {
        let n = normalise(name);
        self.known
            .iter()
            .find(|(k, _)| *k == n)
            .map(|(_, m)| m.as_str())
    }
}

/// Lower case; an ARN's last segment; no region or `global.` prefix, no `anthropic.`, no
/// `-v1:0` version and no `-YYYYMMDD` snapshot date. Works on bytes: str slicing and
/// substring search would bring the standard library's panic formatting and searcher into
/// the importer's wasm.
pub fn normalise(id: &str) -> String {
    let mut b: &[u8] = id.trim_ascii().as_bytes();
    if let Some(i) = b.iter().rposition(|&c| c == b'/') {
        b = &b[i + 1..];
    }
    if let Some(i) = find(b, b"anthropic.") {
        b = &b[i + b"anthropic.".len()..];
    }
    let digits = |t: &[u8]| !t.is_empty() && t.iter().all(u8::is_ascii_digit);
    if let Some(i) = b.iter().rposition(|&c| c == b':') {
        if digits(&b[i + 1..]) {
            b = &b[..i];
        }
    }
    if let Some(i) = b.iter().rposition(|&c| c == b'-') {
        if b.get(i + 1) == Some(&b'v') && digits(&b[i + 2..]) {
            b = &b[..i];
        }
    }
    if let Some(i) = b.iter().rposition(|&c| c == b'-') {
        if b.len() - i == 9 && digits(&b[i + 1..]) {
            b = &b[..i];
        }
    }
    String::from_utf8(b.to_ascii_lowercase()).unwrap_or_default()
}

/// Where `needle` starts in `hay`.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_model() {
        for id in [
            "claude-haiku-4-5",
            "claude-haiku-4-5-20251001",
            "anthropic.claude-haiku-4-5-20251001-v1:0",
            "global.anthropic.claude-haiku-4-5-20251001-v1:0",
            "us.anthropic.claude-haiku-4-5-20251001-v1:0",
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0",
            "Claude-Haiku-4-5",
        ] {
            assert_eq!(normalise(id), "claude-haiku-4-5", "{id}");
        }
        assert_eq!(
            normalise("global.anthropic.claude-sonnet-5-5"),
            "claude-sonnet-5-5"
        );
    }
}
