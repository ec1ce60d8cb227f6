//! A task's history (`opgave_historik`): one line per thing done to it.

use super::{Conn, Result};
use domain::wire::tasks::HistoryEntry;

impl Conn {
    /// Adds a line to the task's history, by the user, now.
    pub async fn add_history(&mut self, opgave_id: i64, bruger_id: i64, tekst: &str) -> Result<()> {
        sqlx::query("INSERT INTO opgave_historik (opgave_id, tidspunkt, bruger_id, tekst) VALUES (?, ?, ?, ?)")
            .bind(opgave_id)
            .bind(crate::clock::now_rfc3339())
            .bind(bruger_id)
            .bind(tekst)
            .execute(self.db())
            .await?;
        Ok(())
    }

    /// The task's history, oldest first.
    pub async fn history(&mut self, opgave_id: i64) -> Result<Vec<HistoryEntry>> {
        Ok(sqlx::query_as::<_, (String, Option<String>, String)>(
            "SELECT h.tidspunkt, b.navn, h.tekst FROM opgave_historik h LEFT JOIN brugere b ON b.id = h.bruger_id
             WHERE h.opgave_id = ? ORDER BY h.tidspunkt, h.id",
        )
        .bind(opgave_id)
        .fetch_all(self.db())
        .await?
        .into_iter()
        .map(|(tidspunkt, bruger, tekst)| HistoryEntry { tidspunkt, bruger, tekst })
        .collect())
    }
}
