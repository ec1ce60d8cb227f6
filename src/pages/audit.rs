//! `/systemadministration/log`: the audit log (admin): who opened which
//! Borgeroverblik, finished which task, received which post. Newest first,
//! paged by the server (`?side=N`). Borgere are named by id, never by CPR.

use crate::api;
use crate::components::dkfds::choice::FieldGroup;
use crate::components::dkfds::pagination::page_count;
use crate::components::dkfds::table::Column;
use crate::components::{ErrorAlert, Loading, NoAdminAccess, Page, Table};
use crate::format;
use crate::routes;
use crate::session::use_session;
use domain::limits::DATE_OUT_OF_RANGE;
use domain::package::{error_dom_id, field_dom_id};
use domain::wire::audit::{AuditAction, AuditFilter, PeriodEnd};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use wasm_bindgen::JsCast;

/// `2026-03-07T10:15:00+01:00` → `07.03.2026 10:15`; anything else as is.
pub fn timestamp(rfc3339: &str) -> String {
    match (rfc3339.get(..10).and_then(format::parse_iso), rfc3339.get(11..16)) {
        (Some(d), Some(t)) => format!("{} {t}", format::date(d)),
        _ => rfc3339.to_owned(),
    }
}

const COLUMNS: &[Column] = &[
    Column::text("Tidspunkt"),
    Column::text("Bruger"),
    Column::text("Handling"),
    Column::text("Borger"),
    Column::text("Opgave"),
    Column::text("Detaljer"),
];

/// The log's address for page `side` under `filter`.
pub fn audit_href(side: u32, filter: &AuditFilter) -> String {
    format!("{}?{}={side}{}", routes::AUDIT, routes::PAGE_PARAM, api::audit_query(filter))
}

/// "Borger nr." as typed: empty is no criterion; anything but a whole
/// number is refused with the field's message.
pub fn parse_borger(text: &str) -> Result<Option<i64>, &'static str> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<i64>().ok().filter(|n| *n > 0).map(Some).ok_or("Borger nr. skal være et helt tal, fx 1234.")
}

#[component]
pub fn AuditPage() -> impl IntoView {
    if !use_session().is_admin() {
        return view! { <NoAdminAccess/> }.into_any();
    }
    let query = use_query_map();
    let page =
        Memo::new(move |_| query.with(|q| q.get(routes::PAGE_PARAM)).and_then(|s| s.parse::<u32>().ok()).filter(|p| *p >= 1).unwrap_or(1));
    let filter = Memo::new(move |_| {
        query.with(|q| AuditFilter {
            handling: q.get("handling").as_deref().and_then(AuditAction::from_name),
            bruger: q.get("bruger").filter(|b| !b.trim().is_empty()),
            borger: q.get("borger").and_then(|b| b.parse().ok()),
            fra: q.get("fra").as_deref().and_then(format::parse_iso),
            til: q.get("til").as_deref().and_then(format::parse_iso),
        })
    });
    let log = LocalResource::new(move || {
        let f = filter.get();
        let p = page.get();
        async move { api::audit(p, &f).await }
    });
    // After "Forrige side"/"Næste side" (the link pressed goes with the
    // old page), focus goes to the new page's table.
    let moved = StoredValue::new(false);
    Effect::new(move |prev: Option<u32>| {
        let now = page.get();
        if prev.is_some_and(|p| p != now) {
            moved.set_value(true);
        }
        now
    });
    view! {
        <Page title="Log">
            <p>
                "Hvem har åbnet borgeroverblik og opgaver, afsluttet opgaver, modtaget post, logget ind, og hvad administratorerne har ændret "
                "(opgavepakker, systemparametre, roller, brugeres roller, nøgler til kildesystemer). Nyeste først."
            </p>
            <AuditFilterForm current=filter/>
            <Transition fallback=|| view! { <Loading text="Henter loggen …"/> }>
                {move || Suspend::new(async move {
                    match log.await {
                        Err(e) => view! { <ErrorAlert message=e.message() heading="Loggen kunne ikke hentes"/> }.into_any(),
                        Ok(p) => {
                            let pages = page_count(p.total, p.sidestoerrelse).max(1);
                            let side = p.side;
                            let f = filter.get_untracked();
                            let what = if f.is_empty() { "hændelser" } else { "hændelser, der passer til søgningen" };
                            if moved.get_value() {
                                moved.set_value(false);
                                request_animation_frame(|| {
                                    if let Some(el) = document().query_selector(".audit-log .table--responsive-scroll").ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                                        let _ = el.focus();
                                    }
                                });
                            }
                            view! {
                                <div class="audit-log">
                                <Table caption=format!("Log: {} {what}, side {side} af {pages}", format::count(p.total)) columns=COLUMNS>
                                        <tbody>
                                            {p.poster
                                                .into_iter()
                                                .map(|e| {
                                                    view! {
                                                        <tr>
                                                            <td class="nowrap">{timestamp(&e.tidspunkt)}</td>
                                                            <td>{e.brugernavn}</td>
                                                            <td>{e.handling.label()}</td>
                                                            <td>
                                                                {e.borger_id.map(|b| view! { <a href=routes::citizen(b)>{format!("Borger nr. {b}")}</a> })}
                                                            </td>
                                                            <td>
                                                                {e.opgave_id.map(|o| view! { <a href=routes::task(o)>{format!("Opgave nr. {o}")}</a> })}
                                                            </td>
                                                            <td>{e.detaljer}</td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                </Table>
                                </div>
                                <nav class="pager" aria-label="Sider i loggen">
                                    {(side > 1).then(|| view! { <a class="button button-secondary" href=audit_href(side - 1, &f)>"Forrige side"</a> })}
                                    {(side < pages).then(|| view! { <a class="button button-secondary" href=audit_href(side + 1, &f)>"Næste side"</a> })}
                                </nav>
                            }
                            .into_any()
                        }
                    }
                })}
            </Transition>
        </Page>
    }
    .into_any()
}

/// The search's borger field and its period's last day (their DOM ids and
/// error ids derive from these).
const BORGER: &str = "log_borger";
/// A period's day that the field holds but that is none.
const NOT_A_DAY: &str = "Skriv en hel dato, der findes, fx 01.03.2026.";

const FRA: &str = "log_fra";
const TIL: &str = "log_til";

/// A search field that has a message of its own: a day of the period, or
/// the borger's number (`numeric`: a text field with the number keyboard).
#[component]
fn CheckedField(
    field: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    error: RwSignal<Option<&'static str>>,
    node_ref: NodeRef<leptos::html::Input>,
    #[prop(optional)] numeric: bool,
) -> impl IntoView {
    let (kind, class) = if numeric { ("text", "form-input form-input--char-8") } else { ("date", "form-input form-input--date") };
    view! {
        <FieldGroup field label error=Signal::derive(move || error.get().map(str::to_owned))>
            <input
                class=class
                id=field_dom_id(field)
                node_ref=node_ref
                type=kind
                inputmode=numeric.then_some("numeric")
                autocomplete="off"
                aria-invalid=move || error.get().map(|_| "true")
                aria-describedby=move || error.get().map(|_| error_dom_id(field))
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </FieldGroup>
    }
}

/// "Søg i loggen": action, username, borger and period; "Søg" goes to the
/// first page of the entries that meet them all, "Vis hele loggen" back.
#[component]
fn AuditFilterForm(current: Memo<AuditFilter>) -> impl IntoView {
    let navigate = use_navigate();
    let [handling, bruger, borger, fra, til] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let [borger_error, fra_error, til_error] = std::array::from_fn(|_| RwSignal::new(None::<&'static str>));
    let [borger_field, fra_field, til_field] = std::array::from_fn(|_| NodeRef::<leptos::html::Input>::new());
    // The fields show the search the page shows: at the start, and after
    // "Vis hele loggen", back, or a link to a search.
    let fill = move |c: &AuditFilter| {
        let day = |d: Option<chrono::NaiveDate>| d.map(format::iso).unwrap_or_default();
        handling.set(c.handling.map(AuditAction::name).unwrap_or_default());
        bruger.set(c.bruger.clone().unwrap_or_default());
        borger.set(c.borger.map(|b| b.to_string()).unwrap_or_default());
        fra.set(day(c.fra));
        til.set(day(c.til));
        for e in [borger_error, fra_error, til_error] {
            e.set(None);
        }
    };
    current.with_untracked(fill);
    Effect::new(move |prev: Option<()>| {
        current.with(|c| {
            if prev.is_some() {
                fill(c);
            }
        });
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let borger = parse_borger(&borger.get_untracked());
        // A day the field holds but that is none (a year of five digits;
        // or 31.02 or partly typed, which the browser reads as empty) is an
        // error at its field, not an empty criterion.
        let read = |text: String, field: NodeRef<leptos::html::Input>| {
            if field.get_untracked().is_some_and(|el| format::is_bad_input(&el)) {
                return Err(NOT_A_DAY);
            }
            match text.trim() {
                "" => Ok(None),
                t => format::parse_iso(t).map(Some).ok_or(DATE_OUT_OF_RANGE),
            }
        };
        let (fra_day, til_day) = (read(fra.get_untracked(), fra_field), read(til.get_untracked(), til_field));
        let f = AuditFilter {
            handling: AuditAction::from_name(&handling.get_untracked()),
            bruger: Some(bruger.get_untracked()),
            borger: borger.unwrap_or_default(),
            fra: fra_day.unwrap_or_default(),
            til: til_day.unwrap_or_default(),
        };
        let period = f.check().err();
        let at = |end: PeriodEnd| period.filter(|e| e.0 == end).map(|e| e.1);
        borger_error.set(borger.err());
        fra_error.set(fra_day.err().or(at(PeriodEnd::Fra)));
        til_error.set(til_day.err().or(at(PeriodEnd::Til)));
        // The first field in error takes focus; nothing is searched.
        let first = [(borger_error, borger_field), (fra_error, fra_field), (til_error, til_field)]
            .into_iter()
            .find(|(e, _)| e.with_untracked(Option::is_some));
        match first {
            None => navigate(&audit_href(1, &f), Default::default()),
            Some((_, field)) => {
                if let Some(el) = field.get_untracked() {
                    let _ = el.focus();
                }
            }
        }
    };
    view! {
        <form class="audit-filter" role="search" aria-label="Søg i loggen" novalidate on:submit=on_submit>
            <div class="form-group">
                <label class="form-label" for="log-handling">"Handling"</label>
                <select class="form-select" id="log-handling" on:change=move |ev| handling.set(event_target_value(&ev))>
                    <option value="" selected=move || handling.with(String::is_empty)>"Alle handlinger"</option>
                    {AuditAction::ALL
                        .iter()
                        .map(|a| {
                            let name = a.name();
                            let n = name.clone();
                            view! { <option value=name selected=move || handling.with(|h| *h == n)>{a.label()}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="form-group">
                <label class="form-label" for="log-bruger">"Brugernavn"</label>
                <input class="form-input" id="log-bruger" type="text" autocomplete="off" prop:value=move || bruger.get() on:input=move |ev| bruger.set(event_target_value(&ev))/>
            </div>
            <CheckedField field=BORGER label="Borger nr." value=borger error=borger_error node_ref=borger_field numeric=true/>
            // The period and "Søg" on a line of their own.
            <div class="audit-filter-break"></div>
            <CheckedField field=FRA label="Fra og med" value=fra error=fra_error node_ref=fra_field/>
            <CheckedField field=TIL label="Til og med" value=til error=til_error node_ref=til_field/>
            <div class="audit-filter-actions">
                <button class="button button-secondary" type="submit">"Søg"</button>
                {move || (!current.with(AuditFilter::is_empty)).then(|| view! { <a class="function-link" href=routes::AUDIT>"Vis hele loggen"</a> })}
            </div>
        </form>
    }
}
