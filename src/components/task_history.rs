//! The task page's history under one heading, as DKFDS tabs:
//! "Opgaveforløb" (everything that happened to the task: what, who, when,
//! oldest first) and "Nye hændelser" (what arrived since the holder last
//! opened the task, with its count as a badge). The tab with news is shown
//! first when there is any.

use crate::components::dkfds::table::Column;
use crate::components::{TabItem, Table, Tabs};
use crate::format;
use domain::wire::tasks::HistoryEntry;
use leptos::prelude::*;

const COLUMNS: &[Column] = &[Column::text("Tidspunkt").nowrap(), Column::text("Hændelse"), Column::text("Udført af").nowrap()];

/// Who did it: the user's name, or "System" for what arrived by itself.
pub fn actor(e: &HistoryEntry) -> String {
    e.bruger.clone().unwrap_or_else(|| "System".to_owned())
}

#[component]
pub fn TaskHistory(historik: Vec<HistoryEntry>, nye: Vec<HistoryEntry>) -> impl IntoView {
    let selected = usize::from(!nye.is_empty());
    let tabs = vec![
        TabItem {
            id: "opgaveforloeb",
            label: "Opgaveforløb",
            badge: None,
            panel:
                view! { <HistoryTable entries=historik caption="Opgaveforløb" empty="Der er ikke registreret noget på opgaven endnu."/> }
                    .into_any(),
        },
        TabItem {
            id: "nye-haendelser",
            label: "Nye hændelser",
            badge: Some(format::count(nye.len() as u64)),
            panel: view! {
                <HistoryTable entries=nye caption="Nye hændelser" empty="Der er ingen nye hændelser, siden opgaven sidst blev åbnet."/>
            }
            .into_any(),
        },
    ];
    view! {
        <section class="task-history" aria-labelledby="historik-overskrift">
            <h2 id="historik-overskrift">"Historik"</h2>
            <Tabs tabs selected label="Historik"/>
        </section>
    }
}

#[component]
fn HistoryTable(entries: Vec<HistoryEntry>, caption: &'static str, empty: &'static str) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p>{empty}</p> }.into_any();
    }
    let caption = format!("{caption} ({})", entries.len());
    view! {
        <Table caption caption_hidden=true columns=COLUMNS>
            <tbody>
                {entries
                    .into_iter()
                    .map(|e| {
                        let who = actor(&e);
                        view! {
                            <tr>
                                <td class="nowrap">{format::timestamp(&e.tidspunkt)}</td>
                                <td>{e.tekst}</td>
                                <td>{who}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </Table>
    }
    .into_any()
}
