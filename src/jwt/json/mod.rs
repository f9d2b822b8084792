//! A strict JSON reader for JOSE headers and JWT claims (RFC 8259).
//!
//! Why not a general-purpose parser: a verifier must reject duplicate member
//! names (RFC 7515 section 5.2 and RFC 7519 section 4), must not round large
//! numbers (a 20-digit `sub` stays 20 digits), and must survive hostile input
//! (deep nesting is capped). Objects keep the order they were written in, so
//! what a student sees is what was signed.
//!
//! Writing is `serde_json`'s (see the `Serialize` impl); reading stays here,
//! for the three things above that `serde_json` does not do.

use serde_json::value::RawValue;
use std::collections::HashSet;
use std::fmt;

/// Deepest nesting of arrays and objects accepted. Real headers and claims
/// are two or three levels deep; the cap keeps hostile input from exhausting
/// the stack.
pub const MAX_DEPTH: usize = 64;

/// A JSON value exactly as written: numbers keep their text, objects their order.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// The number's literal text, e.g. `1516239022` or `12345678901234567890`.
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// What went wrong, and where (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub kind: JsonErrorKind,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum JsonErrorKind {
    UnexpectedEnd,
    UnexpectedCharacter(char),
    TrailingCharacters,
    DuplicateMember(String),
    TooDeep,
    BadEscape,
    LoneSurrogate,
    ControlCharacterInString,
    BadNumber,
    ExpectedColon,
    ExpectedCommaOrEnd,
    ExpectedMemberName,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: ", self.line, self.column)?;
        match &self.kind {
            JsonErrorKind::UnexpectedEnd => f.write_str("the JSON ends too early"),
            JsonErrorKind::UnexpectedCharacter(c) => {
                write!(f, "unexpected '{}'", c.escape_default())
            }
            JsonErrorKind::TrailingCharacters => {
                f.write_str("there is more text after the JSON value")
            }
            JsonErrorKind::DuplicateMember(name) => write!(
                f,
                "the member \"{name}\" appears twice; parsers disagree on which copy wins, so it is refused"
            ),
            JsonErrorKind::TooDeep => write!(f, "nested more than {MAX_DEPTH} levels deep"),
            JsonErrorKind::BadEscape => f.write_str("invalid escape sequence in a string"),
            JsonErrorKind::LoneSurrogate => {
                f.write_str("a \\u escape is half of a UTF-16 surrogate pair")
            }
            JsonErrorKind::ControlCharacterInString => {
                f.write_str("a raw control character inside a string (it must be escaped)")
            }
            JsonErrorKind::BadNumber => f.write_str("not a valid JSON number"),
            JsonErrorKind::ExpectedColon => f.write_str("expected ':' after a member name"),
            JsonErrorKind::ExpectedCommaOrEnd => f.write_str("expected ',' or a closing bracket"),
            JsonErrorKind::ExpectedMemberName => {
                f.write_str("expected a member name in double quotes")
            }
        }
    }
}

impl std::error::Error for JsonError {}

impl Json {
    /// Parse exactly one JSON value from `text` (whitespace around it allowed).
    pub fn parse(text: &str) -> Result<Json, JsonError> {
        let mut p = Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
        };
        p.skip_ws();
        let value = p.value(0)?;
        p.skip_ws();
        if p.pos < p.bytes.len() {
            return Err(p.error(JsonErrorKind::TrailingCharacters));
        }
        Ok(value)
    }

    /// An object from `(name, value)` pairs, in the order given.
    pub fn object<K: Into<String>>(members: impl IntoIterator<Item = (K, Json)>) -> Json {
        Json::Object(members.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// A JSON string.
    pub fn string(s: impl Into<String>) -> Json {
        Json::String(s.into())
    }

    /// The member `name` of an object, if this is an object that has it.
    pub fn get(&self, name: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number as f64 (NumericDate comparisons); `None` for non-numbers.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Number(raw) => number_value(raw),
            _ => None,
        }
    }

    /// A short name of the value's type, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }

    /// Compact text, as a server would write it before signing.
    pub fn to_compact(&self) -> String {
        // Serializing a `Json` cannot fail: keys are strings, numbers raw text.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Two-space indented text for display.
    pub fn to_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// Writing goes through `serde_json`, so escaping is the well-tested one.
/// Numbers are handed over as [`RawValue`]s: the exact text read (`1.0`,
/// `12345678901234567890123`, `1.50e3`) comes out unchanged, where a float
/// would round it. A `Number` built by hand whose text is not a JSON number
/// is written as a string, so the output is always valid JSON.
impl serde::Serialize for Json {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Number(raw) => match raw_number(raw) {
                Some(number) => number.serialize(serializer),
                None => serializer.serialize_str(raw),
            },
            Json::String(s) => serializer.serialize_str(s),
            Json::Array(items) => serializer.collect_seq(items),
            Json::Object(members) => serializer.collect_map(members.iter().map(|(k, v)| (k, v))),
        }
    }
}

/// `raw` as a raw JSON fragment, if it is a JSON number: valid JSON that starts
/// with `-` or a digit and ends with a digit can only be a number.
fn raw_number(raw: &str) -> Option<Box<RawValue>> {
    let bytes = raw.as_bytes();
    let starts = matches!(bytes.first(), Some(b'-' | b'0'..=b'9'));
    let ends = bytes.last().is_some_and(u8::is_ascii_digit);
    if !(starts && ends) {
        return None;
    }
    RawValue::from_string(raw.to_string()).ok()
}

/// Write `s` as a JSON string literal (`serde_json`'s escaping: `\"`, `\\`,
/// `\b`, `\f`, `\n`, `\r`, `\t`, other control characters as `\u00xx`).
pub fn write_string(out: &mut String, s: &str) {
    out.push_str(&serde_json::to_string(s).unwrap_or_default());
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, kind: JsonErrorKind) -> JsonError {
        self.error_at(self.pos, kind)
    }

    fn error_at(&self, pos: usize, kind: JsonErrorKind) -> JsonError {
        let before = self.text.get(..pos).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        JsonError { kind, line, column }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn unexpected(&self) -> JsonError {
        match self
            .text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
        {
            Some(c) => self.error(JsonErrorKind::UnexpectedCharacter(c)),
            None => self.error(JsonErrorKind::UnexpectedEnd),
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn literal(&mut self, word: &str, value: Json) -> Result<Json, JsonError> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.unexpected())
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        match self.peek() {
            None => Err(self.error(JsonErrorKind::UnexpectedEnd)),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => Ok(Json::String(self.string()?)),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.unexpected()),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error(JsonErrorKind::TooDeep));
        }
        self.pos += 1; // '{'
        let mut members = Vec::new();
        // Member names seen so far (RFC 7515 section 4 / RFC 8725 section 3.11:
        // a duplicate name is refused, never resolved to the last one).
        let mut names: HashSet<String> = HashSet::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json::Object(members));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(match self.peek() {
                    None => self.error(JsonErrorKind::UnexpectedEnd),
                    Some(_) => self.error(JsonErrorKind::ExpectedMemberName),
                });
            }
            let name_at = self.pos;
            let name = self.string()?;
            if names.contains(&name) {
                self.pos = name_at;
                return Err(self.error(JsonErrorKind::DuplicateMember(name)));
            }
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.error(JsonErrorKind::ExpectedColon));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth)?;
            names.insert(name.clone());
            members.push((name, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Json::Object(members));
                }
                None => return Err(self.error(JsonErrorKind::UnexpectedEnd)),
                Some(_) => return Err(self.error(JsonErrorKind::ExpectedCommaOrEnd)),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error(JsonErrorKind::TooDeep));
        }
        self.pos += 1; // '['
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::Array(items));
                }
                None => return Err(self.error(JsonErrorKind::UnexpectedEnd)),
                Some(_) => return Err(self.error(JsonErrorKind::ExpectedCommaOrEnd)),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.error(JsonErrorKind::BadEscape))?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(self.error(JsonErrorKind::BadEscape));
        }
        let code =
            u32::from_str_radix(digits, 16).map_err(|_| self.error(JsonErrorKind::BadEscape))?;
        self.pos += 4;
        Ok(code)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1; // opening quote
        let mut out = String::new();
        loop {
            let rest = self
                .text
                .get(self.pos..)
                .ok_or_else(|| self.error(JsonErrorKind::UnexpectedEnd))?;
            // Copy the run of plain characters in one go.
            let run = rest
                .find(|c: char| c == '"' || c == '\\' || (c as u32) < 0x20)
                .ok_or_else(|| self.error_at(self.bytes.len(), JsonErrorKind::UnexpectedEnd))?;
            out.push_str(rest.get(..run).unwrap_or_default());
            self.pos += run;
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let esc = self
                        .peek()
                        .ok_or_else(|| self.error(JsonErrorKind::UnexpectedEnd))?;
                    self.pos += 1;
                    match esc {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let first = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&first) {
                                if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                                    return Err(self.error(JsonErrorKind::LoneSurrogate));
                                }
                                self.pos += 2;
                                let second = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&second) {
                                    return Err(self.error(JsonErrorKind::LoneSurrogate));
                                }
                                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                            } else if (0xDC00..0xE000).contains(&first) {
                                return Err(self.error(JsonErrorKind::LoneSurrogate));
                            } else {
                                first
                            };
                            out.push(
                                char::from_u32(code)
                                    .ok_or_else(|| self.error(JsonErrorKind::BadEscape))?,
                            );
                        }
                        _ => {
                            self.pos -= 1;
                            return Err(self.error(JsonErrorKind::BadEscape));
                        }
                    }
                }
                _ => return Err(self.error(JsonErrorKind::ControlCharacterInString)),
            }
        }
    }

    fn number(&mut self) -> Result<Json, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error(JsonErrorKind::BadNumber)),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error(JsonErrorKind::BadNumber));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error(JsonErrorKind::BadNumber));
            }
            self.digits();
        }
        let raw = self
            .text
            .get(start..self.pos)
            .ok_or_else(|| self.error(JsonErrorKind::BadNumber))?;
        Ok(Json::Number(raw.to_string()))
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }
}

/// The value of JSON number text (already checked against the RFC 8259
/// grammar), correctly rounded. Too large is infinity, too small zero.
fn number_value(raw: &str) -> Option<f64> {
    raw.parse::<f64>().ok()
}

#[cfg(test)]
#[allow(clippy::panic, clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_exact_numbers() {
        let v = Json::parse(r#"{"z":1,"a":12345678901234567890123,"f":1.50e3}"#);
        let Ok(v) = v else {
            panic!("should parse: {v:?}")
        };
        assert_eq!(
            v.to_compact(),
            r#"{"z":1,"a":12345678901234567890123,"f":1.50e3}"#
        );
    }

    /// The writer (serde_json) keeps the number text and the layout the
    /// hand-written writer had: compact without spaces, pretty with two.
    #[test]
    fn writes_exact_numbers_and_the_same_layout() {
        let v = Json::parse(r#"{"a":1.0,"b":[],"c":{},"d":[1,-0,2.5E-3],"e":"q\"\\\n\u0001é"}"#)
            .unwrap();
        assert_eq!(
            v.to_compact(),
            r#"{"a":1.0,"b":[],"c":{},"d":[1,-0,2.5E-3],"e":"q\"\\\n\u0001é"}"#
        );
        assert_eq!(
            v.to_pretty(),
            "{\n  \"a\": 1.0,\n  \"b\": [],\n  \"c\": {},\n  \"d\": [\n    1,\n    -0,\n    2.5E-3\n  ],\n  \"e\": \"q\\\"\\\\\\n\\u0001é\"\n}"
        );
        // A number built by hand that is no JSON number still gives valid JSON.
        assert_eq!(Json::Number("1 }".into()).to_compact(), r#""1 }""#);
        assert_eq!(Json::Number("".into()).to_compact(), r#""""#);
    }

    #[test]
    fn rejects_duplicates_and_depth() {
        let dup = Json::parse(r#"{"alg":"HS256","alg":"none"}"#);
        assert!(matches!(
            dup,
            Err(JsonError {
                kind: JsonErrorKind::DuplicateMember(ref n),
                ..
            }) if n == "alg"
        ));
        let deep = "[".repeat(100_000);
        assert!(matches!(
            Json::parse(&deep),
            Err(JsonError {
                kind: JsonErrorKind::TooDeep,
                ..
            })
        ));
    }

    /// Large objects: every position of a repeated name is caught, and many
    /// distinct names all parse.
    #[test]
    fn duplicates_in_large_objects() {
        let object = |names: &[String]| {
            let members: Vec<String> = names.iter().map(|n| format!("\"{n}\":1")).collect();
            format!("{{{}}}", members.join(","))
        };
        let names: Vec<String> = (0..3000).map(|i| format!("k{i}")).collect();
        let parsed = Json::parse(&object(&names)).unwrap();
        assert!(matches!(parsed, Json::Object(ref m) if m.len() == 3000));
        for repeat in [0, 15, 16, 17, 127, 128, 2999] {
            let mut with_dup = names.clone();
            with_dup.push(names[repeat].clone());
            assert!(
                matches!(
                    Json::parse(&object(&with_dup)),
                    Err(JsonError { kind: JsonErrorKind::DuplicateMember(ref n), .. }) if *n == names[repeat]
                ),
                "repeat of member {repeat} not caught"
            );
        }
    }

    #[test]
    fn strings_and_escapes() {
        let v = Json::parse(r#""a\u00e9\ud83d\ude00\n""#);
        assert_eq!(v, Ok(Json::String("aé😀\n".into())));
        assert!(Json::parse(r#""\ud83d""#).is_err());
        assert!(Json::parse("\"a\u{1}\"").is_err());
        assert!(Json::parse("\"abc").is_err());
    }

    #[test]
    fn rejects_bad_numbers_and_trailing() {
        for bad in ["01", "1.", "-", "1e", ".5", "+1", "1 2", "{} x", "NaN"] {
            assert!(Json::parse(bad).is_err(), "{bad} should fail");
        }
    }

    #[test]
    fn error_positions_are_one_based() {
        let e = Json::parse("{\n  \"a\" 1}");
        assert!(matches!(
            e,
            Err(JsonError {
                line: 2,
                column: 7,
                ..
            })
        ));
    }
}
