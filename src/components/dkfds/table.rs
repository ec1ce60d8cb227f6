//! A DKFDS data table with a caption and column headers (`<th scope="col">`),
//! inside a horizontally scrollable region that keyboard users can reach.
//! The caller gives the `<tbody>`: rows written in `view!`, or a
//! [`PatchedRows`](crate::components::patched_rows::PatchedRows) that is
//! patched in place.

use leptos::prelude::*;

/// One column: its header, and how its body cells are set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Column {
    pub label: &'static str,
    /// Right-aligned, tabular figures.
    pub numeric: bool,
    /// Kept on one line (dates, CPR numbers).
    pub nowrap: bool,
    /// The body cells are row headers (`<th scope="row">`).
    pub row_header: bool,
    /// A class for the column's `<col>` that sets its width; with any,
    /// the table gets a `<colgroup>`.
    pub width: Option<&'static str>,
}

impl Column {
    pub const fn text(label: &'static str) -> Column {
        Column { label, numeric: false, nowrap: false, row_header: false, width: None }
    }
    pub const fn number(label: &'static str) -> Column {
        Column { numeric: true, ..Column::text(label) }
    }
    pub const fn nowrap(self) -> Column {
        Column { nowrap: true, ..self }
    }
    pub const fn row_header(self) -> Column {
        Column { row_header: true, ..self }
    }
    pub const fn width(self, class: &'static str) -> Column {
        Column { width: Some(class), ..self }
    }
    /// The class of the column's body cells.
    pub fn cell_class(&self) -> &'static str {
        match (self.numeric, self.nowrap) {
            (true, true) => "numeric nowrap",
            (true, false) => "numeric",
            (false, true) => "nowrap",
            (false, false) => "",
        }
    }
}

#[component]
pub fn Table(
    /// Shown as the table's `<caption>` and names the scroll region.
    #[prop(into)]
    caption: Signal<String>,
    /// The caption is for screen readers only (a heading above says it).
    #[prop(optional)]
    caption_hidden: bool,
    columns: &'static [Column],
    /// More classes on the `<table>`.
    #[prop(optional)]
    class: &'static str,
    /// The `<tbody>`.
    children: Children,
) -> impl IntoView {
    let widths = columns.iter().any(|c| c.width.is_some());
    view! {
        <div class="table--responsive-scroll" role="region" aria-label=move || caption.get() tabindex="0">
            <table class=format!("table table--compact table--zebra {class}")>
                <caption class:sr-only=caption_hidden>{move || caption.get()}</caption>
                {widths.then(|| view! {
                    <colgroup>{columns.iter().map(|c| view! { <col class=c.width/> }).collect_view()}</colgroup>
                })}
                <thead>
                    <tr>
                        {columns
                            .iter()
                            .map(|c| {
                                view! {
                                    <th scope="col" class:numeric=c.numeric>
                                        {c.label}
                                    </th>
                                }
                            })
                            .collect_view()}
                    </tr>
                </thead>
                {children()}
            </table>
        </div>
    }
}
