//! A token drawn in three colours, each part also labelled in text, so colour
//! is never the only signal.

use crate::jwt::decode::Segment;
use crate::markup::Html;

/// The dot-separated segments of a token, coloured and labelled by part.
pub fn write_token_view(h: &mut Html, segments: &[Segment], testid: &str) {
    h.open("div", &[("class", "token-view"), ("data-testid", testid)]);
    for (i, seg) in segments.iter().enumerate() {
        let label = seg.part.map_or("extra", |p| p.label());
        if i > 0 {
            h.el("span", &[("class", "seg-dot")], ".");
        }
        h.open(
            "span",
            &[("class", &format!("seg seg-{label}")), ("data-part", label)],
        )
        .el("span", &[("class", "seg-label")], label)
        .el("span", &[("class", "seg-text")], &seg.text)
        .close();
    }
    h.close();
}
