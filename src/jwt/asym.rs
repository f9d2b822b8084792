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
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::der::Decode;
use rsa::pkcs8::spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};
use rsa::pkcs8::{
    AssociatedOid, EncodePrivateKey, EncodePublicKey, LineEnding, ObjectIdentifier, PrivateKeyInfo,
};
use rsa::signature::{RandomizedSigner, Signer, Verifier};
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, Pkcs1v15Sign, Pss, RsaPrivateKey, RsaPublicKey};
use sha2::{Sha256, Sha384, Sha512};
use std::fmt;

/// The key type an AlgorithmIdentifier (RFC 5280 section 4.1.1.2) names,
/// by the key crates' own object identifiers: RSA (RFC 8017), Ed25519
/// (RFC 8410), or EC (RFC 5480) on the curve its parameters name, if they
/// name one read here.
#[derive(Clone, Copy)]
enum KeyType {
    Rsa,
    Ed25519,
    Ec(Option<Curve>),
}

fn key_type(algorithm: &AlgorithmIdentifierRef<'_>) -> Option<KeyType> {
    if algorithm.oid == rsa::pkcs1::ALGORITHM_OID {
        Some(KeyType::Rsa)
    } else if algorithm.oid == ed25519_dalek::pkcs8::ALGORITHM_OID {
        Some(KeyType::Ed25519)
    } else if algorithm.oid == p256::elliptic_curve::ALGORITHM_OID {
        let named = algorithm.parameters_oid().ok();
        Some(KeyType::Ec(named.and_then(ec_curve)))
    } else {
        None
    }
}

/// The NIST curve a named-curve object identifier names.
fn ec_curve(named: ObjectIdentifier) -> Option<Curve> {
    [
        (p256::NistP256::OID, Curve::P256),
        (p384::NistP384::OID, Curve::P384),
        (p521::NistP521::OID, Curve::P521),
    ]
    .into_iter()
    .find(|(oid, _)| *oid == named)
    .map(|(_, curve)| curve)
}

/// The PKCS#1 v1.5 scheme for an algorithm's hash (the DigestInfo prefix).
fn pkcs1_scheme(alg: Algorithm) -> Pkcs1v15Sign {
    match alg.output_len() {
        32 => Pkcs1v15Sign::new::<Sha256>(),
        48 => Pkcs1v15Sign::new::<Sha384>(),
        _ => Pkcs1v15Sign::new::<Sha512>(),
    }
}

/// The PSS scheme of RFC 7518 section 3.5: MGF1 with the same hash, salt as long as the hash.
fn pss_scheme(alg: Algorithm) -> Pss {
    match alg.output_len() {
        32 => Pss::new::<Sha256>(),
        48 => Pss::new::<Sha384>(),
        _ => Pss::new::<Sha512>(),
    }
}

thread_local! {
    /// Signatures made and checked with key pairs on this thread.
    static KEY_PAIR_OPERATIONS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// How many signatures this thread has made or checked with a key pair
/// (each costs milliseconds in the page): the work a replay is measured in.
pub fn key_pair_operations() -> u64 {
    KEY_PAIR_OPERATIONS.with(std::cell::Cell::get)
}

fn count_key_pair_operation() {
    KEY_PAIR_OPERATIONS.with(|n| n.set(n.get().saturating_add(1)));
}

/// RFC 7518 section 3.3: RSA keys MUST be at least 2048 bits.
pub const MIN_RSA_BITS: usize = 2048;

/// The largest RSA modulus read here, public and private alike. Keys in use
/// are 2048 to 4096 bits; 16,384 leaves room for any real key while a
/// crafted megabyte-long modulus is refused before any arithmetic on it.
pub const MAX_RSA_BITS: usize = 16_384;

/// The largest public exponent accepted (the `rsa` crate's own bound, 2^33 - 1).
const MAX_RSA_EXPONENT: u64 = (1 << 33) - 1;

/// Why bytes that should hold a key give none this page reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyReadError {
    /// Not a key of a type and shape read here.
    NotAKey,
    /// An RSA modulus over [`MAX_RSA_BITS`].
    RsaTooLarge { bits: usize },
    /// An RSA public exponent that is not a small odd number.
    RsaExponent { e: String },
}

impl fmt::Display for KeyReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyReadError::NotAKey => {
                f.write_str("it is not an RSA, P-256, P-384, P-521 or Ed25519 key this page can read")
            }
            KeyReadError::RsaTooLarge { bits } => write!(
                f,
                "this RSA key has {} bits; this page reads RSA keys of up to {} bits (real keys are 2,048 to 4,096)",
                super::display::thousands(*bits),
                super::display::thousands(MAX_RSA_BITS)
            ),
            KeyReadError::RsaExponent { e } => write!(
                f,
                "its public exponent e is {e}; an RSA exponent is a small odd number from 3 to 2^33 (almost always 65537)"
            ),
        }
    }
}

/// The bit length of a big-endian unsigned number.
fn bit_len(bytes: &[u8]) -> usize {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    match bytes.get(start) {
        Some(first) => (bytes.len() - start - 1) * 8 + (8 - first.leading_zeros() as usize),
        None => 0,
    }
}

/// The RSA numbers' bounds, checked on the bytes before any arithmetic: a
/// modulus of at most [`MAX_RSA_BITS`] and a small odd exponent.
fn check_rsa_numbers(n: &[u8], e: &[u8]) -> Result<(), KeyReadError> {
    let bits = bit_len(n);
    if bits > MAX_RSA_BITS {
        return Err(KeyReadError::RsaTooLarge { bits });
    }
    let e_bits = bit_len(e);
    let value = (e_bits <= 64).then(|| {
        e.iter()
            .skip_while(|b| **b == 0)
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b))
    });
    match value {
        Some(v) if v >= 3 && v % 2 == 1 && v <= MAX_RSA_EXPONENT => Ok(()),
        Some(v) => Err(KeyReadError::RsaExponent { e: v.to_string() }),
        None => Err(KeyReadError::RsaExponent {
            e: format!("a {}-bit number", super::display::thousands(e_bits)),
        }),
    }
}

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

impl Eq for PublicKey {}

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
        count_key_pair_operation();
        match (self, alg.family()) {
            (PublicKey::Rsa(key), Family::RsaPkcs1) => key
                .verify(pkcs1_scheme(alg), &alg.digest(message), signature)
                .is_ok(),
            (PublicKey::Rsa(key), Family::RsaPss) => key
                .verify(pss_scheme(alg), &alg.digest(message), signature)
                .is_ok(),
            _ => self.verify_curve(alg, message, signature),
        }
    }

    fn verify_curve(&self, alg: Algorithm, message: &[u8], signature: &[u8]) -> bool {
        match (self, alg) {
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

    /// The key as an SPKI PEM block ("-----BEGIN PUBLIC KEY-----"): the
    /// SubjectPublicKeyInfo of RFC 5280 section 4.1.2.7, written by each key
    /// crate's `EncodePublicKey`.
    pub fn to_pem(&self) -> String {
        let pem = match self {
            PublicKey::Rsa(key) => key.to_public_key_pem(LineEnding::LF).ok(),
            PublicKey::P256(key) => key.to_public_key_pem(LineEnding::LF).ok(),
            PublicKey::P384(key) => key.to_public_key_pem(LineEnding::LF).ok(),
            // The p521 crate's own key types have no PKCS#8 traits; the
            // generic `PublicKey` beside them does.
            PublicKey::P521(key) => p521::PublicKey::from_affine(*key.as_affine())
                .ok()
                .and_then(|k| k.to_public_key_pem(LineEnding::LF).ok()),
            PublicKey::Ed25519(key) => key.to_public_key_pem(LineEnding::LF).ok(),
        };
        pem.unwrap_or_default()
    }

    /// Read an SPKI DER public key of any supported type: parsed once, then
    /// read by the key crate its object identifier names (each crate's
    /// `DecodePublicKey` is this same conversion from the parsed SPKI).
    pub fn from_spki_der(der: &[u8]) -> Result<PublicKey, KeyReadError> {
        let spki = SubjectPublicKeyInfoRef::try_from(der).map_err(|_| KeyReadError::NotAKey)?;
        let key = match key_type(&spki.algorithm).ok_or(KeyReadError::NotAKey)? {
            // Not the `rsa` crate's `DecodePublicKey`: it builds the numbers
            // before bounding them, refuses keys over 4,096 bits, and has one
            // error for every cause. The PKCS#1 key inside is read here,
            // with the bounds checked on its bytes first.
            KeyType::Rsa => {
                let pkcs1 = spki
                    .subject_public_key
                    .as_bytes()
                    .ok_or(KeyReadError::NotAKey)?;
                return PublicKey::from_pkcs1_der(pkcs1);
            }
            KeyType::Ed25519 => ed25519_dalek::VerifyingKey::try_from(spki)
                .ok()
                .map(PublicKey::Ed25519),
            KeyType::Ec(Some(Curve::P256)) => p256::ecdsa::VerifyingKey::try_from(spki)
                .ok()
                .map(PublicKey::P256),
            KeyType::Ec(Some(Curve::P384)) => p384::ecdsa::VerifyingKey::try_from(spki)
                .ok()
                .map(PublicKey::P384),
            // The p521 crate's own ECDSA key has no PKCS#8 traits; the
            // generic `PublicKey` beside it does.
            KeyType::Ec(Some(Curve::P521)) => p521::PublicKey::try_from(spki)
                .ok()
                .and_then(|k| p521::ecdsa::VerifyingKey::from_affine(*k.as_affine()).ok())
                .map(PublicKey::P521),
            KeyType::Ec(_) => None,
        };
        key.ok_or(KeyReadError::NotAKey)
    }

    /// Read a PKCS#1 DER RSA public key ("-----BEGIN RSA PUBLIC KEY-----").
    /// Its size and exponent are checked before the numbers are built.
    pub fn from_pkcs1_der(der: &[u8]) -> Result<PublicKey, KeyReadError> {
        let key = rsa::pkcs1::RsaPublicKey::from_der(der).map_err(|_| KeyReadError::NotAKey)?;
        PublicKey::rsa_from_parts(key.modulus.as_bytes(), key.public_exponent.as_bytes())
    }

    /// An RSA key from its modulus and exponent (big-endian bytes), of up
    /// to [`MAX_RSA_BITS`] bits with a small odd exponent.
    pub fn rsa_from_parts(n: &[u8], e: &[u8]) -> Result<PublicKey, KeyReadError> {
        check_rsa_numbers(n, e)?;
        RsaPublicKey::new_with_max_size(
            BigUint::from_bytes_be(n),
            BigUint::from_bytes_be(e),
            MAX_RSA_BITS,
        )
        .map(|k| PublicKey::Rsa(Box::new(k)))
        .map_err(|_| KeyReadError::NotAKey)
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
        count_key_pair_operation();
        Some(match (self, alg.family()) {
            // Blinded (the rng hides the exponent's timing); PKCS#1 v1.5
            // output is the same bytes either way.
            (PrivateKey::Rsa(k), Family::RsaPkcs1) => k
                .sign_with_rng(rng, pkcs1_scheme(alg), &alg.digest(message))
                .ok()?,
            (PrivateKey::Rsa(k), Family::RsaPss) => k
                .sign_with_rng(rng, pss_scheme(alg), &alg.digest(message))
                .ok()?,
            _ => return self.sign_curve(alg, message, rng),
        })
    }

    fn sign_curve(
        &self,
        alg: Algorithm,
        message: &[u8],
        rng: &mut impl CryptoRngCore,
    ) -> Option<Vec<u8>> {
        Some(match (self, alg) {
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

    /// The key as a PKCS#8 PEM block ("-----BEGIN PRIVATE KEY-----"): the
    /// PrivateKeyInfo of RFC 5208, written by each key crate's
    /// `EncodePrivateKey`, with PKCS#1 inside for RSA, SEC1 `ECPrivateKey`
    /// for EC (RFC 5915) and the 32-byte seed for Ed25519 (RFC 8410).
    pub fn to_pem(&self) -> String {
        let pem = match self {
            PrivateKey::Rsa(key) => key.to_pkcs8_pem(LineEnding::LF).ok(),
            PrivateKey::P256(key) => key.to_pkcs8_pem(LineEnding::LF).ok(),
            PrivateKey::P384(key) => key.to_pkcs8_pem(LineEnding::LF).ok(),
            // As for the public key: the generic `SecretKey` has the traits.
            PrivateKey::P521(key) => p521::SecretKey::from_bytes(&key.to_bytes())
                .ok()
                .and_then(|k| k.to_pkcs8_pem(LineEnding::LF).ok()),
            // The seed alone (PKCS#8 version 1), as OpenSSL writes it:
            // `SigningKey`'s own encoding adds the public key (version 2).
            PrivateKey::Ed25519(key) => ed25519_dalek::pkcs8::KeypairBytes {
                secret_key: key.to_bytes(),
                public_key: None,
            }
            .to_pkcs8_pem(LineEnding::LF)
            .ok(),
        };
        pem.map(|p| p.to_string()).unwrap_or_default()
    }

    /// Read a PKCS#8 DER private key of any supported type: parsed once,
    /// then read as its object identifier says.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<PrivateKey, KeyReadError> {
        let info = PrivateKeyInfo::try_from(der).map_err(|_| KeyReadError::NotAKey)?;
        match key_type(&info.algorithm).ok_or(KeyReadError::NotAKey)? {
            // PKCS#1 inside, read with its bounds checked first (as for SPKI).
            KeyType::Rsa => PrivateKey::from_pkcs1_der(info.private_key),
            // The crate's own conversion (what its `DecodePrivateKey` does):
            // a public key given beside the seed (PKCS#8 version 2) must match it.
            KeyType::Ed25519 => ed25519_dalek::SigningKey::try_from(info)
                .map(PrivateKey::Ed25519)
                .map_err(|_| KeyReadError::NotAKey),
            KeyType::Ec(curve) => PrivateKey::from_ec_private_key(info.private_key, curve)
                .ok_or(KeyReadError::NotAKey),
        }
    }

    /// Read a PKCS#1 DER RSA private key ("-----BEGIN RSA PRIVATE KEY-----").
    /// Its size and exponent are checked before the numbers are built, the
    /// same bounds as a public key's.
    pub fn from_pkcs1_der(der: &[u8]) -> Result<PrivateKey, KeyReadError> {
        let parts = rsa::pkcs1::RsaPrivateKey::from_der(der).map_err(|_| KeyReadError::NotAKey)?;
        check_rsa_numbers(parts.modulus.as_bytes(), parts.public_exponent.as_bytes())?;
        RsaPrivateKey::from_pkcs1_der(der)
            .map(|k| PrivateKey::Rsa(Box::new(k)))
            .map_err(|_| KeyReadError::NotAKey)
    }

    /// Read a SEC1 DER EC private key ("-----BEGIN EC PRIVATE KEY-----").
    pub fn from_sec1_der(der: &[u8]) -> Option<PrivateKey> {
        PrivateKey::from_ec_private_key(der, None)
    }

    /// A SEC1 `ECPrivateKey` (RFC 5915), on the curve its own parameters
    /// name, else `curve`.
    ///
    /// Read with the `sec1` crate's decoder and the scalar alone, not the
    /// curve crates' `DecodePrivateKey` or `from_sec1_der`: those also check
    /// the public key given beside the scalar, which costs 1.8 to 3 KB gzip
    /// in the page for the three curves (measured, docs/SIZE.md). A wrong
    /// public half is harmless here: the key used is the one the scalar makes.
    fn from_ec_private_key(der: &[u8], curve: Option<Curve>) -> Option<PrivateKey> {
        let key = sec1::EcPrivateKey::try_from(der).ok()?;
        let curve = key
            .parameters
            .and_then(|p| p.named_curve())
            .and_then(ec_curve)
            .or(curve)?;
        PrivateKey::from_scalar(curve, key.private_key)
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
    pub fn rsa_from_parts(
        n: &[u8],
        e: &[u8],
        d: &[u8],
        primes: &[&[u8]],
    ) -> Result<PrivateKey, KeyReadError> {
        check_rsa_numbers(n, e)?;
        if bit_len(d) > MAX_RSA_BITS || primes.iter().any(|p| bit_len(p) > MAX_RSA_BITS) {
            return Err(KeyReadError::NotAKey);
        }
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
        .ok_or(KeyReadError::NotAKey)
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
