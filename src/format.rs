//! How figures read on the site: money, multipliers, shares and counts are formatted here and
//! nowhere else, so a table cell and a prose number never disagree.

/// `1234567` -> `1,234,567`.
pub fn int(v: u64) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A number with at most `max` decimals and no trailing zeros: `2.0` -> `2`, `0.125` -> `0.125`.
pub fn num(v: f64, max: usize) -> String {
    let s = format!("{v:.max$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        &s
    };
    if s == "-0" {
        "0".into()
    } else {
        s.to_owned()
    }
}

/// USD: cents always shown (`$3.00`), more decimals only when the figure has them (`$0.375`).
pub fn money(v: f64) -> String {
    let cents = v * 100.0;
    let body = if (cents - cents.round()).abs() < 1e-9 {
        format!("{v:.2}")
    } else {
        let s = num(v, 4);
        if s.split('.').nth(1).map_or(0, str::len) < 2 {
            format!("{v:.2}")
        } else {
            s
        }
    };
    let (whole, frac) = body.split_once('.').unwrap_or((&body, ""));
    let whole = int(whole.parse::<u64>().unwrap_or(0));
    if frac.is_empty() {
        format!("${whole}")
    } else {
        format!("${whole}.{frac}")
    }
}

/// A price per million tokens or the words readers see for an unpublished one.
pub fn price(v: Option<f64>) -> String {
    v.map_or_else(|| UNKNOWN.to_owned(), money)
}

/// What readers see where a price is `unknown` in the data.
pub const UNKNOWN: &str = "not published";

/// What readers see where a provider does not offer an option.
pub const NOT_OFFERED: &str = "not offered";

/// `1.25` -> `1.25×`.
pub fn multiplier(v: f64) -> String {
    format!("{}×", num(v, 3))
}

/// A share as a percentage: `0.5` -> `50%`, `0.125` -> `12.5%`.
pub fn share(v: f64) -> String {
    format!("{}%", num(v * 100.0, 1))
}

/// A percentage already in percent, rounded to whole percent: `14.5161` -> `15%`.
pub fn pct_whole(v: f64) -> String {
    format!("{}%", num(v.round(), 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(money(3.0), "$3.00");
        assert_eq!(money(0.3), "$0.30");
        assert_eq!(money(0.375), "$0.375");
        assert_eq!(money(1234.5), "$1,234.50");
        assert_eq!(price(None), "not published");
        assert_eq!(multiplier(2.0), "2×");
        assert_eq!(multiplier(1.25), "1.25×");
        assert_eq!(share(0.5), "50%");
        assert_eq!(share(0.1 * 1.1 - 0.01), "10%");
        assert_eq!(pct_whole(14.516), "15%");
        assert_eq!(int(10000), "10,000");
        assert_eq!(num(3.1, 2), "3.1");
    }
}
