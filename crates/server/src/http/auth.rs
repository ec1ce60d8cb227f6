//! Sessions and the `AuthUser` / `AdminUser` extractors.
//!
//! A session is a random 256-bit token in the HttpOnly cookie `op_session`;
//! the database keeps only its SHA-256 and an expiry.

use super::{ApiContext, Error};
use axum::extract::FromRequestParts;
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use domain::model::Rolle;
use domain::wire::session::Me;
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;

pub const COOKIE_NAME: &str = "op_session";
pub const SESSION_SECONDS: i64 = 8 * 60 * 60;

/// A logged-in user, with their roles.
#[derive(Clone, Debug)]
pub struct AuthUser {
    pub id: i64,
    pub brugernavn: String,
    pub navn: String,
    pub admin: bool,
    pub roller: Vec<Rolle>,
}

/// A logged-in systemadministrator; anyone else gets 403.
#[derive(Clone, Debug)]
pub struct AdminUser(pub AuthUser);

impl AuthUser {
    pub fn me(&self) -> Me {
        Me { brugernavn: self.brugernavn.clone(), navn: self.navn.clone(), admin: self.admin, roller: self.roller.clone() }
    }

    pub fn has_any_role(&self, role_ids: &[i64]) -> bool {
        self.roller.iter().any(|r| role_ids.contains(&r.id))
    }

    /// Loads a user and their roles by id.
    pub async fn load(conn: &mut SqliteConnection, id: i64) -> Result<AuthUser, Error> {
        let (brugernavn, navn, admin): (String, String, bool) =
            sqlx::query_as("SELECT brugernavn, navn, admin FROM brugere WHERE id = ?").bind(id).fetch_one(&mut *conn).await?;
        let roller = sqlx::query_as::<_, (i64, String, String)>(
            "SELECT r.id, r.navn, r.beskrivelse FROM roller r JOIN bruger_roller br ON br.rolle_id = r.id
             WHERE br.bruger_id = ? ORDER BY r.navn COLLATE dansk",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(id, navn, beskrivelse)| Rolle { id, navn, beskrivelse })
        .collect();
        Ok(AuthUser { id, brugernavn, navn, admin, roller })
    }
}

/// A new random session token (64 hex digits).
pub fn new_token() -> Result<String, Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| Error::Internal(anyhow::anyhow!("ingen tilfældighed fra styresystemet: {e}")))?;
    Ok(hex(&bytes))
}

pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The session token from the `Cookie` headers, if it has the right form.
pub fn session_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.trim())
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
}

pub fn session_cookie(token: &str, secure: bool) -> String {
    format!("{COOKIE_NAME}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={SESSION_SECONDS}{}", if secure { "; Secure" } else { "" })
}

pub fn clear_cookie(secure: bool) -> String {
    format!("{COOKIE_NAME}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{}", if secure { "; Secure" } else { "" })
}

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

impl FromRequestParts<ApiContext> for AuthUser {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, ctx: &ApiContext) -> Result<Self, Error> {
        let token = session_token(&parts.headers).ok_or(Error::NotLoggedIn)?;
        let mut conn = ctx.db.acquire().await?;
        let user: Option<i64> = sqlx::query_scalar("SELECT bruger_id FROM sessioner WHERE token_hash = ? AND udloeber > ?")
            .bind(token_hash(token))
            .bind(now())
            .fetch_optional(&mut *conn)
            .await?;
        let id = user.ok_or(Error::NotLoggedIn)?;
        AuthUser::load(&mut conn, id).await
    }
}

impl FromRequestParts<ApiContext> for AdminUser {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, ctx: &ApiContext) -> Result<Self, Error> {
        let user = AuthUser::from_request_parts(parts, ctx).await?;
        if user.admin {
            Ok(AdminUser(user))
        } else {
            Err(Error::Forbidden)
        }
    }
}
