//! What every API test file shares: the app on a fresh SQLite file with a
//! small demo data set, called with `oneshot` (no socket), and readers of
//! its answers. Each test file adds its own helpers in `impl TestApp`.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, Method, Request, Response, StatusCode};
use axum::Router;
use domain::wire::ApiError;
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;
use server::{ApiContext, Config};
use sqlx::SqlitePool;
use tempfile::TempDir;
use tower::ServiceExt;

pub const DEMO_TASKS: usize = 300;

pub struct TestApp {
    pub app: Router,
    pub ctx: ApiContext,
    pub db: SqlitePool,
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
    let mut config = Config::for_data_dir(dir.path(), demo_tasks);
    config.static_dir = dir.path().join("no-such-dist");
    change(&mut config);
    let ctx: ApiContext = server::init(config).await.unwrap();
    TestApp { app: server::app(ctx.clone()), db: ctx.store.pool().clone(), ctx, _dir: dir }
}

impl TestApp {
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
