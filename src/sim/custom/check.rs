//! What a teacher's scenario can check: conditions the simulation can test
//! from its log, its servers' memory and its lifecycle, each with its
//! parameters, as data a link or a file can carry.

use super::error::CustomError;
use crate::jwt::VerifyStep;
use crate::sim::server::{ADMIN_PATH, LOGIN_PATH, LOGOUT_PATH, PROFILE_PATH, RENAME_PATH};
use crate::sim::trace::StepId;
use crate::sim::world::{Exchange, Sender, World};
use crate::sim::{FamilyState, LOGOUT_EVERYWHERE_PATH, REFRESH_PATH, REVOKE_PATH};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The paths a check may name: the routes the page's own buttons call.
pub const CHECK_PATHS: [&str; 8] = [
    LOGIN_PATH,
    PROFILE_PATH,
    ADMIN_PATH,
    LOGOUT_PATH,
    RENAME_PATH,
    REFRESH_PATH,
    REVOKE_PATH,
    LOGOUT_EVERYWHERE_PATH,
];

/// The checklist steps a request can be refused at, by their stable names
/// (the ones the checklist writes as `data-step`).
pub const REFUSING_STEPS: [StepId; 23] = [
    StepId::Body,
    StepId::User,
    StepId::Password,
    StepId::Token,
    StepId::Cookie,
    StepId::Verify(VerifyStep::Segments),
    StepId::Verify(VerifyStep::Header),
    StepId::Verify(VerifyStep::Alg),
    StepId::Verify(VerifyStep::Crit),
    StepId::Verify(VerifyStep::Signature),
    StepId::Verify(VerifyStep::Claims),
    StepId::Verify(VerifyStep::ClaimTypes),
    StepId::Verify(VerifyStep::Exp),
    StepId::Verify(VerifyStep::Nbf),
    StepId::Verify(VerifyStep::Iss),
    StepId::Verify(VerifyStep::Aud),
    StepId::Verify(VerifyStep::Typ),
    StepId::Lookup,
    StepId::Expiry,
    StepId::Authorize,
    StepId::Revoked,
    StepId::Spend,
    StepId::Balancer,
];

/// The step with this stable name, among those a request can be refused at.
pub fn refusing_step(name: &str) -> Option<StepId> {
    REFUSING_STEPS.into_iter().find(|s| s.as_str() == name)
}

/// The highest server number a check may name ([`crate::sim::MAX_SERVERS`]).
const MAX_SERVER: usize = crate::sim::MAX_SERVERS;

/// When a teacher's scenario is reached. Each variant is a condition the
/// simulation can test; the names (`kind`) and fields are what a link and a
/// JSON file carry.
///
/// Written as one flat object, `{"kind": "response", "path": ..., "status": ...}`
/// ([`CheckFile`]): plain to read and write by hand, and far smaller to
/// decode in the page than a tagged enum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "CheckFile", into = "CheckFile")]
pub enum GoalCheck {
    /// A response with this status came back from this path.
    Response { path: String, status: u16 },
    /// A request was refused at this checklist step (with this status, if given).
    RefusedAt { step: String, status: Option<u16> },
    /// A server (this one, or any, or the shared store) holds a session.
    SessionHeld { server: Option<usize> },
    /// A copy of the credential, or a stolen refresh token, sent from
    /// another machine (the thief's replay, or the attacker's) was answered
    /// with this status; after a logout, if asked.
    ReplayAnswered { status: u16, after_logout: bool },
    /// A refresh-token family was revoked (reuse, logout or log out everywhere).
    FamilyRevoked,
    /// `200` from this path, answered by at least this many different servers.
    ServersAnswered { path: String, servers: usize },
    /// The attacker holds a credential of the user.
    Stolen,
    /// A cross-site request from the attacker's page was answered with this status.
    CrossSiteAnswered { status: u16 },
}

/// A check as a link or file writes it: its kind and the fields that kind
/// takes (the others absent).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckFile {
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<usize>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub after_logout: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub servers: Option<usize>,
}

/// A field the kind needs, or the sentence that says it is missing.
fn needs<T>(value: Option<T>, kind: &str, field: &'static str) -> Result<T, CustomError> {
    value.ok_or_else(|| CustomError::Missing {
        field,
        kind: CHECK_KINDS
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or("", |(k, _)| k),
    })
}

impl TryFrom<CheckFile> for GoalCheck {
    type Error = CustomError;
    fn try_from(f: CheckFile) -> Result<GoalCheck, CustomError> {
        let kind = f.kind.as_str();
        Ok(match kind {
            "response" => GoalCheck::Response {
                path: needs(f.path, kind, "path")?,
                status: needs(f.status, kind, "status")?,
            },
            "refused-at" => GoalCheck::RefusedAt {
                step: needs(f.step, kind, "step")?,
                status: f.status,
            },
            "session-held" => GoalCheck::SessionHeld { server: f.server },
            "replay-answered" => GoalCheck::ReplayAnswered {
                status: needs(f.status, kind, "status")?,
                after_logout: f.after_logout,
            },
            "family-revoked" => GoalCheck::FamilyRevoked,
            "servers-answered" => GoalCheck::ServersAnswered {
                path: needs(f.path, kind, "path")?,
                servers: needs(f.servers, kind, "servers")?,
            },
            "stolen" => GoalCheck::Stolen,
            "cross-site-answered" => GoalCheck::CrossSiteAnswered {
                status: needs(f.status, kind, "status")?,
            },
            other => return Err(CustomError::unknown("kind of check", other)),
        })
    }
}

impl From<GoalCheck> for CheckFile {
    fn from(check: GoalCheck) -> CheckFile {
        let kind = check.kind().to_string();
        let blank = CheckFile {
            kind,
            ..CheckFile::default()
        };
        match check {
            GoalCheck::Response { path, status } => CheckFile {
                path: Some(path),
                status: Some(status),
                ..blank
            },
            GoalCheck::RefusedAt { step, status } => CheckFile {
                step: Some(step),
                status,
                ..blank
            },
            GoalCheck::SessionHeld { server } => CheckFile { server, ..blank },
            GoalCheck::ReplayAnswered {
                status,
                after_logout,
            } => CheckFile {
                status: Some(status),
                after_logout,
                ..blank
            },
            GoalCheck::ServersAnswered { path, servers } => CheckFile {
                path: Some(path),
                servers: Some(servers),
                ..blank
            },
            GoalCheck::CrossSiteAnswered { status } => CheckFile {
                status: Some(status),
                ..blank
            },
            GoalCheck::FamilyRevoked | GoalCheck::Stolen => blank,
        }
    }
}

/// The kinds, in the builder's order, with a name for each short enough for
/// a phone's width.
pub const CHECK_KINDS: [(&str, &str); 8] = [
    ("response", "A status from a path"),
    ("refused-at", "A refusal at a step"),
    ("session-held", "A server holds a session"),
    ("replay-answered", "The thief's replay answered"),
    ("family-revoked", "A refresh family revoked"),
    ("servers-answered", "200 from several servers"),
    ("stolen", "The attacker steals a credential"),
    ("cross-site-answered", "A cross-site request answered"),
];

fn status_ok(status: u16) -> Result<(), CustomError> {
    if (100..=599).contains(&status) {
        Ok(())
    } else {
        Err(CustomError::Status(status))
    }
}

fn path_ok(path: &str) -> Result<(), CustomError> {
    if CHECK_PATHS.contains(&path) {
        Ok(())
    } else {
        Err(CustomError::unknown("path", path))
    }
}

impl GoalCheck {
    /// Its `kind`, as written in a link.
    pub fn kind(&self) -> &'static str {
        match self {
            GoalCheck::Response { .. } => "response",
            GoalCheck::RefusedAt { .. } => "refused-at",
            GoalCheck::SessionHeld { .. } => "session-held",
            GoalCheck::ReplayAnswered { .. } => "replay-answered",
            GoalCheck::FamilyRevoked => "family-revoked",
            GoalCheck::ServersAnswered { .. } => "servers-answered",
            GoalCheck::Stolen => "stolen",
            GoalCheck::CrossSiteAnswered { .. } => "cross-site-answered",
        }
    }

    /// Every parameter is one the simulation knows.
    pub fn validate(&self) -> Result<(), CustomError> {
        match self {
            GoalCheck::Response { path, status } => {
                path_ok(path)?;
                status_ok(*status)
            }
            GoalCheck::RefusedAt { step, status } => {
                refusing_step(step).ok_or_else(|| CustomError::unknown("checklist step", step))?;
                status.map_or(Ok(()), status_ok)
            }
            GoalCheck::SessionHeld { server } => match server {
                Some(n) if !(1..=MAX_SERVER).contains(n) => Err(CustomError::CheckServer(*n)),
                _ => Ok(()),
            },
            GoalCheck::ReplayAnswered { status, .. } | GoalCheck::CrossSiteAnswered { status } => {
                status_ok(*status)
            }
            GoalCheck::ServersAnswered { path, servers } => {
                path_ok(path)?;
                if (1..=MAX_SERVER).contains(servers) {
                    Ok(())
                } else {
                    Err(CustomError::CheckServer(*servers))
                }
            }
            GoalCheck::FamilyRevoked | GoalCheck::Stolen => Ok(()),
        }
    }

    /// What the page checks, in a sentence for the student.
    pub fn describe(&self) -> String {
        match self {
            GoalCheck::Response { path, status } => {
                format!("the page checks for a response {status} from {path}.")
            }
            GoalCheck::RefusedAt { step, status } => match status {
                Some(s) => format!("the page checks for a request refused with {s} at step {step}."),
                None => format!("the page checks for a request refused at step {step}."),
            },
            GoalCheck::SessionHeld { server } => match server {
                Some(n) => format!("the page checks that server {n} holds a session."),
                None => "the page checks that a server (or the shared store) holds a session."
                    .to_string(),
            },
            GoalCheck::ReplayAnswered {
                status,
                after_logout,
            } => format!(
                "the page checks for a copied credential or refresh token sent from another machine{} and answered {status}.",
                if *after_logout { " after a logout" } else { "" }
            ),
            GoalCheck::FamilyRevoked => {
                "the page checks that a refresh-token family was revoked.".to_string()
            }
            GoalCheck::ServersAnswered { path, servers } => format!(
                "the page checks for 200 from {path} answered by {servers} different server{}.",
                if *servers == 1 { "" } else { "s" }
            ),
            GoalCheck::Stolen => "the page checks that the attacker holds a stolen credential.".to_string(),
            GoalCheck::CrossSiteAnswered { status } => format!(
                "the page checks for a request from the attacker's page answered {status}."
            ),
        }
    }

    /// Is it true of `world`? Reads the log (at most its bounded length),
    /// the servers' memory and the refresh families: no unbounded work.
    pub fn holds(&self, w: &World) -> bool {
        let any = |f: &dyn Fn(&Exchange) -> bool| w.log().iter().any(f);
        match self {
            GoalCheck::Response { path, status } => {
                any(&|e| e.status() == *status && e.request.route_path() == path)
            }
            GoalCheck::RefusedAt { step, status } => {
                let Some(step) = refusing_step(step) else {
                    return false;
                };
                any(&|e| {
                    status.is_none_or(|s| e.status() == s)
                        && e.status() >= 400
                        && e.trace.failed_step().is_some_and(|f| f.id == step)
                })
            }
            GoalCheck::SessionHeld { server } => match server {
                Some(n) => w.memory(*n).is_some_and(|m| m.entries >= 1),
                None => w.total_memory().entries >= 1,
            },
            GoalCheck::ReplayAnswered {
                status,
                after_logout,
            } => {
                let since = if *after_logout {
                    match w
                        .log()
                        .iter()
                        .find(|e| e.request.route_path() == LOGOUT_PATH)
                    {
                        Some(e) => e.seq,
                        None => return false,
                    }
                } else {
                    0
                };
                any(&|e| {
                    e.seq > since
                        && matches!(e.sender, Sender::Raw | Sender::Attacker)
                        && e.status() == *status
                        && (e.request.route_path().starts_with("/api/")
                            || e.request.route_path() == REFRESH_PATH)
                })
            }
            GoalCheck::FamilyRevoked => w
                .lifecycle()
                .families()
                .iter()
                .any(|f| matches!(f.state, FamilyState::Revoked(_))),
            GoalCheck::ServersAnswered { path, servers } => {
                let answered: BTreeSet<usize> = w
                    .log()
                    .iter()
                    .filter(|e| e.status() == 200 && e.request.route_path() == path)
                    .filter_map(|e| e.server_id)
                    .collect();
                answered.len() >= *servers
            }
            GoalCheck::Stolen => w.loot().credential().is_some(),
            GoalCheck::CrossSiteAnswered { status } => {
                any(&|e| e.sender == Sender::CrossSite && e.status() == *status)
            }
        }
    }
}
