//! Guided scenarios (issue 10): one per claim of the two notes the app was
//! built from, and per counterpoint its lesson cards make. Each starts from an
//! exact world (mode, servers, balancer, store, keys, a fixed clock and seeded
//! randomness, so the secret, ids and token bytes are the same on every run),
//! states a goal, offers hints, and checks the goal from the simulation.

use super::attacker::{read_by_script, Credential};
use super::browser::TokenStorage;
use super::cluster::LbPolicy;
use super::http::TOKEN_COOKIE;
use super::keys::{KeyMode, JWKS_PATH};
use super::mode::Mode;
use super::rng::{EntropyError, SeededEntropy};
use super::server::SESSION_COOKIE;
use super::server::{ADMIN_PATH, LOGIN_PATH, LOGOUT_PATH, PROFILE_PATH};
use super::trace::{StepId, Trace};
use super::weakness::Weakness;
use super::world::{Action, Exchange, Sender, World, WorldConfig, DEFAULT_START_TIME, DEMO_USERS};
use crate::jwt::Json;
use crate::jwt::VerifyStep;
use std::collections::BTreeSet;

/// How a scenario starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Start {
    mode: Mode,
    servers: usize,
    policy: LbPolicy,
    key_mode: KeyMode,
    /// Index in [`DEMO_USERS`] of who is logged in at the start, if anyone.
    login: Option<usize>,
    /// Where the page keeps its JWT.
    storage: TokenStorage,
    /// The attack lab's switches on at the start.
    weaknesses: &'static [Weakness],
}

const fn start(mode: Mode, servers: usize, login: Option<usize>) -> Start {
    Start {
        mode,
        servers,
        policy: LbPolicy::RoundRobin,
        key_mode: KeyMode::SharedSecret,
        login,
        storage: TokenStorage::Memory,
        weaknesses: &[],
    }
}

const ALICE: Option<usize> = Some(0);
const BOB: Option<usize> = Some(1);

/// One guided scenario.
#[derive(Debug, Clone, Copy)]
pub struct Scenario {
    /// Stable: `#/scenario/<id>` and `scenario-<id>` in the view.
    pub id: &'static str,
    pub title: &'static str,
    /// What the notes claim, in a sentence.
    pub claim: &'static str,
    pub goal: &'static str,
    pub steps: &'static [&'static str],
    pub hints: &'static [&'static str],
    /// What it shows once reached: the lesson, or its counterpoint.
    pub lesson: &'static str,
    start: Start,
    check: fn(&World) -> bool,
}

fn ok(e: &Exchange, path: &str) -> bool {
    e.status() == 200 && e.request.route_path() == path
}

fn failed_at(e: &Exchange, status: u16, step: StepId) -> bool {
    e.status() == status && e.trace.failed_step().is_some_and(|s| s.id == step)
}

fn any(w: &World, f: impl Fn(&Exchange) -> bool) -> bool {
    w.log().iter().any(f)
}

/// Servers that answered 200 to `GET /api/profile`.
fn profile_servers(w: &World) -> BTreeSet<usize> {
    w.log()
        .iter()
        .filter(|e| ok(e, PROFILE_PATH))
        .filter_map(|e| e.server_id)
        .collect()
}

/// A raw copy replayed after a logout, with this status.
fn copy_after_logout(w: &World, status: u16) -> bool {
    let Some(logout) = w
        .log()
        .iter()
        .find(|e| e.request.route_path() == LOGOUT_PATH)
        .map(|e| e.seq)
    else {
        return false;
    };
    any(w, |e| {
        e.seq > logout
            && e.sender == Sender::Raw
            && e.status() == status
            && e.request.route_path().starts_with("/api/")
    })
}

/// Did the browser hold the token cookie the server set, just before
/// exchange `seq`? Read from the `Set-Cookie` headers of the log.
fn token_cookie_held_before(w: &World, seq: u64) -> bool {
    let mut held = false;
    for e in w.log().iter().take_while(|e| e.seq < seq) {
        let set = e.response.set_cookies();
        if let Some(c) = set.iter().rev().find(|c| c.name == TOKEN_COOKIE) {
            held = !c.value.is_empty() && c.max_age != Some(0);
        }
    }
    held
}

/// A request evil.example's page made, carrying the JWT cookie or not,
/// answered with `status`, while the browser held the cookie.
fn cross_site_with_token(w: &World, carried: bool, status: u16) -> bool {
    w.mode() == Mode::Jwt
        && any(w, |e| {
            e.sender == Sender::CrossSite
                && e.status() == status
                && e.request.cookie(TOKEN_COOKIE).is_some() == carried
                && token_cookie_held_before(w, e.seq)
        })
}

/// The injected script ran and what it posted to evil.example held no
/// token, while the browser held the JWT in its HttpOnly cookie.
fn script_found_no_token(w: &World) -> bool {
    any(w, |e| {
        if e.sender != Sender::InjectedScript || !token_cookie_held_before(w, e.seq) {
            return false;
        }
        let Some(body) = e.request.body.as_deref().and_then(|b| Json::parse(b).ok()) else {
            return false;
        };
        let cookie = body
            .get("cookie")
            .and_then(Json::as_str)
            .unwrap_or_default();
        let storage: Vec<(String, String)> = match body.get("storage") {
            Some(Json::Object(members)) => members
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect(),
            _ => Vec::new(),
        };
        !read_by_script(cookie, &storage)
            .iter()
            .any(|s| matches!(s.credential(), Some(Credential::Token(_))))
    })
}

/// Every scenario, in the order of the notes.
pub const SCENARIOS: [Scenario; 16] = [
    Scenario {
        id: "session-login",
        title: "A session is born",
        claim: "After you log in, the server keeps you in its memory under a new id and gives the browser that id in a cookie.",
        goal: "Log in with cookie sessions: the server holds a session row and the browser an HttpOnly sid cookie.",
        steps: &["Click a demo account to fill the form, then log in.", "Look at the Server column's memory and the Browser's cookie jar."],
        hints: &["The login is POST /user/login with {email, password}: that is authentication."],
        lesson: "The session id is a random name for a row the server keeps: the state lives on the server.",
        start: start(Mode::Session, 1, None),
        check: |w| {
            w.mode() == Mode::Session
                && any(w, |e| ok(e, LOGIN_PATH))
                && w.total_memory().entries >= 1
                && w.browser().jar.get(SESSION_COOKIE).is_some_and(|c| c.http_only)
        },
    },
    Scenario {
        id: "session-lookup",
        title: "Every request, a lookup",
        claim: "With every request the browser sends the session id; the server finds the user by looking it up.",
        goal: "Get 200 from /api/profile with the session cookie, and find the lookup step in the server's checklist.",
        steps: &["Click GET /api/profile.", "Read the checklist: cookie, lookup, expiry, authorize."],
        hints: &["The browser adds the cookie by itself: the page's script never touches it."],
        lesson: "A session costs the server a lookup on every request, in the memory of the server that holds it.",
        start: start(Mode::Session, 1, ALICE),
        check: |w| any(w, |e| ok(e, PROFILE_PATH) && matches!(e.trace, Trace::Session(_))),
    },
    Scenario {
        id: "jwt-login",
        title: "A token, and nothing stored",
        claim: "With JWTs the server signs a token with its secret and sends it to the browser; nothing is stored on the server.",
        goal: "Log in with JWT: the browser holds a token and every server's memory stays empty.",
        steps: &["Fill a demo account and log in.", "Watch the token being built step by step, then look at the servers' memory: 0 entries."],
        hints: &["The token's three parts are coloured: header, payload (the claims), signature."],
        lesson: "The token carries the user's claims itself; the server keeps no row, only its secret.",
        start: start(Mode::Jwt, 1, None),
        check: |w| {
            w.mode() == Mode::Jwt
                && any(w, |e| ok(e, LOGIN_PATH))
                && w.token().is_some()
                && w.total_memory().entries == 0
        },
    },
    Scenario {
        id: "jwt-verify",
        title: "Checked by signature, not by lookup",
        claim: "On each request the server verifies the token has not changed since it was signed, then reads the user from it.",
        goal: "Get 200 from /api/profile with the token and read the signature step of the checklist.",
        steps: &["Click GET /api/profile.", "Read the checklist: the MAC is computed again and compared."],
        hints: &["No lookup: the only cost is one HMAC over the header and payload."],
        lesson: "Verifying a token needs the secret and the clock, nothing else: any server can do it.",
        start: start(Mode::Jwt, 1, ALICE),
        check: |w| any(w, |e| ok(e, PROFILE_PATH) && matches!(e.trace, Trace::Jwt(_))),
    },
    Scenario {
        id: "tamper",
        title: "Change the token, get refused",
        claim: "If you change anything in the token, the server notices and refuses you.",
        goal: "Make yourself admin by editing the token's claims, send it, and get refused at the signature step.",
        steps: &["In the Browser column, change \"role\": \"user\" to \"admin\" in the claims.", "Click GET /api/admin."],
        hints: &["The old signature no longer matches the new payload: the server shows both signatures side by side."],
        lesson: "Anyone can read and edit the claims; only the secret's holder can sign them.",
        start: start(Mode::Jwt, 1, ALICE),
        check: |w| any(w, |e| e.request.route_path().starts_with("/api/") && failed_at(e, 401, StepId::Verify(VerifyStep::Signature))),
    },
    Scenario {
        id: "authn-authz",
        title: "Who you are, and what you may do",
        claim: "Knowing who you are is not the same as letting you in: the role check decides what you may have.",
        goal: "Get 403 from /api/admin as Alice (role user), then 200 as Bob (role admin).",
        steps: &["Click GET /api/admin as Alice: 403.", "Log in as Bob and ask again: 200."],
        hints: &["Both requests carry a valid token, so the server knows who sent each one; only the role differs."],
        lesson: "The token told the server who asked (the request was authenticated); the role check on /api/admin is the authorization, and it said no to Alice and yes to Bob.",
        start: start(Mode::Jwt, 1, ALICE),
        check: |w| {
            let forbidden = w
                .log()
                .iter()
                .find(|e| e.request.route_path() == ADMIN_PATH && e.status() == 403)
                .map(|e| e.seq);
            forbidden.is_some_and(|s| any(w, |e| e.seq > s && ok(e, ADMIN_PATH)))
        },
    },
    Scenario {
        id: "unknown-or-forbidden",
        title: "401 or 403: which check said no?",
        claim: "The notes say a JWT is for authorization, not authentication.",
        goal: "Get a 401 (refused at the token or signature step) and a 403 (refused at the authorize step), and say which check each one failed.",
        steps: &[
            "Logged out, click GET /api/admin: 401, refused at step token.",
            "Log in as Alice and click GET /api/admin again: 403, refused at step authorize.",
        ],
        hints: &[
            "401: the server could not authenticate the request, so it does not know who sent it.",
            "403: the token's signature checked, so the server takes the request as Alice's, and the role check says she may not have the page.",
        ],
        lesson: "Checking the token on each request is authentication: a valid signature shows the server issued the token to the user it names, so the server treats the request as theirs (whoever presents the token), and a 401 means it could not tell who. The role check after it is authorization: a 403 means the server knows who you are and still says no.",
        start: start(Mode::Jwt, 1, None),
        check: |w| {
            let unauthenticated = any(w, |e| {
                e.request.route_path().starts_with("/api/")
                    && e.status() == 401
                    && e.trace
                        .failed_step()
                        .is_some_and(|s| matches!(s.id, StepId::Token | StepId::Verify(_)))
            });
            unauthenticated && any(w, |e| failed_at(e, 403, StepId::Authorize))
        },
    },
    Scenario {
        id: "sessions-many-servers",
        title: "Three servers, three memories",
        claim: "With more than one server, the session stores are out of sync: the next server does not know your session id.",
        goal: "With three servers behind a round-robin balancer (each request to the next server in turn), get refused with 401 at the lookup step.",
        steps: &["Click GET /api/profile a few times and watch which server answers."],
        hints: &["Only the server that handled the login has the session row."],
        lesson: "Sessions are state, and state lives on one server unless something shares it.",
        start: start(Mode::Session, 3, ALICE),
        check: |w| any(w, |e| failed_at(e, 401, StepId::Lookup)),
    },
    Scenario {
        id: "jwt-many-servers",
        title: "One token, every server",
        claim: "The same JWT works on every server: they share the secret, not a memory.",
        goal: "Get 200 from /api/profile from server 1, server 2 and server 3 with one token.",
        steps: &["Click GET /api/profile three times."],
        hints: &["Round-robin sends each request to the next server."],
        lesson: "No server sync problem: any server holding the secret can check the token.",
        start: start(Mode::Jwt, 3, ALICE),
        check: |w| profile_servers(w).len() >= 3,
    },
    Scenario {
        id: "crash-session",
        title: "Your server crashes",
        claim: "If the server holding your session crashes, you must log in again on another one.",
        goal: "Crash the server that holds your session, ask for your profile, and get 401 at the lookup step.",
        steps: &["See which server answers your requests (sticky sessions pin you to one).", "Crash it, then ask for your profile."],
        hints: &["The balancer sends you to a server that is up; it has never seen your id."],
        lesson: "A session dies with the server's memory; a JWT does not depend on any one server (try the same in JWT mode).",
        start: Start {
            policy: LbPolicy::Sticky,
            ..start(Mode::Session, 2, ALICE)
        },
        check: |w| {
            w.story().iter().any(|a| matches!(a, Action::Crash(_)))
                && any(w, |e| failed_at(e, 401, StepId::Lookup))
        },
    },
    Scenario {
        id: "shared-store",
        title: "The real-world fix for sessions",
        claim: "Counterpoint: real systems share one session store (Redis, a database) so every server finds the session.",
        goal: "Switch on the shared session store, log in, and get 200 from /api/profile from all three servers.",
        steps: &["Tick \"Shared session store\" in the advanced controls.", "Log in, then ask for your profile three times."],
        hints: &["The state has not gone away: it moved to one place every server asks."],
        lesson: "Sessions scale with a shared store; the price is a network lookup on every request.",
        start: start(Mode::Session, 3, None),
        check: |w| w.uses_shared_store() && w.mode() == Mode::Session && profile_servers(w).len() >= 3,
    },
    Scenario {
        id: "jwt-logout-copy",
        title: "Logging out does not revoke a JWT",
        claim: "Counterpoint: nothing is stored, so nothing can be deleted: a copy of the token works until it expires.",
        goal: "Copy the token, log out, replay the copy from another machine, and get 200.",
        steps: &["Click \"Copy the credential\".", "Log out.", "Click \"Replay the copy\"."],
        hints: &["The replay is a raw request, as curl would send it from an attacker's laptop."],
        lesson: "Revoking JWTs takes server state again (a deny-list, short expiry with refresh tokens).",
        start: start(Mode::Jwt, 1, ALICE),
        check: |w| copy_after_logout(w, 200),
    },
    Scenario {
        id: "session-logout-copy",
        title: "Logging out ends a session",
        claim: "A session can be ended on the server: after logout, a copy of the cookie finds nothing.",
        goal: "Copy the session id, log out, replay the copy, and get 401.",
        steps: &["Click \"Copy the credential\".", "Log out.", "Click \"Replay the copy\"."],
        hints: &["Logout deleted the row the id named."],
        lesson: "Server state is what makes instant revocation possible.",
        start: start(Mode::Session, 1, ALICE),
        check: |w| copy_after_logout(w, 401),
    },
    Scenario {
        id: "token-expiry",
        title: "A token carries its own end",
        claim: "A token's exp claim is checked against the server's clock, with no state: after it, the token is refused.",
        goal: "Move the simulated clock past the token's expiry and get 401 at the exp step.",
        steps: &["Click +5 min on the simulated clock (in the advanced controls).", "Ask for your profile."],
        hints: &["The token lives 5 minutes (exp = iat + 300)."],
        lesson: "Short lifetimes limit what a stolen copy is worth; refresh tokens keep users logged in.",
        start: start(Mode::Jwt, 1, ALICE),
        check: |w| any(w, |e| failed_at(e, 401, StepId::Verify(VerifyStep::Exp))),
    },
    Scenario {
        id: "key-pair",
        title: "Only the issuer can sign",
        claim: "Counterpoint: with a shared secret every verifier can also mint tokens; with a key pair only the issuer signs and the others check with its public keys.",
        goal: "With a key pair, get 200 from server 2 after it fetched the issuer's public keys.",
        steps: &["Ask for your profile until server 2 answers.", "Find server 2's own request for /.well-known/jwks.json in the network log."],
        hints: &["Server 2 has no keys at first: it fetches the JWK Set before checking the token."],
        lesson: "A public key checks signatures but cannot make them: a verifier that leaks loses nothing.",
        start: Start {
            key_mode: KeyMode::KeyPair,
            ..start(Mode::Jwt, 2, BOB)
        },
        check: |w| {
            any(w, |e| e.sender == Sender::Server(2) && e.request.route_path() == JWKS_PATH && e.status() == 200)
                && profile_servers(w).contains(&2)
        },
    },
    Scenario {
        id: "jwt-httponly-cookie",
        title: "The JWT in an HttpOnly cookie: XSS or CSRF",
        claim: "The browser can keep the JWT in a cookie. Set by the server as HttpOnly, script cannot read it; but the browser then sends it by itself, to requests other sites start too.",
        goal: "Show both sides: the injected script finds no token to steal; with SameSite=None evil.example's forged request is done as Bob (200); with SameSite=Lax the same request arrives without the cookie (401).",
        steps: &[
            "Open the comments page: the injected script posts what it can read to evil.example. Look at its body and the attacker's loot: no token.",
            "Visit evil.example: its page posts to /api/profile/name, and the browser adds the token cookie (SameSite=None): 200.",
            "Switch off samesite-none in the attack lab, log in again as Bob (the cookie comes back with SameSite=Lax), and visit evil.example again: 401.",
        ],
        hints: &[
            "The login asked for the token in a cookie (Token-Delivery: cookie): find the Set-Cookie with HttpOnly in its response.",
            "SameSite is written when the cookie is set: changing the server's switch takes effect at the next login.",
            "What page script can read is listed in the Browser column: the token is in the jar, not there.",
        ],
        lesson: "An HttpOnly cookie takes the token out of an injected script's reach (it can still act from the page while it runs), and hands the risk to CSRF: the browser attaches the cookie for whoever starts the request. Today's usual advice for browser apps: keep tokens out of page script (an HttpOnly, Secure cookie, often set by a backend for the frontend), keep SameSite=Lax or Strict, and for changes check the Origin header or a CSRF token too.",
        start: Start {
            storage: TokenStorage::HttpOnlyCookie,
            weaknesses: &[Weakness::Xss, Weakness::SameSiteNone],
            ..start(Mode::Jwt, 1, BOB)
        },
        check: |w| {
            script_found_no_token(w)
                && cross_site_with_token(w, true, 200)
                && cross_site_with_token(w, false, 401)
        },
    },
];

impl Scenario {
    pub fn of(id: &str) -> Option<&'static Scenario> {
        SCENARIOS.iter().find(|s| s.id == id)
    }

    /// The seed of its randomness: the same for every run of this scenario.
    fn seed(&self) -> u64 {
        // FNV-1a over the id.
        self.id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    }

    /// A new world at this scenario's exact start.
    pub fn world(&self) -> Result<World, EntropyError> {
        let config = WorldConfig {
            mode: self.start.mode,
            servers: self.start.servers,
            start_time: DEFAULT_START_TIME,
            lb_policy: self.start.policy,
            key_mode: self.start.key_mode,
            token_storage: self.start.storage,
            ..WorldConfig::default()
        };
        let mut world = World::new(config, Box::new(SeededEntropy::new(self.seed())))?;
        if !self.start.weaknesses.is_empty() {
            for weakness in self.start.weaknesses {
                world.set_weakness(*weakness, true);
            }
            // The switches belong to the start, not to the story.
            world.reset();
        }
        if let Some(user) = self.start.login.and_then(|i| DEMO_USERS.get(i)) {
            world.login(user.email, user.password);
        }
        Ok(world)
    }

    /// Has the goal been reached?
    pub fn reached(&self, world: &World) -> bool {
        (self.check)(world)
    }
}

/// The longest part of an unknown scenario's name a notice repeats.
const UNKNOWN_SHOWN_CHARS: usize = 40;

/// What the playground says when `#/scenario/<id>` names no scenario
/// (issue 26): the name as it was asked for, cut short when long (by
/// characters, never inside one), and where the real list is. The caller
/// shows it as text, never as markup.
pub fn unknown_scenario_notice(id: &str) -> String {
    let visible = || id.trim().chars().filter(|c| !c.is_control());
    let mut shown: String = visible().take(UNKNOWN_SHOWN_CHARS).collect();
    if visible().nth(UNKNOWN_SHOWN_CHARS).is_some() {
        shown.push('…');
    }
    format!(
        "There is no scenario called “{shown}”: here is free play; the list of scenarios is under Scenarios."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_scenario_is_named_short() {
        assert_eq!(
            unknown_scenario_notice("xyz"),
            "There is no scenario called “xyz”: here is free play; the list of scenarios is under Scenarios."
        );
        let long = "é".repeat(500);
        let said = unknown_scenario_notice(&long);
        assert!(said.contains(&format!("“{}…”", "é".repeat(40))), "{said}");
        assert!(said.chars().count() < 200);
        assert!(unknown_scenario_notice(&"x".repeat(40)).contains(&format!("“{}”", "x".repeat(40))));
        assert!(unknown_scenario_notice("a\u{0}b\nc").contains("“abc”"));
    }
}
