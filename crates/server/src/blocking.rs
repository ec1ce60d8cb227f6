//! CPU-bound work (filters over the snapshot, building it, password hashes)
//! runs on tokio's blocking threads, never on the async ones.

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// Runs `f` on a blocking thread. If it panics or is cancelled, the error
/// names `what` (e.g. "snapshot"); callers turn it into their internal
/// error (`http::Error::Internal` by `From`).
pub async fn run<T: Send + 'static>(what: &'static str, f: impl FnOnce() -> T + Send + 'static) -> anyhow::Result<T> {
    tokio::task::spawn_blocking(f).await.map_err(|e| anyhow::anyhow!("{what}: {e}"))
}

/// No permit within the wait: too much of this work at once.
#[derive(Debug)]
pub struct Busy;

/// As [`run`], holding one of `permits` while `f` runs, so at most that
/// many run at once (password hashes: a flood of logins cannot take every
/// core). Waits at most `wait` for a permit.
pub async fn run_limited<T: Send + 'static>(
    permits: &Arc<Semaphore>,
    wait: Duration,
    what: &'static str,
    f: impl FnOnce() -> T + Send + 'static,
) -> anyhow::Result<Result<T, Busy>> {
    let permit = match tokio::time::timeout(wait, permits.clone().acquire_owned()).await {
        Ok(Ok(permit)) => permit,
        Ok(Err(_)) | Err(_) => return Ok(Err(Busy)),
    };
    let out = run(what, f).await?;
    drop(permit);
    Ok(Ok(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn at_most_the_permits_run_at_once_and_a_full_queue_is_busy() {
        let permits = Arc::new(Semaphore::new(2));
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let jobs = (0..8).map(|_| {
            let (permits, running, most) = (permits.clone(), running.clone(), most.clone());
            tokio::spawn(async move {
                run_limited(&permits, Duration::from_secs(30), "test", move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(20));
                    running.fetch_sub(1, Ordering::SeqCst);
                })
                .await
            })
        });
        for j in jobs.collect::<Vec<_>>() {
            assert!(j.await.unwrap().unwrap().is_ok());
        }
        assert_eq!(most.load(Ordering::SeqCst), 2, "two permits: never more than two at once, and both used");
        let _all = permits.clone().acquire_many_owned(2).await.unwrap();
        assert!(run_limited(&permits, Duration::from_millis(10), "test", || ()).await.unwrap().is_err(), "no permit: busy");
    }
}
