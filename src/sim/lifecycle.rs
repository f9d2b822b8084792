//! What a token system remembers after all: refresh tokens, a deny-list,
//! and per-user token versions (issue 13).
//!
//! - **Access + refresh** (the OAuth 2.0 pattern, RFC 6749 section 1.5; the
//!   rotation and reuse detection of RFC 9700 section 4.14.2): login returns a
//!   short-lived access token and a long-lived, opaque refresh token, kept by
//!   the browser in an `HttpOnly; Secure; SameSite=Strict` cookie scoped to
//!   `/auth/refresh`. The server stores only its SHA-256 hash, in a *family*
//!   started by the login. `POST /auth/refresh` spends it and returns a new
//!   one; presenting a spent one again means two parties hold copies, so the
//!   whole family is revoked.
//! - **Deny-list**: `jti`s of revoked access tokens, kept until their `exp`,
//!   in the shared store. Each server checks its own copy, refreshed when it
//!   is older than a delay: a revoked token keeps working on a server whose
//!   copy is stale.
//! - **Token version**: "log out everywhere" bumps a per-user number; a token
//!   whose `ver` claim (absent = 0) is below it is refused.
//!
//! All of it is state the server keeps again: the price of revocation.

use super::rng::{random_b64url, EntropyError};
use crate::jwt::Algorithm;
use rand_core::RngCore;
use std::collections::BTreeMap;
use std::fmt;

/// The cookie the browser keeps the refresh token in.
pub const REFRESH_COOKIE: &str = "refresh";
/// Where a refresh token is spent for a new pair.
pub const REFRESH_PATH: &str = "/auth/refresh";
/// Where a refresh token is revoked (RFC 7009), under the cookie's path so
/// the browser sends the cookie there too.
pub const REFRESH_REVOKE_PATH: &str = "/auth/refresh/revoke";
/// Where an access token is put on the deny-list.
pub const REVOKE_PATH: &str = "/auth/revoke";
/// Where every credential of the caller is ended.
pub const LOGOUT_EVERYWHERE_PATH: &str = "/user/logout-everywhere";
/// Seconds a refresh token (and its family) lives: one day.
pub const REFRESH_TTL: i64 = 86_400;
/// Seconds a server may use its copy of the deny-list by default.
pub const DEFAULT_DENY_DELAY: i64 = 30;

/// What login hands out in JWT mode.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[strum(serialize_all = "kebab-case")]
pub enum TokenScheme {
    /// One access token, valid until `exp`.
    #[default]
    AccessOnly,
    /// A short-lived access token and a rotating refresh token.
    AccessRefresh,
}

impl TokenScheme {
    /// `access-only` / `access-refresh` (stable values for the UI).
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn from_str_value(value: &str) -> Option<TokenScheme> {
        value.parse().ok()
    }

    /// Both schemes, in the order the page offers them.
    pub const ALL: [TokenScheme; 2] = [TokenScheme::AccessOnly, TokenScheme::AccessRefresh];

    /// The scheme in words, for a choice on screen.
    pub fn words(self) -> &'static str {
        match self {
            TokenScheme::AccessOnly => "One access token",
            TokenScheme::AccessRefresh => "Access + refresh tokens",
        }
    }
}

/// Why a family was revoked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevokeReason {
    /// A spent refresh token came back: someone else holds a copy.
    Reuse,
    /// The user logged out.
    Logout,
    /// The user logged out everywhere.
    LogoutEverywhere,
}

impl RevokeReason {
    /// A word or two, for a table cell.
    pub fn short(self) -> &'static str {
        match self {
            RevokeReason::Reuse => "reuse detected",
            RevokeReason::Logout => "logout",
            RevokeReason::LogoutEverywhere => "logout everywhere",
        }
    }
}

impl fmt::Display for RevokeReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RevokeReason::Reuse => "a spent refresh token was used again (reuse detected)",
            RevokeReason::Logout => "the user logged out",
            RevokeReason::LogoutEverywhere => "the user logged out everywhere",
        })
    }
}

/// Active, or revoked and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FamilyState {
    Active,
    Revoked(RevokeReason),
}

impl FamilyState {
    /// `active` / `revoked` (the UI's `data-state`).
    pub fn as_str(self) -> &'static str {
        match self {
            FamilyState::Active => "active",
            FamilyState::Revoked(_) => "revoked",
        }
    }
}

/// The refresh tokens descending from one login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Family {
    pub id: u32,
    pub email: String,
    /// SHA-256 of the one refresh token that may be spent next.
    current: Vec<u8>,
    /// Hashes of the tokens already spent.
    spent: Vec<Vec<u8>>,
    pub rotations: u32,
    pub created_at: i64,
    pub expires_at: i64,
    pub state: FamilyState,
}

impl Family {
    pub fn is_active(&self, now: i64) -> bool {
        self.state == FamilyState::Active && now < self.expires_at
    }

    /// Bytes the server keeps for it (hashes and the user's email), roughly.
    pub fn approx_bytes(&self) -> usize {
        32 * (1 + self.spent.len()) + self.email.len() + 24
    }
}

/// Why a refresh token was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshError {
    /// No refresh cookie came with the request.
    Missing,
    /// A token this server never issued.
    Unknown,
    /// Spent before: the family is revoked now.
    Reused { family: u32 },
    /// Its family was revoked earlier.
    Revoked { family: u32, reason: RevokeReason },
    /// Its family is past its lifetime.
    Expired { family: u32 },
    /// No randomness for the new token.
    Entropy(EntropyError),
}

impl fmt::Display for RefreshError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefreshError::Missing => f.write_str("No refresh token came with the request (the refresh cookie is only sent to /auth/refresh). Log in again."),
            RefreshError::Unknown => f.write_str("This refresh token was never issued here. Log in again."),
            RefreshError::Reused { family } => write!(
                f,
                "Refresh token reuse detected: this token was already spent, so two parties hold copies of it (a thief and the user). The server cannot tell which one is the user, so it revoked the whole family #{family}: its refresh tokens are worthless now, and once the access tokens already issued from it expire (at most 5 minutes), everyone holding them must log in again."
            ),
            RefreshError::Revoked { family, reason } => write!(
                f,
                "This refresh token belongs to family #{family}, which was revoked because {reason}. Log in again."
            ),
            RefreshError::Expired { family } => write!(
                f,
                "Family #{family} has passed its lifetime of one day. Log in again."
            ),
            RefreshError::Entropy(e) => write!(f, "The server cannot make a new refresh token: {e}."),
        }
    }
}

impl std::error::Error for RefreshError {}

/// One revoked access token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DenyEntry {
    pub jti: String,
    /// The token as it was sent to be revoked: what a `denylist-by-string`
    /// server compares.
    pub token: String,
    pub email: String,
    /// Its `exp`: after that it is refused anyway and leaves the list.
    pub until: i64,
}

/// A server's copy of the deny-list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DenyCopy {
    pub jtis: Vec<String>,
    /// The revoked tokens' texts (for a `denylist-by-string` server).
    pub tokens: Vec<String>,
    pub fetched_at: i64,
}

/// What the student has seen happen, for the comparison table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Seen {
    /// A session id copied before logout was refused after it.
    SessionCopyStopped,
    /// A JWT copied before logout still worked after it.
    JwtCopyWorked,
    /// An expired access token was renewed with the refresh token.
    Renewed,
    /// A spent refresh token came back and its family was revoked.
    ReuseCaught,
    /// A deny-listed token was refused.
    DenyRefused,
    /// A deny-listed token was accepted by a server with a stale copy.
    DenyStale,
    /// Log out everywhere ended the user's credentials.
    LoggedOutEverywhere,
    /// A server crash lost sessions (a 401 after the crash).
    CrashLostSessions,
    /// An injected script read a JWT (from localStorage or a script-set
    /// cookie) and sent it to the attacker.
    ScriptStoleToken,
    /// An injected script ran while the JWT sat in an HttpOnly cookie, and
    /// found no token to send.
    ScriptMissedCookieToken,
    /// A request another site's page made was refused for lack of a token:
    /// the JWT travels in a header only the app's own script adds.
    CrossSiteNoBearer,
    /// A request another site's page made carried the JWT cookie and was
    /// accepted (SameSite=None).
    CrossSiteCarriedToken,
    /// SameSite kept the JWT cookie off a request another site's page made.
    SameSiteKeptToken,
    /// A request another site's page made carried the session cookie and
    /// was accepted (SameSite=None).
    CrossSiteCarriedSession,
}

/// The server-side state of token lifecycles, shared by all servers (think
/// of the refresh-token table in a database and the deny-list in Redis).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lifecycle {
    pub scheme: TokenScheme,
    families: Vec<Family>,
    next_family: u32,
    deny: Vec<DenyEntry>,
    /// Seconds a server may use its copy of the deny-list.
    pub deny_delay: i64,
    /// Per-user token version, bumped by "log out everywhere".
    versions: BTreeMap<String, u32>,
}

impl Default for Lifecycle {
    fn default() -> Self {
        Lifecycle {
            scheme: TokenScheme::AccessOnly,
            families: Vec::new(),
            next_family: 1,
            deny: Vec::new(),
            deny_delay: DEFAULT_DENY_DELAY,
            versions: BTreeMap::new(),
        }
    }
}

fn digest(token: &str) -> Vec<u8> {
    Algorithm::HS256.digest(token.as_bytes())
}

impl Lifecycle {
    pub fn new(scheme: TokenScheme, deny_delay: i64) -> Lifecycle {
        Lifecycle {
            scheme,
            deny_delay: deny_delay.max(0),
            ..Lifecycle::default()
        }
    }

    pub fn families(&self) -> &[Family] {
        &self.families
    }

    /// A new family for `email`, and its first refresh token (32 random bytes).
    pub fn start_family(
        &mut self,
        email: &str,
        now: i64,
        entropy: &mut dyn RngCore,
    ) -> Result<(String, u32), EntropyError> {
        let token = random_b64url(entropy, 32)?;
        let id = self.next_family;
        self.next_family = self.next_family.saturating_add(1);
        self.families.push(Family {
            id,
            email: email.to_string(),
            current: digest(&token),
            spent: Vec::new(),
            rotations: 0,
            created_at: now,
            expires_at: now.saturating_add(REFRESH_TTL),
            state: FamilyState::Active,
        });
        Ok((token, id))
    }

    /// Spend `token` for a new one in the same family. A spent token revokes
    /// the family. Returns the new token, the user's email and the family.
    pub fn rotate(
        &mut self,
        token: &str,
        now: i64,
        entropy: &mut dyn RngCore,
    ) -> Result<(String, String, u32), RefreshError> {
        let hash = digest(token);
        let Some(family) = self
            .families
            .iter_mut()
            .find(|f| f.current == hash || f.spent.contains(&hash))
        else {
            return Err(RefreshError::Unknown);
        };
        if let FamilyState::Revoked(reason) = family.state {
            return Err(RefreshError::Revoked {
                family: family.id,
                reason,
            });
        }
        if family.spent.contains(&hash) {
            family.state = FamilyState::Revoked(RevokeReason::Reuse);
            return Err(RefreshError::Reused { family: family.id });
        }
        if now >= family.expires_at {
            return Err(RefreshError::Expired { family: family.id });
        }
        let next = random_b64url(entropy, 32).map_err(RefreshError::Entropy)?;
        let old = std::mem::replace(&mut family.current, digest(&next));
        family.spent.push(old);
        family.rotations = family.rotations.saturating_add(1);
        Ok((next, family.email.clone(), family.id))
    }

    /// The family `token` belongs to (its current or a spent token).
    pub fn family_of(&self, token: &str) -> Option<&Family> {
        let hash = digest(token);
        self.families
            .iter()
            .find(|f| f.current == hash || f.spent.contains(&hash))
    }

    /// Revoke the family `token` belongs to (logout). Returns its id.
    pub fn revoke_family_of(&mut self, token: &str, reason: RevokeReason) -> Option<u32> {
        let hash = digest(token);
        let family = self
            .families
            .iter_mut()
            .find(|f| f.current == hash || f.spent.contains(&hash))?;
        if family.state == FamilyState::Active {
            family.state = FamilyState::Revoked(reason);
        }
        Some(family.id)
    }

    /// Revoke every active family of `email`. Returns how many.
    pub fn revoke_user(&mut self, email: &str, reason: RevokeReason) -> usize {
        let mut n = 0;
        for f in &mut self.families {
            if f.email == email && f.state == FamilyState::Active {
                f.state = FamilyState::Revoked(reason);
                n += 1;
            }
        }
        n
    }

    /// Put an access token on the deny-list until its `exp`.
    /// (`token` is the text that was sent to be revoked.)
    pub fn deny(&mut self, jti: &str, token: &str, email: &str, until: i64) {
        if !self.deny.iter().any(|d| d.jti == jti) {
            self.deny.push(DenyEntry {
                jti: jti.to_string(),
                token: token.to_string(),
                email: email.to_string(),
                until,
            });
        }
    }

    /// The deny-list at `now` (entries past their `exp` are dropped: those
    /// tokens are refused as expired anyway).
    pub fn deny_list(&mut self, now: i64) -> &[DenyEntry] {
        self.deny.retain(|d| now < d.until);
        &self.deny
    }

    pub fn deny_entries(&self) -> &[DenyEntry] {
        &self.deny
    }

    /// Has anything ever been revoked, so servers must look things up on every request?
    pub fn revocation_in_use(&self) -> bool {
        !self.deny.is_empty() || !self.versions.is_empty()
    }

    /// The token version of `email` (0 until a "log out everywhere").
    pub fn version(&self, email: &str) -> u32 {
        self.versions.get(email).copied().unwrap_or(0)
    }

    /// Bump the token version of `email`: every token issued before is refused.
    pub fn bump_version(&mut self, email: &str) -> u32 {
        let v = self.versions.entry(email.to_string()).or_insert(0);
        *v = v.saturating_add(1);
        *v
    }

    /// Bytes kept for refresh families, the deny-list and versions, roughly.
    pub fn approx_bytes(&self) -> usize {
        self.families
            .iter()
            .map(Family::approx_bytes)
            .sum::<usize>()
            + self
                .deny
                .iter()
                .map(|d| d.jti.len() + d.email.len() + 8)
                .sum::<usize>()
            + self.versions.keys().map(|k| k.len() + 4).sum::<usize>()
    }
}
