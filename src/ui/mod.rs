//! The Leptos view. Components read the pure simulation through signals and
//! send it actions; no crypto or protocol logic lives here.

use leptos::prelude::*;

/// Mount the whole app on `<body>`.
pub fn mount() {
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    view! {
        <main data-testid="app" data-ready="true">
            <h1>"JWT & cookie-session playground"</h1>
        </main>
    }
}
