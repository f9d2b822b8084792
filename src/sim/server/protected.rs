//! The protected routes, `GET /api/profile` and `GET /api/admin`: on every
//! request, authentication (who sent it: the token or the session id) and
//! then authorization (the role check).
//!
//! JWT mode: the token comes from `Authorization: Bearer` (RFC 6750 section
//! 2.1) or a `token` cookie, and goes through the strict verifier
//! (RFC 7515 section 5.2, RFC 7519 section 7.2, RFC 8725); refusals carry
//! `WWW-Authenticate` with `invalid_request`, `invalid_token` or
//! `insufficient_scope` (RFC 6750 section 3.1). Session mode: the `sid` cookie
//! (RFC 6265 section 5.4) is looked up in the session store, then its expiry is
//! checked. Either way the role check comes last: 401 means "who are you?",
//! 403 "you may not" (RFC 9110 sections 15.5.2 and 15.5.4).

use super::{opt_string, shorten, Ctx, Identity, Route, SESSION_COOKIE, TOKEN_COOKIE};
use crate::jwt::claims::{format_utc, human_span};
use crate::jwt::{verify, Json};
use crate::sim::http::{Request, Response, QUERY_TOKEN};
use crate::sim::session::Lookup;
use crate::sim::trace::{
    mark_not_reached, CheckStep, JwtTrace, SessionTrace, StepId, TokenSource, Trace,
};
use crate::sim::weakness::{skipped_checks, Weakness};
use std::fmt;

/// Why no token could be taken from a request (401).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenError {
    /// `Authorization` with another scheme than `Bearer` (shortened).
    WrongScheme { scheme: String },
    /// `Authorization: Bearer` and nothing after it.
    EmptyBearer,
    /// Neither the header nor the cookie.
    Missing,
    /// Only in the URL's query string (`access_token`), which a strict
    /// server does not read.
    InQuery,
}

impl TokenError {
    /// A malformed `Authorization` header (`error="invalid_request"`, RFC 6750
    /// section 3.1), as opposed to no credential at all.
    pub fn is_malformed(&self) -> bool {
        !matches!(self, TokenError::Missing | TokenError::InQuery)
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenError::WrongScheme { scheme } => write!(
                f,
                "The Authorization header uses the \"{scheme}\" scheme; this server expects \"Bearer <token>\" (RFC 6750 section 2.1)."
            ),
            TokenError::EmptyBearer => {
                f.write_str("The Authorization header says Bearer but carries no token.")
            }
            TokenError::Missing => f.write_str(
                "No token: the request has no Authorization: Bearer header and no token cookie, so the server cannot tell who you are. Log in first.",
            ),
            TokenError::InQuery => f.write_str(
                "The token came in the URL (?access_token=...): this server reads tokens only from the Authorization header, because a URL ends up in browser history, server logs and Referer headers (RFC 6750 section 5.3).",
            ),
        }
    }
}

impl std::error::Error for TokenError {}

impl Ctx<'_> {
    /// `GET /api/profile` or `/api/admin` with a JWT: verify, then authorize.
    pub(super) fn protected_jwt(mut self, request: &Request, route: Route) -> (Response, Trace) {
        const TOKEN: &str = "A token arrived (Authorization: Bearer, or a token cookie)";
        let path = request.route_path().to_string();
        let mut trace = JwtTrace {
            path,
            source: None,
            token: None,
            token_step: CheckStep::pass(StepId::Token, TOKEN, ""),
            report: None,
            revocation: None,
            authorize: CheckStep::not_reached(StepId::Authorize, authorize_title(route)),
            skipped: Vec::new(),
        };
        let challenge = "Bearer realm=\"app.example\"";
        let found = match find_token(request).or_else(|error| {
            // The weak server also takes the token from the query string.
            match (error, request.query_param(QUERY_TOKEN)) {
                (TokenError::InQuery, Some(token)) if self.weak(Weakness::TokenInUrl) => {
                    Ok((TokenSource::Query, token))
                }
                (error, _) => Err(error),
            }
        }) {
            Ok(found) => found,
            Err(error) => {
                let message = error.to_string();
                trace.token_step = CheckStep::fail(StepId::Token, TOKEN, message.clone());
                let header = if error.is_malformed() {
                    format!("{challenge}, error=\"invalid_request\"")
                } else {
                    challenge.to_string()
                };
                return (
                    Response::error(401, message).with_header("WWW-Authenticate", header),
                    Trace::Jwt(Box::new(trace)),
                );
            }
        };
        let (source, token) = found;
        trace.token_step = CheckStep::pass(
            StepId::Token,
            TOKEN,
            match source {
                TokenSource::Header => format!(
                    "{} characters in the Authorization header",
                    token.chars().count()
                ),
                TokenSource::Cookie => {
                    format!("{} characters in the token cookie", token.chars().count())
                }
                TokenSource::Query => format!(
                    "UNSAFE (weakness token-in-url): {} characters in the URL's query string, where history, logs and Referer headers see them too",
                    token.chars().count()
                ),
            },
        );
        trace.source = Some(source);
        let report = verify(&token, &self.policy());
        // What the weak server jumped over is shown as skipped, not passed.
        trace.skipped = skipped_checks(&report, self.weaknesses, self.now);
        trace.token = Some(token);
        if let Some(error) = &report.error {
            let step = report.failed_step().map(|s| s.id()).unwrap_or("token");
            let body = Json::object([
                ("error", Json::string(error.to_string())),
                ("kind", Json::string(error.kind().as_str())),
                ("step", Json::string(step)),
            ]);
            trace.report = Some(report);
            return (
                Response::json(401, &body).with_header(
                    "WWW-Authenticate",
                    format!("{challenge}, error=\"invalid_token\""),
                ),
                Trace::Jwt(Box::new(trace)),
            );
        }
        let claim = |name: &str| {
            report
                .claims
                .as_ref()
                .and_then(|c| c.get(name))
                .and_then(Json::as_str)
                .map(str::to_string)
        };
        let who = Identity {
            email: claim("sub"),
            name: claim("name"),
            role: claim("role"),
        };
        if self.life.revocation_in_use() {
            let step = self.revocation_step(
                report.claims.as_ref(),
                trace.token.as_deref().unwrap_or_default(),
            );
            let refused = step.result == crate::jwt::StepResult::Fail;
            let message = step.detail.clone();
            trace.revocation = Some(step);
            if refused {
                trace.report = Some(report);
                let body = Json::object([
                    ("error", Json::string(message)),
                    ("kind", Json::string("revoked")),
                    ("step", Json::string("revoked")),
                ]);
                return (
                    Response::json(401, &body).with_header(
                        "WWW-Authenticate",
                        format!("{challenge}, error=\"invalid_token\""),
                    ),
                    Trace::Jwt(Box::new(trace)),
                );
            }
        }
        trace.report = Some(report);
        let (step, response) = self.authorize(route, &who, "the token's claims", request);
        trace.authorize = step;
        let response = if response.status == 403 {
            response.with_header(
                "WWW-Authenticate",
                format!("{challenge}, error=\"insufficient_scope\""),
            )
        } else {
            response
        };
        (response, Trace::Jwt(Box::new(trace)))
    }

    /// `GET /api/profile` or `/api/admin` with a session cookie: look it up, then authorize.
    pub(super) fn protected_session(self, request: &Request, route: Route) -> (Response, Trace) {
        const COOKIE: &str = "A sid cookie arrived";
        const EXPIRY: &str = "The session has not expired";
        let lookup_title = format!("The id is in {}", self.store_kind.label());
        let mut trace = SessionTrace {
            path: request.route_path().to_string(),
            store: self.store_kind,
            sid: None,
            steps: Vec::new(),
            session: None,
        };
        let plan = [
            (StepId::Cookie, COOKIE),
            (StepId::Lookup, lookup_title.as_str()),
            (StepId::Expiry, EXPIRY),
            (StepId::Authorize, authorize_title(route)),
        ];
        let Some(sid) = request.cookie(SESSION_COOKIE) else {
            let message = "No session cookie: the request carries no sid cookie, so the server cannot tell who you are. Log in first.".to_string();
            trace
                .steps
                .push(CheckStep::fail(StepId::Cookie, COOKIE, message.clone()));
            mark_not_reached(&mut trace.steps, &plan);
            return (Response::error(401, message), Trace::Session(trace));
        };
        trace.sid = Some(sid.clone());
        trace.steps.push(CheckStep::pass(
            StepId::Cookie,
            COOKIE,
            format!("sid={}", shorten(&sid)),
        ));
        let session = match self.store.lookup(&sid, self.now) {
            Lookup::Found(session) => session,
            Lookup::Missing => {
                let message = format!(
                    "No session with this id in {}: it was never issued here (an edited cookie?), it was deleted at logout, or it lives in another server's memory. Log in again.",
                    self.store_kind.label()
                );
                trace.steps.push(CheckStep::fail(
                    StepId::Lookup,
                    lookup_title.clone(),
                    message.clone(),
                ));
                mark_not_reached(&mut trace.steps, &plan);
                return (Response::error(401, message), Trace::Session(trace));
            }
            Lookup::Expired(session) => {
                trace.steps.push(CheckStep::pass(
                    StepId::Lookup,
                    lookup_title.clone(),
                    format!("found the session of {}", session.email),
                ));
                let message = format!(
                    "The session expired at {} ({} ago); the server deleted it. Log in again.",
                    format_utc(session.expires_at as f64),
                    human_span(self.now.saturating_sub(session.expires_at) as f64)
                );
                trace
                    .steps
                    .push(CheckStep::fail(StepId::Expiry, EXPIRY, message.clone()));
                mark_not_reached(&mut trace.steps, &plan);
                trace.session = Some(session);
                return (Response::error(401, message), Trace::Session(trace));
            }
        };
        trace.steps.push(CheckStep::pass(
            StepId::Lookup,
            lookup_title.as_str(),
            format!(
                "found the session of {} (role {})",
                session.email, session.role
            ),
        ));
        trace.steps.push(CheckStep::pass(
            StepId::Expiry,
            EXPIRY,
            format!(
                "{} left",
                human_span(session.expires_at.saturating_sub(self.now) as f64)
            ),
        ));
        let who = Identity {
            email: Some(session.email.clone()),
            name: Some(session.name.clone()),
            role: Some(session.role.clone()),
        };
        let (step, response) = self.authorize(route, &who, &self.store_kind.label(), request);
        trace.steps.push(step);
        trace.session = Some(session);
        (response, Trace::Session(trace))
    }

    /// The role check, and the resource when it passes.
    pub(super) fn authorize(
        &self,
        route: Route,
        who: &Identity,
        source: &str,
        request: &Request,
    ) -> (CheckStep, Response) {
        let title = authorize_title(route);
        let role = who.role.as_deref().unwrap_or("(none)");
        let email = who.email.as_deref().unwrap_or("(no sub)");
        if let Some(required) = route.required_role() {
            if who.role.as_deref() != Some(required) {
                let message = format!(
                    "You are logged in as {} with role \"{}\", but this page is for role \"{required}\" only: authenticated, yet not authorized.",
                    shorten(email),
                    shorten(role)
                );
                return (
                    CheckStep::fail(StepId::Authorize, title, message.clone()),
                    Response::error(403, message),
                );
            }
        }
        let detail = match route.required_role() {
            Some(required) => format!("role \"{required}\" according to {source}: allowed"),
            None => format!("{} is logged in (from {source}): allowed", shorten(email)),
        };
        if route == Route::Rename {
            return self.rename(title, email, request);
        }
        let body = match route {
            Route::Admin => Json::object([
                (
                    "message",
                    Json::string(format!(
                        "Welcome to the admin page, {}.",
                        who.name.as_deref().unwrap_or(email)
                    )),
                ),
                (
                    "users",
                    Json::Array(
                        self.users
                            .iter()
                            .map(|u| {
                                Json::object([
                                    ("email", Json::string(u.email.clone())),
                                    ("role", Json::string(u.role.clone())),
                                ])
                            })
                            .collect(),
                    ),
                ),
            ]),
            _ => Json::object([
                ("email", opt_string(who.email.clone())),
                ("name", opt_string(who.name.clone())),
                ("role", opt_string(who.role.clone())),
            ]),
        };
        (
            CheckStep::pass(StepId::Authorize, title, detail),
            Response::json(200, &body),
        )
    }
}

impl Ctx<'_> {
    /// `POST /api/profile/name`, once authenticated: the new display name from
    /// the JSON body. The body is parsed whatever its `Content-Type`, so a
    /// `text/plain` post from another site's page (no CORS preflight) works:
    /// only the cookie's `SameSite` stands between this route and CSRF.
    fn rename(&self, title: &'static str, email: &str, request: &Request) -> (CheckStep, Response) {
        let name = request
            .body
            .as_deref()
            .and_then(|b| Json::parse(b).ok())
            .and_then(|j| {
                j.get("name")
                    .and_then(Json::as_str)
                    .map(|n| n.trim().to_string())
            });
        let valid = name.as_ref().filter(|n| {
            !n.is_empty()
                && n.chars().count() <= super::MAX_NAME_CHARS
                && !n.chars().any(char::is_control)
        });
        let Some(name) = valid else {
            let message = format!(
                "The body must be JSON with a \"name\" of 1 to {} printable characters.",
                super::MAX_NAME_CHARS
            );
            return (
                CheckStep::fail(StepId::Authorize, title, message.clone()),
                Response::error(400, message),
            );
        };
        let origin = request
            .header("Origin")
            .map(|o| format!(" The request came from {o}; the server did not check."))
            .unwrap_or_default();
        let body = Json::object([
            ("email", Json::string(email)),
            ("name", Json::string(name.clone())),
        ]);
        (
            CheckStep::pass(
                StepId::Authorize,
                title,
                format!(
                    "{} is logged in: display name changed to \"{name}\".{origin}",
                    shorten(email)
                ),
            ),
            Response::json(200, &body),
        )
    }
}

pub(super) fn authorize_title(route: Route) -> &'static str {
    match route {
        Route::Admin => "Authorize: role admin may read /api/admin",
        Route::Rename => "Authorize: any logged-in user may change their own name",
        _ => "Authorize: any logged-in user may read /api/profile",
    }
}

/// The token from `Authorization: Bearer` (RFC 6750 section 2.1) or else the
/// `token` cookie.
pub(crate) fn find_token(request: &Request) -> Result<(TokenSource, String), TokenError> {
    if let Some(value) = request.header("Authorization") {
        let value = value.trim();
        let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
        if !scheme.eq_ignore_ascii_case("Bearer") {
            return Err(TokenError::WrongScheme {
                scheme: shorten(scheme),
            });
        }
        let token = rest.trim_start();
        if token.is_empty() {
            return Err(TokenError::EmptyBearer);
        }
        return Ok((TokenSource::Header, token.to_string()));
    }
    if let Some(token) = request.cookie(TOKEN_COOKIE) {
        return Ok((TokenSource::Cookie, token));
    }
    if request.query_param(QUERY_TOKEN).is_some() {
        return Err(TokenError::InQuery);
    }
    Err(TokenError::Missing)
}
