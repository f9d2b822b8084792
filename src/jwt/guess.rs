//! Guessing an HMAC token's secret from the list of weak secrets (see
//! [`super::weak`]), a slice at a time: an HS256 token is all an attacker needs
//! to test secrets offline, as fast as their machine computes HMACs.

use super::alg::Algorithm;
use super::weak::Candidates;

/// Where a guessing run is (sent from the page's background worker as JSON).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CrackStatus {
    /// Still trying: this many of `total` tried.
    Running { tried: usize, total: usize },
    /// This candidate's HMAC matches the signature.
    Found { secret: String, tried: usize },
    /// Every candidate tried, none matched.
    Exhausted { total: usize },
    /// The token is not an HMAC token this can attack.
    NotHmac,
    /// The token's signed part is over [`MAX_CRACK_INPUT`] bytes.
    TooLarge { bytes: usize },
}

/// The longest signing input the guesser takes on. Real tokens fit an HTTP
/// header (about 8 KB); one guess costs an HMAC over the whole input, so a
/// megabyte token would make each slice of guesses take seconds.
pub const MAX_CRACK_INPUT: usize = 16 * 1024;

/// Guessing the secret of one HS256/384/512 token, a slice at a time so a
/// page can show progress and stay responsive.
#[derive(Debug, Clone)]
pub struct Cracker {
    alg: Option<Algorithm>,
    signing_input: Vec<u8>,
    signature: Vec<u8>,
    next: usize,
    status: CrackStatus,
}

impl Cracker {
    /// Prepare to attack `token` (compact JWS). Refuses tokens that are not
    /// three parts with an HMAC `alg`.
    pub fn new(token: &str) -> Cracker {
        let token = token.trim();
        let prepared = (|| {
            let (input, signature) = token.rsplit_once('.')?;
            let header_b64 = input.split('.').next()?;
            let header =
                super::compact::decode_object(header_b64, super::error::Part::Header).ok()?;
            let alg = Algorithm::from_name(header.get("alg")?.as_str()?)?;
            if !alg.is_symmetric() || input.split('.').count() != 2 {
                return None;
            }
            let signature = super::base64url::decode(signature).ok()?;
            Some((alg, input.as_bytes().to_vec(), signature))
        })();
        match prepared {
            Some((_, signing_input, _)) if signing_input.len() > MAX_CRACK_INPUT => Cracker {
                alg: None,
                signing_input: Vec::new(),
                signature: Vec::new(),
                next: 0,
                status: CrackStatus::TooLarge {
                    bytes: signing_input.len(),
                },
            },
            Some((alg, signing_input, signature)) => Cracker {
                alg: Some(alg),
                signing_input,
                signature,
                next: 0,
                status: CrackStatus::Running {
                    tried: 0,
                    total: Candidates::total(),
                },
            },
            None => Cracker {
                alg: None,
                signing_input: Vec::new(),
                signature: Vec::new(),
                next: 0,
                status: CrackStatus::NotHmac,
            },
        }
    }

    pub fn status(&self) -> &CrackStatus {
        &self.status
    }

    /// Try up to `budget` more candidates.
    pub fn run(&mut self, budget: usize) -> &CrackStatus {
        let Some(alg) = self.alg else {
            return &self.status;
        };
        if !matches!(self.status, CrackStatus::Running { .. }) {
            return &self.status;
        }
        let total = Candidates::total();
        let end = self.next.saturating_add(budget).min(total);
        while self.next < end {
            let index = self.next;
            self.next += 1;
            if let Some(candidate) = Candidates::nth(index) {
                if alg.verify_mac(candidate.as_bytes(), &self.signing_input, &self.signature) {
                    self.status = CrackStatus::Found {
                        secret: candidate,
                        tried: index + 1,
                    };
                    return &self.status;
                }
            }
        }
        self.status = if self.next >= total {
            CrackStatus::Exhausted { total }
        } else {
            CrackStatus::Running {
                tried: self.next,
                total,
            }
        };
        &self.status
    }
}
