//! Browser benchmark of a package's task table (run by `cargo xtask bench`,
//! release, headless Chromium): the app's own `TaskTable` component with
//! 1,000 rows, first render and re-render after a re-sort, against a plain
//! JavaScript table that builds the same DOM (same elements, attributes,
//! texts and a click listener per row) with the DOM API in the same page. Each sample includes a forced layout. Prints medians and
//! the ratio (target <= 1.3x). `#[ignore]`d in the ordinary test run.
#![cfg(target_arch = "wasm32")]

use domain::model::{Kilde, OpgaveStatus, Relation};
use domain::wire::packages::{TaskPage, TaskRow, TaskSort};
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
// The same DOM as the app's TaskTable rows: id, a button with its
// accessible name and a click listener, a row header, borger name with the
// masked CPR, Danish dates, age or deadline, labels.
const pad = (n, w) => String(n).padStart(w, '0');
const date = (iso) => { const [y, m, d] = iso.split('-'); return `${d}.${m}.${y}`; };
const KILDE = { selvbetjening: 'Selvbetjening', system: 'System', digital_post: 'Digital post', bruger: 'Bruger' };
const STATUS = { ubehandlet: 'Ubehandlet', i_gang: 'I gang', venter: 'Venter', afsluttet: 'Afsluttet' };
function td(tr, text, cls) { const c = document.createElement('td'); if (cls) c.className = cls; c.textContent = text; tr.appendChild(c); }
export function jsRender(container, rows, names, todayIso) {
  container.textContent = '';
  const today = Date.parse(todayIso);
  const region = document.createElement('div');
  region.className = 'table--responsive-scroll'; region.setAttribute('role', 'region'); region.setAttribute('aria-label', 'Opgaver i Bench'); region.tabIndex = 0;
  const table = document.createElement('table');
  table.className = 'table table--compact table--zebra task-table';
  const caption = document.createElement('caption');
  caption.textContent = `Opgave 1–${rows.length} af ${rows.length} åbne opgaver`;
  table.appendChild(caption);
  const thead = document.createElement('thead');
  const hr = document.createElement('tr');
  for (const c of ['Handling', 'Opgavetype', 'Borger', 'Sag', 'Oprettet', 'Alder / frist', 'Kilde', 'Status', 'Taget af']) {
    const th = document.createElement('th'); th.scope = 'col'; th.textContent = c; hr.appendChild(th);
  }
  thead.appendChild(hr);
  table.appendChild(thead);
  const tbody = document.createElement('tbody');
  for (const r of rows) {
    const type = names[r.opgavetype - 1] ?? '(ukendt opgavetype)';
    const created = date(r.oprettet);
    const tr = document.createElement('tr');
    tr.id = `opgave-${r.id}`;
    const cell = document.createElement('td');
    const b = document.createElement('button');
    b.className = 'button button-secondary button-small'; b.type = 'button';
    b.setAttribute('aria-label', r.borger_navn ? `Tag opgave: ${type}, ${r.borger_navn}, oprettet ${created}` : `Tag opgave: ${type}, oprettet ${created}`);
    b.textContent = 'Tag opgave';
    b.addEventListener('click', () => {});
    cell.appendChild(b); tr.appendChild(cell);
    const th = document.createElement('th'); th.scope = 'row'; th.textContent = type; tr.appendChild(th);
    const borger = document.createElement('td');
    if (r.borger_navn && r.cpr_maskeret) {
      borger.append(r.borger_navn, document.createElement('br'));
      const s = document.createElement('span'); s.className = 'cpr'; s.textContent = r.cpr_maskeret; borger.appendChild(s);
    } else if (r.borger_navn) { borger.textContent = r.borger_navn; } else { const s = document.createElement('span'); s.textContent = 'Kommuneopgave'; borger.appendChild(s); }
    tr.appendChild(borger);
    td(tr, r.sag_titel ?? '–');
    td(tr, created, 'nowrap');
    let when;
    if (r.frist) { when = Date.parse(r.frist) < today ? `Frist ${date(r.frist)} (overskredet)` : `Frist ${date(r.frist)}`; }
    else { const d = Math.round((today - Date.parse(r.oprettet)) / 86400000); when = d <= 0 ? 'I dag' : d === 1 ? '1 dag' : `${d} dage`; }
    td(tr, when, 'nowrap');
    td(tr, KILDE[r.kilde]); td(tr, STATUS[r.status]); td(tr, r.taget_af_navn ?? r.taget_af ?? '–');
    tbody.appendChild(tr);
  }
  table.appendChild(tbody);
  region.appendChild(table);
  container.appendChild(region);
}
export function jsResort(container, rows, names, todayIso) {
  rows.sort((a, b) => (a.oprettet < b.oprettet ? 1 : a.oprettet > b.oprettet ? -1 : b.id - a.id));
  jsRender(container, rows, names, todayIso);
}
export function parse(json) { return JSON.parse(json); }
"#)]
extern "C" {
    fn now() -> f64;
    fn layout(el: &web_sys::HtmlElement) -> f64;
    #[wasm_bindgen(js_name = jsRender)]
    fn js_render(container: &web_sys::HtmlElement, rows: &JsValue, names: &JsValue, today: &str);
    #[wasm_bindgen(js_name = jsResort)]
    fn js_resort(container: &web_sys::HtmlElement, rows: &JsValue, names: &JsValue, today: &str);
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
            taget_af_navn: (i % 9 == 0).then(|| "Peter Pedersen".to_owned()),
            oprettet: day0 + chrono::Days::new((i * 37 % 600) as u64),
            frist: (i % 3 == 0).then(|| day0 + chrono::Days::new(700)),
        })
        .collect()
}

fn page(sort: TaskSort, opgaver: Vec<TaskRow>) -> TaskPage {
    TaskPage {
        noegle: "OP-BENCH".into(),
        navn: "Bench".into(),
        total: opgaver.len() as u64,
        side: 1,
        sidestoerrelse: opgaver.len() as u32,
        sortering: sort,
        opgaver,
    }
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
    let names = parse(&serde_json::to_string(&domain::catalog::TASK_TYPES.iter().map(|t| t.name).collect::<Vec<_>>()).unwrap());
    let today = opgavepakker::format::today().format("%Y-%m-%d").to_string();

    let (mut leptos_render, mut leptos_resort, mut js_first, mut js_again) = (vec![], vec![], vec![], vec![]);
    let tbody_text = |el: &web_sys::HtmlElement| el.query_selector("tbody").unwrap().unwrap().text_content().unwrap_or_default();
    let (mut leptos_text, mut js_text) = (String::new(), String::new());
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
        leptos_text = tbody_text(&el);
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
        js_render(&el, &data, &names, &today);
        layout(&el);
        js_first.push(now() - t0);
        js_text = tbody_text(&el);
        let t1 = now();
        js_resort(&el, &data, &names, &today);
        layout(&el);
        js_again.push(now() - t1);
        assert_eq!(el.query_selector_all("tbody tr").unwrap().length() as usize, N);
        el.remove();
    }
    assert_eq!(leptos_text, js_text, "the JavaScript table must show exactly what the app's table shows");
    let (a, b, c, d) = (median(leptos_render), median(leptos_resort), median(js_first), median(js_again));
    console_log!("BENCH task table, {N} rows       {:>12} {:>12} {:>8}", "Leptos ms", "plain JS ms", "ratio");
    console_log!("BENCH first render + layout     {a:>12.2} {c:>12.2} {:>7.2}x", a / c);
    console_log!("BENCH re-sort + layout          {b:>12.2} {d:>12.2} {:>7.2}x", b / d);
    console_log!("BENCH render + re-sort together {:>12.2} {:>12.2} {:>7.2}x (target <= 1.3)", a + b, c + d, (a + b) / (c + d));
}
