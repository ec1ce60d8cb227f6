//! The wizards of issue 12 (seed 001, seed 002 §3.1–3.2):
//! - **Opret bevilling**: "Sagsoplysninger" (sagstype, ydelse,
//!   administrativ enhed, bevillingens startdato, pensionstype where it
//!   applies, automatic processing where it is set up), "Tilføj ydelse til
//!   bevilling" (one or more benefit lines), "Dokumenter" (what the form
//!   mapping names them on the case; the others can be renamed and given a
//!   category);
//! - **Tilføj ydelse til bevilling**: the granted case in the Sagsvælger,
//!   then the lines;
//! - **Behandl eFaktura**: the invoice and its attachments (the info box of
//!   failed ones is above the wizard), the case in the Sagsvælger, the
//!   decision.
//!
//! The forms, their step checks and the requests are the domain's
//! (`domain::casework::wizards`); nothing is sent before "Afslut".

use super::finished::{BackLinks, Finished};
use super::modtag_post::DocEditor;
use super::step_fields::{chosen_case, described_by, invalid, shown, StepField, StepFieldset, StepInput, StepMessages};
use crate::api;
use crate::components::case_selector::ProcessCaseSelector;
use crate::components::document_table::{category_label, DocumentTable};
use crate::components::wizard::{self, SummaryItem, Wizard, WizardStep};
use crate::format;
use crate::storage::stored;
use domain::casework::complete::CompleteContext;
use domain::casework::process::Process;
use domain::casework::rules::Field;
use domain::casework::wizards::{
    parse_kroner, AfgoerelseValg, BevillingForm, BevillingStep, DocEdit, EfakturaForm, EfakturaStep, LineForm, YdelseForm, YdelseStep,
};
use domain::catalog;
use domain::model::Sag;
use domain::wire::tasks::{CompleteResult, DecisionRecord, TaskDetail};
use leptos::prelude::*;

/// "Afslut": sends the request (or refuses when the form cannot make one)
/// and keeps the server's answer for the finished view.
fn finish_action(
    task_id: i64,
    request: impl Fn() -> Option<domain::casework::complete::CompleteRequest> + Send + Sync + 'static,
    answer: RwSignal<Option<CompleteResult>>,
) -> Action<(), api::Result<()>> {
    let request = std::sync::Arc::new(request);
    let report = wizard::report_finish();
    Action::new_local(move |_: &()| {
        let req = untrack(|| request());
        async move {
            let r = req.ok_or(api::Error::Unexpected)?;
            let result = api::complete_task_with_result(task_id, &r).await?;
            report(&result);
            answer.set(Some(result));
            Ok(())
        }
    })
}

fn record_of(answer: RwSignal<Option<CompleteResult>>) -> Option<DecisionRecord> {
    answer.get_untracked().map(|a| a.beslutning)
}

fn name(table: &[&'static str], id: Option<u16>) -> String {
    id.and_then(|i| catalog::name_of(table, i)).unwrap_or("Ikke valgt").to_owned()
}

fn day(s: &str) -> String {
    format::parse_iso(s).map_or_else(|| "Ikke angivet".to_owned(), format::date)
}

/// One benefit line on the summary.
fn line_summary(l: &LineForm) -> String {
    let beloeb = parse_kroner(&l.beloeb).map_or_else(|_| "beløb ikke angivet".to_owned(), format::kroner);
    let til = if l.til.trim().is_empty() { "uden slutdato".to_owned() } else { format!("til {}", day(&l.til)) };
    format!("{}: {beloeb}, fra {} {til}", name(catalog::BENEFITS, l.ydelse), day(&l.fra))
}

// ------------------------------------------------------- Opret bevilling

#[component]
pub fn OpretBevillingWizard(d: TaskDetail, back: BackLinks) -> impl IntoView {
    let task_id = d.opgave.id;
    let key = format!("opgave:{task_id}");
    let initial = BevillingForm { enhed: Some(d.opgave.enhed), linjer: vec![LineForm::default()], ..Default::default() };
    let form = stored(format!("{key}:bevilling"), initial);
    let edits = stored(format!("{key}:dokumenter"), Vec::<(i64, DocEdit)>::new());
    let full = move || BevillingForm { dokumenter: edits.get(), ..form.get() };
    let ctx = StoredValue::new(
        CompleteContext::for_task(&d.opgave, &d.dokumenter, format::today()).with_setup(d.automatisk_sagstyper.clone(), false),
    );
    let automatic = StoredValue::new(d.automatisk_sagstyper.clone());
    let docs = StoredValue::new(d.dokumenter.clone());
    let mapping = StoredValue::new(d.mapning.clone());
    let check = move |step: BevillingStep| ctx.with_value(|c| full().check(step, c));
    let steps: Vec<WizardStep> = BevillingStep::ALL
        .into_iter()
        .map(|step| {
            WizardStep::new(
                step.title(),
                move || {
                    let messages = Memo::new(move |_| check(step));
                    match step {
                        BevillingStep::Sagsoplysninger => view! { <CaseInfoStep form automatic messages/> }.into_any(),
                        BevillingStep::TilfoejYdelse => {
                            let benefits = Signal::derive(move || form.with(|f| f.sagstype.map_or(&[][..], catalog::benefits_of).to_vec()));
                            let lines = Lines::of_grant(form);
                            view! {
                                <p>"Tilføj de ydelser, bevillingen udbetaler. Perioden kan ikke begynde før bevillingens startdato."</p>
                                <LinesEditor lines benefits messages/>
                            }
                            .into_any()
                        }
                        BevillingStep::Dokumenter => view! { <GrantDocumentsStep edits docs mapping messages/> }.into_any(),
                    }
                },
                move || check(step),
            )
        })
        .collect();
    let summary = Signal::derive(move || {
        let f = full();
        let mut items = vec![
            SummaryItem::new("Sagstype", name(catalog::CASE_TYPES, f.sagstype)),
            SummaryItem::new("Ydelse", name(catalog::BENEFITS, f.ydelse)),
            SummaryItem::new("Administrativ enhed", name(catalog::UNITS, f.enhed)),
            SummaryItem::new("Bevillingens startdato", day(&f.startdato)),
        ];
        if f.pensionstype.is_some() {
            items.push(SummaryItem::new("Pensionstype", name(catalog::PENSION_TYPES, f.pensionstype)));
        }
        // Only asked (and so only summed up) where the sagstype is under automatic processing today.
        if f.sagstype.is_some_and(|t| automatic.with_value(|a| a.contains(&t))) {
            items.push(SummaryItem::new("Automatisk sagsbehandling", if f.automatisk { "Ja" } else { "Nej" }));
        }
        for (i, l) in f.linjer.iter().enumerate() {
            items.push(SummaryItem::new(format!("Ydelse {}", i + 1), line_summary(l)));
        }
        docs.with_value(|docs| {
            for doc in docs {
                let edit = f.dokumenter.iter().find(|(id, _)| *id == doc.id).map(|(_, e)| e.clone()).unwrap_or_default();
                let mapped = mapping.with_value(|m| m.iter().find(|m| m.dokument_id == doc.id).cloned());
                let value = match mapped {
                    _ if !edit.navn.trim().is_empty() || edit.kategori.is_some() => {
                        let navn = if edit.navn.trim().is_empty() { doc.navn.clone() } else { edit.navn.trim().to_owned() };
                        format!("Overføres som »{navn}«; kategori: {}", category_label(edit.kategori))
                    }
                    Some(m) => format!("Overføres som »{}«; kategori: {} (formular-mapning)", m.navn, category_label(Some(m.kategori))),
                    None => format!("Overføres uændret; kategori: {}", category_label(doc.kategori)),
                };
                items.push(SummaryItem::new(format!("Dokument: {}", doc.navn), value));
            }
        });
        items
    });
    let answer = RwSignal::new(None::<CompleteResult>);
    let finish = finish_action(task_id, move || full().request(), answer);
    let done = wizard::finished(finish, key.clone());
    let back = StoredValue::new(back);
    move || {
        if done.get() {
            let text = match answer.get_untracked().and_then(|a| a.ny_sag_id) {
                Some(sag) => format!("Sagen (sag {sag}) er oprettet med ydelserne, og dokumenterne er overført til den."),
                None => "Sagen er oprettet.".to_owned(),
            };
            let new_task = answer.get_untracked().and_then(|a| a.ny_opgave_id);
            view! { <Finished heading="Opret bevilling er afsluttet" text back=back.get_value() new_task record=record_of(answer)/> }
                .into_any()
        } else {
            view! { <Wizard storage_key=key.clone() label="Trin i Opret bevilling" steps=Signal::stored(steps.clone()) summary finish/> }
                .into_any()
        }
    }
}

/// A `<select>` of catalogue entries (ids), with an empty first option.
#[component]
fn CatalogSelect(
    field: Field,
    label: &'static str,
    #[prop(into)] options: Signal<Vec<(u16, &'static str)>>,
    #[prop(into)] value: Signal<Option<u16>>,
    on_pick: Callback<Option<u16>>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <StepField field label error>
            <select
                class="form-select"
                id=field.dom_id()
                aria-describedby=described_by(field, None, error)
                aria-invalid=invalid(error)
                on:change=move |ev| on_pick.run(event_target_value(&ev).parse().ok())
            >
                <option value="" selected=move || value.get().is_none()>"Vælg"</option>
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(id, n)| view! { <option value=id.to_string() selected=move || value.get() == Some(id)>{n}</option> })
                        .collect_view()
                }}
            </select>
        </StepField>
    }
}

fn entries(table: &'static [&'static str], ids: impl IntoIterator<Item = u16>) -> Vec<(u16, &'static str)> {
    ids.into_iter().filter_map(|id| catalog::name_of(table, id).map(|n| (id, n))).collect()
}

#[component]
fn CaseInfoStep(form: RwSignal<BevillingForm>, automatic: StoredValue<Vec<u16>>, messages: StepMessages) -> impl IntoView {
    let grantable: Vec<u16> = (1..=catalog::CASE_TYPES.len() as u16).filter(|&t| !catalog::benefits_of(t).is_empty()).collect();
    let sagstyper = entries(catalog::CASE_TYPES, grantable);
    let sagstype = Signal::derive(move || form.with(|f| f.sagstype));
    let benefits = Signal::derive(move || entries(catalog::BENEFITS, sagstype.get().map_or(&[][..], catalog::benefits_of).iter().copied()));
    let pensions =
        Signal::derive(move || entries(catalog::PENSION_TYPES, sagstype.get().map_or(&[][..], catalog::pension_types_of).iter().copied()));
    let offers_automatic = Signal::derive(move || sagstype.get().is_some_and(|t| automatic.with_value(|a| a.contains(&t))));
    let pick_sagstype = Callback::new(move |t: Option<u16>| {
        form.update(|f| {
            if f.sagstype != t {
                // Another sagstype grants other benefits and pension types.
                f.sagstype = t;
                let own = t.map_or(&[][..], catalog::benefits_of);
                f.ydelse = own.first().copied();
                // A sagstype with one pension type has it chosen already.
                f.pensionstype = match t.map_or(&[][..], catalog::pension_types_of) {
                    [only] => Some(*only),
                    _ => None,
                };
                f.automatisk = false;
                for l in &mut f.linjer {
                    if !l.ydelse.is_some_and(|y| own.contains(&y)) {
                        l.ydelse = f.ydelse;
                    }
                }
            }
        })
    });
    let startdato = shown(messages, Field::Bevillingsstart);
    let automatisk_error = shown(messages, Field::Automatisk);
    view! {
        <CatalogSelect
            field=Field::Sagstype
            label="Sagstype"
            options=Signal::stored(sagstyper)
            value=sagstype
            on_pick=pick_sagstype
            error=shown(messages, Field::Sagstype)
        />
        <CatalogSelect
            field=Field::Ydelse
            label="Ydelse"
            options=benefits
            value=Signal::derive(move || form.with(|f| f.ydelse))
            on_pick=Callback::new(move |y| form.update(|f| f.ydelse = y))
            error=shown(messages, Field::Ydelse)
        />
        <CatalogSelect
            field=Field::Enhed
            label="Administrativ enhed"
            options=Signal::stored(entries(catalog::UNITS, 1..=catalog::UNITS.len() as u16))
            value=Signal::derive(move || form.with(|f| f.enhed))
            on_pick=Callback::new(move |e| form.update(|f| f.enhed = e))
            error=shown(messages, Field::Enhed)
        />
        <StepField field=Field::Bevillingsstart label="Bevillingens startdato" error=startdato>
            <StepInput
                field=Field::Bevillingsstart
                error=startdato
                value=Signal::derive(move || form.with(|f| f.startdato.clone()))
                on_value=Callback::new(move |v| form.update(|f| f.startdato = v))
            />
        </StepField>
        {move || {
            (!pensions.with(Vec::is_empty))
                .then(|| {
                    view! {
                        <CatalogSelect
                            field=Field::Pensionstype
                            label="Pensionstype"
                            options=pensions
                            value=Signal::derive(move || form.with(|f| f.pensionstype))
                            on_pick=Callback::new(move |p| form.update(|f| f.pensionstype = p))
                            error=shown(messages, Field::Pensionstype)
                        />
                    }
                })
        }}
        {move || {
            offers_automatic
                .get()
                .then(|| {
                    view! {
                        <StepFieldset field=Field::Automatisk legend="Automatisk sagsbehandling" error=automatisk_error>
                            <div class="form-group-checkbox">
                                <input
                                    class="form-checkbox"
                                    type="checkbox"
                                    id="automatisk-valg"
                                    prop:checked=move || form.with(|f| f.automatisk)
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        form.update(|f| f.automatisk = on)
                                    }
                                />
                                <label for="automatisk-valg">"Overlad sagen til automatisk sagsbehandling"</label>
                            </div>
                        </StepFieldset>
                    }
                })
        }}
    }
}

#[component]
fn GrantDocumentsStep(
    edits: RwSignal<Vec<(i64, DocEdit)>>,
    docs: StoredValue<Vec<domain::model::Dokument>>,
    mapping: StoredValue<Vec<domain::wire::tasks::MappedDocument>>,
    messages: StepMessages,
) -> impl IntoView {
    let all = docs.get_value();
    let (mapped, editable): (Vec<_>, Vec<_>) =
        all.into_iter().partition(|d| mapping.with_value(|m| m.iter().any(|m| m.dokument_id == d.id)));
    view! {
        <p>
            "Opgavens dokumenter overføres til den nye sag. Dokumenter fra en formular i »Formular dokumentkategori mapning« får navn og kategori automatisk; "
            "de andre kan du omdøbe og give en kategori, fx Faktura."
        </p>
        {(!mapped.is_empty())
            .then(|| {
                view! {
                    <h3>"Får navn og kategori automatisk"</h3>
                    <ul>
                        {mapped
                            .into_iter()
                            .map(|d| {
                                let m = mapping.with_value(|m| m.iter().find(|m| m.dokument_id == d.id).cloned());
                                let text = m.map_or_else(
                                    || d.navn.clone(),
                                    |m| format!("{} → »{}«, {}", d.navn, m.navn, category_label(Some(m.kategori))),
                                );
                                view! { <li>{text}</li> }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
        {if editable.is_empty() {
            view! { <p>"Alle dokumenter får navn og kategori automatisk."</p> }.into_any()
        } else {
            view! {
                <h3>"Uden formular-mapning"</h3>
                {editable.into_iter().map(|d| view! { <DocEditor edits d messages/> }).collect_view()}
            }
            .into_any()
        }}
    }
}

// ------------------------------------------------------- benefit lines

/// The benefit lines of a form, as the editor reads and writes them.
#[derive(Clone, Copy)]
struct Lines {
    get: Signal<Vec<LineForm>>,
    set: Callback<Vec<LineForm>>,
    /// The benefit a new line starts with.
    default_ydelse: Signal<Option<u16>>,
}

impl Lines {
    fn of_grant(form: RwSignal<BevillingForm>) -> Lines {
        Lines {
            get: Signal::derive(move || form.with(|f| f.linjer.clone())),
            set: Callback::new(move |l| form.update(|f| f.linjer = l)),
            default_ydelse: Signal::derive(move || form.with(|f| f.ydelse)),
        }
    }

    fn of_benefit(form: RwSignal<YdelseForm>) -> Lines {
        Lines {
            get: Signal::derive(move || form.with(|f| f.linjer.clone())),
            set: Callback::new(move |l| form.update(|f| f.linjer = l)),
            default_ydelse: Signal::derive(|| None),
        }
    }

    fn edit(self, i: usize, f: impl FnOnce(&mut LineForm)) {
        let mut l = self.get.get_untracked();
        if let Some(line) = l.get_mut(i) {
            f(line);
        }
        self.set.run(l);
    }
}

#[component]
fn LinesEditor(lines: Lines, benefits: Signal<Vec<u16>>, messages: StepMessages) -> impl IntoView {
    let count = Memo::new(move |_| lines.get.with(Vec::len));
    let all_error = shown(messages, Field::Ydelser);
    let add = move |_| {
        let mut l = lines.get.get_untracked();
        // The new line's ydelse gets focus.
        let id = Field::LinjeYdelse(l.len()).dom_id();
        l.push(LineForm { ydelse: lines.default_ydelse.get_untracked(), ..Default::default() });
        lines.set.run(l);
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&id) {
                use wasm_bindgen::JsCast;
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    };
    view! {
        <div id=Field::Ydelser.dom_id() tabindex="-1">
            <super::step_fields::StepError field=Field::Ydelser error=all_error/>
            {move || (0..count.get()).map(|i| view! { <LineEditor lines i benefits messages/> }).collect_view()}
        </div>
        <button class="button button-secondary" type="button" on:click=add>
            "Tilføj endnu en ydelse"
        </button>
    }
}

#[component]
fn LineEditor(lines: Lines, i: usize, benefits: Signal<Vec<u16>>, messages: StepMessages) -> impl IntoView {
    let line = move || lines.get.with(|l| l.get(i).cloned().unwrap_or_default());
    let (beloeb, fra, til) = (Field::LinjeBeloeb(i), Field::LinjeFra(i), Field::LinjeTil(i));
    let (beloeb_error, fra_error, til_error) = (shown(messages, beloeb), shown(messages, fra), shown(messages, til));
    let remove = move |_| {
        let mut l = lines.get.get_untracked();
        if i < l.len() {
            l.remove(i);
        }
        lines.set.run(l);
    };
    let options = Signal::derive(move || {
        let mut ids = benefits.get();
        if ids.is_empty() {
            ids = (1..=catalog::BENEFITS.len() as u16).collect();
        }
        entries(catalog::BENEFITS, ids)
    });
    let legend = format!("Ydelse {}", i + 1);
    view! {
        <fieldset class="form-group benefit-line">
            <legend class="form-label">{legend.clone()}</legend>
            <CatalogSelect
                field=Field::LinjeYdelse(i)
                label="Ydelse"
                options
                value=Signal::derive(move || line().ydelse)
                on_pick=Callback::new(move |y| lines.edit(i, |l| l.ydelse = y))
                error=shown(messages, Field::LinjeYdelse(i))
            />
            <LineInput lines i field=beloeb label="Beløb (kr.)" kind="text" error=beloeb_error get=|l| l.beloeb.clone() set=|l, v| l.beloeb = v/>
            <LineInput lines i field=fra label="Periode fra" kind="date" error=fra_error get=|l| l.fra.clone() set=|l, v| l.fra = v/>
            <LineInput lines i field=til label="Periode til (valgfri)" kind="date" error=til_error get=|l| l.til.clone() set=|l, v| l.til = v/>
            <button class="button button-tertiary" type="button" on:click=remove>
                {format!("Fjern {}", legend.to_lowercase())}
            </button>
        </fieldset>
    }
}

/// One text or date input of benefit line `i`.
#[component]
fn LineInput(
    lines: Lines,
    i: usize,
    field: Field,
    label: &'static str,
    /// `text` (an amount) or `date`.
    kind: &'static str,
    error: Signal<Option<String>>,
    get: fn(&LineForm) -> String,
    set: fn(&mut LineForm, String),
) -> impl IntoView {
    let (class, inputmode) =
        if kind == "date" { ("form-input form-input--date", None) } else { ("form-input input-width-s", Some("decimal")) };
    view! {
        <StepField field label error>
            <StepInput
                field
                error
                kind
                class
                inputmode
                value=Signal::derive(move || lines.get.with(|l| l.get(i).map(get).unwrap_or_default()))
                on_value=Callback::new(move |v| lines.edit(i, |l| set(l, v)))
            />
        </StepField>
    }
}

// ------------------------------------------- Tilføj ydelse til bevilling

#[component]
pub fn TilfoejYdelseWizard(d: TaskDetail, back: BackLinks) -> impl IntoView {
    let task_id = d.opgave.id;
    let key = format!("opgave:{task_id}");
    let form = stored(format!("{key}:ydelse"), YdelseForm { linjer: vec![LineForm::default()], ..Default::default() });
    let citizen_id = d.borger.as_ref().map(|b| b.id);
    let cases = RwSignal::new(Vec::<Sag>::new());
    let case_list = LocalResource::new(move || async move {
        match citizen_id {
            Some(c) => api::citizen_cases(c, Process::TilfoejYdelse).await.map(|s| s.valgbare).unwrap_or_default(),
            None => Vec::new(),
        }
    });
    let chosen = Memo::new(move |_| {
        let id = form.with(|f| f.sag)?;
        cases.with(|c| c.iter().find(|s| s.id == id).cloned()).or_else(|| case_list.get().and_then(|c| c.into_iter().find(|s| s.id == id)))
    });
    let check = move |step: YdelseStep| form.with(|f| chosen.with(|s| f.check(step, s.as_ref())));
    let selected = RwSignal::new(form.get_untracked().sag);
    Effect::new(move |_| {
        let s = selected.get();
        form.update(|f| f.sag = s);
    });
    let steps: Vec<WizardStep> = YdelseStep::ALL
        .into_iter()
        .map(|step| {
            WizardStep::new(
                step.title(),
                move || {
                    let messages = Memo::new(move |_| check(step));
                    match (step, citizen_id) {
                        (YdelseStep::VaelgSag, Some(c)) => view! {
                            <p>"Tilføj ydelse til bevilling kan kun vælge aktive sager, der er afgjort."</p>
                            <ProcessCaseSelector
                                id="sag"
                                citizen_id=c
                                process=Process::TilfoejYdelse
                                caption="Vælg sag"
                                selected
                                loaded=cases
                                error=shown(messages, Field::Sag)
                            />
                        }
                        .into_any(),
                        (YdelseStep::VaelgSag, None) => {
                            view! { <p>"Opgaven har ingen borger, så der kan ikke vælges en sag."</p> }.into_any()
                        }
                        (YdelseStep::Ydelser, _) => {
                            let benefits = Signal::derive(move || {
                                chosen.with(|s| s.as_ref().map_or(&[][..], |s| catalog::benefits_of(s.sagstype)).to_vec())
                            });
                            view! { <LinesEditor lines=Lines::of_benefit(form) benefits messages/> }.into_any()
                        }
                    }
                },
                move || check(step),
            )
        })
        .collect();
    let summary = Signal::derive(move || {
        let f = form.get();
        let mut items = vec![SummaryItem::new("Sag", chosen_case(f.sag, cases, case_list))];
        for (i, l) in f.linjer.iter().enumerate() {
            items.push(SummaryItem::new(format!("Ydelse {}", i + 1), line_summary(l)));
        }
        items
    });
    let answer = RwSignal::new(None::<CompleteResult>);
    let finish = finish_action(task_id, move || form.get().request(), answer);
    let done = wizard::finished(finish, key.clone());
    let back = StoredValue::new(back);
    move || {
        if done.get() {
            view! {
                <Finished heading="Tilføj ydelse til bevilling er afsluttet" text="Ydelserne er tilføjet til bevillingen." back=back.get_value() record=record_of(answer)/>
            }
            .into_any()
        } else {
            view! {
                <Wizard storage_key=key.clone() label="Trin i Tilføj ydelse til bevilling" steps=Signal::stored(steps.clone()) summary finish/>
            }
            .into_any()
        }
    }
}

// ------------------------------------------------------ Behandl eFaktura

#[component]
pub fn BehandlEfakturaWizard(d: TaskDetail, back: BackLinks) -> impl IntoView {
    let task_id = d.opgave.id;
    let key = format!("opgave:{task_id}");
    let form = stored(format!("{key}:efaktura"), EfakturaForm::default());
    let citizen_id = d.borger.as_ref().map(|b| b.id);
    let ctx =
        StoredValue::new(CompleteContext::for_task(&d.opgave, &d.dokumenter, format::today()).with_setup(Vec::new(), d.faktura.is_some()));
    let docs = StoredValue::new(d.dokumenter.clone());
    let failed_attachments = d.faktura.as_ref().is_some_and(|f| f.attached_documents_failed);
    let cases = RwSignal::new(Vec::<Sag>::new());
    let case_list = LocalResource::new(move || async move {
        match citizen_id {
            Some(c) => api::citizen_cases(c, Process::BehandlEfaktura).await.map(|s| s.valgbare).unwrap_or_default(),
            None => Vec::new(),
        }
    });
    let selected = RwSignal::new(form.get_untracked().sag);
    Effect::new(move |_| {
        let s = selected.get();
        form.update(|f| f.sag = s);
    });
    let check = move |step: EfakturaStep| ctx.with_value(|c| form.with(|f| f.check(step, c)));
    let steps: Vec<WizardStep> = EfakturaStep::ALL
        .into_iter()
        .map(|step| {
            WizardStep::new(
                step.title(),
                move || {
                    let messages = Memo::new(move |_| check(step));
                    match (step, citizen_id) {
                        (EfakturaStep::Faktura, _) => view! {
                            <p>
                                "Fakturaen og dens bilag knyttes til den sag, du vælger."
                                {failed_attachments.then_some(" Bilag, der ikke kunne modtages, står i boksen ovenfor.")}
                            </p>
                            <DocumentTable dokumenter=docs.get_value() caption="Dokumenter: faktura og bilag"/>
                        }
                        .into_any(),
                        (EfakturaStep::VaelgSag, Some(c)) => view! {
                            <p>"Behandl eFaktura kan kun vælge aktive sager, der er afgjort."</p>
                            <ProcessCaseSelector
                                id="sag"
                                citizen_id=c
                                process=Process::BehandlEfaktura
                                caption="Vælg sag"
                                selected
                                loaded=cases
                                error=shown(messages, Field::Sag)
                            />
                        }
                        .into_any(),
                        (EfakturaStep::VaelgSag, None) => {
                            view! { <p>"Fakturaen har ingen borger, så der kan ikke vælges en sag."</p> }.into_any()
                        }
                        (EfakturaStep::Afgoerelse, _) => view! { <DecisionStep form messages/> }.into_any(),
                    }
                },
                move || check(step),
            )
        })
        .collect();
    let summary = Signal::derive(move || {
        let f = form.get();
        let mut items = vec![
            SummaryItem::new("Sag", chosen_case(f.sag, cases, case_list)),
            SummaryItem::new("Afgørelse", f.afgoerelse.map_or("Ikke valgt", AfgoerelseValg::label)),
        ];
        if f.afgoerelse == Some(AfgoerelseValg::Afvis) {
            items.push(SummaryItem::new("Begrundelse", f.aarsag.trim().to_owned()));
        }
        items.push(SummaryItem::new("Dokumenter", format!("{} knyttes til sagen", docs.with_value(Vec::len))));
        items
    });
    let answer = RwSignal::new(None::<CompleteResult>);
    let finish = finish_action(task_id, move || form.get().request(), answer);
    let done = wizard::finished(finish, key.clone());
    let back = StoredValue::new(back);
    move || {
        if done.get() {
            view! {
                <Finished heading="Behandl eFaktura er afsluttet" text="Fakturaen og bilagene er knyttet til sagen med afgørelsen." back=back.get_value() record=record_of(answer)/>
            }
            .into_any()
        } else {
            view! { <Wizard storage_key=key.clone() label="Trin i Behandl eFaktura" steps=Signal::stored(steps.clone()) summary finish/> }
                .into_any()
        }
    }
}

#[component]
fn DecisionStep(form: RwSignal<EfakturaForm>, messages: StepMessages) -> impl IntoView {
    let error = shown(messages, Field::Afgoerelse);
    let aarsag_error = shown(messages, Field::Aarsag);
    view! {
        <StepFieldset field=Field::Afgoerelse legend="Afgørelse" error>
            {AfgoerelseValg::ALL
                .into_iter()
                .map(|a| {
                    let id = match a {
                        AfgoerelseValg::Godkend => "afgoerelse-godkend",
                        AfgoerelseValg::Afvis => "afgoerelse-afvis",
                    };
                    view! {
                        <div class="form-group-radio">
                            <input
                                class="form-radio"
                                type="radio"
                                name="afgoerelse"
                                id=id
                                prop:checked=move || form.with(|f| f.afgoerelse == Some(a))
                                on:change=move |_| form.update(|f| f.afgoerelse = Some(a))
                            />
                            <label for=id>{a.label()}</label>
                        </div>
                    }
                })
                .collect_view()}
        </StepFieldset>
        {move || {
            (form.with(|f| f.afgoerelse) == Some(AfgoerelseValg::Afvis))
                .then(|| {
                    view! {
                        <StepField field=Field::Aarsag label="Begrundelse for afvisningen" error=aarsag_error>
                            <textarea
                                class="form-input"
                                id=Field::Aarsag.dom_id()
                                rows="4"
                                maxlength="2000"
                                aria-describedby=described_by(Field::Aarsag, None, aarsag_error)
                                aria-invalid=invalid(aarsag_error)
                                prop:value=move || form.with(|f| f.aarsag.clone())
                                on:input=move |ev| {
                                    let v = event_target_value(&ev);
                                    form.update(|f| f.aarsag = v)
                                }
                            ></textarea>
                        </StepField>
                    }
                })
        }}
    }
}
