//! Driving the calculator form like a user (keys typed, options picked, boxes ticked) and
//! comparing what the page shows with the native model and render, for the calculator tests.

use anyhow::{ensure, Context, Result};
use fantoccini::key::Key;
use fantoccini::Locator;
use serde::Deserialize;
use serde_json::json;

use calculator::fields;
use calculator::format::money;
use calculator::model::{compute, Item, Scenario};
use calculator::validate::validate;
use calculator::widget::{render_parts, render_update};
use calculator::PriceBook;

use crate::Ctx;

pub const PAGE: &str = "/calculator/";

/// The page's data script: the price book and default scenario the page was built with.
#[derive(Deserialize)]
pub struct Data {
    pub book: PriceBook,
    pub scenario: Scenario,
}

pub async fn page_data(ctx: &Ctx) -> Result<Data> {
    let text = ctx
        .js("return document.getElementById('calculator-data').textContent")
        .await?;
    let text = text
        .as_str()
        .context("no #calculator-data script on the page")?;
    serde_json::from_str(text).context("the page's #calculator-data is not a PriceBook + Scenario")
}

/// One user action on the form, and what it means for the native scenario.
pub enum Step<'a> {
    /// Type into a number field (`name` as on the form); shares are typed in percent.
    Type(&'a str, &'a str),
    /// Pick an option of a select.
    Pick(&'a str, &'a str),
    /// Set the enterprise-discount line items to exactly these.
    Items(&'a [&'a str]),
}

pub async fn type_into(ctx: &Ctx, name: &str, text: &str) -> Result<()> {
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
pub async fn pick(ctx: &Ctx, name: &str, value: &str) -> Result<()> {
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

pub async fn apply(ctx: &Ctx, sc: &mut Scenario, step: &Step<'_>) -> Result<()> {
    match step {
        Step::Type(name, text) => {
            type_into(ctx, name, text).await?;
            // As a number field reads it: not a number, or out of the double range, is NaN.
            let x: f64 = text
                .parse()
                .ok()
                .filter(|x: &f64| x.is_finite())
                .unwrap_or(f64::NAN);
            // Typing a measured rate switches the hit-rate source to "measured" (its setter).
            match fields::NUMBERS.iter().find(|f| f.name == *name) {
                Some(f) => (f.set)(sc, f.parse(x)),
                None => {
                    let provider = fields::discount_provider(name).context("unknown field")?;
                    sc.enterprise_discount
                        .insert(provider.to_string(), x / 100.0);
                }
            }
        }
        Step::Pick(name, value) => {
            pick(ctx, name, value).await?;
            let Some(c) = fields::CHOICES.iter().find(|c| c.name == *name) else {
                anyhow::bail!("unknown select {name}");
            };
            if c.name == fields::HIT_SOURCE.name && *value == fields::MEASURED {
                // The rate in use is the one the form shows.
                let id = format!("calc-{}", fields::MEASURED_HIT_RATE.name);
                let shown = ctx
                    .js(&format!(
                        "return document.getElementById('{id}').valueAsNumber"
                    ))
                    .await?;
                let rate = &fields::MEASURED_HIT_RATE;
                (rate.set)(sc, rate.parse(shown.as_f64().unwrap_or(f64::NAN)));
            }
            (c.set)(sc, value);
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
pub async fn shown_text_of(ctx: &Ctx, html: &str) -> Result<String> {
    let v = ctx
        .js_with(
            "const t = document.createElement('template'); t.innerHTML = arguments[0]; return t.content.textContent;",
            vec![json!(html)],
        )
        .await?;
    Ok(v.as_str().unwrap_or("").to_string())
}

pub fn first_difference(a: &str, b: &str) -> String {
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
pub async fn assert_matches_native(
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
            expected.push((row.key(), money(c.total_cents)));
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
    let (live, detail) = shown_render(ctx, book, sc).await?;
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

/// No console errors or CSP violations since the last look.
pub async fn problems(ctx: &Ctx) -> Result<()> {
    let p = ctx.console_problems().await?;
    ensure!(p.is_empty(), "console errors or CSP violations: {p:?}");
    Ok(())
}

/// The row keys of the breakdowns open on the page.
pub async fn open_rows(ctx: &Ctx) -> Result<Vec<String>> {
    Ok(serde_json::from_value(
        ctx.js(
            "return [...document.querySelectorAll('#calc-detail details[open] > summary')]\
                .map(s => s.dataset.how)",
        )
        .await?,
    )?)
}

/// The native render the page should be showing for `sc`: everything (as prerendered) while
/// every breakdown has its lines, else the browser's update render for the breakdowns open on
/// the page.
pub async fn shown_render(ctx: &Ctx, book: &PriceBook, sc: &Scenario) -> Result<(String, String)> {
    let all_lines = ctx
        .js("return [...document.querySelectorAll('#calc-detail details.calc-how')].every(d => d.querySelector('ul'))")
        .await?;
    if all_lines == json!(true) {
        return Ok(render_parts(book, sc));
    }
    Ok(render_update(book, sc, &open_rows(ctx).await?))
}
