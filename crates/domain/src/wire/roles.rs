//! `POST /api/roles`, `PUT /api/roles/{id}` (the role record is
//! [`crate::model::Rolle`]).

use serde::{Deserialize, Serialize};

/// `POST /api/roles`, `PUT /api/roles/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleInput {
    pub navn: String,
    #[serde(default)]
    pub beskrivelse: String,
}
