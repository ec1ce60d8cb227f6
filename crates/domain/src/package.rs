//! The task package ("Opgavepakke"): its filter, its versions, and the
//! validation both the browser and the server run before a save.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// "Beløbsgodkendelse": only amount-approval tasks, only others, or both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Beloebsgodkendelse {
    #[default]
    Begge,
    Kun,
    Ikke,
}

/// "Opgave relation": only municipality tasks, only person tasks, or both.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RelationValg {
    Begge,
    Person,
    Kommune,
}

/// "Sagsudsøgning" (KY): which case the case criteria are checked against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Sagsudsoegning {
    /// The case that the task's event concerns (the task's own case).
    #[default]
    Haendelse,
    /// Any case of the task's borger.
    Person,
}

impl Beloebsgodkendelse {
    pub fn label(self) -> &'static str {
        match self {
            Self::Begge => "Begge",
            Self::Kun => "Kun opgaver til godkendelsesbeløb",
            Self::Ikke => "Kun opgaver der ikke er til godkendelsesbeløb",
        }
    }
}
impl RelationValg {
    pub fn label(self) -> &'static str {
        match self {
            Self::Begge => "Begge",
            Self::Person => "Kun personopgaver",
            Self::Kommune => "Kun kommuneopgaver",
        }
    }
}
impl Sagsudsoegning {
    pub fn label(self) -> &'static str {
        match self {
            Self::Haendelse => "Hændelse relation",
            Self::Person => "Person relation",
        }
    }
}

/// The filter part of a package. Within a field the values are alternatives
/// (OR); fields combine with AND; an empty field does not restrict.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PackageFilter {
    pub opgavetyper: Vec<u16>,
    pub opfoelgningstyper: Vec<u16>,
    /// CPR interval (fra): first two digits, 0–99.
    pub cpr_fra: Option<u8>,
    /// CPR interval (til): first two digits, 0–99.
    pub cpr_til: Option<u8>,
    pub sagstyper: Vec<u16>,
    pub pensionstyper: Vec<u16>,
    pub beloebsgodkendelse: Beloebsgodkendelse,
    pub enheder: Vec<u16>,
    /// Required when saving; `None` in a draft that is not filled in yet,
    /// which the filter treats as "Begge".
    pub relation: Option<RelationValg>,
    pub kilder: Vec<crate::model::Kilde>,
    /// KY: ydelse/ydelsesart.
    pub ydelser: Vec<u16>,
    pub sagsudsoegning: Sagsudsoegning,
}

/// What an admin edits: the filter plus the version's metadata.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackageDraft {
    pub navn: String,
    #[serde(default)]
    pub beskrivelse: String,
    #[serde(default)]
    pub filter: PackageFilter,
    /// Role ids that get the package.
    #[serde(default)]
    pub roller: Vec<i64>,
    /// Ændringsårsag.
    #[serde(default)]
    pub aendringsaarsag: String,
    pub gyldig_fra: NaiveDate,
    #[serde(default)]
    pub gyldig_til: Option<NaiveDate>,
}

/// One stored version of a package.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackageVersion {
    /// Nøgle, assigned by the server (e.g. `OP-0007`).
    pub noegle: String,
    /// Version id (database id), used in `If-Match`.
    pub version: i64,
    #[serde(flatten)]
    pub draft: PackageDraft,
    pub oprettet_af: String,
    /// RFC 3339 timestamp of the save.
    pub oprettet: String,
}

impl PackageVersion {
    /// Whether this version is valid on `day`.
    pub fn valid_at(&self, day: NaiveDate) -> bool {
        periods_overlap(self.draft.gyldig_fra, self.draft.gyldig_til, day, Some(day))
    }
}

/// Closed periods `[from, to]`, `None` = open-ended.
pub fn periods_overlap(a_from: NaiveDate, a_to: Option<NaiveDate>, b_from: NaiveDate, b_to: Option<NaiveDate>) -> bool {
    a_to.is_none_or(|at| at >= b_from) && b_to.is_none_or(|bt| bt >= a_from)
}

/// A validation message attached to a field of the editor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's name in [`PackageDraft`] / [`PackageFilter`], e.g. `navn`, `cpr_fra`.
    pub field: String,
    pub message: String,
}

fn err(field: &str, message: &str) -> FieldError {
    FieldError { field: field.to_owned(), message: message.to_owned() }
}

/// Parses a CPR-interval bound as typed: empty = none, "1" and "01" both 1.
pub fn parse_cpr_bound(input: &str) -> Result<Option<u8>, &'static str> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err("Angiv et helt tal fra 0 til 99 (de to første cifre i CPR-nummeret).");
    }
    Ok(Some(s.parse::<u8>().expect("one or two ASCII digits")))
}

pub const MAX_NAME_LEN: usize = 100;

/// Validates a draft on its own. `roles_known` are the ids of existing roles.
pub fn validate_draft(d: &PackageDraft, roles_known: &[i64]) -> Vec<FieldError> {
    let mut out = Vec::new();
    let name = d.navn.trim();
    if name.is_empty() {
        out.push(err("navn", "Navn skal udfyldes."));
    } else if name.chars().count() > MAX_NAME_LEN {
        out.push(err("navn", "Navn må højst være 100 tegn."));
    }
    let f = &d.filter;
    for (field, v) in [("cpr_fra", f.cpr_fra), ("cpr_til", f.cpr_til)] {
        if v.is_some_and(|v| v > 99) {
            out.push(err(field, "Angiv et helt tal fra 0 til 99 (de to første cifre i CPR-nummeret)."));
        }
    }
    if let (Some(a), Some(b)) = (f.cpr_fra, f.cpr_til) {
        if a > b {
            out.push(err("cpr_til", "CPR interval (til) skal være større end eller lig med CPR interval (fra)."));
        }
    }
    if f.relation.is_none() {
        out.push(err("relation", "Vælg opgave relation: kun kommuneopgaver, kun personopgaver eller begge."));
    }
    if d.roller.is_empty() {
        out.push(err("roller", "Vælg mindst én rolle, der skal have adgang til opgavepakken."));
    } else if let Some(bad) = d.roller.iter().find(|r| !roles_known.contains(r)) {
        out.push(FieldError {
            field: "roller".into(),
            message: format!("Rollen med id {bad} findes ikke længere. Fjern fluebenet og vælg igen."),
        });
    }
    if let Some(til) = d.gyldig_til {
        if til < d.gyldig_fra {
            out.push(err("gyldig_til", "Gyldig til skal være samme dag som eller senere end gyldig fra."));
        }
    }
    out.extend(validate_filter_catalog(f));
    out
}

/// The filter's catalogue ids: each must name an entry of
/// [`crate::catalog`]. Part of [`validate_draft`]; on its own for
/// "Afprøv opgavepakke" on an unsaved filter.
pub fn validate_filter_catalog(f: &PackageFilter) -> Vec<FieldError> {
    let mut out = Vec::new();
    use crate::catalog as c;
    let checks: [(&str, &[u16], usize); 6] = [
        ("opgavetyper", &f.opgavetyper, c::TASK_TYPES.len()),
        ("opfoelgningstyper", &f.opfoelgningstyper, c::FOLLOWUP_TYPES.len()),
        ("sagstyper", &f.sagstyper, c::CASE_TYPES.len()),
        ("pensionstyper", &f.pensionstyper, c::PENSION_TYPES.len()),
        ("enheder", &f.enheder, c::UNITS.len()),
        ("ydelser", &f.ydelser, c::BENEFITS.len()),
    ];
    for (field, ids, len) in checks {
        if ids.iter().any(|&id| id == 0 || usize::from(id) > len) {
            out.push(err(field, "Et af de valgte punkter findes ikke i kataloget. Genindlæs siden og vælg igen."));
        }
    }
    out
}

/// "A name unique among packages valid in an overlapping period": checks the
/// draft against other packages' versions (versions of `own_key` are skipped).
pub fn validate_unique_name(d: &PackageDraft, own_key: Option<&str>, others: &[PackageVersion]) -> Option<FieldError> {
    let name = d.navn.trim().to_lowercase();
    others
        .iter()
        .filter(|v| Some(v.noegle.as_str()) != own_key)
        .find(|v| {
            v.draft.navn.trim().to_lowercase() == name
                && periods_overlap(d.gyldig_fra, d.gyldig_til, v.draft.gyldig_fra, v.draft.gyldig_til)
        })
        .map(|v| FieldError {
            field: "navn".into(),
            message: format!(
                "Navnet bruges allerede af opgavepakken {} i en overlappende gyldighedsperiode. Vælg et andet navn eller en anden periode.",
                v.noegle
            ),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn draft() -> PackageDraft {
        PackageDraft {
            navn: "Post fra selvbetjening".into(),
            beskrivelse: String::new(),
            filter: PackageFilter { relation: Some(RelationValg::Begge), ..Default::default() },
            roller: vec![1],
            aendringsaarsag: String::new(),
            gyldig_fra: d("2026-01-01"),
            gyldig_til: None,
        }
    }

    fn fields(errs: &[FieldError]) -> Vec<&str> {
        errs.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn valid_draft_passes() {
        assert!(validate_draft(&draft(), &[1, 2]).is_empty());
    }

    #[test]
    fn required_fields() {
        let mut x = draft();
        x.navn = "  ".into();
        x.roller.clear();
        x.filter.relation = None;
        assert_eq!(fields(&validate_draft(&x, &[1])), ["navn", "relation", "roller"]);
    }

    #[test]
    fn unknown_role_and_catalog_ids() {
        let mut x = draft();
        x.roller = vec![9];
        x.filter.opgavetyper = vec![0];
        x.filter.enheder = vec![999];
        assert_eq!(fields(&validate_draft(&x, &[1])), ["roller", "opgavetyper", "enheder"]);
    }

    #[test]
    fn cpr_bounds() {
        assert_eq!(parse_cpr_bound("1"), Ok(Some(1)));
        assert_eq!(parse_cpr_bound("01"), Ok(Some(1)));
        assert_eq!(parse_cpr_bound(" 99 "), Ok(Some(99)));
        assert_eq!(parse_cpr_bound(""), Ok(None));
        for bad in ["100", "-1", "1.5", "a", "1 2"] {
            assert!(parse_cpr_bound(bad).is_err(), "{bad}");
        }
        let mut x = draft();
        x.filter.cpr_fra = Some(20);
        x.filter.cpr_til = Some(10);
        assert_eq!(fields(&validate_draft(&x, &[1])), ["cpr_til"]);
        x.filter.cpr_fra = Some(120);
        x.filter.cpr_til = None;
        assert_eq!(fields(&validate_draft(&x, &[1])), ["cpr_fra"]);
    }

    #[test]
    fn validity_period() {
        let mut x = draft();
        x.gyldig_til = Some(d("2025-12-31"));
        assert_eq!(fields(&validate_draft(&x, &[1])), ["gyldig_til"]);
        x.gyldig_til = Some(d("2026-01-01"));
        assert!(validate_draft(&x, &[1]).is_empty());
    }

    #[test]
    fn unique_name_in_overlapping_period() {
        let other = PackageVersion {
            noegle: "OP-0001".into(),
            version: 1,
            draft: PackageDraft {
                navn: "post fra SELVBETJENING ".into(),
                gyldig_fra: d("2025-01-01"),
                gyldig_til: Some(d("2025-12-31")),
                ..draft()
            },
            oprettet_af: "admin".into(),
            oprettet: String::new(),
        };
        let mut x = draft();
        // starts the day after the other ends: no overlap
        assert!(validate_unique_name(&x, None, std::slice::from_ref(&other)).is_none());
        x.gyldig_fra = d("2025-12-31");
        assert_eq!(validate_unique_name(&x, None, std::slice::from_ref(&other)).unwrap().field, "navn");
        // a new version of the same package may keep its name
        assert!(validate_unique_name(&x, Some("OP-0001"), &[other]).is_none());
    }
}
