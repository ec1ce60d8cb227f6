//! Tasks: the snapshot the browser filters on, taking a task ("Tag
//! opgave", "Næste opgave"), a task with its documents, case, borger and
//! history, and finishing a wizard ([`complete`]).
//!
//! Access, checked here in one place ([`reach`]): a user may take or open
//! a task that one of their packages (roles, valid today) includes, judged
//! by the same `CompiledFilter` over the cached snapshot as the package
//! lists; a task they have taken they may always open; with Borgeropslag
//! they may read (not take) any task of a borger, as the Borgeroverblik
//! lists them. Being
//! systemadministrator gives no access. A user without access gets the
//! same 404 as for a task that does not exist, before anything is said
//! about who has it. Finishing needs more ([`may_finish`]): the task is in
//! one of their packages, or they started it by hand and hold the right to
//! start it.

mod complete;

pub use complete::{__path_complete, complete, file_on_case};

use super::auth::{AdminUser, AuthUser};
use super::{ApiContext, Error, Json, Private, Query, Result};
use crate::clock::today;
use crate::http::Path;
use crate::store::{Conn, TakeFrom};
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::casework::complete::Wizard;
use domain::casework::documents;
use domain::codes::{CONFLICT_CLOSED, CONFLICT_TAKEN, SNAPSHOT_GONE};
use domain::model::{Opgave, OpgaveStatus, Permission};
use domain::wire::audit::AuditAction;
use domain::wire::tasks::{ClaimResult, MappedDocument, TaskDetail};
use domain::wire::ApiError;
use domain::CompiledFilter;

pub fn router() -> Router<ApiContext> {
    Router::new()
        .route("/tasks/snapshot", get(snapshot))
        .route("/tasks/snapshot/delta", get(snapshot_delta))
        .route("/tasks/{id}", get(detail))
        .route("/tasks/{id}/claim", post(claim))
        .route("/tasks/{id}/complete", post(complete))
        .route("/packages/{key}/next", post(next))
}

/// The header naming the change number of the snapshot sent.
pub const SNAPSHOT_CHANGE: &str = "x-snapshot-change";

/// Every open task with just the facts the filter needs, as
/// `domain::Snapshot::encode` bytes (admin; for "Afprøv opgavepakke" in the
/// browser). Never whole CPR numbers: only their first two digits. The
/// header `X-Snapshot-Change` gives its change number, for
/// `GET /api/tasks/snapshot/delta?since=`.
#[utoipa::path(get, path = "/api/tasks/snapshot", tag = "opgaver", responses(
    (status = 200, description = "`Snapshot::encode()`", content_type = "application/octet-stream", body = Vec<u8>,
        headers(("X-Snapshot-Change" = u64, description = "The snapshot's change number"))),
    (status = 401, body = ApiError),
    (status = 403, body = ApiError),
))]
pub async fn snapshot(_admin: AdminUser, State(ctx): State<ApiContext>) -> Result<Response> {
    let cached = ctx.snapshot.get(&ctx.store).await?;
    let change = cached.change.to_string();
    let bytes = crate::blocking::run(ENCODE, move || cached.bytes()).await?;
    Ok((
        [
            (CONTENT_TYPE, "application/octet-stream"),
            (CACHE_CONTROL, "no-store"),
            (SNAPSHOT_CHANGE.parse().expect("header name"), change.as_str()),
        ],
        bytes,
    )
        .into_response())
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct DeltaParams {
    /// The change number of the snapshot the client holds (its
    /// `X-Snapshot-Change`, or the `to` of the last delta it applied).
    since: u64,
}

/// What changed in the snapshot since change `since`, as
/// `domain::snapshot::SnapshotDelta::encode` bytes (admin, like the
/// snapshot): the changed open tasks, the ids of tasks that left, and the
/// borgere and cases they refer to; `to` in it (and `X-Snapshot-Change`) is
/// the change number it brings the client to. Read from the server's cached
/// facts, not the database. 410 `snapshot_foraeldet` when `since` is too old
/// or unknown: fetch the whole snapshot.
#[utoipa::path(get, path = "/api/tasks/snapshot/delta", tag = "opgaver", params(DeltaParams), responses(
    (status = 200, description = "`SnapshotDelta::encode()`", content_type = "application/octet-stream", body = Vec<u8>,
        headers(("X-Snapshot-Change" = u64, description = "The change number the delta brings the client to"))),
    (status = 400, body = ApiError),
    (status = 401, body = ApiError),
    (status = 403, body = ApiError),
    (status = 410, description = "`snapshot_foraeldet`: hent hele snapshottet", body = ApiError),
))]
pub async fn snapshot_delta(_admin: AdminUser, State(ctx): State<ApiContext>, Query(p): Query<DeltaParams>) -> Result<Response> {
    let cached = ctx.snapshot.get(&ctx.store).await?;
    let c = cached.clone();
    let cache = ctx.clone();
    let delta = crate::blocking::run(DELTA, move || cache.snapshot.delta(&c, p.since).map(|d| d.encode())).await?;
    let Some(bytes) = delta else {
        return Err(Error::refused(
            axum::http::StatusCode::GONE,
            SNAPSHOT_GONE,
            "Opgavedataene er ændret for meget siden sidst; hele snapshottet skal hentes igen.",
        ));
    };
    let change = cached.change.to_string();
    Ok((
        [
            (CONTENT_TYPE, "application/octet-stream"),
            (CACHE_CONTROL, "no-store"),
            (SNAPSHOT_CHANGE.parse().expect("header name"), change.as_str()),
        ],
        bytes,
    )
        .into_response())
}

/// A task that does not exist, or that the user may not see: the same
/// answer, so it says nothing about the task.
pub(super) const UNKNOWN_TASK: &str = "Opgaven findes ikke, eller du har ikke adgang til den.";
const ACCESS: &str = "opgaveadgang";
const DELTA: &str = "snapshot-delta";
const ENCODE: &str = "snapshot-kodning";

/// Which of the open tasks `task_ids` one of the packages the user's roles
/// give (valid today) includes, in the same order.
async fn user_covers(ctx: &ApiContext, user: &AuthUser, task_ids: Vec<i64>) -> Result<Vec<bool>> {
    let filters: Vec<CompiledFilter> = ctx
        .store
        .versions_at(today(), None)
        .await?
        .into_iter()
        .filter(|v| user.has_any_role(&v.draft.roller))
        .map(|v| CompiledFilter::new(&v.draft.filter))
        .collect();
    if filters.is_empty() {
        return Ok(vec![false; task_ids.len()]);
    }
    let cached = ctx.snapshot.get(&ctx.store).await?;
    Ok(crate::blocking::run(ACCESS, move || {
        let s = &cached.live;
        task_ids.iter().map(|&id| s.position(id).is_some_and(|i| filters.iter().any(|f| s.matches(f, i)))).collect()
    })
    .await?)
}

/// How a user reaches a task they may see.
pub(super) struct Reach {
    pub task: Opgave,
    /// One of their packages includes it.
    pub covered: bool,
}

/// The task, if the user may see it: they have it, or one of their
/// packages includes it. `None` also when no task has the id.
pub(super) async fn reach(ctx: &ApiContext, user: &AuthUser, id: i64) -> Result<Option<Reach>> {
    Ok(looked_up(ctx, user, id).await?.filter(|r| r.covered || holds(user, &r.task)))
}

/// Has the user taken the task?
fn holds(user: &AuthUser, task: &Opgave) -> bool {
    task.taget_af.as_deref() == Some(user.brugernavn.as_str())
}

/// The task with the id, and whether one of the user's packages includes
/// it (one read of the task, one judgement against the snapshot).
async fn looked_up(ctx: &ApiContext, user: &AuthUser, id: i64) -> Result<Option<Reach>> {
    let Some(task) = ctx.store.conn().await?.task(id).await? else { return Ok(None) };
    let covered = user_covers(ctx, user, vec![id]).await?[0];
    Ok(Some(Reach { task, covered }))
}

/// [`reach`], with the one 404 for a task the user may not see.
pub(super) async fn visible(ctx: &ApiContext, user: &AuthUser, id: i64) -> Result<Reach> {
    reach(ctx, user, id).await?.ok_or(Error::NotFound(UNKNOWN_TASK))
}

/// A task the user may read: one they [`reach`], or, with Borgeropslag,
/// any task of a borger (the Borgeroverblik lists and links them, also
/// those under automatic processing). Else the one 404.
async fn readable(ctx: &ApiContext, user: &AuthUser, id: i64) -> Result<Reach> {
    let Some(r) = looked_up(ctx, user, id).await? else { return Err(Error::NotFound(UNKNOWN_TASK)) };
    if r.covered || holds(user, &r.task) || (user.may(Permission::Borgeropslag) && r.task.borger_id.is_some()) {
        Ok(r)
    } else {
        Err(Error::NotFound(UNKNOWN_TASK))
    }
}

/// May the user finish the task they reach? When it is in one of their
/// packages; otherwise only when they started it by hand and hold the right
/// to start it. 403 `ingen_adgang` / `mangler_rettighed` when not.
pub(super) async fn may_finish(ctx: &ApiContext, user: &AuthUser, reach: &Reach) -> Result<()> {
    if reach.covered {
        return Ok(());
    }
    if ctx.store.conn().await?.started_by(reach.task.id).await? != Some(user.id) {
        return Err(Error::Forbidden);
    }
    match Permission::to_start(reach.task.opgavetype) {
        Some(p) => user.require(p),
        None => Err(Error::Forbidden),
    }
}

/// 409 `optaget`: someone else has the task.
fn taken_by(name: &str) -> Error {
    Error::Conflict { code: CONFLICT_TAKEN, message: format!("Opgaven er taget af {name}.") }
}

/// 409 `afsluttet`: the task is closed.
fn closed() -> Error {
    Error::Conflict { code: CONFLICT_CLOSED, message: "Opgaven er allerede afsluttet.".into() }
}

/// Takes the task for the user (see [`Conn::take_task`]) and notes it in
/// the history, in one write transaction. True when the user has it
/// afterwards.
async fn try_take(ctx: &ApiContext, user: &AuthUser, task_id: i64, from: TakeFrom) -> Result<bool> {
    let mut tx = ctx.store.write().await?;
    let taken = tx.take_task(task_id, user.id, from).await?;
    let change = crate::snapshot_cache::Change { tasks: vec![task_id], ..Default::default() };
    if taken {
        tx.add_history(task_id, user.id, &format!("Taget af {}.", user.navn)).await?;
        change.note(&mut tx).await?;
    }
    tx.commit().await?;
    if taken {
        // The status may have changed (ubehandlet → i gang), and the lists'
        // rows show who has it: a new change number for their ETags. The
        // taker reads the task from the database, so the patch need not wait.
        super::patch_soon(ctx, change);
    }
    Ok(taken)
}

fn claimed(user: &AuthUser, opgave_id: i64) -> Json<ClaimResult> {
    Json(ClaimResult { opgave_id, taget_af: user.brugernavn.clone(), taget_af_navn: user.navn.clone() })
}

/// Takes a task ("Tag opgave"). Idempotent for the user who has it; 409
/// `optaget` naming who has it if someone else does. A user who may not see
/// the task gets 404 whether it exists, is free or is taken.
#[utoipa::path(post, path = "/api/tasks/{id}/claim", tag = "opgaver", params(("id" = i64, Path, description = "Opgavens id")), responses(
    (status = 200, body = ClaimResult),
    (status = 401, body = ApiError),
    (status = 404, description = "Opgaven findes ikke, eller ingen af brugerens opgavepakker indeholder den", body = ApiError),
    (status = 409, description = "`optaget` (beskeden nævner hvem) eller `afsluttet`", body = ApiError),
))]
pub async fn claim(user: AuthUser, State(ctx): State<ApiContext>, Path(id): Path<i64>) -> Result<Json<ClaimResult>> {
    let task = visible(&ctx, &user, id).await?.task;
    if task.status == OpgaveStatus::Afsluttet {
        return Err(closed());
    }
    if !try_take(&ctx, &user, id, TakeFrom::OpenFree).await? {
        // Someone has it (perhaps the user, by a request racing this one),
        // or the task was closed meanwhile.
        match ctx.store.conn().await?.task_holder(id).await? {
            Some((uid, _)) if uid == user.id => {}
            Some((_, name)) => return Err(taken_by(&name)),
            None => return Err(closed()),
        }
    } else {
        tracing::info!(opgave = id, bruger = %user.brugernavn, "opgave taget");
    }
    Ok(claimed(&user, id))
}

/// "Næste opgave": takes the oldest untaken open task (ubehandlet or i gang)
/// of the package for the user. Two concurrent callers never get the same
/// task.
#[utoipa::path(post, path = "/api/packages/{key}/next", tag = "opgaver", params(("key" = String, Path, description = "Opgavepakkens nøgle")), responses(
    (status = 200, body = ClaimResult),
    (status = 401, body = ApiError),
    (status = 403, description = "Ingen af brugerens roller giver pakken", body = ApiError),
    (status = 404, description = "Ukendt pakke, eller ingen ledige opgaver", body = ApiError),
))]
pub async fn next(user: AuthUser, State(ctx): State<ApiContext>, Path(key): Path<String>) -> Result<Json<ClaimResult>> {
    let version = super::packages::package_of(&ctx, &user, &key).await?;
    let cached = ctx.snapshot.get(&ctx.store).await?;
    let filter = version.draft.filter.clone();
    let candidates: Vec<i64> = crate::blocking::run(ACCESS, move || {
        let s = &cached.live;
        let mut hits = s.select(&CompiledFilter::new(&filter));
        hits.sort_unstable_by_key(|&i| s.age_key(i));
        hits.into_iter().map(|i| i64::from(s.task_id(i))).collect()
    })
    .await?;
    for chunk in candidates.chunks(500) {
        let free = ctx.store.conn().await?.untaken_ready(chunk).await?;
        for &id in chunk.iter().filter(|id| free.contains(id)) {
            if try_take(&ctx, &user, id, TakeFrom::UntakenReady).await? {
                tracing::info!(opgave = id, noegle = %key, bruger = %user.brugernavn, "næste opgave taget");
                return Ok(claimed(&user, id));
            }
        }
    }
    Err(Error::NotFound("Der er ingen ledige opgaver i opgavepakken lige nu."))
}

/// A task with its documents, case, borger (whole CPR: one borger for the
/// caseworker who opened it; `Cache-Control: no-store`), the borger's other
/// open tasks the user may see, history and decision record. For the user
/// who has taken it, users whose packages include it and, for a borger's
/// task, users with Borgeropslag; every reading is in the audit log.
#[utoipa::path(get, path = "/api/tasks/{id}", tag = "opgaver", params(("id" = i64, Path, description = "Opgavens id")), responses(
    (status = 200, body = TaskDetail),
    (status = 401, body = ApiError),
    (status = 404, description = "Opgaven findes ikke, eller brugeren har ikke adgang til den", body = ApiError),
))]
pub async fn detail(user: AuthUser, State(ctx): State<ApiContext>, Path(id): Path<i64>) -> Result<Private<TaskDetail>> {
    let Reach { task: opgave, covered } = readable(&ctx, &user, id).await?;
    let mut conn = ctx.store.conn().await?;
    let (mut detail, opened) = task_detail(&mut conn, opgave, covered, &user).await?;
    drop(conn);
    // "Tilføj til igangværende opgave" offers only tasks the user may see.
    let others: Vec<i64> = detail.borgerens_aabne_opgaver.iter().map(|o| o.id).collect();
    let covered = user_covers(&ctx, &user, others).await?;
    let mut covered = covered.into_iter();
    detail.borgerens_aabne_opgaver.retain(|o| covered.next().unwrap_or(false) || o.taget_af.as_deref() == Some(user.brugernavn.as_str()));
    record_read(&ctx, &user, &detail.opgave, opened).await?;
    Ok(Private(detail))
}

/// Records, in short write transactions of their own after the reads,
/// that the user read the task (the audit log; a failure is the reader's
/// error: no unrecorded reading) and, when `opened`, that they opened it
/// ("Nye hændelser"; a failure there is logged, never the reader's error).
async fn record_read(ctx: &ApiContext, user: &AuthUser, opgave: &Opgave, opened: bool) -> Result<()> {
    let mut tx = ctx.store.write().await?;
    let type_name = domain::catalog::task_type_name(opgave.opgavetype).unwrap_or("Opgave");
    tx.record_audit(user.id, AuditAction::AabnetOpgave, opgave.borger_id, Some(opgave.id), type_name).await?;
    tx.commit().await?;
    if opened {
        let result = async {
            let mut tx = ctx.store.write().await?;
            tx.record_opened(opgave.id, user.id).await?;
            tx.commit().await
        }
        .await;
        if let Err(e) = result {
            tracing::warn!(opgave = opgave.id, error = ?e, "at opgaven blev åbnet kunne ikke gemmes");
        }
    }
    Ok(())
}

/// A task's detail as `viewer` sees it, and whether to record that the
/// viewer opened it (they are its holder, or it has none). "Nye hændelser"
/// are the history lines since the holder (without one: the viewer) last
/// opened the task, not done by them. `covered`: one of the viewer's
/// packages includes the task (so they may take it).
async fn task_detail(conn: &mut Conn, opgave: Opgave, covered: bool, viewer: &AuthUser) -> Result<(TaskDetail, bool)> {
    let id = opgave.id;
    let dokumenter = conn.documents_of_task(id).await?;
    let sag = match opgave.sag_id {
        Some(s) => conn.sag(s).await?,
        None => None,
    };
    let (borger, borgerens_aabne_opgaver) = match opgave.borger_id {
        Some(b) => (conn.borger(b).await?, conn.open_tasks_of(b).await?.into_iter().filter(|o| o.id != id).collect()),
        None => (None, Vec::new()),
    };
    let historik = conn.history(id).await?;
    let beslutning = conn.decision(id).await?;
    let holder = conn.task_holder(id).await?;
    let reader = holder.as_ref().map_or(viewer.id, |(uid, _)| *uid);
    let seen = conn.last_seen_history(id, reader).await?;
    let nye_haendelser = conn.history_after(id, seen, Some(reader)).await?;
    let (automatisk, udfald_aarsag) = conn.task_automation(id).await?;
    let faktura = conn.invoice_of_task(id).await?;
    let wizard = Wizard::for_task_type(opgave.opgavetype);
    // Opret bevilling offers automatic processing and shows the documents'
    // names on the case by the parameters valid today.
    let (automatisk_sagstyper, mapning) = if wizard == Wizard::OpretBevilling {
        let params = conn.system_parameters_at(today()).await?;
        let mapning = dokumenter
            .iter()
            .filter_map(|d| {
                params.mapping_for(&d.navn).map(|m| MappedDocument { dokument_id: d.id, navn: m.navn.clone(), kategori: m.kategori })
            })
            .collect();
        (params.automatisk, mapning)
    } else {
        (Vec::new(), Vec::new())
    };
    let taget_af_navn = holder.map(|(_, n)| n);
    let kan_tages = covered && opgave.status.is_open() && (opgave.taget_af.is_none() || holds(viewer, &opgave));
    let detail = TaskDetail {
        automatisk,
        udfald_aarsag,
        nye_haendelser,
        faktura,
        automatisk_sagstyper,
        mapning,
        wizard,
        kraever_fuldmagt: dokumenter.iter().any(documents::is_power_of_attorney),
        opgave,
        taget_af_navn,
        dokumenter,
        sag,
        borger,
        borgerens_aabne_opgaver,
        historik,
        beslutning,
        // What `claim` asks: one of the viewer's packages has the task, it
        // is open, and nobody else holds it.
        kan_tages,
    };
    Ok((detail, reader == viewer.id))
}
