//! The shared limits (`domain::limits`) at their fields, from
//! `limits_cases.json`: package drafts and system parameter drafts, run on
//! the host by `cargo test` and in headless Chromium under wasm32, the same
//! checks the editors run before a save and the server runs at it.

use domain::intake::check_draft;
use domain::package::{validate_draft, PackageDraft};
use domain::wire::parameters::ParameterDraft;
use serde::Deserialize;
use serde_json::Value;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[derive(Deserialize)]
struct Table {
    package: Value,
    parameter: Value,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    kind: String,
    patch: Value,
    fields: Vec<Expected>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Expected {
    field: String,
    message: String,
}

const CASES: &str = include_str!("limits_cases.json");

#[path = "support/table.rs"]
mod table;

/// `{"$repeat": s, "times": n}` → s n times; `{"$fill": v, "times": n}` → n copies of v.
fn expand(v: &Value) -> Value {
    match v {
        Value::Object(o) if o.contains_key("times") => {
            let n = o["times"].as_u64().expect("times is a number") as usize;
            match (o.get("$repeat"), o.get("$fill")) {
                (Some(Value::String(s)), None) => Value::String(s.repeat(n)),
                (None, Some(item)) => Value::Array(vec![item.clone(); n]),
                _ => panic!("$repeat (a string) or $fill with times: {v}"),
            }
        }
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), expand(v))).collect()),
        other => other.clone(),
    }
}

/// The base with the patch laid over it, objects merged key by key.
fn patched(base: &Value, patch: &Value) -> Value {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) if !p.contains_key("times") => {
            let mut out = b.clone();
            for (k, v) in p {
                let merged = match b.get(k) {
                    Some(old @ Value::Object(_)) if k != "value" => patched(old, v),
                    _ => expand(v),
                };
                out.insert(k.clone(), merged);
            }
            Value::Object(out)
        }
        _ => expand(patch),
    }
}

#[test]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn limits_cases() {
    let t: Table = serde_json::from_str(CASES).expect("limits_cases.json parses");
    table::run(
        "limits",
        &t.cases,
        15,
        |c| &c.name,
        |case| {
            let got: Vec<Expected> = match case.kind.as_str() {
                "package" => {
                    let d: PackageDraft = serde_json::from_value(patched(&t.package, &case.patch)).expect("a package draft");
                    validate_draft(&d, &[1, 2, 3])
                        .into_iter()
                        .map(|e| Expected { field: e.field.name().to_owned(), message: e.message })
                        .collect()
                }
                "parameter" => {
                    let d: ParameterDraft = serde_json::from_value(patched(&t.parameter, &case.patch)).expect("a parameter draft");
                    check_draft(d.value.key(), &d)
                        .err()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|e| Expected { field: e.field, message: e.message })
                        .collect()
                }
                other => return Some(format!("unknown kind {other}")),
            };
            (got != case.fields).then(|| format!("expected {:?}, got {got:?}", case.fields))
        },
    );
}
