//! Opgavepakker's server: the HTTP JSON API of API.md over SQLite, and the
//! static single-page app.
//!
//! Code map:
//! - [`config`]: command line / environment.
//! - [`db`]: the SQLite file, migrations (`crates/server/migrations`).
//! - [`demo`]: the deterministic demo data generator (pure, no IO);
//!   [`seed`] loads it into an empty database.
//! - [`snapshot_cache`]: the task snapshot built from the database and
//!   cached in memory; task writes patch it after their commit
//!   (`SnapshotCache::apply`) or invalidate it.
//! - [`http`]: one module per resource, the `Error` type, extractors for
//!   sessions (`AuthUser`, `AdminUser`) and bodies.
//!
//! Invariants: a whole CPR number is never logged and never leaves the
//! server in a list or a snapshot; role rules are checked here, not only in
//! the browser; every write is one transaction.

pub mod config;
pub mod db;
pub mod demo;
pub mod http;
pub mod password;
pub mod seed;
pub mod snapshot_cache;

pub use config::Config;
pub use http::{app, ApiContext};

/// Opens and migrates the database, seeds it with demo data when empty, and
/// returns the shared context for [`app`].
pub async fn init(config: Config) -> anyhow::Result<ApiContext> {
    let db = db::connect(&config).await?;
    seed::seed_if_empty(&db, config.seed, config.demo_tasks).await?;
    ApiContext::new(config, db)
}
