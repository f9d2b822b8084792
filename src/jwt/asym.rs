//! Public-key signatures for JWS: RSASSA-PKCS1-v1_5 (RS*), RSASSA-PSS (PS*),
//! ECDSA on P-256/P-384/P-521 (ES*) and Ed25519 (EdDSA), all with RustCrypto
//! crates. Here are the keys, what they are in plain words, their JWK and PEM
//! forms, and signing and verifying over the exact signing input.
//!
//! ECDSA signatures are the raw `r || s` of RFC 7518 section 3.4, never DER.

use super::alg::{Algorithm, Curve, Family};
use super::base64url;
use super::json::Json;
use rand_core::CryptoRngCore;
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::pkcs8::{
    DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey, LineEnding,
};
use rsa::signature::{RandomizedSigner, SignatureEncoding, Signer, Verifier};
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, RsaPrivateKey, RsaPublicKey};
use sha2::{Sha256, Sha384, Sha512};
use std::fmt;

/// RFC 7518 section 3.3: RSA keys MUST be at least 2048 bits.
pub const MIN_RSA_BITS: usize = 2048;

/// A key that verifies signatures.
#[derive(Clone)]
pub enum PublicKey {
    Rsa(Box<RsaPublicKey>),
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    P521(p521::ecdsa::VerifyingKey),
    Ed25519(ed25519_dalek::VerifyingKey),
}

/// A key that makes signatures. Its `Debug` never prints the secret.
#[derive(Clone)]
pub enum PrivateKey {
    Rsa(Box<RsaPrivateKey>),
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    P521(p521::ecdsa::SigningKey),
    Ed25519(ed25519_dalek::SigningKey),
}

/// Why a key cannot be used with an algorithm, or a signature not checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// The key's type or curve is not the algorithm's.
    WrongType { alg: Algorithm, found: String },
    /// An RSA key under 2048 bits (RFC 7518 section 3.3).
    RsaTooSmall { bits: usize },
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mismatch::WrongType { alg, found } => write!(
                f,
                "{alg} needs {}, but this is {found}; the key's type must fit the algorithm",
                needs(*alg)
            ),
            Mismatch::RsaTooSmall { bits } => write!(
                f,
                "this RSA key has only {bits} bits; RFC 7518 section 3.3 asks for at least {MIN_RSA_BITS}, because smaller keys have been factored"
            ),
        }
    }
}

/// What key an algorithm needs, in words.
pub fn needs(alg: Algorithm) -> &'static str {
    match alg {
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => "a shared secret",
        Algorithm::RS256
        | Algorithm::RS384
        | Algorithm::RS512
        | Algorithm::PS256
        | Algorithm::PS384
        | Algorithm::PS512 => "an RSA key",
        Algorithm::ES256 => "an EC key on curve P-256",
        Algorithm::ES384 => "an EC key on curve P-384",
        Algorithm::ES512 => "an EC key on curve P-521",
        Algorithm::EdDSA => "an Ed25519 key",
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        self.thumbprint() == other.thumbprint()
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKey({})", self.public().describe())
    }
}

fn rsa_bits(key: &RsaPublicKey) -> usize {
    key.n().bits()
}

impl PublicKey {
    /// The JWK `kty`.
    pub fn kty(&self) -> &'static str {
        match self {
            PublicKey::Rsa(_) => "RSA",
            PublicKey::P256(_) | PublicKey::P384(_) | PublicKey::P521(_) => "EC",
            PublicKey::Ed25519(_) => "OKP",
        }
    }

    pub fn curve(&self) -> Option<Curve> {
        match self {
            PublicKey::Rsa(_) => None,
            PublicKey::P256(_) => Some(Curve::P256),
            PublicKey::P384(_) => Some(Curve::P384),
            PublicKey::P521(_) => Some(Curve::P521),
            PublicKey::Ed25519(_) => Some(Curve::Ed25519),
        }
    }

    /// The modulus size of an RSA key.
    pub fn rsa_bits(&self) -> Option<usize> {
        match self {
            PublicKey::Rsa(key) => Some(rsa_bits(key)),
            _ => None,
        }
    }

    /// "RSA public key, 2048 bits", "EC public key on P-256", "Ed25519 public key".
    pub fn describe(&self) -> String {
        match self {
            PublicKey::Rsa(key) => format!("an RSA public key, {} bits", rsa_bits(key)),
            PublicKey::Ed25519(_) => "an Ed25519 public key".to_string(),
            other => format!(
                "an EC public key on {}",
                other.curve().map(Curve::name).unwrap_or_default()
            ),
        }
    }

    /// Is this key right for `alg`? (Type, curve, and RSA size.)
    pub fn fits(&self, alg: Algorithm) -> Result<(), Mismatch> {
        let ok = match alg.family() {
            Family::Hmac => false,
            Family::RsaPkcs1 | Family::RsaPss => matches!(self, PublicKey::Rsa(_)),
            Family::Ecdsa | Family::EdDsa => self.curve() == alg.curve(),
        };
        if !ok {
            return Err(Mismatch::WrongType {
                alg,
                found: self.describe(),
            });
        }
        match self.rsa_bits() {
            Some(bits) if bits < MIN_RSA_BITS => Err(Mismatch::RsaTooSmall { bits }),
            _ => Ok(()),
        }
    }

    /// The length a signature of `alg` by this key has, in bytes.
    pub fn signature_len(&self, alg: Algorithm) -> usize {
        match self {
            PublicKey::Rsa(key) => key.size(),
            _ => alg.curve().map(|c| 2 * c.coordinate_len()).unwrap_or(0),
        }
    }

    /// Does `signature` sign `message` under this key with `alg`? The caller
    /// has checked `fits`; a wrong pairing simply does not verify.
    pub fn verify(&self, alg: Algorithm, message: &[u8], signature: &[u8]) -> bool {
        use rsa::{pkcs1v15, pss};
        macro_rules! rsa_check {
            ($scheme:ident, $hash:ty, $key:expr) => {
                $scheme::Signature::try_from(signature).is_ok_and(|sig| {
                    $scheme::VerifyingKey::<$hash>::new((**$key).clone())
                        .verify(message, &sig)
                        .is_ok()
                })
            };
        }
        match (self, alg) {
            (PublicKey::Rsa(key), Algorithm::RS256) => rsa_check!(pkcs1v15, Sha256, key),
            (PublicKey::Rsa(key), Algorithm::RS384) => rsa_check!(pkcs1v15, Sha384, key),
            (PublicKey::Rsa(key), Algorithm::RS512) => rsa_check!(pkcs1v15, Sha512, key),
            (PublicKey::Rsa(key), Algorithm::PS256) => rsa_check!(pss, Sha256, key),
            (PublicKey::Rsa(key), Algorithm::PS384) => rsa_check!(pss, Sha384, key),
            (PublicKey::Rsa(key), Algorithm::PS512) => rsa_check!(pss, Sha512, key),
            (PublicKey::P256(key), Algorithm::ES256) => {
                p256::ecdsa::Signature::from_slice(signature)
                    .is_ok_and(|sig| key.verify(message, &sig).is_ok())
            }
            (PublicKey::P384(key), Algorithm::ES384) => {
                p384::ecdsa::Signature::from_slice(signature)
                    .is_ok_and(|sig| key.verify(message, &sig).is_ok())
            }
            (PublicKey::P521(key), Algorithm::ES512) => {
                p521::ecdsa::Signature::from_slice(signature)
                    .is_ok_and(|sig| key.verify(message, &sig).is_ok())
            }
            (PublicKey::Ed25519(key), Algorithm::EdDSA) => {
                ed25519_dalek::Signature::from_slice(signature)
                    .is_ok_and(|sig| key.verify_strict(message, &sig).is_ok())
            }
            _ => false,
        }
    }

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

    /// The key as an SPKI PEM block ("-----BEGIN PUBLIC KEY-----").
    pub fn to_pem(&self) -> String {
        let pem = match self {
            PublicKey::Rsa(key) => key.to_public_key_pem(LineEnding::LF),
            PublicKey::P256(key) => key.to_public_key_pem(LineEnding::LF),
            PublicKey::P384(key) => key.to_public_key_pem(LineEnding::LF),
            PublicKey::P521(key) => p521::PublicKey::from_affine(*key.as_affine())
                .map_err(|_| rsa::pkcs8::spki::Error::KeyMalformed)
                .and_then(|k| k.to_public_key_pem(LineEnding::LF)),
            PublicKey::Ed25519(key) => key.to_public_key_pem(LineEnding::LF),
        };
        pem.unwrap_or_default()
    }

    /// Read an SPKI DER public key of any supported type.
    pub fn from_spki_der(der: &[u8]) -> Option<PublicKey> {
        if let Ok(key) = RsaPublicKey::from_public_key_der(der) {
            return Some(PublicKey::Rsa(Box::new(key)));
        }
        if let Ok(key) = p256::ecdsa::VerifyingKey::from_public_key_der(der) {
            return Some(PublicKey::P256(key));
        }
        if let Ok(key) = p384::ecdsa::VerifyingKey::from_public_key_der(der) {
            return Some(PublicKey::P384(key));
        }
        if let Ok(key) = p521::PublicKey::from_public_key_der(der) {
            return p521::ecdsa::VerifyingKey::from_affine(*key.as_affine())
                .ok()
                .map(PublicKey::P521);
        }
        ed25519_dalek::VerifyingKey::from_public_key_der(der)
            .ok()
            .map(PublicKey::Ed25519)
    }

    /// Read a PKCS#1 DER RSA public key ("-----BEGIN RSA PUBLIC KEY-----").
    pub fn from_pkcs1_der(der: &[u8]) -> Option<PublicKey> {
        RsaPublicKey::from_pkcs1_der(der)
            .ok()
            .map(|k| PublicKey::Rsa(Box::new(k)))
    }

    /// An RSA key from its modulus and exponent (big-endian bytes).
    pub fn rsa_from_parts(n: &[u8], e: &[u8]) -> Result<PublicKey, String> {
        RsaPublicKey::new(BigUint::from_bytes_be(n), BigUint::from_bytes_be(e))
            .map(|k| PublicKey::Rsa(Box::new(k)))
            .map_err(|e| e.to_string())
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
    /// The public half.
    pub fn public(&self) -> PublicKey {
        match self {
            PrivateKey::Rsa(key) => PublicKey::Rsa(Box::new(key.to_public_key())),
            PrivateKey::P256(key) => PublicKey::P256(*key.verifying_key()),
            PrivateKey::P384(key) => PublicKey::P384(*key.verifying_key()),
            PrivateKey::P521(key) => PublicKey::P521(p521::ecdsa::VerifyingKey::from(key)),
            PrivateKey::Ed25519(key) => PublicKey::Ed25519(key.verifying_key()),
        }
    }

    /// "an RSA private key, 2048 bits" and so on.
    pub fn describe(&self) -> String {
        self.public().describe().replace("public", "private")
    }

    /// Sign `message` with `alg`. PS* draws a fresh salt from `rng` and ES512
    /// its nonce; the others are deterministic (RFC 6979 for ES256 and ES384,
    /// RFC 8032 for Ed25519).
    /// Returns `None` if the key does not fit `alg`.
    pub fn sign(
        &self,
        alg: Algorithm,
        message: &[u8],
        rng: &mut impl CryptoRngCore,
    ) -> Option<Vec<u8>> {
        use rsa::{pkcs1v15, pss};
        let key = |k: &RsaPrivateKey| k.clone();
        Some(match (self, alg) {
            (PrivateKey::Rsa(k), Algorithm::RS256) => pkcs1v15::SigningKey::<Sha256>::new(key(k))
                .try_sign(message)
                .ok()?
                .to_vec(),
            (PrivateKey::Rsa(k), Algorithm::RS384) => pkcs1v15::SigningKey::<Sha384>::new(key(k))
                .try_sign(message)
                .ok()?
                .to_vec(),
            (PrivateKey::Rsa(k), Algorithm::RS512) => pkcs1v15::SigningKey::<Sha512>::new(key(k))
                .try_sign(message)
                .ok()?
                .to_vec(),
            (PrivateKey::Rsa(k), Algorithm::PS256) => pss::BlindedSigningKey::<Sha256>::new(key(k))
                .try_sign_with_rng(rng, message)
                .ok()?
                .to_vec(),
            (PrivateKey::Rsa(k), Algorithm::PS384) => pss::BlindedSigningKey::<Sha384>::new(key(k))
                .try_sign_with_rng(rng, message)
                .ok()?
                .to_vec(),
            (PrivateKey::Rsa(k), Algorithm::PS512) => pss::BlindedSigningKey::<Sha512>::new(key(k))
                .try_sign_with_rng(rng, message)
                .ok()?
                .to_vec(),
            (PrivateKey::P256(k), Algorithm::ES256) => {
                let sig: p256::ecdsa::Signature = k.try_sign(message).ok()?;
                sig.to_bytes().to_vec()
            }
            (PrivateKey::P384(k), Algorithm::ES384) => {
                let sig: p384::ecdsa::Signature = k.try_sign(message).ok()?;
                sig.to_bytes().to_vec()
            }
            (PrivateKey::P521(k), Algorithm::ES512) => {
                // The p521 crate draws the nonce at random (no RFC 6979 for
                // P-521 there), so ES512 signatures differ each time.
                let sig: p521::ecdsa::Signature = k.try_sign_with_rng(rng, message).ok()?;
                sig.to_bytes().to_vec()
            }
            (PrivateKey::Ed25519(k), Algorithm::EdDSA) => k.sign(message).to_bytes().to_vec(),
            _ => return None,
        })
    }

    /// A fresh key for ES256, ES384, ES512 or EdDSA. RSA keys take seconds
    /// to find primes for, so they are not made here.
    pub fn generate(alg: Algorithm, rng: &mut impl CryptoRngCore) -> Option<PrivateKey> {
        Some(match alg {
            Algorithm::ES256 => PrivateKey::P256(p256::ecdsa::SigningKey::random(rng)),
            Algorithm::ES384 => PrivateKey::P384(p384::ecdsa::SigningKey::random(rng)),
            Algorithm::ES512 => PrivateKey::P521(p521::ecdsa::SigningKey::random(rng)),
            Algorithm::EdDSA => PrivateKey::Ed25519(ed25519_dalek::SigningKey::generate(rng)),
            _ => return None,
        })
    }

    /// A key from 32 secret bytes (for a simulation that must be
    /// reproducible from its seed): a P-256 scalar or an Ed25519 seed.
    pub fn from_seed(curve: Curve, seed: &[u8; 32]) -> Option<PrivateKey> {
        match curve {
            Curve::P256 => p256::ecdsa::SigningKey::from_slice(seed)
                .ok()
                .map(PrivateKey::P256),
            Curve::Ed25519 => Some(PrivateKey::Ed25519(ed25519_dalek::SigningKey::from_bytes(
                seed,
            ))),
            _ => None,
        }
    }

    /// The key as a PKCS#8 PEM block ("-----BEGIN PRIVATE KEY-----").
    pub fn to_pem(&self) -> String {
        let pem = match self {
            PrivateKey::Rsa(key) => key.to_pkcs8_pem(LineEnding::LF),
            PrivateKey::P256(key) => key.to_pkcs8_pem(LineEnding::LF),
            PrivateKey::P384(key) => key.to_pkcs8_pem(LineEnding::LF),
            PrivateKey::P521(key) => p521::SecretKey::from_bytes(&key.to_bytes())
                .map_err(|_| rsa::pkcs8::Error::KeyMalformed)
                .and_then(|k| k.to_pkcs8_pem(LineEnding::LF)),
            PrivateKey::Ed25519(key) => key.to_pkcs8_pem(LineEnding::LF),
        };
        pem.map(|p| p.to_string()).unwrap_or_default()
    }

    /// Read a PKCS#8 DER private key of any supported type.
    pub fn from_pkcs8_der(der: &[u8]) -> Option<PrivateKey> {
        if let Ok(key) = RsaPrivateKey::from_pkcs8_der(der) {
            return Some(PrivateKey::Rsa(Box::new(key)));
        }
        if let Ok(key) = p256::ecdsa::SigningKey::from_pkcs8_der(der) {
            return Some(PrivateKey::P256(key));
        }
        if let Ok(key) = p384::ecdsa::SigningKey::from_pkcs8_der(der) {
            return Some(PrivateKey::P384(key));
        }
        if let Ok(key) = p521::SecretKey::from_pkcs8_der(der) {
            return p521::ecdsa::SigningKey::from_bytes(&key.to_bytes())
                .ok()
                .map(PrivateKey::P521);
        }
        ed25519_dalek::SigningKey::from_pkcs8_der(der)
            .ok()
            .map(PrivateKey::Ed25519)
    }

    /// Read a PKCS#1 DER RSA private key ("-----BEGIN RSA PRIVATE KEY-----").
    pub fn from_pkcs1_der(der: &[u8]) -> Option<PrivateKey> {
        RsaPrivateKey::from_pkcs1_der(der)
            .ok()
            .map(|k| PrivateKey::Rsa(Box::new(k)))
    }

    /// Read a SEC1 DER EC private key ("-----BEGIN EC PRIVATE KEY-----").
    pub fn from_sec1_der(der: &[u8]) -> Option<PrivateKey> {
        if let Ok(key) = p256::SecretKey::from_sec1_der(der) {
            return Some(PrivateKey::P256(key.into()));
        }
        if let Ok(key) = p384::SecretKey::from_sec1_der(der) {
            return Some(PrivateKey::P384(key.into()));
        }
        p521::SecretKey::from_sec1_der(der)
            .ok()
            .and_then(|key| p521::ecdsa::SigningKey::from_bytes(&key.to_bytes()).ok())
            .map(PrivateKey::P521)
    }

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

    /// An RSA private key from its JWK members (primes recovered when absent).
    pub fn rsa_from_parts(n: &[u8], e: &[u8], d: &[u8], primes: &[&[u8]]) -> Option<PrivateKey> {
        let primes = primes.iter().map(|p| BigUint::from_bytes_be(p)).collect();
        RsaPrivateKey::from_components(
            BigUint::from_bytes_be(n),
            BigUint::from_bytes_be(e),
            BigUint::from_bytes_be(d),
            primes,
        )
        .ok()
        .filter(|k| k.validate().is_ok())
        .map(|k| PrivateKey::Rsa(Box::new(k)))
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
