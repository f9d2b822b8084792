//! The expected and the received signature side by side, after a MAC failure.

use crate::markup::Html;

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
