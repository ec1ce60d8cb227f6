//! The format checks of `sniff_cases.json` ([`domain::intake::sniff`]), run
//! on the host by `cargo test` and in headless Chromium under wasm32 by
//! wasm-bindgen-test. Each case gives the file as hex (real small PNG, JPEG,
//! TIFF files, a PDF and DOCX built to the format, and cut-off copies), or as
//! `repeat` for sizes too large to write out, or as `text` (markup). The expected value is a format
//! (`pdf`, `xml`, `jpeg`, `png`, `tiff`, `docx`) or a fault (`tom`,
//! `for_stor`, `ukendt_format`, `beskadiget`).

use domain::intake::{sniff, AttachmentFault};
use domain::model::DokumentFormat;
use serde::Deserialize;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[derive(Deserialize)]
struct Table {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    #[serde(default)]
    hex: Option<String>,
    /// The file as UTF-8 text (markup cases), instead of `hex`.
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    repeat: Option<Repeat>,
    expect: Expected,
}

/// `len` bytes: `prefix`, then `byte` repeated, then `suffix`.
#[derive(Deserialize)]
struct Repeat {
    byte: u8,
    len: usize,
    #[serde(default)]
    prefix_hex: String,
    #[serde(default)]
    suffix_hex: String,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(untagged)]
enum Expected {
    Format(DokumentFormat),
    Fault(AttachmentFault),
}

fn unhex(s: &str) -> Result<Vec<u8>, String> {
    if !s.len().is_multiple_of(2) {
        return Err("odd number of hex digits".into());
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).map_err(|e| format!("bad hex at {i}: {e}"))).collect()
}

fn bytes(case: &Case) -> Result<Vec<u8>, String> {
    match (&case.hex, &case.repeat, &case.text) {
        (Some(h), None, None) => unhex(h),
        (None, None, Some(t)) => Ok(t.as_bytes().to_vec()),
        (None, Some(r), None) => {
            let (prefix, suffix) = (unhex(&r.prefix_hex)?, unhex(&r.suffix_hex)?);
            let fill = r.len.checked_sub(prefix.len() + suffix.len()).ok_or("prefix and suffix longer than len")?;
            Ok([prefix, vec![r.byte; fill], suffix].concat())
        }
        _ => Err("give exactly one of hex, text and repeat".into()),
    }
}

#[path = "support/table.rs"]
mod table;

const CASES: &str = include_str!("sniff_cases.json");

fn check(case: &Case) -> Option<String> {
    let got = match bytes(case) {
        Ok(b) => match sniff(&b) {
            Ok(f) => Expected::Format(f),
            Err(e) => Expected::Fault(e),
        },
        Err(e) => return Some(e),
    };
    (got != case.expect).then(|| format!("expected {:?}, got {got:?}", case.expect))
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn sniff_cases_agree_with_expectations() {
    let t: Table = serde_json::from_str(CASES).expect("sniff_cases.json parses");
    table::run("sniff", &t.cases, 15, |c| &c.name, check);
}
