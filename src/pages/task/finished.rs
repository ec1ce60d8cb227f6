//! What the task page and its wizards show once a wizard is finished: the
//! outcome and the links back (Borgeroverblik, the package's list).

use crate::components::{Alert, AlertKind};
use crate::routes;
use leptos::prelude::*;

/// Where "back to the package" goes: the package's list, or Mine opgavepakker.
#[derive(Clone, Debug, PartialEq)]
pub struct BackLinks {
    pub package: Option<String>,
    pub citizen: Option<i64>,
}

#[component]
pub fn BackLinksView(back: BackLinks) -> impl IntoView {
    view! {
        <ul class="back-links">
            {back.citizen.map(|c| view! { <li><a href=routes::citizen(c)>"Gå til Borgeroverblik"</a></li> })}
            {match back.package {
                Some(k) => view! { <li><a href=routes::package_tasks(&k)>"Tilbage til opgavepakken"</a></li> }.into_any(),
                None => view! { <li><a href=routes::MY_PACKAGES>"Tilbage til Mine opgavepakker"</a></li> }.into_any(),
            }}
        </ul>
    }
}

/// The page after "Afslut": what happened and where to go next.
#[component]
pub fn Finished(
    #[prop(into)] heading: String,
    #[prop(into)] text: String,
    back: BackLinks,
    /// A task the wizard created, if any.
    #[prop(default = None)]
    new_task: Option<i64>,
) -> impl IntoView {
    view! {
        <Alert kind=AlertKind::Success heading=heading>
            <p>{text}</p>
        </Alert>
        {new_task.map(|id| view! { <p><a href=routes::task(id)>"Åbn den nye opgave"</a></p> })}
        <BackLinksView back/>
    }
}
