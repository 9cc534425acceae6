//! Size budgets, asserted: what each page downloads before any interaction, in a
//! 1280 x 800 Chromium window, gzip-compressed. A page whose first view starts the calculator
//! (its wasm is downloaded) has the calculator page's budget; every other page the article's.

use anyhow::ensure;
use e2e::weight::{by_kind, downloaded, kb, total};
use e2e::{pages, run};

/// Calculator page first view (HTML + CSS + JS + wasm), gzip.
const CALCULATOR_FIRST_VIEW: u64 = 60_000;
/// The wasm alone, gzip.
const WASM: u64 = 30_000;
/// Article (and any page without the calculator in view) first view, gzip.
const ARTICLE_FIRST_VIEW: u64 = 40_000;

#[test]
fn first_views_fit_their_budgets() {
    run(|ctx| async move {
        let mut over = Vec::new();
        let mut saw_wasm = false;
        for path in pages(&ctx.site) {
            ctx.viewport(1280).await?;
            ctx.c.goto(&ctx.url(&path)).await?;
            let files = downloaded(&ctx, &ctx.site).await?;
            let kinds = by_kind(&files);
            let sum = total(&files).gzip;
            let wasm = kinds[3].gzip;
            let budget = if wasm > 0 {
                CALCULATOR_FIRST_VIEW
            } else {
                ARTICLE_FIRST_VIEW
            };
            println!(
                "{path:<32} first view {} gzip (budget {}): html {} css {} js {} wasm {}",
                kb(sum),
                kb(budget),
                kb(kinds[0].gzip),
                kb(kinds[1].gzip),
                kb(kinds[2].gzip),
                kb(wasm)
            );
            if sum > budget {
                let list: Vec<String> = files
                    .iter()
                    .map(|f| format!("{} {}", f.path, kb(f.sizes.gzip)))
                    .collect();
                over.push(format!(
                    "{path}: first view {} gzip > {} ({})",
                    kb(sum),
                    kb(budget),
                    list.join(", ")
                ));
            }
            if wasm > 0 {
                saw_wasm = true;
                if wasm > WASM {
                    over.push(format!("{path}: wasm {} gzip > {}", kb(wasm), kb(WASM)));
                }
            }
        }
        ensure!(
            saw_wasm,
            "no page's first view started the calculator (expected /calculator/ to)"
        );
        ensure!(over.is_empty(), "over budget:\n{}", over.join("\n"));
        Ok(())
    });
}

/// The calculator page must start its calculator in its first view, and the article must not
/// fetch the wasm before the reader gets near the calculator (that keeps it in budget).
#[test]
fn calculator_page_starts_the_wasm_and_the_article_does_not() {
    run(|ctx| async move {
        ctx.viewport(1280).await?;
        for (path, want_wasm) in [("/calculator/", true), ("/", false)] {
            ctx.c.goto(&ctx.url(path)).await?;
            let files = downloaded(&ctx, &ctx.site).await?;
            let has = files.iter().any(|f| f.kind == "wasm");
            ensure!(
                has == want_wasm,
                "{path}: wasm in the first view is {has}, expected {want_wasm}"
            );
        }
        Ok(())
    });
}

/// The importer, loaded on demand, has its own budget for its wasm, as the calculator has.
#[test]
fn the_importer_wasm_fits_its_budget() {
    let assets = e2e::site_dir().join("assets");
    let wasm: Vec<_> = std::fs::read_dir(&assets)
        .expect("the site has assets")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.starts_with("reprice_bg.") && name.ends_with(".wasm")
        })
        .collect();
    assert_eq!(
        wasm.len(),
        1,
        "one importer wasm in {}: {wasm:?}",
        assets.display()
    );
    let gzip = e2e::weight::gzip_len(&std::fs::read(&wasm[0]).expect("readable"));
    assert!(
        gzip <= WASM,
        "{}: {} gzip > {}",
        wasm[0].display(),
        e2e::weight::kb(gzip),
        e2e::weight::kb(WASM)
    );
}
