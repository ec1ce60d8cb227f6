//! `/systemadministration/log`: the audit log (admin): who opened which
//! Borgeroverblik, finished which task, received which post. Newest first,
//! paged by the server (`?side=N`). Borgere are named by id, never by CPR.

use crate::api;
use crate::components::dkfds::pagination::page_count;
use crate::components::dkfds::table::Column;
use crate::components::{Alert, AlertKind, ErrorAlert, Loading, Page, Table};
use crate::format;
use crate::routes;
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `2026-03-07T10:15:00+01:00` → `07.03.2026 10:15`; anything else as is.
pub fn timestamp(rfc3339: &str) -> String {
    match (rfc3339.get(..10).and_then(format::parse_iso), rfc3339.get(11..16)) {
        (Some(d), Some(t)) => format!("{} {t}", format::date(d)),
        _ => rfc3339.to_owned(),
    }
}

const COLUMNS: &[Column] = &[
    Column::text("Tidspunkt"),
    Column::text("Bruger"),
    Column::text("Handling"),
    Column::text("Borger"),
    Column::text("Opgave"),
    Column::text("Detaljer"),
];

#[component]
pub fn AuditPage() -> impl IntoView {
    if !use_session().is_admin() {
        return view! {
            <Page title="Ingen adgang">
                <Alert kind=AlertKind::Warning heading="Du har ingen adgang til loggen">
                    <p>"Loggen er kun for systemadministratorer."</p>
                </Alert>
            </Page>
        }
        .into_any();
    }
    let query = use_query_map();
    let page =
        Memo::new(move |_| query.with(|q| q.get(routes::PAGE_PARAM)).and_then(|s| s.parse::<u32>().ok()).filter(|p| *p >= 1).unwrap_or(1));
    let log = LocalResource::new(move || api::audit(page.get()));
    view! {
        <Page title="Log">
            <p>"Hvem har åbnet borgeroverblik, afsluttet opgaver og modtaget post. Nyeste først."</p>
            <Transition fallback=|| view! { <Loading text="Henter loggen …"/> }>
                {move || Suspend::new(async move {
                    match log.await {
                        Err(e) => view! { <ErrorAlert message=e.message() heading="Loggen kunne ikke hentes"/> }.into_any(),
                        Ok(p) => {
                            let pages = page_count(p.total, p.sidestoerrelse);
                            let side = p.side;
                            view! {
                                <Table caption=format!("Log: {} hændelser, side {side} af {pages}", format::count(p.total)) columns=COLUMNS>
                                        <tbody>
                                            {p.poster
                                                .into_iter()
                                                .map(|e| {
                                                    view! {
                                                        <tr>
                                                            <td class="nowrap">{timestamp(&e.tidspunkt)}</td>
                                                            <td>{e.brugernavn}</td>
                                                            <td>{e.handling.label()}</td>
                                                            <td>
                                                                {e.borger_id.map(|b| view! { <a href=routes::citizen(b)>{format!("Borger nr. {b}")}</a> })}
                                                            </td>
                                                            <td>
                                                                {e.opgave_id.map(|o| view! { <a href=routes::task(o)>{format!("Opgave nr. {o}")}</a> })}
                                                            </td>
                                                            <td>{e.detaljer}</td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                </Table>
                                <nav class="pager" aria-label="Sider i loggen">
                                    {(side > 1).then(|| view! { <a class="button button-secondary" href=format!("{}?{}={}", routes::AUDIT, routes::PAGE_PARAM, side - 1)>"Forrige side"</a> })}
                                    {(side < pages).then(|| view! { <a class="button button-secondary" href=format!("{}?{}={}", routes::AUDIT, routes::PAGE_PARAM, side + 1)>"Næste side"</a> })}
                                </nav>
                            }
                            .into_any()
                        }
                    }
                })}
            </Transition>
        </Page>
    }
    .into_any()
}
