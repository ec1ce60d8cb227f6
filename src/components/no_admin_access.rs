//! What an admin page shows to a user who is not a systemadministrator.

use crate::components::{Alert, AlertKind, Page};
use crate::routes;
use leptos::prelude::*;

/// The page shown instead of an admin page to a user who is not an admin.
#[component]
pub fn NoAdminAccess() -> impl IntoView {
    view! {
        <Page title="Ingen adgang">
            <Alert kind=AlertKind::Warning heading="Du har ingen adgang til systemadministration">
                <p>"Siden er kun for systemadministratorer. Kontakt din systemadministrator, hvis du skal have adgang."</p>
            </Alert>
            <p>
                <a href=routes::MY_PACKAGES>"Gå til Mine opgavepakker"</a>
            </p>
        </Page>
    }
}
