//! The playground: Browser | Network | Server(s), over one simulated world.
//! The world lives in one signal; columns read narrow memos of it so an edit
//! in one place only redraws what changed.

mod browser_col;
mod build_player;
mod lessons;
mod network_col;
mod server_col;

use crate::sim::{LbPolicy, Mode, OsEntropy, World, WorldConfig};
use leptos::prelude::*;

/// The simulation, shared with every column through context, and a counter
/// of stories: a reset or a mode switch starts a new one (and sequence
/// numbers start again at 1, so views key by both).
#[derive(Clone, Copy)]
pub struct WorldSignal(pub RwSignal<World>, pub RwSignal<u64>);

impl WorldSignal {
    /// Start a new story (reset, replay in another mode).
    pub fn restart(&self, f: impl FnOnce(&mut World)) {
        self.1.update(|g| *g += 1);
        self.0.update(f);
    }

    /// The current story's number.
    pub fn generation(&self) -> u64 {
        self.1.get()
    }

    /// Read part of the world (tracked).
    pub fn with<R>(&self, f: impl FnOnce(&World) -> R) -> R {
        self.0.with(f)
    }

    /// Change the world.
    pub fn update(&self, f: impl FnOnce(&mut World)) {
        self.0.update(f)
    }
}

/// The world signal from context.
pub fn use_world() -> WorldSignal {
    expect_context::<WorldSignal>()
}

fn new_world() -> Result<World, String> {
    let config = WorldConfig {
        start_time: super::util::now_seconds(),
        ..WorldConfig::default()
    };
    World::new(config, Box::new(OsEntropy)).map_err(|e| e.to_string())
}

#[component]
pub fn Playground() -> impl IntoView {
    match new_world() {
        Ok(world) => {
            provide_context(WorldSignal(RwSignal::new(world), RwSignal::new(0)));
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
    let mode = Memo::new(move |_| world.with(|w| w.mode()));
    view! {
        <section class="playground" aria-labelledby="playground-title" data-mode=move || mode.get().as_str()>
            <h2 id="playground-title" class="visually-hidden">"Playground"</h2>
            <Controls />
            <lessons::Intro />
            <div class="columns">
                <browser_col::BrowserColumn />
                <network_col::NetworkColumn />
                <server_col::ServerColumn />
            </div>
            <lessons::Lessons />
        </section>
    }
}

/// Mode switch, clock, load balancer settings and reset.
#[component]
fn Controls() -> impl IntoView {
    let world = use_world();
    let mode = Memo::new(move |_| world.with(|w| w.mode()));
    let now = Memo::new(move |_| world.with(|w| w.now()));
    let policy = Memo::new(move |_| world.with(|w| w.lb_policy()));
    let shared = Memo::new(move |_| world.with(|w| w.uses_shared_store()));
    let server_count = Memo::new(move |_| world.with(|w| w.servers().len()));
    let custom = RwSignal::new("30".to_string());
    let custom_error = RwSignal::new(false);

    let mode_button = move |m: Mode, label: &'static str, testid: &'static str| {
        view! {
            <button
                type="button"
                class="mode-btn"
                data-testid=testid
                aria-pressed=move || if mode.get() == m { "true" } else { "false" }
                on:click=move |_| {
                    if mode.get_untracked() != m {
                        world.restart(|w| w.replay_in_mode(m));
                    }
                }
            >
                {label}
            </button>
        }
    };
    let advance = move |secs: i64| world.update(|w| w.advance_clock(secs));

    view! {
        <div class="controls" role="group" aria-label="Playground controls">
            <div class="control-group">
                <span class="control-label" id="mode-label">"Mode"</span>
                <div class="mode-switch" role="group" aria-labelledby="mode-label">
                    {mode_button(Mode::Jwt, "JWT", "mode-jwt")}
                    {mode_button(Mode::Session, "Cookie session", "mode-session")}
                </div>
            </div>
            <div class="control-group">
                <span class="control-label">"Clock"</span>
                <span class="clock mono" data-testid="clock-now">
                    {move || crate::jwt::claims::format_utc(now.get() as f64)}
                </span>
                <div class="row tight">
                    <button type="button" class="btn" data-testid="clock-advance-1m" on:click=move |_| advance(60)>"+1 min"</button>
                    <button type="button" class="btn" data-testid="clock-advance-5m" on:click=move |_| advance(300)>"+5 min"</button>
                    <label class="visually-hidden" for="clock-custom">"Seconds to advance the clock"</label>
                    <input id="clock-custom" data-testid="clock-custom" class="mono narrow" type="text" inputmode="numeric"
                        aria-invalid=move || custom_error.get().then_some("true")
                        prop:value=move || custom.get()
                        on:input=move |ev| custom.set(event_target_value(&ev)) />
                    <button type="button" class="btn" data-testid="clock-advance-custom"
                        on:click=move |_| {
                            match custom.get_untracked().trim().parse::<i64>() {
                                Ok(secs) if secs > 0 && secs <= 10 * 365 * 86_400 => { custom_error.set(false); advance(secs) }
                                _ => custom_error.set(true),
                            }
                        }>
                        "+ seconds"
                    </button>
                </div>
                {move || (custom_error.get()).then(|| view! {
                    <p class="warning" role="alert">"Enter a whole number of seconds, from 1 up to ten years."</p>
                })}
            </div>
            <div class="control-group">
                <span class="control-label">{move || format!("Servers: {}", server_count.get())}</span>
                <div class="row tight">
                    <button type="button" class="btn" data-testid="add-server"
                        disabled=move || { server_count.get() >= crate::sim::MAX_SERVERS }
                        on:click=move |_| world.update(|w| { w.add_server(); })>
                        "+ Add server"
                    </button>
                    <button type="button" class="btn" data-testid="remove-server"
                        disabled=move || server_count.get() <= 1
                        on:click=move |_| world.update(|w| { w.remove_server(); })>
                        "− Remove"
                    </button>
                </div>
                <label for="lb-policy">"Load balancer"</label>
                <select id="lb-policy" data-testid="lb-policy"
                    prop:value=move || policy.get().as_str().to_string()
                    on:change=move |ev| {
                        if let Some(p) = LbPolicy::from_str_value(&event_target_value(&ev)) {
                            world.update(|w| w.set_lb_policy(p));
                        }
                    }>
                    <option value="round-robin">"round-robin (each request to the next server)"</option>
                    <option value="sticky">"sticky (a browser stays on one server)"</option>
                </select>
                <label class="check-label">
                    <input type="checkbox" data-testid="shared-store"
                        prop:checked=move || shared.get()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            world.update(|w| w.set_shared_store(on));
                        } />
                    " Shared session store (like Redis)"
                </label>
            </div>
            <div class="control-group">
                <button type="button" class="btn" data-testid="reset"
                    on:click=move |_| world.restart(|w| w.reset())>
                    "↺ Start the story again"
                </button>
            </div>
        </div>
    }
}
