//! `GET /api/roles`: role administration (admin).

use super::auth::AdminUser;
use super::{ApiContext, Json, Result};
use axum::extract::State;
use axum::routing::get;
use axum::Router;
use domain::model::Rolle;
use domain::wire::ApiError;

pub fn router() -> Router<ApiContext> {
    Router::new().route("/roles", get(list))
}

/// All roles, by name.
#[utoipa::path(get, path = "/api/roles", tag = "roller", responses(
    (status = 200, body = Vec<Rolle>),
    (status = 401, body = ApiError),
    (status = 403, description = "Kun for systemadministratorer", body = ApiError),
))]
pub async fn list(_admin: AdminUser, State(ctx): State<ApiContext>) -> Result<Json<Vec<Rolle>>> {
    let roles = sqlx::query_as::<_, (i64, String, String)>("SELECT id, navn, beskrivelse FROM roller ORDER BY navn")
        .fetch_all(&ctx.db)
        .await?
        .into_iter()
        .map(|(id, navn, beskrivelse)| Rolle { id, navn, beskrivelse })
        .collect();
    Ok(Json(roles))
}
