//! The keys' PEM and DER forms: SPKI ("PUBLIC KEY", RFC 5280), PKCS#1
//! ("RSA PUBLIC KEY", "RSA PRIVATE KEY", RFC 8017), PKCS#8 ("PRIVATE KEY",
//! RFC 5208) and SEC1 ("EC PRIVATE KEY", RFC 5915). The key crates write and
//! read them (`EncodePublicKey`, `EncodePrivateKey` and the conversions from
//! a parsed SPKI or PKCS#8); what is read here by hand, and why, is said where
//! it is done.

use super::bounds::{check_rsa_numbers, KeyReadError};
use super::{PrivateKey, PublicKey};
use crate::jwt::alg::Curve;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::der::Decode;
use rsa::pkcs8::spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};
use rsa::pkcs8::{
    AssociatedOid, EncodePrivateKey, EncodePublicKey, LineEnding, ObjectIdentifier, PrivateKeyInfo,
};
use rsa::RsaPrivateKey;

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

impl PublicKey {
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
}

impl PrivateKey {
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
}
