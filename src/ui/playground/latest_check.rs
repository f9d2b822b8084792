//! The latest request's check, in the Server column: what kind of check it
//! was, its status explained, the checklist, and what the check costs,
//! measured in this browser.

use super::use_world;
use crate::jwt::StepResult;
use crate::sim::{SessionStore, Trace, World};
use crate::ui::checklist::{step_words, CheckRow, Checklist, GlossLine};
use crate::ui::signatures::SignatureCompare;
use leptos::prelude::*;

/// What the latest request's check said, besides the checklist rows.
#[derive(Debug, Clone, PartialEq)]
struct CheckSummary {
    seq: u64,
    title: &'static str,
    kind: &'static str,
    status_note: Option<&'static str>,
    why: Option<String>,
    signatures: Option<(String, String)>,
}

fn check_summary(w: &World) -> Option<CheckSummary> {
    let e = w.last_served()?;
    let trace = &e.trace;
    let kind = match trace {
        Trace::Login(_) => "authentication, once: does this password belong to this user?",
        Trace::Jwt(_) => {
            "who sent it? the token says (401 if it cannot); may they have this? (403 if not)"
        }
        Trace::Session(_) => {
            "who sent it? the session id says (401 if it cannot); may they have this? (403 if not)"
        }
        Trace::Jwks(_) => "public keys: anyone may read them; they only check signatures",
        _ => "",
    };
    let status_note = crate::sim::status_meaning(e.status());
    let failed = trace
        .checklist()
        .iter()
        .any(|s| s.result == StepResult::Fail);
    Some(CheckSummary {
        seq: e.seq,
        title: trace.title(),
        kind,
        status_note,
        why: if failed { trace.why() } else { None },
        signatures: trace
            .verify_report()
            .and_then(|r| r.signature_mismatch())
            .map(|(e, r)| (e.to_string(), r.to_string())),
    })
}

/// The latest request: what kind of check it was, the status explained, the
/// one-sentence why, the signatures side by side on a MAC failure, and the
/// checklist.
#[component]
pub(super) fn LatestCheck() -> impl IntoView {
    let world = use_world();
    let summary = world.memo(check_summary);
    let rows = world.memo(|w| {
        w.last_served()
            .map(|e| {
                e.trace
                    .checklist()
                    .into_iter()
                    .map(CheckRow::from)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    // While the request player walks the newest request, its verdict waits
    // for the response.
    let playback = use_context::<super::request_player::RequestPlayback>();
    let waiting = Memo::new(move |_| playback.and_then(|p| p.seq_in_progress()));
    view! {
        {move || waiting.get().map(|seq| view! {
            <p class="field-note waiting" data-testid="latest-check-waiting">{format!(
                "Request #{seq} is on its way: the server's verdict shows here when the player in the Network column reaches the response."
            )}</p>
        })}
        <div class="latest-check-wrap" hidden=move || waiting.get().is_some()>
        {move || summary.get().map(|s| view! {
            <div class="latest-check" data-testid="latest-check" data-seq=s.seq.to_string()>
                <h4>{format!("Request #{}: {}", s.seq, s.title)}</h4>
                <p class="field-note">{s.kind}</p>
                {s.status_note.map(|note| view! { <p class="status-note" data-testid="status-note">{note}</p> })}
                {s.why.map(|why| view! { <p class="why" data-testid="why"><strong>"Why: "</strong>{why}</p> })}
                {s.signatures.map(|(expected, received)| view! {
                    <SignatureCompare expected received testid="signatures" />
                })}
            </div>
        })}
        <CheckCost />
        <Checklist rows label="What the server checked for the latest request" />
        <GlossLine words=Signal::derive(move || rows.with(|r| step_words(r))) label="Step names" />
        </div>
    }
}

/// What the check just made costs, measured here: the signature check a JWT
/// server runs on every request ("no lookup"), or the session lookup.
#[derive(Debug, Clone, PartialEq)]
enum Cost {
    Signature {
        token: String,
        key: String,
        alg: crate::jwt::Algorithm,
        now: i64,
    },
    Lookup {
        sid: String,
        store: SessionStore,
        now: i64,
        shared: bool,
    },
    /// A weakness skipped the signature check or chose its key: nothing to
    /// time, only what the server did instead.
    Unsafe(String),
}

/// Microseconds per call of `f`, averaged over a few milliseconds of calls
/// (`performance.now()` is coarse in browsers, so one call cannot be timed).
fn micros_per_call(mut f: impl FnMut()) -> f64 {
    let start = crate::ui::util::now_ms();
    let mut calls = 0u32;
    while calls < 20_000 && (calls < 5 || crate::ui::util::now_ms() - start < 8.0) {
        f();
        calls += 1;
    }
    (crate::ui::util::now_ms() - start) * 1000.0 / f64::from(calls.max(1))
}

fn check_cost(w: &World) -> Option<Cost> {
    let e = w.last_served()?;
    if e.status() != 200 {
        return None;
    }
    match &e.trace {
        Trace::Jwt(t) => match t.signature_check().unsafe_caption() {
            Some(sentence) => Some(Cost::Unsafe(sentence)),
            None => Some(Cost::Signature {
                token: t.token.clone()?,
                key: w.verification_key_text(),
                alg: w.alg(),
                now: w.now(),
            }),
        },
        Trace::Session(t) => {
            let shared = w.uses_shared_store();
            let store = if shared {
                w.cluster().shared_store().clone()
            } else {
                w.server(e.server_id?)?.sessions().clone()
            };
            Some(Cost::Lookup {
                sid: t.sid.clone()?,
                store,
                now: w.now(),
                shared,
            })
        }
        _ => None,
    }
}

/// The notes' "no server delay" claim, judged for each check shown. The
/// network figure is an assumption: this page has no network to time.
const SIGNATURE_VERDICT: &str = "\"no lookup delay\" holds against a shared session store across the network (assume a round trip of about 1 ms), not against a server's own memory, where a lookup costs less than this check.";
const MEMORY_VERDICT: &str = "here \"no lookup delay\" does not hold: this lookup costs less than checking a JWT's signature. It holds only against a shared store across the network (a round trip, assume about 1 ms).";
const SHARED_VERDICT: &str = "here \"no lookup delay\" holds: a real shared store is across the network, so each lookup waits a round trip (assume about 1 ms; not in the figure, this page has no network), far more than a signature check.";

#[component]
fn CheckCost() -> impl IntoView {
    let world = use_world();
    let cost = world.memo(check_cost);
    let text = Memo::new(move |_| {
        cost.get().map(|c| match c {
            Cost::Signature { token, key, alg, now } => {
                let policy = crate::jwt::Policy::with_key_text(alg, &key, crate::jwt::KeyEncoding::Utf8, now);
                let us = micros_per_call(|| {
                    let _ = crate::jwt::verify(&token, &policy);
                });
                (Some(us), Some(SIGNATURE_VERDICT), format!(
                    "No lookup: this whole check, {alg} signature included, took {} µs here, with no memory of you, on whichever server answers.",
                    crate::jwt::claims::number_text((us * 10.0).round() / 10.0)
                ))
            }
            Cost::Lookup { sid, mut store, now, shared } => {
                let us = micros_per_call(|| {
                    let _ = store.lookup(&sid, now);
                });
                let verdict = if shared { SHARED_VERDICT } else { MEMORY_VERDICT };
                let place = if shared {
                    "in the shared store; a real one (Redis, a database) adds a network round trip, typically 0.2 to 1 ms"
                } else {
                    "in this server's own memory: cheap, but only this server has the row"
                };
                (Some(us), Some(verdict), format!(
                    "A lookup: finding the session took {} µs here, {place}.",
                    crate::jwt::claims::number_text((us * 100.0).round() / 100.0)
                ))
            }
            Cost::Unsafe(sentence) => (None, None, sentence),
        })
    });
    view! {
        {move || text.get().map(|(us, verdict, sentence)| view! {
            <p class="field-note cost" data-testid="check-cost" data-us=us.map(|us| crate::jwt::claims::number_text((us * 1000.0).round() / 1000.0))>{sentence}</p>
            {verdict.map(|v| view! { <p class="field-note cost-verdict" data-testid="cost-verdict"><strong>"Verdict: "</strong>{v}</p> })}
        })}
    }
}
