//! The whole simulated world: a browser, the network log, a load balancer,
//! one to five servers and a clock. The view holds one `World` and calls its
//! actions; everything is deterministic given the entropy source and the
//! start time.

use super::attacker::{
    jku_of, read_by_script, split_url, Credential, Stolen, ATTACKER_HOST, ATTACKER_JWKS_URL,
    COLLECT_PATH, CSRF_NAME,
};
use super::browser::{Browser, CookieError, Initiator, ScriptView, TokenStorage};
use super::clock::Clock;
use super::cluster::{Cluster, LbPolicy, Routing, MAX_SERVERS};
use super::http::HOST;
use super::http::{Method, Request, Response};
use super::journal::{Event, TokenOrigin, NOT_KEPT, NOT_KEPT_EDITED};
use super::keys::{Issuer, KeyMode, ISSUER_ID, JWKS_PATH};
use super::lifecycle::{
    Lifecycle, Seen, TokenScheme, DEFAULT_DENY_DELAY, LOGOUT_EVERYWHERE_PATH, REFRESH_COOKIE,
    REFRESH_PATH, REFRESH_REVOKE_PATH, REVOKE_PATH,
};
use super::mode::Mode;
use super::password::{PasswordHash, DEFAULT_ITERATIONS, HASH_LEN, SALT_LEN};
use super::rng::{random_b64url, Entropy, EntropyError};
use super::server::protected::find_token;
use super::server::{Server, ServerSettings, ServerTemplate, User, RENAME_PATH};
use super::session::SessionStore;
use super::trace::{CheckStep, Trace};
use super::weakness::Weakness;
use crate::jwt::display::thousands;
use crate::jwt::{Algorithm, Json};
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
    fn of(store: &SessionStore) -> Memory {
        Memory {
            entries: store.len(),
            bytes: store.approx_bytes(),
        }
    }
}

/// Something the user did. The story of a session is a list of these, so it
/// can be played again in the other mode ([`World::replay_in_mode`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Action {
    Login {
        email: String,
        password: String,
    },
    PageRequest {
        method: Method,
        path: String,
        body: Option<String>,
    },
    Logout,
    /// A raw request (not from the page).
    Send(Request),
    AdvanceClock(i64),
    AddServer,
    RemoveServer,
    Crash(usize),
    Restart(usize),
    SetLbPolicy(LbPolicy),
    SetSharedStore(bool),
    SetTokenStorage(TokenStorage),
    SetTokenText(String),
    EditCookie {
        name: String,
        value: String,
    },
    ReloadPage,
    SetKeyMode(KeyMode),
    /// The issuer adds a new key and signs with it from now on.
    RotateKey,
    /// The issuer stops publishing every key but the newest.
    RemoveOldKey,
    SetTokenScheme(TokenScheme),
    /// Seconds a server may use its copy of the deny-list.
    SetDenyDelay(i64),
    /// The page spends its refresh token for a new pair.
    RefreshNow,
    /// A thief copies the refresh cookie (malware on the laptop, a synced backup).
    StealRefresh,
    /// The thief spends the stolen refresh token from another machine.
    ReplayRefresh,
    /// The page asks the server to deny-list its current access token.
    RevokeToken,
    /// The page asks the server to end every credential of the user.
    LogoutEverywhere,
    /// The attack lab: switch one server weakness on or off.
    SetWeakness(Weakness, bool),
    /// The user opens the page with a visitor's comment in it; with `xss`
    /// on, the script hidden in the comment runs and sends what it reads
    /// to `evil.example`.
    OpenCommentsPage,
    /// The user visits `evil.example`, whose page posts to
    /// `/api/profile/name` on the app (CSRF).
    VisitAttackerSite,
    /// The attacker sends `GET path` from its own machine with the newest
    /// credential it stole (or none).
    AttackerSend(String),
}

/// Whether `new` replaces `last` in a story: a run of edits of the token
/// or of one cookie is kept as its last one.
fn coalesces(last: &Action, new: &Action) -> bool {
    match (last, new) {
        (Action::SetTokenText(_), Action::SetTokenText(_)) => true,
        (Action::EditCookie { name: a, .. }, Action::EditCookie { name: b, .. }) => a == b,
        _ => false,
    }
}

/// The settings a story starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
struct StoryStart {
    servers: usize,
    policy: LbPolicy,
    shared: bool,
    storage: TokenStorage,
    key_mode: KeyMode,
    issuer: Issuer,
    token_scheme: TokenScheme,
    deny_delay: i64,
    weaknesses: Vec<Weakness>,
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
    entropy: Box<dyn Entropy>,
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

/// `text` as the network log keeps it: whole up to [`MAX_LOGGED_BYTES`], else
/// the first and last halves of that around a marker with the full size,
/// e.g. `aaaa…[1,048,576 bytes; the log keeps the first and last 8,192]…aaaa`.
/// Never splits a character. `None` when it is kept whole.
pub fn shorten_for_log(text: &str) -> Option<String> {
    if text.len() <= MAX_LOGGED_BYTES {
        return None;
    }
    let half = MAX_LOGGED_BYTES / 2;
    let mut head_end = half;
    while !text.is_char_boundary(head_end) {
        head_end -= 1;
    }
    let mut tail_start = text.len() - half;
    while !text.is_char_boundary(tail_start) {
        tail_start += 1;
    }
    Some(format!(
        "{}…[{} bytes; the log keeps the first and last {}]…{}",
        text.get(..head_end).unwrap_or_default(),
        thousands(text.len()),
        thousands(half),
        text.get(tail_start..).unwrap_or_default()
    ))
}

/// The copy of a request the log keeps.
fn request_for_log(request: &Request) -> Request {
    let keep = |text: &str| shorten_for_log(text).unwrap_or_else(|| text.to_string());
    Request {
        method: request.method.clone(),
        path: keep(&request.path),
        headers: request
            .headers
            .iter()
            .map(|(name, value)| (name.clone(), keep(value)))
            .collect(),
        body: request.body.as_deref().map(keep),
    }
}

/// The copy of a response the log keeps.
fn response_for_log(response: &Response) -> Response {
    let keep = |text: &str| shorten_for_log(text).unwrap_or_else(|| text.to_string());
    Response {
        status: response.status,
        headers: response
            .headers
            .iter()
            .map(|(name, value)| (name.clone(), keep(value)))
            .collect(),
        body: keep(&response.body),
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
    pub fn new(config: WorldConfig, mut entropy: Box<dyn Entropy>) -> Result<World, EntropyError> {
        let iterations = config.pbkdf2_iterations.max(1);
        // 32 random bytes as base64url: 43 printable characters, used as UTF-8 key.
        let secret = random_b64url(entropy.as_mut(), 32)?;
        let mut hash = |demo: &DemoUser| -> Result<PasswordHash, EntropyError> {
            if iterations == DEFAULT_ITERATIONS {
                if let Some(stored) = PasswordHash::parse(demo.stored_hash) {
                    return Ok(stored);
                }
            }
            let mut salt = [0u8; SALT_LEN];
            entropy.fill(&mut salt)?;
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
            entropy.fill(&mut salt)?;
            entropy.fill(&mut hash)?;
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
        let issuer = Issuer::new(entropy.as_mut())?;
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
        })
    }

    // ----- actions -------------------------------------------------------
    // Each public action is recorded in the story (so it can be replayed in
    // the other mode), then performed.

    /// The page posts `{"email", "password"}` to `/user/login`; on success in
    /// JWT mode the page keeps the token where its storage setting says.
    pub fn login(&mut self, email: &str, password: &str) -> Exchange {
        self.record(Action::Login {
            email: email.to_string(),
            password: password.to_string(),
        });
        self.do_login(email, password)
    }

    /// The page sends `GET path` with whatever the browser holds.
    pub fn get(&mut self, path: &str) -> Exchange {
        self.page_request(Method::Get, path, None)
    }

    /// The page logs out: it posts to `/user/logout` and drops its token.
    pub fn logout(&mut self) -> Exchange {
        self.record(Action::Logout);
        self.do_logout()
    }

    /// Any request from the page (`fetch(path, {method, body})`).
    pub fn page_request(&mut self, method: Method, path: &str, body: Option<String>) -> Exchange {
        self.record(Action::PageRequest {
            method: method.clone(),
            path: path.to_string(),
            body: body.clone(),
        });
        self.do_page_request(method, path, body)
    }

    /// A raw request, sent exactly as written; the browser is neither used nor changed.
    pub fn send(&mut self, request: Request) -> Exchange {
        self.record(Action::Send(request.clone()));
        self.dispatch(request, Sender::Raw)
    }

    /// Move the clock; cookies past their `Max-Age` leave the jar.
    pub fn advance_clock(&mut self, secs: i64) {
        self.perform(Action::AdvanceClock(secs));
    }

    /// Add a server (up to 5). Returns its id.
    pub fn add_server(&mut self) -> Option<usize> {
        self.record(Action::AddServer);
        self.cluster.add_server()
    }

    /// Remove the last server (at least one stays). Returns its id.
    pub fn remove_server(&mut self) -> Option<usize> {
        self.record(Action::RemoveServer);
        self.cluster.remove_server()
    }

    /// Crash a server: it stops answering and its memory is lost.
    pub fn crash(&mut self, id: usize) -> bool {
        self.record(Action::Crash(id));
        self.cluster.crash(id)
    }

    /// Restart a server: it answers again, with empty memory.
    pub fn restart(&mut self, id: usize) -> bool {
        self.record(Action::Restart(id));
        self.cluster.restart(id)
    }

    pub fn set_lb_policy(&mut self, policy: LbPolicy) {
        self.perform(Action::SetLbPolicy(policy));
    }

    pub fn set_shared_store(&mut self, on: bool) {
        self.perform(Action::SetSharedStore(on));
    }

    /// Where the page keeps its JWT; a held token moves along.
    pub fn set_token_storage(&mut self, storage: TokenStorage) {
        self.perform(Action::SetTokenStorage(storage));
    }

    /// The user edits the token the page holds (exact text; empty = none).
    /// A text over [`super::browser::MAX_PAGE_TOKEN_BYTES`] is refused: the
    /// page keeps its token, [`World::last_refusal`] says why, and nothing
    /// is journaled (nothing changed).
    pub fn set_token_text(&mut self, text: impl Into<String>) {
        let text = text.into();
        if text.len() > super::browser::MAX_PAGE_TOKEN_BYTES {
            self.browser
                .refuse(CookieError::PageTokenTooLarge { bytes: text.len() });
            return;
        }
        self.perform(Action::SetTokenText(text));
    }

    /// The user edits a cookie's value in the jar. False if there is no such
    /// cookie, or if the value would make the cookie larger than a browser
    /// keeps (`browser::MAX_COOKIE_BYTES`, 4096 bytes of name and value): the
    /// cookie then keeps its value and [`World::last_refusal`] says why.
    pub fn edit_cookie(&mut self, name: &str, value: impl Into<String>) -> bool {
        let value = value.into();
        self.record(Action::EditCookie {
            name: name.to_string(),
            value: value.clone(),
        });
        self.browser.edit_cookie(name, value)
    }

    /// Reload the page: a token kept in memory is lost.
    pub fn reload_page(&mut self) {
        self.perform(Action::ReloadPage);
    }

    /// Shared secret or key pair. Tokens issued under the other one are
    /// refused from now on (the algorithm is pinned: HS256 or ES256).
    pub fn set_key_mode(&mut self, mode: KeyMode) {
        self.perform(Action::SetKeyMode(mode));
    }

    /// The issuer adds a new key (next kid) and signs new tokens with it;
    /// both keys stay published, so earlier tokens keep working.
    pub fn rotate_key(&mut self) {
        self.perform(Action::RotateKey);
    }

    /// The issuer stops publishing its old keys. Servers whose copy of the
    /// key set still has them accept old tokens until the copy expires
    /// ([`crate::sim::keys::JWKS_MAX_AGE`]) and they fetch again.
    pub fn remove_old_key(&mut self) {
        self.perform(Action::RemoveOldKey);
    }

    /// Access token only, or access + refresh token (from the next login on).
    pub fn set_token_scheme(&mut self, scheme: TokenScheme) {
        self.perform(Action::SetTokenScheme(scheme));
    }

    /// Seconds a server may use its copy of the deny-list (0: look it up on every request).
    pub fn set_deny_delay(&mut self, secs: i64) {
        self.perform(Action::SetDenyDelay(secs));
    }

    /// The page spends its refresh token: `POST /auth/refresh`.
    pub fn refresh_now(&mut self) -> Exchange {
        self.record(Action::RefreshNow);
        self.do_refresh()
    }

    /// A thief copies the browser's refresh cookie. False when there is none.
    pub fn steal_refresh(&mut self) -> bool {
        self.perform(Action::StealRefresh);
        self.loot.refresh.is_some()
    }

    /// The thief spends the stolen refresh token from its own machine.
    pub fn replay_refresh(&mut self) -> Option<Exchange> {
        self.perform(Action::ReplayRefresh)
    }

    /// The page asks the server to deny-list its access token: `POST /auth/revoke`.
    pub fn revoke_token(&mut self) -> Exchange {
        self.record(Action::RevokeToken);
        self.do_page_request(Method::Post, REVOKE_PATH, None)
    }

    /// `POST /user/logout-everywhere`, then the page forgets its token.
    pub fn logout_everywhere(&mut self) -> Exchange {
        self.record(Action::LogoutEverywhere);
        self.do_logout_everywhere()
    }

    /// The attack lab: switch one of the servers' weaknesses on or off.
    pub fn set_weakness(&mut self, weakness: Weakness, on: bool) {
        self.perform(Action::SetWeakness(weakness, on));
    }

    /// The weaknesses switched on.
    /// The user opens the comments page. With `xss` on, the comment's script
    /// runs and posts what it reads to `evil.example` (that exchange is
    /// returned); with it off the comment shows as text and nothing is sent.
    pub fn open_comments_page(&mut self) -> Option<Exchange> {
        self.perform(Action::OpenCommentsPage)
    }

    /// The user visits `evil.example`, whose page posts to the app (CSRF).
    pub fn visit_attacker_site(&mut self) -> Exchange {
        self.record(Action::VisitAttackerSite);
        self.do_cross_site()
    }

    /// The attacker sends `GET path` from its own machine with what it stole.
    pub fn attacker_send(&mut self, path: &str) -> Option<Exchange> {
        self.perform(Action::AttackerSend(path.to_string()))
    }

    pub fn weaknesses(&self) -> Vec<Weakness> {
        self.cluster.weaknesses().iter().copied().collect()
    }

    /// What the thief holds.
    pub fn loot(&self) -> &Loot {
        &self.loot
    }

    /// The token lifecycle state (refresh families, deny-list, versions, what was seen).
    pub fn lifecycle(&self) -> &Lifecycle {
        self.cluster.lifecycle()
    }

    /// Record and perform any action; requests return their exchange.
    pub fn apply(&mut self, action: Action) -> Option<Exchange> {
        self.perform(action)
    }

    /// Switch JWT / cookie session and start over from the beginning, keeping
    /// the current cluster and storage settings (the story so far is dropped).
    pub fn set_mode(&mut self, mode: Mode) {
        self.note(Event::SetMode(mode));
        self.mode = mode;
        self.start_again();
    }

    /// Switch JWT / cookie session and play the story so far again from its
    /// start (same settings, same clicks, same clock moves) in `mode`. Ids,
    /// tokens and the secret's use differ only where randomness is involved.
    pub fn replay_in_mode(&mut self, mode: Mode) {
        self.note(Event::ReplayInMode(mode));
        let story = std::mem::take(&mut self.story);
        self.mode = mode;
        self.restore_start();
        self.replaying = true;
        // The same clicks again: each password check's answer is known.
        super::password::with_replay_memo(|| {
            for action in story {
                self.perform(action);
            }
        });
        self.replaying = false;
        self.replayed = Some(Replayed {
            mode,
            up_to: self.next_seq.saturating_sub(1),
        });
    }

    /// Whether the story so far was played again in the other mode, and
    /// which exchanges the replay sent (the page says so: the login form is
    /// empty, yet the log starts with a login).
    pub fn replayed(&self) -> Option<Replayed> {
        self.replayed
    }

    /// Back to the starting point: clock at the start time, empty browser,
    /// empty log, all servers up with empty memory. The mode, the number of
    /// servers, the balancer and storage settings, the secret and the user
    /// table stay. A new story starts from here.
    pub fn reset(&mut self) {
        self.note(Event::Reset);
        self.start_again();
    }

    /// Everything done since the world was made or the journal was cleared;
    /// `None` once it grew past [`MAX_JOURNAL`] events.
    pub fn journal(&self) -> Option<&[Event]> {
        (!self.journal_full).then_some(self.journal.as_slice())
    }

    /// Start the journal afresh: what is there now becomes the start that
    /// later events replay on (a guide's set-up is its start, not its story).
    pub fn clear_journal(&mut self) {
        self.journal.clear();
        self.journal_full = false;
    }

    /// Every random byte the world has drawn, when its entropy keeps them
    /// ([`super::rng::TapeEntropy`]): with the same start and journal it
    /// rebuilds the same secret, keys and ids.
    pub fn entropy_tape(&self) -> Option<&[u8]> {
        self.entropy.tape()
    }

    /// Do again what a journal says, in order (its events journal again).
    pub fn replay_journal(&mut self, events: impl IntoIterator<Item = Event>) {
        for event in events {
            match event {
                Event::Act(action) => {
                    self.perform(action);
                }
                Event::Reset => self.reset(),
                Event::SetMode(mode) => self.set_mode(mode),
                Event::ReplayInMode(mode) => self.replay_in_mode(mode),
            }
        }
    }

    fn note(&mut self, event: Event) {
        if self.replaying || self.journal_full {
            return;
        }
        if let (Some(Event::Act(last)), Event::Act(new)) = (self.journal.last_mut(), &event) {
            if coalesces(last, new) {
                *last = new.clone();
                return;
            }
        }
        if self.journal.len() < MAX_JOURNAL {
            self.journal.push(event);
        } else {
            self.journal_full = true;
        }
    }

    fn start_again(&mut self) {
        self.story_start = StoryStart {
            servers: self.cluster.servers().len(),
            policy: self.cluster.policy(),
            shared: self.cluster.uses_shared_store(),
            storage: self.browser.storage(),
            key_mode: self.cluster.key_mode(),
            issuer: self.cluster.issuer().clone(),
            token_scheme: self.cluster.lifecycle().scheme,
            deny_delay: self.cluster.lifecycle().deny_delay,
            weaknesses: self.cluster.weaknesses().iter().copied().collect(),
        };
        self.restore_start();
    }

    /// What was done since the story started, in order.
    pub fn story(&self) -> &[Action] {
        &self.story
    }

    fn restore_start(&mut self) {
        let start = self.story_start.clone();
        let seen = self.cluster.lifecycle().seen().clone();
        self.cluster = Cluster::new(
            self.cluster.template().clone(),
            start.servers,
            start.policy,
            start.shared,
            (start.key_mode, start.issuer),
        );
        // The lifecycle state starts empty; what the student has seen stays
        // (it fills the comparison table).
        let mut life = Lifecycle::new(start.token_scheme, start.deny_delay);
        for fact in seen {
            life.see(fact);
        }
        *self.cluster.lifecycle_mut() = life;
        for weakness in &start.weaknesses {
            self.cluster.set_weakness(*weakness, true);
        }
        self.loot = Loot::default();
        self.browser = Browser::new(start.storage);
        self.clock = Clock::new(self.config.start_time);
        self.log.clear();
        self.story.clear();
        self.next_seq = 1;
        self.replayed = None;
    }

    /// Add an action to the story. Each keystroke in the token or a cookie
    /// is an action, so a run of edits of the same thing is kept as its last
    /// one: replaying it gives the same world, and the story stays small.
    fn record(&mut self, action: Action) {
        // The refusal shown is the one of the action being done now.
        self.browser.clear_refusal();
        self.note(Event::Act(action.clone()));
        let replaces_last = self
            .story
            .last()
            .is_some_and(|last| coalesces(last, &action));
        if replaces_last {
            if let Some(last) = self.story.last_mut() {
                *last = action;
            }
        } else if self.story.len() < MAX_STORY {
            self.story.push(action);
        }
    }

    fn perform(&mut self, action: Action) -> Option<Exchange> {
        self.record(action.clone());
        match action {
            Action::Login { email, password } => return Some(self.do_login(&email, &password)),
            Action::PageRequest { method, path, body } => {
                return Some(self.do_page_request(method, &path, body))
            }
            Action::Logout => return Some(self.do_logout()),
            Action::Send(request) => return Some(self.dispatch(request, Sender::Raw)),
            Action::AdvanceClock(secs) => {
                self.clock.advance(secs);
                self.browser.jar.purge_expired(self.clock.now);
            }
            Action::AddServer => {
                self.cluster.add_server();
            }
            Action::RemoveServer => {
                self.cluster.remove_server();
            }
            Action::Crash(id) => {
                self.cluster.crash(id);
            }
            Action::Restart(id) => {
                self.cluster.restart(id);
            }
            Action::SetLbPolicy(policy) => self.cluster.set_policy(policy),
            Action::SetSharedStore(on) => self.cluster.set_shared_store(on),
            Action::SetTokenStorage(storage) => self.browser.set_storage(storage, self.clock.now),
            // In session mode the page keeps no token: there is nothing to edit.
            Action::SetTokenText(text) => {
                if self.mode == Mode::Jwt {
                    if self.made_here(&text) {
                        self.note_own_token(&text);
                    }
                    self.browser.set_token_text(text, self.clock.now);
                }
            }
            Action::EditCookie { name, value } => {
                self.browser.edit_cookie(&name, value);
            }
            Action::ReloadPage => self.browser.reload(),
            Action::SetKeyMode(mode) => self.cluster.set_key_mode(mode),
            Action::RotateKey => {
                // Without randomness there is no new key; the old one keeps signing.
                let _ = self.cluster.rotate_key(self.entropy.as_mut());
            }
            Action::RemoveOldKey => {
                self.cluster.remove_old_keys();
            }
            Action::SetTokenScheme(scheme) => self.cluster.lifecycle_mut().scheme = scheme,
            Action::SetDenyDelay(secs) => {
                self.cluster.lifecycle_mut().deny_delay = secs.clamp(0, 3600);
            }
            Action::RefreshNow => return Some(self.do_refresh()),
            Action::StealRefresh => {
                if let Some(cookie) = self.browser.jar.get(REFRESH_COOKIE) {
                    self.loot.refresh = Some(cookie.value.clone());
                }
            }
            Action::ReplayRefresh => {
                let stolen = self.loot.refresh.clone()?;
                let request = Request::new(Method::Post, REFRESH_PATH)
                    .with_header("Host", "app.example")
                    .with_header("Cookie", format!("{REFRESH_COOKIE}={stolen}"));
                let exchange = self.dispatch(request, Sender::Raw);
                if exchange.status() == 200 {
                    self.loot.access = exchange.response.body_string("token");
                    self.loot.refresh = exchange
                        .response
                        .set_cookies()
                        .into_iter()
                        .find(|c| c.name == REFRESH_COOKIE)
                        .map(|c| c.value);
                }
                return Some(exchange);
            }
            Action::RevokeToken => {
                return Some(self.do_page_request(Method::Post, REVOKE_PATH, None))
            }
            Action::LogoutEverywhere => return Some(self.do_logout_everywhere()),
            Action::SetWeakness(weakness, on) => self.cluster.set_weakness(weakness, on),
            Action::OpenCommentsPage => return self.do_comments_page(),
            Action::VisitAttackerSite => return Some(self.do_cross_site()),
            Action::AttackerSend(path) => {
                let request = match self.loot.credential() {
                    Some(credential) => credential.request(&path),
                    None => {
                        Request::get(path).with_header("User-Agent", "curl/8.5.0 (evil.example)")
                    }
                };
                return Some(self.dispatch(request, Sender::Attacker));
            }
        }
        None
    }

    /// The comments page: a visitor's comment shown escaped (nothing runs),
    /// or with `xss` on, as HTML, so its script reads `document.cookie` and
    /// `localStorage` and posts them to `evil.example`.
    fn do_comments_page(&mut self) -> Option<Exchange> {
        let runs = self.cluster.weaknesses().contains(&Weakness::Xss);
        self.loot.script_ran = Some(runs);
        if !runs {
            return None;
        }
        let view = self.browser.script_view(self.clock.now);
        let read = read_by_script(&view.document_cookie, &view.local_storage);
        let body = Json::object([
            ("cookie", Json::string(view.document_cookie.clone())),
            (
                "storage",
                Json::object(
                    view.local_storage
                        .iter()
                        .map(|(k, v)| (k.clone(), Json::string(v.clone()))),
                ),
            ),
        ])
        .to_compact();
        let request = Request::new(Method::Post, COLLECT_PATH)
            .with_header("Host", ATTACKER_HOST)
            .with_header("Origin", format!("https://{HOST}"))
            .with_header("Content-Type", "text/plain;charset=UTF-8")
            .with_header("Content-Length", body.len().to_string());
        let request = Request {
            body: Some(body),
            ..request
        };
        let detail = if read.is_empty() {
            "nothing: no cookie without HttpOnly, and localStorage is empty. A token in a page variable is out of the script's reach (though it could still send requests from the page).".to_string()
        } else {
            read.iter()
                .map(|s| format!("{} from {}", s.name, s.from))
                .collect::<Vec<_>>()
                .join(", ")
        };
        for item in read {
            self.loot
                .stolen
                .retain(|s| !(s.name == item.name && s.from == item.from));
            self.loot.stolen.push(item);
        }
        let response = Response::json(200, &Json::object([("stored", Json::Bool(true))]));
        let step = CheckStep::pass("collect", "evil.example keeps what the script sent", detail);
        Some(self.log_elsewhere(
            Sender::InjectedScript,
            request,
            response,
            "The script hidden in the comment runs in the app's page and posts what it can read to evil.example.".to_string(),
            step,
        ))
    }

    /// The user's browser on `evil.example`: its page posts
    /// `{"name": ...}` as `text/plain` to the app (no CORS preflight). The
    /// browser adds the app's cookies only as their `SameSite` allows, and
    /// never a bearer token: the other site's script cannot read it.
    fn do_cross_site(&mut self) -> Exchange {
        let now = self.clock.now;
        let body = Json::object([("name", Json::string(CSRF_NAME))]).to_compact();
        let mut request = Request::new(Method::Post, RENAME_PATH)
            .with_header("Host", HOST)
            .with_header("Origin", format!("https://{ATTACKER_HOST}"))
            .with_header("Content-Type", "text/plain;charset=UTF-8")
            .with_header("Content-Length", body.len().to_string());
        if let Some(cookies) = self.browser.jar.cookie_header(
            RENAME_PATH,
            now,
            Initiator::CrossSiteSubresource,
            &Method::Post,
        ) {
            request = request.with_header("Cookie", cookies);
        }
        request.body = Some(body);
        let exchange = self.dispatch(request, Sender::CrossSite);
        self.browser
            .jar
            .apply_response(&exchange.response, RENAME_PATH, now);
        exchange
    }

    /// Log an exchange another site answered (not the app's servers).
    fn log_elsewhere(
        &mut self,
        sender: Sender,
        request: Request,
        response: Response,
        note: String,
        step: CheckStep,
    ) -> Exchange {
        let exchange = Exchange {
            seq: self.next_seq,
            at: self.clock.now,
            sender,
            request: request_for_log(&request),
            response: response_for_log(&response),
            server_id: None,
            routing: Routing {
                server_id: None,
                note,
            },
            trace: Trace::Elsewhere {
                title: "evil.example: the attacker's site",
                steps: vec![step],
            },
        };
        self.next_seq = self.next_seq.saturating_add(1);
        if self.log.len() >= MAX_LOG {
            self.log.remove(0);
        }
        self.log.push(exchange.clone());
        exchange
    }

    /// With `trust-jku` on, a server checking a token whose header names a
    /// `jku` fetches that URL first: the log shows where it went.
    fn log_jku_fetch(&mut self, server_id: usize, token: &str) {
        let Some(url) = jku_of(token) else {
            return;
        };
        let Some((host, path)) = split_url(&url) else {
            return;
        };
        let own = format!("https://{HOST}{JWKS_PATH}");
        let set = if url == ATTACKER_JWKS_URL {
            Some(super::attacker::attacker_key_set())
        } else if url == own && self.cluster.key_mode() == KeyMode::KeyPair {
            Some(self.cluster.issuer().published())
        } else {
            None
        };
        let request = Request::new(Method::Get, path)
            .with_header("Host", host)
            .with_header("Accept", "application/jwk-set+json, application/json");
        let (response, step) = match set {
            Some(set) => (
                Response::json(200, &set.to_public_json()),
                CheckStep::pass(
                    "serve",
                    "Serve the key set at the address the token gave",
                    if url == ATTACKER_JWKS_URL {
                        "evil.example serves the attacker's own public key (kid evil-1): it checks whatever the attacker signs"
                    } else {
                        "the issuer's own key set"
                    },
                ),
            ),
            None => (
                Response::error(
                    404,
                    format!("Nothing answers at {url} in the simulated network."),
                ),
                CheckStep::fail(
                    "serve",
                    "Serve the key set at the address the token gave",
                    format!("nothing at {url}"),
                ),
            ),
        };
        self.log_elsewhere(
            Sender::Server(server_id),
            request,
            response,
            format!("Server {server_id} fetches the key set the token's jku names: {url}."),
            step,
        );
    }

    fn do_login(&mut self, email: &str, password: &str) -> Exchange {
        let body = Json::object([
            ("email", Json::string(email)),
            ("password", Json::string(password)),
        ])
        .to_compact();
        let exchange = self.do_page_request(Method::Post, "/user/login", Some(body));
        if exchange.status() == 200 {
            let token = exchange.response.body_string("token");
            if let Some(token) = token {
                self.note_issued(&token);
                self.browser.store_token(token, self.clock.now);
            }
        }
        exchange
    }

    fn do_logout(&mut self) -> Exchange {
        let mut exchange = self.do_page_request(Method::Post, "/user/logout", None);
        // With refresh tokens, the page also revokes its refresh family (the
        // cookie is only sent under /auth/refresh).
        if self.browser.jar.get(REFRESH_COOKIE).is_some() {
            exchange = self.do_page_request(Method::Post, REFRESH_REVOKE_PATH, None);
        }
        self.browser.forget_token();
        exchange
    }

    fn do_logout_everywhere(&mut self) -> Exchange {
        let exchange = self.do_page_request(Method::Post, LOGOUT_EVERYWHERE_PATH, None);
        if exchange.status() == 200 {
            self.browser.forget_token();
        }
        exchange
    }

    /// `POST /auth/refresh` from the page; a new access token is kept.
    fn do_refresh(&mut self) -> Exchange {
        let exchange = self.do_page_request(Method::Post, REFRESH_PATH, None);
        if exchange.status() == 200 {
            if let Some(token) = exchange.response.body_string("token") {
                self.note_issued(&token);
                self.browser.store_token(token, self.clock.now);
            }
        }
        exchange
    }

    /// Remember the `jti` of a token a server gave the page.
    fn note_issued(&mut self, token: &str) {
        if let Some(jti) = claim_text(token, "jti") {
            if !self.issued_jtis.contains(&jti) {
                self.issued_jtis.push(jti);
            }
        }
        self.note_own_token(token);
    }

    /// Whether `text` is a token of this playground: one its servers issued
    /// or one made from it (its `jti` is one they issued, or its `sub` is one
    /// of the demo accounts), as the claims editor, the attacker's workbench
    /// and a hand edit make. Anything else (a real token pasted in, garbage)
    /// is not the playground's own state: it stays in memory and is never
    /// written to the browser's storage or a share link ([`super::Saved::of`]).
    /// An empty text is no token, and counts as made here.
    pub fn made_here(&self, text: &str) -> bool {
        if text.is_empty() {
            return true;
        }
        // Decoded once for both claims: a pasted megabyte is read once per edit.
        let Some(claims) = token_claims(text) else {
            return false;
        };
        let claim = |name: &str| claims.get(name).and_then(Json::as_str);
        claim("jti").is_some_and(|jti| self.issued_jtis.iter().any(|j| j == jti))
            || claim("sub").is_some_and(|sub| self.users().iter().any(|u| u.email == sub))
    }

    /// Where `text`, the browser's token, came from (see
    /// [`super::journal::TokenOrigin`]): the playground's own, edited from
    /// one of its tokens until it no longer reads as its own, or from outside.
    pub fn token_origin(&self, text: &str) -> TokenOrigin {
        if text == NOT_KEPT {
            TokenOrigin::Dropped
        } else if text == NOT_KEPT_EDITED {
            TokenOrigin::DroppedEdited
        } else if self.made_here(text) {
            TokenOrigin::Own
        } else if self.own_tokens.iter().any(|own| edited_from(text, own)) {
            TokenOrigin::Edited
        } else {
            TokenOrigin::Outside
        }
    }

    /// Remember a token of the playground's own, to tell an edit of it from
    /// a token pasted in ([`World::token_origin`]).
    fn note_own_token(&mut self, token: &str) {
        if token.is_empty()
            || token.len() > MAX_OWN_TOKEN_BYTES
            || self.own_tokens.iter().any(|t| t == token)
        {
            return;
        }
        if self.own_tokens.len() >= MAX_OWN_TOKENS {
            self.own_tokens.remove(0);
        }
        self.own_tokens.push(token.to_string());
    }

    /// A value (a cookie's, say) that reads as a JWT, with a JSON payload,
    /// that was not made here: see [`World::made_here`].
    pub fn foreign_token(&self, value: &str) -> bool {
        let payload = value.split('.').nth(1).unwrap_or_default();
        let is_json = crate::jwt::base64url::decode(payload)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .is_some_and(|text| Json::parse(&text).is_ok());
        is_json && !self.made_here(value)
    }

    /// The page's `fetch()`. Its script adds `Authorization: Bearer` only in
    /// JWT mode and never to the login itself: a login carries credentials,
    /// not the old token (which may be garbage the user pasted, or too large
    /// for the server to read at all). In session mode the page holds no token.
    fn do_page_request(&mut self, method: Method, path: &str, body: Option<String>) -> Exchange {
        self.send_page(method, path, body, true)
    }

    fn send_page(
        &mut self,
        method: Method,
        path: &str,
        body: Option<String>,
        renew: bool,
    ) -> Exchange {
        let route = path.split(['?', '#']).next().unwrap_or_default();
        let is_login = route == "/user/login";
        let is_refresh = route.starts_with(REFRESH_PATH);
        let bearer = self.mode == Mode::Jwt && !is_login && !is_refresh;
        let request = self.browser.build_request_with(
            method.clone(),
            path,
            body.clone(),
            self.clock.now,
            bearer,
        );
        let exchange = self.dispatch(request, Sender::Page);
        self.browser.jar.apply_response(
            &exchange.response,
            exchange.request.route_path(),
            self.clock.now,
        );
        // With refresh tokens the page renews by itself: an access token
        // refused as expired is traded for a new one, and the request sent
        // again (once).
        let expired = exchange
            .trace
            .verify_report()
            .and_then(|r| r.error.as_ref())
            .is_some_and(|e| e.kind() == crate::jwt::ErrorKind::Expired);
        let renewable = renew
            && self.mode == Mode::Jwt
            && !is_refresh
            && !is_login
            && exchange.status() == 401
            && expired
            && self.browser.jar.get(REFRESH_COOKIE).is_some();
        if renewable {
            let refreshed = self.do_refresh();
            if refreshed.status() == 200 {
                return self.send_page(method, path, body, false);
            }
        }
        exchange
    }

    fn dispatch(&mut self, request: Request, sender: Sender) -> Exchange {
        let now = self.clock.now;
        let (response, trace, routing, fetch) =
            self.cluster
                .handle(&request, self.mode, now, self.entropy.as_mut());
        if let Some(fetch) = fetch {
            // What the issuer just served (read from it, not parsed back from the body).
            let kids = self.cluster.issuer().kids();
            let step = if fetch.answered {
                CheckStep::pass(
                    "publish",
                    "Publish the issuer's public keys",
                    format!(
                        "server {} now trusts kid {}",
                        fetch.server_id,
                        if kids.is_empty() {
                            "none".to_string()
                        } else {
                            kids.join(", ")
                        }
                    ),
                )
            } else {
                CheckStep::fail(
                    "publish",
                    "Publish the issuer's public keys",
                    fetch.response.error_message().unwrap_or_default(),
                )
            };
            let exchange = Exchange {
                seq: self.next_seq,
                at: now,
                sender: Sender::Server(fetch.server_id),
                request: fetch.request,
                response: fetch.response,
                server_id: fetch.answered.then_some(ISSUER_ID),
                routing: Routing {
                    server_id: fetch.answered.then_some(ISSUER_ID),
                    note: format!(
                        "Server {} asks the issuer for its public keys: {}.",
                        fetch.server_id, fetch.reason
                    ),
                },
                trace: Trace::Jwks(vec![step]),
            };
            self.next_seq = self.next_seq.saturating_add(1);
            if self.log.len() >= MAX_LOG {
                self.log.remove(0);
            }
            self.log.push(exchange);
        }
        if let Some(server_id) = routing.server_id {
            let checks_token = self.mode == Mode::Jwt
                && request.route_path().starts_with("/api/")
                && self.cluster.weaknesses().contains(&Weakness::TrustJku);
            if checks_token {
                if let Ok((_, token)) = find_token(&request) {
                    self.log_jku_fetch(server_id, &token);
                }
            }
        }
        // The server answered the full request; the log (and the caller)
        // get the copy with very long values shortened.
        let exchange = Exchange {
            seq: self.next_seq,
            at: now,
            sender,
            request: request_for_log(&request),
            response: response_for_log(&response),
            server_id: routing.server_id,
            routing,
            trace,
        };
        self.next_seq = self.next_seq.saturating_add(1);
        if self.log.len() >= MAX_LOG {
            self.log.remove(0);
        }
        self.note_seen(&exchange);
        self.log.push(exchange.clone());
        exchange
    }

    /// What this exchange showed, for the comparison table.
    fn note_seen(&mut self, exchange: &Exchange) {
        let protected = exchange.request.route_path().starts_with("/api/");
        let logged_out = self
            .story
            .iter()
            .any(|a| matches!(a, Action::Logout | Action::LogoutEverywhere));
        let crashed = self.story.iter().any(|a| matches!(a, Action::Crash(_)));
        let status = exchange.status();
        let fact = match (self.mode, exchange.sender) {
            (Mode::Jwt, Sender::Raw) if protected && status == 200 && logged_out => {
                Some(Seen::JwtCopyWorked)
            }
            (Mode::Session, Sender::Raw) if protected && status == 401 && logged_out => {
                Some(Seen::SessionCopyStopped)
            }
            (Mode::Session, Sender::Page)
                if protected
                    && status == 401
                    && crashed
                    && exchange
                        .trace
                        .failed_step()
                        .is_some_and(|s| s.id == "lookup") =>
            {
                Some(Seen::CrashLostSessions)
            }
            _ => None,
        };
        if let Some(fact) = fact {
            self.cluster.lifecycle_mut().see(fact);
        }
    }

    /// Direct access to the browser (edits made here are not part of the
    /// replayable story).
    pub fn browser_mut(&mut self) -> &mut Browser {
        &mut self.browser
    }

    // ----- reading -------------------------------------------------------

    pub fn config(&self) -> &WorldConfig {
        &self.config
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    pub fn clock(&self) -> Clock {
        self.clock
    }

    pub fn now(&self) -> i64 {
        self.clock.now
    }

    pub fn browser(&self) -> &Browser {
        &self.browser
    }

    /// The cookie the browser refused to keep or change during the last
    /// action, if it did: too large (4096 bytes of name and value), or an
    /// `HttpOnly` cookie page script may not write. Real browsers refuse
    /// silently; the view says so.
    pub fn last_refusal(&self) -> Option<&CookieError> {
        self.browser.last_refusal()
    }

    /// The token the page holds, if any.
    pub fn token(&self) -> Option<String> {
        self.browser.token()
    }

    /// What a script in the page can read.
    pub fn script_view(&self) -> ScriptView {
        self.browser.script_view(self.clock.now)
    }

    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    pub fn servers(&self) -> &[Server] {
        self.cluster.servers()
    }

    pub fn server(&self, id: usize) -> Option<&Server> {
        self.cluster.server(id)
    }

    pub fn max_servers(&self) -> usize {
        MAX_SERVERS
    }

    pub fn lb_policy(&self) -> LbPolicy {
        self.cluster.policy()
    }

    pub fn uses_shared_store(&self) -> bool {
        self.cluster.uses_shared_store()
    }

    /// What server `id` holds in its own memory for logged-in users.
    pub fn memory(&self, id: usize) -> Option<Memory> {
        self.cluster.server(id).map(|s| Memory::of(s.sessions()))
    }

    /// What the shared session store holds.
    pub fn shared_memory(&self) -> Memory {
        Memory::of(self.cluster.shared_store())
    }

    /// Memory for logged-in users across every server and the shared store.
    pub fn total_memory(&self) -> Memory {
        let mut total = self.shared_memory();
        for s in self.servers() {
            total.entries += s.sessions().len();
            total.bytes += s.sessions().approx_bytes();
        }
        total
    }

    /// The cluster's JWT secret (UTF-8 text; its bytes are the HMAC key).
    /// Shared secret or key pair.
    pub fn key_mode(&self) -> KeyMode {
        self.cluster.key_mode()
    }

    /// The issuer's keys (used in key-pair mode).
    pub fn issuer(&self) -> &Issuer {
        self.cluster.issuer()
    }

    /// The algorithm the servers sign and accept now (JWT mode).
    pub fn alg(&self) -> Algorithm {
        self.cluster.key_mode().alg()
    }

    /// What a verifier needs to check the servers' tokens: the shared
    /// secret, or the issuer's published JWK Set (what the debugger is given).
    pub fn verification_key_text(&self) -> String {
        match self.cluster.key_mode() {
            KeyMode::SharedSecret => self.cluster.secret().to_string(),
            KeyMode::KeyPair => self.cluster.issuer().jwks_text(),
        }
    }

    pub fn secret(&self) -> &str {
        self.cluster.secret()
    }

    pub fn users(&self) -> &[User] {
        &self.cluster.template().users
    }

    /// Every exchange, oldest first.
    pub fn log(&self) -> &[Exchange] {
        &self.log
    }

    /// The newest exchange the app's servers (or balancer) answered, not
    /// another site: what the Server column explains.
    pub fn last_served(&self) -> Option<&Exchange> {
        self.log
            .iter()
            .rev()
            .find(|e| !matches!(e.trace, Trace::Elsewhere { .. }))
    }

    /// The newest exchange the page itself sent (not another machine's, not
    /// a server's key fetch, not evil.example's).
    pub fn last_from_page(&self) -> Option<&Exchange> {
        self.log
            .iter()
            .rev()
            .find(|e| e.sender == Sender::Page && !matches!(e.trace, Trace::Elsewhere { .. }))
    }

    /// The newest raw request ("another machine", as curl would send it).
    pub fn last_raw(&self) -> Option<&Exchange> {
        self.log.iter().rev().find(|e| e.sender == Sender::Raw)
    }

    pub fn last_exchange(&self) -> Option<&Exchange> {
        self.log.last()
    }
}

/// How many of its own tokens the playground remembers, and how long one
/// may be, to recognise an edit of one.
const MAX_OWN_TOKENS: usize = 16;
const MAX_OWN_TOKEN_BYTES: usize = 8 * 1024;

/// Is `text` an edit of `own`: it keeps `own`'s payload or signature part, or
/// differs from it only in the middle (what is the same at its start and at
/// its end covers three quarters of it)? A token pasted from elsewhere
/// shares at most a common header with the playground's.
fn edited_from(text: &str, own: &str) -> bool {
    let (a, b) = (text.trim(), own.trim());
    let parts_a: Vec<&str> = a.split('.').collect();
    let parts_b: Vec<&str> = b.split('.').collect();
    let shared = |i: usize| match (parts_a.get(i), parts_b.get(i)) {
        (Some(x), Some(y)) => !x.is_empty() && x == y,
        _ => false,
    };
    if parts_a.len() == 3 && (shared(1) || shared(2)) {
        return true;
    }
    let prefix = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let suffix = a
        .bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let same = (prefix + suffix).min(a.len().min(b.len()));
    let longer = a.len().max(b.len());
    longer > 0 && same.saturating_mul(4) >= longer.saturating_mul(3)
}

/// A string claim of a token, if its payload decodes to a JSON object with it.
fn claim_text(token: &str, name: &str) -> Option<String> {
    token_claims(token)?.get(name)?.as_str().map(str::to_string)
}

/// A token's payload, if it decodes to JSON.
fn token_claims(token: &str) -> Option<Json> {
    let payload = token.trim().split('.').nth(1)?;
    let bytes = crate::jwt::base64url::decode(payload).ok()?;
    Json::parse(std::str::from_utf8(&bytes).ok()?).ok()
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
