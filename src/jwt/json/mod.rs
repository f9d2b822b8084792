//! A strict JSON reader for JOSE headers and JWT claims (RFC 8259).
//!
//! Why not a general-purpose parser: a verifier must reject duplicate member
//! names (RFC 7515 section 5.2 and RFC 7519 section 4), must not round large
//! numbers (a 20-digit `sub` stays 20 digits), and must survive hostile input
//! (deep nesting is capped). Objects keep the order they were written in, so
//! what a student sees is what was signed.
//!
//! Writing is `serde_json`'s (see the `Serialize` impl); reading stays ours,
//! in [`read`], for the three things above that `serde_json` does not do.

mod read;

use serde_json::value::RawValue;
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
}
