//! The token debugger: paste a token, read it, verify it with a secret or a
//! public key (PEM, JWK or JWK Set). Editing the decoded JSON re-encodes that
//! part and keeps the old signature, so the verdict turns invalid; only
//! "Sign" re-signs, with the secret or with a private key.
//!
//! State: the token, the two decoded texts, the verifier's settings (typed:
//! `Algorithm`, `KeyEncoding`), the expected issuer and audience, the clock.
//! The key field is read once per key text (a memo of the key set); one memo
//! inspects the token with it; the panels read narrow memos of that
//! inspection, so a keystroke redraws only what it changed.
//!
//! The verdict sits in a bar that stays at the top of the window while the
//! page scrolls, so it stays in view while any field is edited.
//!
//! Its parts live beside it: `fields` (the hand-over inbox and the fields
//! kept in this tab), `verdict`, `parts` (the decoded boxes), `claims`, and
//! `guesser` (the secret guesser).

mod claims;
mod fields;
mod guesser;
mod parts;
mod signing;
mod verdict;

use super::signatures::SignatureCompare;
use super::text_area::{BoxText, LiveTextArea};
use super::token_view::TokenParts;
use super::util;
use crate::jwt::claims::ClaimView;
use crate::jwt::display::{bidi_controls, count, reveal_controls, shorten};
use crate::jwt::replace_part;
use crate::jwt::samples::{SAMPLE_RS256_JWKS, SAMPLE_RS256_TOKEN};
use crate::jwt::{decode, prepare, PartView};
use crate::jwt::{
    inspect_with, read_keys, Algorithm, Expected, InspectOptions, Inspection, KeyEncoding, Part,
    VerdictStatus,
};
use crate::ui::checklist::{CheckRow, Checklist};
use claims::ClaimsExplained;
pub use fields::{DebuggerFields, DebuggerInbox, Handover};
use guesser::SecretGuesser;
use leptos::prelude::*;
use parts::PartEditor;
use signing::SignPanel;
use std::time::Duration;
use verdict::VerdictView;

/// jwt.io's current default HS256 token and its secret (38 bytes, long enough for HS256).
pub const SAMPLE_TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiYWRtaW4iOnRydWUsImlhdCI6MTUxNjIzOTAyMn0.KMUFsIDTnFmyG3nMiGM6H9FNFUROf3wh7SmqJp-QV30";
pub const SAMPLE_SECRET: &str = "a-string-secret-at-least-256-bits-long";

/// Claims drawn at first, and how many more each "show more" adds: a person
/// reads a few hundred; a token with 100,000 claims must not freeze the page.
const CLAIMS_PAGE: usize = 200;
/// A claim value longer than this is shortened, with its length.
const VALUE_CHARS: usize = 300;

/// A narrow memo of the inspection: it notifies only when this part changed.
fn slice<T>(inspection: Memo<Inspection>, part: fn(&Inspection) -> T) -> Memo<T>
where
    T: PartialEq + Send + Sync + 'static,
{
    Memo::new(move |_| inspection.with(part))
}

/// The decoded text of a part, whole (signing uses it).
fn part_text(token: &str, part: Part) -> String {
    let decoded = decode(&prepare(token).token);
    match part {
        Part::Header => decoded.header.display(),
        _ => decoded.payload.display(),
    }
}

/// Text typed in a decoded box, and the token it made: while the token is
/// still that one, the box keeps the text exactly as typed.
#[derive(Debug, Clone, PartialEq)]
struct BoxEdit {
    part: Part,
    typed: String,
    made: String,
}

/// A whole number of seconds typed in a field; `None` when it is not one.
fn whole_seconds(text: &str) -> Option<i64> {
    text.trim().parse::<i64>().ok()
}

#[component]
pub fn Debugger() -> impl IntoView {
    // The fields as the user left them (kept by the app), else the sample;
    // a token handed over by the playground replaces them.
    let fields = use_context::<DebuggerFields>().unwrap_or_else(DebuggerFields::new);
    let DebuggerFields {
        token,
        secret,
        alg,
        encoding,
        now_text,
        leeway_text,
        expected_iss,
        expected_aud,
        private_key,
        remember,
    } = fields;
    let handed = use_context::<DebuggerInbox>().and_then(|inbox| inbox.take());
    let opened_from_playground = handed.is_some();
    if let Some(h) = handed {
        token.set(h.token);
        secret.set(h.secret);
        now_text.set(h.now.to_string());
        alg.set(h.alg);
        encoding.set(KeyEncoding::Utf8);
        private_key.set(String::new());
        // The playground's servers check neither iss nor aud.
        expected_iss.set(String::new());
        expected_aud.set(String::new());
    }
    // A hand-over opens the debugger at its top, the verdict first; focus
    // goes to the title, so the keyboard starts there too.
    let title_ref = NodeRef::<leptos::html::H2>::new();
    if opened_from_playground {
        request_animation_frame(move || {
            if let Some(title) = title_ref.try_get_untracked().flatten() {
                let _ = title.focus();
            }
            if let Some(window) = web_sys::window() {
                window.scroll_to_with_x_and_y(0.0, 0.0);
            }
        });
    }
    let box_edit = RwSignal::new(None::<BoxEdit>);
    let real_now = RwSignal::new(util::now_seconds());
    let sign_error = RwSignal::new(None::<String>);
    // Signing with a key pair: the private key lives only in memory.
    let key_made = RwSignal::new(None::<String>);
    let symmetric = Memo::new(move |_| alg.get().is_symmetric());

    let now = Memo::new(move |_| {
        now_text
            .with(|t| whole_seconds(t))
            .unwrap_or_else(|| real_now.get())
    });
    let now_invalid =
        Memo::new(move |_| now_text.with(|t| !t.trim().is_empty() && whole_seconds(t).is_none()));
    let leeway = Memo::new(move |_| leeway_text.with(|t| whole_seconds(t).filter(|l| *l >= 0)));

    // Inspected once per change; each new inspection counts as a change
    // (comparing two would cost as much as making one). The panels below
    // read narrow memos of it, which do compare.
    // The key field read once per key text, algorithm and encoding: never
    // again on a clock tick or a keystroke in another field. Parsing a JWK
    // Set of RSA keys is the costly part of an inspection.
    // How many times the key field was read: shown as `data-key-reads`, so
    // a test can see that a clock tick or another field does not read it.
    let key_reads = StoredValue::new(0u32);
    let keys = Memo::new_with_compare(
        move |_| {
            key_reads.update_value(|n| *n = n.saturating_add(1));
            secret.with(|text| read_keys(alg.get(), text, encoding.get()))
        },
        |_, _| true,
    );
    let inspection = Memo::new_with_compare(
        move |_| {
            let options = InspectOptions {
                alg: alg.get(),
                secret: secret.get(),
                encoding: encoding.get(),
                now: now.get(),
                leeway: leeway.get().unwrap_or(0).unsigned_abs(),
            };
            let expected =
                expected_iss.with(|iss| expected_aud.with(|aud| Expected::from_fields(iss, aud)));
            let keys = keys.with(Clone::clone);
            token.with(|t| inspect_with(t, &options, &expected, keys))
        },
        |_, _| true,
    );

    // The real clock ticks only while it can change the verdict: the clock
    // field is empty and the token has an `exp` or `nbf` to check. An idle
    // page with any other token runs nothing.
    let clock_needed = Memo::new(move |_| {
        now_text.with(|t| t.trim().is_empty())
            && inspection.with(|i| i.claims.iter().any(|c| c.name == "exp" || c.name == "nbf"))
    });
    let ticker = StoredValue::new(None::<IntervalHandle>);
    Effect::new(move |_| {
        let needed = clock_needed.get();
        if let Some(handle) = ticker.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        if needed {
            let tick = move || real_now.set(util::now_seconds());
            ticker.set_value(set_interval_with_handle(tick, Duration::from_secs(1)).ok());
        }
    });
    on_cleanup(move || {
        if let Some(handle) = ticker.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    });

    let set_token = move |text: String| {
        box_edit.set(None);
        token.set(text);
        sign_error.set(None);
    };
    // The decoded boxes: what was typed there, else what the token decodes to.
    let box_text = move |part: Part| {
        Memo::new(move |_| {
            let typed = box_edit.with(|e| {
                e.as_ref()
                    .filter(|e| e.part == part && token.with(|t| *t == e.made))
                    .map(|e| e.typed.clone())
            });
            match typed {
                Some(text) => BoxText::of_decoded(text),
                None => inspection.with(|i| {
                    BoxText::of_decoded(match part {
                        Part::Header => i.decoded.header.display(),
                        _ => i.decoded.payload.display(),
                    })
                }),
            }
        })
    };
    let header_box = box_text(Part::Header);
    let payload_box = box_text(Part::Payload);
    let load_sample = move |_| {
        set_token(SAMPLE_TOKEN.to_string());
        secret.set(SAMPLE_SECRET.to_string());
        encoding.set(KeyEncoding::Utf8);
        alg.set(Algorithm::HS256);
        key_made.set(None);
    };
    let load_rs256_sample = move |_| {
        set_token(SAMPLE_RS256_TOKEN.to_string());
        secret.set(SAMPLE_RS256_JWKS.to_string());
        alg.set(Algorithm::RS256);
        private_key.set(String::new());
        key_made.set(None);
    };

    let verdict = slice(inspection, |i| i.verdict.clone());
    let mismatch = slice(inspection, |i| {
        i.report
            .signature_mismatch()
            .map(|(e, r)| (e.to_string(), r.to_string()))
    });
    let notes = slice(inspection, |i| crate::jwt::display::tally(&i.notes));
    let segments = slice(inspection, |i| i.decoded.segments.clone());
    let key_warning = slice(inspection, |i| i.key_warning.clone());
    let key_info = slice(inspection, |i| i.key_info.clone());
    let key_error = slice(inspection, |i| i.key_error.clone());
    let warnings = slice(inspection, |i| crate::jwt::display::tally(&i.warnings));
    let checks = slice(inspection, |i| {
        i.report
            .steps
            .iter()
            .map(|s| CheckRow {
                // Left out on purpose: nothing given to check it against.
                not_checked: s.result == crate::jwt::StepResult::Skip
                    && i.not_checked.contains(&s.step),
                ..CheckRow::from(s)
            })
            .collect::<Vec<_>>()
    });
    let token_alg = slice(inspection, |i| i.token_alg);
    let claims = slice(inspection, |i| i.claims.clone());

    view! {
        <section class="debugger" aria-labelledby="debugger-title">
            <h2 id="debugger-title" tabindex="-1" node_ref=title_ref>"Token debugger"</h2>
            <p class="lede">
                "Paste a JWT to read it and check it. Reading needs no key: the header and payload are only base64url, not encrypted. "
                "Trusting it needs the key: only the signature check tells you nobody changed it. "
                "HS256 checks with the shared secret; RS256, ES256 and EdDSA check with the issuer's public key."
            </p>
            <Show when=move || opened_from_playground>
                <p class="note" data-testid="debugger-handover">
                    "Opened from the playground: the token the browser holds, what the servers check it with (their secret, or the issuer's JWK Set), and the playground's clock as \"now\"."
                </p>
            </Show>
            <div class="verdict-banner" data-testid="debugger-verdict-bar">
                <VerdictView verdict />
            </div>
            {move || mismatch.get().map(|(expected, received)| view! {
                <SignatureCompare expected received testid="debugger-signatures" />
            })}
            <div class="debugger-grid">
                <div class="debugger-encoded">
                    <label for="debugger-token" class="field-label">"Encoded token"</label>
                    <LiveTextArea value=token on_input={set_token}
                        {..} id="debugger-token" data-testid="debugger-token" class="mono token-input" rows="7" />
                    <div class="row">
                        <button type="button" class="btn" data-testid="debugger-copy-token"
                            on:click=move |_| util::copy_to_clipboard(&inspection.with_untracked(|i| i.token.clone()), |_| {})>
                            "Copy token"
                        </button>
                        <button type="button" class="btn" data-testid="debugger-load-sample" on:click=load_sample>
                            "Load the HS256 sample"
                        </button>
                        <button type="button" class="btn" data-testid="debugger-load-rs256" on:click=load_rs256_sample>
                            "Load an RS256 sample with its JWK Set"
                        </button>
                    </div>
                    <label class="check-label keep-fields">
                        <input type="checkbox" data-testid="debugger-remember"
                            prop:checked=move || remember.get()
                            on:change=move |ev| remember.set(event_target_checked(&ev)) />
                        " Keep the token and key in this tab across a reload"
                    </label>
                    <p class="field-note" data-testid="debugger-remember-note">{move || if remember.get() {
                        "Kept in this tab's sessionStorage until the tab is closed or you untick this. A private key is never kept."
                    } else {
                        "What you paste stays in this page's memory: nothing is stored, and a reload starts from the sample."
                    }}</p>
                    <ul class="notes" data-testid="debugger-notes">
                        <For each=move || notes.get() key=|n| n.clone() let:note>
                            <li>{note}</li>
                        </For>
                    </ul>
                    <h3 class="sub">"The parts, in colour"</h3>
                    <TokenParts segments testid="debugger-parts" />
                </div>

                <div class="debugger-decoded">
                    <PartEditor part=Part::Header testid="debugger-header" shown=header_box edit=box_edit
                        view=slice(inspection, |i| i.decoded.header.clone()) token sign_error />
                    <PartEditor part=Part::Payload testid="debugger-payload" shown=payload_box edit=box_edit
                        view=slice(inspection, |i| i.decoded.payload.clone()) token sign_error />
                    <ClaimsExplained claims />
                </div>

                <div class="debugger-verify">
                    <h3 class="sub">"Verify the signature"</h3>
                    <div class="form-grid">
                        <label for="debugger-alg">"Algorithm the server accepts"</label>
                        <select id="debugger-alg" data-testid="debugger-alg"
                            prop:value=move || alg.get().name()
                            on:change=move |ev| {
                                if let Some(a) = Algorithm::from_name(&event_target_value(&ev)) {
                                    alg.set(a);
                                    sign_error.set(None);
                                }
                            }>
                            <optgroup label="Shared secret (HMAC)">
                                {Algorithm::ALL.into_iter().filter(|a| a.is_symmetric()).map(|a| view! {
                                    <option value=a.name()>{format!("{} ({})", a.name(), a.hash_name())}</option>
                                }).collect_view()}
                            </optgroup>
                            <optgroup label="Key pair (public key verifies)">
                                {Algorithm::ALL.into_iter().filter(|a| !a.is_symmetric()).map(|a| view! {
                                    <option value=a.name()>{format!("{}: {}", a.name(), a.describe())}</option>
                                }).collect_view()}
                            </optgroup>
                        </select>
                        {move || token_alg.get().map(|token_says| view! {
                            <div class="alg-offer" data-testid="debugger-alg-offer">
                                <p class="field-note">
                                    {format!("The token's header says {token_says}; this verifier is set to {}. ", alg.get())}
                                    "A verifier takes the algorithm from its own configuration, never from the token: a token that could choose would let its author pick how it is checked, for example HS256 with the server's public key as the secret (alg confusion, RFC 8725 section 3.1). Switch only if you know the issuer signs with it."
                                </p>
                                <button type="button" class="btn" data-testid="debugger-use-token-alg"
                                    on:click=move |_| {
                                        alg.set(token_says);
                                        sign_error.set(None);
                                    }>
                                    {format!("The token says {token_says}: verify as {token_says}")}
                                </button>
                            </div>
                        })}

                        <label for="debugger-secret">{move || if symmetric.get() {
                            "Secret"
                        } else {
                            "Public key: PEM, JWK or JWK Set"
                        }}</label>
                        <div class="key-field">
                            <LiveTextArea value=secret on_input={move |t: String| secret.set(t)}
                                {..} id="debugger-secret" data-testid="debugger-secret" class="mono key-input"
                                spellcheck="false" autocomplete="off"
                                rows=move || if symmetric.get() { "2" } else { "6" }
                                aria-describedby="debugger-key-info" />
                            <p id="debugger-key-info" class="field-note key-info" data-testid="debugger-key-info"
                                data-key-reads=move || { keys.track(); key_reads.get_value() }>
                                {move || match (key_info.get(), key_error.get()) {
                                    (_, Some(why)) => why,
                                    (Some(info), None) => format!("Found: {info}."),
                                    (None, None) if symmetric.get() => "The secret the server signs and checks with.".to_string(),
                                    (None, None) => format!(
                                        "No key yet. Paste the issuer's public key for {}: a PEM block, a JWK, or the JWK Set it publishes (often at /.well-known/jwks.json). A private key works too: its public half checks.",
                                        alg.get()
                                    ),
                                }}
                            </p>
                        </div>

                        <Show when=move || symmetric.get()>
                            <label for="debugger-secret-encoding">"The secret is"</label>
                            <select id="debugger-secret-encoding" data-testid="debugger-secret-encoding"
                                prop:value=move || encoding.get().as_str()
                                on:change=move |ev| {
                                    if let Some(e) = KeyEncoding::from_str_value(&event_target_value(&ev)) {
                                        encoding.set(e);
                                    }
                                }>
                                <option value=KeyEncoding::Utf8.as_str()>"text (its UTF-8 bytes are the key)"</option>
                                <option value=KeyEncoding::Base64Url.as_str()>"base64url bytes (like a JWK \"k\")"</option>
                            </select>
                        </Show>

                        <label for="debugger-now">"Clock: now (seconds since 1970; empty = real time)"</label>
                        <input id="debugger-now" data-testid="debugger-now" class="mono" type="text" inputmode="numeric"
                            placeholder=move || format!("empty: the real time ({})", real_now.get())
                            aria-invalid=move || if now_invalid.get() { "true" } else { "false" }
                            aria-describedby=move || now_invalid.get().then_some("debugger-now-note")
                            prop:value=move || now_text.get()
                            on:input=move |ev| now_text.set(event_target_value(&ev)) />
                        <Show when=move || now_invalid.get()>
                            <p id="debugger-now-note" class="warning" role="alert" data-testid="debugger-now-note">
                                {move || format!(
                                    "Not a whole number of seconds: the real time ({}) is used instead.",
                                    real_now.get()
                                )}
                            </p>
                        </Show>

                        <label for="debugger-leeway">"Leeway for exp / nbf (seconds)"</label>
                        <input id="debugger-leeway" data-testid="debugger-leeway" class="mono" type="text" inputmode="numeric"
                            aria-invalid=move || if leeway.get().is_none() { "true" } else { "false" }
                            aria-describedby=move || leeway.get().is_none().then_some("debugger-leeway-note")
                            prop:value=move || leeway_text.get()
                            on:input=move |ev| leeway_text.set(event_target_value(&ev)) />
                        <Show when=move || leeway.get().is_none()>
                            <p id="debugger-leeway-note" class="warning" role="alert" data-testid="debugger-leeway-note">
                                "Not a whole number of seconds, 0 or more: no leeway (0) is used instead."
                            </p>
                        </Show>

                        <label for="debugger-expected-iss">"Expected issuer (iss); empty = not checked"</label>
                        <input id="debugger-expected-iss" data-testid="debugger-expected-iss" class="mono" type="text"
                            spellcheck="false" autocomplete="off" aria-describedby="debugger-expected-note"
                            placeholder="e.g. https://auth.example.com"
                            prop:value=move || expected_iss.get()
                            on:input=move |ev| expected_iss.set(event_target_value(&ev)) />

                        <label for="debugger-expected-aud">"Expected audience (aud): this verifier's name; empty = not checked"</label>
                        <input id="debugger-expected-aud" data-testid="debugger-expected-aud" class="mono" type="text"
                            spellcheck="false" autocomplete="off" aria-describedby="debugger-expected-note"
                            placeholder="e.g. https://api.example.com"
                            prop:value=move || expected_aud.get()
                            on:input=move |ev| expected_aud.set(event_target_value(&ev)) />
                        <p id="debugger-expected-note" class="field-note">
                            "A valid signature only says who signed. A server must also check the token was made by the issuer it trusts (iss) and for itself (aud, a name or a list of names): otherwise a token meant for another service of the same issuer would get in (RFC 7519 sections 4.1.1 and 4.1.3)."
                        </p>
                    </div>
                    <p class="field-note" data-testid="debugger-time-used">{move || {
                        let now = now.get();
                        format!("Time used: {now} ({})", crate::jwt::claims::format_utc(now as f64))
                    }}</p>
                    {move || key_warning.get().map(|w| view! {
                        <p class="warning" data-testid="debugger-weak-key">{w}</p>
                    })}
                    <Show when=move || symmetric.get()>
                        <SecretGuesser token secret />
                    </Show>

                    <ul class="notes" data-testid="debugger-warnings">
                        <For each=move || warnings.get() key=|w| w.clone() let:warning>
                            <li class="warning">{warning}</li>
                        </For>
                    </ul>

                    <SignPanel fields boxes=(header_box, payload_box) box_edit sign_error key_made symmetric />

                    <h3 class="sub">"What the server checks, in order"</h3>
                    <Checklist rows=checks label="Verification checklist" />
                </div>
            </div>
        </section>
    }
}
