//! In-browser tests of the app's own logic (wasm-bindgen-test in headless
//! Chrome): `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p opgavepakker`.
#![cfg(target_arch = "wasm32")]

use chrono::NaiveDate;
use domain::model::Rolle;
use opgavepakker::{api, format, routes};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a view into a fresh element at the end of the test page's body.
fn render(f: impl FnOnce() -> leptos::prelude::AnyView + 'static) -> web_sys::HtmlElement {
    use wasm_bindgen::JsCast;
    let document = leptos::prelude::document();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), f).forget();
    host
}

/// Lets the reactive system run its scheduled updates (20 ms).
async fn tick() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// Waits until `done` holds (work the page leaves for an idle moment),
/// at most two seconds.
async fn until(done: impl Fn() -> bool) {
    for _ in 0..100 {
        if done() {
            return;
        }
        tick().await;
    }
    assert!(done(), "not done within two seconds");
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[wasm_bindgen_test]
fn dates_are_danish() {
    for (iso, danish) in [("2026-03-07", "07.03.2026"), ("2025-12-31", "31.12.2025"), ("2000-01-01", "01.01.2000")] {
        assert_eq!(format::date(d(iso)), danish);
        assert_eq!(format::parse_iso(iso), Some(d(iso)));
        assert_eq!(format::iso(d(iso)), iso);
    }
    assert_eq!(format::date_or_dash(None), "–");
    for bad in ["", "07.03.2026", "2026-13-01", "2026-02-30"] {
        assert_eq!(format::parse_iso(bad), None, "{bad}");
    }
}

#[wasm_bindgen_test]
fn today_comes_from_the_browser_clock() {
    // chrono's wasmbind clock reads JS `Date`; the year must be plausible.
    let today = format::today();
    let js_year = js_sys::Date::new_0().get_full_year() as i32;
    assert_eq!(chrono::Datelike::year(&today), js_year);
}

#[wasm_bindgen_test]
fn counts_get_thousands_separators() {
    for (n, s) in [(0, "0"), (7, "7"), (999, "999"), (1000, "1.000"), (12345, "12.345"), (1234567, "1.234.567")] {
        assert_eq!(format::count(n), s);
    }
}

#[wasm_bindgen_test]
fn config_gives_the_api_base() {
    assert_eq!(api::parse_config(r#"{"api_base": ""}"#).unwrap().api_base, "");
    assert_eq!(api::parse_config(r#"{}"#).unwrap().api_base, "");
    assert_eq!(api::parse_config(r#"{"api_base": "https://api.example.dk/"}"#).unwrap().api_base, "https://api.example.dk");
    assert_eq!(api::parse_config(r#"{"api_base": " /opgavepakker/ "}"#).unwrap().api_base, "/opgavepakker");
    assert!(api::parse_config(r#"{"api_base": "api.example.dk"}"#).is_err());
    assert!(api::parse_config("not json").is_err());
    assert_eq!(api::url("https://api.example.dk", "/api/me"), "https://api.example.dk/api/me");
    assert_eq!(api::url("", "/api/me"), "/api/me");
}

#[wasm_bindgen_test]
fn errors_show_the_servers_message() {
    let e = api::Error::Response {
        status: 403,
        error: domain::wire::ApiError { code: "forbidden".into(), message: "Du har ikke adgang.".into(), fields: vec![] },
    };
    assert_eq!(e.message(), "Du har ikke adgang.");
    assert_eq!(e.status(), Some(403));
    assert_eq!(api::Error::Network.message(), "Kunne ikke kontakte serveren. Prøv igen om lidt.");
}

#[wasm_bindgen_test]
fn start_page_depends_on_admin() {
    assert_eq!(routes::start_page(true), routes::ADMIN);
    assert_eq!(routes::start_page(false), routes::MY_PACKAGES);
    assert_eq!(routes::admin_at("2026-01-02"), "/systemadministration?tidspunkt=2026-01-02");
    assert_eq!(routes::LOGIN, format!("/{}", routes::LOGIN_SEGMENT));
    assert_eq!(routes::ADMIN, format!("/{}", routes::ADMIN_SEGMENT));
    assert_eq!(routes::MY_PACKAGES, format!("/{}", routes::MY_PACKAGES_SEGMENT));
}

#[wasm_bindgen_test]
fn role_names_fall_back_to_the_id() {
    let roles = vec![
        Rolle { id: 1, navn: "Pension".into(), beskrivelse: String::new(), rettigheder: Vec::new() },
        Rolle { id: 2, navn: "Ydelse".into(), beskrivelse: String::new(), rettigheder: Vec::new() },
    ];
    assert_eq!(opgavepakker::pages::admin::role_names(&[2, 1], &roles), "Ydelse, Pension");
    assert_eq!(opgavepakker::pages::admin::role_names(&[9], &roles), "Rolle nr. 9");
}

#[wasm_bindgen_test]
fn the_menu_marks_the_item_with_the_longest_matching_address() {
    use opgavepakker::components::header::current_item;
    use opgavepakker::routes::{ADMIN, AUDIT, CITIZEN_SEARCH, MY_PACKAGES};
    let items = [MY_PACKAGES, CITIZEN_SEARCH, ADMIN, AUDIT];
    assert_eq!(current_item(AUDIT, &items), Some(AUDIT));
    assert_eq!(current_item(&format!("{AUDIT}/x"), &items), Some(AUDIT));
    assert_eq!(current_item(ADMIN, &items), Some(ADMIN));
    assert_eq!(current_item(&format!("{ADMIN}/roller"), &items), Some(ADMIN));
    assert_eq!(current_item(&format!("{ADMIN}log"), &items), None);
    assert_eq!(current_item("/", &items), None);
}

#[wasm_bindgen_test]
fn preview_time_has_two_decimals() {
    use opgavepakker::components::preview_panel::ms_label;
    assert_eq!(ms_label(1.2), "1.20");
    assert_eq!(ms_label(0.004), "0.00");
    assert_eq!(ms_label(0.005), "0.01");
    assert_eq!(ms_label(16.999), "17.00");
    assert_eq!(ms_label(-1.0), "0.00");
}

#[wasm_bindgen_test]
async fn config_fetched_by_the_loader_is_taken_once() {
    let window = web_sys::window().unwrap();
    let key = wasm_bindgen::JsValue::from_str(api::PREFETCHED_CONFIG);
    let text = wasm_bindgen::JsValue::from_str(r#"{"api_base": "https://api.example.dk/"}"#);
    js_sys::Reflect::set(&window, &key, &js_sys::Promise::resolve(&text)).unwrap();
    assert_eq!(api::load_base().await, "https://api.example.dk");
    assert!(js_sys::Reflect::get(&window, &key).unwrap().is_undefined());
    // The loader found none (`null`): same origin, as without the file.
    js_sys::Reflect::set(&window, &key, &js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL)).unwrap();
    assert_eq!(api::load_base().await, "");
    assert!(js_sys::Reflect::get(&window, &key).unwrap().is_undefined());
    // Two calls at once share the loader's promise: both get its answer.
    let text = wasm_bindgen::JsValue::from_str(r#"{"api_base": "/api-prefix"}"#);
    js_sys::Reflect::set(&window, &key, &js_sys::Promise::resolve(&text)).unwrap();
    let (a, b) = futures::join!(api::load_base(), api::load_base());
    assert_eq!((a.as_str(), b.as_str()), ("/api-prefix", "/api-prefix"));
    // Not started by the loader: fetched now; the test page has none.
    assert_eq!(api::load_base().await, "");
}

#[wasm_bindgen_test]
async fn config_json_missing_means_same_origin() {
    // The test page has no config.json: the API falls back to same origin
    // and a call reports a Danish error instead of panicking.
    let err = api::current_session().await.unwrap_err();
    assert!(!err.message().is_empty());
}

mod dom {
    //! Components rendered into the test page's DOM.
    use super::*;
    use leptos::prelude::*;
    use opgavepakker::components::dkfds::table::Column;
    use opgavepakker::components::{Alert, AlertKind, ErrorAlert, Table};

    #[wasm_bindgen_test]
    fn error_alert_is_announced() {
        let host = render(|| view! { <ErrorAlert message="Kunne ikke gemme."/> }.into_any());
        let alert = host.query_selector(".alert.alert-error").unwrap().expect("an error alert");
        assert_eq!(alert.get_attribute("role").as_deref(), Some("alert"));
        assert!(alert.text_content().unwrap().contains("Kunne ikke gemme."));
        // Its icon is decorative.
        let icon = alert.query_selector("svg").unwrap().unwrap();
        assert_eq!(icon.get_attribute("aria-hidden").as_deref(), Some("true"));
    }

    #[wasm_bindgen_test]
    fn info_alert_is_not_a_live_region() {
        let host = render(|| view! { <Alert kind=AlertKind::Info><p>"Ingen"</p></Alert> }.into_any());
        let alert = host.query_selector(".alert.alert-info").unwrap().unwrap();
        assert_eq!(alert.get_attribute("role"), None);
    }

    /// The outcome of an action whose button goes away takes focus, so focus
    /// never falls to the page and the outcome is read at once.
    #[wasm_bindgen_test]
    async fn an_alert_with_focus_takes_it_and_others_do_not() {
        let host = render(|| view! { <Alert kind=AlertKind::Success><p>"Stille"</p></Alert> }.into_any());
        tick().await;
        let quiet = host.query_selector(".alert").unwrap().unwrap();
        assert_eq!(quiet.get_attribute("tabindex"), None);
        let host = render(|| view! { <Alert kind=AlertKind::Success focus=true><p>"Tilbagekaldt"</p></Alert> }.into_any());
        tick().await;
        let alert = host.query_selector(".alert").unwrap().unwrap();
        assert_eq!(alert.get_attribute("tabindex").as_deref(), Some("-1"));
        assert_eq!(alert.get_attribute("role").as_deref(), Some("status"));
        assert!(leptos::prelude::document().active_element().unwrap().is_same_node(Some(&alert)));
    }

    /// The new token's box is a region named by its heading.
    #[wasm_bindgen_test]
    async fn the_new_token_is_a_named_region() {
        use domain::wire::intake::{CreatedCredential, Credential, SourceKind};
        use opgavepakker::pages::credentials::TokenOnce;
        let created = CreatedCredential {
            credential: Credential {
                id: 1,
                navn: "UDK".into(),
                kind: SourceKind::Haendelser,
                oprettet: "2026-03-02T08:15:00Z".into(),
                oprettet_af: "admin".into(),
                tilbagekaldt: None,
            },
            token: "opk_x".into(),
        };
        let host = render(move || view! { <TokenOnce created on_hide=Callback::new(|()| ())/> }.into_any());
        tick().await;
        let region = host.query_selector(".token-once").unwrap().unwrap();
        assert_eq!(region.get_attribute("role").as_deref(), Some("region"));
        let label = region.get_attribute("aria-labelledby").unwrap();
        let heading = host.query_selector(&format!("#{label}")).unwrap().expect("its heading");
        assert_eq!(heading.text_content().as_deref(), Some("Kildesystemet UDK er oprettet"));
        host.remove();
    }

    const COLS: &[Column] = &[Column::text("Navn"), Column::number("Åbne opgaver")];

    #[wasm_bindgen_test]
    fn tables_have_caption_and_column_headers() {
        let host = render(|| {
            view! {
                <Table caption="Mine pakker" columns=COLS>
                    <tbody><tr><th scope="row">"A"</th><td class="numeric">"1"</td></tr></tbody>
                </Table>
            }
            .into_any()
        });
        let table = host.query_selector("table.table").unwrap().unwrap();
        assert_eq!(table.query_selector("caption").unwrap().unwrap().text_content().as_deref(), Some("Mine pakker"));
        assert_eq!(table.query_selector("thead tr").unwrap().unwrap().child_element_count(), 2);
        assert!(table.query_selector("thead th:not([scope=col])").unwrap().is_none());
        let region = host.query_selector("[role=region]").unwrap().unwrap();
        assert_eq!(region.get_attribute("aria-label").as_deref(), Some("Mine pakker"));
        assert_eq!(region.get_attribute("tabindex").as_deref(), Some("0"));
        // No widths given: no <colgroup>.
        assert!(table.query_selector("colgroup").unwrap().is_none());
    }

    fn body_texts(host: &web_sys::HtmlElement) -> Vec<Vec<String>> {
        let rows = host.query_selector_all("tbody tr").unwrap();
        (0..rows.length())
            .filter_map(|i| rows.item(i))
            .map(|r| {
                let cells = r.child_nodes();
                (0..cells.length()).filter_map(|j| cells.item(j)).map(|c| c.text_content().unwrap_or_default()).collect()
            })
            .collect()
    }

    #[wasm_bindgen_test]
    async fn patched_rows_write_changed_cells_in_place() {
        use opgavepakker::components::patched_rows::PatchedRows;
        use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
        use std::sync::Arc;
        const ROWS: &[Column] = &[Column::text("Type").row_header(), Column::number("Antal").nowrap().width("w")];
        let strings = |rows: &[[&str; 2]]| rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect::<Vec<Vec<String>>>();
        let rows = RwSignal::new(strings(&[["A", "1"], ["B", "2"]]));
        // How often a row's texts were formatted: only for rows whose data changed.
        let formatted = Arc::new(AtomicUsize::new(0));
        let counter = formatted.clone();
        let host = render(move || {
            let counter = counter.clone();
            let cells = move |r: &Vec<String>| {
                counter.fetch_add(1, Relaxed);
                r.clone()
            };
            view! {
                <Table caption="Fordeling" columns=ROWS>
                    <PatchedRows rows=rows cells=cells columns=ROWS/>
                </Table>
            }
            .into_any()
        });
        until(|| body_texts(&host) == strings(&[["A", "1"], ["B", "2"]])).await;
        assert_eq!(formatted.load(Relaxed), 2);
        let first = host.query_selector("tbody tr th").unwrap().expect("a row header");
        assert_eq!(first.get_attribute("scope").as_deref(), Some("row"));
        assert_eq!(host.query_selector("tbody tr td").unwrap().unwrap().class_name(), "numeric nowrap");
        assert_eq!(host.query_selector("colgroup col:nth-child(2)").unwrap().unwrap().class_name(), "w");
        let a_text = first.first_child().unwrap();

        // More rows, one cell changed, one row's type changed.
        rows.set(strings(&[["A", "5"], ["C", "2"], ["D", "3"]]));
        until(|| body_texts(&host) == strings(&[["A", "5"], ["C", "2"], ["D", "3"]])).await;
        assert_eq!(formatted.load(Relaxed), 5);
        // The unchanged cell is the same text node: patched, not rebuilt.
        let first_now = host.query_selector("tbody tr th").unwrap().unwrap();
        assert!(first_now.first_child().unwrap().is_same_node(Some(&a_text)));

        // Fewer rows; then a row added after an unchanged one, which is not
        // formatted again; then none.
        rows.set(strings(&[["C", "2"]]));
        until(|| body_texts(&host) == strings(&[["C", "2"]])).await;
        assert_eq!(formatted.load(Relaxed), 6);
        rows.set(strings(&[["C", "2"], ["E", "1"]]));
        until(|| body_texts(&host) == strings(&[["C", "2"], ["E", "1"]])).await;
        assert_eq!(formatted.load(Relaxed), 7);
        rows.set(Vec::new());
        until(|| body_texts(&host).is_empty()).await;
    }
}

mod casework {
    //! Pure parts of the caseworker pages and the Sagsvælger.
    use super::*;
    use domain::casework::process::{ActivityFilter, CaseSort};
    use domain::model::{Sag, SagStatus};
    use opgavepakker::components::case_selector::{visible_cases, SortState};
    use opgavepakker::components::dkfds::pagination;
    use opgavepakker::pages::{audit, citizen_process, package_tasks};

    pub fn sag(id: i64, titel: &str, status: SagStatus, aktiv: bool, start: Option<&str>) -> Sag {
        Sag {
            id,
            borger_id: 1,
            sagstype: 3,
            ydelse: None,
            titel: titel.into(),
            status,
            aktiv,
            startdato: start.map(d),
            enhed: 1,
            stopdato: None,
        }
    }

    pub fn cases() -> Vec<Sag> {
        vec![
            sag(1, "Folkepension", SagStatus::Bevilget, true, Some("2020-01-01")),
            sag(2, "Almindeligt helbredstillæg", SagStatus::Bevilget, true, Some("2024-05-01")),
            sag(3, "Personligt tillæg", SagStatus::Afslag, false, Some("2023-02-01")),
            sag(4, "Udvidet helbredstillæg", SagStatus::UnderBehandling, true, None),
        ]
    }

    fn ids(v: &[Sag]) -> Vec<i64> {
        v.iter().map(|s| s.id).collect()
    }

    #[wasm_bindgen_test]
    fn default_is_active_cases_newest_start_date_first() {
        let s = SortState::default();
        assert_eq!(s.by, CaseSort::Startdato);
        assert_eq!(s.aria(), "descending");
        assert_eq!(ids(&visible_cases(&cases(), ActivityFilter::default(), s)), [2, 1, 4]);
    }

    #[wasm_bindgen_test]
    fn filters_active_passive_both() {
        let s = SortState::default();
        assert_eq!(ids(&visible_cases(&cases(), ActivityFilter::Passive, s)), [3]);
        assert_eq!(ids(&visible_cases(&cases(), ActivityFilter::Begge, s)), [2, 3, 1, 4]);
    }

    #[wasm_bindgen_test]
    fn pressing_a_column_sorts_and_pressing_again_turns_it_around() {
        let title = SortState::default().pressed(CaseSort::Titel);
        assert_eq!((title.by, title.aria()), (CaseSort::Titel, "ascending"));
        assert_eq!(ids(&visible_cases(&cases(), ActivityFilter::Begge, title)), [2, 1, 3, 4]);
        let back = title.pressed(CaseSort::Titel);
        assert_eq!(back.aria(), "descending");
        assert_eq!(ids(&visible_cases(&cases(), ActivityFilter::Begge, back)), [4, 3, 1, 2]);
        let status = back.pressed(CaseSort::Status);
        assert_eq!((status.by, status.aria()), (CaseSort::Status, "ascending"));
        // Under behandling before Bevilget before Afslag (the process order).
        assert_eq!(ids(&visible_cases(&cases(), ActivityFilter::Begge, status))[0], 4);
        let date = status.pressed(CaseSort::Startdato);
        assert_eq!(date, SortState::default());
    }

    #[wasm_bindgen_test]
    fn danish_amounts() {
        for (input, oere) in [("1", 100), ("1,5", 150), ("1.250,50", 125050), (" 12,05 kr.", 1205), ("1250", 125000), ("0,01", 1)] {
            assert_eq!(domain::casework::wizards::parse_kroner(input), Ok(oere), "{input}");
        }
        for bad in ["", "0", "-5", "1,234", "12.34", "1.2345,00", "abc", "1,5x"] {
            assert!(domain::casework::wizards::parse_kroner(bad).is_err(), "{bad}");
        }
        assert_eq!(format::kroner(125050), "1.250,50 kr.");
        assert_eq!(format::kroner(5), "0,05 kr.");
    }

    #[wasm_bindgen_test]
    fn package_task_list_paging_and_sort_names() {
        assert_eq!(pagination::page_count(0, 25), 1);
        assert_eq!(pagination::page_count(26, 25), 2);
        assert_eq!(pagination::page_items(1, 3), [Some(1), Some(2), Some(3)]);
        assert_eq!(pagination::page_items(1, 20), [Some(1), Some(2), Some(3), Some(4), Some(5), None, Some(20)]);
        assert_eq!(pagination::page_items(10, 20), [Some(1), None, Some(9), Some(10), Some(11), None, Some(20)]);
        assert_eq!(pagination::page_items(19, 20), [Some(1), None, Some(16), Some(17), Some(18), Some(19), Some(20)]);
        for s in domain::wire::packages::TaskSort::ALL {
            // The URL name is the wire name.
            let wire = serde_json::to_value(s).unwrap();
            assert_eq!(wire.as_str(), Some(package_tasks::sort_key(*s)));
            assert_eq!(package_tasks::parse_sort(package_tasks::sort_key(*s)), Some(*s));
        }
        assert_eq!(package_tasks::age(d("2026-03-01"), d("2026-03-01")), "I dag");
        assert_eq!(package_tasks::age(d("2026-02-28"), d("2026-03-01")), "1 dag");
        assert_eq!(package_tasks::age(d("2026-02-01"), d("2026-03-01")), "28 dage");
    }

    #[wasm_bindgen_test]
    fn casework_urls_never_carry_a_cpr_number() {
        assert_eq!(routes::package_tasks("OP-1"), "/mine-opgavepakker/OP-1");
        assert_eq!(routes::package_tasks_at("OP-1", 2, "nyeste_foerst"), "/mine-opgavepakker/OP-1?side=2&sortering=nyeste_foerst");
        assert_eq!(routes::task(17), "/opgave/17");
        assert_eq!(routes::citizen(5), "/borger/5");
        assert_eq!(routes::citizen_process(5, "stop-sag"), "/borger/5/stop-sag");
        assert_eq!(routes::task_from_package(3, "OP 1"), "/opgave/3?pakke=OP%201");
    }

    #[wasm_bindgen_test]
    fn uploads_are_checked_before_sending() {
        assert!(citizen_process::precheck("a.pdf", 10.0).is_ok());
        assert!(citizen_process::precheck("A.XML", 10.0).is_ok());
        // The name decides nothing; the content is checked after reading.
        assert!(citizen_process::precheck("scan.jpg", 10.0).is_ok());
        assert!(citizen_process::precheck("a.pdf", 11.0 * 1024.0 * 1024.0).unwrap_err().contains("10 MB"));
        assert!(citizen_process::precheck("a.pdf", 0.0).is_err());
    }

    #[wasm_bindgen_test]
    fn audit_timestamps_are_danish() {
        assert_eq!(audit::timestamp("2026-03-07T10:15:00+01:00"), "07.03.2026 10:15");
        assert_eq!(audit::timestamp("ukendt"), "ukendt");
    }

    #[wasm_bindgen_test]
    fn modtag_post_offers_kp_processes_and_finds_unmapped_documents() {
        use opgavepakker::pages::task::modtag_post::{creatable_task_types, unmapped};
        let types = creatable_task_types();
        assert!(types.iter().any(|(_, n)| *n == "Opret bevilling"));
        assert!(!types.iter().any(|(_, n)| *n == "Modtag post"));
        let doc = |id, navn: &str, kategori| domain::model::Dokument {
            id,
            navn: navn.into(),
            format: domain::model::DokumentFormat::Pdf,
            kategori,
            modtaget: d("2026-01-01"),
        };
        let docs =
            vec![doc(1, "Fuldmagt.pdf", None), doc(2, "Anmodning om refusion (selvbetjening).xml", None), doc(3, "Regning.pdf", Some(3))];
        assert_eq!(unmapped(&docs).iter().map(|x| x.id).collect::<Vec<_>>(), [2]);
    }
}

mod case_selector_dom {
    //! The Sagsvælger rendered into the page.
    use super::casework::{cases, sag};
    use super::*;
    use domain::casework::process::ExcludedCase;
    use domain::model::SagStatus;
    use leptos::prelude::*;
    use opgavepakker::components::case_selector::CaseSelector;
    use wasm_bindgen::JsCast;

    fn row_titles(host: &web_sys::HtmlElement) -> Vec<String> {
        let rows = host.query_selector_all(".case-selector-table tbody tr").unwrap();
        (0..rows.length())
            .filter_map(|i| rows.item(i))
            .filter_map(|r| r.dyn_into::<web_sys::Element>().ok())
            .filter_map(|r| r.query_selector("td:nth-child(2)").ok().flatten())
            .map(|c| c.text_content().unwrap_or_default())
            .collect()
    }

    fn click(host: &web_sys::HtmlElement, selector: &str) {
        host.query_selector(selector).unwrap().expect(selector).unchecked_into::<web_sys::HtmlElement>().click();
    }

    #[wasm_bindgen_test]
    async fn table_radios_sort_and_filter() {
        let selected = RwSignal::new(None::<i64>);
        let excluded = vec![ExcludedCase {
            sag: sag(9, "Gammel sag", SagStatus::Afsluttet, false, None),
            aarsag: "Sagen er passiv. Stop sag kan kun vælge aktive sager.".into(),
        }];
        let host =
            render(move || view! { <CaseSelector id="t" caption="Vælg sag" valgbare=cases() fravalgte=excluded selected/> }.into_any());
        tick().await;
        // Default: active only, start date newest first, shown with aria-sort.
        assert_eq!(row_titles(&host), ["Almindeligt helbredstillæg", "Folkepension", "Udvidet helbredstillæg"]);
        let sorted = host.query_selector_all("th[aria-sort]").unwrap();
        assert_eq!(sorted.length(), 1);
        let th: web_sys::Element = sorted.item(0).unwrap().unchecked_into();
        assert_eq!(th.get_attribute("aria-sort").as_deref(), Some("descending"));
        assert!(th.text_content().unwrap().contains("Bevillingens startdato"));
        // One radio per row, one shared name, labelled with the case title.
        let radios = host.query_selector_all(".case-selector-table input[type=radio]").unwrap();
        assert_eq!(radios.length(), 3);
        let first: web_sys::HtmlInputElement = radios.item(0).unwrap().unchecked_into();
        let second: web_sys::HtmlInputElement = radios.item(1).unwrap().unchecked_into();
        assert_eq!(first.name(), second.name());
        let label = host.query_selector(&format!("label[for='{}']", first.id())).unwrap().unwrap();
        assert!(label.text_content().unwrap().contains("Almindeligt helbredstillæg"));
        first.click();
        tick().await;
        assert_eq!(selected.get_untracked(), Some(2));
        // "Begge" shows the passive case.
        click(&host, "#t-filter-begge");
        tick().await;
        assert!(row_titles(&host).contains(&"Personligt tillæg".to_owned()));
        // Sort by title via the header button.
        click(&host, "th:nth-child(2) button");
        tick().await;
        assert_eq!(row_titles(&host)[0], "Almindeligt helbredstillæg");
        let th: web_sys::Element = host.query_selector("th[aria-sort]").unwrap().unwrap();
        assert!(th.text_content().unwrap().contains("Sagstitel"));
        assert_eq!(th.get_attribute("aria-sort").as_deref(), Some("ascending"));
        // Excluded cases: hidden until asked for, with reason, never a radio.
        assert!(host.query_selector(".case-selector-excluded").unwrap().is_none());
        click(&host, "#t-vis-fravalgte");
        tick().await;
        let excluded = host.query_selector(".case-selector-excluded").unwrap().expect("excluded table");
        assert!(excluded.text_content().unwrap().contains("Sagen er passiv. Stop sag kan kun vælge aktive sager."));
        assert!(excluded.query_selector("input").unwrap().is_none());
        // "Passive" hides the chosen active case, which unchooses it.
        click(&host, "#t-filter-passive");
        tick().await;
        assert_eq!(row_titles(&host), ["Personligt tillæg"]);
        assert_eq!(selected.get_untracked(), None);
    }
}

mod package_editor {
    //! The package editor's form logic, its validation messages, the diff of
    //! the history page and the search page's sorting.
    use super::*;
    use domain::package::PackageField;
    use domain::package::{RelationValg, MAX_NAME_LEN};
    use domain::wire::catalog::Catalog;
    use domain::{PackageDraft, PackageFilter, PackageVersion};
    use opgavepakker::editor::form::{changes, version_changes, PackageForm};
    use opgavepakker::pages::admin::{sort_versions, SortBy};

    fn valid_form() -> PackageForm {
        let mut f = PackageForm::new(d("2026-01-01"));
        f.navn = "Post".into();
        f.relation = Some(RelationValg::Begge);
        f.roller = vec![1];
        f
    }

    fn version(key: &str, navn: &str, fra: &str, til: Option<&str>) -> PackageVersion {
        let draft = valid_form().draft().unwrap();
        PackageVersion {
            noegle: key.into(),
            version: 1,
            draft: PackageDraft { navn: navn.into(), gyldig_fra: d(fra), gyldig_til: til.map(d), ..draft },
            oprettet_af: "admin".into(),
            oprettet: "2026-01-01T08:00:00+01:00".into(),
        }
    }

    #[wasm_bindgen_test]
    fn cpr_bounds_one_and_zero_one_are_the_same() {
        let mut f = valid_form();
        f.cpr_fra = "1".into();
        f.cpr_til = "15".into();
        let a = f.filter();
        f.cpr_fra = "01".into();
        assert_eq!(f.filter(), a);
        assert_eq!((a.cpr_fra, a.cpr_til), (Some(1), Some(15)));
        // A bound that does not parse does not restrict the preview.
        f.cpr_fra = "x".into();
        assert_eq!(f.filter().cpr_fra, None);
        assert!(f.draft().is_none());
    }

    #[wasm_bindgen_test]
    fn templates_and_versions_fill_the_form() {
        let cat = Catalog::current();
        let t = cat.skabeloner.iter().find(|t| t.id == "post-fra-selvbetjening").unwrap();
        let f = PackageForm::from_template(t, d("2026-03-01"));
        assert_eq!(f.navn, "Post fra selvbetjening");
        assert_eq!(f.filter(), t.filter);
        assert_eq!(f.gyldig_fra, "2026-03-01");
        let v = version("OP-0001", "A", "2026-01-01", Some("2026-12-31"));
        let f = PackageForm::from_version(&v, d("2026-03-02"));
        assert_eq!((f.gyldig_fra.as_str(), f.gyldig_til.as_str(), f.aendringsaarsag.as_str()), ("2026-03-02", "2026-12-31", ""));
        assert_eq!(f.roller, v.draft.roller);
    }

    /// Every rule gives exactly one message, at its field, in Danish.
    #[wasm_bindgen_test]
    fn every_validation_rule_has_one_message_at_its_field() {
        assert!(valid_form().errors(&[1], None, &[]).is_empty());
        let others = [version("OP-0009", "Post", "2025-01-01", None)];
        type Rule = (&'static str, fn(&mut PackageForm));
        let rules: &[Rule] = &[
            ("navn", |f| f.navn = "  ".into()),
            ("navn", |f| f.navn = "x".repeat(MAX_NAME_LEN + 1)),
            ("cpr_fra", |f| f.cpr_fra = "1a".into()),
            ("cpr_til", |f| f.cpr_til = "100".into()),
            ("cpr_til", |f| {
                f.cpr_fra = "20".into();
                f.cpr_til = "10".into();
            }),
            ("relation", |f| f.relation = None),
            ("roller", |f| f.roller.clear()),
            ("roller", |f| f.roller = vec![99]),
            ("gyldig_fra", |f| f.gyldig_fra.clear()),
            ("gyldig_fra", |f| f.gyldig_fra = "2026-02-30".into()),
            ("gyldig_til", |f| f.gyldig_til = "31.12.2026".into()),
            ("gyldig_til", |f| f.gyldig_til = "2025-12-31".into()),
            ("opgavetyper", |f| f.opgavetyper = vec![999]),
            ("opfoelgningstyper", |f| f.opfoelgningstyper = vec![999]),
            ("sagstyper", |f| f.sagstyper = vec![999]),
            ("pensionstyper", |f| f.pensionstyper = vec![999]),
            ("enheder", |f| f.enheder = vec![999]),
            ("ydelser", |f| f.ydelser = vec![999]),
        ];
        for (field, break_it) in rules {
            let mut f = valid_form();
            break_it(&mut f);
            let errs = f.errors(&[1], None, &[]);
            assert_eq!(errs.len(), 1, "{field}: {errs:?}");
            assert_eq!(errs[0].field.name(), *field);
            assert!(errs[0].message.ends_with('.'), "{}", errs[0].message);
            let label = PackageField::from_name(field).map_or(*field, PackageField::label);
            assert_ne!(label, *field, "{field} has a label in the editor");
        }
        // The name in use by another package in an overlapping period.
        let errs = valid_form().errors(&[1], None, &others);
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].field.name(), "navn");
        assert!(errs[0].message.contains("OP-0009"));
        // … but a new version of that very package may keep it.
        assert!(valid_form().errors(&[1], Some("OP-0009"), &others).is_empty());
        assert!(PackageField::ALL.iter().all(|f| !f.name().is_empty() && !f.label().is_empty()));
    }

    #[wasm_bindgen_test]
    fn the_diff_lists_changed_fields_only_in_words() {
        let cat = Catalog::current();
        let roles = vec![
            Rolle { id: 1, navn: "Pension".into(), beskrivelse: String::new(), rettigheder: Vec::new() },
            Rolle { id: 2, navn: "Økonomi".into(), beskrivelse: String::new(), rettigheder: Vec::new() },
        ];
        let a = valid_form().draft().unwrap();
        assert!(changes(&a, &a, &cat, &roles).is_empty());
        let mut b = a.clone();
        b.roller = vec![2, 1];
        b.filter = PackageFilter { opgavetyper: vec![1], cpr_fra: Some(1), ..a.filter.clone() };
        b.aendringsaarsag = "Ny opdeling".into();
        let c = changes(&a, &b, &cat, &roles);
        let fields: Vec<&str> = c.iter().map(|c| c.field.name()).collect();
        assert_eq!(fields, ["opgavetyper", "cpr_fra", "roller"]);
        assert_eq!((c[0].before.as_str(), c[0].after.as_str()), ("Ingen valgt (alle)", "Modtag post"));
        assert_eq!((c[1].before.as_str(), c[1].after.as_str()), ("–", "01"));
        assert_eq!((c[2].label, c[2].before.as_str(), c[2].after.as_str()), ("Roller", "Pension", "Pension, Økonomi"));
        // Order of ticks does not count as a change.
        let mut e = b.clone();
        e.roller = vec![1, 2];
        assert!(changes(&b, &e, &cat, &roles).is_empty());
        // In the history, the end that saving the next version gave the
        // previous one is not a change of the next version …
        let mut older = a.clone();
        let mut newer = a.clone();
        newer.gyldig_fra = older.gyldig_fra + chrono::Days::new(10);
        older.gyldig_til = newer.gyldig_fra.pred_opt();
        let fields = |c: Vec<opgavepakker::editor::form::Change>| c.iter().map(|c| c.field.name()).collect::<Vec<_>>();
        assert_eq!(fields(version_changes(&older, &newer, &cat, &roles)), ["gyldig_fra"]);
        assert_eq!(fields(changes(&older, &newer, &cat, &roles)), ["gyldig_fra", "gyldig_til"]);
        // … but an end the admin gave the new version is.
        newer.gyldig_til = Some(newer.gyldig_fra + chrono::Days::new(30));
        assert_eq!(fields(version_changes(&older, &newer, &cat, &roles)), ["gyldig_fra", "gyldig_til"]);
    }

    #[wasm_bindgen_test]
    fn search_result_sorts_by_each_column() {
        let mut l = vec![
            version("OP-0002", "beta", "2026-02-01", None),
            version("OP-0001", "Alfa", "2026-03-01", Some("2026-12-31")),
            version("OP-0003", "Gamma", "2026-01-01", Some("2026-06-30")),
        ];
        let keys = |l: &[PackageVersion]| l.iter().map(|v| v.noegle.clone()).collect::<Vec<_>>();
        sort_versions(&mut l, SortBy::Navn, true);
        assert_eq!(keys(&l), ["OP-0001", "OP-0002", "OP-0003"]);
        sort_versions(&mut l, SortBy::GyldigFra, false);
        assert_eq!(keys(&l), ["OP-0001", "OP-0002", "OP-0003"]);
        sort_versions(&mut l, SortBy::GyldigFra, true);
        assert_eq!(keys(&l), ["OP-0003", "OP-0002", "OP-0001"]);
        // Open-ended last when ascending.
        sort_versions(&mut l, SortBy::GyldigTil, true);
        assert_eq!(keys(&l), ["OP-0003", "OP-0001", "OP-0002"]);
        sort_versions(&mut l, SortBy::Noegle, false);
        assert_eq!(keys(&l), ["OP-0003", "OP-0002", "OP-0001"]);
    }

    #[wasm_bindgen_test]
    fn editor_urls() {
        assert_eq!(routes::package_edit("OP-0001"), "/systemadministration/opgavepakke/OP-0001");
        assert_eq!(routes::package_history("OP 1"), "/systemadministration/opgavepakke/OP%201/historik");
        assert_eq!(routes::package_new_from("efaktura"), "/systemadministration/opgavepakke/ny?skabelon=efaktura");
        let from = routes::roles_from("/systemadministration/opgavepakke/ny?skabelon=efaktura");
        assert_eq!(from, "/systemadministration/roller?fra=%2Fsystemadministration%2Fopgavepakke%2Fny%3Fskabelon%3Defaktura");
        assert!(routes::is_editor_url("/systemadministration/opgavepakke/OP-0001"));
        for bad in ["https://evil.example/", "//evil.example/systemadministration/opgavepakke/x", "/systemadministration/roller"] {
            assert!(!routes::is_editor_url(bad), "{bad}");
        }
    }
}

mod package_editor_dom {
    //! The editor's field markup: DKFDS fieldset/legend, error message
    //! referenced by `aria-describedby`, `aria-invalid` on the inputs.
    use super::{render, tick};
    use leptos::prelude::*;
    use opgavepakker::components::dkfds::choice::{CheckboxGroup, Choice, RadioGroup};
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    #[wasm_bindgen_test]
    async fn checkbox_group_shows_its_error_at_the_field() {
        let selected = RwSignal::new(vec![2i64]);
        let error = RwSignal::new(None::<String>);
        let host = render(move || {
            view! {
                <CheckboxGroup
                    field="roller"
                    legend="Roller"
                    required=true
                    options=vec![Choice::new(1, "Pension"), Choice::new(2, "Økonomi")]
                    selected=selected
                    on_toggle=Callback::new(move |(k, on): (i64, bool)| selected.update(|s| { s.retain(|x| *x != k); if on { s.push(k) } }))
                    error=error
                />
            }
            .into_any()
        });
        let fieldset = host.query_selector("fieldset#felt-roller").unwrap().unwrap();
        assert!(fieldset.query_selector("legend").unwrap().unwrap().text_content().unwrap().starts_with("Roller"));
        let boxes = host.query_selector_all("input.form-checkbox[type=checkbox]").unwrap();
        assert_eq!(boxes.length(), 2);
        let second: web_sys::HtmlInputElement = boxes.get(1).unwrap().unchecked_into();
        assert!(second.checked());
        assert!(host.query_selector(".form-error-message").unwrap().is_none());

        error.set(Some("Vælg mindst én rolle, der skal have adgang til opgavepakken.".into()));
        tick().await;
        let msg = host.query_selector(".form-group.form-error .form-error-message").unwrap().expect("message shown");
        assert_eq!(msg.id(), "felt-roller-fejl");
        assert!(msg.text_content().unwrap().contains("Vælg mindst én rolle"));
        assert_eq!(fieldset.get_attribute("aria-describedby").as_deref(), Some("felt-roller-fejl"));
        assert_eq!(second.get_attribute("aria-invalid").as_deref(), Some("true"));
    }

    #[wasm_bindgen_test]
    async fn radio_group_marks_the_chosen_option() {
        let selected = RwSignal::new(Some(3i64));
        let host = render(move || {
            view! {
                <RadioGroup
                    field="relation"
                    legend="Opgave relation"
                    required=true
                    options=vec![Choice::new(1, "Kun kommuneopgaver"), Choice::new(3, "Begge")]
                    selected=selected
                    on_select=Callback::new(move |k| selected.set(Some(k)))
                    error=Signal::derive(|| None::<String>)
                />
            }
            .into_any()
        });
        tick().await;
        let radios = host.query_selector_all("input.form-radio").unwrap();
        let begge: web_sys::HtmlInputElement = radios.get(1).unwrap().unchecked_into();
        assert!(begge.checked());
        let first: web_sys::HtmlInputElement = radios.get(0).unwrap().unchecked_into();
        first.click();
        assert_eq!(selected.get_untracked(), Some(1));
    }
}

mod live_lists_and_task_page {
    //! Issue 9 on the caseworker's side: the DKFDS tabs of the task's
    //! history, the live task table (rows keyed so unchanged rows keep their
    //! DOM and focus), the live poller, the task page's notices and the
    //! Borgeroverblik's event links.
    use super::{d, render, tick, until};
    use domain::casework::complete::Wizard;
    use domain::intake::AttachmentFault;
    use domain::model::{Kilde, Opgave, OpgaveStatus, Relation};
    use domain::wire::intake::FailedAttachment;
    use domain::wire::packages::{TaskPage, TaskRow, TaskSort};
    use domain::wire::tasks::{HistoryEntry, InvoiceInfo, TaskDetail};
    use leptos::prelude::*;
    use leptos_router::components::Router;
    use opgavepakker::api::{self, Fresh};
    use opgavepakker::components::dkfds::tabs::tab_after_key;
    use opgavepakker::components::task_history::{actor, TaskHistory};
    use opgavepakker::pages::package_tasks::{caption, row_key, TaskTable};
    use opgavepakker::pages::task::notices::{automation, failed_heading, Automation, TaskNotices};
    use opgavepakker::pages::{citizen, my_packages};
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    /// Waits until `done` holds, at most `secs` seconds (the poller ticks every 2 s).
    async fn wait(secs: u32, done: impl Fn() -> bool) {
        for _ in 0..secs * 50 {
            if done() {
                return;
            }
            tick().await;
        }
        assert!(done(), "not done within {secs} seconds");
    }

    fn entry(t: &str, who: Option<&str>, text: &str) -> HistoryEntry {
        HistoryEntry { tidspunkt: t.into(), bruger: who.map(str::to_owned), tekst: text.into() }
    }

    fn html(host: &web_sys::HtmlElement, sel: &str) -> web_sys::HtmlElement {
        host.query_selector(sel).unwrap().unwrap_or_else(|| panic!("no {sel}")).unchecked_into()
    }

    fn key(el: &web_sys::HtmlElement, k: &str) {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(k);
        init.set_bubbles(true);
        el.dispatch_event(&web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()).unwrap();
    }

    #[wasm_bindgen_test]
    fn tab_keys_wrap_and_jump() {
        assert_eq!(tab_after_key("ArrowRight", 0, 2), Some(1));
        assert_eq!(tab_after_key("ArrowRight", 1, 2), Some(0));
        assert_eq!(tab_after_key("ArrowLeft", 0, 3), Some(2));
        assert_eq!(tab_after_key("Home", 2, 3), Some(0));
        assert_eq!(tab_after_key("End", 0, 3), Some(2));
        assert_eq!(tab_after_key("Enter", 0, 3), None);
        assert_eq!(tab_after_key("ArrowRight", 0, 0), None);
    }

    #[wasm_bindgen_test]
    async fn history_tabs_show_news_first_and_switch_by_keyboard() {
        let historik = vec![
            entry("2026-03-02T08:15:00Z", None, "Ansøgning modtaget fra selvbetjening"),
            entry("2026-03-03T09:00:00Z", Some("Peter Pedersen"), "Opgaven er taget"),
        ];
        let nye = vec![historik[0].clone()];
        let host = render(move || view! { <TaskHistory historik nye/> }.into_any());
        tick().await;
        let forloeb = html(&host, "#opgaveforloeb-fane");
        let news = html(&host, "#nye-haendelser-fane");
        // The tab list has a name of its own.
        assert_eq!(html(&host, "[role=tablist]").get_attribute("aria-label").as_deref(), Some("Historik"));
        // News exist: that tab is shown first, with its count as a badge.
        assert_eq!(news.get_attribute("aria-selected").as_deref(), Some("true"));
        assert_eq!(news.get_attribute("tabindex").as_deref(), Some("0"));
        assert_eq!(forloeb.get_attribute("tabindex").as_deref(), Some("-1"));
        assert_eq!(html(&host, "#nye-haendelser-fane .badge").text_content().as_deref(), Some("1"));
        assert!(html(&host, "#opgaveforloeb").has_attribute("hidden"));
        assert_eq!(html(&host, "#opgaveforloeb").get_attribute("aria-labelledby").as_deref(), Some("opgaveforloeb-fane"));
        // ← wraps to the first tab, shows its panel and moves focus there.
        news.focus().unwrap();
        key(&news, "ArrowLeft");
        tick().await;
        assert_eq!(forloeb.get_attribute("aria-selected").as_deref(), Some("true"));
        assert!(!html(&host, "#opgaveforloeb").has_attribute("hidden"));
        assert!(html(&host, "#nye-haendelser").has_attribute("hidden"));
        assert!(leptos::prelude::document().active_element().unwrap().is_same_node(Some(&forloeb)));
        // What, when (Danish clock), who ("System" when nobody did it).
        let rows = host.query_selector_all("#opgaveforloeb tbody tr").unwrap();
        assert_eq!(rows.length(), 2);
        let first = rows.item(0).unwrap().text_content().unwrap();
        assert!(first.contains("02.03.2026 kl. 09:15"), "{first}");
        assert!(first.contains("Ansøgning modtaget fra selvbetjening") && first.contains("System"), "{first}");
        assert!(rows.item(1).unwrap().text_content().unwrap().contains("Peter Pedersen"));
    }

    #[wasm_bindgen_test]
    async fn no_news_shows_the_history_and_says_so() {
        let host = render(|| view! { <TaskHistory historik=vec![] nye=vec![]/> }.into_any());
        tick().await;
        assert_eq!(html(&host, "#opgaveforloeb-fane").get_attribute("aria-selected").as_deref(), Some("true"));
        assert_eq!(html(&host, "#nye-haendelser-fane .badge").text_content().as_deref(), Some("0"));
        assert!(html(&host, "#nye-haendelser").text_content().unwrap().contains("ingen nye hændelser"));
        assert_eq!(actor(&entry("x", None, "y")), "System");
    }

    fn row(id: i64, taget_af: Option<&str>) -> TaskRow {
        TaskRow {
            id,
            opgavetype: 1,
            opfoelgningstype: None,
            relation: Relation::Person,
            kilde: Kilde::Selvbetjening,
            beloebsgodkendelse: false,
            enhed: 1,
            status: OpgaveStatus::Ubehandlet,
            borger_navn: Some(format!("Borger {id}")),
            cpr_maskeret: Some("010203-****".into()),
            sag_titel: None,
            taget_af: taget_af.map(str::to_owned),
            taget_af_navn: taget_af.map(|u| format!("Navn på {u}")),
            oprettet: d("2026-03-01"),
            frist: None,
        }
    }

    fn page(rows: Vec<TaskRow>, total: u64) -> TaskPage {
        TaskPage {
            noegle: "OP-1".into(),
            navn: "Post".into(),
            total,
            side: 1,
            sidestoerrelse: 25,
            sortering: TaskSort::AeldsteFoerst,
            opgaver: rows,
        }
    }

    #[wasm_bindgen_test]
    fn row_keys_change_exactly_with_the_row() {
        assert_eq!(row_key(&row(1, None)), row_key(&row(1, None)));
        assert_ne!(row_key(&row(1, None)), row_key(&row(1, Some("pension"))));
        assert_ne!(row_key(&row(1, None)).0, row_key(&row(2, None)).0);
        assert_eq!(caption(&page(vec![row(1, None), row(2, None)], 30)), "Opgave 1–2 af 30 åbne opgaver, ældste først");
        assert_eq!(caption(&page(vec![], 0)), "Ingen åbne opgaver i pakken");
        assert_eq!(my_packages::summary(1, 1), "Du har adgang til 1 opgavepakke med i alt 1 åben opgave.");
        assert_eq!(my_packages::summary(3, 1204), "Du har adgang til 3 opgavepakker med i alt 1.204 åbne opgaver.");
    }

    /// The total follows the live counts as a plain paragraph: no live region
    /// that a screen reader would re-announce on every poll.
    #[wasm_bindgen_test]
    async fn the_package_total_is_not_a_live_region() {
        use domain::wire::packages::MyPackage;
        let pkg = |n: u64| MyPackage { noegle: "pension".into(), navn: "Pension".into(), beskrivelse: "B".into(), aabne_opgaver: n };
        let source = RwSignal::new(vec![pkg(2)]);
        let host = render(move || {
            let list = Memo::new(move |_| source.get());
            view! { <my_packages::MyPackageTable list/> }.into_any()
        });
        tick().await;
        let p = host.query_selector("p.package-summary").unwrap().expect("the total");
        assert_eq!(p.text_content().unwrap(), my_packages::summary(1, 2));
        source.set(vec![pkg(3)]);
        tick().await;
        assert_eq!(p.text_content().unwrap(), my_packages::summary(1, 3));
        assert!(host.query_selector("[role=status], [role=alert], [aria-live]").unwrap().is_none(), "{}", host.inner_html());
        host.remove();
    }

    #[wasm_bindgen_test]
    async fn a_live_update_adds_rows_and_keeps_unchanged_rows_and_focus() {
        let current = RwSignal::new(page(vec![row(1, None), row(2, None)], 2));
        let host = render(move || {
            let claim = Action::new_local(|id: &i64| api::claim_task(*id));
            let busy = Signal::derive(|| false);
            view! { <Router><TaskTable page=current claim busy/></Router> }.into_any()
        });
        until(|| host.query_selector_all("tbody tr").unwrap().length() == 2).await;
        let first = html(&host, "#opgave-1");
        let second = html(&host, "#opgave-2");
        let button = html(&host, "#opgave-1 button");
        button.focus().unwrap();

        // A new task arrives, and task 2 is taken by someone.
        current.set(page(vec![row(1, None), row(2, Some("ydelse")), row(3, None)], 3));
        until(|| host.query_selector_all("tbody tr").unwrap().length() == 3).await;
        assert!(html(&host, "#opgave-1").is_same_node(Some(&first)), "an unchanged row keeps its DOM");
        assert!(!html(&host, "#opgave-2").is_same_node(Some(&second)), "a changed row is redrawn");
        // The holder is shown by name.
        assert!(html(&host, "#opgave-2 td:last-child").text_content().as_deref() == Some("Navn på ydelse"));
        assert!(leptos::prelude::document().active_element().unwrap().is_same_node(Some(&button)), "focus stays");
        assert_eq!(html(&host, "caption").text_content().as_deref(), Some("Opgave 1–3 af 3 åbne opgaver, ældste først"));
        // A task leaves the package.
        current.set(page(vec![row(2, Some("ydelse")), row(3, None)], 2));
        until(|| host.query_selector("#opgave-1").unwrap().is_none()).await;
    }

    #[wasm_bindgen_test]
    async fn the_poller_sends_the_tag_and_leaves_an_unchanged_value_alone() {
        // A fake server: version 1, then "304" once, then version 2.
        let calls = Rc::new(Cell::new(0u32));
        let tags = Rc::new(std::cell::RefCell::new(Vec::<Option<String>>::new()));
        let value = RwSignal::new(None);
        let (c, t) = (calls.clone(), tags.clone());
        let _host = render(move || {
            let live = opgavepakker::live::live(
                || (),
                move |(), etag: Option<String>| {
                    let n = c.get() + 1;
                    c.set(n);
                    t.borrow_mut().push(etag);
                    async move {
                        Ok::<_, api::Error>(match n {
                            1 => Fresh::Changed { value: 1u32, etag: Some("\"a\"".into()) },
                            2 => Fresh::Unchanged,
                            _ => Fresh::Changed { value: 2u32, etag: Some("\"b\"".into()) },
                        })
                    }
                },
            );
            Effect::new(move |_| value.set(live.value.get().and_then(|r: api::Result<u32>| r.ok())));
            view! { <p>"live"</p> }.into_any()
        });
        until(|| value.get_untracked() == Some(1)).await;
        // The first poll (after 2 s) sends the tag and gets "304": the value stays.
        let c = calls.clone();
        wait(3, move || c.get() >= 2).await;
        tick().await;
        assert_eq!(value.get_untracked(), Some(1));
        // The next poll brings version 2, asked with the same tag.
        wait(3, move || value.get_untracked() == Some(2)).await;
        assert_eq!(tags.borrow()[..3], [None, Some("\"a\"".to_owned()), Some("\"a\"".to_owned())]);
    }

    #[wasm_bindgen_test]
    async fn three_failed_polls_in_a_row_show_a_quiet_notice_until_one_answers() {
        use opgavepakker::live::{StaleNotice, STALE_TEXT};
        // A fake server: the value, a 401 (the session's business, not
        // counted), three network failures, then "304".
        let calls = Rc::new(Cell::new(0u32));
        let c = calls.clone();
        let host = render(move || {
            let live = opgavepakker::live::live(
                || (),
                move |(), _etag: Option<String>| {
                    let n = c.get() + 1;
                    c.set(n);
                    async move {
                        match n {
                            1 => Ok(Fresh::Changed { value: 1u32, etag: Some("\"a\"".into()) }),
                            2 => Err(api::Error::Unauthorized("Du er ikke logget ind.".into())),
                            3..=5 => Err(api::Error::Network),
                            _ => Ok(Fresh::Unchanged),
                        }
                    }
                },
            );
            view! { <StaleNotice stale=Signal::derive(move || live.stale())/> }.into_any()
        });
        let notice = || host.query_selector(".live-stale .alert").unwrap();
        // After the 401 and two failures (four calls): nothing shown yet.
        let c = calls.clone();
        wait(9, move || c.get() >= 4).await;
        tick().await;
        assert!(notice().is_none(), "{}", host.inner_html());
        // The third failure in a row: the notice, information without a live region.
        let c = calls.clone();
        wait(3, move || c.get() >= 5).await;
        until(|| notice().is_some()).await;
        let alert = notice().unwrap();
        assert!(alert.text_content().unwrap().contains(STALE_TEXT));
        assert_eq!(alert.get_attribute("role"), None);
        assert!(alert.class_list().contains("alert-info"));
        // A poll that gets an answer takes it away.
        let c = calls.clone();
        wait(3, move || c.get() >= 6).await;
        until(|| notice().is_none()).await;
        host.remove();
    }

    fn detail() -> TaskDetail {
        TaskDetail {
            opgave: Opgave {
                id: 7,
                opgavetype: 2,
                opfoelgningstype: None,
                relation: Relation::Person,
                kilde: Kilde::Selvbetjening,
                beloebsgodkendelse: false,
                enhed: 3,
                borger_id: Some(1),
                sag_id: None,
                status: OpgaveStatus::Venter,
                taget_af: None,
                taget_af_navn: None,
                oprettet: d("2026-03-01"),
                frist: None,
            },
            wizard: Wizard::Generel,
            taget_af_navn: None,
            dokumenter: vec![],
            kraever_fuldmagt: false,
            sag: None,
            borger: None,
            borgerens_aabne_opgaver: vec![],
            historik: vec![],
            beslutning: None,
            automatisk: true,
            udfald_aarsag: None,
            nye_haendelser: vec![],
            faktura: None,
            automatisk_sagstyper: vec![],
            mapning: vec![],
            kan_tages: true,
        }
    }

    #[wasm_bindgen_test]
    fn automation_states() {
        let mut d = detail();
        assert_eq!(automation(&d), Some(Automation::Automatic { waiting: true, reason: None }));
        d.automatisk = false;
        assert_eq!(automation(&d), None);
        d.udfald_aarsag = Some("Formue modtaget.".into());
        assert_eq!(automation(&d), Some(Automation::FellOut("Formue modtaget.".into())));
        d.udfald_aarsag = Some("  ".into());
        assert_eq!(automation(&d), None);
        assert_eq!(failed_heading(1), "Et fakturabilag kunne ikke modtages");
        assert_eq!(failed_heading(3), "3 fakturabilag kunne ikke modtages");
    }

    #[wasm_bindgen_test]
    async fn the_invoice_names_each_failed_attachment_and_why() {
        let mut d = detail();
        d.automatisk = false;
        d.faktura = Some(InvoiceInfo {
            fakturanummer: "F-1".into(),
            leverandoer: "Synsam".into(),
            beloeb_oere: 123450,
            attached_documents_failed: true,
            fejlede_bilag: vec![
                FailedAttachment { filnavn: "kvittering.pdf".into(), fejl: AttachmentFault::Beskadiget },
                FailedAttachment { filnavn: "tom.png".into(), fejl: AttachmentFault::Tom },
            ],
        });
        let host = render(move || view! { <TaskNotices d/> }.into_any());
        tick().await;
        let section = html(&host, "section[aria-labelledby=faktura-overskrift]");
        let text = section.text_content().unwrap();
        assert!(text.contains("F-1") && text.contains("Synsam") && text.contains("1.234,50 kr."), "{text}");
        let items: Vec<String> = {
            let l = host.query_selector_all(".alert.alert-info li").unwrap();
            (0..l.length()).map(|i| l.item(i).unwrap().text_content().unwrap()).collect()
        };
        assert_eq!(items, ["kvittering.pdf: Filen er beskadiget", "tom.png: Filen er tom"]);
        assert!(html(&host, ".alert.alert-info").text_content().unwrap().contains("2 fakturabilag kunne ikke modtages"));
        // No automatic-processing box on this task.
        assert!(!host.text_content().unwrap().contains("automatisk"));
    }

    #[wasm_bindgen_test]
    async fn an_automatic_task_says_it_waits_for_formue() {
        let host = render(|| view! { <TaskNotices d=detail()/> }.into_any());
        tick().await;
        let text = html(&host, ".alert.alert-info").text_content().unwrap();
        assert!(text.contains("Opgaven er under automatisk sagsbehandling") && text.contains("formue"), "{text}");
    }

    #[wasm_bindgen_test]
    fn an_event_links_to_its_task_by_label_while_it_is_open() {
        let open = vec![detail().opgave];
        assert_eq!(citizen::event_task_label(7, &open), "Opret bevilling");
        assert_eq!(citizen::event_task_label(8, &open), "Opgave nr. 8");
    }
}

mod parameters {
    //! A system parameter's form as typed → the `ParameterValue` and draft
    //! it saves, and its messages per field.
    use super::*;
    use domain::intake::{MappingRow, ParameterKey, ParameterValue, Subscription};
    use domain::package::FieldError;
    use opgavepakker::editor::parameter::{kroner_text, ParamField, ParameterForm, RowColumn, ValueForm, KATEGORI_REQUIRED};

    const FOLLOWUPS: &[u16] = &[1, 2, 3, 4, 5, 6];

    fn form(value: ValueForm) -> ParameterForm {
        ParameterForm { value, aendringsaarsag: "  Ny grænse  ".into(), gyldig_fra: "2026-03-01".into(), gyldig_til: String::new() }
    }

    #[wasm_bindgen_test]
    fn formue_limit_is_typed_in_kroner_with_a_decimal_comma() {
        for (typed, oere) in [("94.800,00", 9_480_000), ("94800", 9_480_000), ("1.000,5", 100_050), (" 12,34 kr.", 1234)] {
            assert_eq!(ValueForm::Formuegraense(typed.into()).value(FOLLOWUPS), Ok(ParameterValue::Formuegraense(oere)), "{typed}");
        }
        for bad in ["", "12,345", "1,2,3", "abc", "-5", "1.00"] {
            let errors = ValueForm::Formuegraense(bad.into()).value(FOLLOWUPS).unwrap_err();
            assert_eq!(errors.len(), 1, "{bad}");
            assert_eq!(errors[0].field, ParamField::Vaerdi, "{bad}");
            assert!(!errors[0].message.is_empty());
        }
        // The stored value is shown as it is typed, and reads back the same.
        assert_eq!(kroner_text(9_480_000), "94.800,00");
        assert_eq!(kroner_text(5), "0,05");
        let shown = ValueForm::of(&ParameterValue::Formuegraense(123_456_789), FOLLOWUPS);
        assert_eq!(shown, ValueForm::Formuegraense("1.234.567,89".into()));
        assert_eq!(shown.value(FOLLOWUPS), Ok(ParameterValue::Formuegraense(123_456_789)));
    }

    #[wasm_bindgen_test]
    fn the_draft_carries_the_value_and_the_trimmed_reason() {
        let f = form(ValueForm::Formuegraense("100.000".into()));
        let d = f.draft(FOLLOWUPS).expect("parses");
        assert_eq!(d.value, ParameterValue::Formuegraense(10_000_000));
        assert_eq!(d.aendringsaarsag, "Ny grænse");
        assert_eq!(d.gyldig_fra, super::d("2026-03-01"));
        assert_eq!(d.gyldig_til, None);
        let mut bad = f.clone();
        bad.gyldig_til = "31.12.2026".into();
        assert_eq!(bad.draft(FOLLOWUPS), None);
        bad.gyldig_til = "2026-12-31".into();
        assert_eq!(bad.draft(FOLLOWUPS).unwrap().gyldig_til, Some(super::d("2026-12-31")));
    }

    #[wasm_bindgen_test]
    fn the_period_has_its_messages() {
        let key = ParameterKey::Formuegraense;
        let ok = form(ValueForm::Formuegraense("1.000".into()));
        assert_eq!(ok.errors(key, FOLLOWUPS), vec![]);
        let mut f = ok.clone();
        f.gyldig_fra = String::new();
        assert_eq!(f.errors(key, FOLLOWUPS).iter().map(|e| e.field).collect::<Vec<_>>(), vec![ParamField::GyldigFra]);
        f.gyldig_fra = "2026-03-01".into();
        f.gyldig_til = "2026-02-28".into();
        assert_eq!(f.errors(key, FOLLOWUPS).iter().map(|e| e.field).collect::<Vec<_>>(), vec![ParamField::GyldigTil]);
        f.gyldig_til = "2026-03-01".into();
        assert_eq!(f.errors(key, FOLLOWUPS), vec![]);
        f.gyldig_til = "ikke en dato".into();
        assert_eq!(f.errors(key, FOLLOWUPS).iter().map(|e| e.field).collect::<Vec<_>>(), vec![ParamField::GyldigTil]);
    }

    #[wasm_bindgen_test]
    fn the_domains_rules_land_at_their_fields_in_the_forms_order() {
        let key = ParameterKey::FormularDokumentkategoriMapning;
        let mut f = form(ValueForm::of(
            &ParameterValue::FormularDokumentkategoriMapning(vec![
                MappingRow { formular: "ansøgning".into(), navn: "Ansøgning".into(), kategori: 1 },
                MappingRow { formular: "Ansøgning".into(), navn: " ".into(), kategori: 1 },
            ]),
            FOLLOWUPS,
        ));
        f.aendringsaarsag = "   ".into();
        let second = f.value.rows()[1].id;
        let errors = f.errors(key, FOLLOWUPS);
        let fields: Vec<ParamField> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec![ParamField::Row(second, RowColumn::Formular), ParamField::Row(second, RowColumn::Navn), ParamField::Aendringsaarsag]
        );
        assert!(errors[0].message.contains("står der allerede"), "{}", errors[0].message);
        assert!(!errors[2].message.is_empty());

        // A row without a category: its own message, and still the rules on
        // everything else (the two above, the new row's empty cells), plus
        // the draft's others (the reason here).
        let added = f.value.add_row().unwrap();
        let errors = f.errors(key, FOLLOWUPS);
        let rows: Vec<ParamField> = errors.iter().map(|e| e.field).filter(|f| matches!(f, ParamField::Row(..))).collect();
        assert_eq!(
            rows,
            vec![
                ParamField::Row(second, RowColumn::Formular),
                ParamField::Row(second, RowColumn::Navn),
                ParamField::Row(added, RowColumn::Formular),
                ParamField::Row(added, RowColumn::Navn),
                ParamField::Row(added, RowColumn::Kategori),
            ]
        );
        assert_eq!(errors.last().unwrap().field, ParamField::Aendringsaarsag);

        // Henvendelsessag cannot be processed automatically: at the group.
        let auto = form(ValueForm::Automatisk(vec![domain::catalog::case_type::HENVENDELSESSAG]));
        let errors = auto.errors(ParameterKey::AutomatiskSagsbehandling, FOLLOWUPS);
        assert_eq!(errors.iter().map(|e| e.field).collect::<Vec<_>>(), vec![ParamField::Vaerdi]);
    }

    #[wasm_bindgen_test]
    fn mapping_rows_are_added_removed_and_saved_trimmed() {
        let stored = ParameterValue::FormularDokumentkategoriMapning(vec![
            MappingRow { formular: "ansøgning".into(), navn: "Ansøgning".into(), kategori: 1 },
            MappingRow { formular: "fuldmagt".into(), navn: "Fuldmagt".into(), kategori: 2 },
        ]);
        let mut v = ValueForm::of(&stored, FOLLOWUPS);
        assert_eq!(v.value(FOLLOWUPS), Ok(stored.clone()));
        let added = v.add_row().expect("a mapping has rows");
        assert_eq!(v.rows().len(), 3);
        // A new row needs a category before the value can be read.
        let errors = v.value(FOLLOWUPS).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, ParamField::Row(added, RowColumn::Kategori));
        assert_eq!(errors[0].message, KATEGORI_REQUIRED);
        let row = v.row_mut(added).unwrap();
        row.formular = "  lægeerklæring ".into();
        row.navn = " Lægeerklæring".into();
        row.kategori = Some(8);
        // Removing the first row keeps the others' ids: a new id is never reused.
        let first = v.rows()[0].id;
        v.remove_row(first);
        let again = v.add_row().unwrap();
        assert!(again != added && again != first);
        v.remove_row(again);
        assert_eq!(
            v.value(FOLLOWUPS),
            Ok(ParameterValue::FormularDokumentkategoriMapning(vec![
                MappingRow { formular: "fuldmagt".into(), navn: "Fuldmagt".into(), kategori: 2 },
                MappingRow { formular: "lægeerklæring".into(), navn: "Lægeerklæring".into(), kategori: 8 },
            ]))
        );
    }

    #[wasm_bindgen_test]
    fn a_row_without_a_category_does_not_hide_the_other_messages() {
        let mut f = form(ValueForm::of(
            &ParameterValue::FormularDokumentkategoriMapning(vec![MappingRow { formular: "a".into(), navn: "A".into(), kategori: 1 }]),
            FOLLOWUPS,
        ));
        let new = f.value.add_row().unwrap();
        f.value.row_mut(new).unwrap().formular = "A".into();
        let first = f.value.rows()[0].id;
        f.value.row_mut(first).unwrap().navn = " ".into();
        let got: Vec<(ParamField, String)> =
            f.errors(ParameterKey::FormularDokumentkategoriMapning, FOLLOWUPS).into_iter().map(|e| (e.field, e.message)).collect();
        assert_eq!(
            got,
            vec![
                (ParamField::Row(first, RowColumn::Navn), "Dokumentnavn skal udfyldes.".to_owned()),
                (ParamField::Row(new, RowColumn::Formular), "Formularen »A« står der allerede.".to_owned()),
                (ParamField::Row(new, RowColumn::Navn), "Dokumentnavn skal udfyldes.".to_owned()),
                (ParamField::Row(new, RowColumn::Kategori), KATEGORI_REQUIRED.to_owned()),
            ]
        );
    }

    #[wasm_bindgen_test]
    fn a_message_about_a_row_lands_in_that_row() {
        let mut f = form(ValueForm::of(
            &ParameterValue::FormularDokumentkategoriMapning(vec![
                MappingRow { formular: "a".into(), navn: "A".into(), kategori: 1 },
                MappingRow { formular: "b".into(), navn: "B".into(), kategori: 1 },
            ]),
            FOLLOWUPS,
        ));
        f.value.remove_row(1);
        f.value.add_row();
        let second_id = f.value.rows()[1].id;
        let key = ParameterKey::FormularDokumentkategoriMapning;
        let at = |field: &str| f.place(key, &FieldError { field: field.into(), message: "x".into() }).field;
        assert_eq!(at("vaerdi.1.navn"), ParamField::Row(second_id, RowColumn::Navn));
        assert_eq!(at("vaerdi[0].formular"), ParamField::Row(f.value.rows()[0].id, RowColumn::Formular));
        assert_eq!(at("vaerdi.7.navn"), ParamField::Vaerdi);
        assert_eq!(at("vaerdi"), ParamField::Vaerdi);
        assert_eq!(at("gyldig_til"), ParamField::GyldigTil);
        assert_eq!(at("aendringsaarsag"), ParamField::Aendringsaarsag);
    }

    #[wasm_bindgen_test]
    fn subscriptions_name_every_followup_type() {
        // Absent from the stored list = subscribed.
        let stored = ParameterValue::Haendelsesabonnement(vec![
            Subscription { opfoelgningstype: 2, aktiv: false },
            Subscription { opfoelgningstype: 3, aktiv: true },
        ]);
        let mut v = ValueForm::of(&stored, FOLLOWUPS);
        assert_eq!(v.checked(), &[1, 3, 4, 5, 6]);
        v.toggle(1, false);
        v.toggle(2, true);
        v.toggle(2, true);
        assert_eq!(v.checked(), &[2, 3, 4, 5, 6]);
        assert_eq!(
            v.value(FOLLOWUPS),
            Ok(ParameterValue::Haendelsesabonnement(
                FOLLOWUPS.iter().map(|&id| Subscription { opfoelgningstype: id, aktiv: id != 1 }).collect()
            ))
        );
    }

    /// The editor offers only the follow-up types events create; a saved
    /// state of any other type is saved again as it was.
    #[wasm_bindgen_test]
    async fn subscriptions_offer_only_the_types_events_create() {
        use domain::catalog::followup_type;
        use domain::intake::events::EVENT_FOLLOWUP_TYPES;
        use domain::wire::catalog::Catalog;
        use leptos::prelude::*;
        use leptos_router::components::Router;
        use opgavepakker::editor::parameter_state::{ParameterEditor, ParameterSetup};
        use opgavepakker::pages::parameter::ValueFields;
        use std::sync::Arc;
        let catalog = Catalog::current();
        let all: Vec<u16> = catalog.opfoelgningstyper.iter().map(|e| e.id).collect();
        let other = *all.iter().find(|id| !EVENT_FOLLOWUP_TYPES.contains(id)).expect("a type no event creates");
        let stored = ParameterValue::Haendelsesabonnement(vec![Subscription { opfoelgningstype: other, aktiv: false }]);
        let initial = ParameterForm::new(&stored, &all, d("2026-03-01"), None);
        // The editor reads the router (it navigates after a save).
        #[component]
        fn Fields(initial: ParameterForm, ids: Vec<u16>) -> impl IntoView {
            let ed = ParameterEditor::new(ParameterSetup {
                key: ParameterKey::Haendelsesabonnement,
                initial,
                based_on: None,
                followup_ids: ids,
                page_url: "/test/haendelsesabonnement-kun-haendelser".into(),
            });
            view! { <ValueFields editor=ed catalog=Arc::new(Catalog::current())/> }
        }
        let ids = all.clone();
        let host = render(move || view! { <Router><Fields initial ids/></Router> }.into_any());
        tick().await;
        let boxes = host.query_selector_all("input[type=checkbox]").unwrap();
        let offered: Vec<String> =
            (0..boxes.length()).map(|i| boxes.item(i).unwrap().parent_element().unwrap().text_content().unwrap()).collect();
        let expected: Vec<String> =
            [followup_type::FORMUE_AENDRET, followup_type::FORMUE_OVER_GRAENSEN, followup_type::FINANSIERINGSKOMMUNE_PENSION]
                .iter()
                .map(|&id| catalog.opfoelgningstyper.iter().find(|e| e.id == id).unwrap().navn.clone())
                .collect();
        assert_eq!(offered.len(), 3, "{offered:?}");
        for (o, e) in offered.iter().zip(&expected) {
            assert!(o.contains(e.as_str()), "{o} / {e}");
        }
        host.remove();
        // The hidden type's saved "off" survives an edit of the shown ones.
        let mut v = ValueForm::of(&stored, &all);
        v.toggle(followup_type::FORMUE_AENDRET, false);
        let Ok(ParameterValue::Haendelsesabonnement(subs)) = v.value(&all) else { panic!("a subscription value") };
        assert_eq!(subs.iter().find(|s| s.opfoelgningstype == other).map(|s| s.aktiv), Some(false));
        assert_eq!(subs.iter().find(|s| s.opfoelgningstype == followup_type::FORMUE_AENDRET).map(|s| s.aktiv), Some(false));
        assert_eq!(subs.iter().find(|s| s.opfoelgningstype == followup_type::FORMUE_OVER_GRAENSEN).map(|s| s.aktiv), Some(true));
    }

    #[wasm_bindgen_test]
    fn automatic_processing_is_the_checked_sagstyper_in_order() {
        let mut v = ValueForm::of(&ParameterValue::AutomatiskSagsbehandling(vec![5, 4, 4]), FOLLOWUPS);
        assert_eq!(v.checked(), &[4, 5]);
        v.toggle(1, true);
        v.toggle(5, false);
        assert_eq!(v.value(FOLLOWUPS), Ok(ParameterValue::AutomatiskSagsbehandling(vec![1, 4])));
    }

    #[wasm_bindgen_test]
    fn the_conflict_names_what_differs_from_the_newest_version() {
        use domain::intake::ParameterDraft;
        use opgavepakker::editor::parameter::differences;
        let catalog = domain::wire::catalog::Catalog::current();
        let newest = ParameterDraft {
            value: ParameterValue::AutomatiskSagsbehandling(vec![4]),
            aendringsaarsag: "Briller automatisk".into(),
            gyldig_fra: super::d("2026-03-01"),
            gyldig_til: None,
        };
        let mut mine = form(ValueForm::Automatisk(vec![4]));
        mine.gyldig_fra = "2026-03-01".into();
        assert_eq!(differences(&newest, &mine, &catalog, FOLLOWUPS), vec![]);
        mine.value.toggle(5, true);
        mine.gyldig_fra = "2026-03-02".into();
        assert_eq!(
            differences(&newest, &mine, &catalog, FOLLOWUPS),
            vec![
                ("Værdi", "Udvidet helbredstillæg".to_owned(), "Udvidet helbredstillæg, Helbredstillægskort".to_owned()),
                ("Gyldig fra", "01.03.2026".to_owned(), "02.03.2026".to_owned()),
            ]
        );
        let limit = form(ValueForm::Formuegraense("abc".into()));
        let newest_limit = ParameterDraft { value: ParameterValue::Formuegraense(9_480_000), ..newest };
        let diff = differences(&newest_limit, &limit, &catalog, FOLLOWUPS);
        assert_eq!(diff[0], ("Værdi", "94.800,00 kr.".to_owned(), "(kan ikke læses endnu)".to_owned()));
    }

    #[wasm_bindgen_test]
    fn every_parameter_has_its_page() {
        for key in ParameterKey::ALL {
            let url = routes::parameter(*key);
            let segment = url.rsplit('/').next().unwrap();
            assert_eq!(routes::parameter_key(segment), Some(*key), "{url}");
            assert!(url.starts_with("/systemadministration/parameter/"));
        }
        assert_eq!(routes::parameter_key("opgavepakke"), None);
    }
}
