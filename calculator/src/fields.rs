//! The form's fields, each written once: the name the form, the query string, the messages of
//! [`crate::validate`] and the wasm give it, its label and unit, what it accepts, and how its
//! value is read from and set on a [`Scenario`]. A field is a constant here, so a misspelt one
//! does not compile; the per-provider discounts and the discount's line items are the only
//! names made at run time ([`discount_name`], [`ITEMS`]).

use crate::model::{Item, Scenario, Ttl};
use crate::traffic::Arrival;

/// A number input. Shares (0..=1 in the model) are entered in percent.
pub struct Number {
    /// The input's `name`, the Scenario field's name too.
    pub name: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub percent: bool,
    /// What the field accepts (in the model's terms, shares as 0..=1).
    pub check: Check,
    /// The value on a scenario; `None` while the field is not in use (a measured hit rate when
    /// the hit rate comes from traffic).
    pub get: fn(&Scenario) -> Option<f64>,
    pub set: fn(&mut Scenario, f64),
}

/// What a number field accepts.
pub enum Check {
    /// `lo..=hi`, in `unit`s; `zero`: the message when 0 is in range but not enough.
    Range {
        lo: f64,
        hi: f64,
        unit: &'static str,
        zero: Option<&'static str>,
    },
    /// A share, `0..=1`.
    Share,
}

impl Number {
    /// The model's value of what the input holds (NaN when it holds no number).
    pub fn parse(&self, typed: f64) -> f64 {
        if self.percent {
            typed / 100.0
        } else {
            typed
        }
    }

    /// The value the input shows for the model's `value`.
    pub fn shown(&self, value: f64) -> f64 {
        if self.percent {
            value * 100.0
        } else {
            value
        }
    }
}

/// A select. `options` are (value, label); empty for the ones the price book lists (models,
/// tokenizers).
pub struct Choice {
    pub name: &'static str,
    pub label: &'static str,
    pub options: &'static [(&'static str, &'static str)],
    pub get: fn(&Scenario) -> &str,
    pub set: fn(&mut Scenario, &str),
}

/// Largest accepted values: beyond them the input is a typo, and the sums would lose cents.
pub const MAX_REQUESTS_PER_HOUR: f64 = 1_000_000.0;
pub const MAX_TOKENS: f64 = 2_000_000.0;

/// A token count per request, the field `name` of the scenario.
const fn token_count(
    name: &'static str,
    label: &'static str,
    get: fn(&Scenario) -> Option<f64>,
    set: fn(&mut Scenario, f64),
) -> Number {
    Number {
        name,
        label,
        unit: "tokens per request",
        percent: false,
        check: Check::Range {
            lo: 0.0,
            hi: MAX_TOKENS,
            unit: "tokens",
            zero: None,
        },
        get,
        set,
    }
}

pub const REQUESTS_PER_HOUR: Number = Number {
    name: "requests_per_hour",
    label: "Requests per hour",
    unit: "while active",
    percent: false,
    check: Check::Range {
        lo: 0.0,
        hi: MAX_REQUESTS_PER_HOUR,
        unit: "requests an hour",
        zero: None,
    },
    get: |sc| Some(sc.requests_per_hour),
    set: |sc, x| sc.requests_per_hour = x,
};
pub const ACTIVE_HOURS_PER_DAY: Number = Number {
    name: "active_hours_per_day",
    label: "Active hours",
    unit: "per day",
    percent: false,
    check: Check::Range {
        lo: 0.0,
        hi: 24.0,
        unit: "hours",
        zero: Some("Enter at least some active hours (up to 24)"),
    },
    get: |sc| Some(sc.active_hours_per_day),
    set: |sc, x| sc.active_hours_per_day = x,
};
pub const DAYS_PER_MONTH: Number = Number {
    name: "days_per_month",
    label: "Active days",
    unit: "per month",
    percent: false,
    check: Check::Range {
        lo: 1.0,
        hi: 31.0,
        unit: "days",
        zero: None,
    },
    get: |sc| Some(sc.days_per_month),
    set: |sc, x| sc.days_per_month = x,
};
pub const PREFIX_TOKENS: Number = token_count(
    "prefix_tokens",
    "Repeated prefix",
    |sc| Some(sc.prefix_tokens),
    |sc, x| sc.prefix_tokens = x,
);
pub const INPUT_TOKENS: Number = token_count(
    "input_tokens",
    "Other input",
    |sc| Some(sc.input_tokens),
    |sc, x| sc.input_tokens = x,
);
pub const OUTPUT_TOKENS: Number = token_count(
    "output_tokens",
    "Output",
    |sc| Some(sc.output_tokens),
    |sc, x| sc.output_tokens = x,
);
/// In use while [`HIT_SOURCE`] is "measured": setting it puts it in use, a source of "traffic"
/// takes it out.
pub const MEASURED_HIT_RATE: Number = Number {
    name: "measured_hit_rate",
    label: "Measured hit rate",
    unit: "%",
    percent: true,
    check: Check::Share,
    get: |sc| sc.measured_hit_rate,
    set: |sc, x| sc.measured_hit_rate = Some(x),
};
pub const BATCH_SHARE: Number = Number {
    name: "batch_share",
    label: "Sent as batch",
    unit: "% of requests",
    percent: true,
    check: Check::Share,
    get: |sc| Some(sc.batch_share),
    set: |sc, x| sc.batch_share = x,
};

/// The model id; its options are the price book's models that have an offer.
pub const MODEL: Choice = Choice {
    name: "model",
    label: "Model",
    options: &[],
    get: |sc| &sc.model,
    set: |sc, v| sc.model = v.into(),
};
pub const ARRIVAL: Choice = Choice {
    name: "arrival",
    label: "Arrival pattern",
    options: &[("poisson", "Random"), ("even", "Evenly spaced")],
    get: |sc| match sc.arrival {
        Arrival::Even => "even",
        Arrival::Poisson => "poisson",
    },
    set: |sc, v| {
        sc.arrival = if v == "even" {
            Arrival::Even
        } else {
            Arrival::Poisson
        }
    },
};
/// The tokenizer the counts were measured with; its options are the price book's tokenizers
/// after "" (the priced model's own), and the form has it only when the book has two or more.
pub const TOKENS_FROM: Choice = Choice {
    name: "tokens_from",
    label: "Counted with",
    options: &[],
    get: |sc| &sc.tokens_from,
    set: |sc, v| sc.tokens_from = v.into(),
};
/// The [`HIT_SOURCE`] that puts [`MEASURED_HIT_RATE`] in use.
pub const MEASURED: &str = "measured";

/// "traffic" sets [`MEASURED_HIT_RATE`] out of use; "measured" keeps the rate it was given
/// (set the rate first: [`read`] does).
pub const HIT_SOURCE: Choice = Choice {
    name: "hit_source",
    label: "Cache hit rate",
    options: &[("traffic", "From traffic"), (MEASURED, "Measured")],
    get: |sc| {
        if sc.measured_hit_rate.is_some() {
            MEASURED
        } else {
            "traffic"
        }
    },
    set: |sc, v| {
        if v != MEASURED {
            sc.measured_hit_rate = None;
        }
    },
};
pub const CACHE_TTL: Choice = Choice {
    name: "cache_ttl",
    label: "Break-even and chart for",
    options: &[("5m", "5-minute TTL"), ("1h", "1-hour TTL")],
    get: |sc| sc.cache_ttl.id(),
    set: |sc, v| {
        sc.cache_ttl = if v == Ttl::OneHour.id() {
            Ttl::OneHour
        } else {
            Ttl::FiveMinutes
        }
    },
};

/// Every number field, in form order.
pub const NUMBERS: [&Number; 8] = [
    &REQUESTS_PER_HOUR,
    &ACTIVE_HOURS_PER_DAY,
    &DAYS_PER_MONTH,
    &PREFIX_TOKENS,
    &INPUT_TOKENS,
    &OUTPUT_TOKENS,
    &MEASURED_HIT_RATE,
    &BATCH_SHARE,
];
/// Each number field's name, value and whether it is entered in percent, taken from the
/// fields above at compile time: for a query string written without the fields' labels and
/// messages (the usage-log importer's wasm would carry them all otherwise).
pub type Named = (&'static str, fn(&Scenario) -> Option<f64>, bool);
pub const NUMBER_NAMES: [Named; 8] = {
    const fn named(n: &Number) -> Named {
        (n.name, n.get, n.percent)
    }
    [
        named(&REQUESTS_PER_HOUR),
        named(&ACTIVE_HOURS_PER_DAY),
        named(&DAYS_PER_MONTH),
        named(&PREFIX_TOKENS),
        named(&INPUT_TOKENS),
        named(&OUTPUT_TOKENS),
        named(&MEASURED_HIT_RATE),
        named(&BATCH_SHARE),
    ]
};
/// Every select, in form order.
pub const CHOICES: [&Choice; 5] = [&MODEL, &ARRIVAL, &TOKENS_FROM, &HIT_SOURCE, &CACHE_TTL];

/// The checkboxes of the line items the enterprise discount applies to (values: [`Item::key`]).
pub const ITEMS: &str = "discount_item";

const DISCOUNT: &str = "discount_";

/// The number field of a provider's enterprise discount (a share, entered in percent).
pub fn discount_name(provider: &str) -> String {
    let mut n = String::from(DISCOUNT);
    n.push_str(provider);
    n
}

/// The provider a [`discount_name`] is for.
pub fn discount_provider(name: &str) -> Option<&str> {
    name.strip_prefix(DISCOUNT)
}

/// A scenario from a form: `number(field)` is what a number input holds (NaN when empty),
/// `choice(field)` a select's value, `discount(provider)` the discount input of each of
/// `providers`, `item(item)` whether its box is checked. Values are set in the order the
/// fields' meanings need ([`HIT_SOURCE`] after the rate it may put out of use).
pub fn read<'a>(
    providers: impl Iterator<Item = &'a str>,
    number: impl Fn(&str) -> f64,
    choice: impl Fn(&str) -> String,
    item: impl Fn(Item) -> bool,
) -> Scenario {
    let mut sc = Scenario {
        model: String::new(),
        requests_per_hour: 0.0,
        active_hours_per_day: 0.0,
        days_per_month: 0.0,
        arrival: Arrival::Poisson,
        prefix_tokens: 0.0,
        input_tokens: 0.0,
        output_tokens: 0.0,
        tokens_from: String::new(),
        measured_hit_rate: None,
        cache_ttl: Ttl::FiveMinutes,
        batch_share: 0.0,
        enterprise_discount: crate::model::Discounts::new(),
        discount_items: Item::ALL.into_iter().filter(|i| item(*i)).collect(),
    };
    for f in NUMBERS {
        (f.set)(&mut sc, f.parse(number(f.name)));
    }
    for c in CHOICES {
        (c.set)(&mut sc, &choice(c.name));
    }
    for p in providers {
        let d = number(&discount_name(p)) / 100.0;
        sc.enterprise_discount.push(p.into(), d);
    }
    sc
}
