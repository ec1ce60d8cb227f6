//! PostgreSQL restarts under a running server (`cargo xtask test` step 2b:
//! `OPGAVEPAKKER_TEST_PG_CTL` is the throwaway cluster's `pg_ctl` command
//! line; without it the test says so and passes). Its own test binary, so
//! no other test shares the outage.
//!
//! A loop of writes (new roles) runs while PostgreSQL stops for longer than
//! the pool waits for a connection and starts again: during the outage the
//! server answers 503 with `database_utilgaengelig`, after it the server
//! serves again without a restart, and every write that got a 201 is there.

use axum::http::{Method, StatusCode};
use domain::wire::ApiError;
use std::process::Command;
use std::time::{Duration, Instant};

mod common;
use common::*;

fn pg_ctl(ctl: &str, action: &str) {
    let status = Command::new("sh").arg("-c").arg(format!("{ctl} {action}")).status().expect("pg_ctl");
    assert!(status.success(), "pg_ctl {action}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_gives_503_meanwhile_and_loses_no_acknowledged_write() {
    let Some(ctl) = std::env::var("OPGAVEPAKKER_TEST_PG_CTL").ok().filter(|c| !c.is_empty() && test_postgres().is_some()) else {
        eprintln!("OPGAVEPAKKER_TEST_PG_CTL er ikke sat: genstartstesten springes over");
        return;
    };
    let t = test_app_configured(20, |_| {}).await;
    let admin = t.login("admin").await;
    let app = t.app.clone();
    let writer = tokio::spawn(async move {
        let mut answers = Vec::new();
        let started = Instant::now();
        let mut since_back = 0;
        for i in 0.. {
            let navn = format!("Genstart {i}");
            let body = serde_json::json!({ "navn": navn });
            let res =
                tower::ServiceExt::oneshot(app.clone(), request(Method::POST, "/api/roles", Some(&admin), None, Some(body))).await.unwrap();
            let status = res.status();
            let code = if status.is_success() { None } else { Some(json::<ApiError>(res).await.code) };
            if status == StatusCode::CREATED
                && answers.iter().any(|(_, s, _): &(String, StatusCode, Option<String>)| *s != StatusCode::CREATED)
            {
                since_back += 1;
            }
            answers.push((navn, status, code));
            if since_back >= 5 || started.elapsed() > Duration::from_secs(20) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        answers
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    pg_ctl(&ctl, "stop -m fast -w");
    tokio::time::sleep(Duration::from_secs(4)).await; // longer than the pool waits (3 s)
    pg_ctl(&ctl, "start -w");
    let answers = writer.await.unwrap();

    let refused: Vec<_> = answers.iter().filter(|(_, s, _)| *s != StatusCode::CREATED).collect();
    assert!(!refused.is_empty(), "the outage was seen");
    for (navn, status, code) in &refused {
        assert_eq!((*status, code.as_deref()), (StatusCode::SERVICE_UNAVAILABLE, Some("database_utilgaengelig")), "{navn}");
    }
    let last = answers.last().unwrap();
    assert_eq!(last.1, StatusCode::CREATED, "the server serves again without a restart");
    let stored: Vec<String> = sqlx::query_scalar("SELECT navn FROM roller").fetch_all(&t.db).await.unwrap();
    for (navn, status, _) in &answers {
        if *status == StatusCode::CREATED {
            assert!(stored.contains(navn), "acknowledged and lost: {navn}");
        }
    }
    eprintln!("{} writes: {} acknowledged, {} answered 503 during the outage", answers.len(), answers.len() - refused.len(), refused.len());
}
