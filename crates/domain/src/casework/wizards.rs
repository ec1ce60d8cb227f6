//! The task wizards as the browser holds them: each wizard's fields as
//! typed ([`CaseTaskForm`], [`PostForm`]), its steps, what each step's
//! "Næste" checks (`check`), and the request its last step sends
//! (`request`). A step's check is the rules of [`super::rules`] that concern
//! its fields (the very functions the server runs) plus what only typed
//! input can get wrong: nothing chosen, not a date, not an amount.

use super::complete::{
    BenefitLine, CompleteContext, CompleteRequest, FakturaAfgoerelse, Frekvens, ModtagPostHandling, Sagsoplysninger, Wizard,
};
use super::documents::DocumentEdit;
use super::process::{case_rule, Process};
use super::rules::{self, Field, StepMessage, BELOEB_POSITIVE};
use crate::model::{parse_iso_date, Sag};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

const CHOOSE_ACTION: &str = "Vælg en handling.";

/// A whole number as every text shows it: `1234567` → `1.234.567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// An amount as every text shows it (the wizards' summaries, the decisions
/// the server records, the intake's descriptions, the pages):
/// `123450` øre → `1.234,50 kr.`, `.` between thousands.
pub fn kroner(oere: i64) -> String {
    let sign = if oere < 0 { "-" } else { "" };
    let a = oere.unsigned_abs();
    format!("{sign}{},{:02} kr.", thousands(a / 100), a % 100)
}

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
    // A well-formed number that is only too long says so, not "decimals".
    if groups.iter().all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit())) && groups.concat().len() > 12 {
        return Err("Beløbet har for mange cifre: højst 12 før kommaet.");
    }
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

    /// The choices a task offers: those of its wizard, less the ones that
    /// need a case when the task has no borger (a Kommuneopgave has no
    /// cases to choose from). A wizard whose every choice needs a case
    /// keeps them all, and its case step says why none can be chosen.
    pub fn offered(kind: Wizard, has_borger: bool) -> Vec<CaseChoice> {
        let all = CaseChoice::of_wizard(kind);
        let without_case: Vec<CaseChoice> = all.iter().copied().filter(|c| c.process().is_none()).collect();
        if has_borger || without_case.is_empty() {
            all.to_vec()
        } else {
            without_case
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

    /// Whether a task of the wizard `kind` can be finished for a borger
    /// with `sager`: one of its choices needs no case, or one of the
    /// borger's cases may be chosen by a choice's process. `Err` is the
    /// Danish reason, with why the borger's first case is left out. A task
    /// started from the Borgeroverblik that fails this could never be
    /// finished, so it is not created.
    pub fn can_finish(kind: Wizard, sager: &[Sag]) -> Result<(), String> {
        let choices = CaseChoice::of_wizard(kind);
        let Some(processes) = choices.iter().map(|c| c.process()).collect::<Option<Vec<Process>>>() else {
            return Ok(());
        };
        if sager.iter().any(|s| processes.iter().any(|&p| case_rule(p, s).is_ok())) {
            return Ok(());
        }
        let own = choices[0].label();
        Err(match sager.first() {
            None => format!("Borgeren har ingen sager, så {own} kan ikke startes. Opgaven er ikke oprettet."),
            Some(s) => format!(
                "Borgeren har ingen sager, som {own} kan vælge, så opgaven er ikke oprettet. Fx »{}«: {}",
                s.titel,
                case_rule(processes[0], s).err().unwrap_or_default()
            ),
        })
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
    /// step is done. `sag` is the case chosen in the Sagsvælger, when known
    /// (its start bounds Opret træk's startdato and Stop sag's stopdato).
    pub fn check(&self, step: CaseTaskStep, ctx: &CompleteContext, sag: Option<&Sag>) -> Vec<StepMessage> {
        let case_start = sag.filter(|s| Some(s.id) == self.sag).and_then(|s| s.startdato);
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
                    Ok(d) => note_of(
                        &mut out,
                        rules::plausible_date(Field::Startdato, d).and_then(|()| rules::from_case_start(Field::Startdato, d, case_start)),
                    ),
                    Err(m) => out.push(m),
                }
                if self.frekvens.is_none() {
                    out.push(StepMessage::new(Field::Frekvens, "Vælg hvor ofte trækket skal ske."));
                }
            }
            CaseTaskStep::StopdatoOgAarsag => {
                match date(Field::Stopdato, &self.stopdato, "en stopdato") {
                    Ok(d) => note_of(
                        &mut out,
                        rules::plausible_date(Field::Stopdato, d).and_then(|()| rules::from_case_start(Field::Stopdato, d, case_start)),
                    ),
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

/// The edits a request carries: those with a name or a category, names
/// trimmed.
pub fn document_edits(edits: &[(i64, DocEdit)]) -> Vec<DocumentEdit> {
    edits
        .iter()
        .filter(|(_, e)| !e.navn.trim().is_empty() || e.kategori.is_some())
        .map(|(id, e)| DocumentEdit {
            dokument_id: *id,
            navn: (!e.navn.trim().is_empty()).then(|| e.navn.trim().to_owned()),
            kategori: e.kategori,
        })
        .collect()
}

/// "Dokumenter": each edit's new name and that it is one of the task's
/// documents with a category of the catalogue.
fn check_document_edits(out: &mut Vec<StepMessage>, edits: &[(i64, DocEdit)], ctx: &CompleteContext) {
    for e in document_edits(edits) {
        note_of(out, rules::document_name(&e));
        note_of(out, rules::document_of_task(&ctx.dokument_ids, &e));
    }
}

impl PostForm {
    /// The edits the request carries: those with a name or a category,
    /// names trimmed.
    pub fn document_edits(&self) -> Vec<DocumentEdit> {
        document_edits(&self.dokumenter)
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
                        out.push(StepMessage::new(Field::Sag, "Vælg en sag i sagsvælgeren, eller vælg »Opret henvendelsessag«."))
                    }
                    PostChoice::TilfoejTilOpgave if self.opgave.is_none() => {
                        out.push(StepMessage::new(Field::Opgave, "Vælg den igangværende opgave, dokumenterne skal knyttes til."))
                    }
                    _ => {}
                }
            }
            PostStep::Dokumenter => check_document_edits(&mut out, &self.dokumenter, ctx),
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

// ------------------------------------------------------- benefit lines

/// One benefit line as typed ("Tilføj ydelse til bevilling").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LineForm {
    pub ydelse: Option<u16>,
    /// Kroner as typed, e.g. `1.250,50`.
    pub beloeb: String,
    /// ISO dates; `til` may be empty (no end).
    pub fra: String,
    pub til: String,
}

impl LineForm {
    /// The line as sent, or `None` while a field is missing or not valid.
    pub fn line(&self) -> Option<BenefitLine> {
        let til = match self.til.trim() {
            "" => None,
            t => Some(parse_iso_date(t)?),
        };
        Some(BenefitLine { ydelse: self.ydelse?, beloeb_oere: parse_kroner(&self.beloeb).ok()?, fra: parse_iso_date(&self.fra)?, til })
    }
}

/// The step messages of benefit lines as typed: the rules of
/// [`super::complete::check_lines`] at each line's fields, with the
/// sagstype and grant start date when they are known.
fn check_line_forms(out: &mut Vec<StepMessage>, lines: &[LineForm], sagstype: Option<u16>, startdato: Option<NaiveDate>) {
    if let Err(r) = rules::antal_linjer(lines.len()) {
        out.push(r.into());
        return;
    }
    for (i, l) in lines.iter().enumerate() {
        match (l.ydelse, sagstype) {
            (None, _) => out.push(StepMessage::new(Field::LinjeYdelse(i), "Vælg en ydelse.")),
            (Some(y), Some(t)) => note_of(out, rules::ydelse_of(Field::LinjeYdelse(i), t, y)),
            (Some(_), None) => {}
        }
        match parse_kroner(&l.beloeb) {
            Ok(oere) => note_of(out, rules::beloeb_at(Field::LinjeBeloeb(i), oere)),
            Err(m) => out.push(StepMessage::new(Field::LinjeBeloeb(i), m)),
        }
        let fra = date(Field::LinjeFra(i), &l.fra, "periodens startdato");
        let til = match l.til.trim() {
            "" => Ok(None),
            t => date(Field::LinjeTil(i), t, "periodens slutdato").map(Some),
        };
        match (fra, til) {
            (Ok(f), Ok(t)) => note_of(out, rules::periode(i, f, t, startdato)),
            (f, t) => {
                out.extend(f.err());
                out.extend(t.err());
            }
        }
    }
}

fn lines_of(forms: &[LineForm]) -> Option<Vec<BenefitLine>> {
    forms.iter().map(LineForm::line).collect()
}

// ------------------------------------------------------- Opret bevilling

/// A step of Opret bevilling before "Opsummering".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BevillingStep {
    Sagsoplysninger,
    TilfoejYdelse,
    Dokumenter,
}

impl BevillingStep {
    pub const ALL: [BevillingStep; 3] = [BevillingStep::Sagsoplysninger, BevillingStep::TilfoejYdelse, BevillingStep::Dokumenter];
    pub fn title(self) -> &'static str {
        match self {
            BevillingStep::Sagsoplysninger => "Sagsoplysninger",
            BevillingStep::TilfoejYdelse => "Tilføj ydelse til bevilling",
            BevillingStep::Dokumenter => "Dokumenter",
        }
    }
}

/// Opret bevilling's fields as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BevillingForm {
    pub sagstype: Option<u16>,
    pub ydelse: Option<u16>,
    pub enhed: Option<u16>,
    /// Bevillingens startdato (ISO).
    pub startdato: String,
    pub pensionstype: Option<u16>,
    /// "Overlad sagen til automatisk sagsbehandling".
    pub automatisk: bool,
    pub linjer: Vec<LineForm>,
    /// By document id.
    pub dokumenter: Vec<(i64, DocEdit)>,
}

impl BevillingForm {
    /// The sagstype, if one that can be granted is chosen.
    fn grantable(&self) -> Option<u16> {
        self.sagstype.filter(|&t| rules::bevillingssagstype(t).is_ok())
    }

    /// What "Næste" on `step` refuses: a message per field, empty when the
    /// step is done.
    pub fn check(&self, step: BevillingStep, ctx: &CompleteContext) -> Vec<StepMessage> {
        let mut out = Vec::new();
        match step {
            BevillingStep::Sagsoplysninger => {
                match self.sagstype {
                    None => out.push(StepMessage::new(Field::Sagstype, "Vælg en sagstype.")),
                    Some(t) => note_of(&mut out, rules::bevillingssagstype(t)),
                }
                match (self.ydelse, self.grantable()) {
                    (None, _) => out.push(StepMessage::new(Field::Ydelse, "Vælg sagens ydelse.")),
                    (Some(y), Some(t)) => note_of(&mut out, rules::ydelse_of(Field::Ydelse, t, y)),
                    (Some(_), None) => {}
                }
                match self.enhed {
                    None => out.push(StepMessage::new(Field::Enhed, "Vælg en administrativ enhed.")),
                    Some(e) => note_of(&mut out, rules::enhed(e)),
                }
                out.extend(date(Field::Bevillingsstart, &self.startdato, "bevillingens startdato").err());
                if let Some(t) = self.grantable() {
                    note_of(&mut out, rules::pensionstype(t, self.pensionstype));
                    note_of(&mut out, rules::automatisk(ctx.automatisk_sagstyper.contains(&t), self.automatisk));
                }
            }
            BevillingStep::TilfoejYdelse => {
                check_line_forms(&mut out, &self.linjer, self.grantable(), parse_iso_date(&self.startdato));
            }
            BevillingStep::Dokumenter => check_document_edits(&mut out, &self.dokumenter, ctx),
        }
        out
    }

    /// The request "Afslut" sends, or `None` while a field it needs is not
    /// filled in.
    pub fn request(&self) -> Option<CompleteRequest> {
        Some(CompleteRequest::OpretBevilling {
            sagsoplysninger: Sagsoplysninger {
                sagstype: self.sagstype?,
                ydelse: self.ydelse?,
                enhed: self.enhed?,
                startdato: parse_iso_date(&self.startdato)?,
                pensionstype: self.pensionstype,
            },
            ydelser: lines_of(&self.linjer)?,
            automatisk: self.automatisk,
            dokumenter: document_edits(&self.dokumenter),
        })
    }
}

// ------------------------------------------- Tilføj ydelse til bevilling

/// A step of Tilføj ydelse til bevilling before "Opsummering".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YdelseStep {
    VaelgSag,
    Ydelser,
}

impl YdelseStep {
    pub const ALL: [YdelseStep; 2] = [YdelseStep::VaelgSag, YdelseStep::Ydelser];
    pub fn title(self) -> &'static str {
        match self {
            YdelseStep::VaelgSag => "Vælg sag",
            YdelseStep::Ydelser => "Tilføj ydelse til bevilling",
        }
    }
}

/// Tilføj ydelse til bevilling's fields as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct YdelseForm {
    pub sag: Option<i64>,
    pub linjer: Vec<LineForm>,
}

impl YdelseForm {
    /// What "Næste" on `step` refuses; `sag` is the chosen case as the
    /// Sagsvælger listed it (its sagstype and start date judge the lines).
    pub fn check(&self, step: YdelseStep, sag: Option<&Sag>) -> Vec<StepMessage> {
        let mut out = Vec::new();
        match step {
            YdelseStep::VaelgSag => {
                if self.sag.is_none() {
                    out.push(StepMessage::new(Field::Sag, "Vælg en sag i sagsvælgeren."));
                }
            }
            YdelseStep::Ydelser => check_line_forms(&mut out, &self.linjer, sag.map(|s| s.sagstype), sag.and_then(|s| s.startdato)),
        }
        out
    }

    pub fn request(&self) -> Option<CompleteRequest> {
        Some(CompleteRequest::TilfoejYdelse { sag_id: self.sag?, ydelser: lines_of(&self.linjer)? })
    }
}

// ------------------------------------------------------ Behandl eFaktura

/// The decision as chosen on "Afgørelse".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AfgoerelseValg {
    Godkend,
    Afvis,
}

impl AfgoerelseValg {
    pub const ALL: [AfgoerelseValg; 2] = [AfgoerelseValg::Godkend, AfgoerelseValg::Afvis];
    pub fn label(self) -> &'static str {
        match self {
            AfgoerelseValg::Godkend => "Godkend fakturaen",
            AfgoerelseValg::Afvis => "Afvis fakturaen",
        }
    }
}

/// A step of Behandl eFaktura before "Opsummering".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EfakturaStep {
    /// The invoice, its attachments and the info box of failed ones.
    Faktura,
    VaelgSag,
    Afgoerelse,
}

impl EfakturaStep {
    pub const ALL: [EfakturaStep; 3] = [EfakturaStep::Faktura, EfakturaStep::VaelgSag, EfakturaStep::Afgoerelse];
    pub fn title(self) -> &'static str {
        match self {
            EfakturaStep::Faktura => "Faktura og bilag",
            EfakturaStep::VaelgSag => "Vælg sag",
            EfakturaStep::Afgoerelse => "Afgørelse",
        }
    }
}

/// Behandl eFaktura's fields as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EfakturaForm {
    pub sag: Option<i64>,
    pub afgoerelse: Option<AfgoerelseValg>,
    /// Why it is refused.
    pub aarsag: String,
}

impl EfakturaForm {
    pub fn check(&self, step: EfakturaStep, ctx: &CompleteContext) -> Vec<StepMessage> {
        let mut out = Vec::new();
        match step {
            EfakturaStep::Faktura => note_of(&mut out, rules::faktura(ctx.har_faktura)),
            EfakturaStep::VaelgSag => {
                if self.sag.is_none() {
                    out.push(StepMessage::new(Field::Sag, "Vælg den sag, fakturaen hører til, i sagsvælgeren."))
                }
            }
            EfakturaStep::Afgoerelse => match self.afgoerelse {
                None => out.push(StepMessage::new(Field::Afgoerelse, "Vælg om fakturaen godkendes eller afvises.")),
                Some(AfgoerelseValg::Afvis) => note_of(&mut out, rules::afvisningsaarsag(&self.aarsag)),
                Some(AfgoerelseValg::Godkend) => {}
            },
        }
        out
    }

    pub fn request(&self) -> Option<CompleteRequest> {
        let afgoerelse = match self.afgoerelse? {
            AfgoerelseValg::Godkend => FakturaAfgoerelse::Godkend,
            AfgoerelseValg::Afvis => FakturaAfgoerelse::Afvis { aarsag: self.aarsag.trim().to_owned() },
        };
        Some(CompleteRequest::BehandlEfaktura { sag_id: self.sag?, afgoerelse })
    }
}

#[cfg(test)]
mod tests {
    use super::{kroner, parse_kroner, CaseChoice, Wizard};

    #[test]
    fn a_task_without_a_borger_offers_no_choice_that_needs_a_case() {
        use CaseChoice::*;
        // wizard, has a borger, the choices offered.
        for (kind, borger, offered) in [
            (Wizard::Generel, true, vec![Afslut, Opfoelgning]),
            (Wizard::Generel, false, vec![Afslut]),
            (Wizard::StopSag, true, vec![StopSag, Opfoelgning]),
            (Wizard::StopSag, false, vec![StopSag, Opfoelgning]),
            (Wizard::OpretTraek, false, vec![OpretTraek, Opfoelgning]),
        ] {
            assert_eq!(CaseChoice::offered(kind, borger), offered, "{kind:?}, borger {borger}");
        }
    }

    #[test]
    fn amounts_are_written_with_thousands_and_read_back() {
        for (oere, text) in [
            (0, "0,00 kr."),
            (-150, "-1,50 kr."),
            (123_450, "1.234,50 kr."),
            (100_000, "1.000,00 kr."),
            (12_345_678_900, "123.456.789,00 kr."),
        ] {
            assert_eq!(kroner(oere), text);
            if oere > 0 {
                assert_eq!(parse_kroner(&kroner(oere)), Ok(oere), "{text}");
            }
        }
    }
}
