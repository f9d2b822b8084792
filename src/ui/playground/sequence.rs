//! The live sequence diagram (issue 10): the notes explain sessions and
//! JWTs with two sequence diagrams, so the playground draws one, from the
//! simulation, as it happens. A lifeline for the browser (and another
//! machine, and evil.example when they take part), the load balancer, each
//! server and the shared store; each exchange a request arrow labelled with
//! its method, path and the credential it carries (the token's three
//! colours, or the cookie) and a response arrow with its status; a note
//! where state changed or a check refused. Clicking an arrow shows its raw
//! HTTP and the server's checklist right under the diagram.

use super::use_world;
use crate::jwt::display::shorten;
use crate::jwt::StepResult;
use crate::sim::{Exchange, Issued, Mode, Sender, Trace, World, SESSION_COOKIE};
use leptos::prelude::*;

/// The newest exchanges drawn; older ones stay in the network log.
const ROWS: usize = 5;
const LANE_GAP: i32 = 104;
const MARGIN: i32 = 56;
const HEAD: i32 = 34;
const ROW_H: i32 = 76;

/// One lifeline.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Lane {
    /// `data-from` / `data-to`: browser, machine, evil, balancer, server-N, store.
    id: String,
    label: String,
}

/// What a request carries, as the arrow shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Credential {
    None,
    Token,
    Cookie,
}

/// One exchange, as two arrows and a note.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    seq: u64,
    from: String,
    to: String,
    label: String,
    status: u16,
    reason: &'static str,
    credential: Credential,
    note: String,
    refused: bool,
}

fn lanes(w: &World) -> Vec<Lane> {
    let lane = |id: &str, label: &str| Lane {
        id: id.to_string(),
        label: label.to_string(),
    };
    let log = w.log();
    let mut lanes = vec![lane("browser", "Browser")];
    if log.iter().any(|e| e.sender == Sender::Raw) {
        lanes.push(lane("machine", "Other machine"));
    }
    lanes.push(lane("balancer", "Load balancer"));
    for s in w.servers() {
        lanes.push(lane(
            &format!("server-{}", s.id()),
            &format!("Server {}", s.id()),
        ));
    }
    if w.mode() == Mode::Session && w.uses_shared_store() {
        lanes.push(lane("store", "Shared store"));
    }
    let evil = log.iter().any(|e| {
        matches!(
            e.sender,
            Sender::Attacker | Sender::CrossSite | Sender::InjectedScript
        ) || matches!(e.trace, Trace::Elsewhere { .. })
    });
    if evil {
        lanes.push(lane("evil", "evil.example"));
    }
    lanes
}

fn row(e: &Exchange) -> Row {
    let elsewhere = matches!(e.trace, Trace::Elsewhere { .. });
    let from = match e.sender {
        Sender::Page | Sender::CrossSite | Sender::InjectedScript => "browser".to_string(),
        Sender::Raw => "machine".to_string(),
        Sender::Attacker => "evil".to_string(),
        Sender::Server(id) => format!("server-{id}"),
    };
    let to = match (elsewhere, e.server_id) {
        (true, _) => "evil".to_string(),
        (false, Some(id)) => format!("server-{id}"),
        (false, None) => "balancer".to_string(),
    };
    let credential = if e
        .request
        .header("Authorization")
        .is_some_and(|a| a.starts_with("Bearer "))
    {
        Credential::Token
    } else if e.request.cookie(SESSION_COOKIE).is_some() {
        Credential::Cookie
    } else {
        Credential::None
    };
    let failed = e.trace.failed_step();
    let note = match (&e.trace, &failed) {
        (_, Some(step)) => format!("refused at step {}", step.id),
        (Trace::Login(t), None) => match &t.issued {
            Some(Issued::Session(s)) => format!("session row created in {}", s.store.label()),
            Some(Issued::Token(_)) => "token signed: nothing stored".to_string(),
            None => String::new(),
        },
        (Trace::Jwt(_), None) => "signature checked: no lookup".to_string(),
        (Trace::Session(_), None) => "session found by lookup".to_string(),
        (Trace::Logout(_), None) if e.request.cookie(SESSION_COOKIE).is_some() => {
            "session row deleted".to_string()
        }
        (Trace::Jwks(_), None) => "public keys served".to_string(),
        (Trace::Elsewhere { steps, .. }, None) => match steps.first().map(|s| s.id) {
            Some("serve") => "evil.example serves a key set".to_string(),
            Some("collect") => "evil.example receives the loot".to_string(),
            _ => String::new(),
        },
        (t, None) => t
            .checklist()
            .first()
            .map(|s| s.title.clone())
            .unwrap_or_default(),
    };
    Row {
        seq: e.seq,
        from,
        to,
        label: format!(
            "{} {}",
            e.request.method.as_str(),
            shorten(e.request.route_path(), 28)
        ),
        status: e.status(),
        reason: e.response.reason(),
        credential,
        note,
        refused: failed.is_some() || e.status() >= 400,
    }
}

fn rows(w: &World) -> Vec<Row> {
    let log = w.log();
    log.iter()
        .skip(log.len().saturating_sub(ROWS))
        .map(row)
        .collect()
}

fn lane_x(lanes: &[Lane], id: &str) -> i32 {
    let i = lanes.iter().position(|l| l.id == id).unwrap_or(0);
    MARGIN + LANE_GAP * i32::try_from(i).unwrap_or(0)
}

#[component]
pub fn SequenceDiagram() -> impl IntoView {
    let world = use_world();
    let lanes = world.memo(lanes);
    let rows = world.memo(rows);
    // The arrow whose details show (`None`: the newest).
    let picked = RwSignal::new(None::<u64>);
    let shown = Memo::new(move |_| {
        let newest = rows.with(|r| r.last().map(|r| r.seq));
        picked
            .get()
            .filter(|p| rows.with(|r| r.iter().any(|r| r.seq == *p)))
            .or(newest)
    });
    // A new request shows its own details.
    Effect::watch(
        move || rows.with(|r| r.last().map(|r| r.seq)),
        move |_, _, _| picked.set(None),
        false,
    );
    let width =
        move || MARGIN * 2 + LANE_GAP * (i32::try_from(lanes.with(Vec::len)).unwrap_or(1) - 1);
    let height = move || HEAD + ROW_H * i32::try_from(rows.with(Vec::len).max(1)).unwrap_or(1) + 8;
    view! {
        <section class="sequence" aria-labelledby="sequence-title">
            <h4 id="sequence-title">"Sequence diagram: the latest requests"</h4>
            <p class="field-note" hidden=move || rows.with(|r| !r.is_empty())>"Log in: each request appears here as an arrow, its answer as an arrow back."</p>
            <div class="sequence-scroll">
                <svg data-testid="sequence-diagram" role="group" aria-label="Sequence diagram of the latest requests"
                    viewBox=move || format!("0 0 {} {}", width(), height())
                    width=width height=height class="sequence-svg">
                    {move || lanes.get().into_iter().enumerate().map(|(i, lane)| {
                        let x = MARGIN + LANE_GAP * i32::try_from(i).unwrap_or(0);
                        view! {
                            <g class="lane" data-lane=lane.id.clone()>
                                <text x=x y="16" text-anchor="middle" class="lane-label">{lane.label}</text>
                                <line x1=x y1="24" x2=x y2=height class="lifeline" />
                            </g>
                        }
                    }).collect_view()}
                    {move || {
                        let lanes = lanes.get();
                        rows.get().into_iter().enumerate().map(|(i, r)| {
                            let y0 = HEAD + ROW_H * i32::try_from(i).unwrap_or(0);
                            let (x1, x2) = (lane_x(&lanes, &r.from), lane_x(&lanes, &r.to));
                            let seq = r.seq;
                            let total = width();
                            view! { <Message row=r x1 x2 y0 total picked shown=Signal::derive(move || shown.get() == Some(seq)) /> }
                        }).collect_view()
                    }}
                </svg>
            </div>
            <MessageDetail shown opened=Signal::derive(move || picked.get().is_some()) />
        </section>
    }
}

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

/// One exchange: the request arrow, the response arrow, the note.
#[component]
fn Message(
    row: Row,
    x1: i32,
    x2: i32,
    y0: i32,
    /// The diagram's width: text is kept inside it.
    total: i32,
    picked: RwSignal<Option<u64>>,
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
    } = row;
    let (ya, yb) = (y0 + 22, y0 + 50);
    let mid = (x1 + x2) / 2;
    let pick = move || picked.set(Some(seq));
    let keys = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" || ev.key() == " " {
            ev.prevent_default();
            pick();
        }
    };
    let arrow = move |xa: i32, xb: i32, y: i32| {
        let d = if xb >= xa { 1 } else { -1 };
        format!(
            "M{xa},{y} L{xb},{y} M{},{} L{xb},{y} L{},{}",
            xb - 8 * d,
            y - 5,
            xb - 8 * d,
            y + 5
        )
    };
    let label_text = format!("#{seq} {label}");
    let label_x = fit(
        mid,
        label_text.chars().count()
            + if credential == Credential::Cookie {
                15
            } else {
                0
            },
        total,
    );
    let note_x = fit(mid, note.chars().count(), total);
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
        Credential::Cookie => ().into_any(),
        Credential::None => ().into_any(),
    };
    let carries = match credential {
        Credential::Token => ", carrying the JWT",
        Credential::Cookie => ", carrying the sid cookie",
        Credential::None => "",
    };
    view! {
        <g class="message" class:picked=move || shown.get() data-seq=seq.to_string()>
            <g data-testid="seq-message" data-kind="request" data-from=from.clone() data-to=to.clone() data-seq=seq.to_string()
                role="button" tabindex="0" aria-label=format!("#{seq} {label}{}: request from {from} to {to}{carries}. Show its details.", if credential == Credential::Cookie { " · cookie: sid" } else { "" })
                on:click=move |_| pick() on:keydown=keys>
                <rect x={x1.min(x2)} y=y0 width={(x2 - x1).abs().max(40)} height="30" class="hit" />
                <text x=label_x y={ya - 5} text-anchor="middle" class="seq-label">{label_text}
                    {(credential == Credential::Cookie).then(|| view! { <tspan class="cred-text">" · cookie: sid"</tspan> })}</text>
                <path d=arrow(x1, x2, ya) class="seq-arrow" />
                {chips}
            </g>
            <g data-testid="seq-message" data-kind="response" data-from=to.clone() data-to=from.clone() data-status=status.to_string() data-seq=seq.to_string()
                role="button" tabindex="0" aria-label=format!("{status} {reason}: the answer to request {seq}. Show its details.")
                on:click=move |_| pick() on:keydown=keys>
                <rect x={x1.min(x2)} y={ya + 8} width={(x2 - x1).abs().max(40)} height="30" class="hit" />
                <text x=mid y={yb - 5} text-anchor="middle" class=status_class>{format!("{status} {reason}")}</text>
                <path d=arrow(x2, x1, yb) class="seq-arrow seq-back" />
            </g>
            <text x=note_x y={yb + 16} text-anchor="middle" class=note_class>{note}</text>
        </g>
    }
}

/// The picked exchange's raw HTTP and the checklist its server walked.
#[component]
fn MessageDetail(shown: Memo<Option<u64>>, opened: Signal<bool>) -> impl IntoView {
    let world = use_world();
    let exchange = world.memo(move |w| {
        shown
            .get()
            .and_then(|seq| w.log().iter().find(|e| e.seq == seq).cloned())
    });
    view! {
        {move || exchange.get().map(|e| {
            let steps = e.trace.checklist();
            view! {
                <details class="seq-detail" data-testid="seq-detail" data-seq=e.seq.to_string() prop:open=move || opened.get()>
                    <summary>{format!(
                        "#{}: {} {} → {} {} (raw HTTP and the server's checks)",
                        e.seq, e.request.method.as_str(), shorten(e.request.route_path(), 40), e.status(), e.response.reason()
                    )}</summary>
                    <div class="http">
                        <span class="http-label">"Request"</span>
                        <pre class="mono http-text">{shorten(&e.request.to_http_text(), 4_000).into_owned()}</pre>
                        <span class="http-label">"Response"</span>
                        <pre class="mono http-text">{shorten(&e.response.to_http_text(), 4_000).into_owned()}</pre>
                    </div>
                    <ol class="seq-steps" aria-label="What the server checked">
                        {steps.into_iter().map(|s| {
                            let word = match s.result {
                                StepResult::Pass => "✓ passed",
                                StepResult::Fail => "✗ FAILED",
                                StepResult::Warn => "⚠ unsafe",
                                StepResult::Skip => "– not reached",
                            };
                            view! {
                                <li data-testid="seq-step" data-step=s.id data-result=s.result.as_str()>
                                    <strong>{s.title}</strong>" "<span class="check-word">{word}</span>
                                    <span class="check-detail">{format!(" {}", s.detail)}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </details>
            }
        })}
    }
}
