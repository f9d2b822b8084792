//! Small browser helpers: clock, URL hash, clipboard, performance marks,
//! the browser's random numbers.

/// Seconds since the epoch from the browser's clock.
pub fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

pub fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Go to another screen (`#/debugger`, `#/playground`).
pub fn go_to(hash: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(hash);
    }
}

/// Did a copy to the clipboard work? Said only once the browser has answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyState {
    NotYet,
    Copied,
    /// No clipboard here (an insecure page) or no permission: the text stays
    /// on screen to select and copy by hand.
    Failed,
}

/// Copy text to the clipboard, then tell `said` whether it worked.
pub fn copy_to_clipboard(text: &str, said: impl FnOnce(CopyState) + 'static) {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        said(CopyState::Failed);
        return;
    };
    // `navigator.clipboard` is missing outside secure pages.
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !has_clipboard {
        said(CopyState::Failed);
        return;
    }
    let promise = navigator.clipboard().write_text(text);
    wasm_bindgen_futures::spawn_local(async move {
        let worked = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
        said(if worked {
            CopyState::Copied
        } else {
            CopyState::Failed
        });
    });
}

/// After the DOM has caught up (next frame), scroll the page just enough to
/// show `el` (its nearest edge): the result of a click lands where the user
/// is looking, and nothing moves when it is already in view.
pub fn show_after_redraw(el: leptos::prelude::NodeRef<leptos::html::Div>) {
    leptos::prelude::request_animation_frame(move || {
        if let Some(el) = leptos::prelude::GetUntracked::get_untracked(&el) {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            el.scroll_into_view_with_scroll_into_view_options(&options);
        }
    });
}

/// `performance.now()` in milliseconds (0 where there is no clock).
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Remove index.html's app shell (the title, a sentence and the download's
/// progress, shown before the app's code arrived): the app is here now.
pub fn remove_app_shell() {
    if let Some(shell) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app-shell"))
    {
        shell.remove();
    }
}

/// `performance.mark(name)`: the benchmark reads "app-start" and
/// "app-mounted" (the app's own share of a load is the time between them).
pub fn mark(name: &str) {
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        let _ = perf.mark(name);
    }
}

/// `performance.mark("app-mounted")`, read by the benchmark script.
pub fn mark_mounted() {
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        let _ = perf.mark("app-mounted");
    }
}

/// The browser's CSPRNG, `crypto.getRandomValues`, for the simulated servers'
/// secrets, salts and session ids. (Natively the simulation uses the OS one,
/// `rand_core::OsRng`, through getrandom; in the page this direct call says
/// in words why it failed, where getrandom gives a code.)
pub struct BrowserEntropy;

impl BrowserEntropy {
    fn try_fill(buf: &mut [u8]) -> Result<(), crate::sim::EntropyError> {
        let failed = |what: &str| crate::sim::EntropyError {
            message: format!("crypto.getRandomValues {what}"),
        };
        let crypto = web_sys::window()
            .ok_or_else(|| failed("has no window"))?
            .crypto()
            .map_err(|_| failed("is not available"))?;
        // The browser fills at most 65536 bytes per call.
        for chunk in buf.chunks_mut(65_536) {
            crypto
                .get_random_values_with_u8_array(chunk)
                .map_err(|_| failed("refused"))?;
        }
        Ok(())
    }
}

impl rand_core::RngCore for BrowserEntropy {
    fn next_u32(&mut self) -> u32 {
        rand_core::impls::next_u32_via_fill(self)
    }

    fn next_u64(&mut self) -> u64 {
        rand_core::impls::next_u64_via_fill(self)
    }

    /// `RngCore`'s infallible form has no way to say the browser refused, and
    /// bytes it did not fill must not be used as random: it stops the page,
    /// as rand_core's own `OsRng` does. The simulation never calls it: it
    /// draws with `try_fill_bytes` ([`crate::sim::rng::fill`]) and reports
    /// the error.
    #[allow(clippy::panic)]
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        if let Err(e) = Self::try_fill(dest) {
            panic!("{e}");
        }
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        Self::try_fill(dest).map_err(rand_core::Error::from)
    }
}

/// `crypto.getRandomValues` is the browser's cryptographically secure source.
impl rand_core::CryptoRng for BrowserEntropy {}

/// Release builds register `sw.js` (written by `scripts/service-worker.mjs`),
/// which caches the site so it works offline after the first visit. Dev
/// builds (`trunk serve`) do not: a cache would hide every rebuild.
pub fn register_service_worker() {
    if cfg!(debug_assertions) {
        return;
    }
    if let Some(window) = web_sys::window() {
        // Not available on plain http other than localhost: then nothing is cached.
        // A refusal (a browser or test harness that blocks workers) is not an
        // error of the page: it is caught, so nothing is logged.
        let container = window.navigator().service_worker();
        let ignore = wasm_bindgen::closure::Closure::<dyn FnMut(wasm_bindgen::JsValue)>::new(
            |_: wasm_bindgen::JsValue| {},
        );
        let _ = container.register("sw.mjs").catch(&ignore);
        // Called at most once, after this function returns: it must outlive it.
        ignore.forget();
    }
}

/// A value from the browser's `localStorage` (the playground's own state only).
pub fn storage_get(key: &str) -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(key)
        .ok()?
}

/// Keep a value in `localStorage`. False when the browser refused (storage
/// full, or none in this mode): a caller whose loss matters says so.
pub fn storage_set(key: &str, value: &str) -> bool {
    match web_sys::window().map(|w| w.local_storage()) {
        Some(Ok(Some(storage))) => storage.set_item(key, value).is_ok(),
        _ => false,
    }
}

/// Forget a value kept in `localStorage`.
pub fn storage_remove(key: &str) {
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = storage.remove_item(key);
    }
}

/// A value from this tab's `sessionStorage` (what the user asked to keep
/// until the tab is closed).
pub fn session_get(key: &str) -> Option<String> {
    web_sys::window()?
        .session_storage()
        .ok()??
        .get_item(key)
        .ok()?
}

/// Keep a value in this tab's `sessionStorage` (`None`: forget it).
pub fn session_set(key: &str, value: Option<&str>) {
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.session_storage()) {
        let _ = match value {
            Some(v) => storage.set_item(key, v),
            None => storage.remove_item(key),
        };
    }
}

/// Put `hash` in the address bar without a new history entry (a share
/// link, once opened, becomes the playground's own address).
pub fn replace_hash(hash: &str) {
    if let Some(window) = web_sys::window() {
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(hash));
        }
    }
}

/// The page's address without its fragment (where a share link points).
pub fn page_address() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// The text of a file of the site itself (`path` relative to the page); the
/// error is a phrase for a sentence on screen. Shared by the parts that fetch
/// their texts on demand (the code panels, the teacher's page).
pub async fn fetch_site_text(path: &str) -> Result<String, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or_else(|| "there is no window".to_string())?;
    let response = JsFuture::from(window.fetch_with_str(path))
        .await
        .map_err(|_| "the request did not reach the site (offline?)".to_string())?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| "the answer was not an HTTP response".to_string())?;
    if !response.ok() {
        return Err(format!("the site answered {}", response.status()));
    }
    let unreadable = || "its text could not be read".to_string();
    let text = response.text().map_err(|_| unreadable())?;
    JsFuture::from(text)
        .await
        .map_err(|_| unreadable())?
        .as_string()
        .ok_or_else(unreadable)
}
