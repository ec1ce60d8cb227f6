//! The database, opened and migrated at start. SQLite (the default): one
//! file (versioned migrations in `crates/server/migrations`), WAL mode with
//! `synchronous=FULL` (durable commits), foreign keys on, the Danish
//! collation on every connection; opened by `store::Store::open`, the
//! file's place is the configuration's (`Config::database_path`).
//! PostgreSQL (`--database-url`): `crates/server/migrations-pg`, opened by
//! `store::Store::open_pg`.

use anyhow::Context;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::path::Path;
use std::time::Duration;

pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// The PostgreSQL schema: `crates/server/migrations-pg`, the same numbers
/// and the same tables as the SQLite migrations (see its 0001 for how the
/// types are mapped).
pub static PG_MIGRATOR: Migrator = sqlx::migrate!("./migrations-pg");

/// Connects to the PostgreSQL database at `url` and migrates it; with
/// `reset` its schema `public` (every table of the product) is dropped and
/// made anew first.
pub async fn connect_pg(url: &str, reset: bool) -> anyhow::Result<sqlx::PgPool> {
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(3))
        .connect(url)
        .await
        .context("kan ikke forbinde til PostgreSQL-databasen")?;
    if reset {
        sqlx::raw_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
            .execute(&pool)
            .await
            .context("kan ikke nulstille PostgreSQL-databasen")?;
    }
    PG_MIGRATOR.run(&pool).await.context("databasemigrering (PostgreSQL) fejlede")?;
    Ok(pool)
}

/// The name of the collation that sorts text in Danish alphabetical order.
pub const DANISH: &str = "dansk";

/// Opens (creating it and its folder if needed) and migrates the database
/// at `path`. With `reset` the database files are deleted first.
pub async fn connect(path: &Path, reset: bool) -> anyhow::Result<SqlitePool> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("kan ikke oprette datamappen {}", dir.display()))?;
    }
    if reset {
        delete_database(path)?;
    }
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // An acknowledged write survives a power cut too: in WAL mode FULL
        // syncs the log at every commit (NORMAL only at checkpoints). The
        // load bench prints what it costs.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5))
        // `ORDER BY navn COLLATE dansk`: names in Danish alphabetical order
        // (SQLite's own order compares bytes and puts Å before Æ and Ø).
        .collation(DANISH, domain::collate::danish_cmp);
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .with_context(|| format!("kan ikke åbne databasen {}", path.display()))?;
    MIGRATOR.run(&pool).await.context("databasemigrering fejlede")?;
    Ok(pool)
}

fn delete_database(path: &Path) -> anyhow::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("kan ikke slette {}", Path::new(&p).display())),
        }
    }
    Ok(())
}

/// What a durable commit costs, for the load bench: `n` one-row write
/// transactions on a fresh WAL database at `path` (deleted first and
/// after) with the given `synchronous` mode; each commit's time in ms,
/// sorted.
pub async fn commit_times(path: &Path, synchronous: SqliteSynchronous, n: usize) -> anyhow::Result<Vec<f64>> {
    use sqlx::{ConnectOptions, Connection};
    delete_database(path)?;
    let mut db = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(synchronous)
        .connect()
        .await?;
    sqlx::query("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)").execute(&mut db).await?;
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let started = std::time::Instant::now();
        let mut tx = db.begin().await?;
        sqlx::query("INSERT INTO t (v) VALUES (?)").bind(format!("eftersyn {i}")).execute(&mut *tx).await?;
        tx.commit().await?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    db.close().await?;
    delete_database(path)?;
    times.sort_by(f64::total_cmp);
    Ok(times)
}
