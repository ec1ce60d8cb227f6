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

/// An RFC 3339 timestamp from the API in the browser's time zone:
/// `22.11.2026 kl. 09:14`; the text itself if it does not parse.
pub fn timestamp(rfc3339: &str) -> String {
    use chrono::Timelike;
    match chrono::DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => {
            let local = t.with_timezone(&chrono::Local);
            format!("{} kl. {:02}:{:02}", date(local.date_naive()), local.hour(), local.minute())
        }
        Err(_) => rfc3339.to_owned(),
    }
}

/// Parses an amount in kroner as a Danish user writes it: decimal comma,
/// optional `.` between thousands, optional "kr." — `1.234,50` → 123450 øre.
pub fn parse_kroner(input: &str) -> Result<i64, &'static str> {
    const MESSAGE: &str = "Skriv beløbet i kroner med højst to decimaler efter kommaet, fx 1.250,50.";
    let s = input.trim();
    let s = s.strip_suffix("kr.").or_else(|| s.strip_suffix("kr")).unwrap_or(s).trim();
    if s.is_empty() {
        return Err("Skriv et beløb.");
    }
    if s.starts_with('-') {
        return Err("Beløbet skal være større end 0 kr.");
    }
    let (whole, frac) = match s.split_once(',') {
        Some((w, f)) => (w, f),
        None => (s, ""),
    };
    if frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(MESSAGE);
    }
    // Thousands separators: groups of three after the first group.
    let groups: Vec<&str> = whole.split('.').collect();
    let valid_groups = !groups[0].is_empty()
        && groups[0].len() <= if groups.len() > 1 { 3 } else { 12 }
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
        && groups[1..].iter().all(|g| g.len() == 3);
    if !valid_groups {
        return Err(MESSAGE);
    }
    let kroner: i64 = groups.concat().parse().map_err(|_| MESSAGE)?;
    let oere: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().map_err(|_| MESSAGE)? * 10,
        _ => frac.parse::<i64>().map_err(|_| MESSAGE)?,
    };
    let total = kroner.checked_mul(100).and_then(|k| k.checked_add(oere)).ok_or(MESSAGE)?;
    if total == 0 {
        return Err("Beløbet skal være større end 0 kr.");
    }
    Ok(total)
}

/// `123450` øre → `1.234,50 kr.`
pub fn kroner(oere: i64) -> String {
    let sign = if oere < 0 { "-" } else { "" };
    let a = oere.unsigned_abs();
    format!("{sign}{},{:02} kr.", count(a / 100), a % 100)
}
