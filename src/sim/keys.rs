//! How the servers trust tokens: one shared secret, or a key pair.
//!
//! With a **shared secret** (HS256) every server holds the secret, so every
//! server that can check a token can also mint one. With a **key pair**
//! (ES256) only the issuer, server 1, holds a private key and signs; the
//! other servers verify with its public keys, which the issuer publishes as
//! a JWK Set at `GET /.well-known/jwks.json` (a common convention: RFC 8414
//! section 2 names the `jwks_uri` metadata that points to it; RFC 7517
//! section 5 defines the document). A server fetches the set
//! the first time it needs it, when its copy is older than the set's
//! `max-age`, and when a token names a `kid` its copy does not have
//! (RFC 7515 section 4.1.4): that is how a rotated key reaches it.
//!
//! Keys come from the world's entropy, so a seeded world makes the same keys.

use super::rng::{fill, EntropyError};
use crate::jwt::{Algorithm, Curve, KeyEntry, KeySet, PrivateKey};
use rand_core::RngCore;
use std::fmt;

/// Where the issuer publishes its public keys.
pub const JWKS_PATH: &str = "/.well-known/jwks.json";
/// Seconds a server may keep its copy of the key set (`Cache-Control: max-age`).
pub const JWKS_MAX_AGE: i64 = 60;
/// Seconds a server waits before fetching again for another unknown kid, so
/// tokens with made-up kids cannot make every server hammer the issuer.
pub const JWKS_COOLDOWN: i64 = 10;
/// The server that signs in key-pair mode (the login server).
pub const ISSUER_ID: usize = 1;
/// The algorithm of key-pair mode: ECDSA on P-256, quick to sign in the page.
pub const KEY_PAIR_ALG: Algorithm = Algorithm::ES256;

/// Shared secret or key pair.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[strum(serialize_all = "kebab-case")]
pub enum KeyMode {
    /// Every server holds the one HMAC secret (HS256).
    #[default]
    SharedSecret,
    /// The issuer signs with its private key (ES256); the others verify with
    /// its published public keys.
    KeyPair,
}

impl KeyMode {
    /// `shared-secret` / `key-pair` (stable values for the UI).
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn from_str_value(value: &str) -> Option<KeyMode> {
        value.parse().ok()
    }

    /// Both key modes, in the order the page offers them.
    pub const ALL: [KeyMode; 2] = [KeyMode::SharedSecret, KeyMode::KeyPair];

    /// The key mode in words, for a choice on screen.
    pub fn words(self) -> &'static str {
        match self {
            KeyMode::SharedSecret => "One shared secret (HS256)",
            KeyMode::KeyPair => "A key pair (the issuer signs)",
        }
    }

    /// The algorithm servers sign and accept in this mode.
    pub fn alg(self) -> Algorithm {
        match self {
            KeyMode::SharedSecret => Algorithm::HS256,
            KeyMode::KeyPair => KEY_PAIR_ALG,
        }
    }
}

impl fmt::Display for KeyMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyMode::SharedSecret => "shared secret",
            KeyMode::KeyPair => "key pair",
        })
    }
}

/// One of the issuer's signing keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuerKey {
    pub kid: String,
    pub private: PrivateKey,
}

/// The issuer's keys, oldest first; the newest signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issuer {
    keys: Vec<IssuerKey>,
    /// The number in the next key's kid (`k1`, `k2`, ...).
    next: u32,
}

/// A fresh P-256 key from 32 bytes of entropy (a value of zero or above the
/// group order, chance 2^-32, is drawn again).
fn new_key(entropy: &mut dyn RngCore) -> Result<PrivateKey, EntropyError> {
    for _ in 0..8 {
        let mut seed = [0u8; 32];
        fill(entropy, &mut seed)?;
        if let Some(key) = PrivateKey::from_seed(Curve::P256, &seed) {
            return Ok(key);
        }
    }
    Err(EntropyError {
        message: "the random bytes never made a valid P-256 key".to_string(),
    })
}

impl Issuer {
    /// An issuer with one key, `k1`.
    pub fn new(entropy: &mut dyn RngCore) -> Result<Issuer, EntropyError> {
        let mut issuer = Issuer {
            keys: Vec::new(),
            next: 1,
        };
        issuer.rotate(entropy)?;
        Ok(issuer)
    }

    /// The key that signs new tokens (the newest).
    pub fn current(&self) -> Option<&IssuerKey> {
        self.keys.last()
    }

    pub fn keys(&self) -> &[IssuerKey] {
        &self.keys
    }

    /// The kids it publishes, oldest first.
    pub fn kids(&self) -> Vec<String> {
        self.keys.iter().map(|k| k.kid.clone()).collect()
    }

    /// Add a new key, which signs from now on; the old ones stay published,
    /// so tokens they signed keep working. Returns the new kid.
    pub fn rotate(&mut self, entropy: &mut dyn RngCore) -> Result<String, EntropyError> {
        let private = new_key(entropy)?;
        let kid = format!("k{}", self.next);
        self.next = self.next.saturating_add(1);
        self.keys.push(IssuerKey {
            kid: kid.clone(),
            private,
        });
        Ok(kid)
    }

    /// Stop publishing every key but the newest. Returns the kids removed.
    pub fn remove_old(&mut self) -> Vec<String> {
        let keep = self.keys.len().saturating_sub(1);
        self.keys.drain(..keep).map(|k| k.kid).collect()
    }

    /// The public halves, as the key set servers verify with.
    pub fn published(&self) -> KeySet {
        KeySet::of(
            self.keys
                .iter()
                .map(|k| KeyEntry::public(k.private.public(), &k.kid, KEY_PAIR_ALG))
                .collect(),
        )
    }

    /// The JWK Set document served at [`JWKS_PATH`].
    pub fn jwks_text(&self) -> String {
        self.published().to_public_json().to_pretty()
    }
}

/// A server's copy of the issuer's key set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwksCopy {
    pub set: KeySet,
    /// When it was fetched (simulated seconds).
    pub fetched_at: i64,
    /// Fetched because of an unknown kid: no new fetch for another unknown
    /// kid until [`JWKS_COOLDOWN`] has passed.
    pub for_unknown_kid: bool,
}

impl JwksCopy {
    pub fn kids(&self) -> Vec<String> {
        self.set.kids().iter().map(|k| k.to_string()).collect()
    }

    /// Younger than [`JWKS_MAX_AGE`] at `now`.
    pub fn is_fresh(&self, now: i64) -> bool {
        now.saturating_sub(self.fetched_at) < JWKS_MAX_AGE
    }
}

/// Why a server fetched the key set, in words for the network log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchReason {
    /// It had no copy yet.
    First,
    /// Its copy was older than `max-age`.
    Expired { age: i64 },
    /// The token names a kid its copy does not have.
    UnknownKid { kid: String },
}

impl fmt::Display for FetchReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchReason::First => f.write_str("it has no copy of the issuer's public keys yet"),
            FetchReason::Expired { age } => write!(
                f,
                "its copy is {age} s old, past the set's max-age of {JWKS_MAX_AGE} s"
            ),
            FetchReason::UnknownKid { kid } => write!(
                f,
                "the token names kid \"{kid}\", which its copy does not have (the issuer may have rotated its key)"
            ),
        }
    }
}

/// Does a server holding `copy` need to fetch the set at `now` for a token
/// naming `kid`?
pub fn fetch_reason(copy: Option<&JwksCopy>, kid: Option<&str>, now: i64) -> Option<FetchReason> {
    let Some(copy) = copy else {
        return Some(FetchReason::First);
    };
    if !copy.is_fresh(now) {
        return Some(FetchReason::Expired {
            age: now.saturating_sub(copy.fetched_at),
        });
    }
    let cooling = copy.for_unknown_kid && now.saturating_sub(copy.fetched_at) < JWKS_COOLDOWN;
    match kid {
        Some(kid) if !copy.set.kids().contains(&kid) && !cooling => Some(FetchReason::UnknownKid {
            kid: kid.to_string(),
        }),
        _ => None,
    }
}
