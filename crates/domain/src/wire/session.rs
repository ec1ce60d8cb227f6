//! `POST/DELETE /api/session` (log in, log out) and `GET /api/me`.

use crate::model::{Permission, Rolle};
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
    /// The rights of all the user's roles, each once (what the UI offers).
    #[serde(default)]
    pub rettigheder: Vec<Permission>,
}

impl Me {
    pub fn may(&self, p: Permission) -> bool {
        self.rettigheder.contains(&p)
    }
}
