//! Casework API tests: taking tasks, "Næste opgave", finishing wizards,
//! citizens, the Sagsvælger and the audit log. Each test builds the app on a
//! fresh SQLite file with a small demo data set and calls it with `oneshot`.

use axum::body::Body;
use axum::http::{header, Request, Response, StatusCode};
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
use sqlx::AnyPool;

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
        sqlx::query("INSERT INTO opgave_dokumenter (opgave_id, dokument_id) VALUES ($1, $2)")
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
            sqlx::query(
                "INSERT INTO rolle_rettigheder (rolle_id, rettighed) SELECT id, $1 FROM roller WHERE navn = $2 ON CONFLICT DO NOTHING",
            )
            .bind(i64::from(p.code()))
            .bind(role)
            .execute(&self.db)
            .await
            .unwrap();
        }
    }

    async fn user_id(&self, username: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM brugere WHERE brugernavn = $1").bind(username).fetch_one(&self.db).await.unwrap()
    }

    /// Test setup: gives the task to the user directly, as if they had
    /// started it by hand (so they may finish it with the right to start
    /// it, whatever their packages hold).
    async fn give(&self, task: i64, username: &str) {
        let uid = self.user_id(username).await;
        sqlx::query("UPDATE opgaver SET taget_af = $1, startet_af = $1, status = 2 WHERE id = $2")
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
            "bevillingslinjer",
            "fakturaer",
            "faktura_bilag",
        ] {
            let text = if test_postgres().is_some() {
                format!("SELECT string_agg(t::text, ';' ORDER BY t::text) FROM {table} t")
            } else {
                let cols: Vec<String> =
                    sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')")).fetch_all(&self.db).await.unwrap();
                let row = cols.iter().map(|c| format!("quote({c})")).collect::<Vec<_>>().join("||','||");
                format!("SELECT group_concat({row}, ';') FROM (SELECT * FROM {table} ORDER BY 1)")
            };
            let dump: Option<String> = sqlx::query_scalar(&text).fetch_one(&self.db).await.unwrap();
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
             ORDER BY o.id LIMIT 1 OFFSET $1",
        )
        .bind(skip)
        .fetch_one(&self.db)
        .await
        .unwrap()
    }

    async fn insert_case(&self, borger: i64, status: i64, aktiv: bool, titel: &str) -> i64 {
        sqlx::query_scalar(
            "INSERT INTO sager (borger_id, sagstype, titel, status, aktiv, startdato, enhed) VALUES ($1, 3, $2, $3, $4, '2025-01-01', 1) RETURNING id",
        )
        .bind(borger)
        .bind(titel)
        .bind(status)
        .bind(i64::from(aktiv))
        .fetch_one(&self.db)
        .await
        .unwrap()
    }

    /// An open Opret bevilling task with a borger, given to the user, that
    /// carries an application and a refund request's documentation (both
    /// without a category, as they arrive); returns (task, borger,
    /// application, refund documentation).
    async fn grant_task(&self, username: &str, skip: i64) -> (i64, i64, i64, i64) {
        let (task, borger): (i64, i64) = sqlx::query_as(
            "SELECT id, borger_id FROM opgaver WHERE opgavetype = 2 AND relation = 1 AND status <> 4 ORDER BY id LIMIT 1 OFFSET $1",
        )
        .bind(skip)
        .fetch_one(&self.db)
        .await
        .unwrap();
        sqlx::query("UPDATE opgaver SET automatisk = 0 WHERE id = $1").bind(task).execute(&self.db).await.unwrap();
        self.give(task, username).await;
        let mut docs = Vec::new();
        for navn in ["Ansøgning (selvbetjening).pdf", "Anmodning – dokumentation for udgiften (selvbetjening).pdf"] {
            let d: i64 = sqlx::query_scalar("INSERT INTO dokumenter (navn, format, modtaget) VALUES ($1, 1, '2026-11-20') RETURNING id")
                .bind(navn)
                .fetch_one(&self.db)
                .await
                .unwrap();
            sqlx::query("INSERT INTO opgave_dokumenter (opgave_id, dokument_id) VALUES ($1, $2)")
                .bind(task)
                .bind(d)
                .execute(&self.db)
                .await
                .unwrap();
            docs.push(d);
        }
        (task, borger, docs[0], docs[1])
    }

    /// Test setup: the user's roles no longer give the right.
    async fn revoke(&self, username: &str, right: Permission) {
        sqlx::query(
            "DELETE FROM rolle_rettigheder WHERE rettighed = $1 AND rolle_id IN
               (SELECT rolle_id FROM bruger_roller WHERE bruger_id = (SELECT id FROM brugere WHERE brugernavn = $2))",
        )
        .bind(i64::from(right.code()))
        .bind(username)
        .execute(&self.db)
        .await
        .unwrap();
    }

    /// Test setup: an eFaktura task (Behandl eFaktura - EYAY) for the
    /// borger, given to the user, with the invoice document, two stored
    /// attachments and one that failed; returns (task, invoice document,
    /// attachments).
    async fn invoice_task(&self, username: &str, borger: i64) -> (i64, i64, Vec<i64>) {
        let task: i64 = sqlx::query_scalar(
            "INSERT INTO opgaver (opgavetype, relation, kilde, beloebsgodkendelse, enhed, borger_id, status, oprettet)
             VALUES (20, 1, 2, 0, 4, $1, 1, '2026-11-20') RETURNING id",
        )
        .bind(borger)
        .fetch_one(&self.db)
        .await
        .unwrap();
        self.give(task, username).await;
        let mut docs = Vec::new();
        for (navn, kategori) in [("eFaktura F-1 fra Optik.pdf", 3), ("Kvittering.pdf", 4), ("Recept.png", 4)] {
            let d: i64 = sqlx::query_scalar(
                "INSERT INTO dokumenter (navn, format, kategori, modtaget) VALUES ($1, 1, $2, '2026-11-20') RETURNING id",
            )
            .bind(navn)
            .bind(kategori)
            .fetch_one(&self.db)
            .await
            .unwrap();
            sqlx::query("INSERT INTO opgave_dokumenter (opgave_id, dokument_id) VALUES ($1, $2)")
                .bind(task)
                .bind(d)
                .execute(&self.db)
                .await
                .unwrap();
            docs.push(d);
        }
        let faktura: i64 = sqlx::query_scalar(
            "INSERT INTO fakturaer (borger_id, fakturanummer, leverandoer, beloeb_oere, dokument_id, opgave_id, attached_documents_failed,
                                    fejlede_bilag, modtaget)
             VALUES ($1, 'F-1', 'Optik', 125000, $2, $3, 1, '[{\"filnavn\":\"Skannet.tif\",\"fejl\":\"beskadiget\"}]', '2026-11-20T10:00:00+01:00')
             RETURNING id",
        )
        .bind(borger)
        .bind(docs[0])
        .bind(task)
        .fetch_one(&self.db)
        .await
        .unwrap();
        for &b in &docs[1..] {
            sqlx::query("INSERT INTO faktura_bilag (faktura_id, dokument_id) VALUES ($1, $2)")
                .bind(faktura)
                .bind(b)
                .execute(&self.db)
                .await
                .unwrap();
        }
        (task, docs[0], docs[1..].to_vec())
    }

    async fn case_documents(&self, sag: i64) -> Vec<(i64, String, Option<i64>)> {
        sqlx::query_as(
            "SELECT d.id, d.navn, d.kategori FROM dokumenter d JOIN sag_dokumenter sd ON sd.dokument_id = d.id WHERE sd.sag_id = $1 ORDER BY d.id",
        )
        .bind(sag)
        .fetch_all(&self.db)
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
        sqlx::query_as("SELECT u.navn, o.status FROM opgaver o JOIN brugere u ON u.id = o.taget_af WHERE o.id = $1")
            .bind(task)
            .fetch_one(&t.db)
            .await
            .unwrap();
    assert_eq!((holder.as_str(), status), (winner_name, 2));

    // idempotent for the holder; one history line only
    let holder_cookie = if winner_name == "Peter Pedersen" { &pension } else { &ydelse };
    let again: ClaimResult = ok(t.claim(task, holder_cookie).await).await;
    assert_eq!(again.opgave_id, task);
    let lines: i64 = sqlx::query_scalar("SELECT count(*) FROM opgave_historik WHERE opgave_id = $1 AND tekst LIKE 'Taget af%'")
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
    sqlx::query("UPDATE opgaver SET status = 4 WHERE id = $1").bind(other).execute(&t.db).await.unwrap();
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
         VALUES ($1, 'Opret bevilling (test)', $2, '2000-01-01', $3, '2026-01-01T00:00:00+01:00') RETURNING id",
    )
    .bind(pakke)
    .bind(serde_json::to_string(&filter).unwrap())
    .bind(admin)
    .fetch_one(&t.db)
    .await
    .unwrap();
    sqlx::query("INSERT INTO opgavepakke_roller (version_id, rolle_id) SELECT $1, id FROM roller WHERE navn = 'Pension og helbredstillæg'")
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
    // the answer carries the history with the finish as its last line
    assert!(
        done.historik.last().is_some_and(|h| h.tekst.starts_with("Afsluttet med") && h.bruger.as_deref() == Some("Peter Pedersen")),
        "{:?}",
        done.historik
    );
    let (opgavetype, nb, status, taget): (i64, i64, i64, Option<i64>) =
        sqlx::query_as("SELECT opgavetype, borger_id, status, taget_af FROM opgaver WHERE id = $1")
            .bind(new)
            .fetch_one(&t.db)
            .await
            .unwrap();
    assert_eq!((opgavetype, nb, status, taget), (2, borger, 1, None));
    let new_docs: Vec<i64> = sqlx::query_scalar("SELECT dokument_id FROM opgave_dokumenter WHERE opgave_id = $1 ORDER BY dokument_id")
        .bind(new)
        .fetch_all(&t.db)
        .await
        .unwrap();
    let mut want = docs.clone();
    want.sort();
    assert_eq!(new_docs, want);
    let post_status: i64 = sqlx::query_scalar("SELECT status FROM opgaver WHERE id = $1").bind(task).fetch_one(&t.db).await.unwrap();
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
    // what the finish answered is the history the task shows (the later
    // GET adds no line to it; opening is audited, not history)
    assert_eq!(detail.historik, done.historik);
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
    let other_borger: i64 =
        sqlx::query_scalar("SELECT id FROM borgere WHERE id <> $1 LIMIT 1").bind(borger).fetch_one(&t.db).await.unwrap();
    let foreign = t.insert_case(other_borger, 3, true, "Fremmed").await;
    let before_foreign = t.fingerprint().await;
    assert_error(t.post(&url, &pension, relate(foreign)).await, StatusCode::BAD_REQUEST, "sag_tilhoerer_anden_borger").await;
    assert_eq!(t.fingerprint().await, before_foreign);
    sqlx::query("DELETE FROM sager WHERE id = $1").bind(foreign).execute(&t.db).await.unwrap();
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
    sqlx::query("DELETE FROM opgave_dokumenter WHERE dokument_id = $1").bind(fuldmagt).execute(&t.db).await.unwrap();
    sqlx::query("DELETE FROM dokumenter WHERE id = $1").bind(fuldmagt).execute(&t.db).await.unwrap();
    assert_eq!(t.fingerprint().await, before);

    // with the Fuldmagt verified, a closed granted case is accepted; the
    // documents are attached and the verifier recorded
    let mut body = relate(granted);
    body["fuldmagt_verificeret"] = json!(true);
    let done: CompleteResult = ok(t.post(&url, &pension, body).await).await;
    assert_eq!(done.beslutning.fuldmagt_verificeret_af, None, "no Fuldmagt left on the task");
    let linked: i64 =
        sqlx::query_scalar("SELECT count(*) FROM sag_dokumenter WHERE sag_id = $1").bind(granted).fetch_one(&t.db).await.unwrap();
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
        sqlx::query_as("SELECT s.sagstype, (SELECT count(*) FROM sag_dokumenter WHERE sag_id = s.id) FROM sager s WHERE s.id = $1")
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
    sqlx::query("UPDATE opgaver SET opgavetype = 4 WHERE id = $1").bind(task).execute(&t.db).await.unwrap(); // a Stop sag task
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
    let (aktiv, status, stopdato): (i64, i64, Option<String>) =
        sqlx::query_as("SELECT aktiv, status, stopdato FROM sager WHERE id = $1").bind(active).fetch_one(&t.db).await.unwrap();
    assert_eq!((aktiv, status, stopdato.as_deref()), (0, 5, Some("2026-12-01")));
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
    sqlx::query("UPDATE opgaver SET opgavetype = 4 WHERE id = $1").bind(task).execute(&t.db).await.unwrap(); // a Stop sag task
    t.give(task, "pension").await;
    let sag = t.insert_case(borger, 3, true, "Bevilget sag").await;
    let later = server::clock::today() + chrono::Days::new(30);
    let stop = json!({"wizard": "stop_sag", "sag_id": sag, "stopdato": later.to_string(), "aarsag": "Flytter til udlandet"});
    let done: CompleteResult = ok(t.post(&format!("/api/tasks/{task}/complete"), &pension, stop).await).await;
    assert!(done.beslutning.valg.iter().any(|v| v.contains("stoppes pr.")), "{:?}", done.beslutning.valg);

    // Until the date: active, still Bevilget, selectable for Stop sag, with its stop date shown.
    let (aktiv, status, stopdato): (i64, i64, Option<String>) =
        sqlx::query_as("SELECT aktiv, status, stopdato FROM sager WHERE id = $1").bind(sag).fetch_one(&t.db).await.unwrap();
    assert_eq!((aktiv, status, stopdato), (1, 3, Some(later.to_string())));
    let sel: CaseSelection = ok(t.get(&format!("/api/citizens/{borger}/cases?process=stop_sag"), &pension).await).await;
    let chosen = sel.valgbare.iter().find(|s| s.id == sag).expect("still selectable");
    assert_eq!((chosen.aktiv, chosen.status, chosen.stopdato), (true, domain::model::SagStatus::Bevilget, Some(later)));

    // From the date the stop has taken effect, without any write.
    let today = server::clock::today();
    sqlx::query("UPDATE sager SET stopdato = $1 WHERE id = $2").bind(today.to_string()).bind(sag).execute(&t.db).await.unwrap();
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
    sqlx::query("UPDATE opgaver SET opgavetype = 3 WHERE id = $1").bind(traek_task).execute(&t.db).await.unwrap(); // Opret træk
    t.give(traek_task, "pension").await;
    let granted = t.insert_case(borger, 3, true, "Bevilget").await;
    let body =
        json!({"wizard": "opret_traek", "sag_id": granted, "beloeb_oere": 12_550, "startdato": "2026-12-01", "frekvens": "maanedlig"});
    let done: CompleteResult = ok(t.post(&format!("/api/tasks/{traek_task}/complete"), &pension, body).await).await;
    assert!(done.beslutning.valg.iter().any(|v| v.contains("125,50 kr.")), "{:?}", done.beslutning.valg);
    let stored: (i64, i64) =
        sqlx::query_as("SELECT beloeb_oere, frekvens FROM traek WHERE sag_id = $1").bind(granted).fetch_one(&t.db).await.unwrap();
    assert_eq!(stored, (12_550, 2));

    // a follow-up task on a case under behandling (allowed for this process)
    let (task, borger) = tasks[1];
    sqlx::query("UPDATE opgaver SET opgavetype = 5 WHERE id = $1").bind(task).execute(&t.db).await.unwrap(); // Ret bevilling
    t.give(task, "pension").await;
    let under = t.insert_case(borger, 2, false, "Under behandling").await;
    let body = json!({"wizard": "opret_opfoelgningsopgave", "sag_id": under, "opfoelgningstype": 6, "frist": "2099-01-01", "note": "Ring til borgeren"});
    let done: CompleteResult = ok(t.post(&format!("/api/tasks/{task}/complete"), &pension, body).await).await;
    let new = done.ny_opgave_id.unwrap();
    let row: (i64, Option<i64>, Option<i64>, Option<String>) =
        sqlx::query_as("SELECT opgavetype, opfoelgningstype, sag_id, frist FROM opgaver WHERE id = $1")
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
    let known: i64 = sqlx::query_scalar("SELECT count(*) FROM borgere WHERE cpr = $1").bind(unknown).fetch_one(&t.db).await.unwrap();
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
    let before = t.fingerprint().await;
    let e = assert_error(
        t.send(post_documents(id, &pension, &[("virus.exe", &b"MZ\x90\x00"[..])])).await,
        StatusCode::BAD_REQUEST,
        "ugyldigt_dokument",
    )
    .await;
    assert!(e.message.contains("PDF"), "{}", e.message);
    // Judged by content: an HTML page or an SVG image named .xml is refused.
    for (navn, bytes) in [
        ("side.xml", &b"<!-- x --><!DOCTYPE html><html><script>alert(1)</script></html>"[..]),
        ("billede.xml", &b"<?xml version=\"1.0\"?>\n<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\"/>"[..]),
    ] {
        let e =
            assert_error(t.send(post_documents(id, &pension, &[(navn, bytes)])).await, StatusCode::BAD_REQUEST, "ugyldigt_dokument").await;
        assert!(e.message.contains(navn), "{}", e.message);
    }
    // Over 10 MB: refused by name, although the part was not kept.
    let big = vec![b' '; domain::casework::documents::MAX_UPLOAD_BYTES + 1];
    let e =
        assert_error(t.send(post_documents(id, &pension, &[("stor.pdf", &big[..])])).await, StatusCode::BAD_REQUEST, "ugyldigt_dokument")
            .await;
    assert!(e.message.contains("stor.pdf") && e.message.contains("10 MB"), "{}", e.message);
    assert_error(t.send(post_documents(id, &pension, &[])).await, StatusCode::BAD_REQUEST, "ugyldigt_dokument").await;
    // Not multipart, a part of another name, a part without a file name,
    // more than five documents.
    assert_error(t.post(&format!("/api/citizens/{id}/post"), &pension, json!({})).await, StatusCode::BAD_REQUEST, "ugyldig_multipart")
        .await;
    let pdf = b"%PDF-1.7\n%...\n%%EOF\n".to_vec();
    for parts in [vec![("bilag", Some("a.pdf"), pdf.clone())], vec![("dokument", None, pdf.clone())]] {
        let req = axum::http::Request::post(format!("/api/citizens/{id}/post"))
            .header(header::COOKIE, &pension)
            .header("x-requested-with", "opgavepakker")
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
            .body(Body::from(multipart_body(&parts)))
            .unwrap();
        assert_error(t.send(req).await, StatusCode::BAD_REQUEST, "ugyldig_multipart").await;
    }
    // A form on another page can send the same body with the cookie, but
    // not the header.
    let mut forged = post_documents(id, &pension, &[("Brev.pdf", &pdf[..])]);
    forged.headers_mut().remove("x-requested-with");
    let e = assert_error(t.send(forged).await, StatusCode::BAD_REQUEST, "ugyldig_multipart").await;
    assert!(e.message.contains("X-Requested-With"), "{}", e.message);
    let six: Vec<(&str, &[u8])> = (0..6).map(|_| ("Brev.pdf", &pdf[..])).collect();
    assert_error(t.send(post_documents(id, &pension, &six)).await, StatusCode::PAYLOAD_TOO_LARGE, "for_stor").await;
    assert_eq!(t.fingerprint().await, before);

    let res =
        t.send(post_documents(id, &pension, &[("Brev.pdf", &pdf[..]), ("Fuldmagt.xml", &b"<?xml version=\"1.0\"?><fuldmagt/>"[..])])).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let task: i64 = json(res).await;
    let (opgavetype, kilde, borger): (i64, i64, i64) =
        sqlx::query_as("SELECT opgavetype, kilde, borger_id FROM opgaver WHERE id = $1").bind(task).fetch_one(&t.db).await.unwrap();
    assert_eq!((opgavetype, kilde, borger), (1, 4, id));
    let docs: Vec<(String, i64, Option<i64>, Vec<u8>)> = sqlx::query_as(
        "SELECT d.navn, d.format, d.kategori, i.indhold FROM dokumenter d JOIN opgave_dokumenter od ON od.dokument_id = d.id
         JOIN dokument_indhold i ON i.dokument_id = d.id WHERE od.opgave_id = $1 ORDER BY d.id",
    )
    .bind(task)
    .fetch_all(&t.db)
    .await
    .unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!((docs[0].1, docs[0].2), (1, None));
    // Seed 001: the form mapping names and categorises a document when it
    // reaches a case, not on arrival.
    assert_eq!((docs[1].1, docs[1].2), (2, None), "XML, no category until it reaches a case");
    assert!(docs[0].3.starts_with(b"%PDF-"));
}

async fn count_tasks(db: &AnyPool) -> i64 {
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
            sqlx::query_as("SELECT opgavetype, relation, kilde, status, borger_id, taget_af FROM opgaver WHERE id = $1")
                .bind(claim.opgave_id)
                .fetch_one(&t.db)
                .await
                .unwrap();
        assert_eq!(row, (opgavetype, 1, 4, 2, id, Some(t.user_id("oekonomi").await)));
        let detail: TaskDetail = ok(t.get(&format!("/api/tasks/{}", claim.opgave_id), &user).await).await;
        assert_eq!(detail.taget_af_navn.as_deref(), Some("Ole Jensen"));
        assert!(detail.historik.iter().any(|h| h.tekst == "Startet fra Borgeroverblik af Ole Jensen."), "{:?}", detail.historik);
        // Started again while unfinished: the same task, nothing new.
        let again = t.post(&url, &user, json!({ "opgavetype": opgavetype })).await;
        assert_eq!(again.status(), StatusCode::OK);
        assert_eq!(json::<ClaimResult>(again).await.opgave_id, claim.opgave_id);
        let _: CompleteResult = ok(t.post(&format!("/api/tasks/{}/complete", claim.opgave_id), &user, complete).await).await;
        // Once finished, a new start is a new task.
        let new = t.post(&url, &user, json!({ "opgavetype": opgavetype })).await;
        assert_eq!(new.status(), StatusCode::CREATED);
        assert_ne!(json::<ClaimResult>(new).await.opgave_id, claim.opgave_id);
        let audited: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE handling = 4 AND opgave_id = $1")
            .bind(claim.opgave_id)
            .fetch_one(&t.db)
            .await
            .unwrap();
        assert_eq!(audited, 1);
    }
    let aktiv: i64 = sqlx::query_scalar("SELECT aktiv FROM sager WHERE id = $1").bind(active).fetch_one(&t.db).await.unwrap();
    assert_eq!(aktiv, 0, "Stop sag stopped the case");

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
async fn a_process_that_could_never_be_finished_is_not_started() {
    let t = test_app().await;
    t.grant("Økonomi", &[Permission::OpretTraek, Permission::StopSag, Permission::OpretOpfoelgningsopgave]).await;
    let user = t.login("oekonomi").await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM borgere ORDER BY id LIMIT 1 OFFSET 3").fetch_one(&t.db).await.unwrap();
    // Every case of the borger closed and passive: Opret træk and Stop sag
    // (and their follow-up task) may choose none of them.
    sqlx::query("UPDATE sager SET aktiv = 0, status = 5 WHERE borger_id = $1").bind(id).execute(&t.db).await.unwrap();
    let closed = t.insert_case(id, 5, false, "Lukket sag").await;
    let url = format!("/api/citizens/{id}/tasks");
    let before = t.fingerprint().await;
    for opgavetype in [3, 4] {
        let e =
            assert_error(t.post(&url, &user, json!({ "opgavetype": opgavetype })).await, StatusCode::CONFLICT, "ingen_valgbar_sag").await;
        assert!(e.message.starts_with("Borgeren har ingen sager, som "), "{}", e.message);
        assert!(e.message.contains("Sagen er passiv."), "{}", e.message);
    }
    assert_eq!(t.fingerprint().await, before, "nothing is created");
    // A follow-up task can be finished without a case: it starts.
    assert_eq!(t.post(&url, &user, json!({ "opgavetype": 11 })).await.status(), StatusCode::CREATED);
    // With an active case, Opret træk starts.
    sqlx::query("UPDATE sager SET aktiv = 1, status = 3 WHERE id = $1").bind(closed).execute(&t.db).await.unwrap();
    assert_eq!(t.post(&url, &user, json!({ "opgavetype": 3 })).await.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn manual_post_task_is_taken_by_the_uploader() {
    let t = test_app().await;
    t.grant("Økonomi", &[Permission::ModtagPost]).await;
    let user = t.login("oekonomi").await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM borgere ORDER BY id LIMIT 1").fetch_one(&t.db).await.unwrap();
    let res = t.send(post_documents(id, &user, &[("Brev.pdf", &b"%PDF-1.7\n%...\n%%EOF\n"[..])])).await;
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

/// borger, sagstype, ydelse, titel, status, aktiv, startdato, enhed, pensionstype
type CaseRow = (i64, i64, Option<i64>, String, i64, i64, Option<String>, i64, Option<i64>);

fn grant_body(dokumenter: Value) -> Value {
    json!({
        "wizard": "opret_bevilling",
        "sagsoplysninger": { "sagstype": 4, "ydelse": 17, "enhed": 3, "startdato": "2026-12-01" },
        "ydelser": [
            { "ydelse": 17, "beloeb_oere": 150_000, "fra": "2026-12-01", "til": "2027-11-30" },
            { "ydelse": 18, "beloeb_oere": 45_050, "fra": "2027-01-01" },
        ],
        "dokumenter": dokumenter,
    })
}

#[tokio::test]
async fn opret_bevilling_creates_the_case_and_its_lines_and_moves_the_documents_to_it() {
    let t = test_app().await;
    let pension = t.login("pension").await;
    let (task, borger, ansoegning, refusion) = t.grant_task("pension", 0).await;
    let detail: TaskDetail = ok(t.get(&format!("/api/tasks/{task}"), &pension).await).await;
    assert_eq!(detail.wizard, domain::casework::complete::Wizard::OpretBevilling);
    // The form mapping as valid today: the application is mapped, the
    // refund request deliberately not.
    assert!(detail.mapning.iter().any(|m| m.dokument_id == ansoegning && m.navn == "Ansøgning" && m.kategori == 1), "{:?}", detail.mapning);
    assert!(!detail.mapning.iter().any(|m| m.dokument_id == refusion));
    let edit = json!([{ "dokument_id": refusion, "navn": "Regning fra optiker", "kategori": 3 }]);
    let done: CompleteResult = ok(t.post(&format!("/api/tasks/{task}/complete"), &pension, grant_body(edit)).await).await;
    let sag = done.ny_sag_id.expect("a new case");
    let row: CaseRow =
        sqlx::query_as("SELECT borger_id, sagstype, ydelse, titel, status, aktiv, startdato, enhed, pensionstype FROM sager WHERE id = $1")
            .bind(sag)
            .fetch_one(&t.db)
            .await
            .unwrap();
    assert_eq!(row, (borger, 4, Some(17), "Udvidet helbredstillæg – briller".into(), 3, 1, Some("2026-12-01".into()), 3, None));
    let lines: Vec<(i64, i64, String, Option<String>, i64)> =
        sqlx::query_as("SELECT ydelse, beloeb_oere, fra, til, opgave_id FROM bevillingslinjer WHERE sag_id = $1 ORDER BY id")
            .bind(sag)
            .fetch_all(&t.db)
            .await
            .unwrap();
    assert_eq!(
        lines,
        vec![(17, 150_000, "2026-12-01".into(), Some("2027-11-30".into()), task), (18, 45_050, "2027-01-01".into(), None, task)]
    );
    // Every document of the task is on the case, named and categorised there.
    let on_case = t.case_documents(sag).await;
    let task_docs: Vec<i64> = detail.dokumenter.iter().map(|d| d.id).collect();
    assert_eq!(on_case.iter().map(|d| d.0).collect::<Vec<_>>(), task_docs);
    assert!(on_case.contains(&(ansoegning, "Ansøgning".into(), Some(1))), "{on_case:?}");
    assert!(on_case.contains(&(refusion, "Regning fra optiker".into(), Some(3))), "{on_case:?}");
    let (status, task_sag): (i64, Option<i64>) =
        sqlx::query_as("SELECT status, sag_id FROM opgaver WHERE id = $1").bind(task).fetch_one(&t.db).await.unwrap();
    assert_eq!((status, task_sag), (4, Some(sag)));
    assert!(done.beslutning.valg.iter().any(|v| v.contains("1.500,00 kr. fra 01.12.2026 til 30.11.2027")), "{:?}", done.beslutning.valg);

    // The case is in the Borgeroverblik with its documents, and in the
    // Sagsvælger under each process's rule.
    let overview: CitizenOverview = ok(t.get(&format!("/api/citizens/{borger}"), &pension).await).await;
    assert!(overview.sager.iter().any(|s| s.id == sag && s.startdato.map(|d| d.to_string()) == Some("2026-12-01".into())));
    assert!(overview.dokumenter.iter().any(|d| d.id == refusion && d.navn == "Regning fra optiker"));
    for (process, valgbar) in
        [("tilfoej_ydelse", true), ("opret_traek", true), ("behandl_efaktura", true), ("modtag_post_sagsrelation", true)]
    {
        let sel: CaseSelection = ok(t.get(&format!("/api/citizens/{borger}/cases?process={process}"), &pension).await).await;
        assert_eq!(sel.valgbare.iter().any(|s| s.id == sag), valgbar, "{process}");
    }
}

#[tokio::test]
async fn opret_bevilling_needs_its_right_refuses_bad_input_and_a_failing_step_writes_nothing() {
    let t = test_app().await;
    let pension = t.login("pension").await;
    let (task, _, _, refusion) = t.grant_task("pension", 0).await;
    let url = format!("/api/tasks/{task}/complete");
    let before = t.fingerprint().await;

    t.revoke("pension", Permission::OpretBevilling).await;
    let e = assert_error(t.post(&url, &pension, grant_body(json!([]))).await, StatusCode::FORBIDDEN, "mangler_rettighed").await;
    assert!(e.message.contains("Opret bevilling"), "{}", e.message);
    assert_eq!(t.fingerprint().await, before);
    t.grant("Pension og helbredstillæg", &[Permission::OpretBevilling]).await;

    let mut no_lines = grant_body(json!([]));
    no_lines["ydelser"] = json!([]);
    let mut foreign_line = grant_body(json!([]));
    foreign_line["ydelser"][1]["ydelse"] = json!(1);
    let mut early = grant_body(json!([]));
    early["ydelser"][0]["fra"] = json!("2026-11-30");
    let mut automatic = grant_body(json!([]));
    automatic["automatisk"] = json!(true);
    let mut henvendelse = grant_body(json!([]));
    henvendelse["sagsoplysninger"]["sagstype"] = json!(7);
    let bad = [
        (no_lines, "ugyldig_beslutning", "Tilføj mindst én ydelse til bevillingen."),
        (foreign_line, "ukendt_ydelse", "Vælg en ydelse, der hører til sagstypen Udvidet helbredstillæg."),
        (early, "ugyldig_periode", "Perioden kan ikke begynde før bevillingens startdato 01.12.2026."),
        (automatic, "automatisk_ikke_opsat", "Automatisk sagsbehandling er ikke slået til for sagstypen. Behandl sagen manuelt."),
        (henvendelse, "ukendt_sagstype", "Vælg en sagstype, der kan bevilges (ikke henvendelsessag eller administration)."),
        (
            grant_body(json!([{ "dokument_id": refusion, "navn": "" }])),
            "ugyldig_beslutning",
            "Et dokuments nye navn skal være 1 til 200 tegn.",
        ),
        (
            grant_body(json!([{ "dokument_id": 999_999, "navn": "X" }])),
            "ukendt_dokument",
            "Et af dokumenterne hører ikke til opgaven. Genindlæs opgaven, og prøv igen.",
        ),
    ];
    for (body, code, message) in bad {
        let e = assert_error(t.post(&url, &pension, body).await, StatusCode::BAD_REQUEST, code).await;
        assert_eq!(e.message, message);
        assert_eq!(t.fingerprint().await, before, "{code}");
    }
    let res = t.post(&url, &pension, json!({ "wizard": "opret_bevilling", "sagsoplysninger": { "sagstype": "fire" } })).await;
    let e = assert_error(res, StatusCode::UNPROCESSABLE_ENTITY, "ugyldig_json").await;
    assert_eq!(e.message, "Forespørgslen mangler felter eller har felter med forkert type.");

    // The documents step fails after the case and its lines are written:
    // the whole transaction is rolled back.
    t.fail_on("sag_dokumenter", "INSERT").await;
    let res = t.post(&url, &pension, grant_body(json!([]))).await;
    assert!(res.status().is_server_error(), "{}", res.status());
    t.stop_failing().await;
    assert_eq!(t.fingerprint().await, before, "nothing of the failed Afslut is left");
    let done: CompleteResult = ok(t.post(&url, &pension, grant_body(json!([]))).await).await;
    assert!(done.ny_sag_id.is_some());
}

#[tokio::test]
async fn opret_bevilling_hands_the_case_to_automatic_processing_where_it_is_set_up() {
    let t = test_app().await;
    let pension = t.login("pension").await;
    let value = serde_json::to_string(&domain::intake::ParameterValue::AutomatiskSagsbehandling(vec![4])).unwrap();
    sqlx::query(
        "INSERT INTO systemparameter_versioner (noegle, vaerdi, gyldig_fra, oprettet_af, oprettet)
         VALUES ('automatisk_sagsbehandling', $1, '2000-01-01', (SELECT id FROM brugere WHERE brugernavn = 'admin'), '2000-01-01T00:00:00+01:00')",
    )
    .bind(value)
    .execute(&t.db)
    .await
    .unwrap();
    let (task, borger, _, _) = t.grant_task("pension", 0).await;
    let detail: TaskDetail = ok(t.get(&format!("/api/tasks/{task}"), &pension).await).await;
    assert_eq!(detail.automatisk_sagstyper, vec![4]);
    let mut body = grant_body(json!([]));
    body["automatisk"] = json!(true);
    let done: CompleteResult = ok(t.post(&format!("/api/tasks/{task}/complete"), &pension, body).await).await;
    let sag = done.ny_sag_id.unwrap();
    let status: i64 = sqlx::query_scalar("SELECT status FROM sager WHERE id = $1").bind(sag).fetch_one(&t.db).await.unwrap();
    assert_eq!(status, 2, "under behandling while automatic processing has it");
    let formue: Option<i64> = sqlx::query_scalar("SELECT beloeb_oere FROM borger_formue WHERE borger_id = $1 AND gyldig_fra <= $2 LIMIT 1")
        .bind(borger)
        .bind(server::clock::today().to_string())
        .fetch_optional(&t.db)
        .await
        .unwrap();
    let new = done.ny_opgave_id.expect("the automatic task");
    let row: (i64, Option<i64>, i64, i64, Option<String>) =
        sqlx::query_as("SELECT opgavetype, sag_id, status, automatisk, udfald_aarsag FROM opgaver WHERE id = $1")
            .bind(new)
            .fetch_one(&t.db)
            .await
            .unwrap();
    match formue {
        None => assert_eq!(row, (2, Some(sag), 3, 1, None), "waits for the formue"),
        Some(_) => assert_eq!((row.0, row.1, row.2, row.3), (2, Some(sag), 1, 0), "falls out to manual work"),
    }
    // Automatic processing is not set up for Almindeligt helbredstillæg.
    let (task, _, _, _) = t.grant_task("pension", 1).await;
    let mut body = grant_body(json!([]));
    body["automatisk"] = json!(true);
    body["sagsoplysninger"]["sagstype"] = json!(3);
    body["sagsoplysninger"]["ydelse"] = json!(14);
    body["ydelser"] = json!([{ "ydelse": 14, "beloeb_oere": 100, "fra": "2026-12-01" }]);
    assert_error(t.post(&format!("/api/tasks/{task}/complete"), &pension, body).await, StatusCode::BAD_REQUEST, "automatisk_ikke_opsat")
        .await;
}

#[tokio::test]
async fn tilfoej_ydelse_from_handlinger_adds_lines_to_a_granted_case() {
    let t = test_app().await;
    let pension = t.login("pension").await;
    let borger: i64 = sqlx::query_scalar("SELECT id FROM borgere ORDER BY id LIMIT 1").fetch_one(&t.db).await.unwrap();
    let granted = t.insert_case(borger, 3, true, "Almindeligt helbredstillæg").await; // sagstype 3, from 2025-01-01
    let passive = t.insert_case(borger, 3, false, "Passiv").await;
    let started: ClaimResult = json(t.post(&format!("/api/citizens/{borger}/tasks"), &pension, json!({ "opgavetype": 9 })).await).await;
    let url = format!("/api/tasks/{}/complete", started.opgave_id);
    let detail: TaskDetail = ok(t.get(&format!("/api/tasks/{}", started.opgave_id), &pension).await).await;
    assert_eq!(detail.wizard, domain::casework::complete::Wizard::TilfoejYdelse);
    let body = |sag: i64, ydelse: u16, fra: &str| json!({ "wizard": "tilfoej_ydelse", "sag_id": sag, "ydelser": [{ "ydelse": ydelse, "beloeb_oere": 32_000, "fra": fra }] });
    let before = t.fingerprint().await;
    let bad = [
        (body(granted, 17, "2026-12-01"), "ukendt_ydelse", "Vælg en ydelse, der hører til sagstypen Almindeligt helbredstillæg."),
        (body(granted, 14, "2024-12-31"), "ugyldig_periode", "Perioden kan ikke begynde før bevillingens startdato 01.01.2025."),
        (body(passive, 14, "2026-12-01"), "sag_ikke_tilladt", "Sagen er passiv. Tilføj ydelse til bevilling kan kun vælge aktive sager."),
        (body(999_999, 14, "2026-12-01"), "ukendt_sag", "Den valgte sag findes ikke."),
    ];
    for (b, code, message) in bad {
        let e = assert_error(t.post(&url, &pension, b).await, StatusCode::BAD_REQUEST, code).await;
        assert_eq!(e.message, message);
    }
    assert_eq!(t.fingerprint().await, before);
    // A failing step leaves no line behind.
    t.fail_on("opgave_beslutninger", "INSERT").await;
    assert!(t.post(&url, &pension, body(granted, 14, "2026-12-01")).await.status().is_server_error());
    t.stop_failing().await;
    assert_eq!(t.fingerprint().await, before);

    let done: CompleteResult = ok(t.post(&url, &pension, body(granted, 14, "2026-12-01")).await).await;
    assert!(done.beslutning.valg.iter().any(|v| v.contains("Almindeligt helbredstillæg – medicin: 320,00 kr. fra 01.12.2026.")));
    let lines: Vec<(i64, i64, String)> = sqlx::query_as("SELECT ydelse, beloeb_oere, fra FROM bevillingslinjer WHERE sag_id = $1")
        .bind(granted)
        .fetch_all(&t.db)
        .await
        .unwrap();
    assert_eq!(lines, vec![(14, 32_000, "2026-12-01".into())]);
}

#[tokio::test]
async fn behandl_efaktura_links_the_invoice_and_its_attachments_to_the_case_with_the_decision() {
    let t = test_app().await;
    let pension = t.login("pension").await;
    let borger: i64 = sqlx::query_scalar("SELECT id FROM borgere ORDER BY id LIMIT 1").fetch_one(&t.db).await.unwrap();
    let sag = t.insert_case(borger, 3, true, "Almindeligt helbredstillæg").await;
    let (task, invoice, bilag) = t.invoice_task("pension", borger).await;
    let detail: TaskDetail = ok(t.get(&format!("/api/tasks/{task}"), &pension).await).await;
    assert_eq!(detail.wizard, domain::casework::complete::Wizard::BehandlEfaktura);
    let faktura = detail.faktura.expect("the invoice");
    assert!(faktura.attached_documents_failed && faktura.fejlede_bilag[0].filnavn == "Skannet.tif");
    let url = format!("/api/tasks/{task}/complete");
    let godkend = json!({ "wizard": "behandl_efaktura", "sag_id": sag, "afgoerelse": { "type": "godkend" } });

    t.revoke("pension", Permission::BehandlEfaktura).await;
    assert_error(t.post(&url, &pension, godkend.clone()).await, StatusCode::FORBIDDEN, "mangler_rettighed").await;
    t.grant("Pension og helbredstillæg", &[Permission::BehandlEfaktura]).await;
    let no_reason = json!({ "wizard": "behandl_efaktura", "sag_id": sag, "afgoerelse": { "type": "afvis", "aarsag": " " } });
    let e = assert_error(t.post(&url, &pension, no_reason).await, StatusCode::BAD_REQUEST, "ugyldig_beslutning").await;
    assert_eq!(e.message, "Skriv en begrundelse for, at fakturaen afvises.");
    let passive = t.insert_case(borger, 3, false, "Passiv").await;
    // (the new case is setup, not an effect)
    let before = t.fingerprint().await;
    let e = assert_error(
        t.post(&url, &pension, json!({ "wizard": "behandl_efaktura", "sag_id": passive, "afgoerelse": { "type": "godkend" } })).await,
        StatusCode::BAD_REQUEST,
        "sag_ikke_tilladt",
    )
    .await;
    assert_eq!(e.message, "Sagen er passiv. Behandl eFaktura kan kun vælge aktive sager.");
    // The decision fails after the documents went on the case: nothing stays.
    t.fail_on("fakturaer", "UPDATE").await;
    assert!(t.post(&url, &pension, godkend.clone()).await.status().is_server_error());
    t.stop_failing().await;
    assert_eq!(t.fingerprint().await, before);

    let done: CompleteResult = ok(t.post(&url, &pension, godkend).await).await;
    assert!(done.beslutning.valg.iter().any(|v| v.starts_with("Fakturaen og 2 bilag er knyttet til sagen")), "{:?}", done.beslutning.valg);
    let on_case: Vec<i64> = t.case_documents(sag).await.into_iter().map(|d| d.0).collect();
    assert_eq!(on_case, [vec![invoice], bilag].concat());
    let decided: (Option<i64>, Option<i64>, Option<String>) =
        sqlx::query_as("SELECT sag_id, afgoerelse, afvisningsaarsag FROM fakturaer WHERE opgave_id = $1")
            .bind(task)
            .fetch_one(&t.db)
            .await
            .unwrap();
    assert_eq!(decided, (Some(sag), Some(1), None));

    // Refused with a reason.
    let (task, _, _) = t.invoice_task("pension", borger).await;
    let afvis =
        json!({ "wizard": "behandl_efaktura", "sag_id": sag, "afgoerelse": { "type": "afvis", "aarsag": "Udgiften er ikke dækket." } });
    let _: CompleteResult = ok(t.post(&format!("/api/tasks/{task}/complete"), &pension, afvis).await).await;
    let decided: (Option<i64>, Option<String>) = sqlx::query_as("SELECT afgoerelse, afvisningsaarsag FROM fakturaer WHERE opgave_id = $1")
        .bind(task)
        .fetch_one(&t.db)
        .await
        .unwrap();
    assert_eq!(decided, (Some(2), Some("Udgiften er ikke dækket.".into())));
}

#[tokio::test]
async fn every_demo_behandl_efaktura_task_has_its_invoice_to_decide() {
    use domain::catalog::task_type::{BEHANDL_EFAKTURA_APOE, BEHANDL_EFAKTURA_EYAY};
    let t = test_app().await;
    let types = format!("({BEHANDL_EFAKTURA_APOE}, {BEHANDL_EFAKTURA_EYAY})");
    let tasks: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM opgaver WHERE opgavetype IN {types} AND borger_id IS NOT NULL"))
        .fetch_one(&t.db)
        .await
        .unwrap();
    assert!(tasks > 0, "the demo has eFaktura tasks");
    // Each such task has one invoice, of its borger, whose document and
    // attachments are the task's.
    let without: i64 = sqlx::query_scalar(&format!(
        "SELECT count(*) FROM opgaver o WHERE o.opgavetype IN {types} AND o.borger_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM fakturaer f JOIN opgave_dokumenter od ON od.opgave_id = f.opgave_id AND od.dokument_id = f.dokument_id
                         WHERE f.opgave_id = o.id AND f.borger_id = o.borger_id)"
    ))
    .fetch_one(&t.db)
    .await
    .unwrap();
    assert_eq!(without, 0, "every demo Behandl eFaktura task has its invoice");
    let stray: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM faktura_bilag fb JOIN fakturaer f ON f.id = fb.faktura_id
         WHERE NOT EXISTS (SELECT 1 FROM opgave_dokumenter od WHERE od.opgave_id = f.opgave_id AND od.dokument_id = fb.dokument_id)",
    )
    .fetch_one(&t.db)
    .await
    .unwrap();
    assert_eq!(stray, 0, "an invoice's attachments are its task's documents");
    // The task page has it, and a new invoice from the intake gets the next id.
    let (task, pension) = (
        sqlx::query_scalar::<_, i64>(&format!(
            "SELECT min(opgave_id) FROM fakturaer f JOIN opgaver o ON o.id = f.opgave_id WHERE o.opgavetype IN {types}"
        ))
        .fetch_one(&t.db)
        .await
        .unwrap(),
        t.login("pension").await,
    );
    let detail: TaskDetail = ok(t.get(&format!("/api/tasks/{task}"), &pension).await).await;
    let faktura = detail.faktura.expect("the invoice");
    assert!(detail.dokumenter.iter().any(|d| d.navn == format!("eFaktura {}.xml", faktura.fakturanummer)), "{:?}", detail.dokumenter);
    assert!(faktura.beloeb_oere > 0 && !faktura.leverandoer.is_empty());
    let borger: i64 = sqlx::query_scalar("SELECT id FROM borgere ORDER BY id LIMIT 1").fetch_one(&t.db).await.unwrap();
    t.invoice_task("pension", borger).await;
}
