//! A text area bound to a value held elsewhere (the world, the debugger's
//! token): it shows every change made by the app, and reports what the user
//! types without writing it back.
//!
//! Why not `prop:value`: writing a text area's value, even the same text,
//! empties the browser's undo history, and for a megabyte token it copies the
//! whole text into JavaScript on every keystroke. Here the value is written
//! only when it differs from what the user last typed, so typing, the caret,
//! the selection and undo are never disturbed.

use crate::jwt::display::shorten;
use leptos::html::Textarea;
use leptos::prelude::*;

/// A `<textarea>` that follows `value` and reports typing through `on_input`.
/// Attributes given after `{..}` (id, class, rows, `data-testid`) go on the
/// text area itself.
#[component]
pub fn LiveTextArea(
    /// The text to show; read again whenever it changes.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the whole text after each edit.
    #[prop(into)]
    on_input: Callback<String>,
) -> impl IntoView {
    let node = NodeRef::<Textarea>::new();
    // What the user typed last: the value it led to needs no writing back.
    let typed = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        let Some(area) = node.get() else {
            return;
        };
        value.with(|text| {
            let echo = typed.with_value(|t| t.as_deref() == Some(text.as_str()));
            if !echo {
                area.set_value(text);
                typed.set_value(None);
            }
        });
    });
    // A long text wraps like a short one. Measured in Chromium, typing one
    // key into a 1 MB token costs about 170 ms of the browser's own work
    // wrapped and 450 ms on one unwrapped line (1.9 MB: 570 against 800).
    view! {
        <textarea
            node_ref=node
            spellcheck="false"
            autocomplete="off"
            on:input=move |ev| {
                let text = event_target_value(&ev);
                typed.set_value(Some(text.clone()));
                on_input.run(text);
            }
        ></textarea>
    }
}

/// A decoded header or payload longer than this is shown shortened and
/// read-only: nobody edits 100,000 characters of JSON by hand, and the
/// browser would spend most of a second laying out each copy.
pub const EDITABLE_CHARS: usize = 100_000;
/// How much of a text too long to edit is shown (its start and its end).
const SHORTENED_CHARS: usize = 4_000;

/// What a box of decoded text shows.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxText {
    pub text: String,
    /// False when the text is too long to edit; `text` is then shortened.
    pub editable: bool,
    /// Its length in characters, when shortened.
    pub full_chars: Option<usize>,
}

impl BoxText {
    /// The text as it can be shown: whole and editable up to [`EDITABLE_CHARS`].
    pub fn of_decoded(full: String) -> BoxText {
        let chars = full.chars().count();
        if chars <= EDITABLE_CHARS {
            BoxText {
                text: full,
                editable: true,
                full_chars: None,
            }
        } else {
            BoxText {
                text: shorten(&full, SHORTENED_CHARS).into_owned(),
                editable: false,
                full_chars: Some(chars),
            }
        }
    }
}
