//! What the server (or the load balancer) did with one request, as a checklist
//! the view renders the same way for every kind of request: one line per
//! check, each `pass`, `fail` or `skip`, the first failure being the reason
//! for the status code.

use super::mode::Mode;
use super::session::Session;
pub use super::step_id::StepId;
use super::weakness::{SkippedCheck, Weakness};
use crate::jwt::{BuildStep, StepResult, VerifyReport, VerifyStep};

/// One line of a checklist.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckStep {
    /// Which check this is (the UI's `data-step`).
    pub id: StepId,
    pub title: String,
    pub result: StepResult,
    /// What was found, in a sentence a student understands.
    pub detail: String,
    /// The weakness that made the server jump over this check (`result` is
    /// then `Skip`): shown as "skipped (weakness on)", not "not reached".
    pub skipped_by: Option<Weakness>,
    /// A `Skip` because an earlier check failed: "not reached". A `Skip`
    /// without it is a check this server leaves out by its configuration or
    /// has nothing to do for ("this server does not check the issuer"):
    /// "skipped", never "not reached" above checks that passed.
    pub not_reached: bool,
}

impl CheckStep {
    pub fn pass(id: StepId, title: impl Into<String>, detail: impl Into<String>) -> Self {
        CheckStep::new(id, title, StepResult::Pass, detail)
    }

    pub fn fail(id: StepId, title: impl Into<String>, detail: impl Into<String>) -> Self {
        CheckStep::new(id, title, StepResult::Fail, detail)
    }

    /// A check left out on purpose, or with nothing to do: "skipped".
    pub fn skip(id: StepId, title: impl Into<String>, detail: impl Into<String>) -> Self {
        CheckStep::new(id, title, StepResult::Skip, detail)
    }

    /// A check never run because an earlier one failed: "not reached".
    pub fn not_reached(id: StepId, title: impl Into<String>) -> Self {
        CheckStep {
            not_reached: true,
            ..CheckStep::skip(id, title, "not reached")
        }
    }

    pub fn new(
        id: StepId,
        title: impl Into<String>,
        result: StepResult,
        detail: impl Into<String>,
    ) -> Self {
        CheckStep {
            id,
            title: title.into(),
            result,
            detail: detail.into(),
            skipped_by: None,
            not_reached: false,
        }
    }

    /// What the result is called on screen, in words (never colour alone):
    /// "passed", "failed", "not reached", "skipped (weakness on)"...
    pub fn word(&self) -> &'static str {
        result_word(self.result, self.skipped_by, self.not_reached)
    }
}

/// What a check's result is called on screen: a check a weakness made the
/// server jump over is "skipped (weakness on)", one left out by the server's
/// configuration "skipped", and only one after a failure "not reached".
pub fn result_word(
    result: StepResult,
    skipped_by: Option<Weakness>,
    not_reached: bool,
) -> &'static str {
    match (result, skipped_by) {
        (StepResult::Skip, Some(_)) => "skipped (weakness on)",
        (StepResult::Skip, None) if not_reached => "not reached",
        (StepResult::Skip, None) => "skipped",
        (StepResult::Pass, _) => "passed",
        (StepResult::Fail, _) => "failed",
        (StepResult::Warn, _) => "passed, with a warning",
    }
}

/// The sign and the word the playground's step views show for a result (the
/// request player's current step and the diagram's list): the same words as
/// [`result_word`] for a skipped check, an emphatic "FAILED", and "unsafe"
/// for a check a weakness let pass.
pub fn result_label(
    result: StepResult,
    skipped_by: Option<Weakness>,
    not_reached: bool,
) -> &'static str {
    match (result, skipped_by) {
        (StepResult::Pass, _) => "✓ passed",
        (StepResult::Fail, _) => "✗ FAILED",
        (StepResult::Warn, _) => "⚠ unsafe",
        (StepResult::Skip, Some(_)) => "– skipped (weakness on)",
        (StepResult::Skip, None) if not_reached => "– not reached",
        (StepResult::Skip, None) => "– skipped",
    }
}

/// Add a line "not reached" for every planned step that has no line yet, in
/// the plan's order: after the first failure the rest of a checklist still
/// shows, greyed out (as `jwt::verify` does for its own steps).
pub fn mark_not_reached(steps: &mut Vec<CheckStep>, plan: &[(StepId, &str)]) {
    for &(id, title) in plan {
        if !steps.iter().any(|s| s.id == id) {
            steps.push(CheckStep::not_reached(id, title));
        }
    }
}

/// Where a server keeps its sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreKind {
    /// The memory of the server with this id (lost when it crashes).
    Server(usize),
    /// One store all servers use (think Redis), which survives server crashes.
    Shared,
}

impl StoreKind {
    /// "server 2's memory" / "the shared session store".
    pub fn label(self) -> String {
        match self {
            StoreKind::Server(id) => format!("server {id}'s memory"),
            StoreKind::Shared => "the shared session store".to_string(),
        }
    }
}

/// What a successful login handed out.
#[derive(Debug, Clone, PartialEq)]
pub enum Issued {
    Token(IssuedToken),
    Session(IssuedSession),
}

/// JWT mode: the token and how it was built.
#[derive(Debug, Clone, PartialEq)]
pub struct IssuedToken {
    pub token: String,
    /// The header JSON exactly as signed.
    pub header_text: String,
    /// The claims JSON exactly as signed.
    pub claims_text: String,
    /// The signing, step by step, for the view to play (`jwt::build_trace`).
    pub build: Vec<BuildStep>,
}

/// Session mode: the new entry in the server's memory.
#[derive(Debug, Clone, PartialEq)]
pub struct IssuedSession {
    pub sid: String,
    pub session: Session,
    pub store: StoreKind,
    /// An older session id that came with the request and was discarded
    /// (a fresh id on every login defeats session fixation).
    pub replaced: Option<String>,
}

/// `POST /user/login`: authentication.
#[derive(Debug, Clone, PartialEq)]
pub struct LoginTrace {
    pub mode: Mode,
    /// The email as received, when the body had one.
    pub email: Option<String>,
    /// `body`, `user`, `password`, `issue`.
    pub steps: Vec<CheckStep>,
    /// The stored form of the user's password hash, when the user exists.
    pub stored_hash: Option<String>,
    pub issued: Option<Issued>,
}

/// Where the token came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenSource {
    /// `Authorization: Bearer <token>` (RFC 6750 section 2.1).
    Header,
    /// A cookie called `token`.
    Cookie,
    /// `?access_token=<token>` in the URL (RFC 6750 section 2.3): read only
    /// by a server with the `token-in-url` weakness.
    Query,
}

/// A protected route in JWT mode: the verifier's checklist plus the role check.
#[derive(Debug, Clone, PartialEq)]
pub struct JwtTrace {
    pub path: String,
    pub source: Option<TokenSource>,
    pub token: Option<String>,
    /// `token`: did a token arrive at all.
    pub token_step: CheckStep,
    /// The full verification report (expected and received signatures side by
    /// side on a MAC failure), when there was a token to verify.
    pub report: Option<VerifyReport>,
    /// `revoked`: the deny-list and the user's token version, once anything
    /// was ever revoked (then every request pays for a lookup again).
    pub revocation: Option<CheckStep>,
    /// `authorize`: may this user have this route.
    pub authorize: CheckStep,
    /// Checks of `report` that a weakness made the server jump over: the
    /// checklist shows them as skipped, not as passed.
    pub skipped: Vec<SkippedCheck>,
}

/// What a JWT server did about a token's signature, for the captions that
/// sum a request up (the sequence diagram's note, the cost line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureCheck {
    /// Checked with the server's own key, and it matched.
    Checked,
    /// Not checked at all: a weakness let the token through without one.
    Skipped(Weakness),
    /// Checked, and it matched, but with a key the weakness let the token
    /// choose (`None`: the verifier named no weakness): it proves nothing.
    UnsafeKey(Option<Weakness>),
    /// Not reached, or it failed: the request was refused.
    NotPassed,
}

impl SignatureCheck {
    /// The sequence diagram's note for a token request that got through.
    pub fn note(self) -> String {
        match self {
            SignatureCheck::Checked | SignatureCheck::NotPassed => {
                "signature checked: no lookup".to_string()
            }
            SignatureCheck::Skipped(w) => format!("no signature checked ({w} on)"),
            SignatureCheck::UnsafeKey(Some(w)) => format!("unsafe key ({w} on): no lookup"),
            SignatureCheck::UnsafeKey(None) => "unsafe key: no lookup".to_string(),
        }
    }

    /// What the server did instead of a real signature check, in a sentence;
    /// `None` when it did check one with its own key.
    pub fn unsafe_caption(self) -> Option<String> {
        match self {
            SignatureCheck::Checked | SignatureCheck::NotPassed => None,
            SignatureCheck::Skipped(w) => Some(format!(
                "No lookup, and no signature check either: weakness {w} is on, so the server took the token's word for everything in it."
            )),
            SignatureCheck::UnsafeKey(w) => Some(format!(
                "No lookup: the signature was checked, but with a key the token could choose{}, so it proves nothing about who made the token.",
                w.map(|w| format!(" (weakness {w} on)")).unwrap_or_default()
            )),
        }
    }
}

impl JwtTrace {
    /// What the server did about the signature (see [`SignatureCheck`]).
    pub fn signature_check(&self) -> SignatureCheck {
        if let Some(skip) = self
            .skipped
            .iter()
            .find(|s| s.step == VerifyStep::Signature)
        {
            return SignatureCheck::Skipped(skip.by);
        }
        let step = self
            .report
            .as_ref()
            .and_then(|r| r.steps.iter().find(|s| s.step == VerifyStep::Signature));
        match step.map(|s| (s.result, s.detail.to_string())) {
            Some((StepResult::Pass, _)) => SignatureCheck::Checked,
            Some((StepResult::Warn, detail)) => {
                SignatureCheck::UnsafeKey(super::weakness::named_in(&detail))
            }
            _ => SignatureCheck::NotPassed,
        }
    }
}

/// A protected route in session mode: cookie, lookup, expiry, role.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionTrace {
    pub path: String,
    pub store: StoreKind,
    pub sid: Option<String>,
    /// `cookie`, `lookup`, `expiry`, `authorize`.
    pub steps: Vec<CheckStep>,
    pub session: Option<Session>,
}

/// `POST /user/logout`.
#[derive(Debug, Clone, PartialEq)]
pub struct LogoutTrace {
    pub mode: Mode,
    pub steps: Vec<CheckStep>,
    /// The session removed from memory (session mode), if there was one.
    pub deleted: Option<Session>,
    /// Where the server looked for the session (session mode).
    pub store: Option<StoreKind>,
}

/// What the server did with one request.
#[derive(Debug, Clone, PartialEq)]
pub enum Trace {
    Login(LoginTrace),
    /// Boxed: the verifier's report is the largest part of any trace.
    Jwt(Box<JwtTrace>),
    Session(SessionTrace),
    Logout(LogoutTrace),
    /// Refused before any authentication: a malformed request, an unknown
    /// path or a wrong method. One step: `request`, `route` or `method`.
    Rejected(CheckStep),
    /// Every server is down; the load balancer answered 503 itself.
    Unavailable,
    /// `GET /.well-known/jwks.json`: the issuer's public keys (key-pair
    /// mode), asked for by a page or by a server. One step: `publish`.
    Jwks(Vec<CheckStep>),
    /// `POST /auth/refresh`, `/auth/revoke`, `/user/logout-everywhere`:
    /// the token lifecycle (issue 13).
    Lifecycle {
        title: &'static str,
        steps: Vec<CheckStep>,
    },
    /// Answered by another site in the simulated network (`evil.example`),
    /// not by the app's servers.
    Elsewhere {
        title: &'static str,
        steps: Vec<CheckStep>,
    },
}

impl Trace {
    /// A short name for the kind of work done.
    pub fn title(&self) -> &'static str {
        match self {
            Trace::Login(_) => "Login: authenticate the password",
            Trace::Jwt(_) => "Token check: authenticate, then authorize",
            Trace::Session(_) => "Session lookup: authenticate, then authorize",
            Trace::Logout(_) => "Logout",
            Trace::Rejected(_) => "Request refused",
            Trace::Unavailable => "No server available",
            Trace::Jwks(_) => "Key set: the issuer's public keys",
            Trace::Lifecycle { title, .. } | Trace::Elsewhere { title, .. } => title,
        }
    }

    /// Every check, in order, as the view shows it.
    pub fn checklist(&self) -> Vec<CheckStep> {
        match self {
            Trace::Login(t) => t.steps.clone(),
            Trace::Session(t) => t.steps.clone(),
            Trace::Logout(t) => t.steps.clone(),
            Trace::Rejected(step) => vec![step.clone()],
            Trace::Jwks(steps) => steps.clone(),
            Trace::Lifecycle { steps, .. } | Trace::Elsewhere { steps, .. } => steps.clone(),
            Trace::Unavailable => vec![CheckStep::fail(
                StepId::Balancer,
                "The load balancer finds a server that is up",
                "Every server is down, so the load balancer has nowhere to send the request.",
            )],
            Trace::Jwt(t) => {
                let mut steps = vec![t.token_step.clone()];
                match &t.report {
                    Some(report) => {
                        // `jwt::verify` lists every step; those after its
                        // failure were never run.
                        let failed_at = report
                            .steps
                            .iter()
                            .position(|s| s.result == StepResult::Fail);
                        steps.extend(report.steps.iter().enumerate().map(|(i, s)| {
                            match t.skipped.iter().find(|k| k.step == s.step) {
                                Some(skip) => CheckStep {
                                    skipped_by: Some(skip.by),
                                    ..CheckStep::skip(
                                        s.step.into(),
                                        s.step.title(),
                                        skip.detail.clone(),
                                    )
                                },
                                None => CheckStep {
                                    not_reached: s.result == StepResult::Skip
                                        && failed_at.is_some_and(|f| i > f),
                                    ..CheckStep::new(
                                        s.step.into(),
                                        s.step.title(),
                                        s.result,
                                        s.detail.to_string(),
                                    )
                                },
                            }
                        }));
                    }
                    None => steps.extend(VerifyStep::ALL.iter().map(|s| CheckStep {
                        detail: "no token to check".to_string(),
                        ..CheckStep::not_reached(StepId::Verify(*s), s.title())
                    })),
                }
                if let Some(step) = &t.revocation {
                    steps.push(step.clone());
                }
                steps.push(t.authorize.clone());
                steps
            }
        }
    }

    /// The first failing step, if any.
    pub fn failed_step(&self) -> Option<CheckStep> {
        self.checklist()
            .into_iter()
            .find(|s| s.result == StepResult::Fail)
    }

    /// Why the request failed, in a sentence; `None` when nothing failed.
    pub fn why(&self) -> Option<String> {
        if let Some(error) = self.verify_report().and_then(|r| r.error.as_ref()) {
            return Some(error.to_string());
        }
        self.failed_step().map(|s| s.detail)
    }

    /// The verifier's report, for JWT requests that carried a token.
    pub fn verify_report(&self) -> Option<&VerifyReport> {
        match self {
            Trace::Jwt(t) => t.report.as_ref(),
            _ => None,
        }
    }

    /// The build steps of a token issued by this login, for the view to play.
    pub fn build_steps(&self) -> Option<&[BuildStep]> {
        match self {
            Trace::Login(LoginTrace {
                issued: Some(Issued::Token(t)),
                ..
            }) => Some(&t.build),
            _ => None,
        }
    }
}
