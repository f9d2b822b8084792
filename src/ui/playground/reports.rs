//! Another service of the same issuer, `reports.example`: the user signs in
//! to it, and the ID token the issuer made for it is shown, to compare with
//! the app's own access token (the `no-aud` exercise).

use super::use_world;
use crate::sim::{Mode, Weakness, World};
use leptos::prelude::*;

/// Is the other service part of what is going on?
fn reports_shown(w: &World, exercise: Option<Weakness>) -> bool {
    w.mode() == Mode::Jwt
        && (w.weaknesses().contains(&Weakness::NoAud)
            || exercise == Some(Weakness::NoAud)
            || w.reports_id_token().is_some())
}

/// `reports.example`: "sign in with the same issuer", and the ID token it got.
#[component]
pub fn ReportsPanel() -> impl IntoView {
    let world = use_world();
    let shown = world.memo(move |w| reports_shown(w, world.exercise()));
    let id_token = world.memo(World::reports_id_token);
    view! {
        <Show when=move || shown.get()>
            <section class="reports" data-testid="reports-panel" aria-labelledby="reports-title">
                <h4 id="reports-title">"Another service: https://reports.example"</h4>
                <p class="field-note">"reports.example signs its users in with the app's issuer, which signs its ID tokens with the same key as the API's access tokens."</p>
                <div class="row">
                    <button type="button" class="btn" data-testid="reports-sign-in"
                        on:click=move |_| { world.act(World::sign_in_to_reports); }>
                        "Sign in to reports.example with the same issuer"
                    </button>
                </div>
                {move || id_token.get().map(|token| {
                    let used = token.clone();
                    view! {
                        <p class="field-note">"The ID token reports.example received (aud https://reports.example, typ JWT):"</p>
                        <pre class="mono http-text clip" data-testid="reports-id-token">{token}</pre>
                        <div class="row">
                            <button type="button" class="btn" data-testid="reports-use-token"
                                on:click=move |_| { let t = used.clone(); world.act(|w| w.set_token_text(t)); }>
                                "Put it in the Browser's token field"
                            </button>
                        </div>
                    }
                })}
            </section>
        </Show>
    }
}
