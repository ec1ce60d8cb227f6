//! The filter engine: decides which tasks of a [`Snapshot`] belong to a
//! package. The server and the browser run exactly this code.
//!
//! Semantics (`docs/domain.md`, "Task packages"):
//! - within one field the chosen values are alternatives (OR), fields
//!   combine with AND, an empty field does not restrict;
//! - CPR interval: on the first two digits as written (so substitute numbers
//!   61–91 fall in 61–91, not in 1–31); one bound alone leaves the other end
//!   open (0 or 99); only a person task with a borger can match an interval;
//! - pension type: the task's borger must have one of the types;
//! - case criteria (sagstype, ydelse) are met by one case that satisfies all
//!   of them: with *Hændelse relation* the task's own case, with *Person
//!   relation* any case of the task's borger (a task without a borger falls
//!   back to its own case).

use crate::package::{Beloebsgodkendelse, PackageFilter, RelationValg, Sagsudsoegning};
use crate::snapshot::{Snapshot, FLAG_AMOUNT, FLAG_PERSON, NONE};

/// A set of catalogue ids (0–255); empty means "no restriction".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IdSet {
    bits: [u64; 4],
    restricts: bool,
}

impl IdSet {
    pub fn of(ids: impl IntoIterator<Item = u16>) -> IdSet {
        let mut s = IdSet::default();
        for id in ids {
            s.restricts = true;
            if id < 256 {
                s.bits[usize::from(id >> 6)] |= 1 << (id & 63);
            }
        }
        s
    }
    #[inline(always)]
    pub fn has(&self, id: u8) -> bool {
        self.bits[usize::from(id >> 6)] & (1 << (id & 63)) != 0
    }
    /// True when the set does not restrict or holds `id`.
    #[inline(always)]
    pub fn allows(&self, id: u8) -> bool {
        !self.restricts || self.has(id)
    }
    pub fn restricts(&self) -> bool {
        self.restricts
    }
}

/// A [`PackageFilter`] turned into bit sets and ranges.
#[derive(Clone, Debug, PartialEq)]
pub struct CompiledFilter {
    types: IdSet,
    followups: IdSet,
    units: IdSet,
    sources: IdSet,
    pensions: IdSet,
    case_types: IdSet,
    benefits: IdSet,
    cpr: Option<(u8, u8)>,
    /// Mask and expected value over the flags column.
    flag_mask: u8,
    flag_want: u8,
    search: Sagsudsoegning,
    /// "Kun kommuneopgaver" with a CPR interval: nothing can match.
    impossible: bool,
}

impl CompiledFilter {
    pub fn new(f: &PackageFilter) -> CompiledFilter {
        let mut flag_mask = 0;
        let mut flag_want = 0;
        match f.beloebsgodkendelse {
            Beloebsgodkendelse::Begge => {}
            Beloebsgodkendelse::Kun => {
                flag_mask |= FLAG_AMOUNT;
                flag_want |= FLAG_AMOUNT;
            }
            Beloebsgodkendelse::Ikke => flag_mask |= FLAG_AMOUNT,
        }
        let cpr = match (f.cpr_fra, f.cpr_til) {
            (None, None) => None,
            (a, b) => Some((a.unwrap_or(0), b.unwrap_or(99))),
        };
        // A CPR interval implies a person task.
        let relation = if cpr.is_some() { Some(RelationValg::Person) } else { f.relation };
        match relation.unwrap_or(RelationValg::Begge) {
            RelationValg::Begge => {}
            RelationValg::Person => {
                flag_mask |= FLAG_PERSON;
                flag_want |= FLAG_PERSON;
            }
            RelationValg::Kommune => flag_mask |= FLAG_PERSON,
        }
        CompiledFilter {
            types: IdSet::of(f.opgavetyper.iter().copied()),
            followups: IdSet::of(f.opfoelgningstyper.iter().copied()),
            units: IdSet::of(f.enheder.iter().copied()),
            sources: IdSet::of(f.kilder.iter().map(|k| u16::from(k.code()))),
            pensions: IdSet::of(f.pensionstyper.iter().copied()),
            case_types: IdSet::of(f.sagstyper.iter().copied()),
            benefits: IdSet::of(f.ydelser.iter().copied()),
            cpr,
            flag_mask,
            flag_want,
            search: f.sagsudsoegning,
            impossible: cpr.is_some() && f.relation == Some(RelationValg::Kommune),
        }
    }

    fn has_case_criteria(&self) -> bool {
        self.case_types.restricts() || self.benefits.restricts()
    }

    /// Calls `f` with the index of every matching task. With task types
    /// chosen only those types' tasks are visited (the snapshot is grouped
    /// by type); otherwise every task.
    #[inline]
    pub fn for_each_match(&self, s: &Snapshot, f: impl FnMut(usize)) {
        self.for_each_match_in(s, s, f);
    }

    /// [`CompiledFilter::for_each_match`] over the task rows of `s` whose
    /// borger and case indices point into the tables of `tables` (the
    /// layers of a [`crate::snapshot::Live`] share one set of tables).
    #[inline]
    pub fn for_each_match_in(&self, s: &Snapshot, tables: &Snapshot, mut f: impl FnMut(usize)) {
        if self.impossible {
            return;
        }
        if self.types.restricts() {
            for w in 0..4 {
                let mut bits = self.types.bits[w];
                while bits != 0 {
                    let t = (w as u32 * 64 + bits.trailing_zeros()) as u8;
                    bits &= bits - 1;
                    for i in s.type_range(t) {
                        if self.matches_rest(s, tables, i) {
                            f(i);
                        }
                    }
                }
            }
        } else {
            for i in 0..s.len() {
                if self.matches_rest(s, tables, i) {
                    f(i);
                }
            }
        }
    }

    /// Whether task `i` matches.
    pub fn matches(&self, s: &Snapshot, i: usize) -> bool {
        self.matches_in(s, s, i)
    }

    /// Whether task row `i` of `s` matches, its borger and case read from
    /// `tables`.
    pub fn matches_in(&self, s: &Snapshot, tables: &Snapshot, i: usize) -> bool {
        !self.impossible && self.types.allows(s.task_type[i]) && self.matches_rest(s, tables, i)
    }

    /// Indices (into the snapshot's task columns) of the matching tasks,
    /// grouped by task type.
    pub fn select(&self, s: &Snapshot) -> Vec<u32> {
        let mut out = Vec::new();
        self.for_each_match(s, |i| out.push(i as u32));
        out
    }

    pub fn count(&self, s: &Snapshot) -> usize {
        let mut n = 0;
        self.for_each_match(s, |_| n += 1);
        n
    }

    /// Every criterion but the task type (which `for_each_match` handles by
    /// visiting only the chosen types).
    #[inline(always)]
    fn matches_rest(&self, s: &Snapshot, tb: &Snapshot, i: usize) -> bool {
        if s.flags[i] & self.flag_mask != self.flag_want
            || !self.followups.allows(s.followup[i])
            || !self.units.allows(s.unit[i])
            || !self.sources.allows(s.source[i])
        {
            return false;
        }
        if let Some((lo, hi)) = self.cpr {
            let d = s.cpr_day[i];
            if d == 0 || d < lo || d > hi {
                return false;
            }
        }
        let borger = s.borger[i];
        if self.pensions.restricts() && (borger == NONE || !self.pensions.has(tb.borger_pension[borger as usize])) {
            return false;
        }
        if self.has_case_criteria() {
            let case_ok = |c: u32| self.case_types.allows(tb.case_type[c as usize]) && self.benefits.allows(tb.case_benefit[c as usize]);
            let ok = match self.search {
                Sagsudsoegning::Person if borger != NONE => tb.cases_of(borger).iter().any(|&c| case_ok(c)),
                _ => s.case[i] != NONE && case_ok(s.case[i]),
            };
            if !ok {
                return false;
            }
        }
        true
    }
}
