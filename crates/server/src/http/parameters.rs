//! System parameters (admin only), temporal like task packages:
//! `GET /api/parameters?dato=` (the version of each key valid that day and
//! the parameters intake uses then), `GET /api/parameters/{key}/versions`
//! and `POST /api/parameters/{key}` with `If-Match` (409
//! `foraeldet_version` unless based on the newest; `"0"` names the
//! built-in default of a key without versions).

use super::auth::AdminUser;
use super::temporal::{assert_no_overlap, check_base, end_of_previous, etag, if_match_version, starts_after, IfMatchMessages};
use super::{ApiContext, Error, Json, Query, Result};
use crate::http::Path;
use axum::extract::State;
use axum::http::header::{ETAG, LOCATION};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::intake::{check_draft, ParameterDraft, ParameterKey, ParameterVersion};
use domain::package::FieldError;
use domain::wire::audit::AuditAction;
use domain::wire::parameters::ParameterOverview;
use domain::wire::ApiError;
use serde::Deserialize;

pub fn router() -> Router<ApiContext> {
    Router::new()
        .route("/parameters", get(overview))
        .route("/parameters/{key}/versions", get(versions))
        .route("/parameters/{key}", post(new_version))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct DayParams {
    /// `YYYY-MM-DD`; default today.
    #[param(format = Date)]
    dato: Option<String>,
}

const NOT_SAVED: &str = "Systemparameteren kunne ikke gemmes. Ret de markerede felter.";
const STALE: &str =
    "Systemparameteren er ændret af en anden, siden du åbnede den. Se den nyeste version ved siden af dine ændringer, og gem igen.";
const IF_MATCH: IfMatchMessages = IfMatchMessages {
    missing: "Ændringen skal angive, hvilken version af systemparameteren den bygger på (If-Match; \"0\" for standardværdien). Åbn parameteren igen, og gem på ny.",
    invalid: "If-Match skal være id'et på den version af systemparameteren, ændringen bygger på, fx \"12\" (\"0\" for standardværdien).",
};

fn parse_key(key: &str) -> Result<ParameterKey> {
    ParameterKey::from_name(key).ok_or(Error::NotFound(
        "Systemparameteren findes ikke. Nøglerne er formular_dokumentkategori_mapning, automatisk_sagsbehandling, haendelsesabonnement og formuegraense.",
    ))
}

/// The parameters in force on a day (default today): the version of each
/// key valid then, and the defaults overlaid by them, as intake reads them
/// (admin).
#[utoipa::path(get, path = "/api/parameters", tag = "systemparametre", params(DayParams), responses(
    (status = 200, body = ParameterOverview),
    (status = 400, description = "`ugyldig_dato`", body = ApiError),
    (status = 401, body = ApiError),
    (status = 403, body = ApiError),
))]
pub async fn overview(_admin: AdminUser, State(ctx): State<ApiContext>, Query(p): Query<DayParams>) -> Result<Json<ParameterOverview>> {
    let dato = super::temporal::query_day(p.dato.as_deref())?;
    let mut tx = ctx.store.read().await?;
    let versioner = tx.parameter_versions_at(dato).await?;
    let parametre = tx.system_parameters_at(dato).await?;
    tx.commit().await?;
    Ok(Json(ParameterOverview { dato, versioner, parametre }))
}

/// Every version of one parameter, newest first, with who, when and why
/// (admin). `ETag` names the newest (`"0"` without any).
#[utoipa::path(get, path = "/api/parameters/{key}/versions", tag = "systemparametre", params(
    ("key" = String, Path, description = "formular_dokumentkategori_mapning, automatisk_sagsbehandling, haendelsesabonnement eller formuegraense"),
), responses(
    (status = 200, body = Vec<ParameterVersion>, headers(("ETag" = String, description = "Id'et på den nyeste version, \"0\" uden versioner"))),
    (status = 401, body = ApiError),
    (status = 403, body = ApiError),
    (status = 404, description = "Ukendt parameter", body = ApiError),
))]
pub async fn versions(_admin: AdminUser, State(ctx): State<ApiContext>, Path(key): Path<String>) -> Result<Response> {
    let key = parse_key(&key)?;
    let versions = ctx.store.conn().await?.parameter_versions(key).await?;
    let newest = versions.first().map_or(0, |v| v.id);
    Ok(([(ETAG, etag(newest))], Json(versions)).into_response())
}

/// A new version of a parameter from its `gyldig_fra`, which must be after
/// the newest version's; that version then ends the day before. `If-Match`
/// names the version the edit was based on (`"0"`: the default, when the
/// key has no versions); otherwise 409 `foraeldet_version` and nothing
/// changes (admin).
#[utoipa::path(post, path = "/api/parameters/{key}", tag = "systemparametre", request_body = ParameterDraft, params(
    ("key" = String, Path, description = "Parameterens nøgle"),
    ("If-Match" = String, Header, description = "Id'et på den version, ændringen bygger på; \"0\" for standardværdien"),
), responses(
    (status = 201, body = ParameterVersion, headers(("ETag" = String, description = "Den nye versions id"))),
    (status = 400, description = "Ugyldig JSON eller If-Match", body = ApiError),
    (status = 401, body = ApiError),
    (status = 403, body = ApiError),
    (status = 404, description = "Ukendt parameter", body = ApiError),
    (status = 409, description = "`foraeldet_version`", body = ApiError),
    (status = 422, description = "`validering` med `fields`", body = ApiError),
    (status = 428, description = "If-Match mangler", body = ApiError),
))]
pub async fn new_version(
    AdminUser(admin): AdminUser,
    State(ctx): State<ApiContext>,
    Path(key): Path<String>,
    headers: HeaderMap,
    Json(draft): Json<ParameterDraft>,
) -> Result<Response> {
    let key = parse_key(&key)?;
    let base = if_match_version(&headers, &IF_MATCH)?;
    let mut errors: Vec<FieldError> = check_draft(key, &draft).err().unwrap_or_default();
    // The write lock first: of two saves on the same base, the second sees
    // the first's version as the newest and gets 409.
    let mut tx = ctx.store.write().await?;
    let existing = tx.parameter_versions(key).await?;
    check_base(existing.first().map_or(0, |v| v.id), base, STALE)?;
    if let Some(newest) = existing.first() {
        if let Some(m) = starts_after(newest.draft.gyldig_fra, draft.gyldig_fra, "systemparameteren") {
            errors.push(FieldError { field: "gyldig_fra".into(), message: m });
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid { message: NOT_SAVED, fields: errors });
    }
    if let Some(newest) = existing.first() {
        if let Some(last_day) = end_of_previous(newest, draft.gyldig_fra)? {
            if !tx.end_parameter_version(newest.id, last_day).await? {
                return Err(Error::Internal(anyhow::anyhow!("version {} af en systemparameter kunne ikke afsluttes", newest.id)));
            }
        }
    }
    let id = tx.insert_parameter_version(key, &draft, admin.id).await?;
    let after = tx.parameter_versions(key).await?;
    let name = key.name();
    assert_no_overlap(&after, name)?;
    let created = after
        .into_iter()
        .find(|v| v.id == id)
        .ok_or_else(|| Error::Internal(anyhow::anyhow!("version {id} af {name} blev ikke fundet efter indsættelse")))?;
    tx.record_audit(
        admin.id,
        AuditAction::GemtSystemparameter,
        None,
        None,
        &format!("{}: ny version fra {}", key.label(), domain::danish_time::date_label(draft.gyldig_fra)),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(parameter = %name, version = id, forrige = base, bruger = %admin.brugernavn, "ny version af systemparameter");
    Ok((StatusCode::CREATED, [(ETAG, etag(id)), (LOCATION, format!("/api/parameters/{name}/versions"))], Json(created)).into_response())
}
