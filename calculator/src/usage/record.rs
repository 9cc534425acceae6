//! One record of a log, read into a [`Record`] or a reason to skip it. Which format a JSON
//! record is in is decided per record from its keys, so a file may even mix them.

use super::csv::{self, Field, Header};
use super::json::{self, Json};
use super::split::Item;
use super::time::{from_unix, parse_rfc3339};
use super::{Format, Import, Record, Source};
use crate::format::{cat, int};

/// What the file's first record said it is.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Json,
    Csv(Header),
}

/// A format as the page documents it.
pub struct FormatDoc {
    pub format: Format,
    /// How the reader recognises a record of this format.
    pub recognised_by: &'static str,
    /// Two records, as a log holds them.
    pub example: &'static str,
}

pub const FORMATS: &[FormatDoc] = &[
    FormatDoc {
        format: Format::Anthropic,
        recognised_by: "a usage object (input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens and the cache_creation 5-minute / 1-hour split), alone or in a response with its model; one per line (JSON Lines) or in a JSON array; a timestamp, created_at or time key where your logger kept one; service_tier batch is priced as batch",
        example: "{\"timestamp\":\"2026-11-30T09:15:02Z\",\"model\":\"claude-sonnet-5-5\",\"usage\":{\"input_tokens\":412,\"cache_read_input_tokens\":6000,\"cache_creation_input_tokens\":0,\"output_tokens\":380}}\n{\"timestamp\":\"2026-11-30T09:21:40Z\",\"model\":\"claude-sonnet-5-5\",\"usage\":{\"input_tokens\":398,\"cache_creation_input_tokens\":6000,\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":6000},\"output_tokens\":291}}",
    },
    FormatDoc {
        format: Format::Batch,
        recognised_by: "custom_id and result, as the Message Batches results file has them; succeeded results are priced as batch, errored, canceled and expired ones are not billed and are listed as skipped",
        example: "{\"custom_id\":\"doc-1\",\"result\":{\"type\":\"succeeded\",\"message\":{\"model\":\"claude-haiku-5-5\",\"usage\":{\"input_tokens\":1800,\"output_tokens\":220}}}}\n{\"custom_id\":\"doc-2\",\"result\":{\"type\":\"errored\",\"error\":{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"…\"}}}}",
    },
    FormatDoc {
        format: Format::Bedrock,
        recognised_by: "schemaType ModelInvocationLog (or modelId with input and output), as model invocation logging writes to S3 or CloudWatch Logs: timestamp, modelId, input.inputTokenCount, input.cacheReadInputTokenCount, input.cacheWriteInputTokenCount, output.outputTokenCount, and the 5-minute / 1-hour split from the logged response where it has one; a CloudWatch export's @message wrapper or leading timestamp is read through",
        example: "{\"schemaType\":\"ModelInvocationLog\",\"timestamp\":\"2026-11-30T09:15:02Z\",\"modelId\":\"global.anthropic.claude-sonnet-5-5\",\"input\":{\"inputTokenCount\":412,\"cacheReadInputTokenCount\":6000,\"cacheWriteInputTokenCount\":0},\"output\":{\"outputTokenCount\":380}}\n{\"schemaType\":\"ModelInvocationLog\",\"timestamp\":\"2026-11-30T09:21:40Z\",\"modelId\":\"us.anthropic.claude-sonnet-5-5\",\"input\":{\"inputTokenCount\":398,\"cacheWriteInputTokenCount\":6000},\"output\":{\"outputTokenCount\":291}}",
    },
    FormatDoc {
        format: Format::Csv,
        recognised_by: "a header row naming at least input_tokens and output_tokens (the accepted names are below), then one request per row; commas, semicolons or tabs",
        example: "timestamp,model,input_tokens,cache_read_input_tokens,cache_creation_input_tokens,output_tokens,batch\n2026-11-30T09:15:02Z,claude-sonnet-5-5,412,6000,0,380,false",
    },
];

const EXPECTED: &str = "Expected a usage log: JSON Lines or a JSON array of Anthropic responses or usage objects, a Message Batches results file, Amazon Bedrock invocation-log records, or a CSV with a header naming input_tokens and output_tokens.";

/// Takes one piece of the file.
pub fn take(imp: &mut Import, kind: &mut Option<Kind>, item: Item) {
    let (line, bytes) = match item {
        Item::Refuse(why) => {
            imp.refused.get_or_insert(why);
            return;
        }
        Item::Text { line, bytes } => (line, bytes),
    };
    if imp.refused.is_some() {
        return;
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        imp.skip(line, "is not UTF-8 text");
        return;
    };
    let text = text.trim_ascii();
    if text.is_empty() {
        return;
    }
    match kind {
        Some(Kind::Json) => take_json(imp, line, text),
        Some(Kind::Csv(h)) => {
            if let Err(why) = csv_record(imp, h, line, text) {
                imp.skip(line, why);
            }
        }
        None => {
            if text.starts_with('{') || leading_time(text).is_some() {
                *kind = Some(Kind::Json);
                take_json(imp, line, text);
            } else if let Some(h) = Header::parse(text) {
                *kind = Some(Kind::Csv(h));
            } else {
                imp.refused = Some(cat(&[
                    "Line ",
                    &int(i64::from(line)),
                    " is neither a JSON object nor a CSV header naming input_tokens and output_tokens. ",
                    EXPECTED,
                ]));
            }
        }
    }
}

/// The message when a file gave no record at all.
pub fn nothing_found(imp: &Import, kind: Option<Kind>) -> String {
    match (kind, imp.skips.first()) {
        (None, _) => "The file is empty.".into(),
        (Some(Kind::Csv(_)), None) => "The CSV has a header but no rows.".into(),
        (_, Some(k)) => cat(&[
            "No usage records found: ",
            &int(i64::from(imp.skipped)),
            if imp.skipped == 1 {
                " record skipped (line "
            } else {
                " records skipped (line "
            },
            &int(i64::from(k.line)),
            " ",
            &k.why,
            "). ",
            EXPECTED,
        ]),
        (_, None) => cat(&["No usage records found. ", EXPECTED]),
    }
}

/// A CloudWatch Logs export line: `2026-11-30T09:15:02.000Z {…}`; the time and the JSON.
fn leading_time(text: &str) -> Option<(i64, &str)> {
    let (head, rest) = text.split_once(' ')?;
    let rest = rest.trim_ascii_start();
    if !rest.starts_with('{') {
        return None;
    }
    Some((parse_rfc3339(head)?, rest))
}

fn take_json(imp: &mut Import, line: u32, text: &str) {
    let (time, text) = match leading_time(text) {
        Some((t, rest)) => (Some(t), rest),
        None => (None, text),
    };
    let result = match json::parse(text) {
        Ok(v) => json_record(imp, line, &v, time),
        Err(e) => Err(cat(&[
            "is not JSON (",
            e.what,
            " at column ",
            &int(e.at as i64 + 1),
            ")",
        ])),
    };
    if let Err(why) = result {
        imp.skip(line, why);
    }
}

fn json_record(imp: &mut Import, line: u32, v: &Json, time: Option<i64>) -> Result<(), String> {
    if !v.is_obj() {
        return Err("is not a JSON object".into());
    }
    // CloudWatch Logs exports and subscriptions wrap the logged record in a string.
    for key in ["@message", "message"] {
        if let Some(inner) = v.get(key).and_then(Json::text) {
            if inner.trim_ascii_start().starts_with('{') {
                let time = match time {
                    Some(t) => Some(t),
                    None => time_of(v)?,
                };
                return match json::parse(&inner) {
                    Ok(inner) => json_record(imp, line, &inner, time),
                    Err(e) => Err(cat(&["has a ", key, " that is not JSON (", e.what, ")"])),
                };
            }
        }
    }
    let time = match time_of(v)? {
        Some(t) => Some(t),
        None => time,
    };
    if v.get("schemaType").is_some()
        || (v.get("modelId").is_some() && (v.get("input").is_some() || v.get("output").is_some()))
    {
        return bedrock(imp, line, v, time);
    }
    if let (Some(_), Some(result)) = (v.get("custom_id"), v.get("result")) {
        let kind = str_of(result.get("type")).unwrap_or_default();
        if kind != "succeeded" {
            return Err(cat(&[
                "is a batch result of type ",
                if kind.is_empty() { "(none)" } else { &kind },
                ": not billed",
            ]));
        }
        let message = result
            .get("message")
            .ok_or("is a succeeded batch result without its message")?;
        return anthropic(imp, line, message, time, true, Format::Batch);
    }
    if let Some(t) = str_of(v.get("type")) {
        if t == "error" {
            return Err("is an error response: not billed".into());
        }
        if t.starts_with("message_") || t.starts_with("content_block") || t == "ping" {
            return Err(cat(&[
                "is a streaming event (",
                &t,
                "): log one record per request, the final message or its usage",
            ]));
        }
    }
    for wrapper in ["response", "message"] {
        if let Some(inner) = v.get(wrapper).filter(|m| m.get("usage").is_some()) {
            return anthropic(imp, line, inner, time, false, Format::Anthropic);
        }
    }
    anthropic(imp, line, v, time, false, Format::Anthropic)
}

/// An Anthropic message (or a bare usage object).
fn anthropic(
    imp: &mut Import,
    line: u32,
    m: &Json,
    time: Option<i64>,
    batch: bool,
    format: Format,
) -> Result<(), String> {
    let u = match m.get("usage") {
        Some(u) if u.is_obj() => u,
        Some(_) => return Err("has a usage that is not an object".into()),
        None if m.get("output_tokens").is_some() || m.get("input_tokens").is_some() => m,
        None => {
            return Err(
                "has no usage counts (expected an Anthropic response or usage object, a Message Batches result or a Bedrock invocation-log record)"
                    .into(),
            )
        }
    };
    let input = count(u, "input_tokens")?.ok_or("has no input tokens (input_tokens)")?;
    let output = count(u, "output_tokens")?.ok_or("has no output tokens (output_tokens)")?;
    let creation = u.get("cache_creation");
    let (write_5m, write_1h) = writes(
        count(u, "cache_creation_input_tokens")?,
        creation
            .map(|c| count(c, "ephemeral_5m_input_tokens"))
            .transpose()?
            .flatten(),
        creation
            .map(|c| count(c, "ephemeral_1h_input_tokens"))
            .transpose()?
            .flatten(),
    );
    let read = count(u, "cache_read_input_tokens")?.unwrap_or(0);
    let tier = str_of(u.get("service_tier")).unwrap_or_default();
    let route = match str_of(u.get("inference_geo")).as_deref() {
        Some("us") => Some("us-only".to_owned()),
        _ => None,
    };
    let provider = str_of(m.get("provider")).unwrap_or_else(|| "anthropic".into());
    let model = str_of(m.get("model")).unwrap_or_default();
    push(
        imp,
        format,
        &model,
        Source { provider, route },
        record(
            line,
            time,
            [input, write_5m, write_1h, read, output],
            batch || tier == "batch",
        ),
    );
    Ok(())
}

/// A Bedrock model invocation-log record.
fn bedrock(imp: &mut Import, line: u32, v: &Json, time: Option<i64>) -> Result<(), String> {
    let model_id = str_of(v.get("modelId")).ok_or("has no modelId")?;
    let input_part = v.get("input");
    let output_part = v.get("output");
    // The logged response: an Anthropic message (InvokeModel) or a Converse response.
    let usage = output_part.and_then(|o| o.at(&["outputBodyJson", "usage"]));
    let pick = |part: Option<&Json>, key: &str, alts: [&str; 2]| -> Result<Option<u32>, String> {
        if let Some(n) = part.map(|p| count(p, key)).transpose()?.flatten() {
            return Ok(Some(n));
        }
        for alt in alts {
            if let Some(n) = usage.map(|u| count(u, alt)).transpose()?.flatten() {
                return Ok(Some(n));
            }
        }
        Ok(None)
    };
    let failed = || {
        str_of(v.get("errorCode"))
            .map(|code| cat(&["is a failed invocation (", &code, "): not billed"]))
    };
    let input = pick(
        input_part,
        "inputTokenCount",
        ["input_tokens", "inputTokens"],
    )?
    .ok_or_else(|| {
        failed().unwrap_or_else(|| "has no input token count (input.inputTokenCount)".into())
    })?;
    let output = pick(
        output_part,
        "outputTokenCount",
        ["output_tokens", "outputTokens"],
    )?
    .ok_or_else(|| {
        failed().unwrap_or_else(|| "has no output token count (output.outputTokenCount)".into())
    })?;
    let read = pick(
        input_part,
        "cacheReadInputTokenCount",
        ["cache_read_input_tokens", "cacheReadInputTokens"],
    )?;
    let write = pick(
        input_part,
        "cacheWriteInputTokenCount",
        ["cache_creation_input_tokens", "cacheWriteInputTokens"],
    )?;
    // The per-lifetime split: Anthropic's cache_creation object, or Converse's cacheDetails.
    let mut split = (None, None);
    if let Some(c) = usage.and_then(|u| u.get("cache_creation")) {
        split = (
            count(c, "ephemeral_5m_input_tokens")?,
            count(c, "ephemeral_1h_input_tokens")?,
        );
    } else if let Some(Json::Arr(details)) = usage.and_then(|u| u.get("cacheDetails")) {
        for d in details {
            let n = count(d, "inputTokens")?.unwrap_or(0);
            match str_of(d.get("ttl")).as_deref() {
                Some("1h") => split.1 = Some(split.1.unwrap_or(0) + n),
                _ => split.0 = Some(split.0.unwrap_or(0) + n),
            }
        }
    }
    let (write_5m, write_1h) = writes(write, split.0, split.1);
    let route = bedrock_route(&model_id);
    push(
        imp,
        Format::Bedrock,
        &model_id,
        Source {
            provider: "bedrock".into(),
            route,
        },
        record(
            line,
            time,
            [input, write_5m, write_1h, read.unwrap_or(0), output],
            false,
        ),
    );
    Ok(())
}

/// The route a Bedrock model id names: `global.` profiles, geographic profiles (`us.`, `eu.`,
/// …) and bare in-Region ids (`anthropic.…`), which Bedrock prices like geographic ones. The
/// route ids are those of `data/pricing.yaml`; an id the data lacks falls back to the base
/// route when priced.
pub fn bedrock_route(model_id: &str) -> Option<String> {
    let b = model_id.as_bytes();
    let id = b
        .iter()
        .rposition(|&c| c == b'/')
        .map_or(b, |i| &b[i + 1..]);
    crate::reprice::find(id, b"anthropic.")?; // else an application profile or provisioned model
    Some(
        if id.starts_with(b"global.") {
            "global"
        } else {
            "geographic"
        }
        .to_owned(),
    )
}

/// Cache writes per lifetime: the split where the log has one (what it leaves of the total
/// counts as 5-minute), else all of the total as 5-minute writes, the default lifetime.
fn writes(total: Option<u32>, w5: Option<u32>, w1: Option<u32>) -> (u32, u32) {
    let total = total.unwrap_or(0);
    match (w5, w1) {
        (None, None) => (total, 0),
        (w5, w1) => {
            let (w5, w1) = (w5.unwrap_or(0), w1.unwrap_or(0));
            (w5.max(total.saturating_sub(w1)), w1)
        }
    }
}

/// A record of counts [input, 5-minute writes, 1-hour writes, reads, output]; [`push`] sets
/// its model and source.
fn record(line: u32, time_ms: Option<i64>, counts: [u32; 5], batch: bool) -> Record {
    let [input, write_5m, write_1h, read, output] = counts;
    Record {
        line,
        model: 0,
        source: 0,
        time_ms,
        input,
        write_5m,
        write_1h,
        read,
        output,
        batch,
    }
}

/// Adds a record, naming its model and source (`r.model` and `r.source` are set here).
fn push(imp: &mut Import, format: Format, name: &str, source: Source, mut r: Record) {
    r.model = imp.intern_name(name);
    r.source = imp.intern_source(source);
    let i = Format::ALL.iter().position(|f| *f == format).unwrap_or(0);
    imp.by_format[i] += 1;
    imp.records.push(r);
}

/// A token count: a whole number (or digits in a string, as some exporters write them).
fn count(obj: &Json, key: &str) -> Result<Option<u32>, String> {
    let bad = |what: &str| Err(cat(&["has ", key, " ", what]));
    match obj.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::Num(x)) => whole(*x)
            .map(Some)
            .map_or_else(|| bad("that is not a whole number of tokens"), Ok),
        Some(Json::Str(s)) => match parse_whole(s) {
            Some(n) => Ok(Some(n)),
            None => bad("that is not a number"),
        },
        Some(_) => bad("that is not a number"),
    }
}

fn whole(x: f64) -> Option<u32> {
    (x >= 0.0 && x.fract() == 0.0 && x <= f64::from(u32::MAX)).then_some(x as u32)
}

fn parse_whole(s: &str) -> Option<u32> {
    let s = s.trim_ascii();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || s.len() > 10 {
        return None;
    }
    u32::try_from(s.bytes().fold(0u64, |n, d| n * 10 + u64::from(d - b'0'))).ok()
}

fn str_of(v: Option<&Json>) -> Option<String> {
    v.and_then(Json::text)
}

const TIME_KEYS: [&str; 6] = [
    "timestamp",
    "@timestamp",
    "created_at",
    "time",
    "date",
    "ts",
];

/// The record's time, from the first time key present.
fn time_of(v: &Json) -> Result<Option<i64>, String> {
    for key in TIME_KEYS {
        match v.get(key) {
            None | Some(Json::Null) => continue,
            Some(Json::Num(x)) => return from_unix(*x).map(Some).ok_or_else(|| bad_time(key)),
            Some(j @ Json::Str(_)) => {
                let s = j.text().unwrap_or_default();
                return time_text(&s).map(Some).ok_or_else(|| bad_time(key));
            }
            Some(_) => return Err(bad_time(key)),
        }
    }
    Ok(None)
}

fn time_text(s: &str) -> Option<i64> {
    parse_rfc3339(s).or_else(|| {
        let digits = s.trim_ascii();
        (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
            .then(|| json::parse(digits).ok())
            .flatten()
            .and_then(|j| match j {
                Json::Num(x) => from_unix(x),
                _ => None,
            })
    })
}

fn bad_time(key: &str) -> String {
    cat(&[
        "has a ",
        key,
        " that is neither an RFC 3339 date-time nor Unix time",
    ])
}

fn csv_record(imp: &mut Import, h: &Header, line: u32, text: &str) -> Result<(), String> {
    let cells = csv::cells(text, h.sep);
    let cell = |f: Field| -> Option<&str> {
        h.fields
            .iter()
            .position(|x| *x == Some(f))
            .and_then(|i| cells.get(i))
            .map(|c| c.trim_ascii())
            .filter(|c| !c.is_empty())
    };
    let num = |f: Field, name: &str| -> Result<Option<u32>, String> {
        match cell(f) {
            None => Ok(None),
            Some(c) => parse_whole(c).map(Some).ok_or_else(|| {
                cat(&[
                    "has ",
                    name,
                    " ",
                    &quote(c),
                    ", not a whole number of tokens",
                ])
            }),
        }
    };
    let input = num(Field::Input, "input tokens")?.ok_or("has no input tokens")?;
    let output = num(Field::Output, "output tokens")?.ok_or("has no output tokens")?;
    let (write_5m, write_1h) = writes(
        num(Field::Write, "cache writes")?,
        num(Field::Write5m, "5-minute cache writes")?,
        num(Field::Write1h, "1-hour cache writes")?,
    );
    let read = num(Field::Read, "cache reads")?.unwrap_or(0);
    let time = match cell(Field::Time) {
        None => None,
        Some(t) => Some(time_text(t).ok_or_else(|| {
            cat(&[
                "has the time ",
                &quote(t),
                ", neither an RFC 3339 date-time nor Unix time",
            ])
        })?),
    };
    let batch = match cell(Field::Batch).map(str::to_ascii_lowercase).as_deref() {
        None | Some("false" | "no" | "0" | "standard" | "priority" | "on_demand" | "on-demand") => {
            false
        }
        Some("true" | "yes" | "1" | "batch") => true,
        Some(other) => return Err(cat(&["has batch ", &quote(other), ", not true or false"])),
    };
    let model = cell(Field::Model).unwrap_or("").to_owned();
    let provider = match cell(Field::Provider) {
        Some(p) => p.to_ascii_lowercase(),
        None if crate::reprice::find(model.as_bytes(), b"anthropic.").is_some() => "bedrock".into(),
        None => "anthropic".into(),
    };
    let route = match cell(Field::Route).map(str::to_ascii_lowercase) {
        Some(r) if r == "us" => Some("us-only".to_owned()),
        Some(r) => Some(r),
        None if provider == "bedrock" => bedrock_route(&model),
        None => None,
    };
    push(
        imp,
        Format::Csv,
        &model,
        Source { provider, route },
        record(line, time, [input, write_5m, write_1h, read, output], batch),
    );
    Ok(())
}

fn quote(s: &str) -> String {
    let short: String = s.chars().take(40).collect();
    cat(&["\"", &short, "\""])
}
