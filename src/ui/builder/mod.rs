//! The teacher's scenario builder (`#/teach/build`, issue 24 item 6): choose
//! a start, write the title, goal, hints and lesson, pick the check; the
//! result is a `#/custom/` link and a JSON file, and a JSON file opens here
//! to be changed. Everything stays in the page: the link's payload is in its
//! fragment, which browsers never send.

mod form;

use crate::sim::custom::{
    refusing_step, CustomError, CustomScenario, CHECK_KINDS, MAX_CUSTOM_FILE_BYTES, MAX_GOAL_CHARS,
    MAX_HINTS, MAX_LESSON_CHARS, MAX_TITLE_CHARS, REFUSING_STEPS,
};
use crate::sim::{KeyMode, LbPolicy, Mode, TokenScheme, TokenStorage, Weakness, DEMO_USERS};
use crate::ui::util::{copy_to_clipboard, page_address, CopyState};
use form::{check_words, choices, numbers, paths, step_labels, Choice, Form, Tick};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The link's payload, or why there is none.
fn result(form: Form) -> Result<(CustomScenario, String), String> {
    let scenario = form.file().validate().map_err(|e| e.to_string())?;
    let payload = scenario.to_link().map_err(|e| e.to_string())?;
    Ok((scenario, payload))
}

/// Offer `text` as a file called `name` (a Blob and an `a[download]`).
fn download(name: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser could not make the file".to_string())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "the browser could not make the file's address".to_string())?;
    let anchor = document()
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .ok_or_else(|| "the page could not start the download".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Read the chosen file (after checking its size) into the form.
fn open_file(form: Form, input: web_sys::HtmlInputElement, said: RwSignal<Option<String>>) {
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
    if file.size() > MAX_CUSTOM_FILE_BYTES as f64 {
        said.set(Some(format!(
            "The file could not be opened: it is {}, more than the {} a teacher's scenario may take.",
            crate::jwt::display::kilobytes(file.size() as usize),
            crate::jwt::display::kilobytes(MAX_CUSTOM_FILE_BYTES)
        )));
        return;
    }
    leptos::task::spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text())
            .await
            .ok()
            .and_then(|t| t.as_string());
        let outcome = match text {
            None => Err("the browser could not read it".to_string()),
            Some(text) => CustomScenario::from_file(text.as_bytes()).map_err(|e| e.to_string()),
        };
        match outcome {
            Ok(scenario) => {
                form.load(scenario.file());
                said.set(Some(format!(
                    "Opened “{}” from the file.",
                    scenario.title()
                )));
            }
            Err(why) => said.set(Some(format!("The file could not be opened: {why}."))),
        }
    });
}

/// Why there is no link yet, and the id of the field it names (if any).
type Problem = Memo<Option<(Option<&'static str>, String)>>;

/// The input a scenario's error is about.
fn field_of(error: &CustomError) -> Option<&'static str> {
    let field = match error {
        CustomError::Empty(field) | CustomError::TextTooLong { field, .. } => *field,
        CustomError::TooManyHints { .. } => "hint",
        CustomError::Status(_) => "status",
        CustomError::Clock(_) => "clock",
        _ => return None,
    };
    Some(match field {
        "title" => "builder-title-input",
        "goal" => "builder-goal",
        "lesson" => "builder-lesson",
        "hint" => "builder-hints",
        "status" => "builder-status",
        "clock" => "builder-clock",
        _ => return None,
    })
}

/// `aria-invalid` for the field `id` while the problem is about it.
fn invalid(problem: Problem, id: &'static str) -> impl Fn() -> Option<&'static str> {
    move || {
        problem
            .with(|p| matches!(p, Some((Some(f), _)) if *f == id))
            .then_some("true")
    }
}

/// `aria-describedby` pointing at the message under the field `id`.
fn described(problem: Problem, id: &'static str) -> impl Fn() -> Option<String> {
    move || {
        problem
            .with(|p| matches!(p, Some((Some(f), _)) if *f == id))
            .then(|| format!("{id}-error"))
    }
}

/// The message under the field `id` while the problem is about it.
#[component]
fn FieldError(problem: Problem, id: &'static str) -> impl IntoView {
    move || {
        problem.with(|p| match p {
            Some((Some(f), why)) if *f == id => Some(view! {
                <p class="warning builder-field-error" id=format!("{id}-error") data-testid=format!("{id}-error")>
                    {format!("No link yet: {why}.")}
                </p>
            }),
            _ => None,
        })
    }
}

/// A labelled text area bound to `value` (its test id is its id).
#[component]
fn TextBox(
    id: &'static str,
    label: String,
    rows: u32,
    max: usize,
    value: RwSignal<String>,
    problem: Problem,
) -> impl IntoView {
    view! {
        <div class="builder-field">
            <label for=id>{label}</label>
            <textarea id=id data-testid=id rows=rows maxlength=max
                aria-invalid=invalid(problem, id) aria-describedby=described(problem, id)
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
            <FieldError problem id />
        </div>
    }
}

#[component]
pub fn Builder() -> impl IntoView {
    let form = Form::new();
    let outcome =
        Memo::new(move |_| result(form).map(|(s, payload)| (s.id().to_string(), payload)));
    let problem: Problem = Memo::new(move |_| {
        form.file()
            .validate()
            .err()
            .map(|e| (field_of(&e), e.to_string()))
    });
    let copied = RwSignal::new(CopyState::NotYet);
    // A changed scenario is a new link: "Copied" was said of the old one.
    Effect::new(move |_| {
        outcome.track();
        copied.set(CopyState::NotYet);
    });
    let file_said = RwSignal::new(None::<String>);
    let address = move || {
        outcome
            .get()
            .ok()
            .map(|(_, payload)| format!("{}#/custom/{payload}", page_address()))
    };
    let save = move |_| {
        let Ok((scenario, _)) = result(form) else {
            return;
        };
        let name = format!(
            "scenario-{}.json",
            scenario.id().get(..8).unwrap_or_default()
        );
        if let Err(why) = download(&name, &scenario.file().to_pretty_json()) {
            file_said.set(Some(format!("The file could not be saved: {why}.")));
        }
    };
    let kind = form.kind;
    let shows = move |kinds: &'static [&'static str]| move || !kinds.contains(&kind.get().as_str());
    view! {
        <section class="builder" data-testid="builder" aria-labelledby="builder-title">
            <p><a href="#/teach" data-testid="builder-back">"← Class page"</a></p>
            <h2 id="builder-title">"Build a scenario of your own"</h2>
            <p class="field-note">"Choose where the playground starts, write the goal in your words, and pick what the page checks. The result is a link (the scenario travels in its fragment, which browsers never send to a server) and a JSON file. Students see that a teacher wrote it."</p>

            <fieldset class="builder-group">
                <legend>"Words"</legend>
                <div class="builder-field">
                    <label for="builder-title-input">{format!("Title (at most {MAX_TITLE_CHARS} characters)")}</label>
                    <input id="builder-title-input" data-testid="builder-title" type="text" maxlength=MAX_TITLE_CHARS
                        aria-invalid=invalid(problem, "builder-title-input") aria-describedby=described(problem, "builder-title-input")
                        prop:value=move || form.title.get() on:input=move |ev| form.title.set(event_target_value(&ev)) />
                    <FieldError problem id="builder-title-input" />
                </div>
                <TextBox id="builder-goal" rows=2 max=MAX_GOAL_CHARS value=form.goal problem
                    label=format!("Goal (at most {MAX_GOAL_CHARS} characters)") />
                <TextBox id="builder-hints" rows=3 max=MAX_HINTS * (crate::sim::custom::MAX_HINT_CHARS + 1) value=form.hints problem
                    label=format!("Hints, one a line (at most {MAX_HINTS})") />
                <TextBox id="builder-lesson" rows=2 max=MAX_LESSON_CHARS value=form.lesson problem
                    label=format!("Lesson shown once the goal is reached (optional, at most {MAX_LESSON_CHARS} characters)") />
            </fieldset>

            <fieldset class="builder-group">
                <legend>"Start"</legend>
                <Choice id="builder-mode" label="Mode" value=form.mode options=choices(Mode::ALL.map(|m| (m.as_str(), m.words()))) />
                <Choice id="builder-servers" label="Servers" value=form.servers options=numbers(1..=crate::sim::MAX_SERVERS) />
                <Choice id="builder-policy" label="Load balancer" value=form.policy
                    options=choices(LbPolicy::ALL.map(|p| (p.as_str(), p.words()))) />
                <Tick testid="builder-shared-store" label="Shared session store" value=form.shared_store />
                <Choice id="builder-key-mode" label="Keys" value=form.key_mode
                    options=choices(KeyMode::ALL.map(|k| (k.as_str(), k.words()))) />
                <Choice id="builder-scheme" label="Token scheme" value=form.token_scheme
                    options=choices(TokenScheme::ALL.map(|t| (t.as_str(), t.words()))) />
                <Choice id="builder-storage" label="Where the page keeps its token" value=form.token_storage
                    options=choices(TokenStorage::ALL.map(|t| (t.as_str(), t.words()))) />
                <Choice id="builder-login" label="Logged in at the start" value=form.login
                    options=std::iter::once((String::new(), "nobody".to_string()))
                        .chain(DEMO_USERS.iter().map(|u| (u.email.to_string(), format!("{} (role {})", u.name, u.role))))
                        .collect() />
                <div class="builder-field">
                    <label for="builder-clock">"Simulated clock at the start (seconds since 1970, UTC)"</label>
                    <input id="builder-clock" data-testid="builder-clock" type="number" inputmode="numeric"
                        aria-invalid=invalid(problem, "builder-clock") aria-describedby=described(problem, "builder-clock")
                        prop:value=move || form.clock.get() on:input=move |ev| form.clock.set(event_target_value(&ev)) />
                    <span class="field-note">{move || form.clock.get().trim().parse::<i64>().ok()
                        .map(|t| crate::jwt::claims::format_utc(t as f64)).unwrap_or_default()}</span>
                    <FieldError problem id="builder-clock" />
                </div>
                <details class="builder-weaknesses">
                    <summary>{move || format!("Weaknesses switched on ({})", form.weaknesses.with(Vec::len))}</summary>
                    <ul class="builder-checks">
                        {Weakness::ALL.iter().map(|w| {
                            let name = w.as_str();
                            view! {
                                <li><label class="check-label">
                                    <input type="checkbox" data-testid=format!("builder-weakness-{name}")
                                        prop:checked=move || form.weaknesses.with(|ws| ws.iter().any(|x| x == name))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            form.weaknesses.update(|ws| {
                                                ws.retain(|x| x != name);
                                                if on { ws.push(name.to_string()); }
                                            });
                                        } />
                                    " "<code>{name}</code>": "{w.describe()}
                                </label></li>
                            }
                        }).collect_view()}
                    </ul>
                </details>
            </fieldset>

            <fieldset class="builder-group">
                <legend>"What the page checks"</legend>
                <Choice id="builder-kind" label="The goal is reached when" value=form.kind testid="builder-goal-check"
                    options=choices(CHECK_KINDS) />
                <div hidden=shows(&["response", "servers-answered"])>
                    <Choice id="builder-path" label="Path" value=form.path options=paths() />
                </div>
                <div class="builder-field" hidden=shows(&["response", "refused-at", "replay-answered", "cross-site-answered"])>
                    <label for="builder-status">{move || if kind.get() == "refused-at" { "Status (empty: any refusal)" } else { "Status" }}</label>
                    <input id="builder-status" data-testid="builder-status" type="number" min="100" max="599"
                        aria-invalid=invalid(problem, "builder-status") aria-describedby=described(problem, "builder-status")
                        prop:value=move || form.status.get() on:input=move |ev| form.status.set(event_target_value(&ev)) />
                    <FieldError problem id="builder-status" />
                </div>
                <div hidden=shows(&["refused-at"])>
                    <Choice id="builder-step" label="Refused at the checklist step" value=form.step
                        options=step_labels(REFUSING_STEPS.iter().map(|s| s.as_str())) />
                </div>
                <div hidden=shows(&["session-held"])>
                    <Choice id="builder-server" label="Held by" value=form.server
                        options=std::iter::once((String::new(), "any server or the shared store".to_string()))
                            .chain((1..=crate::sim::MAX_SERVERS).map(|n| (n.to_string(), format!("server {n}"))))
                            .collect() />
                </div>
                <div hidden=shows(&["replay-answered"])>
                    <Tick testid="builder-after-logout" label="Only after a logout" value=form.after_logout />
                </div>
                <div hidden=shows(&["servers-answered"])>
                    <Choice id="builder-count" label="Different servers" value=form.count options=numbers(1..=crate::sim::MAX_SERVERS) />
                </div>
                <p class="field-note" data-testid="builder-check-words">{move || {
                    let check = form.file().check;
                    match check.validate() {
                        Ok(()) => check_words(&check),
                        Err(e) => format!("This check cannot be used: {e}."),
                    }
                }}</p>
                {move || (kind.get() == "refused-at" && refusing_step(&form.step.get()).is_none())
                    .then_some(view! { <p class="warning">"Pick a step."</p> })}
            </fieldset>

            <section class="builder-result" aria-labelledby="builder-result-title">
                <h3 id="builder-result-title">"The scenario"</h3>
                {move || match outcome.get() {
                    Ok((id, payload)) => view! {
                        <p>"Its link (opens it in the playground):"</p>
                        <p class="builder-link-row">
                            <a class="mono builder-link" data-testid="builder-link" data-id=id
                                href=format!("#/custom/{payload}")>{address}</a>
                        </p>
                        <div class="row">
                            <button type="button" class="btn btn-small" data-testid="builder-copy"
                                on:click=move |_| {
                                    if let Some(a) = address() {
                                        copy_to_clipboard(&a, move |s| { copied.try_set(s); });
                                    }
                                }>{move || match copied.get() {
                                    CopyState::NotYet => "Copy the link",
                                    CopyState::Copied => "Copied ✓",
                                    CopyState::Failed => "Not copied: select the link above and copy it",
                                }}</button>
                            <button type="button" class="btn btn-small" data-testid="builder-download" on:click=save>
                                "Download the JSON file"
                            </button>
                        </div>
                    }.into_any(),
                    Err(why) => view! {
                        <p class="warning" data-testid="builder-error" role="status">
                            {format!("No link yet: {why}.")}
                        </p>
                    }.into_any(),
                }}
                <div class="builder-field">
                    <label for="builder-file">"Open a scenario's JSON file to change it"</label>
                    <input id="builder-file" data-testid="builder-file" type="file" accept=".json,application/json"
                        on:change=move |ev| {
                            if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                open_file(form, input, file_said);
                            }
                        } />
                    <p class="field-note" data-testid="builder-file-said" role="status">{move || file_said.get()}</p>
                </div>
            </section>
        </section>
    }
}
