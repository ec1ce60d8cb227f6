//! A small simulated source for the living demo: now and then it posts a
//! realistic self-service submission, eFaktura or event for a random demo
//! borger through the real intake API (the router in-process: the same
//! auth, parsing, rules and transaction as any source system), with the
//! demo credentials printed at start. Started by `main` with
//! `--simulate-per-minute` (0 = off); tests start it only when they ask
//! ([`post_one`]). CPR numbers are never logged.

use crate::demo::SplitMix64;
use crate::http::ApiContext;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use domain::catalog::case_type;
use domain::wire::intake::{CreatedCredential, SourceKind};
use serde_json::json;
use std::time::Duration;
use tower::ServiceExt;

/// The demo credentials' tokens, by kind.
#[derive(Clone, Debug, Default)]
pub struct Tokens {
    pub selvbetjening: String,
    pub efaktura: String,
    pub haendelser: String,
}

impl Tokens {
    pub fn of(created: &[CreatedCredential]) -> Tokens {
        let mut t = Tokens::default();
        for c in created {
            let slot = match c.credential.kind {
                SourceKind::Selvbetjening => &mut t.selvbetjening,
                SourceKind::Efaktura => &mut t.efaktura,
                SourceKind::Haendelser => &mut t.haendelser,
            };
            slot.clone_from(&c.token);
        }
        t
    }
}

const BOUNDARY: &str = "opgavepakker-simulator";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
const XML: &[u8] = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><blanketsignatur><underskrevet>true</underskrevet></blanketsignatur>";
const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82];
const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 1, 0xFF, 0xD9];
/// A photo cut off in transfer: the attachment fails, the invoice does not.
const CUT_JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 1, 7, 7];

fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, filename, bytes) in parts {
        let disposition = match filename {
            Some(f) => format!("form-data; name=\"{name}\"; filename=\"{f}\""),
            None => format!("form-data; name=\"{name}\""),
        };
        body.extend_from_slice(format!("--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

fn post(uri: &str, token: &str, content_type: &str, body: Vec<u8>) -> Request<Body> {
    Request::post(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .expect("a valid request")
}

/// Posts one simulated message for a random demo borger; returns what was
/// posted and the status it got (`None` when the database has no borger).
pub async fn post_one(
    ctx: &ApiContext,
    app: &Router,
    tokens: &Tokens,
    rng: &mut SplitMix64,
) -> anyhow::Result<Option<(&'static str, StatusCode)>> {
    let Some(cpr) = ctx.store.conn().await?.random_borger_cpr(rng.next_u64()).await? else {
        return Ok(None);
    };
    let besked_id = format!("sim-{:016x}", rng.next_u64());
    let today = crate::clock::today();
    let (what, req) = match rng.below(100) {
        0..=44 => {
            let (formular, sagstype, hoved) = rng.weighted(&[
                (("ansoegning", case_type::UDVIDET_HELBREDSTILLAEG, "ansoegning.pdf"), 30),
                (("ansoegning", case_type::ALM_HELBREDSTILLAEG, "ansoegning.pdf"), 20),
                (("ansoegning", case_type::PERSONLIGT_TILLAEG, "ansoegning.pdf"), 10),
                (("anmodning_om_refusion", case_type::ALM_HELBREDSTILLAEG, "anmodning.pdf"), 25),
                (("specificeret_overslag", case_type::UDVIDET_HELBREDSTILLAEG, "overslag.pdf"), 15),
            ]);
            let paa_vegne_af = rng.chance(10);
            let meta =
                json!({ "besked_id": besked_id, "formular": formular, "cpr": cpr, "sagstype": sagstype, "paa_vegne_af": paa_vegne_af })
                    .to_string();
            let mut parts: Vec<(&str, Option<&str>, &[u8])> = vec![
                ("indsendelse", None, meta.as_bytes()),
                ("hoveddokument", Some(hoved), PDF),
                ("blanketsignatur", Some("signatur.xml"), XML),
            ];
            if paa_vegne_af {
                parts.push(("fuldmagt", Some("fuldmagt.png"), PNG));
            }
            if formular == "anmodning_om_refusion" {
                parts.push(("dokumentation", Some("kvittering.jpg"), JPEG));
            }
            let body = multipart(&parts);
            (
                "selvbetjening",
                post("/api/intake/selvbetjening", &tokens.selvbetjening, &format!("multipart/form-data; boundary={BOUNDARY}"), body),
            )
        }
        45..=69 => {
            let meta = json!({
                "besked_id": besked_id, "cpr": cpr,
                "fakturanummer": format!("F-{}", 10_000 + rng.below(90_000)),
                "leverandoer": rng.pick(&["Synsam Optik", "Tandlægerne i Byen", "Fodklinikken", "Apoteket"]),
                "beloeb_oere": rng.between(20_000, 900_000) as i64,
                "ordning": if rng.chance(70) { "eyay" } else { "apoe" },
            })
            .to_string();
            let mut parts: Vec<(&str, Option<&str>, &[u8])> =
                vec![("faktura", None, meta.as_bytes()), ("faktura_dokument", Some("faktura.pdf"), PDF)];
            for _ in 0..rng.below(3) {
                parts.push(("bilag", Some("bilag.pdf"), PDF));
            }
            if rng.chance(20) {
                parts.push(("bilag", Some("foto.jpg"), CUT_JPEG));
            }
            let body = multipart(&parts);
            ("efaktura", post("/api/intake/efaktura", &tokens.efaktura, &format!("multipart/form-data; boundary={BOUNDARY}"), body))
        }
        _ => {
            let event = if rng.chance(75) {
                json!({ "type": "formue", "cpr": cpr, "beloeb_oere": rng.between(0, 20_000_000) as i64, "gyldig_fra": today.to_string() })
            } else {
                let ny = if rng.chance(50) { ctx.config.kommune.clone() } else { "Nabo Kommune".to_owned() };
                json!({ "type": "finansieringskommune", "cpr": cpr, "gammel": "Tidligere Kommune", "ny": ny })
            };
            let body = json!({ "besked_id": besked_id, "haendelser": [event] }).to_string().into_bytes();
            ("haendelser", post("/api/intake/haendelser", &tokens.haendelser, "application/json", body))
        }
    };
    let res = app.clone().oneshot(req).await.map_err(|e| anyhow::anyhow!("simulator: {e}"))?;
    Ok(Some((what, res.status())))
}

/// Posts about `per_minute` messages a minute (at random moments) until the
/// process ends.
pub async fn run(ctx: ApiContext, app: Router, tokens: Tokens, per_minute: u32, seed: u64) {
    let mut rng = SplitMix64::new(seed);
    let mean_ms = 60_000 / u64::from(per_minute.max(1));
    loop {
        tokio::time::sleep(Duration::from_millis(rng.between(mean_ms / 2, mean_ms * 3 / 2))).await;
        match post_one(&ctx, &app, &tokens, &mut rng).await {
            Ok(Some((what, status))) if status.is_success() => tracing::info!(kilde = what, "simuleret indgang modtaget"),
            Ok(Some((what, status))) => tracing::warn!(kilde = what, status = status.as_u16(), "simuleret indgang afvist"),
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "simuleret indgang fejlede"),
        }
    }
}
