//! Key-pair mode in the simulated world (issue 11), one story per claim:
//! with a shared secret every verifier can mint; with a key pair only the
//! issuer can; a key rotates without logging anyone out; a removed key stops
//! working once the servers' copies of the key set expire.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::jwt::{self, Algorithm, Key, KeyEncoding};
use jwt_playground::sim::{
    Exchange, KeyMode, Mode, Request, SeededEntropy, Sender, Trace, World, WorldConfig,
    JWKS_MAX_AGE, JWKS_PATH,
};

const ALICE: (&str, &str) = ("alice@example.com", "wonderland");

fn world(servers: usize, key_mode: KeyMode) -> World {
    let config = WorldConfig {
        mode: Mode::Jwt,
        servers,
        pbkdf2_iterations: 50,
        key_mode,
        ..WorldConfig::default()
    };
    World::new(config, Box::new(SeededEntropy::new(42))).unwrap()
}

fn header_of(token: &str) -> serde_json::Value {
    let h = token.split('.').next().unwrap();
    serde_json::from_slice(&jwt::base64url::decode(h).unwrap()).unwrap()
}

fn fetches_since(w: &World, seq: u64) -> Vec<&Exchange> {
    w.log()
        .iter()
        .filter(|e| e.seq > seq && matches!(e.sender, Sender::Server(_)))
        .collect()
}

/// `GET /api/profile` from the page until server `id` answers it (round-robin).
fn get_on(w: &mut World, id: usize) -> Exchange {
    for _ in 0..6 {
        let ex = w.get("/api/profile");
        if ex.server_id == Some(id) {
            return ex;
        }
    }
    panic!("server {id} never answered");
}

fn last_seq(w: &World) -> u64 {
    w.log().last().map_or(0, |e| e.seq)
}

#[test]
fn with_a_shared_secret_every_verifier_can_mint() {
    let mut w = world(3, KeyMode::SharedSecret);
    assert_eq!(w.login(ALICE.0, ALICE.1).status(), 200);
    // Anyone who holds the secret to check tokens can write one: an admin token for alice.
    let key = Key::from_text(w.secret(), KeyEncoding::Utf8).unwrap();
    let forged = jwt::sign(
        Algorithm::HS256,
        r#"{"alg":"HS256","typ":"at+jwt"}"#,
        &format!(
            r#"{{"sub":"{}","role":"admin","aud":"https://app.example/api","exp":{}}}"#,
            ALICE.0,
            w.now() + 300
        ),
        &key,
    )
    .unwrap();
    let ex = w.send(
        Request::get("/api/admin").with_header("Authorization", format!("Bearer {}", forged.token)),
    );
    assert_eq!(ex.status(), 200, "{}", ex.response.body);
    // Every server signs logins in turn.
    let mut signers: Vec<usize> = (0..3)
        .map(|_| w.login(ALICE.0, ALICE.1).server_id.unwrap())
        .collect();
    signers.sort();
    assert_eq!(signers, vec![1, 2, 3]);
}

#[test]
fn with_a_key_pair_only_the_issuer_signs_and_others_fetch_its_keys() {
    let mut w = world(3, KeyMode::KeyPair);
    assert_eq!(w.alg(), Algorithm::ES256);
    let login = w.login(ALICE.0, ALICE.1);
    assert_eq!(login.status(), 200, "{}", login.response.body);
    assert_eq!(login.server_id, Some(1), "logins go to the issuer");
    assert!(login.routing.note.contains("only it holds the private key"));
    let token = w.token().unwrap();
    let header = header_of(&token);
    assert_eq!(header["alg"], "ES256");
    assert_eq!(header["kid"], "k1");
    // The build trace shows ECDSA steps.
    let ids: Vec<&str> = login
        .trace
        .build_steps()
        .unwrap()
        .iter()
        .map(|s| s.id.id())
        .collect();
    assert!(
        ids.contains(&"ecdsa-r") && ids.contains(&"ecdsa-s"),
        "{ids:?}"
    );

    // The issuer checks with its own keys; server 2 has none yet: it fetches them first.
    let ex = w.get("/api/profile");
    assert_eq!((ex.server_id, ex.status()), (Some(1), 200));
    let before = last_seq(&w);
    let ex = w.get("/api/profile");
    assert_eq!(ex.status(), 200, "{}", ex.response.body);
    assert_eq!(ex.server_id, Some(2));
    let fetches = fetches_since(&w, before);
    assert_eq!(fetches.len(), 1);
    let fetch = fetches[0];
    assert_eq!(fetch.sender, Sender::Server(2));
    assert_eq!(fetch.request.path, JWKS_PATH);
    assert_eq!(fetch.status(), 200);
    assert!(
        fetch.response.body.contains("\"kid\":\"k1\""),
        "{}",
        fetch.response.body
    );
    assert!(
        !fetch.response.body.contains("\"d\""),
        "no private member is ever published"
    );
    assert!(
        fetch.routing.note.contains("no copy"),
        "{}",
        fetch.routing.note
    );
    assert!(fetch.seq < ex.seq, "the fetch comes first in the log");
    assert!(matches!(fetch.trace, Trace::Jwks(_)));
    // It belongs to the request it was made for (the review of 2026-12-07:
    // the diagram drew it before that request, unexplained): the request
    // names it, the fetch says it, and the request's journey has it as a
    // step just before the signature is checked.
    assert_eq!(ex.fetched.len(), 1);
    assert_eq!(
        (
            ex.fetched[0].seq,
            ex.fetched[0].by,
            ex.fetched[0].answered_by
        ),
        (fetch.seq, 2, Some(1))
    );
    assert!(
        fetch
            .routing
            .note
            .contains(&format!("while it answers request #{}", ex.seq)),
        "{}",
        fetch.routing.note
    );
    let journey = jwt_playground::sim::request_steps(&ex);
    let at = journey
        .iter()
        .position(|s| s.stage == jwt_playground::sim::Stage::Fetch)
        .expect("a fetch step");
    assert_eq!(journey[at + 1].id.as_str(), "signature", "{journey:#?}");
    assert!(journey[at].title.contains("GET /.well-known/jwks.json"));
    assert_eq!(w.server(2).unwrap().jwks().unwrap().kids(), vec!["k1"]);
    assert!(w.server(3).unwrap().jwks().is_none());

    // Server 2 asks again only when it must: the next call there fetches nothing.
    w.get("/api/profile"); // server 3 fetches
    w.get("/api/profile"); // server 1, the issuer: its own keys
    let before = last_seq(&w);
    let ex = w.get("/api/profile");
    assert_eq!((ex.server_id, ex.status()), (Some(2), 200));
    assert!(fetches_since(&w, before).is_empty());
    assert!(ex.fetched.is_empty());

    // Anyone can read the key set; it is safe to publish.
    let ex = w.send(Request::get(JWKS_PATH));
    assert_eq!(ex.status(), 200);
    assert_eq!(
        ex.response.header("Cache-Control"),
        Some("public, max-age=60")
    );
}

#[test]
fn the_published_keys_cannot_mint_a_token() {
    let mut w = world(2, KeyMode::KeyPair);
    w.login(ALICE.0, ALICE.1);
    // Someone with the public JWK Set tries to sign: the engine refuses, it is not a private key.
    let err = jwt::SigningKey::from_text(
        Algorithm::ES256,
        &w.verification_key_text(),
        KeyEncoding::Utf8,
    )
    .unwrap_err();
    assert!(err.to_string().contains("needs the private key"), "{err}");
    // An HS256 token made with the public key text as secret: refused, the servers pin ES256.
    let key = Key::from_text(&w.verification_key_text(), KeyEncoding::Utf8).unwrap();
    let forged = jwt::sign(
        Algorithm::HS256,
        r#"{"alg":"HS256","kid":"k1"}"#,
        &format!(
            r#"{{"sub":"{}","role":"admin","exp":{}}}"#,
            ALICE.0,
            w.now() + 300
        ),
        &key,
    )
    .unwrap();
    let ex = w.send(
        Request::get("/api/admin").with_header("Authorization", format!("Bearer {}", forged.token)),
    );
    assert_eq!(ex.status(), 401);
    assert_eq!(ex.trace.failed_step().unwrap().id.as_str(), "alg");
    // And a raw login sent to a verifier cannot be signed there: logins are routed to the issuer.
    assert_eq!(w.login(ALICE.0, ALICE.1).server_id, Some(1));
}

#[test]
fn rotation_keeps_old_tokens_working_and_servers_fetch_the_new_kid() {
    let mut w = world(2, KeyMode::KeyPair);
    w.login(ALICE.0, ALICE.1);
    let old_token = w.token().unwrap();
    get_on(&mut w, 2); // server 2 caches {k1}
    w.rotate_key();
    assert_eq!(w.issuer().kids(), vec!["k1", "k2"]);
    // A new login is signed with k2.
    w.login(ALICE.0, ALICE.1);
    let new_token = w.token().unwrap();
    assert_eq!(header_of(&new_token)["kid"], "k2");
    // Server 2's copy has only k1: the new kid makes it fetch again, then it accepts.
    let ex = get_on(&mut w, 2);
    assert_eq!(ex.status(), 200, "{}", ex.response.body);
    let fetch = w
        .log()
        .iter()
        .rev()
        .find(|e| matches!(e.sender, Sender::Server(2)))
        .unwrap();
    assert!(
        fetch.routing.note.contains("kid \"k2\""),
        "{}",
        fetch.routing.note
    );
    assert_eq!(
        w.server(2).unwrap().jwks().unwrap().kids(),
        vec!["k1", "k2"]
    );
    // The old token still works everywhere: nobody was logged out.
    w.set_token_text(old_token.clone());
    for _ in 0..2 {
        assert_eq!(w.get("/api/profile").status(), 200);
    }
}

#[test]
fn a_removed_key_stops_working_when_copies_of_the_key_set_expire() {
    let mut w = world(2, KeyMode::KeyPair);
    w.login(ALICE.0, ALICE.1);
    let old_token = w.token().unwrap();
    w.rotate_key();
    get_on(&mut w, 2); // server 2 caches {k1, k2}
    w.remove_old_key();
    assert_eq!(w.issuer().kids(), vec!["k2"]);
    // The issuer itself refuses k1 at once: its own set no longer has it.
    w.set_token_text(old_token.clone());
    let ex = get_on(&mut w, 1);
    assert_eq!(ex.status(), 401);
    assert_eq!(
        ex.trace
            .verify_report()
            .unwrap()
            .error
            .as_ref()
            .unwrap()
            .kind()
            .as_str(),
        "kid"
    );
    // Server 2 still holds a fresh copy with k1: it accepts until the copy expires.
    let ex = get_on(&mut w, 2);
    assert_eq!(ex.status(), 200);
    w.advance_clock(JWKS_MAX_AGE);
    let ex = get_on(&mut w, 2); // copy expired: fetches {k2}, refuses k1
    assert_eq!(ex.status(), 401, "{}", ex.response.body);
    let fetch = w
        .log()
        .iter()
        .rev()
        .find(|e| matches!(e.sender, Sender::Server(2)))
        .unwrap();
    assert!(
        fetch.routing.note.contains("max-age"),
        "{}",
        fetch.routing.note
    );
}

#[test]
fn when_the_issuer_is_down_nobody_logs_in_but_tokens_still_work() {
    let mut w = world(2, KeyMode::KeyPair);
    w.login(ALICE.0, ALICE.1);
    get_on(&mut w, 2); // server 2 fetches the keys
    w.crash(1);
    let ex = w.login(ALICE.0, ALICE.1);
    assert_eq!(ex.status(), 503);
    assert!(
        ex.routing.note.contains("It is down"),
        "{}",
        ex.routing.note
    );
    assert_eq!(
        w.get("/api/profile").status(),
        200,
        "server 2 checks with its copy"
    );
    // A server that restarts has lost its copy and cannot fetch one while the issuer is down.
    w.restart(1);
    w.crash(1);
    w.restart(2);
    let ex = w.get("/api/profile");
    assert_eq!(ex.status(), 401);
    assert!(
        ex.response
            .body
            .contains("no copy of the issuer's public keys"),
        "{}",
        ex.response.body
    );
    // Bring the issuer back: everything recovers without a reload.
    w.restart(1);
    assert_eq!(w.login(ALICE.0, ALICE.1).status(), 200);
    assert_eq!(w.get("/api/profile").status(), 200);
}

#[test]
fn switching_key_mode_refuses_tokens_of_the_other_algorithm() {
    let mut w = world(1, KeyMode::SharedSecret);
    w.login(ALICE.0, ALICE.1);
    w.set_key_mode(KeyMode::KeyPair);
    let ex = w.get("/api/profile");
    assert_eq!(ex.status(), 401);
    assert_eq!(ex.trace.failed_step().unwrap().id.as_str(), "alg");
    assert_eq!(w.login(ALICE.0, ALICE.1).status(), 200);
    assert_eq!(w.get("/api/profile").status(), 200);
    // The shared-secret mode has no key set to publish.
    w.set_key_mode(KeyMode::SharedSecret);
    assert_eq!(w.send(Request::get(JWKS_PATH)).status(), 404);
    // Replaying the story in session mode and back keeps working.
    w.replay_in_mode(Mode::Session);
    w.replay_in_mode(Mode::Jwt);
    assert_eq!(w.login(ALICE.0, ALICE.1).status(), 200);
}

/// From the review: tokens with made-up kids cannot make a server fetch the
/// key set on every request.
#[test]
fn unknown_kids_fetch_at_most_once_per_cooldown() {
    let mut w = world(2, KeyMode::KeyPair);
    w.login(ALICE.0, ALICE.1);
    get_on(&mut w, 2); // server 2 has a copy now
    let token = w.token().unwrap();
    let (h, rest) = token.split_once('.').unwrap();
    let mut header = header_of(&token);
    header["kid"] = serde_json::Value::String("made-up".into());
    let forged = format!(
        "{}.{rest}",
        jwt::base64url::encode(header.to_string().as_bytes())
    );
    assert_ne!(h, forged.split('.').next().unwrap());
    w.set_token_text(forged);
    let before = last_seq(&w);
    for _ in 0..4 {
        get_on(&mut w, 2);
    }
    assert_eq!(
        fetches_since(&w, before).len(),
        1,
        "one fetch, then the cooldown"
    );
    w.advance_clock(jwt_playground::sim::keys::JWKS_COOLDOWN);
    let before = last_seq(&w);
    get_on(&mut w, 2);
    assert_eq!(fetches_since(&w, before).len(), 1);
}
