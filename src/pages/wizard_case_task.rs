//! The wizards of tasks that act on one case: Opret træk, Stop sag, and any
//! other task (finish with a note). Each starts with "Vælg handling": the
//! task's own action or "Opret opfølgningsopgave"; the case is chosen with
//! the Sagsvælger under the chosen process's rule; then the action's fields
//! and "Opsummering". Nothing is sent before "Afslut".

use crate::api;
use crate::components::case_selector::{case_summary, ProcessCaseSelector};
use crate::components::wizard::{self, SummaryItem, Wizard, WizardStep};
use crate::format;
use crate::pages::task::{BackLinks, Finished};
use crate::storage::stored;
use domain::casework::{CompleteRequest, Frekvens, Process, TaskDetail, Wizard as WizardKind};
use domain::catalog;
use domain::model::Sag;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// Query parameter of `/opgave/{id}` that preselects the action
/// (`?handling=opfoelgning`), used when a process is started from
/// "Handlinger → Opret opfølgningsopgave".
pub const ACTION_PARAM: &str = "handling";
pub const FOLLOW_UP_VALUE: &str = "opfoelgning";

/// "Vælg handling".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Choice {
    OpretTraek,
    StopSag,
    Afslut,
    Opfoelgning,
}

impl Choice {
    pub fn label(self) -> &'static str {
        match self {
            Choice::OpretTraek => "Opret træk",
            Choice::StopSag => "Stop sag",
            Choice::Afslut => "Afslut opgaven",
            Choice::Opfoelgning => "Opret opfølgningsopgave",
        }
    }
    fn value(self) -> &'static str {
        match self {
            Choice::OpretTraek => "opret-traek",
            Choice::StopSag => "stop-sag",
            Choice::Afslut => "afslut",
            Choice::Opfoelgning => "opfoelgning",
        }
    }
    /// The process whose rule decides the Sagsvælger's cases.
    pub fn process(self) -> Option<Process> {
        match self {
            Choice::OpretTraek => Some(Process::OpretTraek),
            Choice::StopSag => Some(Process::StopSag),
            Choice::Opfoelgning => Some(Process::OpretOpfoelgningsopgave),
            Choice::Afslut => None,
        }
    }
    /// The steps after "Vælg handling".
    pub fn step_titles(self) -> &'static [&'static str] {
        match self {
            Choice::OpretTraek => &["Vælg sag", "Beløb og periode"],
            Choice::StopSag => &["Vælg sag", "Stopdato og årsag"],
            Choice::Opfoelgning => &["Vælg sag", "Opfølgning"],
            Choice::Afslut => &["Note"],
        }
    }
}

/// The choices of a wizard: its own action first.
pub fn choices(kind: WizardKind) -> [Choice; 2] {
    match kind {
        WizardKind::OpretTraek => [Choice::OpretTraek, Choice::Opfoelgning],
        WizardKind::StopSag => [Choice::StopSag, Choice::Opfoelgning],
        _ => [Choice::Afslut, Choice::Opfoelgning],
    }
}

#[derive(Clone, Copy)]
struct State {
    choice: RwSignal<Option<Choice>>,
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

    fn request(self) -> Option<CompleteRequest> {
        Some(match self.choice.get_untracked()? {
            Choice::OpretTraek => CompleteRequest::OpretTraek {
                sag_id: self.sag.get_untracked()?,
                beloeb_oere: format::parse_kroner(&self.beloeb.get_untracked()).ok()?,
                startdato: format::parse_iso(&self.startdato.get_untracked())?,
                frekvens: self.frekvens.get_untracked()?,
            },
            Choice::StopSag => CompleteRequest::StopSag {
                sag_id: self.sag.get_untracked()?,
                stopdato: format::parse_iso(&self.stopdato.get_untracked())?,
                aarsag: self.aarsag.get_untracked().trim().to_owned(),
            },
            Choice::Opfoelgning => CompleteRequest::OpretOpfoelgningsopgave {
                sag_id: self.sag.get_untracked()?,
                opfoelgningstype: self.opfoelgningstype.get_untracked()?,
                frist: format::parse_iso(&self.frist.get_untracked())?,
                note: self.note.get_untracked().trim().to_owned(),
            },
            Choice::Afslut => CompleteRequest::Afslut { note: self.note.get_untracked().trim().to_owned() },
        })
    }
}

fn date_error(value: &str, what: &str) -> Option<String> {
    if value.trim().is_empty() {
        Some(format!("Angiv {what}."))
    } else if format::parse_iso(value).is_none() {
        Some(format!("Angiv {what} som en gyldig dato."))
    } else {
        None
    }
}

#[component]
pub fn CaseTaskWizard(d: TaskDetail, back: BackLinks) -> impl IntoView {
    let task_id = d.opgave.id;
    let key = format!("opgave:{task_id}");
    let st = State::new(&key);
    let kind = d.wizard;
    let options = choices(kind);
    // "Handlinger → Opret opfølgningsopgave" preselects the follow-up.
    let query = use_query_map();
    if st.choice.get_untracked().is_none() {
        let preset = query.with_untracked(|q| q.get(ACTION_PARAM)).filter(|v| v == FOLLOW_UP_VALUE).map(|_| Choice::Opfoelgning);
        st.choice.set(preset.or(Some(options[0])));
    }
    let citizen_id = d.borger.as_ref().map(|b| b.id);
    let cases = RwSignal::new(Vec::<Sag>::new());
    // The summary names the chosen case even when the Sagsvælger step has
    // not been shown in this visit (the state was restored).
    let case_list = LocalResource::new(move || {
        let process = st.choice.get().and_then(Choice::process);
        async move {
            match (citizen_id, process) {
                (Some(c), Some(p)) => api::citizen_cases(c, p).await.map(|s| s.valgbare).unwrap_or_default(),
                _ => Vec::new(),
            }
        }
    });
    let today = format::today();

    let choose_step = WizardStep::new(
        "Vælg handling",
        move || view! { <ChoiceStep st options/> }.into_any(),
        move || if st.choice.get().is_none() { vec!["Vælg en handling.".to_owned()] } else { Vec::new() },
    );
    let case_step = move |process: Process| {
        WizardStep::new(
            "Vælg sag",
            move || match citizen_id {
                Some(c) => view! { <CaseStep st citizen_id=c process cases/> }.into_any(),
                None => view! { <p>"Opgaven har ingen borger, så der kan ikke vælges en sag."</p> }.into_any(),
            },
            move || if st.sag.get().is_none() { vec!["Vælg en sag i sagsvælgeren.".to_owned()] } else { Vec::new() },
        )
    };
    let steps = Signal::derive(move || {
        let mut v = vec![choose_step.clone()];
        let Some(choice) = st.choice.get() else { return v };
        if let Some(p) = choice.process() {
            v.push(case_step(p));
        }
        v.push(match choice {
            Choice::OpretTraek => WizardStep::new(
                "Beløb og periode",
                move || view! { <TraekStep st/> }.into_any(),
                move || {
                    let mut e = Vec::new();
                    if let Err(m) = format::parse_kroner(&st.beloeb.get()) {
                        e.push(m.to_owned());
                    }
                    e.extend(date_error(&st.startdato.get(), "en startdato"));
                    if st.frekvens.get().is_none() {
                        e.push("Vælg hvor ofte trækket skal ske.".to_owned());
                    }
                    e
                },
            ),
            Choice::StopSag => WizardStep::new(
                "Stopdato og årsag",
                move || view! { <StopStep st/> }.into_any(),
                move || {
                    let mut e: Vec<String> = date_error(&st.stopdato.get(), "en stopdato").into_iter().collect();
                    if st.aarsag.with(|a| a.trim().is_empty()) {
                        e.push("Skriv en årsag til, at sagen stoppes.".to_owned());
                    }
                    if st.aarsag.with(|a| a.chars().count() > 2000) {
                        e.push("Årsagen må højst være 2000 tegn.".to_owned());
                    }
                    e
                },
            ),
            Choice::Opfoelgning => WizardStep::new(
                "Opfølgning",
                move || view! { <FollowUpStep st/> }.into_any(),
                move || {
                    let mut e = Vec::new();
                    if st.opfoelgningstype.get().is_none() {
                        e.push("Vælg en opfølgningsopgavetype.".to_owned());
                    }
                    match date_error(&st.frist.get(), "en frist") {
                        Some(m) => e.push(m),
                        None if format::parse_iso(&st.frist.get()).is_some_and(|f| f < today) => {
                            e.push("Fristen kan ikke ligge før i dag.".to_owned())
                        }
                        None => {}
                    }
                    if st.note.with(|n| n.chars().count() > 2000) {
                        e.push("Noten må højst være 2000 tegn.".to_owned());
                    }
                    e
                },
            ),
            Choice::Afslut => WizardStep::new(
                "Note",
                move || view! { <NoteStep st label="Note (valgfri)"/> }.into_any(),
                move || {
                    if st.note.with(|n| n.chars().count() > 2000) {
                        vec!["Noten må højst være 2000 tegn.".to_owned()]
                    } else {
                        Vec::new()
                    }
                },
            ),
        });
        v
    });

    let summary = Signal::derive(move || {
        let mut items = Vec::new();
        let Some(choice) = st.choice.get() else { return items };
        items.push(SummaryItem::new("Handling", choice.label()));
        if choice.process().is_some() {
            let text = st.sag.get().and_then(|id| {
                cases
                    .with(|c| c.iter().find(|s| s.id == id).map(case_summary))
                    .or_else(|| case_list.get().and_then(|c| c.iter().find(|s| s.id == id).map(case_summary)))
            });
            items.push(SummaryItem::new("Sag", text.unwrap_or_else(|| "Ikke valgt".into())));
        }
        let date = |s: &str| format::parse_iso(s).map_or_else(|| "Ikke angivet".to_owned(), format::date);
        match choice {
            Choice::OpretTraek => {
                items.push(SummaryItem::new(
                    "Beløb",
                    format::parse_kroner(&st.beloeb.get()).map_or_else(|_| "Ikke angivet".to_owned(), format::kroner),
                ));
                items.push(SummaryItem::new("Startdato", date(&st.startdato.get())));
                items.push(SummaryItem::new("Frekvens", st.frekvens.get().map_or("Ikke valgt", Frekvens::label)));
            }
            Choice::StopSag => {
                items.push(SummaryItem::new("Stopdato", date(&st.stopdato.get())));
                items.push(SummaryItem::new("Årsag", st.aarsag.get()));
            }
            Choice::Opfoelgning => {
                items.push(SummaryItem::new(
                    "Opfølgningsopgavetype",
                    st.opfoelgningstype.get().and_then(|t| catalog::name_of(catalog::FOLLOWUP_TYPES, t)).unwrap_or("Ikke valgt"),
                ));
                items.push(SummaryItem::new("Frist", date(&st.frist.get())));
                items.push(SummaryItem::new("Note", non_empty(st.note.get())));
            }
            Choice::Afslut => items.push(SummaryItem::new("Note", non_empty(st.note.get()))),
        }
        items
    });

    let finish = Action::new_local(move |_: &()| {
        let req = st.request();
        async move {
            match req {
                Some(r) => api::complete_task(task_id, &r).await,
                None => Err(api::Error::Unexpected),
            }
        }
    });
    let done = wizard::finished(finish, key.clone());
    let done_text = move || match st.choice.get_untracked() {
        Some(Choice::OpretTraek) => "Trækket er oprettet på sagen.",
        Some(Choice::StopSag) => "Sagen er stoppet fra den valgte dato.",
        Some(Choice::Opfoelgning) => "Opfølgningsopgaven er oprettet.",
        _ => "Opgaven er afsluttet.",
    };
    let back = StoredValue::new(back);
    let label = format!("Trin i {}", kind.label());
    move || {
        if done.get() {
            view! { <Finished heading=format!("{} er afsluttet", kind.label()) text=done_text() back=back.get_value()/> }.into_any()
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
fn ChoiceStep(st: State, options: [Choice; 2]) -> impl IntoView {
    view! {
        <fieldset class="form-group">
            <legend class="form-label">"Vælg handling"</legend>
            {options
                .into_iter()
                .map(|c| {
                    let id = format!("valg-{}", c.value());
                    view! {
                        <div class="form-group-radio">
                            <input
                                class="form-radio"
                                type="radio"
                                name="handling"
                                id=id.clone()
                                value=c.value()
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
        </fieldset>
    }
}

#[component]
fn CaseStep(st: State, citizen_id: i64, process: Process, cases: RwSignal<Vec<Sag>>) -> impl IntoView {
    let show_errors = wizard::use_wizard().map(|w| w.show_errors);
    let error = Signal::derive(move || (show_errors.is_some_and(|s| s.get()) && st.sag.get().is_none()).then(|| "Vælg en sag.".to_owned()));
    let rule = match process {
        Process::StopSag => "Stop sag kan kun vælge aktive sager, der er afgjort.",
        Process::OpretOpfoelgningsopgave => "Opret opfølgningsopgave kan vælge aktive sager og sager under behandling eller oplysning.",
        _ => "Kun aktive sager, der er afgjort, kan vælges.",
    };
    view! {
        <p>{rule}</p>
        <ProcessCaseSelector id="sag" citizen_id process caption="Vælg sag" selected=st.sag loaded=cases error/>
    }
}

#[component]
fn TraekStep(st: State) -> impl IntoView {
    view! {
        <div class="form-group">
            <label class="form-label" for="beloeb">"Beløb (kr.)"</label>
            <span class="form-hint" id="beloeb-hint">"Med komma før ører, fx 1.250,50."</span>
            <input class="form-input input-width-s" type="text" inputmode="decimal" id="beloeb" aria-describedby="beloeb-hint" bind:value=st.beloeb/>
        </div>
        <div class="form-group">
            <label class="form-label" for="startdato">"Startdato"</label>
            <input class="form-input form-input--date" type="date" id="startdato" bind:value=st.startdato/>
        </div>
        <fieldset class="form-group">
            <legend class="form-label">"Frekvens"</legend>
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
        </fieldset>
    }
}

#[component]
fn StopStep(st: State) -> impl IntoView {
    view! {
        <div class="form-group">
            <label class="form-label" for="stopdato">"Stopdato"</label>
            <input class="form-input form-input--date" type="date" id="stopdato" bind:value=st.stopdato/>
        </div>
        <div class="form-group">
            <label class="form-label" for="aarsag">"Årsag"</label>
            <textarea class="form-input" id="aarsag" rows="4" maxlength="2000" bind:value=st.aarsag></textarea>
        </div>
    }
}

#[component]
fn FollowUpStep(st: State) -> impl IntoView {
    view! {
        <div class="form-group">
            <label class="form-label" for="opfoelgningstype">"Opfølgningsopgavetype"</label>
            <select class="form-select" id="opfoelgningstype" on:change=move |ev| st.opfoelgningstype.set(event_target_value(&ev).parse().ok())>
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
        </div>
        <div class="form-group">
            <label class="form-label" for="frist">"Frist"</label>
            <input class="form-input form-input--date" type="date" id="frist" bind:value=st.frist/>
        </div>
        <NoteStep st label="Note (valgfri)"/>
    }
}

#[component]
fn NoteStep(st: State, label: &'static str) -> impl IntoView {
    view! {
        <div class="form-group">
            <label class="form-label" for="note">{label}</label>
            <textarea class="form-input" id="note" rows="4" maxlength="2000" bind:value=st.note></textarea>
        </div>
    }
}
