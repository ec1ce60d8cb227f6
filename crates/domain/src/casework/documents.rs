//! Documents in casework: "Formular dokumentkategori mapning" (the name and
//! category a document gets on a case), the caseworker's own rename, the
//! power of attorney, and the upload check for manual Modtag post.

use crate::catalog::doc_category;
use crate::model::{Dokument, DokumentFormat};
use serde::{Deserialize, Serialize};

/// One row of "Formular dokumentkategori mapning": a form type (the
/// document's name without extension and without " (selvbetjening)") gives
/// the name and category a document gets when attached to a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormMapping {
    pub formular: &'static str,
    pub navn: &'static str,
    pub kategori: u16,
}

/// The mapping. "Anmodning om refusion" is deliberately absent: it gets no
/// category unless the caseworker gives one (`docs/domain.md`, "Document
/// names and categories").
pub const FORM_MAPPINGS: &[FormMapping] = &[
    FormMapping { formular: "ansøgning", navn: "Ansøgning", kategori: doc_category::ANSOEGNING },
    FormMapping { formular: "ansøgning om helbredstillæg", navn: "Ansøgning om helbredstillæg", kategori: doc_category::ANSOEGNING },
    FormMapping { formular: "fuldmagt", navn: "Fuldmagt", kategori: doc_category::FULDMAGT },
    FormMapping {
        formular: "specificeret overslag",
        navn: "Specificeret overslag fra optiker",
        kategori: doc_category::SPECIFICERET_OVERSLAG,
    },
    FormMapping { formular: "partshøringssvar", navn: "Partshøringssvar", kategori: doc_category::PARTSHOERINGSSVAR },
    FormMapping { formular: "lægeerklæring", navn: "Lægeerklæring", kategori: doc_category::LAEGEERKLAERING },
];

/// The form type of a document name: lower case, without extension and
/// without a " (selvbetjening)" suffix.
pub fn form_type(navn: &str) -> String {
    let stem = match navn.rsplit_once('.') {
        Some((stem, ext)) if !ext.is_empty() && ext.len() <= 4 && !ext.contains(' ') => stem,
        _ => navn,
    };
    let stem = stem.trim();
    let stem = stem.strip_suffix("(selvbetjening)").unwrap_or(stem).trim();
    stem.to_lowercase()
}

/// The mapping for a document name, if its form type has one.
pub fn form_mapping(navn: &str) -> Option<&'static FormMapping> {
    let key = form_type(navn);
    FORM_MAPPINGS.iter().find(|m| m.formular == key)
}

/// Name and category a document gets when attached to a case: the
/// caseworker's own choice first, then the mapping; without either it keeps
/// its name and no category.
/// This uses the built-in mapping; with the system parameter valid that day
/// use [`crate::intake::SystemParameters::document_on_case`].
pub fn document_on_case(doc: &Dokument, edit: Option<&DocumentEdit>) -> (String, Option<u16>) {
    name_and_category(doc, edit, form_mapping(&doc.navn).map(|m| (m.navn, m.kategori)))
}

/// The caseworker's choice first, then `mapped` (name, category), then the
/// document's own name and no category.
pub(crate) fn name_and_category(doc: &Dokument, edit: Option<&DocumentEdit>, mapped: Option<(&str, u16)>) -> (String, Option<u16>) {
    let navn = edit
        .and_then(|e| e.navn.as_deref())
        .map(|n| n.trim().to_owned())
        .or_else(|| mapped.map(|(n, _)| n.to_owned()))
        .unwrap_or_else(|| doc.navn.clone());
    let kategori = edit.and_then(|e| e.kategori).or(mapped.map(|(_, k)| k));
    (navn, kategori)
}

/// Is this document a power of attorney that must be verified?
pub fn is_power_of_attorney(doc: &Dokument) -> bool {
    doc.kategori == Some(doc_category::FULDMAGT) || form_type(&doc.navn) == "fuldmagt"
}

// ------------------------------------------------------------ uploads

/// Largest document accepted by manual Modtag post (the same as intake's).
pub const MAX_UPLOAD_BYTES: usize = crate::intake::formats::MAX_INTAKE_BYTES;

/// The formats manual Modtag post accepts, for the hint beside the picker.
pub const UPLOAD_FORMATS: &str = "PDF, Word (DOCX), JPEG, PNG, TIFF eller XML";

/// Checks an uploaded document (manual Modtag post) by its content alone,
/// with the same rule as intake ([`crate::intake::sniff`]: PDF, JPEG, PNG,
/// TIFF, DOCX or XML, never HTML or SVG; seed 001: documentation "format
/// kan variere"), at most [`MAX_UPLOAD_BYTES`], and a name of 1 to 200
/// characters. Returns its format or a Danish message naming the document.
pub fn check_upload(navn: &str, bytes: &[u8]) -> Result<DokumentFormat, String> {
    let shown = navn.trim();
    if shown.is_empty() {
        return Err("Hvert dokument skal have et navn.".into());
    }
    if shown.chars().count() > 200 {
        return Err("Dokumentets navn må højst være 200 tegn.".into());
    }
    crate::intake::sniff(bytes).map_err(|fault| upload_fault(shown, fault))
}

/// What is wrong with the uploaded document `navn`, in the user's words.
pub fn upload_fault(navn: &str, fault: crate::intake::AttachmentFault) -> String {
    use crate::intake::AttachmentFault as F;
    let shown = navn.trim();
    match fault {
        F::Tom => format!("Dokumentet »{shown}« er tomt."),
        F::ForStor => format!("Dokumentet »{shown}« er større end 10 MB. Del det op, eller send det som PDF i lavere opløsning."),
        F::UkendtFormat => format!("Dokumentet »{shown}« har et format, der ikke kan modtages. Send det som {UPLOAD_FORMATS}."),
        F::Beskadiget => format!("Dokumentet »{shown}« er beskadiget eller ufuldstændigt. Hent det igen, og prøv på ny."),
    }
}

/// A caseworker's rename / categorisation of one document (for documents
/// that the form mapping does not cover).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentEdit {
    pub dokument_id: i64,
    #[serde(default)]
    pub navn: Option<String>,
    /// Document category id.
    #[serde(default)]
    pub kategori: Option<u16>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn form_mapping_table() {
        let cases: &[(&str, Option<(&str, u16)>)] = &[
            ("Ansøgning (selvbetjening).xml", Some(("Ansøgning", doc_category::ANSOEGNING))),
            ("Ansøgning.pdf", Some(("Ansøgning", doc_category::ANSOEGNING))),
            ("Fuldmagt.pdf", Some(("Fuldmagt", doc_category::FULDMAGT))),
            ("Specificeret overslag (selvbetjening).xml", Some(("Specificeret overslag fra optiker", doc_category::SPECIFICERET_OVERSLAG))),
            ("Anmodning om refusion (selvbetjening).xml", None),
            ("Brev fra borger.pdf", None),
        ];
        for &(navn, want) in cases {
            assert_eq!(form_mapping(navn).map(|m| (m.navn, m.kategori)), want, "{navn}");
        }
        let doc = Dokument {
            id: 1,
            navn: "Brev fra borger.pdf".into(),
            format: DokumentFormat::Pdf,
            kategori: None,
            modtaget: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        };
        assert_eq!(document_on_case(&doc, None), ("Brev fra borger.pdf".into(), None));
        let edit = DocumentEdit { dokument_id: 1, navn: Some("Regning fra tandlæge".into()), kategori: Some(doc_category::FAKTURA) };
        assert_eq!(document_on_case(&doc, Some(&edit)), ("Regning fra tandlæge".into(), Some(doc_category::FAKTURA)));
    }

    #[test]
    fn upload_checks() {
        assert_eq!(check_upload("a.pdf", b"%PDF-1.7\n...\n%%EOF\n"), Ok(DokumentFormat::Pdf));
        // By content, not by name; the seeds' formats "kan variere".
        assert_eq!(check_upload("scan", b"\xFF\xD8\xFF\xE0..\xFF\xD9"), Ok(DokumentFormat::Jpeg));
        assert!(check_upload("a.pdf", b"%PDF-1.7\n").unwrap_err().contains("beskadiget"));
        assert!(check_upload("a.xml", b"<!DOCTYPE html><html></html>").unwrap_err().contains("format, der ikke kan modtages"));
        assert!(check_upload("a.xml", b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>").is_err());
        assert_eq!(check_upload("a.xml", b"<?xml version=\"1.0\"?><a/>"), Ok(DokumentFormat::Xml));
        assert_eq!(check_upload("a.xml", b"\xEF\xBB\xBF\n  <a/>"), Ok(DokumentFormat::Xml));
        assert!(check_upload("a.exe", b"MZ\x90\x00").unwrap_err().contains("PDF, Word (DOCX), JPEG, PNG, TIFF eller XML"));
        assert!(check_upload("", b"%PDF-").is_err());
        assert!(check_upload("a.pdf", b"").is_err());
        let big = vec![b' '; MAX_UPLOAD_BYTES + 1];
        assert!(check_upload("stor.pdf", &big).unwrap_err().contains("10 MB"));
    }
}
