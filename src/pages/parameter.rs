//! `/systemadministration/parameter/{noegle}`: one system parameter that
//! intake reads ("Formular dokumentkategori mapning", "Indstillinger for
//! automatisk sagsbehandling", "Hændelsesabonnement", "Formuegrænse"): its
//! versions (period, value, Ændringsårsag, who and when) and an editor for
//! a new version, temporal exactly like a package's: the domain's
//! `check_value` at the fields and in an error summary, `If-Match` on the
//! save and the conflict view when someone else saved in between, the
//! unsaved form kept in `sessionStorage`. `?tidspunkt=` marks the version
//! valid that day; `?gemt=` announces the version just saved.

use crate::api;
use crate::components::dkfds::choice::{described_by, CheckboxGroup, Choice, FieldGroup};
use crate::components::dkfds::error_summary::{focus_field, ErrorSummary, SummaryItem};
use crate::components::version_conflict::{Difference, VersionConflict};
use crate::components::version_fields::{VersionField, VersionFields, VersionValues};
use crate::components::{Alert, AlertKind, ErrorAlert, FieldError, Loading, NoAdminAccess, Page};
use crate::editor::parameter::{describe, differences, ParamField, ParameterForm, RowColumn, RowForm, ValueForm};
use crate::editor::parameter_state::{ParameterEditor, ParameterSetup};
use crate::format;
use crate::routes;
use crate::session::use_session;
use domain::intake::events::EVENT_FOLLOWUP_TYPES;
use domain::intake::{check_value, ParameterKey, ParameterValue, ParameterVersion, SystemParameters};
use domain::wire::catalog::Catalog;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};
use std::sync::Arc;

#[component]
pub fn ParameterPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    move || {
        if !use_session().is_admin() {
            return view! { <NoAdminAccess/> }.into_any();
        }
        let segment = params.with(|p| p.get(routes::KEY_PARAM)).unwrap_or_default();
        let Some(key) = routes::parameter_key(&segment) else {
            return view! { <crate::components::not_found::NotFoundPage/> }.into_any();
        };
        // A save navigates to `?gemt=ID`: everything is fetched anew.
        let saved = query.with(|q| q.get(routes::SAVED_PARAM)).and_then(|v| v.parse::<i64>().ok());
        let at = query.with(|q| q.get(routes::AT_PARAM)).and_then(|s| format::parse_iso(&s));
        view! { <Parameter key saved at/> }.into_any()
    }
}

/// What the parameter decides, shown under the page's heading.
fn purpose(key: ParameterKey) -> &'static str {
    match key {
        ParameterKey::FormularDokumentkategoriMapning => {
            "Hvilket navn og hvilken dokumentkategori et dokument fra selvbetjeningen får, når det lægges på en sag. Formularen er dokumentets navn fra selvbetjeningen, fx »ansøgning«."
        }
        ParameterKey::AutomatiskSagsbehandling => {
            "For hvilke sagstyper en ansøgning fra selvbetjeningen behandles automatisk. En opgave under automatisk sagsbehandling er ikke i nogen opgavepakke, før den falder ud til manuel behandling."
        }
        ParameterKey::Haendelsesabonnement => {
            "Hvilke opfølgningsopgaver hændelser fra andre systemer (fx ny formue fra Udbetaling Danmark) må oprette. En opfølgningstype uden flueben oprettes ikke."
        }
        ParameterKey::Formuegraense => {
            "Den formuegrænse, som en ny formue sammenlignes med, når der vurderes, om opfølgningen »Formue har krydset formuegrænsen« skal oprettes."
        }
    }
}

#[component]
fn Parameter(key: ParameterKey, saved: Option<i64>, at: Option<chrono::NaiveDate>) -> impl IntoView {
    let versions = LocalResource::new(move || api::parameter_versions(key));
    let catalog = LocalResource::new(api::catalog);
    let location = use_location();
    // The draft belongs to the page without its query (`?gemt=` comes and goes).
    let page_url = location.pathname.get_untracked();
    let shown = PageShows { saved_alert: RwSignal::new(true), versions: RwSignal::new(None) };
    provide_context(shown);
    view! {
        <Page title=format!("Systemparameter: {}", key.label())>
            <p class="parameter-purpose">{purpose(key)}</p>
            <p>
                <a class="function-link" href=routes::ADMIN>"Tilbage til Systemparameter – Søgning"</a>
            </p>
            <Suspense fallback=|| view! { <Loading text="Henter systemparameterens versioner …"/> }>
                {move || {
                    let page_url = page_url.clone();
                    Suspend::new(async move {
                        let versions = match versions.await {
                            Ok(v) => v,
                            Err(e) => return view! { <ErrorAlert message=e.message() heading="Systemparameteren kunne ikke hentes"/> }.into_any(),
                        };
                        let catalog = match catalog.await {
                            Ok(c) => Arc::new(c),
                            Err(e) => return view! { <ErrorAlert message=e.message() heading="Kataloget kunne ikke hentes"/> }.into_any(),
                        };
                        let listed = versions.clone();
                        let saved = saved.filter(|id| versions.iter().any(|v| v.id == *id));
                        let list = Signal::derive(move || shown.versions.get().unwrap_or_else(|| listed.clone()));
                        view! {
                            <Show when=move || shown.saved_alert.get()>
                                <SavedAlert saved/>
                            </Show>
                            {let catalog = catalog.clone(); move || view! { <Versions key versions=list.get() catalog=catalog.clone() at/> }}
                            <EditorView key versions catalog page_url/>
                        }
                        .into_any()
                    })
                }}
            </Suspense>
        </Page>
    }
}

/// What the page shows above the editor, as the editor moves on (context):
/// "Systemparameteren er gemt" until the next "Gem", and the versions as
/// a conflict found them (someone saved in between).
#[derive(Clone, Copy)]
struct PageShows {
    saved_alert: RwSignal<bool>,
    versions: RwSignal<Option<Vec<ParameterVersion>>>,
}

/// "Systemparameteren er gemt", focused so the admin hears it.
#[component]
fn SavedAlert(saved: Option<i64>) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            let _ = el.focus();
        }
    });
    saved.map(|_| {
        view! {
            <div tabindex="-1" node_ref=node class="saved-focus">
                <Alert kind=AlertKind::Success heading="Systemparameteren er gemt">
                    <p>"Den nye version står øverst i listen over versioner."</p>
                </Alert>
            </div>
        }
    })
}

/// Every version, newest first; the one valid on `at` (or today) marked.
#[component]
fn Versions(key: ParameterKey, versions: Vec<ParameterVersion>, catalog: Arc<Catalog>, at: Option<chrono::NaiveDate>) -> impl IntoView {
    let day = at.unwrap_or_else(format::today);
    let valid_id = versions.iter().find(|v| v.draft.gyldig_fra <= day && v.draft.gyldig_til.is_none_or(|t| t >= day)).map(|v| v.id);
    let count = versions.len();
    let body = if versions.is_empty() {
        let default = describe(&SystemParameters::default().value(key), &catalog);
        view! {
            <Alert kind=AlertKind::Info>
                <p>"Der er ingen versioner endnu. Indtil der gemmes en, gælder standardværdien: " {default}</p>
            </Alert>
        }
        .into_any()
    } else {
        let versions_word = if count == 1 { "version" } else { "versioner" };
        let caption = match valid_id {
            Some(_) => format!("{count} {versions_word} af {}; den gyldige pr. {} er markeret", key.label(), format::date(day)),
            None => format!("{count} {versions_word} af {}; ingen gælder pr. {}", key.label(), format::date(day)),
        };
        // No version valid that day: the default applies, and the page says which.
        let default_note = valid_id.is_none().then(|| {
            let default = describe(&SystemParameters::default().value(key), &catalog);
            view! {
                <Alert kind=AlertKind::Info>
                    <p>{format!("Ingen version gælder pr. {}, så standardværdien gælder: ", format::date(day))} {default}</p>
                </Alert>
            }
        });
        view! {
            {default_note}
            <div class="table--responsive-scroll" role="region" aria-label=caption.clone() tabindex="0">
                <table class="table table--compact table--zebra parameter-versions">
                    <caption>{caption.clone()}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Version"</th>
                            <th scope="col">"Gyldig fra"</th>
                            <th scope="col">"Gyldig til"</th>
                            <th scope="col">"Værdi"</th>
                            <th scope="col">"Ændringsårsag"</th>
                            <th scope="col">"Oprettet af"</th>
                            <th scope="col">"Oprettet"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {versions
                            .iter()
                            .enumerate()
                            .map(|(i, v)| {
                                let valid = Some(v.id) == valid_id;
                                let reason = if v.draft.aendringsaarsag.trim().is_empty() { "–".to_owned() } else { v.draft.aendringsaarsag.clone() };
                                view! {
                                    <tr class:version-valid=valid>
                                        <th scope="row" class="nowrap">
                                            {format!("{}", count - i)}
                                            {valid.then(|| view! { " " <span class="badge badge-success">{format!("Gyldig pr. {}", format::date(day))}</span> })}
                                        </th>
                                        <td class="nowrap">{format::date(v.draft.gyldig_fra)}</td>
                                        <td class="nowrap">{format::date_or_dash(v.draft.gyldig_til)}</td>
                                        <td>{describe(&v.draft.value, &catalog)}</td>
                                        <td>{reason}</td>
                                        <td>{v.oprettet_af.clone()}</td>
                                        <td class="nowrap">{format::timestamp(&v.oprettet)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="versioner-overskrift">
            <h2 id="versioner-overskrift">"Versioner"</h2>
            {body}
        </section>
    }
}

#[component]
fn EditorView(key: ParameterKey, versions: Vec<ParameterVersion>, catalog: Arc<Catalog>, page_url: String) -> impl IntoView {
    let followup_ids: Vec<u16> = catalog.opfoelgningstyper.iter().map(|e| e.id).collect();
    let newest = versions.first().cloned();
    let today = format::today();
    let initial = match &newest {
        // A new version starts after the newest one (the server's rule), at the earliest tomorrow.
        Some(v) => {
            let from = domain::danish_time::proposed_start_of_new_version(today, v.draft.gyldig_fra);
            ParameterForm::new(&v.draft.value, &followup_ids, from, v.draft.gyldig_til)
        }
        None => ParameterForm::new(&SystemParameters::default().value(key), &followup_ids, today, None),
    };
    let ed = ParameterEditor::new(ParameterSetup { key, initial, based_on: newest.as_ref().map(|v| v.id), followup_ids, page_url });
    if let Some(shown) = use_context::<PageShows>() {
        Effect::new(move |_| {
            if ed.status().submitted() {
                shown.saved_alert.set(false);
            }
            if let Some(list) = ed.status().versions_after_conflict() {
                shown.versions.set(Some(list));
            }
        });
    }
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        ed.submit();
    };
    let shown = ed.shown_errors();
    let summary_items = Signal::derive(move || {
        shown
            .get()
            .into_iter()
            .map(|e| SummaryItem { dom_id: e.field.dom_id(), label: field_label(key, e.field, ed), message: e.message })
            .collect::<Vec<_>>()
    });
    let text = move |get: fn(&ParameterForm) -> &String| Signal::from(ed.select(move |f| get(f).clone()));

    view! {
        <section class="parameter-editor" aria-labelledby="ny-version-overskrift">
            <h2 id="ny-version-overskrift">"Ny version"</h2>
            {move || ed.status().restored().then(move || view! {
                <Alert kind=AlertKind::Info heading="Din kladde er hentet frem">
                    <p>"Du har ikke gemt dine ændringer endnu. De står, som du forlod dem."</p>
                    <button class="button button-secondary" type="button" on:click=move |_| ed.reset()>"Kassér kladden og start forfra"</button>
                </Alert>
            })}
            {move || ed.status().save_error().map(|m| view! { <ErrorAlert message=m heading="Systemparameteren blev ikke gemt"/> })}
            {move || ed.status().conflict_error().map(|m| view! { <ErrorAlert message=m heading="Den nyeste version kunne ikke hentes"/> })}
            <Conflict editor=ed catalog=catalog.clone()/>
            <ErrorSummary
                heading="Systemparameteren kan ikke gemmes endnu"
                shown=Signal::derive(move || ed.summary_shown())
                items=summary_items
                node_ref=ed.summary_ref()
            />
            <form class="editor-form" novalidate on:submit=on_submit aria-labelledby="ny-version-overskrift">
                <p class="form-hint">"Felter markeret med * skal udfyldes."</p>
                <ValueFields editor=ed catalog=catalog.clone()/>
                <VersionFields
                    reason_hint="En kommentar til, hvorfor systemparameteren ændres."
                    reason_required=true
                    values=VersionValues {
                        aendringsaarsag: text(|f| &f.aendringsaarsag),
                        gyldig_fra: text(|f| &f.gyldig_fra),
                        gyldig_til: text(|f| &f.gyldig_til),
                        errors: [ParamField::Aendringsaarsag, ParamField::GyldigFra, ParamField::GyldigTil].map(|f| ed.error_of(f)),
                    }
                    on_input=Callback::new(move |(field, v): (VersionField, String)| {
                        ed.edit(|f| match field {
                            VersionField::Aendringsaarsag => f.aendringsaarsag = v,
                            VersionField::GyldigFra => f.gyldig_fra = v,
                            VersionField::GyldigTil => f.gyldig_til = v,
                        })
                    })
                />
                <div class="form-actions">
                    <button class="button button-primary" type="submit" aria-disabled=move || ed.pending().then_some("true")>
                        {move || if ed.pending() { "Gemmer …" } else { "Gem ny version" }}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// The label of a field in the error summary.
fn field_label(key: ParameterKey, field: ParamField, ed: ParameterEditor) -> String {
    match field {
        ParamField::Vaerdi => value_legend(key).to_owned(),
        ParamField::Row(id, column) => {
            let n = ed.with_form(|f| f.value.rows().iter().position(|r| r.id == id)).map_or(0, |i| i + 1);
            format!("{}, række {n}", column.label())
        }
        ParamField::Aendringsaarsag => "Ændringsårsag".to_owned(),
        ParamField::GyldigFra => "Gyldig fra".to_owned(),
        ParamField::GyldigTil => "Gyldig til".to_owned(),
    }
}

/// The legend or label of the value's own field.
fn value_legend(key: ParameterKey) -> &'static str {
    match key {
        ParameterKey::FormularDokumentkategoriMapning => "Formular dokumentkategori mapning",
        ParameterKey::AutomatiskSagsbehandling => "Sagstyper med automatisk sagsbehandling",
        ParameterKey::Haendelsesabonnement => "Opfølgningstyper, som hændelser må oprette",
        ParameterKey::Formuegraense => "Formuegrænse (kr.)",
    }
}

/// The value's own fields, fit for its kind.
#[component]
pub fn ValueFields(editor: ParameterEditor, catalog: Arc<Catalog>) -> impl IntoView {
    let ed = editor;
    let key = ed.key();
    let error = ed.error_of(ParamField::Vaerdi);
    match key {
        ParameterKey::FormularDokumentkategoriMapning => view! { <MappingTable editor=ed catalog/> }.into_any(),
        ParameterKey::AutomatiskSagsbehandling | ParameterKey::Haendelsesabonnement => {
            let (list, hint) = if key == ParameterKey::AutomatiskSagsbehandling {
                (
                    &catalog.sagstyper,
                    "Sæt flueben ved de sagstyper, hvor ansøgninger skal behandles automatisk. Ingen flueben: al behandling er manuel.",
                )
            } else {
                (
                    &catalog.opfoelgningstyper,
                    "Sæt flueben ved de opfølgningstyper, der skal oprettes, når en hændelse giver anledning til det.",
                )
            };
            // Only the sagstyper the domain allows automatic processing for
            // (no application starts a Henvendelsessag), and only the
            // follow-up types events create. The other types keep their
            // saved state: the form holds every type, the page shows these.
            let allowed = |id: u16| match key {
                ParameterKey::AutomatiskSagsbehandling => check_value(&ParameterValue::AutomatiskSagsbehandling(vec![id])).is_ok(),
                _ => EVENT_FOLLOWUP_TYPES.contains(&id),
            };
            let options: Vec<Choice> =
                list.iter().filter(|e| allowed(e.id)).map(|e| Choice::new(i64::from(e.id), e.navn.clone())).collect();
            let selected = ed.select(|f| f.value.checked().iter().map(|&id| i64::from(id)).collect::<Vec<_>>());
            let on_toggle = Callback::new(move |(id, on): (i64, bool)| ed.edit(|f| f.value.toggle(id as u16, on)));
            view! { <CheckboxGroup field="vaerdi" legend=value_legend(key) hint options selected on_toggle error/> }.into_any()
        }
        ParameterKey::Formuegraense => {
            let value = ed.select(|f| match &f.value {
                ValueForm::Formuegraense(t) => t.clone(),
                _ => String::new(),
            });
            view! {
                <FieldGroup field="vaerdi" label=value_legend(key) required=true hint="Beløbet i kroner med komma før ørerne, fx 94.800,00." error>
                    <input
                        class="form-input input-width-s"
                        id=ParamField::Vaerdi.dom_id()
                        type="text"
                        inputmode="decimal"
                        autocomplete="off"
                        required
                        aria-invalid=move || error.with(Option::is_some).then_some("true")
                        aria-describedby=move || described_by("vaerdi", true, error.with(Option::is_some))
                        prop:value=move || value.get()
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            ed.edit(|f| f.value = ValueForm::Formuegraense(v))
                        }
                    />
                </FieldGroup>
            }
            .into_any()
        }
    }
}

/// "Formular dokumentkategori mapning" as a table of rows: formular, navn,
/// kategori (the catalogue's document categories), with add and remove.
#[component]
fn MappingTable(editor: ParameterEditor, catalog: Arc<Catalog>) -> impl IntoView {
    let ed = editor;
    let ids = ed.select(|f| f.value.rows().iter().map(|r| r.id).collect::<Vec<_>>());
    let error = ed.error_of(ParamField::Vaerdi);
    let add = move |_| {
        let mut new_id = None;
        ed.edit(|f| new_id = f.value.add_row());
        if let Some(id) = new_id {
            request_animation_frame(move || focus_field(&ParamField::Row(id, RowColumn::Formular).dom_id()));
        }
    };
    view! {
        <div class="form-group mapping" class:form-error=move || error.with(Option::is_some) id=ParamField::Vaerdi.dom_id()>
            <p class="form-label" id="mapning-overskrift">{value_legend(ParameterKey::FormularDokumentkategoriMapning)}</p>
            <span class="form-hint" id="felt-vaerdi-hjaelp">
                "Formularen er dokumentets navn fra selvbetjeningen (uden filtype), fx »ansøgning«. Navn og kategori er dem, dokumentet får på sagen."
            </span>
            {move || error.get().map(|m| view! { <FieldError id=ParamField::Vaerdi.error_id() message=m/> })}
            <div class="table--responsive-scroll" role="region" aria-labelledby="mapning-overskrift" tabindex="0">
                <table class="table table--compact mapping-table" aria-describedby="felt-vaerdi-hjaelp">
                    <caption class="sr-only">"Formular dokumentkategori mapning: en række pr. formular"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Formular"</th>
                            <th scope="col">"Navn"</th>
                            <th scope="col">"Kategori"</th>
                            <th scope="col"><span class="sr-only">"Handling"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || ids.get() key=|id| *id let:id>
                            <MappingRowView editor=ed catalog=catalog.clone() id/>
                        </For>
                    </tbody>
                </table>
            </div>
            {move || ids.with(Vec::is_empty).then(|| view! { <p>"Der er ingen rækker. Dokumenter beholder så deres navn og får ingen kategori."</p> })}
            <button class="button button-secondary" type="button" id="tilfoej-raekke" on:click=add>"Tilføj række"</button>
        </div>
    }
}

#[component]
fn MappingRowView(editor: ParameterEditor, catalog: Arc<Catalog>, id: u32) -> impl IntoView {
    let ed = editor;
    let row = ed.select(move |f| f.value.rows().iter().find(|r| r.id == id).cloned());
    let number = ed.select(move |f| f.value.rows().iter().position(|r| r.id == id).map_or(0, |i| i + 1));
    let cell = move |column: RowColumn| {
        let field = ParamField::Row(id, column);
        let error = ed.error_of(field);
        let label = move || format!("{}, række {}", column.label(), number.get());
        (field, error, label)
    };
    let text_cell = move |column: RowColumn, get: fn(&RowForm) -> String, set: fn(&mut RowForm, String)| {
        let (field, error, label) = cell(column);
        view! {
            <td class:form-error=move || error.with(Option::is_some)>
                <input
                    class="form-input"
                    type="text"
                    id=field.dom_id()
                    autocomplete="off"
                    aria-label=label
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    aria-describedby=move || error.with(Option::is_some).then(|| field.error_id())
                    prop:value=move || row.with(|r| r.as_ref().map(get).unwrap_or_default())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        ed.edit(|f| {
                            if let Some(r) = f.value.row_mut(id) {
                                set(r, v)
                            }
                        })
                    }
                />
                {move || error.get().map(|m| view! { <FieldError id=field.error_id() message=m/> })}
            </td>
        }
    };
    let (kat_field, kat_error, kat_label) = cell(RowColumn::Kategori);
    let categories = catalog.dokumentkategorier.clone();
    let remove_label = move || {
        let name = row.with(|r| r.as_ref().map(|r| r.formular.trim().to_owned()).unwrap_or_default());
        if name.is_empty() {
            format!(" række {}", number.get())
        } else {
            format!(" række {} ({name})", number.get())
        }
    };
    view! {
        <tr>
            {text_cell(RowColumn::Formular, |r| r.formular.clone(), |r, v| r.formular = v)}
            {text_cell(RowColumn::Navn, |r| r.navn.clone(), |r, v| r.navn = v)}
            <td class:form-error=move || kat_error.with(Option::is_some)>
                <select
                    class="form-select"
                    id=kat_field.dom_id()
                    aria-label=kat_label
                    aria-invalid=move || kat_error.with(Option::is_some).then_some("true")
                    aria-describedby=move || kat_error.with(Option::is_some).then(|| kat_field.error_id())
                    on:change=move |ev| {
                        let v = event_target_value(&ev).parse::<u16>().ok();
                        ed.edit(|f| {
                            if let Some(r) = f.value.row_mut(id) {
                                r.kategori = v
                            }
                        })
                    }
                >
                    <option value="" selected=move || row.with(|r| r.as_ref().is_none_or(|r| r.kategori.is_none()))>"Vælg kategori"</option>
                    {categories
                        .into_iter()
                        .map(|c| {
                            let cid = c.id;
                            view! {
                                <option value=cid.to_string() selected=move || row.with(|r| r.as_ref().and_then(|r| r.kategori) == Some(cid))>
                                    {c.navn}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                {move || kat_error.get().map(|m| view! { <FieldError id=kat_field.error_id() message=m/> })}
            </td>
            <td>
                <button
                    class="button button-secondary"
                    type="button"
                    on:click=move |_| {
                        ed.edit(|f| f.value.remove_row(id));
                        request_animation_frame(|| focus_field("tilfoej-raekke"));
                    }
                >
                    "Fjern" <span class="sr-only">{remove_label}</span>
                </button>
            </td>
        </tr>
    }
}

/// The conflict view: the newest version's value and period beside the
/// admin's, which are kept.
#[component]
fn Conflict(editor: ParameterEditor, catalog: Arc<Catalog>) -> impl IntoView {
    let ed = editor;
    move || {
        ed.status().conflict().map(|newest| {
            let cat = catalog.clone();
            let version = newest.id;
            let theirs = newest.draft.clone();
            let ids = ed.followup_ids();
            let differences = Signal::derive(move || {
                ed.with_form(|f| differences(&theirs, f, &cat, &ids))
                    .into_iter()
                    .map(|(label, newest, mine)| Difference { label: label.to_owned(), newest, mine })
                    .collect::<Vec<_>>()
            });
            view! {
                <VersionConflict
                    what="systemparameteren"
                    who=newest.oprettet_af.clone()
                    when=newest.oprettet.clone()
                    newest_fra=newest.draft.gyldig_fra
                    my_fra=Signal::derive(move || ed.with_form(|f| format::parse_iso(&f.gyldig_fra)))
                    differences
                    on_save=Callback::new(move |fra| ed.save_on(version, fra))
                />
            }
        })
    }
}
