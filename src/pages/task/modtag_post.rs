//! The Modtag post wizard (`docs/domain.md`, "Wizards"):
//! "Bestem behandling" (documents, the Fuldmagt checkbox, the action and its
//! fields), "Dokumenter" (rename and categorise documents the form mapping
//! does not cover), "Opsummering". Nothing is sent before "Afslut". What
//! each step's "Næste" checks and the request are the domain's
//! (`domain::casework::wizards::PostForm`); this module shows them.

use super::finished::{BackLinks, Finished};
use super::step_fields::{chosen_case, described_by, invalid, shown, StepError, StepField, StepFieldset, StepMessages};
use crate::api;
use crate::components::case_selector::ProcessCaseSelector;
use crate::components::document_table::{category_label, task_label, DocumentTable};
use crate::components::wizard::{self, SummaryItem, Wizard, WizardStep};
use crate::components::{Alert, AlertKind};
use crate::storage::stored;
use domain::casework::complete::CompleteContext;
use domain::casework::documents::form_mapping;
use domain::casework::process::Process;
use domain::casework::rules::Field;
use domain::casework::wizards::{DocEdit, PostChoice, PostForm, PostStep};
use domain::catalog::{self, task_type};
use domain::model::{Dokument, Opgave, Sag};
use domain::wire::tasks::TaskDetail;
use leptos::prelude::*;

/// The hint under an action of "Bestem behandling".
fn hint(h: PostChoice) -> &'static str {
    match h {
        PostChoice::OpretOpgave => "Start en ny opgave, fx Opret bevilling, med dokumenterne.",
        PostChoice::TilfoejSagsrelation => {
            "Knyt dokumenterne til en sag, der er afsluttet med bevilling eller afslag, eller opret en henvendelsessag."
        }
        PostChoice::TilfoejTilOpgave => "Knyt dokumenterne til en af borgerens igangværende opgaver.",
        PostChoice::IngenHandling => "Posten ignoreres.",
    }
}

/// The radio value and id suffix of an action.
fn value(h: PostChoice) -> &'static str {
    match h {
        PostChoice::OpretOpgave => "opret-opgave",
        PostChoice::TilfoejSagsrelation => "tilfoej-sagsrelation",
        PostChoice::TilfoejTilOpgave => "tilfoej-til-opgave",
        PostChoice::IngenHandling => "ingen-handling",
    }
}

/// The task types "Opret opgave" offers (the rule,
/// `domain::casework::rules::opgavetype`, accepts any but Modtag post).
pub fn creatable_task_types() -> Vec<(u16, &'static str)> {
    catalog::TASK_TYPES
        .iter()
        .enumerate()
        .map(|(i, t)| (i as u16 + 1, t))
        .filter(|(id, t)| t.group == catalog::GROUP_KP && ![task_type::MODTAG_POST, task_type::MODTAG_EFAKTURA].contains(id))
        .map(|(id, t)| (id, t.name))
        .collect()
}

/// Documents that get no name and category from "Formular dokumentkategori
/// mapning" and have none: these may be renamed and categorised.
pub fn unmapped(docs: &[Dokument]) -> Vec<Dokument> {
    docs.iter().filter(|d| d.kategori.is_none() && form_mapping(&d.navn).is_none()).cloned().collect()
}

#[derive(Clone, Copy)]
struct State {
    fuldmagt: RwSignal<bool>,
    handling: RwSignal<Option<PostChoice>>,
    opgavetype: RwSignal<Option<u16>>,
    /// "Opret henvendelsessag" instead of choosing a case.
    henvendelse: RwSignal<bool>,
    sag: RwSignal<Option<i64>>,
    opgave: RwSignal<Option<i64>>,
    /// By document id.
    edits: RwSignal<Vec<(i64, DocEdit)>>,
}

impl State {
    fn new(key: &str) -> State {
        State {
            fuldmagt: stored(format!("{key}:fuldmagt"), false),
            handling: stored(format!("{key}:handling"), None),
            opgavetype: stored(format!("{key}:opgavetype"), None),
            henvendelse: stored(format!("{key}:henvendelse"), false),
            sag: stored(format!("{key}:sag"), None),
            opgave: stored(format!("{key}:opgave"), None),
            edits: stored(format!("{key}:dokumenter"), Vec::new()),
        }
    }

    /// The fields as typed (tracked).
    fn form(self) -> PostForm {
        PostForm {
            fuldmagt: self.fuldmagt.get(),
            handling: self.handling.get(),
            opgavetype: self.opgavetype.get(),
            henvendelse: self.henvendelse.get(),
            sag: self.sag.get(),
            opgave: self.opgave.get(),
            dokumenter: self.edits.get(),
        }
    }
}

#[component]
pub fn ModtagPostWizard(d: TaskDetail, back: BackLinks) -> impl IntoView {
    let task_id = d.opgave.id;
    let key = format!("opgave:{task_id}");
    let st = State::new(&key);
    let needs_fuldmagt = d.kraever_fuldmagt;
    let citizen_id = d.borger.as_ref().map(|b| b.id);
    let docs = StoredValue::new(d.dokumenter.clone());
    let open_tasks: Vec<Opgave> = d.borgerens_aabne_opgaver.iter().filter(|t| t.id != task_id).cloned().collect();
    let open_tasks = StoredValue::new(open_tasks);
    let cases = RwSignal::new(Vec::<Sag>::new());
    // For the summary when the state was restored at a later step.
    let case_list = LocalResource::new(move || {
        let needed = st.handling.get() == Some(PostChoice::TilfoejSagsrelation);
        async move {
            match citizen_id.filter(|_| needed) {
                Some(c) => api::citizen_cases(c, Process::ModtagPostSagsrelation).await.map(|s| s.valgbare).unwrap_or_default(),
                None => Vec::new(),
            }
        }
    });

    let ctx = StoredValue::new(CompleteContext::for_task(&d.opgave, &d.dokumenter, crate::format::today()));
    let check = move |step: PostStep| ctx.with_value(|c| st.form().check(step, c));
    let steps: Vec<WizardStep> = PostStep::ALL
        .into_iter()
        .map(|step| {
            WizardStep::new(
                step.title(),
                move || {
                    let messages = Memo::new(move |_| check(step));
                    match step {
                        PostStep::BestemBehandling => {
                            view! { <DecideStep st needs_fuldmagt citizen_id docs open_tasks cases messages/> }.into_any()
                        }
                        PostStep::Dokumenter => view! { <DocumentsStep st docs messages/> }.into_any(),
                    }
                },
                move || check(step),
            )
        })
        .collect();

    let summary = Signal::derive(move || {
        let mut items = Vec::new();
        if needs_fuldmagt {
            items.push(SummaryItem::new("Fuldmagt er verificeret", if st.fuldmagt.get() { "Ja" } else { "Nej" }));
        }
        let handling = st.handling.get();
        items.push(SummaryItem::new("Handling", handling.map_or("Ikke valgt", PostChoice::label)));
        match handling {
            Some(PostChoice::OpretOpgave) => {
                items.push(SummaryItem::new("Ny opgave", st.opgavetype.get().and_then(catalog::task_type_name).unwrap_or("Ikke valgt")))
            }
            Some(PostChoice::TilfoejSagsrelation) if st.henvendelse.get() => items.push(SummaryItem::new("Sag", "Ny henvendelsessag")),
            Some(PostChoice::TilfoejSagsrelation) => items.push(SummaryItem::new("Sag", chosen_case(st.sag.get(), cases, case_list))),
            Some(PostChoice::TilfoejTilOpgave) => {
                let text = st.opgave.get().and_then(|id| open_tasks.with_value(|t| t.iter().find(|o| o.id == id).map(open_task_label)));
                items.push(SummaryItem::new("Igangværende opgave", text.unwrap_or_else(|| "Ikke valgt".into())));
            }
            _ => {}
        }
        docs.with_value(|docs| {
            for doc in docs {
                let edit = st.edits.with(|e| e.iter().find(|(id, _)| *id == doc.id).map(|(_, e)| e.clone()));
                let value = match edit {
                    Some(e) if !e.navn.trim().is_empty() || e.kategori.is_some() => {
                        let name = if e.navn.trim().is_empty() { doc.navn.clone() } else { format!("Omdøbes til »{}«", e.navn.trim()) };
                        format!("{name}; kategori: {}", category_label(e.kategori))
                    }
                    _ => match form_mapping(&doc.navn) {
                        Some(m) => format!("Får navnet »{}« og kategorien {} (formular-mapning)", m.navn, category_label(Some(m.kategori))),
                        None => format!("Uændret; kategori: {}", category_label(doc.kategori)),
                    },
                };
                items.push(SummaryItem::new(format!("Dokument: {}", doc.navn), value));
            }
        });
        items
    });

    // The task "Opret opgave" created, for a link on the success page.
    let created = RwSignal::new(None::<i64>);
    let record = RwSignal::new(None::<domain::wire::tasks::DecisionRecord>);
    let report = wizard::report_finish();
    let finish = Action::new_local(move |_: &()| {
        let req = untrack(move || st.form()).request();
        async move {
            match req {
                Some(r) => {
                    let result = api::complete_task_with_result(task_id, &r).await?;
                    report(&result);
                    created.set(result.ny_opgave_id);
                    record.set(Some(result.beslutning));
                    Ok(())
                }
                None => Err(api::Error::Unexpected),
            }
        }
    });
    let done = wizard::finished(finish, key.clone());
    let done_text = move || {
        match st.handling.get_untracked() {
        Some(PostChoice::OpretOpgave) => format!(
            "Der er oprettet en ny opgave »{}« til borgeren med dokumenterne. Den ligger på borgeroverblikket og i de opgavepakker, der fanger opgavetypen.",
            st.opgavetype.get_untracked().and_then(catalog::task_type_name).unwrap_or("")
        ),
        Some(PostChoice::TilfoejSagsrelation) => "Dokumenterne er knyttet til sagen.".to_owned(),
        Some(PostChoice::TilfoejTilOpgave) => "Dokumenterne er knyttet til den igangværende opgave.".to_owned(),
        _ => "Posten er behandlet uden handling.".to_owned(),
    }
    };
    let back = StoredValue::new(back);
    move || {
        if done.get() {
            view! {
                <Finished
                    heading="Modtag post er afsluttet"
                    text=done_text()
                    back=back.get_value()
                    new_task=created.get_untracked()
                    record=record.get_untracked()
                />
            }
            .into_any()
        } else {
            view! {
                <Wizard storage_key=key.clone() label="Trin i Modtag post" steps=Signal::stored(steps.clone()) summary finish/>
            }
            .into_any()
        }
    }
}

fn open_task_label(t: &Opgave) -> String {
    format!("{} ({}, oprettet {})", task_label(t), t.status.label(), crate::format::date(t.oprettet))
}

#[component]
fn DecideStep(
    st: State,
    needs_fuldmagt: bool,
    citizen_id: Option<i64>,
    docs: StoredValue<Vec<Dokument>>,
    open_tasks: StoredValue<Vec<Opgave>>,
    cases: RwSignal<Vec<Sag>>,
    messages: StepMessages,
) -> impl IntoView {
    let locked = move || needs_fuldmagt && !st.fuldmagt.get();
    let fuldmagt = shown(messages, Field::Fuldmagt);
    let handling = shown(messages, Field::Handling);
    let errors = RevealErrors {
        opgavetype: shown(messages, Field::Opgavetype),
        sag: shown(messages, Field::Sag),
        opgave: shown(messages, Field::Opgave),
    };
    view! {
        <DocumentTable dokumenter=docs.get_value() caption="Dokumenter i posten"/>
        {needs_fuldmagt
            .then(|| {
                view! {
                    <Alert kind=AlertKind::Info heading="Posten indeholder en fuldmagt">
                        <p>"Fuldmagten skal verificeres, før der kan vælges en handling."</p>
                    </Alert>
                    <div class="form-group" class:form-error=move || fuldmagt.with(Option::is_some)>
                        <StepError field=Field::Fuldmagt error=fuldmagt/>
                        <div class="form-group-checkbox">
                            <input
                                class="form-checkbox"
                                type="checkbox"
                                id=Field::Fuldmagt.dom_id()
                                aria-describedby=described_by(Field::Fuldmagt, None, fuldmagt)
                                aria-invalid=invalid(fuldmagt)
                                prop:checked=move || st.fuldmagt.get()
                                on:change=move |ev| st.fuldmagt.set(event_target_checked(&ev))
                            />
                            <label for="fuldmagt-verificeret">"Fuldmagt er verificeret"</label>
                        </div>
                    </div>
                }
            })}
        <fieldset
            class="form-group"
            class:form-error=move || handling.with(Option::is_some)
            id=Field::Handling.dom_id()
            aria-describedby=move || {
                let ids: Vec<String> =
                    locked().then(|| "handling-laast".to_owned()).into_iter().chain(described_by(Field::Handling, None, handling)()).collect();
                (!ids.is_empty()).then(|| ids.join(" "))
            }
        >
            <legend class="form-label">"Vælg handling"</legend>
            {move || {
                locked()
                    .then(|| {
                        view! {
                            <span class="form-hint" id="handling-laast">
                                "Handlingerne kan vælges, når der er sat flueben i »Fuldmagt er verificeret«."
                            </span>
                        }
                    })
            }}
            <StepError field=Field::Handling error=handling/>
            {PostChoice::ALL
                .into_iter()
                .map(|h| {
                    let id = format!("handling-{}", value(h));
                    let hint_id = format!("{id}-hint");
                    view! {
                        <div class="form-group-radio">
                            <input
                                class="form-radio"
                                type="radio"
                                name="handling"
                                id=id.clone()
                                value=value(h)
                                disabled=locked
                                aria-describedby=hint_id.clone()
                                prop:checked=move || st.handling.get() == Some(h)
                                on:change=move |_| st.handling.set(Some(h))
                            />
                            <label for=id>{h.label()}</label>
                            <span class="form-hint" id=hint_id>{hint(h)}</span>
                        </div>
                        {move || {
                            (st.handling.get() == Some(h) && !locked())
                                .then(|| view! { <div class="radio-reveal">{reveal(h, st, citizen_id, open_tasks, cases, errors)}</div> })
                        }}
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// The messages of the fields a choice reveals. Made once for the step, not
/// in the views that come and go with the choice: a message's signal read
/// by a view being replaced must outlive that view (else the replacement
/// disposes it under the old view's feet, and the app stops).
#[derive(Clone, Copy)]
struct RevealErrors {
    opgavetype: Signal<Option<String>>,
    sag: Signal<Option<String>>,
    opgave: Signal<Option<String>>,
}

fn reveal(
    h: PostChoice,
    st: State,
    citizen_id: Option<i64>,
    open_tasks: StoredValue<Vec<Opgave>>,
    cases: RwSignal<Vec<Sag>>,
    errors: RevealErrors,
) -> AnyView {
    match h {
        PostChoice::OpretOpgave => {
            let error = errors.opgavetype;
            view! {
            <StepField field=Field::Opgavetype label="Opgave der skal oprettes" error>
                <select
                    class="form-select"
                    id=Field::Opgavetype.dom_id()
                    aria-describedby=described_by(Field::Opgavetype, None, error)
                    aria-invalid=invalid(error)
                    on:change=move |ev| st.opgavetype.set(event_target_value(&ev).parse().ok())
                >
                    <option value="" selected=move || st.opgavetype.get().is_none()>"Vælg opgave"</option>
                    {creatable_task_types()
                        .into_iter()
                        .map(|(id, name)| view! { <option value=id.to_string() selected=move || st.opgavetype.get() == Some(id)>{name}</option> })
                        .collect_view()}
                </select>
            </StepField>
            }
            .into_any()
        }
        PostChoice::TilfoejSagsrelation => view! {
            <fieldset class="form-group">
                <legend class="form-label">"Sagsrelation"</legend>
                <div class="form-group-radio">
                    <input
                        class="form-radio"
                        type="radio"
                        name="sagsrelation"
                        id="sagsrelation-sag"
                        prop:checked=move || !st.henvendelse.get()
                        on:change=move |_| st.henvendelse.set(false)
                    />
                    <label for="sagsrelation-sag">"Vælg eksisterende sag"</label>
                </div>
                <div class="form-group-radio">
                    <input
                        class="form-radio"
                        type="radio"
                        name="sagsrelation"
                        id="sagsrelation-henvendelse"
                        prop:checked=move || st.henvendelse.get()
                        on:change=move |_| st.henvendelse.set(true)
                    />
                    <label for="sagsrelation-henvendelse">"Opret henvendelsessag"</label>
                </div>
            </fieldset>
            {move || match (st.henvendelse.get(), citizen_id) {
                (true, _) => ().into_any(),
                (false, Some(c)) => view! {
                    <ProcessCaseSelector
                        id=Field::Sag.fixed_dom_id().unwrap_or("sag")
                        citizen_id=c
                        process=Process::ModtagPostSagsrelation
                        caption="Vælg sag (afsluttet med bevilling eller afslag)"
                        selected=st.sag
                        loaded=cases
                        error=errors.sag
                    />
                }
                .into_any(),
                (false, None) => view! { <p>"Opgaven har ingen borger; der kan ikke vælges en sag."</p> }.into_any(),
            }}
        }
        .into_any(),
        PostChoice::TilfoejTilOpgave => {
            let tasks = open_tasks.get_value();
            if tasks.is_empty() {
                return view! { <p>"Borgeren har ingen andre igangværende opgaver."</p> }.into_any();
            }
            let error = errors.opgave;
            view! {
                <StepFieldset field=Field::Opgave legend="Vælg igangværende opgave" error>
                    {tasks
                        .into_iter()
                        .map(|t| {
                            let id = format!("igangvaerende-{}", t.id);
                            let tid = t.id;
                            view! {
                                <div class="form-group-radio">
                                    <input
                                        class="form-radio"
                                        type="radio"
                                        name="igangvaerende-opgave"
                                        id=id.clone()
                                        prop:checked=move || st.opgave.get() == Some(tid)
                                        on:change=move |_| st.opgave.set(Some(tid))
                                    />
                                    <label for=id>{open_task_label(&t)}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </StepFieldset>
            }
            .into_any()
        }
        PostChoice::IngenHandling => view! { <p>"Posten bliver ikke knyttet til noget."</p> }.into_any(),
    }
}

#[component]
fn DocumentsStep(st: State, docs: StoredValue<Vec<Dokument>>, messages: StepMessages) -> impl IntoView {
    let all = docs.get_value();
    let editable = unmapped(&all);
    let mapped: Vec<Dokument> = all.iter().filter(|d| !editable.iter().any(|e| e.id == d.id)).cloned().collect();
    view! {
        <p>
            "Dokumenter med en formular i »Formular dokumentkategori mapning« får navn og kategori automatisk. "
            "Dokumenter uden kan du omdøbe og give en kategori, fx Faktura."
        </p>
        {(!mapped.is_empty())
            .then(|| {
                view! {
                    <h3>"Får navn og kategori automatisk"</h3>
                    <ul>
                        {mapped
                            .into_iter()
                            .map(|d| {
                                let text = match form_mapping(&d.navn) {
                                    Some(m) => format!("{} → »{}«, {}", d.navn, m.navn, category_label(Some(m.kategori))),
                                    None => format!("{} ({})", d.navn, category_label(d.kategori)),
                                };
                                view! { <li>{text}</li> }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
        {if editable.is_empty() {
            view! { <p>"Alle dokumenter har navn og kategori; der er intet at rette."</p> }.into_any()
        } else {
            view! {
                <h3>"Uden formular-mapning"</h3>
                {editable.into_iter().map(|d| view! { <DocEditor edits=st.edits d messages/> }).collect_view()}
            }
            .into_any()
        }}
    }
}

/// A document without a form mapping: a new name and a category, into
/// `edits` (by document id). Also Opret bevilling's "Dokumenter".
#[component]
pub(super) fn DocEditor(edits: RwSignal<Vec<(i64, DocEdit)>>, d: Dokument, messages: StepMessages) -> impl IntoView {
    let doc_id = d.id;
    let current = move || edits.with(|e| e.iter().find(|(id, _)| *id == doc_id).map(|(_, e)| e.clone()).unwrap_or_default());
    let update = move |f: &dyn Fn(&mut DocEdit)| {
        edits.update(|edits| {
            if let Some((_, e)) = edits.iter_mut().find(|(id, _)| *id == doc_id) {
                f(e);
            } else {
                let mut e = DocEdit::default();
                f(&mut e);
                edits.push((doc_id, e));
            }
        })
    };
    let (name, category) = (Field::DokumentNavn(doc_id), Field::DokumentKategori(doc_id));
    let (name_error, category_error) = (shown(messages, name), shown(messages, category));
    view! {
        <fieldset class="form-group doc-editor">
            <legend class="form-label">{format!("{} ({})", d.navn, d.format.label())}</legend>
            <StepField field=name label="Nyt navn (valgfrit)" error=name_error>
                <input
                    class="form-input"
                    type="text"
                    id=name.dom_id()
                    maxlength="200"
                    aria-describedby=described_by(name, None, name_error)
                    aria-invalid=invalid(name_error)
                    prop:value=move || current().navn
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        update(&|e: &mut DocEdit| e.navn = v.clone())
                    }
                />
            </StepField>
            <StepField field=category label="Dokumentkategori" error=category_error>
                <select
                    class="form-select"
                    id=category.dom_id()
                    aria-describedby=described_by(category, None, category_error)
                    aria-invalid=invalid(category_error)
                    on:change=move |ev| {
                        let v = event_target_value(&ev).parse::<u16>().ok();
                        update(&|e: &mut DocEdit| e.kategori = v)
                    }
                >
                    <option value="" selected=move || current().kategori.is_none()>"Ingen kategori"</option>
                    {catalog::DOCUMENT_CATEGORIES
                        .iter()
                        .enumerate()
                        .map(|(i, name)| {
                            let id = i as u16 + 1;
                            view! { <option value=id.to_string() selected=move || current().kategori == Some(id)>{*name}</option> }
                        })
                        .collect_view()}
                </select>
            </StepField>
        </fieldset>
    }
}
