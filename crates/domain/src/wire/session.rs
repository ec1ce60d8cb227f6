//! `POST/DELETE /api/session` (log in, log out) and `GET /api/me`.

use crate::model::Rolle;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// `GET /api/me`, also the answer to a successful login.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub brugernavn: String,
    pub navn: String,
    /// Systemadministrator: may define packages and administer roles.
    pub admin: bool,
    pub roller: Vec<Rolle>,
}
