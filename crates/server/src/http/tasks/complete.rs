//! Finishing a task's wizard: `POST /api/tasks/{id}/complete`.
//!
//! [`complete`] is the frame every wizard shares: it loads the task, checks
//! that the caller has it, that the request fits the task's wizard and that
//! the chosen case may be chosen; then one function per wizard variant
//! checks the variant's own values and writes its effects, returning an
//! [`Outcome`]; the frame closes the task, writes the history, the decision
//! record and the audit entry, commits, and patches the snapshot.
//!
//! Everything happens inside one `BEGIN IMMEDIATE` transaction; a refusal is
//! a 4xx with a Danish message and nothing changed. Every rule is the
//! domain's (`domain::casework::complete`): the frame reads the task, its
//! documents, the chosen case and the target task, and asks
//! `CompleteRequest::check_values`, `check_wizard`, `check_case`,
//! `check_variant` and `check_target_task` in that order (the order of
//! refusals the API has always had), the same
//! rules the wizard's steps run in the browser. The variant functions only
//! write.

use super::{closed, may_finish, reach, taken_by, visible, UNKNOWN_TASK};
use crate::clock::today;
use crate::http::auth::AuthUser;
use crate::http::Path;
use crate::http::{ApiContext, Error, Json, Result};
use crate::snapshot_cache::Change;
use crate::store::cases::NewCase;
use crate::store::{Conn, NewTask};
use axum::extract::State;
use chrono::NaiveDate;
use domain::casework::complete::{
    BenefitLine, CompleteContext, CompleteRequest, FakturaAfgoerelse, Frekvens, ModtagPostHandling, Sagsoplysninger, Wizard,
};
use domain::casework::documents::DocumentEdit;
use domain::casework::rules::Refusal;
use domain::casework::wizards::kroner;
use domain::catalog::{self, case_type, task_type};
use domain::codes;
use domain::danish_time::date_label;
use domain::intake::routing::{self, Route};
use domain::model::{Dokument, Kilde, Opgave, OpgaveStatus, Sag, SagStatus};
use domain::wire::audit::AuditAction;
use domain::wire::tasks::{CompleteResult, DecisionRecord};
use domain::wire::ApiError;

/// What a wizard variant did, for the frame to record and answer.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Each choice as a Danish sentence, in wizard order.
    pub valg: Vec<String>,
    /// Rows the variant changed besides the task itself (for the snapshot).
    pub change: Change,
    /// A task the variant created.
    pub ny_opgave_id: Option<i64>,
    /// A case the variant created.
    pub ny_sag_id: Option<i64>,
    /// The user who verified the power of attorney, if there was one.
    pub fuldmagt_verificeret_af: Option<i64>,
}

/// Finishes the task's wizard with its decisions. The user must have taken
/// the task, and it must be in one of their packages or started by them
/// with the right to start it. Every rule is checked here again; all effects, the decision
/// record, the history and the audit entry are one transaction.
#[utoipa::path(post, path = "/api/tasks/{id}/complete", tag = "opgaver", request_body = CompleteRequest,
    params(("id" = i64, Path, description = "Opgavens id")), responses(
    (status = 200, body = CompleteResult),
    (status = 400, description = "En regel er ikke opfyldt (fx `sag_ikke_tilladt`, `fuldmagt_ikke_verificeret`); intet er ændret", body = ApiError),
    (status = 401, body = ApiError),
    (status = 403, description = "`ingen_adgang` / `mangler_rettighed`: opgaven er ikke i brugerens pakker, og brugeren har ikke startet den med rettighed", body = ApiError),
    (status = 404, description = "Opgaven findes ikke, eller brugeren har ikke adgang til den", body = ApiError),
    (status = 409, description = "`ikke_taget`, `optaget` eller `afsluttet`", body = ApiError),
))]
pub async fn complete(
    user: AuthUser,
    State(ctx): State<ApiContext>,
    Path(id): Path<i64>,
    Json(req): Json<CompleteRequest>,
) -> Result<Json<CompleteResult>> {
    req.check_values().map_err(refused)?;
    // Who may finish it, before anything is said about who has it.
    let access = visible(&ctx, &user, id).await?;
    if access.task.status == OpgaveStatus::Afsluttet {
        return Err(closed());
    }
    may_finish(&ctx, &user, &access).await?;
    // The processes of issue 12 each need their own right, whoever's
    // package the task is in.
    if let Some(p) = req.permission() {
        user.require(p)?;
    }
    // "Tilføj til igangværende opgave" only onto a task the user may see;
    // one they may not is as unknown as one that does not exist.
    let target_visible = match &req {
        CompleteRequest::ModtagPost { handling: ModtagPostHandling::TilfoejTilOpgave { opgave_id }, .. } => {
            reach(&ctx, &user, *opgave_id).await?.is_some()
        }
        _ => false,
    };
    let mut tx = ctx.store.write().await?;
    let task = tx.task(id).await?.ok_or(Error::NotFound(UNKNOWN_TASK))?;
    if task.status == OpgaveStatus::Afsluttet {
        return Err(closed());
    }
    match tx.task_holder(id).await? {
        Some((uid, _)) if uid == user.id => {}
        Some((_, name)) => return Err(taken_by(&name)),
        None => return Err(Error::Conflict { code: codes::NOT_TAKEN, message: "Tag opgaven, før du afslutter den.".into() }),
    }
    let docs = tx.documents_of_task(id).await?;
    let mut rules = CompleteContext::for_task(&task, &docs, today());
    match rules.wizard {
        Wizard::OpretBevilling => {
            let automatisk = tx.system_parameters_at(today()).await?.automatisk;
            rules = rules.with_setup(automatisk, false);
        }
        Wizard::BehandlEfaktura => {
            let har_faktura = tx.invoice_documents_of_task(id).await?.is_some();
            rules = rules.with_setup(Vec::new(), har_faktura);
        }
        _ => {}
    }
    req.check_wizard(&rules).map_err(refused)?;
    let sag = match req.sag_id() {
        Some(sag_id) => tx.sag(sag_id).await?,
        None => None,
    };
    req.check_case(&rules, sag.as_ref()).map_err(refused)?;
    req.check_variant(&rules).map_err(refused)?;
    let target = match &req {
        CompleteRequest::ModtagPost { handling: ModtagPostHandling::TilfoejTilOpgave { opgave_id }, .. } if target_visible => {
            tx.task(*opgave_id).await?
        }
        _ => None,
    };
    req.check_target_task(&rules, target.as_ref()).map_err(refused)?;
    let f = Frame { tx: &mut tx, user: &user, task: &task, sag: sag.as_ref() };
    let outcome = match &req {
        CompleteRequest::ModtagPost { handling, dokumenter, .. } => {
            modtag_post(f, rules.kraever_fuldmagt, &docs, handling, target.as_ref(), dokumenter).await?
        }
        CompleteRequest::OpretTraek { beloeb_oere, startdato, frekvens, .. } => opret_traek(f, *beloeb_oere, *startdato, *frekvens).await?,
        CompleteRequest::StopSag { stopdato, aarsag, .. } => stop_sag(f, *stopdato, aarsag).await?,
        CompleteRequest::OpretOpfoelgningsopgave { opfoelgningstype, frist, note, .. } => {
            opret_opfoelgningsopgave(f, *opfoelgningstype, *frist, note).await?
        }
        CompleteRequest::OpretBevilling { sagsoplysninger, ydelser, automatisk, dokumenter } => {
            opret_bevilling(f, sagsoplysninger, ydelser, *automatisk, &docs, dokumenter).await?
        }
        CompleteRequest::TilfoejYdelse { ydelser, .. } => tilfoej_ydelse(f, ydelser).await?,
        CompleteRequest::BehandlEfaktura { afgoerelse, .. } => behandl_efaktura(f, afgoerelse).await?,
        CompleteRequest::Afslut { note } => afslut(note),
    };
    let Outcome { valg, mut change, ny_opgave_id, ny_sag_id, fuldmagt_verificeret_af } = outcome;
    tx.set_task_status(id, OpgaveStatus::Afsluttet).await?;
    tx.add_history(id, user.id, &format!("Afsluttet med »{}«: {}", req.label(), valg.join(" "))).await?;
    let tidspunkt = crate::clock::now_rfc3339();
    tx.insert_decision(id, user.id, &tidspunkt, &req, &valg, fuldmagt_verificeret_af).await?;
    let detaljer = match &req {
        CompleteRequest::ModtagPost { handling, .. } => format!("Modtag post: {}", handling.label()),
        other => other.label().to_owned(),
    };
    tx.record_audit(user.id, AuditAction::AfsluttetOpgave, task.borger_id, Some(id), &detaljer).await?;
    let historik = tx.history(id).await?;
    change.tasks.insert(0, id);
    change.note(&mut tx).await?;
    tx.commit().await?;
    tracing::info!(opgave = id, guide = req.label(), bruger = %user.brugernavn, "opgave afsluttet");
    ctx.snapshot.apply_committed(&ctx.store, change).await;
    Ok(Json(CompleteResult {
        opgave_id: id,
        ny_opgave_id,
        ny_sag_id,
        beslutning: DecisionRecord {
            tidspunkt,
            brugernavn: user.brugernavn.clone(),
            bruger_navn: user.navn.clone(),
            valg,
            fuldmagt_verificeret_af: fuldmagt_verificeret_af.map(|_| user.navn.clone()),
            anmodning: req,
        },
        historik,
    }))
}

/// What every variant works on: the open transaction, the caller, the task
/// and the case chosen (and checked) by the frame.
struct Frame<'a> {
    tx: &'a mut Conn,
    user: &'a AuthUser,
    task: &'a Opgave,
    sag: Option<&'a Sag>,
}

/// A broken rule as the API's 400.
fn refused(r: Refusal) -> Error {
    Error::bad_request(r.code, r.message)
}

/// The chosen case of a variant that must have one (the frame checked it).
fn required(sag: Option<&Sag>) -> Result<&Sag> {
    sag.ok_or_else(|| Error::Internal(anyhow::anyhow!("sagen mangler efter kontrol")))
}

/// Modtag post: record the verified Fuldmagt, then one handling of the
/// documents (new task, onto a case, new Henvendelsessag, onto the target
/// task, or none). The frame has checked every rule.
async fn modtag_post(
    f: Frame<'_>,
    fuldmagt: bool,
    docs: &[Dokument],
    handling: &ModtagPostHandling,
    target: Option<&Opgave>,
    edits: &[DocumentEdit],
) -> Result<Outcome> {
    let Frame { tx, user, task, sag } = f;
    let id = task.id;
    // Checked by `CompleteRequest::check`: a handling other than "Ingen
    // handling" has a borger.
    let borger_id = match handling {
        ModtagPostHandling::IngenHandling => None,
        _ => task.borger_id,
    };
    let mut out = Outcome::default();
    if fuldmagt {
        out.fuldmagt_verificeret_af = Some(user.id);
        out.valg.push(format!("Fuldmagten er verificeret af {}.", user.navn));
    }
    out.valg.push(format!("Handling: {}.", handling.label()));
    let listed = document_list(docs);
    match (handling, borger_id) {
        (ModtagPostHandling::OpretOpgave { opgavetype }, Some(borger_id)) => {
            let type_name = catalog::task_type_name(*opgavetype).unwrap_or("opgave");
            apply_edits(tx, edits).await?;
            let new_task = NewTask {
                opgavetype: *opgavetype,
                opfoelgningstype: None,
                kilde: task.kilde,
                enhed: task.enhed,
                borger_id,
                sag_id: None,
                status: OpgaveStatus::Ubehandlet,
                taget_af: None,
                oprettet: today(),
                frist: None,
                sagstype: None,
                automatisk: false,
                udfald_aarsag: None,
            };
            let new_id = tx.insert_task(&new_task).await?;
            // Started by the caseworker: with the process's right they may
            // finish it (`may_finish`).
            tx.set_started_by(new_id, user.id).await?;
            for d in docs {
                tx.add_document_to_task(new_id, d.id).await?;
            }
            tx.add_history(new_id, user.id, &format!("Oprettet fra Modtag post (opgave {id}) af {} med {listed}.", user.navn)).await?;
            out.valg.push(format!("Ny opgave »{type_name}« (opgave {new_id}) er oprettet med {listed}."));
            out.change.tasks.push(new_id);
            out.ny_opgave_id = Some(new_id);
        }
        (ModtagPostHandling::TilfoejSagsrelation { .. }, Some(_)) => {
            let sag = required(sag)?;
            file_on_case(tx, sag.id, docs, edits).await?;
            out.valg.push(format!("{} er knyttet til sagen {}.", capitalised(&listed), sag_name(sag)));
        }
        (ModtagPostHandling::OpretHenvendelsessag, Some(borger_id)) => {
            let titel = catalog::name_of(catalog::CASE_TYPES, case_type::HENVENDELSESSAG).unwrap_or("Henvendelsessag");
            let new_case = NewCase {
                borger_id,
                sagstype: case_type::HENVENDELSESSAG,
                titel,
                status: SagStatus::UnderBehandling,
                aktiv: true,
                enhed: task.enhed,
                ydelse: None,
                startdato: None,
                pensionstype: None,
            };
            let new_sag = tx.insert_case(&new_case).await?;
            file_on_case(tx, new_sag, docs, edits).await?;
            out.valg.push(format!("Henvendelsessag (sag {new_sag}) er oprettet med {listed}."));
            out.change.sager.push(new_sag);
            out.ny_sag_id = Some(new_sag);
        }
        (ModtagPostHandling::TilfoejTilOpgave { .. }, Some(_)) => {
            let target = target.ok_or_else(|| Error::Internal(anyhow::anyhow!("opgaven mangler efter kontrol")))?;
            apply_edits(tx, edits).await?;
            for d in docs {
                tx.add_document_to_task(target.id, d.id).await?;
            }
            let mut text = format!("{} tilføjet fra Modtag post (opgave {id}) af {}.", capitalised(&listed), user.navn);
            if target.status == OpgaveStatus::Venter {
                tx.set_task_status(target.id, OpgaveStatus::IGang).await?;
                text.push_str(" Opgaven venter ikke længere og er i gang igen.");
            }
            tx.add_history(target.id, user.id, &text).await?;
            let type_name = catalog::task_type_name(target.opgavetype).unwrap_or("opgave");
            out.valg.push(format!("{} er tilføjet til opgaven »{type_name}« (opgave {}).", capitalised(&listed), target.id));
            out.change.tasks.push(target.id);
        }
        _ => out.valg.push("Posten er ikke behandlet videre.".into()),
    }
    Ok(out)
}

/// Opret træk: a træk on the chosen case.
async fn opret_traek(f: Frame<'_>, beloeb_oere: i64, startdato: NaiveDate, frekvens: Frekvens) -> Result<Outcome> {
    let sag = required(f.sag)?;
    f.tx.insert_traek(sag.id, f.task.id, beloeb_oere, startdato, frekvens, f.user.id).await?;
    let valg = format!(
        "Træk på {} ({}) fra {} på sagen {}.",
        kroner(beloeb_oere),
        frekvens.label().to_lowercase(),
        date_label(startdato),
        sag_name(sag)
    );
    Ok(Outcome { valg: vec![valg], ..Outcome::default() })
}

/// Stop sag: the chosen case stops from the date, with the reason.
async fn stop_sag(f: Frame<'_>, stopdato: NaiveDate, aarsag: &str) -> Result<Outcome> {
    let sag = required(f.sag)?;
    let aarsag = aarsag.trim();
    let today = today();
    f.tx.stop_case(sag.id, stopdato, aarsag, today).await?;
    let verb = if Sag::stop_is_due(stopdato, today) { "er stoppet" } else { "stoppes" };
    let valg = format!("Sagen {} {verb} pr. {}. Årsag: {aarsag}", sag_name(sag), date_label(stopdato));
    Ok(Outcome { valg: vec![valg], change: Change { sager: vec![sag.id], ..Change::default() }, ..Outcome::default() })
}

/// Opret opfølgningsopgave: a new follow-up task on the chosen case.
async fn opret_opfoelgningsopgave(f: Frame<'_>, opfoelgningstype: u16, frist: NaiveDate, note: &str) -> Result<Outcome> {
    let sag = required(f.sag)?;
    let type_name = catalog::name_of(catalog::FOLLOWUP_TYPES, opfoelgningstype).unwrap_or("opfølgningsopgave");
    let new_task = NewTask {
        opgavetype: task_type::OPFOELGNINGSOPGAVE,
        opfoelgningstype: Some(opfoelgningstype),
        kilde: Kilde::Bruger,
        enhed: sag.enhed,
        borger_id: sag.borger_id,
        sag_id: Some(sag.id),
        status: OpgaveStatus::Ubehandlet,
        taget_af: None,
        oprettet: today(),
        frist: Some(frist),
        sagstype: None,
        automatisk: false,
        udfald_aarsag: None,
    };
    let new_id = f.tx.insert_task(&new_task).await?;
    let mut text = format!("Oprettet fra opgave {} af {}.", f.task.id, f.user.navn);
    if !note.trim().is_empty() {
        text.push_str(&format!(" Note: {}", note.trim()));
    }
    f.tx.add_history(new_id, f.user.id, &text).await?;
    let valg = format!(
        "Opfølgningsopgave »{type_name}« (opgave {new_id}) er oprettet på sagen {} med frist {}.",
        sag_name(sag),
        date_label(frist)
    );
    Ok(Outcome {
        valg: vec![valg],
        change: Change { tasks: vec![new_id], ..Change::default() },
        ny_opgave_id: Some(new_id),
        ..Outcome::default()
    })
}

/// Opret bevilling: the case (granted, or under behandling when handed to
/// automatic processing), its benefit lines, the task's documents filed on
/// it by the form mapping (or the caseworker's names and categories); the
/// task goes on the case. With automatic processing a new Opret bevilling
/// on the case is under it: waiting while the borger's formue is unknown,
/// else at once handed to manual work (as intake does, `routing::opret_bevilling`).
async fn opret_bevilling(
    f: Frame<'_>,
    s: &Sagsoplysninger,
    lines: &[BenefitLine],
    automatisk: bool,
    docs: &[Dokument],
    edits: &[DocumentEdit],
) -> Result<Outcome> {
    let Frame { tx, user, task, .. } = f;
    // Checked by `check_variant`: an Opret bevilling task has a borger.
    let borger_id = task.borger_id.ok_or_else(|| Error::bad_request(codes::NO_BORGER, "Opgaven er ikke knyttet til en borger."))?;
    let titel = catalog::name_of(catalog::BENEFITS, s.ydelse).unwrap_or("Bevilling");
    let new_case = NewCase {
        borger_id,
        sagstype: s.sagstype,
        titel,
        status: if automatisk { SagStatus::UnderBehandling } else { SagStatus::Bevilget },
        aktiv: true,
        enhed: s.enhed,
        ydelse: Some(s.ydelse),
        startdato: Some(s.startdato),
        pensionstype: s.pensionstype,
    };
    let sag_id = tx.insert_case(&new_case).await?;
    for l in lines {
        tx.insert_benefit_line(sag_id, task.id, l, user.id).await?;
    }
    file_on_case(tx, sag_id, docs, edits).await?;
    tx.set_task_case(task.id, sag_id).await?;
    let sagstype = catalog::name_of(catalog::CASE_TYPES, s.sagstype).unwrap_or("sag");
    let enhed = catalog::name_of(catalog::UNITS, s.enhed).unwrap_or("ukendt enhed");
    let mut valg = vec![format!(
        "Sagen »{titel}« (sag {sag_id}, {sagstype}) er oprettet i {enhed} med bevillingens startdato {}.",
        date_label(s.startdato)
    )];
    if let Some(p) = s.pensionstype.and_then(|p| catalog::name_of(catalog::PENSION_TYPES, p)) {
        valg.push(format!("Pensionstype: {p}."));
    }
    valg.extend(lines.iter().map(line_text));
    valg.push(format!("{} er overført til sagen.", capitalised(&document_list(docs))));
    let mut change = Change { sager: vec![sag_id], ..Change::default() };
    let mut ny_opgave_id = None;
    if automatisk {
        let formue_kendt = tx.formue_at(borger_id, today()).await?.is_some();
        let Route::OpretBevilling { venter_paa_formue, udfald, .. } = routing::opret_bevilling(true, formue_kendt) else {
            return Err(Error::Internal(anyhow::anyhow!("opret_bevilling gav ikke Opret bevilling")));
        };
        let new_task = NewTask {
            opgavetype: task_type::OPRET_BEVILLING,
            opfoelgningstype: None,
            kilde: Kilde::Bruger,
            enhed: s.enhed,
            borger_id,
            sag_id: Some(sag_id),
            status: if venter_paa_formue { OpgaveStatus::Venter } else { OpgaveStatus::Ubehandlet },
            taget_af: None,
            oprettet: today(),
            frist: None,
            sagstype: Some(s.sagstype),
            automatisk: venter_paa_formue,
            udfald_aarsag: udfald.clone(),
        };
        let new_id = tx.insert_task(&new_task).await?;
        let mut text = format!("Overladt til automatisk sagsbehandling fra opgave {} af {}.", task.id, user.navn);
        match &udfald {
            None => text.push_str(" Opgaven venter på formueoplysninger."),
            Some(u) => {
                text.push(' ');
                text.push_str(u);
            }
        }
        tx.add_history(new_id, user.id, &text).await?;
        valg.push(format!("Sagen er overladt til automatisk sagsbehandling (opgave {new_id})."));
        change.tasks.push(new_id);
        ny_opgave_id = Some(new_id);
    }
    Ok(Outcome { valg, change, ny_opgave_id, ny_sag_id: Some(sag_id), ..Outcome::default() })
}

/// Tilføj ydelse til bevilling: the benefit lines on the chosen case.
async fn tilfoej_ydelse(f: Frame<'_>, lines: &[BenefitLine]) -> Result<Outcome> {
    let sag = required(f.sag)?;
    for l in lines {
        f.tx.insert_benefit_line(sag.id, f.task.id, l, f.user.id).await?;
    }
    f.tx.set_task_case(f.task.id, sag.id).await?;
    let mut valg = vec![format!("Ydelser tilføjet til bevillingen {}:", sag_name(sag))];
    valg.extend(lines.iter().map(line_text));
    Ok(Outcome { valg, ..Outcome::default() })
}

/// Behandl eFaktura: the invoice and its stored attachments are linked to
/// the chosen case, and the decision recorded on the invoice.
async fn behandl_efaktura(f: Frame<'_>, afgoerelse: &FakturaAfgoerelse) -> Result<Outcome> {
    let sag = required(f.sag)?;
    let (faktura_id, dokument_id, bilag) =
        f.tx.invoice_documents_of_task(f.task.id)
            .await?
            .ok_or_else(|| Error::bad_request(codes::NO_INVOICE, "Opgaven har ingen eFaktura at behandle."))?;
    f.tx.add_document_to_case(sag.id, dokument_id).await?;
    for &b in &bilag {
        f.tx.add_document_to_case(sag.id, b).await?;
    }
    let (godkendt, aarsag) = match afgoerelse {
        FakturaAfgoerelse::Godkend => (true, None),
        FakturaAfgoerelse::Afvis { aarsag } => (false, Some(aarsag.trim())),
    };
    f.tx.decide_invoice(faktura_id, sag.id, godkendt, aarsag).await?;
    f.tx.set_task_case(f.task.id, sag.id).await?;
    let mut valg = vec![format!("Fakturaen og {} bilag er knyttet til sagen {}.", bilag.len(), sag_name(sag))];
    valg.push(match aarsag {
        None => "Fakturaen er godkendt.".to_owned(),
        Some(a) => format!("Fakturaen er afvist. Begrundelse: {a}"),
    });
    Ok(Outcome { valg, ..Outcome::default() })
}

/// A benefit line as a Danish sentence.
fn line_text(l: &BenefitLine) -> String {
    let ydelse = catalog::name_of(catalog::BENEFITS, l.ydelse).unwrap_or("Ydelse");
    let periode = match l.til {
        Some(til) => format!("fra {} til {}", date_label(l.fra), date_label(til)),
        None => format!("fra {}", date_label(l.fra)),
    };
    format!("{ydelse}: {} {periode}.", kroner(l.beloeb_oere))
}

/// Afslut: the task closes with an optional note, nothing else changes.
fn afslut(note: &str) -> Outcome {
    let valg = if note.trim().is_empty() { "Opgaven er afsluttet.".into() } else { format!("Opgaven er afsluttet. Note: {}", note.trim()) };
    Outcome { valg: vec![valg], ..Outcome::default() }
}

/// Attaches documents to a case, naming and categorising each by the
/// caseworker's edit, else "Formular dokumentkategori mapning" as valid
/// today (the system parameter).
pub async fn file_on_case(tx: &mut Conn, sag_id: i64, docs: &[Dokument], edits: &[DocumentEdit]) -> Result<()> {
    let params = tx.system_parameters_at(today()).await?;
    for d in docs {
        let edit = edits.iter().find(|e| e.dokument_id == d.id);
        let (navn, kategori) = params.document_on_case(d, edit);
        tx.rename_document(d.id, &navn).await?;
        tx.set_document_category(d.id, kategori).await?;
        tx.add_document_to_case(sag_id, d.id).await?;
    }
    Ok(())
}

/// Applies only the caseworker's own renames / categories (no mapping).
async fn apply_edits(tx: &mut Conn, edits: &[DocumentEdit]) -> Result<()> {
    for e in edits {
        if let Some(n) = &e.navn {
            tx.rename_document(e.dokument_id, n.trim()).await?;
        }
        if let Some(k) = e.kategori {
            tx.set_document_category(e.dokument_id, Some(k)).await?;
        }
    }
    Ok(())
}

fn sag_name(s: &Sag) -> String {
    format!("»{}« (sag {})", s.titel, s.id)
}

fn document_list(docs: &[Dokument]) -> String {
    match docs.len() {
        0 => "ingen dokumenter".into(),
        1 => format!("dokumentet »{}«", docs[0].navn),
        n => format!("{n} dokumenter"),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
