//! A `<tbody>` of plain-text rows that is patched in place.
//!
//! The live preview redraws up to 75 rows on every keystroke, and the
//! redraw has to reach the screen in the keystroke's frame. Three things
//! keep it there:
//! - The rows come as data (`R`, compared by value), and a row's texts are
//!   formatted only when its data differs from what it shows and it is
//!   being written; one effect then writes only the cells whose text
//!   changed (adding or removing rows at the end), instead of a reactive
//!   node per cell.
//! - Rows out of view wait: an `IntersectionObserver` keeps track of which
//!   rows are on screen; those, a few below them (new text can make the
//!   rows in view shorter and pull those up), and new rows are written at
//!   once, the rest when the browser is next idle, after that frame has
//!   been presented.
//!   Laying out text is the dominant cost of a redraw, so the keystroke's
//!   frame lays out only what the user can see.
//! - So a keystroke's own script is the comparison of the rows' data plus
//!   the few rows in view (see the edit-to-paint bench).
//!
//! The markup is that of a table written in `view!`: `<tr>` with `<td>` (or
//! `<th scope="row">`) cells, set as the table's [`Column`]s say.

use crate::components::dkfds::table::Column;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

struct Row<R> {
    tr: web_sys::Element,
    /// Each cell's text node and the text it shows.
    cells: Vec<(web_sys::Text, String)>,
    /// The data the row shows (none yet for a new row).
    data: Option<R>,
    /// Last reported by the observer.
    in_view: bool,
}

/// Rows below the last one in view that are written with the rows in view.
const ROWS_BELOW_VIEW: usize = 4;

struct Rows<R> {
    shown: Vec<Row<R>>,
    /// The data to show.
    wanted: Vec<R>,
    /// A pass for the rows out of view is scheduled.
    deferred: bool,
}

impl<R: PartialEq + Clone> Rows<R> {
    /// Writes the rows whose data differs from `wanted` (only the cells
    /// whose text changed), in every row or only in the rows in view; true
    /// when rows out of view were left.
    fn write(&mut self, all: bool, cells: &dyn Fn(&R) -> Vec<String>) -> bool {
        // The rows in view, and a few below them: rows in view that get
        // shorter text pull the next rows into view in the same frame.
        let reach = self.shown.iter().rposition(|r| r.in_view).map_or(0, |last| last + 1 + ROWS_BELOW_VIEW);
        let mut left = false;
        for (k, (row, want)) in self.shown.iter_mut().zip(&self.wanted).enumerate() {
            if row.data.as_ref() == Some(want) {
                continue;
            }
            if !all && !row.in_view && k >= reach {
                left = true;
                continue;
            }
            for ((node, on_screen), text) in row.cells.iter_mut().zip(cells(want)) {
                if *on_screen != text {
                    node.set_data(&text);
                    *on_screen = text;
                }
            }
            row.data = Some(want.clone());
        }
        left
    }
}

#[component]
pub fn PatchedRows<R, F>(
    /// The data of each row.
    #[prop(into)]
    rows: Signal<Vec<R>>,
    /// A row's texts, one per column.
    cells: F,
    columns: &'static [Column],
) -> impl IntoView
where
    R: PartialEq + Clone + Send + Sync + 'static,
    F: Fn(&R) -> Vec<String> + 'static,
{
    let body = NodeRef::<leptos::html::Tbody>::new();
    let state = Rc::new(RefCell::new(Rows { shown: Vec::new(), wanted: Vec::new(), deferred: false }));
    let cells = Rc::new(cells);

    // Which rows are on screen, as the browser reports it after each frame.
    let observed = state.clone();
    let on_intersect = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let mut st = observed.borrow_mut();
        for entry in entries.iter().filter_map(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok()) {
            let target = entry.target();
            if let Some(row) = st.shown.iter_mut().find(|r| r.tr == target) {
                row.in_view = entry.is_intersecting();
            }
        }
    });
    let observer = web_sys::IntersectionObserver::new(on_intersect.as_ref().unchecked_ref()).ok();
    let observer = StoredValue::new_local((observer, on_intersect));
    on_cleanup(move || {
        observer.with_value(|(o, _)| {
            if let Some(o) = o {
                o.disconnect();
            }
        })
    });

    Effect::new(move |_| {
        let Some(tbody) = body.get() else { return };
        let Some(document) = tbody.owner_document() else { return };
        let mut st = state.borrow_mut();
        st.wanted = rows.get();
        while st.shown.len() > st.wanted.len() {
            if let Some(row) = st.shown.pop() {
                observer.with_value(|(o, _)| o.as_ref().map(|o| o.unobserve(&row.tr)));
                row.tr.remove();
            }
        }
        while st.shown.len() < st.wanted.len() {
            let Some(row) = new_row(&document, columns) else { return };
            let _ = tbody.append_child(&row.tr);
            observer.with_value(|(o, _)| o.as_ref().map(|o| o.observe(&row.tr)));
            st.shown.push(row);
        }
        // Without an observer every row counts as in view.
        let all = observer.with_value(|(o, _)| o.is_none());
        if st.write(all, &*cells) && !st.deferred {
            st.deferred = true;
            let (later, cells) = (state.clone(), cells.clone());
            // When the browser is idle: after this frame has been presented.
            request_idle_callback(move || {
                let mut st = later.borrow_mut();
                st.deferred = false;
                st.write(true, &*cells);
            });
        }
    });
    view! { <tbody node_ref=body></tbody> }
}

fn new_row<R>(document: &web_sys::Document, columns: &[Column]) -> Option<Row<R>> {
    let tr = document.create_element("tr").ok()?;
    let mut cells = Vec::with_capacity(columns.len());
    for c in columns {
        let cell = document.create_element(if c.row_header { "th" } else { "td" }).ok()?;
        if c.row_header {
            cell.set_attribute("scope", "row").ok()?;
        }
        if !c.cell_class().is_empty() {
            cell.set_class_name(c.cell_class());
        }
        let text = document.create_text_node("");
        cell.append_child(&text).ok()?;
        tr.append_child(&cell).ok()?;
        cells.push((text, String::new()));
    }
    // A new row is written at once: it may well be in view.
    Some(Row { tr, cells, data: None, in_view: true })
}
