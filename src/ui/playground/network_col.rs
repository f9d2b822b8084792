//! The Network column: every request and response as raw HTTP text, newest
//! last, with the server that answered. The newest entry is open.
//!
//! Each entry is one `<li>` whose content is markup (see `crate::markup`):
//! entries that did not change keep their DOM (and a `<details>` the user
//! opened stays open) because an unchanged string is not set again.

use super::use_world;
use crate::markup::{maybe, Html};
use crate::sim::{Exchange, Sender};
use leptos::prelude::*;

#[component]
pub fn NetworkColumn() -> impl IntoView {
    let world = use_world();
    let entries = move || {
        world.with(|w| {
            let log = w.log();
            let last = log.len().saturating_sub(1);
            log.iter()
                .enumerate()
                .map(|(i, e)| {
                    let status = e.status();
                    let class = match status {
                        200..=299 => "network-entry status-ok",
                        401 | 403 => "network-entry status-denied",
                        _ => "network-entry status-error",
                    };
                    let html = entry_html(e, i == last);
                    view! {
                        <li class=class data-testid="network-entry" data-status=status.to_string()
                            data-server=e.server_id.map(|id| id.to_string()) inner_html=html></li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="column column-network" aria-labelledby="network-title">
            <h3 id="network-title" class="column-title">"Network"<span class="column-sub">" requests and responses, as sent"</span></h3>
            <p class="field-note" hidden=move || world.with(|w| !w.log().is_empty())>
                "Nothing sent yet. Log in from the Browser column to see the first request."
            </p>
            <ol class="network-log" data-testid="network-log" aria-live="polite">{entries}</ol>
        </section>
    }
}

/// One exchange: the request, the response, and who answered.
fn entry_html(exchange: &Exchange, open: bool) -> String {
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
    let mut h = Html::new();
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
    h.finish()
}
