//! `POST /api/roles`, `PUT /api/roles/{id}` (the role record is
//! [`crate::model::Rolle`]).

use crate::model::Permission;
use serde::{Deserialize, Serialize};

/// `POST /api/roles`, `PUT /api/roles/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleInput {
    pub navn: String,
    #[serde(default)]
    pub beskrivelse: String,
    /// The role's rights, replacing those it had.
    #[serde(default)]
    pub rettigheder: Vec<Permission>,
}
