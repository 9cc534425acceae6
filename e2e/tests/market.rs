//! Today's market as a new reader meets it in Chromium: the current models and Claude Platform
//! on AWS in the pricing table; the calculator pricing Haiku 5.5 on both sides of its
//! 100,000-token threshold exactly as computed by hand from the published prices; a legacy
//! model's replacement and a converted token count said where the figures are.

use anyhow::{ensure, Context, Result};
use e2e::calc::{apply, assert_matches_native, page_data, Data, Step, PAGE};
use e2e::{run, Ctx};
use serde_json::json;

async fn text_of(ctx: &Ctx, css: &str) -> Result<String> {
    let v = ctx
        .js_with(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
            vec![json!(css)],
        )
        .await?;
    v.as_str()
        .map(str::to_owned)
        .with_context(|| format!("nothing matches {css}"))
}

/// The notes shown (not hidden) for the chosen model.
async fn shown_notes(ctx: &Ctx) -> Result<String> {
    let v = ctx
        .js("return [...document.querySelectorAll('#calc-notes p')]\
             .filter(e => e.offsetParent !== null).map(e => e.textContent).join(' | ')")
        .await?;
    Ok(v.as_str().unwrap_or_default().to_owned())
}

#[test]
fn the_pricing_table_lists_the_current_models_on_all_three_providers() {
    run(|ctx| async move {
        ctx.open("/").await?;
        let table = text_of(&ctx, "#tbl-pricing tbody").await?;
        for model in [
            "Claude Opus 5.5",
            "Claude Sonnet 5.5",
            "Claude Haiku 5.5",
            "Claude Fable 5.2",
        ] {
            ensure!(table.contains(model), "{model} is not in the pricing table");
        }
        for provider in ["Anthropic API", "Bedrock", "Claude Platform on AWS"] {
            ensure!(table.contains(provider), "{provider} rows are missing");
        }
        ensure!(
            table.contains("prompts over 100,000 tokens"),
            "Haiku 5.5's long-prompt tier is not shown"
        );
        ensure!(
            table.contains("Legacy"),
            "the compared models are not marked Legacy"
        );
        ensure!(
            table.contains("by invitation only"),
            "Mythos is not named as invitation-only"
        );
        for t in [
            "#tbl-t-features",
            "#tbl-t-iam",
            "#tbl-t-regions",
            "#tbl-t-procurement",
            "#tbl-t-comparison",
        ] {
            let head = text_of(&ctx, &format!("{t} thead")).await?;
            ensure!(
                head.contains("Claude Platform on AWS"),
                "{t} has no Claude Platform on AWS column: {head}"
            );
        }
        Ok(())
    });
}

#[test]
fn haiku_5_5_is_priced_at_its_tier_on_both_sides_of_100000_tokens() {
    run(|ctx| async move {
        ctx.open(PAGE).await?;
        let Data { book, scenario } = page_data(&ctx).await?;
        let mut sc = scenario;
        for s in [
            Step::Pick("model", "haiku-5-5"),
            Step::Pick("hit_source", "traffic"),
            Step::Type("requests_per_hour", "10"),
            Step::Type("active_hours_per_day", "24"),
            Step::Type("days_per_month", "30"),
            Step::Type("prefix_tokens", "0"),
            Step::Type("input_tokens", "90000"),
            Step::Type("output_tokens", "1000"),
            Step::Type("batch_share", "0"),
        ] {
            apply(&ctx, &mut sc, &s).await?;
        }
        // By hand: 7,200 requests; 648M input tokens at $0.10 + 7.2M output at $0.50.
        for provider in ["anthropic", "claude-platform-aws"] {
            let cell = text_of(
                &ctx,
                &format!("td[data-row=\"{provider}.global.no-cache\"]"),
            )
            .await?;
            ensure!(
                cell.starts_with("$68.40"),
                "{provider} under the threshold: {cell}"
            );
        }
        ensure!(
            shown_notes(&ctx).await?.contains("priced by prompt length"),
            "the tier is not explained for Haiku 5.5"
        );
        assert_matches_native(&ctx, &book, &sc, "Haiku 5.5 under the threshold").await?;
        // Over it every token pays the long-prompt price: 792M at $0.50 + 7.2M at $2.50.
        apply(&ctx, &mut sc, &Step::Type("input_tokens", "110000")).await?;
        for provider in ["anthropic", "bedrock", "claude-platform-aws"] {
            let cell = text_of(
                &ctx,
                &format!("td[data-row=\"{provider}.global.no-cache\"]"),
            )
            .await?;
            ensure!(
                cell.starts_with("$414.00"),
                "{provider} over the threshold: {cell}"
            );
        }
        // The breakdown names the tier (opened as a reader would).
        ctx.c
            .find(fantoccini::Locator::Css(
                "summary[data-how=\"anthropic.global.no-cache\"]",
            ))
            .await?
            .click()
            .await?;
        ctx.settle().await?;
        let how = text_of(&ctx, "summary[data-how=\"anthropic.global.no-cache\"] + ul").await?;
        ensure!(
            how.contains("Prompt over 100,000 tokens: long-prompt prices"),
            "{how}"
        );
        assert_matches_native(&ctx, &book, &sc, "Haiku 5.5 over the threshold").await?;
        Ok(())
    });
}

#[test]
fn a_legacy_model_and_converted_counts_are_said() {
    run(|ctx| async move {
        ctx.open(PAGE).await?;
        let Data { book, scenario } = page_data(&ctx).await?;
        let mut sc = scenario;
        apply(&ctx, &mut sc, &Step::Pick("model", "sonnet-4-6")).await?;
        let notes = shown_notes(&ctx).await?;
        ensure!(
            notes.contains("Claude Sonnet 4.6 is Legacy")
                && notes.contains("its replacement is Claude Sonnet 5.5"),
            "the legacy note is not shown: {notes:?}"
        );
        ensure!(
            !notes.contains("Haiku 5.5"),
            "another model's notes are shown: {notes:?}"
        );
        apply(&ctx, &mut sc, &Step::Pick("model", "opus-5-5")).await?;
        let notes = shown_notes(&ctx).await?;
        ensure!(
            notes.contains("counts about 30% more tokens"),
            "no tokenizer note for Opus 5.5: {notes:?}"
        );
        apply(&ctx, &mut sc, &Step::Pick("tokens_from", "claude-4")).await?;
        let notes = shown_notes(&ctx).await?;
        ensure!(
            notes.contains("to this model's: × 1.3."),
            "no conversion note: {notes:?}"
        );
        assert_matches_native(&ctx, &book, &sc, "counts from the older tokenizer").await?;
        Ok(())
    });
}
