//! The builder's fields: one signal per field of a [`CustomFile`], read
//! back into one when anything changes, and filled from one (a file opened).

use crate::sim::custom::{CustomFile, CustomStart, GoalCheck, CHECK_PATHS, FORMAT};
use crate::sim::server::PROFILE_PATH;
use leptos::prelude::*;

/// Every field of the builder.
#[derive(Clone, Copy)]
pub struct Form {
    pub title: RwSignal<String>,
    pub goal: RwSignal<String>,
    /// One hint a line.
    pub hints: RwSignal<String>,
    pub lesson: RwSignal<String>,
    pub mode: RwSignal<String>,
    pub servers: RwSignal<String>,
    pub policy: RwSignal<String>,
    pub shared_store: RwSignal<bool>,
    pub key_mode: RwSignal<String>,
    pub token_scheme: RwSignal<String>,
    pub token_storage: RwSignal<String>,
    pub weaknesses: RwSignal<Vec<String>>,
    /// Seconds since 1970, as typed.
    pub clock: RwSignal<String>,
    /// An e-mail, or empty for nobody.
    pub login: RwSignal<String>,
    /// The check's kind (`response`, `refused-at`...).
    pub kind: RwSignal<String>,
    pub path: RwSignal<String>,
    pub status: RwSignal<String>,
    pub step: RwSignal<String>,
    /// The server a session is held on, or empty for any.
    pub server: RwSignal<String>,
    pub after_logout: RwSignal<bool>,
    pub count: RwSignal<String>,
}

/// A number as typed; one that does not read gives a value the check refuses.
fn number<T: std::str::FromStr>(text: &str, invalid: T) -> T {
    text.trim().parse().unwrap_or(invalid)
}

impl Form {
    /// A start that works as it is: the tampering story, written by hand.
    pub fn new() -> Form {
        let form = Form {
            title: RwSignal::new(String::new()),
            goal: RwSignal::new(String::new()),
            hints: RwSignal::new(String::new()),
            lesson: RwSignal::new(String::new()),
            mode: RwSignal::new(String::new()),
            servers: RwSignal::new(String::new()),
            policy: RwSignal::new(String::new()),
            shared_store: RwSignal::new(false),
            key_mode: RwSignal::new(String::new()),
            token_scheme: RwSignal::new(String::new()),
            token_storage: RwSignal::new(String::new()),
            weaknesses: RwSignal::new(Vec::new()),
            clock: RwSignal::new(String::new()),
            login: RwSignal::new(String::new()),
            kind: RwSignal::new(String::new()),
            path: RwSignal::new(PROFILE_PATH.to_string()),
            status: RwSignal::new("200".to_string()),
            step: RwSignal::new("signature".to_string()),
            server: RwSignal::new(String::new()),
            after_logout: RwSignal::new(false),
            count: RwSignal::new("3".to_string()),
        };
        form.load(&CustomFile {
            version: FORMAT,
            title: "Three servers, one token".to_string(),
            goal: "Get 200 from /api/profile from three different servers with one token."
                .to_string(),
            hints: vec!["Round-robin sends each request to the next server.".to_string()],
            lesson: "Every server holds the secret, so any of them can check the token."
                .to_string(),
            start: CustomStart {
                servers: 3,
                login: Some("alice@example.com".to_string()),
                ..CustomStart::default()
            },
            check: GoalCheck::ServersAnswered {
                path: PROFILE_PATH.to_string(),
                servers: 3,
            },
        });
        form
    }

    /// The check as the fields say it (tracked).
    fn check(&self) -> GoalCheck {
        let path = self.path.get();
        let status = number(&self.status.get(), 0u16);
        match self.kind.get().as_str() {
            "refused-at" => GoalCheck::RefusedAt {
                step: self.step.get(),
                status: match self.status.get().trim() {
                    "" => None,
                    s => Some(number(s, 0u16)),
                },
            },
            "session-held" => GoalCheck::SessionHeld {
                server: match self.server.get().trim() {
                    "" => None,
                    s => Some(number(s, 0usize)),
                },
            },
            "replay-answered" => GoalCheck::ReplayAnswered {
                status,
                after_logout: self.after_logout.get(),
            },
            "family-revoked" => GoalCheck::FamilyRevoked,
            "servers-answered" => GoalCheck::ServersAnswered {
                path,
                servers: number(&self.count.get(), 0usize),
            },
            "stolen" => GoalCheck::Stolen,
            "cross-site-answered" => GoalCheck::CrossSiteAnswered { status },
            _ => GoalCheck::Response { path, status },
        }
    }

    /// The scenario as the fields say it (tracked).
    pub fn file(&self) -> CustomFile {
        let hints = self.hints.with(|h| {
            h.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        });
        let login = self.login.get();
        CustomFile {
            version: FORMAT,
            title: self.title.get().trim().to_string(),
            goal: self.goal.get().trim().to_string(),
            hints,
            lesson: self.lesson.get().trim().to_string(),
            start: CustomStart {
                mode: self.mode.get(),
                servers: number(&self.servers.get(), 0u64),
                policy: self.policy.get(),
                shared_store: self.shared_store.get(),
                key_mode: self.key_mode.get(),
                token_scheme: self.token_scheme.get(),
                token_storage: self.token_storage.get(),
                weaknesses: self.weaknesses.get(),
                clock: number(&self.clock.get(), i64::MIN),
                login: (!login.is_empty()).then_some(login),
            },
            check: self.check(),
        }
    }

    /// Fill every field from `file` (a default for a field the check lacks).
    pub fn load(&self, file: &CustomFile) {
        self.title.set(file.title.clone());
        self.goal.set(file.goal.clone());
        self.hints.set(file.hints.join("\n"));
        self.lesson.set(file.lesson.clone());
        let s = &file.start;
        self.mode.set(s.mode.clone());
        self.servers.set(s.servers.to_string());
        self.policy.set(s.policy.clone());
        self.shared_store.set(s.shared_store);
        self.key_mode.set(s.key_mode.clone());
        self.token_scheme.set(s.token_scheme.clone());
        self.token_storage.set(s.token_storage.clone());
        self.weaknesses.set(s.weaknesses.clone());
        self.clock.set(s.clock.to_string());
        self.login.set(s.login.clone().unwrap_or_default());
        self.kind.set(file.check.kind().to_string());
        match &file.check {
            GoalCheck::Response { path, status } => {
                self.path.set(path.clone());
                self.status.set(status.to_string());
            }
            GoalCheck::RefusedAt { step, status } => {
                self.step.set(step.clone());
                self.status
                    .set(status.map(|s| s.to_string()).unwrap_or_default());
            }
            GoalCheck::SessionHeld { server } => {
                self.server
                    .set(server.map(|s| s.to_string()).unwrap_or_default());
            }
            GoalCheck::ReplayAnswered {
                status,
                after_logout,
            } => {
                self.status.set(status.to_string());
                self.after_logout.set(*after_logout);
            }
            GoalCheck::ServersAnswered { path, servers } => {
                self.path.set(path.clone());
                self.count.set(servers.to_string());
            }
            GoalCheck::CrossSiteAnswered { status } => self.status.set(status.to_string()),
            GoalCheck::FamilyRevoked | GoalCheck::Stolen => {}
        }
    }
}

/// A `<select>` bound to `value`, over `(value, label)` options.
#[component]
pub fn Choice(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    options: Vec<(String, String)>,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="builder-field">
            <label for=id>{label}</label>
            <select id=id data-testid=testid.unwrap_or(id)
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))>
                {options.into_iter().map(|(v, l)| {
                    let selected = v.clone();
                    view! { <option value=v selected=move || value.get() == selected>{l}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// A checkbox bound to `value`.
#[component]
pub fn Tick(testid: &'static str, label: &'static str, value: RwSignal<bool>) -> impl IntoView {
    view! {
        <div class="builder-field">
            <label class="check-label">
                <input type="checkbox" data-testid=testid
                    prop:checked=move || value.get()
                    on:change=move |ev| value.set(event_target_checked(&ev)) />
                " "{label}
            </label>
        </div>
    }
}

/// `(value, value)` pairs of names.
pub fn names<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<(String, String)> {
    values
        .into_iter()
        .map(|v| (v.to_string(), v.to_string()))
        .collect()
}

/// `(n, n)` pairs of numbers.
pub fn numbers(values: impl IntoIterator<Item = usize>) -> Vec<(String, String)> {
    values
        .into_iter()
        .map(|n| (n.to_string(), n.to_string()))
        .collect()
}

/// `(value, words)` pairs from a type's stable names and its words (the
/// values stay the file's names).
pub fn choices(
    items: impl IntoIterator<Item = (&'static str, &'static str)>,
) -> Vec<(String, String)> {
    items
        .into_iter()
        .map(|(v, w)| (v.to_string(), w.to_string()))
        .collect()
}

/// A name with its dashes read as spaces and a capital first letter.
fn capitalised(name: &str) -> String {
    let words = name.replace('-', " ");
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// `(value, label)` pairs for checklist steps: the claim names kept, with
/// what they stand for.
pub fn step_labels<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<(String, String)> {
    values
        .into_iter()
        .map(|v| {
            let words = match v {
                "cookie" => "Cookie".to_string(),
                "alg" => "alg: the algorithm".to_string(),
                "crit" => "crit: critical headers".to_string(),
                "exp" => "exp: expiry".to_string(),
                "nbf" => "nbf: not before".to_string(),
                "iss" => "iss: issuer".to_string(),
                "aud" => "aud: audience".to_string(),
                "typ" => "typ: token type".to_string(),
                other => capitalised(other),
            };
            (v.to_string(), words)
        })
        .collect()
}

/// What the check looks for, as one sentence.
pub fn check_words(check: &GoalCheck) -> String {
    if let GoalCheck::Response { path, status } = check {
        return format!("The page checks for a {status} response from {path}.");
    }
    capitalised(&check.describe())
}

/// The paths a check may name.
pub fn paths() -> Vec<(String, String)> {
    names(CHECK_PATHS)
}
