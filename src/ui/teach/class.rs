//! `#/teach/class`: the teacher pastes the class's progress codes, one per
//! line, and reads a table: who finished which scenarios, exercises and
//! questions, with a mark on codes whose signature does not verify and a
//! sentence for each line that is not a code. The paste is untrusted: capped
//! and read by `sim::teach::read_class`, which never panics.

use crate::sim::exercise::EXERCISES;
use crate::sim::scenario::SCENARIOS;
use crate::sim::teach::{read_class, ClassLine, ReadCode, MAX_CODES};
use leptos::prelude::*;

#[component]
pub fn ClassPage() -> impl IntoView {
    let text = RwSignal::new(String::new());
    let report = Memo::new(move |_| text.with(|t| read_class(t, crate::ui::util::now_seconds())));
    let table = move || {
        report.with(|r| {
            let students: Vec<(usize, ReadCode)> = r
                .lines
                .iter()
                .filter_map(|l| match l {
                    ClassLine::Code { line, code } => Some((*line, code.clone())),
                    ClassLine::NotACode { .. } => None,
                })
                .collect();
            let bad: Vec<(usize, String)> = r
                .lines
                .iter()
                .filter_map(|l| match l {
                    ClassLine::NotACode { line, why } => Some((*line, why.clone())),
                    ClassLine::Code { .. } => None,
                })
                .collect();
            let refused = r.refused.clone();
            let skipped = r.skipped;
            view! {
                {refused.map(|why| view! { <p class="warning" role="alert" data-testid="class-refused">{why}</p> })}
                {(skipped > 0).then(|| view! {
                    <p class="warning" data-testid="class-skipped">{format!("Only the first {MAX_CODES} codes were read; {skipped} more lines were left out.")}</p>
                })}
                <p class="field-note class-scroll-hint">"On a narrow screen the table scrolls sideways: swipe it to see every column."</p>
                <div class="class-table-box" tabindex="0" role="region" aria-label="The class's codes (scrolls sideways)">
                    <table class="class-table" data-testid="class-table">
                        <caption data-testid="class-caption">{caption(students.len(), bad.len())}</caption>
                        <thead><tr>
                            <th scope="col">"Line"</th>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Signature"</th>
                            <th scope="col">{format!("Scenarios (of {})", SCENARIOS.len())}</th>
                            <th scope="col">{format!("Exercises (of {})", EXERCISES.len())}</th>
                            <th scope="col">"Questions right"</th>
                            <th scope="col">"Made (UTC)"</th>
                        </tr></thead>
                        <tbody>
                            {students.into_iter().map(|(line, c)| view! { <Row line code=c /> }).collect_view()}
                        </tbody>
                    </table>
                </div>
                {(!bad.is_empty()).then(|| view! {
                    <ul class="class-bad" aria-label="Lines that are not codes">
                        {bad.into_iter().map(|(line, why)| view! {
                            <li data-testid="class-bad-line" data-line=line.to_string()>{format!("Line {line}: {why}.")}</li>
                        }).collect_view()}
                    </ul>
                })}
            }
        })
    };
    view! {
        <div class="teach-page class-page" data-testid="class-page">
            <h2>"The class's progress codes"</h2>
            <p>"Ask each student for their progress code (students make them at the bottom of the "<a href="#/teach">"Class page"</a>") and paste them here, one per line. Nothing leaves this page."</p>
            <p class="field-note">"A code is only as honest as its student: the key that signs it ships with the page, so anyone can sign a code that claims anything. A code changed without re-signing is marked forged or altered."</p>
            <label for="class-codes">"Codes, one per line"</label>
            <textarea id="class-codes" class="mono" data-testid="class-codes" rows="6" spellcheck="false"
                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            {table}
        </div>
    }
}

/// "2 codes read, 1 line skipped".
fn caption(codes: usize, skipped: usize) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let read = format!("{} read", plural(codes, "code", "codes"));
    if skipped == 0 {
        read
    } else {
        format!("{read}, {} skipped", plural(skipped, "line", "lines"))
    }
}

/// How many of `ids` name one of `known`, and all of them as text.
fn listed(ids: &[String], known: &[&str]) -> (usize, String) {
    let n = ids.iter().filter(|i| known.contains(&i.as_str())).count();
    (n, ids.join(", "))
}

#[component]
fn Row(line: usize, code: ReadCode) -> impl IntoView {
    let p = &code.progress;
    let scenario_ids: Vec<&str> = SCENARIOS.iter().map(|s| s.id).collect();
    let exercise_ids: Vec<&str> = EXERCISES.iter().map(|e| e.id()).collect();
    let (s, s_list) = listed(&p.scenarios, &scenario_ids);
    let (x, x_list) = listed(&p.exercises, &exercise_ids);
    // "2026-12-07 05:10": the minute is enough, and the header says UTC.
    let full = crate::jwt::claims::format_utc(p.iat as f64);
    let made = full.get(..16).unwrap_or(full.as_str()).to_string();
    let verdict = if code.verified {
        view! { <span class="class-ok">"✓ verified"</span> }.into_any()
    } else {
        view! {
            <span class="class-forged"><strong>"✗ forged or altered"</strong>
                <details class="class-why"><summary>"Why"</summary>
                    <span class="field-note">{code.why.clone().unwrap_or_default()}</span>
                </details></span>
        }
        .into_any()
    };
    view! {
        <tr data-testid="class-row" data-verified=code.verified.to_string() data-name=p.name.clone()>
            <td>{line}</td>
            <th scope="row">{p.name.clone()}</th>
            <td>{verdict}</td>
            <td data-testid="class-scenarios" data-count=s.to_string()>{s}<span class="field-note class-ids">{format!(" {s_list}")}</span></td>
            <td data-testid="class-exercises" data-count=x.to_string()>{x}<span class="field-note class-ids">{format!(" {x_list}")}</span></td>
            <td data-testid="class-questions" data-count=p.questions.len().to_string()>{p.questions.len()}</td>
            <td>{made}</td>
        </tr>
    }
}
