//! Work the page hands to its background worker (issue 23), so that its main
//! thread keeps answering: making an RSA key pair (seconds of prime search)
//! and guessing an HMAC secret at full speed. The worker is a second wasm
//! binary (`src/bin/jwt-worker.rs`), fetched the first time a job needs it.
//!
//! The jobs and their reports are plain data, sent as JSON text both ways,
//! and [`run`] is the whole of what the worker does with a job: it is pure,
//! so `cargo test` runs the same code natively (tests/background_work.rs).

use crate::jwt::guess::{CrackStatus, Cracker};
use crate::jwt::PrivateKey;
use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};

/// What the page asks of its worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Job {
    /// A fresh RSA key pair of this many bits.
    RsaKey { bits: usize },
    /// Guess this compact token's HMAC secret from the list of weak secrets.
    Guess { token: String },
}

/// What the worker says back. The page tells its jobs apart by the number
/// it gave each ([`Envelope`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Report {
    /// The worker's code has loaded: jobs may be sent.
    Ready,
    /// The worker's code did not load (written by `assets/jwt-worker-start.js`).
    Failed { why: String },
    /// The key made for [`Job::RsaKey`], as a PKCS#8 PEM block.
    RsaKey { pem: String },
    /// Where a guessing run is, and for how many milliseconds it has been
    /// guessing: sent every [`PROGRESS_EVERY_MS`], then once with its end.
    Guessing { status: CrackStatus, ms: u64 },
    /// The job could not be done: why, in a sentence.
    Refused { why: String },
}

/// A job or a report with the number of the job it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope<T> {
    pub job: u64,
    pub body: T,
}

impl<T: Serialize> Envelope<T> {
    pub fn to_json(&self) -> String {
        // Plain enums and strings: writing them cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl<T: for<'de> Deserialize<'de>> Envelope<T> {
    /// Read one message; `None` for anything that is not one.
    pub fn from_json(text: &str) -> Option<Envelope<T>> {
        serde_json::from_str(text).ok()
    }
}

/// How often a guessing run says how far it is, in milliseconds.
pub const PROGRESS_EVERY_MS: f64 = 100.0;

/// Candidates tried between two looks at the clock.
const GUESS_BATCH: usize = 256;

/// Do `job`, calling `report` with what the page should hear (progress
/// first, the result last). `now` is a clock in milliseconds, only read to
/// space the progress reports.
pub fn run(
    job: &Job,
    rng: &mut impl CryptoRngCore,
    mut now: impl FnMut() -> f64,
    mut report: impl FnMut(Report),
) {
    match job {
        Job::RsaKey { bits } => report(match PrivateKey::generate_rsa(*bits, rng) {
            Ok(key) => Report::RsaKey { pem: key.to_pem() },
            Err(why) => Report::Refused { why },
        }),
        Job::Guess { token } => {
            let mut cracker = Cracker::new(token);
            let started = now();
            let mut said_at = started;
            // Whole milliseconds since the start (a clock that goes back counts as 0).
            let since = |t: f64| (t - started).max(0.0) as u64;
            loop {
                let status = cracker.run(GUESS_BATCH).clone();
                if !matches!(status, CrackStatus::Running { .. }) {
                    let ms = since(now());
                    report(Report::Guessing { status, ms });
                    return;
                }
                let t = now();
                if t - said_at >= PROGRESS_EVERY_MS {
                    said_at = t;
                    report(Report::Guessing {
                        status,
                        ms: since(t),
                    });
                }
            }
        }
    }
}
