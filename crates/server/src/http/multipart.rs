//! Reading a `multipart/form-data` body (intake, and Modtag post from the
//! Borgeroverblik) as it arrives, part by part, with a limit per part:
//! each part is held once, in one buffer, never the whole body. A body that is not multipart, or broken →
//! 400 `ugyldig_multipart`; over the request limit → 413 `for_stor`. What
//! a part over its own limit means is the caller's: a self-service
//! document is refused (413), an eFaktura attachment fails alone.

use crate::http::{Error, Result};
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::http::StatusCode;
use domain::codes;
use serde::de::DeserializeOwned;

/// Largest part (a document), as `domain::intake::MAX_INTAKE_BYTES`.
pub const MAX_PART_BYTES: usize = domain::intake::MAX_INTAKE_BYTES;
/// Largest JSON part (the metadata).
pub const MAX_JSON_BYTES: usize = 64 * 1024;

/// One part of the body.
pub struct Part {
    /// The part's name (`indsendelse`, `hoveddokument`, `bilag` …).
    pub name: String,
    /// The file name given with a file part.
    pub filename: Option<String>,
    /// The bytes, or `None` when the part was larger than its limit (then
    /// read to its end and thrown away).
    pub bytes: Option<Vec<u8>>,
}

pub fn invalid(message: impl Into<String>) -> Error {
    Error::refused(StatusCode::BAD_REQUEST, codes::INVALID_MULTIPART, message)
}

pub fn too_large(message: impl Into<String>) -> Error {
    Error::refused(StatusCode::PAYLOAD_TOO_LARGE, codes::PAYLOAD_TOO_LARGE, message)
}

fn broken(e: MultipartError) -> Error {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large("Forespørgslen er for stor (se grænserne i API-beskrivelsen). Intet er modtaget.")
    } else {
        invalid("Forespørgslen er ikke gyldig multipart/form-data. Intet er modtaget.")
    }
}

/// Reads every part, at most `max_parts` of them: a further part is 413
/// `for_stor` before any of it is read. `limit(name)` is the part's own
/// limit in bytes.
pub async fn read_parts(
    body: std::result::Result<Multipart, MultipartRejection>,
    max_parts: usize,
    limit: impl Fn(&str) -> usize,
) -> Result<Vec<Part>> {
    let mut body = body.map_err(|_| invalid("Forespørgslen skal være multipart/form-data med en grænse (boundary)."))?;
    let mut parts = Vec::new();
    while let Some(mut field) = body.next_field().await.map_err(broken)? {
        if parts.len() == max_parts {
            return Err(too_large(format!("Forespørgslen har flere end {max_parts} dele. Intet er modtaget.")));
        }
        let name = field.name().unwrap_or_default().to_owned();
        if name.is_empty() {
            return Err(invalid("Hver del af forespørgslen skal have et navn (Content-Disposition: form-data; name=…)."));
        }
        let filename = field.file_name().map(|f| f.trim().to_owned()).filter(|f| !f.is_empty());
        let max = limit(&name);
        let mut bytes = Some(Vec::new());
        while let Some(chunk) = field.chunk().await.map_err(broken)? {
            if let Some(b) = &mut bytes {
                if b.len() + chunk.len() > max {
                    bytes = None;
                } else {
                    b.extend_from_slice(&chunk);
                }
            }
        }
        parts.push(Part { name, filename, bytes });
    }
    Ok(parts)
}

/// The one JSON part `name`, read as `T`: missing, repeated or not the
/// JSON expected → 400 `ugyldig_multipart` (with a fixed message: serde's
/// text may quote a value, e.g. a CPR number); over 64 KiB → 413 `for_stor`.
pub fn json_part<T: DeserializeOwned>(parts: &[Part], name: &str) -> Result<T> {
    let mut found = parts.iter().filter(|p| p.name == name);
    let (Some(part), None) = (found.next(), found.next()) else {
        return Err(invalid(format!("Forespørgslen skal have præcis én del »{name}« med JSON.")));
    };
    let bytes = part.bytes.as_deref().ok_or_else(|| too_large(format!("Delen »{name}« er større end 64 KB. Intet er modtaget.")))?;
    serde_json::from_slice(bytes).map_err(|_| {
        invalid(format!("Delen »{name}« er ikke den forventede JSON: se felterne og deres typer i API-beskrivelsen. Intet er modtaget."))
    })
}

/// The bytes of all parts that were kept.
pub fn total(parts: &[Part]) -> u64 {
    parts.iter().filter_map(|p| p.bytes.as_ref()).map(|b| b.len() as u64).sum()
}

/// The limit of a part by its name: JSON parts small, documents 10 MiB.
pub fn json_or_document(json_name: &'static str) -> impl Fn(&str) -> usize {
    move |name| if name == json_name { MAX_JSON_BYTES } else { MAX_PART_BYTES }
}
