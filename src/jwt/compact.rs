//! The compact serialization's parts, read strictly (RFC 7515 section 7.1):
//! a header or a claims set is base64url of UTF-8 JSON, and must be a JSON
//! object. The lowest layer of reading a token: the verifier, the signer, the
//! secret guesser and the simulated attacker all read parts through it.

use super::base64url;
use super::error::{JwtError, Part};
use super::json::Json;

/// Decode one part strictly into a JSON object.
pub fn decode_object(segment: &str, part: Part) -> Result<Json, JwtError> {
    let bytes = base64url::decode(segment).map_err(|error| JwtError::Base64 { part, error })?;
    let text = std::str::from_utf8(&bytes).map_err(|_| JwtError::NotUtf8 { part })?;
    parse_object(text, part)
}

/// Parse `text` as the JSON object a header or claims set must be.
pub fn parse_object(text: &str, part: Part) -> Result<Json, JwtError> {
    let value = Json::parse(text).map_err(|error| JwtError::Json { part, error })?;
    match value {
        Json::Object(_) => Ok(value),
        other => Err(JwtError::NotAnObject {
            part,
            found: other.type_name(),
        }),
    }
}
