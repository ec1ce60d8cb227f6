//! The page for any URL the app does not know, and for a task or borger
//! id that does not exist (the router's fallback and those pages use it).

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
