//! Everything the token debugger shows for one pasted text, computed in one
//! pure function: lenient decoding for display, the strict verdict, claim
//! explanations and key warnings. The view only renders the result.

use super::alg::Algorithm;
use super::claims::{claim_views, ClaimView};
use super::decode::{decode, prepare, Decoded};
use super::error::ErrorKind;
use super::key::{Key, KeyEncoding};
use super::verify::{verify, Policy, VerifyReport};

/// What the debugger's verifier is set to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectOptions {
    pub alg: Algorithm,
    pub secret: String,
    pub encoding: KeyEncoding,
    /// Seconds since the epoch.
    pub now: i64,
    pub leeway: u64,
}

/// The verdict in a form tests and the DOM can use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub valid: bool,
    /// One lower-case word when invalid (`ErrorKind::as_str`).
    pub reason: Option<&'static str>,
    /// One sentence for a student.
    pub sentence: String,
}

/// All the debugger needs to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Inspection {
    /// What was stripped from around the pasted text.
    pub notes: Vec<String>,
    /// The token text the verifier saw.
    pub token: String,
    pub decoded: Decoded,
    pub report: VerifyReport,
    pub verdict: Verdict,
    pub claims: Vec<ClaimView>,
    /// RFC 7518 section 3.2 warning for short keys.
    pub key_warning: Option<String>,
}

/// Inspect `input` (as pasted) under `options`.
pub fn inspect(input: &str, options: &InspectOptions) -> Inspection {
    let prepared = prepare(input);
    let decoded = decode(&prepared.token);
    let mut policy =
        Policy::with_secret(options.alg, &options.secret, options.encoding, options.now);
    policy.leeway = options.leeway;
    let report = verify(&prepared.token, &policy);
    let verdict = match &report.error {
        None => Verdict {
            valid: true,
            reason: None,
            sentence: format!(
                "Signature verified with this secret ({}), and the claims are valid at the chosen time.",
                options.alg
            ),
        },
        Some(error) => Verdict {
            valid: false,
            reason: Some(error.kind().as_str()),
            sentence: error.to_string(),
        },
    };
    let claims = decoded
        .payload
        .json
        .as_ref()
        .map(|json| claim_views(json, options.now))
        .unwrap_or_default();
    let key_warning = Key::from_text(&options.secret, options.encoding)
        .ok()
        .and_then(|key| key.weakness(options.alg));
    Inspection {
        notes: prepared.notes,
        token: prepared.token,
        decoded,
        report,
        verdict,
        claims,
        key_warning,
    }
}

impl Inspection {
    pub fn kind(&self) -> Option<ErrorKind> {
        self.report.error.as_ref().map(|e| e.kind())
    }
}
