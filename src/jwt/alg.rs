//! The HMAC algorithms of RFC 7518 section 3.2 (HS256, HS384, HS512) and the
//! MAC itself. Comparison is constant-time through `Mac::verify_slice`
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
}

impl Algorithm {
    pub const ALL: [Algorithm; 3] = [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512];

    /// The `alg` header value, exactly as RFC 7518 spells it.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::HS256 => "HS256",
            Algorithm::HS384 => "HS384",
            Algorithm::HS512 => "HS512",
        }
    }

    /// Exact, case-sensitive match of an `alg` value (RFC 7515 section 4.1.1).
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The hash function's name, for explanations.
    pub fn hash_name(self) -> &'static str {
        match self {
            Algorithm::HS256 => "SHA-256",
            Algorithm::HS384 => "SHA-384",
            Algorithm::HS512 => "SHA-512",
        }
    }

    /// MAC length in bytes; also the minimum key length RFC 7518 section 3.2 asks for.
    pub fn output_len(self) -> usize {
        match self {
            Algorithm::HS256 => 32,
            Algorithm::HS384 => 48,
            Algorithm::HS512 => 64,
        }
    }

    /// HMAC of `message` under `key`.
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
        match self {
            Algorithm::HS256 => run::<Hmac<Sha256>>(key, message),
            Algorithm::HS384 => run::<Hmac<Sha384>>(key, message),
            Algorithm::HS512 => run::<Hmac<Sha512>>(key, message),
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
        match self {
            Algorithm::HS256 => run::<Hmac<Sha256>>(key, message, tag),
            Algorithm::HS384 => run::<Hmac<Sha384>>(key, message, tag),
            Algorithm::HS512 => run::<Hmac<Sha512>>(key, message, tag),
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
