//! The built app (`dist/`), served for speed: Trunk's hashed assets
//! (`name-<hash>.ext`) and the files of the split wasm (`wasm-<hash>/…`)
//! are cached for a year as immutable; `index.html`,
//! `config.json`, every HTML answer and every error are revalidated
//! (`no-cache`). The `.br` and `.gz` siblings that `cargo xtask dist` makes
//! are sent when the request's `Accept-Encoding` allows, with the original
//! file's Content-Type (`application/wasm`, so the browser compiles the
//! wasm while it downloads). Paths that are no file get `index.html`
//! (the app's client-side routes), except hashed names, which get a 404
//! (an asset of another release); `/api/…` never reaches this.

use axum::extract::Request;
use axum::http::header::{self, HeaderValue};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const NO_CACHE: &str = "no-cache";
/// The answer to a hashed name that is no file.
const MISSING_ASSET: &str = "Filen findes ikke i denne udgave af Opgavepakker. Indlæs siden igen.\n";

/// Serves the built app as the router's fallback; without a built app, `/`
/// says so in plain text.
pub fn with_static_app(router: Router, dir: &Path) -> Router {
    let index = dir.join("index.html");
    if !index.is_file() {
        let message =
            format!("Opgavepakker-serveren kører, men appen er ikke bygget: {} findes ikke. API'et svarer under /api/.\n", index.display());
        return router.fallback(move || async move { ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], message) });
    }
    let index = ServeFile::new(index).precompressed_br().precompressed_gzip();
    let files = ServeDir::new(dir).precompressed_br().precompressed_gzip().fallback(index);
    router.fallback_service(Router::new().fallback_service(files).layer(middleware::from_fn(cache_headers)))
}

async fn cache_headers(req: Request, next: Next) -> Response {
    let hashed = is_hashed(req.uri().path());
    let mut res = next.run(req).await;
    let html = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
    // A hashed name answered with index.html is no such file: an asset of
    // another release (an old tab asking for a part that is gone). It gets
    // a 404, so its loader fails plainly instead of on a page in its place.
    if hashed && html {
        res = (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], MISSING_ASSET).into_response();
    }
    let immutable = hashed && res.status().is_success();
    let headers = res.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(if immutable { IMMUTABLE } else { NO_CACHE }));
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    res
}

/// Whether the path's file name carries a content hash as Trunk and the
/// xtask write them: `<stem>-<at least 8 hex digits>` followed by `.` or
/// `_` (`app-1a2b….css`, `boot-1a2b….js`), or the file lies in the
/// directory of the split wasm, `wasm-<at least 8 hex digits>/`, which the
/// xtask names by a hash over all its files.
pub fn is_hashed(path: &str) -> bool {
    let mut segments = path.rsplit('/');
    let name = segments.next().unwrap_or(path);
    let hex_of_8 = |h: &str| h.len() >= 8 && h.bytes().all(|b| b.is_ascii_hexdigit());
    let in_split_dir = !name.is_empty() && segments.next().and_then(|dir| dir.strip_prefix("wasm-")).is_some_and(hex_of_8);
    in_split_dir
        || name.rsplit_once('-').is_some_and(|(_, tail)| {
            let digits = tail.bytes().take_while(u8::is_ascii_hexdigit).count();
            digits >= 8 && matches!(tail.as_bytes().get(digits), Some(b'.' | b'_'))
        })
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn hashed_names_are_trunks_and_the_boot_script() {
        for p in [
            "/opgavepakker-3f2a9c1d0b7e6a54_bg.wasm",
            "/opgavepakker-3f2a9c1d0b7e6a54.js",
            "/app-0123456789abcdef.css",
            "/boot-00ff00ff00ff00ff.js",
            "/dkfds.min-deadbeef01.css",
            "/wasm-0123456789abcdef/opgavepakker_bg.wasm",
            "/wasm-0123456789abcdef/split_admin_part.wasm",
            "/wasm-0123456789abcdef/__wasm_split.js",
        ] {
            assert!(is_hashed(p), "{p}");
        }
        for p in [
            "/",
            "/index.html",
            "/config.json",
            "/fonts/IBMPlexSans/complete/woff2/IBMPlexSans-Bold.woff2",
            "/opgavepakke/ny",
            "/app-abc.css",
            "/x-deadbeef01",
            "/wasm-0123456789abcdef/",
            "/wasm-0123456789abcdef",
            "/wasm-xyz01234567/a.wasm",
            "/other-0123456789abcdef/a.wasm",
        ] {
            assert!(!is_hashed(p), "{p}");
        }
    }
}
