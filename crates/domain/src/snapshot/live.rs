//! The server's snapshot between two compactions: patched in O(changed
//! tasks), not rebuilt.
//!
//! A [`Live`] is layers over one set of borger and case tables:
//! - `base`: a whole [`Snapshot`] as built (or last compacted);
//! - `gone`: a bit per base row whose task has changed since (left, or
//!   replaced by a tail row);
//! - `tail`: the open tasks changed since the base, in snapshot order;
//! - `tables`: the borger and case tables all rows point into. Indices are
//!   stable: a borger or case keeps its index, new ones are appended.
//!
//! A patch ([`Live::patched`]) touches the changed tasks' entries, one bit
//! each and a rebuild of the small tail; filters run over both layers
//! ([`Live::for_each_match`]) and see exactly what [`Snapshot::build`] of
//! the same facts would hold ([`Live::flatten`] merges the layers into that
//! snapshot; the tests hold the two equal). When the tail has grown to
//! [`COMPACT_AT`] tasks the caller merges the layers ([`Live::compacted`]),
//! off the writers' path.
//!
//! A row's global index (`u32`) counts the base rows, then the tail's.

use super::{task_order, type_starts, BorgerFacts, SagFacts, Snapshot, TableIndex, TaskFacts};
use crate::filter::CompiledFilter;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// When this many tasks have changed since the base, the layers are
/// worth merging ([`Live::compacted`]).
pub const COMPACT_AT: usize = 4096;

#[derive(Clone, Debug)]
pub struct Live {
    base: Arc<Snapshot>,
    /// Task id → base row.
    base_pos: Arc<HashMap<u32, u32>>,
    gone: Arc<Vec<u64>>,
    gone_count: usize,
    /// Every task changed since the base: its facts now, `None` when it is
    /// no longer open.
    changed: Arc<BTreeMap<i64, Option<TaskFacts>>>,
    tail: Arc<Snapshot>,
    tables: Arc<Snapshot>,
    index: Arc<TableIndex>,
    generated_at: i64,
}

/// Task rows a filter can run over, flat ([`Snapshot`]) or layered
/// ([`Live`]), addressed by a global row index.
pub trait TaskView {
    /// Calls `f` with the global index of every task `filter` selects.
    fn visit(&self, filter: &CompiledFilter, f: impl FnMut(u32));
    /// The snapshot holding row `i`, and the row's index in it.
    fn row(&self, i: u32) -> (&Snapshot, usize);
    /// Unix seconds of the newest patch or build.
    fn generated_at(&self) -> i64;
    /// The rows as one snapshot, when they are one (and so in row-key
    /// order, `Snapshot::row_key`).
    fn flat(&self) -> Option<&Snapshot> {
        None
    }
}

impl TaskView for Snapshot {
    #[inline]
    fn visit(&self, filter: &CompiledFilter, mut f: impl FnMut(u32)) {
        filter.for_each_match(self, |i| f(i as u32));
    }
    #[inline(always)]
    fn row(&self, i: u32) -> (&Snapshot, usize) {
        (self, i as usize)
    }
    fn generated_at(&self) -> i64 {
        self.generated_at
    }
    fn flat(&self) -> Option<&Snapshot> {
        Some(self)
    }
}

impl TaskView for Live {
    fn visit(&self, filter: &CompiledFilter, f: impl FnMut(u32)) {
        self.for_each_match(filter, f);
    }
    #[inline]
    fn row(&self, i: u32) -> (&Snapshot, usize) {
        self.at(i)
    }
    fn generated_at(&self) -> i64 {
        self.generated_at
    }
}

impl Live {
    /// Layers over a freshly built snapshot (nothing changed yet): O(N).
    pub fn new(base: Snapshot, index: TableIndex) -> Live {
        let base_pos = base.task_id.iter().enumerate().map(|(i, &id)| (id, i as u32)).collect();
        let gone = vec![0u64; base.len().div_ceil(64)];
        let generated_at = base.generated_at;
        let base = Arc::new(base);
        Live {
            tables: base.clone(),
            base,
            base_pos: Arc::new(base_pos),
            gone: Arc::new(gone),
            gone_count: 0,
            changed: Arc::default(),
            tail: Arc::new(Snapshot::default()),
            index: Arc::new(index),
            generated_at,
        }
    }

    /// [`Snapshot::build`] of the facts, as layers.
    pub fn build(borgere: &[BorgerFacts], sager: &[SagFacts], tasks: &[TaskFacts], generated_at: i64) -> Live {
        let (s, index) = Snapshot::build_indexed(borgere, sager, tasks, generated_at);
        Live::new(s, index)
    }

    /// Open tasks.
    pub fn len(&self) -> usize {
        self.base.len() - self.gone_count + self.tail.len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Rows in the layers (open or not): the bound of a global index.
    pub fn row_count(&self) -> usize {
        self.base.len() + self.tail.len()
    }
    /// Tasks changed since the base (see [`COMPACT_AT`]).
    pub fn changed_count(&self) -> usize {
        self.changed.len()
    }
    /// The borger and case tables every row points into.
    pub fn tables(&self) -> &Snapshot {
        &self.tables
    }

    /// The snapshot holding global row `i`, and the row's index in it.
    #[inline]
    pub fn at(&self, i: u32) -> (&Snapshot, usize) {
        let n = self.base.len();
        match (i as usize).checked_sub(n) {
            None => (&self.base, i as usize),
            Some(j) => (&self.tail, j),
        }
    }

    /// The task id of global row `i`.
    pub fn task_id(&self, i: u32) -> u32 {
        let (s, j) = self.at(i);
        s.task_id[j]
    }
    /// Row `i`'s place in "oldest first": its creation day, then its id.
    pub fn age_key(&self, i: u32) -> (u16, u32) {
        let (s, j) = self.at(i);
        (s.created[j], s.task_id[j])
    }
    /// The task type of global row `i`.
    pub fn task_type(&self, i: u32) -> u8 {
        let (s, j) = self.at(i);
        s.task_type[j]
    }

    #[inline(always)]
    fn is_gone(&self, i: usize) -> bool {
        self.gone[i >> 6] & (1 << (i & 63)) != 0
    }

    /// Calls `f` with the global index of every open task `filter` selects:
    /// the base's rows that have not changed, then the tail's.
    pub fn for_each_match(&self, filter: &CompiledFilter, mut f: impl FnMut(u32)) {
        let scan = filter.scan(&self.tables);
        if self.gone_count == 0 {
            scan.for_each(&self.base, |i| f(i as u32));
        } else {
            scan.for_each(&self.base, |i| {
                if !self.is_gone(i) {
                    f(i as u32);
                }
            });
        }
        let n = self.base.len() as u32;
        scan.for_each(&self.tail, |i| f(n + i as u32));
    }

    pub fn count(&self, filter: &CompiledFilter) -> usize {
        let mut n = 0;
        self.for_each_match(filter, |_| n += 1);
        n
    }

    /// Global indices of the tasks `filter` selects.
    pub fn select(&self, filter: &CompiledFilter) -> Vec<u32> {
        let mut out = Vec::new();
        self.for_each_match(filter, |i| out.push(i));
        out
    }

    /// Whether global row `i` is an open task that `filter` selects.
    pub fn matches(&self, filter: &CompiledFilter, i: u32) -> bool {
        let (s, j) = self.at(i);
        !((i as usize) < self.base.len() && self.is_gone(j)) && filter.matches_in(s, &self.tables, j)
    }

    /// The global row of the open task `task_id`.
    pub fn position(&self, task_id: i64) -> Option<u32> {
        match self.changed.get(&task_id) {
            Some(None) => None,
            Some(Some(_)) => {
                let id = u32::try_from(task_id).ok()?;
                let j = self.tail.task_id.iter().position(|&t| t == id)?;
                Some((self.base.len() + j) as u32)
            }
            None => self.base_pos.get(&u32::try_from(task_id).ok()?).copied(),
        }
    }

    /// The facts of the open task `id`.
    pub fn task(&self, id: i64) -> Option<TaskFacts> {
        match self.changed.get(&id) {
            Some(t) => t.clone(),
            None => {
                let &i = self.base_pos.get(&u32::try_from(id).ok()?)?;
                Some(self.base.task_facts(&self.tables, i as usize))
            }
        }
    }

    /// Whether these layers already hold what [`Live::with_tables`] with
    /// `borgere` and `sager`, then [`Live::patched`] with `asked` and
    /// `rows`, would make: the same borger and case facts, and each asked
    /// task open with the same facts or, without an open row, not there. A
    /// change seen twice (an instance's own write read back from the shared
    /// change log) is then no change.
    pub fn holds(&self, asked: &[i64], rows: &[TaskFacts], borgere: &[BorgerFacts], sager: &[SagFacts]) -> bool {
        let now: HashMap<i64, &TaskFacts> = rows.iter().map(|t| (t.id, t)).collect();
        borgere.iter().all(|b| self.borger(b.id).as_ref() == Some(b))
            && sager.iter().all(|c| self.sag(c.id).as_ref() == Some(c))
            && asked.iter().chain(rows.iter().map(|t| &t.id)).all(|&id| {
                let open = now.get(&id).copied().filter(|t| t.status.is_open());
                self.task(id).as_ref() == open
            })
    }

    /// The facts of borger `id`, as the snapshot knows them.
    pub fn borger(&self, id: i64) -> Option<BorgerFacts> {
        let &(b, cpr_day) = self.index.borger.get(&id)?;
        let p = self.tables.borger_pension[b as usize];
        Some(BorgerFacts { id, cpr_day, pensionstype: (p != 0).then_some(u16::from(p)) })
    }

    /// The facts of case `id`, as the snapshot knows them.
    pub fn sag(&self, id: i64) -> Option<SagFacts> {
        let &(c, borger_id) = self.index.case.get(&id)?;
        let (t, y) = (self.tables.case_type[c as usize], self.tables.case_benefit[c as usize]);
        Some(SagFacts { id, borger_id, sagstype: u16::from(t), ydelse: (y != 0).then_some(u16::from(y)) })
    }

    /// Whether the tables know borger `id` / case `id` (a task that refers
    /// to one they do not know needs [`Live::with_tables`] first).
    pub fn knows(&self, borger: Option<i64>, sag: Option<i64>) -> bool {
        borger.is_none_or(|b| self.index.borger.contains_key(&b)) && sag.is_none_or(|c| self.index.case.contains_key(&c))
    }

    /// These layers after a write: `asked` are the ids of the tasks it
    /// touched, `rows` their facts now (a touched id without a row is
    /// gone; a row that is not open leaves). Costs O(tasks changed since
    /// the base), not O(N). The rows' borgere and cases must be known
    /// ([`Live::knows`]).
    pub fn patched(&self, asked: &[i64], rows: &[TaskFacts], generated_at: i64) -> Live {
        let mut changed = BTreeMap::clone(&self.changed);
        let now: HashMap<i64, &TaskFacts> = rows.iter().map(|t| (t.id, t)).collect();
        let mut gone = self.gone.clone();
        let mut gone_count = self.gone_count;
        for &id in asked.iter().chain(rows.iter().map(|t| &t.id)) {
            changed.insert(id, now.get(&id).filter(|t| t.status.is_open()).map(|&t| t.clone()));
            if let Some(&p) = u32::try_from(id).ok().and_then(|id| self.base_pos.get(&id)) {
                let (w, bit) = (p as usize >> 6, 1u64 << (p & 63));
                if gone[w] & bit == 0 {
                    Arc::make_mut(&mut gone)[w] |= bit;
                    gone_count += 1;
                }
            }
        }
        let mut open: Vec<&TaskFacts> = changed.values().flatten().collect();
        open.sort_by_key(|t| task_order(t));
        let mut tail = Snapshot::default();
        for t in open {
            tail.push_task(t, &self.index);
        }
        tail.type_start = type_starts(&tail.task_type).expect("sorted by type above");
        Live { gone, gone_count, changed: Arc::new(changed), tail: Arc::new(tail), generated_at, ..self.clone() }
    }

    /// These layers with the borger and case facts `borgere` and `sager`
    /// added or replaced in the tables (indices stay; new ones are
    /// appended): O(borgere + cases), and nothing when nothing the filter
    /// reads differs. `None` when a known borger's CPR digits changed: the
    /// base's rows carry them, so the caller builds anew.
    pub fn with_tables(&self, borgere: &[BorgerFacts], sager: &[SagFacts]) -> Option<Live> {
        if borgere.iter().all(|b| self.borger(b.id).as_ref() == Some(b)) && sager.iter().all(|c| self.sag(c.id).as_ref() == Some(c)) {
            return Some(self.clone());
        }
        let t = &self.tables;
        let mut blist: Vec<BorgerFacts> =
            t.borger_id.iter().map(|&id| self.borger(i64::from(id)).expect("every table row is indexed")).collect();
        let mut slist: Vec<SagFacts> = t.case_id.iter().map(|&id| self.sag(i64::from(id)).expect("every table row is indexed")).collect();
        for b in borgere {
            match self.index.borger.get(&b.id) {
                Some(&(_, cpr)) if cpr != b.cpr_day => return None,
                Some(&(i, _)) => blist[i as usize] = b.clone(),
                None => blist.push(b.clone()),
            }
        }
        for c in sager {
            match self.index.case.get(&c.id) {
                Some(&(i, _)) => slist[i as usize] = c.clone(),
                None => slist.push(c.clone()),
            }
        }
        let (tables, index) = Snapshot::tables(&blist, &slist);
        Some(Live { tables: Arc::new(tables), index: Arc::new(index), ..self.clone() })
    }

    /// The layers merged into one snapshot: equal to [`Snapshot::build`] of
    /// the same facts (borgere and cases in table order). O(N), a linear
    /// merge per task type.
    pub fn flatten(&self) -> Snapshot {
        let (base, tail) = (&*self.base, &*self.tail);
        let mut out = if self.gone_count == 0 && tail.is_empty() { base.clone() } else { self.merged_rows() };
        let t = &*self.tables;
        out.generated_at = self.generated_at;
        out.borger_id.clone_from(&t.borger_id);
        out.borger_pension.clone_from(&t.borger_pension);
        out.borger_case_start.clone_from(&t.borger_case_start);
        out.borger_cases.clone_from(&t.borger_cases);
        out.case_id.clone_from(&t.case_id);
        out.case_type.clone_from(&t.case_type);
        out.case_benefit.clone_from(&t.case_benefit);
        out.pair_key.clone_from(&t.pair_key);
        out.pair_start.clone_from(&t.pair_start);
        out.pair_borgere.clone_from(&t.pair_borgere);
        out
    }

    /// The open task rows of both layers in snapshot order (no tables).
    fn merged_rows(&self) -> Snapshot {
        let (base, tail) = (&*self.base, &*self.tail);
        let mut out = Snapshot::default();
        reserve(&mut out, self.len());
        for ty in 0..=255u8 {
            let (mut i, bi) = (base.type_range(ty).start, base.type_range(ty).end);
            let (mut j, tj) = (tail.type_range(ty).start, tail.type_range(ty).end);
            loop {
                while i < bi && self.is_gone(i) {
                    i += 1;
                }
                match (i < bi, j < tj) {
                    (true, true) if base.row_key(i) < tail.row_key(j) => {
                        out.push_row(base, i);
                        i += 1;
                    }
                    (_, true) => {
                        out.push_row(tail, j);
                        j += 1;
                    }
                    (true, false) => {
                        out.push_row(base, i);
                        i += 1;
                    }
                    (false, false) => break,
                }
            }
        }
        out.type_start = type_starts(&out.task_type).expect("merged in type order");
        out
    }

    /// The layers merged into a new base (nothing changed since it).
    pub fn compacted(&self) -> Live {
        Live::new(self.flatten(), TableIndex::clone(&self.index))
    }
}

fn reserve(s: &mut Snapshot, n: usize) {
    s.task_id.reserve(n);
    s.created.reserve(n);
    s.borger.reserve(n);
    s.case.reserve(n);
    for col in [&mut s.task_type, &mut s.followup, &mut s.flags, &mut s.source, &mut s.unit, &mut s.cpr_day, &mut s.status] {
        col.reserve(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kilde, OpgaveStatus, Relation};
    use crate::package::{PackageFilter, RelationValg, Sagsudsoegning};
    use chrono::NaiveDate;

    /// A small deterministic generator (xorshift), so a failure repeats.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    struct World {
        borgere: Vec<BorgerFacts>,
        sager: Vec<SagFacts>,
        tasks: Vec<TaskFacts>,
    }

    impl World {
        fn task(&self, rng: &mut Rng, id: i64) -> TaskFacts {
            let person = rng.next(4) != 0;
            let borger = person.then(|| self.borgere[rng.next(self.borgere.len() as u64) as usize].id);
            let sag = borger.and_then(|b| self.sager.iter().find(|c| c.borger_id == b && rng.next(2) == 0).map(|c| c.id));
            let status = [OpgaveStatus::Ubehandlet, OpgaveStatus::IGang, OpgaveStatus::Venter][rng.next(3) as usize];
            TaskFacts {
                id,
                opgavetype: 1 + rng.next(6) as u16,
                opfoelgningstype: (rng.next(3) == 0).then(|| 1 + rng.next(3) as u16),
                relation: if person { Relation::Person } else { Relation::Kommune },
                kilde: [Kilde::Selvbetjening, Kilde::System, Kilde::Bruger][rng.next(3) as usize],
                beloebsgodkendelse: rng.next(5) == 0,
                enhed: 1 + rng.next(4) as u16,
                status,
                oprettet: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(rng.next(30)),
                borger_id: borger,
                sag_id: sag,
            }
        }
    }

    fn filters() -> Vec<CompiledFilter> {
        let f = |p: PackageFilter| CompiledFilter::new(&p);
        vec![
            f(PackageFilter::default()),
            f(PackageFilter { opgavetyper: vec![2, 3], ..Default::default() }),
            f(PackageFilter { cpr_fra: Some(10), cpr_til: Some(40), ..Default::default() }),
            f(PackageFilter { pensionstyper: vec![1], relation: Some(RelationValg::Person), ..Default::default() }),
            f(PackageFilter { sagstyper: vec![2], ydelser: vec![1], sagsudsoegning: Sagsudsoegning::Person, ..Default::default() }),
            f(PackageFilter { sagstyper: vec![1, 3], sagsudsoegning: Sagsudsoegning::Haendelse, ..Default::default() }),
        ]
    }

    fn check(live: &Live, w: &World, at: i64) {
        let flat = Snapshot::build(&w.borgere, &w.sager, &w.tasks, at);
        assert_eq!(live.flatten(), flat);
        assert_eq!(live.len(), flat.len());
        for f in filters() {
            assert_eq!(live.count(&f), f.count(&flat), "{f:?}");
            let mut ids: Vec<u32> = live.select(&f).iter().map(|&i| live.row(i).0.task_id[live.row(i).1]).collect();
            let mut want: Vec<u32> = f.select(&flat).iter().map(|&i| flat.task_id[i as usize]).collect();
            let one_by_one: Vec<u32> = (0..(live.row_count() as u32)).filter(|&i| live.matches(&f, i)).collect();
            let mut selected = live.select(&f);
            selected.sort_unstable();
            assert_eq!(selected, one_by_one, "row by row = the scan: {f:?}");
            ids.sort_unstable();
            want.sort_unstable();
            assert_eq!(ids, want);
        }
        for t in &w.tasks {
            let open = t.status.is_open();
            assert_eq!(live.task(t.id).as_ref(), open.then_some(t), "task {}", t.id);
            let pos = live.position(t.id);
            assert_eq!(pos.is_some(), open);
            if let Some(p) = pos {
                let (s, j) = live.row(p);
                assert_eq!(i64::from(s.task_id[j]), t.id);
            }
        }
    }

    #[test]
    fn patched_layers_equal_a_fresh_build() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut w = World { borgere: Vec::new(), sager: Vec::new(), tasks: Vec::new() };
        for id in 1..=40 {
            w.borgere.push(BorgerFacts { id, cpr_day: 1 + rng.next(31) as u8, pensionstype: (rng.next(2) == 0).then_some(1) });
        }
        for id in 1..=60 {
            let borger_id = 1 + rng.next(40) as i64;
            w.sager.push(SagFacts { id: 100 + id, borger_id, sagstype: 1 + rng.next(3) as u16, ydelse: Some(1 + rng.next(2) as u16) });
        }
        let mut next_id = 1;
        for _ in 0..300 {
            let t = w.task(&mut rng, next_id);
            w.tasks.push(t);
            next_id += 1;
        }
        let mut live = Live::build(&w.borgere, &w.sager, &w.tasks, 1);
        check(&live, &w, 1);
        for round in 2..400i64 {
            match rng.next(10) {
                // a new task
                0..=3 => {
                    let t = w.task(&mut rng, next_id);
                    next_id += 1;
                    w.tasks.push(t.clone());
                    assert!(!live.holds(&[t.id], std::slice::from_ref(&t), &[], &[]), "a new task is a change");
                    live = live.patched(&[t.id], std::slice::from_ref(&t), round);
                    assert!(live.holds(&[t.id], &[t], &[], &[]), "the same again is none");
                }
                // a task changes (status, closed, unit)
                4..=6 => {
                    let i = rng.next(w.tasks.len() as u64) as usize;
                    let t = &mut w.tasks[i];
                    match rng.next(3) {
                        0 => t.status = OpgaveStatus::Afsluttet,
                        1 => t.status = OpgaveStatus::IGang,
                        _ => t.enhed = 1 + rng.next(4) as u16,
                    }
                    let t = t.clone();
                    live = live.patched(&[t.id], &[t], round);
                }
                // a new borger with a case and a task, or a pension or case change
                7 | 8 => {
                    let b = BorgerFacts { id: 1000 + round, cpr_day: 61 + rng.next(31) as u8, pensionstype: Some(1) };
                    let c = SagFacts { id: 2000 + round, borger_id: b.id, sagstype: 2, ydelse: Some(1) };
                    let old = w.sager.iter_mut().find(|c| c.id == 101).unwrap();
                    old.ydelse = Some(1 + rng.next(2) as u16);
                    let old = old.clone();
                    let changed_borger = &mut w.borgere[rng.next(40) as usize];
                    changed_borger.pensionstype = (rng.next(2) == 0).then_some(1);
                    let changed_borger = changed_borger.clone();
                    w.borgere.push(b.clone());
                    w.sager.push(c.clone());
                    let mut t = w.task(&mut rng, next_id);
                    next_id += 1;
                    (t.relation, t.borger_id, t.sag_id) = (Relation::Person, Some(b.id), Some(c.id));
                    w.tasks.push(t.clone());
                    assert!(!live.knows(t.borger_id, t.sag_id));
                    let (borgere, sager) = ([b, changed_borger], [c, old]);
                    assert!(!live.holds(&[], &[], &borgere[..1], &[]), "a new borger is a change");
                    live = live.with_tables(&borgere, &sager).expect("no CPR changed");
                    assert!(live.knows(t.borger_id, t.sag_id));
                    live = live.patched(&[t.id], std::slice::from_ref(&t), round);
                    assert!(live.holds(&[t.id], &[t], &borgere, &sager));
                }
                // compaction, and a touched id that is gone
                _ => {
                    live = if rng.next(2) == 0 { live.compacted() } else { live.patched(&[999_999], &[], round) };
                    live.generated_at = round;
                }
            }
            check(&live, &w, round);
        }
        assert!(live.changed_count() > 0);
        let b = &w.borgere[0];
        assert!(live.with_tables(&[BorgerFacts { cpr_day: b.cpr_day % 90 + 1, ..b.clone() }], &[]).is_none(), "a CPR change rebuilds");
    }
}
