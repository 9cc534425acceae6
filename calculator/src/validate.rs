//! Input checks: every bad field gets a message for the place next to it, before any sum runs.

use crate::model::Scenario;
use crate::prices::PriceBook;

/// A message for one form field (`field` is the input's `name`).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Largest accepted values: beyond them the input is a typo, and the sums would lose cents.
pub const MAX_REQUESTS_PER_HOUR: f64 = 1_000_000.0;
pub const MAX_TOKENS: f64 = 2_000_000.0;

/// Checks every field; an empty list means the scenario can be priced.
pub fn validate(book: &PriceBook, sc: &Scenario) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if !book.offers.iter().any(|o| o.model == sc.model) {
        errs.push(err("model", "Choose a model from the list"));
    }
    range(
        &mut errs,
        "requests_per_hour",
        sc.requests_per_hour,
        0.0,
        MAX_REQUESTS_PER_HOUR,
        "requests an hour",
    );
    range(
        &mut errs,
        "active_hours_per_day",
        sc.active_hours_per_day,
        0.0,
        24.0,
        "hours",
    );
    if sc.active_hours_per_day == 0.0 {
        errs.push(err(
            "active_hours_per_day",
            "Enter at least some active hours (up to 24)",
        ));
    }
    range(
        &mut errs,
        "days_per_month",
        sc.days_per_month,
        1.0,
        31.0,
        "days",
    );
    range(
        &mut errs,
        "prefix_tokens",
        sc.prefix_tokens,
        0.0,
        MAX_TOKENS,
        "tokens",
    );
    range(
        &mut errs,
        "input_tokens",
        sc.input_tokens,
        0.0,
        MAX_TOKENS,
        "tokens",
    );
    range(
        &mut errs,
        "output_tokens",
        sc.output_tokens,
        0.0,
        MAX_TOKENS,
        "tokens",
    );
    if let Some(h) = sc.measured_hit_rate {
        share(&mut errs, "measured_hit_rate", h);
    }
    share(&mut errs, "batch_share", sc.batch_share);
    for (provider, d) in &sc.enterprise_discount {
        let mut field = String::from("discount_");
        field.push_str(provider);
        if !book.providers.iter().any(|p| &p.id == provider) {
            errs.push(FieldError {
                field,
                message: "Unknown provider".into(),
            });
            continue;
        }
        if !(d.is_finite() && *d >= 0.0 && *d < 1.0) {
            errs.push(FieldError {
                field,
                message: "Enter a discount from 0 to under 100%".into(),
            });
        }
    }
    errs
}

fn err(field: &str, message: &str) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// Shares are entered as percentages on the form, so their messages speak in percent.
fn share(errs: &mut Vec<FieldError>, field: &str, x: f64) {
    let message = if x.is_nan() {
        "Enter a percentage"
    } else if x < 0.0 {
        "Cannot be negative"
    } else if x > 1.0 {
        "Too large: at most 100%"
    } else {
        return;
    };
    errs.push(err(field, message));
}

fn range(errs: &mut Vec<FieldError>, field: &str, x: f64, lo: f64, hi: f64, unit: &str) {
    let message = if x.is_nan() {
        "Enter a number".to_string()
    } else if x < lo {
        if lo == 0.0 {
            "Cannot be negative".to_string()
        } else {
            let mut s = String::from("At least ");
            s.push_str(&crate::format::count(lo));
            s
        }
    } else if x > hi || x.is_infinite() {
        let mut s = String::from("Too large: at most ");
        s.push_str(&crate::format::decimal(hi, 0, 0));
        s.push(' ');
        s.push_str(unit);
        s
    } else {
        return;
    };
    errs.push(FieldError {
        field: field.into(),
        message,
    });
}
