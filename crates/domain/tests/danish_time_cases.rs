//! The Danish clock of `danish_time_cases.json`, run on the host by `cargo
//! test` and in headless Chromium under wasm32, so the server's "today" and
//! the browser's agree at every instant, the switches to and from summer
//! time and the hours around midnight included.

use chrono::{DateTime, NaiveDate, Utc};
use domain::danish_time;
use serde::Deserialize;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[derive(Deserialize)]
struct Table {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    utc: DateTime<Utc>,
    local: String,
    day: NaiveDate,
}

const CASES: &str = include_str!("danish_time_cases.json");

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn danish_time_cases() {
    let table: Table = serde_json::from_str(CASES).expect("danish_time_cases.json parses");
    assert!(table.cases.len() >= 15);
    let mut failures = Vec::new();
    for case in &table.cases {
        let local = danish_time::local(case.utc).to_rfc3339();
        let day = danish_time::today_at(case.utc);
        if local != case.local || day != case.day {
            failures.push(format!("{}: {} → {local} / {day}, expected {} / {}", case.name, case.utc, case.local, case.day));
        }
        let unix = danish_time::from_unix(case.utc.timestamp()).expect("in range").to_rfc3339();
        if unix != case.local {
            failures.push(format!("{}: from_unix gave {unix}", case.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
