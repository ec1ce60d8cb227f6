//! `cargo xtask bench size`: what the release wasm is made of, per crate and
//! its largest functions, from `twiggy top` over a copy of the release
//! build that keeps its names. The shipped wasm has none (wasm-opt drops
//! them), so the report's copy is the main module of the split as
//! `cargo xtask dist` leaves it before optimising
//! (`target/wasm-split/bindgen/`), put through the same `wasm-opt -Oz` with
//! `--debuginfo` added; its code and data are the shipped ones, its name
//! section is left out of the figures. The parts fetched on demand are
//! not in it (their sizes are in the table above it).

use std::collections::HashMap;

/// One row of `twiggy top --format csv`.
#[derive(Debug, PartialEq)]
pub struct Item {
    pub name: String,
    pub bytes: u64,
}

/// Parses `twiggy top --format csv` (every item: `Name,ShallowSize,…`,
/// names quoted when they hold a comma or a quote).
pub fn parse_top_csv(text: &str) -> Result<Vec<Item>, String> {
    let mut rows = csv_rows(text).into_iter();
    let header = rows.next().ok_or("twiggy printed nothing")?;
    let col = |want: &str| header.iter().position(|h| h == want).ok_or(format!("twiggy csv has no column {want}: {header:?}"));
    let (name, size) = (col("Name")?, col("ShallowSize")?);
    rows.filter(|r| r.len() > 1)
        .map(|r| match (r.get(name), r.get(size).and_then(|b| b.parse().ok())) {
            (Some(name), Some(bytes)) => Ok(Item { name: name.clone(), bytes }),
            _ => Err(format!("twiggy csv row without name and size: {r:?}")),
        })
        .collect()
}

/// RFC 4180 rows: fields separated by commas, quoted fields may hold commas,
/// newlines and doubled quotes.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut field, mut quoted, mut chars) = (Vec::new(), String::new(), false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            ('\r', false) => {}
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// What an item counts under: the crate its path starts with (for a trait
/// method `<T as Trait>::f`, the crate of `T`; drop glue and closure shims,
/// which name `core`, apart), or a kind of section.
pub fn crate_of(name: &str) -> String {
    if name.starts_with("core::ptr::drop_in_place") {
        return "(drop glue)".into();
    }
    if name.contains("{{vtable.shim}}") {
        return "(closure shims)".into();
    }
    if name.starts_with("data[") || name.starts_with("data segment") {
        return "(data: strings, tables)".into();
    }
    if name.starts_with("code[") {
        return "(unnamed code)".into();
    }
    if name.contains("__wbg_") || name.starts_with("__wbindgen") || name.starts_with("import ") {
        return "(wasm-bindgen glue)".into();
    }
    // `<f64 as core::fmt::Display>::fmt`: a primitive's impl counts under the trait's crate.
    path_crate(name)
        .or_else(|| name.split_once(" as ").and_then(|(_, t)| path_crate(t)))
        .unwrap_or_else(|| "(other: sections, runtime)".into())
}

/// The crate a Rust path starts with, past `<`, `&`, `dyn ` and the like.
fn path_crate(name: &str) -> Option<String> {
    let mut s = name;
    loop {
        let t = s.trim_start_matches(['<', '&', '*', '(', '[', ' ']);
        let t = ["mut ", "const ", "dyn ", "impl "].iter().fold(t, |t, p| t.strip_prefix(p).unwrap_or(t));
        if t.len() == s.len() {
            break;
        }
        s = t;
    }
    let end = s.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(s.len());
    // A crate may carry its disambiguator: `core[c5930c85a12de822]::fmt`.
    let after = s[end..].strip_prefix('[').and_then(|t| t.split_once(']')).map_or(&s[end..], |(_, t)| t);
    (end > 0 && after.starts_with("::")).then(|| s[..end].to_owned())
}

/// The name section is only in the report's copy, not in the shipped wasm.
fn shipped(item: &Item) -> bool {
    !(item.name.contains("\"function names\" subsection")
        || item.name.contains("\"local names\" subsection")
        || item.name.contains("custom section 'name'")
        || item.name.starts_with("custom section 'producers'"))
}

/// Bytes per crate, largest first.
pub fn per_crate(items: &[Item]) -> Vec<(String, u64)> {
    let mut sums: HashMap<String, u64> = HashMap::new();
    for i in items.iter().filter(|i| shipped(i)) {
        *sums.entry(crate_of(&i.name)).or_default() += i.bytes;
    }
    let mut v: Vec<_> = sums.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

/// A function name without its `::h<hash>` suffix, cut to `width` characters.
pub fn short_name(name: &str, width: usize) -> String {
    let name = match name.rsplit_once("::h") {
        Some((head, hash)) if hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()) => head,
        _ => name,
    };
    if name.chars().count() <= width {
        name.to_owned()
    } else {
        name.chars().take(width - 1).chain(['…']).collect()
    }
}

/// Prints the crate table and the largest items of the parsed `twiggy top`.
pub fn print_report(items: &[Item], crates: usize, functions: usize) {
    let total: u64 = items.iter().filter(|i| shipped(i)).map(|i| i.bytes).sum();
    let pct = |b: u64| if total == 0 { 0.0 } else { b as f64 * 100.0 / total as f64 };
    println!("\nwhat the wasm is made of (twiggy, code and data of the shipped build, {total} bytes raw)");
    println!("{:<40} {:>10} {:>7}", "crate", "bytes", "%");
    let sums = per_crate(items);
    for (name, bytes) in sums.iter().take(crates) {
        println!("{name:<40} {bytes:>10} {:>6.1}%", pct(*bytes));
    }
    let rest: u64 = sums.iter().skip(crates).map(|(_, b)| b).sum();
    if rest > 0 {
        println!("{:<40} {rest:>10} {:>6.1}%", format!("({} more crates)", sums.len() - crates), pct(rest));
    }
    println!("\nlargest items");
    println!("{:>10} {:>7}  item", "bytes", "%");
    let mut largest: Vec<&Item> = items.iter().filter(|i| shipped(i)).collect();
    largest.sort_by_key(|i| std::cmp::Reverse(i.bytes));
    for i in largest.into_iter().take(functions) {
        println!("{:>10} {:>6.2}%  {}", i.bytes, pct(i.bytes), short_name(&i.name, 110));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // As twiggy 0.8.0 prints it: quoted names with commas, the name section,
    // data segments, sections.
    const CSV: &str = "Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent\n\
\"\"\"function names\"\" subsection\",120000,30.0,,\n\
data[0],50000,12.5,,\n\
serde_json::de::Deserializer<R>::parse_any::h0123456789abcdef,9000,2.25,,\n\
\"<alloc::vec::Vec<T,A> as core::clone::Clone>::clone::hfedcba9876543210\",4000,1.0,,\n\
\"<&leptos::tachys::html::Element<E, At, Ch> as core::fmt::Debug>::fmt::h00112233aabbccdd\",3000,0.75,,\n\
core::fmt::write::h1111111111111111,2500,0.625,,\n\
\"<f64 as core[c5930c85a12de822]::fmt::Display>::fmt::h2222222222222222\",500,0.1,,\n\
\"core::ptr::drop_in_place<leptos::Foo>::h3333333333333333\",700,0.1,,\n\
core::ops::function::FnOnce::call_once{{vtable.shim}}::h4444444444444444,800,0.1,,\n\
\"data segment \"\".rodata\"\"\",600,0.1,,\n\
code[42],1000,0.25,,\n\
__wbindgen_malloc,300,0.075,,\n\
type[4]: () -> nil,3,0.00005,,\n";

    #[test]
    fn parses_twiggy_csv_with_quoted_names() {
        let items = parse_top_csv(CSV).unwrap();
        assert_eq!(items.len(), 13);
        assert_eq!(items[0], Item { name: "\"function names\" subsection".into(), bytes: 120000 });
        assert_eq!(items[3].name, "<alloc::vec::Vec<T,A> as core::clone::Clone>::clone::hfedcba9876543210");
        assert_eq!(items[4].bytes, 3000);
        assert!(parse_top_csv("").is_err());
        assert!(parse_top_csv("Item,Bytes\nx,1\n").is_err());
        assert!(parse_top_csv("Name,ShallowSize\nx,many\n").is_err());
    }

    #[test]
    fn items_count_under_their_crate_and_the_name_section_not_at_all() {
        let items = parse_top_csv(CSV).unwrap();
        let crates = per_crate(&items);
        let get = |c: &str| crates.iter().find(|(n, _)| n == c).map(|(_, b)| *b);
        assert_eq!(get("(data: strings, tables)"), Some(50600));
        assert_eq!(get("serde_json"), Some(9000));
        assert_eq!(get("alloc"), Some(4000));
        assert_eq!(get("leptos"), Some(3000));
        assert_eq!(get("core"), Some(3000));
        assert_eq!(get("(drop glue)"), Some(700));
        assert_eq!(get("(closure shims)"), Some(800));
        assert_eq!(get("(unnamed code)"), Some(1000));
        assert_eq!(get("(wasm-bindgen glue)"), Some(300));
        assert_eq!(get("(other: sections, runtime)"), Some(3));
        assert_eq!(crates[0].0, "(data: strings, tables)", "largest first");
        assert_eq!(crates.iter().map(|(_, b)| b).sum::<u64>(), 50000 + 9000 + 4000 + 3000 + 2500 + 1000 + 300 + 3 + 500 + 700 + 800 + 600);
    }

    #[test]
    fn short_names_lose_the_hash_and_are_cut() {
        assert_eq!(short_name("core::fmt::write::h1111111111111111", 80), "core::fmt::write");
        assert_eq!(short_name("a::hb", 80), "a::hb");
        assert_eq!(short_name("abcdefgh", 5), "abcd…");
    }
}
