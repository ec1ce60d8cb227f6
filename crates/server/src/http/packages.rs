//! Task packages: `GET /api/packages?at=`, `GET /api/my/packages`,
//! `GET /api/packages/{key}/tasks`, and the editor's routes: create a
//! package, its versions (`GET /api/packages/{key}`, `POST
//! /api/packages/{key}/versions` with `If-Match`) and the server's
//! "Afprøv opgavepakke" (`POST /api/packages/preview`).
//!
//! Writes run in `BEGIN IMMEDIATE` transactions: the newest version is read
//! with the write lock held, so two saves based on the same version cannot
//! both win, and versions of one key never overlap (checked before commit,
//! and by triggers in migration 0002).

use super::auth::{AdminUser, AuthUser};
use super::{ApiContext, Error, Json, Query, Result};
use crate::db::parse_day;
use axum::extract::{Path, State};
use axum::http::header::{ETAG, IF_MATCH, LOCATION};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use domain::model::{Kilde, OpgaveStatus, Relation};
use domain::package::{
    periods_overlap, validate_draft, validate_filter_catalog, validate_unique_name, FieldError, PackageDraft, PackageFilter, PackageVersion,
};
use domain::preview::{Preview, PreviewRequest};
use domain::wire::packages::{MyPackage, TaskPage, TaskRow, TaskSort};
use domain::wire::{ApiError, CONFLICT_STALE_VERSION};
use domain::{CompiledFilter, Cpr};
use serde::Deserialize;
use sqlx::{SqliteConnection, SqlitePool};
use std::collections::HashMap;

pub fn router() -> Router<ApiContext> {
    Router::new()
        .route("/packages", get(list).post(create))
        .route("/packages/preview", post(preview))
        .route("/packages/{key}", get(versions))
        .route("/packages/{key}/versions", post(new_version))
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
    let mut tx = db.begin().await?;
    let out = load_versions(&mut tx, Which::ValidAt(day, key)).await?;
    tx.commit().await?;
    Ok(out)
}

/// Which versions [`load_versions`] reads, and in which order.
pub enum Which<'a> {
    /// Valid on the day (optionally only of one key), by name then key.
    ValidAt(NaiveDate, Option<&'a str>),
    /// All versions of one key, newest first (by `gyldig_fra`, then id).
    OfKey(&'a str),
    /// Every stored version, by key then `gyldig_fra`.
    All,
}

/// Reads package versions with their roles, on one connection (inside the
/// caller's transaction, so a write sees what it checks).
pub async fn load_versions(conn: &mut SqliteConnection, which: Which<'_>) -> Result<Vec<PackageVersion>> {
    let (cond, order, args): (&str, &str, Vec<Option<String>>) = match which {
        Which::ValidAt(day, key) => (
            "v.gyldig_fra <= ?1 AND (v.gyldig_til IS NULL OR v.gyldig_til >= ?1) AND (?2 IS NULL OR p.noegle = ?2)",
            "v.navn COLLATE dansk, p.noegle",
            vec![Some(day.format("%Y-%m-%d").to_string()), key.map(str::to_owned)],
        ),
        Which::OfKey(key) => ("p.noegle = ?1", "v.gyldig_fra DESC, v.id DESC", vec![Some(key.to_owned())]),
        Which::All => ("1", "p.noegle, v.gyldig_fra, v.id", Vec::new()),
    };
    let sql = format!(
        "SELECT v.id, p.noegle, v.navn, v.beskrivelse, v.filter, v.aendringsaarsag, v.gyldig_fra, v.gyldig_til,
                b.brugernavn AS oprettet_af, v.oprettet
         FROM opgavepakke_versioner v JOIN opgavepakker p ON p.id = v.pakke_id JOIN brugere b ON b.id = v.oprettet_af
         WHERE {cond} ORDER BY {order}"
    );
    let mut q = sqlx::query_as::<_, VersionRow>(&sql);
    for a in &args {
        q = q.bind(a);
    }
    let rows: Vec<VersionRow> = q.fetch_all(&mut *conn).await?;
    let sql = format!(
        "SELECT r.version_id, r.rolle_id FROM opgavepakke_roller r
         JOIN opgavepakke_versioner v ON v.id = r.version_id JOIN opgavepakker p ON p.id = v.pakke_id
         WHERE {cond} ORDER BY r.rolle_id"
    );
    let mut q = sqlx::query_as::<_, (i64, i64)>(&sql);
    for a in &args {
        q = q.bind(a);
    }
    let role_rows: Vec<(i64, i64)> = q.fetch_all(&mut *conn).await?;
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
    let ctx2 = ctx.clone();
    let version_id = version.version;
    let (total, ids) = tokio::task::spawn_blocking(move || {
        let s = &cached.snapshot;
        let hits = ctx2.task_lists.get_or_compute(&cached, version_id, sort, || {
            let mut hits = CompiledFilter::new(&filter).select(s);
            let key = |i: &u32| (s.created[*i as usize], s.task_id[*i as usize]);
            match sort {
                TaskSort::AeldsteFoerst => hits.sort_unstable_by_key(key),
                TaskSort::NyesteFoerst => hits.sort_unstable_by_key(|i| std::cmp::Reverse(key(i))),
                TaskSort::Opgavetype => hits.sort_unstable_by_key(|i| (s.task_type[*i as usize], key(i))),
            }
            hits
        });
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

// ------------------------------------------------------------ the editor

/// The 422 message when a draft does not validate; `fields` say what to fix.
pub const NOT_SAVED: &str = "Opgavepakken kunne ikke gemmes. Ret de markerede felter.";
/// The 409 message when `If-Match` does not name the newest version.
pub const STALE: &str =
    "Opgavepakken er ændret af en anden, siden du åbnede den. Se den nyeste version ved siden af dine ændringer, og gem igen.";
const UNKNOWN_KEY: &str = "Opgavepakken findes ikke. Kontrollér nøglen, eller find pakken på listen over opgavepakker.";

fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

fn storage_day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The version id an edit was based on, from `If-Match: "12"`, `12` or
/// `W/"12"`.
pub fn if_match_version(headers: &HeaderMap) -> Result<i64> {
    let Some(value) = headers.get(IF_MATCH) else {
        return Err(Error::PreconditionRequired(
            "Ændringen skal angive, hvilken version af opgavepakken den bygger på (If-Match). Åbn pakken igen, og gem på ny.",
        ));
    };
    let bad = || {
        Error::bad_request("ugyldig_if_match", "If-Match skal være id'et på den version af opgavepakken, ændringen bygger på, fx \"12\".")
    };
    let s = value.to_str().map_err(|_| bad())?.trim();
    let s = s.strip_prefix("W/").unwrap_or(s);
    let s = s.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(s);
    s.parse::<i64>().map_err(|_| bad())
}

/// A saved version as the answer: the body, its id as `ETag`, and where the
/// package lives.
fn saved(status: StatusCode, v: PackageVersion) -> Response {
    let location = format!("/api/packages/{}", v.noegle);
    (status, [(ETAG, etag(v.version)), (LOCATION, location)], Json(v)).into_response()
}

/// The draft's own rules, plus a name unique among the versions of other
/// packages in an overlapping period.
async fn check_draft(conn: &mut SqliteConnection, draft: &PackageDraft, own_key: Option<&str>) -> Result<Vec<FieldError>> {
    let roles: Vec<i64> = sqlx::query_scalar("SELECT id FROM roller").fetch_all(&mut *conn).await?;
    let mut errors = validate_draft(draft, &roles);
    let all = load_versions(conn, Which::All).await?;
    errors.extend(validate_unique_name(draft, own_key, &all));
    Ok(errors)
}

/// Stores one version and its roles; who and when are the caller's.
async fn insert_version(conn: &mut SqliteConnection, pakke_id: i64, d: &PackageDraft, user_id: i64) -> Result<i64> {
    let filter = serde_json::to_string(&d.filter).map_err(|e| Error::Internal(anyhow::anyhow!("filter som JSON: {e}")))?;
    let now = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO opgavepakke_versioner (pakke_id, navn, beskrivelse, filter, aendringsaarsag, gyldig_fra, gyldig_til, oprettet_af, oprettet)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(pakke_id)
    .bind(d.navn.trim())
    .bind(d.beskrivelse.trim())
    .bind(filter)
    .bind(d.aendringsaarsag.trim())
    .bind(storage_day(d.gyldig_fra))
    .bind(d.gyldig_til.map(storage_day))
    .bind(user_id)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    let mut roles = d.roller.clone();
    roles.sort_unstable();
    roles.dedup();
    for r in roles {
        sqlx::query("INSERT INTO opgavepakke_roller (version_id, rolle_id) VALUES (?, ?)").bind(id).bind(r).execute(&mut *conn).await?;
    }
    Ok(id)
}

/// Versions of one key never overlap in time. Checked after every write,
/// before the commit: a violation is a bug, and the write is rolled back.
pub fn assert_no_overlap(versions: &[PackageVersion]) -> Result<()> {
    for (i, a) in versions.iter().enumerate() {
        for b in &versions[i + 1..] {
            if periods_overlap(a.draft.gyldig_fra, a.draft.gyldig_til, b.draft.gyldig_fra, b.draft.gyldig_til) {
                return Err(Error::Internal(anyhow::anyhow!(
                    "versionerne {} og {} af opgavepakken {} overlapper i tid",
                    a.version,
                    b.version,
                    a.noegle
                )));
            }
        }
    }
    Ok(())
}

/// Reads the key's versions after a write, checks them, and returns the
/// version just written.
async fn written(conn: &mut SqliteConnection, key: &str, version_id: i64) -> Result<PackageVersion> {
    let versions = load_versions(conn, Which::OfKey(key)).await?;
    assert_no_overlap(&versions)?;
    versions
        .into_iter()
        .find(|v| v.version == version_id)
        .ok_or_else(|| Error::Internal(anyhow::anyhow!("version {version_id} af {key} blev ikke fundet efter indsættelse")))
}

/// Creates a package: a key assigned here (`OP-0009` after `OP-0008`), its
/// first version and its roles, recording who and when (admin).
#[utoipa::path(post, path = "/api/packages", tag = "opgavepakker", request_body = PackageDraft, responses(
    (status = 201, description = "Oprettet", body = PackageVersion, headers(
        ("ETag" = String, description = "Versionens id, til `If-Match` ved næste ændring"),
        ("Location" = String, description = "`/api/packages/{key}`"),
    )),
    (status = 400, description = "Ugyldig JSON", body = ApiError),
    (status = 401, body = ApiError),
    (status = 403, description = "Kun for systemadministratorer", body = ApiError),
    (status = 415, description = "Ikke JSON", body = ApiError),
    (status = 422, description = "Felter der ikke er gyldige (`fields`), kode `validering`", body = ApiError),
))]
pub async fn create(AdminUser(admin): AdminUser, State(ctx): State<ApiContext>, Json(draft): Json<PackageDraft>) -> Result<Response> {
    let mut tx = ctx.db.begin_with("BEGIN IMMEDIATE").await?;
    let errors = check_draft(&mut tx, &draft, None).await?;
    if !errors.is_empty() {
        return Err(Error::Invalid { message: NOT_SAVED, fields: errors });
    }
    let last: i64 =
        sqlx::query_scalar("SELECT coalesce(max(CAST(substr(noegle, 4) AS INTEGER)), 0) FROM opgavepakker WHERE noegle GLOB 'OP-[0-9]*'")
            .fetch_one(&mut *tx)
            .await?;
    let noegle = format!("OP-{:04}", last + 1);
    let pakke_id: i64 =
        sqlx::query_scalar("INSERT INTO opgavepakker (noegle) VALUES (?) RETURNING id").bind(&noegle).fetch_one(&mut *tx).await?;
    let version_id = insert_version(&mut tx, pakke_id, &draft, admin.id).await?;
    let created = written(&mut tx, &noegle, version_id).await?;
    tx.commit().await?;
    tracing::info!(noegle = %noegle, version = version_id, bruger = %admin.brugernavn, "opgavepakke oprettet");
    Ok(saved(StatusCode::CREATED, created))
}

/// All versions of one package, newest first (by gyldig fra), with who,
/// when and why (admin). `ETag` names the newest version.
#[utoipa::path(get, path = "/api/packages/{key}", tag = "opgavepakker", params(
    ("key" = String, Path, description = "Opgavepakkens nøgle, fx OP-0001"),
), responses(
    (status = 200, body = Vec<PackageVersion>, headers(("ETag" = String, description = "Id'et på den nyeste version"))),
    (status = 401, body = ApiError),
    (status = 403, description = "Kun for systemadministratorer", body = ApiError),
    (status = 404, description = "Ukendt nøgle", body = ApiError),
))]
pub async fn versions(_admin: AdminUser, State(ctx): State<ApiContext>, Path(key): Path<String>) -> Result<Response> {
    let mut tx = ctx.db.begin().await?;
    let versions = load_versions(&mut tx, Which::OfKey(&key)).await?;
    tx.commit().await?;
    let Some(newest) = versions.first() else {
        return Err(Error::NotFound(UNKNOWN_KEY));
    };
    Ok(([(ETAG, etag(newest.version))], Json(versions)).into_response())
}

/// A new version of a package from its `gyldig_fra` (D), which must be
/// after the newest version's; that version then ends on D − 1. `If-Match`
/// names the version the edit was based on; if it is not the newest, 409
/// `foraeldet_version` and nothing changes (admin).
#[utoipa::path(post, path = "/api/packages/{key}/versions", tag = "opgavepakker", request_body = PackageDraft, params(
    ("key" = String, Path, description = "Opgavepakkens nøgle, fx OP-0001"),
    ("If-Match" = String, Header, description = "Id'et på den version, ændringen bygger på: `\"12\"`, `12` eller `W/\"12\"`"),
), responses(
    (status = 201, description = "Ny version gemt", body = PackageVersion, headers(
        ("ETag" = String, description = "Den nye versions id"),
        ("Location" = String, description = "`/api/packages/{key}`"),
    )),
    (status = 400, description = "Ugyldig JSON eller If-Match", body = ApiError),
    (status = 401, body = ApiError),
    (status = 403, description = "Kun for systemadministratorer", body = ApiError),
    (status = 404, description = "Ukendt nøgle", body = ApiError),
    (status = 409, description = "`foraeldet_version`: en anden har gemt en nyere version", body = ApiError),
    (status = 415, description = "Ikke JSON", body = ApiError),
    (status = 422, description = "Felter der ikke er gyldige (`fields`), kode `validering`", body = ApiError),
    (status = 428, description = "If-Match mangler", body = ApiError),
))]
pub async fn new_version(
    AdminUser(admin): AdminUser,
    State(ctx): State<ApiContext>,
    Path(key): Path<String>,
    headers: HeaderMap,
    Json(draft): Json<PackageDraft>,
) -> Result<Response> {
    let base = if_match_version(&headers)?;
    // The write lock is taken before the newest version is read: a
    // concurrent save on the same base waits here, then sees this one's
    // version as the newest and gets 409.
    let mut tx = ctx.db.begin_with("BEGIN IMMEDIATE").await?;
    let existing = load_versions(&mut tx, Which::OfKey(&key)).await?;
    let Some(newest) = existing.first() else {
        return Err(Error::NotFound(UNKNOWN_KEY));
    };
    if newest.version != base {
        return Err(Error::Conflict { code: CONFLICT_STALE_VERSION, message: STALE.into() });
    }
    let mut errors = check_draft(&mut tx, &draft, Some(&key)).await?;
    let from = draft.gyldig_fra;
    if from <= newest.draft.gyldig_fra {
        errors.push(FieldError {
            field: "gyldig_fra".into(),
            message: format!(
                "Gyldig fra skal være efter {}, hvor den nyeste version af opgavepakken begynder. Vælg en senere dato.",
                newest.draft.gyldig_fra.format("%d.%m.%Y")
            ),
        });
    }
    if !errors.is_empty() {
        return Err(Error::Invalid { message: NOT_SAVED, fields: errors });
    }
    let day_before = from.pred_opt().ok_or_else(|| Error::Internal(anyhow::anyhow!("ingen dag før {from}")))?;
    if newest.draft.gyldig_til.is_none_or(|til| til > day_before) {
        let ended = sqlx::query("UPDATE opgavepakke_versioner SET gyldig_til = ? WHERE id = ?")
            .bind(storage_day(day_before))
            .bind(newest.version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if ended != 1 {
            return Err(Error::Internal(anyhow::anyhow!("version {} af {key} kunne ikke afsluttes", newest.version)));
        }
    }
    let pakke_id: i64 = sqlx::query_scalar("SELECT id FROM opgavepakker WHERE noegle = ?").bind(&key).fetch_one(&mut *tx).await?;
    let version_id = insert_version(&mut tx, pakke_id, &draft, admin.id).await?;
    let created = written(&mut tx, &key, version_id).await?;
    tx.commit().await?;
    tracing::info!(noegle = %key, version = version_id, forrige = base, bruger = %admin.brugernavn, "ny version af opgavepakke");
    Ok(saved(StatusCode::CREATED, created))
}

/// "Afprøv opgavepakke" on the server: the same `domain::preview::preview`
/// the browser runs, on the server's current snapshot (admin).
#[utoipa::path(post, path = "/api/packages/preview", tag = "opgavepakker", request_body = PreviewRequest, responses(
    (status = 200, body = Preview),
    (status = 400, description = "Ugyldig JSON", body = ApiError),
    (status = 401, body = ApiError),
    (status = 403, description = "Kun for systemadministratorer", body = ApiError),
    (status = 422, description = "Ukendte katalog-id'er (`fields`), kode `validering`", body = ApiError),
))]
pub async fn preview(_admin: AdminUser, State(ctx): State<ApiContext>, Json(req): Json<PreviewRequest>) -> Result<Json<Preview>> {
    let errors = validate_filter_catalog(&req.filter);
    if !errors.is_empty() {
        return Err(Error::Invalid { message: "Opgavepakken kan ikke afprøves. Ret de markerede felter.", fields: errors });
    }
    let cached = ctx.snapshot.get(&ctx.db).await?;
    let p = tokio::task::spawn_blocking(move || domain::preview::preview(&cached.snapshot, &req.filter))
        .await
        .map_err(|e| Error::Internal(anyhow::anyhow!("afprøvning: {e}")))?;
    Ok(Json(p))
}
