//! What it costs an instance to catch up after 10,000 writes made
//! elsewhere, on PostgreSQL (`catchup-bench DATABASE_URL`, run by `cargo
//! xtask bench` on its 1,000,000-task PostgreSQL database), against the
//! full rebuild a stale snapshot costs, measured in the same run.
//!
//! Instance B is this process's snapshot cache, built once. "Elsewhere" is
//! a second store (its own pool, as another instance has): 10,000 write
//! transactions, each a new Modtag post task with its change logged, as
//! intake writes them. Then B catches up from the change log
//! ([`SnapshotCache::catch_up`]: read the log after its last change,
//! re-read the touched rows, patch). The bench closes its tasks afterwards.

use domain::catalog::task_type;
use domain::model::{Kilde, OpgaveStatus};
use server::snapshot_cache::{Change, SnapshotCache};
use server::store::{NewTask, Store};
use std::time::Instant;

const WRITES: usize = 10_000;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let url = std::env::args().nth(1).expect("usage: catchup-bench postgres://…");
    let b = Store::open_pg(&url, false).await?;
    let cache = SnapshotCache::default();
    let tasks = cache.get(&b).await?.live.len();
    let rebuild = cache.rebuild_median_ms(&b).await?;
    let mut last = Some(b.conn().await?.last_change().await?);

    let elsewhere = Store::open_pg(&url, false).await?;
    let started = Instant::now();
    let mut written = Vec::with_capacity(WRITES);
    for i in 0..WRITES {
        let mut tx = elsewhere.write().await?;
        // a Modtag post task of one of the demo world's first 1,000 borgere
        let task = NewTask::ubehandlet(task_type::MODTAG_POST, Kilde::Selvbetjening, 1, 1 + (i as i64 % 1000), server::clock::today());
        let id = tx.insert_task(&task).await?;
        Change { tasks: vec![id], ..Change::default() }.note(&mut tx).await?;
        tx.commit().await?;
        written.push(id);
    }
    let writing = ms(started);

    let t = Instant::now();
    cache.catch_up(&b, &mut last).await?;
    let catch_up = ms(t);
    let caught = cache.get(&b).await?;
    assert!(written.iter().all(|&id| caught.live.position(id).is_some()), "B holds every write made elsewhere");
    drop(caught);

    let mut tx = elsewhere.write().await?;
    for &id in &written {
        tx.set_task_status(id, OpgaveStatus::Afsluttet).await?;
    }
    tx.commit().await?;

    println!("catching up after {WRITES} writes elsewhere, {tasks} open tasks, PostgreSQL");
    println!("{:<58} {:>10} {:>10}", "", "ms", "x rebuild");
    let row = |what: &str, v: f64| println!("{what:<58} {v:>10.1} {:>10.3}", v / rebuild);
    row("full rebuild from the database (baseline, median of 3)", rebuild);
    row(&format!("catch up from the change log, {WRITES} changes"), catch_up);
    row(&format!("the {WRITES} writes themselves, one transaction each"), writing);
    println!("catch-up {:.1} µs per change, {:.4}x the cost of writing it", catch_up * 1000.0 / WRITES as f64, catch_up / writing);
    Ok(())
}
