//! The attack lab's switches (issue 12, in part): each server weakness is a
//! checkbox, off by default, shown on the server cards while on, with a
//! lesson card saying what the mistake is and how real libraries avoid it.

use super::use_world;
use crate::sim::{Mode, Weakness, World};
use leptos::prelude::*;

/// In the controls bar (JWT mode): the weaknesses, one checkbox each.
#[component]
pub fn WeaknessControls() -> impl IntoView {
    let world = use_world();
    let jwt = world.memo(|w| w.mode() == Mode::Jwt);
    let on = world.memo(World::weaknesses);
    view! {
        <Show when=move || jwt.get()>
            <details class="control-group lab">
                <summary class="control-label">{move || {
                    let n = on.with(Vec::len);
                    if n == 0 {
                        "Attack lab: server weaknesses (all off)".to_string()
                    } else {
                        format!("Attack lab: {n} server weakness{} ON", if n == 1 { "" } else { "es" })
                    }
                }}</summary>
                <p class="field-note">"Each switch makes every server repeat a mistake real servers have made. Try the attack, watch it work, switch it off, and see the strict server refuse it."</p>
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
                            </label>
                        </li>
                    })}
                </ul>
            </details>
        </Show>
    }
}

/// The weaknesses that matter now: the switches only act in JWT mode.
fn active_weaknesses(w: &World) -> Vec<Weakness> {
    if w.mode() == Mode::Jwt {
        w.weaknesses()
    } else {
        Vec::new()
    }
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

const LAB: [LabLesson; 6] = [
    LabLesson {
        weakness: Weakness::AlgNone,
        title: "alg: none",
        text: "JWS allows an unsecured token with \"alg\": \"none\" and an empty signature. A server that reads the algorithm from the token accepts anything anyone writes. Libraries now refuse none unless it is asked for by name, and this app's verifier refuses it in any casing.",
        try_it: "Switch alg-none on. In the debugger, set the header to {\"alg\":\"none\"} and the role to admin, copy the token without its signature (keep the last dot), paste it as the browser's token and ask for /api/admin.",
    },
    LabLesson {
        weakness: Weakness::AlgConfusion,
        title: "Algorithm confusion (RS256 to HS256)",
        text: "With a key pair the server holds a public key. If the token's header may choose HS256, the server checks an HMAC with that public key as the secret, and anyone can download a public key. The fix: the server pins the algorithm and never uses a public key as an HMAC secret.",
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
                                </article>
                            </Show>
                        }
                    }).collect_view()}
                </div>
            </section>
        </Show>
    }
}
