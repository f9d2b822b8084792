//! The token lifecycle (issue 13): the scheme (access only, or access +
//! refresh), the page's lifecycle buttons, the thief with a stolen refresh
//! token, the server's refresh families and deny-list, and the comparison
//! table that fills in as the student tries things.

use super::use_world;
use crate::jwt::display::{count, shorten};
use crate::sim::{FamilyState, Mode, Seen, TokenScheme, World};
use leptos::prelude::*;

/// The longest deny-list delay accepted: one hour.
const MAX_DELAY: i64 = 3600;

/// In the controls bar (JWT mode): the token scheme and the deny-list delay.
#[component]
pub fn SchemeControls() -> impl IntoView {
    let world = use_world();
    let jwt = world.memo(|w| w.mode() == Mode::Jwt);
    let scheme = world.memo(|w| w.lifecycle().scheme);
    let delay = world.memo(|w| w.lifecycle().deny_delay);
    let delay_text = RwSignal::new(delay.get_untracked().to_string());
    let refused = RwSignal::new(false);
    let apply_delay = move || match delay_text.with_untracked(|t| t.trim().parse::<i64>()) {
        Ok(secs) if (0..=MAX_DELAY).contains(&secs) => {
            refused.set(false);
            world.act(|w| w.set_deny_delay(secs));
        }
        _ => refused.set(true),
    };
    view! {
        <Show when=move || jwt.get()>
            <div class="control-group">
                <label for="token-scheme" class="control-label">"Tokens at login"</label>
                <select id="token-scheme" data-testid="token-scheme"
                    prop:value=move || scheme.get().as_str()
                    on:change=move |ev| {
                        if let Some(s) = TokenScheme::from_str_value(&event_target_value(&ev)) {
                            world.act(|w| w.set_token_scheme(s));
                        }
                    }>
                    <option value=TokenScheme::AccessOnly.as_str()>"access token only"</option>
                    <option value=TokenScheme::AccessRefresh.as_str()>"access + refresh token"</option>
                </select>
                <p class="field-note">{move || match scheme.get() {
                    TokenScheme::AccessOnly => "One token, valid for 5 minutes; then log in again.",
                    TokenScheme::AccessRefresh => "A 5-minute access token and a one-day refresh token (HttpOnly cookie). From the next login on.",
                }}</p>
                <label for="denylist-delay">"Servers re-read the deny-list every (s)"</label>
                <input id="denylist-delay" data-testid="denylist-delay" class="mono narrow" type="text" inputmode="numeric"
                    aria-invalid=move || if refused.get() { "true" } else { "false" }
                    aria-describedby="denylist-delay-note"
                    prop:value=move || delay_text.get()
                    on:input=move |ev| delay_text.set(event_target_value(&ev))
                    on:change=move |_| apply_delay()
                    on:keydown=move |ev| if ev.key() == "Enter" { apply_delay() } />
                <p id="denylist-delay-note" class="field-note">{move || if refused.get() {
                    "Enter whole seconds from 0 to 3600.".to_string()
                } else {
                    format!("Now {} s: a revoked token keeps working on a server for up to that long.", delay.get())
                }}</p>
            </div>
        </Show>
    }
}

/// In the Browser column: refresh, revoke, log out everywhere, and the thief.
#[component]
pub fn LifecycleButtons() -> impl IntoView {
    let world = use_world();
    let jwt = world.memo(|w| w.mode() == Mode::Jwt);
    let refresh =
        world.memo(|w| w.mode() == Mode::Jwt && w.lifecycle().scheme == TokenScheme::AccessRefresh);
    let has_refresh = world.memo(|w| w.browser().jar.get(crate::sim::REFRESH_COOKIE).is_some());
    let loot = world.memo(|w| w.loot().clone());
    view! {
        <div class="lifecycle-buttons" role="group" aria-label="Ending and renewing credentials">
            <h4>"Renew and revoke"</h4>
            <div class="row">
                <Show when=move || refresh.get()>
                    <button type="button" class="btn" data-testid="refresh-now"
                        on:click=move |_| { world.act(World::refresh_now); }>"POST /auth/refresh"</button>
                </Show>
                <Show when=move || jwt.get()>
                    <button type="button" class="btn" data-testid="revoke-token"
                        on:click=move |_| { world.act(World::revoke_token); }>"Revoke this token"</button>
                </Show>
                <button type="button" class="btn" data-testid="logout-everywhere"
                    on:click=move |_| { world.act(World::logout_everywhere); }>"Log out everywhere"</button>
            </div>
            <Show when=move || refresh.get()>
                <div class="thief">
                    <h4>"A thief with the refresh token"</h4>
                    <p class="field-note">"The refresh cookie is HttpOnly, so page script cannot read it; malware on the laptop or a synced browser profile can. Steal it, then let the user and the thief each spend it."</p>
                    <div class="row">
                        <button type="button" class="btn" data-testid="steal-refresh"
                            disabled=move || !has_refresh.get()
                            on:click=move |_| {
                                world.act(World::steal_refresh);
                                super::stage::reveal_after_redraw("[data-testid=\"attacker-refresh\"]");
                            }>"Steal the refresh token"</button>
                        <button type="button" class="btn" data-testid="replay-refresh"
                            disabled=move || loot.with(|l| l.refresh.is_none())
                            on:click=move |_| {
                                world.act(World::replay_refresh);
                                super::stage::reveal_after_redraw("[data-testid=\"attacker-refresh\"]");
                            }>"Thief: POST /auth/refresh"</button>
                    </div>
                    <dl class="loot" data-testid="attacker-refresh">
                        <dt>"Thief's refresh token"</dt>
                        <dd class="mono clip">{move || loot.with(|l| l.refresh.as_deref().map_or("none".to_string(), |r| shorten(r, 60).into_owned()))}</dd>
                        <dt>"Thief's access token"</dt>
                        <dd class="mono clip">{move || loot.with(|l| l.access.as_deref().map_or("none".to_string(), |a| shorten(a, 60).into_owned()))}</dd>
                    </dl>
                </div>
            </Show>
        </div>
    }
}

/// One refresh family, as the server's table shows it.
#[derive(Debug, Clone, PartialEq)]
struct FamilyRow {
    id: u32,
    email: String,
    rotations: u32,
    state: FamilyState,
    why: String,
}

fn family_rows(w: &World) -> Vec<FamilyRow> {
    w.lifecycle()
        .families()
        .iter()
        .map(|f| FamilyRow {
            id: f.id,
            email: f.email.clone(),
            rotations: f.rotations,
            state: f.state,
            why: match f.state {
                FamilyState::Active if w.now() >= f.expires_at => "expired".to_string(),
                FamilyState::Active => "active".to_string(),
                FamilyState::Revoked(reason) => format!("revoked ({})", reason.short()),
            },
        })
        .collect()
}

/// In the Server column: what the servers remember again.
#[component]
pub fn LifecyclePanel() -> impl IntoView {
    let world = use_world();
    let shown = world.memo(|w| {
        w.mode() == Mode::Jwt
            && (w.lifecycle().scheme == TokenScheme::AccessRefresh
                || !w.lifecycle().families().is_empty()
                || w.lifecycle().revocation_in_use())
    });
    let families = world.memo(family_rows);
    let family_ids =
        Memo::new(move |_| families.with(|f| f.iter().map(|r| r.id).collect::<Vec<_>>()));
    let deny = world.memo(|w| {
        w.lifecycle()
            .deny_entries()
            .iter()
            .map(|d| {
                format!(
                    "{} ({}), until {}",
                    d.jti,
                    d.email,
                    crate::jwt::claims::format_utc(d.until as f64)
                )
            })
            .collect::<Vec<_>>()
    });
    let memory = world.memo(|w| w.lifecycle().approx_bytes());
    view! {
        <Show when=move || shown.get()>
            <div class="lifecycle-panel" data-testid="lifecycle-panel">
                <h4>"Remembered again: refresh families and the deny-list"</h4>
                <p class="memory">{move || format!("Shared state: about {}", count(memory.get(), "byte", "bytes"))}</p>
                <table class="sessions families">
                    <caption class="field-note">"Refresh families (one per login; the server keeps only hashes)"</caption>
                    <thead><tr>
                        <th scope="col">"family"</th>
                        <th scope="col">"user"</th>
                        // A soft hyphen: a narrow column breaks it as "rota-tions", never mid-letter.
                        <th scope="col">"rota\u{ad}tions"</th>
                        <th scope="col">"state"</th>
                    </tr></thead>
                    <tbody>
                        <For each=move || family_ids.get() key=|id| *id let:id>
                            <FamilyRowView id families />
                        </For>
                    </tbody>
                </table>
                <p class="field-note">"Deny-list (revoked access tokens, until their exp):"</p>
                <ul class="notes" data-testid="denylist">
                    <For each=move || deny.get() key=|d| d.clone() let:entry>
                        <li class="mono clip">{entry}</li>
                    </For>
                </ul>
                <Show when=move || deny.with(Vec::is_empty)>
                    <p class="field-note">"empty: no lookup needed yet"</p>
                </Show>
            </div>
        </Show>
    }
}

#[component]
fn FamilyRowView(id: u32, families: Memo<Vec<FamilyRow>>) -> impl IntoView {
    let row = Memo::new(move |_| families.with(|f| f.iter().find(|r| r.id == id).cloned()));
    let field = move |f: fn(&FamilyRow) -> String| {
        move || row.with(|r| r.as_ref().map(f).unwrap_or_default())
    };
    view! {
        <tr data-testid="family-row" data-family=id.to_string()
            data-state=move || row.with(|r| r.as_ref().map_or("", |r| r.state.as_str()))>
            <td>{format!("#{id}")}</td>
            <td>{field(|r| r.email.clone())}</td>
            <td>{field(|r| r.rotations.to_string())}</td>
            <td>{field(|r| match r.state {
                FamilyState::Revoked(_) => format!("✗ {}", r.why),
                FamilyState::Active => format!("✓ {}", r.why),
            })}</td>
        </tr>
    }
}

/// One cell of the comparison table: the fact, and whether the student saw it.
struct Cell {
    text: &'static str,
    /// The fact that demonstrates it, and what to try to see it.
    proof: Option<(Seen, &'static str)>,
}

const fn cell(text: &'static str) -> Cell {
    Cell { text, proof: None }
}

const fn seen(text: &'static str, fact: Seen, try_it: &'static str) -> Cell {
    Cell {
        text,
        proof: Some((fact, try_it)),
    }
}

const COLUMNS: [&str; 6] = [
    "What the server stores",
    "Lookups per request",
    "A logout or a stolen credential is stopped",
    "A server crash",
    "An injected script (XSS) reads the credential",
    "Another site's request carries it (CSRF)",
];

const ROWS: [(&str, [Cell; 6]); 5] = [
    (
        "Cookie sessions",
        [
            cell("every session (id → user), per server or in a shared store"),
            cell("one: find the session"),
            seen(
                "at once: the row is deleted",
                Seen::SessionCopyStopped,
                "session mode: copy the credential, log out, replay the copy",
            ),
            seen(
                "loses that server's sessions (unless shared)",
                Seen::CrashLostSessions,
                "session mode: log in, crash the server, ask for your profile",
            ),
            cell("no: the sid cookie is HttpOnly"),
            seen(
                "yes, as its SameSite allows: Lax keeps it off another site's POST, None lets it ride",
                Seen::CrossSiteCarriedSession,
                "session mode, weakness samesite-none: visit evil.example",
            ),
        ],
    ),
    (
        "Plain JWT",
        [
            cell("nothing about users"),
            cell("none: check the signature"),
            seen(
                "only at exp: a copy keeps working after logout",
                Seen::JwtCopyWorked,
                "JWT mode: copy the credential, log out, replay the copy",
            ),
            cell("nothing lost"),
            seen(
                "in localStorage or a script-set cookie, yes: it is copied off (in memory, it can only be used from the page)",
                Seen::ScriptStoleToken,
                "JWT in localStorage, weakness xss: open the comments page",
            ),
            seen(
                "no: only the page's own script adds the Authorization header",
                Seen::CrossSiteNoBearer,
                "JWT in memory or localStorage, logged in: visit evil.example",
            ),
        ],
    ),
    (
        "JWT + refresh token",
        [
            cell("refresh families (hashes), in a database"),
            cell("none for API calls; one per refresh"),
            seen(
                "a stolen refresh token is caught when reused; access tokens still live until exp",
                Seen::ReuseCaught,
                "access + refresh: steal the refresh token, refresh, let the thief refresh",
            ),
            seen(
                "nothing lost; the page renews by itself",
                Seen::Renewed,
                "access + refresh: log in, advance the clock 5 min, ask for your profile",
            ),
            cell("the access token as plain JWT; the refresh token sits in an HttpOnly cookie"),
            cell("the refresh cookie is SameSite=Strict and only goes to /auth/refresh"),
        ],
    ),
    (
        "JWT + deny-list",
        [
            cell("revoked jti values until their exp, shared"),
            seen(
                "one again: is the jti on the list?",
                Seen::DenyRefused,
                "revoke the token, then ask for your profile",
            ),
            seen(
                "after each server re-reads the list: a stale copy still accepts it",
                Seen::DenyStale,
                "two servers: revoke, then ask for your profile on each before the delay",
            ),
            cell("the list is shared and survives; a restarted server reads it again"),
            cell("as plain JWT"),
            cell("as plain JWT"),
        ],
    ),
    (
        "JWT in an HttpOnly cookie",
        [
            cell("nothing about users; the browser keeps the token in its cookie jar"),
            cell("none: check the signature of the token the Cookie header brings"),
            cell("only at exp; logout clears the cookie, but a copy still works"),
            cell("nothing lost"),
            seen(
                "no: document.cookie leaves HttpOnly cookies out, so there is nothing to copy",
                Seen::ScriptMissedCookieToken,
                "JWT in an HttpOnly cookie, weakness xss: open the comments page",
            ),
            seen(
                "only with SameSite=None: the browser adds it to the forged POST, which is done as the user",
                Seen::CrossSiteCarriedToken,
                "JWT in an HttpOnly cookie, weakness samesite-none: visit evil.example",
            ),
        ],
    ),
];

/// Sessions, plain JWT, JWT + refresh, JWT + deny-list, JWT in an HttpOnly
/// cookie: each cell says what
/// the student's own clicks showed ("✓ seen") or what to try.
#[component]
pub fn CompareTable() -> impl IntoView {
    let world = use_world();
    let facts = world.memo(|w| w.seen().iter().copied().collect::<Vec<_>>());
    view! {
        <section class="compare" aria-labelledby="compare-title">
            <h3 id="compare-title">"What each way of staying logged in costs"</h3>
            <div class="table-scroll">
                <table class="compare-table" data-testid="compare-table">
                    <thead><tr>
                        <th scope="col">"Scheme"</th>
                        {COLUMNS.map(|c| view! { <th scope="col">{c}</th> })}
                    </tr></thead>
                    <tbody>
                        {ROWS.iter().map(|(name, cells)| view! {
                            <tr>
                                <th scope="row">{*name}</th>
                                {cells.iter().zip(COLUMNS).map(|(c, column)| {
                                    let proof = c.proof;
                                    let is_seen = move || proof.is_some_and(|(fact, _)| facts.with(|f| f.contains(&fact)));
                                    view! {
                                        <td data-label=column data-seen=move || if is_seen() { "true" } else { "false" }>
                                            {c.text}
                                            {proof.map(|(_, try_it)| view! {
                                                <span class="cell-proof">{move || if is_seen() {
                                                    " ✓ you saw this".to_string()
                                                } else {
                                                    format!(" (try: {try_it})")
                                                }}</span>
                                            })}
                                        </td>
                                    }
                                }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
