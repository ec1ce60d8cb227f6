//! "Opgavetype" in the package editor: one checkbox per task type, grouped
//! by the catalogue's `gruppe`, with a filter box, and per type a DKFDS
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
                <div class="task-type-groups">
                {groups
                    .into_iter()
                    .map(|(group, types)| {
                        let group_types = types.clone();
                        let group_hidden = move || needle.with(|n| !group_types.iter().any(|t| type_matches(t, n)));
                        view! {
                            <fieldset class="task-type-group" hidden=group_hidden>
                                <legend>{group}</legend>
                                <ul class="nobullet-list">
                                    {types.into_iter().map(|t| view! { <TaskTypeOption t needle selected on_toggle has_error=Signal::derive(has_error)/> }).collect_view()}
                                </ul>
                            </fieldset>
                        }
                    })
                    .collect_view()}
                </div>
            </fieldset>
        </div>
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
