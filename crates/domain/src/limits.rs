//! Limits every form shares, once for the browser and the server: a
//! plausible date (years 1900–2200), the longest free texts, the longest
//! lists, and names without control characters. The package validation
//! (`package.rs`), the system parameters (`intake/params.rs`) and the
//! wizards' rules (`casework/rules.rs`) apply them at their own fields; the
//! cases are in `tests/limits_cases.json` (host and Chromium).

use chrono::{Datelike, NaiveDate};

/// The first year a date may be in.
pub const MIN_YEAR: i32 = 1900;
/// The last year a date may be in.
pub const MAX_YEAR: i32 = 2200;
/// The message for a date outside [`MIN_YEAR`]–[`MAX_YEAR`].
pub const DATE_OUT_OF_RANGE: &str = "Datoen skal ligge mellem år 1900 og 2200.";

/// Longest package Beskrivelse, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 2000;
/// Longest Ændringsårsag (packages and system parameters), in characters.
pub const MAX_REASON_CHARS: usize = 2000;
/// Most entries in one chosen list (a filter's task types, units …, a
/// package's roles, a wizard's document edits).
pub const MAX_LIST_LEN: usize = 500;
/// The message for a list longer than [`MAX_LIST_LEN`].
pub const LIST_TOO_LONG: &str = "Der er valgt for mange punkter (højst 500).";

/// Is the date in the years 1900–2200?
pub fn plausible_date(d: NaiveDate) -> bool {
    (MIN_YEAR..=MAX_YEAR).contains(&d.year())
}

/// Is the text longer than `max` characters?
pub fn too_long(text: &str, max: usize) -> bool {
    text.chars().nth(max).is_some()
}

/// Does the text hold a control character (a line break, a tab, NUL …)?
/// Names (roles, packages) are one line of printable text.
pub fn has_control_chars(text: &str) -> bool {
    text.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bounds_are_inclusive() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert!(plausible_date(d(1900, 1, 1)) && plausible_date(d(2200, 12, 31)));
        assert!(!plausible_date(d(1899, 12, 31)) && !plausible_date(d(2201, 1, 1)));
        assert!(!too_long("æøå", 3) && too_long("æøåa", 3), "characters, not bytes");
        assert!(has_control_chars("a\nb") && has_control_chars("a\u{0}") && !has_control_chars("Ydelser (KY) – æ"));
    }
}
