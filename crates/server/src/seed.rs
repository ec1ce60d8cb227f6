//! Loads the demo data ([`crate::demo`]) into an empty database: roles,
//! users, packages and the generated borgere, cases, tasks and documents, all
//! in one transaction with multi-row prepared INSERTs. Bulk statements of
//! their own (explicit ids, thousands of rows each), so they are here and
//! not in the store; days are stored in the store's form
//! ([`crate::store::format_day`]).

use crate::demo::{self, DemoData};
use crate::password;
use crate::store::{format_day as day, Store};
use anyhow::Context;
use sqlx::query::Query;
use sqlx::sqlite::SqliteArguments;
use sqlx::{Sqlite, SqliteConnection};
use std::collections::HashMap;
use std::time::Instant;

/// SQLite's limit on bound parameters per statement (since 3.32).
const MAX_PARAMS: usize = 32_766;
const MAX_ROWS_PER_INSERT: usize = 1_000;

/// Seeds the database if it has no users. Returns whether it did.
pub async fn seed_if_empty(store: &Store, seed: u64, tasks: usize) -> anyhow::Result<bool> {
    let pool = store.pool();
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM brugere").fetch_one(pool).await?;
    if users > 0 {
        return Ok(false);
    }
    let started = Instant::now();
    let (data, hashes) = crate::blocking::run("demodata", move || -> anyhow::Result<_> {
        let data = demo::generate(seed, tasks);
        let hashes = demo::USERS.iter().map(|_| password::hash(demo::PASSWORD)).collect::<anyhow::Result<Vec<_>>>()?;
        Ok((data, hashes))
    })
    .await??;
    let generated = started.elapsed();

    let mut tx = pool.begin().await?;
    let user_ids = insert_people(&mut tx, &hashes).await?;
    insert_data(&mut tx, &data, &user_ids).await.context("demodata kunne ikke indsættes")?;
    insert_packages(&mut tx, &user_ids).await?;
    tx.commit().await?;
    tracing::info!(
        opgaver = data.opgaver.len(),
        borgere = data.borgere.len(),
        sager = data.sager.len(),
        dokumenter = data.dokumenter.len(),
        generering_ms = generated.as_millis() as u64,
        i_alt_ms = started.elapsed().as_millis() as u64,
        "demodata oprettet"
    );
    Ok(true)
}

/// Roles and users; returns user ids by username and role ids by name
/// (both in one map, roles prefixed with `rolle:`).
async fn insert_people(conn: &mut SqliteConnection, hashes: &[String]) -> sqlx::Result<HashMap<String, i64>> {
    let mut ids = HashMap::new();
    for (navn, beskrivelse, rettigheder) in demo::ROLES {
        let id: i64 = sqlx::query_scalar("INSERT INTO roller (navn, beskrivelse) VALUES (?, ?) RETURNING id")
            .bind(navn)
            .bind(beskrivelse)
            .fetch_one(&mut *conn)
            .await?;
        for p in *rettigheder {
            sqlx::query("INSERT INTO rolle_rettigheder (rolle_id, rettighed) VALUES (?, ?)")
                .bind(id)
                .bind(i64::from(p.code()))
                .execute(&mut *conn)
                .await?;
        }
        ids.insert(format!("rolle:{navn}"), id);
    }
    for (u, hash) in demo::USERS.iter().zip(hashes) {
        let id: i64 = sqlx::query_scalar("INSERT INTO brugere (brugernavn, navn, admin, password_hash) VALUES (?, ?, ?, ?) RETURNING id")
            .bind(u.brugernavn)
            .bind(u.navn)
            .bind(u.admin)
            .bind(hash)
            .fetch_one(&mut *conn)
            .await?;
        for r in u.roller {
            sqlx::query("INSERT INTO bruger_roller (bruger_id, rolle_id) VALUES (?, ?)")
                .bind(id)
                .bind(ids[&format!("rolle:{r}")])
                .execute(&mut *conn)
                .await?;
        }
        ids.insert(u.brugernavn.to_owned(), id);
    }
    Ok(ids)
}

type Q<'q> = Query<'q, Sqlite, SqliteArguments<'q>>;

/// Inserts `rows` with multi-row INSERTs of one prepared shape (the last,
/// shorter chunk gets its own statement). `bind` binds one row's values,
/// owned, in column order.
async fn insert_rows<T>(
    conn: &mut SqliteConnection,
    table: &str,
    columns: &[&str],
    rows: &[T],
    bind: impl for<'q> Fn(Q<'q>, &T) -> Q<'q>,
) -> sqlx::Result<()> {
    let per = (MAX_PARAMS / columns.len()).min(MAX_ROWS_PER_INSERT);
    let full = insert_sql(table, columns, per);
    for chunk in rows.chunks(per) {
        let short;
        let sql = if chunk.len() == per {
            full.as_str()
        } else {
            short = insert_sql(table, columns, chunk.len());
            short.as_str()
        };
        let mut q = sqlx::query(sql);
        for row in chunk {
            q = bind(q, row);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

fn insert_sql(table: &str, columns: &[&str], rows: usize) -> String {
    let one = format!("({})", vec!["?"; columns.len()].join(","));
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(","));
    for i in 0..rows {
        if i > 0 {
            sql.push(',');
        }
        sql.push_str(&one);
    }
    sql
}

async fn insert_data(conn: &mut SqliteConnection, d: &DemoData, ids: &HashMap<String, i64>) -> anyhow::Result<()> {
    insert_rows(conn, "borgere", &["id", "cpr", "navn", "pensionstype"], &d.borgere, |q, b| {
        q.bind(b.id).bind(b.cpr.digits()).bind(b.navn.clone()).bind(b.pensionstype.map(i64::from))
    })
    .await?;
    insert_rows(
        conn,
        "sager",
        &["id", "borger_id", "sagstype", "ydelse", "titel", "status", "aktiv", "startdato", "enhed"],
        &d.sager,
        |q, s| {
            q.bind(s.id)
                .bind(s.borger_id)
                .bind(i64::from(s.sagstype))
                .bind(s.ydelse.map(i64::from))
                .bind(s.titel.clone())
                .bind(i64::from(s.status.code()))
                .bind(s.aktiv)
                .bind(s.startdato.map(day))
                .bind(i64::from(s.enhed))
        },
    )
    .await?;
    let user = |name: &Option<String>| -> anyhow::Result<Option<i64>> {
        name.as_ref().map(|n| ids.get(n).copied().with_context(|| format!("ukendt demobruger {n}"))).transpose()
    };
    let taken: Vec<Option<i64>> = d.opgaver.iter().map(|o| user(&o.taget_af)).collect::<anyhow::Result<_>>()?;
    let rows: Vec<_> = d.opgaver.iter().zip(&taken).collect();
    insert_rows(
        conn,
        "opgaver",
        &[
            "id",
            "opgavetype",
            "opfoelgningstype",
            "relation",
            "kilde",
            "beloebsgodkendelse",
            "enhed",
            "borger_id",
            "sag_id",
            "status",
            "taget_af",
            "oprettet",
            "frist",
        ],
        &rows,
        |q, (o, taget_af)| {
            q.bind(o.id)
                .bind(i64::from(o.opgavetype))
                .bind(o.opfoelgningstype.map(i64::from))
                .bind(i64::from(o.relation.code()))
                .bind(i64::from(o.kilde.code()))
                .bind(o.beloebsgodkendelse)
                .bind(i64::from(o.enhed))
                .bind(o.borger_id)
                .bind(o.sag_id)
                .bind(i64::from(o.status.code()))
                .bind(**taget_af)
                .bind(day(o.oprettet))
                .bind(o.frist.map(day))
        },
    )
    .await?;
    // history: who took a task
    let history: Vec<(i64, i64, String)> =
        d.opgaver.iter().zip(&taken).filter_map(|(o, t)| t.map(|u| (o.id, u, format!("{}T09:00:00+01:00", day(o.oprettet))))).collect();
    insert_rows(conn, "opgave_historik", &["opgave_id", "bruger_id", "tidspunkt", "tekst"], &history, |q, h| {
        q.bind(h.0).bind(h.1).bind(h.2.clone()).bind("Opgaven er taget")
    })
    .await?;
    insert_rows(conn, "dokumenter", &["id", "navn", "format", "kategori", "modtaget"], &d.dokumenter, |q, x| {
        q.bind(x.id).bind(x.navn.clone()).bind(i64::from(x.format.code())).bind(x.kategori.map(i64::from)).bind(day(x.modtaget))
    })
    .await?;
    insert_rows(conn, "opgave_dokumenter", &["opgave_id", "dokument_id"], &d.opgave_dokumenter, |q, &(a, b)| q.bind(a).bind(b)).await?;
    insert_rows(conn, "sag_dokumenter", &["sag_id", "dokument_id"], &d.sag_dokumenter, |q, &(a, b)| q.bind(a).bind(b)).await?;
    Ok(())
}

async fn insert_packages(conn: &mut SqliteConnection, ids: &HashMap<String, i64>) -> anyhow::Result<()> {
    let admin = ids["admin"];
    for (i, versions) in demo::packages().into_iter().enumerate() {
        let noegle = format!("OP-{:04}", i + 1);
        let pakke_id: i64 =
            sqlx::query_scalar("INSERT INTO opgavepakker (noegle) VALUES (?) RETURNING id").bind(&noegle).fetch_one(&mut *conn).await?;
        for (k, v) in versions.iter().enumerate() {
            let oprettet =
                format!("{}T08:00:00+01:00", day(v.gyldig_fra.checked_sub_days(chrono::Days::new(14 - k as u64)).expect("date")));
            let version_id: i64 = sqlx::query_scalar(
                "INSERT INTO opgavepakke_versioner (pakke_id, navn, beskrivelse, filter, aendringsaarsag, gyldig_fra, gyldig_til, oprettet_af, oprettet)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            )
            .bind(pakke_id)
            .bind(v.navn)
            .bind(v.beskrivelse)
            .bind(serde_json::to_string(&v.filter)?)
            .bind(v.aendringsaarsag)
            .bind(day(v.gyldig_fra))
            .bind(v.gyldig_til.map(day))
            .bind(admin)
            .bind(oprettet)
            .fetch_one(&mut *conn)
            .await?;
            for r in v.roller {
                let rolle = ids.get(&format!("rolle:{r}")).with_context(|| format!("ukendt demorolle {r}"))?;
                sqlx::query("INSERT INTO opgavepakke_roller (version_id, rolle_id) VALUES (?, ?)")
                    .bind(version_id)
                    .bind(rolle)
                    .execute(&mut *conn)
                    .await?;
            }
        }
    }
    Ok(())
}
