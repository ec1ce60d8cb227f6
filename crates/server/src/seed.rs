//! Loads the demo data ([`crate::demo`]) into an empty database: roles,
//! users, packages and the generated borgere, cases, tasks and documents, all
//! in one transaction with multi-row prepared INSERTs. Bulk statements of
//! their own (explicit ids, thousands of rows each), so they are here and
//! not in the store; they run on either backend through the store's
//! `on!`. Days are stored in the store's form
//! ([`crate::store::format_day`]), flags as 0/1.

use crate::demo::{self, DemoData};
use crate::password;
use crate::store::{format_day as day, on, Conn, Store};
use anyhow::Context;
use std::collections::HashMap;
use std::time::Instant;

/// SQLite's limit on bound parameters per statement (since 3.32; PostgreSQL
/// allows 65,535).
const MAX_PARAMS: usize = 32_766;
const MAX_ROWS_PER_INSERT: usize = 1_000;

/// The tables whose rows the demo data inserts with their ids: on
/// PostgreSQL their identity sequences then continue after the highest.
const TABLES_WITH_IDS: [&str; 5] = ["borgere", "sager", "opgaver", "dokumenter", "fakturaer"];

/// Seeds the database if it has no users. Returns whether it did.
pub async fn seed_if_empty(store: &Store, seed: u64, tasks: usize) -> anyhow::Result<bool> {
    if store.conn().await?.user_count().await? > 0 {
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

    let mut tx = store.write().await?;
    // another instance may have seeded meanwhile (the write lock orders us)
    if tx.user_count().await? > 0 {
        return Ok(false);
    }
    let user_ids = insert_people(&mut tx, &hashes).await?;
    insert_data(&mut tx, &data, &user_ids).await.context("demodata kunne ikke indsættes")?;
    insert_packages(&mut tx, &user_ids).await?;
    if store.is_pg() {
        for table in TABLES_WITH_IDS {
            let text = format!("SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false) FROM {table}");
            on!(tx, |db, sql| sqlx::query(&sql(&text)).execute(db).await.map(|r| r.rows_affected()))?;
        }
    }
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
async fn insert_people(conn: &mut Conn, hashes: &[String]) -> anyhow::Result<HashMap<String, i64>> {
    let mut ids = HashMap::new();
    for (navn, beskrivelse, rettigheder) in demo::ROLES {
        let id = conn.insert_role(navn, beskrivelse).await?;
        conn.set_role_permissions(id, rettigheder).await?;
        ids.insert(format!("rolle:{navn}"), id);
    }
    for (u, hash) in demo::USERS.iter().zip(hashes) {
        let id = conn.insert_user(u.brugernavn, u.navn, u.admin, hash).await?;
        let roller: Vec<i64> = u.roller.iter().map(|r| ids[&format!("rolle:{r}")]).collect();
        conn.set_user_roles(id, &roller).await?;
        ids.insert(u.brugernavn.to_owned(), id);
    }
    Ok(ids)
}

/// One value of a bulk row: an integer or a text, either possibly NULL.
enum V {
    I(Option<i64>),
    T(Option<String>),
}

impl From<i64> for V {
    fn from(v: i64) -> V {
        V::I(Some(v))
    }
}
impl From<Option<i64>> for V {
    fn from(v: Option<i64>) -> V {
        V::I(v)
    }
}
impl From<String> for V {
    fn from(v: String) -> V {
        V::T(Some(v))
    }
}
impl From<&str> for V {
    fn from(v: &str) -> V {
        V::T(Some(v.to_owned()))
    }
}
impl From<Option<String>> for V {
    fn from(v: Option<String>) -> V {
        V::T(v)
    }
}

/// A row's values in column order.
macro_rules! row {
    ($($v:expr),* $(,)?) => { vec![$(V::from($v)),*] };
}

/// Inserts `rows` with multi-row INSERTs of one prepared shape (the last,
/// shorter chunk gets its own statement). `values` gives one row's values
/// in column order.
async fn insert_rows<T>(conn: &mut Conn, table: &str, columns: &[&str], rows: &[T], values: impl Fn(&T) -> Vec<V>) -> anyhow::Result<()> {
    let per = (MAX_PARAMS / columns.len()).min(MAX_ROWS_PER_INSERT);
    let full = insert_sql(table, columns, per);
    for chunk in rows.chunks(per) {
        let short;
        let text = if chunk.len() == per {
            full.as_str()
        } else {
            short = insert_sql(table, columns, chunk.len());
            short.as_str()
        };
        let vals: Vec<V> = chunk.iter().flat_map(&values).collect();
        on!(conn, |db, sql| {
            let text = sql(text);
            let mut q = sqlx::query(&text);
            for v in &vals {
                q = match v {
                    V::I(x) => q.bind(*x),
                    V::T(x) => q.bind(x.as_deref()),
                };
            }
            q.execute(db).await.map(|r| r.rows_affected())
        })?;
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

async fn insert_data(conn: &mut Conn, d: &DemoData, ids: &HashMap<String, i64>) -> anyhow::Result<()> {
    insert_rows(conn, "borgere", &["id", "cpr", "navn", "pensionstype"], &d.borgere, |b| {
        row![b.id, b.cpr.digits(), b.navn.clone(), b.pensionstype.map(i64::from)]
    })
    .await?;
    insert_rows(
        conn,
        "sager",
        &["id", "borger_id", "sagstype", "ydelse", "titel", "status", "aktiv", "startdato", "enhed"],
        &d.sager,
        |s| {
            row![
                s.id,
                s.borger_id,
                i64::from(s.sagstype),
                s.ydelse.map(i64::from),
                s.titel.clone(),
                i64::from(s.status.code()),
                i64::from(s.aktiv),
                s.startdato.map(day),
                i64::from(s.enhed)
            ]
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
        |(o, taget_af)| {
            row![
                o.id,
                i64::from(o.opgavetype),
                o.opfoelgningstype.map(i64::from),
                i64::from(o.relation.code()),
                i64::from(o.kilde.code()),
                i64::from(o.beloebsgodkendelse),
                i64::from(o.enhed),
                o.borger_id,
                o.sag_id,
                i64::from(o.status.code()),
                **taget_af,
                day(o.oprettet),
                o.frist.map(day)
            ]
        },
    )
    .await?;
    // history: who took a task
    let history: Vec<(i64, i64, String)> =
        d.opgaver.iter().zip(&taken).filter_map(|(o, t)| t.map(|u| (o.id, u, format!("{}T09:00:00+01:00", day(o.oprettet))))).collect();
    insert_rows(conn, "opgave_historik", &["opgave_id", "bruger_id", "tidspunkt", "tekst"], &history, |h| {
        row![h.0, h.1, h.2.clone(), "Opgaven er taget"]
    })
    .await?;
    insert_rows(conn, "dokumenter", &["id", "navn", "format", "kategori", "modtaget"], &d.dokumenter, |x| {
        row![x.id, x.navn.clone(), i64::from(x.format.code()), x.kategori.map(i64::from), day(x.modtaget)]
    })
    .await?;
    insert_rows(conn, "opgave_dokumenter", &["opgave_id", "dokument_id"], &d.opgave_dokumenter, |&(a, b)| row![a, b]).await?;
    insert_rows(conn, "sag_dokumenter", &["sag_id", "dokument_id"], &d.sag_dokumenter, |&(a, b)| row![a, b]).await?;
    insert_rows(
        conn,
        "fakturaer",
        &[
            "id",
            "borger_id",
            "fakturanummer",
            "leverandoer",
            "beloeb_oere",
            "dokument_id",
            "opgave_id",
            "attached_documents_failed",
            "modtaget",
        ],
        &d.fakturaer,
        |f| {
            row![
                f.id,
                f.borger_id,
                f.fakturanummer.clone(),
                f.leverandoer,
                f.beloeb_oere,
                f.dokument_id,
                f.opgave_id,
                0_i64,
                format!("{}T09:00:00+01:00", day(f.modtaget))
            ]
        },
    )
    .await?;
    let bilag: Vec<(i64, i64)> = d.fakturaer.iter().flat_map(|f| f.bilag.iter().map(|b| (f.id, *b))).collect();
    insert_rows(conn, "faktura_bilag", &["faktura_id", "dokument_id"], &bilag, |&(a, b)| row![a, b]).await?;
    Ok(())
}

async fn insert_packages(conn: &mut Conn, ids: &HashMap<String, i64>) -> anyhow::Result<()> {
    let admin = ids["admin"];
    for (i, versions) in demo::packages().into_iter().enumerate() {
        let noegle = format!("OP-{:04}", i + 1);
        let pakke_id: i64 = on!(conn, |db, sql| sqlx::query_scalar(&sql("INSERT INTO opgavepakker (noegle) VALUES (?) RETURNING id"))
            .bind(&noegle)
            .fetch_one(db)
            .await)?;
        for (k, v) in versions.iter().enumerate() {
            let oprettet =
                format!("{}T08:00:00+01:00", day(v.gyldig_fra.checked_sub_days(chrono::Days::new(14 - k as u64)).expect("date")));
            let version_id: i64 = on!(conn, |db, sql| {
                sqlx::query_scalar(&sql(
                "INSERT INTO opgavepakke_versioner (pakke_id, navn, beskrivelse, filter, aendringsaarsag, gyldig_fra, gyldig_til, oprettet_af, oprettet)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            ))
            .bind(pakke_id)
            .bind(v.navn)
            .bind(v.beskrivelse)
            .bind(serde_json::to_string(&v.filter)?)
            .bind(v.aendringsaarsag)
            .bind(day(v.gyldig_fra))
            .bind(v.gyldig_til.map(day))
            .bind(admin)
            .bind(oprettet)
            .fetch_one(db).await
            })?;
            for r in v.roller {
                let rolle = ids.get(&format!("rolle:{r}")).with_context(|| format!("ukendt demorolle {r}"))?;
                on!(conn, |db, sql| sqlx::query(&sql("INSERT INTO opgavepakke_roller (version_id, rolle_id) VALUES (?, ?)"))
                    .bind(version_id)
                    .bind(rolle)
                    .execute(db)
                    .await
                    .map(|r| r.rows_affected()))?;
            }
        }
    }
    Ok(())
}
