//! Role administration ("Administrer roller", admin): `GET, POST
//! /api/roles`, `PUT, DELETE /api/roles/{id}`.
//!
//! A role carries its rights ("Rettigheder", `domain::model::Permission`);
//! creating or changing a role is recorded in the audit log.
//!
//! Names are unique without regard to case (also for æ, ø, å, which
//! SQLite's `NOCASE` does not fold, so the check is made here). A role used
//! by any package version, current or historical, or given to a user cannot
//! be deleted; the answer says where it is used.

use super::auth::AdminUser;
use super::{ApiContext, Error, Json, Result};
use crate::http::Path;
use axum::extract::State;
use axum::http::header::LOCATION;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::Router;
use domain::codes::CONFLICT_ROLE_IN_USE;
use domain::model::Rolle;
use domain::package::FieldError;
use domain::wire::audit::AuditAction;
use domain::wire::roles::RoleInput;
use domain::wire::ApiError;

pub fn router() -> Router<ApiContext> {
    Router::new().route("/roles", get(list).post(create)).route("/roles/{id}", put(update).delete(delete))
}

pub const MAX_ROLE_NAME_LEN: usize = domain::limits::MAX_NAME_CHARS;
pub const MAX_ROLE_DESCRIPTION_LEN: usize = 500;
const NOT_SAVED: &str = "Rollen kunne ikke gemmes. Ret de markerede felter.";
const UNKNOWN_ROLE: &str = "Rollen findes ikke. Den kan være slettet af en anden; genindlæs listen over roller.";

/// All roles, by name.
#[utoipa::path(get, path = "/api/roles", tag = "roller", responses(
    (status = 200, body = Vec<Rolle>),
    (status = 401, body = ApiError),
    (status = 403, description = "Kun for systemadministratorer", body = ApiError),
))]
pub async fn list(_admin: AdminUser, State(ctx): State<ApiContext>) -> Result<Json<Vec<Rolle>>> {
    Ok(Json(ctx.store.conn().await?.roles().await?))
}

/// The role's id from the path; anything but a number is an unknown role.
fn role_id(raw: &str) -> Result<i64> {
    raw.parse().map_err(|_| Error::NotFound(UNKNOWN_ROLE))
}

/// Checks a role's name and description against the other roles (`own`
/// is the role being renamed). Returns the trimmed input.
fn check(input: &RoleInput, roles: &[Rolle], own: Option<i64>) -> Result<RoleInput> {
    let navn = input.navn.trim();
    let beskrivelse = input.beskrivelse.trim();
    let mut fields = Vec::new();
    let field = |f: &str, m: String| FieldError { field: f.into(), message: m };
    if navn.is_empty() {
        fields.push(field("navn", "Navn skal udfyldes.".into()));
    } else if input.navn.chars().count() > MAX_ROLE_NAME_LEN {
        fields.push(field("navn", format!("Navn må højst være {MAX_ROLE_NAME_LEN} tegn.")));
    } else if domain::limits::has_control_chars(navn) {
        fields.push(field("navn", "Navn må ikke indeholde linjeskift eller andre styretegn.".into()));
    } else if let Some(other) = roles.iter().find(|r| Some(r.id) != own && r.navn.trim().to_lowercase() == navn.to_lowercase()) {
        fields.push(field("navn", format!("Der findes allerede en rolle med navnet »{}«. Vælg et andet navn.", other.navn)));
    }
    if input.beskrivelse.chars().count() > MAX_ROLE_DESCRIPTION_LEN {
        fields.push(field("beskrivelse", format!("Beskrivelsen må højst være {MAX_ROLE_DESCRIPTION_LEN} tegn.")));
    }
    if input.rettigheder.len() > domain::limits::MAX_LIST_LEN {
        fields.push(field("rettigheder", domain::limits::LIST_TOO_LONG.into()));
    }
    if fields.is_empty() {
        let mut rettigheder = input.rettigheder.clone();
        rettigheder.sort_unstable();
        rettigheder.dedup();
        Ok(RoleInput { navn: navn.to_owned(), beskrivelse: beskrivelse.to_owned(), rettigheder })
    } else {
        Err(Error::Invalid { message: NOT_SAVED, fields })
    }
}

/// Creates a role with its rights (admin).
#[utoipa::path(post, path = "/api/roles", tag = "roller", request_body = RoleInput, responses(
    (status = 201, description = "Oprettet", body = Rolle, headers(("Location" = String, description = "`/api/roles/{id}`"))),
    (status = 400, description = "Ugyldig JSON", body = ApiError),
    (status = 401, body = ApiError),
    (status = 403, description = "Kun for systemadministratorer", body = ApiError),
    (status = 422, description = "Navnet mangler, er for langt eller bruges allerede (`fields`), kode `validering`", body = ApiError),
))]
pub async fn create(AdminUser(admin): AdminUser, State(ctx): State<ApiContext>, Json(input): Json<RoleInput>) -> Result<Response> {
    let mut tx = ctx.store.write().await?;
    let input = check(&input, &tx.roles().await?, None)?;
    let id = tx.insert_role(&input.navn, &input.beskrivelse).await?;
    tx.set_role_permissions(id, &input.rettigheder).await?;
    tx.record_audit(admin.id, AuditAction::AendretRolle, None, None, &audit_text("Oprettet", &input)).await?;
    tx.commit().await?;
    tracing::info!(rolle = id, bruger = %admin.brugernavn, "rolle oprettet");
    let role = Rolle { id, navn: input.navn, beskrivelse: input.beskrivelse, rettigheder: input.rettigheder };
    Ok((StatusCode::CREATED, [(LOCATION, format!("/api/roles/{id}"))], Json(role)).into_response())
}

/// Renames a role, changes its description or its rights (admin).
#[utoipa::path(put, path = "/api/roles/{id}", tag = "roller", request_body = RoleInput, params(
    ("id" = i64, Path, description = "Rollens id"),
), responses(
    (status = 200, body = Rolle),
    (status = 400, description = "Ugyldig JSON", body = ApiError),
    (status = 401, body = ApiError),
    (status = 403, description = "Kun for systemadministratorer", body = ApiError),
    (status = 404, description = "Ukendt rolle", body = ApiError),
    (status = 422, description = "Navnet mangler, er for langt eller bruges allerede (`fields`), kode `validering`", body = ApiError),
))]
pub async fn update(
    AdminUser(admin): AdminUser,
    State(ctx): State<ApiContext>,
    Path(id): Path<String>,
    Json(input): Json<RoleInput>,
) -> Result<Json<Rolle>> {
    let id = role_id(&id)?;
    let mut tx = ctx.store.write().await?;
    let roles = tx.roles().await?;
    if !roles.iter().any(|r| r.id == id) {
        return Err(Error::NotFound(UNKNOWN_ROLE));
    }
    let input = check(&input, &roles, Some(id))?;
    tx.update_role(id, &input.navn, &input.beskrivelse).await?;
    tx.set_role_permissions(id, &input.rettigheder).await?;
    tx.record_audit(admin.id, AuditAction::AendretRolle, None, None, &audit_text("Rettet", &input)).await?;
    tx.commit().await?;
    tracing::info!(rolle = id, bruger = %admin.brugernavn, "rolle rettet");
    Ok(Json(Rolle { id, navn: input.navn, beskrivelse: input.beskrivelse, rettigheder: input.rettigheder }))
}

/// The audit entry of a created or changed role: its name and rights.
fn audit_text(what: &str, input: &RoleInput) -> String {
    let rights: Vec<String> = input.rettigheder.iter().map(|p| p.label().to_owned()).collect();
    let rights = if rights.is_empty() { "ingen rettigheder".to_owned() } else { danish_list(&rights) };
    format!("{what}: rollen »{}« med {rights}", input.navn)
}

/// "a", "a og b", "a, b og c".
pub fn danish_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} og {last}", init.join(", ")),
    }
}

/// Deletes a role that nothing uses (admin). While any version of a
/// package (also an old one) or a user has the role: 409 `rolle_i_brug`
/// naming them.
#[utoipa::path(delete, path = "/api/roles/{id}", tag = "roller", params(
    ("id" = i64, Path, description = "Rollens id"),
), responses(
    (status = 204, description = "Slettet"),
    (status = 401, body = ApiError),
    (status = 403, description = "Kun for systemadministratorer", body = ApiError),
    (status = 404, description = "Ukendt rolle", body = ApiError),
    (status = 409, description = "`rolle_i_brug`: en opgavepakke eller en bruger har rollen; beskeden nævner hvilke", body = ApiError),
))]
pub async fn delete(AdminUser(admin): AdminUser, State(ctx): State<ApiContext>, Path(id): Path<String>) -> Result<StatusCode> {
    let id = role_id(&id)?;
    let mut tx = ctx.store.write().await?;
    let navn = tx.role_name(id).await?.ok_or(Error::NotFound(UNKNOWN_ROLE))?;
    // Each package that has the role in any version, named by its newest version.
    let packages: Vec<String> = tx.packages_with_role(id).await?.into_iter().map(|(noegle, navn)| format!("{noegle} ({navn})")).collect();
    let users: Vec<String> = tx.users_with_role(id).await?.into_iter().map(|(brugernavn, navn)| format!("{brugernavn} ({navn})")).collect();
    let mut sentences = Vec::new();
    if !packages.is_empty() {
        let noun = if packages.len() == 1 { "opgavepakken" } else { "opgavepakkerne" };
        sentences.push(format!(
            "Rollen »{navn}« bruges af {noun} {} og kan ikke slettes. Fjern den fra pakkerne først.",
            danish_list(&packages)
        ));
    }
    if !users.is_empty() {
        let noun = if users.len() == 1 { "brugeren" } else { "brugerne" };
        sentences.push(if packages.is_empty() {
            format!("Rollen »{navn}« er givet til {noun} {} og kan ikke slettes. Fjern den fra brugerne først.", danish_list(&users))
        } else {
            format!("Den er også givet til {noun} {}; fjern den også fra brugerne.", danish_list(&users))
        });
    }
    if !sentences.is_empty() {
        return Err(Error::Conflict { code: CONFLICT_ROLE_IN_USE, message: sentences.join(" ") });
    }
    tx.delete_role(id).await?;
    tx.record_audit(admin.id, AuditAction::AendretRolle, None, None, &format!("Slettet: »{navn}«")).await?;
    tx.commit().await?;
    tracing::info!(rolle = id, bruger = %admin.brugernavn, "rolle slettet");
    Ok(StatusCode::NO_CONTENT)
}
