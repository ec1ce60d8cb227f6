//! Citizens: find a borger by CPR number, the Borgeroverblik, the cases a
//! process may choose (Sagsvælger), and manual Modtag post.
//!
//! Each needs the right Borgeropslag (starting a process also the
//! process's own); every opening of a borger is in the audit log (by the
//! borger's id, never the CPR number). The CPR number of a lookup comes in
//! the body of `POST /api/citizens/search`, never in a URL, and answers
//! with a whole CPR number are sent `Cache-Control: no-store`.

use super::auth::AuthUser;
use super::multipart;
use super::{ApiContext, Error, Json, Private, Query, Result};
use crate::http::Path;
use crate::snapshot_cache::Change;
use crate::store::{Conn, NewTask};
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use domain::casework::complete::Wizard;
use domain::casework::documents;
use domain::casework::process;
use domain::casework::process::{CaseSelection, Process};
use domain::casework::wizards::CaseChoice;
use domain::catalog::{self, task_type, unit};
use domain::codes;
use domain::intake::AttachmentFault;
use domain::model::{Borger, Kilde, OpgaveStatus, Permission};
use domain::wire::audit::AuditAction;
use domain::wire::citizens::{CitizenOverview, CprLookup, StartTask};
use domain::wire::tasks::ClaimResult;
use domain::wire::ApiError;
use domain::Cpr;
use serde::Deserialize;

/// At most this many documents in one manual Modtag post.
pub const MAX_DOCUMENTS: usize = 5;
/// The header a manual Modtag post must carry (any value). A plain HTML
/// form can send multipart with the session cookie; it cannot set this
/// header, and from another origin a script can only after a CORS preflight
/// that only `--cors-origin` passes. The app's own request sets it.
pub const REQUESTED_WITH: &str = "x-requested-with";
/// Request body limit of `POST /api/citizens/{id}/post`: five documents of
/// 10 MB, with room for the parts' headers.
const POST_BODY_LIMIT: usize = MAX_DOCUMENTS * documents::MAX_UPLOAD_BYTES + 64 * 1024;

/// The parts of `POST /api/citizens/{id}/post`, for the API's document (the
/// handler reads them one by one, [`multipart::read_parts`]). Other parts
/// are refused (hence `deny_unknown_fields`: `additionalProperties: false`).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct PostUploadForm {
    /// One part per document (1 to 5), PDF or XML, its file name the
    /// document's name.
    #[schema(value_type = String, format = Binary)]
    dokument: Vec<u8>,
}

pub fn router() -> Router<ApiContext> {
    Router::new()
        .route("/citizens/search", post(find))
        .route("/citizens/{id}", get(overview))
        .route("/citizens/{id}/cases", get(cases))
        .route("/citizens/{id}/tasks", post(start_task))
        .route("/citizens/{id}/post", post(receive_post).layer(DefaultBodyLimit::max(POST_BODY_LIMIT)))
}

const UNKNOWN_BORGER: &str = "Borgeren findes ikke.";

/// Finds a borger by CPR number (with or without dash), given in the body.
/// Needs Borgeropslag; every lookup is in the audit log.
#[utoipa::path(post, path = "/api/citizens/search", tag = "borgere", request_body = CprLookup, responses(
    (status = 200, description = "Sendt med `Cache-Control: no-store`", body = Borger),
    (status = 400, description = "`ugyldigt_cpr`: ikke et gyldigt CPR-nummer", body = ApiError),
    (status = 401, body = ApiError),
    (status = 403, description = "`mangler_rettighed`: Borgeropslag", body = ApiError),
    (status = 404, description = "Ingen borger med det CPR-nummer", body = ApiError),
))]
pub async fn find(user: AuthUser, State(ctx): State<ApiContext>, Json(lookup): Json<CprLookup>) -> Result<Private<Borger>> {
    user.require(Permission::Borgeropslag)?;
    let cpr = Cpr::parse_typed(&lookup.cpr).map_err(|e| Error::bad_request(codes::INVALID_CPR, e.0))?;
    let mut tx = ctx.store.write().await?;
    let borger = tx.borger_by_cpr(&cpr).await?;
    let detaljer = if borger.is_some() { "Opslag på CPR-nummer" } else { "Opslag på CPR-nummer uden resultat" };
    tx.record_audit(user.id, AuditAction::SlaaetBorgerOp, borger.as_ref().map(|b| b.id), None, detaljer).await?;
    tx.commit().await?;
    let borger = borger.ok_or(Error::NotFound("Der findes ingen borger med det CPR-nummer. Kontrollér nummeret, og prøv igen."))?;
    Ok(Private(borger))
}

/// Borgeroverblik: the borger, their cases, open tasks, documents and the
/// events received for them (newest first). Needs Borgeropslag; every
/// opening is recorded in the audit log.
#[utoipa::path(get, path = "/api/citizens/{id}", tag = "borgere", params(("id" = i64, Path, description = "Borgerens id")), responses(
    (status = 200, description = "Sendt med `Cache-Control: no-store`", body = CitizenOverview),
    (status = 401, body = ApiError),
    (status = 403, description = "`mangler_rettighed`: Borgeropslag", body = ApiError),
    (status = 404, body = ApiError),
))]
pub async fn overview(user: AuthUser, State(ctx): State<ApiContext>, Path(id): Path<i64>) -> Result<Private<CitizenOverview>> {
    user.require(Permission::Borgeropslag)?;
    // Immediate: the reads and the audit entry are one consistent write.
    let mut tx = ctx.store.write().await?;
    let borger = tx.borger(id).await?.ok_or(Error::NotFound(UNKNOWN_BORGER))?;
    let mut sager = tx.sager_of(id).await?;
    process::sort_cases(&mut sager, process::CaseSort::Startdato);
    let aabne_opgaver = tx.open_tasks_of(id).await?;
    let dokumenter = tx.documents_of_borger(id).await?;
    let haendelser = tx.events_of(id).await?;
    tx.record_audit(user.id, AuditAction::AabnetBorgeroverblik, Some(id), None, "Borgeroverblik").await?;
    tx.commit().await?;
    Ok(Private(CitizenOverview { borger, sager, aabne_opgaver, dokumenter, haendelser }))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct CasesParams {
    /// The process, e.g. `stop_sag`, `opret_traek`, `opret_opfoelgningsopgave`,
    /// `modtag_post_sagsrelation` (read leniently here, so that a missing or
    /// unknown one gets the list of known ones).
    #[param(required = true, value_type = Process)]
    process: Option<String>,
}

/// The borger's cases a process may choose in the Sagsvælger, and the
/// others with the reason ("Vis fravalgte sager"). Needs Borgeropslag;
/// every listing is recorded in the audit log.
#[utoipa::path(get, path = "/api/citizens/{id}/cases", tag = "borgere", params(("id" = i64, Path, description = "Borgerens id"), CasesParams), responses(
    (status = 200, body = CaseSelection),
    (status = 400, description = "`ukendt_proces`", body = ApiError),
    (status = 401, body = ApiError),
    (status = 403, description = "`mangler_rettighed`: Borgeropslag", body = ApiError),
    (status = 404, body = ApiError),
))]
pub async fn cases(
    user: AuthUser,
    State(ctx): State<ApiContext>,
    Path(id): Path<i64>,
    Query(p): Query<CasesParams>,
) -> Result<Json<CaseSelection>> {
    let process = p.process.as_deref().and_then(Process::from_key).ok_or_else(|| {
        let known: Vec<&str> = Process::ALL.iter().map(|p| p.key()).collect();
        Error::bad_request(codes::UNKNOWN_PROCESS, format!("Ukendt proces. Angiv process som en af: {}.", known.join(", ")))
    })?;
    user.require(Permission::Borgeropslag)?;
    let mut tx = ctx.store.write().await?;
    known_borger(&mut tx, id).await?;
    let sager = tx.sager_of(id).await?;
    tx.record_audit(user.id, AuditAction::AabnetSagsvaelger, Some(id), None, &format!("Sagsvælger: {}", process.label())).await?;
    tx.commit().await?;
    Ok(Json(CaseSelection::of(process, sager)))
}

/// A new open person task (kilde Bruger) for the borger, started and
/// already taken by the user (status i gang), in the administrative unit of the borger's
/// newest case, else the first unit. Returns its id.
async fn insert_taken_task(tx: &mut Conn, opgavetype: u16, borger_id: i64, user_id: i64, today: NaiveDate) -> Result<i64> {
    let enhed = tx.unit_of_newest_case(borger_id).await?.unwrap_or(unit::PENSION_NORD);
    let task = NewTask {
        opgavetype,
        opfoelgningstype: None,
        kilde: Kilde::Bruger,
        enhed,
        borger_id,
        sag_id: None,
        status: OpgaveStatus::IGang,
        taget_af: Some(user_id),
        oprettet: today,
        frist: None,
        sagstype: None,
        automatisk: false,
        udfald_aarsag: None,
    };
    let id = tx.insert_task(&task).await?;
    tx.set_started_by(id, user_id).await?;
    Ok(id)
}

/// Checks that the borger exists (inside the caller's transaction).
async fn known_borger(tx: &mut Conn, id: i64) -> Result<()> {
    match tx.borger(id).await? {
        Some(_) => Ok(()),
        None => Err(Error::NotFound(UNKNOWN_BORGER)),
    }
}

/// Starts a process from the Borgeroverblik "Handlinger" menu (Opret
/// træk, Stop sag, Opfølgningsopgave, Tilføj ydelse til bevilling): a new task for the borger (kilde
/// Bruger), already taken by the caller, who opens and finishes it like any
/// task they have taken. Started again while the caller's earlier one of
/// the type is unfinished, that one is answered instead (no duplicate).
#[utoipa::path(post, path = "/api/citizens/{id}/tasks", tag = "borgere", request_body = StartTask,
    params(("id" = i64, Path, description = "Borgerens id")), responses(
    (status = 201, description = "Opgaven er oprettet og taget af brugeren", body = ClaimResult),
    (status = 200, description = "Brugeren har allerede en uafsluttet opgave af typen for borgeren, startet herfra: den fortsættes, intet nyt oprettes", body = ClaimResult),
    (status = 400, description = "`opgavetype_ikke_tilladt`: kun Opret træk, Stop sag, Opfølgningsopgave og Tilføj ydelse til bevilling", body = ApiError),
    (status = 401, body = ApiError),
    (status = 403, description = "`mangler_rettighed`: Borgeropslag eller processens egen rettighed", body = ApiError),
    (status = 404, body = ApiError),
    (status = 409, description = "`ingen_valgbar_sag`: opgaven kunne aldrig afsluttes, for ingen af borgerens sager kan vælges i processen; intet er oprettet", body = ApiError),
))]
pub async fn start_task(
    user: AuthUser,
    State(ctx): State<ApiContext>,
    Path(id): Path<i64>,
    Json(start): Json<StartTask>,
) -> Result<Response> {
    if !domain::wire::citizens::STARTABLE.contains(&start.opgavetype) {
        let names: Vec<&str> = domain::wire::citizens::STARTABLE.iter().filter_map(|&t| catalog::task_type_name(t)).collect();
        return Err(Error::bad_request(
            codes::TASK_TYPE_NOT_ALLOWED,
            format!("Fra borgeroverblikket kan kun disse opgaver startes: {}.", names.join(", ")),
        ));
    }
    user.require(Permission::Borgeropslag)?;
    if let Some(p) = Permission::to_start(start.opgavetype) {
        user.require(p)?;
    }
    let type_name = catalog::task_type_name(start.opgavetype).unwrap_or("opgave");
    let mut tx = ctx.store.write().await?;
    known_borger(&mut tx, id).await?;
    // Started again (Back, then Start): the caller's own unfinished task of
    // the type for the borger, started by hand, is the one they continue.
    if let Some(open) = tx.unfinished_started_by(id, start.opgavetype, user.id).await? {
        let claimed = ClaimResult { opgave_id: open, taget_af: user.brugernavn.clone(), taget_af_navn: user.navn.clone() };
        return Ok((StatusCode::OK, Json(claimed)).into_response());
    }
    let sager = tx.sager_of(id).await?;
    CaseChoice::can_finish(Wizard::for_task_type(start.opgavetype), &sager)
        .map_err(|m| Error::refused(StatusCode::CONFLICT, codes::NO_SELECTABLE_CASE, m))?;
    let opgave_id = insert_taken_task(&mut tx, start.opgavetype, id, user.id, crate::clock::today()).await?;
    tx.add_history(opgave_id, user.id, &format!("Startet fra Borgeroverblik af {}.", user.navn)).await?;
    tx.record_audit(user.id, AuditAction::StartetOpgave, Some(id), Some(opgave_id), type_name).await?;
    let change = Change { tasks: vec![opgave_id], ..Default::default() };
    change.note(&mut tx).await?;
    tx.commit().await?;
    ctx.snapshot.apply_committed(&ctx.store, change).await;
    tracing::info!(opgave = opgave_id, borger = id, opgavetype = start.opgavetype, bruger = %user.brugernavn, "opgave startet fra borgeroverblik");
    let claimed = ClaimResult { opgave_id, taget_af: user.brugernavn.clone(), taget_af_navn: user.navn.clone() };
    Ok((StatusCode::CREATED, Json(claimed)).into_response())
}

/// Manual Modtag post from the Borgeroverblik: the documents (PDF or XML,
/// at most 10 MB each), one `multipart/form-data` part `dokument` each,
/// named by its file name, become a new Modtag post task (kilde Bruger) for
/// the borger, already taken by the uploader. The body is read as it
/// arrives, each document held once. Answers with the new task's id.
#[utoipa::path(post, path = "/api/citizens/{id}/post", tag = "borgere",
    request_body(content = PostUploadForm, content_type = "multipart/form-data", description = "Én del `dokument` pr. dokument, med filnavn"),
    params(
        ("id" = i64, Path, description = "Borgerens id"),
        ("X-Requested-With" = String, Header, description = "Påkrævet (fx `opgavepakker`): værn mod forespørgsler fra formularer på andre sider"),
    ), responses(
    (status = 201, description = "Modtag post-opgaven er oprettet", body = i64),
    (status = 400, description = "`ugyldigt_dokument`: ingen dokumenter, ikke PDF/XML, tomt eller for stort; `ugyldig_multipart`: ikke multipart, en ukendt del, et manglende filnavn eller ingen `X-Requested-With`", body = ApiError),
    (status = 401, body = ApiError),
    (status = 403, description = "`mangler_rettighed`: Borgeropslag eller Modtag post manuelt", body = ApiError),
    (status = 404, body = ApiError),
    (status = 413, description = "`for_stor`: flere end 5 dokumenter eller forespørgslen over grænsen", body = ApiError),
    (status = 429, description = "`upload_kvote_opbrugt`: brugerens dokumenter den seneste time er over grænsen", body = ApiError),
))]
pub async fn receive_post(
    user: AuthUser,
    State(ctx): State<ApiContext>,
    Path(id): Path<i64>,
    headers: axum::http::HeaderMap,
    body: std::result::Result<Multipart, MultipartRejection>,
) -> Result<Response> {
    user.require(Permission::Borgeropslag)?;
    user.require(Permission::ModtagPost)?;
    if !headers.contains_key(REQUESTED_WITH) {
        return Err(multipart::invalid("Dokumenter modtages kun fra Opgavepakker (headeren X-Requested-With mangler). Intet er modtaget."));
    }
    let parts = multipart::read_parts(body, MAX_DOCUMENTS, |_| documents::MAX_UPLOAD_BYTES).await?;
    if parts.is_empty() {
        return Err(Error::bad_request(codes::INVALID_DOCUMENT, "Vælg mindst ét dokument at modtage."));
    }
    let mut docs = Vec::with_capacity(parts.len());
    for part in parts {
        if part.name != "dokument" {
            return Err(multipart::invalid(format!("Ukendt del »{}«. Hvert dokument sendes i en del »dokument«.", part.name)));
        }
        let navn = part.filename.ok_or_else(|| multipart::invalid("Hvert dokument skal have et filnavn."))?;
        let bytes = part
            .bytes
            .ok_or_else(|| Error::bad_request(codes::INVALID_DOCUMENT, documents::upload_fault(&navn, AttachmentFault::ForStor)))?;
        let format = documents::check_upload(&navn, &bytes).map_err(|m| Error::bad_request(codes::INVALID_DOCUMENT, m))?;
        docs.push((navn.trim().to_owned(), format, bytes));
    }
    let total: u64 = docs.iter().map(|(_, _, b)| b.len() as u64).sum();
    let today = crate::clock::today();
    let mut tx = ctx.store.write().await?;
    if !ctx.upload_quota.take(&mut tx, user.id, total, crate::clock::now_millis()).await? {
        tracing::warn!(bruger = %user.brugernavn, bytes = total, "upload afvist: timekvoten er brugt");
        return Err(Error::refused(
            StatusCode::TOO_MANY_REQUESTS,
            codes::UPLOAD_QUOTA,
            format!(
                "Du har modtaget mere end {} MiB dokumenter den seneste time. Vent lidt, og prøv igen.",
                ctx.config.upload_mib_per_hour
            ),
        ));
    }
    known_borger(&mut tx, id).await?;
    // Taken by the uploader at once, so they can open it straight away.
    let opgave_id = insert_taken_task(&mut tx, task_type::MODTAG_POST, id, user.id, today).await?;
    let mut names = Vec::new();
    for (navn, format, bytes) in docs {
        // No category yet: "Formular dokumentkategori mapning" names and
        // categorises a document when it reaches a case, not on arrival.
        let dokument_id = tx.insert_document(&navn, format, None, today, bytes).await?;
        tx.add_document_to_task(opgave_id, dokument_id).await?;
        names.push(navn);
    }
    let text = format!("Modtag post oprettet manuelt fra borgeroverblikket med {}: {}.", plural_docs(names.len()), names.join(", "));
    tx.add_history(opgave_id, user.id, &text).await?;
    tx.record_audit(
        user.id,
        AuditAction::ModtagetPost,
        Some(id),
        Some(opgave_id),
        &format!("Modtag post med {}", plural_docs(names.len())),
    )
    .await?;
    let change = Change { tasks: vec![opgave_id], ..Default::default() };
    change.note(&mut tx).await?;
    tx.commit().await?;
    ctx.snapshot.apply_committed(&ctx.store, change).await;
    tracing::info!(opgave = opgave_id, borger = id, bruger = %user.brugernavn, "manuel modtag post");
    Ok((StatusCode::CREATED, Json(opgave_id)).into_response())
}

fn plural_docs(n: usize) -> String {
    if n == 1 {
        "1 dokument".into()
    } else {
        format!("{n} dokumenter")
    }
}
