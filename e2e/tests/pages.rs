//! Every page in Chromium: no console errors or CSP violations, the table of contents scrolls
//! to its sections, nothing wider than a phone at 360 px, screenshots at 360 and 1280 px, and
//! axe-core (light and dark colour schemes) reports no violations.

use anyhow::{ensure, Context, Result};
use e2e::{artifacts_dir, cdp, pages, run, wait_for, Ctx};
use fantoccini::Locator;
use serde_json::{json, Value};

/// Console problems, except the 404 status of the 404 page's own address (that status is the
/// point of the page; Chromium logs it as an error). Each becomes a line in `out`.
async fn console(ctx: &Ctx, path: &str, when: &str, out: &mut Vec<String>) -> Result<()> {
    for e in ctx.console_problems().await? {
        let own_404 = path == "/no-such-page/"
            && e.message.starts_with(&ctx.url(path))
            && e.message.contains("404");
        if !own_404 {
            out.push(format!("{path} {when}: console {}: {}", e.level, e.message));
        }
    }
    Ok(())
}

/// Clicks every table-of-contents link and checks its section ends up in the viewport.
async fn check_toc(ctx: &Ctx, path: &str) -> Result<usize> {
    let ids: Vec<String> = serde_json::from_value(
        ctx.js("return [...document.querySelectorAll('#toc a[href^=\"#\"]')].map(a => a.getAttribute('href').slice(1))")
            .await?,
    )?;
    for id in &ids {
        ctx.js("window.scrollTo(0, 0)").await?;
        let link = ctx
            .c
            .find(Locator::Css(&format!("#toc a[href=\"#{id}\"]")))
            .await
            .with_context(|| format!("{path}: table-of-contents link to #{id}"))?;
        link.click()
            .await
            .with_context(|| format!("{path}: clicking the link to #{id}"))?;
        let target = serde_json::to_string(id)?;
        wait_for(
            &ctx.c,
            &format!(
                "(() => {{ const e = document.getElementById({target}); if (!e) return false; \
                 const r = e.getBoundingClientRect(); \
                 return location.hash === '#' + {target} && r.top >= -2 && r.top < innerHeight - 20; }})()"
            ),
            &format!("{path}: section #{id} to scroll into view after its table-of-contents link"),
        )
        .await?;
    }
    Ok(ids.len())
}

/// The outermost elements that stick out to the right of the viewport, not inside a scroll
/// region, named like a CSS selector (tag#id.class). (`innerWidth` would not do: a phone's
/// layout viewport grows to the content.)
const OVERFLOWING: &str = "const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +\
    [...e.classList].map(c => '.' + c).join('');\
  const clipped = e => { for (let p = e.parentElement; p; p = p.parentElement) {\
    const o = getComputedStyle(p).overflowX; if (o !== 'visible') return true; } return false; };\
  const out = [];\
  for (const e of document.body.querySelectorAll('*')) {\
    if (e.getBoundingClientRect().right <= 360 + 1 || clipped(e)) continue;\
    if (e.parentElement && e.parentElement.getBoundingClientRect().right > 360 + 1) continue;\
    out.push(name(e.parentElement) + ' > ' + name(e) + ' (' + Math.round(e.getBoundingClientRect().right) + ' px)');\
  }\
  return out.slice(0, 5).join(', ');";

#[test]
fn every_page_console_toc_and_screenshots() {
    run(|ctx| async move {
        let list = pages(&ctx.site);
        ensure!(list.len() >= 3, "expected the site's pages, found {list:?}");
        let dir = artifacts_dir();
        let mut tocs = 0;
        let mut failures = Vec::new();
        for path in &list {
            ctx.viewport(1280).await?;
            ctx.open(path).await?;
            console(&ctx, path, "after loading", &mut failures).await?;
            match check_toc(&ctx, path).await {
                Ok(n) => tocs += n,
                Err(e) => failures.push(format!("{e:#}")),
            }
            console(
                &ctx,
                path,
                "after following its table of contents",
                &mut failures,
            )
            .await?;
            for width in [360, 1280] {
                ctx.viewport(width).await?;
                ctx.js("window.scrollTo(0, 0)").await?;
                if width == 360 {
                    let wide = ctx
                        .js("return document.documentElement.scrollWidth")
                        .await?
                        .as_u64()
                        .context("the page's scroll width")?;
                    if wide > 360 {
                        let culprits = ctx.js(OVERFLOWING).await?;
                        failures.push(format!(
                            "{path}: at 360 px the page is {wide} px wide (wide content belongs in a \
                             scroll region); overflowing: {culprits}"
                        ));
                    }
                }
                let png = ctx.full_screenshot().await?;
                let slug = path.trim_matches('/').replace('/', "-");
                let slug = if slug.is_empty() { "index" } else { &slug };
                let file = dir.join(format!("{slug}-{width}.png"));
                std::fs::write(&file, png)?;
                println!("screenshot: {}", file.display());
            }
        }
        ensure!(
            tocs > 0,
            "no page has a table of contents (#toc); the article should"
        );
        ensure!(
            failures.is_empty(),
            "{} problem(s):\n{}",
            failures.len(),
            failures.join("\n")
        );
        println!(
            "{} pages clean, {tocs} table-of-contents links scroll to their sections",
            list.len()
        );
        Ok(())
    });
}

/// axe-core's source, installed by `npm ci --prefix e2e` (`cargo xtask test` runs it).
fn axe_source() -> String {
    let file =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&file).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run `cargo xtask test` (it installs axe-core with `npm ci --prefix e2e`)",
            file.display()
        )
    })
}

/// Runs axe in the open page; one line per violation and node.
async fn axe(ctx: &Ctx, source: &str) -> Result<Vec<String>> {
    // Scripts run through WebDriver are not subject to the page's CSP; this checks it worked.
    ctx.js(source).await?;
    ensure!(
        ctx.js("return typeof axe === 'object' && typeof axe.run === 'function'")
            .await?
            == json!(true),
        "axe-core did not load into the page"
    );
    let r = ctx
        .c
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             axe.run(document, { resultTypes: ['violations'] })\
               .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,\
                 url: v.helpUrl, nodes: v.nodes.map(n => n.target.join(' ')),\
                 why: (v.nodes[0] && v.nodes[0].failureSummary || '').replace(/\\s+/g, ' ') }))))\
               .catch(e => done([{ id: 'axe-error', impact: 'error', help: String(e), url: '', nodes: [] }]));",
            Vec::new(),
        )
        .await?;
    let mut out = Vec::new();
    for v in r.as_array().cloned().unwrap_or_default() {
        let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
        let nodes: Vec<String> = v["nodes"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        out.push(format!(
            "{} ({}): {} {}\n      first: {}\n      at {}",
            s("id"),
            s("impact"),
            s("help"),
            s("url"),
            s("why"),
            if nodes.len() > 6 {
                format!(
                    "{} | … ({} elements in all)",
                    nodes[..6].join(" | "),
                    nodes.len()
                )
            } else {
                nodes.join(" | ")
            }
        ));
    }
    Ok(out)
}

#[test]
fn every_page_passes_axe_in_light_and_dark() {
    let source = axe_source();
    run(|ctx| async move {
        let mut failures = Vec::new();
        let list = pages(&ctx.site);
        for scheme in ["light", "dark"] {
            cdp(
                &ctx.c,
                "Emulation.setEmulatedMedia",
                json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
            )
            .await?;
            for path in &list {
                ctx.open(path).await?;
                for v in axe(&ctx, &source).await? {
                    failures.push(format!("{path} [{scheme}] {v}"));
                }
                console(&ctx, path, "while axe ran", &mut failures).await?;
            }
        }
        ensure!(
            failures.is_empty(),
            "axe-core found {} violation(s) (or console errors):\n{}",
            failures.len(),
            failures.join("\n")
        );
        println!("axe: {} pages, light and dark, no violations", list.len());
        Ok(())
    });
}

/// The console check can fail: an inline script added to a page is refused by the policy the
/// server sends, and the refusal reaches the log this suite reads.
#[test]
fn a_csp_violation_reaches_the_console_check() {
    run(|ctx| async move {
        ctx.open("/benchmarks/").await?;
        // Drain what the page itself logged (the other tests judge that).
        ctx.console_problems().await?;
        ctx.js("const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.append(s);")
            .await?;
        ensure!(
            ctx.js("return window.__ran === undefined").await? == json!(true),
            "an inline script ran despite the CSP"
        );
        let p = ctx.console_problems().await?;
        ensure!(
            p.iter()
                .any(|e| e.message.contains("Content Security Policy")),
            "the refused inline script left no CSP message in the browser log: {p:?}"
        );
        Ok(())
    });
}
