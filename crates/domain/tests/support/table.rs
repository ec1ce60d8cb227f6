//! Running a data table of cases: every case is checked, every failure is
//! collected, and the test fails listing them all. Shared by the intake
//! tables (`routing_cases.rs`, `event_cases.rs`, `sniff_cases.rs`) and the Danish
//! clock's (`danish_time_cases.rs`); each includes this file with `#[path]`.

/// Checks each case (`check` returns `Some(why)` when the case fails) and
/// panics with every failure, named by `name`. `at_least` guards against a
/// table that lost its cases.
pub fn run<C>(table: &str, cases: &[C], at_least: usize, name: impl Fn(&C) -> &str, check: impl Fn(&C) -> Option<String>) {
    assert!(cases.len() >= at_least, "{table}: at least {at_least} cases, found {}", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(|c| check(c).map(|why| format!("{}: {why}", name(c)))).collect();
    assert!(failures.is_empty(), "{} of {} {table} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
