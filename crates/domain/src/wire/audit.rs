//! `GET /api/audit`: the audit log (admin).

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
/// given (`handling`, `bruger`: the username, `borger`: the borger's id).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub handling: Option<AuditAction>,
    pub bruger: Option<String>,
    pub borger: Option<i64>,
}

impl AuditFilter {
    /// The username criterion trimmed, none when empty.
    pub fn bruger(&self) -> Option<&str> {
        self.bruger.as_deref().map(str::trim).filter(|b| !b.is_empty())
    }

    pub fn is_empty(&self) -> bool {
        self.handling.is_none() && self.bruger().is_none() && self.borger.is_none()
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
    use super::AuditAction;

    #[test]
    fn names_are_serdes_and_round_trip() {
        for &a in AuditAction::ALL {
            assert_eq!(serde_json::to_string(&a).unwrap(), format!("\"{}\"", a.name()));
            assert_eq!(AuditAction::from_name(&a.name()), Some(a));
        }
        assert_eq!(AuditAction::from_name("findes_ikke"), None);
    }
}
