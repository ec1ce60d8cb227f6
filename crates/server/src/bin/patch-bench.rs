//! What it costs to bring the server's task snapshot up to date after one
//! intake, against rebuilding it from the database, measured in the same
//! run on the database the load benchmark keeps (1,000,000 demo tasks):
//! `patch-bench DATA_DIR`, run by `cargo xtask bench` after the load bench.
//!
//! Each round writes one self-service Modtag post task as the intake does
//! (one transaction), then times [`SnapshotCache::apply`] for it: re-read
//! the changed rows and patch them into the cached snapshot. The baseline is
//! the full rebuild a stale snapshot costs (`invalidate` + `get`). The bench
//! closes its own tasks afterwards, so the packages' contents are as before.

use chrono::Days;
use domain::catalog::task_type;
use domain::model::{Kilde, OpgaveStatus};
use server::config::DATABASE_FILE;
use server::snapshot_cache::{Change, SnapshotCache};
use server::store::{NewTask, Store};
use std::time::Instant;

const ROUNDS: usize = 7;

fn median(mut ms: Vec<f64>) -> f64 {
    ms.sort_by(f64::total_cmp);
    ms[ms.len() / 2]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = std::env::args().nth(1).expect("usage: patch-bench DATA_DIR");
    let store = Store::open(&std::path::Path::new(&dir).join(DATABASE_FILE), false).await?;
    let cache = SnapshotCache::default();
    let first = cache.get(&store).await?;
    let tasks = first.live.len();
    drop(first);

    let mut rebuild = Vec::new();
    for _ in 0..3 {
        cache.invalidate();
        let t = Instant::now();
        cache.get(&store).await?;
        rebuild.push(t.elapsed().as_secs_f64() * 1000.0);
    }

    let mut patch = Vec::new();
    let mut written = Vec::new();
    for _ in 0..ROUNDS {
        let mut tx = store.write().await?;
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
        tx.commit().await?;
        written.push(id);
        let t = Instant::now();
        cache.apply(&store, Change { tasks: vec![id], ..Change::default() }).await?;
        patch.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(cache.get(&store).await?.live.position(id).is_some(), "the patched snapshot holds the new task");
    }
    for id in written {
        let mut tx = store.write().await?;
        tx.set_task_status(id, OpgaveStatus::Afsluttet).await?;
        tx.commit().await?;
    }

    let (p, r) = (median(patch), median(rebuild));
    println!("snapshot after one intake, {tasks} open tasks: median of {ROUNDS} patches vs 3 full rebuilds");
    println!("{:<52} {:>10}", "", "ms");
    println!("{:<52} {:>10.2}", "full rebuild from the database (baseline)", r);
    println!("{:<52} {:>10.2}", "patch one new task (SnapshotCache::apply)", p);
    println!("patch {p:.2} ms = {:.3}x the full rebuild (target <= 1 ms, O(changed tasks))", p / r);
    Ok(())
}
