//! How the server built the token: the signing steps of the latest login
//! that issued one. They have no player of their own: the request player
//! (Network column) steps the login, and its signing steps appear here, in
//! the Server column, each one brought into view as it is reached. Steps
//! not reached yet are listed but their content stays hidden. With reduced
//! motion nothing animates; the steps still appear one at a time.

use super::player::StepState;
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
    let steps =
        Memo::new(move |_| build.with(|b| b.as_ref().map(|(_, s)| s.clone()).unwrap_or_default()));
    let total = Memo::new(move |_| steps.with(Vec::len));
    let playback = use_context::<super::request_player::RequestPlayback>();
    let sign_shown = playback.map(|p| p.sign_shown());
    // The request player drives the build when the newest request is the
    // login that made it; an older token's build is shown whole.
    let drive = Memo::new(move |_| {
        let newest = playback.and_then(|p| p.newest_seq());
        let built = build.with(|b| b.as_ref().map(|(seq, _)| *seq));
        match (sign_shown, built) {
            (Some(n), Some(seq)) if newest == Some(seq) => n.get(),
            _ => None,
        }
    });
    let shown = Memo::new(move |_| drive.get().unwrap_or_else(|| total.get()));
    // The step just reached comes into view in the Server column while the
    // player walks the signing (not when a finished build is redrawn).
    Effect::watch(
        move || (shown.get(), drive.get()),
        move |(n, drive), before, _| {
            // Moved by the player (not a new login shown whole).
            let moved = before.is_some_and(|(m, d)| d.is_some() && m != n);
            let walking = moved || playback.is_some_and(|p| p.stepping_now());
            if drive.is_some() && *n > 0 && walking {
                super::stage::reveal_after_redraw(
                    ".build-player:not([hidden]) .build-step[data-state=\"current\"]",
                );
            }
        },
        false,
    );
    view! {
        <div class="build-player" data-testid="build-player" hidden=move || total.get() == 0 || drive.get() == Some(0)>
            <h4>"How the server built the token"</h4>
            <p class="field-note" aria-live="polite">{move || {
                let (n, t) = (shown.get(), total.get());
                if drive.get().is_some() && n < t {
                    format!("Signing step {n} of {t}: step on with the request player (Network column).")
                } else {
                    format!("All {t} signing steps. Replay the login in the request player (Network column) to watch them one by one.")
                }
            }}</p>
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
