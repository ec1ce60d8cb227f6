//! `tests/e2e/fields.json` is what [`PackageField`] says: each field's DOM
//! id, the id of its error message and its Danish label, keyed by its name,
//! in the editor's order. The Playwright specs take their selectors from
//! it, so a renamed field or label cannot leave them behind. When this test
//! fails, write the JSON it prints into `tests/e2e/fields.json`.

use domain::package::PackageField;

const CHECKED_IN: &str = include_str!("../../../tests/e2e/fields.json");

fn expected() -> String {
    let quote = |s: &str| serde_json::to_string(s).expect("a string is JSON");
    let rows: Vec<String> = PackageField::ALL
        .iter()
        .map(|f| {
            format!(
                "  {}: {{ \"id\": {}, \"errorId\": {}, \"label\": {} }}",
                quote(f.name()),
                quote(&f.id()),
                quote(&f.error_id()),
                quote(f.label())
            )
        })
        .collect();
    format!("{{\n{}\n}}\n", rows.join(",\n"))
}

#[test]
fn e2e_fields_json_is_generated_from_the_enum() {
    let want = expected();
    assert!(CHECKED_IN == want, "tests/e2e/fields.json differs from domain::package::PackageField; write this into it:\n{want}");
}

#[test]
fn fields_json_is_valid_json_with_every_field() {
    let v: serde_json::Value = serde_json::from_str(&expected()).expect("valid JSON");
    assert_eq!(v.as_object().map(|o| o.len()), Some(PackageField::ALL.len()));
}
