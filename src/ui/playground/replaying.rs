//! A long story replayed without freezing the page (issue 23, item 4): a
//! kept playground or a share link of more than [`SYNC_EVENTS`] events is
//! built again a slice at a time (about [`SLICE_MS`] of work each), the
//! browser handed back between slices, and the playground shows how far it
//! has come. A short story is built at once, so nothing flashes.

use crate::sim::journal::{LoadError, Progress};
use crate::sim::{Saved, World};
use crate::ui::util::{now_ms, BrowserEntropy};
use leptos::prelude::*;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

/// Stories up to this many events are replayed in one go (well under the
/// 0.5 s the page may be busy for, even on a slow phone).
pub const SYNC_EVENTS: usize = 300;
/// The work in one slice before the browser gets a turn, in milliseconds.
const SLICE_MS: f64 = 40.0;
/// Events replayed between two looks at the clock.
const EVENTS_PER_LOOK: usize = 16;

/// How far the replay of a long story has come; `None` when none is running.
pub type ReplaySignal = RwSignal<Option<Progress>>;

/// Build `saved`'s world again (`bounded`: a share link's, within its
/// bounds of work), in slices when it is long, `progress` saying how far.
pub async fn replay(
    saved: Saved,
    bounded: bool,
    progress: ReplaySignal,
) -> Result<World, LoadError> {
    let mut replay = saved.replay(BrowserEntropy, bounded)?;
    if replay.total() <= SYNC_EVENTS {
        return replay.finish();
    }
    progress.set(Some(replay.progress()));
    let result = loop {
        let started = now_ms();
        let step = loop {
            match replay.advance(EVENTS_PER_LOOK) {
                Ok(p) if p.finished() => break Some(Ok(())),
                Ok(_) if now_ms() - started >= SLICE_MS => break None,
                Ok(_) => {}
                Err(why) => break Some(Err(why)),
            }
        };
        match step {
            Some(done) => break done,
            None => {
                progress.set(Some(replay.progress()));
                next_turn().await;
            }
        }
    };
    progress.set(None);
    result.map(|()| replay.into_world())
}

/// Run `work` now as far as it goes without waiting; if it has to wait (a
/// long replay handing the browser back), finish it in the background.
/// `done` gets the result either way.
pub fn run_now_or_later<T: 'static>(
    work: impl Future<Output = T> + 'static,
    done: impl FnOnce(T) + 'static,
) {
    let mut work = Box::pin(work);
    match work.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(value) => done(value),
        Poll::Pending => leptos::task::spawn_local(async move { done(work.await) }),
    }
}

/// A turn of the browser's event loop (a `setTimeout` of 0): input, paint
/// and other tasks run before the replay goes on.
fn next_turn() -> NextTurn {
    NextTurn {
        state: Rc::new(RefCell::new((false, None))),
        asked: false,
    }
}

struct NextTurn {
    /// Whether the turn came, and who to wake when it does.
    state: Rc<RefCell<(bool, Option<Waker>)>>,
    asked: bool,
}

impl Future for NextTurn {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        {
            let mut state = self.state.borrow_mut();
            if state.0 {
                return Poll::Ready(());
            }
            // The latest waker: a first poll may have had a placeholder one.
            state.1 = Some(cx.waker().clone());
        }
        if !self.asked {
            self.asked = true;
            let state = Rc::clone(&self.state);
            set_timeout(
                move || {
                    let waker = {
                        let mut state = state.borrow_mut();
                        state.0 = true;
                        state.1.take()
                    };
                    if let Some(waker) = waker {
                        waker.wake();
                    }
                },
                Duration::ZERO,
            );
        }
        Poll::Pending
    }
}

/// "Replaying your playground: 1,200 of 5,000 steps", as a progress bar
/// with its words beside it; nothing when no replay is running.
#[component]
pub fn ReplayProgress(progress: ReplaySignal) -> impl IntoView {
    let words = move || {
        progress.get().map_or_else(String::new, |p| {
            format!(
                "Replaying your playground: {} of {} steps",
                crate::jwt::display::thousands(p.done),
                crate::jwt::display::thousands(p.total)
            )
        })
    };
    view! {
        <div class="replay-progress" data-testid="replay-progress" hidden=move || progress.with(Option::is_none)>
            <label for="replay-progress-bar">{words}</label>
            <progress id="replay-progress-bar"
                max=move || progress.get().map_or(1, |p| p.total.max(1))
                value=move || progress.get().map_or(0, |p| p.done)
                aria-valuetext=words>
            </progress>
            <p class="field-note">
                "A long story is built again a slice at a time, so the page stays usable; the token debugger works meanwhile."
            </p>
        </div>
    }
}
