//! Wire types of the HTTP API, one module per resource as on the
//! server (`crates/server/src/http/<resource>.rs`) and in the app's
//! `src/api.rs`. Defined once here; the server serialises them, the app
//! deserialises them. Records themselves are in [`crate::model`], the package
//! types in [`crate::package`], the casework request in
//! [`crate::casework::complete`].
//!
//! The error body every resource answers with, and the codes several
//! resources share, are here at the top.

pub mod audit;
pub mod catalog;
pub mod citizens;
pub mod health;
pub mod intake;
pub mod packages;
pub mod parameters;
pub mod roles;
pub mod session;
pub mod tasks;
pub mod users;

use serde::{Deserialize, Serialize};

/// Every 4xx/5xx body: a stable code and a Danish sentence fit for a user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: String,
    pub message: String,
    /// Validation messages per field, when the request was a form.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<crate::package::FieldError>,
}
