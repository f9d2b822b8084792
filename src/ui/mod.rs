//! The Leptos view. Components read the pure model (`crate::jwt`,
//! `crate::sim`) through signals and send it actions; no crypto or protocol
//! logic lives here.

mod checklist;
mod debugger;
mod token_view;
mod util;

use leptos::prelude::*;

/// The screens, chosen by the URL hash so a teacher can bookmark one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    Playground,
    Debugger,
}

impl Route {
    fn from_hash(hash: &str) -> Route {
        match hash.trim_start_matches('#').trim_start_matches('/') {
            "playground" => Route::Playground,
            _ => Route::Debugger,
        }
    }
}

/// Mount the whole app on `<body>`.
pub fn mount() {
    leptos::mount::mount_to_body(App);
    util::mark_mounted();
}

#[component]
fn App() -> impl IntoView {
    let route = RwSignal::new(Route::from_hash(&util::location_hash()));
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        route.set(Route::from_hash(&util::location_hash()));
    });
    on_cleanup(move || handle.remove());

    let tab =
        move |target: Route, href: &'static str, label: &'static str, testid: &'static str| {
            view! {
                <a
                    href=href
                    class="tab"
                    data-testid=testid
                    aria-current=move || (route.get() == target).then_some("page")
                >
                    {label}
                </a>
            }
        };

    view! {
        <header class="app-header">
            <h1>"JWT & cookie-session playground"</h1>
            <nav class="tabs" aria-label="Screens">
                {tab(Route::Playground, "#/playground", "Playground", "tab-playground")}
                {tab(Route::Debugger, "#/debugger", "Token debugger", "tab-debugger")}
            </nav>
            <p class="offline-note">"Runs entirely in your browser: nothing you type leaves this page."</p>
        </header>
        <main data-testid="app" data-ready="true">
            {move || match route.get() {
                Route::Debugger => view! { <debugger::Debugger /> }.into_any(),
                Route::Playground => view! {
                    <section class="panel">
                        <h2>"Playground"</h2>
                        <p>"The mock server, browser and network are coming next. Meanwhile, try the token debugger."</p>
                    </section>
                }.into_any(),
            }}
        </main>
    }
}
