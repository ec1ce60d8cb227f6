//! The package editor's form as typed, apart from any view: what the admin
//! has entered (text fields as typed, so "1" stays "1" and a half-typed
//! date is not lost), how it becomes a [`PackageDraft`], the validation
//! messages per field (the domain's rules plus the parsing of the typed
//! text), and the field-by-field differences between two drafts used by the
//! history page and by the conflict view.

use crate::format;
use chrono::NaiveDate;
use domain::model::{Kilde, Rolle};
use domain::package::{
    parse_cpr_bound, validate_draft, validate_unique_name, Beloebsgodkendelse, PackageField, PackageFieldError, RelationValg,
    Sagsudsoegning,
};
use domain::templates::Template;
use domain::wire::catalog::{Catalog, CatalogEntry};
use domain::{PackageDraft, PackageFilter, PackageVersion};
use serde::{Deserialize, Serialize};

/// Every field of the editor ([`PackageField`]). Field names are those of
/// [`PackageDraft`] and [`PackageFilter`], so the server's `fields` errors
/// land at the same place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PackageForm {
    pub navn: String,
    pub beskrivelse: String,
    pub opgavetyper: Vec<u16>,
    pub opfoelgningstyper: Vec<u16>,
    /// CPR interval (fra) as typed.
    pub cpr_fra: String,
    /// CPR interval (til) as typed.
    pub cpr_til: String,
    pub sagstyper: Vec<u16>,
    pub pensionstyper: Vec<u16>,
    pub beloebsgodkendelse: Beloebsgodkendelse,
    pub enheder: Vec<u16>,
    pub relation: Option<RelationValg>,
    pub kilder: Vec<Kilde>,
    pub ydelser: Vec<u16>,
    pub sagsudsoegning: Sagsudsoegning,
    pub roller: Vec<i64>,
    pub aendringsaarsag: String,
    /// ISO date as given by `<input type="date">`.
    pub gyldig_fra: String,
    pub gyldig_til: String,
}

impl Default for PackageForm {
    fn default() -> Self {
        PackageForm::with_filter(String::new(), String::new(), PackageFilter::default(), format::today())
    }
}

pub const GYLDIG_FRA_REQUIRED: &str = "Gyldig fra skal udfyldes.";
pub const GYLDIG_FRA_INVALID: &str = "Gyldig fra skal være en gyldig dato, fx 01.02.2026.";
pub const GYLDIG_TIL_INVALID: &str = "Gyldig til skal være en gyldig dato, fx 31.12.2026, eller være tom.";

fn cpr_text(v: Option<u8>) -> String {
    v.map(|n| format!("{n:02}")).unwrap_or_default()
}

impl PackageForm {
    fn with_filter(navn: String, beskrivelse: String, f: PackageFilter, gyldig_fra: NaiveDate) -> PackageForm {
        PackageForm {
            navn,
            beskrivelse,
            opgavetyper: f.opgavetyper,
            opfoelgningstyper: f.opfoelgningstyper,
            cpr_fra: cpr_text(f.cpr_fra),
            cpr_til: cpr_text(f.cpr_til),
            sagstyper: f.sagstyper,
            pensionstyper: f.pensionstyper,
            beloebsgodkendelse: f.beloebsgodkendelse,
            enheder: f.enheder,
            relation: f.relation,
            kilder: f.kilder,
            ydelser: f.ydelser,
            sagsudsoegning: f.sagsudsoegning,
            roller: Vec::new(),
            aendringsaarsag: String::new(),
            gyldig_fra: format::iso(gyldig_fra),
            gyldig_til: String::new(),
        }
    }

    /// A new package: empty, valid from `today`.
    pub fn new(today: NaiveDate) -> PackageForm {
        PackageForm::with_filter(String::new(), String::new(), PackageFilter::default(), today)
    }

    /// A new package from a template ("Opret fra skabelon").
    pub fn from_template(t: &Template, today: NaiveDate) -> PackageForm {
        PackageForm::with_filter(t.navn.clone(), t.beskrivelse.clone(), t.filter.clone(), today)
    }

    /// A new version of `v`, valid from `from` (the editor proposes
    /// tomorrow); the change reason starts empty.
    pub fn from_version(v: &PackageVersion, from: NaiveDate) -> PackageForm {
        let d = &v.draft;
        let mut f = PackageForm::with_filter(d.navn.clone(), d.beskrivelse.clone(), d.filter.clone(), from);
        f.roller = d.roller.clone();
        f.gyldig_til = d.gyldig_til.filter(|til| *til >= from).map(format::iso).unwrap_or_default();
        f
    }

    /// The filter as far as it can be read now: a CPR bound that does not
    /// parse does not restrict (its field shows the error).
    pub fn filter(&self) -> PackageFilter {
        PackageFilter {
            opgavetyper: sorted(&self.opgavetyper),
            opfoelgningstyper: sorted(&self.opfoelgningstyper),
            cpr_fra: parse_cpr_bound(&self.cpr_fra).ok().flatten(),
            cpr_til: parse_cpr_bound(&self.cpr_til).ok().flatten(),
            sagstyper: sorted(&self.sagstyper),
            pensionstyper: sorted(&self.pensionstyper),
            beloebsgodkendelse: self.beloebsgodkendelse,
            enheder: sorted(&self.enheder),
            relation: self.relation,
            kilder: {
                let mut k = self.kilder.clone();
                k.sort();
                k.dedup();
                k
            },
            ydelser: sorted(&self.ydelser),
            sagsudsoegning: self.sagsudsoegning,
        }
    }

    /// The filter fields whose text does not parse, so [`PackageForm::filter`]
    /// leaves them out (the preview says so).
    pub fn unread_filter_fields(&self) -> Vec<PackageField> {
        [(PackageField::CprFra, &self.cpr_fra), (PackageField::CprTil, &self.cpr_til)]
            .into_iter()
            .filter(|(_, text)| parse_cpr_bound(text).is_err())
            .map(|(field, _)| field)
            .collect()
    }

    /// The draft to save, with the dates as far as they parse (a date that
    /// does not parse is reported by [`PackageForm::errors`]).
    pub fn draft_lenient(&self) -> PackageDraft {
        let fra = format::parse_iso(&self.gyldig_fra);
        PackageDraft {
            navn: self.navn.trim().to_owned(),
            beskrivelse: self.beskrivelse.trim().to_owned(),
            filter: self.filter(),
            roller: {
                let mut r = self.roller.clone();
                r.sort_unstable();
                r.dedup();
                r
            },
            aendringsaarsag: self.aendringsaarsag.trim().to_owned(),
            gyldig_fra: fra.unwrap_or_else(format::today),
            gyldig_til: format::parse_iso(&self.gyldig_til),
        }
    }

    /// The draft, if every typed value parses.
    pub fn draft(&self) -> Option<PackageDraft> {
        let parse_ok = parse_cpr_bound(&self.cpr_fra).is_ok()
            && parse_cpr_bound(&self.cpr_til).is_ok()
            && format::parse_iso(&self.gyldig_fra).is_some()
            && (self.gyldig_til.trim().is_empty() || format::parse_iso(&self.gyldig_til).is_some());
        parse_ok.then(|| self.draft_lenient())
    }

    /// All validation messages, in the order of the form: the typed text
    /// that does not parse, then the domain's rules on the draft
    /// ([`validate_draft`], [`validate_unique_name`] against `others`).
    pub fn errors(&self, roles_known: &[i64], own_key: Option<&str>, others: &[PackageVersion]) -> Vec<PackageFieldError> {
        use PackageField as F;
        let mut out = Vec::new();
        for (field, text) in [(F::CprFra, &self.cpr_fra), (F::CprTil, &self.cpr_til)] {
            if let Err(m) = parse_cpr_bound(text) {
                out.push(field.error(m));
            }
        }
        let fra_ok = format::parse_iso(&self.gyldig_fra).is_some();
        if self.gyldig_fra.trim().is_empty() {
            out.push(F::GyldigFra.error(GYLDIG_FRA_REQUIRED));
        } else if !fra_ok {
            out.push(F::GyldigFra.error(GYLDIG_FRA_INVALID));
        }
        let til_ok = self.gyldig_til.trim().is_empty() || format::parse_iso(&self.gyldig_til).is_some();
        if !til_ok {
            out.push(F::GyldigTil.error(GYLDIG_TIL_INVALID));
        }
        let draft = self.draft_lenient();
        for e in validate_draft(&draft, roles_known) {
            // Comparing the dates needs both to parse.
            if e.field == F::GyldigTil && !(fra_ok && til_ok) {
                continue;
            }
            out.push(e);
        }
        if fra_ok && !draft.navn.is_empty() {
            out.extend(validate_unique_name(&draft, own_key, others));
        }
        // The editor's order is the enum's (a stable sort keeps a field's
        // messages in the order above).
        out.sort_by_key(|e| e.field);
        out
    }

    /// The value of one field, to tell whether it changed since the server
    /// reported an error on it.
    pub fn field_value(&self, field: PackageField) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.get(field.name()).map(|x| x.to_string())).unwrap_or_default()
    }
}

fn sorted(v: &[u16]) -> Vec<u16> {
    let mut v = v.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

// ---- differences between two drafts ---------------------------------------

/// One field that differs between two drafts, with both values in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub field: PackageField,
    pub label: &'static str,
    pub before: String,
    pub after: String,
}

const NOTHING_CHOSEN: &str = "Ingen valgt (alle)";

fn names(list: &[CatalogEntry], ids: &[u16]) -> String {
    let chosen: Vec<&str> = list.iter().filter(|e| ids.contains(&e.id)).map(|e| e.navn.as_str()).collect();
    let unknown = ids.iter().filter(|id| !list.iter().any(|e| e.id == **id)).map(|id| format!("(ukendt nr. {id})"));
    let mut all: Vec<String> = chosen.into_iter().map(str::to_owned).collect();
    all.extend(unknown);
    if all.is_empty() {
        NOTHING_CHOSEN.to_owned()
    } else {
        all.join(", ")
    }
}

/// Every field of a draft in words, in the order of the editor (the change
/// reason is the version's own note and not compared).
pub fn describe(d: &PackageDraft, catalog: &Catalog, roles: &[Rolle]) -> Vec<(PackageField, String)> {
    let f = &d.filter;
    let task_types: Vec<CatalogEntry> = catalog.opgavetyper.iter().map(|t| CatalogEntry { id: t.id, navn: t.navn.clone() }).collect();
    let cpr = |v: Option<u8>| v.map_or_else(|| "–".to_owned(), |n| format!("{n:02}"));
    let kilder: Vec<&str> = Kilde::ALL.iter().filter(|k| f.kilder.contains(k)).map(|k| k.label()).collect();
    let roller = {
        let mut named: Vec<String> = roles.iter().filter(|r| d.roller.contains(&r.id)).map(|r| r.navn.clone()).collect();
        named.extend(d.roller.iter().filter(|id| !roles.iter().any(|r| r.id == **id)).map(|id| format!("Rolle nr. {id}")));
        if named.is_empty() {
            "Ingen".to_owned()
        } else {
            named.join(", ")
        }
    };
    let text = |s: &str| if s.trim().is_empty() { "–".to_owned() } else { s.trim().to_owned() };
    use PackageField as F;
    vec![
        (F::Navn, text(&d.navn)),
        (F::Opgavetyper, names(&task_types, &f.opgavetyper)),
        (F::Opfoelgningstyper, names(&catalog.opfoelgningstyper, &f.opfoelgningstyper)),
        (F::CprFra, cpr(f.cpr_fra)),
        (F::CprTil, cpr(f.cpr_til)),
        (F::Sagstyper, names(&catalog.sagstyper, &f.sagstyper)),
        (F::Pensionstyper, names(&catalog.pensionstyper, &f.pensionstyper)),
        (F::Beloebsgodkendelse, f.beloebsgodkendelse.label().to_owned()),
        (F::Enheder, names(&catalog.enheder, &f.enheder)),
        (F::Relation, f.relation.map_or_else(|| "Ikke valgt".to_owned(), |r| r.label().to_owned())),
        (F::Kilder, if kilder.is_empty() { NOTHING_CHOSEN.to_owned() } else { kilder.join(", ") }),
        (F::Ydelser, names(&catalog.ydelser, &f.ydelser)),
        (F::Sagsudsoegning, f.sagsudsoegning.label().to_owned()),
        (F::Beskrivelse, text(&d.beskrivelse)),
        (F::Roller, roller),
        (F::GyldigFra, format::date(d.gyldig_fra)),
        (F::GyldigTil, format::date_or_dash(d.gyldig_til)),
    ]
}

/// What a version changed against the one before it, as the history shows
/// it: [`changes`], except that a previous version ending the day before
/// this one starts counts as open-ended (saving this version gave it that
/// end; the admin did not).
pub fn version_changes(previous: &PackageDraft, version: &PackageDraft, catalog: &Catalog, roles: &[Rolle]) -> Vec<Change> {
    let mut before = previous.clone();
    if before.gyldig_til.is_some() && before.gyldig_til == version.gyldig_fra.pred_opt() {
        before.gyldig_til = None;
    }
    changes(&before, version, catalog, roles)
}

/// The fields that differ from `before` to `after`, in the editor's order.
pub fn changes(before: &PackageDraft, after: &PackageDraft, catalog: &Catalog, roles: &[Rolle]) -> Vec<Change> {
    describe(before, catalog, roles)
        .into_iter()
        .zip(describe(after, catalog, roles))
        .filter(|(a, b)| a.1 != b.1)
        .map(|(a, b)| Change { field: a.0, label: a.0.label(), before: a.1, after: b.1 })
        .collect()
}
