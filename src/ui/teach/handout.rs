//! The printable handout: the notes' two sequence diagrams (a cookie-session
//! login and request, a JWT login and request), drawn by the playground's own
//! diagram code from worlds the simulation ran (`sim::teach::notes_flow`),
//! each with its steps in words, and the comparison table. Printing the page
//! prints only this (the print stylesheet in `style/app.css`).

use super::load::{waiting, Load};
use crate::sim::teach::notes_flow;
use crate::sim::{Mode, World};
use crate::ui::playground::sequence::FlowDiagram;
use leptos::prelude::*;

#[component]
pub fn Handout(book: RwSignal<Load>) -> impl IntoView {
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let table = move || {
        waiting(book, "comparison table").or_else(|| match book.get() {
            Load::Ready(b) => {
                let mut rows = b.comparison.iter();
                let head = rows.next().cloned().unwrap_or_default();
                let body: Vec<[String; 3]> = rows.cloned().collect();
                Some(
                    view! {
                        <table class="handout-table" data-testid="handout-table">
                            <caption>"Cookie sessions and JWTs, side by side"</caption>
                            <thead><tr>{head.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                            <tbody>{body.into_iter().map(|[a, b, c]| view! {
                                <tr><th scope="row">{a}</th><td>{b}</td><td>{c}</td></tr>
                            }).collect_view()}</tbody>
                        </table>
                    }
                    .into_any(),
                )
            }
            _ => None,
        })
    };
    view! {
        <section class="handout" data-testid="handout" aria-labelledby="handout-title">
            <h2 id="handout-title" tabindex="-1">"Handout: cookie sessions and JWTs"</h2>
            <p class="no-print">
                <button type="button" class="btn btn-primary" data-testid="print-handout" on:click=print>"Print handout"</button>
                " Printing this page prints only the handout: the two diagrams below, drawn by the playground's own simulation, and the table."
            </p>
            <div class="handout-figures">
                <Flow mode=Mode::Session title="1. Cookie session: log in, then ask for the profile" />
                <Flow mode=Mode::Jwt title="2. JWT: log in, then ask for the profile" />
            </div>
            <p class="handout-legend" data-testid="handout-legend">
                "How to read them: a solid arrow is a request, a dashed arrow its answer, and the line in italics says what the server did. The three bars "
                <svg class="legend-chips" viewBox="0 0 52 9" width="52" height="9" aria-hidden="true">
                    <rect x="0" y="1" width="16" height="7" class="chip-header" />
                    <rect x="18" y="1" width="16" height="7" class="chip-payload" />
                    <rect x="36" y="1" width="16" height="7" class="chip-signature" />
                </svg>
                " under a request are the JWT it carries: its header, payload and signature. In the cookie session, the browser sends only a session id; the server looks it up."
            </p>
            {table}
            <p class="field-note handout-foot">"From the JWT & cookie-session playground: try every line of this table yourself, offline, in the page."</p>
        </section>
    }
}

/// One of the notes' diagrams, with its steps in words.
#[component]
fn Flow(mode: Mode, title: &'static str) -> impl IntoView {
    match notes_flow(mode) {
        Ok(world) => {
            let steps = steps(&world);
            view! {
                <figure class="handout-figure" data-mode=mode.to_string()>
                    <figcaption>{title}</figcaption>
                    // A picture for the eye (its arrows are not buttons here): the list below says it in words.
                    <div class="handout-diagram-box" inert=true aria-hidden="true"><FlowDiagram world label=title /></div>
                    <ol class="handout-steps">{steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol>
                </figure>
            }
            .into_any()
        }
        Err(e) => view! { <p role="alert">{format!("The diagram could not be drawn: {e}")}</p> }
            .into_any(),
    }
}

/// Each exchange in words: the request, what it carried, the answer.
fn steps(w: &World) -> Vec<String> {
    w.log()
        .iter()
        .map(|e| {
            let carried = if e.request.header("Authorization").is_some() {
                " with Authorization: Bearer <the JWT>"
            } else if e.request.cookie(crate::sim::SESSION_COOKIE).is_some() {
                " with Cookie: sid=<the session id>"
            } else {
                ""
            };
            let set_cookie = if e.response.header("Set-Cookie").is_some() {
                ", with Set-Cookie"
            } else {
                ""
            };
            format!(
                "{} {}{carried} → {} {}{set_cookie}",
                e.request.method.as_str(),
                e.request.route_path(),
                e.status(),
                e.response.reason()
            )
        })
        .collect()
}
