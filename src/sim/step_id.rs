//! The names of checklist lines and of a request's legs, as a type: the
//! simulation compares variants; the view writes their stable names.

use crate::jwt::VerifyStep;

/// Which check (or which leg of a request's journey) a line is about. The
/// view writes it as `data-step`, through [`StepId::as_str`]; the simulation
/// compares the variants, never the words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepId {
    /// One of the verifier's own steps (`signature`, `exp`...).
    Verify(VerifyStep),
    /// Login: the request body was read.
    Body,
    /// Login: the user exists.
    User,
    /// Login: the password matches.
    Password,
    /// A token or session was issued (login, refresh).
    Issue,
    /// A protected request: a token arrived.
    Token,
    /// A cookie arrived (session id, refresh token).
    Cookie,
    /// The session id was looked up in memory or the shared store.
    Lookup,
    /// The session's own expiry.
    Expiry,
    /// The user may do this (the admin route's role check).
    Authorize,
    /// Not revoked: the deny-list and the user's token version.
    Revoked,
    /// Refresh: the refresh token was spent for a new one.
    Spend,
    /// Logout: the session was deleted.
    Delete,
    /// Logout (JWT): the page was told to forget the token.
    Forget,
    /// Logout (JWT): the refresh family was revoked.
    Revoke,
    /// Logout (JWT): the access token went on the deny-list.
    Deny,
    /// Log out everywhere: every session of the user was deleted.
    Sessions,
    /// Log out everywhere: the user's token version was raised.
    Version,
    /// Log out everywhere: every refresh family was revoked.
    Families,
    /// Log out everywhere, at the load balancer: sent to every server.
    Everywhere,
    /// The load balancer's answer (no server up).
    Balancer,
    /// The issuer publishes its public keys (JWKS).
    Publish,
    /// Log out everywhere: whose credentials to end.
    Who,
    /// Revoke: the token to revoke is genuine.
    Check,
    /// The request is well-formed and the server is up.
    Request,
    /// The method is allowed on the path.
    Method,
    /// The attacker's site collected what was sent.
    Collect,
    /// Another site serves the key set at the address a token's `jku` gave.
    Serve,
    /// A request's journey: sent.
    Send,
    /// A request's journey: the balancer routes it (and, at the server, the
    /// path is one it knows).
    Route,
    /// A request's journey: a signing step of the issued token.
    Sign,
    /// A request's journey: the response travels back.
    Respond,
    /// A request's journey: the server fetches a key set it needs (a
    /// request of its own, drawn inside this one).
    Fetch,
}

impl StepId {
    /// The stable name the view writes as `data-step`.
    pub fn as_str(self) -> &'static str {
        match self {
            StepId::Verify(step) => step.id(),
            StepId::Body => "body",
            StepId::User => "user",
            StepId::Password => "password",
            StepId::Issue => "issue",
            StepId::Token => "token",
            StepId::Cookie => "cookie",
            StepId::Lookup => "lookup",
            StepId::Expiry => "expiry",
            StepId::Authorize => "authorize",
            StepId::Revoked => "revoked",
            StepId::Spend => "spend",
            StepId::Delete => "delete",
            StepId::Forget => "forget",
            StepId::Revoke => "revoke",
            StepId::Deny => "deny",
            StepId::Sessions => "sessions",
            StepId::Version => "version",
            StepId::Families => "families",
            StepId::Everywhere => "everywhere",
            StepId::Balancer => "balancer",
            StepId::Publish => "publish",
            StepId::Who => "who",
            StepId::Check => "check",
            StepId::Request => "request",
            StepId::Method => "method",
            StepId::Collect => "collect",
            StepId::Serve => "serve",
            StepId::Send => "send",
            StepId::Route => "route",
            StepId::Sign => "sign",
            StepId::Respond => "respond",
            StepId::Fetch => "fetch",
        }
    }
}

impl std::fmt::Display for StepId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<VerifyStep> for StepId {
    fn from(step: VerifyStep) -> StepId {
        StepId::Verify(step)
    }
}
