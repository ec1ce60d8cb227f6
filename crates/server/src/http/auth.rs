//! Sessions and the `AuthUser` / `AdminUser` extractors.
//!
//! A session is a random 256-bit token in the HttpOnly cookie `op_session`;
//! the database keeps only its SHA-256 and an expiry.

use super::{ApiContext, Error};
use crate::store::User;
use axum::extract::FromRequestParts;
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum::http::StatusCode;
use domain::codes::MISSING_PERMISSION;
use domain::model::{Permission, Rolle};
use domain::wire::session::Me;
use sha2::{Digest, Sha256};

pub const COOKIE_NAME: &str = "op_session";
/// A session's absolute lifetime; beside it the idle timeout
/// (`Config::session_idle_minutes`) ends a session not used for a while.
pub const SESSION_SECONDS: i64 = 8 * 60 * 60;
/// A session's last use is recorded at most this often.
const TOUCH_EVERY_SECONDS: i64 = 60;

/// A logged-in user, with their roles.
#[derive(Clone, Debug)]
pub struct AuthUser {
    pub id: i64,
    pub brugernavn: String,
    pub navn: String,
    pub admin: bool,
    pub roller: Vec<Rolle>,
    /// The rights all their roles give (admin gives none by itself).
    pub rettigheder: Vec<Permission>,
}

/// A logged-in systemadministrator; anyone else gets 403.
#[derive(Clone, Debug)]
pub struct AdminUser(pub AuthUser);

impl AuthUser {
    pub fn me(&self) -> Me {
        Me {
            brugernavn: self.brugernavn.clone(),
            navn: self.navn.clone(),
            admin: self.admin,
            roller: self.roller.clone(),
            rettigheder: self.rettigheder.clone(),
        }
    }

    /// Does one of the user's roles give the right?
    pub fn may(&self, p: Permission) -> bool {
        self.rettigheder.contains(&p)
    }

    /// The one check of a right: 403 `mangler_rettighed` naming it when no
    /// role of the user gives it (the systemadministrator is no exception).
    pub fn require(&self, p: Permission) -> Result<(), Error> {
        if self.may(p) {
            return Ok(());
        }
        Err(Error::refused(
            StatusCode::FORBIDDEN,
            MISSING_PERMISSION,
            format!("Ingen af dine roller giver rettigheden »{}«. Bed en systemadministrator om en rolle, der giver den.", p.label()),
        ))
    }

    pub fn has_any_role(&self, role_ids: &[i64]) -> bool {
        self.roller.iter().any(|r| role_ids.contains(&r.id))
    }
}

impl From<User> for AuthUser {
    fn from(u: User) -> AuthUser {
        let rettigheder = Permission::union_of(&u.roller);
        AuthUser { id: u.id, brugernavn: u.brugernavn, navn: u.navn, admin: u.admin, roller: u.roller, rettigheder }
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

impl FromRequestParts<ApiContext> for AuthUser {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, ctx: &ApiContext) -> Result<Self, Error> {
        let token = session_token(&parts.headers).ok_or(Error::NotLoggedIn)?;
        let mut conn = ctx.store.conn().await?;
        let hash = token_hash(token);
        let now = crate::clock::now_unix();
        let (id, last_used) = conn.session_user(&hash, now, now - ctx.config.session_idle_seconds()).await?.ok_or(Error::NotLoggedIn)?;
        // A write at most once a minute per session, not on every request.
        if now - last_used >= TOUCH_EVERY_SECONDS {
            conn.touch_session(&hash, now).await?;
        }
        Ok(conn.user(id).await?.into())
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
