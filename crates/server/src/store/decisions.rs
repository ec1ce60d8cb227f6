//! The record of a finished wizard (`opgave_beslutninger`): the request as
//! sent, the choices as Danish sentences, who decided and who verified the
//! power of attorney.

use super::{on, to_json, Conn, Error, Result};
use domain::casework::complete::CompleteRequest;
use domain::wire::tasks::DecisionRecord;

impl Conn {
    /// The task's decision record, if its wizard was finished.
    pub async fn decision(&mut self, opgave_id: i64) -> Result<Option<DecisionRecord>> {
        let row: Option<(String, String, String, String, String, Option<String>)> = on!(self, |db, sql| sqlx::query_as(&sql(
            "SELECT d.tidspunkt, b.brugernavn, b.navn, d.valg, d.anmodning, f.navn FROM opgave_beslutninger d
             JOIN brugere b ON b.id = d.bruger_id LEFT JOIN brugere f ON f.id = d.fuldmagt_verificeret_af WHERE d.opgave_id = ?",
        ))
        .bind(opgave_id)
        .fetch_optional(db)
        .await)?;
        let Some((tidspunkt, brugernavn, bruger_navn, valg, anmodning, fuldmagt_verificeret_af)) = row else { return Ok(None) };
        let bad = |e: serde_json::Error| Error::internal(format!("ugyldig beslutning for opgave {opgave_id}: {e}"));
        Ok(Some(DecisionRecord {
            tidspunkt,
            brugernavn,
            bruger_navn,
            valg: serde_json::from_str(&valg).map_err(bad)?,
            fuldmagt_verificeret_af,
            anmodning: serde_json::from_str(&anmodning).map_err(bad)?,
        }))
    }

    /// Stores a task's decision record (`tidspunkt` RFC 3339).
    pub async fn insert_decision(
        &mut self,
        opgave_id: i64,
        bruger_id: i64,
        tidspunkt: &str,
        anmodning: &CompleteRequest,
        valg: &[String],
        fuldmagt_verificeret_af: Option<i64>,
    ) -> Result<()> {
        on!(self, |db, sql| {
            sqlx::query(&sql(
            "INSERT INTO opgave_beslutninger (opgave_id, bruger_id, tidspunkt, anmodning, valg, fuldmagt_verificeret_af) VALUES (?, ?, ?, ?, ?, ?)",
        ))
        .bind(opgave_id)
        .bind(bruger_id)
        .bind(tidspunkt)
        .bind(to_json(anmodning)?)
        .bind(to_json(&valg)?)
        .bind(fuldmagt_verificeret_af)
        .execute(db).await.map(|r| r.rows_affected())
        })?;
        Ok(())
    }
}
