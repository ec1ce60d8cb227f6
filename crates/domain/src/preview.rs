//! "Afprøv opgavepakke": count, breakdown by task type and the first rows of
//! the tasks a filter selects. The browser computes it on its snapshot on
//! every edit; the server computes the same on its own snapshot for
//! `POST /api/packages/preview`. Same function, so they can be compared.

use crate::filter::CompiledFilter;
use crate::model::Kilde;
use crate::package::PackageFilter;
use crate::snapshot::live::TaskView;
use crate::snapshot::{from_day_number, Snapshot};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BinaryHeap;

/// How many of the matching tasks a preview lists (oldest first).
pub const PREVIEW_ROWS: usize = 50;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviewRequest {
    #[serde(deserialize_with = "crate::wire::object")]
    pub filter: PackageFilter,
}

/// One task of a preview. No CPR number, only its first two digits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviewRow {
    pub id: u32,
    pub opgavetype: u16,
    pub oprettet: NaiveDate,
    pub kilde: Kilde,
    pub enhed: u16,
    /// First two digits of the borger's CPR number, for person tasks.
    pub cpr_dag: Option<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TypeCount {
    pub opgavetype: u16,
    pub antal: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Preview {
    /// All matching open tasks.
    pub antal: u64,
    /// Most frequent task type first.
    pub pr_opgavetype: Vec<TypeCount>,
    /// The first [`PREVIEW_ROWS`] matching tasks, oldest first.
    pub opgaver: Vec<PreviewRow>,
    /// Unix seconds of the snapshot the preview was computed on.
    pub snapshot_tid: i64,
}

/// The preview of `filter` over a snapshot, flat (the browser's) or
/// layered (the server's).
pub fn preview(v: &impl TaskView, filter: &PackageFilter) -> Preview {
    let compiled = CompiledFilter::new(filter);
    let (per_type, hits) = match v.flat() {
        Some(s) => by_type_runs(s, &compiled),
        None => by_heap(v, &compiled),
    };
    let antal = per_type.iter().sum();
    let mut pr_opgavetype: Vec<TypeCount> =
        per_type.iter().enumerate().filter(|(_, &n)| n > 0).map(|(t, &n)| TypeCount { opgavetype: t as u16, antal: n }).collect();
    pr_opgavetype.sort_by(|a, b| b.antal.cmp(&a.antal).then(a.opgavetype.cmp(&b.opgavetype)));
    let opgaver = hits
        .iter()
        .map(|&i| {
            let (s, i) = v.row(i);
            PreviewRow {
                id: s.task_id[i],
                opgavetype: u16::from(s.task_type[i]),
                oprettet: from_day_number(s.created[i]),
                kilde: Kilde::from_code(s.source[i]).unwrap_or(Kilde::System),
                enhed: u16::from(s.unit[i]),
                cpr_dag: (s.cpr_day[i] != 0).then_some(s.cpr_day[i]),
            }
        })
        .collect();
    Preview { antal, pr_opgavetype, opgaver, snapshot_tid: v.generated_at() }
}

/// Rows searched at a time for a type's first matches in [`by_type_runs`].
const FIRST_ROWS_STEP: usize = 256;

/// Matches per task type, and the oldest [`PREVIEW_ROWS`] matches (global
/// row indices, oldest first).
type Counted = ([u64; 256], Vec<u32>);

/// Any rows: one visit keeps the oldest matches so far in a heap, newest on
/// top; a match older than the top replaces it, so the scan keeps 50 rows,
/// not every match.
fn by_heap(v: &impl TaskView, filter: &CompiledFilter) -> Counted {
    let mut per_type = [0u64; 256];
    let mut oldest = BinaryHeap::with_capacity(PREVIEW_ROWS);
    v.visit(filter, |i| {
        let (s, r) = v.row(i);
        per_type[usize::from(s.task_type[r])] += 1;
        let key = (s.created[r], s.task_id[r]);
        if oldest.len() < PREVIEW_ROWS {
            oldest.push((key, i));
        } else if let Some(mut newest) = oldest.peek_mut() {
            if key < newest.0 {
                *newest = (key, i);
            }
        }
    });
    (per_type, oldest.into_sorted_vec().into_iter().map(|(_, i)| i).collect())
}

/// One snapshot, in row-key order (task type, then oldest first): the
/// first [`PREVIEW_ROWS`] matches of a task type are that type's oldest, so
/// the oldest of all are among those. Those are listed, the type's other
/// rows only counted, with no heap (the keystroke's preview in the browser).
fn by_type_runs(s: &Snapshot, filter: &CompiledFilter) -> Counted {
    let mut per_type = [0u64; 256];
    let mut first: Vec<u32> = Vec::new();
    let scan = filter.scan(s);
    for (t, rows) in scan.type_ranges(s) {
        // The type's first matches, some rows at a time, until it has its
        // oldest 50; the rest of its rows are only counted.
        let (mut n, mut from) = (0u64, rows.start);
        while from < rows.end && n < PREVIEW_ROWS as u64 {
            let to = rows.end.min(from + FIRST_ROWS_STEP);
            scan.for_each_in(s, from..to, |i| {
                if n < PREVIEW_ROWS as u64 {
                    first.push(i as u32);
                }
                n += 1;
            });
            from = to;
        }
        per_type[usize::from(t)] = n + scan.count_in(s, from..rows.end);
    }
    let key = |&i: &u32| (s.created[i as usize], s.task_id[i as usize]);
    if first.len() > PREVIEW_ROWS {
        first.select_nth_unstable_by_key(PREVIEW_ROWS - 1, key);
        first.truncate(PREVIEW_ROWS);
    }
    first.sort_unstable_by_key(key);
    (per_type, first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{OpgaveStatus, Relation};
    use crate::snapshot::{BorgerFacts, Snapshot, TaskFacts};

    #[test]
    fn counts_breakdown_and_oldest_first_rows() {
        let borgere = vec![BorgerFacts { id: 1, cpr_day: 7, pensionstype: None }];
        let tasks: Vec<TaskFacts> = (1..=120)
            .map(|id| TaskFacts {
                id,
                opgavetype: if id % 3 == 0 { 2 } else { 1 },
                opfoelgningstype: None,
                relation: if id % 10 == 0 { Relation::Kommune } else { Relation::Person },
                kilde: Kilde::Selvbetjening,
                beloebsgodkendelse: false,
                enhed: 1,
                status: OpgaveStatus::Ubehandlet,
                // later ids are older
                oprettet: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(200 - id as u64),
                borger_id: (id % 10 != 0).then_some(1),
                sag_id: None,
            })
            .collect();
        let s = Snapshot::build(&borgere, &[], &tasks, 99);
        let p = preview(&s, &PackageFilter::default());
        assert_eq!(p.antal, 120);
        assert_eq!(p.pr_opgavetype, vec![TypeCount { opgavetype: 1, antal: 80 }, TypeCount { opgavetype: 2, antal: 40 }]);
        assert_eq!(p.opgaver.len(), PREVIEW_ROWS);
        let ids: Vec<u32> = p.opgaver.iter().map(|r| r.id).collect();
        assert_eq!(ids, (71..=120).rev().collect::<Vec<u32>>());
        assert_eq!(p.opgaver[0].cpr_dag, None); // task 120 is a kommuneopgave
        assert_eq!(p.opgaver[1].cpr_dag, Some(7));
        assert_eq!(p.snapshot_tid, 99);
        let none = preview(&s, &PackageFilter { opgavetyper: vec![9], ..Default::default() });
        assert_eq!((none.antal, none.opgaver.len(), none.pr_opgavetype.len()), (0, 0, 0));
    }

    /// Tasks 1..=n: a kommune task every `kommune_every`, the others of
    /// borger `1 + id % borgere` (and the case `sag` gives), created on one
    /// of `days` days in no order of ids; sources, units and amounts vary.
    fn generated_tasks(
        n: i64,
        opgavetype: impl Fn(i64) -> i64,
        kommune_every: i64,
        days: i64,
        borgere: i64,
        sag: impl Fn(i64) -> Option<i64>,
    ) -> Vec<TaskFacts> {
        let day0 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        (1..=n)
            .map(|id| {
                let kommune = id % kommune_every == 0;
                TaskFacts {
                    id,
                    opgavetype: opgavetype(id) as u16,
                    opfoelgningstype: None,
                    relation: if kommune { Relation::Kommune } else { Relation::Person },
                    kilde: Kilde::ALL[(id % 4) as usize],
                    beloebsgodkendelse: id % 5 == 0,
                    enhed: (1 + id % 3) as u16,
                    status: OpgaveStatus::Ubehandlet,
                    oprettet: day0 + chrono::Days::new((id * 37 % days) as u64),
                    borger_id: (!kommune).then_some(1 + id % borgere),
                    sag_id: if kommune { None } else { sag(id) },
                }
            })
            .collect()
    }

    /// The browser's path (one pass over one snapshot, the first 50 of each
    /// task type) and the server's (one visit with a heap, over layers) give
    /// the same preview, also where days tie across types and ids do not
    /// follow the days.
    #[test]
    fn flat_and_layered_previews_agree() {
        use crate::package::RelationValg;
        use crate::snapshot::live::Live;
        let borgere: Vec<BorgerFacts> = (1..=40).map(|id| BorgerFacts { id, cpr_day: (id % 31 + 1) as u8, pensionstype: None }).collect();
        // 60 days over 900 tasks: many ties, in no order of ids
        let tasks = generated_tasks(900, |id| 1 + id * 7 % 5, 9, 60, 40, |_| None);
        let flat = Snapshot::build(&borgere, &[], &tasks, 7);
        let layered = Live::build(&borgere, &[], &tasks, 7);
        let filters = [
            PackageFilter::default(),
            PackageFilter { opgavetyper: vec![2], ..Default::default() },
            PackageFilter { opgavetyper: vec![1, 4, 5], enheder: vec![2], ..Default::default() },
            PackageFilter { cpr_fra: Some(5), cpr_til: Some(20), ..Default::default() },
            PackageFilter { relation: Some(RelationValg::Kommune), ..Default::default() },
            PackageFilter { kilder: vec![Kilde::ALL[1]], opgavetyper: vec![3], ..Default::default() },
            PackageFilter { opgavetyper: vec![9], ..Default::default() },
        ];
        for f in &filters {
            let (a, b) = (preview(&flat, f), preview(&layered, f));
            assert_eq!(a, b, "{f:?}");
        }
        // Most of these fill all 50 rows from several types.
        assert_eq!(preview(&flat, &filters[0]).opgaver.len(), PREVIEW_ROWS);
    }

    /// Long runs of one type (more rows than one step of the first
    /// matches), with pension types and cases: the flat path's counted
    /// rest agrees with the layered path, which lists every match.
    #[test]
    fn counted_rest_of_long_type_runs_agrees() {
        use crate::package::{Beloebsgodkendelse, RelationValg, Sagsudsoegning};
        use crate::snapshot::live::Live;
        use crate::snapshot::SagFacts;
        let borgere: Vec<BorgerFacts> = (1..=300)
            .map(|id| BorgerFacts { id, cpr_day: (id % 31 + 1) as u8, pensionstype: (id % 3 != 0).then_some((1 + id % 2) as u16) })
            .collect();
        let sager: Vec<SagFacts> = (1..=600)
            .map(|id| SagFacts {
                id,
                borger_id: 1 + id % 300,
                sagstype: (1 + id % 4) as u16,
                ydelse: (id % 5 != 0).then_some((1 + id % 3) as u16),
            })
            .collect();
        let tasks = generated_tasks(6000, |id| 1 + id % 3, 11, 400, 300, |id| (id % 2 == 0).then_some(1 + id % 600));
        let flat = Snapshot::build(&borgere, &sager, &tasks, 7);
        let layered = Live::build(&borgere, &sager, &tasks, 7);
        let filters = [
            PackageFilter::default(),
            PackageFilter { cpr_fra: Some(10), ..Default::default() },
            PackageFilter { enheder: vec![2], kilder: vec![Kilde::ALL[1], Kilde::ALL[2]], ..Default::default() },
            PackageFilter { pensionstyper: vec![1], beloebsgodkendelse: Beloebsgodkendelse::Ikke, ..Default::default() },
            PackageFilter { sagstyper: vec![2, 3], ydelser: vec![1], ..Default::default() },
            PackageFilter { sagstyper: vec![2], sagsudsoegning: Sagsudsoegning::Person, opgavetyper: vec![1, 3], ..Default::default() },
            PackageFilter { ydelser: vec![2], cpr_fra: Some(5), cpr_til: Some(25), ..Default::default() },
            PackageFilter { relation: Some(RelationValg::Kommune), cpr_fra: Some(1), ..Default::default() },
        ];
        for f in &filters {
            let (a, b) = (preview(&flat, f), preview(&layered, f));
            assert_eq!(a, b, "{f:?}");
        }
        // The runs are longer than a step, and most filters leave a rest to count.
        assert!(flat.type_range(2).len() > 4 * FIRST_ROWS_STEP);
        assert!(
            filters.iter().filter(|f| preview(&flat, f).pr_opgavetype.iter().any(|t| t.antal > 2 * FIRST_ROWS_STEP as u64)).count() >= 4
        );
    }
}
