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
//! and the page starts afresh.

use super::clock::clamp_time;
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
}

/// The longest story a share link carries: characters of base64url after
/// `#/story/`. Browsers open far longer addresses (Chrome about 2 MB), but
/// chat apps, mail and QR codes do not, and a story this long is better
/// started again. No longer link is offered, and a longer one is refused.
pub const MAX_LINK_CHARS: usize = 64 * 1024;

/// Why a share link's story could not be read, or a story has no link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// More than [`MAX_LINK_CHARS`] characters.
    TooLong { chars: usize },
    /// Not base64url (cut short, or not a link of this page).
    NotBase64,
    /// Not UTF-8 text once decoded.
    NotText,
    /// Decoded, but not a story of this version.
    Load(LoadError),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::TooLong { chars } => write!(
                f,
                "its story is {}, more than the {} a story link may carry",
                crate::jwt::display::kilobytes(*chars),
                crate::jwt::display::kilobytes(MAX_LINK_CHARS)
            ),
            LinkError::NotBase64 => {
                f.write_str("the link's story is not base64url (was it cut short?)")
            }
            LinkError::NotText => f.write_str("the link's story is not text"),
            LinkError::Load(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for LinkError {}

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

/// The most signatures a share link's replay may make and check with key
/// pairs (ES256 in key-pair mode, the attacker's keys): a few milliseconds
/// each in the page (650 logins in key-pair mode froze it for 1.5 s), so 200
/// keep a replay under half a second.
pub const MAX_LINK_KEY_PAIR_OPERATIONS: u64 = 200;

/// The most slow password hashes a share link's replay may need that
/// cannot be reused from an earlier check (see
/// [`super::password::with_replay_memo`]): each costs about 20 ms
/// in the page, so a link of hundreds of logins with different passwords
/// would freeze it. A story of the page's own keeps no such bound.
pub const MAX_LINK_HASHES: u64 = 10;

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
            Origin::Scenario(_) | Origin::Exercise(_) => None,
        }
    }

    /// As JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The story as a share link carries it: base64url of its JSON, at most
    /// [`MAX_LINK_CHARS`] characters.
    pub fn to_link(&self) -> Result<String, LinkError> {
        let payload = crate::jwt::base64url::encode(self.to_json().as_bytes());
        if payload.len() > MAX_LINK_CHARS {
            return Err(LinkError::TooLong {
                chars: payload.len(),
            });
        }
        Ok(payload)
    }

    /// Read what [`Saved::to_link`] wrote. The length is checked first, so
    /// a huge link is refused before any of it is decoded.
    pub fn from_link(payload: &str) -> Result<Saved, LinkError> {
        if payload.len() > MAX_LINK_CHARS {
            return Err(LinkError::TooLong {
                chars: payload.len(),
            });
        }
        let bytes = crate::jwt::base64url::decode(payload).map_err(|_| LinkError::NotBase64)?;
        let text = String::from_utf8(bytes).map_err(|_| LinkError::NotText)?;
        Saved::from_json(&text).map_err(LinkError::Load)
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
    /// can be saved once more.
    pub fn rebuild<R: PlayRng>(self, source: R) -> Result<World, LoadError> {
        self.rebuild_within(source, false)
    }

    /// [`Saved::rebuild`] for a story from a share link: stopped, and
    /// refused, once its replay needs more than [`MAX_LINK_HASHES`] slow
    /// password hashes or [`MAX_LINK_KEY_PAIR_OPERATIONS`] key-pair
    /// signatures and checks.
    pub fn rebuild_link<R: PlayRng>(self, source: R) -> Result<World, LoadError> {
        self.rebuild_within(source, true)
    }

    fn rebuild_within<R: PlayRng>(self, source: R, bounded: bool) -> Result<World, LoadError> {
        let mut world = match &self.origin {
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
        };
        // A password check's answer is known from the first time round.
        let start = super::password::derivations();
        let signed = crate::jwt::asym::key_pair_operations();
        super::password::with_replay_memo(|| {
            for event in self.events {
                world.replay_journal(std::iter::once(event));
                if !bounded {
                    continue;
                }
                if super::password::derivations().saturating_sub(start) > MAX_LINK_HASHES {
                    return Err(LoadError::TooMuchWork);
                }
                if crate::jwt::asym::key_pair_operations().saturating_sub(signed)
                    > MAX_LINK_KEY_PAIR_OPERATIONS
                {
                    return Err(LoadError::TooManySignatures);
                }
            }
            Ok(())
        })?;
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
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;
    use crate::sim::mode::Mode;
    use crate::sim::world::{Exchange, DEFAULT_START_TIME};
    use rand_chacha::ChaCha8Rng;
    use rand_core::SeedableRng;

    fn story(world: &mut World) {
        world.login("alice@example.com", "wonderland");
        world.get("/api/profile");
        world.add_server();
        // Two hand edits of the token (kept: they are made from the playground's own).
        let token = world.token().unwrap_or_default();
        world.set_token_text(format!("{token}a"));
        world.set_token_text(format!("{token}ab"));
        world.advance_clock(60);
        world.replay_in_mode(Mode::Session);
        world.get("/api/profile");
        world.reset();
        world.set_mode(Mode::Jwt);
        world.login("bob@example.com", "builder");
    }

    fn fingerprint(world: &World) -> (String, Vec<(u16, String)>, usize, i64, Mode) {
        (
            world.secret().to_string(),
            world
                .log()
                .iter()
                .map(|e| (e.status(), e.request.to_http_text()))
                .collect(),
            world.servers().len(),
            world.now(),
            world.mode(),
        )
    }

    const FREE: Origin = Origin::Free {
        start_time: DEFAULT_START_TIME,
    };

    /// A free-play world after [`story`], and it written down.
    fn played(with_tape: bool) -> (World, Saved) {
        let mut world = free_world(
            DEFAULT_START_TIME,
            TapeEntropy::new(ChaCha8Rng::seed_from_u64(5), vec![]),
        )
        .unwrap();
        story(&mut world);
        let saved = Saved::of(&world, FREE, with_tape).unwrap();
        (world, saved)
    }

    #[test]
    fn free_play_with_its_tape_rebuilds_the_same_world() {
        let (world, saved) = played(true);
        // A run of token edits is kept as its last one.
        assert_eq!(
            saved
                .events
                .iter()
                .filter(|e| matches!(e, Event::Act(Action::SetTokenText(_))))
                .count(),
            1
        );
        let text = saved.to_json();
        let again = Saved::from_json(&text)
            .unwrap()
            .rebuild(ChaCha8Rng::seed_from_u64(999))
            .unwrap();
        assert_eq!(fingerprint(&again), fingerprint(&world));
        assert_eq!(again.token(), world.token());
        // And it can be written down again, the same.
        let twice = Saved::of(&again, FREE, true).unwrap();
        assert_eq!(twice, saved);
    }

    #[test]
    fn without_its_tape_the_same_clicks_replay_with_a_fresh_secret() {
        let (world, saved) = played(false);
        assert!(saved.tape.is_none());
        assert!(!saved.to_json().contains(world.secret()));
        let again = Saved::from_json(&saved.to_json())
            .unwrap()
            .rebuild(ChaCha8Rng::seed_from_u64(6))
            .unwrap();
        assert_ne!(again.secret(), world.secret());
        let statuses = |w: &World| {
            w.log()
                .iter()
                .map(|e| (e.status(), e.request.path.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(statuses(&again), statuses(&world));
    }

    #[test]
    fn a_scenario_rebuilds_from_its_own_start() {
        let id = "sessions-many-servers";
        let mut world = Scenario::of(id).unwrap().world().unwrap();
        world.clear_journal();
        world.get("/api/profile");
        world.get("/api/profile");
        let saved = Saved::of(&world, Origin::Scenario(id.to_string()), true).unwrap();
        assert!(saved.tape.is_none());
        let again = Saved::from_json(&saved.to_json())
            .unwrap()
            .rebuild(ChaCha8Rng::seed_from_u64(1))
            .unwrap();
        assert_eq!(fingerprint(&again), fingerprint(&world));
    }

    #[test]
    fn an_exercise_rebuilds_from_its_own_start() {
        let weakness = Weakness::ALL[0];
        let mut world = Exercise::of(weakness).unwrap().world().unwrap();
        world.clear_journal();
        world.get("/api/admin");
        let saved = Saved::of(&world, Origin::Exercise(weakness), false).unwrap();
        let again = Saved::from_json(&saved.to_json())
            .unwrap()
            .rebuild(ChaCha8Rng::seed_from_u64(1))
            .unwrap();
        assert_eq!(fingerprint(&again), fingerprint(&world));
    }

    /// A version-1 document written out by hand: a change to `Action` that
    /// would misread saves already in students' browsers fails here.
    #[test]
    fn a_version_1_document_reads_back() {
        let text = r#"{"version":1,"origin":{"Free":{"start_time":1767258000}},"events":[
            {"Act":{"Login":{"email":"alice@example.com","password":"wonderland"}}},
            {"Act":{"PageRequest":{"method":"Get","path":"/api/admin","body":null}}},
            {"Act":{"AdvanceClock":60}},
            {"SetMode":"Session"},
            {"Act":"AddServer"},
            "Reset"
        ]}"#;
        let saved = Saved::from_json(text).unwrap();
        assert_eq!(saved.events.len(), 6);
        let world = saved.rebuild(ChaCha8Rng::seed_from_u64(3)).unwrap();
        assert_eq!(world.mode(), Mode::Session);
        assert_eq!(world.servers().len(), 2);
        assert_eq!(world.now(), DEFAULT_START_TIME);
        assert!(world.log().is_empty());
    }

    #[test]
    fn what_cannot_be_read_says_why() {
        assert!(matches!(
            Saved::from_json(""),
            Err(LoadError::Unreadable(_))
        ));
        assert!(matches!(
            Saved::from_json("{\"version\":1}"),
            Err(LoadError::Unreadable(_))
        ));
        assert_eq!(
            Saved::from_json(
                "{\"version\":2,\"origin\":{\"Free\":{\"start_time\":0}},\"events\":[]}"
            ),
            Err(LoadError::Version(2))
        );
        let unknown =
            Saved::from_json("{\"version\":1,\"origin\":{\"Scenario\":\"nope\"},\"events\":[]}")
                .unwrap();
        let err = unknown.rebuild(ChaCha8Rng::seed_from_u64(1)).err().unwrap();
        assert_eq!(err, LoadError::UnknownGuide("nope".into()));
        assert!(err.to_string().contains("nope"));
        let bad_tape = Saved::from_json("{\"version\":1,\"origin\":{\"Free\":{\"start_time\":0}},\"tape\":\"!!\",\"events\":[]}").unwrap();
        assert_eq!(
            bad_tape.rebuild(ChaCha8Rng::seed_from_u64(1)).err(),
            Some(LoadError::BadTape)
        );
    }

    /// jwt.io's example token (HS256, `sub` "1234567890"): a token from
    /// outside the playground.
    const OUTSIDE: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    /// A free-play world with Alice logged in, and her token.
    fn alice_logged_in(seed: u64) -> (World, String) {
        let mut world = free_world(
            DEFAULT_START_TIME,
            TapeEntropy::new(ChaCha8Rng::seed_from_u64(seed), vec![]),
        )
        .unwrap();
        world.login("alice@example.com", "wonderland");
        let issued = world.token().unwrap();
        (world, issued)
    }

    #[test]
    fn the_playground_knows_its_own_tokens() {
        let (mut world, issued) = alice_logged_in(11);
        assert!(world.made_here(&issued));
        assert!(world.made_here(""));
        // Made from it: the claims edited (jti kept), or sub kept without jti.
        let admin = crate::jwt::sign::replace_part(
            &issued,
            crate::jwt::Part::Payload,
            &issued_claims(&issued).replace("\"user\"", "\"admin\""),
        );
        assert!(world.made_here(&admin));
        let no_jti = crate::jwt::sign::replace_part(
            &issued,
            crate::jwt::Part::Payload,
            r#"{"sub":"alice@example.com","role":"admin"}"#,
        );
        assert!(world.made_here(&no_jti));
        // Not made here: a real token, garbage, a forged sub with no jti.
        assert!(!world.made_here(OUTSIDE));
        assert!(!world.made_here("not a token at all"));
        let stranger = crate::jwt::sign::replace_part(
            &issued,
            crate::jwt::Part::Payload,
            r#"{"sub":"mallory@evil.example"}"#,
        );
        assert!(!world.made_here(&stranger));
        // A cookie value is a foreign token only when it reads as a JWT.
        assert!(world.foreign_token(OUTSIDE));
        assert!(!world.foreign_token("s3ss10n-1d"));
        assert!(!world.foreign_token(&issued));
        // The playground's own tokens stay its own after a reset.
        world.reset();
        assert!(world.made_here(&admin));
    }

    fn issued_claims(token: &str) -> String {
        let decoded = crate::jwt::decode::decode(token);
        decoded.payload.json.unwrap().to_compact()
    }

    #[test]
    fn a_token_from_outside_is_never_written_down() {
        let (mut world, issued) = alice_logged_in(12);
        world.set_token_text(OUTSIDE);
        world.get("/api/profile");
        world.set_token_storage(crate::sim::TokenStorage::Cookie);
        world.set_token_text(&issued);
        world.edit_cookie("token", OUTSIDE);
        for with_tape in [true, false] {
            let text = Saved::of(&world, FREE, with_tape).unwrap().to_json();
            assert!(!text.contains(OUTSIDE), "the outside token is written down");
            assert!(!text.contains("eyJzdWIiOiIxMjM0NTY3ODkwIi"));
            assert!(text.contains(NOT_KEPT));
            // The playground's own token is kept as it was.
            assert!(text.contains(&issued));
        }
        // Rebuilt, the browser holds the placeholder where the outside token was:
        // the same answers (refused), no trace of it.
        let again = Saved::of(&world, FREE, true)
            .unwrap()
            .rebuild(ChaCha8Rng::seed_from_u64(1))
            .unwrap();
        let statuses = |w: &World| w.log().iter().map(Exchange::status).collect::<Vec<_>>();
        assert_eq!(statuses(&again), statuses(&world));
        assert_eq!(again.log()[1].status(), 401);
        assert!(again
            .browser()
            .jar
            .get("token")
            .is_some_and(|c| c.value == NOT_KEPT));
        // Written down again, the same: nothing more is lost.
        assert_eq!(
            Saved::of(&again, FREE, true).unwrap(),
            Saved::of(&world, FREE, true).unwrap()
        );
    }

    /// Issue 26: a start time far outside 1970..9999 (a hand-made link, an
    /// edited storage) is brought into range on entry, said so, and the
    /// world it builds issues tokens that are valid, before and after reset.
    #[test]
    fn a_start_time_out_of_range_is_clamped_and_tokens_live() {
        use crate::sim::clock::{EARLIEST, LATEST};
        for (written, expected) in [(i64::MAX, LATEST), (i64::MIN, EARLIEST), (-1, EARLIEST)] {
            let text = format!(
                "{{\"version\":{VERSION},\"origin\":{{\"Free\":{{\"start_time\":{written}}}}},\"events\":[]}}"
            );
            let mut saved = Saved::from_json(&text).unwrap();
            assert_eq!(saved.clamp_clock(), Some(written));
            assert_eq!(
                saved.origin,
                Origin::Free {
                    start_time: expected
                }
            );
            // Once in range it stays.
            assert_eq!(saved.clamp_clock(), None);
            let mut world = saved.rebuild(ChaCha8Rng::seed_from_u64(7)).unwrap();
            assert_eq!(world.now(), expected);
            for _ in 0..2 {
                world.login("alice@example.com", "wonderland");
                world.get("/api/profile");
                assert_eq!(world.log().last().unwrap().status(), 200, "from {written}");
                world.advance_clock(i64::MAX);
                assert_eq!(world.now(), LATEST);
                world.advance_clock(i64::MIN);
                assert_eq!(world.now(), EARLIEST);
                world.reset();
                assert_eq!(world.now(), expected);
            }
        }
        // Not rebuilt from a journal either: a free world starts in range.
        let world = free_world(
            i64::MAX,
            TapeEntropy::new(ChaCha8Rng::seed_from_u64(1), vec![]),
        )
        .unwrap();
        assert_eq!(world.now(), LATEST);
        // A sane start time is left alone.
        let mut saved = Saved::from_json(&format!(
            "{{\"version\":{VERSION},\"origin\":{{\"Free\":{{\"start_time\":{DEFAULT_START_TIME}}}}},\"events\":[]}}"
        ))
        .unwrap();
        assert_eq!(saved.clamp_clock(), None);
    }
}
