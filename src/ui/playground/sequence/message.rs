//! How one lifeline's name and one exchange are drawn: arrows (two through
//! the load balancer), the credential they carry, the status, the note.

use super::rows::{Credential, Geometry, Row};
use super::Reveal;
use leptos::prelude::*;

/// Where to centre a text of `chars` characters near `center` so that it
/// stays inside a diagram `total` wide (8 units a character, a little more
/// than the 13 px monospace text needs).
fn fit(center: i32, chars: usize, total: i32) -> i32 {
    let half = i32::try_from(chars)
        .unwrap_or(i32::MAX / 16)
        .saturating_mul(4);
    if total <= 2 * half + 4 {
        total / 2
    } else {
        center.clamp(half + 2, total - half - 2)
    }
}

/// An arrow from `xa` to `xb` at height `y`, its head at `xb`.
fn arrow(xa: i32, xb: i32, y: i32) -> String {
    let d = if xb >= xa { 1 } else { -1 };
    format!(
        "M{xa},{y} L{xb},{y} M{},{} L{xb},{y} L{},{}",
        xb - 8 * d,
        y - 5,
        xb - 8 * d,
        y + 5
    )
}

/// A lifeline's name above it: two lines when it has two words, so that
/// neighbours ("Other machine", "Load balancer") never run into each other.
#[component]
pub(super) fn LaneLabel(x: i32, label: String) -> impl IntoView {
    let (first, second) = match label.split_once(' ') {
        Some((a, b)) if label.chars().count() > 9 => (a.to_string(), Some(b.to_string())),
        _ => (label, None),
    };
    let y = if second.is_some() { 12 } else { 20 };
    view! {
        <text x=x y=y text-anchor="middle" class="lane-label">
            <tspan x=x>{first}</tspan>
            {second.map(|s| view! { <tspan x=x dy="14">{s}</tspan> })}
        </text>
    }
}

/// One exchange: the request arrow, the response arrow, the note. Through
/// the load balancer each is two arrows that meet at its lifeline; a server
/// that used the shared store has an arrow there and back. While the
/// request player walks this exchange, only what it reached is drawn.
#[component]
pub(super) fn Message(
    row: Row,
    at: Geometry,
    /// How far down the row is drawn (rows move up as new ones come).
    y0: Signal<i32>,
    picked: RwSignal<Option<u64>>,
    /// How much of it is drawn.
    reveal: Signal<Reveal>,
    shown: Signal<bool>,
) -> impl IntoView {
    let Row {
        seq,
        from,
        to,
        label,
        status,
        reason,
        credential,
        note,
        refused,
        via,
        store,
        fetch,
    } = row;
    let Geometry {
        x1,
        xb,
        x2,
        xs,
        xf,
        total,
    } = at;
    // Drawn from the row's own top; the group's transform places it.
    let (ya, yb) = (22, 50);
    let mid = (x1 + x2) / 2;
    let pick = move || picked.set(Some(seq));
    let keys = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" || ev.key() == " " {
            ev.prevent_default();
            pick();
        }
    };
    let routed = Memo::new(move |_| reveal.with(|r| r.routed));
    let request_path = move || {
        if !via {
            arrow(x1, x2, ya)
        } else if routed.get() {
            format!("{} {}", arrow(x1, xb, ya), arrow(xb, x2, ya))
        } else {
            arrow(x1, xb, ya)
        }
    };
    let response_path = if via {
        format!("{} {}", arrow(x2, xb, yb), arrow(xb, x1, yb))
    } else {
        arrow(x2, x1, yb)
    };
    let label_text = format!("#{seq} {label}");
    let label_x = fit(
        mid,
        label_text.chars().count() + credential.cookie().map_or(0, |c| 12 + c.len()),
        total,
    );
    let note_class = if refused {
        "seq-note refused"
    } else {
        "seq-note"
    };
    let status_class = if refused {
        "seq-status refused"
    } else {
        "seq-status ok"
    };
    let chips = match credential {
        Credential::Token => view! {
            <g class="cred" aria-hidden="true">
                <rect x={mid - 27} y={ya + 3} width="16" height="7" class="chip-header" />
                <rect x={mid - 9} y={ya + 3} width="16" height="7" class="chip-payload" />
                <rect x={mid + 9} y={ya + 3} width="16" height="7" class="chip-signature" />
            </g>
        }
        .into_any(),
        Credential::Cookie | Credential::TokenCookie | Credential::None => ().into_any(),
    };
    let carries = match credential {
        Credential::Token => ", carrying the JWT",
        Credential::Cookie => ", carrying the sid cookie",
        Credential::TokenCookie => ", carrying the JWT in the token cookie",
        Credential::None => "",
    };
    let through = if via {
        " through the load balancer"
    } else {
        ""
    };
    // While on its way the note says where the request is; then what changed.
    let note_now = Memo::new(move |_| {
        reveal
            .with(|r| r.at.clone())
            .unwrap_or_else(|| note.clone())
    });
    let store_view = match (store, xs) {
        (Some(what), Some(xs)) => Some(view! {
            <g class="seq-store" data-testid="seq-store" data-from=to.to_string() data-to="store" data-seq=seq.to_string()
                role="img" aria-label=format!("Request {seq}: {} {what} the shared store, and back.", to.to_string().replace('-', " "))
                visibility=move || if reveal.with(|r| r.store) { "visible" } else { "hidden" }>
                <path d=arrow(x2, xs, ya + 10) class="seq-arrow seq-store-arrow" />
                <path d=arrow(xs, x2, ya + 18) class="seq-arrow seq-store-arrow seq-back" />
            </g>
        }),
        _ => None,
    };
    // What the server fetched while it answered: its own request, there and
    // back, inside this exchange (it happened before the answer).
    let fetch_view = match (fetch, xf) {
        (Some((lane, fseq)), Some(xf)) => Some(view! {
            <g class="seq-fetch" data-testid="seq-fetch" data-from=to.to_string() data-to=lane.to_string()
                data-seq=fseq.to_string() data-during=seq.to_string()
                role="img" aria-label=format!("While answering request {seq}: {} asks {} for its keys (request {fseq}), and gets them back.", to.to_string().replace('-', " "), lane.to_string().replace('-', " "))
                visibility=move || if reveal.with(|r| r.fetch) { "visible" } else { "hidden" }>
                <path d=arrow(x2, xf, ya + 10) class="seq-arrow seq-fetch-arrow" />
                <path d=arrow(xf, x2, ya + 18) class="seq-arrow seq-fetch-arrow seq-back" />
            </g>
        }),
        _ => None,
    };
    view! {
        <g class="message" class:picked=move || shown.get() data-seq=seq.to_string()
            transform=move || format!("translate(0 {})", y0.get())>
            <g data-testid="seq-message" data-kind="request" data-from=from.to_string() data-to=to.to_string() data-seq=seq.to_string()
                data-via=via.then_some("balancer")
                role="button" tabindex="0" aria-label=format!("#{seq} {label}{}: request from {from} to {to}{through}{carries}. Show its details.", credential.cookie().map(|c| format!(" · cookie: {c}")).unwrap_or_default())
                on:click=move |_| pick() on:keydown=keys>
                <rect x={x1.min(x2)} y="0" width={(x2 - x1).abs().max(40)} height="30" class="hit" />
                <text x=label_x y={ya - 5} text-anchor="middle" class="seq-label">{label_text}
                    {credential.cookie().map(|c| view! { <tspan class="cred-text">{format!(" · cookie: {c}")}</tspan> })}</text>
                <path d=request_path class="seq-arrow" />
                {chips}
            </g>
            {store_view}
            {fetch_view}
            <Show when=move || reveal.with(|r| r.response)>
                <g data-testid="seq-message" data-kind="response" data-from=to.to_string() data-to=from.to_string() data-status=status.to_string() data-seq=seq.to_string()
                    role="button" tabindex="0" aria-label=format!("{status} {reason}: the answer to request {seq}. Show its details.")
                    on:click=move |_| pick() on:keydown=keys>
                    <rect x={x1.min(x2)} y={ya + 8} width={(x2 - x1).abs().max(40)} height="30" class="hit" />
                    <text x=mid y={yb - 5} text-anchor="middle" class=status_class>{format!("{status} {reason}")}</text>
                    <path d=response_path.clone() class="seq-arrow seq-back" />
                </g>
            </Show>
            <text x=move || note_now.with(|n| fit(mid, n.chars().count(), total)) y={yb + 16} text-anchor="middle"
                class=move || if reveal.with(|r| r.at.is_some()) { "seq-note on-its-way" } else { note_class }>{move || note_now.get()}</text>
        </g>
    }
}
