//! Demo data: fictitious borgere, cases, tasks and documents, generated
//! deterministically from a seed, plus the fixed demo roles, users and
//! packages.
//!
//! The generator is pure (no IO): [`generate`] gives the same [`DemoData`]
//! for the same seed and size on every machine and crate version, because it
//! uses its own [`SplitMix64`]. The database loader (`seed.rs`) and the
//! benchmarks both use it.

use chrono::{Days, NaiveDate};
use domain::catalog::{self, benefit, case_type, doc_category, followup_type, pension_type, task_type, unit};
use domain::model::{Borger, Dokument, DokumentFormat, Kilde, Opgave, OpgaveStatus, Permission, Relation, Sag, SagStatus};
use domain::package::{PackageFilter, RelationValg, Sagsudsoegning};
use domain::snapshot::{BorgerFacts, SagFacts, TaskFacts};
use domain::{Cpr, Snapshot};
use std::collections::HashSet;

/// The password of every demo user.
pub const PASSWORD: &str = "demo";

/// "Today" in the demo world: tasks are created in the months before it.
pub fn reference_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 31).expect("valid date")
}

/// SplitMix64 (Steele, Lea, Flood 2014): small, fast, and fixed forever.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }
    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize]
    }
    /// Picks by integer weights.
    pub fn weighted<T: Copy>(&mut self, xs: &[(T, u32)]) -> T {
        let total: u64 = xs.iter().map(|&(_, w)| u64::from(w)).sum();
        let mut r = self.below(total);
        for &(x, w) in xs {
            if r < u64::from(w) {
                return x;
            }
            r -= u64::from(w);
        }
        unreachable!("weights sum to total")
    }
}

// ---------------------------------------------------------------- fixed parts

/// What the demo's caseworkers on cases (pension, KY) may do.
const CASEWORK: &[Permission] = &[
    Permission::Borgeropslag,
    Permission::OpretTraek,
    Permission::StopSag,
    Permission::OpretOpfoelgningsopgave,
    Permission::ModtagPost,
    Permission::OpretBevilling,
    Permission::TilfoejYdelse,
];

/// Demo roles: name, description and rights (the systemadministrator has
/// no role, so no casework rights).
pub const ROLES: &[(&str, &str, &[Permission])] = &[
    ("Pension og helbredstillæg", "Sagsbehandling af folke- og førtidspension, helbredstillæg og personligt tillæg.", CASEWORK),
    ("Ydelser (KY)", "Sagsbehandling af ydelser i KY: ledighedsydelse, ressourceforløb, revalidering, fleksløntilskud m.fl.", CASEWORK),
    (
        "Post og selvbetjening",
        "Visitering af indgående post fra selvbetjening og digital post.",
        &[Permission::Borgeropslag, Permission::ModtagPost, Permission::OpretOpfoelgningsopgave],
    ),
    (
        "Økonomi",
        "eFakturaer, godkendelse af beløb og fejlede udbetalinger.",
        &[Permission::Borgeropslag, Permission::BehandlEfaktura, Permission::OpretTraek],
    ),
];

pub struct DemoUser {
    pub brugernavn: &'static str,
    pub navn: &'static str,
    pub admin: bool,
    pub roller: &'static [&'static str],
}

pub const USERS: &[DemoUser] = &[
    DemoUser { brugernavn: "admin", navn: "Anne Admin", admin: true, roller: &[] },
    DemoUser { brugernavn: "pension", navn: "Peter Pedersen", admin: false, roller: &["Pension og helbredstillæg"] },
    DemoUser { brugernavn: "ydelse", navn: "Yasmin Hansen", admin: false, roller: &["Ydelser (KY)", "Post og selvbetjening"] },
    DemoUser { brugernavn: "oekonomi", navn: "Ole Jensen", admin: false, roller: &["Økonomi"] },
];

/// One version of a demo package; `roller` are role names.
pub struct DemoPackageVersion {
    pub navn: &'static str,
    pub beskrivelse: &'static str,
    pub filter: PackageFilter,
    pub roller: &'static [&'static str],
    pub aendringsaarsag: &'static str,
    pub gyldig_fra: NaiveDate,
    pub gyldig_til: Option<NaiveDate>,
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// The demo packages, each a list of versions oldest first, all created by
/// `admin`.
pub fn packages() -> Vec<Vec<DemoPackageVersion>> {
    let post = PackageFilter {
        opgavetyper: vec![task_type::MODTAG_POST],
        kilder: vec![Kilde::Selvbetjening],
        relation: Some(RelationValg::Person),
        ..Default::default()
    };
    let pension_cpr = |fra, til| PackageFilter {
        sagstyper: vec![case_type::FOLKEPENSION, case_type::FOERTIDSPENSION],
        cpr_fra: Some(fra),
        cpr_til: Some(til),
        relation: Some(RelationValg::Person),
        ..Default::default()
    };
    vec![
        vec![
            DemoPackageVersion {
                navn: "Post fra selvbetjening",
                beskrivelse: "Modtag post fra selvbetjeningsløsningerne.",
                filter: post.clone(),
                roller: &["Post og selvbetjening"],
                aendringsaarsag: "Oprettet",
                gyldig_fra: day(2024, 1, 1),
                gyldig_til: Some(day(2025, 12, 31)),
            },
            DemoPackageVersion {
                navn: "Post fra selvbetjening",
                beskrivelse: "Modtag post fra selvbetjeningsløsningerne.",
                filter: post,
                roller: &["Post og selvbetjening", "Pension og helbredstillæg"],
                aendringsaarsag: "Pensionsteamet hjælper med posten fra 2026.",
                gyldig_fra: day(2026, 1, 1),
                gyldig_til: None,
            },
        ],
        vec![DemoPackageVersion {
            navn: "Manuel godkendelse",
            beskrivelse: "Skal være tom før hver måneds udbetalingskørsel, ellers får borgere ikke deres penge.",
            filter: PackageFilter {
                opgavetyper: vec![task_type::MANUEL_GODKENDELSE],
                relation: Some(RelationValg::Begge),
                ..Default::default()
            },
            roller: &["Økonomi", "Ydelser (KY)"],
            aendringsaarsag: "Oprettet",
            gyldig_fra: day(2024, 1, 1),
            gyldig_til: None,
        }],
        vec![DemoPackageVersion {
            navn: "eFaktura",
            beskrivelse: "Modtagelse og behandling af eFakturaer.",
            filter: PackageFilter {
                opgavetyper: vec![
                    task_type::MODTAG_EFAKTURA,
                    task_type::AFSLUT_EFAKTURA,
                    task_type::BEHANDL_EFAKTURA_APOE,
                    task_type::BEHANDL_EFAKTURA_EYAY,
                ],
                relation: Some(RelationValg::Begge),
                ..Default::default()
            },
            roller: &["Økonomi"],
            aendringsaarsag: "Oprettet",
            gyldig_fra: day(2024, 1, 1),
            gyldig_til: None,
        }],
        vec![DemoPackageVersion {
            navn: "Pension CPR 01-15",
            beskrivelse: "Opgaver på pensionssager for borgere født den 1.–15.",
            filter: pension_cpr(1, 15),
            roller: &["Pension og helbredstillæg"],
            aendringsaarsag: "Oprettet",
            gyldig_fra: day(2024, 1, 1),
            gyldig_til: None,
        }],
        vec![DemoPackageVersion {
            navn: "Pension CPR 16-31",
            beskrivelse: "Opgaver på pensionssager for borgere født den 16.–31.",
            filter: pension_cpr(16, 31),
            roller: &["Pension og helbredstillæg"],
            aendringsaarsag: "Oprettet",
            gyldig_fra: day(2024, 1, 1),
            gyldig_til: None,
        }],
        vec![DemoPackageVersion {
            navn: "Formueopfølgning",
            beskrivelse: "Opfølgningsopgaver når borgerens formue har ændret sig.",
            filter: PackageFilter {
                opgavetyper: vec![task_type::OPFOELGNINGSOPGAVE],
                opfoelgningstyper: vec![followup_type::FORMUE_AENDRET, followup_type::FORMUE_OVER_GRAENSEN],
                relation: Some(RelationValg::Person),
                ..Default::default()
            },
            roller: &["Pension og helbredstillæg"],
            aendringsaarsag: "Oprettet",
            gyldig_fra: day(2024, 6, 1),
            gyldig_til: None,
        }],
        vec![DemoPackageVersion {
            navn: "Ledighedsydelse",
            beskrivelse: "Alle opgaver for borgere med en sag om ledighedsydelse.",
            filter: PackageFilter {
                ydelser: vec![benefit::LEDIGHEDSYDELSE, benefit::LEDIGHEDSYDELSE_FERIE],
                relation: Some(RelationValg::Person),
                sagsudsoegning: Sagsudsoegning::Person,
                ..Default::default()
            },
            roller: &["Ydelser (KY)"],
            aendringsaarsag: "Oprettet",
            gyldig_fra: day(2024, 1, 1),
            gyldig_til: None,
        }],
        vec![DemoPackageVersion {
            navn: "Opret bevilling 2024",
            beskrivelse: "Udløbet pakke, bevaret som historik.",
            filter: PackageFilter {
                opgavetyper: vec![task_type::OPRET_BEVILLING],
                relation: Some(RelationValg::Person),
                ..Default::default()
            },
            roller: &["Pension og helbredstillæg"],
            aendringsaarsag: "Oprettet",
            gyldig_fra: day(2024, 1, 1),
            gyldig_til: Some(day(2024, 12, 31)),
        }],
    ]
}

// ---------------------------------------------------------------- generated

/// Generated records. Ids start at 1 and follow the vector order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DemoData {
    pub borgere: Vec<Borger>,
    pub sager: Vec<Sag>,
    /// `taget_af` holds a demo username.
    pub opgaver: Vec<Opgave>,
    pub dokumenter: Vec<Dokument>,
    /// (opgave id, dokument id)
    pub opgave_dokumenter: Vec<(i64, i64)>,
    /// (sag id, dokument id)
    pub sag_dokumenter: Vec<(i64, i64)>,
    /// The eFakturaer of the "Behandl eFaktura" tasks, as the intake stores
    /// one (`fakturaer`): the invoice document and its attachments.
    pub fakturaer: Vec<DemoInvoice>,
}

/// A demo eFaktura (`fakturaer`, with `faktura_bilag`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoInvoice {
    pub id: i64,
    pub borger_id: i64,
    pub fakturanummer: String,
    pub leverandoer: &'static str,
    pub beloeb_oere: i64,
    pub dokument_id: i64,
    pub opgave_id: i64,
    pub bilag: Vec<i64>,
    pub modtaget: NaiveDate,
}

/// The suppliers of the demo's eFakturaer.
const SUPPLIERS: &[&str] = &["Synsam Optik", "Tandlægerne i Byen", "Fodklinikken", "Apoteket", "Byens Fysioterapi"];

impl DemoData {
    pub fn borger_facts(&self) -> Vec<BorgerFacts> {
        self.borgere.iter().map(|b| BorgerFacts { id: b.id, cpr_day: b.cpr.day_digits(), pensionstype: b.pensionstype }).collect()
    }
    pub fn sag_facts(&self) -> Vec<SagFacts> {
        self.sager.iter().map(|s| SagFacts { id: s.id, borger_id: s.borger_id, sagstype: s.sagstype, ydelse: s.ydelse }).collect()
    }
    pub fn task_facts(&self) -> Vec<TaskFacts> {
        self.opgaver
            .iter()
            .map(|o| TaskFacts {
                id: o.id,
                opgavetype: o.opgavetype,
                opfoelgningstype: o.opfoelgningstype,
                relation: o.relation,
                kilde: o.kilde,
                beloebsgodkendelse: o.beloebsgodkendelse,
                enhed: o.enhed,
                status: o.status,
                oprettet: o.oprettet,
                borger_id: o.borger_id,
                sag_id: o.sag_id,
            })
            .collect()
    }
    /// The snapshot the server would build from this data.
    pub fn snapshot(&self, generated_at: i64) -> Snapshot {
        Snapshot::build(&self.borger_facts(), &self.sag_facts(), &self.task_facts(), generated_at)
    }
}

const FIRST_NAMES: &[&str] = &[
    "Anders",
    "Birgit",
    "Christian",
    "Dorthe",
    "Erik",
    "Freja",
    "Gustav",
    "Hanne",
    "Ib",
    "Jette",
    "Karsten",
    "Lone",
    "Mads",
    "Nanna",
    "Ole",
    "Pia",
    "Rasmus",
    "Sofie",
    "Torben",
    "Ulla",
    "Villads",
    "Winnie",
    "Aksel",
    "Bodil",
    "Carl",
    "Emma",
    "Frederik",
    "Grethe",
    "Henning",
    "Ida",
    "Jens",
    "Karen",
    "Lars",
    "Mette",
    "Niels",
    "Else",
    "Poul",
    "Rikke",
    "Søren",
    "Tove",
    "Åse",
    "Ærenfried",
    "Øjvind",
    "Inger",
    "Kirsten",
    "Bent",
    "Lise",
    "Jørgen",
];
const MIDDLE_NAMES: &[&str] = &["Marie", "Juul", "Holm", "Bach", "Krogh", "Dahl", "Lund", "Skov", "Bøgh", "Kjær"];
const LAST_NAMES: &[&str] = &[
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Christiansen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Knudsen",
    "Jakobsen",
    "Mikkelsen",
    "Frederiksen",
    "Laursen",
    "Henriksen",
    "Lund",
    "Schmidt",
    "Eriksen",
    "Holm",
    "Kristiansen",
    "Clausen",
    "Simonsen",
    "Svendsen",
    "Andreasen",
    "Iversen",
    "Østergaard",
    "Jeppesen",
    "Vestergaard",
    "Nissen",
    "Lauridsen",
    "Kjær",
    "Jespersen",
    "Mogensen",
    "Nørgaard",
];

const DAYS_IN_MONTH: [u64; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// A fictitious CPR number of valid form; about 4 % are substitute numbers
/// (day + 60).
fn cpr(rng: &mut SplitMix64) -> (u64, Cpr) {
    let month = rng.between(1, 12);
    let mut d = rng.between(1, DAYS_IN_MONTH[month as usize - 1]);
    if rng.chance(4) {
        d += 60;
    }
    let year = rng.below(100);
    let serial = rng.below(10_000);
    let n = ((d * 100 + month) * 100 + year) * 10_000 + serial;
    let cpr = Cpr::parse(&format!("{n:010}")).expect("generated CPR numbers have a valid form");
    (n, cpr)
}

fn name(rng: &mut SplitMix64) -> String {
    let first = rng.pick(FIRST_NAMES);
    let last = rng.pick(LAST_NAMES);
    if rng.chance(30) {
        format!("{first} {} {last}", rng.pick(MIDDLE_NAMES))
    } else {
        format!("{first} {last}")
    }
}

fn days_before(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(n)).expect("date in range")
}
fn days_after(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).expect("date in range")
}

/// KY case types with their weight (their benefits: `catalog::benefits_of`).
const KY_CASES: &[(u16, u32)] = &[
    (case_type::LEDIGHEDSYDELSE, 25),
    (case_type::RESSOURCEFORLOEBSYDELSE, 20),
    (case_type::REVALIDERINGSYDELSE, 10),
    (case_type::FLEKSLOENTILSKUD, 15),
    (case_type::SAERLIG_STOETTE, 10),
    (case_type::ENKELTYDELSER_OG_ANDRE_YDELSER, 15),
    (case_type::ADMINISTRATION_APOE, 5),
];

/// Generates `tasks` tasks and about `tasks / 2` borgere with their cases and
/// documents. Same `seed` and `tasks`, same data.
/// The extensions and formats of demo invoice attachments, in turn.
const BILAG_FORMATS: &[(&str, DokumentFormat)] = &[
    ("pdf", DokumentFormat::Pdf),
    ("jpg", DokumentFormat::Jpeg),
    ("png", DokumentFormat::Png),
    ("tif", DokumentFormat::Tiff),
    ("docx", DokumentFormat::Docx),
];

pub fn generate(seed: u64, tasks: usize) -> DemoData {
    let mut rng = SplitMix64::new(seed);
    let mut data = DemoData::default();
    let today = reference_day();

    // borgere and their cases
    let n_borgere = if tasks == 0 { 0 } else { (tasks / 2).max(1) };
    let mut seen = HashSet::with_capacity(n_borgere);
    let mut is_pension = Vec::with_capacity(n_borgere);
    let mut home_unit = Vec::with_capacity(n_borgere);
    let mut cases_of: Vec<(u32, u8)> = Vec::with_capacity(n_borgere); // (first case index, count)
    let mut pension_borgere = Vec::new();
    let mut ky_borgere = Vec::new();
    let case_statuses = [
        (SagStatus::UnderOplysning, 15),
        (SagStatus::UnderBehandling, 20),
        (SagStatus::Bevilget, 40),
        (SagStatus::Afslag, 10),
        (SagStatus::Afsluttet, 15),
    ];
    let ky_cases: Vec<_> = KY_CASES.iter().map(|c| (c, c.1)).collect();
    for bi in 0..n_borgere {
        let id = bi as i64 + 1;
        let cpr = loop {
            let (n, c) = cpr(&mut rng);
            if seen.insert(n) {
                break c;
            }
        };
        let pension = rng.chance(45);
        let pensionstype = pension.then(|| {
            rng.weighted(&[
                (pension_type::FOLKEPENSION, 60),
                (pension_type::FOERTIDSPENSION_NY, 20),
                (pension_type::FOERTIDSPENSION_GAMMEL, 10),
                (pension_type::SENIORPENSION, 10),
            ])
        });
        let home = if pension {
            rng.pick(&[unit::PENSION_NORD, unit::PENSION_SYD])
        } else {
            rng.pick(&[unit::YDELSESTEAM_1, unit::YDELSESTEAM_2])
        };
        data.borgere.push(Borger { id, cpr, navn: name(&mut rng), pensionstype });
        is_pension.push(pension);
        home_unit.push(home);
        if pension {
            pension_borgere.push(bi)
        } else {
            ky_borgere.push(bi)
        }

        let n_cases = rng.weighted(&[(1u8, 50), (2, 35), (3, 15)]);
        cases_of.push((data.sager.len() as u32, n_cases));
        for k in 0..n_cases {
            let (sagstype, ydelse, enhed) = if pension {
                let t = if k == 0 {
                    if pensionstype == Some(pension_type::FOLKEPENSION) {
                        case_type::FOLKEPENSION
                    } else {
                        case_type::FOERTIDSPENSION
                    }
                } else {
                    rng.weighted(&[
                        (case_type::ALM_HELBREDSTILLAEG, 35),
                        (case_type::UDVIDET_HELBREDSTILLAEG, 15),
                        (case_type::HELBREDSTILLAEGSKORT, 15),
                        (case_type::PERSONLIGT_TILLAEG, 20),
                        (case_type::HENVENDELSESSAG, 15),
                    ])
                };
                let helbred = (case_type::ALM_HELBREDSTILLAEG..=case_type::HELBREDSTILLAEGSKORT).contains(&t);
                (t, None, if helbred { unit::HELBREDSTILLAEG } else { home })
            } else {
                let (t, _) = *rng.weighted(&ky_cases);
                let benefits = catalog::benefits_of(t);
                let ydelse = (!benefits.is_empty()).then(|| rng.pick(benefits));
                (t, ydelse, if t == case_type::ADMINISTRATION_APOE { unit::OEKONOMI } else { home })
            };
            let status = rng.weighted(&case_statuses);
            let aktiv = match status {
                SagStatus::UnderOplysning | SagStatus::UnderBehandling | SagStatus::Bevilget => rng.chance(90),
                SagStatus::Afslag | SagStatus::Afsluttet => rng.chance(5),
            };
            let startdato = match status {
                SagStatus::UnderOplysning | SagStatus::UnderBehandling => {
                    rng.chance(70).then(|| days_after(days_before(today, 60), rng.below(120)))
                }
                _ => Some(days_before(today, rng.below(3650))),
            };
            let titel = match ydelse {
                Some(y) => catalog::name_of(catalog::BENEFITS, y).unwrap_or("Ydelse").to_owned(),
                None => catalog::name_of(catalog::CASE_TYPES, sagstype).unwrap_or("Sag").to_owned(),
            };
            data.sager.push(Sag {
                id: data.sager.len() as i64 + 1,
                borger_id: id,
                sagstype,
                ydelse,
                titel,
                status,
                aktiv,
                startdato,
                enhed,
                stopdato: None,
            });
        }
    }

    // tasks
    let kommune_types =
        [(task_type::MODTAG_EFAKTURA, 70u32), (task_type::AFSLUT_EFAKTURA, 20), (task_type::OPFOELGNING_FORSYNINGSSEKTORSPECIFIKATION, 10)];
    let efaktura_types = [task_type::BEHANDL_EFAKTURA_APOE, task_type::BEHANDL_EFAKTURA_EYAY];
    let person_types: Vec<(u16, u32)> = (1..=catalog::TASK_TYPES.len() as u16)
        .filter(|t| !kommune_types.iter().any(|(k, _)| k == t))
        .map(|t| {
            let w = match t {
                task_type::MODTAG_POST => 250,
                task_type::OPFOELGNINGSOPGAVE => 100,
                task_type::OPRET_BEVILLING => 80,
                task_type::MANUEL_GODKENDELSE => 60,
                task_type::AFSLUT_BEVILLING => 20,
                task_type::FEJL_UDBETALING => 15,
                t if efaktura_types.contains(&t) => 30,
                _ => 8,
            };
            (t, w)
        })
        .collect();
    let statuses = [(OpgaveStatus::Ubehandlet, 65), (OpgaveStatus::IGang, 12), (OpgaveStatus::Venter, 8), (OpgaveStatus::Afsluttet, 15)];
    let n_types = catalog::TASK_TYPES.len();
    let n_followups = catalog::FOLLOWUP_TYPES.len();
    let mut efaktura_no = 100_000u64;

    for i in 0..tasks {
        let id = i as i64 + 1;
        // the first tasks cover every task type and every follow-up type
        let forced = if i < n_types {
            let t = i as u16 + 1;
            Some((t, (t == task_type::OPFOELGNINGSOPGAVE).then_some(followup_type::FORMUE_AENDRET)))
        } else if i < n_types + n_followups - 1 {
            Some((task_type::OPFOELGNINGSOPGAVE, Some((i - n_types) as u16 + 2)))
        } else {
            None
        };
        let kommune = match forced {
            Some((t, _)) => kommune_types.iter().any(|&(k, _)| k == t),
            None => rng.chance(10),
        };
        let opgavetype = match forced {
            Some((t, _)) => t,
            None if kommune => rng.weighted(&kommune_types),
            None => rng.weighted(&person_types),
        };
        let is_kp = catalog::TASK_TYPES[usize::from(opgavetype) - 1].group == catalog::GROUP_KP;
        let is_ky_only = !is_kp && opgavetype != task_type::MODTAG_POST && opgavetype != task_type::OPFOELGNINGSOPGAVE;

        let (borger, sag) = if kommune || n_borgere == 0 {
            (None, None)
        } else {
            let pool = if is_kp && !pension_borgere.is_empty() {
                &pension_borgere
            } else if is_ky_only && !ky_borgere.is_empty() {
                &ky_borgere
            } else {
                &pension_borgere
            };
            let bi = if pool.is_empty() || (!is_kp && !is_ky_only && rng.chance(55)) {
                rng.below(n_borgere as u64) as usize
            } else {
                rng.pick(pool)
            };
            let with_case = if opgavetype == task_type::MODTAG_POST { rng.chance(60) } else { rng.chance(90) };
            let (first, count) = cases_of[bi];
            let sag = with_case.then(|| first as usize + rng.below(u64::from(count)) as usize);
            (Some(bi), sag)
        };
        let relation = if borger.is_some() { Relation::Person } else { Relation::Kommune };

        let opfoelgningstype = match forced {
            Some((_, f)) => f,
            None if opgavetype == task_type::OPFOELGNINGSOPGAVE => {
                let pension = borger.is_some_and(|b| is_pension[b]);
                // Borgere without pension get no follow-ups about formue or pension financing.
                let first = if pension { followup_type::FORMUE_AENDRET } else { followup_type::UDLOEB_MIDLERTIDIG_BEVILLING };
                Some(rng.between(u64::from(first), n_followups as u64) as u16)
            }
            None => None,
        };

        let kilde = match opgavetype {
            task_type::MODTAG_POST => rng.weighted(&[(Kilde::Selvbetjening, 50), (Kilde::DigitalPost, 40), (Kilde::Bruger, 10)]),
            task_type::OPRET_BEVILLING => rng.weighted(&[(Kilde::Selvbetjening, 40), (Kilde::Bruger, 30), (Kilde::System, 30)]),
            task_type::OPFOELGNINGSOPGAVE => rng.weighted(&[(Kilde::System, 80), (Kilde::Bruger, 20)]),
            _ if kommune => Kilde::System,
            _ => rng.weighted(&[(Kilde::System, 70), (Kilde::Bruger, 30)]),
        };

        let beloebsgodkendelse = match opgavetype {
            task_type::MANUEL_GODKENDELSE => true,
            t if efaktura_types.contains(&t) => rng.chance(50),
            task_type::OPRET_BEVILLING => rng.chance(10),
            task_type::RET_BEVILLING => rng.chance(20),
            _ => false,
        };

        let enhed = match (sag, borger) {
            (Some(s), _) => data.sager[s].enhed,
            (None, Some(b)) => home_unit[b],
            (None, None) => unit::OEKONOMI,
        };

        let status = rng.weighted(&statuses);
        let worker = match enhed {
            unit::PENSION_NORD..=unit::HELBREDSTILLAEG => "pension",
            unit::OEKONOMI => "oekonomi",
            _ => "ydelse",
        };
        let taken = match status {
            OpgaveStatus::Ubehandlet => false,
            OpgaveStatus::IGang => true,
            OpgaveStatus::Venter => rng.chance(70),
            OpgaveStatus::Afsluttet => rng.chance(80),
        };
        // recent tasks are more common: the nearer of two draws
        let age = rng.below(400).min(rng.below(400));
        let oprettet = days_before(today, age);
        let frist = rng.chance(60).then(|| days_after(oprettet, rng.between(14, 60)));

        data.opgaver.push(Opgave {
            id,
            opgavetype,
            opfoelgningstype,
            relation,
            kilde,
            beloebsgodkendelse,
            enhed,
            borger_id: borger.map(|b| b as i64 + 1),
            sag_id: sag.map(|s| s as i64 + 1),
            status,
            taget_af: taken.then(|| worker.to_owned()),
            taget_af_navn: None,
            oprettet,
            frist,
        });

        // documents
        let sag_id = sag.map(|s| s as i64 + 1);
        let add_doc = |data: &mut DemoData, navn: String, format: DokumentFormat, kategori: Option<u16>, to_case: bool| {
            let doc_id = data.dokumenter.len() as i64 + 1;
            data.dokumenter.push(Dokument { id: doc_id, navn, format, kategori, modtaget: oprettet });
            data.opgave_dokumenter.push((id, doc_id));
            if let (true, Some(s)) = (to_case, sag_id) {
                data.sag_dokumenter.push((s, doc_id));
            }
        };
        match opgavetype {
            task_type::MODTAG_POST => {
                let kategori = rng.weighted(&[
                    (Some(doc_category::ANSOEGNING), 35),
                    (Some(doc_category::ANMODNING_OM_REFUSION), 20),
                    (Some(doc_category::SPECIFICERET_OVERSLAG), 15),
                    (Some(doc_category::LAEGEERKLAERING), 10),
                    (None, 20),
                ]);
                let (navn, format) = match kategori {
                    Some(k) if kilde == Kilde::Selvbetjening => (
                        format!("{} (selvbetjening).xml", catalog::name_of(catalog::DOCUMENT_CATEGORIES, k).unwrap_or("Formular")),
                        DokumentFormat::Xml,
                    ),
                    Some(k) => {
                        (format!("{}.pdf", catalog::name_of(catalog::DOCUMENT_CATEGORIES, k).unwrap_or("Dokument")), DokumentFormat::Pdf)
                    }
                    None => ("Brev fra borger.pdf".to_owned(), DokumentFormat::Pdf),
                };
                add_doc(&mut data, navn, format, kategori, false);
                if rng.chance(15) {
                    add_doc(&mut data, "Fuldmagt.pdf".to_owned(), DokumentFormat::Pdf, Some(doc_category::FULDMAGT), false);
                }
            }
            t if t == task_type::MODTAG_EFAKTURA || t == task_type::AFSLUT_EFAKTURA || efaktura_types.contains(&t) => {
                efaktura_no += 1 + rng.below(7);
                add_doc(&mut data, format!("eFaktura {efaktura_no}.xml"), DokumentFormat::Xml, Some(doc_category::FAKTURA), true);
                let dokument_id = data.dokumenter.len() as i64;
                let mut bilag = Vec::new();
                for k in 1..=rng.below(3) {
                    // Embedded attachments come in every supported format.
                    let (ext, format) = BILAG_FORMATS[((efaktura_no + k) % BILAG_FORMATS.len() as u64) as usize];
                    add_doc(&mut data, format!("Fakturabilag {k}.{ext}"), format, Some(doc_category::FAKTURABILAG), true);
                    bilag.push(data.dokumenter.len() as i64);
                }
                // A task that processes one has its invoice (supplier and
                // amount follow from its number, so the draws stay as they were).
                if let (true, Some(b)) = (efaktura_types.contains(&opgavetype), borger) {
                    data.fakturaer.push(DemoInvoice {
                        id: data.fakturaer.len() as i64 + 1,
                        borger_id: b as i64 + 1,
                        fakturanummer: efaktura_no.to_string(),
                        leverandoer: SUPPLIERS[(efaktura_no % SUPPLIERS.len() as u64) as usize],
                        beloeb_oere: 20_000 + (efaktura_no * 7_919 % 1_480_000) as i64,
                        dokument_id,
                        opgave_id: id,
                        bilag,
                        modtaget: oprettet,
                    });
                }
            }
            task_type::OPRET_BEVILLING => {
                add_doc(&mut data, "Ansøgning.pdf".to_owned(), DokumentFormat::Pdf, Some(doc_category::ANSOEGNING), true);
            }
            _ if rng.chance(25) => {
                let (navn, format, kategori) = rng.weighted(&[
                    (("Lægeerklæring.pdf", DokumentFormat::Pdf, Some(doc_category::LAEGEERKLAERING)), 40),
                    (("Partshøringssvar.pdf", DokumentFormat::Pdf, Some(doc_category::PARTSHOERINGSSVAR)), 30),
                    (("Notat.pdf", DokumentFormat::Pdf, None), 10),
                    (("Foto af kvittering.jpg", DokumentFormat::Jpeg, None), 10),
                    (("Vedhæftet fil", DokumentFormat::Andet, None), 10),
                ]);
                add_doc(&mut data, navn.to_owned(), format, kategori, true);
            }
            _ => {}
        }
    }
    data
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_data_other_seed_other_data() {
        assert_eq!(generate(7, 500), generate(7, 500));
        assert_ne!(generate(7, 500).borgere, generate(8, 500).borgere);
    }

    #[test]
    fn covers_the_catalogue_and_every_status() {
        let d = generate(42, 300);
        assert_eq!(d.opgaver.len(), 300);
        let has = |f: &dyn Fn(&Opgave) -> bool| d.opgaver.iter().any(f);
        for t in 1..=catalog::TASK_TYPES.len() as u16 {
            assert!(has(&|o| o.opgavetype == t), "task type {t}");
        }
        for f in 1..=catalog::FOLLOWUP_TYPES.len() as u16 {
            assert!(has(&|o| o.opfoelgningstype == Some(f)), "follow-up type {f}");
        }
        for &k in Kilde::ALL {
            assert!(has(&|o| o.kilde == k), "{k:?}");
        }
        for &s in OpgaveStatus::ALL {
            assert!(has(&|o| o.status == s), "{s:?}");
        }
        for u in 1..=catalog::UNITS.len() as u16 {
            assert!(has(&|o| o.enhed == u), "unit {u}");
        }
        assert!(has(&|o| o.beloebsgodkendelse) && has(&|o| !o.beloebsgodkendelse));
        assert!(has(&|o| o.taget_af.is_some()));
        let kommune = d.opgaver.iter().filter(|o| o.relation == Relation::Kommune).count();
        assert!((10..=60).contains(&kommune), "{kommune} municipality tasks");
        assert!(d.opgaver.iter().all(|o| (o.relation == Relation::Person) == o.borger_id.is_some()));
        for &s in SagStatus::ALL {
            assert!(d.sager.iter().any(|c| c.status == s), "{s:?}");
        }
        assert!(d.sager.iter().any(|c| c.aktiv) && d.sager.iter().any(|c| !c.aktiv));
        assert!(d.sager.iter().any(|c| c.ydelse.is_some()));
        assert!(d.borgere.iter().any(|b| b.pensionstype.is_some()));
        assert!(d.borgere.iter().any(|b| b.cpr.is_substitute()));
        // every sag belongs to an existing borger, every task's sag to its borger
        for o in &d.opgaver {
            if let Some(s) = o.sag_id {
                assert_eq!(Some(d.sager[s as usize - 1].borger_id), o.borger_id);
            }
        }
        let fuldmagt = d.dokumenter.iter().filter(|x| x.kategori == Some(doc_category::FULDMAGT)).count();
        assert!(fuldmagt > 0);
        for &f in DokumentFormat::ALL {
            assert!(d.dokumenter.iter().any(|x| x.format == f), "{f:?}");
        }
    }

    /// The catalogue ids the demo data uses by name name the right entries
    /// (the catalogue is append-only, so they never change).
    #[test]
    fn named_catalogue_ids_name_the_right_entries() {
        let task = |id| catalog::task_type_name(id).unwrap();
        assert_eq!(task(task_type::RET_BEVILLING), "Ret bevilling");
        assert_eq!(task(task_type::AFSLUT_EFAKTURA), "Afslut eFaktura");
        assert_eq!(task(task_type::BEHANDL_EFAKTURA_APOE), "Behandl eFaktura - APØ");
        assert_eq!(task(task_type::OPFOELGNING_FORSYNINGSSEKTORSPECIFIKATION), "Opfølgningsopgave forsyningssektorspecifikation");
        let name = |table, id| catalog::name_of(table, id).unwrap();
        let cases = [
            (case_type::UDVIDET_HELBREDSTILLAEG, "Udvidet helbredstillæg"),
            (case_type::HELBREDSTILLAEGSKORT, "Helbredstillægskort"),
            (case_type::PERSONLIGT_TILLAEG, "Personligt tillæg"),
            (case_type::LEDIGHEDSYDELSE, "Ledighedsydelse"),
            (case_type::RESSOURCEFORLOEBSYDELSE, "Ressourceforløbsydelse"),
            (case_type::REVALIDERINGSYDELSE, "Revalideringsydelse"),
            (case_type::FLEKSLOENTILSKUD, "Fleksløntilskud"),
            (case_type::SAERLIG_STOETTE, "Særlig støtte"),
            (case_type::ENKELTYDELSER_OG_ANDRE_YDELSER, "Enkeltydelser og andre ydelser"),
            (case_type::ADMINISTRATION_APOE, "Administration (APØ)"),
        ];
        for (id, n) in cases {
            assert_eq!(name(catalog::CASE_TYPES, id), n);
        }
        for (id, n) in [
            (doc_category::SPECIFICERET_OVERSLAG, "Specificeret overslag"),
            (doc_category::ANMODNING_OM_REFUSION, "Anmodning om refusion"),
            (doc_category::PARTSHOERINGSSVAR, "Partshøringssvar"),
            (doc_category::LAEGEERKLAERING, "Lægeerklæring"),
        ] {
            assert_eq!(name(catalog::DOCUMENT_CATEGORIES, id), n);
        }
        assert_eq!(name(catalog::FOLLOWUP_TYPES, followup_type::FORMUE_AENDRET), "Formue har ændret sig");
        assert_eq!(name(catalog::FOLLOWUP_TYPES, followup_type::FORMUE_OVER_GRAENSEN), "Formue har krydset formuegrænsen");
        assert_eq!(name(catalog::FOLLOWUP_TYPES, followup_type::UDLOEB_MIDLERTIDIG_BEVILLING), "Udløb af midlertidig bevilling");
        assert_eq!(name(catalog::FOLLOWUP_TYPES, followup_type::GENEREL_OPFOELGNING), "Generel opfølgning");
        assert_eq!(name(catalog::PENSION_TYPES, pension_type::FOLKEPENSION), "Folkepension");
        assert_eq!(name(catalog::PENSION_TYPES, pension_type::SENIORPENSION), "Seniorpension");
        assert_eq!(name(catalog::BENEFITS, benefit::LEDIGHEDSYDELSE_FERIE), "Ledighedsydelse – ferie");
        assert_eq!(name(catalog::BENEFITS, benefit::FORREVALIDERING), "Revalideringsydelse – forrevalidering");
        assert_eq!(name(catalog::BENEFITS, benefit::GODTGOERELSE), "Andre ydelser – godtgørelse");
        assert_eq!(name(catalog::UNITS, unit::HELBREDSTILLAEG), "Helbredstillæg");
        assert_eq!(name(catalog::UNITS, unit::YDELSESTEAM_2), "Ydelsesteam 2");
        assert_eq!(name(catalog::UNITS, unit::OEKONOMI), "Økonomi og opkrævning");
    }

    #[test]
    fn cpr_numbers_are_unique_and_parse() {
        let d = generate(1, 5_000);
        let set: HashSet<_> = d.borgere.iter().map(|b| b.cpr).collect();
        assert_eq!(set.len(), d.borgere.len());
        for b in &d.borgere {
            assert_eq!(Cpr::parse(&b.cpr.digits()), Ok(b.cpr));
        }
    }
}
