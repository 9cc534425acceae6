//! YAML parsing with positions: typed deserialisation whose errors carry file:line:col, and the
//! paths (`offers[2].input_mtok`) that name a value. Where each value was written is read once,
//! at load, by `spans.rs`.

use serde::de::DeserializeOwned;

use crate::diag::Diagnostic;

/// One step of a path into a YAML document: a mapping key or a sequence index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

impl From<&str> for Seg {
    fn from(s: &str) -> Self {
        Seg::Key(s.to_owned())
    }
}
impl From<usize> for Seg {
    fn from(i: usize) -> Self {
        Seg::Index(i)
    }
}

/// Builds a path: `path!["offers", 2, "input_mtok"]`.
#[macro_export]
macro_rules! path {
    ($($s:expr),* $(,)?) => {{
        #[allow(clippy::useless_vec)]
        let p = vec![$($crate::load::yaml::Seg::from($s)),*];
        p
    }};
}

/// `offers[2].input_mtok`, the way serde_yaml prints paths.
pub fn path_string(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Reads a file as UTF-8 text; refuses non-UTF-8 with the position of the first bad byte.
pub fn read_text(abs: &std::path::Path, rel: &str) -> Result<String, Diagnostic> {
    let bytes =
        std::fs::read(abs).map_err(|e| Diagnostic::file(rel, format!("cannot read file: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let good = std::str::from_utf8(good).unwrap_or_default();
        let line = good.matches('\n').count() + 1;
        let col = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Diagnostic::new(rel, line, col, "file is not valid UTF-8")
    })
}

/// Parses `text` (from `file`, whose first line is line `1 + line_offset` of the file) into `T`.
pub fn parse<T: DeserializeOwned>(
    file: &str,
    text: &str,
    line_offset: usize,
) -> Result<T, Diagnostic> {
    if text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---"
    }) {
        return Err(Diagnostic::new(
            file,
            line_offset.max(1),
            0,
            "file is empty (expected a YAML mapping)",
        ));
    }
    serde_yaml::from_str(text).map_err(|e| {
        let (line, col) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        let msg = clean_message(&e.to_string());
        // serde reports a duplicate field at the start of its mapping; point at the repeat.
        let (line, col) = duplicate_position(text, &msg, line, col).unwrap_or((line, col));
        // An error at the very end of a file without a final newline is reported one line past
        // it; point at the end of the last line instead, so the snippet has a line to show.
        let last = text.lines().count().max(1);
        let (line, col) = if line > last {
            let end = text.lines().last().map_or(0, |l| l.chars().count());
            (last, end + 1)
        } else {
            (line, col)
        };
        match unclosed_quote(&e.to_string()) {
            // Where the quote opened, which is what needs the fix; where the parser noticed.
            Some(((ql, qc), problem)) => Diagnostic::new(
                file,
                ql + line_offset,
                qc,
                format!(
                    "unclosed quote: the string that opens here does not end ({problem} at line {} column {col})",
                    line + line_offset
                ),
            ),
            None => {
                let d = Diagnostic::new(file, line + line_offset, col, msg);
                match quote_running_into(text, line, col) {
                    // A quote left open swallows the lines after it up to the next quote
                    // character; the parser notices only there. Say where it opened.
                    Some((ql, qc)) => d.with_note(
                        ql + line_offset,
                        qc,
                        format!(
                            "the quote opened here: line {} col {qc} (its string runs on to line {}, where the parser noticed)",
                            ql + line_offset,
                            line + line_offset
                        ),
                    ),
                    None => d,
                }
            }
        }
    })
}

/// A quoted string of `text` that opened on an earlier line than `line` and is still open at
/// `line`:`col`, or closed on `line` before `col`: where its quote is (1-based line and column).
/// Quotes count where a YAML scalar can start (at the start of a line or after `:`, `-`, `?`,
/// `[`, `{` or `,`), not inside plain text (`it's`) or a comment.
fn quote_running_into(text: &str, line: usize, col: usize) -> Option<(usize, usize)> {
    let mut open: Option<(char, usize, usize)> = None;
    let mut last: Option<(usize, usize)> = None;
    for (i, l) in text.lines().enumerate().take(line) {
        let n = i + 1;
        let mut prev = None;
        let mut chars = l.chars().enumerate().peekable();
        while let Some((j, c)) = chars.next() {
            let c_col = j + 1;
            if n == line && c_col >= col {
                break;
            }
            match open {
                Some(('"', ..)) if c == '\\' => {
                    chars.next();
                }
                Some(('\'', ..)) if c == '\'' && chars.peek().is_some_and(|(_, d)| *d == '\'') => {
                    chars.next();
                }
                Some((q, ql, qc)) if c == q => {
                    open = None;
                    last = (n == line && ql < line).then_some((ql, qc));
                }
                Some(_) => {}
                None if c == '#' && prev.is_none_or(char::is_whitespace) => break,
                None if matches!(c, '"' | '\'')
                    && l[..l.char_indices().nth(j).map_or(l.len(), |(b, _)| b)]
                        .trim_end()
                        .chars()
                        .last()
                        .is_none_or(|p| matches!(p, ':' | '-' | '?' | '[' | '{' | ',')) =>
                {
                    open = Some((c, n, c_col));
                }
                None => {}
            }
            prev = Some(c);
        }
    }
    match open {
        Some((_, ql, qc)) if ql < line => Some((ql, qc)),
        _ => last,
    }
}

/// For libyaml's "found unexpected end of stream ..., while scanning a quoted scalar at line L
/// column C" (or a `---` inside the string): the quote's position and the problem.
fn unclosed_quote(msg: &str) -> Option<((usize, usize), &str)> {
    let (head, ctx) = msg.split_once(", while scanning a quoted scalar at line ")?;
    let problem = head.split(" at ").next()?;
    if !matches!(
        problem,
        "found unexpected end of stream" | "found unexpected document indicator"
    ) {
        return None;
    }
    let (l, rest) = ctx.split_once(" column ")?;
    let c: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some(((l.parse().ok()?, c.parse().ok()?), problem))
}

/// For "duplicate field `k`" at a mapping starting at (line, col): the second line that opens
/// with `k:` at the mapping's indentation.
fn duplicate_position(text: &str, msg: &str, line: usize, col: usize) -> Option<(usize, usize)> {
    let key = msg.split("duplicate field `").nth(1)?.split('`').next()?;
    let indent = col.checked_sub(1)?;
    let mut seen = 0;
    for (i, l) in text.lines().enumerate().skip(line.saturating_sub(1)) {
        let body = l.get(indent..)?;
        let at_indent = l[..indent].chars().all(|c| c == ' ' || c == '-');
        if at_indent
            && body
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        {
            seen += 1;
            if seen == 2 {
                return Some((i + 1, col));
            }
        }
    }
    None
}

/// serde_yaml appends " at line L column C" (or " at position N"); we print the position up
/// front instead, compiler style.
fn clean_message(msg: &str) -> String {
    let mut out = String::new();
    let mut rest = msg;
    while let Some(i) = rest.find(" at ") {
        let after = &rest[i + 4..];
        match mark_len(after) {
            Some(n) => {
                out.push_str(&rest[..i]);
                rest = &after[n..];
            }
            None => {
                out.push_str(&rest[..i + 4]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Length of `line 3 column 5` or `position 12` at the start of `s`.
fn mark_len(s: &str) -> Option<usize> {
    fn digits(s: &str) -> usize {
        s.bytes().take_while(u8::is_ascii_digit).count()
    }
    if let Some(r) = s.strip_prefix("line ") {
        let d1 = digits(r);
        let r2 = r[d1..].strip_prefix(" column ")?;
        let d2 = digits(r2);
        (d1 > 0 && d2 > 0).then_some(5 + d1 + 8 + d2)
    } else if let Some(r) = s.strip_prefix("position ") {
        let d = digits(r);
        (d > 0).then_some(9 + d)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unclosed_quote_points_at_the_quote() {
        let e = parse::<serde_yaml::Value>("f.yaml", "a: 1\nb: \"open\nc: 2\n", 0).unwrap_err();
        assert_eq!(
            e.headline(),
            "f.yaml:2:4: unclosed quote: the string that opens here does not end (found unexpected end of stream at line 3 column 5)"
        );
    }

    #[test]
    fn a_quote_left_open_is_noted_where_it_opened() {
        let text = "a: \"open\nb: 1\nc: { d: \"x\" }\n";
        let e = parse::<serde_yaml::Value>("f.yaml", text, 0).unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert_eq!(
            e.notes.iter().map(|n| (n.line, n.col)).collect::<Vec<_>>(),
            [(1, 4)],
            "{e}"
        );
        // Quotes inside plain text, comments and closed strings are not openings.
        assert_eq!(
            quote_running_into("a: it's\n# don't\nb: 'x'\nc: [\n", 4, 1),
            None
        );
        assert_eq!(
            quote_running_into("a: 'it''s\n  more'\n", 2, 9),
            Some((1, 4))
        );
    }

    #[test]
    fn strips_marks() {
        assert_eq!(clean_message("a: bad at line 3 column 5"), "a: bad");
        assert_eq!(clean_message("did not find expected key at line 3 column 5, while parsing a block mapping at line 1 column 1"),
            "did not find expected key, while parsing a block mapping");
    }
}
