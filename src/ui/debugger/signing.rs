//! Signing in the debugger: "Sign" re-signs the header and payload boxes
//! with the secret or a private key; for ES256/384/512 and EdDSA the page can
//! make a fresh key pair and sign with it. The private key lives only in
//! this page's memory. RSA pairs are made by the page's background worker
//! (`crate::ui::background`), since finding their primes takes seconds.

use super::{part_text, BoxEdit, DebuggerFields};
use crate::jwt::{set_header_members, standard_header};
use crate::jwt::{sign_with, Algorithm, Part, PrivateKey, MIN_MADE_RSA_BITS};
use crate::jwt::{KeyEntry, KeySet, SigningKey};
use crate::ui::background::{Background, Phase, WorkerStatus};
use crate::ui::text_area::{BoxText, LiveTextArea};
use crate::work::{Job, Report};
use leptos::prelude::*;

/// The "Sign" part of the verifier column.
#[component]
pub(super) fn SignPanel(
    fields: DebuggerFields,
    /// The header and payload boxes as shown.
    boxes: (Memo<BoxText>, Memo<BoxText>),
    box_edit: RwSignal<Option<BoxEdit>>,
    sign_error: RwSignal<Option<String>>,
    /// What the last "make a key pair" did, in a sentence.
    key_made: RwSignal<Option<String>>,
    symmetric: Memo<bool>,
) -> impl IntoView {
    let DebuggerFields {
        token,
        secret,
        alg,
        encoding,
        private_key,
        ..
    } = fields;
    let (header_box, payload_box) = boxes;
    // The whole text of a box, for signing (a shortened box signs what the token holds).
    let full_text = move |part: Part, shown: Memo<BoxText>| {
        shown.with_untracked(|b| {
            if b.editable {
                b.text.clone()
            } else {
                part_text(&token.get_untracked(), part)
            }
        })
    };
    // Sign the header and payload boxes with `key`; the header is signed as typed.
    let sign_boxes = move |key: &SigningKey, header: String| {
        let signed = sign_with(
            alg.get_untracked(),
            &header,
            &full_text(Part::Payload, payload_box),
            key,
            &mut rand_core::OsRng,
        );
        match signed {
            Ok(signed) => {
                box_edit.set(None);
                token.set(signed.token);
                sign_error.set(None);
            }
            Err(e) => sign_error.set(Some(format!("Cannot sign: {e}"))),
        }
    };
    let sign_now = move |_| {
        let alg = alg.get_untracked();
        // A key pair signs with the private key field, else with a private
        // key pasted in the key field.
        let text = if alg.is_symmetric() || private_key.with_untracked(|k| k.trim().is_empty()) {
            secret.get_untracked()
        } else {
            private_key.get_untracked()
        };
        match SigningKey::from_text(alg, &text, encoding.get_untracked()) {
            Ok(key) => sign_boxes(&key, full_text(Part::Header, header_box)),
            Err(e) => sign_error.set(Some(format!("Cannot sign: {e}."))),
        }
    };
    // A fresh key pair, used at once: the private key goes in the private
    // key field, its public JWK Set in the key field, and the token is signed
    // again with the header's `alg` and `kid` set to it.
    let use_key_pair = move |alg: Algorithm, private: PrivateKey, made_in: &str| {
        let public = private.public();
        let kid = public.thumbprint();
        private_key.set(private.to_pem());
        let set = KeySet::of(vec![KeyEntry::public(public, &kid, alg)]);
        secret.set(set.to_public_json().to_pretty());
        // The header names the new key; a header box that is not a JSON object gives way to a plain one.
        let header = set_header_members(
            &full_text(Part::Header, header_box),
            Some(alg),
            &[("kid", crate::jwt::Json::string(kid.clone()))],
        )
        .unwrap_or_else(|_| standard_header(alg, Some(&kid)));
        key_made.set(Some(format!(
            "Made a new {alg} key pair in {made_in}: {}. The private key (above) signed the token; the key field holds its public JWK Set, kid \"{kid}\", which verifies it: the verdict at the top reads Valid. The header now names that kid. Nothing was stored or sent anywhere.",
            private.describe()
        )));
        sign_boxes(
            &SigningKey::Private {
                key: Box::new(private),
                kid: Some(kid),
            },
            header,
        );
    };
    // RSA keys take seconds of prime search: the page's background worker
    // makes them (issue 23) and the page keeps answering meanwhile. The key
    // is used with the algorithm chosen when it arrives (any RS or PS fits).
    let rsa_worker = Background::new(move |report| match report {
        Report::RsaKey { pem } => {
            let alg = alg.get_untracked();
            match SigningKey::from_text(alg, &pem, encoding.get_untracked()) {
                Ok(SigningKey::Private { key, .. }) => {
                    use_key_pair(alg, *key, "this page's background worker")
                }
                Ok(SigningKey::Secret(_)) => {}
                Err(e) => sign_error.set(Some(format!("Cannot use the new RSA key: {e}."))),
            }
        }
        Report::Refused { why } => sign_error.set(Some(format!("Cannot make an RSA key: {why}."))),
        _ => {}
    });
    // A new algorithm family makes a key still being made pointless.
    Effect::new(move |first: Option<()>| {
        let rsa = alg.with(|a| a.is_rsa());
        if first.is_some() && !rsa {
            rsa_worker.stop();
        }
    });
    let rsa_busy =
        Memo::new(move |_| matches!(rsa_worker.phase.get(), Phase::Loading | Phase::Working));
    let generate_button = NodeRef::<leptos::html::Button>::new();
    let make_key_pair = move |_| {
        let alg = alg.get_untracked();
        if alg.is_rsa() {
            if rsa_busy.get_untracked() {
                return;
            }
            key_made.set(None);
            rsa_worker.send(Job::RsaKey {
                bits: MIN_MADE_RSA_BITS,
            });
        } else if let Some(private) = PrivateKey::generate(alg, &mut rand_core::OsRng) {
            use_key_pair(alg, private, "this page");
        }
    };
    view! {
        <h3 class="sub">"Sign"</h3>
        <Show when=move || !symmetric.get()>
            <label for="debugger-private-key" class="field-label">"Private key (PEM or JWK), to sign with"</label>
            <LiveTextArea value=private_key on_input={move |t: String| private_key.set(t)}
                {..} id="debugger-private-key" data-testid="debugger-private-key" class="mono key-input"
                rows="5" spellcheck="false" autocomplete="off" />
            <p class="field-note">"Only the issuer holds this. It stays in this page's memory: it is never stored or sent."</p>
            // Busy, the button stays focusable (aria-disabled, a click does nothing) so a keyboard
            // user keeps their place; Cancel gives the focus back to it.
            <div class="row">
                <button type="button" class="btn" data-testid="debugger-generate-key" node_ref=generate_button
                    aria-disabled=move || rsa_busy.get().to_string() on:click=make_key_pair>
                    {move || format!("Make a new {} key pair and sign", alg.get())}
                </button>
                <Show when=move || rsa_busy.get()>
                    <button type="button" class="btn" data-testid="debugger-generate-cancel"
                        on:click=move |_| {
                            rsa_worker.stop();
                            if let Some(b) = generate_button.get_untracked() {
                                let _ = b.focus();
                            }
                        }>"Cancel"</button>
                </Show>
            </div>
            <WorkerStatus bg=rsa_worker loading="Loading key-pair algorithms: the page's background worker is fetched once, then kept for offline use…"
                working=Signal::derive(move || format!(
                    "Making a {}-bit RSA key pair in a background worker: finding two large random primes takes a few seconds.",
                    crate::jwt::display::thousands(MIN_MADE_RSA_BITS)
                )) />
            {move || key_made.get().map(|m| view! {
                <p class="key-made" role="status" data-testid="debugger-key-made">{m}</p>
            })}
            <Show when=move || alg.with(|a| a.is_rsa())>
                <p class="field-note" data-testid="debugger-rsa-keygen-note">{format!(
                    "An RSA key pair of {} bits takes a few seconds to make (two large random primes): a background worker makes it, so the page keeps answering. You can also paste one, for example from ",
                    crate::jwt::display::thousands(MIN_MADE_RSA_BITS)
                )}<code>"openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048"</code>"."</p>
            </Show>
        </Show>
        <div class="row">
            <button type="button" class="btn btn-primary" data-testid="debugger-sign" on:click=sign_now>
                {move || if symmetric.get() { "Sign with this secret" } else { "Sign with the private key" }}
            </button>
        </div>
        <p class="field-note">{move || if symmetric.get() {
            "Signing on purpose: this makes a new signature over the header and payload above. Only someone holding the secret can do this. Everyone who can check HS256 tokens holds the secret, so everyone who checks can also sign."
        } else {
            "Signing on purpose: this makes a new signature over the header and payload above with the private key. Everyone else can only check it, with the public key."
        }}</p>
        {move || sign_error.get().map(|e| view! {
            <p class="warning" role="alert" data-testid="debugger-sign-error">{e}</p>
        })}
    }
}
