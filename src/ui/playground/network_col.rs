//! The Network column: every request and response as raw HTTP text, newest
//! last, with the server that answered. The newest entry is open.
//!
//! The log is markup (see `crate::markup`), redrawn when a request is made.
//! An entry the user opened or closed keeps that state across redraws.

use super::use_world;
use crate::markup::{maybe, Html};
use crate::sim::{Exchange, Sender};
use leptos::prelude::*;

#[component]
pub fn NetworkColumn() -> impl IntoView {
    let world = use_world();
    // Entries the user opened or closed: "story:seq" + "o" or "c", space-separated.
    let toggled = RwSignal::new(String::new());
    // A click on an entry's summary toggles its <details>: remember the new state.
    let on_click = move |ev: leptos::ev::MouseEvent| {
        use wasm_bindgen::JsCast;
        let details = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("summary").ok().flatten())
            .and_then(|s| s.parent_element());
        let Some(details) = details else {
            return;
        };
        let Some(key) = details
            .closest("[data-key]")
            .ok()
            .flatten()
            .and_then(|li| li.get_attribute("data-key"))
        else {
            return;
        };
        let now_open = !details.has_attribute("open");
        toggled.update(|t| {
            let mut kept: Vec<&str> = t
                .split(' ')
                .filter(|tok| user_state(tok, &key).is_none())
                .collect();
            let new = format!("{key}{}", if now_open { "o" } else { "c" });
            kept.push(&new);
            *t = kept.join(" ");
        });
    };
    // The whole log is one piece of markup: it changes when a request is made
    // (the newest entry open, the others closed unless the user said otherwise).
    let entries = move || {
        let story = world.generation();
        toggled.with(|toggled| {
            world.with(|w| {
                let log = w.log();
                let mut h = Html::new();
                for (i, e) in log.iter().enumerate() {
                    let status = e.status();
                    let class = match status {
                        200..=299 => "network-entry status-ok",
                        401 | 403 => "network-entry status-denied",
                        _ => "network-entry status-error",
                    };
                    let server = e.server_id.map(|id| id.to_string());
                    let key = format!("{story}:{}", e.seq);
                    let open = toggled
                        .split(' ')
                        .find_map(|tok| user_state(tok, &key))
                        .unwrap_or(i + 1 == log.len());
                    h.open(
                        "li",
                        &[
                            ("class", class),
                            ("data-testid", "network-entry"),
                            ("data-status", &status.to_string()),
                            ("data-key", &key),
                            server.as_deref().map_or(("", ""), |s| ("data-server", s)),
                        ],
                    );
                    write_entry(&mut h, e, open);
                    h.close();
                }
                h.finish()
            })
        })
    };
    view! {
        <section class="column column-network" aria-labelledby="network-title">
            <h3 id="network-title" class="column-title">"Network"<span class="column-sub">" requests and responses, as sent"</span></h3>
            <p class="field-note" hidden=move || world.with(|w| !w.log().is_empty())>
                "Nothing sent yet. Log in from the Browser column to see the first request."
            </p>
            // Screen readers hear the newest exchange in one line, not the whole redrawn log.
            <p class="visually-hidden" role="status" aria-live="polite">{move || world.with(latest_summary)}</p>
            <ol class="network-log" data-testid="network-log" on:click=on_click inner_html=entries></ol>
        </section>
    }
}

/// What one token of the toggled list says about entry `key`: open, closed,
/// or nothing (another entry).
fn user_state(token: &str, key: &str) -> Option<bool> {
    match token.strip_prefix(key)? {
        "o" => Some(true),
        "c" => Some(false),
        _ => None,
    }
}

/// The newest exchange in one line, for the live region.
fn latest_summary(w: &crate::sim::World) -> String {
    w.last_exchange()
        .map(|e| {
            format!(
                "{} {} answered {} {}",
                e.request.method.as_str(),
                e.request.path,
                e.status(),
                e.response.reason()
            )
        })
        .unwrap_or_default()
}

/// One exchange: the request, the response, and who answered.
fn write_entry(h: &mut Html, exchange: &Exchange, open: bool) {
    let status = exchange.status();
    let who = match exchange.server_id {
        Some(id) => format!("answered by server {id}"),
        None => "answered by the load balancer".to_string(),
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
    h.open("details", &[maybe(open, "open", "")])
        .open("summary", &[])
        .el("span", &[("class", "entry-summary mono")], &summary)
        .el(
            "span",
            &[("class", "entry-meta")],
            &format!("{who}, {from}"),
        )
        .close()
        .el("p", &[("class", "routing")], &exchange.routing.note)
        .open("div", &[("class", "http")])
        .el("span", &[("class", "http-label")], "Request")
        .el(
            "pre",
            &[("class", "mono http-text"), ("data-testid", "http-request")],
            &exchange.request.to_http_text(),
        )
        .el("span", &[("class", "http-label")], "Response")
        .el(
            "pre",
            &[
                ("class", "mono http-text"),
                ("data-testid", "http-response"),
            ],
            &exchange.response.to_http_text(),
        )
        .close();
    if let Some(why) = exchange.trace.why() {
        h.open("p", &[("class", "why")])
            .el("strong", &[], "Why: ")
            .text(&why)
            .close();
    }
    h.close();
}
