//! CPR numbers. A whole CPR number is sensitive: it is only ever held in a
//! [`Cpr`], whose `Debug` masks it, so it cannot slip into a log by accident.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Cpr([u8; 10]);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CprError(pub &'static str);

impl fmt::Display for CprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Cpr {
    /// Parses `ddmmyyxxxx` or `ddmmyy-xxxx`, surrounding spaces allowed:
    /// the form source systems send. The day is 01–31, or 61–91 for a
    /// substitute number; the month 01–12.
    pub fn parse(input: &str) -> Result<Cpr, CprError> {
        Cpr::parse_with(input, &['-'])
    }

    /// A CPR number as a person types or pastes it into a search: also
    /// `ddmmyy xxxx`, and an empty field is asked for.
    pub fn parse_typed(input: &str) -> Result<Cpr, CprError> {
        if input.trim().is_empty() {
            return Err(CprError("Skriv et CPR-nummer (ddmmåå-xxxx)."));
        }
        Cpr::parse_with(input, &['-', ' '])
    }

    fn parse_with(input: &str, separators: &[char]) -> Result<Cpr, CprError> {
        let s = input.trim();
        let mut digits = [0u8; 10];
        let mut n = 0;
        for (i, c) in s.chars().enumerate() {
            if separators.contains(&c) && i == 6 && n == 6 {
                continue;
            }
            let Some(d) = c.to_digit(10) else {
                return Err(CprError("CPR-nummeret må kun indeholde 10 cifre, evt. med bindestreg efter de første 6 (ddmmåå-xxxx)."));
            };
            if n == 10 {
                return Err(CprError("CPR-nummeret skal have præcis 10 cifre (ddmmåå-xxxx)."));
            }
            digits[n] = d as u8;
            n += 1;
        }
        if n != 10 {
            return Err(CprError("CPR-nummeret skal have præcis 10 cifre (ddmmåå-xxxx)."));
        }
        let cpr = Cpr(digits);
        let day = cpr.day_digits();
        if !((1..=31).contains(&day) || (61..=91).contains(&day)) {
            return Err(CprError(
                "De to første cifre i CPR-nummeret skal være en dag fra 01 til 31 (eller 61 til 91 for erstatningsnumre).",
            ));
        }
        let month = digits[2] * 10 + digits[3];
        if !(1..=12).contains(&month) {
            return Err(CprError("Tredje og fjerde ciffer i CPR-nummeret skal være en måned fra 01 til 12."));
        }
        Ok(cpr)
    }

    /// The first two digits as a number (day of birth, or 61–91 for a
    /// substitute number). This is all the browser's snapshot ever carries.
    pub fn day_digits(&self) -> u8 {
        self.0[0] * 10 + self.0[1]
    }

    pub fn is_substitute(&self) -> bool {
        self.day_digits() > 60
    }

    /// `ddmmyy-xxxx`, for a single borger shown to a caseworker.
    pub fn formatted(&self) -> String {
        let mut s = String::with_capacity(11);
        for (i, d) in self.0.iter().enumerate() {
            if i == 6 {
                s.push('-');
            }
            s.push(char::from(b'0' + d));
        }
        s
    }

    /// `ddmmyy-****`, for lists.
    pub fn masked(&self) -> String {
        let mut s = self.formatted();
        s.replace_range(7.., "****");
        s
    }

    /// The ten digits without a dash (storage form).
    pub fn digits(&self) -> String {
        self.0.iter().map(|d| char::from(b'0' + d)).collect()
    }
}

impl fmt::Debug for Cpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Cpr({})", self.masked())
    }
}

impl TryFrom<String> for Cpr {
    type Error = CprError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Cpr::parse(&s)
    }
}

impl From<Cpr> for String {
    fn from(c: Cpr) -> String {
        c.formatted()
    }
}

/// Formats the day digits of a CPR number for a list without the number:
/// `05xxxx-****`.
pub fn day_digits_label(day: u8) -> String {
    format!("{day:02}xxxx-xxxx")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_with_and_without_dash() {
        let a = Cpr::parse("010203-1234").unwrap();
        let b = Cpr::parse(" 0102031234 ").unwrap();
        assert_eq!(a, b);
        // Typed by a person: with a space too, and an empty field is asked for.
        assert_eq!(Cpr::parse_typed("010203 1234").unwrap(), a);
        assert_eq!(Cpr::parse_typed(" 010203-1234").unwrap(), a);
        assert_eq!(Cpr::parse_typed("").unwrap_err().0, "Skriv et CPR-nummer (ddmmåå-xxxx).");
        assert_eq!(Cpr::parse_typed("   ").unwrap_err().0, "Skriv et CPR-nummer (ddmmåå-xxxx).");
        assert!(Cpr::parse_typed("0102 031234").is_err() && Cpr::parse_typed("010203  1234").is_err());
        // Sent by a source system: the documented forms only.
        assert!(Cpr::parse("010203 1234").is_err());
        assert_eq!(Cpr::parse("").unwrap_err().0, "CPR-nummeret skal have præcis 10 cifre (ddmmåå-xxxx).");
        assert_eq!(a.formatted(), "010203-1234");
        assert_eq!(a.masked(), "010203-****");
        assert_eq!(a.day_digits(), 1);
        assert_eq!(format!("{a:?}"), "Cpr(010203-****)");
    }

    #[test]
    fn substitute_numbers() {
        let c = Cpr::parse("650203-1234").unwrap();
        assert!(c.is_substitute());
        assert_eq!(c.day_digits(), 65);
    }

    #[test]
    fn rejects_bad_input() {
        for bad in [
            "",
            "12345",
            "01020312345",
            "0102-031234",
            "010203 1234",
            "abcdefghij",
            "320203-1234",
            "000203-1234",
            "921203-1234",
            "011303-1234",
            "010003-1234",
            "450203-1234",
        ] {
            assert!(Cpr::parse(bad).is_err(), "{bad} should be rejected");
        }
    }
}
