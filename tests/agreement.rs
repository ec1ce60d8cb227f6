//! In Chromium against the real server (started by `cargo xtask test`, which
//! sets `OPGAVEPAKKER_TEST_API`): for 200 random package filters over the
//! demo data, the preview computed in WASM on the snapshot equals the
//! server's `POST /api/packages/preview`, through the app's own `api` module.
//! Ignored in a plain `cargo test`; the xtask passes `--include-ignored`.
#![cfg(target_arch = "wasm32")]

use domain::model::Kilde;
use domain::package::{Beloebsgodkendelse, PackageFilter, RelationValg, Sagsudsoegning};
use domain::preview::preview;
use opgavepakker::api;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "../crates/domain/tests/support/rng.rs"]
mod rng;
use rng::Rng;

/// Generators of random filter parts.
trait FilterRng {
    fn ids(&mut self, percent: u64, max: u64, len: usize) -> Vec<u16>;
}

impl FilterRng for Rng {
    /// 1–`max` distinct ids from 1..=`len`, with probability `percent`.
    fn ids(&mut self, percent: u64, max: u64, len: usize) -> Vec<u16> {
        if !self.chance(percent) {
            return Vec::new();
        }
        let mut v: Vec<u16> = (0..1 + self.below(max)).map(|_| 1 + self.below(len as u64) as u16).collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

fn random_filter(r: &mut Rng) -> PackageFilter {
    use domain::catalog as c;
    let bound = |r: &mut Rng| if r.chance(80) { Some(r.below(100) as u8) } else { None };
    let (cpr_fra, cpr_til) = if r.chance(35) {
        let (a, b) = (bound(r), bound(r));
        match (a, b) {
            (Some(a), Some(b)) => (Some(a.min(b)), Some(a.max(b))),
            other => other,
        }
    } else {
        (None, None)
    };
    PackageFilter {
        opgavetyper: r.ids(60, 4, c::TASK_TYPES.len()),
        opfoelgningstyper: r.ids(10, 2, c::FOLLOWUP_TYPES.len()),
        cpr_fra,
        cpr_til,
        sagstyper: r.ids(25, 3, c::CASE_TYPES.len()),
        pensionstyper: r.ids(15, 2, c::PENSION_TYPES.len()),
        beloebsgodkendelse: [Beloebsgodkendelse::Begge, Beloebsgodkendelse::Kun, Beloebsgodkendelse::Ikke][r.below(3) as usize],
        enheder: r.ids(30, 3, c::UNITS.len()),
        relation: Some([RelationValg::Begge, RelationValg::Person, RelationValg::Kommune][r.below(3) as usize]),
        kilder: if r.chance(40) { vec![Kilde::ALL[r.below(4) as usize]] } else { Vec::new() },
        ydelser: r.ids(15, 3, c::BENEFITS.len()),
        sagsudsoegning: if r.chance(50) { Sagsudsoegning::Person } else { Sagsudsoegning::Haendelse },
    }
}

#[wasm_bindgen_test]
#[ignore = "needs a running server: `cargo xtask test` runs it"]
async fn wasm_preview_equals_server_preview_for_200_random_filters() {
    let Some(base) = option_env!("OPGAVEPAKKER_TEST_API") else {
        panic!("OPGAVEPAKKER_TEST_API is not set: run this through `cargo xtask test`, which starts a server");
    };
    api::set_base(base);
    api::login("admin".into(), "demo".into()).await.expect("admin logs in");
    let snapshot = api::snapshot().await.expect("snapshot");
    assert!(snapshot.len() > 1000, "demo data has tasks");
    let mut rng = Rng(20261122);
    let mut non_empty = 0;
    for n in 0..200 {
        let filter = random_filter(&mut rng);
        let local = preview(&snapshot, &filter);
        let server = api::preview_on_server(filter.clone()).await.expect("server preview");
        assert_eq!(server.snapshot_tid, snapshot.generated_at, "the server's snapshot changed during the test");
        assert_eq!(local, server, "filter {n} differs: {filter:?}");
        if local.antal > 0 {
            non_empty += 1;
        }
    }
    console_log!("200 random filters: WASM and server agree; {non_empty} selected at least one task");
    assert!(non_empty >= 60, "too few random filters selected anything ({non_empty}); the test would prove little");
}
