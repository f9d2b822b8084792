//! Step through a request (issue 10): the same player as the token build,
//! over the newest exchange's journey ([`crate::sim::request_steps`]): the
//! browser sends, the load balancer picks, the server walks its checks one
//! by one (a login signs its token, step by step), the response returns.
//!
//! The simulation answers at once; the player replays what it did. With
//! "Step through each new request" ticked, a new request starts at its
//! first step and plays; until its last step the sequence diagram draws
//! only as far as it got, and the Server column and the token build wait
//! for their step. Unticked, a request is shown whole, and Back or Replay
//! walk it afterwards. In presenter mode the arrow keys step it.

use super::player::{run_timer, ItemKey, Player, PlayerControls, SpeedSelect, StepState};
use super::use_world;
use crate::jwt::StepResult;
use crate::sim::{request_steps, RequestStep, Stage};
use crate::ui::util::{storage_get, storage_set};
use leptos::prelude::*;

/// `localStorage` key of the "step through each new request" choice (a
/// preference, not a secret).
const STEPPING_KEY: &str = "jwt-playground.step-requests";

/// How much of one exchange the diagram draws.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reveal {
    /// The request has passed the load balancer.
    pub routed: bool,
    /// The server has been to the shared store.
    pub store: bool,
    /// The server has fetched what it needed (the issuer's key set).
    pub fetch: bool,
    /// The response is back.
    pub response: bool,
    /// Where the request is, while it is on its way (the diagram's note).
    pub at: Option<String>,
}

impl Reveal {
    /// An exchange drawn whole.
    pub fn whole() -> Reveal {
        Reveal {
            routed: true,
            store: true,
            fetch: true,
            response: true,
            at: None,
        }
    }
}

/// The request player's state, shared through context with the diagram,
/// the Server column and the token build.
#[derive(Clone, Copy)]
pub struct RequestPlayback {
    /// Whether a new request starts at its first step.
    pub stepping: RwSignal<bool>,
    player: RwSignal<Player>,
    steps: Memo<Vec<RequestStep>>,
    key: Memo<Option<ItemKey>>,
    total: Memo<usize>,
}

impl RequestPlayback {
    /// Make the playback for the current screen and put it in context.
    pub fn provide() -> RequestPlayback {
        let world = use_world();
        let latest = world.memo(|w| w.last_exchange().map(|e| (e.seq, request_steps(e))));
        let key = Memo::new(move |_| {
            let story = world.story();
            latest.with(|l| l.as_ref().map(|(seq, _)| (story, *seq)))
        });
        let steps = Memo::new(move |_| {
            latest.with(|l| l.as_ref().map(|(_, s)| s.clone()).unwrap_or_default())
        });
        let total = Memo::new(move |_| steps.with(Vec::len));
        let stepping = RwSignal::new(storage_get(STEPPING_KEY).as_deref() == Some("on"));
        Effect::watch(
            move || stepping.get(),
            |on, _, _| {
                storage_set(STEPPING_KEY, if *on { "on" } else { "off" });
            },
            false,
        );
        // What is there when the screen appears is shown whole.
        let player = RwSignal::new(Player::whole(key.get_untracked(), total.get_untracked()));
        let story_seen = StoredValue::new(world.story_untracked());
        Effect::new(move |_| {
            let k = key.get();
            let t = total.get_untracked();
            // A new story's first exchanges (a scenario's set-up, a story
            // replayed in the other mode) are shown whole: only a request
            // sent in this story plays.
            let story = world.story();
            let new_story = story_seen.get_value() != story;
            story_seen.set_value(story);
            if stepping.get_untracked() && !new_story {
                player.update(|p| p.follow(k));
            } else {
                player.update(|p| p.follow_whole(k, t));
            }
        });
        run_timer(player, total);
        let playback = RequestPlayback {
            stepping,
            player,
            steps,
            key,
            total,
        };
        provide_context(playback);
        playback
    }

    /// Steps revealed while the newest request is still on its way; `None`
    /// once its response is shown (tracked).
    pub fn in_progress(&self) -> Option<usize> {
        let total = self.total.get();
        let key = self.key.get();
        // Until the player has taken up the newest exchange, its count is
        // the old one's: nothing is on its way yet (a login must not stop
        // the token build on its first step in that moment).
        let (shown, adopted) = self.player.with(|p| (p.shown, p.key == key));
        (adopted && total > 0 && shown < total).then_some(shown)
    }

    /// The request number of the newest exchange while it is on its way.
    pub fn seq_in_progress(&self) -> Option<u64> {
        self.in_progress()?;
        self.key.get().map(|(_, seq)| seq)
    }

    /// When the newest exchange signed a token: how many of its signing
    /// steps the player has reached (0: the signing has not begun). `None`
    /// for any other request. The token build in the Server column shows
    /// exactly these: the request player is its one set of controls.
    pub fn sign_shown(&self) -> Memo<Option<usize>> {
        let this = *self;
        Memo::new(move |_| {
            let key = this.key.get();
            let (shown, adopted) = this.player.with(|p| (p.shown, p.key == key));
            this.steps.with(|s| {
                s.iter().any(|x| x.stage == Stage::Sign).then(|| {
                    if !adopted {
                        // Not taken up yet: shown whole, as it will be.
                        return s.iter().filter(|x| x.stage == Stage::Sign).count();
                    }
                    s.iter()
                        .take(shown)
                        .filter(|x| x.stage == Stage::Sign)
                        .count()
                })
            })
        })
    }

    /// The newest exchange's request number (tracked).
    pub fn newest_seq(&self) -> Option<u64> {
        self.key.get().map(|(_, seq)| seq)
    }

    /// Whether the player is moving or has been moved off the last step.
    pub fn stepping_now(&self) -> bool {
        let total = self.total.get();
        let key = self.key.get();
        // A player that has not taken up the newest exchange yet is not
        // walking it (its count is the old one's).
        self.player
            .with(|p| p.key == key && (p.playing || p.shown < total))
    }

    /// How much of exchange `seq` the diagram draws (tracked).
    /// Is exchange `seq` a request the server makes during the newest one,
    /// at a step the player has not reached yet? Its answer waits too.
    pub fn fetch_ahead(&self, seq: u64) -> bool {
        let Some(shown) = self.in_progress() else {
            return false;
        };
        self.steps.with(|s| {
            s.iter()
                .position(|x| x.fetched == Some(seq))
                .is_some_and(|at| at >= shown)
        })
    }

    pub fn reveal(&self, seq: u64) -> Reveal {
        let Some(shown) = self.in_progress() else {
            return Reveal::whole();
        };
        if self.key.get().map(|(_, s)| s) != Some(seq) {
            return Reveal::whole();
        }
        self.steps.with(|s| {
            let reached = s.get(..shown).unwrap_or_default();
            let total = s.len();
            Reveal {
                routed: reached.iter().any(|x| x.stage == Stage::Route) || !has_route(s),
                store: reached.iter().any(|x| x.stage == Stage::Store),
                fetch: reached.iter().any(|x| x.stage == Stage::Fetch),
                response: false,
                at: reached
                    .last()
                    .map(|x| format!("step {shown} of {total}: {}", short(x))),
            }
        })
    }
}

fn has_route(steps: &[RequestStep]) -> bool {
    steps.iter().any(|x| x.stage == Stage::Route)
}

/// A step in a few words, with its result as a sign (never colour alone).
fn short(step: &RequestStep) -> String {
    let mark = match step.result {
        Some(StepResult::Pass) => " ✓",
        Some(StepResult::Fail) => " ✗",
        Some(StepResult::Warn) => " ⚠",
        Some(StepResult::Skip) => " –",
        None => "",
    };
    match (step.stage, step.build_index) {
        (Stage::Send, _) => "sent".to_string(),
        (Stage::Route, _) => format!("load balancer{mark}"),
        (Stage::Sign, Some(i)) => format!("signing {}", i + 1),
        (Stage::Store, _) => format!("shared store: {}{mark}", step.id),
        _ => format!("{}{mark}", step.id),
    }
}

/// What a check's result is called on screen (the diagram's words).
fn result_word(step: Option<&RequestStep>) -> &'static str {
    step.and_then(|s| {
        s.result
            .map(|r| crate::sim::trace::result_label(r, s.skipped_by, s.not_reached))
    })
    .unwrap_or_default()
}

/// The player's controls, the step it is at, and every step as a chip.
#[component]
pub fn RequestPlayer() -> impl IntoView {
    let Some(playback) = use_context::<RequestPlayback>() else {
        return ().into_any();
    };
    let RequestPlayback {
        stepping,
        player,
        steps,
        total,
        ..
    } = playback;
    let shown = Memo::new(move |_| player.with(|p| p.shown));
    let current = Memo::new(move |_| steps.with(|s| s.get(shown.get().saturating_sub(1)).cloned()));
    let root = NodeRef::<leptos::html::Div>::new();
    // Presenter mode's arrow keys do what Next and Back do, and bring the
    // diagram and the step into view (the class looks at the screen, not
    // at where the teacher last scrolled).
    if let Some(pacing) = use_context::<crate::ui::presenter::Pacing>() {
        let act = move |f: fn(&mut Player, usize)| {
            player.update(|p| f(p, total.get_untracked()));
            if let Some(el) = root.try_get_untracked().flatten() {
                bring_into_view(&el);
            }
        };
        pacing.offer_steps(
            Callback::new(move |()| act(Player::next)),
            Callback::new(move |()| act(Player::back)),
        );
    }
    // Wherever the step was moved from (a button, a key, the timer), the
    // step reached is brought into view in the Network column.
    // (A new request shown whole moves nothing.)
    Effect::watch(
        move || player.with(|p| (p.key, p.shown)),
        move |(key, _), before, _| {
            let moved = before.is_some_and(|(k, _)| k == key);
            if moved || playback.stepping_now() {
                super::stage::reveal_step_after_redraw();
            }
        },
        false,
    );
    let pacing = use_context::<crate::ui::presenter::Pacing>();
    let presenter_on = Signal::derive(move || pacing.is_some_and(|p| p.on.get()));
    let text = move |f: fn(&RequestStep) -> String| {
        move || current.with(|c| c.as_ref().map(f).unwrap_or_default())
    };
    view! {
        <div class="request-player" data-testid="request-player" node_ref=root>
            <h4 class="visually-hidden">"Step through the newest request"</h4>
            <div class="request-player-body" hidden=move || total.get() == 0>
            <p class="request-now" data-testid="request-step-now" aria-live="polite"
                data-stage=move || current.with(|c| c.as_ref().map_or("", |c| c.stage.as_str()))
                data-step=move || current.with(|c| c.as_ref().map_or("", |c| c.id.as_str()))>
                <strong>{move || format!("Step {} of {}: ", shown.get(), total.get())}{text(|s| s.title.clone())}</strong>
                " "<span class="check-word">{move || current.with(|c| result_word(c.as_ref()))}</span>
                <span class="request-now-detail">{move || current.with(|c| c.as_ref().map(|c| if c.stage == Stage::Sign {
                    // Its bytes are long: they show once, in the Server column.
                    "The bytes in and out are in the Server column, under \"How the server built the token\".".to_string()
                } else {
                    c.detail.clone()
                }).unwrap_or_default())}</span>
                // A phone shows one view at a time: a signing step's words are
                // here too, beside its Next, and only its bytes in the Server view.
                {move || current.with(|c| c.as_ref().filter(|c| c.stage == Stage::Sign).map(|c| view! {
                    <span class="request-now-detail sign-words" data-testid="request-step-sign-words">
                        {format!("{} (Its bytes are in the Server view.)", c.detail)}
                    </span>
                }))}
            </p>
            </div>
            <div class="request-player-body request-player-controls" hidden=move || total.get() == 0>
                <PlayerControls player total prefix="request-step" label="Step through the newest request" />
            </div>
            <div class="row tight player-settings">
                <label class="check-label">
                    <input type="checkbox" data-testid="request-step-mode"
                        prop:checked=move || stepping.get()
                        on:change=move |ev| stepping.set(event_target_checked(&ev)) />
                    " Step each new request"
                </label>
                <SpeedSelect player prefix="request-step" />
                // Presenter mode's keys, said where they act.
                <Show when=move || presenter_on.get()>
                    <span class="field-note" data-testid="presenter-keys">
                        "Keys: ← → step, R back to the start, P leaves presenter mode"
                    </span>
                </Show>
            </div>
            <div class="request-player-body" hidden=move || total.get() == 0>
            <ol class="request-steps" aria-label="The request's steps">
                <For each=move || 0..total.get() key=|i| *i let:index>
                    <RequestStepChip steps shown index />
                </For>
            </ol>
            </div>
        </div>
    }
    .into_any()
}

/// Bring the current step into view inside the Network column (and the
/// diagram's newest arrow inside its box): the class looks at the screen,
/// not at where the teacher last scrolled. The page itself never moves.
fn bring_into_view(_player: &web_sys::HtmlDivElement) {
    super::stage::reveal_step_after_redraw();
}

/// One step as a small numbered chip: done, current or not yet.
#[component]
fn RequestStepChip(
    steps: Memo<Vec<RequestStep>>,
    shown: Memo<usize>,
    index: usize,
) -> impl IntoView {
    let step = Memo::new(move |_| steps.with(|s| s.get(index).cloned()));
    let state = Memo::new(move |_| StepState::of(index, shown.get()));
    let field =
        move |f: fn(&RequestStep) -> &'static str| move || step.with(|s| s.as_ref().map_or("", f));
    view! {
        <li class="request-step" data-testid="request-step"
            data-step=field(|s| s.id.as_str()) data-stage=field(|s| s.stage.as_str())
            data-result=field(|s| s.result.map_or("", |r| r.as_str()))
            data-state=move || state.get().as_str()
            aria-current=move || (state.get() == StepState::Current).then_some("step")>
            <span class="build-num">{index + 1}</span>
            " "
            {move || {
                let pending = state.get() == StepState::Pending;
                step.with(|s| s.as_ref().map(|s| {
                    let label = short(s);
                    // What a check found stays hidden until it is reached.
                    if pending { label.trim_end_matches([' ', '✓', '✗', '⚠', '–']).to_string() } else { label }
                })).unwrap_or_default()
            }}
        </li>
    }
}
