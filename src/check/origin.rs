//! Where an editor wrote a URL the output check refused: the page's own Markdown first, then the
//! data files (FAQ answers, table cells), so a broken link names the line to fix, not only the
//! built page.

use crate::load::Inputs;

/// Input texts to search: (file, text, number of the text's first line minus one).
pub struct Origins {
    /// Output path of each page (`calculator/index.html`) with its source.
    pages: Vec<(String, String, String, usize)>,
    data: Vec<(String, String)>,
}

impl Origins {
    pub fn new(d: &Inputs) -> Self {
        Origins {
            pages: d
                .pages
                .iter()
                .map(|p| (p.out_path(), p.file.clone(), p.body.clone(), p.body_offset))
                .collect(),
            data: d
                .sources
                .iter()
                .map(|s| {
                    let lines: Vec<&str> = s.lines().map(|(_, l)| l).collect();
                    (s.file.clone(), lines.join("\n"))
                })
                .collect(),
        }
    }

    /// `content/x.md:12:5` where `url` is written as a link target for the output file `out_rel`.
    pub fn find(&self, out_rel: &str, url: &str) -> Option<String> {
        let page = self
            .pages
            .iter()
            .filter(|p| p.0 == out_rel)
            .map(|p| (p.1.as_str(), p.2.as_str(), p.3));
        let data = self.data.iter().map(|(f, t)| (f.as_str(), t.as_str(), 0));
        page.chain(data)
            .find_map(|(file, text, offset)| locate(text, url).map(|(l, c)| (file, l + offset, c)))
            .map(|(file, l, c)| format!("{file}:{l}:{c}"))
    }
}

/// Line and column (1-based) of `url` written as a Markdown link target, an autolink or a quoted
/// attribute value.
fn locate(text: &str, url: &str) -> Option<(usize, usize)> {
    if url.is_empty() {
        return None;
    }
    let at = ["](", "<", "\"", "'", "]: "].iter().find_map(|pre| {
        text.match_indices(&format!("{pre}{url}"))
            .find(|(i, _)| {
                // The URL must end there (not be a prefix of a longer one).
                let end = i + pre.len() + url.len();
                text[end..]
                    .chars()
                    .next()
                    .is_none_or(|c| matches!(c, ')' | '>' | '"' | '\'' | ' ' | '\n'))
            })
            .map(|(i, _)| i + pre.len())
    })?;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, col))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_link_targets_not_prefixes() {
        let t = "intro\nsee [a](/x/y) and [b](/x/)\n";
        assert_eq!(locate(t, "/x/"), Some((2, 23)));
        assert_eq!(locate(t, "/x/y"), Some((2, 9)));
        assert_eq!(locate(t, "/z"), None);
        assert_eq!(locate("<https://a.b/>", "https://a.b/"), Some((1, 2)));
    }
}
