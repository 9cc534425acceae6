//! Input checks: every bad field gets a message for the place next to it, before any sum runs.

use crate::fields::{discount_name, Check, MODEL, NUMBERS};
use crate::model::Scenario;
use crate::prices::PriceBook;

/// A message for one form field (`field` is the input's `name`, from [`crate::fields`]).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Checks every field; an empty list means the scenario can be priced.
pub fn validate(book: &PriceBook, sc: &Scenario) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if !book.offers.iter().any(|o| o.model == sc.model) {
        errs.push(err(MODEL.name, "Choose a model from the list"));
    }
    for f in NUMBERS {
        let Some(x) = (f.get)(sc) else { continue };
        match f.check {
            Check::Range { lo, hi, unit, zero } => {
                range(&mut errs, f.name, x, lo, hi, unit);
                if let Some(message) = zero.filter(|_| x == 0.0) {
                    errs.push(err(f.name, message));
                }
            }
            Check::Share => share(&mut errs, f.name, x),
        }
    }
    for (provider, d) in &sc.enterprise_discount {
        let field = discount_name(provider);
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
