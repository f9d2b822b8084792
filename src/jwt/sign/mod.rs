//! Signing a JWT (RFC 7515 section 5.1, RFC 7519 section 7.1) with HMAC or a
//! private key, and the same computation as a list of steps a viewer can
//! play one by one.
//!
//! The header and claims are signed as the exact text given: what you type is
//! what gets signed, byte for byte.
//!
//! The step-by-step build trace is in [`trace`], re-exported here.

mod trace;

pub use trace::{build_trace, build_trace_with, BuildStep, BuildStepId};

use super::alg::Algorithm;
use super::base64url;
use super::compact::parse_object;
use super::error::{JwtError, Part};
use super::json::Json;
use super::key::{Key, KeyError};
use super::keyset::SigningKey;
use rand_core::CryptoRngCore;

/// A freshly signed token. The parts are slices of the one token string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    pub token: String,
    /// The raw signature bytes (the MAC, for HMAC).
    pub mac: Vec<u8>,
    /// Byte offsets of the two dots in `token`.
    dots: (usize, usize),
}

impl Signed {
    /// The header part, base64url.
    pub fn header_b64(&self) -> &str {
        self.token.get(..self.dots.0).unwrap_or_default()
    }

    /// The payload part, base64url.
    pub fn payload_b64(&self) -> &str {
        self.token
            .get(self.dots.0 + 1..self.dots.1)
            .unwrap_or_default()
    }

    /// The signature part, base64url.
    pub fn signature_b64(&self) -> &str {
        self.token.get(self.dots.1 + 1..).unwrap_or_default()
    }

    /// `header_b64 "." payload_b64`: the bytes the MAC covers.
    pub fn signing_input(&self) -> &str {
        self.token.get(..self.dots.1).unwrap_or_default()
    }
}

/// Check the header text: a JSON object whose `alg` is the one we sign with.
fn check_header(alg: Algorithm, header_text: &str) -> Result<(), JwtError> {
    let header = parse_object(header_text, Part::Header)?;
    match header.get("alg") {
        None => Err(JwtError::AlgMissing),
        Some(Json::String(found)) if found == alg.name() => Ok(()),
        Some(Json::String(found)) => Err(JwtError::AlgNotAllowed {
            found: found.clone(),
            allowed: alg.name(),
        }),
        Some(other) => Err(JwtError::AlgNotString {
            found: other.type_name(),
        }),
    }
}

/// Sign the header and claims exactly as written. Refuses text that a strict
/// verifier would refuse anyway (not JSON objects, or a header whose `alg`
/// is not `alg`), so what it makes can always be verified.
pub fn sign(
    alg: Algorithm,
    header_text: &str,
    claims_text: &str,
    key: &Key,
) -> Result<Signed, JwtError> {
    check_header(alg, header_text)?;
    parse_object(claims_text, Part::Payload)?;
    if !alg.is_symmetric() {
        return Err(JwtError::Key(KeyError::NoPrivateKey {
            alg,
            found: "a shared secret".to_string(),
        }));
    }
    Ok(sign_unchecked(alg, header_text, claims_text, key))
}

/// Sign with a secret or a private key, with the same checks as [`sign`].
/// `rng` is drawn from only by PS* (its salt).
pub fn sign_with(
    alg: Algorithm,
    header_text: &str,
    claims_text: &str,
    key: &SigningKey,
    rng: &mut impl CryptoRngCore,
) -> Result<Signed, JwtError> {
    check_header(alg, header_text)?;
    parse_object(claims_text, Part::Payload)?;
    match key {
        SigningKey::Secret(_) if !alg.is_symmetric() => {
            Err(JwtError::Key(KeyError::NoPrivateKey {
                alg,
                found: "a shared secret".to_string(),
            }))
        }
        SigningKey::Secret(key) => Ok(sign_unchecked(alg, header_text, claims_text, key)),
        SigningKey::Private { key, .. } => {
            key.public()
                .fits(alg)
                .map_err(|m| JwtError::Key(KeyError::Mismatch(m)))?;
            let mut token = encode_input(header_text, claims_text, 512);
            let signature = key
                .sign(alg, token.text.as_bytes(), rng)
                .ok_or(JwtError::Key(KeyError::NoPrivateKey {
                    alg,
                    found: key.describe(),
                }))?;
            token.text.push('.');
            base64url::encode_into(&signature, &mut token.text);
            Ok(Signed {
                token: token.text,
                mac: signature,
                dots: (token.first_dot, token.second_dot),
            })
        }
    }
}

struct Input {
    text: String,
    first_dot: usize,
    second_dot: usize,
}

/// `base64url(header) "." base64url(claims)` in one buffer with room for the signature.
fn encode_input(header_text: &str, claims_text: &str, signature_len: usize) -> Input {
    let b64_len = |n: usize| n.div_ceil(3) * 4;
    let mut text = String::with_capacity(
        b64_len(header_text.len()) + b64_len(claims_text.len()) + b64_len(signature_len) + 2,
    );
    base64url::encode_into(header_text.as_bytes(), &mut text);
    let first_dot = text.len();
    text.push('.');
    base64url::encode_into(claims_text.as_bytes(), &mut text);
    let second_dot = text.len();
    Input {
        text,
        first_dot,
        second_dot,
    }
}

/// Sign claims with the usual header `{"alg":"…","typ":"JWT"}` (HMAC).
pub fn sign_claims(alg: Algorithm, claims: &Json, key: &Key) -> Signed {
    sign_unchecked(alg, &standard_header(alg, None), &claims.to_compact(), key)
}

/// The header a server usually writes, with the key's `kid` when it has one.
pub fn standard_header(alg: Algorithm, kid: Option<&str>) -> String {
    typed_header(alg, "JWT", kid)
}

/// The header with an explicit `typ` (RFC 8725 section 3.11): `at+jwt` for
/// an access token (RFC 9068 section 2.1), with the key's `kid` when it has one.
pub fn typed_header(alg: Algorithm, typ: &str, kid: Option<&str>) -> String {
    let mut header = String::with_capacity(48);
    header.push_str("{\"alg\":\"");
    header.push_str(alg.name());
    header.push_str("\",\"typ\":");
    super::json::write_string(&mut header, typ);
    if let Some(kid) = kid {
        header.push_str(",\"kid\":");
        super::json::write_string(&mut header, kid);
    }
    header.push('}');
    header
}

/// The header with its `alg` set to `alg` (`"none"` for `None`) and the
/// given members set (added at the end, or replaced where they are), written
/// compactly in its own order.
pub fn set_header_members(
    header_text: &str,
    alg: Option<Algorithm>,
    members: &[(&str, Json)],
) -> Result<String, JwtError> {
    let Json::Object(mut fields) = parse_object(header_text, Part::Header)? else {
        return Err(JwtError::NotAnObject {
            part: Part::Header,
            found: "not an object",
        });
    };
    let alg_name = alg.map_or("none", Algorithm::name);
    let mut set = |name: &str, value: Json| match fields.iter_mut().find(|(k, _)| k == name) {
        Some(slot) => slot.1 = value,
        None => fields.push((name.to_string(), value)),
    };
    set("alg", Json::string(alg_name));
    for (name, value) in members {
        set(name, value.clone());
    }
    // `alg` first, as headers are usually written.
    if let Some(i) = fields
        .iter()
        .position(|(k, _)| k == "alg")
        .filter(|&i| i > 0)
    {
        let alg = fields.remove(i);
        fields.insert(0, alg);
    }
    Ok(Json::Object(fields).to_compact())
}

fn sign_unchecked(alg: Algorithm, header_text: &str, claims_text: &str, key: &Key) -> Signed {
    // One buffer for the whole token: header "." payload, MAC it, then "." signature.
    let mut input = encode_input(header_text, claims_text, alg.output_len());
    let mac = alg.mac(key.bytes(), input.text.as_bytes());
    input.text.push('.');
    base64url::encode_into(&mac, &mut input.text);
    Signed {
        token: input.text,
        mac,
        dots: (input.first_dot, input.second_dot),
    }
}

/// Re-encode one part and keep the rest: what an attacker (or a student)
/// gets by editing the decoded JSON without the secret. The old signature
/// stays, so a verifier will refuse the result.
pub fn replace_part(token: &str, part: Part, json_text: &str) -> String {
    let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
    while parts.len() < 3 {
        parts.push(String::new());
    }
    let index = match part {
        Part::Header => 0,
        Part::Payload => 1,
        Part::Signature => 2,
    };
    if let Some(slot) = parts.get_mut(index) {
        *slot = base64url::encode(json_text.as_bytes());
    }
    parts.join(".")
}
