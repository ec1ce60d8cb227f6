//! In-browser tests of the app's own logic (wasm-bindgen-test in headless
//! Chrome): `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p opgavepakker`.
#![cfg(target_arch = "wasm32")]

use chrono::NaiveDate;
use domain::model::Rolle;
use opgavepakker::{api, format, routes};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

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
        Rolle { id: 1, navn: "Pension".into(), beskrivelse: String::new() },
        Rolle { id: 2, navn: "Ydelse".into(), beskrivelse: String::new() },
    ];
    assert_eq!(opgavepakker::pages::admin::role_names(&[2, 1], &roles), "Ydelse, Pension");
    assert_eq!(opgavepakker::pages::admin::role_names(&[9], &roles), "Rolle nr. 9");
}

#[wasm_bindgen_test]
async fn config_json_missing_means_same_origin() {
    // The test page has no config.json: the API falls back to same origin
    // and a call reports a Danish error instead of panicking.
    let err = api::me().await.unwrap_err();
    assert!(!err.message().is_empty());
}

mod dom {
    //! Components rendered into the test page's DOM.
    use super::*;
    use leptos::prelude::*;
    use opgavepakker::components::table::Column;
    use opgavepakker::components::{Alert, AlertKind, ErrorAlert, Table};
    use wasm_bindgen::JsCast;

    fn render(f: impl FnOnce() -> AnyView + 'static) -> web_sys::HtmlElement {
        let document = document();
        let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
        document.body().unwrap().append_child(&host).unwrap();
        let handle = leptos::mount::mount_to(host.clone(), f);
        handle.forget();
        host
    }

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

    const COLS: &[Column] = &[Column::text("Navn"), Column::number("Åbne opgaver")];

    #[wasm_bindgen_test]
    fn tables_have_caption_and_column_headers() {
        let host = render(|| {
            view! {
                <Table caption="Mine pakker" columns=COLS>
                    <tr><th scope="row">"A"</th><td class="numeric">"1"</td></tr>
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
    }
}
