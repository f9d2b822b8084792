//! The bar above the columns: the mode switch, the simulated clock, the
//! servers and the load balancer, and "start the story again".

use super::{focus_after_redraw, has_focus, use_world};
use crate::jwt::claims::format_utc;
use crate::sim::{KeyMode, LbPolicy, Mode, World, MAX_SERVERS};
use leptos::html::Button;
use leptos::prelude::*;

/// The longest single clock move accepted: ten years.
const MAX_ADVANCE: i64 = 10 * 365 * 86_400;

#[component]
pub fn Controls() -> impl IntoView {
    // Presenter mode folds the advanced controls out of the way; they stay one
    // click away (a scenario may need the clock or the shared store).
    let advanced = NodeRef::<leptos::html::Details>::new();
    if let Some(pacing) = use_context::<crate::ui::presenter::Pacing>() {
        Effect::new(move |_| {
            if pacing.on.get() {
                if let Some(details) = advanced.get_untracked() {
                    details.set_open(false);
                }
            }
        });
    }
    view! {
        <div class="controls" role="group" aria-label="Playground controls">
            <ModeSwitch />
            <div class="control-group">
                <ResetButton />
            </div>
            <super::keep::ShareStory />
            <super::attack::ScenarioList />
            // The first screen leads with the login and the diagram; the rest
            // is one click away.
            <details class="advanced" data-testid="advanced-controls" node_ref=advanced>
                <summary class="control-label">"Advanced: keys, attack lab, clock, servers"</summary>
                <div class="advanced-body">
                    <KeyControls />
                    <super::lifecycle::SchemeControls />
                    <super::lab::WeaknessControls />
                    <ClockControls />
                    <ClusterControls />
                </div>
            </details>
        </div>
    }
}

/// JWT or cookie session: switching replays the story so far in the other mode.
#[component]
fn ModeSwitch() -> impl IntoView {
    let world = use_world();
    let mode = world.memo(World::mode);
    let choose = move |m: Mode| {
        if world.peek(World::mode) != m {
            world.restart(|w| w.replay_in_mode(m));
        }
    };
    let pressed = move |m: Mode| move || if mode.get() == m { "true" } else { "false" };
    view! {
        <div class="control-group">
            <span class="control-label visually-hidden" id="mode-label">"Mode"</span>
            <div class="mode-switch" role="group" aria-labelledby="mode-label">
                <button type="button" class="mode-btn" data-testid="mode-jwt"
                    aria-pressed=pressed(Mode::Jwt) on:click=move |_| choose(Mode::Jwt)>"JWT"</button>
                <button type="button" class="mode-btn" data-testid="mode-session"
                    aria-pressed=pressed(Mode::Session) on:click=move |_| choose(Mode::Session)>"Cookie session"</button>
            </div>
        </div>
    }
}

/// JWT mode: one shared secret, or a key pair with the issuer's keys, and
/// rotating them.
#[component]
fn KeyControls() -> impl IntoView {
    let world = use_world();
    let jwt = world.memo(|w| w.mode() == Mode::Jwt);
    let key_mode = world.memo(World::key_mode);
    let kids = world.memo(|w| w.issuer().kids());
    let rotate = NodeRef::<Button>::new();
    let remove = NodeRef::<Button>::new();
    let on_remove = move |_: leptos::ev::MouseEvent| {
        let had_focus = has_focus(remove);
        world.act(World::remove_old_key);
        // The button is disabled now (one key left): focus goes to Rotate.
        if had_focus {
            focus_after_redraw(rotate);
        }
    };
    view! {
        <Show when=move || jwt.get()>
            <div class="control-group">
                <label for="key-mode" class="control-label">"How servers trust tokens"</label>
                <select id="key-mode" data-testid="key-mode"
                    prop:value=move || key_mode.get().as_str()
                    on:change=move |ev| {
                        if let Some(k) = KeyMode::from_str_value(&event_target_value(&ev)) {
                            world.act(|w| w.set_key_mode(k));
                        }
                    }>
                    <option value=KeyMode::SharedSecret.as_str()>"shared secret (HS256)"</option>
                    <option value=KeyMode::KeyPair.as_str()>"key pair (ES256)"</option>
                </select>
                <Show when=move || key_mode.get() == KeyMode::SharedSecret>
                    <p class="field-note">"Every server holds the one secret, so every server can sign."</p>
                </Show>
                <Show when=move || key_mode.get() == KeyMode::KeyPair>
                    <p class="field-note" data-testid="issuer-kids">{move || {
                        let kids = kids.get();
                        format!(
                            "Only the issuer (server 1) signs. It publishes kid {}; signs with {}.",
                            kids.join(", "),
                            kids.last().cloned().unwrap_or_default()
                        )
                    }}</p>
                    <crate::ui::checklist::GlossLine words=Signal::stored(vec!["kid"]) label="Words" />
                    <div class="row tight">
                        <button type="button" class="btn" data-testid="rotate-key" node_ref=rotate
                            on:click=move |_| { world.act(World::rotate_key); }>"Rotate key"</button>
                        <button type="button" class="btn" data-testid="remove-old-key" node_ref=remove
                            disabled=move || kids.with(|k| k.len() <= 1) on:click=on_remove>"Remove old key"</button>
                    </div>
                </Show>
            </div>
        </Show>
    }
}

/// The simulated clock: what time the servers think it is, and buttons to move it.
#[component]
fn ClockControls() -> impl IntoView {
    let world = use_world();
    let now = world.memo(World::now);
    let custom = RwSignal::new("30".to_string());
    let refused = RwSignal::new(false);
    let advance = move |secs: i64| {
        world.act(|w| w.advance_clock(secs));
    };
    let advance_custom = move |_| match custom.with_untracked(|t| t.trim().parse::<i64>()) {
        Ok(secs) if secs > 0 && secs <= MAX_ADVANCE => {
            refused.set(false);
            advance(secs);
        }
        _ => refused.set(true),
    };
    view! {
        <div class="control-group">
            <span class="control-label">"Clock (simulated)"</span>
            <span class="clock mono" data-testid="clock-now">{move || format_utc(now.get() as f64)}</span>
            <div class="row tight">
                <button type="button" class="btn" data-testid="clock-advance-1m" on:click=move |_| advance(60)>"+1 min"</button>
                <button type="button" class="btn" data-testid="clock-advance-5m" on:click=move |_| advance(300)>"+5 min"</button>
                <label class="visually-hidden" for="clock-custom">"Seconds to advance the clock"</label>
                <input id="clock-custom" data-testid="clock-custom" class="mono narrow" type="text" inputmode="numeric"
                    aria-invalid=move || if refused.get() { "true" } else { "false" }
                    aria-describedby="clock-custom-error"
                    prop:value=move || custom.get()
                    on:input=move |ev| custom.set(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" { advance_custom(()) } />
                <button type="button" class="btn" data-testid="clock-advance-custom" on:click=move |_| advance_custom(())>"+ seconds"</button>
            </div>
            <p id="clock-custom-error" class="warning" role="alert" hidden=move || !refused.get()>
                "Enter a whole number of seconds, from 1 up to ten years."
            </p>
        </div>
    }
}

/// How many servers, how the balancer picks one, and where sessions live.
#[component]
fn ClusterControls() -> impl IntoView {
    let world = use_world();
    let count = world.memo(|w| w.servers().len());
    let policy = world.memo(World::lb_policy);
    let shared = world.memo(World::uses_shared_store);
    let add = NodeRef::<Button>::new();
    let remove = NodeRef::<Button>::new();
    // A button that becomes disabled by its own click hands focus to the other.
    let on_add = move |_: leptos::ev::MouseEvent| {
        let had_focus = has_focus(add);
        world.act(|w| w.add_server());
        if had_focus && count.get_untracked() >= MAX_SERVERS {
            focus_after_redraw(remove);
        }
    };
    let on_remove = move |_: leptos::ev::MouseEvent| {
        let had_focus = has_focus(remove);
        world.act(|w| w.remove_server());
        if had_focus && count.get_untracked() <= 1 {
            focus_after_redraw(add);
        }
    };
    view! {
        <div class="control-group">
            <span class="control-label">{move || format!("Servers: {}", count.get())}</span>
            <div class="row tight">
                <button type="button" class="btn" data-testid="add-server" node_ref=add
                    disabled=move || { count.get() >= MAX_SERVERS } on:click=on_add>"+ Add server"</button>
                <button type="button" class="btn" data-testid="remove-server" node_ref=remove
                    disabled=move || { count.get() <= 1 } on:click=on_remove>"− Remove"</button>
            </div>
            <label for="lb-policy">"Load balancer"</label>
            <select id="lb-policy" data-testid="lb-policy"
                prop:value=move || policy.get().as_str()
                on:change=move |ev| {
                    if let Some(p) = LbPolicy::from_str_value(&event_target_value(&ev)) {
                        world.act(|w| w.set_lb_policy(p));
                    }
                }>
                <option value=LbPolicy::RoundRobin.as_str()>"round-robin (next server each time)"</option>
                <option value=LbPolicy::Sticky.as_str()>"sticky (one server per browser)"</option>
            </select>
            <label class="check-label">
                <input type="checkbox" data-testid="shared-store"
                    prop:checked=move || shared.get()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        world.act(|w| w.set_shared_store(on));
                    } />
                " Shared session store (like Redis)"
            </label>
        </div>
    }
}

/// Back to the story's start: same settings, empty browser, log and memory.
#[component]
fn ResetButton() -> impl IntoView {
    let world = use_world();
    view! {
        <button type="button" class="btn" data-testid="reset" on:click=move |_| super::keep::start_again(world)>
            "↺ Start again"
        </button>
    }
}
