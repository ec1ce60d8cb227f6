//! The snapshot delta cases of `snapshot_delta_cases.json`
//! ([`domain::snapshot::SnapshotDelta`]), run on the host by `cargo test`
//! and in headless Chromium under wasm32 by wasm-bindgen-test. Each case is
//! the facts before (`a`), the facts after (`b`) and the ids the change
//! touched; it checks that `build(a).apply_delta(delta)` equals `build(b)`
//! (after the delta's round trip through its wire form), and which tasks,
//! removals, borgere and cases the delta carries.

use domain::snapshot::delta::{SortedFacts, Touched};
use domain::snapshot::{BorgerFacts, SagFacts, SnapshotDelta, TaskFacts};
use domain::Snapshot;
use serde::Deserialize;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[derive(Deserialize)]
struct Table {
    cases: Vec<Case>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Facts {
    borgere: Vec<BorgerFacts>,
    sager: Vec<SagFacts>,
    opgaver: Vec<TaskFacts>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Ids {
    opgaver: Vec<i64>,
    sager: Vec<i64>,
    borgere: Vec<i64>,
}

#[derive(Deserialize)]
struct Expect {
    opgaver: Vec<i64>,
    fjernet: Vec<i64>,
    borgere: Vec<i64>,
    sager: Vec<i64>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    a: Facts,
    b: Facts,
    aendret: Ids,
    expect: Expect,
}

#[path = "support/table.rs"]
mod table;

const CASES: &str = include_str!("snapshot_delta_cases.json");

fn build(f: &Facts, at: i64) -> Snapshot {
    let (mut b, mut s, mut t) = (f.borgere.clone(), f.sager.clone(), f.opgaver.clone());
    b.sort_by_key(|x| x.id);
    s.sort_by_key(|x| x.id);
    t.sort_by_key(|x| x.id);
    Snapshot::build(&b, &s, &t, at)
}

fn check(case: &Case) -> Option<String> {
    let before = build(&case.a, 1);
    let after = build(&case.b, 2);
    // The server keeps the facts sorted by id.
    let (mut b, mut s, mut t) = (case.b.borgere.clone(), case.b.sager.clone(), case.b.opgaver.clone());
    b.sort_by_key(|x| x.id);
    s.sort_by_key(|x| x.id);
    t.sort_by_key(|x| x.id);
    let touched = Touched { tasks: &case.aendret.opgaver, sager: &case.aendret.sager, borgere: &case.aendret.borgere };
    let mut delta = SnapshotDelta::of(&SortedFacts { borgere: &b, sager: &s, tasks: &t }, &touched);
    delta.from = 10;
    delta.to = 11;
    delta.generated_at = 2;
    let delta = match SnapshotDelta::decode(&delta.encode()) {
        Ok(d) if d == delta => d,
        Ok(_) => return Some("the delta changed in its round trip".into()),
        Err(e) => return Some(format!("the delta does not decode: {e}")),
    };
    let got = [
        delta.tasks.iter().map(|t| t.id).collect::<Vec<_>>(),
        delta.removed.clone(),
        delta.borgere.iter().map(|x| x.id).collect(),
        delta.sager.iter().map(|x| x.id).collect(),
    ];
    let want = [&case.expect.opgaver, &case.expect.fjernet, &case.expect.borgere, &case.expect.sager];
    for (what, (g, w)) in ["opgaver", "fjernet", "borgere", "sager"].iter().zip(got.iter().zip(want)) {
        if g != w {
            return Some(format!("{what}: expected {w:?}, got {g:?}"));
        }
    }
    // The decoded snapshot of the server's bytes is what the browser patches.
    let held = match Snapshot::decode(&before.encode()) {
        Ok(s) => s,
        Err(e) => return Some(format!("snapshot a does not decode: {e}")),
    };
    let patched = held.apply_delta(&delta);
    if patched != after {
        return Some(format!("patched snapshot differs from build(b):\n got  {patched:?}\n want {after:?}"));
    }
    (patched.encode() != after.encode()).then(|| "patched snapshot encodes differently".into())
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn snapshot_delta_cases_agree_with_expectations() {
    let t: Table = serde_json::from_str(CASES).expect("snapshot_delta_cases.json parses");
    table::run("snapshot delta", &t.cases, 12, |c| &c.name, check);
}
