//! A task's history (`opgave_historik`): one line per thing done to it.

use super::{on, Conn, Result};
use domain::wire::tasks::HistoryEntry;

impl Conn {
    /// Adds a line to the task's history, by the user, now.
    pub async fn add_history(&mut self, opgave_id: i64, bruger_id: i64, tekst: &str) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql("INSERT INTO opgave_historik (opgave_id, tidspunkt, bruger_id, tekst) VALUES (?, ?, ?, ?)"))
            .bind(opgave_id)
            .bind(crate::clock::now_rfc3339())
            .bind(bruger_id)
            .bind(tekst)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Adds a line to the task's history done by the system (no user), now.
    pub async fn add_system_history(&mut self, opgave_id: i64, tekst: &str) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql(
            "INSERT INTO opgave_historik (opgave_id, tidspunkt, bruger_id, tekst) VALUES (?, ?, NULL, ?)"
        ))
        .bind(opgave_id)
        .bind(crate::clock::now_rfc3339())
        .bind(tekst)
        .execute(db)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The task's history lines after line `after_id` not done by the
    /// user `not_by` ("Nye hændelser"), oldest first.
    pub async fn history_after(&mut self, opgave_id: i64, after_id: i64, not_by: Option<i64>) -> Result<Vec<HistoryEntry>> {
        Ok(on!(self, |db, sql| sqlx::query_as::<_, (String, Option<String>, String)>(&sql(
            "SELECT h.tidspunkt, b.navn, h.tekst FROM opgave_historik h LEFT JOIN brugere b ON b.id = h.bruger_id
             WHERE h.opgave_id = ?1 AND h.id > ?2 AND (?3 IS NULL OR h.bruger_id IS NULL OR h.bruger_id <> ?3) ORDER BY h.id",
        ))
        .bind(opgave_id)
        .bind(after_id)
        .bind(not_by)
        .fetch_all(db)
        .await)?
        .into_iter()
        .map(|(tidspunkt, bruger, tekst)| HistoryEntry { tidspunkt, bruger, tekst })
        .collect())
    }

    /// The newest history line the user had seen when they last opened the
    /// task (0: never opened).
    pub async fn last_seen_history(&mut self, opgave_id: i64, bruger_id: i64) -> Result<i64> {
        Ok(on!(self, |db, sql| sqlx::query_scalar(&sql("SELECT historik_id FROM opgave_aabnet WHERE opgave_id = ? AND bruger_id = ?"))
            .bind(opgave_id)
            .bind(bruger_id)
            .fetch_optional(db)
            .await)?
        .unwrap_or(0))
    }

    /// Records that the user opened the task now, having seen its history
    /// up to now.
    pub async fn record_opened(&mut self, opgave_id: i64, bruger_id: i64) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql("INSERT INTO opgave_aabnet (opgave_id, bruger_id, tidspunkt, historik_id)
             VALUES (?1, ?2, ?3, (SELECT coalesce(max(id), 0) FROM opgave_historik WHERE opgave_id = ?1))
             ON CONFLICT (opgave_id, bruger_id) DO UPDATE SET tidspunkt = excluded.tidspunkt, historik_id = excluded.historik_id",))
        .bind(opgave_id)
        .bind(bruger_id)
        .bind(crate::clock::now_rfc3339())
        .execute(db)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The task's history, oldest first.
    pub async fn history(&mut self, opgave_id: i64) -> Result<Vec<HistoryEntry>> {
        Ok(on!(self, |db, sql| sqlx::query_as::<_, (String, Option<String>, String)>(&sql(
            "SELECT h.tidspunkt, b.navn, h.tekst FROM opgave_historik h LEFT JOIN brugere b ON b.id = h.bruger_id
             WHERE h.opgave_id = ? ORDER BY h.tidspunkt, h.id",
        ))
        .bind(opgave_id)
        .fetch_all(db)
        .await)?
        .into_iter()
        .map(|(tidspunkt, bruger, tekst)| HistoryEntry { tidspunkt, bruger, tekst })
        .collect())
    }
}
