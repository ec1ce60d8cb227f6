//! The filters every benchmark measures: the browser's filter and preview
//! benches (`tests/bench_browser.rs`, `tests/bench_preview.rs`) and the
//! server's `filter-bench`. One list, so their figures name the same
//! cases: the templates whose filters restrict the rows, and the costly
//! cases (a CPR interval with Person relation, the case criteria searched
//! over all of a borger's cases, a pension type with other criteria).

use crate::package::{Beloebsgodkendelse, PackageFilter, RelationValg, Sagsudsoegning};
use crate::templates::templates;

/// The benchmarks' filters, each with its name as printed.
pub fn filters() -> Vec<(&'static str, PackageFilter)> {
    let t = templates();
    let template = |id: &str| t.iter().find(|t| t.id == id).map(|t| t.filter.clone()).expect("a template the benches name");
    vec![
        ("tomt filter", PackageFilter::default()),
        ("Post fra selvbetjening", template("post-fra-selvbetjening")),
        ("Manuel godkendelse", template("manuel-godkendelse")),
        ("eFaktura", template("efaktura")),
        (
            "Modtag post, CPR 1-15",
            PackageFilter {
                opgavetyper: vec![1],
                cpr_fra: Some(1),
                cpr_til: Some(15),
                relation: Some(RelationValg::Person),
                ..Default::default()
            },
        ),
        (
            "sagstype+ydelse, person relation",
            PackageFilter { sagstyper: vec![8, 9], ydelser: vec![1, 3], sagsudsoegning: Sagsudsoegning::Person, ..Default::default() },
        ),
        (
            "enhed, ikke beløb, pensionstype",
            PackageFilter {
                enheder: vec![1, 2],
                beloebsgodkendelse: Beloebsgodkendelse::Ikke,
                pensionstyper: vec![1],
                ..Default::default()
            },
        ),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_distinct_and_the_templates_found() {
        let fs = super::filters();
        let mut names: Vec<_> = fs.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), fs.len());
        assert!(fs[1..4].iter().all(|(_, f)| *f != Default::default()));
    }
}
