//! The primary button of a page's one action that has a keyboard shortcut
//! ("Tag opgave", "Næste opgave", "Afslut").

use crate::shortcuts::Shortcut;
use leptos::prelude::*;

/// `aria-disabled` while `busy` (so it keeps focus and is announced as
/// unavailable), the shortcut in `aria-keyshortcuts`, and `busy_label` as
/// its text while `pending` (by default: while `busy`).
#[component]
pub fn ActionButton(
    label: &'static str,
    #[prop(default = None)] busy_label: Option<&'static str>,
    #[prop(into)] busy: Signal<bool>,
    #[prop(into, default = None)] pending: Option<Signal<bool>>,
    shortcut: Shortcut,
    on_click: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let pending = pending.unwrap_or(busy);
    view! {
        <button
            class="button button-primary"
            type="button"
            aria-disabled=move || busy.get().then_some("true")
            aria-keyshortcuts=shortcut.aria()
            on:click=move |_| on_click()
        >
            {move || match busy_label {
                Some(text) if pending.get() => text,
                _ => label,
            }}
        </button>
    }
}
