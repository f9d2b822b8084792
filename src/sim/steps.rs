//! One request, step by step (issue 10): the sender sends, the load
//! balancer picks a server, the server walks its checks one at a time (a
//! login that issues a token signs it, one build step after another, and a
//! server using the shared store reads or writes it), and the response
//! travels back. The view's request player reveals these in order, and the
//! sequence diagram draws as far as the step reached.
//!
//! The steps are made from the exchange alone, after the fact: the
//! simulation answers at once, the player only replays what it did.

use super::server::{SESSION_COOKIE, TOKEN_COOKIE};
use super::trace::{Issued, StepId, StoreKind, Trace};
use super::world::{Exchange, Sender};
use crate::jwt::StepResult;

/// Where in its journey a request is at a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The request travels from its sender to the balancer (or straight to
    /// the site or server it is for).
    Send,
    /// The load balancer picks a server (or finds none up).
    Route,
    /// The server runs one check.
    Check,
    /// The server reads, writes or deletes a row in the shared store.
    Store,
    /// The server fetches what it needs to check the request from elsewhere
    /// (the issuer's key set, a `jku` URL): a request of its own.
    Fetch,
    /// One step of signing the token a login issues.
    Sign,
    /// The response travels back.
    Respond,
}

impl Stage {
    /// The stable name (`data-stage` in the view).
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Send => "send",
            Stage::Route => "route",
            Stage::Check => "check",
            Stage::Store => "store",
            Stage::Fetch => "fetch",
            Stage::Sign => "sign",
            Stage::Respond => "respond",
        }
    }
}

/// One step of a request's journey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestStep {
    pub stage: Stage,
    /// Which step (`data-step`): send, route, a check's own id (password,
    /// signature, lookup...), sign, respond.
    pub id: StepId,
    pub title: String,
    /// What happened, in a sentence a student understands.
    pub detail: String,
    /// Checks: how it went. `None` for the travelling steps.
    pub result: Option<StepResult>,
    /// A check a weakness made the server jump over.
    pub skipped_by: Option<crate::sim::weakness::Weakness>,
    /// A check never run because an earlier one failed.
    pub not_reached: bool,
    /// Sign steps: which of the login's build steps this is (0-based).
    pub build_index: Option<usize>,
    /// Fetch steps: the number of the request the server made.
    pub fetched: Option<u64>,
}

impl RequestStep {
    fn new(stage: Stage, id: StepId, title: String, detail: String) -> RequestStep {
        RequestStep {
            stage,
            id,
            title,
            detail,
            result: None,
            skipped_by: None,
            not_reached: false,
            build_index: None,
            fetched: None,
        }
    }
}

/// What a status code means, in the words used everywhere in the app.
pub fn status_meaning(status: u16) -> Option<&'static str> {
    match status {
        401 => Some("401 Unauthorized, which in fact means not authenticated: the server could not confirm who sent this request (no credential, or one that does not check out)."),
        403 => Some("403 Forbidden: authenticated but not authorized. The server knows who sent this request, and that user may not have this."),
        _ => None,
    }
}

/// Who answers the exchange, as a step's title names it.
fn answerer(e: &Exchange) -> String {
    match (&e.trace, e.server_id) {
        (Trace::Elsewhere { .. }, _) => e
            .request
            .header("Host")
            .unwrap_or(crate::sim::attacker::ATTACKER_HOST)
            .to_string(),
        (_, Some(id)) => format!("Server {id}"),
        (_, None) => "The load balancer".to_string(),
    }
}

fn sender_sends(sender: Sender) -> String {
    match sender {
        Sender::Page => "The browser sends".to_string(),
        Sender::Raw => "Another machine sends".to_string(),
        Sender::Server(id) => format!("Server {id} sends"),
        Sender::Attacker => "The attacker's machine sends".to_string(),
        Sender::CrossSite => "evil.example's page makes the browser send".to_string(),
        Sender::InjectedScript => "A script injected into the page sends".to_string(),
    }
}

/// What the request carries, in a sentence.
fn carries(e: &Exchange) -> String {
    let r = &e.request;
    if r.header("Authorization")
        .is_some_and(|a| a.starts_with("Bearer "))
    {
        "It carries the token in its Authorization header (Bearer): the page's code put it there."
            .to_string()
    } else if r.cookie(SESSION_COOKIE).is_some() {
        "It carries the sid cookie: the browser adds it by itself to every request to the site."
            .to_string()
    } else if r.cookie(TOKEN_COOKIE).is_some() {
        "It carries the token in a cookie: the browser adds it by itself.".to_string()
    } else {
        "It carries no credential.".to_string()
    }
}

/// Whether a check of this trace reads or writes the shared store.
fn touches_shared_store(trace: &Trace, check: StepId) -> bool {
    match trace {
        Trace::Login(t) => {
            check == StepId::Issue
                && matches!(&t.issued, Some(Issued::Session(s)) if s.store == StoreKind::Shared)
        }
        Trace::Session(t) => check == StepId::Lookup && t.store == StoreKind::Shared,
        Trace::Logout(t) => check == StepId::Delete && t.store == Some(StoreKind::Shared),
        _ => false,
    }
}

/// What the answering server fetched while it handled `e`, each a step.
fn fetch_steps(e: &Exchange) -> Vec<RequestStep> {
    e.fetched
        .iter()
        .map(|f| {
            let (whom, why) = match f.answered_by {
                Some(issuer) => (
                    format!("the issuer (server {issuer})"),
                    "It had no copy of the issuer's public keys (or not the key the token's kid names), so it asks for the key set the issuer publishes; it checks the signature with it next.",
                ),
                None => (
                    f.host.clone(),
                    "The token's header names this URL (jku) and this server trusts it: it takes the keys the token points to, which is what lets an attacker bring their own.",
                ),
            };
            let mut step = RequestStep::new(
                Stage::Fetch,
                StepId::Fetch,
                format!(
                    "Server {} fetches {} from {whom}: request #{} answered {} {}",
                    f.by, f.line, f.seq, f.status, f.reason
                ),
                why.to_string(),
            );
            step.fetched = Some(f.seq);
            step.result = Some(if f.status == 200 {
                StepResult::Pass
            } else {
                StepResult::Fail
            });
            step
        })
        .collect()
}

/// The whole journey of one exchange, in order. Checks stop at the first
/// that fails: the server answers from there, so later ones are not steps.
pub fn request_steps(e: &Exchange) -> Vec<RequestStep> {
    let mut steps = Vec::new();
    let elsewhere = matches!(e.trace, Trace::Elsewhere { .. });
    let from_server = matches!(e.sender, Sender::Server(_));
    let line = format!("{} {}", e.request.method.as_str(), e.request.route_path());
    let to = if elsewhere || from_server {
        answerer(e)
    } else {
        "the load balancer".to_string()
    };
    steps.push(RequestStep::new(
        Stage::Send,
        StepId::Send,
        format!("{} {line} to {to}", sender_sends(e.sender)),
        carries(e),
    ));
    if !elsewhere && !from_server {
        let mut route = match e.server_id {
            Some(id) => RequestStep::new(
                Stage::Route,
                StepId::Route,
                format!("The load balancer passes it to server {id}"),
                e.routing.note.clone(),
            ),
            None => RequestStep::new(
                Stage::Route,
                StepId::Route,
                "The load balancer finds no server up".to_string(),
                "Every server is down, so it has nowhere to send the request.".to_string(),
            ),
        };
        if e.server_id.is_none() {
            route.result = Some(StepResult::Fail);
        }
        steps.push(route);
    }
    if !matches!(e.trace, Trace::Unavailable) {
        let who = answerer(e);
        // What the server fetched, it fetched to check the signature.
        let mut fetches = Some(fetch_steps(e));
        for check in e.trace.checklist() {
            if check.not_reached {
                continue;
            }
            if check.id == StepId::Verify(crate::jwt::VerifyStep::Signature) {
                steps.extend(fetches.take().unwrap_or_default());
            }
            let failed = check.result == StepResult::Fail;
            let stage = if touches_shared_store(&e.trace, check.id) {
                Stage::Store
            } else {
                Stage::Check
            };
            steps.push(RequestStep {
                stage,
                id: check.id,
                title: format!("{who} checks: {}", check.title),
                detail: check.detail,
                result: Some(check.result),
                skipped_by: check.skipped_by,
                not_reached: check.not_reached,
                build_index: None,
                fetched: None,
            });
            if check.id == StepId::Issue {
                for (i, b) in e.trace.build_steps().unwrap_or_default().iter().enumerate() {
                    steps.push(RequestStep {
                        stage: Stage::Sign,
                        id: StepId::Sign,
                        title: format!("{who} signs, step {}: {}", i + 1, b.title),
                        detail: b.explanation.clone(),
                        result: None,
                        skipped_by: None,
                        not_reached: false,
                        build_index: Some(i),
                        fetched: None,
                    });
                }
            }
            if failed {
                break;
            }
        }
    }
    let status = e.status();
    let detail = match (status_meaning(status), &e.trace) {
        (Some(meaning), _) => meaning.to_string(),
        (None, Trace::Login(t)) => match &t.issued {
            Some(Issued::Token(_)) => {
                "The token travels back in the body. The server keeps nothing: the next request has to bring the token."
                    .to_string()
            }
            Some(Issued::Session(_)) => {
                "Set-Cookie hands the browser the session id; the session row itself stays on the server side."
                    .to_string()
            }
            None => "The answer travels back.".to_string(),
        },
        (None, _) if elsewhere || from_server => "The answer travels back.".to_string(),
        (None, _) => "The answer travels back through the load balancer.".to_string(),
    };
    steps.push(RequestStep::new(
        Stage::Respond,
        StepId::Respond,
        format!("{} answers {status} {}", answerer(e), e.response.reason()),
        detail,
    ));
    steps
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::sim::{Mode, SeededEntropy, World, WorldConfig};

    fn world(mode: Mode, servers: usize, shared_store: bool) -> World {
        let config = WorldConfig {
            mode,
            servers,
            shared_store,
            pbkdf2_iterations: 50,
            ..WorldConfig::default()
        };
        World::new(config, Box::new(SeededEntropy::new(7))).unwrap()
    }

    fn stages(steps: &[RequestStep]) -> Vec<&'static str> {
        steps.iter().map(|s| s.stage.as_str()).collect()
    }

    #[test]
    fn a_jwt_login_is_sent_routed_checked_signed_and_answered() {
        let mut w = world(Mode::Jwt, 1, false);
        let e = w.login("alice@example.com", "wonderland");
        assert_eq!(e.status(), 200);
        let steps = request_steps(&e);
        let ids: Vec<_> = steps.iter().map(|s| s.id).collect();
        assert_eq!(
            &ids[..6],
            [
                StepId::Send,
                StepId::Route,
                StepId::Body,
                StepId::User,
                StepId::Password,
                StepId::Issue
            ]
        );
        let builds = e.trace.build_steps().unwrap().len();
        assert!(builds > 3);
        // Every build step of the signing is one step of the login, in order.
        let signs: Vec<_> = steps.iter().filter_map(|s| s.build_index).collect();
        assert_eq!(signs, (0..builds).collect::<Vec<_>>());
        assert_eq!(steps.len(), 6 + builds + 1);
        let last = steps.last().unwrap();
        assert_eq!(last.stage, Stage::Respond);
        assert!(last.title.contains("200 OK"), "{}", last.title);
        assert!(last.detail.contains("keeps nothing"));
    }

    #[test]
    fn a_refused_request_stops_at_its_failing_check_and_says_what_401_means() {
        let mut w = world(Mode::Jwt, 1, false);
        let e = w.get("/api/profile");
        assert_eq!(e.status(), 401);
        let steps = request_steps(&e);
        assert_eq!(stages(&steps), ["send", "route", "check", "respond"]);
        assert_eq!(steps[0].detail, "It carries no credential.");
        assert_eq!(steps[2].result, Some(StepResult::Fail));
        assert_eq!(steps[3].detail, status_meaning(401).unwrap());
    }

    #[test]
    fn a_403_names_the_authorization_failure() {
        let mut w = world(Mode::Jwt, 1, false);
        w.login("alice@example.com", "wonderland");
        let e = w.get("/api/admin");
        assert_eq!(e.status(), 403);
        let steps = request_steps(&e);
        assert!(steps[0].detail.contains("Authorization header"));
        let failed: Vec<_> = steps
            .iter()
            .filter(|s| s.result == Some(StepResult::Fail))
            .collect();
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].id, StepId::Authorize);
        assert_eq!(steps.last().unwrap().detail, status_meaning(403).unwrap());
    }

    #[test]
    fn with_the_shared_store_the_session_lookup_is_a_store_step() {
        let mut w = world(Mode::Session, 2, true);
        let login = w.login("alice@example.com", "wonderland");
        let steps = request_steps(&login);
        assert!(steps
            .iter()
            .any(|s| s.stage == Stage::Store && s.id == StepId::Issue));
        assert!(steps.iter().all(|s| s.stage != Stage::Sign));
        let e = w.get("/api/profile");
        assert_eq!(e.status(), 200);
        let steps = request_steps(&e);
        assert!(steps[0].detail.contains("sid cookie"));
        assert!(steps[1].title.contains("server 2"), "{}", steps[1].title);
        let lookup = steps.iter().find(|s| s.id == StepId::Lookup).unwrap();
        assert_eq!(lookup.stage, Stage::Store);
    }

    #[test]
    fn without_the_shared_store_the_lookup_is_the_servers_own() {
        let mut w = world(Mode::Session, 1, false);
        w.login("alice@example.com", "wonderland");
        let e = w.get("/api/profile");
        let steps = request_steps(&e);
        assert!(steps.iter().all(|s| s.stage != Stage::Store));
    }

    #[test]
    fn when_every_server_is_down_the_balancer_answers() {
        let mut w = world(Mode::Jwt, 1, false);
        assert!(w.crash(1));
        let e = w.get("/api/profile");
        assert_eq!(e.status(), 503);
        let steps = request_steps(&e);
        assert_eq!(stages(&steps), ["send", "route", "respond"]);
        assert_eq!(steps[1].result, Some(StepResult::Fail));
        assert!(steps[2].title.starts_with("The load balancer answers 503"));
    }
}
