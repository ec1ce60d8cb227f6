//! The rows behind the abuse limits every instance shares (migration
//! 0010): failed logins per key, and the bytes received per uploader. The
//! rules that read and write them are in `crate::throttle`. Times are unix
//! milliseconds.

use super::{on, Conn, Result};

/// One key's failed logins (`login_fejl`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginFailures {
    pub count: u32,
    /// The last failure.
    pub last: i64,
    /// No login for the key is tried before this.
    pub blocked_until: i64,
}

impl Conn {
    /// The failed logins recorded for `key`.
    pub async fn login_failures(&mut self, key: &str) -> Result<Option<LoginFailures>> {
        let row: Option<(i64, i64, i64)> =
            on!(self, |db, sql| sqlx::query_as(&sql("SELECT antal, senest, spaerret_til FROM login_fejl WHERE noegle = ?"))
                .bind(key)
                .fetch_optional(db)
                .await)?;
        Ok(row.map(|(count, last, blocked_until)| LoginFailures { count: u32::try_from(count).unwrap_or(u32::MAX), last, blocked_until }))
    }

    /// Records `key`'s failed logins as `f`.
    pub async fn put_login_failures(&mut self, key: &str, f: LoginFailures) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql("INSERT INTO login_fejl (noegle, antal, senest, spaerret_til) VALUES (?, ?, ?, ?)
             ON CONFLICT (noegle) DO UPDATE SET antal = excluded.antal, senest = excluded.senest, spaerret_til = excluded.spaerret_til"))
        .bind(key)
        .bind(i64::from(f.count))
        .bind(f.last)
        .bind(f.blocked_until)
        .execute(db)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Forgets `key`'s failed logins.
    pub async fn forget_login_failures(&mut self, key: &str) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql("DELETE FROM login_fejl WHERE noegle = ?"))
            .bind(key)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Forgets every key whose last failure was before `before` (and that
    /// is no longer blocked then).
    pub async fn prune_login_failures(&mut self, before: i64) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql("DELETE FROM login_fejl WHERE senest < ? AND spaerret_til < ?"))
            .bind(before)
            .bind(before)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The bytes `who` sent since `since` (inclusive).
    pub async fn uploaded_since(&mut self, who: &str, since: i64) -> Result<u64> {
        let sum: Option<i64> = on!(self, |db, sql| sqlx::query_scalar(&sql(
            "SELECT CAST(sum(bytes) AS BIGINT) FROM upload_forbrug WHERE hvem = ? AND tidspunkt >= ?"
        ))
        .bind(who)
        .bind(since)
        .fetch_one(db)
        .await)?;
        Ok(sum.map_or(0, |s| u64::try_from(s).unwrap_or(0)))
    }

    /// Records that `who` sent `bytes` at `at`, and forgets what anyone
    /// sent before `forget_before`.
    pub async fn record_upload(&mut self, who: &str, at: i64, bytes: u64, forget_before: i64) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql("DELETE FROM upload_forbrug WHERE tidspunkt < ?"))
            .bind(forget_before)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        on!(self, |db, sql| sqlx::query(&sql("INSERT INTO upload_forbrug (hvem, tidspunkt, bytes) VALUES (?, ?, ?)"))
            .bind(who)
            .bind(at)
            .bind(i64::try_from(bytes).unwrap_or(i64::MAX))
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }
}
