//! The Network column: every request and response as raw HTTP text, newest
//! last, with the server that answered. Exchanges never change once made, so
//! each entry is drawn once (keyed by its sequence number).

use super::use_world;
use crate::sim::{Exchange, Sender};
use leptos::prelude::*;

#[component]
pub fn NetworkColumn() -> impl IntoView {
    let world = use_world();
    // Only the list of sequence numbers is tracked: editing a token or a
    // cookie does not redraw the log.
    let seqs = Memo::new(move |_| {
        let generation = world.generation();
        world.with(|w| {
            w.log()
                .iter()
                .map(|e| (generation, e.seq))
                .collect::<Vec<_>>()
        })
    });
    let latest = Memo::new(move |_| seqs.with(|s| s.last().copied()));
    view! {
        <section class="column column-network" aria-labelledby="network-title">
            <h3 id="network-title" class="column-title">"Network"<span class="column-sub">" requests and responses, as sent"</span></h3>
            {move || (seqs.with(Vec::is_empty)).then(|| view! {
                <p class="field-note">"Nothing sent yet. Log in from the Browser column to see the first request."</p>
            })}
            <ol class="network-log" data-testid="network-log" aria-live="polite">
                <For each=move || seqs.get() key=|key| *key let:key>
                    {
                        let exchange = world.0.with_untracked(|w| w.log().iter().find(|e| e.seq == key.1).cloned());
                        exchange.map(|e| view! { <Entry exchange=e open=Signal::derive(move || latest.get() == Some(key)) /> })
                    }
                </For>
            </ol>
        </section>
    }
}

/// One exchange: the request, the response, and who answered.
#[component]
fn Entry(exchange: Exchange, #[prop(into)] open: Signal<bool>) -> impl IntoView {
    let status = exchange.status();
    let class = match status {
        200..=299 => "ok",
        401 | 403 => "denied",
        _ => "error",
    };
    let who = match (exchange.server_id, exchange.sender) {
        (Some(id), _) => format!("answered by server {id}"),
        (None, _) => "answered by the load balancer".to_string(),
    };
    let from = match exchange.sender {
        Sender::Page => "from the page",
        Sender::Raw => "raw request from another machine",
    };
    let summary = format!(
        "#{} {} {} → {} {}",
        exchange.seq,
        exchange.request.method.as_str(),
        exchange.request.path,
        status,
        exchange.response.reason()
    );
    let request_text = exchange.request.to_http_text();
    let response_text = exchange.response.to_http_text();
    let routing = exchange.routing.note.clone();
    let why = exchange.trace.why();
    view! {
        <li class=format!("network-entry status-{class}") data-testid="network-entry"
            data-status=status.to_string()
            data-server=exchange.server_id.map(|id| id.to_string())>
            <details prop:open=move || open.get()>
                <summary>
                    <span class="entry-summary mono">{summary}</span>
                    <span class="entry-meta">{format!("{who}, {from}")}</span>
                </summary>
                <p class="routing">{routing}</p>
                <div class="http">
                    <span class="http-label">"Request"</span>
                    <pre class="mono http-text" data-testid="http-request">{request_text}</pre>
                    <span class="http-label">"Response"</span>
                    <pre class="mono http-text" data-testid="http-response">{response_text}</pre>
                </div>
                {why.map(|w| view! { <p class="why"><strong>"Why: "</strong>{w}</p> })}
            </details>
        </li>
    }
}
