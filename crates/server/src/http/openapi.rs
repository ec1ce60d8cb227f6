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
        session::current,
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
    modifiers(&SourceSystemAuth, &ExtractorRejections)
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

/// What the extractors answer on any route (`http::extract`), added to
/// each operation that can meet it: a path parameter that cannot be read is
/// 400 `ugyldig_adresse`; a JSON body that is not JSON (415), not valid
/// JSON (400), of the wrong shape (422) or too large (413) is
/// `ugyldig_json`. Every operation but this document's own may meet a
/// database that cannot be reached: 503 `database_utilgaengelig`. An
/// operation's own description of the status is kept, the rejection's
/// appended.
struct ExtractorRejections;

impl utoipa::Modify for ExtractorRejections {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::ParameterIn;
        for (path, item) in openapi.paths.paths.iter_mut() {
            let ops = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
            for op in ops.into_iter().flatten() {
                if path != "/api/openapi.json" {
                    add_rejection(op, "503", "`database_utilgaengelig`: databasen svarer ikke lige nu (prøv igen; `Retry-After`)");
                }
                let has_path_param = op.parameters.iter().flatten().any(|p| p.parameter_in == ParameterIn::Path);
                if has_path_param {
                    add_rejection(op, "400", "`ugyldig_adresse`: en værdi i adressen kan ikke læses (fx et id, der ikke er et tal)");
                }
                let json_body = op.request_body.as_ref().is_some_and(|b| b.content.contains_key("application/json"));
                if json_body {
                    add_rejection(op, "400", "`ugyldig_json`: ikke gyldig JSON");
                    add_rejection(op, "413", "`ugyldig_json`: forespørgslen er for stor");
                    add_rejection(op, "415", "`ugyldig_json`: ikke `Content-Type: application/json`");
                    add_rejection(op, "422", "`ugyldig_json`: felter mangler eller har forkert type");
                }
            }
        }
    }
}

fn add_rejection(op: &mut utoipa::openapi::path::Operation, status: &str, description: &str) {
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
    match op.responses.responses.get_mut(status) {
        Some(RefOr::T(r)) if !r.description.contains(description) => {
            r.description = format!("{}; {description}", r.description);
        }
        Some(_) => {}
        None => {
            let body = ContentBuilder::new().schema(Some(Ref::from_schema_name("ApiError"))).build();
            let response = ResponseBuilder::new().description(description).content("application/json", body).build();
            op.responses.responses.insert(status.to_owned(), RefOr::T(response));
        }
    }
}

/// The document as served: [`ApiDoc`] with every integer's real range.
/// utoipa (feature `non_strict_integers`) names the Rust width (`int16`,
/// `u-int16` …); here that becomes `minimum`/`maximum` and a standard format, so a
/// client (or schemathesis) knows that an `ydelse` id above 65535 is no id.
///
/// Every `date` also gets [`domain::limits::pattern::DATE`] (the years
/// 1900–2200 that every date the API takes must lie in), and every
/// `If-Match` the forms [`super::temporal::if_match_version`] reads.
pub fn document() -> serde_json::Value {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).expect("the OpenAPI document serialises");
    refine_schemas(&mut doc);
    catalogue_ranges(&mut doc);
    doc
}

/// [`document`], built once and served from then on.
static DOCUMENT: std::sync::LazyLock<serde_json::Value> = std::sync::LazyLock::new(document);

/// A filter's catalogue ids are 1..=n ([`domain::package::catalogue_lists`]).
fn catalogue_ranges(doc: &mut serde_json::Value) {
    let empty = domain::package::PackageFilter::default();
    for (field, _, n) in domain::package::catalogue_lists(&empty) {
        let pointer = format!("/components/schemas/PackageFilter/properties/{}/items", field.name());
        if let Some(items) = doc.pointer_mut(&pointer).and_then(|i| i.as_object_mut()) {
            items.insert("minimum".to_owned(), 1.into());
            items.insert("maximum".to_owned(), n.into());
        }
    }
}

/// The forms of a version id in `If-Match`: `12`, `"12"`, `W/"12"`, `W/12`.
pub const IF_MATCH_PATTERN: &str = r#"^(W/)?("[0-9]{1,18}"|[0-9]{1,18})$"#;

/// One walk over the document: integer widths become ranges, every
/// `date` gets the pattern of its years, and every `If-Match` header
/// parameter the pattern of [`IF_MATCH_PATTERN`].
fn refine_schemas(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Object(o) => {
            let range = match o.get("format").and_then(Value::as_str) {
                Some("int8") => Some((i128::from(i8::MIN), i128::from(i8::MAX), Some("int32"))),
                Some("int16") => Some((i128::from(i16::MIN), i128::from(i16::MAX), Some("int32"))),
                Some("uint8" | "u-int8") => Some((0, i128::from(u8::MAX), Some("int32"))),
                Some("uint16" | "u-int16") => Some((0, i128::from(u16::MAX), Some("int32"))),
                Some("uint32" | "u-int32") => Some((0, i128::from(u32::MAX), Some("int64"))),
                Some("uint64" | "u-int64") => Some((0, i128::from(u64::MAX), None)),
                _ => None,
            };
            if let Some((lo, hi, format)) = range {
                let number = |n: i128| serde_json::Number::from_i128(n).map_or(Value::Null, Value::Number);
                o.entry("minimum").or_insert_with(|| number(lo));
                o.entry("maximum").or_insert_with(|| number(hi));
                match format {
                    Some(f) => o.insert("format".to_owned(), Value::from(f)),
                    None => o.remove("format"),
                };
            }
            if o.get("format").and_then(Value::as_str) == Some("date") {
                o.entry("pattern").or_insert_with(|| Value::from(domain::limits::pattern::DATE));
            }
            let if_match =
                o.get("in").and_then(Value::as_str) == Some("header") && o.get("name").and_then(Value::as_str) == Some("If-Match");
            if let Some(schema) = o.get_mut("schema").and_then(Value::as_object_mut).filter(|_| if_match) {
                schema.insert("pattern".to_owned(), Value::from(IF_MATCH_PATTERN));
            }
            o.values_mut().for_each(refine_schemas);
        }
        Value::Array(a) => a.iter_mut().for_each(refine_schemas),
        _ => {}
    }
}

pub fn router() -> Router<ApiContext> {
    Router::new().route("/openapi.json", get(openapi))
}

/// This description.
#[utoipa::path(get, path = "/api/openapi.json", tag = "system", responses((status = 200, description = "OpenAPI 3.1")))]
pub async fn openapi(_user: AuthUser) -> axum::Json<&'static serde_json::Value> {
    axum::Json(&DOCUMENT)
}
