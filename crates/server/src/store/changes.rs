//! The change log (`snapshot_aendringer`): what each write changed of the
//! task snapshot's input, written in the write's transaction, so that every
//! instance on the same database can patch its own snapshot
//! (`snapshot_cache::follow`). On PostgreSQL the log's insert trigger
//! notifies [`CHANNEL`] (migration 0009), delivered at the write's commit.

use super::{on, Conn, Pool, Result, Store};
use std::time::Duration;

/// The PostgreSQL channel a logged change notifies (its payload: the change
/// number; the name is also in `migrations-pg/0009_change_notify.sql`).
pub const CHANNEL: &str = "opk_aendringer";

/// How many changes the log keeps; an instance further behind reloads.
pub const KEEP: i64 = 100_000;

/// One logged change: its number and the ids it touched.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoggedChange {
    pub id: i64,
    pub tasks: Vec<i64>,
    pub sager: Vec<i64>,
    pub borgere: Vec<i64>,
}

fn ids_text(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

fn ids_of(text: &str) -> Vec<i64> {
    text.split(',').filter_map(|s| s.parse().ok()).collect()
}

impl Conn {
    /// Logs a write's change (inside its transaction) and answers its
    /// number; prunes what is older than [`KEEP`] changes.
    pub async fn note_change(&mut self, tasks: &[i64], sager: &[i64], borgere: &[i64]) -> Result<i64> {
        let (t, s, b) = (ids_text(tasks), ids_text(sager), ids_text(borgere));
        let id: i64 = on!(self, |db, sql| sqlx::query_scalar(&sql(
            "INSERT INTO snapshot_aendringer (opgaver, sager, borgere) VALUES (?, ?, ?) RETURNING id"
        ))
        .bind(&t)
        .bind(&s)
        .bind(&b)
        .fetch_one(db)
        .await)?;
        if id % 1_000 == 0 {
            on!(self, |db, sql| sqlx::query(&sql("DELETE FROM snapshot_aendringer WHERE id <= ?"))
                .bind(id - KEEP)
                .execute(db)
                .await
                .map(|r| r.rows_affected()))?;
        }
        Ok(id)
    }

    /// The newest change number (0 before any).
    pub async fn last_change(&mut self) -> Result<i64> {
        Ok(on!(self, |db, sql| sqlx::query_scalar::<_, Option<i64>>(&sql("SELECT max(id) FROM snapshot_aendringer")).fetch_one(db).await)?
            .unwrap_or(0))
    }

    /// Up to `limit` changes after number `after`, oldest first; and
    /// whether change `after + 1` was pruned already (then the caller is
    /// too far behind to catch up, and reloads).
    pub async fn changes_after(&mut self, after: i64, limit: i64) -> Result<(Vec<LoggedChange>, bool)> {
        let rows: Vec<(i64, String, String, String)> = on!(self, |db, sql| sqlx::query_as(&sql(
            "SELECT id, opgaver, sager, borgere FROM snapshot_aendringer WHERE id > ? ORDER BY id LIMIT ?"
        ))
        .bind(after)
        .bind(limit)
        .fetch_all(db)
        .await)?;
        // Pruned past `after` only if the next number is missing: then the
        // oldest kept decides (a rolled-back write leaves an unused number
        // too: a false alarm costs one reload, a missed change would cost a
        // stale snapshot). The usual poll, nothing new or the very next
        // number, needs no second query.
        let gap = match rows.first() {
            Some(first) if first.0 > after + 1 => {
                let oldest: Option<i64> =
                    on!(self, |db, sql| sqlx::query_scalar(&sql("SELECT min(id) FROM snapshot_aendringer")).fetch_one(db).await)?;
                oldest.is_some_and(|o| o > after + 1)
            }
            _ => false,
        };
        let changes =
            rows.into_iter().map(|(id, t, s, b)| LoggedChange { id, tasks: ids_of(&t), sager: ids_of(&s), borgere: ids_of(&b) }).collect();
        Ok((changes, gap))
    }
}

/// A listener on [`CHANNEL`] (PostgreSQL only).
pub struct ChangeListener(sqlx::postgres::PgListener);

impl Store {
    /// Listens for other instances' writes; `None` on SQLite (one instance
    /// per file: nobody else writes).
    pub async fn listen_changes(&self) -> Result<Option<ChangeListener>> {
        let Pool::Pg(pool) = &self.pool else { return Ok(None) };
        let mut listener = sqlx::postgres::PgListener::connect_with(pool).await?;
        listener.listen(CHANNEL).await?;
        Ok(Some(ChangeListener(listener)))
    }
}

impl ChangeListener {
    /// Waits up to `max` for a notification. `Ok(false)` after the timeout
    /// or a lost connection (the listener reconnects on the next wait;
    /// notifications meanwhile are lost, so the caller reads the log).
    pub async fn wait(&mut self, max: Duration) -> Result<bool> {
        match tokio::time::timeout(max, self.0.try_recv()).await {
            Ok(Ok(Some(_))) => Ok(true),
            Ok(Ok(None)) | Err(_) => Ok(false),
            Ok(Err(e)) => Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_survive_their_stored_form() {
        assert_eq!(ids_of(&ids_text(&[3, 1, 20])), [3, 1, 20]);
        assert!(ids_of(&ids_text(&[])).is_empty());
    }
}
