//! The debugger's fields beyond this screen: the inbox through which the
//! playground hands a token over, and the fields kept in this tab when asked.

use super::*;

/// Context through which the playground opens a token in the debugger: the
/// token, the secret to check it with, and the time to check it at (the
/// playground's simulated clock). The debugger empties it when it takes it.
#[derive(Clone, Copy)]
pub struct DebuggerInbox(StoredValue<Option<Handover>>);

/// What the playground hands over.
#[derive(Debug, Clone)]
pub struct Handover {
    pub token: String,
    /// The algorithm the servers accept (HS256, or ES256 in key-pair mode).
    pub alg: Algorithm,
    /// The shared secret, or the issuer's JWK Set.
    pub secret: String,
    /// Seconds since the epoch: the playground's simulated "now".
    pub now: i64,
}

impl DebuggerInbox {
    pub fn new() -> DebuggerInbox {
        DebuggerInbox(StoredValue::new(None))
    }

    /// Hand a token over (the caller then goes to `#/debugger`).
    pub fn send(&self, handover: Handover) {
        self.0.set_value(Some(handover));
    }

    /// Take what was handed over, if anything.
    pub(super) fn take(&self) -> Option<Handover> {
        self.0.try_update_value(Option::take).flatten()
    }
}

/// The debugger's fields, created with the app so they survive a visit to
/// the playground and back. They stay in memory only, unless the user ticks
/// "keep in this tab": then the token, the key and the clock settings go to
/// `sessionStorage` (gone when the tab closes) and come back after a reload.
/// A private key for signing is never kept.
#[derive(Clone, Copy)]
pub struct DebuggerFields {
    pub(super) token: RwSignal<String>,
    pub(super) secret: RwSignal<String>,
    pub(super) alg: RwSignal<Algorithm>,
    pub(super) encoding: RwSignal<KeyEncoding>,
    pub(super) now_text: RwSignal<String>,
    pub(super) leeway_text: RwSignal<String>,
    /// The issuer and audience to check `iss` and `aud` against; empty: not checked.
    pub(super) expected_iss: RwSignal<String>,
    pub(super) expected_aud: RwSignal<String>,
    pub(super) private_key: RwSignal<String>,
    pub(super) remember: RwSignal<bool>,
}

/// `sessionStorage` key of the fields the user asked to keep.
const KEPT_FIELDS_KEY: &str = "jwt-debugger.fields";

impl DebuggerFields {
    /// The fields kept in this tab if the user asked for it, else the
    /// jwt.io sample and its secret, the real clock, no leeway.
    pub fn new() -> DebuggerFields {
        let kept = util::session_get(KEPT_FIELDS_KEY)
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok());
        let field = |name: &str, default: &str| {
            kept.as_ref()
                .and_then(|k| k.get(name))
                .and_then(|v| v.as_str())
                .unwrap_or(default)
                .to_string()
        };
        let fields = DebuggerFields {
            token: RwSignal::new(field("token", SAMPLE_TOKEN)),
            secret: RwSignal::new(field("secret", SAMPLE_SECRET)),
            alg: RwSignal::new(
                Algorithm::from_name(&field("alg", "HS256")).unwrap_or(Algorithm::HS256),
            ),
            encoding: RwSignal::new(
                KeyEncoding::from_str_value(&field("encoding", "")).unwrap_or_default(),
            ),
            now_text: RwSignal::new(field("now", "")),
            leeway_text: RwSignal::new(field("leeway", "0")),
            expected_iss: RwSignal::new(field("iss", "")),
            expected_aud: RwSignal::new(field("aud", "")),
            private_key: RwSignal::new(String::new()),
            remember: RwSignal::new(kept.is_some()),
        };
        fields.keep_while_asked();
        fields
    }

    /// While "keep in this tab" is ticked, write the fields down (at most
    /// every 300 ms); unticked, forget them at once.
    pub(super) fn keep_while_asked(self) {
        let pending = StoredValue::new(false);
        let write = move || {
            if !self.remember.get_untracked() {
                return;
            }
            let value = serde_json::json!({
                "token": self.token.get_untracked(),
                "secret": self.secret.get_untracked(),
                "alg": self.alg.get_untracked().name(),
                "encoding": self.encoding.get_untracked().as_str(),
                "now": self.now_text.get_untracked(),
                "leeway": self.leeway_text.get_untracked(),
                "iss": self.expected_iss.get_untracked(),
                "aud": self.expected_aud.get_untracked(),
            });
            util::session_set(KEPT_FIELDS_KEY, Some(&value.to_string()));
        };
        Effect::new(move |_| {
            let on = self.remember.get();
            self.token.track();
            self.secret.track();
            self.alg.track();
            self.encoding.track();
            self.now_text.track();
            self.leeway_text.track();
            self.expected_iss.track();
            self.expected_aud.track();
            if !on {
                util::session_set(KEPT_FIELDS_KEY, None);
            } else if !pending.get_value() {
                pending.set_value(true);
                set_timeout(
                    move || {
                        pending.set_value(false);
                        write();
                    },
                    std::time::Duration::from_millis(300),
                );
            }
        });
        let _ = window_event_listener(leptos::ev::pagehide, move |_| write());
    }
}
