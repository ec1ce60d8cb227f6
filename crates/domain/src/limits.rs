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

/// Longest name (a role, a package, a source system's credential), in
/// characters.
pub const MAX_NAME_CHARS: usize = 100;

/// The rules above as JSON Schema `pattern`s, for the API's document. The
/// syntax is the common part of ECMA 262, Python's `re` and Rust's `regex`
/// (`\uXXXX`, classes, no `\p{…}`), so every reader of the document
/// understands it the same way.
pub mod pattern {
    /// A name: one line with no control character (what
    /// [`super::has_control_chars`] refuses) and at least one character
    /// that is not blank (a name is trimmed, and must not be empty).
    pub const NAME: &str = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$";
    /// A text that is not blank after trimming (a required Årsag).
    pub const NOT_BLANK: &str = r"\S";
    /// A date as `YYYY-MM-DD` in the years [`super::MIN_YEAR`]–[`super::MAX_YEAR`]
    /// (whether the day exists is the `date` format's part).
    pub const DATE: &str = "^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";
}

/// Field schemas for the API's document (`#[schema(schema_with = …)]`),
/// built from the limits above.
#[cfg(feature = "openapi")]
pub mod schema {
    use super::{pattern, MAX_NAME_CHARS, MAX_REASON_CHARS};
    use utoipa::openapi::schema::{Object, ObjectBuilder, Type};

    /// A name: 1 to 100 characters, one line ([`pattern::NAME`]).
    pub fn name() -> Object {
        one_line(MAX_NAME_CHARS)
    }

    /// One line of 1 to `max` characters ([`pattern::NAME`]).
    pub fn one_line(max: usize) -> Object {
        ObjectBuilder::new().schema_type(Type::String).min_length(Some(1)).max_length(Some(max)).pattern(Some(pattern::NAME)).build()
    }

    /// A required Årsag: 1 to 2000 characters, not blank.
    pub fn reason() -> Object {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .max_length(Some(MAX_REASON_CHARS))
            .pattern(Some(pattern::NOT_BLANK))
            .build()
    }

    /// An optional note or free text of at most 2000 characters.
    pub fn note() -> Object {
        ObjectBuilder::new().schema_type(Type::String).max_length(Some(MAX_REASON_CHARS)).build()
    }

    /// An amount in øre: more than 0, at most 1.000.000 kr.
    pub fn amount() -> Object {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Int64)))
            .minimum(Some(1))
            .maximum(Some(crate::casework::rules::MAX_BELOEB_OERE))
            .build()
    }
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
