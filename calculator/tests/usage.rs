//! Reading usage logs and re-pricing them: every documented format, every reason a record is
//! skipped, chunking, and figures checked against a per-request sum computed here.

mod common;

use calculator::model::Ttl;
use calculator::prices::Charge;
use calculator::reprice::{reprice, Report};
use calculator::usage::{read, Format, Reader, FORMATS};

fn report(log: &str) -> Report {
    reprice(&common::book(), &read(log.as_bytes()), &common::base())
}

#[test]
fn every_documented_example_reads_as_its_format() {
    for doc in FORMATS {
        // The page's examples name current models; the fixture book's are older, so only the
        // reading is checked here (tests/reprice.rs in the generator prices them).
        let imp = read(doc.example.as_bytes());
        let i = Format::ALL.iter().position(|f| *f == doc.format).unwrap();
        assert!(imp.refused.is_none(), "{:?}: {:?}", doc.format, imp.refused);
        assert!(imp.by_format[i] >= 1, "{:?}: {imp:?}", doc.format);
        assert_eq!(
            imp.by_format.iter().sum::<u32>() as usize,
            imp.records.len()
        );
        let lines = doc.example.lines().count() as u32;
        assert!(
            doc.example.lines().count() == 2,
            "{:?}: two lines",
            doc.format
        );
        assert_eq!(imp.lines, lines);
    }
}

#[test]
fn bad_records_are_counted_with_their_line_and_reason() {
    let log = [
        r#"{"model":"claude-sonnet-4-6","usage":{"input_tokens":10,"output_tokens":5}}"#,
        r#"{"model":"claude-sonnet-4-6","usage":{"input_tokens":10"#,
        r#"{"model":"claude-sonnet-4-6","usage":{"input_tokens":10}}"#,
        r#"{"model":"claude-sonnet-4-6","usage":{"input_tokens":-3,"output_tokens":5}}"#,
        r#"{"type":"message_delta","usage":{"output_tokens":5}}"#,
        r#"{"custom_id":"a","result":{"type":"expired"}}"#,
        r#"{"timestamp":"last tuesday","usage":{"input_tokens":1,"output_tokens":1}}"#,
        r#"{"schemaType":"ModelInvocationLog","modelId":"anthropic.claude-sonnet-4-6","errorCode":"ThrottlingException","input":{}}"#,
        "",
        "[1,2]",
    ]
    .join("\n");
    let imp = read(log.as_bytes());
    assert_eq!(imp.records.len(), 1);
    assert_eq!(imp.skipped, 8);
    let why: Vec<(u32, &str)> = imp.skips.iter().map(|s| (s.line, s.why.as_str())).collect();
    assert_eq!(
        why,
        [
            (2, "is not JSON (unexpected end of the text at column 56)"),
            (3, "has no output tokens (output_tokens)"),
            (4, "has input_tokens that is not a whole number of tokens"),
            (5, "is a streaming event (message_delta): log one record per request, the final message or its usage"),
            (6, "is a batch result of type expired: not billed"),
            (7, "has a timestamp that is neither an RFC 3339 date-time nor Unix time"),
            (8, "is a failed invocation (ThrottlingException): not billed"),
            (10, "is not a JSON object"),
        ]
    );
    assert_eq!(imp.lines, 10);
    let s = imp.summary();
    assert!(
        s.starts_with("10 lines read, 1 request, 8 skipped: line 2 is not JSON"),
        "{s}"
    );
}

#[test]
fn files_of_another_kind_are_refused_with_what_was_expected() {
    for (bytes, says) in [
        (&b""[..], "The file is empty."),
        (
            b"name,size\nx,1\n",
            "is neither a JSON object nor a CSV header",
        ),
        (b"<html><body>", "Expected a usage log"),
        (b"\x1f\x8b\x08\x00", "gzip-compressed"),
        (b"PK\x03\x04rest", "ZIP archive"),
        (
            b"{\"hello\":\"world\"}\n",
            "No usage records found: 1 record skipped (line 1 has no usage counts",
        ),
        (
            b"input_tokens,output_tokens\n",
            "The CSV has a header but no rows.",
        ),
        (
            b"[{\"usage\":{\"input_tokens\":1,\"output_tokens\":2}}",
            "not closed",
        ),
    ] {
        let imp = read(bytes);
        let why = imp.refused.clone().unwrap_or_default();
        assert!(
            why.contains(says),
            "{:?}: {why}",
            String::from_utf8_lossy(bytes)
        );
        assert!(imp.records.is_empty() || why.contains("not closed"));
        let r = reprice(&common::book(), &imp, &common::base());
        assert!(r.refused && r.models.is_empty());
    }
}

/// A log mixing every format's features, for the chunking and pricing tests.
fn mixed_log() -> String {
    let mut lines = Vec::new();
    for i in 0..300u32 {
        let t = 1_796_000_000 + i64::from(i) * 97 + i64::from(i % 7) * 400;
        let cached = i % 5 != 0;
        let read = if cached && i % 3 != 0 { 12_000 } else { 0 };
        let write = if cached && read == 0 { 12_000 } else { 0 };
        lines.push(format!(
            r#"{{"timestamp":{t},"model":"claude-sonnet-4-6","usage":{{"input_tokens":{},"cache_read_input_tokens":{read},"cache_creation_input_tokens":{write},"cache_creation":{{"ephemeral_5m_input_tokens":{},"ephemeral_1h_input_tokens":{}}},"output_tokens":{}}}}}"#,
            300 + i,
            if i % 2 == 0 { write } else { 0 },
            if i % 2 == 0 { 0 } else { write },
            100 + i % 50
        ));
    }
    for i in 0..50u32 {
        lines.push(format!(
            r#"{{"custom_id":"r{i}","result":{{"type":"succeeded","message":{{"model":"claude-haiku-4-5-20251001","usage":{{"input_tokens":{},"output_tokens":90}}}}}}}}"#,
            1000 + i
        ));
    }
    for i in 0..40u32 {
        lines.push(format!(
            r#"{{"schemaType":"ModelInvocationLog","timestamp":"2026-11-30T10:{:02}:00Z","modelId":"us.anthropic.claude-sonnet-4-6","input":{{"inputTokenCount":{},"cacheReadInputTokenCount":{}}},"output":{{"outputTokenCount":40}}}}"#,
            i, 200 + i, if i > 0 { 12_000 } else { 0 }
        ));
    }
    lines.join("\n")
}

#[test]
fn chunk_boundaries_change_nothing() {
    let log = mixed_log();
    let whole = read(log.as_bytes());
    assert_eq!(whole.records.len(), 390);
    assert_eq!(whole.skipped, 0);
    for size in [1, 7, 64, 4096] {
        let mut r = Reader::new();
        for chunk in log.as_bytes().chunks(size) {
            r.push(chunk);
        }
        assert_eq!(r.finish(), whole, "chunks of {size}");
    }
    // The same records as a pretty-printed JSON array.
    let array = format!("[\n{}\n]\n", log.replace('\n', ",\n  "));
    let from_array = read(array.as_bytes());
    assert_eq!(from_array.records.len(), 390);
    assert_eq!(from_array.skipped, 0);
}

#[test]
fn totals_equal_a_sum_over_requests_and_lines_add_up() {
    let book = common::book();
    let imp = read(mixed_log().as_bytes());
    let r = reprice(&book, &imp, &common::base());
    assert!(r.unpriced.is_empty() && r.unnamed == 0);
    assert_eq!(r.models.len(), 2);
    for m in &r.models {
        for rc in &m.routes {
            let offer = book.offer(&rc.provider, &m.model).unwrap();
            let route = offer.routes.iter().find(|x| x.id == rc.route).unwrap();
            // Per request, straight from the quotes: no buckets, no shared code path.
            let mut exact = 0.0;
            for rec in imp.records.iter() {
                let name = &imp.names[rec.model as usize];
                if !name.contains(m.model.trim_start_matches("claude-")) {
                    continue;
                }
                let tier = offer.tier_for(rec.prompt() as f64);
                for (charge, n) in [
                    (Charge::Input, rec.input),
                    (Charge::CacheWrite(Ttl::FiveMinutes), rec.write_5m),
                    (Charge::CacheWrite(Ttl::OneHour), rec.write_1h),
                    (Charge::CacheRead, rec.read),
                    (Charge::Output, rec.output),
                ] {
                    if n > 0 {
                        let q = offer.quote(charge, route, tier, rec.batch).unwrap();
                        exact += q.mtok() * f64::from(n) / 1e6;
                    }
                }
            }
            let c = rc.as_logged.as_ref().unwrap();
            assert_eq!(
                c.total_cents,
                (exact * 100.0).round() as i64,
                "{}",
                rc.key()
            );
            assert_eq!(c.lines.iter().map(|l| l.cents).sum::<i64>(), c.total_cents);
            for c in [&rc.no_cache].into_iter().chain(rc.replay.iter().flatten()) {
                let c = c.as_ref().unwrap();
                assert_eq!(c.lines.iter().map(|l| l.cents).sum::<i64>(), c.total_cents);
            }
        }
    }
}

#[test]
fn a_hand_priced_log() {
    // Sonnet 4.6 on the Anthropic API: $3 in, $15 out per MTok; writes 1.25x (5 min) and 2x
    // (1 h), reads 0.1x; batch half price.
    let log = r#"{"model":"claude-sonnet-4-6","usage":{"input_tokens":1000000,"output_tokens":100000}}
{"model":"claude-sonnet-4-6","usage":{"input_tokens":0,"cache_creation_input_tokens":1000000,"output_tokens":0}}
{"model":"claude-sonnet-4-6","usage":{"input_tokens":0,"cache_creation":{"ephemeral_1h_input_tokens":1000000},"cache_creation_input_tokens":1000000,"cache_read_input_tokens":1000000,"output_tokens":0}}
{"model":"claude-sonnet-4-6","usage":{"input_tokens":1000000,"output_tokens":0,"service_tier":"batch"}}"#;
    let r = report(log);
    let m = &r.models[0];
    let anthropic = m.routes.iter().find(|x| x.provider == "anthropic").unwrap();
    // 3 + 1.5 + 3.75 + 6 + 0.3 + 1.5 = 16.05
    assert_eq!(anthropic.as_logged.as_ref().unwrap().total_cents, 1605);
    assert_eq!(m.recorded.as_ref().unwrap().total_cents, 1605);
    // No cache: 3 + 1.5 + 3 + 6 (2 MTok as input) + 1.5 = 15.00
    assert_eq!(anthropic.no_cache.as_ref().unwrap().total_cents, 1500);
    assert_eq!(m.hit_rate, Some(1.0 / 3.0));
    assert!(m.replay.is_none(), "no times, no replay");
    assert_eq!(m.batch, 1);
}

#[test]
fn replay_refreshes_on_every_use() {
    // Requests 4 minutes apart for an hour, then one after a 30-minute pause, then one after
    // a 90-minute pause: the 5-minute cache hits all but the first and the two after pauses;
    // the 1-hour cache misses only the first and the one after 90 minutes.
    let mut times = Vec::new();
    let mut t = 1_796_000_000i64;
    for _ in 0..16 {
        times.push(t);
        t += 240;
    }
    t += 30 * 60 - 240;
    times.push(t);
    times.push(t + 90 * 60);
    let log: Vec<String> = times
        .iter()
        .map(|t| format!(r#"{{"time":{t},"model":"claude-sonnet-4-6","usage":{{"input_tokens":10,"cache_creation_input_tokens":5000,"output_tokens":5}}}}"#))
        .collect();
    let r = report(&log.join("\n"));
    let rp = r.models[0].replay.as_ref().unwrap();
    assert_eq!(rp.replayed, 18);
    assert_eq!(rp.hits, [15, 16]);
    assert_eq!(r.models[0].gaps, [0, 0, 0, 15, 1, 1, 0]);
    // Every request wrote 5,000 tokens; the replay reads them instead where it hits.
    let a = r.models[0]
        .routes
        .iter()
        .find(|x| x.provider == "anthropic")
        .unwrap();
    let [five, hour] = a.replay.as_ref().unwrap();
    let five = five.as_ref().unwrap();
    let reads: f64 = five
        .lines
        .iter()
        .filter(|l| l.item == calculator::model::Item::CacheRead)
        .map(|l| l.tokens)
        .sum();
    assert_eq!(reads, 15.0 * 5000.0);
    assert!(hour.is_ok());
    // "Use these figures": one model, 18 requests over 3 busy clock hours at most.
    let sc = r.scenario.as_ref().unwrap();
    assert_eq!(sc.model, "sonnet-4-6");
    assert_eq!(sc.prefix_tokens, 5000.0);
    assert_eq!(sc.measured_hit_rate, Some(0.0));
}

#[test]
fn unknown_models_and_unnamed_records_are_said() {
    let r = report(
        "{\"model\":\"claude-2.1\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}\n{\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}\n",
    );
    assert_eq!(r.unpriced, [("claude-2.1".to_owned(), 1)]);
    assert_eq!(r.unnamed, 1);
    assert_eq!(r.models[0].model, common::base().model);
}

#[test]
fn csv_with_aliases_and_bad_cells() {
    let csv = "Timestamp;Model;Input Tokens;Cache Read Tokens;Output Tokens;Batch\n\
               2026-11-30T10:00:00Z;claude-sonnet-4-6;100;2000;50;no\n\
               2026-11-30T10:01:00Z;claude-sonnet-4-6;100;;x;no\n\
               2026-11-30T10:02:00Z;claude-sonnet-4-6;100;2000;50;maybe\n\
               2026-11-30T10:03:00Z;claude-sonnet-4-6;100;2000;50;yes\n";
    let imp = read(csv.as_bytes());
    assert_eq!(imp.records.len(), 2);
    assert!(imp.records[1].batch);
    let why: Vec<&str> = imp.skips.iter().map(|s| s.why.as_str()).collect();
    assert_eq!(
        why,
        [
            "has output tokens \"x\", not a whole number of tokens",
            "has batch \"maybe\", not true or false"
        ]
    );
}

#[test]
fn use_these_figures_writes_what_the_full_query_writes() {
    let book = common::book();
    let log = (0..50)
        .map(|i| format!(r#"{{"time":{},"model":"claude-sonnet-4-6","usage":{{"input_tokens":100,"cache_read_input_tokens":{},"cache_creation_input_tokens":{},"output_tokens":40,"service_tier":"{}"}}}}"#,
            1_796_000_000 + i * 30, if i % 3 == 0 { 0 } else { 4000 }, if i % 3 == 0 { 4000 } else { 0 }, if i % 5 == 0 { "batch" } else { "standard" }))
        .collect::<Vec<_>>()
        .join("\n");
    let r = report(&log);
    let sc = r.scenario.expect("a scenario");
    let full = calculator::widget::scenario_query(&book, &sc);
    let lean = calculator::widget::form::figures_query(&sc);
    let pairs = |q: &str| -> Vec<String> {
        q.trim_start_matches('?')
            .split('&')
            .map(str::to_owned)
            .collect()
    };
    let full = pairs(&full);
    for p in pairs(&lean) {
        assert!(
            full.contains(&p),
            "{p} is not in the calculator's own query {full:?}"
        );
    }
    assert!(pairs(&lean).iter().any(|p| p == "hit_source=measured"));
    assert!((sc.batch_share - 0.2).abs() < 1e-9);
}

#[test]
fn the_importer_reads_the_price_book_back_whole() {
    let book = common::book();
    let page = format!(
        "{{\"book\":{},\"scenario\":{{}}}}",
        serde_json::to_string(&book)
            .unwrap()
            .replace('<', "\\u003c")
    );
    let read = calculator::reprice::book::from_page_json(&page).expect("a book");
    assert_eq!(read, book);
    assert!(calculator::reprice::book::from_page_json("{\"scenario\":{}}").is_none());
}

#[test]
fn long_prompts_are_found_with_what_their_tier_cost() {
    // The fixture with a long-prompt tier on Sonnet 4.6 (Anthropic): over 200,000 prompt
    // tokens, $6 in and $22.50 out per MTok instead of $3 and $15.
    let mut book = common::book();
    let offer = book
        .offers
        .iter_mut()
        .find(|o| o.provider == "anthropic" && o.model == "sonnet-4-6")
        .unwrap();
    offer.tiers = vec![calculator::prices::Tier {
        above_prompt_tokens: 200_000,
        input_mtok: Some(6.0),
        output_mtok: Some(22.5),
    }];
    let log = "{\"model\":\"claude-sonnet-4-6\",\"usage\":{\"input_tokens\":300000,\"output_tokens\":4000}}\n\
               {\"model\":\"claude-sonnet-4-6\",\"usage\":{\"input_tokens\":1000,\"output_tokens\":100}}\n";
    let r = reprice(&book, &read(log.as_bytes()), &common::base());
    let m = &r.models[0];
    let long = m
        .long
        .iter()
        .find(|l| l.key == "anthropic.global")
        .expect("a long-prompt note");
    assert_eq!((long.requests, long.above), (1, 200_000));
    // At the tier: 0.3 MTok x $6 + 0.004 MTok x $22.50 = $1.89; at the list prices $0.96.
    assert_eq!(long.extra_cents, 189 - 96);
    let cost = m
        .routes
        .iter()
        .find(|x| x.key() == "anthropic.global")
        .unwrap();
    // Plus the short request: 0.001 x $3 + 0.0001 x $15 = $0.0045.
    assert_eq!(cost.as_logged.as_ref().unwrap().total_cents, 189);
    assert!(
        m.long.iter().all(|l| l.key.starts_with("anthropic")),
        "no tier elsewhere"
    );
}
