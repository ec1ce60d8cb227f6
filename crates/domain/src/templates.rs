//! "Opgavepakkeskabeloner": starting points for the package editor.

use crate::catalog::task_type as tt;
use crate::model::Kilde;
use crate::package::{PackageFilter, RelationValg, Sagsudsoegning};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Template {
    /// Stable id used in URLs (`?skabelon=post-fra-selvbetjening`).
    pub id: String,
    pub navn: String,
    pub beskrivelse: String,
    pub filter: PackageFilter,
}

fn t(id: &str, navn: &str, beskrivelse: &str, filter: PackageFilter) -> Template {
    Template { id: id.into(), navn: navn.into(), beskrivelse: beskrivelse.into(), filter }
}

pub fn templates() -> Vec<Template> {
    vec![
        t(
            "post-fra-selvbetjening",
            "Post fra selvbetjening",
            "Modtag post-opgaver fra selvbetjening: anmodninger om refusion, overslag og ansøgninger på vegne af andre.",
            PackageFilter {
                opgavetyper: vec![tt::MODTAG_POST],
                kilder: vec![Kilde::Selvbetjening],
                relation: Some(RelationValg::Person),
                sagsudsoegning: Sagsudsoegning::Person,
                ..Default::default()
            },
        ),
        t(
            "opret-bevilling",
            "Opret bevilling",
            "Ansøgninger der skal behandles frem til bevilling eller afslag.",
            PackageFilter { opgavetyper: vec![tt::OPRET_BEVILLING], relation: Some(RelationValg::Person), ..Default::default() },
        ),
        t(
            "manuel-godkendelse",
            "Manuel godkendelse",
            "Skal tømmes før hver måneds udbetalingskørsel, ellers bliver borgere ikke betalt.",
            PackageFilter {
                // Seed 004: "alle opgaver af type 'Manuel godkendelse'",
                // whether or not they are flagged for amount approval.
                opgavetyper: vec![tt::MANUEL_GODKENDELSE],
                relation: Some(RelationValg::Begge),
                ..Default::default()
            },
        ),
        t(
            "efaktura",
            "eFaktura",
            "Modtagelse, behandling og afslutning af eFakturaer, også massefakturaer (kommuneopgaver).",
            PackageFilter {
                opgavetyper: vec![tt::MODTAG_EFAKTURA, tt::BEHANDL_EFAKTURA_APOE, tt::BEHANDL_EFAKTURA_EYAY, tt::AFSLUT_EFAKTURA],
                relation: Some(RelationValg::Begge),
                ..Default::default()
            },
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::task_type_name;
    use crate::package::Beloebsgodkendelse;

    #[test]
    fn the_four_named_templates_exist_with_known_task_types() {
        let all = templates();
        let names: Vec<&str> = all.iter().map(|t| t.navn.as_str()).collect();
        assert_eq!(names, ["Post fra selvbetjening", "Opret bevilling", "Manuel godkendelse", "eFaktura"]);
        for t in &all {
            assert!(t.filter.relation.is_some(), "{} sets the required relation", t.navn);
            for &id in &t.filter.opgavetyper {
                assert!(task_type_name(id).is_some(), "{}: unknown task type {id}", t.navn);
            }
        }
        let efaktura = &all[3].filter.opgavetyper;
        let names: Vec<_> = efaktura.iter().map(|&i| task_type_name(i).unwrap()).collect();
        assert_eq!(names, ["Modtag eFaktura", "Behandl eFaktura - APØ", "Behandl eFaktura - EYAY", "Afslut eFaktura"]);
    }

    #[test]
    fn manuel_godkendelse_catches_every_task_of_its_type() {
        let f = &templates()[2].filter;
        assert_eq!(f.opgavetyper, [tt::MANUEL_GODKENDELSE]);
        // Neither the amount-approval flag nor the relation narrows it.
        assert_eq!(f.beloebsgodkendelse, Beloebsgodkendelse::Begge);
        assert_eq!(f.relation, Some(RelationValg::Begge));
        assert_eq!(PackageFilter { opgavetyper: f.opgavetyper.clone(), relation: f.relation, ..Default::default() }, *f);
    }
}
