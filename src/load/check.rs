//! Semantic checks across the parsed data: ranges, unique ids, references that must exist, and
//! the pricing invariants the calculator relies on. Each error points at the offending node.

use std::collections::{BTreeMap, BTreeSet};

use super::data::Verdict;
use super::types::Id;
use super::yaml::Seg;
use super::{Inputs, Sources};
use crate::diag::Diagnostics;
use crate::path;

struct Ctx<'a> {
    sources: &'a Sources,
    errs: Diagnostics,
}

impl Ctx<'_> {
    fn err(&mut self, file: &str, path: Vec<Seg>, msg: impl std::fmt::Display) {
        self.errs.push(self.sources.get(file).error(&path, msg));
    }

    fn range(&mut self, file: &str, path: Vec<Seg>, v: f64, lo: f64, hi: f64, what: &str) {
        if !(lo..=hi).contains(&v) {
            self.err(
                file,
                path,
                format!("{what} {v} is outside the sane range {lo} to {hi}"),
            );
        }
    }

    /// Reports every repeated id in `ids` (given with their paths).
    fn unique<'i>(
        &mut self,
        file: &str,
        ids: impl IntoIterator<Item = (&'i str, Vec<Seg>)>,
        what: &str,
    ) {
        let mut seen = BTreeSet::new();
        for (id, p) in ids {
            if !seen.insert(id.to_owned()) {
                self.err(file, p, format!("duplicate {what} id {id:?}"));
            }
        }
    }
}

const PRICING: &str = "data/pricing.yaml";

pub fn check(d: &Inputs) -> Diagnostics {
    let mut cx = Ctx {
        sources: &d.sources,
        errs: Diagnostics::default(),
    };
    let providers: BTreeSet<&str> = d.providers.iter().map(|p| &*p.id).collect();
    let models: BTreeSet<&str> = d.models.iter().map(|m| &*m.id).collect();
    let claims: BTreeMap<&str, Verdict> = d.claims.iter().map(|c| (&*c.id, c.verdict)).collect();

    cx.unique(
        "data/providers.yaml",
        d.providers
            .iter()
            .enumerate()
            .map(|(i, p)| (&*p.id, path!["providers", i, "id"])),
        "provider",
    );
    cx.unique(
        "data/models.yaml",
        d.models
            .iter()
            .enumerate()
            .map(|(i, m)| (&*m.id, path!["models", i, "id"])),
        "model",
    );
    cx.unique(
        "data/corrections.yaml",
        d.claims
            .iter()
            .enumerate()
            .map(|(i, c)| (&*c.id, path!["claims", i, "id"])),
        "claim",
    );
    cx.unique(
        "data/faq.yaml",
        d.faq
            .iter()
            .enumerate()
            .map(|(i, f)| (&*f.id, path!["faq", i, "id"])),
        "FAQ",
    );
    cx.unique(
        "data/scenarios.yaml",
        d.scenarios
            .iter()
            .enumerate()
            .map(|(i, s)| (&*s.id, path!["scenarios", i, "id"])),
        "scenario",
    );

    let provider_ref = |cx: &mut Ctx, file: &str, p: Vec<Seg>, id: &Id| {
        if !providers.contains(&**id) {
            cx.err(
                file,
                p,
                format!("unknown provider {:?} (not in data/providers.yaml)", id.0),
            );
        }
    };
    let model_ref = |cx: &mut Ctx, file: &str, p: Vec<Seg>, id: &Id| {
        if !models.contains(&**id) {
            cx.err(
                file,
                p,
                format!("unknown model {:?} (not in data/models.yaml)", id.0),
            );
        }
    };
    let correction_ref = |cx: &mut Ctx, file: &str, p: Vec<Seg>, id: &Option<Id>| {
        match id.as_ref().map(|i| (i, claims.get(&**i))) {
        None => {}
        Some((i, None)) => cx.err(file, p, format!("unknown correction {:?} (not in data/corrections.yaml)", i.0)),
        Some((i, Some(v))) if !v.is_correction() => cx.err(
            file,
            p,
            format!("claim {:?} has verdict {}; only corrected or partly-true claims are in the corrections log", i.0, v.label().to_lowercase()),
        ),
        Some(_) => {}
    }
    };

    const MODELS: &str = "data/models.yaml";
    cx.unique(
        MODELS,
        d.tokenizers
            .iter()
            .enumerate()
            .map(|(i, t)| (&*t.id, path!["tokenizers", i, "id"])),
        "tokenizer",
    );
    match d.tokenizers.first() {
        Some(t) if t.tokens_per_base.0 != 1.0 => cx.err(
            MODELS,
            path!["tokenizers", 0, "tokens_per_base"],
            "the first tokenizer is the base of the ratios and must have tokens_per_base 1",
        ),
        None => cx.err(MODELS, path!["tokenizers"], "list at least one tokenizer"),
        _ => {}
    }
    for (i, t) in d.tokenizers.iter().enumerate() {
        cx.range(
            MODELS,
            path!["tokenizers", i, "tokens_per_base"],
            t.tokens_per_base.0,
            0.5,
            2.0,
            "tokens per base token",
        );
    }
    for (i, m) in d.models.iter().enumerate() {
        if !d.tokenizers.iter().any(|t| t.id == m.tokenizer) {
            cx.err(
                MODELS,
                path!["models", i, "tokenizer"],
                format!("unknown tokenizer {:?} (not in tokenizers)", m.tokenizer.0),
            );
        }
        for (p, on) in &m.providers {
            let at = |field: &str| path!["models", i, "providers", &**p, field];
            provider_ref(&mut cx, MODELS, path!["models", i, "providers", &**p], p);
            if let Some(r) = &on.replaced_by {
                model_ref(&mut cx, MODELS, at("replaced_by"), r);
                if r == &m.id {
                    cx.err(MODELS, at("replaced_by"), "a model cannot replace itself");
                }
            }
            let integrations = d
                .providers
                .iter()
                .find(|x| &x.id == p)
                .map(|x| &x.integrations);
            match (&on.integration, integrations) {
                (Some(id), Some(list)) if !list.iter().any(|x| &x.id == id) => cx.err(
                    MODELS,
                    at("integration"),
                    format!(
                        "unknown integration {:?} (not in data/providers.yaml for {p})",
                        id.0
                    ),
                ),
                (None, Some(list)) if !list.is_empty() => cx.err(
                    MODELS,
                    path!["models", i, "providers", &**p],
                    format!(
                        "{p} has several integrations: say which this model uses (integration: …)"
                    ),
                ),
                _ => {}
            }
        }
        correction_ref(
            &mut cx,
            MODELS,
            path!["models", i, "correction"],
            &m.correction,
        );
    }

    // Pricing: offers, then caching/batch/routes, each pair at most once.
    let mut offers = BTreeSet::new();
    for (i, o) in d.pricing.offers.iter().enumerate() {
        provider_ref(
            &mut cx,
            PRICING,
            path!["offers", i, "provider"],
            &o.provider,
        );
        model_ref(&mut cx, PRICING, path!["offers", i, "model"], &o.model);
        correction_ref(
            &mut cx,
            PRICING,
            path!["offers", i, "correction"],
            &o.correction,
        );
        if let Some(m) = d.models.iter().find(|m| m.id == o.model) {
            if m.access == super::data::Access::Invitation {
                cx.err(
                    PRICING,
                    path!["offers", i, "model"],
                    format!(
                        "{} is by invitation only: name it in data/models.yaml, do not price it",
                        m.id
                    ),
                );
            } else if !m.providers.contains_key(&o.provider) {
                cx.err(
                    PRICING,
                    path!["offers", i, "provider"],
                    format!("{} has no entry for {} in data/models.yaml (its API id there and lifecycle)", m.id, o.provider),
                );
            }
        }
        let mut last = 0;
        for (j, t) in o.tiers.iter().enumerate() {
            if t.above_prompt_tokens <= last {
                cx.err(
                    PRICING,
                    path!["offers", i, "tiers", j, "above_prompt_tokens"],
                    "tiers go by ascending above_prompt_tokens, each above 0",
                );
            }
            last = t.above_prompt_tokens;
        }
        if !offers.insert((&*o.provider, &*o.model)) {
            cx.err(
                PRICING,
                path!["offers", i],
                format!("second offer for {} x {}", o.provider, o.model),
            );
        }
    }
    let pair_check = |cx: &mut Ctx, section: &str, entries: Vec<(&Id, &Vec<Id>)>| {
        let mut seen = BTreeSet::new();
        for (i, (prov, ms)) in entries.into_iter().enumerate() {
            provider_ref(cx, PRICING, path![section, i, "provider"], prov);
            for (j, m) in ms.iter().enumerate() {
                model_ref(cx, PRICING, path![section, i, "models", j], m);
                if !seen.insert((prov.0.clone(), m.0.clone())) {
                    cx.err(
                        PRICING,
                        path![section, i, "models", j],
                        format!("{prov} x {m} is already in another {section} entry"),
                    );
                } else if !offers.contains(&(&**prov, &**m)) && models.contains(&**m) {
                    cx.err(
                        PRICING,
                        path![section, i, "models", j],
                        format!("{prov} x {m} has no entry in offers"),
                    );
                }
            }
        }
    };
    pair_check(
        &mut cx,
        "caching",
        d.pricing
            .caching
            .iter()
            .map(|c| (&c.provider, &c.models))
            .collect(),
    );
    pair_check(
        &mut cx,
        "batch",
        d.pricing
            .batch
            .iter()
            .map(|c| (&c.provider, &c.models))
            .collect(),
    );
    for (i, c) in d.pricing.caching.iter().enumerate() {
        for (key, v) in [("write_5m", c.write_5m), ("write_1h", c.write_1h)] {
            if let crate::calculator_glue::prices::Mult::Known(v) = v {
                cx.range(
                    PRICING,
                    path!["caching", i, key],
                    v,
                    1.0,
                    10.0,
                    "cache write multiplier",
                );
            }
        }
        cx.range(
            PRICING,
            path!["caching", i, "read"],
            c.read.0,
            0.0,
            1.0,
            "cache read multiplier",
        );
        for m in c.min_prefix_tokens_by_model.keys() {
            if !c.models.contains(m) {
                cx.err(
                    PRICING,
                    path!["caching", i, "min_prefix_tokens_by_model", &**m],
                    format!("model {m} is not in this entry's models"),
                );
            }
        }
        correction_ref(
            &mut cx,
            PRICING,
            path!["caching", i, "correction"],
            &c.correction,
        );
    }
    for (i, b) in d.pricing.batch.iter().enumerate() {
        if let Some(discount) = b.discount.known() {
            cx.range(
                PRICING,
                path!["batch", i, "discount"],
                discount,
                0.0,
                0.95,
                "batch discount",
            );
        }
        correction_ref(
            &mut cx,
            PRICING,
            path!["batch", i, "correction"],
            &b.correction,
        );
    }
    let mut first_route: BTreeSet<(String, String)> = BTreeSet::new();
    let mut route_ids = BTreeSet::new();
    for (i, r) in d.pricing.routes.iter().enumerate() {
        provider_ref(
            &mut cx,
            PRICING,
            path!["routes", i, "provider"],
            &r.provider,
        );
        correction_ref(
            &mut cx,
            PRICING,
            path!["routes", i, "correction"],
            &r.correction,
        );
        cx.range(
            PRICING,
            path!["routes", i, "multiplier"],
            r.multiplier.0,
            0.5,
            5.0,
            "route multiplier",
        );
        if !route_ids.insert((r.provider.0.clone(), r.id.0.clone())) {
            cx.err(
                PRICING,
                path!["routes", i, "id"],
                format!(
                    "duplicate route id {:?} for provider {}",
                    r.id.0, r.provider
                ),
            );
        }
        let mut based = Vec::new();
        for (j, m) in r.models.iter().enumerate() {
            model_ref(&mut cx, PRICING, path!["routes", i, "models", j], m);
            if first_route.insert((r.provider.0.clone(), m.0.clone())) {
                based.push(m.0.as_str());
            }
        }
        if !based.is_empty() && r.multiplier.0 != 1.0 {
            let msg = format!(
                "route {} is the first (base) route of {} for {} and must have multiplier 1",
                r.id,
                r.provider,
                based.join(", ")
            );
            cx.err(PRICING, path!["routes", i, "multiplier"], msg);
        }
    }
    for (i, e) in d.pricing.enterprise_discounts.iter().enumerate() {
        provider_ref(
            &mut cx,
            PRICING,
            path!["enterprise_discounts", i, "provider"],
            &e.provider,
        );
        correction_ref(
            &mut cx,
            PRICING,
            path!["enterprise_discounts", i, "correction"],
            &e.correction,
        );
    }

    // Latency benchmark.
    const LAT: &str = "data/latency.yaml";
    let b = &d.latency;
    model_ref(&mut cx, LAT, path!["benchmark", "model"], &b.model);
    provider_ref(&mut cx, LAT, path!["benchmark", "baseline"], &b.baseline);
    correction_ref(
        &mut cx,
        LAT,
        path!["benchmark", "correction"],
        &b.correction,
    );
    cx.unique(
        LAT,
        b.metrics
            .iter()
            .enumerate()
            .map(|(i, m)| (&*m.id, path!["benchmark", "metrics", i, "id"])),
        "metric",
    );
    for (i, m) in b.metrics.iter().enumerate() {
        for p in m.values.keys() {
            provider_ref(
                &mut cx,
                LAT,
                path!["benchmark", "metrics", i, "values", &**p],
                p,
            );
        }
        match m.values.get(&b.baseline) {
            Some(v) if v.0 > 0.0 => {}
            _ => cx.err(
                LAT,
                path!["benchmark", "metrics", i, "values"],
                format!(
                    "needs a non-zero value for the baseline provider {}",
                    b.baseline
                ),
            ),
        }
    }

    // FAQ and tables.
    for (i, f) in d.faq.iter().enumerate() {
        correction_ref(
            &mut cx,
            "data/faq.yaml",
            path!["faq", i, "correction"],
            &f.correction,
        );
    }
    for (stem, t) in &d.tables {
        let file = format!("data/tables/{stem}.yaml");
        for (i, row) in t.rows.iter().enumerate() {
            correction_ref(
                &mut cx,
                &file,
                path!["rows", i, "correction"],
                &row.correction,
            );
            for (p, cell) in &row.cells {
                provider_ref(&mut cx, &file, path!["rows", i, "cells", &**p], p);
                correction_ref(
                    &mut cx,
                    &file,
                    path!["rows", i, "cells", &**p, "correction"],
                    &cell.correction,
                );
            }
        }
    }
    cx.errs
}
