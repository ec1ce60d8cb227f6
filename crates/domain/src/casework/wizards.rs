//! The task wizards as the browser holds them: each wizard's fields as
//! typed ([`CaseTaskForm`], [`PostForm`]), its steps, what each step's
//! "Næste" checks (`check`), and the request its last step sends
//! (`request`). A step's check is the rules of [`super::rules`] that concern
//! its fields (the very functions the server runs) plus what only typed
//! input can get wrong: nothing chosen, not a date, not an amount.

use super::complete::{CompleteContext, CompleteRequest, Frekvens, ModtagPostHandling, Wizard};
use super::documents::DocumentEdit;
use super::process::Process;
use super::rules::{self, Field, StepMessage, BELOEB_POSITIVE};
use crate::model::parse_iso_date;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

const CHOOSE_ACTION: &str = "Vælg en handling.";

/// Parses an amount in kroner as a Danish user writes it: decimal comma,
/// optional `.` between thousands, optional "kr." — `1.234,50` → 123450 øre.
/// More than 0 kr. (the upper limit is [`rules::beloeb`]).
pub fn parse_kroner(input: &str) -> Result<i64, &'static str> {
    const MESSAGE: &str = "Skriv beløbet i kroner med højst to decimaler efter kommaet, fx 1.250,50.";
    let s = input.trim();
    let s = s.strip_suffix("kr.").or_else(|| s.strip_suffix("kr")).unwrap_or(s).trim();
    if s.is_empty() {
        return Err("Skriv et beløb.");
    }
    if s.starts_with('-') {
        return Err(BELOEB_POSITIVE);
    }
    let (whole, frac) = match s.split_once(',') {
        Some((w, f)) => (w, f),
        None => (s, ""),
    };
    if frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(MESSAGE);
    }
    // Thousands separators: groups of three after the first group.
    let groups: Vec<&str> = whole.split('.').collect();
    let valid_groups = !groups[0].is_empty()
        && groups[0].len() <= if groups.len() > 1 { 3 } else { 12 }
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
        && groups[1..].iter().all(|g| g.len() == 3);
    if !valid_groups {
        return Err(MESSAGE);
    }
    let kroner: i64 = groups.concat().parse().map_err(|_| MESSAGE)?;
    let oere: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().map_err(|_| MESSAGE)? * 10,
        _ => frac.parse::<i64>().map_err(|_| MESSAGE)?,
    };
    let total = kroner.checked_mul(100).and_then(|k| k.checked_add(oere)).ok_or(MESSAGE)?;
    if total == 0 {
        return Err(BELOEB_POSITIVE);
    }
    Ok(total)
}

/// A date field as typed (`<input type="date">` gives ISO): the date, or
/// the message, e.g. "Angiv en frist." / "Angiv en frist som en gyldig dato.".
fn date(field: Field, text: &str, what: &str) -> Result<NaiveDate, StepMessage> {
    if text.trim().is_empty() {
        return Err(StepMessage::new(field, format!("Angiv {what}.")));
    }
    parse_iso_date(text).ok_or_else(|| StepMessage::new(field, format!("Angiv {what} som en gyldig dato.")))
}

/// Pushes the message of a broken rule, if any.
fn note_of(out: &mut Vec<StepMessage>, rule: Result<(), rules::Refusal>) {
    if let Err(r) = rule {
        out.push(r.into());
    }
}

// ------------------------------------------------- the case-task wizards

/// "Vælg handling" of the wizards that act on one case (Opret træk, Stop
/// sag, any other task).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseChoice {
    OpretTraek,
    StopSag,
    Afslut,
    Opfoelgning,
}

impl CaseChoice {
    pub fn label(self) -> &'static str {
        match self {
            CaseChoice::OpretTraek => "Opret træk",
            CaseChoice::StopSag => "Stop sag",
            CaseChoice::Afslut => "Afslut opgaven",
            CaseChoice::Opfoelgning => "Opret opfølgningsopgave",
        }
    }

    /// The choices of a wizard: its own action first (each fits the
    /// wizard, [`CompleteRequest::fits`]).
    pub fn of_wizard(kind: Wizard) -> [CaseChoice; 2] {
        match kind {
            Wizard::OpretTraek => [CaseChoice::OpretTraek, CaseChoice::Opfoelgning],
            Wizard::StopSag => [CaseChoice::StopSag, CaseChoice::Opfoelgning],
            _ => [CaseChoice::Afslut, CaseChoice::Opfoelgning],
        }
    }

    /// The process whose rule decides the Sagsvælger's cases.
    pub fn process(self) -> Option<Process> {
        match self {
            CaseChoice::OpretTraek => Some(Process::OpretTraek),
            CaseChoice::StopSag => Some(Process::StopSag),
            CaseChoice::Opfoelgning => Some(Process::OpretOpfoelgningsopgave),
            CaseChoice::Afslut => None,
        }
    }

    /// The steps after "Vælg handling".
    pub fn steps(self) -> &'static [CaseTaskStep] {
        use CaseTaskStep::*;
        match self {
            CaseChoice::OpretTraek => &[VaelgSag, BeloebOgPeriode],
            CaseChoice::StopSag => &[VaelgSag, StopdatoOgAarsag],
            CaseChoice::Opfoelgning => &[VaelgSag, Opfoelgning],
            CaseChoice::Afslut => &[Note],
        }
    }
}

/// A step of the case-task wizards before "Opsummering".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseTaskStep {
    VaelgHandling,
    VaelgSag,
    BeloebOgPeriode,
    StopdatoOgAarsag,
    Opfoelgning,
    Note,
}

impl CaseTaskStep {
    pub fn title(self) -> &'static str {
        match self {
            CaseTaskStep::VaelgHandling => "Vælg handling",
            CaseTaskStep::VaelgSag => "Vælg sag",
            CaseTaskStep::BeloebOgPeriode => "Beløb og periode",
            CaseTaskStep::StopdatoOgAarsag => "Stopdato og årsag",
            CaseTaskStep::Opfoelgning => "Opfølgning",
            CaseTaskStep::Note => "Note",
        }
    }
}

/// The case-task wizards' fields as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseTaskForm {
    pub handling: Option<CaseChoice>,
    pub sag: Option<i64>,
    /// Kroner as typed, e.g. `1.250,50`.
    pub beloeb: String,
    /// ISO dates as `<input type="date">` gives them.
    pub startdato: String,
    pub frekvens: Option<Frekvens>,
    pub stopdato: String,
    pub aarsag: String,
    pub opfoelgningstype: Option<u16>,
    pub frist: String,
    pub note: String,
}

impl CaseTaskForm {
    /// The steps before "Opsummering" for the current choice.
    pub fn steps(&self) -> Vec<CaseTaskStep> {
        let mut v = vec![CaseTaskStep::VaelgHandling];
        v.extend(self.handling.map_or(&[][..], CaseChoice::steps));
        v
    }

    /// What "Næste" on `step` refuses: a message per field, empty when the
    /// step is done.
    pub fn check(&self, step: CaseTaskStep, ctx: &CompleteContext) -> Vec<StepMessage> {
        let mut out = Vec::new();
        match step {
            CaseTaskStep::VaelgHandling => {
                if self.handling.is_none() {
                    out.push(StepMessage::new(Field::Handling, CHOOSE_ACTION));
                }
            }
            CaseTaskStep::VaelgSag => {
                if self.sag.is_none() {
                    out.push(StepMessage::new(Field::Sag, "Vælg en sag i sagsvælgeren."));
                }
            }
            CaseTaskStep::BeloebOgPeriode => {
                match parse_kroner(&self.beloeb) {
                    Ok(oere) => note_of(&mut out, rules::beloeb(oere)),
                    Err(m) => out.push(StepMessage::new(Field::Beloeb, m)),
                }
                match date(Field::Startdato, &self.startdato, "en startdato") {
                    Ok(d) => note_of(&mut out, rules::plausible_date(Field::Startdato, d)),
                    Err(m) => out.push(m),
                }
                if self.frekvens.is_none() {
                    out.push(StepMessage::new(Field::Frekvens, "Vælg hvor ofte trækket skal ske."));
                }
            }
            CaseTaskStep::StopdatoOgAarsag => {
                match date(Field::Stopdato, &self.stopdato, "en stopdato") {
                    Ok(d) => note_of(&mut out, rules::plausible_date(Field::Stopdato, d)),
                    Err(m) => out.push(m),
                }
                note_of(&mut out, rules::aarsag(self.aarsag.trim()));
            }
            CaseTaskStep::Opfoelgning => {
                match self.opfoelgningstype {
                    None => out.push(StepMessage::new(Field::Opfoelgningstype, "Vælg en opfølgningsopgavetype.")),
                    Some(t) => note_of(&mut out, rules::opfoelgningstype(t)),
                }
                match date(Field::Frist, &self.frist, "en frist") {
                    Ok(f) => note_of(&mut out, rules::plausible_date(Field::Frist, f).and_then(|()| rules::frist(f, ctx.today))),
                    Err(m) => out.push(m),
                }
                note_of(&mut out, rules::note(self.note.trim()));
            }
            CaseTaskStep::Note => note_of(&mut out, rules::note(self.note.trim())),
        }
        out
    }

    /// The request "Afslut" sends, or `None` while a field it needs is not
    /// filled in (the steps' checks say which).
    pub fn request(&self) -> Option<CompleteRequest> {
        Some(match self.handling? {
            CaseChoice::OpretTraek => CompleteRequest::OpretTraek {
                sag_id: self.sag?,
                beloeb_oere: parse_kroner(&self.beloeb).ok()?,
                startdato: parse_iso_date(&self.startdato)?,
                frekvens: self.frekvens?,
            },
            CaseChoice::StopSag => CompleteRequest::StopSag {
                sag_id: self.sag?,
                stopdato: parse_iso_date(&self.stopdato)?,
                aarsag: self.aarsag.trim().to_owned(),
            },
            CaseChoice::Opfoelgning => CompleteRequest::OpretOpfoelgningsopgave {
                sag_id: self.sag?,
                opfoelgningstype: self.opfoelgningstype?,
                frist: parse_iso_date(&self.frist)?,
                note: self.note.trim().to_owned(),
            },
            CaseChoice::Afslut => CompleteRequest::Afslut { note: self.note.trim().to_owned() },
        })
    }
}

// ------------------------------------------------------- Modtag post

/// The action chosen in Modtag post's "Bestem behandling".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PostChoice {
    OpretOpgave,
    TilfoejSagsrelation,
    TilfoejTilOpgave,
    IngenHandling,
}

impl PostChoice {
    pub const ALL: [PostChoice; 4] =
        [PostChoice::OpretOpgave, PostChoice::TilfoejSagsrelation, PostChoice::TilfoejTilOpgave, PostChoice::IngenHandling];
    pub fn label(self) -> &'static str {
        match self {
            PostChoice::OpretOpgave => "Opret opgave",
            PostChoice::TilfoejSagsrelation => "Tilføj ny sagsrelation",
            PostChoice::TilfoejTilOpgave => "Tilføj til igangværende opgave",
            PostChoice::IngenHandling => "Ingen handling",
        }
    }
}

/// A step of Modtag post before "Opsummering".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostStep {
    BestemBehandling,
    Dokumenter,
}

impl PostStep {
    pub const ALL: [PostStep; 2] = [PostStep::BestemBehandling, PostStep::Dokumenter];
    pub fn title(self) -> &'static str {
        match self {
            PostStep::BestemBehandling => "Bestem behandling",
            PostStep::Dokumenter => "Dokumenter",
        }
    }
}

/// A caseworker's rename/category of one unmapped document, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocEdit {
    pub navn: String,
    pub kategori: Option<u16>,
}

/// Modtag post's fields as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PostForm {
    /// "Fuldmagt er verificeret".
    pub fuldmagt: bool,
    pub handling: Option<PostChoice>,
    /// "Opret opgave": the task type.
    pub opgavetype: Option<u16>,
    /// "Tilføj ny sagsrelation": "Opret henvendelsessag" instead of a case.
    pub henvendelse: bool,
    pub sag: Option<i64>,
    /// "Tilføj til igangværende opgave": the task.
    pub opgave: Option<i64>,
    /// By document id.
    pub dokumenter: Vec<(i64, DocEdit)>,
}

impl PostForm {
    /// The edits the request carries: those with a name or a category,
    /// names trimmed.
    pub fn document_edits(&self) -> Vec<DocumentEdit> {
        self.dokumenter
            .iter()
            .filter(|(_, e)| !e.navn.trim().is_empty() || e.kategori.is_some())
            .map(|(id, e)| DocumentEdit {
                dokument_id: *id,
                navn: (!e.navn.trim().is_empty()).then(|| e.navn.trim().to_owned()),
                kategori: e.kategori,
            })
            .collect()
    }

    /// What "Næste" on `step` refuses: a message per field, empty when the
    /// step is done.
    pub fn check(&self, step: PostStep, ctx: &CompleteContext) -> Vec<StepMessage> {
        let mut out = Vec::new();
        match step {
            PostStep::BestemBehandling => {
                // Until the power of attorney is verified, no action can be chosen.
                if let Err(r) = rules::fuldmagt(ctx.kraever_fuldmagt, self.fuldmagt) {
                    return vec![r.into()];
                }
                let Some(handling) = self.handling else { return vec![StepMessage::new(Field::Handling, CHOOSE_ACTION)] };
                if let Err(r) = rules::borger_for_handling(ctx.borger_id.is_some(), handling == PostChoice::IngenHandling) {
                    return vec![r.into()];
                }
                match handling {
                    PostChoice::OpretOpgave => match self.opgavetype {
                        None => out.push(StepMessage::new(Field::Opgavetype, "Vælg hvilken opgave der skal oprettes.")),
                        Some(t) => note_of(&mut out, rules::opgavetype(t)),
                    },
                    PostChoice::TilfoejSagsrelation if !self.henvendelse && self.sag.is_none() => {
                        out.push(StepMessage::new(Field::Sag, "Vælg en sag i sagsvælgeren, eller vælg “Opret henvendelsessag”."))
                    }
                    PostChoice::TilfoejTilOpgave if self.opgave.is_none() => {
                        out.push(StepMessage::new(Field::Opgave, "Vælg den igangværende opgave, dokumenterne skal knyttes til."))
                    }
                    _ => {}
                }
            }
            PostStep::Dokumenter => {
                for e in self.document_edits() {
                    note_of(&mut out, rules::document_name(&e));
                    note_of(&mut out, rules::document_of_task(&ctx.dokument_ids, &e));
                }
            }
        }
        out
    }

    /// The request "Afslut" sends, or `None` while a field it needs is not
    /// filled in.
    pub fn request(&self) -> Option<CompleteRequest> {
        let handling = match self.handling? {
            PostChoice::OpretOpgave => ModtagPostHandling::OpretOpgave { opgavetype: self.opgavetype? },
            PostChoice::TilfoejSagsrelation if self.henvendelse => ModtagPostHandling::OpretHenvendelsessag,
            PostChoice::TilfoejSagsrelation => ModtagPostHandling::TilfoejSagsrelation { sag_id: self.sag? },
            PostChoice::TilfoejTilOpgave => ModtagPostHandling::TilfoejTilOpgave { opgave_id: self.opgave? },
            PostChoice::IngenHandling => ModtagPostHandling::IngenHandling,
        };
        Some(CompleteRequest::ModtagPost { fuldmagt_verificeret: self.fuldmagt, handling, dokumenter: self.document_edits() })
    }
}
