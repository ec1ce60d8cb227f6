//! Danish presentation: dates `dd.mm.åååå`, numbers with `.` between
//! thousands. Pure functions, tested in the browser (tests/web.rs).

use chrono::NaiveDate;

// Written by hand rather than with chrono's `format`/`parse_from_str`: the
// strftime machinery is a noticeable part of the wasm.

/// `2026-03-07` → `07.03.2026`.
pub use domain::danish_time::date_label as date;

/// A date or a dash when there is none.
pub fn date_or_dash(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "–".to_owned(), date)
}

/// Parses the ISO form used on the wire and by `<input type="date">`
/// (`domain::model::parse_iso_date`).
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    domain::model::parse_iso_date(s)
}

/// The ISO form used on the wire and by `<input type="date">`
/// (`domain::model::iso_date`).
pub fn iso(d: NaiveDate) -> String {
    domain::model::iso_date(d)
}

/// Today in Denmark, whatever zone the browser is in: the same day the
/// server calls today (`domain::danish_time`).
pub fn today() -> NaiveDate {
    domain::danish_time::today_at(chrono::Utc::now())
}

/// `1234567` → `1.234.567`.
pub use domain::casework::wizards::thousands as count;

/// An RFC 3339 timestamp from the API on a Danish clock:
/// `22.11.2026 kl. 09:14`; the text itself if it does not parse.
pub fn timestamp(rfc3339: &str) -> String {
    use chrono::Timelike;
    match chrono::DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => {
            let local = domain::danish_time::local(t.to_utc());
            format!("{} kl. {:02}:{:02}", date(local.date_naive()), local.hour(), local.minute())
        }
        Err(_) => rfc3339.to_owned(),
    }
}

pub use domain::casework::wizards::kroner;

/// Whether a form field holds input the browser cannot read as a value
/// (`validity.badInput`): a date field with a day that is none (31.02) or
/// only partly typed, whose `value` is then empty as if nothing were typed.
pub fn is_bad_input(field: &wasm_bindgen::JsValue) -> bool {
    js_sys::Reflect::get(field, &"validity".into())
        .and_then(|v| js_sys::Reflect::get(&v, &"badInput".into()))
        .ok()
        .and_then(|b| b.as_bool())
        .unwrap_or(false)
}
