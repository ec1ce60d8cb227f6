//! Borgere (`borgere`).

use super::{id16, on, Conn, Error, Result};
use domain::model::Borger;
use domain::Cpr;

#[derive(sqlx::FromRow)]
struct BorgerRow {
    id: i64,
    cpr: String,
    navn: String,
    pensionstype: Option<i64>,
}

impl BorgerRow {
    fn into_model(self) -> Result<Borger> {
        let cpr = Cpr::parse(&self.cpr).map_err(|_| Error::internal(format!("ugyldigt CPR-nummer i borgere (id {})", self.id)))?;
        Ok(Borger { id: self.id, cpr, navn: self.navn, pensionstype: self.pensionstype.map(id16) })
    }
}

impl Conn {
    pub async fn borger(&mut self, id: i64) -> Result<Option<Borger>> {
        let row: Option<BorgerRow> =
            on!(self, |db, sql| sqlx::query_as(&sql("SELECT id, cpr, navn, pensionstype FROM borgere WHERE id = ?"))
                .bind(id)
                .fetch_optional(db)
                .await)?;
        row.map(BorgerRow::into_model).transpose()
    }

    pub async fn borger_by_cpr(&mut self, cpr: &Cpr) -> Result<Option<Borger>> {
        let row: Option<BorgerRow> =
            on!(self, |db, sql| sqlx::query_as(&sql("SELECT id, cpr, navn, pensionstype FROM borgere WHERE cpr = ?"))
                .bind(cpr.digits())
                .fetch_optional(db)
                .await)?;
        row.map(BorgerRow::into_model).transpose()
    }

    /// The CPR number of a borger picked by `pick` (any number: it is taken
    /// modulo the borgere's ids), for the demo's simulated source.
    pub async fn random_borger_cpr(&mut self, pick: u64) -> Result<Option<String>> {
        let max: Option<i64> = on!(self, |db, sql| sqlx::query_scalar(&sql("SELECT max(id) FROM borgere")).fetch_one(db).await)?;
        let Some(max) = max.filter(|m| *m > 0) else { return Ok(None) };
        let id = (pick % max as u64) as i64 + 1;
        Ok(on!(self, |db, sql| sqlx::query_scalar(&sql("SELECT cpr FROM borgere WHERE id >= ? ORDER BY id LIMIT 1"))
            .bind(id)
            .fetch_optional(db)
            .await)?)
    }
}
