//! The verification checklist: each check with pass / fail / not reached,
//! shown with a symbol and a word as well as a colour.

use crate::markup::Html;

/// One row to show.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckRow {
    pub id: &'static str,
    pub title: String,
    /// `pass`, `fail` or `skip`.
    pub result: &'static str,
    pub detail: String,
}

fn symbol(result: &str) -> (&'static str, &'static str) {
    match result {
        "pass" => ("✓", "passed"),
        "fail" => ("✗", "failed"),
        _ => ("–", "not reached"),
    }
}

/// The same checklist as markup, for panels written with [`Html`].
pub fn write_checklist(h: &mut Html, rows: &[CheckRow], label: &str) {
    h.open("ol", &[("class", "checklist"), ("aria-label", label)]);
    for row in rows {
        let (mark, word) = symbol(row.result);
        h.open(
            "li",
            &[
                ("class", &format!("check check-{}", row.result)),
                ("data-testid", "verify-step"),
                ("data-step", row.id),
                ("data-result", row.result),
            ],
        )
        .el(
            "span",
            &[("class", "check-mark"), ("aria-hidden", "true")],
            mark,
        )
        .el("span", &[("class", "check-title")], &row.title)
        .el("span", &[("class", "check-word")], word)
        .el("span", &[("class", "check-detail")], &row.detail)
        .close();
    }
    h.close();
}

/// A model checklist step as a row.
pub fn row_of(s: crate::sim::CheckStep) -> CheckRow {
    CheckRow {
        id: s.id,
        title: s.title,
        result: s.result.as_str(),
        detail: s.detail,
    }
}
