//! The task snapshot, built from the database and cached in memory.
//!
//! Two ways to keep it current:
//! - [`SnapshotCache::apply`]: a writer that knows which tasks, cases and
//!   borgere it touched calls it after its commit; the rows are re-read and
//!   patched into the cached facts, and the snapshot is rebuilt from them in
//!   memory (no full database read). Readers keep getting the previous
//!   snapshot meanwhile and never wait for it; the writer's own response
//!   waits, so it reads its own write.
//! - [`SnapshotCache::invalidate`]: marks the snapshot stale; the next
//!   reader rebuilds from the database. The generation is read *before*
//!   loading, so a write that commits during a rebuild is never hidden by it.

use axum::body::Bytes;
use domain::model::{Kilde, OpgaveStatus, Relation};
use domain::snapshot::{BorgerFacts, SagFacts, TaskFacts};
use domain::Snapshot;
use sqlx::{SqliteConnection, SqlitePool};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

pub struct Cached {
    pub generation: u64,
    pub snapshot: Snapshot,
    /// `snapshot.encode()`, served as is.
    pub bytes: Bytes,
    /// The row-wise facts the snapshot was built from, each sorted by id
    /// (open tasks only), kept for [`SnapshotCache::apply`].
    facts: Arc<Facts>,
}

/// Row-wise facts: the input of `Snapshot::build`.
#[derive(Clone, Default)]
pub struct Facts {
    pub borgere: Vec<BorgerFacts>,
    pub sager: Vec<SagFacts>,
    pub tasks: Vec<TaskFacts>,
}

/// What a write touched: ids of tasks, cases and borgere to re-read.
#[derive(Clone, Debug, Default)]
pub struct Change {
    pub tasks: Vec<i64>,
    pub sager: Vec<i64>,
    pub borgere: Vec<i64>,
}

#[derive(Default)]
pub struct SnapshotCache {
    generation: AtomicU64,
    current: RwLock<Option<Arc<Cached>>>,
    rebuild: tokio::sync::Mutex<()>,
}

fn blocking_error(e: tokio::task::JoinError) -> crate::http::Error {
    crate::http::Error::Internal(anyhow::anyhow!("snapshot: {e}"))
}

impl SnapshotCache {
    /// Marks the cached snapshot stale; the next reader rebuilds it from the
    /// database. Prefer [`SnapshotCache::apply`] when the write's rows are
    /// known.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    fn fresh(&self, generation: u64) -> Option<Arc<Cached>> {
        let current = self.current.read().unwrap_or_else(|e| e.into_inner());
        current.as_ref().filter(|c| c.generation == generation).cloned()
    }

    fn store(&self, cached: Arc<Cached>) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(cached);
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
        let facts = Arc::new(load_facts(db).await?);
        let generated_at = chrono::Utc::now().timestamp();
        let cached = tokio::task::spawn_blocking(move || build(generation, facts, generated_at)).await.map_err(blocking_error)?;
        self.store(cached.clone());
        Ok(cached)
    }

    /// Patches a committed write into the cached snapshot: re-reads the
    /// changed rows, updates the facts and rebuilds the snapshot in memory.
    /// Readers are served the previous snapshot until the new one is stored.
    /// Without a current snapshot nothing is done (the next reader builds
    /// one from the database, which includes the write).
    pub async fn apply(&self, db: &SqlitePool, change: Change) -> Result<(), crate::http::Error> {
        let _one_rebuild_at_a_time = self.rebuild.lock().await;
        let generation = self.generation.load(Ordering::SeqCst);
        let Some(current) = self.fresh(generation) else {
            return Ok(());
        };
        // Read under the lock: a later write's patch reads after this one, so
        // the last patch of a row always has its newest committed state.
        let mut conn = db.acquire().await?;
        let tasks = task_facts(&mut conn, Some(&change.tasks)).await?;
        let sager = sag_facts(&mut conn, Some(&change.sager)).await?;
        let borgere = borger_facts(&mut conn, Some(&change.borgere)).await?;
        drop(conn);
        let old = current.facts.clone();
        let change_tasks = change.tasks;
        let cached = tokio::task::spawn_blocking(move || {
            let mut facts = Facts::clone(&old);
            upsert(&mut facts.borgere, borgere, |b| b.id);
            upsert(&mut facts.sager, sager, |c| c.id);
            // Tasks: the ids asked for and not open now leave the snapshot.
            let open: Vec<TaskFacts> = tasks.into_iter().filter(|t| t.status.is_open()).collect();
            facts.tasks.retain(|t| !change_tasks.contains(&t.id));
            upsert(&mut facts.tasks, open, |t| t.id);
            build(generation, Arc::new(facts), chrono::Utc::now().timestamp())
        })
        .await
        .map_err(blocking_error)?;
        self.store(cached);
        Ok(())
    }
}

/// Inserts or replaces rows in a vector sorted by id, keeping it sorted.
fn upsert<T>(sorted: &mut Vec<T>, rows: Vec<T>, id: impl Fn(&T) -> i64) {
    for row in rows {
        match sorted.binary_search_by_key(&id(&row), &id) {
            Ok(i) => sorted[i] = row,
            Err(i) => sorted.insert(i, row),
        }
    }
}

fn build(generation: u64, facts: Arc<Facts>, generated_at: i64) -> Arc<Cached> {
    let snapshot = Snapshot::build(&facts.borgere, &facts.sager, &facts.tasks, generated_at);
    let bytes = Bytes::from(snapshot.encode());
    Arc::new(Cached { generation, snapshot, bytes, facts })
}

fn code<T>(v: i64, from: fn(u8) -> Option<T>, what: &str) -> Result<T, crate::http::Error> {
    u8::try_from(v).ok().and_then(from).ok_or_else(|| crate::http::Error::Internal(anyhow::anyhow!("ukendt {what}-kode {v} i databasen")))
}

fn id16(v: i64) -> u16 {
    u16::try_from(v).unwrap_or(u16::MAX)
}

/// `WHERE` for an optional id list (`?` per id), and whether it is empty.
fn id_clause(column: &str, ids: Option<&[i64]>) -> Option<String> {
    match ids {
        None => Some("1".into()),
        Some([]) => None,
        Some(ids) => Some(format!("{column} IN ({})", vec!["?"; ids.len()].join(","))),
    }
}

async fn borger_facts(conn: &mut SqliteConnection, ids: Option<&[i64]>) -> Result<Vec<BorgerFacts>, crate::http::Error> {
    let Some(cond) = id_clause("id", ids) else { return Ok(Vec::new()) };
    // Few columns per row: sqlx copies every value, so the facts are packed
    // into integers by SQLite and unpacked here.
    let sql = format!(
        "SELECT id, CAST(substr(cpr, 1, 2) AS INTEGER) | (min(coalesce(pensionstype, 0), 65535) << 8) FROM borgere WHERE {cond} ORDER BY id"
    );
    let mut q = sqlx::query_as::<_, (i64, i64)>(&sql);
    for id in ids.unwrap_or_default() {
        q = q.bind(id);
    }
    let some = |v: i64| (v != 0).then_some(v);
    Ok(q.fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(id, p)| BorgerFacts { id, cpr_day: (p & 0xff) as u8, pensionstype: some(p >> 8).map(id16) })
        .collect())
}

async fn sag_facts(conn: &mut SqliteConnection, ids: Option<&[i64]>) -> Result<Vec<SagFacts>, crate::http::Error> {
    let Some(cond) = id_clause("id", ids) else { return Ok(Vec::new()) };
    let sql =
        format!("SELECT id, borger_id, min(sagstype, 65535) | (min(coalesce(ydelse, 0), 65535) << 16) FROM sager WHERE {cond} ORDER BY id");
    let mut q = sqlx::query_as::<_, (i64, i64, i64)>(&sql);
    for id in ids.unwrap_or_default() {
        q = q.bind(id);
    }
    let some = |v: i64| (v != 0).then_some(v);
    Ok(q.fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(id, borger_id, p)| SagFacts { id, borger_id, sagstype: id16(p & 0xffff), ydelse: some(p >> 16).map(id16) })
        .collect())
}

/// Open tasks (all of them), or the given tasks whatever their status.
async fn task_facts(conn: &mut SqliteConnection, ids: Option<&[i64]>) -> Result<Vec<TaskFacts>, crate::http::Error> {
    let Some(cond) = id_clause("id", ids) else { return Ok(Vec::new()) };
    // (sqlx numbers plain `?` on its own, so the two forms bind differently)
    let status_cond = if ids.is_none() { "status <> ?" } else { "1" };
    let sql = format!(
        "SELECT id,
                min(opgavetype, 255) | (min(coalesce(opfoelgningstype, 0), 255) << 8) | (relation << 16) | (kilde << 20)
                  | (beloebsgodkendelse << 24) | (status << 28) | (min(enhed, 255) << 32)
                  | (max(0, CAST(julianday(oprettet) - julianday('2000-01-01') AS INTEGER)) << 40),
                (coalesce(borger_id, 4294967295) << 32) | coalesce(sag_id, 4294967295)
         FROM opgaver WHERE {status_cond} AND {cond} ORDER BY id"
    );
    let mut q = sqlx::query_as::<_, (i64, i64, i64)>(&sql);
    if ids.is_none() {
        q = q.bind(i64::from(OpgaveStatus::Afsluttet.code()));
    }
    for id in ids.unwrap_or_default() {
        q = q.bind(id);
    }
    let rows = q.fetch_all(&mut *conn).await?;
    let some = |v: i64| (v != 0).then_some(v);
    let field = |p: i64, shift: u32, bits: u32| (p >> shift) & ((1 << bits) - 1);
    let id_or_none = |v: i64| (v != 0xffff_ffff).then_some(v);
    let mut tasks = Vec::with_capacity(rows.len());
    for (id, p, refs) in rows {
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
    Ok(tasks)
}

/// Reads the facts of all open tasks, in one read transaction so the three
/// reads agree.
pub async fn load_facts(db: &SqlitePool) -> Result<Facts, crate::http::Error> {
    let started = std::time::Instant::now();
    let mut tx = db.begin().await?;
    let borgere = borger_facts(&mut tx, None).await?;
    let sager = sag_facts(&mut tx, None).await?;
    let tasks = task_facts(&mut tx, None).await?;
    tx.commit().await?;
    tracing::info!(opgaver = tasks.len(), laesning_ms = started.elapsed().as_millis() as u64, "opgavefakta læst");
    Ok(Facts { borgere, sager, tasks })
}

/// Builds the snapshot of all open tasks from the database.
pub async fn load(db: &SqlitePool, generated_at: i64) -> Result<Snapshot, crate::http::Error> {
    let started = std::time::Instant::now();
    let facts = load_facts(db).await?;
    let snapshot = tokio::task::spawn_blocking(move || Snapshot::build(&facts.borgere, &facts.sager, &facts.tasks, generated_at))
        .await
        .map_err(blocking_error)?;
    tracing::info!(opgaver = snapshot.len(), i_alt_ms = started.elapsed().as_millis() as u64, "opgave-snapshot bygget");
    Ok(snapshot)
}

/// Sorted task lists of packages, computed on one snapshot and reused by
/// every page request until the snapshot changes (a package's task page is
/// then a slice and one small query, not a filter and a sort per request).
#[derive(Default)]
pub struct TaskLists {
    inner: std::sync::Mutex<TaskListsInner>,
}

#[derive(Default)]
struct TaskListsInner {
    /// The snapshot the lists were computed on.
    on: Option<Arc<Cached>>,
    lists: std::collections::HashMap<(i64, domain::wire::packages::TaskSort), Arc<Vec<u32>>>,
}

impl TaskLists {
    /// The list for package version `version` in order `sort` on `cached`,
    /// computing it with `compute` when it is not there yet.
    pub fn get_or_compute(
        &self,
        cached: &Arc<Cached>,
        version: i64,
        sort: domain::wire::packages::TaskSort,
        compute: impl FnOnce() -> Vec<u32>,
    ) -> Arc<Vec<u32>> {
        let key = (version, sort);
        {
            let g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            if g.on.as_ref().is_some_and(|on| Arc::ptr_eq(on, cached)) {
                if let Some(list) = g.lists.get(&key) {
                    return list.clone();
                }
            }
        }
        let list = Arc::new(compute());
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if !g.on.as_ref().is_some_and(|on| Arc::ptr_eq(on, cached)) {
            // A newer snapshot: drop the lists of the old one (and the old snapshot with them).
            g.on = Some(cached.clone());
            g.lists.clear();
        }
        g.lists.insert(key, list.clone());
        list
    }
}
