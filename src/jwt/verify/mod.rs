//! The strict verifier: the checks a server walks, in order, for every request
//! that carries a token. Follows RFC 7515 section 5.2 (JWS validation),
//! RFC 7519 section 7.2 (JWT validation) and RFC 8725 (best practices).
//!
//! The MAC is computed over the exact ASCII bytes received
//! (`header_b64 "." payload_b64`), never over re-serialised JSON.

use super::alg::{Algorithm, Family};
use super::base64url;
use super::compact::decode_object;
use super::der_signature::der_to_raw;
use super::error::{JwtError, Part};
use super::json::Json;
use super::key::{Key, KeyEncoding, KeyError};
use super::keyset::{KeySet, Material};
use std::borrow::Cow;
use std::fmt;

mod claims;
mod kid_sql;
mod unsafe_options;
mod walk;

pub use unsafe_options::UnsafeOptions;

use claims::check_claims;
use walk::run;

/// One check of the verification checklist, in the order a server runs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VerifyStep {
    Segments,
    Header,
    Alg,
    Crit,
    Signature,
    Claims,
    ClaimTypes,
    Exp,
    Nbf,
    Iss,
    Aud,
    /// The header's `typ` is the kind of token the server takes (RFC 8725
    /// section 3.11, explicit typing; `at+jwt` for access tokens, RFC 9068).
    Typ,
}

impl VerifyStep {
    pub const ALL: [VerifyStep; 12] = [
        VerifyStep::Segments,
        VerifyStep::Header,
        VerifyStep::Alg,
        VerifyStep::Crit,
        VerifyStep::Signature,
        VerifyStep::Claims,
        VerifyStep::ClaimTypes,
        VerifyStep::Exp,
        VerifyStep::Nbf,
        VerifyStep::Iss,
        VerifyStep::Aud,
        VerifyStep::Typ,
    ];

    /// Stable id (used as `data-step` in the UI).
    pub fn id(self) -> &'static str {
        match self {
            VerifyStep::Segments => "segments",
            VerifyStep::Header => "header",
            VerifyStep::Alg => "alg",
            VerifyStep::Crit => "crit",
            VerifyStep::Signature => "signature",
            VerifyStep::Claims => "claims",
            VerifyStep::ClaimTypes => "claim-types",
            VerifyStep::Exp => "exp",
            VerifyStep::Nbf => "nbf",
            VerifyStep::Iss => "iss",
            VerifyStep::Aud => "aud",
            VerifyStep::Typ => "typ",
        }
    }

    /// What the step checks, in a few words.
    pub fn title(self) -> &'static str {
        match self {
            VerifyStep::Segments => "Split into header.payload.signature",
            VerifyStep::Header => "Decode the header (base64url, then JSON object)",
            VerifyStep::Alg => "Algorithm is on the server's allow-list",
            VerifyStep::Crit => "No critical header the server does not understand",
            VerifyStep::Signature => "Check the signature with the server's key",
            VerifyStep::Claims => "Decode the claims (base64url, then JSON object)",
            VerifyStep::ClaimTypes => "Registered claims have the right types",
            VerifyStep::Exp => "Not expired (now < exp)",
            VerifyStep::Nbf => "Already valid (now >= nbf)",
            VerifyStep::Iss => "Issuer is the one expected",
            VerifyStep::Aud => "Audience includes this server",
            VerifyStep::Typ => "Token type is the one expected (typ)",
        }
    }
}

/// Outcome of one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepResult {
    Pass,
    Fail,
    /// Not reached because an earlier step failed, or not configured.
    Skip,
    /// Passed, with something a careful reader should know (no `exp`, or
    /// a signature that could not be checked).
    Warn,
}

impl StepResult {
    pub fn as_str(self) -> &'static str {
        match self {
            StepResult::Pass => "pass",
            StepResult::Fail => "fail",
            StepResult::Skip => "skip",
            StepResult::Warn => "warn",
        }
    }
}

/// One line of the checklist.
#[derive(Debug, Clone, PartialEq)]
pub struct StepOutcome {
    pub step: VerifyStep,
    pub result: StepResult,
    /// What was found, in plain words (`Display`); formatted only when shown.
    pub detail: StepDetail,
}

/// What a step found. Kept as data and formatted only when displayed, so a
/// server verifying many tokens does not pay for text nobody reads.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum StepDetail {
    Text(Cow<'static, str>),
    /// Segment lengths in characters.
    Parts(usize, usize, usize),
    /// The header's algorithm is the server's.
    AlgAccepted(Algorithm),
    /// The MAC over this many bytes matched.
    MacMatched(Algorithm, usize),
    /// A public-key signature verified, with the key described.
    SignatureVerified(Algorithm, String),
    /// Seconds until `exp`.
    SecondsLeft(f64),
}

impl fmt::Display for StepDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StepDetail::Text(text) => f.write_str(text),
            StepDetail::Parts(h, p, s) => write!(f, "3 parts: {h} + {p} + {s} characters"),
            StepDetail::AlgAccepted(alg) => write!(f, "{alg} is what this server uses"),
            StepDetail::MacMatched(alg, n) => {
                write!(f, "{alg} over the {n} bytes received matches")
            }
            StepDetail::SignatureVerified(alg, key) => {
                write!(f, "{alg} signature verified with {key}")
            }
            StepDetail::SecondsLeft(s) => f.write_str(&crate::jwt::display::time_left(*s)),
        }
    }
}

impl StepDetail {
    /// The detail as text.
    pub fn text(&self) -> Cow<'static, str> {
        match self {
            StepDetail::Text(text) => text.clone(),
            other => Cow::Owned(other.to_string()),
        }
    }
}

impl From<&'static str> for StepDetail {
    fn from(text: &'static str) -> Self {
        StepDetail::Text(Cow::Borrowed(text))
    }
}

impl From<String> for StepDetail {
    fn from(text: String) -> Self {
        StepDetail::Text(Cow::Owned(text))
    }
}

/// What the verifier is configured with: all of it comes from the server,
/// nothing from the token.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The one algorithm accepted (RFC 8725 section 3.1: pinned, never read
    /// from the token).
    pub alg: Algorithm,
    /// The server's keys; an unusable key field fails the signature step
    /// with kind `key`. An empty set (no key given for a public-key
    /// algorithm) leaves the signature unchecked and the verdict "unverified".
    pub keys: Result<KeySet, KeyError>,
    /// Seconds since the Unix epoch, from the caller's clock.
    pub now: i64,
    /// Seconds of clock skew tolerated on `exp` and `nbf`.
    pub leeway: u64,
    pub issuer: Option<String>,
    pub audience: Option<String>,
    /// The header's `typ` the server requires (explicit typing, RFC 8725
    /// section 3.11), e.g. `at+jwt` for an access token (RFC 9068 section
    /// 4). Compared as a media type: ignoring ASCII case, with or without
    /// `application/` in front. `None`: not checked.
    pub token_type: Option<String>,
    /// Mistakes real verifiers have made, switched on one by one in the
    /// attack lab (issue 12). All off by default: the strict verifier.
    pub unsafe_options: UnsafeOptions,
}

impl Policy {
    /// A policy from the secret as typed, in the given encoding (HMAC). Text
    /// shaped like a key (PEM, a certificate, an OpenSSH public key, ...) is
    /// refused as the secret, as in the key field (`KeySet::for_alg`).
    pub fn with_secret(alg: Algorithm, secret: &str, encoding: KeyEncoding, now: i64) -> Policy {
        let keys = if alg.is_symmetric() {
            KeySet::for_alg(alg, secret, encoding)
        } else {
            Key::from_text(secret, encoding).map(KeySet::secret)
        };
        Policy::with_keys(alg, keys, now)
    }

    /// A policy from the key field as typed: a secret for HS*, PEM, JWK or
    /// JWK Set for the others (`KeySet::for_alg`).
    pub fn with_key_text(alg: Algorithm, text: &str, encoding: KeyEncoding, now: i64) -> Policy {
        Policy::with_keys(alg, KeySet::for_alg(alg, text, encoding), now)
    }

    pub fn new(alg: Algorithm, key: Key, now: i64) -> Policy {
        Policy::with_keys(alg, Ok(KeySet::secret(key)), now)
    }

    pub fn with_keys(alg: Algorithm, keys: Result<KeySet, KeyError>, now: i64) -> Policy {
        Policy {
            alg,
            keys,
            now,
            leeway: 0,
            issuer: None,
            audience: None,
            token_type: None,
            unsafe_options: UnsafeOptions::default(),
        }
    }
}

/// Header members that carry or point to a key. A verifier that used them
/// would let the token choose its own key (RFC 8725 section 3.10).
const KEY_HEADERS: [(&str, &str); 4] = [
    ("jwk", "embeds a public key"),
    ("jku", "points to a URL with a key set"),
    ("x5u", "points to a URL with a certificate"),
    ("x5c", "embeds a certificate chain"),
];

/// The whole walk: every step with its result, the first error, and what
/// could be decoded along the way.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifyReport {
    pub steps: Vec<StepOutcome>,
    pub error: Option<JwtError>,
    pub header: Option<Json>,
    pub claims: Option<Json>,
    /// The signature the server computed, base64url, when the MAC did not match.
    pub expected_signature: Option<String>,
    /// The signature part as received.
    pub received_signature: Option<String>,
    /// Which key checked the signature and why that one.
    pub key_used: Option<String>,
    /// True when the signature could not be checked (no key given); the
    /// rest of the checklist still ran.
    pub unverified: bool,
    /// What the header asked for that was not done, and other cautions.
    pub warnings: Vec<String>,
    /// The steps an unsafe option let through, each with the weakness's
    /// name (`"alg-none"`, `"no-verify"`, ...), in checklist order.
    pub let_through: Vec<(VerifyStep, &'static str)>,
    /// The SQL query the `kid-sql` weakness ran to find the key, as run.
    pub key_query: Option<String>,
}

impl VerifyReport {
    /// No check failed and the signature was checked (an unverified report,
    /// where no key was given, is not valid).
    pub fn is_valid(&self) -> bool {
        self.error.is_none() && !self.unverified
    }

    /// On a MAC failure: the signature the server expected and the one it
    /// received, both base64url, to show side by side.
    pub fn signature_mismatch(&self) -> Option<(&str, &str)> {
        if self.failed_step() != Some(VerifyStep::Signature) {
            return None;
        }
        Some((
            self.expected_signature.as_deref()?,
            self.received_signature.as_deref()?,
        ))
    }

    /// Valid signature and claims, but the signature was not checked.
    pub fn is_unverified(&self) -> bool {
        self.error.is_none() && self.unverified
    }

    /// The weakness that let `step` through, if one did.
    pub fn let_through_by(&self, step: VerifyStep) -> Option<&'static str> {
        self.let_through
            .iter()
            .find(|(s, _)| *s == step)
            .map(|(_, name)| *name)
    }

    /// The step that failed, if any.
    pub fn failed_step(&self) -> Option<VerifyStep> {
        self.steps
            .iter()
            .find(|s| s.result == StepResult::Fail)
            .map(|s| s.step)
    }
}

impl fmt::Display for VerifyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for s in &self.steps {
            writeln!(
                f,
                "[{}] {}: {}",
                s.result.as_str(),
                s.step.title(),
                s.detail
            )?;
        }
        match &self.error {
            None if self.unverified => f.write_str("unverified"),
            None => f.write_str("valid"),
            Some(e) => write!(f, "invalid ({}): {e}", e.kind()),
        }
    }
}

/// Header parameters this verifier understands when listed in `crit`.
/// None: it implements no extension (so `b64` of RFC 7797 is refused).
const UNDERSTOOD_CRIT: [&str; 0] = [];

struct Walk {
    steps: Vec<StepOutcome>,
    let_through: Vec<(VerifyStep, &'static str)>,
}

impl Walk {
    fn pass(&mut self, step: VerifyStep, detail: impl Into<StepDetail>) {
        self.steps.push(StepOutcome {
            step,
            result: StepResult::Pass,
            detail: detail.into(),
        });
    }
    fn warn(&mut self, step: VerifyStep, detail: impl Into<StepDetail>) {
        self.steps.push(StepOutcome {
            step,
            result: StepResult::Warn,
            detail: detail.into(),
        });
    }
    fn skip(&mut self, step: VerifyStep, detail: impl Into<StepDetail>) {
        self.steps.push(StepOutcome {
            step,
            result: StepResult::Skip,
            detail: detail.into(),
        });
    }
    /// A step an unsafe option let through: `Warn` when the check ran and
    /// was fooled or overruled, `Skip` when it was jumped over. The detail
    /// names the weakness (`UNSAFE (weakness <name>): ...`).
    fn weakened(
        &mut self,
        step: VerifyStep,
        result: StepResult,
        weakness: &'static str,
        detail: impl fmt::Display,
    ) {
        self.steps.push(StepOutcome {
            step,
            result,
            detail: StepDetail::Text(Cow::Owned(format!(
                "UNSAFE (weakness {weakness}): {detail}"
            ))),
        });
        self.let_through.push((step, weakness));
    }
}

/// Verify `token` under `policy`, walking every check in order.
pub fn verify(token: &str, policy: &Policy) -> VerifyReport {
    let mut walk = Walk {
        steps: Vec::with_capacity(VerifyStep::ALL.len()),
        let_through: Vec::new(),
    };
    let mut report = VerifyReport {
        steps: Vec::new(),
        error: None,
        header: None,
        claims: None,
        expected_signature: None,
        received_signature: None,
        key_used: None,
        unverified: false,
        warnings: Vec::new(),
        let_through: Vec::new(),
        key_query: None,
    };
    let outcome = run(token, policy, &mut walk, &mut report);
    if let Err((step, error)) = outcome {
        walk.steps.push(StepOutcome {
            step,
            result: StepResult::Fail,
            detail: StepDetail::Text(Cow::Owned(error.to_string())),
        });
        report.error = Some(error);
    }
    // Everything after the failure is "not reached".
    for step in VerifyStep::ALL {
        if !walk.steps.iter().any(|s| s.step == step) {
            walk.skip(step, "not reached");
        }
    }
    report.steps = walk.steps;
    report.let_through = walk.let_through;
    report
}

type StepError = (VerifyStep, JwtError);
