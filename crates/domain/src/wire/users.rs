//! `GET /api/users`, `PUT /api/users/{id}/roles` (admin: who has which
//! roles) and `DELETE /api/users/{id}/sessions` (log a user out everywhere).

use serde::{Deserialize, Serialize};

/// One user of `GET /api/users`, by username.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSummary {
    pub id: i64,
    pub brugernavn: String,
    pub navn: String,
    /// Systemadministrator.
    pub admin: bool,
    /// The ids of the user's roles.
    pub roller: Vec<i64>,
}

/// `PUT /api/users/{id}/roles`: the user's roles, replacing those they had.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserRolesInput {
    pub roller: Vec<i64>,
}

/// `DELETE /api/users/{id}/sessions`: how many sessions were ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EndedSessions {
    pub afsluttede: u64,
}
