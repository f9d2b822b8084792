//! "The code that lets it through" (issue 25, item 2): in an attack's card, a
//! panel with a question (which of these lines lets the attack through?) and,
//! once answered, the vulnerable and the fixed line in three real libraries.
//!
//! The text is `weakness-code.json` (`crate::sim::weakness_code`), not part of
//! the wasm: fetched from the site's own origin the first time a panel is
//! opened, then kept for the session. While it loads the panel says so; if the
//! fetch fails it says so, with a Retry button, and the rest of the lab is
//! untouched.

use crate::sim::weakness_code::{AnswerOption, CodeBook, CodeEntry, LibraryCode, CODE_FILE};
use crate::ui::site_file::{Load, SiteFile};
use leptos::prelude::*;
use std::cell::RefCell;
use std::sync::Arc;
use wasm_bindgen::JsCast;

thread_local! {
    /// The file once read: one fetch a session, whichever card opens it first.
    static BOOK: RefCell<Option<Arc<CodeBook>>> = const { RefCell::new(None) };
}

/// `weakness-code.json`.
static FILE: SiteFile<CodeBook> = SiteFile {
    path: CODE_FILE,
    read: |text| CodeBook::parse(text).map_err(|e| e.to_string()),
    kept: &BOOK,
};

/// The panel for the weakness named `name` (its stable name).
#[component]
pub fn WeaknessCode(name: &'static str) -> impl IntoView {
    // The card's markup is rebuilt in place when another attack opens, so this panel may already
    // be open: it starts from the session's copy when there is one.
    let state = RwSignal::new(FILE.state_now());
    let on_toggle = move |ev: web_sys::Event| {
        let open = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
            .is_some_and(|d| d.open());
        if open && matches!(state.get_untracked(), Load::Idle) {
            FILE.load(state);
        }
    };
    view! {
        <details class="weakness-code" data-testid="weakness-code" on:toggle=on_toggle>
            <summary>"The code that lets it through"</summary>
            {move || match state.get() {
                // Only seen when the panel stayed open from another card before the file came.
                Load::Idle => view! {
                    <button type="button" class="btn btn-small" data-testid="weakness-code-load"
                        on:click=move |_| FILE.load(state)>"Load the code"</button>
                }.into_any(),
                Load::Loading => view! {
                    <p class="field-note" role="status" data-testid="weakness-code-loading">"One moment: loading the code…"</p>
                }.into_any(),
                Load::Failed(why) => view! {
                    <div role="alert" data-testid="weakness-code-error">
                        <p>{format!("The code examples could not be loaded: {why}. Everything else in the lab still works; try again when the site can be reached.")}</p>
                        <button type="button" class="btn btn-small" data-testid="weakness-code-retry"
                            on:click=move |_| FILE.load(state)>"Retry"</button>
                    </div>
                }.into_any(),
                Load::Ready(book) => match book.entry(name) {
                    Some(entry) => view! { <EntryView entry=entry.clone() /> }.into_any(),
                    None => view! {
                        <p class="field-note" data-testid="weakness-code-missing">"No code has been written down for this weakness yet."</p>
                    }.into_any(),
                },
            }}
        </details>
    }
}

/// One weakness: the question first, then (once answered) the lines.
#[component]
fn EntryView(entry: CodeEntry) -> impl IntoView {
    let entry = Arc::new(entry);
    // The options tried, in order.
    let tried = RwSignal::new(Vec::<usize>::new());
    let options: Arc<[AnswerOption]> = entry.question.options.clone().into();
    let solved = {
        let options = Arc::clone(&options);
        Memo::new(move |_| {
            tried.with(|t| t.iter().any(|&i| options.get(i).is_some_and(|o| o.correct)))
        })
    };
    let feedback = {
        let options = Arc::clone(&options);
        move || {
            let last = tried.with(|t| t.last().copied())?;
            let o = options.get(last)?;
            // Each explanation says itself whether it is the one.
            let text = if o.correct {
                format!("✓ {}", o.why)
            } else {
                format!("✗ {}", o.why)
            };
            Some(view! {
                <p class="code-feedback" data-testid="weakness-code-feedback" data-correct=o.correct.to_string()>{text}</p>
            })
        }
    };
    let answer = {
        let entry = Arc::clone(&entry);
        move || {
            solved
                .get()
                .then(|| view! { <Answer entry=Arc::clone(&entry) /> })
        }
    };
    view! {
        <p class="field-note">{entry.summary.clone()}</p>
        <fieldset class="code-question" data-testid="weakness-code-question"
            data-answered=move || solved.get().to_string()>
            // The prompt names the language and library itself.
            <legend>{format!("{} Pick the line, then see the fix.", entry.question.prompt)}</legend>
            <ol class="code-options">
                {options.iter().enumerate().map(|(i, o)| {
                    let correct = o.correct;
                    let picked = move || tried.with(|t| t.contains(&i));
                    view! {
                        <li>
                            <button type="button" class="code-option" data-testid="weakness-code-option"
                                data-correct=move || picked().then(|| correct.to_string())
                                on:click=move |_| tried.update(|t| {
                                    t.retain(|&x| x != i);
                                    t.push(i);
                                })>
                                <span class="code-mark" aria-hidden="true">{move || match (picked(), correct) {
                                    (false, _) => "○",
                                    (true, true) => "✓",
                                    (true, false) => "✗",
                                }}</span>
                                <code>{o.code.clone()}</code>
                                <span class="visually-hidden">{move || match (picked(), correct) {
                                    (false, _) => "",
                                    (true, true) => " (right)",
                                    (true, false) => " (not this one)",
                                }}</span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <div aria-live="polite">{feedback}</div>
        </fieldset>
        {answer}
    }
}

/// The fix in the question's library, then all three libraries, then the sources.
#[component]
fn Answer(entry: Arc<CodeEntry>) -> impl IntoView {
    let fix = entry
        .question_library()
        .and_then(|l| l.fixed.clone())
        .map(|fixed| {
            view! {
                <p class="code-label">"The fixed line:"</p>
                <pre class="code-line code-fixed" data-testid="weakness-code-fixed"><code>{fixed}</code></pre>
            }
        });
    view! {
        <div class="code-answer" data-testid="weakness-code-answer">
            {fix}
            <h5>"In three libraries"</h5>
            {entry.libraries.iter().map(library_view).collect_view()}
            <p class="field-note code-sources">"Sources: "
                {entry.references.iter().map(|r| view! {
                    <span class="code-source">{r.title.clone()}{r.url.clone().map(|u| format!(" ({u})"))}"; "</span>
                }).collect_view()}
            </p>
        </div>
    }
}

fn library_view(l: &LibraryCode) -> impl IntoView {
    let lines = l.has_lines().then(|| {
        view! {
            <p class="code-label">"✗ Lets it through:"</p>
            <pre class="code-line code-vulnerable"><code>{l.vulnerable.clone()}</code></pre>
            <p class="code-label">"✓ Refuses it:"</p>
            <pre class="code-line code-fixed"><code>{l.fixed.clone()}</code></pre>
        }
    });
    view! {
        <section class="code-library" data-testid="weakness-code-library" data-language=l.language.label()>
            <h6>{format!("{}: {}", l.language.label(), l.library)}</h6>
            {l.not_possible.clone().map(|n| view! { <p><strong>"Not possible here. "</strong>{n}</p> })}
            {lines}
            {l.changed_in.clone().map(|c| view! { <p class="field-note"><strong>"Changed in: "</strong>{c}</p> })}
            {l.note.clone().map(|n| view! { <p class="field-note">{n}</p> })}
        </section>
    }
}
