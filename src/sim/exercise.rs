//! The attack lab's guided exercises (issue 12): one per weakness. Each sets
//! up its start (mode, keys, where the page keeps its token, the weakness
//! switched on, a user logged in), states a goal, lists the steps to try
//! with the playground's own controls and hints, and checks the goal from
//! the simulation's log. Then the student switches the weakness off and sees
//! the same attack refused, with the step and the reason.

use super::browser::TokenStorage;
use super::cluster::LbPolicy;
use super::keys::KeyMode;
use super::lifecycle::{TokenScheme, REFRESH_PATH};
use super::mode::Mode;
use super::server::protected::find_token;
use super::server::RENAME_PATH;
use super::server::{ADMIN_PATH, LOGIN_PATH, PROFILE_PATH};
use super::weakness::Weakness;
use super::world::{Exchange, Sender, World, DEMO_USERS};

/// Alice has role `user`: the one who forges her way into `/api/admin`.
const ALICE: usize = 0;
/// Bob has role `admin`: the victim whose credential is worth stealing.
const BOB: usize = 1;

/// One guided attack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exercise {
    /// The weakness it exploits; `attack-<name>` in the view.
    pub weakness: Weakness,
    pub title: &'static str,
    pub goal: &'static str,
    /// What to do, with the playground's own controls.
    pub steps: &'static [&'static str],
    pub hints: &'static [&'static str],
    /// What happens with the weakness off.
    pub fix: &'static str,
    mode: Mode,
    key_mode: KeyMode,
    storage: TokenStorage,
    /// Switched on at the start (the exercise's own weakness first).
    weaknesses: &'static [Weakness],
    /// Index in [`DEMO_USERS`] of who is logged in at the start.
    user: usize,
}

/// Every exercise, in the order of the switches.
pub const EXERCISES: [Exercise; 17] = [
    Exercise {
        weakness: Weakness::AlgNone,
        title: "An unsigned token",
        goal: "Logged in as Alice (role user), get 200 from /api/admin with a token you wrote yourself.",
        steps: &[
            "In the Browser column, open \"Forge a token\" and choose the algorithm none.",
            "Change \"role\" to \"admin\" in the claims.",
            "Sign (none: the signature is empty) and ask for /api/admin.",
        ],
        hints: &[
            "A token with \"alg\": \"none\" ends with a dot and nothing after it.",
            "The server's checklist marks the alg step UNSAFE: it took the token's word for it.",
        ],
        fix: "Switch alg-none off and send the same token: refused at step alg, because the server, not the token, decides the algorithm.",
        mode: Mode::Jwt,
        key_mode: KeyMode::SharedSecret,
        storage: TokenStorage::Memory,
        weaknesses: &[Weakness::AlgNone],
        user: ALICE,
    },
    Exercise {
        weakness: Weakness::AlgConfusion,
        title: "RS256 to HS256: the public key as a secret",
        goal: "Logged in as Alice, get 200 from /api/admin with an HS256 token signed with the issuer's public key.",
        steps: &[
            "In the Server column, copy the issuer's public key as PEM.",
            "In \"Forge a token\", choose HS256 and paste the PEM as the secret.",
            "Change \"role\" to \"admin\", sign, and ask for /api/admin.",
        ],
        hints: &[
            "The servers use ES256 with a key pair: a public key is public, anyone can copy it.",
            "Paste the PEM exactly, with its BEGIN and END lines: the server uses that text as the HMAC key.",
        ],
        fix: "Switch alg-confusion off and send it again: refused at step alg, because the server pins ES256 and never uses a public key as an HMAC secret.",
        mode: Mode::Jwt,
        key_mode: KeyMode::KeyPair,
        storage: TokenStorage::Memory,
        weaknesses: &[Weakness::AlgConfusion],
        user: ALICE,
    },
    Exercise {
        weakness: Weakness::WeakSecret,
        title: "Guess the secret",
        goal: "Logged in as Alice, find the servers' secret from her token and sign an admin token they accept.",
        steps: &[
            "Open Alice's token in the token debugger and run \"Guess the secret\".",
            "Back in the playground, in \"Forge a token\", type the secret it found.",
            "Change \"role\" to \"admin\", sign with HS256, and ask for /api/admin.",
        ],
        hints: &[
            "The guesser tries a word list shipped with the page: common words, names and their simple variations.",
            "Guessing happens offline: the server never sees a single try.",
        ],
        fix: "Switch weak-secret off: the servers go back to their random 32-byte secret, the forged token is refused at step signature, and no word list finds the new one.",
        mode: Mode::Jwt,
        key_mode: KeyMode::SharedSecret,
        storage: TokenStorage::Memory,
        weaknesses: &[Weakness::WeakSecret],
        user: ALICE,
    },
    Exercise {
        weakness: Weakness::TrustJwk,
        title: "Bring your own key (jwk)",
        goal: "Logged in as Alice, get 200 from /api/admin with a token signed by your own key, carried in its jwk header.",
        steps: &[
            "In \"Forge a token\", click \"Use the attacker's key pair\" and \"Put its public key in jwk\".",
            "Change \"role\" to \"admin\", sign with ES256, and ask for /api/admin.",
        ],
        hints: &[
            "The header now carries a whole public key: the server checks the signature with the key the token brought.",
        ],
        fix: "Switch trust-jwk off and send it again: refused at step signature, because the strict server only trusts the issuer's published keys.",
        mode: Mode::Jwt,
        key_mode: KeyMode::KeyPair,
        storage: TokenStorage::Memory,
        weaknesses: &[Weakness::TrustJwk],
        user: ALICE,
    },
    Exercise {
        weakness: Weakness::TrustJku,
        title: "Point the server at your key set (jku)",
        goal: "Logged in as Alice, get 200 from /api/admin with a token whose jku sends the server to evil.example for its key.",
        steps: &[
            "In \"Forge a token\", click \"Use the attacker's key pair\" and \"Point jku at evil.example\".",
            "Change \"role\" to \"admin\", sign with ES256, and ask for /api/admin.",
            "In the network log, find the server's own request to evil.example.",
        ],
        hints: &[
            "evil.example publishes a key set at /.well-known/jwks.json with the attacker's public key (kid evil-1).",
        ],
        fix: "Switch trust-jku off and send it again: no fetch to evil.example, and the token is refused at step signature (unknown kid evil-1).",
        mode: Mode::Jwt,
        key_mode: KeyMode::KeyPair,
        storage: TokenStorage::Memory,
        weaknesses: &[Weakness::TrustJku],
        user: ALICE,
    },
    Exercise {
        weakness: Weakness::KidPath,
        title: "kid as a path to an empty file",
        goal: "Logged in as Alice, get 200 from /api/admin with an HS256 token signed with an empty key.",
        steps: &[
            "In \"Forge a token\", set the header's \"kid\" to \"../../../../dev/null\".",
            "Leave the secret empty, change \"role\" to \"admin\", sign with HS256, and ask for /api/admin.",
        ],
        hints: &[
            "/dev/null is an empty file: a server that reads its key from the file the kid names reads nothing.",
        ],
        fix: "Switch kid-path off and send it again: refused at step signature, because a kid only names one of the server's own keys.",
        mode: Mode::Jwt,
        key_mode: KeyMode::SharedSecret,
        storage: TokenStorage::Memory,
        weaknesses: &[Weakness::KidPath],
        user: ALICE,
    },
    Exercise {
        weakness: Weakness::NoExp,
        title: "A token that never expires",
        goal: "Get 200 from /api/profile with Alice's token after it expired.",
        steps: &[
            "Move the simulated clock on by an hour (the token lives 5 minutes).",
            "Ask for /api/profile.",
        ],
        hints: &[
            "The exp step shows UNSAFE: expired, accepted anyway. A stolen copy would work forever.",
        ],
        fix: "Switch no-exp off and ask again: refused at step exp, as every verifier must.",
        mode: Mode::Jwt,
        key_mode: KeyMode::SharedSecret,
        storage: TokenStorage::Memory,
        weaknesses: &[Weakness::NoExp],
        user: ALICE,
    },
    Exercise {
        weakness: Weakness::Xss,
        title: "A script in a comment steals the token",
        goal: "Bob (an admin) keeps his token in localStorage. From evil.example's own machine, get 200 from /api/admin with his token.",
        steps: &[
            "In the Attacker panel, open the comments page as Bob: the comment's script runs.",
            "See what it read in the attacker's loot.",
            "Send GET /api/admin from evil.example with the stolen token.",
        ],
        hints: &[
            "An injected script runs with the page's rights: it reads localStorage and every cookie without HttpOnly.",
            "Move the token to memory and try again: the script finds nothing to read (it could still send requests from the page, which is why escaping output matters most).",
        ],
        fix: "Switch xss off and open the page again: the comment shows as text, no script runs, and the attacker's request carries no token: 401.",
        mode: Mode::Jwt,
        key_mode: KeyMode::SharedSecret,
        storage: TokenStorage::LocalStorage,
        weaknesses: &[Weakness::Xss],
        user: BOB,
    },
    Exercise {
        weakness: Weakness::NoHttpOnly,
        title: "A session cookie page script can read",
        goal: "Bob is logged in with a session. From evil.example's own machine, get 200 from /api/admin with his session id.",
        steps: &[
            "In the Attacker panel, open the comments page as Bob: the comment's script reads document.cookie.",
            "See the sid in the attacker's loot.",
            "Send GET /api/admin from evil.example with the stolen session id.",
        ],
        hints: &[
            "The cookie jar shows the sid without the HttpOnly flag.",
            "HttpOnly is set by the server when it creates the cookie: after switching the weakness off, log in again.",
        ],
        fix: "Switch no-httponly off, log in as Bob again and open the page: document.cookie no longer shows the sid, and the attacker's request is refused with 401 at step cookie.",
        mode: Mode::Session,
        key_mode: KeyMode::SharedSecret,
        storage: TokenStorage::Memory,
        weaknesses: &[Weakness::NoHttpOnly, Weakness::Xss],
        user: BOB,
    },
    Exercise {
        weakness: Weakness::SameSiteNone,
        title: "Cross-site request forgery",
        goal: "Act as Bob from evil.example: make his browser change his display name with a request evil.example's page sends.",
        steps: &[
            "In the Attacker panel, visit evil.example as Bob: its page posts {\"name\": \"Hacked by evil.example\"} to /api/profile/name.",
            "In the network log, see that Bob's browser added his sid cookie to the other site's request.",
            "Ask for /api/profile: the name changed.",
        ],
        hints: &[
            "The post is text/plain, so the browser sends it without asking the server first (no CORS preflight), and the server reads it as JSON.",
            "SameSite is set by the server when it creates the cookie: after switching the weakness off, log in again.",
        ],
        fix: "Switch samesite-none off, log in as Bob again and visit evil.example: the SameSite=Lax cookie stays home, and the request is refused with 401 at step cookie.",
        mode: Mode::Session,
        key_mode: KeyMode::SharedSecret,
        storage: TokenStorage::Memory,
        weaknesses: &[Weakness::SameSiteNone],
        user: BOB,
    },
    Exercise {
        weakness: Weakness::TokenInUrl,
        title: "A token in the address leaks through Referer",
        goal: "Bob (an admin) is logged in, and the page keeps his token in its address. From evil.example's own machine, get 200 from /api/admin with his token.",
        steps: &[
            "Ask for /api/profile: in the network log the token travels in the URL (?access_token=...), not in a header.",
            "In the Attacker panel, follow the link on the app's page to evil.example.",
            "Look at the Referer in the attacker's loot, then send GET /api/admin from evil.example with it.",
        ],
        hints: &[
            "A browser tells the site a link leads to where the visitor came from: the Referer header. This page's old Referrer-Policy sends the whole address, query string and all.",
            "A token in a URL also lands in the browser's history and in every server and proxy log on its way.",
        ],
        fix: "Switch token-in-url off, log in again and follow the link: the token travels in the Authorization header, the Referer says only https://app.example/, and the attacker's request carries no token: 401 at step token.",
        mode: Mode::Jwt,
        key_mode: KeyMode::SharedSecret,
        storage: TokenStorage::Memory,
        weaknesses: &[Weakness::TokenInUrl],
        user: BOB,
    },
    Exercise {
        weakness: Weakness::NoVerify,
        title: "Decoded, never verified",
        goal: "Logged in as Alice (role user), get 200 from /api/admin with a token whose claims you changed, signed with any secret at all.",
        steps: &[
            "In \"Forge a token\", change \"role\" to \"admin\".",
            "Sign with HS256 and a secret you make up (\"anything\"), and ask for /api/admin.",
        ],
        hints: &[
            "The signature step reads \"skipped (weakness on)\": the server decoded the token and trusted what it read.",
            "In many libraries decode only reads a token and verify checks it: calling the first where the second belongs is this whole mistake.",
        ],
        fix: "Switch no-verify off and send it again: refused at step signature, because the strict server checks the signature before it reads a single claim.",
        mode: Mode::Jwt,
        key_mode: KeyMode::SharedSecret,
        storage: TokenStorage::Memory,
        weaknesses: &[Weakness::NoVerify],
        user: ALICE,
    },
    Exercise {
        weakness: Weakness::PsychicEcdsa,
        title: "Psychic signatures: r = s = 0",
        goal: "Logged in as Alice, get 200 from /api/admin with an ES256 token whose signature is 64 zero bytes.",
        steps: &[
            "In the Browser column, change \"role\" to \"admin\" in the token's claims (it keeps the issuer's header and kid).",
            "In the token itself, replace everything after the last dot with 86 A's (64 zero bytes in base64url), and ask for /api/admin.",
        ],
        hints: &[
            "An ECDSA signature is two numbers, r and s. The check ends by comparing r with a number worked out from s: if both are 0, that comparison holds for any message and any key.",
            "FIPS 186 says to refuse r or s outside 1 to n-1 first; Java 15 to 18 forgot (CVE-2022-21449).",
        ],
        fix: "Switch psychic-ecdsa off and send it again: refused at step signature, because the strict verifier refuses r = 0 or s = 0 before any arithmetic.",
        mode: Mode::Jwt,
        key_mode: KeyMode::KeyPair,
        storage: TokenStorage::Memory,
        weaknesses: &[Weakness::PsychicEcdsa],
        user: ALICE,
    },
    Exercise {
        weakness: Weakness::KidSql,
        title: "SQL injection through kid",
        goal: "Logged in as Alice, get 200 from /api/admin with an HS256 token signed with a key of your choosing, picked by its kid.",
        steps: &[
            "In \"Forge a token\", add \"kid\": \"x' UNION SELECT 'attacker-key' --\" to the header.",
            "Change \"role\" to \"admin\", sign with HS256 and the secret attacker-key, and ask for /api/admin.",
        ],
        hints: &[
            "The signature step shows the query the server ran: your kid closed its quote and added a row of its own.",
            "The server takes the first row the query returns as the HMAC key, and you chose that row.",
        ],
        fix: "Switch kid-sql off and send it again: refused at step signature, because the strict server never builds a query from a kid (a parameterised lookup, or no kid at all with one shared secret).",
        mode: Mode::Jwt,
        key_mode: KeyMode::SharedSecret,
        storage: TokenStorage::Memory,
        weaknesses: &[Weakness::KidSql],
        user: ALICE,
    },
    Exercise {
        weakness: Weakness::ExpString,
        title: "An exp written as a string",
        goal: "Get 200 from /api/profile with a token that expired long ago, its exp written as a string.",
        steps: &[
            "In \"Forge a token\", write exp as a string of an old time: \"exp\": \"1000000000\" (in quotes).",
            "Sign with HS256 and the servers' shared secret (shown in the Server column: any service that holds it can mint tokens), and ask for /api/profile.",
        ],
        hints: &[
            "A strict verifier refuses an exp that is not a number; this one skips it, so the token never expires.",
            "Rust's jsonwebtoken before 10.3, and other libraries, had this mistake (the class of CVE-2026-25537).",
        ],
        fix: "Switch exp-string off and send it again: refused at step claim-types, because exp must be a NumericDate, a number.",
        mode: Mode::Jwt,
        key_mode: KeyMode::SharedSecret,
        storage: TokenStorage::Memory,
        weaknesses: &[Weakness::ExpString],
        user: ALICE,
    },
    Exercise {
        weakness: Weakness::DenylistByString,
        title: "A revoked token, written differently",
        goal: "Revoke Alice's token, then get 200 from /api/profile with that same token, re-encoded.",
        steps: &[
            "In \"Renew and revoke\", click \"Revoke this token\": its jti goes on the deny-list (the page keeps the token).",
            "Ask for /api/profile: refused, the token is revoked.",
            "In \"Forge a token\", click \"Re-encode the signature (its ECDSA twin)\" and ask for /api/profile again.",
        ],
        hints: &[
            "An ECDSA signature (r, s) has a twin, (r, n - s), that verifies the same message with the same key: the same token, another text.",
            "The revoked step reads UNSAFE: the server looked the text up, not the jti.",
        ],
        fix: "Switch denylist-by-string off and send it again: refused at step revoked, because the strict server lists and checks the jti, which no re-encoding changes.",
        mode: Mode::Jwt,
        key_mode: KeyMode::KeyPair,
        storage: TokenStorage::Memory,
        weaknesses: &[Weakness::DenylistByString],
        user: ALICE,
    },
    Exercise {
        weakness: Weakness::NoAud,
        title: "A token made for another service",
        goal: "Bob (an admin) is logged in. reports.example signs its users in with the same issuer: get 200 from /api/admin with the ID token the issuer made for reports.example, not with the app's own token.",
        steps: &[
            "Under \"Another service\", sign in to reports.example with the same issuer: it receives an ID token, shown there.",
            "Compare it with the app's token: same key, but \"aud\" is https://reports.example, not https://app.example/api, and \"typ\" is JWT, not at+jwt.",
            "Put the ID token in the Browser's token field and ask for /api/admin.",
        ],
        hints: &[
            "The aud and typ steps read \"skipped (weakness on)\": the server checked the signature, and the issuer's signature is genuine, but never asked whom the token was for.",
            "Whoever runs reports.example (or whoever breaks into it) receives every user's ID token: if the API takes them, any service of the same issuer can act as its users at the API.",
        ],
        fix: "Switch no-aud off and send it again: refused at step aud, because the strict server takes only tokens whose \"aud\" names it (RFC 8725 section 3.9); and with an aud of its own it would still stop at step typ, which must be at+jwt (RFC 8725 section 3.11, RFC 9068).",
        mode: Mode::Jwt,
        key_mode: KeyMode::SharedSecret,
        storage: TokenStorage::Memory,
        weaknesses: &[Weakness::NoAud],
        user: BOB,
    },
];

impl Exercise {
    /// The exercise of a weakness.
    pub fn of(weakness: Weakness) -> Option<&'static Exercise> {
        EXERCISES.iter().find(|e| e.weakness == weakness)
    }

    /// The stable name (`attack-<name>`), the weakness's.
    pub fn id(&self) -> &'static str {
        self.weakness.as_str()
    }

    /// The user logged in at the start, as `(email, password)`.
    pub fn user(&self) -> (&'static str, &'static str) {
        DEMO_USERS
            .get(self.user)
            .map(|u| (u.email, u.password))
            .unwrap_or_default()
    }

    /// Put `world` at this exercise's start: one server, round-robin, no
    /// shared store, access tokens only, the exercise's mode, keys, storage
    /// and weaknesses (all others off), a fresh story and clock, and its
    /// user logged in. Doing it again gives the same start.
    pub fn set_up(&self, world: &mut World) {
        world.set_mode(self.mode);
        while world.servers().len() > 1 {
            if world.remove_server().is_none() {
                break;
            }
        }
        for id in 1..=world.servers().len() {
            world.restart(id);
        }
        world.set_lb_policy(LbPolicy::RoundRobin);
        world.set_shared_store(false);
        world.set_key_mode(self.key_mode);
        world.set_token_scheme(TokenScheme::AccessOnly);
        world.set_token_storage(self.storage);
        for weakness in Weakness::ALL {
            world.set_weakness(weakness, self.weaknesses.contains(&weakness));
        }
        world.reset();
        let (email, password) = self.user();
        world.login(email, password);
    }

    /// A new world at this exercise's start, with a fixed clock and seeded
    /// randomness: every run starts with the same secret, keys and token.
    pub fn world(&self) -> Result<World, super::rng::EntropyError> {
        let config = super::world::WorldConfig {
            start_time: super::world::DEFAULT_START_TIME,
            ..super::world::WorldConfig::default()
        };
        let seed = 0x1a_b000 + self.weakness as u64;
        let mut world = World::new(config, Box::new(super::rng::SeededEntropy::new(seed)))?;
        self.set_up(&mut world);
        Ok(world)
    }

    /// Has the goal been reached since the start?
    pub fn reached(&self, world: &World) -> bool {
        let log = world.log();
        match self.weakness {
            Weakness::Xss | Weakness::NoHttpOnly | Weakness::TokenInUrl => log
                .iter()
                .any(|e| e.sender == Sender::Attacker && is_ok(e, ADMIN_PATH)),
            Weakness::SameSiteNone => log
                .iter()
                .any(|e| e.sender == Sender::CrossSite && is_ok(e, RENAME_PATH)),
            Weakness::NoExp | Weakness::ExpString | Weakness::DenylistByString => log
                .iter()
                .any(|e| is_ok(e, PROFILE_PATH) && marked_unsafe(e, self.weakness)),
            // A weak secret is still a secret: nothing is marked unsafe, so
            // the check is a token no login issued, accepted as an admin's.
            Weakness::WeakSecret => log
                .iter()
                .any(|e| is_ok(e, ADMIN_PATH) && is_forged(e, log) && !marked_unsafe_any(e)),
            _ => log.iter().any(|e| {
                is_ok(e, ADMIN_PATH) && is_forged(e, log) && marked_unsafe(e, self.weakness)
            }),
        }
    }
}

/// Whether the page hides the servers' secret now: while the guess-the-secret
/// exercise is open (`open`) and not solved, the secret is what the student
/// has to find, so no panel shows it. Solved, or the guide closed, it shows.
pub fn hides_secret(open: Option<Weakness>, world: &World) -> bool {
    open == Some(Weakness::WeakSecret)
        && Exercise::of(Weakness::WeakSecret).is_some_and(|e| !e.reached(world))
}

/// What the Server column shows instead of a hidden secret.
pub const SECRET_HIDDEN: &str = "hidden: find it (this exercise is about guessing it)";

/// A 200 for `path`.
fn is_ok(exchange: &Exchange, path: &str) -> bool {
    exchange.status() == 200 && exchange.request.route_path() == path
}

/// The token it carried was not issued by any login or refresh of the story.
fn is_forged(exchange: &Exchange, log: &[Exchange]) -> bool {
    let Ok((_, token)) = find_token(&exchange.request) else {
        return false;
    };
    !log.iter().any(|e| {
        let path = e.request.route_path();
        (path == LOGIN_PATH || path == REFRESH_PATH)
            && e.response.body_string("token").as_deref() == Some(token.as_str())
    })
}

/// A checklist step says this weakness let the token through.
fn marked_unsafe(exchange: &Exchange, weakness: Weakness) -> bool {
    let mark = format!("(weakness {})", weakness.as_str());
    exchange
        .trace
        .checklist()
        .iter()
        .any(|s| s.detail.contains(&mark))
}

fn marked_unsafe_any(exchange: &Exchange) -> bool {
    exchange
        .trace
        .checklist()
        .iter()
        .any(|s| s.detail.contains("UNSAFE (weakness"))
}
