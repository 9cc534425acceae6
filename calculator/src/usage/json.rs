//! A small JSON reader for usage logs: strings stay borrowed from the line (escapes resolved
//! only where a value is read), numbers are read without the standard float parser. Both keep
//! the importer's wasm small, and a log line is read once, so a tree per line costs little.

/// A parsed JSON value; strings are the raw text between the quotes.
#[derive(Debug, PartialEq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    Num(f64),
    Str(&'a str),
    Arr(Vec<Json<'a>>),
    Obj(Vec<(&'a str, Json<'a>)>),
}

impl<'a> Json<'a> {
    /// The member `key` of an object (`None` for other values and absent keys).
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        match self {
            Json::Obj(members) => members.iter().find(|(k, _)| *k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value at a path of keys.
    pub fn at(&self, path: &[&str]) -> Option<&Json<'a>> {
        path.iter().try_fold(self, |v, k| v.get(k))
    }

    pub fn is_obj(&self) -> bool {
        matches!(self, Json::Obj(_))
    }

    /// A string with its escapes resolved.
    pub fn text(&self) -> Option<String> {
        match self {
            Json::Str(raw) => Some(unescape(raw)),
            _ => None,
        }
    }
}

/// Why a text is not JSON, and the byte where the reader stopped.
#[derive(Debug, PartialEq)]
pub struct Error {
    pub at: usize,
    pub what: &'static str,
}

/// Nesting deeper than this is refused rather than risking the stack on a hostile file.
const MAX_DEPTH: u32 = 128;

/// Parses one JSON value that must fill `text` (surrounding whitespace allowed).
pub fn parse(text: &str) -> Result<Json<'_>, Error> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        i: 0,
    };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i < p.s.len() {
        return Err(p.err("text after the end of the JSON value"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
}

impl<'a> Parser<'a> {
    fn err(&self, what: &'static str) -> Error {
        Error { at: self.i, what }
    }

    fn ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn value(&mut self, depth: u32) -> Result<Json<'a>, Error> {
        if depth > MAX_DEPTH {
            return Err(self.err("nested too deeply"));
        }
        match self.s.get(self.i) {
            None => Err(self.err("unexpected end of the text")),
            Some(b'{') => {
                self.i += 1;
                let mut members = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Ok(Json::Obj(members));
                }
                loop {
                    self.ws();
                    if self.s.get(self.i) != Some(&b'"') {
                        return Err(self.err("expected a quoted key"));
                    }
                    let key = self.string()?;
                    self.ws();
                    if self.s.get(self.i) != Some(&b':') {
                        return Err(self.err("expected ':' after a key"));
                    }
                    self.i += 1;
                    self.ws();
                    let v = self.value(depth + 1)?;
                    members.push((key, v));
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Json::Obj(members));
                        }
                        None => return Err(self.err("unexpected end of the text")),
                        _ => return Err(self.err("expected ',' or '}'")),
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Ok(Json::Arr(items));
                }
                loop {
                    self.ws();
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Json::Arr(items));
                        }
                        None => return Err(self.err("unexpected end of the text")),
                        _ => return Err(self.err("expected ',' or ']'")),
                    }
                }
            }
            Some(b'"') => Ok(Json::Str(self.string()?)),
            Some(b't') => self.word("true", Json::Bool(true)),
            Some(b'f') => self.word("false", Json::Bool(false)),
            Some(b'n') => self.word("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("unexpected character")),
        }
    }

    fn word(&mut self, w: &'static str, v: Json<'a>) -> Result<Json<'a>, Error> {
        if self.s[self.i..].starts_with(w.as_bytes()) {
            self.i += w.len();
            Ok(v)
        } else {
            Err(self.err("unexpected word"))
        }
    }

    /// The raw text of a string; `self.i` is on its opening quote.
    fn string(&mut self) -> Result<&'a str, Error> {
        let start = self.i + 1;
        let mut i = start;
        while i < self.s.len() {
            match self.s[i] {
                b'"' => {
                    self.i = i + 1;
                    // `get`: a quote is always a character boundary, and a checked slice
                    // would bring panic formatting into the wasm.
                    return Ok(self.text.get(start..i).unwrap_or(""));
                }
                b'\\' => i += 2,
                c if c < 0x20 => {
                    self.i = i;
                    return Err(self.err("control character in a string"));
                }
                _ => i += 1,
            }
        }
        self.i = self.s.len();
        Err(self.err("unterminated string"))
    }

    /// A number as mantissa x 10^exponent, or mantissa / 10^-exponent: correctly rounded (the
    /// nearest double, as the standard parser gives) whenever the digits fit in 2^53 and the
    /// power of ten in 10^22, which covers token counts, prices and timestamps; the standard
    /// float parser would double the wasm's share of number code.
    fn number(&mut self) -> Result<Json<'a>, Error> {
        let neg = self.s[self.i] == b'-';
        if neg {
            self.i += 1;
        }
        let mut mantissa: f64 = 0.0;
        let mut exp: i32 = 0;
        let mut digits = 0;
        while let Some(c @ b'0'..=b'9') = self.s.get(self.i).copied() {
            mantissa = mantissa * 10.0 + f64::from(c - b'0');
            digits += 1;
            self.i += 1;
        }
        if self.s.get(self.i) == Some(&b'.') {
            self.i += 1;
            while let Some(c @ b'0'..=b'9') = self.s.get(self.i).copied() {
                mantissa = mantissa * 10.0 + f64::from(c - b'0');
                exp -= 1;
                digits += 1;
                self.i += 1;
            }
        }
        if digits == 0 {
            return Err(self.err("a number has no digits"));
        }
        if let Some(b'e' | b'E') = self.s.get(self.i) {
            self.i += 1;
            let eneg = match self.s.get(self.i) {
                Some(b'-') => {
                    self.i += 1;
                    true
                }
                Some(b'+') => {
                    self.i += 1;
                    false
                }
                _ => false,
            };
            let mut e: i32 = 0;
            let mut edigits = 0;
            while let Some(c @ b'0'..=b'9') = self.s.get(self.i).copied() {
                e = e.saturating_mul(10).saturating_add(i32::from(c - b'0'));
                edigits += 1;
                self.i += 1;
            }
            if edigits == 0 {
                return Err(self.err("an exponent has no digits"));
            }
            exp = exp.saturating_add(if eneg { -e } else { e });
        }
        let p = pow10(exp.unsigned_abs());
        let v = if exp < 0 { mantissa / p } else { mantissa * p };
        Ok(Json::Num(if neg { -v } else { v }))
    }
}

/// 10^e: exact up to 10^22 (each product is); beyond 10^400 a double is infinite anyway.
fn pow10(e: u32) -> f64 {
    let mut p = 1.0;
    for _ in 0..e.min(400) {
        p *= 10.0;
    }
    p
}

/// Resolves a JSON string's escapes (`\uXXXX` pairs included; a lone surrogate becomes U+FFFD).
pub fn unescape(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('u') => {
                let hex = |chars: &mut std::str::Chars| -> Option<u32> {
                    (0..4).try_fold(0u32, |n, _| Some(n * 16 + chars.next()?.to_digit(16)?))
                };
                let Some(hi) = hex(&mut chars) else {
                    out.push('\u{fffd}');
                    continue;
                };
                let code = if (0xd800..0xdc00).contains(&hi) {
                    let mut ahead = chars.clone();
                    match (ahead.next(), ahead.next()) {
                        (Some('\\'), Some('u')) => match hex(&mut ahead) {
                            Some(lo) if (0xdc00..0xe000).contains(&lo) => {
                                chars = ahead;
                                0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00)
                            }
                            _ => 0xfffd,
                        },
                        _ => 0xfffd,
                    }
                } else {
                    hi
                };
                out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nested_values() {
        let v = parse(r#" {"a": [1, 2.5, -3e2, true, null], "b": {"c": "x\"y"}} "#).unwrap();
        assert_eq!(v.at(&["b", "c"]).unwrap().text().unwrap(), "x\"y");
        let Some(Json::Arr(a)) = v.get("a") else {
            panic!("no array")
        };
        assert_eq!(
            a,
            &[
                Json::Num(1.0),
                Json::Num(2.5),
                Json::Num(-300.0),
                Json::Bool(true),
                Json::Null
            ]
        );
    }

    #[test]
    fn integers_are_exact() {
        assert_eq!(
            parse("9007199254740992").unwrap(),
            Json::Num(9007199254740992.0)
        );
        assert_eq!(parse("1712345678.25").unwrap(), Json::Num(1712345678.25));
        // Fractions are the nearest double, as the standard parser reads them: 3 x 0.1 is not.
        for text in [
            "0.3",
            "1.1",
            "0.075",
            "18.75",
            "2.2e-3",
            "1e22",
            "123456.789e-2",
        ] {
            let want: f64 = text.parse().unwrap();
            assert_eq!(parse(text).unwrap(), Json::Num(want), "{text}");
        }
    }

    #[test]
    fn says_what_is_wrong() {
        for (text, what) in [
            (r#"{"a":1"#, "unexpected end of the text"),
            (r#"{"a" 1}"#, "expected ':' after a key"),
            (r#"{"a":1}x"#, "text after the end of the JSON value"),
            (r#"{"a":"b"#, "unterminated string"),
            ("{a:1}", "expected a quoted key"),
            ("-", "a number has no digits"),
            ("", "unexpected end of the text"),
        ] {
            assert_eq!(parse(text).unwrap_err().what, what, "{text}");
        }
        let deep = "[".repeat(200);
        assert_eq!(parse(&deep).unwrap_err().what, "nested too deeply");
    }

    #[test]
    fn unescapes_unicode_and_surrogates() {
        assert_eq!(unescape(r"a\u00e9\ud83d\ude00\n"), "aé😀\n");
        assert_eq!(unescape(r"\ud83d"), "\u{fffd}");
    }
}
