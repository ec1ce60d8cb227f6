//! Casework API tests: taking tasks, "Næste opgave", finishing wizards,
//! citizens, the Sagsvælger and the audit log. Each test builds the app on a
//! fresh SQLite file with a small demo data set and calls it with `oneshot`.

use axum::body::Body;
use axum::http::{header, Request, Response, StatusCode};
use base64::Engine;
use domain::casework::process::CaseSelection;
use domain::model::{Borger, Permission};
use domain::package::{PackageFilter, RelationValg};
use domain::wire::audit::{AuditAction, AuditPage};
use domain::wire::citizens::CitizenOverview;
use domain::wire::packages::MyPackage;
use domain::wire::tasks::{ClaimResult, CompleteResult, TaskDetail};
use domain::wire::ApiError;
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use sqlx::SqlitePool;

mod common;
use common::*;

impl TestApp {
    /// Puts a new Fuldmagt document on the task; returns its id.
    async fn add_fuldmagt(&self, task: i64) -> i64 {
        let fuldmagt: i64 = sqlx::query_scalar(
            "INSERT INTO dokumenter (navn, format, kategori, modtaget) VALUES ('Fuldmagt.pdf', 1, 2, '2026-10-01') RETURNING id",
        )
        .fetch_one(&self.db)
        .await
        .unwrap();
        sqlx::query("INSERT INTO opgave_dokumenter (opgave_id, dokument_id) VALUES (?, ?)")
            .bind(task)
            .bind(fuldmagt)
            .execute(&self.db)
            .await
            .unwrap();
        fuldmagt
    }

    async fn get(&self, uri: &str, cookie: &str) -> Response<Body> {
        self.send(Request::get(uri).header(header::COOKIE, cookie).body(Body::empty()).unwrap()).await
    }

    async fn post(&self, uri: &str, cookie: &str, body: Value) -> Response<Body> {
        self.send(
            Request::post(uri)
                .header(header::COOKIE, cookie)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
    }

    async fn claim(&self, task: i64, cookie: &str) -> Response<Body> {
        self.post(&format!("/api/tasks/{task}/claim"), cookie, json!({})).await
    }

    /// Test setup: the role gives these rights too.
    async fn grant(&self, role: &str, rights: &[Permission]) {
        for p in rights {
            sqlx::query("INSERT OR IGNORE INTO rolle_rettigheder (rolle_id, rettighed) SELECT id, ? FROM roller WHERE navn = ?")
                .bind(i64::from(p.code()))
                .bind(role)
                .execute(&self.db)
                .await
                .unwrap();
        }
    }

    async fn user_id(&self, username: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM brugere WHERE brugernavn = ?").bind(username).fetch_one(&self.db).await.unwrap()
    }

    /// Test setup: gives the task to the user directly, as if they had
    /// started it by hand (so they may finish it with the right to start
    /// it, whatever their packages hold).
    async fn give(&self, task: i64, username: &str) {
        let uid = self.user_id(username).await;
        sqlx::query("UPDATE opgaver SET taget_af = ?1, startet_af = ?1, status = 2 WHERE id = ?2")
            .bind(uid)
            .bind(task)
            .execute(&self.db)
            .await
            .unwrap();
    }

    /// Every row of the tables casework writes, as text: equal before and
    /// after means nothing changed.
    async fn fingerprint(&self) -> String {
        let mut out = String::new();
        for table in [
            "opgaver",
            "sager",
            "dokumenter",
            "opgave_dokumenter",
            "sag_dokumenter",
            "opgave_historik",
            "traek",
            "opgave_beslutninger",
            "audit_log",
            "dokument_indhold",
        ] {
            let cols: Vec<String> =
                sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')")).fetch_all(&self.db).await.unwrap();
            let row = cols.iter().map(|c| format!("quote({c})")).collect::<Vec<_>>().join("||','||");
            let dump: Option<String> =
                sqlx::query_scalar(&format!("SELECT group_concat({row}, ';') FROM (SELECT * FROM {table} ORDER BY 1)"))
                    .fetch_one(&self.db)
                    .await
                    .unwrap();
            out.push_str(&format!("{table}: {}\n", dump.unwrap_or_default()));
        }
        out
    }

    /// An open, untaken Modtag post task from self-service (in "Post fra
    /// selvbetjening") with a borger and without a Fuldmagt.
    async fn free_post_task(&self, skip: i64) -> (i64, i64) {
        sqlx::query_as(
            "SELECT o.id, o.borger_id FROM opgaver o WHERE o.opgavetype = 1 AND o.kilde = 1 AND o.relation = 1
               AND o.status IN (1, 2) AND o.taget_af IS NULL
               AND NOT EXISTS (SELECT 1 FROM opgave_dokumenter od JOIN dokumenter d ON d.id = od.dokument_id
                               WHERE od.opgave_id = o.id AND (d.kategori = 2 OR d.navn LIKE 'Fuldmagt%'))
             ORDER BY o.id LIMIT 1 OFFSET ?",
        )
        .bind(skip)
        .fetch_one(&self.db)
        .await
        .unwrap()
    }

    async fn insert_case(&self, borger: i64, status: i64, aktiv: bool, titel: &str) -> i64 {
        sqlx::query_scalar(
            "INSERT INTO sager (borger_id, sagstype, titel, status, aktiv, startdato, enhed) VALUES (?, 3, ?, ?, ?, '2025-01-01', 1) RETURNING id",
        )
        .bind(borger)
        .bind(titel)
        .bind(status)
        .bind(aktiv)
        .fetch_one(&self.db)
        .await
        .unwrap()
    }

    async fn my_count(&self, cookie: &str, navn: &str) -> u64 {
        let mine: Vec<MyPackage> = json(self.get("/api/my/packages", cookie).await).await;
        mine.iter().find(|p| p.navn == navn).unwrap_or_else(|| panic!("no package {navn}")).aabne_opgaver
    }
}

async fn ok<T: DeserializeOwned>(res: Response<Body>) -> T {
    let status = res.status();
    if !status.is_success() {
        let e: ApiError = json(res).await;
        panic!("{status}: {} {}", e.code, e.message);
    }
    json(res).await
}

#[tokio::test]
async fn claim_race_has_one_winner_and_names_the_holder() {
    let t = test_app().await;
    let (task, _) = t.free_post_task(0).await;
    // both users have "Post fra selvbetjening" through their roles
    let pension = t.login("pension").await;
    let ydelse = t.login("ydelse").await;
    let (a, b) = tokio::join!(t.claim(task, &pension), t.claim(task, &ydelse));
    let (winner, loser, winner_name) = match (a.status(), b.status()) {
        (StatusCode::OK, StatusCode::CONFLICT) => (a, b, "Peter Pedersen"),
        (StatusCode::CONFLICT, StatusCode::OK) => (b, a, "Yasmin Hansen"),
        other => panic!("expected one 200 and one 409, got {other:?}"),
    };
    let won: ClaimResult = json(winner).await;
    assert_eq!(won.opgave_id, task);
    assert_eq!(won.taget_af_navn, winner_name);
    let e = assert_error(loser, StatusCode::CONFLICT, "optaget").await;
    assert_eq!(e.message, format!("Opgaven er taget af {winner_name}."));
    let (holder, status): (String, i64) =
        sqlx::query_as("SELECT u.navn, o.status FROM opgaver o JOIN brugere u ON u.id = o.taget_af WHERE o.id = ?")
            .bind(task)
            .fetch_one(&t.db)
            .await
            .unwrap();
    assert_eq!((holder.as_str(), status), (winner_name, 2));

    // idempotent for the holder; one history line only
    let holder_cookie = if winner_name == "Peter Pedersen" { &pension } else { &ydelse };
    let again: ClaimResult = ok(t.claim(task, holder_cookie).await).await;
    assert_eq!(again.opgave_id, task);
    let lines: i64 = sqlx::query_scalar("SELECT count(*) FROM opgave_historik WHERE opgave_id = ? AND tekst LIKE 'Taget af%'")
        .bind(task)
        .fetch_one(&t.db)
        .await
        .unwrap();
    assert_eq!(lines, 1);

    // a user without a package that includes the task: the 404 of no task at all
    let (other, _) = t.free_post_task(0).await;
    let oekonomi = t.login("oekonomi").await;
    assert_error(t.claim(other, &oekonomi).await, StatusCode::NOT_FOUND, "ikke_fundet").await;
    // a closed task: 409; an unknown one: 404
    sqlx::query("UPDATE opgaver SET status = 4 WHERE id = ?").bind(other).execute(&t.db).await.unwrap();
    assert_error(t.claim(other, &ydelse).await, StatusCode::CONFLICT, "afsluttet").await;
    assert_error(t.claim(999_999, &ydelse).await, StatusCode::NOT_FOUND, "ikke_fundet").await;
}

#[tokio::test]
async fn next_task_takes_the_oldest_free_one_and_never_the_same_twice() {
    let t = test_app().await;
    let ydelse = t.login("ydelse").await;
    let pension = t.login("pension").await;
    let mine: Vec<MyPackage> = json(t.get("/api/my/packages", &ydelse).await).await;
    let post = mine.iter().find(|p| p.navn == "Post fra selvbetjening").unwrap();
    let url = format!("/api/packages/{}/next", post.noegle);

    let oldest: i64 = sqlx::query_scalar(
        "SELECT id FROM opgaver WHERE opgavetype = 1 AND kilde = 1 AND relation = 1 AND status IN (1, 2) AND taget_af IS NULL
         ORDER BY oprettet, id LIMIT 1",
    )
    .fetch_one(&t.db)
    .await
    .unwrap();
    let first: ClaimResult = ok(t.post(&url, &ydelse, json!({})).await).await;
    assert_eq!(first.opgave_id, oldest);
    assert_eq!(first.taget_af, "ydelse");

    // concurrent callers get different tasks
    let (a, b) = tokio::join!(t.post(&url, &ydelse, json!({})), t.post(&url, &pension, json!({})));
    let a: ClaimResult = ok(a).await;
    let b: ClaimResult = ok(b).await;
    assert_ne!(a.opgave_id, b.opgave_id);
    assert!(![a.opgave_id, b.opgave_id].contains(&first.opgave_id));

    // until none are left: 404 with a Danish message
    let free: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM opgaver WHERE opgavetype = 1 AND kilde = 1 AND relation = 1 AND status IN (1, 2) AND taget_af IS NULL",
    )
    .fetch_one(&t.db)
    .await
    .unwrap();
    for _ in 0..free {
        let _: ClaimResult = ok(t.post(&url, &ydelse, json!({})).await).await;
    }
    let e = assert_error(t.post(&url, &ydelse, json!({})).await, StatusCode::NOT_FOUND, "ikke_fundet").await;
    assert!(e.message.contains("ingen ledige opgaver"), "{}", e.message);

    // a package the user's roles do not give: 403
    let oekonomi = t.login("oekonomi").await;
    assert_error(t.post(&url, &oekonomi, json!({})).await, StatusCode::FORBIDDEN, "ingen_adgang").await;
}

/// Adds a package "Opret bevilling (test)" for the pension role, valid now.
async fn opret_bevilling_package(t: &TestApp) {
    let filter = PackageFilter { opgavetyper: vec![2], relation: Some(RelationValg::Person), ..Default::default() };
    let pakke: i64 =
        sqlx::query_scalar("INSERT INTO opgavepakker (noegle) VALUES ('OP-TEST') RETURNING id").fetch_one(&t.db).await.unwrap();
    let admin = t.user_id("admin").await;
    let version: i64 = sqlx::query_scalar(
        "INSERT INTO opgavepakke_versioner (pakke_id, navn, filter, gyldig_fra, oprettet_af, oprettet)
         VALUES (?, 'Opret bevilling (test)', ?, '2000-01-01', ?, '2026-01-01T00:00:00+01:00') RETURNING id",
    )
    .bind(pakke)
    .bind(serde_json::to_string(&filter).unwrap())
    .bind(admin)
    .fetch_one(&t.db)
    .await
    .unwrap();
    sqlx::query("INSERT INTO opgavepakke_roller (version_id, rolle_id) SELECT ?, id FROM roller WHERE navn = 'Pension og helbredstillæg'")
        .bind(version)
        .execute(&t.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn modtag_post_opret_opgave_creates_the_task_with_the_documents() {
    let t = test_app().await;
    opret_bevilling_package(&t).await;
    let pension = t.login("pension").await;
    let before_new = t.my_count(&pension, "Opret bevilling (test)").await;
    let before_post = t.my_count(&pension, "Post fra selvbetjening").await;
    let (task, borger) = t.free_post_task(0).await;
    let _: ClaimResult = ok(t.claim(task, &pension).await).await;
    let detail: TaskDetail = ok(t.get(&format!("/api/tasks/{task}"), &pension).await).await;
    assert_eq!(detail.wizard, domain::casework::complete::Wizard::ModtagPost);
    assert!(!detail.kraever_fuldmagt);
    assert_eq!(detail.borger.as_ref().unwrap().id, borger);
    let docs: Vec<i64> = detail.dokumenter.iter().map(|d| d.id).collect();
    assert!(!docs.is_empty());

    let res = t
        .post(
            &format!("/api/tasks/{task}/complete"),
            &pension,
            json!({"wizard": "modtag_post", "handling": {"type": "opret_opgave", "opgavetype": 2}}),
        )
        .await;
    let done: CompleteResult = ok(res).await;
    let new = done.ny_opgave_id.unwrap();
    let (opgavetype, nb, status, taget): (i64, i64, i64, Option<i64>) =
        sqlx::query_as("SELECT opgavetype, borger_id, status, taget_af FROM opgaver WHERE id = ?")
            .bind(new)
            .fetch_one(&t.db)
            .await
            .unwrap();
    assert_eq!((opgavetype, nb, status, taget), (2, borger, 1, None));
    let new_docs: Vec<i64> = sqlx::query_scalar("SELECT dokument_id FROM opgave_dokumenter WHERE opgave_id = ? ORDER BY dokument_id")
        .bind(new)
        .fetch_all(&t.db)
        .await
        .unwrap();
    let mut want = docs.clone();
    want.sort();
    assert_eq!(new_docs, want);
    let post_status: i64 = sqlx::query_scalar("SELECT status FROM opgaver WHERE id = ?").bind(task).fetch_one(&t.db).await.unwrap();
    assert_eq!(post_status, 4);

    // the snapshot follows at once: the package counts move
    assert_eq!(t.my_count(&pension, "Opret bevilling (test)").await, before_new + 1);
    assert_eq!(t.my_count(&pension, "Post fra selvbetjening").await, before_post - 1);

    // the decision record and history are on the task; the borger sees the new task
    let detail: TaskDetail = ok(t.get(&format!("/api/tasks/{task}"), &pension).await).await;
    let record = detail.beslutning.unwrap();
    assert_eq!(record.bruger_navn, "Peter Pedersen");
    assert!(record.valg.iter().any(|v| v.contains("Opret bevilling")), "{:?}", record.valg);
    assert!(detail.historik.iter().any(|h| h.tekst.starts_with("Afsluttet")));
    let overview: CitizenOverview = ok(t.get(&format!("/api/citizens/{borger}"), &pension).await).await;
    assert!(overview.aabne_opgaver.iter().any(|o| o.id == new));
    assert!(!overview.aabne_opgaver.iter().any(|o| o.id == task));

    // finishing again: 409
    let res = t
        .post(&format!("/api/tasks/{task}/complete"), &pension, json!({"wizard": "modtag_post", "handling": {"type": "ingen_handling"}}))
        .await;
    assert_error(res, StatusCode::CONFLICT, "afsluttet").await;
}

#[tokio::test]
async fn refused_completions_change_nothing() {
    let t = test_app().await;
    let pension = t.login("pension").await;
    let (task, borger) = t.free_post_task(0).await;
    let under = t.insert_case(borger, 2, true, "Under behandling (test)").await;
    let granted = t.insert_case(borger, 3, false, "Bevilget (test)").await;
    let url = format!("/api/tasks/{task}/complete");
    let relate = |sag: i64| json!({"wizard": "modtag_post", "handling": {"type": "tilfoej_sagsrelation", "sag_id": sag}});

    // not taken: 409
    assert_error(t.post(&url, &pension, relate(granted)).await, StatusCode::CONFLICT, "ikke_taget").await;
    t.give(task, "pension").await;
    let before = t.fingerprint().await;

    // "Tilføj ny sagsrelation" on an active case under behandling
    let e = assert_error(t.post(&url, &pension, relate(under)).await, StatusCode::BAD_REQUEST, "sag_ikke_tilladt").await;
    assert!(e.message.contains("bevilget"), "{}", e.message);
    // a case of another borger
    let other_borger: i64 = sqlx::query_scalar("SELECT id FROM borgere WHERE id <> ? LIMIT 1").bind(borger).fetch_one(&t.db).await.unwrap();
    let foreign = t.insert_case(other_borger, 3, true, "Fremmed").await;
    let before_foreign = t.fingerprint().await;
    assert_error(t.post(&url, &pension, relate(foreign)).await, StatusCode::BAD_REQUEST, "sag_tilhoerer_anden_borger").await;
    assert_eq!(t.fingerprint().await, before_foreign);
    sqlx::query("DELETE FROM sager WHERE id = ?").bind(foreign).execute(&t.db).await.unwrap();
    // the wrong wizard for the task type
    let stop = json!({"wizard": "stop_sag", "sag_id": granted, "stopdato": "2026-12-01", "aarsag": "Test"});
    assert_error(t.post(&url, &pension, stop).await, StatusCode::BAD_REQUEST, "forkert_guide").await;
    // a Fuldmagt that is not verified
    let fuldmagt = t.add_fuldmagt(task).await;
    let before_fuldmagt = t.fingerprint().await;
    let e = assert_error(t.post(&url, &pension, relate(granted)).await, StatusCode::BAD_REQUEST, "fuldmagt_ikke_verificeret").await;
    assert!(e.message.contains("fuldmagt"), "{}", e.message);
    assert_eq!(t.fingerprint().await, before_fuldmagt);
    // bad JSON shape: 4xx in the API's format
    let res = t.post(&url, &pension, json!({"wizard": "modtag_post"})).await;
    assert!(res.status().is_client_error());
    let _: ApiError = json(res).await;
    sqlx::query("DELETE FROM opgave_dokumenter WHERE dokument_id = ?").bind(fuldmagt).execute(&t.db).await.unwrap();
    sqlx::query("DELETE FROM dokumenter WHERE id = ?").bind(fuldmagt).execute(&t.db).await.unwrap();
    assert_eq!(t.fingerprint().await, before);

    // with the Fuldmagt verified, a closed granted case is accepted; the
    // documents are attached and the verifier recorded
    let mut body = relate(granted);
    body["fuldmagt_verificeret"] = json!(true);
    let done: CompleteResult = ok(t.post(&url, &pension, body).await).await;
    assert_eq!(done.beslutning.fuldmagt_verificeret_af, None, "no Fuldmagt left on the task");
    let linked: i64 =
        sqlx::query_scalar("SELECT count(*) FROM sag_dokumenter WHERE sag_id = ?").bind(granted).fetch_one(&t.db).await.unwrap();
    assert!(linked > 0);
}

/// A request that breaks several rules is refused for the same one as it
/// always was: its own values first (even on a task the caller has not
/// taken), then the wizard, then the chosen case, then the wizard's rules on
/// the task's documents.
#[tokio::test]
async fn the_order_of_refusals_is_stable() {
    let t = test_app().await;
    let pension = t.login("pension").await;
    let (task, borger) = t.free_post_task(0).await;
    let under = t.insert_case(borger, 2, true, "Under behandling (test)").await;
    let url = format!("/api/tasks/{task}/complete");
    let before = t.fingerprint().await;
    let empty_name =
        json!({"wizard": "modtag_post", "handling": {"type": "ingen_handling"}, "dokumenter": [{"dokument_id": 1, "navn": " "}]});
    assert_error(t.post(&url, &pension, empty_name).await, StatusCode::BAD_REQUEST, "ugyldig_beslutning").await;
    t.give(task, "pension").await;
    t.add_fuldmagt(task).await;
    let before_fuldmagt = t.fingerprint().await;
    let stop = json!({"wizard": "stop_sag", "sag_id": under, "stopdato": "2026-12-01", "aarsag": "Test"});
    assert_error(t.post(&url, &pension, stop).await, StatusCode::BAD_REQUEST, "forkert_guide").await;
    let relate = json!({"wizard": "modtag_post", "handling": {"type": "tilfoej_sagsrelation", "sag_id": under}});
    assert_error(t.post(&url, &pension, relate).await, StatusCode::BAD_REQUEST, "sag_ikke_tilladt").await;
    assert_eq!(t.fingerprint().await, before_fuldmagt);
    assert_ne!(before, before_fuldmagt, "the Fuldmagt was added");
}

#[tokio::test]
async fn fuldmagt_must_be_verified_and_the_verifier_is_recorded() {
    let t = test_app().await;
    let pension = t.login("pension").await;
    let (task, _) = t.free_post_task(1).await;
    t.add_fuldmagt(task).await;
    let _: ClaimResult = ok(t.claim(task, &pension).await).await;
    let detail: TaskDetail = ok(t.get(&format!("/api/tasks/{task}"), &pension).await).await;
    assert!(detail.kraever_fuldmagt);
    let url = format!("/api/tasks/{task}/complete");
    let before = t.fingerprint().await;
    let body = json!({"wizard": "modtag_post", "handling": {"type": "opret_henvendelsessag"}});
    assert_error(t.post(&url, &pension, body.clone()).await, StatusCode::BAD_REQUEST, "fuldmagt_ikke_verificeret").await;
    assert_eq!(t.fingerprint().await, before);
    let mut verified = body;
    verified["fuldmagt_verificeret"] = json!(true);
    let done: CompleteResult = ok(t.post(&url, &pension, verified).await).await;
    assert_eq!(done.beslutning.fuldmagt_verificeret_af.as_deref(), Some("Peter Pedersen"));
    let sag = done.ny_sag_id.unwrap();
    let (sagstype, docs): (i64, i64) =
        sqlx::query_as("SELECT s.sagstype, (SELECT count(*) FROM sag_dokumenter WHERE sag_id = s.id) FROM sager s WHERE s.id = ?")
            .bind(sag)
            .fetch_one(&t.db)
            .await
            .unwrap();
    assert_eq!(sagstype, 7, "Henvendelsessag");
    assert!(docs >= 1);
    let detail: TaskDetail = ok(t.get(&format!("/api/tasks/{task}"), &pension).await).await;
    assert_eq!(detail.beslutning.unwrap().fuldmagt_verificeret_af.as_deref(), Some("Peter Pedersen"));
}

#[tokio::test]
async fn stop_sag_refuses_passive_cases_and_stops_active_ones() {
    let t = test_app().await;
    let pension = t.login("pension").await;
    let (task, borger): (i64, i64) =
        sqlx::query_as("SELECT id, borger_id FROM opgaver WHERE relation = 1 AND status <> 4 ORDER BY id LIMIT 1")
            .fetch_one(&t.db)
            .await
            .unwrap();
    sqlx::query("UPDATE opgaver SET opgavetype = 4 WHERE id = ?").bind(task).execute(&t.db).await.unwrap(); // a Stop sag task
    t.give(task, "pension").await;
    let passive = t.insert_case(borger, 3, false, "Passiv").await;
    let active = t.insert_case(borger, 3, true, "Aktiv").await;
    let url = format!("/api/tasks/{task}/complete");
    let stop = |sag: i64| json!({"wizard": "stop_sag", "sag_id": sag, "stopdato": "2026-12-01", "aarsag": "Flyttet til udlandet"});
    let before = t.fingerprint().await;
    let e = assert_error(t.post(&url, &pension, stop(passive)).await, StatusCode::BAD_REQUEST, "sag_ikke_tilladt").await;
    assert_eq!(e.message, "Sagen er passiv. Stop sag kan kun vælge aktive sager.");
    assert_eq!(t.fingerprint().await, before);

    let _: CompleteResult = ok(t.post(&url, &pension, stop(active)).await).await;
    let (aktiv, status, stopdato): (bool, i64, Option<String>) =
        sqlx::query_as("SELECT aktiv, status, stopdato FROM sager WHERE id = ?").bind(active).fetch_one(&t.db).await.unwrap();
    assert_eq!((aktiv, status, stopdato.as_deref()), (false, 5, Some("2026-12-01")));
}

#[tokio::test]
async fn a_future_stop_keeps_the_case_active_and_granted_until_its_date() {
    let t = test_app().await;
    let pension = t.login("pension").await;
    let (task, borger): (i64, i64) =
        sqlx::query_as("SELECT id, borger_id FROM opgaver WHERE relation = 1 AND status <> 4 ORDER BY id LIMIT 1")
            .fetch_one(&t.db)
            .await
            .unwrap();
    sqlx::query("UPDATE opgaver SET opgavetype = 4 WHERE id = ?").bind(task).execute(&t.db).await.unwrap(); // a Stop sag task
    t.give(task, "pension").await;
    let sag = t.insert_case(borger, 3, true, "Bevilget sag").await;
    let later = server::clock::today() + chrono::Days::new(30);
    let stop = json!({"wizard": "stop_sag", "sag_id": sag, "stopdato": later.to_string(), "aarsag": "Flytter til udlandet"});
    let done: CompleteResult = ok(t.post(&format!("/api/tasks/{task}/complete"), &pension, stop).await).await;
    assert!(done.beslutning.valg.iter().any(|v| v.contains("stoppes pr.")), "{:?}", done.beslutning.valg);

    // Until the date: active, still Bevilget, selectable for Stop sag, with its stop date shown.
    let (aktiv, status, stopdato): (bool, i64, Option<String>) =
        sqlx::query_as("SELECT aktiv, status, stopdato FROM sager WHERE id = ?").bind(sag).fetch_one(&t.db).await.unwrap();
    assert_eq!((aktiv, status, stopdato), (true, 3, Some(later.to_string())));
    let sel: CaseSelection = ok(t.get(&format!("/api/citizens/{borger}/cases?process=stop_sag"), &pension).await).await;
    let chosen = sel.valgbare.iter().find(|s| s.id == sag).expect("still selectable");
    assert_eq!((chosen.aktiv, chosen.status, chosen.stopdato), (true, domain::model::SagStatus::Bevilget, Some(later)));

    // From the date the stop has taken effect, without any write.
    let today = server::clock::today();
    sqlx::query("UPDATE sager SET stopdato = ? WHERE id = ?").bind(today.to_string()).bind(sag).execute(&t.db).await.unwrap();
    let overview: CitizenOverview = ok(t.get(&format!("/api/citizens/{borger}"), &pension).await).await;
    let stopped = overview.sager.iter().find(|s| s.id == sag).unwrap();
    assert_eq!((stopped.aktiv, stopped.status), (false, domain::model::SagStatus::Afsluttet));
    let sel: CaseSelection = ok(t.get(&format!("/api/citizens/{borger}/cases?process=stop_sag"), &pension).await).await;
    assert!(sel.fravalgte.iter().any(|x| x.sag.id == sag));
}

#[tokio::test]
async fn opret_traek_and_follow_up_tasks() {
    let t = test_app().await;
    let pension = t.login("pension").await;
    let tasks: Vec<(i64, i64)> = sqlx::query_as("SELECT id, borger_id FROM opgaver WHERE relation = 1 AND status <> 4 ORDER BY id LIMIT 2")
        .fetch_all(&t.db)
        .await
        .unwrap();
    let (traek_task, borger) = tasks[0];
    sqlx::query("UPDATE opgaver SET opgavetype = 3 WHERE id = ?").bind(traek_task).execute(&t.db).await.unwrap(); // Opret træk
    t.give(traek_task, "pension").await;
    let granted = t.insert_case(borger, 3, true, "Bevilget").await;
    let body =
        json!({"wizard": "opret_traek", "sag_id": granted, "beloeb_oere": 12_550, "startdato": "2026-12-01", "frekvens": "maanedlig"});
    let done: CompleteResult = ok(t.post(&format!("/api/tasks/{traek_task}/complete"), &pension, body).await).await;
    assert!(done.beslutning.valg.iter().any(|v| v.contains("125,50 kr.")), "{:?}", done.beslutning.valg);
    let stored: (i64, i64) =
        sqlx::query_as("SELECT beloeb_oere, frekvens FROM traek WHERE sag_id = ?").bind(granted).fetch_one(&t.db).await.unwrap();
    assert_eq!(stored, (12_550, 2));

    // a follow-up task on a case under behandling (allowed for this process)
    let (task, borger) = tasks[1];
    sqlx::query("UPDATE opgaver SET opgavetype = 2 WHERE id = ?").bind(task).execute(&t.db).await.unwrap();
    t.give(task, "pension").await;
    let under = t.insert_case(borger, 2, false, "Under behandling").await;
    let body = json!({"wizard": "opret_opfoelgningsopgave", "sag_id": under, "opfoelgningstype": 6, "frist": "2099-01-01", "note": "Ring til borgeren"});
    let done: CompleteResult = ok(t.post(&format!("/api/tasks/{task}/complete"), &pension, body).await).await;
    let new = done.ny_opgave_id.unwrap();
    let row: (i64, Option<i64>, Option<i64>, Option<String>) =
        sqlx::query_as("SELECT opgavetype, opfoelgningstype, sag_id, frist FROM opgaver WHERE id = ?")
            .bind(new)
            .fetch_one(&t.db)
            .await
            .unwrap();
    assert_eq!(row, (11, Some(6), Some(under), Some("2099-01-01".into())));
}

#[tokio::test]
async fn citizens_lookup_overview_and_case_selector() {
    let t = test_app().await;
    let pension = t.login("pension").await;
    let lookup = |cpr: &str| json!({ "cpr": cpr });
    let e = assert_error(t.post("/api/citizens/search", &pension, lookup("12345")).await, StatusCode::BAD_REQUEST, "ugyldigt_cpr").await;
    assert_eq!(e.message, domain::Cpr::parse("12345").unwrap_err().0);
    assert_error(t.post("/api/citizens/search", &pension, lookup("320203-1234")).await, StatusCode::BAD_REQUEST, "ugyldigt_cpr").await;
    assert_error(t.post("/api/citizens/search", &pension, lookup(" ")).await, StatusCode::BAD_REQUEST, "ugyldigt_cpr").await;

    let (id, cpr): (i64, String) = sqlx::query_as("SELECT id, cpr FROM borgere ORDER BY id LIMIT 1").fetch_one(&t.db).await.unwrap();
    let dashed = format!("{}-{}", &cpr[..6], &cpr[6..]);
    for q in [cpr.clone(), dashed] {
        let b: Borger = ok(t.post("/api/citizens/search", &pension, lookup(&q)).await).await;
        assert_eq!(b.id, id);
    }
    let unknown = if cpr == "0101011234" { "0201011234" } else { "0101011234" };
    let known: i64 = sqlx::query_scalar("SELECT count(*) FROM borgere WHERE cpr = ?").bind(unknown).fetch_one(&t.db).await.unwrap();
    if known == 0 {
        assert_error(t.post("/api/citizens/search", &pension, lookup(unknown)).await, StatusCode::NOT_FOUND, "ikke_fundet").await;
    }

    let active = t.insert_case(id, 3, true, "Aktiv sag").await;
    let passive = t.insert_case(id, 3, false, "Passiv sag").await;
    let sel: CaseSelection = ok(t.get(&format!("/api/citizens/{id}/cases?process=stop_sag"), &pension).await).await;
    assert!(sel.valgbare.iter().any(|s| s.id == active));
    assert!(sel.valgbare.iter().all(|s| s.aktiv));
    let excluded = sel.fravalgte.iter().find(|x| x.sag.id == passive).unwrap();
    assert_eq!(excluded.aarsag, "Sagen er passiv. Stop sag kan kun vælge aktive sager.");
    assert_error(t.get(&format!("/api/citizens/{id}/cases?process=flyt_bjerge"), &pension).await, StatusCode::BAD_REQUEST, "ukendt_proces")
        .await;
    assert_error(t.get("/api/citizens/999999/cases?process=stop_sag", &pension).await, StatusCode::NOT_FOUND, "ikke_fundet").await;

    let overview: CitizenOverview = ok(t.get(&format!("/api/citizens/{id}"), &pension).await).await;
    assert_eq!(overview.borger.id, id);
    assert!(overview.sager.iter().any(|s| s.id == passive));
}

#[tokio::test]
async fn manual_post_accepts_pdf_and_xml_only() {
    let t = test_app().await;
    let pension = t.login("pension").await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM borgere ORDER BY id LIMIT 1").fetch_one(&t.db).await.unwrap();
    let url = format!("/api/citizens/{id}/post");
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let before = t.fingerprint().await;
    let bad = json!({"dokumenter": [{"navn": "virus.exe", "indhold_base64": b64(b"MZ\x90\x00")}]});
    let e = assert_error(t.post(&url, &pension, bad).await, StatusCode::BAD_REQUEST, "ugyldigt_dokument").await;
    assert!(e.message.contains("PDF"), "{}", e.message);
    // Judged by content: an HTML page or an SVG image named .xml is refused.
    for (navn, bytes) in [
        ("side.xml", &b"<!-- x --><!DOCTYPE html><html><script>alert(1)</script></html>"[..]),
        ("billede.xml", &b"<?xml version=\"1.0\"?>\n<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\"/>"[..]),
    ] {
        let bad = json!({"dokumenter": [{"navn": navn, "indhold_base64": b64(bytes)}]});
        let e = assert_error(t.post(&url, &pension, bad).await, StatusCode::BAD_REQUEST, "ugyldigt_dokument").await;
        assert!(e.message.contains(navn), "{}", e.message);
    }
    let not_b64 = json!({"dokumenter": [{"navn": "a.pdf", "indhold_base64": "%%%"}]});
    assert_error(t.post(&url, &pension, not_b64).await, StatusCode::BAD_REQUEST, "ugyldigt_dokument").await;
    assert_error(t.post(&url, &pension, json!({"dokumenter": []})).await, StatusCode::BAD_REQUEST, "ugyldigt_dokument").await;
    assert_eq!(t.fingerprint().await, before);

    let good = json!({"dokumenter": [
        {"navn": "Brev.pdf", "indhold_base64": b64(b"%PDF-1.7\n%...\n%%EOF\n")},
        {"navn": "Fuldmagt.xml", "indhold_base64": b64(b"<?xml version=\"1.0\"?><fuldmagt/>")},
    ]});
    let res = t.post(&url, &pension, good).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let task: i64 = json(res).await;
    let (opgavetype, kilde, borger): (i64, i64, i64) =
        sqlx::query_as("SELECT opgavetype, kilde, borger_id FROM opgaver WHERE id = ?").bind(task).fetch_one(&t.db).await.unwrap();
    assert_eq!((opgavetype, kilde, borger), (1, 4, id));
    let docs: Vec<(String, i64, Option<i64>, Vec<u8>)> = sqlx::query_as(
        "SELECT d.navn, d.format, d.kategori, i.indhold FROM dokumenter d JOIN opgave_dokumenter od ON od.dokument_id = d.id
         JOIN dokument_indhold i ON i.dokument_id = d.id WHERE od.opgave_id = ? ORDER BY d.id",
    )
    .bind(task)
    .fetch_all(&t.db)
    .await
    .unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!((docs[0].1, docs[0].2), (1, None));
    assert_eq!((docs[1].1, docs[1].2), (2, Some(2)), "XML, mapped to Fuldmagt");
    assert!(docs[0].3.starts_with(b"%PDF-"));
}

async fn count_tasks(db: &SqlitePool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM opgaver").fetch_one(db).await.unwrap()
}

#[tokio::test]
async fn start_task_from_the_overview_is_taken_by_the_caller_and_completes() {
    let t = test_app().await;
    // oekonomi: no package covers these tasks, so access comes from having
    // started them, with the rights to start them.
    t.grant("Økonomi", &[Permission::OpretTraek, Permission::StopSag, Permission::OpretOpfoelgningsopgave]).await;
    let user = t.login("oekonomi").await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM borgere ORDER BY id LIMIT 1").fetch_one(&t.db).await.unwrap();
    let url = format!("/api/citizens/{id}/tasks");
    let active = t.insert_case(id, 3, true, "Aktiv").await;
    let under = t.insert_case(id, 2, false, "Under behandling").await;
    let bodies = [
        (3, json!({"wizard": "opret_traek", "sag_id": active, "beloeb_oere": 10_000, "startdato": "2026-12-01", "frekvens": "maanedlig"})),
        (4, json!({"wizard": "stop_sag", "sag_id": active, "stopdato": "2026-12-01", "aarsag": "Flyttet til udlandet"})),
        (11, json!({"wizard": "opret_opfoelgningsopgave", "sag_id": under, "opfoelgningstype": 6, "frist": "2099-01-01", "note": ""})),
    ];
    for (opgavetype, complete) in bodies {
        let res = t.post(&url, &user, json!({ "opgavetype": opgavetype })).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let claim: ClaimResult = json(res).await;
        assert_eq!((claim.taget_af.as_str(), claim.taget_af_navn.as_str()), ("oekonomi", "Ole Jensen"));
        let row: (i64, i64, i64, i64, i64, Option<i64>) =
            sqlx::query_as("SELECT opgavetype, relation, kilde, status, borger_id, taget_af FROM opgaver WHERE id = ?")
                .bind(claim.opgave_id)
                .fetch_one(&t.db)
                .await
                .unwrap();
        assert_eq!(row, (opgavetype, 1, 4, 2, id, Some(t.user_id("oekonomi").await)));
        let detail: TaskDetail = ok(t.get(&format!("/api/tasks/{}", claim.opgave_id), &user).await).await;
        assert_eq!(detail.taget_af_navn.as_deref(), Some("Ole Jensen"));
        assert!(detail.historik.iter().any(|h| h.tekst == "Startet fra Borgeroverblik af Ole Jensen."), "{:?}", detail.historik);
        let _: CompleteResult = ok(t.post(&format!("/api/tasks/{}/complete", claim.opgave_id), &user, complete).await).await;
        let audited: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE handling = 4 AND opgave_id = ?")
            .bind(claim.opgave_id)
            .fetch_one(&t.db)
            .await
            .unwrap();
        assert_eq!(audited, 1);
    }
    let aktiv: bool = sqlx::query_scalar("SELECT aktiv FROM sager WHERE id = ?").bind(active).fetch_one(&t.db).await.unwrap();
    assert!(!aktiv, "Stop sag stopped the case");

    let before = t.fingerprint().await;
    let rows = count_tasks(&t.db).await;
    for bad in [1, 2, 999] {
        assert_error(t.post(&url, &user, json!({ "opgavetype": bad })).await, StatusCode::BAD_REQUEST, "opgavetype_ikke_tilladt").await;
    }
    assert_error(t.post("/api/citizens/999999/tasks", &user, json!({ "opgavetype": 4 })).await, StatusCode::NOT_FOUND, "ikke_fundet").await;
    let res = t
        .send(
            Request::post(&url)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(json!({ "opgavetype": 4 }).to_string()))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(count_tasks(&t.db).await, rows);
    assert_eq!(t.fingerprint().await, before);
}

#[tokio::test]
async fn manual_post_task_is_taken_by_the_uploader() {
    let t = test_app().await;
    t.grant("Økonomi", &[Permission::ModtagPost]).await;
    let user = t.login("oekonomi").await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM borgere ORDER BY id LIMIT 1").fetch_one(&t.db).await.unwrap();
    let pdf = base64::engine::general_purpose::STANDARD.encode(b"%PDF-1.7\n%...\n%%EOF\n");
    let res =
        t.post(&format!("/api/citizens/{id}/post"), &user, json!({"dokumenter": [{"navn": "Brev.pdf", "indhold_base64": pdf}]})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let task: i64 = json(res).await;
    let detail: TaskDetail = ok(t.get(&format!("/api/tasks/{task}"), &user).await).await;
    assert_eq!(detail.taget_af_navn.as_deref(), Some("Ole Jensen"));
    assert_eq!(detail.opgave.taget_af.as_deref(), Some("oekonomi"));
    assert_eq!(detail.opgave.status, domain::model::OpgaveStatus::IGang);
    assert_eq!(detail.dokumenter.len(), 1);
    let _: CompleteResult = ok(t
        .post(&format!("/api/tasks/{task}/complete"), &user, json!({"wizard": "modtag_post", "handling": {"type": "ingen_handling"}}))
        .await)
    .await;
}

#[tokio::test]
async fn audit_log_records_overviews_and_wizards_for_admins_only() {
    let t = test_app().await;
    let pension = t.login("pension").await;
    let admin = t.login("admin").await;
    let (id, cpr): (i64, String) = sqlx::query_as("SELECT id, cpr FROM borgere ORDER BY id LIMIT 1").fetch_one(&t.db).await.unwrap();
    let _: CitizenOverview = ok(t.get(&format!("/api/citizens/{id}"), &pension).await).await;
    let (task, borger) = t.free_post_task(0).await;
    let _: ClaimResult = ok(t.claim(task, &pension).await).await;
    let _: CompleteResult = ok(t
        .post(&format!("/api/tasks/{task}/complete"), &pension, json!({"wizard": "modtag_post", "handling": {"type": "ingen_handling"}}))
        .await)
    .await;

    assert_error(t.get("/api/audit", &pension).await, StatusCode::FORBIDDEN, "ingen_adgang").await;
    let res = t.get("/api/audit?page=1", &admin).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&body);
    assert!(!text.contains(&cpr) && !text.contains(&cpr[6..]), "no CPR in the audit log");
    let page: AuditPage = serde_json::from_slice(&body).unwrap();
    // The two logins are audited too.
    assert_eq!(page.total, 4);
    let casework: Vec<_> = page.poster.iter().filter(|e| e.handling != AuditAction::LoggetInd).collect();
    assert_eq!(casework.len(), 2);
    let done = casework[0];
    assert_eq!(
        (done.handling, done.borger_id, done.opgave_id, done.brugernavn.as_str()),
        (AuditAction::AfsluttetOpgave, Some(borger), Some(task), "pension")
    );
    let opened = casework[1];
    assert_eq!((opened.handling, opened.borger_id), (AuditAction::AabnetBorgeroverblik, Some(id)));
    assert_error(t.get("/api/audit?page=0", &admin).await, StatusCode::BAD_REQUEST, "ugyldig_forespoergsel").await;
}

#[tokio::test]
async fn task_detail_needs_a_package_or_the_task() {
    let t = test_app().await;
    let (task, _) = t.free_post_task(0).await;
    let oekonomi = t.login("oekonomi").await;
    // Being systemadministrator gives no access to casework: the same 404
    // as a task that does not exist.
    let admin = t.login("admin").await;
    let refused = assert_error(t.get(&format!("/api/tasks/{task}"), &admin).await, StatusCode::NOT_FOUND, "ikke_fundet").await;
    let unknown = assert_error(t.get("/api/tasks/999999", &admin).await, StatusCode::NOT_FOUND, "ikke_fundet").await;
    assert_eq!(refused, unknown);
    // Borgeropslag reads a borger's task (the Borgeroverblik links it) but does not take it.
    let d: TaskDetail = ok(t.get(&format!("/api/tasks/{task}"), &oekonomi).await).await;
    assert_eq!(d.opgave.id, task);
    assert_error(t.claim(task, &oekonomi).await, StatusCode::NOT_FOUND, "ikke_fundet").await;
    t.give(task, "oekonomi").await;
    let d: TaskDetail = ok(t.get(&format!("/api/tasks/{task}"), &oekonomi).await).await;
    assert_eq!(d.taget_af_navn.as_deref(), Some("Ole Jensen"));
}

#[tokio::test]
async fn openapi_describes_the_casework_routes() {
    let t = test_app().await;
    let pension = t.login("pension").await;
    let doc: Value = ok(t.get("/api/openapi.json", &pension).await).await;
    for path in [
        "/api/tasks/{id}/claim",
        "/api/packages/{key}/next",
        "/api/tasks/{id}",
        "/api/tasks/{id}/complete",
        "/api/citizens/search",
        "/api/citizens/{id}",
        "/api/citizens/{id}/cases",
        "/api/citizens/{id}/post",
        "/api/citizens/{id}/tasks",
        "/api/audit",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} missing from OpenAPI");
    }
    assert!(doc["components"]["schemas"].get("CompleteRequest").is_some());
}
