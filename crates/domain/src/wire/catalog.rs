//! `GET /api/catalog`: the fixed catalogue as the server publishes it.

use crate::catalog;
use crate::model::Kilde;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogEntry {
    pub id: u16,
    pub navn: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskTypeEntry {
    pub id: u16,
    pub navn: String,
    pub gruppe: String,
    pub beskrivelse: String,
    /// KY "Vurdering": what the municipality must consider when grouping.
    pub vurdering: String,
    pub anbefalet_sagsudsoegning: catalog::Recommended,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SourceEntry {
    pub kilde: Kilde,
    pub navn: String,
}

/// `GET /api/catalog`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Catalog {
    pub opgavetyper: Vec<TaskTypeEntry>,
    pub opfoelgningstyper: Vec<CatalogEntry>,
    pub sagstyper: Vec<CatalogEntry>,
    pub pensionstyper: Vec<CatalogEntry>,
    pub ydelser: Vec<CatalogEntry>,
    pub enheder: Vec<CatalogEntry>,
    pub kilder: Vec<SourceEntry>,
    pub dokumentkategorier: Vec<CatalogEntry>,
    /// Opgavepakkeskabeloner: starting points for the package editor.
    pub skabeloner: Vec<crate::templates::Template>,
}

fn entries(table: &[&str]) -> Vec<CatalogEntry> {
    table.iter().enumerate().map(|(i, n)| CatalogEntry { id: i as u16 + 1, navn: (*n).to_owned() }).collect()
}

impl Catalog {
    /// The catalogue as the server publishes it.
    pub fn current() -> Catalog {
        Catalog {
            opgavetyper: catalog::TASK_TYPES
                .iter()
                .enumerate()
                .map(|(i, t)| TaskTypeEntry {
                    id: i as u16 + 1,
                    navn: t.name.into(),
                    gruppe: t.group.into(),
                    beskrivelse: t.description.into(),
                    vurdering: t.assessment.into(),
                    anbefalet_sagsudsoegning: t.recommended,
                })
                .collect(),
            opfoelgningstyper: entries(catalog::FOLLOWUP_TYPES),
            sagstyper: entries(catalog::CASE_TYPES),
            pensionstyper: entries(catalog::PENSION_TYPES),
            ydelser: entries(catalog::BENEFITS),
            enheder: entries(catalog::UNITS),
            kilder: Kilde::ALL.iter().map(|&k| SourceEntry { kilde: k, navn: k.label().into() }).collect(),
            dokumentkategorier: entries(catalog::DOCUMENT_CATEGORIES),
            skabeloner: crate::templates::templates(),
        }
    }

    /// Name of an entry by id in one of the id tables, or a placeholder.
    pub fn name(list: &[CatalogEntry], id: u16) -> &str {
        list.iter().find(|e| e.id == id).map_or("(ukendt)", |e| e.navn.as_str())
    }

    pub fn task_type(&self, id: u16) -> &str {
        self.opgavetyper.iter().find(|e| e.id == id).map_or("(ukendt)", |e| e.navn.as_str())
    }
}
