//! What every API test file shares: the app on a fresh database with a
//! small demo data set, called with `oneshot` (no socket), and readers of
//! its answers. Each test file adds its own helpers in `impl TestApp`.
//!
//! The database is a fresh SQLite file, or, when
//! `OPGAVEPAKKER_TEST_DATABASE_URL` names a PostgreSQL server (the test
//! command's throwaway cluster), a fresh database of its own there. Tests
//! read and write rows directly through `TestApp::db`, a pool that speaks
//! either: their statements number placeholders `$1 … $n` (which SQLite
//! reads too) and read flags as integers.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, Method, Request, Response, StatusCode};
use axum::Router;
use domain::wire::ApiError;
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;
use server::{ApiContext, Config};
use sqlx::AnyPool;
use tempfile::TempDir;
use tower::ServiceExt;

pub const DEMO_TASKS: usize = 300;

pub struct TestApp {
    pub app: Router,
    pub ctx: ApiContext,
    pub db: AnyPool,
    _dir: TempDir,
}

pub async fn test_app() -> TestApp {
    test_app_with(DEMO_TASKS, None).await
}

/// A small app serving the built app from `static_dir`.
pub async fn test_app_serving(static_dir: &std::path::Path) -> TestApp {
    test_app_with(10, Some(static_dir)).await
}

async fn test_app_with(demo_tasks: usize, static_dir: Option<&std::path::Path>) -> TestApp {
    let static_dir = static_dir.map(std::path::Path::to_path_buf);
    test_app_configured(demo_tasks, move |c| {
        c.static_dir = static_dir.unwrap_or_else(|| c.data_dir.join("no-such-dist"));
    })
    .await
}

/// A small app with its configuration changed by `change` (the data folder
/// is a fresh temporary one).
pub async fn test_app_configured(demo_tasks: usize, change: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let mut config = test_config(dir.path(), demo_tasks).await;
    config.static_dir = dir.path().join("no-such-dist");
    change(&mut config);
    let db_of = config.clone();
    let ctx: ApiContext = server::init(config).await.unwrap();
    let db = rows_of(&db_of).await;
    TestApp { app: server::app(ctx.clone()), db, ctx, _dir: dir }
}

/// A pool on the database of `config` (after the server has created it),
/// for reading and writing rows directly.
pub async fn rows_of(config: &Config) -> AnyPool {
    let url = match &config.database_url {
        Some(url) => url.clone(),
        None => format!("sqlite://{}?mode=rw", config.database_path().display()),
    };
    sqlx::any::install_default_drivers();
    sqlx::pool::PoolOptions::new().max_connections(2).connect(&url).await.unwrap()
}

/// The test server's PostgreSQL, if the tests run on it.
pub fn test_postgres() -> Option<String> {
    std::env::var("OPGAVEPAKKER_TEST_DATABASE_URL").ok().filter(|u| !u.is_empty())
}

/// A configuration for a test: the data folder `dir` (and its SQLite file),
/// or a fresh PostgreSQL database on the test server.
pub async fn test_config(dir: &std::path::Path, demo_tasks: usize) -> Config {
    let mut config = Config::for_data_dir(dir, demo_tasks);
    if let Some(server_url) = test_postgres() {
        config.database_url = Some(fresh_pg_database(&server_url).await);
    }
    config
}

/// Creates an empty database on the PostgreSQL server at `server_url`
/// (named at random) and answers its URL.
pub async fn fresh_pg_database(server_url: &str) -> String {
    use sqlx::{ConnectOptions, Connection};
    use std::str::FromStr;
    let options = sqlx::postgres::PgConnectOptions::from_str(server_url).expect("a PostgreSQL URL");
    let mut admin = options.connect().await.expect("the test PostgreSQL server");
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).unwrap();
    let name = format!("t_{:016x}", u64::from_le_bytes(random));
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.unwrap();
    admin.close().await.unwrap();
    options.database(&name).to_url_lossy().to_string()
}

impl TestApp {
    /// Makes the next insert into / update of `table` fail inside the
    /// transaction (a step that breaks after others have written).
    pub async fn fail_on(&self, table: &str, event: &str) {
        let statements = if test_postgres().is_some() {
            vec![
                "CREATE OR REPLACE FUNCTION test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'testfejl'; END $$"
                    .to_owned(),
                format!("CREATE TRIGGER test_fail BEFORE {event} ON {table} FOR EACH ROW EXECUTE FUNCTION test_fail()"),
            ]
        } else {
            vec![format!("CREATE TRIGGER test_fail BEFORE {event} ON {table} BEGIN SELECT RAISE(ABORT, 'testfejl'); END")]
        };
        for statement in statements {
            sqlx::query(&statement).execute(&self.db).await.unwrap();
        }
    }

    pub async fn stop_failing(&self) {
        // PostgreSQL: dropping the function drops its trigger
        let statement = if test_postgres().is_some() { "DROP FUNCTION test_fail() CASCADE" } else { "DROP TRIGGER test_fail" };
        sqlx::query(statement).execute(&self.db).await.unwrap();
    }

    pub async fn send(&self, req: Request<Body>) -> Response<Body> {
        self.app.clone().oneshot(req).await.unwrap()
    }

    /// A request with an optional session cookie, `If-Match` and JSON body.
    pub async fn call(
        &self,
        method: Method,
        uri: &str,
        cookie: Option<&str>,
        if_match: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> Response<Body> {
        self.send(request(method, uri, cookie, if_match, body)).await
    }

    /// Logs in with the demo password and returns the `Cookie` header value.
    pub async fn login(&self, username: &str) -> String {
        let body = serde_json::json!({ "username": username, "password": "demo" });
        let res = self.call(Method::POST, "/api/session", None, None, Some(body)).await;
        assert_eq!(res.status(), StatusCode::OK, "login as {username}");
        let set = res.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
        set.split(';').next().unwrap().to_owned()
    }
}

pub fn request(method: Method, uri: &str, cookie: Option<&str>, if_match: Option<&str>, body: Option<serde_json::Value>) -> Request<Body> {
    let mut b = Request::builder().method(method).uri(uri);
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    if let Some(m) = if_match {
        b = b.header(header::IF_MATCH, m);
    }
    match body {
        Some(v) => b.header(header::CONTENT_TYPE, "application/json").body(Body::from(v.to_string())).unwrap(),
        None => b.body(Body::empty()).unwrap(),
    }
}

/// One multipart part: name, file name, bytes.
pub type PartSpec<'a> = (&'a str, Option<&'a str>, Vec<u8>);

pub const BOUNDARY: &str = "opgavepakker-test-boundary-7d1f";

/// A `multipart/form-data` body of `parts` (a part without a file name is
/// JSON).
pub fn multipart_body(parts: &[PartSpec<'_>]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, filename, bytes) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match filename {
            Some(f) => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\nContent-Type: application/json\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// `POST /api/citizens/{borger}/post` (Modtag post) with `files` (name,
/// bytes), one part `dokument` each, as `cookie`'s user.
pub fn post_documents(borger: i64, cookie: &str, files: &[(&str, &[u8])]) -> Request<Body> {
    let parts: Vec<PartSpec<'_>> = files.iter().map(|(navn, bytes)| ("dokument", Some(*navn), bytes.to_vec())).collect();
    Request::post(format!("/api/citizens/{borger}/post"))
        .header(header::COOKIE, cookie)
        .header("x-requested-with", "opgavepakker")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(multipart_body(&parts)))
        .unwrap()
}

pub async fn bytes(res: Response<Body>) -> Vec<u8> {
    res.into_body().collect().await.unwrap().to_bytes().to_vec()
}

pub async fn json<T: DeserializeOwned>(res: Response<Body>) -> T {
    let b = bytes(res).await;
    serde_json::from_slice(&b).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&b)))
}

/// An error answer: the status, a JSON `{code, message}` body with the code,
/// and a message.
pub async fn assert_error(res: Response<Body>, status: StatusCode, code: &str) -> ApiError {
    let got = res.status();
    assert!(res.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
    let e: ApiError = json(res).await;
    assert_eq!((got, e.code.as_str()), (status, code), "{}", e.message);
    assert!(!e.message.is_empty());
    e
}
