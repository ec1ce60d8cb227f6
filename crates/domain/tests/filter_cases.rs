//! The filter cases of `filter_cases.json`, run on the host by `cargo test`
//! and in headless Chromium under wasm32 by wasm-bindgen-test, so server and
//! browser provably agree on every case.

use domain::package::{parse_cpr_bound, PackageFilter};
use domain::snapshot::{BorgerFacts, SagFacts, Snapshot, TaskFacts};
use domain::CompiledFilter;
use serde::Deserialize;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[derive(Deserialize)]
struct World {
    borgere: Vec<BorgerFacts>,
    sager: Vec<SagFacts>,
    opgaver: Vec<TaskFacts>,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    #[serde(default)]
    filter: PackageFilter,
    /// CPR bounds as an admin types them; parsed like the editor does.
    cpr_fra_text: Option<String>,
    cpr_til_text: Option<String>,
    expect: Vec<u32>,
}

const CASES: &str = include_str!("filter_cases.json");

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn filter_cases_agree_with_expectations() {
    let world: World = serde_json::from_str(CASES).expect("filter_cases.json parses");
    assert!(world.cases.len() >= 40, "at least 40 cases");
    let built = Snapshot::build(&world.borgere, &world.sager, &world.opgaver, 0);
    // The browser gets the snapshot as bytes: run every case on the decoded form too.
    let decoded = Snapshot::decode(&built.encode()).expect("round trip");
    let mut failures = Vec::new();
    for case in &world.cases {
        let mut filter = case.filter.clone();
        if let Some(t) = &case.cpr_fra_text {
            filter.cpr_fra = parse_cpr_bound(t).expect("valid bound");
        }
        if let Some(t) = &case.cpr_til_text {
            filter.cpr_til = parse_cpr_bound(t).expect("valid bound");
        }
        let compiled = CompiledFilter::new(&filter);
        for snap in [&built, &decoded] {
            let mut got: Vec<u32> = compiled.select(snap).iter().map(|&i| snap.task_id[i as usize]).collect();
            got.sort_unstable();
            if got != case.expect {
                failures.push(format!("{}: expected {:?}, got {:?}", case.name, case.expect, got));
            }
            if compiled.count(snap) != got.len() {
                failures.push(format!("{}: count differs from select", case.name));
            }
            // One row at a time (the server's check of one task) decides as the scan does.
            let mut one_by_one: Vec<u32> = (0..snap.len()).filter(|&i| compiled.matches(snap, i)).map(|i| snap.task_id[i]).collect();
            one_by_one.sort_unstable();
            if one_by_one != got {
                failures.push(format!("{}: matches() row by row gives {:?}, the scan {:?}", case.name, one_by_one, got));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} filter cases failed:\n{}", failures.len(), world.cases.len(), failures.join("\n"));
}
