//! The one error type of the API. Every error answers with
//! [`domain::wire::ApiError`]: a stable code and a Danish sentence fit for a
//! user. Database and internal errors are logged and never leaked.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::package::FieldError;
use domain::wire::ApiError;
use sqlx::error::ErrorKind;

#[derive(Debug)]
pub enum Error {
    /// No valid session (401).
    NotLoggedIn,
    /// Wrong username or password (401).
    WrongLogin,
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
    /// A form with invalid fields (422).
    Validation(Vec<FieldError>),
    /// A form with invalid fields (422, code [`domain::wire::VALIDATION_FAILED`]),
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
    Database(sqlx::Error),
    Internal(anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Error {
        Error::BadRequest { code, message: message.into() }
    }

    fn status_code_message(&self) -> (StatusCode, &'static str, String) {
        const SERVER: &str = "Der opstod en fejl på serveren. Prøv igen om lidt, og kontakt support, hvis fejlen bliver ved.";
        match self {
            Error::NotLoggedIn => {
                (StatusCode::UNAUTHORIZED, "ikke_logget_ind", "Du er ikke logget ind, eller din session er udløbet. Log ind igen.".into())
            }
            Error::WrongLogin => (StatusCode::UNAUTHORIZED, "forkert_login", "Forkert brugernavn eller adgangskode.".into()),
            Error::Forbidden => (
                StatusCode::FORBIDDEN,
                "ingen_adgang",
                "Du har ikke adgang til dette. Kontakt en systemadministrator, hvis du skal have adgang.".into(),
            ),
            Error::NotFound(m) => (StatusCode::NOT_FOUND, "ikke_fundet", (*m).into()),
            Error::BadRequest { code, message } => (StatusCode::BAD_REQUEST, code, message.clone()),
            Error::InvalidJson { status, message } => (*status, "ugyldig_json", (*message).into()),
            Error::Validation(_) => {
                (StatusCode::UNPROCESSABLE_ENTITY, "ugyldige_felter", "Nogle felter er ikke udfyldt korrekt. Ret dem og prøv igen.".into())
            }
            Error::Invalid { message, .. } => (StatusCode::UNPROCESSABLE_ENTITY, domain::wire::VALIDATION_FAILED, (*message).into()),
            Error::PreconditionRequired(m) => (StatusCode::PRECONDITION_REQUIRED, "mangler_if_match", (*m).into()),
            Error::Conflict { code, message } => (StatusCode::CONFLICT, code, message.clone()),
            Error::Database(sqlx::Error::RowNotFound) => (StatusCode::NOT_FOUND, "ikke_fundet", "Det efterspurgte findes ikke.".into()),
            Error::Database(sqlx::Error::Database(db)) => match db.kind() {
                ErrorKind::UniqueViolation => (
                    StatusCode::CONFLICT,
                    "findes_allerede",
                    "Der findes allerede en post med det samme navn eller nummer. Vælg et andet og prøv igen.".into(),
                ),
                ErrorKind::ForeignKeyViolation => (
                    StatusCode::CONFLICT,
                    "i_brug",
                    "Posten bruges andre steder eller henviser til noget, der ikke findes. Fjern først brugen, og prøv igen.".into(),
                ),
                ErrorKind::NotNullViolation | ErrorKind::CheckViolation => {
                    (StatusCode::BAD_REQUEST, "ugyldige_data", "Oplysningerne er ikke gyldige. Kontrollér felterne, og prøv igen.".into())
                }
                _ => (StatusCode::INTERNAL_SERVER_ERROR, "serverfejl", SERVER.into()),
            },
            Error::Database(_) | Error::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "serverfejl", SERVER.into()),
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
        let fields = match self {
            Error::Validation(fields) | Error::Invalid { fields, .. } => fields,
            _ => Vec::new(),
        };
        (status, axum::Json(ApiError { code: code.to_owned(), message, fields })).into_response()
    }
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        Error::Database(e)
    }
}

impl From<anyhow::Error> for Error {
    fn from(e: anyhow::Error) -> Self {
        Error::Internal(e)
    }
}

impl From<JsonRejection> for Error {
    fn from(r: JsonRejection) -> Self {
        let message = match &r {
            JsonRejection::MissingJsonContentType(_) => "Forespørgslen skal sendes som JSON (Content-Type: application/json).",
            JsonRejection::JsonSyntaxError(_) => "Forespørgslen er ikke gyldig JSON.",
            JsonRejection::JsonDataError(_) => "Forespørgslen mangler felter eller har felter med forkert type.",
            _ if r.status() == StatusCode::PAYLOAD_TOO_LARGE => "Forespørgslen er for stor.",
            _ => "Forespørgslens indhold kunne ikke læses.",
        };
        Error::InvalidJson { status: r.status(), message }
    }
}

impl From<QueryRejection> for Error {
    fn from(_: QueryRejection) -> Self {
        Error::bad_request("ugyldig_forespoergsel", "Adressens parametre er ugyldige. Kontrollér dem, og prøv igen.")
    }
}
