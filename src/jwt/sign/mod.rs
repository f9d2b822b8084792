//! Signing a JWT (RFC 7515 section 5.1, RFC 7519 section 7.1) with HMAC or a
//! private key, and the same computation as a list of steps a viewer can
//! play one by one.
//!
//! The header and claims are signed as the exact text given: what you type is
//! what gets signed, byte for byte.

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
    let mut header = String::with_capacity(48);
    header.push_str("{\"alg\":\"");
    header.push_str(alg.name());
    header.push_str("\",\"typ\":\"JWT\"");
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
    /// The digest of the signing input (RSA, ECDSA).
    Hash,
    /// The EMSA-PKCS1-v1_5 or EMSA-PSS encoded block.
    RsaPadding,
    /// The padded block raised to the private exponent.
    RsaSignature,
    EcdsaR,
    EcdsaS,
    EddsaSignature,
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
            BuildStepId::Hash => "hash",
            BuildStepId::RsaPadding => "rsa-padding",
            BuildStepId::RsaSignature => "rsa-signature",
            BuildStepId::EcdsaR => "ecdsa-r",
            BuildStepId::EcdsaS => "ecdsa-s",
            BuildStepId::EddsaSignature => "eddsa-signature",
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

/// The HMAC signing of `header_text` and `claims_text`, step by step.
pub fn build_trace(
    alg: Algorithm,
    header_text: &str,
    claims_text: &str,
    key: &Key,
) -> Result<Vec<BuildStep>, JwtError> {
    build_trace_with(
        alg,
        header_text,
        claims_text,
        &SigningKey::Secret(key.clone()),
        &mut rand_core::OsRng,
    )
}

/// The signing with any key, step by step: for HMAC the MAC; for RSA the
/// hash, the padding and the signature; for ECDSA the hash, `r` and `s`;
/// for EdDSA the signature over the whole input.
pub fn build_trace_with(
    alg: Algorithm,
    header_text: &str,
    claims_text: &str,
    key: &SigningKey,
    rng: &mut impl CryptoRngCore,
) -> Result<Vec<BuildStep>, JwtError> {
    let signed = sign_with(alg, header_text, claims_text, key, rng)?;
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
    match key {
        SigningKey::Secret(key) => push(
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
        ),
        SigningKey::Private { .. } => {
            for s in private_key_steps(alg, &signing_input, &signed.mac) {
                push(s.id, &s.title, s.input, s.output, s.explanation, s.part);
            }
        }
    }
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

/// The DER DigestInfo prefix of RFC 8017 section 9.2, note 1.
fn digest_info_prefix(alg: Algorithm) -> &'static [u8] {
    match alg.output_len() {
        32 => &[
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x01, 0x05, 0x00, 0x04, 0x20,
        ],
        48 => &[
            0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x02, 0x05, 0x00, 0x04, 0x30,
        ],
        _ => &[
            0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x03, 0x05, 0x00, 0x04, 0x40,
        ],
    }
}

fn step(
    id: BuildStepId,
    title: &str,
    input: String,
    output: String,
    explanation: String,
) -> BuildStep {
    BuildStep {
        id,
        title: title.to_string(),
        input,
        output,
        explanation,
        part: Some(Part::Signature),
    }
}

/// The steps between the signing input and the signature, for a private key.
fn private_key_steps(alg: Algorithm, signing_input: &str, signature: &[u8]) -> Vec<BuildStep> {
    use super::alg::Family;
    let hash = alg.digest(signing_input.as_bytes());
    let hash_hex = base64url::hex_spaced(&hash);
    let hash_step = || {
        step(
            BuildStepId::Hash,
            &format!("{} of the signing input", alg.hash_name()),
            signing_input.to_string(),
            hash_hex.clone(),
            format!(
                "The signature is made over a {}-byte digest of the signing input, not over the text itself. Anyone can compute this digest: the secret part comes next.",
                hash.len()
            ),
        )
    };
    match alg.family() {
        Family::Hmac => Vec::new(),
        Family::RsaPkcs1 => {
            let prefix = digest_info_prefix(alg);
            let k = signature.len();
            let ff = k.saturating_sub(3 + prefix.len() + hash.len());
            let padded = format!(
                "00 01 ff ff ff … ({ff} bytes of ff) … ff 00 {} {hash_hex}",
                base64url::hex_spaced(prefix)
            );
            vec![
                hash_step(),
                step(
                    BuildStepId::RsaPadding,
                    "PKCS#1 v1.5 padding",
                    hash_hex.clone(),
                    padded.clone(),
                    format!(
                        "EMSA-PKCS1-v1_5 (RFC 8017 section 9.2) fills a {k}-byte block: 00 01, then ff bytes, then 00, the DER name of {} and the digest. The same input always gives the same block.",
                        alg.hash_name()
                    ),
                ),
                step(
                    BuildStepId::RsaSignature,
                    "RSA with the private key",
                    padded,
                    base64url::hex_spaced(signature),
                    format!(
                        "The block, read as a number, is raised to the private exponent d modulo n: {k} bytes that only the holder of the private key can make, and that anyone with the public key (n, e) can check."
                    ),
                ),
            ]
        }
        Family::RsaPss => {
            let k = signature.len();
            vec![
                hash_step(),
                step(
                    BuildStepId::RsaPadding,
                    "PSS padding with a random salt",
                    hash_hex.clone(),
                    format!("EM = maskedDB || H' || bc ({k} bytes, with a fresh {}-byte salt)", hash.len()),
                    "EMSA-PSS (RFC 8017 section 9.1) mixes the digest with a fresh random salt through MGF1. The salt is drawn inside the signer, so signing the same input twice gives two different signatures, and both verify.".to_string(),
                ),
                step(
                    BuildStepId::RsaSignature,
                    "RSA with the private key",
                    "the PSS block".to_string(),
                    base64url::hex_spaced(signature),
                    format!(
                        "The block, read as a number, is raised to the private exponent d modulo n: {k} bytes. The verifier undoes it with the public key and checks the padding and the digest."
                    ),
                ),
            ]
        }
        Family::Ecdsa => {
            let half = signature.len() / 2;
            let r = signature.get(..half).unwrap_or_default();
            let s = signature.get(half..).unwrap_or_default();
            let curve = alg.curve().map(super::alg::Curve::name).unwrap_or_default();
            vec![
                hash_step(),
                step(
                    BuildStepId::EcdsaR,
                    "ECDSA: r",
                    hash_hex.clone(),
                    base64url::hex_spaced(r),
                    format!(
                        "A one-time number k is chosen ({}); r is the x-coordinate of k times the base point of {curve}: {half} bytes. A k used twice would give the private key away.",
                        if alg == Algorithm::ES512 { "at random: the p521 crate has no RFC 6979" } else { "derived from the private key and the digest, RFC 6979" }
                    ),
                ),
                step(
                    BuildStepId::EcdsaS,
                    "ECDSA: s",
                    hash_hex.clone(),
                    base64url::hex_spaced(s),
                    format!(
                        "s = k⁻¹ (digest + r · d) mod n, with d the private key: {half} bytes. The JWS signature is r followed by s ({} bytes, RFC 7518 section 3.4), not the DER form other tools use.",
                        signature.len()
                    ),
                ),
            ]
        }
        Family::EdDsa => vec![step(
            BuildStepId::EddsaSignature,
            "Ed25519 over the signing input",
            signing_input.to_string(),
            base64url::hex_spaced(signature),
            "Ed25519 (RFC 8032 section 5.1.6) hashes the private key and the whole signing input with SHA-512 inside the algorithm, so there is no separate hash step. The result is R (32 bytes) followed by S (32 bytes); signing the same input again gives the same bytes.".to_string(),
        )],
    }
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
