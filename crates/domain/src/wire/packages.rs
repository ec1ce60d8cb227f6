//! Packages as a caseworker sees them: `GET /api/my/packages` and a
//! package's task list `GET /api/packages/{key}/tasks`. (The package
//! definition and its versions are [`crate::package`].)

use crate::model::Kilde;
use serde::{Deserialize, Serialize};

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
    /// Name of who has taken the task (shown; the username identifies).
    #[serde(default)]
    pub taget_af_navn: Option<String>,
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
