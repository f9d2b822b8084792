//! What guides the student: a scenario (one claim of the notes, shown) or an
//! attack of the lab. One type for both, so the view asks the same questions
//! of either: its world at the exact start, where it started, whether its
//! goal is reached, and which comes next.

use super::custom::{register, CustomScenario};
use super::exercise::{Exercise, EXERCISES};
use super::journal::Origin;
use super::rng::EntropyError;
use super::scenario::{Scenario, SCENARIOS};
use super::weakness::Weakness;
use super::world::World;

/// A guided scenario or an attack exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guide {
    /// The attack lab's exercise for this weakness.
    Attack(Weakness),
    /// The scenario with this id (`#/scenario/<id>`).
    Scenario(&'static str),
    /// A teacher's own scenario (`#/custom/<payload>`), kept for the page's
    /// life by [`register`] so a guide stays as cheap to pass as the others.
    Custom(&'static CustomScenario),
}

impl Guide {
    /// `attack` or `scenario`: the prefix of the view's test ids.
    pub fn kind(self) -> &'static str {
        match self {
            Guide::Attack(_) => "attack",
            Guide::Scenario(_) => "scenario",
            Guide::Custom(_) => "custom",
        }
    }

    /// Its title; `None` for an id this version does not have.
    pub fn title(self) -> Option<&'static str> {
        match self {
            Guide::Attack(w) => Exercise::of(w).map(|e| e.title),
            Guide::Scenario(id) => Scenario::of(id).map(|s| s.title),
            Guide::Custom(c) => Some(c.title()),
        }
    }

    /// A world at its exact start (fixed clock, seeded randomness).
    pub fn world(self) -> Option<Result<World, EntropyError>> {
        match self {
            Guide::Attack(w) => Exercise::of(w).map(Exercise::world),
            Guide::Scenario(id) => Scenario::of(id).map(Scenario::world),
            Guide::Custom(c) => Some(c.world()),
        }
    }

    /// Where a world opened on it started, as storage and links keep it.
    pub fn origin(self) -> Origin {
        match self {
            Guide::Attack(w) => Origin::Exercise(w),
            Guide::Scenario(id) => Origin::Scenario(id.to_string()),
            Guide::Custom(c) => Origin::Custom(Box::new(c.clone())),
        }
    }

    /// The guide a kept or linked world started from, if any.
    pub fn of_origin(origin: &Origin) -> Option<Guide> {
        match origin {
            Origin::Free { .. } => None,
            Origin::Scenario(id) => Scenario::of(id).map(|s| Guide::Scenario(s.id)),
            Origin::Exercise(w) => Exercise::of(*w).map(|_| Guide::Attack(*w)),
            Origin::Custom(c) => Some(Guide::Custom(register(c.as_ref().clone()))),
        }
    }

    /// Has the goal been reached in `world`?
    pub fn reached(self, world: &World) -> bool {
        match self {
            Guide::Attack(w) => Exercise::of(w).is_some_and(|e| e.reached(world)),
            Guide::Scenario(id) => Scenario::of(id).is_some_and(|s| s.reached(world)),
            Guide::Custom(c) => c.reached(world),
        }
    }

    /// The next one in its list (scenarios in the lesson's order, exercises
    /// in the lab's), with its title. A teacher's scenario stands alone.
    pub fn next(self) -> Option<(Guide, &'static str)> {
        match self {
            Guide::Custom(_) => None,
            Guide::Scenario(id) => {
                let i = SCENARIOS.iter().position(|s| s.id == id)?;
                SCENARIOS
                    .get(i + 1)
                    .map(|s| (Guide::Scenario(s.id), s.title))
            }
            Guide::Attack(weakness) => {
                let i = EXERCISES.iter().position(|e| e.weakness == weakness)?;
                EXERCISES
                    .get(i + 1)
                    .map(|e| (Guide::Attack(e.weakness), e.title))
            }
        }
    }
}
