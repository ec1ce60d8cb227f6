//! One submission from a citizens' self-service solution (seed 001): what it
//! is, the documents that come with it, the checks it must pass before
//! anything is written, and the names its documents get.

use crate::catalog;
use crate::codes;
use crate::model::DokumentFormat;
use serde::{Deserialize, Serialize};

/// The kind of self-service form (seed 001: "Anmodning om refusion",
/// "Specificeret overslag fra optiker/øjenlæge", "Ansøgning").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FormType {
    Ansoegning,
    AnmodningOmRefusion,
    SpecificeretOverslag,
}

impl FormType {
    pub const ALL: &'static [FormType] = &[FormType::Ansoegning, FormType::AnmodningOmRefusion, FormType::SpecificeretOverslag];

    pub fn label(self) -> &'static str {
        match self {
            FormType::Ansoegning => "Ansøgning",
            FormType::AnmodningOmRefusion => "Anmodning om refusion",
            FormType::SpecificeretOverslag => "Specificeret overslag",
        }
    }
}

/// What a document is within a submission. The `snake_case` names are also
/// the names of the multipart file parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DocumentRole {
    /// The form itself (Ansøgning, Anmodning, Specificeret overslag), PDF.
    Hoveddokument,
    /// The form's signature, XML.
    Blanketsignatur,
    /// The power of attorney when made on behalf of another person.
    Fuldmagt,
    /// Documentation (e.g. for the expense, or an overslag with an ansøgning).
    Dokumentation,
    /// Any other attachment (e.g. the optician's own).
    Bilag,
}

impl DocumentRole {
    pub const ALL: &'static [DocumentRole] = &[
        DocumentRole::Hoveddokument,
        DocumentRole::Blanketsignatur,
        DocumentRole::Fuldmagt,
        DocumentRole::Dokumentation,
        DocumentRole::Bilag,
    ];

    /// The multipart part name (= the serde name).
    pub fn part_name(self) -> &'static str {
        match self {
            DocumentRole::Hoveddokument => "hoveddokument",
            DocumentRole::Blanketsignatur => "blanketsignatur",
            DocumentRole::Fuldmagt => "fuldmagt",
            DocumentRole::Dokumentation => "dokumentation",
            DocumentRole::Bilag => "bilag",
        }
    }

    /// The role of a multipart part name, `None` for any other part.
    pub fn from_part_name(name: &str) -> Option<DocumentRole> {
        DocumentRole::ALL.iter().copied().find(|r| r.part_name() == name)
    }

    pub fn label(self) -> &'static str {
        match self {
            DocumentRole::Hoveddokument => "Hoveddokument",
            DocumentRole::Blanketsignatur => "Blanketsignatur",
            DocumentRole::Fuldmagt => "Fuldmagt",
            DocumentRole::Dokumentation => "Dokumentation",
            DocumentRole::Bilag => "Bilag",
        }
    }
}

/// The JSON part `indsendelse` of `POST /api/intake/selvbetjening`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmissionMeta {
    /// The sender's message id: the same id again gets the same answer.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::intake::submission::besked_id_schema))]
    pub besked_id: String,
    pub formular: FormType,
    /// The borger's CPR number (`ddmmyy-xxxx` or ten digits).
    #[cfg_attr(feature = "openapi", schema(example = "010203-1234"))]
    pub cpr: String,
    /// Case type id the submission concerns (e.g. Udvidet helbredstillæg).
    pub sagstype: u16,
    /// Made on behalf of another person (a Fuldmagt comes with it).
    #[serde(default)]
    pub paa_vegne_af: bool,
}

/// One received document as the checks see it (after [`super::sniff`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IncomingDocument {
    pub rolle: DocumentRole,
    /// The part's file name as sent.
    pub filnavn: String,
    pub format: DokumentFormat,
}

/// A refused submission: an API code of [`crate::codes`] and a Danish
/// message; nothing is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub message: String,
}

impl Refusal {
    fn submission(message: impl Into<String>) -> Refusal {
        Refusal { code: codes::INVALID_SUBMISSION, message: message.into() }
    }
}

/// Longest message id.
pub const MAX_BESKED_ID_CHARS: usize = 100;

/// A message id in the API's document: what [`check_besked_id`] takes.
#[cfg(feature = "openapi")]
pub fn besked_id_schema() -> utoipa::openapi::schema::Object {
    crate::limits::schema::one_line(MAX_BESKED_ID_CHARS)
}
/// Most documents in one submission.
pub const MAX_DOCUMENTS: usize = 20;

/// Checks a message id: 1 to [`MAX_BESKED_ID_CHARS`] characters, none a
/// control character, not only spaces. Shared by every intake endpoint.
pub fn check_besked_id(besked_id: &str) -> Result<(), Refusal> {
    if besked_id.trim().is_empty() {
        return Err(Refusal::submission("besked_id skal udfyldes."));
    }
    if besked_id.chars().count() > MAX_BESKED_ID_CHARS {
        return Err(Refusal::submission("besked_id må højst være 100 tegn."));
    }
    if besked_id.chars().any(char::is_control) {
        return Err(Refusal::submission("besked_id må kun indeholde synlige tegn."));
    }
    Ok(())
}

/// Whether a submission may be received, before anything is written. In
/// this order, the first broken rule refuses it ([`codes::INVALID_SUBMISSION`]):
///
/// 1. the message id ([`check_besked_id`]);
/// 2. the CPR number is a valid CPR number (whether a borger has it is the
///    server's check, [`codes::UNKNOWN_BORGER`]);
/// 3. the sagstype is in the catalogue;
/// 4. exactly one hoveddokument (seed 001: each form is one PDF/XML);
/// 5. a Fuldmagt if and only if made on behalf of another person (seed 001,
///    "Ved anmodning om refusion på vegne af en anden", "Hvis der ansøges på
///    vegne af en anden");
/// 6. at most [`MAX_DOCUMENTS`] documents.
pub fn check_submission(meta: &SubmissionMeta, docs: &[IncomingDocument]) -> Result<(), Refusal> {
    check_besked_id(&meta.besked_id)?;
    if let Err(e) = crate::Cpr::parse(&meta.cpr) {
        return Err(Refusal::submission(format!("CPR-nummeret er ugyldigt: {}", e.0)));
    }
    if catalog::name_of(catalog::CASE_TYPES, meta.sagstype).is_none() {
        return Err(Refusal::submission(format!("Sagstypen {} findes ikke.", meta.sagstype)));
    }
    let count = |role| docs.iter().filter(|d| d.rolle == role).count();
    match count(DocumentRole::Hoveddokument) {
        0 => return Err(Refusal::submission("Indsendelsen mangler sit hoveddokument.")),
        1 => {}
        n => return Err(Refusal::submission(format!("Indsendelsen har {n} hoveddokumenter; der må kun være ét."))),
    }
    let fuldmagter = count(DocumentRole::Fuldmagt);
    if meta.paa_vegne_af && fuldmagter == 0 {
        return Err(Refusal::submission("En indsendelse på vegne af en anden skal have en fuldmagt med."));
    }
    if !meta.paa_vegne_af && fuldmagter > 0 {
        return Err(Refusal::submission("Der er en fuldmagt med, men indsendelsen er ikke markeret som på vegne af en anden."));
    }
    if docs.len() > MAX_DOCUMENTS {
        return Err(Refusal::submission(format!("Indsendelsen har {} dokumenter; der må højst være 20.", docs.len())));
    }
    Ok(())
}

/// The name a received document gets while it is post (before it is on a
/// case): the seed's name for the document (seed 001, "Følgende dokumenter
/// kommer ind via selvbetjeningsløsningen"), " (selvbetjening)", and the
/// extension of the format the content was detected as
/// ([`DokumentFormat::extension`]) — never the sender's file name, which
/// may claim another format than the bytes are.
/// The form type of the name ([`crate::casework::documents::form_type`]) is
/// what "Formular dokumentkategori mapning" maps:
///
/// | form \ role      | hoveddokument          | blanketsignatur              | dokumentation                              | fuldmagt / bilag |
/// |------------------|------------------------|------------------------------|--------------------------------------------|------------------|
/// | ansøgning        | Ansøgning              | Ansøgning blanketsignatur    | Dokumentation                              | Fuldmagt / Bilag |
/// | refusion         | Anmodning om refusion  | Anmodning blanketsignatur    | Anmodning – dokumentation for udgiften     | Fuldmagt / Bilag |
/// | overslag         | Specificeret overslag  | Blanketsignatur              | Dokumentation                              | Fuldmagt / Bilag |
///
/// So an application and an overslag get their mapped name and category on
/// a case, a refund request deliberately none (seed 001: "vil ikke
/// automatisk få tildelt en dokumentkategori"), a Fuldmagt the category
/// Fuldmagt.
pub fn document_name(form: FormType, role: DocumentRole, format: DokumentFormat) -> String {
    let stem = match (role, form) {
        (DocumentRole::Hoveddokument, FormType::Ansoegning) => "Ansøgning",
        (DocumentRole::Hoveddokument, FormType::AnmodningOmRefusion) => "Anmodning om refusion",
        (DocumentRole::Hoveddokument, FormType::SpecificeretOverslag) => "Specificeret overslag",
        (DocumentRole::Blanketsignatur, FormType::Ansoegning) => "Ansøgning blanketsignatur",
        (DocumentRole::Blanketsignatur, FormType::AnmodningOmRefusion) => "Anmodning blanketsignatur",
        (DocumentRole::Blanketsignatur, FormType::SpecificeretOverslag) => "Blanketsignatur",
        (DocumentRole::Dokumentation, FormType::AnmodningOmRefusion) => "Anmodning – dokumentation for udgiften",
        (DocumentRole::Dokumentation, _) => "Dokumentation",
        (DocumentRole::Fuldmagt, _) => "Fuldmagt",
        (DocumentRole::Bilag, _) => "Bilag",
    };
    format!("{stem} (selvbetjening).{}", format.extension())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casework::documents::form_mapping;
    use crate::catalog::doc_category;

    fn meta(paa_vegne_af: bool) -> SubmissionMeta {
        SubmissionMeta { besked_id: "sb-1".into(), formular: FormType::Ansoegning, cpr: "010203-1234".into(), sagstype: 4, paa_vegne_af }
    }
    fn doc(rolle: DocumentRole) -> IncomingDocument {
        IncomingDocument { rolle, filnavn: "x.pdf".into(), format: DokumentFormat::Pdf }
    }
    fn refused(m: &SubmissionMeta, docs: &[IncomingDocument]) -> String {
        let r = check_submission(m, docs).unwrap_err();
        assert_eq!(r.code, codes::INVALID_SUBMISSION);
        r.message
    }

    #[test]
    fn submission_rules() {
        use DocumentRole::*;
        let ok = [doc(Hoveddokument), doc(Blanketsignatur)];
        assert_eq!(check_submission(&meta(false), &ok), Ok(()));
        assert_eq!(check_submission(&meta(true), &[doc(Hoveddokument), doc(Fuldmagt)]), Ok(()));
        let mut m = meta(false);
        m.besked_id = "  ".into();
        assert_eq!(refused(&m, &ok), "besked_id skal udfyldes.");
        m.besked_id = "x".repeat(100);
        assert_eq!(check_submission(&m, &ok), Ok(()));
        m.besked_id = "x".repeat(101);
        assert_eq!(refused(&m, &ok), "besked_id må højst være 100 tegn.");
        m.besked_id = "a\nb".into();
        assert_eq!(refused(&m, &ok), "besked_id må kun indeholde synlige tegn.");
        let mut m = meta(false);
        m.cpr = "12345".into();
        assert!(refused(&m, &ok).starts_with("CPR-nummeret er ugyldigt: "));
        let mut m = meta(false);
        m.sagstype = 0;
        assert_eq!(refused(&m, &ok), "Sagstypen 0 findes ikke.");
        m.sagstype = catalog::CASE_TYPES.len() as u16 + 1;
        assert!(refused(&m, &ok).contains("findes ikke"));
        assert_eq!(refused(&meta(false), &[doc(Blanketsignatur)]), "Indsendelsen mangler sit hoveddokument.");
        assert_eq!(
            refused(&meta(false), &[doc(Hoveddokument), doc(Hoveddokument)]),
            "Indsendelsen har 2 hoveddokumenter; der må kun være ét."
        );
        assert_eq!(refused(&meta(true), &ok), "En indsendelse på vegne af en anden skal have en fuldmagt med.");
        assert!(refused(&meta(false), &[doc(Hoveddokument), doc(Fuldmagt)]).contains("ikke markeret som på vegne af en anden"));
        let mut many = vec![doc(Hoveddokument)];
        many.extend((0..19).map(|_| doc(Bilag)));
        assert_eq!(check_submission(&meta(false), &many), Ok(()));
        many.push(doc(Bilag));
        assert_eq!(refused(&meta(false), &many), "Indsendelsen har 21 dokumenter; der må højst være 20.");
    }

    #[test]
    fn document_names_keep_the_form_mapping_working() {
        use DocumentRole::*;
        use DokumentFormat::*;
        use FormType::*;
        let cases: &[(FormType, DocumentRole, DokumentFormat, &str, Option<u16>)] = &[
            (Ansoegning, Hoveddokument, Pdf, "Ansøgning (selvbetjening).pdf", Some(doc_category::ANSOEGNING)),
            (Ansoegning, Blanketsignatur, Xml, "Ansøgning blanketsignatur (selvbetjening).xml", None),
            (Ansoegning, Fuldmagt, Png, "Fuldmagt (selvbetjening).png", Some(doc_category::FULDMAGT)),
            (Ansoegning, Dokumentation, Tiff, "Dokumentation (selvbetjening).tif", None),
            (AnmodningOmRefusion, Hoveddokument, Pdf, "Anmodning om refusion (selvbetjening).pdf", None),
            (AnmodningOmRefusion, Blanketsignatur, Xml, "Anmodning blanketsignatur (selvbetjening).xml", None),
            (AnmodningOmRefusion, Dokumentation, Jpeg, "Anmodning – dokumentation for udgiften (selvbetjening).jpg", None),
            (
                SpecificeretOverslag,
                Hoveddokument,
                Pdf,
                "Specificeret overslag (selvbetjening).pdf",
                Some(doc_category::SPECIFICERET_OVERSLAG),
            ),
            (SpecificeretOverslag, Blanketsignatur, Xml, "Blanketsignatur (selvbetjening).xml", None),
            (SpecificeretOverslag, Bilag, Docx, "Bilag (selvbetjening).docx", None),
        ];
        for &(form, role, format, want, kategori) in cases {
            let navn = document_name(form, role, format);
            assert_eq!(navn, want, "{form:?} {role:?} {format:?}");
            assert_eq!(form_mapping(&navn).map(|m| m.kategori), kategori, "{navn}");
        }
    }

    #[test]
    fn part_names_are_the_serde_names() {
        for &r in DocumentRole::ALL {
            assert_eq!(serde_json::to_string(&r).unwrap(), format!("\"{}\"", r.part_name()));
            assert_eq!(DocumentRole::from_part_name(r.part_name()), Some(r));
        }
        assert_eq!(DocumentRole::from_part_name("indsendelse"), None);
    }
}
