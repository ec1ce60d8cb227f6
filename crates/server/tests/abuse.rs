//! Abuse limits (issue 11 item 6): the login throttle, sessions (idle
//! timeout, a new login ends the old session, an admin ends a user's
//! sessions), the append-only audit log, the upload quota, production
//! mode, and `{code, message}` for every extractor rejection.

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Method, Request, StatusCode};
use common::{assert_error, json, post_documents, request, rows_of, test_app, test_app_configured, test_config, TestApp};
use domain::codes;
use domain::wire::audit::{AuditAction, AuditPage};
use domain::wire::users::{EndedSessions, UserSummary};
use server::Config;
use std::net::SocketAddr;
use std::time::Duration;

/// Little demo data: these tests are about sessions, not tasks.
const TASKS: usize = 10;

fn login_request(username: &str, password: &str, from: Option<&str>, cookie: Option<&str>) -> Request<Body> {
    let mut req =
        request(Method::POST, "/api/session", cookie, None, Some(serde_json::json!({ "username": username, "password": password })));
    if let Some(addr) = from {
        req.extensions_mut().insert(ConnectInfo(addr.parse::<SocketAddr>().unwrap()));
    }
    req
}

fn cookie_of(res: &axum::http::Response<Body>) -> String {
    res.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned()
}

async fn throttled_app(free: u32, delay_ms: u64) -> TestApp {
    test_app_configured(TASKS, |c: &mut Config| {
        c.login_free_failures = free;
        c.login_delay_ms = delay_ms;
    })
    .await
}

async fn audit_entries(app: &TestApp) -> Vec<domain::wire::audit::AuditEntry> {
    let admin = app.login("admin").await;
    let res = app.call(Method::GET, "/api/audit", Some(&admin), None, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    json::<AuditPage>(res).await.poster
}

#[tokio::test]
async fn failed_logins_for_a_username_are_throttled_with_retry_after() {
    let app = throttled_app(3, 60_000).await;
    for _ in 0..3 {
        assert_error(app.send(login_request("pension", "forkert-kode", None, None)).await, StatusCode::UNAUTHORIZED, codes::WRONG_LOGIN)
            .await;
    }
    // Now even the right password must wait.
    let res = app.send(login_request("Pension", "demo", None, None)).await;
    let retry: u64 = res.headers()[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((59..=60).contains(&retry), "Retry-After {retry}");
    assert_error(res, StatusCode::TOO_MANY_REQUESTS, codes::TOO_MANY_LOGINS).await;
    // Another username is not held up by these failures.
    assert_eq!(app.send(login_request("ydelse", "demo", None, None)).await.status(), StatusCode::OK);

    let entries = audit_entries(&app).await;
    let failed: Vec<_> = entries.iter().filter(|e| e.handling == AuditAction::MislykketLogin).collect();
    assert_eq!(failed.len(), 3, "each failure is audited; a throttled attempt is not tried at all");
    assert!(failed.iter().all(|e| e.brugernavn == "pension" && !e.detaljer.contains("forkert-kode")), "{failed:?}");
    assert!(entries.iter().any(|e| e.handling == AuditAction::LoggetInd && e.brugernavn == "ydelse"), "logins are audited");
}

#[tokio::test]
async fn an_unknown_username_is_audited_by_the_name_typed() {
    let app = test_app_configured(TASKS, |_| {}).await;
    assert_error(app.send(login_request("ingen-saadan", "x", None, None)).await, StatusCode::UNAUTHORIZED, codes::WRONG_LOGIN).await;
    let entries = audit_entries(&app).await;
    let e = entries.iter().find(|e| e.handling == AuditAction::MislykketLogin).expect("audited");
    assert_eq!((e.brugernavn.as_str(), e.detaljer.as_str()), ("ingen-saadan", "Ukendt brugernavn"));
}

#[tokio::test]
async fn the_wait_grows_with_each_failure() {
    let app = throttled_app(1, 150).await;
    let fail = || app.send(login_request("oekonomi", "forkert", None, None));
    assert_eq!(fail().await.status(), StatusCode::UNAUTHORIZED);
    // Blocked for 150 ms.
    assert_eq!(fail().await.status(), StatusCode::TOO_MANY_REQUESTS);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(fail().await.status(), StatusCode::UNAUTHORIZED, "the first wait is over");
    // Now blocked for 300 ms: after 200 ms still waiting.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(app.send(login_request("oekonomi", "demo", None, None)).await.status(), StatusCode::TOO_MANY_REQUESTS, "the wait doubled");
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(app.send(login_request("oekonomi", "demo", None, None)).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn one_client_address_is_throttled_across_usernames() {
    let app = throttled_app(1, 60_000).await;
    // An address may fail four times the username's allowance.
    for i in 0..4 {
        let res = app.send(login_request(&format!("gaet{i}"), "x", Some("203.0.113.5:40000"), None)).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = app.send(login_request("pension", "demo", Some("203.0.113.5:40001"), None)).await;
    assert_error(res, StatusCode::TOO_MANY_REQUESTS, codes::TOO_MANY_LOGINS).await;
    let res = app.send(login_request("pension", "demo", Some("198.51.100.1:40000"), None)).await;
    assert_eq!(res.status(), StatusCode::OK, "another address may log in");
}

#[tokio::test]
async fn x_forwarded_for_is_ignored_unless_the_proxy_is_trusted() {
    let proxy = "10.0.0.2:5000";
    let forwarded = |username: &str, client: &str| {
        let mut req = login_request(username, "x", Some(proxy), None);
        req.headers_mut().insert("x-forwarded-for", client.parse().unwrap());
        req
    };
    // Untrusted: every request counts for the proxy's own address.
    let app = throttled_app(1, 60_000).await;
    for i in 0..4 {
        app.send(forwarded(&format!("u{i}"), &format!("198.51.100.{i}"))).await;
    }
    assert_eq!(app.send(forwarded("u9", "198.51.100.9")).await.status(), StatusCode::TOO_MANY_REQUESTS);
    // Trusted: each forwarded client counts for itself.
    let app = test_app_configured(TASKS, |c| {
        c.login_free_failures = 1;
        c.login_delay_ms = 60_000;
        c.trusted_proxies = vec!["10.0.0.2".parse().unwrap()];
    })
    .await;
    for i in 0..4 {
        app.send(forwarded(&format!("u{i}"), &format!("198.51.100.{i}"))).await;
    }
    assert_eq!(app.send(forwarded("u9", "198.51.100.9")).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_session_ends_when_idle_and_its_use_is_recorded() {
    let app = test_app_configured(TASKS, |_| {}).await;
    let cookie = app.login("pension").await;
    let now = chrono::Utc::now().timestamp();
    // Used five minutes ago: still live, and the request records its use.
    sqlx::query("UPDATE sessioner SET sidst_brugt = $1").bind(now - 5 * 60).execute(&app.db).await.unwrap();
    assert_eq!(app.call(Method::GET, "/api/me", Some(&cookie), None, None).await.status(), StatusCode::OK);
    let last: i64 = sqlx::query_scalar("SELECT sidst_brugt FROM sessioner").fetch_one(&app.db).await.unwrap();
    assert!(last >= now, "the use is recorded ({last} < {now})");
    // Unused for 31 minutes: gone, although the 8 hours have not passed.
    sqlx::query("UPDATE sessioner SET sidst_brugt = $1").bind(now - 31 * 60).execute(&app.db).await.unwrap();
    assert_error(app.call(Method::GET, "/api/me", Some(&cookie), None, None).await, StatusCode::UNAUTHORIZED, codes::NOT_LOGGED_IN).await;
}

#[tokio::test]
async fn a_new_login_ends_the_session_the_browser_carried() {
    let app = test_app_configured(TASKS, |_| {}).await;
    let old = app.login("pension").await;
    let res = app.send(login_request("ydelse", "demo", None, Some(&old))).await;
    assert_eq!(res.status(), StatusCode::OK);
    let new = cookie_of(&res);
    assert_ne!(old, new);
    assert_error(app.call(Method::GET, "/api/me", Some(&old), None, None).await, StatusCode::UNAUTHORIZED, codes::NOT_LOGGED_IN).await;
    assert_eq!(app.call(Method::GET, "/api/me", Some(&new), None, None).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_admin_ends_all_of_a_users_sessions() {
    let app = test_app_configured(TASKS, |_| {}).await;
    let (a, b, other) = (app.login("pension").await, app.login("pension").await, app.login("ydelse").await);
    let admin = app.login("admin").await;
    let users: Vec<UserSummary> = json(app.call(Method::GET, "/api/users", Some(&admin), None, None).await).await;
    let pension = users.iter().find(|u| u.brugernavn == "pension").unwrap().id;
    let uri = format!("/api/users/{pension}/sessions");
    assert_error(app.call(Method::DELETE, &uri, Some(&other), None, None).await, StatusCode::FORBIDDEN, codes::FORBIDDEN).await;
    let res = app.call(Method::DELETE, &uri, Some(&admin), None, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json::<EndedSessions>(res).await.afsluttede, 2);
    for c in [&a, &b] {
        assert_eq!(app.call(Method::GET, "/api/me", Some(c), None, None).await.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(app.call(Method::GET, "/api/me", Some(&other), None, None).await.status(), StatusCode::OK, "other users keep theirs");
    let res = app.call(Method::DELETE, "/api/users/999999/sessions", Some(&admin), None, None).await;
    assert_error(res, StatusCode::NOT_FOUND, codes::NOT_FOUND).await;
    let entries: AuditPage = json(app.call(Method::GET, "/api/audit", Some(&admin), None, None).await).await;
    let e = entries.poster.iter().find(|e| e.handling == AuditAction::AfsluttetSessioner).expect("audited");
    assert_eq!((e.brugernavn.as_str(), e.detaljer.as_str()), ("admin", "pension: 2 sessioner afsluttet"));
}

#[tokio::test]
async fn the_audit_log_refuses_update_and_delete() {
    let app = test_app_configured(TASKS, |_| {}).await;
    app.login("pension").await;
    let before: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log").fetch_one(&app.db).await.unwrap();
    assert!(before > 0);
    let update = sqlx::query("UPDATE audit_log SET detaljer = 'ændret'").execute(&app.db).await;
    assert!(update.unwrap_err().to_string().contains("kun til tilføjelse"));
    let delete = sqlx::query("DELETE FROM audit_log").execute(&app.db).await;
    assert!(delete.unwrap_err().to_string().contains("kun til tilføjelse"));
    let after: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log").fetch_one(&app.db).await.unwrap();
    assert_eq!(before, after);
}

/// A PDF of `n` bytes.
fn pdf_of(n: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.resize(n - 6, b' ');
    bytes.extend_from_slice(b"%%EOF\n");
    bytes
}

#[tokio::test]
async fn uploads_are_capped_per_user_per_hour() {
    let app = test_app_configured(TASKS, |c| c.upload_mib_per_hour = 1).await;
    let cookie = app.login("ydelse").await;
    let borger: i64 = sqlx::query_scalar("SELECT min(id) FROM borgere").fetch_one(&app.db).await.unwrap();
    let pdf = pdf_of(600 * 1024);
    let upload = |navn: &str| post_documents(borger, &cookie, &[(navn, &pdf[..])]);
    let res = app.send(upload("a.pdf")).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = app.send(upload("b.pdf")).await;
    assert_error(res, StatusCode::TOO_MANY_REQUESTS, codes::UPLOAD_QUOTA).await;
    let tasks: i64 =
        sqlx::query_scalar("SELECT count(*) FROM opgave_dokumenter od JOIN dokumenter d ON d.id = od.dokument_id WHERE d.navn = 'b.pdf'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(tasks, 0, "the refused upload wrote nothing");
    // The window slides: once the first upload is an hour old, the second fits.
    sqlx::query("UPDATE upload_forbrug SET tidspunkt = tidspunkt - 3600000").execute(&app.db).await.unwrap();
    let res = app.send(upload("b.pdf")).await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn every_extractor_rejection_is_code_and_message() {
    let app = test_app().await;
    let cookie = app.login("pension").await;
    // An id that is not a number.
    let res = app.call(Method::POST, "/api/tasks/abc/claim", Some(&cookie), None, None).await;
    assert_error(res, StatusCode::BAD_REQUEST, codes::INVALID_PATH).await;
    let res = app.call(Method::GET, "/api/citizens/99999999999999999999999", Some(&cookie), None, None).await;
    assert_error(res, StatusCode::BAD_REQUEST, codes::INVALID_PATH).await;
    // No such route, wrong method.
    assert_error(app.call(Method::GET, "/api/findes-ikke", Some(&cookie), None, None).await, StatusCode::NOT_FOUND, codes::NOT_FOUND).await;
    let res = app.call(Method::PATCH, "/api/session", Some(&cookie), None, None).await;
    assert_error(res, StatusCode::METHOD_NOT_ALLOWED, codes::METHOD_NOT_ALLOWED).await;
    // A query that cannot be read.
    let res = app.call(Method::GET, "/api/audit?page=-1", Some(&app.login("admin").await), None, None).await;
    assert_error(res, StatusCode::BAD_REQUEST, codes::INVALID_REQUEST).await;
    // JSON: not JSON, broken, wrong shape.
    let plain = Request::post("/api/session").header(header::CONTENT_TYPE, "text/plain").body(Body::from("x")).unwrap();
    assert_error(app.send(plain).await, StatusCode::UNSUPPORTED_MEDIA_TYPE, codes::INVALID_JSON).await;
    let broken = Request::post("/api/session").header(header::CONTENT_TYPE, "application/json").body(Body::from("{")).unwrap();
    assert_error(app.send(broken).await, StatusCode::BAD_REQUEST, codes::INVALID_JSON).await;
    let res = app.call(Method::POST, "/api/session", None, None, Some(serde_json::json!({ "username": 1 }))).await;
    assert_error(res, StatusCode::UNPROCESSABLE_ENTITY, codes::INVALID_JSON).await;
    // Multipart that is not multipart (intake; the token is checked first).
    let res = app
        .send(Request::post("/api/intake/selvbetjening").header(header::CONTENT_TYPE, "multipart/form-data").body(Body::from("x")).unwrap())
        .await;
    assert_error(res, StatusCode::UNAUTHORIZED, codes::INVALID_TOKEN).await;
}

#[tokio::test]
async fn production_mode_seeds_nothing_and_needs_a_first_admin_password() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = test_config(dir.path(), TASKS).await;
    config.production = true;
    let err = server::init(config.clone()).await.err().expect("no users and no password: refused");
    assert!(err.to_string().contains("--initial-admin-password"), "{err}");
    config.initial_admin_password = Some("demo".into());
    assert!(server::init(config.clone()).await.is_err(), "the demo password is refused as the first password");
    config.initial_admin_password = Some("en-lang-og-hemmelig-kode".into());
    let _ctx = server::init(config.clone()).await.unwrap();
    let db = rows_of(&config).await;
    let users: Vec<String> = sqlx::query_scalar("SELECT brugernavn FROM brugere").fetch_all(&db).await.unwrap();
    assert_eq!(users, ["admin"]);
    let tasks: i64 = sqlx::query_scalar("SELECT count(*) FROM opgaver").fetch_one(&db).await.unwrap();
    assert_eq!(tasks, 0, "no demo data");
    let credentials: i64 = sqlx::query_scalar("SELECT count(*) FROM kildesystemer").fetch_one(&db).await.unwrap();
    assert_eq!(credentials, 0);
}

#[tokio::test]
async fn production_mode_refuses_a_database_with_the_demo_password() {
    let dir = tempfile::tempdir().unwrap();
    let demo = test_config(dir.path(), TASKS).await;
    drop(server::init(demo.clone()).await.unwrap());
    let mut production = demo;
    production.production = true;
    production.initial_admin_password = Some("en-lang-og-hemmelig-kode".into());
    let err = server::init(production).await.err().expect("demo passwords: refused");
    assert!(err.to_string().contains("admin") && err.to_string().contains("demoadgangskoden"), "{err}");
}

#[tokio::test]
async fn package_parameter_and_role_changes_are_audited() {
    let app = test_app_configured(TASKS, |_| {}).await;
    let admin = app.login("admin").await;
    let role: i64 = sqlx::query_scalar("SELECT min(id) FROM roller").fetch_one(&app.db).await.unwrap();
    let draft = serde_json::json!({
        "navn": "Revisionspakke", "filter": { "relation": "begge" }, "roller": [role],
        "aendringsaarsag": "Ny", "gyldig_fra": "2026-01-01"
    });
    assert_eq!(app.call(Method::POST, "/api/packages", Some(&admin), None, Some(draft)).await.status(), StatusCode::CREATED);
    let res = app.call(Method::POST, "/api/roles", Some(&admin), None, Some(serde_json::json!({ "navn": "Midlertidig" }))).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id: i64 = json::<serde_json::Value>(res).await["id"].as_i64().unwrap();
    assert_eq!(app.call(Method::DELETE, &format!("/api/roles/{id}"), Some(&admin), None, None).await.status(), StatusCode::NO_CONTENT);
    let entries: AuditPage = json(app.call(Method::GET, "/api/audit", Some(&admin), None, None).await).await;
    let of = |a: AuditAction| entries.poster.iter().filter(|e| e.handling == a).map(|e| e.detaljer.clone()).collect::<Vec<_>>();
    assert!(of(AuditAction::GemtOpgavepakke).iter().any(|d| d.contains("oprettet: »Revisionspakke«")), "{:?}", entries.poster);
    assert!(of(AuditAction::AendretRolle).contains(&"Slettet: »Midlertidig«".to_owned()), "{:?}", entries.poster);
}

#[tokio::test]
async fn the_audit_log_is_filtered_by_action_user_and_borger_and_a_page_past_the_end_is_the_last() {
    let app = test_app_configured(TASKS, |_| {}).await;
    let admin = app.login("admin").await;
    let pension = app.login("pension").await;
    let borger: i64 = sqlx::query_scalar("SELECT min(id) FROM borgere").fetch_one(&app.db).await.unwrap();
    assert_eq!(app.call(Method::GET, &format!("/api/citizens/{borger}"), Some(&pension), None, None).await.status(), StatusCode::OK);
    let page = |q: String| {
        let (app, admin) = (&app, &admin);
        async move {
            let res = app.call(Method::GET, &format!("/api/audit?{q}"), Some(admin), None, None).await;
            assert_eq!(res.status(), StatusCode::OK, "{q}");
            json::<AuditPage>(res).await
        }
    };
    let all = page(String::new()).await;
    assert!(all.total >= 3, "two logins and an opened overview: {:?}", all.poster);
    let logins_named = page(format!("handling={}", AuditAction::LoggetInd.name())).await;
    assert!(logins_named.total >= 2 && logins_named.poster.iter().all(|e| e.handling == AuditAction::LoggetInd));
    let by_pension = page("bruger=pension".into()).await;
    assert!(by_pension.total >= 2 && by_pension.poster.iter().all(|e| e.brugernavn == "pension"), "{:?}", by_pension.poster);
    let about = page(format!("borger={borger}&bruger=pension&handling=aabnet_borgeroverblik")).await;
    assert_eq!(about.total, 1, "{:?}", about.poster);
    assert_eq!(about.poster[0].borger_id, Some(borger));
    // All criteria at once, and one that nothing meets.
    assert_eq!(page(format!("borger={borger}&bruger=admin")).await.total, 0);
    // A page past the last is the last.
    let past = page("page=999".into()).await;
    assert_eq!(past.side, u32::try_from(all.total.div_ceil(u64::from(all.sidestoerrelse))).unwrap().max(1));
    assert!(!past.poster.is_empty());
    // By period, on the Danish day the entries were written (both ends included).
    let day = chrono::NaiveDate::parse_from_str(&all.poster[0].tidspunkt[..10], "%Y-%m-%d").unwrap();
    assert!(all.poster.iter().all(|e| e.tidspunkt.starts_with(&day.to_string())), "one day's entries: {:?}", all.poster);
    let (before, after) = (day.pred_opt().unwrap(), day.succ_opt().unwrap());
    assert_eq!(page(format!("fra={day}&til={day}")).await.total, all.total);
    assert_eq!(page(format!("fra={before}&bruger=pension")).await.total, by_pension.total);
    assert_eq!(page(format!("til={before}")).await.total, 0);
    assert_eq!(page(format!("fra={after}")).await.total, 0);
    assert_eq!(page(format!("til={day}&handling=logget_ind")).await.total, logins_named.total);
    // A period that ends before it starts, or a day that is none: a Danish 400.
    for (q, code) in [
        (format!("fra={day}&til={before}"), "ugyldig_periode"),
        ("fra=2026-02-30".to_owned(), "ugyldig_dato"),
        ("til=1.3.2026".to_owned(), "ugyldig_dato"),
    ] {
        let res = app.call(Method::GET, &format!("/api/audit?{q}"), Some(&admin), None, None).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{q}");
        let e: serde_json::Value = json(res).await;
        assert_eq!(e["code"], code, "{q}: {e}");
    }
}

#[tokio::test]
async fn a_body_or_a_filter_that_is_an_array_is_refused_not_read_as_fields() {
    let app = test_app_configured(TASKS, |_| {}).await;
    let admin = app.login("admin").await;
    for body in [serde_json::json!({ "filter": [] }), serde_json::json!([{ "relation": "begge" }]), serde_json::json!({ "filter": [null] })]
    {
        let res = app.call(Method::POST, "/api/packages/preview", Some(&admin), None, Some(body.clone())).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let e: serde_json::Value = json(res).await;
        assert_eq!(e["code"], "ugyldig_json", "{body}");
    }
    let draft = serde_json::json!({ "navn": "Liste", "filter": [], "roller": [1], "gyldig_fra": "2026-01-01" });
    let res = app.call(Method::POST, "/api/packages", Some(&admin), None, Some(draft)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // An object is read as before.
    let res = app.call(Method::POST, "/api/packages/preview", Some(&admin), None, Some(serde_json::json!({ "filter": {} }))).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_unknown_audit_action_is_a_danish_400() {
    let app = test_app_configured(TASKS, |_| {}).await;
    let admin = app.login("admin").await;
    let res = app.call(Method::GET, "/api/audit?handling=flyt_bjerge", Some(&admin), None, None).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let e: serde_json::Value = json(res).await;
    assert_eq!(e["code"], "ugyldig_forespoergsel");
    assert!(e["message"].as_str().is_some_and(|m| m.starts_with("Adressens parametre er ugyldige")), "{e}");
}

#[test]
fn the_openapi_document_states_the_new_statuses() {
    let doc = server::http::openapi::document();
    let responses = |path: &str, method: &str| doc["paths"][path][method]["responses"].clone();
    let login = responses("/api/session", "post");
    assert!(login["429"]["headers"]["Retry-After"].is_object(), "{login}");
    assert!(login["503"].is_object());
    assert!(responses("/api/tasks/{id}/claim", "post")["400"]["description"].as_str().unwrap().contains("ugyldig_adresse"));
    assert!(responses("/api/citizens/{id}/post", "post")["429"]["description"].as_str().unwrap().contains("upload_kvote_opbrugt"));
    let roles = responses("/api/roles", "post");
    for status in ["400", "413", "415", "422"] {
        assert!(roles[status]["description"].as_str().is_some_and(|d| d.contains("ugyldig_json")), "{status}: {roles}");
    }
    assert!(responses("/api/users/{id}/sessions", "delete")["200"].is_object());
    // a database out of reach, on every operation but the document's own
    assert!(roles["503"]["description"].as_str().is_some_and(|d| d.contains("database_utilgaengelig")), "{roles}");
    assert!(login["503"]["description"].as_str().is_some_and(|d| d.contains("database_utilgaengelig")), "{login}");
    assert!(responses("/api/openapi.json", "get")["503"].is_null());
}

/// The limits the server enforces on paging and dates are in the document
/// (a client generated from it sends only what is accepted), and a page
/// past the limit is a 400, not an empty page.
#[tokio::test]
async fn paging_limits_and_date_formats_are_stated_and_enforced() {
    let doc = server::http::openapi::document();
    let param = |path: &str, name: &str| {
        doc["paths"][path]["get"]["parameters"].as_array().unwrap().iter().find(|p| p["name"] == name).unwrap()["schema"].clone()
    };
    for path in ["/api/audit", "/api/packages/{key}/tasks"] {
        let page = param(path, "page");
        assert_eq!(
            (page["minimum"].as_f64(), page["maximum"].as_f64()),
            (Some(1.0), Some(f64::from(server::http::MAX_PAGE))),
            "{path}: {page}"
        );
    }
    let size = param("/api/packages/{key}/tasks", "page_size");
    assert_eq!((size["minimum"].as_f64(), size["maximum"].as_f64()), (Some(1.0), Some(500.0)), "{size}");
    assert_eq!(param("/api/packages", "at")["format"], "date");
    // integers carry their Rust width as a range (an ydelse id is a u16)
    let startable = &doc["components"]["schemas"]["StartTask"]["properties"]["opgavetype"];
    assert_eq!(startable["enum"], serde_json::json!(domain::wire::citizens::STARTABLE), "{startable}");
    // a filter's catalogue ids are 1..=n, the catalogue's own size
    let ydelse = &doc["components"]["schemas"]["PackageFilter"]["properties"]["ydelser"]["items"];
    assert_eq!(
        (ydelse["minimum"].as_i64(), ydelse["maximum"].as_i64(), ydelse["format"].as_str()),
        (Some(1), Some(domain::catalog::BENEFITS.len() as i64), Some("int32")),
        "{ydelse}"
    );
    let text = doc.to_string();
    for width in ["\"u-int", "\"uint", "\"int8\"", "\"int16\""] {
        assert!(!text.contains(&format!("\"format\":{width}")), "a non-standard integer format is left: {width}");
    }
    assert_eq!(param("/api/parameters", "dato")["format"], "date");

    let app = test_app().await;
    let admin = app.login("admin").await;
    for uri in ["/api/audit?page=0", "/api/audit?page=1000001", "/api/audit?page=2147483648", "/api/packages/OP-0001/tasks?page=1000001"] {
        assert_error(app.call(Method::GET, uri, Some(&admin), None, None).await, StatusCode::BAD_REQUEST, codes::INVALID_REQUEST).await;
    }
    assert_eq!(app.call(Method::GET, "/api/audit?page=1000000", Some(&admin), None, None).await.status(), StatusCode::OK);
    // a date is exactly YYYY-MM-DD; absent means today, empty is no date
    for uri in ["/api/packages?at=", "/api/parameters?dato=", "/api/packages?at=%202026-01-01", "/api/parameters?dato=2026-02-30"] {
        assert_error(app.call(Method::GET, uri, Some(&admin), None, None).await, StatusCode::BAD_REQUEST, codes::INVALID_DATE).await;
    }
    for uri in ["/api/packages", "/api/parameters", "/api/packages?at=2026-01-01", "/api/parameters?dato=2026-01-01"] {
        assert_eq!(app.call(Method::GET, uri, Some(&admin), None, None).await.status(), StatusCode::OK, "{uri}");
    }
    // a date is in the years 1900–2200, as the document's pattern says
    for uri in ["/api/packages?at=1899-12-31", "/api/parameters?dato=2201-01-01"] {
        assert_error(app.call(Method::GET, uri, Some(&admin), None, None).await, StatusCode::BAD_REQUEST, codes::INVALID_DATE).await;
    }
    for uri in ["/api/packages?at=1900-01-01", "/api/parameters?dato=2200-12-31"] {
        assert_eq!(app.call(Method::GET, uri, Some(&admin), None, None).await.status(), StatusCode::OK, "{uri}");
    }
}

/// What the document's patterns admit, the server takes: every `date`
/// carries the 1900–2200 pattern, names and message ids the one-line
/// pattern, If-Match its forms; each is tried on samples against the
/// server's own rule (a schema may be stricter than the server, never
/// looser).
#[tokio::test]
async fn the_documents_patterns_admit_only_what_the_server_takes() {
    use domain::limits::pattern;
    let doc = server::http::openapi::document();
    let text = doc.to_string();
    let dates = text.matches("\"format\":\"date\"").count();
    assert!(dates > 10, "{dates} dates");
    assert_eq!(text.matches(&serde_json::to_string(pattern::DATE).unwrap()).count(), dates, "every date has the pattern");
    let schemas = &doc["components"]["schemas"];
    for (schema, field) in [("RoleInput", "navn"), ("NewCredential", "navn"), ("PackageDraft", "navn"), ("EventsRequest", "besked_id")] {
        assert_eq!(schemas[schema]["properties"][field]["pattern"], pattern::NAME, "{schema}.{field}");
    }
    let if_match = doc["paths"]["/api/packages/{key}/versions"]["post"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "If-Match")
        .unwrap()["schema"]["pattern"]
        .clone();
    assert_eq!(if_match, server::http::openapi::IF_MATCH_PATTERN);

    let re = |p: &str| regex::Regex::new(p).unwrap();
    let name = re(pattern::NAME);
    let server_takes_name = |s: &str| !s.trim().is_empty() && !domain::limits::has_control_chars(s.trim());
    for s in ["Rolle", " x ", "æøå – ok", "\u{200b}", "", "  ", "a\nb", "x\n", "\u{85}", "\u{0}", "\t", "\u{a0}", "\u{3000}x"] {
        if name.is_match(s) {
            assert!(server_takes_name(s), "the name pattern admits {s:?}, which the server refuses");
        }
        assert_eq!(name.is_match(s), server_takes_name(s) && !domain::limits::has_control_chars(s), "{s:?}");
    }
    let not_blank = re(pattern::NOT_BLANK);
    for s in ["x", " x ", "", " ", "\n\t", "\u{3000}"] {
        assert_eq!(not_blank.is_match(s), !s.trim().is_empty(), "{s:?}");
    }
    let date = re(pattern::DATE);
    for (s, ok) in [
        ("1900-01-01", true),
        ("2200-12-31", true),
        ("2026-02-28", true),
        ("1899-12-31", false),
        ("2201-01-01", false),
        ("0004-05-06", false),
        ("2026-13-01", false),
        ("26-01-01", false),
    ] {
        assert_eq!(date.is_match(s), ok, "{s}");
        if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            assert_eq!(date.is_match(s), domain::limits::plausible_date(d), "{s}");
        }
    }
    let if_match = re(server::http::openapi::IF_MATCH_PATTERN);
    for (s, ok) in [
        ("12", true),
        ("\"12\"", true),
        ("W/\"12\"", true),
        ("W/12", true),
        ("", false),
        ("*", false),
        ("W/\"\"", false),
        ("\"12", false),
        ("-1", false),
    ] {
        assert_eq!(if_match.is_match(s), ok, "{s}");
    }
}

/// JSON Schema reads `2.0` as the integer 2; so does the server, and a
/// real fraction is still the wrong type.
#[tokio::test]
async fn a_whole_number_written_as_a_float_is_that_integer() {
    let app = test_app().await;
    let admin = app.login("admin").await;
    let preview = |ydelse: serde_json::Value| serde_json::json!({ "filter": { "ydelser": [ydelse], "relation": "begge" } });
    let whole = app.call(Method::POST, "/api/packages/preview", Some(&admin), None, Some(preview(serde_json::json!(1.0)))).await;
    assert_eq!(whole.status(), StatusCode::OK);
    let same = app.call(Method::POST, "/api/packages/preview", Some(&admin), None, Some(preview(serde_json::json!(1)))).await;
    assert_eq!(common::bytes(whole).await, common::bytes(same).await);
    let fraction = app.call(Method::POST, "/api/packages/preview", Some(&admin), None, Some(preview(serde_json::json!(1.5)))).await;
    assert_error(fraction, StatusCode::UNPROCESSABLE_ENTITY, codes::INVALID_JSON).await;
    let huge = app.call(Method::POST, "/api/packages/preview", Some(&admin), None, Some(preview(serde_json::json!(1e300)))).await;
    assert_error(huge, StatusCode::UNPROCESSABLE_ENTITY, codes::INVALID_JSON).await;
}

/// A source system's name is one line, like a role's.
#[tokio::test]
async fn a_credential_name_with_a_control_character_is_refused() {
    let app = test_app().await;
    let admin = app.login("admin").await;
    for navn in ["Linje\nskift", "nul\u{0}"] {
        let body = serde_json::json!({ "navn": navn, "kind": "haendelser" });
        let e = assert_error(
            app.call(Method::POST, "/api/admin/credentials", Some(&admin), None, Some(body)).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            codes::VALIDATION_FAILED,
        )
        .await;
        assert_eq!(e.fields[0].field, "navn");
    }
    let ok = serde_json::json!({ "navn": "Kildesystem", "kind": "haendelser" });
    assert_eq!(app.call(Method::POST, "/api/admin/credentials", Some(&admin), None, Some(ok)).await.status(), StatusCode::CREATED);
}
