//! What the task page and its wizards show once a wizard is finished: the
//! outcome, the decision record (when, by whom, who verified the
//! Fuldmagt, each choice), "Næste opgave" of the package it came from, and
//! the links back (Borgeroverblik, the package's list).

use crate::api;
use crate::components::dkfds::page::focus_when_shown;
use crate::components::{ActionButton, Alert, AlertKind, ErrorAlert};
use crate::format;
use crate::routes;
use crate::shortcuts::{use_shortcut, Shortcut};
use domain::wire::tasks::DecisionRecord;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// The decision record of a finished wizard.
#[component]
pub fn DecisionRecordView(record: DecisionRecord) -> impl IntoView {
    view! {
        <section class="decision-record" aria-labelledby="beslutning-overskrift">
            <h2 id="beslutning-overskrift">"Beslutning"</h2>
            <dl>
                <dt>"Tidspunkt"</dt>
                <dd>{format::timestamp(&record.tidspunkt)}</dd>
                <dt>"Afsluttet af"</dt>
                <dd>{format!("{} ({})", record.bruger_navn, record.brugernavn)}</dd>
                {record.fuldmagt_verificeret_af.map(|name| view! {
                    <dt>"Fuldmagt verificeret af"</dt>
                    <dd>{name}</dd>
                })}
            </dl>
            <ul>{record.valg.into_iter().map(|v| view! { <li>{v}</li> }).collect_view()}</ul>
        </section>
    }
}

/// Where "back to the package" goes: the package's list, or Mine opgavepakker.
#[derive(Clone, Debug, PartialEq)]
pub struct BackLinks {
    pub package: Option<String>,
    pub citizen: Option<i64>,
}

#[component]
pub fn BackLinksView(back: BackLinks) -> impl IntoView {
    view! {
        {back.package.clone().map(|key| view! { <NextTaskButton key/> })}
        <ul class="back-links">
            {back.citizen.map(|c| view! { <li><a href=routes::citizen(c)>"Gå til Borgeroverblik"</a></li> })}
            {match back.package {
                Some(k) => view! { <li><a href=routes::package_tasks(&k)>"Tilbage til opgavepakken"</a></li> }.into_any(),
                None => view! { <li><a href=routes::MY_PACKAGES>"Tilbage til Mine opgavepakker"</a></li> }.into_any(),
            }}
        </ul>
    }
}

/// "Næste opgave" of the package the task was opened from: takes its oldest
/// untaken task and opens it (Alt+Shift+N too).
#[component]
fn NextTaskButton(key: String) -> impl IntoView {
    let next = Action::new_local(|key: &String| {
        let key = key.clone();
        async move { api::next_task(&key).await }
    });
    let navigate = use_navigate();
    let target = key.clone();
    Effect::new(move |_| {
        if let Some(Ok(r)) = next.value().get() {
            navigate(&routes::task_from_package(r.opgave_id, &target), Default::default());
        }
    });
    let take_next = move || {
        if !next.pending().get_untracked() {
            next.dispatch(key.clone());
        }
    };
    let take = take_next.clone();
    use_shortcut(Shortcut::NextTask, take);
    view! {
        {move || {
            next.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorAlert message=e.message() heading="Der blev ikke taget en opgave"/> })
        }}
        <div class="form-actions">
            <ActionButton
                label="Næste opgave"
                busy_label=Some("Tager næste opgave …")
                busy=next.pending()
                shortcut=Shortcut::NextTask
                on_click=take_next
            />
        </div>
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
    /// The server's record of the decision.
    #[prop(default = None)]
    record: Option<DecisionRecord>,
) -> impl IntoView {
    // The wizard's last step is gone: focus moves to what happened.
    let done = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = done.get() {
            focus_when_shown(el.into());
        }
    });
    view! {
        <div class="wizard-finished" tabindex="-1" node_ref=done>
            <Alert kind=AlertKind::Success heading=heading>
                <p>{text}</p>
            </Alert>
        </div>
        {record.map(|record| view! { <DecisionRecordView record/> })}
        {new_task.map(|id| view! { <p><a href=routes::task(id)>"Åbn den nye opgave"</a></p> })}
        <BackLinksView back/>
    }
}
