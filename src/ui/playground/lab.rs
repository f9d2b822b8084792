//! The attack lab's switches (issue 12): each weakness is a checkbox, off by
//! default, shown on the server cards while on, with a lesson card saying
//! what the mistake is and how real libraries avoid it; beside them, the
//! guided attacks.

use super::use_world;
use crate::sim::{Mode, Weakness, World};
use leptos::prelude::*;

/// In the controls bar: the weaknesses, one checkbox each, and the guided attacks.
#[component]
pub fn WeaknessControls() -> impl IntoView {
    let world = use_world();
    let mode = world.memo(World::mode);
    let on = world.memo(World::weaknesses);
    let lab = NodeRef::<leptos::html::Details>::new();
    view! {
        <details class="control-group lab" node_ref=lab>
            <summary class="control-label">{move || {
                let n = on.with(Vec::len);
                if n == 0 {
                    "Attack lab: server weaknesses (all off)".to_string()
                } else {
                    format!("Attack lab: {n} weakness{} ON", if n == 1 { "" } else { "es" })
                }
            }}</summary>
            <super::attack::ExerciseList lab />
            <p class="field-note">"Or switch weaknesses by hand. Each makes every server (or the page) repeat a mistake real ones have made. Try the attack, watch it work, switch it off, and see the strict server refuse it."</p>
            <ul class="weaknesses">
                {Weakness::ALL.map(|weakness| view! {
                    <li>
                        <label class="check-label">
                            <input type="checkbox" data-testid=format!("weakness-{}", weakness.as_str())
                                prop:checked=move || on.with(|w| w.contains(&weakness))
                                on:change=move |ev| {
                                    let checked = event_target_checked(&ev);
                                    world.act(|w| w.set_weakness(weakness, checked));
                                } />
                            " "<code>{weakness.as_str()}</code>": "{weakness.describe()}
                            {move || (!weakness.applies(mode.get())).then(|| match mode.get() {
                                Mode::Jwt => " (acts in cookie-session mode)",
                                Mode::Session => " (acts in JWT mode)",
                            })}
                        </label>
                    </li>
                })}
            </ul>
        </details>
    }
}

/// The weaknesses that act in the current mode.
fn active_weaknesses(w: &World) -> Vec<Weakness> {
    let mode = w.mode();
    w.weaknesses()
        .into_iter()
        .filter(|x| x.applies(mode))
        .collect()
}

/// On a server card: the weaknesses on, in words (never colour alone).
#[component]
pub fn WeaknessBadge() -> impl IntoView {
    let world = use_world();
    let on = world.memo(active_weaknesses);
    view! {
        <Show when=move || !on.with(Vec::is_empty)>
            <p class="vulnerable" data-testid="server-weaknesses">
                <strong>"⚠ Vulnerable: "</strong>
                {move || on.with(|w| w.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(", "))}
            </p>
        </Show>
    }
}

/// One lesson per weakness: the mistake, the defence, the RFC.
struct LabLesson {
    weakness: Weakness,
    title: &'static str,
    text: &'static str,
    try_it: &'static str,
}

const LAB: [LabLesson; 17] = [
    LabLesson {
        weakness: Weakness::AlgNone,
        title: "alg: none",
        text: "JWS allows an unsecured token with \"alg\": \"none\" and an empty signature. A server that reads the algorithm from the token accepts anything anyone writes. Libraries now refuse none unless it is asked for by name, and this app's verifier refuses it in any casing.",
        try_it: "Switch alg-none on. In the debugger, set the header to {\"alg\":\"none\"} and the role to admin, copy the token without its signature (keep the last dot), paste it as the browser's token and ask for /api/admin.",
    },
    LabLesson {
        weakness: Weakness::AlgConfusion,
        title: "Algorithm confusion: the public key as an HMAC secret",
        text: "With a key pair the server holds a public key (here ES256; the classic case is RS256 to HS256). If the token's header may choose HS256, the server checks an HMAC with that public key as the secret, and anyone can download a public key. The fix: the server pins the algorithm and never uses a public key as an HMAC secret.",
        try_it: "Key-pair mode, alg-confusion on. Copy the issuer's public key as PEM, sign an admin token with HS256 and that PEM text as the secret, send it.",
    },
    LabLesson {
        weakness: Weakness::WeakSecret,
        title: "A guessable secret",
        text: "An HS256 token is a known message and its MAC: anyone with one token can try secrets offline, millions a second, and the server never sees it. Secrets must be random and long (32 bytes or more), never a word.",
        try_it: "Switch weak-secret on, log in, open the token in the debugger, and let \"Guess the secret\" find it. Then sign an admin token with it.",
    },
    LabLesson {
        weakness: Weakness::TrustJwk,
        title: "Trusting the token's own key (jwk)",
        text: "A token may carry a public key in its \"jwk\" header. A server that checks the signature with that key checks nothing: the attacker made both. Keys must come from the server's own configuration.",
        try_it: "Key-pair mode, trust-jwk on. Make an ES256 key pair in the debugger, put its public JWK in the header as \"jwk\", sign an admin token, send it.",
    },
    LabLesson {
        weakness: Weakness::TrustJku,
        title: "Fetching keys from the token's jku",
        text: "The \"jku\" header names a URL with a key set. A server that fetches it lets the token choose where its checking key comes from: the attacker points it at a key set of its own and signs with the matching private key. The strict verifier never fetches what a token names; it only uses the issuer's keys, from an address in its own configuration.",
        try_it: "Key-pair mode, trust-jku on. In \"Forge a token\", use the attacker's key pair, point jku at evil.example, make yourself admin, sign with ES256: the server's own request to evil.example shows in the network log.",
    },
    LabLesson {
        weakness: Weakness::KidPath,
        title: "kid as a file path",
        text: "Some servers look the key up by the token's \"kid\", as a file name or a database query. A kid of ../../../../dev/null names an empty file, so the key is the empty string. A kid is only ever a name to look up among the server's own keys.",
        try_it: "Switch kid-path on. Sign an admin token with HS256, a header with \"kid\": \"../../../../dev/null\", and an empty secret (base64url, empty); send it.",
    },
    LabLesson {
        weakness: Weakness::NoExp,
        title: "Not checking exp",
        text: "Without the exp check a token never expires: a copy stolen once works forever. Every verifier must check exp (and nbf) against its clock.",
        try_it: "Switch no-exp on, log in, advance the clock an hour, ask for your profile: 200, with the exp step marked unsafe.",
    },
    LabLesson {
        weakness: Weakness::Xss,
        title: "Cross-site scripting reads what page script can read",
        text: "A script that gets into the page (a comment inserted as HTML, say) runs with the page's rights: it reads localStorage and every cookie without HttpOnly and sends them anywhere. The fix is the page's: escape what users wrote (frameworks do it by default, as Leptos does here) and add a Content-Security-Policy. Keeping the token in memory or an HttpOnly cookie limits what a script can carry away, but a script in the page can still send requests from it.",
        try_it: "Switch xss on, keep the token in localStorage, log in as Bob, open the comments page, then send GET /api/admin from evil.example with the stolen token.",
    },
    LabLesson {
        weakness: Weakness::NoHttpOnly,
        title: "A session cookie without HttpOnly",
        text: "HttpOnly tells the browser never to show a cookie to page script. Without it document.cookie includes the session id, and one injected script can copy the whole session to another machine. Session cookies should always be HttpOnly, Secure and SameSite=Lax or Strict.",
        try_it: "Cookie-session mode, xss and no-httponly on. Log in as Bob, open the comments page, and send GET /api/admin from evil.example with the stolen sid.",
    },
    LabLesson {
        weakness: Weakness::SameSiteNone,
        title: "Cross-site request forgery (SameSite=None)",
        text: "A browser adds a site's cookies to requests other sites' pages make, unless SameSite says no. With SameSite=None, evil.example's page can make Bob's browser post to the app, and the server sees Bob's session. SameSite=Lax (the default here) keeps cookies off cross-site posts; a server should also check Origin or use an anti-CSRF token. A token in the Authorization header is never added by the browser, so it is not exposed this way.",
        try_it: "Cookie-session mode, samesite-none on. Log in as Bob, visit evil.example, then ask for your profile: the name changed.",
    },
    LabLesson {
        weakness: Weakness::TokenInUrl,
        title: "A token in the URL",
        text: "RFC 6750 allows a bearer token in the query string (?access_token=...) only as a last resort, and warns against it: a URL is kept in the browser's history, written to every server and proxy log, and sent to other sites in the Referer header when the user follows a link. Browsers now send only the origin to other sites by default (strict-origin-when-cross-origin), but an older policy, a log or a shared link still gives the token away. Send it in the Authorization header (or an HttpOnly cookie), and never put it in a page's address.",
        try_it: "Switch token-in-url on, log in as Bob, ask for your profile (the token shows in the URL in the network log), follow the link to evil.example, then send GET /api/admin from evil.example with what its Referer carried.",
    },
    LabLesson {
        weakness: Weakness::NoVerify,
        title: "Decoded, never verified",
        text: "Most JWT libraries have two calls: one that only decodes a token (base64url and JSON, for display or routing) and one that verifies it. A server that calls the first where it needs the second trusts claims anyone can write; it is PortSwigger's first JWT lab. The fix is to verify, with the algorithm and key pinned, before reading any claim.",
        try_it: "Switch no-verify on. In \"Forge a token\", make yourself admin, sign with HS256 and any made-up secret, and ask for /api/admin: the signature step reads skipped.",
    },
    LabLesson {
        weakness: Weakness::PsychicEcdsa,
        title: "Psychic signatures (CVE-2022-21449)",
        text: "An ECDSA signature is two numbers, r and s, each of which must lie between 1 and n-1. Java 15 to 18 skipped that check, and with r = s = 0 the final comparison holds for any message and any public key: a signature of zero bytes verified everything. The strict verifier here refuses r or s of 0 before any arithmetic, as FIPS 186 requires.",
        try_it: "Key-pair mode, psychic-ecdsa on. Log in, make yourself admin in the token's claims, replace its signature with 86 A's (64 zero bytes) and ask for /api/admin.",
    },
    LabLesson {
        weakness: Weakness::KidSql,
        title: "kid in a SQL query",
        text: "A server that finds its key with SELECT key FROM keys WHERE kid = '<kid>' lets the token write part of the query. A kid of x' UNION SELECT 'attacker-key' -- returns a key the attacker chose, and the attacker signs with it. The kid is untrusted input: look it up with a parameterised query, or among the keys the server holds.",
        try_it: "Switch kid-sql on. Put \"kid\": \"x' UNION SELECT 'attacker-key' --\" in the header, make yourself admin, sign with HS256 and the secret attacker-key, and ask for /api/admin: the signature step shows the query that ran.",
    },
    LabLesson {
        weakness: Weakness::ExpString,
        title: "exp as a string",
        text: "RFC 7519 says exp is a NumericDate, a JSON number. Some libraries skipped the check when exp was a string instead of refusing the token (Rust's jsonwebtoken before 10.3, the class of CVE-2026-25537): any service that can mint tokens, or a bug in one, then makes tokens that never expire. The strict verifier refuses exp, nbf and iat of any other type.",
        try_it: "Switch exp-string on. In \"Forge a token\", write \"exp\": \"1000000000\" in quotes, sign with HS256 and the servers' shared secret, and ask for your profile.",
    },
    LabLesson {
        weakness: Weakness::DenylistByString,
        title: "A deny-list of token texts",
        text: "A deny-list must name what makes a token that token: its jti. A list of token texts misses the same token written another way, and an ECDSA signature (r, s) always has a twin, (r, n - s), that verifies just the same; other lenient decoders accept other re-encodings. Revoke by jti (and keep tokens short-lived).",
        try_it: "Key-pair mode, denylist-by-string on. Log in, revoke your token, see it refused, then re-encode its signature in \"Forge a token\" and ask again.",
    },
    LabLesson {
        weakness: Weakness::NoAud,
        title: "A token for another service (aud, typ)",
        text: "One issuer often signs tokens for several services with one key: access tokens for the API, and OpenID Connect ID tokens for every app its users sign in to. A signature only says who made a token, not whom it is for. An API that does not check \"aud\" takes any token of its issuer, so every other service (or whoever breaks into one) can replay its users' tokens there. RFC 8725 asks every server to check that \"aud\" names it (section 3.9) and to type its tokens explicitly (section 3.11): an access token says \"typ\": \"at+jwt\" (RFC 9068), an ID token does not.",
        try_it: "Switch no-aud on, log in as Bob, sign in to reports.example under \"Another service\", put the ID token it received in the token field and ask for /api/admin.",
    },
];

/// The lab's lesson cards for the weaknesses that are on.
#[component]
pub fn LabLessons() -> impl IntoView {
    let world = use_world();
    let on = world.memo(active_weaknesses);
    view! {
        <Show when=move || !on.with(Vec::is_empty)>
            <section class="lessons" aria-labelledby="lab-title">
                <h3 id="lab-title">"Attack lab: what each weakness lets through"</h3>
                <div class="lesson-grid">
                    {LAB.iter().map(|l| {
                        let shown = move || on.with(|w| w.contains(&l.weakness));
                        view! {
                            <Show when=shown>
                                <article class="lesson" data-testid="lesson" data-lesson=format!("lab-{}", l.weakness.as_str())>
                                    <h4>{l.title}</h4>
                                    <p>{l.text}</p>
                                    <p class="try"><strong>"Try it: "</strong>{l.try_it}</p>
                                    <p class="field-note">{format!("The rule: {}.", l.weakness.rfc())}</p>
                                    // The code behind it, here too when the weakness was
                                    // switched on by hand (its exercise's card has its own).
                                    <Show when=move || world.exercise() != Some(l.weakness)>
                                        <super::weakness_code::WeaknessCode name=l.weakness.as_str() />
                                    </Show>
                                </article>
                            </Show>
                        }
                    }).collect_view()}
                </div>
            </section>
        </Show>
    }
}
