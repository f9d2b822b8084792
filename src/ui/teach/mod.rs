//! The teacher's page (issue 24, items 4 and 5): `#/teach` holds the lesson
//! plans, the printable handout, the final quiz and the student's progress
//! code; `#/teach/class` reads the class's codes into a table. The texts are
//! `teach.json`, fetched on demand ([`load`]).

mod class;
mod handout;
mod load;
mod plan;
mod progress;
mod questions;

pub use class::ClassPage;
pub use questions::GuideQuestions;

use leptos::prelude::*;

/// `#/teach`.
#[component]
pub fn TeachPage() -> impl IntoView {
    let book = load::use_book();
    let quiz = move || {
        load::waiting(book, "quiz").or_else(|| match book.get() {
            load::Load::Ready(b) => Some(
                view! { <questions::QuestionSet questions=b.quiz.clone() name="quiz".to_string() /> }
                    .into_any(),
            ),
            _ => None,
        })
    };
    view! {
        <div class="teach-page" data-testid="teach-page">
            <section class="teach-intro no-print">
                <h2>"Class: plan, handout, quiz, progress"</h2>
                <p>"A lesson plan with timings and questions to ask before each click, a handout to print, a final quiz, and a progress code each student can hand in. The teacher pastes the codes into "
                    <a href="#/teach/class" data-testid="to-class">"the class's progress codes"</a>". To set a task of your own, "
                    <a href="#/teach/build" data-testid="to-builder">"write a scenario"</a>
                    ": its link opens it as a guided scenario with your goal and a checked solution."</p>
                <nav class="teach-toc" aria-label="On this page">
                    <a href="#/teach" on:click=|ev| jump(ev, "lesson-plan-title")>"Lesson plan"</a>
                    <a href="#/teach" on:click=|ev| jump(ev, "handout-title")>"Handout"</a>
                    <a href="#/teach" on:click=|ev| jump(ev, "quiz-title")>"Final quiz"</a>
                    <a href="#/teach" on:click=|ev| jump(ev, "progress-title")>"Progress code"</a>
                </nav>
            </section>
            <plan::LessonPlan book />
            <handout::Handout book />
            <section class="teach-quiz no-print" aria-labelledby="quiz-title">
                <h2 id="quiz-title" tabindex="-1">"Final quiz: ten questions"</h2>
                <p class="field-note">"Pick one answer per question, then check them: each answer gets its explanation. Your answers stay in this browser and count in your progress code."</p>
                {quiz}
            </section>
            <progress::ProgressCode book />
        </div>
    }
}

/// Bring a section into view and move the keyboard there (the address keeps
/// naming the page, so the links do not change the screen).
fn jump(ev: leptos::ev::MouseEvent, id: &str) {
    ev.prevent_default();
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        el.scroll_into_view();
        if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
            let _ = el.focus();
        }
    }
}
