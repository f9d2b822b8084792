//! The stage: Browser | Network | Server(s), fitted to the window, so that
//! one request and its effect are on one screen (issue 21).
//!
//! - From 1024 px wide the three columns stand side by side; from 700 px
//!   Browser sits over Server beside Network. Either way the stage is as tall
//!   as the window less what lies above it (when that is at most 40% of the
//!   window; else a whole window), and
//!   each column scrolls on its own. Nothing is pinned over anything: what a
//!   click changed is brought into view inside its own column
//!   ([`reveal_in_column`]), never by moving the page.
//! - Below 700 px (a phone) the three columns are three views, one tap apart
//!   (a segmented control that stays at the top with the latest answer).
//! - A guide's goal bar is the stage's first line: its status stays in view
//!   wherever the student clicks.
//!
//! The layout itself is CSS (`style/app.css`, "The stage"); this module
//! holds the bar, the view switch and the few measurements CSS cannot make.

use super::use_world;
use crate::sim::World;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Which of the three views a phone shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageView {
    Browser,
    Network,
    Server,
}

impl StageView {
    const ALL: [StageView; 3] = [StageView::Browser, StageView::Network, StageView::Server];

    /// The `data-view` value the stylesheet reads.
    pub fn as_str(self) -> &'static str {
        match self {
            StageView::Browser => "browser",
            StageView::Network => "network",
            StageView::Server => "server",
        }
    }

    fn label(self) -> &'static str {
        match self {
            StageView::Browser => "Browser",
            StageView::Network => "Network",
            StageView::Server => "Server",
        }
    }
}

/// The stage's first lines: the open guide's goal, and on a phone the view
/// switch with the newest answer.
#[component]
pub fn StageBar(
    /// The view a phone shows.
    view: RwSignal<StageView>,
    /// The stage, scrolled to when a phone switches views.
    stage: NodeRef<Div>,
) -> impl IntoView {
    let world = use_world();
    let latest = world.memo(latest_answer);
    let playback = use_context::<super::request_player::RequestPlayback>();
    let on_its_way = Memo::new(move |_| playback.and_then(|p| p.seq_in_progress()));
    let count = world.memo(|w| w.log().len());
    let choose = move |v: StageView| {
        view.set(v);
        // The new view starts at its top, under the bar (not half-way down
        // where the last one was scrolled).
        if let Some(el) = stage.get_untracked() {
            let top = el.get_bounding_client_rect().top();
            if top < 0.0 {
                let y = window().scroll_y().unwrap_or(0.0) + top;
                window().scroll_to_with_x_and_y(0.0, y);
            }
        }
    };
    // A guide opened (another one, or back to its start): each column back
    // to its top, where its steps and the login form are.
    Effect::watch(
        move || world.opened(),
        move |_, _, _| request_animation_frame(move || columns_to_top(stage)),
        false,
    );
    view! {
        <super::attack::GoalBar />
        <div class="phone-bar">
                <div class="phone-views" role="group" aria-label="Show one part of the story">
                    {StageView::ALL.map(|v| view! {
                        <button type="button" class="phone-view" data-testid=format!("phone-view-{}", v.as_str())
                            aria-pressed=move || (view.get() == v).to_string()
                            on:click=move |_| choose(v)>
                            {v.label()}
                            {move || (v == StageView::Network && count.get() > 0).then(|| format!(" ({})", count.get()))}
                        </button>
                    })}
                </div>
                <p class=move || match (on_its_way.get(), latest.with(|l| l.as_ref().map(|l| l.1))) {
                        (Some(_), _) => "phone-latest",
                        (None, Some(true)) => "phone-latest ok",
                        (None, Some(false)) => "phone-latest bad",
                        (None, None) => "phone-latest",
                    }
                    data-testid="phone-latest" aria-hidden="true">
                    {move || match on_its_way.get() {
                        Some(seq) => format!("#{seq} on its way… (step it in Network)"),
                        None => latest.get().map_or_else(
                            || "Nothing sent yet: log in below.".to_string(),
                            |(text, _)| format!("Latest: {text}"),
                        ),
                    }}
                </p>
                <super::goal_questions::GoalMini />
        </div>
    }
}

/// Every column of the stage scrolled to its top; on a phone (where the
/// page scrolls, not the columns) the page to the stage's top if it is past it.
fn columns_to_top(stage: NodeRef<Div>) {
    let Some(el) = stage.get_untracked() else {
        return;
    };
    stage_to_top(&el);
}

/// After the next redraw, the stage's columns at their tops and the stage
/// where it belongs (a story started again shows its login form first).
pub fn stage_to_top_after_redraw() {
    request_animation_frame(|| {
        if let Ok(Some(el)) = document().query_selector(".stage") {
            stage_to_top(&el);
        }
    });
}

/// Show `el`, a control on the stage, the way the stage is meant to be seen
/// from 700 px wide: the page at the stage's fitted place, then `el`'s own
/// column scrolled to it. `false` (nothing done) for anything else: a
/// phone, or an element off the stage.
pub fn show_on_stage(el: &web_sys::Element) -> bool {
    let (Ok(Some(stage)), Ok(Some(_))) = (el.closest(".stage"), el.closest(".column")) else {
        return false;
    };
    if !is_wide() {
        return false;
    }
    page_to_fitted_place(&stage);
    reveal_in_column(el);
    true
}

fn is_wide() -> bool {
    window()
        .inner_width()
        .ok()
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w >= 700.0)
}

/// The page scrolled so that the stage sits where `fit_to_window` fitted it.
fn page_to_fitted_place(stage: &web_sys::Element) {
    let scrolled = window().scroll_y().unwrap_or(0.0);
    let doc_top = stage.get_bounding_client_rect().top() + scrolled;
    let target = if doc_top <= window_height() * 0.4 {
        0.0
    } else {
        doc_top
    };
    if (scrolled - target).abs() >= 1.0 {
        window().scroll_to_with_x_and_y(0.0, target);
    }
}

fn stage_to_top(el: &web_sys::Element) {
    for v in StageView::ALL {
        if let Ok(Some(c)) = el.query_selector(&format!(".column-{}", v.as_str())) {
            c.set_scroll_top(0);
        }
    }
    if is_wide() {
        // The stage is fitted to the window from where it sits on an
        // unscrolled page (`fit_to_window`): a page left scrolled (the
        // advanced controls folded away under it when an exercise started)
        // would cut its bottom off. Back to that place.
        page_to_fitted_place(el);
    } else {
        let top = el.get_bounding_client_rect().top();
        if top < 0.0 {
            let scrolled = window().scroll_y().unwrap_or(0.0);
            window().scroll_to_with_x_and_y(0.0, scrolled + top);
        }
    }
}

/// The newest answer in one line (as the Browser column words it).
fn latest_answer(w: &World) -> Option<(String, bool)> {
    w.last_exchange().map(super::browser_col::result_line)
}

/// The window's inner height in CSS pixels (0 where there is none).
fn window_height() -> f64 {
    window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0)
}

/// Keep the stage within the window: its height is the window's less what
/// lies above it (CSS reads `--stage-top`), measured again when what lies
/// above changes size or the window does. Nothing runs while nothing moves.
pub fn fit_to_window(stage: NodeRef<Div>, lead: NodeRef<Div>) {
    // The observer and the closure it calls live as long as the playground:
    // disconnected and dropped together when it goes (no leak per visit).
    type Watch = (web_sys::ResizeObserver, Closure<dyn Fn()>);
    let observer = StoredValue::new_local(None::<Watch>);
    Effect::new(move |_| {
        let (Some(stage_el), Some(lead_el)) = (stage.get(), lead.get()) else {
            return;
        };
        if observer.with_value(Option::is_some) {
            return;
        }
        let stage_el: web_sys::Element = stage_el.into();
        let measure = {
            let stage_el = stage_el.clone();
            move || {
                let height = window_height();
                let top =
                    stage_el.get_bounding_client_rect().top() + window().scroll_y().unwrap_or(0.0);
                // What lies above takes at most 40% of the window; when it takes
                // more (the advanced controls open), the stage is a whole window
                // tall and the page scrolls to it.
                let used = if top <= height * 0.4 {
                    top.max(0.0).round()
                } else {
                    0.0
                };
                let style = format!("--stage-top:{used}px");
                if stage_el.get_attribute("style").as_deref() != Some(style.as_str()) {
                    let _ = stage_el.set_attribute("style", &style);
                }
            }
        };
        measure();
        let on_resize = Closure::<dyn Fn()>::new(measure.clone());
        if let Ok(obs) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
            obs.observe(&lead_el);
            if let Some(header) = document().query_selector(".app-header").ok().flatten() {
                obs.observe(&header);
            }
            observer.set_value(Some((obs, on_resize)));
        }
        let handle = window_event_listener(leptos::ev::resize, move |_| measure());
        on_cleanup(move || handle.remove());
    });
    on_cleanup(move || {
        if let Some((obs, _closure)) = observer.try_update_value(Option::take).flatten() {
            obs.disconnect();
        }
    });
}

/// Scroll `el`'s column (not the page) just enough to show it. Where the
/// column does not scroll on its own (a phone) nothing moves: the student's
/// view stays where they put it.
pub fn reveal_in_column(el: &web_sys::Element) {
    let Ok(Some(column)) = el.closest(".column") else {
        return;
    };
    reveal_in(&column, el);
}

/// Scroll `scroller` just enough to show `el` (the nearest edge, with some
/// air: a step that has just appeared may still slide a few pixels in).
pub fn reveal_in(scroller: &web_sys::Element, el: &web_sys::Element) {
    reveal_span(scroller, el, el);
}

/// How much of a tall first element [`reveal_span`] keeps in view: about
/// one exchange of the diagram (its newest arrows).
const KEEP_OF_FIRST: f64 = 170.0;

/// Scroll `scroller` just enough to show from `first`'s top to `last`'s
/// bottom; when that is taller than the scroller, the lowest part of
/// `first` with `last`, or `last` alone.
pub fn reveal_span(scroller: &web_sys::Element, first: &web_sys::Element, last: &web_sys::Element) {
    let view_h = f64::from(scroller.client_height());
    if f64::from(scroller.scroll_height()) <= view_h + 1.0 {
        return;
    }
    let outer = scroller.get_bounding_client_rect();
    let (a, b) = (
        first.get_bounding_client_rect(),
        last.get_bounding_client_rect(),
    );
    // All of `first` if it fits; else its lowest part (a diagram's newest
    // arrow is at its bottom); else `last` alone.
    let lowest = (a.bottom() - KEEP_OF_FIRST).max(a.top());
    let (top, bottom) = if b.bottom() - a.top() + 24.0 <= view_h {
        (a.top() - outer.top(), b.bottom() - outer.top())
    } else if !first.is_same_node(Some(last)) && b.bottom() - lowest + 24.0 <= view_h {
        (lowest - outer.top(), b.bottom() - outer.top())
    } else {
        (b.top() - outer.top(), b.bottom() - outer.top())
    };
    let now = f64::from(scroller.scroll_top());
    let target = if bottom - top > view_h * 0.6 {
        // Tall: its start is what a reader looks for.
        now + top - 12.0
    } else if top < 0.0 {
        now + top - 12.0
    } else if bottom > view_h {
        // Never past the element's own top: a tall one shows its start.
        now + (bottom - view_h + 12.0).min(top - 12.0)
    } else {
        return;
    };
    scroller.set_scroll_top(target.max(0.0).round() as i32);
}

/// After the DOM has caught up (next frame), reveal the first element that
/// matches `selector` inside its column.
pub fn reveal_after_redraw(selector: &'static str) {
    request_animation_frame(move || {
        if let Ok(Some(el)) = document().query_selector(selector) {
            reveal_in_column(&el);
        }
    });
}

/// After the DOM has caught up, reveal the request player's current step
/// together with the diagram above it when both fit in the Network column.
pub fn reveal_step_after_redraw() {
    request_animation_frame(reveal_step_now);
}

/// The diagram's newest arrows and the step under it, in the Network column.
fn reveal_step_now() {
    let find = |s: &str| document().query_selector(s).ok().flatten();
    let Some(column) = find(".column-network") else {
        return;
    };
    let diagram = find(".column-network .sequence-scroll");
    // Before the first request the player's step is hidden: the diagram alone.
    let now = find(".request-player .request-now")
        .filter(|n| n.closest("[hidden]").ok().flatten().is_none());
    // With its heading when all of it fits: a heading cut in half across the
    // column's top edge reads as a broken page.
    let heading = find(".column-network #sequence-title");
    match (diagram, now) {
        (Some(d), Some(n)) => match heading {
            Some(h) if spans_fit(&column, &h, &n) => reveal_span(&column, &h, &n),
            _ => reveal_span(&column, &d, &n),
        },
        (Some(one), None) | (None, Some(one)) => reveal_in(&column, &one),
        (None, None) => {}
    }
}

/// Does the span from `first`'s top to `last`'s bottom fit in `scroller`,
/// with the air [`reveal_span`] leaves?
fn spans_fit(
    scroller: &web_sys::Element,
    first: &web_sys::Element,
    last: &web_sys::Element,
) -> bool {
    let height = last.get_bounding_client_rect().bottom() - first.get_bounding_client_rect().top();
    height + 24.0 <= f64::from(scroller.client_height())
}

/// On a phone, a long section folded behind one button (the page stays a
/// few screens tall); from 700 px wide it is always open and the button is
/// not shown.
#[component]
pub fn PhoneFold(
    /// What the button shows or hides, e.g. "the lesson cards".
    label: &'static str,
    children: Children,
) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <div class="phone-fold" data-open=move || open.get().to_string()>
            <button type="button" class="btn btn-small phone-fold-toggle"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() { format!("▾ Hide {label}") } else { format!("▸ Show {label}") }}
            </button>
            <div class="phone-fold-body">{children()}</div>
        </div>
    }
}

/// After each new request, its effect comes into view inside the columns:
/// the diagram's box in Network, the server that answered in Server(s).
pub fn follow_new_exchanges() {
    let world = use_world();
    let newest = world.memo(|w| w.last_exchange().map(|e| (e.seq, e.server_id)));
    Effect::watch(
        move || newest.get(),
        move |now, _, _| {
            let Some((_, server)) = *now else {
                return;
            };
            request_animation_frame(move || {
                bring_stage_into_window();
                reveal_step_now();
                let card = server.map(|id| {
                    format!(".column-server [data-testid=\"server\"][data-server-id=\"{id}\"]")
                });
                if let Some(Ok(Some(el))) = card.map(|c| document().query_selector(&c)) {
                    reveal_in_column(&el);
                }
            });
        },
        false,
    );
}

/// When the stage fits in the window but only part of it shows (what lies
/// above it is tall, or the page was scrolled past its goal bar), scroll the
/// page just enough that it all shows.
fn bring_stage_into_window() {
    let Ok(Some(stage)) = document().query_selector(".stage") else {
        return;
    };
    let win = window();
    let height = window_height();
    let r = stage.get_bounding_client_rect();
    // Only where the stage has its own scrolling columns (not on a phone).
    if r.height() > height + 1.0
        || win
            .inner_width()
            .ok()
            .and_then(|w| w.as_f64())
            .unwrap_or(0.0)
            < 700.0
    {
        return;
    }
    if r.top() < -0.5 {
        // Scrolled past its first line (the goal bar): back to it.
        win.scroll_by_with_x_and_y(0.0, r.top());
    } else if r.top() > 0.5 && r.bottom() > height + 0.5 {
        win.scroll_by_with_x_and_y(0.0, (r.bottom() - height).min(r.top()));
    }
}
