//! JWT mode, in the Browser column: where the page keeps its token, the
//! token itself (editable), its decoded claims (editable), what the server
//! would say about it now, and re-signing it with a secret.

use super::use_world;
use crate::jwt::decode::{decode, prepare};
use crate::jwt::display::count;
use crate::jwt::keyset::SigningKey;
use crate::jwt::sign::replace_part;
use crate::jwt::{inspect, sign_with, InspectOptions, KeyEncoding, Part, Verdict};
use crate::sim::{KeyMode, TokenStorage, World};
use crate::ui::debugger::{DebuggerInbox, Handover};
use crate::ui::text_area::{BoxText, LiveTextArea};
use leptos::prelude::*;

/// The choices of where the page keeps its token, as the `<select>` lists them.
const STORAGE_CHOICES: [(TokenStorage, &str); 3] = [
    (TokenStorage::Memory, "a JavaScript variable (memory)"),
    (TokenStorage::LocalStorage, "localStorage"),
    (TokenStorage::Cookie, "a cookie set by page script"),
];

#[component]
pub fn TokenHolder() -> impl IntoView {
    let world = use_world();
    let storage = world.memo(|w| w.browser().storage());
    let token = world.memo(World::token);
    // What the servers check with: the shared secret, or the issuer's JWK Set.
    let key_text = world.memo(World::verification_key_text);
    let alg = world.memo(World::alg);
    let now = world.memo(World::now);
    let weaknesses = world.memo(World::weaknesses);
    // The browser may refuse to keep a token (a cookie over 4096 bytes).
    let refusal = world.memo(|w| w.last_refusal().map(ToString::to_string));

    // The claims box keeps the text exactly as typed while the token is the
    // one that text made; any other token (a login, an edit of the token)
    // shows its own decoded claims.
    let claims_made = RwSignal::new(None::<String>);
    let claims_typed = RwSignal::new(String::new());
    let claims_box = Memo::new(move |_| {
        BoxText::of_decoded(token.with(|current| match current {
            None => String::new(),
            Some(t) if claims_made.with(|m| m.as_ref() == Some(t)) => claims_typed.get(),
            Some(t) => decode(&prepare(t).token).payload.display(),
        }))
    });
    let on_claims = move |text: String| {
        if let Some(current) = token.get_untracked() {
            // Valid JSON is re-encoded compactly, as the server wrote it, so
            // only what was changed changes in the token; other text as typed.
            let payload = match crate::jwt::Json::parse(&text) {
                Ok(json) => json.to_compact(),
                Err(_) => text.clone(),
            };
            let edited = replace_part(&prepare(&current).token, Part::Payload, &payload);
            claims_made.set(Some(edited.clone()));
            claims_typed.set(text);
            world.act(|w| w.set_token_text(edited));
        }
    };

    // What this server would say about the token right now.
    let verdict = Memo::new(move |_| {
        token.with(|t| {
            t.as_ref().map(|t| {
                let options = InspectOptions {
                    alg: alg.get(),
                    secret: key_text.get(),
                    encoding: KeyEncoding::Utf8,
                    now: now.get(),
                    leeway: 0,
                };
                inspect(t, &options).verdict
            })
        })
    });

    let inbox = use_context::<DebuggerInbox>();
    let open_in_debugger = move |_| {
        let handover = world.peek(|w| {
            w.token().map(|token| Handover {
                token,
                alg: w.alg(),
                secret: w.verification_key_text(),
                now: w.now(),
            })
        });
        if let (Some(inbox), Some(handover)) = (inbox, handover) {
            inbox.send(handover);
            crate::ui::util::go_to(crate::ui::Route::Debugger.hash());
        }
    };

    view! {
        <div class="token-holder">
            <h4>"Where the page keeps the JWT"</h4>
            <label for="token-storage">"Storage"</label>
            <select id="token-storage" data-testid="token-storage"
                prop:value=move || storage.get().as_str()
                on:change=move |ev| {
                    if let Some(s) = TokenStorage::from_str_value(&event_target_value(&ev)) {
                        world.act(|w| w.set_token_storage(s));
                    }
                }>
                {STORAGE_CHOICES.map(|(s, label)| view! { <option value=s.as_str()>{label}</option> })}
            </select>
            <p class="field-note">{move || format!("Sent with each request as: {}.", storage.get().sent_as())}</p>

            <label for="browser-token" class="field-label">"The token the browser holds (edit it!)"</label>
            <LiveTextArea value=Signal::derive(move || token.get().unwrap_or_default())
                on_input={move |text: String| { world.act(|w| w.set_token_text(text)); }}
                {..} id="browser-token" data-testid="browser-token" class="mono token-input" rows="5"
                placeholder="No token yet: log in first." />
            {move || refusal.get().map(|r| view! { <p class="warning" role="alert" data-testid="token-refused">{r}</p> })}

            <label for="browser-claims" class="field-label">
                <span class="part-chip seg-payload">"payload"</span>" Its claims, decoded: anyone can read them"
            </label>
            <LiveTextArea value=Signal::derive(move || claims_box.with(|b| b.text.clone())) on_input={on_claims}
                {..} id="browser-claims" data-testid="browser-claims" class="mono json-input border-payload" rows="7"
                readonly=move || !claims_box.with(|b| b.editable) />
            {move || claims_box.with(|b| b.full_chars).map(|n| view! {
                <p class="field-note">{format!(
                    "The claims decode to {}: shown shortened and read-only. Edit the token itself instead.",
                    count(n, "character", "characters")
                )}</p>
            })}
            <p class="field-note">"Editing the claims re-encodes the payload (compactly, as the server wrote it, so only what you change changes) and keeps the old signature. Try \"role\": \"admin\"."</p>

            {move || verdict.get().map(|v| view! { <TokenVerdict verdict=v /> })}
            {move || (!weaknesses.with(Vec::is_empty) && token.with(Option::is_some)).then(|| view! {
                <p class="field-note vulnerable" data-testid="token-verdict-strict-note">
                    {format!(
                        "This is the strict check. The servers have weaknesses switched on ({}), so they may accept what it refuses: the Server column shows what they did.",
                        weaknesses.with(|w| w.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(", "))
                    )}
                </p>
            })}

            <div class="row">
                <button type="button" class="btn" data-testid="open-in-debugger"
                    disabled=move || token.with(Option::is_none) on:click=open_in_debugger>
                    "Open in the token debugger"
                </button>
            </div>
            <Resign />
        </div>
    }
}

/// What the server would say about the token, as a sentence with a mark.
#[component]
fn TokenVerdict(verdict: Verdict) -> impl IntoView {
    let (class, word, headline) = if verdict.valid {
        (
            "token-check ok",
            "valid",
            "✓ The server would accept this token.",
        )
    } else {
        (
            "token-check bad",
            "invalid",
            "✗ The server would refuse this token.",
        )
    };
    view! {
        <p class=class data-testid="token-verdict" data-verdict=word data-reason=verdict.reason>
            <strong>{headline}</strong>" "{verdict.sentence}
        </p>
    }
}

/// Sign the current header and claims with a key the student types: the
/// secret (shared-secret mode) or a private key (key-pair mode, which the
/// student does not have: only the issuer does).
#[component]
fn Resign() -> impl IntoView {
    let world = use_world();
    let key_pair = world.memo(|w| w.key_mode() == KeyMode::KeyPair);
    let sign_secret = RwSignal::new(String::new());
    let sign_note = RwSignal::new(None::<String>);
    let resign = move |_| {
        let Some(current) = world.peek(World::token) else {
            sign_note.set(Some("There is no token to sign: log in first.".into()));
            return;
        };
        let (alg, key_mode) = world.peek(|w| (w.alg(), w.key_mode()));
        let key = match SigningKey::from_text(alg, &sign_secret.get_untracked(), KeyEncoding::Utf8)
        {
            Ok(k) => k,
            Err(e) => {
                sign_note.set(Some(format!("Cannot sign: {e}.")));
                return;
            }
        };
        let decoded = decode(&prepare(&current).token);
        let header = decoded.header.text.unwrap_or_default();
        let claims = decoded.payload.text.unwrap_or_default();
        match sign_with(alg, &header, &claims, &key, &mut rand_core::OsRng) {
            Ok(signed) => {
                let matches = world.peek(|w| sign_secret.with_untracked(|s| w.secret() == s));
                world.act(|w| w.set_token_text(signed.token));
                sign_note.set(Some(match key_mode {
                    KeyMode::SharedSecret if matches => "Signed with the servers' secret: they will accept this token. Only whoever holds the secret can do this, and every server holds it.".into(),
                    KeyMode::SharedSecret => "Signed with a secret that is not the servers': they will still refuse it.".into(),
                    KeyMode::KeyPair => "Signed with a private key that is not the issuer's: the servers check with the issuer's public keys, so they will refuse it.".into(),
                }));
            }
            Err(e) => sign_note.set(Some(format!("Cannot sign: {e}"))),
        }
    };
    view! {
        <details class="resign">
            <summary>{move || if key_pair.get() {
                "Re-sign the token (needs the issuer's private key)"
            } else {
                "Re-sign the token (needs the secret)"
            }}</summary>
            <label for="resign-secret">{move || if key_pair.get() {
                "Private key to sign with (PEM or JWK)"
            } else {
                "Secret to sign with"
            }}</label>
            <input id="resign-secret" data-testid="resign-secret" class="mono" type="text" spellcheck="false" autocomplete="off"
                prop:value=move || sign_secret.get() on:input=move |ev| sign_secret.set(event_target_value(&ev)) />
            <button type="button" class="btn" data-testid="resign" on:click=resign>"Sign header + claims"</button>
            <p class="field-note">{move || if key_pair.get() {
                "Key pair: the servers publish only public keys, and a public key cannot sign (try pasting the JWK Set from the Server column). Only the issuer's private key, which never leaves server 1, makes a token they accept."
            } else {
                "A real attacker does not know the server's secret. Here you can copy it from the Server column to see that the secret is the only thing that makes a token trusted."
            }}</p>
            <p class="note" role="status">{move || sign_note.get()}</p>
        </details>
    }
}
