//! The playground: Browser | Network | Server(s), over one simulated world.
//!
//! The world lives in one signal, shared through [`WorldSignal`]. Nothing
//! reads it whole: each panel takes a narrow [`Memo`] of what it shows (the
//! mode, one server's state, the log's keys), so an edit in one place redraws
//! only what it changed. Actions go through [`WorldSignal::act`].

mod attack;
mod browser_col;
mod build_player;
mod controls;
mod cookie_jar;
mod keep;
mod lab;
mod latest_check;
mod lessons;
mod lifecycle;
mod network_col;
mod player;
mod reports;
mod request_player;
mod sequence;
mod server_col;
mod stage;
mod token_holder;
mod weakness_code;

use crate::sim::{Weakness, World};
use leptos::prelude::*;

/// The simulation, shared with every panel through context, and the number
/// of the current story: a reset or a mode switch starts a new one, and
/// request numbers start again at 1, so views key requests by both.
#[derive(Clone, Copy)]
pub struct WorldSignal {
    world: RwSignal<World>,
    story: RwSignal<u64>,
    /// The guided exercise or scenario open now (`None`: free play).
    guide: RwSignal<Option<Guide>>,
    /// Where the world started, which its journal replays on ([`keep`]).
    origin: StoredValue<crate::sim::Origin>,
    /// A word about the world itself: restored, opened from a link, or not.
    notice: RwSignal<Option<String>>,
    /// What the notice offers besides "OK" (go back before a link, start anew).
    offer: RwSignal<keep::Offer>,
}

pub use crate::sim::guide::Guide;

impl WorldSignal {
    /// A memo of one part of the world: it recomputes after each action and
    /// notifies only when that part changed.
    pub fn memo<T>(&self, part: impl Fn(&World) -> T + Send + Sync + 'static) -> Memo<T>
    where
        T: PartialEq + Send + Sync + 'static,
    {
        let world = self.world;
        Memo::new(move |_| world.with(&part))
    }

    /// Read the world without subscribing (in handlers).
    pub fn peek<R>(&self, f: impl FnOnce(&World) -> R) -> R {
        self.world.with_untracked(f)
    }

    /// Do something to the world (an action of the user).
    pub fn act<R>(&self, f: impl FnOnce(&mut World) -> R) -> Option<R> {
        self.world.try_update(f)
    }

    /// Start a new story (reset, replay in the other mode).
    pub fn restart(&self, f: impl FnOnce(&mut World)) {
        self.story.update(|s| *s += 1);
        self.world.update(f);
    }

    /// The current story's number (tracked).
    pub fn story(&self) -> u64 {
        self.story.get()
    }

    /// The guide open now (tracked).
    pub fn guide(&self) -> Option<Guide> {
        self.guide.get()
    }

    /// The guide open now (untracked, for handlers).
    pub fn guide_untracked(&self) -> Option<Guide> {
        self.guide.get_untracked()
    }

    /// The attack exercise open now (untracked, for handlers).
    pub fn exercise_untracked(&self) -> Option<Weakness> {
        match self.guide.get_untracked() {
            Some(Guide::Attack(w)) => Some(w),
            _ => None,
        }
    }

    /// The attack exercise open now (tracked).
    pub fn exercise(&self) -> Option<Weakness> {
        match self.guide.get() {
            Some(Guide::Attack(w)) => Some(w),
            _ => None,
        }
    }

    /// Open a guide at its exact start (or start it again): a new world
    /// with a fixed clock and seeded randomness, so every run is the same.
    pub fn open(&self, guide: Guide) {
        if let Some(Ok(mut world)) = guide.world() {
            // The guide's set-up is its start, not part of its story.
            world.clear_journal();
            self.origin.set_value(guide.origin());
            self.story.update(|s| *s += 1);
            self.world.set(world);
            self.guide.set(Some(guide));
        }
    }

    /// The world written down as storage and links keep it (`with_tape`:
    /// with its random bytes); `None` past the journal's bound. Tracked.
    pub fn saved(&self, with_tape: bool) -> Option<crate::sim::Saved> {
        let origin = self.origin.get_value();
        self.world
            .with(|w| crate::sim::Saved::of(w, origin, with_tape))
    }

    /// [`WorldSignal::saved`], untracked (in handlers and timers).
    pub fn saved_untracked(&self, with_tape: bool) -> Option<crate::sim::Saved> {
        let origin = self.origin.get_value();
        self.world
            .with_untracked(|w| crate::sim::Saved::of(w, origin, with_tape))
    }

    /// Free play (no scenario or exercise at the start)? Tracked: it changes
    /// only with a new story.
    pub fn is_free(&self) -> bool {
        self.story.track();
        matches!(self.origin.get_value(), crate::sim::Origin::Free { .. })
    }

    /// Subscribe to every change of the world and of the open guide.
    pub fn track_changes(&self) {
        self.world.track();
        self.guide.track();
    }

    /// The current story's number, untracked.
    pub fn story_untracked(&self) -> u64 {
        self.story.get_untracked()
    }

    /// The notice about the world itself, and what it offers.
    pub fn notice(&self) -> (RwSignal<Option<String>>, RwSignal<keep::Offer>) {
        (self.notice, self.offer)
    }

    /// Say something about the world itself, offering `offer` beside it.
    fn say(&self, text: String, offer: keep::Offer) {
        self.offer.set(offer);
        self.notice.set(Some(text));
    }

    /// Put another world in place (a share link opened).
    fn replace(&self, restored: keep::Restored) {
        self.origin.set_value(restored.origin);
        self.story.update(|s| *s += 1);
        self.world.set(restored.world);
        self.guide.set(restored.guide);
        self.notice.set(restored.notice);
        self.offer.set(restored.offer);
    }

    /// Open an attack exercise (from the lab's list).
    pub fn open_exercise(&self, weakness: Weakness) {
        self.open(Guide::Attack(weakness));
    }

    /// Back to free play: the world stays as it is.
    pub fn close_guide(&self) {
        self.guide.set(None);
    }

    fn new(restored: keep::Restored) -> WorldSignal {
        WorldSignal {
            world: RwSignal::new(restored.world),
            story: RwSignal::new(0),
            guide: RwSignal::new(restored.guide),
            origin: StoredValue::new(restored.origin),
            notice: RwSignal::new(restored.notice),
            offer: RwSignal::new(restored.offer),
        }
    }
}

/// Keeps the playground's world while the debugger is shown: the world is
/// created once, under the app's owner (not the screen's, which is disposed
/// when the screen is left), and found again when the playground returns.
#[derive(Clone)]
pub struct WorldKeeper {
    owner: Owner,
    kept: StoredValue<Option<WorldSignal>>,
}

impl WorldKeeper {
    pub fn new() -> WorldKeeper {
        WorldKeeper {
            owner: Owner::current().unwrap_or_default(),
            kept: StoredValue::new(None),
        }
    }

    /// The kept world, or a new one (then kept).
    fn world(&self) -> Result<WorldSignal, String> {
        if let Some(kept) = self.kept.get_value() {
            return Ok(kept);
        }
        let restored = keep::restore_or_new()?;
        let signal = self.owner.with(|| {
            let signal = WorldSignal::new(restored);
            keep::save_as_it_changes(signal);
            signal
        });
        self.kept.set_value(Some(signal));
        Ok(signal)
    }
}

/// The world signal from context.
pub fn use_world() -> WorldSignal {
    expect_context::<WorldSignal>()
}

#[component]
pub fn Playground() -> impl IntoView {
    let world = match use_context::<WorldKeeper>() {
        Some(keeper) => keeper.world(),
        None => keep::new_free().map(WorldSignal::new),
    };
    match world {
        Ok(world) => {
            provide_context(world);
            view! { <PlaygroundScreen /> }.into_any()
        }
        Err(e) => view! {
            <p class="warning" role="alert">
                "The playground needs the browser's secure random numbers (crypto.getRandomValues) and could not get them: "
                {e}
            </p>
        }
        .into_any(),
    }
}

#[component]
fn PlaygroundScreen() -> impl IntoView {
    let world = use_world();
    let mode = world.memo(World::mode);
    attack::provide_solved();
    request_player::RequestPlayback::provide();
    keep::follow_story_links(world);
    // Presenter mode's R: back to the open guide's exact start, else the story's.
    if let Some(pacing) = use_context::<crate::ui::presenter::Pacing>() {
        pacing.offer_reset(Callback::new(move |()| match world.guide_untracked() {
            Some(guide) => world.open(guide),
            None => world.restart(World::reset),
        }));
    }
    // `#/scenario/<id>` opens that scenario, unless it is open already (Back
    // and Forward, or coming back from the debugger, keep its state).
    if let Some(crate::ui::RouteSignal(route)) = use_context::<crate::ui::RouteSignal>() {
        Effect::new(move |_| {
            if let crate::ui::Route::Scenario(id) = route.get() {
                if world.guide_untracked() != Some(Guide::Scenario(id)) {
                    world.open(Guide::Scenario(id));
                }
            }
        });
    }
    // `#/scenario/<name>` naming no scenario: free play, and a notice that
    // says so (the name as text, cut short).
    let say_unknown = move || {
        if let Some(asked) = crate::ui::Route::unknown_scenario(&crate::ui::util::location_hash()) {
            world.say(
                crate::sim::scenario::unknown_scenario_notice(&asked),
                keep::Offer::Nothing,
            );
        }
    };
    say_unknown();
    let unknown_handle = window_event_listener(leptos::ev::hashchange, move |_| say_unknown());
    on_cleanup(move || unknown_handle.remove());
    // The stage fills the window below what lies above it; a phone shows
    // one of its three views at a time.
    let stage_ref = NodeRef::<leptos::html::Div>::new();
    let lead = NodeRef::<leptos::html::Div>::new();
    let view = RwSignal::new(stage::StageView::Browser);
    stage::fit_to_window(stage_ref, lead);
    stage::follow_new_exchanges();
    view! {
        <section class="playground" aria-labelledby="playground-title" data-mode=move || mode.get().as_str()>
            <h2 id="playground-title" class="visually-hidden">"Playground"</h2>
            <div class="stage-lead" node_ref=lead>
                <controls::Controls />
                <lessons::Intro />
            </div>
            <div class="stage" data-testid="stage" node_ref=stage_ref>
                <stage::StageBar view stage=stage_ref />
                <div class="columns" data-view=move || view.get().as_str()>
                    <browser_col::BrowserColumn />
                    <network_col::NetworkColumn />
                    <server_col::ServerColumn />
                </div>
            </div>
            <div class="stage-after">
                <lab::LabLessons />
                <stage::PhoneFold label="the lesson cards"><lessons::Lessons /></stage::PhoneFold>
                <stage::PhoneFold label="the comparison table"><lifecycle::CompareTable /></stage::PhoneFold>
            </div>
        </section>
    }
}

/// Move keyboard focus to `target` once the DOM has caught up with the
/// action just taken (a control that became disabled hands focus on).
pub fn focus_after_redraw<E>(target: NodeRef<E>)
where
    E: leptos::html::ElementType,
    E::Output: wasm_bindgen::JsCast + Clone + 'static,
    NodeRef<E>: Copy,
{
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        // The screen may be gone by the next frame (the route changed in the
        // same task): a disposed reference is no element, not a panic.
        if let Some(el) = target.try_get_untracked().flatten() {
            if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
}

/// Whether `el` has keyboard focus now.
pub fn has_focus<E>(el: NodeRef<E>) -> bool
where
    E: leptos::html::ElementType,
    E::Output: wasm_bindgen::JsCast + Clone + 'static,
{
    use wasm_bindgen::JsCast;
    let Some(el) = el.try_get_untracked().flatten() else {
        return false;
    };
    let active = document().active_element();
    match (el.dyn_ref::<web_sys::Element>(), active) {
        (Some(el), Some(active)) => *el == active,
        _ => false,
    }
}
