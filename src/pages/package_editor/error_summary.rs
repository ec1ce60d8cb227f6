//! The editor's error summary: after "Gem", every message shown, each a
//! link that moves focus to its field. Focused when a save is refused.

use crate::components::dkfds::error_summary::{ErrorSummary as Summary, SummaryItem};
use crate::editor::Editor;
use leptos::prelude::*;

#[component]
pub fn ErrorSummary(editor: Editor) -> impl IntoView {
    let shown = editor.shown_errors();
    let items = Signal::derive(move || {
        shown
            .get()
            .into_iter()
            .map(|e| SummaryItem { dom_id: e.field.id(), label: e.field.label().to_owned(), message: e.message })
            .collect::<Vec<_>>()
    });
    view! {
        <Summary heading="Opgavepakken kan ikke gemmes endnu" shown=Signal::derive(move || editor.summary_shown()) items node_ref=editor.summary_ref()/>
    }
}
