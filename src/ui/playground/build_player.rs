//! Plays the server's signing of the latest token as steps: play / pause,
//! step back and forth, replay, speed. Steps not reached yet are listed but
//! their content stays hidden. With reduced motion nothing animates; the
//! steps still appear one at a time. While the request player walks the
//! login that issued the token, it drives this one (see
//! [`super::request_player`]).

use super::player::{run_timer, Player, PlayerControls, StepState};
use super::use_world;
use crate::jwt::BuildStep;
use crate::sim::World;
use leptos::prelude::*;

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
    let player = RwSignal::new(Player::whole(key.get_untracked(), total.get_untracked()));
    // While the request player walks a login, it says how far the signing
    // has got: nothing shows before its step. Otherwise a new token plays
    // from its first step.
    let drive = use_context::<super::request_player::RequestPlayback>()
        .map(|r| r.build_drive())
        .unwrap_or_else(|| Memo::new(|_| None));
    // A story that starts with a token (a scenario logged in at its start, a
    // mode switch replaying the login) shows it whole; a login within the
    // story plays.
    let story_seen = StoredValue::new(world.story_untracked());
    Effect::new(move |_| {
        let k = key.get();
        let story = world.story();
        let new_story = story_seen.get_value() != story;
        story_seen.set_value(story);
        match drive.get() {
            Some(n) => player.update(|p| {
                p.key = k;
                p.shown = n.max(1);
                p.playing = false;
            }),
            None if new_story => player.update(|p| p.follow_whole(k, total.get_untracked())),
            None => player.update(|p| p.follow(k)),
        }
    });
    run_timer(player, total);
    let shown = Memo::new(move |_| player.with(|p| p.shown));
    view! {
        <div class="build-player" data-testid="build-player" hidden=move || total.get() == 0 || drive.get() == Some(0)>
            <h4>"How the server built the token"</h4>
            <PlayerControls player total prefix="build" label="Step through the signing" />
            <p class="field-note" aria-live="polite">{move || format!("Step {} of {}", shown.get(), total.get())}</p>
            <ol class="build-steps">
                <For each=move || 0..total.get() key=|i| *i let:index>
                    <BuildStepView steps shown index />
                </For>
            </ol>
        </div>
    }
}

/// One step: its title always, what went in and came out once reached.
#[component]
fn BuildStepView(steps: Memo<Vec<BuildStep>>, shown: Memo<usize>, index: usize) -> impl IntoView {
    let step = Memo::new(move |_| steps.with(|s| s.get(index).cloned()));
    let state = Memo::new(move |_| StepState::of(index, shown.get()));
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
