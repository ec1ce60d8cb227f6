//! Tasks: `GET /api/tasks/{id}`, `POST /api/tasks/{id}/claim`,
//! `POST /api/packages/{key}/next` and the answer of
//! `POST /api/tasks/{id}/complete` (its request is
//! [`crate::casework::complete::CompleteRequest`]).

use crate::casework::complete::{CompleteRequest, Wizard};
use crate::model::{Borger, Dokument, Opgave, Sag};
use serde::{Deserialize, Serialize};

/// The answer of `POST /api/tasks/{id}/complete`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompleteResult {
    pub opgave_id: i64,
    /// A task the wizard created (Opret opgave, Opret opfølgningsopgave).
    pub ny_opgave_id: Option<i64>,
    /// A case the wizard created (Henvendelsessag).
    pub ny_sag_id: Option<i64>,
    pub beslutning: DecisionRecord,
    /// The task's history with the finish, oldest first (as in
    /// [`TaskDetail::historik`]): the page shows it without asking again.
    #[serde(default)]
    pub historik: Vec<HistoryEntry>,
}

/// `POST /api/tasks/{id}/claim` and `POST /api/packages/{key}/next`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimResult {
    pub opgave_id: i64,
    /// Username of who has the task now (the caller).
    pub taget_af: String,
    pub taget_af_navn: String,
}

/// One line of a task's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    /// RFC 3339.
    pub tidspunkt: String,
    /// Name of the user, if a user did it.
    pub bruger: Option<String>,
    pub tekst: String,
}

/// The record of a finished wizard: who decided what, and who verified the
/// power of attorney.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionRecord {
    /// RFC 3339.
    pub tidspunkt: String,
    pub brugernavn: String,
    pub bruger_navn: String,
    /// Each choice as a Danish sentence, in wizard order.
    pub valg: Vec<String>,
    /// Name of who verified the Fuldmagt, when one came with the post.
    pub fuldmagt_verificeret_af: Option<String>,
    pub anmodning: CompleteRequest,
}

/// `GET /api/tasks/{id}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskDetail {
    pub opgave: Opgave,
    pub wizard: Wizard,
    /// Name of who has taken the task.
    pub taget_af_navn: Option<String>,
    pub dokumenter: Vec<Dokument>,
    /// True when a Fuldmagt is among the documents: the wizard must have it
    /// verified before an action can be chosen.
    pub kraever_fuldmagt: bool,
    pub sag: Option<Sag>,
    /// The borger of a person task (whole CPR: one borger for the
    /// caseworker who opened the task).
    pub borger: Option<Borger>,
    /// The borger's other open tasks ("Tilføj til igangværende opgave").
    pub borgerens_aabne_opgaver: Vec<Opgave>,
    pub historik: Vec<HistoryEntry>,
    pub beslutning: Option<DecisionRecord>,
    /// Under automatic processing (not yet fallen out to manual work).
    #[serde(default)]
    pub automatisk: bool,
    /// Why automatic processing handed the task to manual work, if it did.
    #[serde(default)]
    pub udfald_aarsag: Option<String>,
    /// History since the holder last opened the task ("Nye hændelser").
    #[serde(default)]
    pub nye_haendelser: Vec<HistoryEntry>,
    /// The invoice of a Behandl eFaktura task.
    #[serde(default)]
    pub faktura: Option<InvoiceInfo>,
    /// Opret bevilling: the sagstyper "Indstillinger for automatisk
    /// sagsbehandling" has on today (the choice is offered for these).
    #[serde(default)]
    pub automatisk_sagstyper: Vec<u16>,
    /// Opret bevilling: each document's name and category on the case
    /// by "Formular dokumentkategori mapning" valid today (by document id;
    /// documents without a mapping are absent).
    #[serde(default)]
    pub mapning: Vec<MappedDocument>,
    /// The viewer may take the task: one of their packages includes it (a
    /// task they read only by Borgeropslag is not theirs to take), it is
    /// open, and nobody else holds it.
    #[serde(default)]
    pub kan_tages: bool,
}

/// A document's name and category on a case by the form mapping.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MappedDocument {
    pub dokument_id: i64,
    pub navn: String,
    pub kategori: u16,
}

/// The invoice behind a Behandl eFaktura task (seed 002 §3.1, §4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceInfo {
    pub fakturanummer: String,
    pub leverandoer: String,
    pub beloeb_oere: i64,
    /// At least one attachment could not be stored.
    pub attached_documents_failed: bool,
    /// Each attachment that failed and why (the task's info box).
    #[serde(default)]
    pub fejlede_bilag: Vec<crate::wire::intake::FailedAttachment>,
}
