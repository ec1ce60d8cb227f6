//! One SQL text for both backends: statements are written once with `?`
//! placeholders (SQLite's form; `?N` numbers one explicitly); [`numbered`]
//! rewrites them to PostgreSQL's `$1 … $n`, and [`numbered_static`] caches
//! the rewrite of a statement that is a string literal, so each is
//! rewritten once per process. [`for_sqlite`] and [`for_pg`] are the two
//! forms `store::on!` hands a statement's code.
//!
//! A `?` inside a string literal (`'…'`, `''` escaping a quote), a quoted
//! identifier (`"…"`) or a comment (`-- …`, `/* … */`) is left alone.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

/// A statement's text for SQLite: as written.
pub fn for_sqlite(sql: &str) -> Cow<'_, str> {
    Cow::Borrowed(sql)
}

/// A statement's text for PostgreSQL: placeholders numbered.
pub fn for_pg(sql: &str) -> Cow<'_, str> {
    Cow::Owned(numbered(sql))
}

/// `sql` with every placeholder `?` numbered `$1`, `$2`, … in order.
pub fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut n = 0;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '?' => {
                out.push('$');
                if chars.peek().is_some_and(char::is_ascii_digit) {
                    // `?N`: numbered already, the number is kept
                    while let Some(d) = chars.next_if(char::is_ascii_digit) {
                        out.push(d);
                    }
                } else {
                    n += 1;
                    out.push_str(&n.to_string());
                }
            }
            '\'' | '"' => {
                out.push(c);
                // to the closing quote; a doubled quote is an escaped one
                // and simply closes and reopens
                for d in chars.by_ref() {
                    out.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                out.push(c);
                out.push(chars.next().unwrap_or('*'));
                let mut star = false;
                for d in chars.by_ref() {
                    out.push(d);
                    if star && d == '/' {
                        break;
                    }
                    star = d == '*';
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// [`numbered`] of a statement that lives as long as the program, rewritten
/// once and kept (the set of such statements is fixed by the source code).
pub fn numbered_static(sql: &'static str) -> &'static str {
    static CACHE: OnceLock<RwLock<HashMap<&'static str, &'static str>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(done) = cache.read().unwrap_or_else(|e| e.into_inner()).get(sql) {
        return done;
    }
    let mut cache = cache.write().unwrap_or_else(|e| e.into_inner());
    cache.entry(sql).or_insert_with(|| Box::leak(numbered(sql).into_boxed_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_order() {
        assert_eq!(
            numbered("UPDATE opgaver SET taget_af = ? WHERE id = ? AND status IN (?, ?)"),
            "UPDATE opgaver SET taget_af = $1 WHERE id = $2 AND status IN ($3, $4)"
        );
        assert_eq!(numbered("SELECT 1"), "SELECT 1");
    }

    #[test]
    fn explicitly_numbered_placeholders_keep_their_numbers() {
        assert_eq!(numbered("SET a = ?2 WHERE id = ?10 OR b = ?2"), "SET a = $2 WHERE id = $10 OR b = $2");
    }

    #[test]
    fn quoted_text_and_comments_keep_their_question_marks() {
        assert_eq!(
            numbered("SELECT '?', 'it''s ?', \"a?\" FROM t WHERE x = ? -- why?\n AND y = ? /* ? */ AND z = ?"),
            "SELECT '?', 'it''s ?', \"a?\" FROM t WHERE x = $1 -- why?\n AND y = $2 /* ? */ AND z = $3"
        );
    }

    #[test]
    fn a_static_statement_is_rewritten_once() {
        let a = numbered_static("SELECT navn FROM roller WHERE id = ?");
        let b = numbered_static("SELECT navn FROM roller WHERE id = ?");
        assert_eq!(a, "SELECT navn FROM roller WHERE id = $1");
        assert!(std::ptr::eq(a, b));
    }
}
