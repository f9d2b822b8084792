//! Signing and verifying over the exact signing input: RSASSA-PKCS1-v1_5 and
//! RSASSA-PSS (RFC 7518 sections 3.3 and 3.5), ECDSA with the raw `r || s`
//! (section 3.4) and Ed25519 (RFC 8037); and the count of both, the work a
//! replay is measured in.

use super::{PrivateKey, PublicKey};
use crate::jwt::alg::{Algorithm, Family};
use rand_core::CryptoRngCore;
use rsa::signature::{RandomizedSigner, Signer, Verifier};
use rsa::{Pkcs1v15Sign, Pss};
use sha2::{Sha256, Sha384, Sha512};

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

impl PublicKey {
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
}

impl PrivateKey {
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
}

/// The twin of an ECDSA signature: (r, n - s) for (r, s). ECDSA signatures
/// are malleable: both verify the same message under the same key, yet they
/// are different bytes, so a token re-encoded this way is a different text
/// that says and proves the same thing. (Verifiers that accept only the
/// "low-S" one, as Bitcoin's BIP 62 asks, refuse one of the pair; the JOSE
/// specifications do not.) `None` when `signature` is not an ECDSA signature
/// of `alg`'s size.
pub fn ecdsa_twin(alg: Algorithm, signature: &[u8]) -> Option<Vec<u8>> {
    match alg {
        Algorithm::ES256 => {
            let sig = p256::ecdsa::Signature::from_slice(signature).ok()?;
            let (r, s) = sig.split_scalars();
            let twin = p256::ecdsa::Signature::from_scalars(r, -s).ok()?;
            Some(twin.to_bytes().to_vec())
        }
        Algorithm::ES384 => {
            let sig = p384::ecdsa::Signature::from_slice(signature).ok()?;
            let (r, s) = sig.split_scalars();
            let twin = p384::ecdsa::Signature::from_scalars(r, -s).ok()?;
            Some(twin.to_bytes().to_vec())
        }
        Algorithm::ES512 => {
            let sig = p521::ecdsa::Signature::from_slice(signature).ok()?;
            let (r, s) = sig.split_scalars();
            let twin = p521::ecdsa::Signature::from_scalars(r, -s).ok()?;
            Some(twin.to_bytes().to_vec())
        }
        _ => None,
    }
}
