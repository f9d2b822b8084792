//! JWT mode, in the Browser column: where the page keeps its token, the
//! token itself (editable), its decoded claims (editable), what the server
//! would say about it now, and re-signing it with a secret.

use super::use_world;
use crate::jwt::display::count;
use crate::jwt::replace_part;
use crate::jwt::{decode, prepare};
use crate::jwt::{inspect, Algorithm, InspectOptions, KeyEncoding, Part, Verdict};
use crate::sim::attacker::{
    attacker_private_jwk, attacker_public_jwk, forge, set_header_members, twin_signature,
    ATTACKER_ALG, ATTACKER_JWKS_URL, ATTACKER_KID,
};
use crate::sim::{CookieError, KeyMode, TokenOrigin, TokenStorage, World};
use crate::ui::debugger::{DebuggerInbox, Handover};
use crate::ui::text_area::{BoxText, LiveTextArea};
use leptos::prelude::*;

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
    // Bumped when the page refused a text too large to keep: the field then
    // shows the token it kept again.
    let reverted = RwSignal::new(0u64);

    // Only the playground's own tokens are kept; an edited one is told from
    // a pasted one (see `World::token_origin`).
    let outside = Memo::new(move |_| {
        token.with(|t| match t.as_deref() {
            Some(t) => world.peek(|w| w.token_origin(t)),
            None => TokenOrigin::Own,
        })
    });

    // The claims, decoded and editable (see `PartEditor`).
    let claims = PartEditor::new(world, token, Part::Payload);
    let claims_box = claims.shown();
    let on_claims = move |text: String| claims.edit(text);

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
        // In the guess-the-secret exercise the secret is what the student
        // must find: the debugger gets the token without it.
        let guessing = world.exercise_untracked() == Some(crate::sim::Weakness::WeakSecret);
        let handover = world.peek(|w| {
            w.token().map(|token| Handover {
                token,
                alg: w.alg(),
                secret: if guessing {
                    String::new()
                } else {
                    w.verification_key_text()
                },
                now: w.now(),
            })
        });
        if let (Some(inbox), Some(handover)) = (inbox, handover) {
            inbox.send(handover);
            crate::ui::util::go_to(&crate::ui::Route::Debugger.hash());
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
                {TokenStorage::ALL.map(|s| view! { <option value=s.as_str()>{s.words()}</option> })}
            </select>
            <p class="field-note">{move || format!("Sent with each request as: {}.", storage.get().sent_as())}</p>
            {move || (storage.get() == TokenStorage::HttpOnlyCookie).then(|| view! {
                <p class="field-note" data-testid="httponly-note">
                    "The login asks for the token in a cookie (header Token-Delivery: cookie), so the server sends it in Set-Cookie with HttpOnly, Secure and SameSite, not in the body: the page cannot see it, and the browser adds it to every request to the app by itself. A backend serving one browser app (a BFF) usually does this without being asked. Switching to or from this choice starts logged out, since page script can neither write nor read that cookie."
                </p>
                <p class="field-note" data-testid="httponly-one-cookie">
                    <strong>"One cookie, two views: "</strong>"the box below and the row "<code>"token"</code>" in the cookie jar are both developer tools' views of the same cookie; an edit in either shows in the other."
                </p>
            })}

            <label for="browser-token" class="field-label">{move || if storage.get() == TokenStorage::HttpOnlyCookie {
                "The token in the browser's cookie jar, as developer tools show it: the page itself cannot read it (edit it!)"
            } else {
                "The token the browser holds (edit it!)"
            }}</label>
            <LiveTextArea value=Signal::derive(move || { reverted.track(); token.get().unwrap_or_default() })
                on_input={move |text: String| {
                    let refused = world.act(|w| {
                        w.set_token_text(text);
                        matches!(w.last_refusal(), Some(CookieError::PageTokenTooLarge { .. }))
                    });
                    // The field shows the token the page kept, not the text it refused.
                    if refused == Some(true) {
                        reverted.update(|n| *n += 1);
                    }
                }}
                {..} id="browser-token" data-testid="browser-token" class="mono token-input" rows="5"
                placeholder="No token: log in to get one." />
            {move || refusal.get().map(|r| view! { <p class="warning" role="alert" data-testid="token-refused">{r}</p> })}
            <p class="field-note" data-testid="token-not-kept" data-outside=move || outside.get().as_str()
                hidden=move || outside.get() == TokenOrigin::Own>
                {move || outside.get().sentence()}
            </p>

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
            <crate::ui::checklist::GlossLine words=Signal::stored(vec!["sub", "iat", "exp", "jti"]) label="Claims" />
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

/// One decoded part of the browser's token (header or claims) as an editable
/// box. The box keeps the text exactly as typed while the token is the one
/// that text made; any other token (a login, an edit of the token itself)
/// shows its own decoded part. An edit that is valid JSON is re-encoded
/// compactly, as the server wrote it, so only what changed changes in the
/// token; other text goes in as typed. The old signature stays.
#[derive(Clone, Copy)]
struct PartEditor {
    world: super::WorldSignal,
    token: Memo<Option<String>>,
    part: Part,
    /// The token the typed text made, and that text.
    made: RwSignal<Option<String>>,
    typed: RwSignal<String>,
}

impl PartEditor {
    fn new(world: super::WorldSignal, token: Memo<Option<String>>, part: Part) -> PartEditor {
        PartEditor {
            world,
            token,
            part,
            made: RwSignal::new(None),
            typed: RwSignal::new(String::new()),
        }
    }

    /// What the box shows.
    fn shown(self) -> Memo<BoxText> {
        Memo::new(move |_| {
            BoxText::of_decoded(self.token.with(|current| match current {
                None => String::new(),
                Some(t) if self.made.with(|m| m.as_ref() == Some(t)) => self.typed.get(),
                Some(t) => {
                    let decoded = decode(&prepare(t).token);
                    match self.part {
                        Part::Header => decoded.header.display(),
                        _ => decoded.payload.display(),
                    }
                }
            }))
        })
    }

    /// The user typed `text` in the box.
    fn edit(self, text: String) {
        let encoded = match crate::jwt::Json::parse(&text) {
            Ok(json) => json.to_compact(),
            Err(_) => text.clone(),
        };
        self.write(&encoded, text);
    }

    /// Put `encoded` in the token as this part; the box shows `typed`.
    fn write(self, encoded: &str, typed: String) {
        if let Some(current) = self.token.get_untracked() {
            let edited = replace_part(&prepare(&current).token, self.part, encoded);
            self.made.set(Some(edited.clone()));
            self.typed.set(typed);
            self.world.act(|w| w.set_token_text(edited));
        }
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

/// The attacker's workbench (and the honest re-signer): edit the header,
/// choose the algorithm (`none` too), type a key, sign the header and claims
/// as they stand. Unlike the debugger's strict signer it signs what it is
/// told (an HMAC with an empty key or a public key's PEM), because that is
/// what attackers do; the servers decide what to accept.
#[component]
fn Resign() -> impl IntoView {
    let world = use_world();
    let token = world.memo(World::token);
    let key_pair = world.memo(|w| w.key_mode() == KeyMode::KeyPair);
    let secret_hidden =
        world.memo(move |w| crate::sim::exercise::hides_secret(world.exercise(), w));
    let server_alg = world.memo(World::alg);
    // The algorithm chosen here (`None`: the servers' own).
    let chosen = RwSignal::new(None::<String>);
    let alg_name = move || {
        chosen
            .get()
            .unwrap_or_else(|| server_alg.get().name().to_string())
    };
    let sign_secret = RwSignal::new(String::new());
    let sign_note = RwSignal::new(None::<String>);

    let header = PartEditor::new(world, token, Part::Header);
    let header_box = header.shown();
    let on_header = move |text: String| header.edit(text);
    // Add members to the header (the attacker's jwk, or jku and kid).
    let add_to_header = move |members: Vec<(&'static str, crate::jwt::Json)>| {
        let Some(current) = token.get_untracked() else {
            sign_note.set(Some("There is no token to change: log in first.".into()));
            return;
        };
        let text = decode(&prepare(&current).token)
            .header
            .text
            .unwrap_or_default();
        let alg = Algorithm::from_name(&alg_name());
        match set_header_members(&text, alg, &members) {
            Ok(text) => {
                let pretty = crate::jwt::Json::parse(&text)
                    .map(|j| j.to_pretty())
                    .unwrap_or_else(|_| text.clone());
                header.write(&text, pretty);
                sign_note.set(Some("Header changed: now sign it.".into()));
            }
            Err(e) => sign_note.set(Some(format!("Cannot change the header: {e}"))),
        }
    };

    let resign = move |_| {
        let Some(current) = token.get_untracked() else {
            sign_note.set(Some("There is no token to sign: log in first.".into()));
            return;
        };
        let name = alg_name();
        let alg = Algorithm::from_name(&name);
        let decoded = decode(&prepare(&current).token);
        let header = decoded.header.text.unwrap_or_default();
        let claims = decoded.payload.text.unwrap_or_default();
        let key = sign_secret.get_untracked();
        match forge(alg, &header, &claims, &key, &mut rand_core::OsRng) {
            Ok(signed) => {
                let note = world.peek(|w| sign_message(w, alg, &key));
                world.act(|w| w.set_token_text(signed));
                sign_note.set(Some(note));
            }
            Err(e) => sign_note.set(Some(format!("Cannot sign: {e}"))),
        }
    };
    view! {
        <details class="resign">
            <summary>"Forge a token: edit the header, choose the algorithm, sign"</summary>
            <label for="forge-header" class="field-label">
                <span class="part-chip seg-header">"header"</span>" The header (kid, jwk, jku... as you like)"
            </label>
            <LiveTextArea value=Signal::derive(move || header_box.with(|b| b.text.clone())) on_input={on_header}
                {..} id="forge-header" data-testid="forge-header" class="mono json-input border-header" rows="4"
                readonly=move || !header_box.with(|b| b.editable) />
            <label for="forge-alg">"Sign with the algorithm"</label>
            <select id="forge-alg" data-testid="forge-alg" prop:value=alg_name
                on:change=move |ev| chosen.set(Some(event_target_value(&ev)))>
                <option value="none">"none (no signature)"</option>
                {Algorithm::ALL.map(|a| view! { <option value=a.name()>{a.name()}</option> })}
            </select>
            <p class="field-note">{move || format!("The servers sign and accept {}. The header's alg is set to the one chosen here.", server_alg.get())}</p>
            <label for="resign-secret">{move || match Algorithm::from_name(&alg_name()) {
                None => "Key: none is needed",
                Some(a) if a.is_symmetric() => "Secret to sign with (its UTF-8 bytes, as typed; empty is allowed)",
                Some(_) => "Private key to sign with (PEM or JWK)",
            }}</label>
            <textarea id="resign-secret" data-testid="resign-secret" class="mono key-input" rows="2" spellcheck="false" autocomplete="off"
                prop:value=move || sign_secret.get() on:input=move |ev| sign_secret.set(event_target_value(&ev)) />
            <div class="row">
                <button type="button" class="btn btn-small" data-testid="forge-attacker-key" on:click=move |_| {
                    chosen.set(Some(ATTACKER_ALG.name().to_string()));
                    sign_secret.set(attacker_private_jwk());
                    sign_note.set(Some("The attacker's own ES256 key pair (evil.example, kid evil-1): its private key is in the key field.".into()));
                }>"Use the attacker's key pair"</button>
                <button type="button" class="btn btn-small" data-testid="forge-embed-jwk"
                    on:click=move |_| add_to_header(vec![("jwk", attacker_public_jwk())])>
                    "Put its public key in jwk"
                </button>
                <button type="button" class="btn btn-small" data-testid="forge-jku"
                    on:click=move |_| add_to_header(vec![
                        ("kid", crate::jwt::Json::string(ATTACKER_KID)),
                        ("jku", crate::jwt::Json::string(ATTACKER_JWKS_URL)),
                    ])>
                    "Point jku at evil.example"
                </button>
                <button type="button" class="btn btn-small" data-testid="forge-twin" on:click=move |_| {
                    match token.get_untracked().as_deref().and_then(twin_signature) {
                        Some(twin) => {
                            world.act(|w| w.set_token_text(twin));
                            sign_note.set(Some("Re-encoded: the signature (r, s) is now its twin (r, n - s). The token is a different text, yet it says the same and verifies just the same: ECDSA signatures are malleable.".into()));
                        }
                        None => sign_note.set(Some("Only an ES256, ES384 or ES512 token has a twin signature: log in in key-pair mode.".into())),
                    }
                }>"Re-encode the signature (its ECDSA twin)"</button>
            </div>
            <button type="button" class="btn" data-testid="resign" on:click=resign>"Sign header + claims"</button>
            <p class="field-note">{move || if key_pair.get() {
                "Key pair: the servers publish only public keys, and a public key cannot sign (try pasting the JWK Set from the Server column). Only the issuer's private key, which never leaves server 1, makes a token the strict servers accept."
            } else if secret_hidden.get() {
                "A real attacker does not know the server's secret, and in this exercise neither do you: find it from the token with the debugger's guesser, then type it here."
            } else {
                "A real attacker does not know the server's secret. Here you can copy it from the Server column to see that the secret is the only thing that makes a token trusted."
            }}</p>
            <p class="note" role="status" data-testid="resign-note">{move || sign_note.get()}</p>
        </details>
    }
}

/// What a signature just made means for the servers, in a sentence.
fn sign_message(w: &World, alg: Option<Algorithm>, key: &str) -> String {
    let server_alg = w.alg();
    match alg {
        None => "Unsigned: \"alg\": \"none\" and an empty signature. Only a server that lets the token choose its algorithm would accept it.".into(),
        Some(alg) if alg != server_alg => format!(
            "Signed with {alg}, but the servers use {server_alg}: a strict server refuses it at step alg."
        ),
        Some(_) => match w.key_mode() {
            KeyMode::SharedSecret if w.secret() == key => "Signed with the servers' secret: they will accept this token. Only whoever holds the secret can do this, and every server holds it.".into(),
            KeyMode::SharedSecret => "Signed with a secret that is not the servers': a strict server still refuses it.".into(),
            KeyMode::KeyPair => "Signed with a private key that is not the issuer's: the servers check with the issuer's public keys, so a strict server refuses it.".into(),
        },
    }
}
