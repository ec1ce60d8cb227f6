//! The page for any URL the app does not know.

use crate::components::Page;
use crate::routes;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <Page title="Siden findes ikke">
            <p class="font-lead">"Adressen findes ikke i Opgavepakker. Måske er linket forældet, eller der er en stavefejl i adressen."</p>
            <p>
                <a href=routes::HOME>"Gå til forsiden"</a>
            </p>
        </Page>
    }
}
