//! "Sagsvælger": the one component used wherever one case is chosen
//! (`docs/domain.md`, "The case selector").
//!
//! A native `<table>` with one radio per row; all radios share one `name`,
//! so the arrow keys move the selection as in any radio group. Sort by
//! title, grant start date or status (default start date, newest first;
//! there is always an active sort, shown with `aria-sort`); filter active /
//! passive / both (default active). Which cases may be chosen is the
//! server's decision per process (`valgbare`); the excluded ones
//! (`fravalgte`) can be shown with their reason but never chosen.
//!
//! Which cases may be chosen and the sort orders are the domain's
//! (`domain::casework`); the table state on top ([`SortState`],
//! [`visible_cases`]) is plain functions tested in `tests/web.rs`.

use crate::components::Icon;
use crate::format;
use domain::casework::process::{sort_cases, ActivityFilter, CaseSort};
use domain::catalog;
use domain::model::Sag;
use leptos::prelude::*;

pub use domain::casework::process::ExcludedCase;

/// The active sort of the table: a column ([`CaseSort`], the domain's order)
/// and whether the user has turned it around by pressing the column again.
/// There is always one; the default is the start date, newest first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SortState {
    pub by: CaseSort,
    pub reversed: bool,
}

impl SortState {
    /// What pressing a column's sort button does: the same column turns
    /// around, another column starts in its natural direction.
    pub fn pressed(self, by: CaseSort) -> SortState {
        if self.by == by {
            SortState { by, reversed: !self.reversed }
        } else {
            SortState { by, reversed: false }
        }
    }

    /// The value of `aria-sort` for the sorted column: dates run newest
    /// first, titles and statuses ascending, unless turned around.
    pub fn aria(self) -> &'static str {
        let natural_ascending = !matches!(self.by, CaseSort::Startdato);
        if natural_ascending != self.reversed {
            "ascending"
        } else {
            "descending"
        }
    }
}

/// The cases to show: those the filter admits, in the sort's order.
pub fn visible_cases(cases: &[Sag], filter: ActivityFilter, sort: SortState) -> Vec<Sag> {
    let mut shown: Vec<Sag> = cases.iter().filter(|s| filter.allows(s)).cloned().collect();
    sort_cases(&mut shown, sort.by);
    if sort.reversed {
        shown.reverse();
    }
    shown
}

fn filter_value(f: ActivityFilter) -> &'static str {
    match f {
        ActivityFilter::Aktive => "aktive",
        ActivityFilter::Passive => "passive",
        ActivityFilter::Begge => "begge",
    }
}

/// `Aktiv` / `Passiv`, and a stop still to come ("Aktiv, stoppes pr. …").
pub fn activity_label(sag: &Sag) -> String {
    match (sag.aktiv, sag.stopdato) {
        (true, Some(d)) => format!("Aktiv, stoppes pr. {}", format::date(d)),
        (true, None) => "Aktiv".to_owned(),
        (false, _) => "Passiv".to_owned(),
    }
}

pub fn case_type_label(sag: &Sag) -> &'static str {
    catalog::name_of(catalog::CASE_TYPES, sag.sagstype).unwrap_or("(ukendt sagstype)")
}

/// A case with its title and start date, for summaries and messages.
pub fn case_summary(sag: &Sag) -> String {
    match sag.startdato {
        Some(d) => format!("{} ({}, startdato {})", sag.titel, case_type_label(sag), format::date(d)),
        None => format!("{} ({}, ingen startdato)", sag.titel, case_type_label(sag)),
    }
}

/// The Sagsvælger over the cases a process may choose.
#[component]
pub fn CaseSelector(
    /// Prefix of element ids and the radios' shared `name`; unique on the page.
    id: &'static str,
    /// Caption of the table, e.g. "Vælg sag".
    #[prop(into)]
    caption: String,
    /// The cases that may be chosen.
    valgbare: Vec<Sag>,
    /// The cases the process excludes, with reasons.
    #[prop(optional)]
    fravalgte: Vec<ExcludedCase>,
    /// The chosen case's id.
    selected: RwSignal<Option<i64>>,
    /// A message to show at the table (e.g. "Vælg en sag."), if any.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let initial_filter = match selected.get_untracked().and_then(|id| valgbare.iter().find(|s| s.id == id)) {
        // A restored choice of a passive case must stay visible.
        Some(s) if !s.aktiv => ActivityFilter::Begge,
        _ => ActivityFilter::Aktive,
    };
    // A choice that is no longer allowed (e.g. restored from an older visit)
    // is dropped.
    if let Some(id) = selected.get_untracked() {
        if !valgbare.iter().any(|s| s.id == id) {
            selected.set(None);
        }
    }
    let filter = RwSignal::new(initial_filter);
    let sort = RwSignal::new(SortState::default());
    let show_excluded = RwSignal::new(false);
    let valgbare = StoredValue::new(valgbare);
    let fravalgte = StoredValue::new(fravalgte);

    let rows = Memo::new(move |_| valgbare.with_value(|v| visible_cases(v, filter.get(), sort.get())));
    // Hiding the chosen case with the filter also unchooses it: a choice the
    // user cannot see is not a choice.
    Effect::new(move |_| {
        let visible = rows.get();
        if let Some(id) = selected.get_untracked() {
            if !visible.iter().any(|s| s.id == id) {
                selected.set(None);
            }
        }
    });
    let chosen_text = move || {
        let id = selected.get()?;
        valgbare.with_value(|v| v.iter().find(|s| s.id == id).map(case_summary))
    };
    let error_id = format!("{id}-fejl");
    let table_label = caption.clone();
    let total = valgbare.with_value(Vec::len);
    let excluded_count = fravalgte.with_value(Vec::len);

    view! {
        <div class="case-selector" class:form-error=move || error.get().is_some()>
            <fieldset class="case-selector-filter">
                <legend class="form-label">"Vis sager"</legend>
                <div class="case-selector-filter-options">
                    {ActivityFilter::ALL
                        .iter()
                        .copied()
                        .map(|f| {
                            let input_id = format!("{id}-filter-{}", filter_value(f));
                            view! {
                                <div class="form-group-radio">
                                    <input
                                        class="form-radio"
                                        type="radio"
                                        id=input_id.clone()
                                        name=format!("{id}-filter")
                                        value=filter_value(f)
                                        prop:checked=move || filter.get() == f
                                        on:change=move |_| filter.set(f)
                                    />
                                    <label for=input_id>{f.label()}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
            {move || {
                error
                    .get()
                    .map(|m| {
                        view! {
                            <span class="form-error-message" id=error_id.clone()>
                                <span class="sr-only">"Fejl: "</span>
                                {m}
                            </span>
                        }
                    })
            }}
            <div class="table--responsive-scroll" role="region" aria-label=table_label tabindex="0">
                <table class="table table--compact table--selectable case-selector-table">
                    <caption>
                        {caption} " "
                        <span class="case-selector-count">
                            {move || {
                                let n = rows.with(Vec::len);
                                format!("({n} af {total} {} vist)", if total == 1 { "sag" } else { "sager" })
                            }}
                        </span>
                    </caption>
                    <thead>
                        <tr>
                            <th scope="col" class="case-selector-choice">
                                <span class="sr-only">"Vælg"</span>
                            </th>
                            <SortHeader by=CaseSort::Titel sort/>
                            <th scope="col">"Sagstype"</th>
                            <SortHeader by=CaseSort::Startdato sort/>
                            <SortHeader by=CaseSort::Status sort/>
                            <th scope="col">"Aktiv/passiv"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let list = rows.get();
                            if list.is_empty() {
                                let text = if total == 0 {
                                    "Der er ingen sager, der kan vælges i denne proces."
                                } else {
                                    "Ingen sager at vise med det valgte filter. Vælg et andet filter ovenfor."
                                };
                                return view! {
                                    <tr>
                                        <td colspan="6">{text}</td>
                                    </tr>
                                }
                                .into_any();
                            }
                            list.into_iter()
                                .map(|sag| view! { <CaseRow id sag selected/> })
                                .collect_view()
                                .into_any()
                        }}
                    </tbody>
                </table>
            </div>
            <p class="case-selector-chosen" aria-live="polite">
                {move || match chosen_text() {
                    Some(t) => format!("Valgt sag: {t}"),
                    None => "Ingen sag valgt.".to_owned(),
                }}
            </p>
            {(excluded_count > 0)
                .then(|| {
                    let toggle_id = format!("{id}-vis-fravalgte");
                    view! {
                        <div class="form-group-checkbox">
                            <input
                                class="form-checkbox"
                                type="checkbox"
                                id=toggle_id.clone()
                                prop:checked=move || show_excluded.get()
                                on:change=move |ev| show_excluded.set(event_target_checked(&ev))
                            />
                            <label for=toggle_id>{format!("Vis fravalgte sager ({excluded_count})")}</label>
                        </div>
                        {move || show_excluded.get().then(|| view! { <ExcludedTable id fravalgte sort/> })}
                    }
                })}
        </div>
    }
}

/// A column header with a sort button; carries `aria-sort` when it is the
/// active sort.
#[component]
fn SortHeader(by: CaseSort, sort: RwSignal<SortState>) -> impl IntoView {
    let active = move || sort.with(|s| s.by == by);
    let aria = move || sort.with(|s| (s.by == by).then(|| s.aria()));
    let hint = move || {
        sort.with(|s| match (s.by == by, s.aria()) {
            (true, "ascending") => ", sorteret stigende. Tryk for at sortere faldende",
            (true, _) => ", sorteret faldende. Tryk for at sortere stigende",
            (false, _) => ". Tryk for at sortere efter denne kolonne",
        })
    };
    let icon = move || {
        sort.with(|s| match (s.by == by, s.aria()) {
            (true, "ascending") => view! { <Icon name="sort-table-ascending"/> },
            (true, _) => view! { <Icon name="sort-table-descending"/> },
            (false, _) => view! { <Icon name="sort-table-none"/> },
        })
    };
    view! {
        <th scope="col" aria-sort=aria class:sorted=active>
            <button class="sort-button" type="button" on:click=move |_| sort.update(|s| *s = s.pressed(by))>
                {by.label()}
                <span class="sr-only">{hint}</span>
                {icon}
            </button>
        </th>
    }
}

#[component]
fn CaseRow(id: &'static str, sag: Sag, selected: RwSignal<Option<i64>>) -> impl IntoView {
    let sag_id = sag.id;
    let input_id = format!("{id}-sag-{sag_id}");
    let label = format!("Vælg {}", case_summary(&sag));
    view! {
        <tr class:selected=move || selected.get() == Some(sag_id)>
            <td class="case-selector-choice">
                <div class="form-group-radio">
                    <input
                        class="form-radio"
                        type="radio"
                        id=input_id.clone()
                        name=id
                        value=sag_id.to_string()
                        prop:checked=move || selected.get() == Some(sag_id)
                        on:change=move |_| selected.set(Some(sag_id))
                    />
                    <label for=input_id>
                        <span class="sr-only">{label}</span>
                    </label>
                </div>
            </td>
            <td>{sag.titel.clone()}</td>
            <td>{case_type_label(&sag)}</td>
            <td class="nowrap">{format::date_or_dash(sag.startdato)}</td>
            <td>{sag.status.label()}</td>
            <td>{activity_label(&sag)}</td>
        </tr>
    }
}

/// The excluded cases with their reasons; nothing to choose.
#[component]
fn ExcludedTable(id: &'static str, fravalgte: StoredValue<Vec<ExcludedCase>>, sort: RwSignal<SortState>) -> impl IntoView {
    // The same order as the choosable cases.
    let rows = Memo::new(move |_| {
        let s = sort.get();
        fravalgte.with_value(|v| {
            let sager: Vec<Sag> = v.iter().map(|e| e.sag.clone()).collect();
            visible_cases(&sager, ActivityFilter::Begge, s)
                .into_iter()
                .filter_map(|sag| v.iter().find(|e| e.sag.id == sag.id).cloned())
                .collect::<Vec<_>>()
        })
    });
    let caption = "Fravalgte sager (kan ikke vælges i denne proces)";
    view! {
        <div class="table--responsive-scroll" role="region" aria-label=caption tabindex="0" id=format!("{id}-fravalgte")>
            <table class="table table--compact case-selector-excluded">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Sagstitel"</th>
                        <th scope="col">"Sagstype"</th>
                        <th scope="col">"Bevillingens startdato"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Aktiv/passiv"</th>
                        <th scope="col">"Årsag"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        rows.get()
                            .into_iter()
                            .map(|e| {
                                view! {
                                    <tr>
                                        <th scope="row">{e.sag.titel.clone()}</th>
                                        <td>{case_type_label(&e.sag)}</td>
                                        <td class="nowrap">{format::date_or_dash(e.sag.startdato)}</td>
                                        <td>{e.sag.status.label()}</td>
                                        <td>{activity_label(&e.sag)}</td>
                                        <td>{e.aarsag}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}

/// The Sagsvælger for one borger and process: asks the server which cases
/// the process may choose (`GET /api/citizens/{id}/cases?process=…`).
#[component]
pub fn ProcessCaseSelector(
    id: &'static str,
    citizen_id: i64,
    process: domain::casework::process::Process,
    #[prop(into)] caption: String,
    selected: RwSignal<Option<i64>>,
    /// Receives the case list, so the page can name the chosen case.
    #[prop(optional)]
    loaded: Option<RwSignal<Vec<Sag>>>,
    #[prop(optional, into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let cases = LocalResource::new(move || crate::api::citizen_cases(citizen_id, process));
    let caption = StoredValue::new(caption);
    view! {
        <Suspense fallback=|| view! { <crate::components::Loading text="Henter borgerens sager …"/> }>
            {move || Suspend::new(async move {
                match cases.await {
                    Err(e) => view! { <crate::components::ErrorAlert message=e.message() heading="Sagerne kunne ikke hentes"/> }.into_any(),
                    Ok(sel) => {
                        if let Some(l) = loaded {
                            l.set(sel.valgbare.clone());
                        }
                        view! {
                            <CaseSelector
                                id
                                caption=caption.get_value()
                                valgbare=sel.valgbare
                                fravalgte=sel.fravalgte
                                selected
                                error
                            />
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
