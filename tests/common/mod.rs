//! The public-key vectors of `tests/data/asym-vectors.json` (RFC 7515 A.2-A.4, RFC 8037 A.4,
//! RFC 7520 4.1-4.3) as typed values, shared by the tests and `benches/algorithms.rs`.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::jwt::{Algorithm, KeyEncoding, PrivateKey, SigningKey};
use serde_json::Value;

/// One vector: where it comes from, its algorithm, the token and its keys as JWK text.
pub struct Vector {
    pub id: String,
    pub alg: Algorithm,
    pub token: String,
    pub public_jwk: String,
    pub private_jwk: String,
    /// PKCS#1 v1.5 and Ed25519 give the same bytes every time; PSS and ECDSA do not.
    pub deterministic: bool,
    /// The RFC's payload is a JSON object (else a plain text, which the claims step refuses).
    pub json_payload: bool,
    pub thumbprint: Option<String>,
}

pub fn vectors() -> Vec<Vector> {
    let all: Value = serde_json::from_str(include_str!("../data/asym-vectors.json")).unwrap();
    all["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| Vector {
            id: v["id"].as_str().unwrap().to_string(),
            alg: Algorithm::from_name(v["alg"].as_str().unwrap()).unwrap(),
            token: v["token"].as_str().unwrap().to_string(),
            public_jwk: v["public_jwk"].to_string(),
            private_jwk: v["private_jwk"].to_string(),
            deterministic: v["deterministic"].as_bool().unwrap(),
            json_payload: v["json_payload"].as_bool().unwrap(),
            thumbprint: v["thumbprint"].as_str().map(str::to_string),
        })
        .collect()
}

pub fn vector(id: &str) -> Vector {
    vectors()
        .into_iter()
        .find(|v| v.id == id)
        .unwrap_or_else(|| panic!("no vector {id}"))
}

/// The private key of a vector, read through the engine's own JWK reader.
pub fn private_key(v: &Vector) -> PrivateKey {
    match SigningKey::from_text(v.alg, &v.private_jwk, KeyEncoding::Utf8)
        .unwrap_or_else(|e| panic!("{}: {e}", v.id))
    {
        SigningKey::Private { key, .. } => *key,
        SigningKey::Secret(_) => panic!("{}: not a private key", v.id),
    }
}

/// `jsonwebtoken`'s name for one of our public-key algorithms (it has no ES512).
pub fn jsonwebtoken_alg(alg: Algorithm) -> Option<jsonwebtoken::Algorithm> {
    use jsonwebtoken::Algorithm as J;
    Some(match alg {
        Algorithm::RS256 => J::RS256,
        Algorithm::RS384 => J::RS384,
        Algorithm::RS512 => J::RS512,
        Algorithm::PS256 => J::PS256,
        Algorithm::PS384 => J::PS384,
        Algorithm::PS512 => J::PS512,
        Algorithm::ES256 => J::ES256,
        Algorithm::ES384 => J::ES384,
        Algorithm::EdDSA => J::EdDSA,
        _ => return None,
    })
}

/// The 2048-bit RSA key of RFC 7520 section 3.4.
pub fn rsa_key() -> PrivateKey {
    private_key(&vector("RFC7520-4.1"))
}
