//! `/systemadministration`: "Systemparameter – Søgning". The admin picks a
//! parameter type and a point in time ("gyldighedstidspunkt") and sees the
//! versions valid then. The chosen time is kept in the URL
//! (`?tidspunkt=YYYY-MM-DD`), so a search can be bookmarked and Back works.

use crate::api;
use crate::components::table::Column;
use crate::components::{Alert, AlertKind, ErrorAlert, Loading, Page, Table};
use crate::format;
use crate::pages::login::FieldError;
use crate::routes;
use crate::session::use_session;
use domain::model::Rolle;
use domain::PackageVersion;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The parameter types of DOMAIN.md; only "Opgavepakke" exists so far.
const PARAMETER_TYPES: &[(&str, &str, bool)] = &[
    ("opgavepakke", "Opgavepakke", true),
    ("formular-dokumentkategori", "Formular dokumentkategori mapning (kommer senere)", false),
    ("automatisk-sagsbehandling", "Indstillinger for automatisk sagsbehandling (kommer senere)", false),
];

const COLUMNS: &[Column] = &[
    Column::text("Nøgle"),
    Column::text("Navn"),
    Column::text("Roller"),
    Column::text("Gyldig fra"),
    Column::text("Gyldig til"),
];

#[component]
pub fn AdminPage() -> impl IntoView {
    if !use_session().is_admin() {
        return view! {
            <Page title="Ingen adgang">
                <Alert kind=AlertKind::Warning heading="Du har ingen adgang til systemadministration">
                    <p>"Siden er kun for systemadministratorer. Kontakt din systemadministrator, hvis du skal have adgang."</p>
                </Alert>
                <p>
                    <a href=routes::MY_PACKAGES>"Gå til Mine opgavepakker"</a>
                </p>
            </Page>
        }
        .into_any();
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
    let tried = RwSignal::new(false);
    let at_error = Memo::new(move |_| {
        (tried.get() && at_input.with(|s| format::parse_iso(s).is_none())).then_some("Angiv en gyldig dato for gyldighedstidspunktet.")
    });
    // Sending the form again for the time already shown fetches anew.
    let refresh = RwSignal::new(0u32);
    let date_input = NodeRef::<leptos::html::Input>::new();
    let navigate = use_navigate();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        match format::parse_iso(&at_input.get_untracked()) {
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
                    <select class="form-select" id="systemparameter" name="systemparameter">
                        {PARAMETER_TYPES
                            .iter()
                            .map(|(value, label, enabled)| {
                                view! {
                                    <option value=*value disabled=!enabled selected=*enabled>
                                        {*label}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="form-group" class:form-error=move || at_error.get().is_some()>
                    <label class="form-label" for="gyldighedstidspunkt">"Vælg gyldighedstidspunkt"</label>
                    {move || at_error.get().map(|m| view! { <FieldError id="gyldighedstidspunkt-fejl" message=m/> })}
                    <input
                        class="form-input form-input--date"
                        id="gyldighedstidspunkt"
                        name="tidspunkt"
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
            {move || {
                refresh.track();
                shown_at.get().map(|at| view! { <PackagesAt at/> })
            }}
        </Page>
    }
    .into_any()
}

/// The package versions valid on `at`, with their roles' names.
#[component]
fn PackagesAt(at: chrono::NaiveDate) -> impl IntoView {
    let packages = LocalResource::new(move || api::packages_at(at));
    let roles = LocalResource::new(api::roles);
    view! {
        <section class="search-result" aria-labelledby="resultat-overskrift">
            <h2 id="resultat-overskrift">"Søgeresultat"</h2>
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

#[component]
fn PackageTable(at: chrono::NaiveDate, list: Vec<PackageVersion>, roles: Vec<Rolle>) -> impl IntoView {
    let caption = format!(
        "{} {} gyldige pr. {}",
        list.len(),
        if list.len() == 1 { "opgavepakke" } else { "opgavepakker" },
        format::date(at)
    );
    view! {
        <Table caption columns=COLUMNS>
            {list
                .into_iter()
                .map(|v| {
                    let names = role_names(&v.draft.roller, &roles);
                    view! {
                        <tr>
                            <th scope="row">{v.noegle}</th>
                            <td>{v.draft.navn}</td>
                            <td>{names}</td>
                            <td class="nowrap">{format::date(v.draft.gyldig_fra)}</td>
                            <td class="nowrap">{format::date_or_dash(v.draft.gyldig_til)}</td>
                        </tr>
                    }
                })
                .collect_view()}
        </Table>
    }
}
