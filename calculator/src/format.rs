//! Number formatting for people, with integer arithmetic only.
//!
//! `core::fmt` float formatting costs kilobytes of wasm, and the page must show the same text
//! whether the generator (native) or the browser (wasm) rendered it, so every figure goes
//! through these helpers: money from whole cents, ratios from rounded integers.

/// Appends the decimal digits of `n` with a comma every three digits (`1,234,567`).
pub fn push_grouped(out: &mut String, n: u64) {
    push_digits(out, n, true);
}

/// Appends the plain decimal digits of `n` (no grouping), e.g. for SVG coordinates.
pub fn push_int(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    push_digits(out, n.unsigned_abs(), false);
}

/// The digits of `n`, most significant first, with a comma every three when `grouped`.
fn push_digits(out: &mut String, n: u64, grouped: bool) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut rest = n;
    loop {
        digits[len] = b'0' + (rest % 10) as u8;
        len += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for i in (0..len).rev() {
        out.push(digits[i] as char);
        if grouped && i > 0 && i % 3 == 0 {
            out.push(',');
        }
    }
}

/// Joins string pieces. A plain loop: `[..].concat()` links ~1 KB of generic code into the wasm.
pub fn cat(parts: &[&str]) -> String {
    let mut s = String::new();
    for p in parts {
        s.push_str(p);
    }
    s
}

/// Plain decimal digits of an integer (no `core::fmt`).
pub fn int(n: i64) -> String {
    let mut s = String::new();
    push_int(&mut s, n);
    s
}

/// Whole number with thousands separators, e.g. `1,234,567`; the input is rounded first.
pub fn count(x: f64) -> String {
    let mut s = String::new();
    if x < 0.0 {
        s.push('-');
    }
    push_grouped(&mut s, round_u64(x.abs()));
    s
}

/// Money from whole cents: `$1,234.56`, `-$12.00`.
pub fn money(cents: i64) -> String {
    let mut s = String::new();
    push_money(&mut s, cents);
    s
}

/// Appends [`money`]`(cents)` (no string of its own: the browser's renderers use this).
pub fn push_money(s: &mut String, cents: i64) {
    if cents < 0 {
        s.push('-');
    }
    s.push('$');
    let c = cents.unsigned_abs();
    push_grouped(s, c / 100);
    s.push('.');
    let frac = c % 100;
    s.push((b'0' + (frac / 10) as u8) as char);
    s.push((b'0' + (frac % 10) as u8) as char);
}

/// Money from dollars (rounded to the cent).
pub fn dollars(x: f64) -> String {
    money(round_i64(x * 100.0))
}

/// A decimal with at most `max_dp` decimals and at least `min_dp`, trailing zeros dropped:
/// `decimal(1.25, 0, 4)` is `1.25`, `decimal(3.0, 2, 4)` is `3.00`.
pub fn decimal(x: f64, min_dp: u32, max_dp: u32) -> String {
    fixed(x, min_dp, max_dp, true)
}

/// Like [`decimal`] without thousands separators: for CSV, JSON and URLs.
pub fn plain(x: f64, max_dp: u32) -> String {
    fixed(x, 0, max_dp, false)
}

/// Plain dollars from cents, `1234.56`: for CSV and JSON.
pub fn plain_cents(cents: i64) -> String {
    let mut s = String::new();
    if cents < 0 {
        s.push('-');
    }
    let c = cents.unsigned_abs();
    push_int(&mut s, (c / 100) as i64);
    s.push('.');
    s.push((b'0' + (c % 100 / 10) as u8) as char);
    s.push((b'0' + (c % 10) as u8) as char);
    s
}

fn fixed(x: f64, min_dp: u32, max_dp: u32, grouped: bool) -> String {
    let mut s = String::new();
    let scale = 10u64.pow(max_dp);
    let scaled = round_u64(x.abs() * scale as f64);
    if x < 0.0 && scaled > 0 {
        s.push('-');
    }
    if grouped {
        push_grouped(&mut s, scaled / scale);
    } else {
        push_int(&mut s, (scaled / scale) as i64);
    }
    let mut frac = scaled % scale;
    let mut dp = max_dp;
    while dp > min_dp && frac.is_multiple_of(10) {
        frac /= 10;
        dp -= 1;
    }
    if dp > 0 {
        s.push('.');
        let mut buf = [b'0'; 20];
        let mut f = frac;
        for i in (0..dp as usize).rev() {
            buf[i] = b'0' + (f % 10) as u8;
            f /= 10;
        }
        for b in &buf[..dp as usize] {
            s.push(*b as char);
        }
    }
    s
}

/// Price per million tokens: `$3.00`, `$0.30`, `$0.375`; a negative amount `-$0.50`.
pub fn price(x: f64) -> String {
    let mut s = String::from(if x < 0.0 { "-$" } else { "$" });
    s.push_str(&decimal(x.abs(), 2, 4));
    s
}

/// A share as a percentage with up to one decimal: `63.2%`, `100%`.
pub fn percent(share: f64) -> String {
    let mut s = decimal(share * 100.0, 0, 1);
    s.push('%');
    s
}

/// A multiplier: `1.25×`.
pub fn factor(x: f64) -> String {
    let mut s = decimal(x, 0, 4);
    s.push('×');
    s
}

/// Rounds half away from zero; saturates instead of overflowing (inputs are validated first).
pub fn round_i64(x: f64) -> i64 {
    if !x.is_finite() {
        return 0;
    }
    let r = if x >= 0.0 {
        (x + 0.5).floor()
    } else {
        (x - 0.5).ceil()
    };
    r as i64
}

fn round_u64(x: f64) -> u64 {
    if !x.is_finite() || x <= 0.0 {
        return 0;
    }
    (x + 0.5).floor() as u64
}

/// Escapes text for HTML element content and attribute values.
pub fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// Percent-encodes everything but unreserved characters (for `data:` URLs and query strings).
pub fn pct_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(
                char::from_digit((b >> 4) as u32, 16)
                    .unwrap_or('0')
                    .to_ascii_uppercase(),
            );
            out.push(
                char::from_digit((b & 15) as u32, 16)
                    .unwrap_or('0')
                    .to_ascii_uppercase(),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_and_pads() {
        assert_eq!(money(123_456), "$1,234.56");
        assert_eq!(money(5), "$0.05");
        assert_eq!(money(-100_000_000), "-$1,000,000.00");
        assert_eq!(dollars(134_999.964), "$134,999.96");
    }

    #[test]
    fn decimals_drop_trailing_zeros() {
        assert_eq!(decimal(1.25, 0, 4), "1.25");
        assert_eq!(decimal(3.0, 2, 4), "3.00");
        assert_eq!(price(0.375), "$0.375");
        assert_eq!(price(-0.5), "-$0.50");
        assert_eq!(percent(0.6321), "63.2%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(factor(0.1), "0.1×");
        assert_eq!(count(1_234_567.4), "1,234,567");
        assert_eq!(decimal(-0.00001, 0, 2), "0");
        assert_eq!(plain(12345.678, 2), "12345.68");
        assert_eq!(plain_cents(-123_456), "-1234.56");
    }

    #[test]
    fn escaping_covers_script_breakers() {
        let mut s = String::new();
        push_escaped(&mut s, "<a href=\"x\">&'");
        assert_eq!(s, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }
}
