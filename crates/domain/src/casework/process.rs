//! The processes that choose one case with the Sagsvælger, the rule of each
//! ([`case_rule`]: which cases it may choose, with the Danish reason), and
//! the selector's selection, filter and sort order.

use crate::model::{Sag, SagStatus};
use serde::{Deserialize, Serialize};

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
        /// A process that chooses one case with the Sagsvælger
        /// (`docs/domain.md`, "The case selector"), plus Modtag post's "Tilføj ny sagsrelation".
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
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
            stopdato: None,
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
}
