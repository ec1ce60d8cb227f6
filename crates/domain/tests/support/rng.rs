//! A small seeded random source (SplitMix64) for the test and benchmark
//! generators, so a run is the same every time. Shared by
//! the browser benchmarks in `crates/domain/tests/` (through
//! `support/bench_world.rs`) and the app's `tests/agreement.rs`
//! (each includes this file with `#[path]`); not every user needs every
//! method.
#![allow(dead_code)]

pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E3779B97F4A7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True with probability `percent` %.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}
