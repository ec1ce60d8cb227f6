//! The wizards of tasks that act on one case: Opret træk, Stop sag, and any
//! other task (finish with a note). Each starts with "Vælg handling": the
//! task's own action or "Opret opfølgningsopgave"; the case is chosen with
//! the Sagsvælger under the chosen process's rule; then the action's fields
//! and "Opsummering". Nothing is sent before "Afslut". The steps, what each
//! step's "Næste" checks and the request are the domain's
//! (`domain::casework::wizards::CaseTaskForm`); this module shows them.

use super::finished::{BackLinks, Finished};
use super::step_fields::{chosen_case, chosen_sag, described_by, invalid, shown, StepField, StepFieldset, StepInput, StepMessages};
use crate::api;
use crate::components::case_selector::ProcessCaseSelector;
use crate::components::wizard::{self, SummaryItem, Wizard, WizardStep};
use crate::format;
use crate::routes;
use crate::storage::stored;
use domain::casework::complete::{CompleteContext, Frekvens};
use domain::casework::process::Process;
use domain::casework::rules::Field;
use domain::casework::wizards::{parse_kroner, CaseChoice, CaseTaskForm, CaseTaskStep};
use domain::catalog;
use domain::model::Sag;
use domain::wire::tasks::TaskDetail;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[derive(Clone, Copy)]
struct State {
    choice: RwSignal<Option<CaseChoice>>,
    sag: RwSignal<Option<i64>>,
    beloeb: RwSignal<String>,
    startdato: RwSignal<String>,
    frekvens: RwSignal<Option<Frekvens>>,
    stopdato: RwSignal<String>,
    aarsag: RwSignal<String>,
    opfoelgningstype: RwSignal<Option<u16>>,
    frist: RwSignal<String>,
    note: RwSignal<String>,
}

impl State {
    fn new(key: &str) -> State {
        State {
            choice: stored(format!("{key}:handling"), None),
            sag: stored(format!("{key}:sag"), None),
            beloeb: stored(format!("{key}:beloeb"), String::new()),
            startdato: stored(format!("{key}:startdato"), String::new()),
            frekvens: stored(format!("{key}:frekvens"), None),
            stopdato: stored(format!("{key}:stopdato"), String::new()),
            aarsag: stored(format!("{key}:aarsag"), String::new()),
            opfoelgningstype: stored(format!("{key}:opfoelgningstype"), None),
            frist: stored(format!("{key}:frist"), String::new()),
            note: stored(format!("{key}:note"), String::new()),
        }
    }

    /// The fields as typed (tracked).
    fn form(self) -> CaseTaskForm {
        CaseTaskForm {
            handling: self.choice.get(),
            sag: self.sag.get(),
            beloeb: self.beloeb.get(),
            startdato: self.startdato.get(),
            frekvens: self.frekvens.get(),
            stopdato: self.stopdato.get(),
            aarsag: self.aarsag.get(),
            opfoelgningstype: self.opfoelgningstype.get(),
            frist: self.frist.get(),
            note: self.note.get(),
        }
    }
}

#[component]
pub fn CaseTaskWizard(d: TaskDetail, back: BackLinks) -> impl IntoView {
    let task_id = d.opgave.id;
    let key = format!("opgave:{task_id}");
    let st = State::new(&key);
    let kind = d.wizard;
    let options = CaseChoice::offered(kind, d.borger.is_some());
    // "Handlinger → Opret opfølgningsopgave" preselects the follow-up; a
    // choice kept from an earlier visit that is not offered is dropped.
    let query = use_query_map();
    if st.choice.get_untracked().is_some_and(|c| !options.contains(&c)) {
        st.choice.set(None);
    }
    if st.choice.get_untracked().is_none() {
        let preset = query.with_untracked(|q| q.get(routes::ACTION_PARAM));
        let preset = options.iter().copied().find(|c| preset.as_deref() == Some(routes::action_value(*c)));
        st.choice.set(preset.or(Some(options[0])));
    }
    let offered = StoredValue::new(options);
    let ctx = StoredValue::new(CompleteContext::for_task(&d.opgave, &d.dokumenter, format::today()));
    let citizen_id = d.borger.as_ref().map(|b| b.id);
    let cases = RwSignal::new(Vec::<Sag>::new());
    // The summary names the chosen case even when the Sagsvælger step has
    // not been shown in this visit (the state was restored).
    let case_list = LocalResource::new(move || {
        let process = st.choice.get().and_then(CaseChoice::process);
        async move {
            match (citizen_id, process) {
                (Some(c), Some(p)) => api::citizen_cases(c, p).await.map(|s| s.valgbare).unwrap_or_default(),
                _ => Vec::new(),
            }
        }
    });

    // The chosen case's start bounds the dates of Opret træk and Stop sag.
    let check = move |step: CaseTaskStep| {
        let sag = chosen_sag(st.sag.get(), cases, case_list);
        ctx.with_value(|c| st.form().check(step, c, sag.as_ref()))
    };
    let wizard_step = move |step: CaseTaskStep| {
        WizardStep::new(
            step.title(),
            move || {
                let messages = Memo::new(move |_| check(step));
                match step {
                    CaseTaskStep::VaelgHandling => view! { <ChoiceStep st options=offered.get_value() messages/> }.into_any(),
                    CaseTaskStep::VaelgSag => match (citizen_id, st.choice.get_untracked().and_then(CaseChoice::process)) {
                        (Some(c), Some(process)) => view! { <CaseStep st citizen_id=c process cases messages/> }.into_any(),
                        _ => view! { <p>"Opgaven har ingen borger, så der kan ikke vælges en sag."</p> }.into_any(),
                    },
                    CaseTaskStep::BeloebOgPeriode => view! { <TraekStep st messages/> }.into_any(),
                    CaseTaskStep::StopdatoOgAarsag => view! { <StopStep st messages/> }.into_any(),
                    CaseTaskStep::Opfoelgning => view! { <FollowUpStep st messages/> }.into_any(),
                    CaseTaskStep::Note => view! { <NoteStep st label="Note (valgfri)" messages/> }.into_any(),
                }
            },
            move || check(step),
        )
    };
    let steps = Signal::derive(move || {
        CaseTaskForm { handling: st.choice.get(), ..Default::default() }.steps().into_iter().map(wizard_step).collect::<Vec<_>>()
    });

    let summary = Signal::derive(move || {
        let mut items = Vec::new();
        let Some(choice) = st.choice.get() else { return items };
        items.push(SummaryItem::new("Handling", choice.label()));
        if choice.process().is_some() {
            items.push(SummaryItem::new("Sag", chosen_case(st.sag.get(), cases, case_list)));
        }
        let date = |s: &str| format::parse_iso(s).map_or_else(|| "Ikke angivet".to_owned(), format::date);
        match choice {
            CaseChoice::OpretTraek => {
                items.push(SummaryItem::new(
                    "Beløb",
                    parse_kroner(&st.beloeb.get()).map_or_else(|_| "Ikke angivet".to_owned(), format::kroner),
                ));
                items.push(SummaryItem::new("Startdato", date(&st.startdato.get())));
                items.push(SummaryItem::new("Frekvens", st.frekvens.get().map_or("Ikke valgt", Frekvens::label)));
            }
            CaseChoice::StopSag => {
                items.push(SummaryItem::new("Stopdato", date(&st.stopdato.get())));
                items.push(SummaryItem::new("Årsag", st.aarsag.get()));
            }
            CaseChoice::Opfoelgning => {
                items.push(SummaryItem::new(
                    "Opfølgningsopgavetype",
                    st.opfoelgningstype.get().and_then(|t| catalog::name_of(catalog::FOLLOWUP_TYPES, t)).unwrap_or("Ikke valgt"),
                ));
                items.push(SummaryItem::new("Frist", date(&st.frist.get())));
                items.push(SummaryItem::new("Note", non_empty(st.note.get())));
            }
            CaseChoice::Afslut => items.push(SummaryItem::new("Note", non_empty(st.note.get()))),
        }
        items
    });

    // The server's record of the decision, for the success page.
    let record = RwSignal::new(None::<domain::wire::tasks::DecisionRecord>);
    let report = wizard::report_finish();
    let finish = Action::new_local(move |_: &()| {
        let req = untrack(move || st.form()).request();
        async move {
            match req {
                Some(r) => {
                    let result = api::complete_task_with_result(task_id, &r).await?;
                    report(&result);
                    record.set(Some(result.beslutning));
                    Ok(())
                }
                None => Err(api::Error::Unexpected),
            }
        }
    });
    let done = wizard::finished(finish, key.clone());
    let done_text = move || match st.choice.get_untracked() {
        Some(CaseChoice::OpretTraek) => "Trækket er oprettet på sagen.",
        Some(CaseChoice::StopSag) => "Sagen er stoppet fra den valgte dato.",
        Some(CaseChoice::Opfoelgning) => "Opfølgningsopgaven er oprettet.",
        _ => "Der er ikke oprettet noget nyt: opgaven er lukket, og en eventuel note står i historikken.",
    };
    let back = StoredValue::new(back);
    let label = format!("Trin i {}", kind.label());
    move || {
        if done.get() {
            view! {
                <Finished heading=finished_heading(kind) text=done_text() back=back.get_value() record=record.get_untracked()/>
            }
            .into_any()
        } else {
            view! { <Wizard storage_key=key.clone() label=label.clone() steps summary finish/> }.into_any()
        }
    }
}

fn non_empty(s: String) -> String {
    if s.trim().is_empty() {
        "Ingen".to_owned()
    } else {
        s.trim().to_owned()
    }
}

#[component]
fn ChoiceStep(st: State, options: Vec<CaseChoice>, messages: StepMessages) -> impl IntoView {
    let error = shown(messages, Field::Handling);
    view! {
        <StepFieldset field=Field::Handling legend="Vælg handling" error>
                {options
                    .into_iter()
                    .map(|c| {
                        let id = format!("valg-{}", routes::action_value(c));
                        view! {
                            <div class="form-group-radio">
                                <input
                                    class="form-radio"
                                    type="radio"
                                    name="handling"
                                    id=id.clone()
                                    value=routes::action_value(c)
                                    prop:checked=move || st.choice.get() == Some(c)
                                    on:change=move |_| {
                                        if st.choice.get_untracked() != Some(c) {
                                            // Another process has another case rule.
                                            st.sag.set(None);
                                            st.choice.set(Some(c));
                                        }
                                    }
                                />
                                <label for=id>{c.label()}</label>
                            </div>
                        }
                    })
                    .collect_view()}
        </StepFieldset>
    }
}

#[component]
fn CaseStep(st: State, citizen_id: i64, process: Process, cases: RwSignal<Vec<Sag>>, messages: StepMessages) -> impl IntoView {
    let error = shown(messages, Field::Sag);
    let rule = match process {
        Process::StopSag => "Stop sag kan kun vælge aktive sager, der er afgjort.",
        Process::OpretOpfoelgningsopgave => "Opret opfølgningsopgave kan vælge aktive sager og sager under behandling eller oplysning.",
        _ => "Kun aktive sager, der er afgjort, kan vælges.",
    };
    let id = Field::Sag.fixed_dom_id().unwrap_or("sag");
    view! {
        <p>{rule}</p>
        <ProcessCaseSelector id citizen_id process caption="Vælg sag" selected=st.sag loaded=cases error/>
    }
}

#[component]
fn TraekStep(st: State, messages: StepMessages) -> impl IntoView {
    let beloeb = shown(messages, Field::Beloeb);
    let startdato = shown(messages, Field::Startdato);
    let frekvens = shown(messages, Field::Frekvens);
    view! {
        <StepField field=Field::Beloeb label="Beløb (kr.)" hint="Med komma før ører, fx 1.250,50." error=beloeb>
            <input
                class="form-input input-width-s"
                type="text"
                inputmode="decimal"
                id=Field::Beloeb.dom_id()
                aria-describedby=described_by(Field::Beloeb, Some("beloeb-hint"), beloeb)
                aria-invalid=invalid(beloeb)
                bind:value=st.beloeb
            />
        </StepField>
        <DateField field=Field::Startdato label="Startdato" value=st.startdato error=startdato/>
        <StepFieldset field=Field::Frekvens legend="Frekvens" error=frekvens>
                {Frekvens::ALL
                    .iter()
                    .copied()
                    .map(|f| {
                        let id = format!("frekvens-{}", f.code());
                        view! {
                            <div class="form-group-radio">
                                <input
                                    class="form-radio"
                                    type="radio"
                                    name="frekvens"
                                    id=id.clone()
                                    prop:checked=move || st.frekvens.get() == Some(f)
                                    on:change=move |_| st.frekvens.set(Some(f))
                                />
                                <label for=id>{f.label()}</label>
                            </div>
                        }
                    })
                    .collect_view()}
        </StepFieldset>
    }
}

/// A date of a step (`<input type="date">`).
#[component]
fn DateField(field: Field, label: &'static str, value: RwSignal<String>, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <StepField field label error>
            <StepInput field error value on_value=Callback::new(move |v| value.set(v))/>
        </StepField>
    }
}

/// A text of up to 2000 characters (Årsag, note).
#[component]
fn TextField(field: Field, label: &'static str, value: RwSignal<String>, messages: StepMessages) -> impl IntoView {
    let error = shown(messages, field);
    view! {
        <StepField field label error>
            <textarea
                class="form-input"
                id=field.dom_id()
                rows="4"
                maxlength="2000"
                aria-describedby=described_by(field, None, error)
                aria-invalid=invalid(error)
                bind:value=value
            ></textarea>
        </StepField>
    }
}

#[component]
fn StopStep(st: State, messages: StepMessages) -> impl IntoView {
    view! {
        <DateField field=Field::Stopdato label="Stopdato" value=st.stopdato error=shown(messages, Field::Stopdato)/>
        <TextField field=Field::Aarsag label="Årsag" value=st.aarsag messages/>
    }
}

#[component]
fn FollowUpStep(st: State, messages: StepMessages) -> impl IntoView {
    let error = shown(messages, Field::Opfoelgningstype);
    view! {
        <StepField field=Field::Opfoelgningstype label="Opfølgningsopgavetype" error>
            <select
                class="form-select"
                id=Field::Opfoelgningstype.dom_id()
                aria-describedby=described_by(Field::Opfoelgningstype, None, error)
                aria-invalid=invalid(error)
                on:change=move |ev| st.opfoelgningstype.set(event_target_value(&ev).parse().ok())
            >
                <option value="" selected=move || st.opfoelgningstype.get().is_none()>"Vælg type"</option>
                {catalog::FOLLOWUP_TYPES
                    .iter()
                    .enumerate()
                    .map(|(i, name)| {
                        let id = i as u16 + 1;
                        view! { <option value=id.to_string() selected=move || st.opfoelgningstype.get() == Some(id)>{*name}</option> }
                    })
                    .collect_view()}
            </select>
        </StepField>
        <DateField field=Field::Frist label="Frist" value=st.frist error=shown(messages, Field::Frist)/>
        <NoteStep st label="Note (valgfri)" messages/>
    }
}

#[component]
fn NoteStep(st: State, label: &'static str, messages: StepMessages) -> impl IntoView {
    view! { <TextField field=Field::Note label value=st.note messages/> }
}

/// The heading after "Afslut": the wizard's name, except for the general
/// one, whose name ("Behandl opgave") is an instruction, not a process.
fn finished_heading(kind: domain::casework::complete::Wizard) -> String {
    match kind {
        domain::casework::complete::Wizard::Generel => "Opgaven er afsluttet".to_owned(),
        other => format!("{} er afsluttet", other.label()),
    }
}
