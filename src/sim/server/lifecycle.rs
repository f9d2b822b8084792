//! The token lifecycle routes (issue 13): `POST /auth/refresh` (spend a
//! refresh token for a new pair), `POST /auth/refresh/revoke` (end a refresh
//! family, RFC 7009), `POST /auth/revoke` (put an access token on the
//! deny-list), `POST /user/logout-everywhere`; and the revocation check every
//! protected request pays for once anything was revoked.

use super::protected::find_token;
use super::{Ctx, Mode, SESSION_COOKIE};
use crate::jwt::claims::human_span;
use crate::jwt::{verify, Json};
use crate::sim::http::{Request, Response, SameSite, SetCookie};
use crate::sim::lifecycle::{
    RefreshError, RevokeReason, TokenScheme, REFRESH_COOKIE, REFRESH_PATH, REFRESH_TTL,
};
use crate::sim::session::Lookup;
use crate::sim::trace::{CheckStep, StepId, Trace};
use crate::sim::weakness::Weakness;
use rand_core::RngCore;

/// The refresh cookie (RFC 6265): only page-invisible, only over HTTPS, only
/// same-site, only to `/auth/refresh`. `None` clears it.
pub(super) fn refresh_cookie(value: Option<&str>) -> SetCookie {
    SetCookie {
        name: REFRESH_COOKIE.to_string(),
        value: value.unwrap_or_default().to_string(),
        http_only: true,
        secure: true,
        same_site: Some(SameSite::Strict),
        path: Some(REFRESH_PATH.to_string()),
        max_age: Some(if value.is_some() { REFRESH_TTL } else { 0 }),
    }
}

fn lifecycle(title: &'static str, steps: Vec<CheckStep>) -> Trace {
    Trace::Lifecycle { title, steps }
}

impl Ctx<'_> {
    /// Is this token revoked, by the authoritative state (not a server's
    /// copy)? Used before acting on it: a revoked token must not revoke or
    /// log out anything.
    fn revoked_by_state(&self, claims: Option<&Json>) -> Option<String> {
        let text = |name: &str| claims.and_then(|c| c.get(name)).and_then(Json::as_str);
        let sub = text("sub").unwrap_or_default();
        let ver = claims
            .and_then(|c| c.get("ver"))
            .and_then(Json::as_f64)
            .unwrap_or(0.0);
        if ver < f64::from(self.life.version(sub)) {
            return Some(format!(
                "{sub} logged out everywhere after this token was issued: it is refused."
            ));
        }
        let jti = text("jti")?;
        self.life
            .deny_entries()
            .iter()
            .any(|d| d.jti == jti)
            .then(|| format!("The token's jti \"{jti}\" is already on the deny-list."))
    }

    /// The `revoked` step of a protected request: the user's token version
    /// and this server's copy of the deny-list.
    pub(super) fn revocation_step(&mut self, claims: Option<&Json>, token: &str) -> CheckStep {
        const TITLE: &str = "Not revoked (deny-list and \"log out everywhere\")";
        let text = |name: &str| {
            claims
                .and_then(|c| c.get(name))
                .and_then(Json::as_str)
                .map(str::to_string)
        };
        let sub = text("sub").unwrap_or_default();
        let ver = claims
            .and_then(|c| c.get("ver"))
            .and_then(Json::as_f64)
            .unwrap_or(0.0);
        let current = self.life.version(&sub);
        if ver < f64::from(current) {
            return CheckStep::fail(
                StepId::Revoked,
                TITLE,
                format!(
                    "{sub} logged out everywhere: tokens of version {} are refused, only version {current} and later count. The server had to look the user's version up to know.",
                    crate::jwt::claims::number_text(ver)
                ),
            );
        }
        let jti = text("jti").unwrap_or_default();
        let by_text = self.weak(Weakness::DenylistByString);
        let (listed, jti_listed, entries, age) = match self.deny_copy {
            Some(copy) => (
                if by_text {
                    copy.tokens.iter().any(|t| t == token)
                } else {
                    copy.jtis.contains(&jti)
                },
                copy.jtis.contains(&jti),
                copy.jtis.len(),
                self.now.saturating_sub(copy.fetched_at),
            ),
            None => (false, false, 0, 0),
        };
        if listed {
            return CheckStep::fail(
                StepId::Revoked,
                TITLE,
                format!(
                    "The token's jti \"{jti}\" is on the deny-list: it was revoked before its exp. Server {} found it in its copy of the list.",
                    self.id
                ),
            );
        }
        if jti_listed {
            // Not on the list by its text, yet its jti is: the same token,
            // written differently.
            return CheckStep::new(
                StepId::Revoked,
                TITLE,
                crate::jwt::StepResult::Warn,
                format!(
                    "UNSAFE (weakness denylist-by-string): this server compares the token's text with its list, and this text is not on it. But its jti \"{jti}\" is: it is a revoked token written differently (its signature's twin verifies just the same). A strict server lists and checks the jti."
                ),
            );
        }
        let revoked_elsewhere = self.life.deny_entries().iter().any(|d| d.jti == jti);
        if revoked_elsewhere {
            return CheckStep::pass(
                StepId::Revoked,
                TITLE,
                format!(
                    "Not on server {}'s copy of the deny-list, fetched {age} s ago (copies refresh every {} s). The token WAS revoked, but this server does not know yet, so it is accepted here.",
                    self.id, self.life.deny_delay
                ),
            );
        }
        CheckStep::pass(
            StepId::Revoked,
            TITLE,
            format!(
                "not on server {}'s copy of the deny-list ({} {}, fetched {age} s ago): one lookup on every request, the cost of revocation",
                self.id,
                entries,
                if entries == 1 { "entry" } else { "entries" }
            ),
        )
    }

    /// `POST /auth/refresh`: spend the refresh cookie for a new access token
    /// and a new refresh token (rotation); a spent one revokes its family.
    pub(super) fn refresh(
        self,
        request: &Request,
        mode: Mode,
        entropy: &mut dyn RngCore,
    ) -> (Response, Trace) {
        const TITLE: &str = "Refresh: a new access token for a refresh token";
        const COOKIE: &str = "A refresh cookie arrived";
        const SPEND: &str = "Spend it: it must be the family's current token";
        const ISSUE: &str = "Sign a new access token";
        if mode != Mode::Jwt || self.life.scheme != TokenScheme::AccessRefresh {
            let message = "No refresh tokens here: choose \"access + refresh\" as the token scheme (JWT mode) to get one at login.".to_string();
            return (
                Response::error(404, message.clone()),
                lifecycle(
                    TITLE,
                    vec![CheckStep::fail(StepId::Cookie, COOKIE, message)],
                ),
            );
        }
        let Some(token) = request.cookie(REFRESH_COOKIE) else {
            let message = RefreshError::Missing.to_string();
            return (
                Response::error(401, message.clone()),
                lifecycle(
                    TITLE,
                    vec![
                        CheckStep::fail(StepId::Cookie, COOKIE, message),
                        CheckStep::not_reached(StepId::Spend, SPEND),
                        CheckStep::not_reached(StepId::Issue, ISSUE),
                    ],
                ),
            );
        };
        let mut steps = vec![CheckStep::pass(
            StepId::Cookie,
            COOKIE,
            "HttpOnly, so page script never saw it; sent only to /auth/refresh",
        )];
        let now = self.now;
        match self.life.rotate(&token, now, entropy) {
            Err(error) => {
                let reused = matches!(error, RefreshError::Reused { .. });
                let message = error.to_string();
                steps.push(CheckStep::fail(StepId::Spend, SPEND, message.clone()));
                steps.push(CheckStep::not_reached(StepId::Issue, ISSUE));
                let mut response = Response::error(401, message);
                if reused {
                    response =
                        response.with_header("Set-Cookie", refresh_cookie(None).to_header_value());
                }
                (response, lifecycle(TITLE, steps))
            }
            Ok((next, email, family)) => {
                steps.push(CheckStep::pass(
                    StepId::Spend,
                    SPEND,
                    format!(
                        "family #{family}: the old token is spent now (its hash moves to the spent list) and a new one replaces it; using the old one again would revoke the family"
                    ),
                ));
                let Some(user) = self.users.iter().find(|u| u.email == email) else {
                    let message = format!("The user {email} no longer exists.");
                    steps.push(CheckStep::fail(StepId::Issue, ISSUE, message.clone()));
                    return (Response::error(401, message), lifecycle(TITLE, steps));
                };
                match self.issue_token(user, entropy) {
                    Ok(issued) => {
                        steps.push(CheckStep::pass(
                            StepId::Issue,
                            ISSUE,
                            format!(
                                "a new access token for {email}, valid for {}",
                                human_span(self.settings.token_ttl as f64)
                            ),
                        ));
                        let in_cookie = super::token_cookie::wants_cookie(request);
                        let body = if in_cookie {
                            super::login::cookie_body(self.settings.token_ttl)
                        } else {
                            Json::object([("token", Json::string(issued.token.clone()))])
                        };
                        let mut response = Response::json(200, &body)
                            .with_header(
                                "Set-Cookie",
                                refresh_cookie(Some(&next)).to_header_value(),
                            )
                            .with_header("Cache-Control", "no-store");
                        if in_cookie {
                            response = response.with_header(
                                "Set-Cookie",
                                self.token_cookie(Some(&issued.token)).to_header_value(),
                            );
                        }
                        (response, lifecycle(TITLE, steps))
                    }
                    Err(e) => {
                        let message = e.to_string();
                        steps.push(CheckStep::fail(StepId::Issue, ISSUE, message.clone()));
                        (Response::error(500, message), lifecycle(TITLE, steps))
                    }
                }
            }
        }
    }

    /// `POST /auth/refresh/revoke` (the page's logout sends it too): end the
    /// refresh cookie's family and clear the cookie.
    pub(super) fn refresh_revoke(self, request: &Request) -> (Response, Trace) {
        const TITLE: &str = "Revoke the refresh token";
        const STEP: &str = "End its family on the server";
        let (message, step) = match request.cookie(REFRESH_COOKIE) {
            None => (
                "No refresh token to revoke.".to_string(),
                CheckStep::skip(StepId::Revoke, STEP, "no refresh cookie came with the request"),
            ),
            Some(token) => match self.life.revoke_family_of(&token, RevokeReason::Logout) {
                Some(family) => (
                    format!("Family #{family} is revoked: its refresh tokens are worthless now, copies included."),
                    CheckStep::pass(
                        StepId::Revoke,
                        STEP,
                        format!("family #{family} revoked: a stolen copy of its refresh token stops working at once"),
                    ),
                ),
                None => (
                    "This refresh token is unknown.".to_string(),
                    CheckStep::skip(StepId::Revoke, STEP, "the token is unknown here"),
                ),
            },
        };
        (
            Response::json(200, &Json::object([("message", Json::string(message))]))
                .with_header("Set-Cookie", refresh_cookie(None).to_header_value()),
            lifecycle(TITLE, vec![step]),
        )
    }

    /// `POST /auth/revoke` with a bearer token: put its `jti` on the deny-list
    /// until its `exp`.
    pub(super) fn revoke(self, request: &Request, mode: Mode) -> (Response, Trace) {
        const TITLE: &str = "Revoke an access token (deny-list)";
        const CHECK: &str = "The token to revoke is genuine";
        const LIST: &str = "Add its jti to the shared deny-list until its exp";
        if mode != Mode::Jwt {
            let message =
                "Sessions need no deny-list: logging out deletes the session.".to_string();
            return (
                Response::error(404, message.clone()),
                lifecycle(TITLE, vec![CheckStep::fail(StepId::Check, CHECK, message)]),
            );
        }
        let token = find_token(request).ok().map(|(_, t)| t);
        let report = token.as_deref().map(|t| verify(t, &self.policy()));
        let (Some(report), Some(token)) = (report.filter(|r| r.is_valid()), token) else {
            let message = "Send the token to revoke in Authorization: Bearer; it must be one this server accepts.".to_string();
            return (
                Response::error(400, message.clone()),
                lifecycle(
                    TITLE,
                    vec![
                        CheckStep::fail(StepId::Check, CHECK, message),
                        CheckStep::not_reached(StepId::Deny, LIST),
                    ],
                ),
            );
        };
        let claims = report.claims.as_ref();
        if let Some(why) = self.revoked_by_state(claims) {
            return (
                Response::error(401, why.clone()),
                lifecycle(
                    TITLE,
                    vec![
                        CheckStep::fail(StepId::Check, CHECK, why),
                        CheckStep::not_reached(StepId::Deny, LIST),
                    ],
                ),
            );
        }
        let text = |name: &str| {
            claims
                .and_then(|c| c.get(name))
                .and_then(Json::as_str)
                .map(str::to_string)
        };
        let Some(jti) = text("jti") else {
            let message = "This token has no \"jti\" (RFC 7519 section 4.1.7), so a deny-list cannot name it: revoking it alone is impossible; only rotating the secret or log out everywhere would stop it.".to_string();
            return (
                Response::error(400, message.clone()),
                lifecycle(
                    TITLE,
                    vec![
                        CheckStep::pass(StepId::Check, CHECK, "a valid token"),
                        CheckStep::fail(StepId::Deny, LIST, message),
                    ],
                ),
            );
        };
        let sub = text("sub").unwrap_or_default();
        // Without an exp the token never expires: it stays on the list for good.
        let exp = claims
            .and_then(|c| c.get("exp"))
            .and_then(Json::as_f64)
            .map_or(i64::MAX, |e| e.ceil() as i64);
        self.life.deny(&jti, &token, &sub, exp);
        let delay = self.life.deny_delay;
        let message = format!(
            "Revoked: jti \"{jti}\" is on the deny-list until its exp. Every server refuses it once its copy of the list is refreshed (at most {delay} s)."
        );
        (
            Response::json(
                200,
                &Json::object([("message", Json::string(message.clone()))]),
            ),
            lifecycle(
                TITLE,
                vec![
                    CheckStep::pass(StepId::Check, CHECK, format!("a valid token of {sub}")),
                    CheckStep::pass(
                        StepId::Deny,
                        LIST,
                        format!(
                            "{message} From now on every request costs a deny-list lookup again."
                        ),
                    ),
                ],
            ),
        )
    }

    /// `POST /user/logout-everywhere`: end every credential of the caller.
    /// Sessions: this server deletes the user's rows it can reach (the
    /// cluster then deletes them on every other server). JWTs: the user's
    /// token version goes up. Refresh families: all revoked.
    pub(super) fn logout_everywhere(self, request: &Request, mode: Mode) -> (Response, Trace) {
        const TITLE: &str = "Log out everywhere";
        const WHO: &str = "Who is asking (the credential must be valid)";
        let who = match mode {
            Mode::Jwt => find_token(request)
                .ok()
                .map(|(_, t)| verify(&t, &self.policy()))
                .filter(|r| r.is_valid())
                // A revoked token may not end anyone's credentials.
                .filter(|r| self.revoked_by_state(r.claims.as_ref()).is_none())
                .and_then(|r| r.claims?.get("sub")?.as_str().map(str::to_string)),
            Mode::Session => request.cookie(SESSION_COOKIE).and_then(|sid| {
                match self.store.lookup(&sid, self.now) {
                    Lookup::Found(s) => Some(s.email),
                    _ => None,
                }
            }),
        };
        let Some(email) = who else {
            let message = match (mode, request.cookie(SESSION_COOKIE)) {
                (Mode::Session, Some(_)) => format!(
                    "Server {} has no session for this id: sessions live in one server's memory. To end a user's sessions everywhere, the servers need the shared store (or sticky routing).",
                    self.id
                ),
                _ => "Log in first: the server must know whose credentials to end.".to_string(),
            };
            return (
                Response::error(401, message.clone()),
                lifecycle(TITLE, vec![CheckStep::fail(StepId::Who, WHO, message)]),
            );
        };
        let mut steps = vec![CheckStep::pass(StepId::Who, WHO, email.clone())];
        let mut response_cookies = Vec::new();
        match mode {
            Mode::Session => {
                let n = self.store.remove_user(&email);
                steps.push(CheckStep::pass(
                    StepId::Sessions,
                    "Delete every session of the user",
                    format!(
                        "{n} in {}; the other servers' memories are searched too",
                        self.store_kind.label()
                    ),
                ));
                response_cookies.push(super::logout::clear_session_cookie().to_header_value());
            }
            Mode::Jwt => {
                let version = self.life.bump_version(&email);
                steps.push(CheckStep::pass(
                    StepId::Version,
                    "Raise the user's token version",
                    format!(
                        "{email}'s tokens must now carry \"ver\" {version} or more: every earlier token is refused. The server must remember this number and look it up on every request."
                    ),
                ));
                let families = self
                    .life
                    .revoke_user(&email, RevokeReason::LogoutEverywhere);
                steps.push(CheckStep::pass(
                    StepId::Families,
                    "Revoke every refresh family of the user",
                    format!("{families} revoked"),
                ));
                response_cookies.push(refresh_cookie(None).to_header_value());
            }
        }
        let mut response = Response::json(
            200,
            &Json::object([(
                "message",
                Json::string(format!("Every credential of {email} is ended.")),
            )]),
        );
        for cookie in response_cookies {
            response = response.with_header("Set-Cookie", cookie);
        }
        (response, lifecycle(TITLE, steps))
    }
}
