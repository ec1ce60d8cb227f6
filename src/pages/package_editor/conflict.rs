//! The editor's conflict view: the newest version of the package beside the
//! admin's edits (`components::version_conflict`), field by field.

use crate::components::version_conflict::{Difference, VersionConflict};
use crate::editor::form::{changes, PackageForm};
use crate::editor::Editor;
use crate::format;
use domain::model::Rolle;
use domain::wire::catalog::Catalog;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn ConflictView(editor: Editor, catalog: Arc<Catalog>, roles: Vec<Rolle>) -> impl IntoView {
    move || {
        editor.conflict().map(|newest| {
            let cat = catalog.clone();
            let roles = roles.clone();
            let version = newest.version;
            let newest_draft = newest.draft.clone();
            let differences = Signal::derive(move || {
                let mine = editor.with_form(PackageForm::draft_lenient);
                changes(&newest_draft, &mine, &cat, &roles)
                    .into_iter()
                    .map(|c| Difference { label: c.label.to_owned(), newest: c.before, mine: c.after })
                    .collect::<Vec<_>>()
            });
            view! {
                <VersionConflict
                    what="opgavepakken"
                    who=newest.oprettet_af.clone()
                    when=newest.oprettet.clone()
                    newest_fra=newest.draft.gyldig_fra
                    my_fra=Signal::derive(move || editor.with_form(|f| format::parse_iso(&f.gyldig_fra)))
                    differences
                    on_save=Callback::new(move |fra| editor.save_on(version, fra))
                />
            }
        })
    }
}
