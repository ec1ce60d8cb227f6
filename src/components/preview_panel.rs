//! "Afprøv opgavepakke": the live preview beside the package editor.
//!
//! The task snapshot is fetched once per visit (`GET /api/tasks/snapshot`)
//! and kept for the next editor with its change number; while the panel is
//! shown (and the tab visible) it is brought up to date every
//! [`crate::live::INTERVAL`] from a delta (`GET /api/tasks/snapshot/delta`:
//! only the tasks changed since; [`Snapshot::apply_delta`]), and fetched
//! whole again only when the server no longer knows its change number. The
//! view keeps the old data until the new is there (no flicker). Every edit
//! re-runs
//! [`domain::preview::preview`] on it in WASM, the very function the server
//! runs for `POST /api/packages/preview`, so "Afprøv på serveren" can
//! confirm the count. The container's `data-preview-ms` holds the time of
//! the last computation plus rendering (for benchmarks).

use crate::api;
use crate::components::dkfds::table::Column;
use crate::components::patched_rows::PatchedRows;
use crate::components::{Alert, AlertKind, ErrorAlert, Loading, Table};
use crate::format;
use domain::cpr::day_digits_label;
use domain::package::PackageField;
use domain::preview::{preview, Preview, PreviewRow, TypeCount};
use domain::wire::catalog::Catalog;
use domain::{PackageFilter, Snapshot};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::RefCell;
use std::sync::Arc;
use std::time::Duration;

/// After this many seconds the panel says the task data may be old.
pub const STALE_AFTER_SECS: i64 = 5 * 60;

/// The snapshot, when the browser last knew it current (unix seconds), and
/// its change number (for deltas).
type Held = (Arc<Snapshot>, i64, Option<u64>);

thread_local! {
    static CACHED: RefCell<Option<Held>> = const { RefCell::new(None) };
}

fn now_ms() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

fn unix_now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// `kl. 10:32` on a Danish clock, with the date in front when it is not today.
pub fn clock_label(unix_secs: i64) -> String {
    use chrono::Timelike;
    let Some(d) = domain::danish_time::from_unix(unix_secs) else {
        return String::new();
    };
    let time = format!("kl. {:02}:{:02}", d.hour(), d.minute());
    if d.date_naive() == format::today() {
        time
    } else {
        format!("{} {time}", format::date(d.date_naive()))
    }
}

/// Milliseconds with two decimals (`1.20`), in integer arithmetic: the
/// wasm then carries no float formatting (about 10 KB).
pub fn ms_label(ms: f64) -> String {
    let hundredths = (ms.max(0.0) * 100.0).round() as u64;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// "1 opgave" / "1.234 opgaver".
pub fn tasks_label(n: u64) -> String {
    format!("{} {}", format::count(n), if n == 1 { "opgave" } else { "opgaver" })
}

#[derive(Clone, Debug, PartialEq)]
enum Data {
    Loading,
    /// The snapshot and when it was fetched: the server keeps its snapshot
    /// current with every write, so the data is as of the fetch (or of its
    /// build, if that is later).
    Ready(Arc<Snapshot>, i64),
    Failed(String),
}

#[component]
pub fn PreviewPanel(
    filter: Memo<PackageFilter>,
    /// Filter fields whose text does not parse and so do not restrict yet.
    #[prop(into, default = Signal::stored(Vec::new()))]
    unread: Signal<Vec<PackageField>>,
    catalog: Arc<Catalog>,
) -> impl IntoView {
    let cached = CACHED.with(|c| c.borrow().clone());
    let change = StoredValue::new(cached.as_ref().and_then(|c| c.2));
    let data = RwSignal::new(cached.map_or(Data::Loading, |(s, at, _)| Data::Ready(s, at)));
    let fetching = RwSignal::new(false);
    // A background refresh (a delta, or the whole snapshot after a 410) is
    // running; it never touches `fetching`, so no button label flickers.
    let polling = StoredValue::new(false);
    // When the data was last known current: moves with every poll, also
    // when nothing changed (then the preview is not computed again).
    let as_of = RwSignal::new(data.with_untracked(|d| if let Data::Ready(_, at) = d { *at } else { 0 }));
    // `quiet`: a background refresh, which keeps the data on screen when it fails.
    let fetch_whole = move |quiet: bool| {
        if quiet {
            polling.set_value(true);
        } else {
            fetching.set(true);
        }
        spawn_local(async move {
            let next = match api::snapshot_with_change().await {
                Ok((s, number)) => {
                    let s = Arc::new(s);
                    let at = unix_now().max(s.generated_at);
                    CACHED.with(|c| *c.borrow_mut() = Some((s.clone(), at, number)));
                    change.try_set_value(number);
                    as_of.try_set(at);
                    Some(Data::Ready(s, at))
                }
                Err(e) if !quiet => Some(Data::Failed(e.message())),
                Err(e) => {
                    leptos::logging::warn!("opgavedata: kunne ikke hentes: {}", e.message());
                    None
                }
            };
            if quiet {
                polling.try_set_value(false);
            } else {
                fetching.try_set(false);
            }
            if let Some(next) = next {
                data.try_set(next);
            }
        });
    };
    let fetch = move || fetch_whole(false);
    if data.with_untracked(|d| *d == Data::Loading) {
        fetch();
    }

    // Keep the data current from deltas while the panel lives.
    let refresh = move || {
        if polling.get_value() || fetching.get_untracked() || !crate::live::visible() {
            return;
        }
        let Data::Ready(held, _) = data.get_untracked() else { return };
        // A server that sent no change number: nothing to ask for.
        let Some(since) = change.get_value() else { return };
        polling.set_value(true);
        spawn_local(async move {
            let answer = api::snapshot_delta(since).await;
            polling.try_set_value(false);
            match answer {
                Ok(Some(d)) if d.from == since => {
                    let at = unix_now().max(d.generated_at);
                    let next = if d.is_empty() { held.clone() } else { Arc::new(held.apply_delta(&d)) };
                    CACHED.with(|c| *c.borrow_mut() = Some((next.clone(), at, Some(d.to))));
                    change.try_set_value(Some(d.to));
                    as_of.try_set(at);
                    if !d.is_empty() {
                        data.try_set(Data::Ready(next, at));
                    }
                }
                // Too old for the server (or not ours): fetch it whole.
                Ok(_) => fetch_whole(true),
                Err(e) => leptos::logging::warn!("opgavedata: ændringer kunne ikke hentes: {}", e.message()),
            }
        });
    };
    if let Ok(handle) = set_interval_with_handle(refresh, crate::live::INTERVAL) {
        on_cleanup(move || handle.clear());
    }

    // The clock that makes the "older than 5 minutes" notice appear.
    let now = RwSignal::new(unix_now());
    if let Ok(handle) = set_interval_with_handle(move || now.set(unix_now()), Duration::from_secs(20)) {
        on_cleanup(move || handle.clear());
    }

    let started = StoredValue::new(0.0f64);
    let result: Memo<Option<Preview>> = Memo::new(move |_| {
        let f = filter.get();
        data.with(|d| match d {
            Data::Ready(s, _) => {
                started.set_value(now_ms());
                Some(preview(&**s, &f))
            }
            _ => None,
        })
    });
    let elapsed_ms = RwSignal::new(None::<f64>);

    // "Afprøv på serveren": the filter asked about and the server's answer.
    let server_check = Action::new_local(|f: &PackageFilter| {
        let f = f.clone();
        async move { api::preview_on_server(f).await.map(|p| p.antal) }
    });
    let asked = RwSignal::new(None::<PackageFilter>);

    let cat = catalog.clone();
    let heading = NodeRef::<leptos::html::H2>::new();
    // The count, for the tables and the bar (each redraws only when it changes).
    let antal = Memo::new(move |_| result.with(|r| r.as_ref().map(|p| p.antal)));
    let view = view! {
        <section
            class="preview-panel"
            aria-labelledby="afproev-overskrift"
            data-preview-ms=move || elapsed_ms.get().map(ms_label)
        >
            <h2 id="afproev-overskrift" tabindex="-1" node_ref=heading>"Afprøv opgavepakke"</h2>
            <p class="form-hint">
                "Opgaverne, der matcher filteret, som det står nu. Visningen følger hver ændring; intet er gemt endnu."
            </p>
            {move || match data.get() {
                Data::Loading => view! { <Loading text="Henter opgavedata …"/> }.into_any(),
                Data::Failed(m) => view! {
                    <ErrorAlert message=m heading="Opgavedata kunne ikke hentes"/>
                    <button class="button button-secondary" type="button" on:click=move |_| fetch()>"Prøv igen"</button>
                }
                .into_any(),
                Data::Ready(..) => ().into_any(),
            }}
            <p class="preview-count" aria-live="polite" aria-atomic="true">
                <Show when=move || result.with(Option::is_some)>
                    <strong>{move || antal.get().map(tasks_label)}</strong>
                    " matcher filteret."
                </Show>
            </p>
            {move || {
                unread.with(|fields| {
                    (!fields.is_empty()).then(|| {
                        let names = fields.iter().map(|f| f.label()).collect::<Vec<_>>().join(" og ");
                        view! { <p class="preview-unread">{format!("{names} kan ikke læses og indgår ikke i visningen.")}</p> }
                    })
                })
            }}
            {move || {
                let generated = data.with(|d| match d {
                    Data::Ready(_, at) => Some(*at),
                    _ => None,
                })?
                .max(as_of.get());
                let stale = now.get() - generated > STALE_AFTER_SECS;
                let when = clock_label(generated);
                Some(if stale {
                    view! {
                        <Alert kind=AlertKind::Warning>
                            <p>
                                "Opgavedata er fra " {when}
                                " og kan være forældede. Hent nye opgavedata for at se opgaverne, som de er nu."
                            </p>
                            <button
                                class="button button-secondary"
                                type="button"
                                aria-disabled=move || fetching.get().then_some("true")
                                on:click=move |_| if !fetching.get_untracked() { fetch() }
                            >
                                {move || if fetching.get() { "Henter opgavedata …" } else { "Hent nye opgavedata" }}
                            </button>
                        </Alert>
                    }
                    .into_any()
                } else {
                    view! { <p class="preview-age">"Opgavedata er fra " {when} "."</p> }.into_any()
                })
            }}
            <div class="preview-server">
                <button
                    class="button button-secondary"
                    type="button"
                    aria-disabled=move || server_check.pending().get().then_some("true")
                    on:click=move |_| {
                        if !server_check.pending().get_untracked() {
                            let f = filter.get_untracked();
                            asked.set(Some(f.clone()));
                            server_check.dispatch(f);
                        }
                    }
                >
                    "Afprøv på serveren"
                </button>
                <div class="preview-server-result" aria-live="polite">
                    {move || {
                        if server_check.pending().get() {
                            return view! { <p>"Spørger serveren …"</p> }.into_any();
                        }
                        let Some(answer) = server_check.value().get() else { return ().into_any() };
                        let same_filter = asked.with(|a| a.as_ref() == Some(&filter.get()));
                        let local = result.with(|r| r.as_ref().map(|p| p.antal));
                        match answer {
                            Err(e) => view! { <ErrorAlert message=e.message() heading="Serveren kunne ikke afprøve filteret"/> }.into_any(),
                            Ok(_) if !same_filter => view! {
                                <p>"Filteret er ændret, siden serveren blev spurgt. Afprøv igen for at få serverens tal for det nye filter."</p>
                            }
                            .into_any(),
                            Ok(n) if Some(n) == local => view! {
                                <Alert kind=AlertKind::Success>
                                    <p>"Serveren bekræfter: " {tasks_label(n)} "."</p>
                                </Alert>
                            }
                            .into_any(),
                            Ok(n) => view! {
                                <Alert kind=AlertKind::Warning heading="Serveren finder et andet antal">
                                    <p>
                                        "Serveren: " {tasks_label(n)} ". Her i browseren: "
                                        {local.map_or_else(|| "ikke beregnet".to_owned(), tasks_label)}
                                        ". Opgavedata i browseren er sandsynligvis forældede; hent nye opgavedata."
                                    </p>
                                    <button class="button button-secondary" type="button" on:click=move |_| fetch()>
                                        "Hent nye opgavedata"
                                    </button>
                                </Alert>
                            }
                            .into_any(),
                        }
                    }}
                </div>
            </div>
            <PreviewTables result antal catalog=cat/>
            <PreviewBar antal heading/>
        </section>
    };
    // Runs after the view has taken the new result: compute + render time.
    Effect::new(move |_| {
        if result.with(|r| r.is_some()) {
            elapsed_ms.set(Some(now_ms() - started.get_value()));
        }
    });
    view
}

/// Below the form on narrow screens, the panel is out of sight while the
/// admin edits: a bar fixed at the window's foot keeps the count in view
/// (not a live region; the panel's count is) and takes them to the panel.
/// Hidden from 1200 px, where the panel sits beside the form.
#[component]
fn PreviewBar(antal: Memo<Option<u64>>, heading: NodeRef<leptos::html::H2>) -> impl IntoView {
    let to_panel = move |_| {
        if let Some(h) = heading.get_untracked() {
            h.scroll_into_view();
            let _ = h.focus();
        }
    };
    view! {
        <Show when=move || antal.get().is_some()>
            <div class="preview-bar">
                <span>
                    <strong>{move || antal.get().map(tasks_label)}</strong>
                    " matcher filteret."
                </span>
                <button class="button button-secondary button-small" type="button" on:click=to_panel>
                    "Se afprøvning"
                </button>
            </div>
        </Show>
    }
}

/// The breakdown and the first rows. Their DOM stays put from edit to edit:
/// the rows are patched in place ([`PatchedRows`]), so an edit writes only
/// the cells whose text changed, which keeps the redraw inside a frame (see
/// the edit-to-paint bench).
#[component]
fn PreviewTables(result: Memo<Option<Preview>>, antal: Memo<Option<u64>>, catalog: Arc<Catalog>) -> impl IntoView {
    const TYPE_COLUMNS: &[Column] = &[Column::text("Opgavetype").row_header(), Column::number("Antal").width("preview-col-antal")];
    const TASK_COLUMNS: &[Column] = &[
        Column::text("Opgavetype"),
        Column::text("Oprettet").nowrap().width("preview-col-dato"),
        Column::text("Kilde").width("preview-col-kilde"),
        Column::text("Enhed").width("preview-col-enhed"),
        Column::text("CPR").nowrap().width("preview-col-cpr"),
    ];
    let shown = Memo::new(move |_| result.with(|r| r.as_ref().map_or(0, |p| p.opgaver.len())));
    // In catalogue order, not by count: rows stay put while the admin
    // types, so the eye can follow the numbers (and a keystroke redraws
    // only the counts that changed).
    let type_rows = Signal::derive(move || {
        result.with(|r| {
            let mut by_type = r.as_ref().map_or_else(Vec::new, |p| p.pr_opgavetype.clone());
            by_type.sort_by_key(|t| t.opgavetype);
            by_type
        })
    });
    let task_rows = Signal::derive(move || result.with(|r| r.as_ref().map_or_else(Vec::new, |p| p.opgaver.clone())));
    let cat = catalog.clone();
    let type_cells = move |t: &TypeCount| vec![cat.task_type(t.opgavetype).to_owned(), format::count(t.antal)];
    let task_cells = move |r: &PreviewRow| task_cells(r, &catalog);
    view! {
        <Show when=move || antal.get() == Some(0)>
            <p>"Ingen åbne opgaver matcher filteret."</p>
        </Show>
        <div class="preview-tables" hidden=move || antal.get().is_none_or(|n| n == 0)>
            <Table caption="Fordeling på opgavetype" columns=TYPE_COLUMNS class="preview-table">
                <PatchedRows rows=type_rows cells=type_cells columns=TYPE_COLUMNS/>
            </Table>
            <Table caption=move || format!("De {} ældste af opgaverne", shown.get()) columns=TASK_COLUMNS class="preview-table">
                <PatchedRows rows=task_rows cells=task_cells columns=TASK_COLUMNS/>
            </Table>
        </div>
    }
}

/// A preview row as shown: type, created, source, unit, CPR day digits.
fn task_cells(r: &PreviewRow, catalog: &Catalog) -> Vec<String> {
    vec![
        catalog.task_type(r.opgavetype).to_owned(),
        format::date(r.oprettet),
        r.kilde.label().to_owned(),
        Catalog::name(&catalog.enheder, r.enhed).to_owned(),
        r.cpr_dag.map_or_else(|| "Kommuneopgave".to_owned(), day_digits_label),
    ]
}
