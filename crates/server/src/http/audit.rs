//! The audit log: every opening of a Borgeroverblik, every finished wizard
//! and every manual Modtag post is recorded (who, when, what, which borger
//! by id: never the CPR number). `GET /api/audit?page=` (admin). Entries
//! are written by the handlers that do these things (`Conn::record_audit`).

use super::auth::AdminUser;
use super::{ApiContext, Json, Query, Result};
use axum::extract::State;
use axum::routing::get;
use axum::Router;
use domain::wire::audit::AuditPage;
use domain::wire::ApiError;
use serde::Deserialize;

pub fn router() -> Router<ApiContext> {
    Router::new().route("/audit", get(list))
}

pub const PAGE_SIZE: u32 = 50;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AuditParams {
    /// Page number from 1; default 1. 50 entries per page, newest first.
    #[param(minimum = 1, maximum = 1_000_000)]
    page: Option<u32>,
}

/// The audit log, newest first (admin).
#[utoipa::path(get, path = "/api/audit", tag = "revision", params(AuditParams), responses(
    (status = 200, body = AuditPage),
    (status = 400, body = ApiError),
    (status = 401, body = ApiError),
    (status = 403, description = "Kun for systemadministratorer", body = ApiError),
))]
pub async fn list(_admin: AdminUser, State(ctx): State<ApiContext>, Query(p): Query<AuditParams>) -> Result<Json<AuditPage>> {
    let side = super::page_number(p.page)?;
    let mut conn = ctx.store.conn().await?;
    let total = conn.audit_count().await?;
    let poster = conn.audit_entries(PAGE_SIZE, u64::from(side - 1) * u64::from(PAGE_SIZE)).await?;
    Ok(Json(AuditPage { total, side, sidestoerrelse: PAGE_SIZE, poster }))
}
