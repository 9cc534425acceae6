//! `/prices.json` validates against its published JSON Schema, and `/prices.litellm.json` and
//! `/prices.genai-prices.json` against schemas of LiteLLM's and genai-prices' shapes
//! (`calculator/schemas/`). The validator is a small one written here for the keywords the
//! schemas use (type, const, enum, required, properties, patternProperties,
//! additionalProperties, minProperties, items, minItems, minimum, maximum, exclusiveMinimum,
//! minLength, pattern for the few patterns used, $ref), and it is itself tested to reject
//! broken documents.

mod common;

use calculator::{genai_prices_json, litellm_json, prices_json, prices_schema_json};
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
    "patternProperties",
    "minProperties",
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
        if s.get("minProperties")
            .and_then(Value::as_u64)
            .is_some_and(|m| (obj.len() as u64) < m)
        {
            errs.push(format!("{path}: too few properties"));
        }
        let props = s.get("properties").and_then(Value::as_object);
        let patterns = s.get("patternProperties").and_then(Value::as_object);
        for (k, val) in obj {
            let at = format!("{path}.{k}");
            let by_pattern: Vec<&Value> = patterns
                .into_iter()
                .flatten()
                .filter(|(p, _)| pattern(p, k))
                .map(|(_, ps)| ps)
                .collect();
            for ps in &by_pattern {
                validate(val, ps, root, &at, errs);
            }
            match props.and_then(|p| p.get(k)) {
                Some(ps) => validate(val, ps, root, &at, errs),
                None if !by_pattern.is_empty() => {}
                None => match s.get("additionalProperties") {
                    Some(Value::Bool(false)) => errs.push(format!("{path}: unexpected {k}")),
                    Some(ps @ Value::Object(_)) => validate(val, ps, root, &at, errs),
                    _ => {}
                },
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

/// LiteLLM's price keys: a charge, an optional prompt-length tier, an optional batch suffix.
const PRICE_KEY: &str = "^(input_cost_per_token|output_cost_per_token|cache_creation_input_token_cost|cache_creation_input_token_cost_above_1hr|cache_read_input_token_cost)(_above_[0-9]+k_tokens)?(_batches)?$";

/// The patterns the schemas use, checked by hand (ids, ISO dates, LiteLLM's price keys).
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
        PRICE_KEY => {
            let rest = text.strip_suffix("_batches").unwrap_or(text);
            let rest = match rest
                .strip_suffix("k_tokens")
                .and_then(|r| r.rsplit_once("_above_"))
            {
                Some((head, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => head,
                _ => rest,
            };
            [
                "input_cost_per_token",
                "output_cost_per_token",
                "cache_creation_input_token_cost",
                "cache_creation_input_token_cost_above_1hr",
                "cache_read_input_token_cost",
            ]
            .contains(&rest)
        }
        other => panic!("pattern {other} not supported by this validator"),
    }
}

fn errors(doc: &Value) -> Vec<String> {
    errors_against(doc, prices_schema_json())
}

fn errors_against(doc: &Value, schema: &str) -> Vec<String> {
    let schema: Value = serde_json::from_str(schema).expect("schema is JSON");
    let mut errs = Vec::new();
    validate(doc, &schema, &schema, "$", &mut errs);
    errs
}

/// Every breakage of a valid document makes it invalid against `schema`.
fn rejected(good: &Value, breakages: &[(&str, Breakage)], schema: &str) {
    for (what, f) in breakages {
        let mut doc = good.clone();
        f(&mut doc);
        assert!(
            !errors_against(&doc, schema).is_empty(),
            "{what} was accepted"
        );
    }
}

/// The shapes of LiteLLM's and genai-prices' files, as the site writes them.
const LITELLM_SCHEMA: &str = include_str!("../schemas/litellm.schema.json");
const GENAI_PRICES_SCHEMA: &str = include_str!("../schemas/genai-prices.schema.json");

fn litellm_doc() -> Value {
    let text = litellm_json(&common::book(), &common::price_file_names());
    serde_json::from_str(&text).expect("the LiteLLM export is JSON")
}

fn genai_doc() -> Value {
    let text = genai_prices_json(&common::book(), &common::price_file_names());
    serde_json::from_str(&text).expect("the genai-prices export is JSON")
}

#[test]
fn the_litellm_export_validates_against_its_schema() {
    let doc = litellm_doc();
    assert_eq!(errors_against(&doc, LITELLM_SCHEMA), Vec::<String>::new());
    // Keyed by the API id a request names, one entry per offer with an id.
    assert_eq!(doc.as_object().unwrap().len(), 6, "{doc}");
    let sonnet = &doc["claude-sonnet-4-6"];
    assert_eq!(sonnet["litellm_provider"], "anthropic");
    assert_eq!(sonnet["input_cost_per_token"], 3e-6);
    assert_eq!(sonnet["cache_creation_input_token_cost"], 3.75e-6);
    assert_eq!(sonnet["cache_creation_input_token_cost_above_1hr"], 6e-6);
    assert_eq!(sonnet["cache_read_input_token_cost"], 3e-7);
    assert_eq!(sonnet["input_cost_per_token_batches"], 1.5e-6);
    assert_eq!(sonnet["output_cost_per_token_batches"], 7.5e-6);
    assert_eq!(sonnet["checked"], "2026-11-26");
    let bedrock = &doc["global.anthropic.claude-sonnet-4-6"];
    assert_eq!(bedrock["litellm_provider"], "bedrock");
    // Bedrock's batch discount does not reach cache lines: batch cache reads cost the same.
    assert_eq!(bedrock["cache_read_input_token_cost_batches"], 3e-7);
}

#[test]
fn the_genai_prices_export_validates_against_its_schema() {
    let doc = genai_doc();
    assert_eq!(
        errors_against(&doc, GENAI_PRICES_SCHEMA),
        Vec::<String>::new()
    );
    assert_eq!(doc[0]["id"], "anthropic");
    assert_eq!(doc[1]["id"], "aws");
    let sonnet = &doc[0]["models"][1];
    assert_eq!(sonnet["id"], "claude-sonnet-4-6");
    assert_eq!(sonnet["prices"]["input_mtok"], 3.0);
    assert_eq!(sonnet["prices"]["cache_write_mtok"], 3.75);
    assert_eq!(sonnet["prices"]["cache_write_1h_mtok"], 6.0);
    assert_eq!(sonnet["price_variants"][0]["when"]["processing"], "batch");
    assert_eq!(sonnet["price_variants"][0]["prices"]["output_mtok"], 7.5);
}

#[test]
fn the_validator_rejects_broken_price_files() {
    let good = litellm_doc();
    let breakages: [(&str, Breakage); 5] = [
        ("unknown price key", |d| {
            d["claude-sonnet-4-6"]["input_cost_per_token_above_1m"] = 1e-6.into()
        }),
        ("a price per million where a price per token belongs", |d| {
            d["claude-sonnet-4-6"]["input_cost_per_token"] = 3.0.into()
        }),
        ("negative price", |d| {
            d["claude-sonnet-4-6"]["output_cost_per_token"] = (-1e-6).into()
        }),
        ("other mode", |d| {
            d["claude-sonnet-4-6"]["mode"] = "embedding".into()
        }),
        ("no provider", |d| {
            d["claude-sonnet-4-6"]
                .as_object_mut()
                .unwrap()
                .remove("litellm_provider");
        }),
    ];
    rejected(&good, &breakages, LITELLM_SCHEMA);
    let good = genai_doc();
    let breakages: [(&str, Breakage); 4] = [
        ("tier without a start", |d| {
            d[0]["models"][0]["prices"]["input_mtok"] =
                serde_json::json!({"base": 1.0, "tiers": [{"price": 2.0}]})
        }),
        ("a price as text", |d| {
            d[0]["models"][0]["prices"]["input_mtok"] = "1".into()
        }),
        ("unknown price field", |d| {
            d[0]["models"][0]["prices"]["input_1h_mtok"] = 1.0.into()
        }),
        ("unknown variant", |d| {
            d[0]["models"][0]["price_variants"][0]["when"]["processing"] = "flex".into()
        }),
    ];
    rejected(&good, &breakages, GENAI_PRICES_SCHEMA);
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
