//! `/`: sends the user to their start page.

use crate::routes;
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::NavigateOptions;

#[component]
pub fn HomeRedirect() -> impl IntoView {
    let admin = use_session().is_admin();
    view! { <Redirect path=routes::start_page(admin) options=NavigateOptions { replace: true, ..Default::default() }/> }
}
