//! The expected and the received signature side by side, after a MAC failure.

use crate::markup::Html;
use leptos::prelude::*;

/// Two signatures, one above the other so long base64url lines line up.
#[component]
pub fn SignatureCompare(
    /// What the server computed with its secret.
    expected: String,
    /// What the token carried.
    received: String,
    /// `data-testid` of the box.
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

/// The same comparison as markup, for panels written with [`Html`].
pub fn write_signatures(h: &mut Html, expected: &str, received: &str, testid: &str) {
    h.open("div", &[("class", "sig-compare"), ("data-testid", testid)])
        .open("div", &[])
        .el(
            "span",
            &[("class", "field-label")],
            "Expected (the server recomputed it with its secret)",
        )
        .el(
            "code",
            &[
                ("class", "mono seg-signature-text"),
                ("data-testid", "signature-expected"),
            ],
            expected,
        )
        .close()
        .open("div", &[])
        .el(
            "span",
            &[("class", "field-label")],
            "Received (in the token)",
        )
        .el(
            "code",
            &[
                ("class", "mono seg-signature-text"),
                ("data-testid", "signature-received"),
            ],
            received,
        )
        .close()
        .close();
}
