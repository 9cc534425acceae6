//! Where every value of a data file was written: the load stage reads each file's positions once,
//! with the parser serde_yaml itself runs (libyaml), and hands them to the later stages as data.
//! A check, a table cell or a scenario error then asks `Source::node(path)` instead of parsing
//! the text again.

use std::collections::BTreeMap;

use super::yaml::{path_string, Seg};
use crate::diag::Diagnostic;

/// A 1-based line and column (characters), counted from the start of the file; `0:0` is "no
/// position known".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// One node of a document with its positions.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Where its mapping key starts; `None` for a sequence item or the document itself.
    pub key: Option<Pos>,
    /// Where the value starts, as serde_yaml reports it: the opening quote, the `|` of a block
    /// scalar, the first key of a block mapping.
    pub value: Pos,
    /// Where the value's own characters start: after an opening quote, on the first line of a
    /// block scalar. The same as `value` for anything else.
    pub text: Pos,
    pub kind: Kind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Scalar(String),
    Seq(Vec<Node>),
    /// In file order.
    Map(Vec<(String, Node)>),
    /// `*anchor`: positions of the alias only.
    Alias,
}

impl Node {
    /// The node at `path` below this one.
    pub fn get(&self, path: &[Seg]) -> Option<&Node> {
        let Some((first, rest)) = path.split_first() else {
            return Some(self);
        };
        let child = match (&self.kind, first) {
            (Kind::Map(entries), Seg::Key(k)) => entries.iter().find(|(n, _)| n == k).map(|e| &e.1),
            (Kind::Seq(items), Seg::Index(i)) => items.get(*i),
            _ => None,
        }?;
        child.get(rest)
    }

    /// The scalar's text, if it is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar(s) => Some(s),
            _ => None,
        }
    }
}

/// One loaded YAML text (a data file, or a page's front matter): its positions and its lines
/// (for the snippet under a diagnostic).
#[derive(Clone, Debug, Default)]
pub struct Source {
    /// Relative to the site root, `/`-separated.
    pub file: String,
    /// The lines of the whole file.
    lines: Vec<String>,
    /// `None` when the text did not parse (its error was reported when it was loaded).
    root: Option<Node>,
}

impl Source {
    /// Reads the positions of `yaml`, whose first line is line `1 + line_offset` of `file`;
    /// `file_text` is the whole file, for snippets.
    pub fn new(file: &str, file_text: &str, yaml: &str, line_offset: usize) -> Source {
        Source {
            file: file.to_owned(),
            lines: file_text.lines().map(str::to_owned).collect(),
            root: read(yaml, line_offset),
        }
    }

    /// The document's root node.
    pub fn root(&self) -> Option<&Node> {
        self.root.as_ref()
    }

    /// The node at `path`.
    pub fn node(&self, path: &[Seg]) -> Option<&Node> {
        self.root.as_ref()?.get(path)
    }

    /// Where the value at `path` starts; the nearest ancestor's position when the path is not in
    /// the file (a field left to its default).
    pub fn at(&self, path: &[Seg]) -> Pos {
        (0..=path.len())
            .rev()
            .find_map(|n| self.node(&path[..n]))
            .map_or_else(Pos::default, |n| n.value)
    }

    /// Line `n` (1-based) of the file.
    pub fn line(&self, n: usize) -> Option<&str> {
        self.lines.get(n.checked_sub(1)?).map(String::as_str)
    }

    /// Every line, with its 1-based number.
    pub fn lines(&self) -> impl Iterator<Item = (usize, &str)> {
        self.lines
            .iter()
            .enumerate()
            .map(|(i, l)| (i + 1, l.as_str()))
    }

    /// A diagnostic at `pos` with the line under it.
    pub fn diag(&self, pos: Pos, msg: impl Into<String>) -> Diagnostic {
        let mut d = Diagnostic::new(&self.file, pos.line, pos.col, msg);
        d.snippet = self.line(pos.line).map(str::to_owned);
        d
    }

    /// `path: msg` at the value `path` names.
    pub fn error(&self, path: &[Seg], msg: impl std::fmt::Display) -> Diagnostic {
        self.diag(self.at(path), format!("{}: {msg}", path_string(path)))
    }
}

/// The loaded YAML texts by file.
#[derive(Clone, Debug, Default)]
pub struct Sources(pub BTreeMap<String, Source>);

impl Sources {
    /// The file's source; an empty one (no positions) for a file that was not loaded.
    pub fn get(&self, file: &str) -> &Source {
        static EMPTY: Source = Source {
            file: String::new(),
            lines: Vec::new(),
            root: None,
        };
        self.0.get(file).unwrap_or(&EMPTY)
    }

    pub fn insert(&mut self, source: Source) {
        self.0.insert(source.file.clone(), source);
    }

    pub fn iter(&self) -> impl Iterator<Item = &Source> {
        self.0.values()
    }
}

/// The first document of `text` as a positioned tree; `None` when it does not parse.
fn read(text: &str, line_offset: usize) -> Option<Node> {
    let lines: Vec<&str> = text.lines().collect();
    let mut events = Events::new(text).ok()?;
    let mut ev = events.next().ok()?;
    while !matches!(ev.kind, Ev::Scalar(..) | Ev::SeqStart | Ev::MapStart) {
        if matches!(ev.kind, Ev::StreamEnd) {
            return None;
        }
        ev = events.next().ok()?;
    }
    let mut node = build(ev, &mut events, &lines)?;
    shift(&mut node, line_offset);
    Some(node)
}

fn build(first: Event, events: &mut Events, lines: &[&str]) -> Option<Node> {
    let value = first.pos;
    let (text, kind) = match first.kind {
        Ev::Scalar(s, style) => (text_start(value, style, lines), Kind::Scalar(s)),
        Ev::Alias => (value, Kind::Alias),
        Ev::SeqStart => {
            let mut items = Vec::new();
            loop {
                let ev = events.next().ok()?;
                if matches!(ev.kind, Ev::SeqEnd) {
                    break;
                }
                items.push(build(ev, events, lines)?);
            }
            (value, Kind::Seq(items))
        }
        Ev::MapStart => {
            let mut entries = Vec::new();
            loop {
                let key = events.next().ok()?;
                let key_pos = key.pos;
                let name = match key.kind {
                    Ev::MapEnd => break,
                    Ev::Scalar(s, _) => s,
                    // A complex key: keep its value's positions under an unusable name.
                    _ => {
                        build(key, events, lines)?;
                        String::new()
                    }
                };
                let mut v = build(events.next().ok()?, events, lines)?;
                v.key = Some(key_pos);
                entries.push((name, v));
            }
            (value, Kind::Map(entries))
        }
        _ => return None,
    };
    Some(Node {
        key: None,
        value,
        text,
        kind,
    })
}

/// Where a scalar's characters start, from where its token starts.
fn text_start(at: Pos, style: Style, lines: &[&str]) -> Pos {
    match style {
        Style::Plain => at,
        Style::Quoted => Pos {
            line: at.line,
            col: at.col + 1,
        },
        // The first non-blank line after the `|`/`>` line, at its indentation.
        Style::Block => lines
            .iter()
            .enumerate()
            .skip(at.line)
            .find(|(_, l)| !l.trim().is_empty())
            .map_or(at, |(i, l)| Pos {
                line: i + 1,
                col: l.len() - l.trim_start().len() + 1,
            }),
    }
}

fn shift(node: &mut Node, lines: usize) {
    let add = |p: &mut Pos| {
        if p.line > 0 {
            p.line += lines;
        }
    };
    if let Some(k) = &mut node.key {
        add(k);
    }
    add(&mut node.value);
    add(&mut node.text);
    match &mut node.kind {
        Kind::Seq(items) => items.iter_mut().for_each(|n| shift(n, lines)),
        Kind::Map(entries) => entries.iter_mut().for_each(|(_, n)| shift(n, lines)),
        Kind::Scalar(_) | Kind::Alias => {}
    }
}

#[derive(Clone, Copy)]
enum Style {
    Plain,
    Quoted,
    Block,
}

enum Ev {
    StreamEnd,
    Other,
    Alias,
    Scalar(String, Style),
    SeqStart,
    SeqEnd,
    MapStart,
    MapEnd,
}

struct Event {
    kind: Ev,
    pos: Pos,
}

/// libyaml's event parser, the one serde_yaml runs, so positions agree with its errors.
struct Events<'t> {
    parser: Box<unsafe_libyaml::yaml_parser_t>,
    _text: &'t str,
}

impl<'t> Events<'t> {
    fn new(text: &'t str) -> Result<Events<'t>, ()> {
        use std::mem::MaybeUninit;
        use unsafe_libyaml as unsafe_sys;
        let mut parser: Box<MaybeUninit<unsafe_sys::yaml_parser_t>> =
            Box::new(MaybeUninit::uninit());
        // SAFETY: `yaml_parser_initialize` fills the whole struct (or fails, and then nothing is
        // read); the input outlives the parser (`_text` borrows it for `'t`).
        unsafe {
            if unsafe_sys::yaml_parser_initialize(parser.as_mut_ptr()).fail {
                return Err(());
            }
            unsafe_sys::yaml_parser_set_encoding(
                parser.as_mut_ptr(),
                unsafe_sys::YAML_UTF8_ENCODING,
            );
            unsafe_sys::yaml_parser_set_input_string(
                parser.as_mut_ptr(),
                text.as_ptr(),
                text.len() as u64,
            );
            Ok(Events {
                parser: Box::from_raw(Box::into_raw(parser).cast()),
                _text: text,
            })
        }
    }

    fn next(&mut self) -> Result<Event, ()> {
        use std::mem::MaybeUninit;
        use unsafe_libyaml as unsafe_sys;
        let mut event = MaybeUninit::<unsafe_sys::yaml_event_t>::uninit();
        // SAFETY: the parser was initialised; a parsed event is fully written, read only through
        // the union member its type names, copied out, then deleted once.
        unsafe {
            if self.parser.error != unsafe_sys::YAML_NO_ERROR {
                return Err(());
            }
            let parser: *mut unsafe_sys::yaml_parser_t = &mut *self.parser;
            if unsafe_sys::yaml_parser_parse(parser, event.as_mut_ptr()).fail {
                return Err(());
            }
            let e = event.as_mut_ptr();
            let mark = (*e).start_mark;
            let pos = Pos {
                line: mark.line as usize + 1,
                col: mark.column as usize + 1,
            };
            let kind = match (*e).type_ {
                unsafe_sys::YAML_STREAM_END_EVENT => Ev::StreamEnd,
                unsafe_sys::YAML_ALIAS_EVENT => Ev::Alias,
                unsafe_sys::YAML_SCALAR_EVENT => {
                    let s = (*e).data.scalar;
                    let bytes = std::slice::from_raw_parts(s.value, s.length as usize);
                    let style = match s.style {
                        unsafe_sys::YAML_SINGLE_QUOTED_SCALAR_STYLE
                        | unsafe_sys::YAML_DOUBLE_QUOTED_SCALAR_STYLE => Style::Quoted,
                        unsafe_sys::YAML_LITERAL_SCALAR_STYLE
                        | unsafe_sys::YAML_FOLDED_SCALAR_STYLE => Style::Block,
                        _ => Style::Plain,
                    };
                    Ev::Scalar(String::from_utf8_lossy(bytes).into_owned(), style)
                }
                unsafe_sys::YAML_SEQUENCE_START_EVENT => Ev::SeqStart,
                unsafe_sys::YAML_SEQUENCE_END_EVENT => Ev::SeqEnd,
                unsafe_sys::YAML_MAPPING_START_EVENT => Ev::MapStart,
                unsafe_sys::YAML_MAPPING_END_EVENT => Ev::MapEnd,
                _ => Ev::Other,
            };
            unsafe_sys::yaml_event_delete(e);
            Ok(Event { kind, pos })
        }
    }
}

impl Drop for Events<'_> {
    fn drop(&mut self) {
        // SAFETY: initialised in `new`, deleted once here.
        unsafe { unsafe_libyaml::yaml_parser_delete(&mut *self.parser) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::path;

    fn pos(line: usize, col: usize) -> Pos {
        Pos { line, col }
    }

    #[test]
    fn keys_values_and_text_of_every_style() {
        let text = "a:\n  - x: 1\n  - x: \"q\"\n    y: [3, 'four']\nb: |\n  block\n  text\n";
        let s = Source::new("f.yaml", text, text, 0);
        let x = s.node(&path!["a", 1, "x"]).unwrap();
        assert_eq!(
            (x.key, x.value, x.text),
            (Some(pos(3, 5)), pos(3, 8), pos(3, 9))
        );
        assert_eq!(x.as_str(), Some("q"));
        let four = s.node(&path!["a", 1, "y", 1]).unwrap();
        assert_eq!(
            (four.key, four.value, four.text),
            (None, pos(4, 12), pos(4, 13))
        );
        let b = s.node(&path!["b"]).unwrap();
        assert_eq!((b.value, b.text), (pos(5, 4), pos(6, 3)));
        assert_eq!(b.as_str(), Some("block\ntext\n"));
    }

    #[test]
    fn offsets_and_missing_paths() {
        let text = "---\nt: 1\n---\nbody\n";
        let s = Source::new("p.md", text, "t: 1\n", 1);
        assert_eq!(s.at(&path!["t"]), pos(2, 4));
        // A path that is not in the file points at its nearest ancestor.
        assert_eq!(s.at(&path!["t", "u"]), pos(2, 4));
        assert_eq!(s.at(&path!["zz"]), pos(2, 1));
        let d = s.error(&path!["t"], "bad");
        assert_eq!(d.headline(), "p.md:2:4: t: bad");
        assert_eq!(d.snippet.as_deref(), Some("t: 1"));
    }

    #[test]
    fn broken_text_has_no_positions() {
        let s = Source::new("f.yaml", "a: \"open\n", "a: \"open\n", 0);
        assert!(s.root().is_none());
        assert_eq!(s.at(&path!["a"]), Pos::default());
    }
}
