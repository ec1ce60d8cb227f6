//! What source systems tell about a borger: formue figures from
//! Udbetaling Danmark (`borger_formue`) and the events received
//! (`haendelser`, listed on the Borgeroverblik even when no task was made).

use super::{format_day, on, Conn, Result};
use chrono::NaiveDate;
use domain::wire::citizens::ReceivedEvent;

impl Conn {
    /// Records a formue figure received now.
    pub async fn insert_formue(&mut self, borger_id: i64, beloeb_oere: i64, gyldig_fra: NaiveDate) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql(
            "INSERT INTO borger_formue (borger_id, beloeb_oere, gyldig_fra, modtaget) VALUES (?, ?, ?, ?)"
        ))
        .bind(borger_id)
        .bind(beloeb_oere)
        .bind(format_day(gyldig_fra))
        .bind(crate::clock::now_rfc3339())
        .execute(db)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The borger's formue figure valid on `day`: the one with the latest
    /// valid-from on or before it (of two from the same day, the later
    /// received); `None` while no figure is valid yet (none received, or
    /// only ones valid from a later day).
    pub async fn formue_at(&mut self, borger_id: i64, day: NaiveDate) -> Result<Option<i64>> {
        Ok(on!(self, |db, sql| sqlx::query_scalar(&sql(
            "SELECT beloeb_oere FROM borger_formue WHERE borger_id = ? AND gyldig_fra <= ? ORDER BY gyldig_fra DESC, id DESC LIMIT 1",
        ))
        .bind(borger_id)
        .bind(format_day(day))
        .fetch_optional(db)
        .await)?)
    }

    /// Records a received event for the borger, now.
    pub async fn insert_event(&mut self, borger_id: i64, beskrivelse: &str, opgave_id: Option<i64>) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql("INSERT INTO haendelser (borger_id, modtaget, beskrivelse, opgave_id) VALUES (?, ?, ?, ?)"))
            .bind(borger_id)
            .bind(crate::clock::now_rfc3339())
            .bind(beskrivelse)
            .bind(opgave_id)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The events received for the borger, newest first.
    pub async fn events_of(&mut self, borger_id: i64) -> Result<Vec<ReceivedEvent>> {
        Ok(on!(self, |db, sql| sqlx::query_as::<_, (String, String, Option<i64>)>(&sql(
            "SELECT modtaget, beskrivelse, opgave_id FROM haendelser WHERE borger_id = ? ORDER BY id DESC",
        ))
        .bind(borger_id)
        .fetch_all(db)
        .await)?
        .into_iter()
        .map(|(modtaget, beskrivelse, opgave_id)| ReceivedEvent { modtaget, beskrivelse, opgave_id })
        .collect())
    }
}
