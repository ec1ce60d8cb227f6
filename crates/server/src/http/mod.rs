//! The HTTP layer: one router per resource, merged under `/api`, the
//! static app (`static_app`: cached, precompressed, SPA fallback) for
//! everything else, and security headers on
//! every response. Handlers check access and rules and call the store
//! (`ctx.store`); they hold no SQL.

mod audit;
mod auth;
mod catalog;
mod citizens;
pub mod client;
pub mod credentials;
mod error;
mod extract;
mod health;
pub mod intake;
mod invoices;
pub mod multipart;
pub mod openapi;
mod packages;
mod parameters;
mod roles;
mod session;
mod static_app;
mod tasks;
pub mod temporal;
mod users;

pub use auth::{AdminUser, AuthUser, COOKIE_NAME};
pub use error::{Error, Result};
pub use extract::{Json, Path, Private, Query};

use crate::config::Config;
use crate::snapshot_cache::SnapshotCache;
use crate::store::Store;
use axum::extract::Request;
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::StatusCode;
use axum::Router;
use domain::codes;
use domain::wire::ApiError;
use std::ops::Deref;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The state every handler shares.
#[derive(Clone)]
pub struct ApiContext(Arc<Inner>);

pub struct Inner {
    pub config: Config,
    /// The database.
    pub store: Store,
    pub snapshot: SnapshotCache,
    /// Sorted task lists per package version, per snapshot.
    pub task_lists: crate::snapshot_cache::TaskLists,
    /// A hash to verify against for unknown usernames.
    pub dummy_hash: String,
    /// Permits for intake requests being read at once (see
    /// `intake::IntakePermit`).
    pub intake_permits: Arc<tokio::sync::Semaphore>,
    /// Permits for password checks at once (`password::verify_limited`).
    pub hash_permits: Arc<tokio::sync::Semaphore>,
    /// Failed logins per username and client address (this instance's).
    pub login_throttle: crate::throttle::LoginThrottle,
    /// Upload bytes per user in the last hour (this instance's).
    pub upload_quota: crate::throttle::UploadQuota,
    /// Intake bytes per source system in the last hour (this instance's).
    pub intake_quota: crate::throttle::UploadQuota,
}

impl Deref for ApiContext {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl ApiContext {
    pub fn new(config: Config, store: Store) -> anyhow::Result<ApiContext> {
        let dummy_hash = crate::password::hash("ingen-bruger-har-denne-adgangskode")?;
        Ok(ApiContext(Arc::new(Inner {
            store,
            snapshot: SnapshotCache::default(),
            task_lists: Default::default(),
            dummy_hash,
            intake_permits: Arc::new(tokio::sync::Semaphore::new(intake::MAX_CONCURRENT_INTAKES)),
            hash_permits: Arc::new(tokio::sync::Semaphore::new(crate::password::max_concurrent())),
            login_throttle: crate::throttle::LoginThrottle::new(
                config.login_free_failures,
                std::time::Duration::from_millis(config.login_delay_ms),
            ),
            upload_quota: crate::throttle::UploadQuota::users(config.upload_mib_per_hour.saturating_mul(1 << 20)),
            intake_quota: crate::throttle::UploadQuota::sources(config.intake_mib_per_hour.saturating_mul(1 << 20)),
            config,
        })))
    }
}

/// The highest page number a paged list accepts (stated in the OpenAPI
/// document as the parameters' `maximum`).
pub const MAX_PAGE: u32 = 1_000_000;

/// A page number from the query: default 1, else 1 ..= [`MAX_PAGE`].
pub fn page_number(page: Option<u32>) -> Result<u32> {
    match page.unwrap_or(1) {
        p @ 1..=MAX_PAGE => Ok(p),
        _ => Err(Error::bad_request(domain::codes::INVALID_REQUEST, format!("Side skal være mellem 1 og {MAX_PAGE}."))),
    }
}

/// Patches a committed write into the snapshot in the background (see
/// `SnapshotCache::queue`): for intake, whose callers do not read the
/// snapshot. The package lists show it within one patch.
pub fn patch_soon(ctx: &ApiContext, change: crate::snapshot_cache::Change) {
    if ctx.snapshot.queue(change) {
        let ctx = ctx.clone();
        tokio::spawn(async move {
            if let Err(e) = ctx.snapshot.drain(&ctx.store).await {
                tracing::warn!(error = %e, "opgave-snapshot kunne ikke opdateres; det bygges igen ved næste læsning");
            }
        });
    }
}

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// The whole application: `/api/…` and the static app.
pub fn app(ctx: ApiContext) -> Router {
    let api = Router::new()
        .merge(health::router())
        .merge(session::router())
        .merge(catalog::router())
        .merge(roles::router())
        .merge(users::router())
        .merge(packages::router())
        .merge(tasks::router())
        .merge(citizens::router())
        .merge(audit::router())
        .merge(intake::router())
        .merge(credentials::router())
        .merge(parameters::router())
        .merge(invoices::router())
        .merge(openapi::router())
        .fallback(|| async { Error::NotFound("Adressen findes ikke i API'et.") })
        .method_not_allowed_fallback(|| async {
            let body = ApiError {
                code: codes::METHOD_NOT_ALLOWED.into(),
                message: "Adressen understøtter ikke denne handling.".into(),
                fields: Vec::new(),
            };
            (StatusCode::METHOD_NOT_ALLOWED, axum::Json(body))
        })
        // The static app is compressed at build (`static_app`).
        .layer(CompressionLayer::new());
    let static_dir = ctx.config.static_dir.clone();
    let cors = cors_layer(&ctx.config.cors_origins);
    let router = Router::new().nest("/api", api).with_state(ctx);
    let router = static_app::with_static_app(router, &static_dir);
    let header = |name: HeaderName, value: &'static str| SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value));
    let router = match cors {
        Some(cors) => router.layer(cors),
        None => router,
    };
    router
        .layer(header(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(
            // Only method and path: query strings may carry a CPR number.
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| tracing::info_span!("http", method = %req.method(), path = %req.uri().path())),
        )
}

/// CORS for the configured origins (the app served by another static
/// host), with the session cookie; `None` when there are none. Origins that
/// are not valid header values are left out with a warning.
fn cors_layer(origins: &[String]) -> Option<CorsLayer> {
    let values: Vec<HeaderValue> = origins
        .iter()
        .map(|o| o.trim().trim_end_matches('/'))
        .filter(|o| !o.is_empty())
        .filter_map(|o| match HeaderValue::from_str(o) {
            Ok(v) => Some(v),
            Err(_) => {
                tracing::warn!(origin = o, "ugyldig CORS-oprindelse ignoreret");
                None
            }
        })
        .collect();
    if values.is_empty() {
        return None;
    }
    use axum::http::Method;
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(values))
            .allow_credentials(true)
            .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
            .allow_headers([
                header::CONTENT_TYPE,
                header::IF_MATCH,
                header::IF_NONE_MATCH,
                header::HeaderName::from_static(citizens::REQUESTED_WITH),
            ])
            .expose_headers([header::ETAG, header::HeaderName::from_static(tasks::SNAPSHOT_CHANGE)]),
    )
}
