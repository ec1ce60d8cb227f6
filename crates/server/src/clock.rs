//! The server's clock: today's date and the current moment, in the forms
//! the API and the database use. Every "today" and "now" of the server is
//! read here, so a test clock would have one place to go. Dates and moments
//! are Danish time (`domain::danish_time`), whatever zone the machine is in,
//! so the server and the browser agree on which day it is.

use chrono::{NaiveDate, Utc};
use domain::danish_time;

/// Today in Denmark (package validity, task dates, "frist not before today").
pub fn today() -> NaiveDate {
    danish_time::today_at(Utc::now())
}

/// Now as unix seconds (session expiry).
pub fn now_unix() -> i64 {
    Utc::now().timestamp()
}

/// Now as unix milliseconds (the login throttle and upload quotas).
pub fn now_millis() -> i64 {
    Utc::now().timestamp_millis()
}

/// Now as RFC 3339 on a Danish clock, whole seconds: the form of every
/// stored and answered moment (history, decisions, audit, package versions).
pub fn now_rfc3339() -> String {
    danish_time::local(Utc::now()).to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}
