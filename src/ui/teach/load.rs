//! `teach.json` (`crate::sim::teach::content`), fetched from the site's own
//! origin the first time a part of the page needs it, then kept for the
//! session, as the attack lab's code panels do with their file.

use crate::sim::teach::{TeachBook, TEACH_FILE};
use crate::ui::site_file::SiteFile;
use leptos::prelude::*;
use std::cell::RefCell;
use std::sync::Arc;

thread_local! {
    /// The file once read: one fetch a session.
    static BOOK: RefCell<Option<Arc<TeachBook>>> = const { RefCell::new(None) };
}

/// `teach.json`.
static FILE: SiteFile<TeachBook> = SiteFile {
    path: TEACH_FILE,
    read: |text| TeachBook::parse(text).map_err(|e| e.to_string()),
    kept: &BOOK,
};

/// Where a part of the page is with the file.
pub type Load = crate::ui::site_file::Load<TeachBook>;

/// Start loading into `state` (or take the session's copy).
pub fn load(state: RwSignal<Load>) {
    FILE.load(state);
}

/// A signal with the file, loading it now.
pub fn use_book() -> RwSignal<Load> {
    let state = RwSignal::new(Load::Loading);
    load(state);
    state
}

/// What a part shows while the file loads or when it failed; `None` when ready.
pub fn waiting(state: RwSignal<Load>, what: &'static str) -> Option<AnyView> {
    match state.get() {
        Load::Ready(_) => None,
        Load::Idle | Load::Loading => Some(
            view! { <p class="field-note" role="status">{format!("One moment: loading {what}…")}</p> }
                .into_any(),
        ),
        Load::Failed(why) => Some(
            view! {
                <div role="alert" data-testid="teach-load-error">
                    <p>{format!("The {what} could not be loaded: {why}. The rest of the page still works; try again when the site can be reached.")}</p>
                    <button type="button" class="btn btn-small" on:click=move |_| load(state)>"Retry"</button>
                </div>
            }
            .into_any(),
        ),
    }
}
