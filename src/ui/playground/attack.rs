//! The attack lab's guided exercises and the attacker (issue 12): a button
//! per exercise, the open exercise's card (goal, steps, hints, the fix, a
//! reset to its start), and `evil.example` with its loot: the comments page
//! with the injected script, its cross-site form, and its own machine
//! sending what it stole.

use super::{focus_after_redraw, use_world};
use crate::jwt::display::shorten;
use crate::sim::attacker::{ATTACKER_HOST, CSRF_NAME, INJECTED_COMMENT};
use crate::sim::exercise::{Exercise, EXERCISES};
use crate::sim::{Sender, Weakness, World, RENAME_PATH};
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

/// The open exercise, above the columns: its goal (reached or not, in
/// words), the steps, hints, what the fix shows, and a way back to its start.
#[component]
pub fn ExerciseCard() -> impl IntoView {
    let world = use_world();
    let open = Memo::new(move |_| world.exercise().and_then(Exercise::of));
    let reached = world.memo(move |w| {
        world
            .exercise()
            .and_then(Exercise::of)
            .is_some_and(|e| e.reached(w))
    });
    let on = world.memo(World::weaknesses);
    let heading = NodeRef::<H3>::new();
    // Opening an exercise moves the keyboard (and the view) to its card.
    Effect::watch(
        move || open.get().map(Exercise::id),
        move |id, _, _| {
            if id.is_some() {
                focus_after_redraw(heading);
            }
        },
        false,
    );
    view! {
        {move || open.get().map(|e| {
            let weakness = e.weakness;
            let (email, _) = e.user();
            view! {
                <section class="exercise" data-testid="attack-exercise" data-exercise=e.id() aria-labelledby="exercise-title">
                    <h3 id="exercise-title" tabindex="-1" node_ref=heading>"Attack lab: "{e.title}</h3>
                    <p class="goal" data-testid="attack-goal" data-reached=move || reached.get().to_string()>
                        <strong>"Goal: "</strong>{e.goal}" "
                        <span class="goal-state" role="status">{move || if reached.get() {
                            "✓ Reached: the attack worked."
                        } else {
                            "○ Not reached yet."
                        }}</span>
                    </p>
                    <p class="field-note">{format!("Start: {email} is logged in, one server, weakness ")}<code>{e.id()}</code>{format!(" on: it {}.", weakness.describe())}
                        {move || (!on.with(|w| w.contains(&weakness))).then_some(" The weakness is now OFF: try the same attack against the strict server.")}</p>
                    <ol class="steps">{e.steps.iter().map(|s| view! { <li>{*s}</li> }).collect_view()}</ol>
                    <details class="hints">
                        <summary>"Hints"</summary>
                        <ul>{e.hints.iter().map(|h| view! { <li>{*h}</li> }).collect_view()}</ul>
                    </details>
                    <p><strong>"Then fix it: "</strong>{e.fix}</p>
                    <p class="field-note">{format!("The rule: {}.", weakness.rfc())}</p>
                    <div class="row">
                        <button type="button" class="btn" data-testid="attack-reset"
                            on:click=move |_| world.open_exercise(weakness)>"Start this attack again"</button>
                        <button type="button" class="btn" data-testid="attack-close"
                            on:click=move |_| world.close_exercise()>"Leave the exercise (free play)"</button>
                    </div>
                </section>
            }
        })}
    }
}

/// Is the attacker's site part of what is going on?
fn attacker_shown(w: &World, exercise: Option<Weakness>) -> bool {
    let site = |x: &Weakness| {
        matches!(
            x,
            Weakness::Xss | Weakness::NoHttpOnly | Weakness::SameSiteNone
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
            .map(|e| (e.seq, e.status(), e.request.cookie("sid").is_some()))
            .collect::<Vec<_>>()
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
                        let empty = loot.with(|l| l.is_empty()) && cross_site.with(Vec::is_empty);
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
                        {move || cross_site.get().into_iter().map(|(seq, status, with_cookie)| view! {
                            <li data-testid="loot-csrf" data-status=status.to_string()>{format!(
                                "Request #{seq}, sent by the user's browser for evil.example's page, {}: {status}{}",
                                if with_cookie { "with the session cookie" } else { "without any session cookie" },
                                if status == 200 { ", done as the user" } else { ", refused" }
                            )}</li>
                        }).collect_view()}
                    </ul>
                </div>
            </section>
        </Show>
    }
}
