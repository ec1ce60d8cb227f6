//! `GET /api/tasks/snapshot`: the compact data the browser filters on.

use super::auth::AdminUser;
use super::{ApiContext, Result};
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use domain::wire::ApiError;

pub fn router() -> Router<ApiContext> {
    Router::new().route("/tasks/snapshot", get(snapshot))
}

/// Every open task with just the facts the filter needs, as
/// `domain::Snapshot::encode` bytes (admin; for "Afprøv opgavepakke" in the
/// browser). Never whole CPR numbers: only their first two digits.
#[utoipa::path(get, path = "/api/tasks/snapshot", tag = "opgaver", responses(
    (status = 200, description = "`Snapshot::encode()`", content_type = "application/octet-stream", body = Vec<u8>),
    (status = 401, body = ApiError),
    (status = 403, body = ApiError),
))]
pub async fn snapshot(_admin: AdminUser, State(ctx): State<ApiContext>) -> Result<Response> {
    let cached = ctx.snapshot.get(&ctx.db).await?;
    Ok(([(CONTENT_TYPE, "application/octet-stream"), (CACHE_CONTROL, "no-store")], cached.bytes.clone()).into_response())
}
