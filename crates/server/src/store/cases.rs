//! Cases (`sager`) and what the processes write on them: a stop (Stop
//! sag), a træk (Opret træk), a new Henvendelsessag (Modtag post), a new
//! grant (Opret bevilling) and its benefit lines (`bevillingslinjer`, also
//! Tilføj ydelse til bevilling).

use super::{code, flag, format_day, id16, on, stored_day, Conn, Result};
use chrono::NaiveDate;
use domain::casework::complete::{BenefitLine, Frekvens};
use domain::model::{Sag, SagStatus};

#[derive(sqlx::FromRow)]
struct SagRow {
    id: i64,
    borger_id: i64,
    sagstype: i64,
    ydelse: Option<i64>,
    titel: String,
    status: i64,
    aktiv: i64,
    startdato: Option<String>,
    enhed: i64,
    stopdato: Option<String>,
}

const SAG_COLUMNS: &str = "id, borger_id, sagstype, ydelse, titel, status, aktiv, startdato, enhed, stopdato";

impl SagRow {
    /// The case as it stands on `today` ([`Sag::as_of`]: a stop whose date
    /// has come has taken effect). A query reads the day once for all its rows.
    fn into_model(self, today: NaiveDate) -> Result<Sag> {
        Ok(Sag {
            id: self.id,
            borger_id: self.borger_id,
            sagstype: id16(self.sagstype),
            ydelse: self.ydelse.map(id16),
            titel: self.titel,
            status: code(self.status, SagStatus::from_code, "sager")?,
            aktiv: self.aktiv != 0,
            startdato: self.startdato.as_deref().map(|d| stored_day(d, "sager")).transpose()?,
            enhed: id16(self.enhed),
            stopdato: self.stopdato.as_deref().map(|d| stored_day(d, "sager")).transpose()?,
        }
        .as_of(today))
    }
}

/// A new case.
pub struct NewCase<'a> {
    pub borger_id: i64,
    pub sagstype: u16,
    pub titel: &'a str,
    pub status: SagStatus,
    pub aktiv: bool,
    pub enhed: u16,
    /// The case's benefit (Opret bevilling).
    pub ydelse: Option<u16>,
    /// Bevillingens startdato.
    pub startdato: Option<NaiveDate>,
    pub pensionstype: Option<u16>,
}

impl Conn {
    pub async fn sag(&mut self, id: i64) -> Result<Option<Sag>> {
        let row: Option<SagRow> = on!(self, |db, sql| sqlx::query_as(&sql(&format!("SELECT {SAG_COLUMNS} FROM sager WHERE id = ?")))
            .bind(id)
            .fetch_optional(db)
            .await)?;
        let today = crate::clock::today();
        row.map(|r| r.into_model(today)).transpose()
    }

    /// The borger's cases, by id.
    pub async fn sager_of(&mut self, borger_id: i64) -> Result<Vec<Sag>> {
        let rows: Vec<SagRow> =
            on!(self, |db, sql| sqlx::query_as(&sql(&format!("SELECT {SAG_COLUMNS} FROM sager WHERE borger_id = ? ORDER BY id")))
                .bind(borger_id)
                .fetch_all(db)
                .await)?;
        let today = crate::clock::today();
        rows.into_iter().map(|r| r.into_model(today)).collect()
    }

    /// The administrative unit of the borger's newest case (by start date,
    /// cases without one last), if they have any.
    pub async fn unit_of_newest_case(&mut self, borger_id: i64) -> Result<Option<u16>> {
        let enhed: Option<i64> = on!(self, |db, sql| sqlx::query_scalar(&sql(
            "SELECT enhed FROM sager WHERE borger_id = ? ORDER BY startdato IS NULL, startdato DESC, id DESC LIMIT 1"
        ))
        .bind(borger_id)
        .fetch_optional(db)
        .await)?;
        Ok(enhed.map(id16))
    }

    /// Inserts a case; returns its id.
    pub async fn insert_case(&mut self, c: &NewCase<'_>) -> Result<i64> {
        Ok(on!(self, |db, sql| sqlx::query_scalar(&sql(
            "INSERT INTO sager (borger_id, sagstype, titel, status, aktiv, enhed, ydelse, startdato, pensionstype)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        ))
        .bind(c.borger_id)
        .bind(i64::from(c.sagstype))
        .bind(c.titel)
        .bind(i64::from(c.status.code()))
        .bind(flag(c.aktiv))
        .bind(i64::from(c.enhed))
        .bind(c.ydelse.map(i64::from))
        .bind(c.startdato.map(format_day))
        .bind(c.pensionstype.map(i64::from))
        .fetch_one(db)
        .await)?)
    }

    /// Records a benefit line of a grant, added from a task by a user now.
    pub async fn insert_benefit_line(&mut self, sag_id: i64, opgave_id: i64, line: &BenefitLine, user_id: i64) -> Result<i64> {
        Ok(on!(self, |db, sql| sqlx::query_scalar(&sql(
            "INSERT INTO bevillingslinjer (sag_id, opgave_id, ydelse, beloeb_oere, fra, til, oprettet_af, oprettet)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        ))
        .bind(sag_id)
        .bind(opgave_id)
        .bind(i64::from(line.ydelse))
        .bind(line.beloeb_oere)
        .bind(format_day(line.fra))
        .bind(line.til.map(format_day))
        .bind(user_id)
        .bind(crate::clock::now_rfc3339())
        .fetch_one(db)
        .await)?)
    }

    /// The benefit lines of a case, in the order added.
    pub async fn benefit_lines_of(&mut self, sag_id: i64) -> Result<Vec<BenefitLine>> {
        let rows: Vec<(i64, i64, String, Option<String>)> = on!(self, |db, sql| sqlx::query_as(&sql(
            "SELECT ydelse, beloeb_oere, fra, til FROM bevillingslinjer WHERE sag_id = ? ORDER BY id"
        ))
        .bind(sag_id)
        .fetch_all(db)
        .await)?;
        rows.into_iter()
            .map(|(ydelse, beloeb_oere, fra, til)| {
                Ok(BenefitLine {
                    ydelse: id16(ydelse),
                    beloeb_oere,
                    fra: stored_day(&fra, "bevillingslinjer")?,
                    til: til.as_deref().map(|t| stored_day(t, "bevillingslinjer")).transpose()?,
                })
            })
            .collect()
    }

    /// Records a stop of a case from `stopdato`, with its reason. A stop
    /// that is due today ([`Sag::stop_is_due`]) makes the case passive and
    /// Afsluttet at once; a later one is kept with the case, which stays
    /// as it is until that day (its reading applies it then).
    pub async fn stop_case(&mut self, sag_id: i64, stopdato: NaiveDate, aarsag: &str, today: NaiveDate) -> Result<()> {
        // ?1: whether the stop is due (then passive and Afsluttet at once)
        on!(self, |db, sql| sqlx::query(&sql(
            "UPDATE sager SET aktiv = CASE WHEN ?1 = 1 THEN 0 ELSE aktiv END, status = CASE WHEN ?1 = 1 THEN ?2 ELSE status END,
                              stopdato = ?3, stopaarsag = ?4 WHERE id = ?5"
        ))
        .bind(flag(Sag::stop_is_due(stopdato, today)))
        .bind(i64::from(SagStatus::Afsluttet.code()))
        .bind(format_day(stopdato))
        .bind(aarsag)
        .bind(sag_id)
        .execute(db)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Records a træk on a case, made from a task by a user now.
    pub async fn insert_traek(
        &mut self,
        sag_id: i64,
        opgave_id: i64,
        beloeb_oere: i64,
        startdato: NaiveDate,
        frekvens: Frekvens,
        user_id: i64,
    ) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql(
            "INSERT INTO traek (sag_id, opgave_id, beloeb_oere, startdato, frekvens, oprettet_af, oprettet) VALUES (?, ?, ?, ?, ?, ?, ?)",
        ))
        .bind(sag_id)
        .bind(opgave_id)
        .bind(beloeb_oere)
        .bind(format_day(startdato))
        .bind(i64::from(frekvens.code()))
        .bind(user_id)
        .bind(crate::clock::now_rfc3339())
        .execute(db)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(())
    }
}
