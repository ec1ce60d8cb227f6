//! A DKFDS data table with a caption and column headers (`<th scope="col">`),
//! inside a horizontally scrollable region that keyboard users can reach.

use leptos::prelude::*;

/// One column header; `numeric` right-aligns the column.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub label: &'static str,
    pub numeric: bool,
}

impl Column {
    pub const fn text(label: &'static str) -> Column {
        Column { label, numeric: false }
    }
    pub const fn number(label: &'static str) -> Column {
        Column { label, numeric: true }
    }
}

#[component]
pub fn Table(
    /// Shown as the table's `<caption>` and names the scroll region.
    #[prop(into)]
    caption: String,
    columns: &'static [Column],
    /// The `<tr>` rows of the body.
    children: Children,
) -> impl IntoView {
    let label = caption.clone();
    view! {
        <div class="table--responsive-scroll" role="region" aria-label=label tabindex="0">
            <table class="table table--compact table--zebra">
                <caption>{caption}</caption>
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
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
