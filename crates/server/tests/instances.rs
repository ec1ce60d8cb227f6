//! Several server instances on one PostgreSQL database (`cargo xtask test`
//! step 2b sets `OPGAVEPAKKER_TEST_DATABASE_URL`; without it these tests
//! say so and pass: one SQLite file has one instance). Two instances, A
//! and B, share a fresh database: a session made on A works on B, a write
//! on A reaches B's task snapshot within a second (the change log and its
//! notifications), racing claims over both have one winner, two saves
//! on the same `If-Match` over both give one 201 and one 409, and the login
//! throttle and the upload quota count what both received.

use axum::body::Body;
use axum::http::{header, Method, Response, StatusCode};
use axum::Router;
use domain::package::PackageVersion;
use domain::preview::Preview;
use domain::wire::packages::{MyPackage, TaskPage};
use domain::wire::tasks::ClaimResult;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tower::ServiceExt;

mod common;
use common::*;

/// Two instances on one fresh PostgreSQL database, or `None` without one.
async fn two_instances() -> Option<(TestApp, Router)> {
    two_instances_configured(|_| {}).await
}

async fn two_instances_configured(change: impl FnOnce(&mut server::config::Config)) -> Option<(TestApp, Router)> {
    if test_postgres().is_none() {
        eprintln!("OPGAVEPAKKER_TEST_DATABASE_URL er ikke sat: testen af flere instanser springes over");
        return None;
    }
    let a = test_app_configured(DEMO_TASKS, change).await;
    let mut config = a.ctx.config.clone();
    config.reset = false;
    let b = server::init(config).await.unwrap();
    Some((a, server::app(b)))
}

async fn call(app: &Router, method: Method, uri: &str, cookie: &str, if_match: Option<&str>, body: Option<Value>) -> Response<Body> {
    app.clone().oneshot(request(method, uri, Some(cookie), if_match, body)).await.unwrap()
}

async fn ok<T: serde::de::DeserializeOwned>(res: Response<Body>) -> T {
    let status = res.status();
    assert!(status.is_success(), "{status}: {}", String::from_utf8_lossy(&bytes(res).await));
    json(res).await
}

async fn preview_count(app: &Router, admin: &str) -> u64 {
    let res = call(app, Method::POST, "/api/packages/preview", admin, None, Some(json!({ "filter": {} }))).await;
    ok::<Preview>(res).await.antal
}

/// Polls `check` until it holds, for at most a second; answers how long it took.
async fn within_a_second<F: std::future::Future<Output = bool>>(mut check: impl FnMut() -> F) -> Duration {
    let started = Instant::now();
    loop {
        if check().await {
            return started.elapsed();
        }
        assert!(started.elapsed() < Duration::from_secs(1), "not within a second");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_session_made_on_a_works_on_b() {
    let Some((a, b)) = two_instances().await else { return };
    let cookie = a.login("pension").await;
    assert_eq!(call(&b, Method::GET, "/api/me", &cookie, None, None).await.status(), StatusCode::OK);
    // and ending it on B ends it on A
    assert!(call(&b, Method::DELETE, "/api/session", &cookie, None, None).await.status().is_success());
    assert_eq!(a.call(Method::GET, "/api/me", Some(&cookie), None, None).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_new_task_and_a_claim_on_a_reach_b_within_a_second() {
    let Some((a, b)) = two_instances().await else { return };
    let admin = a.login("admin").await;
    let before = preview_count(&b, &admin).await; // B has built its snapshot
                                                  // A task started on A from the Borgeroverblik (a Stop sag task)
    let user = a.login("pension").await;
    let borger: i64 = sqlx::query_scalar("SELECT min(id) FROM borgere").fetch_one(&a.db).await.unwrap();
    let res = a.call(Method::POST, &format!("/api/citizens/{borger}/tasks"), Some(&user), None, Some(json!({ "opgavetype": 4 }))).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(preview_count(&a.app, &admin).await, before + 1, "A sees its own write at once");
    let took = within_a_second(|| async { preview_count(&b, &admin).await == before + 1 }).await;
    eprintln!("B's preview counted A's new task after {} ms", took.as_millis());

    // A claim on A: B's task list of the package shows it taken (its ETag moves too).
    let mine: Vec<MyPackage> = ok(a.call(Method::GET, "/api/my/packages", Some(&user), None, None).await).await;
    let key = mine.iter().find(|p| p.aabne_opgaver > 0).expect("a package with tasks").noegle.clone();
    let uri = format!("/api/packages/{key}/tasks");
    let res = call(&b, Method::GET, &uri, &user, None, None).await;
    let etag = res.headers()[header::ETAG].to_str().unwrap().to_owned();
    let page: TaskPage = ok(res).await;
    let free = page.opgaver.iter().find(|r| r.taget_af.is_none()).expect("a free task").id;
    let logged: i64 = sqlx::query_scalar("SELECT max(id) FROM snapshot_aendringer").fetch_one(&a.db).await.unwrap();
    let _: ClaimResult = ok(a.call(Method::POST, &format!("/api/tasks/{free}/claim"), Some(&user), None, Some(json!({}))).await).await;
    within_a_second(|| async {
        let res = call(&b, Method::GET, &uri, &user, None, None).await;
        let moved = res.headers()[header::ETAG].to_str().unwrap() != etag;
        let page: TaskPage = ok(res).await;
        moved && page.opgaver.iter().any(|r| r.id == free && r.taget_af.as_deref() == Some("pension"))
    })
    .await;

    // A's follower reads A's own claim back from the change log: already
    // in, so A's snapshot keeps its change number (here read back once
    // more, explicitly, after whatever the follower did).
    a.ctx.snapshot.settle(&a.ctx.store).await.unwrap();
    let change =
        || async { a.call(Method::GET, "/api/tasks/snapshot", Some(&admin), None, None).await.headers()["x-snapshot-change"].clone() };
    let own = change().await;
    a.ctx.snapshot.catch_up(&a.ctx.store, &mut Some(logged)).await.unwrap();
    assert_eq!(change().await, own, "an instance's own write read back is no new change");
}

#[tokio::test]
async fn racing_claims_over_both_instances_have_one_winner() {
    let Some((a, b)) = two_instances().await else { return };
    let pension = a.login("pension").await;
    let ydelse = a.login("ydelse").await;
    let mine_p: Vec<MyPackage> = ok(a.call(Method::GET, "/api/my/packages", Some(&pension), None, None).await).await;
    let mine_y: Vec<MyPackage> = ok(a.call(Method::GET, "/api/my/packages", Some(&ydelse), None, None).await).await;
    let key = &mine_p.iter().find(|p| p.aabne_opgaver > 0 && mine_y.iter().any(|q| q.noegle == p.noegle)).expect("a shared package").noegle;
    let page: TaskPage = ok(a.call(Method::GET, &format!("/api/packages/{key}/tasks"), Some(&pension), None, None).await).await;
    let task = page.opgaver.iter().find(|r| r.taget_af.is_none()).expect("a free task").id;
    let calls: Vec<_> = (0..20)
        .map(|i| {
            let cookie = if i % 2 == 0 { pension.clone() } else { ydelse.clone() };
            let app = if i % 4 < 2 { a.app.clone() } else { b.clone() };
            tokio::spawn(async move {
                let res = call(&app, Method::POST, &format!("/api/tasks/{task}/claim"), &cookie, None, Some(json!({}))).await;
                let status = res.status();
                (status, json::<Value>(res).await)
            })
        })
        .collect();
    let mut winners = std::collections::HashSet::new();
    for c in calls {
        match c.await.unwrap() {
            (StatusCode::OK, body) => {
                winners.insert(body["taget_af"].as_str().unwrap().to_owned());
            }
            (StatusCode::CONFLICT, body) => assert_eq!(body["code"], "optaget", "{body}"),
            (other, body) => panic!("{other}: {body}"),
        }
    }
    assert_eq!(winners.len(), 1, "{winners:?}");
}

#[tokio::test]
async fn two_saves_on_one_if_match_over_both_instances_give_one_201_and_one_409() {
    let Some((a, b)) = two_instances().await else { return };
    let admin = a.login("admin").await;
    let uri = "/api/packages/OP-0003/versions";
    let res = a.call(Method::GET, "/api/packages/OP-0003", Some(&admin), None, None).await;
    let etag = res.headers()[header::ETAG].to_str().unwrap().to_owned();
    let versions: Vec<PackageVersion> = ok(res).await;
    let mut next = versions[0].draft.clone();
    next.aendringsaarsag = "Samtidig ændring".into();
    next.gyldig_fra = chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
    let body = serde_json::to_value(&next).unwrap();
    let (x, y) = tokio::join!(
        call(&a.app, Method::POST, uri, &admin, Some(&etag), Some(body.clone())),
        call(&b, Method::POST, uri, &admin, Some(&etag), Some(body.clone()))
    );
    let mut statuses = [x.status(), y.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::CREATED, StatusCode::CONFLICT]);
    // both instances list the one new version
    let listed: Vec<PackageVersion> = ok(call(&b, Method::GET, "/api/packages/OP-0003", &admin, None, None).await).await;
    assert_eq!(listed.len(), versions.len() + 1);
}

#[tokio::test]
async fn the_login_throttle_and_the_upload_quota_count_over_both_instances() {
    let Some((a, b)) = two_instances_configured(|c| {
        c.login_free_failures = 2;
        c.login_delay_ms = 60_000;
        c.upload_mib_per_hour = 1;
    })
    .await
    else {
        return;
    };
    let wrong = || request(Method::POST, "/api/session", None, None, Some(json!({ "username": "pension", "password": "forkert" })));
    assert_eq!(a.send(wrong()).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(b.clone().oneshot(wrong()).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    // The second failure (on B) used the allowance up: A refuses the next.
    let res = a.send(wrong()).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key(header::RETRY_AFTER));

    // About 600 KB each: the first, on A, fits in the MiB; the second, on
    // B, does not.
    let cookie = a.login("ydelse").await;
    let borger: i64 = sqlx::query_scalar("SELECT min(id) FROM borgere").fetch_one(&a.db).await.unwrap();
    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.resize(600 * 1024, b' ');
    pdf.extend_from_slice(b"%%EOF\n");
    assert_eq!(a.send(post_documents(borger, &cookie, &[("a.pdf", &pdf[..])])).await.status(), StatusCode::CREATED);
    let res = b.clone().oneshot(post_documents(borger, &cookie, &[("b.pdf", &pdf[..])])).await.unwrap();
    assert_error(res, StatusCode::TOO_MANY_REQUESTS, domain::codes::UPLOAD_QUOTA).await;
}
