//! Small browser helpers: clock, URL hash, clipboard, performance marks.

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

/// What a delegated event hit: the nearest element with a `data-action`
/// (a button, a select, a checkbox, a text field written as markup).
pub struct Hit {
    pub action: String,
    /// Its `data-arg` (a server id, a mode), or "".
    pub arg: String,
    /// The value of a field or a select, or "".
    pub value: String,
    /// Whether a checkbox is ticked.
    pub checked: bool,
    element: web_sys::Element,
}

/// The element with a `data-action` that `ev` happened on, unless disabled.
pub fn hit(ev: &web_sys::Event) -> Option<Hit> {
    use wasm_bindgen::JsCast;
    let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    let element = target.closest("[data-action]").ok()??;
    if element.has_attribute("disabled") {
        return None;
    }
    let (value, checked) = if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        (input.value(), input.checked())
    } else if let Some(select) = element.dyn_ref::<web_sys::HtmlSelectElement>() {
        (select.value(), false)
    } else {
        (String::new(), false)
    };
    Some(Hit {
        action: element.get_attribute("data-action")?,
        arg: element.get_attribute("data-arg").unwrap_or_default(),
        value,
        checked,
        element,
    })
}

impl Hit {
    /// Keep keyboard focus where it was: when what the user operated is
    /// redrawn (markup is replaced, not patched), focus its successor, the
    /// element with the same `data-action` and `data-arg`, after the redraw;
    /// if that one is now disabled (a crashed server's Crash), an enabled
    /// control with the same `data-arg` (its Restart).
    pub fn keep_focus(&self) {
        let document = self.element.owner_document();
        let was_focused = document
            .as_ref()
            .and_then(|d| d.active_element())
            .is_some_and(|a| a == self.element);
        if !was_focused {
            return;
        }
        let arg = if self.arg.is_empty() {
            String::new()
        } else {
            format!("[data-arg=\"{}\"]", css_string(&self.arg))
        };
        let same = format!(
            "[data-action=\"{}\"]{arg}:not([disabled])",
            css_string(&self.action)
        );
        let sibling = if arg.is_empty() {
            same.clone()
        } else {
            format!("[data-action]{arg}:not([disabled])")
        };
        let old = self.element.clone();
        leptos::prelude::request_animation_frame(move || {
            use wasm_bindgen::JsCast;
            if old.is_connected() {
                return;
            }
            let next = document
                .and_then(|d| {
                    d.query_selector(&same)
                        .ok()
                        .flatten()
                        .or_else(|| d.query_selector(&sibling).ok().flatten())
                })
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(next) = next {
                let _ = next.focus();
            }
        });
    }
}

/// Text safe inside a double-quoted CSS attribute selector value.
fn css_string(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | ':'))
        .collect()
}

/// The browser's CSPRNG, `crypto.getRandomValues`, for the simulated servers'
/// secrets, salts and session ids. (Natively the simulation uses the OS one
/// through getrandom; in the browser this direct call keeps getrandom's
/// Node.js detection out of the page.)
pub struct BrowserEntropy;

impl crate::sim::Entropy for BrowserEntropy {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), crate::sim::EntropyError> {
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
