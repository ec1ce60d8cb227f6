//! The package editor's state as one `Copy` value: the form, which fields
//! were touched, whether "Gem" was pressed, the messages (the domain's rules
//! on the form plus the server's answer), the save with its `If-Match`
//! version, the conflict when someone else saved in between, and the unsaved
//! draft kept in `sessionStorage` under the editor's URL.
//!
//! A field shows its message once it has been touched, all fields do after
//! "Gem". A message from the server stays at its field until that field's
//! value changes.

use crate::api;
use crate::editor::form::PackageForm;
use crate::editor::save_state::SaveState;
use crate::routes;
use crate::storage;
use domain::codes::CONFLICT_STALE_VERSION;
use domain::package::{PackageField, PackageFieldError};
use domain::{PackageDraft, PackageFilter, PackageVersion};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde::{Deserialize, Serialize};

/// What is kept in `sessionStorage` while the editor is open.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredDraft {
    pub form: PackageForm,
    pub based_on: Option<i64>,
    pub touched: Vec<PackageField>,
}

/// What an editor starts from.
pub struct EditorSetup {
    /// The package's key; `None` for a new package.
    pub key: Option<String>,
    /// The form before any edit (from the newest version, a template or empty).
    pub initial: PackageForm,
    /// The version the form is based on (`If-Match` of the save).
    pub based_on: Option<i64>,
    /// Ids of the existing roles.
    pub role_ids: Vec<i64>,
    /// Other packages' versions, for the early warning about a name in use.
    pub others: Vec<PackageVersion>,
    /// The editor's URL (path and query): where its draft is kept.
    pub editor_url: String,
}

/// The parts of the setup that do not change.
struct Fixed {
    key: Option<String>,
    draft_key: String,
    initial: PackageForm,
    initial_based_on: Option<i64>,
}

type SaveInput = (Option<String>, Option<i64>, PackageDraft);

/// The editor's state; cheap to copy into every event handler.
#[derive(Clone, Copy)]
pub struct Editor {
    form: RwSignal<PackageForm>,
    based_on: RwSignal<Option<i64>>,
    touched: RwSignal<Vec<PackageField>>,
    /// Server messages per field, with the field's value when they came.
    server_errors: RwSignal<Vec<(PackageFieldError, String)>>,
    all_errors: Memo<Vec<PackageFieldError>>,
    shown_errors: Memo<Vec<PackageFieldError>>,
    save: Action<SaveInput, api::Result<PackageVersion>>,
    status: SaveState<PackageVersion>,
    fixed: StoredValue<Fixed>,
}

impl Editor {
    /// The editor of `setup`, with the draft from `sessionStorage` if the
    /// admin left one at this URL. Saving navigates to the history page.
    pub fn new(setup: EditorSetup) -> Editor {
        let EditorSetup { key, initial, based_on: initial_based_on, role_ids, others, editor_url } = setup;
        let draft_key = storage::draft_key(&editor_url);
        let restored_draft: Option<StoredDraft> = storage::read(&draft_key);
        let status = SaveState::new(restored_draft.is_some());
        let (form0, based0, touched0) = match restored_draft {
            Some(s) => (s.form, s.based_on.or(initial_based_on), s.touched),
            None => (initial.clone(), initial_based_on, Vec::new()),
        };
        let form = RwSignal::new(form0);
        let based_on = RwSignal::new(based0);
        let touched = RwSignal::new(touched0);
        let server_errors = RwSignal::new(Vec::<(PackageFieldError, String)>::new());

        let own_key = key.clone();
        let local_errors = Memo::new(move |_| form.with(|f| f.errors(&role_ids, own_key.as_deref(), &others)));
        let all_errors = Memo::new(move |_| {
            let mut out = local_errors.get();
            form.with(|f| {
                server_errors.with(|se| {
                    for (e, value) in se {
                        if f.field_value(e.field) == *value && !out.contains(e) {
                            out.push(e.clone());
                        }
                    }
                })
            });
            out
        });
        // Shown at a field once it was touched, and everywhere after "Gem".
        let shown_errors = Memo::new(move |_| {
            let all = all_errors.get();
            let sub = status.submitted();
            touched.with(|t| {
                server_errors.with(|se| {
                    all.into_iter().filter(|e| sub || t.contains(&e.field) || se.iter().any(|(s, _)| s == e)).collect::<Vec<_>>()
                })
            })
        });
        let save = Action::new_local(|input: &SaveInput| {
            let (key, based_on, draft) = input.clone();
            async move {
                match (key, based_on) {
                    (Some(k), Some(v)) => api::create_version(&k, v, &draft).await,
                    _ => api::create_package(&draft).await,
                }
            }
        });
        let editor = Editor {
            form,
            based_on,
            touched,
            server_errors,
            all_errors,
            shown_errors,
            save,
            status,
            fixed: StoredValue::new(Fixed { key, draft_key, initial, initial_based_on }),
        };
        editor.keep_draft();
        editor.on_saved();
        editor
    }

    /// Keeps the unsaved form for "Administrer roller" and back; only once
    /// the admin has changed something: merely opening the editor leaves no
    /// draft behind.
    fn keep_draft(self) {
        let key = self.fixed.with_value(|f| f.draft_key.clone());
        Effect::new(move |_| {
            let d = StoredDraft { form: self.form.get(), based_on: self.based_on.get(), touched: self.touched.get() };
            if !d.touched.is_empty() {
                storage::write(&key, &d);
            }
        });
    }

    /// Reacts to the save's answer: the history page, the conflict view,
    /// the server's messages at their fields, or the error alert.
    fn on_saved(self) {
        let navigate = use_navigate();
        Effect::new(move |_| {
            let Some(result) = self.save.value().get() else { return };
            match result {
                Ok(v) => {
                    self.discard_draft();
                    navigate(&routes::package_history_saved(&v.noegle, v.version), Default::default());
                }
                Err(e) if e.code() == Some(CONFLICT_STALE_VERSION) => {
                    let Some(k) = self.key() else { return };
                    self.status.load_conflict(async move { api::package_versions(&k).await });
                }
                Err(e) if !e.fields().is_empty() => {
                    let (known, unknown): (Vec<_>, Vec<_>) = e.fields().iter().partition(|fe| PackageField::from_name(&fe.field).is_some());
                    let list = self.form.with_untracked(|f| {
                        known
                            .iter()
                            .filter_map(|fe| PackageFieldError::from_wire(fe))
                            .map(|pe| (pe.clone(), f.field_value(pe.field)))
                            .collect()
                    });
                    self.server_errors.set(list);
                    // A message at a field the editor does not show (should not happen).
                    if !unknown.is_empty() {
                        self.status.fail(unknown.iter().map(|fe| fe.message.as_str()).collect::<Vec<_>>().join(" "));
                    }
                    self.status.focus_summary();
                }
                Err(e) => self.status.fail(e.message()),
            }
        });
    }

    /// The package's key; `None` for a new package.
    pub fn key(self) -> Option<String> {
        self.fixed.with_value(|f| f.key.clone())
    }

    /// Reads the form (tracked).
    pub fn with_form<R>(self, f: impl FnOnce(&PackageForm) -> R) -> R {
        self.form.with(f)
    }

    /// A memo of one part of the form: an edit re-renders only what shows
    /// the changed part.
    pub fn select<T: Clone + PartialEq + Send + Sync + 'static>(self, get: impl Fn(&PackageForm) -> T + Send + Sync + 'static) -> Memo<T> {
        Memo::new(move |_| self.form.with(|f| get(f)))
    }

    /// The filter as far as the form can be read now.
    pub fn filter(self) -> Memo<PackageFilter> {
        self.select(PackageForm::filter)
    }

    /// Applies an edit to the form and marks the field as touched.
    pub fn edit(self, field: PackageField, apply: impl FnOnce(&mut PackageForm)) {
        self.form.update(apply);
        if self.touched.with_untracked(|t| !t.contains(&field)) {
            self.touched.update(|t| t.push(field));
        }
    }

    /// The message shown at `field`, if any.
    pub fn error_of(self, field: PackageField) -> Memo<Option<String>> {
        Memo::new(move |_| self.shown_errors.with(|es| es.iter().find(|e| e.field == field).map(|e| e.message.clone())))
    }

    /// Whether `field` shows a message (tracked).
    pub fn has_error(self, field: PackageField) -> bool {
        self.shown_errors.with(|es| es.iter().any(|e| e.field == field))
    }

    /// Every message shown, in the form's order.
    pub fn shown_errors(self) -> Memo<Vec<PackageFieldError>> {
        self.shown_errors
    }

    /// Whether the error summary is shown: after "Gem", while there are messages.
    pub fn summary_shown(self) -> bool {
        self.status.submitted() && !self.shown_errors.with(Vec::is_empty)
    }

    /// The error summary's element, focused when a save is refused.
    pub fn summary_ref(self) -> NodeRef<leptos::html::Div> {
        self.status.summary_ref()
    }

    /// "Gem": shows every message, or saves.
    pub fn submit(self) {
        if self.save.pending().get_untracked() {
            return;
        }
        self.status.start_submit();
        if !self.all_errors.get_untracked().is_empty() {
            self.status.focus_summary();
            return;
        }
        let Some(draft) = self.form.with_untracked(PackageForm::draft) else {
            self.status.focus_summary();
            return;
        };
        self.save.dispatch((self.key(), self.based_on.get_untracked(), draft));
    }

    /// "Gem som ny version oven på den nyeste": saves on top of `version`,
    /// from `fra` when given (the admin's "Gyldig fra" would be refused).
    pub fn save_on(self, version: i64, fra: Option<chrono::NaiveDate>) {
        if let Some(d) = fra {
            self.form.update(|f| f.gyldig_fra = crate::format::iso(d));
        }
        self.based_on.set(Some(version));
        self.status.clear_conflict();
        self.submit();
    }

    /// Whether a save is under way (tracked).
    pub fn pending(self) -> bool {
        self.save.pending().get()
    }

    /// "Kassér kladden og start forfra": back to the form as first opened.
    pub fn reset(self) {
        self.fixed.with_value(|f| {
            self.form.set(f.initial.clone());
            self.based_on.set(f.initial_based_on);
        });
        self.touched.set(Vec::new());
        self.server_errors.set(Vec::new());
        self.status.reset();
    }

    /// Forgets the draft kept in `sessionStorage` ("Annuller", or saved).
    pub fn discard_draft(self) {
        self.fixed.with_value(|f| storage::remove(&f.draft_key));
    }

    /// Whether the form came from a draft left in `sessionStorage` (tracked).
    pub fn restored(self) -> bool {
        self.status.restored()
    }

    /// Why the last save failed, when not at a field or a conflict (tracked).
    pub fn save_error(self) -> Option<String> {
        self.status.save_error()
    }

    /// The newest version after a save found that someone else saved in
    /// between (tracked).
    pub fn conflict(self) -> Option<PackageVersion> {
        self.status.conflict()
    }

    /// Why the newest version could not be fetched (tracked).
    pub fn conflict_error(self) -> Option<String> {
        self.status.conflict_error()
    }
}
