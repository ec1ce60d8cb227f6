//! A snapshot delta: what changed between two snapshots of the server, so a
//! browser that holds the older one can patch it
//! ([`Snapshot::apply_delta`]) instead of downloading the whole snapshot
//! again (`GET /api/tasks/snapshot/delta?since=N`).
//!
//! A delta holds the current facts of every task that changed and is open,
//! the ids of the tasks that left (closed or gone), and the facts of every
//! borger and case that changed or that a changed task refers to (so a new
//! person task always finds its borger's `cpr_day`). Borgere and cases never
//! leave a snapshot. `from` and `to` are the server's change numbers.
//!
//! Applying turns the snapshot back into facts ([`Snapshot::facts`]),
//! patches them and builds again, so a patched snapshot equals the one the
//! server built from the same facts (O(N), fine in the browser).
//!
//! Wire form (little-endian): `OPDELT01`, `from` u64, `to` u64,
//! `generated_at` i64, four u32 counts (borgere, cases, tasks, removed), then
//! the rows; `Option`s are a presence byte and the value.

use super::{epoch, BorgerFacts, SagFacts, Snapshot, SnapshotError, TaskFacts, FLAG_PERSON, NONE};
use crate::model::{Kilde, OpgaveStatus, Relation};

const MAGIC: &[u8; 8] = b"OPDELT01";

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SnapshotDelta {
    /// The change number of the snapshot this delta applies to.
    pub from: u64,
    /// The change number of the snapshot it yields.
    pub to: u64,
    /// `generated_at` of the yielded snapshot.
    pub generated_at: i64,
    pub borgere: Vec<BorgerFacts>,
    pub sager: Vec<SagFacts>,
    /// Changed or new open tasks.
    pub tasks: Vec<TaskFacts>,
    /// Ids of tasks that are no longer open.
    pub removed: Vec<i64>,
}

/// The ids a change (or a run of changes) touched.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Touched<'a> {
    pub tasks: &'a [i64],
    pub sager: &'a [i64],
    pub borgere: &'a [i64],
}

/// Where a delta reads the current facts from.
pub trait FactsLookup {
    /// The open task `id`, if it is one.
    fn task(&self, id: i64) -> Option<TaskFacts>;
    fn sag(&self, id: i64) -> Option<SagFacts>;
    fn borger(&self, id: i64) -> Option<BorgerFacts>;
}

/// Facts as vectors sorted by id.
#[derive(Clone, Copy, Debug)]
pub struct SortedFacts<'a> {
    pub borgere: &'a [BorgerFacts],
    pub sager: &'a [SagFacts],
    pub tasks: &'a [TaskFacts],
}

fn find<T: Clone>(sorted: &[T], id: i64, key: impl Fn(&T) -> i64) -> Option<T> {
    sorted.binary_search_by_key(&id, key).ok().map(|i| sorted[i].clone())
}

impl FactsLookup for SortedFacts<'_> {
    fn task(&self, id: i64) -> Option<TaskFacts> {
        find(self.tasks, id, |t| t.id).filter(|t| t.status.is_open())
    }
    fn sag(&self, id: i64) -> Option<SagFacts> {
        find(self.sager, id, |c| c.id)
    }
    fn borger(&self, id: i64) -> Option<BorgerFacts> {
        find(self.borgere, id, |b| b.id)
    }
}

impl FactsLookup for super::Live {
    fn task(&self, id: i64) -> Option<TaskFacts> {
        super::Live::task(self, id)
    }
    fn sag(&self, id: i64) -> Option<SagFacts> {
        super::Live::sag(self, id)
    }
    fn borger(&self, id: i64) -> Option<BorgerFacts> {
        super::Live::borger(self, id)
    }
}

impl SnapshotDelta {
    /// The delta for the ids `touched`, read from the facts after the
    /// change: a touched task that is open is sent, one that is closed or
    /// gone is removed; every touched borger and case is sent, and so is
    /// every borger and case a sent task or case refers to.
    pub fn of(facts: &impl FactsLookup, touched: &Touched<'_>) -> SnapshotDelta {
        let sorted = |ids: &mut Vec<i64>| {
            ids.sort_unstable();
            ids.dedup();
        };
        let mut task_ids = touched.tasks.to_vec();
        sorted(&mut task_ids);
        let mut d = SnapshotDelta::default();
        for id in task_ids {
            match facts.task(id) {
                Some(t) => d.tasks.push(t),
                None => d.removed.push(id),
            }
        }
        let mut sag_ids: Vec<i64> = touched.sager.iter().copied().chain(d.tasks.iter().filter_map(|t| t.sag_id)).collect();
        sorted(&mut sag_ids);
        d.sager = sag_ids.into_iter().filter_map(|id| facts.sag(id)).collect();
        let mut borger_ids: Vec<i64> = touched
            .borgere
            .iter()
            .copied()
            .chain(d.tasks.iter().filter_map(|t| t.borger_id))
            .chain(d.sager.iter().map(|c| c.borger_id))
            .collect();
        sorted(&mut borger_ids);
        d.borgere = borger_ids.into_iter().filter_map(|id| facts.borger(id)).collect();
        d
    }

    /// No task, borger or case changed.
    pub fn is_empty(&self) -> bool {
        self.borgere.is_empty() && self.sager.is_empty() && self.tasks.is_empty() && self.removed.is_empty()
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out =
            Vec::with_capacity(48 + self.borgere.len() * 12 + self.sager.len() * 24 + self.tasks.len() * 40 + self.removed.len() * 8);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.from.to_le_bytes());
        out.extend_from_slice(&self.to.to_le_bytes());
        out.extend_from_slice(&self.generated_at.to_le_bytes());
        for n in [self.borgere.len(), self.sager.len(), self.tasks.len(), self.removed.len()] {
            out.extend_from_slice(&(n as u32).to_le_bytes());
        }
        for b in &self.borgere {
            out.extend_from_slice(&b.id.to_le_bytes());
            out.push(b.cpr_day);
            put_opt16(&mut out, b.pensionstype);
        }
        for c in &self.sager {
            out.extend_from_slice(&c.id.to_le_bytes());
            out.extend_from_slice(&c.borger_id.to_le_bytes());
            out.extend_from_slice(&c.sagstype.to_le_bytes());
            put_opt16(&mut out, c.ydelse);
        }
        for t in &self.tasks {
            out.extend_from_slice(&t.id.to_le_bytes());
            out.extend_from_slice(&t.opgavetype.to_le_bytes());
            put_opt16(&mut out, t.opfoelgningstype);
            out.extend_from_slice(&[t.relation.code(), t.kilde.code(), u8::from(t.beloebsgodkendelse), t.status.code()]);
            out.extend_from_slice(&t.enhed.to_le_bytes());
            let days = i32::try_from((t.oprettet - epoch()).num_days()).unwrap_or(i32::MAX);
            out.extend_from_slice(&days.to_le_bytes());
            put_opt64(&mut out, t.borger_id);
            put_opt64(&mut out, t.sag_id);
        }
        for id in &self.removed {
            out.extend_from_slice(&id.to_le_bytes());
        }
        out
    }

    /// Decodes and checks a delta (every code known, nothing left over).
    pub fn decode(bytes: &[u8]) -> Result<SnapshotDelta, SnapshotError> {
        let bad = |what: &str| SnapshotError(format!("Ændringer fra serveren kunne ikke læses ({what}). Genindlæs siden."));
        let mut r = R { b: bytes, pos: 0 };
        if r.take(8).ok_or_else(|| bad("header"))? != MAGIC {
            return Err(bad("ukendt format"));
        }
        let short = || bad("for kort");
        let from = r.u64().ok_or_else(short)?;
        let to = r.u64().ok_or_else(short)?;
        let generated_at = r.u64().ok_or_else(short)? as i64;
        let mut counts = [0usize; 4];
        for c in &mut counts {
            *c = r.u32().ok_or_else(short)? as usize;
        }
        // Each row takes at least 8 bytes: a count beyond the bytes left is damage.
        if counts.iter().try_fold(0usize, |a, &c| a.checked_add(c)).is_none_or(|sum| sum.saturating_mul(8) > bytes.len()) {
            return Err(short());
        }
        let [nb, nc, nt, nr] = counts;
        let mut d = SnapshotDelta { from, to, generated_at, ..Default::default() };
        for _ in 0..nb {
            let id = r.i64().ok_or_else(short)?;
            let cpr_day = r.u8().ok_or_else(short)?;
            d.borgere.push(BorgerFacts { id, cpr_day, pensionstype: r.opt16().ok_or_else(short)? });
        }
        for _ in 0..nc {
            let id = r.i64().ok_or_else(short)?;
            let borger_id = r.i64().ok_or_else(short)?;
            let sagstype = r.u16().ok_or_else(short)?;
            d.sager.push(SagFacts { id, borger_id, sagstype, ydelse: r.opt16().ok_or_else(short)? });
        }
        for _ in 0..nt {
            let id = r.i64().ok_or_else(short)?;
            let opgavetype = r.u16().ok_or_else(short)?;
            let opfoelgningstype = r.opt16().ok_or_else(short)?;
            let codes = r.take(4).ok_or_else(short)?;
            let relation = Relation::from_code(codes[0]).ok_or_else(|| bad("ugyldig kode"))?;
            let kilde = Kilde::from_code(codes[1]).ok_or_else(|| bad("ugyldig kode"))?;
            let beloebsgodkendelse = codes[2] != 0;
            let status = OpgaveStatus::from_code(codes[3]).ok_or_else(|| bad("ugyldig kode"))?;
            let enhed = r.u16().ok_or_else(short)?;
            let days = r.u32().ok_or_else(short)? as i32;
            let oprettet = epoch()
                .checked_add_signed(chrono::TimeDelta::try_days(i64::from(days)).ok_or_else(|| bad("ugyldig dato"))?)
                .ok_or_else(|| bad("ugyldig dato"))?;
            let borger_id = r.opt64().ok_or_else(short)?;
            let sag_id = r.opt64().ok_or_else(short)?;
            d.tasks.push(TaskFacts {
                id,
                opgavetype,
                opfoelgningstype,
                relation,
                kilde,
                beloebsgodkendelse,
                enhed,
                status,
                oprettet,
                borger_id,
                sag_id,
            });
        }
        for _ in 0..nr {
            d.removed.push(r.i64().ok_or_else(short)?);
        }
        if r.pos != bytes.len() {
            return Err(bad("for lang"));
        }
        Ok(d)
    }
}

impl Snapshot {
    /// The facts this snapshot was built from, as far as building reads
    /// them: `Snapshot::build` of these gives this snapshot again. Borgere,
    /// cases and tasks come sorted by id. A borger's `cpr_day` is known only
    /// from their person tasks (0 otherwise, which building never reads).
    pub fn facts(&self) -> (Vec<BorgerFacts>, Vec<SagFacts>, Vec<TaskFacts>) {
        let opt = |v: u8| (v != 0).then_some(u16::from(v));
        let mut cpr = vec![0u8; self.borger_count()];
        for (i, &b) in self.borger.iter().enumerate() {
            if b != NONE && self.flags[i] & FLAG_PERSON != 0 {
                cpr[b as usize] = self.cpr_day[i];
            }
        }
        let mut borgere: Vec<BorgerFacts> = (0..self.borger_count())
            .map(|b| BorgerFacts { id: i64::from(self.borger_id[b]), cpr_day: cpr[b], pensionstype: opt(self.borger_pension[b]) })
            .collect();
        // A case in no borger's list had a borger the snapshot does not know.
        let mut owner = vec![-1i64; self.case_type.len()];
        for b in 0..self.borger_count() {
            for &c in self.cases_of(b as u32) {
                owner[c as usize] = i64::from(self.borger_id[b]);
            }
        }
        let mut sager: Vec<SagFacts> = (0..self.case_type.len())
            .map(|c| SagFacts {
                id: i64::from(self.case_id[c]),
                borger_id: owner[c],
                sagstype: u16::from(self.case_type[c]),
                ydelse: opt(self.case_benefit[c]),
            })
            .collect();
        let mut tasks: Vec<TaskFacts> = (0..self.len()).map(|i| self.task_facts(self, i)).collect();
        borgere.sort_by_key(|b| b.id);
        sager.sort_by_key(|c| c.id);
        tasks.sort_by_key(|t| t.id);
        (borgere, sager, tasks)
    }

    /// This snapshot with `delta` applied: its borgere, cases and tasks
    /// replaced or added, removed and closed tasks left out, built again.
    /// The caller checks that `delta.from` is the change number it holds.
    pub fn apply_delta(&self, delta: &SnapshotDelta) -> Snapshot {
        let (mut borgere, mut sager, mut tasks) = self.facts();
        upsert(&mut borgere, &delta.borgere, |b| b.id);
        upsert(&mut sager, &delta.sager, |c| c.id);
        let removed: std::collections::HashSet<i64> = delta.removed.iter().copied().collect();
        tasks.retain(|t| !removed.contains(&t.id));
        upsert(&mut tasks, &delta.tasks, |t| t.id);
        Snapshot::build(&borgere, &sager, &tasks, delta.generated_at)
    }
}

/// Replaces or inserts rows in a vector sorted by id, keeping it sorted.
fn upsert<T: Clone>(sorted: &mut Vec<T>, rows: &[T], id: impl Fn(&T) -> i64) {
    for row in rows {
        match sorted.binary_search_by_key(&id(row), &id) {
            Ok(i) => sorted[i] = row.clone(),
            Err(i) => sorted.insert(i, row.clone()),
        }
    }
}

fn put_opt16(out: &mut Vec<u8>, v: Option<u16>) {
    match v {
        Some(v) => {
            out.push(1);
            out.extend_from_slice(&v.to_le_bytes());
        }
        None => out.push(0),
    }
}

fn put_opt64(out: &mut Vec<u8>, v: Option<i64>) {
    match v {
        Some(v) => {
            out.push(1);
            out.extend_from_slice(&v.to_le_bytes());
        }
        None => out.push(0),
    }
}

struct R<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> R<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.b.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Option<u32> {
        self.take(4).map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")))
    }
    fn u64(&mut self) -> Option<u64> {
        self.take(8).map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
    }
    fn i64(&mut self) -> Option<i64> {
        self.u64().map(|v| v as i64)
    }
    fn opt16(&mut self) -> Option<Option<u16>> {
        match self.u8()? {
            0 => Some(None),
            1 => self.u16().map(Some),
            _ => None,
        }
    }
    fn opt64(&mut self) -> Option<Option<i64>> {
        match self.u8()? {
            0 => Some(None),
            1 => self.i64().map(Some),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn task(id: i64, borger_id: Option<i64>, sag_id: Option<i64>) -> TaskFacts {
        TaskFacts {
            id,
            opgavetype: 2,
            opfoelgningstype: Some(3),
            relation: Relation::Person,
            kilde: Kilde::System,
            beloebsgodkendelse: true,
            enhed: 4,
            status: OpgaveStatus::Venter,
            oprettet: NaiveDate::from_ymd_opt(1999, 12, 30).unwrap(),
            borger_id,
            sag_id,
        }
    }

    #[test]
    fn encode_decode_round_trip_and_damage() {
        let d = SnapshotDelta {
            from: 7,
            to: 9,
            generated_at: -5,
            borgere: vec![BorgerFacts { id: 1, cpr_day: 65, pensionstype: Some(2) }],
            sager: vec![SagFacts { id: 2, borger_id: 1, sagstype: 300, ydelse: None }],
            tasks: vec![task(3, Some(1), Some(2)), task(4, None, None)],
            removed: vec![5, 6],
        };
        let bytes = d.encode();
        assert_eq!(SnapshotDelta::decode(&bytes).unwrap(), d);
        assert!(SnapshotDelta::decode(&bytes[..bytes.len() - 1]).is_err());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(SnapshotDelta::decode(&longer).is_err());
        let mut huge = bytes;
        huge[32..36].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(SnapshotDelta::decode(&huge).is_err());
    }
}
