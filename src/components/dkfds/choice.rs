//! Checkbox and radio groups in DKFDS markup: a `<fieldset>` with a
//! `<legend>`, an optional hint, the field's error message (DKFDS
//! `form-error`, referenced by `aria-describedby`) and one
//! `form-group-checkbox` / `form-group-radio` per option.
//!
//! Options are identified by an `i64` key (catalogue id, role id, enum
//! code); the caller maps its values to keys.

use crate::components::FieldError;
use domain::package::{error_dom_id, field_dom_id};
use leptos::prelude::*;

/// One option: key, label, optional hint under the label.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub key: i64,
    pub label: String,
    pub hint: Option<String>,
}

impl Choice {
    pub fn new(key: i64, label: impl Into<String>) -> Choice {
        Choice { key, label: label.into(), hint: None }
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Choice {
        let h = hint.into();
        self.hint = (!h.is_empty()).then_some(h);
        self
    }
}

/// `aria-describedby` for a field with an optional hint and error.
pub fn described_by(field: &'static str, has_hint: bool, has_error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if has_hint {
        ids.push(format!("{}-hjaelp", field_dom_id(field)));
    }
    if has_error {
        ids.push(error_dom_id(field));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The visible label of a required field: the text and a `*` that screen
/// readers skip (the input itself is `required`/`aria-required`).
#[component]
pub fn RequiredMark() -> impl IntoView {
    view! { <span class="required-mark" aria-hidden="true">"*"</span> }
}

/// One text control in DKFDS markup: form group, label, optional hint and
/// the field's error message, then the control itself (the children), which
/// carries `id = field_dom_id(field)` and its own ARIA.
#[component]
pub fn FieldGroup(
    field: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(into)] error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="form-group" class:form-error=move || error.with(Option::is_some)>
            <label class="form-label" for=field_dom_id(field)>{label} {required.then(|| view! { <RequiredMark/> })}</label>
            {hint.map(|h| view! { <span class="form-hint" id=format!("{}-hjaelp", field_dom_id(field))>{h}</span> })}
            {move || error.get().map(|m| view! { <FieldError id=error_dom_id(field) message=m/> })}
            {children()}
        </div>
    }
}

/// The frame both groups share: DKFDS form group, fieldset, legend, hint
/// and the field's error message.
#[component]
fn ChoiceFieldset(
    field: &'static str,
    legend: &'static str,
    hint: Option<&'static str>,
    required: bool,
    error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    let has_error = move || error.with(Option::is_some);
    view! {
        <div class="form-group" class:form-error=has_error>
            <fieldset id=field_dom_id(field) aria-describedby=move || described_by(field, hint.is_some(), has_error())>
                <legend class="form-label">{legend} {required.then(|| view! { <RequiredMark/> })}</legend>
                {hint.map(|h| view! { <span class="form-hint" id=format!("{}-hjaelp", field_dom_id(field))>{h}</span> })}
                {move || error.get().map(|m| view! { <FieldError id=error_dom_id(field) message=m/> })}
                {children()}
            </fieldset>
        </div>
    }
}

/// An option's input id and its hint's id.
fn option_ids(field: &str, key: i64) -> (String, String) {
    let id = format!("{}-{}", field_dom_id(field), key);
    let hint_id = format!("{id}-hjaelp");
    (id, hint_id)
}

#[component]
pub fn CheckboxGroup(
    field: &'static str,
    legend: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] required: bool,
    options: Vec<Choice>,
    #[prop(into)] selected: Signal<Vec<i64>>,
    on_toggle: Callback<(i64, bool)>,
    #[prop(into)] error: Signal<Option<String>>,
    /// Extra markup after the options (e.g. a link).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let has_error = move || error.with(Option::is_some);
    view! {
        <ChoiceFieldset field legend hint required error>
            <div class="choice-list">
                {options
                    .into_iter()
                    .map(|o| {
                        let (id, hint_id) = option_ids(field, o.key);
                        view! { <CheckboxOption o id hint_id name=Some(field) invalid=Signal::derive(has_error) selected on_toggle/> }
                    })
                    .collect_view()}
            </div>
            {children.map(|c| c())}
        </ChoiceFieldset>
    }
}

#[component]
pub fn RadioGroup(
    field: &'static str,
    legend: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] required: bool,
    options: Vec<Choice>,
    #[prop(into)] selected: Signal<Option<i64>>,
    on_select: Callback<i64>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <ChoiceFieldset field legend hint required error>
            {options
                .into_iter()
                .map(|o| {
                    let (id, hint_id) = option_ids(field, o.key);
                    let key = o.key;
                    view! {
                        <div class="form-group-radio">
                            <input
                                class="form-radio"
                                type="radio"
                                id=id.clone()
                                name=field
                                value=key.to_string()
                                required=required
                                aria-describedby=o.hint.as_ref().map(|_| hint_id.clone())
                                prop:checked=move || selected.get() == Some(key)
                                on:change=move |ev| {
                                    if event_target_checked(&ev) {
                                        on_select.run(key)
                                    }
                                }
                            />
                            <label for=id>{o.label}</label>
                            {o.hint.map(|h| view! { <span class="form-hint" id=hint_id>{h}</span> })}
                        </div>
                    }
                })
                .collect_view()}
        </ChoiceFieldset>
    }
}

/// One checkbox of a group, with its label and optional hint.
#[component]
fn CheckboxOption(
    o: Choice,
    id: String,
    hint_id: String,
    name: Option<&'static str>,
    invalid: Signal<bool>,
    selected: Signal<Vec<i64>>,
    on_toggle: Callback<(i64, bool)>,
) -> impl IntoView {
    let key = o.key;
    view! {
        <div class="form-group-checkbox">
            <input
                class="form-checkbox"
                type="checkbox"
                id=id.clone()
                name=name
                value=key.to_string()
                aria-invalid=move || invalid.get().then_some("true")
                aria-describedby=o.hint.as_ref().map(|_| hint_id.clone())
                prop:checked=move || selected.with(|s| s.contains(&key))
                on:change=move |ev| on_toggle.run((key, event_target_checked(&ev)))
            />
            <label for=id>{o.label}</label>
            {o.hint.map(|h| view! { <span class="form-hint" id=hint_id>{h}</span> })}
        </div>
    }
}

/// Checkboxes in a fieldset whose ids start with `id_prefix`, for a form
/// shown many times on one page (one per table row), without a field
/// error: every combination is valid.
#[component]
pub fn CheckboxSet(
    id_prefix: String,
    legend: String,
    options: Vec<Choice>,
    #[prop(into)] selected: Signal<Vec<i64>>,
    on_toggle: Callback<(i64, bool)>,
) -> impl IntoView {
    view! {
        <div class="form-group">
            <fieldset>
                <legend class="form-label">{legend}</legend>
                <div class="choice-list">
                    {options
                        .into_iter()
                        .map(|o| {
                            let id = format!("{id_prefix}-{}", o.key);
                            let hint_id = format!("{id}-hjaelp");
                            view! { <CheckboxOption o id hint_id name=None invalid=Signal::stored(false) selected on_toggle/> }
                        })
                        .collect_view()}
                </div>
            </fieldset>
        </div>
    }
}
