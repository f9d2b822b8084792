//! Signing a JWT with HMAC (RFC 7515 section 5.1, RFC 7519 section 7.1), and
//! the same computation as a list of steps a viewer can play one by one.
//!
//! The header and claims are signed as the exact text given: what you type is
//! what gets signed, byte for byte.

use super::alg::Algorithm;
use super::base64url;
use super::error::{JwtError, Part};
use super::json::Json;
use super::key::Key;
use super::verify::parse_object;

/// A freshly signed token. The parts are slices of the one token string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    pub token: String,
    /// The raw MAC bytes.
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
    Ok(sign_unchecked(alg, header_text, claims_text, key))
}

/// Sign claims with the usual header `{"alg":"…","typ":"JWT"}`.
pub fn sign_claims(alg: Algorithm, claims: &Json, key: &Key) -> Signed {
    sign_unchecked(alg, standard_header(alg), &claims.to_compact(), key)
}

/// The header a server usually writes.
pub fn standard_header(alg: Algorithm) -> &'static str {
    match alg {
        Algorithm::HS256 => r#"{"alg":"HS256","typ":"JWT"}"#,
        Algorithm::HS384 => r#"{"alg":"HS384","typ":"JWT"}"#,
        Algorithm::HS512 => r#"{"alg":"HS512","typ":"JWT"}"#,
    }
}

fn sign_unchecked(alg: Algorithm, header_text: &str, claims_text: &str, key: &Key) -> Signed {
    // One buffer for the whole token: header "." payload, MAC it, then "." signature.
    let b64_len = |n: usize| n.div_ceil(3) * 4;
    let mut token = String::with_capacity(
        b64_len(header_text.len()) + b64_len(claims_text.len()) + b64_len(alg.output_len()) + 2,
    );
    base64url::encode_into(header_text.as_bytes(), &mut token);
    let first_dot = token.len();
    token.push('.');
    base64url::encode_into(claims_text.as_bytes(), &mut token);
    let second_dot = token.len();
    let mac = alg.mac(key.bytes(), token.as_bytes());
    token.push('.');
    base64url::encode_into(&mac, &mut token);
    Signed {
        token,
        mac,
        dots: (first_dot, second_dot),
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

/// Stable ids of the build steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BuildStepId {
    HeaderJson,
    HeaderBytes,
    HeaderBase64,
    ClaimsJson,
    ClaimsBytes,
    ClaimsBase64,
    SigningInput,
    Mac,
    Signature,
    Token,
}

impl BuildStepId {
    pub fn id(self) -> &'static str {
        match self {
            BuildStepId::HeaderJson => "header-json",
            BuildStepId::HeaderBytes => "header-bytes",
            BuildStepId::HeaderBase64 => "header-b64",
            BuildStepId::ClaimsJson => "claims-json",
            BuildStepId::ClaimsBytes => "claims-bytes",
            BuildStepId::ClaimsBase64 => "claims-b64",
            BuildStepId::SigningInput => "signing-input",
            BuildStepId::Mac => "mac",
            BuildStepId::Signature => "signature",
            BuildStepId::Token => "token",
        }
    }
}

/// One step of building a token, with what went in and what came out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildStep {
    pub id: BuildStepId,
    pub title: String,
    pub input: String,
    pub output: String,
    /// One line on what happened and why.
    pub explanation: String,
    /// The token part this step produces (for its colour), if any.
    pub part: Option<Part>,
}

/// The signing of `header_text` and `claims_text`, step by step.
pub fn build_trace(
    alg: Algorithm,
    header_text: &str,
    claims_text: &str,
    key: &Key,
) -> Result<Vec<BuildStep>, JwtError> {
    let signed = sign(alg, header_text, claims_text, key)?;
    let signing_input = signed.signing_input().to_string();
    let mut steps = Vec::with_capacity(10);
    let mut push = |id, title: &str, input: String, output: String, explanation: String, part| {
        steps.push(BuildStep {
            id,
            title: title.to_string(),
            input,
            output,
            explanation,
            part,
        });
    };
    push(
        BuildStepId::HeaderJson,
        "Header as JSON",
        String::new(),
        header_text.to_string(),
        format!(
            "The header names the algorithm ({alg}) so the receiver knows how the signature was made."
        ),
        Some(Part::Header),
    );
    push(
        BuildStepId::HeaderBytes,
        "Header as UTF-8 bytes",
        header_text.to_string(),
        base64url::hex_spaced(header_text.as_bytes()),
        format!(
            "Signatures work on bytes, not on text: the header is {} bytes of UTF-8.",
            header_text.len()
        ),
        Some(Part::Header),
    );
    push(
        BuildStepId::HeaderBase64,
        "Header in base64url",
        base64url::hex_spaced(header_text.as_bytes()),
        signed.header_b64().to_string(),
        describe_base64url(header_text.as_bytes()),
        Some(Part::Header),
    );
    push(
        BuildStepId::ClaimsJson,
        "Claims (payload) as JSON",
        String::new(),
        claims_text.to_string(),
        "The claims say who the user is and until when the token holds. They are encoded, not encrypted: anyone holding the token can read them.".to_string(),
        Some(Part::Payload),
    );
    push(
        BuildStepId::ClaimsBytes,
        "Claims as UTF-8 bytes",
        claims_text.to_string(),
        base64url::hex_spaced(claims_text.as_bytes()),
        format!("The claims are {} bytes of UTF-8.", claims_text.len()),
        Some(Part::Payload),
    );
    push(
        BuildStepId::ClaimsBase64,
        "Claims in base64url",
        base64url::hex_spaced(claims_text.as_bytes()),
        signed.payload_b64().to_string(),
        describe_base64url(claims_text.as_bytes()),
        Some(Part::Payload),
    );
    push(
        BuildStepId::SigningInput,
        "Signing input",
        format!("{} + \".\" + {}", signed.header_b64(), signed.payload_b64()),
        signing_input.clone(),
        "The two encoded parts joined by a dot: exactly these ASCII bytes are signed, and exactly these are checked later.".to_string(),
        None,
    );
    push(
        BuildStepId::Mac,
        "HMAC with the server's secret",
        signing_input,
        base64url::hex_spaced(&signed.mac),
        format!(
            "HMAC-{} mixes the secret ({} bytes) into a {}-byte fingerprint of the signing input. Without the secret nobody can compute it.",
            alg.hash_name(),
            key.bytes().len(),
            alg.output_len()
        ),
        Some(Part::Signature),
    );
    push(
        BuildStepId::Signature,
        "Signature in base64url",
        base64url::hex_spaced(&signed.mac),
        signed.signature_b64().to_string(),
        describe_base64url(&signed.mac),
        Some(Part::Signature),
    );
    push(
        BuildStepId::Token,
        "The token",
        format!(
            "{} . {} . {}",
            signed.header_b64(),
            signed.payload_b64(),
            signed.signature_b64()
        ),
        signed.token.clone(),
        "header.payload.signature: the server sends this to the browser and keeps nothing."
            .to_string(),
        None,
    );
    Ok(steps)
}

/// How base64url differs from standard base64 for these bytes.
pub fn describe_base64url(bytes: &[u8]) -> String {
    let standard = base64url::encode_standard(bytes);
    let plus = standard.matches('+').count();
    let slash = standard.matches('/').count();
    let pad = standard.matches('=').count();
    let mut changes = Vec::new();
    if plus > 0 {
        changes.push(format!("{plus} '+' became '-'"));
    }
    if slash > 0 {
        changes.push(format!("{slash} '/' became '_'"));
    }
    if pad > 0 {
        changes.push(format!("{pad} '=' padding stripped"));
    }
    let what = if changes.is_empty() {
        "here both spell it the same".to_string()
    } else {
        changes.join(", ")
    };
    format!(
        "Every 3 bytes become 4 URL-safe characters. Standard base64 would give {standard}; base64url differs: {what}."
    )
}
