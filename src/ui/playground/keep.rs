//! The playground's memory (issue 10, item 4): its world survives a reload,
//! and a share link puts the story in the URL fragment.
//!
//! Nothing of the simulation's inner state is written: only where it started,
//! the random bytes it drew and what was done since ([`Saved`]), replayed on
//! load. This is the playground's own simulated state (demo accounts, a
//! simulated server's secret), which the privacy rule lets the page keep; the
//! debugger's fields are kept only when the user ticks its box. A token
//! pasted into the playground from outside (a real one) is not its own
//! state: [`Saved::of`] writes a placeholder in its place.
//!
//! A share link carries the same, as base64url JSON after `#/story/`. Its
//! random bytes (and so the simulated secret, the keys and the ids) go in only
//! when "include the secret" is ticked; without them the link replays the
//! same clicks on a fresh secret. Links are never sent anywhere: the fragment
//! stays in the browser.

use super::replaying::{replay, run_now_or_later, ReplaySignal};
use super::{Guide, WorldSignal};
use crate::sim::journal::free_world;
use crate::sim::{LinkError, Origin, Saved, TapeEntropy, World};
use crate::ui::util::{
    copy_to_clipboard, location_hash, now_seconds, page_address, replace_hash, storage_get,
    storage_remove, storage_set, BrowserEntropy, CopyState,
};
use leptos::prelude::*;
use std::time::Duration;

/// `localStorage` key of the kept world.
const WORLD_KEY: &str = "jwt-playground.world";
/// `localStorage` key: "closed" when the student left the guide for free play.
const GUIDE_KEY: &str = "jwt-playground.guide";
/// What a share link's fragment starts with.
const STORY_PREFIX: &str = "#/story/";
/// `localStorage` key: the playground a share link replaced, to return to.
const BEFORE_LINK_KEY: &str = "jwt-playground.before-link";
/// The free-play story "Start again" (or presenter mode's R) replaced, kept
/// until the student goes back to it or dismisses the notice.
const BEFORE_RESTART_KEY: &str = "jwt-playground.before-restart";

/// A world, where it started, and the guide open on it.
pub struct Restored {
    pub world: World,
    pub origin: Origin,
    pub guide: Option<Guide>,
    /// What the student should know about it (a story that could not be
    /// read back, a share link opened).
    pub notice: Option<String>,
    /// What the notice offers besides "OK".
    pub offer: Offer,
}

/// What the notice about the playground offers to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Offer {
    /// Nothing: "OK".
    #[default]
    Nothing,
    /// A share link replaced a playground that is kept: go back to it.
    ReturnBeforeLink,
    /// This story cannot be kept: start a new playground that is.
    StartNew,
    /// A teacher's scenario link was refused: the builder makes a new one.
    Builder,
    /// Free play started again: the story it replaced is kept, one click back.
    UndoRestart,
}

/// A new free-play world: the simulated clock starts at the real time once,
/// and its random bytes are kept so a reload rebuilds it exactly.
pub fn new_free() -> Result<Restored, String> {
    let start_time = now_seconds();
    let world = free_world(start_time, TapeEntropy::new(BrowserEntropy, Vec::new()))
        .map_err(|e| e.to_string())?;
    Ok(Restored {
        world,
        origin: Origin::Free { start_time },
        guide: None,
        notice: None,
        offer: Offer::Nothing,
    })
}

/// Build a kept or linked world again (a link's within its bound of work),
/// a long one in slices that `progress` follows.
/// A start time outside 1970 to the end of year 9999 is brought into that
/// range first, and the notice says so.
async fn rebuild(
    mut saved: Saved,
    from_link: bool,
    progress: ReplaySignal,
) -> Result<Restored, String> {
    let clamped = saved.clamp_clock();
    let origin = saved.origin.clone();
    let world = replay(saved, from_link, progress)
        .await
        .map_err(|e| e.to_string())?;
    let notice = clamped.map(|_| {
        format!(
            "The story's clock started outside the years 1970 to 9999, so the simulated clock starts at {} instead.",
            crate::jwt::claims::format_utc(world.now() as f64)
        )
    });
    Ok(Restored {
        guide: Guide::of_origin(&origin),
        world,
        origin,
        notice,
        offer: Offer::Nothing,
    })
}

/// The world a share link in the address bar carries, if there is one.
/// `replaced` is the playground the link would replace (as kept text),
/// asked for only when the link opens: it is kept to return to.
async fn from_story_link(
    replaced: impl FnOnce() -> Option<String>,
    progress: ReplaySignal,
) -> Option<Result<Restored, String>> {
    let hash = location_hash();
    let payload = hash.strip_prefix(STORY_PREFIX)?.to_string();
    // The link becomes the playground's address before any work is done: a
    // reload then keeps what the student does next, and a tab closed while
    // a long story replays does not open the link again.
    replace_hash("#/playground");
    let result = match Saved::from_link(&payload) {
        Err(e) => Err(e.to_string()),
        Ok(saved) => {
            let fresh = matches!(saved.origin, Origin::Free { .. }) && saved.tape.is_none();
            let steps = saved.events.len();
            rebuild(saved, true, progress).await.map(|mut r| {
                let opened = format!(
                    "Opened a shared story: {steps} step{} replayed{}.",
                    if steps == 1 { "" } else { "s" },
                    if fresh {
                        " on a fresh secret (the link did not include it)"
                    } else {
                        ""
                    }
                );
                r.notice = Some(match r.notice.take() {
                    Some(clock) => format!("{opened} {clock}"),
                    None => opened,
                });
                r
            })
        }
    }
    .map(|mut r| {
        // What the student had is not lost to the link: it is kept, and
        // the notice offers it back.
        if let Some(text) = replaced() {
            if storage_set(BEFORE_LINK_KEY, &text) {
                r.offer = Offer::ReturnBeforeLink;
                if let Some(n) = r.notice.as_mut() {
                    n.push_str(" The playground you had is kept: you can go back to it.");
                }
            }
        }
        r
    });
    Some(result)
}

/// A kept story worth returning to: one that reads back and did something.
fn worth_keeping(text: String) -> Option<String> {
    Saved::from_json(&text)
        .ok()
        .filter(|saved| !saved.is_blank())
        .map(|_| text)
}

/// The playground kept in this browser, built again; `None` when none is kept.
async fn restore_kept(progress: ReplaySignal) -> Option<Result<Restored, String>> {
    let text = storage_get(WORLD_KEY)?;
    let restored = match Saved::from_json(&text) {
        Ok(saved) => rebuild(saved, false, progress).await,
        Err(e) => Err(e.to_string()),
    };
    Some(restored.map(|mut r| {
        if storage_get(GUIDE_KEY).as_deref() == Some("closed") {
            r.guide = None;
        }
        r
    }))
}

/// What the page starts with: a share link's story, else the world kept in
/// this browser, else a new one. A story that cannot be read back is said,
/// never silently dropped. A long story is replayed in slices (`progress`).
pub async fn restore_or_new(progress: ReplaySignal) -> Result<Restored, String> {
    let link = from_story_link(|| storage_get(WORLD_KEY).and_then(worth_keeping), progress).await;
    let link_failed = match link {
        Some(Ok(r)) => return Ok(r),
        Some(Err(why)) => Some(why),
        None => None,
    };
    // A link that could not be opened leaves the kept playground as it was.
    let kept = restore_kept(progress).await;
    let notice = match (&link_failed, &kept) {
        (Some(why), Some(Ok(_))) => Some(format!(
            "The share link could not be opened: {why}. Your playground kept in this browser is as you left it."
        )),
        (Some(why), _) => Some(format!(
            "The share link could not be opened: {why}. A new playground started."
        )),
        (None, Some(Err(why))) => Some(format!(
            "The playground kept in this browser could not be restored: {why}. A new one started."
        )),
        (None, _) => None,
    };
    let mut restored = match kept {
        Some(Ok(r)) => r,
        _ => new_free()?,
    };
    if notice.is_some() {
        restored.notice = notice;
    }
    Ok(restored)
}

/// Back to the playground a share link replaced.
pub fn return_to_before_link(world: WorldSignal) {
    return_to_kept(
        world,
        BEFORE_LINK_KEY,
        "Back to the playground you had before the link.",
    );
}

/// Free play from its start again ("↺ Start again", presenter mode's R).
/// A story with something in it is kept, and the notice offers it back: one
/// key pressed by mistake in front of a class loses nothing.
pub fn start_again(world: WorldSignal) {
    let before = world
        .saved_untracked(true)
        .filter(|saved| !saved.is_blank())
        .map(|saved| saved.to_json());
    world.restart(World::reset);
    super::stage::stage_to_top_after_redraw();
    // An empty story replaced keeps offering the last one that had something in it.
    let Some(text) = before else {
        return;
    };
    if storage_set(BEFORE_RESTART_KEY, &text) {
        world.say(
            "Started again from an empty story. The one you had is kept: you can go back to it."
                .to_string(),
            Offer::UndoRestart,
        );
    } else {
        // An older copy must not come back in its place.
        storage_remove(BEFORE_RESTART_KEY);
        let (notice, offer) = world.notice();
        if offer.get_untracked() == Offer::UndoRestart {
            offer.set(Offer::Nothing);
            notice.set(None);
        }
    }
}

/// Back to the story "Start again" replaced.
fn undo_restart(world: WorldSignal) {
    return_to_kept(
        world,
        BEFORE_RESTART_KEY,
        "Back to the story you had before starting again.",
    );
}

/// Back to a playground kept under `key` (then forgotten there), saying
/// `said`; or why it cannot be.
fn return_to_kept(world: WorldSignal, key: &'static str, said: &'static str) {
    let saved = storage_get(key)
        .ok_or_else(|| "it is no longer kept in this browser".to_string())
        .and_then(|text| Saved::from_json(&text).map_err(|e| e.to_string()));
    storage_remove(key);
    let progress = world.replaying();
    let work = async move {
        match saved {
            Ok(saved) => rebuild(saved, false, progress).await,
            Err(why) => Err(why),
        }
    };
    run_now_or_later(work, move |restored| match restored {
        Ok(mut r) => {
            r.notice = Some(said.to_string());
            world.replace(r);
        }
        Err(why) => {
            world.say(
                format!("The playground you had could not be brought back: {why}."),
                Offer::Nothing,
            );
        }
    });
}

/// Go on with the link's story: the playground it replaced is forgotten.
pub fn keep_link_story(world: WorldSignal) {
    storage_remove(BEFORE_LINK_KEY);
    let (notice, offer) = world.notice();
    offer.set(Offer::Nothing);
    notice.set(None);
}

/// A new free-play playground in place of one that cannot be kept.
fn start_new(world: WorldSignal) {
    match new_free() {
        Ok(mut r) => {
            r.notice = Some("A new playground started.".to_string());
            world.replace(r);
        }
        Err(why) => world.say(
            format!("A new playground could not start: {why}."),
            Offer::Nothing,
        ),
    }
}

/// Why the playground is not kept now, said once when it happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NotKept {
    /// Past [`crate::sim::world::MAX_JOURNAL`] steps.
    TooLong,
    /// The browser refused to write it (storage full, or none here).
    Refused,
}

/// Write the world down now. When it cannot be kept, the notice says so the
/// first time (and again only after it was kept once more).
fn save_now(world: WorldSignal, last: StoredValue<Option<NotKept>>) {
    let outcome = match world.saved_untracked(true) {
        Some(saved) => {
            let text = saved.to_json();
            if storage_set(WORLD_KEY, &text) {
                None
            } else {
                // An older copy would come back on a reload as if it were this one.
                storage_remove(WORLD_KEY);
                Some((NotKept::Refused, text.len()))
            }
        }
        // Too long a journal to keep: a reload starts afresh rather than
        // bringing back an older state.
        None => {
            storage_remove(WORLD_KEY);
            Some((NotKept::TooLong, 0))
        }
    };
    let now = outcome.map(|(why, _)| why);
    if now != last.get_value() {
        last.set_value(now);
        if let Some((why, size)) = outcome {
            world.say(match why {
                NotKept::TooLong => format!(
                    "This story has passed {} steps, too many to keep: a reload would start a new playground. A new playground, a scenario or an attack starts a story that is kept.",
                    crate::jwt::display::thousands(crate::sim::world::MAX_JOURNAL)
                ),
                NotKept::Refused => format!(
                    "This browser refused to keep the playground ({} to write; its storage is full or switched off), so a reload would start a new one. A token of megabytes is the usual cause; a new playground, a scenario or an attack starts a story that is small again.",
                    crate::jwt::display::kilobytes(size)
                ),
            }, Offer::StartNew);
        }
    }
    let closed = world.guide_untracked().is_none() && !untrack(|| world.is_free());
    if closed {
        storage_set(GUIDE_KEY, "closed");
    } else {
        storage_remove(GUIDE_KEY);
    }
}

/// Keep the world in this browser as it changes: at most one write every
/// 300 ms (never per keystroke), and once more when the page is left.
pub fn save_as_it_changes(world: WorldSignal) {
    let pending = StoredValue::new(false);
    let last = StoredValue::new(None);
    Effect::new(move |_| {
        world.track_changes();
        if !pending.get_value() {
            pending.set_value(true);
            set_timeout(
                move || {
                    pending.set_value(false);
                    save_now(world, last);
                },
                Duration::from_millis(300),
            );
        }
    });
    // The listener lives as long as the page.
    let _ = window_event_listener(leptos::ev::pagehide, move |_| save_now(world, last));
}

/// A share link opened while the page is open (pasted into the address
/// bar): load its story in place.
pub fn follow_story_links(world: WorldSignal) {
    let open = move || {
        let replaced = move || {
            world
                .saved_untracked(true)
                .filter(|saved| !saved.events.is_empty())
                .map(|saved| saved.to_json())
        };
        let work = from_story_link(replaced, world.replaying());
        run_now_or_later(work, move |result| match result {
            Some(Ok(r)) => world.replace(r),
            Some(Err(why)) => world.say(
                format!("The share link could not be opened: {why}."),
                Offer::Nothing,
            ),
            None => {}
        });
    };
    // A link followed from the debugger arrives before this screen mounts:
    // look once now too (a link read at start-up is gone from the address).
    open();
    let handle = window_event_listener(leptos::ev::hashchange, move |_| open());
    on_cleanup(move || handle.remove());
}

/// Why a story has no link.
#[derive(Debug, Clone, PartialEq)]
enum NoLink {
    /// Past [`crate::sim::world::MAX_JOURNAL`] steps.
    TooManySteps,
    /// Its story is longer than [`crate::sim::MAX_LINK_CHARS`].
    Link(LinkError),
}

/// The link to this story, with or without its random bytes.
fn share_url(world: WorldSignal, with_secret: bool) -> Result<String, NoLink> {
    let saved = world.saved(with_secret).ok_or(NoLink::TooManySteps)?;
    let payload = saved.to_link().map_err(NoLink::Link)?;
    Ok(format!("{}{STORY_PREFIX}{payload}", page_address()))
}

/// "Share this story": a link that replays it, the secret in it only when
/// ticked; and the notice of a story restored or opened.
#[component]
pub fn ShareStory() -> impl IntoView {
    let world = super::use_world();
    let open = RwSignal::new(false);
    let with_secret = RwSignal::new(false);
    let copied = RwSignal::new(CopyState::NotYet);
    // Written only while the panel is open: no serialising on every action.
    let link = Memo::new(move |_| open.get().then(|| share_url(world, with_secret.get())));
    let url = Memo::new(move |_| link.with(|l| l.as_ref().and_then(|l| l.as_ref().ok()).cloned()));
    let no_link = move || {
        match link.get() {
        Some(Err(NoLink::TooManySteps)) => format!(
            "This story has passed {} steps, too long to put in a link; start it again to share.",
            crate::jwt::display::thousands(crate::sim::world::MAX_JOURNAL)
        ),
        Some(Err(NoLink::Link(e))) => format!(
            "No link: {e} (a cookie or token of many kilobytes is the usual cause). Start the story again to share it."
        ),
        _ => String::new(),
    }
    };
    // The origin changes only with a new story (a guide opened, a link).
    let free = move || world.is_free();
    let (notice, offer) = world.notice();
    // Dismissing the notice removes the button that had the keyboard's
    // focus: it moves on to "Share", the next control, not to the page.
    let share_summary = NodeRef::<leptos::html::Summary>::new();
    let dismiss = move |_| {
        if offer.get_untracked() == Offer::UndoRestart {
            storage_remove(BEFORE_RESTART_KEY);
        }
        offer.set(Offer::Nothing);
        notice.set(None);
        if let Some(el) = share_summary.get_untracked() {
            let _ = el.focus();
        }
    };
    view! {
        <p class="kept-notice" data-testid="kept-notice" role="status" hidden=move || notice.with(Option::is_none)>
            {move || notice.get().unwrap_or_default()}
            " "
            {move || {
                // Every notice can be dismissed: "OK", or what declining its offer means.
                let ok = |label: &'static str| view! {
                    <button type="button" class="btn small" data-testid="kept-ok" on:click=dismiss>{label}</button>
                };
                match offer.get() {
                    Offer::Nothing => ok("OK").into_any(),
                    Offer::ReturnBeforeLink => view! {
                        <button type="button" class="btn small" data-testid="kept-return"
                            on:click=move |_| return_to_before_link(world)>"Back to my playground"</button>
                        " "
                        <button type="button" class="btn small" data-testid="kept-keep-link"
                            on:click=move |_| keep_link_story(world)>"Keep the link's story"</button>
                    }.into_any(),
                    Offer::Builder => view! {
                        <a class="btn small" href="#/teach/build" data-testid="kept-builder">"Open the scenario builder"</a>
                        " " {ok("OK")}
                    }.into_any(),
                    Offer::UndoRestart => view! {
                        <button type="button" class="btn small" data-testid="kept-undo-restart"
                            on:click=move |_| undo_restart(world)>"Back to the story I had"</button>
                        " " {ok("OK")}
                    }.into_any(),
                    Offer::StartNew => view! {
                        <button type="button" class="btn small" data-testid="kept-new"
                            on:click=move |_| start_new(world)>"Start a new playground"</button>
                        " " {ok("Go on without keeping it")}
                    }.into_any(),
                }
            }}
        </p>
        <details class="share" data-testid="share" prop:open=move || open.get()
            on:toggle=move |ev| { open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open()); }>
            <summary class="control-label" node_ref=share_summary>"Share"</summary>
            <p class="field-note">
                "The playground is kept in this browser, so a reload brings it back; a token pasted in from outside, or edited until it no longer reads as the playground's own, is not kept. A link replays the same clicks anywhere; it stays in the address (after #), which is not sent to any server."
            </p>
            <p class="field-note" hidden=free>
                "A scenario's or exercise's link always rebuilds the identical story: its secret and ids come from its fixed start, which is no one's real secret."
            </p>
            <label class="check-label" hidden=move || !free()>
                <input type="checkbox" data-testid="share-with-secret"
                    prop:checked=move || with_secret.get()
                    on:change=move |ev| { with_secret.set(event_target_checked(&ev)); copied.set(CopyState::NotYet); } />
                " Include the simulated secret and ids (the link then rebuilds the identical story, tokens and all)"
            </label>
            <p class="field-note" hidden=move || !free()>
                {move || if with_secret.get() {
                    "Whoever has this link can sign tokens for this simulated server."
                } else {
                    "Without them the link replays the same clicks on a fresh secret: the same answers, other tokens."
                }}
            </p>
            <div class="share-row">
                <label for="share-link" class="visually-hidden">"Share link"</label>
                <input id="share-link" data-testid="share-link" class="mono" type="text" readonly=true
                    prop:value=move || url.get().unwrap_or_default()
                    on:focus=move |ev| { event_target::<web_sys::HtmlInputElement>(&ev).select(); } />
                <button type="button" class="btn" data-testid="share-copy"
                    disabled=move || url.with(Option::is_none)
                    on:click=move |_| {
                        if let Some(u) = url.get_untracked() {
                            copy_to_clipboard(&u, move |s| { copied.try_set(s); });
                        }
                    }>
                    {move || match copied.get() {
                        CopyState::NotYet => "Copy link",
                        CopyState::Copied => "✓ Copied",
                        CopyState::Failed => "Not copied: select the link and copy it",
                    }}
                </button>
            </div>
            <p class="field-note" data-testid="share-too-long" hidden=move || !open.get() || url.with(Option::is_some)>
                {no_link}
            </p>
        </details>
    }
}
