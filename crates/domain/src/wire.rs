//! Wire types of the HTTP API (API.md) that are not records themselves.
//! Defined once here; the server serialises them, the app deserialises them.

use crate::catalog;
use crate::model::{Kilde, Rolle};
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub version: String,
}

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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogEntry {
    pub id: u16,
    pub navn: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskTypeEntry {
    pub id: u16,
    pub navn: String,
    pub gruppe: String,
    pub beskrivelse: String,
    /// KY "Vurdering": what the municipality must consider when grouping.
    pub vurdering: String,
    pub anbefalet_sagsudsoegning: catalog::Recommended,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SourceEntry {
    pub kilde: Kilde,
    pub navn: String,
}

/// `GET /api/catalog`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Catalog {
    pub opgavetyper: Vec<TaskTypeEntry>,
    pub opfoelgningstyper: Vec<CatalogEntry>,
    pub sagstyper: Vec<CatalogEntry>,
    pub pensionstyper: Vec<CatalogEntry>,
    pub ydelser: Vec<CatalogEntry>,
    pub enheder: Vec<CatalogEntry>,
    pub kilder: Vec<SourceEntry>,
    pub dokumentkategorier: Vec<CatalogEntry>,
    /// Opgavepakkeskabeloner: starting points for the package editor.
    pub skabeloner: Vec<crate::templates::Template>,
}

fn entries(table: &[&str]) -> Vec<CatalogEntry> {
    table.iter().enumerate().map(|(i, n)| CatalogEntry { id: i as u16 + 1, navn: (*n).to_owned() }).collect()
}

impl Catalog {
    /// The catalogue as the server publishes it.
    pub fn current() -> Catalog {
        Catalog {
            opgavetyper: catalog::TASK_TYPES
                .iter()
                .enumerate()
                .map(|(i, t)| TaskTypeEntry {
                    id: i as u16 + 1,
                    navn: t.name.into(),
                    gruppe: t.group.into(),
                    beskrivelse: t.description.into(),
                    vurdering: t.assessment.into(),
                    anbefalet_sagsudsoegning: t.recommended,
                })
                .collect(),
            opfoelgningstyper: entries(catalog::FOLLOWUP_TYPES),
            sagstyper: entries(catalog::CASE_TYPES),
            pensionstyper: entries(catalog::PENSION_TYPES),
            ydelser: entries(catalog::BENEFITS),
            enheder: entries(catalog::UNITS),
            kilder: Kilde::ALL.iter().map(|&k| SourceEntry { kilde: k, navn: k.label().into() }).collect(),
            dokumentkategorier: entries(catalog::DOCUMENT_CATEGORIES),
            skabeloner: crate::templates::templates(),
        }
    }

    /// Name of an entry by id in one of the id tables, or a placeholder.
    pub fn name(list: &[CatalogEntry], id: u16) -> &str {
        list.iter().find(|e| e.id == id).map_or("(ukendt)", |e| e.navn.as_str())
    }

    pub fn task_type(&self, id: u16) -> &str {
        self.opgavetyper.iter().find(|e| e.id == id).map_or("(ukendt)", |e| e.navn.as_str())
    }
}

/// `GET /api/my/packages`: one package the user's roles give.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyPackage {
    pub noegle: String,
    pub navn: String,
    pub beskrivelse: String,
    /// Exact number of open tasks in the package now.
    pub aabne_opgaver: u64,
}

/// `POST /api/roles`, `PUT /api/roles/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleInput {
    pub navn: String,
    #[serde(default)]
    pub beskrivelse: String,
}

/// Order of `GET /api/packages/{key}/tasks` (`sort=`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TaskSort {
    /// Oldest first (default): the queue order.
    #[default]
    AeldsteFoerst,
    NyesteFoerst,
    /// By task type, oldest first within a type.
    Opgavetype,
}

impl TaskSort {
    pub const ALL: &'static [TaskSort] = &[TaskSort::AeldsteFoerst, TaskSort::NyesteFoerst, TaskSort::Opgavetype];
    pub fn label(self) -> &'static str {
        match self {
            Self::AeldsteFoerst => "Ældste først",
            Self::NyesteFoerst => "Nyeste først",
            Self::Opgavetype => "Opgavetype",
        }
    }
}

/// One open task in a package's list. Never a whole CPR number: only
/// `ddmmyy-****`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskRow {
    pub id: i64,
    pub opgavetype: u16,
    pub opfoelgningstype: Option<u16>,
    pub relation: crate::model::Relation,
    pub kilde: Kilde,
    pub beloebsgodkendelse: bool,
    pub enhed: u16,
    pub status: crate::model::OpgaveStatus,
    pub borger_navn: Option<String>,
    /// `ddmmyy-****`.
    pub cpr_maskeret: Option<String>,
    pub sag_titel: Option<String>,
    /// Username of who has taken the task.
    pub taget_af: Option<String>,
    pub oprettet: chrono::NaiveDate,
    pub frist: Option<chrono::NaiveDate>,
}

/// `GET /api/packages/{key}/tasks`: one page of a package's open tasks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskPage {
    pub noegle: String,
    pub navn: String,
    /// All open tasks in the package now.
    pub total: u64,
    /// 1-based page number.
    pub side: u32,
    pub sidestoerrelse: u32,
    pub sortering: TaskSort,
    pub opgaver: Vec<TaskRow>,
}

/// `POST /api/packages/{key}/versions` answers 409 with `code = "foraeldet_version"`
/// when `If-Match` does not name the newest version; the editor then fetches
/// `GET /api/packages/{key}` to show the newer version.
pub const CONFLICT_STALE_VERSION: &str = "foraeldet_version";
/// `DELETE /api/roles/{id}` answers 409 with this code while a package
/// version uses the role; the message names the packages.
pub const CONFLICT_ROLE_IN_USE: &str = "rolle_i_brug";
/// 422 with `fields` set: the package draft did not validate.
pub const VALIDATION_FAILED: &str = "validering";
