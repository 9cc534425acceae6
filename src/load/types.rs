//! Validated field types for the data files. Each checks its value while serde_yaml still knows
//! the position, so a bad value is reported at its own line and column.

use std::fmt;

use crate::calculator_glue::prices::Mult;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

/// Deserialises a string and checks it inside the visitor, so serde_yaml reports the error at
/// the scalar's own line and column (an error raised after deserialising would point at the
/// enclosing mapping instead).
fn checked_str<'de, D, T>(
    d: D,
    what: &'static str,
    check: fn(&str) -> Result<T, String>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct V<T> {
        what: &'static str,
        check: fn(&str) -> Result<T, String>,
    }
    impl<'de, T> Visitor<'de> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.what)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            (self.check)(v).map_err(E::custom)
        }
    }
    d.deserialize_str(V { what, check })
}

/// An id: lowercase ASCII letters, digits, `-` and `_` (metric ids use `_`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(pub String);

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        checked_str(d, "an id", |s| {
            let ok = !s.is_empty()
                && s.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_'
                })
                && s.as_bytes()[0].is_ascii_alphanumeric();
            if ok {
                Ok(Id(s.to_owned()))
            } else {
                Err(format!(
                    "expected an id (lowercase letters, digits and dashes), found {s:?}"
                ))
            }
        })
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::ops::Deref for Id {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// A calendar date `YYYY-MM-DD` that exists (no 2026-02-30).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year: u16 = s[0..4].parse().ok()?;
        let month: u8 = s[5..7].parse().ok()?;
        let day: u8 = s[8..10].parse().ok()?;
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (year >= 1970 && (1..=days).contains(&day)).then_some(Date { year, month, day })
    }

    /// `2026-11-26`
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `26 November 2026`
    pub fn long(&self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTHS[usize::from(self.month) - 1],
            self.year
        )
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        checked_str(d, "a date", |s| {
            Date::parse(s).ok_or_else(|| format!("expected a real date YYYY-MM-DD, found {s:?}"))
        })
    }
}

/// A month `YYYY-MM` (when a benchmark ran).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Month {
    pub year: u16,
    pub month: u8,
}

impl Month {
    /// `April 2026`
    pub fn long(&self) -> String {
        format!("{} {}", MONTHS[usize::from(self.month) - 1], self.year)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        checked_str(d, "a month", |s| {
            Date::parse(&format!("{s}-01"))
                .map(|d| Month {
                    year: d.year,
                    month: d.month,
                })
                .ok_or_else(|| format!("expected a month YYYY-MM, found {s:?}"))
        })
    }
}

/// An `http(s)://` URL. Anything else (`javascript:`, `data:`, relative) is refused because it
/// ends up in an `href`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url(pub String);

fn is_web_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && s.len() > 8
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
}

impl<'de> Deserialize<'de> for Url {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        checked_str(d, "a URL", |s| {
            if is_web_url(s) {
                Ok(Url(s.to_owned()))
            } else {
                Err(format!("expected an http(s) URL, found {s:?}"))
            }
        })
    }
}

/// Where a fact was read: a vendor URL, or the source document's own measurement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Url(String),
    SourceArticle,
}

/// The literal editors write for the source document author's own figures.
pub const SOURCE_ARTICLE: &str = "source article";

impl Source {
    pub fn url(&self) -> Option<&str> {
        match self {
            Source::Url(u) => Some(u),
            Source::SourceArticle => None,
        }
    }
    /// Text for readers: the URL's host and path, or "the source article".
    pub fn label(&self) -> String {
        match self {
            Source::Url(u) => u
                .split_once("://")
                .map_or(u.as_str(), |(_, r)| r)
                .trim_end_matches('/')
                .to_owned(),
            Source::SourceArticle => "the source article (author's measurement)".to_owned(),
        }
    }
    pub fn as_str(&self) -> &str {
        match self {
            Source::Url(u) => u,
            Source::SourceArticle => SOURCE_ARTICLE,
        }
    }
}

impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        checked_str(d, "a source", |s| {
            if s == SOURCE_ARTICLE {
                Ok(Source::SourceArticle)
            } else if is_web_url(s) {
                Ok(Source::Url(s.to_owned()))
            } else {
                Err(format!(
                    "expected an http(s) URL or \"{SOURCE_ARTICLE}\", found {s:?}"
                ))
            }
        })
    }
}

/// A USD price per million tokens, or `unknown` when nobody has published it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Price {
    Usd(f64),
    Unknown,
}

impl Price {
    pub fn known(self) -> Option<f64> {
        match self {
            Price::Usd(v) => Some(v),
            Price::Unknown => None,
        }
    }
}

/// A number, or the one word allowed in its place (`unknown` for prices, `unavailable` for an
/// option a provider does not offer).
struct NumberOr {
    word: Option<&'static str>,
    what: &'static str,
}

impl<'de> Visitor<'de> for NumberOr {
    type Value = Option<f64>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.what)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<f64>, E> {
        if v.is_finite() && v >= 0.0 {
            Ok(Some(v))
        } else {
            Err(E::custom(format!("expected {}, found {v}", self.what)))
        }
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<f64>, E> {
        self.visit_f64(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<f64>, E> {
        self.visit_f64(v as f64)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<f64>, E> {
        match self.word {
            Some(w) if v == w => Ok(None),
            Some(w) => Err(E::custom(format!(
                "expected {} or `{w}`, found {v:?}",
                self.what
            ))),
            None => Err(E::custom(format!("expected {}, found {v:?}", self.what))),
        }
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<f64>, E> {
        Err(E::custom(format!("expected {}, found {v}", self.what)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<f64>, E> {
        Err(E::custom(format!("expected {}, found nothing", self.what)))
    }
}

impl<'de> Deserialize<'de> for Price {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = d.deserialize_any(NumberOr {
            word: Some("unknown"),
            what: "a non-negative number",
        })?;
        Ok(v.map_or(Price::Unknown, Price::Usd))
    }
}

/// A non-negative finite number (multipliers, shares, latency values).
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Num(pub f64);

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match d.deserialize_any(NumberOr {
            word: None,
            what: "a non-negative number",
        })? {
            Some(v) => Ok(Num(v)),
            None => Err(de::Error::custom("expected a non-negative number")),
        }
    }
}

/// An option's multiplier as `data/` writes it: a number, `unavailable` (the provider does not
/// offer it) or `unknown` (offered or not, no published price), read into the calculator's own
/// three-state type. For `#[serde(deserialize_with = "types::mult")]`.
pub fn mult<'de, D: Deserializer<'de>>(d: D) -> Result<Mult, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Mult;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a non-negative number, `unavailable` or `unknown`")
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Mult, E> {
            if v.is_finite() && v >= 0.0 {
                Ok(Mult::Known(v))
            } else {
                Err(E::custom(format!(
                    "expected a non-negative number, found {v}"
                )))
            }
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Mult, E> {
            self.visit_f64(v as f64)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Mult, E> {
            self.visit_f64(v as f64)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Mult, E> {
            match v {
                "unavailable" => Ok(Mult::Unavailable),
                "unknown" => Ok(Mult::Unknown),
                _ => Err(E::custom(format!(
                    "expected a non-negative number, `unavailable` or `unknown`, found {v:?}"
                ))),
            }
        }
    }
    d.deserialize_any(V)
}

/// A token count, or `unknown` when no vendor page states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Count(pub Option<u32>);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Count;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a whole number of tokens or `unknown`")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Count, E> {
                u32::try_from(v)
                    .map(|n| Count(Some(n)))
                    .map_err(|_| E::custom(format!("{v} tokens is too many")))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Count, E> {
                Err(E::custom(format!(
                    "expected a whole number of tokens or `unknown`, found {v}"
                )))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Count, E> {
                Err(E::custom(format!(
                    "expected a whole number of tokens or `unknown`, found {v}"
                )))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Count, E> {
                match v {
                    "unknown" => Ok(Count(None)),
                    _ => Err(E::custom(format!(
                        "expected a whole number of tokens or `unknown`, found {v:?}"
                    ))),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// A yes/no flag that may be `unknown` (`None`); `yes`/`no` are accepted besides `true`/`false`
/// because editors write them (YAML 1.2, which serde_yaml follows, reads `yes` as a string).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flag(pub Option<bool>);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Flag;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("yes, no or unknown")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Flag, E> {
                Ok(Flag(Some(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Flag, E> {
                match v {
                    "yes" => Ok(Flag(Some(true))),
                    "no" => Ok(Flag(Some(false))),
                    "unknown" => Ok(Flag(None)),
                    _ => Err(E::custom(format!(
                        "expected yes, no or unknown, found {v:?}"
                    ))),
                }
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            Date::parse("2024-02-29").map(|d| d.long()),
            Some("29 February 2024".into())
        );
        assert!(Date::parse("2026-02-29").is_none());
        assert!(Date::parse("2026-13-01").is_none());
        assert!(Date::parse("20261126").is_none());
    }

    #[test]
    fn urls() {
        assert!(is_web_url("https://docs.aws.amazon.com/x"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("https://x.org/\"><script>"));
    }
}
