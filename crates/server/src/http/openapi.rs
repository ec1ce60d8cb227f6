//! `GET /api/openapi.json`: the API description (needs a session).

use super::auth::AuthUser;
use super::{
    audit, catalog, citizens, credentials, health, intake, invoices, packages, parameters, roles, session, tasks, users, ApiContext,
};
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
        users::list,
        users::set_roles,
        users::end_sessions,
        packages::list,
        packages::mine,
        packages::tasks,
        packages::create,
        packages::versions,
        packages::new_version,
        packages::preview,
        tasks::snapshot,
        tasks::snapshot_delta,
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
        intake::selvbetjening,
        intake::efaktura,
        intake::haendelser,
        credentials::list,
        credentials::create,
        credentials::revoke,
        parameters::overview,
        parameters::versions,
        parameters::new_version,
        invoices::export,
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
        domain::wire::roles::RoleInput,
        domain::model::Permission,
        domain::intake::submission::SubmissionMeta,
        domain::wire::intake::InvoiceMeta
    )),
    modifiers(&SourceSystemAuth)
)]
pub struct ApiDoc;

/// The intake endpoints' `Authorization: Bearer opk_…` (a source system's
/// credential, never a session).
struct SourceSystemAuth;

impl utoipa::Modify for SourceSystemAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.description = Some("Kildesystemets nøgle (`opk_…`), oprettet af en systemadministrator under Kildesystemer.".into());
        components.add_security_scheme("kildesystem", SecurityScheme::Http(scheme));
    }
}

pub fn router() -> Router<ApiContext> {
    Router::new().route("/openapi.json", get(openapi))
}

/// This description.
#[utoipa::path(get, path = "/api/openapi.json", tag = "system", responses((status = 200, description = "OpenAPI 3.1")))]
pub async fn openapi(_user: AuthUser) -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(ApiDoc::openapi())
}
