//! `/mine-opgavepakker`: the packages the user's roles give, valid today,
//! with the exact number of open tasks in each. The list is live
//! ([`crate::live`]): counts and packages change on screen without a reload,
//! each row keeps its DOM (and a focused link its focus). The total is a
//! plain paragraph, not a live region: the counts change on their own (every
//! poll), and a screen reader is not to be interrupted by them.

use crate::api;
use crate::components::dkfds::table::Column;
use crate::components::{Alert, AlertKind, ErrorAlert, Loading, Page, Table};
use crate::format;
use crate::live::{live, StaleNotice};
use crate::routes;
use domain::wire::packages::MyPackage;
use leptos::prelude::*;

const COLUMNS: &[Column] = &[Column::text("Navn"), Column::text("Beskrivelse"), Column::number("Åbne opgaver")];

/// What the page shows; the list itself is read by the table's rows.
#[derive(Clone, Debug, PartialEq)]
enum Shown {
    Loading,
    Failed(String),
    Empty,
    List,
}

#[component]
pub fn MyPackagesPage() -> impl IntoView {
    let packages = live(|| (), |(), etag| api::my_packages(etag));
    let shown = Memo::new(move |_| {
        packages.value.with(|v| match v {
            None => Shown::Loading,
            Some(Err(e)) => Shown::Failed(e.message()),
            Some(Ok(l)) if l.is_empty() => Shown::Empty,
            Some(Ok(_)) => Shown::List,
        })
    });
    let list = Memo::new(move |_| packages.value.with(|v| v.as_ref().and_then(|r| r.as_ref().ok()).cloned().unwrap_or_default()));
    view! {
        <Page title="Mine opgavepakker">
            <StaleNotice stale=Signal::derive(move || packages.stale())/>
            {move || match shown.get() {
                Shown::Loading => view! { <Loading text="Henter dine opgavepakker …"/> }.into_any(),
                Shown::Failed(m) => view! { <ErrorAlert message=m heading="Dine opgavepakker kunne ikke hentes"/> }.into_any(),
                Shown::Empty => view! {
                    <Alert kind=AlertKind::Info heading="Ingen opgavepakker">
                        <p>"Du har ingen opgavepakker. Kontakt din systemadministrator, hvis du skal have adgang til en opgavepakke."</p>
                    </Alert>
                }
                .into_any(),
                Shown::List => view! { <MyPackageTable list/> }.into_any(),
            }}
        </Page>
    }
}

/// "Du har adgang til 3 opgavepakker med i alt 1.204 åbne opgaver."
pub fn summary(packages: usize, open: u64) -> String {
    format!(
        "Du har adgang til {packages} {} med i alt {} {}",
        if packages == 1 { "opgavepakke" } else { "opgavepakker" },
        format::count(open),
        if open == 1 { "åben opgave." } else { "åbne opgaver." }
    )
}

/// The total and the table of `list`.
#[component]
pub fn MyPackageTable(list: Memo<Vec<MyPackage>>) -> impl IntoView {
    let text = Memo::new(move |_| list.with(|l| summary(l.len(), l.iter().map(|p| p.aabne_opgaver).sum())));
    view! {
        <p class="package-summary">{text}</p>
        <Table caption="Opgavepakker du har adgang til" columns=COLUMNS>
            <tbody>
                <For each=move || list.with(|l| l.iter().map(|p| p.noegle.clone()).collect::<Vec<_>>()) key=|k| k.clone() let(key)>
                    <PackageRow list key/>
                </For>
            </tbody>
        </Table>
    }
}

/// One package's row: its cells follow the live list.
#[component]
fn PackageRow(list: Memo<Vec<MyPackage>>, key: String) -> impl IntoView {
    let k = key.clone();
    let row = Memo::new(move |_| list.with(|l| l.iter().find(|p| p.noegle == k).cloned()));
    let field = move |f: fn(&MyPackage) -> String| move || row.with(|r| r.as_ref().map(f).unwrap_or_default());
    view! {
        <tr>
            <th scope="row">
                <a href=routes::package_tasks(&key)>{field(|p| p.navn.clone())}</a>
            </th>
            <td>{field(|p| p.beskrivelse.clone())}</td>
            <td class="numeric">{field(|p| format::count(p.aabne_opgaver))}</td>
        </tr>
    }
}
