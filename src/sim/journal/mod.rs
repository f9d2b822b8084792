//! A world written down so it can be built again: after a reload (kept in
//! the browser's storage) or from a share link (in the URL fragment).
//!
//! The simulation is deterministic given where it started and the random
//! bytes it drew, so nothing of its inner state is saved: only its
//! [`Origin`] (free play from a start time, or a guided scenario or attack
//! exercise, which have fixed starts of their own), the random bytes of free
//! play (a [`TapeEntropy`]'s tape, which is optional: without it the same
//! clicks replay with a fresh secret and fresh ids), and the [`Event`]s since.
//! [`Saved::rebuild`] replays them.
//!
//! The text form is JSON (`serde_json`), versioned; anything that does not
//! read back as this version is refused with a [`LoadError`] that says why,
//! and the page starts afresh. A share link's form, and the bounds on what a
//! link may carry and ask of the page, are in `link`.

use super::clock::clamp_time;
use super::custom::CustomScenario;
use super::exercise::Exercise;
use super::rng::{EntropyError, TapeEntropy};
use super::scenario::Scenario;
use super::weakness::Weakness;
use super::world::{Action, World, WorldConfig};
// Kept here too, where they were: what a saved story is made of and what it keeps.
pub use super::world::{Event, TokenOrigin, NOT_KEPT, NOT_KEPT_EDITED};
use rand_core::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};
use std::fmt;

mod link;
pub use link::{LinkError, MAX_LINK_CHARS, MAX_LINK_HASHES, MAX_LINK_KEY_PAIR_OPERATIONS};
mod replay;
pub use replay::{Progress, Replay};

/// The format written today.
pub const VERSION: u32 = 1;

/// Where a world started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    /// Free play: the default settings, the simulated clock starting here.
    Free { start_time: i64 },
    /// A guided scenario at its exact start.
    Scenario(String),
    /// An attack exercise of the lab at its exact start.
    Exercise(Weakness),
    /// A teacher's own scenario at its exact start: the whole scenario, so
    /// a reload or a share link rebuilds it (and reading it checks it again).
    Custom(Box<CustomScenario>),
}

/// A world as text keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub version: u32,
    pub origin: Origin,
    /// Free play's random bytes, base64url; `None`: draw fresh ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tape: Option<String>,
    pub events: Vec<Event>,
}

/// Why a saved world could not be built again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// Not JSON of this shape (cut short, edited, or from another program).
    Unreadable(String),
    /// Written by another version of the playground.
    Version(u32),
    /// A scenario or exercise this version does not have.
    UnknownGuide(String),
    /// The tape is not base64url.
    BadTape,
    /// No random numbers for the rest of the story.
    Entropy(EntropyError),
    /// A link's story needs more new password checks than
    /// [`MAX_LINK_HASHES`] (each a slow hash, on purpose).
    TooMuchWork,
    /// A link's story needs more key-pair signatures and checks than
    /// [`MAX_LINK_KEY_PAIR_OPERATIONS`].
    TooManySignatures,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Unreadable(why) => write!(f, "the saved story could not be read ({why})"),
            LoadError::Version(v) => write!(
                f,
                "the saved story is from another version of the playground (format {v}, this one reads {VERSION})"
            ),
            LoadError::UnknownGuide(id) => {
                write!(f, "the saved story starts from \"{id}\", which this version does not have")
            }
            LoadError::BadTape => f.write_str("the saved story's random bytes are not base64url"),
            LoadError::Entropy(e) => e.fmt(f),
            LoadError::TooMuchWork => write!(
                f,
                "its story needs more than {MAX_LINK_HASHES} password checks with different passwords (each one a slow hash, on purpose), more than a link may ask of this page"
            ),
            LoadError::TooManySignatures => write!(
                f,
                "its story needs more than {MAX_LINK_KEY_PAIR_OPERATIONS} key-pair signatures and checks (a few milliseconds each), more than a link may ask of this page"
            ),
        }
    }
}

impl std::error::Error for LoadError {}

impl Saved {
    /// Write `world` down. `with_tape`: include its random bytes (free play
    /// only; a guide's are fixed by its seed). `None` when the world's
    /// journal is full.
    ///
    /// A token that did not come from this playground (a real one pasted
    /// in, or garbage: see [`World::made_here`]) is written as [`NOT_KEPT`]:
    /// it is not the playground's own state, so it never reaches the
    /// browser's storage or a link.
    pub fn of(world: &World, origin: Origin, with_tape: bool) -> Option<Saved> {
        let events = world
            .journal()?
            .iter()
            .map(|event| match event {
                Event::Act(Action::SetTokenText(text)) if !world.made_here(text) => {
                    let placeholder = world.token_origin(text).placeholder().unwrap_or(NOT_KEPT);
                    Event::Act(Action::SetTokenText(placeholder.to_string()))
                }
                Event::Act(Action::EditCookie { name, value }) if world.foreign_token(value) => {
                    Event::Act(Action::EditCookie {
                        name: name.clone(),
                        value: NOT_KEPT.to_string(),
                    })
                }
                other => other.clone(),
            })
            .collect();
        let tape = match origin {
            Origin::Free { .. } if with_tape => {
                Some(crate::jwt::base64url::encode(world.entropy_tape()?))
            }
            _ => None,
        };
        Some(Saved {
            version: VERSION,
            origin,
            tape,
            events,
        })
    }

    /// Nothing done since the story (last) started: no events, or the last
    /// one is "start again". Such a story is not worth offering back.
    pub fn is_blank(&self) -> bool {
        self.events
            .last()
            .is_none_or(|event| matches!(event, Event::Reset))
    }

    /// Bring a free-play start time that lies outside 1970 to the end of
    /// year 9999 (a hand-made link, an edited storage) into that range.
    /// Returns the time as it was written when it had to be changed.
    pub fn clamp_clock(&mut self) -> Option<i64> {
        match &mut self.origin {
            Origin::Free { start_time } => {
                let written = *start_time;
                *start_time = clamp_time(written);
                (*start_time != written).then_some(written)
            }
            Origin::Scenario(_) | Origin::Exercise(_) | Origin::Custom(_) => None,
        }
    }

    /// As JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Read JSON text written by [`Saved::to_json`].
    pub fn from_json(text: &str) -> Result<Saved, LoadError> {
        let saved: Saved =
            serde_json::from_str(text).map_err(|e| LoadError::Unreadable(e.to_string()))?;
        if saved.version != VERSION {
            return Err(LoadError::Version(saved.version));
        }
        Ok(saved)
    }

    /// Build the world again: its start, then every event. `source` gives
    /// free play the random bytes its tape does not hold (all of them when
    /// there is no tape). The world's journal holds the events again, so it
    /// can be saved once more. (In one go: [`Saved::replay`] goes in slices.)
    pub fn rebuild<R: PlayRng>(self, source: R) -> Result<World, LoadError> {
        self.replay(source, false)?.finish()
    }

    /// The world at the story's start, before any of its events.
    fn start_world<R: PlayRng>(&self, source: R) -> Result<World, LoadError> {
        let world = match &self.origin {
            Origin::Free { start_time } => {
                let tape = match &self.tape {
                    Some(t) => crate::jwt::base64url::decode(t).map_err(|_| LoadError::BadTape)?,
                    None => Vec::new(),
                };
                free_world(*start_time, TapeEntropy::new(source, tape))?
            }
            Origin::Scenario(id) => {
                let mut w = Scenario::of(id)
                    .ok_or_else(|| LoadError::UnknownGuide(id.clone()))?
                    .world()
                    .map_err(LoadError::Entropy)?;
                w.clear_journal();
                w
            }
            Origin::Exercise(weakness) => {
                let mut w = Exercise::of(*weakness)
                    .ok_or_else(|| LoadError::UnknownGuide(weakness.as_str().to_string()))?
                    .world()
                    .map_err(LoadError::Entropy)?;
                w.clear_journal();
                w
            }
            Origin::Custom(scenario) => {
                let mut w = scenario.world().map_err(LoadError::Entropy)?;
                w.clear_journal();
                w
            }
        };
        Ok(world)
    }
}

/// What free play draws its random bytes from: a CSPRNG ([`CryptoRng`]; the
/// page's is `crypto.getRandomValues`). The student's own world makes a
/// server secret, keys and ids that look like real ones, so they are not
/// made predictable. (The lessons' worlds are, on purpose: they are built by
/// [`Scenario::world`] and [`Exercise::world`] from a
/// [`super::rng::SeededEntropy`].)
pub trait PlayRng: RngCore + CryptoRng + Send + Sync + 'static {}

impl<R: RngCore + CryptoRng + Send + Sync + 'static> PlayRng for R {}

/// A new free-play world: default settings, the clock at `start_time`, and
/// randomness that is kept so the world can be rebuilt.
pub fn free_world<R: PlayRng>(
    start_time: i64,
    entropy: TapeEntropy<R>,
) -> Result<World, LoadError> {
    let config = WorldConfig {
        start_time: clamp_time(start_time),
        ..WorldConfig::default()
    };
    World::new(config, Box::new(entropy)).map_err(LoadError::Entropy)
}

#[cfg(test)]
mod tests;
