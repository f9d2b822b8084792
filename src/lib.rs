//! JWT playground: a pure-Rust model of JSON Web Tokens and cookie sessions,
//! plus (in wasm) the Leptos view of it.
//!
//! `jwt` and `sim` are pure and compile natively, so `cargo test` checks the
//! same code that runs in the browser. `ui` only exists for `wasm32`.
//! `work` is what the page's background worker does (a second binary,
//! `src/bin/jwt-worker.rs`), pure as well.

pub mod jwt;
pub mod sim;
pub mod work;

#[cfg(target_arch = "wasm32")]
pub mod ui;
