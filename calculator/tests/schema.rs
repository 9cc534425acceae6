//! `/prices.json` validates against its published JSON Schema. The validator is a small one
//! written here for the keywords the schema uses (type, const, required, properties,
//! additionalProperties, items, minItems, minimum, maximum, exclusiveMinimum, minLength, pattern
//! as anchored character classes, $ref), and it is itself tested to reject broken documents.

mod common;

use calculator::{prices_json, prices_schema_json};
use serde_json::Value;

/// Every keyword `validate` checks, plus the annotations it may ignore.
const KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "$ref",
    "$defs",
    "title",
    "description",
    "type",
    "const",
    "enum",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "minItems",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "minLength",
    "pattern",
];

fn validate(v: &Value, s: &Value, root: &Value, path: &str, errs: &mut Vec<String>) {
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let name = r.strip_prefix("#/$defs/").expect("local refs only");
        validate(v, &root["$defs"][name], root, path, errs);
    }
    if let Some(obj) = s.as_object() {
        for k in obj.keys() {
            assert!(
                KEYWORDS.contains(&k.as_str()),
                "schema keyword {k} is not supported by this validator: teach it, or it passes unchecked"
            );
        }
    }
    if let Some(options) = s.get("enum").and_then(Value::as_array) {
        if !options.contains(v) {
            errs.push(format!("{path}: {v} is not one of {options:?}"));
        }
    }
    if let Some(c) = s.get("const") {
        if v != c {
            errs.push(format!("{path}: expected {c}"));
        }
    }
    if let Some(t) = s.get("type") {
        let types: Vec<&str> = match t {
            Value::String(x) => vec![x.as_str()],
            Value::Array(xs) => xs.iter().filter_map(Value::as_str).collect(),
            _ => panic!("bad type"),
        };
        let ok = types.iter().any(|t| match *t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "number" => v.is_number(),
            "integer" => v.is_u64() || v.is_i64(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            other => panic!("type {other} not supported"),
        });
        if !ok {
            errs.push(format!("{path}: {v} is not {types:?}"));
            return;
        }
    }
    if let Some(x) = v.as_f64() {
        if s.get("minimum")
            .and_then(Value::as_f64)
            .is_some_and(|m| x < m)
        {
            errs.push(format!("{path}: below minimum"));
        }
        if s.get("maximum")
            .and_then(Value::as_f64)
            .is_some_and(|m| x > m)
        {
            errs.push(format!("{path}: above maximum"));
        }
        if s.get("exclusiveMinimum")
            .and_then(Value::as_f64)
            .is_some_and(|m| x <= m)
        {
            errs.push(format!("{path}: not above exclusiveMinimum"));
        }
    }
    if let Some(text) = v.as_str() {
        if s.get("minLength")
            .and_then(Value::as_u64)
            .is_some_and(|m| (text.len() as u64) < m)
        {
            errs.push(format!("{path}: too short"));
        }
        if let Some(p) = s.get("pattern").and_then(Value::as_str) {
            if !pattern(p, text) {
                errs.push(format!("{path}: {text:?} does not match {p}"));
            }
        }
    }
    if let Some(obj) = v.as_object() {
        for r in s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !obj.contains_key(r.as_str().unwrap()) {
                errs.push(format!("{path}: missing {r}"));
            }
        }
        let props = s.get("properties").and_then(Value::as_object);
        for (k, val) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(ps) => validate(val, ps, root, &format!("{path}.{k}"), errs),
                None if s.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errs.push(format!("{path}: unexpected {k}"))
                }
                None => {}
            }
        }
    }
    if let Some(arr) = v.as_array() {
        if s.get("minItems")
            .and_then(Value::as_u64)
            .is_some_and(|m| (arr.len() as u64) < m)
        {
            errs.push(format!("{path}: too few items"));
        }
        if let Some(items) = s.get("items") {
            for (i, x) in arr.iter().enumerate() {
                validate(x, items, root, &format!("{path}[{i}]"), errs);
            }
        }
    }
}

/// The two patterns the schema uses, checked by hand (ids and ISO dates).
fn pattern(p: &str, text: &str) -> bool {
    match p {
        "^[a-z0-9]+(-[a-z0-9]+)*$" => {
            !text.is_empty()
                && text.split('-').all(|part| {
                    !part.is_empty()
                        && part
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                })
        }
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" => {
            let b = text.as_bytes();
            b.len() == 10
                && b[4] == b'-'
                && b[7] == b'-'
                && b.iter()
                    .enumerate()
                    .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        }
        other => panic!("pattern {other} not supported by this validator"),
    }
}

fn errors(doc: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(prices_schema_json()).expect("schema is JSON");
    let mut errs = Vec::new();
    validate(doc, &schema, &schema, "$", &mut errs);
    errs
}

#[test]
fn prices_json_validates_against_its_schema() {
    let doc: Value = serde_json::from_str(&prices_json(&common::book())).expect("export is JSON");
    assert_eq!(errors(&doc), Vec::<String>::new());
    let sonnet = &doc["providers"][0]["models"][1];
    assert_eq!(sonnet["id"], "sonnet-4-6");
    assert_eq!(sonnet["input_mtok"], 3.0);
    assert_eq!(sonnet["cache_write_mtok"], 3.75);
    assert_eq!(sonnet["cache_write_1h_mtok"], 6.0);
    assert_eq!(sonnet["cache_read_mtok"], 0.3);
    let bedrock_opus = &doc["providers"][1]["models"][2];
    assert!(bedrock_opus["output_mtok"].is_null(), "unknown stays null");
    assert_eq!(bedrock_opus["routes"][1]["input_mtok"], 5.5);
    assert_eq!(doc["as_of"], "2026-11-26");
}

/// A change that must make the export invalid.
type Breakage = fn(&mut Value);

#[test]
fn the_validator_rejects_broken_exports() {
    let good: Value = serde_json::from_str(&prices_json(&common::book())).unwrap();
    let breakages: [(&str, Breakage); 7] = [
        ("unknown lifecycle state", |d| {
            d["providers"][0]["models"][0]["lifecycle"]["state"] = "sunset".into()
        }),
        ("negative price", |d| {
            d["providers"][0]["models"][0]["input_mtok"] = (-1.0).into()
        }),
        ("string price", |d| {
            d["providers"][0]["models"][0]["output_mtok"] = "3".into()
        }),
        ("missing field", |d| {
            d["providers"][0]["models"][0]
                .as_object_mut()
                .unwrap()
                .remove("cache_read_mtok");
        }),
        ("extra field", |d| d["providers"][0]["extra"] = true.into()),
        ("bad date", |d| d["as_of"] = "26 Nov 2026".into()),
        ("bad id", |d| d["providers"][1]["id"] = "Bedrock".into()),
    ];
    for (what, f) in breakages {
        let mut doc = good.clone();
        f(&mut doc);
        assert!(!errors(&doc).is_empty(), "{what} was accepted");
    }
}
