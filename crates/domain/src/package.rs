//! The task package ("Opgavepakke"): its filter, its versions, and the
//! validation both the browser and the server run before a save.

use crate::limits;
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
    #[cfg_attr(feature = "openapi", schema(max_items = 500))]
    pub opgavetyper: Vec<u16>,
    #[cfg_attr(feature = "openapi", schema(max_items = 500))]
    pub opfoelgningstyper: Vec<u16>,
    /// CPR interval (fra): first two digits, 0–99.
    pub cpr_fra: Option<u8>,
    /// CPR interval (til): first two digits, 0–99.
    pub cpr_til: Option<u8>,
    #[cfg_attr(feature = "openapi", schema(max_items = 500))]
    pub sagstyper: Vec<u16>,
    #[cfg_attr(feature = "openapi", schema(max_items = 500))]
    pub pensionstyper: Vec<u16>,
    pub beloebsgodkendelse: Beloebsgodkendelse,
    #[cfg_attr(feature = "openapi", schema(max_items = 500))]
    pub enheder: Vec<u16>,
    /// Required when saving; `None` in a draft that is not filled in yet,
    /// which the filter treats as "Begge".
    pub relation: Option<RelationValg>,
    #[cfg_attr(feature = "openapi", schema(max_items = 500))]
    pub kilder: Vec<crate::model::Kilde>,
    /// KY: ydelse/ydelsesart.
    #[cfg_attr(feature = "openapi", schema(max_items = 500))]
    pub ydelser: Vec<u16>,
    pub sagsudsoegning: Sagsudsoegning,
}

/// What an admin edits: the filter plus the version's metadata.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackageDraft {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::limits::schema::name))]
    pub navn: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub beskrivelse: String,
    #[serde(default, deserialize_with = "crate::wire::object")]
    pub filter: PackageFilter,
    /// Role ids that get the package.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 500))]
    pub roller: Vec<i64>,
    /// Ændringsårsag.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub aendringsaarsag: String,
    /// In the years 1900–2200.
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

/// A validation message attached to a field of a form, as the API sends it
/// (`fields` of [`crate::wire::ApiError`]): the package editor's fields
/// ([`PackageField::name`]) and the role form's (`navn`, `beskrivelse`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's name, e.g. `navn`, `cpr_fra` (for a package: the name in
    /// [`PackageDraft`] / [`PackageFilter`]).
    pub field: String,
    pub message: String,
}

/// Defines [`PackageField`] from one table: variant, wire name, label.
macro_rules! package_fields {
    ($($variant:ident => $name:literal, $label:literal;)*) => {
        /// Every field of a package as the editor shows it, in the editor's
        /// order. The one place that names a field: its name in
        /// [`PackageDraft`] / [`PackageFilter`] (and on the wire), its DOM id
        /// and its Danish label. `tests/e2e/fields.json` is generated from it
        /// (see `tests/fields_json.rs`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum PackageField {
            $(#[serde(rename = $name)] $variant,)*
        }

        impl PackageField {
            /// Every field, in the editor's order.
            pub const ALL: &'static [PackageField] = &[$(PackageField::$variant,)*];

            /// The field's name in [`PackageDraft`] / [`PackageFilter`], and in a
            /// [`FieldError`] on the wire.
            pub const fn name(self) -> &'static str {
                match self {
                    $(PackageField::$variant => $name,)*
                }
            }

            /// The Danish label the editor shows.
            pub const fn label(self) -> &'static str {
                match self {
                    $(PackageField::$variant => $label,)*
                }
            }
        }
    };
}

package_fields! {
    Navn => "navn", "Navn";
    Opgavetyper => "opgavetyper", "Opgavetype";
    Opfoelgningstyper => "opfoelgningstyper", "Opfølgningsopgavetype";
    CprFra => "cpr_fra", "CPR interval (fra)";
    CprTil => "cpr_til", "CPR interval (til)";
    Sagstyper => "sagstyper", "Sagstype";
    Pensionstyper => "pensionstyper", "Pensionstype";
    Beloebsgodkendelse => "beloebsgodkendelse", "Beløbsgodkendelse";
    Enheder => "enheder", "Administrativ enhed";
    Relation => "relation", "Opgave relation";
    Kilder => "kilder", "Kilde";
    Ydelser => "ydelser", "Ydelse/ydelsesart";
    Sagsudsoegning => "sagsudsoegning", "Sagsudsøgning";
    Beskrivelse => "beskrivelse", "Beskrivelse";
    Roller => "roller", "Roller";
    Aendringsaarsag => "aendringsaarsag", "Ændringsårsag";
    GyldigFra => "gyldig_fra", "Gyldig fra";
    GyldigTil => "gyldig_til", "Gyldig til";
}

impl PackageField {
    /// The field of a wire name, `None` for a name no package field has.
    pub fn from_name(name: &str) -> Option<PackageField> {
        PackageField::ALL.iter().copied().find(|f| f.name() == name)
    }

    /// The DOM id of the element that shows the field (its input, or the
    /// fieldset of a group): `felt-<name>`.
    pub fn id(self) -> String {
        field_dom_id(self.name())
    }

    /// The DOM id of the field's error message: `felt-<name>-fejl`.
    pub fn error_id(self) -> String {
        error_dom_id(self.name())
    }

    /// A validation message at this field.
    pub fn error(self, message: impl Into<String>) -> PackageFieldError {
        PackageFieldError { field: self, message: message.into() }
    }
}

/// The DOM id of a form field by its name (`felt-<name>`); the package
/// editor's are [`PackageField::id`], the role form uses it too.
pub fn field_dom_id(name: &str) -> String {
    format!("felt-{name}")
}

/// The DOM id of a field's error message (`felt-<name>-fejl`).
pub fn error_dom_id(name: &str) -> String {
    format!("felt-{name}-fejl")
}

/// A validation message at one field of a package; on the wire it is a
/// [`FieldError`] with the field's [`PackageField::name`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageFieldError {
    pub field: PackageField,
    pub message: String,
}

impl From<PackageFieldError> for FieldError {
    fn from(e: PackageFieldError) -> FieldError {
        FieldError { field: e.field.name().to_owned(), message: e.message }
    }
}

impl PackageFieldError {
    /// A message from the API, if it names a package field.
    pub fn from_wire(e: &FieldError) -> Option<PackageFieldError> {
        PackageField::from_name(&e.field).map(|f| f.error(e.message.clone()))
    }
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

/// A CPR interval that no CPR number can fall in: the first two digits are
/// the day of birth, 01 to 31, or 61 to 91 in a substitute number (day +
/// 60), and `fra`–`til` (either open) holds none of them, e.g. 40–45.
/// Allowed (the seeds take any two digits), but the editor warns, for the
/// package would take no person task. An interval with `fra` after `til` is
/// refused on its own and not counted here.
pub fn cpr_interval_holds_no_day(fra: Option<u8>, til: Option<u8>) -> bool {
    let (lo, hi) = (fra.unwrap_or(0), til.unwrap_or(99));
    lo <= hi && [(1, 31), (61, 91)].iter().all(|&(a, b)| hi < a || lo > b)
}

pub const MAX_NAME_LEN: usize = limits::MAX_NAME_CHARS;

/// The message when a temporal version ends before it starts (packages and
/// system parameters).
pub const GYLDIG_TIL_FOER_FRA: &str = "Gyldig til skal være samme dag som eller senere end gyldig fra.";

/// Validates a draft on its own. `roles_known` are the ids of existing roles.
pub fn validate_draft(d: &PackageDraft, roles_known: &[i64]) -> Vec<PackageFieldError> {
    use PackageField as F;
    let mut out = Vec::new();
    let name = d.navn.trim();
    if name.is_empty() {
        out.push(F::Navn.error("Navn skal udfyldes."));
    } else if d.navn.chars().count() > MAX_NAME_LEN {
        out.push(F::Navn.error("Navn må højst være 100 tegn."));
    } else if limits::has_control_chars(name) {
        out.push(F::Navn.error("Navn må ikke indeholde linjeskift eller andre styretegn."));
    }
    if limits::too_long(&d.beskrivelse, limits::MAX_DESCRIPTION_CHARS) {
        out.push(F::Beskrivelse.error("Beskrivelse må højst være 2000 tegn."));
    }
    if limits::too_long(&d.aendringsaarsag, limits::MAX_REASON_CHARS) {
        out.push(F::Aendringsaarsag.error("Ændringsårsag må højst være 2000 tegn."));
    }
    for (field, ok) in
        [(F::GyldigFra, limits::plausible_date(d.gyldig_fra)), (F::GyldigTil, d.gyldig_til.is_none_or(limits::plausible_date))]
    {
        if !ok {
            out.push(field.error(limits::DATE_OUT_OF_RANGE));
        }
    }
    let f = &d.filter;
    if d.roller.len() > limits::MAX_LIST_LEN {
        out.push(F::Roller.error(limits::LIST_TOO_LONG));
    }
    for (field, v) in [(F::CprFra, f.cpr_fra), (F::CprTil, f.cpr_til)] {
        if v.is_some_and(|v| v > 99) {
            out.push(field.error("Angiv et helt tal fra 0 til 99 (de to første cifre i CPR-nummeret)."));
        }
    }
    if let (Some(a), Some(b)) = (f.cpr_fra, f.cpr_til) {
        if a > b {
            out.push(F::CprTil.error("CPR interval (til) skal være større end eller lig med CPR interval (fra)."));
        }
    }
    if f.relation.is_none() {
        out.push(F::Relation.error("Vælg opgave relation: kun kommuneopgaver, kun personopgaver eller begge."));
    }
    if d.roller.is_empty() {
        out.push(F::Roller.error("Vælg mindst én rolle, der skal have adgang til opgavepakken."));
    } else if let Some(bad) = d.roller.iter().find(|r| !roles_known.contains(r)) {
        out.push(F::Roller.error(format!("Rollen med id {bad} findes ikke længere. Fjern fluebenet og vælg igen.")));
    }
    if let Some(til) = d.gyldig_til {
        if til < d.gyldig_fra {
            out.push(F::GyldigTil.error(GYLDIG_TIL_FOER_FRA));
        }
    }
    out.extend(validate_filter_catalog(f));
    out
}

/// The filter's lists of catalogue ids, each with the number of entries
/// of its catalogue: an id names an entry when it is in 1..=n. The
/// validation below and the API's document (`minimum`/`maximum`) read it.
pub fn catalogue_lists(f: &PackageFilter) -> [(PackageField, &[u16], usize); 6] {
    use crate::catalog as c;
    use PackageField as F;
    [
        (F::Opgavetyper, &f.opgavetyper, c::TASK_TYPES.len()),
        (F::Opfoelgningstyper, &f.opfoelgningstyper, c::FOLLOWUP_TYPES.len()),
        (F::Sagstyper, &f.sagstyper, c::CASE_TYPES.len()),
        (F::Pensionstyper, &f.pensionstyper, c::PENSION_TYPES.len()),
        (F::Enheder, &f.enheder, c::UNITS.len()),
        (F::Ydelser, &f.ydelser, c::BENEFITS.len()),
    ]
}

/// The filter's lists: at most `limits::MAX_LIST_LEN` entries each, and
/// each id must name an entry of [`crate::catalog`]. Part of [`validate_draft`]; on its own for
/// "Afprøv opgavepakke" on an unsaved filter.
pub fn validate_filter_catalog(f: &PackageFilter) -> Vec<PackageFieldError> {
    let mut out = Vec::new();
    use PackageField as F;
    let lists: [(PackageField, usize); 7] = [
        (F::Opgavetyper, f.opgavetyper.len()),
        (F::Opfoelgningstyper, f.opfoelgningstyper.len()),
        (F::Sagstyper, f.sagstyper.len()),
        (F::Pensionstyper, f.pensionstyper.len()),
        (F::Enheder, f.enheder.len()),
        (F::Kilder, f.kilder.len()),
        (F::Ydelser, f.ydelser.len()),
    ];
    for (field, len) in lists {
        if len > limits::MAX_LIST_LEN {
            out.push(field.error(limits::LIST_TOO_LONG));
        }
    }
    for (field, ids, len) in catalogue_lists(f) {
        if ids.iter().any(|&id| id == 0 || usize::from(id) > len) {
            out.push(field.error("Et af de valgte punkter findes ikke i kataloget. Genindlæs siden og vælg igen."));
        }
    }
    out
}

/// "A name unique among packages valid in an overlapping period": checks the
/// draft against other packages' versions (versions of `own_key` are skipped).
pub fn validate_unique_name(d: &PackageDraft, own_key: Option<&str>, others: &[PackageVersion]) -> Option<PackageFieldError> {
    let name = d.navn.trim().to_lowercase();
    others
        .iter()
        .filter(|v| Some(v.noegle.as_str()) != own_key)
        .find(|v| {
            v.draft.navn.trim().to_lowercase() == name
                && periods_overlap(d.gyldig_fra, d.gyldig_til, v.draft.gyldig_fra, v.draft.gyldig_til)
        })
        .map(|v| {
            PackageField::Navn.error(format!(
                "Navnet bruges allerede af opgavepakken {} i en overlappende gyldighedsperiode. Vælg et andet navn eller en anden periode.",
                v.noegle
            ))
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

    fn fields(errs: &[PackageFieldError]) -> Vec<&str> {
        errs.iter().map(|e| e.field.name()).collect()
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
    fn an_interval_outside_the_days_of_a_month_holds_no_cpr_number() {
        for (fra, til, none) in [
            (Some(40), Some(45), true),
            (Some(32), Some(60), true),
            (Some(92), None, true),
            (Some(32), None, false),
            (Some(50), Some(61), false),
            (Some(91), Some(99), false),
            (None, Some(0), true),
            (Some(0), Some(0), true),
            (Some(31), Some(99), false),
            (Some(0), Some(1), false),
            (None, None, false),
            (Some(1), Some(15), false),
            (Some(45), Some(40), false),
        ] {
            assert_eq!(cpr_interval_holds_no_day(fra, til), none, "{fra:?}–{til:?}");
        }
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
        assert_eq!(validate_unique_name(&x, None, std::slice::from_ref(&other)).unwrap().field.name(), "navn");
        // a new version of the same package may keep its name
        assert!(validate_unique_name(&x, Some("OP-0001"), &[other]).is_none());
    }

    #[test]
    fn package_fields_are_named_as_in_the_draft_and_on_the_wire() {
        for &f in PackageField::ALL {
            assert_eq!(serde_json::to_value(f).unwrap(), serde_json::Value::from(f.name()));
            assert_eq!(PackageField::from_name(f.name()), Some(f));
            assert!(!f.label().is_empty());
            assert_eq!(f.id(), format!("felt-{}", f.name()));
            assert_eq!(f.error_id(), format!("felt-{}-fejl", f.name()));
        }
        assert_eq!(PackageField::from_name("ny_rolle_navn"), None);
        let wire = FieldError::from(PackageField::CprFra.error("x."));
        assert_eq!(serde_json::to_string(&wire).unwrap(), r#"{"field":"cpr_fra","message":"x."}"#);
        assert_eq!(PackageFieldError::from_wire(&wire), Some(PackageField::CprFra.error("x.")));
    }
}
