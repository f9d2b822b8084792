//! The token debugger: paste a token, read it, verify it with a secret.
//! Editing the decoded JSON re-encodes that part and keeps the old signature,
//! so the verdict turns invalid; only "Sign with this secret" re-signs.

use super::checklist::{write_checklist, CheckRow};
use super::signatures::write_signatures;
use super::token_view::write_token_view;
use super::util;
use crate::jwt::decode::{decode, prepare};
use crate::jwt::sign::replace_part;
use crate::jwt::Inspection;
use crate::jwt::{inspect, sign, Algorithm, InspectOptions, Key, KeyEncoding, Part};
use crate::markup::Html;
use leptos::prelude::*;

/// jwt.io's current default HS256 token and its secret (38 bytes, long enough for HS256).
pub const SAMPLE_TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiYWRtaW4iOnRydWUsImlhdCI6MTUxNjIzOTAyMn0.KMUFsIDTnFmyG3nMiGM6H9FNFUROf3wh7SmqJp-QV30";
pub const SAMPLE_SECRET: &str = "a-string-secret-at-least-256-bits-long";

/// Shown when the playground opened this token (static markup).
const HANDOVER_NOTE: &str = "<p class=\"note\" data-testid=\"debugger-handover\">Opened from the playground: the token the browser holds, the servers&#39; secret, and the playground&#39;s clock as &quot;now&quot;.</p>";

/// Context through which the playground opens a token in the debugger: the
/// token, the secret to check it with, and the time to check it at (the
/// playground's simulated clock, in seconds). An empty token: nothing handed
/// over. The debugger empties it when it takes it.
#[derive(Clone, Copy)]
pub struct DebuggerInbox {
    pub token: RwSignal<String>,
    pub secret: RwSignal<String>,
    pub now: RwSignal<String>,
}

impl DebuggerInbox {
    pub fn new() -> DebuggerInbox {
        DebuggerInbox {
            token: RwSignal::new(String::new()),
            secret: RwSignal::new(String::new()),
            now: RwSignal::new(String::new()),
        }
    }

    /// Hand a token over (the caller then goes to `#/debugger`).
    pub fn send(&self, token: String, secret: String, now: i64) {
        self.secret.set(secret);
        self.now.set(now.to_string());
        self.token.set(token);
    }

    /// Take what was handed over, if anything: (token, secret, now).
    fn take(&self) -> Option<(String, String, String)> {
        let token = self
            .token
            .try_update_untracked(std::mem::take)
            .unwrap_or_default();
        (!token.is_empty()).then(|| (token, self.secret.get_untracked(), self.now.get_untracked()))
    }
}

/// The decoded text of a part, for the editable JSON boxes.
fn part_text(token: &str, part: Part) -> String {
    let decoded = decode(&prepare(token).token);
    match part {
        Part::Header => decoded.header.display(),
        _ => decoded.payload.display(),
    }
}

#[component]
pub fn Debugger() -> impl IntoView {
    // A token handed over by the playground, else the sample.
    let handed = use_context::<DebuggerInbox>().and_then(|inbox| inbox.take());
    let opened_from_playground = handed.is_some();
    let (start_token, start_secret, start_now) = match handed {
        Some(h) => h,
        None => (
            SAMPLE_TOKEN.to_string(),
            SAMPLE_SECRET.to_string(),
            String::new(),
        ),
    };
    let header_text = RwSignal::new(part_text(&start_token, Part::Header));
    let payload_text = RwSignal::new(part_text(&start_token, Part::Payload));
    let token = RwSignal::new(start_token);
    let secret = RwSignal::new(start_secret);
    // Select values: the algorithm's name and the key encoding's value.
    let alg = RwSignal::new("HS256".to_string());
    let encoding = RwSignal::new("utf8".to_string());
    let alg_of = |name: &str| Algorithm::from_name(name).unwrap_or(Algorithm::HS256);
    let encoding_of = |value: &str| KeyEncoding::from_str_value(value).unwrap_or(KeyEncoding::Utf8);
    let now_text = RwSignal::new(start_now);
    let leeway_text = RwSignal::new("0".to_string());
    // The real clock (seconds; u64 like the other counters in the app).
    let real_now = RwSignal::new(util::now_seconds().max(0) as u64);
    let sign_error = RwSignal::new(String::new());

    // The real clock ticks so relative times ("expires in 3 min") stay true.
    if let Ok(handle) = set_interval_with_handle(
        move || real_now.set(util::now_seconds().max(0) as u64),
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }

    let now = move || {
        let text = now_text.get();
        text.trim()
            .parse::<i64>()
            .ok()
            .unwrap_or_else(|| real_now.get() as i64)
    };
    let now_invalid = move || {
        let text = now_text.get();
        !text.trim().is_empty() && text.trim().parse::<i64>().is_err()
    };
    let leeway = move || leeway_text.with(|t| t.trim().parse::<i64>().ok().filter(|l| *l >= 0));
    let leeway_invalid = move || leeway().is_none();

    // Inspected once per change, read by every panel. Each new inspection
    // counts as a change: comparing two whole inspections would cost as much
    // as the panels' string checks, and a deep PartialEq in the wasm.
    let inspection = Memo::new_with_compare(
        move |_| {
            let options = InspectOptions {
                alg: alg.with(|a| alg_of(a)),
                secret: secret.get(),
                encoding: encoding.with(|e| encoding_of(e)),
                now: now(),
                leeway: leeway().unwrap_or(0) as u64,
            };
            token.with(|t| inspect(t, &options))
        },
        |_, _| true,
    );

    let on_token_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        header_text.set(part_text(&text, Part::Header));
        payload_text.set(part_text(&text, Part::Payload));
        token.set(text);
        sign_error.set(String::new());
    };
    let sign_now = move |_| {
        let key = match Key::from_text(
            &secret.get_untracked(),
            encoding.with_untracked(|e| encoding_of(e)),
        ) {
            Ok(key) => key,
            Err(e) => {
                sign_error.set(format!("Cannot sign: {e}."));
                return;
            }
        };
        match sign(
            alg.with_untracked(|a| alg_of(a)),
            &header_text.get_untracked(),
            &payload_text.get_untracked(),
            &key,
        ) {
            Ok(signed) => {
                token.set(signed.token);
                sign_error.set(String::new());
            }
            Err(e) => sign_error.set(format!("Cannot sign: {e}")),
        }
    };

    view! {
        <section class="debugger" aria-labelledby="debugger-title">
            <h2 id="debugger-title">"Token debugger"</h2>
            <p class="lede">
                "Paste a JWT to read it and check it. Reading needs no secret: the header and payload are only base64url, not encrypted. "
                "Trusting it needs the secret: only the signature check tells you nobody changed it."
            </p>
            <div inner_html=if opened_from_playground { HANDOVER_NOTE.to_string() } else { String::new() }></div>
            <div class="verdict-banner">
                <div role="status" aria-live="polite" inner_html=move || inspection.with(verdict_html)></div>
                <div inner_html=move || inspection.with(signatures_html)></div>
            </div>
            <div class="debugger-grid">
                <div class="debugger-encoded">
                    <label for="debugger-token" class="field-label">"Encoded token"</label>
                    <textarea
                        id="debugger-token"
                        data-testid="debugger-token"
                        class="mono token-input"
                        rows="7"
                        spellcheck="false"
                        autocomplete="off"
                        prop:value=move || token.get()
                        on:input=on_token_input
                    ></textarea>
                    <div class="row">
                        <button type="button" class="btn" data-testid="debugger-copy-token"
                            on:click=move |_| util::copy_to_clipboard(&inspection.with_untracked(|i| i.token.clone()))>
                            "Copy token"
                        </button>
                        <button type="button" class="btn" data-testid="debugger-load-sample"
                            on:click=move |_| {
                                token.set(SAMPLE_TOKEN.to_string());
                                header_text.set(part_text(SAMPLE_TOKEN, Part::Header));
                                payload_text.set(part_text(SAMPLE_TOKEN, Part::Payload));
                                secret.set(SAMPLE_SECRET.to_string());
                                encoding.set("utf8".to_string());
                                alg.set("HS256".to_string());
                            }>
                            "Load the sample"
                        </button>
                    </div>
                    <div inner_html=move || inspection.with(parts_html)></div>
                </div>

                <div class="debugger-decoded">
                    <PartEditor
                        part=Part::Header
                        testid="debugger-header"
                        text=header_text
                        inspection=inspection
                        token=token
                        sign_error=sign_error
                    />
                    <PartEditor
                        part=Part::Payload
                        testid="debugger-payload"
                        text=payload_text
                        inspection=inspection
                        token=token
                        sign_error=sign_error
                    />
                    <div class="claims" data-testid="debugger-claims">
                        <h3 class="sub">"Claims explained"</h3>
                        <dl inner_html=move || inspection.with(claims_html)></dl>
                    </div>
                </div>

                <div class="debugger-verify">
                    <h3 class="sub">"Verify the signature"</h3>
                    <div class="form-grid">
                        <label for="debugger-alg">"Algorithm the server accepts"</label>
                        <select id="debugger-alg" data-testid="debugger-alg"
                            on:change=move |ev| {
                                alg.set(event_target_value(&ev))
                            }
                            prop:value=move || alg.get()>
                            <option value="HS256">"HS256"</option>
                            <option value="HS384">"HS384"</option>
                            <option value="HS512">"HS512"</option>
                        </select>

                        <label for="debugger-secret">"Secret"</label>
                        <input id="debugger-secret" data-testid="debugger-secret" class="mono" type="text"
                            spellcheck="false" autocomplete="off"
                            prop:value=move || secret.get()
                            on:input=move |ev| secret.set(event_target_value(&ev)) />

                        <label for="debugger-secret-encoding">"The secret is"</label>
                        <select id="debugger-secret-encoding" data-testid="debugger-secret-encoding"
                            on:change=move |ev| {
                                encoding.set(event_target_value(&ev))
                            }
                            prop:value=move || encoding.get()>
                            <option value="utf8">"text (its UTF-8 bytes are the key)"</option>
                            <option value="base64url">"base64url bytes (like a JWK \"k\")"</option>
                        </select>

                        <label for="debugger-now">"Clock: now (seconds since 1970; empty = real time)"</label>
                        <input id="debugger-now" data-testid="debugger-now" class="mono" type="text" inputmode="numeric"
                            placeholder="empty: the real time"
                            aria-invalid=move || if now_invalid() { "true" } else { "false" }
                            prop:value=move || now_text.get()
                            on:input=move |ev| now_text.set(event_target_value(&ev)) />

                        <label for="debugger-leeway">"Leeway for exp / nbf (seconds)"</label>
                        <input id="debugger-leeway" data-testid="debugger-leeway" class="mono" type="text" inputmode="numeric"
                            aria-invalid=move || if leeway_invalid() { "true" } else { "false" }
                            prop:value=move || leeway_text.get()
                            on:input=move |ev| leeway_text.set(event_target_value(&ev)) />
                    </div>
                    <p class="field-note">{move || { let now = now(); format!("Time used: {now} ({})", crate::jwt::claims::format_utc(now as f64)) }}</p>
                    <div inner_html=move || {
                        let mut h = Html::new();
                        if now_invalid() {
                            h.el("p", &[("class", "warning"), ("role", "alert")], "The clock must be a whole number of seconds; using the real time instead.");
                        }
                        if leeway_invalid() {
                            h.el("p", &[("class", "warning"), ("role", "alert")], "Leeway must be a whole number of seconds (0 or more); using 0.");
                        }
                        if let Some(w) = inspection.with(|i| i.key_warning.clone()) {
                            h.el("p", &[("class", "warning"), ("data-testid", "debugger-weak-key")], &w);
                        }
                        h.finish()
                    }></div>

                    <div class="row">
                        <button type="button" class="btn btn-primary" data-testid="debugger-sign" on:click=sign_now>
                            "Sign with this secret"
                        </button>
                    </div>
                    <p class="field-note">"Signing on purpose: this makes a new signature over the header and payload above. Only someone holding the secret can do this."</p>
                    <div inner_html=move || sign_error.with(|e| {
                        let mut h = Html::new();
                        if !e.is_empty() {
                            h.el("p", &[("class", "warning"), ("role", "alert"), ("data-testid", "debugger-sign-error")], e);
                        }
                        h.finish()
                    })></div>

                    <h3 class="sub">"What the server checks, in order"</h3>
                    <div inner_html=move || inspection.with(checklist_html)></div>
                </div>
            </div>
        </section>
    }
}

/// An editable decoded part (header or payload), with what could not be decoded.
#[component]
fn PartEditor(
    part: Part,
    testid: &'static str,
    /// The text in the box (kept exactly as typed).
    text: RwSignal<String>,
    /// The inspection of the whole token.
    inspection: Memo<Inspection>,
    /// The token: an edit re-encodes this part and keeps the old signature.
    token: RwSignal<String>,
    /// Cleared by an edit.
    sign_error: RwSignal<String>,
) -> impl IntoView {
    let id = format!("{testid}-box");
    let label = match part {
        Part::Header => "Header (decoded)",
        _ => "Payload: the claims (decoded)",
    };
    let status = move || {
        inspection.with(|i| {
            let v = match part {
                Part::Header => &i.decoded.header,
                _ => &i.decoded.payload,
            };
            let mut h = Html::new();
            // The tests' copy of the decoded JSON; screen readers read the box.
            h.el(
                "pre",
                &[
                    ("class", "visually-hidden"),
                    ("aria-hidden", "true"),
                    ("data-testid", testid),
                ],
                &v.display(),
            );
            if let Some(e) = &v.error {
                h.el("p", &[("class", "warning part-error")], e);
            }
            if !v.tolerated.is_empty() {
                h.el(
                    "p",
                    &[("class", "field-note")],
                    &format!(
                        "For display the decoder {}. The verifier does not.",
                        v.tolerated.join(", ")
                    ),
                );
            }
            h.finish()
        })
    };
    view! {
        <div class=format!("part-editor part-{}", part.label())>
            <label for=id.clone() class=format!("field-label seg-{}-label", part.label())>
                <span class=format!("part-chip seg-{}", part.label())>{part.label()}</span>
                " " {label}
            </label>
            <textarea
                id=id
                class=format!("mono json-input border-{}", part.label())
                rows=if part == Part::Header { "4" } else { "8" }
                spellcheck="false"
                autocomplete="off"
                prop:value=move || text.get()
                on:input=move |ev| {
                    let edited = event_target_value(&ev);
                    let current = prepare(&token.get_untracked()).token;
                    token.set(replace_part(&current, part, &edited));
                    text.set(edited);
                    sign_error.set(String::new());
                }
            ></textarea>
            <div inner_html=status></div>
        </div>
    }
}

/// The verdict: a mark and a word, the reason word, and one sentence.
fn verdict_html(i: &Inspection) -> String {
    let v = &i.verdict;
    let mut h = Html::new();
    h.open(
        "div",
        &[
            (
                "class",
                if v.valid {
                    "verdict verdict-valid"
                } else {
                    "verdict verdict-invalid"
                },
            ),
            ("data-testid", "debugger-verdict"),
            ("data-verdict", if v.valid { "valid" } else { "invalid" }),
            v.reason.map_or(("", ""), |r| ("data-reason", r)),
        ],
    )
    .el(
        "strong",
        &[("class", "verdict-word")],
        if v.valid { "✓ Valid" } else { "✗ Invalid" },
    );
    if let Some(r) = v.reason {
        h.el("span", &[("class", "verdict-reason")], &format!(" ({r})"));
    }
    h.el("p", &[("class", "verdict-sentence")], &v.sentence);
    h.finish()
}

/// Expected and received signatures, after a MAC failure.
fn signatures_html(i: &Inspection) -> String {
    let mut h = Html::new();
    if let Some((expected, received)) = i.report.signature_mismatch() {
        write_signatures(&mut h, expected, received, "debugger-signatures");
    }
    h.finish()
}

/// What the input clean-up did, then the token in three colours.
fn parts_html(i: &Inspection) -> String {
    let mut h = Html::new();
    h.open(
        "ul",
        &[("class", "notes"), ("data-testid", "debugger-notes")],
    );
    for n in &i.notes {
        h.el("li", &[], n);
    }
    h.close().el("h3", &[("class", "sub")], "The three parts");
    write_token_view(&mut h, &i.decoded.segments, "debugger-parts");
    h.finish()
}

/// Each claim with its value, its meaning and, for times, the date.
fn claims_html(i: &Inspection) -> String {
    let mut h = Html::new();
    for c in &i.claims {
        h.open("div", &[("class", "claim"), ("data-claim", &c.name)])
            .open("dt", &[])
            .el("code", &[], &c.name)
            .text(" = ")
            .el("code", &[("class", "claim-value")], &c.value)
            .close()
            .open("dd", &[]);
        if let Some(m) = c.meaning {
            h.el("span", &[("class", "claim-meaning")], m);
        }
        if let Some(t) = &c.time {
            h.el("span", &[("class", "claim-time")], t);
        }
        h.close().close();
    }
    h.finish()
}

/// The verifier's steps, in order.
fn checklist_html(i: &Inspection) -> String {
    let rows: Vec<CheckRow> = i
        .report
        .steps
        .iter()
        .map(|s| CheckRow {
            id: s.step.id(),
            title: s.step.title().to_string(),
            result: s.result.as_str(),
            detail: s.detail.to_string(),
        })
        .collect();
    let mut h = Html::new();
    write_checklist(&mut h, &rows, "Verification checklist");
    h.finish()
}
