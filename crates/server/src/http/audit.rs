//! The audit log: every opening of a Borgeroverblik, every finished wizard
//! and every manual Modtag post is recorded (who, when, what, which borger
//! by id: never the CPR number). `GET /api/audit?page=` (admin). Entries
//! are written by the handlers that do these things (`Conn::record_audit`).

use super::auth::AdminUser;
use super::temporal::optional_query_day;
use super::{ApiContext, Error, Json, Query, Result};
use axum::extract::State;
use axum::routing::get;
use axum::Router;
use domain::codes;
use domain::wire::audit::{AuditAction, AuditFilter, AuditPage};
use domain::wire::ApiError;
use serde::Deserialize;

pub fn router() -> Router<ApiContext> {
    Router::new().route("/audit", get(list))
}

pub const PAGE_SIZE: u32 = 50;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AuditParams {
    /// Page number from 1; default 1. 50 entries per page, newest first. A
    /// page after the last is answered with the last.
    #[param(minimum = 1, maximum = 1_000_000)]
    page: Option<u32>,
    /// Only this action (`aabnet_borgeroverblik`, `afsluttet_opgave`, …).
    handling: Option<AuditAction>,
    /// Only entries by this username.
    bruger: Option<String>,
    /// Only entries about this borger (id).
    borger: Option<i64>,
    /// Only entries from this day on (`YYYY-MM-DD`, Danish time).
    #[param(format = Date)]
    fra: Option<String>,
    /// Only entries up to and including this day (`YYYY-MM-DD`, Danish
    /// time); not before `fra`.
    #[param(format = Date)]
    til: Option<String>,
}

/// The audit log, newest first (admin).
#[utoipa::path(get, path = "/api/audit", tag = "revision", params(AuditParams), responses(
    (status = 200, body = AuditPage),
    (status = 400, description = "`ugyldig_dato`: en dato, der ikke er en; `ugyldig_periode`: `til` før `fra`; en ukendt handling", body = ApiError),
    (status = 401, body = ApiError),
    (status = 403, description = "Kun for systemadministratorer", body = ApiError),
))]
pub async fn list(_admin: AdminUser, State(ctx): State<ApiContext>, Query(p): Query<AuditParams>) -> Result<Json<AuditPage>> {
    let side = super::page_number(p.page)?;
    let filter = AuditFilter {
        handling: p.handling,
        bruger: p.bruger,
        borger: p.borger,
        fra: optional_query_day(p.fra.as_deref())?,
        til: optional_query_day(p.til.as_deref())?,
    };
    filter.check().map_err(|(_, m)| Error::bad_request(codes::INVALID_PERIOD, m))?;
    let mut conn = ctx.store.conn().await?;
    let total = conn.audit_count(&filter).await?;
    let last = total.div_ceil(u64::from(PAGE_SIZE)).max(1);
    let side = side.min(u32::try_from(last).unwrap_or(u32::MAX));
    let poster = conn.audit_entries(&filter, PAGE_SIZE, u64::from(side - 1) * u64::from(PAGE_SIZE)).await?;
    Ok(Json(AuditPage { total, side, sidestoerrelse: PAGE_SIZE, poster }))
}
