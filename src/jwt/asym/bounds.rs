//! RSA numbers read from untrusted text (a JWK, a PEM or DER key) are
//! checked on their bytes before any arithmetic: a crafted megabyte-long
//! modulus is refused before it is made into a number, and a modulus too
//! large or an exponent out of range is named as such, not only "not a key".
//! Here are the bounds, the error that names the one broken, and RSA keys
//! built from numbers within them.
use super::{PrivateKey, PublicKey};
use rsa::{BigUint, RsaPrivateKey, RsaPublicKey};
use std::fmt;

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
                crate::jwt::display::thousands(*bits),
                crate::jwt::display::thousands(MAX_RSA_BITS)
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
pub(super) fn check_rsa_numbers(n: &[u8], e: &[u8]) -> Result<(), KeyReadError> {
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
            e: format!("a {}-bit number", crate::jwt::display::thousands(e_bits)),
        }),
    }
}

impl PublicKey {
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
}

impl PrivateKey {
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
}
