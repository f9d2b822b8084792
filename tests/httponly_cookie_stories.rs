//! Issue 24, item 2: the JWT in an `HttpOnly` cookie the server sets. The
//! page asks for it with `Token-Delivery: cookie`; the login answers with
//! `Set-Cookie` and no token in the body; the browser sends the cookie by
//! itself; page script cannot read it. So an injected script (XSS) steals
//! nothing, while a request another site's page makes (CSRF) carries it when
//! `SameSite=None`, and not with `Lax` or `Strict`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::sim::attacker::CSRF_NAME;
use jwt_playground::sim::{
    CookieJar, CookieSource, Initiator, KeyMode, Method, Mode, SameSite, Seen, Sender, TokenScheme,
    TokenStorage, Weakness, World, RENAME_PATH,
};

#[allow(dead_code)]
mod jwt_story;

const BOB: (&str, &str) = ("bob@example.com", "builder");

fn bob(weaknesses: &[Weakness]) -> World {
    let mut w = jwt_story::jwt_world(KeyMode::SharedSecret, 24);
    w.set_token_storage(TokenStorage::HttpOnlyCookie);
    for weakness in weaknesses {
        w.set_weakness(*weakness, true);
    }
    let login = w.login(BOB.0, BOB.1);
    assert_eq!(login.status(), 200, "{}", login.response.body);
    w
}

fn failed(ex: &jwt_playground::sim::Exchange) -> &'static str {
    ex.trace.failed_step().map_or("none", |s| s.id.as_str())
}

#[test]
fn the_storage_choices_keep_their_ui_values() {
    let values: Vec<&str> = TokenStorage::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(
        values,
        ["memory", "local-storage", "cookie", "httponly-cookie"]
    );
    for s in TokenStorage::ALL {
        assert_eq!(TokenStorage::from_str_value(s.as_str()), Some(s));
    }
}

#[test]
fn the_login_delivers_the_token_in_an_httponly_cookie_not_the_body() {
    let mut w = jwt_story::jwt_world(KeyMode::SharedSecret, 24);
    w.set_token_storage(TokenStorage::HttpOnlyCookie);
    let login = w.login(BOB.0, BOB.1);
    assert_eq!(login.request.header("Token-Delivery"), Some("cookie"));
    assert_eq!(login.response.body_string("token"), None);
    let set = login
        .response
        .set_cookies()
        .into_iter()
        .find(|c| c.name == "token")
        .expect("the token comes in Set-Cookie");
    assert!(set.http_only && set.secure);
    assert_eq!(set.same_site, Some(SameSite::Lax));
    let cookie = w.browser().jar.get("token").unwrap();
    assert!(cookie.http_only);
    assert_eq!(cookie.source, CookieSource::Server);
    // The page's script sees no token at all; the browser still holds it.
    assert!(!w.script_view().document_cookie.contains("token="));
    assert!(w.token().is_some());
    // Later requests: the browser adds the cookie, the page adds no header.
    let profile = w.get("/api/profile");
    assert_eq!(profile.status(), 200, "{}", profile.response.body);
    assert!(profile.request.header("Authorization").is_none());
    assert!(profile.request.cookie("token").is_some());
}

#[test]
fn logout_clears_the_httponly_token_cookie() {
    let mut w = bob(&[]);
    let out = w.logout();
    assert!(out
        .response
        .set_cookies()
        .iter()
        .any(|c| c.name == "token" && c.max_age == Some(0)));
    let step = out.trace.checklist().into_iter().next().unwrap();
    assert!(
        step.detail.contains("clears the token cookie"),
        "{}",
        step.detail
    );
    assert!(w.browser().jar.get("token").is_none());
    assert_eq!(w.get("/api/profile").status(), 401);
}

#[test]
fn a_refresh_renews_the_token_in_the_cookie() {
    let mut w = jwt_story::jwt_world(KeyMode::SharedSecret, 24);
    w.set_token_storage(TokenStorage::HttpOnlyCookie);
    w.set_token_scheme(TokenScheme::AccessRefresh);
    w.login(BOB.0, BOB.1);
    let first = w.token().unwrap();
    w.advance_clock(6 * 60);
    // The expired token is refused, the page renews it by itself and retries.
    let profile = w.get("/api/profile");
    assert_eq!(profile.status(), 200, "{}", profile.response.body);
    let second = w.token().unwrap();
    assert_ne!(first, second);
    assert!(w.browser().jar.get("token").unwrap().http_only);
}

#[test]
fn a_token_in_an_httponly_cookie_survives_the_xss_attack() {
    let mut w = bob(&[Weakness::Xss]);
    let sent = w
        .open_comments_page()
        .expect("the script runs and posts to evil.example");
    assert_eq!(sent.sender, Sender::InjectedScript);
    assert!(!sent.request.body.clone().unwrap_or_default().contains('.'));
    assert_eq!(w.loot().script_ran, Some(true));
    assert_eq!(w.loot().credential(), None, "nothing to steal");
    let step = sent.trace.checklist().into_iter().next().unwrap();
    assert!(step.detail.contains("HttpOnly"), "{}", step.detail);
    let ex = w.attacker_send("/api/profile").unwrap();
    assert_eq!((ex.status(), failed(&ex)), (401, "token"));
    assert!(w.has_seen(Seen::ScriptMissedCookieToken));
    assert!(!w.has_seen(Seen::ScriptStoleToken));
}

#[test]
fn the_same_script_steals_a_token_from_local_storage() {
    let mut w = jwt_story::jwt_world(KeyMode::SharedSecret, 24);
    w.set_token_storage(TokenStorage::LocalStorage);
    w.set_weakness(Weakness::Xss, true);
    w.login(BOB.0, BOB.1);
    w.open_comments_page().unwrap();
    assert!(w.loot().credential().is_some());
    assert!(w.has_seen(Seen::ScriptStoleToken));
}

#[test]
fn a_token_in_an_httponly_cookie_falls_to_csrf_with_samesite_none() {
    let mut w = bob(&[Weakness::SameSiteNone]);
    assert_eq!(
        w.browser().jar.get("token").unwrap().same_site,
        SameSite::None
    );
    let ex = w.visit_attacker_site();
    assert_eq!(ex.sender, Sender::CrossSite);
    assert_eq!(ex.request.route_path(), RENAME_PATH);
    assert!(ex.request.cookie("token").is_some(), "the browser added it");
    assert!(ex.request.header("Authorization").is_none());
    assert_eq!(ex.status(), 200, "{}", ex.response.body);
    // The change was made in Bob's name, with his own token.
    assert_eq!(ex.response.body_string("name").as_deref(), Some(CSRF_NAME));
    assert_eq!(
        ex.response.body_string("email").as_deref(),
        Some("bob@example.com")
    );
    assert!(w.has_seen(Seen::CrossSiteCarriedToken));
}

#[test]
fn a_token_in_an_httponly_cookie_resists_csrf_with_samesite_lax() {
    let mut w = bob(&[]);
    let ex = w.visit_attacker_site();
    assert!(ex.request.cookie("token").is_none(), "Lax stays home");
    assert_eq!((ex.status(), failed(&ex)), (401, "token"));
    assert!(w.has_seen(Seen::SameSiteKeptToken));
    assert!(!w.has_seen(Seen::CrossSiteCarriedToken));
}

#[test]
fn a_token_in_an_httponly_cookie_resists_csrf_with_samesite_strict() {
    // The server's Set-Cookie, with SameSite=Strict: the browser's rules
    // for the attacker's POST and for a link from the attacker's page.
    let w = bob(&[]);
    let mut set = w
        .log()
        .iter()
        .find_map(|e| {
            e.response
                .set_cookies()
                .into_iter()
                .find(|c| c.name == "token")
        })
        .unwrap();
    set.same_site = Some(SameSite::Strict);
    let mut jar = CookieJar::new();
    assert!(jar.store(&set, "/user/login", 0, CookieSource::Server));
    for (initiator, method) in [
        (Initiator::CrossSiteSubresource, Method::Post),
        (Initiator::CrossSiteNavigation, Method::Get),
    ] {
        assert_eq!(jar.cookie_header(RENAME_PATH, 1, initiator, &method), None);
    }
    assert!(jar
        .cookie_header(RENAME_PATH, 1, Initiator::Page, &Method::Post)
        .is_some());
}

#[test]
fn switching_to_or_from_the_httponly_cookie_carries_no_token() {
    let mut w = jwt_story::jwt_world(KeyMode::SharedSecret, 24);
    w.login(BOB.0, BOB.1);
    assert!(w.token().is_some());
    w.set_token_storage(TokenStorage::HttpOnlyCookie);
    assert_eq!(
        w.token(),
        None,
        "page script cannot write an HttpOnly cookie"
    );
    w.login(BOB.0, BOB.1);
    w.set_token_storage(TokenStorage::LocalStorage);
    assert_eq!(w.token(), None, "nor read one");
    assert!(w.browser().jar.get("token").is_none());
}

#[test]
fn session_mode_ignores_the_storage_choice() {
    let mut w = jwt_story::jwt_world(KeyMode::SharedSecret, 24);
    w.set_mode(Mode::Session);
    w.set_token_storage(TokenStorage::HttpOnlyCookie);
    let login = w.login(BOB.0, BOB.1);
    assert_eq!(login.request.header("Token-Delivery"), None);
    assert!(w.browser().jar.get("token").is_none());
    assert!(w.browser().jar.get("sid").is_some());
}

#[test]
fn the_httponly_cookie_scenario_is_reached_by_its_steps_and_not_before() {
    use jwt_playground::sim::scenario::Scenario;
    let s = Scenario::of("jwt-httponly-cookie").unwrap();
    let mut w = s.world().unwrap();
    assert_eq!(w.browser().storage(), TokenStorage::HttpOnlyCookie);
    assert!(w.browser().jar.get("token").unwrap().http_only);
    assert!(!s.reached(&w), "not at its start");
    // Step 1: the script finds nothing.
    w.open_comments_page().unwrap();
    assert!(w.loot().credential().is_none());
    assert!(!s.reached(&w), "one side is not the whole trade-off");
    // Step 2: SameSite=None lets evil.example's POST ride on the cookie.
    assert_eq!(w.visit_attacker_site().status(), 200);
    assert!(!s.reached(&w));
    // Step 3: with Lax (after a new login sets the cookie again), refused.
    w.set_weakness(Weakness::SameSiteNone, false);
    w.login(BOB.0, BOB.1);
    assert_eq!(
        w.browser().jar.get("token").unwrap().same_site,
        SameSite::Lax
    );
    let refused = w.visit_attacker_site();
    assert_eq!((refused.status(), failed(&refused)), (401, "token"));
    assert!(s.reached(&w));
}

#[test]
fn a_cross_site_request_after_logout_does_not_count_as_stopped_by_samesite() {
    use jwt_playground::sim::scenario::Scenario;
    let s = Scenario::of("jwt-httponly-cookie").unwrap();
    let mut w = s.world().unwrap();
    w.open_comments_page().unwrap();
    w.visit_attacker_site();
    w.logout();
    // Refused, but only because no cookie is left: not SameSite's doing.
    assert_eq!(w.visit_attacker_site().status(), 401);
    assert!(!s.reached(&w));
}

#[test]
fn the_httponly_cookie_story_replays_from_its_journal() {
    use jwt_playground::sim::scenario::Scenario;
    use jwt_playground::sim::{Origin, Saved};
    use rand_chacha::rand_core::SeedableRng;
    let s = Scenario::of("jwt-httponly-cookie").unwrap();
    let mut w = s.world().unwrap();
    w.clear_journal();
    w.open_comments_page();
    w.visit_attacker_site();
    w.set_weakness(Weakness::SameSiteNone, false);
    w.login(BOB.0, BOB.1);
    w.visit_attacker_site();
    assert!(s.reached(&w));
    let text = Saved::of(&w, Origin::Scenario(s.id.to_string()), false)
        .unwrap()
        .to_json();
    let again = Saved::from_json(&text)
        .unwrap()
        .rebuild(rand_chacha::ChaCha8Rng::seed_from_u64(1))
        .unwrap();
    let statuses = |w: &World| w.log().iter().map(|e| e.status()).collect::<Vec<_>>();
    assert_eq!(statuses(&again), statuses(&w));
    assert_eq!(again.browser().storage(), TokenStorage::HttpOnlyCookie);
    assert_eq!(again.token(), w.token());
    assert!(s.reached(&again));
}
