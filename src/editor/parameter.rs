//! A system parameter's form as typed, apart from any view: the value in
//! the shape its editor shows (rows of the mapping, checked sagstyper,
//! checked follow-up types, the formue limit as typed in kroner), the
//! version's Ændringsårsag and Gyldig fra/til as typed; how it becomes a
//! [`ParameterDraft`]; its messages per field (the typed text that does not
//! parse, then the domain's [`check_draft`]); and a value in words for the
//! conflict view.

use crate::editor::form::{GYLDIG_FRA_INVALID, GYLDIG_FRA_REQUIRED, GYLDIG_TIL_INVALID};
use crate::format;
use chrono::NaiveDate;
use domain::casework::wizards::parse_kroner;
use domain::intake::events::EVENT_FOLLOWUP_TYPES;
use domain::intake::{check_draft, MappingRow, ParameterDraft, ParameterKey, ParameterValue, Subscription, SystemParameters};
use domain::package::FieldError;
use domain::wire::catalog::{Catalog, CatalogEntry};
use serde::{Deserialize, Serialize};

/// One row of "Formular dokumentkategori mapning" as typed. `id` is the
/// row's own, stable while rows are added and removed (its DOM ids).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowForm {
    pub id: u32,
    pub formular: String,
    pub navn: String,
    /// `None` until a category is chosen.
    pub kategori: Option<u16>,
}

/// The value as its editor shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ValueForm {
    Mapning {
        rows: Vec<RowForm>,
        next_id: u32,
    },
    /// The sagstyper with automatic processing on.
    Automatisk(Vec<u16>),
    /// The follow-up types subscribed to (checked).
    Abonnement(Vec<u16>),
    /// Kroner as typed, e.g. `94.800,00`.
    Formuegraense(String),
}

/// A column of the mapping table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowColumn {
    Formular,
    Navn,
    Kategori,
}

impl RowColumn {
    pub const ALL: [RowColumn; 3] = [RowColumn::Formular, RowColumn::Navn, RowColumn::Kategori];

    /// The wire name of the column (a field of [`MappingRow`]).
    pub fn name(self) -> &'static str {
        match self {
            RowColumn::Formular => "formular",
            RowColumn::Navn => "navn",
            RowColumn::Kategori => "kategori",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RowColumn::Formular => "Formular",
            RowColumn::Navn => "Navn",
            RowColumn::Kategori => "Kategori",
        }
    }
}

/// A place in the form a message belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ParamField {
    /// The value as a whole (the checkbox group, the kroner field, or the
    /// mapping table when the message names no row).
    Vaerdi,
    /// One cell of the mapping: the row's own id and the column.
    Row(u32, RowColumn),
    Aendringsaarsag,
    GyldigFra,
    GyldigTil,
}

impl ParamField {
    /// The field's DOM id: `felt-vaerdi`, `felt-mapning-3-navn`, `felt-gyldig_fra` …
    pub fn dom_id(self) -> String {
        match self {
            ParamField::Row(id, c) => format!("felt-mapning-{id}-{}", c.name()),
            other => domain::package::field_dom_id(other.name()),
        }
    }

    /// The DOM id of its message.
    pub fn error_id(self) -> String {
        format!("{}-fejl", self.dom_id())
    }

    /// The name used in the DOM ids of the fixed fields.
    fn name(self) -> &'static str {
        match self {
            ParamField::Vaerdi | ParamField::Row(..) => "vaerdi",
            ParamField::Aendringsaarsag => "aendringsaarsag",
            ParamField::GyldigFra => "gyldig_fra",
            ParamField::GyldigTil => "gyldig_til",
        }
    }
}

/// A message at one place of the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError {
    pub field: ParamField,
    pub message: String,
}

/// The form of one parameter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParameterForm {
    pub value: ValueForm,
    pub aendringsaarsag: String,
    /// ISO dates as given by `<input type="date">`.
    pub gyldig_fra: String,
    pub gyldig_til: String,
}

pub const KATEGORI_REQUIRED: &str = "Vælg en dokumentkategori.";

/// "94.800,00" for 9 480 000 øre: the kroner field's text.
pub fn kroner_text(oere: i64) -> String {
    format::kroner(oere).trim_end_matches(" kr.").to_owned()
}

impl ValueForm {
    /// The form of a stored value.
    pub fn of(value: &ParameterValue, followup_ids: &[u16]) -> ValueForm {
        match value {
            ParameterValue::FormularDokumentkategoriMapning(rows) => ValueForm::Mapning {
                rows: rows
                    .iter()
                    .enumerate()
                    .map(|(i, r)| RowForm {
                        id: i as u32 + 1,
                        formular: r.formular.clone(),
                        navn: r.navn.clone(),
                        kategori: Some(r.kategori),
                    })
                    .collect(),
                next_id: rows.len() as u32 + 1,
            },
            ParameterValue::AutomatiskSagsbehandling(types) => ValueForm::Automatisk(sorted(types)),
            // Absent from the list = subscribed.
            ParameterValue::Haendelsesabonnement(subs) => ValueForm::Abonnement(
                followup_ids.iter().copied().filter(|id| subs.iter().find(|s| s.opfoelgningstype == *id).is_none_or(|s| s.aktiv)).collect(),
            ),
            ParameterValue::Formuegraense(oere) => ValueForm::Formuegraense(kroner_text(*oere)),
        }
    }

    /// The value, when every typed part parses; otherwise the messages of
    /// the parts that do not. `followup_ids` are the catalogue's follow-up
    /// types: each gets a subscription, on or off.
    pub fn value(&self, followup_ids: &[u16]) -> Result<ParameterValue, Vec<ParamError>> {
        match self {
            ValueForm::Mapning { rows, .. } => {
                let missing: Vec<ParamError> = rows
                    .iter()
                    .filter(|r| r.kategori.is_none())
                    .map(|r| ParamError { field: ParamField::Row(r.id, RowColumn::Kategori), message: KATEGORI_REQUIRED.to_owned() })
                    .collect();
                if !missing.is_empty() {
                    return Err(missing);
                }
                Ok(ParameterValue::FormularDokumentkategoriMapning(mapping_rows(rows)))
            }
            ValueForm::Automatisk(types) => Ok(ParameterValue::AutomatiskSagsbehandling(sorted(types))),
            ValueForm::Abonnement(on) => Ok(ParameterValue::Haendelsesabonnement(
                followup_ids.iter().map(|&id| Subscription { opfoelgningstype: id, aktiv: on.contains(&id) }).collect(),
            )),
            ValueForm::Formuegraense(text) => parse_kroner(text)
                .map(ParameterValue::Formuegraense)
                .map_err(|m| vec![ParamError { field: ParamField::Vaerdi, message: m.to_owned() }]),
        }
    }

    /// The mapping as far as it is filled in, a row without a category kept
    /// in its place (with none): so the domain's rules on the other cells
    /// (a formular twice, an empty name) are heard at the same "Gem" as the
    /// missing category. None for the other parameters.
    fn lenient(&self) -> Option<ParameterValue> {
        let ValueForm::Mapning { rows, .. } = self else { return None };
        Some(ParameterValue::FormularDokumentkategoriMapning(mapping_rows(rows)))
    }

    /// Whether the mapping row `id` has no category chosen.
    fn lacks_category(&self, id: u32) -> bool {
        matches!(self, ValueForm::Mapning { rows, .. } if rows.iter().any(|r| r.id == id && r.kategori.is_none()))
    }

    /// Adds an empty row to the mapping; its id.
    pub fn add_row(&mut self) -> Option<u32> {
        let ValueForm::Mapning { rows, next_id } = self else { return None };
        let id = *next_id;
        *next_id += 1;
        rows.push(RowForm { id, formular: String::new(), navn: String::new(), kategori: None });
        Some(id)
    }

    /// Removes the mapping row `id`.
    pub fn remove_row(&mut self, id: u32) {
        if let ValueForm::Mapning { rows, .. } = self {
            rows.retain(|r| r.id != id);
        }
    }

    /// The mapping's rows (empty for the other values).
    pub fn rows(&self) -> &[RowForm] {
        match self {
            ValueForm::Mapning { rows, .. } => rows,
            _ => &[],
        }
    }

    /// The mapping row `id`, to edit it.
    pub fn row_mut(&mut self, id: u32) -> Option<&mut RowForm> {
        match self {
            ValueForm::Mapning { rows, .. } => rows.iter_mut().find(|r| r.id == id),
            _ => None,
        }
    }

    /// The checked ids of a checkbox value (empty for the others).
    pub fn checked(&self) -> &[u16] {
        match self {
            ValueForm::Automatisk(v) | ValueForm::Abonnement(v) => v,
            _ => &[],
        }
    }

    /// Checks or unchecks `id` in a checkbox value.
    pub fn toggle(&mut self, id: u16, on: bool) {
        if let ValueForm::Automatisk(v) | ValueForm::Abonnement(v) = self {
            v.retain(|x| *x != id);
            if on {
                v.push(id);
                v.sort_unstable();
            }
        }
    }
}

fn sorted(v: &[u16]) -> Vec<u16> {
    let mut v = v.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

impl ParameterForm {
    /// A new version of `value` valid from `from` (the editor proposes
    /// tomorrow when there is a version, today when there is none), until
    /// `til` if that is not before `from`; the change reason starts empty.
    pub fn new(value: &ParameterValue, followup_ids: &[u16], from: NaiveDate, til: Option<NaiveDate>) -> ParameterForm {
        ParameterForm {
            value: ValueForm::of(value, followup_ids),
            aendringsaarsag: String::new(),
            gyldig_fra: format::iso(from),
            gyldig_til: til.filter(|t| *t >= from).map(format::iso).unwrap_or_default(),
        }
    }

    /// The draft, when every typed part parses.
    pub fn draft(&self, followup_ids: &[u16]) -> Option<ParameterDraft> {
        let value = self.value.value(followup_ids).ok()?;
        let gyldig_fra = format::parse_iso(&self.gyldig_fra)?;
        let gyldig_til = if self.gyldig_til.trim().is_empty() { None } else { Some(format::parse_iso(&self.gyldig_til)?) };
        Some(ParameterDraft { value, aendringsaarsag: self.aendringsaarsag.trim().to_owned(), gyldig_fra, gyldig_til })
    }

    /// Every message, in the order of the form: the typed text that does
    /// not parse (kroner, a row without a category, the dates), then the
    /// domain's rules on the draft ([`check_draft`]: the value's
    /// [`check_value`](domain::intake::check_value), Ændringsårsag, the period).
    pub fn errors(&self, key: ParameterKey, followup_ids: &[u16]) -> Vec<ParamError> {
        let mut out = Vec::new();
        // The value to check the domain's rules on: as it parses, or (the
        // mapping) as far as it is filled in; none for a value that does not
        // parse yet, which is checked as the default with its messages skipped.
        let checked = match self.value.value(followup_ids) {
            Ok(v) => Some(v),
            Err(parse) => {
                out.extend(parse);
                self.value.lenient()
            }
        };
        let value_checked = checked.is_some();
        let fra = format::parse_iso(&self.gyldig_fra);
        if self.gyldig_fra.trim().is_empty() {
            out.push(ParamError { field: ParamField::GyldigFra, message: GYLDIG_FRA_REQUIRED.to_owned() });
        } else if fra.is_none() {
            out.push(ParamError { field: ParamField::GyldigFra, message: GYLDIG_FRA_INVALID.to_owned() });
        }
        let til_empty = self.gyldig_til.trim().is_empty();
        let til = format::parse_iso(&self.gyldig_til);
        if !til_empty && til.is_none() {
            out.push(ParamError { field: ParamField::GyldigTil, message: GYLDIG_TIL_INVALID.to_owned() });
        }
        // The domain's rules on the draft as far as it parses.
        let draft = ParameterDraft {
            value: checked.unwrap_or_else(|| SystemParameters::default().value(key)),
            aendringsaarsag: self.aendringsaarsag.trim().to_owned(),
            gyldig_fra: fra.unwrap_or_else(format::today),
            gyldig_til: til,
        };
        let dates_ok = fra.is_some() && (til_empty || til.is_some());
        if let Err(list) = check_draft(key, &draft) {
            for e in list.iter().map(|e| self.place(key, e)) {
                let about_value = matches!(e.field, ParamField::Vaerdi | ParamField::Row(..));
                // A missing category has its own message already.
                let unset_category = matches!(e.field, ParamField::Row(id, RowColumn::Kategori) if self.value.lacks_category(id));
                if (about_value && !value_checked) || unset_category || (e.field == ParamField::GyldigTil && !dates_ok) || out.contains(&e)
                {
                    continue;
                }
                out.push(e);
            }
        }
        out.sort_by_key(|e| self.order(e.field));
        out
    }

    /// A field's place in the form, top to bottom.
    fn order(&self, field: ParamField) -> usize {
        match field {
            ParamField::Vaerdi => 0,
            ParamField::Row(id, column) => {
                let row = self.value.rows().iter().position(|r| r.id == id).unwrap_or(0);
                1 + row * 3 + RowColumn::ALL.iter().position(|c| *c == column).unwrap_or(0)
            }
            ParamField::Aendringsaarsag => usize::MAX - 2,
            ParamField::GyldigFra => usize::MAX - 1,
            ParamField::GyldigTil => usize::MAX,
        }
    }

    /// The value of one field, to tell whether it changed since the server
    /// reported a message at it.
    pub fn field_value(&self, field: ParamField) -> String {
        match field {
            ParamField::Vaerdi => serde_json::to_string(&self.value).unwrap_or_default(),
            ParamField::Row(id, column) => self
                .value
                .rows()
                .iter()
                .find(|r| r.id == id)
                .map(|r| match column {
                    RowColumn::Formular => r.formular.clone(),
                    RowColumn::Navn => r.navn.clone(),
                    RowColumn::Kategori => format!("{:?}", r.kategori),
                })
                .unwrap_or_default(),
            ParamField::Aendringsaarsag => self.aendringsaarsag.clone(),
            ParamField::GyldigFra => self.gyldig_fra.clone(),
            ParamField::GyldigTil => self.gyldig_til.clone(),
        }
    }

    /// Where a message from the domain or the server belongs (its `field`
    /// names a draft field, the value, or a mapping row by index).
    pub fn place(&self, _key: ParameterKey, e: &FieldError) -> ParamError {
        let field = match e.field.as_str() {
            "aendringsaarsag" => ParamField::Aendringsaarsag,
            "gyldig_fra" => ParamField::GyldigFra,
            "gyldig_til" => ParamField::GyldigTil,
            other => row_of(other)
                .and_then(|(i, col)| self.value.rows().get(i).map(|r| ParamField::Row(r.id, col)))
                .unwrap_or(ParamField::Vaerdi),
        };
        ParamError { field, message: e.message.clone() }
    }
}

/// The mapping's rows as the value has them (texts trimmed; a row without
/// a category has none, 0, which the domain refuses).
fn mapping_rows(rows: &[RowForm]) -> Vec<MappingRow> {
    rows.iter()
        .map(|r| MappingRow {
            formular: r.formular.trim().to_owned(),
            navn: r.navn.trim().to_owned(),
            kategori: r.kategori.unwrap_or_default(),
        })
        .collect()
}

/// A mapping row and column named by a message's field, e.g.
/// `vaerdi.2.navn` or `vaerdi[2].navn` (index from 0).
fn row_of(field: &str) -> Option<(usize, RowColumn)> {
    let rest = field.strip_prefix("vaerdi")?;
    let rest = rest.trim_start_matches(['.', '[']);
    let (index, col) = rest.split_once(['.', ']'])?;
    let col = col.trim_start_matches('.');
    let i = index.parse().ok()?;
    RowColumn::ALL.into_iter().find(|c| c.name() == col).map(|c| (i, c))
}

/// A value in words, for the conflict view and the version list.
pub fn describe(value: &ParameterValue, catalog: &Catalog) -> String {
    let names = |list: &[CatalogEntry], ids: &mut dyn Iterator<Item = u16>| {
        let v: Vec<String> = ids.map(|id| name_in(list, id)).collect();
        if v.is_empty() {
            "Ingen".to_owned()
        } else {
            v.join(", ")
        }
    };
    match value {
        ParameterValue::FormularDokumentkategoriMapning(rows) if rows.is_empty() => "Ingen rækker".to_owned(),
        ParameterValue::FormularDokumentkategoriMapning(rows) => rows
            .iter()
            .map(|r| format!("{} → {} ({})", r.formular, r.navn, name_in(&catalog.dokumentkategorier, r.kategori)))
            .collect::<Vec<_>>()
            .join("; "),
        ParameterValue::AutomatiskSagsbehandling(types) => names(&catalog.sagstyper, &mut types.iter().copied()),
        // Only the types events create: the others are never made by one.
        ParameterValue::Haendelsesabonnement(subs) => {
            let ids: Vec<u16> = catalog.opfoelgningstyper.iter().map(|e| e.id).filter(|id| EVENT_FOLLOWUP_TYPES.contains(id)).collect();
            names(
                &catalog.opfoelgningstyper,
                &mut ids.into_iter().filter(|id| subs.iter().find(|s| s.opfoelgningstype == *id).is_none_or(|s| s.aktiv)),
            )
        }
        ParameterValue::Formuegraense(oere) => format::kroner(*oere),
    }
}

fn name_in(list: &[CatalogEntry], id: u16) -> String {
    list.iter().find(|e| e.id == id).map_or_else(|| format!("ukendt nr. {id}"), |e| e.navn.clone())
}

/// What differs between the newest version and the admin's form, in words
/// (label, newest, mine): the value and the period (the change reason is
/// each version's own note and not compared).
pub fn differences(
    newest: &ParameterDraft,
    mine: &ParameterForm,
    catalog: &Catalog,
    followup_ids: &[u16],
) -> Vec<(&'static str, String, String)> {
    let value = mine.value.value(followup_ids).map_or_else(|_| "(kan ikke læses endnu)".to_owned(), |v| describe(&v, catalog));
    let typed = |s: &str| format::parse_iso(s).map_or_else(|| s.trim().to_owned(), format::date);
    let til = if mine.gyldig_til.trim().is_empty() { "–".to_owned() } else { typed(&mine.gyldig_til) };
    [
        ("Værdi", describe(&newest.value, catalog), value),
        ("Gyldig fra", format::date(newest.gyldig_fra), typed(&mine.gyldig_fra)),
        ("Gyldig til", format::date_or_dash(newest.gyldig_til), til),
    ]
    .into_iter()
    .filter(|(_, a, b)| a != b)
    .collect()
}
