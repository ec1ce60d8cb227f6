//! `GET /api/health`: liveness, no login.

use super::{ApiContext, Json};
use axum::routing::get;
use axum::Router;
use domain::wire::health::Health;

pub fn router() -> Router<ApiContext> {
    Router::new().route("/health", get(health))
}

/// Liveness; answers without a session.
#[utoipa::path(get, path = "/api/health", tag = "system", responses((status = 200, body = Health)))]
pub async fn health() -> Json<Health> {
    Json(Health { status: "ok".into(), version: env!("CARGO_PKG_VERSION").into() })
}
