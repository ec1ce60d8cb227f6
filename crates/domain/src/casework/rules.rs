//! Every rule of the task wizards once, keyed by field, with its API error
//! code and its Danish message. The browser's step checks
//! ([`super::wizards`]) and the server's whole-request checks
//! ([`super::complete::CompleteRequest::check`], `check_case`,
//! `check_target_task`) call these same functions, so a rule cannot say one
//! thing at "Næste" and another at "Afslut".
//!
//! The test table `tests/casework_cases.json` runs them on the host and in
//! headless Chromium.

use super::documents::DocumentEdit;
use crate::catalog::{self, task_type};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A field of a wizard, as its messages are keyed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// "Vælg handling" (both wizards); also where a request for the wrong
    /// wizard is refused.
    Handling,
    /// The case chosen in the Sagsvælger.
    Sag,
    /// Opret træk: the amount (kroner as typed, øre on the wire).
    Beloeb,
    Startdato,
    Frekvens,
    Stopdato,
    /// Stop sag: why the case stops.
    Aarsag,
    Opfoelgningstype,
    Frist,
    /// The optional note (Afslut, Opret opfølgningsopgave).
    Note,
    /// Modtag post: "Fuldmagt er verificeret".
    Fuldmagt,
    /// Modtag post, "Opret opgave": the task type to create.
    Opgavetype,
    /// Modtag post, "Tilføj til igangværende opgave": the chosen task.
    Opgave,
    /// A document's new name, by document id.
    DokumentNavn(i64),
    /// A document's category, by document id.
    DokumentKategori(i64),
    /// Opret bevilling, "Sagsoplysninger": the sagstype.
    Sagstype,
    /// Opret bevilling: the case's benefit ("ydelse").
    Ydelse,
    /// Opret bevilling: the administrative unit.
    Enhed,
    /// Opret bevilling: "Bevillingens startdato".
    Bevillingsstart,
    Pensionstype,
    /// Opret bevilling: "Overlad sagen til automatisk sagsbehandling".
    Automatisk,
    /// "Tilføj ydelse til bevilling": the list of benefit lines as a whole.
    Ydelser,
    /// A benefit line's ydelse, beløb, periode fra and til, by line (0-based).
    LinjeYdelse(usize),
    LinjeBeloeb(usize),
    LinjeFra(usize),
    LinjeTil(usize),
    /// Behandl eFaktura: approve or refuse.
    Afgoerelse,
}

impl Field {
    /// The id of the field's control in the page (for a radio group, its
    /// fieldset); stable, the e2e tests and the error messages refer to it.
    pub fn dom_id(self) -> String {
        match self {
            Field::DokumentNavn(id) => format!("dokument-{id}-navn"),
            Field::DokumentKategori(id) => format!("dokument-{id}-kategori"),
            Field::LinjeYdelse(i) => format!("linje-{i}-ydelse"),
            Field::LinjeBeloeb(i) => format!("linje-{i}-beloeb"),
            Field::LinjeFra(i) => format!("linje-{i}-fra"),
            Field::LinjeTil(i) => format!("linje-{i}-til"),
            fixed => fixed.fixed_dom_id().unwrap_or_default().to_owned(),
        }
    }

    /// [`Field::dom_id`] of a field that is not per document.
    pub fn fixed_dom_id(self) -> Option<&'static str> {
        Some(match self {
            Field::Handling => "handling",
            Field::Sag => "sag",
            Field::Beloeb => "beloeb",
            Field::Startdato => "startdato",
            Field::Frekvens => "frekvens",
            Field::Stopdato => "stopdato",
            Field::Aarsag => "aarsag",
            Field::Opfoelgningstype => "opfoelgningstype",
            Field::Frist => "frist",
            Field::Note => "note",
            Field::Fuldmagt => "fuldmagt-verificeret",
            Field::Opgavetype => "ny-opgavetype",
            Field::Opgave => "igangvaerende-opgave",
            Field::Sagstype => "sagstype",
            Field::Ydelse => "ydelse",
            Field::Enhed => "enhed",
            Field::Bevillingsstart => "bevillingens-startdato",
            Field::Pensionstype => "pensionstype",
            Field::Automatisk => "automatisk",
            Field::Ydelser => "ydelser",
            Field::Afgoerelse => "afgoerelse",
            Field::DokumentNavn(_)
            | Field::DokumentKategori(_)
            | Field::LinjeYdelse(_)
            | Field::LinjeBeloeb(_)
            | Field::LinjeFra(_)
            | Field::LinjeTil(_) => return None,
        })
    }

    /// The id of the field's error message (`{dom_id}-fejl`), for
    /// `aria-describedby`.
    pub fn error_dom_id(self) -> String {
        format!("{}-fejl", self.dom_id())
    }
}

/// A refused rule: the API error code the server answers with (400,
/// `ApiError::code`), the field it concerns, and the Danish message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Refusal {
    pub code: &'static str,
    pub field: Field,
    pub message: String,
}

impl Refusal {
    pub fn new(code: &'static str, field: Field, message: impl Into<String>) -> Refusal {
        Refusal { code, field, message: message.into() }
    }
}

/// A message of a wizard step at its field (what "Næste" shows).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepMessage {
    pub field: Field,
    pub message: String,
}

impl StepMessage {
    pub fn new(field: Field, message: impl Into<String>) -> StepMessage {
        StepMessage { field, message: message.into() }
    }
}

impl From<Refusal> for StepMessage {
    fn from(r: Refusal) -> StepMessage {
        StepMessage { field: r.field, message: r.message }
    }
}

use crate::codes::*;

/// Largest amount of a deduction, in øre (1.000.000,00 kr.).
pub const MAX_BELOEB_OERE: i64 = 100_000_000;
/// Longest Årsag or note, in characters.
pub const MAX_TEXT_CHARS: usize = crate::limits::MAX_REASON_CHARS;
/// Longest new name of a document, in characters.
pub const MAX_DOCUMENT_NAME_CHARS: usize = 200;

pub(crate) const BELOEB_POSITIVE: &str = "Beløbet skal være større end 0 kr.";

/// Opret træk: more than 0 kr., at most 1.000.000 kr.
pub fn beloeb(oere: i64) -> Result<(), Refusal> {
    beloeb_at(Field::Beloeb, oere)
}

/// An amount at `field`: more than 0 kr., at most 1.000.000 kr.
pub fn beloeb_at(field: Field, oere: i64) -> Result<(), Refusal> {
    if oere <= 0 {
        Err(Refusal::new(INVALID_DECISION, field, BELOEB_POSITIVE))
    } else if oere > MAX_BELOEB_OERE {
        Err(Refusal::new(INVALID_DECISION, field, "Beløbet må højst være 1.000.000 kr."))
    } else {
        Ok(())
    }
}

/// Stop sag: an Årsag of 1 to 2000 characters (after trimming).
pub fn aarsag(text: &str) -> Result<(), Refusal> {
    if text.trim().is_empty() {
        Err(Refusal::new(INVALID_DECISION, Field::Aarsag, "Skriv en årsag til, at sagen stoppes."))
    } else if text.chars().count() > MAX_TEXT_CHARS {
        Err(Refusal::new(INVALID_DECISION, Field::Aarsag, "Årsagen må højst være 2000 tegn."))
    } else {
        Ok(())
    }
}

/// An optional note: at most 2000 characters.
pub fn note(text: &str) -> Result<(), Refusal> {
    if text.chars().count() > MAX_TEXT_CHARS {
        Err(Refusal::new(INVALID_DECISION, Field::Note, "Noten må højst være 2000 tegn."))
    } else {
        Ok(())
    }
}

/// Every date of a wizard (startdato, stopdato, frist) is in the years
/// 1900–2200 (`limits::plausible_date`).
pub fn plausible_date(field: Field, d: NaiveDate) -> Result<(), Refusal> {
    if crate::limits::plausible_date(d) {
        Ok(())
    } else {
        Err(Refusal::new(INVALID_DECISION, field, crate::limits::DATE_OUT_OF_RANGE))
    }
}

/// Modtag post: at most `limits::MAX_LIST_LEN` document edits.
pub fn document_edits(count: usize) -> Result<(), Refusal> {
    if count > crate::limits::MAX_LIST_LEN {
        Err(Refusal::new(INVALID_DECISION, Field::Handling, crate::limits::LIST_TOO_LONG))
    } else {
        Ok(())
    }
}

/// Opret opfølgningsopgave: a follow-up type of the catalogue.
pub fn opfoelgningstype(id: u16) -> Result<(), Refusal> {
    match catalog::name_of(catalog::FOLLOWUP_TYPES, id) {
        Some(_) => Ok(()),
        None => Err(Refusal::new(UNKNOWN_FOLLOWUP_TYPE, Field::Opfoelgningstype, "Vælg en opfølgningsopgavetype fra listen.")),
    }
}

/// Opret opfølgningsopgave: the frist is today or later.
pub fn frist(frist: NaiveDate, today: NaiveDate) -> Result<(), Refusal> {
    if frist < today {
        Err(Refusal::new(INVALID_DEADLINE, Field::Frist, "Fristen kan ikke ligge før i dag. Vælg en senere dato."))
    } else {
        Ok(())
    }
}

/// Modtag post: with a power of attorney among the documents, it must be
/// verified before any action.
pub fn fuldmagt(kraever_fuldmagt: bool, verificeret: bool) -> Result<(), Refusal> {
    if kraever_fuldmagt && !verificeret {
        Err(Refusal::new(
            POWER_OF_ATTORNEY_NOT_VERIFIED,
            Field::Fuldmagt,
            "Der er en fuldmagt i posten. Verificér den, og sæt flueben i »Fuldmagt er verificeret«, før du vælger en handling.",
        ))
    } else {
        Ok(())
    }
}

/// Modtag post: a document's new name, if given, is 1 to 200 characters.
pub fn document_name(edit: &DocumentEdit) -> Result<(), Refusal> {
    match &edit.navn {
        Some(n) if n.trim().is_empty() || n.chars().count() > MAX_DOCUMENT_NAME_CHARS => {
            Err(Refusal::new(INVALID_DECISION, Field::DokumentNavn(edit.dokument_id), "Et dokuments nye navn skal være 1 til 200 tegn."))
        }
        _ => Ok(()),
    }
}

/// Modtag post: an edited document is one of the task's, and its category,
/// if given, is in the catalogue.
pub fn document_of_task(dokument_ids: &[i64], edit: &DocumentEdit) -> Result<(), Refusal> {
    if !dokument_ids.contains(&edit.dokument_id) {
        return Err(Refusal::new(
            UNKNOWN_DOCUMENT,
            Field::DokumentNavn(edit.dokument_id),
            "Et af dokumenterne hører ikke til opgaven. Genindlæs opgaven, og prøv igen.",
        ));
    }
    if edit.kategori.is_some_and(|k| catalog::name_of(catalog::DOCUMENT_CATEGORIES, k).is_none()) {
        return Err(Refusal::new(
            UNKNOWN_DOCUMENT_CATEGORY,
            Field::DokumentKategori(edit.dokument_id),
            "Den valgte dokumentkategori findes ikke.",
        ));
    }
    Ok(())
}

/// Modtag post: post without a borger can only be finished with "Ingen
/// handling".
pub fn borger_for_handling(har_borger: bool, ingen_handling: bool) -> Result<(), Refusal> {
    if har_borger || ingen_handling {
        Ok(())
    } else {
        Err(Refusal::new(NO_BORGER, Field::Handling, "Posten er ikke knyttet til en borger og kan kun afsluttes med »Ingen handling«."))
    }
}

/// Modtag post, "Opret opgave": a task type of the catalogue, not Modtag post.
pub fn opgavetype(id: u16) -> Result<(), Refusal> {
    match catalog::task_type_name(id) {
        Some(_) if id != task_type::MODTAG_POST => Ok(()),
        _ => Err(Refusal::new(UNKNOWN_TASK_TYPE, Field::Opgavetype, "Vælg den opgavetype, der skal oprettes (ikke Modtag post).")),
    }
}

// ------------------------------------------------ grants and benefit lines

/// Most benefit lines one wizard adds.
pub const MAX_BENEFIT_LINES: usize = 20;

/// Opret bevilling: a sagstype of the catalogue that something can be
/// granted on ([`catalog::benefits_of`] is not empty: not Henvendelsessag,
/// not Administration (APØ)).
pub fn bevillingssagstype(sagstype: u16) -> Result<(), Refusal> {
    if catalog::benefits_of(sagstype).is_empty() {
        Err(Refusal::new(
            UNKNOWN_CASE_TYPE,
            Field::Sagstype,
            "Vælg en sagstype, der kan bevilges (ikke henvendelsessag eller administration).",
        ))
    } else {
        Ok(())
    }
}

/// A benefit at `field` that the sagstype grants.
pub fn ydelse_of(field: Field, sagstype: u16, ydelse: u16) -> Result<(), Refusal> {
    if catalog::benefits_of(sagstype).contains(&ydelse) {
        Ok(())
    } else {
        let sagstype = catalog::name_of(catalog::CASE_TYPES, sagstype).unwrap_or("sagen");
        Err(Refusal::new(UNKNOWN_BENEFIT, field, format!("Vælg en ydelse, der hører til sagstypen {sagstype}.")))
    }
}

/// An administrative unit of the catalogue.
pub fn enhed(id: u16) -> Result<(), Refusal> {
    match catalog::name_of(catalog::UNITS, id) {
        Some(_) => Ok(()),
        None => Err(Refusal::new(UNKNOWN_UNIT, Field::Enhed, "Vælg en administrativ enhed fra listen.")),
    }
}

/// The pension type: required, and one of the sagstype's, where a pension
/// type applies ([`catalog::pension_types_of`]); absent where it does not.
pub fn pensionstype(sagstype: u16, pensionstype: Option<u16>) -> Result<(), Refusal> {
    let allowed = catalog::pension_types_of(sagstype);
    match pensionstype {
        None if allowed.is_empty() => Ok(()),
        None => Err(Refusal::new(INVALID_PENSION_TYPE, Field::Pensionstype, "Vælg en pensionstype.")),
        Some(p) if allowed.contains(&p) => Ok(()),
        Some(_) if allowed.is_empty() => {
            Err(Refusal::new(INVALID_PENSION_TYPE, Field::Pensionstype, "Sagstypen har ingen pensionstype. Fjern pensionstypen."))
        }
        Some(_) => Err(Refusal::new(INVALID_PENSION_TYPE, Field::Pensionstype, "Vælg en af sagstypens pensionstyper.")),
    }
}

/// Opret bevilling: automatic processing only where "Indstillinger for
/// automatisk sagsbehandling" has it on for the sagstype.
pub fn automatisk(opsat: bool, valgt: bool) -> Result<(), Refusal> {
    if valgt && !opsat {
        Err(Refusal::new(
            AUTOMATIC_NOT_SET_UP,
            Field::Automatisk,
            "Automatisk sagsbehandling er ikke slået til for sagstypen. Behandl sagen manuelt.",
        ))
    } else {
        Ok(())
    }
}

/// The number of benefit lines: at least one, at most [`MAX_BENEFIT_LINES`].
pub fn antal_linjer(n: usize) -> Result<(), Refusal> {
    if n == 0 {
        Err(Refusal::new(INVALID_DECISION, Field::Ydelser, "Tilføj mindst én ydelse til bevillingen."))
    } else if n > MAX_BENEFIT_LINES {
        Err(Refusal::new(INVALID_DECISION, Field::Ydelser, "Der kan højst tilføjes 20 ydelser ad gangen."))
    } else {
        Ok(())
    }
}

/// Opret træk's startdato and Stop sag's stopdato lie on or after the
/// chosen case's start (`startdato`, when the case has one): nothing is
/// deducted from or stopped on a case before it began.
pub fn from_case_start(field: Field, d: NaiveDate, startdato: Option<NaiveDate>) -> Result<(), Refusal> {
    match startdato.filter(|s| d < *s) {
        Some(start) => {
            let what = if field == Field::Stopdato { "Stopdatoen kan ikke ligge" } else { "Trækket kan ikke begynde" };
            Err(Refusal::new(
                INVALID_PERIOD,
                field,
                format!("{what} før sagens startdato {}. Vælg en senere dato.", crate::danish_time::date_label(start)),
            ))
        }
        None => Ok(()),
    }
}

/// A benefit line's period (line `i`): "til", if given, not before "fra";
/// "fra" not before the grant's start date, if it has one.
pub fn periode(i: usize, fra: NaiveDate, til: Option<NaiveDate>, startdato: Option<NaiveDate>) -> Result<(), Refusal> {
    plausible_date(Field::LinjeFra(i), fra)?;
    if let Some(t) = til {
        plausible_date(Field::LinjeTil(i), t)?;
    }
    if let Some(start) = startdato.filter(|s| fra < *s) {
        return Err(Refusal::new(
            INVALID_PERIOD,
            Field::LinjeFra(i),
            format!("Perioden kan ikke begynde før bevillingens startdato {}.", crate::danish_time::date_label(start)),
        ));
    }
    if til.is_some_and(|t| t < fra) {
        return Err(Refusal::new(INVALID_PERIOD, Field::LinjeTil(i), "Periodens slutdato kan ikke ligge før dens startdato."));
    }
    Ok(())
}

/// Behandl eFaktura, "Afvis": a reason of 1 to 2000 characters.
pub fn afvisningsaarsag(text: &str) -> Result<(), Refusal> {
    if text.trim().is_empty() {
        Err(Refusal::new(INVALID_DECISION, Field::Aarsag, "Skriv en begrundelse for, at fakturaen afvises."))
    } else if text.chars().count() > MAX_TEXT_CHARS {
        Err(Refusal::new(INVALID_DECISION, Field::Aarsag, "Begrundelsen må højst være 2000 tegn."))
    } else {
        Ok(())
    }
}

/// Behandl eFaktura: the task carries an invoice.
pub fn faktura(har_faktura: bool) -> Result<(), Refusal> {
    if har_faktura {
        Ok(())
    } else {
        Err(Refusal::new(NO_INVOICE, Field::Handling, "Opgaven har ingen eFaktura at behandle."))
    }
}

/// Opret bevilling: the task has a borger the case can belong to.
pub fn borger_for_case(har_borger: bool) -> Result<(), Refusal> {
    if har_borger {
        Ok(())
    } else {
        Err(Refusal::new(NO_BORGER, Field::Handling, "Opgaven er ikke knyttet til en borger, så der kan ikke oprettes en sag."))
    }
}
