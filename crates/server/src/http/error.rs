//! The one error type of the API. Every error answers with
//! [`domain::wire::ApiError`]: a stable code (from [`domain::codes`]) and a
//! Danish sentence fit for a user. Database and internal errors are logged
//! and never leaked. The store's and the snapshot cache's errors convert
//! into it by `From`.

use crate::snapshot_cache::SnapshotError;
use crate::store::{self, ErrorKind};
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::codes;
use domain::package::FieldError;
use domain::wire::ApiError;

#[derive(Debug)]
pub enum Error {
    /// No valid session (401).
    NotLoggedIn,
    /// Wrong username or password (401).
    WrongLogin,
    /// Too many failed logins (429 with `Retry-After` in seconds).
    TooManyLogins {
        retry_after: u64,
    },
    /// Logged in, but not allowed (403).
    Forbidden,
    /// 404 with a message saying what was not found.
    NotFound(&'static str),
    /// 400 with a code and a message.
    BadRequest {
        code: &'static str,
        message: String,
    },
    /// A request body that is not the JSON we expect (400, 413, 415 or 422).
    InvalidJson {
        status: StatusCode,
        message: &'static str,
    },
    /// A form with invalid fields (422, code [`codes::VALIDATION_FAILED`]),
    /// with a sentence saying what could not be saved.
    Invalid {
        message: &'static str,
        fields: Vec<FieldError>,
    },
    /// A write that must name the version it was based on did not (428).
    PreconditionRequired(&'static str),
    /// 409 with a code and a message.
    Conflict {
        code: &'static str,
        message: String,
    },
    /// Any other refusal with its own status and code (intake: 401
    /// `ugyldig_noegle`, 403 `forkert_kilde`, 400 `ugyldig_multipart`, 413
    /// `for_stor`, 422 `ukendt_borger` …).
    Refused {
        status: StatusCode,
        code: &'static str,
        message: String,
    },
    /// The store failed or its rules refused a write.
    Database(store::Error),
    Internal(anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Error {
        Error::BadRequest { code, message: message.into() }
    }

    pub fn refused(status: StatusCode, code: &'static str, message: impl Into<String>) -> Error {
        Error::Refused { status, code, message: message.into() }
    }

    fn status_code_message(&self) -> (StatusCode, &'static str, String) {
        const SERVER: &str = "Der opstod en fejl på serveren. Prøv igen om lidt, og kontakt support, hvis fejlen bliver ved.";
        match self {
            Error::NotLoggedIn => (
                StatusCode::UNAUTHORIZED,
                codes::NOT_LOGGED_IN,
                "Du er ikke logget ind, eller din session er udløbet. Log ind igen.".into(),
            ),
            Error::WrongLogin => (StatusCode::UNAUTHORIZED, codes::WRONG_LOGIN, "Forkert brugernavn eller adgangskode.".into()),
            Error::TooManyLogins { retry_after } => (
                StatusCode::TOO_MANY_REQUESTS,
                codes::TOO_MANY_LOGINS,
                format!(
                    "For mange mislykkede loginforsøg. Vent {} sekund{}, og prøv igen.",
                    retry_after,
                    if *retry_after == 1 { "" } else { "er" }
                ),
            ),
            Error::Forbidden => (
                StatusCode::FORBIDDEN,
                codes::FORBIDDEN,
                "Du har ikke adgang til dette. Kontakt en systemadministrator, hvis du skal have adgang.".into(),
            ),
            Error::NotFound(m) => (StatusCode::NOT_FOUND, codes::NOT_FOUND, (*m).into()),
            Error::BadRequest { code, message } => (StatusCode::BAD_REQUEST, code, message.clone()),
            Error::InvalidJson { status, message } => (*status, codes::INVALID_JSON, (*message).into()),
            Error::Invalid { message, .. } => (StatusCode::UNPROCESSABLE_ENTITY, codes::VALIDATION_FAILED, (*message).into()),
            Error::PreconditionRequired(m) => (StatusCode::PRECONDITION_REQUIRED, codes::PRECONDITION_REQUIRED, (*m).into()),
            Error::Conflict { code, message } => (StatusCode::CONFLICT, code, message.clone()),
            Error::Refused { status, code, message } => (*status, code, message.clone()),
            Error::Database(e) => match e.kind() {
                ErrorKind::RowNotFound => (StatusCode::NOT_FOUND, codes::NOT_FOUND, "Det efterspurgte findes ikke.".into()),
                ErrorKind::UniqueViolation => (
                    StatusCode::CONFLICT,
                    codes::ALREADY_EXISTS,
                    "Der findes allerede en post med det samme navn eller nummer. Vælg et andet og prøv igen.".into(),
                ),
                ErrorKind::ForeignKeyViolation => (
                    StatusCode::CONFLICT,
                    codes::IN_USE,
                    "Posten bruges andre steder eller henviser til noget, der ikke findes. Fjern først brugen, og prøv igen.".into(),
                ),
                ErrorKind::InvalidValue => (
                    StatusCode::BAD_REQUEST,
                    codes::INVALID_DATA,
                    "Oplysningerne er ikke gyldige. Kontrollér felterne, og prøv igen.".into(),
                ),
                ErrorKind::Overlap => (
                    StatusCode::CONFLICT,
                    codes::CONFLICT_STALE_VERSION,
                    "En anden version gælder allerede i den periode (den er måske gemt imens). Hent versionerne igen, og prøv igen.".into(),
                ),
                ErrorKind::Contention => (
                    StatusCode::CONFLICT,
                    codes::CONFLICT_STALE_VERSION,
                    "En samtidig ændring kom først. Hent siden igen, og prøv igen.".into(),
                ),
                ErrorKind::Unavailable => (
                    StatusCode::SERVICE_UNAVAILABLE,
                    codes::DATABASE_UNAVAILABLE,
                    "Databasen svarer ikke lige nu. Prøv igen om et øjeblik.".into(),
                ),
                ErrorKind::Other => (StatusCode::INTERNAL_SERVER_ERROR, codes::SERVER_ERROR, SERVER.into()),
            },
            Error::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, codes::SERVER_ERROR, SERVER.into()),
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (status, code, message) = self.status_code_message();
        match &self {
            Error::Database(e) if status.is_server_error() => tracing::error!(error = %e, "databasefejl"),
            Error::Database(e) => tracing::info!(error = %e, "databasens regler afviste en ændring"),
            Error::Internal(e) => tracing::error!(error = ?e, "intern fejl"),
            _ => {}
        }
        let retry_after = match &self {
            Error::TooManyLogins { retry_after } => Some(*retry_after),
            _ if status == StatusCode::SERVICE_UNAVAILABLE => Some(2),
            _ => None,
        };
        let fields = match self {
            Error::Invalid { fields, .. } => fields,
            _ => Vec::new(),
        };
        let mut res = (status, axum::Json(ApiError { code: code.to_owned(), message, fields })).into_response();
        if let Some(secs) = retry_after {
            res.headers_mut().insert(axum::http::header::RETRY_AFTER, secs.into());
        }
        res
    }
}

impl From<store::Error> for Error {
    fn from(e: store::Error) -> Self {
        match e {
            store::Error::Internal(e) => Error::Internal(e),
            e => Error::Database(e),
        }
    }
}

impl From<SnapshotError> for Error {
    fn from(e: SnapshotError) -> Self {
        match e {
            SnapshotError::Store(e) => e.into(),
            SnapshotError::Build(e) => Error::Internal(e),
        }
    }
}

impl From<anyhow::Error> for Error {
    fn from(e: anyhow::Error) -> Self {
        Error::Internal(e)
    }
}

/// The message of a JSON body whose fields are missing or of the wrong type.
pub const JSON_DATA_ERROR: &str = "Forespørgslen mangler felter eller har felter med forkert type.";

impl From<JsonRejection> for Error {
    fn from(r: JsonRejection) -> Self {
        let message = match &r {
            JsonRejection::MissingJsonContentType(_) => "Forespørgslen skal sendes som JSON (Content-Type: application/json).",
            JsonRejection::JsonSyntaxError(_) => "Forespørgslen er ikke gyldig JSON.",
            JsonRejection::JsonDataError(_) => JSON_DATA_ERROR,
            _ if r.status() == StatusCode::PAYLOAD_TOO_LARGE => "Forespørgslen er for stor.",
            _ => "Forespørgslens indhold kunne ikke læses.",
        };
        Error::InvalidJson { status: r.status(), message }
    }
}

impl From<QueryRejection> for Error {
    fn from(_: QueryRejection) -> Self {
        Error::bad_request(codes::INVALID_REQUEST, "Adressens parametre er ugyldige. Kontrollér dem, og prøv igen.")
    }
}
