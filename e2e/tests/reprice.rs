//! The usage-log importer in Chromium, tried as a reader would: logs dropped on the page or
//! chosen with the file input, the figures equal to the native re-pricing of the same bytes to
//! the cent, a broken file's message, cancelling a long read, and no request while a log is read.

use std::collections::BTreeMap;

use anyhow::{ensure, Context, Result};
use e2e::calc::{page_data, PAGE};
use e2e::driver::network_requests;
use e2e::logs::{self, api_id, expected_cells, native, requests};
use e2e::{run, wait_for, Ctx};
use fantoccini::Locator;
use serde_json::{json, Value};

/// Starts the importer as a reader coming near it does (focus), and waits for its wasm.
async fn ready(ctx: &Ctx) -> Result<()> {
    ctx.js("const r = document.getElementById('reprice'); r.scrollIntoView(); document.getElementById('reprice-file').focus();")
        .await?;
    if let Err(e) = wait_for(
        &ctx.c,
        "['ready','done','failed','cancelled'].includes(document.getElementById('reprice').dataset.state)",
        "the importer's start",
    )
    .await
    {
        let state = ctx.js("return document.getElementById('reprice').dataset.state || '(none)'").await?;
        anyhow::bail!("{e:#}; state {state}; console: {:?}", ctx.console_problems().await?);
    }
    let state = ctx
        .js("return document.getElementById('reprice').dataset.state")
        .await?;
    ensure!(
        state == "ready",
        "the importer did not start: state {state}"
    );
    Ok(())
}

/// Drops `text` on the drop zone as a file named `name`, as a drag from the desktop does.
async fn drop_file(ctx: &Ctx, name: &str, text: &str) -> Result<()> {
    ctx.js_with(
        "const f = new File([arguments[1]], arguments[0], { type: 'application/octet-stream' });\
         const dt = new DataTransfer(); dt.items.add(f);\
         const zone = document.getElementById('reprice-drop');\
         for (const type of ['dragenter', 'dragover', 'drop']) {\
           zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));\
         }",
        vec![json!(name), json!(text)],
    )
    .await?;
    Ok(())
}

async fn wait_done(ctx: &Ctx, what: &str) -> Result<String> {
    wait_for(
        &ctx.c,
        "['done','failed'].includes(document.getElementById('reprice').dataset.state)",
        what,
    )
    .await?;
    let v = ctx
        .js("return document.getElementById('reprice').dataset.state")
        .await?;
    Ok(v.as_str().unwrap_or("").to_owned())
}

/// Every figure the report shows, keyed as [`expected_cells`] keys them.
async fn shown_cells(ctx: &Ctx) -> Result<BTreeMap<String, String>> {
    let v = ctx
        .js("const out = {};\
             for (const s of document.querySelectorAll('#reprice-out [data-model]')) {\
               const m = s.dataset.model;\
               for (const td of s.querySelectorAll('[data-reprice]')) out[td.dataset.reprice] = td.textContent;\
               const rec = s.querySelector('[data-reprice-recorded]'); if (rec) out[m + '.recorded'] = rec.textContent;\
               out[m + '.heading'] = s.querySelector('h3').textContent;\
               for (const h of s.querySelectorAll('[data-reprice-hit]')) out[m + '.hit.' + h.dataset.repriceHit] = h.textContent;\
             }\
             return out;")
        .await?;
    let Value::Object(map) = v else {
        anyhow::bail!("no report on the page")
    };
    Ok(map
        .into_iter()
        .map(|(k, v)| (k, v.as_str().unwrap_or("").to_owned()))
        .collect())
}

fn compare(
    shown: &BTreeMap<String, String>,
    want: &BTreeMap<String, String>,
    what: &str,
) -> Result<()> {
    ensure!(
        want.len() > 10,
        "{what}: the native report has too few figures: {want:?}"
    );
    ensure!(
        shown == want,
        "{what}: the page differs from the native re-pricing\n page:   {shown:?}\n native: {want:?}"
    );
    Ok(())
}

async fn summary(ctx: &Ctx) -> Result<String> {
    let v = ctx
        .js("const p = document.querySelector('#reprice-out p'); return p ? p.textContent : ''")
        .await?;
    Ok(v.as_str().unwrap_or("").to_owned())
}

#[test]
fn logs_reprice_as_the_native_model_does_without_a_request() {
    run(|ctx| async move {
        ctx.open(PAGE).await?;
        let data = page_data(&ctx).await?;
        let (book, model) = (&data.book, data.scenario.model.clone());
        ready(&ctx).await?;
        // Two witnesses: the server sees every request of the page and its worker; the
        // browser's network log also sees any to another origin (which the CSP would block).
        let served = ctx.served.clone().context("no server")?;
        let before = served.take_requests();
        ensure!(
            before.iter().any(|u| u.contains("/assets/reprice_bg.")),
            "the server did not see the importer's wasm load, so it cannot prove an absence: {before:?}"
        );
        let page = network_requests(&ctx.c).await?;
        ensure!(
            page.iter().any(|u| u.contains("/assets/reprice-worker.")),
            "the browser's network log did not see the worker load: {page:?}"
        );

        // 1,000 Anthropic records with times, dropped on the page.
        let reqs = requests(1000, 1);
        let jsonl = logs::anthropic_jsonl(&api_id(book, "anthropic", &model), &reqs);
        drop_file(&ctx, "usage.jsonl", &jsonl).await?;
        ensure!(
            wait_done(&ctx, "the JSON Lines report").await? == "done",
            "{}",
            summary(&ctx).await?
        );
        let (server_saw, browser_saw) = (served.take_requests(), network_requests(&ctx.c).await?);
        ensure!(
            server_saw.is_empty() && browser_saw.is_empty(),
            "requests were made while the log was read: server {server_saw:?}, browser {browser_saw:?}"
        );
        let report = native(book, jsonl.as_bytes(), &model);
        ensure!(
            report.models.len() == 1 && report.models[0].requests == 1000,
            "{report:?}"
        );
        ensure!(
            report.models[0].replay.is_some(),
            "the native report has no replay"
        );
        compare(
            &shown_cells(&ctx).await?,
            &expected_cells(&report),
            "JSON Lines",
        )?;
        let s = summary(&ctx).await?;
        ensure!(
            s.starts_with("1,000 lines read, 1,000 requests."),
            "summary: {s}"
        );
        // "Use these figures" fills the calculator with the log's averages.
        let href = ctx
            .js("const a = document.getElementById('reprice-use'); return a ? a.getAttribute('href') : null")
            .await?;
        let href = href
            .as_str()
            .context("no \"Use these figures\" link")?
            .to_owned();
        let sc = report.scenario.as_ref().context("no native scenario")?;
        let want = calculator::widget::form::figures_query(sc);
        ensure!(
            href == format!("{want}#calculator"),
            "link {href}, want {want}"
        );

        // A Bedrock invocation log, chosen with the file input, on both Bedrock routes.
        // Bedrock has not published a 1-hour cache price for every model: its log has 5-minute
        // writes only, so the recorded cost is priced on both routes.
        let five_minute: Vec<logs::Req> = reqs[..600]
            .iter()
            .map(|r| logs::Req {
                write_5m: r.write_5m + r.write_1h,
                write_1h: 0,
                ..*r
            })
            .collect();
        let bedrock_id = api_id(book, "bedrock", &model);
        let mut bedrock = logs::bedrock_jsonl(&bedrock_id, &five_minute[..400]);
        let regional = bedrock_id.replacen("global.", "us.", 1);
        bedrock.push_str(&logs::bedrock_jsonl(&regional, &five_minute[400..]));
        let path = std::env::temp_dir().join(format!("bedrock-{}.jsonl", std::process::id()));
        std::fs::write(&path, &bedrock)?;
        let input = ctx.c.find(Locator::Id("reprice-file")).await?;
        input.send_keys(&path.display().to_string()).await?;
        ensure!(
            wait_done(&ctx, "the Bedrock report").await? == "done",
            "{}",
            summary(&ctx).await?
        );
        let _ = std::fs::remove_file(&path);
        let report = native(book, bedrock.as_bytes(), &model);
        ensure!(
            report.models[0].recorded_at.len() == 2,
            "two Bedrock routes: {:?}",
            report.models[0].recorded_at
        );
        compare(
            &shown_cells(&ctx).await?,
            &expected_cells(&report),
            "Bedrock",
        )?;

        // A CSV with a batch column, dropped.
        let csv = logs::csv(&api_id(book, "anthropic", &model), &reqs[..300]);
        drop_file(&ctx, "usage.csv", &csv).await?;
        ensure!(
            wait_done(&ctx, "the CSV report").await? == "done",
            "{}",
            summary(&ctx).await?
        );
        let report = native(book, csv.as_bytes(), &model);
        ensure!(report.models[0].batch == 30, "{report:?}");
        compare(&shown_cells(&ctx).await?, &expected_cells(&report), "CSV")?;

        // A file of another kind, and a log with broken lines.
        drop_file(&ctx, "notes.txt", "Meeting notes\nnothing to see here\n").await?;
        wait_done(&ctx, "the broken file's message").await?;
        let alert = ctx
            .js("const a = document.querySelector('#reprice-out [role=alert]'); return a ? a.textContent : ''")
            .await?;
        let alert = alert.as_str().unwrap_or("");
        ensure!(
            alert.contains("cannot be re-priced") && alert.contains("Expected a usage log"),
            "message for a text file: {alert:?}"
        );
        let broken = format!(
            "{}{{\"model\":\"x\"\nnot json at all\n",
            &jsonl[..jsonl.find('\n').unwrap() + 1]
        );
        drop_file(&ctx, "broken.jsonl", &broken).await?;
        ensure!(
            wait_done(&ctx, "the broken log's report").await? == "done",
            "{}",
            summary(&ctx).await?
        );
        let s = summary(&ctx).await?;
        ensure!(
            s.starts_with("3 lines read, 1 request, 2 skipped: line 2 is not JSON")
                && !s.contains("NaN"),
            "summary of a log with broken lines: {s}"
        );
        let (server_saw, browser_saw) = (served.take_requests(), network_requests(&ctx.c).await?);
        ensure!(
            server_saw.is_empty() && browser_saw.is_empty(),
            "requests were made while logs were read: server {server_saw:?}, browser {browser_saw:?}"
        );
        let problems = ctx.console_problems().await?;
        ensure!(problems.is_empty(), "console: {problems:?}");
        Ok(())
    })
}

#[test]
fn a_long_read_shows_progress_and_can_be_cancelled() {
    run(|ctx| async move {
        ctx.open(PAGE).await?;
        ready(&ctx).await?;
        // About 150 MB made in the page, so the test sends no large file over WebDriver.
        ctx.js(
            "const line = '{\"model\":\"claude-sonnet-5-5\",\"usage\":{\"input_tokens\":1200,\"cache_read_input_tokens\":9000,\"output_tokens\":300}}\\n';\
             const chunk = line.repeat(20000);\
             const f = new File(Array(60).fill(chunk), 'big.jsonl');\
             const dt = new DataTransfer(); dt.items.add(f);\
             document.getElementById('reprice-drop').dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));",
        )
        .await?;
        wait_for(
            &ctx.c,
            "document.getElementById('reprice-bar').value > 0 && document.getElementById('reprice').dataset.state === 'reading'",
            "progress on a long read",
        )
        .await?;
        let status = ctx
            .js("return document.getElementById('reprice-status').textContent")
            .await?;
        ensure!(
            status
                .as_str()
                .is_some_and(|s| s.contains("requests so far")),
            "progress text: {status}"
        );
        ctx.c
            .find(Locator::Id("reprice-cancel"))
            .await?
            .click()
            .await?;
        let state = ctx
            .js("return document.getElementById('reprice').dataset.state")
            .await?;
        ensure!(state == "cancelled", "after cancel: {state}");
        // The page stays responsive and a new file reads after a cancel.
        ready_again(&ctx).await?;
        Ok(())
    })
}

async fn ready_again(ctx: &Ctx) -> Result<()> {
    drop_file(
        ctx,
        "small.jsonl",
        "{\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}\n",
    )
    .await?;
    ensure!(
        wait_done(ctx, "a read after cancelling").await? == "done",
        "{}",
        summary(ctx).await?
    );
    let s = summary(ctx).await?;
    ensure!(s.starts_with("1 line read, 1 request."), "{s}");
    Ok(())
}
