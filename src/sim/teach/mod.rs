//! The teacher's kit (issue 24, items 4 and 5): the lesson plans, the
//! questions at the end of each scenario and exercise, the final quiz
//! ([`content`], read from `assets/teach.json`), and the progress code a
//! student hands to the teacher ([`progress`]).

pub mod content;
pub mod progress;

pub use content::{Choice, GuideQuestions, Plan, PlanStep, Question, TeachBook, TEACH_FILE};
pub use progress::{
    make_code, read_class, read_code, ClassLine, ClassReport, CodeError, Progress, ReadCode,
    MAX_CODES, MAX_CODE_CHARS, MAX_NAME_CHARS, PROGRESS_KEY,
};

use super::mode::Mode;
use super::rng::EntropyError;
use super::scenario::Scenario;
use super::server::PROFILE_PATH;
use super::world::{World, DEMO_USERS};

/// The two sequence diagrams of the notes, run in the simulation: a login
/// and one request for the profile, in `mode`, on one server, from the
/// scenario start of that mode (seeded, so the handout is the same every
/// time).
pub fn notes_flow(mode: Mode) -> Result<World, EntropyError> {
    let start = match mode {
        Mode::Session => "session-login",
        Mode::Jwt => "jwt-login",
    };
    let mut world = match Scenario::of(start) {
        Some(s) => s.world()?,
        None => World::new(
            super::world::WorldConfig {
                mode,
                ..super::world::WorldConfig::default()
            },
            Box::new(super::rng::SeededEntropy::new(24)),
        )?,
    };
    if let Some(user) = DEMO_USERS.first() {
        world.login(user.email, user.password);
    }
    world.get(PROFILE_PATH);
    Ok(world)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_notes_flows_log_in_then_read_the_profile() {
        for mode in [Mode::Session, Mode::Jwt] {
            let w = notes_flow(mode).unwrap();
            let statuses: Vec<u16> = w.log().iter().map(|e| e.status()).collect();
            assert_eq!(statuses, [200, 200], "{mode:?}");
            assert_eq!(w.servers().len(), 1);
        }
    }
}
