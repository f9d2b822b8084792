//! The Browser column: the login form, the buttons that send requests, where
//! the token or the session cookie is kept, and what page script can read.

use super::use_world;
use crate::jwt::decode::{decode, prepare};
use crate::jwt::sign::replace_part;
use crate::jwt::{inspect, Algorithm, InspectOptions, Key, KeyEncoding, Part};
use crate::markup::Html;
use crate::sim::World;
use crate::sim::{Mode, Request, TokenStorage, DEMO_USERS};
use crate::ui::debugger::DebuggerInbox;
use crate::ui::util::hit;
use leptos::prelude::*;

#[component]
pub fn BrowserColumn() -> impl IntoView {
    let world = use_world();
    let mode = Memo::new(move |_| world.with(|w| w.mode()));
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());

    // The submit button's click: pressing Enter in a field clicks it too
    // (implicit submission), so this is the form's one way to submit.
    let submit = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        let (e, p) = (email.get_untracked(), password.get_untracked());
        world.update(|w| {
            w.login(&e, &p);
        });
    };
    let fill = move |ev: leptos::ev::MouseEvent| {
        let chosen = hit(&ev)
            .filter(|h| h.action == "fill")
            .and_then(|h| h.arg.parse::<usize>().ok())
            .and_then(|i| DEMO_USERS.get(i));
        if let Some(u) = chosen {
            email.set(u.email.to_string());
            password.set(u.password.to_string());
        }
    };
    let get = move |path: &'static str| {
        world.update(|w| {
            w.get(path);
        })
    };

    view! {
        <section class="column column-browser" aria-labelledby="browser-title" data-testid="column-browser">
            <h3 id="browser-title" class="column-title">"Browser"<span class="column-sub">" https://app.example"</span></h3>

            <form class="login" aria-labelledby="login-title">
                <h4 id="login-title">"Log in (authentication)"</h4>
                <label for="login-email">"Email"</label>
                <input id="login-email" data-testid="login-email" type="email" autocomplete="off"
                    prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev)) />
                <label for="login-password">"Password"</label>
                <input id="login-password" data-testid="login-password" type="text" autocomplete="off" spellcheck="false"
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev)) />
                <button type="submit" class="btn btn-primary" data-testid="login-submit" on:click=submit>"Log in: POST /user/login"</button>
                <p class="field-note">"Demo accounts (click to fill):"</p>
                <div on:click=fill inner_html=demo_users_html()></div>
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
    let token = move || world.with(|w| w.token());
    // The claims box shows the token's decoded payload, except right after
    // the user typed in it: then their text stays (with its spacing, even
    // while it is not valid JSON) as long as the token is the one it made.
    let claims_typed = RwSignal::new(String::new());
    let claims_made = RwSignal::new(String::new());
    let claims_text = move || {
        let current = token().unwrap_or_default();
        if !current.is_empty() && claims_made.with(|m| *m == current) {
            claims_typed.get()
        } else if current.is_empty() {
            String::new()
        } else {
            decode(&prepare(&current).token).payload.display()
        }
    };
    let sign_secret = RwSignal::new(String::new());
    let sign_note = RwSignal::new(String::new());
    let inbox = use_context::<DebuggerInbox>();

    // What this server would say about the token right now.
    let verdict = move || {
        world.with(|w| {
            let Some(t) = w.token() else {
                return String::new();
            };
            let options = InspectOptions {
                alg: Algorithm::HS256,
                secret: w.secret().to_string(),
                encoding: KeyEncoding::Utf8,
                now: w.now(),
                leeway: 0,
            };
            verdict_html(&inspect(&t, &options).verdict)
        })
    };

    let resign = move |_| {
        let Some(current) = world.0.with_untracked(|w| w.token()) else {
            sign_note.set("There is no token to sign: log in first.".into());
            return;
        };
        let key = match Key::from_text(&sign_secret.get_untracked(), KeyEncoding::Utf8) {
            Ok(k) => k,
            Err(e) => {
                sign_note.set(format!("Cannot sign: {e}."));
                return;
            }
        };
        let decoded = decode(&prepare(&current).token);
        let header = decoded.header.text.unwrap_or_default();
        let claims = decoded.payload.text.unwrap_or_default();
        match crate::jwt::sign(Algorithm::HS256, &header, &claims, &key) {
            Ok(signed) => {
                let matches = world
                    .0
                    .with_untracked(|w| w.secret() == sign_secret.get_untracked());
                world.update(|w| w.set_token_text(signed.token));
                sign_note.set(if matches {
                    "Signed with the server's secret: the server will accept this token. Only whoever holds the secret can do this.".into()
                } else {
                    "Signed with a secret that is not the server's: the server will still refuse it.".into()
                });
            }
            Err(e) => sign_note.set(format!("Cannot sign: {e}")),
        }
    };

    view! {
        <div class="token-holder">
            <h4>"Where the page keeps the JWT"</h4>
            <label for="token-storage">"Storage"</label>
            <select id="token-storage" data-testid="token-storage"
                prop:value=move || world.with(|w| w.browser().storage().as_str().to_string())
                on:change=move |ev| {
                    if let Some(s) = TokenStorage::from_str_value(&event_target_value(&ev)) {
                        world.update(|w| w.set_token_storage(s));
                    }
                }>
                <option value="memory">"a JavaScript variable (memory)"</option>
                <option value="local-storage">"localStorage"</option>
                <option value="cookie">"a cookie set by page script"</option>
            </select>
            <p class="field-note">{move || format!("Sent with each request as: {}.", world.with(|w| w.browser().storage().sent_as()))}</p>

            <label for="browser-token" class="field-label">"The token the browser holds (edit it!)"</label>
            <textarea id="browser-token" data-testid="browser-token" class="mono token-input" rows="5"
                spellcheck="false" autocomplete="off"
                placeholder="No token yet: log in first."
                prop:value=move || token().unwrap_or_default()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    world.update(|w| w.set_token_text(text));
                }></textarea>

            <label for="browser-claims" class="field-label">
                <span class="part-chip seg-payload">"payload"</span>" Its claims, decoded: anyone can read them"
            </label>
            <textarea id="browser-claims" data-testid="browser-claims" class="mono json-input border-payload" rows="7"
                spellcheck="false" autocomplete="off"
                prop:value=claims_text
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    if let Some(current) = world.0.with_untracked(|w| w.token()) {
                        let edited = replace_part(&prepare(&current).token, Part::Payload, &text);
                        claims_made.set(edited.clone());
                        claims_typed.set(text);
                        world.update(|w| w.set_token_text(edited));
                    }
                }></textarea>
            <p class="field-note">"Editing the claims re-encodes the payload and keeps the old signature. Try \"role\": \"admin\"."</p>

            <div inner_html=verdict></div>

            <div class="row">
                <button type="button" class="btn" data-testid="open-in-debugger"
                    disabled=move || token().is_none()
                    on:click=move |_| {
                        let handover = world.0.with_untracked(|w| {
                            w.token().map(|token| (token, w.secret().to_string(), w.now()))
                        });
                        if let (Some(inbox), Some((token, secret, now))) = (inbox, handover) {
                            inbox.send(token, secret, now);
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
                <p class="note" role="status" hidden=move || sign_note.with(String::is_empty)>{move || sign_note.get()}</p>
            </details>
        </div>
    }
}

/// What the server would say about the token, as a sentence with a mark.
fn verdict_html(v: &crate::jwt::Verdict) -> String {
    let word = if v.valid { "valid" } else { "invalid" };
    let mut h = Html::new();
    h.open(
        "p",
        &[
            (
                "class",
                if v.valid {
                    "token-check ok"
                } else {
                    "token-check bad"
                },
            ),
            ("data-testid", "token-verdict"),
            ("data-verdict", word),
            v.reason.map_or(("", ""), |r| ("data-reason", r)),
        ],
    )
    .el(
        "strong",
        &[],
        if v.valid {
            "✓ The server would accept this token."
        } else {
            "✗ The server would refuse this token."
        },
    )
    .text(" ")
    .text(&v.sentence);
    h.finish()
}

/// The cookie jar with every flag spelled out, values editable. The inputs
/// are markup too; their `change` reaches the world through the container.
#[component]
fn CookieJarView() -> impl IntoView {
    let world = use_world();
    let on_change = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if let Some(name) = input.get_attribute("data-cookie") {
            let value = input.value();
            world.update(|w| {
                w.edit_cookie(&name, value);
            });
        }
    };
    view! {
        <div class="cookie-jar">
            <h4>"Cookie jar"</h4>
            <div on:change=on_change inner_html=move || world.with(cookie_jar_html)></div>
            <p class="field-note">"Edit a value and press Enter or leave the field; the browser sends it as it is on the next request."</p>
        </div>
    }
}

fn cookie_jar_html(w: &World) -> String {
    let now = w.now();
    let mut h = Html::new();
    let cookies: Vec<_> = w
        .browser()
        .jar
        .cookies()
        .iter()
        .filter(|c| !c.is_expired(now))
        .collect();
    if cookies.is_empty() {
        h.el(
            "p",
            &[("class", "field-note"), ("data-testid", "cookie-jar-empty")],
            "No cookies.",
        );
    }
    h.open("ul", &[("class", "cookie-list")]);
    for cookie in cookies {
        let input_id = format!("cookie-{}", cookie.name);
        h.open(
            "li",
            &[
                ("class", "cookie-row"),
                ("data-testid", "cookie-row"),
                ("data-name", &cookie.name),
                (
                    "data-httponly",
                    if cookie.http_only { "true" } else { "false" },
                ),
            ],
        )
        .open("label", &[("for", &input_id)])
        .el("code", &[], &cookie.name)
        .text(" = ")
        .close()
        .open(
            "input",
            &[
                ("id", &input_id),
                ("class", "mono"),
                ("data-testid", "cookie-value"),
                ("data-cookie", &cookie.name),
                ("type", "text"),
                ("spellcheck", "false"),
                ("autocomplete", "off"),
                ("value", &cookie.value),
            ],
        )
        .open("ul", &[("class", "flags")]);
        if cookie.http_only {
            h.open("li", &[])
                .el("strong", &[], "HttpOnly")
                .text(": script cannot read it")
                .close();
        }
        if cookie.secure {
            h.open("li", &[])
                .el("strong", &[], "Secure")
                .text(": HTTPS only")
                .close();
        }
        h.open("li", &[])
            .el(
                "strong",
                &[],
                &format!("SameSite={}", cookie.same_site.as_str()),
            )
            .close()
            .open("li", &[])
            .el("strong", &[], &format!("Path={}", cookie.path))
            .close();
        let expires = match cookie.expires_at {
            Some(t) => format!("expires {}", crate::jwt::claims::format_utc(t as f64)),
            None => "session cookie (until the browser closes)".to_string(),
        };
        h.el("li", &[], &expires).close().close();
    }
    h.finish()
}

/// What any script on the page (including an injected one) can read.
#[component]
fn ScriptViewBox() -> impl IntoView {
    let world = use_world();
    view! {
        <div class="script-view" data-testid="script-view">
            <h4>"What page script can read"</h4>
            <div inner_html=move || world.with(script_view_html)></div>
            <p class="field-note">"HttpOnly cookies never show here; a token in localStorage or in a script-set cookie does, so an injected script (XSS) could copy it."</p>
        </div>
    }
}

fn script_view_html(w: &World) -> String {
    let view = w.script_view();
    let cookie = if view.document_cookie.is_empty() {
        "\"\" (nothing)".to_string()
    } else {
        view.document_cookie
    };
    let storage = if view.local_storage.is_empty() {
        "empty".to_string()
    } else {
        view.local_storage
            .into_iter()
            .map(|(k, v)| format!("{k} = {v}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut h = Html::new();
    h.open("dl", &[])
        .open("dt", &[])
        .el("code", &[], "document.cookie")
        .close()
        .el(
            "dd",
            &[("class", "mono"), ("data-testid", "script-document-cookie")],
            &cookie,
        )
        .open("dt", &[])
        .el("code", &[], "localStorage")
        .close()
        .el("dd", &[("class", "mono")], &storage);
    h.finish()
}

/// The demo accounts as buttons that fill the form (`data-arg`: the index).
fn demo_users_html() -> String {
    let mut h = Html::new();
    h.open("ul", &[("class", "demo-users")]);
    for (i, u) in DEMO_USERS.iter().enumerate() {
        h.open("li", &[]).el(
            "button",
            &[
                ("type", "button"),
                ("class", "btn btn-small"),
                (
                    "data-testid",
                    &format!("demo-{}", u.name.to_ascii_lowercase()),
                ),
                ("data-action", "fill"),
                ("data-arg", &i.to_string()),
            ],
            &format!("{} ({}): {} / {}", u.name, u.role, u.email, u.password),
        );
        h.close();
    }
    h.finish()
}

/// Replays what the browser holds from "another machine": shows that a copied
/// JWT keeps working after logout until it expires, and a copied session id
/// works only while the session exists on the server.
#[component]
fn StolenCopy() -> impl IntoView {
    let world = use_world();
    // The copy: "token" or "sid cookie", and the value.
    let copy_kind = RwSignal::new(String::new());
    let copy_value = RwSignal::new(String::new());
    let take = move |_| {
        let taken = world.0.with_untracked(|w| match w.mode() {
            Mode::Jwt => w.token().map(|t| ("token", t)),
            Mode::Session => w
                .browser()
                .jar
                .get(crate::sim::SESSION_COOKIE)
                .map(|c| ("sid cookie", c.value.clone())),
        });
        let (kind, value) = taken.unwrap_or_default();
        copy_kind.set(kind.to_string());
        copy_value.set(value);
    };
    let replay = move |_| {
        let value = copy_value.get_untracked();
        let request = match copy_kind.get_untracked().as_str() {
            "token" => {
                Request::get("/api/profile").with_header("Authorization", format!("Bearer {value}"))
            }
            "sid cookie" => Request::get("/api/profile")
                .with_header("Cookie", format!("{}={value}", crate::sim::SESSION_COOKIE)),
            _ => return,
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
                <button type="button" class="btn" data-testid="replay-stolen" disabled=move || copy_kind.with(String::is_empty) on:click=replay>"Replay the copy"</button>
            </div>
            <div inner_html=move || {
                let mut h = Html::new();
                copy_kind.with(|kind| {
                    if !kind.is_empty() {
                        h.el("p", &[("class", "field-note mono clip"), ("data-testid", "stolen-copy")], &format!("{kind}: {}", copy_value.get()));
                    }
                });
                h.finish()
            }></div>
        </div>
    }
}
