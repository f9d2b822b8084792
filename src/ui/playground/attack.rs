//! The attack lab's guided exercises and the attacker (issue 12): a button
//! per exercise, the open exercise's card (goal, steps, hints, the fix, a
//! reset to its start), and `evil.example` with its loot: the comments page
//! with the injected script, its cross-site form, and its own machine
//! sending what it stole.

use super::Guide;
use super::{focus_after_redraw, use_world};
use crate::jwt::display::shorten;
use crate::sim::attacker::{Credential, ATTACKER_HOST, CSRF_NAME, INJECTED_COMMENT};
use crate::sim::exercise::{Exercise, EXERCISES};
use crate::sim::scenario::{Scenario, SCENARIOS};
use crate::sim::{
    Mode, Sender, TokenStorage, Weakness, World, RENAME_PATH, SESSION_COOKIE, TOKEN_COOKIE,
};
use leptos::html::H3;
use leptos::prelude::*;

/// In the lab's panel: one button per guided attack.
/// Opening one folds the lab's panel (`lab`) away, so the card shows near the top.
#[component]
pub fn ExerciseList(lab: NodeRef<leptos::html::Details>) -> impl IntoView {
    let world = use_world();
    view! {
        <div class="exercise-list">
            <p class="control-label" id="exercise-list-title">"Guided attacks (each starts from its own set-up):"</p>
            <ul class="exercises" aria-labelledby="exercise-list-title">
                {EXERCISES.iter().map(|e| {
                    let weakness = e.weakness;
                    view! {
                        <li>
                            <button type="button" class="btn btn-small" data-testid=format!("attack-{}", e.id())
                                aria-pressed=move || (world.exercise() == Some(weakness)).to_string()
                                on:click=move |_| {
                                    if let Some(details) = lab.get_untracked() {
                                        let _ = details.remove_attribute("open");
                                        if let Ok(Some(advanced)) = details.closest("details.advanced") {
                                            let _ = advanced.remove_attribute("open");
                                        }
                                    }
                                    // The address no longer names a scenario.
                                    if super::custom::names_a_guide(&crate::ui::util::location_hash()) {
                                        crate::ui::util::go_to(&crate::ui::Route::Playground.hash());
                                    }
                                    world.open_exercise(weakness);
                                }>
                                <code>{e.id()}</code>": "{e.title}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

/// What the card shows of a guide, whichever kind it is.
struct CardText {
    /// `attack` or `scenario`: the prefix of the card's test ids.
    kind: &'static str,
    id: &'static str,
    heading: String,
    goal: &'static str,
    start: String,
    steps: &'static [&'static str],
    hints: Vec<&'static str>,
    /// "Then fix it" (attacks) or "What it shows" (scenarios).
    then: (&'static str, &'static str),
    rule: Option<String>,
}

impl CardText {
    fn of(guide: Guide) -> Option<CardText> {
        match guide {
            Guide::Attack(weakness) => {
                let e = Exercise::of(weakness)?;
                let (email, _) = e.user();
                Some(CardText {
                    kind: "attack",
                    id: e.id(),
                    heading: format!("Attack lab: {}", e.title),
                    goal: e.goal,
                    start: format!(
                        "Start: {email} is logged in, one server, weakness {} on: it {}.",
                        e.id(),
                        weakness.describe()
                    ),
                    steps: e.steps,
                    hints: e.hints.to_vec(),
                    then: ("Then fix it: ", e.fix),
                    rule: Some(format!("The rule: {}.", weakness.rfc())),
                })
            }
            Guide::Scenario(id) => {
                let s = Scenario::of(id)?;
                Some(CardText {
                    kind: "scenario",
                    id: s.id,
                    heading: format!("Scenario: {}", s.title),
                    goal: s.goal,
                    start: format!("The notes say: {}", s.claim),
                    steps: s.steps,
                    hints: s.hints.to_vec(),
                    then: ("What it shows: ", s.lesson),
                    rule: None,
                })
            }
            Guide::Custom(c) => Some(CardText {
                kind: "custom",
                id: c.id(),
                heading: format!("Teacher's scenario: {}", c.title()),
                goal: c.goal(),
                start: c.start_words(),
                steps: &[],
                hints: c.hints().iter().map(String::as_str).collect(),
                then: ("What it shows: ", c.lesson()),
                rule: None,
            }),
        }
    }
}

/// Has the open guide's goal been reached?
pub(super) fn guide_reached(guide: Option<Guide>, w: &World) -> bool {
    guide.is_some_and(|g| g.reached(w))
}

/// The key under which solved guides are kept in the browser's storage
/// (the playground's own simulated state: no user secret is in it).
const SOLVED_KEY: &str = "jwt-playground.solved";

/// The solved guides, shared by the list and the card.
#[derive(Clone, Copy)]
struct Solved(RwSignal<Vec<String>>);

/// Read what this browser solved before, for the playground's components.
pub fn provide_solved() {
    let loaded = crate::ui::util::storage_get(SOLVED_KEY)
        .map(|s| s.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default();
    provide_context(Solved(RwSignal::new(loaded)));
}

fn use_solved() -> Solved {
    use_context::<Solved>().unwrap_or_else(|| Solved(RwSignal::new(Vec::new())))
}

impl Solved {
    fn has(&self, key: &str) -> bool {
        self.0.with(|s| s.iter().any(|k| k == key))
    }

    fn add(&self, key: String) {
        if self.0.with_untracked(|s| s.contains(&key)) {
            return;
        }
        self.0.update(|s| s.push(key));
        crate::ui::util::storage_set(SOLVED_KEY, &self.0.with_untracked(|s| s.join(" ")));
    }
}

/// Open `guide`: a scenario through its address (so Back returns), an
/// exercise directly.
fn go_to_guide(world: super::WorldSignal, guide: Guide) {
    match guide {
        Guide::Scenario(id) => crate::ui::util::go_to(&crate::ui::Route::Scenario(id).hash()),
        Guide::Custom(_) => world.open(guide),
        Guide::Attack(weakness) => {
            if super::custom::names_a_guide(&crate::ui::util::location_hash()) {
                crate::ui::util::go_to(&crate::ui::Route::Playground.hash());
            }
            world.open_exercise(weakness);
        }
    }
}

/// The open guide's goal, the stage's first line: reached or not (in words
/// and a sign, announced), back to the exact start, the next one, and leave.
/// It stays in view wherever on the stage the student clicks.
#[component]
pub fn GoalBar() -> impl IntoView {
    let world = use_world();
    let solved = use_solved();
    let open = Memo::new(move |_| world.guide());
    let reached = world.memo(move |w| guide_reached(world.guide(), w));
    let heading = NodeRef::<H3>::new();
    // Opening a guide moves the keyboard to its goal.
    Effect::watch(
        move || open.get(),
        move |guide, _, _| {
            if guide.is_some() {
                focus_after_redraw(heading);
            }
        },
        false,
    );
    // A reached goal is remembered, in this browser.
    Effect::new(move |_| {
        if reached.get() {
            if let Some(text) = open.get_untracked().and_then(CardText::of) {
                solved.add(format!("{}-{}", text.kind, text.id));
            }
        }
    });
    let leave = move |_| {
        // A scenario's link would open it again: the address goes back to the playground.
        let was_scenario = matches!(
            world.guide_untracked(),
            Some(Guide::Scenario(_) | Guide::Custom(_))
        );
        world.close_guide();
        if was_scenario {
            crate::ui::util::go_to(&crate::ui::Route::Playground.hash());
        }
        // The button goes with the banner: the keyboard moves on to the
        // list of scenarios, where the next guide is picked, not the page.
        request_animation_frame(|| {
            use wasm_bindgen::JsCast;
            if let Some(el) = document()
                .query_selector("details.scenarios > summary")
                .ok()
                .flatten()
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        });
    };
    view! {
        {move || open.get().and_then(|guide| CardText::of(guide).map(|t| (guide, t))).map(|(guide, t)| {
            let kind = t.kind;
            let next = Guide::next(guide);
            let next_word = match guide {
                Guide::Scenario(_) | Guide::Custom(_) => "Next scenario",
                Guide::Attack(_) => "Next attack",
            };
            let last = if matches!(guide, Guide::Custom(_)) {
                "A scenario of its own: no next one."
            } else {
                "That was the last one."
            };
            view! {
                <div class="goal-bar" data-testid="goal-bar" data-kind=kind data-guide=t.id
                    data-reached=move || reached.get().to_string()>
                    <h3 id="guide-title" class="goal-title" tabindex="-1" node_ref=heading>{t.heading}</h3>
                    <p class="goal" data-testid=format!("{kind}-goal") data-reached=move || reached.get().to_string()>
                        <strong>"Goal: "</strong>{t.goal}" "
                        <span class="goal-state" role="status">{move || if reached.get() {
                            "✓ Reached."
                        } else {
                            "○ Not reached yet."
                        }}</span>
                    </p>
                    <div class="goal-actions">
                        <super::goal_questions::QuestionsButton reached testid="goal-questions" />
                        <button type="button" class="btn btn-small" data-testid=format!("{kind}-reset")
                            on:click=move |_| world.open(guide)>"↺ Back to the exact start"</button>
                        {match next {
                            Some((next, title)) => view! {
                                <button type="button" data-testid="next-scenario"
                                    class=move || if reached.get() { "btn btn-small btn-primary" } else { "btn btn-small" }
                                    aria-label=format!("{next_word}: {title}")
                                    on:click=move |_| go_to_guide(world, next)>
                                    {format!("{next_word} ▶")}
                                </button>
                            }.into_any(),
                            None => view! { <span class="field-note">{last}</span> }.into_any(),
                        }}
                        <button type="button" class="btn btn-small" data-testid=format!("{kind}-close")
                            on:click=leave>"Leave (free play)"</button>
                    </div>
                </div>
            }
        })}
    }
}

/// The open guide's steps, at the top of the Browser column where the
/// student clicks: how it starts, what to do, hints, what it shows; an
/// exercise's own weakness switch, so "then fix it" needs nothing unfolded.
#[component]
pub fn GuideCard() -> impl IntoView {
    let world = use_world();
    let open = Memo::new(move |_| world.guide());
    let weaknesses = world.memo(World::weaknesses);
    let reached = world.memo(move |w| guide_reached(world.guide(), w));
    let solved = use_solved();
    view! {
        {move || open.get().and_then(|guide| CardText::of(guide).map(|t| (guide, t))).map(|(guide, t)| {
            if let Guide::Custom(scenario) = guide {
                return view! { <super::custom::CustomCard scenario /> }.into_any();
            }
            let kind = t.kind;
            let fix = match guide {
                Guide::Attack(weakness) => Some(view! {
                    <label class="check-label fix-switch">
                        <input type="checkbox" data-testid="attack-fix-switch"
                            prop:checked=move || weaknesses.with(|w| w.contains(&weakness))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                world.act(|w| w.set_weakness(weakness, on));
                            } />
                        " Weakness "<code>{weakness.as_str()}</code>" on (untick it to fix the server; the same switch as in the attack lab)"
                    </label>
                }),
                Guide::Scenario(_) | Guide::Custom(_) => None,
            };
            view! {
                <section class="exercise" data-testid=format!("{kind}-card") data-exercise=t.id data-kind=kind
                    aria-label=format!("{}: steps", t.heading)>
                    <details class="guide-steps" open>
                        <summary>"Steps and hints"</summary>
                        <p class="field-note">{t.start}</p>
                        <ol class="steps">{t.steps.iter().map(|s| view! { <li>{*s}</li> }).collect_view()}</ol>
                        <details class="hints">
                            <summary>"Hints"</summary>
                            <ul>{t.hints.into_iter().map(|h| view! { <li>{h}</li> }).collect_view()}</ul>
                        </details>
                        <p><strong>{t.then.0}</strong>{t.then.1}</p>
                        {fix}
                        {t.rule.map(|r| view! { <p class="field-note">{r}</p> })}
                    </details>
                    {match guide {
                        Guide::Attack(weakness) => Some(view! { <super::weakness_code::WeaknessCode name=weakness.as_str() /> }),
                        Guide::Scenario(_) | Guide::Custom(_) => None,
                    }}
                    {
                        // Two or three questions, once the goal is reached (or was before).
                        let key = format!("{kind}-{}", t.id);
                        let key2 = key.clone();
                        let done = Signal::derive(move || reached.get() || solved.has(&key2));
                        view! { <crate::ui::teach::GuideQuestions guide=key reached=done /> }
                    }
                </section>
            }
            .into_any()
        })}
    }
}

/// The guided scenarios, each a link (`#/scenario/<id>`), marked when solved.
#[component]
pub fn ScenarioList() -> impl IntoView {
    let solved = use_solved();
    let count = move || {
        SCENARIOS
            .iter()
            .filter(|s| solved.has(&format!("scenario-{}", s.id)))
            .count()
    };
    view! {
        <details class="scenarios">
            <summary class="control-label">{move || format!(
                "Scenarios: {} of {} solved",
                count(),
                SCENARIOS.len()
            )}</summary>
            <ol class="scenario-list" data-testid="scenario-list">
                {SCENARIOS.iter().map(|s| {
                    let key = format!("scenario-{}", s.id);
                    let done = {
                        let key = key.clone();
                        move || solved.has(&key)
                    };
                    let done_attr = done.clone();
                    view! {
                        <li>
                            <a href=format!("#/scenario/{}", s.id) data-testid=key
                                data-solved=move || done_attr().to_string()>{s.title}</a>
                            {move || done().then_some(" ✓ solved")}
                            <span class="field-note">{format!(" {}", s.claim)}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </details>
    }
}

/// Is the attacker's site part of what is going on?
fn attacker_shown(w: &World, exercise: Option<Weakness>) -> bool {
    let site = |x: &Weakness| {
        matches!(
            x,
            Weakness::Xss | Weakness::NoHttpOnly | Weakness::SameSiteNone | Weakness::TokenInUrl
        )
    };
    w.weaknesses().iter().any(site)
        || exercise.as_ref().is_some_and(site)
        || !w.loot().stolen.is_empty()
        || w.loot().script_ran.is_some()
        || w.log()
            .iter()
            .any(|e| matches!(e.sender, Sender::Attacker | Sender::CrossSite))
}

/// `evil.example`: the comments page with its injected script, the
/// attacker's own page (CSRF), its machine, and its loot.
#[component]
pub fn AttackerPanel() -> impl IntoView {
    let world = use_world();
    let shown = world.memo(move |w| attacker_shown(w, world.exercise()));
    let loot = world.memo(|w| w.loot().clone());
    let cross_site = world.memo(|w| {
        w.log()
            .iter()
            .filter(|e| e.sender == Sender::CrossSite)
            .map(|e| {
                let cookie = if e.request.cookie(SESSION_COOKIE).is_some() {
                    Some("the session cookie")
                } else if e.request.cookie(TOKEN_COOKIE).is_some() {
                    Some("the token cookie")
                } else {
                    None
                };
                (e.seq, e.status(), cookie)
            })
            .collect::<Vec<_>>()
    });
    // The script ran, and the token was out of its reach in an HttpOnly cookie.
    let missed_cookie_token = world.memo(|w| {
        w.loot().script_ran == Some(true)
            && w.mode() == Mode::Jwt
            && w.browser().storage() == TokenStorage::HttpOnlyCookie
            && w.browser().jar.get(TOKEN_COOKIE).is_some()
            && !matches!(w.loot().credential(), Some(Credential::Token(_)))
    });
    let credential = world.memo(|w| w.loot().credential().is_some());
    let path = RwSignal::new("/api/admin".to_string());
    let send = move |_| {
        let p = path.get_untracked();
        world.act(|w| w.attacker_send(&p));
    };
    view! {
        <Show when=move || shown.get()>
            <section class="attacker" data-testid="attacker-panel" aria-labelledby="attacker-title">
                <h4 id="attacker-title">"☠ The attacker: https://"{ATTACKER_HOST}</h4>
                <div class="comments">
                    <p class="field-note">"A visitor left this comment on the app's comments page:"</p>
                    <pre class="mono http-text clip">{INJECTED_COMMENT}</pre>
                    <button type="button" class="btn" data-testid="open-comments"
                        on:click=move |_| { world.act(World::open_comments_page); }>
                        "Open the comments page"
                    </button>
                    {move || loot.with(|l| l.script_ran).map(|ran| view! {
                        <p class="field-note" data-testid="comments-result" data-ran=ran.to_string()>{if ran {
                            "The page inserted the comment as HTML: the broken image's onerror script ran with the page's rights and posted what it could read to evil.example (see the network log)."
                        } else {
                            "The page escaped the comment: it shows as text, and nothing in it runs."
                        }}</p>
                    })}
                </div>
                <div class="row">
                    <button type="button" class="btn" data-testid="visit-evil"
                        on:click=move |_| { world.act(World::visit_attacker_site); }>
                        "Visit evil.example (its page posts to the app)"
                    </button>
                </div>
                <div class="row">
                    <button type="button" class="btn" data-testid="follow-link"
                        on:click=move |_| { world.act(World::follow_link_to_attacker); }>
                        "Follow a link on the app's page to evil.example"
                    </button>
                </div>
                <p class="field-note">"The browser tells evil.example which page the visitor came from, in the Referer header."</p>
                <p class="field-note">{format!("evil.example's page sends POST {RENAME_PATH} with {{\"name\": \"{CSRF_NAME}\"}} as text/plain: the browser adds the app's cookies only if their SameSite allows it.")}</p>
                <div class="row">
                    <label for="attacker-path">"From evil.example's own machine:"</label>
                    <select id="attacker-path" data-testid="attacker-path"
                        prop:value=move || path.get() on:change=move |ev| path.set(event_target_value(&ev))>
                        <option value="/api/admin">"GET /api/admin"</option>
                        <option value="/api/profile">"GET /api/profile"</option>
                    </select>
                    <button type="button" class="btn" data-testid="attacker-send" on:click=send>
                        {move || if credential.get() { "Send it with the stolen credential" } else { "Send it (nothing stolen yet)" }}
                    </button>
                </div>
                <div class="loot" data-testid="attacker-loot" aria-live="polite">
                    <h5>"The attacker's loot"</h5>
                    {move || {
                        let empty = loot.with(|l| l.is_empty())
                            && cross_site.with(Vec::is_empty)
                            && !missed_cookie_token.get();
                        empty.then(|| view! { <p class="field-note" data-testid="loot-empty">"Nothing yet."</p> })
                    }}
                    <ul>
                        {move || loot.with(|l| l.stolen.iter().map(|s| view! {
                            <li data-testid="loot-item" data-name=s.name.clone()>
                                <strong>{format!("{} (from {}): ", s.name, s.from)}</strong>
                                <span class="mono clip">{shorten(&s.value, 80).into_owned()}</span>
                            </li>
                        }).collect_view())}
                        {move || loot.with(|l| l.refresh.clone()).map(|r| view! {
                            <li><strong>"A stolen refresh token: "</strong><span class="mono clip">{shorten(&r, 60).into_owned()}</span></li>
                        })}
                        {move || missed_cookie_token.get().then(|| view! {
                            <li data-testid="loot-no-token">"No token: the injected script read document.cookie and localStorage, and the JWT was in neither. It sits in an HttpOnly cookie, which page script cannot see."</li>
                        })}
                        {move || cross_site.get().into_iter().map(|(seq, status, cookie)| view! {
                            <li data-testid="loot-csrf" data-status=status.to_string()>{format!(
                                "Request #{seq}, sent by the user's browser for evil.example's page, {}: {status}{}",
                                cookie.map_or("without the app's credential cookie".to_string(), |c| format!("with {c}")),
                                if status == 200 { ", done as the user" } else { ", refused" }
                            )}</li>
                        }).collect_view()}
                    </ul>
                </div>
            </section>
        </Show>
    }
}
