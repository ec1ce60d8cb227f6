//! Intake API tests: the three source-system endpoints end to end against
//! a real SQLite file (every routing decision, events, eFaktura), their
//! auth, idempotency and refusals (nothing written), the credentials and
//! parameters admin API, the live lists' ETags, and the invoice export.

use axum::body::Body;
use axum::http::{header, Method, Request, Response, StatusCode};
use chrono::NaiveDate;
use domain::catalog::{case_type, doc_category, followup_type, task_type};
use domain::codes;
use domain::intake::{AttachmentFault, ParameterDraft, ParameterValue, ParameterVersion};
use domain::model::OpgaveStatus;
use domain::wire::audit::AuditAction;
use domain::wire::citizens::CitizenOverview;
use domain::wire::intake::{CreatedCredential, Credential, EventsAnswer, IntakeAnswer, InvoiceAnswer, SourceKind};
use domain::wire::tasks::TaskDetail;
use serde_json::{json, Value};
use std::collections::HashMap;

mod common;
use common::*;

/// Tables an intake writes: equal counts before and after = nothing written.
const TABLES: &[&str] = &[
    "opgaver",
    "dokumenter",
    "dokument_indhold",
    "opgave_dokumenter",
    "opgave_historik",
    "intake_beskeder",
    "fakturaer",
    "faktura_bilag",
    "haendelser",
    "borger_formue",
    "sager",
];

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
const XML: &[u8] = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><blanketsignatur/>";
const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 1, 0xFF, 0xD9];
/// A JPEG cut off before its end marker.
const DAMAGED_JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 1, 2, 3];

fn today() -> NaiveDate {
    server::clock::today()
}

struct Intake {
    t: TestApp,
    tokens: HashMap<&'static str, String>,
    admin: String,
    /// A caseworker with Borgeropslag who holds nothing: reads borgere
    /// and their tasks (the systemadministrator has no casework rights).
    reader: String,
}

fn meta(besked_id: &str, formular: &str, cpr: &str, sagstype: u16, paa_vegne_af: bool) -> Vec<u8> {
    json!({ "besked_id": besked_id, "formular": formular, "cpr": cpr, "sagstype": sagstype, "paa_vegne_af": paa_vegne_af })
        .to_string()
        .into_bytes()
}

/// An application's usual parts: the metadata, the PDF and its signature.
fn application(besked_id: &str, formular: &str, cpr: &str, sagstype: u16) -> Vec<PartSpec<'static>> {
    vec![
        ("indsendelse", None, meta(besked_id, formular, cpr, sagstype, false)),
        ("hoveddokument", Some("ansoegning.pdf"), PDF.to_vec()),
        ("blanketsignatur", Some("signatur.xml"), XML.to_vec()),
    ]
}

impl Intake {
    async fn new() -> Intake {
        Intake::with(test_app().await).await
    }

    async fn with(t: TestApp) -> Intake {
        let created = server::http::credentials::rotate_demo_credentials(&t.ctx.store).await.unwrap();
        let mut tokens = HashMap::new();
        for c in created {
            let k = match c.credential.kind {
                SourceKind::Selvbetjening => "selvbetjening",
                SourceKind::Efaktura => "efaktura",
                SourceKind::Haendelser => "haendelser",
            };
            tokens.insert(k, c.token);
        }
        let admin = t.login("admin").await;
        let reader = t.login("ydelse").await;
        Intake { t, tokens, admin, reader }
    }

    async fn post_multipart(&self, uri: &str, token: Option<&str>, body: Vec<u8>) -> Response<Body> {
        let mut b = Request::post(uri).header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"));
        if let Some(t) = token {
            b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        self.t.send(b.body(Body::from(body)).unwrap()).await
    }

    async fn submit(&self, parts: &[PartSpec<'_>]) -> Response<Body> {
        self.post_multipart("/api/intake/selvbetjening", Some(&self.tokens["selvbetjening"]), multipart_body(parts)).await
    }

    async fn submit_ok(&self, parts: &[PartSpec<'_>]) -> IntakeAnswer {
        let res = self.submit(parts).await;
        assert_eq!(res.status(), StatusCode::OK);
        json(res).await
    }

    async fn events(&self, token: &str, body: Value) -> Response<Body> {
        self.t
            .send(
                Request::post("/api/intake/haendelser")
                    .header(header::AUTHORIZATION, format!("Bearer {token}"))
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(body.to_string()))
                    .unwrap(),
            )
            .await
    }

    async fn formue(&self, besked_id: &str, cpr: &str, beloeb_oere: i64) -> EventsAnswer {
        let body = json!({ "besked_id": besked_id, "haendelser": [
            { "type": "formue", "cpr": cpr, "beloeb_oere": beloeb_oere, "gyldig_fra": today().to_string() }
        ]});
        let res = self.events(&self.tokens["haendelser"], body).await;
        assert_eq!(res.status(), StatusCode::OK);
        json(res).await
    }

    async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(&format!("SELECT count(*) FROM {table}")).fetch_one(&self.t.db).await.unwrap()
    }

    async fn counts(&self) -> Vec<(String, i64)> {
        let mut out = Vec::new();
        for t in TABLES {
            out.push((t.to_string(), self.count(t).await));
        }
        out
    }

    /// A new borger with a CPR number no demo borger has; (id, cpr).
    async fn borger(&self) -> (i64, String) {
        for n in 0.. {
            let cpr = format!("3112{:06}", 990_000 + n);
            let exists: i64 =
                sqlx::query_scalar("SELECT count(*) FROM borgere WHERE cpr = $1").bind(&cpr).fetch_one(&self.t.db).await.unwrap();
            if exists == 0 {
                let id: i64 = sqlx::query_scalar("INSERT INTO borgere (cpr, navn) VALUES ($1, 'Test Testesen') RETURNING id")
                    .bind(&cpr)
                    .fetch_one(&self.t.db)
                    .await
                    .unwrap();
                return (id, cpr);
            }
        }
        unreachable!()
    }

    async fn case(&self, borger_id: i64, sagstype: u16, status: u8) -> i64 {
        sqlx::query_scalar(
            "INSERT INTO sager (borger_id, sagstype, titel, status, aktiv, enhed) VALUES ($1, $2, 'Testsag', $3, 1, 3) RETURNING id",
        )
        .bind(borger_id)
        .bind(i64::from(sagstype))
        .bind(i64::from(status))
        .fetch_one(&self.t.db)
        .await
        .unwrap()
    }

    /// An open Opret bevilling for the borger of the sagstype (manual).
    async fn opret_bevilling(&self, borger_id: i64, sagstype: u16, status: OpgaveStatus) -> i64 {
        sqlx::query_scalar(
            "INSERT INTO opgaver (opgavetype, relation, kilde, beloebsgodkendelse, enhed, borger_id, status, oprettet, sagstype)
             VALUES ($1, 1, 4, 0, 3, $2, $3, $4, $5) RETURNING id",
        )
        .bind(i64::from(task_type::OPRET_BEVILLING))
        .bind(borger_id)
        .bind(i64::from(status.code()))
        .bind(today().to_string())
        .bind(i64::from(sagstype))
        .fetch_one(&self.t.db)
        .await
        .unwrap()
    }

    /// (opgavetype, kilde, status, automatisk, udfald_aarsag) of a task.
    async fn task(&self, id: i64) -> (i64, i64, i64, bool, Option<String>) {
        let (opgavetype, kilde, status, automatisk, aarsag): (i64, i64, i64, i64, Option<String>) =
            sqlx::query_as("SELECT opgavetype, kilde, status, automatisk, udfald_aarsag FROM opgaver WHERE id = $1")
                .bind(id)
                .fetch_one(&self.t.db)
                .await
                .unwrap();
        (opgavetype, kilde, status, automatisk != 0, aarsag)
    }

    async fn documents_of(&self, task: i64) -> Vec<(String, i64, Option<i64>)> {
        sqlx::query_as(
            "SELECT d.navn, d.format, d.kategori FROM dokumenter d JOIN opgave_dokumenter od ON od.dokument_id = d.id
             WHERE od.opgave_id = $1 ORDER BY d.id",
        )
        .bind(task)
        .fetch_all(&self.t.db)
        .await
        .unwrap()
    }

    async fn in_snapshot(&self, task: i64) -> bool {
        // Intake patches the snapshot in the background: wait for it.
        self.t.ctx.snapshot.settle(&self.t.ctx.store).await.unwrap();
        let cached = self.t.ctx.snapshot.get(&self.t.ctx.store).await.unwrap();
        cached.live.position(task).is_some()
    }

    async fn set_parameter(&self, value: ParameterValue, key: &str) -> Response<Body> {
        let draft = ParameterDraft { value, aendringsaarsag: "Test".into(), gyldig_fra: today(), gyldig_til: None };
        let versions = self.t.call(Method::GET, &format!("/api/parameters/{key}/versions"), Some(&self.admin), None, None).await;
        let tag = versions.headers()[header::ETAG].to_str().unwrap().to_owned();
        self.t
            .call(
                Method::POST,
                &format!("/api/parameters/{key}"),
                Some(&self.admin),
                Some(&tag),
                Some(serde_json::to_value(&draft).unwrap()),
            )
            .await
    }

    async fn automatic_for(&self, sagstyper: Vec<u16>) {
        let res = self.set_parameter(ParameterValue::AutomatiskSagsbehandling(sagstyper), "automatisk_sagsbehandling").await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
}

// ------------------------------------------------------------ auth

#[tokio::test]
async fn a_missing_unknown_or_revoked_token_is_401_and_another_kind_403() {
    let i = Intake::new().await;
    let (_, cpr) = i.borger().await;
    let body = || multipart_body(&application("auth-1", "ansoegning", &cpr, case_type::UDVIDET_HELBREDSTILLAEG));
    let before = i.counts().await;
    let uri = "/api/intake/selvbetjening";
    assert_error(i.post_multipart(uri, None, body()).await, StatusCode::UNAUTHORIZED, "ugyldig_noegle").await;
    assert_error(i.post_multipart(uri, Some("opk_ukendt"), body()).await, StatusCode::UNAUTHORIZED, "ugyldig_noegle").await;
    // A session cookie is no credential here.
    let res =
        i.t.send(
            Request::post(uri)
                .header(header::COOKIE, &i.admin)
                .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
                .body(Body::from(body()))
                .unwrap(),
        )
        .await;
    assert_error(res, StatusCode::UNAUTHORIZED, "ugyldig_noegle").await;
    assert_error(i.post_multipart(uri, Some(&i.tokens["efaktura"]), body()).await, StatusCode::FORBIDDEN, "forkert_kilde").await;
    let res = i.events(&i.tokens["selvbetjening"], json!({ "besked_id": "x", "haendelser": [] })).await;
    assert_error(res, StatusCode::FORBIDDEN, "forkert_kilde").await;

    // Revoked by the admin API: 401 from then on.
    let list: Vec<Credential> = json(i.t.call(Method::GET, "/api/admin/credentials", Some(&i.admin), None, None).await).await;
    let own = list.iter().find(|c| c.kind == SourceKind::Selvbetjening && c.tilbagekaldt.is_none()).unwrap();
    let res = i.t.call(Method::POST, &format!("/api/admin/credentials/{}/revoke", own.id), Some(&i.admin), None, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let revoked: Credential = json(res).await;
    assert!(revoked.tilbagekaldt.is_some());
    assert_error(i.submit(&application("auth-2", "ansoegning", &cpr, 4)).await, StatusCode::UNAUTHORIZED, "ugyldig_noegle").await;
    assert_eq!(i.counts().await, before, "a refused intake writes nothing");
    // Revoking it again changes nothing, and the audit log has the one revocation.
    let res = i.t.call(Method::POST, &format!("/api/admin/credentials/{}/revoke", own.id), Some(&i.admin), None, None).await;
    assert_eq!(json::<Credential>(res).await.tilbagekaldt, revoked.tilbagekaldt);
    let logged: Vec<String> = sqlx::query_scalar("SELECT detaljer FROM audit_log WHERE handling = $1")
        .bind(AuditAction::TilbagekaldtKildesystem.code() as i64)
        .fetch_all(&i.t.db)
        .await
        .unwrap();
    assert_eq!(logged, vec![format!("»{}« (Selvbetjening), nøgle {}", own.navn, own.id)]);
}

#[tokio::test]
async fn credentials_are_created_shown_once_hashed_and_admin_only() {
    let i = Intake::new().await;
    let res = i
        .t
        .call(Method::POST, "/api/admin/credentials", Some(&i.admin), None, Some(json!({ "navn": "Borger.dk", "kind": "selvbetjening" })))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: CreatedCredential = json(res).await;
    assert!(created.token.starts_with("opk_") && created.token.len() == 4 + 43, "{}", created.token);
    let stored: Vec<u8> = sqlx::query_scalar("SELECT token_hash FROM kildesystemer WHERE id = $1")
        .bind(created.credential.id)
        .fetch_one(&i.t.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), 32, "only a SHA-256 is stored");
    // The audit log names the new credential, never its token.
    let logged: Vec<String> = sqlx::query_scalar("SELECT detaljer FROM audit_log WHERE handling = $1")
        .bind(AuditAction::OprettetKildesystem.code() as i64)
        .fetch_all(&i.t.db)
        .await
        .unwrap();
    assert_eq!(logged, vec![format!("»Borger.dk« (Selvbetjening), nøgle {}", created.credential.id)]);
    assert!(!String::from_utf8_lossy(&stored).contains(&created.token[4..]));
    let listed = i.t.call(Method::GET, "/api/admin/credentials", Some(&i.admin), None, None).await;
    let text = String::from_utf8(bytes(listed).await).unwrap();
    assert!(text.contains("Borger.dk") && !text.contains(&created.token), "the list never shows a token");
    // The new token works.
    let (_, cpr) = i.borger().await;
    let res = i
        .post_multipart("/api/intake/selvbetjening", Some(&created.token), multipart_body(&application("ny-1", "ansoegning", &cpr, 4)))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // The same name while in force: 409.
    let res =
        i.t.call(Method::POST, "/api/admin/credentials", Some(&i.admin), None, Some(json!({ "navn": "Borger.dk", "kind": "efaktura" })))
            .await;
    let e = assert_error(res, StatusCode::CONFLICT, "findes_allerede").await;
    assert!(e.message.starts_with("Der findes allerede et kildesystem med navnet »Borger.dk«"), "{}", e.message);
    // Caseworkers may not.
    let pension = i.t.login("pension").await;
    let res = i.t.call(Method::GET, "/api/admin/credentials", Some(&pension), None, None).await;
    assert_error(res, StatusCode::FORBIDDEN, "ingen_adgang").await;
    let res =
        i.t.call(Method::POST, "/api/admin/credentials", Some(&pension), None, Some(json!({ "navn": "X", "kind": "efaktura" }))).await;
    assert_error(res, StatusCode::FORBIDDEN, "ingen_adgang").await;
}

#[tokio::test]
async fn rotating_the_demo_credentials_revokes_only_the_earlier_demo_ones() {
    let i = Intake::new().await;
    // An admin's own credential whose name merely starts like a demo one.
    let res =
        i.t.call(
            Method::POST,
            "/api/admin/credentials",
            Some(&i.admin),
            None,
            Some(json!({ "navn": "Demo (mit system)", "kind": "efaktura" })),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let own: CreatedCredential = json(res).await;
    let again = server::http::credentials::rotate_demo_credentials(&i.t.ctx.store).await.unwrap();
    assert_eq!(again.len(), 3);
    let list: Vec<Credential> = json(i.t.call(Method::GET, "/api/admin/credentials", Some(&i.admin), None, None).await).await;
    let own_now = list.iter().find(|c| c.id == own.credential.id).unwrap();
    assert!(own_now.tilbagekaldt.is_none(), "an admin's credential is never revoked by the demo rotation");
    let in_force_demo = list.iter().filter(|c| c.tilbagekaldt.is_none() && c.navn.starts_with("Demo (") && c.id != own.credential.id);
    assert_eq!(in_force_demo.count(), 3, "only this start's demo credentials are in force");
    // The earlier demo token no longer works.
    let (_, cpr) = i.borger().await;
    let res = i.submit(&application("rot-1", "ansoegning", &cpr, 4)).await;
    assert_error(res, StatusCode::UNAUTHORIZED, "ugyldig_noegle").await;
}

#[tokio::test]
async fn caseworkers_may_not_revoke_or_change_parameters_and_an_unknown_credential_is_404() {
    let i = Intake::new().await;
    let pension = i.t.login("pension").await;
    let list: Vec<Credential> = json(i.t.call(Method::GET, "/api/admin/credentials", Some(&i.admin), None, None).await).await;
    let id = list.iter().find(|c| c.tilbagekaldt.is_none()).unwrap().id;
    let res = i.t.call(Method::POST, &format!("/api/admin/credentials/{id}/revoke"), Some(&pension), None, None).await;
    assert_error(res, StatusCode::FORBIDDEN, "ingen_adgang").await;
    let still: Vec<Credential> = json(i.t.call(Method::GET, "/api/admin/credentials", Some(&i.admin), None, None).await).await;
    assert!(still.iter().find(|c| c.id == id).unwrap().tilbagekaldt.is_none(), "a refused revoke changes nothing");
    let key = "automatisk_sagsbehandling";
    let res = i.t.call(Method::GET, &format!("/api/parameters/{key}/versions"), Some(&pension), None, None).await;
    assert_error(res, StatusCode::FORBIDDEN, "ingen_adgang").await;
    let rows = i.count("systemparameter_versioner").await;
    let draft = ParameterDraft {
        value: ParameterValue::AutomatiskSagsbehandling(vec![case_type::UDVIDET_HELBREDSTILLAEG]),
        aendringsaarsag: "Test".into(),
        gyldig_fra: today(),
        gyldig_til: None,
    };
    let res = i
        .t
        .call(Method::POST, &format!("/api/parameters/{key}"), Some(&pension), Some("\"0\""), Some(serde_json::to_value(&draft).unwrap()))
        .await;
    assert_error(res, StatusCode::FORBIDDEN, "ingen_adgang").await;
    assert_eq!(i.count("systemparameter_versioner").await, rows);
    let res = i.t.call(Method::POST, "/api/admin/credentials/987654/revoke", Some(&i.admin), None, None).await;
    assert_error(res, StatusCode::NOT_FOUND, "ikke_fundet").await;
}

#[tokio::test]
async fn the_bearer_scheme_is_case_insensitive_spaces_are_tolerated_and_a_token_needs_its_prefix() {
    let i = Intake::new().await;
    let (_, cpr) = i.borger().await;
    let token = i.tokens["selvbetjening"].clone();
    let send = |auth: String, besked_id: &'static str| {
        let body = multipart_body(&application(besked_id, "ansoegning", &cpr, 4));
        i.t.send(
            Request::post("/api/intake/selvbetjening")
                .header(header::AUTHORIZATION, auth)
                .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
                .body(Body::from(body))
                .unwrap(),
        )
    };
    assert_eq!(send(format!("bearer {token}"), "b-1").await.status(), StatusCode::OK);
    assert_eq!(send(format!("  BEARER    {token}  "), "b-2").await.status(), StatusCode::OK);
    let before = i.counts().await;
    let without_prefix = token.trim_start_matches("opk_").to_owned();
    for auth in [format!("Bearer {without_prefix}"), format!("Basic {token}"), format!("Bearer{token}"), "Bearer".to_owned(), token.clone()]
    {
        assert_error(send(auth.clone(), "b-3").await, StatusCode::UNAUTHORIZED, "ugyldig_noegle").await;
    }
    assert_eq!(i.counts().await, before);
}

// ------------------------------------------------------------ refusals

#[tokio::test]
async fn malformed_oversize_unknown_and_invalid_submissions_write_nothing() {
    let i = Intake::new().await;
    let (_, cpr) = i.borger().await;
    let before = i.counts().await;
    let token = i.tokens["selvbetjening"].clone();
    let uri = "/api/intake/selvbetjening";

    // Not multipart at all, and a body cut off in the middle.
    let res =
        i.t.send(
            Request::post(uri)
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{}"))
                .unwrap(),
        )
        .await;
    assert_error(res, StatusCode::BAD_REQUEST, "ugyldig_multipart").await;
    let mut cut = multipart_body(&application("m-1", "ansoegning", &cpr, 4));
    cut.truncate(cut.len() - 30);
    assert_error(i.post_multipart(uri, Some(&token), cut).await, StatusCode::BAD_REQUEST, "ugyldig_multipart").await;
    // An unknown part, a document without file name, metadata that is not JSON.
    let mut parts = application("m-2", "ansoegning", &cpr, 4);
    parts.push(("noget_andet", Some("x.pdf"), PDF.to_vec()));
    assert_error(i.submit(&parts).await, StatusCode::BAD_REQUEST, "ugyldig_multipart").await;
    let parts = vec![("indsendelse", None, meta("m-3", "ansoegning", &cpr, 4, false)), ("hoveddokument", None, PDF.to_vec())];
    assert_error(i.submit(&parts).await, StatusCode::BAD_REQUEST, "ugyldig_multipart").await;
    let parts = vec![("indsendelse", None, b"{ikke json".to_vec()), ("hoveddokument", Some("a.pdf"), PDF.to_vec())];
    assert_error(i.submit(&parts).await, StatusCode::BAD_REQUEST, "ugyldig_multipart").await;

    // A part over 10 MiB: 413.
    let mut big = PDF.to_vec();
    big.resize(10 * 1024 * 1024 + 1, b' ');
    let mut parts = application("m-4", "ansoegning", &cpr, 4);
    parts.push(("bilag", Some("stor.pdf"), big));
    assert_error(i.submit(&parts).await, StatusCode::PAYLOAD_TOO_LARGE, "for_stor").await;
    // Parts within their limit, but over 25 MiB together: 413.
    let mut parts = application("m-4b", "ansoegning", &cpr, 4);
    let mut nine = PDF.to_vec();
    nine.resize(9 * 1024 * 1024, b' ');
    for name in ["a.pdf", "b.pdf", "c.pdf"] {
        parts.push(("bilag", Some(name), nine.clone()));
    }
    assert_error(i.submit(&parts).await, StatusCode::PAYLOAD_TOO_LARGE, "for_stor").await;

    // Unknown CPR, an invalid CPR, no hoveddokument, a damaged document.
    let parts = application("m-5", "ansoegning", "3112999999", 4);
    assert_error(i.submit(&parts).await, StatusCode::UNPROCESSABLE_ENTITY, "ukendt_borger").await;
    let parts = application("m-6", "ansoegning", "12345", 4);
    assert_error(i.submit(&parts).await, StatusCode::UNPROCESSABLE_ENTITY, "ugyldig_indsendelse").await;
    let parts = vec![("indsendelse", None, meta("m-7", "ansoegning", &cpr, 4, false)), ("bilag", Some("a.pdf"), PDF.to_vec())];
    assert_error(i.submit(&parts).await, StatusCode::UNPROCESSABLE_ENTITY, "ugyldig_indsendelse").await;
    let parts =
        vec![("indsendelse", None, meta("m-8", "ansoegning", &cpr, 4, false)), ("hoveddokument", Some("a.jpg"), DAMAGED_JPEG.to_vec())];
    assert_error(i.submit(&parts).await, StatusCode::UNPROCESSABLE_ENTITY, "ugyldigt_bilag").await;
    // On behalf of another without a Fuldmagt.
    let parts = vec![("indsendelse", None, meta("m-9", "ansoegning", &cpr, 4, true)), ("hoveddokument", Some("a.pdf"), PDF.to_vec())];
    assert_error(i.submit(&parts).await, StatusCode::UNPROCESSABLE_ENTITY, "ugyldig_indsendelse").await;

    // Events: an unknown CPR among known ones refuses the whole message.
    let (_, known) = i.borger().await;
    let before_events = i.counts().await;
    let body = json!({ "besked_id": "e-1", "haendelser": [
        { "type": "formue", "cpr": known, "beloeb_oere": 100, "gyldig_fra": today().to_string() },
        { "type": "formue", "cpr": "3112999999", "beloeb_oere": 100, "gyldig_fra": today().to_string() },
    ]});
    let e = assert_error(i.events(&i.tokens["haendelser"], body).await, StatusCode::UNPROCESSABLE_ENTITY, "ukendt_borger").await;
    assert!(e.message.starts_with("Hændelse 2: "), "the refusal names the event: {}", e.message);
    // A financing-municipality event with an empty municipality: 422.
    let body = json!({ "besked_id": "e-2", "haendelser": [
        { "type": "finansieringskommune", "cpr": known, "gammel": "", "ny": "Demo Kommune" },
    ]});
    let e = assert_error(i.events(&i.tokens["haendelser"], body).await, StatusCode::UNPROCESSABLE_ENTITY, "ugyldig_indsendelse").await;
    assert!(e.message.starts_with("Hændelse 1: "), "{}", e.message);
    assert_eq!(i.counts().await, before_events);
    assert_eq!(&i.counts().await[..], &before[..], "no refused intake wrote anything");
}

#[tokio::test]
async fn too_many_parts_a_large_or_wrong_json_part_and_too_many_at_once_are_refused() {
    let i = Intake::new().await;
    let (_, cpr) = i.borger().await;
    let before = i.counts().await;
    // Self-service: the metadata and at most 20 documents.
    let mut parts = application("p-1", "ansoegning", &cpr, 4);
    for n in 0..19 {
        parts.push(("bilag", Some(if n % 2 == 0 { "a.pdf" } else { "b.pdf" }), PDF.to_vec()));
    }
    assert_eq!(parts.len(), 22);
    let e = assert_error(i.submit(&parts).await, StatusCode::PAYLOAD_TOO_LARGE, "for_stor").await;
    assert!(e.message.contains("21 dele"), "{}", e.message);
    // eFaktura: the metadata, the invoice and at most 50 attachments.
    let mut bilag = Vec::new();
    for _ in 0..51 {
        bilag.push(("bilag", Some("b.pdf"), PDF.to_vec()));
    }
    let body = multipart_body(&invoice_parts("p-2", &cpr, bilag));
    let res = i.post_multipart("/api/intake/efaktura", Some(&i.tokens["efaktura"]), body).await;
    let e = assert_error(res, StatusCode::PAYLOAD_TOO_LARGE, "for_stor").await;
    assert!(e.message.contains("52 dele"), "{}", e.message);
    // A JSON part over 64 KiB: 413, not 400.
    let mut huge = meta("p-3", "ansoegning", &cpr, 4, false);
    huge.truncate(huge.len() - 1);
    huge.extend_from_slice(format!(", \"fyld\": \"{}\"}}", "x".repeat(65 * 1024)).as_bytes());
    let parts = vec![("indsendelse", None, huge), ("hoveddokument", Some("a.pdf"), PDF.to_vec())];
    assert_error(i.submit(&parts).await, StatusCode::PAYLOAD_TOO_LARGE, "for_stor").await;
    // JSON of the wrong shape: a fixed message that never quotes a value.
    let wrong =
        json!({ "besked_id": "p-4", "formular": "ansoegning", "cpr": cpr.parse::<u64>().unwrap(), "sagstype": 4, "paa_vegne_af": false });
    let parts = vec![("indsendelse", None, wrong.to_string().into_bytes()), ("hoveddokument", Some("a.pdf"), PDF.to_vec())];
    let e = assert_error(i.submit(&parts).await, StatusCode::BAD_REQUEST, "ugyldig_multipart").await;
    assert!(!e.message.contains(&cpr[..6]), "the message quotes the value: {}", e.message);
    // Every permit taken: the next intake waits, then 503.
    let held = i.t.ctx.intake_permits.clone().acquire_many_owned(server::http::intake::MAX_CONCURRENT_INTAKES as u32).await.unwrap();
    let res = i.submit(&application("p-5", "ansoegning", &cpr, 4)).await;
    assert_error(res, StatusCode::SERVICE_UNAVAILABLE, "for_mange_samtidige").await;
    drop(held);
    assert_eq!(i.counts().await, before, "no refused intake wrote anything");
    assert_eq!(i.submit(&application("p-5", "ansoegning", &cpr, 4)).await.status(), StatusCode::OK, "a permit free again");
}

// ------------------------------------------------------------ routing

#[tokio::test]
async fn refusion_overslag_and_on_behalf_become_modtag_post() {
    let i = Intake::new().await;
    let (_, cpr) = i.borger().await;
    // Anmodning om refusion: Modtag post, kilde Selvbetjening, no category.
    let mut parts = vec![
        ("indsendelse", None, meta("r-1", "anmodning_om_refusion", &cpr, case_type::ALM_HELBREDSTILLAEG, false)),
        ("hoveddokument", Some("anmodning.pdf"), PDF.to_vec()),
        ("blanketsignatur", Some("signatur.xml"), XML.to_vec()),
    ];
    parts.push(("dokumentation", Some("kvittering.jpg"), JPEG.to_vec()));
    let a = i.submit_ok(&parts).await;
    let id = a.opgave_id.unwrap();
    assert!(!a.tilknyttet_opgave);
    let (opgavetype, kilde, status, automatisk, _) = i.task(id).await;
    assert_eq!((opgavetype, kilde, status, automatisk), (i64::from(task_type::MODTAG_POST), 1, 1, false));
    let docs = i.documents_of(id).await;
    assert_eq!(docs.len(), 3);
    assert!(docs.iter().all(|d| d.2.is_none()), "refusion documents get no category: {docs:?}");
    assert_eq!(docs[2].1, 4, "the JPEG is stored as JPEG (format 4)");
    assert!(i.in_snapshot(id).await);

    // Specificeret overslag without an ongoing Opret bevilling: Modtag post.
    let parts = vec![
        ("indsendelse", None, meta("r-2", "specificeret_overslag", &cpr, case_type::UDVIDET_HELBREDSTILLAEG, false)),
        ("hoveddokument", Some("overslag.pdf"), PDF.to_vec()),
    ];
    let a = i.submit_ok(&parts).await;
    assert_eq!(i.task(a.opgave_id.unwrap()).await.0, i64::from(task_type::MODTAG_POST));

    // On behalf of another, with automatic processing on: still Modtag post,
    // and the task page asks for the Fuldmagt.
    i.automatic_for(vec![case_type::UDVIDET_HELBREDSTILLAEG]).await;
    let parts = vec![
        ("indsendelse", None, meta("r-3", "ansoegning", &cpr, case_type::UDVIDET_HELBREDSTILLAEG, true)),
        ("hoveddokument", Some("ansoegning.pdf"), PDF.to_vec()),
        ("fuldmagt", Some("fuldmagt.png"), png()),
    ];
    let a = i.submit_ok(&parts).await;
    let id = a.opgave_id.unwrap();
    let (opgavetype, _, _, automatisk, _) = i.task(id).await;
    assert_eq!((opgavetype, automatisk), (i64::from(task_type::MODTAG_POST), false));
    let detail: TaskDetail = json(i.t.call(Method::GET, &format!("/api/tasks/{id}"), Some(&i.reader), None, None).await).await;
    assert!(detail.kraever_fuldmagt, "{:?}", detail.dokumenter);
}

fn png() -> Vec<u8> {
    let mut b = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    b.extend_from_slice(&[0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82]);
    b
}

#[tokio::test]
async fn an_application_starts_opret_bevilling_or_joins_the_one_ongoing() {
    let i = Intake::new().await;
    let (borger_id, cpr) = i.borger().await;
    // No ongoing: a manual Opret bevilling of the sagstype, in the packages' snapshot.
    let a = i.submit_ok(&application("a-1", "ansoegning", &cpr, case_type::UDVIDET_HELBREDSTILLAEG)).await;
    let first = a.opgave_id.unwrap();
    let (opgavetype, kilde, status, automatisk, udfald) = i.task(first).await;
    assert_eq!((opgavetype, kilde, status, automatisk, udfald), (i64::from(task_type::OPRET_BEVILLING), 1, 1, false, None));
    assert!(i.in_snapshot(first).await);
    let names: Vec<String> = i.documents_of(first).await.into_iter().map(|d| d.0).collect();
    assert!(names.iter().any(|n| n.contains("selvbetjening")), "{names:?}");

    // The same sagstype again: attached to that task, in its history.
    let a = i.submit_ok(&application("a-2", "ansoegning", &cpr, case_type::UDVIDET_HELBREDSTILLAEG)).await;
    assert_eq!((a.opgave_id, a.tilknyttet_opgave), (Some(first), true));
    assert_eq!(i.documents_of(first).await.len(), 4);
    let history: i64 = sqlx::query_scalar("SELECT count(*) FROM opgave_historik WHERE opgave_id = $1 AND bruger_id IS NULL")
        .bind(first)
        .fetch_one(&i.t.db)
        .await
        .unwrap();
    assert_eq!(history, 2);

    // Another sagstype: a task of its own.
    let a = i.submit_ok(&application("a-3", "ansoegning", &cpr, case_type::ALM_HELBREDSTILLAEG)).await;
    assert_ne!(a.opgave_id, Some(first));

    // Two ongoing of the same sagstype: a person decides (Modtag post).
    i.opret_bevilling(borger_id, case_type::UDVIDET_HELBREDSTILLAEG, OpgaveStatus::Ubehandlet).await;
    let a = i.submit_ok(&application("a-4", "ansoegning", &cpr, case_type::UDVIDET_HELBREDSTILLAEG)).await;
    assert_eq!(i.task(a.opgave_id.unwrap()).await.0, i64::from(task_type::MODTAG_POST));
    assert!(!a.tilknyttet_opgave);
}

#[tokio::test]
async fn an_overslag_joins_the_one_waiting_opret_bevilling_and_releases_it_when_formue_is_known() {
    let i = Intake::new().await;
    let (borger_id, cpr) = i.borger().await;
    let waiting = i.opret_bevilling(borger_id, case_type::UDVIDET_HELBREDSTILLAEG, OpgaveStatus::Venter).await;
    // Formue unknown: attached, but it keeps waiting.
    let parts = |id: &str| {
        vec![
            ("indsendelse", None, meta(id, "specificeret_overslag", &cpr, case_type::UDVIDET_HELBREDSTILLAEG, false)),
            ("hoveddokument", Some("overslag.pdf"), PDF.to_vec()),
        ]
    };
    let a = i.submit_ok(&parts("o-1")).await;
    assert_eq!((a.opgave_id, a.tilknyttet_opgave), (Some(waiting), true));
    assert_eq!(i.task(waiting).await.2, i64::from(OpgaveStatus::Venter.code()));
    // Formue known: the next overslag takes it out of the waiting step.
    sqlx::query("INSERT INTO borger_formue (borger_id, beloeb_oere, gyldig_fra, modtaget) VALUES ($1, 100000, '2026-01-01', '2026-01-01T00:00:00+01:00')")
        .bind(borger_id)
        .execute(&i.t.db)
        .await
        .unwrap();
    let a = i.submit_ok(&parts("o-2")).await;
    assert_eq!(a.opgave_id, Some(waiting));
    assert_eq!(i.task(waiting).await.2, i64::from(OpgaveStatus::Ubehandlet.code()));
    assert!(i.in_snapshot(waiting).await);
    // Two ongoing: the overslag is post for a person to place.
    i.opret_bevilling(borger_id, case_type::UDVIDET_HELBREDSTILLAEG, OpgaveStatus::Ubehandlet).await;
    let a = i.submit_ok(&parts("o-3")).await;
    assert!(!a.tilknyttet_opgave);
    assert_eq!(i.task(a.opgave_id.unwrap()).await.0, i64::from(task_type::MODTAG_POST));
}

#[tokio::test]
async fn automatic_processing_waits_for_formue_and_the_formue_event_releases_it_into_the_packages() {
    let i = Intake::new().await;
    let (borger_id, cpr) = i.borger().await;
    i.automatic_for(vec![case_type::UDVIDET_HELBREDSTILLAEG]).await;
    let ydelse_before: i64 = i.count("opgaver WHERE automatisk = 1").await;
    let a = i.submit_ok(&application("auto-1", "ansoegning", &cpr, case_type::UDVIDET_HELBREDSTILLAEG)).await;
    let id = a.opgave_id.unwrap();
    let (opgavetype, _, status, automatisk, udfald) = i.task(id).await;
    assert_eq!((opgavetype, status, automatisk, udfald), (i64::from(task_type::OPRET_BEVILLING), 3, true, None));
    assert_eq!(i.count("opgaver WHERE automatisk = 1").await, ydelse_before + 1);
    assert!(!i.in_snapshot(id).await, "under automatic processing: in no package");
    // Nobody can take it meanwhile, whatever a stale snapshot says.
    let pension: i64 = sqlx::query_scalar("SELECT id FROM brugere WHERE brugernavn = 'pension'").fetch_one(&i.t.db).await.unwrap();
    for from in [server::store::TakeFrom::OpenFree, server::store::TakeFrom::UntakenReady] {
        let mut tx = i.t.ctx.store.write().await.unwrap();
        assert!(!tx.take_task(id, pension, from).await.unwrap(), "{from:?} took a task under automatic processing");
    }
    assert_eq!(i.task(id).await.2, 3, "still waiting, untaken");
    // An overslag for it joins it, but it keeps waiting under automatic processing.
    let parts = vec![
        ("indsendelse", None, meta("auto-o", "specificeret_overslag", &cpr, case_type::UDVIDET_HELBREDSTILLAEG, false)),
        ("hoveddokument", Some("overslag.pdf"), PDF.to_vec()),
    ];
    let a = i.submit_ok(&parts).await;
    assert_eq!((a.opgave_id, a.tilknyttet_opgave), (Some(id), true));
    assert_eq!(i.task(id).await.2, 3);
    assert!(!i.in_snapshot(id).await);

    // The formue event: the task falls out to manual work with the reason.
    let answer = i.formue("f-1", &cpr, 5_000_000).await;
    assert_eq!(answer.resultater.len(), 1);
    assert!(answer.resultater[0].opgave_ider.contains(&id), "{:?}", answer.resultater);
    let (_, _, status, automatisk, udfald) = i.task(id).await;
    assert_eq!((status, automatisk), (1, false));
    assert!(udfald.unwrap().contains("manuel"));
    assert!(i.in_snapshot(id).await, "released: in the packages");
    let detail: TaskDetail = json(i.t.call(Method::GET, &format!("/api/tasks/{id}"), Some(&i.reader), None, None).await).await;
    assert!(!detail.automatisk && detail.udfald_aarsag.is_some());
    let formue: i64 = i.count(&format!("borger_formue WHERE borger_id = {borger_id}")).await;
    assert_eq!(formue, 1);

    // Formue now known: the next application falls out at once, with the reason.
    let (_, cpr2) = i.borger().await;
    i.formue("f-2", &cpr2, 100).await;
    let a = i.submit_ok(&application("auto-2", "ansoegning", &cpr2, case_type::UDVIDET_HELBREDSTILLAEG)).await;
    let (_, _, status, automatisk, udfald) = i.task(a.opgave_id.unwrap()).await;
    assert_eq!((status, automatisk), (1, false));
    assert!(udfald.is_some());
    assert!(i.in_snapshot(a.opgave_id.unwrap()).await);
}

// ------------------------------------------------------------ idempotency

#[tokio::test]
async fn the_same_message_id_gets_the_same_answer_and_writes_nothing() {
    let i = Intake::new().await;
    let (_, cpr) = i.borger().await;
    let parts = application("gentag-1", "ansoegning", &cpr, case_type::UDVIDET_HELBREDSTILLAEG);
    let first = i.submit(&parts).await;
    assert_eq!(first.status(), StatusCode::OK);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first_body = bytes(first).await;
    let after_first = i.counts().await;
    let again = i.submit(&parts).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(bytes(again).await, first_body);
    assert_eq!(i.counts().await, after_first, "a replay writes nothing");

    // Events and invoices are idempotent too.
    let e = json!({ "besked_id": "gentag-e", "haendelser": [{ "type": "formue", "cpr": cpr, "beloeb_oere": 1, "gyldig_fra": today().to_string() }] });
    let a = bytes(i.events(&i.tokens["haendelser"], e.clone()).await).await;
    let counts = i.counts().await;
    let res = i.events(&i.tokens["haendelser"], e).await;
    assert_eq!(res.headers()["idempotent-replayed"], "true");
    assert_eq!(bytes(res).await, a);
    assert_eq!(i.counts().await, counts);
    let inv = invoice_parts("gentag-f", &cpr, vec![]);
    let a = bytes(i.post_multipart("/api/intake/efaktura", Some(&i.tokens["efaktura"]), multipart_body(&inv)).await).await;
    let counts = i.counts().await;
    let res = i.post_multipart("/api/intake/efaktura", Some(&i.tokens["efaktura"]), multipart_body(&inv)).await;
    assert_eq!(bytes(res).await, a);
    assert_eq!(i.counts().await, counts);
}

#[tokio::test]
async fn the_invoice_export_never_starts_a_formula_and_control_characters_are_refused() {
    let i = Intake::new().await;
    let (_, cpr) = i.borger().await;
    let send = |besked_id: &'static str, fakturanummer: &'static str, leverandoer: &'static str| {
        let meta = json!({ "besked_id": besked_id, "cpr": cpr, "fakturanummer": fakturanummer, "leverandoer": leverandoer, "beloeb_oere": 100, "ordning": "eyay" });
        multipart_body(&[("faktura", None, meta.to_string().into_bytes()), ("faktura_dokument", Some("faktura.pdf"), PDF.to_vec())])
    };
    for (id, nr, lev) in [("csv-1", "+4512", "-Optik, Syn"), ("csv-2", "@SUM(A1)", "=HYPERLINK(\"x\")")] {
        let res = i.post_multipart("/api/intake/efaktura", Some(&i.tokens["efaktura"]), send(id, nr, lev)).await;
        assert_eq!(res.status(), StatusCode::OK, "{id}");
    }
    // A TAB or line break in the text is refused before anything is written.
    let before = i.counts().await;
    for (id, nr, lev) in [("csv-3", "\t=1+1", "Optik"), ("csv-4", "F-1", "Optik\r\n=1")] {
        let res = i.post_multipart("/api/intake/efaktura", Some(&i.tokens["efaktura"]), send(id, nr, lev)).await;
        assert_error(res, StatusCode::UNPROCESSABLE_ENTITY, "ugyldig_indsendelse").await;
    }
    assert_eq!(i.counts().await, before);
    // One stored before the rule (TAB first): neutralised too.
    sqlx::query("UPDATE fakturaer SET fakturanummer = '\t=1+1' WHERE fakturanummer = '+4512'").execute(&i.t.db).await.unwrap();
    let res = i.t.call(Method::GET, "/api/admin/invoices.csv", Some(&i.admin), None, None).await;
    let csv = String::from_utf8(bytes(res).await).unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    // The two sent here, after the demo's own invoices.
    let ours = &lines[lines.len() - 2..];
    assert!(ours[0].contains(";'\t=1+1;\"'-Optik, Syn\";"), "{}", ours[0]);
    assert!(ours[1].contains(";'@SUM(A1);\"'=HYPERLINK(\"\"x\"\")\";"), "{}", ours[1]);
    for line in &lines[1..] {
        for cell in line.split(';') {
            let cell = cell.trim_start_matches('"');
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "a cell starts a formula: {cell:?} in {line}");
        }
    }
}

#[tokio::test]
async fn refused_efakturas_write_nothing() {
    let i = Intake::new().await;
    let (_, cpr) = i.borger().await;
    let before = i.counts().await;
    let uri = "/api/intake/efaktura";
    let token = i.tokens["efaktura"].clone();
    // Unknown CPR.
    let res = i.post_multipart(uri, Some(&token), multipart_body(&invoice_parts("r-1", "3112999999", vec![]))).await;
    assert_error(res, StatusCode::UNPROCESSABLE_ENTITY, "ukendt_borger").await;
    // Broken multipart: cut off in the middle.
    let mut cut = multipart_body(&invoice_parts("r-2", &cpr, vec![("bilag", Some("b.pdf"), PDF.to_vec())]));
    cut.truncate(cut.len() - 30);
    assert_error(i.post_multipart(uri, Some(&token), cut).await, StatusCode::BAD_REQUEST, "ugyldig_multipart").await;
    // No faktura_dokument.
    let mut parts = invoice_parts("r-3", &cpr, vec![("bilag", Some("b.pdf"), PDF.to_vec())]);
    parts.remove(1);
    assert_error(i.post_multipart(uri, Some(&token), multipart_body(&parts)).await, StatusCode::BAD_REQUEST, "ugyldig_multipart").await;
    assert_eq!(i.counts().await, before, "no refused eFaktura wrote anything");
    // And a refused message id is not spent: the same id received later.
    let res = i.post_multipart(uri, Some(&token), multipart_body(&invoice_parts("r-1", &cpr, vec![]))).await;
    assert_eq!(res.status(), StatusCode::OK);
}

// ------------------------------------------------------------ events

#[tokio::test]
async fn formue_and_financing_municipality_events_make_the_follow_ups_the_rules_say() {
    let i = Intake::new().await;
    // A manual udvidet helbredstillæg case under behandling: "Formue har ændret sig".
    let (b1, cpr1) = i.borger().await;
    let sag = i.case(b1, case_type::UDVIDET_HELBREDSTILLAEG, 2).await;
    let a = i.formue("ev-1", &cpr1, 100).await;
    let ids = &a.resultater[0].opgave_ider;
    assert_eq!(ids.len(), 1, "{:?}", a.resultater);
    let (opfoelgningstype, kilde, sag_id): (Option<i64>, i64, Option<i64>) =
        sqlx::query_as("SELECT opfoelgningstype, kilde, sag_id FROM opgaver WHERE id = $1").bind(ids[0]).fetch_one(&i.t.db).await.unwrap();
    assert_eq!((opfoelgningstype, kilde, sag_id), (Some(i64::from(followup_type::FORMUE_AENDRET)), 2, Some(sag)));
    assert!(i.in_snapshot(ids[0]).await);

    // Granted case and the formue crosses the limit: "Formue har krydset formuegrænsen".
    let (b2, cpr2) = i.borger().await;
    i.case(b2, case_type::HELBREDSTILLAEGSKORT, 3).await;
    let a = i.formue("ev-2", &cpr2, 100_000_000).await;
    let id = a.resultater[0].opgave_ider[0];
    let t: Option<i64> =
        sqlx::query_scalar("SELECT opfoelgningstype FROM opgaver WHERE id = $1").bind(id).fetch_one(&i.t.db).await.unwrap();
    assert_eq!(t, Some(i64::from(followup_type::FORMUE_OVER_GRAENSEN)));

    // Subscription off: no task, but the event is on the Borgeroverblik.
    let res = i
        .set_parameter(
            ParameterValue::Haendelsesabonnement(vec![domain::intake::params::Subscription {
                opfoelgningstype: followup_type::FORMUE_AENDRET,
                aktiv: false,
            }]),
            "haendelsesabonnement",
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let (b3, cpr3) = i.borger().await;
    i.case(b3, case_type::UDVIDET_HELBREDSTILLAEG, 2).await;
    let tasks_before = i.count("opgaver").await;
    let a = i.formue("ev-3", &cpr3, 100).await;
    assert!(a.resultater[0].opgave_ider.is_empty());
    assert_eq!(i.count("opgaver").await, tasks_before);
    let overview: CitizenOverview = json(i.t.call(Method::GET, &format!("/api/citizens/{b3}"), Some(&i.reader), None, None).await).await;
    assert_eq!(overview.haendelser.len(), 1);
    assert_eq!(overview.haendelser[0].opgave_id, None);

    // MAF: a task only when this municipality is the new one.
    let (_, cpr4) = i.borger().await;
    let kommune = i.t.ctx.config.kommune.clone();
    let body = json!({ "besked_id": "ev-4", "haendelser": [
        { "type": "finansieringskommune", "cpr": cpr4, "gammel": "Anden Kommune", "ny": kommune },
        { "type": "finansieringskommune", "cpr": cpr4, "gammel": kommune, "ny": "Anden Kommune" },
    ]});
    let res = i.events(&i.tokens["haendelser"], body).await;
    assert_eq!(res.status(), StatusCode::OK);
    let a: EventsAnswer = json(res).await;
    assert_eq!(a.resultater[0].opgave_ider.len(), 1);
    assert!(a.resultater[1].opgave_ider.is_empty());
}

#[tokio::test]
async fn the_previous_and_known_formue_is_the_figure_valid_today_not_a_future_one() {
    let i = Intake::new().await;
    let store_formue = |borger: i64, oere: i64, fra: NaiveDate| {
        sqlx::query("INSERT INTO borger_formue (borger_id, beloeb_oere, gyldig_fra, modtaget) VALUES ($1, $2, $3, '2026-01-01T00:00:00Z')")
            .bind(borger)
            .bind(oere)
            .bind(fra.to_string())
            .execute(&i.t.db)
    };
    // Below the limit today, above it from next month: a new figure above
    // the limit from today crosses it (today's figure was below).
    let (b, cpr) = i.borger().await;
    i.case(b, case_type::HELBREDSTILLAEGSKORT, 3).await;
    store_formue(b, 100, today() - chrono::Days::new(10)).await.unwrap();
    store_formue(b, 100_000_000, today() + chrono::Days::new(30)).await.unwrap();
    let a = i.formue("fv-1", &cpr, 100_000_000).await;
    let ids = &a.resultater[0].opgave_ider;
    assert_eq!(ids.len(), 1, "{:?}", a.resultater);
    let t: Option<i64> =
        sqlx::query_scalar("SELECT opfoelgningstype FROM opgaver WHERE id = $1").bind(ids[0]).fetch_one(&i.t.db).await.unwrap();
    assert_eq!(t, Some(i64::from(followup_type::FORMUE_OVER_GRAENSEN)));

    // Only a figure valid from next month: the formue is not known yet, so
    // an application under automatic processing waits for it.
    i.automatic_for(vec![case_type::UDVIDET_HELBREDSTILLAEG]).await;
    let (b2, cpr2) = i.borger().await;
    store_formue(b2, 100, today() + chrono::Days::new(30)).await.unwrap();
    let a = i.submit_ok(&application("fv-2", "ansoegning", &cpr2, case_type::UDVIDET_HELBREDSTILLAEG)).await;
    let (_, _, status, automatisk, udfald) = i.task(a.opgave_id.unwrap()).await;
    assert_eq!((status, automatisk, udfald), (i64::from(OpgaveStatus::Venter.code()), true, None));
}

#[tokio::test]
async fn a_source_system_over_its_hourly_quota_is_refused_and_nothing_is_written() {
    let i = Intake::with(test_app_configured(DEMO_TASKS, |c| c.intake_mib_per_hour = 1).await).await;
    let (_, cpr) = i.borger().await;
    // About 600 KB each: the first fits in the MiB, the second does not.
    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.resize(600 * 1024, b' ');
    pdf.extend_from_slice(b"\n%%EOF\n");
    let with_pdf = |id: &str| {
        let mut parts = application(id, "ansoegning", &cpr, case_type::UDVIDET_HELBREDSTILLAEG);
        parts[1].2 = pdf.clone();
        parts
    };
    i.submit_ok(&with_pdf("kvote-1")).await;
    let before = i.counts().await;
    let res = i.submit(&with_pdf("kvote-2")).await;
    assert_error(res, StatusCode::TOO_MANY_REQUESTS, codes::UPLOAD_QUOTA).await;
    assert_eq!(i.counts().await, before, "a refused message writes nothing");
    // The quota is the source system's: eFakturaer have their own.
    let mut inv = invoice_parts("kvote-f", &cpr, vec![]);
    inv[1].2 = pdf.clone();
    let res = i.post_multipart("/api/intake/efaktura", Some(&i.tokens["efaktura"]), multipart_body(&inv)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let again = invoice_parts("kvote-f2", &cpr, vec![("bilag", Some("b.pdf"), pdf.clone())]);
    let before = i.counts().await;
    let res = i.post_multipart("/api/intake/efaktura", Some(&i.tokens["efaktura"]), multipart_body(&again)).await;
    assert_error(res, StatusCode::TOO_MANY_REQUESTS, codes::UPLOAD_QUOTA).await;
    assert_eq!(i.counts().await, before);
}

// ------------------------------------------------------------ eFaktura

/// A valid PDF just over 10 MiB.
fn big_pdf() -> Vec<u8> {
    let mut b = b"%PDF-1.7\n".to_vec();
    b.resize(10 * 1024 * 1024, b' ');
    b.extend_from_slice(b"\n%%EOF\n");
    b
}

fn invoice_parts(besked_id: &str, cpr: &str, bilag: Vec<PartSpec<'static>>) -> Vec<PartSpec<'static>> {
    let meta = json!({ "besked_id": besked_id, "cpr": cpr, "fakturanummer": "F-1001", "leverandoer": "Optik; Syn & Co", "beloeb_oere": 125_050, "ordning": "apoe" });
    let mut parts = vec![("faktura", None, meta.to_string().into_bytes()), ("faktura_dokument", Some("faktura.pdf"), PDF.to_vec())];
    parts.extend(bilag);
    parts
}

#[tokio::test]
async fn an_efaktura_with_a_damaged_attachment_is_stored_with_the_failure_listed() {
    let i = Intake::new().await;
    let (_, cpr) = i.borger().await;
    let parts = invoice_parts(
        "faktura-1",
        &cpr,
        vec![
            ("bilag", Some("kvittering.pdf"), PDF.to_vec()),
            ("bilag", Some("foto.jpg"), DAMAGED_JPEG.to_vec()),
            ("bilag", Some("tom.pdf"), Vec::new()),
            ("bilag", Some("stor.pdf"), big_pdf()),
        ],
    );
    // The demo's invoices have attachments of their own.
    let bilag_before = i.count("faktura_bilag").await;
    let res = i.post_multipart("/api/intake/efaktura", Some(&i.tokens["efaktura"]), multipart_body(&parts)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let a: InvoiceAnswer = json(res).await;
    assert!(a.attached_documents_failed);
    let failed: Vec<(&str, AttachmentFault)> = a.fejlede_bilag.iter().map(|f| (f.filnavn.as_str(), f.fejl)).collect();
    assert_eq!(
        failed,
        [("foto.jpg", AttachmentFault::Beskadiget), ("tom.pdf", AttachmentFault::Tom), ("stor.pdf", AttachmentFault::ForStor)]
    );
    let (opgavetype, kilde, ..) = i.task(a.opgave_id).await;
    assert_eq!((opgavetype, kilde), (i64::from(task_type::BEHANDL_EFAKTURA_APOE), 2));
    let docs = i.documents_of(a.opgave_id).await;
    assert_eq!(docs.len(), 2, "the invoice and the one valid attachment: {docs:?}");
    assert_eq!(docs[0].2, Some(i64::from(doc_category::FAKTURA)));
    assert_eq!((docs[1].0.as_str(), docs[1].2), ("kvittering.pdf", Some(i64::from(doc_category::FAKTURABILAG))));
    assert_eq!(i.count("faktura_bilag").await, bilag_before + 1);
    let detail: TaskDetail = json(i.t.call(Method::GET, &format!("/api/tasks/{}", a.opgave_id), Some(&i.reader), None, None).await).await;
    let info = detail.faktura.unwrap();
    assert!(info.attached_documents_failed);
    assert_eq!(info.fejlede_bilag.len(), 3);
    assert!(i.in_snapshot(a.opgave_id).await);

    // Without attachments: N. The export has both, with no CPR number.
    let res = i
        .post_multipart("/api/intake/efaktura", Some(&i.tokens["efaktura"]), multipart_body(&invoice_parts("faktura-2", &cpr, vec![])))
        .await;
    let b: InvoiceAnswer = json(res).await;
    assert!(!b.attached_documents_failed);
    let res = i.t.call(Method::GET, "/api/admin/invoices.csv", Some(&i.admin), None, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    let csv = String::from_utf8(bytes(res).await).unwrap();
    let all: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert!(all[0].ends_with(";ATTACHED_DOCUMENTS_FAILED"), "{}", all[0]);
    // The two sent here, after the demo's own invoices (oldest first).
    let demo: i64 = sqlx::query_scalar("SELECT count(*) FROM fakturaer").fetch_one(&i.t.db).await.unwrap();
    assert_eq!(all.len() as i64, demo + 1);
    let lines = [all[0], all[all.len() - 2], all[all.len() - 1]];
    assert!(lines[1].ends_with(";Y") && lines[2].ends_with(";N"), "{csv}");
    assert!(lines[1].contains("\"Optik; Syn & Co\"") && lines[1].contains("1250,50") && lines[1].contains(";APOE;"), "{}", lines[1]);
    assert!(!csv.contains(&cpr), "no CPR number in the export");
    let pension = i.t.login("pension").await;
    assert_error(i.t.call(Method::GET, "/api/admin/invoices.csv", Some(&pension), None, None).await, StatusCode::FORBIDDEN, "ingen_adgang")
        .await;

    // A damaged invoice itself: refused, nothing written.
    let before = i.counts().await;
    let mut parts = invoice_parts("faktura-3", &cpr, vec![]);
    parts[1].2 = DAMAGED_JPEG.to_vec();
    let res = i.post_multipart("/api/intake/efaktura", Some(&i.tokens["efaktura"]), multipart_body(&parts)).await;
    assert_error(res, StatusCode::UNPROCESSABLE_ENTITY, "ugyldigt_bilag").await;
    assert_eq!(i.counts().await, before);
}

// ------------------------------------------------------------ parameters

#[tokio::test]
async fn parameters_are_temporal_with_if_match_and_a_stale_base_is_409_with_nothing_changed() {
    let i = Intake::new().await;
    let key = "formuegraense";
    let draft = |oere: i64, fra: NaiveDate| {
        serde_json::to_value(ParameterDraft {
            value: ParameterValue::Formuegraense(oere),
            aendringsaarsag: "Ny sats".into(),
            gyldig_fra: fra,
            gyldig_til: None,
        })
        .unwrap()
    };
    let uri = format!("/api/parameters/{key}");
    // Without If-Match: 428. The first version is based on the default ("0").
    let res = i.t.call(Method::POST, &uri, Some(&i.admin), None, Some(draft(1, today()))).await;
    assert_error(res, StatusCode::PRECONDITION_REQUIRED, "mangler_if_match").await;
    let res = i.t.call(Method::POST, &uri, Some(&i.admin), Some("\"0\""), Some(draft(10_000_000, today()))).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let first: ParameterVersion = json(res).await;
    // A save on the stale base: 409, nothing changes.
    let rows = i.count("systemparameter_versioner").await;
    let res = i.t.call(Method::POST, &uri, Some(&i.admin), Some("\"0\""), Some(draft(20_000_000, today() + chrono::Days::new(5)))).await;
    assert_error(res, StatusCode::CONFLICT, "foraeldet_version").await;
    assert_eq!(i.count("systemparameter_versioner").await, rows);
    // Not after the newest's gyldig_fra: 422 on gyldig_fra.
    let tag = format!("\"{}\"", first.id);
    let res = i.t.call(Method::POST, &uri, Some(&i.admin), Some(&tag), Some(draft(2, today()))).await;
    let e = assert_error(res, StatusCode::UNPROCESSABLE_ENTITY, "validering").await;
    assert!(e.fields.iter().any(|f| f.field == "gyldig_fra"));
    // A negative limit: 422.
    let res = i.t.call(Method::POST, &uri, Some(&i.admin), Some(&tag), Some(draft(-1, today() + chrono::Days::new(5)))).await;
    assert_error(res, StatusCode::UNPROCESSABLE_ENTITY, "validering").await;
    // On the newest: saved, the previous ends the day before.
    let later = today() + chrono::Days::new(5);
    let res = i.t.call(Method::POST, &uri, Some(&i.admin), Some(&tag), Some(draft(20_000_000, later))).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = i.t.call(Method::GET, &format!("/api/parameters/{key}/versions"), Some(&i.admin), None, None).await;
    let versions: Vec<ParameterVersion> = json(res).await;
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[1].draft.gyldig_til, Some(later - chrono::Days::new(1)));
    // What intake reads on each day.
    let now: Value = json(i.t.call(Method::GET, "/api/parameters", Some(&i.admin), None, None).await).await;
    let then: Value = json(i.t.call(Method::GET, &format!("/api/parameters?dato={later}"), Some(&i.admin), None, None).await).await;
    assert_eq!(now["parametre"]["formuegraense_oere"], 10_000_000);
    assert_eq!(then["parametre"]["formuegraense_oere"], 20_000_000);
    // Unknown key, caseworker.
    assert_error(
        i.t.call(Method::GET, "/api/parameters/findes_ikke/versions", Some(&i.admin), None, None).await,
        StatusCode::NOT_FOUND,
        "ikke_fundet",
    )
    .await;
    let pension = i.t.login("pension").await;
    assert_error(i.t.call(Method::GET, "/api/parameters", Some(&pension), None, None).await, StatusCode::FORBIDDEN, "ingen_adgang").await;
}

// ------------------------------------------------------------ live lists and the task page

#[tokio::test]
async fn package_lists_answer_304_until_an_intake_changes_them() {
    let i = Intake::new().await;
    let ydelse = i.t.login("ydelse").await;
    let get = |uri: &str, etag: Option<String>| {
        let mut b = Request::get(uri).header(header::COOKIE, &ydelse);
        if let Some(t) = etag {
            b = b.header(header::IF_NONE_MATCH, t);
        }
        b.body(Body::empty()).unwrap()
    };
    let res = i.t.send(get("/api/my/packages", None)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let tag = res.headers()[header::ETAG].to_str().unwrap().to_owned();
    let packages: Vec<domain::wire::packages::MyPackage> = json(res).await;
    let res = i.t.send(get("/api/my/packages", Some(tag.clone()))).await;
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    let key = packages.first().map(|p| p.noegle.clone()).expect("ydelse has a package");
    let list_uri = format!("/api/packages/{key}/tasks");
    let res = i.t.send(get(&list_uri, None)).await;
    let list_tag = res.headers()[header::ETAG].to_str().unwrap().to_owned();
    assert_eq!(i.t.send(get(&list_uri, Some(list_tag.clone()))).await.status(), StatusCode::NOT_MODIFIED);

    let (_, cpr) = i.borger().await;
    i.submit_ok(&application("etag-1", "anmodning_om_refusion", &cpr, 3)).await;
    i.t.ctx.snapshot.settle(&i.t.ctx.store).await.unwrap();
    let res = i.t.send(get("/api/my/packages", Some(tag.clone()))).await;
    assert_eq!(res.status(), StatusCode::OK, "a new task: a new answer");
    assert_ne!(res.headers()[header::ETAG].to_str().unwrap(), tag);
    assert_eq!(i.t.send(get(&list_uri, Some(list_tag))).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn nye_haendelser_are_what_arrived_since_the_holder_last_opened_the_task() {
    let i = Intake::new().await;
    let (_, cpr) = i.borger().await;
    let a = i.submit_ok(&application("nye-1", "ansoegning", &cpr, case_type::UDVIDET_HELBREDSTILLAEG)).await;
    let id = a.opgave_id.unwrap();
    let pension = i.t.login("pension").await;
    let uid: i64 = sqlx::query_scalar("SELECT id FROM brugere WHERE brugernavn = 'pension'").fetch_one(&i.t.db).await.unwrap();
    sqlx::query("UPDATE opgaver SET taget_af = $1, status = 2 WHERE id = $2").bind(uid).bind(id).execute(&i.t.db).await.unwrap();
    let open = || async { json::<TaskDetail>(i.t.call(Method::GET, &format!("/api/tasks/{id}"), Some(&pension), None, None).await).await };
    let first = open().await;
    assert_eq!(first.nye_haendelser.len(), 1, "never opened: the intake line is new");
    assert!(open().await.nye_haendelser.is_empty(), "opened since: nothing new");
    // Another user looking does not mark it seen for the holder.
    i.submit_ok(&application("nye-2", "ansoegning", &cpr, case_type::UDVIDET_HELBREDSTILLAEG)).await;
    let by_other: TaskDetail = json(i.t.call(Method::GET, &format!("/api/tasks/{id}"), Some(&i.reader), None, None).await).await;
    assert_eq!(by_other.nye_haendelser.len(), 1);
    let again = open().await;
    assert_eq!(again.nye_haendelser.len(), 1);
    assert!(again.nye_haendelser[0].tekst.to_lowercase().contains("tilknyttet"), "{:?}", again.nye_haendelser);
    assert!(open().await.nye_haendelser.is_empty());
}

#[tokio::test]
async fn opening_a_task_is_a_read_even_when_recording_it_fails() {
    let i = Intake::new().await;
    let (_, cpr) = i.borger().await;
    let a = i.submit_ok(&application("open-1", "ansoegning", &cpr, case_type::UDVIDET_HELBREDSTILLAEG)).await;
    let id = a.opgave_id.unwrap();
    let uri = format!("/api/tasks/{id}");
    assert_eq!(i.t.call(Method::GET, &uri, Some(&i.reader), None, None).await.status(), StatusCode::OK);
    let opened: i64 =
        sqlx::query_scalar("SELECT count(*) FROM opgave_aabnet WHERE opgave_id = $1").bind(id).fetch_one(&i.t.db).await.unwrap();
    assert_eq!(opened, 1, "the opening is recorded");
    // Recording fails from now on: the read still answers 200.
    i.t.fail_on("opgave_aabnet", "UPDATE").await;
    let res = i.t.call(Method::GET, &uri, Some(&i.reader), None, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let detail: TaskDetail = json(res).await;
    assert_eq!(detail.opgave.id, id);
}

#[tokio::test]
async fn openapi_describes_the_intake_and_admin_routes() {
    let i = Intake::new().await;
    let doc: Value = json(i.t.call(Method::GET, "/api/openapi.json", Some(&i.admin), None, None).await).await;
    for path in [
        "/api/intake/selvbetjening",
        "/api/intake/efaktura",
        "/api/intake/haendelser",
        "/api/admin/credentials",
        "/api/admin/credentials/{id}/revoke",
        "/api/parameters",
        "/api/parameters/{key}/versions",
        "/api/parameters/{key}",
        "/api/admin/invoices.csv",
        "/api/tasks/snapshot/delta",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is not in the OpenAPI");
    }
    assert_eq!(doc["components"]["securitySchemes"]["kildesystem"]["scheme"], "bearer");
}

#[tokio::test]
async fn a_changed_form_mapping_names_the_documents_filed_on_a_case_from_then_on() {
    let i = Intake::new().await;
    let (_, cpr) = i.borger().await;
    // An overslag without an ongoing Opret bevilling: Modtag post.
    let parts = vec![
        ("indsendelse", None, meta("map-1", "specificeret_overslag", &cpr, case_type::UDVIDET_HELBREDSTILLAEG, false)),
        ("hoveddokument", Some("overslag.pdf"), PDF.to_vec()),
    ];
    let task = i.submit_ok(&parts).await.opgave_id.unwrap();
    let row = domain::intake::MappingRow {
        formular: "Specificeret overslag".into(),
        navn: "Overslag fra optiker (kommunens navn)".into(),
        kategori: doc_category::LAEGEERKLAERING,
    };
    let res = i.set_parameter(ParameterValue::FormularDokumentkategoriMapning(vec![row]), "formular_dokumentkategori_mapning").await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", String::from_utf8_lossy(&bytes(res).await));
    let uid: i64 = sqlx::query_scalar("SELECT id FROM brugere WHERE brugernavn = 'ydelse'").fetch_one(&i.t.db).await.unwrap();
    sqlx::query("UPDATE opgaver SET taget_af = $1, status = 2 WHERE id = $2").bind(uid).bind(task).execute(&i.t.db).await.unwrap();
    let ydelse = i.t.login("ydelse").await;
    let body = json!({"wizard": "modtag_post", "handling": {"type": "opret_henvendelsessag"}});
    let res = i.t.call(Method::POST, &format!("/api/tasks/{task}/complete"), Some(&ydelse), None, Some(body)).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", String::from_utf8_lossy(&bytes(res).await));
    let (navn, kategori): (String, Option<i64>) = sqlx::query_as(
        "SELECT d.navn, d.kategori FROM dokumenter d JOIN sag_dokumenter sd ON sd.dokument_id = d.id
         JOIN opgave_dokumenter od ON od.dokument_id = d.id WHERE od.opgave_id = $1",
    )
    .bind(task)
    .fetch_one(&i.t.db)
    .await
    .unwrap();
    assert_eq!((navn.as_str(), kategori), ("Overslag fra optiker (kommunens navn)", Some(i64::from(doc_category::LAEGEERKLAERING))));
}

#[tokio::test]
async fn documents_joined_to_a_task_with_a_case_are_filed_on_the_case_by_the_mapping() {
    let i = Intake::new().await;
    let (borger_id, cpr) = i.borger().await;
    let row = domain::intake::MappingRow {
        formular: "Ansøgning".into(),
        navn: "Ansøgning om helbredstillæg (mapning)".into(),
        kategori: doc_category::LAEGEERKLAERING,
    };
    let res = i.set_parameter(ParameterValue::FormularDokumentkategoriMapning(vec![row]), "formular_dokumentkategori_mapning").await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", String::from_utf8_lossy(&bytes(res).await));
    let sag = i.case(borger_id, case_type::UDVIDET_HELBREDSTILLAEG, 2).await;
    let task = i.opret_bevilling(borger_id, case_type::UDVIDET_HELBREDSTILLAEG, OpgaveStatus::IGang).await;
    sqlx::query("UPDATE opgaver SET sag_id = $1 WHERE id = $2").bind(sag).bind(task).execute(&i.t.db).await.unwrap();
    let mut parts = application("case-1", "ansoegning", &cpr, case_type::UDVIDET_HELBREDSTILLAEG);
    // A JPEG sent as "foto.pdf": named by its detected format.
    parts.push(("bilag", Some("foto.pdf"), JPEG.to_vec()));
    let a = i.submit_ok(&parts).await;
    assert_eq!((a.opgave_id, a.tilknyttet_opgave), (Some(task), true));
    let names: Vec<String> = i.documents_of(task).await.into_iter().map(|d| d.0).collect();
    assert!(names.contains(&"Bilag (selvbetjening).jpg".to_owned()), "{names:?}");
    let on_case: Vec<(String, Option<i64>)> = sqlx::query_as(
        "SELECT d.navn, d.kategori FROM dokumenter d JOIN sag_dokumenter sd ON sd.dokument_id = d.id WHERE sd.sag_id = $1 ORDER BY d.id",
    )
    .bind(sag)
    .fetch_all(&i.t.db)
    .await
    .unwrap();
    assert_eq!(on_case.len(), 3, "the application, its signature and the bilag, filed on the case: {on_case:?}");
    assert!(
        on_case.contains(&("Ansøgning om helbredstillæg (mapning)".to_owned(), Some(i64::from(doc_category::LAEGEERKLAERING)))),
        "named and categorised by the mapping: {on_case:?}"
    );
    assert_eq!(names.len(), 3, "and on the task");
}

#[tokio::test]
async fn the_same_message_sent_twice_at_once_is_received_once() {
    let i = Intake::new().await;
    let (borger_id, cpr) = i.borger().await;
    let parts = application("samtidig-1", "anmodning_om_refusion", &cpr, case_type::ALM_HELBREDSTILLAEG);
    let (a, b) = tokio::join!(i.submit(&parts), i.submit(&parts));
    assert_eq!((a.status(), b.status()), (StatusCode::OK, StatusCode::OK));
    let replays = [&a, &b].iter().filter(|r| r.headers().get("idempotent-replayed").is_some()).count();
    assert_eq!(replays, 1, "one of the two is the stored answer");
    let (a, b) = (bytes(a).await, bytes(b).await);
    assert_eq!(a, b);
    let tasks: i64 = i.count(&format!("opgaver WHERE borger_id = {borger_id}")).await;
    assert_eq!(tasks, 1);
}

#[tokio::test]
async fn the_simulated_source_posts_only_messages_the_intake_api_receives() {
    let i = Intake::new().await;
    let created = server::http::credentials::rotate_demo_credentials(&i.t.ctx.store).await.unwrap();
    let tokens = server::simulator::Tokens::of(&created);
    let mut rng = server::demo::SplitMix64::new(7);
    let answered = i.count("intake_beskeder").await;
    let mut kinds = std::collections::HashSet::new();
    for _ in 0..40 {
        let (what, status) = server::simulator::post_one(&i.t.ctx, &i.t.app, &tokens, &mut rng).await.unwrap().unwrap();
        assert_eq!(status, StatusCode::OK, "{what}");
        kinds.insert(what);
    }
    assert_eq!(kinds.len(), 3, "submissions, invoices and events: {kinds:?}");
    assert_eq!(i.count("intake_beskeder").await, answered + 40);
}

#[tokio::test]
async fn intakes_at_once_all_reach_the_snapshot() {
    let i = Intake::new().await;
    let mut parts = Vec::new();
    for n in 0..4 {
        let cpr = i.borger().await.1;
        parts.push(application(&format!("mange-{n}"), "anmodning_om_refusion", &cpr, case_type::ALM_HELBREDSTILLAEG));
    }
    // A snapshot is cached already, so only a patch can bring them in.
    let cached = i.t.ctx.snapshot.get(&i.t.ctx.store).await.unwrap();
    let (before, generation) = (cached.change, cached.generation);
    let (a, b, c, d) = tokio::join!(i.submit_ok(&parts[0]), i.submit_ok(&parts[1]), i.submit_ok(&parts[2]), i.submit_ok(&parts[3]));
    // The background drain alone brings them in (no settle).
    let ids: Vec<i64> = [a, b, c, d].iter().map(|x| x.opgave_id.unwrap()).collect();
    let started = std::time::Instant::now();
    loop {
        let cached = i.t.ctx.snapshot.get(&i.t.ctx.store).await.unwrap();
        // A failed patch invalidates the snapshot (a new generation) and a
        // rebuild would bring them in too: the generation must stay.
        assert_eq!(cached.generation, generation, "the patch failed and the snapshot was rebuilt");
        if ids.iter().all(|&id| cached.live.position(id).is_some()) {
            assert!(cached.change > before);
            break;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "the drain did not patch the snapshot");
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
}

// ------------------------------------------------------------ the snapshot delta

/// `GET` as `cookie`; the answer's status, `X-Snapshot-Change` and bytes.
async fn get_bytes(t: &TestApp, uri: &str, cookie: &str) -> (StatusCode, Option<u64>, Vec<u8>) {
    let res = t.call(Method::GET, uri, Some(cookie), None, None).await;
    let change = res.headers().get("x-snapshot-change").map(|v| v.to_str().unwrap().parse().unwrap());
    (res.status(), change, bytes(res).await)
}

#[tokio::test]
async fn the_snapshot_delta_holds_exactly_the_changed_tasks_and_is_410_when_unknown() {
    use domain::snapshot::SnapshotDelta;
    use domain::Snapshot;
    let i = Intake::new().await;
    // The borger exists before the snapshot is built (as intake requires).
    let (_, cpr) = i.borger().await;
    let (status, change, raw) = get_bytes(&i.t, "/api/tasks/snapshot", &i.admin).await;
    assert_eq!(status, StatusCode::OK);
    let start = change.expect("the snapshot names its change number");
    let held = Snapshot::decode(&raw).unwrap();
    let delta_since = |n: u64| format!("/api/tasks/snapshot/delta?since={n}");

    // Since the current change: nothing.
    let (status, change, raw) = get_bytes(&i.t, &delta_since(start), &i.admin).await;
    assert_eq!((status, change), (StatusCode::OK, Some(start)));
    let d = SnapshotDelta::decode(&raw).unwrap();
    assert!(d.is_empty(), "{d:?}");
    assert_eq!((d.from, d.to), (start, start));

    // After an intake: exactly the new task, and the patched snapshot is the server's.
    let id = i.submit_ok(&application("delta-1", "anmodning_om_refusion", &cpr, 3)).await.opgave_id.unwrap();
    i.t.ctx.snapshot.settle(&i.t.ctx.store).await.unwrap();
    let (status, change, raw) = get_bytes(&i.t, &delta_since(start), &i.admin).await;
    assert_eq!(status, StatusCode::OK);
    let d = SnapshotDelta::decode(&raw).unwrap();
    assert_eq!(d.tasks.iter().map(|t| t.id).collect::<Vec<_>>(), [id]);
    assert!(d.removed.is_empty());
    assert_eq!(d.borgere.len(), 1, "the new task's borger comes along");
    assert_eq!((d.from, Some(d.to)), (start, change));
    assert!(d.to > start);
    assert!(raw.len() < 200, "one task is a small delta: {} bytes", raw.len());
    let patched = held.apply_delta(&d);
    let (_, full_change, full) = get_bytes(&i.t, "/api/tasks/snapshot", &i.admin).await;
    assert_eq!(full_change, Some(d.to));
    assert_eq!(patched, Snapshot::decode(&full).unwrap());

    // After a claim: exactly the claimed task, now "i gang".
    let after_intake = d.to;
    let pension = i.t.login("pension").await;
    let res = i.t.call(Method::POST, &format!("/api/tasks/{id}/claim"), Some(&pension), None, Some(json!({}))).await;
    assert_eq!(res.status(), StatusCode::OK);
    i.t.ctx.snapshot.settle(&i.t.ctx.store).await.unwrap();
    let (_, _, raw) = get_bytes(&i.t, &delta_since(after_intake), &i.admin).await;
    let d2 = SnapshotDelta::decode(&raw).unwrap();
    assert_eq!(d2.tasks.iter().map(|t| (t.id, t.status)).collect::<Vec<_>>(), [(id, OpgaveStatus::IGang)]);
    // From the first number, both changes (the same task once).
    let (_, _, raw) = get_bytes(&i.t, &delta_since(start), &i.admin).await;
    let both = SnapshotDelta::decode(&raw).unwrap();
    assert_eq!(both.tasks.iter().map(|t| (t.id, t.status)).collect::<Vec<_>>(), [(id, OpgaveStatus::IGang)]);
    assert_eq!(held.apply_delta(&both), patched.apply_delta(&d2));

    // Unknown numbers, and numbers from before a rebuild: 410, fetch it all.
    let e = assert_error(i.t.call(Method::GET, &delta_since(0), Some(&i.admin), None, None).await, StatusCode::GONE, "snapshot_foraeldet")
        .await;
    assert!(e.message.contains("hele"), "{}", e.message);
    i.t.ctx.snapshot.invalidate();
    assert_error(
        i.t.call(Method::GET, &delta_since(after_intake), Some(&i.admin), None, None).await,
        StatusCode::GONE,
        "snapshot_foraeldet",
    )
    .await;
    let (_, now, _) = get_bytes(&i.t, "/api/tasks/snapshot", &i.admin).await;
    assert_eq!(get_bytes(&i.t, &delta_since(now.unwrap()), &i.admin).await.0, StatusCode::OK);

    // A bad number is 400; caseworkers get 403, no session 401.
    assert_error(
        i.t.call(Method::GET, "/api/tasks/snapshot/delta?since=x", Some(&i.admin), None, None).await,
        StatusCode::BAD_REQUEST,
        "ugyldig_forespoergsel",
    )
    .await;
    assert_error(i.t.call(Method::GET, &delta_since(start), Some(&pension), None, None).await, StatusCode::FORBIDDEN, "ingen_adgang").await;
    assert_error(i.t.call(Method::GET, &delta_since(start), None, None, None).await, StatusCode::UNAUTHORIZED, "ikke_logget_ind").await;
}
