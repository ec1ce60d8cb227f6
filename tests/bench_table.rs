//! Browser benchmark of a package's task table (run by `cargo xtask bench`,
//! release, headless Chromium): the app's own `TaskTable` component with
//! 1,000 rows, first render and re-render after a re-sort, against a plain
//! JavaScript table of the same rows and columns built with the DOM API in
//! the same page. Each sample includes a forced layout. Prints medians and
//! the ratio (target <= 1.3x). `#[ignore]`d in the ordinary test run.
#![cfg(target_arch = "wasm32")]

use domain::model::{Kilde, OpgaveStatus, Relation};
use domain::wire::{TaskPage, TaskRow, TaskSort};
use leptos::prelude::*;
use leptos_router::components::Router;
use opgavepakker::pages::package_tasks::TaskTable;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function now() { return performance.now(); }
export function layout(el) { return el.offsetHeight; }
const COLS = ['handling', 'type', 'borger', 'sag', 'oprettet', 'alder', 'kilde', 'status', 'taget'];
function cell(tr, text) { const td = document.createElement('td'); td.textContent = text; tr.appendChild(td); }
export function jsRender(container, rows) {
  container.textContent = '';
  const table = document.createElement('table');
  table.className = 'table table--compact table--zebra task-table';
  const caption = document.createElement('caption');
  caption.textContent = `Opgave 1–${rows.length} af ${rows.length} åbne opgaver`;
  table.appendChild(caption);
  const thead = document.createElement('thead');
  const hr = document.createElement('tr');
  for (const c of COLS) { const th = document.createElement('th'); th.scope = 'col'; th.textContent = c; hr.appendChild(th); }
  thead.appendChild(hr);
  table.appendChild(thead);
  const tbody = document.createElement('tbody');
  for (const r of rows) {
    const tr = document.createElement('tr');
    const td = document.createElement('td');
    const b = document.createElement('button');
    b.type = 'button'; b.className = 'button button-secondary'; b.textContent = 'Tag opgave';
    td.appendChild(b); tr.appendChild(td);
    cell(tr, r.type); cell(tr, `${r.borger_navn ?? ''} ${r.cpr_maskeret ?? ''}`); cell(tr, r.sag_titel ?? '');
    cell(tr, r.oprettet); cell(tr, r.frist ?? ''); cell(tr, r.kilde); cell(tr, r.status); cell(tr, r.taget_af ?? '');
    tbody.appendChild(tr);
  }
  table.appendChild(tbody);
  container.appendChild(table);
}
export function jsResort(container, rows) {
  rows.sort((a, b) => (a.oprettet < b.oprettet ? 1 : a.oprettet > b.oprettet ? -1 : b.id - a.id));
  jsRender(container, rows);
}
export function parse(json) { return JSON.parse(json); }
"#)]
extern "C" {
    fn now() -> f64;
    fn layout(el: &web_sys::HtmlElement) -> f64;
    #[wasm_bindgen(js_name = jsRender)]
    fn js_render(container: &web_sys::HtmlElement, rows: &JsValue);
    #[wasm_bindgen(js_name = jsResort)]
    fn js_resort(container: &web_sys::HtmlElement, rows: &JsValue);
    fn parse(json: &str) -> JsValue;
}

fn rows(n: usize) -> Vec<TaskRow> {
    let day0 = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    (0..n)
        .map(|i| TaskRow {
            id: i as i64 + 1,
            opgavetype: 1 + (i * 7 % 55) as u16,
            opfoelgningstype: None,
            relation: Relation::Person,
            kilde: Kilde::ALL[i % 4],
            beloebsgodkendelse: i % 5 == 0,
            enhed: 1 + (i % 6) as u16,
            status: OpgaveStatus::Ubehandlet,
            borger_navn: Some(format!("Borger {i}")),
            cpr_maskeret: Some(format!("{:02}0203-****", 1 + i % 28)),
            sag_titel: Some(format!("Sag {}", i / 2)),
            taget_af: (i % 9 == 0).then(|| "pension".to_owned()),
            oprettet: day0 + chrono::Days::new((i * 37 % 600) as u64),
            frist: (i % 3 == 0).then(|| day0 + chrono::Days::new(700)),
        })
        .collect()
}

fn page(sort: TaskSort, opgaver: Vec<TaskRow>) -> TaskPage {
    TaskPage { noegle: "OP-BENCH".into(), navn: "Bench".into(), total: opgaver.len() as u64, side: 1, sidestoerrelse: opgaver.len() as u32, sortering: sort, opgaver }
}

fn container() -> web_sys::HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&el).unwrap();
    el
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[wasm_bindgen_test]
#[ignore = "benchmark: run by `cargo xtask bench` in release"]
async fn bench_task_table_against_plain_js() {
    const N: usize = 1000;
    const SAMPLES: usize = 15;
    let oldest_first = {
        let mut r = rows(N);
        r.sort_by_key(|t| (t.oprettet, t.id));
        r
    };
    let newest_first: Vec<TaskRow> = oldest_first.iter().rev().cloned().collect();
    let json = serde_json::to_string(&oldest_first).unwrap();

    let (mut leptos_render, mut leptos_resort, mut js_first, mut js_again) = (vec![], vec![], vec![], vec![]);
    for _ in 0..SAMPLES {
        // Leptos: the app's TaskTable, inside a router as in the app.
        let el = container();
        let current = RwSignal::new(page(TaskSort::AeldsteFoerst, oldest_first.clone()));
        let t0 = now();
        let handle = mount_to(el.clone(), move || {
            let claim = Action::new_local(|id: &i64| {
                let id = *id;
                async move { opgavepakker::api::claim_task(id).await }
            });
            let busy = Signal::derive(|| false);
            view! { <Router>{move || view! { <TaskTable page=current.get() claim busy/> }}</Router> }
        });
        layout(&el);
        leptos_render.push(now() - t0);
        assert_eq!(el.query_selector_all("tbody tr").unwrap().length() as usize, N);
        let t1 = now();
        current.set(page(TaskSort::NyesteFoerst, newest_first.clone()));
        leptos::task::tick().await;
        layout(&el);
        leptos_resort.push(now() - t1);
        assert_eq!(el.query_selector_all("tbody tr").unwrap().length() as usize, N);
        drop(handle);
        el.remove();

        // Plain JavaScript, same rows and columns.
        let el = container();
        let data = parse(&json);
        let t0 = now();
        js_render(&el, &data);
        layout(&el);
        js_first.push(now() - t0);
        let t1 = now();
        js_resort(&el, &data);
        layout(&el);
        js_again.push(now() - t1);
        assert_eq!(el.query_selector_all("tbody tr").unwrap().length() as usize, N);
        el.remove();
    }
    let (a, b, c, d) = (median(leptos_render), median(leptos_resort), median(js_first), median(js_again));
    console_log!("BENCH task table, {N} rows       {:>12} {:>12} {:>8}", "Leptos ms", "plain JS ms", "ratio");
    console_log!("BENCH first render + layout     {a:>12.2} {c:>12.2} {:>7.2}x", a / c);
    console_log!("BENCH re-sort + layout          {b:>12.2} {d:>12.2} {:>7.2}x", b / d);
    console_log!("BENCH render + re-sort together {:>12.2} {:>12.2} {:>7.2}x (target <= 1.3)", a + b, c + d, (a + b) / (c + d));
}
