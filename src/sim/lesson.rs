//! Which lesson card the newest exchange demonstrates, so the view can put
//! that card beside the diagram. The ids are the lesson cards' own
//! (`data-lesson` in the page).

use super::keys::{KeyMode, JWKS_PATH};
use super::lifecycle::{LOGOUT_EVERYWHERE_PATH, REFRESH_PATH, REFRESH_REVOKE_PATH, REVOKE_PATH};
use super::mode::Mode;
use super::server::{LOGIN_PATH, LOGOUT_PATH};
use super::trace::StepId;
use super::world::World;
use crate::jwt::VerifyStep;

/// The lesson the newest exchange shows, if one of them is about it.
pub fn lesson_for(world: &World) -> Option<&'static str> {
    let e = world.last_exchange()?;
    let failed = super::request_steps(e)
        .into_iter()
        .find(|s| s.result == Some(crate::jwt::StepResult::Fail))
        .map(|s| s.id);
    let path = e.request.route_path();
    let status = e.status();
    let session = world.mode() == Mode::Session;
    let many = world.servers().len() > 1;
    let key_pair = world.key_mode() == KeyMode::KeyPair;
    Some(match (status, failed) {
        _ if path == REFRESH_PATH || path == REFRESH_REVOKE_PATH => "refresh-rotation",
        _ if path == REVOKE_PATH => "denylist",
        (401, Some(StepId::Revoked)) if older_than_logout_everywhere(world, e) => {
            "logout-everywhere"
        }
        (401, Some(StepId::Revoked)) => "denylist",
        _ if path == LOGOUT_EVERYWHERE_PATH => "logout-everywhere",
        _ if path == JWKS_PATH => "keys-only-issuer-signs",
        (403, _) => "authn-authz",
        (401, Some(StepId::Token)) if !session => "jwt-authn",
        (401, Some(StepId::Verify(VerifyStep::Signature | VerifyStep::Alg))) => "jwt-tamper",
        (401, Some(StepId::Verify(VerifyStep::Exp) | StepId::Expiry)) if !session => {
            "jwt-revocation"
        }
        (401, Some(StepId::Lookup | StepId::Cookie)) if many && !world.uses_shared_store() => {
            "many-servers"
        }
        (401, _) if session && many => "many-servers",
        _ if path == LOGIN_PATH && status == 200 => {
            if session {
                "session-memory"
            } else {
                "jwt-stateless"
            }
        }
        _ if path == LOGOUT_PATH => {
            if session {
                "session-revocation"
            } else {
                "jwt-revocation"
            }
        }
        (200, _) if key_pair && !session && world.issuer().keys().len() > 1 => "keys-rotation",
        (200, _) if key_pair && !session => "keys-only-issuer-signs",
        (200, _) if many => "many-servers",
        (200, _) if !session => "jwt-readable",
        (200, _) => "session-cookie-flags",
        _ => return None,
    })
}

/// Whether the exchange's token was issued before its user logged out
/// everywhere (its `ver` is older than the user's).
fn older_than_logout_everywhere(world: &World, e: &super::world::Exchange) -> bool {
    let Some(claims) = e.trace.verify_report().and_then(|r| r.claims.as_ref()) else {
        return false;
    };
    let sub = claims
        .get("sub")
        .and_then(crate::jwt::Json::as_str)
        .unwrap_or_default();
    let ver = claims
        .get("ver")
        .and_then(crate::jwt::Json::as_f64)
        .unwrap_or(0.0);
    ver < f64::from(world.lifecycle().version(sub))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;
    use crate::sim::lifecycle::TokenScheme;
    use crate::sim::rng::SeededEntropy;
    use crate::sim::world::WorldConfig;

    fn world(mode: Mode, servers: usize) -> World {
        let config = WorldConfig {
            mode,
            servers,
            pbkdf2_iterations: 50,
            ..WorldConfig::default()
        };
        World::new(config, Box::new(SeededEntropy::new(7))).unwrap()
    }

    #[test]
    fn nothing_sent_no_lesson() {
        assert_eq!(lesson_for(&world(Mode::Jwt, 1)), None);
    }

    #[test]
    fn one_server_jwt_story() {
        let mut w = world(Mode::Jwt, 1);
        w.login("alice@example.com", "wonderland");
        assert_eq!(lesson_for(&w), Some("jwt-stateless"));
        w.get("/api/profile");
        assert_eq!(lesson_for(&w), Some("jwt-readable"));
        w.get("/api/admin");
        assert_eq!(lesson_for(&w), Some("authn-authz"));
        let token = w.token().unwrap();
        let tampered = format!("{}x", token);
        w.set_token_text(tampered);
        w.get("/api/profile");
        assert_eq!(lesson_for(&w), Some("jwt-tamper"));
        w.login("alice@example.com", "wonderland");
        w.advance_clock(3600);
        w.get("/api/profile");
        assert_eq!(lesson_for(&w), Some("jwt-revocation"));
        w.logout();
        assert_eq!(lesson_for(&w), Some("jwt-revocation"));
    }

    #[test]
    fn a_request_without_a_token_shows_what_the_token_check_is_for() {
        let mut w = world(Mode::Jwt, 1);
        assert_eq!(w.get("/api/admin").status(), 401);
        assert_eq!(lesson_for(&w), Some("jwt-authn"));
        w.login("alice@example.com", "wonderland");
        assert_eq!(w.get("/api/admin").status(), 403);
        assert_eq!(lesson_for(&w), Some("authn-authz"));
    }

    #[test]
    fn session_stories() {
        let mut w = world(Mode::Session, 1);
        w.login("alice@example.com", "wonderland");
        assert_eq!(lesson_for(&w), Some("session-memory"));
        w.get("/api/profile");
        assert_eq!(lesson_for(&w), Some("session-cookie-flags"));
        w.logout();
        assert_eq!(lesson_for(&w), Some("session-revocation"));

        let mut many = world(Mode::Session, 3);
        many.login("alice@example.com", "wonderland");
        let statuses: Vec<_> = (0..3).map(|_| many.get("/api/profile").status()).collect();
        assert!(
            statuses.contains(&401),
            "round-robin lands on a server without the session"
        );
        assert_eq!(lesson_for(&many), Some("many-servers"));
    }

    #[test]
    fn many_servers_jwt_and_key_pairs() {
        let mut w = world(Mode::Jwt, 3);
        w.login("alice@example.com", "wonderland");
        w.get("/api/profile");
        assert_eq!(lesson_for(&w), Some("many-servers"));

        let mut k = world(Mode::Jwt, 2);
        k.set_key_mode(KeyMode::KeyPair);
        k.login("alice@example.com", "wonderland");
        k.get("/api/profile");
        assert_eq!(lesson_for(&k), Some("keys-only-issuer-signs"));
        k.rotate_key();
        k.login("alice@example.com", "wonderland");
        k.get("/api/profile");
        assert_eq!(lesson_for(&k), Some("keys-rotation"));
    }

    #[test]
    fn lifecycle_requests() {
        let mut w = world(Mode::Jwt, 1);
        w.set_token_scheme(TokenScheme::AccessRefresh);
        w.login("alice@example.com", "wonderland");
        w.refresh_now();
        assert_eq!(lesson_for(&w), Some("refresh-rotation"));
        w.revoke_token();
        assert_eq!(lesson_for(&w), Some("denylist"));
        w.get("/api/profile");
        assert_eq!(lesson_for(&w), Some("denylist"));
        w.login("alice@example.com", "wonderland");
        let before = w.token().unwrap();
        w.logout_everywhere();
        assert_eq!(lesson_for(&w), Some("logout-everywhere"));
        // A token from before "log out everywhere", sent again: refused, same lesson.
        w.set_token_text(before);
        assert_eq!(w.get("/api/profile").status(), 401);
        assert_eq!(lesson_for(&w), Some("logout-everywhere"));
    }
}
