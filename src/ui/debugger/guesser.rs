//! The secret guesser: an HS256/384/512 token is all an attacker needs to
//! test secrets offline. The list is tried a slice at a time (about one
//! frame each), so the page keeps answering clicks while it runs.
//!
//! The chain of slices belongs to the component: each run has a number,
//! a slice of an older run (cancelled, restarted) stops, and so does every
//! slice once the component is gone (the screen was left, or the algorithm
//! changed): the `try_` accessors then answer `None` instead of panicking.

use crate::jwt::guess::{CrackStatus, Cracker};
use crate::ui::util;
use leptos::prelude::*;
use std::time::Duration;

/// What a guessing run shows, and what it needs between slices.
#[derive(Clone, Copy)]
struct Guessing {
    cracker: StoredValue<Option<Cracker>>,
    status: RwSignal<Option<CrackStatus>>,
    running: RwSignal<bool>,
    started_at: StoredValue<f64>,
    /// Guesses per second so far.
    rate: RwSignal<u64>,
    /// The number of the current run; a slice of another run stops.
    run: StoredValue<u64>,
}

impl Guessing {
    /// Is run `number` still the one to go on with? False once it was
    /// cancelled or replaced, and once the component is gone.
    fn goes_on(self, number: u64) -> bool {
        self.run.try_get_value() == Some(number) && self.running.try_get_untracked() == Some(true)
    }

    /// End whatever run is going on: its next slice will not run.
    fn stop(self) {
        self.run.try_update_value(|n| *n = n.wrapping_add(1));
        self.running.try_set(false);
    }
}

/// Try the next candidates for about one frame's worth of time, then give
/// the page back and come again: clicks are answered between slices.
fn guess_slice(g: Guessing, number: u64) {
    if !g.goes_on(number) {
        return;
    }
    let t0 = util::now_ms();
    let status = g
        .cracker
        .try_update_value(|c| {
            let c = c.as_mut()?;
            loop {
                let status = c.run(64).clone();
                if !matches!(status, CrackStatus::Running { .. }) || util::now_ms() - t0 > 8.0 {
                    return Some(status);
                }
            }
        })
        .flatten();
    let Some(status) = status else {
        g.stop();
        return;
    };
    let tried = match &status {
        CrackStatus::Running { tried, .. } | CrackStatus::Found { tried, .. } => *tried,
        CrackStatus::Exhausted { total } => *total,
        CrackStatus::NotHmac | CrackStatus::TooLarge { .. } => 0,
    };
    let Some(started_at) = g.started_at.try_get_value() else {
        return;
    };
    let seconds = (util::now_ms() - started_at) / 1000.0;
    if seconds > 0.0 {
        g.rate.try_set((tried as f64 / seconds) as u64);
    }
    let more = matches!(status, CrackStatus::Running { .. });
    g.status.try_set(Some(status));
    if more {
        set_timeout(move || guess_slice(g, number), Duration::ZERO);
    } else {
        g.stop();
    }
}

/// Guess the token's HMAC secret from the page's list of weak and example
/// secrets, a slice at a time, with progress, speed and cancel.
#[component]
pub fn SecretGuesser(token: RwSignal<String>, secret: RwSignal<String>) -> impl IntoView {
    let g = Guessing {
        cracker: StoredValue::new(None),
        status: RwSignal::new(None),
        running: RwSignal::new(false),
        started_at: StoredValue::new(0.0),
        rate: RwSignal::new(0),
        run: StoredValue::new(0),
    };
    // Leaving the screen (or HMAC) ends the run; its pending slice then
    // finds the run over and stops.
    on_cleanup(move || g.stop());
    let start = move |_| {
        // A run still going (its next slice pending) ends here: one chain at a time.
        g.stop();
        let cracker = Cracker::new(&token.get_untracked());
        g.status.set(Some(cracker.status().clone()));
        let can_run = matches!(cracker.status(), CrackStatus::Running { .. });
        g.cracker.set_value(Some(cracker));
        g.started_at.set_value(util::now_ms());
        g.rate.set(0);
        g.running.set(can_run);
        if can_run {
            let number = g.run.get_value();
            set_timeout(move || guess_slice(g, number), Duration::ZERO);
        }
    };
    let cancel = move |_| g.stop();
    // A new token makes an old result meaningless.
    Effect::new(move |first: Option<()>| {
        token.track();
        if first.is_some() {
            g.stop();
            g.status.set(None);
        }
    });
    let progress = move || {
        g.status.with(|s| match s {
            Some(CrackStatus::Running { tried, total }) => (*tried, *total),
            Some(CrackStatus::Found { tried, .. }) => (*tried, crate::jwt::Candidates::total()),
            Some(CrackStatus::Exhausted { total }) => (*total, *total),
            _ => (0, crate::jwt::Candidates::total()),
        })
    };
    let found = move || {
        g.status.with(|s| match s {
            Some(CrackStatus::Found { secret, .. }) => Some(secret.clone()),
            _ => None,
        })
    };
    let result = move || {
        let (tried, total) = progress();
        g.status.with(|s| match s {
            None => String::new(),
            Some(CrackStatus::NotHmac) => "Only an HS256/384/512 token can be attacked this way: its MAC is checked with the same secret that made it.".to_string(),
            Some(CrackStatus::TooLarge { bytes }) => format!(
                "This token's signed part is {}; the guesser takes tokens of up to {} (real tokens fit an 8 KB HTTP header), so that every guess stays quick and the page keeps answering.",
                crate::jwt::display::count(*bytes, "byte", "bytes"),
                crate::jwt::display::count(crate::jwt::guess::MAX_CRACK_INPUT, "byte", "bytes")
            ),
            Some(CrackStatus::Found { secret, tried }) => format!(
                "Found after {} guesses: the token was signed with \"{secret}\". Anyone with this token could find it the same way, then sign any claims.",
                crate::jwt::display::thousands(*tried)
            ),
            Some(CrackStatus::Exhausted { total }) => format!(
                "Not on the list: none of the {} candidates made this signature. A random secret of 32 bytes or more cannot be guessed.",
                crate::jwt::display::thousands(*total)
            ),
            Some(CrackStatus::Running { .. }) if !g.running.get() => format!(
                "Stopped after {} of {} guesses.",
                crate::jwt::display::thousands(tried),
                crate::jwt::display::thousands(total)
            ),
            Some(CrackStatus::Running { .. }) => format!(
                "Trying: {} of {} ({} guesses per second)",
                crate::jwt::display::thousands(tried),
                crate::jwt::display::thousands(total),
                crate::jwt::display::thousands(g.rate.get() as usize)
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
                <button type="button" class="btn" data-testid="crack-start"
                    disabled=move || g.running.get() on:click=start>"Start guessing"</button>
                <button type="button" class="btn" data-testid="crack-cancel"
                    disabled=move || !g.running.get() on:click=cancel>"Cancel"</button>
            </div>
            <label class="field-label" for="crack-progress">"Progress"</label>
            <progress id="crack-progress" data-testid="crack-progress"
                max=move || progress().1.to_string() value=move || progress().0.to_string()>
                {move || format!("{} of {}", progress().0, progress().1)}
            </progress>
            <p class="field-note" role="status" data-testid="crack-result">{result}</p>
            <Show when=move || found().is_some()>
                <button type="button" class="btn" data-testid="crack-use"
                    on:click=move |_| { if let Some(s) = found() { secret.set(s); } }>
                    "Put the found secret in the key field"
                </button>
            </Show>
        </details>
    }
}
