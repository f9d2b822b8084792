//! The browser's cookie jar, every flag spelled out, each value editable as
//! in DevTools. Rows are keyed by cookie name: editing one never redraws the
//! others, and the field being edited keeps its focus and caret.

use super::use_world;
use crate::jwt::claims::format_utc;
use crate::sim::Cookie;
use leptos::prelude::*;

#[component]
pub fn CookieJarView() -> impl IntoView {
    let world = use_world();
    let names = world.memo(|w| {
        let now = w.now();
        w.browser()
            .jar
            .cookies()
            .iter()
            .filter(|c| !c.is_expired(now))
            .map(|c| c.name.clone())
            .collect::<Vec<_>>()
    });
    view! {
        <div class="cookie-jar">
            <h4>"Cookie jar"</h4>
            <Show when=move || names.with(Vec::is_empty)>
                <p class="field-note" data-testid="cookie-jar-empty">"No cookies."</p>
            </Show>
            <ul class="cookie-list">
                <For each=move || names.get() key=|name| name.clone() let:name>
                    <CookieRow name />
                </For>
            </ul>
            <p class="field-note">"Edit a value and press Enter or leave the field; the browser sends it as it is on the next request."</p>
        </div>
    }
}

/// One cookie: its name, its value (editable) and its attributes.
#[component]
fn CookieRow(
    /// The cookie's name (the row's key).
    name: String,
) -> impl IntoView {
    let world = use_world();
    let cookie = {
        let name = name.clone();
        world.memo(move |w| w.browser().jar.get(&name).cloned())
    };
    let refusal = RwSignal::new(None::<String>);
    let field = move |f: fn(&Cookie) -> String| {
        move || cookie.with(|c| c.as_ref().map(f).unwrap_or_default())
    };
    let input_id = format!("cookie-{name}");
    let error_id = format!("cookie-{name}-error");
    let on_change = {
        let name = name.clone();
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            let refused = world.act(|w| {
                w.edit_cookie(&name, value);
                w.last_refusal().map(ToString::to_string)
            });
            // The field keeps what was typed, so nothing is lost; the
            // message says why the jar did not take it.
            refusal.set(refused.flatten());
        }
    };
    let http_only = move || cookie.with(|c| c.as_ref().is_some_and(|c| c.http_only));
    let secure = move || cookie.with(|c| c.as_ref().is_some_and(|c| c.secure));
    view! {
        <li class="cookie-row" data-testid="cookie-row" data-name=name.clone()
            data-httponly=move || if http_only() { "true" } else { "false" }>
            <label for=input_id.clone()><code>{name.clone()}</code>" = "</label>
            <input id=input_id class="mono" data-testid="cookie-value" type="text" spellcheck="false" autocomplete="off"
                aria-invalid=move || if refusal.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=error_id.clone()
                prop:value=field(|c| c.value.clone())
                on:change=on_change />
            <p id=error_id class="warning" role="alert" hidden=move || refusal.with(Option::is_none)>{move || refusal.get()}</p>
            <ul class="flags">
                <Show when=http_only><li><strong>"HttpOnly"</strong>": script cannot read it"</li></Show>
                <Show when=secure><li><strong>"Secure"</strong>": HTTPS only"</li></Show>
                <li><strong>{field(|c| format!("SameSite={}", c.same_site.as_str()))}</strong></li>
                <li><strong>{field(|c| format!("Path={}", c.path))}</strong></li>
                <li>{field(|c| match c.expires_at {
                    Some(t) => format!("expires {}", format_utc(t as f64)),
                    None => "session cookie (until the browser closes)".to_string(),
                })}</li>
            </ul>
        </li>
    }
}
