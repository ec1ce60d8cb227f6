//! The package editor's routes and role administration: create, versions
//! with `If-Match`, validation, preview, roles. Each test builds the app on
//! a fresh SQLite file with a small demo data set and calls it with
//! `oneshot` (no socket).

use axum::body::Body;
use axum::http::{header, Method, Response, StatusCode};
use chrono::NaiveDate;
use domain::codes::{CONFLICT_ROLE_IN_USE, CONFLICT_STALE_VERSION, VALIDATION_FAILED};
use domain::model::{Kilde, Rolle};
use domain::package::{periods_overlap, PackageDraft, PackageFilter, PackageVersion, RelationValg};
use domain::preview::Preview;
use domain::wire::ApiError;
use domain::{CompiledFilter, Snapshot};
use tower::ServiceExt;

const NOT_SAVED: &str = "Opgavepakken kunne ikke gemmes. Ret de markerede felter.";
const STALE: &str =
    "Opgavepakken er ændret af en anden, siden du åbnede den. Se den nyeste version ved siden af dine ændringer, og gem igen.";

mod common;
use common::*;

impl TestApp {
    async fn get(&self, uri: &str, cookie: &str) -> Response<Body> {
        self.call(Method::GET, uri, Some(cookie), None, None).await
    }

    async fn post<T: serde::Serialize>(&self, uri: &str, cookie: &str, body: &T) -> Response<Body> {
        self.call(Method::POST, uri, Some(cookie), None, Some(serde_json::to_value(body).unwrap())).await
    }

    async fn new_version(&self, key: &str, cookie: &str, if_match: Option<&str>, draft: &PackageDraft) -> Response<Body> {
        let uri = format!("/api/packages/{key}/versions");
        self.call(Method::POST, &uri, Some(cookie), if_match, Some(serde_json::to_value(draft).unwrap())).await
    }

    async fn role_id(&self, name: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM roller WHERE navn = $1").bind(name).fetch_one(&self.db).await.unwrap()
    }

    async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.db).await.unwrap()
    }

    /// All versions of a key, newest first, and the `ETag` of the answer.
    async fn history(&self, key: &str, cookie: &str) -> (Vec<PackageVersion>, String) {
        let res = self.get(&format!("/api/packages/{key}"), cookie).await;
        assert_eq!(res.status(), StatusCode::OK);
        let etag = res.headers()[header::ETAG].to_str().unwrap().to_owned();
        (json(res).await, etag)
    }

    async fn valid_at(&self, day: &str, cookie: &str) -> Vec<PackageVersion> {
        let res = self.get(&format!("/api/packages?at={day}"), cookie).await;
        assert_eq!(res.status(), StatusCode::OK);
        json(res).await
    }
}

fn fields(e: &ApiError) -> Vec<&str> {
    e.fields.iter().map(|f| f.field.as_str()).collect()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn draft(navn: &str, roller: Vec<i64>, gyldig_fra: &str) -> PackageDraft {
    PackageDraft {
        navn: navn.into(),
        beskrivelse: "Til test.".into(),
        filter: PackageFilter {
            opgavetyper: vec![domain::catalog::task_type::OPRET_BEVILLING],
            kilder: vec![Kilde::Selvbetjening],
            relation: Some(RelationValg::Person),
            ..Default::default()
        },
        roller,
        aendringsaarsag: "Oprettet til test".into(),
        gyldig_fra: d(gyldig_fra),
        gyldig_til: None,
    }
}

fn assert_no_overlap(versions: &[PackageVersion]) {
    for (i, a) in versions.iter().enumerate() {
        for b in &versions[i + 1..] {
            assert!(
                !periods_overlap(a.draft.gyldig_fra, a.draft.gyldig_til, b.draft.gyldig_fra, b.draft.gyldig_til),
                "versions {} and {} overlap",
                a.version,
                b.version
            );
        }
    }
}

#[tokio::test]
async fn created_package_gets_the_next_key_and_is_listed_from_its_gyldig_fra() {
    let t = test_app().await;
    let admin = t.login("admin").await;
    let post = t.role_id("Post og selvbetjening").await;
    let oekonomi = t.role_id("Økonomi").await;
    let mut new = draft("  Ansøgninger fra selvbetjening ", vec![oekonomi, post, post], "2026-03-01");
    new.gyldig_til = Some(d("2026-12-31"));

    let res = t.post("/api/packages", &admin, &new).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let etag = res.headers()[header::ETAG].to_str().unwrap().to_owned();
    assert_eq!(res.headers()[header::LOCATION], "/api/packages/OP-0009");
    let v: PackageVersion = json(res).await;
    // the demo has OP-0001 … OP-0008
    assert_eq!(v.noegle, "OP-0009");
    assert_eq!(etag, format!("\"{}\"", v.version));
    assert_eq!(v.draft.navn, "Ansøgninger fra selvbetjening");
    assert_eq!(v.draft.filter, new.filter);
    let mut want_roles = vec![oekonomi, post];
    want_roles.sort();
    assert_eq!(v.draft.roller, want_roles);
    assert_eq!((v.draft.gyldig_fra, v.draft.gyldig_til), (d("2026-03-01"), Some(d("2026-12-31"))));
    assert_eq!(v.oprettet_af, "admin");
    assert_eq!(v.draft.aendringsaarsag, "Oprettet til test");
    assert!(chrono::DateTime::parse_from_rfc3339(&v.oprettet).is_ok(), "{}", v.oprettet);

    let listed = |vs: &[PackageVersion]| vs.iter().any(|x| x.noegle == "OP-0009");
    assert!(!listed(&t.valid_at("2026-02-28", &admin).await));
    let at_start = t.valid_at("2026-03-01", &admin).await;
    assert_eq!(at_start.iter().find(|x| x.noegle == "OP-0009"), Some(&v));
    assert!(listed(&t.valid_at("2026-12-31", &admin).await));
    assert!(!listed(&t.valid_at("2027-01-01", &admin).await));

    // the next one gets the next key; a name may be reused in a period that does not overlap
    let res = t.post("/api/packages", &admin, &draft("Ansøgninger fra selvbetjening", vec![post], "2027-01-01")).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(json::<PackageVersion>(res).await.noegle, "OP-0010");
    // and the role rows are stored
    assert_eq!(t.count("SELECT COUNT(*) FROM opgavepakke_roller WHERE version_id IN (SELECT id FROM opgavepakke_versioner WHERE navn = 'Ansøgninger fra selvbetjening')").await, 3);
}

#[tokio::test]
async fn each_validation_rule_answers_422_on_its_field_and_saves_nothing() {
    let t = test_app().await;
    let admin = t.login("admin").await;
    let role = t.role_id("Økonomi").await;
    let packages_before = t.count("SELECT COUNT(*) FROM opgavepakker").await;
    let versions_before = t.count("SELECT COUNT(*) FROM opgavepakke_versioner").await;
    let ok = draft("Ny pakke", vec![role], "2026-01-01");

    type Edit = fn(&mut PackageDraft);
    let cases: Vec<(&str, Edit, Vec<&str>)> = vec![
        ("name required", |x| x.navn = "   ".into(), vec!["navn"]),
        ("name too long", |x| x.navn = "x".repeat(101), vec!["navn"]),
        ("relation required", |x| x.filter.relation = None, vec!["relation"]),
        ("at least one role", |x| x.roller.clear(), vec!["roller"]),
        ("unknown role", |x| x.roller = vec![9999], vec!["roller"]),
        ("cpr fra > til", |x| (x.filter.cpr_fra, x.filter.cpr_til) = (Some(20), Some(10)), vec!["cpr_til"]),
        ("cpr out of range", |x| x.filter.cpr_fra = Some(100), vec!["cpr_fra"]),
        ("gyldig til before fra", |x| x.gyldig_til = Some(d("2025-12-31")), vec!["gyldig_til"]),
        ("unknown catalogue id", |x| x.filter.sagstyper = vec![0], vec!["sagstyper"]),
        ("beskrivelse too long", |x| x.beskrivelse = "æ".repeat(2001), vec!["beskrivelse"]),
        ("ændringsårsag too long", |x| x.aendringsaarsag = "a".repeat(2001), vec!["aendringsaarsag"]),
        ("gyldig fra before 1900", |x| x.gyldig_fra = d("1899-12-31"), vec!["gyldig_fra"]),
        ("gyldig til after 2200", |x| x.gyldig_til = Some(d("2201-01-01")), vec!["gyldig_til"]),
        ("too many units", |x| x.filter.enheder = vec![1; 501], vec!["enheder"]),
        ("a name with a line break", |x| x.navn = "To\nlinjer".into(), vec!["navn"]),
        // "eFaktura" (OP-0003) is valid from 2024 and open-ended
        ("unique name in overlapping period", |x| x.navn = "EFAKTURA".into(), vec!["navn"]),
        ("several at once", |x| (x.navn, x.roller) = (String::new(), Vec::new()), vec!["navn", "roller"]),
    ];
    for (what, edit, want) in cases {
        let mut x = ok.clone();
        edit(&mut x);
        let e = assert_error(t.post("/api/packages", &admin, &x).await, StatusCode::UNPROCESSABLE_ENTITY, VALIDATION_FAILED).await;
        assert_eq!(fields(&e), want, "{what}");
        assert_eq!(e.message, NOT_SAVED, "{what}");
        assert!(e.fields.iter().all(|f| f.message.ends_with('.')), "{what}: {:?}", e.fields);
    }
    let e = assert_error(
        t.post("/api/packages", &admin, &PackageDraft { navn: "efaktura".into(), ..ok.clone() }).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        VALIDATION_FAILED,
    )
    .await;
    assert!(e.fields[0].message.contains("OP-0003"), "{}", e.fields[0].message);

    // "Opret bevilling 2024" ended 2024-12-31: its name is free from 2025
    let mut reuse = ok.clone();
    reuse.navn = "Opret bevilling 2024".into();
    reuse.gyldig_fra = d("2024-12-31");
    let e = assert_error(t.post("/api/packages", &admin, &reuse).await, StatusCode::UNPROCESSABLE_ENTITY, VALIDATION_FAILED).await;
    assert_eq!(fields(&e), ["navn"]);
    assert_eq!(t.count("SELECT COUNT(*) FROM opgavepakker").await, packages_before);
    assert_eq!(t.count("SELECT COUNT(*) FROM opgavepakke_versioner").await, versions_before);
    reuse.gyldig_fra = d("2025-01-01");
    assert_eq!(t.post("/api/packages", &admin, &reuse).await.status(), StatusCode::CREATED);

    // a body that is not a draft is the app's JSON error, not a 500
    let res = t.call(Method::POST, "/api/packages", Some(&admin), None, Some(serde_json::json!({ "navn": 1 }))).await;
    assert_error(res, StatusCode::UNPROCESSABLE_ENTITY, "ugyldig_json").await;
}

#[tokio::test]
async fn a_new_version_ends_the_previous_one_the_day_before() {
    let t = test_app().await;
    let admin = t.login("admin").await;
    let oekonomi = t.role_id("Økonomi").await;
    let ydelse = t.role_id("Ydelser (KY)").await;
    // OP-0003 "eFaktura": one version from 2024-01-01, open-ended
    let (before, etag) = t.history("OP-0003", &admin).await;
    assert_eq!(before.len(), 1);
    assert_eq!(etag, format!("\"{}\"", before[0].version));

    let mut next = before[0].draft.clone();
    next.roller = vec![oekonomi, ydelse];
    next.aendringsaarsag = "Ydelsesteamet tager også eFakturaer.".into();
    next.gyldig_fra = d("2026-07-01");
    let res = t.new_version("OP-0003", &admin, Some(&etag), &next).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let new_etag = res.headers()[header::ETAG].to_str().unwrap().to_owned();
    let v2: PackageVersion = json(res).await;
    assert_eq!(new_etag, format!("\"{}\"", v2.version));
    assert_eq!(v2.noegle, "OP-0003");

    let (after, etag) = t.history("OP-0003", &admin).await;
    assert_eq!(etag, new_etag);
    assert_eq!(after.iter().map(|v| v.version).collect::<Vec<_>>(), [v2.version, before[0].version]);
    assert_eq!((after[0].draft.gyldig_fra, after[0].draft.gyldig_til), (d("2026-07-01"), None));
    assert_eq!((after[1].draft.gyldig_fra, after[1].draft.gyldig_til), (d("2024-01-01"), Some(d("2026-06-30"))));
    assert_eq!(after[0].oprettet_af, "admin");
    assert_eq!(after[0].draft.aendringsaarsag, "Ydelsesteamet tager også eFakturaer.");
    assert_eq!(after[1].draft.aendringsaarsag, before[0].draft.aendringsaarsag);
    assert_no_overlap(&after);

    // GET /api/packages?at= follows
    let at = |vs: Vec<PackageVersion>| vs.into_iter().find(|v| v.noegle == "OP-0003").map(|v| v.version);
    assert_eq!(at(t.valid_at("2026-06-30", &admin).await), Some(before[0].version));
    assert_eq!(at(t.valid_at("2026-07-01", &admin).await), Some(v2.version));

    // D must be after the newest version's gyldig fra
    let mut same_day = next.clone();
    same_day.gyldig_fra = d("2026-07-01");
    let e = assert_error(
        t.new_version("OP-0003", &admin, Some(&new_etag), &same_day).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        VALIDATION_FAILED,
    )
    .await;
    assert_eq!(fields(&e), ["gyldig_fra"]);
    assert!(e.fields[0].message.contains("01.07.2026"), "{}", e.fields[0].message);

    // If-Match also bare and weak; a version with an end leaves a gap before the next
    let mut v3 = next.clone();
    v3.gyldig_fra = d("2027-01-01");
    v3.gyldig_til = Some(d("2027-03-31"));
    let res = t.new_version("OP-0003", &admin, Some(&v2.version.to_string()), &v3).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let v3: PackageVersion = json(res).await;
    let mut v4 = next.clone();
    v4.gyldig_fra = d("2027-06-01");
    v4.aendringsaarsag = "  ".into();
    let res = t.new_version("OP-0003", &admin, Some(&format!("W/\"{}\"", v3.version)), &v4).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let (all, _) = t.history("OP-0003", &admin).await;
    let periods: Vec<_> = all.iter().map(|v| (v.draft.gyldig_fra, v.draft.gyldig_til)).collect();
    assert_eq!(
        periods,
        [
            (d("2027-06-01"), None),
            (d("2027-01-01"), Some(d("2027-03-31"))),
            (d("2026-07-01"), Some(d("2026-12-31"))),
            (d("2024-01-01"), Some(d("2026-06-30"))),
        ]
    );
    assert_no_overlap(&all);
    assert!(at(t.valid_at("2027-05-01", &admin).await).is_none());

    // The audit log says it with Danish dates, and the reason only when there is one.
    let res = t.get("/api/audit", &admin).await;
    let texts: Vec<String> = json::<domain::wire::audit::AuditPage>(res).await.poster.into_iter().map(|e| e.detaljer).collect();
    assert!(texts.contains(&"OP-0003: ny version fra 01.07.2026 (Ydelsesteamet tager også eFakturaer.)".to_owned()), "{texts:?}");
    assert!(texts.contains(&"OP-0003: ny version fra 01.06.2027".to_owned()), "{texts:?}");
}

#[tokio::test]
async fn new_version_keeps_its_own_name_but_not_another_packages() {
    let t = test_app().await;
    let admin = t.login("admin").await;
    let (v, etag) = t.history("OP-0003", &admin).await;
    let mut next = v[0].draft.clone();
    next.gyldig_fra = d("2026-02-01");
    next.navn = "Manuel godkendelse".into(); // OP-0002's name
    let e =
        assert_error(t.new_version("OP-0003", &admin, Some(&etag), &next).await, StatusCode::UNPROCESSABLE_ENTITY, VALIDATION_FAILED).await;
    assert_eq!(fields(&e), ["navn"]);
    assert!(e.fields[0].message.contains("OP-0002"));
    next.navn = "eFaktura".into();
    assert_eq!(t.new_version("OP-0003", &admin, Some(&etag), &next).await.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn stale_or_missing_if_match_changes_nothing() {
    let t = test_app().await;
    let admin = t.login("admin").await;
    let (before, etag) = t.history("OP-0002", &admin).await;
    let mut mine = before[0].draft.clone();
    mine.gyldig_fra = d("2026-09-01");
    mine.aendringsaarsag = "Min ændring".into();
    let mut theirs = mine.clone();
    theirs.aendringsaarsag = "Deres ændring".into();
    theirs.gyldig_fra = d("2026-08-01");

    // missing If-Match
    let e = assert_error(t.new_version("OP-0002", &admin, None, &mine).await, StatusCode::PRECONDITION_REQUIRED, "mangler_if_match").await;
    assert!(e.message.contains("If-Match"));
    // not a version id
    for bad in ["abc", "\"12", "*", ""] {
        assert_error(t.new_version("OP-0002", &admin, Some(bad), &mine).await, StatusCode::BAD_REQUEST, "ugyldig_if_match").await;
    }
    // unknown key
    assert_error(t.new_version("OP-9999", &admin, Some(&etag), &mine).await, StatusCode::NOT_FOUND, "ikke_fundet").await;
    assert_error(t.get("/api/packages/OP-9999", &admin).await, StatusCode::NOT_FOUND, "ikke_fundet").await;
    assert_eq!(t.history("OP-0002", &admin).await.0, before);

    // someone else saves first on the same base
    assert_eq!(t.new_version("OP-0002", &admin, Some(&etag), &theirs).await.status(), StatusCode::CREATED);
    let (after_theirs, _) = t.history("OP-0002", &admin).await;
    let versions = t.count("SELECT COUNT(*) FROM opgavepakke_versioner").await;
    let e = assert_error(t.new_version("OP-0002", &admin, Some(&etag), &mine).await, StatusCode::CONFLICT, CONFLICT_STALE_VERSION).await;
    assert_eq!(e.message, STALE);
    // an older version id is stale too, even with a valid body
    let e = assert_error(
        t.new_version("OP-0002", &admin, Some(&before[0].version.to_string()), &mine).await,
        StatusCode::CONFLICT,
        CONFLICT_STALE_VERSION,
    )
    .await;
    assert_eq!(e.message, STALE);
    assert_eq!(t.count("SELECT COUNT(*) FROM opgavepakke_versioner").await, versions);
    assert_eq!(t.history("OP-0002", &admin).await.0, after_theirs);
    assert_eq!(after_theirs[0].draft.aendringsaarsag, "Deres ændring");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_saves_on_the_same_base_cannot_both_win() {
    let t = test_app().await;
    let admin = t.login("admin").await;
    let (before, etag) = t.history("OP-0005", &admin).await;
    let mut tasks = Vec::new();
    for i in 0..6u32 {
        let mut x = before[0].draft.clone();
        x.gyldig_fra = d("2026-05-01") + chrono::Days::new(u64::from(i));
        x.aendringsaarsag = format!("Samtidig ændring {i}");
        let req =
            request(Method::POST, "/api/packages/OP-0005/versions", Some(&admin), Some(&etag), Some(serde_json::to_value(&x).unwrap()));
        let app = t.app.clone();
        tasks.push(tokio::spawn(async move { app.oneshot(req).await.unwrap().status() }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count(), 5, "{statuses:?}");
    let (after, _) = t.history("OP-0005", &admin).await;
    assert_eq!(after.len(), 2);
    assert_no_overlap(&after);
}

#[tokio::test]
async fn caseworkers_get_403_on_every_write_and_nothing_changes() {
    let t = test_app().await;
    let admin = t.login("admin").await;
    let (before, etag) = t.history("OP-0001", &admin).await;
    let role = t.role_id("Økonomi").await;
    let body = serde_json::to_value(draft("Sneget ind", vec![role], "2026-01-01")).unwrap();
    let mut later = before[0].draft.clone();
    later.gyldig_fra = d("2027-01-01");
    let later = serde_json::to_value(later).unwrap();
    let preview = serde_json::json!({ "filter": {} });
    let role_body = serde_json::json!({ "navn": "Ny rolle" });
    let calls: Vec<(Method, String, Option<serde_json::Value>)> = vec![
        (Method::POST, "/api/packages".into(), Some(body)),
        (Method::GET, "/api/packages/OP-0001".into(), None),
        (Method::POST, "/api/packages/OP-0001/versions".into(), Some(later)),
        (Method::POST, "/api/packages/preview".into(), Some(preview)),
        (Method::POST, "/api/roles".into(), Some(role_body.clone())),
        (Method::PUT, format!("/api/roles/{role}"), Some(role_body)),
        (Method::DELETE, format!("/api/roles/{role}"), None),
    ];
    let counts = || async {
        (
            t.count("SELECT COUNT(*) FROM opgavepakke_versioner").await,
            t.count("SELECT COUNT(*) FROM roller").await,
            t.count("SELECT COUNT(*) FROM roller WHERE navn = 'Økonomi'").await,
        )
    };
    let start = counts().await;
    for user in ["pension", "ydelse", "oekonomi"] {
        let cookie = t.login(user).await;
        for (method, uri, body) in &calls {
            let res = t.call(method.clone(), uri, Some(&cookie), Some(&etag), body.clone()).await;
            assert_error(res, StatusCode::FORBIDDEN, "ingen_adgang").await;
            let res = t.call(method.clone(), uri, None, Some(&etag), body.clone()).await;
            assert_error(res, StatusCode::UNAUTHORIZED, "ikke_logget_ind").await;
        }
    }
    assert_eq!(counts().await, start);
    assert_eq!(t.history("OP-0001", &admin).await.0, before);
}

#[tokio::test]
async fn a_role_in_use_cannot_be_deleted() {
    let t = test_app().await;
    let admin = t.login("admin").await;
    let roles_before = t.count("SELECT COUNT(*) FROM roller").await;

    // "Økonomi": packages OP-0002 and OP-0003, and the user oekonomi
    let oekonomi = t.role_id("Økonomi").await;
    let res = t.call(Method::DELETE, &format!("/api/roles/{oekonomi}"), Some(&admin), None, None).await;
    let e = assert_error(res, StatusCode::CONFLICT, CONFLICT_ROLE_IN_USE).await;
    assert!(
        e.message.starts_with("Rollen »Økonomi« bruges af opgavepakkerne OP-0002 (Manuel godkendelse) og OP-0003 (eFaktura) og kan ikke slettes. Fjern den fra pakkerne først."),
        "{}",
        e.message
    );
    assert!(e.message.contains("oekonomi (Ole Jensen)"), "{}", e.message);

    // a role only a user has
    let res = t.post("/api/roles", &admin, &serde_json::json!({ "navn": "Kun bruger" })).await;
    let only_user: Rolle = json(res).await;
    let pension_user: i64 = sqlx::query_scalar("SELECT id FROM brugere WHERE brugernavn = 'pension'").fetch_one(&t.db).await.unwrap();
    sqlx::query("INSERT INTO bruger_roller (bruger_id, rolle_id) VALUES ($1, $2)")
        .bind(pension_user)
        .bind(only_user.id)
        .execute(&t.db)
        .await
        .unwrap();
    let res = t.call(Method::DELETE, &format!("/api/roles/{}", only_user.id), Some(&admin), None, None).await;
    let e = assert_error(res, StatusCode::CONFLICT, CONFLICT_ROLE_IN_USE).await;
    assert_eq!(
        e.message,
        "Rollen »Kun bruger« er givet til brugeren pension (Peter Pedersen) og kan ikke slettes. Fjern den fra brugerne først."
    );

    // a role only an old version of a package has
    let res = t.post("/api/roles", &admin, &serde_json::json!({ "navn": "Midlertidig" })).await;
    let temp: Rolle = json(res).await;
    let res = t.post("/api/packages", &admin, &draft("Midlertidig pakke", vec![temp.id], "2025-01-01")).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let etag = res.headers()[header::ETAG].to_str().unwrap().to_owned();
    let v1: PackageVersion = json(res).await;
    let mut v2 = v1.draft.clone();
    v2.roller = vec![oekonomi];
    v2.gyldig_fra = d("2026-01-01");
    assert_eq!(t.new_version(&v1.noegle, &admin, Some(&etag), &v2).await.status(), StatusCode::CREATED);
    let res = t.call(Method::DELETE, &format!("/api/roles/{}", temp.id), Some(&admin), None, None).await;
    let e = assert_error(res, StatusCode::CONFLICT, CONFLICT_ROLE_IN_USE).await;
    assert_eq!(
        e.message,
        format!(
            "Rollen »Midlertidig« bruges af opgavepakken {} (Midlertidig pakke) og kan ikke slettes. Fjern den fra pakkerne først.",
            v1.noegle
        )
    );

    assert_eq!(t.count("SELECT COUNT(*) FROM roller").await, roles_before + 2);
    assert_eq!(t.count("SELECT COUNT(*) FROM bruger_roller WHERE rolle_id IN (SELECT id FROM roller WHERE navn = 'Økonomi')").await, 1);
}

#[tokio::test]
async fn roles_are_created_renamed_and_deleted() {
    let t = test_app().await;
    let admin = t.login("admin").await;
    let res = t.post("/api/roles", &admin, &serde_json::json!({ "navn": "  Klagesager ", "beskrivelse": "Behandler klager." })).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let role: Rolle = json(res).await;
    assert_eq!((role.navn.as_str(), role.beskrivelse.as_str()), ("Klagesager", "Behandler klager."));
    let all: Vec<Rolle> = json(t.get("/api/roles", &admin).await).await;
    assert_eq!(all.len(), 5);
    assert!(all.contains(&role));
    // listed in Danish alphabetical order (Æ, Ø, Å after Z; case does not count)
    for navn in ["Åbne sager", "Ældresager", "ørelæger"] {
        assert_eq!(t.post("/api/roles", &admin, &serde_json::json!({ "navn": navn })).await.status(), StatusCode::CREATED);
    }
    let names: Vec<String> = json::<Vec<Rolle>>(t.get("/api/roles", &admin).await).await.into_iter().map(|r| r.navn).collect();
    let mut danish = names.clone();
    danish.sort_by(|a, b| domain::collate::danish_cmp(a, b));
    assert_eq!(names, danish);
    assert_eq!(names[names.len() - 4..], ["Ældresager", "Økonomi", "ørelæger", "Åbne sager"]);
    for navn in ["Åbne sager", "Ældresager", "ørelæger"] {
        let id = t.role_id(navn).await;
        let res = t.call(Method::DELETE, &format!("/api/roles/{id}"), Some(&admin), None, None).await;
        assert!(res.status().is_success(), "{navn}");
    }

    // names are required and unique regardless of case, also æøå
    for (body, field) in [
        (serde_json::json!({ "navn": "" }), "navn"),
        (serde_json::json!({ "navn": "   " }), "navn"),
        (serde_json::json!({ "navn": "klagesager" }), "navn"),
        (serde_json::json!({ "navn": "ØKONOMI" }), "navn"),
        (serde_json::json!({ "navn": "x".repeat(101) }), "navn"),
        (serde_json::json!({ "navn": "Ok", "beskrivelse": "x".repeat(501) }), "beskrivelse"),
        (serde_json::json!({ "navn": "Ny\nrolle" }), "navn"),
        (serde_json::json!({ "navn": "Tab\there" }), "navn"),
    ] {
        let e = assert_error(t.post("/api/roles", &admin, &body).await, StatusCode::UNPROCESSABLE_ENTITY, VALIDATION_FAILED).await;
        assert_eq!(fields(&e), [field], "{body}");
        assert_eq!(e.message, "Rollen kunne ikke gemmes. Ret de markerede felter.");
    }
    let e = assert_error(
        t.post("/api/roles", &admin, &serde_json::json!({ "navn": "økonomi" })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        VALIDATION_FAILED,
    )
    .await;
    assert_eq!(e.fields[0].message, "Der findes allerede en rolle med navnet »Økonomi«. Vælg et andet navn.");
    assert_eq!(t.count("SELECT COUNT(*) FROM roller").await, 5);

    // rename: its own name in another case is fine, another role's is not
    let uri = format!("/api/roles/{}", role.id);
    let put = |body: serde_json::Value| t.call(Method::PUT, &uri, Some(&admin), None, Some(body));
    let res = put(serde_json::json!({ "navn": "KLAGESAGER", "beskrivelse": "" })).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        json::<Rolle>(res).await,
        Rolle { id: role.id, navn: "KLAGESAGER".into(), beskrivelse: String::new(), rettigheder: Vec::new() }
    );
    let e = assert_error(put(serde_json::json!({ "navn": "Økonomi" })).await, StatusCode::UNPROCESSABLE_ENTITY, VALIDATION_FAILED).await;
    assert_eq!(fields(&e), ["navn"]);
    let res = put(serde_json::json!({ "navn": "Klager og ankesager", "beskrivelse": "Klager." })).await;
    assert_eq!(res.status(), StatusCode::OK);
    let all: Vec<Rolle> = json(t.get("/api/roles", &admin).await).await;
    assert!(all.contains(&Rolle {
        id: role.id,
        navn: "Klager og ankesager".into(),
        beskrivelse: "Klager.".into(),
        rettigheder: Vec::new()
    }));
    // unknown ids
    for bad in ["9999", "abc"] {
        let res = t.call(Method::PUT, &format!("/api/roles/{bad}"), Some(&admin), None, Some(serde_json::json!({ "navn": "X" }))).await;
        assert_error(res, StatusCode::NOT_FOUND, "ikke_fundet").await;
        let res = t.call(Method::DELETE, &format!("/api/roles/{bad}"), Some(&admin), None, None).await;
        assert_error(res, StatusCode::NOT_FOUND, "ikke_fundet").await;
    }

    // the new role can be given to a package and shows up there
    let res = t.post("/api/packages", &admin, &draft("Klager", vec![role.id], "2026-01-01")).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let pkg: PackageVersion = json(res).await;
    assert_eq!(pkg.draft.roller, [role.id]);

    // delete an unused role
    let res = t.post("/api/roles", &admin, &serde_json::json!({ "navn": "Ubrugt" })).await;
    let unused: Rolle = json(res).await;
    let res = t.call(Method::DELETE, &format!("/api/roles/{}", unused.id), Some(&admin), None, None).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let all: Vec<Rolle> = json(t.get("/api/roles", &admin).await).await;
    assert!(all.iter().all(|r| r.id != unused.id));
    let res = t.call(Method::DELETE, &format!("/api/roles/{}", unused.id), Some(&admin), None, None).await;
    assert_error(res, StatusCode::NOT_FOUND, "ikke_fundet").await;
}

#[tokio::test]
async fn server_preview_equals_the_browser_filter_and_sql() {
    let t = test_app().await;
    let admin = t.login("admin").await;
    let raw = bytes(t.get("/api/tasks/snapshot", &admin).await).await;
    let snap = Snapshot::decode(&raw).unwrap();
    use domain::catalog::{case_type, task_type};
    use domain::package::{Beloebsgodkendelse, Sagsudsoegning};
    let filters = [
        PackageFilter::default(),
        PackageFilter { opgavetyper: vec![task_type::MODTAG_POST], kilder: vec![Kilde::Selvbetjening], ..Default::default() },
        PackageFilter { cpr_fra: Some(1), cpr_til: Some(15), relation: Some(RelationValg::Person), ..Default::default() },
        PackageFilter { relation: Some(RelationValg::Kommune), ..Default::default() },
        PackageFilter { beloebsgodkendelse: Beloebsgodkendelse::Kun, ..Default::default() },
        PackageFilter {
            sagstyper: vec![case_type::FOLKEPENSION, case_type::FOERTIDSPENSION],
            sagsudsoegning: Sagsudsoegning::Person,
            ..Default::default()
        },
        PackageFilter { ydelser: vec![1, 2], enheder: vec![1, 2, 3], ..Default::default() },
    ];
    let mut nonzero = 0;
    for f in &filters {
        let res = t.post("/api/packages/preview", &admin, &serde_json::json!({ "filter": f })).await;
        assert_eq!(res.status(), StatusCode::OK);
        let p: Preview = json(res).await;
        assert_eq!(p.antal as usize, CompiledFilter::new(f).count(&snap), "{f:?}");
        // the whole answer is what the browser computes on the snapshot it got
        assert_eq!(p, domain::preview::preview(&snap, f), "{f:?}");
        nonzero += usize::from(p.antal > 0);
    }
    assert!(nonzero >= 5, "the demo data should make most filters match something");

    // independently by SQL: Modtag post from Selvbetjening
    let f = &filters[1];
    let p: Preview = json(t.post("/api/packages/preview", &admin, &serde_json::json!({ "filter": f })).await).await;
    let sql = t.count("SELECT COUNT(*) FROM opgaver WHERE opgavetype = 1 AND kilde = 1 AND status <> 4").await;
    assert!(sql > 0);
    assert_eq!(p.antal as i64, sql);
    assert!(p.opgaver.iter().all(|r| r.opgavetype == task_type::MODTAG_POST && r.kilde == Kilde::Selvbetjening));

    // unknown catalogue ids are refused like in a draft
    let bad = serde_json::json!({ "filter": { "opgavetyper": [9999], "enheder": [0] } });
    let e = assert_error(t.post("/api/packages/preview", &admin, &bad).await, StatusCode::UNPROCESSABLE_ENTITY, VALIDATION_FAILED).await;
    assert_eq!(fields(&e), ["opgavetyper", "enheder"]);
    let res = t.post("/api/packages/preview", &admin, &serde_json::json!({ "filtre": {} })).await;
    assert_error(res, StatusCode::UNPROCESSABLE_ENTITY, "ugyldig_json").await;
}

#[tokio::test]
async fn openapi_describes_the_editor_routes() {
    let t = test_app().await;
    let admin = t.login("admin").await;
    let doc: serde_json::Value = json(t.get("/api/openapi.json", &admin).await).await;
    let paths = &doc["paths"];
    for (path, method) in [
        ("/api/roles", "post"),
        ("/api/roles/{id}", "put"),
        ("/api/roles/{id}", "delete"),
        ("/api/packages", "post"),
        ("/api/packages/{key}", "get"),
        ("/api/packages/{key}/versions", "post"),
        ("/api/packages/preview", "post"),
    ] {
        assert!(paths[path][method].is_object(), "{method} {path} missing from OpenAPI");
    }
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for s in ["PackageDraft", "PreviewRequest", "Preview", "PreviewRow", "RoleInput", "Rolle", "FieldError"] {
        assert!(schemas.contains_key(s), "schema {s} missing");
    }
    let params = paths["/api/packages/{key}/versions"]["post"]["parameters"].as_array().unwrap();
    assert!(params.iter().any(|p| p["name"] == "If-Match" && p["in"] == "header"));
}

#[tokio::test]
async fn the_database_refuses_overlapping_versions_too() {
    let t = test_app().await;
    // OP-0001 "Post fra selvbetjening": 2024-01-01..2025-12-31, then from 2026-01-01
    let ids: Vec<(i64, String)> = sqlx::query_as(
        "SELECT v.id, v.gyldig_fra FROM opgavepakke_versioner v JOIN opgavepakker p ON p.id = v.pakke_id
         WHERE p.noegle = 'OP-0001' ORDER BY v.gyldig_fra",
    )
    .fetch_all(&t.db)
    .await
    .unwrap();
    assert_eq!(ids.len(), 2);
    let reopen = sqlx::query("UPDATE opgavepakke_versioner SET gyldig_til = NULL WHERE id = $1").bind(ids[0].0).execute(&t.db).await;
    // SQLite: the trigger's "må ikke overlappe i tid"; PostgreSQL: the exclusion constraint
    assert_eq!(server::store::Error::from(reopen.unwrap_err()).kind(), server::store::ErrorKind::Overlap);
    let pakke: i64 = t.count("SELECT id FROM opgavepakker WHERE noegle = 'OP-0001'").await;
    let insert = sqlx::query(
        "INSERT INTO opgavepakke_versioner (pakke_id, navn, filter, gyldig_fra, oprettet_af, oprettet)
         VALUES ($1, 'Overlap', '{}', '2025-06-01', 1, '2026-01-01T00:00:00+01:00')",
    )
    .bind(pakke)
    .execute(&t.db)
    .await;
    let refused = insert.unwrap_err();
    // the store calls it an overlap, which the API answers with 409
    assert_eq!(server::store::Error::from(refused).kind(), server::store::ErrorKind::Overlap);
    // ending a version earlier is fine
    sqlx::query("UPDATE opgavepakke_versioner SET gyldig_til = '2025-06-30' WHERE id = $1").bind(ids[0].0).execute(&t.db).await.unwrap();
}
