//! The calculator in Chromium, driven like a user: for several scenarios the page's figures
//! equal the native model's, computed here from the price book the page itself embeds; the URL
//! round-trip; bad input; the chart; reset; the page without JavaScript.

use anyhow::{ensure, Context, Result};
use calculator::validate::validate;
use e2e::calc::{apply, assert_matches_native, page_data, problems, Data, Step, PAGE};
use e2e::{run, wait_for, Ctx};
use fantoccini::Locator;
use serde_json::{json, Value};

async fn form_state(ctx: &Ctx) -> Result<Value> {
    ctx.js(
        "return [...document.querySelectorAll('#calc-form input, #calc-form select')]\
            .map(e => [e.id || e.value, e.type === 'checkbox' ? e.checked : e.value])",
    )
    .await
}

async fn chart(ctx: &Ctx) -> Result<String> {
    let svg = ctx
        .js("const s = document.querySelector('#calc-detail svg'); if (!s) return null;\
             const r = s.getBoundingClientRect();\
             return (r.width > 100 && r.height > 50 && s.querySelectorAll('path, polyline, line').length > 2) ? s.outerHTML : '';")
        .await?;
    let svg = svg.as_str().context("no chart (svg) in the results")?;
    ensure!(
        !svg.is_empty(),
        "the chart is not drawn (no visible svg with lines)"
    );
    Ok(svg.to_string())
}

#[test]
fn scenarios_match_the_native_model_and_round_trip() {
    run(|ctx| async move {
        ctx.open(PAGE).await?;
        let Data {
            book,
            scenario: default,
        } = page_data(&ctx).await?;
        let models: Vec<&str> = book
            .models
            .iter()
            .map(|m| m.id.as_str())
            .filter(|m| book.offers.iter().any(|o| &o.model == m))
            .collect();
        ensure!(
            models.len() >= 2,
            "expected at least two models with offers, got {models:?}"
        );
        let other_model = models
            .iter()
            .find(|m| **m != default.model)
            .copied()
            .unwrap_or(models[0]);
        let provider = book.providers.last().context("no provider")?.id.clone();
        let discount = format!("discount_{provider}");
        let initial_form = form_state(&ctx).await?;
        let initial_chart = chart(&ctx).await?;
        let scenarios: Vec<(&str, Vec<Step>)> = vec![
            (
                "batch share",
                vec![
                    Step::Type("batch_share", "50"),
                    Step::Type("output_tokens", "800"),
                ],
            ),
            (
                "another model, measured hit rate",
                vec![
                    Step::Pick("model", other_model),
                    Step::Type("measured_hit_rate", "85"),
                ],
            ),
            (
                "enterprise discount on input and output, 1-hour TTL",
                vec![
                    Step::Type(&discount, "12.5"),
                    Step::Items(&["input", "output"]),
                    Step::Pick("cache_ttl", "1h"),
                ],
            ),
            (
                "hit rate from traffic, evenly spaced",
                vec![
                    Step::Pick("hit_source", "traffic"),
                    Step::Type("requests_per_hour", "12"),
                    Step::Type("active_hours_per_day", "10"),
                    Step::Type("days_per_month", "22"),
                    Step::Pick("arrival", "even"),
                    Step::Type("prefix_tokens", "40000"),
                ],
            ),
        ];
        let mut sc = default.clone();
        for (what, steps) in &scenarios {
            for s in steps {
                apply(&ctx, &mut sc, s).await?;
            }
            assert_matches_native(&ctx, &book, &sc, what).await?;
            println!("scenario ok: {what}");
        }
        let changed_chart = chart(&ctx).await?;
        ensure!(
            changed_chart != initial_chart,
            "the chart did not change when the inputs did"
        );

        // The URL holds the scenario: a fresh page from it shows the same inputs and figures.
        let url = ctx.c.current_url().await?.to_string();
        ensure!(
            url.contains('?'),
            "the URL does not hold the scenario: {url}"
        );
        let form = form_state(&ctx).await?;
        let detail = ctx
            .js("return document.getElementById('calc-detail').textContent")
            .await?;
        ctx.c.goto("about:blank").await?;
        ctx.c.goto(&url).await?;
        ctx.settle().await?;
        ensure!(
            form_state(&ctx).await? == form,
            "the shared URL did not restore the inputs: {url}"
        );
        let detail_again = ctx
            .js("return document.getElementById('calc-detail').textContent")
            .await?;
        ensure!(
            detail_again == detail,
            "the shared URL shows other figures: {url}"
        );
        assert_matches_native(&ctx, &book, &sc, "reloaded from the shared URL").await?;

        // Reset: the defaults again, figures as prerendered, the scenario gone from the URL.
        ctx.c
            .find(Locator::Css("button[data-action=reset]"))
            .await?
            .click()
            .await?;
        ensure!(
            form_state(&ctx).await? == initial_form,
            "Reset did not restore the default inputs"
        );
        let search = ctx.js("return location.search").await?;
        ensure!(
            search == json!(""),
            "Reset left the scenario in the URL: {search}"
        );
        assert_matches_native(&ctx, &book, &default, "after Reset").await?;
        problems(&ctx).await
    });
}

#[test]
fn bad_input_gets_its_message_and_never_nan() {
    run(|ctx| async move {
        ctx.open(PAGE).await?;
        let Data {
            book,
            scenario: default,
        } = page_data(&ctx).await?;
        let cases: [(&str, &str); 5] = [
            ("requests_per_hour", "-5"),
            ("prefix_tokens", ""),
            ("days_per_month", "99999"),
            ("batch_share", "150"),
            ("output_tokens", "1e999"),
        ];
        for (field, text) in cases {
            let mut sc = default.clone();
            apply(&ctx, &mut sc, &Step::Type(field, text)).await?;
            let errs = validate(&book, &sc);
            let want = errs
                .iter()
                .find(|e| e.field == field)
                .with_context(|| format!("the native model accepts {field} = {text:?}"))?;
            let id = format!("calc-{field}-err");
            let got = ctx
                .js(&format!(
                    "return document.getElementById('{id}').textContent"
                ))
                .await?;
            ensure!(
                got == json!(want.message),
                "{field} = {text:?}: message {got} next to the field, expected {:?}",
                want.message
            );
            let invalid = ctx
                .js(&format!(
                    "return document.getElementById('calc-{field}').getAttribute('aria-invalid')"
                ))
                .await?;
            ensure!(
                invalid == json!("true"),
                "{field} = {text:?}: the field is not marked aria-invalid"
            );
            let all = ctx.js("return document.body.innerText").await?;
            let all = all.as_str().context("the page's text")?;
            ensure!(
                !all.is_empty(),
                "{field} = {text:?}: the page shows no text"
            );
            for bad in ["NaN", "Infinity", "undefined"] {
                ensure!(
                    !all.contains(bad),
                    "{field} = {text:?}: the page shows `{bad}`"
                );
            }
            // Putting the default back clears the message and shows the default figures.
            let restore = ctx
                .js(&format!(
                    "return document.getElementById('calc-{field}').defaultValue"
                ))
                .await?;
            let restore = restore.as_str().unwrap_or("").to_string();
            let mut sc = default.clone();
            apply(&ctx, &mut sc, &Step::Type(field, &restore)).await?;
            wait_for(
                &ctx.c,
                &format!("document.getElementById('{id}').textContent === ''"),
                "the message to clear",
            )
            .await?;
            assert_matches_native(&ctx, &book, &default, &format!("{field} restored")).await?;
        }
        problems(&ctx).await
    });
}

/// Without JavaScript the page still shows the default scenario's figures, prerendered by the
/// generator with the native model.
#[test]
fn without_javascript_the_default_figures_are_there() {
    run(|ctx| async move {
        e2e::cdp(
            &ctx.c,
            "Emulation.setScriptExecutionDisabled",
            json!({ "value": true }),
        )
        .await?;
        ctx.c.goto(&ctx.url(PAGE)).await?;
        // The WebDriver's own scripts still run; the page's do not.
        let started = ctx
            .js("return !document.getElementById('calc-actions').hidden")
            .await?;
        ensure!(
            started == json!(false),
            "the calculator started although scripts are off"
        );
        let Data { book, scenario } = page_data(&ctx).await?;
        assert_matches_native(&ctx, &book, &scenario, "without JavaScript").await
    });
}
