//! `GET /api/audit`: the audit log (admin).

use crate::model::iso_date;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What an audit entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    AabnetBorgeroverblik,
    AfsluttetOpgave,
    ModtagetPost,
    StartetOpgave,
    SlaaetBorgerOp,
    AabnetSagsvaelger,
    AabnetOpgave,
    AendretRolle,
    AendretBrugerroller,
    LoggetInd,
    MislykketLogin,
    AfsluttetSessioner,
    GemtOpgavepakke,
    GemtSystemparameter,
    OprettetKildesystem,
    TilbagekaldtKildesystem,
}

impl AuditAction {
    pub fn label(self) -> &'static str {
        match self {
            AuditAction::AabnetBorgeroverblik => "Åbnede borgeroverblik",
            AuditAction::AfsluttetOpgave => "Afsluttede opgave",
            AuditAction::ModtagetPost => "Modtog post manuelt",
            AuditAction::StartetOpgave => "Startede opgave fra borgeroverblik",
            AuditAction::SlaaetBorgerOp => "Slog borger op",
            AuditAction::AabnetSagsvaelger => "Åbnede sagsvælger",
            AuditAction::AabnetOpgave => "Åbnede opgave",
            AuditAction::AendretRolle => "Ændrede rolle",
            AuditAction::AendretBrugerroller => "Ændrede brugers roller",
            AuditAction::LoggetInd => "Loggede ind",
            AuditAction::MislykketLogin => "Mislykket login",
            AuditAction::AfsluttetSessioner => "Afsluttede en brugers sessioner",
            AuditAction::GemtOpgavepakke => "Gemte opgavepakke",
            AuditAction::GemtSystemparameter => "Gemte systemparameter",
            AuditAction::OprettetKildesystem => "Oprettede nøgle til kildesystem",
            AuditAction::TilbagekaldtKildesystem => "Tilbagekaldte nøgle til kildesystem",
        }
    }
    pub fn code(self) -> u8 {
        match self {
            AuditAction::AabnetBorgeroverblik => 1,
            AuditAction::AfsluttetOpgave => 2,
            AuditAction::ModtagetPost => 3,
            AuditAction::StartetOpgave => 4,
            AuditAction::SlaaetBorgerOp => 5,
            AuditAction::AabnetSagsvaelger => 6,
            AuditAction::AabnetOpgave => 7,
            AuditAction::AendretRolle => 8,
            AuditAction::AendretBrugerroller => 9,
            AuditAction::LoggetInd => 10,
            AuditAction::MislykketLogin => 11,
            AuditAction::AfsluttetSessioner => 12,
            AuditAction::GemtOpgavepakke => 13,
            AuditAction::GemtSystemparameter => 14,
            AuditAction::OprettetKildesystem => 15,
            AuditAction::TilbagekaldtKildesystem => 16,
        }
    }
    pub const ALL: &'static [AuditAction] = &[
        AuditAction::AabnetBorgeroverblik,
        AuditAction::AfsluttetOpgave,
        AuditAction::ModtagetPost,
        AuditAction::StartetOpgave,
        AuditAction::SlaaetBorgerOp,
        AuditAction::AabnetSagsvaelger,
        AuditAction::AabnetOpgave,
        AuditAction::AendretRolle,
        AuditAction::AendretBrugerroller,
        AuditAction::LoggetInd,
        AuditAction::MislykketLogin,
        AuditAction::AfsluttetSessioner,
        AuditAction::GemtOpgavepakke,
        AuditAction::GemtSystemparameter,
        AuditAction::OprettetKildesystem,
        AuditAction::TilbagekaldtKildesystem,
    ];
    pub fn from_code(c: u8) -> Option<AuditAction> {
        AuditAction::ALL.iter().copied().find(|a| a.code() == c)
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
    /// Who did it; for a failed login the username typed (which may name
    /// no user).
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

/// Which entries `GET /api/audit` lists: those that meet every criterion
/// given (`handling`, `bruger`: the username, `borger`: the borger's id,
/// `fra` and `til`: the first and the last day, both included, by the
/// Danish date of the entry's time).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub handling: Option<AuditAction>,
    pub bruger: Option<String>,
    pub borger: Option<i64>,
    pub fra: Option<NaiveDate>,
    pub til: Option<NaiveDate>,
}

/// A day of the log's period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodEnd {
    Fra,
    Til,
}

/// The message when the period's last day comes before its first.
pub const PERIOD_REVERSED: &str = "»Til og med« ligger før »Fra og med«. Ret en af datoerne.";

impl AuditFilter {
    /// The period is a period: each day in the years the system knows
    /// ([`crate::limits::plausible_date`]), its last day not before its
    /// first. The error names the day to correct.
    pub fn check(&self) -> Result<(), (PeriodEnd, &'static str)> {
        for (end, day) in [(PeriodEnd::Fra, self.fra), (PeriodEnd::Til, self.til)] {
            if day.is_some_and(|d| !crate::limits::plausible_date(d)) {
                return Err((end, crate::limits::DATE_OUT_OF_RANGE));
            }
        }
        match (self.fra, self.til) {
            (Some(f), Some(t)) if t < f => Err((PeriodEnd::Til, PERIOD_REVERSED)),
            _ => Ok(()),
        }
    }

    /// The entry times (RFC 3339, Danish local time, as stored) the period
    /// lets through: from the start of `fra` and up to, not including, the
    /// start of the day after `til`. Stored times compare as text, since
    /// they begin with the local date.
    pub fn time_bounds(&self) -> (Option<String>, Option<String>) {
        (self.fra.map(iso_date), self.til.and_then(|t| t.succ_opt()).map(iso_date))
    }

    /// The username criterion trimmed, none when empty.
    pub fn bruger(&self) -> Option<&str> {
        self.bruger.as_deref().map(str::trim).filter(|b| !b.is_empty())
    }

    pub fn is_empty(&self) -> bool {
        self.handling.is_none() && self.bruger().is_none() && self.borger.is_none() && self.fra.is_none() && self.til.is_none()
    }
}

impl AuditAction {
    /// The name the API and the page's address use, as serde writes it
    /// (`rename_all = "snake_case"` of the variant: `aabnet_borgeroverblik`).
    pub fn name(self) -> String {
        let mut out = String::new();
        for (i, c) in format!("{self:?}").chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }

    pub fn from_name(name: &str) -> Option<AuditAction> {
        AuditAction::ALL.iter().copied().find(|a| a.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::{AuditAction, AuditFilter, PeriodEnd, PERIOD_REVERSED};
    use crate::limits::DATE_OUT_OF_RANGE;
    use chrono::NaiveDate;

    #[test]
    fn a_period_is_checked_and_bounds_the_stored_times() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        // fra, til, the check, the bounds.
        type Case<'a> = (&'a str, &'a str, Result<(), (PeriodEnd, &'a str)>, (Option<&'a str>, Option<&'a str>));
        let cases: &[Case] = &[
            ("", "", Ok(()), (None, None)),
            ("2026-03-01", "", Ok(()), (Some("2026-03-01"), None)),
            ("", "2026-03-01", Ok(()), (None, Some("2026-03-02"))),
            ("2026-03-01", "2026-03-01", Ok(()), (Some("2026-03-01"), Some("2026-03-02"))),
            ("2026-12-31", "2026-12-31", Ok(()), (Some("2026-12-31"), Some("2027-01-01"))),
            ("2024-02-28", "2024-02-28", Ok(()), (Some("2024-02-28"), Some("2024-02-29"))),
            ("2026-03-02", "2026-03-01", Err((PeriodEnd::Til, PERIOD_REVERSED)), (Some("2026-03-02"), Some("2026-03-02"))),
            ("0026-03-02", "2026-03-01", Err((PeriodEnd::Fra, DATE_OUT_OF_RANGE)), (Some("0026-03-02"), Some("2026-03-02"))),
            ("2026-03-02", "20260-03-01", Ok(()), (Some("2026-03-02"), None)),
            ("", "2201-01-01", Err((PeriodEnd::Til, DATE_OUT_OF_RANGE)), (None, Some("2201-01-02"))),
        ];
        for (fra, til, check, (lo, hi)) in cases {
            let f = AuditFilter { fra: d(fra), til: d(til), ..Default::default() };
            assert_eq!(f.check(), *check, "{fra}..{til}");
            assert_eq!(f.time_bounds(), (lo.map(str::to_owned), hi.map(str::to_owned)), "{fra}..{til}");
            assert_eq!(f.is_empty(), fra.is_empty() && til.is_empty());
        }
        // A stored time of the last day is inside, the next day's first is not.
        let (_, hi) = AuditFilter { til: d("2026-03-01"), ..Default::default() }.time_bounds();
        let hi = hi.unwrap();
        assert!("2026-03-01T23:59:59+01:00" < hi.as_str() && "2026-03-02T00:00:00+01:00" >= hi.as_str());
        assert!("2026-03-01T00:00:00+01:00" >= "2026-03-01");
    }

    #[test]
    fn names_are_serdes_and_round_trip() {
        for &a in AuditAction::ALL {
            assert_eq!(serde_json::to_string(&a).unwrap(), format!("\"{}\"", a.name()));
            assert_eq!(AuditAction::from_name(&a.name()), Some(a));
        }
        assert_eq!(AuditAction::from_name("findes_ikke"), None);
    }
}
