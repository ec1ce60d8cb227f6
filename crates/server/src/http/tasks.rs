//! Tasks: the snapshot the browser filters on, taking a task ("Tag
//! opgave", "Næste opgave"), a task with its documents, case, borger and
//! history, and finishing a wizard.
//!
//! Access: a caseworker may take or open a task that one of their packages
//! (roles, valid today) includes, judged by the same `CompiledFilter` over
//! the cached snapshot as the package lists; a task they have taken they
//! may always open. Admins may open any task.
//!
//! Finishing (`complete`) re-checks every rule of the wizard on the server
//! inside one `BEGIN IMMEDIATE` transaction and writes all its effects, the
//! decision record, the history and the audit entry there; a refusal is a
//! 4xx with a Danish message and nothing changed.

use super::auth::{AdminUser, AuthUser};
use super::packages::{today, versions_at};
use super::records::{self, now_rfc3339, storage_day};
use super::{audit, ApiContext, Error, Json, Result};
use crate::snapshot_cache::Change;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::casework::complete::{CompleteRequest, ModtagPostHandling, Wizard};
use domain::casework::documents::DocumentEdit;
use domain::casework::process::case_rule;
use domain::casework::{documents, CONFLICT_CLOSED, CONFLICT_TAKEN};
use domain::catalog::{self, case_type, task_type};
use domain::model::{Dokument, Kilde, Opgave, OpgaveStatus, Relation, SagStatus};
use domain::wire::audit::AuditAction;
use domain::wire::tasks::{ClaimResult, CompleteResult, DecisionRecord, HistoryEntry, TaskDetail};
use domain::wire::ApiError;
use domain::CompiledFilter;
use sqlx::SqliteConnection;
use std::collections::HashSet;

pub fn router() -> Router<ApiContext> {
    Router::new()
        .route("/tasks/snapshot", get(snapshot))
        .route("/tasks/{id}", get(detail))
        .route("/tasks/{id}/claim", post(claim))
        .route("/tasks/{id}/complete", post(complete))
        .route("/packages/{key}/next", post(next))
}

/// Every open task with just the facts the filter needs, as
/// `domain::Snapshot::encode` bytes (admin; for "Afprøv opgavepakke" in the
/// browser). Never whole CPR numbers: only their first two digits.
#[utoipa::path(get, path = "/api/tasks/snapshot", tag = "opgaver", responses(
    (status = 200, description = "`Snapshot::encode()`", content_type = "application/octet-stream", body = Vec<u8>),
    (status = 401, body = ApiError),
    (status = 403, body = ApiError),
))]
pub async fn snapshot(_admin: AdminUser, State(ctx): State<ApiContext>) -> Result<Response> {
    let cached = ctx.snapshot.get(&ctx.db).await?;
    Ok(([(CONTENT_TYPE, "application/octet-stream"), (CACHE_CONTROL, "no-store")], cached.bytes.clone()).into_response())
}

const UNKNOWN_TASK: &str = "Opgaven findes ikke.";

fn blocking(e: tokio::task::JoinError) -> Error {
    Error::Internal(anyhow::anyhow!("opgaveadgang: {e}"))
}

/// Does one of the packages the user's roles give (valid today) include the
/// open task?
async fn user_covers(ctx: &ApiContext, user: &AuthUser, task_id: i64) -> Result<bool> {
    let filters: Vec<CompiledFilter> = versions_at(&ctx.db, today(), None)
        .await?
        .into_iter()
        .filter(|v| user.has_any_role(&v.draft.roller))
        .map(|v| CompiledFilter::new(&v.draft.filter))
        .collect();
    if filters.is_empty() {
        return Ok(false);
    }
    let cached = ctx.snapshot.get(&ctx.db).await?;
    tokio::task::spawn_blocking(move || {
        let s = &cached.snapshot;
        let Some(i) = s.task_id.iter().position(|&t| i64::from(t) == task_id) else { return false };
        filters.iter().any(|f| f.matches(s, i))
    })
    .await
    .map_err(blocking)
}

/// Who has a task: (user id, name).
async fn holder(conn: &mut SqliteConnection, task_id: i64) -> Result<Option<(i64, String)>> {
    Ok(sqlx::query_as("SELECT u.id, u.navn FROM opgaver o JOIN brugere u ON u.id = o.taget_af WHERE o.id = ?")
        .bind(task_id)
        .fetch_optional(&mut *conn)
        .await?)
}

fn taken_by(name: &str) -> Error {
    Error::Conflict { code: CONFLICT_TAKEN, message: format!("Opgaven er taget af {name}.") }
}

fn closed() -> Error {
    Error::Conflict { code: CONFLICT_CLOSED, message: "Opgaven er allerede afsluttet.".into() }
}

async fn history(conn: &mut SqliteConnection, opgave_id: i64, bruger_id: i64, tekst: &str) -> Result<()> {
    sqlx::query("INSERT INTO opgave_historik (opgave_id, tidspunkt, bruger_id, tekst) VALUES (?, ?, ?, ?)")
        .bind(opgave_id)
        .bind(now_rfc3339())
        .bind(bruger_id)
        .bind(tekst)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Takes the task for the user if it is open and untaken (or already
/// theirs), in one statement: of two concurrent takers exactly one wins.
/// True when the user has it afterwards.
async fn try_take(ctx: &ApiContext, user: &AuthUser, task_id: i64, only_untaken_ready: bool) -> Result<bool> {
    let mut tx = ctx.db.begin_with("BEGIN IMMEDIATE").await?;
    let cond =
        if only_untaken_ready { "taget_af IS NULL AND status IN (1, 2)" } else { "status <> 4 AND (taget_af IS NULL OR taget_af = ?3)" };
    let taken = sqlx::query(&format!(
        "UPDATE opgaver SET taget_af = ?3, status = CASE WHEN status = ?1 THEN ?2 ELSE status END WHERE id = ?4 AND {cond}"
    ))
    .bind(i64::from(OpgaveStatus::Ubehandlet.code()))
    .bind(i64::from(OpgaveStatus::IGang.code()))
    .bind(user.id)
    .bind(task_id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if taken {
        history(&mut tx, task_id, user.id, &format!("Taget af {}.", user.navn)).await?;
    }
    tx.commit().await?;
    Ok(taken)
}

fn claimed(user: &AuthUser, opgave_id: i64) -> Json<ClaimResult> {
    Json(ClaimResult { opgave_id, taget_af: user.brugernavn.clone(), taget_af_navn: user.navn.clone() })
}

/// Takes a task ("Tag opgave"). Idempotent for the user who has it; 409
/// `optaget` naming who has it if someone else does.
#[utoipa::path(post, path = "/api/tasks/{id}/claim", tag = "opgaver", params(("id" = i64, Path, description = "Opgavens id")), responses(
    (status = 200, body = ClaimResult),
    (status = 401, body = ApiError),
    (status = 403, description = "Ingen af brugerens opgavepakker indeholder opgaven", body = ApiError),
    (status = 404, body = ApiError),
    (status = 409, description = "`optaget` (beskeden nævner hvem) eller `afsluttet`", body = ApiError),
))]
pub async fn claim(user: AuthUser, State(ctx): State<ApiContext>, Path(id): Path<i64>) -> Result<Json<ClaimResult>> {
    let mut conn = ctx.db.acquire().await?;
    let task = records::opgave(&mut conn, id).await?.ok_or(Error::NotFound(UNKNOWN_TASK))?;
    if task.status == OpgaveStatus::Afsluttet {
        return Err(closed());
    }
    match holder(&mut conn, id).await? {
        Some((uid, _)) if uid == user.id => return Ok(claimed(&user, id)),
        Some((_, name)) => return Err(taken_by(&name)),
        None => {}
    }
    drop(conn);
    if !user_covers(&ctx, &user, id).await? {
        return Err(Error::Forbidden);
    }
    if try_take(&ctx, &user, id, false).await? {
        tracing::info!(opgave = id, bruger = %user.brugernavn, "opgave taget");
        return Ok(claimed(&user, id));
    }
    // Someone was quicker, or the task was closed meanwhile.
    let mut conn = ctx.db.acquire().await?;
    match holder(&mut conn, id).await? {
        Some((_, name)) => Err(taken_by(&name)),
        None => Err(closed()),
    }
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
    let Some(version) = versions_at(&ctx.db, today(), Some(&key)).await?.into_iter().next() else {
        return Err(Error::NotFound("Opgavepakken findes ikke, eller den er ikke gyldig i dag."));
    };
    if !user.has_any_role(&version.draft.roller) {
        return Err(Error::Forbidden);
    }
    let cached = ctx.snapshot.get(&ctx.db).await?;
    let filter = version.draft.filter.clone();
    let candidates: Vec<i64> = tokio::task::spawn_blocking(move || {
        let s = &cached.snapshot;
        let mut hits = CompiledFilter::new(&filter).select(s);
        hits.sort_unstable_by_key(|&i| (s.created[i as usize], s.task_id[i as usize]));
        hits.into_iter().map(|i| i64::from(s.task_id[i as usize])).collect()
    })
    .await
    .map_err(blocking)?;
    for chunk in candidates.chunks(500) {
        let sql =
            format!("SELECT id FROM opgaver WHERE taget_af IS NULL AND status IN (1, 2) AND id IN ({})", vec!["?"; chunk.len()].join(","));
        let mut q = sqlx::query_scalar::<_, i64>(&sql);
        for id in chunk {
            q = q.bind(id);
        }
        let free: HashSet<i64> = q.fetch_all(&ctx.db).await?.into_iter().collect();
        for &id in chunk.iter().filter(|id| free.contains(id)) {
            if try_take(&ctx, &user, id, true).await? {
                tracing::info!(opgave = id, noegle = %key, bruger = %user.brugernavn, "næste opgave taget");
                return Ok(claimed(&user, id));
            }
        }
    }
    Err(Error::NotFound("Der er ingen ledige opgaver i opgavepakken lige nu."))
}

/// A task with its documents, case, borger (whole CPR: one borger for the
/// caseworker who opened it), the borger's other open tasks, history and
/// decision record. For the user who has taken it, users whose packages
/// include it, and admins.
#[utoipa::path(get, path = "/api/tasks/{id}", tag = "opgaver", params(("id" = i64, Path, description = "Opgavens id")), responses(
    (status = 200, body = TaskDetail),
    (status = 401, body = ApiError),
    (status = 403, body = ApiError),
    (status = 404, body = ApiError),
))]
pub async fn detail(user: AuthUser, State(ctx): State<ApiContext>, Path(id): Path<i64>) -> Result<Json<TaskDetail>> {
    let mut conn = ctx.db.acquire().await?;
    let opgave = records::opgave(&mut conn, id).await?.ok_or(Error::NotFound(UNKNOWN_TASK))?;
    let mine = opgave.taget_af.as_deref() == Some(user.brugernavn.as_str());
    if !user.admin && !mine {
        drop(conn);
        if !user_covers(&ctx, &user, id).await? {
            return Err(Error::Forbidden);
        }
        conn = ctx.db.acquire().await?;
    }
    Ok(Json(task_detail(&mut conn, opgave).await?))
}

async fn task_detail(conn: &mut SqliteConnection, opgave: Opgave) -> Result<TaskDetail> {
    let id = opgave.id;
    let dokumenter = records::documents_of_task(conn, id).await?;
    let sag = match opgave.sag_id {
        Some(s) => records::sag(conn, s).await?,
        None => None,
    };
    let (borger, borgerens_aabne_opgaver) = match opgave.borger_id {
        Some(b) => (records::borger(conn, b).await?, records::open_tasks_of(conn, b).await?.into_iter().filter(|o| o.id != id).collect()),
        None => (None, Vec::new()),
    };
    let historik = sqlx::query_as::<_, (String, Option<String>, String)>(
        "SELECT h.tidspunkt, b.navn, h.tekst FROM opgave_historik h LEFT JOIN brugere b ON b.id = h.bruger_id
         WHERE h.opgave_id = ? ORDER BY h.tidspunkt, h.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(tidspunkt, bruger, tekst)| HistoryEntry { tidspunkt, bruger, tekst })
    .collect();
    let beslutning = decision(conn, id).await?;
    let taget_af_navn = holder(conn, id).await?.map(|(_, n)| n);
    Ok(TaskDetail {
        wizard: Wizard::for_task_type(opgave.opgavetype),
        kraever_fuldmagt: dokumenter.iter().any(documents::is_power_of_attorney),
        opgave,
        taget_af_navn,
        dokumenter,
        sag,
        borger,
        borgerens_aabne_opgaver,
        historik,
        beslutning,
    })
}

async fn decision(conn: &mut SqliteConnection, opgave_id: i64) -> Result<Option<DecisionRecord>> {
    let row: Option<(String, String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT d.tidspunkt, b.brugernavn, b.navn, d.valg, d.anmodning, f.navn FROM opgave_beslutninger d
         JOIN brugere b ON b.id = d.bruger_id LEFT JOIN brugere f ON f.id = d.fuldmagt_verificeret_af WHERE d.opgave_id = ?",
    )
    .bind(opgave_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((tidspunkt, brugernavn, bruger_navn, valg, anmodning, fuldmagt_verificeret_af)) = row else { return Ok(None) };
    let bad = |e: serde_json::Error| Error::Internal(anyhow::anyhow!("ugyldig beslutning for opgave {opgave_id}: {e}"));
    Ok(Some(DecisionRecord {
        tidspunkt,
        brugernavn,
        bruger_navn,
        valg: serde_json::from_str(&valg).map_err(bad)?,
        fuldmagt_verificeret_af,
        anmodning: serde_json::from_str(&anmodning).map_err(bad)?,
    }))
}

fn refuse(code: &'static str, message: impl Into<String>) -> Error {
    Error::bad_request(code, message)
}

fn kroner(oere: i64) -> String {
    format!("{},{:02}", oere / 100, oere % 100)
}

fn danish_day(d: chrono::NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// Inserts a new open person task; returns its id.
#[allow(clippy::too_many_arguments)]
async fn insert_task(
    conn: &mut SqliteConnection,
    opgavetype: u16,
    opfoelgningstype: Option<u16>,
    kilde: Kilde,
    enhed: u16,
    borger_id: i64,
    sag_id: Option<i64>,
    frist: Option<chrono::NaiveDate>,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO opgaver (opgavetype, opfoelgningstype, relation, kilde, beloebsgodkendelse, enhed, borger_id, sag_id, status, oprettet, frist)
         VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(i64::from(opgavetype))
    .bind(opfoelgningstype.map(i64::from))
    .bind(i64::from(Relation::Person.code()))
    .bind(i64::from(kilde.code()))
    .bind(i64::from(enhed))
    .bind(borger_id)
    .bind(sag_id)
    .bind(i64::from(OpgaveStatus::Ubehandlet.code()))
    .bind(storage_day(today()))
    .bind(frist.map(storage_day))
    .fetch_one(&mut *conn)
    .await?)
}

async fn link_documents_to_task(conn: &mut SqliteConnection, opgave_id: i64, docs: &[Dokument]) -> Result<()> {
    for d in docs {
        sqlx::query("INSERT OR IGNORE INTO opgave_dokumenter (opgave_id, dokument_id) VALUES (?, ?)")
            .bind(opgave_id)
            .bind(d.id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Attaches documents to a case, naming and categorising each by the
/// caseworker's edit, else "Formular dokumentkategori mapning".
async fn link_documents_to_case(conn: &mut SqliteConnection, sag_id: i64, docs: &[Dokument], edits: &[DocumentEdit]) -> Result<()> {
    for d in docs {
        let edit = edits.iter().find(|e| e.dokument_id == d.id);
        let (navn, kategori) = documents::document_on_case(d, edit);
        sqlx::query("UPDATE dokumenter SET navn = ?, kategori = ? WHERE id = ?")
            .bind(navn)
            .bind(kategori.map(i64::from))
            .bind(d.id)
            .execute(&mut *conn)
            .await?;
        sqlx::query("INSERT OR IGNORE INTO sag_dokumenter (sag_id, dokument_id) VALUES (?, ?)")
            .bind(sag_id)
            .bind(d.id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Applies only the caseworker's own renames / categories (no mapping).
async fn apply_edits(conn: &mut SqliteConnection, edits: &[DocumentEdit]) -> Result<()> {
    for e in edits {
        if let Some(n) = &e.navn {
            sqlx::query("UPDATE dokumenter SET navn = ? WHERE id = ?").bind(n.trim()).bind(e.dokument_id).execute(&mut *conn).await?;
        }
        if let Some(k) = e.kategori {
            sqlx::query("UPDATE dokumenter SET kategori = ? WHERE id = ?")
                .bind(i64::from(k))
                .bind(e.dokument_id)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

fn document_list(docs: &[Dokument]) -> String {
    match docs.len() {
        0 => "ingen dokumenter".into(),
        1 => format!("dokumentet \"{}\"", docs[0].navn),
        n => format!("{n} dokumenter"),
    }
}

/// Finishes the task's wizard with its decisions. The user must have taken
/// the task. Every rule is checked here again; all effects, the decision
/// record, the history and the audit entry are one transaction.
#[utoipa::path(post, path = "/api/tasks/{id}/complete", tag = "opgaver", request_body = CompleteRequest,
    params(("id" = i64, Path, description = "Opgavens id")), responses(
    (status = 200, body = CompleteResult),
    (status = 400, description = "En regel er ikke opfyldt (fx `sag_ikke_tilladt`, `fuldmagt_ikke_verificeret`); intet er ændret", body = ApiError),
    (status = 401, body = ApiError),
    (status = 404, body = ApiError),
    (status = 409, description = "`ikke_taget`, `optaget` eller `afsluttet`", body = ApiError),
))]
pub async fn complete(
    user: AuthUser,
    State(ctx): State<ApiContext>,
    Path(id): Path<i64>,
    Json(req): Json<CompleteRequest>,
) -> Result<Json<CompleteResult>> {
    req.validate().map_err(|m| refuse("ugyldig_beslutning", m))?;
    let mut tx = ctx.db.begin_with("BEGIN IMMEDIATE").await?;
    let task = records::opgave(&mut tx, id).await?.ok_or(Error::NotFound(UNKNOWN_TASK))?;
    if task.status == OpgaveStatus::Afsluttet {
        return Err(closed());
    }
    match holder(&mut tx, id).await? {
        Some((uid, _)) if uid == user.id => {}
        Some((_, name)) => return Err(taken_by(&name)),
        None => return Err(Error::Conflict { code: "ikke_taget", message: "Tag opgaven, før du afslutter den.".into() }),
    }
    let wizard = Wizard::for_task_type(task.opgavetype);
    if !req.fits(wizard) {
        return Err(refuse(
            "forkert_guide",
            format!("Opgaven behandles med \"{}\" og kan ikke afsluttes med \"{}\".", wizard.label(), req.label()),
        ));
    }
    // The chosen case: it exists, it is the borger's, and the process may choose it.
    let sag = match req.sag_id() {
        Some(sag_id) => {
            let sag = records::sag(&mut tx, sag_id).await?.ok_or_else(|| refuse("ukendt_sag", "Den valgte sag findes ikke."))?;
            if task.borger_id != Some(sag.borger_id) {
                return Err(refuse(
                    "sag_tilhoerer_anden_borger",
                    "Den valgte sag tilhører ikke opgavens borger. Vælg en af borgerens sager.",
                ));
            }
            if let Some(process) = req.process() {
                case_rule(process, &sag).map_err(|reason| refuse("sag_ikke_tilladt", reason))?;
            }
            Some(sag)
        }
        None => None,
    };
    let sag_name = |s: &domain::model::Sag| format!("\"{}\" (sag {})", s.titel, s.id);
    let mut change = Change { tasks: vec![id], ..Default::default() };
    let mut valg: Vec<String> = Vec::new();
    let mut fuldmagt_by = None;
    let mut ny_opgave_id = None;
    let mut ny_sag_id = None;
    match &req {
        CompleteRequest::ModtagPost { fuldmagt_verificeret, handling, dokumenter: edits } => {
            let docs = records::documents_of_task(&mut tx, id).await?;
            if docs.iter().any(documents::is_power_of_attorney) {
                if !fuldmagt_verificeret {
                    return Err(refuse(
                        "fuldmagt_ikke_verificeret",
                        "Der er en fuldmagt i posten. Verificér fuldmagten (sæt flueben), før du vælger en handling.",
                    ));
                }
                fuldmagt_by = Some(user.id);
                valg.push(format!("Fuldmagten er verificeret af {}.", user.navn));
            }
            for e in edits {
                if !docs.iter().any(|d| d.id == e.dokument_id) {
                    return Err(refuse("ukendt_dokument", "Et af dokumenterne hører ikke til opgaven. Genindlæs opgaven, og prøv igen."));
                }
                if e.kategori.is_some_and(|k| catalog::name_of(catalog::DOCUMENT_CATEGORIES, k).is_none()) {
                    return Err(refuse("ukendt_dokumentkategori", "Den valgte dokumentkategori findes ikke."));
                }
            }
            let borger_id = match (task.borger_id, handling) {
                (_, ModtagPostHandling::IngenHandling) => None,
                (Some(b), _) => Some(b),
                (None, _) => {
                    return Err(refuse("ingen_borger", "Posten er ikke knyttet til en borger og kan kun afsluttes med \"Ingen handling\"."))
                }
            };
            valg.push(format!("Handling: {}.", handling.label()));
            match (handling, borger_id) {
                (ModtagPostHandling::OpretOpgave { opgavetype }, Some(borger_id)) => {
                    let Some(type_name) = catalog::task_type_name(*opgavetype).filter(|_| *opgavetype != task_type::MODTAG_POST) else {
                        return Err(refuse("ukendt_opgavetype", "Vælg den opgavetype, der skal oprettes (ikke Modtag post)."));
                    };
                    apply_edits(&mut tx, edits).await?;
                    let new_id = insert_task(&mut tx, *opgavetype, None, task.kilde, task.enhed, borger_id, None, None).await?;
                    link_documents_to_task(&mut tx, new_id, &docs).await?;
                    history(
                        &mut tx,
                        new_id,
                        user.id,
                        &format!("Oprettet fra Modtag post (opgave {id}) af {} med {}.", user.navn, document_list(&docs)),
                    )
                    .await?;
                    valg.push(format!("Ny opgave \"{type_name}\" (opgave {new_id}) er oprettet med {}.", document_list(&docs)));
                    change.tasks.push(new_id);
                    ny_opgave_id = Some(new_id);
                }
                (ModtagPostHandling::TilfoejSagsrelation { .. }, Some(_)) => {
                    let sag = sag.as_ref().ok_or_else(|| Error::Internal(anyhow::anyhow!("sagen mangler efter kontrol")))?;
                    link_documents_to_case(&mut tx, sag.id, &docs, edits).await?;
                    valg.push(format!("{} er knyttet til sagen {}.", capitalised(&document_list(&docs)), sag_name(sag)));
                }
                (ModtagPostHandling::OpretHenvendelsessag, Some(borger_id)) => {
                    let titel = catalog::name_of(catalog::CASE_TYPES, case_type::HENVENDELSESSAG).unwrap_or("Henvendelsessag");
                    let new_sag: i64 = sqlx::query_scalar(
                        "INSERT INTO sager (borger_id, sagstype, titel, status, aktiv, enhed) VALUES (?, ?, ?, ?, 1, ?) RETURNING id",
                    )
                    .bind(borger_id)
                    .bind(i64::from(case_type::HENVENDELSESSAG))
                    .bind(titel)
                    .bind(i64::from(SagStatus::UnderBehandling.code()))
                    .bind(i64::from(task.enhed))
                    .fetch_one(&mut *tx)
                    .await?;
                    link_documents_to_case(&mut tx, new_sag, &docs, edits).await?;
                    valg.push(format!("Henvendelsessag (sag {new_sag}) er oprettet med {}.", document_list(&docs)));
                    change.sager.push(new_sag);
                    ny_sag_id = Some(new_sag);
                }
                (ModtagPostHandling::TilfoejTilOpgave { opgave_id }, Some(borger_id)) => {
                    let target = records::opgave(&mut tx, *opgave_id)
                        .await?
                        .filter(|t| t.id != id)
                        .ok_or_else(|| refuse("ukendt_opgave", "Den valgte opgave findes ikke."))?;
                    if target.borger_id != Some(borger_id) {
                        return Err(refuse(
                            "opgave_tilhoerer_anden_borger",
                            "Den valgte opgave tilhører ikke borgeren. Vælg en af borgerens igangværende opgaver.",
                        ));
                    }
                    if target.status == OpgaveStatus::Afsluttet {
                        return Err(refuse("opgave_afsluttet", "Den valgte opgave er afsluttet. Vælg en igangværende opgave."));
                    }
                    apply_edits(&mut tx, edits).await?;
                    link_documents_to_task(&mut tx, target.id, &docs).await?;
                    let mut text =
                        format!("{} tilføjet fra Modtag post (opgave {id}) af {}.", capitalised(&document_list(&docs)), user.navn);
                    if target.status == OpgaveStatus::Venter {
                        sqlx::query("UPDATE opgaver SET status = ? WHERE id = ?")
                            .bind(i64::from(OpgaveStatus::IGang.code()))
                            .bind(target.id)
                            .execute(&mut *tx)
                            .await?;
                        text.push_str(" Opgaven venter ikke længere og er i gang igen.");
                    }
                    history(&mut tx, target.id, user.id, &text).await?;
                    let type_name = catalog::task_type_name(target.opgavetype).unwrap_or("opgave");
                    valg.push(format!(
                        "{} er tilføjet til opgaven \"{type_name}\" (opgave {}).",
                        capitalised(&document_list(&docs)),
                        target.id
                    ));
                    change.tasks.push(target.id);
                }
                _ => valg.push("Posten er ikke behandlet videre.".into()),
            }
        }
        CompleteRequest::OpretTraek { beloeb_oere, startdato, frekvens, .. } => {
            let sag = sag.as_ref().ok_or_else(|| Error::Internal(anyhow::anyhow!("sagen mangler efter kontrol")))?;
            sqlx::query(
                "INSERT INTO traek (sag_id, opgave_id, beloeb_oere, startdato, frekvens, oprettet_af, oprettet) VALUES (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(sag.id)
            .bind(id)
            .bind(beloeb_oere)
            .bind(storage_day(*startdato))
            .bind(i64::from(frekvens.code()))
            .bind(user.id)
            .bind(now_rfc3339())
            .execute(&mut *tx)
            .await?;
            valg.push(format!(
                "Træk på {} kr. ({}) fra {} på sagen {}.",
                kroner(*beloeb_oere),
                frekvens.label().to_lowercase(),
                danish_day(*startdato),
                sag_name(sag)
            ));
        }
        CompleteRequest::StopSag { stopdato, aarsag, .. } => {
            let sag = sag.as_ref().ok_or_else(|| Error::Internal(anyhow::anyhow!("sagen mangler efter kontrol")))?;
            sqlx::query("UPDATE sager SET aktiv = 0, status = ?, stopdato = ?, stopaarsag = ? WHERE id = ?")
                .bind(i64::from(SagStatus::Afsluttet.code()))
                .bind(storage_day(*stopdato))
                .bind(aarsag.trim())
                .bind(sag.id)
                .execute(&mut *tx)
                .await?;
            valg.push(format!("Sagen {} er stoppet pr. {}. Årsag: {}", sag_name(sag), danish_day(*stopdato), aarsag.trim()));
            change.sager.push(sag.id);
        }
        CompleteRequest::OpretOpfoelgningsopgave { opfoelgningstype, frist, note, .. } => {
            let sag = sag.as_ref().ok_or_else(|| Error::Internal(anyhow::anyhow!("sagen mangler efter kontrol")))?;
            let Some(type_name) = catalog::name_of(catalog::FOLLOWUP_TYPES, *opfoelgningstype) else {
                return Err(refuse("ukendt_opfoelgningstype", "Vælg en opfølgningsopgavetype fra listen."));
            };
            if *frist < today() {
                return Err(refuse("ugyldig_frist", "Fristen kan ikke ligge før i dag. Vælg en senere dato."));
            }
            let new_id = insert_task(
                &mut tx,
                task_type::OPFOELGNINGSOPGAVE,
                Some(*opfoelgningstype),
                Kilde::Bruger,
                sag.enhed,
                sag.borger_id,
                Some(sag.id),
                Some(*frist),
            )
            .await?;
            let mut text = format!("Oprettet fra opgave {id} af {}.", user.navn);
            if !note.trim().is_empty() {
                text.push_str(&format!(" Note: {}", note.trim()));
            }
            history(&mut tx, new_id, user.id, &text).await?;
            valg.push(format!(
                "Opfølgningsopgave \"{type_name}\" (opgave {new_id}) er oprettet på sagen {} med frist {}.",
                sag_name(sag),
                danish_day(*frist)
            ));
            change.tasks.push(new_id);
            ny_opgave_id = Some(new_id);
        }
        CompleteRequest::Afslut { note } => {
            valg.push(if note.trim().is_empty() {
                "Opgaven er afsluttet.".into()
            } else {
                format!("Opgaven er afsluttet. Note: {}", note.trim())
            });
        }
    }
    sqlx::query("UPDATE opgaver SET status = ? WHERE id = ?")
        .bind(i64::from(OpgaveStatus::Afsluttet.code()))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    history(&mut tx, id, user.id, &format!("Afsluttet med \"{}\": {}", req.label(), valg.join(" "))).await?;
    let tidspunkt = now_rfc3339();
    sqlx::query(
        "INSERT INTO opgave_beslutninger (opgave_id, bruger_id, tidspunkt, anmodning, valg, fuldmagt_verificeret_af) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(user.id)
    .bind(&tidspunkt)
    .bind(to_json(&req)?)
    .bind(to_json(&valg)?)
    .bind(fuldmagt_by)
    .execute(&mut *tx)
    .await?;
    let detaljer = match &req {
        CompleteRequest::ModtagPost { handling, .. } => format!("Modtag post: {}", handling.label()),
        other => other.label().to_owned(),
    };
    audit::record(&mut tx, user.id, AuditAction::AfsluttetOpgave, task.borger_id, Some(id), &detaljer).await?;
    tx.commit().await?;
    tracing::info!(opgave = id, guide = req.label(), bruger = %user.brugernavn, "opgave afsluttet");
    ctx.snapshot.apply(&ctx.db, change).await?;
    Ok(Json(CompleteResult {
        opgave_id: id,
        ny_opgave_id,
        ny_sag_id,
        beslutning: DecisionRecord {
            tidspunkt,
            brugernavn: user.brugernavn.clone(),
            bruger_navn: user.navn.clone(),
            valg,
            fuldmagt_verificeret_af: fuldmagt_by.map(|_| user.navn.clone()),
            anmodning: req,
        },
    }))
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// JSON text of a value for a TEXT column.
fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::Internal(anyhow::anyhow!("JSON: {e}")))
}
