//! The lesson plans: a 45-minute order through the scenarios and a 90-minute
//! one adding the lifecycle and the attack lab; each step with its time, what
//! to show, the question to ask before the click, and the answer to expect
//! (folded, so the question can be projected without it).

use super::load::{waiting, Load};
use crate::sim::exercise::Exercise;
use crate::sim::scenario::Scenario;
use crate::sim::teach::{Plan, PlanStep};
use crate::sim::Weakness;
use leptos::prelude::*;

#[component]
pub fn LessonPlan(book: RwSignal<Load>) -> impl IntoView {
    let which = RwSignal::new("45".to_string());
    view! {
        <section class="lesson-plan no-print" data-testid="lesson-plan" aria-labelledby="lesson-plan-title">
            <h2 id="lesson-plan-title" tabindex="-1">"Lesson plan"</h2>
            {move || waiting(book, "lesson plan").or_else(|| match book.get() {
                Load::Ready(b) => Some(view! {
                    <div class="plan-choice" role="group" aria-label="Length of the lesson">
                        {b.plans.iter().map(|p| {
                            let id = p.id.clone();
                            let id2 = p.id.clone();
                            view! {
                                <button type="button" class="btn btn-small" data-testid=format!("plan-{}", p.id)
                                    aria-pressed=move || (which.get() == id).to_string()
                                    on:click=move |_| which.set(id2.clone())>{format!("{} minutes", p.minutes)}</button>
                            }
                        }).collect_view()}
                    </div>
                    {b.plans.iter().map(|p| {
                        let id = p.id.clone();
                        view! { <div hidden=move || which.get() != id><PlanView plan=p.clone() /></div> }
                    }).collect_view()}
                }.into_any()),
                _ => None,
            })}
        </section>
    }
}

#[component]
fn PlanView(plan: Plan) -> impl IntoView {
    let mut at = 0;
    let steps: Vec<(u32, PlanStep)> = plan
        .steps
        .iter()
        .map(|s| {
            let start = at;
            at += s.minutes;
            (start, s.clone())
        })
        .collect();
    view! {
        <article class="plan" data-plan=plan.id.clone()>
            <h3>{plan.title.clone()}</h3>
            <ol class="plan-steps">
                {steps.into_iter().map(|(start, s)| view! { <StepView start step=s /> }).collect_view()}
            </ol>
        </article>
    }
}

fn clock(minutes: u32) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

#[component]
fn StepView(start: u32, step: PlanStep) -> impl IntoView {
    let keeper = use_context::<crate::ui::playground::WorldKeeper>();
    let link = match (&step.scenario, &step.exercise, &step.place) {
        (Some(id), _, _) => {
            let title = Scenario::of(id).map_or(id.as_str(), |s| s.title);
            Some(view! {
                <a class="btn btn-small" data-testid="plan-link" href=format!("#/scenario/{id}")>{format!("Open the scenario: {title}")}</a>
            }.into_any())
        }
        (None, Some(name), _) => Weakness::from_name(name).map(|w| {
            let keeper = keeper.clone();
            view! {
                <a class="btn btn-small" data-testid="plan-link" href="#/playground"
                    on:click=move |_| {
                        if let Some(keeper) = &keeper {
                            keeper.open_exercise(w);
                        }
                        // The playground opens at its top, where the exercise's card is.
                        if let Some(window) = web_sys::window() {
                            window.scroll_to_with_x_and_y(0.0, 0.0);
                        }
                    }>{format!("Open the exercise: {}", Exercise::of(w).map_or(w.as_str(), |e| e.title))}</a>
            }
            .into_any()
        }),
        (None, None, Some(place)) => Some(
            view! { <p class="field-note"><strong>"Where: "</strong>{place.clone()}</p> }
                .into_any(),
        ),
        _ => None,
    };
    // A step that opens a scenario is called what the scenario is called.
    let title = step
        .scenario
        .as_deref()
        .and_then(Scenario::of)
        .map_or_else(|| step.title.clone(), |s| s.title.to_string());
    view! {
        <li class="plan-step" data-testid="plan-step">
            <h4><span class="plan-time">{format!("{}–{} ({} min)", clock(start), clock(start + step.minutes), step.minutes)}</span>" "{title}</h4>
            {link}
            <p><strong>"Show: "</strong>{step.show.clone()}</p>
            <p class="plan-ask"><strong>"Ask the class first: "</strong>{step.ask.clone()}</p>
            <details class="plan-answer">
                <summary>"Expected answer"</summary>
                <p>{step.answer.clone()}</p>
            </details>
        </li>
    }
}
