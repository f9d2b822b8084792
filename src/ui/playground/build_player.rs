//! Plays the server's signing of the latest token as steps: play / pause,
//! step back and forth, replay, speed. Steps not reached yet are listed but
//! their content stays hidden. With reduced motion nothing animates; the
//! steps still appear one at a time.

use super::{use_world, WorldSignal};
use crate::jwt::BuildStep;
use crate::markup::{maybe, Html};
use crate::sim::World;
use leptos::prelude::*;
use std::time::Duration;

/// Player tick; the speed setting says how many ticks one step lasts.
const TICK: Duration = Duration::from_millis(100);

/// The player's whole state, in one signal.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Player {
    /// The build being shown: (story, request number) of the login that issued it.
    build: Option<(u64, u64)>,
    /// Steps revealed (1-based count; the last revealed one is current).
    shown: usize,
    playing: bool,
    ms_per_step: u64,
    /// Time since the last step, in ms.
    elapsed: u64,
}

impl Player {
    /// Follow the world: a token issued since the last look plays from its
    /// first step.
    fn follow(&mut self, build: Option<(u64, u64)>) {
        if build != self.build {
            self.build = build;
            self.shown = 1;
            self.elapsed = 0;
            self.playing = build.is_some();
        }
    }

    fn tick(&mut self, total: usize) {
        if !self.playing {
            return;
        }
        self.elapsed += TICK.as_millis() as u64;
        if self.elapsed >= self.ms_per_step {
            self.elapsed = 0;
            self.shown = (self.shown + 1).min(total);
            if self.shown >= total {
                self.playing = false;
            }
        }
    }
}

/// The latest login that issued a token: its id and its build steps.
/// `tracked`: inside a view (redraw when it changes); else read once (a
/// handler, the timer, the component's first look).
fn latest_build(world: WorldSignal, tracked: bool) -> Option<((u64, u64), Vec<BuildStep>)> {
    let find = |generation: u64, w: &World| {
        w.log().iter().rev().find_map(|e| {
            e.trace
                .build_steps()
                .map(|s| ((generation, e.seq), s.to_vec()))
        })
    };
    if tracked {
        let generation = world.generation();
        world.with(|w| find(generation, w))
    } else {
        let generation = world.1.get_untracked();
        world.0.with_untracked(|w| find(generation, w))
    }
}

#[component]
pub fn BuildPlayer() -> impl IntoView {
    let world = use_world();
    // A token already there when the player appears is shown complete.
    let first = latest_build(world, false);
    let player = RwSignal::new(Player {
        build: first.as_ref().map(|(id, _)| *id),
        shown: first.as_ref().map_or(0, |(_, s)| s.len()),
        playing: false,
        ms_per_step: 1500,
        elapsed: 0,
    });
    let total = move || latest_build(world, true).map_or(0, |(_, s)| s.len());
    // The player as the world stands now (a new token restarts it).
    let current = move || {
        let id = latest_build(world, true).map(|(id, _)| id);
        let mut p = player.get();
        p.follow(id);
        p
    };
    let step = move |f: fn(&mut Player, usize)| {
        let build = latest_build(world, false);
        let id = build.as_ref().map(|(id, _)| *id);
        let total = build.map_or(0, |(_, s)| s.len());
        player.update(|p| {
            p.follow(id);
            f(p, total);
        });
    };

    if let Ok(handle) = set_interval_with_handle(move || step(Player::tick), TICK) {
        on_cleanup(move || handle.clear());
    }

    view! {
        <div class="build-player" data-testid="build-player" hidden=move || total() == 0>
            <h4>"How the server built the token"</h4>
            <div class="row tight" role="group" aria-label="Step through the signing">
                <button type="button" class="btn btn-small" data-testid="build-prev"
                    on:click=move |_| step(|p, _| { p.playing = false; p.shown = p.shown.saturating_sub(1).max(1); })>"◀ Back"</button>
                <button type="button" class="btn btn-small" data-testid="build-play"
                    aria-pressed=move || if current().playing { "true" } else { "false" }
                    on:click=move |_| step(|p, total| {
                        if p.shown >= total { p.shown = 1; }
                        p.elapsed = 0;
                        p.playing = !p.playing;
                    })>
                    {move || if current().playing { "❚❚ Pause".to_string() } else { "▶ Play".to_string() }}
                </button>
                <button type="button" class="btn btn-small" data-testid="build-next"
                    on:click=move |_| step(|p, total| { p.playing = false; p.shown = (p.shown + 1).min(total); })>"Next ▶"</button>
                <button type="button" class="btn btn-small" data-testid="build-replay"
                    on:click=move |_| step(|p, _| { p.shown = 1; p.elapsed = 0; p.playing = true; })>"↺ Replay"</button>
                <label for="build-speed" class="inline-label">"Speed"</label>
                <select id="build-speed" data-testid="build-speed" class="narrow"
                    prop:value=move || player.get().ms_per_step.to_string()
                    on:change=move |ev| {
                        if let Some(ms) = event_target_value(&ev).parse::<i64>().ok().filter(|ms| *ms > 0) {
                            player.update(|p| p.ms_per_step = ms as u64);
                        }
                    }>
                    <option value="3000">"slow"</option>
                    <option value="1500">"normal"</option>
                    <option value="600">"fast"</option>
                </select>
            </div>
            <p class="field-note" aria-live="polite">{move || format!("Step {} of {}", current().shown, total())}</p>
            <ol class="build-steps" inner_html=move || {
                let shown = current().shown;
                latest_build(world, true).map(|(_, steps)| steps_html(&steps, shown)).unwrap_or_default()
            }></ol>
        </div>
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
