//! The Server(s) column: each server with its memory, the shared secret, the
//! user table (hashes only), the session tables, and the checklist the
//! server walked for the latest request.

use super::build_player::BuildPlayer;
use super::use_world;
use crate::jwt::StepResult;
use crate::sim::{Mode, Session, Trace};
use crate::ui::checklist::{CheckRow, Checklist};
use crate::ui::signatures::SignatureCompare;
use leptos::prelude::*;

/// One server as the column shows it.
#[derive(Debug, Clone, PartialEq)]
struct ServerCard {
    id: usize,
    up: bool,
    entries: usize,
    bytes: usize,
    sessions: Vec<(String, Session)>,
}

#[component]
pub fn ServerColumn() -> impl IntoView {
    let world = use_world();
    let mode = Memo::new(move |_| world.with(|w| w.mode()));
    let secret = Memo::new(move |_| world.with(|w| w.secret().to_string()));
    let shared = Memo::new(move |_| world.with(|w| w.uses_shared_store()));
    let cards = Memo::new(move |_| {
        world.with(|w| {
            w.servers()
                .iter()
                .map(|s| {
                    let memory = w.memory(s.id()).unwrap_or_default();
                    ServerCard {
                        id: s.id(),
                        up: s.is_up(),
                        entries: memory.entries,
                        bytes: memory.bytes,
                        sessions: s
                            .sessions()
                            .iter()
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect(),
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    let shared_sessions = Memo::new(move |_| {
        world.with(|w| {
            w.cluster()
                .shared_store()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<Vec<_>>()
        })
    });
    let shared_memory = Memo::new(move |_| world.with(|w| w.shared_memory()));
    let users = Memo::new(move |_| {
        world.with(|w| {
            w.users()
                .iter()
                .map(|u| (u.email.clone(), u.role.clone(), u.password.stored_form()))
                .collect::<Vec<_>>()
        })
    });
    let now = Memo::new(move |_| world.with(|w| w.now()));

    view! {
        <section class="column column-server" aria-labelledby="server-title">
            <h3 id="server-title" class="column-title">"Server(s)"<span class="column-sub">" behind a load balancer"</span></h3>

            <div class="secret-box">
                <span class="field-label">"The servers' shared secret (HMAC key, UTF-8)"</span>
                <code class="mono secret" data-testid="server-secret">{move || secret.get()}</code>
                <p class="field-note">"Shown only because this is a classroom: a real server never reveals it. Whoever has it can mint tokens."</p>
            </div>

            <ul class="servers">
                <For each=move || cards.with(|cs| cs.iter().map(|c| c.id).collect::<Vec<_>>()) key=|id| *id let:id>
                    {
                        let card = Memo::new(move |_| cards.with(|cs| cs.iter().find(|c| c.id == id).cloned()));
                        let up = move || card.with(|c| c.as_ref().is_some_and(|c| c.up));
                        view! {
                            <li class="server" class:server-down=move || !up() data-testid="server"
                                data-server-id=id.to_string() data-up=move || if up() { "true" } else { "false" }>
                                <div class="server-head">
                                    <strong>{format!("Server {id}")}</strong>
                                    <span class="server-state">{move || if up() { "● up" } else { "✗ down (crashed)" }}</span>
                                </div>
                                <p class="memory" data-testid="server-memory">
                                    {move || if mode.get() == Mode::Jwt {
                                        "Remembers about users: nothing (0 entries, 0 bytes). The token carries it all.".to_string()
                                    } else if shared.get() {
                                        "Own memory unused: sessions live in the shared store.".to_string()
                                    } else {
                                        card.with(|c| c.as_ref().map(|c| format!("Session memory: {} entries, about {} bytes", c.entries, c.bytes)).unwrap_or_default())
                                    }}
                                </p>
                                {move || (mode.get() == Mode::Session && !shared.get()).then(|| view! {
                                    <SessionTable sessions=card.with(|c| c.as_ref().map(|c| c.sessions.clone()).unwrap_or_default()) now=now />
                                })}
                                <div class="row tight">
                                    <button type="button" class="btn btn-small" data-testid="server-crash" disabled=move || !up()
                                        on:click=move |_| world.update(|w| { w.crash(id); })>"Crash"</button>
                                    <button type="button" class="btn btn-small" data-testid="server-restart" disabled=up
                                        on:click=move |_| world.update(|w| { w.restart(id); })>"Restart"</button>
                                </div>
                            </li>
                        }
                    }
                </For>
            </ul>

            <Show when=move || mode.get() == Mode::Session && shared.get()>
                <div class="shared-store">
                    <h4>"Shared session store (all servers read and write it)"</h4>
                    <p class="memory">{move || { let m = shared_memory.get(); format!("{} entries, about {} bytes", m.entries, m.bytes) }}</p>
                    {move || view! { <SessionTable sessions=shared_sessions.get() now=now /> }}
                </div>
            </Show>

            <LatestCheck />
            <BuildPlayer />

            <details class="users">
                <summary>"User table: passwords stored as salted, slow hashes"</summary>
                <table>
                    <thead><tr><th scope="col">"email"</th><th scope="col">"role"</th><th scope="col">"stored password"</th></tr></thead>
                    <tbody>
                        {move || users.get().into_iter().map(|(email, role, hash)| view! {
                            <tr><td>{email}</td><td>{role}</td><td class="mono clip">{hash}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <p class="field-note">"PBKDF2-HMAC-SHA256 with a random salt per user. Login recomputes the hash from the password typed and compares; the plain password is never kept. Real servers use many more iterations (OWASP suggests 600,000) or Argon2id."</p>
            </details>
        </section>
    }
}

/// The sessions a store holds.
#[component]
fn SessionTable(sessions: Vec<(String, Session)>, #[prop(into)] now: Signal<i64>) -> impl IntoView {
    if sessions.is_empty() {
        return view! { <p class="field-note">"No sessions."</p> }.into_any();
    }
    view! {
        <table class="sessions">
            <thead><tr><th scope="col">"session id"</th><th scope="col">"user"</th><th scope="col">"expires"</th></tr></thead>
            <tbody>
                {sessions.into_iter().map(|(sid, s)| {
                    let expires = s.expires_at;
                    view! {
                        <tr data-testid="session-row" data-user=s.email.clone()>
                            <td class="mono clip">{sid}</td>
                            <td>{format!("{} ({})", s.email, s.role)}</td>
                            <td>{move || {
                                let left = expires - now.get();
                                if left > 0 { format!("in {}", crate::jwt::claims::human_span(left as f64)) } else { "expired".to_string() }
                            }}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The checklist of the latest request, with the signatures side by side on
/// a MAC failure and the one-sentence reason.
#[component]
fn LatestCheck() -> impl IntoView {
    let world = use_world();
    let latest = Memo::new(move |_| {
        world.with(|w| {
            w.last_exchange()
                .map(|e| (e.seq, e.status(), e.trace.clone()))
        })
    });
    let rows = Signal::derive(move || {
        latest.with(|l| {
            l.as_ref()
                .map(|(_, _, trace)| {
                    trace
                        .checklist()
                        .into_iter()
                        .map(|s| CheckRow {
                            id: s.id,
                            title: s.title,
                            result: s.result.as_str(),
                            detail: s.detail,
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    view! {
        {move || latest.get().map(|(seq, status, trace)| {
            let kind = match &trace {
                Trace::Login(_) => "authentication: is this really the user?",
                Trace::Jwt(_) | Trace::Session(_) => "authorization: who is asking, and may they have this?",
                _ => "",
            };
            let signatures = trace
                .verify_report()
                .and_then(|r| r.signature_mismatch())
                .map(|(e, r)| (e.to_string(), r.to_string()));
            let code_note = match status {
                401 => Some("401 Unauthorized: the server could not tell who you are (authentication failed or missing)."),
                403 => Some("403 Forbidden: the server knows who you are, and you may not have this (authorization failed)."),
                _ => None,
            };
            let failed = trace.checklist().iter().any(|s| s.result == StepResult::Fail);
            view! {
                <div class="latest-check" data-testid="latest-check" data-seq=seq.to_string()>
                    <h4>{format!("Request #{seq}: {}", trace.title())}</h4>
                    <p class="field-note">{kind}</p>
                    {code_note.map(|n| view! { <p class="status-note" data-testid="status-note">{n}</p> })}
                    {failed.then(|| trace.why().map(|w| view! { <p class="why" data-testid="why"><strong>"Why: "</strong>{w}</p> })).flatten()}
                    {signatures.map(|(expected, received)| view! {
                        <SignatureCompare expected=expected received=received testid="signatures" />
                    })}
                </div>
            }
        })}
        <Checklist rows=rows label="What the server checked for the latest request" />
    }
}
