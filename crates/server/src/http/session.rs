//! `POST /api/session` (log in), `DELETE /api/session` (log out),
//! `GET /api/me`.

use super::auth::{self, AuthUser};
use super::client::ClientAddr;
use super::{ApiContext, Error, Json, Result};
use crate::password;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use domain::codes;
use domain::wire::audit::AuditAction;
use domain::wire::session::{LoginRequest, Me};
use domain::wire::ApiError;

pub fn router() -> Router<ApiContext> {
    Router::new().route("/session", get(current).post(login).delete(logout)).route("/me", get(me))
}

/// Log in. Sets the HttpOnly session cookie `op_session`, and ends the
/// session the request's cookie carried (if any). After a few failures for
/// the username or from the client's address each further attempt must
/// wait (429, `Retry-After`), the wait doubling with each failure; every
/// failure is logged and audited with the username typed.
#[utoipa::path(post, path = "/api/session", tag = "session", request_body = LoginRequest, responses(
    (status = 200, description = "Logget ind; `Set-Cookie: op_session=…`", body = Me),
    (status = 401, description = "Forkert brugernavn eller adgangskode", body = ApiError),
    (status = 400, description = "Ugyldig JSON", body = ApiError),
    (status = 413, description = "For stor forespørgsel", body = ApiError),
    (status = 415, description = "Ikke JSON", body = ApiError),
    (status = 422, description = "Manglende felter", body = ApiError),
    (status = 429, description = "`for_mange_loginforsoeg`: vent `Retry-After` sekunder", body = ApiError,
        headers(("Retry-After" = u64, description = "Sekunder til næste forsøg"))),
    (status = 503, description = "`login_optaget`: for mange samtidige login", body = ApiError),
))]
pub async fn login(
    State(ctx): State<ApiContext>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Json(req): Json<LoginRequest>,
) -> Result<Response> {
    let username: String = req.username.trim().chars().take(MAX_USERNAME_CHARS).collect();
    let mut conn = ctx.store.conn().await?;
    if let Some(wait) = ctx.login_throttle.wait(&mut conn, &username, addr, crate::clock::now_millis()).await? {
        let retry_after = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        tracing::warn!(bruger = %username, adresse = ?addr, vent_sekunder = retry_after, "login afvist: for mange mislykkede forsøg");
        return Err(Error::TooManyLogins { retry_after });
    }
    let found = conn.login_of(&username).await?;
    // Back to the pool before the slow hash.
    drop(conn);
    // An unknown user costs a verification too, so timing does not tell
    // which usernames exist.
    let (id, hash) = match found {
        Some((id, hash)) => (Some(id), hash),
        None => (None, ctx.dummy_hash.clone()),
    };
    let ok = password::verify_limited(&ctx.hash_permits, req.password, hash).await?.map_err(|_| {
        Error::refused(StatusCode::SERVICE_UNAVAILABLE, codes::LOGIN_BUSY, "Der er travlt med at logge ind lige nu. Prøv igen om lidt.")
    })?;
    let id = match (id, ok) {
        (Some(id), true) => id,
        (known, _) => {
            tracing::warn!(bruger = %username, adresse = ?addr, kendt_bruger = known.is_some(), "mislykket login");
            let detaljer = if known.is_some() { "Forkert adgangskode" } else { "Ukendt brugernavn" };
            let mut tx = ctx.store.write().await?;
            ctx.login_throttle.failed(&mut tx, &username, addr, crate::clock::now_millis()).await?;
            tx.record_failed_login(known, &username, detaljer).await?;
            tx.commit().await?;
            return Err(Error::WrongLogin);
        }
    };
    let token = auth::new_token()?;
    let now = crate::clock::now_unix();
    let mut tx = ctx.store.write().await?;
    ctx.login_throttle.succeeded(&mut tx, &username).await?;
    tx.delete_expired_sessions(now, now - ctx.config.session_idle_seconds()).await?;
    // The browser's earlier session ends with the new one.
    if let Some(old) = auth::session_token(&headers) {
        tx.delete_session(&auth::token_hash(old)).await?;
    }
    tx.insert_session(&auth::token_hash(&token), id, now, now + auth::SESSION_SECONDS).await?;
    let user = AuthUser::from(tx.user(id).await?);
    tx.record_audit(id, AuditAction::LoggetInd, None, None, "").await?;
    tx.commit().await?;
    tracing::info!(bruger = %user.brugernavn, "logget ind");
    Ok(([(SET_COOKIE, auth::session_cookie(&token, ctx.config.secure_cookie))], Json(user.me())).into_response())
}

/// Usernames are compared and recorded up to this length.
const MAX_USERNAME_CHARS: usize = 200;

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

/// Who is logged in, if anyone: the user and their roles, or `null`
/// without a live session. The app asks this when it starts, so a first
/// visit costs no 401 (which the browser would log as an error).
#[utoipa::path(get, path = "/api/session", tag = "session", responses(
    (status = 200, description = "Den indloggede bruger, eller `null` uden en gyldig session", body = Option<Me>),
))]
pub async fn current(user: std::result::Result<AuthUser, Error>) -> Result<Json<Option<Me>>> {
    match user {
        Ok(user) => Ok(Json(Some(user.me()))),
        Err(Error::NotLoggedIn) => Ok(Json(None)),
        Err(e) => Err(e),
    }
}

/// The logged-in user and their roles.
#[utoipa::path(get, path = "/api/me", tag = "session", responses(
    (status = 200, body = Me),
    (status = 401, description = "Ikke logget ind", body = ApiError),
))]
pub async fn me(user: AuthUser) -> Json<Me> {
    Json(user.me())
}
