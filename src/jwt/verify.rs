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
}

impl VerifyStep {
    pub const ALL: [VerifyStep; 11] = [
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
    /// Mistakes real verifiers have made, switched on one by one in the
    /// attack lab (issue 12). All off by default: the strict verifier.
    pub unsafe_options: UnsafeOptions,
}

/// The classic verifier mistakes, as switches. Each one that lets a token
/// through turns its checklist step into a warning that names it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnsafeOptions {
    /// Accept `"alg": "none"`: an unsigned token.
    pub accept_none: bool,
    /// Let the header choose the algorithm: an HS* token is checked by HMAC
    /// with this text (the public key the server holds) as the secret.
    pub alg_from_header: Option<String>,
    /// Check the signature with the key the token embeds in its `jwk` header.
    pub trust_jwk: bool,
    /// Fetch the key set from the URL in the token's `jku` header: the sets
    /// this server can reach, by URL (`None`: `jku` is never used).
    pub trust_jku: Option<Vec<(String, KeySet)>>,
    /// Read the HMAC key from the file the `kid` names (any kid with a `/`
    /// names an empty file here, so the key is empty).
    pub kid_path: bool,
    /// Do not check `exp`.
    pub skip_exp: bool,
}

impl UnsafeOptions {
    pub fn any(&self) -> bool {
        *self != UnsafeOptions::default()
    }
}

impl Policy {
    /// A policy from the secret as typed, in the given encoding (HMAC).
    pub fn with_secret(alg: Algorithm, secret: &str, encoding: KeyEncoding, now: i64) -> Policy {
        Policy::with_keys(
            alg,
            Key::from_text(secret, encoding).map(KeySet::secret),
            now,
        )
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
}

/// Verify `token` under `policy`, walking every check in order.
pub fn verify(token: &str, policy: &Policy) -> VerifyReport {
    let mut walk = Walk {
        steps: Vec::with_capacity(VerifyStep::ALL.len()),
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
    report
}

type StepError = (VerifyStep, JwtError);

fn run(
    token: &str,
    policy: &Policy,
    walk: &mut Walk,
    report: &mut VerifyReport,
) -> Result<(), StepError> {
    use VerifyStep as S;

    // 1. Segments (RFC 7515 section 7.1: exactly two dots).
    let parts: Vec<&str> = token.split('.').collect();
    let [header_b64, payload_b64, signature_b64] = parts.as_slice() else {
        return Err((S::Segments, JwtError::SegmentCount { found: parts.len() }));
    };
    if header_b64.is_empty() {
        return Err((S::Segments, JwtError::EmptyPart { part: Part::Header }));
    }
    report.received_signature = Some(signature_b64.to_string());
    walk.pass(
        S::Segments,
        StepDetail::Parts(header_b64.len(), payload_b64.len(), signature_b64.len()),
    );

    // 2. Header: base64url, UTF-8, JSON object without duplicate names.
    let header = report
        .header
        .insert(decode_object(header_b64, Part::Header).map_err(|e| (S::Header, e))?);
    walk.pass(S::Header, "a JSON object");

    // 3. Algorithm: the server's choice, checked against the header.
    let alg_value = header.get("alg").ok_or((S::Alg, JwtError::AlgMissing))?;
    let alg_text = alg_value.as_str().ok_or((
        S::Alg,
        JwtError::AlgNotString {
            found: alg_value.type_name(),
        },
    ))?;
    let lax = &policy.unsafe_options;
    if alg_text.eq_ignore_ascii_case("none") {
        if !lax.accept_none {
            return Err((
                S::Alg,
                JwtError::AlgNone {
                    written: alg_text.to_string(),
                },
            ));
        }
        walk.warn(S::Alg, "UNSAFE (weakness alg-none): an unsigned token was accepted because it says it is unsigned");
        walk.pass(S::Crit, "not checked");
        walk.warn(S::Signature, "UNSAFE (weakness alg-none): no signature checked at all: anyone can write these claims");
        return check_claims(payload_b64, policy, walk, report);
    }
    // Unsafe: the header picks HMAC and the server's public key text is the secret.
    if let (Some(key_text), Some(header_alg)) =
        (&lax.alg_from_header, Algorithm::from_name(alg_text))
    {
        if header_alg.is_symmetric() && !policy.alg.is_symmetric() {
            walk.warn(S::Alg, format!("UNSAFE (weakness alg-confusion): the token chose {header_alg}, and this server let it"));
            walk.pass(S::Crit, "not checked");
            let input = token
                .get(..header_b64.len() + 1 + payload_b64.len())
                .unwrap_or_default();
            let received = base64url::decode(signature_b64).unwrap_or_default();
            if !header_alg.verify_mac(key_text.as_bytes(), input.as_bytes(), &received) {
                return Err((S::Signature, JwtError::SignatureMismatch));
            }
            walk.warn(S::Signature, format!("UNSAFE (weakness alg-confusion): {header_alg} with the server's PUBLIC key as the secret matched. Anyone can read a public key, so anyone could sign this"));
            return check_claims(payload_b64, policy, walk, report);
        }
    }
    if alg_text != policy.alg.name() {
        return Err((
            S::Alg,
            JwtError::AlgNotAllowed {
                found: alg_text.to_string(),
                allowed: policy.alg.name(),
            },
        ));
    }
    walk.pass(S::Alg, StepDetail::AlgAccepted(policy.alg));

    // 4. crit (RFC 7515 section 4.1.11).
    match header.get("crit") {
        None => walk.pass(S::Crit, "no \"crit\" header"),
        Some(Json::Array(names)) if !names.is_empty() => {
            let mut unknown = Vec::new();
            for name in names {
                match name.as_str() {
                    Some(n) if UNDERSTOOD_CRIT.contains(&n) => {}
                    Some(n) => unknown.push(n.to_string()),
                    None => return Err((S::Crit, JwtError::CritInvalid)),
                }
            }
            if !unknown.is_empty() {
                return Err((S::Crit, JwtError::CritUnknown { names: unknown }));
            }
            walk.pass(S::Crit, "all critical names understood");
        }
        Some(_) => return Err((S::Crit, JwtError::CritInvalid)),
    }

    for (name, what) in KEY_HEADERS {
        let used = (name == "jwk" && lax.trust_jwk) || (name == "jku" && lax.trust_jku.is_some());
        if header.get(name).is_some() && !used {
            report.warnings.push(format!(
                "The header has \"{name}\", which {what}. It was not used: this verifier trusts only its own keys. Taking the key, or where to fetch it, from the token would let whoever wrote the token choose the key that checks it (RFC 8725 section 3.10)."
            ));
        }
    }

    // 5. Signature: decode it strictly, check it over the bytes received.
    let received = base64url::decode(signature_b64).map_err(|error| {
        (
            S::Signature,
            JwtError::Base64 {
                part: Part::Signature,
                error,
            },
        )
    })?;
    let signing_input_len = header_b64.len() + 1 + payload_b64.len();
    let signing_input = token.get(..signing_input_len).unwrap_or_default();
    let keys = policy
        .keys
        .as_ref()
        .map_err(|e| (S::Signature, JwtError::Key(e.clone())))?;
    let kid = header.get("kid").and_then(Json::as_str);
    if lax.trust_jwk {
        if let Some(embedded) = header.get("jwk") {
            let set =
                KeySet::from_jwk_json(embedded).map_err(|e| (S::Signature, JwtError::Key(e)))?;
            let public = set.entries.first().and_then(|e| e.material.public());
            let ok = public.as_ref().is_some_and(|k| {
                k.fits(policy.alg).is_ok()
                    && k.verify(policy.alg, signing_input.as_bytes(), &received)
            });
            if !ok {
                return Err((
                    S::Signature,
                    JwtError::SignatureInvalid {
                        alg: policy.alg,
                        key: "the key the token brought".to_string(),
                    },
                ));
            }
            walk.warn(S::Signature, "UNSAFE (weakness trust-jwk): checked with the key the token itself carries in \"jwk\". Whoever made the token made that key");
            return check_claims(payload_b64, policy, walk, report);
        }
    }
    if let (Some(reachable), Some(url)) = (&lax.trust_jku, header.get("jku")) {
        let url = url.as_str().unwrap_or_default();
        let Some((_, set)) = reachable.iter().find(|(u, _)| u == url) else {
            return Err((
                S::Signature,
                JwtError::Key(KeyError::Unreadable {
                    format: "JWK Set",
                    why: format!("the server tried to fetch the key set the token names in \"jku\" ({url}), and nothing there answered"),
                }),
            ));
        };
        let selected = set.select(policy.alg, kid).map_err(|e| (S::Signature, e))?;
        let ok = selected.entry.material.public().is_some_and(|k| {
            k.fits(policy.alg).is_ok() && k.verify(policy.alg, signing_input.as_bytes(), &received)
        });
        if !ok {
            return Err((
                S::Signature,
                JwtError::SignatureInvalid {
                    alg: policy.alg,
                    key: format!("the key fetched from {url}"),
                },
            ));
        }
        walk.warn(S::Signature, format!("UNSAFE (weakness trust-jku): checked with a key fetched from {url}, the address the token itself gave. Whoever made the token chose where its key comes from"));
        return check_claims(payload_b64, policy, walk, report);
    }
    if lax.kid_path && policy.alg.is_symmetric() {
        if let Some(path) = kid.filter(|k| k.contains('/')) {
            // The "file" the kid names is empty: the key is the empty string.
            if !policy
                .alg
                .verify_mac(b"", signing_input.as_bytes(), &received)
            {
                return Err((S::Signature, JwtError::SignatureMismatch));
            }
            walk.warn(S::Signature, format!("UNSAFE (weakness kid-path): the key was read from the file \"{path}\", which is empty, so the HMAC key was the empty string"));
            return check_claims(payload_b64, policy, walk, report);
        }
    }
    if keys.is_empty() {
        report.unverified = true;
        walk.warn(
            S::Signature,
            format!("not checked: no key for {} was given", policy.alg),
        );
    } else {
        let kid = header.get("kid").and_then(Json::as_str);
        let selected = keys
            .select(policy.alg, kid)
            .map_err(|e| (S::Signature, e))?;
        report.key_used = Some(selected.describe());
        match &selected.entry.material {
            Material::Secret(key) => {
                // Compare with `verify_slice` (constant time). The expected
                // signature is only computed for display when the comparison
                // fails, so a valid token costs one HMAC.
                if !policy
                    .alg
                    .verify_mac(key.bytes(), signing_input.as_bytes(), &received)
                {
                    let expected = policy.alg.mac(key.bytes(), signing_input.as_bytes());
                    report.expected_signature = Some(base64url::encode(&expected));
                    return Err((S::Signature, JwtError::SignatureMismatch));
                }
                walk.pass(
                    S::Signature,
                    StepDetail::MacMatched(policy.alg, signing_input_len),
                );
            }
            other => {
                let Some(public) = other.public() else {
                    return Err((
                        S::Signature,
                        JwtError::Key(KeyError::NotAKey { alg: policy.alg }),
                    ));
                };
                let expected = public.signature_len(policy.alg);
                if received.len() != expected {
                    // A DER-encoded ECDSA signature: name the usual cause.
                    let der = (policy.alg.family() == Family::Ecdsa)
                        .then(|| der_to_raw(&received, expected / 2))
                        .flatten();
                    if let Some(raw) = der {
                        return Err((
                            S::Signature,
                            JwtError::SignatureDer {
                                alg: policy.alg,
                                expected,
                                found: received.len(),
                                verifies_as_der: public.verify(
                                    policy.alg,
                                    signing_input.as_bytes(),
                                    &raw,
                                ),
                            },
                        ));
                    }
                    return Err((
                        S::Signature,
                        JwtError::SignatureLength {
                            expected,
                            found: received.len(),
                        },
                    ));
                }
                if !public.verify(policy.alg, signing_input.as_bytes(), &received) {
                    return Err((
                        S::Signature,
                        JwtError::SignatureInvalid {
                            alg: policy.alg,
                            key: public.describe(),
                        },
                    ));
                }
                walk.pass(
                    S::Signature,
                    StepDetail::SignatureVerified(policy.alg, public.describe()),
                );
            }
        }
    }

    check_claims(payload_b64, policy, walk, report)
}

/// Steps 6 to 11: the claims, after the signature step.
fn check_claims(
    payload_b64: &str,
    policy: &Policy,
    walk: &mut Walk,
    report: &mut VerifyReport,
) -> Result<(), StepError> {
    use VerifyStep as S;
    // 6. Claims: base64url, UTF-8, JSON object.
    if payload_b64.is_empty() {
        return Err((
            S::Claims,
            JwtError::EmptyPart {
                part: Part::Payload,
            },
        ));
    }
    let claims = report
        .claims
        .insert(decode_object(payload_b64, Part::Payload).map_err(|e| (S::Claims, e))?);
    walk.pass(S::Claims, "a JSON object");

    // 7. Types of registered claims (RFC 7519 section 4.1).
    check_claim_types(claims).map_err(|e| (S::ClaimTypes, e))?;
    walk.pass(
        S::ClaimTypes,
        "exp, nbf, iat are numbers; iss, sub, jti strings",
    );

    // 8. exp: valid while now < exp (+ leeway).
    let now = policy.now;
    let leeway = policy.leeway;
    match claims.get("exp").and_then(Json::as_f64) {
        None => walk.warn(
            S::Exp,
            "no \"exp\": this token never expires, so a stolen copy works forever",
        ),
        Some(exp) => {
            if (now as f64) >= exp + leeway as f64 {
                if !policy.unsafe_options.skip_exp {
                    return Err((S::Exp, JwtError::Expired { exp, now, leeway }));
                }
                walk.warn(
                    S::Exp,
                    format!(
                        "UNSAFE (weakness no-exp): expired {} ago, accepted anyway",
                        crate::jwt::display::duration(now as f64 - exp)
                    ),
                );
            } else {
                walk.pass(S::Exp, StepDetail::SecondsLeft(exp - now as f64));
            }
        }
    }

    // 9. nbf: valid once now >= nbf (- leeway).
    match claims.get("nbf").and_then(Json::as_f64) {
        None => walk.pass(S::Nbf, "no \"nbf\""),
        Some(nbf) => {
            if (now as f64) < nbf - leeway as f64 {
                return Err((S::Nbf, JwtError::NotYetValid { nbf, now, leeway }));
            }
            walk.pass(S::Nbf, "already valid");
        }
    }

    // 10. iss and aud, when the server asks for them.
    match &policy.issuer {
        None => walk.skip(S::Iss, "this server does not check the issuer"),
        Some(expected) => {
            let found = claims.get("iss").and_then(Json::as_str);
            if found != Some(expected.as_str()) {
                return Err((
                    S::Iss,
                    JwtError::Issuer {
                        expected: expected.clone(),
                        found: found.map(str::to_string),
                    },
                ));
            }
            walk.pass(S::Iss, format!("issued by \"{expected}\""));
        }
    }
    match &policy.audience {
        None => walk.skip(S::Aud, "this server does not check the audience"),
        Some(expected) => {
            let ok = match claims.get("aud") {
                Some(Json::String(s)) => s == expected,
                Some(Json::Array(items)) => items.iter().any(|i| i.as_str() == Some(expected)),
                _ => false,
            };
            if !ok {
                return Err((
                    S::Aud,
                    JwtError::Audience {
                        expected: expected.clone(),
                    },
                ));
            }
            walk.pass(S::Aud, format!("meant for \"{expected}\""));
        }
    }
    Ok(())
}

fn check_claim_types(claims: &Json) -> Result<(), JwtError> {
    for claim in ["exp", "nbf", "iat"] {
        if let Some(v) = claims.get(claim) {
            // RFC 7519 section 2: NumericDate is a JSON number. A number so
            // large it is not finite as f64 cannot be compared, so it is refused too.
            if !v.as_f64().is_some_and(f64::is_finite) {
                return Err(JwtError::ClaimType {
                    claim,
                    expected: "a number of seconds (NumericDate)",
                    found: v.type_name(),
                });
            }
        }
    }
    for claim in ["iss", "sub", "jti"] {
        if let Some(v) = claims.get(claim) {
            if v.as_str().is_none() {
                return Err(JwtError::ClaimType {
                    claim,
                    expected: "a string",
                    found: v.type_name(),
                });
            }
        }
    }
    if let Some(aud) = claims.get("aud") {
        let ok = match aud {
            Json::String(_) => true,
            Json::Array(items) => items.iter().all(|i| i.as_str().is_some()),
            _ => false,
        };
        if !ok {
            return Err(JwtError::ClaimType {
                claim: "aud",
                expected: "a string or an array of strings",
                found: aud.type_name(),
            });
        }
    }
    Ok(())
}
