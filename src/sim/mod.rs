//! The simulated world: the "mock server running in the page".
//!
//! A deterministic model of a browser talking HTTP to one or more servers
//! behind a load balancer, in pure Rust (no Leptos, no browser APIs), so every
//! story of the two notes the app is built from runs natively in `cargo test`
//! and the same code runs in the page.
//!
//! # What is modelled
//! - [`http`]: requests and responses as data, rendered as the raw HTTP/1.1
//!   text DevTools shows; `Cookie` and `Set-Cookie` (RFC 6265).
//! - [`mode`]: which story is told, JWT or cookie session.
//! - [`server`]: a user table with salted PBKDF2 hashes ([`password`]),
//!   `POST /user/login` (authentication), `GET /api/profile` (any logged-in
//!   user) and `GET /api/admin` (role `admin`), `POST /user/logout`. In JWT
//!   mode it signs HS256 tokens with `crate::jwt` and verifies every request
//!   with the strict verifier; in session mode it keeps a [`session`] table.
//! - [`browser`]: a cookie jar honouring `HttpOnly`, `Secure`, `SameSite`,
//!   `Path` and `Max-Age`; where the page keeps a JWT (memory, localStorage,
//!   a cookie); what page script can read.
//! - [`cluster`]: a load balancer (round-robin or sticky) in front of 1 to 5
//!   servers sharing one JWT secret, with per-server session memory or a
//!   shared store; crash and restart.
//! - [`keys`]: shared secret or key pair. In key-pair mode only the issuer
//!   (server 1) signs (ES256); the others verify with its JWK Set, fetched
//!   from `GET /.well-known/jwks.json` and visible in the log; keys rotate.
//! - [`lifecycle`]: refresh-token families with rotation and reuse detection,
//!   a deny-list with per-server copies refreshed after a delay, per-user
//!   token versions for "log out everywhere".
//! - [`clock`] and [`rng`]: time and randomness come from outside, so a seeded
//!   world replays identically.
//! - [`world`]: all of it together, with the network log and a [`Trace`] per
//!   request that the view renders as a checklist.
//! - [`glossary`]: short meanings of the words on screen (`crit`, `nbf`...).
//! - [`caption`]: what the page says happened, in words, from that record
//!   (a story replayed in the other mode says so).
//!
//! # The stories, and the claim of the notes each one demonstrates
//! Each is a test in `tests/sim_stories.rs` with the same name.
//!
//! | Story (test name) | Claim of the notes it shows |
//! |---|---|
//! | `session_login_sets_httponly_cookie_and_server_holds_one_entry` | Sessions: after authentication the user is stored in server memory under a unique id, sent back to the browser in a cookie. |
//! | `jwt_login_stores_nothing_on_the_server` | JWT: the server signs a token with its secret, sends it to the browser, and nothing is stored on the server. |
//! | `valid_token_or_session_cookie_gets_200` | On each request the browser sends the session id (cookie) or the JWT; the server verifies it and answers. |
//! | `tampered_token_gets_401_at_the_signature_step` | If you change anything in the token, the server notices and refuses you (the MAC no longer matches). |
//! | `edited_session_cookie_gets_401_no_session` | The session server finds the user by looking the id up; an id it never issued finds nothing. |
//! | `role_user_gets_403_on_admin` | Authentication (who sent this request: the token or session id, after the password at login) is not authorization (may that user have this resource): 401 is the first failing, 403 the second. |
//! | `token_after_exp_gets_401_expired` | A token carries its own expiry; the server checks it against the clock, with no state. |
//! | `logout_ends_session_at_once_but_jwt_copy_works_until_exp` | Counterpoint: a session can be ended on the server; a JWT cannot be revoked without server state again, so a copy works until `exp`. |
//! | `round_robin_three_servers_sessions_fail_on_next_server_jwt_works_everywhere` | Drawback of sessions: with many servers their session stores are out of sync; the same JWT works on every server. |
//! | `crashed_server_loses_sessions_but_jwt_still_works_on_others` | If the server holding your session crashes you must log in again; a JWT does not depend on any one server. |
//! | `shared_session_store_fixes_the_per_server_problem` | The real-world answer for sessions: one store all servers share (state moves, it does not vanish). |
//! | `sticky_sessions_work_until_their_server_crashes` | The other real-world answer, and its limit: pin a browser to one server, until that server dies. |
//! | `jwt_payload_is_readable_by_anyone` | Counterpoint: the token is encoded and signed, not encrypted. |
//! | `http_only_session_cookie_is_hidden_from_page_script` | Where the credential lives in the browser, and what an injected script could read. |
//! | `raw_http_text_looks_like_devtools` | What goes over the wire: `POST /user/login`, `Authorization: Bearer`, `Set-Cookie`, status lines. |
//! | `session_expires_on_the_clock_and_its_cookie_leaves_the_jar` | Sessions expire too: on the server (entry deleted) and in the browser (`Max-Age`). |
//! | `wrong_credentials_get_one_generic_401` | Authentication is the server checking email and password; it does not reveal which one was wrong. |
//! | `passwords_are_stored_only_as_salted_hashes` | What the server stores about users: a salted, slow hash, never the password. |
//! | `resigning_with_the_servers_secret_is_accepted` | The server's own secret is what makes a token trustworthy: whoever holds it can mint any claims. |
//! | `alg_none_token_is_refused_at_the_alg_step` | The server, not the token, decides how tokens are checked. |
//! | `new_session_id_on_every_login` | The session id is a fresh random value on every login. |
//! | `switching_mode_replays_the_same_story` | The same clicks, told once with sessions and once with JWTs. |
//! | `login_does_not_carry_the_old_token` | Authentication is done with credentials, not with whatever token the page held; a new login replaces the token. |
//! | `session_mode_never_sends_a_bearer_token` | With sessions the browser's cookie is the credential: the page keeps and sends no token. |
//! | `oversized_cookie_edit_is_refused_like_a_browser` | A cookie holds at most about 4 KB (RFC 6265 section 6.1): a token too large for a cookie is simply not kept. |
//! | `reset_and_mode_switch_recover_from_any_state` | Whatever was done (crashes, garbage credentials, a far clock), starting again or switching mode gives a working story. |
//! | `keystrokes_do_not_grow_the_story` | The story is the user's steps, not their keystrokes: a run of edits replays as its last one. |
//! | `the_log_keeps_megabyte_headers_shortened` | The server reads the whole request; the network log shows a long value cut, with its full size. |
//!
//! Key-pair mode (issue 11) has its stories in `tests/key_pair_stories.rs`:
//!
//! | Story (test name) | What it shows |
//! |---|---|
//! | `with_a_shared_secret_every_verifier_can_mint` | With HS256 every server holds the secret, so whoever can check tokens can write one. |
//! | `with_a_key_pair_only_the_issuer_signs_and_others_fetch_its_keys` | Only the issuer signs (ES256, with a kid); the others fetch its JWK Set, which holds no private member. |
//! | `the_published_keys_cannot_mint_a_token` | A public key cannot sign, and an HS256 token made with it is refused: the algorithm is pinned. |
//! | `rotation_keeps_old_tokens_working_and_servers_fetch_the_new_kid` | Rotate without logging anyone out: a new kid makes a server fetch the set again. |
//! | `a_removed_key_stops_working_when_copies_of_the_key_set_expire` | A removed key is refused by the issuer at once and by the others when their copy expires. |
//! | `when_the_issuer_is_down_nobody_logs_in_but_tokens_still_work` | The issuer is a single point for logins, not for checking tokens. |
//! | `switching_key_mode_refuses_tokens_of_the_other_algorithm` | Changing how servers trust tokens refuses the old ones; logging in again recovers. |
//!
//! The token lifecycle (issue 13, [`lifecycle`]) has its stories in `tests/lifecycle_stories.rs`:
//!
//! | Story (test name) | What it shows |
//! |---|---|
//! | `login_with_refresh_sets_a_scoped_httponly_cookie_and_stores_only_a_hash` | The refresh token lives in an HttpOnly cookie sent only to /auth/refresh; the server keeps a hash. |
//! | `rotation_issues_a_new_refresh_token_and_spends_the_old` | Every refresh returns a new refresh token; the old one is spent. |
//! | `reuse_of_a_spent_refresh_token_revokes_the_family` | A thief replaying a spent token gets the whole family revoked: both must log in again. |
//! | `a_thief_who_refreshes_first_gets_caught_when_the_user_refreshes` | Whoever comes second with the same token trips reuse detection. |
//! | `an_expired_access_token_is_renewed_without_a_new_login` | Short access tokens cost no logins: the page renews them. |
//! | `a_deny_listed_token_is_refused_on_a_fresh_copy_and_accepted_on_a_stale_one` | Revocation needs state again, and copies of it lag by their refresh delay. |
//! | `log_out_everywhere_ends_every_credential_of_the_user` | Sessions, token versions and refresh families: what each needs the server to remember. |
//! | `the_comparison_facts_are_seen_from_the_students_own_clicks` | The comparison table is filled by what the student did. |

pub mod attacker;
pub mod balancer;
pub mod browser;
pub mod caption;
pub mod clock;
pub mod cluster;
pub mod custom;
pub mod exercise;
pub mod glossary;
pub mod guide;
pub mod http;
pub mod internet;
pub mod journal;
pub mod keys;
pub mod lesson;
pub mod lifecycle;
pub mod mode;
pub mod password;
pub mod rng;
pub mod scenario;
pub mod server;
pub mod session;
pub mod set_cookie;
pub mod step_id;
pub mod steps;
pub mod teach;
pub mod trace;
pub mod weakness;
pub mod weakness_code;
pub mod world;

pub use balancer::LoadBalancer;
pub use browser::{
    Browser, Cookie, CookieError, CookieJar, CookieSource, Initiator, ScriptView, TokenStorage,
    MAX_COOKIE_BYTES, MAX_PAGE_TOKEN_BYTES,
};
pub use clock::Clock;
pub use cluster::{Cluster, LbPolicy, Routing, LB_COOKIE, MAX_SERVERS};
pub use http::{Method, Request, Response, SameSite, SetCookie};
pub use journal::{
    Event, LinkError, LoadError, Origin, Saved, TokenOrigin, MAX_LINK_CHARS, NOT_KEPT,
    NOT_KEPT_EDITED,
};
pub use keys::{
    FetchReason, Issuer, IssuerKey, JwksCopy, KeyMode, ISSUER_ID, JWKS_MAX_AGE, JWKS_PATH,
    KEY_PAIR_ALG,
};
pub use lesson::lesson_for;
pub use lifecycle::{
    DenyCopy, DenyEntry, Family, FamilyState, Lifecycle, RefreshError, RevokeReason, Seen,
    TokenScheme, LOGOUT_EVERYWHERE_PATH, REFRESH_COOKIE, REFRESH_PATH, REFRESH_REVOKE_PATH,
    REVOKE_PATH,
};
pub use mode::Mode;
pub use password::PasswordHash;
pub use rng::{EntropyError, SeededEntropy, TapeEntropy, WorldRng};
pub use server::{
    CredentialsError, IssueError, RequestError, Server, ServerSettings, TokenError, User,
    RENAME_PATH, SESSION_COOKIE, TOKEN_COOKIE,
};
pub use session::{Session, SessionStore};
pub use steps::{request_steps, status_meaning, RequestStep, Stage};
pub use trace::{
    result_word, CheckStep, Issued, IssuedSession, IssuedToken, JwtTrace, LoginTrace, LogoutTrace,
    SessionTrace, SignatureCheck, StepId, StoreKind, TokenSource, Trace,
};
pub use weakness::{SkippedCheck, Weakness, WEAK_SECRET};
pub use world::{
    shorten_for_log, Action, DemoUser, Exchange, Fetched, Memory, Replayed, Sender, World,
    WorldConfig, DEFAULT_START_TIME, DEMO_USERS, MAX_JOURNAL, MAX_LOGGED_BYTES,
};
