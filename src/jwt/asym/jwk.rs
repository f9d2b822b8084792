//! The keys as JWKs (RFC 7517; members from RFC 7518 section 6 and RFC
//! 8037), the RFC 7638 thumbprint, and EC and Ed25519 keys from a JWK's
//! coordinates. (RSA keys from a JWK's numbers are in [`super::bounds`].)

use super::{PrivateKey, PublicKey};
use crate::jwt::alg::{Algorithm, Curve};
use crate::jwt::base64url;
use crate::jwt::json::Json;
use rsa::traits::PublicKeyParts;

impl PublicKey {
    /// The public members of the key's JWK, in the order RFC 7638 sorts them.
    fn jwk_members(&self) -> Vec<(&'static str, String)> {
        match self {
            PublicKey::Rsa(key) => vec![
                ("e", base64url::encode(&key.e().to_bytes_be())),
                ("kty", "RSA".to_string()),
                ("n", base64url::encode(&key.n().to_bytes_be())),
            ],
            PublicKey::Ed25519(key) => vec![
                ("crv", "Ed25519".to_string()),
                ("kty", "OKP".to_string()),
                ("x", base64url::encode(key.as_bytes())),
            ],
            other => {
                let point = match other {
                    PublicKey::P256(k) => k.to_encoded_point(false).as_bytes().to_vec(),
                    PublicKey::P384(k) => k.to_encoded_point(false).as_bytes().to_vec(),
                    PublicKey::P521(k) => k.to_encoded_point(false).as_bytes().to_vec(),
                    _ => Vec::new(),
                };
                // Uncompressed SEC1 point: 0x04 || x || y.
                let n = other.curve().map(Curve::coordinate_len).unwrap_or(0);
                let x = point.get(1..1 + n).unwrap_or_default();
                let y = point.get(1 + n..).unwrap_or_default();
                vec![
                    (
                        "crv",
                        other
                            .curve()
                            .map(Curve::name)
                            .unwrap_or_default()
                            .to_string(),
                    ),
                    ("kty", "EC".to_string()),
                    ("x", base64url::encode(x)),
                    ("y", base64url::encode(y)),
                ]
            }
        }
    }

    /// The RFC 7638 thumbprint: SHA-256 of the required members in
    /// lexicographic order, base64url. A good `kid` for a key.
    pub fn thumbprint(&self) -> String {
        let mut canonical = String::from("{");
        for (i, (name, value)) in self.jwk_members().iter().enumerate() {
            if i > 0 {
                canonical.push(',');
            }
            canonical.push_str(&format!("\"{name}\":\"{value}\""));
        }
        canonical.push('}');
        base64url::encode(&Algorithm::HS256.digest(canonical.as_bytes()))
    }

    /// The key as a public JWK (RFC 7517), with `kid`, `alg` and `use` when given.
    pub fn to_jwk(&self, kid: Option<&str>, alg: Option<Algorithm>) -> Json {
        let mut members: Vec<(String, Json)> = Vec::new();
        members.push(("kty".to_string(), Json::string(self.kty())));
        if let Some(kid) = kid {
            members.push(("kid".to_string(), Json::string(kid)));
        }
        members.push(("use".to_string(), Json::string("sig")));
        if let Some(alg) = alg {
            members.push(("alg".to_string(), Json::string(alg.name())));
        }
        for (name, value) in self.jwk_members() {
            if name != "kty" {
                members.push((name.to_string(), Json::string(value)));
            }
        }
        Json::Object(members)
    }

    /// An EC or Ed25519 key from its coordinates (`y` is empty for Ed25519).
    pub fn from_coordinates(curve: Curve, x: &[u8], y: &[u8]) -> Result<PublicKey, String> {
        let n = curve.coordinate_len();
        if x.len() != n || (curve != Curve::Ed25519 && y.len() != n) {
            return Err(format!(
                "a {} coordinate is {n} bytes, but this one has {}",
                curve.name(),
                if x.len() != n { x.len() } else { y.len() }
            ));
        }
        let mut sec1 = Vec::with_capacity(1 + 2 * n);
        sec1.push(4);
        sec1.extend_from_slice(x);
        sec1.extend_from_slice(y);
        let not_on_curve = |_: ed25519_dalek::ed25519::Error| {
            format!("this point is not on the curve {}", curve.name())
        };
        match curve {
            Curve::P256 => p256::ecdsa::VerifyingKey::from_sec1_bytes(&sec1)
                .map(PublicKey::P256)
                .map_err(not_on_curve),
            Curve::P384 => p384::ecdsa::VerifyingKey::from_sec1_bytes(&sec1)
                .map(PublicKey::P384)
                .map_err(not_on_curve),
            Curve::P521 => p521::ecdsa::VerifyingKey::from_sec1_bytes(&sec1)
                .map(PublicKey::P521)
                .map_err(not_on_curve),
            Curve::Ed25519 => {
                let bytes: [u8; 32] = x.try_into().unwrap_or([0; 32]);
                ed25519_dalek::VerifyingKey::from_bytes(&bytes)
                    .map(PublicKey::Ed25519)
                    .map_err(not_on_curve)
            }
        }
    }
}

impl PrivateKey {
    /// An EC or Ed25519 private key from its JWK `d`, checked against the
    /// public half given with it.
    pub fn from_scalar(curve: Curve, d: &[u8]) -> Option<PrivateKey> {
        match curve {
            Curve::P256 => p256::ecdsa::SigningKey::from_slice(d)
                .ok()
                .map(PrivateKey::P256),
            Curve::P384 => p384::ecdsa::SigningKey::from_slice(d)
                .ok()
                .map(PrivateKey::P384),
            Curve::P521 => p521::ecdsa::SigningKey::from_slice(d)
                .ok()
                .map(PrivateKey::P521),
            Curve::Ed25519 => {
                let seed: [u8; 32] = d.try_into().ok()?;
                Some(PrivateKey::Ed25519(ed25519_dalek::SigningKey::from_bytes(
                    &seed,
                )))
            }
        }
    }

    /// The private JWK (EC and Ed25519 only: `d` beside the public members).
    pub fn to_jwk(&self, kid: Option<&str>, alg: Option<Algorithm>) -> Option<Json> {
        let d = match self {
            PrivateKey::P256(k) => k.to_bytes().to_vec(),
            PrivateKey::P384(k) => k.to_bytes().to_vec(),
            PrivateKey::P521(k) => k.to_bytes().to_vec(),
            PrivateKey::Ed25519(k) => k.to_bytes().to_vec(),
            PrivateKey::Rsa(_) => return None,
        };
        match self.public().to_jwk(kid, alg) {
            Json::Object(mut members) => {
                members.push(("d".to_string(), Json::string(base64url::encode(&d))));
                Some(Json::Object(members))
            }
            _ => None,
        }
    }
}
