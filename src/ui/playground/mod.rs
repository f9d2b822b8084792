//! The playground: Browser | Network | Server(s), over one simulated world.
//! The world lives in one signal; columns read narrow memos of it so an edit
//! in one place only redraws what changed.

mod browser_col;
mod build_player;
mod lessons;
mod network_col;
mod server_col;

use crate::markup::{maybe, Html};
use crate::sim::{LbPolicy, Mode, World, WorldConfig};
use crate::ui::util::{hit, Hit};
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
    World::new(config, Box::new(super::util::BrowserEntropy)).map_err(|e| e.to_string())
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
    // Text typed in the clock's custom field, and whether it was refused.
    let custom = RwSignal::new("30".to_string());
    let custom_error = RwSignal::new(false);
    let on_event = move |ev: &web_sys::Event| {
        let Some(hit) = hit(ev) else {
            return;
        };
        let kind = ev.type_();
        // Typing in a field only keeps the text; a click or a change acts.
        if kind == "input" {
            if hit.action == "clock-custom" {
                custom.set(hit.value);
            }
            return;
        }
        let is_field = matches!(
            hit.action.as_str(),
            "lb-policy" | "shared-store" | "clock-custom"
        );
        if is_field != (kind == "change") {
            return;
        }
        act(world, &hit, custom, custom_error);
        hit.keep_focus();
    };
    view! {
        <section class="playground" aria-labelledby="playground-title" data-mode=move || mode.get().as_str()
            on:click=move |ev| on_event(&ev) on:change=move |ev| on_event(&ev) on:input=move |ev| on_event(&ev)>
            <h2 id="playground-title" class="visually-hidden">"Playground"</h2>
            <div class="controls" role="group" aria-label="Playground controls"
                inner_html=move || world.with(|w| controls_html(w, &custom.get_untracked(), custom_error.get()))></div>
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

/// Carry out what a button, select or checkbox written as markup asks for.
fn act(world: WorldSignal, hit: &Hit, custom: RwSignal<String>, custom_error: RwSignal<bool>) {
    let id = hit.arg.parse::<usize>().ok();
    match (hit.action.as_str(), id) {
        ("mode", _) => {
            let m = if hit.arg == "session" {
                Mode::Session
            } else {
                Mode::Jwt
            };
            if world.0.with_untracked(|w| w.mode()) != m {
                world.restart(|w| w.replay_in_mode(m));
            }
        }
        ("clock", Some(secs)) => world.update(|w| w.advance_clock(secs as i64)),
        ("clock-custom-go", _) => match custom.get_untracked().trim().parse::<i64>() {
            Ok(secs) if secs > 0 && secs <= 10 * 365 * 86_400 => {
                custom_error.set(false);
                world.update(|w| w.advance_clock(secs));
            }
            _ => custom_error.set(true),
        },
        ("add-server", _) => world.update(|w| {
            w.add_server();
        }),
        ("remove-server", _) => world.update(|w| {
            w.remove_server();
        }),
        ("lb-policy", _) => {
            if let Some(p) = LbPolicy::from_str_value(&hit.value) {
                world.update(|w| w.set_lb_policy(p));
            }
        }
        ("shared-store", _) => world.update(|w| w.set_shared_store(hit.checked)),
        ("reset", _) => world.restart(|w| w.reset()),
        ("crash", Some(id)) => world.update(|w| {
            w.crash(id);
        }),
        ("restart", Some(id)) => world.update(|w| {
            w.restart(id);
        }),
        _ => {}
    }
}

fn button(
    h: &mut Html,
    testid: &str,
    action: &str,
    arg: &str,
    label: &str,
    extra: (&'static str, &str),
) {
    h.el(
        "button",
        &[
            ("type", "button"),
            ("class", "btn"),
            ("data-testid", testid),
            ("data-action", action),
            ("data-arg", arg),
            extra,
        ],
        label,
    );
}

/// Mode switch, clock, servers and load balancer, reset.
fn controls_html(w: &World, custom: &str, custom_error: bool) -> String {
    let mut h = Html::new();
    let pressed = |m: Mode| if w.mode() == m { "true" } else { "false" };
    h.open("div", &[("class", "control-group")])
        .el(
            "span",
            &[("class", "control-label"), ("id", "mode-label")],
            "Mode",
        )
        .open(
            "div",
            &[
                ("class", "mode-switch"),
                ("role", "group"),
                ("aria-labelledby", "mode-label"),
            ],
        )
        .el(
            "button",
            &[
                ("type", "button"),
                ("class", "mode-btn"),
                ("data-testid", "mode-jwt"),
                ("data-action", "mode"),
                ("data-arg", "jwt"),
                ("aria-pressed", pressed(Mode::Jwt)),
            ],
            "JWT",
        )
        .el(
            "button",
            &[
                ("type", "button"),
                ("class", "mode-btn"),
                ("data-testid", "mode-session"),
                ("data-action", "mode"),
                ("data-arg", "session"),
                ("aria-pressed", pressed(Mode::Session)),
            ],
            "Cookie session",
        )
        .close()
        .close();

    h.open("div", &[("class", "control-group")])
        .el("span", &[("class", "control-label")], "Clock")
        .el(
            "span",
            &[("class", "clock mono"), ("data-testid", "clock-now")],
            &crate::jwt::claims::format_utc(w.now() as f64),
        )
        .open("div", &[("class", "row tight")]);
    button(
        &mut h,
        "clock-advance-1m",
        "clock",
        "60",
        "+1 min",
        ("", ""),
    );
    button(
        &mut h,
        "clock-advance-5m",
        "clock",
        "300",
        "+5 min",
        ("", ""),
    );
    h.el(
        "label",
        &[("class", "visually-hidden"), ("for", "clock-custom")],
        "Seconds to advance the clock",
    )
    .open(
        "input",
        &[
            ("id", "clock-custom"),
            ("data-testid", "clock-custom"),
            ("data-action", "clock-custom"),
            ("class", "mono narrow"),
            ("type", "text"),
            ("inputmode", "numeric"),
            ("value", custom),
            maybe(custom_error, "aria-invalid", "true"),
        ],
    );
    button(
        &mut h,
        "clock-advance-custom",
        "clock-custom-go",
        "",
        "+ seconds",
        ("", ""),
    );
    h.close();
    if custom_error {
        h.el(
            "p",
            &[("class", "warning"), ("role", "alert")],
            "Enter a whole number of seconds, from 1 up to ten years.",
        );
    }
    h.close();

    let count = w.servers().len();
    h.open("div", &[("class", "control-group")])
        .el(
            "span",
            &[("class", "control-label")],
            &format!("Servers: {count}"),
        )
        .open("div", &[("class", "row tight")]);
    button(
        &mut h,
        "add-server",
        "add-server",
        "",
        "+ Add server",
        maybe(count >= crate::sim::MAX_SERVERS, "disabled", ""),
    );
    button(
        &mut h,
        "remove-server",
        "remove-server",
        "",
        "− Remove",
        maybe(count <= 1, "disabled", ""),
    );
    h.close()
        .el("label", &[("for", "lb-policy")], "Load balancer")
        .open(
            "select",
            &[
                ("id", "lb-policy"),
                ("data-testid", "lb-policy"),
                ("data-action", "lb-policy"),
            ],
        );
    for (value, label) in [
        (
            LbPolicy::RoundRobin,
            "round-robin (each request to the next server)",
        ),
        (LbPolicy::Sticky, "sticky (a browser stays on one server)"),
    ] {
        h.el(
            "option",
            &[
                ("value", value.as_str()),
                maybe(w.lb_policy() == value, "selected", ""),
            ],
            label,
        );
    }
    h.close()
        .open("label", &[("class", "check-label")])
        .open(
            "input",
            &[
                ("type", "checkbox"),
                ("data-testid", "shared-store"),
                ("data-action", "shared-store"),
                maybe(w.uses_shared_store(), "checked", ""),
            ],
        )
        .text(" Shared session store (like Redis)")
        .close()
        .close();

    h.open("div", &[("class", "control-group")]);
    button(
        &mut h,
        "reset",
        "reset",
        "",
        "↺ Start the story again",
        ("", ""),
    );
    h.finish()
}
