//! Who may do what: a role's rights ("Rettigheder") on the server, the
//! systemadministrator without casework rights, access before the holder
//! is named, one history line for racing claims, the users' roles, and
//! CPR numbers (lookup by POST, audit of every reading, `no-store`). Each
//! test builds the app on a fresh SQLite file with a small demo data set.

use axum::body::Body;
use axum::http::{header, Method, Response, StatusCode};
use domain::model::{Borger, Permission, Rolle};
use domain::wire::audit::AuditAction;
use domain::wire::packages::{MyPackage, TaskPage};
use domain::wire::session::Me;
use domain::wire::tasks::{ClaimResult, TaskDetail};
use domain::wire::users::UserSummary;
use serde_json::{json, Value};
use tower::ServiceExt;

mod common;
use common::*;

impl TestApp {
    async fn get(&self, uri: &str, cookie: &str) -> Response<Body> {
        self.call(Method::GET, uri, Some(cookie), None, None).await
    }

    async fn post(&self, uri: &str, cookie: &str, body: Value) -> Response<Body> {
        self.call(Method::POST, uri, Some(cookie), None, Some(body)).await
    }

    async fn put(&self, uri: &str, cookie: &str, body: Value) -> Response<Body> {
        self.call(Method::PUT, uri, Some(cookie), None, Some(body)).await
    }

    async fn user_id(&self, username: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM brugere WHERE brugernavn = $1").bind(username).fetch_one(&self.db).await.unwrap()
    }

    /// Creates a role with these rights (as admin) and makes it the user's
    /// only role; returns the user's new session cookie.
    async fn only_role(&self, username: &str, rights: &[Permission]) -> String {
        let admin = self.login("admin").await;
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(1);
        let name = format!("Test {username} {}", NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
        let role: Rolle = ok(self.post("/api/roles", &admin, json!({ "navn": name, "rettigheder": rights })).await).await;
        assert_eq!(role.rettigheder, rights);
        let uid = self.user_id(username).await;
        let _: UserSummary = ok(self.put(&format!("/api/users/{uid}/roles"), &admin, json!({ "roller": [role.id] })).await).await;
        self.login(username).await
    }

    async fn audit_rows(&self, handling: AuditAction) -> Vec<(i64, Option<i64>, Option<i64>, String)> {
        sqlx::query_as("SELECT bruger_id, borger_id, opgave_id, detaljer FROM audit_log WHERE handling = $1 ORDER BY id")
            .bind(i64::from(handling.code()))
            .fetch_all(&self.db)
            .await
            .unwrap()
    }

    async fn a_borger(&self) -> (i64, String) {
        sqlx::query_as("SELECT id, cpr FROM borgere ORDER BY id LIMIT 1").fetch_one(&self.db).await.unwrap()
    }

    /// A free open task of a package both users have.
    async fn shared_free_task(&self, a: &str, b: &str) -> i64 {
        let mine_a: Vec<MyPackage> = ok(self.get("/api/my/packages", a).await).await;
        let mine_b: Vec<MyPackage> = ok(self.get("/api/my/packages", b).await).await;
        let key = mine_a
            .iter()
            .find(|p| p.aabne_opgaver > 0 && mine_b.iter().any(|q| q.noegle == p.noegle))
            .expect("a shared package")
            .noegle
            .clone();
        let page: TaskPage = ok(self.get(&format!("/api/packages/{key}/tasks"), a).await).await;
        page.opgaver.iter().find(|r| r.taget_af.is_none()).expect("a free task").id
    }
}

async fn ok<T: serde::de::DeserializeOwned>(res: Response<Body>) -> T {
    let status = res.status();
    if !status.is_success() {
        let e: domain::wire::ApiError = json(res).await;
        panic!("{status}: {} {}", e.code, e.message);
    }
    json(res).await
}

const PDF: &[u8] = b"%PDF-1.4\n%test\n%%EOF\n";

/// One process a caseworker starts from the Borgeroverblik: its right and
/// the request that starts it (for a borger, as a user's cookie).
struct Start {
    right: Permission,
    request: fn(i64, &str) -> axum::http::Request<Body>,
}

fn start(borger: i64, cookie: &str, opgavetype: u16) -> axum::http::Request<Body> {
    request(Method::POST, &format!("/api/citizens/{borger}/tasks"), Some(cookie), None, Some(json!({ "opgavetype": opgavetype })))
}

const STARTS: &[Start] = &[
    Start { right: Permission::OpretTraek, request: |b, c| start(b, c, 3) },
    Start { right: Permission::StopSag, request: |b, c| start(b, c, 4) },
    Start { right: Permission::OpretOpfoelgningsopgave, request: |b, c| start(b, c, 11) },
    Start { right: Permission::TilfoejYdelse, request: |b, c| start(b, c, 9) },
    Start { right: Permission::ModtagPost, request: |b, c| post_documents(b, c, &[("Brev.pdf", PDF)]) },
];

#[tokio::test]
async fn every_process_needs_its_right_and_borgeropslag() {
    let t = test_app().await;
    let (borger, _) = t.a_borger().await;
    for s in STARTS {
        let label = s.right.label();
        // Borgeropslag without the process's right: refused, nothing made.
        let without = t.only_role("pension", &[Permission::Borgeropslag]).await;
        let before: i64 = sqlx::query_scalar("SELECT count(*) FROM opgaver").fetch_one(&t.db).await.unwrap();
        let e = assert_error(t.send((s.request)(borger, &without)).await, StatusCode::FORBIDDEN, "mangler_rettighed").await;
        assert!(e.message.contains(label), "{label}: {}", e.message);
        // The process's right without Borgeropslag: refused too.
        let no_lookup = t.only_role("pension", &[s.right]).await;
        let e = assert_error(t.send((s.request)(borger, &no_lookup)).await, StatusCode::FORBIDDEN, "mangler_rettighed").await;
        assert!(e.message.contains("Borgeropslag"), "{label}: {}", e.message);
        let after: i64 = sqlx::query_scalar("SELECT count(*) FROM opgaver").fetch_one(&t.db).await.unwrap();
        assert_eq!(before, after, "{label}: a refusal makes no task");
        // Both: the task is made, taken by and started by the user.
        let with = t.only_role("pension", &[Permission::Borgeropslag, s.right]).await;
        let res = t.send((s.request)(borger, &with)).await;
        assert_eq!(res.status(), StatusCode::CREATED, "{label}");
        let body: Value = json(res).await;
        let task = body.get("opgave_id").and_then(Value::as_i64).or_else(|| body.as_i64()).unwrap();
        let (taken, started): (Option<i64>, Option<i64>) =
            sqlx::query_as("SELECT taget_af, startet_af FROM opgaver WHERE id = $1").bind(task).fetch_one(&t.db).await.unwrap();
        let pension = t.user_id("pension").await;
        assert_eq!((taken, started), (Some(pension), Some(pension)), "{label}");
        // Started with the right, it may be finished although no package has it.
        let d: TaskDetail = ok(t.get(&format!("/api/tasks/{task}"), &with).await).await;
        assert_eq!(d.opgave.id, task);
        let res = t.post(&format!("/api/tasks/{task}/complete"), &with, finish_body(d.wizard)).await;
        let status = res.status();
        if status != StatusCode::OK {
            let e: domain::wire::ApiError = json(res).await;
            // A wizard that needs a case refuses on its own rules, never on access.
            assert_eq!(status, StatusCode::BAD_REQUEST, "{label}: {} {}", e.code, e.message);
            assert!(!matches!(e.code.as_str(), "ingen_adgang" | "mangler_rettighed" | "ikke_fundet"), "{label}: {}", e.code);
        }
        // Without the right any more, the task they started may not be finished.
        let lost = t.only_role("pension", &[Permission::Borgeropslag]).await;
        let open: i64 = sqlx::query_scalar("SELECT status FROM opgaver WHERE id = $1").bind(task).fetch_one(&t.db).await.unwrap();
        if open != 4 {
            let res = t.post(&format!("/api/tasks/{task}/complete"), &lost, finish_body(d.wizard)).await;
            assert_error(res, StatusCode::FORBIDDEN, "mangler_rettighed").await;
        }
    }
}

/// The smallest request of the wizard (Modtag post: "Ingen handling").
fn finish_body(wizard: domain::casework::complete::Wizard) -> Value {
    use domain::casework::complete::Wizard;
    match wizard {
        Wizard::ModtagPost => json!({ "wizard": "modtag_post", "handling": { "type": "ingen_handling" } }),
        Wizard::StopSag => json!({ "wizard": "stop_sag", "sag_id": 999_999_999, "stopdato": "2099-01-01", "aarsag": "Test" }),
        Wizard::OpretTraek => {
            json!({ "wizard": "opret_traek", "sag_id": 999_999_999, "beloeb_oere": 100, "startdato": "2099-01-01", "frekvens": "engang" })
        }
        Wizard::TilfoejYdelse => json!({ "wizard": "tilfoej_ydelse", "sag_id": 999_999_999,
            "ydelser": [{ "ydelse": 14, "beloeb_oere": 100, "fra": "2099-01-01" }] }),
        _ => json!({ "wizard": "afslut", "note": "" }),
    }
}

#[tokio::test]
async fn borgeropslag_guards_lookup_overview_and_case_selector() {
    let t = test_app().await;
    let (borger, cpr) = t.a_borger().await;
    let reads = [
        (Method::POST, "/api/citizens/search".to_owned(), Some(json!({ "cpr": cpr }))),
        (Method::GET, format!("/api/citizens/{borger}"), None),
        (Method::GET, format!("/api/citizens/{borger}/cases?process=stop_sag"), None),
    ];
    let without = t.only_role("ydelse", &[Permission::StopSag]).await;
    for (m, uri, body) in &reads {
        let res = t.call(m.clone(), uri, Some(&without), None, body.clone()).await;
        assert_error(res, StatusCode::FORBIDDEN, "mangler_rettighed").await;
    }
    let with = t.only_role("ydelse", &[Permission::Borgeropslag]).await;
    for (m, uri, body) in &reads {
        let res = t.call(m.clone(), uri, Some(&with), None, body.clone()).await;
        assert_eq!(res.status(), StatusCode::OK, "{uri}");
    }
}

#[tokio::test]
async fn the_systemadministrator_has_no_casework_rights() {
    let t = test_app().await;
    let admin = t.login("admin").await;
    let me: Me = ok(t.get("/api/me", &admin).await).await;
    assert!(me.admin && me.rettigheder.is_empty());
    let (borger, cpr) = t.a_borger().await;
    assert_error(t.post("/api/citizens/search", &admin, json!({ "cpr": cpr })).await, StatusCode::FORBIDDEN, "mangler_rettighed").await;
    assert_error(t.get(&format!("/api/citizens/{borger}"), &admin).await, StatusCode::FORBIDDEN, "mangler_rettighed").await;
    for s in STARTS {
        assert_error(t.send((s.request)(borger, &admin)).await, StatusCode::FORBIDDEN, "mangler_rettighed").await;
    }
    let task: i64 = sqlx::query_scalar("SELECT id FROM opgaver WHERE status <> 4 ORDER BY id LIMIT 1").fetch_one(&t.db).await.unwrap();
    assert_error(t.post(&format!("/api/tasks/{task}/claim"), &admin, json!({})).await, StatusCode::NOT_FOUND, "ikke_fundet").await;
    assert_error(t.get(&format!("/api/tasks/{task}"), &admin).await, StatusCode::NOT_FOUND, "ikke_fundet").await;
    // A role can give them casework rights.
    let admin = t.only_role("admin", &[Permission::Borgeropslag]).await;
    let b: Borger = ok(t.post("/api/citizens/search", &admin, json!({ "cpr": cpr })).await).await;
    assert_eq!(b.id, borger);
}

#[tokio::test]
async fn claim_without_access_says_nothing_about_the_task_or_its_holder() {
    let t = test_app().await;
    let pension = t.login("pension").await;
    let ydelse = t.login("ydelse").await;
    let held = t.shared_free_task(&pension, &ydelse).await;
    let _: ClaimResult = ok(t.post(&format!("/api/tasks/{held}/claim"), &ydelse, json!({})).await).await;
    let free = t.shared_free_task(&pension, &ydelse).await;
    assert_ne!(free, held);
    // pension (who shares the package) is told who has it …
    let e = assert_error(t.post(&format!("/api/tasks/{held}/claim"), &pension, json!({})).await, StatusCode::CONFLICT, "optaget").await;
    assert!(e.message.contains("Yasmin Hansen"), "{}", e.message);
    // … a user without a package giving it is told the same as for no task
    // at all: on claim, and without Borgeropslag also on reading it.
    let mut answers = Vec::new();
    for (rights, read_too) in [(&[][..], true), (&[Permission::Borgeropslag][..], false)] {
        let outsider = t.only_role("oekonomi", rights).await;
        for id in [free, held, 999_999_999] {
            let mut calls = vec![(Method::POST, format!("/api/tasks/{id}/claim"))];
            if read_too {
                calls.push((Method::GET, format!("/api/tasks/{id}")));
            }
            for (m, uri) in calls {
                let res = t.call(m.clone(), &uri, Some(&outsider), None, (m == Method::POST).then(|| json!({}))).await;
                let e = assert_error(res, StatusCode::NOT_FOUND, "ikke_fundet").await;
                assert!(!e.message.contains("Yasmin"), "{}", e.message);
                answers.push((m, e));
            }
        }
    }
    assert!(answers.windows(2).all(|w| w[0].1 == w[1].1), "{answers:?}");
    let holder: Option<i64> = sqlx::query_scalar("SELECT taget_af FROM opgaver WHERE id = $1").bind(free).fetch_one(&t.db).await.unwrap();
    assert_eq!(holder, None, "a refused claim takes nothing");
}

/// The task page offers "Tag opgave" exactly when claim would take it: to a
/// user whose package includes the task, not to one who reads it only by
/// Borgeropslag (who would get the 404).
#[tokio::test]
async fn task_detail_says_whether_the_reader_may_take_it() {
    let t = test_app().await;
    let pension = t.login("pension").await;
    let mine: Vec<MyPackage> = ok(t.get("/api/my/packages", &pension).await).await;
    let mut found = None;
    for p in mine.iter().filter(|p| p.aabne_opgaver > 0) {
        let page: TaskPage = ok(t.get(&format!("/api/packages/{}/tasks", p.noegle), &pension).await).await;
        found = page.opgaver.iter().find(|r| r.taget_af.is_none() && r.borger_navn.is_some()).map(|r| r.id);
        if found.is_some() {
            break;
        }
    }
    let id = found.expect("a free task of a borger in pension's packages");
    let d: TaskDetail = ok(t.get(&format!("/api/tasks/{id}"), &pension).await).await;
    assert!(d.kan_tages);
    let reader = t.only_role("oekonomi", &[Permission::Borgeropslag]).await;
    let d: TaskDetail = ok(t.get(&format!("/api/tasks/{id}"), &reader).await).await;
    assert!(!d.kan_tages);
    assert_error(t.post(&format!("/api/tasks/{id}/claim"), &reader, json!({})).await, StatusCode::NOT_FOUND, "ikke_fundet").await;
    // A task someone else holds is not the viewer's to take, though their
    // package has it; claim says who has it.
    let ydelse = t.login("ydelse").await;
    let shared = t.shared_free_task(&pension, &ydelse).await;
    let d: TaskDetail = ok(t.get(&format!("/api/tasks/{shared}"), &ydelse).await).await;
    assert!(d.kan_tages);
    assert_eq!(t.post(&format!("/api/tasks/{shared}/claim"), &pension, json!({})).await.status(), StatusCode::OK);
    let d: TaskDetail = ok(t.get(&format!("/api/tasks/{shared}"), &ydelse).await).await;
    assert!(!d.kan_tages, "held by pension");
    assert_eq!(t.post(&format!("/api/tasks/{shared}/claim"), &ydelse, json!({})).await.status(), StatusCode::CONFLICT);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_claims_take_once_and_write_one_history_line() {
    let t = test_app().await;
    let pension = t.login("pension").await;
    let ydelse = t.login("ydelse").await;
    let task = t.shared_free_task(&pension, &ydelse).await;
    let before: i64 =
        sqlx::query_scalar("SELECT count(*) FROM opgave_historik WHERE opgave_id = $1").bind(task).fetch_one(&t.db).await.unwrap();
    let calls: Vec<_> = (0..20)
        .map(|i| {
            let cookie = if i % 2 == 0 { pension.clone() } else { ydelse.clone() };
            let app = t.app.clone();
            tokio::spawn(async move {
                let req = request(Method::POST, &format!("/api/tasks/{task}/claim"), Some(&cookie), None, Some(json!({})));
                let res = app.oneshot(req).await.unwrap();
                let status = res.status();
                let body: Value = json(res).await;
                (status, body)
            })
        })
        .collect();
    let mut winners = std::collections::HashSet::new();
    for c in calls {
        let (status, body) = c.await.unwrap();
        match status {
            StatusCode::OK => {
                winners.insert(body["taget_af"].as_str().unwrap().to_owned());
            }
            StatusCode::CONFLICT => assert_eq!(body["code"], "optaget", "{body}"),
            other => panic!("{other}: {body}"),
        }
    }
    assert_eq!(winners.len(), 1, "one user has the task: {winners:?}");
    let lines: Vec<String> =
        sqlx::query_scalar("SELECT tekst FROM opgave_historik WHERE opgave_id = $1 ORDER BY id").bind(task).fetch_all(&t.db).await.unwrap();
    assert_eq!(lines.len() as i64, before + 1, "{lines:?}");
    assert!(lines.last().unwrap().starts_with("Taget af"), "{lines:?}");
    // Claiming it again as its holder writes nothing more.
    let holder = if winners.contains("pension") { &pension } else { &ydelse };
    let _: ClaimResult = ok(t.post(&format!("/api/tasks/{task}/claim"), holder, json!({})).await).await;
    let after: i64 =
        sqlx::query_scalar("SELECT count(*) FROM opgave_historik WHERE opgave_id = $1").bind(task).fetch_one(&t.db).await.unwrap();
    assert_eq!(after, before + 1);
}

#[tokio::test]
async fn add_to_an_ongoing_task_only_onto_one_the_user_may_see() {
    let t = test_app().await;
    let (borger, _) = t.a_borger().await;
    // A role with no package: nothing but what the user started or has is theirs.
    let worker = t.only_role("pension", &[Permission::Borgeropslag, Permission::ModtagPost]).await;
    let res = t.send(post_documents(borger, &worker, &[("Brev.pdf", PDF)])).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let post: i64 = json(res).await;
    let other: i64 = sqlx::query_scalar(
        "INSERT INTO opgaver (opgavetype, relation, kilde, beloebsgodkendelse, enhed, borger_id, status, oprettet)
         VALUES (2, 1, 1, 0, 1, $1, 1, '2026-11-01') RETURNING id",
    )
    .bind(borger)
    .fetch_one(&t.db)
    .await
    .unwrap();
    let add = json!({ "wizard": "modtag_post", "handling": { "type": "tilfoej_til_opgave", "opgave_id": other } });
    let url = format!("/api/tasks/{post}/complete");
    let e = assert_error(t.post(&url, &worker, add.clone()).await, StatusCode::BAD_REQUEST, "ukendt_opgave").await;
    let unknown = json!({ "wizard": "modtag_post", "handling": { "type": "tilfoej_til_opgave", "opgave_id": 999_999_999 } });
    let e2 = assert_error(t.post(&url, &worker, unknown).await, StatusCode::BAD_REQUEST, "ukendt_opgave").await;
    assert_eq!(e, e2, "a task out of sight is as unknown as one that does not exist");
    let links: i64 =
        sqlx::query_scalar("SELECT count(*) FROM opgave_dokumenter WHERE opgave_id = $1").bind(other).fetch_one(&t.db).await.unwrap();
    assert_eq!(links, 0);
    // The borger's open tasks in the detail offer only those the user may see.
    let d: TaskDetail = ok(t.get(&format!("/api/tasks/{post}"), &worker).await).await;
    assert!(d.borgerens_aabne_opgaver.iter().all(|o| o.id != other));
    // Once the user has the task, it may be the target.
    let uid = t.user_id("pension").await;
    sqlx::query("UPDATE opgaver SET taget_af = $1, status = 2 WHERE id = $2").bind(uid).bind(other).execute(&t.db).await.unwrap();
    let _: Value = ok(t.post(&url, &worker, add).await).await;
    let links: i64 =
        sqlx::query_scalar("SELECT count(*) FROM opgave_dokumenter WHERE opgave_id = $1").bind(other).fetch_one(&t.db).await.unwrap();
    assert_eq!(links, 1);
}

#[tokio::test]
async fn cpr_lookup_by_post_only_audited_and_never_stored() {
    let t = test_app().await;
    let pension = t.login("pension").await;
    let (borger, cpr) = t.a_borger().await;
    // The CPR number in a URL is no route any more.
    for uri in [format!("/api/citizens?cpr={cpr}"), format!("/api/citizens/search?cpr={cpr}")] {
        let res = t.get(&uri, &pension).await;
        assert!(matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED), "{uri}: {}", res.status());
    }
    let res = t.post("/api/citizens/search", &pension, json!({ "cpr": cpr })).await;
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    let b: Borger = ok(res).await;
    assert_eq!(b.id, borger);
    let res = t.get(&format!("/api/citizens/{borger}"), &pension).await;
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    assert_eq!(res.status(), StatusCode::OK);
    let res = t.get(&format!("/api/citizens/{borger}/cases?process=stop_sag"), &pension).await;
    assert_eq!(res.status(), StatusCode::OK);
    // A task with a borger, read by someone who may.
    let body = json!({ "opgavetype": 4 });
    let started: ClaimResult = ok(t.post(&format!("/api/citizens/{borger}/tasks"), &pension, body).await).await;
    let res = t.get(&format!("/api/tasks/{}", started.opgave_id), &pension).await;
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    assert_eq!(res.status(), StatusCode::OK);

    let uid = t.user_id("pension").await;
    for (action, task) in [
        (AuditAction::SlaaetBorgerOp, None),
        (AuditAction::AabnetBorgeroverblik, None),
        (AuditAction::AabnetSagsvaelger, None),
        (AuditAction::AabnetOpgave, Some(started.opgave_id)),
    ] {
        let rows = t.audit_rows(action).await;
        assert!(rows.iter().any(|(u, b, o, _)| *u == uid && *b == Some(borger) && *o == task), "{action:?}: {rows:?}");
    }
    // The API description has the lookup by POST and no CPR in any path.
    let doc: Value = ok(t.get("/api/openapi.json", &pension).await).await;
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths["/api/citizens/search"].get("post").is_some());
    assert!(!paths.contains_key("/api/citizens"));
    for p in ["/api/users", "/api/users/{id}/roles"] {
        assert!(paths.contains_key(p), "{p}");
    }
    // Whole CPR numbers are nowhere in the audit log.
    let all: Vec<String> = sqlx::query_scalar("SELECT detaljer FROM audit_log").fetch_all(&t.db).await.unwrap();
    assert!(all.iter().all(|d| !d.contains(&cpr) && !d.contains(&cpr[6..])), "{all:?}");
}

#[tokio::test]
async fn the_admin_gives_roles_to_users() {
    let t = test_app().await;
    let admin = t.login("admin").await;
    let ydelse = t.login("ydelse").await;
    assert_error(t.get("/api/users", &ydelse).await, StatusCode::FORBIDDEN, "ingen_adgang").await;
    let users: Vec<UserSummary> = ok(t.get("/api/users", &admin).await).await;
    let names: Vec<&str> = users.iter().map(|u| u.brugernavn.as_str()).collect();
    assert_eq!(names, ["admin", "oekonomi", "pension", "ydelse"]);
    let pension = users.iter().find(|u| u.brugernavn == "pension").unwrap().clone();
    let roles: Vec<Rolle> = ok(t.get("/api/roles", &admin).await).await;
    let okonomi = roles.iter().find(|r| r.navn == "Økonomi").unwrap();
    assert!(okonomi.rettigheder.contains(&Permission::BehandlEfaktura));

    // Unknown role: refused, nothing changed.
    let url = format!("/api/users/{}/roles", pension.id);
    assert_error(t.put(&url, &admin, json!({ "roller": [okonomi.id, 999_999] })).await, StatusCode::BAD_REQUEST, "ugyldige_data").await;
    assert_error(t.put(&url, &ydelse, json!({ "roller": [okonomi.id] })).await, StatusCode::FORBIDDEN, "ingen_adgang").await;
    let again: Vec<UserSummary> = ok(t.get("/api/users", &admin).await).await;
    assert_eq!(again.iter().find(|u| u.id == pension.id).unwrap().roller, pension.roller);

    let mut roller = pension.roller.clone();
    roller.push(okonomi.id);
    let saved: UserSummary = ok(t.put(&url, &admin, json!({ "roller": roller })).await).await;
    assert!(saved.roller.contains(&okonomi.id));
    let cookie = t.login("pension").await;
    let me: Me = ok(t.get("/api/me", &cookie).await).await;
    assert!(me.roller.iter().any(|r| r.id == okonomi.id));
    assert!(me.may(Permission::BehandlEfaktura));
    let mine: Vec<MyPackage> = ok(t.get("/api/my/packages", &cookie).await).await;
    let oekonomi_cookie = t.login("oekonomi").await;
    let theirs: Vec<MyPackage> = ok(t.get("/api/my/packages", &oekonomi_cookie).await).await;
    assert!(theirs.iter().all(|p| mine.iter().any(|m| m.noegle == p.noegle)), "pension now sees Økonomi's packages");
    let audited = t.audit_rows(AuditAction::AendretBrugerroller).await;
    assert!(audited.iter().any(|(_, _, _, d)| d.contains("pension") && d.contains("Økonomi")), "{audited:?}");

    // A role a user has cannot be deleted; the refusal names the user.
    let role: Rolle = ok(t.post("/api/roles", &admin, json!({ "navn": "Kun brugere", "rettigheder": ["borgeropslag"] })).await).await;
    let _: UserSummary = ok(t.put(&url, &admin, json!({ "roller": [role.id] })).await).await;
    let e = assert_error(
        t.call(Method::DELETE, &format!("/api/roles/{}", role.id), Some(&admin), None, None).await,
        StatusCode::CONFLICT,
        "rolle_i_brug",
    )
    .await;
    assert!(e.message.contains("pension"), "{}", e.message);
}

#[tokio::test]
async fn the_admin_edits_a_roles_rights() {
    let t = test_app().await;
    let admin = t.login("admin").await;
    let role: Rolle = ok(t
        .post("/api/roles", &admin, json!({ "navn": "Visitation", "rettigheder": ["modtag_post", "borgeropslag", "borgeropslag"] }))
        .await)
    .await;
    assert_eq!(role.rettigheder, [Permission::Borgeropslag, Permission::ModtagPost]);
    let body = json!({ "navn": "Visitation", "beskrivelse": "", "rettigheder": ["stop_sag"] });
    let res = t.put(&format!("/api/roles/{}", role.id), &admin, body).await;
    assert_eq!(res.status(), StatusCode::OK);
    let roles: Vec<Rolle> = ok(t.get("/api/roles", &admin).await).await;
    assert_eq!(roles.iter().find(|r| r.id == role.id).unwrap().rettigheder, [Permission::StopSag]);
    let audited = t.audit_rows(AuditAction::AendretRolle).await;
    assert_eq!(audited.len(), 2);
    assert!(audited[1].3.contains("Stop sag"), "{audited:?}");
    let res = t.post("/api/roles", &admin, json!({ "navn": "Ukendt ret", "rettigheder": ["flyt_bjerge"] })).await;
    assert!(res.status().is_client_error());
}
