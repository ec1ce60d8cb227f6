//! The audit log: every opening of a Borgeroverblik, every finished wizard
//! and every manual Modtag post is recorded (who, when, what, which borger
//! by id: never the CPR number). `GET /api/audit?page=` (admin).

use super::auth::AdminUser;
use super::records::now_rfc3339;
use super::{ApiContext, Error, Json, Query, Result};
use axum::extract::State;
use axum::routing::get;
use axum::Router;
use domain::wire::audit::{AuditAction, AuditEntry, AuditPage};
use domain::wire::ApiError;
use serde::Deserialize;
use sqlx::SqliteConnection;

pub fn router() -> Router<ApiContext> {
    Router::new().route("/audit", get(list))
}

/// Records one audit entry (inside the caller's transaction when it writes).
pub async fn record(
    conn: &mut SqliteConnection,
    bruger_id: i64,
    handling: AuditAction,
    borger_id: Option<i64>,
    opgave_id: Option<i64>,
    detaljer: &str,
) -> Result<()> {
    sqlx::query("INSERT INTO audit_log (tidspunkt, bruger_id, handling, borger_id, opgave_id, detaljer) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(now_rfc3339())
        .bind(bruger_id)
        .bind(i64::from(handling.code()))
        .bind(borger_id)
        .bind(opgave_id)
        .bind(detaljer)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub const PAGE_SIZE: u32 = 50;

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: i64,
    tidspunkt: String,
    brugernavn: String,
    handling: i64,
    borger_id: Option<i64>,
    opgave_id: Option<i64>,
    detaljer: String,
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AuditParams {
    /// Page number from 1; default 1. 50 entries per page, newest first.
    page: Option<u32>,
}

/// The audit log, newest first (admin).
#[utoipa::path(get, path = "/api/audit", tag = "revision", params(AuditParams), responses(
    (status = 200, body = AuditPage),
    (status = 400, body = ApiError),
    (status = 401, body = ApiError),
    (status = 403, description = "Kun for systemadministratorer", body = ApiError),
))]
pub async fn list(_admin: AdminUser, State(ctx): State<ApiContext>, Query(p): Query<AuditParams>) -> Result<Json<AuditPage>> {
    let side = p.page.unwrap_or(1);
    if side == 0 {
        return Err(Error::bad_request("ugyldig_forespoergsel", "Side skal være 1 eller mere."));
    }
    let mut conn = ctx.db.acquire().await?;
    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log").fetch_one(&mut *conn).await?;
    let rows: Vec<AuditRow> = sqlx::query_as(
        "SELECT a.id, a.tidspunkt, b.brugernavn, a.handling, a.borger_id, a.opgave_id, a.detaljer
         FROM audit_log a JOIN brugere b ON b.id = a.bruger_id ORDER BY a.id DESC LIMIT ? OFFSET ?",
    )
    .bind(i64::from(PAGE_SIZE))
    .bind(i64::from(side - 1) * i64::from(PAGE_SIZE))
    .fetch_all(&mut *conn)
    .await?;
    let poster = rows
        .into_iter()
        .map(|r| {
            let handling = u8::try_from(r.handling)
                .ok()
                .and_then(AuditAction::from_code)
                .ok_or_else(|| Error::Internal(anyhow::anyhow!("ukendt handling {} i audit_log", r.handling)))?;
            Ok(AuditEntry {
                id: r.id,
                tidspunkt: r.tidspunkt,
                brugernavn: r.brugernavn,
                handling,
                borger_id: r.borger_id,
                opgave_id: r.opgave_id,
                detaljer: r.detaljer,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Json(AuditPage { total: total as u64, side, sidestoerrelse: PAGE_SIZE, poster }))
}
