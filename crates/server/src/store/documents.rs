//! Documents (`dokumenter`, their content in `dokument_indhold`) and where
//! they belong: on tasks (`opgave_dokumenter`) and cases (`sag_dokumenter`).

use super::{code, format_day, id16, on, stored_day, Conn, Result};
use chrono::NaiveDate;
use domain::model::{Dokument, DokumentFormat};

#[derive(sqlx::FromRow)]
struct DokumentRow {
    id: i64,
    navn: String,
    format: i64,
    kategori: Option<i64>,
    modtaget: String,
}

impl DokumentRow {
    fn into_model(self) -> Result<Dokument> {
        Ok(Dokument {
            id: self.id,
            navn: self.navn,
            format: code(self.format, DokumentFormat::from_code, "dokumenter")?,
            kategori: self.kategori.map(id16),
            modtaget: stored_day(&self.modtaget, "dokumenter")?,
        })
    }
}

impl Conn {
    /// The documents of a task, in the order received.
    pub async fn documents_of_task(&mut self, opgave_id: i64) -> Result<Vec<Dokument>> {
        let rows: Vec<DokumentRow> =
            on!(self, |db, sql| sqlx::query_as(&sql("SELECT d.id, d.navn, d.format, d.kategori, d.modtaget FROM dokumenter d
             JOIN opgave_dokumenter od ON od.dokument_id = d.id WHERE od.opgave_id = ? ORDER BY d.modtaget, d.id",))
            .bind(opgave_id)
            .fetch_all(db)
            .await)?;
        rows.into_iter().map(DokumentRow::into_model).collect()
    }

    /// Every document of a borger: on their tasks or their cases, newest first.
    pub async fn documents_of_borger(&mut self, borger_id: i64) -> Result<Vec<Dokument>> {
        let rows: Vec<DokumentRow> =
            on!(self, |db, sql| sqlx::query_as(&sql("SELECT d.id, d.navn, d.format, d.kategori, d.modtaget FROM dokumenter d
             WHERE d.id IN (SELECT od.dokument_id FROM opgave_dokumenter od JOIN opgaver o ON o.id = od.opgave_id WHERE o.borger_id = ?1
                            UNION SELECT sd.dokument_id FROM sag_dokumenter sd JOIN sager s ON s.id = sd.sag_id WHERE s.borger_id = ?1)
             ORDER BY d.modtaget DESC, d.id DESC",))
            .bind(borger_id)
            .fetch_all(db)
            .await)?;
        rows.into_iter().map(DokumentRow::into_model).collect()
    }

    /// Stores a received document and its content; returns its id.
    pub async fn insert_document(
        &mut self,
        navn: &str,
        format: DokumentFormat,
        kategori: Option<u16>,
        modtaget: NaiveDate,
        indhold: Vec<u8>,
    ) -> Result<i64> {
        let id: i64 = on!(self, |db, sql| sqlx::query_scalar(&sql(
            "INSERT INTO dokumenter (navn, format, kategori, modtaget) VALUES (?, ?, ?, ?) RETURNING id"
        ))
        .bind(navn)
        .bind(i64::from(format.code()))
        .bind(kategori.map(i64::from))
        .bind(format_day(modtaget))
        .fetch_one(db)
        .await)?;
        on!(self, |db, sql| sqlx::query(&sql("INSERT INTO dokument_indhold (dokument_id, indhold) VALUES (?, ?)"))
            .bind(id)
            .bind(indhold)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(id)
    }

    /// Puts a document on a task (nothing if it is there already).
    pub async fn add_document_to_task(&mut self, opgave_id: i64, dokument_id: i64) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql(
            "INSERT INTO opgave_dokumenter (opgave_id, dokument_id) VALUES (?, ?) ON CONFLICT DO NOTHING"
        ))
        .bind(opgave_id)
        .bind(dokument_id)
        .execute(db)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Puts a document on a case (nothing if it is there already).
    pub async fn add_document_to_case(&mut self, sag_id: i64, dokument_id: i64) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql("INSERT INTO sag_dokumenter (sag_id, dokument_id) VALUES (?, ?) ON CONFLICT DO NOTHING"))
            .bind(sag_id)
            .bind(dokument_id)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn rename_document(&mut self, dokument_id: i64, navn: &str) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql("UPDATE dokumenter SET navn = ? WHERE id = ?"))
            .bind(navn)
            .bind(dokument_id)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn set_document_category(&mut self, dokument_id: i64, kategori: Option<u16>) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql("UPDATE dokumenter SET kategori = ? WHERE id = ?"))
            .bind(kategori.map(i64::from))
            .bind(dokument_id)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }
}
