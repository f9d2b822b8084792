//! The verification checklist: each check with pass / fail / not reached,
//! shown with a symbol and a word as well as a colour.

use crate::jwt::StepResult;
use leptos::prelude::*;

/// One row to show.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckRow {
    /// Stable id, the row's `data-step` (`signature`, `exp`, `lookup`...).
    pub id: &'static str,
    pub title: String,
    pub result: StepResult,
    pub detail: String,
}

impl From<crate::sim::CheckStep> for CheckRow {
    fn from(s: crate::sim::CheckStep) -> CheckRow {
        CheckRow {
            id: s.id,
            title: s.title,
            result: s.result,
            detail: s.detail,
        }
    }
}

impl From<&crate::jwt::StepOutcome> for CheckRow {
    fn from(s: &crate::jwt::StepOutcome) -> CheckRow {
        CheckRow {
            id: s.step.id(),
            title: s.step.title().to_string(),
            result: s.result,
            detail: s.detail.to_string(),
        }
    }
}

/// The mark and the word for a result (never colour alone).
fn mark(result: StepResult) -> (&'static str, &'static str) {
    match result {
        StepResult::Pass => ("✓", "passed"),
        StepResult::Fail => ("✗", "failed"),
        StepResult::Skip => ("–", "not reached"),
        StepResult::Warn => ("!", "passed, with a warning"),
    }
}

/// The checklist, one `verify-step` row per check. Rows are keyed by
/// position and each reads only its own entry, so a new verdict redraws only
/// the rows whose outcome changed.
#[component]
pub fn Checklist(
    /// The checks, in the order the server walks them.
    #[prop(into)]
    rows: Signal<Vec<CheckRow>>,
    /// Accessible name of the list.
    label: &'static str,
) -> impl IntoView {
    view! {
        <ol class="checklist" aria-label=label>
            <For each=move || 0..rows.with(Vec::len) key=|i| *i let:index>
                <CheckItem rows index />
            </For>
        </ol>
    }
}

/// A title with a line-break opportunity after each dot, so that
/// "header.payload.signature" wraps at its dots in a narrow column, never
/// mid-word.
fn breakable(title: &str) -> impl IntoView {
    title
        .split_inclusive('.')
        .map(|piece| view! { {piece.to_string()}<wbr /> })
        .collect_view()
}

#[component]
fn CheckItem(rows: Signal<Vec<CheckRow>>, index: usize) -> impl IntoView {
    let row = Memo::new(move |_| rows.with(|r| r.get(index).cloned()));
    let field = move |f: fn(&CheckRow) -> String| {
        move || row.with(|r| r.as_ref().map(f).unwrap_or_default())
    };
    let result = move || row.with(|r| r.as_ref().map_or(StepResult::Skip, |r| r.result));
    view! {
        <li class=move || format!("check check-{}", result().as_str())
            data-testid="verify-step"
            data-step=move || row.with(|r| r.as_ref().map_or("", |r| r.id))
            data-result=move || result().as_str()>
            <span class="check-mark" aria-hidden="true">{move || mark(result()).0}</span>
            <span class="check-title">{move || row.with(|r| r.as_ref().map(|r| breakable(&r.title)))}</span>
            <span class="check-word">{move || mark(result()).1}</span>
            <span class="check-detail">{field(|r| r.detail.clone())}</span>
        </li>
    }
}
