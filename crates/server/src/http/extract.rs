//! `Json`, `Query` and `Path` that turn axum's rejections into the app's
//! [`Error`] format.

use super::Error;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// JSON body in, JSON body out; a bad body is a `ugyldig_json` error.
///
/// A whole number written with a fraction (`2.0`) is the integer 2, as
/// JSON Schema reads it: the body is read as a value, such numbers are made
/// integers, and only then is it read as `T`.
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Error> {
        let axum::Json(mut v) = axum::Json::<serde_json::Value>::from_request(req, state).await?;
        // Every request body of the API is an object; serde would also read
        // a struct from an array of its fields.
        if !v.is_object() {
            return Err(Error::InvalidJson {
                status: axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                message: super::error::JSON_DATA_ERROR,
            });
        }
        whole_numbers(&mut v);
        serde_json::from_value(v).map(Json).map_err(|_| Error::InvalidJson {
            status: axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            message: super::error::JSON_DATA_ERROR,
        })
    }
}

/// The largest integer every float spells exactly (2^53).
const EXACT: f64 = 9_007_199_254_740_992.0;

/// Turns every number that is a whole float (`2.0`, `-3e2`) within ±2^53
/// into the integer it is.
fn whole_numbers(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|f| n.is_f64() && f.fract() == 0.0 && f.abs() <= EXACT) {
                *v = Value::from(f as i64);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(whole_numbers),
        Value::Object(o) => o.values_mut().for_each(whole_numbers),
        _ => {}
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
