//! Casework: the caseworker's side of DOMAIN.md ("Case selector", "Task
//! wizards"). The rules that decide which cases a process may choose
//! ([`case_rule`]), the "Formular dokumentkategori mapning"
//! ([`form_mapping`]), the upload check for manual post ([`check_upload`]),
//! and the wire types of the task, citizen and audit endpoints.
//!
//! Pure: the server re-checks every rule here before it writes anything, and
//! the browser uses the same functions to show the choices.

use crate::catalog::{doc_category, task_type};
use crate::model::{Borger, Dokument, DokumentFormat, Opgave, Sag, SagStatus};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

// ------------------------------------------------------------ case selector

/// Which restriction a process puts on the cases of the Sagsvælger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseRuleKind {
    /// Only active cases that are decided (not "Under behandling" or
    /// "Under oplysning"): the default of the case selector.
    Active,
    /// Active cases, and also cases "Under behandling" or "Under oplysning".
    ActiveOrInProgress,
    /// Only cases closed as "Bevilget" or "Afslag" (Modtag post,
    /// "Tilføj ny sagsrelation").
    ClosedGrantedOrRefused,
}

macro_rules! processes {
    ($($variant:ident = $key:literal => $label:literal, $kind:ident;)+) => {
        /// A process that chooses one case with the Sagsvælger (seed `002_*`
        /// §3.2), plus Modtag post's "Tilføj ny sagsrelation".
        /// On the wire (`?process=`) in snake_case, e.g. `stop_sag`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum Process { $($variant),+ }

        impl Process {
            pub const ALL: &'static [Process] = &[$(Process::$variant),+];

            /// The Danish name of the process.
            pub fn label(self) -> &'static str {
                match self { $(Process::$variant => $label),+ }
            }

            /// The wire name (`stop_sag`), as used in `?process=`.
            pub fn key(self) -> &'static str {
                match self { $(Process::$variant => $key),+ }
            }

            pub fn from_key(key: &str) -> Option<Process> {
                match key { $($key => Some(Process::$variant),)+ _ => None }
            }

            pub fn rule_kind(self) -> CaseRuleKind {
                match self { $(Process::$variant => CaseRuleKind::$kind),+ }
            }

            fn passive_reason(self) -> &'static str {
                match self {
                    $(Process::$variant => concat!("Sagen er passiv. ", $label, " kan kun vælge aktive sager.")),+
                }
            }

            fn undecided_reason(self, status: SagStatus) -> &'static str {
                match (self, status) {
                    $(
                        (Process::$variant, SagStatus::UnderOplysning) => concat!("Sagen er under oplysning. ", $label, " kan kun vælge sager, der er afgjort."),
                        (Process::$variant, _) => concat!("Sagen er under behandling. ", $label, " kan kun vælge sager, der er afgjort."),
                    )+
                }
            }

            fn passive_decided_reason(self) -> &'static str {
                match self {
                    $(Process::$variant => concat!("Sagen er passiv og afgjort. ", $label, " kan kun vælge aktive sager og sager under behandling eller oplysning.")),+
                }
            }
        }
    };
}

processes! {
    OpretTraek = "opret_traek" => "Opret træk", Active;
    BehandlEfaktura = "behandl_efaktura" => "Behandl eFaktura", Active;
    OpretOpfoelgningsopgave = "opret_opfoelgningsopgave" => "Opret opfølgningsopgave", ActiveOrInProgress;
    RetBevilling = "ret_bevilling" => "Ret bevilling", Active;
    RetPlanlagtTraek = "ret_planlagt_traek" => "Ret planlagt træk", Active;
    RetPlanlagtUdbetaling = "ret_planlagt_udbetaling" => "Ret planlagt udbetaling", Active;
    Raadighedsberegning = "raadighedsberegning" => "Rådighedsberegning", ActiveOrInProgress;
    StopSag = "stop_sag" => "Stop sag", Active;
    TilfoejYdelse = "tilfoej_ydelse" => "Tilføj ydelse til bevilling", Active;
    ModtagPostSagsrelation = "modtag_post_sagsrelation" => "Tilføj ny sagsrelation", ClosedGrantedOrRefused;
}

fn in_progress(status: SagStatus) -> bool {
    matches!(status, SagStatus::UnderBehandling | SagStatus::UnderOplysning)
}

/// May `process` choose `sag`? `Err` is the Danish reason shown under
/// "Vis fravalgte sager". Whether the case belongs to the right borger is
/// the caller's business.
pub fn case_rule(process: Process, sag: &Sag) -> Result<(), &'static str> {
    match process.rule_kind() {
        CaseRuleKind::Active => {
            if !sag.aktiv {
                Err(process.passive_reason())
            } else if in_progress(sag.status) {
                Err(process.undecided_reason(sag.status))
            } else {
                Ok(())
            }
        }
        CaseRuleKind::ActiveOrInProgress => {
            if sag.aktiv || in_progress(sag.status) {
                Ok(())
            } else {
                Err(process.passive_decided_reason())
            }
        }
        CaseRuleKind::ClosedGrantedOrRefused => match sag.status {
            SagStatus::Bevilget | SagStatus::Afslag => Ok(()),
            _ => Err("Sagen er ikke afgjort med bevilling eller afslag. Tilføj ny sagsrelation kan kun vælge sager, der er bevilget eller har fået afslag."),
        },
    }
}

/// `GET /api/citizens/{id}/cases?process=`: the borger's cases split by
/// [`case_rule`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseSelection {
    pub proces: Process,
    /// Cases the process may choose, newest grant start date first.
    pub valgbare: Vec<Sag>,
    /// "Vis fravalgte sager": the others, each with the reason.
    pub fravalgte: Vec<ExcludedCase>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExcludedCase {
    pub sag: Sag,
    /// Danish reason, e.g. "Sagen er passiv. Stop sag kan kun vælge aktive sager."
    pub aarsag: String,
}

impl CaseSelection {
    /// Splits `sager` by the rule of `process`, sorted by the selector's
    /// default order.
    pub fn of(process: Process, sager: impl IntoIterator<Item = Sag>) -> CaseSelection {
        let mut valgbare = Vec::new();
        let mut fravalgte = Vec::new();
        for sag in sager {
            match case_rule(process, &sag) {
                Ok(()) => valgbare.push(sag),
                Err(aarsag) => fravalgte.push(ExcludedCase { sag, aarsag: aarsag.to_owned() }),
            }
        }
        sort_cases(&mut valgbare, CaseSort::Startdato);
        fravalgte.sort_by(|a, b| compare(CaseSort::Startdato, &a.sag, &b.sag));
        CaseSelection { proces: process, valgbare, fravalgte }
    }
}

/// Sort order of the Sagsvælger.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseSort {
    Titel,
    /// Bevillingens startdato, newest first (default); no date last.
    #[default]
    Startdato,
    Status,
}

impl CaseSort {
    pub const ALL: &'static [CaseSort] = &[CaseSort::Titel, CaseSort::Startdato, CaseSort::Status];
    pub fn label(self) -> &'static str {
        match self {
            CaseSort::Titel => "Sagstitel",
            CaseSort::Startdato => "Bevillingens startdato",
            CaseSort::Status => "Status",
        }
    }
}

/// The selector's "aktive / passive / begge" filter (default: aktive).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActivityFilter {
    #[default]
    Aktive,
    Passive,
    Begge,
}

impl ActivityFilter {
    pub const ALL: &'static [ActivityFilter] = &[ActivityFilter::Aktive, ActivityFilter::Passive, ActivityFilter::Begge];
    pub fn label(self) -> &'static str {
        match self {
            ActivityFilter::Aktive => "Aktive",
            ActivityFilter::Passive => "Passive",
            ActivityFilter::Begge => "Begge",
        }
    }
    pub fn allows(self, sag: &Sag) -> bool {
        match self {
            ActivityFilter::Aktive => sag.aktiv,
            ActivityFilter::Passive => !sag.aktiv,
            ActivityFilter::Begge => true,
        }
    }
}

fn compare(by: CaseSort, a: &Sag, b: &Sag) -> std::cmp::Ordering {
    let by_date = || b.startdato.cmp(&a.startdato).then_with(|| b.id.cmp(&a.id));
    match by {
        CaseSort::Titel => crate::collate::danish_cmp(&a.titel, &b.titel).then_with(by_date),
        CaseSort::Startdato => by_date(),
        CaseSort::Status => a.status.cmp(&b.status).then_with(by_date),
    }
}

/// Sorts cases as the Sagsvælger shows them.
pub fn sort_cases(sager: &mut [Sag], by: CaseSort) {
    sager.sort_by(|a, b| compare(by, a, b));
}

// ------------------------------------------------------ document mapping

/// One row of "Formular dokumentkategori mapning": a form type (the
/// document's name without extension and without " (selvbetjening)") gives
/// the name and category a document gets when attached to a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormMapping {
    pub formular: &'static str,
    pub navn: &'static str,
    pub kategori: u16,
}

/// The mapping. "Anmodning om refusion" is deliberately absent (seed
/// `001_*`: it gets no category unless the caseworker gives one).
pub const FORM_MAPPINGS: &[FormMapping] = &[
    FormMapping { formular: "ansøgning", navn: "Ansøgning", kategori: doc_category::ANSOEGNING },
    FormMapping { formular: "ansøgning om helbredstillæg", navn: "Ansøgning om helbredstillæg", kategori: doc_category::ANSOEGNING },
    FormMapping { formular: "fuldmagt", navn: "Fuldmagt", kategori: doc_category::FULDMAGT },
    FormMapping { formular: "specificeret overslag", navn: "Specificeret overslag fra optiker", kategori: 5 },
    FormMapping { formular: "partshøringssvar", navn: "Partshøringssvar", kategori: 7 },
    FormMapping { formular: "lægeerklæring", navn: "Lægeerklæring", kategori: 8 },
];

/// The form type of a document name: lower case, without extension and
/// without a " (selvbetjening)" suffix.
pub fn form_type(navn: &str) -> String {
    let stem = match navn.rsplit_once('.') {
        Some((stem, ext)) if !ext.is_empty() && ext.len() <= 4 && !ext.contains(' ') => stem,
        _ => navn,
    };
    let stem = stem.trim();
    let stem = stem.strip_suffix("(selvbetjening)").unwrap_or(stem).trim();
    stem.to_lowercase()
}

/// The mapping for a document name, if its form type has one.
pub fn form_mapping(navn: &str) -> Option<&'static FormMapping> {
    let key = form_type(navn);
    FORM_MAPPINGS.iter().find(|m| m.formular == key)
}

/// Name and category a document gets when attached to a case: the
/// caseworker's own choice first, then the mapping; without either it keeps
/// its name and no category.
pub fn document_on_case(doc: &Dokument, edit: Option<&DocumentEdit>) -> (String, Option<u16>) {
    let mapped = form_mapping(&doc.navn);
    let navn = edit
        .and_then(|e| e.navn.as_deref())
        .map(|n| n.trim().to_owned())
        .or_else(|| mapped.map(|m| m.navn.to_owned()))
        .unwrap_or_else(|| doc.navn.clone());
    let kategori = edit.and_then(|e| e.kategori).or(mapped.map(|m| m.kategori));
    (navn, kategori)
}

/// Is this document a power of attorney that must be verified?
pub fn is_power_of_attorney(doc: &Dokument) -> bool {
    doc.kategori == Some(doc_category::FULDMAGT) || form_type(&doc.navn) == "fuldmagt"
}

// ------------------------------------------------------------ uploads

/// Largest document accepted by manual Modtag post.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;

/// Checks an uploaded document (manual Modtag post): PDF (`%PDF-`) or XML
/// (`<?xml` or `<`, after an optional byte order mark and white space), at
/// most [`MAX_UPLOAD_BYTES`]. Returns its format or a Danish message.
pub fn check_upload(navn: &str, bytes: &[u8]) -> Result<DokumentFormat, String> {
    let shown = navn.trim();
    if shown.is_empty() {
        return Err("Hvert dokument skal have et navn.".into());
    }
    if shown.chars().count() > 200 {
        return Err("Dokumentets navn må højst være 200 tegn.".into());
    }
    if bytes.is_empty() {
        return Err(format!("Dokumentet \"{shown}\" er tomt."));
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(format!("Dokumentet \"{shown}\" er større end 10 MB. Del det op, eller send det som PDF i lavere opløsning."));
    }
    if bytes.starts_with(b"%PDF-") {
        return Ok(DokumentFormat::Pdf);
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = text.iter().position(|b| !b.is_ascii_whitespace()).map(|i| &text[i..]).unwrap_or(&[]);
    if first.starts_with(b"<") {
        return Ok(DokumentFormat::Xml);
    }
    Err(format!("Dokumentet \"{shown}\" er hverken PDF eller XML. Kun PDF- og XML-dokumenter kan modtages."))
}

// ------------------------------------------------------------ wizards

/// The wizard a task is processed with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Wizard {
    ModtagPost,
    OpretTraek,
    StopSag,
    /// Every other task: finish it, or finish it with a follow-up task.
    Generel,
}

impl Wizard {
    pub fn for_task_type(opgavetype: u16) -> Wizard {
        match opgavetype {
            task_type::MODTAG_POST => Wizard::ModtagPost,
            task_type::OPRET_TRAEK => Wizard::OpretTraek,
            task_type::STOP_SAG => Wizard::StopSag,
            _ => Wizard::Generel,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Wizard::ModtagPost => "Modtag post",
            Wizard::OpretTraek => "Opret træk",
            Wizard::StopSag => "Stop sag",
            Wizard::Generel => "Behandl opgave",
        }
    }
}

/// How often a deduction is taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Frekvens {
    Engang,
    Maanedlig,
    Kvartalsvis,
}

impl Frekvens {
    pub const ALL: &'static [Frekvens] = &[Frekvens::Engang, Frekvens::Maanedlig, Frekvens::Kvartalsvis];
    pub fn label(self) -> &'static str {
        match self {
            Frekvens::Engang => "Én gang",
            Frekvens::Maanedlig => "Månedlig",
            Frekvens::Kvartalsvis => "Kvartalsvis",
        }
    }
    pub fn code(self) -> u8 {
        match self {
            Frekvens::Engang => 1,
            Frekvens::Maanedlig => 2,
            Frekvens::Kvartalsvis => 3,
        }
    }
}

/// Modtag post: what to do with the post ("Bestem behandling").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ModtagPostHandling {
    /// "Opret opgave": a new task of this type for the borger, carrying the
    /// documents (e.g. Opret bevilling).
    OpretOpgave { opgavetype: u16 },
    /// "Tilføj ny sagsrelation": attach the documents to a case closed as
    /// Bevilget or Afslag.
    TilfoejSagsrelation { sag_id: i64 },
    /// "Tilføj ny sagsrelation" without a case: create a Henvendelsessag.
    OpretHenvendelsessag,
    /// "Tilføj til igangværende opgave": attach the documents to an open
    /// task of the borger; a waiting task goes back to "I gang".
    TilfoejTilOpgave { opgave_id: i64 },
    /// "Ingen handling": the post is ignored.
    IngenHandling,
}

impl ModtagPostHandling {
    pub fn label(&self) -> &'static str {
        match self {
            Self::OpretOpgave { .. } => "Opret opgave",
            Self::TilfoejSagsrelation { .. } => "Tilføj ny sagsrelation",
            Self::OpretHenvendelsessag => "Tilføj ny sagsrelation (opret henvendelsessag)",
            Self::TilfoejTilOpgave { .. } => "Tilføj til igangværende opgave",
            Self::IngenHandling => "Ingen handling",
        }
    }
}

/// A caseworker's rename / categorisation of one document (for documents
/// that the form mapping does not cover).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentEdit {
    pub dokument_id: i64,
    #[serde(default)]
    pub navn: Option<String>,
    /// Document category id.
    #[serde(default)]
    pub kategori: Option<u16>,
}

/// `POST /api/tasks/{id}/complete`: the decisions of the wizard's last step.
/// The variant must fit the task's [`Wizard`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "wizard", rename_all = "snake_case")]
pub enum CompleteRequest {
    ModtagPost {
        /// The Fuldmagt checkbox; required when a Fuldmagt came with the post.
        #[serde(default)]
        fuldmagt_verificeret: bool,
        handling: ModtagPostHandling,
        /// Renames / categories for documents without a form mapping.
        #[serde(default)]
        dokumenter: Vec<DocumentEdit>,
    },
    OpretTraek {
        sag_id: i64,
        /// Amount in øre (> 0).
        beloeb_oere: i64,
        startdato: NaiveDate,
        frekvens: Frekvens,
    },
    StopSag {
        sag_id: i64,
        stopdato: NaiveDate,
        aarsag: String,
    },
    OpretOpfoelgningsopgave {
        sag_id: i64,
        /// Follow-up task type id (catalogue).
        opfoelgningstype: u16,
        frist: NaiveDate,
        #[serde(default)]
        note: String,
    },
    /// Finish the task with a note (no other effect).
    Afslut {
        #[serde(default)]
        note: String,
    },
}

impl CompleteRequest {
    /// May this request finish a task of this wizard?
    pub fn fits(&self, wizard: Wizard) -> bool {
        matches!(
            (self, wizard),
            (CompleteRequest::ModtagPost { .. }, Wizard::ModtagPost)
                | (CompleteRequest::OpretTraek { .. }, Wizard::OpretTraek)
                | (CompleteRequest::StopSag { .. }, Wizard::StopSag)
                | (CompleteRequest::OpretOpfoelgningsopgave { .. }, Wizard::OpretTraek | Wizard::StopSag | Wizard::Generel)
                | (CompleteRequest::Afslut { .. }, Wizard::Generel)
        )
    }

    /// The process whose case rule applies to the chosen case, if any.
    pub fn process(&self) -> Option<Process> {
        match self {
            CompleteRequest::ModtagPost { handling: ModtagPostHandling::TilfoejSagsrelation { .. }, .. } => {
                Some(Process::ModtagPostSagsrelation)
            }
            CompleteRequest::OpretTraek { .. } => Some(Process::OpretTraek),
            CompleteRequest::StopSag { .. } => Some(Process::StopSag),
            CompleteRequest::OpretOpfoelgningsopgave { .. } => Some(Process::OpretOpfoelgningsopgave),
            _ => None,
        }
    }

    /// The chosen case, if any.
    pub fn sag_id(&self) -> Option<i64> {
        match self {
            CompleteRequest::ModtagPost { handling: ModtagPostHandling::TilfoejSagsrelation { sag_id }, .. }
            | CompleteRequest::OpretTraek { sag_id, .. }
            | CompleteRequest::StopSag { sag_id, .. }
            | CompleteRequest::OpretOpfoelgningsopgave { sag_id, .. } => Some(*sag_id),
            _ => None,
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            CompleteRequest::ModtagPost { .. } => "Modtag post",
            CompleteRequest::OpretTraek { .. } => "Opret træk",
            CompleteRequest::StopSag { .. } => "Stop sag",
            CompleteRequest::OpretOpfoelgningsopgave { .. } => "Opret opfølgningsopgave",
            CompleteRequest::Afslut { .. } => "Afslut opgave",
        }
    }

    /// Checks of the request alone (no database): amounts, texts. Danish.
    pub fn validate(&self) -> Result<(), String> {
        match self {
            CompleteRequest::OpretTraek { beloeb_oere, .. } if *beloeb_oere <= 0 => Err("Trækkets beløb skal være større end 0 kr.".into()),
            CompleteRequest::OpretTraek { beloeb_oere, .. } if *beloeb_oere > 100_000_000 => {
                Err("Trækkets beløb må højst være 1.000.000 kr.".into())
            }
            CompleteRequest::StopSag { aarsag, .. } if aarsag.trim().is_empty() => Err("Skriv en årsag til, at sagen stoppes.".into()),
            CompleteRequest::StopSag { aarsag, .. }
            | CompleteRequest::OpretOpfoelgningsopgave { note: aarsag, .. }
            | CompleteRequest::Afslut { note: aarsag }
                if aarsag.chars().count() > 2000 =>
            {
                Err("Teksten må højst være 2000 tegn.".into())
            }
            CompleteRequest::ModtagPost { dokumenter, .. } => {
                for d in dokumenter {
                    if let Some(n) = &d.navn {
                        if n.trim().is_empty() || n.chars().count() > 200 {
                            return Err("Et dokuments nye navn skal være 1 til 200 tegn.".into());
                        }
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

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
}

/// `GET /api/citizens/{id}`: Borgeroverblik.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CitizenOverview {
    pub borger: Borger,
    pub sager: Vec<Sag>,
    pub aabne_opgaver: Vec<Opgave>,
    pub dokumenter: Vec<Dokument>,
}

/// One document of `POST /api/citizens/{id}/post`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadDocument {
    pub navn: String,
    /// The file, base64 (standard alphabet, with padding).
    pub indhold_base64: String,
}

/// `POST /api/citizens/{id}/post`: manual Modtag post from the
/// Borgeroverblik; creates a Modtag post task (kilde Bruger).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostUpload {
    pub dokumenter: Vec<UploadDocument>,
}

/// `POST /api/citizens/{id}/tasks`: starts a process from the
/// Borgeroverblik "Handlinger" menu (Opret træk, Stop sag,
/// Opfølgningsopgave); the new task is taken by the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartTask {
    pub opgavetype: u16,
}

/// What an audit entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    AabnetBorgeroverblik,
    AfsluttetOpgave,
    ModtagetPost,
    StartetOpgave,
}

impl AuditAction {
    pub fn label(self) -> &'static str {
        match self {
            AuditAction::AabnetBorgeroverblik => "Åbnede borgeroverblik",
            AuditAction::AfsluttetOpgave => "Afsluttede opgave",
            AuditAction::ModtagetPost => "Modtog post manuelt",
            AuditAction::StartetOpgave => "Startede opgave fra borgeroverblik",
        }
    }
    pub fn code(self) -> u8 {
        match self {
            AuditAction::AabnetBorgeroverblik => 1,
            AuditAction::AfsluttetOpgave => 2,
            AuditAction::ModtagetPost => 3,
            AuditAction::StartetOpgave => 4,
        }
    }
    pub fn from_code(c: u8) -> Option<AuditAction> {
        [AuditAction::AabnetBorgeroverblik, AuditAction::AfsluttetOpgave, AuditAction::ModtagetPost, AuditAction::StartetOpgave]
            .into_iter()
            .find(|a| a.code() == c)
    }
}

/// One audit entry: who did what, when, for which borger (by id, never the
/// CPR number).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    /// RFC 3339.
    pub tidspunkt: String,
    pub brugernavn: String,
    pub handling: AuditAction,
    pub borger_id: Option<i64>,
    pub opgave_id: Option<i64>,
    /// Danish summary, e.g. the wizard and its action.
    pub detaljer: String,
}

/// `GET /api/audit?page=`: newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub total: u64,
    /// 1-based.
    pub side: u32,
    pub sidestoerrelse: u32,
    pub poster: Vec<AuditEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use SagStatus::*;

    fn sag(status: SagStatus, aktiv: bool) -> Sag {
        Sag {
            id: 1,
            borger_id: 1,
            sagstype: 3,
            ydelse: None,
            titel: "Almindeligt helbredstillæg".into(),
            status,
            aktiv,
            startdato: None,
            enhed: 1,
        }
    }

    /// (process, status, aktiv, allowed)
    const TABLE: &[(Process, SagStatus, bool, bool)] = &[
        (Process::StopSag, Bevilget, true, true),
        (Process::StopSag, Bevilget, false, false),
        (Process::StopSag, Afsluttet, false, false),
        (Process::StopSag, UnderBehandling, true, false),
        (Process::StopSag, UnderOplysning, true, false),
        (Process::OpretTraek, Bevilget, true, true),
        (Process::OpretTraek, Afslag, false, false),
        (Process::OpretTraek, UnderBehandling, true, false),
        (Process::RetBevilling, Bevilget, true, true),
        (Process::BehandlEfaktura, Bevilget, false, false),
        (Process::TilfoejYdelse, UnderOplysning, true, false),
        (Process::OpretOpfoelgningsopgave, Bevilget, true, true),
        (Process::OpretOpfoelgningsopgave, UnderBehandling, true, true),
        (Process::OpretOpfoelgningsopgave, UnderBehandling, false, true),
        (Process::OpretOpfoelgningsopgave, UnderOplysning, false, true),
        (Process::OpretOpfoelgningsopgave, Bevilget, false, false),
        (Process::OpretOpfoelgningsopgave, Afsluttet, false, false),
        (Process::Raadighedsberegning, UnderOplysning, true, true),
        (Process::Raadighedsberegning, Afslag, false, false),
        (Process::ModtagPostSagsrelation, Bevilget, true, true),
        (Process::ModtagPostSagsrelation, Bevilget, false, true),
        (Process::ModtagPostSagsrelation, Afslag, false, true),
        (Process::ModtagPostSagsrelation, UnderBehandling, true, false),
        (Process::ModtagPostSagsrelation, UnderOplysning, true, false),
        (Process::ModtagPostSagsrelation, Afsluttet, false, false),
    ];

    #[test]
    fn case_rules_as_a_table() {
        for &(p, status, aktiv, allowed) in TABLE {
            let got = case_rule(p, &sag(status, aktiv));
            assert_eq!(got.is_ok(), allowed, "{p:?} {status:?} aktiv={aktiv}: {got:?}");
        }
        // every process is covered by the table
        for p in Process::ALL {
            assert!(TABLE.iter().any(|t| t.0 == *p) || [Process::RetPlanlagtTraek, Process::RetPlanlagtUdbetaling].contains(p), "{p:?}");
        }
    }

    #[test]
    fn reasons_are_danish_and_name_the_process() {
        assert_eq!(case_rule(Process::StopSag, &sag(Bevilget, false)), Err("Sagen er passiv. Stop sag kan kun vælge aktive sager."));
        assert_eq!(
            case_rule(Process::OpretTraek, &sag(UnderOplysning, true)),
            Err("Sagen er under oplysning. Opret træk kan kun vælge sager, der er afgjort.")
        );
        assert!(case_rule(Process::ModtagPostSagsrelation, &sag(UnderBehandling, true)).unwrap_err().contains("bevilget"));
    }

    #[test]
    fn process_wire_names() {
        assert_eq!(Process::StopSag.key(), "stop_sag");
        assert_eq!(Process::OpretOpfoelgningsopgave.key(), "opret_opfoelgningsopgave");
        assert_eq!(Process::ModtagPostSagsrelation.key(), "modtag_post_sagsrelation");
        for p in Process::ALL {
            assert_eq!(serde_json::from_value::<Process>(serde_json::Value::String(p.key().into())).unwrap(), *p);
            assert_eq!(Process::from_key(p.key()), Some(*p));
        }
    }

    #[test]
    fn titles_sort_in_danish_order() {
        let mut cases: Vec<Sag> = ["Åben sag", "Ørnereden", "boligstøtte", "Ældrecheck", "Zoneterapi"]
            .iter()
            .enumerate()
            .map(|(i, t)| Sag { id: i as i64 + 1, titel: (*t).to_owned(), ..sag(Bevilget, true) })
            .collect();
        sort_cases(&mut cases, CaseSort::Titel);
        let titles: Vec<&str> = cases.iter().map(|s| s.titel.as_str()).collect();
        assert_eq!(titles, ["boligstøtte", "Zoneterapi", "Ældrecheck", "Ørnereden", "Åben sag"]);
    }

    #[test]
    fn selection_splits_and_sorts_newest_first() {
        let d = |y| NaiveDate::from_ymd_opt(y, 1, 1);
        let mut a = sag(Bevilget, true);
        a.startdato = d(2020);
        let mut b = sag(Bevilget, true);
        b.id = 2;
        b.startdato = d(2024);
        let mut c = sag(Afsluttet, false);
        c.id = 3;
        let sel = CaseSelection::of(Process::StopSag, vec![a, b, c]);
        assert_eq!(sel.valgbare.iter().map(|s| s.id).collect::<Vec<_>>(), [2, 1]);
        assert_eq!(sel.fravalgte.len(), 1);
        assert_eq!(sel.fravalgte[0].aarsag, "Sagen er passiv. Stop sag kan kun vælge aktive sager.");
    }

    #[test]
    fn form_mapping_table() {
        let cases: &[(&str, Option<(&str, u16)>)] = &[
            ("Ansøgning (selvbetjening).xml", Some(("Ansøgning", doc_category::ANSOEGNING))),
            ("Ansøgning.pdf", Some(("Ansøgning", doc_category::ANSOEGNING))),
            ("Fuldmagt.pdf", Some(("Fuldmagt", doc_category::FULDMAGT))),
            ("Specificeret overslag (selvbetjening).xml", Some(("Specificeret overslag fra optiker", 5))),
            ("Anmodning om refusion (selvbetjening).xml", None),
            ("Brev fra borger.pdf", None),
        ];
        for &(navn, want) in cases {
            assert_eq!(form_mapping(navn).map(|m| (m.navn, m.kategori)), want, "{navn}");
        }
        let doc = Dokument {
            id: 1,
            navn: "Brev fra borger.pdf".into(),
            format: DokumentFormat::Pdf,
            kategori: None,
            modtaget: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        };
        assert_eq!(document_on_case(&doc, None), ("Brev fra borger.pdf".into(), None));
        let edit = DocumentEdit { dokument_id: 1, navn: Some("Regning fra tandlæge".into()), kategori: Some(doc_category::FAKTURA) };
        assert_eq!(document_on_case(&doc, Some(&edit)), ("Regning fra tandlæge".into(), Some(doc_category::FAKTURA)));
    }

    #[test]
    fn upload_checks() {
        assert_eq!(check_upload("a.pdf", b"%PDF-1.7\n..."), Ok(DokumentFormat::Pdf));
        assert_eq!(check_upload("a.xml", b"<?xml version=\"1.0\"?><a/>"), Ok(DokumentFormat::Xml));
        assert_eq!(check_upload("a.xml", b"\xEF\xBB\xBF\n  <a/>"), Ok(DokumentFormat::Xml));
        assert!(check_upload("a.exe", b"MZ\x90\x00").unwrap_err().contains("hverken PDF eller XML"));
        assert!(check_upload("", b"%PDF-").is_err());
        assert!(check_upload("a.pdf", b"").is_err());
        let big = vec![b' '; MAX_UPLOAD_BYTES + 1];
        assert!(check_upload("stor.pdf", &big).unwrap_err().contains("10 MB"));
    }

    #[test]
    fn complete_request_wire_form_and_fit() {
        let r: CompleteRequest = serde_json::from_str(
            r#"{"wizard":"modtag_post","fuldmagt_verificeret":true,"handling":{"type":"opret_opgave","opgavetype":2}}"#,
        )
        .unwrap();
        assert!(r.fits(Wizard::ModtagPost) && !r.fits(Wizard::Generel));
        assert_eq!(r.process(), None);
        let s: CompleteRequest =
            serde_json::from_str(r#"{"wizard":"stop_sag","sag_id":4,"stopdato":"2026-11-01","aarsag":"Død"}"#).unwrap();
        assert_eq!((s.process(), s.sag_id()), (Some(Process::StopSag), Some(4)));
        assert!(s.validate().is_ok());
        let t = CompleteRequest::OpretTraek {
            sag_id: 1,
            beloeb_oere: 0,
            startdato: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            frekvens: Frekvens::Maanedlig,
        };
        assert!(t.validate().is_err());
    }
}
