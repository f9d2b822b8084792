//! A token drawn in three colours, each part also labelled in text, so colour
//! is never the only signal.

use crate::jwt::decode::Segment;
use leptos::prelude::*;

/// The dot-separated segments of a token, coloured and labelled by part.
#[component]
pub fn TokenView(
    /// The segments to draw, in order.
    #[prop(into)]
    segments: Signal<Vec<Segment>>,
    /// `data-testid` of the wrapper.
    #[prop(optional)]
    testid: &'static str,
) -> impl IntoView {
    view! {
        <div class="token-view" data-testid=testid>
            {move || {
                let segments = segments.get();
                let count = segments.len();
                segments
                    .into_iter()
                    .enumerate()
                    .map(|(i, seg)| {
                        let label = seg.part.map_or("extra", |p| p.label());
                        view! {
                            <span class=format!("seg seg-{label}") data-part=label>
                                <span class="seg-label">{label}</span>
                                <span class="seg-text">{seg.text}</span>
                            </span>
                            {(i + 1 < count).then(|| view! { <span class="seg-dot">"."</span> })}
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}
