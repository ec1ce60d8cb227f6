//! Danish alphabetical order for names and titles shown in sorted lists.
//!
//! Byte order puts "Å" before "Æ" and "Ø" and capitals before all small
//! letters; Danish order is a–z, then æ, ø, å, regardless of case. Accented
//! Latin letters sort with their base letter (é as e, ü as y, ä as æ, ö as
//! ø, as Danish dictionaries do). Case and accents only break ties, so the
//! order is total and stable.

use std::cmp::Ordering;

/// The primary weight of a character: letters case-folded into Danish
/// alphabet order; anything else keeps its code point, spaced apart.
fn weight(c: char) -> u32 {
    let lower = c.to_lowercase().next().unwrap_or(c);
    let z = 'z' as u32 * 4;
    match lower {
        'æ' | 'ä' => z + 1,
        'ø' | 'ö' => z + 2,
        'å' => z + 3,
        'á' | 'à' | 'â' => 'a' as u32 * 4,
        'é' | 'è' | 'ê' | 'ë' => 'e' as u32 * 4,
        'í' | 'ì' | 'î' | 'ï' => 'i' as u32 * 4,
        'ó' | 'ò' | 'ô' => 'o' as u32 * 4,
        'ú' | 'ù' | 'û' | 'ü' => 'y' as u32 * 4,
        c => c as u32 * 4,
    }
}

/// Compares two strings in Danish alphabetical order.
pub fn danish_cmp(a: &str, b: &str) -> Ordering {
    a.chars().map(weight).cmp(b.chars().map(weight)).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(words: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        v.sort_by(|a, b| danish_cmp(a, b));
        v
    }

    #[test]
    fn aeoeaa_come_after_z_in_that_order() {
        assert_eq!(
            sorted(&["Åbenrå", "Ørsted", "Ærø", "Zealand", "abe", "Borger"]),
            ["abe", "Borger", "Zealand", "Ærø", "Ørsted", "Åbenrå"]
        );
    }

    #[test]
    fn case_decides_only_ties() {
        assert_eq!(sorted(&["bolig", "Bolig", "Anden", "andet"]), ["Anden", "andet", "Bolig", "bolig"]);
        assert_eq!(danish_cmp("Sag", "Sag"), Ordering::Equal);
    }

    #[test]
    fn accents_sort_with_their_letter() {
        assert_eq!(sorted(&["Ezra", "Éva", "Eva"]), ["Eva", "Éva", "Ezra"]);
        assert_eq!(sorted(&["Øst", "Öst", "Ost"]), ["Ost", "Öst", "Øst"]);
    }
}
