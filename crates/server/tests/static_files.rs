//! The built app served for speed: cache headers by kind of file, the
//! precompressed siblings by `Accept-Encoding`, the SPA fallback, the 404
//! for a hashed name that is no file, and the API's JSON 404 — against a temporary `dist/` with real files.

use axum::body::Body;
use axum::http::{header, Request, Response, StatusCode};
use std::path::Path;

mod common;
use common::*;

const WASM: &str = "opgavepakker-3f2a9c1d0b7e6a54_bg.wasm";
const JS: &str = "opgavepakker-3f2a9c1d0b7e6a54.js";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// A `dist/` as `cargo xtask dist` leaves it. The siblings' bytes differ
/// from the original's, so a test sees which file was sent.
fn dist(dir: &Path) {
    let files: &[(&str, &[u8])] = &[
        ("index.html", b"<!doctype html><title>Opgavepakker</title>"),
        ("index.html.br", b"index-br"),
        ("config.json", b"{}"),
        ("favicon.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        (WASM, b"\0asm-raw"),
        (&format!("{WASM}.br"), b"wasm-br"),
        (&format!("{WASM}.gz"), b"wasm-gz"),
        (JS, b"export default 1;"),
        (&format!("{JS}.gz"), b"js-gz"),
    ];
    for (name, body) in files {
        std::fs::write(dir.join(name), body).unwrap();
    }
}

impl TestApp {
    async fn get_with(&self, uri: &str, accept_encoding: Option<&str>) -> Response<Body> {
        let mut b = Request::get(uri);
        if let Some(a) = accept_encoding {
            b = b.header(header::ACCEPT_ENCODING, a);
        }
        self.send(b.body(Body::empty()).unwrap()).await
    }
}

fn header_of(res: &Response<Body>, name: header::HeaderName) -> &str {
    res.headers().get(&name).map_or("", |v| v.to_str().unwrap())
}

async fn served() -> (TestApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    dist(dir.path());
    (test_app_serving(dir.path()).await, dir)
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_precompressed_by_accept_encoding() {
    let (t, _dir) = served().await;
    let uri = format!("/{WASM}");
    for (accept, encoding, body) in [
        (Some("gzip, deflate, br"), "br", &b"wasm-br"[..]),
        (Some("br;q=0, gzip"), "gzip", b"wasm-gz"),
        (Some("gzip"), "gzip", b"wasm-gz"),
        (None, "", b"\0asm-raw"),
        (Some("identity"), "", b"\0asm-raw"),
    ] {
        let res = t.get_with(&uri, accept).await;
        assert_eq!(res.status(), StatusCode::OK, "{accept:?}");
        assert_eq!(header_of(&res, header::CONTENT_TYPE), "application/wasm", "{accept:?}");
        assert_eq!(header_of(&res, header::CONTENT_ENCODING), encoding, "{accept:?}");
        assert_eq!(header_of(&res, header::CACHE_CONTROL), IMMUTABLE, "{accept:?}");
        assert_eq!(header_of(&res, header::VARY).to_ascii_lowercase(), "accept-encoding", "{accept:?}");
        assert_eq!(bytes(res).await, body, "{accept:?}");
    }
    // Only a gzip sibling: brotli-only clients get the original.
    let res = t.get_with(&format!("/{JS}"), Some("br")).await;
    assert_eq!(header_of(&res, header::CONTENT_ENCODING), "");
    assert!(header_of(&res, header::CONTENT_TYPE).starts_with("text/javascript"));
    assert_eq!(bytes(res).await, b"export default 1;");
    let res = t.get_with(&format!("/{JS}"), Some("br, gzip")).await;
    assert_eq!(header_of(&res, header::CONTENT_ENCODING), "gzip");
    assert_eq!(bytes(res).await, b"js-gz");
}

#[tokio::test]
async fn pages_config_and_unhashed_files_are_revalidated() {
    let (t, _dir) = served().await;
    for uri in ["/", "/index.html", "/config.json", "/favicon.svg", "/opgavepakker/OP-0001"] {
        let res = t.get_with(uri, None).await;
        assert_eq!(res.status(), StatusCode::OK, "{uri}");
        assert_eq!(header_of(&res, header::CACHE_CONTROL), "no-cache", "{uri}");
    }
    let res = t.get_with("/", Some("br")).await;
    assert_eq!(header_of(&res, header::CONTENT_ENCODING), "br");
    assert!(header_of(&res, header::CONTENT_TYPE).starts_with("text/html"));
    assert_eq!(bytes(res).await, b"index-br");
}

#[tokio::test]
async fn app_routes_fall_back_to_index_and_the_api_answers_json_404() {
    let (t, _dir) = served().await;
    for uri in ["/opgavepakker/OP-0001", "/systemadministration/opgavepakke/ny"] {
        let res = t.get_with(uri, None).await;
        assert_eq!(res.status(), StatusCode::OK, "{uri}");
        assert!(header_of(&res, header::CONTENT_TYPE).starts_with("text/html"), "{uri}");
        assert_eq!(header_of(&res, header::CACHE_CONTROL), "no-cache", "{uri}");
        assert!(String::from_utf8(bytes(res).await).unwrap().contains("<title>Opgavepakker"), "{uri}");
    }
    // A hashed name that is no file (an asset of another release) is a
    // plain 404, never the page in its place and never cached.
    for uri in ["/opgavepakker-0123456789abcdef.js", "/wasm-0123456789abcdef/split_admin_part.wasm"] {
        for accept in [None, Some("gzip, deflate, br")] {
            let res = t.get_with(uri, accept).await;
            assert_eq!(res.status(), StatusCode::NOT_FOUND, "{uri}");
            assert!(header_of(&res, header::CONTENT_TYPE).starts_with("text/plain"), "{uri}");
            assert_eq!(header_of(&res, header::CONTENT_ENCODING), "", "{uri}");
            assert_eq!(header_of(&res, header::CACHE_CONTROL), "no-cache", "{uri}");
            assert!(String::from_utf8(bytes(res).await).unwrap().starts_with("Filen findes ikke"), "{uri}");
        }
    }
    let res = t.get_with("/api/nope", None).await;
    assert_error(res, StatusCode::NOT_FOUND, "ikke_fundet").await;
}
