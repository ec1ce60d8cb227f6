//! The task snapshot: every open task with just the facts the filter needs,
//! stored column by column so a filter is a tight loop over small integers.
//! The server builds it from the database and evaluates packages on it; the
//! browser fetches the same bytes (`GET /api/tasks/snapshot`), decodes them
//! with [`Snapshot::decode`] and runs the same [`crate::filter`] code.
//!
//! Invariant: a snapshot never holds a whole CPR number, only the first two
//! digits (`cpr_day`) of a person task's borger.
//!
//! It also holds the ids of its borgere and cases, so it can be turned back
//! into facts ([`Snapshot::facts`]) and patched by a [`SnapshotDelta`]
//! (`crate::snapshot::delta`).

pub mod delta;
pub mod live;

pub use delta::SnapshotDelta;
pub use live::Live;

use crate::model::{Kilde, OpgaveStatus, Relation};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Index meaning "none" in `borger` and `case` columns.
pub const NONE: u32 = u32::MAX;
/// Flag bits in the `flags` column.
pub const FLAG_PERSON: u8 = 1;
pub const FLAG_AMOUNT: u8 = 2;

const MAGIC: &[u8; 8] = b"OPSNAP02";

/// Day numbers in the snapshot count from this date.
pub fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date")
}
pub fn day_number(d: NaiveDate) -> u16 {
    u16::try_from((d - epoch()).num_days().max(0)).unwrap_or(u16::MAX)
}
pub fn from_day_number(n: u16) -> NaiveDate {
    epoch() + chrono::Days::new(u64::from(n))
}

/// What the filter knows about a borger.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BorgerFacts {
    pub id: i64,
    /// First two digits of the CPR number (1–31, 61–91).
    pub cpr_day: u8,
    #[serde(default)]
    pub pensionstype: Option<u16>,
}

/// What the filter knows about a case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SagFacts {
    pub id: i64,
    pub borger_id: i64,
    pub sagstype: u16,
    #[serde(default)]
    pub ydelse: Option<u16>,
}

/// What the filter knows about a task.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskFacts {
    pub id: i64,
    pub opgavetype: u16,
    #[serde(default)]
    pub opfoelgningstype: Option<u16>,
    pub relation: Relation,
    pub kilde: Kilde,
    #[serde(default)]
    pub beloebsgodkendelse: bool,
    pub enhed: u16,
    #[serde(default = "default_status")]
    pub status: OpgaveStatus,
    #[serde(default = "epoch")]
    pub oprettet: NaiveDate,
    #[serde(default)]
    pub borger_id: Option<i64>,
    #[serde(default)]
    pub sag_id: Option<i64>,
}

fn default_status() -> OpgaveStatus {
    OpgaveStatus::Ubehandlet
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    /// Unix seconds when the server built it.
    pub generated_at: i64,
    // one entry per task
    pub task_id: Vec<u32>,
    pub task_type: Vec<u8>,
    pub followup: Vec<u8>,
    pub flags: Vec<u8>,
    pub source: Vec<u8>,
    pub unit: Vec<u8>,
    pub cpr_day: Vec<u8>,
    pub status: Vec<u8>,
    pub created: Vec<u16>,
    pub borger: Vec<u32>,
    pub case: Vec<u32>,
    // one entry per borger
    /// The borger's database id.
    pub borger_id: Vec<u32>,
    pub borger_pension: Vec<u8>,
    /// `borger_cases[borger_case_start[b]..borger_case_start[b + 1]]` are
    /// borger `b`'s cases. Length: borgers + 1.
    pub borger_case_start: Vec<u32>,
    pub borger_cases: Vec<u32>,
    // one entry per case
    /// The case's database id.
    pub case_id: Vec<u32>,
    pub case_type: Vec<u8>,
    pub case_benefit: Vec<u8>,
    /// Derived, not encoded: tasks are ordered by task type (then oldest
    /// first, `Snapshot::row_key`; every constructor and `decode` keep
    /// that order), and
    /// `type_start[t]..type_start[t + 1]` are the tasks of type `t`
    /// (257 entries), so a filter on task types scans only those.
    pub type_start: Vec<u32>,
    /// Derived, not encoded ([`Snapshot::derive_pairs`]): every distinct
    /// (case type, benefit) pair the cases hold, as `type << 8 | benefit`,
    /// ascending; `pair_borgere[pair_start[k]..pair_start[k + 1]]` are the
    /// borgere (indices, ascending, each once) with a case of pair `k`. A
    /// Person relation filter on case criteria reads the borgere of the
    /// pairs it allows instead of every borger's cases.
    pub pair_key: Vec<u16>,
    pub pair_start: Vec<u32>,
    pub pair_borgere: Vec<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapshotError(pub String);

impl std::fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where each borger (with the first two digits of their CPR number) and
/// each case sits in a snapshot's tables.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TableIndex {
    pub borger: HashMap<i64, (u32, u8)>,
    /// The case's index and its borger's id.
    pub case: HashMap<i64, (u32, i64)>,
}

/// The order of a snapshot's tasks (as [`Snapshot::row_key`]).
pub(crate) fn task_order(t: &TaskFacts) -> (u8, u16, u32) {
    (small(t.opgavetype), day_number(t.oprettet), id32(t.id))
}

fn small(id: u16) -> u8 {
    u8::try_from(id).unwrap_or(u8::MAX)
}

fn id32(id: i64) -> u32 {
    u32::try_from(id).unwrap_or(u32::MAX)
}

impl Snapshot {
    pub fn len(&self) -> usize {
        self.task_id.len()
    }
    pub fn is_empty(&self) -> bool {
        self.task_id.is_empty()
    }
    pub fn borger_count(&self) -> usize {
        self.borger_pension.len()
    }

    /// Builds a snapshot from row-wise facts. Closed tasks are left out;
    /// a task whose borger or case is unknown gets none.
    pub fn build(borgere: &[BorgerFacts], sager: &[SagFacts], tasks: &[TaskFacts], generated_at: i64) -> Snapshot {
        Snapshot::build_indexed(borgere, sager, tasks, generated_at).0
    }

    /// [`Snapshot::build`], and where each borger and case landed.
    pub fn build_indexed(borgere: &[BorgerFacts], sager: &[SagFacts], tasks: &[TaskFacts], generated_at: i64) -> (Snapshot, TableIndex) {
        let (mut s, index) = Snapshot::tables(borgere, sager);
        s.generated_at = generated_at;
        let mut open: Vec<&TaskFacts> = tasks.iter().filter(|t| t.status.is_open()).collect();
        open.sort_by_key(|t| task_order(t));
        for t in open {
            s.push_task(t, &index);
        }
        s.type_start = type_starts(&s.task_type).expect("sorted by type above");
        (s, index)
    }

    /// A snapshot without tasks holding the borger and case tables, in the
    /// order given, and where each id landed.
    pub fn tables(borgere: &[BorgerFacts], sager: &[SagFacts]) -> (Snapshot, TableIndex) {
        let mut s = Snapshot::default();
        let index = TableIndex {
            borger: borgere.iter().enumerate().map(|(i, b)| (b.id, (i as u32, b.cpr_day))).collect(),
            case: sager.iter().enumerate().map(|(i, c)| (c.id, (i as u32, c.borger_id))).collect(),
        };
        s.borger_id = borgere.iter().map(|b| id32(b.id)).collect();
        s.case_id = sager.iter().map(|c| id32(c.id)).collect();
        s.case_type = sager.iter().map(|c| small(c.sagstype)).collect();
        s.case_benefit = sager.iter().map(|c| small(c.ydelse.unwrap_or(0))).collect();
        s.borger_pension = borgere.iter().map(|b| small(b.pensionstype.unwrap_or(0))).collect();
        // group cases by borger (counting sort keeps case order within a borger)
        let owner = |c: &SagFacts| index.borger.get(&c.borger_id).map(|&(b, _)| b);
        let mut counts = vec![0u32; borgere.len() + 1];
        for c in sager {
            if let Some(b) = owner(c) {
                counts[b as usize + 1] += 1;
            }
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        s.borger_case_start = counts.clone();
        s.borger_cases = vec![0; *counts.last().unwrap_or(&0) as usize];
        let mut fill = counts;
        for (ci, c) in sager.iter().enumerate() {
            if let Some(b) = owner(c) {
                s.borger_cases[fill[b as usize] as usize] = ci as u32;
                fill[b as usize] += 1;
            }
        }
        s.type_start = vec![0; 257];
        s.derive_pairs();
        (s, index)
    }

    /// Sets `pair_key`, `pair_start` and `pair_borgere` from the borger
    /// and case tables: O(cases log cases).
    pub(crate) fn derive_pairs(&mut self) {
        let mut held: Vec<(u16, u32)> = Vec::with_capacity(self.borger_cases.len());
        for (b, w) in self.borger_case_start.windows(2).enumerate() {
            for &c in &self.borger_cases[w[0] as usize..w[1] as usize] {
                let c = c as usize;
                held.push((u16::from(self.case_type[c]) << 8 | u16::from(self.case_benefit[c]), b as u32));
            }
        }
        held.sort_unstable();
        held.dedup();
        self.pair_key.clear();
        self.pair_start.clear();
        self.pair_borgere = held.iter().map(|&(_, b)| b).collect();
        for (i, &(key, _)) in held.iter().enumerate() {
            if self.pair_key.last() != Some(&key) {
                self.pair_key.push(key);
                self.pair_start.push(i as u32);
            }
        }
        self.pair_start.push(held.len() as u32);
    }

    /// Appends one open task's row; its borger and case are looked up in
    /// `index`. The caller keeps the rows in [`task_order`] and sets
    /// `type_start`.
    pub(crate) fn push_task(&mut self, t: &TaskFacts, index: &TableIndex) {
        let (b, cpr_day) = t.borger_id.and_then(|id| index.borger.get(&id).copied()).unwrap_or((NONE, 0));
        let person = t.relation == Relation::Person;
        self.task_id.push(id32(t.id));
        self.task_type.push(small(t.opgavetype));
        self.followup.push(small(t.opfoelgningstype.unwrap_or(0)));
        self.flags.push(if person { FLAG_PERSON } else { 0 } | if t.beloebsgodkendelse { FLAG_AMOUNT } else { 0 });
        self.source.push(t.kilde.code());
        self.unit.push(small(t.enhed));
        self.cpr_day.push(if person && b != NONE { cpr_day } else { 0 });
        self.status.push(t.status.code());
        self.created.push(day_number(t.oprettet));
        self.borger.push(b);
        self.case.push(t.sag_id.and_then(|id| index.case.get(&id)).map_or(NONE, |&(c, _)| c));
    }

    /// Copies task row `i` of `from` onto the end of this snapshot's rows.
    pub(crate) fn push_row(&mut self, from: &Snapshot, i: usize) {
        self.task_id.push(from.task_id[i]);
        self.task_type.push(from.task_type[i]);
        self.followup.push(from.followup[i]);
        self.flags.push(from.flags[i]);
        self.source.push(from.source[i]);
        self.unit.push(from.unit[i]);
        self.cpr_day.push(from.cpr_day[i]);
        self.status.push(from.status[i]);
        self.created.push(from.created[i]);
        self.borger.push(from.borger[i]);
        self.case.push(from.case[i]);
    }

    /// Task row `i` as facts, with the ids of its borger and case read from
    /// `tables` (the snapshot itself, or the tables it is evaluated with).
    pub fn task_facts(&self, tables: &Snapshot, i: usize) -> TaskFacts {
        let opt = |v: u8| (v != 0).then_some(u16::from(v));
        TaskFacts {
            id: i64::from(self.task_id[i]),
            opgavetype: u16::from(self.task_type[i]),
            opfoelgningstype: opt(self.followup[i]),
            relation: if self.flags[i] & FLAG_PERSON != 0 { Relation::Person } else { Relation::Kommune },
            kilde: Kilde::from_code(self.source[i]).unwrap_or(Kilde::Bruger),
            beloebsgodkendelse: self.flags[i] & FLAG_AMOUNT != 0,
            enhed: u16::from(self.unit[i]),
            status: OpgaveStatus::from_code(self.status[i]).unwrap_or(OpgaveStatus::Ubehandlet),
            oprettet: from_day_number(self.created[i]),
            borger_id: (self.borger[i] != NONE).then(|| i64::from(tables.borger_id[self.borger[i] as usize])),
            sag_id: (self.case[i] != NONE).then(|| i64::from(tables.case_id[self.case[i] as usize])),
        }
    }

    /// The order of a snapshot's task rows: by task type, then oldest first.
    pub(crate) fn row_key(&self, i: usize) -> (u8, u16, u32) {
        (self.task_type[i], self.created[i], self.task_id[i])
    }

    /// The tasks of task type `t`, as a range of task indices.
    #[inline]
    pub fn type_range(&self, t: u8) -> std::ops::Range<usize> {
        match self.type_start.get(usize::from(t)..=usize::from(t) + 1) {
            Some(w) => w[0] as usize..w[1] as usize,
            None => 0..0,
        }
    }

    /// The compact wire form (little-endian columns after a header).
    pub fn encode(&self) -> Vec<u8> {
        let n = self.len();
        let mut out = Vec::with_capacity(64 + n * 21 + self.borger_cases.len() * 4 + (self.borger_count() + self.case_type.len()) * 5);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.generated_at.to_le_bytes());
        for count in [n, self.borger_count(), self.case_type.len(), self.borger_cases.len()] {
            out.extend_from_slice(&(count as u32).to_le_bytes());
        }
        put32(&mut out, &self.task_id);
        for col in [&self.task_type, &self.followup, &self.flags, &self.source, &self.unit, &self.cpr_day, &self.status] {
            out.extend_from_slice(col);
        }
        for v in &self.created {
            out.extend_from_slice(&v.to_le_bytes());
        }
        put32(&mut out, &self.borger);
        put32(&mut out, &self.case);
        put32(&mut out, &self.borger_id);
        out.extend_from_slice(&self.borger_pension);
        put32(&mut out, &self.borger_case_start);
        put32(&mut out, &self.borger_cases);
        put32(&mut out, &self.case_id);
        out.extend_from_slice(&self.case_type);
        out.extend_from_slice(&self.case_benefit);
        out
    }

    /// Decodes and checks a snapshot: every index is in range, so the
    /// filter can never read out of bounds on a damaged one.
    pub fn decode(bytes: &[u8]) -> Result<Snapshot, SnapshotError> {
        let bad = |what: &str| SnapshotError(format!("Opgavedata fra serveren kunne ikke læses ({what}). Genindlæs siden."));
        let mut r = Reader { b: bytes, pos: 0 };
        if r.take(8).ok_or_else(|| bad("header"))? != MAGIC {
            return Err(bad("ukendt format"));
        }
        let generated_at = i64::from_le_bytes(r.take(8).ok_or_else(|| bad("header"))?.try_into().expect("8 bytes"));
        let mut counts = [0usize; 4];
        for c in &mut counts {
            *c = r.u32s(1).ok_or_else(|| bad("header"))?[0] as usize;
        }
        let [n, nb, nc, nbc] = counts;
        let short = || bad("for kort");
        let s = Snapshot {
            generated_at,
            task_id: r.u32s(n).ok_or_else(short)?,
            task_type: r.bytes(n).ok_or_else(short)?,
            followup: r.bytes(n).ok_or_else(short)?,
            flags: r.bytes(n).ok_or_else(short)?,
            source: r.bytes(n).ok_or_else(short)?,
            unit: r.bytes(n).ok_or_else(short)?,
            cpr_day: r.bytes(n).ok_or_else(short)?,
            status: r.bytes(n).ok_or_else(short)?,
            created: r.u16s(n).ok_or_else(short)?,
            borger: r.u32s(n).ok_or_else(short)?,
            case: r.u32s(n).ok_or_else(short)?,
            borger_id: r.u32s(nb).ok_or_else(short)?,
            borger_pension: r.bytes(nb).ok_or_else(short)?,
            borger_case_start: r.u32s(nb + 1).ok_or_else(short)?,
            borger_cases: r.u32s(nbc).ok_or_else(short)?,
            case_id: r.u32s(nc).ok_or_else(short)?,
            case_type: r.bytes(nc).ok_or_else(short)?,
            case_benefit: r.bytes(nc).ok_or_else(short)?,
            type_start: Vec::new(),
            pair_key: Vec::new(),
            pair_start: Vec::new(),
            pair_borgere: Vec::new(),
        };
        if r.pos != bytes.len() {
            return Err(bad("for lang"));
        }
        let in_range = |v: u32, len: usize| v == NONE || (v as usize) < len;
        if !s.borger.iter().all(|&b| in_range(b, nb)) || !s.case.iter().all(|&c| in_range(c, nc)) {
            return Err(bad("ugyldigt indeks"));
        }
        if !s.borger_cases.iter().all(|&c| (c as usize) < nc)
            || s.borger_case_start.windows(2).any(|w| w[0] > w[1])
            || s.borger_case_start.first() != Some(&0)
            || s.borger_case_start.last().map(|&l| l as usize) != Some(nbc)
        {
            return Err(bad("ugyldig sagsliste"));
        }
        if !s.source.iter().all(|&c| Kilde::from_code(c).is_some())
            || !s.status.iter().all(|&c| OpgaveStatus::from_code(c).is_some_and(OpgaveStatus::is_open))
        {
            return Err(bad("ugyldig kode"));
        }
        // Tasks in row-key order, as every snapshot keeps them (the preview
        // of a flat snapshot relies on it: `preview::by_type_runs`).
        if (1..n).any(|i| s.row_key(i - 1) >= s.row_key(i)) {
            return Err(bad("ikke ordnet efter opgavetype og alder"));
        }
        let type_start = type_starts(&s.task_type).expect("in row-key order above");
        let mut s = Snapshot { type_start, ..s };
        s.derive_pairs();
        Ok(s)
    }

    /// The cases of borger index `b`.
    pub fn cases_of(&self, b: u32) -> &[u32] {
        let b = b as usize;
        &self.borger_cases[self.borger_case_start[b] as usize..self.borger_case_start[b + 1] as usize]
    }
}

/// Start offsets per task type; `None` unless `types` is sorted.
pub(crate) fn type_starts(types: &[u8]) -> Option<Vec<u32>> {
    if types.windows(2).any(|w| w[0] > w[1]) {
        return None;
    }
    let mut starts = vec![0u32; 257];
    for &t in types {
        starts[usize::from(t) + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    Some(starts)
}

fn put32(out: &mut Vec<u8>, v: &[u32]) {
    for x in v {
        out.extend_from_slice(&x.to_le_bytes());
    }
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.b.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }
    fn bytes(&mut self, n: usize) -> Option<Vec<u8>> {
        self.take(n).map(<[u8]>::to_vec)
    }
    fn u16s(&mut self, n: usize) -> Option<Vec<u16>> {
        Some(self.take(n.checked_mul(2)?)?.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect())
    }
    fn u32s(&mut self, n: usize) -> Option<Vec<u32>> {
        Some(self.take(n.checked_mul(4)?)?.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Snapshot {
        let borgere =
            vec![BorgerFacts { id: 10, cpr_day: 5, pensionstype: Some(1) }, BorgerFacts { id: 11, cpr_day: 65, pensionstype: None }];
        let sager = vec![
            SagFacts { id: 100, borger_id: 11, sagstype: 3, ydelse: None },
            SagFacts { id: 101, borger_id: 10, sagstype: 1, ydelse: Some(2) },
            SagFacts { id: 102, borger_id: 11, sagstype: 7, ydelse: None },
        ];
        let t = |id, borger_id, sag_id, relation| TaskFacts {
            id,
            opgavetype: 1,
            opfoelgningstype: None,
            relation,
            kilde: Kilde::Selvbetjening,
            beloebsgodkendelse: false,
            enhed: 1,
            status: OpgaveStatus::Ubehandlet,
            oprettet: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            borger_id,
            sag_id,
        };
        let mut closed = t(4, Some(10), None, Relation::Person);
        closed.status = OpgaveStatus::Afsluttet;
        let tasks = vec![
            t(1, Some(10), Some(101), Relation::Person),
            t(2, None, None, Relation::Kommune),
            t(3, Some(11), Some(102), Relation::Person),
            closed,
        ];
        Snapshot::build(&borgere, &sager, &tasks, 1_700_000_000)
    }

    #[test]
    fn build_groups_cases_and_skips_closed_tasks() {
        let s = sample();
        assert_eq!(s.task_id, [1, 2, 3]);
        assert_eq!(s.cpr_day, [5, 0, 65]);
        assert_eq!(s.cases_of(0), [1]);
        assert_eq!(s.cases_of(1), [0, 2]);
        assert_eq!(s.case, [1, NONE, 2]);
        assert_eq!(from_day_number(s.created[0]), NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
    }

    #[test]
    fn encode_decode_round_trip() {
        let s = sample();
        assert_eq!(Snapshot::decode(&s.encode()).unwrap(), s);
    }

    #[test]
    fn decode_rejects_damage() {
        let bytes = sample().encode();
        assert!(Snapshot::decode(&bytes[..bytes.len() - 1]).is_err());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Snapshot::decode(&longer).is_err());
        assert!(Snapshot::decode(b"OPSNAP01").is_err());
        // corrupt a borger index (first task's borger column)
        let n = 3;
        let borger_col = 8 + 8 + 16 + n * 4 + n * 7 + n * 2;
        let mut bad = bytes;
        bad[borger_col..borger_col + 4].copy_from_slice(&7u32.to_le_bytes());
        assert!(Snapshot::decode(&bad).is_err());
    }

    #[test]
    fn decode_rejects_tasks_out_of_order() {
        // Same type and day: by id. Swapping the first two ids breaks the order.
        let mut s = sample();
        s.task_id.swap(0, 1);
        let e = Snapshot::decode(&s.encode()).unwrap_err();
        assert!(e.0.contains("ikke ordnet efter opgavetype og alder"), "{e:?}");
        s.task_id.swap(0, 1);
        assert!(Snapshot::decode(&s.encode()).is_ok());
    }
}
