//! Captions say what the server actually did (issue 21, "words and wrong
//! captions"): a check a weakness jumped over reads "skipped (weakness on)",
//! never "passed"; the guess-the-secret exercise hides the secret until it is
//! found; an edited token of the playground's own is not called one from
//! outside; a story replayed in the other mode says so.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::jwt::{base64url, Algorithm, StepResult};
use jwt_playground::sim::exercise::{hides_secret, Exercise};
use jwt_playground::sim::journal::free_world;
use jwt_playground::sim::{
    result_word, CheckStep, Exchange, KeyMode, Mode, Origin, Request, Saved, SeededEntropy,
    SignatureCheck, TapeEntropy, TokenOrigin, Trace, Weakness, World, WorldConfig,
    DEFAULT_START_TIME, NOT_KEPT, NOT_KEPT_EDITED, WEAK_SECRET,
};
use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;

mod jwt_story;
use jwt_story::{admin_claims, ALICE};

fn world(key_mode: KeyMode) -> World {
    jwt_story::jwt_world(key_mode, 21)
}

fn unsigned(header: &str, claims: &str) -> String {
    format!(
        "{}.{}.",
        base64url::encode(header.as_bytes()),
        base64url::encode(claims.as_bytes())
    )
}

fn hmac(header: &str, claims: &str, key: &[u8]) -> String {
    let input = unsigned(header, claims);
    let input = input.trim_end_matches('.');
    let mac = Algorithm::HS256.mac(key, input.as_bytes());
    format!("{input}.{}", base64url::encode(&mac))
}

fn as_admin(w: &mut World, token: &str) -> Exchange {
    w.send(Request::get("/api/admin").with_header("Authorization", format!("Bearer {token}")))
}

fn step(e: &Exchange, id: &str) -> CheckStep {
    e.trace
        .checklist()
        .into_iter()
        .find(|s| s.id.as_str() == id)
        .unwrap_or_else(|| panic!("no step {id}"))
}

fn jwt_trace(e: &Exchange) -> &jwt_playground::sim::JwtTrace {
    match &e.trace {
        Trace::Jwt(t) => t,
        other => panic!("not a token check: {other:?}"),
    }
}

/// No step of the checklist is shown as passed when the weak server did not run it.
fn assert_not_passed(e: &Exchange, id: &str, by: Weakness) {
    let s = step(e, id);
    assert_eq!(s.result, StepResult::Skip, "{id}: {s:?}");
    assert_eq!(s.skipped_by, Some(by), "{id}: {s:?}");
    assert_eq!(s.word(), "skipped (weakness on)");
    assert!(!s.detail.contains("not checked") || s.detail.starts_with("Skipped"));
}

#[test]
fn alg_none_skips_crit_and_the_signature_and_says_so() {
    let mut w = world(KeyMode::SharedSecret);
    w.set_weakness(Weakness::AlgNone, true);
    let token = unsigned(r#"{"alg":"none","typ":"at+jwt"}"#, &admin_claims(&w));
    let e = as_admin(&mut w, &token);
    assert_eq!(e.status(), 200);
    assert_not_passed(&e, "crit", Weakness::AlgNone);
    assert_not_passed(&e, "signature", Weakness::AlgNone);
    assert!(step(&e, "signature").detail.contains("no signature at all"));
    // The alg step still says what the weak server did: it took the token's word.
    assert_eq!(step(&e, "alg").result, StepResult::Warn);
    // The captions that sum the request up.
    let check = jwt_trace(&e).signature_check();
    assert_eq!(check, SignatureCheck::Skipped(Weakness::AlgNone));
    assert_eq!(check.note(), "no signature checked (alg-none on)");
    let caption = check.unsafe_caption().unwrap();
    assert!(caption.contains("no signature check"), "{caption}");
    assert!(!caption.contains("signature included"), "{caption}");
    // The request player's steps carry the same words (they are not "not reached").
    let played = jwt_playground::sim::request_steps(&e);
    let sig = played
        .iter()
        .find(|s| s.id.as_str() == "signature")
        .unwrap();
    assert!(sig.detail.starts_with("Skipped (weakness alg-none on)"));
}

#[test]
fn alg_confusion_skips_crit_but_checks_the_signature_with_an_unsafe_key() {
    let mut w = world(KeyMode::KeyPair);
    w.set_weakness(Weakness::AlgConfusion, true);
    let pem = w.issuer().current().unwrap().private.public().to_pem();
    let token = hmac(
        r#"{"alg":"HS256","typ":"at+jwt"}"#,
        &admin_claims(&w),
        pem.as_bytes(),
    );
    let e = as_admin(&mut w, &token);
    assert_eq!(e.status(), 200, "{}", e.response.body);
    assert_not_passed(&e, "crit", Weakness::AlgConfusion);
    assert_eq!(step(&e, "signature").result, StepResult::Warn);
    let check = jwt_trace(&e).signature_check();
    assert_eq!(
        check,
        SignatureCheck::UnsafeKey(Some(Weakness::AlgConfusion))
    );
    assert_eq!(check.note(), "unsafe key (alg-confusion on): no lookup");
}

#[test]
fn trust_jwk_and_kid_path_check_with_an_unsafe_key_and_skip_nothing() {
    let mut w = world(KeyMode::SharedSecret);
    w.set_weakness(Weakness::KidPath, true);
    let token = hmac(
        r#"{"alg":"HS256","typ":"at+jwt","kid":"../../../../dev/null"}"#,
        &admin_claims(&w),
        b"",
    );
    let e = as_admin(&mut w, &token);
    assert_eq!(e.status(), 200);
    assert!(jwt_trace(&e).skipped.is_empty());
    assert_eq!(step(&e, "crit").result, StepResult::Pass);
    assert_eq!(
        jwt_trace(&e).signature_check(),
        SignatureCheck::UnsafeKey(Some(Weakness::KidPath))
    );
}

#[test]
fn no_exp_never_shows_exp_as_passed_and_still_marks_an_expired_token_unsafe() {
    let mut w = world(KeyMode::SharedSecret);
    w.set_weakness(Weakness::NoExp, true);
    w.login(ALICE.0, ALICE.1);
    // A fresh token: the weak server did not read exp either.
    let fresh = w.get("/api/profile");
    assert_eq!(fresh.status(), 200);
    assert_not_passed(&fresh, "exp", Weakness::NoExp);
    assert!(step(&fresh, "exp").detail.contains("left"));
    assert!(!step(&fresh, "exp").detail.contains("UNSAFE"));
    // An expired one: skipped, and marked unsafe (the exercise's goal).
    w.advance_clock(3600);
    let expired = w.get("/api/profile");
    assert_eq!(expired.status(), 200);
    assert_not_passed(&expired, "exp", Weakness::NoExp);
    let detail = step(&expired, "exp").detail;
    assert!(detail.contains("UNSAFE (weakness no-exp)"), "{detail}");
    assert!(detail.contains("expired"), "{detail}");
    // The no-exp exercise is not solved by a fresh token.
    let exercise = Exercise::of(Weakness::NoExp).unwrap();
    let mut ex = exercise.world().unwrap();
    ex.get("/api/profile");
    assert!(!exercise.reached(&ex));
    ex.advance_clock(24 * 3600);
    ex.get("/api/profile");
    assert!(exercise.reached(&ex));
}

#[test]
fn a_strict_server_says_the_signature_was_checked() {
    let mut w = world(KeyMode::SharedSecret);
    w.login(ALICE.0, ALICE.1);
    let e = w.get("/api/profile");
    assert_eq!(e.status(), 200);
    let t = jwt_trace(&e);
    assert!(t.skipped.is_empty());
    assert_eq!(t.signature_check(), SignatureCheck::Checked);
    assert_eq!(t.signature_check().note(), "signature checked: no lookup");
    assert_eq!(t.signature_check().unsafe_caption(), None);
    assert!(e.trace.checklist().iter().all(|s| s.skipped_by.is_none()));
    // A refused request's unreached steps are "not reached", not skipped by a weakness.
    let bad = as_admin(&mut w, "a.b");
    let rest = step(&bad, "signature");
    assert_eq!(
        (rest.result, rest.word()),
        (StepResult::Skip, "not reached")
    );
    assert_eq!(result_word(StepResult::Pass, None, false), "passed");
    // A check this server leaves out (it names no expected issuer) is
    // "skipped", also on a request that passed every check after it: it was
    // not "not reached" (the review of 2026-12-07).
    let iss = step(&e, "iss");
    assert_eq!((iss.result, iss.word()), (StepResult::Skip, "skipped"));
    assert_eq!(step(&e, "authorize").word(), "passed");
}

#[test]
fn the_weak_secret_is_hidden_while_its_exercise_is_open_and_unsolved() {
    // Named nowhere in the weakness's description (the lab and the exercise's start line).
    assert!(!Weakness::WeakSecret.describe().contains(WEAK_SECRET));
    let exercise = Exercise::of(Weakness::WeakSecret).unwrap();
    let mut w = exercise.world().unwrap();
    assert_eq!(w.secret(), WEAK_SECRET);
    assert!(hides_secret(Some(Weakness::WeakSecret), &w));
    // Another guide open, or none: shown.
    assert!(!hides_secret(None, &w));
    assert!(!hides_secret(Some(Weakness::AlgNone), &w));
    // Solved: an admin token signed with the guessed word.
    let token = hmac(
        r#"{"alg":"HS256","typ":"at+jwt"}"#,
        &admin_claims(&w),
        WEAK_SECRET.as_bytes(),
    );
    assert_eq!(as_admin(&mut w, &token).status(), 200);
    assert!(exercise.reached(&w));
    assert!(!hides_secret(Some(Weakness::WeakSecret), &w));
}

/// The payload part of `token` with one character changed so it no longer decodes.
fn break_payload(token: &str) -> String {
    let parts: Vec<&str> = token.split('.').collect();
    let mut payload: Vec<char> = parts[1].chars().collect();
    payload[0] = if payload[0] == 'A' { 'B' } else { 'A' };
    let payload: String = payload.into_iter().collect();
    format!("{}.{payload}.{}", parts[0], parts[2])
}

/// jwt.io's example token: from outside the playground.
const OUTSIDE: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

#[test]
fn an_edited_token_of_its_own_is_not_called_one_from_outside() {
    let mut w = world(KeyMode::SharedSecret);
    w.login(ALICE.0, ALICE.1);
    let issued = w.token().unwrap();
    assert_eq!(w.token_origin(&issued), TokenOrigin::Own);
    let edited = break_payload(&issued);
    assert!(!w.made_here(&edited), "the edit must break the claims");
    assert_eq!(w.token_origin(&edited), TokenOrigin::Edited);
    assert!(w
        .token_origin(&edited)
        .sentence()
        .starts_with("Edited from a token this playground issued"));
    // One character typed in the middle, and one deleted at the end: still an edit.
    let mut typed = issued.clone();
    typed.insert(issued.len() / 2, 'x');
    assert_ne!(w.token_origin(&typed), TokenOrigin::Outside);
    assert_eq!(
        w.token_origin(&issued[..issued.len() - 1]),
        TokenOrigin::Own
    );
    // A real token, garbage: from outside.
    assert_eq!(w.token_origin(OUTSIDE), TokenOrigin::Outside);
    assert_eq!(w.token_origin("garbage"), TokenOrigin::Outside);
    assert!(TokenOrigin::Outside
        .sentence()
        .contains("did not come from this playground"));
    // The placeholders say which it was.
    assert_eq!(w.token_origin(NOT_KEPT), TokenOrigin::Dropped);
    assert_eq!(w.token_origin(NOT_KEPT_EDITED), TokenOrigin::DroppedEdited);
}

#[test]
fn an_edited_token_that_no_longer_reads_as_its_own_is_still_never_written_down() {
    let mut w = free_world(
        DEFAULT_START_TIME,
        TapeEntropy::new(ChaCha8Rng::seed_from_u64(21), vec![]),
    )
    .unwrap();
    w.login(ALICE.0, ALICE.1);
    let issued = w.token().unwrap();
    let edited = break_payload(&issued);
    w.set_token_text(&edited);
    w.get("/api/profile");
    let origin = Origin::Free {
        start_time: DEFAULT_START_TIME,
    };
    let text = Saved::of(&w, origin.clone(), true).unwrap().to_json();
    let broken_payload = edited.split('.').nth(1).unwrap();
    assert!(
        !text.contains(broken_payload),
        "the edited token is written down"
    );
    assert!(text.contains(NOT_KEPT_EDITED));
    // Rebuilt: the placeholder, said to be an edited one, the same answers.
    let again = Saved::of(&w, origin.clone(), true)
        .unwrap()
        .rebuild(ChaCha8Rng::seed_from_u64(1))
        .unwrap();
    assert_eq!(again.token().as_deref(), Some(NOT_KEPT_EDITED));
    assert_eq!(
        again.token_origin(NOT_KEPT_EDITED),
        TokenOrigin::DroppedEdited
    );
    let statuses = |w: &World| w.log().iter().map(Exchange::status).collect::<Vec<_>>();
    assert_eq!(statuses(&again), statuses(&w));
    assert_eq!(
        Saved::of(&again, origin.clone(), true).unwrap(),
        Saved::of(&w, origin, true).unwrap()
    );
}

#[test]
fn a_session_login_says_which_cookie_flag_a_weakness_dropped() {
    let config = WorldConfig {
        mode: Mode::Session,
        servers: 1,
        pbkdf2_iterations: 50,
        ..WorldConfig::default()
    };
    let mut w = World::new(config, Box::new(SeededEntropy::new(21))).unwrap();
    let strict = w.login(ALICE.0, ALICE.1);
    assert!(!step(&strict, "issue").detail.contains("weakness"));
    w.set_weakness(Weakness::NoHttpOnly, true);
    w.set_weakness(Weakness::SameSiteNone, true);
    let weak = w.login(ALICE.0, ALICE.1);
    let detail = step(&weak, "issue").detail;
    assert!(
        detail.contains("without HttpOnly (weakness no-httponly on)"),
        "{detail}"
    );
    assert!(
        detail.contains("SameSite=None (weakness samesite-none on)"),
        "{detail}"
    );
    let set_cookie = weak.response.header("Set-Cookie").unwrap_or_default();
    assert!(
        !set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=None"),
        "{set_cookie}"
    );
}
