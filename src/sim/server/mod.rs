//! One mock application server: a user table with hashed passwords, a secret
//! for signing tokens, session memory, and four routes.
//!
//! | Route               | Who may call it            | What it shows                    |
//! |---------------------|----------------------------|----------------------------------|
//! | `POST /user/login`  | anyone, with credentials   | authentication (checked once)    |
//! | `POST /user/logout` | anyone                     | ending a session / a JWT's limit |
//! | `GET /api/profile`  | any logged-in user         | authenticating the request: who sent it (else 401) |
//! | `GET /api/admin`    | role `admin` only (else 403) | authorization: may they have it |
//! | `POST /api/profile/name` | any logged-in user    | a change made in the user's name (the attack lab's CSRF target) |
//!
//! This server explains every refusal in its JSON body so students can see why;
//! a production server would say less to strangers.
//!
//! Statuses follow RFC 9110 section 15: 400 for a malformed request, 401 when
//! the caller is not authenticated (with `WWW-Authenticate: Bearer` in JWT
//! mode, RFC 6750 section 3), 403 when authenticated but not allowed, 404/405
//! for unknown routes and methods, 413/414/431 when limits are exceeded.
//!
//! One file per concern: [`framing`] (limits and routing), [`login`]
//! (authentication), [`protected`] (each request authenticated with a JWT or a session, then authorized),
//! [`logout`], [`lifecycle`] (refresh, revoke, log out everywhere), [`jwks`]
//! (the issuer's published keys), `route` (the paths). This file holds the
//! server itself and dispatches to them.

pub mod framing;
pub mod jwks;
pub mod lifecycle;
pub mod login;
pub mod logout;
pub mod protected;
mod route;
mod token_cookie;

pub use route::{
    Route, ADMIN_PATH, LOGIN_PATH, LOGOUT_PATH, MAX_NAME_CHARS, PROFILE_PATH, RENAME_PATH,
};

pub use super::mode::Mode;
pub use framing::RequestError;
pub use login::{CredentialsError, IssueError};
pub use protected::TokenError;

use super::http::{Request, Response};
use super::keys::{Issuer, JwksCopy, KeyMode, ISSUER_ID, JWKS_PATH, KEY_PAIR_ALG};
use super::lifecycle::{DenyCopy, Lifecycle};
use super::password::PasswordHash;
use super::session::SessionStore;
use super::trace::{CheckStep, StepId, StoreKind, Trace};
use crate::jwt::{Algorithm, Json, KeyEncoding, KeyError, KeySet, Policy};
use rand_core::RngCore;

use super::http::{ACCESS_TOKEN_TYP, API_AUDIENCE};
pub use super::http::{SESSION_COOKIE, TOKEN_COOKIE};
/// Longest request target accepted (nginx's default line buffer is 8 KB).
pub const MAX_TARGET_BYTES: usize = 8 * 1024;
/// The one row of the key table a `kid-sql` server looks its HMAC key up in.
pub const KID_SQL_KEY_ID: &str = "hmac-1";
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
    /// Key-pair mode: this server's copy of the issuer's public keys.
    jwks: Option<JwksCopy>,
    /// Its copy of the deny-list, once anything was revoked.
    deny_copy: Option<DenyCopy>,
}

/// What all servers share beyond the session store: how tokens are
/// trusted (the issuer's keys) and their lifecycle state.
pub struct Shared<'a> {
    pub key_mode: KeyMode,
    pub issuer: &'a Issuer,
    pub life: &'a mut Lifecycle,
    /// The attack lab's switches that are on.
    pub weaknesses: &'a std::collections::BTreeSet<super::weakness::Weakness>,
}

/// What a server signs and verifies with, for one request.
#[derive(Clone, Copy)]
pub(crate) enum Trust<'a> {
    /// The shared HMAC secret: this server signs and verifies with it.
    Secret,
    /// Key pair, and this server is the issuer: it signs with its newest key.
    Issuer(&'a Issuer),
    /// Key pair, a verifier: its copy of the issuer's keys (`None`: none yet).
    Verifier(Option<&'a KeySet>),
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
            jwks: None,
            deny_copy: None,
        }
    }

    /// This server's copy of the deny-list, if it has fetched one.
    pub fn deny_copy(&self) -> Option<&DenyCopy> {
        self.deny_copy.as_ref()
    }

    /// Delete every session of `email` from this server's memory. Returns how many.
    pub fn end_sessions_of(&mut self, email: &str) -> usize {
        self.sessions.remove_user(email)
    }

    /// The user database changed a display name: this server's copy of the
    /// user table and its session rows say the new one.
    pub fn rename_user(&mut self, email: &str, name: &str) {
        for user in self.users.iter_mut().filter(|u| u.email == email) {
            user.name = name.to_string();
        }
        self.sessions.rename_user(email, name);
    }

    /// Key-pair mode: the copy of the issuer's key set this server verifies with.
    pub fn jwks(&self) -> Option<&JwksCopy> {
        self.jwks.as_ref()
    }

    /// The attack lab's weak secret, or back to the cluster's own.
    pub fn set_secret(&mut self, secret: &str) {
        self.secret = secret.to_string();
    }

    /// Drop the copy of the key set (the key mode changed).
    pub fn forget_jwks(&mut self) {
        self.jwks = None;
    }

    /// Keep a freshly fetched copy of the issuer's key set.
    pub fn store_jwks(&mut self, copy: JwksCopy) {
        self.jwks = Some(copy);
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
        self.jwks = None;
        self.deny_copy = None;
    }

    /// Start again, with empty memory.
    pub fn restart(&mut self) {
        self.up = true;
        self.sessions.clear();
        self.jwks = None;
        self.deny_copy = None;
    }

    /// Forget all sessions (start of a story).
    pub fn clear_memory(&mut self) {
        self.sessions.clear();
    }

    /// Answer one request. Sessions go to `shared` when the cluster uses a
    /// shared store, else to this server's memory. In key-pair mode the
    /// issuer signs with `issuer`'s keys and the others verify with their copy.
    pub fn handle(
        &mut self,
        request: &Request,
        mode: Mode,
        now: i64,
        shared: Option<&mut SessionStore>,
        entropy: &mut dyn RngCore,
        common: Shared<'_>,
    ) -> (Response, Trace) {
        let Shared {
            key_mode,
            issuer,
            life,
            weaknesses,
        } = common;
        if !self.up {
            let message = format!("Server {} is down.", self.id);
            return (
                Response::error(503, message.clone()),
                Trace::Rejected(CheckStep::fail(
                    StepId::Request,
                    "The server is running",
                    message,
                )),
            );
        }
        let route = match framing::route(request) {
            Ok(route) => route,
            Err(error) => {
                let (id, title) = error.step();
                let allow = match &error {
                    RequestError::MethodNotAllowed { allowed, .. } => Some(allowed.clone()),
                    _ => None,
                };
                let (response, trace) = reject(error.status(), id, title, error.to_string());
                return match allow {
                    Some(allowed) => (response.with_header("Allow", allowed.as_str()), trace),
                    None => (response, trace),
                };
            }
        };
        let (store, store_kind) = match shared {
            Some(store) => (store, StoreKind::Shared),
            None => (&mut self.sessions, StoreKind::Server(self.id)),
        };
        // Once anything was revoked, a server checks its copy of the
        // deny-list on every token, fetching it again when it is older than
        // the delay (0: on every request).
        if mode == Mode::Jwt
            && matches!(route, Route::Profile | Route::Admin)
            && life.revocation_in_use()
        {
            let stale = self
                .deny_copy
                .as_ref()
                .is_none_or(|c| now.saturating_sub(c.fetched_at) >= life.deny_delay);
            if stale {
                let list = life.deny_list(now);
                self.deny_copy = Some(DenyCopy {
                    jtis: list.iter().map(|d| d.jti.clone()).collect(),
                    tokens: list.iter().map(|d| d.token.clone()).collect(),
                    fetched_at: now,
                });
            }
        }
        let trust = match key_mode {
            KeyMode::SharedSecret => Trust::Secret,
            KeyMode::KeyPair if self.id == ISSUER_ID => Trust::Issuer(issuer),
            KeyMode::KeyPair => Trust::Verifier(self.jwks.as_ref().map(|c| &c.set)),
        };
        let ctx = Ctx {
            id: self.id,
            trust,
            weaknesses,
            issuer,
            life,
            deny_copy: self.deny_copy.as_ref(),
            secret: &self.secret,
            users: &self.users,
            dummy_hash: &self.dummy_hash,
            settings: self.settings,
            store,
            store_kind,
            now,
        };
        match (route, mode) {
            (Route::Jwks, _) => ctx.jwks(),
            (Route::Refresh, _) => ctx.refresh(request, mode, entropy),
            (Route::RefreshRevoke, _) => ctx.refresh_revoke(request),
            (Route::Revoke, _) => ctx.revoke(request, mode),
            (Route::LogoutEverywhere, _) => ctx.logout_everywhere(request, mode),
            (Route::Login, _) => ctx.login(request, mode, entropy),
            (Route::Logout, Mode::Jwt) => ctx.logout_jwt(request),
            (Route::Logout, Mode::Session) => ctx.logout_session(request),
            (Route::Profile | Route::Admin | Route::Rename, Mode::Jwt) => {
                ctx.protected_jwt(request, route)
            }
            (Route::Profile | Route::Admin | Route::Rename, Mode::Session) => {
                ctx.protected_session(request, route)
            }
        }
    }
}

/// Everything a handler needs, borrowed from the server (and maybe the shared store).
struct Ctx<'a> {
    id: usize,
    trust: Trust<'a>,
    weaknesses: &'a std::collections::BTreeSet<super::weakness::Weakness>,
    issuer: &'a Issuer,
    life: &'a mut Lifecycle,
    deny_copy: Option<&'a DenyCopy>,
    secret: &'a str,
    users: &'a [User],
    dummy_hash: &'a PasswordHash,
    settings: ServerSettings,
    store: &'a mut SessionStore,
    store_kind: StoreKind,
    now: i64,
}

impl Ctx<'_> {
    /// The algorithm this server signs and accepts.
    fn alg(&self) -> Algorithm {
        match self.trust {
            Trust::Secret => self.settings.alg,
            Trust::Issuer(_) | Trust::Verifier(_) => KEY_PAIR_ALG,
        }
    }

    /// How this server verifies tokens: the algorithm pinned, the key it
    /// trusts, and the attack lab's weaknesses switched on.
    fn policy(&self) -> Policy {
        use super::weakness::Weakness as W;
        let mut policy = self.strict_policy();
        let on = |w: W| self.weaknesses.contains(&w);
        policy.unsafe_options = crate::jwt::UnsafeOptions {
            accept_none: on(W::AlgNone),
            alg_from_header: (on(W::AlgConfusion) && !matches!(self.trust, Trust::Secret))
                .then(|| self.issuer.current().map(|k| k.private.public().to_pem()))
                .flatten(),
            trust_jwk: on(W::TrustJwk),
            trust_jku: on(W::TrustJku).then(|| self.reachable_key_sets()),
            kid_path: on(W::KidPath),
            skip_exp: on(W::NoExp),
            no_verify: on(W::NoVerify),
            psychic_ecdsa: on(W::PsychicEcdsa),
            // The key table a kid-sql server queries: its one HMAC key.
            kid_sql: (on(W::KidSql) && matches!(self.trust, Trust::Secret))
                .then(|| vec![(KID_SQL_KEY_ID.to_string(), self.secret.to_string())]),
            exp_string: on(W::ExpString),
            no_aud: on(W::NoAud),
        };
        policy
    }

    /// The key sets a server fetching a token's `jku` finds (see
    /// [`super::internet`]): in key-pair mode the issuer's own is among them.
    fn reachable_key_sets(&self) -> Vec<(String, KeySet)> {
        let issuer = (!matches!(self.trust, Trust::Secret)).then_some(self.issuer);
        super::internet::key_sets(issuer)
            .into_iter()
            .map(|site| (site.url, site.keys))
            .collect()
    }

    /// Is this weakness switched on?
    fn weak(&self, weakness: super::weakness::Weakness) -> bool {
        self.weaknesses.contains(&weakness)
    }

    /// The strict verifier: the algorithm and key pinned, and only the
    /// app's access tokens taken: `aud` must name this API and the header's
    /// `typ` must be `at+jwt` (RFC 8725 sections 3.9 and 3.11, RFC 9068).
    fn strict_policy(&self) -> Policy {
        let mut policy = match self.trust {
            Trust::Secret => {
                Policy::with_secret(self.settings.alg, self.secret, KeyEncoding::Utf8, self.now)
            }
            Trust::Issuer(issuer) => Policy::with_keys(KEY_PAIR_ALG, Ok(issuer.published()), self.now),
            Trust::Verifier(Some(set)) => Policy::with_keys(KEY_PAIR_ALG, Ok(set.clone()), self.now),
            Trust::Verifier(None) => Policy::with_keys(
                KEY_PAIR_ALG,
                Err(KeyError::Unreadable {
                    format: "JWK Set",
                    why: format!(
                        "server {} has no copy of the issuer's public keys: it could not fetch {JWKS_PATH} (is the issuer, server {ISSUER_ID}, down?)",
                        self.id
                    ),
                }),
                self.now,
            ),
        };
        policy.audience = Some(API_AUDIENCE.to_string());
        policy.token_type = Some(ACCESS_TOKEN_TYP.to_string());
        policy
    }
}

fn reject(status: u16, id: StepId, title: &str, message: String) -> (Response, Trace) {
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
