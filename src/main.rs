//! Entry point: install the panic hook and mount the app. Nothing else lives here.

#[cfg(target_arch = "wasm32")]
fn main() {
    // A panic (there should be none: user input never panics) is printed to
    // the console before the module aborts. Smaller than console_error_panic_hook.
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
    jwt_playground::ui::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This binary is the browser app: build it with `trunk build` (see README.md).");
}
