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

    /// Every byte given out so far, when this source keeps them
    /// ([`TapeEntropy`]); `None` for sources that do not (or could not).
    fn tape(&self) -> Option<&[u8]> {
        None
    }
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

/// The most random bytes a [`TapeEntropy`] keeps: far more than a long
/// story draws (a secret, a key pair, 16 bytes per session or token id).
pub const MAX_TAPE: usize = 64 * 1024;

/// A CSPRNG whose output is kept, so the same world can be built again
/// (after a reload, or from a share link that carries it): it first plays
/// back `tape`, then draws fresh bytes from `source` and appends them.
///
/// The tape holds whatever was made from it (the simulated server's secret,
/// its signing key, session ids), so it is kept or shared only as the
/// simulation's own state, never a real secret. Past [`MAX_TAPE`] bytes the
/// tape stops growing and [`TapeEntropy::tape`] says it is incomplete.
#[derive(Debug, Clone)]
pub struct TapeEntropy<E> {
    source: E,
    tape: Vec<u8>,
    read: usize,
    complete: bool,
}

impl<E: Entropy> TapeEntropy<E> {
    /// Play `tape` back first, then draw from `source`.
    pub fn new(source: E, tape: Vec<u8>) -> TapeEntropy<E> {
        TapeEntropy {
            source,
            tape,
            read: 0,
            complete: true,
        }
    }
}

impl<E: Entropy> Entropy for TapeEntropy<E> {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), EntropyError> {
        let from_tape = self.tape.get(self.read..).unwrap_or_default();
        let n = from_tape.len().min(buf.len());
        let (head, rest) = buf.split_at_mut(n);
        head.copy_from_slice(from_tape.get(..n).unwrap_or_default());
        self.read += n;
        if !rest.is_empty() {
            self.source.fill(rest)?;
            if self.complete && self.tape.len() + rest.len() <= MAX_TAPE {
                self.tape.extend_from_slice(rest);
                self.read = self.tape.len();
            } else {
                self.complete = false;
            }
        }
        Ok(())
    }

    fn tape(&self) -> Option<&[u8]> {
        self.complete.then_some(self.tape.as_slice())
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

#[cfg(test)]
mod tape_tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn a_tape_plays_back_then_continues_from_its_source() {
        let mut first = TapeEntropy::new(SeededEntropy::new(7), Vec::new());
        let mut a = [0u8; 20];
        let mut b = [0u8; 13];
        first.fill(&mut a).unwrap();
        first.fill(&mut b).unwrap();
        let tape = first.tape().unwrap().to_vec();
        assert_eq!(tape.len(), 33);
        // Played back from another source: the same bytes, in the same cuts or others.
        let mut again = TapeEntropy::new(SeededEntropy::new(99), tape.clone());
        let mut c = [0u8; 25];
        let mut d = [0u8; 8];
        again.fill(&mut c).unwrap();
        again.fill(&mut d).unwrap();
        assert_eq!(
            [c.as_slice(), d.as_slice()].concat(),
            [a.as_slice(), b.as_slice()].concat()
        );
        // Past the tape it draws fresh bytes and keeps them.
        let mut e = [0u8; 5];
        again.fill(&mut e).unwrap();
        assert_eq!(again.tape().unwrap().len(), 38);
        assert_eq!(again.tape().unwrap().get(..33).unwrap(), tape.as_slice());
    }

    #[test]
    fn a_tape_past_its_limit_says_it_is_incomplete() {
        let mut t = TapeEntropy::new(SeededEntropy::new(1), Vec::new());
        let mut big = vec![0u8; MAX_TAPE + 1];
        t.fill(&mut big).unwrap();
        assert!(t.tape().is_none());
        assert!(OsEntropy.tape().is_none());
    }
}
