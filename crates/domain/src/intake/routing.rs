//! Routing a self-service submission (seed 001): which task it becomes, or
//! which ongoing task it joins. Pure: the server reads the borger's facts and
//! the parameters valid today, calls [`route`] and writes what it says, in
//! one transaction. The table `tests/routing_cases.json` runs it on the host
//! and in headless Chromium.

use super::params::SystemParameters;
use super::submission::{FormType, SubmissionMeta};
use crate::catalog::{case_type, task_type, unit};
use crate::model::{OpgaveStatus, Sag};
use serde::{Deserialize, Serialize};

/// An open task of the borger, as routing and events see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OngoingTask {
    pub id: i64,
    pub opgavetype: u16,
    /// The sagstype the task concerns (an Opret bevilling has one before its
    /// case exists).
    #[serde(default)]
    pub sagstype: Option<u16>,
    /// The task's case, if it has one.
    #[serde(default)]
    pub sag_id: Option<i64>,
    pub status: OpgaveStatus,
    /// Under automatic processing (not yet fallen out to manual work).
    #[serde(default)]
    pub automatisk: bool,
}

/// What routing knows about the borger.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BorgerFacts {
    /// The borger's open tasks (closed ones are ignored if present).
    #[serde(default)]
    pub aabne_opgaver: Vec<OngoingTask>,
    /// Whether a formue figure from Udbetaling Danmark is valid today (its
    /// valid-from today or earlier); one valid only from a later day is not
    /// known yet.
    #[serde(default)]
    pub formue_kendt: bool,
    #[serde(default)]
    pub sager: Vec<Sag>,
}

/// What a submission becomes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rute", rename_all = "snake_case")]
pub enum Route {
    /// A Modtag post task (kilde Selvbetjening) with the documents; with
    /// `fuldmagt` the power of attorney must be verified first.
    ModtagPost { fuldmagt: bool },
    /// A new Opret bevilling task (kilde Selvbetjening) of the submission's
    /// sagstype. `automatisk`: automatic processing took it on. Then either
    /// `venter_paa_formue` (the task waits, status Venter, in no package,
    /// until the formue event arrives) or `udfald` is the reason it fell out
    /// to manual work at once (the task is then an ordinary, manual one
    /// that shows the reason).
    OpretBevilling { automatisk: bool, venter_paa_formue: bool, udfald: Option<String> },
    /// The documents join the ongoing task `opgave_id` (history and "Nye
    /// hændelser" say so); with `tag_ud_af_venten` the task leaves its
    /// waiting step (status Venter → Ubehandlet).
    TilfoejTilOpgave { opgave_id: i64, tag_ud_af_venten: bool },
}

/// Why an automatically processed application goes to manual work at once.
pub const UDFALD_FORMUE_OPLYST: &str = "Automatisk sagsbehandling: formuen er oplyst; bevillingen vurderes manuelt.";

/// The sagstype of an open task: its own, else its case's.
fn task_sagstype(t: &OngoingTask, sager: &[Sag]) -> Option<u16> {
    t.sagstype.or_else(|| t.sag_id.and_then(|id| sager.iter().find(|s| s.id == id)).map(|s| s.sagstype))
}

/// The borger's open Opret bevilling tasks of one sagstype.
fn open_grants(facts: &BorgerFacts, sagstype: u16) -> Vec<&OngoingTask> {
    facts
        .aabne_opgaver
        .iter()
        .filter(|t| t.status.is_open() && t.opgavetype == task_type::OPRET_BEVILLING && task_sagstype(t, &facts.sager) == Some(sagstype))
        .collect()
}

/// Attach to the one ongoing task, or `None` when there is not exactly one.
/// The task leaves its waiting step only when it is waiting, the formue is
/// known, and it is not under automatic processing (an automatic task waits
/// for the formue event itself, seed 001: "Opgaven vil ikke blive taget ud
/// af ventetrinnet … hvis der fortsat mangler formueoplysninger").
fn attach(candidates: &[&OngoingTask], facts: &BorgerFacts) -> Option<Route> {
    match candidates {
        [t] => Some(Route::TilfoejTilOpgave {
            opgave_id: t.id,
            tag_ud_af_venten: t.status == OpgaveStatus::Venter && facts.formue_kendt && !t.automatisk,
        }),
        _ => None,
    }
}

/// Routes one submission, the rules of seed 001 in this order:
///
/// 1. Made on behalf of another person: always Modtag post with the Fuldmagt
///    to verify, whatever automatic processing says ("Hvis der ansøges på
///    vegne af en anden").
/// 2. Anmodning om refusion: Modtag post ("Anmodning og overslag som 'Modtag
///    post'"); its documents get no category on a case.
/// 3. Specificeret overslag: attached to the borger's ongoing Opret bevilling
///    for udvidet helbredstillæg when there is exactly one ("Hvis KP entydigt
///    kan relatere overslaget til en igangværende opgave"), leaving its
///    waiting step as [`attach`] says; none or several: Modtag post.
/// 4. Ansøgning: attached to the one ongoing Opret bevilling of the same
///    sagstype (same waiting rule); several: Modtag post, a person decides;
///    none: a new Opret bevilling ("Ansøgning som 'Opret bevilling'"), under
///    automatic processing when it is on for the sagstype ("Automatisk
///    sagsbehandling"). Automatic processing waits while the formue is
///    unknown; when the formue is known it hands the task to manual work at
///    once with [`UDFALD_FORMUE_OPLYST`].
///
/// A task's sagstype is its own, or else that of its case in `facts.sager`.
pub fn route(meta: &SubmissionMeta, facts: &BorgerFacts, params: &SystemParameters) -> Route {
    if meta.paa_vegne_af {
        return Route::ModtagPost { fuldmagt: true };
    }
    match meta.formular {
        FormType::AnmodningOmRefusion => Route::ModtagPost { fuldmagt: false },
        FormType::SpecificeretOverslag => {
            attach(&open_grants(facts, case_type::UDVIDET_HELBREDSTILLAEG), facts).unwrap_or(Route::ModtagPost { fuldmagt: false })
        }
        FormType::Ansoegning => {
            let candidates = open_grants(facts, meta.sagstype);
            if candidates.len() > 1 {
                return Route::ModtagPost { fuldmagt: false };
            }
            attach(&candidates, facts).unwrap_or_else(|| opret_bevilling(params.is_automatic(meta.sagstype), facts.formue_kendt))
        }
    }
}

/// The administrative unit a new task of a sagstype goes to (as the demo
/// data places cases): helbredstillæg (almindeligt, udvidet, kort) →
/// Helbredstillæg; pensions, personligt tillæg and henvendelser → Pension
/// Nord; Administration (APØ) → Økonomi og opkrævning; the other KY types →
/// Ydelsesteam 1. An unknown sagstype → Pension Nord.
/// A new Opret bevilling, under automatic processing or not: automatic
/// processing waits while the formue is unknown, and with the formue known
/// hands the grant to manual work at once ([`UDFALD_FORMUE_OPLYST`]). Also
/// what the Opret bevilling wizard's "automatisk sagsbehandling" starts.
pub fn opret_bevilling(automatisk: bool, formue_kendt: bool) -> Route {
    Route::OpretBevilling {
        automatisk,
        venter_paa_formue: automatisk && !formue_kendt,
        udfald: (automatisk && formue_kendt).then(|| UDFALD_FORMUE_OPLYST.to_owned()),
    }
}

pub fn unit_for(sagstype: u16) -> u16 {
    match sagstype {
        case_type::ALM_HELBREDSTILLAEG..=case_type::HELBREDSTILLAEGSKORT => unit::HELBREDSTILLAEG,
        case_type::ADMINISTRATION_APOE => unit::OEKONOMI,
        case_type::LEDIGHEDSYDELSE..=case_type::ENKELTYDELSER_OG_ANDRE_YDELSER => unit::YDELSESTEAM_1,
        _ => unit::PENSION_NORD,
    }
}

/// The Danish line recorded in the task's "Opgaveforløb" (and shown under
/// "Nye hændelser" until the holder opens the task), e.g. "Ansøgning
/// modtaget fra selvbetjening og tilknyttet opgaven".
pub fn history_text(meta: &SubmissionMeta, route: &Route) -> String {
    let form = meta.formular.label();
    match route {
        Route::ModtagPost { fuldmagt: true } => {
            format!("{form} modtaget fra selvbetjening på vegne af en anden; oprettet som Modtag post, fuldmagten skal verificeres")
        }
        Route::ModtagPost { fuldmagt: false } => format!("{form} modtaget fra selvbetjening; oprettet som Modtag post"),
        Route::OpretBevilling { automatisk: false, .. } => format!("{form} modtaget fra selvbetjening; Opret bevilling oprettet"),
        Route::OpretBevilling { automatisk: true, venter_paa_formue: true, .. } => {
            format!("{form} modtaget fra selvbetjening; Opret bevilling under automatisk sagsbehandling venter på formueoplysninger")
        }
        Route::OpretBevilling { automatisk: true, udfald, .. } => match udfald {
            Some(reason) => format!("{form} modtaget fra selvbetjening; Opret bevilling faldet ud til manuel behandling. {reason}"),
            None => format!("{form} modtaget fra selvbetjening; Opret bevilling under automatisk sagsbehandling"),
        },
        Route::TilfoejTilOpgave { tag_ud_af_venten: true, .. } => {
            format!("{form} modtaget fra selvbetjening og tilknyttet opgaven; opgaven er taget ud af ventetrinnet")
        }
        Route::TilfoejTilOpgave { tag_ud_af_venten: false, .. } => format!("{form} modtaget fra selvbetjening og tilknyttet opgaven"),
    }
}
