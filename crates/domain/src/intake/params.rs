//! The system parameters intake reads (seed 001: "Formular dokumentkategori
//! mapning", "Indstillinger for automatisk sagsbehandling"; seed 002 §2,
//! §3.5: "Hændelsesabonnement", the formue limit). Each is a temporal
//! parameter like a task package: versions with Ændringsårsag, Gyldig
//! fra/til that never overlap ([`crate::wire::parameters`]); intake reads the
//! values valid on the day it receives something: [`SystemParameters`] is the
//! defaults overlaid with those versions ([`SystemParameters::with`]).

use crate::casework::documents::{form_type, name_and_category, DocumentEdit, FORM_MAPPINGS};
use crate::catalog;
use crate::package::FieldError;
use serde::{Deserialize, Serialize};

/// The wire types of a parameter version, here too because the contract
/// names them with the parameters.
pub use crate::wire::parameters::{ParameterDraft, ParameterVersion};

/// Which system parameter. The `snake_case` name is also its path segment
/// (`/api/parameters/{key}`) and the `noegle` of a [`ParameterValue`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ParameterKey {
    FormularDokumentkategoriMapning,
    AutomatiskSagsbehandling,
    Haendelsesabonnement,
    Formuegraense,
}

impl ParameterKey {
    pub const ALL: &'static [ParameterKey] = &[
        ParameterKey::FormularDokumentkategoriMapning,
        ParameterKey::AutomatiskSagsbehandling,
        ParameterKey::Haendelsesabonnement,
        ParameterKey::Formuegraense,
    ];

    /// The path segment and serde name.
    pub fn name(self) -> &'static str {
        match self {
            ParameterKey::FormularDokumentkategoriMapning => "formular_dokumentkategori_mapning",
            ParameterKey::AutomatiskSagsbehandling => "automatisk_sagsbehandling",
            ParameterKey::Haendelsesabonnement => "haendelsesabonnement",
            ParameterKey::Formuegraense => "formuegraense",
        }
    }

    pub fn from_name(name: &str) -> Option<ParameterKey> {
        ParameterKey::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// The name on "Systemparameter – Søgning".
    pub fn label(self) -> &'static str {
        match self {
            ParameterKey::FormularDokumentkategoriMapning => "Formular dokumentkategori mapning",
            ParameterKey::AutomatiskSagsbehandling => "Indstillinger for automatisk sagsbehandling",
            ParameterKey::Haendelsesabonnement => "Hændelsesabonnement",
            ParameterKey::Formuegraense => "Formuegrænse for helbredstillæg",
        }
    }
}

/// One row of "Formular dokumentkategori mapning": documents whose form
/// type ([`form_type`]) is `formular` get the name `navn` and the category
/// `kategori` when attached to a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MappingRow {
    pub formular: String,
    pub navn: String,
    /// Document category id.
    pub kategori: u16,
}

/// One row of "Hændelsesabonnement": whether follow-up tasks of a type are
/// made in this municipality.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Subscription {
    /// Follow-up type id.
    pub opfoelgningstype: u16,
    pub aktiv: bool,
}

/// The value of one version of a parameter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "noegle", content = "vaerdi", rename_all = "snake_case")]
pub enum ParameterValue {
    FormularDokumentkategoriMapning(Vec<MappingRow>),
    /// The sagstyper with automatic processing on.
    AutomatiskSagsbehandling(Vec<u16>),
    Haendelsesabonnement(Vec<Subscription>),
    /// The formue limit, in øre.
    Formuegraense(i64),
}

impl ParameterValue {
    pub fn key(&self) -> ParameterKey {
        match self {
            ParameterValue::FormularDokumentkategoriMapning(_) => ParameterKey::FormularDokumentkategoriMapning,
            ParameterValue::AutomatiskSagsbehandling(_) => ParameterKey::AutomatiskSagsbehandling,
            ParameterValue::Haendelsesabonnement(_) => ParameterKey::Haendelsesabonnement,
            ParameterValue::Formuegraense(_) => ParameterKey::Formuegraense,
        }
    }
}

/// The formue limit of [`SystemParameters::default`]: 94.800,00 kr. A demo
/// figure, not the legal limit of any year.
pub const DEFAULT_FORMUEGRAENSE_OERE: i64 = 9_480_000;

/// Every parameter intake reads, as valid on one day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemParameters {
    pub mapning: Vec<MappingRow>,
    /// Sagstyper with automatic processing on.
    pub automatisk: Vec<u16>,
    pub abonnement: Vec<Subscription>,
    pub formuegraense_oere: i64,
}

impl Default for SystemParameters {
    /// Today's behaviour with no version saved: the built-in mapping
    /// ([`FORM_MAPPINGS`]), no automatic processing, every follow-up type
    /// subscribed, and the demo formue limit [`DEFAULT_FORMUEGRAENSE_OERE`].
    fn default() -> SystemParameters {
        SystemParameters {
            mapning: FORM_MAPPINGS
                .iter()
                .map(|m| MappingRow { formular: m.formular.to_owned(), navn: m.navn.to_owned(), kategori: m.kategori })
                .collect(),
            automatisk: Vec::new(),
            abonnement: (1..=catalog::FOLLOWUP_TYPES.len() as u16)
                .map(|opfoelgningstype| Subscription { opfoelgningstype, aktiv: true })
                .collect(),
            formuegraense_oere: DEFAULT_FORMUEGRAENSE_OERE,
        }
    }
}

impl SystemParameters {
    /// Replaces the parameter `value` is a value of.
    pub fn with(&mut self, value: ParameterValue) {
        match value {
            ParameterValue::FormularDokumentkategoriMapning(rows) => self.mapning = rows,
            ParameterValue::AutomatiskSagsbehandling(types) => self.automatisk = types,
            ParameterValue::Haendelsesabonnement(subs) => self.abonnement = subs,
            ParameterValue::Formuegraense(oere) => self.formuegraense_oere = oere,
        }
    }

    /// The current value of one parameter (what its editor starts from).
    pub fn value(&self, key: ParameterKey) -> ParameterValue {
        match key {
            ParameterKey::FormularDokumentkategoriMapning => ParameterValue::FormularDokumentkategoriMapning(self.mapning.clone()),
            ParameterKey::AutomatiskSagsbehandling => ParameterValue::AutomatiskSagsbehandling(self.automatisk.clone()),
            ParameterKey::Haendelsesabonnement => ParameterValue::Haendelsesabonnement(self.abonnement.clone()),
            ParameterKey::Formuegraense => ParameterValue::Formuegraense(self.formuegraense_oere),
        }
    }

    /// "Indstillinger for automatisk sagsbehandling": is automatic processing
    /// on for this sagstype (seed 001, "Automatisk sagsbehandling")?
    pub fn is_automatic(&self, sagstype: u16) -> bool {
        self.automatisk.contains(&sagstype)
    }

    /// "Hændelsesabonnement": are follow-up tasks of this type made? A type
    /// without a row is on (seed 002 §2: a municipality overrides the
    /// subscription to switch a type off).
    pub fn subscribed(&self, followup_type: u16) -> bool {
        self.abonnement.iter().find(|s| s.opfoelgningstype == followup_type).is_none_or(|s| s.aktiv)
    }

    /// The mapping row for a document name, if its form type has one.
    pub fn mapping_for(&self, navn: &str) -> Option<&MappingRow> {
        let key = form_type(navn);
        self.mapning.iter().find(|m| form_type(&m.formular) == key)
    }

    /// Name and category a document gets when attached to a case by this
    /// mapping; a document without a row keeps its name and no category.
    pub fn name_on_case(&self, navn: &str) -> (String, Option<u16>) {
        match self.mapping_for(navn) {
            Some(m) => (m.navn.clone(), Some(m.kategori)),
            None => (navn.to_owned(), None),
        }
    }

    /// [`crate::casework::documents::document_on_case`] with this mapping:
    /// the caseworker's rename/category first, then the mapping row, then
    /// the document's own name without a category.
    pub fn document_on_case(&self, doc: &crate::model::Dokument, edit: Option<&DocumentEdit>) -> (String, Option<u16>) {
        name_and_category(doc, edit, self.mapping_for(&doc.navn).map(|m| (m.navn.as_str(), m.kategori)))
    }
}

/// Longest form type or name in a mapping row.
pub const MAX_MAPPING_TEXT_CHARS: usize = 200;

/// The field name a [`FieldError`] of [`check_value`] carries: `vaerdi`
/// (the formue limit), `vaerdi.{row}` (a sagstype of automatic processing)
/// or `vaerdi.{row}.{column}` (`formular`, `navn`, `kategori`,
/// `opfoelgningstype`); rows count from 0.
pub fn value_field(row: Option<usize>, column: Option<&str>) -> String {
    match (row, column) {
        (None, _) => "vaerdi".to_owned(),
        (Some(i), None) => format!("vaerdi.{i}"),
        (Some(i), Some(c)) => format!("vaerdi.{i}.{c}"),
    }
}

fn error(field: String, message: impl Into<String>) -> FieldError {
    FieldError { field, message: message.into() }
}

/// Checks a parameter value before it is saved; every broken rule gives one
/// Danish message at its field ([`value_field`]):
///
/// - mapping: each row's form type and name are 1–200 characters, its
///   category is in the catalogue, and no form type appears twice (form
///   types compare as [`form_type`] reads a document name);
/// - automatic processing: each sagstype is in the catalogue, is not
///   Henvendelsessag (no application starts one), and appears once;
/// - subscription: each follow-up type is in the catalogue and appears once;
/// - formue limit: not negative;
/// - a list has at most `limits::MAX_LIST_LEN` rows.
pub fn check_value(value: &ParameterValue) -> Result<(), Vec<FieldError>> {
    let rows = match value {
        ParameterValue::FormularDokumentkategoriMapning(rows) => rows.len(),
        ParameterValue::AutomatiskSagsbehandling(types) => types.len(),
        ParameterValue::Haendelsesabonnement(subs) => subs.len(),
        ParameterValue::Formuegraense(_) => 0,
    };
    // Checked first: the checks below compare each row with those before it.
    if rows > crate::limits::MAX_LIST_LEN {
        return Err(vec![error(value_field(None, None), crate::limits::LIST_TOO_LONG)]);
    }
    let mut out = Vec::new();
    match value {
        ParameterValue::FormularDokumentkategoriMapning(rows) => {
            let mut seen: Vec<String> = Vec::new();
            for (i, row) in rows.iter().enumerate() {
                for (column, text, what) in [("formular", &row.formular, "Formular"), ("navn", &row.navn, "Dokumentnavn")] {
                    let n = text.trim().chars().count();
                    if n == 0 {
                        out.push(error(value_field(Some(i), Some(column)), format!("{what} skal udfyldes.")));
                    } else if n > MAX_MAPPING_TEXT_CHARS {
                        out.push(error(value_field(Some(i), Some(column)), format!("{what} må højst være 200 tegn.")));
                    }
                }
                if catalog::name_of(catalog::DOCUMENT_CATEGORIES, row.kategori).is_none() {
                    out.push(error(value_field(Some(i), Some("kategori")), "Vælg en dokumentkategori fra listen."));
                }
                let key = form_type(&row.formular);
                if !key.is_empty() && seen.contains(&key) {
                    out.push(error(
                        value_field(Some(i), Some("formular")),
                        format!("Formularen »{}« står der allerede.", row.formular.trim()),
                    ));
                }
                seen.push(key);
            }
        }
        ParameterValue::AutomatiskSagsbehandling(types) => {
            for (i, &t) in types.iter().enumerate() {
                if catalog::name_of(catalog::CASE_TYPES, t).is_none() {
                    out.push(error(value_field(Some(i), None), format!("Sagstypen {t} findes ikke.")));
                } else if t == catalog::case_type::HENVENDELSESSAG {
                    out.push(error(value_field(Some(i), None), "Henvendelsessager kan ikke behandles automatisk."));
                } else if types[..i].contains(&t) {
                    out.push(error(value_field(Some(i), None), "Sagstypen står der allerede."));
                }
            }
        }
        ParameterValue::Haendelsesabonnement(subs) => {
            for (i, s) in subs.iter().enumerate() {
                let field = value_field(Some(i), Some("opfoelgningstype"));
                if catalog::name_of(catalog::FOLLOWUP_TYPES, s.opfoelgningstype).is_none() {
                    out.push(error(field, format!("Opfølgningsopgavetypen {} findes ikke.", s.opfoelgningstype)));
                } else if subs[..i].iter().any(|o| o.opfoelgningstype == s.opfoelgningstype) {
                    out.push(error(field, "Opfølgningsopgavetypen står der allerede."));
                }
            }
        }
        ParameterValue::Formuegraense(oere) => {
            if *oere < 0 {
                out.push(error(value_field(None, None), "Formuegrænsen kan ikke være negativ."));
            }
        }
    }
    if out.is_empty() {
        Ok(())
    } else {
        Err(out)
    }
}

/// Longest Ændringsårsag.
pub const MAX_REASON_CHARS: usize = crate::limits::MAX_REASON_CHARS;

/// Checks a whole draft for `POST /api/parameters/{key}`: the value is one of
/// `key` (field `vaerdi`) and passes [`check_value`]; Ændringsårsag is
/// 1–2000 characters; Gyldig til is not before Gyldig fra. (That versions of
/// one key never overlap is the store's rule, as for packages.)
pub fn check_draft(key: ParameterKey, draft: &ParameterDraft) -> Result<(), Vec<FieldError>> {
    let mut out = Vec::new();
    if draft.value.key() != key {
        out.push(error(value_field(None, None), format!("Værdien hører ikke til parameteren »{}«.", key.label())));
    } else if let Err(e) = check_value(&draft.value) {
        out.extend(e);
    }
    if draft.aendringsaarsag.trim().is_empty() {
        out.push(error("aendringsaarsag".into(), "Ændringsårsag skal udfyldes."));
    } else if draft.aendringsaarsag.chars().count() > MAX_REASON_CHARS {
        out.push(error("aendringsaarsag".into(), "Ændringsårsag må højst være 2000 tegn."));
    }
    if !crate::limits::plausible_date(draft.gyldig_fra) {
        out.push(error("gyldig_fra".into(), crate::limits::DATE_OUT_OF_RANGE));
    }
    if draft.gyldig_til.is_some_and(|til| !crate::limits::plausible_date(til)) {
        out.push(error("gyldig_til".into(), crate::limits::DATE_OUT_OF_RANGE));
    } else if draft.gyldig_til.is_some_and(|til| til < draft.gyldig_fra) {
        out.push(error("gyldig_til".into(), crate::package::GYLDIG_TIL_FOER_FRA));
    }
    if out.is_empty() {
        Ok(())
    } else {
        Err(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{case_type, doc_category, followup_type};
    use chrono::NaiveDate;

    fn messages(v: &ParameterValue) -> Vec<(String, String)> {
        check_value(v).err().unwrap_or_default().into_iter().map(|e| (e.field, e.message)).collect()
    }
    fn row(formular: &str, navn: &str, kategori: u16) -> MappingRow {
        MappingRow { formular: formular.into(), navn: navn.into(), kategori }
    }

    #[test]
    fn defaults_are_todays_behaviour() {
        let p = SystemParameters::default();
        assert_eq!(p.mapning.len(), FORM_MAPPINGS.len());
        assert_eq!(p.name_on_case("Ansøgning (selvbetjening).pdf"), ("Ansøgning".into(), Some(doc_category::ANSOEGNING)));
        assert_eq!(p.name_on_case("Anmodning om refusion (selvbetjening).pdf"), ("Anmodning om refusion (selvbetjening).pdf".into(), None));
        assert!(case_type_ids().all(|t| !p.is_automatic(t)));
        assert!((1..=catalog::FOLLOWUP_TYPES.len() as u16).all(|f| p.subscribed(f)));
        assert_eq!(p.formuegraense_oere, 9_480_000);
        assert_eq!(check_value(&p.value(ParameterKey::FormularDokumentkategoriMapning)), Ok(()));
        assert_eq!(check_value(&p.value(ParameterKey::Haendelsesabonnement)), Ok(()));
    }

    fn case_type_ids() -> impl Iterator<Item = u16> {
        1..=catalog::CASE_TYPES.len() as u16
    }

    #[test]
    fn with_replaces_one_parameter() {
        let mut p = SystemParameters::default();
        p.with(ParameterValue::AutomatiskSagsbehandling(vec![case_type::ALM_HELBREDSTILLAEG]));
        assert!(p.is_automatic(case_type::ALM_HELBREDSTILLAEG) && !p.is_automatic(case_type::UDVIDET_HELBREDSTILLAEG));
        p.with(ParameterValue::Haendelsesabonnement(vec![Subscription { opfoelgningstype: followup_type::FORMUE_AENDRET, aktiv: false }]));
        assert!(!p.subscribed(followup_type::FORMUE_AENDRET));
        assert!(p.subscribed(followup_type::FORMUE_OVER_GRAENSEN), "a type without a row is on");
        p.with(ParameterValue::FormularDokumentkategoriMapning(vec![row("Anmodning om refusion", "Refusion", doc_category::FAKTURA)]));
        assert_eq!(p.name_on_case("Anmodning om refusion (selvbetjening).pdf"), ("Refusion".into(), Some(doc_category::FAKTURA)));
        assert_eq!(p.name_on_case("Ansøgning (selvbetjening).pdf").1, None);
        let doc = crate::model::Dokument {
            id: 1,
            navn: "Anmodning om refusion (selvbetjening).pdf".into(),
            format: crate::model::DokumentFormat::Pdf,
            kategori: None,
            modtaget: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        };
        assert_eq!(p.document_on_case(&doc, None), ("Refusion".into(), Some(doc_category::FAKTURA)));
        let edit = DocumentEdit { dokument_id: 1, navn: Some(" Regning ".into()), kategori: None };
        assert_eq!(p.document_on_case(&doc, Some(&edit)), ("Regning".into(), Some(doc_category::FAKTURA)));
        p.with(ParameterValue::Formuegraense(0));
        assert_eq!(p.formuegraense_oere, 0);
        for &k in ParameterKey::ALL {
            assert_eq!(p.value(k).key(), k);
            assert_eq!(ParameterKey::from_name(k.name()), Some(k));
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.name()));
        }
    }

    #[test]
    fn value_rules() {
        let v = ParameterValue::FormularDokumentkategoriMapning(vec![
            row("ansøgning", "Ansøgning", doc_category::ANSOEGNING),
            row(" ", "x", doc_category::ANSOEGNING),
            row("lægeerklæring", "", 0),
            row("Ansøgning", "Ansøgning igen", 99),
            row(&"f".repeat(201), "ok", 1),
        ]);
        assert_eq!(
            messages(&v),
            vec![
                ("vaerdi.1.formular".into(), "Formular skal udfyldes.".into()),
                ("vaerdi.2.navn".into(), "Dokumentnavn skal udfyldes.".into()),
                ("vaerdi.2.kategori".into(), "Vælg en dokumentkategori fra listen.".into()),
                ("vaerdi.3.kategori".into(), "Vælg en dokumentkategori fra listen.".into()),
                ("vaerdi.3.formular".into(), "Formularen »Ansøgning« står der allerede.".into()),
                ("vaerdi.4.formular".into(), "Formular må højst være 200 tegn.".into()),
            ]
        );
        let v = ParameterValue::AutomatiskSagsbehandling(vec![3, 0, 7, 3, 99]);
        assert_eq!(
            messages(&v),
            vec![
                ("vaerdi.1".into(), "Sagstypen 0 findes ikke.".into()),
                ("vaerdi.2".into(), "Henvendelsessager kan ikke behandles automatisk.".into()),
                ("vaerdi.3".into(), "Sagstypen står der allerede.".into()),
                ("vaerdi.4".into(), "Sagstypen 99 findes ikke.".into()),
            ]
        );
        let sub = |opfoelgningstype| Subscription { opfoelgningstype, aktiv: true };
        assert_eq!(
            messages(&ParameterValue::Haendelsesabonnement(vec![sub(1), sub(1), sub(0)])),
            vec![
                ("vaerdi.1.opfoelgningstype".into(), "Opfølgningsopgavetypen står der allerede.".into()),
                ("vaerdi.2.opfoelgningstype".into(), "Opfølgningsopgavetypen 0 findes ikke.".into()),
            ]
        );
        assert_eq!(check_value(&ParameterValue::Formuegraense(0)), Ok(()));
        assert_eq!(messages(&ParameterValue::Formuegraense(-1)), vec![("vaerdi".into(), "Formuegrænsen kan ikke være negativ.".into())]);
        assert_eq!(check_value(&ParameterValue::AutomatiskSagsbehandling(vec![])), Ok(()));
    }

    #[test]
    fn draft_rules_and_wire_shape() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let mut d = ParameterDraft {
            value: ParameterValue::Formuegraense(100),
            aendringsaarsag: "Ny grænse".into(),
            gyldig_fra: day(2),
            gyldig_til: Some(day(2)),
        };
        assert_eq!(check_draft(ParameterKey::Formuegraense, &d), Ok(()));
        let fields = |d: &ParameterDraft, k| check_draft(k, d).unwrap_err().into_iter().map(|e| e.field).collect::<Vec<_>>();
        assert_eq!(fields(&d, ParameterKey::AutomatiskSagsbehandling), vec!["vaerdi"]);
        d.aendringsaarsag = " ".into();
        d.gyldig_til = Some(day(1));
        d.value = ParameterValue::Formuegraense(-5);
        assert_eq!(fields(&d, ParameterKey::Formuegraense), vec!["vaerdi", "aendringsaarsag", "gyldig_til"]);
        let json = serde_json::json!({
            "id": 3, "value": {"noegle": "automatisk_sagsbehandling", "vaerdi": [3, 4]},
            "aendringsaarsag": "x", "gyldig_fra": "2026-12-01", "gyldig_til": null,
            "oprettet": "2026-12-01T10:00:00Z", "oprettet_af": "admin"
        });
        let v: ParameterVersion = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(v.draft.value, ParameterValue::AutomatiskSagsbehandling(vec![3, 4]));
        assert_eq!(serde_json::to_value(&v).unwrap(), json);
        assert!(v.valid_at(day(1)) && v.valid_at(day(31)));
    }
}
