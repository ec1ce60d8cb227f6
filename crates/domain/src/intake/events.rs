//! Events from other systems and the follow-up tasks they start (seed 002
//! §3.4, §3.5), and what they mean for tasks under automatic processing
//! (seed 001, "Automatisk sagsbehandling"). Pure: the server reads the
//! borger's facts, calls [`on_event`] and writes the outcome in one
//! transaction. The table `tests/event_cases.json` runs it on the host and
//! in headless Chromium.

use super::params::SystemParameters;
use super::routing::{unit_for, OngoingTask};
use crate::casework::wizards::kroner;
use crate::catalog::{case_type, followup_type};
use crate::danish_time::date_label;
use crate::model::{OpgaveStatus, Sag, SagStatus};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One event of `POST /api/intake/haendelser`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// A new formue figure from Udbetaling Danmark (UDK).
    Formue {
        #[cfg_attr(feature = "openapi", schema(example = "010203-1234"))]
        cpr: String,
        beloeb_oere: i64,
        gyldig_fra: NaiveDate,
    },
    /// The financing municipality for pension changed (MAF).
    Finansieringskommune {
        #[cfg_attr(feature = "openapi", schema(example = "010203-1234"))]
        cpr: String,
        gammel: String,
        ny: String,
    },
}

impl Event {
    pub fn cpr(&self) -> &str {
        match self {
            Event::Formue { cpr, .. } | Event::Finansieringskommune { cpr, .. } => cpr,
        }
    }
}

/// What the rules know about the event's borger.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EventFacts {
    #[serde(default)]
    pub sager: Vec<Sag>,
    /// The borger's open tasks; a case's tasks are found by `sag_id`.
    #[serde(default)]
    pub aabne_opgaver: Vec<OngoingTask>,
    /// The formue valid today before this event (latest valid-from on or
    /// before today), if any.
    #[serde(default)]
    pub tidligere_formue_oere: Option<i64>,
}

/// A follow-up task to create (Opfølgningsopgave, kilde System).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub opfoelgningstype: u16,
    pub enhed: u16,
    pub sag_id: Option<i64>,
    /// The Danish line for the task's history.
    pub tekst: String,
}

/// What one event leads to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventOutcome {
    pub opfoelgninger: Vec<FollowUp>,
    /// Tasks under automatic processing that fall out to manual work, with
    /// the reason they show (task id, reason).
    pub frigivet: Vec<(i64, String)>,
    /// The Danish line for the Borgeroverblik's list of received events.
    pub beskrivelse: String,
}

/// The follow-up types [`on_event`] creates: the only ones "Hændelsesabonnement" can switch on or off.
pub const EVENT_FOLLOWUP_TYPES: &[u16] =
    &[followup_type::FORMUE_AENDRET, followup_type::FORMUE_OVER_GRAENSEN, followup_type::FINANSIERINGSKOMMUNE_PENSION];

/// Why a waiting automatic task falls out when a formue arrives.
pub const FRIGIVET_FORMUE: &str = "Formue modtaget fra Udbetaling Danmark; opgaven er faldet ud til manuel behandling.";

/// Is the case a helbredstillægskort or udvidet helbredstillæg case (the
/// cases the formue follow-ups of seed 002 §3.5 concern)?
fn formue_case(s: &Sag) -> bool {
    s.sagstype == case_type::HELBREDSTILLAEGSKORT || s.sagstype == case_type::UDVIDET_HELBREDSTILLAEG
}

/// The rules of one event, in order:
///
/// **Formue** (seed 002 §3.5), only when it is valid today or later
/// (`gyldig_fra >= today`), for each helbredstillægskort or udvidet
/// helbredstillæg case of the borger:
/// - "Formue har ændret sig" when the case is under manual processing:
///   status Under oplysning or Under behandling, and no open task on the case
///   uses automatic processing (that processing reacts to the formue
///   itself);
/// - "Formue har krydset formuegrænsen" when the case is granted (Bevilget
///   and active: within its grant period) and the formue crosses the limit
///   of the parameters: the previous figure was at or below it (an unknown
///   previous figure counts as below) and the new one is above it.
///
/// Each only when its follow-up type is subscribed ("Hændelsesabonnement");
/// the follow-up is on the case and its unit. Then, for any formue event
/// whatever its date: every open task under automatic processing that waits
/// (status Venter) for the formue falls out to manual work with
/// [`FRIGIVET_FORMUE`] (seed 001: "Først når formuen er oplyst, vil opgaven
/// falde ud til manuel behandling").
///
/// **Finansieringskommune** (seed 002 §3.4): "Automatisk fastsættelse af
/// finansieringskommune for pension" only in the municipality that takes
/// over, i.e. when `ny` is this deployment's `kommune` (compared without
/// case and surrounding spaces), and only when subscribed; on the borger's
/// pension case (Folkepension/Førtidspension, an active one first) if any.
/// Every municipality still lists the event.
pub fn on_event(e: &Event, facts: &EventFacts, params: &SystemParameters, kommune: &str, today: NaiveDate) -> EventOutcome {
    let mut opfoelgninger = Vec::new();
    let mut frigivet = Vec::new();
    let beskrivelse;
    match e {
        Event::Formue { beloeb_oere, gyldig_fra, .. } => {
            let limit = params.formuegraense_oere;
            if *gyldig_fra >= today {
                for sag in facts.sager.iter().filter(|s| formue_case(s)) {
                    let under_behandling = matches!(sag.status, SagStatus::UnderOplysning | SagStatus::UnderBehandling);
                    let automatic_task = facts.aabne_opgaver.iter().any(|t| t.sag_id == Some(sag.id) && t.status.is_open() && t.automatisk);
                    let crosses = facts.tidligere_formue_oere.is_none_or(|p| p <= limit) && *beloeb_oere > limit;
                    let (kind, tekst) = if under_behandling && !automatic_task {
                        (
                            followup_type::FORMUE_AENDRET,
                            format!(
                                "Formue har ændret sig: ny formue {} gyldig fra {} på sagen »{}«.",
                                kroner(*beloeb_oere),
                                date_label(*gyldig_fra),
                                sag.titel
                            ),
                        )
                    } else if sag.status == SagStatus::Bevilget && sag.aktiv && crosses {
                        (
                            followup_type::FORMUE_OVER_GRAENSEN,
                            format!(
                                "Formue har krydset formuegrænsen: ny formue {} er over grænsen på {} (sagen »{}«).",
                                kroner(*beloeb_oere),
                                kroner(limit),
                                sag.titel
                            ),
                        )
                    } else {
                        continue;
                    };
                    if params.subscribed(kind) {
                        opfoelgninger.push(FollowUp { opfoelgningstype: kind, enhed: sag.enhed, sag_id: Some(sag.id), tekst });
                    }
                }
            }
            frigivet = facts
                .aabne_opgaver
                .iter()
                .filter(|t| t.automatisk && t.status == OpgaveStatus::Venter)
                .map(|t| (t.id, FRIGIVET_FORMUE.to_owned()))
                .collect();
            beskrivelse = format!("Formue fra Udbetaling Danmark: {} gyldig fra {}", kroner(*beloeb_oere), date_label(*gyldig_fra));
        }
        Event::Finansieringskommune { gammel, ny, .. } => {
            let kind = followup_type::FINANSIERINGSKOMMUNE_PENSION;
            if same_kommune(ny, kommune) && params.subscribed(kind) {
                let pension = |s: &&Sag| s.sagstype == case_type::FOLKEPENSION || s.sagstype == case_type::FOERTIDSPENSION;
                let sag = facts.sager.iter().filter(pension).find(|s| s.aktiv).or_else(|| facts.sager.iter().find(pension));
                opfoelgninger.push(FollowUp {
                    opfoelgningstype: kind,
                    enhed: sag.map_or(unit_for(case_type::FOLKEPENSION), |s| s.enhed),
                    sag_id: sag.map(|s| s.id),
                    tekst: format!(
                        "Automatisk fastsættelse af finansieringskommune for pension: {} overtager finansieringen fra {}.",
                        ny.trim(),
                        gammel.trim()
                    ),
                });
            }
            beskrivelse = format!("Finansieringskommune for pension ændret fra {} til {}", gammel.trim(), ny.trim());
        }
    }
    let beskrivelse = match opfoelgninger.len() {
        0 => format!("{beskrivelse}; ingen opfølgningsopgave."),
        1 => format!("{beskrivelse}; opfølgningsopgave oprettet."),
        n => format!("{beskrivelse}; {n} opfølgningsopgaver oprettet."),
    };
    EventOutcome { opfoelgninger, frigivet, beskrivelse }
}

fn same_kommune(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_shape_and_formatting() {
        let e: Event =
            serde_json::from_str(r#"{"type":"formue","cpr":"010203-1234","beloeb_oere":-150,"gyldig_fra":"2026-12-01"}"#).unwrap();
        assert_eq!(e.cpr(), "010203-1234");
        let e: Event = serde_json::from_str(r#"{"type":"finansieringskommune","cpr":"1","gammel":"A","ny":"B"}"#).unwrap();
        assert!(matches!(e, Event::Finansieringskommune { .. }));
        assert_eq!(date_label(NaiveDate::from_ymd_opt(2027, 1, 5).unwrap()), "05.01.2027");
    }
}
