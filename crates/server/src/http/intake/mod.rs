//! Intake from source systems, not users: `POST /api/intake/selvbetjening`
//! ([`selvbetjening`]), `POST /api/intake/efaktura` ([`efaktura`]) and
//! `POST /api/intake/haendelser` ([`events`]).
//!
//! The frame every intake shares, here:
//! - [`Source`]: `Authorization: Bearer opk_…`, a credential an admin
//!   created (only its SHA-256 is stored); none, unknown or revoked → 401
//!   `ugyldig_noegle`; a credential of another kind → 403 `forkert_kilde`.
//!   Never a session cookie.
//! - the body is read and checked before anything is written
//!   ([`multipart`]: 25 MiB per request, 10 MiB per part, a bounded number
//!   of parts → 413 `for_stor`), at most [`MAX_CONCURRENT_INTAKES`] at once
//!   ([`IntakePermit`], else 503 `for_mange_samtidige`); a valid message
//!   whose bytes would take its source system over its hourly quota
//!   (`--intake-mib-per-hour`, [`take_quota`]) → 429 `upload_kvote_opbrugt`;
//! - one `BEGIN IMMEDIATE` transaction per message: first the replay check
//!   (the same message id again gets the stored status and body, and writes
//!   nothing), then the domain's decision and its effects, then the answer
//!   is stored ([`Conn::record_answer`]) and committed with them. A refusal
//!   returns before the commit, so it writes nothing;
//! - after the commit the snapshot is patched with the tasks written
//!   (tasks under automatic processing stay out of it).
//!
//! The decisions are the domain's (`domain::intake`); the handlers only
//! read the facts they need and write the effects.

mod efaktura;
mod events;
mod selvbetjening;

pub use efaktura::{__path_efaktura, efaktura};
pub use events::{__path_haendelser, haendelser};
pub use selvbetjening::{__path_selvbetjening, selvbetjening};

use super::auth::token_hash;
use super::{ApiContext, Error, Result};
use crate::store::intake::{SourceSystem, StoredAnswer};
use crate::store::Conn;
use axum::extract::{DefaultBodyLimit, FromRequestParts};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use base64::Engine;
use domain::codes;
use domain::wire::intake::SourceKind;
use serde::Serialize;

/// Largest intake request (all parts together).
pub const MAX_REQUEST_BYTES: usize = 25 * 1024 * 1024;
/// Intake requests read at once (each may buffer up to
/// [`MAX_REQUEST_BYTES`]); more wait up to [`INTAKE_WAIT`] for their turn.
pub const MAX_CONCURRENT_INTAKES: usize = 4;
/// How long an intake request waits for a permit before 503.
pub const INTAKE_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// A permit to read an intake body, taken before the body (an extractor
/// placed before it): at most [`MAX_CONCURRENT_INTAKES`] at once; one that
/// waited [`INTAKE_WAIT`] in vain → 503 `for_mange_samtidige`.
pub struct IntakePermit(#[allow(dead_code)] tokio::sync::OwnedSemaphorePermit);

impl FromRequestParts<ApiContext> for IntakePermit {
    type Rejection = Error;

    async fn from_request_parts(_parts: &mut Parts, ctx: &ApiContext) -> Result<Self, Error> {
        let busy = || {
            Error::refused(
                StatusCode::SERVICE_UNAVAILABLE,
                codes::INTAKE_BUSY,
                "Der modtages for mange forespørgsler på én gang. Intet er modtaget; send den igen om lidt.",
            )
        };
        match tokio::time::timeout(INTAKE_WAIT, ctx.intake_permits.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(IntakePermit(permit)),
            _ => Err(busy()),
        }
    }
}

pub fn router() -> Router<ApiContext> {
    Router::new()
        .route("/intake/selvbetjening", post(selvbetjening))
        .route("/intake/efaktura", post(efaktura))
        .route("/intake/haendelser", post(haendelser))
        .layer(DefaultBodyLimit::max(MAX_REQUEST_BYTES))
}

/// The prefix of every source-system token.
pub const TOKEN_PREFIX: &str = "opk_";

/// A new source-system token: `opk_` and 32 random bytes in base64url.
pub fn new_source_token() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| Error::Internal(anyhow::anyhow!("ingen tilfældighed fra styresystemet: {e}")))?;
    Ok(format!("{TOKEN_PREFIX}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)))
}

/// The calling source system, from its bearer token.
pub struct Source(pub SourceSystem);

fn invalid_token() -> Error {
    Error::refused(
        StatusCode::UNAUTHORIZED,
        codes::INVALID_TOKEN,
        "Kildesystemets nøgle mangler, er ukendt eller er tilbagekaldt. Send Authorization: Bearer <nøgle>.",
    )
}

impl FromRequestParts<ApiContext> for Source {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, ctx: &ApiContext) -> Result<Self, Error> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim())
            .filter(|t| t.starts_with(TOKEN_PREFIX) && t.len() <= 100)
            .ok_or_else(invalid_token)?;
        let source = ctx.store.conn().await?.source_system(&token_hash(token)).await?.ok_or_else(invalid_token)?;
        Ok(Source(source))
    }
}

impl Source {
    /// 403 `forkert_kilde` unless the credential is of this endpoint's kind.
    pub fn require(&self, kind: SourceKind) -> Result<&SourceSystem> {
        if self.0.kind == kind {
            Ok(&self.0)
        } else {
            Err(Error::refused(
                StatusCode::FORBIDDEN,
                codes::WRONG_SOURCE,
                "Nøglen hører til et andet kildesystem og kan ikke bruges til denne indgang.",
            ))
        }
    }
}

/// Set on an answer that repeats the stored answer of an earlier message.
pub const REPLAY_HEADER: HeaderName = HeaderName::from_static("idempotent-replayed");

fn json_response(status: StatusCode, body: String, replay: bool) -> Response {
    let mut res = (status, [(CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response();
    if replay {
        res.headers_mut().insert(REPLAY_HEADER, HeaderValue::from_static("true"));
    }
    res
}

/// Takes a message's `total` bytes ([`crate::http::multipart::total`]) from `source`'s
/// hourly intake quota, inside the message's write transaction (a replayed
/// message costs nothing; a message refused later gives its bytes back with
/// the rollback), or refuses it with 429 `upload_kvote_opbrugt` before
/// anything is written.
pub async fn take_quota(ctx: &ApiContext, tx: &mut Conn, source: &SourceSystem, total: u64) -> Result<()> {
    if ctx.intake_quota.take(tx, source.id, total, crate::clock::now_millis()).await? {
        return Ok(());
    }
    tracing::warn!(kildesystem = source.id, bytes = total, "indsendelse afvist: timekvoten er brugt");
    Err(Error::refused(
        StatusCode::TOO_MANY_REQUESTS,
        codes::UPLOAD_QUOTA,
        format!("Kildesystemet har sendt mere end {} MiB den seneste time. Send beskeden igen senere.", ctx.config.intake_mib_per_hour),
    ))
}

/// The OpenAPI description of [`take_quota`]'s refusal.
pub const QUOTA_REFUSAL: &str = "`upload_kvote_opbrugt`: kildesystemets beskeder den seneste time er over grænsen; intet er skrevet";

/// The stored answer to this message of the source system, if it was
/// answered before (read inside the message's write transaction).
pub async fn replayed(tx: &mut Conn, source: &SourceSystem, besked_id: &str) -> Result<Option<Response>> {
    Ok(tx.answered(source.id, besked_id).await?.map(|a| {
        let status = StatusCode::from_u16(a.status).unwrap_or(StatusCode::OK);
        tracing::info!(kildesystem = source.id, "besked gentaget; det gemte svar sendes igen");
        json_response(status, a.svar, true)
    }))
}

/// Stores the answer with the message's effects (same transaction) and
/// returns it as the response.
pub async fn answer<T: Serialize>(tx: &mut Conn, source: &SourceSystem, besked_id: &str, status: StatusCode, body: &T) -> Result<Response> {
    let svar = serde_json::to_string(body).map_err(|e| Error::Internal(anyhow::anyhow!("svar kunne ikke skrives som JSON: {e}")))?;
    let stored = StoredAnswer { status: status.as_u16(), svar };
    tx.record_answer(source.id, besked_id, &stored).await?;
    Ok(json_response(status, stored.svar, false))
}

/// 422 `ukendt_borger`.
pub fn unknown_borger() -> Error {
    Error::refused(StatusCode::UNPROCESSABLE_ENTITY, codes::UNKNOWN_BORGER, "Der findes ingen borger med CPR-nummeret. Intet er modtaget.")
}

/// 422 `ugyldig_indsendelse` with the message.
pub fn invalid_submission(message: impl Into<String>) -> Error {
    Error::refused(StatusCode::UNPROCESSABLE_ENTITY, codes::INVALID_SUBMISSION, message)
}

/// The borger of a CPR number given by a source system: not a CPR number
/// → 422 `ugyldig_indsendelse`; unknown → 422 `ukendt_borger`. The number
/// is never logged.
pub async fn borger_of(tx: &mut Conn, cpr: &str) -> Result<i64> {
    let cpr = domain::Cpr::parse(cpr.trim()).map_err(|_| invalid_submission("CPR-nummeret er ikke et gyldigt CPR-nummer (ddmmååxxxx)."))?;
    Ok(tx.borger_by_cpr(&cpr).await?.ok_or_else(unknown_borger)?.id)
}
