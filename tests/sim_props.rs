//! Property tests: whatever arrives, the simulated world never panics (a panic
//! in wasm kills the page) and every refusal is a 4xx with a clear JSON error.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::sim::{
    Exchange, KeyMode, LbPolicy, Method, Mode, Request, SeededEntropy, TokenScheme, TokenStorage,
    World, WorldConfig,
};
use proptest::prelude::*;

/// One PBKDF2 iteration: the hash is not what is tested here.
fn world(mode: Mode, servers: usize, seed: u64) -> World {
    let config = WorldConfig {
        mode,
        servers,
        pbkdf2_iterations: 1,
        ..WorldConfig::default()
    };
    World::new(config, Box::new(SeededEntropy::new(seed))).unwrap()
}

fn mode() -> impl Strategy<Value = Mode> {
    prop_oneof![Just(Mode::Jwt), Just(Mode::Session)]
}

/// Short text of any characters, control characters and non-ASCII included.
fn garbage() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,40}",
        ".{0,40}",
        proptest::collection::vec(any::<char>(), 0..40).prop_map(|v| v.into_iter().collect()),
        "[\\x00-\\x1f\\r\\n;=,\" ]{0,10}",
    ]
}

/// Visible ASCII, no spaces: passes HTTP framing, so the request gets further.
fn printable() -> impl Strategy<Value = String> {
    "[!-~]{0,40}"
}

/// Mostly printable, sometimes anything.
fn mixed() -> impl Strategy<Value = String> {
    prop_oneof![3 => printable(), 1 => garbage()]
}

/// Sometimes megabyte-sized.
fn huge() -> impl Strategy<Value = String> {
    (0usize..300_000, "[a-zA-Z0-9._=-]").prop_map(|(n, c)| c.repeat(n))
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![8 => mixed(), 1 => huge()]
}

fn method() -> impl Strategy<Value = Method> {
    prop_oneof![
        4 => Just(Method::Get),
        4 => Just(Method::Post),
        1 => Just(Method::Put),
        1 => Just(Method::Delete),
        1 => Just(Method::Head),
        1 => Just(Method::Options),
        1 => garbage().prop_map(|m| Method::from_name(&m)),
        1 => Just(Method::Other("get".to_string())),
    ]
}

fn path() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just("/user/login".to_string()),
        2 => Just("/user/logout".to_string()),
        3 => Just("/api/profile".to_string()),
        3 => Just("/api/admin".to_string()),
        2 => mixed().prop_map(|p| format!("/api/{p}")),
        1 => mixed().prop_map(|p| format!("/api/profile?{p}")),
        1 => text(),
    ]
}

fn header() -> impl Strategy<Value = (String, String)> {
    let name = prop_oneof![
        3 => Just("Authorization".to_string()),
        1 => Just("authorization".to_string()),
        3 => Just("Cookie".to_string()),
        1 => Just("Content-Type".to_string()),
        1 => Just("Host".to_string()),
        1 => garbage(),
    ];
    let value = prop_oneof![
        2 => text().prop_map(|t| format!("Bearer {t}")),
        1 => mixed().prop_map(|t| format!("Basic {t}")),
        2 => (mixed(), mixed(), mixed())
            .prop_map(|(a, b, c)| format!("Bearer eyJ{a}.eyJ{b}.{c}")),
        2 => (mixed(), mixed()).prop_map(|(s, t)| format!("sid={s}; token={t}; lb=server-{s}")),
        1 => (mixed(), mixed()).prop_map(|(n, v)| format!("{n}={v}")),
        1 => text(),
    ];
    (name, value)
}

fn body() -> impl Strategy<Value = Option<String>> {
    let body = prop_oneof![
        (mixed(), mixed())
            .prop_map(|(e, p)| { serde_json::json!({ "email": e, "password": p }).to_string() }),
        Just(r#"{"email":"alice@example.com","password":"nope"}"#.to_string()),
        (1usize..5_000).prop_map(|n| "[".repeat(n) + &"]".repeat(n)),
        (1usize..5_000).prop_map(|n| "{\"a\":".repeat(n)),
        text(),
    ];
    proptest::option::of(body)
}

fn request() -> impl Strategy<Value = Request> {
    (
        method(),
        path(),
        proptest::collection::vec(header(), 0..4),
        body(),
    )
        .prop_map(|(method, path, headers, body)| Request {
            method,
            path,
            headers,
            body,
        })
}

/// What every answer must satisfy.
fn check_answer(ex: &Exchange) -> Result<(), TestCaseError> {
    let status = ex.status();
    prop_assert!(
        (200..300).contains(&status) || (400..500).contains(&status),
        "status {} for {:?}",
        status,
        ex.request
            .to_http_text()
            .chars()
            .take(300)
            .collect::<String>()
    );
    let length = ex.response.header("Content-Length").unwrap_or_default();
    prop_assert_eq!(length, ex.response.body.len().to_string());
    prop_assert!(ex.response.to_http_text().starts_with("HTTP/1.1 "));
    prop_assert!(!ex.trace.checklist().is_empty());
    if status >= 400 {
        let message = ex.response.error_message();
        prop_assert!(
            message
                .as_deref()
                .is_some_and(|m| m.ends_with('.') && m.len() > 10),
            "unclear error body: {}",
            ex.response.body
        );
        prop_assert!(ex.trace.why().is_some(), "no why for {}", status);
        prop_assert!(ex.trace.failed_step().is_some());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Arbitrary raw requests: a 4xx with a clear JSON error, except a
    /// well-formed logout, which is always allowed.
    #[test]
    fn arbitrary_requests_get_a_4xx_with_a_clear_json_error(
        mode in mode(),
        requests in proptest::collection::vec(request(), 1..4),
        seed in any::<u64>(),
    ) {
        let mut w = world(mode, 2, seed);
        for request in requests {
            let ex = w.send(request);
            check_answer(&ex)?;
            if ex.status() < 400 {
                prop_assert_eq!(ex.request.route_path(), "/user/logout");
            }
        }
        prop_assert_eq!(w.total_memory().entries, 0, "no garbage logged anyone in");
    }

    /// Garbage mixed with real credentials (a valid token or session id in the
    /// right place): still only 2xx or 4xx, still clear.
    #[test]
    fn garbage_around_real_credentials_never_panics(
        mode in mode(),
        requests in proptest::collection::vec(request(), 1..4),
        where_ in 0usize..3,
    ) {
        let mut w = world(mode, 1, 7);
        prop_assert_eq!(w.login("alice@example.com", "wonderland").status(), 200);
        let credential = match (mode, where_) {
            (Mode::Jwt, 0) => ("Authorization".to_string(), format!("Bearer {}", w.token().unwrap())),
            (Mode::Jwt, _) => ("Cookie".to_string(), format!("token={}", w.token().unwrap())),
            (Mode::Session, _) => (
                "Cookie".to_string(),
                format!("sid={}", w.browser().jar.get("sid").unwrap().value),
            ),
        };
        for mut request in requests {
            request.headers.insert(0, credential.clone());
            check_answer(&w.send(request))?;
        }
    }
}

/// Things a user (or a teacher clicking fast) can do, in any order.
#[derive(Debug, Clone)]
enum Action {
    Login(String, String),
    LoginDemo(bool),
    Get(String),
    Page(Method, String, Option<String>),
    Logout,
    Send(Request),
    Advance(i64),
    SetMode(Mode),
    Reset,
    AddServer,
    RemoveServer,
    Crash(usize),
    Restart(usize),
    Policy(LbPolicy),
    Shared(bool),
    Storage(TokenStorage),
    TokenText(String),
    EditCookie(String, String),
    Reload,
    Replay(Mode),
    KeyMode(KeyMode),
    Rotate,
    RemoveOld,
    Scheme(TokenScheme),
    DenyDelay(i64),
    RefreshNow,
    StealRefresh,
    ReplayRefresh,
    RevokeToken,
    LogoutEverywhere,
    Weak(usize, bool),
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        1 => (garbage(), garbage()).prop_map(|(e, p)| Action::Login(e, p)),
        3 => any::<bool>().prop_map(Action::LoginDemo),
        3 => prop_oneof![
            Just("/api/profile".to_string()),
            Just("/api/admin".to_string()),
            path()
        ]
        .prop_map(Action::Get),
        1 => (method(), path(), body()).prop_map(|(m, p, b)| Action::Page(m, p, b)),
        1 => Just(Action::Logout),
        1 => request().prop_map(Action::Send),
        1 => prop_oneof![
            Just(60i64),
            Just(300),
            Just(1800),
            any::<i64>()
        ]
        .prop_map(Action::Advance),
        1 => mode().prop_map(Action::SetMode),
        1 => Just(Action::Reset),
        1 => Just(Action::AddServer),
        1 => Just(Action::RemoveServer),
        1 => (0usize..8).prop_map(Action::Crash),
        1 => (0usize..8).prop_map(Action::Restart),
        1 => prop_oneof![Just(LbPolicy::RoundRobin), Just(LbPolicy::Sticky)].prop_map(Action::Policy),
        1 => any::<bool>().prop_map(Action::Shared),
        1 => prop_oneof![
            Just(TokenStorage::Memory),
            Just(TokenStorage::LocalStorage),
            Just(TokenStorage::Cookie)
        ]
        .prop_map(Action::Storage),
        1 => text().prop_map(Action::TokenText),
        1 => (
            prop_oneof![Just("sid".to_string()), Just("token".to_string()), Just("lb".to_string()), garbage()],
            text()
        )
            .prop_map(|(n, v)| Action::EditCookie(n, v)),
        1 => Just(Action::Reload),
        1 => mode().prop_map(Action::Replay),
        1 => prop_oneof![Just(KeyMode::SharedSecret), Just(KeyMode::KeyPair)].prop_map(Action::KeyMode),
        1 => Just(Action::Rotate),
        1 => Just(Action::RemoveOld),
        1 => prop_oneof![Just(TokenScheme::AccessOnly), Just(TokenScheme::AccessRefresh)].prop_map(Action::Scheme),
        1 => (-5i64..100).prop_map(Action::DenyDelay),
        1 => Just(Action::RefreshNow),
        1 => Just(Action::StealRefresh),
        1 => Just(Action::ReplayRefresh),
        1 => Just(Action::RevokeToken),
        1 => Just(Action::LogoutEverywhere),
        1 => (0usize..6, any::<bool>()).prop_map(|(i, on)| Action::Weak(i, on)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Any sequence of actions: no panic, 1 to 5 servers, a JWT server never
    /// holds per-user memory, every answer is 2xx/4xx/503 and explained.
    #[test]
    fn any_sequence_of_actions_keeps_the_world_consistent(
        mode in mode(),
        actions in proptest::collection::vec(action(), 1..25),
    ) {
        let mut w = world(mode, 3, 1);
        for action in actions {
            let ex = match action {
                Action::Login(e, p) => Some(w.login(&e, &p)),
                Action::LoginDemo(admin) => Some(if admin {
                    w.login("bob@example.com", "builder")
                } else {
                    w.login("alice@example.com", "wonderland")
                }),
                Action::Get(p) => Some(w.get(&p)),
                Action::Page(m, p, b) => Some(w.page_request(m, &p, b)),
                Action::Logout => Some(w.logout()),
                Action::Send(r) => Some(w.send(r)),
                Action::Advance(s) => { w.advance_clock(s); None }
                Action::SetMode(m) => { w.set_mode(m); None }
                Action::Reset => { w.reset(); None }
                Action::AddServer => { w.add_server(); None }
                Action::RemoveServer => { w.remove_server(); None }
                Action::Crash(id) => { w.crash(id); None }
                Action::Restart(id) => { w.restart(id); None }
                Action::Policy(p) => { w.set_lb_policy(p); None }
                Action::Shared(on) => { w.set_shared_store(on); None }
                Action::Storage(s) => { w.set_token_storage(s); None }
                Action::TokenText(t) => { w.set_token_text(t); None }
                Action::EditCookie(n, v) => { w.edit_cookie(&n, v); None }
                Action::Reload => { w.reload_page(); None }
                Action::Replay(m) => { w.replay_in_mode(m); None }
                Action::KeyMode(k) => { w.set_key_mode(k); None }
                Action::Rotate => { w.rotate_key(); None }
                Action::RemoveOld => { w.remove_old_key(); None }
                Action::Scheme(t) => { w.set_token_scheme(t); None }
                Action::DenyDelay(d) => { w.set_deny_delay(d); None }
                Action::RefreshNow => Some(w.refresh_now()),
                Action::StealRefresh => { w.steal_refresh(); None }
                Action::ReplayRefresh => w.replay_refresh(),
                Action::RevokeToken => Some(w.revoke_token()),
                Action::LogoutEverywhere => Some(w.logout_everywhere()),
                Action::Weak(i, on) => { w.set_weakness(jwt_playground::sim::Weakness::ALL[i], on); None }
            };
            if let Some(ex) = ex {
                if ex.status() == 503 {
                    prop_assert!(ex.server_id.is_none());
                    // Every server is down, or (key pair) a login or key-set
                    // request found the issuer down.
                    let issuer_route = w.key_mode() == KeyMode::KeyPair
                        && matches!(ex.request.route_path(), "/user/login" | "/.well-known/jwks.json" | "/auth/refresh");
                    let issuer_down = !w.server(1).is_some_and(|s| s.is_up());
                    prop_assert!(w.servers().iter().all(|s| !s.is_up()) || (issuer_route && issuer_down));
                } else {
                    check_answer(&ex)?;
                    let answered = ex.server_id.and_then(|id| w.server(id));
                    prop_assert!(answered.is_some_and(|s| s.is_up()));
                }
                prop_assert_eq!(Some(&ex), w.last_exchange());
            }
            prop_assert!((1..=5).contains(&w.servers().len()));
            if w.mode() == Mode::Jwt {
                prop_assert_eq!(w.total_memory().entries, 0);
            }
            let seqs: Vec<u64> = w.log().iter().map(|e| e.seq).collect();
            prop_assert!(seqs.windows(2).all(|p| p[0] < p[1]));
        }
    }
}
