//! The fixed catalogue: task types (KP, and KY's catalogue for ongoing work and month-end),
//! follow-up task types, case types, pension types, benefits, units, sources
//! and document categories.
//!
//! Invariant: every table is append-only. An entry's id is its position + 1
//! and is stored in the database and in saved packages, so an entry is never
//! removed or moved; a retired one would get a flag instead.

use serde::{Deserialize, Serialize};

/// Which sagsudsøgning the KY catalogue recommends for a task type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Recommended {
    Haendelse,
    Person,
    Begge,
}

/// Group of a task type (KY "Opgavegruppering"; KP types are "KP").
pub const GROUP_KP: &str = "KP – pension og helbredstillæg";
pub const GROUP_LOEBENDE: &str = "KY – løbende behandling af bevilling, igangværende sag og vedligehold";
pub const GROUP_MAANED: &str = "KY – skal behandles inden månedlig kørsel";

pub struct TaskTypeDef {
    pub name: &'static str,
    pub group: &'static str,
    pub description: &'static str,
    pub assessment: &'static str,
    pub recommended: Recommended,
}

const fn kp(name: &'static str, description: &'static str) -> TaskTypeDef {
    TaskTypeDef { name, group: GROUP_KP, description, assessment: "", recommended: Recommended::Begge }
}
const fn ky(name: &'static str, description: &'static str, assessment: &'static str, recommended: Recommended) -> TaskTypeDef {
    TaskTypeDef { name, group: GROUP_LOEBENDE, description, assessment, recommended }
}
const fn kym(name: &'static str, description: &'static str, assessment: &'static str) -> TaskTypeDef {
    TaskTypeDef { name, group: GROUP_MAANED, description, assessment, recommended: Recommended::Begge }
}

const GENBEREGNING: &str = "Kommunen skal vurdere hvilke andre opgavetyper i denne kategori der skal placeres sammen med genberegninger, og hvilken ydelse/ydelsesart der skal udsøges på.";
const APO_VURDERING: &str =
    "Anvendes i APØ-sager (LAS og pension); se Konfigurationsvejledningen om fordelingsnøgler (primær sagsbehandler).";
const FORDEL_YDELSE: &str =
    "Kommunen skal vurdere om opgaven skal fordeles på ydelser/ydelsesarter, eller om den skal præsenteres i én opgavepakke.";
const MAANED_VURDERING: &str = "Kommunen skal vurdere om opgavetyperne skal fordeles ud på ydelser/ydelsesarter. Opret særlige opgavepakker til den månedlige behandling.";

/// Task types. Ids are position + 1 (see the module invariant).
pub const TASK_TYPES: &[TaskTypeDef] = &[
    // 1..: KP and shared types
    ky("Modtag post", "Post til kommunen: selvbetjening, digital post eller dokumenter tilføjet manuelt fra Handlinger. Dokumenterne knyttes til en sag, en igangværende opgave eller starter en ny opgave.", "Kommunen skal vurdere om Modtag post skal fordeles til hver ydelse/ydelsesart eller håndteres centralt i én opgavepakke.", Recommended::Person),
    kp("Opret bevilling", "Behandling af en ansøgning frem til bevilling eller afslag."),
    kp("Opret træk", "Opsætning af et træk i borgerens ydelse, startet fra Borgeroverblik → Handlinger."),
    kp("Stop sag", "Stop af en aktiv sag fra en given dato."),
    kp("Ret bevilling", "Ændring af en eksisterende bevilling."),
    kp("Ret planlagt træk", "Ændring af et planlagt træk."),
    kp("Ret planlagt udbetaling", "Ændring af en planlagt udbetaling."),
    kp("Rådighedsberegning", "Beregning af borgerens rådighedsbeløb."),
    kp("Tilføj ydelse til bevilling", "Tilføjelse af en ydelse til en eksisterende bevilling."),
    kp("Modtag eFaktura", "Kommuneopgave: modtagelse og visitering af en (masse)eFaktura, før den fordeles på borgere som delfakturaer."),
    ky("Opfølgningsopgave", "Opfølgning startet af en hændelse (batchjob, jobcenter, CPR) eller oprettet manuelt af en sagsbehandler.", "Fordel på ydelse/ydelsesart og evt. opfølgningsopgavetype. Det anbefales ikke at have opfølgningsopgaver centralt på tværs af ydelsesarter, da der dannes mange.", Recommended::Begge),
    // KY catalogue: løbende behandling
    ky("Afslut eFaktura", "Udføres når en eFaktura er klar til endelig godkendelse eller afvisning efter en eller flere Behandl eFaktura-opgaver. Falder normalt kun ud til manuel behandling ved massefakturaer.", "Kommunen skal vurdere om opgaven skal ligge sammen med andre fakturarelevante opgaver eller i sin egen opgavepakke.", Recommended::Begge),
    ky("APØ - Administrationsplan", "Opsætning af træk af ydelser for borger og medadministreret ægtefælle.", APO_VURDERING, Recommended::Person),
    ky("APØ - Betalingsaftaler", "Opsætning af betalingsaftaler for borger og evt. medadministreret ægtefælle, samt behandling af forsinkede betalinger.", APO_VURDERING, Recommended::Person),
    ky("APØ - De- og genaktiver administrations sag", "Ændring af deaktiveringsstatus på en administrationssag; startes af batchjobbet 'regelmæssig opfølgning' (standard hver 3. måned).", APO_VURDERING, Recommended::Person),
    ky("APØ - Rateplan", "Opsætning af rateudbetalingsplan for borger og medadministreret ægtefælle, samt behandling af forsinkede udbetalinger.", APO_VURDERING, Recommended::Person),
    ky("APØ - Stop administrations sag", "Sætter en stopdato for en administrationssag.", APO_VURDERING, Recommended::Person),
    ky("Behandl dækninger og afskrivninger", "Behandling af dækninger og afskrivninger modtaget fra debitor.", FORDEL_YDELSE, Recommended::Begge),
    ky("Behandl eFaktura - APØ", "Startes når en eFaktura er visiteret i Modtag eFaktura og en delfaktura er oprettet på borgeren. Kun eFakturaer for APØ.", "Kommunen skal vurdere om opgaven skal ligge sammen med andre APØ-opgaver, andre fakturarelevante opgaver eller i sin egen opgavepakke.", Recommended::Begge),
    ky("Behandl eFaktura - EYAY", "Startes når en eFaktura er visiteret i Modtag eFaktura og en delfaktura er oprettet på borgeren. Kun eFakturaer for enkelt- og andre ydelser.", "Kommunen skal vurdere om opgaven skal ligge sammen med andre EYAY-opgaver, andre fakturarelevante opgaver eller i sin egen opgavepakke.", Recommended::Begge),
    ky("Dan og Send brev", "Sender et brev til borgeren.", FORDEL_YDELSE, Recommended::Begge),
    ky("EYAY - Rediger Enkelt- og Andre ydelser", "Redigering i enkelt- og andre ydelser.", "Se Konfigurationsvejledningen om fordelingsnøgler.", Recommended::Begge),
    ky("FLT- Genberegning Fleksløntilskud", "Løbende vedligeholdelse af fleksløntilskudssager: nye lønloftblanketter, ferieperioder eller sygdom, og genberegning.", GENBEREGNING, Recommended::Begge),
    ky("FUB aftale", "Opret/ret FUB-aftale; startes af en hændelse fra UDK Debitor.", FORDEL_YDELSE, Recommended::Begge),
    ky("Godkend Kontooplysninger", "Godkendelse eller afvisning af kontooplysninger angivet på en EYAY-sag eller en betalingsaftale på en APØ-sag (alternativ til NemKonto).", "Kommunen skal vurdere hvem der skal behandle opgaven. Kræver brugersystemrollen Godkend kontooplysninger.", Recommended::Begge),
    ky("Godtgørelse - Genberegning Godtgørelse", "Genberegning af godtgørelse; startes af en jobcenterhændelse.", "Se Konfigurationsvejledningen om fordelingsnøgler.", Recommended::Begge),
    ky("LY - Genberegning Ledighedsydelse", "Al genberegning efter første bevilling og beregning af ledighedsydelse.", GENBEREGNING, Recommended::Begge),
    ky("Opfølgning på modregningsanmodninger", "Manuel afgørelse af modregningsanmodninger der ikke kunne modregnes fuldt ud i batchjobbet Modregning.", FORDEL_YDELSE, Recommended::Begge),
    ky("Opfølgningsopgave forsyningssektorspecifikation", "Oplyser om en modtaget forsyningssektorspecifikation til en faktura eller kreditnota.", "Kommunen skal vurdere om opgaven skal ligge sammen med andre fakturarelevante opgaver eller i sin egen opgavepakke.", Recommended::Begge),
    ky("Opret fordrings sag", "Fordringssager oprettet ved indlæsning af debitorforhold fra KMD Aktiv; startes af et batchjob.", GENBEREGNING, Recommended::Begge),
    ky("Relationer", "Retter borgerens relationer til ægtefælle, børn og forældre, når oplysningerne fra SF1525 ikke er korrekte.", "I skal vurdere hvilke ydelser/ydelsesarter opgavetypen skal kombineres med.", Recommended::Begge),
    ky("RES - Genberegning Ressourceforløbsydelse under ressourceforløb", "Al genberegning efter første bevilling og beregning af ressourceforløbsydelse.", GENBEREGNING, Recommended::Begge),
    ky("RESJ - Genberegning Ressourceforløbsydelse under jobafklaring borger uden refusion", "Al genberegning af ressourceforløbsydelse under jobafklaring for borger uden refusion.", GENBEREGNING, Recommended::Begge),
    ky("RESJR - Genberegning Ressourceforløbsydelse under jobafklaring med refusion", "Al genberegning af ressourceforløbsydelse under jobafklaring med refusion.", GENBEREGNING, Recommended::Begge),
    ky("REV - Genberegning Revalideringsydelse", "Al genberegning efter første bevilling og beregning af revalideringsydelse.", GENBEREGNING, Recommended::Begge),
    ky("Sanktion - Behandle sanktion", "Sanktioner mod en borger på tværs af HTF, LY, RESS og forrevalidering; starter en genberegning.", FORDEL_YDELSE, Recommended::Begge),
    ky("Send fordringsmeddelse", "Startes når der oprettes endeliggjorte fordringer.", FORDEL_YDELSE, Recommended::Begge),
    ky("Subproces - Beskæftigelseskrav", "Vurderer om borgeren opfylder beskæftigelseskravet (2,5 års fuldtid inden for 10 år).", FORDEL_YDELSE, Recommended::Begge),
    ky("Subproces - Bidragspligt", "Vurderer og fastsætter borgerens forsørger- og bidragspligt.", FORDEL_YDELSE, Recommended::Begge),
    ky("Subproces - Børnetilskud", "Vurderer om borgeren har ret til tilskud på grund af børn.", FORDEL_YDELSE, Recommended::Begge),
    ky("Subproces - Ferie", "Vurderer om optjent eller afholdt ferie skal medtages i beregningen.", FORDEL_YDELSE, Recommended::Begge),
    ky("Subproces - Gensidig forsørgerpligt", "Vurderer om borgeren har gensidig forsørgerpligt over for ægtefællen.", FORDEL_YDELSE, Recommended::Begge),
    ky("Subproces - Indtægter", "Præsenterer indtægtsoplysninger fra eIndkomst, som sagsbehandleren medtager i beregningen.", FORDEL_YDELSE, Recommended::Begge),
    ky("Subproces - Indtægter til revalidering", "Indtægter over de seneste seks måneder før bevillingen til satsbestemmelse af revalidering.", FORDEL_YDELSE, Recommended::Begge),
    ky("Subproces - Midlertidig stop af ydelse", "Midlertidigt stop af borgerens ydelse (løntilskud, ferie, anden årsag).", FORDEL_YDELSE, Recommended::Begge),
    ky("Subproces - Opholdsgrundlag", "Vurderer borgerens opholdsgrundlag og dermed retten til ydelse.", FORDEL_YDELSE, Recommended::Begge),
    ky("Subproces - Samliv", "Oplyser samlivsperioder efter LAS § 26, stk. 2.", FORDEL_YDELSE, Recommended::Begge),
    ky("Subproces - Skattekort", "Vælger hovedkort eller bikort til kommende udbetalinger.", FORDEL_YDELSE, Recommended::Begge),
    ky("Subproces - STU", "Vurderer om borgeren er i et særligt tilrettelagt uddannelsesforløb (STU).", FORDEL_YDELSE, Recommended::Begge),
    ky("SÆS - Boligudgifter ifm. Særlig støtte", "Angivelse af boligudgifter til særlig støtte.", GENBEREGNING, Recommended::Begge),
    ky("SÆS - Fordringer", "Behandler fordringsanvisninger fra Udbetaling Danmark om tilbagebetaling af særlig støtte.", GENBEREGNING, Recommended::Begge),
    ky("SÆS - Genberegning Særlig Støtte", "Genberegning af særlig støtte, typisk startet af en anden proces eller et batchjob (fx når sidste barn fylder 18).", GENBEREGNING, Recommended::Begge),
    // KY: skal behandles inden månedlig kørsel
    kym("Afslut bevilling", "Stopper borgerens bevilling, og dermed sagen, når borgeren ikke længere skal have ydelsen (fx ved CPR-hændelsen dødsfald).", MAANED_VURDERING),
    kym("Manuel godkendelse", "Godkendelse af beløb før udbetaling. Bunken skal bringes i bund inden hver måneds udbetalingskørsel, ellers får borgere ikke deres penge.", MAANED_VURDERING),
    kym("Fejl udbetaling", "Startes af NemKonto-integrationen når en udbetaling fejler; giver mulighed for at genudbetale.", MAANED_VURDERING),
];

/// Well-known task type ids used by processes (position + 1 in [`TASK_TYPES`]).
pub mod task_type {
    pub const MODTAG_POST: u16 = 1;
    pub const OPRET_BEVILLING: u16 = 2;
    pub const OPRET_TRAEK: u16 = 3;
    pub const STOP_SAG: u16 = 4;
    pub const RET_BEVILLING: u16 = 5;
    pub const TILFOEJ_YDELSE: u16 = 9;
    pub const MODTAG_EFAKTURA: u16 = 10;
    pub const OPFOELGNINGSOPGAVE: u16 = 11;
    pub const AFSLUT_EFAKTURA: u16 = 12;
    pub const BEHANDL_EFAKTURA_APOE: u16 = 19;
    pub const BEHANDL_EFAKTURA_EYAY: u16 = 20;
    pub const OPFOELGNING_FORSYNINGSSEKTORSPECIFIKATION: u16 = 29;
    pub const AFSLUT_BEVILLING: u16 = 53;
    pub const MANUEL_GODKENDELSE: u16 = 54;
    pub const FEJL_UDBETALING: u16 = 55;
}

pub const FOLLOWUP_TYPES: &[&str] = &[
    "Formue har ændret sig",
    "Formue har krydset formuegrænsen",
    "Automatisk fastsættelse af finansieringskommune for pension",
    "Udløb af midlertidig bevilling",
    "Partshøring besvaret",
    "Generel opfølgning",
];

pub const CASE_TYPES: &[&str] = &[
    "Folkepension",
    "Førtidspension",
    "Almindeligt helbredstillæg",
    "Udvidet helbredstillæg",
    "Helbredstillægskort",
    "Personligt tillæg",
    "Henvendelsessag",
    "Ledighedsydelse",
    "Ressourceforløbsydelse",
    "Revalideringsydelse",
    "Fleksløntilskud",
    "Særlig støtte",
    "Enkeltydelser og andre ydelser",
    "Administration (APØ)",
];

pub mod case_type {
    pub const FOLKEPENSION: u16 = 1;
    pub const FOERTIDSPENSION: u16 = 2;
    pub const ALM_HELBREDSTILLAEG: u16 = 3;
    pub const UDVIDET_HELBREDSTILLAEG: u16 = 4;
    pub const HELBREDSTILLAEGSKORT: u16 = 5;
    pub const PERSONLIGT_TILLAEG: u16 = 6;
    pub const HENVENDELSESSAG: u16 = 7;
    pub const LEDIGHEDSYDELSE: u16 = 8;
    pub const RESSOURCEFORLOEBSYDELSE: u16 = 9;
    pub const REVALIDERINGSYDELSE: u16 = 10;
    pub const FLEKSLOENTILSKUD: u16 = 11;
    pub const SAERLIG_STOETTE: u16 = 12;
    pub const ENKELTYDELSER_OG_ANDRE_YDELSER: u16 = 13;
    pub const ADMINISTRATION_APOE: u16 = 14;
}

pub const PENSION_TYPES: &[&str] = &["Folkepension", "Førtidspension (ny ordning)", "Førtidspension (gammel ordning)", "Seniorpension"];

/// Benefits, "ydelse – ydelsesart": the KY benefits, then (from id 11) the
/// KP benefits a grant's lines ("Tilføj ydelse til bevilling") pay.
pub const BENEFITS: &[&str] = &[
    "Ledighedsydelse – ledighedsydelse",
    "Ledighedsydelse – ferie",
    "Ressourceforløbsydelse – under ressourceforløb",
    "Ressourceforløbsydelse – under jobafklaring",
    "Revalideringsydelse – revalidering",
    "Revalideringsydelse – forrevalidering",
    "Fleksløntilskud – fleksløntilskud",
    "Særlig støtte – særlig støtte",
    "Enkeltydelser – hjælp i særlige tilfælde",
    "Andre ydelser – godtgørelse",
    "Folkepension – grundbeløb",
    "Folkepension – pensionstillæg",
    "Førtidspension – førtidspension",
    "Almindeligt helbredstillæg – medicin",
    "Almindeligt helbredstillæg – tandbehandling",
    "Almindeligt helbredstillæg – fodbehandling",
    "Udvidet helbredstillæg – briller",
    "Udvidet helbredstillæg – tandproteser",
    "Helbredstillægskort – helbredstillægskort",
    "Personligt tillæg – personligt tillæg",
];

pub const UNITS: &[&str] = &["Pension Nord", "Pension Syd", "Helbredstillæg", "Ydelsesteam 1", "Ydelsesteam 2", "Økonomi og opkrævning"];

pub const DOCUMENT_CATEGORIES: &[&str] = &[
    "Ansøgning",
    "Fuldmagt",
    "Faktura",
    "Fakturabilag",
    "Specificeret overslag",
    "Anmodning om refusion",
    "Partshøringssvar",
    "Lægeerklæring",
];

pub mod doc_category {
    pub const ANSOEGNING: u16 = 1;
    pub const FULDMAGT: u16 = 2;
    pub const FAKTURA: u16 = 3;
    pub const FAKTURABILAG: u16 = 4;
    pub const SPECIFICERET_OVERSLAG: u16 = 5;
    pub const ANMODNING_OM_REFUSION: u16 = 6;
    pub const PARTSHOERINGSSVAR: u16 = 7;
    pub const LAEGEERKLAERING: u16 = 8;
}

/// Name of a catalogue entry by id, or `None` for an unknown id.
pub fn name_of(table: &[&'static str], id: u16) -> Option<&'static str> {
    table.get(usize::from(id).checked_sub(1)?).copied()
}

pub fn task_type_name(id: u16) -> Option<&'static str> {
    TASK_TYPES.get(usize::from(id).checked_sub(1)?).map(|t| t.name)
}

/// Follow-up task type ids (position + 1 in [`FOLLOWUP_TYPES`]).
pub mod followup_type {
    pub const FORMUE_AENDRET: u16 = 1;
    pub const FORMUE_OVER_GRAENSEN: u16 = 2;
    pub const FINANSIERINGSKOMMUNE_PENSION: u16 = 3;
    pub const UDLOEB_MIDLERTIDIG_BEVILLING: u16 = 4;
    pub const PARTSHOERING_BESVARET: u16 = 5;
    pub const GENEREL_OPFOELGNING: u16 = 6;
}

/// Pension type ids (position + 1 in [`PENSION_TYPES`]).
pub mod pension_type {
    pub const FOLKEPENSION: u16 = 1;
    pub const FOERTIDSPENSION_NY: u16 = 2;
    pub const FOERTIDSPENSION_GAMMEL: u16 = 3;
    pub const SENIORPENSION: u16 = 4;
}

/// Benefit ids, "ydelse – ydelsesart" (position + 1 in [`BENEFITS`]).
pub mod benefit {
    pub const LEDIGHEDSYDELSE: u16 = 1;
    pub const LEDIGHEDSYDELSE_FERIE: u16 = 2;
    pub const RESSOURCEFORLOEB: u16 = 3;
    pub const RESSOURCEFORLOEB_JOBAFKLARING: u16 = 4;
    pub const REVALIDERING: u16 = 5;
    pub const FORREVALIDERING: u16 = 6;
    pub const FLEKSLOENTILSKUD: u16 = 7;
    pub const SAERLIG_STOETTE: u16 = 8;
    pub const HJAELP_I_SAERLIGE_TILFAELDE: u16 = 9;
    pub const GODTGOERELSE: u16 = 10;
    pub const FOLKEPENSION_GRUNDBELOEB: u16 = 11;
    pub const FOLKEPENSION_PENSIONSTILLAEG: u16 = 12;
    pub const FOERTIDSPENSION: u16 = 13;
    pub const HELBREDSTILLAEG_MEDICIN: u16 = 14;
    pub const HELBREDSTILLAEG_TANDBEHANDLING: u16 = 15;
    pub const HELBREDSTILLAEG_FODBEHANDLING: u16 = 16;
    pub const UDVIDET_HELBREDSTILLAEG_BRILLER: u16 = 17;
    pub const UDVIDET_HELBREDSTILLAEG_TANDPROTESER: u16 = 18;
    pub const HELBREDSTILLAEGSKORT: u16 = 19;
    pub const PERSONLIGT_TILLAEG: u16 = 20;
}

/// The benefits a case of a sagstype grants (ids into [`BENEFITS`]), in
/// the order offered. Empty for a sagstype nothing is granted on
/// (Henvendelsessag, Administration (APØ)) and for an unknown one.
pub fn benefits_of(sagstype: u16) -> &'static [u16] {
    use benefit::*;
    match sagstype {
        case_type::FOLKEPENSION => &[FOLKEPENSION_GRUNDBELOEB, FOLKEPENSION_PENSIONSTILLAEG],
        case_type::FOERTIDSPENSION => &[FOERTIDSPENSION],
        case_type::ALM_HELBREDSTILLAEG => &[HELBREDSTILLAEG_MEDICIN, HELBREDSTILLAEG_TANDBEHANDLING, HELBREDSTILLAEG_FODBEHANDLING],
        case_type::UDVIDET_HELBREDSTILLAEG => &[UDVIDET_HELBREDSTILLAEG_BRILLER, UDVIDET_HELBREDSTILLAEG_TANDPROTESER],
        case_type::HELBREDSTILLAEGSKORT => &[HELBREDSTILLAEGSKORT],
        case_type::PERSONLIGT_TILLAEG => &[PERSONLIGT_TILLAEG],
        case_type::LEDIGHEDSYDELSE => &[LEDIGHEDSYDELSE, LEDIGHEDSYDELSE_FERIE],
        case_type::RESSOURCEFORLOEBSYDELSE => &[RESSOURCEFORLOEB, RESSOURCEFORLOEB_JOBAFKLARING],
        case_type::REVALIDERINGSYDELSE => &[REVALIDERING, FORREVALIDERING],
        case_type::FLEKSLOENTILSKUD => &[FLEKSLOENTILSKUD],
        case_type::SAERLIG_STOETTE => &[SAERLIG_STOETTE],
        case_type::ENKELTYDELSER_OG_ANDRE_YDELSER => &[HJAELP_I_SAERLIGE_TILFAELDE, GODTGOERELSE],
        _ => &[],
    }
}

/// The pension types a case of a sagstype may have (ids into
/// [`PENSION_TYPES`]); empty where a pension type does not apply.
pub fn pension_types_of(sagstype: u16) -> &'static [u16] {
    match sagstype {
        case_type::FOLKEPENSION => &[pension_type::FOLKEPENSION],
        case_type::FOERTIDSPENSION => {
            &[pension_type::FOERTIDSPENSION_NY, pension_type::FOERTIDSPENSION_GAMMEL, pension_type::SENIORPENSION]
        }
        _ => &[],
    }
}

/// Administrative unit ids (position + 1 in [`UNITS`]).
pub mod unit {
    pub const PENSION_NORD: u16 = 1;
    pub const PENSION_SYD: u16 = 2;
    pub const HELBREDSTILLAEG: u16 = 3;
    pub const YDELSESTEAM_1: u16 = 4;
    pub const YDELSESTEAM_2: u16 = 5;
    pub const OEKONOMI: u16 = 6;
}
