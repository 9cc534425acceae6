//! Load stage: every file under `data/` and `content/` into typed, validated structs. All errors
//! of a run are collected (parse errors per file, then semantic checks across files).

pub mod check;
pub mod content;
pub mod data;
pub mod spans;
pub mod types;
pub mod yaml;

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::calculator_glue::ScenarioInputs;
use crate::diag::{Diagnostic, Diagnostics};
pub use content::{Page, Sample};
pub use spans::{Pos, Source, Sources};

/// Everything the render stage needs, validated.
#[derive(Debug)]
pub struct Inputs {
    pub site: data::Site,
    pub providers: Vec<data::Provider>,
    pub models: Vec<data::Model>,
    pub lineup: data::Lineup,
    pub tokenizers: Vec<data::Tokenizer>,
    pub not_compared: Vec<data::NotCompared>,
    pub pricing: data::PricingFile,
    pub latency: data::Benchmark,
    pub scenarios: Vec<data::Scenario<ScenarioInputs>>,
    pub faq: Vec<data::Faq>,
    pub claims: Vec<data::Claim>,
    /// The month the source document is dated.
    pub document_dated: types::Month,
    /// By id (= file stem), in name order.
    pub tables: BTreeMap<String, data::Table>,
    pub pages: Vec<Page>,
    /// `content/samples/<name>` by name.
    pub samples: BTreeMap<String, Sample>,
    /// Where each value of each data file was written (by relative path), and its lines for
    /// the snippets under later diagnostics.
    pub sources: Sources,
    /// Raw HTML found in Markdown: allowed, but listed for `cargo xtask check`.
    pub notes: Vec<Diagnostic>,
}

/// Reads and validates the site under `root`.
pub fn load(root: &Path) -> Result<Inputs, Vec<Diagnostic>> {
    let mut errs = Diagnostics::default();
    let mut sources = Sources::default();

    let site = file::<data::Site>(root, "data/site.yaml", &mut sources, &mut errs);
    let providers =
        file::<data::ProvidersFile>(root, "data/providers.yaml", &mut sources, &mut errs);
    let models = file::<data::ModelsFile>(root, "data/models.yaml", &mut sources, &mut errs);
    let pricing = file::<data::PricingFile>(root, "data/pricing.yaml", &mut sources, &mut errs);
    let latency = file::<data::LatencyFile>(root, "data/latency.yaml", &mut sources, &mut errs);
    let scenarios = file::<data::ScenariosFile<ScenarioInputs>>(
        root,
        "data/scenarios.yaml",
        &mut sources,
        &mut errs,
    );
    let faq = file::<data::FaqFile>(root, "data/faq.yaml", &mut sources, &mut errs);
    let claims =
        file::<data::CorrectionsFile>(root, "data/corrections.yaml", &mut sources, &mut errs);
    let tables = load_tables(root, &mut sources, &mut errs);
    let (pages, samples) = content::load(root, &mut errs);

    let (
        Some(site),
        Some(providers),
        Some(models),
        Some(pricing),
        Some(latency),
        Some(scenarios),
        Some(faq),
        Some(claims),
    ) = (
        site, providers, models, pricing, latency, scenarios, faq, claims,
    )
    else {
        // Semantic checks need every file; report the parse errors found so far.
        return Err(errs.into_result().expect_err("a file failed to load"));
    };
    let inputs = Inputs {
        site,
        providers: providers.providers,
        models: models.models,
        lineup: models.lineup,
        tokenizers: models.tokenizers,
        not_compared: models.not_compared,
        pricing,
        latency: latency.benchmark,
        scenarios: scenarios.scenarios,
        faq: faq.faq,
        document_dated: claims.document_dated,
        claims: claims.claims,
        tables,
        pages,
        samples,
        sources,
        notes: Vec::new(),
    };
    errs.extend(check::check(&inputs));
    errs.into_result()?;
    let mut inputs = inputs;
    inputs.notes = content::raw_html_notes(&inputs.pages);
    Ok(inputs)
}

fn file<T: DeserializeOwned>(
    root: &Path,
    rel: &str,
    sources: &mut Sources,
    errs: &mut Diagnostics,
) -> Option<T> {
    let abs = root.join(rel);
    if !abs.is_file() {
        errs.push(Diagnostic::file(rel, "file is missing"));
        return None;
    }
    let text = match yaml::read_text(&abs, rel) {
        Ok(t) => t,
        Err(e) => {
            errs.push(e);
            return None;
        }
    };
    match yaml::parse::<T>(rel, &text, 0) {
        Ok(v) => {
            sources.insert(Source::new(rel, &text, &text, 0));
            Some(v)
        }
        Err(e) => {
            errs.push(e.with_source(&text));
            None
        }
    }
}

fn load_tables(
    root: &Path,
    sources: &mut Sources,
    errs: &mut Diagnostics,
) -> BTreeMap<String, data::Table> {
    let mut out = BTreeMap::new();
    let dir = root.join("data/tables");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return out;
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
        .collect();
    names.sort();
    for name in names {
        if name.ends_with(".yml") {
            // One spelling, so `{% table id %}` always finds `data/tables/<id>.yaml`.
            errs.push(Diagnostic::file(
                format!("data/tables/{name}"),
                "rename to .yaml (tables are data/tables/<id>.yaml)",
            ));
            continue;
        }
        let rel = format!("data/tables/{name}");
        if let Some(t) = file::<data::Table>(root, &rel, sources, errs) {
            let stem = name.trim_end_matches(".yaml").to_owned();
            if t.id.0 != stem {
                errs.push(sources.get(&rel).error(
                    &crate::path!["id"],
                    format!("table id {:?} must match the file name {stem:?}", t.id.0),
                ));
            }
            out.insert(stem, t);
        }
    }
    out
}
