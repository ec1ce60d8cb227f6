//! "Opgavetype" in the package editor: one checkbox per task type, grouped
//! by the catalogue's `gruppe` in collapsed DKFDS accordions (a closed group
//! renders nothing, so the page lays out little on every keystroke), with a
//! filter box that opens the groups it matches, and per type a DKFDS
//! `details` disclosure with its description, the KY assessment
//! ("Vurdering") and the recommended sagsudsøgning, so the admin has them
//! at hand while grouping task types into packages.

use crate::components::dkfds::choice::described_by;
use crate::components::FieldError;
use domain::catalog::Recommended;
use domain::package::{error_dom_id, field_dom_id, PackageField};
use domain::wire::catalog::{Catalog, TaskTypeEntry};
use leptos::prelude::*;
use std::sync::Arc;

const FIELD: &str = PackageField::Opgavetyper.name();

pub fn recommended_label(r: Recommended) -> &'static str {
    match r {
        Recommended::Haendelse => "Hændelse relation",
        Recommended::Person => "Person relation",
        Recommended::Begge => "Begge kan bruges",
    }
}

/// Whether a task type matches the filter text (name, group or description,
/// case-insensitive).
pub fn type_matches(t: &TaskTypeEntry, needle: &str) -> bool {
    let needle = needle.trim().to_lowercase();
    needle.is_empty() || t.navn.to_lowercase().contains(&needle) || t.beskrivelse.to_lowercase().contains(&needle)
}

#[component]
pub fn TaskTypePicker(
    catalog: Arc<Catalog>,
    #[prop(into)] selected: Signal<Vec<i64>>,
    on_toggle: Callback<(i64, bool)>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let needle = RwSignal::new(String::new());
    let has_error = move || error.with(Option::is_some);
    let mut groups: Vec<(String, Vec<TaskTypeEntry>)> = Vec::new();
    for t in &catalog.opgavetyper {
        match groups.iter_mut().find(|(g, _)| *g == t.gruppe) {
            Some((_, list)) => list.push(t.clone()),
            None => groups.push((t.gruppe.clone(), vec![t.clone()])),
        }
    }
    let all = catalog.opgavetyper.clone();
    let visible_count = move || needle.with(|n| all.iter().filter(|t| type_matches(t, n)).count());
    let hint_id = format!("{}-hjaelp", field_dom_id(FIELD));

    view! {
        <div class="form-group task-type-picker" class:form-error=has_error>
            <fieldset id=field_dom_id(FIELD) aria-describedby=move || described_by(FIELD, true, has_error())>
                <legend class="form-label">{PackageField::Opgavetyper.label()}</legend>
                <span class="form-hint" id=hint_id>
                    "Vælg de typer opgaver, der skal være i opgavepakken. Vælger du ingen, begrænser feltet ikke. "
                    {move || format!("{} valgt.", selected.with(Vec::len))}
                </span>
                {move || error.get().map(|m| view! { <FieldError id=error_dom_id(FIELD) message=m/> })}
                <div class="form-group task-type-filter">
                    <label class="form-label" for="opgavetype-filter">"Find opgavetype"</label>
                    <input
                        class="form-input"
                        type="search"
                        id="opgavetype-filter"
                        aria-describedby="opgavetype-filter-antal"
                        prop:value=move || needle.get()
                        on:input=move |ev| needle.set(event_target_value(&ev))
                    />
                    <span class="form-hint" id="opgavetype-filter-antal" aria-live="polite">
                        {move || {
                            let n = visible_count();
                            if needle.with(|s| s.trim().is_empty()) {
                                String::new()
                            } else if n == 1 {
                                "1 opgavetype passer.".to_owned()
                            } else {
                                format!("{n} opgavetyper passer.")
                            }
                        }}
                    </span>
                </div>
                <ul class="accordion task-type-groups">
                    {groups
                        .into_iter()
                        .enumerate()
                        .map(|(i, (group, types))| view! { <TaskTypeGroup i group types needle selected on_toggle has_error=Signal::derive(has_error)/> })
                        .collect_view()}
                </ul>
            </fieldset>
        </div>
    }
}

/// One catalogue group as a DKFDS accordion, collapsed until opened (or
/// until the filter text matches one of its types): a closed group renders
/// no options, so the editor lays out only the groups in use. Its heading
/// says how many of its types are chosen.
#[component]
fn TaskTypeGroup(
    i: usize,
    group: String,
    types: Vec<TaskTypeEntry>,
    needle: RwSignal<String>,
    selected: Signal<Vec<i64>>,
    on_toggle: Callback<(i64, bool)>,
    has_error: Signal<bool>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let ids: Vec<i64> = types.iter().map(|t| i64::from(t.id)).collect();
    let chosen = Memo::new(move |_| selected.with(|s| ids.iter().filter(|id| s.contains(id)).count()));
    let (match_types, hidden_types) = (types.clone(), types.clone());
    let matches = move |n: &str| match_types.iter().any(|t| type_matches(t, n));
    let searching_here = move || needle.with(|n| !n.trim().is_empty() && matches(n));
    // Typing in "Find opgavetype" opens the groups that hold a match.
    Effect::new(move |_| {
        if searching_here() {
            open.set(true);
        }
    });
    let hidden = move || needle.with(|n| !hidden_types.iter().any(|t| type_matches(t, n)));
    let button_id = format!("{}-gruppe-{i}", field_dom_id(FIELD));
    let content_id = format!("{button_id}-indhold");
    view! {
        <li class="task-type-group" hidden=hidden>
            // h2: the editor's sections below the page's h1 (heading order).
            <h2>
                <button
                    class="accordion-button"
                    type="button"
                    id=button_id.clone()
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-controls=content_id.clone()
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    <span>{group}</span>
                    {move || match chosen.get() {
                        0 => None,
                        n => Some(view! { <span class="task-type-group-count">{format!("{n} valgt")}</span> }),
                    }}
                </button>
            </h2>
            <div
                class="accordion-content"
                id=content_id
                role="group"
                aria-labelledby=button_id
                aria-hidden=move || if open.get() { "false" } else { "true" }
            >
                {move || {
                    open.get()
                        .then(|| {
                            let types = types.clone();
                            view! {
                                <ul class="nobullet-list">
                                    {types.into_iter().map(|t| view! { <TaskTypeOption t needle selected on_toggle has_error/> }).collect_view()}
                                </ul>
                            }
                        })
                }}
            </div>
        </li>
    }
}

#[component]
fn TaskTypeOption(
    t: TaskTypeEntry,
    needle: RwSignal<String>,
    selected: Signal<Vec<i64>>,
    on_toggle: Callback<(i64, bool)>,
    has_error: Signal<bool>,
) -> impl IntoView {
    let key = i64::from(t.id);
    let id = format!("{}-{}", field_dom_id(FIELD), t.id);
    let hidden_t = t.clone();
    let hidden = move || needle.with(|n| !type_matches(&hidden_t, n));
    view! {
        <li class="task-type" hidden=hidden>
            <div class="form-group-checkbox">
                <input
                    class="form-checkbox"
                    type="checkbox"
                    id=id.clone()
                    name=FIELD
                    value=key.to_string()
                    aria-invalid=move || has_error.get().then_some("true")
                    prop:checked=move || selected.with(|s| s.contains(&key))
                    on:change=move |ev| on_toggle.run((key, event_target_checked(&ev)))
                />
                <label for=id>{t.navn.clone()}</label>
            </div>
            <details class="details task-type-info">
                <summary class="details-summary">
                    <span class="details-summary-text">"Om " {t.navn.clone()}</span>
                </summary>
                <div class="details-text">
                    <p>{t.beskrivelse.clone()}</p>
                    {(!t.vurdering.is_empty()).then(|| view! { <p><strong>"Vurdering: "</strong>{t.vurdering.clone()}</p> })}
                    <p>
                        <strong>"Anbefalet sagsudsøgning: "</strong>
                        {recommended_label(t.anbefalet_sagsudsoegning)}
                    </p>
                </div>
            </details>
        </li>
    }
}
