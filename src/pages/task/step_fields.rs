//! What both task wizards' steps share: each step's messages from the
//! domain's step check, shown at their fields once "Næste" was refused
//! (DKFDS `form-error`, referenced by `aria-describedby`), and the summary
//! line of the chosen case.

use crate::components::case_selector::case_summary;
use crate::components::wizard;
use crate::components::FieldError;
use domain::casework::rules::{Field, StepMessage};
use domain::model::Sag;
use leptos::prelude::*;

/// What a field's `input` (or `blur`: the browser fires no `input` while a
/// date field's value stays empty) leaves in the step's state: its value, or,
/// for a date field holding a day that is none (31.02), a text the domain
/// reads as "not a valid date" rather than the empty value the browser
/// reports (which would read as "not filled in").
fn input_value(ev: &leptos::ev::Event) -> String {
    if ev.target().is_some_and(|t| crate::format::is_bad_input(&t)) {
        NOT_A_DATE.to_owned()
    } else {
        event_target_value(ev)
    }
}

/// The state of a date field whose day is none (see [`input_value`]).
const NOT_A_DATE: &str = "ugyldig dato";

/// Shows `value` in the field `node` without writing over what the user is
/// typing: only a value that differs from the field's, and never
/// [`NOT_A_DATE`] (writing to a date field that lost focus clears what was
/// typed in it).
fn show_value(node: NodeRef<leptos::html::Input>, value: Signal<String>) {
    Effect::new(move |_| {
        let v = value.get();
        if v == NOT_A_DATE {
            return;
        }
        if let Some(el) = node.get() {
            if el.value() != v {
                el.set_value(&v);
            }
        }
    });
}

/// A step's `<input>`, a date unless `kind` says otherwise (an amount is
/// `text`), kept in the step's state: `value` is shown ([`show_value`]),
/// and what the user types goes to `on_value` ([`input_value`]) when it
/// changes the state.
#[component]
pub fn StepInput(
    field: Field,
    error: Signal<Option<String>>,
    #[prop(into)] value: Signal<String>,
    on_value: Callback<String>,
    #[prop(default = "date")] kind: &'static str,
    #[prop(default = "form-input form-input--date")] class: &'static str,
    #[prop(default = None)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Input>::new();
    show_value(node, value);
    let take = move |ev: &leptos::ev::Event| {
        let v = input_value(ev);
        if value.with_untracked(|x| *x != v) {
            on_value.run(v);
        }
    };
    view! {
        <input
            class=class
            type=kind
            inputmode=inputmode
            id=field.dom_id()
            node_ref=node
            aria-describedby=described_by(field, None, error)
            aria-invalid=invalid(error)
            on:input=move |ev| take(&ev)
            on:blur=move |ev| take(&ev)
        />
    }
}

/// The messages of one step, as the domain's check gives them.
pub type StepMessages = Memo<Vec<StepMessage>>;

/// The message at `field` while the step's errors are shown.
pub fn shown(messages: StepMessages, field: Field) -> Signal<Option<String>> {
    let show = wizard::use_wizard().map(|w| w.show_errors);
    Signal::derive(move || {
        if !show.is_some_and(|s| s.get()) {
            return None;
        }
        messages.with(|m| m.iter().find(|m| m.field == field).map(|m| m.message.clone()))
    })
}

/// `aria-describedby` of a field: its hint, if any, and its message while shown.
pub fn described_by(field: Field, hint: Option<&'static str>, error: Signal<Option<String>>) -> impl Fn() -> Option<String> + Send + Sync {
    move || {
        let ids: Vec<String> =
            hint.map(str::to_owned).into_iter().chain(error.with(Option::is_some).then(|| field.error_dom_id())).collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// The field's message in DKFDS markup, while shown.
#[component]
pub fn StepError(field: Field, error: Signal<Option<String>>) -> impl IntoView {
    move || error.get().map(|m| view! { <FieldError id=field.error_dom_id() message=m/> })
}

/// The summary line of the chosen case: from the Sagsvælger's list when it
/// was shown in this visit, else from the list fetched for the summary (the
/// state was restored at a later step).
pub fn chosen_case(id: Option<i64>, shown: RwSignal<Vec<Sag>>, fetched: LocalResource<Vec<Sag>>) -> String {
    chosen_sag(id, shown, fetched).as_ref().map(case_summary).unwrap_or_else(|| "Ikke valgt".into())
}

/// The case with `id`: from the Sagsvælger as shown, else as fetched for
/// the summary.
pub fn chosen_sag(id: Option<i64>, shown: RwSignal<Vec<Sag>>, fetched: LocalResource<Vec<Sag>>) -> Option<Sag> {
    let id = id?;
    shown.with(|c| c.iter().find(|s| s.id == id).cloned()).or_else(|| fetched.get().and_then(|c| c.iter().find(|s| s.id == id).cloned()))
}

/// `aria-invalid` of a field while its message is shown.
pub fn invalid(error: Signal<Option<String>>) -> impl Fn() -> Option<&'static str> + Send + Sync {
    move || error.with(Option::is_some).then_some("true")
}

/// A text control of a step in DKFDS markup: form group, label, optional
/// hint (id `{dom_id}-hint`) and the field's message; the control itself
/// (the children) carries `id = field.dom_id()`, [`described_by`] and
/// [`invalid`].
#[component]
pub fn StepField(
    field: Field,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    let id = field.dom_id();
    view! {
        <div class="form-group" class:form-error=move || error.with(Option::is_some)>
            <label class="form-label" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <span class="form-hint" id=format!("{id}-hint")>{h}</span> })}
            <StepError field error/>
            {children()}
        </div>
    }
}

/// A radio group of a step in DKFDS markup: fieldset (id `field.dom_id()`,
/// described by the field's message while shown), legend and the message,
/// then the options (the children).
#[component]
pub fn StepFieldset(field: Field, legend: &'static str, error: Signal<Option<String>>, children: Children) -> impl IntoView {
    view! {
        <fieldset
            class="form-group"
            class:form-error=move || error.with(Option::is_some)
            id=field.dom_id()
            aria-describedby=described_by(field, None, error)
        >
            <legend class="form-label">{legend}</legend>
            <StepError field error/>
            {children()}
        </fieldset>
    }
}
