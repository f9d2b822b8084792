//! The page's background worker, seen from the page (issue 23): heavy work
//! (an RSA key pair, the secret guesser at full speed) runs in a second wasm
//! binary inside a Web Worker, so the main thread keeps answering clicks.
//!
//! Each part of the page that needs one owns a [`Background`]: the worker is
//! started the first time a job is sent (its code is fetched then, not with
//! the page), kept for the next job, and ended when the part goes away or the
//! job is cancelled. The jobs and reports are `crate::work`'s, as JSON text.
//! A worker whose code could not be fetched says so ([`Phase::Failed`]); the
//! part shows why with a retry ([`WorkerStatus`]), and the rest of the page
//! goes on without it.

use crate::work::{Envelope, Job, Report};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};

/// The worker's start script, relative to the page (`assets/jwt-worker-start.js`,
/// precached by the service worker with the worker's glue and wasm).
const START: &str = "jwt-worker-start.js";

/// Where a part's worker is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// No job running.
    Idle,
    /// The worker's code is being fetched and started.
    Loading,
    /// A job is running.
    Working,
    /// The worker could not start: why, in words.
    Failed(String),
}

/// A started worker, with the handlers that must live as long as it does.
/// Dropping it ends the worker.
struct Live {
    worker: Worker,
    ready: bool,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(ErrorEvent)>,
}

impl Drop for Live {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// One part's background worker.
#[derive(Clone, Copy)]
pub struct Background {
    live: StoredValue<Option<Live>, LocalStorage>,
    pub phase: RwSignal<Phase>,
    /// The last job sent, with its number: only its reports are passed on,
    /// and a retry sends it again.
    job: StoredValue<Option<(u64, Job)>>,
    on_report: Callback<Report>,
}

impl Background {
    /// A worker for the current part of the page; `on_report` hears the
    /// current job's reports (never `Ready` or `Failed`: those are `phase`).
    /// It is ended with the part.
    pub fn new(on_report: impl Fn(Report) + Send + Sync + 'static) -> Background {
        let bg = Background {
            live: StoredValue::new_local(None),
            phase: RwSignal::new(Phase::Idle),
            job: StoredValue::new(None),
            on_report: Callback::new(on_report),
        };
        on_cleanup(move || bg.stop());
        bg
    }

    /// Run `job`, starting the worker first if there is none. A job still
    /// running is dropped: its reports are no longer passed on.
    pub fn send(self, job: Job) {
        let number = self
            .job
            .try_with_value(|j| j.as_ref().map_or(1, |(n, _)| n.wrapping_add(1)))
            .unwrap_or(1);
        self.job.try_set_value(Some((number, job)));
        let busy = matches!(self.phase.try_get_untracked(), Some(Phase::Working));
        let ready = self
            .live
            .try_with_value(|l| l.as_ref().map(|l| l.ready))
            .flatten();
        match ready {
            // One job at a time: a worker busy with an older one is ended.
            Some(true) if !busy => self.post_current(),
            Some(false) => {} // the job goes when the worker says it is ready
            _ => self.start(),
        }
    }

    /// Send the last job again (after a failure).
    pub fn retry(self) {
        if let Some(Some((_, job))) = self.job.try_get_value() {
            self.send(job);
        }
    }

    /// End the worker and its job (and forget a failure): the next job
    /// starts a new one.
    pub fn stop(self) {
        self.live.try_update_value(|l| *l = None);
        self.phase.try_set(Phase::Idle);
    }

    fn start(self) {
        self.live.try_update_value(|l| *l = None);
        self.phase.set(Phase::Loading);
        let worker = match Worker::new(START) {
            Ok(worker) => worker,
            Err(e) => {
                let why = e
                    .as_string()
                    .or_else(|| {
                        e.dyn_ref::<js_sys::Error>()
                            .map(|e| String::from(e.message()))
                    })
                    .unwrap_or_else(|| "the browser refused to start it".to_string());
                self.phase.set(Phase::Failed(why));
                return;
            }
        };
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            if let Some(text) = event.data().as_string() {
                self.heard(&text);
            }
        });
        let on_error = Closure::<dyn Fn(ErrorEvent)>::new(move |event: ErrorEvent| {
            event.prevent_default();
            let message = event.message();
            self.failed(if message.is_empty() {
                "its start script could not be loaded".to_string()
            } else {
                message
            });
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        self.live.try_set_value(Some(Live {
            worker,
            ready: false,
            _on_message: on_message,
            _on_error: on_error,
        }));
    }

    fn post_current(self) {
        let Some(Some((number, job))) = self.job.try_get_value() else {
            return;
        };
        let text = Envelope {
            job: number,
            body: job,
        }
        .to_json();
        let posted = self
            .live
            .try_with_value(|l| {
                l.as_ref()
                    .map(|l| l.worker.post_message(&JsValue::from_str(&text)).is_ok())
            })
            .flatten();
        if posted == Some(true) {
            self.phase.try_set(Phase::Working);
        } else {
            self.failed("the job could not be handed to it".to_string());
        }
    }

    fn failed(self, why: String) {
        self.live.try_update_value(|l| *l = None);
        self.phase.try_set(Phase::Failed(why));
    }

    /// One message from the worker.
    fn heard(self, text: &str) {
        let Some(Envelope { job, body }) = Envelope::<Report>::from_json(text) else {
            return;
        };
        match body {
            Report::Ready => {
                self.live.try_update_value(|l| {
                    if let Some(l) = l {
                        l.ready = true;
                    }
                });
                self.post_current();
            }
            Report::Failed { why } => self.failed(why),
            body => {
                let current = self.job.try_with_value(|j| j.as_ref().map(|(n, _)| *n));
                if current != Some(Some(job)) {
                    return;
                }
                if is_last(&body) {
                    self.phase.try_set(Phase::Idle);
                }
                self.on_report.run(body);
            }
        }
    }
}

/// Is this a job's last report?
fn is_last(report: &Report) -> bool {
    !matches!(
        report,
        Report::Guessing {
            status: crate::jwt::guess::CrackStatus::Running { .. },
            ..
        }
    )
}

/// What a part's worker is doing, in words, for the moments it is not
/// silent: loading its code (`loading`), working (`working`), or failed,
/// with why and a retry that sends the job again.
#[component]
pub fn WorkerStatus(
    bg: Background,
    /// Said while the worker's code is fetched, e.g. "Loading the key-pair worker…".
    loading: &'static str,
    /// Said while the job runs.
    working: Signal<String>,
) -> impl IntoView {
    view! {
        {move || match bg.phase.get() {
            Phase::Idle => None,
            Phase::Loading => Some(view! {
                <p class="field-note" role="status" data-testid="worker-status" data-phase="loading">{loading}</p>
            }.into_any()),
            Phase::Working => Some(view! {
                <p class="field-note" role="status" data-testid="worker-status" data-phase="working">{move || working.get()}</p>
            }.into_any()),
            Phase::Failed(why) => Some(view! {
                <div class="warning" role="alert" data-testid="worker-error">
                    <p>{format!(
                        "The background worker this needs could not start ({why}). The rest of the page works without it. If you are offline, this part needs one visit online first; then try again."
                    )}</p>
                    <button type="button" class="btn btn-small" data-testid="worker-retry" on:click=move |_| bg.retry()>"Try again"</button>
                </div>
            }.into_any()),
        }}
    }
}
