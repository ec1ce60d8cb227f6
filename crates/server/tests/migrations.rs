//! Migrations on databases with data. 0004 rebuilds `dokumenter` (a wider
//! format CHECK) on a database that already has documents on tasks and
//! cases: every row and link survives, and the new formats are accepted.
//! 0005 gives the roles already there every right. 0006 rebuilds
//! `audit_log` and makes it append-only.

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::SqlitePool;

/// A fresh database migrated through the first `n` migrations only (the
/// state before the migration under test).
async fn migrated_through(n: usize) -> (tempfile::TempDir, SqlitePool) {
    let dir = tempfile::tempdir().unwrap();
    let before = dir.path().join("before");
    std::fs::create_dir(&before).unwrap();
    let migrations = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut files: Vec<_> = std::fs::read_dir(&migrations).unwrap().map(|e| e.unwrap().file_name()).collect();
    files.sort();
    for f in files.iter().take(n) {
        std::fs::copy(migrations.join(f), before.join(f)).unwrap();
    }
    let options = SqliteConnectOptions::new().filename(dir.path().join("db.sqlite3")).create_if_missing(true).foreign_keys(true);
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await.unwrap();
    Migrator::new(before.as_path()).await.unwrap().run(&pool).await.unwrap();
    (dir, pool)
}

#[tokio::test]
async fn rebuilding_dokumenter_keeps_every_document_and_its_links() {
    let (_dir, pool) = migrated_through(3).await;
    for sql in [
        "INSERT INTO borgere (id, cpr, navn) VALUES (1, '0101011234', 'Test')",
        "INSERT INTO sager (id, borger_id, sagstype, titel, status, aktiv, enhed) VALUES (1, 1, 4, 'Sag', 2, 1, 3)",
        "INSERT INTO opgaver (id, opgavetype, relation, kilde, beloebsgodkendelse, enhed, borger_id, status, oprettet)
         VALUES (1, 1, 1, 1, 0, 3, 1, 1, '2026-01-01')",
        "INSERT INTO dokumenter (id, navn, format, kategori, modtaget) VALUES (1, 'a.pdf', 1, 1, '2026-01-01'), (2, 'b.xml', 2, NULL, '2026-01-02')",
        "INSERT INTO opgave_dokumenter VALUES (1, 1), (1, 2)",
        "INSERT INTO sag_dokumenter VALUES (1, 1)",
        "INSERT INTO dokument_indhold VALUES (1, x'255044462d')",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    let snapshot = |pool: sqlx::SqlitePool| async move {
        let docs: Vec<(i64, String, i64, Option<i64>, String)> =
            sqlx::query_as("SELECT id, navn, format, kategori, modtaget FROM dokumenter ORDER BY id").fetch_all(&pool).await.unwrap();
        let links: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT opgave_id, dokument_id FROM opgave_dokumenter UNION ALL SELECT sag_id + 1000, dokument_id FROM sag_dokumenter ORDER BY 1, 2",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        let content: Vec<(i64, Vec<u8>)> =
            sqlx::query_as("SELECT dokument_id, indhold FROM dokument_indhold").fetch_all(&pool).await.unwrap();
        (docs, links, content)
    };
    let old = snapshot(pool.clone()).await;
    assert!(sqlx::query("INSERT INTO dokumenter (navn, format, modtaget) VALUES ('c.png', 5, '2026-01-03')").execute(&pool).await.is_err());

    server::db::MIGRATOR.run(&pool).await.unwrap();
    assert_eq!(snapshot(pool.clone()).await, old, "every document, link and content is kept");
    sqlx::query("INSERT INTO dokumenter (navn, format, modtaget) VALUES ('c.png', 5, '2026-01-03')").execute(&pool).await.unwrap();
    assert!(sqlx::query("INSERT INTO dokumenter (navn, format, modtaget) VALUES ('d', 8, '2026-01-03')").execute(&pool).await.is_err());
    // The references still point at the rebuilt table and are enforced.
    assert!(sqlx::query("INSERT INTO opgave_dokumenter VALUES (1, 999)").execute(&pool).await.is_err());
    let fk: Vec<(String, i64, String, i64)> = sqlx::query_as("PRAGMA foreign_key_check").fetch_all(&pool).await.unwrap();
    assert!(fk.is_empty(), "{fk:?}");
}

/// Migration 0005 brings rights: a role that existed before keeps every
/// right (before rights, every user could do everything), and a task gets
/// a `startet_af` that is empty until someone starts one by hand.
#[tokio::test]
async fn roles_from_before_rights_keep_every_right() {
    let (_dir, pool) = migrated_through(4).await;
    sqlx::query("INSERT INTO roller (id, navn) VALUES (1, 'Gammel rolle')").execute(&pool).await.unwrap();
    sqlx::query(
        "INSERT INTO borgere (id, cpr, navn) VALUES (1, '0101011234', 'Test');
         INSERT INTO opgaver (id, opgavetype, relation, kilde, beloebsgodkendelse, enhed, borger_id, status, oprettet)
         VALUES (1, 1, 1, 1, 0, 3, 1, 1, '2026-01-01')",
    )
    .execute(&pool)
    .await
    .unwrap();

    server::db::MIGRATOR.run(&pool).await.unwrap();
    let rights: Vec<i64> =
        sqlx::query_scalar("SELECT rettighed FROM rolle_rettigheder WHERE rolle_id = 1 ORDER BY rettighed").fetch_all(&pool).await.unwrap();
    // Every right there was when the migration was written (codes 1–8).
    assert_eq!(rights, (1..=8).collect::<Vec<i64>>());
    let started: Option<i64> = sqlx::query_scalar("SELECT startet_af FROM opgaver WHERE id = 1").fetch_one(&pool).await.unwrap();
    assert_eq!(started, None);
    // A role made after the migration starts with none.
    sqlx::query("INSERT INTO roller (id, navn) VALUES (2, 'Ny rolle')").execute(&pool).await.unwrap();
    let none: i64 = sqlx::query_scalar("SELECT count(*) FROM rolle_rettigheder WHERE rolle_id = 2").fetch_one(&pool).await.unwrap();
    assert_eq!(none, 0);
}

/// Migration 0006 rebuilds `audit_log` (a user may be empty for a failed
/// login): every entry is kept with its id and references, the log then
/// refuses UPDATE and DELETE, and sessions from before count as unused.
#[tokio::test]
async fn the_audit_log_keeps_its_entries_and_becomes_append_only() {
    let (_dir, pool) = migrated_through(5).await;
    sqlx::query(
        "INSERT INTO brugere (id, brugernavn, navn, password_hash) VALUES (1, 'a', 'A', 'x');
         INSERT INTO borgere (id, cpr, navn) VALUES (1, '0101011234', 'Test');
         INSERT INTO sessioner (token_hash, bruger_id, udloeber) VALUES (x'01', 1, 9999999999);
         INSERT INTO audit_log (id, tidspunkt, bruger_id, handling, borger_id, detaljer) VALUES
           (5, '2026-01-01T10:00:00Z', 1, 1, 1, 'første'), (9, '2026-01-02T10:00:00Z', 1, 8, NULL, 'anden')",
    )
    .execute(&pool)
    .await
    .unwrap();
    type Entry = (i64, String, Option<i64>, i64, Option<i64>, String);
    let read = |pool: sqlx::SqlitePool| async move {
        sqlx::query_as::<_, Entry>("SELECT id, tidspunkt, bruger_id, handling, borger_id, detaljer FROM audit_log ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap()
    };
    let old = read(pool.clone()).await;

    server::db::MIGRATOR.run(&pool).await.unwrap();
    assert_eq!(read(pool.clone()).await, old, "every entry kept with its id");
    assert!(sqlx::query("UPDATE audit_log SET detaljer = 'x' WHERE id = 5").execute(&pool).await.is_err());
    assert!(sqlx::query("DELETE FROM audit_log WHERE id = 9").execute(&pool).await.is_err());
    // A failed login for an unknown username: no user, the name typed.
    sqlx::query("INSERT INTO audit_log (tidspunkt, brugernavn, handling) VALUES ('2026-01-03T10:00:00Z', 'ukendt', 11)")
        .execute(&pool)
        .await
        .unwrap();
    assert!(
        sqlx::query("INSERT INTO audit_log (tidspunkt, handling) VALUES ('2026-01-03T10:00:00Z', 11)").execute(&pool).await.is_err(),
        "someone"
    );
    assert!(
        sqlx::query("INSERT INTO audit_log (tidspunkt, bruger_id, handling) VALUES ('x', 99, 1)").execute(&pool).await.is_err(),
        "references hold"
    );
    let last_used: i64 = sqlx::query_scalar("SELECT sidst_brugt FROM sessioner").fetch_one(&pool).await.unwrap();
    assert_eq!(last_used, 0);
}

/// A migration that has been released is never edited: a database migrated
/// by an earlier build records the migration's checksum, and sqlx refuses
/// to start on a database whose applied migration no longer matches. A
/// change goes into a new migration. The table holds the first 8 bytes of
/// the SHA-384 of every released migration (`sha384sum`); add a row when a
/// new one is released, never change one.
#[test]
fn released_migrations_are_never_edited() {
    const RELEASED: &[(&str, i64, &str)] = &[
        ("migrations", 1, "a0d59b85a60b62f7"),
        ("migrations", 2, "20533df173034d54"),
        ("migrations", 3, "90538e1effdf1074"),
        ("migrations", 4, "28949e26477b1b29"),
        ("migrations", 5, "6d89a9e7393b0533"),
        ("migrations", 6, "6f3d418511f155cf"),
        ("migrations", 7, "711f336124ca6539"),
        ("migrations", 8, "019c5433e141e0f9"),
        ("migrations-pg", 1, "f864f21f1fa661dc"),
        ("migrations-pg", 2, "f4ab408d6b361a06"),
        ("migrations-pg", 3, "6381762c36a035f9"),
        ("migrations-pg", 4, "284c97286fdbf52e"),
        ("migrations-pg", 5, "70c70a9bc5deeeaa"),
        ("migrations-pg", 6, "1d7edd165d6d84fe"),
        ("migrations-pg", 7, "8ce075d2c8db55a3"),
        ("migrations-pg", 8, "49efb7edfab9aa3d"),
        ("migrations-pg", 9, "69ff8e9050f52c47"),
    ];
    for (dir, version, want) in RELEASED {
        let migrator = if *dir == "migrations" { &server::db::MIGRATOR } else { &server::db::PG_MIGRATOR };
        let m = migrator.iter().find(|m| m.version == *version).unwrap_or_else(|| panic!("{dir} {version:04} is gone"));
        let got: String = m.checksum.iter().take(8).map(|b| format!("{b:02x}")).collect();
        assert_eq!(&got, want, "{dir}/{version:04} was edited after release; put the change in a new migration");
    }
}
