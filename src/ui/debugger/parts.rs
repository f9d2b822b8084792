//! An editable decoded part (header or payload): typing re-encodes that part
//! and keeps the old signature.

use super::*;

/// An editable decoded part (header or payload), with what could not be decoded.
#[component]
pub(super) fn PartEditor(
    part: Part,
    testid: &'static str,
    /// What the box shows.
    shown: Memo<BoxText>,
    /// Where typing in the box is kept.
    edit: RwSignal<Option<BoxEdit>>,
    /// What the part decodes to now.
    view: Memo<PartView>,
    /// The token: an edit re-encodes this part and keeps the old signature.
    token: RwSignal<String>,
    /// Cleared by an edit.
    sign_error: RwSignal<Option<String>>,
) -> impl IntoView {
    let id = format!("{testid}-box");
    let note_id = format!("{testid}-note");
    let label = match part {
        Part::Header => "Header (decoded)",
        _ => "Payload: the claims (decoded)",
    };
    let on_input = move |typed: String| {
        let made = replace_part(&prepare(&token.get_untracked()).token, part, &typed);
        edit.set(Some(BoxEdit {
            part,
            typed,
            made: made.clone(),
        }));
        token.set(made);
        sign_error.set(None);
    };
    let text = Signal::derive(move || shown.with(|b| b.text.clone()));
    let hidden_controls = Memo::new(move |_| shown.with(|b| bidi_controls(&b.text)));
    view! {
        <div class=format!("part-editor part-{}", part.label())>
            <label for=id.clone() class=format!("field-label seg-{}-label", part.label())>
                <span class=format!("part-chip seg-{}", part.label())>{part.label()}</span>
                " " {label}
            </label>
            <Show when=move || { hidden_controls.get() > 0 }>
                <p class="warning" data-testid="bidi-warning">
                    {move || format!(
                        "⚠ Hidden characters: this {} holds {} (U+202E and friends). They change the order in which text is displayed, as in \"Trojan Source\" attacks, so the box below may not read as its bytes do. The claims list shows each one as ⟨U+…⟩.",
                        part.label(),
                        count(hidden_controls.get(), "invisible direction control", "invisible direction controls"),
                    )}
                </p>
            </Show>
            <LiveTextArea value=text on_input={on_input}
                {..} id=id class=format!("mono json-input border-{}", part.label())
                rows=if part == Part::Header { "4" } else { "8" }
                readonly=move || !shown.with(|b| b.editable)
                aria-describedby=note_id.clone() />
            // The tests' copy of the decoded JSON; screen readers read the box.
            <pre class="visually-hidden" aria-hidden="true" data-testid=testid>{text}</pre>
            <p id=note_id class="field-note" hidden=move || shown.with(|b| b.editable)>
                {move || shown.with(|b| b.full_chars).map(|n| format!(
                    "The {} decodes to {}: shown shortened and read-only here. Edit the token itself instead.",
                    part.label(),
                    count(n, "character", "characters"),
                ))}
            </p>
            {move || view.with(|v| v.error.clone()).map(|e| view! { <p class="warning part-error">{e}</p> })}
            {move || view.with(|v| (!v.tolerated.is_empty()).then(|| v.tolerated.join(", "))).map(|t| view! {
                <p class="field-note">{format!("For display the decoder {t}. The verifier does not.")}</p>
            })}
        </div>
    }
}
