//! Everything the token debugger shows for one pasted text, computed in one
//! pure function: lenient decoding for display, the strict verdict, claim
//! explanations and key warnings. The view only renders the result.

use super::alg::Algorithm;
use super::claims::{claim_views, ClaimView};
use super::decode::{decode, prepare, Decoded};
use super::error::{ErrorKind, JwtError};
use super::json::Json;
use super::key::{KeyEncoding, KeyError};
use super::keyset::{KeySet, Material};
use super::verify::{verify, Policy, StepDetail, StepResult, VerifyReport, VerifyStep};

/// What the debugger's verifier is set to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectOptions {
    pub alg: Algorithm,
    /// The key field as typed: an HMAC secret, or PEM, a JWK or a JWK Set.
    pub secret: String,
    pub encoding: KeyEncoding,
    /// Seconds since the epoch.
    pub now: i64,
    pub leeway: u64,
}

/// The claims the person at the debugger expects, if any: like a server's
/// configuration, they come from the verifier, never from the token
/// (RFC 7519 sections 4.1.1 and 4.1.3). Empty means "not checked".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Expected {
    /// The one issuer trusted: `iss` must equal it.
    pub issuer: Option<String>,
    /// This verifier's name: `aud` (a string, or an array of strings) must contain it.
    pub audience: Option<String>,
    /// The header's `typ` required (`at+jwt` for access tokens, RFC 9068).
    pub token_type: Option<String>,
}

impl Expected {
    /// From two text fields: blank (after trimming) means "not given";
    /// otherwise the text exactly as typed is compared.
    pub fn from_fields(issuer: &str, audience: &str) -> Expected {
        let given = |t: &str| (!t.trim().is_empty()).then(|| t.to_string());
        Expected {
            issuer: given(issuer),
            audience: given(audience),
            token_type: None,
        }
    }
}

/// The verifier's keys read from the key field, once per key text: the
/// debugger keeps this and re-inspects with it on every other change.
pub fn read_keys(
    alg: Algorithm,
    key_text: &str,
    encoding: KeyEncoding,
) -> Result<KeySet, KeyError> {
    KeySet::for_alg(alg, key_text, encoding)
}

/// Three answers, not two: a token whose signature could not be checked
/// is neither valid nor proven forged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerdictStatus {
    Valid,
    Invalid,
    /// Not checked: no key for its algorithm, or encrypted (JWE).
    Unverified,
}

impl VerdictStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            VerdictStatus::Valid => "valid",
            VerdictStatus::Invalid => "invalid",
            VerdictStatus::Unverified => "unverified",
        }
    }
}

/// The verdict in a form tests and the DOM can use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub status: VerdictStatus,
    pub valid: bool,
    /// One lower-case word when not valid (`ErrorKind::as_str`, or
    /// `no-key` and `encrypted` when unverified).
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
    /// What the key field holds and which key was used ("JWK Set with 3
    /// keys (kid k1, k2, k3); used an RSA public key, 2048 bits, kid "k2"").
    pub key_info: Option<String>,
    /// Why the key field could not be read, when it could not, as a sentence
    /// ("The JWK cannot be read: …."): said beside the field even when an
    /// earlier check decides the verdict.
    pub key_error: Option<String>,
    /// Header members not trusted, keys skipped while reading the set.
    pub warnings: Vec<String>,
    /// Checks left out because nothing was given to check against (no
    /// expected issuer or audience): "not checked", not "not reached".
    pub not_checked: Vec<VerifyStep>,
    /// The algorithm the token's header names, when this verifier supports
    /// it and is pinned to another one (never `none`). The pin stays the
    /// rule (RFC 8725 section 3.1); the person may choose to switch.
    pub token_alg: Option<Algorithm>,
}

/// The verdict sentence when an HMAC token meets an empty key field.
pub const NO_SECRET: &str = "No secret given: type the server's secret in the key field, or find it with the secret guesser below. Until the signature is checked, anyone could have written these claims.";

/// Inspect `input` (as pasted) under `options`, with no expected issuer or
/// audience.
pub fn inspect(input: &str, options: &InspectOptions) -> Inspection {
    let keys = read_keys(options.alg, &options.secret, options.encoding);
    inspect_with(input, options, &Expected::default(), keys)
}

/// Inspect `input` under `options`, checking `expected` claims, with the
/// key field already read into `keys` (by [`read_keys`] on the options'
/// algorithm, key text and encoding; `options.secret` is not read again).
pub fn inspect_with(
    input: &str,
    options: &InspectOptions,
    expected: &Expected,
    keys: Result<KeySet, KeyError>,
) -> Inspection {
    let prepared = prepare(input);
    let decoded = decode(&prepared.token);
    let mut policy = Policy::with_keys(options.alg, keys, options.now);
    policy.leeway = options.leeway;
    policy.issuer = expected.issuer.clone();
    policy.audience = expected.audience.clone();
    policy.token_type = expected.token_type.clone();
    let mut report = verify(&prepared.token, &policy);
    let no_secret =
        options.alg.is_symmetric() && matches!(&report.error, Some(JwtError::Key(KeyError::Empty)));
    if no_secret {
        for step in &mut report.steps {
            if step.step == VerifyStep::Signature && step.result == StepResult::Fail {
                step.detail = StepDetail::from(NO_SECRET);
            }
        }
    }
    // Without an expected issuer, audience or type, those checks are left out on purpose.
    let mut not_checked = Vec::new();
    for (step, given, why) in [
        (
            VerifyStep::Iss,
            &expected.issuer,
            "no expected issuer given",
        ),
        (
            VerifyStep::Aud,
            &expected.audience,
            "no expected audience given",
        ),
        (
            VerifyStep::Typ,
            &expected.token_type,
            "no expected token type given",
        ),
    ] {
        if given.is_some() {
            continue;
        }
        not_checked.push(step);
        for outcome in &mut report.steps {
            if outcome.step == step && outcome.result == StepResult::Skip {
                outcome.detail = StepDetail::from(why);
            }
        }
    }
    let token_alg = decoded
        .header
        .json
        .as_ref()
        .and_then(|h| h.get("alg"))
        .and_then(Json::as_str)
        .and_then(Algorithm::from_name)
        .filter(|a| *a != options.alg);
    let verdict = if decoded.is_jwe {
        Verdict {
            status: VerdictStatus::Unverified,
            valid: false,
            reason: Some("encrypted"),
            sentence: "This is an encrypted token (JWE, RFC 7516): five parts instead of three. Only its header can be read; the claims are ciphertext, and they cannot be read or checked without the decryption key.".to_string(),
        }
    } else {
        match &report.error {
            None if report.unverified => Verdict {
                status: VerdictStatus::Unverified,
                valid: false,
                reason: Some("no-key"),
                sentence: format!(
                    "Cannot verify: no key for {} given. Paste the issuer's public key (PEM, a JWK or its JWK Set) to check the signature. Until then, anyone could have written these claims; the time checks below still ran.",
                    options.alg
                ),
            },
            None => Verdict {
                status: VerdictStatus::Valid,
                valid: true,
                reason: None,
                sentence: if options.alg.is_symmetric() {
                    format!(
                        "Signature verified with this secret ({}), and the claims are valid at {}, the time used.",
                        options.alg,
                        super::claims::format_utc(options.now as f64)
                    )
                } else {
                    format!(
                        "Signature verified with this public key ({}), and the claims are valid at {}, the time used.",
                        options.alg,
                        super::claims::format_utc(options.now as f64)
                    )
                },
            },
            Some(error) => Verdict {
                status: VerdictStatus::Invalid,
                valid: false,
                reason: Some(error.kind().as_str()),
                sentence: if no_secret {
                    NO_SECRET.to_string()
                } else {
                    error.to_string()
                },
            },
        }
    };
    let claims = decoded
        .payload
        .json
        .as_ref()
        .map(|json| claim_views(json, options.now))
        .unwrap_or_default();
    let mut warnings = report.warnings.clone();
    let mut key_warning = None;
    let mut key_info = None;
    let key_error = policy
        .keys
        .as_ref()
        .err()
        .map(|e| super::display::sentence(&e.to_string()));
    if let Ok(keys) = &policy.keys {
        warnings.extend(keys.notes.iter().cloned());
        if !keys.is_empty() {
            if options.alg.is_symmetric() {
                key_warning = keys.entries.iter().find_map(|e| match &e.material {
                    Material::Secret(key) => key.weakness(options.alg),
                    _ => None,
                });
            }
            key_info = Some(match &report.key_used {
                Some(used) if keys.entries.len() > 1 => format!("{keys}; used {used}"),
                Some(used) => used.clone(),
                None => keys.to_string(),
            });
        }
    }
    let mut verdict = verdict;
    if verdict.status == VerdictStatus::Valid && key_warning.is_some() {
        verdict.sentence.push_str(
            " But the secret is weak (see the warning below): whoever guesses it can sign any claims, so this \"valid\" proves little.",
        );
    }
    Inspection {
        notes: prepared.notes,
        token: prepared.token,
        decoded,
        report,
        verdict,
        claims,
        key_warning,
        key_info,
        key_error,
        warnings,
        not_checked,
        token_alg,
    }
}

impl Inspection {
    pub fn kind(&self) -> Option<ErrorKind> {
        self.report.error.as_ref().map(|e| e.kind())
    }
}
