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
    /// [`IdSet::allows`] as a table, one entry per id: a single load per row
    /// in a scan.
    pub fn table(&self) -> [bool; 256] {
        std::array::from_fn(|id| self.allows(id as u8))
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
    pub fn for_each_match_in(&self, s: &Snapshot, tables: &Snapshot, f: impl FnMut(usize)) {
        self.scan(tables).for_each(s, f);
    }

    /// This filter readied for scans of rows that point into `tables`: each
    /// criterion a table of 256 entries, and for Person relation with case
    /// criteria one bit per borger that has a case meeting them all
    /// (resolved in one pass over the borgere's cases).
    pub fn scan<'a>(&'a self, tables: &'a Snapshot) -> Scan<'a> {
        let (case_types, benefits) = (self.case_types.table(), self.benefits.table());
        let cases = if self.impossible || !self.has_case_criteria() {
            Cases::Any
        } else {
            match self.search {
                Sagsudsoegning::Haendelse => Cases::Own,
                Sagsudsoegning::Person => {
                    // The borgere of every (case type, benefit) pair the
                    // criteria allow: O(borgere of those pairs), not a pass
                    // over every borger's cases.
                    let nb = tables.borger_case_start.len().saturating_sub(1);
                    let mut borger_ok = vec![0u64; nb.div_ceil(64)];
                    for (k, &key) in tables.pair_key.iter().enumerate() {
                        if case_types[usize::from(key >> 8)] && benefits[usize::from(key & 0xff)] {
                            let from = tables.pair_start[k] as usize;
                            let to = tables.pair_start[k + 1] as usize;
                            for &b in &tables.pair_borgere[from..to] {
                                borger_ok[b as usize >> 6] |= 1 << (b & 63);
                            }
                        }
                    }
                    Cases::Person(borger_ok)
                }
            }
        };
        Scan {
            filter: self,
            tables,
            cases,
            followups: self.followups.table(),
            units: self.units.table(),
            sources: self.sources.table(),
            pensions: self.pensions.table(),
            case_types,
            benefits,
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

/// Rows a scan tests at a time before it visits those that passed.
const BLOCK: usize = 512;

/// What a row's case criteria come to, resolved per scan.
enum Cases {
    /// No case criteria.
    Any,
    /// Hændelse relation: the row's own case is looked up.
    Own,
    /// Person relation: a bit per borger that has a case meeting them all;
    /// a row without a borger looks up its own case.
    Person(Vec<u64>),
}

/// Bit `i` of `bits`; false past the end (so [`NONE`] is never set).
#[inline(always)]
fn bit(bits: &[u64], i: u32) -> bool {
    bits.get(i as usize >> 6).is_some_and(|w| w >> (i & 63) & 1 == 1)
}

/// A [`CompiledFilter`] readied for one pass over task rows
/// ([`CompiledFilter::scan`]); the same decisions as
/// [`CompiledFilter::matches_in`] row by row, but each criterion a load
/// from a table of 256 entries and a column slice, combined without
/// branches, the case criteria one bit.
pub struct Scan<'a> {
    filter: &'a CompiledFilter,
    tables: &'a Snapshot,
    cases: Cases,
    followups: [bool; 256],
    units: [bool; 256],
    sources: [bool; 256],
    pensions: [bool; 256],
    case_types: [bool; 256],
    benefits: [bool; 256],
}

impl Scan<'_> {
    /// Calls `f` with the index of every matching task row of `s` (only
    /// the chosen task types' rows are visited).
    #[inline]
    pub fn for_each(&self, s: &Snapshot, mut f: impl FnMut(usize)) {
        if self.filter.impossible {
            return;
        }
        if self.filter.types.restricts() {
            for (_, r) in self.type_ranges(s) {
                self.rows::<false>(s, r, &mut f);
            }
        } else {
            self.rows::<false>(s, 0..s.len(), &mut f);
        }
    }

    /// The task types this pass visits that have rows in `s`, each with
    /// its rows' range, in row order (none when nothing can match).
    pub fn type_ranges<'s>(&self, s: &'s Snapshot) -> impl Iterator<Item = (u8, std::ops::Range<usize>)> + 's {
        let (types, impossible) = (self.filter.types, self.filter.impossible);
        (0..=u8::MAX).filter(move |&t| !impossible && types.allows(t)).map(|t| (t, s.type_range(t))).filter(|(_, r)| !r.is_empty())
    }

    /// Calls `f` with every matching row of `r`, a range of one type's
    /// rows of `s` (from [`Scan::type_ranges`]).
    #[inline]
    pub fn for_each_in(&self, s: &Snapshot, r: std::ops::Range<usize>, mut f: impl FnMut(usize)) {
        if !self.filter.impossible {
            self.rows::<false>(s, r, &mut f);
        }
    }

    /// The number of matching rows in `r`, as [`Scan::for_each_in`] would
    /// visit them, but only counted: rows that pass the column criteria
    /// are not listed first when no pension type or case criterion is left.
    #[inline]
    pub fn count_in(&self, s: &Snapshot, r: std::ops::Range<usize>) -> u64 {
        if self.filter.impossible {
            return 0;
        }
        self.rows::<true>(s, r, &mut |_| {})
    }

    /// Whether case `c` of the tables meets the case criteria.
    #[inline(always)]
    fn case_ok(&self, c: u32) -> bool {
        let c = c as usize;
        self.tables.case_type.get(c).is_some_and(|&t| self.case_types[usize::from(t)])
            && self.tables.case_benefit.get(c).is_some_and(|&b| self.benefits[usize::from(b)])
    }

    /// Whether a row (its borger and its own case) meets the case criteria.
    #[inline(always)]
    fn row_cases_ok(&self, borger: u32, case: u32) -> bool {
        match &self.cases {
            Cases::Any => true,
            Cases::Person(theirs) if borger != NONE => bit(theirs, borger),
            Cases::Own | Cases::Person(_) => self.case_ok(case),
        }
    }

    /// Calls `f` with each matching row of `r`; with `COUNT`, calls
    /// nothing and returns how many match (otherwise 0).
    #[inline(always)]
    fn rows<const COUNT: bool>(&self, s: &Snapshot, r: std::ops::Range<usize>, f: &mut impl FnMut(usize)) -> u64 {
        let c = self.filter;
        let (start, n) = (r.start, r.len());
        let check_pension = c.pensions.restricts();
        let plain = c.flag_mask == 0
            && !(c.followups.restricts() || c.units.restricts() || c.sources.restricts() || check_pension)
            && c.cpr.is_none();
        if plain {
            if let Cases::Any = self.cases {
                if COUNT {
                    return n as u64;
                }
                r.for_each(f);
                return 0;
            }
        }
        // Slices of one length n: the indexing below needs no bounds checks.
        let flags = &s.flags[start..][..n];
        let followup = &s.followup[start..][..n];
        let unit = &s.unit[start..][..n];
        let source = &s.source[start..][..n];
        let cpr_day = &s.cpr_day[start..][..n];
        let borger = &s.borger[start..][..n];
        let case = &s.case[start..][..n];
        // `day - lo <= hi - lo` in u8 arithmetic: one comparison, and day 0
        // (no CPR) fails whenever an interval is set (lo is at least 1).
        let (lo, span) = match c.cpr {
            Some((lo, hi)) => (lo.max(1), hi.saturating_sub(lo.max(1))),
            None => (0, u8::MAX),
        };
        let empty_interval = c.cpr.is_some_and(|(lo, hi)| hi < lo.max(1));
        if empty_interval {
            return 0;
        }
        let pension = &self.tables.borger_pension;
        let (fol, uni, src, pen) = (&self.followups, &self.units, &self.sources, &self.pensions);
        let (r_fol, r_uni, r_src, r_cpr) = (c.followups.restricts(), c.units.restricts(), c.sources.restricts(), c.cpr.is_some());
        let mut count = 0;
        if plain {
            // Only the case criteria: one lookup per row.
            for k in 0..n {
                if self.row_cases_ok(borger[k], case[k]) {
                    if COUNT {
                        count += 1;
                    } else {
                        f(start + k);
                    }
                }
            }
            return count;
        }
        // Nothing is left to check after the column criteria: a count is
        // the sum of the rows kept.
        let only_columns = !check_pension && matches!(self.cases, Cases::Any);
        // In blocks of rows: first the column criteria, without a branch,
        // each row's index kept or overwritten by the next (so a row that
        // fails costs no mispredicted jump); then the few rows left meet
        // the borger's pension type and the case criteria.
        let mut kept = [0u16; BLOCK];
        for from in (0..n).step_by(BLOCK) {
            let to = (from + BLOCK).min(n);
            let mut m = 0;
            for k in from..to {
                // Only the columns a criterion restricts are read (the
                // memory traffic is the cost); each test is the same for
                // every row, so its branch is always predicted.
                let mut keep = flags[k] & c.flag_mask == c.flag_want;
                if r_fol {
                    keep &= fol[usize::from(followup[k])];
                }
                if r_uni {
                    keep &= uni[usize::from(unit[k])];
                }
                if r_src {
                    keep &= src[usize::from(source[k])];
                }
                if r_cpr {
                    keep &= cpr_day[k].wrapping_sub(lo) <= span;
                }
                if !(COUNT && only_columns) {
                    kept[m % BLOCK] = (k - from) as u16;
                }
                m += usize::from(keep);
            }
            if COUNT && only_columns {
                count += m as u64;
                continue;
            }
            for &at in &kept[..m] {
                let k = from + usize::from(at);
                if check_pension && !pension.get(borger[k] as usize).is_some_and(|&p| pen[usize::from(p)]) {
                    continue;
                }
                if self.row_cases_ok(borger[k], case[k]) {
                    if COUNT {
                        count += 1;
                    } else {
                        f(start + k);
                    }
                }
            }
        }
        count
    }
}
