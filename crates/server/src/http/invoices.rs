//! `GET /api/admin/invoices.csv`: the invoice information of every
//! eFaktura for LIS-like reporting, with ATTACHED_DOCUMENTS_FAILED (Y/N).
//! No CPR number: the borger is named by id.

use super::auth::AdminUser;
use super::{ApiContext, Result};
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use domain::intake::invoice::attached_documents_failed;
use domain::wire::intake::Ordning;
use domain::wire::ApiError;

pub fn router() -> Router<ApiContext> {
    Router::new().route("/admin/invoices.csv", get(export))
}

/// The columns, in order.
pub const COLUMNS: &[&str] = &[
    "FAKTURA_ID",
    "BORGER_ID",
    "FAKTURANUMMER",
    "LEVERANDOER",
    "BELOEB",
    "ORDNING",
    "OPGAVE_ID",
    "ANTAL_BILAG",
    "MODTAGET",
    "ATTACHED_DOCUMENTS_FAILED",
];

/// One CSV field: quoted when it holds `;`, `,`, a quote or a line break;
/// a leading `=`, `+`, `-`, `@`, TAB or CR is prefixed with `'` so a
/// spreadsheet never runs it as a formula (OWASP's CSV injection advice).
fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_owned() };
    if s.contains([';', ',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn kroner(oere: i64) -> String {
    let sign = if oere < 0 { "-" } else { "" };
    format!("{sign}{},{:02}", (oere / 100).abs(), (oere % 100).abs())
}

/// Every invoice, oldest first, as CSV (`;`-separated, UTF-8 with BOM,
/// amounts in kroner with decimal comma), admin only.
#[utoipa::path(get, path = "/api/admin/invoices.csv", tag = "kildesystemer", responses(
    (status = 200, description = "CSV med kolonnerne FAKTURA_ID;BORGER_ID;FAKTURANUMMER;LEVERANDOER;BELOEB;ORDNING;OPGAVE_ID;ANTAL_BILAG;MODTAGET;ATTACHED_DOCUMENTS_FAILED (Y/N)", content_type = "text/csv"),
    (status = 401, body = ApiError),
    (status = 403, body = ApiError),
))]
pub async fn export(_admin: AdminUser, State(ctx): State<ApiContext>) -> Result<Response> {
    let rows = ctx.store.conn().await?.invoice_export().await?;
    let mut out = String::from("\u{feff}");
    out.push_str(&COLUMNS.join(";"));
    out.push_str("\r\n");
    for r in rows {
        let failed = r.fejlede_bilag()?;
        let ordning = match r.ordning() {
            Some(Ordning::Eyay) => "EYAY",
            Some(Ordning::Apoe) => "APOE",
            None => "",
        };
        let line = [
            r.id.to_string(),
            r.borger_id.to_string(),
            field(&r.fakturanummer),
            field(&r.leverandoer),
            kroner(r.beloeb_oere),
            ordning.to_owned(),
            r.opgave_id.to_string(),
            r.antal_bilag.to_string(),
            field(&r.modtaget),
            attached_documents_failed(&failed).to_owned(),
        ];
        out.push_str(&line.join(";"));
        out.push_str("\r\n");
    }
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8"),
            (CONTENT_DISPOSITION, "attachment; filename=\"fakturaer.csv\""),
            (CACHE_CONTROL, "no-store"),
        ],
        out,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_never_formulas() {
        assert_eq!(field("Optik A/S"), "Optik A/S");
        assert_eq!(field("A;B"), "\"A;B\"");
        assert_eq!(field("Sig \"hej\""), "\"Sig \"\"hej\"\"\"");
        assert_eq!(field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(field("+1"), "'+1");
        assert_eq!(field("-1"), "'-1");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("\t=1"), "'\t=1");
        assert_eq!(field("\r=1"), "\"'\r=1\"");
        assert_eq!(field("A,B"), "\"A,B\"");
        assert_eq!(field("A\nB"), "\"A\nB\"");
        assert_eq!(kroner(123456), "1234,56");
        assert_eq!(kroner(-5), "-0,05");
    }
}
