//! `POST /api/session` (log in), `DELETE /api/session` (log out),
//! `GET /api/me`.

use super::auth::{self, AuthUser};
use super::{ApiContext, Error, Json, Result};
use crate::password;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::wire::session::{LoginRequest, Me};
use domain::wire::ApiError;

pub fn router() -> Router<ApiContext> {
    Router::new().route("/session", post(login).delete(logout)).route("/me", get(me))
}

/// Log in. Sets the HttpOnly session cookie `op_session`.
#[utoipa::path(post, path = "/api/session", tag = "session", request_body = LoginRequest, responses(
    (status = 200, description = "Logget ind; `Set-Cookie: op_session=…`", body = Me),
    (status = 401, description = "Forkert brugernavn eller adgangskode", body = ApiError),
    (status = 400, description = "Ugyldig JSON", body = ApiError),
    (status = 415, description = "Ikke JSON", body = ApiError),
    (status = 422, description = "Manglende felter", body = ApiError),
))]
pub async fn login(State(ctx): State<ApiContext>, Json(req): Json<LoginRequest>) -> Result<Response> {
    let username = req.username.trim().to_owned();
    let found = ctx.store.conn().await?.login_of(&username).await?;
    // An unknown user costs a verification too, so timing does not tell
    // which usernames exist.
    let (id, hash) = match found {
        Some((id, hash)) => (Some(id), hash),
        None => (None, ctx.dummy_hash.clone()),
    };
    let password = req.password;
    let ok = crate::blocking::run("adgangskodekontrol", move || password::verify(&password, &hash)).await?;
    let id = match (id, ok) {
        (Some(id), true) => id,
        _ => {
            tracing::info!("mislykket login");
            return Err(Error::WrongLogin);
        }
    };
    let token = auth::new_token()?;
    let now = crate::clock::now_unix();
    let mut tx = ctx.store.write().await?;
    tx.delete_expired_sessions(now).await?;
    tx.insert_session(&auth::token_hash(&token), id, now + auth::SESSION_SECONDS).await?;
    let user = AuthUser::from(tx.user(id).await?);
    tx.commit().await?;
    tracing::info!(bruger = %user.brugernavn, "logget ind");
    Ok(([(SET_COOKIE, auth::session_cookie(&token, ctx.config.secure_cookie))], Json(user.me())).into_response())
}

/// Log out: ends the session and clears the cookie. Answers 204 also
/// without a session, so logging out twice is harmless.
#[utoipa::path(delete, path = "/api/session", tag = "session", responses((status = 204, description = "Logget ud")))]
pub async fn logout(State(ctx): State<ApiContext>, headers: HeaderMap) -> Result<Response> {
    if let Some(token) = auth::session_token(&headers) {
        let mut tx = ctx.store.write().await?;
        tx.delete_session(&auth::token_hash(token)).await?;
        tx.commit().await?;
    }
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, auth::clear_cookie(ctx.config.secure_cookie))]).into_response())
}

/// The logged-in user and their roles.
#[utoipa::path(get, path = "/api/me", tag = "session", responses(
    (status = 200, body = Me),
    (status = 401, description = "Ikke logget ind", body = ApiError),
))]
pub async fn me(user: AuthUser) -> Json<Me> {
    Json(user.me())
}
