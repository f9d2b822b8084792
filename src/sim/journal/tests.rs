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
        Saved::from_json("{\"version\":2,\"origin\":{\"Free\":{\"start_time\":0}},\"events\":[]}"),
        Err(LoadError::Version(2))
    );
    let unknown =
        Saved::from_json("{\"version\":1,\"origin\":{\"Scenario\":\"nope\"},\"events\":[]}")
            .unwrap();
    let err = unknown.rebuild(ChaCha8Rng::seed_from_u64(1)).err().unwrap();
    assert_eq!(err, LoadError::UnknownGuide("nope".into()));
    assert!(err.to_string().contains("nope"));
    let bad_tape = Saved::from_json(
        "{\"version\":1,\"origin\":{\"Free\":{\"start_time\":0}},\"tape\":\"!!\",\"events\":[]}",
    )
    .unwrap();
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
    let admin = crate::jwt::replace_part(
        &issued,
        crate::jwt::Part::Payload,
        &issued_claims(&issued).replace("\"user\"", "\"admin\""),
    );
    assert!(world.made_here(&admin));
    let no_jti = crate::jwt::replace_part(
        &issued,
        crate::jwt::Part::Payload,
        r#"{"sub":"alice@example.com","role":"admin"}"#,
    );
    assert!(world.made_here(&no_jti));
    // Not made here: a real token, garbage, a forged sub with no jti.
    assert!(!world.made_here(OUTSIDE));
    assert!(!world.made_here("not a token at all"));
    let stranger = crate::jwt::replace_part(
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
    let decoded = crate::jwt::decode(token);
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
