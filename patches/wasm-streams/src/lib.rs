//! A stand-in for the `wasm-streams` crate, wired in by `[patch.crates-io]`
//! in the project's Cargo.toml.
//!
//! Why: Leptos always depends on `server_fn` with its browser client, which
//! uses `wasm-streams` to stream server-function bodies. The real crate
//! exports three JavaScript classes through `#[wasm_bindgen]` (readable and
//! writable stream adapters); exports are never removed as dead code, so
//! every Leptos site ships them, with the future-to-promise machinery they
//! need, even when it has no server at all. This site is static and has no
//! server functions, and its size budget is tight.
//!
//! `server_fn` makes exactly two calls: `ReadableStream::from_stream(..)
//! .into_raw()` for a streaming request body and
//! `ReadableStream::from_raw(..).into_stream()` for a streaming response.
//! Here the first gives an empty stream and the second a stream whose only
//! item is an error that says why, so a server function, were one ever
//! added, fails loudly instead of hanging.

use futures_util::stream::{self, Stream};
use wasm_bindgen::{JsCast, JsValue};

/// What `server_fn` sees of a response stream.
pub type IntoStream = stream::Once<futures_util::future::Ready<Result<JsValue, JsValue>>>;

/// A browser `ReadableStream`, as far as `server_fn` uses it.
pub struct ReadableStream {
    raw: web_sys::ReadableStream,
}

impl ReadableStream {
    /// Wrap a stream the browser made (a `fetch` response body).
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        ReadableStream { raw }
    }

    /// A streaming request body: not supported here, so an empty stream.
    pub fn from_stream<St>(_stream: St) -> Self
    where
        St: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        let raw = web_sys::ReadableStream::new().unwrap_or_else(|e| e.unchecked_into());
        ReadableStream { raw }
    }

    /// The browser stream.
    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.raw
    }

    /// A streaming response body: one error item.
    pub fn into_stream(self) -> IntoStream {
        stream::once(futures_util::future::ready(Err(JsValue::from_str(
            "streaming server-function responses are not supported in this build (see patches/wasm-streams)",
        ))))
    }
}
