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

#[path = "support/table.rs"]
mod table;

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn danish_time_cases() {
    let t: Table = serde_json::from_str(CASES).expect("danish_time_cases.json parses");
    table::run(
        "danish time",
        &t.cases,
        15,
        |c| &c.name,
        |case| {
            let local = danish_time::local(case.utc).to_rfc3339();
            let day = danish_time::today_at(case.utc);
            let unix = danish_time::from_unix(case.utc.timestamp()).map(|d| d.to_rfc3339());
            (local != case.local || day != case.day || unix.as_deref() != Some(case.local.as_str()))
                .then(|| format!("{} → {local} / {day} (from unix {unix:?}), expected {} / {}", case.utc, case.local, case.day))
        },
    );
}
