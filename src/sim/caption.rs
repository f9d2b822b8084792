//! What the page says happened, in words, made from the simulation's own
//! record (the log and its traces), never from what a control shows: after
//! a mode switch the story is sent again by the playground itself, so the
//! latest answer says it was replayed, not that the form was used.

use super::mode::Mode;
use super::server::User;
use super::server::{ADMIN_PATH, PROFILE_PATH};
use super::trace::Trace;
use super::world::{Exchange, World};

/// The mode's name in a sentence: "with JWTs", "with cookie sessions".
fn with_mode(mode: Mode) -> &'static str {
    match mode {
        Mode::Jwt => "with JWTs",
        Mode::Session => "with cookie sessions",
    }
}

/// What one exchange did, in a few words: "Alice logged in", "the admin
/// page was refused".
pub fn what_happened(e: &Exchange, users: &[User]) -> String {
    let ok = e.status() < 400;
    let path = e.request.route_path();
    match &e.trace {
        Trace::Login(t) => {
            let who = t
                .email
                .as_deref()
                .map(|email| {
                    users
                        .iter()
                        .find(|u| u.email == email)
                        .map_or_else(|| email.to_string(), |u| u.name.clone())
                })
                .unwrap_or_else(|| "someone".to_string());
            if ok {
                format!("{who} logged in")
            } else {
                format!("{who}'s login was refused")
            }
        }
        Trace::Logout(_) => "the page logged out".to_string(),
        _ => {
            let what = match path {
                PROFILE_PATH => "the profile",
                ADMIN_PATH => "the admin page",
                _ => "the request",
            };
            if ok {
                format!("{what} was answered")
            } else {
                format!("{what} was refused")
            }
        }
    }
}

/// When `e` was sent by the replay of the story in the other mode (not by
/// a click since), what to say before its line: "The same story, replayed
/// with cookie sessions: Alice logged in".
pub fn replay_caption(world: &World, e: &Exchange) -> Option<String> {
    let replayed = world.replayed()?;
    (e.seq <= replayed.up_to).then(|| {
        format!(
            "The same story, replayed {}: {}",
            with_mode(replayed.mode),
            what_happened(e, world.users())
        )
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::sim::{SeededEntropy, WorldConfig};

    fn world() -> World {
        let config = WorldConfig {
            pbkdf2_iterations: 50,
            ..WorldConfig::default()
        };
        World::new(config, Box::new(SeededEntropy::new(5))).unwrap()
    }

    #[test]
    fn a_replayed_login_says_it_was_replayed_in_the_other_mode() {
        let mut w = world();
        w.login("alice@example.com", "wonderland");
        assert!(w.replayed().is_none());
        let first = w.last_from_page().unwrap().clone();
        assert_eq!(replay_caption(&w, &first), None);
        w.replay_in_mode(Mode::Session);
        let e = w.last_from_page().unwrap().clone();
        assert_eq!(e.request.route_path(), "/user/login");
        assert_eq!(
            replay_caption(&w, &e).as_deref(),
            Some("The same story, replayed with cookie sessions: Alice logged in")
        );
        // Back again: the other way round.
        w.replay_in_mode(Mode::Jwt);
        let e = w.last_from_page().unwrap().clone();
        assert_eq!(
            replay_caption(&w, &e).as_deref(),
            Some("The same story, replayed with JWTs: Alice logged in")
        );
    }

    #[test]
    fn a_click_after_the_replay_or_a_new_story_is_not_called_replayed() {
        let mut w = world();
        w.login("alice@example.com", "wonderland");
        w.replay_in_mode(Mode::Session);
        let e = w.get("/api/admin");
        assert_eq!(replay_caption(&w, &e), None);
        assert_eq!(what_happened(&e, w.users()), "the admin page was refused");
        w.replay_in_mode(Mode::Jwt);
        assert!(w.replayed().is_some());
        w.reset();
        assert!(w.replayed().is_none());
        w.replay_in_mode(Mode::Session);
        w.set_mode(Mode::Jwt);
        assert!(w.replayed().is_none());
    }

    #[test]
    fn what_happened_names_the_user_or_says_who_was_refused() {
        let mut w = world();
        let e = w.login("bob@example.com", "nope");
        assert_eq!(what_happened(&e, w.users()), "Bob's login was refused");
        let e = w.login("nobody@example.com", "x");
        assert_eq!(
            what_happened(&e, w.users()),
            "nobody@example.com's login was refused"
        );
        w.login("alice@example.com", "wonderland");
        let e = w.get("/api/profile");
        assert_eq!(what_happened(&e, w.users()), "the profile was answered");
        let e = w.logout();
        assert_eq!(what_happened(&e, w.users()), "the page logged out");
    }
}
