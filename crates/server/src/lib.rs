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
//! Production mode (`Config::production`): no demo data, credentials or
//! simulator, and no start while a user has the demo password.
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
pub mod throttle;

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
    let store = match &config.database_url {
        Some(url) => Store::open_pg(url, config.reset).await?,
        None => Store::open(&config.database_path(), config.reset).await?,
    };
    let seeded = if config.production {
        production_check(&store, config.initial_admin_password.as_deref()).await?;
        false
    } else {
        seed::seed_if_empty(&store, config.seed, config.demo_tasks).await?
    };
    let ctx = ApiContext::new(config, store)?;
    // Several instances on one database: each follows the others' writes.
    if ctx.store.is_pg() {
        ctx.snapshot.follow(ctx.store.clone());
    }
    Ok((ctx, seeded))
}

/// Production mode: no demo data. An empty database gets the administrator
/// `admin` with the initial password given; the start is refused while any
/// user's password is the demo password (each hash verified against it).
async fn production_check(store: &Store, initial_admin_password: Option<&str>) -> anyhow::Result<()> {
    let mut conn = store.write().await?;
    if conn.user_count().await? == 0 {
        let Some(password) = initial_admin_password else {
            anyhow::bail!("databasen har ingen brugere: angiv --initial-admin-password (OPGAVEPAKKER_INITIAL_ADMIN_PASSWORD) til den første administrator");
        };
        if password.chars().count() < 12 || password == demo::PASSWORD {
            anyhow::bail!("--initial-admin-password skal være mindst 12 tegn og ikke demoadgangskoden");
        }
        let password = password.to_owned();
        let hash = blocking::run("adgangskode", move || password::hash(&password)).await??;
        conn.insert_user("admin", "Systemadministrator", true, &hash).await?;
        tracing::info!("første administrator »admin« oprettet");
    }
    let users = conn.password_hashes().await?;
    conn.commit().await?;
    let demo_users = blocking::run("adgangskodekontrol", move || {
        users.into_iter().filter(|(_, hash)| password::verify(demo::PASSWORD, hash)).map(|(name, _)| name).collect::<Vec<_>>()
    })
    .await?;
    if !demo_users.is_empty() {
        anyhow::bail!("produktionstilstand: {} har demoadgangskoden; skift den, eller start uden --production", demo_users.join(", "));
    }
    Ok(())
}
