//! Render stage: typed inputs -> page HTML and the other generated files. No IO here: the writer
//! (`write.rs`) is the only code that touches the output folder.

pub mod highlight;
pub mod lists;
pub mod markdown;
mod md_tables;
pub mod seo;
pub mod sources;
pub mod tables;
mod views;

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::calculator_glue::prices::PriceBook;

use crate::assets::Assets;
use crate::calculator_glue;
use crate::diag::Diagnostic;
use crate::load::{Inputs, Page};
use crate::refs::Refs;
use markdown::{Segment, Slugs, TocEntry};

/// What every renderer reads.
pub struct Ctx<'a> {
    pub d: &'a Inputs,
    pub refs: &'a Refs,
    pub book: &'a PriceBook,
    pub assets: &'a Assets,
}

/// One generated file.
#[derive(Debug)]
pub struct OutFile {
    /// Relative, `/`-separated, e.g. `calculator/index.html`.
    pub path: String,
    pub bytes: Vec<u8>,
    /// HTML is minified by the writer.
    pub html: bool,
}

/// HTML-escapes text for element content and attribute values (the calculator's escaper, so
/// the widget and the pages escape alike).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::calculator_glue::format::push_escaped(&mut out, s);
    out
}

/// A rendered page body.
pub struct Body {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub calculator: bool,
    /// Whether the page has the usage-log importer (`{% usage-import %}`).
    pub importer: bool,
}

/// Ids the templates use; headings must not take them.
const RESERVED: [&str; 6] = ["main", "content", "toc", "toc-title", "top", "site-nav"];

/// Ids no heading may take on any page: the templates' landmarks and the anchors that blocks
/// put on a page (claims, FAQ entries, the benchmark section). Worked out once per build.
pub fn reserved_ids(cx: &Ctx) -> BTreeSet<String> {
    RESERVED
        .iter()
        .map(|s| s.to_string())
        .chain(
            cx.d.claims
                .iter()
                .flat_map(|c| [c.id.0.clone(), format!("claim-{}", c.id)]),
        )
        .chain(cx.d.faq.iter().map(|f| format!("faq-{}", f.id)))
        .chain([format!("bench-{}", cx.d.latency.id)])
        .collect()
}

pub fn body(cx: &Ctx, reserved: &BTreeSet<String>, page: &Page) -> Result<Body, Vec<Diagnostic>> {
    let mut slugs = Slugs::reserving(reserved);
    let mut html = String::new();
    let mut errs = Vec::new();
    let mut calculator = false;
    let mut importer = false;
    let file = &page.file;
    for seg in markdown::split_blocks(&page.body, page.body_offset + 1) {
        match seg {
            Segment::Text(text, line) => {
                match markdown::substitute(&text, cx.refs, file, line, (1, 1))
                    .and_then(|md| markdown::to_html(&md, &mut slugs, page.front.toc, file, line))
                {
                    Ok(h) => html.push_str(&h),
                    Err(e) => errs.extend(e),
                }
            }
            Segment::Block { name, args, line } => {
                calculator |= name == "calculator";
                importer |= name == "usage-import";
                match block(cx, &name, &args) {
                    Ok(h) => html.push_str(&h),
                    Err(msgs) => errs.extend(msgs.into_iter().map(|m| match m {
                        BlockErr::Msg(m) => {
                            Diagnostic::new(file, line, 0, format!("{{% {name} %}}: {m}"))
                        }
                        BlockErr::Diag(d) => d,
                    })),
                }
            }
        }
    }
    if errs.is_empty() {
        Ok(Body {
            html,
            toc: slugs.toc,
            calculator,
            importer,
        })
    } else {
        Err(errs)
    }
}

enum BlockErr {
    /// About the block line itself.
    Msg(String),
    /// Located in a data file (e.g. a bad key inside a FAQ answer).
    Diag(Diagnostic),
}

fn arity(args: &[String], n: usize) -> Result<(), Vec<BlockErr>> {
    if args.len() == n {
        Ok(())
    } else {
        Err(vec![BlockErr::Msg(format!(
            "takes {n} argument{}, found {}",
            if n == 1 { "" } else { "s" },
            args.len()
        ))])
    }
}

fn block(cx: &Ctx, name: &str, args: &[String]) -> Result<String, Vec<BlockErr>> {
    let diags = |e: Vec<Diagnostic>| e.into_iter().map(BlockErr::Diag).collect::<Vec<_>>();
    match name {
        "pricing" => arity(args, 0).map(|_| tables::pricing(cx)),
        "models" => {
            arity(args, 0)?;
            tables::models(cx).map_err(diags)
        }
        "integrations" => {
            arity(args, 0)?;
            tables::integrations(cx).map_err(diags)
        }
        "latency" => arity(args, 0).map(|_| tables::latency(cx, "latency")),
        "faq" => {
            arity(args, 0)?;
            lists::faq(cx).map_err(diags)
        }
        "corrections" => arity(args, 0).map(|_| lists::corrections(cx)),
        "claims" => arity(args, 0).map(|_| lists::claims(cx)),
        "benchmarks" => arity(args, 0).map(|_| lists::benchmarks(cx)),
        "table" => {
            arity(args, 1)?;
            if !cx.d.tables.contains_key(&args[0]) {
                return Err(vec![BlockErr::Msg(format!("no table {:?} (expected data/tables/{}.yaml)", args[0], args[0]))]);
            }
            tables::table(cx, &args[0]).map_err(diags)
        }
        "sample" => {
            arity(args, 1)?;
            sample(cx, &args[0]).map_err(|m| vec![BlockErr::Msg(m)])
        }
        "samples" => {
            arity(args, 2)?;
            let a = sample(cx, &args[0]).map_err(|m| vec![BlockErr::Msg(m)])?;
            let b = sample(cx, &args[1]).map_err(|m| vec![BlockErr::Msg(m)])?;
            Ok(format!("<div class=\"samples\">{a}{b}</div>"))
        }
        "calculator" => {
            arity(args, 0)?;
            let s = cx.d.scenarios.iter().find(|s| &*s.id == "default").ok_or_else(|| {
                vec![BlockErr::Msg("needs a scenario with id `default` in data/scenarios.yaml".into())]
            })?;
            Ok(calculator_glue::render_widget(cx.book, &s.inputs))
        }
        "usage-import" => {
            arity(args, 0)?;
            // Without the importer's wasm (no --wasm-dir) the section says it cannot read logs.
            let worker = cx.assets.js.get("reprice-worker").filter(|_| cx.assets.js.contains_key("reprice"));
            Ok(calculator_glue::render_importer(worker.map_or("", String::as_str)))
        }
        _ => Err(vec![BlockErr::Msg(
            "unknown block (expected pricing, models, integrations, latency, faq, corrections, claims, benchmarks, table, sample, samples, calculator or usage-import)".into(),
        )]),
    }
}

fn sample(cx: &Ctx, name: &str) -> Result<String, String> {
    let s =
        cx.d.samples
            .get(name)
            .ok_or_else(|| format!("no sample {name:?} in content/samples/"))?;
    let (code, lang) = highlight::highlight(name, &s.text)?;
    Ok(format!(
        "<figure class=\"sample\"><figcaption><code>{}</code> <span class=\"lang\">{}</span></figcaption>\
         <pre class=\"code\" tabindex=\"0\"><code>{code}</code></pre></figure>",
        esc(name),
        esc(&lang)
    ))
}

/// Every page, `sitemap.xml`, `robots.txt`, `/prices.json` and its LiteLLM and genai-prices
/// shapes; all errors of all pages, in page order. Pages render on the threads of the current rayon pool; each page is a pure function
/// of the context, so the result does not depend on how many there are.
pub fn site(cx: &Ctx) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    let chrome = views::Chrome::new(cx);
    let reserved = reserved_ids(cx);
    let rendered: Vec<Result<OutFile, Vec<Diagnostic>>> =
        cx.d.pages
            .par_iter()
            .map(|page| {
                let b = body(cx, &reserved, page)?;
                let html = views::page(cx, &chrome, page, &b).map_err(|e| vec![e])?;
                Ok(OutFile {
                    path: page.out_path(),
                    bytes: html.into_bytes(),
                    html: true,
                })
            })
            .collect();
    let mut out = Vec::new();
    let mut errs = Vec::new();
    for r in rendered {
        match r {
            Ok(f) => out.push(f),
            Err(e) => errs.extend(e),
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    out.push(OutFile {
        path: "sitemap.xml".into(),
        bytes: seo::sitemap(cx).into_bytes(),
        html: false,
    });
    out.push(OutFile {
        path: "robots.txt".into(),
        bytes: seo::robots(cx).into_bytes(),
        html: false,
    });
    out.push(OutFile {
        path: "prices.json".into(),
        bytes: calculator_glue::prices_json(cx.book).into_bytes(),
        html: false,
    });
    // The same prices in the shapes two independent price files have, for tools that read those.
    for (path, text) in [
        (
            "prices.litellm.json",
            calculator_glue::litellm_json(cx.d, cx.book),
        ),
        (
            "prices.genai-prices.json",
            calculator_glue::genai_prices_json(cx.d, cx.book),
        ),
    ] {
        out.push(OutFile {
            path: path.into(),
            bytes: text.into_bytes(),
            html: false,
        });
    }
    if let Some(schema) = calculator_glue::prices_schema_json() {
        out.push(OutFile {
            path: "prices.schema.json".into(),
            bytes: schema.as_bytes().to_vec(),
            html: false,
        });
    }
    Ok(out)
}
