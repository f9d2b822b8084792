//! The stories of the notes, played in the simulated world, one test each.
//! The table in `src/sim/mod.rs` says which claim of the notes each one shows.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::jwt::base64url;
use jwt_playground::jwt::replace_part;
use jwt_playground::jwt::{self, Algorithm, Key, KeyEncoding, Part};
use jwt_playground::sim::{
    Exchange, LbPolicy, Method, Mode, Request, SeededEntropy, Sender, StoreKind, TokenStorage,
    Trace, World, WorldConfig, DEFAULT_START_TIME,
};

const ALICE: (&str, &str) = ("alice@example.com", "wonderland");
const BOB: (&str, &str) = ("bob@example.com", "builder");

/// A seeded world with cheap password hashing, so the suite runs fast.
fn world_with(mode: Mode, servers: usize, configure: impl FnOnce(&mut WorldConfig)) -> World {
    let mut config = WorldConfig {
        mode,
        servers,
        pbkdf2_iterations: 50,
        ..WorldConfig::default()
    };
    configure(&mut config);
    World::new(config, Box::new(SeededEntropy::new(42))).expect("seeded entropy never fails")
}

fn world(mode: Mode, servers: usize) -> World {
    world_with(mode, servers, |_| {})
}

/// The result (`pass`/`fail`/`skip`) of the checklist step `id`.
fn step(ex: &Exchange, id: &str) -> &'static str {
    ex.trace
        .checklist()
        .iter()
        .find(|s| s.id.as_str() == id)
        .unwrap_or_else(|| panic!("no step {id} in {:?}", ex.trace.checklist()))
        .result
        .as_str()
}

fn failed_step(ex: &Exchange) -> Option<&'static str> {
    ex.trace.failed_step().map(|s| s.id.as_str())
}

fn claims_of(token: &str) -> String {
    let payload = token.split('.').nth(1).unwrap();
    String::from_utf8(base64url::decode(payload).unwrap()).unwrap()
}

#[test]
fn session_login_sets_httponly_cookie_and_server_holds_one_entry() {
    let mut w = world(Mode::Session, 1);
    let ex = w.login(ALICE.0, ALICE.1);
    assert_eq!(ex.status(), 200, "{}", ex.response.body);
    let set_cookie = ex.response.header("Set-Cookie").unwrap();
    assert!(set_cookie.starts_with("sid="), "{set_cookie}");
    assert!(
        set_cookie.ends_with("; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=1800"),
        "{set_cookie}"
    );

    let cookie = w.browser().jar.get("sid").unwrap().clone();
    assert!(cookie.http_only && cookie.secure);
    // 128 random bits in base64url are 22 characters.
    assert!(cookie.value.len() >= 22, "{}", cookie.value);
    assert!(
        !ex.response.body.contains(&cookie.value),
        "the id is only in the cookie"
    );

    let memory = w.memory(1).unwrap();
    assert_eq!(memory.entries, 1);
    assert!(memory.bytes > 0);
    let (sid, session) = w.server(1).unwrap().sessions().iter().next().unwrap();
    assert_eq!(sid, &cookie.value);
    assert_eq!(session.email, "alice@example.com");
    assert_eq!(session.expires_at, DEFAULT_START_TIME + 1800);

    for id in ["body", "user", "password", "issue"] {
        assert_eq!(step(&ex, id), "pass", "{id}");
    }
    assert_eq!(w.token(), None, "no JWT in session mode");
}

#[test]
fn jwt_login_stores_nothing_on_the_server() {
    let mut w = world(Mode::Jwt, 1);
    let ex = w.login(ALICE.0, ALICE.1);
    assert_eq!(ex.status(), 200, "{}", ex.response.body);
    let token = w.token().expect("the page keeps the token");
    assert_eq!(
        ex.response.json_body().unwrap()["token"].as_str(),
        Some(token.as_str())
    );
    assert_eq!(ex.response.header("Set-Cookie"), None);

    // The server remembers nothing: zero entries, zero bytes.
    let memory = w.memory(1).unwrap();
    assert_eq!((memory.entries, memory.bytes), (0, 0));
    assert_eq!(w.total_memory().entries, 0);

    // Header and claims, in the documented order.
    let header_b64 = token.split('.').next().unwrap();
    assert_eq!(
        base64url::decode(header_b64).unwrap(),
        br#"{"alg":"HS256","typ":"at+jwt"}"#
    );
    let claims = claims_of(&token);
    let iat = DEFAULT_START_TIME;
    let prefix = format!(
        r#"{{"sub":"alice@example.com","name":"Alice","role":"user","aud":"https://app.example/api","iat":{iat},"exp":{},"jti":""#,
        iat + 300
    );
    assert!(claims.starts_with(&prefix), "{claims}");

    // The build trace ends with the same token, for the view to play.
    let build = ex.trace.build_steps().unwrap();
    assert_eq!(build.len(), 10);
    assert_eq!(build.last().unwrap().output, token);

    // An independent implementation accepts it with the server's secret.
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    validation.validate_exp = false;
    validation.set_audience(&["https://app.example/api"]);
    let decoded = jsonwebtoken::decode::<serde_json::Value>(
        &token,
        &jsonwebtoken::DecodingKey::from_secret(w.secret().as_bytes()),
        &validation,
    )
    .expect("jsonwebtoken verifies our HS256 token");
    assert_eq!(decoded.claims["role"], "user");
    assert_eq!(w.secret().len(), 43, "32 random bytes in base64url");
}

#[test]
fn valid_token_or_session_cookie_gets_200() {
    // JWT in memory: sent as Authorization: Bearer.
    let mut w = world(Mode::Jwt, 1);
    w.login(ALICE.0, ALICE.1);
    let ex = w.get("/api/profile");
    assert_eq!(ex.status(), 200, "{}", ex.response.body);
    let token = w.token().unwrap();
    assert_eq!(
        ex.request.header("Authorization"),
        Some(format!("Bearer {token}").as_str())
    );
    assert_eq!(
        ex.response.json_body().unwrap()["email"],
        "alice@example.com"
    );
    assert!(ex
        .trace
        .checklist()
        .iter()
        .all(|s| s.result.as_str() != "fail"));
    assert_eq!(step(&ex, "signature"), "pass");
    assert_eq!(step(&ex, "authorize"), "pass");

    // JWT in a cookie set by page script: sent by the browser on its own.
    let mut w = world_with(Mode::Jwt, 1, |c| c.token_storage = TokenStorage::Cookie);
    w.login(ALICE.0, ALICE.1);
    let ex = w.get("/api/profile");
    assert_eq!(ex.status(), 200, "{}", ex.response.body);
    assert_eq!(ex.request.header("Authorization"), None);
    assert!(ex.request.header("Cookie").unwrap().starts_with("token="));

    // Session cookie.
    let mut w = world(Mode::Session, 1);
    w.login(ALICE.0, ALICE.1);
    let ex = w.get("/api/profile");
    assert_eq!(ex.status(), 200, "{}", ex.response.body);
    assert!(ex.request.header("Cookie").unwrap().starts_with("sid="));
    for id in ["cookie", "lookup", "expiry", "authorize"] {
        assert_eq!(step(&ex, id), "pass", "{id}");
    }
}

#[test]
fn tampered_token_gets_401_at_the_signature_step() {
    let mut w = world(Mode::Jwt, 1);
    w.login(ALICE.0, ALICE.1);
    let token = w.token().unwrap();
    let forged_claims = claims_of(&token).replace(r#""role":"user""#, r#""role":"admin""#);
    let forged = replace_part(&token, Part::Payload, &forged_claims);
    w.set_token_text(forged.clone());
    assert_eq!(w.token().as_deref(), Some(forged.as_str()));

    let ex = w.get("/api/admin");
    assert_eq!(ex.status(), 401, "{}", ex.response.body);
    assert_eq!(failed_step(&ex), Some("signature"));
    for id in ["token", "segments", "header", "alg", "crit"] {
        assert_eq!(step(&ex, id), "pass", "{id}");
    }
    assert_eq!(step(&ex, "exp"), "skip");
    assert_eq!(step(&ex, "authorize"), "skip");

    let report = ex.trace.verify_report().unwrap();
    let expected = report.expected_signature.clone().unwrap();
    let received = report.received_signature.clone().unwrap();
    assert_ne!(expected, received, "shown side by side");
    assert_eq!(received, token.split('.').nth(2).unwrap());
    assert!(ex.trace.why().unwrap().contains("signature does not match"));
    let body = ex.response.json_body().unwrap();
    assert_eq!(body["step"], "signature");
    assert_eq!(body["kind"], "signature");
    assert!(ex
        .response
        .header("WWW-Authenticate")
        .unwrap()
        .contains("invalid_token"));
}

#[test]
fn edited_session_cookie_gets_401_no_session() {
    let mut w = world(Mode::Session, 1);
    w.login(ALICE.0, ALICE.1);
    assert!(w.edit_cookie("sid", "AAAAAAAAAAAAAAAAAAAAAA"));
    let ex = w.get("/api/profile");
    assert_eq!(ex.status(), 401, "{}", ex.response.body);
    assert_eq!(step(&ex, "cookie"), "pass");
    assert_eq!(failed_step(&ex), Some("lookup"));
    assert!(ex.response.error_message().unwrap().contains("No session"));
    assert_eq!(
        w.memory(1).unwrap().entries,
        1,
        "the real session is untouched"
    );
}

#[test]
fn role_user_gets_403_on_admin() {
    for mode in [Mode::Jwt, Mode::Session] {
        let mut w = world(mode, 1);
        w.login(ALICE.0, ALICE.1);
        let ex = w.get("/api/admin");
        assert_eq!(ex.status(), 403, "{mode}: {}", ex.response.body);
        assert_eq!(failed_step(&ex), Some("authorize"), "{mode}");
        assert!(ex.trace.why().unwrap().contains("not authorized"), "{mode}");
        // Same user, a route any logged-in user may read.
        assert_eq!(w.get("/api/profile").status(), 200, "{mode}");

        w.logout();
        w.login(BOB.0, BOB.1);
        let ex = w.get("/api/admin");
        assert_eq!(ex.status(), 200, "{mode}: {}", ex.response.body);
        assert_eq!(
            ex.response.json_body().unwrap()["users"][1]["role"],
            "admin"
        );
    }
    // Not logged in at all is 401, not 403.
    let mut w = world(Mode::Jwt, 1);
    assert_eq!(w.get("/api/admin").status(), 401);
}

#[test]
fn token_after_exp_gets_401_expired() {
    let mut w = world(Mode::Jwt, 1);
    w.login(ALICE.0, ALICE.1);
    w.advance_clock(299);
    assert_eq!(w.get("/api/profile").status(), 200, "one second left");
    w.advance_clock(1);
    let ex = w.get("/api/profile");
    assert_eq!(ex.status(), 401, "{}", ex.response.body);
    assert_eq!(failed_step(&ex), Some("exp"));
    assert_eq!(
        step(&ex, "signature"),
        "pass",
        "still authentic, just too old"
    );
    assert_eq!(ex.response.json_body().unwrap()["kind"], "expired");
}

#[test]
fn session_expires_on_the_clock_and_its_cookie_leaves_the_jar() {
    let mut w = world(Mode::Session, 1);
    w.login(ALICE.0, ALICE.1);
    let sid = w.browser().jar.get("sid").unwrap().value.clone();
    w.advance_clock(1799);
    assert_eq!(w.get("/api/profile").status(), 200);
    w.advance_clock(1);
    assert!(w.browser().jar.get("sid").is_none(), "Max-Age passed");
    let ex = w.get("/api/profile");
    assert_eq!(failed_step(&ex), Some("cookie"));

    // A copy of the id sent by hand: the server finds it expired and deletes it.
    let ex = w.send(Request::get("/api/profile").with_header("Cookie", format!("sid={sid}")));
    assert_eq!(ex.status(), 401);
    assert_eq!(failed_step(&ex), Some("expiry"));
    assert_eq!(w.memory(1).unwrap().entries, 0);
}

#[test]
fn logout_ends_session_at_once_but_jwt_copy_works_until_exp() {
    // Session: the server deletes the entry, so a copied id is worthless at once.
    let mut w = world(Mode::Session, 1);
    w.login(ALICE.0, ALICE.1);
    let sid = w.browser().jar.get("sid").unwrap().value.clone();
    let ex = w.logout();
    assert_eq!(ex.status(), 200);
    assert_eq!(step(&ex, "delete"), "pass");
    assert!(ex
        .response
        .header("Set-Cookie")
        .unwrap()
        .contains("Max-Age=0"));
    assert!(w.browser().jar.get("sid").is_none());
    assert_eq!(w.memory(1).unwrap().entries, 0);
    let stolen = w.send(Request::get("/api/profile").with_header("Cookie", format!("sid={sid}")));
    assert_eq!(stolen.status(), 401);
    assert_eq!(failed_step(&stolen), Some("lookup"));

    // JWT: the page forgets the token, but the server has nothing to delete.
    let mut w = world(Mode::Jwt, 1);
    w.login(ALICE.0, ALICE.1);
    let copy = w.token().unwrap();
    let ex = w.logout();
    assert_eq!(ex.status(), 200);
    assert!(
        ex.response.body.contains("still accepted"),
        "{}",
        ex.response.body
    );
    assert_eq!(w.token(), None);
    assert_eq!(
        w.get("/api/profile").status(),
        401,
        "the page has no token now"
    );

    let stolen =
        Request::get("/api/profile").with_header("Authorization", format!("Bearer {copy}"));
    let ex = w.send(stolen.clone());
    assert_eq!(ex.status(), 200, "a copy still works: {}", ex.response.body);
    assert_eq!(ex.sender, Sender::Raw);
    w.advance_clock(300);
    let ex = w.send(stolen);
    assert_eq!(ex.status(), 401);
    assert_eq!(failed_step(&ex), Some("exp"));
}

/// Three `GET /api/profile` in a row: which server answered each, with what status.
fn profile_three_times(w: &mut World) -> Vec<(Option<usize>, u16)> {
    (0..3)
        .map(|_| {
            let ex = w.get("/api/profile");
            (ex.server_id, ex.status())
        })
        .collect()
}

#[test]
fn round_robin_three_servers_sessions_fail_on_next_server_jwt_works_everywhere() {
    let mut w = world(Mode::Session, 3);
    assert_eq!(w.lb_policy(), LbPolicy::RoundRobin);
    let login = w.login(ALICE.0, ALICE.1);
    assert_eq!((login.status(), login.server_id), (200, Some(1)));
    let results = profile_three_times(&mut w);
    assert_eq!(results, [(Some(2), 401), (Some(3), 401), (Some(1), 200)]);
    assert_eq!(w.memory(1).unwrap().entries, 1);
    assert_eq!(w.memory(2).unwrap().entries, 0);
    let ex = w.log()[1].clone();
    assert_eq!(failed_step(&ex), Some("lookup"));
    assert!(matches!(&ex.trace, Trace::Session(t) if t.store == StoreKind::Server(2)));

    w.set_mode(Mode::Jwt);
    assert_eq!(w.servers().len(), 3, "same cluster after the mode switch");
    let login = w.login(ALICE.0, ALICE.1);
    assert_eq!((login.status(), login.server_id), (200, Some(1)));
    let results = profile_three_times(&mut w);
    assert_eq!(results, [(Some(2), 200), (Some(3), 200), (Some(1), 200)]);
    assert_eq!(w.total_memory().entries, 0);
}

#[test]
fn crashed_server_loses_sessions_but_jwt_still_works_on_others() {
    let mut w = world(Mode::Session, 2);
    assert_eq!(w.login(ALICE.0, ALICE.1).server_id, Some(1));
    assert_eq!(w.memory(1).unwrap().entries, 1);
    assert!(w.crash(1));
    assert!(!w.server(1).unwrap().is_up());
    assert_eq!(w.memory(1).unwrap().entries, 0, "its memory died with it");
    let ex = w.get("/api/profile");
    assert_eq!((ex.server_id, ex.status()), (Some(2), 401));
    assert_eq!(failed_step(&ex), Some("lookup"));
    // Log in again: the balancer skips the dead server, and server 2 holds the session.
    let again = w.login(ALICE.0, ALICE.1);
    assert_eq!(again.server_id, Some(2));
    assert!(
        again.routing.note.contains("server 1 down, skipped"),
        "{}",
        again.routing.note
    );
    assert_eq!(w.get("/api/profile").status(), 200);
    assert!(w.restart(1));
    assert_eq!(w.memory(1).unwrap().entries, 0, "restarted empty");

    let mut w = world(Mode::Jwt, 3);
    assert_eq!(w.login(ALICE.0, ALICE.1).server_id, Some(1));
    w.crash(1);
    let results: Vec<(Option<usize>, u16)> = (0..4)
        .map(|_| {
            let ex = w.get("/api/profile");
            (ex.server_id, ex.status())
        })
        .collect();
    assert_eq!(
        results,
        [
            (Some(2), 200),
            (Some(3), 200),
            (Some(2), 200),
            (Some(3), 200)
        ]
    );
}

#[test]
fn shared_session_store_fixes_the_per_server_problem() {
    let mut w = world_with(Mode::Session, 3, |c| c.shared_store = true);
    assert_eq!(w.login(ALICE.0, ALICE.1).status(), 200);
    for expected in [2, 3, 1] {
        let ex = w.get("/api/profile");
        assert_eq!((ex.server_id, ex.status()), (Some(expected), 200));
        assert!(matches!(&ex.trace, Trace::Session(t) if t.store == StoreKind::Shared));
    }
    assert_eq!(w.shared_memory().entries, 1);
    for id in 1..=3 {
        assert_eq!(w.memory(id).unwrap().entries, 0);
    }
    // The store lives outside the servers, so a crash loses nothing.
    w.crash(2);
    assert_eq!(w.get("/api/profile").status(), 200);
    assert_eq!(w.get("/api/profile").status(), 200);

    // Turning it on mid-story fixes it too.
    let mut w = world(Mode::Session, 3);
    w.set_shared_store(true);
    w.login(ALICE.0, ALICE.1);
    assert!((0..3).all(|_| w.get("/api/profile").status() == 200));
}

#[test]
fn sticky_sessions_work_until_their_server_crashes() {
    let mut w = world_with(Mode::Session, 3, |c| c.lb_policy = LbPolicy::Sticky);
    let login = w.login(ALICE.0, ALICE.1);
    assert_eq!(login.server_id, Some(1));
    assert!(login
        .response
        .to_http_text()
        .contains("Set-Cookie: lb=server-1; HttpOnly; Secure; SameSite=Lax; Path=/\n"));
    for _ in 0..3 {
        let ex = w.get("/api/profile");
        assert_eq!((ex.server_id, ex.status()), (Some(1), 200));
        assert!(ex.routing.note.contains("pins"), "{}", ex.routing.note);
    }
    w.crash(1);
    let ex = w.get("/api/profile");
    assert_eq!((ex.server_id, ex.status()), (Some(2), 401));
    assert!(
        ex.routing.note.contains("server 1 is down"),
        "{}",
        ex.routing.note
    );
    assert_eq!(w.browser().jar.get("lb").unwrap().value, "server-2");
    // Log in again; the browser stays on server 2 from now on.
    assert_eq!(w.login(ALICE.0, ALICE.1).server_id, Some(2));
    assert!((0..3).all(|_| w.get("/api/profile").status() == 200));

    // Switching the policy mid-story: round-robin ignores the cookie (and
    // skips the dead server 1), so the session breaks again.
    w.set_lb_policy(LbPolicy::RoundRobin);
    let seen: Vec<_> = (0..2)
        .map(|_| {
            let ex = w.get("/api/profile");
            (ex.server_id, ex.status())
        })
        .collect();
    assert_eq!(seen, [(Some(3), 401), (Some(2), 200)]);
}

#[test]
fn raw_http_text_looks_like_devtools() {
    let mut w = world(Mode::Jwt, 1);
    let login = w.login(ALICE.0, ALICE.1);
    let body = r#"{"email":"alice@example.com","password":"wonderland"}"#;
    assert_eq!(
        login.request.to_http_text(),
        format!(
            "POST /user/login HTTP/1.1\nHost: app.example\nContent-Type: application/json\nContent-Length: {}\n\n{body}",
            body.len()
        )
    );
    let text = login.response.to_http_text();
    assert!(
        text.starts_with("HTTP/1.1 200 OK\nContent-Type: application/json\nContent-Length: "),
        "{text}"
    );
    assert!(
        text.contains("\nCache-Control: no-store\n\n{\"token\":\"eyJ"),
        "{text}"
    );

    let token = w.token().unwrap();
    let ex = w.get("/api/profile");
    assert_eq!(
        ex.request.to_http_text(),
        format!("GET /api/profile HTTP/1.1\nHost: app.example\nAuthorization: Bearer {token}\n\n")
    );
    w.advance_clock(600);
    let ex = w.get("/api/profile");
    let text = ex.response.to_http_text();
    assert!(text.starts_with("HTTP/1.1 401 Unauthorized\n"), "{text}");
    assert!(text
        .contains("\nWWW-Authenticate: Bearer realm=\"app.example\", error=\"invalid_token\"\n"));

    let mut w = world(Mode::Session, 1);
    let login = w.login(ALICE.0, ALICE.1);
    let sid = w.browser().jar.get("sid").unwrap().value.clone();
    assert!(login.response.to_http_text().contains(&format!(
        "\nSet-Cookie: sid={sid}; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=1800\n"
    )));
    let ex = w.get("/api/admin");
    assert_eq!(
        ex.request.to_http_text(),
        format!("GET /api/admin HTTP/1.1\nHost: app.example\nCookie: sid={sid}\n\n")
    );
    assert!(ex
        .response
        .to_http_text()
        .starts_with("HTTP/1.1 403 Forbidden\n"));
}

#[test]
fn jwt_payload_is_readable_by_anyone() {
    let mut w = world(Mode::Jwt, 1);
    w.login(BOB.0, BOB.1);
    // No secret needed to read it: base64url is an encoding, not encryption.
    let claims = claims_of(&w.token().unwrap());
    assert!(claims.contains(r#""sub":"bob@example.com""#));
    assert!(claims.contains(r#""role":"admin""#));
}

#[test]
fn http_only_session_cookie_is_hidden_from_page_script() {
    let mut w = world(Mode::Session, 1);
    w.login(ALICE.0, ALICE.1);
    let view = w.script_view();
    assert_eq!(view.document_cookie, "", "sid is HttpOnly");
    assert_eq!(w.browser().jar.cookies().len(), 1);

    let mut w = world_with(Mode::Jwt, 1, |c| {
        c.token_storage = TokenStorage::LocalStorage
    });
    w.login(ALICE.0, ALICE.1);
    let token = w.token().unwrap();
    assert_eq!(
        w.script_view().local_storage,
        [("token".to_string(), token.clone())]
    );
    w.reload_page();
    assert_eq!(
        w.token().as_deref(),
        Some(token.as_str()),
        "localStorage survives a reload"
    );

    w.set_token_storage(TokenStorage::Cookie);
    assert_eq!(w.script_view().document_cookie, format!("token={token}"));
    assert!(
        w.script_view().local_storage.is_empty(),
        "moved, not copied"
    );
    assert_eq!(w.get("/api/profile").status(), 200);

    w.set_token_storage(TokenStorage::Memory);
    assert_eq!(w.get("/api/profile").status(), 200);
    w.reload_page();
    assert_eq!(w.token(), None, "a page variable dies with the page");
}

#[test]
fn wrong_credentials_get_one_generic_401() {
    let mut w = world(Mode::Jwt, 1);
    let unknown = w.login("mallory@example.com", "wonderland");
    let wrong = w.login(ALICE.0, "Wonderland");
    assert_eq!(unknown.status(), 401);
    assert_eq!(wrong.status(), 401);
    assert_eq!(
        unknown.response.body, wrong.response.body,
        "no hint which part was wrong"
    );
    assert_eq!(failed_step(&unknown), Some("user"));
    assert_eq!(failed_step(&wrong), Some("password"));
    assert_eq!(w.token(), None);
    // The email is matched case-insensitively.
    assert_eq!(w.login("Alice@Example.com", ALICE.1).status(), 200);
}

#[test]
fn malformed_login_body_gets_400() {
    let mut w = world(Mode::Session, 1);
    for body in [
        "",
        "not json",
        "[1,2]",
        r#"{"email":"a"}"#,
        r#"{"email":1,"password":2}"#,
    ] {
        let ex = w.page_request(Method::Post, "/user/login", Some(body.to_string()));
        assert_eq!(ex.status(), 400, "{body}");
        assert_eq!(failed_step(&ex), Some("body"), "{body}");
        assert!(ex.response.error_message().is_some(), "{body}");
    }
    assert_eq!(w.memory(1).unwrap().entries, 0);
}

#[test]
fn unknown_path_is_404_and_wrong_method_is_405() {
    let mut w = world(Mode::Jwt, 1);
    let ex = w.get("/api/secrets");
    assert_eq!(ex.status(), 404);
    assert_eq!(failed_step(&ex), Some("route"));
    let ex = w.page_request(Method::Delete, "/api/profile", None);
    assert_eq!(ex.status(), 405);
    assert_eq!(ex.response.header("Allow"), Some("GET"));
    let ex = w.get("/user/login");
    assert_eq!(
        (ex.status(), ex.response.header("Allow")),
        (405, Some("POST"))
    );
    // The query string does not change the route.
    w.login(ALICE.0, ALICE.1);
    assert_eq!(w.get("/api/profile?tab=1").status(), 200);
}

#[test]
fn all_servers_down_gets_503_from_the_balancer() {
    let mut w = world(Mode::Jwt, 2);
    w.crash(1);
    w.crash(2);
    let ex = w.get("/api/profile");
    assert_eq!((ex.status(), ex.server_id), (503, None));
    assert!(matches!(ex.trace, Trace::Unavailable));
    assert_eq!(failed_step(&ex), Some("balancer"));
    w.restart(2);
    assert_eq!(w.login(ALICE.0, ALICE.1).server_id, Some(2));
}

#[test]
fn new_session_id_on_every_login() {
    let mut w = world(Mode::Session, 1);
    w.login(ALICE.0, ALICE.1);
    let first = w.browser().jar.get("sid").unwrap().value.clone();
    let ex = w.login(ALICE.0, ALICE.1);
    let second = w.browser().jar.get("sid").unwrap().value.clone();
    assert_ne!(first, second);
    assert_eq!(w.memory(1).unwrap().entries, 1, "the old id was dropped");
    assert!(ex.trace.checklist()[3].detail.contains("session fixation"));
}

#[test]
fn resigning_with_the_servers_secret_is_accepted() {
    // Only the secret's holder can mint tokens: with it, a forged role works.
    let mut w = world(Mode::Jwt, 1);
    w.login(ALICE.0, ALICE.1);
    let claims = claims_of(&w.token().unwrap()).replace(r#""role":"user""#, r#""role":"admin""#);
    let key = Key::from_text(w.secret(), KeyEncoding::Utf8).unwrap();
    let header = jwt::typed_header(Algorithm::HS256, "at+jwt", None);
    let signed = jwt::sign(Algorithm::HS256, &header, &claims, &key).unwrap();
    w.set_token_text(signed.token);
    assert_eq!(w.get("/api/admin").status(), 200);

    // Signed with any other secret, it fails at the MAC.
    let other = Key::from_text("not-the-secret", KeyEncoding::Utf8).unwrap();
    w.set_token_text(
        jwt::sign(Algorithm::HS256, &header, &claims, &other)
            .unwrap()
            .token,
    );
    assert_eq!(failed_step(&w.get("/api/admin")), Some("signature"));
}

#[test]
fn alg_none_token_is_refused_at_the_alg_step() {
    let mut w = world(Mode::Jwt, 1);
    w.login(ALICE.0, ALICE.1);
    let token = w.token().unwrap();
    let unsigned = format!(
        "{}.{}.",
        base64url::encode(br#"{"alg":"none","typ":"JWT"}"#),
        token.split('.').nth(1).unwrap()
    );
    w.set_token_text(unsigned);
    let ex = w.get("/api/profile");
    assert_eq!(ex.status(), 401);
    assert_eq!(failed_step(&ex), Some("alg"));
}

#[test]
fn passwords_are_stored_only_as_salted_hashes() {
    let w = world(Mode::Jwt, 1);
    let users = w.users();
    assert_eq!(users.len(), 2);
    for (user, password) in users.iter().zip(["wonderland", "builder"]) {
        let stored = user.password.stored_form();
        assert!(stored.starts_with("pbkdf2-sha256$50$"), "{stored}");
        assert!(!stored.contains(password));
        assert!(user.password.verify(password));
    }
    assert_ne!(users[0].password.salt, users[1].password.salt);
    assert_eq!(users[1].role, "admin");
}

#[test]
fn same_seed_same_story() {
    let play = || {
        let mut w = world(Mode::Session, 2);
        w.login(ALICE.0, ALICE.1);
        w.get("/api/profile");
        w.set_mode(Mode::Jwt);
        w.login(BOB.0, BOB.1);
        w.get("/api/admin");
        (
            w.secret().to_string(),
            w.log()
                .iter()
                .map(|e| e.request.to_http_text() + &e.response.to_http_text())
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(play(), play());
}

#[test]
fn set_mode_and_reset_replay_from_the_start() {
    let mut w = world_with(Mode::Session, 2, |c| c.lb_policy = LbPolicy::Sticky);
    let secret = w.secret().to_string();
    w.login(ALICE.0, ALICE.1);
    w.advance_clock(120);
    w.crash(2);
    w.add_server();
    w.set_mode(Mode::Jwt);
    assert_eq!(w.mode(), Mode::Jwt);
    assert!(w.log().is_empty());
    assert_eq!(w.now(), DEFAULT_START_TIME);
    assert!(w.browser().jar.cookies().is_empty());
    assert_eq!(w.servers().len(), 3, "cluster settings are kept");
    assert!(w.servers().iter().all(|s| s.is_up()));
    assert_eq!(w.lb_policy(), LbPolicy::Sticky);
    assert_eq!(w.secret(), secret);
    assert_eq!(w.login(ALICE.0, ALICE.1).seq, 1);
}

#[test]
fn cluster_size_stays_between_one_and_five() {
    let mut w = world(Mode::Jwt, 9);
    assert_eq!(w.servers().len(), 5);
    assert_eq!(w.add_server(), None);
    for _ in 0..10 {
        w.remove_server();
    }
    assert_eq!(w.servers().len(), 1);
    assert_eq!(w.add_server(), Some(2));
    assert!(!w.crash(7));
}

#[test]
fn switching_mode_replays_the_same_story() {
    let mut w = world(Mode::Jwt, 1);
    w.add_server();
    w.add_server();
    w.login(ALICE.0, ALICE.1);
    w.get("/api/profile");
    w.get("/api/profile");
    let statuses = |w: &World| w.log().iter().map(|e| e.status()).collect::<Vec<_>>();
    assert_eq!(statuses(&w), [200, 200, 200]);
    assert_eq!(w.story().len(), 5);

    // Same clicks with cookie sessions: the session is unknown on servers 2 and 3.
    w.replay_in_mode(Mode::Session);
    assert_eq!(w.mode(), Mode::Session);
    assert_eq!(statuses(&w), [200, 401, 401]);
    assert_eq!(
        w.servers().len(),
        3,
        "the add-server clicks were replayed once"
    );
    assert_eq!(w.story().len(), 5);

    w.replay_in_mode(Mode::Jwt);
    assert_eq!(statuses(&w), [200, 200, 200]);
    assert_eq!(w.total_memory().entries, 0);
}

/// The demo user table ships as stored hashes (the server's database exists
/// before the page loads); they must verify the demo passwords and nothing else.
#[test]
fn demo_user_table_ships_salted_hashes_that_verify() {
    for demo in jwt_playground::sim::DEMO_USERS {
        let stored = jwt_playground::sim::PasswordHash::parse(demo.stored_hash).unwrap();
        assert!(stored.verify(demo.password), "{}", demo.email);
        assert!(!stored.verify("wrong"), "{}", demo.email);
        assert!(!demo.stored_hash.contains(demo.password));
    }
}

// ----- No stuck states --------------------------------------------------

/// Log in as Alice and read the profile: both must answer 200.
fn login_and_profile_work(w: &mut World) {
    let login = w.login(ALICE.0, ALICE.1);
    assert_eq!(login.status(), 200, "login: {:?}", login.trace.why());
    let profile = w.get("/api/profile");
    assert_eq!(profile.status(), 200, "profile: {:?}", profile.trace.why());
}

#[test]
fn login_does_not_carry_the_old_token() {
    let mut w = world(Mode::Jwt, 1);
    w.set_token_text("x".repeat(1 << 20));
    let refused = w.get("/api/profile");
    assert_eq!(refused.status(), 431);
    let login = w.login(ALICE.0, ALICE.1);
    assert!(login.request.header("Authorization").is_none());
    assert_eq!(login.status(), 200);
    // The new token replaced the garbage.
    let token = w.token().unwrap();
    assert!(token.len() < 1000 && token.split('.').count() == 3);
    let profile = w.get("/api/profile");
    assert_eq!(profile.status(), 200);
    assert_eq!(
        profile.request.header("Authorization"),
        Some(format!("Bearer {token}").as_str())
    );
}

#[test]
fn session_mode_never_sends_a_bearer_token() {
    let mut w = world(Mode::Jwt, 1);
    w.set_token_text("garbage ".repeat(100_000));
    assert_eq!(w.get("/api/profile").status(), 431);
    w.replay_in_mode(Mode::Session);
    assert_eq!(w.token(), None);
    login_and_profile_work(&mut w);
    // Token edits and storage changes do nothing to requests in session mode.
    for storage in TokenStorage::ALL {
        w.set_token_storage(storage);
        w.set_token_text("eyJhbGciOiJub25lIn0.e30.");
        assert_eq!(w.token(), None);
        let ex = w.get("/api/profile");
        assert_eq!(ex.status(), 200);
        assert!(ex.request.header("Authorization").is_none());
    }
    for ex in w.log() {
        assert!(ex.request.header("Authorization").is_none(), "{}", ex.seq);
    }
    w.replay_in_mode(Mode::Jwt);
    assert_eq!(w.login(ALICE.0, ALICE.1).status(), 200);
}

#[test]
fn oversized_cookie_edit_is_refused_like_a_browser() {
    use jwt_playground::sim::{CookieError, MAX_COOKIE_BYTES};
    let mut w = world(Mode::Session, 1);
    login_and_profile_work(&mut w);
    let sid = w.browser().jar.get("sid").unwrap().value.clone();
    // "sid" + 4093 bytes is exactly 4096: kept.
    assert!(w.edit_cookie("sid", "A".repeat(MAX_COOKIE_BYTES - 3)));
    assert!(w.last_refusal().is_none());
    assert!(w.edit_cookie("sid", sid.clone()));
    // One byte more is refused, and the cookie keeps its value.
    assert!(!w.edit_cookie("sid", "A".repeat(MAX_COOKIE_BYTES - 2)));
    assert_eq!(w.browser().jar.get("sid").unwrap().value, sid);
    let refusal = w.last_refusal().unwrap().clone();
    assert!(matches!(refusal, CookieError::TooLarge { bytes: 4097, .. }));
    assert!(refusal.to_string().contains("4,097-byte cookie"));
    assert_eq!(w.get("/api/profile").status(), 200);
    // The next action clears the refusal.
    assert!(w.last_refusal().is_none());

    // The page script's token cookie: a 5,000-byte token is not kept.
    let mut w = world_with(Mode::Jwt, 1, |c| c.token_storage = TokenStorage::Cookie);
    login_and_profile_work(&mut w);
    let token = w.token().unwrap();
    w.set_token_text("e".repeat(5000));
    assert!(w
        .last_refusal()
        .unwrap()
        .to_string()
        .starts_with("The browser refused to keep a 5,005-byte cookie \"token\""));
    assert_eq!(w.token(), Some(token));
    assert!(!w
        .browser_mut()
        .store_token("e".repeat(5000), DEFAULT_START_TIME));
    assert_eq!(w.get("/api/profile").status(), 200);
}

#[test]
fn reset_and_mode_switch_recover_from_any_state() {
    // Two servers sharing a session store, one crashed (a crashed server
    // cannot answer, so one must be up for a replay of the same story to log
    // in; the shared store keeps round-robin sessions working on both).
    let mess = |w: &mut World| {
        login_and_profile_work(w);
        w.add_server();
        w.set_shared_store(true);
        w.crash(1);
        w.set_token_text("\u{202e}garbage".repeat(50_000));
        let _ = w.edit_cookie("sid", "%00garbage");
        let _ = w.edit_cookie("lb", "garbage");
        w.advance_clock(i64::MAX);
        assert_eq!(w.now(), jwt_playground::sim::clock::LATEST);
    };
    for mode in [Mode::Jwt, Mode::Session] {
        let mut w = world(mode, 1);
        mess(&mut w);
        w.reset();
        login_and_profile_work(&mut w);

        let mut w = world(mode, 1);
        mess(&mut w);
        for other in [Mode::Session, Mode::Jwt, mode] {
            w.replay_in_mode(other);
            login_and_profile_work(&mut w);
        }
    }
    // Every server crashed: the replay keeps the story (the balancer says
    // why with a 503), restarting one is enough, and reset gives a fresh start.
    let mut w = world(Mode::Jwt, 1);
    login_and_profile_work(&mut w);
    w.crash(1);
    w.replay_in_mode(Mode::Session);
    assert_eq!(w.login(ALICE.0, ALICE.1).status(), 503);
    w.restart(1);
    login_and_profile_work(&mut w);
    w.crash(1);
    w.reset();
    login_and_profile_work(&mut w);
}

#[test]
fn keystrokes_do_not_grow_the_story() {
    use jwt_playground::sim::Action;
    let mut w = world(Mode::Jwt, 1);
    login_and_profile_work(&mut w);
    let before = w.story().len();
    for i in 0..1000 {
        w.set_token_text(format!("edit {i}"));
    }
    assert_eq!(w.story().len(), before + 1);
    assert_eq!(
        w.story().last(),
        Some(&Action::SetTokenText("edit 999".into()))
    );
    w.set_token_storage(TokenStorage::Cookie);
    for i in 0..1000 {
        let _ = w.edit_cookie("token", format!("c{i}"));
    }
    let _ = w.edit_cookie("other", "x");
    assert_eq!(w.story().len(), before + 4);
    // The collapsed story replays to the same browser.
    let token = w.token();
    w.replay_in_mode(Mode::Jwt);
    assert_eq!(w.token(), token);
}

#[test]
fn the_log_keeps_megabyte_headers_shortened() {
    use jwt_playground::sim::MAX_LOGGED_BYTES;
    let mut w = world(Mode::Jwt, 1);
    let garbage = format!("{}{}", "a".repeat(1 << 20), "END");
    w.set_token_text(garbage.clone());
    let ex = w.get("/api/profile");
    // The server saw the full header: 431, with its full size.
    assert_eq!(ex.status(), 431);
    let why = ex.trace.why().unwrap();
    assert!(why.starts_with("The headers take 1048"), "{why}");
    let logged = w
        .last_exchange()
        .unwrap()
        .request
        .header("Authorization")
        .unwrap();
    assert!(logged.len() < MAX_LOGGED_BYTES + 100);
    assert!(logged.starts_with("Bearer aaaa"));
    assert!(logged.ends_with("aaaaEND"));
    assert!(logged.contains("[1,048,586 bytes; the log keeps the first and last 8,192]"));
    // 500 of them stay small.
    for _ in 0..600 {
        w.get("/api/profile");
    }
    let held: usize = w
        .log()
        .iter()
        .flat_map(|e| e.request.headers.iter())
        .map(|(n, v)| n.len() + v.len())
        .sum();
    assert!(held < 500 * (MAX_LOGGED_BYTES + 200), "{held}");
}
