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

use super::{Guide, WorldSignal};
use crate::jwt::base64url;
use crate::sim::exercise::Exercise;
use crate::sim::journal::free_world;
use crate::sim::scenario::Scenario;
use crate::sim::{Origin, Saved, TapeEntropy, World};
use crate::ui::util::{
    copy_to_clipboard, location_hash, now_seconds, page_address, replace_hash, storage_get,
    storage_remove, storage_set, BrowserEntropy,
};
use leptos::prelude::*;
use std::time::Duration;

/// `localStorage` key of the kept world.
const WORLD_KEY: &str = "jwt-playground.world";
/// `localStorage` key: "closed" when the student left the guide for free play.
const GUIDE_KEY: &str = "jwt-playground.guide";
/// What a share link's fragment starts with.
const STORY_PREFIX: &str = "#/story/";

/// A world, where it started, and the guide open on it.
pub struct Restored {
    pub world: World,
    pub origin: Origin,
    pub guide: Option<Guide>,
    /// What the student should know about it (a story that could not be
    /// read back, a share link opened).
    pub notice: Option<String>,
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
    })
}

/// The guide a world's origin has (a scenario or an exercise).
fn guide_of(origin: &Origin) -> Option<Guide> {
    match origin {
        Origin::Free { .. } => None,
        Origin::Scenario(id) => Scenario::of(id).map(|s| Guide::Scenario(s.id)),
        Origin::Exercise(w) => Exercise::of(*w).map(|_| Guide::Attack(*w)),
    }
}

/// Build a kept or linked world again. A start time outside 1970 to the end
/// of year 9999 is brought into that range first, and the notice says so.
fn rebuild(mut saved: Saved) -> Result<Restored, String> {
    let clamped = saved.clamp_clock();
    let origin = saved.origin.clone();
    let world = saved.rebuild(BrowserEntropy).map_err(|e| e.to_string())?;
    let notice = clamped.map(|_| {
        format!(
            "The story's clock started outside the years 1970 to 9999, so the simulated clock starts at {} instead.",
            crate::jwt::claims::format_utc(world.now() as f64)
        )
    });
    Ok(Restored {
        guide: guide_of(&origin),
        world,
        origin,
        notice,
    })
}

/// The world a share link in the address bar carries, if there is one.
fn from_story_link() -> Option<Result<Restored, String>> {
    let hash = location_hash();
    let payload = hash.strip_prefix(STORY_PREFIX)?;
    let result = base64url::decode(payload)
        .map_err(|_| "the link's story is not base64url (was it cut short?)".to_string())
        .and_then(|bytes| {
            String::from_utf8(bytes).map_err(|_| "the link's story is not text".to_string())
        })
        .and_then(|text| Saved::from_json(&text).map_err(|e| e.to_string()))
        .and_then(|saved| {
            let fresh = matches!(saved.origin, Origin::Free { .. }) && saved.tape.is_none();
            let steps = saved.events.len();
            rebuild(saved).map(|mut r| {
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
        });
    // The link becomes the playground's address: a reload then keeps what
    // the student does next, instead of opening the link again.
    replace_hash("#/playground");
    Some(result)
}

/// What the page starts with: a share link's story, else the world kept in
/// this browser, else a new one. A story that cannot be read back is said,
/// never silently dropped.
pub fn restore_or_new() -> Result<Restored, String> {
    if let Some(linked) = from_story_link() {
        return match linked {
            Ok(r) => Ok(r),
            Err(why) => new_free().map(|mut r| {
                r.notice = Some(format!(
                    "The share link could not be opened: {why}. A new playground started."
                ));
                r
            }),
        };
    }
    let Some(text) = storage_get(WORLD_KEY) else {
        return new_free();
    };
    match Saved::from_json(&text).map_err(|e| e.to_string()).and_then(rebuild) {
        Ok(mut r) => {
            if storage_get(GUIDE_KEY).as_deref() == Some("closed") {
                r.guide = None;
            }
            Ok(r)
        }
        Err(why) => new_free().map(|mut r| {
            r.notice = Some(format!("The playground kept in this browser could not be restored: {why}. A new one started."));
            r
        }),
    }
}

/// Write the world down now.
fn save_now(world: WorldSignal) {
    let origin = world.origin.get_value();
    let saved = world.world.with_untracked(|w| Saved::of(w, origin, true));
    match saved {
        Some(saved) => storage_set(WORLD_KEY, &saved.to_json()),
        // Too long a journal to keep: a reload starts afresh rather than
        // bringing back an older state.
        None => storage_remove(WORLD_KEY),
    }
    let closed = world.guide.get_untracked().is_none()
        && !matches!(world.origin.get_value(), Origin::Free { .. });
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
    Effect::new(move |_| {
        world.world.track();
        world.guide.track();
        if !pending.get_value() {
            pending.set_value(true);
            set_timeout(
                move || {
                    pending.set_value(false);
                    save_now(world);
                },
                Duration::from_millis(300),
            );
        }
    });
    // The listener lives as long as the page.
    let _ = window_event_listener(leptos::ev::pagehide, move |_| save_now(world));
}

/// A share link opened while the page is open (pasted into the address
/// bar): load its story in place.
pub fn follow_story_links(world: WorldSignal) {
    let open = move || {
        if let Some(result) = from_story_link() {
            match result {
                Ok(r) => world.replace(r),
                Err(why) => world
                    .notice
                    .set(Some(format!("The share link could not be opened: {why}."))),
            }
        }
    };
    // A link followed from the debugger arrives before this screen mounts:
    // look once now too (a link read at start-up is gone from the address).
    open();
    let handle = window_event_listener(leptos::ev::hashchange, move |_| open());
    on_cleanup(move || handle.remove());
}

/// The link to this story, with or without its random bytes.
fn share_url(world: WorldSignal, with_secret: bool) -> Option<String> {
    let origin = world.origin.get_value();
    let saved = world.world.with(|w| Saved::of(w, origin, with_secret))?;
    Some(format!(
        "{}{STORY_PREFIX}{}",
        page_address(),
        base64url::encode(saved.to_json().as_bytes())
    ))
}

/// "Share this story": a link that replays it, the secret in it only when
/// ticked; and the notice of a story restored or opened.
#[component]
pub fn ShareStory() -> impl IntoView {
    let world = super::use_world();
    let open = RwSignal::new(false);
    let with_secret = RwSignal::new(false);
    let copied = RwSignal::new(false);
    // Written only while the panel is open: no serialising on every action.
    let url = Memo::new(move |_| {
        if !open.get() {
            return None;
        }
        share_url(world, with_secret.get())
    });
    // The origin changes only with a new story (a guide opened, a link).
    let free = move || {
        world.story.track();
        matches!(world.origin.get_value(), Origin::Free { .. })
    };
    let notice = world.notice;
    view! {
        <p class="kept-notice" data-testid="kept-notice" role="status" hidden=move || notice.with(Option::is_none)>
            {move || notice.get().unwrap_or_default()}
            " "
            <button type="button" class="btn small" on:click=move |_| notice.set(None)>"OK"</button>
        </p>
        <details class="share" data-testid="share" prop:open=move || open.get()
            on:toggle=move |ev| { open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open()); }>
            <summary class="control-label">"Share"</summary>
            <p class="field-note">
                "The playground is kept in this browser, so a reload brings it back; a token pasted in from outside, or edited until it no longer reads as the playground's own, is not kept. A link replays the same clicks anywhere; it stays in the address (after #), which is not sent to any server."
            </p>
            <p class="field-note" hidden=free>
                "A scenario's or exercise's link always rebuilds the identical story: its secret and ids come from its fixed start, which is no one's real secret."
            </p>
            <label class="check-label" hidden=move || !free()>
                <input type="checkbox" data-testid="share-with-secret"
                    prop:checked=move || with_secret.get()
                    on:change=move |ev| { with_secret.set(event_target_checked(&ev)); copied.set(false); } />
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
                            copy_to_clipboard(&u);
                            copied.set(true);
                        }
                    }>
                    {move || if copied.get() { "✓ Copied" } else { "Copy link" }}
                </button>
            </div>
            <p class="field-note" hidden=move || !open.get() || url.with(Option::is_some)>
                "This story is too long to put in a link; start it again to share."
            </p>
        </details>
    }
}
