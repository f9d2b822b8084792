//! The whole simulated world: a browser, the network log, a load balancer,
//! one to five servers and a clock. The view holds one `World` and calls its
//! actions; everything is deterministic given the entropy source and the
//! start time.

//!
//! The world is split by concern: [`action`] (what a user can do), [`story`]
//! (reset, mode switch, the journal), [`requests`] (doing an action, the
//! page's requests and dispatch), [`episodes`] (the attacker's), [`reports`]
//! (another service of the same issuer), [`own_tokens`],
//! [`seen`] (facts for the comparison table), [`read`] (what the view reads)
//! and [`log`] (what the network log keeps).

mod action;
mod episodes;
mod log;
mod own_tokens;
mod read;
mod reports;
mod requests;
mod seen;
mod story;

use action::coalesces;
pub use action::{Action, Event};
pub use log::shorten_for_log;
use log::{request_for_log, response_for_log};
pub use own_tokens::{TokenOrigin, NOT_KEPT, NOT_KEPT_EDITED};
pub use reports::{ID_TOKEN_FIELD, REPORTS_SIGN_IN_PATH};
use story::StoryStart;

use crate::jwt::display::thousands;
use crate::jwt::{Algorithm, Json};
use crate::sim::attacker::{
    jku_of, read_by_script, split_url, Credential, Stolen, ATTACKER_HOST, COLLECT_PATH, CSRF_NAME,
    REFERER,
};
use crate::sim::browser::{Browser, CookieError, Initiator, ScriptView, TokenStorage};
use crate::sim::clock::Clock;
use crate::sim::cluster::{Cluster, LbPolicy, Routing, MAX_SERVERS};
use crate::sim::http::{Method, Request, Response};
use crate::sim::http::{HOST, QUERY_TOKEN, SESSION_COOKIE, TOKEN_COOKIE, TOKEN_DELIVERY_HEADER};
use crate::sim::keys::{Issuer, KeyMode, ISSUER_ID};
use crate::sim::lifecycle::{
    Lifecycle, Seen, TokenScheme, DEFAULT_DENY_DELAY, LOGOUT_EVERYWHERE_PATH, REFRESH_COOKIE,
    REFRESH_PATH, REFRESH_REVOKE_PATH, REVOKE_PATH,
};
use crate::sim::mode::Mode;
use crate::sim::password::{PasswordHash, DEFAULT_ITERATIONS, HASH_LEN, SALT_LEN};
use crate::sim::rng::{fill, random_b64url, EntropyError, WorldRng};
use crate::sim::server::protected::find_token;
use crate::sim::server::{Server, ServerSettings, ServerTemplate, User, LOGIN_PATH, RENAME_PATH};
use crate::sim::session::SessionStore;
use crate::sim::trace::{CheckStep, JwtTrace, StepId, Trace};
use crate::sim::weakness::Weakness;
use std::collections::BTreeSet;
use std::fmt;

/// 2026-01-01 09:00:00 UTC: a fixed start so every replay shows the same times.
pub const DEFAULT_START_TIME: i64 = 1_767_258_000;
/// The network log keeps this many exchanges (oldest dropped first).
pub const MAX_LOG: usize = 500;
/// A story records at most this many actions; later ones are done but not replayed.
pub const MAX_STORY: usize = 2000;
/// The most events a world journals (for a reload or a share link).
pub const MAX_JOURNAL: usize = 5000;
/// Longest header value, body or path kept whole in the network log. A longer
/// one is logged as its first and last halves of this around a marker with
/// its full size, so 500 entries never hold 500 copies of a megabyte. The
/// server always answers the full request; only the log's copy is cut.
pub const MAX_LOGGED_BYTES: usize = 16 * 1024;

/// A demo account. The plain password is here only so the page can offer it
/// as a hint; the servers keep nothing but its salted hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoUser {
    pub email: &'static str,
    pub password: &'static str,
    pub name: &'static str,
    pub role: &'static str,
    /// The row of the server's user table as it sits in its database before
    /// the page loads: PBKDF2-HMAC-SHA256 at [`DEFAULT_ITERATIONS`] with a salt
    /// drawn once at random (made with Python's `hashlib.pbkdf2_hmac`; a test
    /// checks it). A real server hashes at sign-up, not at start-up; shipping
    /// the table also keeps 20,000 HMAC rounds off the page's first paint.
    pub stored_hash: &'static str,
}

/// The accounts every story starts with.
pub const DEMO_USERS: [DemoUser; 2] = [
    DemoUser {
        email: "alice@example.com",
        password: "wonderland",
        name: "Alice",
        role: "user",
        stored_hash:
            "pbkdf2-sha256$10000$9iLWcWgrYmS5Lo1bDcuZFA$p4jhPi3cXoxoKQ5tyYepvCrwCBD8D-HrrGmnUPvaTz4",
    },
    DemoUser {
        email: "bob@example.com",
        password: "builder",
        name: "Bob",
        role: "admin",
        stored_hash:
            "pbkdf2-sha256$10000$KskW-_D2uGadiSOAyYF2RQ$QcCe1XcrAOZjIRzZ79zeRW4wWkdsGRINs36Oc12wbwY",
    },
];

/// How a world starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorldConfig {
    pub mode: Mode,
    /// Number of servers, 1 to 5 (clamped).
    pub servers: usize,
    /// Seconds since the epoch at the start of every story.
    pub start_time: i64,
    /// PBKDF2 iterations for the stored password hashes. The default (10,000)
    /// stays quick in the page; real servers use far more (OWASP: 600,000) or
    /// Argon2id. Tests use fewer to run fast.
    pub pbkdf2_iterations: u32,
    pub lb_policy: LbPolicy,
    pub shared_store: bool,
    pub token_storage: TokenStorage,
    /// Algorithm and lifetimes of tokens and sessions.
    pub settings: ServerSettings,
    /// Shared secret (HS256) or key pair (ES256, only the issuer signs).
    pub key_mode: KeyMode,
    /// Access token only, or access + rotating refresh token.
    pub token_scheme: TokenScheme,
    /// Seconds a server may use its copy of the deny-list.
    pub deny_delay: i64,
}

impl Default for WorldConfig {
    fn default() -> Self {
        WorldConfig {
            mode: Mode::Jwt,
            servers: 1,
            start_time: DEFAULT_START_TIME,
            pbkdf2_iterations: DEFAULT_ITERATIONS,
            lb_policy: LbPolicy::RoundRobin,
            shared_store: false,
            token_storage: TokenStorage::Memory,
            settings: ServerSettings::default(),
            key_mode: KeyMode::SharedSecret,
            token_scheme: TokenScheme::AccessOnly,
            deny_delay: DEFAULT_DENY_DELAY,
        }
    }
}

/// Who sent a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sender {
    /// The page, through the browser: cookies and the stored token go along
    /// by themselves, and the response's cookies are kept.
    Page,
    /// A raw request (think `curl` on another machine, or an attacker with a
    /// copied token): exactly what was written, and the browser is untouched.
    Raw,
    /// A server asking the issuer for its public keys (key-pair mode), or
    /// fetching the key set a token's `jku` names.
    Server(usize),
    /// The attacker's own machine, with what it stole (issue 12).
    Attacker,
    /// The victim's browser, on `evil.example`'s page: a cross-site request
    /// (cookies go along only as their `SameSite` allows).
    CrossSite,
    /// A script injected into the app's page, sending what it read to `evil.example`.
    InjectedScript,
}

impl Sender {
    /// The stable name (`data-sender` in the view).
    pub fn as_str(self) -> &'static str {
        match self {
            Sender::Page => "page",
            Sender::Raw => "raw",
            Sender::Server(_) => "server",
            Sender::Attacker => "attacker",
            Sender::CrossSite => "cross-site",
            Sender::InjectedScript => "injected-script",
        }
    }
}

/// One request and its response, as the network log shows them: header
/// values, bodies and paths over [`MAX_LOGGED_BYTES`] are shortened (see
/// [`shorten_for_log`]). The server answered, and the trace was made from, the
/// full request.
#[derive(Debug, Clone, PartialEq)]
pub struct Exchange {
    /// 1, 2, 3... since the story started.
    pub seq: u64,
    /// The simulated time it happened.
    pub at: i64,
    pub sender: Sender,
    pub request: Request,
    pub response: Response,
    /// The server that answered (`None`: the balancer answered, all down).
    pub server_id: Option<usize>,
    pub routing: Routing,
    pub trace: Trace,
    /// What the answering server fetched while it handled this request (the
    /// issuer's key set it had no copy of, a `jku` URL it trusted): each its
    /// own exchange in the log, numbered before this one because it was
    /// answered first, and drawn inside this one's row.
    pub fetched: Vec<Fetched>,
}

/// A request a server made while it handled another one.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetched {
    /// Its own number in the log.
    pub seq: u64,
    /// The server that asked.
    pub by: usize,
    /// The server that answered (the issuer), or `None` for another site.
    pub answered_by: Option<usize>,
    /// "GET /.well-known/jwks.json"
    pub line: String,
    /// The host it went to, as the request named it (another site), or "".
    pub host: String,
    pub status: u16,
    pub reason: &'static str,
}

impl Exchange {
    pub fn status(&self) -> u16 {
        self.response.status
    }
}

/// Memory a server (or the shared store) holds for logged-in users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Memory {
    pub entries: usize,
    pub bytes: usize,
}

impl Memory {
    pub(super) fn of(store: &SessionStore) -> Memory {
        Memory {
            entries: store.len(),
            bytes: store.approx_bytes(),
        }
    }
}

/// The simulation. `Send + Sync + 'static`, so it can live in a signal.
pub struct World {
    config: WorldConfig,
    mode: Mode,
    clock: Clock,
    browser: Browser,
    cluster: Cluster,
    log: Vec<Exchange>,
    next_seq: u64,
    story: Vec<Action>,
    story_start: StoryStart,
    /// Everything done since the world was made (or the journal cleared),
    /// resets and mode switches included: replayed on the same start, it
    /// builds this world again ([`super::journal`]).
    journal: Vec<Event>,
    /// Past [`MAX_JOURNAL`] events the journal stops and says so.
    journal_full: bool,
    /// While the story is played again in the other mode, its actions are
    /// not journaled a second time.
    replaying: bool,
    /// Where its random bytes come from. Passed down as `&mut self.entropy`:
    /// the box is itself a `RngCore` (rand_core implements it for boxes), so
    /// it reaches the servers as `&mut dyn RngCore`.
    entropy: Box<dyn WorldRng>,
    /// What the thief took: the refresh token, and the access token it got with it.
    loot: Loot,
    /// The `jti` of every token the page was given, resets and mode
    /// switches included: how [`World::made_here`] knows its own tokens.
    issued_jtis: Vec<String>,
    /// The newest tokens of the playground's own the page held (issued, or
    /// made from one and still its own), at most [`MAX_OWN_TOKENS`]: how
    /// [`World::token_origin`] tells an edit of one from a pasted token.
    own_tokens: Vec<String>,
    /// Set when the story was played again in the other mode, until a new
    /// story starts: the exchanges up to this one were sent by the replay.
    replayed: Option<Replayed>,
    /// What the student has seen happen, for the comparison table ([`seen`]).
    seen: BTreeSet<Seen>,
}

/// The story so far was played again in another mode ([`World::replay_in_mode`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replayed {
    /// The mode it was played in.
    pub mode: Mode,
    /// The last exchange the replay sent (`seq`); later ones are new clicks.
    pub up_to: u64,
}

/// What a thief holds: issue 13's `steal-refresh` / `replay-refresh`, and
/// what an injected script read from the page (issue 12).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loot {
    pub refresh: Option<String>,
    pub access: Option<String>,
    /// Read by the injected script, newest last (one entry per name and place).
    pub stolen: Vec<Stolen>,
    /// The user opened the page with the comment: whether its script ran.
    pub script_ran: Option<bool>,
}

impl Loot {
    /// The credential the attacker would send: the newest one a script
    /// stole, else an access token got with a stolen refresh token.
    pub fn credential(&self) -> Option<Credential> {
        self.stolen
            .iter()
            .rev()
            .find_map(Stolen::credential)
            .or_else(|| self.access.clone().map(Credential::Token))
    }

    pub fn is_empty(&self) -> bool {
        self.refresh.is_none() && self.access.is_none() && self.stolen.is_empty()
    }
}

impl fmt::Debug for World {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("World")
            .field("mode", &self.mode)
            .field("clock", &self.clock)
            .field("browser", &self.browser)
            .field("cluster", &self.cluster)
            .field("log", &self.log.len())
            .field("story", &self.story.len())
            .finish_non_exhaustive()
    }
}

impl World {
    /// Build a world: a fresh random secret shared by the cluster, and the demo
    /// users with salted hashes. Fails only if no randomness is available.
    ///
    /// At the default iteration count the demo users' stored hashes are used
    /// as shipped (no hashing at start-up); with another count (tests) they
    /// are hashed afresh with random salts.
    pub fn new(config: WorldConfig, mut entropy: Box<dyn WorldRng>) -> Result<World, EntropyError> {
        let iterations = config.pbkdf2_iterations.max(1);
        // 32 random bytes as base64url: 43 printable characters, used as UTF-8 key.
        let secret = random_b64url(&mut entropy, 32)?;
        let mut hash = |demo: &DemoUser| -> Result<PasswordHash, EntropyError> {
            if iterations == DEFAULT_ITERATIONS {
                if let Some(stored) = PasswordHash::parse(demo.stored_hash) {
                    return Ok(stored);
                }
            }
            let mut salt = [0u8; SALT_LEN];
            fill(&mut entropy, &mut salt)?;
            Ok(PasswordHash::new(demo.password, &salt, iterations))
        };
        let mut users = Vec::with_capacity(DEMO_USERS.len());
        for demo in DEMO_USERS {
            users.push(User {
                email: demo.email.to_string(),
                name: demo.name.to_string(),
                role: demo.role.to_string(),
                password: hash(&demo)?,
            });
        }
        // The dummy only has to cost a full verification; its stored bytes are
        // random (no password hashes to them), so building it costs nothing.
        let dummy_hash = {
            let mut salt = vec![0u8; SALT_LEN];
            let mut hash = vec![0u8; HASH_LEN];
            fill(&mut entropy, &mut salt)?;
            fill(&mut entropy, &mut hash)?;
            PasswordHash {
                iterations,
                salt,
                hash,
            }
        };
        let template = ServerTemplate {
            secret,
            users,
            dummy_hash,
            settings: config.settings,
        };
        let issuer = Issuer::new(&mut entropy)?;
        let cluster = Cluster::new(
            template,
            config.servers,
            config.lb_policy,
            config.shared_store,
            (config.key_mode, issuer.clone()),
        );
        let mut cluster = cluster;
        *cluster.lifecycle_mut() = Lifecycle::new(config.token_scheme, config.deny_delay);
        let cluster_size = cluster.servers().len();
        Ok(World {
            config,
            mode: config.mode,
            clock: Clock::new(config.start_time),
            browser: Browser::new(config.token_storage),
            cluster,
            log: Vec::new(),
            next_seq: 1,
            story: Vec::new(),
            story_start: StoryStart {
                servers: cluster_size,
                policy: config.lb_policy,
                shared: config.shared_store,
                storage: config.token_storage,
                key_mode: config.key_mode,
                issuer,
                token_scheme: config.token_scheme,
                deny_delay: config.deny_delay,
                weaknesses: Vec::new(),
            },
            journal: Vec::new(),
            journal_full: false,
            replaying: false,
            entropy,
            loot: Loot::default(),
            issued_jtis: Vec::new(),
            own_tokens: Vec::new(),
            replayed: None,
            seen: BTreeSet::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync + 'static>() {}

    #[test]
    fn world_can_live_in_a_signal() {
        assert_send_sync::<World>();
    }
}
