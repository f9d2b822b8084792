//! The guided scenarios (issue 10): each starts unreached, is reached by the
//! steps it lists (done here through the world's own actions, as the view's
//! buttons do), and starts again identically: same secret, same token bytes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::sim::scenario::{Scenario, SCENARIOS};
use jwt_playground::sim::{Mode, Request, Weakness, World, SESSION_COOKIE};

mod moves;

fn copy_of(w: &World) -> Request {
    match w.mode() {
        Mode::Jwt => Request::get("/api/profile")
            .with_header("Authorization", format!("Bearer {}", w.token().unwrap())),
        Mode::Session => {
            let sid = w.browser().jar.get(SESSION_COOKIE).unwrap().value.clone();
            Request::get("/api/profile").with_header("Cookie", format!("{SESSION_COOKIE}={sid}"))
        }
    }
}

/// The steps of each scenario.
fn solve(s: &Scenario, w: &mut World) {
    match s.id {
        "session-login" | "jwt-login" => {
            w.login("alice@example.com", "wonderland");
        }
        "session-lookup" | "jwt-verify" | "jwt-many-servers" => {
            for _ in 0..3 {
                w.get("/api/profile");
            }
        }
        "tamper" => moves::tamper_role_to_admin(w),
        "authn-authz" => {
            w.get("/api/admin");
            w.login("bob@example.com", "builder");
            w.get("/api/admin");
        }
        "unknown-or-forbidden" => {
            assert_eq!(w.get("/api/admin").status(), 401);
            w.login("alice@example.com", "wonderland");
            assert_eq!(w.get("/api/admin").status(), 403);
        }
        "sessions-many-servers" => {
            w.get("/api/profile");
            w.get("/api/profile");
        }
        "crash-session" => {
            let id = w.get("/api/profile").server_id.unwrap();
            w.crash(id);
            w.get("/api/profile");
        }
        "shared-store" => {
            w.set_shared_store(true);
            w.login("alice@example.com", "wonderland");
            for _ in 0..3 {
                w.get("/api/profile");
            }
        }
        "jwt-logout-copy" | "session-logout-copy" => {
            let copy = copy_of(w);
            w.logout();
            w.send(copy);
        }
        "token-expiry" => {
            w.advance_clock(300);
            w.get("/api/profile");
        }
        "key-pair" => {
            for _ in 0..2 {
                w.get("/api/profile");
            }
        }
        "jwt-httponly-cookie" => {
            let script = w.open_comments_page().unwrap();
            assert!(w.loot().credential().is_none(), "{:?}", script.request.body);
            assert_eq!(w.visit_attacker_site().status(), 200);
            w.set_weakness(Weakness::SameSiteNone, false);
            assert_eq!(
                w.visit_attacker_site().status(),
                200,
                "the old cookie still says None"
            );
            w.login("bob@example.com", "builder");
            assert_eq!(w.visit_attacker_site().status(), 401);
        }
        other => panic!("no solution for {other}"),
    }
}

#[test]
fn every_scenario_is_reached_by_its_steps() {
    for s in &SCENARIOS {
        let mut w = s.world().unwrap();
        assert!(!s.reached(&w), "{}: reached at the start", s.id);
        solve(s, &mut w);
        assert!(
            s.reached(&w),
            "{}: not reached; log {:?}",
            s.id,
            w.log()
                .iter()
                .map(|e| (e.request.route_path().to_string(), e.status()))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn every_scenario_starts_the_same_every_time() {
    for s in &SCENARIOS {
        let (a, b) = (s.world().unwrap(), s.world().unwrap());
        assert_eq!(a.secret(), b.secret(), "{}", s.id);
        assert_eq!(a.token(), b.token(), "{}: token bytes", s.id);
        assert_eq!(a.now(), b.now(), "{}", s.id);
        assert_eq!(a.issuer().kids(), b.issuer().kids(), "{}", s.id);
        let cookies = |w: &World| {
            w.browser()
                .jar
                .cookies()
                .iter()
                .map(|c| c.value.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(cookies(&a), cookies(&b), "{}: session ids", s.id);
    }
}

#[test]
fn there_are_at_least_twelve_scenarios_with_unique_ids_and_text() {
    assert!(SCENARIOS.len() >= 12);
    let mut ids: Vec<&str> = SCENARIOS.iter().map(|s| s.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), SCENARIOS.len());
    for s in &SCENARIOS {
        assert!(Scenario::of(s.id).is_some());
        assert!(
            !s.goal.is_empty() && !s.steps.is_empty() && !s.hints.is_empty() && !s.claim.is_empty()
        );
        assert!(
            s.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{}",
            s.id
        );
    }
}

#[test]
fn the_attack_exercises_start_the_same_every_time_too() {
    for e in &jwt_playground::sim::exercise::EXERCISES {
        let (a, b) = (e.world().unwrap(), e.world().unwrap());
        assert_eq!(
            (a.secret(), a.token()),
            (b.secret(), b.token()),
            "{}",
            e.id()
        );
    }
}

/// One type for both kinds of guide: each scenario and each attack exercise
/// opens at its start, is not solved there, round-trips through the origin a
/// link keeps, and `next` walks each list in order to its end.
#[test]
fn every_guide_opens_round_trips_its_origin_and_leads_to_the_next() {
    use jwt_playground::sim::exercise::EXERCISES;
    use jwt_playground::sim::guide::Guide;
    use jwt_playground::sim::scenario::SCENARIOS;
    for first in [
        Guide::Scenario(SCENARIOS[0].id),
        Guide::Attack(EXERCISES[0].weakness),
    ] {
        let mut seen = 0;
        let mut at = Some((first, first.title().unwrap()));
        while let Some((guide, title)) = at {
            assert_eq!(guide.title(), Some(title));
            let world = guide.world().unwrap().unwrap();
            assert!(!guide.reached(&world), "{guide:?} is solved at its start");
            assert_eq!(Guide::of_origin(&guide.origin()), Some(guide));
            seen += 1;
            at = guide.next();
        }
        let expected = match first {
            Guide::Scenario(_) => SCENARIOS.len(),
            Guide::Attack(_) => EXERCISES.len(),
            Guide::Custom(_) => 1,
        };
        assert_eq!(seen, expected, "{}", first.kind());
    }
}
