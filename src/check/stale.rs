//! Staleness: every fact in `data/` whose `checked` date is older than the allowed age, with the
//! file, line and source an editor needs to re-verify it. The walk is over the YAML itself (any
//! mapping with `checked`), so a new kind of fact is covered without a change here.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::diag::Diagnostic;
use crate::load::spans::{Kind, Node};
use crate::load::types::Date;
use crate::load::yaml::{path_string, Seg};
use crate::load::Sources;

/// Days since 1970-01-01 (proleptic Gregorian; Howard Hinnant's `days_from_civil`).
pub fn days(d: Date) -> i64 {
    let (m, d_) = (i64::from(d.month), i64::from(d.day));
    let y = i64::from(d.year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d_ - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `n` days after 1970-01-01 (inverse of [`days`]).
pub fn from_days(n: i64) -> Date {
    let z = n + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date {
        year: u16::try_from(year).unwrap_or(u16::MAX),
        month: month as u8,
        day: day as u8,
    }
}

/// Today by the system clock (UTC).
pub fn today() -> Date {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    from_days(i64::try_from(secs / 86_400).unwrap_or(0))
}

/// A warning for every `checked` date in the loaded data files more than `max_age` days before
/// `today`, or after it.
pub fn check(sources: &Sources, today: Date, max_age: u32) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for src in sources.iter() {
        let Some(root) = src.root() else {
            continue;
        };
        let mut path = Vec::new();
        walk(root, &mut path, None, &mut |path, checked, source| {
            let Some(date) = checked.as_str().and_then(Date::parse) else {
                return;
            };
            let age = days(today) - days(date);
            let msg = if age > i64::from(max_age) {
                format!(
                    "checked {} days ago (more than {max_age}): re-verify against {}",
                    age,
                    source.unwrap_or("its source (none given)")
                )
            } else if age < 0 {
                format!(
                    "checked date {} is after today ({})",
                    date.iso(),
                    today.iso()
                )
            } else {
                return;
            };
            out.push(src.diag(checked.value, format!("{}: {msg}", path_string(path))));
        });
    }
    out
}

/// Receives (path of a `checked` field, its node, the nearest `source`).
type Found<'f> = dyn FnMut(&[Seg], &Node, Option<&str>) + 'f;

/// Calls `found(path of the checked field, its node, the nearest source)` for every mapping with
/// a `checked`; a fact without its own `source` takes its parent's (a table cell, a row).
fn walk<'a>(v: &'a Node, path: &mut Vec<Seg>, source: Option<&'a str>, found: &mut Found) {
    match &v.kind {
        Kind::Map(entries) => {
            let field = |name: &str| entries.iter().find(|(k, _)| k == name).map(|e| &e.1);
            let source = field("source").and_then(Node::as_str).or(source);
            if let Some(checked) = field("checked") {
                path.push(Seg::Key("checked".into()));
                found(path, checked, source);
                path.pop();
            }
            for (k, child) in entries {
                path.push(Seg::Key(k.clone()));
                walk(child, path, source, found);
                path.pop();
            }
        }
        Kind::Seq(items) => {
            for (i, child) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                walk(child, path, source, found);
                path.pop();
            }
        }
        Kind::Scalar(_) | Kind::Alias => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Source;

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn day_arithmetic_round_trips() {
        assert_eq!(days(date("1970-01-01")), 0);
        assert_eq!(days(date("2026-11-26")) - days(date("2026-08-28")), 90);
        assert_eq!(days(date("2024-03-01")) - days(date("2024-02-28")), 2);
        for s in ["2000-02-29", "2026-11-26", "2100-12-31", "1999-03-01"] {
            assert_eq!(from_days(days(date(s))), date(s), "{s}");
        }
        assert!(today().year >= 2024);
    }

    #[test]
    fn warns_with_path_line_and_source() {
        let text = "offers:\n  - checked: 2026-01-01\n    source: \"https://a.example/p\"\n  - checked: 2026-11-01\nrows:\n  - source: \"source article\"\n    cells:\n      x: { text: t, checked: 2025-01-01 }\n";
        let mut sources = Sources::default();
        sources.insert(Source::new("data/p.yaml", text, text, 0));
        let got: Vec<String> = check(&sources, date("2026-11-26"), 90)
            .iter()
            .map(Diagnostic::headline)
            .collect();
        assert_eq!(
            got,
            [
                "data/p.yaml:2:14: offers[0].checked: checked 329 days ago (more than 90): re-verify against https://a.example/p",
                "data/p.yaml:8:30: rows[0].cells.x.checked: checked 694 days ago (more than 90): re-verify against source article",
            ]
        );
        let future = check(&sources, date("2026-10-01"), 900);
        assert_eq!(
            future[0].headline(),
            "data/p.yaml:4:14: offers[1].checked: checked date 2026-11-01 is after today (2026-10-01)"
        );
    }
}
