//! The casework tables' shared parts: a section with a heading and a table
//! ([`TableSection`], also used by the Borgeroverblik's case and task
//! tables), the document table of the Borgeroverblik and the task page, and
//! the labels of a task and a document category.

use crate::components::dkfds::table::Column;
use crate::components::Table;
use crate::format;
use domain::catalog;
use domain::model::{Dokument, Opgave};
use leptos::prelude::*;

/// A Borgeroverblik section: its heading, then a table whose caption
/// (for screen readers) is "heading (count)", or `empty` when there are no rows.
#[component]
pub fn TableSection(
    heading: &'static str,
    count: usize,
    empty: &'static str,
    columns: &'static [Column],
    children: Children,
) -> impl IntoView {
    let heading_id = format!("{}-overskrift", heading.to_lowercase().replace(' ', "-"));
    let labelled_by = heading_id.clone();
    view! {
        <section class="citizen-section" aria-labelledby=labelled_by>
            <h2 id=heading_id>{heading}</h2>
            {if count == 0 {
                view! { <p>{empty}</p> }.into_any()
            } else {
                view! {
                    <Table caption=format!("{heading} ({count})") caption_hidden=true columns>
                        {children()}
                    </Table>
                }
                .into_any()
            }}
        </section>
    }
}

/// A task's type with its follow-up type, e.g. "Opfølgningsopgave: Formue har ændret sig".
pub fn task_label(t: &Opgave) -> String {
    let base = catalog::task_type_name(t.opgavetype).unwrap_or("(ukendt opgavetype)");
    match t.opfoelgningstype.and_then(|f| catalog::name_of(catalog::FOLLOWUP_TYPES, f)) {
        Some(f) => format!("{base}: {f}"),
        None => base.to_owned(),
    }
}

pub fn category_label(kategori: Option<u16>) -> &'static str {
    kategori.and_then(|k| catalog::name_of(catalog::DOCUMENT_CATEGORIES, k)).unwrap_or("Ingen kategori")
}

const DOCUMENT_COLUMNS: &[Column] = &[Column::text("Navn"), Column::text("Format"), Column::text("Kategori"), Column::text("Modtaget")];

/// Documents: name, format, category, received.
#[component]
pub fn DocumentTable(dokumenter: Vec<Dokument>, caption: &'static str) -> impl IntoView {
    view! {
        <TableSection heading=caption count=dokumenter.len() empty="Ingen dokumenter." columns=DOCUMENT_COLUMNS>
            <tbody>
                {dokumenter
                    .into_iter()
                    .map(|d| {
                        view! {
                            <tr>
                                <th scope="row">{d.navn.clone()}</th>
                                <td>{d.format.label()}</td>
                                <td>{category_label(d.kategori)}</td>
                                <td class="nowrap">{format::date(d.modtaget)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </TableSection>
    }
}
