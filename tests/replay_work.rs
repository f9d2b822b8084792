//! Reloads and links stay fast whatever was done before (issue 23, item 4;
//! issue 26, item 4): a story is replayed without redoing work whose result
//! is already known. Measured in work, never in milliseconds: the number of
//! PBKDF2 derivations (each 10,000 HMAC-SHA256 rounds) a replay costs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod moves;
use jwt_playground::sim::password::derivations;
use jwt_playground::sim::{Mode, Saved};
use moves::{seeded_free_world, FREE};
use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;

/// A free-play story of `logins` logins (Alice right, Bob wrong, an unknown
/// account), each followed by a profile request, with resets and a mode
/// switch among them.
fn story(logins: usize) -> Saved {
    let mut w = seeded_free_world(23);
    for i in 0..logins {
        match i % 3 {
            0 => assert_eq!(w.login("alice@example.com", "wonderland").status(), 200),
            1 => assert_eq!(w.login("bob@example.com", "not-his").status(), 401),
            _ => assert_eq!(w.login("nobody@example.com", "x").status(), 401),
        }
        w.get("/api/profile");
        if i % 100 == 99 {
            w.reset();
        }
        if i == 250 {
            w.set_mode(Mode::Session);
        }
    }
    Saved::of(&w, FREE, true).unwrap()
}

#[test]
fn replaying_500_logins_costs_one_slow_hash_per_distinct_password_not_one_per_login() {
    let saved = story(500);
    let before = derivations();
    let rebuilt = saved.clone().rebuild(ChaCha8Rng::seed_from_u64(1)).unwrap();
    let spent = derivations() - before;
    // The demo users' hashes when the world is made, then one check per
    // distinct (account, password) pair: Alice's, Bob's wrong one, the dummy.
    let users = jwt_playground::sim::DEMO_USERS.len() as u64;
    assert!(
        spent <= users + 3,
        "{spent} derivations to replay 500 logins"
    );
    // And the replay is the same story: what it keeps is what was kept.
    assert_eq!(Saved::of(&rebuilt, FREE, true).unwrap(), saved);
}

#[test]
fn live_logins_do_every_check_in_full() {
    // The memo is for replays only: a simulated server hashes every password it is sent.
    let mut w = seeded_free_world(23);
    let before = derivations();
    for _ in 0..5 {
        w.login("alice@example.com", "wonderland");
    }
    assert_eq!(derivations() - before, 5);
}

#[test]
fn replaying_the_story_in_the_other_mode_also_reuses_known_answers() {
    let mut w = seeded_free_world(23);
    for _ in 0..50 {
        w.login("alice@example.com", "wonderland");
    }
    let before = derivations();
    w.replay_in_mode(Mode::Session);
    assert!(derivations() - before <= 1, "{}", derivations() - before);
    assert_eq!(w.log().len(), 50);
}

#[test]
fn a_link_may_ask_for_a_bounded_number_of_new_password_checks() {
    use jwt_playground::sim::journal::{LoadError, MAX_LINK_HASHES};
    // 500 logins with passwords already checked: a link may carry them.
    assert!(story(500)
        .rebuild_link(ChaCha8Rng::seed_from_u64(1))
        .is_ok());
    // Thirty different wrong passwords: thirty slow hashes, more than a link may ask for.
    let mut w = seeded_free_world(23);
    for i in 0..30 {
        w.login("alice@example.com", &format!("guess-{i}"));
    }
    let saved = Saved::of(&w, FREE, false).unwrap();
    let before = derivations();
    let err = saved
        .clone()
        .rebuild_link(ChaCha8Rng::seed_from_u64(1))
        .err()
        .unwrap();
    assert_eq!(err, LoadError::TooMuchWork);
    assert!(
        err.to_string()
            .contains(&format!("more than {MAX_LINK_HASHES} password checks")),
        "{err}"
    );
    // It stopped at the bound, not after all thirty.
    let users = jwt_playground::sim::DEMO_USERS.len() as u64;
    assert!(derivations() - before <= users + MAX_LINK_HASHES + 1);
    // The page's own story keeps no such bound.
    assert!(saved.rebuild(ChaCha8Rng::seed_from_u64(1)).is_ok());
}

#[test]
fn a_link_may_ask_for_a_bounded_number_of_key_pair_signatures() {
    use jwt_playground::jwt::key_pair_operations;
    use jwt_playground::sim::journal::{LoadError, MAX_LINK_KEY_PAIR_OPERATIONS};
    use jwt_playground::sim::KeyMode;
    // From the review: a 62 KB link, key-pair mode and 650 logins, froze the page 1.5 s.
    let mut w = seeded_free_world(23);
    w.set_key_mode(KeyMode::KeyPair);
    for _ in 0..250 {
        w.login("alice@example.com", "wonderland");
    }
    let saved = Saved::of(&w, FREE, false).unwrap();
    let before = key_pair_operations();
    let err = saved
        .clone()
        .rebuild_link(ChaCha8Rng::seed_from_u64(1))
        .err()
        .unwrap();
    assert_eq!(err, LoadError::TooManySignatures);
    assert!(
        err.to_string()
            .contains("more than 200 key-pair signatures"),
        "{err}"
    );
    // It stopped at the bound (one login signs once).
    assert!(key_pair_operations() - before <= MAX_LINK_KEY_PAIR_OPERATIONS + 2);
    // Fifty logins are within it; the page's own story keeps no bound.
    let mut w = seeded_free_world(23);
    w.set_key_mode(KeyMode::KeyPair);
    for _ in 0..50 {
        w.login("alice@example.com", "wonderland");
    }
    assert!(Saved::of(&w, FREE, false)
        .unwrap()
        .rebuild_link(ChaCha8Rng::seed_from_u64(1))
        .is_ok());
    assert!(saved.rebuild(ChaCha8Rng::seed_from_u64(1)).is_ok());
}
