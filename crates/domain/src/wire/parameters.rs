//! System parameters: `GET /api/parameters`, `GET /api/parameters/{key}/versions`,
//! `POST /api/parameters/{key}` (admin; `If-Match` like packages). The
//! values and their rules are [`crate::intake::params`].

use crate::intake::params::{ParameterValue, SystemParameters};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What an admin edits: the value plus the version's metadata.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParameterDraft {
    pub value: ParameterValue,
    /// Ændringsårsag.
    /// Required (not blank), at most 2000 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::limits::schema::reason))]
    pub aendringsaarsag: String,
    /// In the years 1900–2200.
    pub gyldig_fra: NaiveDate,
    #[serde(default)]
    pub gyldig_til: Option<NaiveDate>,
}

/// One stored version of a parameter (shape of [`crate::package::PackageVersion`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParameterVersion {
    /// Version id (database id), used in `If-Match`.
    pub id: i64,
    #[serde(flatten)]
    pub draft: ParameterDraft,
    /// RFC 3339 timestamp of the save.
    pub oprettet: String,
    pub oprettet_af: String,
}

impl ParameterVersion {
    /// Whether this version is valid on `day`.
    pub fn valid_at(&self, day: NaiveDate) -> bool {
        crate::package::periods_overlap(self.draft.gyldig_fra, self.draft.gyldig_til, day, Some(day))
    }
}

/// `GET /api/parameters?dato=`: what is in force on a day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParameterOverview {
    pub dato: NaiveDate,
    /// The stored version of each key valid that day (keys without one use
    /// the built-in default).
    pub versioner: Vec<ParameterVersion>,
    /// The parameters intake reads that day: defaults overlaid by `versioner`.
    pub parametre: SystemParameters,
}
