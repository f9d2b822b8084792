//! The token lifecycle (issue 13), one story per claim: refresh tokens
//! rotate and a reused one revokes its family; an expired access token is
//! renewed without a new login; a deny-listed token is refused where the
//! server's copy of the list is fresh and accepted where it is stale; "log
//! out everywhere" ends every credential of the user in each scheme.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::sim::{
    Exchange, FamilyState, Mode, Request, SeededEntropy, Seen, Sender, TokenScheme, World,
    WorldConfig, REFRESH_COOKIE, REFRESH_PATH,
};

const ALICE: (&str, &str) = ("alice@example.com", "wonderland");
const BOB: (&str, &str) = ("bob@example.com", "builder");

fn world(mode: Mode, servers: usize, scheme: TokenScheme, delay: i64) -> World {
    let config = WorldConfig {
        mode,
        servers,
        pbkdf2_iterations: 50,
        token_scheme: scheme,
        deny_delay: delay,
        ..WorldConfig::default()
    };
    World::new(config, Box::new(SeededEntropy::new(7))).unwrap()
}

fn refresh_cookie(w: &World) -> Option<String> {
    w.browser().jar.get(REFRESH_COOKIE).map(|c| c.value.clone())
}

fn get_on(w: &mut World, id: usize) -> Exchange {
    for _ in 0..6 {
        let ex = w.get("/api/profile");
        if ex.server_id == Some(id) {
            return ex;
        }
    }
    panic!("server {id} never answered");
}

fn bearer(token: &str) -> Request {
    Request::get("/api/profile").with_header("Authorization", format!("Bearer {token}"))
}

#[test]
fn login_with_refresh_sets_a_scoped_httponly_cookie_and_stores_only_a_hash() {
    let mut w = world(Mode::Jwt, 1, TokenScheme::AccessRefresh, 30);
    let ex = w.login(ALICE.0, ALICE.1);
    assert_eq!(ex.status(), 200);
    let set = ex
        .response
        .set_cookies()
        .into_iter()
        .find(|c| c.name == REFRESH_COOKIE)
        .unwrap();
    assert!(set.http_only && set.secure);
    assert_eq!(set.path.as_deref(), Some(REFRESH_PATH));
    assert!(set.to_header_value().contains("SameSite=Strict"));
    let refresh = refresh_cookie(&w).unwrap();
    // Page script cannot read it, and it is not sent to the API.
    assert!(!w.script_view().document_cookie.contains(&refresh));
    let api = w.get("/api/profile");
    assert!(!api.request.to_http_text().contains(&refresh));
    // The server keeps a family, not the token.
    let families = w.lifecycle().families();
    assert_eq!(families.len(), 1);
    assert_eq!(families[0].email, ALICE.0);
    assert!(!format!("{:?}", families[0]).contains(&refresh));
}

#[test]
fn rotation_issues_a_new_refresh_token_and_spends_the_old() {
    let mut w = world(Mode::Jwt, 1, TokenScheme::AccessRefresh, 30);
    w.login(ALICE.0, ALICE.1);
    let first = refresh_cookie(&w).unwrap();
    let old_access = w.token().unwrap();
    let ex = w.refresh_now();
    assert_eq!(ex.status(), 200, "{}", ex.response.body);
    let second = refresh_cookie(&w).unwrap();
    assert_ne!(first, second);
    assert_ne!(w.token().unwrap(), old_access);
    assert_eq!(w.lifecycle().families()[0].rotations, 1);
    // The spent one, sent again, is refused.
    let replay = w.send(
        Request::new(jwt_playground::sim::Method::Post, REFRESH_PATH)
            .with_header("Host", "app.example")
            .with_header("Cookie", format!("{REFRESH_COOKIE}={first}")),
    );
    assert_eq!(replay.status(), 401);
}

#[test]
fn reuse_of_a_spent_refresh_token_revokes_the_family() {
    let mut w = world(Mode::Jwt, 1, TokenScheme::AccessRefresh, 30);
    w.login(ALICE.0, ALICE.1);
    assert!(w.steal_refresh());
    // The user refreshes first: the thief's copy is spent now.
    assert_eq!(w.refresh_now().status(), 200);
    let ex = w.replay_refresh().unwrap();
    assert_eq!(ex.sender, Sender::Raw);
    assert_eq!(ex.status(), 401);
    assert!(
        ex.response.body.contains("reuse detected"),
        "{}",
        ex.response.body
    );
    assert_eq!(w.lifecycle().families()[0].state.as_str(), "revoked");
    assert!(w.has_seen(Seen::ReuseCaught));
    // The user's own, current token is dead too: both must log in again.
    assert_eq!(w.refresh_now().status(), 401);
    assert_eq!(w.login(ALICE.0, ALICE.1).status(), 200);
    assert_eq!(w.lifecycle().families()[1].state, FamilyState::Active);
}

#[test]
fn a_thief_who_refreshes_first_gets_caught_when_the_user_refreshes() {
    let mut w = world(Mode::Jwt, 1, TokenScheme::AccessRefresh, 30);
    w.login(ALICE.0, ALICE.1);
    w.steal_refresh();
    let ex = w.replay_refresh().unwrap();
    assert_eq!(ex.status(), 200, "the thief gets a new pair at first");
    let stolen_access = w.loot().access.clone().unwrap();
    assert_eq!(w.send(bearer(&stolen_access)).status(), 200);
    // The user's next refresh presents the spent token: the family is revoked.
    let ex = w.refresh_now();
    assert_eq!(ex.status(), 401);
    assert!(w.replay_refresh().is_some_and(|e| e.status() == 401));
}

#[test]
fn an_expired_access_token_is_renewed_without_a_new_login() {
    let mut w = world(Mode::Jwt, 1, TokenScheme::AccessRefresh, 30);
    w.login(ALICE.0, ALICE.1);
    w.advance_clock(301);
    let before = w.log().len();
    let ex = w.get("/api/profile");
    assert_eq!(ex.status(), 200, "{}", ex.response.body);
    let new: Vec<(String, u16)> = w.log()[before..]
        .iter()
        .map(|e| (e.request.route_path().to_string(), e.status()))
        .collect();
    assert_eq!(
        new,
        vec![
            ("/api/profile".to_string(), 401),
            (REFRESH_PATH.to_string(), 200),
            ("/api/profile".to_string(), 200)
        ]
    );
    assert!(w.has_seen(Seen::Renewed));
    // Access only: the same wait means logging in again.
    let mut plain = world(Mode::Jwt, 1, TokenScheme::AccessOnly, 30);
    plain.login(ALICE.0, ALICE.1);
    plain.advance_clock(301);
    assert_eq!(plain.get("/api/profile").status(), 401);
    assert_eq!(plain.refresh_now().status(), 404);
}

#[test]
fn a_deny_listed_token_is_refused_on_a_fresh_copy_and_accepted_on_a_stale_one() {
    let mut w = world(Mode::Jwt, 2, TokenScheme::AccessOnly, 30);
    // Start the deny-list with Bob's token, so every server keeps a copy from now on.
    w.login(BOB.0, BOB.1);
    assert_eq!(w.revoke_token().status(), 200);
    w.login(ALICE.0, ALICE.1);
    let alice = w.token().unwrap();
    assert_eq!(get_on(&mut w, 1).status(), 200);
    assert_eq!(get_on(&mut w, 2).status(), 200);
    // Revoke Alice's token: the servers' copies were fetched before.
    let ex = w.revoke_token();
    assert_eq!(ex.status(), 200, "{}", ex.response.body);
    w.set_token_text(alice.clone());
    let stale = get_on(&mut w, 1);
    assert_eq!(stale.status(), 200, "server 1's copy is stale");
    assert!(w.has_seen(Seen::DenyStale));
    let step = stale
        .trace
        .checklist()
        .into_iter()
        .find(|s| s.id.as_str() == "revoked")
        .unwrap();
    assert!(step.detail.contains("does not know yet"), "{}", step.detail);
    // Once the copies are older than the delay, every server refuses it.
    w.advance_clock(30);
    let fresh = get_on(&mut w, 1);
    assert_eq!(fresh.status(), 401);
    assert_eq!(fresh.trace.failed_step().unwrap().id.as_str(), "revoked");
    assert_eq!(get_on(&mut w, 2).status(), 401);
    assert!(w.has_seen(Seen::DenyRefused));
    // With no delay the list is read on every request.
    let mut instant = world(Mode::Jwt, 2, TokenScheme::AccessOnly, 0);
    instant.login(ALICE.0, ALICE.1);
    instant.revoke_token();
    assert_eq!(get_on(&mut instant, 2).status(), 401);
}

#[test]
fn log_out_everywhere_ends_every_credential_of_the_user() {
    // JWT: a copy of the token stops working (token version), and the refresh family is revoked.
    let mut w = world(Mode::Jwt, 2, TokenScheme::AccessRefresh, 30);
    w.login(ALICE.0, ALICE.1);
    let copy = w.token().unwrap();
    assert_eq!(w.send(bearer(&copy)).status(), 200);
    let ex = w.logout_everywhere();
    assert_eq!(ex.status(), 200, "{}", ex.response.body);
    let refused = w.send(bearer(&copy));
    assert_eq!(refused.status(), 401);
    assert_eq!(refused.trace.failed_step().unwrap().id.as_str(), "revoked");
    assert_eq!(w.lifecycle().families()[0].state.as_str(), "revoked");
    assert!(w.token().is_none());
    // A new login carries the new version and works.
    w.login(ALICE.0, ALICE.1);
    assert_eq!(w.get("/api/profile").status(), 200);

    // Sessions, with a shared store (the only place all of a user's sessions
    // can be found): every row of the user goes, on every device.
    let mut s = world(Mode::Session, 2, TokenScheme::AccessOnly, 30);
    s.set_shared_store(true);
    s.login(ALICE.0, ALICE.1);
    let first = s.browser().jar.get("sid").unwrap().value.clone();
    // Alice's phone logs in too (a raw request: another device, not this browser).
    let phone = s.send(Request::post_json(
        "/user/login",
        format!(r#"{{"email":"{}","password":"{}"}}"#, ALICE.0, ALICE.1),
    ));
    assert_eq!(phone.status(), 200);
    assert_eq!(s.shared_memory().entries, 2);
    let ex = s.logout_everywhere();
    assert_eq!(ex.status(), 200, "{}", ex.response.body);
    assert_eq!(s.shared_memory().entries, 0);
    let replay = s.send(Request::get("/api/profile").with_header("Cookie", format!("sid={first}")));
    assert_eq!(replay.status(), 401);
    assert!(s.has_seen(Seen::LoggedOutEverywhere));
}

#[test]
fn the_comparison_facts_are_seen_from_the_students_own_clicks() {
    let mut w = world(Mode::Jwt, 1, TokenScheme::AccessOnly, 30);
    w.login(ALICE.0, ALICE.1);
    let copy = w.token().unwrap();
    w.logout();
    assert_eq!(w.send(bearer(&copy)).status(), 200);
    assert!(w.has_seen(Seen::JwtCopyWorked));
    // Facts survive a reset and a mode switch: they fill the table.
    w.replay_in_mode(Mode::Session);
    assert!(w.has_seen(Seen::JwtCopyWorked));
    w.login(ALICE.0, ALICE.1);
    let sid = w.browser().jar.get("sid").unwrap().value.clone();
    w.logout();
    assert_eq!(
        w.send(Request::get("/api/profile").with_header("Cookie", format!("sid={sid}")))
            .status(),
        401
    );
    assert!(w.has_seen(Seen::SessionCopyStopped));
}

/// From the review: a revoked token may not revoke or log out anything; a
/// token without exp stays on the deny-list; one without jti cannot be listed.
#[test]
fn revoked_tokens_cannot_act_and_the_deny_list_handles_missing_claims() {
    let mut w = world(Mode::Jwt, 1, TokenScheme::AccessOnly, 0);
    w.login(ALICE.0, ALICE.1);
    let stolen = w.token().unwrap();
    assert_eq!(w.logout_everywhere().status(), 200);
    // The thief's old token cannot log the user out everywhere again.
    let again = w.send(
        Request::new(jwt_playground::sim::Method::Post, "/user/logout-everywhere")
            .with_header("Host", "app.example")
            .with_header("Authorization", format!("Bearer {stolen}")),
    );
    assert_eq!(again.status(), 401);
    // Tokens without exp or jti, minted with the shared secret.
    let key =
        jwt_playground::jwt::Key::from_text(w.secret(), jwt_playground::jwt::KeyEncoding::Utf8)
            .unwrap();
    let mint = |claims: &str| {
        jwt_playground::jwt::sign(
            jwt_playground::jwt::Algorithm::HS256,
            r#"{"alg":"HS256","typ":"at+jwt"}"#,
            claims,
            &key,
        )
        .unwrap()
        .token
    };
    let forever = mint(&format!(
        r#"{{"sub":"{}","aud":"https://app.example/api","jti":"forever-1"}}"#,
        BOB.0
    ));
    let revoke = |w: &mut World, token: &str| {
        w.send(
            Request::new(jwt_playground::sim::Method::Post, "/auth/revoke")
                .with_header("Host", "app.example")
                .with_header("Authorization", format!("Bearer {token}")),
        )
    };
    assert_eq!(revoke(&mut w, &forever).status(), 200);
    w.advance_clock(10_000_000);
    assert_eq!(w.send(bearer(&forever)).status(), 401, "still on the list");
    let no_jti = mint(&format!(
        r#"{{"sub":"{}","aud":"https://app.example/api"}}"#,
        BOB.0
    ));
    let ex = revoke(&mut w, &no_jti);
    assert_eq!(ex.status(), 400);
    assert!(
        ex.response.body.contains("no \\\"jti\\\""),
        "{}",
        ex.response.body
    );
}

/// The comparison table's facts are read in one place, from the exchanges
/// (`sim/world/seen.rs`): a deny-listed token that is refused because the
/// user logged out everywhere (its version is old, checked first) is not
/// counted as a deny-list refusal.
#[test]
fn a_token_refused_for_its_old_version_is_not_a_deny_list_refusal() {
    let mut w = world(Mode::Jwt, 1, TokenScheme::AccessOnly, 0);
    w.login(ALICE.0, ALICE.1);
    let copy = w.token().unwrap();
    assert_eq!(w.revoke_token().status(), 200);
    w.login(ALICE.0, ALICE.1);
    assert_eq!(w.logout_everywhere().status(), 200);
    assert!(w.has_seen(Seen::LoggedOutEverywhere));
    let refused = w.send(bearer(&copy));
    assert_eq!(refused.status(), 401);
    let step = refused.trace.failed_step().unwrap();
    assert_eq!(step.id.as_str(), "revoked");
    assert!(
        step.detail.contains("logged out everywhere"),
        "{}",
        step.detail
    );
    assert!(!w.has_seen(Seen::DenyRefused));
}

/// The facts are the world's, read from its exchanges: a reload (the journal
/// played again) sees the same ones, and so does a reset (they are kept).
#[test]
fn the_seen_facts_come_back_after_a_reload() {
    use jwt_playground::sim::journal::free_world;
    use jwt_playground::sim::{Origin, Saved, TapeEntropy, DEFAULT_START_TIME};
    use rand_chacha::rand_core::SeedableRng;
    use rand_chacha::ChaCha8Rng;
    let mut w = free_world(
        DEFAULT_START_TIME,
        TapeEntropy::new(ChaCha8Rng::seed_from_u64(3), vec![]),
    )
    .unwrap();
    w.login(ALICE.0, ALICE.1);
    let copy = w.token().unwrap();
    w.logout();
    assert_eq!(w.send(bearer(&copy)).status(), 200);
    w.login(BOB.0, BOB.1);
    assert_eq!(w.logout_everywhere().status(), 200);
    assert!(w.has_seen(Seen::JwtCopyWorked));
    assert!(w.has_seen(Seen::LoggedOutEverywhere));
    let origin = Origin::Free {
        start_time: DEFAULT_START_TIME,
    };
    let again = Saved::of(&w, origin, true)
        .unwrap()
        .rebuild(ChaCha8Rng::seed_from_u64(1))
        .unwrap();
    assert_eq!(again.seen(), w.seen());
}
