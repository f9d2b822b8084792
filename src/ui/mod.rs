//! The Leptos view. Components read the pure model (`crate::jwt`,
//! `crate::sim`) through signals and send it actions; no crypto or protocol
//! logic lives here.

mod checklist;
mod debugger;
mod playground;
mod signatures;
mod token_view;
mod util;

use leptos::prelude::*;

/// Mount the whole app on `<body>`.
pub fn mount() {
    leptos::mount::mount_to_body(App);
    util::mark_mounted();
}

#[component]
fn App() -> impl IntoView {
    view! {
        <header class="app-header">
            <h1>"JWT & cookie-session playground"</h1>
            <Tabs />
            <p class="offline-note">"Runs entirely in your browser: nothing you type leaves this page."</p>
        </header>
        <main data-testid="app" data-ready="true">
            <Screen />
        </main>
    }
}

/// The screens, chosen by the URL hash so a teacher can bookmark one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    Playground,
    Debugger,
}

impl Route {
    fn from_hash(hash: &str) -> Route {
        match hash.trim_start_matches('#').trim_start_matches('/') {
            "debugger" => Route::Debugger,
            _ => Route::Playground,
        }
    }

    /// The route's name, kept in a string signal (one signal type fewer in the wasm).
    fn name(self) -> &'static str {
        match self {
            Route::Playground => "playground",
            Route::Debugger => "debugger",
        }
    }

    /// The current route's name, following `hashchange`; it changes only when
    /// the screen does.
    fn signal() -> RouteSignal {
        if let Some(route) = use_context::<RouteSignal>() {
            return route;
        }
        let route = RouteSignal(RwSignal::new(
            Route::from_hash(&util::location_hash()).name().to_string(),
        ));
        let handle = window_event_listener(leptos::ev::hashchange, move |_| {
            let name = Route::from_hash(&util::location_hash()).name();
            if route.0.with_untracked(|r| r != name) {
                route.0.set(name.to_string());
            }
        });
        on_cleanup(move || handle.remove());
        provide_context(route);
        route
    }
}

/// The current route (context).
#[derive(Clone, Copy)]
struct RouteSignal(RwSignal<String>);

impl RouteSignal {
    fn get(&self) -> Route {
        self.0.with(|name| Route::from_hash(name))
    }
}

#[component]
fn Tabs() -> impl IntoView {
    let route = Route::signal();
    let tab =
        move |target: Route, href: &'static str, label: &'static str, testid: &'static str| {
            view! {
                <a href=href class="tab" data-testid=testid
                    aria-current=move || if route.get() == target { "page" } else { "false" }>
                    {label}
                </a>
            }
        };
    view! {
        <nav class="tabs" aria-label="Screens">
            {tab(Route::Playground, "#/playground", "Playground", "tab-playground")}
            {tab(Route::Debugger, "#/debugger", "Token debugger", "tab-debugger")}
        </nav>
    }
}

#[component]
fn Screen() -> impl IntoView {
    let route = Route::signal();
    provide_context(debugger::DebuggerInbox::new());
    move || match route.get() {
        Route::Debugger => view! { <debugger::Debugger /> }.into_any(),
        Route::Playground => view! { <playground::Playground /> }.into_any(),
    }
}
