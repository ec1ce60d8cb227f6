//! The task snapshot's input: the facts of borgere, cases and open tasks
//! that the filter needs (`domain::snapshot`), read in bulk for a rebuild or
//! by id for a patch (`snapshot_cache`).

use super::{code, id16, on, placeholders, Conn, Result, Store};
use domain::model::{Kilde, OpgaveStatus, Relation};
use domain::snapshot::{BorgerFacts, SagFacts, TaskFacts};

/// Row-wise facts: the input of `Snapshot::build`, each sorted by id.
#[derive(Clone, Default)]
pub struct Facts {
    pub borgere: Vec<BorgerFacts>,
    pub sager: Vec<SagFacts>,
    pub tasks: Vec<TaskFacts>,
}

impl Store {
    /// The facts of all open tasks, of every borger and every case, in one
    /// read transaction so the three reads agree.
    pub async fn load_facts(&self) -> Result<Facts> {
        let started = std::time::Instant::now();
        let mut tx = self.read().await?;
        let borgere = tx.borger_facts(None).await?;
        let sager = tx.sag_facts(None).await?;
        let tasks = tx.task_facts(None).await?;
        tx.commit().await?;
        tracing::info!(opgaver = tasks.len(), laesning_ms = started.elapsed().as_millis() as u64, "opgavefakta læst");
        Ok(Facts { borgere, sager, tasks })
    }
}

impl Conn {
    /// The facts of the given rows (tasks whatever their status).
    pub async fn facts_of(&mut self, tasks: &[i64], sager: &[i64], borgere: &[i64]) -> Result<Facts> {
        Ok(Facts {
            tasks: self.task_facts(Some(tasks)).await?,
            sager: self.sag_facts(Some(sager)).await?,
            borgere: self.borger_facts(Some(borgere)).await?,
        })
    }

    async fn borger_facts(&mut self, ids: Option<&[i64]>) -> Result<Vec<BorgerFacts>> {
        let Some(cond) = id_clause("id", ids) else { return Ok(Vec::new()) };
        // Few columns per row: sqlx copies every value, so the facts are packed
        // into integers by the database and unpacked here.
        let Fns { least, .. } = self.fns();
        let text = format!(
            "SELECT id, CAST(substr(cpr, 1, 2) AS BIGINT) | ({least}(coalesce(pensionstype, 0), 65535) << 8) FROM borgere WHERE {cond} ORDER BY id"
        );
        let rows: Vec<(i64, i64)> = on!(self, |db, sql| {
            let text = sql(&text);
            let mut q = sqlx::query_as::<_, (i64, i64)>(&text);
            for id in ids.unwrap_or_default() {
                q = q.bind(id);
            }
            q.fetch_all(db).await
        })?;
        Ok(rows.into_iter().map(|(id, p)| BorgerFacts { id, cpr_day: (p & 0xff) as u8, pensionstype: nonzero(p >> 8).map(id16) }).collect())
    }

    async fn sag_facts(&mut self, ids: Option<&[i64]>) -> Result<Vec<SagFacts>> {
        let Some(cond) = id_clause("id", ids) else { return Ok(Vec::new()) };
        let Fns { least, .. } = self.fns();
        let text = format!(
            "SELECT id, borger_id, {least}(sagstype, 65535) | ({least}(coalesce(ydelse, 0), 65535) << 16) FROM sager WHERE {cond} ORDER BY id"
        );
        let rows: Vec<(i64, i64, i64)> = on!(self, |db, sql| {
            let text = sql(&text);
            let mut q = sqlx::query_as::<_, (i64, i64, i64)>(&text);
            for id in ids.unwrap_or_default() {
                q = q.bind(id);
            }
            q.fetch_all(db).await
        })?;
        Ok(rows
            .into_iter()
            .map(|(id, borger_id, p)| SagFacts { id, borger_id, sagstype: id16(p & 0xffff), ydelse: nonzero(p >> 16).map(id16) })
            .collect())
    }

    /// Open tasks (all of them), or the given tasks whatever their status;
    /// never tasks under automatic processing.
    async fn task_facts(&mut self, ids: Option<&[i64]>) -> Result<Vec<TaskFacts>> {
        let Some(cond) = id_clause("id", ids) else { return Ok(Vec::new()) };
        // (sqlx numbers plain `?` on its own, so the two forms bind differently)
        // Tasks under automatic processing are in no package until released.
        let status_cond = if ids.is_none() { "automatisk = 0 AND status <> ?" } else { "automatisk = 0" };
        let Fns { least, greatest, days_since_2000 } = self.fns();
        let text = format!(
            "SELECT id,
                    {least}(opgavetype, 255) | ({least}(coalesce(opfoelgningstype, 0), 255) << 8) | (relation << 16) | (kilde << 20)
                      | (beloebsgodkendelse << 24) | (status << 28) | ({least}(enhed, 255) << 32)
                      | ({greatest}(0, {days_since_2000}) << 40),
                    (coalesce(borger_id, 4294967295) << 32) | coalesce(sag_id, 4294967295)
             FROM opgaver WHERE {status_cond} AND {cond} ORDER BY id"
        );
        let rows: Vec<(i64, i64, i64)> = on!(self, |db, sql| {
            let text = sql(&text);
            let mut q = sqlx::query_as::<_, (i64, i64, i64)>(&text);
            if ids.is_none() {
                q = q.bind(i64::from(OpgaveStatus::Afsluttet.code()));
            }
            for id in ids.unwrap_or_default() {
                q = q.bind(id);
            }
            q.fetch_all(db).await
        })?;
        let field = |p: i64, shift: u32, bits: u32| (p >> shift) & ((1 << bits) - 1);
        let id_or_none = |v: i64| (v != 0xffff_ffff).then_some(v);
        let mut tasks = Vec::with_capacity(rows.len());
        for (id, p, refs) in rows {
            let days = field(p, 40, 23);
            tasks.push(TaskFacts {
                id,
                opgavetype: id16(field(p, 0, 8)),
                opfoelgningstype: nonzero(field(p, 8, 8)).map(id16),
                relation: code(field(p, 16, 4), Relation::from_code, "opgaver (relation)")?,
                kilde: code(field(p, 20, 4), Kilde::from_code, "opgaver (kilde)")?,
                beloebsgodkendelse: field(p, 24, 4) != 0,
                enhed: id16(field(p, 32, 8)),
                status: code(field(p, 28, 4), OpgaveStatus::from_code, "opgaver (status)")?,
                oprettet: domain::snapshot::epoch() + chrono::Days::new(days as u64),
                borger_id: id_or_none((refs >> 32) & 0xffff_ffff),
                sag_id: id_or_none(refs & 0xffff_ffff),
            });
        }
        Ok(tasks)
    }
}

/// The SQL functions whose names differ between the backends.
struct Fns {
    /// The smaller of two values.
    least: &'static str,
    /// The larger of two values.
    greatest: &'static str,
    /// `oprettet` (a stored day) as days since 2000-01-01, a BIGINT.
    days_since_2000: &'static str,
}

impl Conn {
    fn fns(&self) -> Fns {
        if self.is_pg() {
            Fns { least: "least", greatest: "greatest", days_since_2000: "CAST(dag(oprettet) - DATE '2000-01-01' AS BIGINT)" }
        } else {
            Fns { least: "min", greatest: "max", days_since_2000: "CAST(julianday(oprettet) - julianday('2000-01-01') AS INTEGER)" }
        }
    }
}

/// An optional catalogue id packed as 0 for none.
fn nonzero(v: i64) -> Option<i64> {
    (v != 0).then_some(v)
}

/// `WHERE` for an optional id list (`?` per id); `None` for an empty list
/// (nothing to read).
fn id_clause(column: &str, ids: Option<&[i64]>) -> Option<String> {
    match ids {
        None => Some("TRUE".into()),
        Some([]) => None,
        Some(ids) => Some(format!("{column} IN ({})", placeholders(ids.len()))),
    }
}
