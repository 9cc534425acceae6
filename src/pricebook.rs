//! Builds the calculator's [`PriceBook`] from `pricing.yaml`, `providers.yaml` and `models.yaml`:
//! one offer per provider x model, with caching, batch and routes resolved for that offer.

use crate::calculator_glue::prices::{
    BatchPricing, CachePricing, Lifecycle, Model, Offer, PriceBook, Provider, Route, Tier,
    Tokenizer,
};

use crate::load::data::{Batch, Caching};
use crate::load::types::Id;
use crate::load::Inputs;

/// The caching entry that covers `provider` x `model` (at most one: checked on load).
pub fn caching_for<'a>(d: &'a Inputs, provider: &Id, model: &Id) -> Option<&'a Caching> {
    d.pricing
        .caching
        .iter()
        .find(|c| &c.provider == provider && c.models.contains(model))
}

/// The batch entry that covers `provider` x `model`.
pub fn batch_for<'a>(d: &'a Inputs, provider: &Id, model: &Id) -> Option<&'a Batch> {
    d.pricing
        .batch
        .iter()
        .find(|b| &b.provider == provider && b.models.contains(model))
}

/// Minimum cacheable prefix for one model of a caching entry (`None`: not published).
pub fn min_prefix(c: &Caching, model: &Id) -> Option<u32> {
    c.min_prefix_tokens_by_model
        .get(model)
        .copied()
        .unwrap_or(c.min_prefix_tokens)
        .0
}

pub fn build(d: &Inputs) -> PriceBook {
    let p = &d.pricing;
    let mut offers = Vec::new();
    // Column order (providers), then model order, so the book is stable whatever the file order.
    for prov in &d.providers {
        for model in &d.models {
            let Some(o) = p
                .offers
                .iter()
                .find(|o| o.provider == prov.id && o.model == model.id)
            else {
                continue;
            };
            let has = |ms: &Vec<Id>| ms.contains(&model.id);
            let cache = caching_for(d, &prov.id, &model.id).map(|c| CachePricing {
                write_5m: c.write_5m,
                write_1h: c.write_1h,
                read: c.read.0,
                min_prefix_tokens: min_prefix(c, &model.id),
            });
            let batch = batch_for(d, &prov.id, &model.id).map(|b| BatchPricing {
                discount: b.discount.known(),
                applies_to_cache: b.applies_to_cache.0,
            });
            let routes = p
                .routes
                .iter()
                .filter(|r| r.provider == prov.id && has(&r.models))
                .map(|r| Route {
                    id: r.id.0.clone(),
                    name: r.name.clone(),
                    multiplier: r.multiplier.0,
                })
                .collect();
            let on = model.providers.get(&prov.id);
            let tokens_per_base = d
                .tokenizers
                .iter()
                .find(|t| t.id == model.tokenizer)
                .map_or(1.0, |t| t.tokens_per_base.0);
            offers.push(Offer {
                tokens_per_base,
                provider: prov.id.0.clone(),
                model: model.id.0.clone(),
                api_id: on.map(|m| m.api_id.clone()).unwrap_or_default(),
                input_mtok: o.input_mtok.known(),
                output_mtok: o.output_mtok.known(),
                tiers: o
                    .tiers
                    .iter()
                    .map(|t| Tier {
                        above_prompt_tokens: t.above_prompt_tokens,
                        input_mtok: t.input_mtok.known(),
                        output_mtok: t.output_mtok.known(),
                    })
                    .collect(),
                lifecycle: on.map_or_else(Lifecycle::default, |m| Lifecycle {
                    state: m.state,
                    replaced_by: m.replaced_by.as_ref().map(|r| r.0.clone()),
                }),
                cache,
                batch,
                routes,
                source: o.source.as_str().to_owned(),
                checked: o.checked.iso(),
            });
        }
    }
    PriceBook {
        providers: d
            .providers
            .iter()
            .map(|p| Provider {
                id: p.id.0.clone(),
                name: p.short_name.clone(),
            })
            .collect(),
        models: d
            .models
            .iter()
            .filter(|m| offers.iter().any(|o| o.model == m.id.0))
            .map(|m| Model {
                id: m.id.0.clone(),
                name: m.name.clone(),
                tokenizer: m.tokenizer.0.clone(),
            })
            .collect(),
        tokenizers: d
            .tokenizers
            .iter()
            .map(|t| Tokenizer {
                id: t.id.0.clone(),
                name: t.name.clone(),
                tokens_per_base: t.tokens_per_base.0,
            })
            .collect(),
        offers,
    }
}
