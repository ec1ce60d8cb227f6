//! `/mine-opgavepakker`: the packages the user's roles give, valid today,
//! with the exact number of open tasks in each.

use crate::api;
use crate::components::dkfds::table::Column;
use crate::components::{Alert, AlertKind, ErrorAlert, Loading, Page, Table};
use crate::format;
use crate::routes;
use domain::wire::packages::MyPackage;
use leptos::prelude::*;

const COLUMNS: &[Column] = &[Column::text("Navn"), Column::text("Beskrivelse"), Column::number("Åbne opgaver")];

#[component]
pub fn MyPackagesPage() -> impl IntoView {
    let packages = LocalResource::new(api::my_packages);
    view! {
        <Page title="Mine opgavepakker">
            <Suspense fallback=|| view! { <Loading text="Henter dine opgavepakker …"/> }>
                {move || Suspend::new(async move {
                    match packages.await {
                        Err(e) => view! { <ErrorAlert message=e.message() heading="Dine opgavepakker kunne ikke hentes"/> }.into_any(),
                        Ok(list) if list.is_empty() => view! {
                            <Alert kind=AlertKind::Info heading="Ingen opgavepakker">
                                <p>
                                    "Du har ingen opgavepakker. Kontakt din systemadministrator, hvis du skal have adgang til en opgavepakke."
                                </p>
                            </Alert>
                        }
                        .into_any(),
                        Ok(list) => view! { <MyPackageTable list/> }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn MyPackageTable(list: Vec<MyPackage>) -> impl IntoView {
    let total: u64 = list.iter().map(|p| p.aabne_opgaver).sum();
    view! {
        <p>
            "Du har adgang til " {list.len()} {if list.len() == 1 { " opgavepakke" } else { " opgavepakker" }}
            " med i alt " {format::count(total)} {if total == 1 { " åben opgave." } else { " åbne opgaver." }}
        </p>
        <Table caption="Opgavepakker du har adgang til" columns=COLUMNS>
            <tbody>
            {list
                .into_iter()
                .map(|p| {
                    view! {
                        <tr>
                            <th scope="row">
                                <a href=routes::package_tasks(&p.noegle)>{p.navn}</a>
                            </th>
                            <td>{p.beskrivelse}</td>
                            <td class="numeric">{format::count(p.aabne_opgaver)}</td>
                        </tr>
                    }
                })
                .collect_view()}
            </tbody>
        </Table>
    }
}
