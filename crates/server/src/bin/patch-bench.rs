//! What it costs to bring the server's task snapshot up to date after one
//! intake, against rebuilding it from the database, measured in the same
//! run on the database the load benchmark keeps (1,000,000 demo tasks):
//! `patch-bench DATA_DIR`, run by `cargo xtask bench` after the load bench.
//!
//! The baseline is the full rebuild a stale snapshot costs (`invalidate` +
//! `get`: read every open task, borger and case, build). Then
//! `COMPACT_AT + 200` self-service Modtag post tasks are written (one
//! transaction) and patched in one at a time with [`SnapshotCache::apply`]
//! as a writer does after its commit (re-read the task's row, patch the
//! layers). The tail of changed tasks grows with every patch until
//! `COMPACT_AT`, when the cache merges the layers in the background; the
//! patch that comes next waits for that merge, so the series shows the
//! cost of a patch at every tail size and what a compaction does to the
//! slowest one. The merge itself (`Live::compacted`) is timed apart. The
//! bench closes its own tasks afterwards, so the packages' contents are as
//! before.

use chrono::Days;
use domain::catalog::task_type;
use domain::model::{Kilde, OpgaveStatus};
use domain::snapshot::live::COMPACT_AT;
use server::config::DATABASE_FILE;
use server::snapshot_cache::{Change, SnapshotCache};
use server::store::{NewTask, Store};
use std::time::Instant;

const AFTER: usize = 200;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// The `q` quantile (0..=1) of `xs`, sorted in place.
fn quantile(xs: &mut [f64], q: f64) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[((xs.len() - 1) as f64 * q).round() as usize]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = std::env::args().nth(1).expect("usage: patch-bench DATA_DIR");
    let store = Store::open(&std::path::Path::new(&dir).join(DATABASE_FILE), false).await?;
    let cache = SnapshotCache::default();
    let tasks = cache.get(&store).await?.live.len();

    let rebuild = cache.rebuild_median_ms(&store).await?;

    let n = COMPACT_AT + AFTER;
    let mut tx = store.write().await?;
    let mut written = Vec::with_capacity(n);
    for _ in 0..n {
        let id = tx
            .insert_task(&NewTask {
                opgavetype: task_type::MODTAG_POST,
                opfoelgningstype: None,
                kilde: Kilde::Selvbetjening,
                enhed: domain::catalog::unit::HELBREDSTILLAEG,
                borger_id: 1, // the demo world's first borger
                sag_id: None,
                status: OpgaveStatus::Ubehandlet,
                taget_af: None,
                oprettet: server::clock::today(),
                frist: Some(server::clock::today() + Days::new(14)),
                sagstype: None,
                automatisk: false,
                udfald_aarsag: None,
            })
            .await?;
        written.push(id);
    }
    tx.commit().await?;

    let mut patch = Vec::with_capacity(n);
    let mut before_merge = None;
    for (i, &id) in written.iter().enumerate() {
        if i + 1 == COMPACT_AT {
            before_merge = Some(cache.get(&store).await?.live.clone());
        }
        let t = Instant::now();
        cache.apply(&store, Change { tasks: vec![id], ..Change::default() }).await?;
        patch.push(ms(t));
    }
    let last = cache.get(&store).await?;
    assert!(written.iter().all(|&id| last.live.position(id).is_some()), "the patched snapshot holds every new task");
    assert!(last.live.changed_count() < COMPACT_AT, "the layers were merged at {COMPACT_AT} changes");
    drop(last);

    let before_merge = before_merge.expect("the series reaches COMPACT_AT");
    let changed = before_merge.changed_count();
    let mut merge = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        std::hint::black_box(before_merge.compacted());
        merge.push(ms(t));
    }
    let merge = quantile(&mut merge, 0.5);

    let mut tx = store.write().await?;
    for &id in &written {
        tx.set_task_status(id, OpgaveStatus::Afsluttet).await?;
    }
    tx.commit().await?;

    let small = quantile(&mut patch[..100].to_vec(), 0.5);
    let large = quantile(&mut patch[COMPACT_AT - 100..COMPACT_AT].to_vec(), 0.5);
    let (p50, p99, max) = (quantile(&mut patch, 0.5), quantile(&mut patch, 0.99), quantile(&mut patch, 1.0));
    println!("snapshot after one intake, {tasks} open tasks: {n} patches in a row (through one compaction) vs 3 full rebuilds");
    println!("{:<64} {:>10} {:>10}", "", "ms", "x rebuild");
    let row = |what: &str, v: f64| println!("{what:<64} {v:>10.3} {:>10.5}", v / rebuild);
    row("full rebuild from the database (baseline, median of 3)", rebuild);
    row("patch one task (SnapshotCache::apply), median", p50);
    row("  median of the first 100 (tail of 1-100 changed tasks)", small);
    row(&format!("  median of patches {}-{} (tail near {COMPACT_AT})", COMPACT_AT - 99, COMPACT_AT), large);
    row("  p99", p99);
    row("  slowest (waits for the background merge)", max);
    row(&format!("merge of the layers, {changed} changed tasks (Live::compacted, median of 3)"), merge);
    println!("patch median {p50:.3} ms = {:.5}x the full rebuild (target <= 1 ms at 1,000,000 tasks, O(changed tasks))", p50 / rebuild);
    Ok(())
}
