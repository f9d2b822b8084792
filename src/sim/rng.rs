//! Where randomness comes from. It is passed in from outside so tests are
//! deterministic while the page uses the browser's CSPRNG.
//!
//! Session ids, JWT ids (`jti`), salts and the server secret all need
//! unpredictable bytes: OWASP's session guidance asks for at least 64 bits of
//! entropy from a CSPRNG; this simulation uses 128 bits for session ids.
//!
//! Every source is a `rand_core` [`RngCore`]; the ones that are
//! cryptographically secure say so with [`CryptoRng`] ([`OsRng`], the page's
//! `BrowserEntropy`, and a [`TapeEntropy`] over either). The simulation draws
//! with [`fill`], which calls `try_fill_bytes`, so a source that fails is
//! reported as an [`EntropyError`] and no id is made from nothing.

use std::fmt;

use rand_core::{impls, CryptoRng, OsRng, RngCore};

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

impl From<rand_core::Error> for EntropyError {
    /// A source's failure, as its own [`EntropyError`] when it made one (the
    /// page's `BrowserEntropy`), else by getrandom's error code. The code, not
    /// getrandom's Display: that text covers every platform getrandom supports
    /// and would ship all of it to the browser.
    fn from(error: rand_core::Error) -> EntropyError {
        if let Some(code) = error.code() {
            return EntropyError {
                message: format!("error code {code}"),
            };
        }
        let inner = error.take_inner();
        let inner = match inner.downcast::<EntropyError>() {
            Ok(ours) => return *ours,
            Err(other) => other,
        };
        let message = match inner.downcast_ref::<getrandom::Error>() {
            Some(e) => format!("getrandom error code {}", e.code()),
            None => "the random source failed".to_string(),
        };
        EntropyError { message }
    }
}

impl From<EntropyError> for rand_core::Error {
    fn from(error: EntropyError) -> rand_core::Error {
        rand_core::Error::new(error)
    }
}

/// Fill `buf` with random bytes, or say why not.
pub fn fill<R: RngCore + ?Sized>(rng: &mut R, buf: &mut [u8]) -> Result<(), EntropyError> {
    rng.try_fill_bytes(buf).map_err(EntropyError::from)
}

/// What a world draws from: any [`RngCore`], and the tape of what it gave
/// out when it keeps one ([`TapeEntropy`]).
///
/// The world holds its source as a trait object and must ask it for the tape
/// (to save the world, or put it in a link), so this small trait sits beside
/// `RngCore`. It does not ask for [`CryptoRng`]: a lesson's world draws from
/// [`SeededEntropy`] so its ids are the same every time.
pub trait WorldRng: RngCore + Send + Sync {
    /// Every byte given out so far, when this source keeps them
    /// ([`TapeEntropy`]); `None` for sources that do not (or could not).
    fn tape(&self) -> Option<&[u8]> {
        None
    }
}

impl WorldRng for OsRng {}

/// The most random bytes a [`TapeEntropy`] keeps: far more than a long
/// story draws (a secret, a key pair, 16 bytes per session or token id).
pub const MAX_TAPE: usize = 64 * 1024;

/// A random source whose output is kept, so the same world can be built
/// again (after a reload, or from a share link that carries it): it first
/// plays back `tape`, then draws fresh bytes from `source` and appends them.
///
/// It is a [`CryptoRng`] when its source is: the bytes it plays back were
/// drawn from such a source, and are as secret as the tape, which is kept or
/// shared only as the simulation's own state, never a real secret (it holds
/// whatever was made from it: the simulated server's secret, its signing
/// key, session ids). Past [`MAX_TAPE`] bytes the tape stops growing and
/// [`TapeEntropy::tape`] says it is incomplete.
#[derive(Debug, Clone)]
pub struct TapeEntropy<R> {
    source: R,
    tape: Vec<u8>,
    read: usize,
    complete: bool,
}

impl<R: RngCore> TapeEntropy<R> {
    /// Play `tape` back first, then draw from `source`.
    pub fn new(source: R, tape: Vec<u8>) -> TapeEntropy<R> {
        TapeEntropy {
            source,
            tape,
            read: 0,
            complete: true,
        }
    }

    /// Every byte given out so far, or `None` once past [`MAX_TAPE`].
    pub fn tape(&self) -> Option<&[u8]> {
        self.complete.then_some(self.tape.as_slice())
    }

    /// Fill `buf` from the tape, then from `draw` (the source), keeping
    /// what the source gave.
    fn fill_with<F>(&mut self, buf: &mut [u8], draw: F) -> Result<(), rand_core::Error>
    where
        F: FnOnce(&mut R, &mut [u8]) -> Result<(), rand_core::Error>,
    {
        let from_tape = self.tape.get(self.read..).unwrap_or_default();
        let n = from_tape.len().min(buf.len());
        let (head, rest) = buf.split_at_mut(n);
        head.copy_from_slice(from_tape.get(..n).unwrap_or_default());
        self.read += n;
        if !rest.is_empty() {
            draw(&mut self.source, rest)?;
            if self.complete && self.tape.len() + rest.len() <= MAX_TAPE {
                self.tape.extend_from_slice(rest);
                self.read = self.tape.len();
            } else {
                self.complete = false;
            }
        }
        Ok(())
    }
}

impl<R: RngCore> RngCore for TapeEntropy<R> {
    fn next_u32(&mut self) -> u32 {
        impls::next_u32_via_fill(self)
    }

    fn next_u64(&mut self) -> u64 {
        impls::next_u64_via_fill(self)
    }

    /// Infallible as `RngCore` asks: past the tape it is the source's own
    /// `fill_bytes`, which fails the way that source does.
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        let _always_ok = self.fill_with(dest, |source, rest| {
            source.fill_bytes(rest);
            Ok(())
        });
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_with(dest, |source, rest| source.try_fill_bytes(rest))
    }
}

impl<R: RngCore + CryptoRng> CryptoRng for TapeEntropy<R> {}

impl<R: RngCore + Send + Sync> WorldRng for TapeEntropy<R> {
    fn tape(&self) -> Option<&[u8]> {
        TapeEntropy::tape(self)
    }
}

/// Deterministic bytes from a seed (SplitMix64). **Predictable by design,
/// and not a CSPRNG**: anyone who sees a few outputs can predict the rest.
///
/// It makes the simulated ids of the lessons' worlds (scenarios, exercises
/// and the guides built on them), so a lesson shows the same ids every
/// time, and it makes tests repeatable. It never makes a real secret, and
/// it is deliberately not a [`CryptoRng`]: the playground's own world, which
/// the page builds through [`crate::sim::journal::free_world`], asks for one.
#[derive(Debug, Clone)]
pub struct SeededEntropy {
    state: u64,
}

impl SeededEntropy {
    pub fn new(seed: u64) -> SeededEntropy {
        SeededEntropy { state: seed }
    }
}

impl RngCore for SeededEntropy {
    fn next_u32(&mut self) -> u32 {
        impls::next_u32_via_fill(self)
    }

    /// SplitMix64 (Steele, Lea, Flood 2014), as in `java.util.SplittableRandom`.
    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Each 8 bytes (or fewer, at the end) take one output, little-endian;
    /// a short tail drops the rest of its output.
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(8) {
            let bytes = self.next_u64().to_le_bytes();
            for (out, b) in chunk.iter_mut().zip(bytes) {
                *out = b;
            }
        }
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl WorldRng for SeededEntropy {}

/// `n` random bytes as base64url without padding.
pub fn random_b64url<R: RngCore + ?Sized>(rng: &mut R, n: usize) -> Result<String, EntropyError> {
    let mut buf = vec![0u8; n];
    fill(rng, &mut buf)?;
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
        assert_eq!(random_b64url(&mut OsRng, 16).map(|s| s.len()), Ok(22));
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
        fill(&mut first, &mut a).unwrap();
        fill(&mut first, &mut b).unwrap();
        let tape = first.tape().unwrap().to_vec();
        assert_eq!(tape.len(), 33);
        // Played back from another source: the same bytes, in the same cuts or others.
        let mut again = TapeEntropy::new(SeededEntropy::new(99), tape.clone());
        let mut c = [0u8; 25];
        let mut d = [0u8; 8];
        fill(&mut again, &mut c).unwrap();
        fill(&mut again, &mut d).unwrap();
        assert_eq!(
            [c.as_slice(), d.as_slice()].concat(),
            [a.as_slice(), b.as_slice()].concat()
        );
        // Past the tape it draws fresh bytes and keeps them.
        let mut e = [0u8; 5];
        fill(&mut again, &mut e).unwrap();
        assert_eq!(again.tape().unwrap().len(), 38);
        assert_eq!(again.tape().unwrap().get(..33).unwrap(), tape.as_slice());
    }

    /// The bytes SeededEntropy gave before it was a `RngCore` (lessons' ids and
    /// stored tapes depend on them): the same through every way of drawing.
    #[test]
    fn seeded_bytes_are_the_ones_it_always_gave() {
        const SEED_7: [u8; 23] = [
            0xd7, 0x0d, 0x32, 0x59, 0xe4, 0xe1, 0xcb, 0x63, 0x1c, 0x66, 0x3c, 0xf4, 0xd7, 0x3c,
            0x4c, 0x04, 0x02, 0x2a, 0xb1, 0xba, 0xcb, 0x29, 0x3e,
        ];
        let draws = |rng: &mut dyn RngCore| {
            let mut a = [0u8; 20];
            let mut b = [0u8; 3];
            fill(rng, &mut a).unwrap();
            fill(rng, &mut b).unwrap();
            [a.as_slice(), b.as_slice()].concat()
        };
        assert_eq!(draws(&mut SeededEntropy::new(7)), SEED_7);
        let mut taped = TapeEntropy::new(SeededEntropy::new(7), Vec::new());
        assert_eq!(draws(&mut taped), SEED_7);
        let tape = taped.tape().unwrap().to_vec();
        assert_eq!(
            draws(&mut TapeEntropy::new(SeededEntropy::new(1), tape)),
            SEED_7
        );
        // `fill_bytes` (infallible) gives what `try_fill_bytes` gives.
        let mut infallible = TapeEntropy::new(SeededEntropy::new(7), Vec::new());
        let mut all = [0u8; 20];
        infallible.fill_bytes(&mut all);
        assert_eq!(all.as_slice(), SEED_7.get(..20).unwrap());
        // A number is the next output, little-endian (a `u32` its low half).
        let mut numbers = SeededEntropy::new(7);
        assert_eq!(
            numbers.next_u64().to_le_bytes().as_slice(),
            SEED_7.get(..8).unwrap()
        );
        assert_eq!(
            numbers.next_u32().to_le_bytes().as_slice(),
            SEED_7.get(8..12).unwrap()
        );
    }

    /// A source that cannot give bytes.
    struct Broken;

    impl RngCore for Broken {
        fn next_u32(&mut self) -> u32 {
            0
        }
        fn next_u64(&mut self) -> u64 {
            0
        }
        fn fill_bytes(&mut self, _: &mut [u8]) {}
        fn try_fill_bytes(&mut self, _: &mut [u8]) -> Result<(), rand_core::Error> {
            Err(EntropyError {
                message: "unplugged".to_string(),
            }
            .into())
        }
    }

    #[test]
    fn a_failing_source_is_reported_in_its_own_words() {
        let unplugged = Err(EntropyError {
            message: "unplugged".to_string(),
        });
        assert_eq!(fill(&mut Broken, &mut [0u8; 4]), unplugged);
        // A tape plays back what it has, then reports the source's failure.
        let mut taped = TapeEntropy::new(Broken, vec![1, 2]);
        let mut two = [0u8; 2];
        assert_eq!(fill(&mut taped, &mut two), Ok(()));
        assert_eq!(two, [1, 2]);
        assert_eq!(fill(&mut taped, &mut [0u8; 1]), unplugged);
        // An error that carries only a code says the code.
        let coded = rand_core::Error::from(std::num::NonZeroU32::MIN);
        assert_eq!(EntropyError::from(coded).message, "error code 1");
    }

    #[test]
    fn a_tape_past_its_limit_says_it_is_incomplete() {
        let mut t = TapeEntropy::new(SeededEntropy::new(1), Vec::new());
        let mut big = vec![0u8; MAX_TAPE + 1];
        fill(&mut t, &mut big).unwrap();
        assert!(t.tape().is_none());
        assert!(WorldRng::tape(&OsRng).is_none());
    }
}
