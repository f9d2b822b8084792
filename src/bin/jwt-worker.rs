//! The page's background worker (issue 23): a second wasm binary, which Trunk
//! builds as a Web Worker and the page starts (through
//! `assets/jwt-worker-start.js`) the first time it needs one. It reads one
//! job at a time, does it with [`jwt_playground::work::run`] and posts back
//! what that reports; everything else lives in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    use jwt_playground::work::{run, Envelope, Job, Report};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let post = {
        let scope = scope.clone();
        move |job: u64, body: Report| {
            // Posting a string to the page that owns this worker cannot fail.
            let _ = scope.post_message(&JsValue::from_str(&Envelope { job, body }.to_json()));
        }
    };
    let on_message = {
        let post = post.clone();
        Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(text) = event.data().as_string() else {
                return;
            };
            let Some(Envelope { job, body }) = Envelope::<Job>::from_json(&text) else {
                post(
                    0,
                    Report::Refused {
                        why: "the worker was sent something that is not a job".to_string(),
                    },
                );
                return;
            };
            run(&body, &mut rand_core::OsRng, js_sys::Date::now, |report| {
                post(job, report)
            });
        })
    };
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as its page keeps it: so does its handler.
    on_message.forget();
    // Messages sent before the handler above was set are lost: the page waits for this.
    post(0, Report::Ready);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "This binary is the page's background worker: `trunk build` builds it (see README.md)."
    );
}
