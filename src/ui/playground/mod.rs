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
mod custom;
mod goal_questions;
mod keep;
mod lab;
mod latest_check;
mod lessons;
mod lifecycle;
mod network_col;
mod player;
mod replaying;
mod reports;
mod request_player;
pub(crate) mod sequence;
mod server_col;
mod stage;
pub(crate) use stage::show_on_stage;
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
    /// How many times a guide was opened (or sent back to its start).
    opened: RwSignal<u64>,
    /// Where the world started, which its journal replays on ([`keep`]).
    origin: StoredValue<crate::sim::Origin>,
    /// A word about the world itself: restored, opened from a link, or not.
    notice: RwSignal<Option<String>>,
    /// What the notice offers besides "OK" (go back before a link, start anew).
    offer: RwSignal<keep::Offer>,
    /// How far a long story opened in place (a link) has been replayed.
    replaying: replaying::ReplaySignal,
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
            self.opened.update(|n| *n += 1);
        }
    }

    /// How many times a guide was opened or sent back to its start (tracked).
    pub fn opened(&self) -> u64 {
        self.opened.get()
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

    /// How far a long story opened in place has been replayed.
    fn replaying(&self) -> replaying::ReplaySignal {
        self.replaying
    }

    /// Open an attack exercise (from the lab's list).
    pub fn open_exercise(&self, weakness: Weakness) {
        self.open(Guide::Attack(weakness));
    }

    /// Back to free play: the world stays as it is.
    pub fn close_guide(&self) {
        self.guide.set(None);
    }

    fn new(restored: keep::Restored, replaying: replaying::ReplaySignal) -> WorldSignal {
        WorldSignal {
            world: RwSignal::new(restored.world),
            story: RwSignal::new(0),
            guide: RwSignal::new(restored.guide),
            opened: RwSignal::new(0),
            origin: StoredValue::new(restored.origin),
            notice: RwSignal::new(restored.notice),
            offer: RwSignal::new(restored.offer),
            replaying,
        }
    }
}

/// Keeps the playground's world while the debugger is shown: the world is
/// created once, under the app's owner (not the screen's, which is disposed
/// when the screen is left), and found again when the playground returns.
/// A long kept story or link is replayed in slices meanwhile: the header,
/// the tabs and the debugger stay usable, and the playground says how far.
#[derive(Clone)]
pub struct WorldKeeper {
    owner: Owner,
    /// The world once it is there (or why it could not be made).
    ready: RwSignal<Option<Result<WorldSignal, String>>>,
    /// Whether making it has begun.
    started: StoredValue<bool>,
    /// How far a long story's replay has come.
    progress: replaying::ReplaySignal,
    /// An exercise asked for from another screen before the world was there.
    pending: StoredValue<Option<Weakness>>,
}

impl WorldKeeper {
    pub fn new() -> WorldKeeper {
        WorldKeeper {
            owner: Owner::current().unwrap_or_default(),
            ready: RwSignal::new(None),
            started: StoredValue::new(false),
            progress: RwSignal::new(None),
            pending: StoredValue::new(None),
        }
    }

    /// Make the world (once): at once for a short story, in slices for a long one.
    fn start(&self) {
        if self.started.get_value() {
            return;
        }
        self.started.set_value(true);
        let keeper = self.clone();
        replaying::run_now_or_later(keep::restore_or_new(self.progress), move |restored| {
            let world = restored.map(|restored| {
                keeper.owner.with(|| {
                    let signal = WorldSignal::new(restored, keeper.progress);
                    keep::save_as_it_changes(signal);
                    if let Some(weakness) = keeper.pending.get_value() {
                        keeper.pending.set_value(None);
                        signal.open_exercise(weakness);
                    }
                    signal
                })
            });
            keeper.ready.set(Some(world));
        });
    }

    /// Open an exercise from another screen (the teacher's plan): the
    /// playground shows it when it is next drawn.
    /// (A long kept story still replaying opens it once the replay ends.)
    pub fn open_exercise(&self, weakness: Weakness) {
        match self.ready.get_untracked() {
            Some(Ok(world)) => world.open_exercise(weakness),
            Some(Err(_)) => {}
            None => {
                self.pending.set_value(Some(weakness));
                self.start();
            }
        }
    }
}

/// The world signal from context.
pub fn use_world() -> WorldSignal {
    expect_context::<WorldSignal>()
}

#[component]
pub fn Playground() -> impl IntoView {
    let Some(keeper) = use_context::<WorldKeeper>() else {
        let world = keep::new_free().map(|r| WorldSignal::new(r, RwSignal::new(None)));
        return playground_or_why(world).into_any();
    };
    keeper.start();
    let (ready, progress) = (keeper.ready, keeper.progress);
    (move || match ready.get() {
        None => view! {
            <section class="playground" aria-labelledby="playground-title">
                <h2 id="playground-title" class="visually-hidden">"Playground"</h2>
                <replaying::ReplayProgress progress />
            </section>
        }
        .into_any(),
        Some(world) => playground_or_why(world).into_any(),
    })
    .into_any()
}

/// The playground over `world`, or why there is none.
fn playground_or_why(world: Result<WorldSignal, String>) -> impl IntoView {
    match world {
        Ok(world) => view! {
            <leptos::context::Provider value=world>
                <PlaygroundScreen />
            </leptos::context::Provider>
        }
        .into_any(),
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
    custom::follow_custom_links(world);
    // Presenter mode's R: back to the open guide's exact start, else the story's.
    if let Some(pacing) = use_context::<crate::ui::presenter::Pacing>() {
        pacing.offer_reset(Callback::new(move |()| match world.guide_untracked() {
            Some(guide) => world.open(guide),
            None => keep::start_again(world),
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
                <replaying::ReplayProgress progress=world.replaying() />
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
