//! A teacher's own scenario (issue 24, item 6): a start, a goal in the
//! teacher's words, hints, an optional lesson, and a [`GoalCheck`] the
//! simulation tests, carried as data in a `#/custom/<payload>` link or a
//! JSON file.
//!
//! Both come from outside the page, so they are untrusted: the payload is
//! bounded before anything is decoded ([`MAX_CUSTOM_LINK_CHARS`],
//! [`MAX_CUSTOM_FILE_BYTES`]), every text has a length bound and every name
//! is checked against what the simulation has. Anything else is refused
//! with a [`CustomError`] that says why, never a panic; opening one is a
//! bounded amount of work (at most one login at the start).

mod check;
mod error;

pub use check::{refusing_step, GoalCheck, CHECK_KINDS, CHECK_PATHS, REFUSING_STEPS};
pub use error::CustomError;

use super::balancer::LbPolicy;
use super::browser::TokenStorage;
use super::clock::clamp_time;
use super::keys::KeyMode;
use super::lifecycle::TokenScheme;
use super::mode::Mode;
use super::rng::{EntropyError, SeededEntropy};
use super::weakness::Weakness;
use super::world::{World, WorldConfig, DEFAULT_START_TIME, DEMO_USERS};
use serde::{Deserialize, Serialize};
use std::sync::Mutex;

/// The format written today.
pub const FORMAT: u32 = 1;
/// The longest payload a `#/custom/` link may carry (base64url characters).
pub const MAX_CUSTOM_LINK_CHARS: usize = 8 * 1024;
/// The largest JSON file the builder opens.
pub const MAX_CUSTOM_FILE_BYTES: usize = 16 * 1024;
/// Bounds on the texts, in characters.
pub const MAX_TITLE_CHARS: usize = 80;
pub const MAX_GOAL_CHARS: usize = 400;
pub const MAX_HINT_CHARS: usize = 300;
pub const MAX_HINTS: usize = 5;
pub const MAX_LESSON_CHARS: usize = 800;

fn default_policy() -> String {
    LbPolicy::RoundRobin.as_str().to_string()
}
fn default_key_mode() -> String {
    KeyMode::SharedSecret.as_str().to_string()
}
fn default_scheme() -> String {
    TokenScheme::AccessOnly.as_str().to_string()
}
fn default_storage() -> String {
    TokenStorage::Memory.as_str().to_string()
}
fn default_start_time() -> i64 {
    DEFAULT_START_TIME
}

/// How a teacher's scenario starts, as a link or file writes it: the
/// playground's own stable names (`jwt`, `round-robin`, `alg-none`...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomStart {
    /// `jwt` or `session`.
    pub mode: String,
    /// 1 to 5.
    pub servers: u64,
    /// `round-robin` or `sticky`.
    #[serde(default = "default_policy")]
    pub policy: String,
    #[serde(default)]
    pub shared_store: bool,
    /// `shared-secret` or `key-pair`.
    #[serde(default = "default_key_mode")]
    pub key_mode: String,
    /// `access-only` or `access-refresh`.
    #[serde(default = "default_scheme")]
    pub token_scheme: String,
    /// Where the page keeps its token (`memory`, `local-storage`, `cookie`...).
    #[serde(default = "default_storage")]
    pub token_storage: String,
    /// Weaknesses switched on, by name.
    #[serde(default)]
    pub weaknesses: Vec<String>,
    /// The simulated clock at the start, seconds since 1970 (UTC).
    #[serde(default = "default_start_time")]
    pub clock: i64,
    /// The demo account logged in at the start, by e-mail; none when absent.
    #[serde(default)]
    pub login: Option<String>,
}

impl Default for CustomStart {
    fn default() -> Self {
        CustomStart {
            mode: Mode::Jwt.as_str().to_string(),
            servers: 1,
            policy: default_policy(),
            shared_store: false,
            key_mode: default_key_mode(),
            token_scheme: default_scheme(),
            token_storage: default_storage(),
            weaknesses: Vec::new(),
            clock: DEFAULT_START_TIME,
            login: None,
        }
    }
}

/// A teacher's scenario as written (before it is checked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomFile {
    pub version: u32,
    pub title: String,
    pub goal: String,
    #[serde(default)]
    pub hints: Vec<String>,
    /// Shown once the goal is reached; may be empty.
    #[serde(default)]
    pub lesson: String,
    pub start: CustomStart,
    pub check: GoalCheck,
}

/// The start, read into the simulation's own types.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Settings {
    config: WorldConfig,
    weaknesses: Vec<Weakness>,
    /// Index in [`DEMO_USERS`].
    login: Option<usize>,
}

fn known<T>(
    what: &'static str,
    value: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<T, CustomError> {
    parse(value).ok_or_else(|| CustomError::unknown(what, value))
}

fn text(field: &'static str, value: &str, max: usize, required: bool) -> Result<(), CustomError> {
    if required && value.trim().is_empty() {
        return Err(CustomError::Empty(field));
    }
    // Counting stops one past the bound: a long text costs no more than that.
    if value.chars().nth(max).is_some() {
        return Err(CustomError::TextTooLong { field, max });
    }
    Ok(())
}

impl CustomStart {
    fn settings(&self) -> Result<Settings, CustomError> {
        let servers = usize::try_from(self.servers)
            .ok()
            .filter(|n| (1..=crate::sim::MAX_SERVERS).contains(n))
            .ok_or(CustomError::Servers(self.servers))?;
        if clamp_time(self.clock) != self.clock {
            return Err(CustomError::Clock(self.clock));
        }
        if self.weaknesses.len() > Weakness::ALL.len() {
            return Err(CustomError::TooManyWeaknesses {
                max: Weakness::ALL.len(),
            });
        }
        let mut weaknesses = Vec::new();
        for name in &self.weaknesses {
            let w = known("weakness", name, Weakness::from_name)?;
            if !weaknesses.contains(&w) {
                weaknesses.push(w);
            }
        }
        let login = match &self.login {
            None => None,
            Some(email) => Some(
                DEMO_USERS
                    .iter()
                    .position(|u| u.email == email)
                    .ok_or_else(|| CustomError::unknown("demo account", email))?,
            ),
        };
        let config = WorldConfig {
            mode: known("mode", &self.mode, Mode::from_str_value)?,
            servers,
            start_time: self.clock,
            lb_policy: known("balancer policy", &self.policy, LbPolicy::from_str_value)?,
            shared_store: self.shared_store,
            key_mode: known("key mode", &self.key_mode, KeyMode::from_str_value)?,
            token_scheme: known(
                "token scheme",
                &self.token_scheme,
                TokenScheme::from_str_value,
            )?,
            token_storage: known(
                "token storage",
                &self.token_storage,
                TokenStorage::from_str_value,
            )?,
            ..WorldConfig::default()
        };
        Ok(Settings {
            config,
            weaknesses,
            login,
        })
    }
}

impl CustomFile {
    /// Check every field; the scenario it describes, or why not.
    pub fn validate(self) -> Result<CustomScenario, CustomError> {
        if self.version != FORMAT {
            return Err(CustomError::Version(self.version));
        }
        text("title", &self.title, MAX_TITLE_CHARS, true)?;
        text("goal", &self.goal, MAX_GOAL_CHARS, true)?;
        text("lesson", &self.lesson, MAX_LESSON_CHARS, false)?;
        if self.hints.len() > MAX_HINTS {
            return Err(CustomError::TooManyHints { max: MAX_HINTS });
        }
        for hint in &self.hints {
            text("hint", hint, MAX_HINT_CHARS, false)?;
        }
        self.start.settings()?;
        self.check.validate()?;
        let id = format!("{:016x}", fnv(self.to_json().as_bytes()));
        Ok(CustomScenario { id, file: self })
    }

    /// Compact JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// JSON for a file a teacher keeps (indented).
    pub fn to_pretty_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// A short key for a `#/custom/` payload, so the view can tell two links
/// apart without keeping either (the same FNV-1a as the scenario's name).
pub fn link_key(payload: &str) -> u64 {
    fnv(payload.as_bytes())
}

/// FNV-1a, 64 bits: a scenario's name and seed from its content.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A teacher's scenario that passed every check: only
/// [`CustomFile::validate`] makes one, and reading one from JSON (a kept
/// journal's [`crate::sim::Origin::Custom`]) checks it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "CustomFile", into = "CustomFile")]
pub struct CustomScenario {
    /// 16 hex digits from its content: the same scenario, the same name.
    id: String,
    file: CustomFile,
}

impl TryFrom<CustomFile> for CustomScenario {
    type Error = CustomError;
    fn try_from(file: CustomFile) -> Result<Self, Self::Error> {
        file.validate()
    }
}

impl From<CustomScenario> for CustomFile {
    fn from(s: CustomScenario) -> CustomFile {
        s.file
    }
}

/// Read JSON text into a checked scenario (the size is the caller's bound).
fn from_text(text: &str) -> Result<CustomScenario, CustomError> {
    let file: CustomFile = serde_json::from_str(text).map_err(|e| error::unreadable(&e))?;
    file.validate()
}

impl CustomScenario {
    /// Its name from its content (16 hex digits).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// What was written.
    pub fn file(&self) -> &CustomFile {
        &self.file
    }

    pub fn title(&self) -> &str {
        &self.file.title
    }

    pub fn goal(&self) -> &str {
        &self.file.goal
    }

    pub fn hints(&self) -> &[String] {
        &self.file.hints
    }

    pub fn lesson(&self) -> &str {
        &self.file.lesson
    }

    pub fn check(&self) -> &GoalCheck {
        &self.file.check
    }

    /// The start in words, for the card.
    pub fn start_words(&self) -> String {
        let s = &self.file.start;
        let servers = if s.servers == 1 {
            "1 server".to_string()
        } else {
            format!("{} servers ({})", s.servers, s.policy)
        };
        let mut out = format!("Start: {} mode, {servers}", s.mode);
        if s.shared_store {
            out.push_str(", a shared session store");
        }
        if s.key_mode != default_key_mode() {
            out.push_str(&format!(", {}", s.key_mode));
        }
        if s.token_scheme != default_scheme() {
            out.push_str(&format!(", {}", s.token_scheme));
        }
        if s.token_storage != default_storage() {
            out.push_str(&format!(", token kept in {}", s.token_storage));
        }
        if !s.weaknesses.is_empty() {
            out.push_str(&format!(", weaknesses on: {}", s.weaknesses.join(", ")));
        }
        match &s.login {
            Some(email) => out.push_str(&format!("; {email} is logged in.")),
            None => out.push_str("; nobody is logged in."),
        }
        out
    }

    /// The `#/custom/` payload: base64url of its compact JSON.
    pub fn to_link(&self) -> Result<String, CustomError> {
        let payload = crate::jwt::base64url::encode(self.file.to_json().as_bytes());
        if payload.len() > MAX_CUSTOM_LINK_CHARS {
            return Err(CustomError::TooLong {
                bytes: payload.len(),
                max: MAX_CUSTOM_LINK_CHARS,
            });
        }
        Ok(payload)
    }

    /// Read a `#/custom/` payload. Its length is checked before any of it
    /// is decoded.
    pub fn from_link(payload: &str) -> Result<CustomScenario, CustomError> {
        if payload.len() > MAX_CUSTOM_LINK_CHARS {
            return Err(CustomError::TooLong {
                bytes: payload.len(),
                max: MAX_CUSTOM_LINK_CHARS,
            });
        }
        let bytes = crate::jwt::base64url::decode(payload).map_err(|_| CustomError::NotBase64)?;
        let text = String::from_utf8(bytes).map_err(|_| CustomError::NotText)?;
        from_text(&text)
    }

    /// Read a JSON file's bytes (as a teacher saved it).
    pub fn from_file(bytes: &[u8]) -> Result<CustomScenario, CustomError> {
        if bytes.len() > MAX_CUSTOM_FILE_BYTES {
            return Err(CustomError::TooLong {
                bytes: bytes.len(),
                max: MAX_CUSTOM_FILE_BYTES,
            });
        }
        let text = std::str::from_utf8(bytes).map_err(|_| CustomError::NotText)?;
        from_text(text)
    }

    /// A new world at its exact start: its settings, its weaknesses on, its
    /// user logged in, randomness seeded from its content (the same secret
    /// and ids on every run of the same scenario).
    pub fn world(&self) -> Result<World, EntropyError> {
        // Validated when made; a default start is only a fallback.
        let settings = self.file.start.settings().unwrap_or(Settings {
            config: WorldConfig::default(),
            weaknesses: Vec::new(),
            login: None,
        });
        let seed = fnv(self.id.as_bytes());
        let mut world = World::new(settings.config, Box::new(SeededEntropy::new(seed)))?;
        for weakness in settings.weaknesses {
            world.set_weakness(weakness, true);
        }
        if let Some(user) = settings.login.and_then(|i| DEMO_USERS.get(i)) {
            world.login(user.email, user.password);
        }
        Ok(world)
    }

    /// Has its goal been reached?
    pub fn reached(&self, world: &World) -> bool {
        self.file.check.holds(world)
    }
}

/// The most teacher's scenarios a page keeps for [`register`].
const MAX_REGISTERED: usize = 64;

/// Opened teacher's scenarios, each kept once for the page's life.
static REGISTERED: Mutex<Vec<&'static CustomScenario>> = Mutex::new(Vec::new());

/// The page-long copy of `scenario`, so a guide can name it as cheaply as a
/// built-in one (`Copy`, no lifetime). The same scenario opened again is the
/// same copy. The list holds the [`MAX_REGISTERED`] most recent distinct
/// ones (each at most a few kilobytes); only a teacher's own clicks add one.
pub fn register(scenario: CustomScenario) -> &'static CustomScenario {
    let Ok(mut list) = REGISTERED.lock() else {
        return Box::leak(Box::new(scenario));
    };
    if let Some(found) = list.iter().find(|s| ***s == scenario) {
        return found;
    }
    let kept: &'static CustomScenario = Box::leak(Box::new(scenario));
    if list.len() >= MAX_REGISTERED {
        list.remove(0);
    }
    list.push(kept);
    kept
}
