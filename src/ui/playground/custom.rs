//! A teacher's own scenario in the playground (issue 24, item 6): opened
//! from `#/custom/<payload>`, shown as a card that says plainly who wrote
//! it, with its goal, hints and the lesson once reached; a link that cannot
//! be opened is refused with a sentence and leaves free play as it was.

use super::{use_world, Guide, WorldSignal};
use crate::sim::custom::{register, CustomScenario};
use crate::ui::util::location_hash;
use leptos::prelude::*;

/// What a teacher's link starts with.
pub const CUSTOM_PREFIX: &str = "#/custom/";

/// Does this address open a guide (a built-in scenario or a teacher's)?
pub fn names_a_guide(hash: &str) -> bool {
    hash.starts_with("#/scenario/") || hash.starts_with(CUSTOM_PREFIX)
}

/// Open the teacher's scenario the address carries, or say why not. The
/// same scenario already open keeps its state (Back and Forward, coming
/// back from the debugger, a reload of a kept story).
fn open_from_address(world: WorldSignal) {
    let hash = location_hash();
    let Some(payload) = hash.strip_prefix(CUSTOM_PREFIX) else {
        return;
    };
    match CustomScenario::from_link(payload) {
        Ok(scenario) => {
            let guide = Guide::Custom(register(scenario));
            if world.guide_untracked() != Some(guide) {
                world.open(guide);
            }
        }
        Err(why) => {
            // Free play on whatever world is there: nothing is stuck.
            if matches!(world.guide_untracked(), Some(Guide::Custom(_))) {
                world.close_guide();
            }
            world.say(
                format!("This teacher's scenario could not be opened: {why}. Here is free play; ask for a new link, or build one in the scenario builder."),
                super::keep::Offer::Builder,
            );
        }
    }
}

/// `#/custom/<payload>` opens that scenario whenever the address names one.
pub fn follow_custom_links(world: WorldSignal) {
    if let Some(crate::ui::RouteSignal(route)) = use_context::<crate::ui::RouteSignal>() {
        Effect::new(move |_| {
            if let crate::ui::Route::Custom(_) = route.get() {
                open_from_address(world);
            }
        });
    }
}

/// The open teacher's scenario: who wrote it; folded (the goal banner shows
/// them) its title and goal, how the page checks it, its start, hints and a
/// reset; and its lesson once reached.
#[component]
pub fn CustomCard(scenario: &'static CustomScenario) -> impl IntoView {
    let world = use_world();
    let reached = world.memo(move |w| scenario.reached(w));
    let hints = scenario.hints();
    let lesson = scenario.lesson();
    view! {
        <section class="exercise custom-scenario" data-testid="custom-scenario" data-kind="custom"
            data-reached=move || reached.get().to_string() aria-label=format!("Teacher's scenario: {}", scenario.title())>
            <p class="teacher-note" data-testid="custom-author">
                <strong>"Written by a teacher"</strong>
                ", not part of the app: the words are theirs; the page sets up the start and checks the goal."
            </p>
            // The banner above the stage shows the title, the goal and its
            // reset: here they fold away with the rest, so the login form shows.
            <details class="guide-steps" data-testid="custom-details">
                <summary>{if hints.is_empty() { "Goal, start and check" } else { "Goal, start, check and hints" }}</summary>
                <h4 class="custom-title" data-testid="custom-title">{scenario.title()}</h4>
                <p>
                    <strong>"Goal: "</strong>{scenario.goal()}" "
                    <span class="goal-state" data-testid="custom-state">{move || if reached.get() {
                        "✓ Reached."
                    } else {
                        "○ Not reached yet."
                    }}</span>
                </p>
                <p class="field-note">{scenario.start_words()}</p>
                <p class="field-note">"How it is checked: "{scenario.check().describe()}</p>
                {(!hints.is_empty()).then(|| view! {
                    <ul class="custom-hints">{hints.iter().map(|h| view! { <li>{h.as_str()}</li> }).collect_view()}</ul>
                })}
                <button type="button" class="btn btn-small" data-testid="custom-card-reset"
                    on:click=move |_| world.open(Guide::Custom(scenario))>"↺ Back to the exact start"</button>
            </details>
            {(!lesson.trim().is_empty()).then(|| view! {
                <p data-testid="custom-lesson" hidden=move || !reached.get()>
                    <strong>"What it shows: "</strong>{lesson}
                </p>
            })}
        </section>
    }
}
