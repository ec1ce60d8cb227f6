//! `GET /api/openapi.json`: the API description (needs a session).

use super::auth::AuthUser;
use super::{audit, catalog, citizens, health, packages, roles, session, tasks, ApiContext};
use axum::routing::get;
use axum::Router;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Opgavepakker API",
        description = "HTTP JSON API for opgavepakker, sagsvælger og opgaveguides. Fejl: `ApiError` med en dansk besked."
    ),
    paths(
        health::health,
        session::login,
        session::logout,
        session::me,
        catalog::catalog,
        roles::list,
        roles::create,
        roles::update,
        roles::delete,
        packages::list,
        packages::mine,
        packages::tasks,
        packages::create,
        packages::versions,
        packages::new_version,
        packages::preview,
        tasks::snapshot,
        tasks::claim,
        tasks::next,
        tasks::detail,
        tasks::complete,
        citizens::find,
        citizens::overview,
        citizens::cases,
        citizens::start_task,
        citizens::receive_post,
        audit::list,
        openapi,
    ),
    components(schemas(
        domain::wire::ApiError,
        domain::package::FieldError,
        domain::model::Borger,
        domain::model::Sag,
        domain::model::Opgave,
        domain::model::Dokument,
        domain::package::PackageDraft,
        domain::preview::PreviewRequest,
        domain::preview::Preview,
        domain::wire::roles::RoleInput
    ))
)]
pub struct ApiDoc;

pub fn router() -> Router<ApiContext> {
    Router::new().route("/openapi.json", get(openapi))
}

/// This description.
#[utoipa::path(get, path = "/api/openapi.json", tag = "system", responses((status = 200, description = "OpenAPI 3.1")))]
pub async fn openapi(_user: AuthUser) -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(ApiDoc::openapi())
}
