//! The store: every read and write of the database, one module per
//! resource. Handlers see only [`Store`], [`Conn`], the store's own
//! [`Error`] and domain types; SQL and sqlx stay in here (and in `db.rs`,
//! which opens the file, and `seed.rs`, which bulk-loads demo data).
//!
//! A handler takes a connection and calls the resource methods on it:
//!
//! ```ignore
//! let mut tx = ctx.store.write().await?;          // BEGIN IMMEDIATE
//! let task = tx.task(id).await?;                  // store/tasks.rs
//! tx.add_history(id, user.id, "…").await?;        // store/history.rs
//! tx.commit().await?;
//! ```
//!
//! - [`Store::conn`]: a pooled connection, each statement on its own;
//! - [`Store::read`]: a read transaction (the reads agree with each other);
//! - [`Store::write`]: a write transaction that holds the write lock from its
//!   start (`BEGIN IMMEDIATE`), so what it reads is still true when it writes.
//!
//! Two backends: SQLite (the default, one file) and PostgreSQL (several
//! server instances on one database). `Store` and `Conn` have a variant per
//! backend; a resource method writes its statement once, with `?`
//! placeholders, inside [`on!`], which compiles the statement's code for
//! each backend and numbers the placeholders for PostgreSQL
//! ([`sql::numbered`]). The schema is the same in both (BIGINT integers,
//! flags as 0/1, days as TEXT), so one SQL text serves both; a flag is
//! bound and read as an integer ([`flag`]). On PostgreSQL a write
//! transaction takes one advisory lock first, so writers are serialized as
//! SQLite's `BEGIN IMMEDIATE` serializes them, across every instance.
//!
//! Resources: [`tasks`] (opgaver, taking them, list rows), [`history`],
//! [`decisions`] (a finished wizard's record), [`documents`], [`cases`]
//! (sager, træk), [`citizens`] (borgere), [`packages`] (package versions),
//! [`roles`], [`users`] (users and sessions), [`audit`], [`facts`] (the
//! snapshot's input), [`intake`] (source-system credentials, answered
//! messages), [`parameters`] (system parameter versions), [`events`]
//! (formue, received events), [`invoices`] (eFakturaer), [`limits`] (the
//! login throttle's and upload quotas' counts, shared by every instance).

pub mod audit;
pub mod cases;
pub mod changes;
pub mod citizens;
pub mod decisions;
pub mod documents;
pub mod events;
pub mod facts;
pub mod history;
pub mod intake;
pub mod invoices;
pub mod limits;
pub mod packages;
pub mod parameters;
pub mod roles;
pub mod sql;
pub mod tasks;
pub mod users;

pub use facts::Facts;
pub use packages::Which;
pub use tasks::{NewTask, TakeFrom};
pub use users::User;

use chrono::NaiveDate;
use sqlx::pool::PoolConnection;
use sqlx::{PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool, Transaction};
use std::path::Path;

/// The database, shared by every handler (cheap to clone).
#[derive(Clone)]
pub struct Store {
    pool: Pool,
}

/// The pool of one backend.
#[derive(Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Pg(PgPool),
}

/// One connection of the store: a transaction, or a plain pooled connection
/// (see [`Store`]). Every resource method is a method of `Conn`.
pub struct Conn(Inner);

enum Inner {
    SqlitePooled(PoolConnection<Sqlite>),
    SqliteTx(Transaction<'static, Sqlite>),
    PgPooled(PoolConnection<Postgres>),
    PgTx(Transaction<'static, Postgres>),
}

/// A connection of one backend, for one statement (see [`on!`]).
pub enum Db<'c> {
    Sqlite(&'c mut SqliteConnection),
    Pg(&'c mut PgConnection),
}

/// Runs the code of one statement on the connection's backend: `$body` is
/// written once and compiled for each backend, with `$db` that backend's
/// connection and `$sql` the function that gives a statement's text in the
/// backend's form (`?` placeholders numbered for PostgreSQL). `$body` is
/// the whole call, `.await` included; its value must not depend on the
/// backend (map an `execute` to its `rows_affected()`).
macro_rules! on {
    ($conn:expr, |$db:ident, $sql:ident| $body:expr) => {
        match $conn.db() {
            $crate::store::Db::Sqlite($db) => {
                let $sql = $crate::store::sql::for_sqlite;
                $body
            }
            $crate::store::Db::Pg($db) => {
                let $sql = $crate::store::sql::for_pg;
                $body
            }
        }
    };
}
pub(crate) use on;

/// The PostgreSQL advisory lock every write transaction takes first (one
/// writer at a time, across all instances, like SQLite's write lock).
const PG_WRITE_LOCK: i64 = 0x6f70_6b5f_7772_6974; // "opk_writ"

impl Store {
    /// Opens (creating and migrating if needed) the SQLite file; with
    /// `reset` the database is deleted first.
    pub async fn open(path: &Path, reset: bool) -> anyhow::Result<Store> {
        Ok(Store { pool: Pool::Sqlite(crate::db::connect(path, reset).await?) })
    }

    /// Connects to (and migrates) the PostgreSQL database at `url`; with
    /// `reset` every table is emptied first.
    pub async fn open_pg(url: &str, reset: bool) -> anyhow::Result<Store> {
        Ok(Store { pool: Pool::Pg(crate::db::connect_pg(url, reset).await?) })
    }

    /// Closes every connection; later calls fail.
    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(p) => p.close().await,
            Pool::Pg(p) => p.close().await,
        }
    }

    /// Whether this is PostgreSQL (several instances may share it).
    pub fn is_pg(&self) -> bool {
        matches!(self.pool, Pool::Pg(_))
    }

    /// A pooled connection without a transaction.
    pub async fn conn(&self) -> Result<Conn> {
        Ok(Conn(match &self.pool {
            Pool::Sqlite(p) => Inner::SqlitePooled(p.acquire().await?),
            Pool::Pg(p) => Inner::PgPooled(p.acquire().await?),
        }))
    }

    /// A read transaction: its reads see one state of the database.
    pub async fn read(&self) -> Result<Conn> {
        Ok(Conn(match &self.pool {
            Pool::Sqlite(p) => Inner::SqliteTx(p.begin().await?),
            Pool::Pg(p) => Inner::PgTx(p.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?),
        }))
    }

    /// A write transaction holding the write lock from its start: of two
    /// concurrent writers the second waits until the first has committed,
    /// and then reads what the first wrote.
    pub async fn write(&self) -> Result<Conn> {
        Ok(Conn(match &self.pool {
            Pool::Sqlite(p) => Inner::SqliteTx(p.begin_with("BEGIN IMMEDIATE").await?),
            Pool::Pg(p) => {
                let mut tx = p.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(PG_WRITE_LOCK).execute(&mut *tx).await?;
                Inner::PgTx(tx)
            }
        }))
    }
}

impl Conn {
    /// Commits a transaction (nothing to do for a plain connection).
    /// Dropping a transaction without committing rolls it back.
    pub async fn commit(self) -> Result<()> {
        match self.0 {
            Inner::SqliteTx(tx) => tx.commit().await?,
            Inner::PgTx(tx) => tx.commit().await?,
            Inner::SqlitePooled(_) | Inner::PgPooled(_) => {}
        }
        Ok(())
    }

    pub(crate) fn db(&mut self) -> Db<'_> {
        match &mut self.0 {
            Inner::SqlitePooled(c) => Db::Sqlite(c),
            Inner::SqliteTx(t) => Db::Sqlite(t),
            Inner::PgPooled(c) => Db::Pg(c),
            Inner::PgTx(t) => Db::Pg(t),
        }
    }

    /// Whether this connection is PostgreSQL's (for the few statements
    /// whose text differs between the backends).
    fn is_pg(&self) -> bool {
        matches!(self.0, Inner::PgPooled(_) | Inner::PgTx(_))
    }
}

/// A flag's stored form (0/1 in both backends' schema).
fn flag(b: bool) -> i64 {
    i64::from(b)
}

/// A failed read or write.
#[derive(Debug)]
pub enum Error {
    /// The database failed, or its rules refused a write (see [`Error::kind`]).
    Database(sqlx::Error),
    /// A stored value the server cannot read (a bug or a damaged database).
    Internal(anyhow::Error),
}

/// What kind of failure an [`Error`] is, for the HTTP layer's status code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// A row that had to exist did not.
    RowNotFound,
    /// A unique column already has the value.
    UniqueViolation,
    /// A reference to a missing row, or a row still referred to.
    ForeignKeyViolation,
    /// A `NOT NULL` or `CHECK` rule refused a value.
    InvalidValue,
    /// Versions of one key would overlap in time (SQLite: the triggers of
    /// migrations 0002 and 0004; PostgreSQL: their exclusion constraints).
    Overlap,
    /// A concurrent transaction won (PostgreSQL: serialization failure or
    /// deadlock): the same request again may succeed.
    Contention,
    /// The database cannot be reached (connection lost or refused, the
    /// pool's wait for a connection timed out, PostgreSQL shutting down or
    /// starting): the same request later may succeed.
    Unavailable,
    /// Anything else: the server's fault.
    Other,
}

/// SQLite's extended result code of a trigger's `RAISE(ABORT, …)`; the only
/// triggers of the schema refuse overlapping versions.
const SQLITE_CONSTRAINT_TRIGGER: &str = "1811";
/// What SQLite's overlap triggers say (migrations 0002 and 0004).
const OVERLAP_TRIGGER_MESSAGE: &str = "må ikke overlappe i tid";
/// PostgreSQL's SQLSTATEs of an exclusion constraint, a serialization
/// failure and a deadlock.
const PG_EXCLUSION_VIOLATION: &str = "23P01";
const PG_SERIALIZATION_FAILURE: &str = "40001";
const PG_DEADLOCK_DETECTED: &str = "40P01";

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Database(sqlx::Error::RowNotFound) => ErrorKind::RowNotFound,
            Error::Database(sqlx::Error::Database(db)) => match db.kind() {
                // Only the overlap triggers' refusal (migrations 0002, 0004);
                // any other trigger's (the append-only audit log, say) is not.
                _ if db.code().as_deref() == Some(PG_EXCLUSION_VIOLATION)
                    || db.code().as_deref() == Some(SQLITE_CONSTRAINT_TRIGGER) && db.message().contains(OVERLAP_TRIGGER_MESSAGE) =>
                {
                    ErrorKind::Overlap
                }
                _ if matches!(db.code().as_deref(), Some(PG_SERIALIZATION_FAILURE | PG_DEADLOCK_DETECTED)) => ErrorKind::Contention,
                // SQLSTATE classes 08 (connection exception) and 57 (operator
                // intervention: shutdown, starting up)
                _ if db.code().is_some_and(|c| c.starts_with("08") || c.starts_with("57P")) => ErrorKind::Unavailable,
                sqlx::error::ErrorKind::UniqueViolation => ErrorKind::UniqueViolation,
                sqlx::error::ErrorKind::ForeignKeyViolation => ErrorKind::ForeignKeyViolation,
                sqlx::error::ErrorKind::NotNullViolation | sqlx::error::ErrorKind::CheckViolation => ErrorKind::InvalidValue,
                _ => ErrorKind::Other,
            },
            Error::Database(
                sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Tls(_) | sqlx::Error::Protocol(_),
            ) => ErrorKind::Unavailable,
            Error::Database(_) | Error::Internal(_) => ErrorKind::Other,
        }
    }

    fn internal(message: String) -> Error {
        Error::Internal(anyhow::anyhow!(message))
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Database(e) => e.fmt(f),
            Error::Internal(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        Error::Database(e)
    }
}

// ------------------------------------------------------------ stored forms

const DAY_FORMAT: &str = "%Y-%m-%d";

/// `YYYY-MM-DD`, the stored form of a day (and the API's).
pub fn format_day(d: NaiveDate) -> String {
    d.format(DAY_FORMAT).to_string()
}

/// Reads a day in its stored form, `YYYY-MM-DD`.
pub fn parse_day(s: &str) -> Result<NaiveDate, chrono::ParseError> {
    NaiveDate::parse_from_str(s, DAY_FORMAT)
}

/// A stored day of `table`; an unreadable one is an internal error.
fn stored_day(s: &str, table: &str) -> Result<NaiveDate> {
    parse_day(s).map_err(|e| Error::internal(format!("ugyldig dato {s:?} i {table}: {e}")))
}

/// A stored enum code (`domain::model` codes) of `table`.
fn code<T>(v: i64, from: fn(u8) -> Option<T>, table: &str) -> Result<T> {
    u8::try_from(v).ok().and_then(from).ok_or_else(|| Error::internal(format!("ukendt kode {v} i {table}")))
}

/// A stored catalogue id.
fn id16(v: i64) -> u16 {
    u16::try_from(v).unwrap_or(u16::MAX)
}

/// `?,?,…,?`: one placeholder per value of an `IN (…)` list.
fn placeholders(n: usize) -> String {
    vec!["?"; n].join(",")
}

/// JSON text of a value for a TEXT column.
fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::internal(format!("JSON: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_day_reads_back_and_is_iso() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        assert_eq!(format_day(d), "2026-01-05");
        assert_eq!(parse_day("2026-01-05"), Ok(d));
        assert!(parse_day("05.01.2026").is_err());
        assert!(stored_day("2026-02-30", "test").is_err());
    }
}
