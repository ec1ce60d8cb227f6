//! Danish presentation: dates `dd.mm.åååå`, numbers with `.` between
//! thousands. Pure functions, tested in the browser (tests/web.rs).

use chrono::{Datelike, NaiveDate};

// Written by hand rather than with chrono's `format`/`parse_from_str`: the
// strftime machinery is a noticeable part of the wasm.

/// `2026-03-07` → `07.03.2026`.
pub fn date(d: NaiveDate) -> String {
    format!("{:02}.{:02}.{:04}", d.day(), d.month(), d.year())
}

/// A date or a dash when there is none.
pub fn date_or_dash(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "–".to_owned(), date)
}

/// Parses the ISO form used on the wire and by `<input type="date">`.
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = &s[r];
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// The ISO form used on the wire and by `<input type="date">`.
pub fn iso(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// Today in the browser's local time zone.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// `1234567` → `1.234.567`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}
