//! Danish time: the calendar the product's dates live in.
//!
//! "Today" decides which package versions are valid, a task's creation
//! date and whether a frist lies in the past. It is the day in Denmark,
//! whatever time zone the server or the browser runs in (a server in UTC
//! and a browser in Copenhagen disagree for an hour every night otherwise).
//!
//! Denmark keeps CET (UTC+1) and, under the EU rule in force since 1996,
//! summer time CEST (UTC+2) from the last Sunday of March 01:00 UTC to the
//! last Sunday of October 01:00 UTC. The rule is computed here rather than
//! read from a time-zone database, which would cost the browser bundle
//! hundreds of kilobytes for one zone. See `docs/domain.md`.

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, Utc};

const HOUR: i32 = 3600;

/// The last Sunday of a 31-day month.
fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let last = NaiveDate::from_ymd_opt(year, month, 31).expect("March and October have 31 days");
    last - Days::new(u64::from(last.weekday().num_days_from_sunday()))
}

/// A date as every text shows it: `2026-03-07` → `07.03.2026`. Written by
/// hand rather than with chrono's `format`: the strftime machinery is a
/// noticeable part of the wasm.
pub fn date_label(d: NaiveDate) -> String {
    format!("{:02}.{:02}.{:04}", d.day(), d.month(), d.year())
}

/// The first day a new version of a package or system parameter may start:
/// the day after the newest version starts (versions of one key follow each
/// other in time). The server refuses an earlier day.
pub fn first_day_of_new_version(newest_from: NaiveDate) -> NaiveDate {
    newest_from + Days::new(1)
}

/// The "Gyldig fra" the editors propose for a new version: tomorrow, or
/// [`first_day_of_new_version`] when that is later.
pub fn proposed_start_of_new_version(today: NaiveDate, newest_from: NaiveDate) -> NaiveDate {
    (today + Days::new(1)).max(first_day_of_new_version(newest_from))
}

/// Denmark's offset from UTC at the instant `utc`.
pub fn offset_at(utc: DateTime<Utc>) -> FixedOffset {
    let year = utc.year();
    let switch = |month| last_sunday(year, month).and_hms_opt(1, 0, 0).expect("01:00 exists").and_utc();
    let summer = utc >= switch(3) && utc < switch(10);
    FixedOffset::east_opt(if summer { 2 * HOUR } else { HOUR }).expect("offset in range")
}

/// The instant `utc` on a Danish clock.
pub fn local(utc: DateTime<Utc>) -> DateTime<FixedOffset> {
    utc.with_timezone(&offset_at(utc))
}

/// The Danish calendar day at the instant `utc`.
pub fn today_at(utc: DateTime<Utc>) -> NaiveDate {
    local(utc).date_naive()
}

/// A moment on a Danish clock from unix seconds (`None` out of range).
pub fn from_unix(secs: i64) -> Option<DateTime<FixedOffset>> {
    DateTime::from_timestamp(secs, 0).map(local)
}
