//! The Leptos view. Components read the pure model (`crate::jwt`,
//! `crate::sim`) through signals and send it actions; no crypto or protocol
//! logic lives here.
//!
//! Each panel is a component in its own file with its state and handlers
//! beside its markup; lists are keyed `<For>`s, so a row that did not change
//! is never touched and keeps its focus and open/closed state.

mod background;
mod builder;
mod checklist;
mod debugger;
mod playground;
mod presenter;
mod signatures;
mod site_file;
mod teach;
mod text_area;
mod token_view;
mod util;

use leptos::prelude::*;

/// Mount the whole app on `<body>`.
pub fn mount() {
    util::mark("app-start");
    leptos::mount::mount_to_body(App);
    util::remove_app_shell();
    util::mark_mounted();
    util::register_service_worker();
}

#[component]
fn App() -> impl IntoView {
    let route = RouteSignal::follow_hash();
    provide_context(route);
    provide_context(debugger::DebuggerInbox::new());
    // Both screens keep their state while the other one is shown.
    provide_context(playground::WorldKeeper::new());
    provide_context(debugger::DebuggerFields::new());
    let pacing = presenter::Pacing::new();
    provide_context(pacing);
    pacing.listen();
    view! {
        <header class="app-header">
            <div class="brand">
                <h1>"JWT & cookie-session playground"</h1>
                <p class="offline-note">"Runs offline: nothing you type leaves this page."</p>
            </div>
            <Tabs />
            <presenter::PresenterToggle />
        </header>
        <main data-testid="app" data-ready="true">
            <Screen />
        </main>
    }
}

/// The screens, chosen by the URL hash so a teacher can bookmark one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Playground,
    Debugger,
    /// The playground with a guided scenario open (`#/scenario/<id>`).
    Scenario(&'static str),
    /// The builder of a teacher's own scenario (`#/teach/build`).
    TeachBuild,
    /// The playground with a teacher's scenario open (`#/custom/<payload>`):
    /// a key of the payload, which the playground reads from the address.
    Custom(u64),
    /// The teacher's page (`#/teach`): plan, handout, quiz, progress code.
    Teach,
    /// The class's progress codes, read into a table (`#/teach/class`).
    TeachClass,
}

impl Route {
    /// `#/debugger` is the debugger; anything else is the playground (the start page).
    pub fn from_hash(hash: &str) -> Route {
        match hash.trim_start_matches('#').trim_start_matches('/') {
            "debugger" => Route::Debugger,
            "teach/build" => Route::TeachBuild,
            other if other.starts_with("custom/") => Route::Custom(crate::sim::custom::link_key(
                other.trim_start_matches("custom/"),
            )),
            "teach" => Route::Teach,
            "teach/class" => Route::TeachClass,
            other => other
                .strip_prefix("scenario/")
                .and_then(crate::sim::scenario::Scenario::of)
                .map_or(Route::Playground, |s| Route::Scenario(s.id)),
        }
    }

    /// The name `#/scenario/<name>` asks for when no scenario has it
    /// (percent-escapes decoded where they can be): said, not silently
    /// replaced by free play.
    pub fn unknown_scenario(hash: &str) -> Option<String> {
        let asked = hash
            .trim_start_matches('#')
            .trim_start_matches('/')
            .strip_prefix("scenario/")?;
        if crate::sim::scenario::Scenario::of(asked).is_some() {
            return None;
        }
        Some(
            js_sys::decode_uri_component(asked)
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_else(|| asked.to_string()),
        )
    }

    pub fn hash(self) -> String {
        match self {
            Route::Playground => "#/playground".to_string(),
            Route::Debugger => "#/debugger".to_string(),
            Route::Scenario(id) => format!("#/scenario/{id}"),
            Route::TeachBuild => "#/teach/build".to_string(),
            // Only the address holds the payload: going to it goes to the playground.
            Route::Custom(_) => "#/playground".to_string(),
            Route::Teach => "#/teach".to_string(),
            Route::TeachClass => "#/teach/class".to_string(),
        }
    }

    /// Which screen it shows: a scenario is the playground.
    fn screen(self) -> Route {
        match self {
            Route::Scenario(_) | Route::Custom(_) => Route::Playground,
            Route::TeachClass => Route::Teach,
            other => other,
        }
    }

    /// Which header tab is lit: the builder belongs to the teacher's page.
    fn tab(self) -> Route {
        match self.screen() {
            Route::TeachBuild => Route::Teach,
            other => other,
        }
    }
}

/// The current route (context), following `hashchange`.
#[derive(Clone, Copy)]
pub struct RouteSignal(pub ReadSignal<Route>);

impl RouteSignal {
    fn follow_hash() -> RouteSignal {
        let (route, set_route) = signal(Route::from_hash(&util::location_hash()));
        let handle = window_event_listener(leptos::ev::hashchange, move |_| {
            let now = Route::from_hash(&util::location_hash());
            // Only a real change of screen notifies (a signal set always does).
            if route.get_untracked() != now {
                set_route.set(now);
            }
        });
        on_cleanup(move || handle.remove());
        RouteSignal(route)
    }
}

#[component]
fn Tabs() -> impl IntoView {
    let RouteSignal(route) = expect_context::<RouteSignal>();
    let tab = move |target: Route, label: &'static str, testid: &'static str| {
        view! {
            <a href=target.hash() class="tab" data-testid=testid
                aria-current=move || if route.get().tab() == target { "page" } else { "false" }>
                {label}
            </a>
        }
    };
    view! {
        <nav class="tabs" aria-label="Screens">
            {tab(Route::Playground, "Playground", "tab-playground")}
            {tab(Route::Debugger, "Token debugger", "tab-debugger")}
            {tab(Route::Teach, "Class", "tab-teach")}
        </nav>
    }
}

#[component]
fn Screen() -> impl IntoView {
    let RouteSignal(route) = expect_context::<RouteSignal>();
    // Only a change of screen redraws it: opening a scenario keeps the playground.
    let screen = Memo::new(move |_| route.get().screen());
    move || match screen.get() {
        Route::Debugger => view! { <debugger::Debugger /> }.into_any(),
        Route::TeachBuild => view! { <builder::Builder /> }.into_any(),
        Route::Teach => view! { <TeachScreen /> }.into_any(),
        _ => view! { <playground::Playground /> }.into_any(),
    }
}

/// `#/teach` and `#/teach/class`: one screen (the tab stays lit), two pages.
#[component]
fn TeachScreen() -> impl IntoView {
    let RouteSignal(route) = expect_context::<RouteSignal>();
    let class = Memo::new(move |_| route.get() == Route::TeachClass);
    move || {
        if class.get() {
            view! { <teach::ClassPage /> }.into_any()
        } else {
            view! { <teach::TeachPage /> }.into_any()
        }
    }
}
