//! CSV logs: a header naming the columns (any order, any letter case), then one request per
//! row. The accepted names are [`COLUMNS`]; the page lists them from there.

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Model,
    Time,
    Input,
    Output,
    Write,
    Write5m,
    Write1h,
    Read,
    Batch,
    Provider,
    Route,
}

pub struct Column {
    pub field: Field,
    /// Accepted header names, compared after lower-casing and turning spaces and dashes into
    /// underscores; the first is the one the page recommends.
    pub names: &'static [&'static str],
}

pub const COLUMNS: &[Column] = &[
    Column {
        field: Field::Model,
        names: &["model", "model_id", "modelid"],
    },
    Column {
        field: Field::Time,
        names: &["timestamp", "time", "created_at", "date"],
    },
    Column {
        field: Field::Input,
        names: &[
            "input_tokens",
            "inputtokens",
            "input_token_count",
            "inputtokencount",
            "uncached_input_tokens",
        ],
    },
    Column {
        field: Field::Output,
        names: &[
            "output_tokens",
            "outputtokens",
            "output_token_count",
            "outputtokencount",
            "completion_tokens",
        ],
    },
    Column {
        field: Field::Write,
        names: &[
            "cache_creation_input_tokens",
            "cache_write_input_tokens",
            "cache_write_tokens",
            "cachewriteinputtokens",
            "cachewriteinputtokencount",
        ],
    },
    Column {
        field: Field::Write5m,
        names: &[
            "ephemeral_5m_input_tokens",
            "cache_write_5m_tokens",
            "cache_creation_5m_input_tokens",
        ],
    },
    Column {
        field: Field::Write1h,
        names: &[
            "ephemeral_1h_input_tokens",
            "cache_write_1h_tokens",
            "cache_creation_1h_input_tokens",
        ],
    },
    Column {
        field: Field::Read,
        names: &[
            "cache_read_input_tokens",
            "cache_read_tokens",
            "cachereadinputtokens",
            "cachereadinputtokencount",
        ],
    },
    Column {
        field: Field::Batch,
        names: &["batch", "is_batch", "service_tier"],
    },
    Column {
        field: Field::Provider,
        names: &["provider"],
    },
    Column {
        field: Field::Route,
        names: &["route", "inference_geo"],
    },
];

/// What a column holds, as the page says it. Apart from [`COLUMNS`] so the importer's wasm,
/// which only reads the names, does not carry the text.
pub fn what(field: Field) -> &'static str {
    match field {
        Field::Model => "the model id as the provider names it (optional: without it, rows are priced as the model chosen in the calculator)",
        Field::Time => "when the request was made: RFC 3339 (2026-11-30T09:15:02Z) or Unix seconds or milliseconds (optional; needed for the gaps and the replay)",
        Field::Input => "input tokens neither written to nor read from the cache (required)",
        Field::Output => "output tokens (required)",
        Field::Write => "tokens written to the cache; taken as 5-minute writes unless the next two columns split them",
        Field::Write5m => "tokens written with the 5-minute lifetime",
        Field::Write1h => "tokens written with the 1-hour lifetime",
        Field::Read => "tokens read from the cache",
        Field::Batch => "true, yes or 1 (or the service tier batch) for a batch request",
        Field::Provider => "anthropic, bedrock or claude-platform-aws (optional; default: bedrock for Bedrock model ids, else anthropic)",
        Field::Route => "the route it went through: global, geographic or us-only (optional; the inference_geo us means us-only)",
    }
}

/// The columns of a header, by position (`None`: a column the reader does not use).
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    pub fields: Vec<Option<Field>>,
    pub sep: u8,
}

impl Header {
    /// Reads a header line; `None` when it names neither an input nor an output column (it is
    /// then not a CSV log's header).
    pub fn parse(line: &str) -> Option<Header> {
        let n = |sep: u8| line.bytes().filter(|&b| b == sep).count();
        let sep = if n(b'\t') > n(b',') {
            b'\t'
        } else if n(b';') > n(b',') {
            b';'
        } else {
            b','
        };
        let fields: Vec<Option<Field>> = cells(line, sep)
            .iter()
            .map(|name| {
                let norm: String = name
                    .trim_ascii()
                    .chars()
                    .map(|c| match c {
                        ' ' | '-' => '_',
                        c => c.to_ascii_lowercase(),
                    })
                    .collect();
                COLUMNS
                    .iter()
                    .find(|c| c.names.contains(&norm.as_str()))
                    .map(|c| c.field)
            })
            .collect();
        fields
            .iter()
            .any(|f| matches!(f, Some(Field::Input | Field::Output)))
            .then_some(Header { fields, sep })
    }

    pub fn has(&self, f: Field) -> bool {
        self.fields.contains(&Some(f))
    }
}

/// The cells of a row: separated by `sep`, a cell in double quotes may hold the separator and
/// `""` for a quote.
pub fn cells(line: &str, sep: u8) -> Vec<String> {
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cell.push('"');
                } else {
                    quoted = false;
                }
            } else {
                cell.push(c);
            }
        } else if c == '"' && cell.trim_ascii().is_empty() {
            cell.clear();
            quoted = true;
        } else if c as u32 == u32::from(sep) {
            out.push(std::mem::take(&mut cell));
        } else {
            cell.push(c);
        }
    }
    out.push(cell);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_in_any_case_and_order() {
        let h = Header::parse("Timestamp,Model ID,Output Tokens,input-tokens,notes").unwrap();
        assert_eq!(
            h.fields,
            [
                Some(Field::Time),
                Some(Field::Model),
                Some(Field::Output),
                Some(Field::Input),
                None
            ]
        );
        assert_eq!(
            Header::parse("a\tinput_tokens\toutput_tokens").unwrap().sep,
            b'\t'
        );
        assert_eq!(Header::parse("name,size,colour"), None);
    }

    #[test]
    fn quoted_cells() {
        assert_eq!(
            cells(r#"a,"b,c","d""e",,"#, b','),
            ["a", "b,c", "d\"e", "", ""]
        );
    }

    #[test]
    fn every_name_is_in_normal_form() {
        for c in COLUMNS {
            for n in c.names {
                assert!(
                    n.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                    "{n}"
                );
            }
        }
    }
}
