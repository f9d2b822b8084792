//! The student's progress code: what this browser finished (the solved
//! scenarios and exercises the playground keeps, and the questions answered
//! right), under a typed name, as a JWT the page signs. The page says plainly
//! that it can be forged, and why.

use super::load::Load;
use crate::sim::exercise::EXERCISES;
use crate::sim::scenario::SCENARIOS;
use crate::sim::teach::{make_code, Progress, MAX_NAME_CHARS, PROGRESS_KEY};
use leptos::prelude::*;

/// Where the playground keeps the solved guides (`ui/playground/attack.rs`).
const SOLVED_KEY: &str = "jwt-playground.solved";
/// Where the student's name is kept (their own choice, not a secret).
const NAME_KEY: &str = "jwt-playground.progress-name";

/// The solved guides in this browser: (scenario ids, exercise names).
fn solved() -> (Vec<String>, Vec<String>) {
    let kept = crate::ui::util::storage_get(SOLVED_KEY).unwrap_or_default();
    let mut scenarios = Vec::new();
    let mut exercises = Vec::new();
    for key in kept.split_whitespace() {
        if let Some(id) = key.strip_prefix("scenario-") {
            scenarios.push(id.to_string());
        } else if let Some(name) = key.strip_prefix("attack-") {
            exercises.push(name.to_string());
        }
    }
    (scenarios, exercises)
}

#[component]
pub fn ProgressCode(book: RwSignal<Load>) -> impl IntoView {
    let name = RwSignal::new(crate::ui::util::storage_get(NAME_KEY).unwrap_or_default());
    let code = RwSignal::new(String::new());
    let said = RwSignal::new(None::<String>);
    let copied = RwSignal::new(crate::ui::util::CopyState::NotYet);
    let code_box = NodeRef::<leptos::html::Textarea>::new();
    let make = move |_| {
        copied.set(crate::ui::util::CopyState::NotYet);
        let questions = match book.get_untracked() {
            Load::Ready(b) => super::questions::right_answers(&b),
            _ => Vec::new(),
        };
        let (scenarios, exercises) = solved();
        let summary = format!(
            "Your code says: {} of {} scenarios, {} of {} exercises, questions answered right: {}.",
            scenarios.len(),
            SCENARIOS.len(),
            exercises.len(),
            EXERCISES.len(),
            questions.len()
        );
        let typed = name.get_untracked();
        match Progress::new(
            &typed,
            crate::ui::util::now_seconds(),
            scenarios,
            exercises,
            questions,
        )
        .and_then(|p| make_code(&p))
        {
            Ok(c) => {
                crate::ui::util::storage_set(NAME_KEY, typed.trim());
                code.set(c);
                said.set(Some(summary));
                // Bring the new code to the student, selected, ready to copy.
                request_animation_frame(move || {
                    if let Some(el) = code_box.get_untracked() {
                        let options = web_sys::ScrollIntoViewOptions::new();
                        options.set_block(web_sys::ScrollLogicalPosition::Center);
                        el.scroll_into_view_with_scroll_into_view_options(&options);
                        let _ = el.focus();
                        el.select();
                    }
                });
            }
            Err(e) => {
                code.set(String::new());
                said.set(Some(e.to_string()));
            }
        }
    };
    let copy = move |_| {
        crate::ui::util::copy_to_clipboard(&code.get_untracked(), move |s| {
            copied.try_set(s);
            // Not copied: the code is selected, ready for Ctrl+C.
            if s == crate::ui::util::CopyState::Failed {
                if let Some(el) = code_box.get_untracked() {
                    let _ = el.focus();
                    el.select();
                }
            }
        });
    };
    view! {
        <section class="progress no-print" data-testid="progress" aria-labelledby="progress-title">
            <h2 id="progress-title" tabindex="-1">"Your progress code"</h2>
            <p>"Hand your teacher a code that says which scenarios and exercises you finished in this browser and which questions you answered right. Nothing is sent anywhere: you copy the code and give it to them."</p>
            <div class="row">
                <label for="progress-name">"Your name"</label>
                <input id="progress-name" type="text" data-testid="progress-name" maxlength=MAX_NAME_CHARS.to_string()
                    autocomplete="off" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                <button type="button" class="btn btn-primary" data-testid="progress-make" on:click=make>"Make my code"</button>
            </div>
            <p class="field-note" role="status" data-testid="progress-said">{move || said.get()}</p>
            <div class="row progress-out">
                <label for="progress-code">"Code"</label>
                <textarea id="progress-code" class="mono" data-testid="progress-code" readonly rows="4" node_ref=code_box
                    prop:value=move || code.get()></textarea>
                <button type="button" class="btn" data-testid="progress-copy" on:click=copy
                    disabled=move || code.with(String::is_empty)>"Copy"</button>
                <span role="status" data-testid="progress-copied">{move || match copied.get() {
                    crate::ui::util::CopyState::NotYet => "",
                    crate::ui::util::CopyState::Copied => "Copied.",
                    crate::ui::util::CopyState::Failed => "Not copied: the code is selected in its box; press Ctrl+C (⌘C on a Mac).",
                }}</span>
            </div>
            <div class="warning progress-forge">
                <p><strong>"This code can be forged. "</strong>"It is a JWT signed with HS256, and the key that signs it ships with this page, so anyone who reads the page's code has it. A student could sign a code that claims everything is done. It tells the teacher what you did only because you chose not to cheat; a real system keeps its key on a server."</p>
                <p>"Trying is an exercise in itself: paste your code into the Token debugger, read its claims, change one, and sign it again with the key below. The class's progress codes page will show the signature as valid, which is exactly the problem with a secret everyone holds. Change a claim without re-signing, and that page marks the code as forged or altered."</p>
                <p class="mono clip">{format!("The key: {PROGRESS_KEY}")}</p>
            </div>
        </section>
    }
}
