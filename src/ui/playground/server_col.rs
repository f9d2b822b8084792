//! The Server(s) column: each server with its memory, the shared secret, the
//! user table (hashes only), the session tables, and (in `latest_check`) the
//! checklist the server walked for the latest request.

use super::build_player::BuildPlayer;
use super::latest_check::LatestCheck;
use super::{focus_after_redraw, has_focus, use_world};
use crate::jwt::claims::human_span;
use crate::jwt::display::count;
use crate::sim::{KeyMode, Mode, SessionStore, World, ISSUER_ID, JWKS_MAX_AGE, JWKS_PATH};
use leptos::html::Button;
use leptos::prelude::*;

#[component]
pub fn ServerColumn() -> impl IntoView {
    let world = use_world();
    // In the guess-the-secret exercise the secret stays hidden until found.
    let secret = world.memo(move |w| {
        if crate::sim::exercise::hides_secret(world.exercise(), w) {
            crate::sim::exercise::SECRET_HIDDEN.to_string()
        } else {
            w.secret().to_string()
        }
    });
    let jwt_mode = world.memo(|w| w.mode() == Mode::Jwt);
    let shared_secret = world.memo(|w| w.key_mode() == KeyMode::SharedSecret);
    let guided = Memo::new(move |_| world.guide().is_some());
    let jwks = world.memo(|w| w.issuer().jwks_text());
    let pem = world.memo(|w| {
        w.issuer()
            .current()
            .map(|k| k.private.public().to_pem())
            .unwrap_or_default()
    });
    let ids = world.memo(|w| w.servers().iter().map(|s| s.id()).collect::<Vec<_>>());
    let shared_shown = world.memo(|w| w.mode() == Mode::Session && w.uses_shared_store());
    view! {
        <section class="column column-server" aria-labelledby="server-title">
            <h3 id="server-title" class="column-title">"Server(s)"<span class="column-sub">" behind a load balancer"</span></h3>

            <ul class="servers">
                <For each=move || ids.get() key=|id| *id let:id>
                    <ServerCard id />
                </For>
            </ul>
            <Show when=move || shared_shown.get()>
                <SharedStore />
            </Show>
            <super::lifecycle::LifecyclePanel />
            <LatestCheck />
            <BuildPlayer />
            // Sessions sign nothing: the HMAC secret only matters in JWT mode.
            <Show when=move || jwt_mode.get() && !shared_secret.get()>
                <div class="secret-box" data-testid="issuer-keys">
                    <span class="field-label">{format!("The issuer's published public keys (GET {JWKS_PATH})")}</span>
                    <details>
                        <summary>"The JWK Set (safe to publish)"</summary>
                        <pre class="mono http-text" data-testid="server-jwks">{move || jwks.get()}</pre>
                    </details>
                    <details>
                        <summary>"The signing key's public half as PEM"</summary>
                        <pre class="mono http-text" data-testid="issuer-pem">{move || pem.get()}</pre>
                    </details>
                    <p class="field-note">{format!(
                        "Only server {ISSUER_ID} holds the private keys, and they never leave it. The other servers fetch this set when they have none, when their copy is older than {JWKS_MAX_AGE} s, or when a token names a kid their copy lacks."
                    )}</p>
                </div>
            </Show>
            <Show when=move || jwt_mode.get() && shared_secret.get()>
                <div class="secret-box">
                    <span class="field-label">"The servers' shared secret (HMAC key, UTF-8: the bytes of this text sign and check every token)"</span>
                    <code class="mono secret" data-testid="server-secret">{move || secret.get()}</code>
                    <p class="field-note">"Shown only because this is a classroom: a real server never reveals it. Whoever has it can mint tokens."</p>
                    // A guided start is seeded from its name, so the lesson repeats exactly.
                    <Show when=move || guided.get()>
                        <p class="field-note" data-testid="secret-seeded-note">"In a guided scenario or exercise this secret is made the same way for every visitor, so the lesson repeats exactly: it is an example, never a secret to use anywhere."</p>
                    </Show>
                </div>
            </Show>

            <UserTable />
        </section>
    }
}

/// One server: up or down, what it remembers, its sessions, crash / restart.
#[component]
fn ServerCard(
    /// The server's id (1 to 5), its key in the list.
    id: usize,
) -> impl IntoView {
    let world = use_world();
    let up = world.memo(move |w| w.server(id).is_some_and(|s| s.is_up()));
    let memory = world.memo(move |w| {
        if w.mode() == Mode::Jwt {
            match w.server(id).and_then(|s| s.deny_copy()) {
                Some(copy) => format!(
                    "Remembers: a copy of the deny-list, {}, read {} s ago (re-read every {} s).",
                    count(copy.jtis.len(), "entry", "entries"),
                    w.now().saturating_sub(copy.fetched_at),
                    w.lifecycle().deny_delay
                ),
                None => {
                    "Remembers about users: nothing (0 entries, 0 bytes). The token carries it all."
                        .to_string()
                }
            }
        } else if w.uses_shared_store() {
            "Own memory unused: sessions live in the shared store.".to_string()
        } else {
            let m = w.memory(id).unwrap_or_default();
            format!(
                "Session memory: {}, about {}",
                count(m.entries, "entry", "entries"),
                count(m.bytes, "byte", "bytes")
            )
        }
    });
    let own_sessions = world.memo(|w| w.mode() == Mode::Session && !w.uses_shared_store());
    // JWT mode: what this server signs and checks with.
    let trust = world.memo(move |w| trust_of(w, id));
    let crash = NodeRef::<Button>::new();
    let restart = NodeRef::<Button>::new();
    // The button just used becomes disabled; focus goes to its partner on
    // the same card, so the keyboard stays where the user was.
    let on_crash = move |_| {
        let had_focus = has_focus(crash);
        world.act(|w| w.crash(id));
        if had_focus {
            focus_after_redraw(restart);
        }
    };
    let on_restart = move |_| {
        let had_focus = has_focus(restart);
        world.act(|w| w.restart(id));
        if had_focus {
            focus_after_redraw(crash);
        }
    };
    view! {
        <li class=move || if up.get() { "server" } else { "server server-down" }
            data-testid="server" data-server-id=id.to_string()
            data-up=move || if up.get() { "true" } else { "false" }>
            <div class="server-head">
                <strong>{format!("Server {id}")}</strong>
                <span class="server-state">{move || if up.get() { "● up" } else { "✗ down (crashed)" }}</span>
            </div>
            <p class="memory" data-testid="server-memory">{move || memory.get()}</p>
            <super::lab::WeaknessBadge />
            {move || trust.get().map(|t| view! {
                <p class="server-trust" data-testid="server-kids" data-kids=t.kids.join(" ")>
                    <strong>{t.role}</strong>" "{t.text}
                </p>
            })}
            <Show when=move || own_sessions.get()>
                <SessionTable rows=sessions_memo(world, Some(id)) />
            </Show>
            <div class="row tight">
                <button type="button" class="btn btn-small" data-testid="server-crash" node_ref=crash
                    disabled=move || !up.get() on:click=on_crash>"Crash"</button>
                <button type="button" class="btn btn-small" data-testid="server-restart" node_ref=restart
                    disabled=move || up.get() on:click=on_restart>"Restart"</button>
            </div>
        </li>
    }
}

/// In JWT mode, what one server holds: its role and the kids it trusts.
#[derive(Debug, Clone, PartialEq)]
struct TrustLine {
    role: &'static str,
    text: String,
    kids: Vec<String>,
}

fn trust_of(w: &World, id: usize) -> Option<TrustLine> {
    if w.mode() != Mode::Jwt {
        return None;
    }
    let server = w.server(id)?;
    Some(match w.key_mode() {
        KeyMode::SharedSecret => TrustLine {
            role: "Signs and checks:",
            text: "holds the shared secret (no kid): there is one key, so tokens carry no key id. It can mint any token.".to_string(),
            kids: Vec::new(),
        },
        KeyMode::KeyPair if id == ISSUER_ID => {
            let kids = w.issuer().kids();
            TrustLine {
                role: "Issuer:",
                text: format!(
                    "holds the private keys, signs with kid {}; trusts kid {}.",
                    kids.last().cloned().unwrap_or_default(),
                    kids.join(", ")
                ),
                kids,
            }
        }
        KeyMode::KeyPair => match server.jwks() {
            Some(copy) => {
                let kids = copy.kids();
                let age = w.now().saturating_sub(copy.fetched_at);
                TrustLine {
                    role: "Verifier:",
                    text: format!(
                        "holds public keys only; trusts kid {} (copy fetched {age} s ago{}). It cannot sign.",
                        if kids.is_empty() { "none".to_string() } else { kids.join(", ") },
                        if copy.is_fresh(w.now()) { "" } else { ", expired" }
                    ),
                    kids,
                }
            }
            None => TrustLine {
                role: "Verifier:",
                text: "holds public keys only; has not fetched the issuer's key set yet. It cannot sign."
                    .to_string(),
                kids: Vec::new(),
            },
        },
    })
}

/// One row of a session table.
#[derive(Debug, Clone, PartialEq)]
struct SessionRow {
    sid: String,
    user: String,
    email: String,
    expires: String,
}

fn session_rows(store: &SessionStore, now: i64) -> Vec<SessionRow> {
    store
        .iter()
        .map(|(sid, s)| {
            let left = s.expires_at - now;
            SessionRow {
                sid: sid.clone(),
                user: format!("{} ({})", s.email, s.role),
                email: s.email.clone(),
                expires: if left > 0 {
                    format!("in {}", human_span(left as f64))
                } else {
                    "expired".to_string()
                },
            }
        })
        .collect()
}

/// A memo of the sessions of server `id`, or of the shared store (`None`), as rows.
fn sessions_memo(world: super::WorldSignal, id: Option<usize>) -> Memo<Vec<SessionRow>> {
    world.memo(move |w| {
        let store = match id {
            Some(id) => w.server(id).map(|s| s.sessions()),
            None => Some(w.cluster().shared_store()),
        };
        store.map(|s| session_rows(s, w.now())).unwrap_or_default()
    })
}

/// The sessions a store holds, as a table (or "No sessions.").
#[component]
fn SessionTable(
    /// The rows, newest state.
    rows: Memo<Vec<SessionRow>>,
) -> impl IntoView {
    view! {
        <Show when=move || !rows.with(Vec::is_empty)
            fallback=|| view! { <p class="field-note">"No sessions."</p> }>
            <table class="sessions">
                <thead><tr>
                    <th scope="col">"session id"</th>
                    <th scope="col">"user"</th>
                    <th scope="col">"expires"</th>
                </tr></thead>
                <tbody>
                    <For each=move || rows.get() key=|r| r.sid.clone() let:row>
                        <SessionRowView sid=row.sid.clone() rows />
                    </For>
                </tbody>
            </table>
        </Show>
    }
}

#[component]
fn SessionRowView(sid: String, rows: Memo<Vec<SessionRow>>) -> impl IntoView {
    let row = {
        let sid = sid.clone();
        Memo::new(move |_| rows.with(|r| r.iter().find(|x| x.sid == sid).cloned()))
    };
    let field = move |f: fn(&SessionRow) -> String| {
        move || row.with(|r| r.as_ref().map(f).unwrap_or_default())
    };
    view! {
        <tr data-testid="session-row" data-user=field(|r| r.email.clone())>
            <td class="mono clip">{sid}</td>
            <td>{field(|r| r.user.clone())}</td>
            <td>{field(|r| r.expires.clone())}</td>
        </tr>
    }
}

/// The shared session store (session mode, when switched on).
#[component]
fn SharedStore() -> impl IntoView {
    let world = use_world();
    let memory = world.memo(|w| w.shared_memory());
    view! {
        <div class="shared-store">
            <h4>"Shared session store (all servers read and write it)"</h4>
            <p class="memory">{move || { let m = memory.get(); format!("{}, about {}", count(m.entries, "entry", "entries"), count(m.bytes, "byte", "bytes")) }}</p>
            <SessionTable rows=sessions_memo(world, None) />
        </div>
    }
}

/// The user table: emails, roles and stored password hashes.
#[component]
fn UserTable() -> impl IntoView {
    let world = use_world();
    let users = world.peek(|w| {
        w.users()
            .iter()
            .map(|u| (u.email.clone(), u.role.clone(), u.password.stored_form()))
            .collect::<Vec<_>>()
    });
    view! {
        <details class="users">
            <summary>"User table: passwords stored as salted, slow hashes"</summary>
            <table>
                <thead><tr>
                    <th scope="col">"email"</th>
                    <th scope="col">"role"</th>
                    <th scope="col">"stored password"</th>
                </tr></thead>
                <tbody>
                    {users.into_iter().map(|(email, role, stored)| view! {
                        <tr><td>{email}</td><td>{role}</td><td class="mono clip">{stored}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p class="field-note">"PBKDF2-HMAC-SHA256 (a password hash made slow on purpose, so each guess costs time) with a random salt per user. Login recomputes the hash from the password typed and compares; the plain password is never kept. Real servers use many more iterations (OWASP suggests 600,000) or Argon2id."</p>
        </details>
    }
}
