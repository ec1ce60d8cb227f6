//! The wizard rules of `casework_cases.json`, run on the host by `cargo
//! test` and in headless Chromium under wasm32 by wasm-bindgen-test, so the
//! browser's step checks and the server's whole-request checks provably
//! agree on every case.
//!
//! Kinds of case (`check`):
//! - `request`: [`CompleteRequest::check`] (what the server's `complete`
//!   checks before it reads the chosen case or target task);
//! - `case` / `target`: `check_case` / `check_target_task` with the case or
//!   task the server read (`null`: none);
//! - `case_task_step` / `post_step` / `bevilling_step` / `ydelse_step` /
//!   `efaktura_step`: a wizard step's "Næste" on a form as typed (Tilføj
//!   ydelse's, and a case task's when given, with the case chosen in the
//!   Sagsvælger). For every form the
//!   runner also checks agreement: when every step of the form passes, its
//!   request passes the whole-request check (for Tilføj ydelse also
//!   `check_case` on the chosen case), and a refused request has a step
//!   message at the refused field.

use domain::casework::complete::{CompleteContext, CompleteRequest};
use domain::casework::rules::{Field, StepMessage};
use domain::casework::wizards::{
    BevillingForm, BevillingStep, CaseTaskForm, CaseTaskStep, EfakturaForm, EfakturaStep, PostForm, PostStep, YdelseForm, YdelseStep,
};
use domain::model::{Kilde, Opgave, OpgaveStatus, Relation, Sag, SagStatus};
use serde::Deserialize;
use std::collections::HashMap;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[derive(Deserialize)]
struct Table {
    contexts: HashMap<String, CompleteContext>,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    context: String,
    #[serde(flatten)]
    check: Check,
}

#[derive(Deserialize)]
#[serde(tag = "check", rename_all = "snake_case")]
enum Check {
    Request {
        request: CompleteRequest,
        refusal: Option<Expected>,
    },
    Case {
        request: CompleteRequest,
        sag: Option<CaseFacts>,
        refusal: Option<Expected>,
    },
    Target {
        request: CompleteRequest,
        opgave: Option<TaskFacts>,
        refusal: Option<Expected>,
    },
    CaseTaskStep {
        form: CaseTaskForm,
        step: CaseTaskStep,
        #[serde(default)]
        sag: Option<CaseFacts>,
        messages: Vec<StepMessage>,
    },
    PostStep {
        form: PostForm,
        step: PostStep,
        messages: Vec<StepMessage>,
    },
    BevillingStep {
        form: BevillingForm,
        step: BevillingStep,
        messages: Vec<StepMessage>,
    },
    YdelseStep {
        form: YdelseForm,
        step: YdelseStep,
        sag: Option<CaseFacts>,
        messages: Vec<StepMessage>,
    },
    EfakturaStep {
        form: EfakturaForm,
        step: EfakturaStep,
        messages: Vec<StepMessage>,
    },
}

#[derive(Debug, Deserialize, PartialEq)]
struct Expected {
    code: String,
    field: Field,
    message: String,
}

/// The facts of a case that the rules read.
#[derive(Deserialize)]
struct CaseFacts {
    id: i64,
    borger_id: i64,
    status: SagStatus,
    aktiv: bool,
    /// Default: Almindeligt helbredstillæg.
    #[serde(default = "alm_helbredstillaeg")]
    sagstype: u16,
    #[serde(default)]
    startdato: Option<chrono::NaiveDate>,
}

fn alm_helbredstillaeg() -> u16 {
    domain::catalog::case_type::ALM_HELBREDSTILLAEG
}

/// The facts of a target task that the rules read.
#[derive(Deserialize)]
struct TaskFacts {
    id: i64,
    borger_id: Option<i64>,
    status: OpgaveStatus,
}

fn sag(f: &CaseFacts) -> Sag {
    Sag {
        id: f.id,
        borger_id: f.borger_id,
        sagstype: f.sagstype,
        ydelse: None,
        titel: "Almindeligt helbredstillæg".into(),
        status: f.status,
        aktiv: f.aktiv,
        startdato: f.startdato,
        enhed: 1,
        stopdato: None,
    }
}

fn opgave(f: &TaskFacts) -> Opgave {
    Opgave {
        id: f.id,
        opgavetype: domain::catalog::task_type::OPRET_BEVILLING,
        opfoelgningstype: None,
        relation: Relation::Person,
        kilde: Kilde::Selvbetjening,
        beloebsgodkendelse: false,
        enhed: 1,
        borger_id: f.borger_id,
        sag_id: None,
        status: f.status,
        taget_af: None,
        taget_af_navn: None,
        oprettet: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        frist: None,
    }
}

fn compare(got: Result<(), domain::casework::rules::Refusal>, want: &Option<Expected>) -> Option<String> {
    let got = got.err().map(|r| Expected { code: r.code.to_owned(), field: r.field, message: r.message });
    (got != *want).then(|| format!("expected {want:?}, got {got:?}"))
}

/// Steps and whole request agree on a form.
fn agreement(steps: Vec<Vec<StepMessage>>, request: Option<CompleteRequest>, ctx: &CompleteContext) -> Option<String> {
    agreement_with(steps, request, ctx, None)
}

/// [`agreement`], the request also checked against the chosen case.
fn agreement_with(
    steps: Vec<Vec<StepMessage>>,
    request: Option<CompleteRequest>,
    ctx: &CompleteContext,
    sag: Option<&Sag>,
) -> Option<String> {
    let clean = steps.iter().all(Vec::is_empty);
    let checked = request.map(|r| r.check(ctx).and_then(|()| if sag.is_some() { r.check_case(ctx, sag) } else { Ok(()) }));
    match (checked, clean) {
        (None, true) => Some("every step passes, but no request can be built".into()),
        (Some(Err(r)), true) => Some(format!("every step passes, but the request is refused: {r:?}")),
        (Some(Err(r)), false) if !steps.iter().flatten().any(|m| m.field == r.field) => {
            Some(format!("the request is refused at {:?}, but no step has a message there: {steps:?}", r.field))
        }
        _ => None,
    }
}

const CASES: &str = include_str!("casework_cases.json");

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn casework_cases_agree_with_expectations() {
    let table: Table = serde_json::from_str(CASES).expect("casework_cases.json parses");
    assert!(table.cases.len() >= 30, "at least 30 cases");
    let mut failures = Vec::new();
    for case in &table.cases {
        let Some(ctx) = table.contexts.get(&case.context) else {
            failures.push(format!("{}: unknown context {}", case.name, case.context));
            continue;
        };
        let failure = match &case.check {
            Check::Request { request, refusal } => compare(request.check(ctx), refusal),
            Check::Case { request, sag: facts, refusal } => {
                let s = facts.as_ref().map(sag);
                compare(request.check_case(ctx, s.as_ref()), refusal)
            }
            Check::Target { request, opgave: facts, refusal } => {
                let t = facts.as_ref().map(opgave);
                compare(request.check_target_task(ctx, t.as_ref()), refusal)
            }
            Check::CaseTaskStep { form, step, sag: facts, messages } => {
                let s = facts.as_ref().map(sag);
                let got = form.check(*step, ctx, s.as_ref());
                if got != *messages {
                    Some(format!("expected {messages:?}, got {got:?}"))
                } else {
                    agreement_with(
                        form.steps().into_iter().map(|st| form.check(st, ctx, s.as_ref())).collect(),
                        form.request(),
                        ctx,
                        s.as_ref(),
                    )
                }
            }
            Check::PostStep { form, step, messages } => {
                let got = form.check(*step, ctx);
                if got != *messages {
                    Some(format!("expected {messages:?}, got {got:?}"))
                } else {
                    agreement(PostStep::ALL.into_iter().map(|s| form.check(s, ctx)).collect(), form.request(), ctx)
                }
            }
            Check::BevillingStep { form, step, messages } => {
                let got = form.check(*step, ctx);
                if got != *messages {
                    Some(format!("expected {messages:?}, got {got:?}"))
                } else {
                    agreement(BevillingStep::ALL.into_iter().map(|s| form.check(s, ctx)).collect(), form.request(), ctx)
                }
            }
            Check::YdelseStep { form, step, sag: facts, messages } => {
                let s = facts.as_ref().map(sag);
                let got = form.check(*step, s.as_ref());
                if got != *messages {
                    Some(format!("expected {messages:?}, got {got:?}"))
                } else {
                    agreement_with(
                        YdelseStep::ALL.into_iter().map(|st| form.check(st, s.as_ref())).collect(),
                        form.request(),
                        ctx,
                        s.as_ref(),
                    )
                }
            }
            Check::EfakturaStep { form, step, messages } => {
                let got = form.check(*step, ctx);
                if got != *messages {
                    Some(format!("expected {messages:?}, got {got:?}"))
                } else {
                    agreement(EfakturaStep::ALL.into_iter().map(|s| form.check(s, ctx)).collect(), form.request(), ctx)
                }
            }
        };
        if let Some(f) = failure {
            failures.push(format!("{}: {f}", case.name));
        }
    }
    assert!(failures.is_empty(), "{} of {} casework cases failed:\n{}", failures.len(), table.cases.len(), failures.join("\n"));
}
