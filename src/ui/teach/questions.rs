//! A set of questions checked in the page (the final quiz, and the two or
//! three at the end of each scenario and exercise): radio buttons, a button
//! that marks them, an explanation under each answer, and a score. Answers
//! are remembered in this browser (`localStorage`: the playground's own
//! state, no secret) so the progress code can count the right ones.

use crate::sim::teach::{Question, TeachBook};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Where the answers are kept: a JSON object, question id -> choice index.
const ANSWERS_KEY: &str = "jwt-playground.answers";
/// The most answers kept (the file has fewer questions).
const MAX_KEPT: usize = 500;

/// The answers kept in this browser.
pub fn kept_answers() -> BTreeMap<String, usize> {
    crate::ui::util::storage_get(ANSWERS_KEY)
        .and_then(|t| serde_json::from_str::<BTreeMap<String, usize>>(&t).ok())
        .unwrap_or_default()
}

fn keep_answers(new: &[(String, usize)]) {
    let mut all = kept_answers();
    for (id, choice) in new {
        all.insert(id.clone(), *choice);
    }
    if all.len() <= MAX_KEPT {
        if let Ok(text) = serde_json::to_string(&all) {
            crate::ui::util::storage_set(ANSWERS_KEY, &text);
        }
    }
}

/// The ids of the questions answered right in this browser.
pub fn right_answers(book: &TeachBook) -> Vec<String> {
    let kept = kept_answers();
    book.all_questions()
        .filter(|q| kept.get(&q.id).is_some_and(|&c| q.is_right(c)))
        .map(|q| q.id.clone())
        .collect()
}

/// One question's state: the choice picked, and whether it was marked since.
#[derive(Clone, Copy)]
struct Answer {
    picked: RwSignal<Option<usize>>,
    marked: RwSignal<bool>,
}

/// The questions, their check button and score. `name` makes the radio
/// groups' names unique on the page.
#[component]
pub fn QuestionSet(
    questions: Vec<Question>,
    name: String,
    /// The button's words.
    #[prop(default = "Check my answers")]
    submit: &'static str,
) -> impl IntoView {
    let kept = kept_answers();
    let answers: Vec<Answer> = questions
        .iter()
        .map(|q| {
            let before = kept.get(&q.id).copied().filter(|&c| c < q.choices.len());
            Answer {
                picked: RwSignal::new(before),
                marked: RwSignal::new(before.is_some()),
            }
        })
        .collect();
    let total = questions.len();
    // Checking with nothing picked would only show every answer: asked to pick first.
    let nudge = RwSignal::new(false);
    let score = {
        let questions = questions.clone();
        let answers = answers.clone();
        move || {
            let marked = answers.iter().any(|a| a.marked.get());
            marked.then(|| {
                questions
                    .iter()
                    .zip(&answers)
                    .filter(|(q, a)| {
                        a.marked.get() && a.picked.get().is_some_and(|c| q.is_right(c))
                    })
                    .count()
            })
        }
    };
    // The button and the score: the marks appear above them and push them
    // down, so they are brought back into view.
    let actions = NodeRef::<leptos::html::Div>::new();
    let on_submit = {
        let questions = questions.clone();
        let answers = answers.clone();
        move |_| {
            if answers.iter().all(|a| a.picked.get_untracked().is_none()) {
                nudge.set(true);
                return;
            }
            nudge.set(false);
            let mut new = Vec::new();
            // Only what was answered is marked: an unanswered question keeps
            // its answer hidden until the student tries it.
            for (q, a) in questions.iter().zip(&answers) {
                let picked = a.picked.get_untracked();
                a.marked.set(picked.is_some());
                if let Some(c) = picked {
                    new.push((q.id.clone(), c));
                }
            }
            keep_answers(&new);
            crate::ui::util::show_after_redraw(actions);
        }
    };
    let nudged = answers.clone();
    view! {
        <div class="question-set">
            <ol class="questions">
                {questions.iter().zip(answers).enumerate().map(|(i, (q, a))| {
                    let group = format!("{name}-{i}");
                    view! { <QuestionView q=q.clone() a group number=i + 1 /> }
                }).collect_view()}
            </ol>
            <div class="row quiz-actions" node_ref=actions>
                <button type="button" class="btn btn-primary" data-testid="quiz-submit" on:click=on_submit>{submit}</button>
                <p class="quiz-score" role="status" data-testid="quiz-score">{move || {
                    if nudge.get() && nudged.iter().all(|a| a.picked.get().is_none()) {
                        return Some("Answer at least one question first.".to_string());
                    }
                    let answered = nudged.iter().filter(|a| a.marked.get()).count();
                    score().map(|n| if answered < total {
                        format!("Score: {n} of {total} right ({answered} answered; the others keep their answers hidden until you try them).")
                    } else {
                        format!("Score: {n} of {total} right.")
                    })
                }}</p>
            </div>
        </div>
    }
}

#[component]
fn QuestionView(q: Question, a: Answer, group: String, number: usize) -> impl IntoView {
    let Answer { picked, marked } = a;
    let right = q.answer();
    let correct = move || marked.get() && picked.get().is_some_and(|c| Some(c) == right);
    let legend_id = format!("{group}-prompt");
    let verdict = {
        let q = q.clone();
        move || {
            if !marked.get() {
                return None;
            }
            let right_text = right
                .and_then(|r| q.choices.get(r))
                .map(|c| c.text.clone())
                .unwrap_or_default();
            let head = match picked.get() {
                None => format!("✗ Not answered. The answer: {right_text}. "),
                Some(c) if Some(c) == right => "✓ Right. ".to_string(),
                Some(_) => format!("✗ Not quite. The answer: {right_text}. "),
            };
            Some(view! {
                <p class="quiz-explanation" data-testid="quiz-explanation">
                    <strong>{head}</strong>{q.explanation.clone()}
                </p>
            })
        }
    };
    view! {
        <li class="quiz-question" data-testid="quiz-question" data-question=q.id.clone()
            data-answered=move || picked.get().is_some().to_string()
            data-correct=move || correct().to_string()>
            <fieldset>
                <legend id=legend_id><span class="quiz-number">{format!("{number}.")}</span>" "{q.prompt.clone()}</legend>
                {q.choices.iter().enumerate().map(|(i, c)| {
                    let id = format!("{group}-{i}");
                    let is_right = c.correct;
                    view! {
                        <div class="quiz-choice" class:quiz-right=move || marked.get() && is_right
                            class:quiz-wrong=move || marked.get() && !is_right && picked.get() == Some(i)>
                            <input type="radio" id=id.clone() name=group.clone() value=i.to_string()
                                data-testid="quiz-choice" data-right=is_right.to_string()
                                prop:checked=move || picked.get() == Some(i)
                                on:change=move |_| {
                                    picked.set(Some(i));
                                    marked.set(false);
                                } />
                            <label for=id>{c.text.clone()}
                                <span class="quiz-mark">{move || match (marked.get(), is_right, picked.get() == Some(i)) {
                                    (true, true, _) => " ✓ right answer",
                                    (true, false, true) => " ✗ your answer",
                                    _ => "",
                                }}</span>
                            </label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <div aria-live="polite">{verdict}</div>
        </li>
    }
}

/// The questions at the end of a guide (`scenario-<id>` or `attack-<name>`),
/// shown in its card once its goal is reached.
#[component]
pub fn GuideQuestions(guide: String, reached: Signal<bool>) -> impl IntoView {
    let state = RwSignal::new(super::load::Load::Loading);
    let started = StoredValue::new(false);
    Effect::new(move |_| {
        if reached.get() && !started.get_value() {
            started.set_value(true);
            super::load::load(state);
        }
    });
    move || {
        if !reached.get() {
            return None;
        }
        let guide = guide.clone();
        Some(view! {
            <section class="guide-questions" data-testid="guide-questions" aria-label="Questions: check what you learned">
                <h5>"Check what you learned"</h5>
                {move || super::load::waiting(state, "questions").or_else(|| match state.get() {
                    super::load::Load::Ready(book) => Some(match book.guide(&guide) {
                        Some(g) => view! { <QuestionSet questions=g.questions.clone() name=format!("q-{}", g.guide) /> }.into_any(),
                        None => view! { <p class="field-note">"No questions have been written for this one yet."</p> }.into_any(),
                    }),
                    _ => None,
                })}
            </section>
        })
    }
}
