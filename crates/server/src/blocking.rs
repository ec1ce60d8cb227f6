//! CPU-bound work (filters over the snapshot, building it, password hashes)
//! runs on tokio's blocking threads, never on the async ones.

/// Runs `f` on a blocking thread. If it panics or is cancelled, the error
/// names `what` (e.g. "snapshot"); callers turn it into their internal
/// error (`http::Error::Internal` by `From`).
pub async fn run<T: Send + 'static>(what: &'static str, f: impl FnOnce() -> T + Send + 'static) -> anyhow::Result<T> {
    tokio::task::spawn_blocking(f).await.map_err(|e| anyhow::anyhow!("{what}: {e}"))
}
