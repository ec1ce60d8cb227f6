//! The editor's conflict view: a save of a new version named the version it
//! was based on (`If-Match`) and the server answered 409 because someone
//! else saved in between. It shows the newest version beside the admin's
//! edits, which are kept, and saves on top of the newest.

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
            let who = newest.oprettet_af.clone();
            let when = format::timestamp(&newest.oprettet);
            let newest_draft = newest.draft.clone();
            let newest_fra = newest.draft.gyldig_fra;
            view! {
                <div class="alert alert-warning conflict" role="alert">
                    <div class="alert-body">
                        <p class="alert-heading">"En anden har gemt en nyere version af opgavepakken"</p>
                        <div class="alert-text">
                            <p>
                                {who} " gemte en ny version " {when}
                                ", efter du åbnede opgavepakken. Dine indtastninger er bevaret. Sammenlign herunder, ret felterne, hvis det er nødvendigt, og gem din ændring som ny version oven på den nyeste."
                            </p>
                            {move || {
                                let fra_ok = editor.with_form(|f| format::parse_iso(&f.gyldig_fra)).is_none_or(|d| d > newest_fra);
                                (!fra_ok).then(|| view! {
                                    <p>
                                        <strong>"Gyldig fra skal rettes: "</strong>
                                        "en ny version skal gælde fra en dato efter den nyeste versions gyldig fra ("
                                        {format::date(newest_fra)} ")."
                                    </p>
                                })
                            }}
                            {move || {
                                let mine = editor.with_form(PackageForm::draft_lenient);
                                let diff = changes(&newest_draft, &mine, &cat, &roles);
                                if diff.is_empty() {
                                    view! { <p>"Din ændring er magen til den nyeste version."</p> }.into_any()
                                } else {
                                    view! {
                                        <dl class="conflict-diff">
                                            {diff.into_iter().map(|c| view! {
                                                <dt>{c.label}</dt>
                                                <dd>"Nyeste version: " {c.before}</dd>
                                                <dd>"Din ændring: " {c.after}</dd>
                                            }).collect_view()}
                                        </dl>
                                    }
                                    .into_any()
                                }
                            }}
                            <button class="button button-primary" type="button" on:click=move |_| editor.save_on(version)>
                                "Gem som ny version oven på den nyeste"
                            </button>
                        </div>
                    </div>
                </div>
            }
        })
    }
}
