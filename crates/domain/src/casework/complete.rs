//! `POST /api/tasks/{id}/complete`: the decisions of a wizard's last step
//! ([`CompleteRequest`], one variant per [`Wizard`]) and
//! [`CompleteRequest::check`], every rule of the request that the server
//! checks before it reads the chosen case or target task.

use super::documents::{is_power_of_attorney, DocumentEdit};
use super::process::{case_rule, Process};
use super::rules::{self, Field, Refusal};
use crate::catalog::task_type;
use crate::codes::*;
use crate::model::{Dokument, Opgave, OpgaveStatus, Permission, Sag};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The wizard a task is processed with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Wizard {
    ModtagPost,
    OpretTraek,
    StopSag,
    /// Opret bevilling (seed 001): Sagsoplysninger, Tilføj ydelse til
    /// bevilling, Dokumenter; creates the case.
    OpretBevilling,
    /// Tilføj ydelse til bevilling: benefit lines on a granted case.
    TilfoejYdelse,
    /// Behandl eFaktura (both schemes): approve or refuse the invoice on a case.
    BehandlEfaktura,
    /// Every other task: finish it, or finish it with a follow-up task.
    Generel,
}

impl Wizard {
    pub fn for_task_type(opgavetype: u16) -> Wizard {
        match opgavetype {
            task_type::MODTAG_POST => Wizard::ModtagPost,
            task_type::OPRET_TRAEK => Wizard::OpretTraek,
            task_type::STOP_SAG => Wizard::StopSag,
            task_type::OPRET_BEVILLING => Wizard::OpretBevilling,
            task_type::TILFOEJ_YDELSE => Wizard::TilfoejYdelse,
            task_type::BEHANDL_EFAKTURA_APOE | task_type::BEHANDL_EFAKTURA_EYAY => Wizard::BehandlEfaktura,
            _ => Wizard::Generel,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Wizard::ModtagPost => "Modtag post",
            Wizard::OpretTraek => "Opret træk",
            Wizard::StopSag => "Stop sag",
            Wizard::OpretBevilling => "Opret bevilling",
            Wizard::TilfoejYdelse => "Tilføj ydelse til bevilling",
            Wizard::BehandlEfaktura => "Behandl eFaktura",
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

/// One benefit line of a grant ("Tilføj ydelse til bevilling"): the
/// benefit, the amount and the period it is paid for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BenefitLine {
    /// Benefit id (catalogue), one the case's sagstype grants.
    pub ydelse: u16,
    /// Amount in øre (> 0, at most 1.000.000 kr.).
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::limits::schema::amount))]
    pub beloeb_oere: i64,
    /// Periode fra: not before the grant's start date.
    pub fra: NaiveDate,
    /// Periode til, if the benefit ends; not before `fra`.
    #[serde(default)]
    pub til: Option<NaiveDate>,
}

/// Opret bevilling, "Sagsoplysninger": the case it creates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Sagsoplysninger {
    /// Sagstype id; one something can be granted on.
    pub sagstype: u16,
    /// The case's benefit (its title), one the sagstype grants.
    pub ydelse: u16,
    /// Administrative unit id.
    pub enhed: u16,
    /// Bevillingens startdato.
    pub startdato: NaiveDate,
    /// Where the sagstype has one (Folkepension, Førtidspension), required.
    #[serde(default)]
    pub pensionstype: Option<u16>,
}

/// Behandl eFaktura: the decision on the invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FakturaAfgoerelse {
    Godkend,
    /// Refused, with the reason (1 to 2000 characters).
    Afvis {
        #[cfg_attr(feature = "openapi", schema(schema_with = crate::limits::schema::reason))]
        aarsag: String,
    },
}

impl FakturaAfgoerelse {
    pub fn label(&self) -> &'static str {
        match self {
            FakturaAfgoerelse::Godkend => "Godkendt",
            FakturaAfgoerelse::Afvis { .. } => "Afvist",
        }
    }
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
        /// Amount in øre (> 0, at most 1.000.000 kr.).
        #[cfg_attr(feature = "openapi", schema(schema_with = crate::limits::schema::amount))]
        beloeb_oere: i64,
        startdato: NaiveDate,
        frekvens: Frekvens,
    },
    StopSag {
        sag_id: i64,
        stopdato: NaiveDate,
        #[cfg_attr(feature = "openapi", schema(schema_with = crate::limits::schema::reason))]
        aarsag: String,
    },
    OpretOpfoelgningsopgave {
        sag_id: i64,
        /// Follow-up task type id (catalogue).
        opfoelgningstype: u16,
        frist: NaiveDate,
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(schema_with = crate::limits::schema::note))]
        note: String,
    },
    /// Opret bevilling: the case, its benefit lines, the documents' names
    /// and categories on it, and whether automatic processing takes over.
    OpretBevilling {
        sagsoplysninger: Sagsoplysninger,
        ydelser: Vec<BenefitLine>,
        /// Hand the case to automatic processing (only where it is set up
        /// for the sagstype).
        #[serde(default)]
        automatisk: bool,
        /// Renames / categories for documents without a form mapping.
        #[serde(default)]
        dokumenter: Vec<DocumentEdit>,
    },
    /// Tilføj ydelse til bevilling: benefit lines on a granted case.
    TilfoejYdelse { sag_id: i64, ydelser: Vec<BenefitLine> },
    /// Behandl eFaktura: the case the invoice and its attachments go to,
    /// and the decision.
    BehandlEfaktura { sag_id: i64, afgoerelse: FakturaAfgoerelse },
    /// Finish the task with a note (no other effect).
    Afslut {
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(schema_with = crate::limits::schema::note))]
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
                | (CompleteRequest::OpretBevilling { .. }, Wizard::OpretBevilling)
                | (CompleteRequest::TilfoejYdelse { .. }, Wizard::TilfoejYdelse)
                | (CompleteRequest::BehandlEfaktura { .. }, Wizard::BehandlEfaktura)
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
            CompleteRequest::TilfoejYdelse { .. } => Some(Process::TilfoejYdelse),
            CompleteRequest::BehandlEfaktura { .. } => Some(Process::BehandlEfaktura),
            CompleteRequest::OpretOpfoelgningsopgave { .. } => Some(Process::OpretOpfoelgningsopgave),
            _ => None,
        }
    }

    /// The right finishing the request needs besides access to the task
    /// (the processes of Opret bevilling, Tilføj ydelse til bevilling and
    /// Behandl eFaktura).
    pub fn permission(&self) -> Option<Permission> {
        match self {
            CompleteRequest::OpretBevilling { .. } => Some(Permission::OpretBevilling),
            CompleteRequest::TilfoejYdelse { .. } => Some(Permission::TilfoejYdelse),
            CompleteRequest::BehandlEfaktura { .. } => Some(Permission::BehandlEfaktura),
            _ => None,
        }
    }

    /// The chosen case, if any.
    pub fn sag_id(&self) -> Option<i64> {
        match self {
            CompleteRequest::ModtagPost { handling: ModtagPostHandling::TilfoejSagsrelation { sag_id }, .. }
            | CompleteRequest::OpretTraek { sag_id, .. }
            | CompleteRequest::StopSag { sag_id, .. }
            | CompleteRequest::TilfoejYdelse { sag_id, .. }
            | CompleteRequest::BehandlEfaktura { sag_id, .. }
            | CompleteRequest::OpretOpfoelgningsopgave { sag_id, .. } => Some(*sag_id),
            _ => None,
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            CompleteRequest::ModtagPost { .. } => "Modtag post",
            CompleteRequest::OpretTraek { .. } => "Opret træk",
            CompleteRequest::StopSag { .. } => "Stop sag",
            CompleteRequest::OpretBevilling { .. } => "Opret bevilling",
            CompleteRequest::TilfoejYdelse { .. } => "Tilføj ydelse til bevilling",
            CompleteRequest::BehandlEfaktura { .. } => "Behandl eFaktura",
            CompleteRequest::OpretOpfoelgningsopgave { .. } => "Opret opfølgningsopgave",
            CompleteRequest::Afslut { .. } => "Afslut opgave",
        }
    }

    /// The rules of the request alone (amounts, texts, document names):
    /// `ugyldig_beslutning` (beløb > 0 and at most 1.000.000 kr., årsag
    /// given, texts at most 2000 characters, a new document name 1 to 200
    /// characters; Opret bevilling's Sagsoplysninger and every benefit
    /// line's ydelse, beløb and periode; Behandl eFaktura's reason for a
    /// refusal). The server runs it before it opens a transaction.
    pub fn check_values(&self) -> Result<(), Refusal> {
        match self {
            CompleteRequest::OpretBevilling { sagsoplysninger: s, ydelser, dokumenter, .. } => {
                rules::bevillingssagstype(s.sagstype)?;
                rules::plausible_date(Field::Bevillingsstart, s.startdato)?;
                rules::ydelse_of(Field::Ydelse, s.sagstype, s.ydelse)?;
                rules::enhed(s.enhed)?;
                rules::pensionstype(s.sagstype, s.pensionstype)?;
                check_lines(ydelser, Some(s.sagstype), Some(s.startdato))?;
                rules::document_edits(dokumenter.len())?;
                dokumenter.iter().try_for_each(rules::document_name)
            }
            CompleteRequest::TilfoejYdelse { ydelser, .. } => check_lines(ydelser, None, None),
            CompleteRequest::BehandlEfaktura { afgoerelse: FakturaAfgoerelse::Afvis { aarsag }, .. } => rules::afvisningsaarsag(aarsag),
            CompleteRequest::BehandlEfaktura { .. } => Ok(()),
            CompleteRequest::OpretTraek { beloeb_oere, startdato, .. } => {
                rules::beloeb(*beloeb_oere)?;
                rules::plausible_date(Field::Startdato, *startdato)
            }
            CompleteRequest::StopSag { aarsag, stopdato, .. } => {
                rules::plausible_date(Field::Stopdato, *stopdato)?;
                rules::aarsag(aarsag)
            }
            CompleteRequest::OpretOpfoelgningsopgave { note, frist, .. } => {
                rules::plausible_date(Field::Frist, *frist)?;
                rules::note(note)
            }
            CompleteRequest::Afslut { note } => rules::note(note),
            CompleteRequest::ModtagPost { dokumenter, .. } => {
                rules::document_edits(dokumenter.len())?;
                dokumenter.iter().try_for_each(rules::document_name)
            }
        }
    }

    /// The request is for the task's wizard (`forkert_guide`).
    pub fn check_wizard(&self, ctx: &CompleteContext) -> Result<(), Refusal> {
        if self.fits(ctx.wizard) {
            return Ok(());
        }
        Err(Refusal::new(
            WRONG_WIZARD,
            Field::Handling,
            format!("Opgaven behandles med »{}« og kan ikke afsluttes med »{}«.", ctx.wizard.label(), self.label()),
        ))
    }

    /// The rules of one wizard on the task and its documents:
    /// - Modtag post: an unverified power of attorney →
    ///   `fuldmagt_ikke_verificeret`; an edit of a document not on the task →
    ///   `ukendt_dokument`; an unknown document category →
    ///   `ukendt_dokumentkategori`; no borger and not "Ingen handling" →
    ///   `ingen_borger`; "Opret opgave" with an unknown task type or Modtag
    ///   post → `ukendt_opgavetype`;
    /// - Opret opfølgningsopgave: an unknown follow-up type →
    ///   `ukendt_opfoelgningstype`; a frist before today → `ugyldig_frist`;
    /// - Opret bevilling: automatic processing where it is not set up for the
    ///   sagstype → `automatisk_ikke_opsat`; document edits as Modtag post's;
    /// - Behandl eFaktura: a task without an invoice → `ingen_faktura`.
    pub fn check_variant(&self, ctx: &CompleteContext) -> Result<(), Refusal> {
        match self {
            CompleteRequest::OpretBevilling { sagsoplysninger, automatisk, dokumenter, .. } => {
                rules::borger_for_case(ctx.borger_id.is_some())?;
                rules::automatisk(ctx.automatisk_sagstyper.contains(&sagsoplysninger.sagstype), *automatisk)?;
                dokumenter.iter().try_for_each(|e| rules::document_of_task(&ctx.dokument_ids, e))
            }
            CompleteRequest::BehandlEfaktura { .. } => rules::faktura(ctx.har_faktura),
            CompleteRequest::ModtagPost { fuldmagt_verificeret, handling, dokumenter } => {
                rules::fuldmagt(ctx.kraever_fuldmagt, *fuldmagt_verificeret)?;
                for e in dokumenter {
                    rules::document_of_task(&ctx.dokument_ids, e)?;
                }
                rules::borger_for_handling(ctx.borger_id.is_some(), *handling == ModtagPostHandling::IngenHandling)?;
                match handling {
                    ModtagPostHandling::OpretOpgave { opgavetype } => rules::opgavetype(*opgavetype),
                    _ => Ok(()),
                }
            }
            CompleteRequest::OpretOpfoelgningsopgave { opfoelgningstype, frist, .. } => {
                rules::opfoelgningstype(*opfoelgningstype)?;
                rules::frist(*frist, ctx.today)
            }
            _ => Ok(()),
        }
    }

    /// Every rule of the wizard that needs no database read beyond the task
    /// and its documents ([`CompleteContext`]): [`Self::check_values`],
    /// [`Self::check_wizard`] and [`Self::check_variant`]; the first broken
    /// one as a [`Refusal`] (API code, field, Danish message). The browser
    /// runs the same rules at each step's "Næste" ([`super::wizards`]).
    ///
    /// The server's `POST /api/tasks/{id}/complete` runs the same three in
    /// the order it has always refused in: the values before it opens the
    /// transaction; the wizard once the task is found open and taken by the
    /// caller; then [`Self::check_case`] on the chosen case; then the
    /// variant's rules; then [`Self::check_target_task`].
    pub fn check(&self, ctx: &CompleteContext) -> Result<(), Refusal> {
        self.check_values()?;
        self.check_wizard(ctx)?;
        self.check_variant(ctx)
    }

    /// The rules on the chosen case, once the server has read the case of
    /// [`CompleteRequest::sag_id`] (`None`: no case has that id): it exists
    /// (`ukendt_sag`), it is the task's borger's (`sag_tilhoerer_anden_borger`),
    /// and the process may choose it ([`case_rule`]; `sag_ikke_tilladt` with
    /// the Sagsvælger's reason). Ok for a request without a case.
    pub fn check_case(&self, ctx: &CompleteContext, sag: Option<&Sag>) -> Result<(), Refusal> {
        if self.sag_id().is_none() {
            return Ok(());
        }
        let sag = sag.ok_or_else(|| Refusal::new(UNKNOWN_CASE, Field::Sag, "Den valgte sag findes ikke."))?;
        if ctx.borger_id != Some(sag.borger_id) {
            return Err(Refusal::new(
                CASE_OF_OTHER_BORGER,
                Field::Sag,
                "Den valgte sag tilhører ikke opgavens borger. Vælg en af borgerens sager.",
            ));
        }
        if let Some(process) = self.process() {
            case_rule(process, sag).map_err(|reason| Refusal::new(CASE_NOT_ALLOWED, Field::Sag, reason))?;
        }
        match self {
            // The lines' benefits are the case's sagstype's, their periods
            // within the grant.
            CompleteRequest::TilfoejYdelse { ydelser, .. } => check_lines(ydelser, Some(sag.sagstype), sag.startdato),
            CompleteRequest::OpretTraek { startdato, .. } => rules::from_case_start(Field::Startdato, *startdato, sag.startdato),
            CompleteRequest::StopSag { stopdato, .. } => rules::from_case_start(Field::Stopdato, *stopdato, sag.startdato),
            _ => Ok(()),
        }
    }

    /// Modtag post, "Tilføj til igangværende opgave": the rules on the
    /// target task, once the server has read it (`None`: no such task): it
    /// exists and is not the post task itself (`ukendt_opgave`), it is the
    /// borger's (`opgave_tilhoerer_anden_borger`), and it is not closed
    /// (`opgave_afsluttet`). Ok for any other request.
    pub fn check_target_task(&self, ctx: &CompleteContext, target: Option<&Opgave>) -> Result<(), Refusal> {
        let CompleteRequest::ModtagPost { handling: ModtagPostHandling::TilfoejTilOpgave { .. }, .. } = self else { return Ok(()) };
        let target = target
            .filter(|t| t.id != ctx.opgave_id)
            .ok_or_else(|| Refusal::new(UNKNOWN_TASK, Field::Opgave, "Den valgte opgave findes ikke."))?;
        if ctx.borger_id.is_none() || target.borger_id != ctx.borger_id {
            return Err(Refusal::new(
                TASK_OF_OTHER_BORGER,
                Field::Opgave,
                "Den valgte opgave tilhører ikke borgeren. Vælg en af borgerens igangværende opgaver.",
            ));
        }
        if target.status == OpgaveStatus::Afsluttet {
            return Err(Refusal::new(TASK_CLOSED, Field::Opgave, "Den valgte opgave er afsluttet. Vælg en igangværende opgave."));
        }
        Ok(())
    }
}

/// The rules of benefit lines: how many ([`rules::antal_linjer`]); per
/// line its benefit is the sagstype's (when known), its amount within the
/// limits and its period within the grant (from `startdato`, when known).
pub fn check_lines(lines: &[BenefitLine], sagstype: Option<u16>, startdato: Option<NaiveDate>) -> Result<(), Refusal> {
    rules::antal_linjer(lines.len())?;
    for (i, l) in lines.iter().enumerate() {
        if let Some(t) = sagstype {
            rules::ydelse_of(Field::LinjeYdelse(i), t, l.ydelse)?;
        }
        rules::beloeb_at(Field::LinjeBeloeb(i), l.beloeb_oere)?;
        rules::periode(i, l.fra, l.til, startdato)?;
    }
    Ok(())
}

/// What the wizard rules need to know about the task beyond the request.
/// The browser fills it from the task detail (`GET /api/tasks/{id}`), the
/// server from the database, both with [`CompleteContext::for_task`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompleteContext {
    /// Today (the frist may not be before it).
    pub today: NaiveDate,
    pub opgave_id: i64,
    /// The task's wizard (by its task type).
    pub wizard: Wizard,
    /// The task's borger, if it has one.
    pub borger_id: Option<i64>,
    /// A power of attorney is among the task's documents.
    pub kraever_fuldmagt: bool,
    /// The ids of the task's documents.
    pub dokument_ids: Vec<i64>,
    /// The sagstyper "Indstillinger for automatisk sagsbehandling" has on
    /// today (Opret bevilling may hand a case of these to it).
    #[serde(default)]
    pub automatisk_sagstyper: Vec<u16>,
    /// The task carries an eFaktura (Behandl eFaktura).
    #[serde(default)]
    pub har_faktura: bool,
}

impl CompleteContext {
    pub fn for_task(opgave: &Opgave, dokumenter: &[Dokument], today: NaiveDate) -> CompleteContext {
        CompleteContext {
            today,
            opgave_id: opgave.id,
            wizard: Wizard::for_task_type(opgave.opgavetype),
            borger_id: opgave.borger_id,
            kraever_fuldmagt: dokumenter.iter().any(is_power_of_attorney),
            dokument_ids: dokumenter.iter().map(|d| d.id).collect(),
            automatisk_sagstyper: Vec::new(),
            har_faktura: false,
        }
    }

    /// With what the task's setup adds: the sagstyper under automatic
    /// processing today, and whether the task carries an invoice.
    pub fn with_setup(self, automatisk_sagstyper: Vec<u16>, har_faktura: bool) -> CompleteContext {
        CompleteContext { automatisk_sagstyper, har_faktura, ..self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(s.check_values().is_ok());
        let t = CompleteRequest::OpretTraek {
            sag_id: 1,
            beloeb_oere: 0,
            startdato: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            frekvens: Frekvens::Maanedlig,
        };
        assert!(t.check_values().is_err());
    }
}
