//! eFakturaer (`fakturaer`) and their attachments stored as documents
//! (`faktura_bilag`).

use super::{flag, on, to_json, Conn, Error, Result};
use domain::wire::intake::{FailedAttachment, Ordning};
use domain::wire::tasks::InvoiceInfo;

/// A new invoice row.
pub struct NewInvoice<'a> {
    pub borger_id: i64,
    pub fakturanummer: &'a str,
    pub leverandoer: &'a str,
    pub beloeb_oere: i64,
    pub dokument_id: i64,
    pub opgave_id: i64,
    pub fejlede_bilag: &'a [FailedAttachment],
}

/// One invoice as the admin export shows it (no CPR number: the borger id).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct InvoiceExportRow {
    pub id: i64,
    pub borger_id: i64,
    pub fakturanummer: String,
    pub leverandoer: String,
    pub beloeb_oere: i64,
    pub opgave_id: i64,
    pub opgavetype: i64,
    /// JSON of the failed attachments (read by [`InvoiceExportRow::fejlede_bilag`]).
    fejlede_bilag: String,
    pub antal_bilag: i64,
    pub modtaget: String,
}

impl InvoiceExportRow {
    /// The scheme, by the Behandl eFaktura task's type.
    pub fn ordning(&self) -> Option<Ordning> {
        [Ordning::Eyay, Ordning::Apoe].into_iter().find(|o| i64::from(o.task_type()) == self.opgavetype)
    }

    /// The attachments that could not be stored.
    pub fn fejlede_bilag(&self) -> Result<Vec<FailedAttachment>> {
        failed_attachments(&self.fejlede_bilag)
    }
}

fn failed_attachments(json: &str) -> Result<Vec<FailedAttachment>> {
    serde_json::from_str(json).map_err(|e| Error::internal(format!("ugyldige fejlede_bilag i fakturaer: {e}")))
}

impl Conn {
    /// Stores an invoice (attached_documents_failed = any failed); returns its id.
    pub async fn insert_invoice(&mut self, f: &NewInvoice<'_>) -> Result<i64> {
        Ok(on!(self, |db, sql| sqlx::query_scalar(&sql(
            "INSERT INTO fakturaer (borger_id, fakturanummer, leverandoer, beloeb_oere, dokument_id, opgave_id,
                                    attached_documents_failed, fejlede_bilag, modtaget)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        ))
        .bind(f.borger_id)
        .bind(f.fakturanummer)
        .bind(f.leverandoer)
        .bind(f.beloeb_oere)
        .bind(f.dokument_id)
        .bind(f.opgave_id)
        .bind(flag(!f.fejlede_bilag.is_empty()))
        .bind(to_json(&f.fejlede_bilag)?)
        .bind(crate::clock::now_rfc3339())
        .fetch_one(db)
        .await)?)
    }

    pub async fn add_invoice_attachment(&mut self, faktura_id: i64, dokument_id: i64) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql("INSERT INTO faktura_bilag (faktura_id, dokument_id) VALUES (?, ?)"))
            .bind(faktura_id)
            .bind(dokument_id)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The invoice a Behandl eFaktura task was made for.
    pub async fn invoice_of_task(&mut self, opgave_id: i64) -> Result<Option<InvoiceInfo>> {
        let row: Option<(String, String, i64, i64, String)> = on!(self, |db, sql| sqlx::query_as(&sql(
            "SELECT fakturanummer, leverandoer, beloeb_oere, attached_documents_failed, fejlede_bilag FROM fakturaer
             WHERE opgave_id = ? ORDER BY id LIMIT 1",
        ))
        .bind(opgave_id)
        .fetch_optional(db)
        .await)?;
        row.map(|(fakturanummer, leverandoer, beloeb_oere, attached_documents_failed, fejlede)| {
            let fejlede_bilag = failed_attachments(&fejlede)?;
            Ok(InvoiceInfo {
                fakturanummer,
                leverandoer,
                beloeb_oere,
                attached_documents_failed: attached_documents_failed != 0,
                fejlede_bilag,
            })
        })
        .transpose()
    }

    /// The invoice of a Behandl eFaktura task: its id, its document and its
    /// stored attachments (documents).
    pub async fn invoice_documents_of_task(&mut self, opgave_id: i64) -> Result<Option<(i64, i64, Vec<i64>)>> {
        let row: Option<(i64, i64)> =
            on!(self, |db, sql| sqlx::query_as(&sql("SELECT id, dokument_id FROM fakturaer WHERE opgave_id = ? ORDER BY id LIMIT 1"))
                .bind(opgave_id)
                .fetch_optional(db)
                .await)?;
        let Some((faktura_id, dokument_id)) = row else { return Ok(None) };
        let bilag: Vec<i64> = on!(self, |db, sql| sqlx::query_scalar(&sql(
            "SELECT dokument_id FROM faktura_bilag WHERE faktura_id = ? ORDER BY dokument_id"
        ))
        .bind(faktura_id)
        .fetch_all(db)
        .await)?;
        Ok(Some((faktura_id, dokument_id, bilag)))
    }

    /// Records the decision on an invoice and the case it went to
    /// (`afvisningsaarsag`: the reason of a refusal).
    pub async fn decide_invoice(&mut self, faktura_id: i64, sag_id: i64, godkendt: bool, afvisningsaarsag: Option<&str>) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql("UPDATE fakturaer SET sag_id = ?, afgoerelse = ?, afvisningsaarsag = ? WHERE id = ?"))
            .bind(sag_id)
            .bind(if godkendt { 1_i64 } else { 2 })
            .bind(afvisningsaarsag)
            .bind(faktura_id)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Every invoice, oldest first, for the admin export.
    pub async fn invoice_export(&mut self) -> Result<Vec<InvoiceExportRow>> {
        Ok(on!(self, |db, sql| sqlx::query_as(&sql(
            "SELECT f.id, f.borger_id, f.fakturanummer, f.leverandoer, f.beloeb_oere, f.opgave_id, o.opgavetype,
                    f.fejlede_bilag, (SELECT count(*) FROM faktura_bilag fb WHERE fb.faktura_id = f.id) AS antal_bilag,
                    f.modtaget
             FROM fakturaer f JOIN opgaver o ON o.id = f.opgave_id ORDER BY f.id",
        ))
        .fetch_all(db)
        .await)?)
    }
}
