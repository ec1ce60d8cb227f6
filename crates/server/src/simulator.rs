//! The demo's simulated source systems: a self-service solution, an
//! eFaktura supplier and Udbetaling Danmark's events, posting realistic
//! work through the server's real intake API (`/api/intake/*`) with the
//! demo credentials, so a new user sees work arrive. Started by the server
//! with `--simulate-per-minute N` (off by default, and off in tests unless a
//! test asks). It runs on a thread of its own with the loopback client and
//! logs what each post became, never a CPR number.

use crate::demo::SplitMix64;
use crate::loopback::{Body, Conn, Multipart};
use domain::catalog::case_type;
use domain::intake::{Event, FormType, SubmissionMeta};
use domain::wire::intake::{EventsRequest, InvoiceMeta, Ordning};
use std::time::Duration;

/// The demo credentials' tokens, one per source kind.
#[derive(Clone)]
pub struct Tokens {
    pub selvbetjening: String,
    pub efaktura: String,
    pub haendelser: String,
}

/// A tiny but well-formed PDF (header, one empty page, trailer, `%%EOF`).
pub const SAMPLE_PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

/// A form signature as the self-service solutions send it.
pub const SAMPLE_SIGNATURE_XML: &[u8] =
    b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Blanketsignatur><Underskrevet>true</Underskrevet><Metode>MitID</Metode></Blanketsignatur>\n";

/// A 1x1 PNG (signature, IHDR, IDAT, IEND).
pub const SAMPLE_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
    0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63,
    0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60,
    0x82,
];

/// An OIOUBL-shaped invoice document.
fn invoice_xml(nummer: &str, oere: i64) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"><ID>{nummer}</ID><LegalMonetaryTotal><PayableAmount currencyID=\"DKK\">{},{:02}</PayableAmount></LegalMonetaryTotal></Invoice>\n",
        oere / 100,
        oere % 100
    )
    .into_bytes()
}

/// What one simulated post is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Submission,
    Invoice,
    Events,
}

/// One request of the simulation: endpoint, token, content type, body, and
/// a log line (no CPR number in it).
pub struct Post {
    pub path: &'static str,
    pub token: String,
    pub content_type: String,
    pub body: Vec<u8>,
    pub what: String,
}

/// The simulated sources: seeded, and varied by the start time so message
/// ids of two runs never collide.
pub struct Simulation {
    rng: SplitMix64,
    tokens: Tokens,
    cprs: Vec<String>,
    next: u64,
    run: u64,
}

impl Simulation {
    /// `cprs`: the borgere the sources write about (demo borgere).
    pub fn new(seed: u64, tokens: Tokens, cprs: Vec<String>) -> Simulation {
        let run = crate::clock::now_unix().unsigned_abs();
        Simulation { rng: SplitMix64::new(seed ^ run), tokens, cprs, next: 0, run }
    }

    fn message_id(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("sim-{prefix}-{:x}-{}", self.run, self.next)
    }

    fn some_cpr(&mut self) -> Option<String> {
        (!self.cprs.is_empty()).then(|| self.cprs[self.rng.below(self.cprs.len() as u64) as usize].clone())
    }

    /// The next self-service submission (the intake benchmark's load), or
    /// `None` without borgere.
    pub fn next_submission(&mut self) -> Option<Post> {
        let cpr = self.some_cpr()?;
        Some(self.submission(cpr))
    }

    /// The next post of any source, or `None` without borgere.
    pub fn next_post(&mut self) -> Option<Post> {
        let cpr = self.some_cpr()?;
        let kind = self.rng.weighted(&[(Kind::Submission, 60), (Kind::Invoice, 20), (Kind::Events, 20)]);
        Some(match kind {
            Kind::Submission => self.submission(cpr),
            Kind::Invoice => self.invoice(cpr),
            Kind::Events => self.events(cpr),
        })
    }

    fn submission(&mut self, cpr: String) -> Post {
        let formular =
            self.rng.weighted(&[(FormType::Ansoegning, 50), (FormType::AnmodningOmRefusion, 30), (FormType::SpecificeretOverslag, 20)]);
        let sagstype = match formular {
            FormType::SpecificeretOverslag => case_type::UDVIDET_HELBREDSTILLAEG,
            _ => self.rng.pick(&[case_type::ALM_HELBREDSTILLAEG, case_type::UDVIDET_HELBREDSTILLAEG, case_type::HELBREDSTILLAEGSKORT]),
        };
        let paa_vegne_af = self.rng.chance(15);
        let meta = SubmissionMeta { besked_id: self.message_id("selvbetjening"), formular, cpr, sagstype, paa_vegne_af };
        let json = serde_json::to_string(&meta).expect("a submission serialises");
        let stem = match formular {
            FormType::Ansoegning => "ansoegning",
            FormType::AnmodningOmRefusion => "anmodning",
            FormType::SpecificeretOverslag => "overslag",
        };
        let mut body = Multipart::new(self.rng.next_u64())
            .json("indsendelse", &json)
            .file("hoveddokument", &format!("{stem}.pdf"), "application/pdf", SAMPLE_PDF)
            .file("blanketsignatur", &format!("{stem}-signatur.xml"), "application/xml", SAMPLE_SIGNATURE_XML);
        if paa_vegne_af {
            body = body.file("fuldmagt", "fuldmagt.png", "image/png", SAMPLE_PNG);
        }
        if formular == FormType::AnmodningOmRefusion || self.rng.chance(40) {
            body = body.file("dokumentation", "kvittering.png", "image/png", SAMPLE_PNG);
        }
        let (content_type, body) = body.finish();
        let on_behalf = if paa_vegne_af { " på vegne af en anden" } else { "" };
        Post {
            path: "/api/intake/selvbetjening",
            token: self.tokens.selvbetjening.clone(),
            content_type,
            body,
            what: format!("{}{on_behalf}", formular.label()),
        }
    }

    fn invoice(&mut self, cpr: String) -> Post {
        let beloeb_oere = 10_000 + self.rng.below(1_500_000) as i64;
        let fakturanummer = format!("F{}", 100_000 + self.rng.below(900_000));
        let meta = InvoiceMeta {
            besked_id: self.message_id("efaktura"),
            cpr,
            fakturanummer: fakturanummer.clone(),
            leverandoer: self.rng.pick(&["Optik Nord ApS", "Tandlægerne i Byen", "Fodterapeut Hansen", "Fysioklinikken"]).to_owned(),
            beloeb_oere,
            ordning: self.rng.weighted(&[(Ordning::Eyay, 70), (Ordning::Apoe, 30)]),
        };
        let json = serde_json::to_string(&meta).expect("an invoice serialises");
        let mut body = Multipart::new(self.rng.next_u64()).json("faktura", &json).file(
            "faktura_dokument",
            &format!("{fakturanummer}.xml"),
            "application/xml",
            &invoice_xml(&fakturanummer, beloeb_oere),
        );
        body = body.file("bilag", "specifikation.pdf", "application/pdf", SAMPLE_PDF);
        // One in five suppliers attaches a file that was cut off on the way.
        let damaged = self.rng.chance(20);
        if damaged {
            body = body.file("bilag", "scanning.pdf", "application/pdf", &SAMPLE_PDF[..SAMPLE_PDF.len() / 2]);
        }
        let (content_type, body) = body.finish();
        let note = if damaged { " med et beskadiget bilag" } else { "" };
        Post {
            path: "/api/intake/efaktura",
            token: self.tokens.efaktura.clone(),
            content_type,
            body,
            what: format!("eFaktura {fakturanummer}{note}"),
        }
    }

    fn events(&mut self, cpr: String) -> Post {
        let today = crate::clock::today();
        let event = if self.rng.chance(80) {
            let beloeb_oere = self.rng.below(20_000_000) as i64;
            Event::Formue { cpr, beloeb_oere, gyldig_fra: today }
        } else {
            let gammel = self.rng.pick(&["Aarhus Kommune", "Odense Kommune", "Aalborg Kommune"]).to_owned();
            Event::Finansieringskommune { cpr, gammel, ny: "Demo Kommune".to_owned() }
        };
        let what = match &event {
            Event::Formue { .. } => "Ny formue fra Udbetaling Danmark",
            Event::Finansieringskommune { .. } => "Ny finansieringskommune for pension",
        };
        let request = EventsRequest { besked_id: self.message_id("haendelser"), haendelser: vec![event] };
        Post {
            path: "/api/intake/haendelser",
            token: self.tokens.haendelser.clone(),
            content_type: "application/json".to_owned(),
            body: serde_json::to_vec(&request).expect("events serialise"),
            what: what.to_owned(),
        }
    }
}

/// Sends one post on `conn`: the answer's status, or the error.
pub fn send(conn: &mut Conn, post: &Post) -> std::io::Result<u16> {
    let auth = format!("Bearer {}", post.token);
    conn.request("POST", post.path, &[("Authorization", &auth)], Some(Body { content_type: &post.content_type, bytes: &post.body }))
        .map(|a| a.status)
}

/// Runs the simulation against the server at `addr` (loopback), `per_minute`
/// posts a minute, on a thread of its own, until the process ends.
pub fn spawn(addr: String, per_minute: u32, mut sim: Simulation) -> std::thread::JoinHandle<()> {
    let pause = Duration::from_secs_f64(60.0 / f64::from(per_minute.max(1)));
    std::thread::spawn(move || {
        let mut conn: Option<Conn> = None;
        loop {
            std::thread::sleep(pause);
            let Some(post) = sim.next_post() else {
                tracing::warn!("simulering: ingen borgere at skrive om");
                return;
            };
            if conn.is_none() {
                conn = Conn::open(&addr).map_err(|e| tracing::warn!(error = %e, "simulering: kan ikke forbinde")).ok();
            }
            let Some(c) = conn.as_mut() else { continue };
            match send(c, &post) {
                Ok(status) if status < 300 => tracing::info!(status, hvad = %post.what, "simuleret kilde sendte"),
                Ok(status) => tracing::warn!(status, hvad = %post.what, "simuleret kilde blev afvist"),
                Err(e) => {
                    tracing::warn!(error = %e, "simulering: forbindelsen faldt");
                    conn = None;
                }
            }
        }
    })
}
