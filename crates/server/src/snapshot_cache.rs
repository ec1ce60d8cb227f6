//! The task snapshot, built from the database and cached in memory.
//!
//! Every task write calls [`SnapshotCache::invalidate`] after its commit;
//! the next reader rebuilds. The generation is read *before* loading, so a
//! write that commits during a rebuild is never hidden by it.

use axum::body::Bytes;
use domain::snapshot::{BorgerFacts, SagFacts, TaskFacts};
use domain::model::{Kilde, OpgaveStatus, Relation};
use domain::Snapshot;
use sqlx::SqlitePool;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

pub struct Cached {
    pub generation: u64,
    pub snapshot: Snapshot,
    /// `snapshot.encode()`, served as is.
    pub bytes: Bytes,
}

#[derive(Default)]
pub struct SnapshotCache {
    generation: AtomicU64,
    current: RwLock<Option<Arc<Cached>>>,
    rebuild: tokio::sync::Mutex<()>,
}

impl SnapshotCache {
    /// Marks the cached snapshot stale; call after a task write commits.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    fn fresh(&self, generation: u64) -> Option<Arc<Cached>> {
        let current = self.current.read().unwrap_or_else(|e| e.into_inner());
        current.as_ref().filter(|c| c.generation == generation).cloned()
    }

    /// The current snapshot, rebuilt from the database if stale.
    pub async fn get(&self, db: &SqlitePool) -> Result<Arc<Cached>, crate::http::Error> {
        if let Some(c) = self.fresh(self.generation.load(Ordering::SeqCst)) {
            return Ok(c);
        }
        let _one_rebuild_at_a_time = self.rebuild.lock().await;
        let generation = self.generation.load(Ordering::SeqCst);
        if let Some(c) = self.fresh(generation) {
            return Ok(c);
        }
        let snapshot = load(db, chrono::Utc::now().timestamp()).await?;
        let cached = tokio::task::spawn_blocking(move || {
            let bytes = Bytes::from(snapshot.encode());
            Arc::new(Cached { generation, snapshot, bytes })
        })
        .await
        .map_err(|e| crate::http::Error::Internal(anyhow::anyhow!("snapshot: {e}")))?;
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(cached.clone());
        Ok(cached)
    }
}

fn code<T>(v: i64, from: fn(u8) -> Option<T>, what: &str) -> Result<T, crate::http::Error> {
    u8::try_from(v)
        .ok()
        .and_then(from)
        .ok_or_else(|| crate::http::Error::Internal(anyhow::anyhow!("ukendt {what}-kode {v} i databasen")))
}

fn id16(v: i64) -> u16 {
    u16::try_from(v).unwrap_or(u16::MAX)
}

/// Builds the snapshot of all open tasks from the database, in one read
/// transaction so the three reads agree.
pub async fn load(db: &SqlitePool, generated_at: i64) -> Result<Snapshot, crate::http::Error> {
    let started = std::time::Instant::now();
    let mut tx = db.begin().await?;
    // Few columns per row: sqlx copies every value, so the facts are packed
    // into integers by SQLite and unpacked here.
    let borgere: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, CAST(substr(cpr, 1, 2) AS INTEGER) | (min(coalesce(pensionstype, 0), 65535) << 8) FROM borgere ORDER BY id",
    )
    .fetch_all(&mut *tx)
    .await?;
    let sager: Vec<(i64, i64, i64)> =
        sqlx::query_as("SELECT id, borger_id, min(sagstype, 65535) | (min(coalesce(ydelse, 0), 65535) << 16) FROM sager ORDER BY id")
            .fetch_all(&mut *tx)
            .await?;
    let opgaver: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT id,
                min(opgavetype, 255) | (min(coalesce(opfoelgningstype, 0), 255) << 8) | (relation << 16) | (kilde << 20)
                  | (beloebsgodkendelse << 24) | (status << 28) | (min(enhed, 255) << 32)
                  | (max(0, CAST(julianday(oprettet) - julianday('2000-01-01') AS INTEGER)) << 40),
                (coalesce(borger_id, 4294967295) << 32) | coalesce(sag_id, 4294967295)
         FROM opgaver WHERE status <> ? ORDER BY id",
    )
    .bind(i64::from(OpgaveStatus::Afsluttet.code()))
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let read_ms = started.elapsed().as_millis() as u64;

    let some = |v: i64| (v != 0).then_some(v);
    let borgere: Vec<BorgerFacts> = borgere
        .into_iter()
        .map(|(id, p)| BorgerFacts { id, cpr_day: (p & 0xff) as u8, pensionstype: some(p >> 8).map(id16) })
        .collect();
    let sager: Vec<SagFacts> = sager
        .into_iter()
        .map(|(id, borger_id, p)| SagFacts { id, borger_id, sagstype: id16(p & 0xffff), ydelse: some(p >> 16).map(id16) })
        .collect();
    let field = |p: i64, shift: u32, bits: u32| (p >> shift) & ((1 << bits) - 1);
    let id_or_none = |v: i64| (v != 0xffff_ffff).then_some(v);
    let mut tasks = Vec::with_capacity(opgaver.len());
    for (id, p, refs) in opgaver {
        let days = field(p, 40, 23);
        tasks.push(TaskFacts {
            id,
            opgavetype: id16(field(p, 0, 8)),
            opfoelgningstype: some(field(p, 8, 8)).map(id16),
            relation: code(field(p, 16, 4), Relation::from_code, "relation")?,
            kilde: code(field(p, 20, 4), Kilde::from_code, "kilde")?,
            beloebsgodkendelse: field(p, 24, 4) != 0,
            enhed: id16(field(p, 32, 8)),
            status: code(field(p, 28, 4), OpgaveStatus::from_code, "status")?,
            oprettet: domain::snapshot::epoch() + chrono::Days::new(days as u64),
            borger_id: id_or_none((refs >> 32) & 0xffff_ffff),
            sag_id: id_or_none(refs & 0xffff_ffff),
        });
    }
    let snapshot = tokio::task::spawn_blocking(move || Snapshot::build(&borgere, &sager, &tasks, generated_at))
        .await
        .map_err(|e| crate::http::Error::Internal(anyhow::anyhow!("snapshot: {e}")))?;
    tracing::info!(opgaver = snapshot.len(), laesning_ms = read_ms, i_alt_ms = started.elapsed().as_millis() as u64, "opgave-snapshot bygget");
    Ok(snapshot)
}
