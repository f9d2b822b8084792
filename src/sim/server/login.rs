//! `POST /user/login`: authentication, done once. The server reads the
//! credentials, finds the user, hashes the password with the stored salt
//! (PBKDF2, RFC 8018 section 5.2) and compares in constant time; then it issues
//! either a signed token (RFC 7519 section 7.1, RFC 7515 section 5.1) or a
//! fresh session whose id goes out in `Set-Cookie` (RFC 6265 section 4.1,
//! `HttpOnly`, `Secure`, `SameSite=Lax`).
//!
//! A wrong email and a wrong password get the same answer, after the same
//! work, so nobody can probe which accounts exist (OWASP Authentication Cheat
//! Sheet).

use super::{shorten, Ctx, Mode, Trust, User, SESSION_COOKIE};
use crate::jwt::claims::human_span;
use crate::jwt::typed_header;
use crate::jwt::JsonError;
use crate::jwt::{
    build_trace, build_trace_with, sign, sign_with, Json, JwtError, Key, KeyEncoding, KeyError,
    SigningKey,
};
use crate::sim::http::{Request, Response, SetCookie, ACCESS_TOKEN_TYP, API_AUDIENCE};
use crate::sim::keys::ISSUER_ID;
use crate::sim::lifecycle::TokenScheme;
use crate::sim::rng::{random_b64url, EntropyError};
use crate::sim::session::Session;
use crate::sim::trace::{
    mark_not_reached, CheckStep, Issued, IssuedSession, IssuedToken, LoginTrace, StepId, Trace,
};
use crate::sim::weakness::Weakness;
use rand_core::RngCore;
use std::fmt;

/// The shape of a login body, quoted in every refusal of one.
const SHAPE: &str = "{\"email\": \"...\", \"password\": \"...\"}";

/// Why the login body could not be read (400).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsError {
    /// No body, or only whitespace.
    NoBody,
    /// The body is not JSON.
    NotJson(JsonError),
    /// JSON, but without `email` and `password` as strings.
    MissingFields,
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialsError::NoBody => {
                write!(f, "The login request has no body; send JSON like {SHAPE}.")
            }
            CredentialsError::NotJson(e) => write!(
                f,
                "The body is not valid JSON ({e}); send JSON like {SHAPE}."
            ),
            CredentialsError::MissingFields => write!(
                f,
                "The body needs \"email\" and \"password\" as strings, like {SHAPE}."
            ),
        }
    }
}

impl std::error::Error for CredentialsError {}

/// Why a server with valid credentials in hand could not issue anything (500).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum IssueError {
    /// No randomness for the token's `jti`.
    TokenId(EntropyError),
    /// No randomness for a session id: the server refuses to make a guessable one.
    SessionId(EntropyError),
    /// The server's secret is not a usable HMAC key.
    Secret(KeyError),
    /// The signer refused the header or claims.
    Signing(JwtError),
    /// Key-pair mode: this server holds no private key (only the issuer does).
    NoPrivateKey { server: usize },
    /// Key-pair mode: the issuer has no key left to sign with.
    NoSigningKey,
}

impl fmt::Display for IssueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IssueError::TokenId(e) => write!(f, "The server cannot make a token id: {e}."),
            IssueError::SessionId(e) => {
                write!(f, "The server refuses to make a guessable session id: {e}.")
            }
            IssueError::Secret(e) => write!(f, "The server's secret cannot be used: {e}."),
            IssueError::Signing(e) => write!(f, "Signing failed: {e}"),
            IssueError::NoPrivateKey { server } => write!(
                f,
                "Server {server} holds no private key, only the issuer's public keys: it can check tokens but cannot make one. Only the issuer (server {ISSUER_ID}) signs."
            ),
            IssueError::NoSigningKey => f.write_str("The issuer has no key to sign with."),
        }
    }
}

impl std::error::Error for IssueError {}

impl Ctx<'_> {
    /// `POST /user/login`: check the credentials once, then issue a token or a session.
    pub(super) fn login(
        self,
        request: &Request,
        mode: Mode,
        entropy: &mut dyn RngCore,
    ) -> (Response, Trace) {
        let mut trace = LoginTrace {
            mode,
            email: None,
            steps: Vec::new(),
            stored_hash: None,
            issued: None,
        };
        const BODY: &str = "Read the JSON body {email, password}";
        const USER: &str = "Look the user up by email";
        const PASSWORD: &str = "Hash the password with the stored salt and compare";
        const ISSUE_JWT: &str = "Sign a token";
        const ISSUE_SESSION: &str = "Create a session in memory";
        let issue_title = match mode {
            Mode::Jwt => ISSUE_JWT,
            Mode::Session => ISSUE_SESSION,
        };
        let plan = [
            (StepId::Body, BODY),
            (StepId::User, USER),
            (StepId::Password, PASSWORD),
            (StepId::Issue, issue_title),
        ];

        // 1. The body.
        let credentials = read_credentials(request.body.as_deref());
        let (email, password) = match credentials {
            Ok(pair) => pair,
            Err(error) => {
                let message = error.to_string();
                trace
                    .steps
                    .push(CheckStep::fail(StepId::Body, BODY, message.clone()));
                mark_not_reached(&mut trace.steps, &plan);
                return (Response::error(400, message), Trace::Login(trace));
            }
        };
        trace.email = Some(email.clone());
        trace.steps.push(CheckStep::pass(
            StepId::Body,
            BODY,
            "a JSON object with an email and a password",
        ));

        // 2 and 3. The user and the password, with the same work either way.
        let wanted = email.trim().to_ascii_lowercase();
        let user = self.users.iter().find(|u| u.email == wanted);
        const GENERIC: &str = "Wrong email or password.";
        let Some(user) = user else {
            // Hash anyway so a wrong email takes as long as a wrong password.
            let _ = self.dummy_hash.verify(&password);
            trace.steps.push(CheckStep::fail(
                StepId::User,
                USER,
                format!(
                    "No account for \"{}\". The answer does not say so: it is the same as for a wrong password, so nobody can probe which emails have accounts.",
                    shorten(&email)
                ),
            ));
            trace.steps.push(CheckStep::skip(
                StepId::Password,
                PASSWORD,
                "A dummy hash was still computed, so this answer takes as long as a wrong password.",
            ));
            mark_not_reached(&mut trace.steps, &plan);
            return (Response::error(401, GENERIC), Trace::Login(trace));
        };
        trace.stored_hash = Some(user.password.stored_form());
        trace.steps.push(CheckStep::pass(
            StepId::User,
            USER,
            format!(
                "found {} (role {}); the table holds only a salted hash of the password",
                user.email, user.role
            ),
        ));
        if !user.password.verify(&password) {
            trace.steps.push(CheckStep::fail(
                StepId::Password,
                PASSWORD,
                format!(
                    "PBKDF2-HMAC-SHA256 (a password hash made slow on purpose, so guesses cost time) with {} iterations over the password sent gives a different hash than the one stored: wrong password.",
                    user.password.iterations
                ),
            ));
            mark_not_reached(&mut trace.steps, &plan);
            return (Response::error(401, GENERIC), Trace::Login(trace));
        }
        trace.steps.push(CheckStep::pass(
            StepId::Password,
            PASSWORD,
            format!(
                "PBKDF2-HMAC-SHA256 (a password hash made slow on purpose, so guesses cost time; {} iterations) of the password sent equals the stored hash (compared in constant time): authenticated",
                user.password.iterations
            ),
        ));

        // 4. Issue.
        let failed = |trace: &mut LoginTrace, message: String| {
            trace
                .steps
                .push(CheckStep::fail(StepId::Issue, issue_title, message.clone()));
            Response::error(500, message)
        };
        match mode {
            Mode::Jwt => match self.issue_token(user, entropy) {
                Ok(issued) => {
                    let in_cookie = super::token_cookie::wants_cookie(request);
                    let body = if in_cookie {
                        cookie_body(self.settings.token_ttl)
                    } else {
                        Json::object([("token", Json::string(issued.token.clone()))])
                    };
                    let signer = match self.trust {
                        Trust::Secret => "signed with the server's secret",
                        _ => "signed with the issuer's private key",
                    };
                    let mut detail = format!(
                        "{} token for {} {signer}; it expires in {}.",
                        self.alg(),
                        user.email,
                        human_span(self.settings.token_ttl as f64)
                    );
                    let mut response =
                        Response::json(200, &body).with_header("Cache-Control", "no-store");
                    if in_cookie {
                        detail.push_str(self.token_cookie_note());
                        response = response.with_header(
                            "Set-Cookie",
                            self.token_cookie(Some(&issued.token)).to_header_value(),
                        );
                    }
                    if self.life.scheme == TokenScheme::AccessRefresh {
                        match self.life.start_family(&user.email, self.now, entropy) {
                            Ok((refresh, family)) => {
                                detail.push_str(&format!(
                                    " And a refresh token (family #{family}, valid for a day) in an HttpOnly cookie sent only to /auth/refresh; the server stores only its hash."
                                ));
                                response = response.with_header(
                                    "Set-Cookie",
                                    super::lifecycle::refresh_cookie(Some(&refresh))
                                        .to_header_value(),
                                );
                            }
                            Err(e) => {
                                let response =
                                    failed(&mut trace, IssueError::TokenId(e).to_string());
                                return (response, Trace::Login(trace));
                            }
                        }
                    } else {
                        detail.push_str(" Nothing was stored on the server.");
                    }
                    trace
                        .steps
                        .push(CheckStep::pass(StepId::Issue, issue_title, detail));
                    trace.issued = Some(Issued::Token(issued));
                    (response, Trace::Login(trace))
                }
                Err(error) => {
                    let response = failed(&mut trace, error.to_string());
                    (response, Trace::Login(trace))
                }
            },
            Mode::Session => {
                let sid = match random_b64url(entropy, 16) {
                    Ok(sid) => sid,
                    Err(e) => {
                        let response = failed(&mut trace, IssueError::SessionId(e).to_string());
                        return (response, Trace::Login(trace));
                    }
                };
                // A fresh id on every login; an id the browser brought is dropped
                // (session fixation, OWASP Session Management Cheat Sheet).
                let replaced = request
                    .cookie(SESSION_COOKIE)
                    .filter(|old| self.store.remove(old).is_some());
                let session = Session {
                    email: user.email.clone(),
                    name: user.name.clone(),
                    role: user.role.clone(),
                    created_at: self.now,
                    expires_at: self.now.saturating_add(self.settings.session_ttl),
                };
                self.store.insert(sid.clone(), session.clone());
                let mut detail = format!(
                    "New session for {} under a random 128-bit id in {}, valid for {}.",
                    user.email,
                    self.store_kind.label(),
                    human_span(self.settings.session_ttl as f64)
                );
                if replaced.is_some() {
                    detail.push_str(" The old session id sent with the request was deleted: a new id on every login prevents session fixation.");
                }
                // Say what the cookie really carries when a weakness dropped a flag.
                if self.weak(Weakness::NoHttpOnly) {
                    detail.push_str(" Its cookie goes out without HttpOnly (weakness no-httponly on): page script can read it.");
                }
                if self.weak(Weakness::SameSiteNone) {
                    detail.push_str(" Its cookie goes out with SameSite=None (weakness samesite-none on): requests other sites' pages make carry it.");
                }
                trace
                    .steps
                    .push(CheckStep::pass(StepId::Issue, issue_title, detail));
                // The attack lab's cookie weaknesses drop HttpOnly or relax SameSite.
                let cookie = SetCookie {
                    name: SESSION_COOKIE.to_string(),
                    value: sid.clone(),
                    http_only: !self.weak(Weakness::NoHttpOnly),
                    secure: true,
                    same_site: Some(self.cookie_same_site()),
                    path: Some("/".to_string()),
                    max_age: Some(self.settings.session_ttl),
                };
                let body = Json::object([
                    ("email", Json::string(user.email.clone())),
                    ("name", Json::string(user.name.clone())),
                    ("role", Json::string(user.role.clone())),
                ]);
                trace.issued = Some(Issued::Session(IssuedSession {
                    sid,
                    session,
                    store: self.store_kind,
                    replaced,
                }));
                (
                    Response::json(200, &body)
                        .with_header("Set-Cookie", cookie.to_header_value())
                        .with_header("Cache-Control", "no-store"),
                    Trace::Login(trace),
                )
            }
        }
    }

    /// An access token (RFC 9068): `typ` `at+jwt` in the header, and claims
    /// in a fixed order: sub, name, role, aud (this API), iat, exp, jti, and
    /// `ver` once the user has logged out everywhere.
    pub(super) fn issue_token(
        &self,
        user: &User,
        entropy: &mut dyn RngCore,
    ) -> Result<IssuedToken, IssueError> {
        let jti = random_b64url(entropy, 16).map_err(IssueError::TokenId)?;
        let claims = Json::Object(vec![
            ("sub".to_string(), Json::String(user.email.clone())),
            ("name".to_string(), Json::String(user.name.clone())),
            ("role".to_string(), Json::String(user.role.clone())),
            ("aud".to_string(), Json::String(API_AUDIENCE.to_string())),
            ("iat".to_string(), Json::Number(self.now.to_string())),
            (
                "exp".to_string(),
                Json::Number(self.now.saturating_add(self.settings.token_ttl).to_string()),
            ),
            ("jti".to_string(), Json::String(jti)),
        ]);
        let version = self.life.version(&user.email);
        let claims = match claims {
            Json::Object(mut members) if version > 0 => {
                members.push(("ver".to_string(), Json::Number(version.to_string())));
                Json::Object(members)
            }
            other => other,
        };
        let claims_text = claims.to_compact();
        let alg = self.alg();
        let (signed, header_text, build) = match self.trust {
            Trust::Secret => {
                let header_text = typed_header(alg, ACCESS_TOKEN_TYP, None);
                let key =
                    Key::from_text(self.secret, KeyEncoding::Utf8).map_err(IssueError::Secret)?;
                let signed =
                    sign(alg, &header_text, &claims_text, &key).map_err(IssueError::Signing)?;
                let build = build_trace(alg, &header_text, &claims_text, &key).unwrap_or_default();
                (signed, header_text, build)
            }
            Trust::Issuer(issuer) => {
                let current = issuer.current().ok_or(IssueError::NoSigningKey)?;
                let header_text = typed_header(alg, ACCESS_TOKEN_TYP, Some(&current.kid));
                let key = SigningKey::Private {
                    key: Box::new(current.private.clone()),
                    kid: Some(current.kid.clone()),
                };
                // ES256 is deterministic (RFC 6979): the rng is never drawn from.
                let mut rng = rand_core::OsRng;
                let signed = sign_with(alg, &header_text, &claims_text, &key, &mut rng)
                    .map_err(IssueError::Signing)?;
                let build = build_trace_with(alg, &header_text, &claims_text, &key, &mut rng)
                    .unwrap_or_default();
                (signed, header_text, build)
            }
            Trust::Verifier(_) => return Err(IssueError::NoPrivateKey { server: self.id }),
        };
        Ok(IssuedToken {
            token: signed.token,
            header_text,
            claims_text,
            build,
        })
    }
}

/// The body of a login (or refresh) that delivered the token in a cookie:
/// no token, only when it expires, so the page knows when to renew.
pub(super) fn cookie_body(ttl: i64) -> Json {
    Json::object([
        ("token_delivery", Json::string("HttpOnly cookie")),
        ("expires_in", Json::Number(ttl.to_string())),
    ])
}

/// Parse `{"email": "...", "password": "..."}`.
fn read_credentials(body: Option<&str>) -> Result<(String, String), CredentialsError> {
    let Some(body) = body.filter(|b| !b.trim().is_empty()) else {
        return Err(CredentialsError::NoBody);
    };
    let value = Json::parse(body).map_err(CredentialsError::NotJson)?;
    let field = |name: &str| value.get(name).and_then(Json::as_str).map(str::to_string);
    match (field("email"), field("password")) {
        (Some(email), Some(password)) => Ok((email, password)),
        _ => Err(CredentialsError::MissingFields),
    }
}
