//! How figures read on the site: money, multipliers, shares and counts are formatted here and
//! nowhere else in the generator, with the calculator's integer-only formatter (the one the wasm
//! runs), so a table cell, a prose number and the calculator never disagree.

use crate::calculator_glue::format as calc;

/// `1234567` -> `1,234,567`.
pub fn int(v: u64) -> String {
    let mut s = String::new();
    calc::push_grouped(&mut s, v);
    s
}

/// A number with at most `max` decimals and no trailing zeros: `2.0` -> `2`, `0.125` -> `0.125`.
pub fn num(v: f64, max: usize) -> String {
    calc::plain(v, u32::try_from(max).unwrap_or(u32::MAX))
}

/// USD: cents always shown (`$3.00`), more decimals only when the figure has them (`$0.375`).
pub fn money(v: f64) -> String {
    calc::price(v)
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
    calc::factor(v)
}

/// A share as a percentage: `0.5` -> `50%`, `0.125` -> `12.5%`.
pub fn share(v: f64) -> String {
    calc::percent(v)
}

/// A percentage already in percent, rounded to whole percent: `14.5161` -> `15%`.
pub fn pct_whole(v: f64) -> String {
    let mut s = calc::decimal(v, 0, 0);
    s.push('%');
    s
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
        assert_eq!(money(-0.5), "-$0.50");
        assert_eq!(price(None), "not published");
        assert_eq!(multiplier(2.0), "2×");
        assert_eq!(multiplier(1.25), "1.25×");
        assert_eq!(share(0.5), "50%");
        assert_eq!(share(0.1 * 1.1 - 0.01), "10%");
        assert_eq!(pct_whole(14.516), "15%");
        assert_eq!(int(10000), "10,000");
        assert_eq!(num(3.1, 2), "3.1");
        assert_eq!(num(-2.50, 2), "-2.5");
        assert_eq!(num(12345.5, 1), "12345.5");
    }
}
