//! Lenient decoding for display (RFC 7515 section 7.1 layout, read loosely).
//!
//! Decoding is not verifying: anyone can read a token's header and claims,
//! because base64url is an encoding, not encryption. This module shows as
//! much as it can from any text and says what it tolerated. The verdict comes
//! only from `verify`, which tolerates nothing.

use super::base64url;
use super::error::Part;
use super::json::Json;

/// The text as pasted, cleaned of what people commonly paste around a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// What is left to verify.
    pub token: String,
    /// What was removed, in plain words.
    pub notes: Vec<String>,
}

/// Strip surrounding whitespace and a leading `Bearer ` (RFC 6750 section 2.1),
/// saying so. Nothing inside the token is touched.
pub fn prepare(input: &str) -> Prepared {
    let mut notes = Vec::new();
    let mut text = input.trim();
    if text.len() != input.len() {
        notes.push("Removed whitespace around the token.".to_string());
    }
    let has_bearer = text
        .get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("bearer "));
    if has_bearer {
        text = text.get(7..).unwrap_or_default().trim_start();
        notes.push(
            "Removed the \"Bearer \" prefix: it belongs to the Authorization header, not to the token."
                .to_string(),
        );
    }
    Prepared {
        token: text.to_string(),
        notes,
    }
}

/// One dot-separated piece of the token, labelled with its part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// `None` for pieces beyond the third.
    pub part: Option<Part>,
    pub text: String,
    /// In a JWE, the part's name (RFC 7516 section 3.1), e.g. "ciphertext".
    pub jwe: Option<&'static str>,
}

/// What a header or payload decodes to, as far as it goes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PartView {
    /// The decoded JSON, when it is JSON.
    pub json: Option<Json>,
    /// The decoded text, when it is UTF-8.
    pub text: Option<String>,
    /// Why it could not be decoded further.
    pub error: Option<String>,
    /// What the lenient decoder forgave.
    pub tolerated: Vec<String>,
}

impl PartView {
    /// The best display: pretty JSON, else the decoded text, else nothing.
    pub fn display(&self) -> String {
        match (&self.json, &self.text) {
            (Some(json), _) => json.to_pretty(),
            (None, Some(text)) => text.clone(),
            (None, None) => String::new(),
        }
    }
}

/// The five parts of a compact JWE, as RFC 7516 section 3.1 names them.
pub const JWE_PARTS: [&str; 5] = [
    "protected header",
    "encrypted key",
    "initialization vector",
    "ciphertext",
    "authentication tag",
];

/// Everything the display can show of a pasted token.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Decoded {
    pub segments: Vec<Segment>,
    /// Five parts and a header with `enc`: an encrypted token (JWE), whose
    /// claims cannot be read without the decryption key.
    pub is_jwe: bool,
    pub header: PartView,
    pub payload: PartView,
    /// Signature bytes, when they decode.
    pub signature: Option<Vec<u8>>,
}

/// Decode whatever can be decoded from `token` (already `prepare`d).
pub fn decode(token: &str) -> Decoded {
    let segments: Vec<Segment> = token
        .split('.')
        .enumerate()
        .map(|(i, text)| Segment {
            part: Part::ALL.get(i).copied(),
            text: text.to_string(),
            jwe: None,
        })
        .collect();
    let text_of = |i: usize| segments.get(i).map(|s| s.text.as_str());
    let header = view(text_of(0), Part::Header);
    let is_jwe =
        segments.len() == 5 && header.json.as_ref().is_some_and(|h| h.get("enc").is_some());
    if is_jwe {
        let segments = segments
            .into_iter()
            .zip(JWE_PARTS)
            .enumerate()
            .map(|(i, (segment, name))| Segment {
                part: (i == 0).then_some(Part::Header),
                jwe: Some(name),
                ..segment
            })
            .collect();
        return Decoded {
            segments,
            is_jwe,
            header,
            payload: PartView {
                error: Some(
                    "The claims are encrypted (the ciphertext part): they cannot be read without the decryption key.".to_string(),
                ),
                ..PartView::default()
            },
            signature: None,
        };
    }
    let payload = view(text_of(1), Part::Payload);
    let signature = text_of(2).and_then(|s| base64url::decode_lenient(s).ok().map(|(b, _)| b));
    Decoded {
        segments,
        is_jwe,
        header,
        payload,
        signature,
    }
}

fn view(segment: Option<&str>, part: Part) -> PartView {
    let Some(segment) = segment else {
        return PartView {
            error: Some(format!("There is no {part} part.")),
            ..PartView::default()
        };
    };
    if segment.is_empty() {
        return PartView {
            error: Some(format!("The {part} part is empty.")),
            ..PartView::default()
        };
    }
    let (bytes, tolerated) = match base64url::decode_lenient(segment) {
        Ok(ok) => ok,
        Err(e) => {
            return PartView {
                error: Some(format!("The {part} is not base64url: {e}.")),
                ..PartView::default()
            }
        }
    };
    let tolerated = tolerated.iter().map(ToString::to_string).collect();
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let bytes = e.into_bytes();
            return PartView {
                text: Some(String::from_utf8_lossy(&bytes).into_owned()),
                error: Some(format!(
                    "The {part} decodes to {} bytes that are not UTF-8 text.",
                    bytes.len()
                )),
                tolerated,
                ..PartView::default()
            };
        }
    };
    match Json::parse(&text) {
        Ok(json) => PartView {
            json: Some(json),
            text: Some(text),
            error: None,
            tolerated,
        },
        Err(e) => PartView {
            json: None,
            text: Some(text),
            error: Some(format!("The {part} is text but not valid JSON: {e}.")),
            tolerated,
        },
    }
}
