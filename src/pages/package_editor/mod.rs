//! "Opret/rediger systemparameter" for an Opgavepakke:
//! `/systemadministration/opgavepakke/ny[?skabelon=ID]` creates a package,
//! `/systemadministration/opgavepakke/{key}` makes a new version of one.
//!
//! Every field of a package (`docs/domain.md`, "Task packages"; KP and KY). The form is validated with the
//! domain's rules on every edit; a field shows its message once it has been
//! touched, all fields do after "Gem", with an error summary on top. The
//! unsaved form lives in `sessionStorage` under the editor's URL, so going
//! to "Administrer roller" and back keeps it. Beside the form: the live
//! "Afprøv opgavepakke". A save of a new version names the version it was
//! based on (`If-Match`); when someone else saved in between, the editor
//! shows the newest version beside the admin's edits and keeps them.

mod conflict;
mod error_summary;

use crate::api;
use crate::components::dkfds::choice::{described_by, CheckboxGroup, Choice, FieldGroup, RadioGroup};
use crate::components::preview_panel::PreviewPanel;
use crate::components::task_type_picker::TaskTypePicker;
use crate::components::version_fields::{VersionField, VersionFields, VersionValues};
use crate::components::{Alert, AlertKind, ErrorAlert, Loading, NoAdminAccess, Page};
use crate::editor::{Editor, EditorSetup, PackageForm};
use crate::format;
use crate::routes;
use crate::session::use_session;
use conflict::ConflictView;
use domain::model::{Kilde, Rolle};
use domain::package::{cpr_interval_holds_no_day, Beloebsgodkendelse, PackageField, RelationValg, Sagsudsoegning};
use domain::wire::catalog::Catalog;
use domain::PackageVersion;
use error_summary::ErrorSummary;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};
use std::sync::Arc;

/// `/systemadministration/opgavepakke/ny`
#[component]
pub fn PackageNewPage() -> impl IntoView {
    view! { <EditorGate key=None/> }
}

/// `/systemadministration/opgavepakke/{key}`
#[component]
pub fn PackageEditPage() -> impl IntoView {
    let params = use_params_map();
    move || {
        let key = params.with(|p| p.get(routes::KEY_PARAM)).unwrap_or_default();
        view! { <EditorGate key=Some(key)/> }
    }
}

#[component]
fn EditorGate(key: Option<String>) -> impl IntoView {
    if !use_session().is_admin() {
        return view! { <NoAdminAccess/> }.into_any();
    }
    view! { <EditorLoader key/> }.into_any()
}

#[component]
fn EditorLoader(key: Option<String>) -> impl IntoView {
    let title = match &key {
        None => "Opret systemparameter: Opgavepakke".to_owned(),
        Some(k) => format!("Rediger systemparameter: Opgavepakke {k}"),
    };
    let location = use_location();
    // The router's `search` has no leading `?`.
    let search = location.search.get_untracked();
    let editor_url =
        if search.is_empty() { location.pathname.get_untracked() } else { format!("{}?{search}", location.pathname.get_untracked()) };
    let template_id = use_query_map().with_untracked(|q| q.get(routes::TEMPLATE_PARAM));

    let catalog = LocalResource::new(api::catalog);
    let roles = LocalResource::new(api::roles);
    let today = format::today();
    let others = LocalResource::new(move || api::packages_at(today));
    let versions_key = key.clone();
    let versions = LocalResource::new(move || {
        let k = versions_key.clone();
        async move {
            match k {
                Some(k) => api::package_versions(&k).await.map(Some),
                None => Ok(None),
            }
        }
    });

    view! {
        <Page title=title.clone()>
            <Suspense fallback=|| view! { <Loading text="Henter opgavepakken og kataloget …"/> }>
                {move || {
                    let key = key.clone();
                    let editor_url = editor_url.clone();
                    let template_id = template_id.clone();
                    Suspend::new(async move {
                        let catalog = match catalog.await {
                            Ok(c) => Arc::new(c),
                            Err(e) => return view! { <ErrorAlert message=e.message() heading="Kataloget kunne ikke hentes"/> }.into_any(),
                        };
                        let roles = match roles.await {
                            Ok(r) => r,
                            Err(e) => return view! { <ErrorAlert message=e.message() heading="Rollerne kunne ikke hentes"/> }.into_any(),
                        };
                        let base = match versions.await {
                            Ok(Some(list)) => match list.into_iter().next() {
                                Some(v) => Some(v),
                                None => return view! { <ErrorAlert message="Opgavepakken har ingen versioner." heading="Opgavepakken findes ikke"/> }.into_any(),
                            },
                            Ok(None) => None,
                            Err(e) => return view! { <ErrorAlert message=e.message() heading="Opgavepakken kunne ikke hentes"/> }.into_any(),
                        };
                        // Only for the early warning about a name in use; the server checks anyway.
                        let others = others.await.unwrap_or_default();
                        let mut template_missing = false;
                        let initial = match (&base, &template_id) {
                            // A new version starts after the newest one (the server's rule), at the earliest tomorrow.
                            (Some(v), _) => PackageForm::from_version(
                                v,
                                domain::danish_time::proposed_start_of_new_version(format::today(), v.draft.gyldig_fra),
                            ),
                            (None, Some(id)) => match catalog.skabeloner.iter().find(|t| &t.id == id) {
                                Some(t) => PackageForm::from_template(t, format::today()),
                                None => {
                                    template_missing = true;
                                    PackageForm::new(format::today())
                                }
                            },
                            (None, None) => PackageForm::new(format::today()),
                        };
                        view! {
                            {template_missing.then(|| view! {
                                <Alert kind=AlertKind::Warning>
                                    <p>"Skabelonen findes ikke. Du starter med en tom opgavepakke."</p>
                                </Alert>
                            })}
                            <EditorView key catalog roles base initial others editor_url/>
                        }
                        .into_any()
                    })
                }}
            </Suspense>
        </Page>
    }
}

fn toggle<T: PartialEq + Copy>(list: &mut Vec<T>, value: T, on: bool) {
    list.retain(|v| *v != value);
    if on {
        list.push(value);
    }
}

/// A radio group's options in order; an option's key is its position + 1
/// (the `value` of its radio button).
const RELATIONS: &[RelationValg] = &[RelationValg::Kommune, RelationValg::Person, RelationValg::Begge];
const AMOUNTS: &[Beloebsgodkendelse] = &[Beloebsgodkendelse::Begge, Beloebsgodkendelse::Kun, Beloebsgodkendelse::Ikke];
const SEARCHES: &[Sagsudsoegning] = &[Sagsudsoegning::Haendelse, Sagsudsoegning::Person];

fn key_of<T: PartialEq>(options: &[T], value: &T) -> i64 {
    options.iter().position(|o| o == value).map_or(0, |i| i as i64 + 1)
}

fn option_of<T: Copy>(options: &[T], key: i64) -> Option<T> {
    usize::try_from(key - 1).ok().and_then(|i| options.get(i).copied())
}

/// The editor's markup over its [`Editor`] state.
#[component]
fn EditorView(
    key: Option<String>,
    catalog: Arc<Catalog>,
    roles: Vec<Rolle>,
    base: Option<PackageVersion>,
    initial: PackageForm,
    others: Vec<PackageVersion>,
    editor_url: String,
) -> impl IntoView {
    use PackageField as F;
    let roles_url = routes::roles_from(&editor_url);
    let ed = Editor::new(EditorSetup {
        key: key.clone(),
        initial,
        based_on: base.as_ref().map(|v| v.version),
        role_ids: roles.iter().map(|r| r.id).collect(),
        others,
        editor_url,
    });
    let filter = ed.filter();
    // The CPR interval as the filter reads it holds no CPR number.
    let no_cpr_day = Memo::new(move |_| filter.with(|f| cpr_interval_holds_no_day(f.cpr_fra, f.cpr_til)));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        ed.submit();
    };
    let key_label = key.clone().unwrap_or_else(|| "Tildeles ved gem".to_owned());

    let multi = move |field: PackageField, get: fn(&PackageForm) -> &Vec<u16>, set: fn(&mut PackageForm) -> &mut Vec<u16>| {
        let selected = ed.select(move |f| get(f).iter().map(|&x| i64::from(x)).collect::<Vec<_>>());
        let on_toggle = Callback::new(move |(k, on): (i64, bool)| ed.edit(field, |f| toggle(set(f), k as u16, on)));
        (selected, on_toggle)
    };
    let entries = |list: &[domain::wire::catalog::CatalogEntry]| {
        list.iter().map(|e| Choice::new(i64::from(e.id), e.navn.clone())).collect::<Vec<_>>()
    };

    let (tt_sel, tt_toggle) = multi(F::Opgavetyper, |f| &f.opgavetyper, |f| &mut f.opgavetyper);
    let (fu_sel, fu_toggle) = multi(F::Opfoelgningstyper, |f| &f.opfoelgningstyper, |f| &mut f.opfoelgningstyper);
    let (st_sel, st_toggle) = multi(F::Sagstyper, |f| &f.sagstyper, |f| &mut f.sagstyper);
    let (pt_sel, pt_toggle) = multi(F::Pensionstyper, |f| &f.pensionstyper, |f| &mut f.pensionstyper);
    let (en_sel, en_toggle) = multi(F::Enheder, |f| &f.enheder, |f| &mut f.enheder);
    let (yd_sel, yd_toggle) = multi(F::Ydelser, |f| &f.ydelser, |f| &mut f.ydelser);
    let kilde_sel = ed.select(|f| f.kilder.iter().map(|k| i64::from(k.code())).collect::<Vec<_>>());
    let kilde_toggle = Callback::new(move |(k, on): (i64, bool)| {
        if let Some(kilde) = Kilde::from_code(k as u8) {
            ed.edit(F::Kilder, |f| toggle(&mut f.kilder, kilde, on))
        }
    });
    let role_sel = ed.select(|f| f.roller.clone());
    let role_toggle = Callback::new(move |(k, on): (i64, bool)| ed.edit(F::Roller, |f| toggle(&mut f.roller, k, on)));

    let relation_sel = ed.select(|f| f.relation.map(|r| key_of(RELATIONS, &r)));
    let relation_set = Callback::new(move |k: i64| {
        if let Some(r) = option_of(RELATIONS, k) {
            ed.edit(F::Relation, |f| f.relation = Some(r))
        }
    });
    let amount_sel = ed.select(|f| Some(key_of(AMOUNTS, &f.beloebsgodkendelse)));
    let amount_set = Callback::new(move |k: i64| {
        if let Some(b) = option_of(AMOUNTS, k) {
            ed.edit(F::Beloebsgodkendelse, |f| f.beloebsgodkendelse = b)
        }
    });
    let search_sel = ed.select(|f| Some(key_of(SEARCHES, &f.sagsudsoegning)));
    let search_set = Callback::new(move |k: i64| {
        if let Some(s) = option_of(SEARCHES, k) {
            ed.edit(F::Sagsudsoegning, |f| f.sagsudsoegning = s)
        }
    });

    let kilde_choices: Vec<Choice> = catalog.kilder.iter().map(|k| Choice::new(i64::from(k.kilde.code()), k.navn.clone())).collect();
    let role_choices: Vec<Choice> = roles.iter().map(|r| Choice::new(r.id, r.navn.clone()).with_hint(r.beskrivelse.clone())).collect();
    let no_roles = role_choices.is_empty();
    let relation_choices: Vec<Choice> = RELATIONS.iter().map(|r| Choice::new(key_of(RELATIONS, r), r.label())).collect();
    let amount_choices: Vec<Choice> = AMOUNTS.iter().map(|b| Choice::new(key_of(AMOUNTS, b), b.label())).collect();
    let search_choices = vec![
        Choice::new(key_of(SEARCHES, &Sagsudsoegning::Haendelse), Sagsudsoegning::Haendelse.label())
            .with_hint("Sagskriterierne tjekkes mod den sag, som opgavens hændelse vedrører."),
        Choice::new(key_of(SEARCHES, &Sagsudsoegning::Person), Sagsudsoegning::Person.label())
            .with_hint("Sagskriterierne tjekkes mod alle borgerens sager."),
    ];

    // A text input bound to one field.
    // Memos throughout: an edit re-renders only what shows the changed field.
    let text_value = move |get: fn(&PackageForm) -> &String| {
        let value = ed.select(move |f| get(f).clone());
        move || value.get()
    };
    let text_signal = move |get: fn(&PackageForm) -> &String| Signal::from(ed.select(move |f| get(f).clone()));
    let invalid = move |field: PackageField| move || ed.has_error(field).then_some("true");
    let described = move |field: PackageField, hint: bool| move || described_by(field.name(), hint, ed.has_error(field));
    // A text field's input: its id, ARIA and value; `on:input` edits it.
    let text_edit = move |field: PackageField, set: fn(&mut PackageForm, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            ed.edit(field, |f| set(f, v))
        }
    };

    view! {
        {move || ed.restored().then(move || view! {
            <Alert kind=AlertKind::Info heading="Din kladde er hentet frem">
                <p>"Du har ikke gemt dine ændringer endnu. De står, som du forlod dem."</p>
                <button class="button button-secondary" type="button" on:click=move |_| ed.reset()>"Kassér kladden og start forfra"</button>
            </Alert>
        })}
        {move || ed.save_error().map(|m| view! { <ErrorAlert message=m heading="Opgavepakken blev ikke gemt"/> })}
        {move || ed.conflict_error().map(|m| view! { <ErrorAlert message=m heading="Den nyeste version kunne ikke hentes"/> })}
        <ConflictView editor=ed catalog=catalog.clone() roles=roles.clone()/>
        <ErrorSummary editor=ed/>
        <div class="editor-layout">
            <form class="editor-form" novalidate on:submit=on_submit aria-label="Opgavepakke">
                <p class="form-hint">"Felter markeret med * skal udfyldes."</p>
                <div class="form-group">
                    <label class="form-label" for="felt-noegle">"Nøgle"</label>
                    <span class="form-hint" id="felt-noegle-hint">"Systemet udfylder feltet automatisk."</span>
                    <input class="form-input" id="felt-noegle" type="text" readonly aria-describedby="felt-noegle-hint" value=key_label/>
                </div>
                <FieldGroup field=F::Navn.name() label=F::Navn.label() required=true error=ed.error_of(F::Navn)>
                    <input
                        class="form-input"
                        id=F::Navn.id()
                        type="text"
                        required
                        autocomplete="off"
                        aria-invalid=invalid(F::Navn)
                        aria-describedby=described(F::Navn, false)
                        prop:value=text_value(|f| &f.navn)
                        on:input=text_edit(F::Navn, |f, v| f.navn = v)
                    />
                </FieldGroup>
                <TaskTypePicker catalog=catalog.clone() selected=tt_sel on_toggle=tt_toggle error=ed.error_of(F::Opgavetyper)/>
                <CheckboxGroup field=F::Opfoelgningstyper.name() legend=F::Opfoelgningstyper.label() options=entries(&catalog.opfoelgningstyper) selected=fu_sel on_toggle=fu_toggle error=ed.error_of(F::Opfoelgningstyper)/>
                <fieldset class="cpr-interval">
                    <legend class="form-label">"CPR interval"</legend>
                    <span class="form-hint" id="cpr-interval-hjaelp">
                        "De to første cifre i borgerens CPR-nummer (fødselsdagen), fx 1 til 15. Du kan skrive både 1 og 01. Kun personopgaver kan ligge i et CPR interval."
                    </span>
                    <div class="cpr-interval-fields">
                        {[(F::CprFra, text_value(|f| &f.cpr_fra), text_edit(F::CprFra, |f, v| f.cpr_fra = v)), (F::CprTil, text_value(|f| &f.cpr_til), text_edit(F::CprTil, |f, v| f.cpr_til = v))].into_iter().map(|(field, value, on_input)| view! {
                            <FieldGroup field=field.name() label=field.label() error=ed.error_of(field)>
                                <input
                                    class="form-input input-width-xs"
                                    id=field.id()
                                    type="text"
                                    inputmode="numeric"
                                    maxlength="2"
                                    autocomplete="off"
                                    aria-invalid=invalid(field)
                                    aria-describedby=move || {
                                        let mut ids = vec!["cpr-interval-hjaelp".to_owned()];
                                        if ed.has_error(field) { ids.push(field.error_id()); }
                                        ids.join(" ")
                                    }
                                    prop:value=value
                                    on:input=on_input
                                />
                            </FieldGroup>
                        }).collect_view()}
                    </div>
                    <div role="status">
                        {move || {
                            no_cpr_day.get().then(|| view! {
                                <p class="cpr-interval-warning">
                                    "Intet CPR-nummer begynder med disse cifre: de to første cifre er fødselsdagen, 01 til 31 (61 til 91 i et erstatningsnummer). Opgavepakken vil ikke omfatte nogen personopgaver."
                                </p>
                            })
                        }}
                    </div>
                </fieldset>
                <CheckboxGroup field=F::Sagstyper.name() legend=F::Sagstyper.label() options=entries(&catalog.sagstyper) selected=st_sel on_toggle=st_toggle error=ed.error_of(F::Sagstyper)/>
                <CheckboxGroup field=F::Pensionstyper.name() legend=F::Pensionstyper.label() hint="Den pensionstype, borgeren skal have." options=entries(&catalog.pensionstyper) selected=pt_sel on_toggle=pt_toggle error=ed.error_of(F::Pensionstyper)/>
                <RadioGroup field=F::Beloebsgodkendelse.name() legend=F::Beloebsgodkendelse.label() options=amount_choices selected=amount_sel on_select=amount_set error=ed.error_of(F::Beloebsgodkendelse)/>
                <CheckboxGroup field=F::Enheder.name() legend=F::Enheder.label() options=entries(&catalog.enheder) selected=en_sel on_toggle=en_toggle error=ed.error_of(F::Enheder)/>
                <RadioGroup field=F::Relation.name() legend=F::Relation.label() required=true options=relation_choices selected=relation_sel on_select=relation_set error=ed.error_of(F::Relation)/>
                <CheckboxGroup field=F::Kilder.name() legend=F::Kilder.label() hint="Hvor opgaven er oprettet fra." options=kilde_choices selected=kilde_sel on_toggle=kilde_toggle error=ed.error_of(F::Kilder)/>
                <CheckboxGroup field=F::Ydelser.name() legend=F::Ydelser.label() options=entries(&catalog.ydelser) selected=yd_sel on_toggle=yd_toggle error=ed.error_of(F::Ydelser)/>
                <RadioGroup field=F::Sagsudsoegning.name() legend=F::Sagsudsoegning.label() hint="Hvilken sag sagstype og ydelse tjekkes imod." options=search_choices selected=search_sel on_select=search_set error=ed.error_of(F::Sagsudsoegning)/>
                <FieldGroup field=F::Beskrivelse.name() label=F::Beskrivelse.label() error=ed.error_of(F::Beskrivelse)>
                    <textarea
                        class="form-input"
                        id=F::Beskrivelse.id()
                        rows="3"
                        aria-invalid=invalid(F::Beskrivelse)
                        aria-describedby=described(F::Beskrivelse, false)
                        prop:value=text_value(|f| &f.beskrivelse)
                        on:input=text_edit(F::Beskrivelse, |f, v| f.beskrivelse = v)
                    ></textarea>
                </FieldGroup>
                <CheckboxGroup
                    field=F::Roller.name()
                    legend=F::Roller.label()
                    required=true
                    hint="De roller, der får opgavepakken. Du kan vælge flere."
                    options=role_choices
                    selected=role_sel
                    on_toggle=role_toggle
                    error=ed.error_of(F::Roller)
                >
                    {no_roles.then(|| view! { <p>"Der er ingen roller endnu. Opret dem under Administrer roller."</p> })}
                    <p class="roles-admin-link">
                        <a href=roles_url.clone() class="function-link">"Administrer roller"</a>
                    </p>
                </CheckboxGroup>
                <VersionFields
                    reason_hint="En kommentar til, hvorfor opgavepakken oprettes eller ændres."
                    values=VersionValues {
                        aendringsaarsag: text_signal(|f| &f.aendringsaarsag),
                        gyldig_fra: text_signal(|f| &f.gyldig_fra),
                        gyldig_til: text_signal(|f| &f.gyldig_til),
                        errors: [F::Aendringsaarsag, F::GyldigFra, F::GyldigTil].map(|f| ed.error_of(f).into()),
                    }
                    on_input=Callback::new(move |(field, v): (VersionField, String)| match field {
                        VersionField::Aendringsaarsag => ed.edit(F::Aendringsaarsag, |f| f.aendringsaarsag = v),
                        VersionField::GyldigFra => ed.edit(F::GyldigFra, |f| f.gyldig_fra = v),
                        VersionField::GyldigTil => ed.edit(F::GyldigTil, |f| f.gyldig_til = v),
                    })
                />
                <div class="form-actions">
                    <button class="button button-primary" type="submit" aria-disabled=move || ed.pending().then_some("true")>
                        {move || if ed.pending() { "Gemmer …" } else { "Gem" }}
                    </button>
                    <a
                        class="button button-secondary"
                        href=match &key { Some(k) => routes::package_history(k), None => routes::ADMIN.to_owned() }
                        on:click=move |_| ed.discard_draft()
                    >
                        "Annuller"
                    </a>
                </div>
            </form>
            <div class="editor-preview">
                <PreviewPanel filter unread=ed.select(PackageForm::unread_filter_fields) catalog=catalog.clone()/>
            </div>
        </div>
    }
}
