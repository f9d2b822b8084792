//! A teacher's own scenarios (issue 24, item 6): built like a built-in one,
//! reached by the same steps; each check the builder offers; the link and
//! the JSON file round trip; and whatever a link or file holds (random
//! bytes, cut short, huge, wrong fields) opens or is refused with a
//! sentence, never a panic, with bounded work.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::jwt::base64url;
use jwt_playground::sim::custom::{
    CustomError, CustomFile, CustomScenario, CustomStart, GoalCheck, CHECK_KINDS, FORMAT,
    MAX_CUSTOM_FILE_BYTES, MAX_CUSTOM_LINK_CHARS, REFUSING_STEPS,
};
use jwt_playground::sim::guide::Guide;
use jwt_playground::sim::scenario::Scenario;
use jwt_playground::sim::{Origin, Request, Saved, World, SESSION_COOKIE};
use proptest::prelude::*;

mod moves;
use moves::tamper_role_to_admin;

fn file(start: CustomStart, check: GoalCheck) -> CustomFile {
    CustomFile {
        version: FORMAT,
        title: "A scenario of my own".into(),
        goal: "Reach it.".into(),
        hints: vec!["Look at the checklist.".into()],
        lesson: "It was reached.".into(),
        start,
        check,
    }
}

fn start(mode: &str, servers: u64, login: Option<&str>) -> CustomStart {
    CustomStart {
        mode: mode.into(),
        servers,
        login: login.map(str::to_string),
        ..CustomStart::default()
    }
}

const ALICE: Option<&str> = Some("alice@example.com");

fn scenario(start: CustomStart, check: GoalCheck) -> CustomScenario {
    file(start, check).validate().unwrap()
}

#[test]
fn a_custom_copy_of_the_tamper_scenario_is_reached_by_the_same_steps() {
    let built_in = Scenario::of("tamper").unwrap();
    let custom = scenario(
        start("jwt", 1, ALICE),
        GoalCheck::RefusedAt {
            step: "signature".into(),
            status: Some(401),
        },
    );
    let (mut a, mut b) = (built_in.world().unwrap(), custom.world().unwrap());
    assert!(!built_in.reached(&a) && !custom.reached(&b));
    tamper_role_to_admin(&mut a);
    tamper_role_to_admin(&mut b);
    assert!(built_in.reached(&a));
    assert!(custom.reached(&b));
}

#[test]
fn a_custom_copy_of_jwt_many_servers_is_reached_and_starts_the_same_every_time() {
    let custom = scenario(
        start("jwt", 3, ALICE),
        GoalCheck::ServersAnswered {
            path: "/api/profile".into(),
            servers: 3,
        },
    );
    let (a, b) = (custom.world().unwrap(), custom.world().unwrap());
    assert_eq!(a.secret(), b.secret());
    assert_eq!(a.token(), b.token());
    let mut w = a;
    for _ in 0..2 {
        w.get("/api/profile");
        assert!(!custom.reached(&w));
    }
    w.get("/api/profile");
    assert!(custom.reached(&w));
}

/// Each kind the builder offers: not reached at its start, reached by a
/// few actions.
#[test]
fn every_goal_check_is_unreached_at_the_start_and_reached_by_its_steps() {
    type Steps = fn(&mut World);
    let copy = |w: &World| {
        let sid = w.browser().jar.get(SESSION_COOKIE).unwrap().value.clone();
        Request::get("/api/profile").with_header("Cookie", format!("{SESSION_COOKIE}={sid}"))
    };
    let _ = copy;
    let cases: Vec<(CustomStart, GoalCheck, Steps)> = vec![
        (
            start("jwt", 1, None),
            GoalCheck::Response {
                path: "/api/admin".into(),
                status: 200,
            },
            |w| {
                w.login("bob@example.com", "builder");
                w.get("/api/admin");
            },
        ),
        (
            start("session", 3, ALICE),
            GoalCheck::RefusedAt {
                step: "lookup".into(),
                status: None,
            },
            |w| {
                w.get("/api/profile");
                w.get("/api/profile");
            },
        ),
        (
            start("session", 2, None),
            GoalCheck::SessionHeld { server: Some(1) },
            |w| {
                w.login("alice@example.com", "wonderland");
            },
        ),
        (
            start("jwt", 1, ALICE),
            GoalCheck::ReplayAnswered {
                status: 200,
                after_logout: true,
            },
            |w| {
                let copy = Request::get("/api/profile")
                    .with_header("Authorization", format!("Bearer {}", w.token().unwrap()));
                w.logout();
                w.send(copy);
            },
        ),
        (
            CustomStart {
                token_scheme: "access-refresh".into(),
                ..start("jwt", 1, ALICE)
            },
            GoalCheck::FamilyRevoked,
            |w| {
                w.logout();
            },
        ),
        (
            start("jwt", 2, ALICE),
            GoalCheck::ServersAnswered {
                path: "/api/profile".into(),
                servers: 2,
            },
            |w| {
                w.get("/api/profile");
                w.get("/api/profile");
            },
        ),
        (
            CustomStart {
                weaknesses: vec!["no-httponly".into(), "xss".into()],
                ..start("session", 1, ALICE)
            },
            GoalCheck::Stolen,
            |w| {
                w.open_comments_page();
            },
        ),
        (
            CustomStart {
                weaknesses: vec!["samesite-none".into()],
                ..start("session", 1, ALICE)
            },
            GoalCheck::CrossSiteAnswered { status: 200 },
            |w| {
                w.visit_attacker_site();
            },
        ),
    ];
    let kinds: Vec<&str> = cases.iter().map(|(_, c, _)| c.kind()).collect();
    assert_eq!(
        kinds,
        CHECK_KINDS.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
        "one case per kind the builder offers"
    );
    for (start, check, steps) in cases {
        let s = scenario(start, check.clone());
        let mut w = s.world().unwrap();
        assert!(!s.reached(&w), "{check:?} reached at its start");
        steps(&mut w);
        assert!(
            s.reached(&w),
            "{check:?} not reached; log {:?}",
            w.log()
                .iter()
                .map(|e| (e.request.route_path().to_string(), e.status(), e.sender))
                .collect::<Vec<_>>()
        );
        assert!(!check.describe().is_empty());
    }
}

/// The refresh thief's replay counts as a replay: reuse detected, 401.
#[test]
fn the_refresh_thiefs_replay_is_a_replay_answered() {
    let s = scenario(
        CustomStart {
            token_scheme: "access-refresh".into(),
            ..start("jwt", 1, ALICE)
        },
        GoalCheck::ReplayAnswered {
            status: 401,
            after_logout: false,
        },
    );
    let mut w = s.world().unwrap();
    assert!(w.steal_refresh());
    assert_eq!(w.refresh_now().status(), 200);
    assert!(!s.reached(&w));
    assert_eq!(w.replay_refresh().unwrap().status(), 401);
    assert!(s.reached(&w));
}

#[test]
fn every_refusing_step_is_a_name_the_check_accepts() {
    for step in REFUSING_STEPS {
        let check = GoalCheck::RefusedAt {
            step: step.as_str().into(),
            status: None,
        };
        assert_eq!(check.validate(), Ok(()), "{step:?}");
    }
}

#[test]
fn the_link_and_the_json_file_round_trip() {
    let s = scenario(
        CustomStart {
            weaknesses: vec!["alg-none".into(), "xss".into()],
            policy: "sticky".into(),
            shared_store: true,
            key_mode: "key-pair".into(),
            clock: 1_800_000_000,
            ..start("session", 4, Some("bob@example.com"))
        },
        GoalCheck::SessionHeld { server: None },
    );
    let link = s.to_link().unwrap();
    assert!(link.len() <= MAX_CUSTOM_LINK_CHARS);
    assert!(link
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    assert_eq!(CustomScenario::from_link(&link).unwrap(), s);
    let json = s.file().to_pretty_json();
    assert_eq!(CustomScenario::from_file(json.as_bytes()).unwrap(), s);
    // The same content, the same name and the same start.
    assert_eq!(CustomScenario::from_link(&link).unwrap().id(), s.id());
    let w = s.world().unwrap();
    assert_eq!(w.now(), 1_800_000_000);
    assert_eq!(w.servers().len(), 4);
    assert!(w.uses_shared_store());
}

#[test]
fn a_journal_of_a_custom_scenario_is_kept_and_rebuilt_and_old_ones_still_load() {
    let s = scenario(
        start("jwt", 1, ALICE),
        GoalCheck::RefusedAt {
            step: "signature".into(),
            status: Some(401),
        },
    );
    let guide = Guide::Custom(jwt_playground::sim::custom::register(s.clone()));
    assert_eq!(guide.kind(), "custom");
    assert_eq!(Guide::of_origin(&guide.origin()), Some(guide));
    assert_eq!(guide.next(), None);
    let mut w = guide.world().unwrap().unwrap();
    w.clear_journal();
    tamper_role_to_admin(&mut w);
    assert!(guide.reached(&w));
    let saved = Saved::of(&w, guide.origin(), false).unwrap();
    let text = saved.to_json();
    let back = Saved::from_json(&text).unwrap();
    assert_eq!(back.origin, Origin::Custom(Box::new(s.clone())));
    let rebuilt = back.rebuild(rand_core::OsRng).unwrap();
    assert!(s.reached(&rebuilt));
    // Through a share link too, within its bounds.
    let link = Saved::from_json(&text).unwrap().to_link().unwrap();
    let linked = Saved::from_link(&link).unwrap();
    assert!(s.reached(&linked.rebuild_link(rand_core::OsRng).unwrap()));
    // A stored journal whose scenario was edited by hand is checked again.
    let edited = text.replace("\"servers\":1", "\"servers\":50");
    assert_ne!(edited, text);
    assert!(Saved::from_json(&edited).is_err());
    // Journals written before teacher's scenarios existed read as before.
    let old = r#"{"version":1,"origin":{"Scenario":"tamper"},"events":[]}"#;
    assert_eq!(
        Saved::from_json(old).unwrap().origin,
        Origin::Scenario("tamper".into())
    );
    let old_free = r#"{"version":1,"origin":{"Free":{"start_time":1767258000}},"events":[]}"#;
    assert!(Saved::from_json(old_free).is_ok());
}

/// Each malformed scenario is refused with its own sentence.
#[test]
fn malformed_scenarios_are_refused_with_a_sentence() {
    let good = || file(start("jwt", 1, ALICE), GoalCheck::Stolen);
    let refused = |f: CustomFile| f.validate().unwrap_err();
    let cases: Vec<(CustomError, &str)> = vec![
        (
            refused(CustomFile {
                start: start("jwt", 0, None),
                ..good()
            }),
            "0 servers",
        ),
        (
            refused(CustomFile {
                start: start("jwt", 50, None),
                ..good()
            }),
            "50 servers",
        ),
        (
            refused(CustomFile {
                start: CustomStart {
                    weaknesses: vec!["sql-injection-everywhere".into()],
                    ..start("jwt", 1, None)
                },
                ..good()
            }),
            "weakness “sql-injection-everywhere”",
        ),
        (
            refused(CustomFile {
                check: GoalCheck::Response {
                    path: "/etc/passwd".into(),
                    status: 200,
                },
                ..good()
            }),
            "path “/etc/passwd”",
        ),
        (
            refused(CustomFile {
                check: GoalCheck::Response {
                    path: "/api/admin".into(),
                    status: 42,
                },
                ..good()
            }),
            "status 42",
        ),
        (
            refused(CustomFile {
                check: GoalCheck::RefusedAt {
                    step: "vibes".into(),
                    status: None,
                },
                ..good()
            }),
            "step “vibes”",
        ),
        (
            refused(CustomFile {
                start: start("cookies", 1, None),
                ..good()
            }),
            "mode “cookies”",
        ),
        (
            refused(CustomFile {
                start: start("jwt", 1, Some("eve@example.com")),
                ..good()
            }),
            "account “eve@example.com”",
        ),
        (
            refused(CustomFile {
                start: CustomStart {
                    clock: -5,
                    ..start("jwt", 1, None)
                },
                ..good()
            }),
            "outside the years 1970 to 9999",
        ),
        (
            refused(CustomFile {
                title: " ".into(),
                ..good()
            }),
            "title is empty",
        ),
        (
            refused(CustomFile {
                goal: "x".repeat(401),
                ..good()
            }),
            "goal is longer than 400",
        ),
        (
            refused(CustomFile {
                hints: vec!["h".into(); 6],
                ..good()
            }),
            "more than 5 hints",
        ),
        (
            refused(CustomFile {
                start: CustomStart {
                    weaknesses: vec!["xss".into(); 18],
                    ..start("jwt", 1, None)
                },
                ..good()
            }),
            "more weaknesses than the 17",
        ),
        (
            refused(CustomFile {
                version: 7,
                ..good()
            }),
            "format 7",
        ),
        (
            CustomScenario::from_link(&"A".repeat(MAX_CUSTOM_LINK_CHARS + 1)).unwrap_err(),
            "more than the 8 KB",
        ),
        (
            CustomScenario::from_file(&vec![b' '; MAX_CUSTOM_FILE_BYTES + 1]).unwrap_err(),
            "more than the 16 KB",
        ),
        (
            CustomScenario::from_link("not base64!").unwrap_err(),
            "not base64url",
        ),
        (
            CustomScenario::from_link(&base64url::encode(&[0xff, 0xfe])).unwrap_err(),
            "not text",
        ),
        (
            CustomScenario::from_link(&base64url::encode(b"{\"version\":1}")).unwrap_err(),
            "not a scenario this page can read",
        ),
        (
            CustomScenario::from_file(
                good()
                    .to_json()
                    .replace("\"kind\":\"stolen\"", "\"kind\":\"everything\"")
                    .as_bytes(),
            )
            .unwrap_err(),
            "not a scenario this page can read",
        ),
        (
            CustomScenario::from_file(
                good()
                    .to_json()
                    .replace(
                        "{\"kind\":\"stolen\"}",
                        "{\"kind\":\"response\",\"path\":\"/api/admin\"}",
                    )
                    .as_bytes(),
            )
            .unwrap_err(),
            "its check of kind response has no status",
        ),
    ];
    for (error, expected) in cases {
        let said = error.to_string();
        assert!(said.contains(expected), "{said:?} should say {expected:?}");
        assert!(said.chars().count() < 300, "{said}");
    }
}

/// Whatever a link or a file holds: opened (a title and a valid check), or
/// refused with a sentence. (Building its world is one login at most: the
/// stories above do that.)
fn opens_or_says_why(result: Result<CustomScenario, CustomError>) {
    match result {
        Ok(s) => {
            assert!(!s.title().trim().is_empty());
            assert_eq!(s.check().validate(), Ok(()));
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

fn valid_payload() -> String {
    scenario(
        CustomStart {
            weaknesses: vec!["kid-path".into()],
            ..start("jwt", 2, ALICE)
        },
        GoalCheck::RefusedAt {
            step: "exp".into(),
            status: Some(401),
        },
    )
    .to_link()
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_open_or_are_refused(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        opens_or_says_why(CustomScenario::from_file(&bytes));
        opens_or_says_why(CustomScenario::from_link(&base64url::encode(&bytes)));
        opens_or_says_why(CustomScenario::from_link(&String::from_utf8_lossy(&bytes)));
    }

    #[test]
    fn truncated_valid_links_open_or_are_refused(cut in 0usize..2000) {
        let payload = valid_payload();
        let cut = cut.min(payload.len());
        let result = CustomScenario::from_link(&payload[..cut]);
        if cut < payload.len() {
            prop_assert!(result.is_err());
        } else {
            // The whole link opens at its start.
            prop_assert!(result.as_ref().is_ok_and(|s| s.world().is_ok()));
        }
        opens_or_says_why(result);
    }

    #[test]
    fn edited_valid_json_opens_or_is_refused(
        at in 0usize..4000,
        junk in "[\\PC{}\\[\\]\":,0-9a-z-]{0,12}",
    ) {
        let json = scenario(start("session", 3, ALICE), GoalCheck::RefusedAt { step: "lookup".into(), status: None })
            .file()
            .to_json();
        let mut at = at.min(json.len());
        while !json.is_char_boundary(at) {
            at -= 1;
        }
        let edited = format!("{}{}{}", &json[..at], junk, &json[at..]);
        opens_or_says_why(CustomScenario::from_file(edited.as_bytes()));
        opens_or_says_why(CustomScenario::from_link(&base64url::encode(edited.as_bytes())));
    }

    #[test]
    fn huge_or_deep_inputs_are_refused_by_their_size(n in 1usize..200_000) {
        let deep = "[".repeat(n.min(MAX_CUSTOM_FILE_BYTES));
        prop_assert!(CustomScenario::from_file(deep.as_bytes()).is_err());
        let long_title = file(start("jwt", 1, None), GoalCheck::Stolen).to_json()
            .replace("A scenario of my own", &"é".repeat(n % 5000));
        opens_or_says_why(CustomScenario::from_file(long_title.as_bytes()));
        // Over the cap, refused by its length before any of it is decoded:
        // the work an input can ask for is bounded by the caps, not timed.
        let over = CustomScenario::from_link(&"A".repeat(n + MAX_CUSTOM_LINK_CHARS));
        prop_assert!(matches!(over, Err(CustomError::TooLong { .. })), "{over:?}");
        let over = CustomScenario::from_file("x".repeat(n + MAX_CUSTOM_FILE_BYTES).as_bytes());
        prop_assert!(matches!(over, Err(CustomError::TooLong { .. })), "{over:?}");
    }
}
