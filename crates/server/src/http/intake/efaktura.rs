//! `POST /api/intake/efaktura`: an eFaktura with its embedded attachments.
//! The invoice itself must be a valid document; an attachment that fails
//! the checks (`domain::intake::formats::sniff`: empty, over 10 MB, an
//! unsupported or damaged file) never blocks it: it is listed with its
//! reason, and the invoice records attached_documents_failed.

use super::{answer, borger_of, replayed, take_quota, IntakePermit, Source, QUOTA_REFUSAL};
use crate::clock::today;
use crate::http::multipart::{self, json_or_document, read_parts};
use crate::http::{ApiContext, Error, Result};
use crate::snapshot_cache::Change;
use crate::store::invoices::NewInvoice;
use crate::store::NewTask;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use domain::catalog::doc_category;
use domain::codes;
use domain::intake::invoice::{check_invoice, invoice_document_name};
use domain::intake::{formats, AttachmentFault};
use domain::model::Kilde;
use domain::wire::intake::{FailedAttachment, InvoiceAnswer, InvoiceMeta, SourceKind};
use domain::wire::ApiError;

/// Receives an eFaktura: JSON part `faktura` (`InvoiceMeta`), file part
/// `faktura_dokument` (the invoice, must be valid) and any number of file
/// parts `bilag`. Creates a Behandl eFaktura task (EYAY or APØ by
/// `ordning`, kilde System) with the invoice and every valid attachment as
/// documents (category Faktura / Fakturabilag, the attachments linked to
/// the invoice); failed attachments are answered and recorded with their
/// reason.
#[utoipa::path(post, path = "/api/intake/efaktura", tag = "intake",
    request_body(content = InvoiceForm, content_type = "multipart/form-data", description = "Delen `faktura` (JSON `InvoiceMeta`), fildelen `faktura_dokument` og fildele `bilag`"),
    security(("kildesystem" = [])),
    responses(
    (status = 200, description = "Modtaget (eller det gemte svar på en gentaget besked, med `Idempotent-Replayed: true`)", body = InvoiceAnswer),
    (status = 400, description = "`ugyldig_multipart`", body = ApiError),
    (status = 401, description = "`ugyldig_noegle`", body = ApiError),
    (status = 403, description = "`forkert_kilde`", body = ApiError),
    (status = 503, description = "`for_mange_samtidige`: for mange forespørgsler på én gang; send igen om lidt", body = ApiError),
    (status = 413, description = "`for_stor`: fakturaen over 10 MB, metadata over 64 KB, flere end 52 dele eller forespørgslen over 25 MB", body = ApiError),
    (status = 429, description = QUOTA_REFUSAL, body = ApiError),
    (status = 422, description = "`ugyldig_indsendelse`, `ukendt_borger` eller `ugyldigt_bilag` (selve fakturaen); intet er skrevet", body = ApiError),
))]
pub async fn efaktura(
    source: Source,
    _permit: IntakePermit,
    State(ctx): State<ApiContext>,
    body: Result<Multipart, MultipartRejection>,
) -> Result<Response> {
    let source = source.require(SourceKind::Efaktura)?.clone();
    let parts = read_parts(body, 2 + domain::intake::invoice::MAX_ATTACHMENTS, json_or_document("faktura")).await?;
    let meta: InvoiceMeta = multipart::json_part(&parts, "faktura")?;
    let received = multipart::total(&parts);
    let mut invoice = None;
    let mut valid = Vec::new();
    let mut failed = Vec::new();
    for (i, p) in parts.into_iter().enumerate() {
        match p.name.as_str() {
            "faktura" => {}
            "faktura_dokument" if invoice.is_some() => return Err(multipart::invalid("Der må kun være én del »faktura_dokument«.")),
            "faktura_dokument" => {
                let bytes = p.bytes.ok_or_else(|| multipart::too_large("Fakturaen er større end 10 MB. Intet er modtaget."))?;
                let format = formats::sniff(&bytes).map_err(|fault| {
                    Error::refused(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        codes::INVALID_ATTACHMENT,
                        format!("Fakturaen kan ikke modtages: {}. Intet er modtaget.", fault.label()),
                    )
                })?;
                invoice = Some((format, bytes));
            }
            "bilag" => {
                // The document's name: the sent file name (at most 200 characters).
                let filnavn: String = p.filename.unwrap_or_else(|| format!("Bilag {i}")).chars().take(200).collect();
                let checked = match p.bytes {
                    None => Err(AttachmentFault::ForStor),
                    Some(bytes) => formats::sniff(&bytes).map(|format| (format, bytes)),
                };
                match checked {
                    Ok((format, bytes)) => valid.push((filnavn, format, bytes)),
                    Err(fejl) => failed.push(FailedAttachment { filnavn, fejl }),
                }
            }
            other => return Err(multipart::invalid(format!("Ukendt del »{other}«. Delene hedder faktura, faktura_dokument og bilag."))),
        }
    }
    let (format, bytes) = invoice.ok_or_else(|| multipart::invalid("Fakturaen mangler: send den i delen »faktura_dokument«."))?;
    check_invoice(&meta, valid.len() + failed.len()).map_err(|r| Error::refused(StatusCode::UNPROCESSABLE_ENTITY, r.code, r.message))?;

    let today = today();
    let mut tx = ctx.store.write().await?;
    if let Some(res) = replayed(&mut tx, &source, &meta.besked_id).await? {
        return Ok(res);
    }
    take_quota(&ctx, &mut tx, &source, received).await?;
    let borger_id = borger_of(&mut tx, &meta.cpr).await?;
    let task = NewTask::ubehandlet(meta.ordning.task_type(), Kilde::System, meta.ordning.unit(), borger_id, today);
    let opgave_id = tx.insert_task(&task).await?;
    let dokument_id = tx.insert_document(&invoice_document_name(&meta, format), format, Some(doc_category::FAKTURA), today, bytes).await?;
    tx.add_document_to_task(opgave_id, dokument_id).await?;
    let faktura_id = tx
        .insert_invoice(&NewInvoice {
            borger_id,
            fakturanummer: meta.fakturanummer.trim(),
            leverandoer: meta.leverandoer.trim(),
            beloeb_oere: meta.beloeb_oere,
            dokument_id,
            opgave_id,
            fejlede_bilag: &failed,
        })
        .await?;
    let stored = valid.len();
    for (filnavn, format, bytes) in valid {
        let id = tx.insert_document(&filnavn, format, Some(doc_category::FAKTURABILAG), today, bytes).await?;
        tx.add_invoice_attachment(faktura_id, id).await?;
        tx.add_document_to_task(opgave_id, id).await?;
    }
    let mut text = format!("eFaktura {} fra {} modtaget med {stored} bilag.", meta.fakturanummer.trim(), meta.leverandoer.trim());
    if !failed.is_empty() {
        let list: Vec<String> = failed.iter().map(|f| format!("»{}« ({})", f.filnavn, f.fejl.label())).collect();
        text.push_str(&format!(" Bilag, der ikke kunne indlæses: {}.", list.join(", ")));
    }
    tx.add_system_history(opgave_id, &text).await?;
    let body = InvoiceAnswer {
        besked_id: meta.besked_id.clone(),
        faktura_id,
        opgave_id,
        attached_documents_failed: !failed.is_empty(),
        fejlede_bilag: failed,
    };
    let res = answer(&mut tx, &source, &meta.besked_id, StatusCode::OK, &body).await?;
    let change = Change { tasks: vec![opgave_id], ..Change::default() };
    change.note(&mut tx).await?;
    tx.commit().await?;
    tracing::info!(kildesystem = source.id, opgave = opgave_id, faktura = faktura_id, "eFaktura modtaget");
    crate::http::patch_soon(&ctx, change);
    Ok(res)
}

/// The parts of `POST /api/intake/efaktura`, for the API's document (the
/// handler reads them one by one, [`read_parts`]).
/// Other parts are refused (hence `deny_unknown_fields`, which the
/// document states as `additionalProperties: false`).
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct InvoiceForm {
    /// JSON [`InvoiceMeta`] (`Content-Type: application/json`).
    faktura: InvoiceMeta,
    /// The invoice itself (PDF or XML, by its file name).
    #[schema(value_type = String, format = Binary)]
    faktura_dokument: Vec<u8>,
    /// Attachments, one part each (up to 50).
    #[schema(value_type = Option<String>, format = Binary)]
    bilag: Option<Vec<u8>>,
}
