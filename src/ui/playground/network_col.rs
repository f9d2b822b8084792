//! The Network column: every request and response as raw HTTP text, newest
//! last, with the server that answered.
//!
//! Entries are a keyed list: an exchange, once made, never changes, so its
//! element is written once and never replaced. The newest entry is open;
//! one the user opened or closed keeps that state.

use super::use_world;
use crate::jwt::display::shorten;
use crate::sim::{Exchange, Sender, World};
use leptos::prelude::*;

/// An exchange's identity: (story, request number). Request numbers start
/// again at 1 with each story.
type EntryKey = (u64, u64);

/// HTTP text longer than this is shown shortened, with its length.
const HTTP_CHARS: usize = 8_000;

/// The newest exchanges drawn at first: a long story (hundreds of logins)
/// draws only these, and the older ones on request, so the column stays
/// quick to draw (as a browser's network panel does).
const SHOWN_AT_FIRST: usize = 150;

#[component]
pub fn NetworkColumn() -> impl IntoView {
    let world = use_world();
    let keys = Memo::new(move |_| {
        let story = world.story();
        world.memo_keys(story)
    });
    // How many of the newest are drawn; "show older" draws them all.
    let limit = RwSignal::new(SHOWN_AT_FIRST);
    let shown = Memo::new(move |_| {
        let limit = limit.get();
        keys.with(|k| {
            k.get(k.len().saturating_sub(limit)..)
                .map(<[EntryKey]>::to_vec)
                .unwrap_or_default()
        })
    });
    let hidden = Memo::new(move |_| keys.with(Vec::len).saturating_sub(limit.get()));
    let latest = Memo::new(move |_| keys.with(|k| k.last().copied()));
    let is_latest = Selector::new(move || latest.get());
    let summary = world.memo(latest_summary);
    view! {
        <section class="column column-network" aria-labelledby="network-title">
            <h3 id="network-title" class="column-title">"Network"<span class="column-sub">" requests and responses, as sent"</span></h3>
            <super::sequence::SequenceDiagram />
            <super::lessons::LessonHere />
            <p class="field-note" hidden=move || keys.with(|k| !k.is_empty())>
                "Nothing sent yet. Log in from the Browser column to see the first request."
            </p>
            // Screen readers hear the newest exchange in one line, not the whole log.
            <p class="visually-hidden" role="status" aria-live="polite">{move || summary.get()}</p>
            <p class="field-note" hidden=move || hidden.get() == 0>
                <button type="button" class="btn btn-small" data-testid="network-show-older"
                    on:click=move |_| limit.set(usize::MAX)>
                    {move || match hidden.get() {
                        1 => "Show the 1 older request".to_string(),
                        n => format!("Show the {n} older requests"),
                    }}
                </button>
                " Only the newest "{SHOWN_AT_FIRST}" are drawn, to keep a long story quick."
            </p>
            <ol class="network-log" data-testid="network-log">
                <For each=move || shown.get() key=|k| *k let:key>
                    <NetworkEntry key is_latest=is_latest.clone() />
                </For>
            </ol>
        </section>
    }
}

impl super::WorldSignal {
    /// The keys of the exchanges in the log, oldest first (tracked).
    fn memo_keys(&self, story: u64) -> Vec<EntryKey> {
        self.world
            .with(|w| w.log().iter().map(|e| (story, e.seq)).collect())
    }
}

/// The newest exchange in one line, for the live region.
fn latest_summary(w: &World) -> String {
    w.last_exchange()
        .map(|e| {
            format!(
                "{} {} answered {} {}",
                e.request.method.as_str(),
                shorten(&e.request.path, 80),
                e.status(),
                e.response.reason()
            )
        })
        .unwrap_or_default()
}

/// One exchange: the request, the response, and who answered.
#[component]
fn NetworkEntry(key: EntryKey, is_latest: Selector<Option<EntryKey>>) -> impl IntoView {
    let world = use_world();
    // Written once: an exchange in the log never changes.
    let Some(exchange) = world.peek(|w| w.log().iter().find(|e| e.seq == key.1).cloned()) else {
        return ().into_any();
    };
    // What the user chose by clicking the summary, if anything.
    let chosen = RwSignal::new(None::<bool>);
    let open = Memo::new(move |_| {
        chosen
            .get()
            .unwrap_or_else(|| is_latest.selected(&Some(key)))
    });
    // The details element opens and closes through this state only, so a
    // redraw can never undo what the user chose (the browser's own toggle
    // is prevented; Enter and Space on the summary click it too).
    let on_summary = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        let now_open = !open.get_untracked();
        chosen.set(Some(now_open));
    };
    let Exchange {
        seq,
        sender,
        request,
        response,
        server_id,
        routing,
        trace,
        ..
    } = exchange;
    let status = response.status;
    let class = match status {
        200..=299 => "network-entry status-ok",
        401 | 403 => "network-entry status-denied",
        _ => "network-entry status-error",
    };
    let elsewhere = matches!(trace, crate::sim::Trace::Elsewhere { .. });
    let who = match (server_id, sender) {
        _ if elsewhere => format!(
            "answered by {}",
            request
                .header("Host")
                .unwrap_or(crate::sim::attacker::ATTACKER_HOST)
        ),
        (Some(id), Sender::Server(_)) => format!("answered by the issuer, server {id}"),
        (None, Sender::Server(_)) => "not answered: the issuer is down".to_string(),
        (Some(id), _) => format!("answered by server {id}"),
        (None, _) => "answered by the load balancer".to_string(),
    };
    let from = match sender {
        Sender::Page => "from the page".to_string(),
        Sender::Raw => "raw request from another machine".to_string(),
        Sender::Server(id) => format!("sent by server {id}, behind the scenes"),
        Sender::Attacker => "sent by the attacker's machine (evil.example)".to_string(),
        Sender::CrossSite => "sent by the browser for evil.example's page (cross-site)".to_string(),
        Sender::InjectedScript => "sent by the script injected into the page".to_string(),
    };
    let sender_word = sender.as_str();
    let summary = format!(
        "#{seq} {} {} → {status} {}",
        request.method.as_str(),
        shorten(&request.path, 80),
        response.reason()
    );
    let why = trace.why();
    // While the request player walks this request, its answer is not told
    // here either: the entry says where it is going, and waits.
    let playback = use_context::<super::request_player::RequestPlayback>();
    // (A key set the server fetches for that request waits for its step too.)
    let on_its_way = Memo::new(move |_| {
        playback.is_some_and(|p| p.seq_in_progress() == Some(seq) || p.fetch_ahead(seq))
    });
    let waiting_summary = format!(
        "#{seq} {} {} → on its way…",
        request.method.as_str(),
        shorten(&request.path, 80)
    );
    view! {
        <li class=class data-testid="network-entry" data-seq=seq.to_string() data-status=status.to_string()
            data-server=server_id.map(|id| id.to_string()) data-sender=sender_word
            data-on-its-way=move || on_its_way.get().then_some("true")>
            <details prop:open=open>
                <summary on:click=on_summary>
                    <span class="entry-summary mono">{move || if on_its_way.get() { waiting_summary.clone() } else { summary.clone() }}</span>
                    <span class="entry-meta" hidden=move || on_its_way.get()>{format!("{who}, {from}")}</span>
                </summary>
                <p class="routing" hidden=move || on_its_way.get()>{routing.note}</p>
                <div class="http">
                    <span class="http-label">"Request"</span>
                    <pre class="mono http-text" data-testid="http-request">{shorten(&request.to_http_text(), HTTP_CHARS).into_owned()}</pre>
                    <span class="http-label" hidden=move || on_its_way.get()>"Response"</span>
                    <pre class="mono http-text" data-testid="http-response" hidden=move || on_its_way.get()>{shorten(&response.to_http_text(), HTTP_CHARS).into_owned()}</pre>
                </div>
                {why.map(|why| view! { <p class="why" hidden=move || on_its_way.get()><strong>"Why: "</strong>{why}</p> })}
            </details>
        </li>
    }
    .into_any()
}
