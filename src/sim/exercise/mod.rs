//! The attack lab's guided exercises (issue 12): one per weakness. Each sets
//! up its start (mode, keys, where the page keeps its token, the weakness
//! switched on, a user logged in), states a goal, lists the steps to try
//! with the playground's own controls and hints, and checks the goal from
//! the simulation's log. Then the student switches the weakness off and sees
//! the same attack refused, with the step and the reason.

use super::browser::TokenStorage;
use super::cluster::LbPolicy;
use super::keys::KeyMode;
use super::lifecycle::{TokenScheme, REFRESH_PATH};
use super::mode::Mode;
use super::server::protected::find_token;
use super::server::RENAME_PATH;
use super::server::{ADMIN_PATH, LOGIN_PATH, PROFILE_PATH};
use super::weakness::Weakness;

mod table;
use super::world::{Exchange, Sender, World, DEMO_USERS};
pub use table::EXERCISES;

/// Alice has role `user`: the one who forges her way into `/api/admin`.
const ALICE: usize = 0;
/// Bob has role `admin`: the victim whose credential is worth stealing.
const BOB: usize = 1;

/// One guided attack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exercise {
    /// The weakness it exploits; `attack-<name>` in the view.
    pub weakness: Weakness,
    pub title: &'static str,
    pub goal: &'static str,
    /// What to do, with the playground's own controls.
    pub steps: &'static [&'static str],
    pub hints: &'static [&'static str],
    /// What happens with the weakness off.
    pub fix: &'static str,
    mode: Mode,
    key_mode: KeyMode,
    storage: TokenStorage,
    /// Switched on at the start (the exercise's own weakness first).
    weaknesses: &'static [Weakness],
    /// Index in [`DEMO_USERS`] of who is logged in at the start.
    user: usize,
}

impl Exercise {
    /// The exercise of a weakness.
    pub fn of(weakness: Weakness) -> Option<&'static Exercise> {
        EXERCISES.iter().find(|e| e.weakness == weakness)
    }

    /// The stable name (`attack-<name>`), the weakness's.
    pub fn id(&self) -> &'static str {
        self.weakness.as_str()
    }

    /// The user logged in at the start, as `(email, password)`.
    pub fn user(&self) -> (&'static str, &'static str) {
        DEMO_USERS
            .get(self.user)
            .map(|u| (u.email, u.password))
            .unwrap_or_default()
    }

    /// Put `world` at this exercise's start: one server, round-robin, no
    /// shared store, access tokens only, the exercise's mode, keys, storage
    /// and weaknesses (all others off), a fresh story and clock, and its
    /// user logged in. Doing it again gives the same start.
    pub fn set_up(&self, world: &mut World) {
        world.set_mode(self.mode);
        while world.servers().len() > 1 {
            if world.remove_server().is_none() {
                break;
            }
        }
        for id in 1..=world.servers().len() {
            world.restart(id);
        }
        world.set_lb_policy(LbPolicy::RoundRobin);
        world.set_shared_store(false);
        world.set_key_mode(self.key_mode);
        world.set_token_scheme(TokenScheme::AccessOnly);
        world.set_token_storage(self.storage);
        for weakness in Weakness::ALL {
            world.set_weakness(weakness, self.weaknesses.contains(&weakness));
        }
        world.reset();
        let (email, password) = self.user();
        world.login(email, password);
    }

    /// A new world at this exercise's start, with a fixed clock and seeded
    /// randomness: every run starts with the same secret, keys and token.
    pub fn world(&self) -> Result<World, super::rng::EntropyError> {
        let config = super::world::WorldConfig {
            start_time: super::world::DEFAULT_START_TIME,
            ..super::world::WorldConfig::default()
        };
        let seed = 0x1a_b000 + self.weakness as u64;
        let mut world = World::new(config, Box::new(super::rng::SeededEntropy::new(seed)))?;
        self.set_up(&mut world);
        Ok(world)
    }

    /// Has the goal been reached since the start?
    pub fn reached(&self, world: &World) -> bool {
        let log = world.log();
        match self.weakness {
            Weakness::Xss | Weakness::NoHttpOnly | Weakness::TokenInUrl => log
                .iter()
                .any(|e| e.sender == Sender::Attacker && is_ok(e, ADMIN_PATH)),
            Weakness::SameSiteNone => log
                .iter()
                .any(|e| e.sender == Sender::CrossSite && is_ok(e, RENAME_PATH)),
            Weakness::NoExp | Weakness::ExpString | Weakness::DenylistByString => log
                .iter()
                .any(|e| is_ok(e, PROFILE_PATH) && marked_unsafe(e, self.weakness)),
            // A weak secret is still a secret: nothing is marked unsafe, so
            // the check is a token no login issued, accepted as an admin's.
            Weakness::WeakSecret => log
                .iter()
                .any(|e| is_ok(e, ADMIN_PATH) && is_forged(e, log) && !marked_unsafe_any(e)),
            _ => log.iter().any(|e| {
                is_ok(e, ADMIN_PATH) && is_forged(e, log) && marked_unsafe(e, self.weakness)
            }),
        }
    }
}

/// Whether the page hides the servers' secret now: while the guess-the-secret
/// exercise is open (`open`) and not solved, the secret is what the student
/// has to find, so no panel shows it. Solved, or the guide closed, it shows.
pub fn hides_secret(open: Option<Weakness>, world: &World) -> bool {
    open == Some(Weakness::WeakSecret)
        && Exercise::of(Weakness::WeakSecret).is_some_and(|e| !e.reached(world))
}

/// What the Server column shows instead of a hidden secret.
pub const SECRET_HIDDEN: &str = "hidden: find it (this exercise is about guessing it)";

/// A 200 for `path`.
fn is_ok(exchange: &Exchange, path: &str) -> bool {
    exchange.status() == 200 && exchange.request.route_path() == path
}

/// The token it carried was not issued by any login or refresh of the story.
fn is_forged(exchange: &Exchange, log: &[Exchange]) -> bool {
    let Ok((_, token)) = find_token(&exchange.request) else {
        return false;
    };
    !log.iter().any(|e| {
        let path = e.request.route_path();
        (path == LOGIN_PATH || path == REFRESH_PATH)
            && e.response.body_string("token").as_deref() == Some(token.as_str())
    })
}

/// A checklist step says this weakness let the token through.
fn marked_unsafe(exchange: &Exchange, weakness: Weakness) -> bool {
    let mark = format!("(weakness {})", weakness.as_str());
    exchange
        .trace
        .checklist()
        .iter()
        .any(|s| s.detail.contains(&mark))
}

fn marked_unsafe_any(exchange: &Exchange) -> bool {
    exchange
        .trace
        .checklist()
        .iter()
        .any(|s| s.detail.contains("UNSAFE (weakness"))
}
