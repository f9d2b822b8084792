//! The simulated internet beyond the app's servers: which address serves
//! which key set. A server that trusts a token's `jku` fetches from here, and
//! the network log shows that same fetch: one table for both.

use super::attacker::{attacker_key_set, ATTACKER_JWKS_URL};
use super::http::HOST;
use super::keys::{Issuer, JWKS_PATH};
use crate::jwt::KeySet;

/// Who publishes a key set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publisher {
    /// `evil.example`: the attacker's own public key (kid `evil-1`).
    Attacker,
    /// The app's issuer, at `/.well-known/jwks.json` (key-pair mode only).
    Issuer,
}

/// A key set at an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub url: String,
    pub keys: KeySet,
    pub publisher: Publisher,
}

/// The issuer's key set address.
pub fn issuer_jwks_url() -> String {
    format!("https://{HOST}{JWKS_PATH}")
}

/// Every key set reachable: the attacker's, and the issuer's when there is
/// one publishing (key-pair mode).
pub fn key_sets(issuer: Option<&Issuer>) -> Vec<Site> {
    let mut sites = vec![Site {
        url: ATTACKER_JWKS_URL.to_string(),
        keys: attacker_key_set(),
        publisher: Publisher::Attacker,
    }];
    if let Some(issuer) = issuer {
        sites.push(Site {
            url: issuer_jwks_url(),
            keys: issuer.published(),
            publisher: Publisher::Issuer,
        });
    }
    sites
}

/// What answers at `url`, if anything does.
pub fn key_set_at(url: &str, issuer: Option<&Issuer>) -> Option<Site> {
    key_sets(issuer).into_iter().find(|site| site.url == url)
}
