//! A story replayed in slices (issue 23, item 4: the page hands the browser
//! back between slices of a long reload) is the same story as one replayed
//! in one go, and costs no more work: the password checks already answered
//! and a link's bounds carry over from slice to slice.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::sim::journal::{free_world, LoadError, MAX_LINK_HASHES};
use jwt_playground::sim::password::derivations;
use jwt_playground::sim::scenario::Scenario;
use jwt_playground::sim::{Mode, Origin, Saved, TapeEntropy, World, DEFAULT_START_TIME};
use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;

const FREE: Origin = Origin::Free {
    start_time: DEFAULT_START_TIME,
};

fn fresh() -> World {
    free_world(
        DEFAULT_START_TIME,
        TapeEntropy::new(ChaCha8Rng::seed_from_u64(24), Vec::new()),
    )
    .unwrap()
}

/// What a student sees of a world: the exchanges as HTTP text, the token,
/// the clock, the mode, the facts it has shown, and its journal.
fn fingerprint(w: &World, origin: &Origin) -> String {
    let log: Vec<_> = w
        .log()
        .iter()
        .map(|e| (e.status(), e.request.to_http_text()))
        .collect();
    format!(
        "{log:?}|{:?}|{}|{:?}|{:?}|{:?}",
        w.token(),
        w.now(),
        w.mode(),
        w.seen(),
        Saved::of(w, origin.clone(), true)
    )
}

/// Replay `saved` `slice` events at a time; the slices' sizes as they came.
fn in_slices(saved: Saved, bounded: bool, slice: usize) -> (Result<World, LoadError>, usize) {
    let mut replay = saved.replay(ChaCha8Rng::seed_from_u64(1), bounded).unwrap();
    let mut slices = 0;
    loop {
        let before = replay.done();
        match replay.advance(slice) {
            Ok(progress) => {
                assert!(progress.done - before <= slice);
                assert_eq!(progress.total, replay.total());
                slices += 1;
                if progress.finished() {
                    return (Ok(replay.into_world()), slices);
                }
            }
            Err(e) => {
                // Stopped for good: a later slice says the same.
                assert_eq!(replay.advance(slice).err(), Some(e.clone()));
                return (Err(e), slices);
            }
        }
    }
}

/// A long free-play story: logins right and wrong, requests, a mode switch,
/// the clock, a replay in the other mode, resets.
fn long_free_story(steps: usize) -> Saved {
    let mut w = fresh();
    for i in 0..steps {
        match i % 5 {
            0 => {
                w.login("alice@example.com", "wonderland");
            }
            1 => {
                w.login("bob@example.com", "nope");
            }
            2 => {
                w.get("/api/profile");
            }
            3 => w.advance_clock(30),
            _ => {
                w.get("/api/admin");
            }
        }
        if i == 400 {
            w.set_mode(Mode::Session);
        }
        if i == 600 {
            w.replay_in_mode(Mode::Jwt);
        }
        if i % 250 == 249 {
            w.reset();
        }
    }
    Saved::of(&w, FREE, true).unwrap()
}

#[test]
fn a_long_free_story_in_slices_is_the_same_world_as_in_one_go() {
    let saved = long_free_story(700);
    assert!(saved.events.len() > 600, "{}", saved.events.len());
    let whole = saved.clone().rebuild(ChaCha8Rng::seed_from_u64(1)).unwrap();
    for slice in [1, 7, 333] {
        let (sliced, slices) = in_slices(saved.clone(), false, slice);
        let sliced = sliced.unwrap();
        assert_eq!(fingerprint(&sliced, &FREE), fingerprint(&whole, &FREE));
        assert_eq!(Saved::of(&sliced, FREE, true).unwrap(), saved);
        assert_eq!(slices, saved.events.len().div_ceil(slice));
    }
}

#[test]
fn a_scenario_story_in_slices_is_the_same_world_as_in_one_go() {
    let id = "sessions-many-servers";
    let origin = Origin::Scenario(id.to_string());
    let mut w = Scenario::of(id).unwrap().world().unwrap();
    w.clear_journal();
    for i in 0..120 {
        if i % 3 == 0 {
            w.login("alice@example.com", "wonderland");
        }
        w.get("/api/profile");
    }
    let saved = Saved::of(&w, origin.clone(), true).unwrap();
    let whole = saved.clone().rebuild(ChaCha8Rng::seed_from_u64(1)).unwrap();
    let (sliced, _) = in_slices(saved.clone(), false, 11);
    let sliced = sliced.unwrap();
    assert_eq!(fingerprint(&sliced, &origin), fingerprint(&whole, &origin));
    assert_eq!(fingerprint(&sliced, &origin), fingerprint(&w, &origin));
}

#[test]
fn a_link_in_slices_is_the_same_world_as_in_one_go() {
    let saved = long_free_story(300);
    let link = saved.to_link().unwrap();
    let from_link = || Saved::from_link(&link).unwrap();
    let whole = from_link()
        .rebuild_link(ChaCha8Rng::seed_from_u64(1))
        .unwrap();
    let (sliced, _) = in_slices(from_link(), true, 13);
    assert_eq!(
        fingerprint(&sliced.unwrap(), &FREE),
        fingerprint(&whole, &FREE)
    );
}

#[test]
fn the_password_memo_survives_slices() {
    // 500 logins replayed 7 events at a time: one slow hash per distinct
    // (account, password), as in one go, not one per slice.
    let mut w = fresh();
    for i in 0..500 {
        if i % 2 == 0 {
            w.login("alice@example.com", "wonderland");
        } else {
            w.login("bob@example.com", "not-his");
        }
    }
    let saved = Saved::of(&w, FREE, true).unwrap();
    let before = derivations();
    let (sliced, slices) = in_slices(saved.clone(), false, 7);
    let spent = derivations() - before;
    assert!(slices > 70);
    let users = jwt_playground::sim::DEMO_USERS.len() as u64;
    assert!(spent <= users + 2, "{spent} derivations in {slices} slices");
    assert_eq!(Saved::of(&sliced.unwrap(), FREE, true).unwrap(), saved);
}

#[test]
fn a_link_over_its_bound_is_refused_mid_way_with_the_same_error() {
    let mut w = fresh();
    for i in 0..40 {
        w.login("alice@example.com", &format!("guess-{i}"));
    }
    let saved = Saved::of(&w, FREE, false).unwrap();
    let whole = saved
        .clone()
        .rebuild_link(ChaCha8Rng::seed_from_u64(1))
        .err();
    assert_eq!(whole, Some(LoadError::TooMuchWork));
    let before = derivations();
    let mut replay = saved.replay(ChaCha8Rng::seed_from_u64(1), true).unwrap();
    let start_cost = derivations() - before;
    let mut refused_at = None;
    for _ in 0..40 {
        match replay.advance(3) {
            Ok(p) => assert!(!p.finished()),
            Err(e) => {
                assert_eq!(e, LoadError::TooMuchWork);
                refused_at = Some(replay.done());
                break;
            }
        }
    }
    // Mid-way: at the first login past the bound, not after all forty.
    let at = refused_at.expect("refused");
    assert!(at < 40, "{at}");
    assert!(derivations() - before - start_cost <= MAX_LINK_HASHES + 1);
    // The page's own story keeps no bound, in slices as in one go.
    let (own, _) = in_slices(Saved::of(&w, FREE, false).unwrap(), false, 3);
    assert!(own.is_ok());
}
