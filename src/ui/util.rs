//! Small browser helpers: clock, URL hash, clipboard, performance marks.

/// Seconds since the epoch from the browser's clock.
pub fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

#[cfg(feature = "playground")]
pub fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Go to another screen (`#/debugger`, `#/playground`).
#[cfg(feature = "playground")]
pub fn go_to(hash: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(hash);
    }
}

/// Copy text to the clipboard; failures (no permission) are ignored on purpose:
/// the text stays selectable on screen.
pub fn copy_to_clipboard(text: &str) {
    if let Some(window) = web_sys::window() {
        let _promise = window.navigator().clipboard().write_text(text);
    }
}

/// `performance.mark("app-mounted")`, read by the benchmark script.
pub fn mark_mounted() {
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        let _ = perf.mark("app-mounted");
    }
}

/// For a click delegated to a container: the `data-action` and `data-arg` of
/// the button clicked (or of the button around what was clicked).
pub fn clicked_action(ev: &web_sys::MouseEvent) -> Option<(String, String)> {
    use wasm_bindgen::JsCast;
    let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    let button = target.closest("[data-action]").ok()??;
    if button.has_attribute("disabled") {
        return None;
    }
    Some((
        button.get_attribute("data-action")?,
        button.get_attribute("data-arg").unwrap_or_default(),
    ))
}
