//! Password storage: the server keeps a salted, slow hash, never the password.
//!
//! PBKDF2 with HMAC-SHA256 as the pseudorandom function (RFC 8018 section 5.2),
//! from the `pbkdf2` crate. The salt (16 random bytes per user) makes equal
//! passwords hash differently and defeats precomputed tables; the iteration
//! count makes every guess cost the attacker as much as it costs the server.
//!
//! The default of 10,000 iterations keeps logins snappy in the page. Real
//! servers use far more: OWASP's Password Storage Cheat Sheet asks for
//! 600,000 iterations of PBKDF2-HMAC-SHA256, or a memory-hard function such
//! as Argon2id.

use crate::jwt::base64url;
use sha2::Sha256;
use std::cell::{Cell, RefCell};
use subtle::ConstantTimeEq;

/// The most password checks remembered while a story is replayed.
const MAX_REMEMBERED: usize = 64;

/// One password check's inputs: salt, iterations, the stored hash and the
/// password tried.
type CheckKey = (Vec<u8>, u32, Vec<u8>, String);

thread_local! {
    /// PBKDF2 derivations made on this thread (see [`derivations`]).
    static DERIVATIONS: Cell<u64> = const { Cell::new(0) };
    /// While a story is replayed: the password checks already made.
    static REPLAY_MEMO: RefCell<Option<Vec<(CheckKey, bool)>>> = const { RefCell::new(None) };
}

/// How many PBKDF2 derivations this thread has made: the work a replay is
/// measured in (tests count it instead of timing it).
pub fn derivations() -> u64 {
    DERIVATIONS.with(Cell::get)
}

/// Run `replay` (a story played again from its journal) remembering each
/// password check's answer: its result is already known from the first time,
/// so 500 logins with one password cost one slow hash, not 500. Live clicks
/// never use this: a simulated server does all the work of every check.
pub fn with_replay_memo<R>(replay: impl FnOnce() -> R) -> R {
    ReplayMemo::default().during(replay)
}

/// The password checks a replay has made so far, owned by the replay so it
/// can go on in slices (the page yields to the browser between them): each
/// slice installs it on this thread, and takes it back, answers added.
#[derive(Default)]
pub struct ReplayMemo(Vec<(CheckKey, bool)>);

impl ReplayMemo {
    /// Run `slice` of a replay with these answers known, and keep what it learns.
    pub fn during<R>(&mut self, slice: impl FnOnce() -> R) -> R {
        let mine = std::mem::take(&mut self.0);
        let outer = REPLAY_MEMO.with(|m| m.borrow_mut().replace(mine));
        let result = slice();
        let back = REPLAY_MEMO.with(|m| std::mem::replace(&mut *m.borrow_mut(), outer));
        self.0 = back.unwrap_or_default();
        result
    }
}

/// Iterations used when the configuration does not say otherwise.
pub const DEFAULT_ITERATIONS: u32 = 10_000;
/// Salt length in bytes.
pub const SALT_LEN: usize = 16;
/// Derived-key length in bytes (one SHA-256 block of output).
pub const HASH_LEN: usize = 32;

/// PBKDF2-HMAC-SHA256 (RFC 8018 section 5.2): fill `out` with key material
/// derived from `password` and `salt`, with the `pbkdf2` crate over the same
/// `hmac` and `sha2` the JWT engine uses. An iteration count of 0 is treated
/// as 1 (the RFC requires c >= 1).
pub fn pbkdf2_hmac_sha256(password: &[u8], salt: &[u8], iterations: u32, out: &mut [u8]) {
    DERIVATIONS.with(|d| d.set(d.get().saturating_add(1)));
    pbkdf2::pbkdf2_hmac::<Sha256>(password, salt, iterations.max(1), out);
}

/// A stored password hash: `pbkdf2-sha256$<iterations>$<salt>$<hash>`,
/// salt and hash in base64url.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash {
    pub iterations: u32,
    pub salt: Vec<u8>,
    pub hash: Vec<u8>,
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.stored_form())
    }
}

impl PasswordHash {
    /// Hash `password` with `salt`. The password itself is not kept.
    pub fn new(password: &str, salt: &[u8], iterations: u32) -> PasswordHash {
        let iterations = iterations.max(1);
        let mut hash = vec![0u8; HASH_LEN];
        pbkdf2_hmac_sha256(password.as_bytes(), salt, iterations, &mut hash);
        PasswordHash {
            iterations,
            salt: salt.to_vec(),
            hash,
        }
    }

    /// Recompute the hash of `candidate` with the stored salt and iterations and
    /// compare in constant time (no early exit that would leak how many bytes matched).
    pub fn verify(&self, candidate: &str) -> bool {
        let key = || {
            (
                self.salt.clone(),
                self.iterations,
                self.hash.clone(),
                candidate.to_string(),
            )
        };
        let known = REPLAY_MEMO.with(|m| {
            m.borrow().as_ref().and_then(|memo| {
                let key = key();
                memo.iter().find(|(k, _)| *k == key).map(|(_, ok)| *ok)
            })
        });
        if let Some(ok) = known {
            return ok;
        }
        let ok = self.compute_and_compare(candidate);
        REPLAY_MEMO.with(|m| {
            if let Some(memo) = m.borrow_mut().as_mut() {
                if memo.len() >= MAX_REMEMBERED {
                    memo.remove(0);
                }
                memo.push((key(), ok));
            }
        });
        ok
    }

    fn compute_and_compare(&self, candidate: &str) -> bool {
        let mut computed = vec![0u8; self.hash.len()];
        pbkdf2_hmac_sha256(
            candidate.as_bytes(),
            &self.salt,
            self.iterations,
            &mut computed,
        );
        computed.ct_eq(&self.hash).into()
    }

    /// The text a database row would hold.
    pub fn stored_form(&self) -> String {
        format!(
            "pbkdf2-sha256${}${}${}",
            self.iterations,
            base64url::encode(&self.salt),
            base64url::encode(&self.hash)
        )
    }

    /// Read the stored form back.
    pub fn parse(stored: &str) -> Option<PasswordHash> {
        let mut parts = stored.split('$');
        if parts.next()? != "pbkdf2-sha256" {
            return None;
        }
        let iterations = parts.next()?.parse::<u32>().ok().filter(|&n| n > 0)?;
        let salt = base64url::decode(parts.next()?).ok()?;
        let hash = base64url::decode(parts.next()?).ok()?;
        if parts.next().is_some() || hash.is_empty() {
            return None;
        }
        Some(PasswordHash {
            iterations,
            salt,
            hash,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        base64url::hex(bytes)
    }

    /// RFC 7914 (scrypt) section 11 publishes PBKDF2-HMAC-SHA256 test vectors.
    #[test]
    fn pbkdf2_hmac_sha256_rfc7914_section11_passwd_salt_c1() {
        let mut out = [0u8; 64];
        pbkdf2_hmac_sha256(b"passwd", b"salt", 1, &mut out);
        assert_eq!(
            hex(&out),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc\
             49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783",
            "RFC 7914 section 11, P=\"passwd\", S=\"salt\", c=1, dkLen=64"
        );
    }

    #[test]
    fn pbkdf2_hmac_sha256_rfc7914_section11_password_nacl_c80000() {
        let mut out = [0u8; 64];
        pbkdf2_hmac_sha256(b"Password", b"NaCl", 80_000, &mut out);
        assert_eq!(
            hex(&out),
            "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56\
             a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d",
            "RFC 7914 section 11, P=\"Password\", S=\"NaCl\", c=80000, dkLen=64"
        );
    }

    #[test]
    fn stored_form_round_trips_and_verifies() {
        let h = PasswordHash::new("wonderland", b"0123456789abcdef", 100);
        let stored = h.stored_form();
        assert!(stored.starts_with("pbkdf2-sha256$100$"));
        assert!(!stored.contains("wonderland"));
        let back = PasswordHash::parse(&stored).unwrap();
        assert_eq!(back, h);
        assert!(back.verify("wonderland"));
        assert!(!back.verify("Wonderland"));
        assert_eq!(PasswordHash::parse("pbkdf2-sha256$0$AA$AA"), None);
        assert_eq!(PasswordHash::parse("md5$1$AA$AA"), None);
    }
}
