//! The calculator in Chromium, driven like a user (keys typed, options picked, boxes ticked):
//! for several scenarios the page's figures equal the native model's, computed here from the
//! price book the page itself embeds; the URL round-trip; bad input; the chart; reset.

use anyhow::{ensure, Context, Result};
use calculator::format::money;
use calculator::model::{compute, Item, Scenario, Ttl};
use calculator::render::render_parts;
use calculator::traffic::Arrival;
use calculator::validate::validate;
use calculator::PriceBook;
use e2e::{run, wait_for, Ctx};
use fantoccini::key::Key;
use fantoccini::Locator;
use serde::Deserialize;
use serde_json::{json, Value};

const PAGE: &str = "/calculator/";

/// The page's data script: the price book and default scenario the page was built with.
#[derive(Deserialize)]
struct Data {
    book: PriceBook,
    scenario: Scenario,
}

async fn page_data(ctx: &Ctx) -> Result<Data> {
    let text = ctx
        .js("return document.getElementById('calculator-data').textContent")
        .await?;
    let text = text
        .as_str()
        .context("no #calculator-data script on the page")?;
    serde_json::from_str(text).context("the page's #calculator-data is not a PriceBook + Scenario")
}

/// One user action on the form, and what it means for the native scenario.
enum Step<'a> {
    /// Type into a number field (`name` as on the form); shares are typed in percent.
    Type(&'a str, &'a str),
    /// Pick an option of a select.
    Pick(&'a str, &'a str),
    /// Set the enterprise-discount line items to exactly these.
    Items(&'a [&'a str]),
}

async fn type_into(ctx: &Ctx, name: &str, text: &str) -> Result<()> {
    let el = ctx.c.find(Locator::Id(&format!("calc-{name}"))).await?;
    el.click().await?;
    // Select what is there, then type over it (or delete it), as a person would.
    el.send_keys(&(Key::Control + "a")).await?;
    if text.is_empty() {
        el.send_keys(&("" + &Key::Backspace)).await?;
    } else {
        el.send_keys(text).await?;
    }
    // Tab away, as a person moving to the next field: the browser commits the value (`change`).
    el.send_keys(&("" + &Key::Tab)).await?;
    Ok(())
}

/// Chooses an option with the keyboard (focus, arrow keys, Tab away), as a keyboard user does:
/// the browser then fires `input` and `change`. (chromedriver's option click fires only
/// `change`, which no person's action does.)
async fn pick(ctx: &Ctx, name: &str, value: &str) -> Result<()> {
    let id = format!("calc-{name}");
    let el = ctx.c.find(Locator::Id(&id)).await?;
    let pos = ctx
        .js_with(
            "const s = document.getElementById(arguments[0]);\
             return [s.selectedIndex, [...s.options].findIndex(o => o.value === arguments[1])];",
            vec![json!(id), json!(value)],
        )
        .await?;
    let (from, to) = (pos[0].as_i64().unwrap_or(-1), pos[1].as_i64().unwrap_or(-1));
    ensure!(to >= 0, "{name} has no option {value:?}");
    ctx.js_with(
        "document.getElementById(arguments[0]).focus()",
        vec![json!(id)],
    )
    .await?;
    let key = if to > from { Key::Down } else { Key::Up };
    let mut keys = String::new();
    for _ in 0..(to - from).abs() {
        keys = keys.as_str() + &key;
    }
    if !keys.is_empty() {
        el.send_keys(&keys).await?;
    }
    el.send_keys(&("" + &Key::Tab)).await?;
    let now = ctx
        .js_with(
            "return document.getElementById(arguments[0]).value",
            vec![json!(id)],
        )
        .await?;
    ensure!(
        now == json!(value),
        "{name}: the arrow keys chose {now}, not {value:?}"
    );
    Ok(())
}

async fn apply(ctx: &Ctx, sc: &mut Scenario, step: &Step<'_>) -> Result<()> {
    match step {
        Step::Type(name, text) => {
            type_into(ctx, name, text).await?;
            // As a number field reads it: not a number, or out of the double range, is NaN.
            let x: f64 = text
                .parse()
                .ok()
                .filter(|x: &f64| x.is_finite())
                .unwrap_or(f64::NAN);
            match *name {
                "requests_per_hour" => sc.requests_per_hour = x,
                "active_hours_per_day" => sc.active_hours_per_day = x,
                "days_per_month" => sc.days_per_month = x,
                "prefix_tokens" => sc.prefix_tokens = x,
                "input_tokens" => sc.input_tokens = x,
                "output_tokens" => sc.output_tokens = x,
                "batch_share" => sc.batch_share = x / 100.0,
                // Typing a measured rate switches the hit-rate source to "measured".
                "measured_hit_rate" => sc.measured_hit_rate = Some(x / 100.0),
                n => {
                    let provider = n.strip_prefix("discount_").context("unknown field")?;
                    sc.enterprise_discount
                        .insert(provider.to_string(), x / 100.0);
                }
            }
        }
        Step::Pick(name, value) => {
            pick(ctx, name, value).await?;
            match *name {
                "model" => sc.model = value.to_string(),
                "arrival" => {
                    sc.arrival = if *value == "even" {
                        Arrival::Even
                    } else {
                        Arrival::Poisson
                    }
                }
                "cache_ttl" => {
                    sc.cache_ttl = if *value == "1h" {
                        Ttl::OneHour
                    } else {
                        Ttl::FiveMinutes
                    }
                }
                "hit_source" if *value == "traffic" => sc.measured_hit_rate = None,
                "hit_source" => {
                    let shown = ctx.js("return document.getElementById('calc-measured_hit_rate').valueAsNumber").await?;
                    sc.measured_hit_rate = Some(shown.as_f64().unwrap_or(f64::NAN) / 100.0);
                }
                _ => anyhow::bail!("unknown select {name}"),
            }
        }
        Step::Items(keys) => {
            for item in Item::ALL {
                let want = keys.contains(&item.key());
                let b = ctx
                    .c
                    .find(Locator::Css(&format!(
                        "input[name=discount_item][value=\"{}\"]",
                        item.key()
                    )))
                    .await?;
                if b.is_selected().await? != want {
                    b.click().await?;
                }
            }
            sc.discount_items = Item::ALL
                .into_iter()
                .filter(|i| keys.contains(&i.key()))
                .collect();
        }
    }
    Ok(())
}

/// Text a browser would show for an HTML fragment (parsed by the page's own parser).
async fn shown_text_of(ctx: &Ctx, html: &str) -> Result<String> {
    let v = ctx
        .js_with(
            "const t = document.createElement('template'); t.innerHTML = arguments[0]; return t.content.textContent;",
            vec![json!(html)],
        )
        .await?;
    Ok(v.as_str().unwrap_or("").to_string())
}

fn first_difference(a: &str, b: &str) -> String {
    let i = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let around = |s: &str| {
        s.chars()
            .skip(i.saturating_sub(60))
            .take(140)
            .collect::<String>()
    };
    format!("page: …{}…\nnative: …{}…", around(a), around(b))
}

/// The page's figures equal the native model's for `sc`: every route's total, then the whole
/// text of the summary and of the results (table, break-evens, chart labels, breakdowns).
async fn assert_matches_native(
    ctx: &Ctx,
    book: &PriceBook,
    sc: &Scenario,
    what: &str,
) -> Result<()> {
    ensure!(
        validate(book, sc).is_empty(),
        "{what}: the test's scenario is invalid: {:?}",
        validate(book, sc)
    );
    let shown: Vec<(String, String)> = serde_json::from_value(
        ctx.js(
            "return [...document.querySelectorAll('#calc-detail td.calc-total')]\
                .map(td => [td.dataset.row, td.firstChild.textContent.trim()])",
        )
        .await?,
    )?;
    let report = compute(book, sc);
    let mut expected = Vec::new();
    for row in &report.rows {
        if let Ok(c) = &row.outcome {
            expected.push((
                format!("{}.{}.{}", row.provider, row.route, row.cache.key()),
                money(c.total_cents),
            ));
        }
    }
    ensure!(
        !expected.is_empty(),
        "{what}: the native model prices no route"
    );
    ensure!(
        shown == expected,
        "{what}: totals differ\n  page:   {shown:?}\n  native: {expected:?}"
    );
    let (live, detail) = render_parts(book, sc);
    for (id, html) in [("calc-live", live), ("calc-detail", detail)] {
        let want = shown_text_of(ctx, &html).await?;
        let got = ctx
            .js(&format!(
                "return document.getElementById('{id}').textContent"
            ))
            .await?;
        // Whitespace aside: the generator's HTML minifier drops spaces between block elements,
        // which no reader sees; every word and figure must still be the same.
        let squeeze = |t: &str| t.split_whitespace().collect::<String>();
        let (got, want) = (squeeze(got.as_str().unwrap_or("")), squeeze(&want));
        ensure!(
            got == want,
            "{what}: #{id} differs from the native model\n{}",
            first_difference(&got, &want)
        );
    }
    let all = ctx.js("return document.body.innerText").await?;
    let all = all.as_str().unwrap_or("");
    for bad in ["NaN", "Infinity", "undefined"] {
        ensure!(!all.contains(bad), "{what}: the page shows `{bad}`");
    }
    Ok(())
}

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

async fn problems(ctx: &Ctx) -> Result<()> {
    let p = ctx.console_problems().await?;
    ensure!(p.is_empty(), "console errors or CSP violations: {p:?}");
    Ok(())
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
            for bad in ["NaN", "Infinity", "undefined"] {
                ensure!(
                    !all.as_str().unwrap_or("").contains(bad),
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
