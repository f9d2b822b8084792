//! A token drawn in three colours, each part also labelled in text, so colour
//! is never the only signal.

use crate::jwt::display::{count, shorten};
use crate::jwt::Segment;
use leptos::prelude::*;

/// How much of one segment is drawn: a megabyte pasted by mistake stays
/// readable (the text area above holds it whole).
const SHOWN_CHARS: usize = 2_000;
/// How many segments are drawn: a JWS has three, a JWE five; text with
/// thousands of dots is not a token, and drawing every piece helps nobody.
const SHOWN_SEGMENTS: usize = 6;

/// The dot-separated segments of a token, coloured and labelled by part.
#[component]
pub fn TokenParts(
    /// The segments, in order.
    #[prop(into)]
    segments: Signal<Vec<Segment>>,
    /// The block's `data-testid`.
    testid: &'static str,
) -> impl IntoView {
    let total = Memo::new(move |_| segments.with(Vec::len));
    view! {
        <div class="token-view" data-testid=testid>
            <For each=move || 0..total.get().min(SHOWN_SEGMENTS) key=|i| *i let:index>
                <SegmentView segments index />
            </For>
        </div>
        <Show when=move || { total.get() > SHOWN_SEGMENTS }>
            <p class="field-note">{move || format!(
                "…and {} more: this text has {} separated by dots, where a signed JWT has 3.",
                count(total.get() - SHOWN_SEGMENTS, "part", "parts"),
                count(total.get(), "part", "parts"),
            )}</p>
        </Show>
    }
}

#[component]
fn SegmentView(segments: Signal<Vec<Segment>>, index: usize) -> impl IntoView {
    let shown = Memo::new(move |_| {
        segments.with(|s| {
            s.get(index).map(|seg| {
                let colour = seg.part.map_or("extra", |p| p.label());
                let label = seg.jwe.unwrap_or(colour);
                (colour, label, shorten(&seg.text, SHOWN_CHARS).into_owned())
            })
        })
    });
    let colour = move || shown.with(|s| s.as_ref().map_or("extra", |s| s.0));
    let label = move || shown.with(|s| s.as_ref().map_or("extra", |s| s.1));
    view! {
        <Show when=move || { index > 0 }>
            <span class="seg-dot">"."</span>
        </Show>
        <span class=move || format!("seg seg-{}", colour()) data-part=label>
            <span class="seg-label">{label}</span>
            <span class="seg-text">{move || shown.with(|s| s.as_ref().map(|s| s.2.clone()).unwrap_or_default())}</span>
        </span>
    }
}
