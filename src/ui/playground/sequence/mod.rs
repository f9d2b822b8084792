//! The live sequence diagram (issue 10): the notes explain sessions and
//! JWTs with two sequence diagrams, so the playground draws one, from the
//! simulation, as it happens. A lifeline for the browser (and another
//! machine, and evil.example when they take part), the load balancer, each
//! server and the shared store; each exchange a request arrow labelled with
//! its method, path and the credential it carries (the token's three
//! colours, or the cookie) and a response arrow with its status; a note
//! where state changed or a check refused. Clicking an arrow shows its raw
//! HTTP and the server's checklist right under the diagram.
//!
//! `rows` makes what is drawn from the world; `message` draws one exchange.

mod message;
mod rows;

use super::request_player::{RequestPlayback, RequestPlayer, Reveal};
use super::use_world;
use crate::jwt::display::shorten;
use crate::ui::checklist::{CheckRow, Checklist};
use leptos::prelude::*;
use message::{LaneLabel, Message};
use rows::{lanes, rows, x_of, Geometry, HEAD, LANE_GAP, MARGIN, ROW_H};

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
            let steps = e.trace.checklist().into_iter().map(CheckRow::from).collect::<Vec<_>>();
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
                    <Checklist rows=Signal::stored(steps) label="What the server checked" row_testid="seq-step" />
                </details>
            }
        })}
    }
}

/// A finished story drawn whole, for print (the teacher's handout): the same
/// lifelines and arrows as the live diagram, from a world run to its end.
#[component]
pub fn FlowDiagram(world: crate::sim::World, label: &'static str) -> impl IntoView {
    let lanes = lanes(&world);
    let rows = rows(&world);
    let width = MARGIN * 2 + LANE_GAP * (i32::try_from(lanes.len()).unwrap_or(1) - 1);
    let height = HEAD + ROW_H * i32::try_from(rows.len().max(1)).unwrap_or(1) + 8;
    let picked = RwSignal::new(None::<u64>);
    view! {
        <svg data-testid="handout-diagram" role="img" aria-label=label
            viewBox=format!("0 0 {width} {height}") width=width height=height class="sequence-svg handout-svg">
            {lanes.iter().enumerate().map(|(i, lane)| {
                let x = x_of(i);
                view! {
                    <g class="lane">
                        <LaneLabel x label=lane.label.clone() />
                        <line x1=x y1="32" x2=x y2=height class="lifeline" />
                    </g>
                }
            }).collect_view()}
            {rows.iter().enumerate().map(|(i, row)| {
                let at = Geometry::of(row, &lanes);
                let y0 = Signal::stored(HEAD + ROW_H * i32::try_from(i).unwrap_or(0));
                view! {
                    <Message row=row.clone() at y0 picked reveal=Signal::stored(Reveal::whole()) shown=Signal::stored(false) />
                }
            }).collect_view()}
        </svg>
    }
}
