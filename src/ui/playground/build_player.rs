//! Plays the server's signing of the latest token as steps: play / pause,
//! step back and forth, replay, speed. Steps not reached yet are listed but
//! their content stays hidden. With reduced motion nothing animates; the
//! steps still appear one at a time.
//!
//! A timer runs only while the player plays: one tick per step, cleared on
//! pause, at the last step, and when the player leaves the page.

use super::use_world;
use crate::jwt::BuildStep;
use crate::sim::World;
use leptos::prelude::*;
use std::time::Duration;

/// The login whose token is shown: (story, request number).
type BuildKey = (u64, u64);

/// The speeds offered, in milliseconds per step.
const SPEEDS: [(u64, &str); 3] = [(3000, "slow"), (1500, "normal"), (600, "fast")];

/// The player's whole state.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Player {
    /// The build being shown.
    build: Option<BuildKey>,
    /// Steps revealed (1-based count; the last revealed one is current).
    shown: usize,
    playing: bool,
    ms_per_step: u64,
}

impl Player {
    /// A new token plays from its first step.
    fn follow(&mut self, build: Option<BuildKey>) {
        if build != self.build {
            self.build = build;
            self.shown = 1;
            self.playing = build.is_some();
        }
    }

    /// One step on; the player stops at the last one.
    fn advance(&mut self, total: usize) {
        self.shown = (self.shown + 1).min(total);
        if self.shown >= total {
            self.playing = false;
        }
    }

    fn back(&mut self) {
        self.playing = false;
        self.shown = self.shown.saturating_sub(1).max(1);
    }

    fn next(&mut self, total: usize) {
        self.playing = false;
        self.shown = (self.shown + 1).min(total);
    }

    fn toggle(&mut self, total: usize) {
        if !self.playing && self.shown >= total {
            self.shown = 1;
        }
        self.playing = !self.playing;
    }

    fn replay(&mut self) {
        self.shown = 1;
        self.playing = true;
    }
}

/// The latest login that issued a token, and its steps.
fn latest_build(w: &World) -> Option<(u64, Vec<BuildStep>)> {
    w.log()
        .iter()
        .rev()
        .find_map(|e| e.trace.build_steps().map(|s| (e.seq, s.to_vec())))
}

#[component]
pub fn BuildPlayer() -> impl IntoView {
    let world = use_world();
    let build = world.memo(latest_build);
    let key = Memo::new(move |_| {
        let story = world.story();
        build.with(|b| b.as_ref().map(|(seq, _)| (story, *seq)))
    });
    let steps =
        Memo::new(move |_| build.with(|b| b.as_ref().map(|(_, s)| s.clone()).unwrap_or_default()));
    let total = Memo::new(move |_| steps.with(Vec::len));

    // A token already there when the player appears is shown complete.
    let player = RwSignal::new(Player {
        build: key.get_untracked(),
        shown: total.get_untracked(),
        playing: false,
        ms_per_step: 1500,
    });
    // A new token starts the player from its first step.
    Effect::new(move |_| {
        let k = key.get();
        player.update(|p| p.follow(k));
    });

    // The timer: running exactly while the player plays.
    let timing = Memo::new(move |_| player.with(|p| (p.playing, p.ms_per_step)));
    let timer = StoredValue::new(None::<IntervalHandle>);
    let stop_timer = move || {
        if let Some(handle) = timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    Effect::new(move |_| {
        let (playing, ms) = timing.get();
        stop_timer();
        if playing {
            let tick = move || player.update(|p| p.advance(total.get_untracked()));
            timer.set_value(set_interval_with_handle(tick, Duration::from_millis(ms)).ok());
        }
    });
    on_cleanup(stop_timer);

    let act = move |f: fn(&mut Player, usize)| player.update(|p| f(p, total.get_untracked()));
    let playing = move || player.with(|p| p.playing);
    let shown = Memo::new(move |_| player.with(|p| p.shown));
    // Back is off at the first step, Next at the last; a button that turns
    // itself off hands the keyboard focus on, so it is never lost.
    let prev_ref = NodeRef::<leptos::html::Button>::new();
    let next_ref = NodeRef::<leptos::html::Button>::new();
    let replay_ref = NodeRef::<leptos::html::Button>::new();
    let on_back = move |_| {
        let had_focus = super::has_focus(prev_ref);
        act(|p, _| p.back());
        if had_focus && shown.get_untracked() <= 1 {
            super::focus_after_redraw(next_ref);
        }
    };
    let on_next = move |_| {
        let had_focus = super::has_focus(next_ref);
        act(Player::next);
        if had_focus && shown.get_untracked() >= total.get_untracked() {
            super::focus_after_redraw(replay_ref);
        }
    };

    // Presenter mode's arrow keys do what Next and Back do.
    if let Some(pacing) = use_context::<crate::ui::presenter::Pacing>() {
        pacing.offer_steps(
            Callback::new(move |()| act(Player::next)),
            Callback::new(move |()| act(|p, _| p.back())),
        );
    }
    view! {
        <div class="build-player" data-testid="build-player" hidden=move || total.get() == 0>
            <h4>"How the server built the token"</h4>
            <div class="row tight" role="group" aria-label="Step through the signing">
                <button type="button" class="btn btn-small" data-testid="build-prev" node_ref=prev_ref
                    disabled=move || { shown.get() <= 1 } on:click=on_back>"◀ Back"</button>
                <button type="button" class="btn btn-small" data-testid="build-play"
                    aria-pressed=move || if playing() { "true" } else { "false" }
                    on:click=move |_| act(Player::toggle)>
                    {move || if playing() { "❚❚ Pause" } else { "▶ Play" }}
                </button>
                <button type="button" class="btn btn-small" data-testid="build-next" node_ref=next_ref
                    disabled=move || { shown.get() >= total.get() } on:click=on_next>"Next ▶"</button>
                <button type="button" class="btn btn-small" data-testid="build-replay" node_ref=replay_ref
                    on:click=move |_| act(|p, _| p.replay())>"↺ Replay"</button>
                <label for="build-speed" class="inline-label">"Speed"</label>
                <select id="build-speed" data-testid="build-speed" class="narrow"
                    prop:value=move || player.with(|p| p.ms_per_step.to_string())
                    on:change=move |ev| {
                        if let Some(ms) = event_target_value(&ev).parse::<u64>().ok().filter(|ms| *ms > 0) {
                            player.update(|p| p.ms_per_step = ms);
                        }
                    }>
                    {SPEEDS.map(|(ms, label)| view! { <option value=ms.to_string()>{label}</option> })}
                </select>
            </div>
            <p class="field-note" aria-live="polite">{move || format!("Step {} of {}", shown.get(), total.get())}</p>
            <ol class="build-steps">
                <For each=move || 0..total.get() key=|i| *i let:index>
                    <BuildStepView steps shown index />
                </For>
            </ol>
        </div>
    }
}

/// Where a step stands in the playback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StepState {
    Done,
    Current,
    Pending,
}

impl StepState {
    fn as_str(self) -> &'static str {
        match self {
            StepState::Done => "done",
            StepState::Current => "current",
            StepState::Pending => "pending",
        }
    }
}

/// One step: its title always, what went in and came out once reached.
#[component]
fn BuildStepView(steps: Memo<Vec<BuildStep>>, shown: Memo<usize>, index: usize) -> impl IntoView {
    let step = Memo::new(move |_| steps.with(|s| s.get(index).cloned()));
    let state = Memo::new(move |_| match (index + 1).cmp(&shown.get()) {
        std::cmp::Ordering::Less => StepState::Done,
        std::cmp::Ordering::Equal => StepState::Current,
        std::cmp::Ordering::Greater => StepState::Pending,
    });
    let part = move || {
        step.with(|s| {
            s.as_ref()
                .and_then(|s| s.part)
                .map_or("none", |p| p.label())
        })
    };
    let text = move |f: fn(&BuildStep) -> String| {
        move || step.with(|s| s.as_ref().map(f).unwrap_or_default())
    };
    view! {
        <li class=move || format!("build-step part-{}", part())
            data-testid="build-step"
            data-step=move || step.with(|s| s.as_ref().map_or("", |s| s.id.id()))
            data-state=move || state.get().as_str()
            aria-current=move || (state.get() == StepState::Current).then_some("step")>
            <div class="build-title">
                <span class="build-num">{index + 1}</span>
                {move || step.with(|s| s.as_ref().and_then(|s| s.part)).map(|p| view! {
                    <span class=format!("part-chip seg-{}", p.label())>{p.label()}</span>
                })}
                <strong>{text(|s| s.title.clone())}</strong>
            </div>
            <Show when=move || state.get() != StepState::Pending>
                <div class="build-body">
                    <Show when=move || step.with(|s| s.as_ref().is_some_and(|s| !s.input.is_empty()))>
                        <div class="build-io">
                            <span class="io-label">"in"</span>
                            <code class="mono">{text(|s| s.input.clone())}</code>
                        </div>
                    </Show>
                    <div class="build-io">
                        <span class="io-label">"out"</span>
                        <code class=move || format!("mono out-{}", part())>{text(|s| s.output.clone())}</code>
                    </div>
                    <p class="build-explain">{text(|s| s.explanation.clone())}</p>
                </div>
            </Show>
        </li>
    }
}
