//! `Json`, `Query` and `Path` that turn axum's rejections into the app's
//! [`Error`] format.

use super::Error;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// JSON body in, JSON body out; a bad body is a `ugyldig_json` error.
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Error> {
        let axum::Json(v) = axum::Json::<T>::from_request(req, state).await?;
        Ok(Json(v))
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// A JSON answer that carries a whole CPR number: sent with
/// `Cache-Control: no-store`, so no browser or proxy keeps it.
pub struct Private<T>(pub T);

impl<T: Serialize> IntoResponse for Private<T> {
    fn into_response(self) -> Response {
        ([(axum::http::header::CACHE_CONTROL, "no-store")], axum::Json(self.0)).into_response()
    }
}

/// Query string; bad parameters are a `ugyldig_forespoergsel` error.
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        let axum::extract::Query(v) = axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(Query(v))
    }
}

/// Path parameters; one that cannot be read (`/api/tasks/abc`) is a 400
/// `ugyldig_adresse`, not axum's plain-text answer.
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Path(v)),
            Err(_) => Err(Error::bad_request(
                domain::codes::INVALID_PATH,
                "Adressen indeholder en ugyldig værdi (fx et id, der ikke er et tal). Kontrollér adressen.",
            )),
        }
    }
}
