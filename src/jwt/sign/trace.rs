//! The signing of a token as a list of steps a viewer can play one by one:
//! the header and claims as text, bytes and base64url, the signing input,
//! then the MAC, or for a key pair the hash, the padding or the curve's
//! numbers, and the signature.

use super::sign_with;
use crate::jwt::alg::Algorithm;
use crate::jwt::base64url;
use crate::jwt::error::{JwtError, Part};
use crate::jwt::key::Key;
use crate::jwt::keyset::SigningKey;
use rand_core::CryptoRngCore;

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
    use crate::jwt::alg::Family;
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
            let curve = alg.curve().map(crate::jwt::alg::Curve::name).unwrap_or_default();
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
fn describe_base64url(bytes: &[u8]) -> String {
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
    if changes.is_empty() {
        return format!(
            "Every 3 bytes become 4 URL-safe characters. For these bytes standard base64 gives the same text ({standard}): base64url differs from it only where '+', '/' or '=' padding appear."
        );
    }
    format!(
        "Every 3 bytes become 4 URL-safe characters. Standard base64 would give {standard}; base64url differs: {}.",
        changes.join(", ")
    )
}
