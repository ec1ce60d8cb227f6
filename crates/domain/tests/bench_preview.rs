//! Browser benchmark of the live preview (run by `cargo xtask bench filter`,
//! release, headless Chromium): count, breakdown by task type and the
//! oldest 50 rows over one generated 100,000-task snapshot, on the browser's
//! path (one snapshot in row-key order: a count and a comparison per match)
//! against one visit with a heap (the path of the server's layers), here
//! over the same flat rows. Both must give the same preview. Its own test
//! binary, so the filter benchmark's code is built as before.
//!
//! `#[ignore]`d so the ordinary test run skips it; the bench passes
//! `--include-ignored`.
#![cfg(target_arch = "wasm32")]

use domain::package::PackageFilter;
use domain::preview::preview;
use domain::snapshot::live::TaskView;
use domain::snapshot::Snapshot;
use domain::CompiledFilter;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = "export function now() { return performance.now(); }")]
extern "C" {
    fn now() -> f64;
}

#[path = "support/bench_world.rs"]
mod bench_world;
#[path = "support/rng.rs"]
mod rng;
use bench_world::{median_ms, world};
use domain::bench::filters;

/// The same rows seen as layers: the preview takes its heap path.
struct AsLayers<'a>(&'a Snapshot);

impl TaskView for AsLayers<'_> {
    fn visit(&self, filter: &CompiledFilter, f: impl FnMut(u32)) {
        self.0.visit(filter, f)
    }
    fn row(&self, i: u32) -> (&Snapshot, usize) {
        self.0.row(i)
    }
    fn generated_at(&self) -> i64 {
        self.0.generated_at()
    }
}

#[wasm_bindgen_test]
#[ignore = "benchmark: run by `cargo xtask bench` in release"]
fn bench_preview_in_browser() {
    let (borgere, sager, tasks) = world(100_000);
    let snap = Snapshot::build(&borgere, &sager, &tasks, 0);
    console_log!("BENCH browser preview over {} tasks", snap.len());
    console_log!("BENCH {:<34} {:>8} {:>9} {:>9} {:>8}", "preview", "matches", "flat ms", "heap ms", "a/b");
    let mut cases = filters();
    cases.push(("CPR interval 10-", PackageFilter { cpr_fra: Some(10), ..Default::default() }));
    let mut ratios = Vec::new();
    for (name, f) in cases {
        let p = preview(&snap, &f);
        assert_eq!(p, preview(&AsLayers(&snap), &f), "{name}: the two paths disagree");
        let a = median_ms(15, || preview(&snap, &f).antal as u32);
        let b = median_ms(15, || preview(&AsLayers(&snap), &f).antal as u32);
        console_log!("BENCH {name:<34} {:>8} {a:>9.3} {b:>9.3} {:>7.2}x", p.antal, a / b);
        ratios.push(a / b);
    }
    ratios.sort_by(f64::total_cmp);
    console_log!("BENCH preview, median over filters: the browser's path {:.2}x the heap's", ratios[ratios.len() / 2]);
}
