//! `POST /api/roles`, `PUT /api/roles/{id}` (the role record is
//! [`crate::model::Rolle`]).

use crate::model::Permission;
use serde::{Deserialize, Serialize};

/// `POST /api/roles`, `PUT /api/roles/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::limits::schema::name))]
    pub navn: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub beskrivelse: String,
    /// The role's rights, replacing those it had.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 500))]
    pub rettigheder: Vec<Permission>,
}
