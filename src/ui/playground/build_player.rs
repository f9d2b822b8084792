//! Plays the server's signing of the latest token as steps: play / pause,
//! step back and forth, replay, speed. Steps not reached yet are listed but
//! their content stays hidden. With reduced motion nothing animates; the
//! steps still appear one at a time.

use super::use_world;
use crate::jwt::BuildStep;
use crate::markup::{maybe, Html};
use leptos::prelude::*;
use std::time::Duration;

/// Player tick; the speed setting says how many ticks one step lasts.
const TICK: Duration = Duration::from_millis(100);

#[component]
pub fn BuildPlayer() -> impl IntoView {
    let world = use_world();
    // The latest login that issued a token, and its build steps.
    let build = Memo::new(move |_| {
        let generation = world.generation();
        world.with(|w| {
            w.log().iter().rev().find_map(|e| {
                e.trace
                    .build_steps()
                    .map(|s| ((generation, e.seq), s.to_vec()))
            })
        })
    });
    let shown = RwSignal::new(0usize);
    let playing = RwSignal::new(false);
    let ms_per_step = RwSignal::new(1500u64);
    let elapsed = RwSignal::new(0u64);
    let total = move || build.with(|b| b.as_ref().map_or(0, |(_, s)| s.len()));

    // A new token: start playing it from the first step.
    Effect::new(move |previous: Option<Option<(u64, u64)>>| {
        let id = build.with(|b| b.as_ref().map(|(id, _)| *id));
        if previous.is_some() && previous != Some(id) && id.is_some() {
            shown.set(1);
            elapsed.set(0);
            playing.set(true);
        } else if previous.is_none() && id.is_some() {
            shown.set(total());
        }
        id
    });

    if let Ok(handle) = set_interval_with_handle(
        move || {
            if !playing.get_untracked() {
                return;
            }
            let next = elapsed.get_untracked() + TICK.as_millis() as u64;
            if next >= ms_per_step.get_untracked() {
                elapsed.set(0);
                let count = build.with_untracked(|b| b.as_ref().map_or(0, |(_, s)| s.len()));
                let now_shown = shown.get_untracked();
                if now_shown < count {
                    shown.set(now_shown + 1);
                }
                if now_shown + 1 >= count {
                    playing.set(false);
                }
            } else {
                elapsed.set(next);
            }
        },
        TICK,
    ) {
        on_cleanup(move || handle.clear());
    }

    let step_back = move |_| {
        playing.set(false);
        shown.update(|s| *s = s.saturating_sub(1).max(1));
    };
    let step_next = move |_| {
        playing.set(false);
        let count = total();
        shown.update(|s| *s = (*s + 1).min(count));
    };
    let toggle = move |_| {
        if shown.get_untracked() >= total() {
            shown.set(1);
        }
        elapsed.set(0);
        playing.update(|p| *p = !*p);
    };
    let replay = move |_| {
        shown.set(1);
        elapsed.set(0);
        playing.set(true);
    };

    view! {
        <Show when=move || build.with(Option::is_some)>
            <div class="build-player" data-testid="build-player">
                <h4>"How the server built the token"</h4>
                <div class="row tight" role="group" aria-label="Step through the signing">
                    <button type="button" class="btn btn-small" data-testid="build-prev" on:click=step_back>"◀ Back"</button>
                    <button type="button" class="btn btn-small" data-testid="build-play"
                        aria-pressed=move || if playing.get() { "true" } else { "false" } on:click=toggle>
                        {move || if playing.get() { "❚❚ Pause" } else { "▶ Play" }}
                    </button>
                    <button type="button" class="btn btn-small" data-testid="build-next" on:click=step_next>"Next ▶"</button>
                    <button type="button" class="btn btn-small" data-testid="build-replay" on:click=replay>"↺ Replay"</button>
                    <label for="build-speed" class="inline-label">"Speed"</label>
                    <select id="build-speed" data-testid="build-speed" class="narrow"
                        prop:value=move || ms_per_step.get().to_string()
                        on:change=move |ev| { if let Ok(ms) = event_target_value(&ev).parse::<u64>() { ms_per_step.set(ms) } }>
                        <option value="3000">"slow"</option>
                        <option value="1500">"normal"</option>
                        <option value="600">"fast"</option>
                    </select>
                </div>
                <p class="field-note" aria-live="polite">{move || format!("Step {} of {}", shown.get(), total())}</p>
                <ol class="build-steps" inner_html=move || {
                    let shown = shown.get();
                    build.with(|b| b.as_ref().map(|(_, steps)| steps_html(steps, shown)).unwrap_or_default())
                }></ol>
            </div>
        </Show>
    }
}

/// The steps: titles always, content once reached; the last one reached is
/// the current step.
fn steps_html(steps: &[BuildStep], shown: usize) -> String {
    let mut h = Html::new();
    for (index, step) in steps.iter().enumerate() {
        let state = match (index + 1).cmp(&shown) {
            std::cmp::Ordering::Less => "done",
            std::cmp::Ordering::Equal => "current",
            std::cmp::Ordering::Greater => "pending",
        };
        let part = step.part.map_or("none", |p| p.label());
        h.open(
            "li",
            &[
                ("class", &format!("build-step part-{part}")),
                ("data-testid", "build-step"),
                ("data-step", step.id.id()),
                ("data-state", state),
                maybe(state == "current", "aria-current", "step"),
            ],
        )
        .open("div", &[("class", "build-title")])
        .el("span", &[("class", "build-num")], &(index + 1).to_string());
        if let Some(p) = step.part {
            h.el(
                "span",
                &[("class", &format!("part-chip seg-{}", p.label()))],
                p.label(),
            );
        }
        h.el("strong", &[], &step.title).close();
        if state != "pending" {
            h.open("div", &[("class", "build-body")]);
            if !step.input.is_empty() {
                h.open("div", &[("class", "build-io")])
                    .el("span", &[("class", "io-label")], "in")
                    .el("code", &[("class", "mono")], &step.input)
                    .close();
            }
            h.open("div", &[("class", "build-io")])
                .el("span", &[("class", "io-label")], "out")
                .el(
                    "code",
                    &[("class", &format!("mono out-{part}"))],
                    &step.output,
                )
                .close()
                .el("p", &[("class", "build-explain")], &step.explanation)
                .close();
        }
        h.close();
    }
    h.finish()
}
