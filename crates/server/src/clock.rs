//! The server's clock: today's date and the current moment, in the forms
//! the API and the database use. Every "today" and "now" of the server is
//! read here, so a test clock would have one place to go.

use chrono::NaiveDate;

/// Today, in the server's local time zone (package validity, task dates,
/// "frist not before today").
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Now as unix seconds (session expiry).
pub fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Now as RFC 3339 in local time, whole seconds: the form of every stored
/// and answered moment (history, decisions, audit, package versions).
pub fn now_rfc3339() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}
