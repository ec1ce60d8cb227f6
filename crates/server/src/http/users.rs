//! User administration ("Brugere", admin): `GET /api/users` lists every
//! user with their roles; `PUT /api/users/{id}/roles` replaces a user's
//! roles, in one transaction with its audit entry;
//! `DELETE /api/users/{id}/sessions` logs the user out everywhere (audited).

use super::auth::AdminUser;
use super::roles::danish_list;
use super::{ApiContext, Error, Json, Result};
use crate::http::Path;
use axum::extract::State;
use axum::routing::{delete, get, put};
use axum::Router;
use domain::codes;
use domain::wire::audit::AuditAction;
use domain::wire::users::{EndedSessions, UserRolesInput, UserSummary};
use domain::wire::ApiError;

pub fn router() -> Router<ApiContext> {
    Router::new().route("/users", get(list)).route("/users/{id}/roles", put(set_roles)).route("/users/{id}/sessions", delete(end_sessions))
}

const UNKNOWN_USER: &str = "Brugeren findes ikke. Genindlæs listen over brugere.";

/// Every user with the ids of their roles, by username (admin).
#[utoipa::path(get, path = "/api/users", tag = "brugere", responses(
    (status = 200, body = Vec<UserSummary>),
    (status = 401, body = ApiError),
    (status = 403, description = "Kun for systemadministratorer", body = ApiError),
))]
pub async fn list(_admin: AdminUser, State(ctx): State<ApiContext>) -> Result<Json<Vec<UserSummary>>> {
    Ok(Json(ctx.store.conn().await?.users().await?))
}

/// Gives the user exactly these roles (admin); recorded in the audit log.
#[utoipa::path(put, path = "/api/users/{id}/roles", tag = "brugere", request_body = UserRolesInput, params(
    ("id" = i64, Path, description = "Brugerens id"),
), responses(
    (status = 200, description = "Brugeren med sine roller nu", body = UserSummary),
    (status = 400, description = "`ugyldige_data`: en rolle findes ikke", body = ApiError),
    (status = 401, body = ApiError),
    (status = 403, description = "Kun for systemadministratorer", body = ApiError),
    (status = 404, description = "Ukendt bruger", body = ApiError),
))]
pub async fn set_roles(
    AdminUser(admin): AdminUser,
    State(ctx): State<ApiContext>,
    Path(id): Path<i64>,
    Json(input): Json<UserRolesInput>,
) -> Result<Json<UserSummary>> {
    let mut roller = input.roller;
    roller.sort_unstable();
    roller.dedup();
    let mut tx = ctx.store.write().await?;
    let users = tx.users().await?;
    let user = users.into_iter().find(|u| u.id == id).ok_or(Error::NotFound(UNKNOWN_USER))?;
    let roles = tx.roles().await?;
    let mut names = Vec::new();
    for r in &roller {
        match roles.iter().find(|role| role.id == *r) {
            Some(role) => names.push(format!("»{}«", role.navn)),
            None => {
                return Err(Error::bad_request(
                    codes::INVALID_DATA,
                    "En af de valgte roller findes ikke længere. Genindlæs siden, og prøv igen.",
                ))
            }
        }
    }
    tx.set_user_roles(id, &roller).await?;
    let given = if names.is_empty() { "ingen roller".to_owned() } else { danish_list(&names) };
    tx.record_audit(admin.id, AuditAction::AendretBrugerroller, None, None, &format!("{} har nu {given}", user.brugernavn)).await?;
    tx.commit().await?;
    tracing::info!(bruger = id, af = %admin.brugernavn, "brugerens roller rettet");
    Ok(Json(UserSummary { roller, ..user }))
}

/// Ends every session of the user (admin), e.g. a lost laptop: they must
/// log in again everywhere. Recorded in the audit log.
#[utoipa::path(delete, path = "/api/users/{id}/sessions", tag = "brugere", params(
    ("id" = i64, Path, description = "Brugerens id"),
), responses(
    (status = 200, description = "Antal afsluttede sessioner", body = EndedSessions),
    (status = 400, description = "`ugyldig_adresse`: id er ikke et tal", body = ApiError),
    (status = 401, body = ApiError),
    (status = 403, description = "Kun for systemadministratorer", body = ApiError),
    (status = 404, description = "Ukendt bruger", body = ApiError),
))]
pub async fn end_sessions(AdminUser(admin): AdminUser, State(ctx): State<ApiContext>, Path(id): Path<i64>) -> Result<Json<EndedSessions>> {
    let mut tx = ctx.store.write().await?;
    let user = tx.users().await?.into_iter().find(|u| u.id == id).ok_or(Error::NotFound(UNKNOWN_USER))?;
    let afsluttede = tx.delete_sessions_of(id).await?;
    tx.record_audit(
        admin.id,
        AuditAction::AfsluttetSessioner,
        None,
        None,
        &format!("{}: {afsluttede} sessioner afsluttet", user.brugernavn),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(bruger = %user.brugernavn, af = %admin.brugernavn, afsluttede, "brugerens sessioner afsluttet");
    Ok(Json(EndedSessions { afsluttede }))
}
