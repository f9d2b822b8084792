//! The Browser column: the login form, the buttons that send requests, where
//! the token or the session cookie is kept, and what page script can read.

use super::cookie_jar::CookieJarView;
use super::token_holder::TokenHolder;
use super::use_world;
use crate::jwt::display::shorten;
use crate::sim::{Mode, Request, World, DEMO_USERS, SESSION_COOKIE};
use leptos::prelude::*;

#[component]
pub fn BrowserColumn() -> impl IntoView {
    let world = use_world();
    let mode = world.memo(World::mode);
    // While the newest request is on its way (the request player), what the
    // browser keeps waits for the response, as the Server column's verdict does.
    let playback = use_context::<super::request_player::RequestPlayback>();
    let waiting = Memo::new(move |_| playback.and_then(|p| p.seq_in_progress()));
    view! {
        <section class="column column-browser" aria-labelledby="browser-title" data-testid="column-browser">
            <h3 id="browser-title" class="column-title">"Browser"<span class="column-sub">" https://app.example"</span></h3>
            <super::attack::GuideCard />
            <LoginForm />
            <RequestButtons />
            <super::lifecycle::LifecycleButtons />
            {move || waiting.get().map(|seq| view! {
                <p class="field-note waiting" data-testid="browser-waiting">{format!(
                    "Request #{seq} is on its way: what the browser keeps (token, cookies) shows here when its response arrives."
                )}</p>
            })}
            <div class="browser-keeps" hidden=move || waiting.get().is_some()>
                {move || match mode.get() {
                    Mode::Jwt => view! { <TokenHolder /> }.into_any(),
                    Mode::Session => view! {
                        <p class="field-note">"In session mode the page keeps no token: the browser keeps a cookie and sends it by itself."</p>
                    }.into_any(),
                }}
                <CookieJarView />
                <ScriptViewBox />
            </div>
            <super::attack::AttackerPanel />
            <super::reports::ReportsPanel />
            <StolenCopy />
        </section>
    }
}

/// Email and password, posted to `/user/login`; the demo accounts fill it.
#[component]
fn LoginForm() -> impl IntoView {
    let world = use_world();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    // A new story (a reset, a mode switch, a scenario) starts with an empty form.
    Effect::watch(
        move || world.story(),
        move |_, _, _| {
            email.set(String::new());
            password.set(String::new());
        },
        false,
    );
    // The submit button's click: pressing Enter in a field clicks it too
    // (implicit submission), so this is the form's one way to submit.
    let submit = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        let (e, p) = (email.get_untracked(), password.get_untracked());
        world.act(|w| w.login(&e, &p));
    };
    let demo_buttons = DEMO_USERS
        .iter()
        .map(|u| {
            let fill = move |_| {
                email.set(u.email.to_string());
                password.set(u.password.to_string());
            };
            view! {
                <li>
                    <button type="button" class="btn btn-small"
                        data-testid=format!("demo-{}", u.name.to_ascii_lowercase()) on:click=fill>
                        {format!("{} ({}): {} / {}", u.name, u.role, u.email, u.password)}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
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
            <ul class="demo-users">{demo_buttons}</ul>
        </form>
    }
}

/// One exchange as a line: mark, number, method, path, status, and the step
/// that refused it; and whether it succeeded.
pub(super) fn result_line(e: &crate::sim::Exchange) -> (String, bool) {
    let why = e
        .trace
        .failed_step()
        .map(|s| format!(": refused at step {}", s.id))
        .unwrap_or_default();
    let ok = e.status() < 400;
    (
        format!(
            "{} #{} {} {} → {} {}{why}",
            if ok { "✓" } else { "✗" },
            e.seq,
            e.request.method.as_str(),
            shorten(e.request.route_path(), 40),
            e.status(),
            e.response.reason()
        ),
        ok,
    )
}

/// The requests the page can send once logged in.
#[component]
fn RequestButtons() -> impl IntoView {
    let world = use_world();
    let get = move |path: &'static str| {
        world.act(|w| w.get(path));
    };
    // The page's own answer (a copy replayed from another machine answers in
    // its own box). After a mode switch the playground sent the story again
    // by itself: the line says so (the login form is empty).
    let latest = world.memo(|w| {
        w.last_from_page().map(|e| {
            let (line, ok) = result_line(e);
            match crate::sim::caption::replay_caption(w, e) {
                Some(caption) => {
                    let (mark, rest) = line.split_once(' ').unwrap_or(("", line.as_str()));
                    (format!("{mark} {caption} ({rest})"), ok)
                }
                None => (line, ok),
            }
        })
    });
    // While the request is on its way (the request player, step by step),
    // its answer is not given away here before the player reaches it.
    let playback = use_context::<super::request_player::RequestPlayback>();
    let latest_seq = world.memo(|w| w.last_from_page().map(|e| e.seq));
    let on_its_way = Memo::new(move |_| {
        playback
            .and_then(|p| p.seq_in_progress())
            .filter(|seq| latest_seq.get() == Some(*seq))
    });
    view! {
        <div class="requests" role="group" aria-label="Requests the page can send">
            <h4>"Use it (each request authenticated, then authorized)"</h4>
            <div class="row">
                <button type="button" class="btn" data-testid="request-profile" on:click=move |_| get("/api/profile")>"GET /api/profile"</button>
                <button type="button" class="btn" data-testid="request-admin" on:click=move |_| get("/api/admin")>"GET /api/admin"</button>
                <button type="button" class="btn" data-testid="logout" on:click=move |_| { world.act(World::logout); }>"Log out"</button>
            </div>
            <p class="field-note">"Profile: any logged-in user. Admin: only role \"admin\"."</p>
            // The answer, where the button is (on a phone the diagram is far below).
            {move || match on_its_way.get() {
                Some(seq) => Some(view! {
                    <p class="latest-result" data-testid="latest-result" data-on-its-way="true">{format!(
                        "#{seq} is on its way: its answer shows here when the player in the Network column reaches the response."
                    )}</p>
                }.into_any()),
                None => latest.get().map(|(text, ok)| view! {
                    <p class=if ok { "latest-result ok" } else { "latest-result bad" } data-testid="latest-result">{text}</p>
                }.into_any()),
            }}
        </div>
    }
}

/// What any script on the page (including an injected one) can read.
#[component]
fn ScriptViewBox() -> impl IntoView {
    let world = use_world();
    let view_of = world.memo(World::script_view);
    let hidden_token = world.memo(|w| {
        w.browser().storage() == crate::sim::TokenStorage::HttpOnlyCookie
            && w.browser()
                .jar
                .get(crate::sim::TOKEN_COOKIE)
                .is_some_and(|c| c.http_only)
    });
    let cookie = move || {
        view_of.with(|v| {
            if v.document_cookie.is_empty() {
                "\"\" (nothing)".to_string()
            } else {
                shorten(&v.document_cookie, 600).into_owned()
            }
        })
    };
    let storage = move || {
        view_of.with(|v| {
            if v.local_storage.is_empty() {
                return "empty".to_string();
            }
            v.local_storage
                .iter()
                .map(|(k, v)| format!("{k} = {}", shorten(v, 600)))
                .collect::<Vec<_>>()
                .join("\n")
        })
    };
    view! {
        <div class="script-view" data-testid="script-view">
            <h4>"What page script can read"</h4>
            <dl>
                <dt><code>"document.cookie"</code></dt>
                <dd class="mono" data-testid="script-document-cookie">{cookie}</dd>
                <dt><code>"localStorage"</code></dt>
                <dd class="mono">{storage}</dd>
            </dl>
            <p class="field-note">"HttpOnly cookies never show here; a token in localStorage or in a script-set cookie does, so an injected script (XSS) could copy it."</p>
            {move || hidden_token.get().then(|| view! {
                <p class="field-note" data-testid="script-view-httponly">"The JWT is in the cookie jar as an HttpOnly cookie, and not here: page script, an injected one included, cannot read it. The browser still sends it with every request to the app."</p>
            })}
        </div>
    }
}

/// A credential copied off the browser, as an attacker would hold it.
#[derive(Debug, Clone, PartialEq)]
enum Copied {
    Token(String),
    SessionId(String),
}

impl Copied {
    fn describe(&self) -> String {
        match self {
            Copied::Token(t) => format!("token: {}", shorten(t, 2_000)),
            Copied::SessionId(s) => format!("sid cookie: {}", shorten(s, 2_000)),
        }
    }

    /// The raw request a thief would send with it (like curl on another machine).
    fn replay(&self) -> Request {
        match self {
            Copied::Token(t) => {
                Request::get("/api/profile").with_header("Authorization", format!("Bearer {t}"))
            }
            Copied::SessionId(s) => {
                Request::get("/api/profile").with_header("Cookie", format!("{SESSION_COOKIE}={s}"))
            }
        }
    }
}

/// Replays what the browser holds from "another machine": shows that a copied
/// JWT keeps working after logout until it expires, and a copied session id
/// works only while the session exists on the server.
#[component]
fn StolenCopy() -> impl IntoView {
    let world = use_world();
    let copy = RwSignal::new(None::<Copied>);
    let replayed = world.memo(|w| w.last_raw().map(result_line));
    // The copy belongs to the story it was taken in: a reset forgets it.
    Effect::watch(move || world.story(), move |_, _, _| copy.set(None), false);
    let take = move |_| {
        let taken = world.peek(|w| match w.mode() {
            Mode::Jwt => w.token().map(Copied::Token),
            Mode::Session => w
                .browser()
                .jar
                .get(SESSION_COOKIE)
                .map(|c| Copied::SessionId(c.value.clone())),
        });
        copy.set(taken);
        // What was copied shows under the buttons: brought into view in its column.
        super::stage::reveal_after_redraw("[data-testid=\"stolen-copy\"]");
    };
    let replay = move |_| {
        if let Some(request) = copy.with_untracked(|c| c.as_ref().map(Copied::replay)) {
            world.act(|w| w.send(request));
            super::stage::reveal_after_redraw("[data-testid=\"stolen-result\"]");
        }
    };
    view! {
        <div class="stolen">
            <h4>"A copy on another machine"</h4>
            <p class="field-note">"Copy what the browser holds now, log out, then replay the copy as a raw request (like curl on an attacker's laptop)."</p>
            <div class="row">
                <button type="button" class="btn" data-testid="steal-credential" on:click=take>"Copy the credential"</button>
                <button type="button" class="btn" data-testid="replay-stolen"
                    disabled=move || copy.with(Option::is_none) on:click=replay>"Replay the copy"</button>
            </div>
            {move || copy.with(|c| c.as_ref().map(Copied::describe)).map(|text| view! {
                <p class="field-note mono clip" data-testid="stolen-copy">{text}</p>
            })}
            // The replay's answer, here where its button is.
            {move || replayed.get().map(|(text, ok)| view! {
                <p class=if ok { "latest-result ok" } else { "latest-result bad" } data-testid="stolen-result">
                    {format!("From another machine: {text}")}
                </p>
            })}
        </div>
    }
}
