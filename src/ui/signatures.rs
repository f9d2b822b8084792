//! The expected and the received signature side by side, after a MAC failure.

use leptos::prelude::*;

/// Both signatures, labelled, in the signature's colour.
#[component]
pub fn SignatureCompare(
    /// What the server recomputed with its secret.
    expected: String,
    /// What the token carried.
    received: String,
    /// The block's `data-testid`.
    testid: &'static str,
) -> impl IntoView {
    view! {
        <div class="sig-compare" data-testid=testid>
            <div>
                <span class="field-label">"Expected (the server recomputed it with its secret)"</span>
                <code class="mono seg-signature-text" data-testid="signature-expected">{expected}</code>
            </div>
            <div>
                <span class="field-label">"Received (in the token)"</span>
                <code class="mono seg-signature-text" data-testid="signature-received">{received}</code>
            </div>
        </div>
    }
}
