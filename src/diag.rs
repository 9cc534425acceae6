//! Compiler-style diagnostics: `file:line:col: message`, a source snippet with a caret, all
//! errors of a run collected before the build gives up.

use std::fmt;

/// One problem found in an input file. `line` and `col` are 1-based and counted from the start
/// of the file (also for Markdown front matter); 0 means "no position known".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path relative to the site root, with `/` separators, e.g. `data/pricing.yaml`.
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
    /// The offending source line, shown under the message with a caret.
    pub snippet: Option<String>,
    /// Other places in the same file that explain the problem, printed after it.
    pub notes: Vec<Note>,
}

/// A second place a diagnostic points at (e.g. where an unclosed quote opened), in the same
/// file: `note: message`, with its line and a caret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub snippet: Option<String>,
}

impl Diagnostic {
    pub fn new(
        file: impl Into<String>,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.into(),
            line,
            col,
            message: message.into(),
            snippet: None,
            notes: Vec::new(),
        }
    }

    /// Adds a note pointing at `line`:`col` of the same file.
    pub fn with_note(mut self, line: usize, col: usize, message: impl Into<String>) -> Self {
        self.notes.push(Note {
            line,
            col,
            message: message.into(),
            snippet: None,
        });
        self
    }

    /// A problem with the file as a whole (no line).
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(file, 0, 0, message)
    }

    /// Attaches the source line at `self.line` from the file's text.
    pub fn with_source(mut self, text: &str) -> Self {
        let line = |n: usize| text.lines().nth(n.checked_sub(1)?).map(str::to_owned);
        self.snippet = line(self.line);
        for note in &mut self.notes {
            note.snippet = line(note.line);
        }
        self
    }

    /// The first line only: `file:line:col: message` (what tests assert).
    pub fn headline(&self) -> String {
        match (self.line, self.col) {
            (0, _) => format!("{}: {}", self.file, self.message),
            (l, 0) => format!("{}:{}: {}", self.file, l, self.message),
            (l, c) => format!("{}:{}:{}: {}", self.file, l, c, self.message),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.headline())?;
        snippet(f, self.line, self.col, self.snippet.as_deref())?;
        for note in &self.notes {
            write!(f, "\nnote: {}", note.message)?;
            snippet(f, note.line, note.col, note.snippet.as_deref())?;
        }
        Ok(())
    }
}

/// The source line under a message, with a caret at `col` (when known).
fn snippet(f: &mut fmt::Formatter<'_>, line: usize, col: usize, src: Option<&str>) -> fmt::Result {
    let Some(src) = src else {
        return Ok(());
    };
    let gutter = line.to_string();
    let pad = " ".repeat(gutter.len());
    write!(f, "\n{pad} |\n{gutter} | {src}")?;
    if col > 0 {
        // Columns count characters; tabs keep their width so the caret lines up.
        let lead: String = src
            .chars()
            .take(col - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        write!(f, "\n{pad} | {lead}^")?;
    }
    Ok(())
}

/// Errors of a whole run, in a stable order (file, then position).
#[derive(Debug, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
    /// Sorted, deduplicated; `Err` when anything was reported.
    pub fn into_result(mut self) -> Result<(), Vec<Diagnostic>> {
        if self.0.is_empty() {
            return Ok(());
        }
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.col, &a.message).cmp(&(&b.file, b.line, b.col, &b.message))
        });
        self.0.dedup();
        Err(self.0)
    }
}

/// Prints every diagnostic to stderr, then a count.
pub fn report(errors: &[Diagnostic]) {
    for e in errors {
        eprintln!("{e}\n");
    }
    eprintln!(
        "{} error{} found",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
}
