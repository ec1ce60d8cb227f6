//! What task packages and system parameters share: temporal versions that
//! never overlap, a new version based on the newest (`If-Match`, else 409
//! `foraeldet_version`), starting after it, the newest ending the day
//! before. Each resource keeps its own messages and validation.

use super::{Error, Result};
use axum::http::header::IF_MATCH;
use axum::http::HeaderMap;
use chrono::NaiveDate;
use domain::codes::{self, CONFLICT_STALE_VERSION};
use domain::package::periods_overlap;

/// A stored version with its period.
pub trait Versioned {
    fn version_id(&self) -> i64;
    fn period(&self) -> (NaiveDate, Option<NaiveDate>);
}

impl Versioned for domain::package::PackageVersion {
    fn version_id(&self) -> i64 {
        self.version
    }
    fn period(&self) -> (NaiveDate, Option<NaiveDate>) {
        (self.draft.gyldig_fra, self.draft.gyldig_til)
    }
}

impl Versioned for domain::intake::ParameterVersion {
    fn version_id(&self) -> i64 {
        self.id
    }
    fn period(&self) -> (NaiveDate, Option<NaiveDate>) {
        (self.draft.gyldig_fra, self.draft.gyldig_til)
    }
}

/// `"12"`: a version id as an `ETag`.
/// A day from the query (`?at=`, `?dato=`): absent → today; otherwise
/// exactly `YYYY-MM-DD` (the OpenAPI `format: date`), else 400
/// `ugyldig_dato` (an empty value too).
pub fn query_day(value: Option<&str>) -> Result<NaiveDate> {
    Ok(optional_query_day(value)?.unwrap_or_else(crate::clock::today))
}

/// A day given in an address (`YYYY-MM-DD`), or none.
pub fn optional_query_day(value: Option<&str>) -> Result<Option<NaiveDate>> {
    match value {
        None => Ok(None),
        // The API's form of a date is the stored one.
        Some(s) => {
            let day = crate::store::parse_day(s).ok().filter(|d| crate::store::format_day(*d) == s).ok_or_else(|| {
                Error::bad_request(codes::INVALID_DATE, "Datoen skal skrives som ÅÅÅÅ-MM-DD, fx 2026-01-31, og være en gyldig dato.")
            })?;
            if domain::limits::plausible_date(day) {
                Ok(Some(day))
            } else {
                Err(Error::bad_request(codes::INVALID_DATE, domain::limits::DATE_OUT_OF_RANGE))
            }
        }
    }
}

pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// The messages of [`if_match_version`] for one resource.
pub struct IfMatchMessages {
    /// 428 when `If-Match` is missing.
    pub missing: &'static str,
    /// 400 when it names no version id.
    pub invalid: &'static str,
}

/// The version id an edit was based on, from `If-Match: "12"`, `12` or
/// `W/"12"`.
pub fn if_match_version(headers: &HeaderMap, m: &IfMatchMessages) -> Result<i64> {
    let Some(value) = headers.get(IF_MATCH) else {
        return Err(Error::PreconditionRequired(m.missing));
    };
    let bad = || Error::bad_request(codes::INVALID_IF_MATCH, m.invalid);
    let s = value.to_str().map_err(|_| bad())?.trim();
    let s = s.strip_prefix("W/").unwrap_or(s);
    let s = s.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(s);
    s.parse::<i64>().map_err(|_| bad())
}

/// 409 `foraeldet_version` unless `base` is the newest version's id.
pub fn check_base(newest: i64, base: i64, stale: &str) -> Result<()> {
    if newest == base {
        Ok(())
    } else {
        Err(Error::Conflict { code: CONFLICT_STALE_VERSION, message: stale.into() })
    }
}

/// The Danish message when a new version does not start after the newest.
pub fn starts_after(newest_from: NaiveDate, from: NaiveDate, what: &str) -> Option<String> {
    (from < domain::danish_time::first_day_of_new_version(newest_from)).then(|| {
        format!(
            "Gyldig fra skal være efter {}, hvor den nyeste version af {what} begynder. Vælg en senere dato.",
            domain::danish_time::date_label(newest_from)
        )
    })
}

/// The day the newest version must now end (the day before `from`), if
/// it does not end by then already.
pub fn end_of_previous<T: Versioned>(newest: &T, from: NaiveDate) -> Result<Option<NaiveDate>> {
    let day_before = from.pred_opt().ok_or_else(|| Error::Internal(anyhow::anyhow!("ingen dag før {from}")))?;
    Ok(newest.period().1.is_none_or(|til| til > day_before).then_some(day_before))
}

/// Versions of one key never overlap in time. Checked after every write,
/// before the commit: a violation is a bug, and the write is rolled back.
pub fn assert_no_overlap<T: Versioned>(versions: &[T], key: &str) -> Result<()> {
    for (i, a) in versions.iter().enumerate() {
        for b in &versions[i + 1..] {
            let ((af, at), (bf, bt)) = (a.period(), b.period());
            if periods_overlap(af, at, bf, bt) {
                return Err(Error::Internal(anyhow::anyhow!(
                    "versionerne {} og {} af {key} overlapper i tid",
                    a.version_id(),
                    b.version_id()
                )));
            }
        }
    }
    Ok(())
}
