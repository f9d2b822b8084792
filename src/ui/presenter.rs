//! Presenter mode (issue 10): large type for a projector, advanced controls
//! out of the way, the diagram kept in view, and keyboard pacing: `P`
//! toggles it, and while it is on the right and left arrows step the token
//! build forwards and back, and `R` puts the open scenario (or the story)
//! back at its start.
//!
//! The screens register what the keys do through [`Pacing`], so a key does
//! exactly what the button it stands for does.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What the pacing keys do now, and whether presenter mode is on.
#[derive(Clone, Copy)]
pub struct Pacing {
    pub on: RwSignal<bool>,
    /// Next and back of the step player shown now.
    steps: StoredValue<Option<(Callback<()>, Callback<()>)>>,
    /// Back to the start of what is open.
    reset: StoredValue<Option<Callback<()>>>,
}

/// `sessionStorage` key: presenter mode survives a reload or a link opened
/// in the same tab (a projector stays a projector), not a new tab.
const PRESENTER_KEY: &str = "jwt-playground.presenter";

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

impl Pacing {
    pub fn new() -> Pacing {
        let kept = session_storage()
            .and_then(|s| s.get_item(PRESENTER_KEY).ok().flatten())
            .is_some_and(|v| v == "on");
        Pacing {
            on: RwSignal::new(kept),
            steps: StoredValue::new(None),
            reset: StoredValue::new(None),
        }
    }

    /// A step player offers its next and back while it is mounted.
    pub fn offer_steps(&self, next: Callback<()>, back: Callback<()>) {
        self.steps.set_value(Some((next, back)));
        let steps = self.steps;
        on_cleanup(move || steps.set_value(None));
    }

    /// A screen offers its reset while it is mounted.
    pub fn offer_reset(&self, reset: Callback<()>) {
        self.reset.set_value(Some(reset));
        let slot = self.reset;
        on_cleanup(move || slot.set_value(None));
    }

    /// Follow the keyboard for the whole app.
    pub fn listen(self) {
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || typing(&ev) {
                return;
            }
            let key = ev.key();
            let done = match key.as_str() {
                "p" | "P" => {
                    self.on.update(|on| *on = !*on);
                    true
                }
                "ArrowRight" if self.on.get_untracked() => self.step(true),
                "ArrowLeft" if self.on.get_untracked() => self.step(false),
                "r" | "R" if self.on.get_untracked() => {
                    self.reset.get_value().map(|r| r.run(())).is_some()
                }
                _ => false,
            };
            if done {
                ev.prevent_default();
            }
        });
        on_cleanup(move || handle.remove());
        // The page's style follows the mode (on <html>, so it reaches everything).
        Effect::new(move |before: Option<()>| {
            let on = self.on.get();
            // Switched in the middle of a demonstration: the type grows or
            // shrinks under the page's scroll offset, so the control the
            // presenter was at is brought back into view once laid out again.
            if before.is_some() {
                // Two frames: the stage is fitted again (a resize observer)
                // after the first layout in the new type size.
                request_animation_frame(|| request_animation_frame(keep_focus_in_view));
            }
            if let Some(storage) = session_storage() {
                let _ = if on {
                    storage.set_item(PRESENTER_KEY, "on")
                } else {
                    storage.remove_item(PRESENTER_KEY)
                };
            }
            if let Some(root) = document().document_element() {
                let _ = if on {
                    root.set_attribute("data-presenter", "true")
                } else {
                    root.remove_attribute("data-presenter")
                };
            }
        });
    }

    fn step(&self, forward: bool) -> bool {
        self.steps
            .get_value()
            .map(|(next, back)| if forward { next.run(()) } else { back.run(()) })
            .is_some()
    }
}

/// Bring the focused element back into view: on the stage, the page at the
/// stage's place and the element's column scrolled to it; elsewhere, the
/// page scrolled just enough.
fn keep_focus_in_view() {
    let Some(el) = document().active_element() else {
        return;
    };
    if el.tag_name() == "BODY" || super::playground::show_on_stage(&el) {
        return;
    }
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
    el.scroll_into_view_with_scroll_into_view_options(&options);
}

/// Is the key meant for a text field (or a select), not for pacing?
fn typing(ev: &web_sys::KeyboardEvent) -> bool {
    let Some(el) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || el.has_attribute("contenteditable")
}

/// The header's toggle.
#[component]
pub fn PresenterToggle() -> impl IntoView {
    let pacing = expect_context::<Pacing>();
    view! {
        <button type="button" class="btn btn-small presenter-toggle" data-testid="presenter-toggle"
            aria-pressed=move || pacing.on.get().to_string() aria-keyshortcuts="P"
            on:click=move |_| pacing.on.update(|on| *on = !*on)>
            {move || if pacing.on.get() { "Presenter mode: on (P)" } else { "Presenter mode (P)" }}
        </button>
    }
}
