//! `/systemadministration/opgavepakke/{key}/historik`: every version of one
//! package, newest first, with its period, who saved it and when, the
//! change reason, and what changed against the version before it.

use crate::api;
use crate::components::{Alert, AlertKind, ErrorAlert, Loading, NoAdminAccess, Page};
use crate::editor::form::{version_changes, Change};
use crate::format;
use crate::routes;
use crate::session::use_session;
use domain::model::Rolle;
use domain::wire::catalog::Catalog;
use domain::PackageVersion;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use std::sync::Arc;

#[component]
pub fn PackageHistoryPage() -> impl IntoView {
    let params = use_params_map();
    move || {
        if !use_session().is_admin() {
            return view! { <NoAdminAccess/> }.into_any();
        }
        let key = params.with(|p| p.get(routes::KEY_PARAM)).unwrap_or_default();
        view! { <History key/> }.into_any()
    }
}

#[component]
fn History(key: String) -> impl IntoView {
    let saved = use_query_map().with_untracked(|q| q.get(routes::SAVED_PARAM)).and_then(|v| v.parse::<i64>().ok());
    let k = key.clone();
    let versions = LocalResource::new(move || {
        let k = k.clone();
        async move { api::package_versions(&k).await }
    });
    let catalog = LocalResource::new(api::catalog);
    let roles = LocalResource::new(api::roles);
    let title = format!("Historik for opgavepakke {key}");
    view! {
        <Page title=title>
            <Suspense fallback=|| view! { <Loading text="Henter versionerne …"/> }>
                {move || {
                    let key = key.clone();
                    Suspend::new(async move {
                        let versions = match versions.await {
                            Ok(v) => v,
                            Err(e) => return view! { <ErrorAlert message=e.message() heading="Opgavepakken kunne ikke hentes"/> }.into_any(),
                        };
                        let catalog = match catalog.await {
                            Ok(c) => Arc::new(c),
                            Err(e) => return view! { <ErrorAlert message=e.message() heading="Kataloget kunne ikke hentes"/> }.into_any(),
                        };
                        let roles = roles.await.unwrap_or_default();
                        view! { <VersionList key versions catalog roles saved/> }.into_any()
                    })
                }}
            </Suspense>
        </Page>
    }
}

#[component]
fn VersionList(key: String, versions: Vec<PackageVersion>, catalog: Arc<Catalog>, roles: Vec<Rolle>, saved: Option<i64>) -> impl IntoView {
    let name = versions.first().map(|v| v.draft.navn.clone()).unwrap_or_default();
    let count = versions.len();
    let saved_alert = saved.filter(|id| versions.iter().any(|v| v.version == *id)).map(|_| {
        view! {
            <Alert kind=AlertKind::Success heading="Opgavepakken er gemt">
                <p>"Den nye version står øverst i historikken."</p>
            </Alert>
        }
    });
    let items: Vec<_> = versions
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let previous = versions.get(i + 1);
            let diff = previous.map(|p| version_changes(&p.draft, &v.draft, &catalog, &roles));
            (v.clone(), diff, count - i)
        })
        .collect();
    view! {
        {saved_alert}
        <p class="history-intro">
            <strong>{name}</strong>
            {format!(" ({key}) har {count} {}.", if count == 1 { "version" } else { "versioner" })}
        </p>
        <p>
            <a class="button button-primary" href=routes::package_edit(&key)>"Rediger (ny version)"</a>
            " "
            <a class="button button-secondary" href=routes::ADMIN>"Tilbage til søgning"</a>
        </p>
        <ol class="version-list nobullet-list" reversed>
            {items
                .into_iter()
                .map(|(v, diff, number)| view! { <VersionItem v diff number/> })
                .collect_view()}
        </ol>
    }
}

#[component]
fn VersionItem(v: PackageVersion, diff: Option<Vec<Change>>, number: usize) -> impl IntoView {
    let heading_id = format!("version-{}", v.version);
    let period = match v.draft.gyldig_til {
        Some(til) => format!("{} – {}", format::date(v.draft.gyldig_fra), format::date(til)),
        None => format!("fra {}, indtil videre", format::date(v.draft.gyldig_fra)),
    };
    let reason = if v.draft.aendringsaarsag.trim().is_empty() { "–".to_owned() } else { v.draft.aendringsaarsag.clone() };
    view! {
        <li class="version">
            <section aria-labelledby=heading_id.clone()>
                <h2 id=heading_id.clone() class="h3">{format!("Version {number}: gyldig {period}")}</h2>
                <dl class="version-facts">
                    <dt>"Gyldig fra"</dt>
                    <dd>{format::date(v.draft.gyldig_fra)}</dd>
                    <dt>"Gyldig til"</dt>
                    <dd>{format::date_or_dash(v.draft.gyldig_til)}</dd>
                    <dt>"Oprettet af"</dt>
                    <dd>{v.oprettet_af.clone()}</dd>
                    <dt>"Oprettet"</dt>
                    <dd>{format::timestamp(&v.oprettet)}</dd>
                    <dt>"Ændringsårsag"</dt>
                    <dd>{reason}</dd>
                </dl>
                {match diff {
                    None => view! { <p>"Første version."</p> }.into_any(),
                    Some(d) if d.is_empty() => view! { <p>"Ingen ændringer i forhold til versionen før."</p> }.into_any(),
                    Some(d) => view! {
                        <div class="table--responsive-scroll" role="region" aria-label=format!("Ændringer i version {number}") tabindex="0">
                            <table class="table table--compact">
                                <caption>"Ændringer i forhold til versionen før"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Felt"</th>
                                        <th scope="col">"Før"</th>
                                        <th scope="col">"Efter"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {d.into_iter().map(|c| view! {
                                        <tr>
                                            <th scope="row">{c.label}</th>
                                            <td>{c.before}</td>
                                            <td>{c.after}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                    .into_any(),
                }}
            </section>
        </li>
    }
}
