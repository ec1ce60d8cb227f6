//! Intake from source systems: `POST /api/intake/selvbetjening`,
//! `POST /api/intake/efaktura`, `POST /api/intake/haendelser` (bearer token
//! of a source system, never a session), and the admin's credentials
//! `GET/POST /api/admin/credentials`, `POST /api/admin/credentials/{id}/revoke`.
//! The submission's JSON part is [`crate::intake::SubmissionMeta`]; an event
//! is [`crate::intake::Event`].

use crate::intake::{AttachmentFault, Event};
use serde::{Deserialize, Serialize};

/// The answer to a self-service submission (also on replay of its message id).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntakeAnswer {
    pub besked_id: String,
    /// The task the submission became or joined.
    pub opgave_id: Option<i64>,
    /// A Danish sentence: what happened.
    pub resultat: String,
    /// True when the documents joined an ongoing task.
    #[serde(default)]
    pub tilknyttet_opgave: bool,
}

/// An eFaktura's scheme: enkeltydelser og andre ydelser, or APØ.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Ordning {
    Eyay,
    Apoe,
}

impl Ordning {
    pub fn label(self) -> &'static str {
        match self {
            Ordning::Eyay => "Enkeltydelser og andre ydelser",
            Ordning::Apoe => "APØ",
        }
    }
}

/// The JSON part `faktura` of `POST /api/intake/efaktura`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceMeta {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::intake::submission::besked_id_schema))]
    pub besked_id: String,
    #[cfg_attr(feature = "openapi", schema(example = "010203-1234"))]
    pub cpr: String,
    pub fakturanummer: String,
    pub leverandoer: String,
    pub beloeb_oere: i64,
    pub ordning: Ordning,
}

/// An attachment that could not be stored, and why (seed 002 §3.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FailedAttachment {
    pub filnavn: String,
    pub fejl: AttachmentFault,
}

/// The answer to an eFaktura.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceAnswer {
    pub besked_id: String,
    pub faktura_id: i64,
    /// The Behandl eFaktura task.
    pub opgave_id: i64,
    /// ATTACHED_DOCUMENTS_FAILED (seed 002 §4): at least one attachment failed.
    pub attached_documents_failed: bool,
    #[serde(default)]
    pub fejlede_bilag: Vec<FailedAttachment>,
}

/// `POST /api/intake/haendelser`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventsRequest {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::intake::submission::besked_id_schema))]
    pub besked_id: String,
    pub haendelser: Vec<Event>,
}

/// What one event led to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventResult {
    /// The Danish line listed on the Borgeroverblik.
    pub beskrivelse: String,
    /// Follow-up tasks created and tasks released to manual work.
    #[serde(default)]
    pub opgave_ider: Vec<i64>,
}

/// The answer to `POST /api/intake/haendelser`, one result per event in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventsAnswer {
    pub besked_id: String,
    pub resultater: Vec<EventResult>,
}

/// Which intake endpoint a credential may post to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Selvbetjening,
    Efaktura,
    Haendelser,
}

impl SourceKind {
    pub const ALL: &'static [SourceKind] = &[SourceKind::Selvbetjening, SourceKind::Efaktura, SourceKind::Haendelser];

    pub fn label(self) -> &'static str {
        match self {
            SourceKind::Selvbetjening => "Selvbetjening",
            SourceKind::Efaktura => "eFaktura",
            SourceKind::Haendelser => "Hændelser",
        }
    }

    /// Compact code (database).
    pub fn code(self) -> u8 {
        match self {
            SourceKind::Selvbetjening => 1,
            SourceKind::Efaktura => 2,
            SourceKind::Haendelser => 3,
        }
    }

    pub fn from_code(code: u8) -> Option<SourceKind> {
        SourceKind::ALL.iter().copied().find(|k| k.code() == code)
    }
}

/// A source system's credential (never its token).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Credential {
    pub id: i64,
    pub navn: String,
    pub kind: SourceKind,
    /// RFC 3339.
    pub oprettet: String,
    pub oprettet_af: String,
    /// RFC 3339 time of revocation, if revoked.
    #[serde(default)]
    pub tilbagekaldt: Option<String>,
}

/// `POST /api/admin/credentials`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCredential {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::limits::schema::name))]
    pub navn: String,
    pub kind: SourceKind,
}

/// The answer to `POST /api/admin/credentials` (201).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedCredential {
    pub credential: Credential,
    /// The bearer token, shown this once; only its hash is stored.
    pub token: String,
}
