//! How an update reaches the page: the boot script patches only the nodes that differ, and the
//! update render leaves out the lines of closed breakdowns and the files of the download links
//! (for the latency budget). So after every update the results must be exactly the tree the
//! update render's HTML gives; a breakdown the reader opens gets its lines at once and stays the
//! same, open, element; a clicked download link carries the native model's file.

use anyhow::{ensure, Context, Result};
use calculator::model::compute;
use calculator::widget::download_href;
use calculator::PriceBook;
use e2e::calc::{
    apply, assert_matches_native, open_rows, page_data, problems, shown_render, Data, Step, PAGE,
};
use e2e::{run, Ctx};
use fantoccini::Locator;
use serde_json::{json, Value};

/// `#calc-live` and `#calc-detail` hold the same nodes, attributes and text as the native
/// render of `sc` (for the breakdowns open on the page) parsed by the page's own parser.
async fn assert_same_tree(
    ctx: &Ctx,
    book: &PriceBook,
    sc: &calculator::model::Scenario,
    what: &str,
) -> Result<()> {
    let (live, detail) = shown_render(ctx, book, sc).await?;
    for (id, html) in [("calc-live", live), ("calc-detail", detail)] {
        let diff = ctx
            .js_with(
                "const el = document.getElementById(arguments[0]);\
                 const t = document.createElement('template'); t.innerHTML = arguments[1];\
                 const got = el.cloneNode(true);\
                 const show = n => !n ? 'nothing' : n.nodeType === 1\
                   ? n.outerHTML.slice(0, 160) : JSON.stringify(n.nodeValue);\
                 const attrs = n => [...n.attributes].map(a => a.name + '=' + a.value).sort().join(' ');\
                 function first(a, b, path) {\
                   const n = Math.max(a.childNodes.length, b.childNodes.length);\
                   for (let i = 0; i < n; i++) {\
                     const x = a.childNodes[i], y = b.childNodes[i];\
                     if (x && y && x.isEqualNode(y)) continue;\
                     const here = path + ' > ' + (y || x).nodeName.toLowerCase() + '[' + i + ']';\
                     if (x && y && x.nodeType === 1 && x.nodeName === y.nodeName && attrs(x) === attrs(y))\
                       return first(x, y, here);\
                     if (x && y && x.nodeName === y.nodeName && x.nodeType === 1) {\
                       const odd = [...y.attributes].find(a => x.getAttribute(a.name) !== a.value)\
                         || [...x.attributes].find(a => !y.hasAttribute(a.name));\
                       const v = x.getAttribute(odd.name) || '', w = y.getAttribute(odd.name) || '';\
                       let k = 0; while (k < v.length && v[k] === w[k]) k++;\
                       return here + ' attribute ' + odd.name + ' at ' + k + '\\n  page:   ' +\
                         v.slice(Math.max(0, k - 60), k + 60) + '\\n  render: ' + w.slice(Math.max(0, k - 60), k + 60);\
                     }\
                     return here + '\\n  page:   ' + show(x) + '\\n  render: ' + show(y);\
                   }\
                   return null;\
                 }\
                 return first(got, t.content, '#' + arguments[0]);",
                vec![json!(id), json!(html)],
            )
            .await?;
        ensure!(
            diff.is_null(),
            "{what}: #{id} is not the tree the render gives\n{}",
            diff.as_str().unwrap_or("")
        );
    }
    Ok(())
}

/// The second breakdown: (is it open, is it the element the reader opened, its text).
async fn opened_breakdown(ctx: &Ctx) -> Result<Value> {
    ctx.js(
        "const d = document.querySelectorAll('#calc-detail details.calc-how')[1];\
         return d ? [d.open, d.__openedByTest === true, d.textContent] : null;",
    )
    .await
}

#[test]
fn updates_give_the_rendered_tree_and_keep_an_opened_breakdown_open() {
    run(|ctx| async move {
        ctx.open(PAGE).await?;
        let Data {
            book,
            scenario: mut sc,
        } = page_data(&ctx).await?;

        apply(&ctx, &mut sc, &Step::Type("requests_per_hour", "45")).await?;
        assert_matches_native(&ctx, &book, &sc, "45 requests an hour").await?;
        assert_same_tree(&ctx, &book, &sc, "45 requests an hour").await?;

        // The reader opens a breakdown, then changes the workload.
        let summaries = ctx
            .c
            .find_all(Locator::Css("#calc-detail details.calc-how summary"))
            .await?;
        ensure!(summaries.len() > 2, "fewer than three breakdowns");
        summaries[1].click().await?;
        ctx.js(
            "document.querySelectorAll('#calc-detail details.calc-how')[1].__openedByTest = true",
        )
        .await?;
        let before = opened_breakdown(&ctx).await?;
        ensure!(
            before[0] == json!(true),
            "clicking the summary did not open the breakdown: {before}"
        );
        // Its lines were rendered by the click: the tree is the update render with it open.
        assert_same_tree(&ctx, &book, &sc, "a breakdown opened").await?;
        apply(&ctx, &mut sc, &Step::Type("output_tokens", "700")).await?;
        assert_matches_native(&ctx, &book, &sc, "700 output tokens").await?;
        assert_same_tree(&ctx, &book, &sc, "700 output tokens").await?;
        let after = opened_breakdown(&ctx).await?;
        ensure!(
            after[0] == json!(true) && after[1] == json!(true),
            "the opened breakdown was closed or replaced by the update: {after}"
        );
        ensure!(
            after[2] != before[2],
            "the opened breakdown's total did not follow the new output tokens: {after}"
        );

        // Another model prices other rows: an open breakdown stays with its row, not its place.
        ctx.js(
            "[...document.querySelectorAll('#calc-detail summary[data-how]')]\
                .filter(s => s.dataset.how.startsWith('bedrock.')).pop().click();",
        )
        .await?;
        let opened = open_rows(&ctx).await?;
        ensure!(
            opened.len() == 2,
            "two breakdowns should be open: {opened:?}"
        );
        let other = book
            .models
            .iter()
            .map(|m| m.id.clone())
            .find(|m| *m != sc.model && book.offers.iter().any(|o| o.model == *m))
            .context("a second model with offers")?;
        apply(&ctx, &mut sc, &Step::Pick("model", &other)).await?;
        assert_matches_native(&ctx, &book, &sc, "another model").await?;
        assert_same_tree(&ctx, &book, &sc, "another model").await?;
        let priced: Vec<String> = compute(&book, &sc)
            .rows
            .iter()
            .filter(|r| r.outcome.is_ok())
            .map(|r| r.key())
            .collect();
        let mut want: Vec<String> = opened.into_iter().filter(|k| priced.contains(k)).collect();
        let mut got = open_rows(&ctx).await?;
        want.sort();
        got.sort();
        ensure!(
            got == want,
            "after switching to {other} the open breakdowns are {got:?}, expected {want:?}"
        );

        // Invalid input empties the results; valid input brings the whole tree back.
        let mut broken = sc.clone();
        apply(&ctx, &mut broken, &Step::Type("prefix_tokens", "")).await?;
        let children = ctx
            .js("return document.getElementById('calc-detail').childElementCount")
            .await?;
        ensure!(
            children == json!(0),
            "figures left on the page for an invalid scenario ({children} elements)"
        );
        apply(&ctx, &mut sc, &Step::Type("prefix_tokens", "6000")).await?;
        assert_matches_native(&ctx, &book, &sc, "a valid prefix again").await?;
        assert_same_tree(&ctx, &book, &sc, "a valid prefix again").await?;
        downloads_carry_the_native_files(&ctx, &book, &sc).await?;
        problems(&ctx).await
    });
}

/// Each download link is empty until clicked, then holds the native model's file.
async fn downloads_carry_the_native_files(
    ctx: &Ctx,
    book: &PriceBook,
    sc: &calculator::model::Scenario,
) -> Result<()> {
    // Keep the browser on the page: record the link as it is when the download would start.
    ctx.js("document.addEventListener('click', e => {\
           const a = e.target.closest('.calc-downloads a');\
           if (a) { e.preventDefault(); window.__downloaded = a.getAttribute('href'); }\
         });")
        .await?;
    let report = compute(book, sc);
    for kind in ["csv", "json"] {
        let id = format!("calc-{kind}");
        let before = ctx
            .js_with(
                "return document.getElementById(arguments[0]).getAttribute('href')",
                vec![json!(id)],
            )
            .await?;
        ensure!(
            before == json!(download_href(kind, sc, &report, false)),
            "{kind}: the link carries data before it is clicked: {before}"
        );
        ctx.c.find(Locator::Id(&id)).await?.click().await?;
        let got = ctx.js("return window.__downloaded").await?;
        let want = download_href(kind, sc, &report, true);
        ensure!(
            got == json!(want),
            "{kind}: the clicked link's file differs from the native model's\n  page:   {}\n  native: {want}",
            got.as_str().unwrap_or("(none)")
        );
    }
    Ok(())
}
