//! System parameters (`systemparameter_versioner`): temporal versions per
//! key like task packages (never overlapping: checked by the writer and by
//! the triggers of migration 0004), and the parameters in force on a day.

use super::{format_day, on, stored_day, to_json, Conn, Error, Result};
use chrono::NaiveDate;
use domain::intake::{ParameterDraft, ParameterKey, ParameterValue, ParameterVersion, SystemParameters};

#[derive(sqlx::FromRow)]
struct VersionRow {
    id: i64,
    vaerdi: String,
    aendringsaarsag: String,
    gyldig_fra: String,
    gyldig_til: Option<String>,
    oprettet_af: String,
    oprettet: String,
}

const TABLE: &str = "systemparameter_versioner";

impl VersionRow {
    fn into_wire(self) -> Result<ParameterVersion> {
        let value: ParameterValue =
            serde_json::from_str(&self.vaerdi).map_err(|e| Error::internal(format!("ugyldig værdi i {TABLE} (id {}): {e}", self.id)))?;
        Ok(ParameterVersion {
            id: self.id,
            draft: ParameterDraft {
                value,
                aendringsaarsag: self.aendringsaarsag,
                gyldig_fra: stored_day(&self.gyldig_fra, TABLE)?,
                gyldig_til: self.gyldig_til.as_deref().map(|d| stored_day(d, TABLE)).transpose()?,
            },
            oprettet: self.oprettet,
            oprettet_af: self.oprettet_af,
        })
    }
}

const SELECT: &str = "SELECT v.id, v.vaerdi, v.aendringsaarsag, v.gyldig_fra, v.gyldig_til, b.brugernavn AS oprettet_af, v.oprettet
     FROM systemparameter_versioner v JOIN brugere b ON b.id = v.oprettet_af";

impl Conn {
    /// All versions of one key, newest first (by `gyldig_fra`, then id).
    pub async fn parameter_versions(&mut self, key: ParameterKey) -> Result<Vec<ParameterVersion>> {
        let rows: Vec<VersionRow> =
            on!(self, |db, sql| sqlx::query_as(&sql(&format!("{SELECT} WHERE v.noegle = ? ORDER BY v.gyldig_fra DESC, v.id DESC")))
                .bind(key.name())
                .fetch_all(db)
                .await)?;
        rows.into_iter().map(VersionRow::into_wire).collect()
    }

    /// The versions valid on `day`, at most one per key, by key.
    pub async fn parameter_versions_at(&mut self, day: NaiveDate) -> Result<Vec<ParameterVersion>> {
        let rows: Vec<VersionRow> = on!(self, |db, sql| sqlx::query_as(&sql(&format!(
            "{SELECT} WHERE v.gyldig_fra <= ?1 AND (v.gyldig_til IS NULL OR v.gyldig_til >= ?1) ORDER BY v.noegle, v.id"
        )))
        .bind(format_day(day))
        .fetch_all(db)
        .await)?;
        rows.into_iter().map(VersionRow::into_wire).collect()
    }

    /// The parameters in force on `day`: the defaults, overlaid by the
    /// version of each key valid that day.
    pub async fn system_parameters_at(&mut self, day: NaiveDate) -> Result<SystemParameters> {
        let mut params = SystemParameters::default();
        for v in self.parameter_versions_at(day).await? {
            params.with(v.draft.value);
        }
        Ok(params)
    }

    /// Stores one version, created by the user now (the reason trimmed).
    pub async fn insert_parameter_version(&mut self, key: ParameterKey, d: &ParameterDraft, user_id: i64) -> Result<i64> {
        Ok(on!(self, |db, sql| sqlx::query_scalar(&sql(
            "INSERT INTO systemparameter_versioner (noegle, vaerdi, aendringsaarsag, gyldig_fra, gyldig_til, oprettet_af, oprettet)
             VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        ))
        .bind(key.name())
        .bind(to_json(&d.value)?)
        .bind(d.aendringsaarsag.trim())
        .bind(format_day(d.gyldig_fra))
        .bind(d.gyldig_til.map(format_day))
        .bind(user_id)
        .bind(crate::clock::now_rfc3339())
        .fetch_one(db)
        .await)?)
    }

    /// Ends a version on `last_day`; true if it existed.
    pub async fn end_parameter_version(&mut self, id: i64, last_day: NaiveDate) -> Result<bool> {
        let n = on!(self, |db, sql| sqlx::query(&sql("UPDATE systemparameter_versioner SET gyldig_til = ? WHERE id = ?"))
            .bind(format_day(last_day))
            .bind(id)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }
}
