//! Task packages: `GET /api/packages?at=`, `GET /api/my/packages`,
//! `GET /api/packages/{key}/tasks`.

use super::auth::{AdminUser, AuthUser};
use super::{ApiContext, Error, Json, Query, Result};
use crate::db::parse_day;
use axum::extract::{Path, State};
use axum::routing::get;
use axum::Router;
use chrono::NaiveDate;
use domain::model::{Kilde, OpgaveStatus, Relation};
use domain::package::{PackageDraft, PackageFilter, PackageVersion};
use domain::wire::{ApiError, MyPackage, TaskPage, TaskRow, TaskSort};
use domain::{CompiledFilter, Cpr};
use serde::Deserialize;
use sqlx::SqlitePool;
use std::collections::HashMap;

pub fn router() -> Router<ApiContext> {
    Router::new()
        .route("/packages", get(list))
        .route("/my/packages", get(mine))
        .route("/packages/{key}/tasks", get(tasks))
}

pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

#[derive(sqlx::FromRow)]
struct VersionRow {
    id: i64,
    noegle: String,
    navn: String,
    beskrivelse: String,
    filter: String,
    aendringsaarsag: String,
    gyldig_fra: String,
    gyldig_til: Option<String>,
    oprettet_af: String,
    oprettet: String,
}

fn stored_day(s: &str) -> Result<NaiveDate> {
    parse_day(s).map_err(|e| Error::Internal(anyhow::anyhow!("ugyldig dato {s:?} i opgavepakke_versioner: {e}")))
}

/// Package versions valid on `day` (optionally only of one key), by name.
pub async fn versions_at(db: &SqlitePool, day: NaiveDate, key: Option<&str>) -> Result<Vec<PackageVersion>> {
    let day_s = day.format("%Y-%m-%d").to_string();
    let valid = "v.gyldig_fra <= ?1 AND (v.gyldig_til IS NULL OR v.gyldig_til >= ?1) AND (?2 IS NULL OR p.noegle = ?2)";
    let mut tx = db.begin().await?;
    let rows: Vec<VersionRow> = sqlx::query_as(&format!(
        "SELECT v.id, p.noegle, v.navn, v.beskrivelse, v.filter, v.aendringsaarsag, v.gyldig_fra, v.gyldig_til,
                b.brugernavn AS oprettet_af, v.oprettet
         FROM opgavepakke_versioner v JOIN opgavepakker p ON p.id = v.pakke_id JOIN brugere b ON b.id = v.oprettet_af
         WHERE {valid} ORDER BY v.navn COLLATE NOCASE, p.noegle"
    ))
    .bind(&day_s)
    .bind(key)
    .fetch_all(&mut *tx)
    .await?;
    let role_rows: Vec<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT r.version_id, r.rolle_id FROM opgavepakke_roller r
         JOIN opgavepakke_versioner v ON v.id = r.version_id JOIN opgavepakker p ON p.id = v.pakke_id
         WHERE {valid} ORDER BY r.rolle_id"
    ))
    .bind(&day_s)
    .bind(key)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let mut roles: HashMap<i64, Vec<i64>> = HashMap::new();
    for (v, r) in role_rows {
        roles.entry(v).or_default().push(r);
    }
    rows.into_iter()
        .map(|r| {
            let filter: PackageFilter = serde_json::from_str(&r.filter)
                .map_err(|e| Error::Internal(anyhow::anyhow!("ugyldigt filter i opgavepakke-version {}: {e}", r.id)))?;
            Ok(PackageVersion {
                noegle: r.noegle,
                version: r.id,
                draft: PackageDraft {
                    navn: r.navn,
                    beskrivelse: r.beskrivelse,
                    filter,
                    roller: roles.remove(&r.id).unwrap_or_default(),
                    aendringsaarsag: r.aendringsaarsag,
                    gyldig_fra: stored_day(&r.gyldig_fra)?,
                    gyldig_til: r.gyldig_til.as_deref().map(stored_day).transpose()?,
                },
                oprettet_af: r.oprettet_af,
                oprettet: r.oprettet,
            })
        })
        .collect()
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AtParams {
    /// Gyldighedstidspunkt, `YYYY-MM-DD`; default today.
    at: Option<String>,
}

/// Package versions valid at a date (admin).
#[utoipa::path(get, path = "/api/packages", tag = "opgavepakker", params(AtParams), responses(
    (status = 200, body = Vec<PackageVersion>),
    (status = 400, description = "Ugyldig dato", body = ApiError),
    (status = 401, body = ApiError),
    (status = 403, body = ApiError),
))]
pub async fn list(_admin: AdminUser, State(ctx): State<ApiContext>, Query(p): Query<AtParams>) -> Result<Json<Vec<PackageVersion>>> {
    let day = match p.at.as_deref().map(str::trim) {
        None | Some("") => today(),
        Some(s) => parse_day(s).map_err(|_| {
            Error::bad_request("ugyldig_dato", "Datoen skal skrives som ÅÅÅÅ-MM-DD, fx 2026-01-31, og være en gyldig dato.")
        })?,
    };
    Ok(Json(versions_at(&ctx.db, day, None).await?))
}

/// The packages the user's roles give, valid today, with exact open-task
/// counts.
#[utoipa::path(get, path = "/api/my/packages", tag = "opgavepakker", responses(
    (status = 200, body = Vec<MyPackage>),
    (status = 401, body = ApiError),
))]
pub async fn mine(user: AuthUser, State(ctx): State<ApiContext>) -> Result<Json<Vec<MyPackage>>> {
    let versions: Vec<PackageVersion> =
        versions_at(&ctx.db, today(), None).await?.into_iter().filter(|v| user.has_any_role(&v.draft.roller)).collect();
    if versions.is_empty() {
        return Ok(Json(Vec::new()));
    }
    let cached = ctx.snapshot.get(&ctx.db).await?;
    let out = tokio::task::spawn_blocking(move || {
        versions
            .into_iter()
            .map(|v| MyPackage {
                aabne_opgaver: CompiledFilter::new(&v.draft.filter).count(&cached.snapshot) as u64,
                noegle: v.noegle,
                navn: v.draft.navn,
                beskrivelse: v.draft.beskrivelse,
            })
            .collect()
    })
    .await
    .map_err(|e| Error::Internal(anyhow::anyhow!("optælling: {e}")))?;
    Ok(Json(out))
}

pub const DEFAULT_PAGE_SIZE: u32 = 50;
pub const MAX_PAGE_SIZE: u32 = 500;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct TaskParams {
    /// Page number from 1; default 1.
    page: Option<u32>,
    /// Page size 1–500; default 50.
    page_size: Option<u32>,
    /// Default `aeldste_foerst`.
    #[param(inline)]
    sort: Option<TaskSort>,
}

/// One page of a package's open tasks. CPR numbers only as `ddmmyy-****`.
#[utoipa::path(get, path = "/api/packages/{key}/tasks", tag = "opgavepakker", params(
    ("key" = String, Path, description = "Opgavepakkens nøgle, fx OP-0001"),
    TaskParams,
), responses(
    (status = 200, body = TaskPage),
    (status = 400, body = ApiError),
    (status = 401, body = ApiError),
    (status = 403, description = "Ingen af brugerens roller giver pakken", body = ApiError),
    (status = 404, description = "Ukendt nøgle, eller ingen version gyldig i dag", body = ApiError),
))]
pub async fn tasks(
    user: AuthUser,
    State(ctx): State<ApiContext>,
    Path(key): Path<String>,
    Query(p): Query<TaskParams>,
) -> Result<Json<TaskPage>> {
    let page = p.page.unwrap_or(1);
    let page_size = p.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
    if page == 0 || page_size == 0 || page_size > MAX_PAGE_SIZE {
        return Err(Error::bad_request("ugyldig_forespoergsel", "Side skal være 1 eller mere, og sidestørrelsen mellem 1 og 500."));
    }
    let sort = p.sort.unwrap_or_default();
    let Some(version) = versions_at(&ctx.db, today(), Some(&key)).await?.into_iter().next() else {
        return Err(Error::NotFound("Opgavepakken findes ikke, eller den er ikke gyldig i dag."));
    };
    if !user.has_any_role(&version.draft.roller) {
        return Err(Error::Forbidden);
    }
    let cached = ctx.snapshot.get(&ctx.db).await?;
    let filter = version.draft.filter.clone();
    let (total, ids) = tokio::task::spawn_blocking(move || {
        let s = &cached.snapshot;
        let mut hits = CompiledFilter::new(&filter).select(s);
        let key = |i: &u32| (s.created[*i as usize], s.task_id[*i as usize]);
        match sort {
            TaskSort::AeldsteFoerst => hits.sort_unstable_by_key(key),
            TaskSort::NyesteFoerst => hits.sort_unstable_by_key(|i| std::cmp::Reverse(key(i))),
            TaskSort::Opgavetype => hits.sort_unstable_by_key(|i| (s.task_type[*i as usize], key(i))),
        }
        let start = (page as usize - 1).saturating_mul(page_size as usize);
        let ids: Vec<i64> = hits.iter().skip(start).take(page_size as usize).map(|&i| i64::from(s.task_id[i as usize])).collect();
        (hits.len() as u64, ids)
    })
    .await
    .map_err(|e| Error::Internal(anyhow::anyhow!("udsøgning: {e}")))?;
    let opgaver = task_rows(&ctx.db, &ids).await?;
    Ok(Json(TaskPage {
        noegle: version.noegle,
        navn: version.draft.navn,
        total,
        side: page,
        sidestoerrelse: page_size,
        sortering: sort,
        opgaver,
    }))
}

#[derive(sqlx::FromRow)]
struct TaskRowDb {
    id: i64,
    opgavetype: i64,
    opfoelgningstype: Option<i64>,
    relation: i64,
    kilde: i64,
    beloebsgodkendelse: bool,
    enhed: i64,
    status: i64,
    borger_navn: Option<String>,
    cpr: Option<String>,
    sag_titel: Option<String>,
    taget_af: Option<String>,
    oprettet: String,
    frist: Option<String>,
}

fn code<T>(v: i64, from: fn(u8) -> Option<T>) -> Result<T> {
    u8::try_from(v).ok().and_then(from).ok_or_else(|| Error::Internal(anyhow::anyhow!("ukendt kode {v} i opgaver")))
}

fn id16(v: i64) -> u16 {
    u16::try_from(v).unwrap_or(u16::MAX)
}

/// The list rows of the given tasks, in the given order.
async fn task_rows(db: &SqlitePool, ids: &[i64]) -> Result<Vec<TaskRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT o.id, o.opgavetype, o.opfoelgningstype, o.relation, o.kilde, o.beloebsgodkendelse, o.enhed, o.status,
                b.navn AS borger_navn, b.cpr, s.titel AS sag_titel, u.brugernavn AS taget_af, o.oprettet, o.frist
         FROM opgaver o
         LEFT JOIN borgere b ON b.id = o.borger_id
         LEFT JOIN sager s ON s.id = o.sag_id
         LEFT JOIN brugere u ON u.id = o.taget_af
         WHERE o.id IN ({})",
        vec!["?"; ids.len()].join(",")
    );
    let mut q = sqlx::query_as::<_, TaskRowDb>(&sql);
    for id in ids {
        q = q.bind(id);
    }
    let mut by_id: HashMap<i64, TaskRowDb> = q.fetch_all(db).await?.into_iter().map(|r| (r.id, r)).collect();
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(r) = by_id.remove(id) else { continue };
        let cpr_maskeret = match r.cpr.as_deref().map(Cpr::parse) {
            Some(Ok(c)) => Some(c.masked()),
            Some(Err(_)) => return Err(Error::Internal(anyhow::anyhow!("ugyldigt CPR-nummer i borgere (opgave {id})"))),
            None => None,
        };
        out.push(TaskRow {
            id: r.id,
            opgavetype: id16(r.opgavetype),
            opfoelgningstype: r.opfoelgningstype.map(id16),
            relation: code(r.relation, Relation::from_code)?,
            kilde: code(r.kilde, Kilde::from_code)?,
            beloebsgodkendelse: r.beloebsgodkendelse,
            enhed: id16(r.enhed),
            status: code(r.status, OpgaveStatus::from_code)?,
            borger_navn: r.borger_navn,
            cpr_maskeret,
            sag_titel: r.sag_titel,
            taget_af: r.taget_af,
            oprettet: parse_day(&r.oprettet).map_err(|e| Error::Internal(anyhow::anyhow!("ugyldig dato i opgaver: {e}")))?,
            frist: r
                .frist
                .as_deref()
                .map(parse_day)
                .transpose()
                .map_err(|e| Error::Internal(anyhow::anyhow!("ugyldig frist i opgaver: {e}")))?,
        });
    }
    Ok(out)
}
