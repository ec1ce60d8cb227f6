//! The frame of every page: the one `<main id="main-content">`, the one
//! `<h1>` and the document `<title>`.
//!
//! After a client-side navigation the `<h1>` gets focus, so screen readers
//! announce the new page and keyboard users start from its top; the first
//! page of a visit is left alone.

use leptos::prelude::*;
use std::cell::Cell;

thread_local! {
    static SHOWN_BEFORE: Cell<bool> = const { Cell::new(false) };
}

pub const APP_NAME: &str = "Opgavepakker";

/// `"Mine opgavepakker – Opgavepakker"`.
pub fn document_title(page: &str) -> String {
    format!("{page} – {APP_NAME}")
}

/// Focuses `el` now if it is in the document, else in the next frame: a
/// view that waited for its data (in a `<Suspense>`) is built before it is
/// put in the document.
pub fn focus_when_shown(el: web_sys::HtmlElement) {
    if el.is_connected() {
        let _ = el.focus();
    } else {
        request_animation_frame(move || {
            if el.is_connected() {
                let _ = el.focus();
            }
        });
    }
}

#[component]
pub fn Page(#[prop(into)] title: String, children: Children) -> impl IntoView {
    document().set_title(&document_title(&title));
    let heading = NodeRef::<leptos::html::H1>::new();
    if SHOWN_BEFORE.with(|s| s.replace(true)) {
        Effect::new(move |_| {
            if let Some(h1) = heading.get() {
                focus_when_shown(h1.into());
            }
        });
    }
    view! {
        <main id="main-content" class="container page" tabindex="-1">
            <h1 node_ref=heading tabindex="-1">{title}</h1>
            {children()}
        </main>
    }
}
