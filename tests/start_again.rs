//! "Start again" can be taken back (the review of 2026-12-07): the page keeps
//! the story it replaced, written down as any kept story is, and rebuilds it
//! on request. A story with nothing done since it last started again is
//! blank, and is not offered back.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod moves;
use jwt_playground::sim::Saved;
use moves::{seeded_free_world, FREE};
use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;

#[test]
fn a_new_world_and_a_world_just_started_again_are_blank() {
    let mut w = seeded_free_world(7);
    assert!(Saved::of(&w, FREE, true).unwrap().is_blank());
    assert_eq!(w.login("alice@example.com", "wonderland").status(), 200);
    assert!(!Saved::of(&w, FREE, true).unwrap().is_blank());
    w.reset();
    // The journal still holds the login, then the reset: nothing since.
    let saved = Saved::of(&w, FREE, true).unwrap();
    assert!(!saved.events.is_empty());
    assert!(saved.is_blank());
    w.get("/api/profile");
    assert!(!Saved::of(&w, FREE, true).unwrap().is_blank());
}

#[test]
fn the_story_kept_before_starting_again_rebuilds_as_it_was() {
    let mut w = seeded_free_world(7);
    assert_eq!(w.login("alice@example.com", "wonderland").status(), 200);
    assert_eq!(w.get("/api/profile").status(), 200);
    let kept = Saved::of(&w, FREE, true).unwrap();
    let statuses =
        |w: &jwt_playground::sim::World| w.log().iter().map(|e| e.status()).collect::<Vec<_>>();
    let before = statuses(&w);
    let token_before = w.token();
    w.reset();
    assert!(w.log().is_empty());
    assert_eq!(w.token(), None);
    let back = Saved::from_json(&kept.to_json())
        .unwrap()
        .rebuild(ChaCha8Rng::seed_from_u64(99))
        .unwrap();
    assert_eq!(statuses(&back), before);
    // The same tape gives the same secret: the very token the student had.
    assert_eq!(back.token(), token_before);
}
