//! The secret guesser: an HS256/384/512 token is all an attacker needs to
//! test secrets offline. The list is tried at full speed in the page's
//! background worker (`crate::ui::background`, issue 23), which reports its
//! progress ten times a second; the page keeps answering clicks meanwhile.
//!
//! The worker belongs to the component: cancelling, starting again, a new
//! token, or leaving the screen ends it (the next run starts a fresh one).

use crate::jwt::guess::{CrackStatus, Cracker};
use crate::ui::background::{Background, Phase, WorkerStatus};
use crate::work::{Job, Report};
use leptos::prelude::*;

/// Guess the token's HMAC secret from the page's list of weak and example
/// secrets, in the background worker, with progress, speed and cancel.
#[component]
pub fn SecretGuesser(token: RwSignal<String>, secret: RwSignal<String>) -> impl IntoView {
    let status = RwSignal::new(None::<CrackStatus>);
    // Guesses per second so far, by the worker's own clock (its start-up not counted).
    let rate = RwSignal::new(0_u64);
    // The progress, the result and its button: brought into view when a run
    // starts and when it finds the secret, not left below the fold.
    let run_area = NodeRef::<leptos::html::Div>::new();
    let bg = Background::new(move |report| {
        if let Report::Guessing { status: next, ms } = report {
            let tried = match &next {
                CrackStatus::Running { tried, .. } | CrackStatus::Found { tried, .. } => *tried,
                CrackStatus::Exhausted { total } => *total,
                CrackStatus::NotHmac | CrackStatus::TooLarge { .. } => 0,
            };
            if ms > 0 {
                rate.try_set((tried as f64 * 1000.0 / ms as f64) as u64);
            }
            let found = matches!(next, CrackStatus::Found { .. });
            status.try_set(Some(next));
            if found {
                crate::ui::util::show_after_redraw(run_area);
            }
        }
    });
    // Running: a job is with the worker, or its code is on the way.
    let running = Memo::new(move |_| matches!(bg.phase.get(), Phase::Loading | Phase::Working));
    let start = move |_| {
        if running.get_untracked() {
            return;
        }
        let text = token.get_untracked();
        // What the token is (not HMAC, too large) is known at once, without the worker.
        let first = Cracker::new(&text).status().clone();
        let can_run = matches!(first, CrackStatus::Running { .. });
        status.set(Some(first));
        rate.set(0);
        crate::ui::util::show_after_redraw(run_area);
        if can_run {
            bg.send(Job::Guess { token: text });
        } else {
            bg.stop();
        }
    };
    let cancel = move |_| bg.stop();
    // A new token makes an old result meaningless.
    Effect::new(move |first: Option<()>| {
        token.track();
        if first.is_some() {
            bg.stop();
            status.set(None);
        }
    });
    let progress = move || {
        status.with(|s| match s {
            Some(CrackStatus::Running { tried, total }) => (*tried, *total),
            Some(CrackStatus::Found { tried, .. }) => (*tried, crate::jwt::Candidates::total()),
            Some(CrackStatus::Exhausted { total }) => (*total, *total),
            _ => (0, crate::jwt::Candidates::total()),
        })
    };
    let found = move || {
        status.with(|s| match s {
            Some(CrackStatus::Found { secret, .. }) => Some(secret.clone()),
            _ => None,
        })
    };
    let result = move || {
        let (tried, total) = progress();
        status.with(|s| match s {
            None => String::new(),
            Some(CrackStatus::NotHmac) => "Only an HS256/384/512 token can be attacked this way: its MAC is checked with the same secret that made it.".to_string(),
            Some(CrackStatus::TooLarge { bytes }) => format!(
                "This token's signed part is {}; the guesser takes tokens of up to {} (real tokens fit an 8 KB HTTP header), so that every guess stays quick and the page keeps answering.",
                crate::jwt::display::count(*bytes, "byte", "bytes"),
                crate::jwt::display::count(crate::jwt::guess::MAX_CRACK_INPUT, "byte", "bytes")
            ),
            Some(CrackStatus::Found { secret, tried }) => format!(
                "Found after {}: the token was signed with \"{secret}\". Anyone with this token could find it the same way, then sign any claims.",
                crate::jwt::display::count(*tried, "guess", "guesses")
            ),
            Some(CrackStatus::Exhausted { total }) => format!(
                "Not on the list: none of the {} candidates made this signature. A random secret of 32 bytes or more cannot be guessed.",
                crate::jwt::display::thousands(*total)
            ),
            Some(CrackStatus::Running { .. }) if matches!(bg.phase.get(), Phase::Failed(_)) => String::new(),
            Some(CrackStatus::Running { .. }) if !running.get() => format!(
                "Stopped after {} of {} guesses.",
                crate::jwt::display::thousands(tried),
                crate::jwt::display::thousands(total)
            ),
            Some(CrackStatus::Running { .. }) => format!(
                "Trying: {} of {} ({} guesses per second)",
                crate::jwt::display::thousands(tried),
                crate::jwt::display::thousands(total),
                crate::jwt::display::thousands(rate.get() as usize)
            ),
        })
    };
    view! {
        <details class="guesser">
            <summary>"Guess the secret from a list of weak and example secrets"</summary>
            <p class="field-note">{format!(
                "An HS256 token is all an attacker needs to test secrets offline, with nobody watching. This tries {} common and published secrets and their simple variations against the token above, in your browser.",
                crate::jwt::display::thousands(crate::jwt::Candidates::total())
            )}</p>
            <div class="row">
                // aria-disabled, not disabled: the button just pressed keeps the keyboard's focus.
                <button type="button" class="btn" data-testid="crack-start"
                    aria-disabled=move || running.get().to_string() on:click=start>"Start guessing"</button>
                <button type="button" class="btn" data-testid="crack-cancel"
                    aria-disabled=move || (!running.get()).to_string() on:click=cancel>"Cancel"</button>
            </div>
            <div class="guesser-run" node_ref=run_area>
            <label class="field-label" for="crack-progress">"Progress"</label>
            <progress id="crack-progress" data-testid="crack-progress"
                max=move || progress().1.to_string() value=move || progress().0.to_string()>
                {move || format!("{} of {}", progress().0, progress().1)}
            </progress>
            <WorkerStatus bg=bg loading="Loading the guesser's background worker (fetched once, then kept for offline use)…"
                working=Signal::derive(move || "Guessing in a background worker: the page keeps answering while it runs.".to_string()) />
            <p class="field-note" role="status" data-testid="crack-result">{result}</p>
            <Show when=move || found().is_some()>
                <button type="button" class="btn" data-testid="crack-use"
                    on:click=move |_| { if let Some(s) = found() { secret.set(s); } }>
                    "Put the found secret in the key field"
                </button>
            </Show>
            </div>
        </details>
    }
}
