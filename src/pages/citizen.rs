//! Borgeroverblik. `/borger`: find a borger by CPR number (the number is
//! sent to the API only; the app's URLs name the borger by database id).
//! `/borger/{id}`: the borger, their cases, open tasks, the events received
//! about them (also those that made no task) and documents, and the
//! "Handlinger" menu that starts a process.

use crate::api;
use crate::components::case_selector::{activity_label, case_type_label};
use crate::components::dkfds::table::Column;
use crate::components::document_table::{task_label, DocumentTable, TableSection};
use crate::components::{Alert, AlertKind, ErrorAlert, Icon, Loading, Page};
use crate::format;
use crate::routes;
use crate::session::use_session;
use domain::catalog;
use domain::model::{Opgave, Permission, Sag};
use domain::wire::citizens::{CitizenOverview, ReceivedEvent};
use domain::Cpr;
use leptos::ev::{KeyboardEvent, SubmitEvent};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

/// Shown instead of a borger's data to a user without Borgeropslag.
const NO_LOOKUP: &str = "Ingen af dine roller giver rettigheden »Borgeropslag«, så du kan ikke slå borgere op. Bed en systemadministrator om en rolle, der giver den.";

#[component]
pub fn CitizenSearchPage() -> impl IntoView {
    if !use_session().may(Permission::Borgeropslag) {
        return view! {
            <Page title="Søg borger">
                <Alert kind=AlertKind::Info><p>{NO_LOOKUP}</p></Alert>
            </Page>
        }
        .into_any();
    }
    let input = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let field = NodeRef::<leptos::html::Input>::new();
    let navigate = use_navigate();
    let find = Action::new_local(|cpr: &Cpr| {
        let cpr = *cpr;
        async move { api::find_citizen(&cpr).await }
    });
    Effect::new(move |_| match find.value().get() {
        Some(Ok(id)) => {
            // The number is not kept once the borger is found.
            input.set(String::new());
            navigate(&routes::citizen(id), Default::default());
        }
        Some(Err(e)) => {
            error.set(Some(e.message()));
            if let Some(el) = field.get_untracked() {
                let _ = el.focus();
            }
        }
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if find.pending().get_untracked() {
            return;
        }
        match Cpr::parse_typed(&input.get_untracked()) {
            Ok(cpr) => {
                error.set(None);
                find.dispatch(cpr);
            }
            Err(e) => {
                error.set(Some(e.0.to_owned()));
                if let Some(el) = field.get_untracked() {
                    let _ = el.focus();
                }
            }
        }
    };
    view! {
        <Page title="Søg borger">
            <p>"Find en borger med CPR-nummer for at se borgerens sager, opgaver og dokumenter og starte en handling."</p>
            <form class="search-form cpr-form" novalidate autocomplete="off" on:submit=on_submit>
                <div class="form-group" class:form-error=move || error.get().is_some()>
                    <label class="form-label" for="cpr">"CPR-nummer"</label>
                    <span class="form-hint" id="cpr-hint">"10 cifre, med eller uden bindestreg, fx 010203-1234."</span>
                    {move || {
                        error
                            .get()
                            .map(|m| {
                                view! {
                                    <span class="form-error-message" id="cpr-fejl">
                                        <span class="sr-only">"Fejl: "</span>
                                        {m}
                                    </span>
                                }
                            })
                    }}
                    <input
                        class="form-input input-width-s"
                        id="cpr"
                        name="cpr"
                        type="text"
                        inputmode="numeric"
                        autocomplete="off"
                        spellcheck="false"
                        maxlength="11"
                        aria-invalid=move || error.get().map(|_| "true")
                        aria-describedby=move || if error.get().is_some() { "cpr-hint cpr-fejl" } else { "cpr-hint" }
                        node_ref=field
                        bind:value=input
                    />
                </div>
                <div class="form-actions">
                    <button class="button button-primary" type="submit" aria-disabled=move || find.pending().get().then_some("true")>
                        {move || if find.pending().get() { "Søger …" } else { "Find borger" }}
                    </button>
                </div>
            </form>
        </Page>
    }
    .into_any()
}

#[component]
pub fn CitizenPage() -> impl IntoView {
    let id = routes::use_id_param();
    let overview = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::citizen(id).await,
                None => Err(api::Error::Response {
                    status: 404,
                    error: domain::wire::ApiError { code: "ikke_fundet".into(), message: "Borgeren findes ikke.".into(), fields: vec![] },
                }),
            }
        }
    });
    view! {
        <Suspense fallback=|| {
            view! {
                <Page title="Borgeroverblik">
                    <Loading text="Henter borgeren …"/>
                </Page>
            }
        }>
            {move || Suspend::new(async move {
                match overview.await {
                    Err(e) => view! {
                        <Page title="Borgeroverblik">
                            <ErrorAlert message=e.message() heading="Borgeren kunne ikke hentes"/>
                            <p>
                                <a href=routes::CITIZEN_SEARCH>"Find en anden borger"</a>
                            </p>
                        </Page>
                    }
                    .into_any(),
                    Ok(o) => view! { <Overview o/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Overview(o: CitizenOverview) -> impl IntoView {
    let CitizenOverview { borger, sager, aabne_opgaver, dokumenter, haendelser } = o;
    let event_tasks = aabne_opgaver.clone();
    let title = format!("Borgeroverblik: {}", borger.navn);
    view! {
        <Page title>
            <p class="back-link-row">
                <a href=routes::CITIZEN_SEARCH class="back-link">"Find en anden borger"</a>
            </p>
            <div class="citizen-head">
                <dl class="citizen-facts">
                    <div>
                        <dt>"Navn"</dt>
                        <dd>{borger.navn.clone()}</dd>
                    </div>
                    <div>
                        <dt>"CPR-nummer"</dt>
                        <dd class="cpr">{borger.cpr.formatted()}</dd>
                    </div>
                    {borger
                        .pensionstype
                        .and_then(|p| catalog::name_of(catalog::PENSION_TYPES, p))
                        .map(|p| {
                            view! {
                                <div>
                                    <dt>"Pensionstype"</dt>
                                    <dd>{p}</dd>
                                </div>
                            }
                        })}
                </dl>
                <ActionsMenu citizen_id=borger.id/>
            </div>
            <CaseTable sager/>
            <OpenTaskTable opgaver=aabne_opgaver/>
            <EventTable haendelser open_tasks=event_tasks/>
            <DocumentTable dokumenter caption="Dokumenter"/>
        </Page>
    }
}

/// "Handlinger": a disclosure button with a list of links. Escape closes
/// it and returns focus to the button; so does leaving it with Tab.
#[component]
pub fn ActionsMenu(citizen_id: i64) -> impl IntoView {
    let session = use_session();
    let allowed: Vec<routes::CitizenProcess> = routes::CitizenProcess::ALL.into_iter().filter(|p| session.may(p.permission())).collect();
    if allowed.is_empty() {
        return view! { <p class="actions-none">"Dine roller giver ikke ret til at starte processer for borgeren."</p> }.into_any();
    }
    let open = RwSignal::new(false);
    let button = NodeRef::<leptos::html::Button>::new();
    let wrapper = NodeRef::<leptos::html::Div>::new();
    // The handlers use the `try_` accessors: following a link in the menu
    // removes it from the page, and the browser still sends a focusout
    // while and after the menu's signals are disposed.
    let close_and_focus = move || {
        open.try_set(false);
        if let Some(b) = button.try_get_untracked().flatten() {
            let _ = b.focus();
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" && open.try_get_untracked() == Some(true) {
            ev.prevent_default();
            close_and_focus();
        }
    };
    let on_focusout = move |ev: leptos::ev::FocusEvent| {
        let inside = ev
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .zip(wrapper.try_get_untracked().flatten())
            .is_some_and(|(t, w)| w.contains(Some(&t)));
        if !inside {
            // Deferred: a focusout also comes while a route change removes
            // the menu, and a signal write in the middle of that unmount
            // would re-enter the renderer.
            request_animation_frame(move || {
                open.try_set(false);
            });
        }
    };
    view! {
        <div class="overflow-menu overflow-menu--open-left actions-menu" node_ref=wrapper on:keydown=on_keydown on:focusout=on_focusout>
            <button
                class="button button-secondary button-overflow-menu actions-menu-button"
                type="button"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls="handlinger-menu"
                node_ref=button
                on:click=move |_| open.update(|o| *o = !*o)
            >
                "Handlinger"
                <Icon name="chevron-down"/>
            </button>
            <div class="overflow-menu-inner" class:collapsed=move || !open.get() id="handlinger-menu">
                <ul class="overflow-list">
                    {allowed
                        .into_iter()
                        .map(|p| {
                            view! {
                                <li>
                                    <a href=routes::citizen_process(citizen_id, p.slug())>{p.label()}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        </div>
    }
    .into_any()
}

const CASE_COLUMNS: &[Column] = &[
    Column::text("Sagstitel"),
    Column::text("Sagstype"),
    Column::text("Bevillingens startdato"),
    Column::text("Status"),
    Column::text("Aktiv/passiv"),
];

const TASK_COLUMNS: &[Column] = &[
    Column::text("Opgave"),
    Column::text("Status"),
    Column::text("Kilde"),
    Column::text("Oprettet"),
    Column::text("Frist"),
    Column::text("Taget af"),
];

#[component]
fn CaseTable(sager: Vec<Sag>) -> impl IntoView {
    let mut sager = sager;
    domain::casework::process::sort_cases(&mut sager, domain::casework::process::CaseSort::Startdato);
    view! {
        <TableSection heading="Sager" count=sager.len() empty="Borgeren har ingen sager." columns=CASE_COLUMNS>
            <tbody>
                {sager
                    .into_iter()
                    .map(|s| {
                        view! {
                            <tr>
                                <th scope="row">{s.titel.clone()}</th>
                                <td>{case_type_label(&s)}</td>
                                <td class="nowrap">{format::date_or_dash(s.startdato)}</td>
                                <td>{s.status.label()}</td>
                                <td>{activity_label(&s)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </TableSection>
    }
}

#[component]
fn OpenTaskTable(opgaver: Vec<Opgave>) -> impl IntoView {
    view! {
        <TableSection heading="Åbne opgaver" count=opgaver.len() empty="Borgeren har ingen åbne opgaver." columns=TASK_COLUMNS>
            <tbody>
                {opgaver
                    .into_iter()
                    .map(|t| {
                        let label = task_label(&t);
                        view! {
                            <tr>
                                <th scope="row">
                                    <a href=routes::task(t.id)>{label}</a>
                                </th>
                                <td>{t.status.label()}</td>
                                <td>{t.kilde.label()}</td>
                                <td class="nowrap">{format::date(t.oprettet)}</td>
                                <td class="nowrap">{format::date_or_dash(t.frist)}</td>
                                <td>{t.taget_af_navn.clone().or_else(|| t.taget_af.clone()).unwrap_or_else(|| "–".to_owned())}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </TableSection>
    }
}

const EVENT_COLUMNS: &[Column] = &[Column::text("Modtaget").nowrap(), Column::text("Hændelse"), Column::text("Opgave")];

/// The link text of the task an event made: its label when it is still
/// open, else its number.
pub fn event_task_label(opgave_id: i64, open_tasks: &[Opgave]) -> String {
    open_tasks.iter().find(|t| t.id == opgave_id).map_or_else(|| format!("Opgave nr. {opgave_id}"), task_label)
}

/// "Hændelser": what source systems reported about the borger, newest
/// first, with the task each made, if any.
#[component]
fn EventTable(haendelser: Vec<ReceivedEvent>, open_tasks: Vec<Opgave>) -> impl IntoView {
    view! {
        <TableSection heading="Hændelser" count=haendelser.len() empty="Der er ikke modtaget hændelser om borgeren." columns=EVENT_COLUMNS>
            <tbody>
                {haendelser
                    .into_iter()
                    .map(|e| {
                        let task = match e.opgave_id {
                            Some(id) => view! { <a href=routes::task(id)>{event_task_label(id, &open_tasks)}</a> }.into_any(),
                            None => view! { <span>"Ingen opgave"</span> }.into_any(),
                        };
                        view! {
                            <tr>
                                <td class="nowrap">{format::timestamp(&e.modtaget)}</td>
                                <td>{e.beskrivelse}</td>
                                <td>{task}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </TableSection>
    }
}
