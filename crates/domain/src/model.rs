//! The records of `docs/domain.md` ("People and records"). Catalogue references are ids into
//! [`crate::catalog`]; record ids are database ids.

use crate::cpr::Cpr;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

macro_rules! labelled_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal => $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The Danish label shown in the UI.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
            /// Compact numeric code (database and snapshot).
            pub fn code(self) -> u8 {
                match self { $($name::$variant => $code),+ }
            }
            pub fn from_code(code: u8) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

labelled_enum!(
    /// "Kilde": where a task came from.
    Kilde { Selvbetjening = 1 => "Selvbetjening", System = 2 => "System", DigitalPost = 3 => "Digital post", Bruger = 4 => "Bruger" }
);

labelled_enum!(
    /// A task's relation: about one borger, or the municipality's own.
    Relation { Person = 1 => "Personopgave", Kommune = 2 => "Kommuneopgave" }
);

labelled_enum!(
    OpgaveStatus { Ubehandlet = 1 => "Ubehandlet", IGang = 2 => "I gang", Venter = 3 => "Venter", Afsluttet = 4 => "Afsluttet" }
);

labelled_enum!(
    SagStatus {
        UnderOplysning = 1 => "Under oplysning",
        UnderBehandling = 2 => "Under behandling",
        Bevilget = 3 => "Bevilget",
        Afslag = 4 => "Afslag",
        Afsluttet = 5 => "Afsluttet",
    }
);

labelled_enum!(
    /// A document's format, by content (`intake::sniff`); `Andet` is only
    /// for documents the demo made before intake could tell formats apart.
    DokumentFormat {
        Pdf = 1 => "PDF",
        Xml = 2 => "XML",
        Andet = 3 => "Andet",
        Jpeg = 4 => "JPEG",
        Png = 5 => "PNG",
        Tiff = 6 => "TIFF",
        Docx = 7 => "DOCX",
    }
);

impl DokumentFormat {
    /// The file extension a document of this format is named with.
    pub fn extension(self) -> &'static str {
        match self {
            DokumentFormat::Pdf => "pdf",
            DokumentFormat::Xml => "xml",
            DokumentFormat::Andet => "dat",
            DokumentFormat::Jpeg => "jpg",
            DokumentFormat::Png => "png",
            DokumentFormat::Tiff => "tif",
            DokumentFormat::Docx => "docx",
        }
    }

    /// The media type a download of the document is sent with.
    pub fn mime_type(self) -> &'static str {
        match self {
            DokumentFormat::Pdf => "application/pdf",
            DokumentFormat::Xml => "application/xml",
            DokumentFormat::Andet => "application/octet-stream",
            DokumentFormat::Jpeg => "image/jpeg",
            DokumentFormat::Png => "image/png",
            DokumentFormat::Tiff => "image/tiff",
            DokumentFormat::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }
    }
}

impl OpgaveStatus {
    pub fn is_open(self) -> bool {
        self != OpgaveStatus::Afsluttet
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Borger {
    pub id: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "010203-1234"))]
    pub cpr: Cpr,
    pub navn: String,
    /// Pension type id, if the borger has a pension.
    pub pensionstype: Option<u16>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Sag {
    pub id: i64,
    pub borger_id: i64,
    pub sagstype: u16,
    /// Ydelse/ydelsesart id (KY), if any.
    pub ydelse: Option<u16>,
    pub titel: String,
    pub status: SagStatus,
    pub aktiv: bool,
    /// Bevillingens startdato.
    pub startdato: Option<NaiveDate>,
    pub enhed: u16,
    /// The day a Stop sag takes effect, when one is recorded: until then
    /// the case keeps its activity and outcome (see [`Sag::as_of`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopdato: Option<NaiveDate>,
}

impl Sag {
    /// Whether a stop on `stopdato` has taken effect on `today`: from the
    /// stop date itself the case is stopped.
    pub fn stop_is_due(stopdato: NaiveDate, today: NaiveDate) -> bool {
        stopdato <= today
    }

    /// The case as it stands on `today`: a recorded stop whose date has come
    /// makes it passive and Afsluttet; a stop in the future changes nothing
    /// yet, so the case stays active with its outcome (Bevilget or Afslag)
    /// and selectable wherever it was (seed 004: Stop sag "sætte en stopdato").
    pub fn as_of(mut self, today: NaiveDate) -> Sag {
        if self.stopdato.is_some_and(|d| Sag::stop_is_due(d, today)) {
            self.aktiv = false;
            self.status = SagStatus::Afsluttet;
        }
        self
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Opgave {
    pub id: i64,
    pub opgavetype: u16,
    pub opfoelgningstype: Option<u16>,
    pub relation: Relation,
    pub kilde: Kilde,
    /// Til godkendelsesbeløb.
    pub beloebsgodkendelse: bool,
    pub enhed: u16,
    pub borger_id: Option<i64>,
    pub sag_id: Option<i64>,
    pub status: OpgaveStatus,
    pub taget_af: Option<String>,
    /// Name of who has taken the task (shown; the username identifies).
    #[serde(default)]
    pub taget_af_navn: Option<String>,
    pub oprettet: NaiveDate,
    pub frist: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dokument {
    pub id: i64,
    pub navn: String,
    pub format: DokumentFormat,
    pub kategori: Option<u16>,
    pub modtaget: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rolle {
    pub id: i64,
    pub navn: String,
    pub beskrivelse: String,
    /// What the role lets its users do ("Rettigheder"), in code order.
    #[serde(default)]
    pub rettigheder: Vec<Permission>,
}

labelled_enum!(
    /// A right a role gives ("Rettigheder"): looking up a borger, and each
    /// process a caseworker may start. Codes are stored in
    /// `rolle_rettigheder`: append only.
    Permission {
        Borgeropslag = 1 => "Borgeropslag",
        OpretTraek = 2 => "Opret træk",
        StopSag = 3 => "Stop sag",
        OpretOpfoelgningsopgave = 4 => "Opret opfølgningsopgave",
        ModtagPost = 5 => "Modtag post manuelt",
        OpretBevilling = 6 => "Opret bevilling",
        TilfoejYdelse = 7 => "Tilføj ydelse til bevilling",
        BehandlEfaktura = 8 => "Behandl eFaktura",
    }
);

impl Permission {
    /// What the right allows, one Danish sentence for the role page.
    pub fn description(self) -> &'static str {
        match self {
            Permission::Borgeropslag => "Slå en borger op på CPR-nummer, åbne Borgeroverblikket og se borgerens sager i Sagsvælgeren.",
            Permission::OpretTraek => "Starte Opret træk fra Borgeroverblikket.",
            Permission::StopSag => "Starte Stop sag fra Borgeroverblikket.",
            Permission::OpretOpfoelgningsopgave => "Starte en opfølgningsopgave fra Borgeroverblikket.",
            Permission::ModtagPost => "Modtage post manuelt fra Borgeroverblikket.",
            Permission::OpretBevilling => "Starte Opret bevilling.",
            Permission::TilfoejYdelse => "Tilføje en ydelse til en bevilget sag fra Borgeroverblikket.",
            Permission::BehandlEfaktura => "Behandle eFakturaer.",
        }
    }

    /// The right needed to start a task of this type by hand (the
    /// Borgeroverblik's "Handlinger"), if it is a process one starts.
    pub fn to_start(opgavetype: u16) -> Option<Permission> {
        use crate::catalog::task_type;
        match opgavetype {
            task_type::OPRET_TRAEK => Some(Permission::OpretTraek),
            task_type::STOP_SAG => Some(Permission::StopSag),
            task_type::OPFOELGNINGSOPGAVE => Some(Permission::OpretOpfoelgningsopgave),
            task_type::MODTAG_POST => Some(Permission::ModtagPost),
            task_type::OPRET_BEVILLING => Some(Permission::OpretBevilling),
            task_type::TILFOEJ_YDELSE => Some(Permission::TilfoejYdelse),
            task_type::BEHANDL_EFAKTURA_APOE | task_type::BEHANDL_EFAKTURA_EYAY => Some(Permission::BehandlEfaktura),
            _ => None,
        }
    }

    /// The rights of all the roles, each once, in code order.
    pub fn union_of(roller: &[Rolle]) -> Vec<Permission> {
        let mut all: Vec<Permission> = roller.iter().flat_map(|r| r.rettigheder.iter().copied()).collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}

/// The ISO form of a date, `YYYY-MM-DD` (the inverse of [`parse_iso_date`];
/// without chrono's strftime for the same reason).
pub fn iso_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// Parses the ISO form of a date, `YYYY-MM-DD`, as on the wire and in
/// `<input type="date">`; `None` for anything else. Written by hand rather
/// than with chrono's `parse_from_str`: the strftime machinery is a
/// noticeable part of the wasm.
pub fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = &s[r];
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}
