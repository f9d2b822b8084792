//! A text area bound to a value held elsewhere (the world, the debugger's
//! token): it shows every change made by the app, and reports what the user
//! types without writing it back.
//!
//! Why not `prop:value`: writing a text area's value, even the same text,
//! empties the browser's undo history, and for a megabyte token it copies the
//! whole text into JavaScript on every keystroke. Here the value is written
//! only when it differs from what the user last typed, so typing, the caret,
//! the selection and undo are never disturbed.

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
