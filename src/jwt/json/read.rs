//! The reader behind [`Json::parse`]: one pass over the bytes, duplicate
//! member names refused, number text kept as written, nesting capped at
//! [`MAX_DEPTH`], and every error placed at a one-based line and column.

use super::{Json, JsonError, JsonErrorKind, MAX_DEPTH};
use std::collections::HashSet;

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

#[cfg(test)]
#[allow(clippy::panic, clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

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
