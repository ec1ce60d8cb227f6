//! The PostgreSQL schema (`migrations-pg`) on a real PostgreSQL: each test
//! migrates a fresh database made on the server of
//! `OPGAVEPAKKER_TEST_DATABASE_URL` (`cargo xtask test` starts a throwaway
//! cluster and sets it). Without the variable the tests say so and pass:
//! the SQLite schema has its own tests (migrations.rs, packages_write.rs).

use domain::collate::danish_cmp;
use server::store::{Error, ErrorKind};
use sqlx::PgPool;

mod common;

/// A freshly migrated database of its own, or `None` without a server.
async fn fresh_db() -> Option<PgPool> {
    let Some(server_url) = common::test_postgres() else {
        eprintln!("OPGAVEPAKKER_TEST_DATABASE_URL er ikke sat: PostgreSQL-testen springes over");
        return None;
    };
    let url = common::fresh_pg_database(&server_url).await;
    Some(server::db::connect_pg(&url, false).await.unwrap())
}

/// `words` sorted by PostgreSQL's `COLLATE dansk` and by domain::collate.
async fn orders(db: &PgPool, words: Vec<String>) -> (Vec<String>, Vec<String>) {
    let by_postgres: Vec<String> =
        sqlx::query_scalar("SELECT w FROM unnest($1::text[]) AS w ORDER BY w COLLATE dansk").bind(&words).fetch_all(db).await.unwrap();
    let mut by_domain = words;
    by_domain.sort_by(|a, b| danish_cmp(a, b));
    (by_postgres, by_domain)
}

/// Every character domain::collate states the order of (ASCII, Latin-1,
/// Latin Extended-A, but the fractions and ŉ, which ICU writes as signs it
/// leaves out), alone and beside others.
fn alphabet() -> Vec<char> {
    (0x20..0x7f_u32).chain(0xa0..0x180).filter_map(char::from_u32).filter(|c| !"½¼¾ŉ".contains(*c)).collect()
}

#[tokio::test]
async fn danish_order_is_domain_collate_order() {
    let Some(db) = fresh_db().await else { return };
    let names = [
        "Ærø",
        "Ørsted",
        "Åbenrå",
        "Aabenraa",
        "Zealand",
        "abe",
        "Abe",
        "Borger",
        "bolig",
        "Bolig",
        "Anden",
        "andet",
        "Eva",
        "Éva",
        "Ezra",
        "Ost",
        "Øst",
        "Öst",
        "Ölund",
        "æble",
        "Æble",
        "øl",
        "å",
        "10",
        "9",
        "1",
        "Sag 2",
        "Sag 10",
        "Sag-2",
        "Sag_2",
        "Yrsa",
        "Ülla",
        "Åse",
        "Aase",
        "AAse",
        "Kaare",
        "Kåre",
        "Strauß",
        "Strauss",
        "Þór",
        "Thor",
        "Œuvre",
        "Oeuvre",
        "Ĳssel",
        "Ijssel",
        "Col·legi",
        "Collegi",
        "Coŀlegi",
        "COL·LEGI",
    ];
    let alphabet = alphabet();
    let mut words: Vec<String> = names.iter().map(|w| w.to_string()).collect();
    for &c in &alphabet {
        words.extend([c.to_string(), format!("{c}a"), format!("A{c}"), format!("a{c}b"), format!("{c}{c}")]);
    }
    // Words of two to six characters, letters and the Danish ones more often
    // than signs (a fixed linear congruential sequence, the same every run).
    let common: Vec<char> = "aAaAåÅeéEoøØöÖsßtþhuüyæÆäbc -.".chars().collect();
    let mut state = 0x2545_f491_u64;
    let mut next = |n: usize| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % n
    };
    for _ in 0..4000 {
        let len = 2 + next(5);
        let word: String =
            (0..len).map(|_| if next(4) == 0 { alphabet[next(alphabet.len())] } else { common[next(common.len())] }).collect();
        words.push(word);
    }
    words.sort();
    words.dedup();
    let (by_postgres, by_domain) = orders(&db, words).await;
    if let Some(i) = by_postgres.iter().zip(&by_domain).position(|(p, d)| p != d) {
        let around = |v: &[String]| v[i.saturating_sub(2)..(i + 3).min(v.len())].to_vec();
        panic!("PostgreSQL and domain::collate differ at {i}: {:?} against {:?}", around(&by_postgres), around(&by_domain));
    }
    assert_eq!(by_postgres.len(), by_domain.len());
}

#[tokio::test]
async fn versions_of_one_key_never_overlap() {
    let Some(db) = fresh_db().await else { return };
    sqlx::query("INSERT INTO brugere (brugernavn, navn, password_hash) VALUES ('a', 'A', 'x')").execute(&db).await.unwrap();
    let user: i64 = sqlx::query_scalar("SELECT id FROM brugere").fetch_one(&db).await.unwrap();
    let pakke: i64 = sqlx::query_scalar("INSERT INTO opgavepakker (noegle) VALUES ('OP-0001') RETURNING id").fetch_one(&db).await.unwrap();
    let version = |fra: &'static str, til: Option<&'static str>| {
        let db = db.clone();
        async move {
            sqlx::query(
                "INSERT INTO opgavepakke_versioner (pakke_id, navn, filter, gyldig_fra, gyldig_til, oprettet_af, oprettet)
                 VALUES ($1, 'V', '{}', $2, $3, $4, '2026-01-01T00:00:00+01:00') RETURNING id",
            )
            .bind(pakke)
            .bind(fra)
            .bind(til)
            .bind(user)
            .fetch_one(&db)
            .await
            .map(|_| ())
        }
    };
    version("2025-01-01", Some("2025-06-30")).await.unwrap();
    // the next day is fine, an open end too
    version("2025-07-01", None).await.unwrap();
    // the last day of the first again: refused, and an overlap to the store
    let refused = version("2025-06-30", Some("2025-06-30")).await.unwrap_err();
    assert_eq!(Error::from(refused).kind(), ErrorKind::Overlap);
    // inside the open-ended one
    let refused = version("2030-01-01", None).await.unwrap_err();
    assert_eq!(Error::from(refused).kind(), ErrorKind::Overlap);
    // reopening the first one overlaps the second
    let reopen =
        sqlx::query("UPDATE opgavepakke_versioner SET gyldig_til = NULL WHERE gyldig_fra = '2025-01-01'").execute(&db).await.unwrap_err();
    assert_eq!(Error::from(reopen).kind(), ErrorKind::Overlap);

    // system parameters: the same rule per key
    let parameter = |noegle: &'static str, fra: &'static str| {
        let db = db.clone();
        async move {
            sqlx::query(
                "INSERT INTO systemparameter_versioner (noegle, vaerdi, gyldig_fra, oprettet_af, oprettet)
                 VALUES ($1, '1', $2, $3, '2026-01-01T00:00:00+01:00')",
            )
            .bind(noegle)
            .bind(fra)
            .bind(user)
            .execute(&db)
            .await
            .map(|_| ())
        }
    };
    parameter("a", "2025-01-01").await.unwrap();
    parameter("b", "2025-01-01").await.unwrap();
    let refused = parameter("a", "2026-01-01").await.unwrap_err();
    assert_eq!(Error::from(refused).kind(), ErrorKind::Overlap);
}

#[tokio::test]
async fn rules_of_the_sqlite_schema_hold_too() {
    let Some(db) = fresh_db().await else { return };
    // role names are unique regardless of case (SQLite: COLLATE NOCASE)
    sqlx::query("INSERT INTO roller (navn) VALUES ('Pension')").execute(&db).await.unwrap();
    let same = sqlx::query("INSERT INTO roller (navn) VALUES ('pension')").execute(&db).await.unwrap_err();
    assert_eq!(Error::from(same).kind(), ErrorKind::UniqueViolation);
    // every role of migration 0005's time has every right: a new one none
    let rights: i64 = sqlx::query_scalar("SELECT count(*) FROM rolle_rettigheder").fetch_one(&db).await.unwrap();
    assert_eq!(rights, 0);
    // a document format beyond 7 is refused (0004 widened the CHECK from 3)
    sqlx::query("INSERT INTO dokumenter (navn, format, modtaget) VALUES ('a.docx', 7, '2026-01-01')").execute(&db).await.unwrap();
    let bad =
        sqlx::query("INSERT INTO dokumenter (navn, format, modtaget) VALUES ('a.x', 8, '2026-01-01')").execute(&db).await.unwrap_err();
    assert_eq!(Error::from(bad).kind(), ErrorKind::InvalidValue);
    // a person task needs a borger
    let bad = sqlx::query(
        "INSERT INTO opgaver (opgavetype, relation, kilde, beloebsgodkendelse, enhed, status, oprettet)
         VALUES (1, 1, 1, 0, 1, 1, '2026-01-01')",
    )
    .execute(&db)
    .await
    .unwrap_err();
    assert_eq!(Error::from(bad).kind(), ErrorKind::InvalidValue);
}
