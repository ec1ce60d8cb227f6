//! Opgavepakker's server: the HTTP JSON API over SQLite, and the static
//! single-page app.
//!
//! Code map (dependencies point down the list, never up):
//! - [`http`]: one module per resource, the `Error` type, extractors for
//!   sessions (`AuthUser`, `AdminUser`) and bodies. No SQL: handlers call
//!   the store.
//! - [`snapshot_cache`]: the task snapshot built from the store's facts and
//!   cached in memory; task writes patch it after their commit
//!   (`SnapshotCache::apply`) or invalidate it. Its own `SnapshotError`.
//! - [`store`]: every read and write of the database, one module per
//!   resource, behind `Store` (the pool) and `Conn` (a connection or
//!   transaction); its own `Error`.
//! - [`db`]: opens and migrates the SQLite file (`crates/server/migrations`).
//! - [`seed`]: loads the demo data into an empty database; [`demo`]: the
//!   deterministic demo data generator (pure, no IO).
//! - [`simulator`]: the living demo's simulated source system (posts
//!   through the intake API in-process).
//! - [`config`]: command line / environment; [`clock`]: today and now;
//!   [`blocking`]: CPU-bound work off the async threads; [`password`]:
//!   argon2id hashes.
//!
//! Invariants: a whole CPR number is never logged and never leaves the
//! server in a list or a snapshot; role rules are checked here, not only in
//! the browser; every write is one transaction.

pub mod blocking;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod http;
pub mod loopback;
pub mod password;
pub mod seed;
pub mod simulator;
pub mod snapshot_cache;
pub mod store;

pub use config::Config;
pub use http::{app, ApiContext};
pub use store::Store;

/// Opens and migrates the database, seeds it with demo data when empty, and
/// returns the shared context for [`app`].
pub async fn init(config: Config) -> anyhow::Result<ApiContext> {
    Ok(start(config).await?.0)
}

/// As [`init`], also answering whether the demo data was seeded in this
/// start (the database was empty).
pub async fn start(config: Config) -> anyhow::Result<(ApiContext, bool)> {
    let store = Store::open(&config.database_path(), config.reset).await?;
    let seeded = seed::seed_if_empty(&store, config.seed, config.demo_tasks).await?;
    Ok((ApiContext::new(config, store)?, seeded))
}
