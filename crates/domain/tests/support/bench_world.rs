//! The generated world and the timing of the browser benchmarks
//! (`bench_browser.rs`, `bench_preview.rs`; each includes this file with
//! `#[path]`, beside `support/rng.rs` as `mod rng`, and defines `now()`,
//! the page's `performance.now`).
#![allow(dead_code)]

use super::now;
use super::rng::Rng;
use domain::model::{Kilde, OpgaveStatus, Relation};
use domain::snapshot::{BorgerFacts, SagFacts, TaskFacts};

/// 100,000 tasks over 50,000 borgere with 1–3 cases each.
pub fn world(n: usize) -> (Vec<BorgerFacts>, Vec<SagFacts>, Vec<TaskFacts>) {
    let mut r = Rng(42);
    let nb = n / 2;
    let mut borgere = Vec::with_capacity(nb);
    let mut sager = Vec::new();
    let mut cases_of = Vec::with_capacity(nb);
    for b in 0..nb {
        let day = 1 + r.below(31) as u8 + if r.below(25) == 0 { 60 } else { 0 };
        borgere.push(BorgerFacts { id: b as i64 + 1, cpr_day: day, pensionstype: (r.below(3) == 0).then(|| 1 + r.below(4) as u16) });
        let count = 1 + r.below(3);
        cases_of.push((sager.len(), count));
        for _ in 0..count {
            let t = 1 + r.below(14) as u16;
            sager.push(SagFacts {
                id: sager.len() as i64 + 1,
                borger_id: b as i64 + 1,
                sagstype: t,
                ydelse: (t >= 8).then(|| 1 + r.below(10) as u16),
            });
        }
    }
    let day0 = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let tasks = (0..n)
        .map(|i| {
            let person = r.below(10) != 0;
            let b = r.below(nb as u64) as i64 + 1;
            let (first, count) = cases_of[b as usize - 1];
            let own_case = (r.below(5) != 0).then(|| (first + r.below(count) as usize) as i64 + 1);
            TaskFacts {
                id: i as i64 + 1,
                opgavetype: 1 + r.below(55) as u16,
                opfoelgningstype: (r.below(8) == 0).then(|| 1 + r.below(6) as u16),
                relation: if person { Relation::Person } else { Relation::Kommune },
                kilde: Kilde::ALL[r.below(4) as usize],
                beloebsgodkendelse: r.below(6) == 0,
                enhed: 1 + r.below(6) as u16,
                status: OpgaveStatus::Ubehandlet,
                oprettet: day0 + chrono::Days::new(r.below(1000)),
                borger_id: person.then_some(b),
                sag_id: if person { own_case } else { None },
            }
        })
        .collect();
    (borgere, sager, tasks)
}

/// Median milliseconds per call; each sample repeats the call until at least
/// 5 ms have passed, so the browser's coarse clock does not dominate.
pub fn median_ms(samples: usize, mut f: impl FnMut() -> u32) -> f64 {
    let mut times: Vec<f64> = (0..samples)
        .map(|_| {
            let start = now();
            let mut reps = 0u32;
            while now() - start < 5.0 || reps == 0 {
                std::hint::black_box(f());
                reps += 1;
            }
            (now() - start) / f64::from(reps)
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[samples / 2]
}
