//! The event cases of `event_cases.json` ([`domain::intake::on_event`], seed
//! 002 §3.4–3.5 and seed 001's automatic processing), run on the host by
//! `cargo test` and in headless Chromium under wasm32 by wasm-bindgen-test.
//! Each case is an event, the borger's cases and open tasks, the previous
//! formue, the parameters that differ from the defaults (follow-up types
//! switched off, the formue limit) and this deployment's municipality; it
//! expects the follow-ups (type, unit, case; the text where given), the
//! released tasks and, where given, the Borgeroverblik line.

use domain::intake::{on_event, Event, EventFacts, OngoingTask, ParameterValue, Subscription, SystemParameters};
use domain::model::{Sag, SagStatus};
use serde::Deserialize;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[derive(Deserialize)]
struct Table {
    today: chrono::NaiveDate,
    frigivet_aarsag: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    event: Event,
    sager: Vec<CaseFacts>,
    opgaver: Vec<OngoingTask>,
    tidligere_formue_oere: Option<i64>,
    /// Follow-up types switched off.
    afmeldt: Vec<u16>,
    /// Replaces the default subscription list before `afmeldt`.
    abonnement: Option<Vec<Subscription>>,
    formuegraense_oere: Option<i64>,
    kommune: String,
    opfoelgninger: Vec<ExpectedFollowUp>,
    frigivet: Vec<i64>,
    beskrivelse: Option<String>,
}

#[derive(Deserialize)]
struct CaseFacts {
    id: i64,
    sagstype: u16,
    status: SagStatus,
    aktiv: bool,
    enhed: u16,
    titel: String,
}

#[derive(Debug, Deserialize, PartialEq)]
struct ExpectedFollowUp {
    opfoelgningstype: u16,
    enhed: u16,
    sag_id: Option<i64>,
    tekst: Option<String>,
}

fn sag(f: &CaseFacts) -> Sag {
    Sag {
        id: f.id,
        borger_id: 1,
        sagstype: f.sagstype,
        ydelse: None,
        titel: f.titel.clone(),
        status: f.status,
        aktiv: f.aktiv,
        startdato: None,
        enhed: f.enhed,
        stopdato: None,
    }
}

fn params(case: &Case) -> SystemParameters {
    let mut p = SystemParameters::default();
    if let Some(list) = &case.abonnement {
        p.with(ParameterValue::Haendelsesabonnement(list.clone()));
    }
    let mut subs = p.abonnement.clone();
    for &off in &case.afmeldt {
        subs.retain(|s| s.opfoelgningstype != off);
        subs.push(Subscription { opfoelgningstype: off, aktiv: false });
    }
    p.with(ParameterValue::Haendelsesabonnement(subs));
    if let Some(limit) = case.formuegraense_oere {
        p.with(ParameterValue::Formuegraense(limit));
    }
    p
}

#[path = "support/table.rs"]
mod table;

const CASES: &str = include_str!("event_cases.json");

fn check(case: &Case, today: chrono::NaiveDate, frigivet_aarsag: &str) -> Option<String> {
    let facts = EventFacts {
        sager: case.sager.iter().map(sag).collect(),
        aabne_opgaver: case.opgaver.clone(),
        tidligere_formue_oere: case.tidligere_formue_oere,
    };
    let out = on_event(&case.event, &facts, &params(case), &case.kommune, today);
    let mut problems = Vec::new();
    // The text is compared only where the table gives it.
    let got: Vec<ExpectedFollowUp> = out
        .opfoelgninger
        .iter()
        .zip(case.opfoelgninger.iter().map(Some).chain(std::iter::repeat(None)))
        .map(|(f, want)| ExpectedFollowUp {
            opfoelgningstype: f.opfoelgningstype,
            enhed: f.enhed,
            sag_id: f.sag_id,
            tekst: want.and_then(|w| w.tekst.as_ref()).map(|_| f.tekst.clone()),
        })
        .collect();
    if got != case.opfoelgninger {
        problems.push(format!("follow-ups expected {:?}, got {got:?}", case.opfoelgninger));
    }
    let released: Vec<i64> = out.frigivet.iter().map(|(id, _)| *id).collect();
    if released != case.frigivet {
        problems.push(format!("released expected {:?}, got {released:?}", case.frigivet));
    }
    if let Some((id, reason)) = out.frigivet.iter().find(|(_, r)| r != frigivet_aarsag) {
        problems.push(format!("task {id} released with {reason:?}"));
    }
    if case.beskrivelse.as_ref().is_some_and(|want| *want != out.beskrivelse) {
        problems.push(format!("description expected {:?}, got {:?}", case.beskrivelse, out.beskrivelse));
    }
    (!problems.is_empty()).then(|| problems.join("; "))
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn event_cases_agree_with_expectations() {
    let t: Table = serde_json::from_str(CASES).expect("event_cases.json parses");
    table::run("event", &t.cases, 20, |c| &c.name, |c| check(c, t.today, &t.frigivet_aarsag));
}
