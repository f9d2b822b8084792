//! One mock application server: a user table with hashed passwords, a secret
//! for signing tokens, session memory, and four routes.
//!
//! | Route               | Who may call it            | What it shows                    |
//! |---------------------|----------------------------|----------------------------------|
//! | `POST /user/login`  | anyone, with credentials   | authentication (checked once)    |
//! | `POST /user/logout` | anyone                     | ending a session / a JWT's limit |
//! | `GET /api/profile`  | any logged-in user         | authorization: who is this       |
//! | `GET /api/admin`    | role `admin` only (else 403) | authorization: may they do this |
//!
//! This server explains every refusal in its JSON body so students can see why;
//! a production server would say less to strangers.
//!
//! Statuses follow RFC 9110 section 15: 400 for a malformed request, 401 when
//! the caller is not authenticated (with `WWW-Authenticate: Bearer` in JWT
//! mode, RFC 6750 section 3), 403 when authenticated but not allowed, 404/405
//! for unknown routes and methods, 413/414/431 when limits are exceeded.

use super::http::{Method, Request, Response, SameSite, SetCookie};
use super::password::PasswordHash;
use super::rng::{random_b64url, Entropy};
use super::session::{Lookup, Session, SessionStore};
use super::trace::{
    CheckStep, Issued, IssuedSession, IssuedToken, JwtTrace, LoginTrace, LogoutTrace, SessionTrace,
    StoreKind, TokenSource, Trace,
};
use crate::jwt::claims::{format_utc, human_span};
use crate::jwt::sign::standard_header;
use crate::jwt::{build_trace, sign, verify, Algorithm, Json, Key, KeyEncoding, Policy};
use std::fmt;

/// Which story is being told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Mode {
    /// The server signs a token and remembers nothing.
    #[default]
    Jwt,
    /// The server remembers a session and hands out its id in a cookie.
    Session,
}

impl Mode {
    /// `jwt` / `session` (stable values for the UI).
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Jwt => "jwt",
            Mode::Session => "session",
        }
    }

    pub fn from_str_value(value: &str) -> Option<Mode> {
        match value {
            "jwt" => Some(Mode::Jwt),
            "session" => Some(Mode::Session),
            _ => None,
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Mode::Jwt => "JWT",
            Mode::Session => "cookie session",
        })
    }
}

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "sid";
/// Name of the cookie a page may keep its JWT in.
pub const TOKEN_COOKIE: &str = "token";
/// Longest request target accepted (nginx's default line buffer is 8 KB).
pub const MAX_TARGET_BYTES: usize = 8 * 1024;
/// Largest header section accepted (Node.js's default `maxHeaderSize` is 16 KB).
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
/// Largest body accepted (Express's `json()` parser defaults to 100 KB).
pub const MAX_BODY_BYTES: usize = 100 * 1024;

/// A row of the user table. The password is only there as a hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub email: String,
    pub name: String,
    pub role: String,
    pub password: PasswordHash,
}

/// How a server issues tokens and sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerSettings {
    /// The one algorithm this server signs with and accepts.
    pub alg: Algorithm,
    /// Seconds from `iat` to `exp` (5 minutes by default).
    pub token_ttl: i64,
    /// Seconds a session lives (30 minutes by default), also the cookie's `Max-Age`.
    pub session_ttl: i64,
}

impl Default for ServerSettings {
    fn default() -> Self {
        ServerSettings {
            alg: Algorithm::HS256,
            token_ttl: 300,
            session_ttl: 1800,
        }
    }
}

/// What every server of a cluster is built from (same secret, same user database).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerTemplate {
    /// Printable text; its UTF-8 bytes are the HMAC key.
    pub secret: String,
    pub users: Vec<User>,
    /// A hash of a random password, checked when the email is unknown so that
    /// a wrong email takes as long as a wrong password.
    pub dummy_hash: PasswordHash,
    pub settings: ServerSettings,
}

/// The routes this server knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    Login,
    Logout,
    Profile,
    Admin,
}

impl Route {
    fn find(path: &str) -> Option<Route> {
        match path {
            "/user/login" => Some(Route::Login),
            "/user/logout" => Some(Route::Logout),
            "/api/profile" => Some(Route::Profile),
            "/api/admin" => Some(Route::Admin),
            _ => None,
        }
    }

    fn method(self) -> Method {
        match self {
            Route::Login | Route::Logout => Method::Post,
            Route::Profile | Route::Admin => Method::Get,
        }
    }

    fn required_role(self) -> Option<&'static str> {
        match self {
            Route::Admin => Some("admin"),
            _ => None,
        }
    }
}

/// Who a request turned out to be from, after authentication.
struct Identity {
    email: Option<String>,
    name: Option<String>,
    role: Option<String>,
}

/// One application server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    id: usize,
    up: bool,
    secret: String,
    users: Vec<User>,
    dummy_hash: PasswordHash,
    settings: ServerSettings,
    sessions: SessionStore,
}

impl Server {
    pub fn new(id: usize, template: &ServerTemplate) -> Server {
        Server {
            id,
            up: true,
            secret: template.secret.clone(),
            users: template.users.clone(),
            dummy_hash: template.dummy_hash.clone(),
            settings: template.settings,
            sessions: SessionStore::new(),
        }
    }

    pub fn id(&self) -> usize {
        self.id
    }

    pub fn is_up(&self) -> bool {
        self.up
    }

    /// The signing secret. A real server never shows it; the playground does
    /// so students can check the signature themselves.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    pub fn users(&self) -> &[User] {
        &self.users
    }

    pub fn settings(&self) -> ServerSettings {
        self.settings
    }

    /// This server's own session memory.
    pub fn sessions(&self) -> &SessionStore {
        &self.sessions
    }

    /// Crash: the process dies and its memory with it.
    pub fn crash(&mut self) {
        self.up = false;
        self.sessions.clear();
    }

    /// Start again, with empty memory.
    pub fn restart(&mut self) {
        self.up = true;
        self.sessions.clear();
    }

    /// Forget all sessions (start of a story).
    pub fn clear_memory(&mut self) {
        self.sessions.clear();
    }

    /// Answer one request. Sessions go to `shared` when the cluster uses a
    /// shared store, else to this server's memory.
    pub fn handle(
        &mut self,
        request: &Request,
        mode: Mode,
        now: i64,
        shared: Option<&mut SessionStore>,
        entropy: &mut dyn Entropy,
    ) -> (Response, Trace) {
        if !self.up {
            let message = format!("Server {} is down.", self.id);
            return (
                Response::error(503, message.clone()),
                Trace::Rejected(CheckStep::fail("request", "The server is running", message)),
            );
        }
        if let Err((status, message)) = check_framing(request) {
            return reject(status, "request", "The request is well-formed", message);
        }
        let path = request.route_path();
        let Some(route) = Route::find(path) else {
            return reject(
                404,
                "route",
                "The path is one this server knows",
                format!(
                    "Nothing here at {}. This server knows POST /user/login, POST /user/logout, GET /api/profile and GET /api/admin.",
                    shorten(path)
                ),
            );
        };
        let allowed = route.method();
        if request.method != allowed {
            let (response, trace) = reject(
                405,
                "method",
                "The method is allowed on this path",
                format!(
                    "{path} only answers {allowed}, not {}.",
                    shorten(request.method.as_str())
                ),
            );
            return (response.with_header("Allow", allowed.as_str()), trace);
        }
        let (store, store_kind) = match shared {
            Some(store) => (store, StoreKind::Shared),
            None => (&mut self.sessions, StoreKind::Server(self.id)),
        };
        let ctx = Ctx {
            secret: &self.secret,
            users: &self.users,
            dummy_hash: &self.dummy_hash,
            settings: self.settings,
            store,
            store_kind,
            now,
        };
        match (route, mode) {
            (Route::Login, _) => ctx.login(request, mode, entropy),
            (Route::Logout, Mode::Jwt) => ctx.logout_jwt(request),
            (Route::Logout, Mode::Session) => ctx.logout_session(request),
            (Route::Profile | Route::Admin, Mode::Jwt) => ctx.protected_jwt(request, route),
            (Route::Profile | Route::Admin, Mode::Session) => ctx.protected_session(request, route),
        }
    }
}

/// Everything a handler needs, borrowed from the server (and maybe the shared store).
struct Ctx<'a> {
    secret: &'a str,
    users: &'a [User],
    dummy_hash: &'a PasswordHash,
    settings: ServerSettings,
    store: &'a mut SessionStore,
    store_kind: StoreKind,
    now: i64,
}

impl Ctx<'_> {
    /// `POST /user/login`: check the credentials once, then issue a token or a session.
    fn login(self, request: &Request, mode: Mode, entropy: &mut dyn Entropy) -> (Response, Trace) {
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

        // 1. The body.
        let credentials = read_credentials(request.body.as_deref());
        let (email, password) = match credentials {
            Ok(pair) => pair,
            Err(message) => {
                trace
                    .steps
                    .push(CheckStep::fail("body", BODY, message.clone()));
                trace
                    .steps
                    .push(CheckStep::skip("user", USER, "not reached"));
                trace
                    .steps
                    .push(CheckStep::skip("password", PASSWORD, "not reached"));
                trace
                    .steps
                    .push(CheckStep::skip("issue", issue_title, "not reached"));
                return (Response::error(400, message), Trace::Login(trace));
            }
        };
        trace.email = Some(email.clone());
        trace.steps.push(CheckStep::pass(
            "body",
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
                "user",
                USER,
                format!(
                    "No account for \"{}\". The answer does not say so: it is the same as for a wrong password, so nobody can probe which emails have accounts.",
                    shorten(&email)
                ),
            ));
            trace.steps.push(CheckStep::skip(
                "password",
                PASSWORD,
                "A dummy hash was still computed, so this answer takes as long as a wrong password.",
            ));
            trace
                .steps
                .push(CheckStep::skip("issue", issue_title, "not reached"));
            return (Response::error(401, GENERIC), Trace::Login(trace));
        };
        trace.stored_hash = Some(user.password.stored_form());
        trace.steps.push(CheckStep::pass(
            "user",
            USER,
            format!(
                "found {} (role {}); the table holds only a salted hash of the password",
                user.email, user.role
            ),
        ));
        if !user.password.verify(&password) {
            trace.steps.push(CheckStep::fail(
                "password",
                PASSWORD,
                format!(
                    "PBKDF2-HMAC-SHA256 with {} iterations over the password sent gives a different hash than the one stored: wrong password.",
                    user.password.iterations
                ),
            ));
            trace
                .steps
                .push(CheckStep::skip("issue", issue_title, "not reached"));
            return (Response::error(401, GENERIC), Trace::Login(trace));
        }
        trace.steps.push(CheckStep::pass(
            "password",
            PASSWORD,
            format!(
                "PBKDF2-HMAC-SHA256 ({} iterations) of the password sent equals the stored hash (compared in constant time): authenticated",
                user.password.iterations
            ),
        ));

        // 4. Issue.
        let failed = |trace: &mut LoginTrace, message: String| {
            trace
                .steps
                .push(CheckStep::fail("issue", issue_title, message.clone()));
            Response::error(500, message)
        };
        match mode {
            Mode::Jwt => match self.issue_token(user, entropy) {
                Ok(issued) => {
                    let body = Json::object([("token", Json::string(issued.token.clone()))]);
                    trace.steps.push(CheckStep::pass(
                        "issue",
                        issue_title,
                        format!(
                            "{} token for {} signed with the server's secret; it expires in {}. Nothing was stored on the server.",
                            self.settings.alg,
                            user.email,
                            human_span(self.settings.token_ttl as f64)
                        ),
                    ));
                    trace.issued = Some(Issued::Token(issued));
                    (
                        Response::json(200, &body).with_header("Cache-Control", "no-store"),
                        Trace::Login(trace),
                    )
                }
                Err(message) => {
                    let response = failed(&mut trace, message);
                    (response, Trace::Login(trace))
                }
            },
            Mode::Session => {
                let sid = match random_b64url(entropy, 16) {
                    Ok(sid) => sid,
                    Err(e) => {
                        let response = failed(
                            &mut trace,
                            format!("The server refuses to make a guessable session id: {e}."),
                        );
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
                trace
                    .steps
                    .push(CheckStep::pass("issue", issue_title, detail));
                let cookie = SetCookie {
                    name: SESSION_COOKIE.to_string(),
                    value: sid.clone(),
                    http_only: true,
                    secure: true,
                    same_site: Some(SameSite::Lax),
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

    /// Claims in a fixed order: sub, name, role, iat, exp, jti.
    fn issue_token(&self, user: &User, entropy: &mut dyn Entropy) -> Result<IssuedToken, String> {
        let jti = random_b64url(entropy, 16)
            .map_err(|e| format!("The server cannot make a token id: {e}."))?;
        let claims = Json::Object(vec![
            ("sub".to_string(), Json::String(user.email.clone())),
            ("name".to_string(), Json::String(user.name.clone())),
            ("role".to_string(), Json::String(user.role.clone())),
            ("iat".to_string(), Json::Number(self.now.to_string())),
            (
                "exp".to_string(),
                Json::Number(self.now.saturating_add(self.settings.token_ttl).to_string()),
            ),
            ("jti".to_string(), Json::String(jti)),
        ]);
        let claims_text = claims.to_compact();
        let alg = self.settings.alg;
        let header_text = standard_header(alg).to_string();
        let key = Key::from_text(self.secret, KeyEncoding::Utf8)
            .map_err(|e| format!("The server's secret cannot be used: {e}."))?;
        let signed = sign(alg, &header_text, &claims_text, &key)
            .map_err(|e| format!("Signing failed: {e}"))?;
        let build = build_trace(alg, &header_text, &claims_text, &key).unwrap_or_default();
        Ok(IssuedToken {
            token: signed.token,
            header_text,
            claims_text,
            build,
        })
    }

    /// `GET /api/profile` or `/api/admin` with a JWT: verify, then authorize.
    fn protected_jwt(self, request: &Request, route: Route) -> (Response, Trace) {
        const TOKEN: &str = "A token arrived (Authorization: Bearer, or a token cookie)";
        let path = request.route_path().to_string();
        let mut trace = JwtTrace {
            path,
            source: None,
            token: None,
            token_step: CheckStep::pass("token", TOKEN, ""),
            report: None,
            authorize: CheckStep::skip("authorize", authorize_title(route), "not reached"),
        };
        let challenge = "Bearer realm=\"app.example\"";
        let found = match find_token(request) {
            Ok(found) => found,
            Err((message, malformed)) => {
                trace.token_step = CheckStep::fail("token", TOKEN, message.clone());
                let header = if malformed {
                    format!("{challenge}, error=\"invalid_request\"")
                } else {
                    challenge.to_string()
                };
                return (
                    Response::error(401, message).with_header("WWW-Authenticate", header),
                    Trace::Jwt(trace),
                );
            }
        };
        let (source, token) = found;
        trace.token_step = CheckStep::pass(
            "token",
            TOKEN,
            match source {
                TokenSource::Header => format!(
                    "{} characters in the Authorization header",
                    token.chars().count()
                ),
                TokenSource::Cookie => {
                    format!("{} characters in the token cookie", token.chars().count())
                }
            },
        );
        trace.source = Some(source);
        let policy =
            Policy::with_secret(self.settings.alg, self.secret, KeyEncoding::Utf8, self.now);
        let report = verify(&token, &policy);
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
                Trace::Jwt(trace),
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
        trace.report = Some(report);
        let (step, response) = self.authorize(route, &who, "the token's claims");
        trace.authorize = step;
        let response = if response.status == 403 {
            response.with_header(
                "WWW-Authenticate",
                format!("{challenge}, error=\"insufficient_scope\""),
            )
        } else {
            response
        };
        (response, Trace::Jwt(trace))
    }

    /// `GET /api/profile` or `/api/admin` with a session cookie: look it up, then authorize.
    fn protected_session(self, request: &Request, route: Route) -> (Response, Trace) {
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
        let skip_rest = |trace: &mut SessionTrace, from: usize| {
            let rest: [(&'static str, String); 3] = [
                ("lookup", lookup_title.clone()),
                ("expiry", EXPIRY.to_string()),
                ("authorize", authorize_title(route).to_string()),
            ];
            for (id, title) in rest.into_iter().skip(from) {
                trace.steps.push(CheckStep::skip(id, title, "not reached"));
            }
        };
        let Some(sid) = request.cookie(SESSION_COOKIE) else {
            let message = "No session cookie: the request carries no sid cookie, so the server cannot tell who you are. Log in first.".to_string();
            trace
                .steps
                .push(CheckStep::fail("cookie", COOKIE, message.clone()));
            skip_rest(&mut trace, 0);
            return (Response::error(401, message), Trace::Session(trace));
        };
        trace.sid = Some(sid.clone());
        trace.steps.push(CheckStep::pass(
            "cookie",
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
                    "lookup",
                    lookup_title.clone(),
                    message.clone(),
                ));
                skip_rest(&mut trace, 1);
                return (Response::error(401, message), Trace::Session(trace));
            }
            Lookup::Expired(session) => {
                trace.steps.push(CheckStep::pass(
                    "lookup",
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
                    .push(CheckStep::fail("expiry", EXPIRY, message.clone()));
                skip_rest(&mut trace, 2);
                trace.session = Some(session);
                return (Response::error(401, message), Trace::Session(trace));
            }
        };
        trace.steps.push(CheckStep::pass(
            "lookup",
            lookup_title,
            format!(
                "found the session of {} (role {})",
                session.email, session.role
            ),
        ));
        trace.steps.push(CheckStep::pass(
            "expiry",
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
        let (step, response) = self.authorize(route, &who, &self.store_kind.label());
        trace.steps.push(step);
        trace.session = Some(session);
        (response, Trace::Session(trace))
    }

    /// The role check, and the resource when it passes.
    fn authorize(&self, route: Route, who: &Identity, source: &str) -> (CheckStep, Response) {
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
                    CheckStep::fail("authorize", title, message.clone()),
                    Response::error(403, message),
                );
            }
        }
        let detail = match route.required_role() {
            Some(required) => format!("role \"{required}\" according to {source}: allowed"),
            None => format!("{} is logged in (from {source}): allowed", shorten(email)),
        };
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
            CheckStep::pass("authorize", title, detail),
            Response::json(200, &body),
        )
    }

    /// `POST /user/logout` in session mode: delete the entry, clear the cookie.
    fn logout_session(self, request: &Request) -> (Response, Trace) {
        const TITLE: &str = "Delete the session from memory";
        let mut trace = LogoutTrace {
            mode: Mode::Session,
            steps: Vec::new(),
            deleted: None,
        };
        let sid = request.cookie(SESSION_COOKIE);
        let message = match &sid {
            None => {
                trace.steps.push(CheckStep::skip(
                    "delete",
                    TITLE,
                    "no sid cookie came with the request, so there is nothing to delete",
                ));
                "No session to end.".to_string()
            }
            Some(sid) => match self.store.remove(sid) {
                Some(session) => {
                    trace.steps.push(CheckStep::pass(
                        "delete",
                        TITLE,
                        format!(
                            "deleted the session of {} from {}: the id is worthless from now on, even if someone copied it",
                            session.email,
                            self.store_kind.label()
                        ),
                    ));
                    trace.deleted = Some(session);
                    "Logged out: the session was deleted on the server.".to_string()
                }
                None => {
                    trace.steps.push(CheckStep::skip(
                        "delete",
                        TITLE,
                        format!(
                            "{} has no session with this id, so there is nothing to delete here (another server may still hold it)",
                            self.store_kind.label()
                        ),
                    ));
                    "No session with this id here; the cookie is cleared anyway.".to_string()
                }
            },
        };
        let clear = SetCookie {
            name: SESSION_COOKIE.to_string(),
            value: String::new(),
            http_only: true,
            secure: true,
            same_site: Some(SameSite::Lax),
            path: Some("/".to_string()),
            max_age: Some(0),
        };
        (
            Response::json(200, &Json::object([("message", Json::string(message))]))
                .with_header("Set-Cookie", clear.to_header_value()),
            Trace::Logout(trace),
        )
    }

    /// `POST /user/logout` in JWT mode: the server has nothing to delete.
    fn logout_jwt(self, request: &Request) -> (Response, Trace) {
        let until = find_token(request).ok().and_then(|(_, token)| {
            let policy =
                Policy::with_secret(self.settings.alg, self.secret, KeyEncoding::Utf8, self.now);
            let report = verify(&token, &policy);
            if !report.is_valid() {
                return None;
            }
            report.claims?.get("exp")?.as_f64()
        });
        let until_text = match until {
            Some(exp) => format!("until {}", format_utc(exp)),
            None => "until its exp".to_string(),
        };
        let detail = format!(
            "Nothing to delete: the server stored nothing when it issued the token. The page forgets its copy, but any copy of the token is still accepted {until_text}. Revoking it would need server state again (a deny-list of jti values)."
        );
        let trace = LogoutTrace {
            mode: Mode::Jwt,
            steps: vec![CheckStep::skip(
                "forget",
                "Forget the user on the server",
                detail.clone(),
            )],
            deleted: None,
        };
        (
            Response::json(200, &Json::object([("message", Json::string(detail))])),
            Trace::Logout(trace),
        )
    }
}

fn authorize_title(route: Route) -> &'static str {
    match route {
        Route::Admin => "Authorize: role admin may read /api/admin",
        _ => "Authorize: any logged-in user may read /api/profile",
    }
}

/// The token from `Authorization: Bearer` (RFC 6750 section 2.1) or else the
/// `token` cookie. On failure: the message, and whether the header was malformed.
fn find_token(request: &Request) -> Result<(TokenSource, String), (String, bool)> {
    if let Some(value) = request.header("Authorization") {
        let value = value.trim();
        let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
        if !scheme.eq_ignore_ascii_case("Bearer") {
            return Err((
                format!(
                    "The Authorization header uses the \"{}\" scheme; this server expects \"Bearer <token>\" (RFC 6750 section 2.1).",
                    shorten(scheme)
                ),
                true,
            ));
        }
        let token = rest.trim_start();
        if token.is_empty() {
            return Err((
                "The Authorization header says Bearer but carries no token.".to_string(),
                true,
            ));
        }
        return Ok((TokenSource::Header, token.to_string()));
    }
    if let Some(token) = request.cookie(TOKEN_COOKIE) {
        return Ok((TokenSource::Cookie, token));
    }
    Err((
        "No token: the request has no Authorization: Bearer header and no token cookie, so the server cannot tell who you are. Log in first.".to_string(),
        false,
    ))
}

/// Parse `{"email": "...", "password": "..."}`.
fn read_credentials(body: Option<&str>) -> Result<(String, String), String> {
    const SHAPE: &str = "{\"email\": \"...\", \"password\": \"...\"}";
    let Some(body) = body.filter(|b| !b.trim().is_empty()) else {
        return Err(format!(
            "The login request has no body; send JSON like {SHAPE}."
        ));
    };
    let value = Json::parse(body)
        .map_err(|e| format!("The body is not valid JSON ({e}); send JSON like {SHAPE}."))?;
    let field = |name: &str| value.get(name).and_then(Json::as_str).map(str::to_string);
    match (field("email"), field("password")) {
        (Some(email), Some(password)) => Ok((email, password)),
        _ => Err(format!(
            "The body needs \"email\" and \"password\" as strings, like {SHAPE}."
        )),
    }
}

/// tchar of RFC 9110 section 5.6.2.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Refuse what an HTTP server would refuse before routing.
fn check_framing(request: &Request) -> Result<(), (u16, String)> {
    let method = request.method.as_str();
    if method.is_empty() || !method.bytes().all(is_tchar) {
        return Err((
            400,
            format!(
                "\"{}\" is not a valid HTTP method (RFC 9110 section 9: letters and a few symbols, no spaces).",
                shorten(method)
            ),
        ));
    }
    let target = &request.path;
    if target.len() > MAX_TARGET_BYTES {
        return Err((
            414,
            format!(
                "The path is {} bytes long; this server accepts at most {MAX_TARGET_BYTES}.",
                target.len()
            ),
        ));
    }
    if !target.starts_with('/') {
        return Err((
            400,
            format!(
                "The path \"{}\" must start with '/' (RFC 9112 section 3.2.1).",
                shorten(target)
            ),
        ));
    }
    if target.bytes().any(|b| b <= b' ' || b >= 0x7f) {
        return Err((
            400,
            "The path contains spaces, control characters or non-ASCII characters; those must be percent-encoded (RFC 3986 section 2.1).".to_string(),
        ));
    }
    let header_bytes: usize = request
        .headers
        .iter()
        .map(|(n, v)| n.len().saturating_add(v.len()).saturating_add(4))
        .fold(0, usize::saturating_add);
    if header_bytes > MAX_HEADER_BYTES {
        return Err((
            431,
            format!(
                "The headers take {header_bytes} bytes; this server accepts at most {MAX_HEADER_BYTES}."
            ),
        ));
    }
    for (name, value) in &request.headers {
        if name.is_empty() || !name.bytes().all(is_tchar) {
            return Err((
                400,
                format!(
                    "\"{}\" is not a valid header name (RFC 9110 section 5.1: no spaces, colons or control characters).",
                    shorten(name)
                ),
            ));
        }
        if value.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0)) {
            return Err((
                400,
                format!(
                    "The value of the {} header contains a line break or NUL, which HTTP forbids (RFC 9110 section 5.5).",
                    shorten(name)
                ),
            ));
        }
    }
    let body_bytes = request.body.as_ref().map_or(0, String::len);
    if body_bytes > MAX_BODY_BYTES {
        return Err((
            413,
            format!(
                "The body is {body_bytes} bytes; this server accepts at most {MAX_BODY_BYTES}."
            ),
        ));
    }
    Ok(())
}

fn reject(status: u16, id: &'static str, title: &str, message: String) -> (Response, Trace) {
    (
        Response::error(status, message.clone()),
        Trace::Rejected(CheckStep::fail(id, title, message)),
    )
}

/// User text quoted in a message, cut to a readable length.
fn shorten(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}...")
    }
}

/// A JSON string, or `null` when absent.
fn opt_string(value: Option<String>) -> Json {
    value.map_or(Json::Null, Json::String)
}
