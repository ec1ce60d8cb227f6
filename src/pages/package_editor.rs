//! "Opret/rediger systemparameter" for an Opgavepakke:
//! `/systemadministration/opgavepakke/ny[?skabelon=ID]` creates a package,
//! `/systemadministration/opgavepakke/{key}` makes a new version of one.
//!
//! Every field of DOMAIN.md (KP and KY). The form is validated with the
//! domain's rules on every edit; a field shows its message once it has been
//! touched, all fields do after "Gem", with an error summary on top. The
//! unsaved form lives in `sessionStorage` under the editor's URL, so going
//! to "Administrer roller" and back keeps it. Beside the form: the live
//! "Afprøv opgavepakke". A save of a new version names the version it was
//! based on (`If-Match`); when someone else saved in between, the editor
//! shows the newest version beside the admin's edits and keeps them.

use crate::api;
use crate::components::choice::{described_by, CheckboxGroup, Choice, FieldGroup, RadioGroup};
use crate::components::preview_panel::PreviewPanel;
use crate::components::task_type_picker::TaskTypePicker;
use crate::components::{Alert, AlertKind, ErrorAlert, Loading, Page};
use crate::format;
use crate::package_form::{changes, error_dom_id, field_dom_id, field_label, PackageForm};
use crate::pages::admin::NoAdminAccess;
use crate::routes;
use crate::session::use_session;
use domain::model::{Kilde, Rolle};
use domain::package::{Beloebsgodkendelse, FieldError, RelationValg, Sagsudsoegning};
use domain::wire::catalog::Catalog;
use domain::wire::CONFLICT_STALE_VERSION;
use domain::{PackageDraft, PackageVersion};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_navigate, use_params_map, use_query_map};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use wasm_bindgen::JsCast;

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

/// What is kept in `sessionStorage` while the editor is open.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredDraft {
    pub form: PackageForm,
    pub based_on: Option<i64>,
    pub touched: Vec<String>,
}

fn storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

/// The `sessionStorage` key of the editor at `url` (path and query).
pub fn storage_key(url: &str) -> String {
    format!("opgavepakker.kladde:{url}")
}

fn load_stored(key: &str) -> Option<StoredDraft> {
    storage()?.get_item(key).ok().flatten().and_then(|s| serde_json::from_str(&s).ok())
}

fn save_stored(key: &str, d: &StoredDraft) {
    if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(d)) {
        let _ = s.set_item(key, &json);
    }
}

fn remove_stored(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
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
                        let tomorrow = format::today() + chrono::Days::new(1);
                        let mut template_missing = false;
                        let initial = match (&base, &template_id) {
                            (Some(v), _) => PackageForm::from_version(v, tomorrow),
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
                            <Editor key catalog roles base initial others editor_url/>
                        }
                        .into_any()
                    })
                }}
            </Suspense>
        </Page>
    }
}

/// Applies an edit to the form and marks the field as touched.
fn edit(form: RwSignal<PackageForm>, touched: RwSignal<Vec<String>>, field: &'static str, apply: impl FnOnce(&mut PackageForm)) {
    form.update(apply);
    if touched.with_untracked(|t| !t.iter().any(|f| f == field)) {
        touched.update(|t| t.push(field.to_owned()));
    }
}

fn toggle<T: PartialEq + Copy>(list: &mut Vec<T>, value: T, on: bool) {
    list.retain(|v| *v != value);
    if on {
        list.push(value);
    }
}

/// Moves focus to the field of an error (the first input of a group).
fn focus_field(field: &str) {
    let Some(el) = document().get_element_by_id(&field_dom_id(field)) else { return };
    let target = if el.tag_name().eq_ignore_ascii_case("fieldset") { el.query_selector("input").ok().flatten().unwrap_or(el) } else { el };
    if let Ok(h) = target.dyn_into::<web_sys::HtmlElement>() {
        let _ = h.focus();
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

type SaveInput = (Option<String>, Option<i64>, PackageDraft);

#[component]
fn Editor(
    key: Option<String>,
    catalog: Arc<Catalog>,
    roles: Vec<Rolle>,
    base: Option<PackageVersion>,
    initial: PackageForm,
    others: Vec<PackageVersion>,
    editor_url: String,
) -> impl IntoView {
    let store_key = storage_key(&editor_url);
    let restored = load_stored(&store_key);
    let was_restored = restored.is_some();
    let initial_based_on = base.as_ref().map(|v| v.version);
    let (form0, based0, touched0) = match restored {
        Some(s) => (s.form, s.based_on.or(initial_based_on), s.touched),
        None => (initial.clone(), initial_based_on, Vec::new()),
    };
    let form = RwSignal::new(form0);
    let based_on = RwSignal::new(based0);
    let touched = RwSignal::new(touched0);
    let submitted = RwSignal::new(false);
    let show_restored = RwSignal::new(was_restored);
    // Server messages per field, with the field's value when they came.
    let server_errors = RwSignal::new(Vec::<(FieldError, String)>::new());
    let save_error = RwSignal::new(None::<String>);
    let conflict = RwSignal::new(None::<PackageVersion>);
    let conflict_error = RwSignal::new(None::<String>);

    // Keep the unsaved form for "Administrer roller" and back.
    let sk = store_key.clone();
    // Only once the admin has changed something: merely opening the editor
    // leaves no draft behind.
    Effect::new(move |_| {
        let d = StoredDraft { form: form.get(), based_on: based_on.get(), touched: touched.get() };
        if !d.touched.is_empty() {
            save_stored(&sk, &d);
        }
    });

    let role_ids: Vec<i64> = roles.iter().map(|r| r.id).collect();
    let own_key = key.clone();
    let local_errors = Memo::new(move |_| form.with(|f| f.errors(&role_ids, own_key.as_deref(), &others)));
    let all_errors = Memo::new(move |_| {
        let mut out = local_errors.get();
        form.with(|f| {
            server_errors.with(|se| {
                for (e, value) in se {
                    if f.field_value(&e.field) == *value && !out.contains(e) {
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
        let sub = submitted.get();
        touched.with(|t| {
            server_errors
                .with(|se| all.into_iter().filter(|e| sub || t.contains(&e.field) || se.iter().any(|(s, _)| s == e)).collect::<Vec<_>>())
        })
    });
    let error_of = move |field: &'static str| {
        Memo::new(move |_| shown_errors.with(|es| es.iter().find(|e| e.field == field).map(|e| e.message.clone())))
    };

    let filter = Memo::new(move |_| form.with(PackageForm::filter));

    let navigate = use_navigate();
    let save = Action::new_local(|input: &SaveInput| {
        let (key, based_on, draft) = input.clone();
        async move {
            match (key, based_on) {
                (Some(k), Some(v)) => api::create_version(&k, v, &draft).await,
                _ => api::create_package(&draft).await,
            }
        }
    });
    let summary_ref = NodeRef::<leptos::html::Div>::new();
    let focus_summary = move || {
        request_animation_frame(move || {
            if let Some(el) = summary_ref.get_untracked() {
                let _ = el.focus();
            }
        })
    };

    let save_key = key.clone();
    let submit = move || {
        if save.pending().get_untracked() {
            return;
        }
        submitted.set(true);
        save_error.set(None);
        if !all_errors.get_untracked().is_empty() {
            focus_summary();
            return;
        }
        let Some(draft) = form.with_untracked(PackageForm::draft) else {
            focus_summary();
            return;
        };
        save.dispatch((save_key.clone(), based_on.get_untracked(), draft));
    };
    let submit_on_form = submit.clone();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        submit_on_form();
    };

    let result_key = key.clone();
    let sk2 = store_key.clone();
    Effect::new(move |_| {
        let Some(result) = save.value().get() else { return };
        match result {
            Ok(v) => {
                remove_stored(&sk2);
                navigate(&routes::package_history_saved(&v.noegle, v.version), Default::default());
            }
            Err(e) if e.code() == Some(CONFLICT_STALE_VERSION) => {
                let Some(k) = result_key.clone() else { return };
                conflict_error.set(None);
                spawn_local(async move {
                    match api::package_versions(&k).await {
                        Ok(list) => conflict.set(list.into_iter().next()),
                        Err(e) => conflict_error.set(Some(e.message())),
                    }
                });
            }
            Err(e) if !e.fields().is_empty() => {
                let list = form.with_untracked(|f| e.fields().iter().map(|fe| (fe.clone(), f.field_value(&fe.field))).collect());
                server_errors.set(list);
                focus_summary();
            }
            Err(e) => save_error.set(Some(e.message())),
        }
    });

    let save_on_newest = submit.clone();
    let reset = {
        let initial = initial.clone();
        move |_| {
            form.set(initial.clone());
            based_on.set(initial_based_on);
            touched.set(Vec::new());
            submitted.set(false);
            server_errors.set(Vec::new());
            conflict.set(None);
            show_restored.set(false);
        }
    };

    let roles_url = routes::roles_from(&editor_url);
    let cancel_key = store_key.clone();
    let cat = catalog.clone();
    let catalog_for_conflict = catalog.clone();
    let roles_for_conflict = roles.clone();
    let key_label = key.clone().unwrap_or_else(|| "Tildeles ved gem".to_owned());

    let multi = move |field: &'static str, get: fn(&PackageForm) -> &Vec<u16>, set: fn(&mut PackageForm) -> &mut Vec<u16>| {
        let selected = Memo::new(move |_| form.with(|f| get(f).iter().map(|&x| i64::from(x)).collect::<Vec<_>>()));
        let on_toggle = Callback::new(move |(k, on): (i64, bool)| edit(form, touched, field, |f| toggle(set(f), k as u16, on)));
        (selected, on_toggle)
    };
    let entries = |list: &[domain::wire::catalog::CatalogEntry]| {
        list.iter().map(|e| Choice::new(i64::from(e.id), e.navn.clone())).collect::<Vec<_>>()
    };

    let (tt_sel, tt_toggle) = multi("opgavetyper", |f| &f.opgavetyper, |f| &mut f.opgavetyper);
    let (fu_sel, fu_toggle) = multi("opfoelgningstyper", |f| &f.opfoelgningstyper, |f| &mut f.opfoelgningstyper);
    let (st_sel, st_toggle) = multi("sagstyper", |f| &f.sagstyper, |f| &mut f.sagstyper);
    let (pt_sel, pt_toggle) = multi("pensionstyper", |f| &f.pensionstyper, |f| &mut f.pensionstyper);
    let (en_sel, en_toggle) = multi("enheder", |f| &f.enheder, |f| &mut f.enheder);
    let (yd_sel, yd_toggle) = multi("ydelser", |f| &f.ydelser, |f| &mut f.ydelser);
    let kilde_sel = Memo::new(move |_| form.with(|f| f.kilder.iter().map(|k| i64::from(k.code())).collect::<Vec<_>>()));
    let kilde_toggle = Callback::new(move |(k, on): (i64, bool)| {
        if let Some(kilde) = Kilde::from_code(k as u8) {
            edit(form, touched, "kilder", |f| toggle(&mut f.kilder, kilde, on))
        }
    });
    let role_sel = Memo::new(move |_| form.with(|f| f.roller.clone()));
    let role_toggle = Callback::new(move |(k, on): (i64, bool)| edit(form, touched, "roller", |f| toggle(&mut f.roller, k, on)));

    let relation_sel = Memo::new(move |_| form.with(|f| f.relation.map(|r| key_of(RELATIONS, &r))));
    let relation_set = Callback::new(move |k: i64| {
        if let Some(r) = option_of(RELATIONS, k) {
            edit(form, touched, "relation", |f| f.relation = Some(r))
        }
    });
    let amount_sel = Memo::new(move |_| form.with(|f| Some(key_of(AMOUNTS, &f.beloebsgodkendelse))));
    let amount_set = Callback::new(move |k: i64| {
        if let Some(b) = option_of(AMOUNTS, k) {
            edit(form, touched, "beloebsgodkendelse", |f| f.beloebsgodkendelse = b)
        }
    });
    let search_sel = Memo::new(move |_| form.with(|f| Some(key_of(SEARCHES, &f.sagsudsoegning))));
    let search_set = Callback::new(move |k: i64| {
        if let Some(s) = option_of(SEARCHES, k) {
            edit(form, touched, "sagsudsoegning", |f| f.sagsudsoegning = s)
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
        let value = Memo::new(move |_| form.with(|f| get(f).clone()));
        move || value.get()
    };
    let has_err = move |field: &'static str| move || shown_errors.with(|es| es.iter().any(|e| e.field == field));
    let invalid = move |field: &'static str| move || has_err(field)().then_some("true");
    let described = move |field: &'static str, hint: bool| move || described_by(field, hint, has_err(field)());

    view! {
        {move || {
            let reset = reset.clone();
            show_restored.get().then(move || view! {
                <Alert kind=AlertKind::Info heading="Din kladde er hentet frem">
                    <p>"Du har ikke gemt dine ændringer endnu. De står, som du forlod dem."</p>
                    <button class="button button-secondary" type="button" on:click=reset>"Kassér kladden og start forfra"</button>
                </Alert>
            })
        }}
        {move || save_error.get().map(|m| view! { <ErrorAlert message=m heading="Opgavepakken blev ikke gemt"/> })}
        {move || conflict_error.get().map(|m| view! { <ErrorAlert message=m heading="Den nyeste version kunne ikke hentes"/> })}
        {move || conflict.get().map(|newest| {
            let cat = catalog_for_conflict.clone();
            let roles = roles_for_conflict.clone();
            let save_on_newest = save_on_newest.clone();
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
                                let fra_ok = form.with(|f| format::parse_iso(&f.gyldig_fra)).is_none_or(|d| d > newest_fra);
                                (!fra_ok).then(|| view! {
                                    <p>
                                        <strong>"Gyldig fra skal rettes: "</strong>
                                        "en ny version skal gælde fra en dato efter den nyeste versions gyldig fra ("
                                        {format::date(newest_fra)} ")."
                                    </p>
                                })
                            }}
                            {move || {
                                let mine = form.with(PackageForm::draft_lenient);
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
                            <button
                                class="button button-primary"
                                type="button"
                                on:click=move |_| {
                                    based_on.set(Some(version));
                                    conflict.set(None);
                                    save_on_newest();
                                }
                            >
                                "Gem som ny version oven på den nyeste"
                            </button>
                        </div>
                    </div>
                </div>
            }
        })}
        {move || (submitted.get() && !shown_errors.with(Vec::is_empty)).then(|| view! {
            <div class="alert alert-error error-summary" role="alert" tabindex="-1" node_ref=summary_ref>
                <div class="alert-body">
                    <p class="alert-heading">"Opgavepakken kan ikke gemmes endnu"</p>
                    <div class="alert-text">
                        <p>"Ret disse felter:"</p>
                        <ul class="nobullet-list">
                            {move || shown_errors.get().into_iter().map(|e| {
                                let field = e.field.clone();
                                let href = format!("#{}", field_dom_id(&e.field));
                                view! {
                                    <li>
                                        <a href=href on:click=move |ev| { ev.prevent_default(); focus_field(&field); }>
                                            {field_label(&e.field).to_owned()} ": " {e.message}
                                        </a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </div>
                </div>
            </div>
        })}
        <div class="editor-layout">
            <form class="editor-form" novalidate on:submit=on_submit aria-label="Opgavepakke">
                <p class="form-hint">"Felter markeret med * skal udfyldes."</p>
                <div class="form-group">
                    <label class="form-label" for="felt-noegle">"Nøgle"</label>
                    <input class="form-input" id="felt-noegle" type="text" readonly value=key_label/>
                </div>
                <FieldGroup field="navn" label="Navn" required=true error=error_of("navn")>
                    <input
                        class="form-input"
                        id=field_dom_id("navn")
                        type="text"
                        required
                        autocomplete="off"
                        aria-invalid=invalid("navn")
                        aria-describedby=described("navn", false)
                        prop:value=text_value(|f| &f.navn)
                        on:input=move |ev| edit(form, touched, "navn", |f| f.navn = event_target_value(&ev))
                    />
                </FieldGroup>
                <TaskTypePicker catalog=cat.clone() selected=tt_sel on_toggle=tt_toggle error=error_of("opgavetyper")/>
                <CheckboxGroup field="opfoelgningstyper" legend="Opfølgningsopgavetype" options=entries(&catalog.opfoelgningstyper) selected=fu_sel on_toggle=fu_toggle error=error_of("opfoelgningstyper")/>
                <fieldset class="cpr-interval">
                    <legend class="form-label">"CPR interval"</legend>
                    <span class="form-hint" id="cpr-interval-hjaelp">
                        "De to første cifre i borgerens CPR-nummer (fødselsdagen), fx 1 til 15. Du kan skrive både 1 og 01. Kun personopgaver kan ligge i et CPR interval."
                    </span>
                    <div class="cpr-interval-fields">
                        {[("cpr_fra", "CPR interval (fra)"), ("cpr_til", "CPR interval (til)")].into_iter().map(|(field, label)| view! {
                            <FieldGroup field label error=error_of(field)>
                                <input
                                    class="form-input input-width-xs"
                                    id=field_dom_id(field)
                                    type="text"
                                    inputmode="numeric"
                                    maxlength="2"
                                    autocomplete="off"
                                    aria-invalid=invalid(field)
                                    aria-describedby=move || {
                                        let mut ids = vec!["cpr-interval-hjaelp".to_owned()];
                                        if has_err(field)() { ids.push(error_dom_id(field)); }
                                        ids.join(" ")
                                    }
                                    prop:value=text_value(if field == "cpr_fra" { |f| &f.cpr_fra } else { |f| &f.cpr_til })
                                    on:input=move |ev| {
                                        let v = event_target_value(&ev);
                                        edit(form, touched, field, |f| if field == "cpr_fra" { f.cpr_fra = v } else { f.cpr_til = v })
                                    }
                                />
                            </FieldGroup>
                        }).collect_view()}
                    </div>
                </fieldset>
                <CheckboxGroup field="sagstyper" legend="Sagstype" options=entries(&catalog.sagstyper) selected=st_sel on_toggle=st_toggle error=error_of("sagstyper")/>
                <CheckboxGroup field="pensionstyper" legend="Pensionstype" hint="Den pensionstype, borgeren skal have." options=entries(&catalog.pensionstyper) selected=pt_sel on_toggle=pt_toggle error=error_of("pensionstyper")/>
                <RadioGroup field="beloebsgodkendelse" legend="Beløbsgodkendelse" options=amount_choices selected=amount_sel on_select=amount_set error=error_of("beloebsgodkendelse")/>
                <CheckboxGroup field="enheder" legend="Administrativ enhed" options=entries(&catalog.enheder) selected=en_sel on_toggle=en_toggle error=error_of("enheder")/>
                <RadioGroup field="relation" legend="Opgave relation" required=true options=relation_choices selected=relation_sel on_select=relation_set error=error_of("relation")/>
                <CheckboxGroup field="kilder" legend="Kilde" hint="Hvor opgaven er oprettet fra." options=kilde_choices selected=kilde_sel on_toggle=kilde_toggle error=error_of("kilder")/>
                <CheckboxGroup field="ydelser" legend="Ydelse/ydelsesart" options=entries(&catalog.ydelser) selected=yd_sel on_toggle=yd_toggle error=error_of("ydelser")/>
                <RadioGroup field="sagsudsoegning" legend="Sagsudsøgning" hint="Hvilken sag sagstype og ydelse tjekkes imod." options=search_choices selected=search_sel on_select=search_set error=error_of("sagsudsoegning")/>
                <FieldGroup field="beskrivelse" label="Beskrivelse" error=error_of("beskrivelse")>
                    <textarea
                        class="form-input"
                        id=field_dom_id("beskrivelse")
                        rows="3"
                        aria-invalid=invalid("beskrivelse")
                        aria-describedby=described("beskrivelse", false)
                        prop:value=text_value(|f| &f.beskrivelse)
                        on:input=move |ev| edit(form, touched, "beskrivelse", |f| f.beskrivelse = event_target_value(&ev))
                    ></textarea>
                </FieldGroup>
                <CheckboxGroup
                    field="roller"
                    legend="Roller"
                    required=true
                    hint="De roller, der får opgavepakken. Du kan vælge flere."
                    options=role_choices
                    selected=role_sel
                    on_toggle=role_toggle
                    error=error_of("roller")
                >
                    {no_roles.then(|| view! { <p>"Der er ingen roller endnu. Opret dem under Administrer roller."</p> })}
                    <p class="roles-admin-link">
                        <a href=roles_url.clone() class="function-link">"Administrer roller"</a>
                    </p>
                </CheckboxGroup>
                <FieldGroup
                    field="aendringsaarsag"
                    label="Ændringsårsag"
                    hint="En kommentar til, hvorfor opgavepakken oprettes eller ændres."
                    error=error_of("aendringsaarsag")
                >
                    <textarea
                        class="form-input"
                        id=field_dom_id("aendringsaarsag")
                        rows="2"
                        aria-invalid=invalid("aendringsaarsag")
                        aria-describedby=described("aendringsaarsag", true)
                        prop:value=text_value(|f| &f.aendringsaarsag)
                        on:input=move |ev| edit(form, touched, "aendringsaarsag", |f| f.aendringsaarsag = event_target_value(&ev))
                    ></textarea>
                </FieldGroup>
                <div class="validity-fields">
                    <FieldGroup field="gyldig_fra" label="Gyldig fra" required=true error=error_of("gyldig_fra")>
                        <input
                            class="form-input form-input--date"
                            id=field_dom_id("gyldig_fra")
                            type="date"
                            required
                            aria-invalid=invalid("gyldig_fra")
                            aria-describedby=described("gyldig_fra", false)
                            prop:value=text_value(|f| &f.gyldig_fra)
                            on:input=move |ev| edit(form, touched, "gyldig_fra", |f| f.gyldig_fra = event_target_value(&ev))
                        />
                    </FieldGroup>
                    <FieldGroup field="gyldig_til" label="Gyldig til" hint="Tom: gyldig indtil videre." error=error_of("gyldig_til")>
                        <input
                            class="form-input form-input--date"
                            id=field_dom_id("gyldig_til")
                            type="date"
                            aria-invalid=invalid("gyldig_til")
                            aria-describedby=described("gyldig_til", true)
                            prop:value=text_value(|f| &f.gyldig_til)
                            on:input=move |ev| edit(form, touched, "gyldig_til", |f| f.gyldig_til = event_target_value(&ev))
                        />
                    </FieldGroup>
                </div>
                <div class="form-actions">
                    <button class="button button-primary" type="submit" aria-disabled=move || save.pending().get().then_some("true")>
                        {move || if save.pending().get() { "Gemmer …" } else { "Gem" }}
                    </button>
                    <a
                        class="button button-secondary"
                        href=match &key { Some(k) => routes::package_history(k), None => routes::ADMIN.to_owned() }
                        on:click=move |_| remove_stored(&cancel_key)
                    >
                        "Annuller"
                    </a>
                </div>
            </form>
            <div class="editor-preview">
                <PreviewPanel filter catalog=catalog.clone()/>
            </div>
        </div>
    }
}
