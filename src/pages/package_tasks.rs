//! `/mine-opgavepakker/{key}`: a package's open tasks, paged and sorted by
//! the server. Page and sort live in the URL (`?side=2&sortering=…`), so Back
//! works and a page can be bookmarked. "Tag opgave" takes one task and opens
//! it; "Næste opgave" takes the oldest untaken one.
//!
//! The list is live ([`crate::live`]): new tasks, counts and changed rows
//! show within two seconds without a reload. Rows are keyed by task and
//! content, so an unchanged row keeps its DOM (and a focused "Tag opgave"
//! its focus) while others come and go.
//!
//! Lists never show a whole CPR number: the server sends `ddmmyy-****`.

use crate::api;
use crate::components::dkfds::pagination::{page_count, page_items};
use crate::components::{ActionButton, ErrorAlert, Icon, Loading, Page};
use crate::format;
use crate::live::{live, StaleNotice};
use crate::routes;
use crate::session::use_session;
use crate::shortcuts::{use_shortcut, Shortcut};
use domain::catalog;
use domain::wire::packages::{TaskPage, TaskRow, TaskSort};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

pub const PAGE_SIZE: u32 = 25;

/// The wire name of a sort (`aeldste_foerst`), as in the URL.
pub fn sort_key(sort: TaskSort) -> &'static str {
    match sort {
        TaskSort::AeldsteFoerst => "aeldste_foerst",
        TaskSort::NyesteFoerst => "nyeste_foerst",
        TaskSort::Opgavetype => "opgavetype",
    }
}

pub fn parse_sort(s: &str) -> Option<TaskSort> {
    TaskSort::ALL.iter().copied().find(|t| sort_key(*t) == s)
}

/// "I dag", "1 dag", "12 dage" since `created`.
pub fn age(created: chrono::NaiveDate, today: chrono::NaiveDate) -> String {
    match (today - created).num_days() {
        d if d <= 0 => "I dag".to_owned(),
        1 => "1 dag".to_owned(),
        d => format!("{d} dage"),
    }
}

#[component]
pub fn PackageTasksPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = Memo::new(move |_| params.with(|p| p.get(routes::KEY_PARAM)).unwrap_or_default());
    let page =
        Memo::new(move |_| query.with(|q| q.get(routes::PAGE_PARAM)).and_then(|s| s.parse::<u32>().ok()).filter(|p| *p >= 1).unwrap_or(1));
    let sort = Memo::new(move |_| query.with(|q| q.get(routes::SORT_PARAM)).and_then(|s| parse_sort(&s)).unwrap_or_default());
    let tasks = live(
        move || (key.get(), page.get(), sort.get()),
        |(k, p, s), etag| async move { api::package_tasks(&k, p, PAGE_SIZE, s, etag).await },
    );

    let navigate = use_navigate();
    let me = StoredValue::new(use_session().user().map(|m| m.brugernavn));
    let message = RwSignal::new(None::<(String, String)>);
    let claim = Action::new_local(|id: &i64| api::claim_task(*id));
    let next = Action::new_local(|key: &String| {
        let key = key.clone();
        async move { api::next_task(&key).await }
    });
    let nav = navigate.clone();
    Effect::new(move |_| match claim.value().get() {
        Some(Ok(r)) => nav(&routes::task_from_package(r.opgave_id, &key.get_untracked()), Default::default()),
        Some(Err(e)) => {
            let heading =
                if e.code() == Some(domain::codes::CONFLICT_TAKEN) { "Opgaven er allerede taget" } else { "Opgaven kunne ikke tages" };
            message.set(Some((heading.to_owned(), e.message())));
            tasks.reload();
        }
        None => {}
    });
    Effect::new(move |_| match next.value().get() {
        Some(Ok(r)) => navigate(&routes::task_from_package(r.opgave_id, &key.get_untracked()), Default::default()),
        Some(Err(e)) => message.set(Some(("Der blev ikke taget en opgave".to_owned(), e.message()))),
        None => {}
    });
    let busy = Signal::derive(move || claim.pending().get() || next.pending().get());
    let take_next = move || {
        if !busy.get_untracked() {
            message.set(None);
            next.dispatch(key.get_untracked());
        }
    };
    use_shortcut(Shortcut::NextTask, take_next);

    // The h1 is the package's name once the server has said it.
    let name = Memo::new(move |_| tasks.value.with(|v| v.as_ref().and_then(|r| r.as_ref().ok()).map(|p| p.navn.clone())));
    // What is shown below the buttons: switched only when the kind of
    // answer changes, so a live update patches the table instead.
    let failed = Memo::new(move |_| tasks.value.with(|v| v.as_ref().map(|r| r.as_ref().err().map(api::Error::message))));
    let current = Memo::new(move |_| tasks.value.with(|v| v.as_ref().and_then(|r| r.as_ref().ok()).cloned()));

    move || {
        let title = name.get().unwrap_or_else(|| "Opgavepakke".to_owned());
        view! {
            <Page title>
                <p class="back-link-row">
                    <a href=routes::MY_PACKAGES class="back-link">"Tilbage til Mine opgavepakker"</a>
                </p>
                <div class="task-list-actions">
                    <ActionButton
                        label="Næste opgave"
                        busy_label=Some("Tager næste opgave …")
                        busy
                        pending=Some(next.pending().into())
                        shortcut=Shortcut::NextTask
                        on_click=take_next
                    />
                    <span class="form-hint">"Tager den ældste opgave, som ingen har taget, og åbner den."</span>
                </div>
                <div class="task-list-messages">
                    {move || message.get().map(|(h, m)| view! { <ErrorAlert message=m heading=h/> })}
                </div>
                <StaleNotice stale=Signal::derive(move || tasks.stale())/>
                {move || match failed.get() {
                    None => view! { <Loading text="Henter opgaver …"/> }.into_any(),
                    Some(Some(m)) => view! { <ErrorAlert message=m heading="Opgaverne kunne ikke hentes"/> }.into_any(),
                    Some(None) => {
                        let page = Signal::derive(move || current.get().unwrap_or_else(|| empty_page(&key.get_untracked())));
                        view! { <TaskTable page claim busy me=me.get_value()/> }.into_any()
                    }
                }}
            </Page>
        }
    }
}

/// An empty page of `key`, for the instant before the first answer.
fn empty_page(key: &str) -> TaskPage {
    TaskPage {
        noegle: key.to_owned(),
        navn: String::new(),
        total: 0,
        side: 1,
        sidestoerrelse: PAGE_SIZE,
        sortering: TaskSort::default(),
        opgaver: Vec::new(),
    }
}

/// The caption of a page: "Opgave 1–25 af 112 åbne opgaver, ældste først".
pub fn caption(page: &TaskPage) -> String {
    if page.total == 0 || page.opgaver.is_empty() {
        return if page.total == 0 {
            "Ingen åbne opgaver i pakken".to_owned()
        } else {
            format!("Ingen opgaver på denne side af {} åbne opgaver", format::count(page.total))
        };
    }
    let first = (u64::from(page.side) - 1) * u64::from(page.sidestoerrelse) + 1;
    let last = first + page.opgaver.len() as u64 - 1;
    format!(
        "Opgave {}–{} af {} åbne opgaver, {}",
        format::count(first),
        format::count(last),
        format::count(page.total),
        page.sortering.label().to_lowercase()
    )
}

/// A row's identity in the keyed list: the task and a digest of everything
/// shown, so a row is redrawn exactly when the task changed.
pub fn row_key(t: &TaskRow) -> (i64, u64) {
    use std::hash::{Hash, Hasher};
    let TaskRow {
        id,
        opgavetype,
        opfoelgningstype,
        relation,
        kilde,
        beloebsgodkendelse,
        enhed,
        status,
        borger_navn,
        cpr_maskeret,
        sag_titel,
        taget_af,
        taget_af_navn,
        oprettet,
        frist,
    } = t;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (opgavetype, opfoelgningstype, relation, kilde, beloebsgodkendelse, enhed, status).hash(&mut h);
    (borger_navn, cpr_maskeret, sag_titel, taget_af, taget_af_navn, oprettet, frist).hash(&mut h);
    (*id, h.finish())
}

/// One page of tasks with sort buttons and pagination (public for the
/// browser benchmark `tests/bench_table.rs`). `page` may change under it
/// (the live list): rows are keyed by [`row_key`], so only new and changed
/// rows are drawn; the header is redrawn only when the sort changes, the
/// pagination only when the number of pages does.
#[component]
pub fn TaskTable(
    #[prop(into)] page: Signal<TaskPage>,
    claim: Action<i64, api::Result<domain::wire::tasks::ClaimResult>>,
    busy: Signal<bool>,
    /// The user's username: their own tasks are opened, not taken.
    #[prop(default = None)]
    me: Option<String>,
) -> impl IntoView {
    let today = format::today();
    let sort = Memo::new(move |_| page.with(|p| p.sortering));
    let caption = Memo::new(move |_| page.with(caption));
    let region_label = Memo::new(move |_| page.with(|p| format!("Opgaver i {}", p.navn)));
    let paging = Memo::new(move |_| page.with(|p| (p.noegle.clone(), p.side, page_count(p.total, p.sidestoerrelse), p.sortering)));
    let rows = Memo::new(move |_| page.with(|p| p.opgaver.iter().map(|t| (row_key(t), t.clone())).collect::<Vec<_>>()));
    let navigate = use_navigate();
    let sort_by = move |s: TaskSort| {
        let key = page.with_untracked(|p| p.noegle.clone());
        navigate(&routes::package_tasks_at(&key, 1, sort_key(s)), Default::default())
    };
    view! {
        <div class="table--responsive-scroll" role="region" aria-label=region_label tabindex="0">
            <table class="table table--compact table--zebra task-table">
                <caption>{caption}</caption>
                <thead>{move || view! { <TaskTableHeader sort=sort.get() sort_by=sort_by.clone()/> }}</thead>
                <tbody>
                    <For each=move || rows.get() key=|(k, _)| *k let((_, t))>
                        <TaskRowView t today claim busy me=me.clone() package=page.with_untracked(|p| p.noegle.clone())/>
                    </For>
                </tbody>
            </table>
        </div>
        {move || {
            let (key, current, pages, sort) = paging.get();
            (pages > 1).then(|| view! { <Pagination key current pages sort/> })
        }}
    }
}

/// The column headers; "Opgavetype" and "Oprettet" sort (by navigating).
#[component]
fn TaskTableHeader(sort: TaskSort, sort_by: impl Fn(TaskSort) + Clone + 'static) -> impl IntoView {
    // Sorting by "Oprettet" turns between oldest and newest first.
    let created_next = if sort == TaskSort::AeldsteFoerst { TaskSort::NyesteFoerst } else { TaskSort::AeldsteFoerst };
    let created_aria = match sort {
        TaskSort::AeldsteFoerst => Some("ascending"),
        TaskSort::NyesteFoerst => Some("descending"),
        TaskSort::Opgavetype => None,
    };
    let created_hint = match sort {
        TaskSort::AeldsteFoerst => ", ældste først. Tryk for nyeste først",
        TaskSort::NyesteFoerst => ", nyeste først. Tryk for ældste først",
        TaskSort::Opgavetype => ". Tryk for at sortere ældste først",
    };
    let created_icon = match sort {
        TaskSort::AeldsteFoerst => "sort-table-ascending",
        TaskSort::NyesteFoerst => "sort-table-descending",
        TaskSort::Opgavetype => "sort-table-none",
    };
    let type_sorted = sort == TaskSort::Opgavetype;
    let sort_by2 = sort_by.clone();
    view! {
        <tr>
            <th scope="col">
                <span class="sr-only">"Handling"</span>
            </th>
            <th scope="col" aria-sort=type_sorted.then_some("ascending")>
                <button class="sort-button" type="button" on:click=move |_| sort_by(TaskSort::Opgavetype)>
                    "Opgavetype"
                    <span class="sr-only">
                        {if type_sorted { ", sorteret efter opgavetype" } else { ". Tryk for at sortere efter opgavetype" }}
                    </span>
                    <Icon name=if type_sorted { "sort-table-ascending" } else { "sort-table-none" }/>
                </button>
            </th>
            <th scope="col">"Borger"</th>
            <th scope="col">"Sag"</th>
            <th scope="col" aria-sort=created_aria>
                <button class="sort-button" type="button" on:click=move |_| sort_by2(created_next)>
                    "Oprettet"
                    <span class="sr-only">{created_hint}</span>
                    <Icon name=created_icon/>
                </button>
            </th>
            <th scope="col">"Alder / frist"</th>
            <th scope="col">"Kilde"</th>
            <th scope="col">"Status"</th>
            <th scope="col">"Taget af"</th>
        </tr>
    }
}

fn task_type_label(t: &TaskRow) -> String {
    let base = catalog::task_type_name(t.opgavetype).unwrap_or("(ukendt opgavetype)");
    match t.opfoelgningstype.and_then(|f| catalog::name_of(catalog::FOLLOWUP_TYPES, f)) {
        Some(f) => format!("{base}: {f}"),
        None => base.to_owned(),
    }
}

#[component]
fn TaskRowView(
    t: TaskRow,
    today: chrono::NaiveDate,
    claim: Action<i64, api::Result<domain::wire::tasks::ClaimResult>>,
    busy: Signal<bool>,
    me: Option<String>,
    package: String,
) -> impl IntoView {
    let id = t.id;
    let type_label = task_type_label(&t);
    let what = match &t.borger_navn {
        Some(n) => format!("{type_label}, {n}, oprettet {}", format::date(t.oprettet)),
        None => format!("{type_label}, oprettet {}", format::date(t.oprettet)),
    };
    // A task the user has already taken is opened (a link), one someone
    // else has is only seen (a link), a free one is taken.
    let action = if me.is_some() && t.taget_af == me {
        view! {
            <a class="button button-secondary button-small" href=routes::task_from_package(id, &package) aria-label=format!("Åbn opgave: {what}")>
                "Åbn"
            </a>
        }
        .into_any()
    } else if t.taget_af.is_some() {
        view! {
            <a class="button button-secondary button-small" href=routes::task_from_package(id, &package) aria-label=format!("Se opgave: {what}")>
                "Se"
            </a>
        }
        .into_any()
    } else {
        view! {
            <button
                class="button button-secondary button-small"
                type="button"
                aria-label=format!("Tag opgave: {what}")
                aria-disabled=move || busy.get().then_some("true")
                on:click=move |_| {
                    if !busy.get_untracked() {
                        claim.dispatch(id);
                    }
                }
            >
                "Tag"
            </button>
        }
        .into_any()
    };
    // Dates never break; "(overskredet)" and a name may go to the next
    // line when the window is narrow, so every column fits from 1366 px.
    let when = match t.frist {
        Some(f) if f < today => view! {
            "Frist "
            <span class="nowrap">{format::date(f)}</span>
            " "
            <strong class="overdue">"(overskredet)"</strong>
        }
        .into_any(),
        Some(f) => view! {
            "Frist "
            <span class="nowrap">{format::date(f)}</span>
        }
        .into_any(),
        None => view! { {age(t.oprettet, today)} }.into_any(),
    };
    let borger = match (t.borger_navn, t.cpr_maskeret) {
        (Some(n), Some(c)) => view! {
            {n}
            " "
            <span class="cpr">{c}</span>
        }
        .into_any(),
        (Some(n), None) => view! { {n} }.into_any(),
        _ => view! { <span>"Kommuneopgave"</span> }.into_any(),
    };
    view! {
        <tr id=format!("opgave-{id}")>
            <td>{action}</td>
            <th scope="row">{type_label}</th>
            <td>{borger}</td>
            <td>{t.sag_titel.unwrap_or_else(|| "–".to_owned())}</td>
            <td class="nowrap">{format::date(t.oprettet)}</td>
            <td>{when}</td>
            <td>{t.kilde.label()}</td>
            <td>{t.status.label()}</td>
            <td>{t.taget_af_navn.or(t.taget_af).unwrap_or_else(|| "–".to_owned())}</td>
        </tr>
    }
}

/// DKFDS pagination with links (the page is part of the URL).
#[component]
fn Pagination(key: String, current: u32, pages: u32, sort: TaskSort) -> impl IntoView {
    let href = move |p: u32| routes::package_tasks_at(&key, p, sort_key(sort));
    let items = page_items(current, pages)
        .into_iter()
        .map(|item| match item {
            Some(p) if p == current => view! {
                <li class="pagination-item pagination-number">
                    <a href=href(p) class="button current-page" aria-label=format!("Side {p}") aria-current="page">
                        {p}
                    </a>
                </li>
            }
            .into_any(),
            Some(p) => view! {
                <li class="pagination-item pagination-number">
                    <a href=href(p) class="button button-secondary" aria-label=format!("Side {p}")>
                        {p}
                    </a>
                </li>
            }
            .into_any(),
            None => view! {
                <li class="pagination-item pagination-overflow">
                    <span class="sr-only">"Prikker som indikerer skjulte sider"</span>
                    <span aria-hidden="true">"…"</span>
                </li>
            }
            .into_any(),
        })
        .collect_view();
    view! {
        <nav class="pagination" aria-label="Sider med opgaver">
            {(current > 1)
                .then(|| {
                    view! {
                        <a href=href(1) class="button button-arrow button-first">
                            <Icon name="first-page"/>
                            <span class="sr-only">"Første side"</span>
                        </a>
                        <a href=href(current - 1) class="button button-arrow button-previous">
                            <Icon name="chevron-left"/>
                            <span class="pagination-nav-link">"Forrige"</span>
                            <span class="sr-only">" side"</span>
                        </a>
                    }
                })}
            <span class="pagination-mobile">{format!("Side {current} af {pages}")}</span>
            <ul class="pagination__items">{items}</ul>
            {(current < pages)
                .then(|| {
                    view! {
                        <a href=href(current + 1) class="button button-arrow button-next">
                            <span class="pagination-nav-link">"Næste"</span>
                            <span class="sr-only">" side"</span>
                            <Icon name="chevron-right"/>
                        </a>
                        <a href=href(pages) class="button button-arrow button-last">
                            <Icon name="last-page"/>
                            <span class="sr-only">"Sidste side"</span>
                        </a>
                    }
                })}
        </nav>
    }
}
