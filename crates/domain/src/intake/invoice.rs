//! An eFaktura with its embedded attachments (seed 002 §3.1, §4) and the
//! events message: the checks before anything is written, and what the
//! invoice becomes. Each attachment is judged by [`super::sniff`]; one that
//! fails never blocks the invoice, only the invoice document itself must be
//! valid.

use super::submission::{check_besked_id, Refusal};
use crate::catalog::{task_type, unit};
use crate::codes;
use crate::model::DokumentFormat;
use crate::wire::intake::{EventsRequest, FailedAttachment, InvoiceMeta, Ordning};

/// Most attachments on one invoice.
pub const MAX_ATTACHMENTS: usize = 50;
/// Most events in one message.
pub const MAX_EVENTS: usize = 1000;
/// Longest municipality name in a financing-municipality event.
pub const MAX_MUNICIPALITY_CHARS: usize = 100;
/// Longest invoice number or supplier name.
pub const MAX_INVOICE_TEXT_CHARS: usize = 200;

fn refused(message: impl Into<String>) -> Refusal {
    Refusal { code: codes::INVALID_SUBMISSION, message: message.into() }
}

fn check_cpr(cpr: &str) -> Result<(), Refusal> {
    crate::Cpr::parse(cpr).map(|_| ()).map_err(|e| refused(format!("CPR-nummeret er ugyldigt: {}", e.0)))
}

/// Whether an eFaktura may be received ([`codes::INVALID_SUBMISSION`]), in
/// this order: the message id ([`check_besked_id`]); a valid CPR number;
/// fakturanummer and leverandør 1–200 characters, none a control character
/// (TAB, line breaks …; as [`check_besked_id`]); the amount not negative;
/// at most [`MAX_ATTACHMENTS`] attachments (`attachments`: valid and failed).
pub fn check_invoice(meta: &InvoiceMeta, attachments: usize) -> Result<(), Refusal> {
    check_besked_id(&meta.besked_id)?;
    check_cpr(&meta.cpr)?;
    for (value, what) in [(&meta.fakturanummer, "Fakturanummeret"), (&meta.leverandoer, "Leverandøren")] {
        let n = value.trim().chars().count();
        if n == 0 || n > MAX_INVOICE_TEXT_CHARS {
            return Err(refused(format!("{what} skal være 1–200 tegn.")));
        }
        if value.chars().any(char::is_control) {
            return Err(refused(format!("{what} må kun indeholde synlige tegn.")));
        }
    }
    if meta.beloeb_oere < 0 {
        return Err(refused("Beløbet må ikke være negativt."));
    }
    if attachments > MAX_ATTACHMENTS {
        return Err(refused(format!("En eFaktura kan højst have {MAX_ATTACHMENTS} bilag; denne har {attachments}.")));
    }
    Ok(())
}

/// Whether an events message may be received: the message id, 1 to
/// [`MAX_EVENTS`] events, each with a valid CPR number (whether a borger has
/// it is the server's check, [`codes::UNKNOWN_BORGER`]) and, for a change of
/// financing municipality, `gammel` and `ny` of 1 to
/// [`MAX_MUNICIPALITY_CHARS`] visible characters. A refusal names the
/// event ("Hændelse 2: …").
pub fn check_events(req: &EventsRequest) -> Result<(), Refusal> {
    check_besked_id(&req.besked_id)?;
    if req.haendelser.is_empty() || req.haendelser.len() > MAX_EVENTS {
        return Err(refused(format!("En besked skal have mellem 1 og {MAX_EVENTS} hændelser.")));
    }
    for (i, e) in req.haendelser.iter().enumerate() {
        let named = |r: Refusal| refused(format!("Hændelse {}: {}", i + 1, r.message));
        check_cpr(e.cpr()).map_err(named)?;
        if let crate::intake::Event::Finansieringskommune { gammel, ny, .. } = e {
            for (value, what) in [(gammel, "gammel"), (ny, "ny")] {
                check_municipality(value, what).map_err(named)?;
            }
        }
    }
    Ok(())
}

fn check_municipality(value: &str, what: &str) -> Result<(), Refusal> {
    let n = value.trim().chars().count();
    if n == 0 || n > MAX_MUNICIPALITY_CHARS || value.chars().any(char::is_control) {
        return Err(refused(format!("Kommunen i »{what}« skal være 1–{MAX_MUNICIPALITY_CHARS} synlige tegn.")));
    }
    Ok(())
}

impl Ordning {
    /// The task an invoice of this scheme becomes: Behandl eFaktura - EYAY
    /// or - APØ.
    pub fn task_type(self) -> u16 {
        match self {
            Ordning::Eyay => task_type::BEHANDL_EFAKTURA_EYAY,
            Ordning::Apoe => task_type::BEHANDL_EFAKTURA_APOE,
        }
    }

    /// The unit that processes invoices: Økonomi og opkrævning.
    pub fn unit(self) -> u16 {
        unit::OEKONOMI
    }
}

/// The name of the invoice document: "eFaktura {nummer} fra {leverandør}.{ext}".
pub fn invoice_document_name(meta: &InvoiceMeta, format: DokumentFormat) -> String {
    format!("eFaktura {} fra {}.{}", meta.fakturanummer.trim(), meta.leverandoer.trim(), format.extension())
}

/// ATTACHED_DOCUMENTS_FAILED (seed 002 §4): `Y` when at least one
/// attachment could not be stored, else `N` (no attachments, or all stored).
pub fn attached_documents_failed(failed: &[FailedAttachment]) -> &'static str {
    if failed.is_empty() {
        "N"
    } else {
        "Y"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::{AttachmentFault, Event};

    fn meta() -> InvoiceMeta {
        InvoiceMeta {
            besked_id: "ef-1".into(),
            cpr: "010203-1234".into(),
            fakturanummer: "F-77".into(),
            leverandoer: "Optiker Hansen".into(),
            beloeb_oere: 45_000,
            ordning: Ordning::Eyay,
        }
    }
    fn msg(r: Result<(), Refusal>) -> String {
        let r = r.unwrap_err();
        assert_eq!(r.code, codes::INVALID_SUBMISSION);
        r.message
    }

    #[test]
    fn invoice_rules() {
        assert_eq!(check_invoice(&meta(), 50), Ok(()));
        assert_eq!(msg(check_invoice(&meta(), 51)), "En eFaktura kan højst have 50 bilag; denne har 51.");
        let mut m = meta();
        m.beloeb_oere = 0;
        assert_eq!(check_invoice(&m, 0), Ok(()));
        m.beloeb_oere = -1;
        assert_eq!(msg(check_invoice(&m, 0)), "Beløbet må ikke være negativt.");
        let mut m = meta();
        m.leverandoer = " ".into();
        assert_eq!(msg(check_invoice(&m, 0)), "Leverandøren skal være 1–200 tegn.");
        m.leverandoer = "x".repeat(201);
        assert_eq!(msg(check_invoice(&m, 0)), "Leverandøren skal være 1–200 tegn.");
        let mut m = meta();
        m.fakturanummer = String::new();
        assert_eq!(msg(check_invoice(&m, 0)), "Fakturanummeret skal være 1–200 tegn.");
        m.fakturanummer = "F\t=1".into();
        assert_eq!(msg(check_invoice(&m, 0)), "Fakturanummeret må kun indeholde synlige tegn.");
        let mut m = meta();
        m.leverandoer = "Optik\r\nA/S".into();
        assert_eq!(msg(check_invoice(&m, 0)), "Leverandøren må kun indeholde synlige tegn.");
        m.leverandoer = "-Optik; +@A/S".into();
        assert_eq!(check_invoice(&m, 0), Ok(()), "visible characters are fine; the export neutralises them");
        let mut m = meta();
        m.cpr = "320101-1234".into();
        assert!(msg(check_invoice(&m, 0)).starts_with("CPR-nummeret er ugyldigt"));
        let mut m = meta();
        m.besked_id = String::new();
        assert_eq!(msg(check_invoice(&m, 0)), "besked_id skal udfyldes.");
        assert_eq!(Ordning::Eyay.task_type(), task_type::BEHANDL_EFAKTURA_EYAY);
        assert_eq!(Ordning::Apoe.task_type(), task_type::BEHANDL_EFAKTURA_APOE);
        assert_eq!(invoice_document_name(&meta(), DokumentFormat::Xml), "eFaktura F-77 fra Optiker Hansen.xml");
        assert_eq!(attached_documents_failed(&[]), "N");
        assert_eq!(attached_documents_failed(&[FailedAttachment { filnavn: "a".into(), fejl: AttachmentFault::Tom }]), "Y");
    }

    #[test]
    fn events_rules() {
        let formue = |cpr: &str| Event::Formue {
            cpr: cpr.into(),
            beloeb_oere: 1,
            gyldig_fra: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        };
        let req = |haendelser| EventsRequest { besked_id: "h-1".into(), haendelser };
        assert_eq!(check_events(&req(vec![formue("010203-1234")])), Ok(()));
        assert_eq!(msg(check_events(&req(vec![]))), "En besked skal have mellem 1 og 1000 hændelser.");
        assert_eq!(check_events(&req(vec![formue("0102031234"); 1000])), Ok(()));
        assert!(check_events(&req(vec![formue("0102031234"); 1001])).is_err());
        assert!(msg(check_events(&req(vec![formue("010203-1234"), formue("x")]))).starts_with("Hændelse 2: CPR-nummeret er ugyldigt"));
        let maf = |gammel: &str, ny: &str| Event::Finansieringskommune { cpr: "0102031234".into(), gammel: gammel.into(), ny: ny.into() };
        assert_eq!(check_events(&req(vec![maf("Aarhus Kommune", &"x".repeat(100))])), Ok(()));
        for (gammel, ny, what) in
            [(" ", "Demo Kommune", "gammel"), ("Aarhus", "", "ny"), ("Aarhus", &"x".repeat(101), "ny"), ("Aar\nhus", "Demo", "gammel")]
        {
            assert_eq!(
                msg(check_events(&req(vec![formue("0102031234"), maf(gammel, ny)]))),
                format!("Hændelse 2: Kommunen i »{what}« skal være 1–100 synlige tegn.")
            );
        }
    }
}
