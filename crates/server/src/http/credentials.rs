//! Source-system credentials ("Kildesystemer", admin only):
//! `GET /api/admin/credentials`, `POST /api/admin/credentials` (the token
//! is answered once and only its SHA-256 stored) and
//! `POST /api/admin/credentials/{id}/revoke`.

use super::auth::{token_hash, AdminUser};
use super::intake::new_source_token;
use super::{ApiContext, Error, Json, Result};
use crate::http::Path;
use crate::store::Conn;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use domain::package::FieldError;
use domain::wire::audit::AuditAction;
use domain::wire::intake::{CreatedCredential, Credential, NewCredential, SourceKind};
use domain::wire::ApiError;

pub fn router() -> Router<ApiContext> {
    Router::new().route("/admin/credentials", get(list).post(create)).route("/admin/credentials/{id}/revoke", post(revoke))
}

/// Every credential, those in force first (admin). Never a token.
#[utoipa::path(get, path = "/api/admin/credentials", tag = "kildesystemer", responses(
    (status = 200, body = Vec<Credential>),
    (status = 401, body = ApiError),
    (status = 403, body = ApiError),
))]
pub async fn list(_admin: AdminUser, State(ctx): State<ApiContext>) -> Result<Json<Vec<Credential>>> {
    Ok(Json(ctx.store.conn().await?.credentials().await?))
}

/// Creates a credential for a source system and answers its token once
/// (`opk_…`); only its SHA-256 is stored (admin).
#[utoipa::path(post, path = "/api/admin/credentials", tag = "kildesystemer", request_body = NewCredential, responses(
    (status = 201, description = "Oprettet; `token` vises kun denne ene gang", body = CreatedCredential),
    (status = 401, body = ApiError),
    (status = 403, body = ApiError),
    (status = 409, description = "`findes_allerede`: en nøgle i kraft har samme navn", body = ApiError),
    (status = 422, description = "`validering`: navnet mangler, er for langt eller har styretegn", body = ApiError),
))]
pub async fn create(AdminUser(admin): AdminUser, State(ctx): State<ApiContext>, Json(new): Json<NewCredential>) -> Result<Response> {
    let navn = new.navn.trim();
    let refusal = if navn.is_empty() || new.navn.chars().count() > domain::limits::MAX_NAME_CHARS {
        Some("Skriv kildesystemets navn (højst 100 tegn).")
    } else if domain::limits::has_control_chars(navn) {
        Some("Navnet må ikke indeholde linjeskift eller andre styretegn.")
    } else {
        None
    };
    if let Some(message) = refusal {
        return Err(Error::Invalid {
            message: "Kildesystemet kunne ikke oprettes. Ret de markerede felter.",
            fields: vec![FieldError { field: "navn".into(), message: message.into() }],
        });
    }
    let mut tx = ctx.store.write().await?;
    let created = match create_credential(&mut tx, navn, new.kind, admin.id).await {
        Err(Error::Database(e)) if e.kind() == crate::store::ErrorKind::UniqueViolation => {
            return Err(Error::Conflict {
                code: domain::codes::ALREADY_EXISTS,
                message: format!(
                    "Der findes allerede et kildesystem med navnet »{navn}«, som ikke er tilbagekaldt. Vælg et andet navn, eller tilbagekald det først."
                ),
            })
        }
        other => other?,
    };
    tx.record_audit(admin.id, AuditAction::OprettetKildesystem, None, None, &audit_details(&created.credential)).await?;
    tx.commit().await?;
    tracing::info!(kildesystem = created.credential.id, bruger = %admin.brugernavn, "nøgle til kildesystem oprettet");
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

/// A credential as its audit entries name it: name, kind and id (never
/// the token).
fn audit_details(c: &Credential) -> String {
    format!("»{}« ({}), nøgle {}", c.navn, c.kind.label(), c.id)
}

/// Creates a credential with a new token inside the caller's transaction.
pub async fn create_credential(tx: &mut Conn, navn: &str, kind: SourceKind, user_id: i64) -> Result<CreatedCredential> {
    let token = new_source_token()?;
    let id = tx.insert_credential(navn, kind, &token_hash(&token), user_id).await?;
    let credential =
        tx.credential(id).await?.ok_or_else(|| Error::Internal(anyhow::anyhow!("kildesystem {id} blev ikke fundet efter indsættelse")))?;
    Ok(CreatedCredential { credential, token })
}

/// Revokes a credential: from now on its token gets 401 (admin). Revoking
/// a revoked one changes nothing.
#[utoipa::path(post, path = "/api/admin/credentials/{id}/revoke", tag = "kildesystemer",
    params(("id" = i64, Path, description = "Nøglens id")), responses(
    (status = 200, body = Credential),
    (status = 401, body = ApiError),
    (status = 403, body = ApiError),
    (status = 404, body = ApiError),
))]
pub async fn revoke(AdminUser(admin): AdminUser, State(ctx): State<ApiContext>, Path(id): Path<i64>) -> Result<Json<Credential>> {
    let mut tx = ctx.store.write().await?;
    let before = tx.credential(id).await?.ok_or(Error::NotFound("Nøglen findes ikke."))?;
    if before.tilbagekaldt.is_some() {
        return Ok(Json(before));
    }
    if !tx.revoke_credential(id).await? {
        return Err(Error::NotFound("Nøglen findes ikke."));
    }
    let credential = tx.credential(id).await?.ok_or(Error::NotFound("Nøglen findes ikke."))?;
    tx.record_audit(admin.id, AuditAction::TilbagekaldtKildesystem, None, None, &audit_details(&credential)).await?;
    tx.commit().await?;
    tracing::info!(kildesystem = id, bruger = %admin.brugernavn, "nøgle til kildesystem tilbagekaldt");
    Ok(Json(credential))
}

/// The demo credentials' names, one per kind.
pub const DEMO_CREDENTIALS: [(SourceKind, &str); 3] = [
    (SourceKind::Selvbetjening, "Demo (selvbetjening)"),
    (SourceKind::Efaktura, "Demo (eFaktura)"),
    (SourceKind::Haendelser, "Demo (hændelser)"),
];

/// Revokes the demo credentials of an earlier start (exactly the names in
/// [`DEMO_CREDENTIALS`], nothing else an admin made) and creates one per
/// kind by the demo admin, in one transaction; answers them with their
/// tokens (for the server to print). Only called when the server seeded
/// the demo data in this start or was started with `--demo-credentials`.
pub async fn rotate_demo_credentials(store: &crate::store::Store) -> Result<Vec<CreatedCredential>> {
    let mut tx = store.write().await?;
    let Some((admin_id, _)) = tx.login_of(crate::demo::USERS[0].brugernavn).await? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (kind, name) in DEMO_CREDENTIALS {
        tx.revoke_credential_named(name).await?;
        out.push(create_credential(&mut tx, name, kind, admin_id).await?);
    }
    tx.commit().await?;
    Ok(out)
}
