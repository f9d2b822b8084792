//! Explanations placed next to what demonstrates them, always visible (no
//! hover). Each card names what to try, so a student can check the claim.

use super::use_world;
use crate::sim::{KeyMode, Mode, World};
use leptos::prelude::*;

/// One claim and how to see it for yourself.
struct Lesson {
    id: &'static str,
    title: &'static str,
    text: &'static str,
    try_it: &'static str,
}

const COMMON: [Lesson; 2] = [
    Lesson {
        id: "authn-authz",
        title: "401 asks who you are; 403 says what you may not have",
        text: "Three checks, in order. At login the server authenticates your password, once. On every later request it authenticates the request itself: the token's signature, or the session id found in its store, tells it which user sent it, and when that fails the answer is 401 (named Unauthorized, but it means not authenticated). Then it authorizes: may this user have this page? When not, the answer is 403: it knows who you are, and still says no.",
        try_it: "Logged out, ask for /api/admin: 401. Log in as Alice and ask again: 403 at step authorize. Log in as Bob: 200. Send a wrong password: 401.",
    },
    Lesson {
        id: "many-servers",
        title: "Many servers",
        text: "Big sites run several servers behind a load balancer. Session memory belongs to one server, so the next request may land on a server that never heard of you, and a crash wipes what that server remembered. A signed token needs no memory: every server holding the secret can check it. Real sites fix sessions with sticky routing or a shared session store (such as Redis).",
        try_it: "Add two servers (round-robin: each request goes to the next server in turn). In Cookie session mode log in, then ask for your profile three times. Switch to JWT mode: the same clicks all succeed. Then try sticky, crash a server, or the shared store.",
    },
];

const JWT: [Lesson; 5] = [
    Lesson {
        id: "jwt-stateless",
        title: "The server remembers nothing",
        text: "At login the server writes the user's id, name, role and an expiry into a JSON payload, encodes it, and signs it with its secret (or, with a key pair, the issuer signs it with its private key). The browser keeps the token and sends it back with each request; the server checks the signature and reads the claims. Its memory stays at 0 entries.",
        try_it: "Log in and watch the signing step by step in the Server column; note its memory line.",
    },
    Lesson {
        id: "jwt-authn",
        title: "\"For authorization, not authentication\": half the story",
        text: "The notes file JWTs under authorization only. Yet checking the token on each request is authentication: its signature and expiry are how the server learns which user sent the request, and the role check after it is the authorization. JWTs even carry logins: an OpenID Connect ID token is a JWT made for exactly that, telling an app who signed in. What a token never does is check a password. Its \"aud\" claim names the audience it was issued for, so a server should refuse a token meant for another service.",
        try_it: "Log out and ask for /api/admin: 401 at step token, since nothing says who sent it. Log in as Alice and ask again: the token passes, and the role check answers 403.",
    },
    Lesson {
        id: "jwt-tamper",
        title: "Change one character and the signature fails",
        text: "The signature is computed over the exact header and payload bytes: an HMAC with the secret (HS256), or an ECDSA signature with the issuer's private key (ES256). Anyone can change the payload, but without the key nobody can make a matching signature, so the server refuses the edited token at the signature step.",
        try_it: "Edit the claims: set \"role\" to \"admin\", then ask for /api/admin. Compare the expected and received signatures.",
    },
    Lesson {
        id: "jwt-readable",
        title: "Encoded is not encrypted",
        text: "base64url is only a way to write bytes as text. Anyone holding the token can read every claim, so never put secrets in a payload.",
        try_it: "Read the decoded claims in the Browser column, or open the token in the debugger: no secret needed.",
    },
    Lesson {
        id: "jwt-revocation",
        title: "The weak spot: a token works until it expires",
        text: "Logging out only makes the page forget its token. The server kept nothing, so it cannot cancel it: a stolen copy keeps working until \"exp\". Revoking earlier needs server state again (a deny-list of token ids) or short lifetimes with refresh tokens.",
        try_it: "Copy the credential, log out, replay the copy: 200. Advance the clock by 5 minutes and replay: 401 expired.",
    },
];

/// Shared secret or key pair (JWT mode), issue 11.
const KEYS: [Lesson; 3] = [
    Lesson {
        id: "keys-shared-secret-mints",
        title: "With a shared secret, every verifier can mint",
        text: "HS256 uses one secret to sign and to check. Every server that checks tokens must hold it, so every one of them (and anyone who steals it from any of them) can write a token with any claims. One leaked config file on one small service is enough.",
        try_it: "In shared-secret mode, copy the secret from the Server column, open \"Forge a token\" in the Browser column, set \"role\" to \"admin\" and sign: /api/admin answers 200.",
    },
    Lesson {
        id: "keys-only-issuer-signs",
        title: "With a key pair, only the issuer can sign",
        text: "ES256 (and RS256) sign with a private key and check with its public key. Only the issuer, server 1 here, holds the private key. The others fetch its public keys from /.well-known/jwks.json, which is safe to publish: a public key checks signatures but cannot make one. This is what identity providers do.",
        try_it: "Switch to key pair, log in, ask for your profile twice and find the servers' GET /.well-known/jwks.json in the log. Then try to re-sign with the published JWK Set: refused.",
    },
    Lesson {
        id: "keys-rotation",
        title: "Rotate a key without logging anyone out",
        text: "The issuer adds a new key with a new kid and signs with it, but keeps publishing the old one, so tokens signed before keep working. A server that meets the new kid fetches the set again. Once the old tokens have expired the old key is removed; servers stop trusting it when their copy of the set expires (max-age 60 s here) and they fetch it again. While the issuer is down they keep the last copy they have.",
        try_it: "Log in, press Rotate key, log in again: the new token says kid k2 and the old one still works. Press Remove old key, put the old token back, advance the clock 1 minute: refused (kid).",
    },
];

/// Staying logged in, and being thrown out (JWT mode), issue 13.
const LIFECYCLE: [Lesson; 3] = [
    Lesson {
        id: "refresh-rotation",
        title: "Short access tokens, rotating refresh tokens",
        text: "A stolen access token is dangerous until its exp, so keep it short (5 minutes) and hand out a refresh token with it: long-lived, opaque, in an HttpOnly cookie sent only to /auth/refresh, stored on the server as a hash. Each refresh spends it and returns a new one. If a spent one ever comes back, two parties hold copies: the server revokes the whole family and both must log in again.",
        try_it: "Choose access + refresh, log in, steal the refresh token, press POST /auth/refresh, then let the thief refresh: 401, reuse detected, family revoked. Or advance the clock 5 minutes and ask for your profile: the page renews by itself.",
    },
    Lesson {
        id: "denylist",
        title: "Revoking a JWT means remembering again",
        text: "To stop one token before its exp, the servers keep a deny-list of its jti until then, and look every request up in it again: the state sessions had. Servers usually cache the list and re-read it every few seconds, so a revoked token still works on a server whose copy is stale.",
        try_it: "Add a server, ask for your profile on both, press Revoke this token, then ask again at once: one server may still say 200. Advance the clock past the delay: 401 revoked everywhere.",
    },
    Lesson {
        id: "logout-everywhere",
        title: "Log out everywhere",
        text: "Sessions: delete every row of the user, which needs one store that holds them all. JWTs: raise the user's token version, so tokens that carry an older one are refused (one lookup per request). Refresh families: revoke them all. Each needs the server to remember something per user.",
        try_it: "Copy the credential, press Log out everywhere, replay the copy: refused. Log in again: the new token carries the new version.",
    },
];

const SESSION: [Lesson; 3] = [
    Lesson {
        id: "session-memory",
        title: "The server remembers you",
        text: "At login the server makes a long random session id, stores your user under it in its memory, and sends only the id in a Set-Cookie header. The browser sends that cookie back on every request by itself, and the server looks the id up.",
        try_it: "Log in and find the new row in the server's session table and the sid cookie in the jar.",
    },
    Lesson {
        id: "session-cookie-flags",
        title: "HttpOnly, Secure, SameSite",
        text: "HttpOnly hides the cookie from page script (an injected script cannot read it), Secure keeps it off plain HTTP, and SameSite=Lax keeps most cross-site requests from carrying it.",
        try_it: "Compare the cookie jar with what page script can read: the sid is not there.",
    },
    Lesson {
        id: "session-revocation",
        title: "Logout really ends it",
        text: "Because the server holds the session, deleting the row ends it at once: a copied session id stops working. An edited id finds nothing to look up.",
        try_it: "Copy the credential, log out, replay the copy: 401. Or edit the sid value in the jar and ask for your profile.",
    },
];

/// One line under the controls: what to do first.
#[component]
pub fn Intro() -> impl IntoView {
    view! {
        <p class="intro">
            "A browser, a network and a mock server, all simulated inside this page. "
            <strong>"Log in"</strong>", ask for a page, then break things: edit the token or the cookie, add servers, crash one, move the clock. "
            "Switch the mode to replay the same story with cookie sessions."
        </p>
    }
}

/// The cards for the current mode, then the ones for both.
#[component]
pub fn Lessons() -> impl IntoView {
    let world = use_world();
    let mode = world.memo(World::mode);
    let key_mode = world.memo(World::key_mode);
    move || {
        let (title, cards): (&str, &[Lesson]) = match mode.get() {
            Mode::Jwt => ("What this shows: JSON Web Tokens", &JWT),
            Mode::Session => ("What this shows: cookie sessions", &SESSION),
        };
        // The key lessons: the one for the current key mode first.
        let keys: Vec<&'static Lesson> = match (mode.get(), key_mode.get()) {
            (Mode::Session, _) => Vec::new(),
            (Mode::Jwt, KeyMode::SharedSecret) => KEYS.iter().collect(),
            (Mode::Jwt, KeyMode::KeyPair) => {
                KEYS.iter().skip(1).chain(KEYS.iter().take(1)).collect()
            }
        };
        let lifecycle: &[Lesson] = match mode.get() {
            Mode::Jwt => &LIFECYCLE,
            Mode::Session => &[],
        };
        view! {
            <section class="lessons" aria-labelledby="lessons-title">
                <h3 id="lessons-title">{title}</h3>
                <div class="lesson-grid">
                    {cards.iter().chain(keys).chain(lifecycle).chain(COMMON.iter()).map(|l| view! { <LessonCard lesson=l /> }).collect_view()}
                </div>
            </section>
        }
    }
}

/// One claim of the notes, and how to check it.
#[component]
fn LessonCard(lesson: &'static Lesson) -> impl IntoView {
    view! {
        <article class="lesson" data-testid="lesson" data-lesson=lesson.id>
            <h4>{lesson.title}</h4>
            <p>{lesson.text}</p>
            <p class="try"><strong>"Try it: "</strong>{lesson.try_it}</p>
        </article>
    }
}

/// Every lesson, to look one up by id.
fn lesson(id: &str) -> Option<&'static Lesson> {
    JWT.iter()
        .chain(SESSION.iter())
        .chain(KEYS.iter())
        .chain(LIFECYCLE.iter())
        .chain(COMMON.iter())
        .find(|l| l.id == id)
}

/// The lesson card of what just happened, beside the diagram: the same
/// cards as the list at the bottom, chosen by the newest exchange.
#[component]
pub fn LessonHere() -> impl IntoView {
    let world = use_world();
    let id = world.memo(crate::sim::lesson_for);
    // Nothing before its step: while the request is on its way, no lesson.
    let playback = use_context::<super::request_player::RequestPlayback>();
    move || {
        if playback.is_some_and(|p| p.in_progress().is_some()) {
            return None;
        }
        id.get().and_then(lesson).map(|l| {
            view! {
                <aside class="lesson lesson-here" data-testid="lesson-here" data-lesson=l.id aria-label="What the newest request shows">
                    <p class="lesson-kicker">"What this request shows"</p>
                    <h4>{l.title}</h4>
                    <p>{l.text}</p>
                    <p class="try"><strong>"Try it: "</strong>{l.try_it}</p>
                </aside>
            }
        })
    }
}
