//! The routing cases of `routing_cases.json` ([`domain::intake::route`],
//! seed 001), run on the host by `cargo test` and in headless Chromium under
//! wasm32 by wasm-bindgen-test. Each case is a submission (form, sagstype,
//! on behalf or not), the borger's open tasks, cases and whether the formue
//! is known, the sagstyper with automatic processing on, and the expected
//! [`Route`]; some also give the expected history line ([`history_text`]).

use domain::intake::{history_text, route, BorgerFacts, FormType, OngoingTask, ParameterValue, Route, SubmissionMeta, SystemParameters};
use domain::model::{Sag, SagStatus};
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
    formular: FormType,
    sagstype: u16,
    paa_vegne_af: bool,
    opgaver: Vec<OngoingTask>,
    formue_kendt: bool,
    automatisk: Vec<u16>,
    sager: Vec<CaseFacts>,
    expect: Route,
    historik: Option<String>,
}

/// The facts of a case that routing reads.
#[derive(Deserialize)]
struct CaseFacts {
    id: i64,
    sagstype: u16,
    status: SagStatus,
}

fn sag(f: &CaseFacts) -> Sag {
    Sag {
        id: f.id,
        borger_id: 1,
        sagstype: f.sagstype,
        ydelse: None,
        titel: "Sag".into(),
        status: f.status,
        aktiv: true,
        startdato: None,
        enhed: domain::intake::unit_for(f.sagstype),
        stopdato: None,
    }
}

#[path = "support/table.rs"]
mod table;

const CASES: &str = include_str!("routing_cases.json");

fn check(case: &Case) -> Option<String> {
    let meta = SubmissionMeta {
        besked_id: "routing".into(),
        formular: case.formular,
        cpr: "010203-1234".into(),
        sagstype: case.sagstype,
        paa_vegne_af: case.paa_vegne_af,
    };
    let facts =
        BorgerFacts { aabne_opgaver: case.opgaver.clone(), formue_kendt: case.formue_kendt, sager: case.sager.iter().map(sag).collect() };
    let mut params = SystemParameters::default();
    params.with(ParameterValue::AutomatiskSagsbehandling(case.automatisk.clone()));
    let got = route(&meta, &facts, &params);
    if got != case.expect {
        return Some(format!("expected {:?}, got {got:?}", case.expect));
    }
    let want = case.historik.as_ref()?;
    let text = history_text(&meta, &got);
    (text != *want).then(|| format!("history expected {want:?}, got {text:?}"))
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn routing_cases_agree_with_expectations() {
    let t: Table = serde_json::from_str(CASES).expect("routing_cases.json parses");
    table::run("routing", &t.cases, 30, |c| &c.name, check);
}
