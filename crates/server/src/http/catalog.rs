//! `GET /api/catalog`: the fixed catalogue.

use super::auth::AuthUser;
use super::{ApiContext, Json};
use axum::routing::get;
use axum::Router;
use domain::wire::catalog::Catalog;
use domain::wire::ApiError;

pub fn router() -> Router<ApiContext> {
    Router::new().route("/catalog", get(catalog))
}

/// Task types (with KY descriptions and groups), follow-up task types, case
/// types, pension types, benefits, units, sources and document categories.
#[utoipa::path(get, path = "/api/catalog", tag = "katalog", responses(
    (status = 200, body = Catalog),
    (status = 401, body = ApiError),
))]
pub async fn catalog(_user: AuthUser) -> Json<Catalog> {
    Json(Catalog::current())
}
