//! `/opgave/{id}`: one task. Someone else's or an untaken task shows its
//! facts and "Tag opgave"; a task the user has taken opens in its wizard
//! (`domain::casework::complete::Wizard`): `case_task` (Opret træk, Stop
//! sag, any other task) or `modtag_post`; a finished one shows the
//! decision. `finished` is what both wizards show after "Afslut",
//! `step_fields` the parts their steps share, `notices` what the page says
//! above the wizard (automatic processing, the invoice and its failed
//! attachments). Every state of the page ends with the task's history
//! ("Opgaveforløb", "Nye hændelser").
//! `?pakke=KEY` remembers the package the task was opened from, for the
//! link back.

pub mod case_task;
pub mod finished;
pub mod grant;
pub mod modtag_post;
pub mod notices;
mod step_fields;

use crate::api;
use crate::components::document_table::{task_label, DocumentTable};
use crate::components::not_found::NotFoundPage;
use crate::components::task_history::TaskHistory;
use crate::components::wizard;
use crate::components::{ActionButton, Alert, AlertKind, ErrorAlert, Loading, Page};
use crate::format;
use crate::routes;
use crate::routes::PACKAGE_PARAM;
use crate::session::use_session;
use crate::shortcuts::{use_shortcut, Shortcut};
use domain::casework::complete::Wizard;
use domain::model::OpgaveStatus;
use domain::wire::tasks::{HistoryEntry, TaskDetail};
use finished::{BackLinks, BackLinksView, DecisionRecordView};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use notices::TaskNotices;

#[component]
pub fn TaskPage() -> impl IntoView {
    let query = use_query_map();
    let id = routes::use_id_param();
    let package = Memo::new(move |_| query.with(|q| q.get(PACKAGE_PARAM)));
    let refresh = RwSignal::new(0u32);
    let detail = LocalResource::new(move || {
        refresh.track();
        let id = id.get();
        async move {
            match id {
                Some(id) => api::task(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <Suspense fallback=|| {
            view! {
                <Page title="Opgave">
                    <Loading text="Henter opgaven …"/>
                </Page>
            }
        }>
            {move || Suspend::new(async move {
                match detail.await {
                    Err(e) => view! {
                        <Page title="Opgave">
                            <ErrorAlert message=e.message() heading="Opgaven kunne ikke hentes"/>
                            <p>
                                <a href=routes::MY_PACKAGES>"Gå til Mine opgavepakker"</a>
                            </p>
                        </Page>
                    }
                    .into_any(),
                    Ok(None) => view! { <NotFoundPage/> }.into_any(),
                    Ok(Some(d)) => {
                        let back = BackLinks { package: package.get_untracked(), citizen: d.borger.as_ref().map(|b| b.id) };
                        view! { <TaskView d back refresh/> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn TaskView(d: TaskDetail, back: BackLinks, refresh: RwSignal<u32>) -> impl IntoView {
    let me = use_session().user().map(|m| m.brugernavn).unwrap_or_default();
    let label = task_label(&d.opgave);
    let title = if label == d.wizard.label() { label } else { format!("{label} – {}", d.wizard.label()) };
    if d.opgave.status == OpgaveStatus::Afsluttet {
        return view! { <FinishedTask d back/> }.into_any();
    }
    if d.opgave.taget_af.as_deref() != Some(me.as_str()) {
        return view! { <ClaimGate d back refresh/> }.into_any();
    }
    // The history below the wizard: after "Afslut", the one the finish
    // answered (with the finish, and nothing new to the holder, who did it).
    let finished = RwSignal::new(None::<Vec<HistoryEntry>>);
    provide_context(wizard::Finishes(finished));
    let (historik, nye) = (d.historik.clone(), d.nye_haendelser.clone());
    let history = move || match finished.get() {
        Some(historik) => view! { <TaskHistory historik nye=Vec::new()/> },
        None => view! { <TaskHistory historik=historik.clone() nye=nye.clone()/> },
    };
    view! {
        <Page title>
            <TaskFacts d=d.clone()/>
            <TaskNotices d=d.clone()/>
            {match d.wizard {
                // Modtag post shows its documents in its first step.
                Wizard::ModtagPost => view! { <modtag_post::ModtagPostWizard d back/> }.into_any(),
                // Opret bevilling and Behandl eFaktura show their documents in a step.
                Wizard::OpretBevilling => view! { <grant::OpretBevillingWizard d back/> }.into_any(),
                Wizard::BehandlEfaktura => view! { <grant::BehandlEfakturaWizard d back/> }.into_any(),
                Wizard::TilfoejYdelse => {
                    let dokumenter = d.dokumenter.clone();
                    view! {
                        <grant::TilfoejYdelseWizard d back/>
                        <DocumentTable dokumenter caption="Dokumenter"/>
                    }
                    .into_any()
                }
                _ => {
                    let dokumenter = d.dokumenter.clone();
                    view! {
                        <case_task::CaseTaskWizard d back/>
                        <DocumentTable dokumenter caption="Dokumenter"/>
                    }
                    .into_any()
                }
            }}
            {history}
        </Page>
    }
    .into_any()
}

/// Borger, case and dates of a task, above its wizard.
#[component]
pub fn TaskFacts(d: TaskDetail) -> impl IntoView {
    if let Some(id) = d.borger.as_ref().map(|b| b.id) {
        let navigate = use_navigate();
        use_shortcut(Shortcut::Citizen, move || navigate(&routes::citizen(id), Default::default()));
    }
    view! {
        <dl class="task-facts">
            {d
                .borger
                .as_ref()
                .map(|b| {
                    view! {
                        <div>
                            <dt>"Borger"</dt>
                            <dd>
                                <a href=routes::citizen(b.id)>{b.navn.clone()}</a>
                                " "
                                <span class="cpr">{b.cpr.formatted()}</span>
                            </dd>
                        </div>
                    }
                })}
            {d
                .sag
                .as_ref()
                .map(|s| {
                    view! {
                        <div>
                            <dt>"Sag"</dt>
                            <dd>{s.titel.clone()}</dd>
                        </div>
                    }
                })}
            <div>
                <dt>"Kilde"</dt>
                <dd>{d.opgave.kilde.label()}</dd>
            </div>
            <div>
                <dt>"Oprettet"</dt>
                <dd>{format::date(d.opgave.oprettet)}</dd>
            </div>
            {d.opgave.frist.map(|f| {
                view! {
                    <div>
                        <dt>"Frist"</dt>
                        <dd>{format::date(f)}</dd>
                    </div>
                }
            })}
        </dl>
    }
}

/// A task the user has not taken: its facts and "Tag opgave".
#[component]
fn ClaimGate(d: TaskDetail, back: BackLinks, refresh: RwSignal<u32>) -> impl IntoView {
    let id = d.opgave.id;
    let claim = Action::new_local(move |_: &()| api::claim_task(id));
    Effect::new(move |_| {
        if let Some(Ok(_)) = claim.value().get() {
            refresh.update(|n| *n += 1);
        }
    });
    let taken_by = d.taget_af_navn.clone().or(d.opgave.taget_af.clone());
    let held_by_other = taken_by.is_some();
    let may_take = d.kan_tages;
    let take = move || {
        if may_take && !claim.pending().get_untracked() {
            claim.dispatch(());
        }
    };
    use_shortcut(Shortcut::Take, take);
    let title = task_label(&d.opgave);
    view! {
        <Page title>
            <TaskFacts d=d.clone()/>
            <TaskNotices d=d.clone()/>
            {match taken_by {
                Some(who) => view! {
                    <Alert kind=AlertKind::Info heading="Opgaven er taget">
                        <p>{format!("{who} har taget opgaven. Du kan se den, men ikke behandle den.")}</p>
                    </Alert>
                }
                .into_any(),
                None if d.kan_tages => view! {
                    <p>"Ingen har taget opgaven endnu. Tag den for at behandle den."</p>
                }
                .into_any(),
                None => ().into_any(),
            }}
            {move || {
                claim.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorAlert message=e.message() heading="Opgaven blev ikke taget"/> })
            }}
            {if d.kan_tages {
                view! {
                    <div class="form-actions">
                        <ActionButton label="Tag opgave" busy=claim.pending() shortcut=Shortcut::Take on_click=take/>
                    </div>
                }
                .into_any()
            } else if held_by_other {
                // Said above: who has it.
                ().into_any()
            } else {
                view! {
                    <Alert kind=AlertKind::Info heading="Opgaven er ikke i dine opgavepakker">
                        <p>
                            "Du kan se opgaven, men ikke tage den: ingen af de opgavepakker, dine roller giver, indeholder den. "
                            "Den behandles af en sagsbehandler, hvis roller giver en opgavepakke med den."
                        </p>
                    </Alert>
                }
                .into_any()
            }}
            <DocumentTable dokumenter=d.dokumenter caption="Dokumenter"/>
            <TaskHistory historik=d.historik nye=d.nye_haendelser/>
            <BackLinksView back/>
        </Page>
    }
}

#[component]
fn FinishedTask(d: TaskDetail, back: BackLinks) -> impl IntoView {
    let title = format!("{} (afsluttet)", task_label(&d.opgave));
    let notices = view! { <TaskNotices d=d.clone()/> };
    let by = d.beslutning.as_ref().map(|b| format!("Afsluttet af {}.", b.bruger_navn));
    let record = d.beslutning.clone();
    view! {
        <Page title>
            <TaskFacts d=d.clone()/>
            <Alert kind=AlertKind::Info heading="Opgaven er afsluttet">
                {by.map(|text| view! { <p>{text}</p> })}
            </Alert>
            {record.map(|record| view! { <DecisionRecordView record/> })}
            {notices}
            <DocumentTable dokumenter=d.dokumenter caption="Dokumenter"/>
            <TaskHistory historik=d.historik nye=d.nye_haendelser/>
            <BackLinksView back/>
        </Page>
    }
}
