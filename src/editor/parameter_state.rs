//! A system parameter editor's state as one `Copy` value, on the pattern of
//! the package editor's [`Editor`](crate::editor::Editor): the form, whether
//! "Gem" was pressed (then every message shows, live), the messages (the
//! form's own and the server's, each kept until its field changes), the
//! save with its `If-Match` version, the conflict when someone else saved
//! in between, and the unsaved draft kept in `sessionStorage` under the
//! page's URL ([`storage::draft_key`]).

use crate::api;
use crate::editor::parameter::{ParamError, ParamField, ParameterForm};
use crate::editor::save_state::SaveState;
use crate::routes;
use crate::storage;
use domain::codes::CONFLICT_STALE_VERSION;
use domain::intake::{ParameterDraft, ParameterKey, ParameterVersion};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde::{Deserialize, Serialize};

/// What is kept in `sessionStorage` while the editor has unsaved changes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredParameterDraft {
    pub form: ParameterForm,
    pub based_on: Option<i64>,
}

/// What a parameter editor starts from.
pub struct ParameterSetup {
    pub key: ParameterKey,
    /// The form before any edit (the newest version's value, or the default).
    pub initial: ParameterForm,
    /// The newest version's id (`If-Match`); `None` when there is none yet.
    pub based_on: Option<i64>,
    /// The catalogue's follow-up types (every subscription names one).
    pub followup_ids: Vec<u16>,
    /// The page's URL (path and query): where its draft is kept.
    pub page_url: String,
}

struct Fixed {
    key: ParameterKey,
    draft_key: String,
    initial: ParameterForm,
    initial_based_on: Option<i64>,
    followup_ids: Vec<u16>,
}

type SaveInput = (ParameterKey, Option<i64>, ParameterDraft);

#[derive(Clone, Copy)]
pub struct ParameterEditor {
    form: RwSignal<ParameterForm>,
    based_on: RwSignal<Option<i64>>,
    /// The server's messages, each with its field's value when it came.
    server_errors: RwSignal<Vec<(ParamError, String)>>,
    errors: Memo<Vec<ParamError>>,
    save: Action<SaveInput, api::Result<ParameterVersion>>,
    status: SaveState<ParameterVersion>,
    fixed: StoredValue<Fixed>,
}

impl ParameterEditor {
    /// The editor of `setup`, with the draft the admin left at this URL, if
    /// any. A save goes to the page's "saved" URL.
    pub fn new(setup: ParameterSetup) -> ParameterEditor {
        let ParameterSetup { key, initial, based_on: initial_based_on, followup_ids, page_url } = setup;
        let draft_key = storage::draft_key(&page_url);
        let stored: Option<StoredParameterDraft> = storage::read(&draft_key);
        let status = SaveState::new(stored.is_some());
        let (form0, based0) = match stored {
            Some(s) => (s.form, s.based_on.or(initial_based_on)),
            None => (initial.clone(), initial_based_on),
        };
        let form = RwSignal::new(form0);
        let server_errors = RwSignal::new(Vec::<(ParamError, String)>::new());
        let ids = followup_ids.clone();
        let errors = Memo::new(move |_| {
            let mut out = form.with(|f| f.errors(key, &ids));
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
        let save = Action::new_local(|input: &SaveInput| {
            let (key, based_on, draft) = input.clone();
            async move { api::create_parameter_version(key, based_on, &draft).await }
        });
        let editor = ParameterEditor {
            form,
            based_on: RwSignal::new(based0),
            server_errors,
            errors,
            save,
            status,
            fixed: StoredValue::new(Fixed { key, draft_key, initial, initial_based_on, followup_ids }),
        };
        editor.keep_draft();
        editor.on_saved();
        editor
    }

    /// Keeps the form in `sessionStorage` while it differs from the one first
    /// opened; merely opening the page, or undoing every edit, leaves no draft.
    fn keep_draft(self) {
        let (key, initial) = self.fixed.with_value(|f| (f.draft_key.clone(), f.initial.clone()));
        Effect::new(move |_| {
            let d = StoredParameterDraft { form: self.form.get(), based_on: self.based_on.get() };
            if d.form != initial {
                storage::write(&key, &d);
            } else {
                storage::remove(&key);
            }
        });
    }

    fn on_saved(self) {
        let navigate = use_navigate();
        Effect::new(move |_| {
            let Some(result) = self.save.value().get() else { return };
            match result {
                Ok(v) => {
                    self.discard_draft();
                    navigate(&routes::parameter_saved(self.key(), v.id), Default::default());
                }
                Err(e) if e.code() == Some(CONFLICT_STALE_VERSION) => {
                    self.status.load_conflict(api::parameter_versions(self.key()));
                }
                Err(e) if !e.fields().is_empty() => {
                    let key = self.key();
                    let list = self.form.with_untracked(|f| {
                        e.fields()
                            .iter()
                            .map(|fe| {
                                let pe = f.place(key, fe);
                                let value = f.field_value(pe.field);
                                (pe, value)
                            })
                            .collect()
                    });
                    self.server_errors.set(list);
                    self.status.focus_summary();
                }
                Err(e) => self.status.fail(e.message()),
            }
        });
    }

    pub fn key(self) -> ParameterKey {
        self.fixed.with_value(|f| f.key)
    }

    /// The catalogue's follow-up types.
    pub fn followup_ids(self) -> Vec<u16> {
        self.fixed.with_value(|f| f.followup_ids.clone())
    }

    /// Reads the form (tracked).
    pub fn with_form<R>(self, f: impl FnOnce(&ParameterForm) -> R) -> R {
        self.form.with(f)
    }

    /// A memo of one part of the form: an edit re-renders only what shows
    /// the changed part.
    pub fn select<T: Clone + PartialEq + Send + Sync + 'static>(
        self,
        get: impl Fn(&ParameterForm) -> T + Send + Sync + 'static,
    ) -> Memo<T> {
        Memo::new(move |_| self.form.with(|f| get(f)))
    }

    /// Applies an edit to the form.
    pub fn edit(self, apply: impl FnOnce(&mut ParameterForm)) {
        self.form.update(apply);
    }

    /// The messages shown: all of them after "Gem", none before.
    pub fn shown_errors(self) -> Memo<Vec<ParamError>> {
        let errors = self.errors;
        let status = self.status;
        Memo::new(move |_| if status.submitted() { errors.get() } else { Vec::new() })
    }

    /// The message shown at `field`, if any (tracked).
    pub fn error_of(self, field: ParamField) -> Signal<Option<String>> {
        let errors = self.errors;
        let status = self.status;
        Signal::derive(move || {
            if !status.submitted() {
                return None;
            }
            errors.with(|es| es.iter().find(|e| e.field == field).map(|e| e.message.clone()))
        })
    }

    /// Whether the error summary is shown: after "Gem", while there are messages.
    pub fn summary_shown(self) -> bool {
        self.status.submitted() && !self.errors.with(Vec::is_empty)
    }

    pub fn summary_ref(self) -> NodeRef<leptos::html::Div> {
        self.status.summary_ref()
    }

    /// "Gem": shows every message, or saves.
    pub fn submit(self) {
        if self.save.pending().get_untracked() {
            return;
        }
        self.status.start_submit();
        if !self.errors.get_untracked().is_empty() {
            self.status.focus_summary();
            return;
        }
        let ids = self.followup_ids();
        let Some(draft) = self.form.with_untracked(|f| f.draft(&ids)) else {
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

    /// "Kassér kladden og start forfra".
    pub fn reset(self) {
        self.fixed.with_value(|f| {
            self.form.set(f.initial.clone());
            self.based_on.set(f.initial_based_on);
        });
        self.server_errors.set(Vec::new());
        self.status.reset();
        self.discard_draft();
    }

    /// Forgets the draft kept in `sessionStorage`.
    pub fn discard_draft(self) {
        self.fixed.with_value(|f| storage::remove(&f.draft_key));
    }

    /// Around the save: the draft restored, the save's failure, the conflict.
    pub fn status(self) -> SaveState<ParameterVersion> {
        self.status
    }
}
