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

/// Reads a struct only from a JSON object. Serde's derived structs also
/// take an array of their fields in order (`"filter": []` would be an
/// empty filter); a field of a request body that is a struct says
/// `#[serde(deserialize_with = "crate::wire::object")]`, so anything but an
/// object is refused.
pub fn object<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Only<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Only<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
        }
    }
    d.deserialize_map(Only(std::marker::PhantomData))
}
