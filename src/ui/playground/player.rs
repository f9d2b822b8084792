//! The step player shared by the token build and the request player: its
//! state (which item, how many steps shown, playing or not, the speed), the
//! timer that plays it, and its buttons.
//!
//! A timer runs only while the player plays: one tick per step, cleared on
//! pause, at the last step, and when the player leaves the page.

use leptos::prelude::*;
use std::time::Duration;

/// What a player shows: (story, request number).
pub type ItemKey = (u64, u64);

/// The speeds offered, in milliseconds per step.
const SPEEDS: [(u64, &str); 3] = [(3000, "slow"), (1500, "normal"), (600, "fast")];

/// A player's whole state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Player {
    /// The item being shown.
    pub key: Option<ItemKey>,
    /// Steps revealed (1-based count; the last revealed one is current).
    pub shown: usize,
    pub playing: bool,
    pub ms_per_step: u64,
}

impl Player {
    /// A player that shows `key` whole, paused.
    pub fn whole(key: Option<ItemKey>, total: usize) -> Player {
        Player {
            key,
            shown: total,
            playing: false,
            ms_per_step: 1500,
        }
    }

    /// A new item plays from its first step.
    pub fn follow(&mut self, key: Option<ItemKey>) {
        if key != self.key {
            self.key = key;
            self.shown = 1;
            self.playing = key.is_some();
        }
    }

    /// A new item is shown whole.
    pub fn follow_whole(&mut self, key: Option<ItemKey>, total: usize) {
        if key != self.key {
            self.key = key;
            self.shown = total;
            self.playing = false;
        }
    }

    /// One step on; the player stops at the last one.
    pub fn advance(&mut self, total: usize) {
        self.shown = (self.shown + 1).min(total);
        if self.shown >= total {
            self.playing = false;
        }
    }

    pub fn back(&mut self, _total: usize) {
        self.playing = false;
        self.shown = self.shown.saturating_sub(1).max(1);
    }

    pub fn next(&mut self, total: usize) {
        self.playing = false;
        self.shown = (self.shown + 1).min(total);
    }

    pub fn toggle(&mut self, total: usize) {
        if !self.playing && self.shown >= total {
            self.shown = 1;
        }
        self.playing = !self.playing;
    }

    pub fn replay(&mut self, _total: usize) {
        self.shown = 1;
        self.playing = true;
    }
}

/// Play `player` while it says so: one step per tick at its speed.
pub fn run_timer(player: RwSignal<Player>, total: Memo<usize>) {
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
}

/// Where a step stands in the playback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepState {
    Done,
    Current,
    Pending,
}

impl StepState {
    /// The state of step `index` (0-based) when `shown` steps are revealed.
    pub fn of(index: usize, shown: usize) -> StepState {
        match (index + 1).cmp(&shown) {
            std::cmp::Ordering::Less => StepState::Done,
            std::cmp::Ordering::Equal => StepState::Current,
            std::cmp::Ordering::Greater => StepState::Pending,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            StepState::Done => "done",
            StepState::Current => "current",
            StepState::Pending => "pending",
        }
    }
}

/// Back, play / pause, next and replay. Test ids are `<prefix>-prev`,
/// `-play`, `-next`, `-replay` (the speed is [`SpeedSelect`]). Back is off at the first step and
/// Next at the last; a button that turns itself off hands the keyboard
/// focus on, so it is never lost.
#[component]
pub fn PlayerControls(
    player: RwSignal<Player>,
    total: Memo<usize>,
    /// `build` or `request-step`.
    prefix: &'static str,
    /// The group's accessible name.
    label: &'static str,
) -> impl IntoView {
    let act = move |f: fn(&mut Player, usize)| player.update(|p| f(p, total.get_untracked()));
    let playing = move || player.with(|p| p.playing);
    let shown = Memo::new(move |_| player.with(|p| p.shown));
    let prev_ref = NodeRef::<leptos::html::Button>::new();
    let next_ref = NodeRef::<leptos::html::Button>::new();
    let replay_ref = NodeRef::<leptos::html::Button>::new();
    let on_back = move |_| {
        let had_focus = super::has_focus(prev_ref);
        act(Player::back);
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
    view! {
        <div class="row tight" role="group" aria-label=label>
            <button type="button" class="btn btn-small" data-testid=format!("{prefix}-prev") node_ref=prev_ref
                disabled=move || { shown.get() <= 1 } on:click=on_back>"◀ Back"</button>
            <button type="button" class="btn btn-small" data-testid=format!("{prefix}-play")
                aria-pressed=move || if playing() { "true" } else { "false" }
                on:click=move |_| act(Player::toggle)>
                {move || if playing() { "❚❚ Pause" } else { "▶ Play" }}
            </button>
            <button type="button" class="btn btn-small" data-testid=format!("{prefix}-next") node_ref=next_ref
                disabled=move || { shown.get() >= total.get() } on:click=on_next>"Next ▶"</button>
            <button type="button" class="btn btn-small" data-testid=format!("{prefix}-replay") node_ref=replay_ref
                on:click=move |_| act(Player::replay)>"↺ Replay"</button>

        </div>
    }
}

/// How fast a player plays (test id `<prefix>-speed`), kept apart from the
/// buttons so it can sit on the same line as the player's other settings.
#[component]
pub fn SpeedSelect(
    player: RwSignal<Player>,
    /// `request-step`.
    prefix: &'static str,
) -> impl IntoView {
    let speed_id = format!("{prefix}-speed");
    view! {
        <span class="speed">
            <label for=speed_id.clone() class="inline-label">"Speed"</label>
            <select id=speed_id.clone() data-testid=speed_id class="narrow"
                prop:value=move || player.with(|p| p.ms_per_step.to_string())
                on:change=move |ev| {
                    if let Some(ms) = event_target_value(&ev).parse::<u64>().ok().filter(|ms| *ms > 0) {
                        player.update(|p| p.ms_per_step = ms);
                    }
                }>
                {SPEEDS.map(|(ms, label)| view! { <option value=ms.to_string()>{label}</option> })}
            </select>
        </span>
    }
}
