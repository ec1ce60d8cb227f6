//! API tests: each builds the app on a fresh SQLite file with a small demo
//! data set and calls it with `oneshot` (no socket).

use axum::body::Body;
use axum::http::{header, Request, Response, StatusCode};
use domain::package::PackageVersion;
use domain::wire::packages::{MyPackage, TaskPage};
use domain::wire::session::Me;
use domain::{CompiledFilter, Snapshot};
use server::Config;

mod common;
use common::*;

impl TestApp {
    async fn get(&self, uri: &str, cookie: Option<&str>) -> Response<Body> {
        let mut b = Request::get(uri);
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, c);
        }
        self.send(b.body(Body::empty()).unwrap()).await
    }

    async fn login_response(&self, username: &str, password: &str) -> Response<Body> {
        let body = serde_json::json!({ "username": username, "password": password }).to_string();
        self.send(Request::post("/api/session").header(header::CONTENT_TYPE, "application/json").body(Body::from(body)).unwrap()).await
    }
}

#[tokio::test]
async fn health_needs_no_session() {
    let t = test_app().await;
    let res = t.get("/api/health", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let h: domain::wire::health::Health = json(res).await;
    assert_eq!(h.status, "ok");
}

#[tokio::test]
async fn session_lifecycle() {
    let t = test_app().await;
    assert_error(t.get("/api/me", None).await, StatusCode::UNAUTHORIZED, "ikke_logget_ind").await;
    assert_error(t.get("/api/me", Some("op_session=nonsense")).await, StatusCode::UNAUTHORIZED, "ikke_logget_ind").await;

    let wrong = assert_error(t.login_response("ydelse", "forkert").await, StatusCode::UNAUTHORIZED, "forkert_login").await;
    let unknown = assert_error(t.login_response("ingen", "demo").await, StatusCode::UNAUTHORIZED, "forkert_login").await;
    assert_eq!(wrong.message, "Forkert brugernavn eller adgangskode.");
    assert_eq!(wrong.message, unknown.message);

    let res = t.login_response("ydelse", "demo").await;
    assert_eq!(res.status(), StatusCode::OK);
    let set_cookie = res.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(set_cookie.starts_with("op_session="));
    assert!(set_cookie.contains("HttpOnly"));
    assert!(set_cookie.contains("SameSite=Strict"));
    assert!(set_cookie.contains("Path=/"));
    assert!(!set_cookie.contains("Secure"));
    let token = set_cookie.split(';').next().unwrap().trim_start_matches("op_session=");
    assert_eq!(token.len(), 64);
    let me: Me = json(res).await;
    assert_eq!(me.brugernavn, "ydelse");
    let cookie = format!("op_session={token}");

    // only a hash of the token is stored
    let stored: Vec<Vec<u8>> = sqlx::query_scalar("SELECT token_hash FROM sessioner").fetch_all(&t.db).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].windows(token.len()).any(|w| w == token.as_bytes()));

    let res = t.get("/api/me", Some(&format!("andet=1; {cookie}"))).await;
    assert_eq!(res.status(), StatusCode::OK);
    let me: Me = json(res).await;
    assert_eq!(me.navn, "Yasmin Hansen");
    assert!(!me.admin);
    let mut roles: Vec<_> = me.roller.iter().map(|r| r.navn.as_str()).collect();
    roles.sort();
    assert_eq!(roles, ["Post og selvbetjening", "Ydelser (KY)"]);

    let res = t.send(Request::delete("/api/session").header(header::COOKIE, &cookie).body(Body::empty()).unwrap()).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(res.headers()[header::SET_COOKIE].to_str().unwrap().contains("Max-Age=0"));
    assert_error(t.get("/api/me", Some(&cookie)).await, StatusCode::UNAUTHORIZED, "ikke_logget_ind").await;
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessioner").fetch_one(&t.db).await.unwrap();
    assert_eq!(left, 0);
}

#[tokio::test]
async fn expired_session_is_rejected() {
    let t = test_app().await;
    let cookie = t.login("pension").await;
    sqlx::query("UPDATE sessioner SET udloeber = 0").execute(&t.db).await.unwrap();
    assert_error(t.get("/api/me", Some(&cookie)).await, StatusCode::UNAUTHORIZED, "ikke_logget_ind").await;
}

#[tokio::test]
async fn admin_endpoints_refuse_caseworkers() {
    let t = test_app().await;
    let cookie = t.login("pension").await;
    for uri in ["/api/packages", "/api/tasks/snapshot", "/api/roles"] {
        assert_error(t.get(uri, Some(&cookie)).await, StatusCode::FORBIDDEN, "ingen_adgang").await;
        assert_error(t.get(uri, None).await, StatusCode::UNAUTHORIZED, "ikke_logget_ind").await;
    }
    let admin = t.login("admin").await;
    for uri in ["/api/packages", "/api/tasks/snapshot", "/api/roles"] {
        assert_eq!(t.get(uri, Some(&admin)).await.status(), StatusCode::OK, "{uri}");
    }
    let roles: Vec<domain::model::Rolle> = json(t.get("/api/roles", Some(&admin)).await).await;
    assert_eq!(roles.len(), 4);
}

#[tokio::test]
async fn bad_login_bodies_get_json_errors() {
    let t = test_app().await;
    let post = |ct: &'static str, body: &'static str| {
        Request::post("/api/session").header(header::CONTENT_TYPE, ct).body(Body::from(body)).unwrap()
    };
    assert_error(t.send(post("application/json", "{\"username\": ")).await, StatusCode::BAD_REQUEST, "ugyldig_json").await;
    assert_error(t.send(post("text/plain", "{}")).await, StatusCode::UNSUPPORTED_MEDIA_TYPE, "ugyldig_json").await;
    assert_error(t.send(post("application/json", "{\"username\": \"admin\"}")).await, StatusCode::UNPROCESSABLE_ENTITY, "ugyldig_json")
        .await;
    let no_ct = Request::post("/api/session").body(Body::from("{}")).unwrap();
    assert_error(t.send(no_ct).await, StatusCode::UNSUPPORTED_MEDIA_TYPE, "ugyldig_json").await;
}

#[tokio::test]
async fn snapshot_matches_database_and_holds_no_cpr() {
    let t = test_app().await;
    let admin = t.login("admin").await;
    let res = t.get("/api/tasks/snapshot", Some(&admin)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "application/octet-stream");
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    let raw = bytes(res).await;
    let snap = Snapshot::decode(&raw).unwrap();
    let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM opgaver WHERE status <> 4").fetch_one(&t.db).await.unwrap();
    assert!(open > 100);
    assert_eq!(snap.len() as i64, open);

    // No CPR number of any borger, neither as text nor as a binary integer
    // (u32 and u64, little- and big-endian)…
    let text: String = raw.iter().map(|&b| char::from(b)).collect(); // latin-1
    let cprs: Vec<String> = sqlx::query_scalar("SELECT cpr FROM borgere").fetch_all(&t.db).await.unwrap();
    assert!(cprs.len() > 100);
    let contains = |needle: &[u8]| raw.windows(needle.len()).any(|w| w == needle);
    for cpr in &cprs {
        assert_eq!(cpr.len(), 10);
        assert!(!text.contains(cpr.as_str()), "a CPR number as text in the snapshot");
        let n: u64 = cpr.parse().unwrap();
        for bytes in
            [(n as u32).to_le_bytes().to_vec(), (n as u32).to_be_bytes().to_vec(), n.to_le_bytes().to_vec(), n.to_be_bytes().to_vec()]
        {
            if n <= u64::from(u32::MAX) || bytes.len() == 8 {
                assert!(!contains(&bytes), "a CPR number as an integer in the snapshot");
            }
        }
    }
    // …and the only CPR-derived column holds just the first two digits of
    // the task's own borger.
    let days: Vec<(i64, String)> =
        sqlx::query_as("SELECT o.id, b.cpr FROM opgaver o JOIN borgere b ON b.id = o.borger_id WHERE o.status <> 4 AND o.relation = 1")
            .fetch_all(&t.db)
            .await
            .unwrap();
    let day_of: std::collections::HashMap<i64, u8> = days.iter().map(|(id, cpr)| (*id, cpr[..2].parse().unwrap())).collect();
    for i in 0..snap.len() {
        let expected = day_of.get(&i64::from(snap.task_id[i])).copied().unwrap_or(0);
        assert_eq!(snap.cpr_day[i], expected, "task {} carries more than its borger's CPR day", snap.task_id[i]);
    }
}

#[tokio::test]
async fn snapshot_cache_follows_task_writes() {
    let t = test_app().await;
    let admin = t.login("admin").await;
    let first = Snapshot::decode(&bytes(t.get("/api/tasks/snapshot", Some(&admin)).await).await).unwrap();
    // the cache serves the same snapshot until a task write invalidates it
    sqlx::query("UPDATE opgaver SET status = 4 WHERE id = $1").bind(i64::from(first.task_id[0])).execute(&t.db).await.unwrap();
    let cached = Snapshot::decode(&bytes(t.get("/api/tasks/snapshot", Some(&admin)).await).await).unwrap();
    assert_eq!(cached.len(), first.len());
    t.ctx.snapshot.invalidate();
    let fresh = Snapshot::decode(&bytes(t.get("/api/tasks/snapshot", Some(&admin)).await).await).unwrap();
    assert_eq!(fresh.len(), first.len() - 1);
    assert!(!fresh.task_id.contains(&first.task_id[0]));
}

#[tokio::test]
async fn my_packages_follow_roles_and_count_exactly() {
    let t = test_app().await;
    let admin = t.login("admin").await;
    let all: Vec<PackageVersion> = json(t.get("/api/packages", Some(&admin)).await).await;
    assert!(all.len() >= 5);
    let roles: Vec<(i64, String)> = sqlx::query_as("SELECT id, navn FROM roller").fetch_all(&t.db).await.unwrap();
    let role_id = |name: &str| roles.iter().find(|r| r.1 == name).unwrap().0;

    for (user, user_roles) in [
        ("pension", vec!["Pension og helbredstillæg"]),
        ("ydelse", vec!["Ydelser (KY)", "Post og selvbetjening"]),
        ("oekonomi", vec!["Økonomi"]),
    ] {
        let ids: Vec<i64> = user_roles.iter().map(|r| role_id(r)).collect();
        let cookie = t.login(user).await;
        let res = t.get("/api/my/packages", Some(&cookie)).await;
        assert_eq!(res.status(), StatusCode::OK);
        let mine: Vec<MyPackage> = json(res).await;
        let mut got: Vec<&str> = mine.iter().map(|p| p.noegle.as_str()).collect();
        got.sort();
        let mut want: Vec<&str> =
            all.iter().filter(|v| v.draft.roller.iter().any(|r| ids.contains(r))).map(|v| v.noegle.as_str()).collect();
        want.sort();
        assert!(!want.is_empty(), "{user}");
        assert_eq!(got, want, "{user}");
    }

    // "Post fra selvbetjening" counted independently by SQL
    let cookie = t.login("ydelse").await;
    let mine: Vec<MyPackage> = json(t.get("/api/my/packages", Some(&cookie)).await).await;
    let post = mine.iter().find(|p| p.navn == "Post fra selvbetjening").unwrap();
    let sql: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM opgaver WHERE opgavetype = 1 AND kilde = 1 AND relation = 1 AND status <> 4")
        .fetch_one(&t.db)
        .await
        .unwrap();
    assert!(sql > 0);
    assert_eq!(post.aabne_opgaver as i64, sql);

    // "Pension CPR 01-15" counted by SQL: own case a pension case, borger day 1-15
    let cookie = t.login("pension").await;
    let mine: Vec<MyPackage> = json(t.get("/api/my/packages", Some(&cookie)).await).await;
    let pension = mine.iter().find(|p| p.navn == "Pension CPR 01-15").unwrap();
    let sql: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM opgaver o JOIN borgere b ON b.id = o.borger_id JOIN sager s ON s.id = o.sag_id
         WHERE o.status <> 4 AND o.relation = 1 AND s.sagstype IN (1, 2)
           AND CAST(substr(b.cpr, 1, 2) AS INTEGER) BETWEEN 1 AND 15",
    )
    .fetch_one(&t.db)
    .await
    .unwrap();
    assert!(sql > 0);
    assert_eq!(pension.aabne_opgaver as i64, sql);

    // the admin has no roles, so no packages of their own
    let none: Vec<MyPackage> = json(t.get("/api/my/packages", Some(&admin)).await).await;
    assert!(none.is_empty());
}

#[tokio::test]
async fn packages_at_a_date() {
    let t = test_app().await;
    let admin = t.login("admin").await;
    for bad in ["2026-13-01", "igår", "2026-02-30", "01-02-2026"] {
        let e = assert_error(t.get(&format!("/api/packages?at={bad}"), Some(&admin)).await, StatusCode::BAD_REQUEST, "ugyldig_dato").await;
        assert!(e.message.contains("ÅÅÅÅ-MM-DD"));
    }
    let old: Vec<PackageVersion> = json(t.get("/api/packages?at=2024-06-01", Some(&admin)).await).await;
    let new: Vec<PackageVersion> = json(t.get("/api/packages?at=2026-06-01", Some(&admin)).await).await;
    let names = |v: &[PackageVersion]| v.iter().map(|p| p.draft.navn.clone()).collect::<Vec<_>>();
    assert!(names(&old).contains(&"Opret bevilling 2024".to_owned()));
    assert!(!names(&new).contains(&"Opret bevilling 2024".to_owned()));
    // "Post fra selvbetjening" has two versions: one role before 2026, two after
    let post_old = old.iter().find(|p| p.draft.navn == "Post fra selvbetjening").unwrap();
    let post_new = new.iter().find(|p| p.draft.navn == "Post fra selvbetjening").unwrap();
    assert_eq!(post_old.noegle, post_new.noegle);
    assert_ne!(post_old.version, post_new.version);
    assert_eq!(post_old.draft.roller.len(), 1);
    assert_eq!(post_new.draft.roller.len(), 2);
    assert_eq!(post_new.oprettet_af, "admin");
    let none: Vec<PackageVersion> = json(t.get("/api/packages?at=1999-01-01", Some(&admin)).await).await;
    assert!(none.is_empty());
}

#[tokio::test]
async fn package_tasks_are_paged_masked_and_role_checked() {
    let t = test_app().await;
    let admin = t.login("admin").await;
    let all: Vec<PackageVersion> = json(t.get("/api/packages", Some(&admin)).await).await;
    let post = all.iter().find(|p| p.draft.navn == "Post fra selvbetjening").unwrap();
    let efaktura = all.iter().find(|p| p.draft.navn == "eFaktura").unwrap();

    let ydelse = t.login("ydelse").await;
    let uri = format!("/api/packages/{}/tasks?page_size=5", post.noegle);
    let res = t.get(&uri, Some(&ydelse)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page: TaskPage = json(res).await;
    assert!(page.total > 5);
    assert_eq!(page.opgaver.len(), 5);
    assert_eq!(page.side, 1);
    assert!(page.opgaver.windows(2).all(|w| (w[0].oprettet, w[0].id) <= (w[1].oprettet, w[1].id)));
    for row in &page.opgaver {
        assert_eq!(row.opgavetype, 1);
        let masked = row.cpr_maskeret.as_deref().unwrap();
        assert_eq!(masked.len(), 11);
        assert!(masked.ends_with("-****"));
    }
    // the last page
    let last = page.total.div_ceil(5);
    let tail: TaskPage = json(t.get(&format!("{uri}&page={last}&sort=nyeste_foerst"), Some(&ydelse)).await).await;
    assert!(!tail.opgaver.is_empty() && tail.opgaver.len() <= 5);
    // no whole CPR number in the answer
    let raw = bytes(t.get(&uri, Some(&ydelse)).await).await;
    let text = String::from_utf8(raw).unwrap();
    let cprs: Vec<String> = sqlx::query_scalar("SELECT cpr FROM borgere").fetch_all(&t.db).await.unwrap();
    assert!(cprs.iter().all(|c| !text.contains(c.as_str()) && !text.contains(&format!("{}-{}", &c[..6], &c[6..]))));

    // no role for eFaktura; admins neither; unknown key; bad parameters
    let uri = format!("/api/packages/{}/tasks", efaktura.noegle);
    assert_error(t.get(&uri, Some(&ydelse)).await, StatusCode::FORBIDDEN, "ingen_adgang").await;
    assert_error(t.get(&uri, Some(&admin)).await, StatusCode::FORBIDDEN, "ingen_adgang").await;
    assert_error(t.get("/api/packages/OP-9999/tasks", Some(&ydelse)).await, StatusCode::NOT_FOUND, "ikke_fundet").await;
    let bad = format!("/api/packages/{}/tasks?page=0", post.noegle);
    assert_error(t.get(&bad, Some(&ydelse)).await, StatusCode::BAD_REQUEST, "ugyldig_forespoergsel").await;
    let bad = format!("/api/packages/{}/tasks?sort=tilfaeldig", post.noegle);
    assert_error(t.get(&bad, Some(&ydelse)).await, StatusCode::BAD_REQUEST, "ugyldig_forespoergsel").await;
}

#[tokio::test]
async fn demo_data_is_deterministic() {
    async fn snapshot_bytes() -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let ctx = server::init(Config::for_data_dir(dir.path(), DEMO_TASKS)).await.unwrap();
        server::snapshot_cache::load(&ctx.store, 0).await.unwrap().encode()
    }
    let a = snapshot_bytes().await;
    let b = snapshot_bytes().await;
    assert_eq!(a, b);
    // and the database holds exactly what the generator makes
    let generated = server::demo::generate(42, DEMO_TASKS).snapshot(0).encode();
    assert_eq!(a, generated);
    // the filter agrees with itself on both
    let f = CompiledFilter::new(&Default::default());
    assert_eq!(f.count(&Snapshot::decode(&a).unwrap()), Snapshot::decode(&a).unwrap().len());
}

#[tokio::test]
async fn unknown_api_paths_and_security_headers() {
    let t = test_app().await;
    let admin = t.login("admin").await;
    assert_error(t.get("/api/findes-ikke", Some(&admin)).await, StatusCode::NOT_FOUND, "ikke_fundet").await;
    assert_error(t.get("/api/findes/ikke", None).await, StatusCode::NOT_FOUND, "ikke_fundet").await;
    let res = t.send(Request::put("/api/health").body(Body::empty()).unwrap()).await;
    assert_error(res, StatusCode::METHOD_NOT_ALLOWED, "metode_ikke_tilladt").await;

    for (uri, cookie) in [("/api/me", Some(admin.as_str())), ("/api/me", None), ("/", None), ("/opgavepakker/OP-0001", None)] {
        let res = t.get(uri, cookie).await;
        let h = res.headers();
        assert_eq!(h[header::CONTENT_SECURITY_POLICY], server::http::CONTENT_SECURITY_POLICY, "{uri}");
        assert!(h[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("frame-ancestors 'none'"));
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(h[header::REFERRER_POLICY], "no-referrer");
        assert_eq!(h[header::X_FRAME_OPTIONS], "DENY");
    }
    let res = t.get("/", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let text = String::from_utf8(bytes(res).await).unwrap();
    assert!(text.contains("ikke bygget"));
}

#[tokio::test]
async fn catalog_and_openapi_need_a_session() {
    let t = test_app().await;
    assert_error(t.get("/api/catalog", None).await, StatusCode::UNAUTHORIZED, "ikke_logget_ind").await;
    assert_error(t.get("/api/openapi.json", None).await, StatusCode::UNAUTHORIZED, "ikke_logget_ind").await;
    let cookie = t.login("oekonomi").await;
    let c: domain::wire::catalog::Catalog = json(t.get("/api/catalog", Some(&cookie)).await).await;
    assert_eq!(c.opgavetyper.len(), domain::catalog::TASK_TYPES.len());
    let doc: serde_json::Value = json(t.get("/api/openapi.json", Some(&cookie)).await).await;
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/health",
        "/api/session",
        "/api/me",
        "/api/catalog",
        "/api/roles",
        "/api/packages",
        "/api/my/packages",
        "/api/packages/{key}/tasks",
        "/api/tasks/snapshot",
        "/api/openapi.json",
    ] {
        assert!(paths.contains_key(p), "{p} missing from OpenAPI");
    }
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for s in ["ApiError", "Me", "Catalog", "PackageVersion", "PackageFilter", "MyPackage", "TaskPage", "TaskRow"] {
        assert!(schemas.contains_key(s), "schema {s} missing");
    }
}

#[tokio::test]
async fn get_session_names_the_user_or_null_and_never_answers_401() {
    let app = test_app().await;
    let ask = |cookie: Option<&str>| {
        let req = request(axum::http::Method::GET, "/api/session", cookie, None, None);
        let app = &app;
        async move { app.send(req).await }
    };
    let res = ask(None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json::<Option<Me>>(res).await, None, "no cookie: null");
    let cookie = app.login("pension").await;
    let me: Option<Me> = json(ask(Some(&cookie)).await).await;
    assert_eq!(me.map(|m| m.brugernavn).as_deref(), Some("pension"));
    let res = ask(Some("op_session=ukendt")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json::<Option<Me>>(res).await, None, "an unknown session: null");
}
