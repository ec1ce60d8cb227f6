//! Browser benchmark of the filter (run by `cargo xtask bench`, release,
//! headless Chromium): on one generated 100,000-task snapshot in one page,
//! (a) the WASM filter, (b) the same filter in plain JavaScript over typed
//! arrays, (c) naive JavaScript `Array.filter` over objects; and decoding the
//! snapshot in WASM against `JSON.parse` of the same tasks as plain objects.
//! It prints medians and ratios; all three filters must agree on every count.
//!
//! `#[ignore]`d so the ordinary test run skips it; the bench passes
//! `--include-ignored`.
#![cfg(target_arch = "wasm32")]

use domain::package::{Beloebsgodkendelse, PackageFilter, RelationValg, Sagsudsoegning};
use domain::snapshot::{BorgerFacts, SagFacts, Snapshot, TaskFacts};
use domain::CompiledFilter;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function now() { return performance.now(); }

// (b) plain JavaScript over the snapshot's typed arrays, compiled the way a
// careful JS programmer would: lookup tables per field.
function table(ids) {
  if (ids.length === 0) return null;
  const t = new Uint8Array(256);
  for (const id of ids) if (id < 256) t[id] = 1;
  return t;
}
export function typedCount(c, f) {
  const types = table(f.opgavetyper), fol = table(f.opfoelgningstyper), units = table(f.enheder),
        srcs = table(f.kilder), pens = table(f.pensionstyper), ct = table(f.sagstyper), ben = table(f.ydelser);
  const cpr = f.cpr_fra != null || f.cpr_til != null;
  const lo = f.cpr_fra ?? 0, hi = f.cpr_til ?? 99;
  let mask = 0, want = 0;
  if (f.beloeb === 1) { mask |= 2; want |= 2; } else if (f.beloeb === 2) { mask |= 2; }
  const rel = cpr ? 1 : f.relation;
  if (rel === 1) { mask |= 1; want |= 1; } else if (rel === 2) { mask |= 1; }
  if (cpr && f.relation === 2) return 0;
  const caseCrit = ct !== null || ben !== null;
  const caseOk = (k) => (ct === null || ct[c.case_type[k]]) && (ben === null || ben[c.case_benefit[k]]);
  let borgerOk = null;
  if (caseCrit && f.person_search) {
    // The borgere of the allowed (case type, benefit) pairs (the same
    // derived index the WASM filter reads).
    borgerOk = new Uint8Array(c.borger_pension.length);
    for (let k = 0; k < c.pair_key.length; k++) {
      const key = c.pair_key[k];
      if ((ct === null || ct[key >> 8]) && (ben === null || ben[key & 255])) {
        for (let j = c.pair_start[k]; j < c.pair_start[k + 1]; j++) borgerOk[c.pair_borgere[j]] = 1;
      }
    }
  }
  const NONE = 0xFFFFFFFF;
  // The snapshot is grouped by task type: with types chosen, visit only
  // those ranges (the same index the WASM filter uses).
  const ranges = types === null ? [[0, c.task_type.length]]
    : f.opgavetyper.filter((t, k, a) => t < 256 && a.indexOf(t) === k).map((t) => [c.type_start[t], c.type_start[t + 1]]);
  let count = 0;
  for (const [from, to] of ranges) for (let i = from; i < to; i++) {
    if ((c.flags[i] & mask) !== want) continue;
    if (fol !== null && !fol[c.followup[i]]) continue;
    if (units !== null && !units[c.unit[i]]) continue;
    if (srcs !== null && !srcs[c.source[i]]) continue;
    if (cpr) { const d = c.cpr_day[i]; if (d === 0 || d < lo || d > hi) continue; }
    const b = c.borger[i];
    if (pens !== null && (b === NONE || !pens[c.borger_pension[b]])) continue;
    if (caseCrit) {
      const own = c.case[i];
      const ok = (f.person_search && b !== NONE) ? borgerOk[b] : (own !== NONE && caseOk(own));
      if (!ok) continue;
    }
    count++;
  }
  return count;
}

// (c) naive JavaScript: objects and Array.filter with includes().
export function makeObjects(c) {
  const NONE = 0xFFFFFFFF, out = [];
  const cases = Array.from(c.case_type, (t, i) => ({ type: t, benefit: c.case_benefit[i] }));
  const borgere = Array.from(c.borger_pension, (p, b) => ({ pension: p, cases: Array.from(c.borger_cases.subarray(c.borger_case_start[b], c.borger_case_start[b + 1]), (k) => cases[k]) }));
  for (let i = 0; i < c.task_type.length; i++) {
    out.push({ type: c.task_type[i], followup: c.followup[i], person: (c.flags[i] & 1) === 1, amount: (c.flags[i] & 2) === 2,
      source: c.source[i], unit: c.unit[i], cprDay: c.cpr_day[i], borger: c.borger[i] === NONE ? null : borgere[c.borger[i]],
      case: c.case[i] === NONE ? null : cases[c.case[i]] });
  }
  return out;
}
export function naiveCount(objs, f) {
  const cpr = f.cpr_fra != null || f.cpr_til != null;
  const caseOk = (s) => (f.sagstyper.length === 0 || f.sagstyper.includes(s.type)) && (f.ydelser.length === 0 || f.ydelser.includes(s.benefit));
  return objs.filter((t) =>
    (f.opgavetyper.length === 0 || f.opgavetyper.includes(t.type)) &&
    (f.opfoelgningstyper.length === 0 || f.opfoelgningstyper.includes(t.followup)) &&
    (f.enheder.length === 0 || f.enheder.includes(t.unit)) &&
    (f.kilder.length === 0 || f.kilder.includes(t.source)) &&
    (f.beloeb === 0 || (f.beloeb === 1) === t.amount) &&
    (f.relation === 0 && !cpr || (f.relation === 1 || (cpr && f.relation === 0)) === t.person && !(cpr && f.relation === 2)) &&
    (!cpr || (t.cprDay !== 0 && t.cprDay >= (f.cpr_fra ?? 0) && t.cprDay <= (f.cpr_til ?? 99))) &&
    (f.pensionstyper.length === 0 || (t.borger !== null && f.pensionstyper.includes(t.borger.pension))) &&
    ((f.sagstyper.length === 0 && f.ydelser.length === 0) ||
      (f.person_search && t.borger !== null ? t.borger.cases.some(caseOk) : (t.case !== null && caseOk(t.case))))
  ).length;
}

export function jsonParseLength(s) { return JSON.parse(s).opgaver.length; }
"#)]
extern "C" {
    fn now() -> f64;
    #[wasm_bindgen(js_name = typedCount)]
    fn typed_count(columns: &JsValue, filter: &JsValue) -> u32;
    #[wasm_bindgen(js_name = makeObjects)]
    fn make_objects(columns: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = naiveCount)]
    fn naive_count(objects: &JsValue, filter: &JsValue) -> u32;
    #[wasm_bindgen(js_name = jsonParseLength)]
    fn json_parse_length(s: &str) -> u32;
}

#[path = "support/bench_world.rs"]
mod bench_world;
#[path = "support/rng.rs"]
mod rng;
use bench_world::{median_ms, world};
use domain::bench::filters;

fn js_filter(f: &PackageFilter) -> JsValue {
    let o = js_sys::Object::new();
    let arr = |v: &[u16]| js_sys::Array::from_iter(v.iter().map(|&x| JsValue::from(x)));
    let set = |k: &str, v: JsValue| js_sys::Reflect::set(&o, &k.into(), &v).unwrap();
    set("opgavetyper", arr(&f.opgavetyper).into());
    set("opfoelgningstyper", arr(&f.opfoelgningstyper).into());
    set("enheder", arr(&f.enheder).into());
    set("kilder", js_sys::Array::from_iter(f.kilder.iter().map(|k| JsValue::from(k.code()))).into());
    set("pensionstyper", arr(&f.pensionstyper).into());
    set("sagstyper", arr(&f.sagstyper).into());
    set("ydelser", arr(&f.ydelser).into());
    set("cpr_fra", f.cpr_fra.map_or(JsValue::NULL, JsValue::from));
    set("cpr_til", f.cpr_til.map_or(JsValue::NULL, JsValue::from));
    set(
        "beloeb",
        JsValue::from(match f.beloebsgodkendelse {
            Beloebsgodkendelse::Begge => 0,
            Beloebsgodkendelse::Kun => 1,
            Beloebsgodkendelse::Ikke => 2,
        }),
    );
    set(
        "relation",
        JsValue::from(match f.relation {
            None | Some(RelationValg::Begge) => 0,
            Some(RelationValg::Person) => 1,
            Some(RelationValg::Kommune) => 2,
        }),
    );
    set("person_search", JsValue::from(f.sagsudsoegning == Sagsudsoegning::Person));
    o.into()
}

fn js_columns(s: &Snapshot) -> JsValue {
    let o = js_sys::Object::new();
    let set = |k: &str, v: JsValue| js_sys::Reflect::set(&o, &k.into(), &v).unwrap();
    for (k, v) in [
        ("task_type", &s.task_type),
        ("followup", &s.followup),
        ("flags", &s.flags),
        ("source", &s.source),
        ("unit", &s.unit),
        ("cpr_day", &s.cpr_day),
        ("borger_pension", &s.borger_pension),
        ("case_type", &s.case_type),
        ("case_benefit", &s.case_benefit),
    ] {
        set(k, js_sys::Uint8Array::from(&v[..]).into());
    }
    for (k, v) in [
        ("borger", &s.borger),
        ("case", &s.case),
        ("borger_case_start", &s.borger_case_start),
        ("borger_cases", &s.borger_cases),
        ("type_start", &s.type_start),
        ("pair_start", &s.pair_start),
        ("pair_borgere", &s.pair_borgere),
    ] {
        set(k, js_sys::Uint32Array::from(&v[..]).into());
    }
    set("pair_key", js_sys::Uint16Array::from(&s.pair_key[..]).into());
    o.into()
}

#[wasm_bindgen_test]
#[ignore = "benchmark: run by `cargo xtask bench` in release"]
fn bench_filter_in_browser() {
    const N: usize = 100_000;
    let (borgere, sager, tasks) = world(N);
    let snap = Snapshot::build(&borgere, &sager, &tasks, 0);
    let bytes = snap.encode();
    let columns = js_columns(&snap);
    let objects = make_objects(&columns);
    console_log!("BENCH browser filter over {} tasks ({} bytes encoded)", snap.len(), bytes.len());
    console_log!("BENCH {:<34} {:>8} {:>9} {:>9} {:>9} {:>8} {:>8}", "filter", "matches", "wasm ms", "typed ms", "naive ms", "a/b", "a/c");
    let (mut a_all, mut b_all, mut c_all) = (Vec::new(), Vec::new(), Vec::new());
    for (name, f) in filters() {
        let jf = js_filter(&f);
        let wasm = CompiledFilter::new(&f).count(&snap) as u32;
        assert_eq!(typed_count(&columns, &jf), wasm, "{name}: typed JS disagrees");
        assert_eq!(naive_count(&objects, &jf), wasm, "{name}: naive JS disagrees");
        let a = median_ms(15, || CompiledFilter::new(&f).count(&snap) as u32);
        let b = median_ms(15, || typed_count(&columns, &jf));
        let c = median_ms(9, || naive_count(&objects, &jf));
        console_log!("BENCH {name:<34} {wasm:>8} {a:>9.3} {b:>9.3} {c:>9.3} {:>7.2}x {:>7.3}x", a / b, a / c);
        a_all.push(a);
        b_all.push(b);
        c_all.push(c);
    }
    let med = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (a, b, c) = (med(&mut a_all), med(&mut b_all), med(&mut c_all));
    console_log!("BENCH median over filters: wasm {a:.3} ms, typed JS {b:.3} ms, naive JS {c:.3} ms; wasm/typed {:.2}x (target <= 1.0), wasm/naive {:.3}x (target <= 0.05), wasm median target <= 0.5 ms", a / b, a / c);

    // Decoding the snapshot vs JSON.parse of the same tasks as plain objects.
    #[derive(serde::Serialize)]
    struct Plain<'a> {
        borgere: &'a [BorgerFacts],
        sager: &'a [SagFacts],
        opgaver: &'a [TaskFacts],
    }
    let json = serde_json::to_string(&Plain { borgere: &borgere, sager: &sager, opgaver: &tasks }).unwrap();
    assert_eq!(json_parse_length(&json) as usize, N);
    let decode = median_ms(15, || Snapshot::decode(&bytes).map(|s| s.len() as u32).unwrap());
    let parse = median_ms(9, || json_parse_length(&json));
    console_log!(
        "BENCH decode snapshot {decode:.3} ms ({} bytes) vs JSON.parse {parse:.3} ms ({} bytes): {:.3}x (target <= 0.3)",
        bytes.len(),
        json.len(),
        decode / parse
    );
}
