//! A field's error message in DKFDS markup (`form-error-message`, with
//! "Fejl: " for screen readers). The input names it in its
//! `aria-describedby` by `id`.

use leptos::prelude::*;

/// The error message of a field; `id` is what the field's
/// `aria-describedby` names.
#[component]
pub fn FieldError(#[prop(into)] id: String, #[prop(into)] message: String) -> impl IntoView {
    view! {
        <span class="form-error-message" id=id>
            <span class="sr-only">"Fejl: "</span>
            {message}
        </span>
    }
}
