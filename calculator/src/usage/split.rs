//! Cutting a byte stream into records: lines (JSON Lines, CSV) or the elements of a top-level
//! JSON array, decided by the file's first character. Chunks may end anywhere, even inside a
//! character; a record's bytes are handed over whole, with the line it starts on.

/// A piece of the file for [`super::record::take`].
pub enum Item<'a> {
    /// A line (without its line break) or an array element.
    Text { line: u32, bytes: &'a [u8] },
    /// The file is not text of a kind the reader takes.
    Refuse(String),
}

#[derive(Default)]
pub struct Splitter {
    mode: Mode,
    /// The unfinished record.
    buf: Vec<u8>,
    /// Lines completed so far, and the line the unfinished record starts on.
    lines: u32,
    start: u32,
    /// Array mode: nesting depth, inside a string, after a backslash, after the closing `]`.
    depth: u32,
    in_str: bool,
    escaped: bool,
    closed: bool,
}

#[derive(Default, PartialEq)]
enum Mode {
    /// Nothing but whitespace (or a byte-order mark) seen yet.
    #[default]
    Start,
    Lines,
    Array,
    Refused,
}

impl Splitter {
    pub fn lines(&self) -> u32 {
        self.lines
    }

    pub fn push(&mut self, mut bytes: &[u8], out: &mut dyn FnMut(Item)) {
        if self.mode == Mode::Start {
            // A UTF-8 byte-order mark is not content (spreadsheet exports begin with one).
            if self.buf.is_empty() && self.lines == 0 {
                if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
                    bytes = rest;
                }
            }
            let Some(first) = bytes.iter().position(|b| !b.is_ascii_whitespace()) else {
                self.count_lines(bytes);
                return;
            };
            if let Some(why) = other_kind(&bytes[first..]) {
                self.mode = Mode::Refused;
                out(Item::Refuse(why));
                return;
            }
            self.mode = if bytes[first] == b'[' {
                self.count_lines(&bytes[..first]);
                self.depth = 0;
                bytes = &bytes[first..];
                Mode::Array
            } else {
                Mode::Lines
            };
            self.start = self.lines + 1;
        }
        match self.mode {
            Mode::Lines => self.push_lines(bytes, out),
            Mode::Array => self.push_array(bytes, out),
            Mode::Start | Mode::Refused => {}
        }
    }

    pub fn finish(&mut self, out: &mut dyn FnMut(Item)) {
        match self.mode {
            Mode::Lines if !self.buf.is_empty() => {
                self.lines += 1;
                out(Item::Text {
                    line: self.lines,
                    bytes: &self.buf,
                });
                self.buf.clear();
            }
            Mode::Lines => {}
            Mode::Array => {
                if !self.closed {
                    out(Item::Refuse(
                        "The JSON array is not closed: the file ends before its final ]. \
                         Was it cut short?"
                            .into(),
                    ));
                }
                self.lines += 1;
            }
            Mode::Start | Mode::Refused => {}
        }
    }

    fn count_lines(&mut self, bytes: &[u8]) {
        self.lines += bytes.iter().filter(|&&b| b == b'\n').count() as u32;
    }

    fn push_lines(&mut self, bytes: &[u8], out: &mut dyn FnMut(Item)) {
        let mut rest = bytes;
        while let Some(nl) = rest.iter().position(|&b| b == b'\n') {
            self.lines += 1;
            let mut line = &rest[..nl];
            if self.buf.is_empty() {
                line = line.strip_suffix(b"\r").unwrap_or(line);
                out(Item::Text {
                    line: self.lines,
                    bytes: line,
                });
            } else {
                self.buf.extend_from_slice(line);
                if self.buf.last() == Some(&b'\r') {
                    self.buf.pop();
                }
                out(Item::Text {
                    line: self.lines,
                    bytes: &self.buf,
                });
                self.buf.clear();
            }
            rest = &rest[nl + 1..];
        }
        self.buf.extend_from_slice(rest);
    }

    /// Hands over each element of the top-level array. Elements are found by depth, strings
    /// and escapes considered; whether an element is valid JSON is the record reader's concern.
    fn push_array(&mut self, bytes: &[u8], out: &mut dyn FnMut(Item)) {
        for &b in bytes {
            if b == b'\n' {
                self.lines += 1;
            }
            if self.closed {
                if !b.is_ascii_whitespace() {
                    self.closed = false;
                    self.mode = Mode::Refused;
                    out(Item::Refuse(
                        "There is text after the JSON array's closing ]: expected one array, \
                         or JSON Lines (one object per line)."
                            .into(),
                    ));
                    return;
                }
                continue;
            }
            if self.in_str {
                self.buf.push(b);
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_str = false;
                }
                continue;
            }
            match b {
                b'[' | b'{' => {
                    self.depth += 1;
                    if self.depth == 1 {
                        continue; // the array's own bracket
                    }
                }
                b']' | b'}' if self.depth <= 1 => {
                    // The array ends (a stray `}` ends it too, and the element says why).
                    self.emit(out);
                    self.closed = true;
                    self.depth = 0;
                    continue;
                }
                b']' | b'}' => self.depth -= 1,
                b',' if self.depth == 1 => {
                    self.emit(out);
                    continue;
                }
                b'"' => self.in_str = true,
                _ => {}
            }
            if self.buf.is_empty() {
                if b.is_ascii_whitespace() {
                    continue;
                }
                self.start = self.lines + 1;
            }
            self.buf.push(b);
        }
    }

    fn emit(&mut self, out: &mut dyn FnMut(Item)) {
        while self.buf.last().is_some_and(u8::is_ascii_whitespace) {
            self.buf.pop();
        }
        if !self.buf.is_empty() {
            out(Item::Text {
                line: self.start,
                bytes: &self.buf,
            });
            self.buf.clear();
        }
    }
}

/// A file that is plainly not a text log, by its first bytes.
fn other_kind(head: &[u8]) -> Option<String> {
    let what = if head.starts_with(b"\x1f\x8b") {
        "This file is gzip-compressed: decompress it first."
    } else if head.starts_with(b"PK\x03\x04") {
        "This is a ZIP archive (or an .xlsx sheet: save it as CSV)."
    } else if head.starts_with(b"%PDF") {
        "This is a PDF document."
    } else if head.iter().take(512).any(|&b| b == 0) {
        "This is a binary file, not text."
    } else {
        return None;
    };
    Some(crate::format::cat(&[
        what,
        " Expected a usage log: JSON Lines, a JSON array or CSV.",
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(chunks: &[&[u8]]) -> (Vec<(u32, String)>, u32) {
        let mut s = Splitter::default();
        let mut got = Vec::new();
        let mut take = |i: Item| match i {
            Item::Text { line, bytes } => {
                got.push((line, String::from_utf8_lossy(bytes).into_owned()))
            }
            Item::Refuse(why) => got.push((0, why)),
        };
        for c in chunks {
            s.push(c, &mut take);
        }
        s.finish(&mut take);
        (got, s.lines())
    }

    #[test]
    fn lines_across_chunks() {
        let (got, lines) = split(&[b"\xef\xbb\xbfa,b\r\n1,", b"2\n\n3,4"]);
        assert_eq!(
            got,
            [
                (1, "a,b".into()),
                (2, "1,2".into()),
                (3, "".into()),
                (4, "3,4".into())
            ]
        );
        assert_eq!(lines, 4);
    }

    #[test]
    fn array_elements_with_their_lines() {
        let text = b"\n[\n  {\"a\": \"],{\\\"\"},\n  {\"b\": [1, 2]}\n]\n";
        for cut in 0..text.len() {
            let (got, _) = split(&[&text[..cut], &text[cut..]]);
            assert_eq!(
                got,
                [
                    (3, "{\"a\": \"],{\\\"\"}".into()),
                    (4, "{\"b\": [1, 2]}".into())
                ],
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn refuses_other_kinds() {
        assert!(split(&[b"\x1f\x8b\x08\0"]).0[0].1.contains("gzip"));
        assert!(split(&[b"PK\x03\x04"]).0[0].1.contains("ZIP"));
        assert!(split(&[b"[{\"a\":1}"])
            .0
            .last()
            .unwrap()
            .1
            .contains("not closed"));
        assert!(split(&[b"[{\"a\":1}] x"]).0[1]
            .1
            .contains("after the JSON array"));
    }
}
