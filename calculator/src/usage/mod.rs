//! Reading a usage log: the records of a file (Anthropic responses or `usage` objects, Message
//! Batches results, Amazon Bedrock invocation-log records, or a CSV), told apart by content
//! and streamed in chunks of any size. Bad records are kept as reasons, never dropped silently.
//!
//! [`Reader`] takes the bytes; [`Import`] is what it found. Pricing the records is
//! [`crate::reprice`]'s job. The formats and their accepted names are documented on the page
//! from [`FORMATS`] and [`csv::COLUMNS`], the same lists the reader uses.

pub mod csv;
pub mod json;
mod record;
mod split;
pub mod time;

pub use record::FORMATS;

/// One billed request, as the log recorded it.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// Line of the file where the record starts (1-based).
    pub line: u32,
    /// Index into [`Import::names`]: the model id the log names (`""`: none named).
    pub model: u16,
    /// Index into [`Import::sources`]: where the log says the request went.
    pub source: u16,
    /// Milliseconds since 1970 (UTC), where the log kept a time.
    pub time_ms: Option<i64>,
    /// Input tokens neither read from nor written to the cache.
    pub input: u32,
    pub write_5m: u32,
    pub write_1h: u32,
    pub read: u32,
    pub output: u32,
    /// Sent through batch processing (priced at the batch discount).
    pub batch: bool,
}

impl Record {
    /// Tokens the request marked cacheable: written or read.
    pub fn cacheable(&self) -> u64 {
        u64::from(self.write_5m) + u64::from(self.write_1h) + u64::from(self.read)
    }
    /// Every input token: what decides the prompt-length tier.
    pub fn prompt(&self) -> u64 {
        u64::from(self.input) + self.cacheable()
    }
}

/// Where a request went, as far as the log says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// A provider id of the price book (`anthropic`, `bedrock`, …).
    pub provider: String,
    /// A route id of that provider, where the log tells it (`global`, `geographic`, `us-only`).
    pub route: Option<String>,
}

/// The record formats, as detected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Anthropic,
    Batch,
    Bedrock,
    Csv,
}

impl Format {
    pub const ALL: [Format; 4] = [
        Format::Anthropic,
        Format::Batch,
        Format::Bedrock,
        Format::Csv,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Format::Anthropic => "Anthropic Messages API responses or usage objects",
            Format::Batch => "Message Batches results",
            Format::Bedrock => "Amazon Bedrock invocation-log records",
            Format::Csv => "CSV",
        }
    }
}

/// A record that was not used, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Skip {
    pub line: u32,
    pub why: String,
}

/// How many skipped records are kept with their reasons (all are counted).
pub const SKIPS_KEPT: usize = 50;

/// What a file held.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Import {
    /// Lines of the file read (the last one counts even without a final newline).
    pub lines: u32,
    pub bytes: u64,
    pub records: Vec<Record>,
    /// Records per [`Format`] (in `Format::ALL` order).
    pub by_format: [u32; 4],
    /// Records skipped, with the first [`SKIPS_KEPT`] reasons.
    pub skipped: u32,
    pub skips: Vec<Skip>,
    /// Distinct model ids the log names (index 0 is `""`, none named).
    pub names: Vec<String>,
    pub sources: Vec<Source>,
    /// Why the file as a whole cannot be read (another kind of file); no records then.
    pub refused: Option<String>,
}

impl Import {
    pub fn skip(&mut self, line: u32, why: impl Into<String>) {
        self.skipped += 1;
        if self.skips.len() < SKIPS_KEPT {
            self.skips.push(Skip {
                line,
                why: why.into(),
            });
        }
    }

    fn intern_name(&mut self, name: &str) -> u16 {
        if self.names.is_empty() {
            self.names.push(String::new());
        }
        intern(&mut self.names, |n| n == name, || name.to_owned())
    }

    fn intern_source(&mut self, s: Source) -> u16 {
        intern(&mut self.sources, |x| *x == s, || s.clone())
    }

    /// The sentence a reader sees first: lines read, records used and skipped, with reasons.
    pub fn summary(&self) -> String {
        use crate::format::{cat, count, int, push_grouped};
        if let Some(why) = &self.refused {
            return why.clone();
        }
        let mut s = cat(&[
            &count(f64::from(self.lines)),
            if self.lines == 1 {
                " line read, "
            } else {
                " lines read, "
            },
            &count(self.records.len() as f64),
            if self.records.len() == 1 {
                " request"
            } else {
                " requests"
            },
        ]);
        if self.skipped > 0 {
            s.push_str(", ");
            push_grouped(&mut s, u64::from(self.skipped));
            s.push_str(" skipped: ");
            for (i, k) in self.skips.iter().enumerate().take(5) {
                if i > 0 {
                    s.push_str("; ");
                }
                s.push_str("line ");
                s.push_str(&int(i64::from(k.line)));
                s.push(' ');
                s.push_str(&k.why);
            }
            if self.skipped > 5 {
                s.push_str("; …");
            }
        }
        s.push('.');
        s
    }
}

/// Index of the entry `is` finds, pushing `make()` first when there is none (tables stay
/// small: a log names a few models and routes, and a u16 is plenty).
fn intern<T>(table: &mut Vec<T>, is: impl Fn(&T) -> bool, make: impl FnOnce() -> T) -> u16 {
    if let Some(i) = table.iter().position(is) {
        return i as u16;
    }
    table.push(make());
    (table.len() - 1).min(u16::MAX as usize) as u16
}

/// Streams a log: [`Reader::push`] its bytes in chunks of any size, then [`Reader::finish`].
pub struct Reader {
    split: split::Splitter,
    import: Import,
    kind: Option<record::Kind>,
}

impl Default for Reader {
    fn default() -> Reader {
        Reader::new()
    }
}

impl Reader {
    pub fn new() -> Reader {
        Reader {
            split: split::Splitter::default(),
            import: Import::default(),
            kind: None,
        }
    }

    /// Reads the next bytes of the file.
    pub fn push(&mut self, bytes: &[u8]) {
        self.import.bytes += bytes.len() as u64;
        let Reader {
            split,
            import,
            kind,
        } = self;
        split.push(bytes, &mut |item| record::take(import, kind, item));
    }

    /// Ends the file and returns what it held.
    pub fn finish(mut self) -> Import {
        let Reader {
            split,
            import,
            kind,
        } = &mut self;
        split.finish(&mut |item| record::take(import, kind, item));
        import.lines = split.lines();
        if import.refused.is_none() && import.records.is_empty() {
            import.refused = Some(record::nothing_found(import, kind.take()));
        }
        self.import
    }

    /// Records read so far.
    pub fn records(&self) -> usize {
        self.import.records.len()
    }
}

/// Reads a whole log in memory (tests, small files).
pub fn read(bytes: &[u8]) -> Import {
    let mut r = Reader::new();
    r.push(bytes);
    r.finish()
}
