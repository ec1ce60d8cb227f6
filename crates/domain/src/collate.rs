//! Danish alphabetical order for names and titles shown in sorted lists,
//! the same order as ICU's Danish collation (CLDR `da`), which PostgreSQL
//! sorts by (`COLLATE dansk`) and SQLite is given from here.
//!
//! Byte order puts "Å" before "Æ" and "Ø" and capitals before all small
//! letters. Danish order is a–z, then æ, ø, å; "aa" is one letter, å, as in
//! "Aabenraa" (any of "aa", "Aa", "AA"; not "aA"). Three levels decide, as
//! in a dictionary:
//! 1. the letters, case and accents aside: ä sorts as æ, ö as ø, ü as y,
//!    é as e; signs before digits before letters;
//! 2. then the accents, counted from the left: "Eva" < "Éva" < "Èva",
//!    "Øst" < "Öst";
//! 3. then case and the form of the letter, capitals first: "Bolig" <
//!    "bolig", "Å" < "AA" < "Aa" < "å" < "aa".
//!
//! Strings still equal after that are ordered by their bytes, as PostgreSQL
//! does, so the order is total. [`ORDER`] states the order of every
//! character it knows (ASCII, Latin-1 and Latin Extended-A); any other
//! character sorts after them by code point. The host tests run it against
//! PostgreSQL's ICU (crates/server/tests/pg_schema.rs). Where it differs
//! from ICU: the fractions (¼ ½ ¾) and ŉ, which ICU spells out as several
//! signs; control characters (which no stored name holds); and text in
//! decomposed form (e followed by a combining accent), which the browser
//! and the server rarely see in typed input.

use std::cmp::Ordering;
use std::sync::OnceLock;

/// The characters in Danish order: a line per letter or sign (level 1);
/// within a line, forms that differ in accent apart by spaces (level 2,
/// weighed 0, 2, 4, … so that ß fits between two),
/// and forms that differ only in case or form side by side (level 3). The
/// space comes first, before all of these; the soft hyphen is ignored.
/// œ, ß, þ and ĳ are two letters each (see [`Elements`]).
const ORDER: &str = r##"_
-
,
;
:
!
¡
?
¿
.
·
'
"
«
»
(
)
[
]
{
}
§
¶
@
*
/
\
&
#
%
`
´
^
¯
¨
¸
°
©
®
+
±
÷
×
<
=
>
¬
|
¦
~
¤
¢
$
£
¥
0
1¹
2²
3³
4
5
6
7
8
9
Aaª Áá Àà Ăă Ââ Ãã Ąą Āā
Bb
Cc Ćć Ĉĉ Čč Ċċ Çç
Dd Ďď Đđ Ðð
Ee Éé Èè Ĕĕ Êê Ěě Ëë Ėė Ęę Ēē
Ff
Gg Ğğ Ĝĝ Ġġ Ģģ
Hh Ĥĥ Ħħ
Ii Íí Ìì Ĭĭ Îî Ïï Ĩĩ İ Įį Īī
ı
Jj Ĵĵ
Kk Ķķ
Ll Ĺĺ Ľľ Ļļ Łł Ŀŀ
Mm
Nn Ńń Ňň Ññ Ņņ
Ŋŋ
Ooº Óó Òò Ŏŏ Ôô Õõ Ōō
Pp
Qq
ĸ
Rr Ŕŕ Řř Ŗŗ
Ss Śś Ŝŝ Šš Şş ſ
Tt Ťť Ţţ
Ŧŧ
Uu Úú Ùù Ŭŭ Ûû Ůů Ũũ Ųų Ūū
Vv
Ww Ŵŵ
Xx
Yy Ýý Ŷŷ Ÿÿ Üü Űű
Zz Źź Žž Żż
Ææ Ää
Øø Öö Őő
Åå
µ"##;

/// One collation element: the weights of one letter or sign at the three
/// levels.
#[derive(Clone, Copy)]
struct Element {
    primary: u32,
    secondary: u8,
    tertiary: u8,
}

/// `ORDER` as a table sorted by character, built at first use.
fn table() -> &'static [(char, Element)] {
    static TABLE: OnceLock<Vec<(char, Element)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = vec![
            (' ', Element { primary: 1, secondary: 0, tertiary: STEP / 2 }),
            ('\u{a0}', Element { primary: 1, secondary: 0, tertiary: STEP / 2 + STEP }),
        ];
        for (line, primary) in ORDER.lines().zip(2..) {
            for (group, secondary) in line.split(' ').zip((0..).step_by(2)) {
                for (c, tertiary) in group.chars().zip((STEP / 2..).step_by(STEP as usize)) {
                    table.push((c, Element { primary, secondary, tertiary }));
                }
            }
        }
        table.sort_unstable_by_key(|&(c, _)| c);
        table
    })
}

/// The distance between two case forms at level 3 (the first at half of
/// it); the forms between are for "aa", "l·" and the two-letter characters.
const STEP: u8 = 4;

fn element(c: char) -> Element {
    let table = table();
    match table.binary_search_by_key(&c, |&(c, _)| c) {
        Ok(i) => table[i].1,
        Err(_) => Element { primary: 0x1_0000 + c as u32, secondary: 0, tertiary: 0 },
    }
}

/// `e` at a later form of level 3 (between its case forms).
fn form(mut e: Element, by: u8) -> Element {
    e.tertiary += by;
    e
}

/// An a, plain or with an accent (the letters whose canonical decomposition
/// begins with a): the accent's weight at level 2 in ICU's root order (0
/// for none), and whether it is a capital. An a before one of these is "aa"
/// with that accent on the å ("aá" is å with an acute), as ICU reads
/// decomposed text.
fn a_with_mark(c: char) -> Option<(u8, bool)> {
    let mark = match c.to_lowercase().next()? {
        'a' => 0,
        'á' => 1,
        'à' => 2,
        'ă' => 3,
        'â' => 4,
        'å' => 6,
        'ä' => 7,
        'ã' => 9,
        'ą' => 12,
        'ā' => 13,
        _ => return None,
    };
    Some((mark, c.is_uppercase()))
}

/// The collation elements of a string: one per character, except that
/// "aa", "Aa" and "AA" are one å (after Å and before å at level 3, as
/// "Aa" after "AA"; the second a may carry an accent), œ is o, e with an
/// accent after all of e's, ß is s, s with an accent between ş and ſ on the
/// first, þ is t, h and ĳ is i, j at a form of their own, and "l·" is ŀ.
struct Elements<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    pending: Option<Element>,
}

fn elements(s: &str) -> Elements<'_> {
    Elements { chars: s.chars().peekable(), pending: None }
}

impl Iterator for Elements<'_> {
    type Item = Element;

    fn next(&mut self) -> Option<Element> {
        if let Some(e) = self.pending.take() {
            return Some(e);
        }
        let mut c = self.chars.next()?;
        while c == '\u{ad}' {
            c = self.chars.next()?;
        }
        let accented = |e: Element| Element { secondary: u8::MAX, ..e };
        let (first, second) = match c {
            'a' | 'A' => {
                let Some((mark, upper)) = self.chars.peek().and_then(|&n| a_with_mark(n)) else { return Some(element(c)) };
                let aa = match (c, upper) {
                    ('A', true) => form(element('Å'), 1),
                    ('A', false) => form(element('Å'), 2),
                    ('a', false) => form(element('å'), 1),
                    _ => return Some(element(c)),
                };
                self.chars.next();
                return Some(Element { secondary: mark, ..aa });
            }
            'œ' => (element('o'), Some(accented(element('e')))),
            'Œ' => (element('O'), Some(accented(element('E')))),
            'ß' => (Element { secondary: element('ş').secondary + 1, ..element('s') }, Some(element('s'))),
            // "l·" as in Catalan is ŀ, just before it at level 3.
            'l' | 'L' if self.chars.peek() == Some(&'·') => {
                self.chars.next();
                let dotted = element(if c == 'l' { 'ŀ' } else { 'Ŀ' });
                return Some(Element { tertiary: dotted.tertiary - 1, ..dotted });
            }
            'þ' => (form(element('t'), 2), Some(form(element('h'), 2))),
            'Þ' => (form(element('T'), 2), Some(form(element('H'), 2))),
            'ĳ' => (form(element('i'), 2), Some(form(element('j'), 2))),
            'Ĳ' => (form(element('I'), 2), Some(form(element('J'), 2))),
            _ => return Some(element(c)),
        };
        self.pending = second;
        Some(first)
    }
}

/// Compares two strings in Danish alphabetical order.
pub fn danish_cmp(a: &str, b: &str) -> Ordering {
    elements(a)
        .map(|e| e.primary)
        .cmp(elements(b).map(|e| e.primary))
        .then_with(|| elements(a).map(|e| e.secondary).cmp(elements(b).map(|e| e.secondary)))
        .then_with(|| elements(a).map(|e| e.tertiary).cmp(elements(b).map(|e| e.tertiary)))
        .then_with(|| a.cmp(b))
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
    fn aa_is_aa_but_not_a_small_a_and_a_capital() {
        assert_eq!(sorted(&["Aabenraa", "Zealand", "Åbenrå", "Ørsted"]), ["Zealand", "Ørsted", "Åbenrå", "Aabenraa"]);
        assert_eq!(sorted(&["aa", "Aa", "AA", "å", "Å", "aA", "b"]), ["aA", "b", "Å", "AA", "Aa", "å", "aa"]);
        assert_eq!(sorted(&["Kaare", "Kåre", "Kare", "Kaz"]), ["Kare", "Kaz", "Kåre", "Kaare"]);
        // "aá" is å with an acute; "aÁ" and "áa" are two letters.
        assert_eq!(sorted(&["aä", "aá", "åa", "aÁ", "áa", "Aá", "AÁ", "å"]), ["aÁ", "áa", "å", "AÁ", "Aá", "aá", "aä", "åa"]);
    }

    #[test]
    fn case_decides_only_ties() {
        assert_eq!(sorted(&["bolig", "Bolig", "Anden", "andet"]), ["Anden", "andet", "Bolig", "bolig"]);
        assert_eq!(danish_cmp("Sag", "Sag"), Ordering::Equal);
    }

    #[test]
    fn accents_sort_with_their_letter_and_decide_before_case() {
        assert_eq!(sorted(&["Ezra", "Éva", "eva", "Eva", "Èva"]), ["Eva", "eva", "Éva", "Èva", "Ezra"]);
        assert_eq!(sorted(&["öst", "Øst", "Öst", "Ost", "øst"]), ["Ost", "Øst", "øst", "Öst", "öst"]);
        assert_eq!(sorted(&["Ulla", "Üwe", "Yrsa", "Úrsula"]), ["Ulla", "Úrsula", "Yrsa", "Üwe"]);
    }

    #[test]
    fn signs_before_digits_before_letters() {
        assert_eq!(
            sorted(&["Sag2", "Sag.2", "Sag-2", "Sag_2", "Sag 2", "Sag 10", "Sag"]),
            ["Sag", "Sag 10", "Sag 2", "Sag_2", "Sag-2", "Sag.2", "Sag2"]
        );
    }

    #[test]
    fn two_letter_characters_sort_as_their_letters() {
        assert_eq!(sorted(&["ßs", "sß", "Sß", "sss", "ß", "ss"]), ["ss", "ß", "sss", "Sß", "sß", "ßs"]);
        assert_eq!(sorted(&["þ", "th", "Þ", "Th", "TH"]), ["TH", "Th", "Þ", "th", "þ"]);
        assert_eq!(sorted(&["œe", "oee", "œ", "Œ", "oé", "OÉ", "oe"]), ["oe", "OÉ", "oé", "Œ", "œ", "oee", "œe"]);
    }
}
