//! The JWS algorithms of RFC 7518 (HS*, RS*, PS*, ES*) and RFC 8037 (EdDSA),
//! and the HMAC itself; the public-key computations live in `asym`. HMAC
//! comparison is constant-time through `Mac::verify_slice`
//! (RFC 8725 section 3.1 asks verifiers not to leak where bytes differ).

use hmac::{Hmac, Mac};
use sha2::{Sha256, Sha384, Sha512};
use std::fmt;

/// A JWS algorithm this app can sign and verify with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Algorithm {
    #[default]
    HS256,
    HS384,
    HS512,
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    ES512,
    EdDSA,
}

/// The kind of computation behind an algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// HMAC with a shared secret (RFC 7518 section 3.2).
    Hmac,
    /// RSASSA-PKCS1-v1_5 (RFC 7518 section 3.3).
    RsaPkcs1,
    /// RSASSA-PSS (RFC 7518 section 3.5).
    RsaPss,
    /// ECDSA on a NIST curve (RFC 7518 section 3.4).
    Ecdsa,
    /// Ed25519 (RFC 8037).
    EdDsa,
}

/// An elliptic curve, by its JWK `crv` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Curve {
    P256,
    P384,
    P521,
    Ed25519,
}

impl Curve {
    /// The JWK `crv` value (RFC 7518 section 6.2.1.1, RFC 8037 section 2).
    pub fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
            Curve::Ed25519 => "Ed25519",
        }
    }

    pub fn from_name(name: &str) -> Option<Curve> {
        [Curve::P256, Curve::P384, Curve::P521, Curve::Ed25519]
            .into_iter()
            .find(|c| c.name() == name)
    }

    /// Bytes of one coordinate (and of `r` and `s` in an ECDSA signature).
    pub fn coordinate_len(self) -> usize {
        match self {
            Curve::P256 | Curve::Ed25519 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }
}

impl Algorithm {
    pub const ALL: [Algorithm; 13] = [
        Algorithm::HS256,
        Algorithm::HS384,
        Algorithm::HS512,
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::ES512,
        Algorithm::EdDSA,
    ];

    /// The `alg` header value, exactly as RFC 7518 and RFC 8037 spell it.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::HS256 => "HS256",
            Algorithm::HS384 => "HS384",
            Algorithm::HS512 => "HS512",
            Algorithm::RS256 => "RS256",
            Algorithm::RS384 => "RS384",
            Algorithm::RS512 => "RS512",
            Algorithm::PS256 => "PS256",
            Algorithm::PS384 => "PS384",
            Algorithm::PS512 => "PS512",
            Algorithm::ES256 => "ES256",
            Algorithm::ES384 => "ES384",
            Algorithm::ES512 => "ES512",
            Algorithm::EdDSA => "EdDSA",
        }
    }

    /// Exact, case-sensitive match of an `alg` value (RFC 7515 section 4.1.1).
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|a| a.name() == name)
    }

    pub fn family(self) -> Family {
        use Algorithm as A;
        match self {
            A::HS256 | A::HS384 | A::HS512 => Family::Hmac,
            A::RS256 | A::RS384 | A::RS512 => Family::RsaPkcs1,
            A::PS256 | A::PS384 | A::PS512 => Family::RsaPss,
            A::ES256 | A::ES384 | A::ES512 => Family::Ecdsa,
            A::EdDSA => Family::EdDsa,
        }
    }

    /// One secret shared by signer and verifier (HMAC), rather than a key pair.
    pub fn is_symmetric(self) -> bool {
        self.family() == Family::Hmac
    }

    /// The curve an ECDSA or EdDSA algorithm is bound to.
    pub fn curve(self) -> Option<Curve> {
        match self {
            Algorithm::ES256 => Some(Curve::P256),
            Algorithm::ES384 => Some(Curve::P384),
            Algorithm::ES512 => Some(Curve::P521),
            Algorithm::EdDSA => Some(Curve::Ed25519),
            _ => None,
        }
    }

    /// RS256/384/512 or PS256/384/512: an RSA key signs.
    pub fn is_rsa(self) -> bool {
        matches!(self.family(), Family::RsaPkcs1 | Family::RsaPss)
    }

    /// The JWK key type (`kty`) the algorithm needs (RFC 7518 section 6.1).
    pub fn kty(self) -> &'static str {
        match self.family() {
            Family::Hmac => "oct",
            Family::RsaPkcs1 | Family::RsaPss => "RSA",
            Family::Ecdsa => "EC",
            Family::EdDsa => "OKP",
        }
    }

    /// What the algorithm does, in a few words, for the algorithm list.
    pub fn describe(self) -> &'static str {
        match self.family() {
            Family::Hmac => "HMAC with a shared secret",
            Family::RsaPkcs1 => "RSA signature (PKCS#1 v1.5)",
            Family::RsaPss => "RSA signature (PSS, randomized)",
            Family::Ecdsa => "ECDSA signature",
            Family::EdDsa => "Ed25519 signature",
        }
    }

    /// The hash function's name, for explanations. EdDSA hashes inside the
    /// signature scheme (SHA-512, RFC 8032 section 5.1).
    pub fn hash_name(self) -> &'static str {
        use Algorithm as A;
        match self {
            A::HS256 | A::RS256 | A::PS256 | A::ES256 => "SHA-256",
            A::HS384 | A::RS384 | A::PS384 | A::ES384 => "SHA-384",
            A::HS512 | A::RS512 | A::PS512 | A::ES512 | A::EdDSA => "SHA-512",
        }
    }

    /// Digest length in bytes. For HMAC this is also the MAC length and the
    /// minimum key length RFC 7518 section 3.2 asks for.
    pub fn output_len(self) -> usize {
        match self.hash_name() {
            "SHA-256" => 32,
            "SHA-384" => 48,
            _ => 64,
        }
    }

    /// The digest of `message` with this algorithm's hash.
    pub fn digest(self, message: &[u8]) -> Vec<u8> {
        use sha2::Digest;
        match self.output_len() {
            32 => Sha256::digest(message).to_vec(),
            48 => Sha384::digest(message).to_vec(),
            _ => Sha512::digest(message).to_vec(),
        }
    }

    /// HMAC of `message` under `key`, with this algorithm's hash (meant for HS*).
    pub fn mac(self, key: &[u8], message: &[u8]) -> Vec<u8> {
        fn run<M: Mac + hmac::digest::KeyInit>(key: &[u8], message: &[u8]) -> Vec<u8> {
            // HMAC accepts keys of any length (RFC 2104 section 2), so this never fails.
            match <M as hmac::digest::KeyInit>::new_from_slice(key) {
                Ok(mut mac) => {
                    mac.update(message);
                    mac.finalize().into_bytes().to_vec()
                }
                Err(_) => Vec::new(),
            }
        }
        match self.output_len() {
            32 => run::<Hmac<Sha256>>(key, message),
            48 => run::<Hmac<Sha384>>(key, message),
            _ => run::<Hmac<Sha512>>(key, message),
        }
    }

    /// Does `tag` equal the HMAC of `message`? Constant-time in the tag's content.
    pub fn verify_mac(self, key: &[u8], message: &[u8], tag: &[u8]) -> bool {
        fn run<M: Mac + hmac::digest::KeyInit>(key: &[u8], message: &[u8], tag: &[u8]) -> bool {
            match <M as hmac::digest::KeyInit>::new_from_slice(key) {
                Ok(mut mac) => {
                    mac.update(message);
                    mac.verify_slice(tag).is_ok()
                }
                Err(_) => false,
            }
        }
        match self.output_len() {
            32 => run::<Hmac<Sha256>>(key, message, tag),
            48 => run::<Hmac<Sha384>>(key, message, tag),
            _ => run::<Hmac<Sha512>>(key, message, tag),
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
