//! Reading single records (borger, sag, opgave, dokument) from the database
//! into `domain::model` types, on any connection (pool or transaction).

use super::{Error, Result};
use crate::db::parse_day;
use chrono::NaiveDate;
use domain::model::{Borger, Dokument, DokumentFormat, Kilde, Opgave, OpgaveStatus, Relation, Sag, SagStatus};
use domain::Cpr;
use sqlx::SqliteConnection;

fn code<T>(v: i64, from: fn(u8) -> Option<T>, table: &str) -> Result<T> {
    u8::try_from(v).ok().and_then(from).ok_or_else(|| Error::Internal(anyhow::anyhow!("ukendt kode {v} i {table}")))
}

fn id16(v: i64) -> u16 {
    u16::try_from(v).unwrap_or(u16::MAX)
}

fn day(s: &str, table: &str) -> Result<NaiveDate> {
    parse_day(s).map_err(|e| Error::Internal(anyhow::anyhow!("ugyldig dato {s:?} i {table}: {e}")))
}

/// `YYYY-MM-DD`, the storage form of a date.
pub fn storage_day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Now, RFC 3339 (local time, seconds), the storage form of a moment.
pub fn now_rfc3339() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

#[derive(sqlx::FromRow)]
struct BorgerRow {
    id: i64,
    cpr: String,
    navn: String,
    pensionstype: Option<i64>,
}

impl BorgerRow {
    fn into_model(self) -> Result<Borger> {
        let cpr = Cpr::parse(&self.cpr).map_err(|_| Error::Internal(anyhow::anyhow!("ugyldigt CPR-nummer i borgere (id {})", self.id)))?;
        Ok(Borger { id: self.id, cpr, navn: self.navn, pensionstype: self.pensionstype.map(id16) })
    }
}

pub async fn borger(conn: &mut SqliteConnection, id: i64) -> Result<Option<Borger>> {
    let row: Option<BorgerRow> =
        sqlx::query_as("SELECT id, cpr, navn, pensionstype FROM borgere WHERE id = ?").bind(id).fetch_optional(&mut *conn).await?;
    row.map(BorgerRow::into_model).transpose()
}

pub async fn borger_by_cpr(conn: &mut SqliteConnection, cpr: &Cpr) -> Result<Option<Borger>> {
    let row: Option<BorgerRow> = sqlx::query_as("SELECT id, cpr, navn, pensionstype FROM borgere WHERE cpr = ?")
        .bind(cpr.digits())
        .fetch_optional(&mut *conn)
        .await?;
    row.map(BorgerRow::into_model).transpose()
}

#[derive(sqlx::FromRow)]
struct SagRow {
    id: i64,
    borger_id: i64,
    sagstype: i64,
    ydelse: Option<i64>,
    titel: String,
    status: i64,
    aktiv: bool,
    startdato: Option<String>,
    enhed: i64,
}

const SAG_COLUMNS: &str = "id, borger_id, sagstype, ydelse, titel, status, aktiv, startdato, enhed";

impl SagRow {
    fn into_model(self) -> Result<Sag> {
        Ok(Sag {
            id: self.id,
            borger_id: self.borger_id,
            sagstype: id16(self.sagstype),
            ydelse: self.ydelse.map(id16),
            titel: self.titel,
            status: code(self.status, SagStatus::from_code, "sager")?,
            aktiv: self.aktiv,
            startdato: self.startdato.as_deref().map(|d| day(d, "sager")).transpose()?,
            enhed: id16(self.enhed),
        })
    }
}

pub async fn sag(conn: &mut SqliteConnection, id: i64) -> Result<Option<Sag>> {
    let row: Option<SagRow> =
        sqlx::query_as(&format!("SELECT {SAG_COLUMNS} FROM sager WHERE id = ?")).bind(id).fetch_optional(&mut *conn).await?;
    row.map(SagRow::into_model).transpose()
}

pub async fn sager_of(conn: &mut SqliteConnection, borger_id: i64) -> Result<Vec<Sag>> {
    let rows: Vec<SagRow> = sqlx::query_as(&format!("SELECT {SAG_COLUMNS} FROM sager WHERE borger_id = ? ORDER BY id"))
        .bind(borger_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter().map(SagRow::into_model).collect()
}

#[derive(sqlx::FromRow)]
struct OpgaveRow {
    id: i64,
    opgavetype: i64,
    opfoelgningstype: Option<i64>,
    relation: i64,
    kilde: i64,
    beloebsgodkendelse: bool,
    enhed: i64,
    borger_id: Option<i64>,
    sag_id: Option<i64>,
    status: i64,
    taget_af: Option<String>,
    oprettet: String,
    frist: Option<String>,
}

const OPGAVE_SELECT: &str = "SELECT o.id, o.opgavetype, o.opfoelgningstype, o.relation, o.kilde, o.beloebsgodkendelse, o.enhed,
        o.borger_id, o.sag_id, o.status, u.brugernavn AS taget_af, o.oprettet, o.frist
    FROM opgaver o LEFT JOIN brugere u ON u.id = o.taget_af";

impl OpgaveRow {
    fn into_model(self) -> Result<Opgave> {
        Ok(Opgave {
            id: self.id,
            opgavetype: id16(self.opgavetype),
            opfoelgningstype: self.opfoelgningstype.map(id16),
            relation: code(self.relation, Relation::from_code, "opgaver")?,
            kilde: code(self.kilde, Kilde::from_code, "opgaver")?,
            beloebsgodkendelse: self.beloebsgodkendelse,
            enhed: id16(self.enhed),
            borger_id: self.borger_id,
            sag_id: self.sag_id,
            status: code(self.status, OpgaveStatus::from_code, "opgaver")?,
            taget_af: self.taget_af,
            oprettet: day(&self.oprettet, "opgaver")?,
            frist: self.frist.as_deref().map(|d| day(d, "opgaver")).transpose()?,
        })
    }
}

pub async fn opgave(conn: &mut SqliteConnection, id: i64) -> Result<Option<Opgave>> {
    let row: Option<OpgaveRow> = sqlx::query_as(&format!("{OPGAVE_SELECT} WHERE o.id = ?")).bind(id).fetch_optional(&mut *conn).await?;
    row.map(OpgaveRow::into_model).transpose()
}

/// The borger's open tasks, oldest first.
pub async fn open_tasks_of(conn: &mut SqliteConnection, borger_id: i64) -> Result<Vec<Opgave>> {
    let rows: Vec<OpgaveRow> =
        sqlx::query_as(&format!("{OPGAVE_SELECT} WHERE o.borger_id = ? AND o.status <> ? ORDER BY o.oprettet, o.id"))
            .bind(borger_id)
            .bind(i64::from(OpgaveStatus::Afsluttet.code()))
            .fetch_all(&mut *conn)
            .await?;
    rows.into_iter().map(OpgaveRow::into_model).collect()
}

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
            modtaget: day(&self.modtaget, "dokumenter")?,
        })
    }
}

/// The documents of a task, in the order received.
pub async fn documents_of_task(conn: &mut SqliteConnection, opgave_id: i64) -> Result<Vec<Dokument>> {
    let rows: Vec<DokumentRow> = sqlx::query_as(
        "SELECT d.id, d.navn, d.format, d.kategori, d.modtaget FROM dokumenter d
         JOIN opgave_dokumenter od ON od.dokument_id = d.id WHERE od.opgave_id = ? ORDER BY d.modtaget, d.id",
    )
    .bind(opgave_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(DokumentRow::into_model).collect()
}

/// Every document of a borger: on their tasks or their cases, newest first.
pub async fn documents_of_borger(conn: &mut SqliteConnection, borger_id: i64) -> Result<Vec<Dokument>> {
    let rows: Vec<DokumentRow> = sqlx::query_as(
        "SELECT d.id, d.navn, d.format, d.kategori, d.modtaget FROM dokumenter d
         WHERE d.id IN (SELECT od.dokument_id FROM opgave_dokumenter od JOIN opgaver o ON o.id = od.opgave_id WHERE o.borger_id = ?1
                        UNION SELECT sd.dokument_id FROM sag_dokumenter sd JOIN sager s ON s.id = sd.sag_id WHERE s.borger_id = ?1)
         ORDER BY d.modtaget DESC, d.id DESC",
    )
    .bind(borger_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(DokumentRow::into_model).collect()
}
