//! What both temporal editors (a package, a system parameter) keep around a
//! save, apart from their forms: whether "Gem" was pressed, whether the
//! form came from a draft in `sessionStorage`, why the last save failed,
//! the newest version after a 409 (`If-Match` was stale) or why it could
//! not be fetched, and the error summary that takes focus when a save is
//! refused. `V` is the editor's version type.

use crate::api;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;

pub struct SaveState<V: Send + Sync + 'static> {
    submitted: RwSignal<bool>,
    restored: RwSignal<bool>,
    save_error: RwSignal<Option<String>>,
    conflict: RwSignal<Option<V>>,
    /// Every version as fetched after the last 409, newest first.
    versions_after_conflict: RwSignal<Option<Vec<V>>>,
    conflict_error: RwSignal<Option<String>>,
    summary: NodeRef<leptos::html::Div>,
}

impl<V: Send + Sync + 'static> Clone for SaveState<V> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<V: Send + Sync + 'static> Copy for SaveState<V> {}

impl<V: Clone + Send + Sync + 'static> SaveState<V> {
    /// `restored`: the form came from a draft left in `sessionStorage`.
    pub fn new(restored: bool) -> SaveState<V> {
        SaveState {
            submitted: RwSignal::new(false),
            restored: RwSignal::new(restored),
            save_error: RwSignal::new(None),
            conflict: RwSignal::new(None),
            versions_after_conflict: RwSignal::new(None),
            conflict_error: RwSignal::new(None),
            summary: NodeRef::new(),
        }
    }

    /// Whether "Gem" was pressed (tracked).
    pub fn submitted(self) -> bool {
        self.submitted.get()
    }

    pub fn submitted_untracked(self) -> bool {
        self.submitted.get_untracked()
    }

    /// "Gem" was pressed: every message shows, the last failure is forgotten.
    pub fn start_submit(self) {
        self.submitted.set(true);
        self.save_error.set(None);
    }

    /// The error summary's element, focused when a save is refused.
    pub fn summary_ref(self) -> NodeRef<leptos::html::Div> {
        self.summary
    }

    /// Moves focus to the error summary once it is drawn.
    pub fn focus_summary(self) {
        let summary = self.summary;
        request_animation_frame(move || {
            if let Some(el) = summary.get_untracked() {
                let _ = el.focus();
            }
        })
    }

    /// The save failed for a reason that belongs to no field.
    pub fn fail(self, message: String) {
        self.save_error.set(Some(message));
    }

    /// After a 409: fetches the versions (newest first) and shows the newest
    /// beside the admin's edits.
    pub fn load_conflict(self, versions: impl Future<Output = api::Result<Vec<V>>> + 'static) {
        self.conflict_error.set(None);
        spawn_local(async move {
            match versions.await {
                Ok(list) => {
                    self.conflict.set(list.first().cloned());
                    self.versions_after_conflict.set(Some(list));
                }
                Err(e) => self.conflict_error.set(Some(e.message())),
            }
        });
    }

    /// "Gem som ny version oven på den nyeste": the conflict is resolved.
    pub fn clear_conflict(self) {
        self.conflict.set(None);
    }

    /// Back to the form as first opened.
    pub fn reset(self) {
        self.submitted.set(false);
        self.conflict.set(None);
        self.restored.set(false);
    }

    /// Whether the form came from a draft left in `sessionStorage` (tracked).
    pub fn restored(self) -> bool {
        self.restored.get()
    }

    /// Why the last save failed, when not at a field or a conflict (tracked).
    pub fn save_error(self) -> Option<String> {
        self.save_error.get()
    }

    /// The newest version after a save found that someone else saved in
    /// between (tracked).
    pub fn conflict(self) -> Option<V> {
        self.conflict.get()
    }

    /// Every version as the last 409 found them, newest first (tracked):
    /// what a page listing the versions shows from then on.
    pub fn versions_after_conflict(self) -> Option<Vec<V>> {
        self.versions_after_conflict.get()
    }

    /// Why the newest version could not be fetched (tracked).
    pub fn conflict_error(self) -> Option<String> {
        self.conflict_error.get()
    }
}
