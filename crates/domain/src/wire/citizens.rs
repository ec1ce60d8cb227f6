//! Borgeroverblik: `POST /api/citizens/search`, `GET /api/citizens/{id}`, manual Modtag post
//! `POST /api/citizens/{id}/post` and `POST /api/citizens/{id}/tasks`. (The
//! Sagsvælger's `GET /api/citizens/{id}/cases` answers with
//! [`crate::casework::process::CaseSelection`].)

use crate::model::{Borger, Dokument, Opgave, Sag};
use serde::{Deserialize, Serialize};

/// `POST /api/citizens/search`: find a borger by CPR number, carried in the
/// body so it is never in a URL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CprLookup {
    /// `ddmmyy-xxxx`, `ddmmyyxxxx` or `ddmmyy xxxx` (as typed or pasted).
    pub cpr: String,
}

/// `GET /api/citizens/{id}`: Borgeroverblik.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CitizenOverview {
    pub borger: Borger,
    pub sager: Vec<Sag>,
    pub aabne_opgaver: Vec<Opgave>,
    pub dokumenter: Vec<Dokument>,
    /// Events received about the borger, newest first, also those that
    /// made no task.
    #[serde(default)]
    pub haendelser: Vec<ReceivedEvent>,
}

/// One event received about a borger (Borgeroverblik).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceivedEvent {
    /// RFC 3339.
    pub modtaget: String,
    pub beskrivelse: String,
    /// A task the event made, if any.
    #[serde(default)]
    pub opgave_id: Option<i64>,
}

/// `POST /api/citizens/{id}/tasks`: starts a process from the
/// Borgeroverblik "Handlinger" menu (Opret træk, Stop sag,
/// Opfølgningsopgave); the new task is taken by the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartTask {
    /// One of [`STARTABLE`].
    #[cfg_attr(feature = "openapi", schema(schema_with = startable_schema))]
    pub opgavetype: u16,
}

/// The task types the Borgeroverblik "Handlinger" menu may start: Opret
/// træk, Stop sag, Opfølgningsopgave and Tilføj ydelse til bevilling
/// (Modtag post has its own upload route).
pub const STARTABLE: [u16; 4] = [
    crate::catalog::task_type::OPRET_TRAEK,
    crate::catalog::task_type::STOP_SAG,
    crate::catalog::task_type::OPFOELGNINGSOPGAVE,
    crate::catalog::task_type::TILFOEJ_YDELSE,
];

#[cfg(feature = "openapi")]
fn startable_schema() -> utoipa::openapi::schema::Object {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::Integer)
        .enum_values(Some(STARTABLE))
        .description(Some("One of the task types the Borgeroverblik may start (`opgavetype_ikke_tilladt` otherwise)."))
        .build()
}
