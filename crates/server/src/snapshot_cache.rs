//! The task snapshot, built from the database's facts (read by the store,
//! `store::facts`) and cached in memory. Errors are [`SnapshotError`]s
//! (the HTTP layer converts them); nothing here knows HTTP.
//!
//! The cached snapshot is a [`Live`]: layers that a patch changes in
//! O(changed tasks) (`domain::snapshot::live`). When
//! [`domain::snapshot::live::COMPACT_AT`] tasks have changed since its base,
//! a background task merges the layers (O(N), under the patch lock, off
//! every writer's response). The encoded bytes for
//! `GET /api/tasks/snapshot` are made on the first request for them.
//!
//! Ways to keep it current:
//! - [`SnapshotCache::apply`]: a writer that knows which tasks, cases and
//!   borgere it touched calls it after its commit; the rows are re-read and
//!   patched in (no full database read). Readers keep getting the previous
//!   snapshot meanwhile and never wait for it; the writer's own response
//!   waits, so it reads its own write.
//! - [`SnapshotCache::queue`] and [`SnapshotCache::drain`]: for writers
//!   that need not read their own write (intake from source systems): the
//!   change is queued and the answer goes at once; one background drain
//!   patches every change queued meanwhile in one patch, so many intakes a
//!   second cost one rebuild at a time, not one each.
//! - [`SnapshotCache::invalidate`]: marks the snapshot stale; the next
//!   reader rebuilds from the database. The generation is read *before*
//!   loading, so a write that commits during a rebuild is never hidden by it.
//!
//! Every patch is also noted in a bounded log (change number before → after,
//! the ids it touched; the last [`LOG_LIMIT`] patches), so
//! [`SnapshotCache::delta`] can answer "what changed since change N" from
//! the cached facts alone. A rebuild from the database starts the log anew.

use crate::store::{self, Facts, Store};
use axum::body::Bytes;
use domain::snapshot::delta::Touched;
use domain::snapshot::live::{TaskView, COMPACT_AT};
use domain::snapshot::{Live, SnapshotDelta};
use domain::Snapshot;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

/// How many patches the change log keeps for deltas.
pub const LOG_LIMIT: usize = 10_000;

/// One patch in the change log.
struct Logged {
    from: u64,
    to: u64,
    change: Change,
}

pub struct Cached {
    pub generation: u64,
    /// Counts every snapshot this cache has stored (a rebuild or a patch):
    /// a new number whenever the tasks may have changed. Part of the
    /// `ETag`s of the package lists, so a poll that finds nothing new is a
    /// 304.
    pub change: u64,
    /// The open tasks, their borgere and cases.
    pub live: Live,
    /// `live.flatten().encode()`, made when first asked for.
    bytes: OnceLock<Bytes>,
}

impl Cached {
    fn new(generation: u64, change: u64, live: Live) -> Arc<Cached> {
        Arc::new(Cached { generation, change, live, bytes: OnceLock::new() })
    }

    /// The encoded snapshot (`Snapshot::encode` of the merged layers): O(N)
    /// the first time for this snapshot, then shared. Call it off the
    /// async threads.
    pub fn bytes(&self) -> Bytes {
        self.bytes.get_or_init(|| Bytes::from(self.live.flatten().encode())).clone()
    }
}

/// What a write touched: ids of tasks, cases and borgere to re-read.
#[derive(Clone, Debug, Default)]
pub struct Change {
    pub tasks: Vec<i64>,
    pub sager: Vec<i64>,
    pub borgere: Vec<i64>,
}

impl Change {
    /// Logs the change in the write's transaction (before its commit), for
    /// the other instances on the same database ([`SnapshotCache::follow`]).
    pub async fn note(&self, tx: &mut store::Conn) -> store::Result<()> {
        tx.note_change(&self.tasks, &self.sager, &self.borgere).await.map(|_| ())
    }
}

/// The cache; cheap to share (a handle on its state).
#[derive(Clone, Default)]
pub struct SnapshotCache(Arc<CacheState>);

impl std::ops::Deref for SnapshotCache {
    type Target = CacheState;
    fn deref(&self) -> &CacheState {
        &self.0
    }
}

pub struct CacheState {
    generation: AtomicU64,
    changes: AtomicU64,
    /// Changes queued by [`SnapshotCache::queue`], not yet patched in.
    pending: std::sync::Mutex<Change>,
    /// Whether a drain of `pending` is running.
    draining: std::sync::atomic::AtomicBool,
    current: RwLock<Option<Arc<Cached>>>,
    /// The recent patches, oldest first; changed together with `current`
    /// under this lock, so a reader sees a log that ends at the snapshot
    /// it reads.
    log: Mutex<VecDeque<Logged>>,
    rebuild: tokio::sync::Mutex<()>,
    /// Whether a compaction is queued or running.
    compacting: std::sync::atomic::AtomicBool,
}

impl Default for CacheState {
    /// Change numbers start at the clock's nanoseconds, so a number seen
    /// before a restart is not seen again after it.
    fn default() -> Self {
        let start = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0);
        CacheState {
            generation: AtomicU64::new(0),
            changes: AtomicU64::new(start),
            pending: Default::default(),
            draining: Default::default(),
            current: RwLock::default(),
            log: Default::default(),
            rebuild: Default::default(),
            compacting: Default::default(),
        }
    }
}

/// Why the snapshot could not be read or built.
#[derive(Debug)]
pub enum SnapshotError {
    /// Reading the facts failed.
    Store(store::Error),
    /// Building the snapshot failed (its thread panicked).
    Build(anyhow::Error),
}

impl From<store::Error> for SnapshotError {
    fn from(e: store::Error) -> Self {
        SnapshotError::Store(e)
    }
}

impl From<anyhow::Error> for SnapshotError {
    fn from(e: anyhow::Error) -> Self {
        SnapshotError::Build(e)
    }
}

impl std::fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SnapshotError::Store(e) => write!(f, "opgave-snapshot: {e}"),
            SnapshotError::Build(e) => write!(f, "opgave-snapshot: {e}"),
        }
    }
}

impl std::error::Error for SnapshotError {}

const BUILD: &str = "snapshot";

impl SnapshotCache {
    /// Marks the cached snapshot stale; the next reader rebuilds it from the
    /// database. Prefer [`SnapshotCache::apply`] when the write's rows are
    /// known.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    fn next_change(&self) -> u64 {
        self.changes.fetch_add(1, Ordering::SeqCst) + 1
    }

    fn fresh(&self, generation: u64) -> Option<Arc<Cached>> {
        let current = self.current.read().unwrap_or_else(|e| e.into_inner());
        current.as_ref().filter(|c| c.generation == generation).cloned()
    }

    /// Stores a snapshot: a patch from `patched` (the change number it was
    /// patched from and the ids it touched) extends the log; a rebuild
    /// (`None`) clears it.
    fn store(&self, cached: Arc<Cached>, patched: Option<(u64, Change)>) {
        let mut log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        match patched {
            Some((from, change)) if log.back().is_none_or(|l| l.to == from) => {
                if log.len() == LOG_LIMIT {
                    log.pop_front();
                }
                log.push_back(Logged { from, to: cached.change, change });
            }
            // A patch not from the last logged snapshot: the log has a gap.
            Some((from, change)) => {
                log.clear();
                log.push_back(Logged { from, to: cached.change, change });
            }
            None => log.clear(),
        }
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(cached);
    }

    /// What changed since change number `since`, up to the current snapshot
    /// `cached` (from [`SnapshotCache::get`]), read from its facts: `None`
    /// when `since` is not in the log (too old, from before a rebuild or a
    /// restart, or never issued), so the caller sends the whole snapshot.
    pub fn delta(&self, cached: &Cached, since: u64) -> Option<SnapshotDelta> {
        let mut touched = Change::default();
        if since != cached.change {
            let log = self.log.lock().unwrap_or_else(|e| e.into_inner());
            let start = log.iter().position(|l| l.from == since)?;
            let mut reached = false;
            for l in log.iter().skip(start) {
                if l.from == cached.change {
                    break;
                }
                touched.tasks.extend_from_slice(&l.change.tasks);
                touched.sager.extend_from_slice(&l.change.sager);
                touched.borgere.extend_from_slice(&l.change.borgere);
                reached = l.to == cached.change;
            }
            if !reached {
                return None;
            }
        }
        let ids = Touched { tasks: &touched.tasks, sager: &touched.sager, borgere: &touched.borgere };
        let mut delta = SnapshotDelta::of(&cached.live, &ids);
        delta.from = since;
        delta.to = cached.change;
        delta.generated_at = cached.live.generated_at();
        Some(delta)
    }

    /// The current snapshot, rebuilt from the database if stale.
    pub async fn get(&self, store: &Store) -> Result<Arc<Cached>, SnapshotError> {
        if let Some(c) = self.fresh(self.generation.load(Ordering::SeqCst)) {
            return Ok(c);
        }
        let _one_rebuild_at_a_time = self.rebuild.lock().await;
        let generation = self.generation.load(Ordering::SeqCst);
        if let Some(c) = self.fresh(generation) {
            return Ok(c);
        }
        let facts = store.load_facts().await?;
        let generated_at = crate::clock::now_unix();
        let change = self.next_change();
        let live = crate::blocking::run(BUILD, move || Live::build(&facts.borgere, &facts.sager, &facts.tasks, generated_at)).await?;
        let cached = Cached::new(generation, change, live);
        self.store(cached.clone(), None);
        Ok(cached)
    }

    /// Patches a committed write into the cached snapshot: re-reads the
    /// changed rows and patches them into the layers, O(changed tasks).
    /// Readers are served the previous snapshot until the new one is stored.
    /// Without a current snapshot nothing is done (the next reader builds
    /// one from the database, which includes the write).
    /// [`SnapshotCache::apply`] after a committed write, which a failed
    /// patch must not turn into an error: the failure is logged and the
    /// snapshot marked stale, so the next reader rebuilds it from the
    /// database.
    pub async fn apply_committed(&self, store: &Store, change: Change) {
        if let Err(e) = self.apply(store, change).await {
            tracing::warn!(error = %e, "opgave-snapshot kunne ikke rettes efter en gemt ændring; det bygges igen");
            self.invalidate();
        }
    }

    pub async fn apply(&self, store: &Store, change: Change) -> Result<(), SnapshotError> {
        let _one_rebuild_at_a_time = self.rebuild.lock().await;
        let generation = self.generation.load(Ordering::SeqCst);
        let Some(current) = self.fresh(generation) else {
            return Ok(());
        };
        // Read under the lock: a later write's patch reads after this one, so
        // the last patch of a row always has its newest committed state.
        let mut conn = store.conn().await?;
        let Facts { mut borgere, mut sager, tasks } = conn.facts_of(&change.tasks, &change.sager, &change.borgere).await?;
        // A task may name a borger or case the tables do not know yet (made
        // in the same write): read those too, and the borgere of such cases.
        let unknown: Vec<_> = tasks.iter().filter(|t| !current.live.knows(t.borger_id, t.sag_id)).collect();
        if !unknown.is_empty() {
            let more_sager: Vec<i64> = unknown.iter().filter_map(|t| t.sag_id).collect();
            let more_borgere: Vec<i64> = unknown.iter().filter_map(|t| t.borger_id).collect();
            let more = conn.facts_of(&[], &more_sager, &more_borgere).await?;
            let owners: Vec<i64> = more.sager.iter().map(|c| c.borger_id).filter(|&b| current.live.borger(b).is_none()).collect();
            let owners = conn.facts_of(&[], &[], &owners).await?;
            sager.extend(more.sager);
            borgere.extend(more.borgere.into_iter().chain(owners.borgere));
        }
        drop(conn);
        if current.live.holds(&change.tasks, &tasks, &borgere, &sager) {
            // Already in (this instance's own write, read back from the
            // change log by `follow`): no new change number, no patch.
            return Ok(());
        }
        let logged = (current.change, change.clone());
        let number = self.next_change();
        let live = current.live.clone();
        let tables_change = !(borgere.is_empty() && sager.is_empty());
        let patch = move || {
            let live = if tables_change { live.with_tables(&borgere, &sager)? } else { live };
            Some(live.patched(&change.tasks, &tasks, crate::clock::now_unix()))
        };
        // A patch of tasks alone is microseconds: done here. New tables are
        // O(borgere + cases): off the async threads.
        let patched = if tables_change { crate::blocking::run(BUILD, patch).await? } else { patch() };
        let Some(live) = patched else {
            // A borger's CPR digits changed: the base rows carry them.
            self.invalidate();
            return Ok(());
        };
        let due = live.changed_count() >= COMPACT_AT;
        self.store(Cached::new(generation, number, live), Some(logged));
        if due && !self.compacting.swap(true, Ordering::SeqCst) {
            if let Ok(rt) = tokio::runtime::Handle::try_current() {
                let me = self.clone();
                rt.spawn(async move { me.compact().await });
            } else {
                self.compacting.store(false, Ordering::SeqCst);
            }
        }
        Ok(())
    }

    /// Merges the layers of the current snapshot into a new base (same
    /// tasks, so the same change number and log). Patches wait meanwhile.
    pub async fn compact(&self) {
        let _one_rebuild_at_a_time = self.rebuild.lock().await;
        let generation = self.generation.load(Ordering::SeqCst);
        if let Some(current) = self.fresh(generation) {
            let started = std::time::Instant::now();
            let live = current.live.clone();
            match crate::blocking::run(BUILD, move || live.compacted()).await {
                Ok(live) => {
                    let merged = Arc::new(Cached { generation, change: current.change, live, bytes: current.bytes.clone() });
                    *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(merged);
                    tracing::info!(ms = started.elapsed().as_millis() as u64, "opgave-snapshot samlet");
                }
                Err(e) => tracing::warn!(error = %e, "opgave-snapshot kunne ikke samles"),
            }
        }
        self.compacting.store(false, Ordering::SeqCst);
    }
}

impl SnapshotCache {
    /// Queues a committed write's change to be patched in soon, for writers
    /// that need not read their own write (intake): many writes then share
    /// one patch. True when the caller must start a drain
    /// ([`SnapshotCache::drain`]) because none is running.
    pub fn queue(&self, change: Change) -> bool {
        {
            let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            p.tasks.extend(change.tasks);
            p.sager.extend(change.sager);
            p.borgere.extend(change.borgere);
        }
        !self.draining.swap(true, Ordering::SeqCst)
    }

    fn has_pending(&self) -> bool {
        let p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        !(p.tasks.is_empty() && p.sager.is_empty() && p.borgere.is_empty())
    }

    fn take_pending(&self) -> Option<Change> {
        let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let empty = p.tasks.is_empty() && p.sager.is_empty() && p.borgere.is_empty();
        (!empty).then(|| std::mem::take(&mut *p))
    }

    /// Patches in every queued change, one patch per round, until none is
    /// left (started by the caller [`SnapshotCache::queue`] told to).
    pub async fn drain(&self, store: &Store) -> Result<(), SnapshotError> {
        loop {
            while let Some(change) = self.take_pending() {
                if let Err(e) = self.apply(store, change).await {
                    // The next reader rebuilds from the database instead.
                    self.invalidate();
                    self.draining.store(false, Ordering::SeqCst);
                    return Err(e);
                }
            }
            self.draining.store(false, Ordering::SeqCst);
            // A change queued after the last take but before the flag fell
            // found a drain running: take it on.
            if !self.has_pending() || self.draining.swap(true, Ordering::SeqCst) {
                return Ok(());
            }
        }
    }

    /// Returns when every change queued so far is patched in (tests, and
    /// readers that must see every committed intake): patches what is
    /// queued itself, and waits for a running drain to finish.
    pub async fn settle(&self, store: &Store) -> Result<(), SnapshotError> {
        loop {
            if let Some(change) = self.take_pending() {
                self.apply(store, change).await?;
            } else if self.draining.load(Ordering::SeqCst) {
                tokio::time::sleep(std::time::Duration::from_millis(1)).await;
            } else {
                return Ok(());
            }
        }
    }
}

impl SnapshotCache {
    /// The median of three full rebuilds from the database in ms (a stale
    /// snapshot's cost: the benchmarks' baseline).
    pub async fn rebuild_median_ms(&self, store: &Store) -> Result<f64, SnapshotError> {
        let mut times = Vec::new();
        for _ in 0..3 {
            self.invalidate();
            let t = std::time::Instant::now();
            self.get(store).await?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        Ok(times[1])
    }

    /// Follows the writes of every instance on the database (PostgreSQL):
    /// waits for a notification (or 500 ms, which also covers a lost
    /// connection), reads the change log after the last change it has
    /// seen and patches those changes in; too far behind (the log pruned
    /// past it), it reloads. Runs until the program ends. Its own
    /// instance's writes come back too; `apply` finds them already in
    /// (`Live::holds`) and leaves the snapshot and its change number be.
    pub fn follow(&self, store: Store) {
        let me = self.clone();
        tokio::spawn(async move {
            let mut last = None;
            loop {
                if let Err(e) = me.follow_once(&store, &mut last).await {
                    tracing::warn!(error = %e, "ændringsloggen kan ikke følges; forsøger igen om et sekund");
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                }
            }
        });
    }

    async fn follow_once(&self, store: &Store, last: &mut Option<i64>) -> Result<(), SnapshotError> {
        let Some(mut listener) = store.listen_changes().await? else {
            // SQLite: no other instance writes
            std::future::pending::<()>().await;
            return Ok(());
        };
        if last.is_none() {
            *last = Some(store.conn().await?.last_change().await?);
        }
        loop {
            self.catch_up(store, last).await?;
            listener.wait(std::time::Duration::from_millis(500)).await?;
        }
    }

    /// Patches in the logged changes after `last` (see [`SnapshotCache::follow`]).
    pub async fn catch_up(&self, store: &Store, last: &mut Option<i64>) -> Result<(), SnapshotError> {
        let after = last.unwrap_or(0);
        let (changes, gap) = store.conn().await?.changes_after(after, 10_000).await?;
        if gap {
            tracing::warn!(efter = after, "ændringsloggen er beskåret forbi det sidst sete; opgave-snapshot bygges igen");
            self.invalidate();
        }
        let Some(newest) = changes.last().map(|c| c.id) else { return Ok(()) };
        if !gap {
            let mut change = Change::default();
            for c in changes {
                change.tasks.extend(c.tasks);
                change.sager.extend(c.sager);
                change.borgere.extend(c.borgere);
            }
            change.tasks.sort_unstable();
            change.tasks.dedup();
            self.apply(store, change).await?;
        }
        *last = Some(newest);
        Ok(())
    }
}

/// Builds the snapshot of all open tasks from the database.
pub async fn load(store: &Store, generated_at: i64) -> Result<Snapshot, SnapshotError> {
    let started = std::time::Instant::now();
    let facts = store.load_facts().await?;
    let snapshot = crate::blocking::run(BUILD, move || Snapshot::build(&facts.borgere, &facts.sager, &facts.tasks, generated_at)).await?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The change log keeps the last [`LOG_LIMIT`] patches: a delta from
    /// any change number in it names every task touched since, one from
    /// before it (or from before a rebuild) is `None` (410, fetch it all).
    #[test]
    fn the_change_log_keeps_the_last_log_limit_patches() {
        let cache = SnapshotCache::default();
        let live = Live::build(&[], &[], &[], 0);
        let built = cache.next_change();
        cache.store(Cached::new(0, built, live.clone()), None);
        let mut froms = Vec::new();
        let mut from = built;
        for id in 1..=LOG_LIMIT as i64 + 1 {
            let to = cache.next_change();
            cache.store(Cached::new(0, to, live.clone()), Some((from, Change { tasks: vec![id], ..Change::default() })));
            froms.push(from);
            from = to;
        }
        let current = cache.fresh(0).expect("stored");
        assert_eq!(current.change, from);
        assert!(cache.delta(&current, froms[0]).is_none(), "the first patch fell out of the log");
        // None of the tasks is open in the snapshot, so each touched id is "removed".
        let oldest = cache.delta(&current, froms[1]).expect("the oldest kept patch answers");
        assert_eq!((oldest.from, oldest.to), (froms[1], current.change));
        assert_eq!(oldest.removed, (2..=LOG_LIMIT as i64 + 1).collect::<Vec<_>>());
        let last = cache.delta(&current, froms[LOG_LIMIT]).expect("the newest patch answers");
        assert_eq!(last.removed, vec![LOG_LIMIT as i64 + 1]);
        assert!(cache.delta(&current, current.change).expect("nothing since now").is_empty());
        assert!(cache.delta(&current, current.change + 1).is_none(), "a number never issued");
        // A patch that does not follow the log's end starts it anew.
        let to = cache.next_change();
        cache.store(Cached::new(0, to, live.clone()), Some((froms[5], Change { tasks: vec![7], ..Change::default() })));
        let gap = cache.fresh(0).expect("stored");
        assert!(cache.delta(&gap, froms[LOG_LIMIT]).is_none(), "the log lost what came before the gap");
        assert_eq!(cache.delta(&gap, froms[5]).expect("the patch after the gap").removed, vec![7]);
        // A rebuild starts the log anew.
        cache.store(Cached::new(0, cache.next_change(), live), None);
        let rebuilt = cache.fresh(0).expect("stored");
        assert!(cache.delta(&rebuilt, to).is_none(), "numbers from before a rebuild are unknown");
    }

    /// A patch that fails after a committed write (here: the database is
    /// gone) is no error for the writer: the snapshot is marked stale, so
    /// the next reader rebuilds it instead of reading a snapshot without
    /// the write.
    #[tokio::test]
    async fn a_failed_patch_after_a_commit_marks_the_snapshot_stale() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db.sqlite3"), false).await.unwrap();
        let cache = SnapshotCache::default();
        cache.get(&store).await.unwrap();
        let generation = cache.generation.load(Ordering::SeqCst);
        assert!(cache.fresh(generation).is_some());
        store.close().await;
        assert!(cache.apply(&store, Change { tasks: vec![1], ..Change::default() }).await.is_err(), "the patch fails");
        cache.apply_committed(&store, Change { tasks: vec![1], ..Change::default() }).await;
        let now = cache.generation.load(Ordering::SeqCst);
        assert!(cache.fresh(now).is_none(), "stale: the next reader rebuilds");
    }
}
