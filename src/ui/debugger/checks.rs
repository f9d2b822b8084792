//! The debugger's verification checklist. It draws the rows as the shared
//! checklist does (same classes, same `verify-step` rows), with one more
//! word: a check the person left out by giving nothing to check against
//! (no expected issuer or audience) reads "not checked", not "not reached".

use super::super::checklist::CheckRow;
use crate::jwt::{StepResult, VerifyStep};
use leptos::prelude::*;

/// One row, and whether its check was left out on purpose.
#[derive(Debug, Clone, PartialEq)]
pub struct DebuggerCheck {
    pub row: CheckRow,
    pub not_checked: bool,
}

impl DebuggerCheck {
    pub fn new(outcome: &crate::jwt::StepOutcome, not_checked: &[VerifyStep]) -> DebuggerCheck {
        DebuggerCheck {
            row: CheckRow::from(outcome),
            not_checked: outcome.result == StepResult::Skip && not_checked.contains(&outcome.step),
        }
    }

    /// The mark and the word (never colour alone).
    fn mark(&self) -> (&'static str, &'static str) {
        match self.row.result {
            StepResult::Pass => ("✓", "passed"),
            StepResult::Fail => ("✗", "failed"),
            StepResult::Skip if self.not_checked => ("–", "not checked"),
            StepResult::Skip => ("–", "not reached"),
            StepResult::Warn => ("!", "passed, with a warning"),
        }
    }
}

/// The checklist, one `verify-step` row per check, keyed by position: a new
/// verdict redraws only the rows whose outcome changed.
#[component]
pub fn DebuggerChecklist(checks: Memo<Vec<DebuggerCheck>>) -> impl IntoView {
    view! {
        <ol class="checklist" aria-label="Verification checklist">
            <For each=move || 0..checks.with(Vec::len) key=|i| *i let:index>
                <DebuggerCheckItem checks index />
            </For>
        </ol>
    }
}

/// A title with a line-break opportunity after each dot, so that
/// "header.payload.signature" wraps at its dots in a narrow column.
fn breakable(title: &str) -> impl IntoView {
    title
        .split_inclusive('.')
        .map(|piece| view! { {piece.to_string()}<wbr /> })
        .collect_view()
}

#[component]
fn DebuggerCheckItem(checks: Memo<Vec<DebuggerCheck>>, index: usize) -> impl IntoView {
    let check = Memo::new(move |_| checks.with(|c| c.get(index).cloned()));
    let result = move || check.with(|c| c.as_ref().map_or(StepResult::Skip, |c| c.row.result));
    let mark = move || check.with(|c| c.as_ref().map_or(("–", ""), DebuggerCheck::mark));
    let text = move |f: fn(&CheckRow) -> String| {
        move || check.with(|c| c.as_ref().map(|c| f(&c.row)).unwrap_or_default())
    };
    view! {
        <li class=move || format!("check check-{}", result().as_str())
            data-testid="verify-step"
            data-step=move || check.with(|c| c.as_ref().map_or("", |c| c.row.id))
            data-result=move || result().as_str()
            data-not-checked=move || check.with(|c| c.as_ref().is_some_and(|c| c.not_checked)).then_some("true")>
            <span class="check-mark" aria-hidden="true">{move || mark().0}</span>
            <span class="check-title">{move || check.with(|c| c.as_ref().map(|c| breakable(&c.row.title)))}</span>
            <span class="check-word">{move || mark().1}</span>
            <span class="check-detail">{text(|r| r.detail.clone())}</span>
        </li>
    }
}
