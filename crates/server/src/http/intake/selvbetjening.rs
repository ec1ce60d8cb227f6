//! `POST /api/intake/selvbetjening`: one submission from a self-service
//! solution. The domain decides (`check_submission`, `route`); this writes
//! the decision: a Modtag post (kilde Selvbetjening), an Opret bevilling
//! (possibly under automatic processing, waiting for formue), or the
//! documents onto the borger's ongoing Opret bevilling.

use super::{answer, borger_of, replayed, take_quota, IntakePermit, Source, QUOTA_REFUSAL};
use crate::clock::today;
use crate::http::multipart::{self, json_or_document, read_parts, Part};
use crate::http::{ApiContext, Error, Result};
use crate::snapshot_cache::Change;
use crate::store::{Conn, NewTask};
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use domain::catalog::task_type;
use domain::codes;
use domain::intake::routing::{self, BorgerFacts, Route};
use domain::intake::submission::{check_submission, document_name, DocumentRole, IncomingDocument, SubmissionMeta};
use domain::intake::{formats, AttachmentFault};
use domain::model::{DokumentFormat, Kilde, OpgaveStatus};
use domain::wire::intake::{IntakeAnswer, SourceKind};
use domain::wire::ApiError;

/// A document of the submission, checked by content.
struct Received {
    doc: IncomingDocument,
    bytes: Vec<u8>,
}

/// The file parts as documents: each named by its role, with a file name,
/// at most 10 MiB (else 413), and of a format recognised by its content
/// (else 422 `ugyldigt_bilag`).
fn documents(parts: Vec<Part>) -> Result<Vec<Received>> {
    let mut out = Vec::new();
    for p in parts.into_iter().filter(|p| p.name != "indsendelse") {
        let rolle = DocumentRole::from_part_name(&p.name).ok_or_else(|| {
            multipart::invalid(format!(
                "Ukendt del »{}«. Dokumenter sendes i dele med navnene hoveddokument, blanketsignatur, fuldmagt, dokumentation og bilag.",
                p.name
            ))
        })?;
        let filnavn = p.filename.ok_or_else(|| multipart::invalid(format!("Dokumentet i delen »{}« mangler et filnavn.", p.name)))?;
        let bytes =
            p.bytes.ok_or_else(|| multipart::too_large(format!("Dokumentet »{filnavn}« er større end 10 MB. Intet er modtaget.")))?;
        let format: DokumentFormat = formats::sniff(&bytes).map_err(|fault| bad_document(&filnavn, fault))?;
        out.push(Received { doc: IncomingDocument { rolle, filnavn, format }, bytes });
    }
    Ok(out)
}

fn bad_document(filnavn: &str, fault: AttachmentFault) -> Error {
    Error::refused(
        StatusCode::UNPROCESSABLE_ENTITY,
        codes::INVALID_ATTACHMENT,
        format!("Dokumentet »{filnavn}« kan ikke modtages: {}. Intet er modtaget.", fault.label()),
    )
}

/// Receives one submission: JSON part `indsendelse` (`SubmissionMeta`) and
/// one file part per document, named by its role (`hoveddokument`,
/// `blanketsignatur`, `fuldmagt`, `dokumentation`, `bilag`). The format is
/// read from the content; the document is named by its role and that
/// format's extension (`document_name`), the file name only in messages. The same
/// `besked_id` again gets the same answer and writes nothing.
#[utoipa::path(post, path = "/api/intake/selvbetjening", tag = "intake",
    request_body(content = SubmissionForm, content_type = "multipart/form-data", description = "Delen `indsendelse` (JSON `SubmissionMeta`) og én fildel pr. dokument, navngivet efter rollen"),
    security(("kildesystem" = [])),
    responses(
    (status = 200, description = "Modtaget (eller det gemte svar på en gentaget besked, med `Idempotent-Replayed: true`)", body = IntakeAnswer),
    (status = 400, description = "`ugyldig_multipart`: ikke multipart, en ukendt del, manglende filnavn eller ugyldig JSON", body = ApiError),
    (status = 401, description = "`ugyldig_noegle`: nøgle mangler, er ukendt eller tilbagekaldt", body = ApiError),
    (status = 403, description = "`forkert_kilde`: nøglen hører til et andet kildesystem", body = ApiError),
    (status = 503, description = "`for_mange_samtidige`: for mange forespørgsler på én gang; send igen om lidt", body = ApiError),
    (status = 413, description = "`for_stor`: en del over 10 MB, metadata over 64 KB, flere end 21 dele eller forespørgslen over 25 MB", body = ApiError),
    (status = 429, description = QUOTA_REFUSAL, body = ApiError),
    (status = 422, description = "`ugyldig_indsendelse`, `ukendt_borger` eller `ugyldigt_bilag`; intet er skrevet", body = ApiError),
))]
pub async fn selvbetjening(
    source: Source,
    _permit: IntakePermit,
    State(ctx): State<ApiContext>,
    body: Result<Multipart, MultipartRejection>,
) -> Result<Response> {
    let source = source.require(SourceKind::Selvbetjening)?.clone();
    let parts = read_parts(body, 1 + domain::intake::submission::MAX_DOCUMENTS, json_or_document("indsendelse")).await?;
    let meta: SubmissionMeta = multipart::json_part(&parts, "indsendelse")?;
    let received = multipart::total(&parts);
    let docs = documents(parts)?;
    let incoming: Vec<IncomingDocument> = docs.iter().map(|d| d.doc.clone()).collect();
    check_submission(&meta, &incoming).map_err(|r| Error::refused(StatusCode::UNPROCESSABLE_ENTITY, r.code, r.message))?;

    let today = today();
    let mut tx = ctx.store.write().await?;
    if let Some(res) = replayed(&mut tx, &source, &meta.besked_id).await? {
        return Ok(res);
    }
    take_quota(&ctx, &mut tx, &source, received).await?;
    let borger_id = borger_of(&mut tx, &meta.cpr).await?;
    let facts = BorgerFacts {
        aabne_opgaver: tx.ongoing_tasks(borger_id).await?,
        formue_kendt: tx.formue_at(borger_id, today).await?.is_some(),
        sager: tx.sager_of(borger_id).await?,
    };
    let params = tx.system_parameters_at(today).await?;
    let route = routing::route(&meta, &facts, &params);
    let history = routing::history_text(&meta, &route);
    let enhed = routing::unit_for(meta.sagstype);

    let (opgave_id, resultat, tilknyttet) = match &route {
        Route::ModtagPost { fuldmagt } => {
            let id = tx.insert_task(&NewTask::ubehandlet(task_type::MODTAG_POST, Kilde::Selvbetjening, enhed, borger_id, today)).await?;
            let mut text = format!("Indsendelsen er oprettet som Modtag post (opgave {id}).");
            if *fuldmagt {
                text.push_str(" Fuldmagten skal verificeres, før posten behandles.");
            }
            (id, text, false)
        }
        Route::OpretBevilling { automatisk, venter_paa_formue, udfald } => {
            let mut task = NewTask::ubehandlet(task_type::OPRET_BEVILLING, Kilde::Selvbetjening, enhed, borger_id, today);
            task.sagstype = Some(meta.sagstype);
            // Waiting for formue: under automatic processing, in no package.
            task.automatisk = *venter_paa_formue;
            if *venter_paa_formue {
                task.status = OpgaveStatus::Venter;
            }
            task.udfald_aarsag = udfald.clone();
            let id = tx.insert_task(&task).await?;
            let mut text = format!("Opret bevilling er oprettet (opgave {id}).");
            if *venter_paa_formue {
                text.push_str(" Opgaven er under automatisk sagsbehandling og venter på formueoplysninger.");
            } else if let Some(u) = udfald {
                text.push(' ');
                text.push_str(u);
            } else if !automatisk {
                text.push_str(" Opgaven behandles manuelt.");
            }
            (id, text, false)
        }
        Route::TilfoejTilOpgave { opgave_id, tag_ud_af_venten } => {
            let mut text = format!("Indsendelsen er tilknyttet den igangværende opgave {opgave_id}.");
            if *tag_ud_af_venten {
                release_from_waiting(&mut tx, *opgave_id).await?;
                text.push_str(" Opgaven er taget ud af ventetrinnet.");
            }
            (*opgave_id, text, true)
        }
    };
    let mut new_ids = Vec::new();
    for d in docs {
        let navn = document_name(meta.formular, d.doc.rolle, d.doc.format);
        let dokument_id = tx.insert_document(&navn, d.doc.format, None, today, d.bytes).await?;
        tx.add_document_to_task(opgave_id, dokument_id).await?;
        new_ids.push(dokument_id);
    }
    // Joined to an ongoing task with a case: the documents are filed on the
    // case too, named and categorised by the form mapping.
    if tilknyttet {
        if let Some(sag_id) = tx.task(opgave_id).await?.and_then(|o| o.sag_id) {
            let new_docs: Vec<_> = tx.documents_of_task(opgave_id).await?.into_iter().filter(|d| new_ids.contains(&d.id)).collect();
            crate::http::tasks::file_on_case(&mut tx, sag_id, &new_docs, &[]).await?;
        }
    }
    tx.add_system_history(opgave_id, &history).await?;
    let body = IntakeAnswer { besked_id: meta.besked_id.clone(), opgave_id: Some(opgave_id), resultat, tilknyttet_opgave: tilknyttet };
    let res = answer(&mut tx, &source, &meta.besked_id, StatusCode::OK, &body).await?;
    let change = Change { tasks: vec![opgave_id], ..Change::default() };
    change.note(&mut tx).await?;
    tx.commit().await?;
    tracing::info!(kildesystem = source.id, opgave = opgave_id, "indsendelse fra selvbetjening modtaget");
    crate::http::patch_soon(&ctx, change);
    Ok(res)
}

/// Takes a waiting task out of its waiting step: i gang when someone has
/// it, else ubehandlet.
pub async fn release_from_waiting(tx: &mut Conn, opgave_id: i64) -> Result<()> {
    let status = match tx.task_holder(opgave_id).await? {
        Some(_) => OpgaveStatus::IGang,
        None => OpgaveStatus::Ubehandlet,
    };
    tx.set_task_status(opgave_id, status).await?;
    Ok(())
}

/// The parts of `POST /api/intake/selvbetjening`, for the API's document
/// (the handler reads them one by one, [`read_parts`]).
/// Other parts are refused (hence `deny_unknown_fields`, which the
/// document states as `additionalProperties: false`).
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct SubmissionForm {
    /// JSON [`SubmissionMeta`] (`Content-Type: application/json`).
    indsendelse: SubmissionMeta,
    /// The form itself: exactly one (PDF or XML, by its file name).
    #[schema(value_type = String, format = Binary)]
    hoveddokument: Vec<u8>,
    /// Required when the submission is made on behalf of another person.
    #[schema(value_type = Option<String>, format = Binary)]
    fuldmagt: Option<Vec<u8>>,
    #[schema(value_type = Option<String>, format = Binary)]
    blanketsignatur: Option<Vec<u8>>,
    #[schema(value_type = Option<String>, format = Binary)]
    dokumentation: Option<Vec<u8>>,
    #[schema(value_type = Option<String>, format = Binary)]
    bilag: Option<Vec<u8>>,
}
