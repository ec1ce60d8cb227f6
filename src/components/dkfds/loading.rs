//! Loading indicator: the DKFDS spinner and a text, in a polite live region.

use leptos::prelude::*;

#[component]
pub fn Loading(#[prop(optional, into)] text: Option<String>) -> impl IntoView {
    let text = text.unwrap_or_else(|| "Henter …".to_owned());
    view! {
        <div class="loading" role="status">
            <div class="spinner spinner-small" aria-hidden="true"></div>
            <span class="loading-text">{text}</span>
        </div>
    }
}
