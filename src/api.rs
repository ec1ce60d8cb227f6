//! The one module that speaks HTTP. Every call goes to the API described in
//! API.md, with the session cookie (`credentials: include`), and comes back
//! as a domain wire type or an [`Error`] whose [`Error::message`] is a Danish
//! sentence fit for the user.
//!
//! The API's base URL is read once from the runtime file `config.json`
//! (`{"api_base": ""}` = same origin), so the built `dist/` can be served by
//! any static host and point at an API elsewhere.

use chrono::NaiveDate;
use domain::model::Rolle;
use domain::wire::{ApiError, LoginRequest, Me, MyPackage};
use domain::PackageVersion;
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::cell::RefCell;
use web_sys::{RequestCache, RequestCredentials};

/// Shown when the server cannot be reached at all.
pub const NETWORK_MESSAGE: &str = "Kunne ikke kontakte serveren. Prøv igen om lidt.";
/// Shown when a successful answer cannot be read.
pub const UNEXPECTED_MESSAGE: &str =
    "Serveren sendte et svar, som ikke kunne læses. Prøv igen om lidt, og kontakt support, hvis fejlen bliver ved.";

/// Why a call failed.
#[derive(Clone, Debug, PartialEq)]
pub enum Error {
    /// 401: no valid session (or, for a login, wrong credentials).
    Unauthorized(String),
    /// Any other error response, with the server's `ApiError` body.
    Response { status: u16, error: ApiError },
    /// The request never got an answer (offline, server down, CORS).
    Network,
    /// A 2xx answer whose body is not what the API promises.
    Unexpected,
}

impl Error {
    /// The Danish sentence to show the user.
    pub fn message(&self) -> String {
        match self {
            Error::Unauthorized(m) => m.clone(),
            Error::Response { error, .. } => error.message.clone(),
            Error::Network => NETWORK_MESSAGE.to_owned(),
            Error::Unexpected => UNEXPECTED_MESSAGE.to_owned(),
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Unauthorized(_) => Some(401),
            Error::Response { status, .. } => Some(*status),
            _ => None,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// The runtime configuration in `config.json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Config {
    /// Origin (and optional path prefix) of the API, e.g.
    /// `https://api.example.dk`; empty means the app's own origin.
    #[serde(default)]
    pub api_base: String,
}

/// Parses `config.json` and normalises the base: no trailing slash.
pub fn parse_config(json: &str) -> std::result::Result<Config, String> {
    let mut config: Config = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let trimmed = config.api_base.trim().trim_end_matches('/');
    let allowed = trimmed.is_empty() || trimmed.starts_with("http://") || trimmed.starts_with("https://") || trimmed.starts_with('/');
    if !allowed {
        return Err(format!("api_base must be empty, an absolute URL or start with '/': {trimmed}"));
    }
    config.api_base = trimmed.to_owned();
    Ok(config)
}

/// The full URL of an API path (`path` starts with `/api/`).
pub fn url(base: &str, path: &str) -> String {
    format!("{base}{path}")
}

thread_local! {
    static BASE: RefCell<Option<String>> = const { RefCell::new(None) };
    static ON_UNAUTHORIZED: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
}

/// Registers what happens when any call (other than a login) gets a 401:
/// the app forgets the session, and the route guard sends the user to the
/// login page.
pub fn on_unauthorized(f: impl Fn() + 'static) {
    ON_UNAUTHORIZED.with(|h| *h.borrow_mut() = Some(Box::new(f)));
}

/// The API base URL, read from `config.json` on first use. A missing or
/// broken file means "same origin" (and is logged to the console).
async fn base() -> String {
    if let Some(b) = BASE.with(|b| b.borrow().clone()) {
        return b;
    }
    // Relative to the document's base URL (Trunk writes `<base href>`).
    let loaded = match Request::get("config.json").cache(RequestCache::NoCache).send().await {
        Ok(resp) if resp.ok() => match resp.text().await.map_err(|e| e.to_string()).and_then(|t| parse_config(&t)) {
            Ok(c) => c.api_base,
            Err(e) => {
                leptos::logging::warn!("config.json could not be read ({e}); using the same origin for the API");
                String::new()
            }
        },
        _ => {
            leptos::logging::warn!("config.json not found; using the same origin for the API");
            String::new()
        }
    };
    BASE.with(|b| *b.borrow_mut() = Some(loaded.clone()));
    loaded
}

/// Maps an error response to an [`Error`]. A body that is not an
/// `ApiError` (e.g. a proxy's HTML page) still gives a Danish sentence.
async fn error_from(resp: Response) -> Error {
    let status = resp.status();
    let error = match resp.json::<ApiError>().await {
        Ok(e) => e,
        Err(_) => ApiError {
            code: format!("http_{status}"),
            message: match status {
                401 => "Du er ikke logget ind. Log ind og prøv igen.".to_owned(),
                403 => "Du har ikke adgang til dette. Kontakt din systemadministrator, hvis du mener, det er en fejl.".to_owned(),
                404 => "Det, du leder efter, findes ikke.".to_owned(),
                500.. => format!("Der skete en fejl på serveren (fejl {status}). Prøv igen om lidt."),
                _ => format!("Forespørgslen kunne ikke gennemføres (fejl {status}). Prøv igen."),
            },
            fields: Vec::new(),
        },
    };
    if status == 401 {
        Error::Unauthorized(error.message)
    } else {
        Error::Response { status, error }
    }
}

/// Sends a request; `notify_401` says whether a 401 means "the session is
/// gone" (every call but the login itself).
async fn send(req: std::result::Result<Request, gloo_net::Error>, notify_401: bool) -> Result<Response> {
    let resp = req.map_err(|_| Error::Unexpected)?.send().await.map_err(|_| Error::Network)?;
    if resp.ok() {
        return Ok(resp);
    }
    let err = error_from(resp).await;
    if notify_401 && matches!(err, Error::Unauthorized(_)) {
        ON_UNAUTHORIZED.with(|h| {
            if let Some(f) = h.borrow().as_ref() {
                f();
            }
        });
    }
    Err(err)
}

async fn builder(make: fn(&str) -> RequestBuilder, path: &str) -> RequestBuilder {
    make(&url(&base().await, path)).credentials(RequestCredentials::Include).header("Accept", "application/json")
}

async fn json<T: DeserializeOwned>(resp: Response) -> Result<T> {
    resp.json::<T>().await.map_err(|_| Error::Unexpected)
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T> {
    json(send(builder(Request::get, path).await.build(), true).await?).await
}

// ---- endpoints ----------------------------------------------------------

/// `GET /api/me`: the logged-in user, or `Error::Unauthorized`.
pub async fn me() -> Result<Me> {
    get("/api/me").await
}

/// `POST /api/session`. A 401 here means wrong credentials, not a lost session.
pub async fn login(username: String, password: String) -> Result<Me> {
    let req = builder(Request::post, "/api/session").await.json(&LoginRequest { username, password });
    json(send(req, false).await?).await
}

/// `DELETE /api/session`.
pub async fn logout() -> Result<()> {
    send(builder(Request::delete, "/api/session").await.build(), false).await.map(|_| ())
}

/// `GET /api/roles`.
pub async fn roles() -> Result<Vec<Rolle>> {
    get("/api/roles").await
}

/// `GET /api/packages?at=DATE`: package versions valid on `at`.
pub async fn packages_at(at: NaiveDate) -> Result<Vec<PackageVersion>> {
    get(&format!("/api/packages?at={}", crate::format::iso(at))).await
}

/// `GET /api/my/packages`: the user's packages with open-task counts.
pub async fn my_packages() -> Result<Vec<MyPackage>> {
    get("/api/my/packages").await
}
