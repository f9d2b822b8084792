//! The attack lab's server weaknesses (issue 12, in part), one pair of
//! stories each: the attack works against the weakness and is refused by the
//! strict server, at the step and with the reason a student should see.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::jwt::guess::{CrackStatus, Cracker};
use jwt_playground::jwt::{
    self, base64url, sign_with, Algorithm, Key, KeyEncoding, PrivateKey, SigningKey,
};
use jwt_playground::sim::{Exchange, KeyMode, Mode, Request, Weakness, World, WEAK_SECRET};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;

mod jwt_story;
use jwt_story::{admin_claims, ALICE};

fn world(key_mode: KeyMode) -> World {
    jwt_story::jwt_world(key_mode, 3)
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
    ex.trace.failed_step().map_or("none", |s| s.id.as_str())
}

#[test]
fn alg_none_accepted_when_vulnerable() {
    let mut w = world(KeyMode::SharedSecret);
    w.set_weakness(Weakness::AlgNone, true);
    let token = unsigned(r#"{"alg":"none","typ":"at+jwt"}"#, &admin_claims(&w));
    let ex = as_admin(&mut w, &token);
    assert_eq!(ex.status(), 200, "{}", ex.response.body);
    let alg = ex
        .trace
        .checklist()
        .into_iter()
        .find(|s| s.id.as_str() == "alg")
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
        r#"{"alg":"HS256","typ":"at+jwt"}"#,
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
        r#"{"alg":"HS256","typ":"at+jwt"}"#,
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
        r#"{"alg":"HS256","typ":"at+jwt"}"#,
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
    let header = format!(r#"{{"alg":"ES256","typ":"at+jwt","jwk":{jwk}}}"#);
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
        r#"{"alg":"HS256","typ":"at+jwt","kid":"../../../../dev/null"}"#,
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
        r#"{"alg":"HS256","typ":"at+jwt","kid":"../../../../dev/null"}"#,
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
        .find(|s| s.id.as_str() == "exp")
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

// ----- issue 12, the rest: jku, the injected script, the cookie flags --------

use jwt_playground::sim::attacker::{
    attacker_key, Credential, ATTACKER_HOST, ATTACKER_JWKS_URL, ATTACKER_KID, CSRF_NAME,
};
use jwt_playground::sim::{Sender, TokenStorage, RENAME_PATH};

const BOB: (&str, &str) = ("bob@example.com", "builder");

fn jku_token(w: &World, url: &str) -> String {
    let header =
        format!(r#"{{"alg":"ES256","typ":"at+jwt","kid":"{ATTACKER_KID}","jku":"{url}"}}"#);
    let signer = SigningKey::Private {
        key: Box::new(attacker_key().unwrap()),
        kid: Some(ATTACKER_KID.to_string()),
    };
    sign_with(
        Algorithm::ES256,
        &header,
        &admin_claims(w),
        &signer,
        &mut ChaCha20Rng::seed_from_u64(2),
    )
    .unwrap()
    .token
}

fn asked_evil(w: &World) -> Vec<&Exchange> {
    w.log()
        .iter()
        .filter(|e| e.request.header("Host") == Some(ATTACKER_HOST))
        .collect()
}

#[test]
fn trust_jku_accepted_when_vulnerable() {
    let mut w = world(KeyMode::KeyPair);
    w.set_weakness(Weakness::TrustJku, true);
    let token = jku_token(&w, ATTACKER_JWKS_URL);
    let ex = as_admin(&mut w, &token);
    assert_eq!(ex.status(), 200, "{}", ex.response.body);
    let signature = ex
        .trace
        .checklist()
        .into_iter()
        .find(|s| s.id.as_str() == "signature")
        .unwrap();
    assert!(
        signature.detail.contains("UNSAFE (weakness trust-jku)"),
        "{}",
        signature.detail
    );
    // The server's own request to evil.example is in the log, just before.
    let fetches = asked_evil(&w);
    assert_eq!(fetches.len(), 1);
    assert_eq!(fetches[0].sender, Sender::Server(1));
    assert_eq!(fetches[0].request.path, "/.well-known/jwks.json");
    assert_eq!(fetches[0].seq + 1, ex.seq);
    // ...made for this request, which names it (drawn inside its row).
    assert_eq!(ex.fetched.len(), 1);
    assert_eq!(ex.fetched[0].seq, fetches[0].seq);
    assert_eq!(ex.fetched[0].answered_by, None);
    assert_eq!(ex.fetched[0].host, "evil.example");
}

#[test]
fn trust_jku_refused_when_strict() {
    let mut w = world(KeyMode::KeyPair);
    let token = jku_token(&w, ATTACKER_JWKS_URL);
    let ex = as_admin(&mut w, &token);
    assert_eq!(ex.status(), 401);
    assert_eq!(failed(&ex), "signature");
    assert!(
        asked_evil(&w).is_empty(),
        "the strict server fetches nothing"
    );
    let report = ex.trace.verify_report().unwrap();
    assert!(
        report.warnings.iter().any(|w| w.contains("\"jku\"")),
        "{:?}",
        report.warnings
    );
}

#[test]
fn trust_jku_to_a_missing_key_set_is_refused_with_the_address() {
    let mut w = world(KeyMode::KeyPair);
    w.set_weakness(Weakness::TrustJku, true);
    let token = jku_token(&w, "https://evil.example/nothing-here.json");
    let ex = as_admin(&mut w, &token);
    assert_eq!(ex.status(), 401);
    assert!(
        ex.response.body.contains("nothing-here.json"),
        "{}",
        ex.response.body
    );
    assert_eq!(asked_evil(&w)[0].status(), 404);
}

fn bob_world(mode: Mode, storage: TokenStorage, weaknesses: &[Weakness]) -> World {
    let mut w = world(KeyMode::SharedSecret);
    w.set_mode(mode);
    w.set_token_storage(storage);
    for weakness in weaknesses {
        w.set_weakness(*weakness, true);
    }
    w.login(BOB.0, BOB.1);
    w
}

#[test]
fn xss_steals_a_local_storage_token_when_vulnerable() {
    let mut w = bob_world(Mode::Jwt, TokenStorage::LocalStorage, &[Weakness::Xss]);
    let sent = w
        .open_comments_page()
        .expect("the script posts to evil.example");
    assert_eq!(sent.sender, Sender::InjectedScript);
    assert_eq!(sent.request.header("Host"), Some(ATTACKER_HOST));
    assert!(matches!(w.loot().credential(), Some(Credential::Token(_))));
    let ex = w.attacker_send("/api/admin").unwrap();
    assert_eq!((ex.sender, ex.status()), (Sender::Attacker, 200));
}

#[test]
fn xss_refused_when_strict() {
    let mut w = bob_world(Mode::Jwt, TokenStorage::LocalStorage, &[]);
    assert!(
        w.open_comments_page().is_none(),
        "an escaped comment runs nothing"
    );
    assert_eq!(w.loot().script_ran, Some(false));
    assert!(w.loot().stolen.is_empty());
    let ex = w.attacker_send("/api/admin").unwrap();
    assert_eq!((ex.status(), failed(&ex)), (401, "token"));
}

#[test]
fn xss_cannot_read_a_token_kept_in_memory() {
    let mut w = bob_world(Mode::Jwt, TokenStorage::Memory, &[Weakness::Xss]);
    w.open_comments_page().unwrap();
    assert_eq!(w.loot().script_ran, Some(true));
    assert_eq!(w.loot().credential(), None);
}

#[test]
fn no_httponly_session_id_stolen_when_vulnerable() {
    let mut w = bob_world(
        Mode::Session,
        TokenStorage::Memory,
        &[Weakness::Xss, Weakness::NoHttpOnly],
    );
    assert!(!w.browser().jar.get("sid").unwrap().http_only);
    w.open_comments_page().unwrap();
    assert!(matches!(
        w.loot().credential(),
        Some(Credential::SessionId(_))
    ));
    let ex = w.attacker_send("/api/admin").unwrap();
    assert_eq!(ex.status(), 200, "{}", ex.response.body);
}

#[test]
fn no_httponly_refused_when_strict() {
    let mut w = bob_world(Mode::Session, TokenStorage::Memory, &[Weakness::Xss]);
    assert!(w.browser().jar.get("sid").unwrap().http_only);
    w.open_comments_page().unwrap();
    assert_eq!(
        w.loot().credential(),
        None,
        "HttpOnly hides the sid from document.cookie"
    );
    let ex = w.attacker_send("/api/admin").unwrap();
    assert_eq!((ex.status(), failed(&ex)), (401, "cookie"));
}

#[test]
fn samesite_none_csrf_accepted_when_vulnerable() {
    let mut w = bob_world(
        Mode::Session,
        TokenStorage::Memory,
        &[Weakness::SameSiteNone],
    );
    let ex = w.visit_attacker_site();
    assert_eq!(ex.sender, Sender::CrossSite);
    assert_eq!(ex.request.header("Origin"), Some("https://evil.example"));
    assert!(ex.request.cookie("sid").is_some());
    assert_eq!(ex.status(), 200, "{}", ex.response.body);
    // The change is Bob's: his own page now shows the attacker's name.
    let profile = w.get("/api/profile");
    assert_eq!(
        profile.response.body_string("name").as_deref(),
        Some(CSRF_NAME)
    );
}

#[test]
fn samesite_none_refused_when_strict() {
    let mut w = bob_world(Mode::Session, TokenStorage::Memory, &[]);
    let ex = w.visit_attacker_site();
    assert!(
        ex.request.cookie("sid").is_none(),
        "SameSite=Lax stays home on a cross-site POST"
    );
    assert_eq!((ex.status(), failed(&ex)), (401, "cookie"));
    assert_ne!(
        w.get("/api/profile")
            .response
            .body_string("name")
            .as_deref(),
        Some(CSRF_NAME)
    );
}

#[test]
fn a_bearer_token_is_never_sent_by_another_sites_page() {
    let mut w = bob_world(
        Mode::Jwt,
        TokenStorage::LocalStorage,
        &[Weakness::SameSiteNone],
    );
    let ex = w.visit_attacker_site();
    assert!(ex.request.header("Authorization").is_none());
    assert_eq!(ex.status(), 401);
    assert_eq!(RENAME_PATH, ex.request.route_path());
}

#[test]
fn token_in_url_accepted_when_vulnerable() {
    let mut w = bob_world(Mode::Jwt, TokenStorage::Memory, &[Weakness::TokenInUrl]);
    let token = w.token().unwrap();
    // The page's script sends the token in the URL, and the server takes it there.
    let profile = w.get("/api/profile");
    assert_eq!(profile.status(), 200, "{}", profile.response.body);
    assert!(profile.request.path.contains("access_token="));
    assert_eq!(profile.request.header("Authorization"), None);
    let step = profile.trace.checklist().into_iter().next().unwrap();
    assert!(
        step.detail.contains("UNSAFE (weakness token-in-url)"),
        "{}",
        step.detail
    );
    // A link on that page to evil.example hands the address over in Referer.
    let visit = w.follow_link_to_attacker();
    assert_eq!(visit.request.header("Host"), Some(ATTACKER_HOST));
    let referer = visit.request.header("Referer").unwrap();
    assert!(referer.starts_with("https://app.example/"), "{referer}");
    assert!(
        referer.contains(&format!("access_token={token}")),
        "{referer}"
    );
    assert_eq!(w.loot().credential(), Some(Credential::Token(token)));
    let ex = w.attacker_send("/api/admin").unwrap();
    assert_eq!((ex.sender, ex.status()), (Sender::Attacker, 200));
}

#[test]
fn token_in_url_refused_when_strict() {
    let mut w = bob_world(Mode::Jwt, TokenStorage::Memory, &[]);
    let token = w.token().unwrap();
    let profile = w.get("/api/profile");
    assert_eq!(profile.status(), 200);
    assert!(!profile.request.path.contains("access_token"));
    // The link sends the origin only: nothing to steal.
    let visit = w.follow_link_to_attacker();
    assert_eq!(
        visit.request.header("Referer"),
        Some("https://app.example/")
    );
    assert!(w.loot().stolen.is_empty());
    let ex = w.attacker_send("/api/admin").unwrap();
    assert_eq!((ex.status(), failed(&ex)), (401, "token"));
    // And a strict server does not read a token from the URL at all, with a reason.
    let in_url = w.send(Request::get("/api/admin").with_query_param("access_token", &token));
    assert_eq!((in_url.status(), failed(&in_url)), (401, "token"));
    assert!(
        in_url.response.body.contains("RFC 6750 section 5.3"),
        "{}",
        in_url.response.body
    );
}

/// Alice in key-pair mode (ES256 tokens), her token revoked, then sent again
/// as its signature's twin: the same token, another text.
fn revoked_then_twin(weaknesses: &[Weakness]) -> (World, Exchange, Exchange) {
    let mut w = world(KeyMode::KeyPair);
    for weakness in weaknesses {
        w.set_weakness(*weakness, true);
    }
    w.login(ALICE.0, ALICE.1);
    let token = w.token().unwrap();
    assert_eq!(w.revoke_token().status(), 200);
    let revoked = w.get("/api/profile");
    let twin = jwt_playground::sim::attacker::twin_signature(&token).unwrap();
    assert_ne!(twin, token);
    // The twin is a valid signature of the same token: the same header and claims.
    let (input, _) = token.rsplit_once('.').unwrap();
    assert!(twin.starts_with(input));
    w.set_token_text(twin);
    let again = w.get("/api/profile");
    (w, revoked, again)
}

#[test]
fn denylist_by_string_accepted_when_vulnerable() {
    let (_, revoked, again) = revoked_then_twin(&[Weakness::DenylistByString]);
    assert_eq!((revoked.status(), failed(&revoked)), (401, "revoked"));
    assert_eq!(again.status(), 200, "{}", again.response.body);
    let step = again
        .trace
        .checklist()
        .into_iter()
        .find(|s| s.id.as_str() == "revoked")
        .unwrap();
    assert!(
        step.detail.contains("UNSAFE (weakness denylist-by-string)"),
        "{}",
        step.detail
    );
}

#[test]
fn denylist_by_string_refused_when_strict() {
    let (_, revoked, again) = revoked_then_twin(&[]);
    assert_eq!((revoked.status(), failed(&revoked)), (401, "revoked"));
    // The twin verifies (the signature step passes), and its jti is still listed.
    assert_eq!((again.status(), failed(&again)), (401, "revoked"));
    let signature = again
        .trace
        .checklist()
        .into_iter()
        .find(|s| s.id.as_str() == "signature")
        .unwrap();
    assert_eq!(signature.result, jwt::StepResult::Pass);
}

#[test]
fn no_aud_accepted_when_vulnerable() {
    let mut w = bob_world(Mode::Jwt, TokenStorage::Memory, &[Weakness::NoAud]);
    let own = w.token().unwrap();
    // Bob signs in to reports.example with the same issuer: an ID token for it.
    let signin = w.sign_in_to_reports();
    assert_eq!(signin.status(), 200, "{}", signin.response.body);
    assert_eq!(signin.request.header("Host"), Some("reports.example"));
    let id_token = w.reports_id_token().unwrap();
    assert_ne!(id_token, own);
    let claims = jwt::decode(&id_token).payload.json.unwrap();
    assert_eq!(
        claims.get("aud").and_then(|a| a.as_str()),
        Some("https://reports.example")
    );
    // The API takes it: the signature is the issuer's, and aud and typ are never read.
    let ex = as_admin(&mut w, &id_token);
    assert_eq!(ex.status(), 200, "{}", ex.response.body);
    for step in ["aud", "typ"] {
        let line = ex
            .trace
            .checklist()
            .into_iter()
            .find(|s| s.id.as_str() == step)
            .unwrap();
        assert_eq!(line.word(), "skipped (weakness on)", "{step}");
        assert!(
            line.detail.contains("UNSAFE (weakness no-aud)"),
            "{}",
            line.detail
        );
        assert!(
            line.detail.contains("a strict server refuses"),
            "{}",
            line.detail
        );
    }
}

#[test]
fn no_aud_refused_when_strict() {
    let mut w = bob_world(Mode::Jwt, TokenStorage::Memory, &[]);
    // The app's own token is an access token for the API: it says so.
    let own = w.token().unwrap();
    let header = jwt::decode(&own).header.json.unwrap();
    assert_eq!(header.get("typ").and_then(|t| t.as_str()), Some("at+jwt"));
    let claims = jwt::decode(&own).payload.json.unwrap();
    assert_eq!(
        claims.get("aud").and_then(|a| a.as_str()),
        Some("https://app.example/api")
    );
    assert_eq!(as_admin(&mut w, &own).status(), 200);
    // reports.example's ID token is refused at aud, with RFC 8725's reason.
    w.sign_in_to_reports();
    let id_token = w.reports_id_token().unwrap();
    let ex = as_admin(&mut w, &id_token);
    assert_eq!((ex.status(), failed(&ex)), (401, "aud"));
    assert!(
        ex.response.body.contains("RFC 8725 section 3.9"),
        "{}",
        ex.response.body
    );
    assert!(
        ex.response.body.contains("https://reports.example"),
        "{}",
        ex.response.body
    );
    // A token of the issuer for the API's audience, but not typed as an
    // access token (an ID token whose client is the API), stops at typ.
    let secret = w.secret().to_string();
    let claims = format!(
        r#"{{"sub":"bob@example.com","role":"admin","aud":"https://app.example/api","exp":{}}}"#,
        w.now() + 300
    );
    let untyped = hmac(r#"{"alg":"HS256","typ":"JWT"}"#, &claims, secret.as_bytes());
    let ex = as_admin(&mut w, &untyped);
    assert_eq!((ex.status(), failed(&ex)), (401, "typ"));
    assert!(
        ex.response.body.contains("RFC 8725 section 3.11"),
        "{}",
        ex.response.body
    );
    // Without reports.example having signed anyone in, it gets nothing.
    let mut fresh = world(KeyMode::KeyPair);
    assert_eq!(fresh.sign_in_to_reports().status(), 401);
    assert_eq!(fresh.reports_id_token(), None);
}
