//! The Browser column: the login form, the buttons that send requests, where
//! the token or the session cookie is kept, and what page script can read.

use super::use_world;
use crate::jwt::decode::{decode, prepare};
use crate::jwt::sign::replace_part;
use crate::jwt::{inspect, Algorithm, InspectOptions, Key, KeyEncoding, Part};
use crate::sim::{Mode, Request, TokenStorage, DEMO_USERS};
use crate::ui::debugger::{DebuggerInbox, Handover};
use leptos::prelude::*;

#[component]
pub fn BrowserColumn() -> impl IntoView {
    let world = use_world();
    let mode = Memo::new(move |_| world.with(|w| w.mode()));
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (e, p) = (email.get_untracked(), password.get_untracked());
        world.update(|w| {
            w.login(&e, &p);
        });
    };
    let get = move |path: &'static str| {
        world.update(|w| {
            w.get(path);
        })
    };

    view! {
        <section class="column column-browser" aria-labelledby="browser-title" data-testid="column-browser">
            <h3 id="browser-title" class="column-title">"Browser"<span class="column-sub">" https://app.example"</span></h3>

            <form class="login" on:submit=submit aria-labelledby="login-title">
                <h4 id="login-title">"Log in (authentication)"</h4>
                <label for="login-email">"Email"</label>
                <input id="login-email" data-testid="login-email" type="email" autocomplete="off"
                    prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev)) />
                <label for="login-password">"Password"</label>
                <input id="login-password" data-testid="login-password" type="text" autocomplete="off" spellcheck="false"
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev)) />
                <button type="submit" class="btn btn-primary" data-testid="login-submit">"Log in: POST /user/login"</button>
                <p class="field-note">"Demo accounts (click to fill):"</p>
                <ul class="demo-users">
                    {DEMO_USERS.into_iter().map(|u| view! {
                        <li>
                            <button type="button" class="btn btn-small" data-testid=format!("demo-{}", u.name.to_lowercase())
                                on:click=move |_| { email.set(u.email.to_string()); password.set(u.password.to_string()); }>
                                {format!("{} ({}): {} / {}", u.name, u.role, u.email, u.password)}
                            </button>
                        </li>
                    }).collect_view()}
                </ul>
            </form>

            <div class="requests" role="group" aria-label="Requests the page can send">
                <h4>"Use it (authorization)"</h4>
                <div class="row">
                    <button type="button" class="btn" data-testid="request-profile" on:click=move |_| get("/api/profile")>"GET /api/profile"</button>
                    <button type="button" class="btn" data-testid="request-admin" on:click=move |_| get("/api/admin")>"GET /api/admin"</button>
                    <button type="button" class="btn" data-testid="logout" on:click=move |_| world.update(|w| { w.logout(); })>"Log out"</button>
                </div>
                <p class="field-note">"Profile: any logged-in user. Admin: only role \"admin\"."</p>
            </div>

            {move || match mode.get() {
                Mode::Jwt => view! { <TokenHolder /> }.into_any(),
                Mode::Session => view! { <p class="field-note">"In session mode the page keeps no token: the browser keeps a cookie and sends it by itself."</p> }.into_any(),
            }}
            <CookieJarView />
            <ScriptViewBox />
            <StolenCopy />
        </section>
    }
}

/// JWT mode: where the page keeps its token, the token itself (editable), its
/// decoded claims (editable), and a live check against the server's secret.
#[component]
fn TokenHolder() -> impl IntoView {
    let world = use_world();
    let token = Memo::new(move |_| world.with(|w| w.token()));
    let storage = Memo::new(move |_| world.with(|w| w.browser().storage()));
    let secret = Memo::new(move |_| world.with(|w| w.secret().to_string()));
    let now = Memo::new(move |_| world.with(|w| w.now()));
    let claims_text = RwSignal::new(String::new());
    let sign_secret = RwSignal::new(String::new());
    let sign_note = RwSignal::new(None::<String>);
    let inbox = use_context::<DebuggerInbox>();

    // Keep the claims box in step with the token, except while the user types in it.
    Effect::new(move |_| {
        let text = token
            .get()
            .map(|t| decode(&prepare(&t).token).payload.display())
            .unwrap_or_default();
        if claims_text.get_untracked() != text {
            claims_text.set(text);
        }
    });

    // What this server would say about the token right now.
    let check = Memo::new(move |_| {
        token.get().map(|t| {
            let options = InspectOptions {
                alg: Algorithm::HS256,
                secret: secret.get(),
                encoding: KeyEncoding::Utf8,
                now: now.get(),
                leeway: 0,
            };
            inspect(&t, &options).verdict
        })
    });

    let resign = move |_| {
        let Some(current) = token.get_untracked() else {
            sign_note.set(Some("There is no token to sign: log in first.".into()));
            return;
        };
        let key = match Key::from_text(&sign_secret.get_untracked(), KeyEncoding::Utf8) {
            Ok(k) => k,
            Err(e) => {
                sign_note.set(Some(format!("Cannot sign: {e}.")));
                return;
            }
        };
        let decoded = decode(&prepare(&current).token);
        let header = decoded.header.text.unwrap_or_default();
        let claims = decoded.payload.text.unwrap_or_default();
        match crate::jwt::sign(Algorithm::HS256, &header, &claims, &key) {
            Ok(signed) => {
                let matches = secret.get_untracked() == sign_secret.get_untracked();
                world.update(|w| w.set_token_text(signed.token));
                sign_note.set(Some(if matches {
                    "Signed with the server's secret: the server will accept this token. Only whoever holds the secret can do this.".into()
                } else {
                    "Signed with a secret that is not the server's: the server will still refuse it.".into()
                }));
            }
            Err(e) => sign_note.set(Some(format!("Cannot sign: {e}"))),
        }
    };

    view! {
        <div class="token-holder">
            <h4>"Where the page keeps the JWT"</h4>
            <label for="token-storage">"Storage"</label>
            <select id="token-storage" data-testid="token-storage"
                prop:value=move || storage.get().as_str().to_string()
                on:change=move |ev| {
                    if let Some(s) = TokenStorage::from_str_value(&event_target_value(&ev)) {
                        world.update(|w| w.set_token_storage(s));
                    }
                }>
                <option value="memory">"a JavaScript variable (memory)"</option>
                <option value="local-storage">"localStorage"</option>
                <option value="cookie">"a cookie set by page script"</option>
            </select>
            <p class="field-note">{move || format!("Sent with each request as: {}.", storage.get().sent_as())}</p>

            <label for="browser-token" class="field-label">"The token the browser holds (edit it!)"</label>
            <textarea id="browser-token" data-testid="browser-token" class="mono token-input" rows="5"
                spellcheck="false" autocomplete="off"
                placeholder="No token yet: log in first."
                prop:value=move || token.get().unwrap_or_default()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    world.update(|w| w.set_token_text(text));
                }></textarea>

            <label for="browser-claims" class="field-label">
                <span class="part-chip seg-payload">"payload"</span>" Its claims, decoded: anyone can read them"
            </label>
            <textarea id="browser-claims" data-testid="browser-claims" class="mono json-input border-payload" rows="7"
                spellcheck="false" autocomplete="off"
                prop:value=move || claims_text.get()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    claims_text.set(text.clone());
                    if let Some(current) = token.get_untracked() {
                        let edited = replace_part(&prepare(&current).token, Part::Payload, &text);
                        world.update(|w| w.set_token_text(edited));
                    }
                }></textarea>
            <p class="field-note">"Editing the claims re-encodes the payload and keeps the old signature. Try \"role\": \"admin\"."</p>

            {move || check.get().map(|v| view! {
                <p class="token-check" data-testid="token-verdict"
                    data-verdict=if v.valid { "valid" } else { "invalid" }
                    data-reason=v.reason
                    class:ok=v.valid class:bad=!v.valid>
                    <strong>{if v.valid { "✓ The server would accept this token." } else { "✗ The server would refuse this token." }}</strong>
                    " " {v.sentence}
                </p>
            })}

            <div class="row">
                <button type="button" class="btn" data-testid="open-in-debugger"
                    disabled=move || token.with(Option::is_none)
                    on:click=move |_| {
                        if let (Some(inbox), Some(t)) = (inbox, token.get_untracked()) {
                            inbox.0.set(Some(Handover { token: t, secret: secret.get_untracked(), now: now.get_untracked() }));
                            crate::ui::util::go_to("#/debugger");
                        }
                    }>
                    "Open in the token debugger"
                </button>
            </div>

            <details class="resign">
                <summary>"Re-sign the token (needs the secret)"</summary>
                <label for="resign-secret">"Secret to sign with"</label>
                <input id="resign-secret" data-testid="resign-secret" class="mono" type="text" spellcheck="false" autocomplete="off"
                    prop:value=move || sign_secret.get() on:input=move |ev| sign_secret.set(event_target_value(&ev)) />
                <button type="button" class="btn" data-testid="resign" on:click=resign>"Sign header + claims"</button>
                <p class="field-note">"A real attacker does not know the server's secret. Here you can copy it from the Server column to see that the secret is the only thing that makes a token trusted."</p>
                {move || sign_note.get().map(|n| view! { <p class="note" role="status">{n}</p> })}
            </details>
        </div>
    }
}

/// The cookie jar with every flag spelled out, values editable.
#[component]
fn CookieJarView() -> impl IntoView {
    let world = use_world();
    let cookies = Memo::new(move |_| {
        world.with(|w| {
            let now = w.now();
            w.browser()
                .jar
                .cookies()
                .iter()
                .filter(|c| !c.is_expired(now))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="cookie-jar">
            <h4>"Cookie jar"</h4>
            {move || (cookies.with(Vec::is_empty)).then(|| view! {
                <p class="field-note" data-testid="cookie-jar-empty">"No cookies."</p>
            })}
            <ul class="cookie-list">
                <For each=move || cookies.get() key=|c| (c.name.clone(), c.value.clone(), c.expires_at) let:cookie>
                    {
                        let name = cookie.name.clone();
                        let input_id = format!("cookie-{}", cookie.name);
                        let flags = [
                            (cookie.http_only, "HttpOnly", "script cannot read it"),
                            (cookie.secure, "Secure", "HTTPS only"),
                        ];
                        view! {
                            <li class="cookie-row" data-testid="cookie-row" data-name=cookie.name.clone()
                                data-httponly=if cookie.http_only { "true" } else { "false" }>
                                <label for=input_id.clone()>
                                    <code>{cookie.name.clone()}</code>" = "
                                </label>
                                <input id=input_id class="mono" data-testid="cookie-value" type="text" spellcheck="false" autocomplete="off"
                                    value=cookie.value.clone()
                                    on:change=move |ev| {
                                        let value = event_target_value(&ev);
                                        let name = name.clone();
                                        world.update(|w| { w.edit_cookie(&name, value); });
                                    } />
                                <ul class="flags">
                                    {flags.into_iter().filter(|f| f.0).map(|(_, f, why)| view! { <li><strong>{f}</strong>": " {why}</li> }).collect_view()}
                                    <li><strong>"SameSite="{cookie.same_site.as_str()}</strong></li>
                                    <li><strong>"Path="{cookie.path.clone()}</strong></li>
                                    <li>{match cookie.expires_at {
                                        Some(t) => format!("expires {}", crate::jwt::claims::format_utc(t as f64)),
                                        None => "session cookie (until the browser closes)".to_string(),
                                    }}</li>
                                </ul>
                            </li>
                        }
                    }
                </For>
            </ul>
            <p class="field-note">"Edit a value and press Enter or leave the field; the browser sends it as it is on the next request."</p>
        </div>
    }
}

/// What any script on the page (including an injected one) can read.
#[component]
fn ScriptViewBox() -> impl IntoView {
    let world = use_world();
    let view_data = Memo::new(move |_| world.with(|w| w.script_view()));
    view! {
        <div class="script-view" data-testid="script-view">
            <h4>"What page script can read"</h4>
            <dl>
                <dt><code>"document.cookie"</code></dt>
                <dd class="mono" data-testid="script-document-cookie">
                    {move || { let c = view_data.get().document_cookie; if c.is_empty() { "\"\" (nothing)".to_string() } else { c } }}
                </dd>
                <dt><code>"localStorage"</code></dt>
                <dd class="mono">
                    {move || {
                        let ls = view_data.get().local_storage;
                        if ls.is_empty() { "empty".to_string() } else { ls.into_iter().map(|(k, v)| format!("{k} = {v}")).collect::<Vec<_>>().join("\n") }
                    }}
                </dd>
            </dl>
            <p class="field-note">"HttpOnly cookies never show here; a token in localStorage or in a script-set cookie does, so an injected script (XSS) could copy it."</p>
        </div>
    }
}

/// Replays what the browser holds from "another machine": shows that a copied
/// JWT keeps working after logout until it expires, and a copied session id
/// works only while the session exists on the server.
#[component]
fn StolenCopy() -> impl IntoView {
    let world = use_world();
    let copy = RwSignal::new(None::<(Mode, String)>);
    let take = move |_| {
        let taken = world.0.with_untracked(|w| match w.mode() {
            Mode::Jwt => w.token().map(|t| (Mode::Jwt, t)),
            Mode::Session => w
                .browser()
                .jar
                .get(crate::sim::SESSION_COOKIE)
                .map(|c| (Mode::Session, c.value.clone())),
        });
        copy.set(taken);
    };
    let replay = move |_| {
        let Some((mode, value)) = copy.get_untracked() else {
            return;
        };
        let request = match mode {
            Mode::Jwt => {
                Request::get("/api/profile").with_header("Authorization", format!("Bearer {value}"))
            }
            Mode::Session => Request::get("/api/profile")
                .with_header("Cookie", format!("{}={value}", crate::sim::SESSION_COOKIE)),
        };
        world.update(|w| {
            w.send(request);
        });
    };
    view! {
        <div class="stolen">
            <h4>"A copy on another machine"</h4>
            <p class="field-note">"Copy what the browser holds now, log out, then replay the copy as a raw request (like curl on an attacker's laptop)."</p>
            <div class="row">
                <button type="button" class="btn" data-testid="steal-credential" on:click=take>"Copy the credential"</button>
                <button type="button" class="btn" data-testid="replay-stolen" disabled=move || copy.with(Option::is_none) on:click=replay>"Replay the copy"</button>
            </div>
            {move || copy.get().map(|(m, v)| view! {
                <p class="field-note mono clip" data-testid="stolen-copy">{format!("{}: {v}", if m == Mode::Jwt { "token" } else { "sid cookie" })}</p>
            })}
        </div>
    }
}
