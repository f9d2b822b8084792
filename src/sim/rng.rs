//! Where randomness comes from. It is passed in from outside so tests are
//! deterministic while the page uses the browser's CSPRNG.
//!
//! Session ids, JWT ids (`jti`), salts and the server secret all need
//! unpredictable bytes: OWASP's session guidance asks for at least 64 bits of
//! entropy from a CSPRNG; this simulation uses 128 bits for session ids.

use std::fmt;

/// The OS / browser random source could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntropyError {
    pub message: String,
}

impl fmt::Display for EntropyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no secure random numbers available: {}", self.message)
    }
}

impl std::error::Error for EntropyError {}

/// A source of random bytes. Failing is allowed (and reported): a server that
/// cannot get randomness must refuse to mint guessable ids, not invent them.
pub trait Entropy: Send + Sync {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), EntropyError>;
}

/// The operating system's CSPRNG natively, and `crypto.getRandomValues` in the
/// browser (getrandom's `js` feature).
#[derive(Debug, Clone, Copy, Default)]
pub struct OsEntropy;

impl Entropy for OsEntropy {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), EntropyError> {
        // The error's code, not its Display: that text covers every platform
        // getrandom supports and would ship all of it to the browser.
        getrandom::getrandom(buf).map_err(|e| EntropyError {
            message: format!("getrandom error code {}", e.code()),
        })
    }
}

/// Deterministic bytes from a seed (SplitMix64), so tests and replays give
/// the same ids every time. **For tests only: this is not a CSPRNG**; anyone
/// who sees a few outputs can predict the rest.
#[derive(Debug, Clone)]
pub struct SeededEntropy {
    state: u64,
}

impl SeededEntropy {
    pub fn new(seed: u64) -> SeededEntropy {
        SeededEntropy { state: seed }
    }

    /// SplitMix64 (Steele, Lea, Flood 2014), as in `java.util.SplittableRandom`.
    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

impl Entropy for SeededEntropy {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), EntropyError> {
        for chunk in buf.chunks_mut(8) {
            let bytes = self.next_u64().to_le_bytes();
            for (out, b) in chunk.iter_mut().zip(bytes) {
                *out = b;
            }
        }
        Ok(())
    }
}

/// `n` random bytes as base64url without padding.
pub fn random_b64url(entropy: &mut dyn Entropy, n: usize) -> Result<String, EntropyError> {
    let mut buf = vec![0u8; n];
    entropy.fill(&mut buf)?;
    Ok(crate::jwt::base64url::encode(&buf))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_is_deterministic_and_os_works() {
        let mut a = SeededEntropy::new(7);
        let mut b = SeededEntropy::new(7);
        assert_eq!(random_b64url(&mut a, 16), random_b64url(&mut b, 16));
        assert_ne!(
            random_b64url(&mut a, 16),
            random_b64url(&mut SeededEntropy::new(8), 16)
        );
        assert_eq!(random_b64url(&mut OsEntropy, 16).map(|s| s.len()), Ok(22));
    }
}
