//! Native filter benchmark: `cargo xtask bench` runs it as
//! `filter-bench 100000 1000000`. For each size it generates demo tasks,
//! builds the snapshot, and times `CompiledFilter` against a baseline
//! measured in the same run: a straightforward row-wise evaluation over the
//! records with hash-map look-ups of borger and case (what one would write
//! without the columnar snapshot). Both must select the same tasks.

use domain::model::{Opgave, Relation};
use domain::package::{Beloebsgodkendelse, PackageFilter, RelationValg, Sagsudsoegning};
use domain::CompiledFilter;
use server::demo::{generate, DemoData};
use std::collections::HashMap;
use std::hint::black_box;
use std::time::Instant;

fn main() {
    // `--emit DIR`: also write each size's encoded snapshot to DIR/snapshot-N.bin
    // (the xtask prints its compressed sizes).
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let emit = args.iter().position(|a| a == "--emit").map(|i| {
        let dir = args.get(i + 1).cloned().expect("--emit DIR");
        args.drain(i..=i + 1);
        std::path::PathBuf::from(dir)
    });
    let sizes: Vec<usize> = args.iter().map(|a| a.parse().expect("task counts")).collect();
    let sizes = if sizes.is_empty() { vec![100_000, 1_000_000] } else { sizes };
    let filters = domain::bench::filters();
    for n in sizes {
        let t = Instant::now();
        let data = generate(42, n);
        let snap = data.snapshot(0);
        println!("\n{n} generated tasks ({} open in the snapshot), generated and built in {:.1} s", snap.len(), t.elapsed().as_secs_f64());
        let delta = delta_for_new_tasks(&data, &snap, 100);
        if let Some(dir) = &emit {
            std::fs::create_dir_all(dir).expect("emit dir");
            std::fs::write(dir.join(format!("snapshot-{n}.bin")), snap.encode()).expect("write snapshot");
            std::fs::write(dir.join(format!("delta-{n}.bin")), &delta).expect("write delta");
        }
        let naive = Naive::new(&data);
        let runs = if n > 200_000 { 7 } else { 21 };
        println!("{:<44} {:>9} {:>12} {:>14} {:>8}", "filter", "matches", "compiled ms", "row-wise ms", "ratio");
        for (name, f) in &filters {
            let compiled = CompiledFilter::new(f);
            let fast = compiled.count(&snap);
            let slow = naive.count(f);
            assert_eq!(fast, slow, "{name}: compiled and row-wise disagree");
            let a = median_ms(runs, || black_box(CompiledFilter::new(black_box(f)).count(&snap)));
            let b = median_ms(runs, || black_box(naive.count(black_box(f))));
            println!("{name:<44} {fast:>9} {a:>12.3} {b:>14.3} {:>7.3}x", a / b);
        }
    }
}

/// The encoded delta for `count` new tasks (copies of open tasks of known
/// borgere, with new ids) against `snap`, checked: the snapshot patched
/// with it equals the one built from the facts after. Prints its bytes
/// against the full snapshot's (raw; the xtask adds the compressed sizes).
fn delta_for_new_tasks(data: &DemoData, snap: &domain::Snapshot, count: usize) -> Vec<u8> {
    use domain::snapshot::delta::{SortedFacts, Touched};
    use domain::snapshot::SnapshotDelta;
    let (mut borgere, mut sager, mut tasks) = (data.borger_facts(), data.sag_facts(), data.task_facts());
    borgere.sort_by_key(|b| b.id);
    sager.sort_by_key(|c| c.id);
    tasks.retain(|t| t.status.is_open());
    tasks.sort_by_key(|t| t.id);
    let next = tasks.last().map_or(1, |t| t.id + 1);
    let new: Vec<_> = tasks
        .iter()
        .filter(|t| t.borger_id.is_some())
        .step_by(97)
        .take(count)
        .enumerate()
        .map(|(k, t)| domain::snapshot::TaskFacts { id: next + k as i64, status: domain::model::OpgaveStatus::Ubehandlet, ..t.clone() })
        .collect();
    let ids: Vec<i64> = new.iter().map(|t| t.id).collect();
    tasks.extend(new);
    let t = Instant::now();
    let facts = SortedFacts { borgere: &borgere, sager: &sager, tasks: &tasks };
    let mut delta = SnapshotDelta::of(&facts, &Touched { tasks: &ids, ..Default::default() });
    let of_ms = t.elapsed().as_secs_f64() * 1000.0;
    delta.generated_at = snap.generated_at;
    assert_eq!(delta.tasks.len(), count, "{count} new tasks in the delta");
    let bytes = delta.encode();
    let t = Instant::now();
    let patched = snap.apply_delta(&SnapshotDelta::decode(&bytes).expect("delta decodes"));
    let apply_ms = t.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(patched, domain::Snapshot::build(&borgere, &sager, &tasks, snap.generated_at), "patched = rebuilt");
    let full = snap.encode().len();
    println!(
        "snapshot delta for {count} new tasks: {} bytes raw vs {full} bytes full = {:.3}% (target <= 1%); delta made in {of_ms:.2} ms, applied (decode, patch, build) in {apply_ms:.1} ms",
        bytes.len(),
        bytes.len() as f64 * 100.0 / full as f64
    );
    bytes
}

fn median_ms(runs: usize, mut f: impl FnMut() -> usize) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

/// The baseline: row-wise over the records.
struct Naive<'a> {
    tasks: Vec<&'a Opgave>,
    borger: HashMap<i64, &'a domain::model::Borger>,
    sag: HashMap<i64, &'a domain::model::Sag>,
    sager_of: HashMap<i64, Vec<&'a domain::model::Sag>>,
}

impl<'a> Naive<'a> {
    fn new(d: &'a DemoData) -> Self {
        let mut sager_of: HashMap<i64, Vec<_>> = HashMap::new();
        for s in &d.sager {
            sager_of.entry(s.borger_id).or_default().push(s);
        }
        Naive {
            tasks: d.opgaver.iter().filter(|o| o.status.is_open()).collect(),
            borger: d.borgere.iter().map(|b| (b.id, b)).collect(),
            sag: d.sager.iter().map(|s| (s.id, s)).collect(),
            sager_of,
        }
    }

    fn count(&self, f: &PackageFilter) -> usize {
        self.tasks.iter().filter(|o| self.matches(f, o)).count()
    }

    fn matches(&self, f: &PackageFilter, o: &Opgave) -> bool {
        let any = |set: &[u16], v: Option<u16>| set.is_empty() || v.is_some_and(|v| set.contains(&v));
        let person = o.relation == Relation::Person;
        let borger = o.borger_id.and_then(|id| self.borger.get(&id));
        let cpr = f.cpr_fra.is_some() || f.cpr_til.is_some();
        let relation_ok = match f.relation {
            Some(RelationValg::Kommune) => !person && !cpr,
            Some(RelationValg::Person) => person,
            _ => !cpr || person,
        };
        let cpr_ok = !cpr
            || (person
                && borger.is_some_and(|b| {
                    let d = b.cpr.day_digits();
                    d >= f.cpr_fra.unwrap_or(0) && d <= f.cpr_til.unwrap_or(99)
                }));
        let amount_ok = match f.beloebsgodkendelse {
            Beloebsgodkendelse::Begge => true,
            Beloebsgodkendelse::Kun => o.beloebsgodkendelse,
            Beloebsgodkendelse::Ikke => !o.beloebsgodkendelse,
        };
        let case_ok = |s: &domain::model::Sag| any(&f.sagstyper, Some(s.sagstype)) && any(&f.ydelser, s.ydelse);
        let cases_ok = (f.sagstyper.is_empty() && f.ydelser.is_empty())
            || match (f.sagsudsoegning, borger) {
                (Sagsudsoegning::Person, Some(b)) => self.sager_of.get(&b.id).is_some_and(|v| v.iter().any(|s| case_ok(s))),
                _ => o.sag_id.and_then(|id| self.sag.get(&id)).is_some_and(|s| case_ok(s)),
            };
        relation_ok
            && cpr_ok
            && amount_ok
            && cases_ok
            && any(&f.opgavetyper, Some(o.opgavetype))
            && (f.opfoelgningstyper.is_empty() || any(&f.opfoelgningstyper, o.opfoelgningstype))
            && any(&f.enheder, Some(o.enhed))
            && (f.kilder.is_empty() || f.kilder.contains(&o.kilde))
            && (f.pensionstyper.is_empty() || borger.is_some_and(|b| any(&f.pensionstyper, b.pensionstype)))
    }
}
