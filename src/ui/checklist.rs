//! The verification checklist: each check with pass / fail / not reached /
//! skipped by a weakness, shown with a symbol and a word as well as a colour.

use crate::jwt::StepResult;
use leptos::prelude::*;

/// One row to show.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckRow {
    /// Which check, the row's `data-step` (`signature`, `exp`, `lookup`...).
    pub id: crate::sim::StepId,
    pub title: String,
    pub result: StepResult,
    pub detail: String,
    /// The attack-lab weakness that made the server jump over this check.
    pub skipped_by: Option<crate::sim::Weakness>,
    /// Left out on purpose (the debugger was given nothing to check it
    /// against, such as an expected issuer): "not checked", not "not reached".
    pub not_checked: bool,
    /// Never run, because an earlier check failed: "not reached".
    pub not_reached: bool,
}

impl From<crate::sim::CheckStep> for CheckRow {
    fn from(s: crate::sim::CheckStep) -> CheckRow {
        CheckRow {
            id: s.id,
            title: s.title,
            result: s.result,
            detail: s.detail,
            skipped_by: s.skipped_by,
            not_checked: false,
            not_reached: s.not_reached,
        }
    }
}

impl From<&crate::jwt::StepOutcome> for CheckRow {
    fn from(s: &crate::jwt::StepOutcome) -> CheckRow {
        CheckRow {
            id: s.step.into(),
            title: s.step.title().to_string(),
            result: s.result,
            detail: s.detail.to_string(),
            skipped_by: None,
            not_checked: false,
            // The verifier's only deliberate skips (iss, aud, typ with
            // nothing expected) are marked `not_checked` by the debugger.
            not_reached: s.result == StepResult::Skip,
        }
    }
}

/// The mark and the word for a row (never colour alone): a check a
/// weakness jumped over says so, it is not "not reached".
fn mark(row: Option<&CheckRow>) -> (&'static str, &'static str) {
    let Some(row) = row else {
        return ("–", "not reached");
    };
    let word = if row.result == StepResult::Skip && row.not_checked {
        "not checked"
    } else {
        crate::sim::result_word(row.result, row.skipped_by, row.not_reached)
    };
    let sign = match row.result {
        StepResult::Pass => "✓",
        StepResult::Fail => "✗",
        StepResult::Skip => "–",
        StepResult::Warn => "!",
    };
    (sign, word)
}

/// The checklist, one row per check (`verify-step`, or `row_testid`). The
/// debugger, the Server column and the sequence diagram's details all draw
/// their checks with it, so a result reads the same everywhere. Rows are
/// keyed by position and each reads only its own entry, so a new verdict
/// redraws only the rows whose outcome changed.
#[component]
pub fn Checklist(
    /// The checks, in the order the server walks them.
    #[prop(into)]
    rows: Signal<Vec<CheckRow>>,
    /// Accessible name of the list.
    label: &'static str,
    /// The rows' `data-testid` (default `verify-step`).
    #[prop(optional)]
    row_testid: Option<&'static str>,
) -> impl IntoView {
    let testid = row_testid.unwrap_or("verify-step");
    view! {
        <ol class="checklist" aria-label=label>
            <For each=move || 0..rows.with(Vec::len) key=|i| *i let:index>
                <CheckItem rows index testid />
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
fn CheckItem(rows: Signal<Vec<CheckRow>>, index: usize, testid: &'static str) -> impl IntoView {
    let row = Memo::new(move |_| rows.with(|r| r.get(index).cloned()));
    let field = move |f: fn(&CheckRow) -> String| {
        move || row.with(|r| r.as_ref().map(f).unwrap_or_default())
    };
    let result = move || row.with(|r| r.as_ref().map_or(StepResult::Skip, |r| r.result));
    view! {
        <li class=move || format!("check check-{}", result().as_str())
            data-testid=testid
            data-step=move || row.with(|r| r.as_ref().map_or("", |r| r.id.as_str()))
            data-result=move || result().as_str()
            data-skipped-by=move || row.with(|r| r.as_ref().and_then(|r| r.skipped_by).map(|w| w.as_str()))
            data-not-checked=move || row.with(|r| r.as_ref().is_some_and(|r| r.not_checked)).then_some("true")>
            <span class="check-mark" aria-hidden="true">{move || row.with(|r| mark(r.as_ref()).0)}</span>
            <span class="check-title">{move || row.with(|r| r.as_ref().map(|r| breakable(&r.title)))}</span>
            <span class="check-word">{move || row.with(|r| mark(r.as_ref()).1)}</span>
            <span class="check-detail">{field(|r| r.detail.clone())}</span>
        </li>
    }
}

/// A line of glosses: what each of `words` means, as visible text (never on
/// hover only: a class reads a projected screen).
#[component]
pub fn GlossLine(
    /// The words to explain, in order; those without a gloss are left out.
    #[prop(into)]
    words: Signal<Vec<&'static str>>,
    /// What the words are ("Step names", "Claims").
    label: &'static str,
) -> impl IntoView {
    let glosses =
        Memo::new(move |_| words.with(|w| crate::sim::glossary::glosses_for(w.iter().copied())));
    view! {
        <p class="field-note glossary" data-testid="glossary" data-of=label hidden=move || glosses.with(Vec::is_empty)>
            <span class="glossary-label">{format!("{label}: ")}</span>
            {move || glosses.get().into_iter().enumerate().map(|(i, (word, meaning))| view! {
                {(i > 0).then_some(" · ")}
                <span class="gloss" data-word=word><code>{word}</code>{format!(" = {meaning}")}</span>
            }).collect_view()}
        </p>
    }
}

/// The glosses of a checklist's step names (`segments`, `crit`, `nbf`...),
/// for the line under it: the request player's chips use the same names.
pub fn step_words(rows: &[CheckRow]) -> Vec<&'static str> {
    rows.iter().map(|r| r.id.as_str()).collect()
}
