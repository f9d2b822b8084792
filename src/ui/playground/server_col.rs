//! The Server(s) column: each server with its memory, the shared secret, the
//! user table (hashes only), the session tables, and the checklist the
//! server walked for the latest request.
//!
//! The panels only show the world, so they are written as markup (see
//! `crate::markup`); the crash and restart buttons inside them reach the
//! world through one delegated click handler.

use super::build_player::BuildPlayer;
use super::use_world;
use crate::jwt::StepResult;
use crate::markup::{maybe, Html};
use crate::sim::{Mode, Session, SessionStore, World};
use crate::ui::checklist::{row_of, write_checklist};
use crate::ui::signatures::write_signatures;
use leptos::prelude::*;

#[component]
pub fn ServerColumn() -> impl IntoView {
    let world = use_world();
    view! {
        <section class="column column-server" aria-labelledby="server-title">
            <h3 id="server-title" class="column-title">"Server(s)"<span class="column-sub">" behind a load balancer"</span></h3>

            <div class="secret-box">
                <span class="field-label">"The servers' shared secret (HMAC key, UTF-8)"</span>
                <code class="mono secret" data-testid="server-secret">{move || world.with(|w| w.secret().to_string())}</code>
                <p class="field-note">"Shown only because this is a classroom: a real server never reveals it. Whoever has it can mint tokens."</p>
            </div>

            <div inner_html=move || world.with(servers_html)></div>
            <div inner_html=move || world.with(latest_check_html)></div>
            <BuildPlayer />

            <details class="users">
                <summary>"User table: passwords stored as salted, slow hashes"</summary>
                <div inner_html=move || world.with(users_html)></div>
                <p class="field-note">"PBKDF2-HMAC-SHA256 with a random salt per user. Login recomputes the hash from the password typed and compares; the plain password is never kept. Real servers use many more iterations (OWASP suggests 600,000) or Argon2id."</p>
            </details>
        </section>
    }
}

/// Each server's card, then the shared store when it is on.
fn servers_html(w: &World) -> String {
    let mut h = Html::new();
    let now = w.now();
    let sessions_shown = w.mode() == Mode::Session;
    h.open("ul", &[("class", "servers")]);
    for s in w.servers() {
        let id = s.id().to_string();
        let up = s.is_up();
        let up_word = if up { "true" } else { "false" };
        h.open(
            "li",
            &[
                ("class", if up { "server" } else { "server server-down" }),
                ("data-testid", "server"),
                ("data-server-id", &id),
                ("data-up", up_word),
            ],
        );
        h.open("div", &[("class", "server-head")])
            .el("strong", &[], &format!("Server {id}"))
            .el(
                "span",
                &[("class", "server-state")],
                if up { "● up" } else { "✗ down (crashed)" },
            )
            .close();
        let memory = if w.mode() == Mode::Jwt {
            "Remembers about users: nothing (0 entries, 0 bytes). The token carries it all."
                .to_string()
        } else if w.uses_shared_store() {
            "Own memory unused: sessions live in the shared store.".to_string()
        } else {
            let m = w.memory(s.id()).unwrap_or_default();
            format!(
                "Session memory: {} entries, about {} bytes",
                m.entries, m.bytes
            )
        };
        h.el(
            "p",
            &[("class", "memory"), ("data-testid", "server-memory")],
            &memory,
        );
        if sessions_shown && !w.uses_shared_store() {
            write_sessions(&mut h, s.sessions(), now);
        }
        h.open("div", &[("class", "row tight")])
            .el(
                "button",
                &[
                    ("type", "button"),
                    ("class", "btn btn-small"),
                    ("data-testid", "server-crash"),
                    ("data-action", "crash"),
                    ("data-arg", &id),
                    maybe(!up, "disabled", ""),
                ],
                "Crash",
            )
            .el(
                "button",
                &[
                    ("type", "button"),
                    ("class", "btn btn-small"),
                    ("data-testid", "server-restart"),
                    ("data-action", "restart"),
                    ("data-arg", &id),
                    maybe(up, "disabled", ""),
                ],
                "Restart",
            )
            .close();
        h.close();
    }
    h.close();
    if sessions_shown && w.uses_shared_store() {
        let m = w.shared_memory();
        h.open("div", &[("class", "shared-store")])
            .el(
                "h4",
                &[],
                "Shared session store (all servers read and write it)",
            )
            .el(
                "p",
                &[("class", "memory")],
                &format!("{} entries, about {} bytes", m.entries, m.bytes),
            );
        write_sessions(&mut h, w.cluster().shared_store(), now);
        h.close();
    }
    h.finish()
}

/// The sessions a store holds, as a table (or "No sessions.").
fn write_sessions(h: &mut Html, store: &SessionStore, now: i64) {
    if store.is_empty() {
        h.el("p", &[("class", "field-note")], "No sessions.");
        return;
    }
    h.open("table", &[("class", "sessions")])
        .open("thead", &[])
        .open("tr", &[]);
    for title in ["session id", "user", "expires"] {
        h.el("th", &[("scope", "col")], title);
    }
    h.close().close().open("tbody", &[]);
    for (sid, s) in store.iter() {
        write_session_row(h, sid, s, now);
    }
    h.close().close();
}

fn write_session_row(h: &mut Html, sid: &str, s: &Session, now: i64) {
    let left = s.expires_at - now;
    let expires = if left > 0 {
        format!("in {}", crate::jwt::claims::human_span(left as f64))
    } else {
        "expired".to_string()
    };
    h.open(
        "tr",
        &[("data-testid", "session-row"), ("data-user", &s.email)],
    )
    .el("td", &[("class", "mono clip")], sid)
    .el("td", &[], &format!("{} ({})", s.email, s.role))
    .el("td", &[], &expires)
    .close();
}

/// The user table: emails, roles and stored password hashes.
fn users_html(w: &World) -> String {
    let mut h = Html::new();
    h.open("table", &[]).open("thead", &[]).open("tr", &[]);
    for title in ["email", "role", "stored password"] {
        h.el("th", &[("scope", "col")], title);
    }
    h.close().close().open("tbody", &[]);
    for u in w.users() {
        h.open("tr", &[])
            .el("td", &[], &u.email)
            .el("td", &[], &u.role)
            .el("td", &[("class", "mono clip")], &u.password.stored_form())
            .close();
    }
    h.finish()
}

/// The latest request: what kind of check it was, the status explained, the
/// one-sentence why, the signatures side by side on a MAC failure, and the
/// checklist.
fn latest_check_html(w: &World) -> String {
    let mut h = Html::new();
    let label = "What the server checked for the latest request";
    let Some(e) = w.last_exchange() else {
        write_checklist(&mut h, &[], label);
        return h.finish();
    };
    let trace = &e.trace;
    let seq = e.seq.to_string();
    h.open(
        "div",
        &[
            ("class", "latest-check"),
            ("data-testid", "latest-check"),
            ("data-seq", &seq),
        ],
    )
    .el("h4", &[], &format!("Request #{seq}: {}", trace.title()));
    let kind = match trace {
        crate::sim::Trace::Login(_) => "authentication: is this really the user?",
        crate::sim::Trace::Jwt(_) | crate::sim::Trace::Session(_) => {
            "authorization: who is asking, and may they have this?"
        }
        _ => "",
    };
    h.el("p", &[("class", "field-note")], kind);
    let code_note = match e.status() {
        401 => Some("401 Unauthorized: the server could not tell who you are (authentication failed or missing)."),
        403 => Some("403 Forbidden: the server knows who you are, and you may not have this (authorization failed)."),
        _ => None,
    };
    if let Some(note) = code_note {
        h.el(
            "p",
            &[("class", "status-note"), ("data-testid", "status-note")],
            note,
        );
    }
    let steps: Vec<_> = trace.checklist().into_iter().map(row_of).collect();
    if steps.iter().any(|s| s.result == StepResult::Fail.as_str()) {
        if let Some(why) = trace.why() {
            h.open("p", &[("class", "why"), ("data-testid", "why")])
                .el("strong", &[], "Why: ")
                .text(&why)
                .close();
        }
    }
    if let Some((expected, received)) = trace.verify_report().and_then(|r| r.signature_mismatch()) {
        write_signatures(&mut h, expected, received, "signatures");
    }
    h.close();
    write_checklist(&mut h, &steps, label);
    h.finish()
}
