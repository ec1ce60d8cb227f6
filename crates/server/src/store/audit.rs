//! The audit log (`audit_log`): who did what when, to which borger (by id).
//! Append-only: the database refuses UPDATE and DELETE (migration 0006).

use super::{on, Conn, Error, Result};
use domain::wire::audit::{AuditAction, AuditEntry, AuditFilter};

/// The entries `filter` lets through: the `WHERE` of a query on
/// `audit_log a LEFT JOIN brugere b`, with `?` for each value bound by
/// [`bind_filter`] in order.
fn filter_sql(filter: &AuditFilter) -> String {
    let mut terms = Vec::new();
    if filter.handling.is_some() {
        terms.push("a.handling = ?");
    }
    if filter.bruger().is_some() {
        terms.push("COALESCE(b.brugernavn, a.brugernavn) = ?");
    }
    if filter.borger.is_some() {
        terms.push("a.borger_id = ?");
    }
    let (from, until) = filter.time_bounds();
    if from.is_some() {
        terms.push("a.tidspunkt >= ?");
    }
    if until.is_some() {
        terms.push("a.tidspunkt < ?");
    }
    if terms.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", terms.join(" AND "))
    }
}

macro_rules! bind_filter {
    ($q:expr, $filter:expr) => {{
        let mut q = $q;
        if let Some(h) = $filter.handling {
            q = q.bind(i64::from(h.code()));
        }
        if let Some(b) = $filter.bruger() {
            q = q.bind(b.to_owned());
        }
        if let Some(b) = $filter.borger {
            q = q.bind(b);
        }
        let (from, until) = $filter.time_bounds();
        if let Some(t) = from {
            q = q.bind(t);
        }
        if let Some(t) = until {
            q = q.bind(t);
        }
        q
    }};
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: i64,
    tidspunkt: String,
    brugernavn: String,
    handling: i64,
    borger_id: Option<i64>,
    opgave_id: Option<i64>,
    detaljer: String,
}

impl Conn {
    /// Records one audit entry, now (inside the caller's transaction when
    /// it writes).
    pub async fn record_audit(
        &mut self,
        bruger_id: i64,
        handling: AuditAction,
        borger_id: Option<i64>,
        opgave_id: Option<i64>,
        detaljer: &str,
    ) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql(
            "INSERT INTO audit_log (tidspunkt, bruger_id, handling, borger_id, opgave_id, detaljer) VALUES (?, ?, ?, ?, ?, ?)"
        ))
        .bind(crate::clock::now_rfc3339())
        .bind(bruger_id)
        .bind(i64::from(handling.code()))
        .bind(borger_id)
        .bind(opgave_id)
        .bind(detaljer)
        .execute(db)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Records a failed login: by the user when the username names one,
    /// else by the username typed (never the password).
    pub async fn record_failed_login(&mut self, bruger_id: Option<i64>, brugernavn: &str, detaljer: &str) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql(
            "INSERT INTO audit_log (tidspunkt, bruger_id, brugernavn, handling, detaljer) VALUES (?, ?, ?, ?, ?)"
        ))
        .bind(crate::clock::now_rfc3339())
        .bind(bruger_id)
        .bind(brugernavn)
        .bind(i64::from(AuditAction::MislykketLogin.code()))
        .bind(detaljer)
        .execute(db)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// How many entries `filter` lets through.
    pub async fn audit_count(&mut self, filter: &AuditFilter) -> Result<u64> {
        let text = format!("SELECT count(*) FROM audit_log a LEFT JOIN brugere b ON b.id = a.bruger_id {}", filter_sql(filter));
        let total: i64 = on!(self, |db, sql| {
            let text = sql(&text);
            bind_filter!(sqlx::query_scalar(&text), filter).fetch_one(db).await
        })?;
        Ok(total as u64)
    }

    /// `limit` of the entries `filter` lets through, newest first, after
    /// skipping `offset`.
    pub async fn audit_entries(&mut self, filter: &AuditFilter, limit: u32, offset: u64) -> Result<Vec<AuditEntry>> {
        let text = format!(
            "SELECT a.id, a.tidspunkt, COALESCE(b.brugernavn, a.brugernavn) AS brugernavn, a.handling, a.borger_id, a.opgave_id, a.detaljer
             FROM audit_log a LEFT JOIN brugere b ON b.id = a.bruger_id {} ORDER BY a.id DESC LIMIT ? OFFSET ?",
            filter_sql(filter)
        );
        let rows: Vec<AuditRow> = on!(self, |db, sql| {
            let text = sql(&text);
            bind_filter!(sqlx::query_as(&text), filter).bind(i64::from(limit)).bind(offset as i64).fetch_all(db).await
        })?;
        rows.into_iter()
            .map(|r| {
                let handling = u8::try_from(r.handling)
                    .ok()
                    .and_then(AuditAction::from_code)
                    .ok_or_else(|| Error::internal(format!("ukendt handling {} i audit_log", r.handling)))?;
                Ok(AuditEntry {
                    id: r.id,
                    tidspunkt: r.tidspunkt,
                    brugernavn: r.brugernavn,
                    handling,
                    borger_id: r.borger_id,
                    opgave_id: r.opgave_id,
                    detaljer: r.detaljer,
                })
            })
            .collect()
    }
}
