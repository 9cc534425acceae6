//! Timestamps of log records: RFC 3339 text or Unix time, to milliseconds since 1970 (UTC).

/// Milliseconds since 1970-01-01T00:00:00Z of an RFC 3339 date-time (`2026-11-30T09:15:02.5Z`,
/// `…+01:00`; a space for the `T`; a bare date is midnight UTC), or `None`.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.trim_ascii().as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = b.get(r)?;
        if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(part.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || !(1..=12).contains(&mo) {
        return None;
    }
    if !(1..=31).contains(&d) {
        return None;
    }
    let days = days_from_civil(y, mo, d);
    if b.len() == 10 {
        return Some(days * 86_400_000);
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) || b.get(13) != Some(&b':') {
        return None;
    }
    let (h, mi) = (num(11..13)?, num(14..16)?);
    let sec = if b.get(16) == Some(&b':') {
        num(17..19)?
    } else {
        0
    };
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut i = if b.get(16) == Some(&b':') { 19 } else { 16 };
    let mut ms = 0i64;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let mut scale = 100;
        while let Some(c @ b'0'..=b'9') = b.get(i).copied() {
            ms += i64::from(c - b'0') * scale;
            scale /= 10;
            i += 1;
        }
    }
    let offset_min = match b.get(i) {
        None => 0, // no zone: taken as UTC
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(&sign @ (b'+' | b'-')) => {
            let (oh, om) = (num(i + 1..i + 3)?, num(i + 4..i + 6)?);
            if b.get(i + 3) != Some(&b':') || i + 6 != b.len() {
                return None;
            }
            let m = oh * 60 + om;
            if sign == b'+' {
                m
            } else {
                -m
            }
        }
        _ => return None,
    };
    Some(((days * 24 + h) * 60 + mi - offset_min) * 60_000 + sec * 1000 + ms)
}

/// Unix time as loggers write it: seconds (with a fraction) or milliseconds, told apart by size.
pub fn from_unix(x: f64) -> Option<i64> {
    if !x.is_finite() || x < 0.0 {
        return None;
    }
    // 1e11 seconds is the year 5138; 1e11 milliseconds is 1973: any log's time is on one side.
    let ms = if x < 1e11 { x * 1000.0 } else { x };
    (ms < 1e15).then(|| crate::format::round_i64(ms))
}

/// RFC 3339 UTC text (`2026-12-02T05:03:32.250Z`) of milliseconds since 1970: how the tests
/// and the benchmark write the logs they read.
pub fn format_rfc3339(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    let two = |n: i64| [b'0' + (n / 10) as u8, b'0' + (n % 10) as u8];
    let mut b = Vec::with_capacity(24);
    b.extend_from_slice(&two(y / 100));
    b.extend_from_slice(&two(y % 100));
    for (sep, n) in [
        (b'-', m),
        (b'-', d),
        (b'T', rem / 3600),
        (b':', rem / 60 % 60),
        (b':', rem % 60),
    ] {
        b.push(sep);
        b.extend_from_slice(&two(n));
    }
    let milli = ms.rem_euclid(1000);
    b.extend_from_slice(&[
        b'.',
        b'0' + (milli / 100) as u8,
        b'0' + (milli / 10 % 10) as u8,
        b'0' + (milli % 10) as u8,
        b'Z',
    ]);
    String::from_utf8(b).unwrap_or_default()
}

/// The date of a day count since 1970-01-01 (the inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rfc3339() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_rfc3339("2026-12-02T05:03:32.25Z"),
            Some(1_796_187_812_250)
        );
        assert_eq!(
            parse_rfc3339("2026-12-02T06:03:32.25+01:00"),
            parse_rfc3339("2026-12-02T05:03:32.25Z")
        );
        assert_eq!(
            parse_rfc3339("2026-12-02 05:03:32"),
            parse_rfc3339("2026-12-02T05:03:32Z")
        );
        assert_eq!(parse_rfc3339("2000-03-01"), Some(951_868_800_000));
        for bad in [
            "",
            "yesterday",
            "2026-13-01T00:00:00Z",
            "2026-12-02T25:00:00Z",
            "2026-12-02T05:03:32Q",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_what_it_reads() {
        for ms in [0, 951_868_800_000, 1_796_187_812_250, 4_102_444_799_999] {
            let text = format_rfc3339(ms);
            assert_eq!(parse_rfc3339(&text), Some(ms), "{text}");
        }
        assert_eq!(
            format_rfc3339(1_796_187_812_250),
            "2026-12-02T05:03:32.250Z"
        );
    }

    #[test]
    fn unix_seconds_and_milliseconds() {
        assert_eq!(from_unix(1_796_187_812.25), Some(1_796_187_812_250));
        assert_eq!(from_unix(1_796_187_812_250.0), Some(1_796_187_812_250));
        assert_eq!(from_unix(-1.0), None);
    }
}
