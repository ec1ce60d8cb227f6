//! Task packages: `GET /api/packages?at=`, `GET /api/my/packages`,
//! `GET /api/packages/{key}/tasks`, and the editor's routes: create a
//! package, its versions (`GET /api/packages/{key}`, `POST
//! /api/packages/{key}/versions` with `If-Match`) and the server's
//! "Afprøv opgavepakke" (`POST /api/packages/preview`).
//!
//! Writes run in write transactions (`Store::write`, `BEGIN IMMEDIATE`): the newest version is read
//! with the write lock held, so two saves based on the same version cannot
//! both win, and versions of one key never overlap (checked before commit,
//! and by triggers in migration 0002).

use super::auth::{AdminUser, AuthUser};
use super::temporal::{assert_no_overlap, check_base, end_of_previous, etag, if_match_version, starts_after, IfMatchMessages};
use super::{ApiContext, Error, Json, Query, Result};
use crate::clock::today;
use crate::http::Path;
use crate::store::{Conn, Which};
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, ETAG, IF_NONE_MATCH, LOCATION};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::codes;
use domain::package::{
    validate_draft, validate_filter_catalog, validate_unique_name, FieldError, PackageDraft, PackageField, PackageVersion,
};
use domain::preview::{Preview, PreviewRequest};
use domain::wire::audit::AuditAction;
use domain::wire::packages::{MyPackage, TaskPage, TaskSort};
use domain::wire::ApiError;
use domain::CompiledFilter;
use serde::Deserialize;

pub fn router() -> Router<ApiContext> {
    Router::new()
        .route("/packages", get(list).post(create))
        .route("/packages/preview", post(preview))
        .route("/packages/{key}", get(versions))
        .route("/packages/{key}/versions", post(new_version))
        .route("/my/packages", get(mine))
        .route("/packages/{key}/tasks", get(tasks))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AtParams {
    /// Gyldighedstidspunkt, `YYYY-MM-DD`; default today.
    #[param(format = Date)]
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
    let day = super::temporal::query_day(p.at.as_deref())?;
    Ok(Json(ctx.store.versions_at(day, None).await?))
}

/// The packages the user's roles give, valid today, with exact open-task
/// counts.
#[utoipa::path(get, path = "/api/my/packages", tag = "opgavepakker", params(
    ("If-None-Match" = Option<String>, Header, description = "Et `ETag` fra et tidligere svar: 304, hvis intet er ændret"),
), responses(
    (status = 200, body = Vec<MyPackage>, headers(("ETag" = String, description = "Ændres, når optællingen kan være ændret"))),
    (status = 304, description = "Uændret siden `If-None-Match`"),
    (status = 401, body = ApiError),
))]
pub async fn mine(user: AuthUser, State(ctx): State<ApiContext>, headers: HeaderMap) -> Result<Response> {
    let day = today();
    let versions: Vec<PackageVersion> =
        ctx.store.versions_at(day, None).await?.into_iter().filter(|v| user.has_any_role(&v.draft.roller)).collect();
    let cached = ctx.snapshot.get(&ctx.store).await?;
    let ids: Vec<i64> = versions.iter().map(|v| v.version).collect();
    let tag = list_etag((cached.change, user.id, day, ids));
    if not_modified(&headers, &tag) {
        return Ok(unchanged(tag));
    }
    let out = crate::blocking::run("optælling", move || {
        versions
            .into_iter()
            .map(|v| MyPackage {
                aabne_opgaver: cached.live.count(&CompiledFilter::new(&v.draft.filter)) as u64,
                noegle: v.noegle,
                navn: v.draft.navn,
                beskrivelse: v.draft.beskrivelse,
            })
            .collect::<Vec<_>>()
    })
    .await?;
    Ok(([(ETAG, tag), (CACHE_CONTROL, REVALIDATE.to_owned())], Json(out)).into_response())
}

/// A weak `ETag` of a list derived from the snapshot's change number and
/// what else the answer depends on.
fn list_etag(parts: impl std::hash::Hash) -> String {
    use std::hash::{DefaultHasher, Hasher};
    let mut h = DefaultHasher::new();
    parts.hash(&mut h);
    format!("W/\"{:016x}\"", h.finish())
}

/// Does `If-None-Match` name this `ETag` (or `*`)?
fn not_modified(headers: &HeaderMap, tag: &str) -> bool {
    let weak = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| t.trim() == "*" || weak(t) == weak(tag))
}

/// A browser may keep a list, but asks each time whether it is still current.
const REVALIDATE: &str = "private, no-cache";

/// 304 Not Modified with the `ETag`.
fn unchanged(tag: String) -> Response {
    (StatusCode::NOT_MODIFIED, [(ETAG, tag), (CACHE_CONTROL, REVALIDATE.to_owned())]).into_response()
}

/// The package's version valid today, if one of the user's roles gives it:
/// 404 for an unknown key or no version valid today, else 403.
pub(super) async fn package_of(ctx: &ApiContext, user: &AuthUser, key: &str) -> Result<PackageVersion> {
    let Some(version) = ctx.store.versions_at(today(), Some(key)).await?.into_iter().next() else {
        return Err(Error::NotFound("Opgavepakken findes ikke, eller den er ikke gyldig i dag."));
    };
    if !user.has_any_role(&version.draft.roller) {
        return Err(Error::Forbidden);
    }
    Ok(version)
}

pub const DEFAULT_PAGE_SIZE: u32 = 50;
pub const MAX_PAGE_SIZE: u32 = 500;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct TaskParams {
    /// Page number from 1; default 1.
    #[param(minimum = 1, maximum = 1_000_000)]
    page: Option<u32>,
    /// Page size 1–500; default 50.
    #[param(minimum = 1, maximum = 500)]
    page_size: Option<u32>,
    /// Default `aeldste_foerst`.
    #[param(inline)]
    sort: Option<TaskSort>,
}

/// One page of a package's open tasks. CPR numbers only as `ddmmyy-****`.
#[utoipa::path(get, path = "/api/packages/{key}/tasks", tag = "opgavepakker", params(
    ("key" = String, Path, description = "Opgavepakkens nøgle, fx OP-0001"),
    TaskParams,
    ("If-None-Match" = Option<String>, Header, description = "Et `ETag` fra et tidligere svar: 304, hvis intet er ændret"),
), responses(
    (status = 200, body = TaskPage, headers(("ETag" = String, description = "Ændres, når siden kan være ændret"))),
    (status = 304, description = "Uændret siden `If-None-Match`"),
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
    headers: HeaderMap,
) -> Result<Response> {
    let page = super::page_number(p.page)?;
    let page_size = p.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
    if page_size == 0 || page_size > MAX_PAGE_SIZE {
        return Err(Error::bad_request(codes::INVALID_REQUEST, "Sidestørrelsen skal være mellem 1 og 500."));
    }
    let sort = p.sort.unwrap_or_default();
    let version = package_of(&ctx, &user, &key).await?;
    let cached = ctx.snapshot.get(&ctx.store).await?;
    let tag = list_etag((cached.change, version.version, page, page_size, sort));
    if not_modified(&headers, &tag) {
        return Ok(unchanged(tag));
    }
    let filter = version.draft.filter.clone();
    let ctx2 = ctx.clone();
    let version_id = version.version;
    let (total, ids) = crate::blocking::run("udsøgning", move || {
        let s = &cached.live;
        let hits = ctx2.task_lists.get_or_compute(&cached, version_id, sort, || {
            let mut hits = s.select(&CompiledFilter::new(&filter));
            let key = |i: &u32| s.age_key(*i);
            match sort {
                TaskSort::AeldsteFoerst => hits.sort_unstable_by_key(key),
                TaskSort::NyesteFoerst => hits.sort_unstable_by_key(|i| std::cmp::Reverse(key(i))),
                TaskSort::Opgavetype => hits.sort_unstable_by_key(|i| (s.task_type(*i), key(i))),
            }
            hits
        });
        let start = (page as usize - 1).saturating_mul(page_size as usize);
        let ids: Vec<i64> = hits.iter().skip(start).take(page_size as usize).map(|&i| i64::from(s.task_id(i))).collect();
        (hits.len() as u64, ids)
    })
    .await?;
    let opgaver = ctx.store.conn().await?.task_rows(&ids).await?;
    let body = TaskPage {
        noegle: version.noegle,
        navn: version.draft.navn,
        total,
        side: page,
        sidestoerrelse: page_size,
        sortering: sort,
        opgaver,
    };
    Ok(([(ETAG, tag), (CACHE_CONTROL, REVALIDATE.to_owned())], Json(body)).into_response())
}

// ------------------------------------------------------------ the editor

/// The 422 message when a draft does not validate; `fields` say what to fix.
pub const NOT_SAVED: &str = "Opgavepakken kunne ikke gemmes. Ret de markerede felter.";
/// The 409 message when `If-Match` does not name the newest version.
pub const STALE: &str =
    "Opgavepakken er ændret af en anden, siden du åbnede den. Se den nyeste version ved siden af dine ændringer, og gem igen.";
const UNKNOWN_KEY: &str = "Opgavepakken findes ikke. Kontrollér nøglen, eller find pakken på listen over opgavepakker.";

/// The messages of `If-Match` on a package write.
const IF_MATCH: IfMatchMessages = IfMatchMessages {
    missing: "Ændringen skal angive, hvilken version af opgavepakken den bygger på (If-Match). Åbn pakken igen, og gem på ny.",
    invalid: "If-Match skal være id'et på den version af opgavepakken, ændringen bygger på, fx \"12\".",
};

/// A saved version as the answer: the body, its id as `ETag`, and where the
/// package lives.
fn saved(status: StatusCode, v: PackageVersion) -> Response {
    let location = format!("/api/packages/{}", v.noegle);
    (status, [(ETAG, etag(v.version)), (LOCATION, location)], Json(v)).into_response()
}

/// The draft's own rules, plus a name unique among the versions of other
/// packages in an overlapping period.
async fn check_draft(conn: &mut Conn, draft: &PackageDraft, own_key: Option<&str>) -> Result<Vec<FieldError>> {
    let roles = conn.role_ids().await?;
    let mut errors: Vec<FieldError> = validate_draft(draft, &roles).into_iter().map(FieldError::from).collect();
    let all = conn.versions(Which::All).await?;
    errors.extend(validate_unique_name(draft, own_key, &all).map(FieldError::from));
    Ok(errors)
}

/// Reads the key's versions after a write, checks them, and returns the
/// version just written.
async fn written(conn: &mut Conn, key: &str, version_id: i64) -> Result<PackageVersion> {
    let versions = conn.versions(Which::OfKey(key)).await?;
    assert_no_overlap(&versions, key)?;
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
    let mut tx = ctx.store.write().await?;
    let errors = check_draft(&mut tx, &draft, None).await?;
    if !errors.is_empty() {
        return Err(Error::Invalid { message: NOT_SAVED, fields: errors });
    }
    let noegle = format!("OP-{:04}", tx.last_package_number().await? + 1);
    let pakke_id = tx.insert_package(&noegle).await?;
    let version_id = tx.insert_version(pakke_id, &draft, admin.id).await?;
    let created = written(&mut tx, &noegle, version_id).await?;
    tx.record_audit(admin.id, AuditAction::GemtOpgavepakke, None, None, &format!("{noegle} oprettet: »{}«", draft.navn.trim())).await?;
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
    let mut tx = ctx.store.read().await?;
    let versions = tx.versions(Which::OfKey(&key)).await?;
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
    let base = if_match_version(&headers, &IF_MATCH)?;
    // The write lock is taken before the newest version is read: a
    // concurrent save on the same base waits here, then sees this one's
    // version as the newest and gets 409.
    let mut tx = ctx.store.write().await?;
    let existing = tx.versions(Which::OfKey(&key)).await?;
    let Some(newest) = existing.first() else {
        return Err(Error::NotFound(UNKNOWN_KEY));
    };
    check_base(newest.version, base, STALE)?;
    let mut errors = check_draft(&mut tx, &draft, Some(&key)).await?;
    if let Some(m) = starts_after(newest.draft.gyldig_fra, draft.gyldig_fra, "opgavepakken") {
        errors.push(PackageField::GyldigFra.error(m).into());
    }
    if !errors.is_empty() {
        return Err(Error::Invalid { message: NOT_SAVED, fields: errors });
    }
    if let Some(last_day) = end_of_previous(newest, draft.gyldig_fra)? {
        if !tx.end_version(newest.version, last_day).await? {
            return Err(Error::Internal(anyhow::anyhow!("version {} af {key} kunne ikke afsluttes", newest.version)));
        }
    }
    let pakke_id = tx.package_id(&key).await?;
    let version_id = tx.insert_version(pakke_id, &draft, admin.id).await?;
    let created = written(&mut tx, &key, version_id).await?;
    let why = match draft.aendringsaarsag.trim() {
        "" => String::new(),
        why => format!(" ({why})"),
    };
    let text = format!("{key}: ny version fra {}{why}", domain::danish_time::date_label(draft.gyldig_fra));
    tx.record_audit(admin.id, AuditAction::GemtOpgavepakke, None, None, &text).await?;
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
    let errors: Vec<FieldError> = validate_filter_catalog(&req.filter).into_iter().map(FieldError::from).collect();
    if !errors.is_empty() {
        return Err(Error::Invalid { message: "Opgavepakken kan ikke afprøves. Ret de markerede felter.", fields: errors });
    }
    let cached = ctx.snapshot.get(&ctx.store).await?;
    let p = crate::blocking::run("afprøvning", move || domain::preview::preview(&cached.live, &req.filter)).await?;
    Ok(Json(p))
}
