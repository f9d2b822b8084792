//! The verdict bar: valid, invalid or not verified, the reason in one word and
//! in a sentence, cut to its first lines with a way to read all of it.

use super::*;

/// The verdict: a mark and a word, the reason word, and one sentence.
/// Three states, never colour alone: valid, invalid, and not verified.
/// It lives in the bar that stays in view, so a long sentence is cut to a
/// few lines there, with a button to read it whole (screen readers always
/// get all of it).
#[component]
pub(super) fn VerdictView(verdict: Memo<crate::jwt::Verdict>) -> impl IntoView {
    let status = move || verdict.with(|v| v.status);
    let expanded = RwSignal::new(false);
    let cut = RwSignal::new(false);
    let sentence_ref = NodeRef::<leptos::html::P>::new();
    // Is the sentence longer than the lines the bar shows? Measured after
    // each new verdict and on resize; never per frame.
    let measure = move || {
        let overflows = sentence_ref
            .try_get_untracked()
            .flatten()
            .map(|p| p.scroll_height() > p.client_height() + 1);
        if let Some(overflows) = overflows {
            cut.try_set(overflows);
        }
    };
    Effect::new(move |_| {
        verdict.track();
        if !expanded.get() {
            request_animation_frame(measure);
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        if expanded.try_get_untracked() == Some(false) {
            measure();
        }
    });
    on_cleanup(move || resize.remove());
    view! {
        <div class=move || format!("verdict verdict-{}", status().as_str())
            data-testid="debugger-verdict"
            data-verdict=move || status().as_str()
            data-reason=move || verdict.with(|v| v.reason)>
            <div role="status" aria-live="polite">
                <strong class="verdict-word">{move || match status() {
                    VerdictStatus::Valid => "✓ Valid",
                    VerdictStatus::Invalid => "✗ Invalid",
                    VerdictStatus::Unverified => "? Not verified",
                }}</strong>
                {move || verdict.with(|v| v.reason).map(|r| view! { <span class="verdict-reason">{format!(" ({r})")}</span> })}
                <p class="verdict-sentence" id="debugger-verdict-sentence" node_ref=sentence_ref
                    class:verdict-cut=move || !expanded.get()>
                    {move || verdict.with(|v| v.sentence.clone())}
                </p>
            </div>
            <Show when=move || cut.get() || expanded.get()>
                <button type="button" class="btn verdict-more" data-testid="debugger-verdict-more"
                    aria-controls="debugger-verdict-sentence"
                    aria-expanded=move || if expanded.get() { "true" } else { "false" }
                    on:click=move |_| expanded.update(|e| *e = !*e)>
                    {move || if expanded.get() { "Show less" } else { "Read the whole reason" }}
                </button>
            </Show>
        </div>
    }
}
