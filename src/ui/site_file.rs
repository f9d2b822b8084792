//! A file of the site's own that holds texts kept out of the wasm (the attack
//! lab's code panels, the teacher's page): fetched from the page's origin the
//! first time a part of the page needs it, read with its type, and kept for
//! the session, so every later part starts from the copy. A failed fetch is
//! said in words, with a retry, and leaves the rest of the page working.

use leptos::prelude::*;
use std::cell::RefCell;
use std::sync::Arc;
use std::thread::LocalKey;

/// Where a part of the page is with its file.
pub enum Load<T> {
    /// Not asked for yet (a closed panel).
    Idle,
    Loading,
    /// Why it failed, in words.
    Failed(String),
    Ready(Arc<T>),
}

impl<T> Clone for Load<T> {
    fn clone(&self) -> Self {
        match self {
            Load::Idle => Load::Idle,
            Load::Loading => Load::Loading,
            Load::Failed(why) => Load::Failed(why.clone()),
            Load::Ready(file) => Load::Ready(Arc::clone(file)),
        }
    }
}

/// One such file: its path relative to the page, how it is read, and where
/// the session keeps it once read.
pub struct SiteFile<T: 'static> {
    pub path: &'static str,
    /// Reads the text; the error is a phrase for the sentence on screen.
    pub read: fn(&str) -> Result<T, String>,
    pub kept: &'static LocalKey<RefCell<Option<Arc<T>>>>,
}

impl<T: Send + Sync + 'static> SiteFile<T> {
    /// The session's copy, if the file was read already.
    pub fn kept(&'static self) -> Option<Arc<T>> {
        self.kept.with(|k| k.borrow().clone())
    }

    /// Ready from the session's copy, else `Idle`.
    pub fn state_now(&'static self) -> Load<T> {
        self.kept().map_or(Load::Idle, Load::Ready)
    }

    /// Start loading into `state` (or take the session's copy). A part closed
    /// meanwhile (its signal disposed) is simply not told.
    pub fn load(&'static self, state: RwSignal<Load<T>>) {
        if let Some(file) = self.kept() {
            state.set(Load::Ready(file));
            return;
        }
        state.set(Load::Loading);
        leptos::task::spawn_local(async move {
            let next = match self.fetch().await {
                Ok(file) => {
                    let file = Arc::new(file);
                    self.kept
                        .with(|k| *k.borrow_mut() = Some(Arc::clone(&file)));
                    Load::Ready(file)
                }
                Err(why) => Load::Failed(why),
            };
            let _ = state.try_set(next);
        });
    }

    async fn fetch(&'static self) -> Result<T, String> {
        let text = crate::ui::util::fetch_site_text(self.path).await?;
        (self.read)(&text).map_err(|e| format!("the file is not what this page expects ({e})"))
    }
}
