//! Public-key signatures for JWS: RSASSA-PKCS1-v1_5 (RS*), RSASSA-PSS (PS*),
//! ECDSA on P-256/P-384/P-521 (ES*) and Ed25519 (EdDSA), all with RustCrypto
//! crates. Here are the keys, what they are in plain words, their JWK and PEM
//! forms, and signing and verifying over the exact signing input.
//!
//! ECDSA signatures are the raw `r || s` of RFC 7518 section 3.4, never DER.
//!
//! - [`bounds`]: how large an RSA key read here may be, checked on the
//!   bytes before any arithmetic, and RSA keys built from their numbers.
//! - [`der`]: the PEM and DER forms (SPKI, PKCS#1, PKCS#8, SEC1), read and
//!   written with the key crates' own encoders and decoders.
//! - [`jwk`]: the JWK members, the RFC 7638 thumbprint, and EC and Ed25519
//!   keys from a JWK's coordinates.
//! - [`signature`]: signing and verifying, and the count of both.

mod bounds;
mod der;
mod jwk;
mod signature;

pub use bounds::{KeyReadError, MAX_RSA_BITS, MIN_RSA_BITS};

/// The sizes of RSA key this page makes (in its background worker): 2,048
/// bits is what RFC 7518 section 3.3 asks at least; over 4,096 the primes
/// take minutes to find in a browser.
pub const MIN_MADE_RSA_BITS: usize = 2048;
pub const MAX_MADE_RSA_BITS: usize = 4096;
pub use signature::{ecdsa_twin, key_pair_operations};

use super::alg::{Algorithm, Curve, Family};
use rand_core::CryptoRngCore;
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use std::fmt;

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

    /// A fresh RSA key of `bits` bits (a multiple of 8 from
    /// [`MIN_MADE_RSA_BITS`] to [`MAX_MADE_RSA_BITS`]), public exponent 65537.
    /// Finding its two primes takes seconds, so the page asks its background
    /// worker for it (`work::Job::RsaKey`), never its main thread.
    pub fn generate_rsa(bits: usize, rng: &mut impl CryptoRngCore) -> Result<PrivateKey, String> {
        if !(MIN_MADE_RSA_BITS..=MAX_MADE_RSA_BITS).contains(&bits) || bits % 8 != 0 {
            return Err(format!(
                "an RSA key is made with {MIN_MADE_RSA_BITS} to {MAX_MADE_RSA_BITS} bits, a multiple of 8, not {bits}"
            ));
        }
        RsaPrivateKey::new(rng, bits)
            .map(|key| PrivateKey::Rsa(Box::new(key)))
            .map_err(|e| format!("the RSA key could not be made: {e}"))
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
}
