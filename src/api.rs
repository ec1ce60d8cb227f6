//! The one module that speaks HTTP. Every call goes to the server's `/api`
//! (described by its `GET /api/openapi.json`), with the session cookie (`credentials: include`), and comes back
//! as a domain wire type or an [`Error`] whose [`Error::message`] is a Danish
//! sentence fit for the user.
//!
//! The API's base URL is read once from the runtime file `config.json`
//! (`{"api_base": ""}` = same origin), so the built `dist/` can be served by
//! any static host and point at an API elsewhere.

use chrono::NaiveDate;
use domain::model::Rolle;
use domain::wire::packages::MyPackage;
use domain::wire::session::{LoginRequest, Me};
use domain::wire::ApiError;
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

/// Sets the API base URL instead of reading `config.json` (used by the
/// in-browser tests that talk to a real server on another port).
pub fn set_base(api_base: &str) {
    BASE.with(|b| *b.borrow_mut() = Some(api_base.trim_end_matches('/').to_owned()));
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
    let loaded = load_base().await;
    BASE.with(|b| *b.borrow_mut() = Some(loaded.clone()));
    loaded
}

/// Where the loader leaves `config.json`'s text (a promise of the text, or
/// of `null` when there is none), fetched while the wasm downloads, so the
/// app's first call does not wait for one more round trip
/// (`xtask/src/html.rs`, `CONFIG_PREFETCH`).
pub const PREFETCHED_CONFIG: &str = "opgavepakkerConfig";

/// The API base as `config.json` gives it, from the loader's fetch when
/// there was one (taken once; shared by the calls awaiting it) or fetched now, relative to the document's
/// base URL (Trunk writes `<base href>`); not remembered.
pub async fn load_base() -> String {
    let text = match prefetched_config() {
        Some(promise) => {
            let text = wasm_bindgen_futures::JsFuture::from(promise).await.ok().and_then(|v| v.as_string());
            forget_prefetched_config();
            text
        }
        None => match Request::get("config.json").cache(RequestCache::NoCache).send().await {
            Ok(resp) if resp.ok() => Some(resp.text().await.unwrap_or_default()),
            _ => None,
        },
    };
    match text.as_deref().map(parse_config) {
        Some(Ok(c)) => c.api_base,
        Some(Err(e)) => {
            leptos::logging::warn!("config.json could not be read ({e}); using the same origin for the API");
            String::new()
        }
        None => {
            leptos::logging::warn!("config.json not found; using the same origin for the API");
            String::new()
        }
    }
}

/// The loader's promise. It stays on `window` while it is awaited, so
/// calls that start together share it instead of fetching the file once
/// more; the first to get the answer removes it ([`forget_prefetched_config`]).
fn prefetched_config() -> Option<js_sys::Promise> {
    use wasm_bindgen::JsCast;
    let key = wasm_bindgen::JsValue::from_str(PREFETCHED_CONFIG);
    let window: wasm_bindgen::JsValue = web_sys::window()?.into();
    js_sys::Reflect::get(&window, &key).ok()?.dyn_into::<js_sys::Promise>().ok()
}

fn forget_prefetched_config() {
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::delete_property(&window, &wasm_bindgen::JsValue::from_str(PREFETCHED_CONFIG));
    }
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
    checked(resp, notify_401).await
}

/// A 2xx answer as it is; any other as an [`Error`] (a 401 also tells the
/// session it is gone when `notify_401`).
async fn checked(resp: Response, notify_401: bool) -> Result<Response> {
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

/// `GET /api/session`: the logged-in user, or `None` without a session
/// (the server answers 200 either way, so a first visit logs no error).
pub async fn current_session() -> Result<Option<Me>> {
    json(send(builder(Request::get, "/api/session").await.build(), false).await?).await
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

/// `GET /api/my/packages`: the user's packages with open-task counts;
/// with `etag` (`If-None-Match`), [`Fresh::Unchanged`] when they are as the
/// client has them.
pub async fn my_packages(etag: Option<String>) -> Result<Fresh<Vec<MyPackage>>> {
    get_if_changed("/api/my/packages", etag).await
}

/// The answer of a conditional GET.
#[derive(Clone, Debug, PartialEq)]
pub enum Fresh<T> {
    /// 304: the client's copy is current.
    Unchanged,
    /// The current value and its `ETag` (if the server sent one).
    Changed { value: T, etag: Option<String> },
}

/// A GET with `If-None-Match: etag`; a 304 is [`Fresh::Unchanged`]. The
/// request bypasses the browser's cache (`no-store`), so a 304 reaches the
/// app instead of being answered from a cached copy.
async fn get_if_changed<T: DeserializeOwned>(path: &str, etag: Option<String>) -> Result<Fresh<T>> {
    let mut b = builder(Request::get, path).await.cache(RequestCache::NoStore);
    if let Some(tag) = &etag {
        b = b.header("If-None-Match", tag);
    }
    let req = b.build().map_err(|_| Error::Unexpected)?;
    let resp = req.send().await.map_err(|_| Error::Network)?;
    if resp.status() == 304 {
        return Ok(Fresh::Unchanged);
    }
    let etag = resp.headers().get("ETag");
    let resp = checked(resp, true).await?;
    Ok(Fresh::Changed { value: json(resp).await?, etag })
}

// ---- package editor, history, roles ---------------------------------------

async fn send_json<B: serde::Serialize, T: DeserializeOwned>(make: fn(&str) -> RequestBuilder, path: &str, body: &B) -> Result<T> {
    json(send(builder(make, path).await.json(body), true).await?).await
}

/// `GET /api/catalog`: the fixed catalogue incl. the templates.
pub async fn catalog() -> Result<domain::wire::catalog::Catalog> {
    get("/api/catalog").await
}

/// `GET /api/tasks/snapshot`: the compact task data, decoded.
pub async fn snapshot() -> Result<domain::Snapshot> {
    snapshot_with_change().await.map(|(s, _)| s)
}

/// The change number in `X-Snapshot-Change`, if the server sent one.
fn snapshot_change(resp: &Response) -> Option<u64> {
    resp.headers().get("X-Snapshot-Change").and_then(|v| v.parse().ok())
}

/// `GET /api/tasks/snapshot`, decoded, with its change number (for
/// [`snapshot_delta`]).
pub async fn snapshot_with_change() -> Result<(domain::Snapshot, Option<u64>)> {
    let req = builder(Request::get, "/api/tasks/snapshot").await.cache(RequestCache::NoStore).build();
    let resp = send(req, true).await?;
    let change = snapshot_change(&resp);
    let bytes = resp.binary().await.map_err(|_| Error::Network)?;
    Ok((domain::Snapshot::decode(&bytes).map_err(|_| Error::Unexpected)?, change))
}

/// `GET /api/tasks/snapshot/delta?since=N`: what changed since change `N`,
/// decoded; `None` when the server no longer knows `N` (410
/// [`domain::codes::SNAPSHOT_GONE`]): fetch the whole snapshot instead.
pub async fn snapshot_delta(since: u64) -> Result<Option<domain::snapshot::SnapshotDelta>> {
    let req = builder(Request::get, &format!("/api/tasks/snapshot/delta?since={since}")).await.cache(RequestCache::NoStore).build();
    let resp = match send(req, true).await {
        Ok(r) => r,
        Err(e) if e.code() == Some(domain::codes::SNAPSHOT_GONE) => return Ok(None),
        Err(e) => return Err(e),
    };
    let bytes = resp.binary().await.map_err(|_| Error::Network)?;
    domain::snapshot::SnapshotDelta::decode(&bytes).map(Some).map_err(|_| Error::Unexpected)
}

/// `GET /api/packages/{key}`: all versions, newest first.
pub async fn package_versions(key: &str) -> Result<Vec<PackageVersion>> {
    get(&format!("/api/packages/{}", crate::routes::encode(key))).await
}

/// `POST /api/packages`: the first version of a new package.
pub async fn create_package(draft: &domain::PackageDraft) -> Result<PackageVersion> {
    send_json(Request::post, "/api/packages", draft).await
}

/// `POST /api/packages/{key}/versions` with `If-Match: "<based_on>"`; a
/// stale `based_on` gives a 409 with code
/// [`domain::wire::CONFLICT_STALE_VERSION`].
pub async fn create_version(key: &str, based_on: i64, draft: &domain::PackageDraft) -> Result<PackageVersion> {
    let path = format!("/api/packages/{}/versions", crate::routes::encode(key));
    let req = builder(Request::post, &path).await.header("If-Match", &format!("\"{based_on}\"")).json(draft);
    json(send(req, true).await?).await
}

/// `POST /api/packages/preview`: the server's "Afprøv opgavepakke".
pub async fn preview_on_server(filter: domain::PackageFilter) -> Result<domain::preview::Preview> {
    send_json(Request::post, "/api/packages/preview", &domain::preview::PreviewRequest { filter }).await
}

/// `POST /api/roles`.
pub async fn create_role(input: &domain::wire::roles::RoleInput) -> Result<Rolle> {
    send_json(Request::post, "/api/roles", input).await
}

/// `PUT /api/roles/{id}`: rename or describe.
pub async fn update_role(id: i64, input: &domain::wire::roles::RoleInput) -> Result<()> {
    send(builder(Request::put, &format!("/api/roles/{id}")).await.json(input), true).await.map(|_| ())
}

/// `GET /api/users`: every user with their roles' ids (admin).
pub async fn users() -> Result<Vec<domain::wire::users::UserSummary>> {
    get("/api/users").await
}

/// `PUT /api/users/{id}/roles`: the user's roles, replacing theirs (admin).
pub async fn set_user_roles(id: i64, roller: Vec<i64>) -> Result<domain::wire::users::UserSummary> {
    send_json(Request::put, &format!("/api/users/{id}/roles"), &domain::wire::users::UserRolesInput { roller }).await
}

/// `DELETE /api/users/{id}/sessions`: logs the user out everywhere (admin).
pub async fn end_user_sessions(id: i64) -> Result<domain::wire::users::EndedSessions> {
    json(send(builder(Request::delete, &format!("/api/users/{id}/sessions")).await.build(), true).await?).await
}

/// `DELETE /api/roles/{id}`; refused with 409
/// [`domain::wire::CONFLICT_ROLE_IN_USE`] while a package uses the role.
pub async fn delete_role(id: i64) -> Result<()> {
    send(builder(Request::delete, &format!("/api/roles/{id}")).await.build(), true).await.map(|_| ())
}

impl Error {
    /// The API's error code, if the server sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Response { error, .. } => Some(error.code.as_str()),
            _ => None,
        }
    }

    /// Validation messages per field (422 `validering`).
    pub fn fields(&self) -> &[domain::package::FieldError] {
        match self {
            Error::Response { error, .. } => &error.fields,
            _ => &[],
        }
    }
}

// ---- casework: package task lists, tasks, citizens, audit -----------------

/// `GET /api/packages/{key}/tasks?page=&page_size=&sort=`: one page of a
/// package's open tasks (`page` is 1-based); with `etag`
/// (`If-None-Match`), [`Fresh::Unchanged`] when the page is as the client
/// has it.
pub async fn package_tasks(
    key: &str,
    page: u32,
    page_size: u32,
    sort: domain::wire::packages::TaskSort,
    etag: Option<String>,
) -> Result<Fresh<domain::wire::packages::TaskPage>> {
    let sort = serde_json::to_value(sort).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    let path = format!("/api/packages/{}/tasks?page={page}&page_size={page_size}&sort={sort}", crate::routes::encode(key));
    get_if_changed(&path, etag).await
}

/// `POST /api/tasks/{id}/claim`: take a task. 409 with code
/// [`domain::codes::CONFLICT_TAKEN`] when someone else has it (the
/// message names who).
pub async fn claim_task(id: i64) -> Result<domain::wire::tasks::ClaimResult> {
    json(send(builder(Request::post, &format!("/api/tasks/{id}/claim")).await.build(), true).await?).await
}

/// `POST /api/packages/{key}/next`: take the package's oldest untaken task.
pub async fn next_task(key: &str) -> Result<domain::wire::tasks::ClaimResult> {
    let path = format!("/api/packages/{}/next", crate::routes::encode(key));
    json(send(builder(Request::post, &path).await.build(), true).await?).await
}

/// `GET /api/tasks/{id}`: the task with documents, case, borger and history.
pub async fn task(id: i64) -> Result<domain::wire::tasks::TaskDetail> {
    get(&format!("/api/tasks/{id}")).await
}

/// The part of an answer that names a record by its database id.
#[derive(Clone, Copy, Debug, Deserialize)]
struct IdOnly {
    id: i64,
}

/// `POST /api/citizens/search`: the borger's database id. The whole CPR
/// number goes to the API only, in the body, never in a URL; the app's own
/// URLs use the id.
pub async fn find_citizen(cpr: &domain::Cpr) -> Result<i64> {
    let lookup = domain::wire::citizens::CprLookup { cpr: cpr.digits() };
    send_json::<_, IdOnly>(Request::post, "/api/citizens/search", &lookup).await.map(|b| b.id)
}

/// `GET /api/citizens/{id}`: Borgeroverblik.
pub async fn citizen(id: i64) -> Result<domain::wire::citizens::CitizenOverview> {
    get(&format!("/api/citizens/{id}")).await
}

/// `GET /api/citizens/{id}/cases?process=NAME`: the Sagsvælger's cases.
pub async fn citizen_cases(id: i64, process: domain::casework::process::Process) -> Result<domain::casework::process::CaseSelection> {
    get(&format!("/api/citizens/{id}/cases?process={}", process.key())).await
}

/// `GET /api/audit?page=`: the audit log, newest first (admin).
pub async fn audit(page: u32, filter: &domain::wire::audit::AuditFilter) -> Result<domain::wire::audit::AuditPage> {
    get(&format!("/api/audit?page={page}{}", audit_query(filter))).await
}

/// `&handling=…&bruger=…&borger=…&fra=…&til=…` for the criteria `filter` gives (the
/// API's names; the log page's address uses the same).
pub fn audit_query(filter: &domain::wire::audit::AuditFilter) -> String {
    let mut q = String::new();
    if let Some(h) = filter.handling {
        q.push_str(&format!("&handling={}", h.name()));
    }
    if let Some(b) = filter.bruger() {
        q.push_str(&format!("&bruger={}", String::from(js_sys::encode_uri_component(b))));
    }
    if let Some(b) = filter.borger {
        q.push_str(&format!("&borger={b}"));
    }
    for (name, day) in [("fra", filter.fra), ("til", filter.til)] {
        if let Some(d) = day {
            q.push_str(&format!("&{name}={}", crate::format::iso(d)));
        }
    }
    q
}

/// Starts a process from "Handlinger" on the Borgeroverblik: the server
/// creates a task of `opgavetype` for the borger, taken by the user, and the
/// app opens it in its wizard. (`POST /api/citizens/{id}/tasks`.)
pub async fn start_task(citizen_id: i64, opgavetype: u16) -> Result<domain::wire::tasks::ClaimResult> {
    #[derive(serde::Serialize)]
    struct Start {
        opgavetype: u16,
    }
    send_json(Request::post, &format!("/api/citizens/{citizen_id}/tasks"), &Start { opgavetype }).await
}

/// The body of [`upload_post`]: the files (name, bytes) as
/// `multipart/form-data`, a part `dokument` each.
pub fn post_form<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Result<web_sys::FormData> {
    let form = web_sys::FormData::new().map_err(|_| Error::Unexpected)?;
    for (navn, bytes) in files {
        let blob = web_sys::Blob::new_with_u8_array_sequence(&js_sys::Array::of1(&js_sys::Uint8Array::from(bytes)))
            .map_err(|_| Error::Unexpected)?;
        form.append_with_blob_and_filename("dokument", &blob, navn).map_err(|_| Error::Unexpected)?;
    }
    Ok(form)
}

/// `POST /api/citizens/{id}/post`: manual Modtag post ([`post_form`]); the
/// server creates a Modtag post task with the documents and answers its id.
pub async fn upload_post(citizen_id: i64, form: web_sys::FormData) -> Result<i64> {
    // The server refuses this multipart body without the header (a form on
    // another page could send the same body, not the header).
    let req =
        builder(Request::post, &format!("/api/citizens/{citizen_id}/post")).await.header("X-Requested-With", "opgavepakker").body(form);
    json(send(req, true).await?).await
}

/// `POST /api/tasks/{id}/complete`: the wizard's decisions, all effects in
/// one transaction on the server; the answer names the task or case the
/// wizard created and carries the decision record.
pub async fn complete_task_with_result(
    id: i64,
    request: &domain::casework::complete::CompleteRequest,
) -> Result<domain::wire::tasks::CompleteResult> {
    send_json(Request::post, &format!("/api/tasks/{id}/complete"), request).await
}

// ---- system parameters and source-system credentials (admin) -------------

/// `GET /api/parameters/{key}/versions`: every version of one system
/// parameter, newest first.
pub async fn parameter_versions(key: domain::intake::ParameterKey) -> Result<Vec<domain::intake::ParameterVersion>> {
    get(&format!("/api/parameters/{}/versions", key.name())).await
}

/// `POST /api/parameters/{key}`: a new version of a system parameter, with
/// `If-Match: "<based_on>"` (`"0"`: the built-in default, when the key has
/// no version yet); a stale `based_on` gives a 409 with code
/// [`domain::codes::CONFLICT_STALE_VERSION`].
pub async fn create_parameter_version(
    key: domain::intake::ParameterKey,
    based_on: Option<i64>,
    draft: &domain::intake::ParameterDraft,
) -> Result<domain::intake::ParameterVersion> {
    let path = format!("/api/parameters/{}", key.name());
    let req = builder(Request::post, &path).await.header("If-Match", &format!("\"{}\"", based_on.unwrap_or(0))).json(draft);
    json(send(req, true).await?).await
}

/// `GET /api/admin/credentials`: every source-system credential.
pub async fn credentials() -> Result<Vec<domain::wire::intake::Credential>> {
    get("/api/admin/credentials").await
}

/// `POST /api/admin/credentials`: a new credential; the answer carries the
/// token, which the server never shows again.
pub async fn create_credential(input: &domain::wire::intake::NewCredential) -> Result<domain::wire::intake::CreatedCredential> {
    send_json(Request::post, "/api/admin/credentials", input).await
}

/// `POST /api/admin/credentials/{id}/revoke`; the caller reloads the list.
pub async fn revoke_credential(id: i64) -> Result<()> {
    send(builder(Request::post, &format!("/api/admin/credentials/{id}/revoke")).await.build(), true).await.map(|_| ())
}
