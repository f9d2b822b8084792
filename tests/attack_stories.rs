//! The attack lab's server weaknesses (issue 12, in part), one pair of
//! stories each: the attack works against the weakness and is refused by the
//! strict server, at the step and with the reason a student should see.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::jwt::weak::{CrackStatus, Cracker};
use jwt_playground::jwt::{
    self, base64url, sign_with, Algorithm, Key, KeyEncoding, PrivateKey, SigningKey,
};
use jwt_playground::sim::{
    Exchange, KeyMode, Mode, Request, SeededEntropy, Weakness, World, WorldConfig, WEAK_SECRET,
};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;

const ALICE: (&str, &str) = ("alice@example.com", "wonderland");

fn world(key_mode: KeyMode) -> World {
    let config = WorldConfig {
        mode: Mode::Jwt,
        servers: 1,
        pbkdf2_iterations: 50,
        key_mode,
        ..WorldConfig::default()
    };
    World::new(config, Box::new(SeededEntropy::new(3))).unwrap()
}

fn admin_claims(w: &World) -> String {
    format!(
        r#"{{"sub":"{}","role":"admin","exp":{}}}"#,
        ALICE.0,
        w.now() + 300
    )
}

fn as_admin(w: &mut World, token: &str) -> Exchange {
    w.send(Request::get("/api/admin").with_header("Authorization", format!("Bearer {token}")))
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

fn failed(ex: &Exchange) -> &'static str {
    ex.trace.failed_step().map(|s| s.id).unwrap_or("none")
}

#[test]
fn alg_none_accepted_when_vulnerable() {
    let mut w = world(KeyMode::SharedSecret);
    w.set_weakness(Weakness::AlgNone, true);
    let token = unsigned(r#"{"alg":"none"}"#, &admin_claims(&w));
    let ex = as_admin(&mut w, &token);
    assert_eq!(ex.status(), 200, "{}", ex.response.body);
    let alg = ex
        .trace
        .checklist()
        .into_iter()
        .find(|s| s.id == "alg")
        .unwrap();
    assert!(
        alg.detail.contains("UNSAFE (weakness alg-none)"),
        "{}",
        alg.detail
    );
}

#[test]
fn alg_none_refused_when_strict() {
    let mut w = world(KeyMode::SharedSecret);
    let token = unsigned(r#"{"alg":"nOnE"}"#, &admin_claims(&w));
    let ex = as_admin(&mut w, &token);
    assert_eq!((ex.status(), failed(&ex)), (401, "alg"));
}

#[test]
fn alg_confusion_accepted_when_vulnerable() {
    let mut w = world(KeyMode::KeyPair);
    w.set_weakness(Weakness::AlgConfusion, true);
    // The attacker downloads the public key and uses its PEM text as an HMAC secret.
    let pem = w.issuer().current().unwrap().private.public().to_pem();
    let token = hmac(
        r#"{"alg":"HS256","typ":"JWT"}"#,
        &admin_claims(&w),
        pem.as_bytes(),
    );
    let ex = as_admin(&mut w, &token);
    assert_eq!(ex.status(), 200, "{}", ex.response.body);
}

#[test]
fn alg_confusion_refused_when_strict() {
    let mut w = world(KeyMode::KeyPair);
    let pem = w.issuer().current().unwrap().private.public().to_pem();
    let token = hmac(
        r#"{"alg":"HS256","typ":"JWT"}"#,
        &admin_claims(&w),
        pem.as_bytes(),
    );
    let ex = as_admin(&mut w, &token);
    assert_eq!((ex.status(), failed(&ex)), (401, "alg"));
}

#[test]
fn weak_secret_is_guessed_and_a_forged_admin_token_accepted_when_vulnerable() {
    let mut w = world(KeyMode::SharedSecret);
    w.set_weakness(Weakness::WeakSecret, true);
    assert_eq!(w.secret(), WEAK_SECRET);
    w.login(ALICE.0, ALICE.1);
    let mut cracker = Cracker::new(&w.token().unwrap());
    let found = loop {
        match cracker.run(10_000).clone() {
            CrackStatus::Running { .. } => continue,
            CrackStatus::Found { secret, .. } => break secret,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(found, WEAK_SECRET);
    let key = Key::from_text(&found, KeyEncoding::Utf8).unwrap();
    let forged = jwt::sign(
        Algorithm::HS256,
        r#"{"alg":"HS256"}"#,
        &admin_claims(&w),
        &key,
    )
    .unwrap();
    assert_eq!(as_admin(&mut w, &forged.token).status(), 200);
}

#[test]
fn weak_secret_not_guessed_when_strict() {
    let mut w = world(KeyMode::SharedSecret);
    w.login(ALICE.0, ALICE.1);
    let mut cracker = Cracker::new(&w.token().unwrap());
    let status = loop {
        match cracker.run(10_000).clone() {
            CrackStatus::Running { .. } => continue,
            other => break other,
        }
    };
    assert!(
        matches!(status, CrackStatus::Exhausted { .. }),
        "{status:?}"
    );
    // And switching the weakness off again restores the random secret.
    w.set_weakness(Weakness::WeakSecret, true);
    w.set_weakness(Weakness::WeakSecret, false);
    assert_ne!(w.secret(), WEAK_SECRET);
}

fn jwk_token(w: &World) -> String {
    let attacker =
        PrivateKey::generate(Algorithm::ES256, &mut ChaCha20Rng::seed_from_u64(66)).unwrap();
    let jwk = attacker.public().to_jwk(None, None).to_compact();
    let header = format!(r#"{{"alg":"ES256","jwk":{jwk}}}"#);
    let signer = SigningKey::Private {
        key: Box::new(attacker),
        kid: None,
    };
    sign_with(
        Algorithm::ES256,
        &header,
        &admin_claims(w),
        &signer,
        &mut ChaCha20Rng::seed_from_u64(1),
    )
    .unwrap()
    .token
}

#[test]
fn trust_jwk_accepted_when_vulnerable() {
    let mut w = world(KeyMode::KeyPair);
    w.set_weakness(Weakness::TrustJwk, true);
    let token = jwk_token(&w);
    let ex = as_admin(&mut w, &token);
    assert_eq!(ex.status(), 200, "{}", ex.response.body);
}

#[test]
fn trust_jwk_refused_when_strict() {
    let mut w = world(KeyMode::KeyPair);
    let token = jwk_token(&w);
    let ex = as_admin(&mut w, &token);
    assert_eq!(ex.status(), 401);
    assert!(
        matches!(failed(&ex), "signature" | "kid"),
        "{}",
        failed(&ex)
    );
}

#[test]
fn kid_path_accepted_when_vulnerable() {
    let mut w = world(KeyMode::SharedSecret);
    w.set_weakness(Weakness::KidPath, true);
    let token = hmac(
        r#"{"alg":"HS256","kid":"../../../../dev/null"}"#,
        &admin_claims(&w),
        b"",
    );
    let ex = as_admin(&mut w, &token);
    assert_eq!(ex.status(), 200, "{}", ex.response.body);
}

#[test]
fn kid_path_refused_when_strict() {
    let mut w = world(KeyMode::SharedSecret);
    let token = hmac(
        r#"{"alg":"HS256","kid":"../../../../dev/null"}"#,
        &admin_claims(&w),
        b"",
    );
    let ex = as_admin(&mut w, &token);
    assert_eq!((ex.status(), failed(&ex)), (401, "signature"));
}

#[test]
fn no_exp_accepted_when_vulnerable() {
    let mut w = world(KeyMode::SharedSecret);
    w.set_weakness(Weakness::NoExp, true);
    w.login(ALICE.0, ALICE.1);
    w.advance_clock(3600);
    let ex = w.get("/api/profile");
    assert_eq!(ex.status(), 200, "{}", ex.response.body);
    let exp = ex
        .trace
        .checklist()
        .into_iter()
        .find(|s| s.id == "exp")
        .unwrap();
    assert!(
        exp.detail.contains("UNSAFE (weakness no-exp)"),
        "{}",
        exp.detail
    );
}

#[test]
fn no_exp_refused_when_strict() {
    let mut w = world(KeyMode::SharedSecret);
    w.login(ALICE.0, ALICE.1);
    w.advance_clock(3600);
    let ex = w.get("/api/profile");
    assert_eq!((ex.status(), failed(&ex)), (401, "exp"));
}
