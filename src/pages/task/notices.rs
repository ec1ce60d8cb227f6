//! What the task page says above its wizard, whoever has the task:
//! automatic processing (the task is in no package while it is under it,
//! and why it fell out to manual work), and the invoice of a Behandl
//! eFaktura task with a DKFDS info box naming each attachment that could
//! not be stored and why.

use crate::components::{Alert, AlertKind};
use crate::format;
use domain::model::OpgaveStatus;
use domain::wire::intake::FailedAttachment;
use domain::wire::tasks::{InvoiceInfo, TaskDetail};
use leptos::prelude::*;

/// Under automatic processing, or fallen out of it with a reason.
#[derive(Clone, Debug, PartialEq)]
pub enum Automation {
    /// Under automatic processing; `waiting` when it waits for the borger's
    /// formue (status Venter).
    Automatic { waiting: bool, reason: Option<String> },
    /// Handed to manual work, with the reason.
    FellOut(String),
}

/// What the page says about automatic processing, if anything.
pub fn automation(d: &TaskDetail) -> Option<Automation> {
    let reason = d.udfald_aarsag.clone().filter(|r| !r.trim().is_empty());
    if d.automatisk {
        Some(Automation::Automatic { waiting: d.opgave.status == OpgaveStatus::Venter, reason })
    } else {
        reason.map(Automation::FellOut)
    }
}

/// "Et fakturabilag kunne ikke modtages" or "2 fakturabilag kunne ikke modtages".
pub fn failed_heading(count: usize) -> String {
    match count {
        0 | 1 => "Et fakturabilag kunne ikke modtages".to_owned(),
        n => format!("{n} fakturabilag kunne ikke modtages"),
    }
}

#[component]
pub fn TaskNotices(d: TaskDetail) -> impl IntoView {
    view! {
        {automation(&d).map(|a| view! { <AutomationNotice a/> })}
        {d.faktura.map(|f| view! { <InvoiceFacts f/> })}
    }
}

#[component]
fn AutomationNotice(a: Automation) -> impl IntoView {
    match a {
        Automation::Automatic { waiting, reason } => view! {
            <Alert kind=AlertKind::Info heading="Opgaven er under automatisk sagsbehandling">
                <p>
                    "Opgaven behandles automatisk og ligger ikke i nogen opgavepakke, før den falder ud til manuel behandling."
                </p>
                {waiting.then(|| view! { <p>"Den venter på oplysninger om borgerens formue fra Udbetaling Danmark."</p> })}
                {reason.map(|r| view! { <p>{r}</p> })}
            </Alert>
        }
        .into_any(),
        Automation::FellOut(reason) => view! {
            <Alert kind=AlertKind::Info heading="Opgaven er faldet ud til manuel behandling">
                <p>{reason}</p>
            </Alert>
        }
        .into_any(),
    }
}

#[component]
fn InvoiceFacts(f: InvoiceInfo) -> impl IntoView {
    let InvoiceInfo { fakturanummer, leverandoer, beloeb_oere, attached_documents_failed, fejlede_bilag } = f;
    view! {
        <section class="invoice-facts" aria-labelledby="faktura-overskrift">
            <h2 id="faktura-overskrift">"Faktura"</h2>
            <dl class="task-facts">
                <div>
                    <dt>"Fakturanummer"</dt>
                    <dd>{fakturanummer}</dd>
                </div>
                <div>
                    <dt>"Leverandør"</dt>
                    <dd>{leverandoer}</dd>
                </div>
                <div>
                    <dt>"Beløb"</dt>
                    <dd>{format::kroner(beloeb_oere)}</dd>
                </div>
            </dl>
            {attached_documents_failed.then(|| view! { <FailedAttachments failed=fejlede_bilag/> })}
        </section>
    }
}

#[component]
fn FailedAttachments(failed: Vec<FailedAttachment>) -> impl IntoView {
    let heading = failed_heading(failed.len());
    view! {
        <Alert kind=AlertKind::Info heading>
            {if failed.is_empty() {
                view! { <p>"Fakturaen er modtaget, men et eller flere af dens bilag kunne ikke gemmes."</p> }.into_any()
            } else {
                view! {
                    <p>"Fakturaen er modtaget, men disse bilag kunne ikke gemmes:"</p>
                    <ul class="failed-attachments">
                        {failed
                            .into_iter()
                            .map(|b| {
                                view! {
                                    <li>
                                        <strong>{b.filnavn}</strong>
                                        ": "
                                        {b.fejl.label()}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <p>"Bed leverandøren om at sende bilagene igen, hvis de skal bruges i behandlingen."</p>
                }
                .into_any()
            }}
        </Alert>
    }
}
