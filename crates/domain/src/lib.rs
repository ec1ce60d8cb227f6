//! Opgavepakker's domain: records, wire types, validation and the filter
//! engine. Pure Rust with no IO, so it builds for the server and for
//! `wasm32-unknown-unknown`, and the browser runs the very same filter.

pub mod bench;
pub mod casework;
pub mod catalog;
pub mod codes;
pub mod collate;
pub mod cpr;
pub mod danish_time;
pub mod filter;
pub mod intake;
pub mod limits;
pub mod model;
pub mod package;
pub mod preview;
pub mod snapshot;
pub mod templates;
pub mod wire;

pub use cpr::Cpr;
pub use filter::CompiledFilter;
pub use package::{PackageDraft, PackageFilter, PackageVersion};
pub use snapshot::Snapshot;

#[cfg(test)]
mod tests {
    use crate::catalog::{self, task_type};

    #[test]
    fn well_known_ids_name_the_right_entries() {
        let n = |id| catalog::task_type_name(id).unwrap();
        assert_eq!(n(task_type::MODTAG_POST), "Modtag post");
        assert_eq!(n(task_type::OPRET_BEVILLING), "Opret bevilling");
        assert_eq!(n(task_type::OPRET_TRAEK), "Opret træk");
        assert_eq!(n(task_type::STOP_SAG), "Stop sag");
        assert_eq!(n(task_type::MODTAG_EFAKTURA), "Modtag eFaktura");
        assert_eq!(n(task_type::OPFOELGNINGSOPGAVE), "Opfølgningsopgave");
        assert_eq!(n(task_type::BEHANDL_EFAKTURA_EYAY), "Behandl eFaktura - EYAY");
        assert_eq!(n(task_type::AFSLUT_BEVILLING), "Afslut bevilling");
        assert_eq!(n(task_type::MANUEL_GODKENDELSE), "Manuel godkendelse");
        assert_eq!(n(task_type::FEJL_UDBETALING), "Fejl udbetaling");
        assert_eq!(catalog::name_of(catalog::CASE_TYPES, catalog::case_type::HENVENDELSESSAG), Some("Henvendelsessag"));
        let category = |id| catalog::name_of(catalog::DOCUMENT_CATEGORIES, id);
        assert_eq!(category(catalog::doc_category::FULDMAGT), Some("Fuldmagt"));
        assert_eq!(category(catalog::doc_category::SPECIFICERET_OVERSLAG), Some("Specificeret overslag"));
        assert_eq!(category(catalog::doc_category::ANMODNING_OM_REFUSION), Some("Anmodning om refusion"));
        assert_eq!(category(catalog::doc_category::PARTSHOERINGSSVAR), Some("Partshøringssvar"));
        assert_eq!(category(catalog::doc_category::LAEGEERKLAERING), Some("Lægeerklæring"));
        // every benefit is granted by exactly one sagstype
        for b in 1..=catalog::BENEFITS.len() as u16 {
            let owners = (1..=catalog::CASE_TYPES.len() as u16).filter(|&t| catalog::benefits_of(t).contains(&b)).count();
            assert_eq!(owners, 1, "benefit {b}");
        }
        assert!(catalog::benefits_of(catalog::case_type::HENVENDELSESSAG).is_empty());
        // the snapshot stores ids as u8
        for len in [catalog::TASK_TYPES.len(), catalog::CASE_TYPES.len(), catalog::UNITS.len(), catalog::BENEFITS.len()] {
            assert!(len < 255);
        }
    }
}
