//! The live sequence diagram (issue 10): the notes explain sessions and
//! JWTs with two sequence diagrams, so the playground draws one, from the
//! simulation, as it happens. A lifeline for the browser (and another
//! machine, and evil.example when they take part), the load balancer, each
//! server and the shared store; each exchange a request arrow labelled with
//! its method, path and the credential it carries (the token's three
//! colours, or the cookie) and a response arrow with its status; a note
//! where state changed or a check refused. Clicking an arrow shows its raw
//! HTTP and the server's checklist right under the diagram.

use super::request_player::{RequestPlayback, RequestPlayer, Reveal};
use super::use_world;
use crate::jwt::display::shorten;
use crate::sim::{
    request_steps, Exchange, Issued, Mode, Sender, Stage, StepId, Trace, World, SESSION_COOKIE,
};
use leptos::prelude::*;

/// The newest exchanges drawn; older ones stay in the network log.
const ROWS: usize = 5;
const LANE_GAP: i32 = 88;
const MARGIN: i32 = 48;
const HEAD: i32 = 42;
const ROW_H: i32 = 76;

/// Who a lifeline stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum LaneId {
    Browser,
    /// The attacker's own machine, replaying what it copied.
    Machine,
    Balancer,
    Server(usize),
    /// The shared session store.
    Store,
    /// evil.example, the attacker's site.
    Evil,
}

impl std::fmt::Display for LaneId {
    /// The name written as `data-from` / `data-to` / `data-lane`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LaneId::Browser => f.write_str("browser"),
            LaneId::Machine => f.write_str("machine"),
            LaneId::Balancer => f.write_str("balancer"),
            LaneId::Server(id) => write!(f, "server-{id}"),
            LaneId::Store => f.write_str("store"),
            LaneId::Evil => f.write_str("evil"),
        }
    }
}

/// One lifeline.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Lane {
    id: LaneId,
    label: String,
}

/// What a request carries, as the arrow shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Credential {
    None,
    Token,
    Cookie,
}

/// One exchange, as two arrows and a note.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Row {
    seq: u64,
    from: LaneId,
    to: LaneId,
    label: String,
    status: u16,
    reason: &'static str,
    credential: Credential,
    note: String,
    refused: bool,
    /// The request goes through the load balancer (drawn as two arrows
    /// that meet at its lifeline).
    via: bool,
    /// What the server did in the shared store, if it used it.
    store: Option<&'static str>,
}

fn lanes(w: &World) -> Vec<Lane> {
    let lane = |id: LaneId, label: &str| Lane {
        id,
        label: label.to_string(),
    };
    let log = w.log();
    let mut lanes = vec![lane(LaneId::Browser, "Browser")];
    if log.iter().any(|e| e.sender == Sender::Raw) {
        lanes.push(lane(LaneId::Machine, "Other machine"));
    }
    lanes.push(lane(LaneId::Balancer, "Load balancer"));
    for s in w.servers() {
        lanes.push(lane(LaneId::Server(s.id()), &format!("Server {}", s.id())));
    }
    if w.mode() == Mode::Session && w.uses_shared_store() {
        lanes.push(lane(LaneId::Store, "Shared store"));
    }
    let evil = log.iter().any(|e| {
        matches!(
            e.sender,
            Sender::Attacker | Sender::CrossSite | Sender::InjectedScript
        ) || matches!(e.trace, Trace::Elsewhere { .. })
    });
    if evil {
        lanes.push(lane(LaneId::Evil, "evil.example"));
    }
    lanes
}

fn row(e: &Exchange) -> Row {
    let elsewhere = matches!(e.trace, Trace::Elsewhere { .. });
    let from = match e.sender {
        Sender::Page | Sender::CrossSite | Sender::InjectedScript => LaneId::Browser,
        Sender::Raw => LaneId::Machine,
        Sender::Attacker => LaneId::Evil,
        Sender::Server(id) => LaneId::Server(id),
    };
    let to = match (elsewhere, e.server_id) {
        (true, _) => LaneId::Evil,
        (false, Some(id)) => LaneId::Server(id),
        (false, None) => LaneId::Balancer,
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
    let via = !elsewhere && e.server_id.is_some() && !matches!(e.sender, Sender::Server(_));
    let store = request_steps(e)
        .iter()
        .find(|s| s.stage == Stage::Store)
        .map(|s| match s.id {
            StepId::Issue => "writes the session row to",
            StepId::Delete => "deletes the session row from",
            _ => "reads the session row from",
        });
    let note = match (&e.trace, &failed) {
        (_, Some(step)) => format!("refused at step {}", step.id),
        (Trace::Login(t), None) => match &t.issued {
            Some(Issued::Session(s)) => format!("session row created in {}", s.store.label()),
            Some(Issued::Token(_)) => "token signed: nothing stored".to_string(),
            None => String::new(),
        },
        // Said from what the server did: a weakness may have skipped the check.
        (Trace::Jwt(t), None) => t.signature_check().note(),
        (Trace::Session(_), None) => "session found by lookup".to_string(),
        (Trace::Logout(_), None) if e.request.cookie(SESSION_COOKIE).is_some() => {
            "session row deleted".to_string()
        }
        // A JWT logout: the server stored nothing, so it deletes nothing.
        (Trace::Logout(t), None) if t.mode == Mode::Jwt => {
            "nothing to delete: copies still work".to_string()
        }
        (Trace::Jwks(_), None) => "public keys served".to_string(),
        (Trace::Elsewhere { steps, .. }, None) => match steps.first().map(|s| s.id) {
            Some(StepId::Serve) => "evil.example serves a key set".to_string(),
            Some(StepId::Collect) => "evil.example receives the loot".to_string(),
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
        via,
        store,
    }
}

fn rows(w: &World) -> Vec<Row> {
    let log = w.log();
    log.iter()
        .skip(log.len().saturating_sub(ROWS))
        .map(row)
        .collect()
}

fn x_of(i: usize) -> i32 {
    MARGIN + LANE_GAP * i32::try_from(i).unwrap_or(0)
}

fn lane_x(lanes: &[Lane], id: LaneId) -> i32 {
    x_of(lanes.iter().position(|l| l.id == id).unwrap_or(0))
}

/// Where an exchange's arrows run across: sender, balancer, server, store.
/// (How far down is the row's own: see [`SequenceDiagram`].)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Geometry {
    x1: i32,
    xb: i32,
    x2: i32,
    xs: Option<i32>,
    /// The diagram's width: text is kept inside it.
    total: i32,
}

impl Geometry {
    fn of(row: &Row, lanes: &[Lane]) -> Geometry {
        let total = MARGIN * 2 + LANE_GAP * (i32::try_from(lanes.len()).unwrap_or(1) - 1);
        Geometry {
            x1: lane_x(lanes, row.from),
            xb: lane_x(lanes, LaneId::Balancer),
            x2: lane_x(lanes, row.to),
            xs: lanes
                .iter()
                .any(|l| l.id == LaneId::Store)
                .then(|| lane_x(lanes, LaneId::Store)),
            total,
        }
    }
}

#[component]
pub fn SequenceDiagram() -> impl IntoView {
    let world = use_world();
    let playback = use_context::<RequestPlayback>();
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
    // The newest arrow is the lowest: the diagram's box keeps it in view
    // after every request and every step (the box scrolls, the page does not).
    let scroller = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        rows.track();
        if let Some(p) = playback {
            p.in_progress();
        }
        request_animation_frame(move || {
            if let Some(el) = scroller.try_get_untracked().flatten() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    });
    let width =
        move || MARGIN * 2 + LANE_GAP * (i32::try_from(lanes.with(Vec::len)).unwrap_or(1) - 1);
    let height = move || HEAD + ROW_H * i32::try_from(rows.with(Vec::len).max(1)).unwrap_or(1) + 8;
    let lane_items = move || {
        lanes.with(|l| {
            l.iter()
                .enumerate()
                .map(|(i, lane)| (x_of(i), lane.clone()))
                .collect::<Vec<_>>()
        })
    };
    let row_items = move || {
        lanes.with(|l| {
            rows.with(|r| {
                r.iter()
                    .map(|row| (Geometry::of(row, l), row.clone()))
                    .collect::<Vec<_>>()
            })
        })
    };
    view! {
        <section class="sequence" aria-labelledby="sequence-title">
            <h4 id="sequence-title">"Sequence diagram: the latest requests"</h4>
            <p class="field-note" hidden=move || rows.with(|r| !r.is_empty())>"Log in: each request appears here as an arrow, its answer as an arrow back."</p>
            <div class="sequence-scroll" node_ref=scroller>
                <svg data-testid="sequence-diagram" role="group" aria-label="Sequence diagram of the latest requests"
                    viewBox=move || format!("0 0 {} {}", width(), height())
                    width=width height=height class="sequence-svg"
                    style=move || format!("--natural:{}px", width())>
                    // Keyed: a lane is redrawn only when it moves or is new.
                    <For each=lane_items
                        key=|(x, lane)| (*x, lane.id, lane.label.clone())
                        children=move |(x, lane)| view! {
                            <g class="lane" data-lane=lane.id.to_string()>
                                <LaneLabel x label=lane.label />
                                <line x1=x y1="32" x2=x y2=height class="lifeline" />
                            </g>
                        } />
                    // Keyed by what the row says and where its arrows run (not
                    // by `seq` alone: a replay in the other mode starts again
                    // at 1): a new request draws one row, and older rows only
                    // move up (their height is a transform), unless a lane
                    // moved under them.
                    <For each=row_items
                        key=|(at, row)| (row.clone(), *at)
                        children=move |(at, row)| {
                            let seq = row.seq;
                            let y0 = Signal::derive(move || {
                                let i = rows.with(|r| r.iter().position(|r| r.seq == seq)).unwrap_or(0);
                                HEAD + ROW_H * i32::try_from(i).unwrap_or(0)
                            });
                            let reveal = Signal::derive(move || playback.map_or_else(Reveal::whole, |p| p.reveal(seq)));
                            view! { <Message row at y0 picked reveal shown=Signal::derive(move || shown.get() == Some(seq)) /> }
                        } />
                </svg>
            </div>
            <RequestPlayer />
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
fn LaneLabel(x: i32, label: String) -> impl IntoView {
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
fn Message(
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
    } = row;
    let Geometry {
        x1,
        xb,
        x2,
        xs,
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
        label_text.chars().count()
            + if credential == Credential::Cookie {
                15
            } else {
                0
            },
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
        Credential::Cookie | Credential::None => ().into_any(),
    };
    let carries = match credential {
        Credential::Token => ", carrying the JWT",
        Credential::Cookie => ", carrying the sid cookie",
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
    view! {
        <g class="message" class:picked=move || shown.get() data-seq=seq.to_string()
            transform=move || format!("translate(0 {})", y0.get())>
            <g data-testid="seq-message" data-kind="request" data-from=from.to_string() data-to=to.to_string() data-seq=seq.to_string()
                data-via=via.then_some("balancer")
                role="button" tabindex="0" aria-label=format!("#{seq} {label}{}: request from {from} to {to}{through}{carries}. Show its details.", if credential == Credential::Cookie { " · cookie: sid" } else { "" })
                on:click=move |_| pick() on:keydown=keys>
                <rect x={x1.min(x2)} y="0" width={(x2 - x1).abs().max(40)} height="30" class="hit" />
                <text x=label_x y={ya - 5} text-anchor="middle" class="seq-label">{label_text}
                    {(credential == Credential::Cookie).then(|| view! { <tspan class="cred-text">" · cookie: sid"</tspan> })}</text>
                <path d=request_path class="seq-arrow" />
                {chips}
            </g>
            {store_view}
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

/// The picked exchange's raw HTTP and the checklist its server walked.
#[component]
fn MessageDetail(shown: Memo<Option<u64>>, opened: Signal<bool>) -> impl IntoView {
    let world = use_world();
    let exchange = world.memo(move |w| {
        shown
            .get()
            .and_then(|seq| w.log().iter().find(|e| e.seq == seq).cloned())
    });
    // The answer of a request still on its way is not told before its step.
    let playback = use_context::<RequestPlayback>();
    let on_its_way = move |seq: u64| playback.and_then(|p| p.seq_in_progress()) == Some(seq);
    view! {
        {move || exchange.get().map(|e| {
            let steps = e.trace.checklist();
            let seq = e.seq;
            view! {
                <details class="seq-detail" data-testid="seq-detail" data-seq=e.seq.to_string() prop:open=move || opened.get()
                    hidden=move || on_its_way(seq)>
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
                            let word = crate::sim::trace::result_label(s.result, s.skipped_by);
                            view! {
                                <li data-testid="seq-step" data-step=s.id.as_str() data-result=s.result.as_str()>
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
