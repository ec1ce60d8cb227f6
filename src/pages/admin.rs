//! `/systemadministration`: "Systemparameter – Søgning". The admin picks a
//! parameter type and a point in time ("gyldighedstidspunkt") and sees the
//! versions valid then. The chosen time is kept in the URL
//! (`?tidspunkt=YYYY-MM-DD`), so a search can be bookmarked and Back works.

use crate::api;
use crate::components::dkfds::page::focus_when_shown;
use crate::components::{Alert, AlertKind, ErrorAlert, FieldError, Loading, NoAdminAccess, Page};
use crate::format;
use crate::routes;
use crate::session::use_session;
use domain::intake::ParameterKey;
use domain::model::Rolle;
use domain::PackageVersion;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// What "Vælg systemparameter" offers: task packages (searched here by
/// time), each system parameter intake reads (its own page) and the
/// source systems' credentials.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ParameterType {
    Opgavepakke,
    Parameter(ParameterKey),
    Kildesystemer,
}

impl ParameterType {
    fn all() -> Vec<ParameterType> {
        let mut all = vec![ParameterType::Opgavepakke];
        all.extend(ParameterKey::ALL.iter().map(|k| ParameterType::Parameter(*k)));
        all.push(ParameterType::Kildesystemer);
        all
    }

    /// The `<option>`'s value.
    fn value(self) -> &'static str {
        match self {
            ParameterType::Opgavepakke => "opgavepakke",
            ParameterType::Parameter(k) => k.name(),
            ParameterType::Kildesystemer => routes::CREDENTIALS_SEGMENT,
        }
    }

    fn label(self) -> &'static str {
        match self {
            ParameterType::Opgavepakke => "Opgavepakke",
            ParameterType::Parameter(k) => k.label(),
            ParameterType::Kildesystemer => "Kildesystemer",
        }
    }

    fn from_value(v: &str) -> Option<ParameterType> {
        ParameterType::all().into_iter().find(|t| t.value() == v)
    }
}

#[component]
pub fn AdminPage() -> impl IntoView {
    if !use_session().is_admin() {
        return view! { <NoAdminAccess/> }.into_any();
    }

    let query = use_query_map();
    // The time whose versions are shown: from the URL, once the form is sent.
    let shown_at = Memo::new(move |_| query.with(|q| q.get(routes::AT_PARAM)).and_then(|s| format::parse_iso(&s)));

    let at_input = RwSignal::new(format::iso(shown_at.get_untracked().unwrap_or_else(format::today)));
    // Back/forward change the URL: the field follows.
    Effect::new(move |_| {
        if let Some(d) = shown_at.get() {
            at_input.set(format::iso(d));
        }
    });
    let chosen = RwSignal::new(ParameterType::Opgavepakke);
    let tried = RwSignal::new(false);
    let at_error = Memo::new(move |_| {
        (tried.get() && at_input.with(|s| format::parse_iso(s).is_none())).then_some("Angiv en gyldig dato for gyldighedstidspunktet.")
    });
    // Sending the form again for the time already shown fetches anew.
    let refresh = RwSignal::new(0u32);
    let date_input = NodeRef::<leptos::html::Input>::new();
    let navigate = use_navigate();
    // The result of a search from the form takes focus (it is below the
    // fold); a result opened by its address is left alone.
    let searched = StoredValue::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let at = format::parse_iso(&at_input.get_untracked());
        match (chosen.get_untracked(), at) {
            (ParameterType::Kildesystemer, _) => return navigate(routes::CREDENTIALS, Default::default()),
            (ParameterType::Parameter(k), Some(d)) => return navigate(&routes::parameter_at(k, &format::iso(d)), Default::default()),
            _ => {}
        }
        if at.is_some() {
            searched.set_value(true);
        }
        match at {
            Some(d) if shown_at.get_untracked() == Some(d) => refresh.update(|n| *n += 1),
            Some(d) => navigate(&routes::admin_at(&format::iso(d)), Default::default()),
            None => {
                if let Some(el) = date_input.get_untracked() {
                    let _ = el.focus();
                }
            }
        }
    };

    view! {
        <Page title="Systemparameter – Søgning">
            <form class="search-form" novalidate on:submit=on_submit>
                <div class="form-group">
                    <label class="form-label" for="systemparameter">"Vælg systemparameter"</label>
                    <select
                        class="form-select"
                        id="systemparameter"
                        name="systemparameter"
                        on:change=move |ev| chosen.set(ParameterType::from_value(&event_target_value(&ev)).unwrap_or(ParameterType::Opgavepakke))
                    >
                        {ParameterType::all()
                            .into_iter()
                            .map(|t| view! { <option value=t.value() selected=t == ParameterType::Opgavepakke>{t.label()}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="form-group" class:form-error=move || at_error.get().is_some()>
                    <label class="form-label" for="gyldighedstidspunkt">"Vælg gyldighedstidspunkt"</label>
                    {move || at_error.get().map(|m| view! { <FieldError id="gyldighedstidspunkt-fejl" message=m/> })}
                    <input
                        class="form-input form-input--date"
                        id="gyldighedstidspunkt"
                        name=routes::AT_PARAM
                        type="date"
                        required
                        aria-invalid=move || at_error.get().map(|_| "true")
                        aria-describedby=move || at_error.get().map(|_| "gyldighedstidspunkt-fejl")
                        node_ref=date_input
                        bind:value=at_input
                    />
                </div>
                <div class="form-actions">
                    <button class="button button-primary" type="submit">"Vis systemparameter"</button>
                </div>
            </form>
            <CreateActions/>
            <OtherParameters/>
            {move || {
                refresh.track();
                shown_at.get().map(|at| view! { <PackagesAt at focus=searched.get_value()/> })
            }}
        </Page>
    }
    .into_any()
}

/// Links to the system parameters that are not task packages.
#[component]
fn OtherParameters() -> impl IntoView {
    view! {
        <nav class="other-parameters" aria-labelledby="andre-parametre-overskrift">
            <h2 id="andre-parametre-overskrift" class="h3">"Systemparametre for indgående post og hændelser"</h2>
            <ul>
                {ParameterKey::ALL
                    .iter()
                    .map(|k| view! { <li><a href=routes::parameter(*k)>{k.label()}</a></li> })
                    .collect_view()}
                <li><a href=routes::CREDENTIALS>"Kildesystemer"</a></li>
            </ul>
        </nav>
    }
}

/// The package versions valid on `at`, with their roles' names.
#[component]
fn PackagesAt(at: chrono::NaiveDate, focus: bool) -> impl IntoView {
    let packages = LocalResource::new(move || api::packages_at(at));
    let roles = LocalResource::new(api::roles);
    let heading = NodeRef::<leptos::html::H2>::new();
    if focus {
        Effect::new(move |_| {
            if let Some(h2) = heading.get() {
                focus_when_shown(h2.into());
            }
        });
    }
    view! {
        <section class="search-result" aria-labelledby="resultat-overskrift">
            <h2 id="resultat-overskrift" tabindex="-1" node_ref=heading>"Søgeresultat"</h2>
            <Suspense fallback=|| view! { <Loading text="Henter opgavepakker …"/> }>
                {move || Suspend::new(async move {
                    let packages = packages.await;
                    // Without role names the table still shows the packages.
                    let roles = roles.await.unwrap_or_default();
                    match packages {
                        Err(e) => view! { <ErrorAlert message=e.message() heading="Opgavepakkerne kunne ikke hentes"/> }.into_any(),
                        Ok(list) if list.is_empty() => view! {
                            <Alert kind=AlertKind::Info>
                                <p>"Der er ingen opgavepakker, der er gyldige pr. " {format::date(at)} "."</p>
                            </Alert>
                        }
                        .into_any(),
                        Ok(list) => view! { <PackageTable at list roles/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Role names of a version, in the order of the role list.
pub fn role_names(ids: &[i64], roles: &[Rolle]) -> String {
    ids.iter()
        .map(|id| roles.iter().find(|r| r.id == *id).map_or_else(|| format!("Rolle nr. {id}"), |r| r.navn.clone()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Columns the search result can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortBy {
    Noegle,
    Navn,
    GyldigFra,
    GyldigTil,
}

/// Sorts package versions in place; an open-ended "gyldig til" sorts last
/// when ascending. Ties keep the key order.
pub fn sort_versions(list: &mut [PackageVersion], by: SortBy, ascending: bool) {
    list.sort_by(|a, b| {
        let ord = match by {
            SortBy::Noegle => a.noegle.cmp(&b.noegle),
            SortBy::Navn => domain::collate::danish_cmp(&a.draft.navn, &b.draft.navn),
            SortBy::GyldigFra => a.draft.gyldig_fra.cmp(&b.draft.gyldig_fra),
            SortBy::GyldigTil => match (a.draft.gyldig_til, b.draft.gyldig_til) {
                (None, None) => std::cmp::Ordering::Equal,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (Some(_), None) => std::cmp::Ordering::Less,
                (Some(x), Some(y)) => x.cmp(&y),
            },
        };
        let ord = if ascending { ord } else { ord.reverse() };
        ord.then_with(|| a.noegle.cmp(&b.noegle))
    });
}

/// "Opret" and "Opret fra skabelon" (the catalogue's templates).
#[component]
fn CreateActions() -> impl IntoView {
    let catalog = LocalResource::new(api::catalog);
    let chosen = RwSignal::new(String::new());
    let navigate = use_navigate();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let id = chosen.get_untracked();
        if !id.is_empty() {
            navigate(&routes::package_new_from(&id), Default::default());
        }
    };
    view! {
        <section class="create-actions" aria-labelledby="opret-overskrift">
            <h2 id="opret-overskrift" class="h3">"Opret opgavepakke"</h2>
            <div class="create-actions-row">
                <a class="button button-primary" href=routes::PACKAGE_NEW>"Opret"</a>
                <Suspense fallback=|| ()>
                    {move || {
                        let on_submit = on_submit.clone();
                        Suspend::new(async move {
                        let templates = catalog.await.map(|c| c.skabeloner).unwrap_or_default();
                        if templates.is_empty() {
                            return ().into_any();
                        }
                        if chosen.get_untracked().is_empty() {
                            chosen.set(templates[0].id.clone());
                        }
                        view! {
                            <form class="template-form" on:submit=on_submit>
                                <div class="form-group">
                                    <label class="form-label" for="skabelon">"Skabelon"</label>
                                    <select class="form-select" id="skabelon" on:change=move |ev| chosen.set(event_target_value(&ev))>
                                        {templates.iter().map(|t| {
                                            let id = t.id.clone();
                                            let selected = chosen.get_untracked() == id;
                                            view! { <option value=id selected=selected>{t.navn.clone()}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                                <button class="button button-secondary" type="submit">"Opret fra skabelon"</button>
                            </form>
                        }
                        .into_any()
                    })}}
                </Suspense>
            </div>
            <p class="roles-admin-link">
                <a class="function-link" href=routes::ROLES>"Administrer roller"</a>
            </p>
            <p class="roles-admin-link">
                <a class="function-link" href=routes::USERS>"Brugere og roller"</a>
            </p>
        </section>
    }
}

const SORTABLE: &[(&str, Option<SortBy>)] = &[
    ("Nøgle", Some(SortBy::Noegle)),
    ("Navn", Some(SortBy::Navn)),
    ("Roller", None),
    ("Gyldig fra", Some(SortBy::GyldigFra)),
    ("Gyldig til", Some(SortBy::GyldigTil)),
    ("Handling", None),
];

#[component]
fn PackageTable(at: chrono::NaiveDate, list: Vec<PackageVersion>, roles: Vec<Rolle>) -> impl IntoView {
    let caption =
        format!("{} {} gyldige pr. {}", list.len(), if list.len() == 1 { "opgavepakke" } else { "opgavepakker" }, format::date(at));
    let sort = RwSignal::new((SortBy::Navn, true));
    let rows = Memo::new(move |_| {
        let (by, asc) = sort.get();
        let mut l = list.clone();
        sort_versions(&mut l, by, asc);
        l
    });
    let label = caption.clone();
    view! {
        <div class="table--responsive-scroll" role="region" aria-label=label tabindex="0">
            <table class="table table--compact table--zebra">
                <caption>
                    {caption}
                    <span class="sr-only">", kan sorteres efter kolonneoverskrifterne"</span>
                </caption>
                <thead>
                    <tr>
                        {SORTABLE
                            .iter()
                            .map(|(label, by)| match by {
                                None => view! { <th scope="col">{*label}</th> }.into_any(),
                                Some(by) => {
                                    let by = *by;
                                    let state = move || sort.with(|(b, asc)| (*b == by).then_some(*asc));
                                    view! {
                                        <th
                                            scope="col"
                                            aria-sort=move || match state() {
                                                Some(true) => "ascending",
                                                Some(false) => "descending",
                                                None => "none",
                                            }
                                        >
                                            <button
                                                class="sort-button"
                                                type="button"
                                                on:click=move |_| sort.update(|(b, asc)| {
                                                    if *b == by {
                                                        *asc = !*asc;
                                                    } else {
                                                        *b = by;
                                                        *asc = true;
                                                    }
                                                })
                                            >
                                                {*label}
                                                <span class="sort-indicator" aria-hidden="true">
                                                    {move || match state() {
                                                        Some(true) => "▲",
                                                        Some(false) => "▼",
                                                        None => "↕",
                                                    }}
                                                </span>
                                            </button>
                                        </th>
                                    }
                                    .into_any()
                                }
                            })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    <For each=move || rows.get() key=|v| v.version let:v>
                        {
                            let names = role_names(&v.draft.roller, &roles);
                            view! {
                                <tr>
                                    <th scope="row">
                                        <a href=routes::package_history(&v.noegle)>
                                            {v.noegle.clone()}
                                            <span class="sr-only">" – historik"</span>
                                        </a>
                                    </th>
                                    <td>{v.draft.navn.clone()}</td>
                                    <td>{names}</td>
                                    <td class="nowrap">{format::date(v.draft.gyldig_fra)}</td>
                                    <td class="nowrap">{format::date_or_dash(v.draft.gyldig_til)}</td>
                                    <td>
                                        <a href=routes::package_edit(&v.noegle)>
                                            "Ret" <span class="sr-only">{format!(" {} ({})", v.draft.navn, v.noegle)}</span>
                                        </a>
                                    </td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
        </div>
    }
}
