//! "Questions ↓" (issue 24 review): once a guide's goal is reached, its
//! questions appear at the end of its card, at the top of the Browser
//! column, far from where the student is looking. The goal banner (and a
//! phone's pinned bar) offers a button that brings them into view, under
//! whatever stays pinned on top, and moves the keyboard to their heading.
//! A teacher's own scenario has no questions; its lesson, revealed when the
//! goal is reached, gets the same button ("What it shows ↓").

use super::{use_world, Guide};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// On a phone, the goal's state in the bar that stays on top.
#[component]
pub fn GoalMini() -> impl IntoView {
    let world = use_world();
    let open = Memo::new(move |_| world.guide().is_some());
    let reached = world.memo(move |w| super::attack::guide_reached(world.guide(), w));
    view! {
        <div class="goal-mini-row" hidden=move || !open.get()>
            <p class="goal-mini" hidden=move || !open.get() data-reached=move || reached.get().to_string() aria-hidden="true">
                {move || if reached.get() { "Goal: ✓ reached" } else { "Goal: ○ not reached yet" }}
            </p>
            <QuestionsButton reached testid="goal-questions-pinned" />
        </div>
    }
}

/// What the button brings into view once the goal is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Below {
    /// A built-in guide's questions.
    Questions,
    /// A teacher's own scenario has no questions: its lesson, revealed when
    /// the goal is reached.
    Lesson,
}

/// The questions' button, shown once the open guide's goal is reached; for
/// a teacher's own scenario with a lesson, "What it shows ↓" instead.
#[component]
pub fn QuestionsButton(
    /// Is the open guide's goal reached?
    reached: Memo<bool>,
    /// `goal-questions` in the banner, `goal-questions-pinned` on a phone's bar.
    testid: &'static str,
) -> impl IntoView {
    let world = use_world();
    let below = Memo::new(move |_| {
        if !reached.get() {
            return None;
        }
        match world.guide() {
            None => None,
            Some(Guide::Custom(s)) => (!s.lesson().trim().is_empty()).then_some(Below::Lesson),
            Some(_) => Some(Below::Questions),
        }
    });
    move || {
        below.get().map(|b| {
            let (label, aria, target) = match b {
                Below::Questions => (
                    "Questions ↓",
                    "Questions: check what you learned (below, in the guide's card)",
                    "[data-testid=\"guide-questions\"]",
                ),
                Below::Lesson => (
                    "What it shows ↓",
                    "What it shows: the teacher's lesson (below, in the scenario's card)",
                    "[data-testid=\"custom-lesson\"]",
                ),
            };
            view! {
                <button type="button" class="btn btn-small btn-primary goal-questions" data-testid=testid
                    aria-label=aria on:click=move |_| show_below(target)>
                    {label}
                </button>
            }
        })
    }
}

/// Does the student ask for less motion?
fn reduced_motion() -> bool {
    window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

/// Call `el.method(options)` (web-sys here lacks the option types).
fn call_with(el: &JsValue, method: &str, options: &[(&str, JsValue)]) {
    let opts = js_sys::Object::new();
    for (k, v) in options {
        let _ = js_sys::Reflect::set(&opts, &JsValue::from_str(k), v);
    }
    if let Ok(f) = js_sys::Reflect::get(el, &JsValue::from_str(method)) {
        if let Some(f) = f.dyn_ref::<js_sys::Function>() {
            let _ = f.call1(el, &opts);
        }
    }
}

/// Air left above the questions' heading, in CSS pixels.
const AIR: f64 = 8.0;

/// Bring the top of what `selector` finds (the questions, or a teacher's
/// lesson) to the top of what the student sees: inside the Browser column
/// where it scrolls on its own, else the page, under a phone's pinned bar;
/// then focus its heading (or itself, when it has none).
fn show_below(selector: &str) {
    let find = |s: &str| document().query_selector(s).ok().flatten();
    let Some(questions) = find(selector) else {
        return;
    };
    // What stays pinned on top of the page (a phone's bar; nothing wider).
    let pinned = find(".stage > .phone-bar")
        .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
        .map_or(0.0, |b| f64::from(b.offset_height()));
    let _ = questions.set_attribute("style", &format!("--pinned-h:{pinned}px"));
    let behavior = JsValue::from_str(if reduced_motion() { "auto" } else { "smooth" });
    let top = questions.get_bounding_client_rect().top();
    // From 700 px wide each column scrolls on its own; a phone scrolls the page.
    let wide = window()
        .inner_width()
        .ok()
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w >= 700.0);
    let column = questions
        .closest(".column")
        .ok()
        .flatten()
        .filter(|c| wide && c.scroll_height() > c.client_height() + 1);
    match column {
        Some(column) => {
            let y = f64::from(column.scroll_top()) + top
                - column.get_bounding_client_rect().top()
                - AIR;
            call_with(
                &column.into(),
                "scrollTo",
                &[("top", y.max(0.0).into()), ("behavior", behavior)],
            );
        }
        None => {
            let y = window().scroll_y().unwrap_or(0.0) + top - pinned - AIR;
            call_with(
                &window().into(),
                "scrollTo",
                &[("top", y.max(0.0).into()), ("behavior", behavior)],
            );
        }
    }
    let heading = questions
        .query_selector("h5")
        .ok()
        .flatten()
        .unwrap_or(questions);
    let _ = heading.set_attribute("tabindex", "-1");
    call_with(&heading.into(), "focus", &[("preventScroll", true.into())]);
}
