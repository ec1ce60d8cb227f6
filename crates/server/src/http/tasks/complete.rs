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
//! a 4xx with a Danish message and nothing changed. Each variant function
//! first runs all its checks, then writes: the checks marked "value check"
//! depend only on the request (and the task's documents) and are the
//! domain's rules; the others read the database.

use super::{closed, taken_by, UNKNOWN_TASK};
use crate::clock::today;
use crate::http::auth::AuthUser;
use crate::http::{ApiContext, Error, Json, Result};
use crate::snapshot_cache::Change;
use crate::store::cases::NewCase;
use crate::store::{Conn, NewTask};
use axum::extract::{Path, State};
use chrono::NaiveDate;
use domain::casework::complete::{CompleteRequest, Frekvens, ModtagPostHandling, Wizard};
use domain::casework::documents;
use domain::casework::documents::DocumentEdit;
use domain::casework::process::case_rule;
use domain::catalog::{self, case_type, task_type};
use domain::codes;
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

fn refuse(code: &'static str, message: impl Into<String>) -> Error {
    Error::bad_request(code, message)
}

/// Finishes the task's wizard with its decisions. The user must have taken
/// the task. Every rule is checked here again; all effects, the decision
/// record, the history and the audit entry are one transaction.
#[utoipa::path(post, path = "/api/tasks/{id}/complete", tag = "opgaver", request_body = CompleteRequest,
    params(("id" = i64, Path, description = "Opgavens id")), responses(
    (status = 200, body = CompleteResult),
    (status = 400, description = "En regel er ikke opfyldt (fx `sag_ikke_tilladt`, `fuldmagt_ikke_verificeret`); intet er ændret", body = ApiError),
    (status = 401, body = ApiError),
    (status = 404, body = ApiError),
    (status = 409, description = "`ikke_taget`, `optaget` eller `afsluttet`", body = ApiError),
))]
pub async fn complete(
    user: AuthUser,
    State(ctx): State<ApiContext>,
    Path(id): Path<i64>,
    Json(req): Json<CompleteRequest>,
) -> Result<Json<CompleteResult>> {
    // Value check: the request's own rules (amounts, dates, text lengths).
    req.validate().map_err(|m| refuse(codes::INVALID_DECISION, m))?;
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
    let wizard = Wizard::for_task_type(task.opgavetype);
    if !req.fits(wizard) {
        return Err(refuse(
            codes::WRONG_WIZARD,
            format!("Opgaven behandles med \"{}\" og kan ikke afsluttes med \"{}\".", wizard.label(), req.label()),
        ));
    }
    let sag = chosen_case(&mut tx, &task, &req).await?;
    let f = Frame { tx: &mut tx, user: &user, task: &task, sag: sag.as_ref() };
    let outcome = match &req {
        CompleteRequest::ModtagPost { fuldmagt_verificeret, handling, dokumenter } => {
            modtag_post(f, *fuldmagt_verificeret, handling, dokumenter).await?
        }
        CompleteRequest::OpretTraek { beloeb_oere, startdato, frekvens, .. } => opret_traek(f, *beloeb_oere, *startdato, *frekvens).await?,
        CompleteRequest::StopSag { stopdato, aarsag, .. } => stop_sag(f, *stopdato, aarsag).await?,
        CompleteRequest::OpretOpfoelgningsopgave { opfoelgningstype, frist, note, .. } => {
            opret_opfoelgningsopgave(f, *opfoelgningstype, *frist, note).await?
        }
        CompleteRequest::Afslut { note } => afslut(note),
    };
    let Outcome { valg, mut change, ny_opgave_id, ny_sag_id, fuldmagt_verificeret_af } = outcome;
    tx.set_task_status(id, OpgaveStatus::Afsluttet).await?;
    tx.add_history(id, user.id, &format!("Afsluttet med \"{}\": {}", req.label(), valg.join(" "))).await?;
    let tidspunkt = crate::clock::now_rfc3339();
    tx.insert_decision(id, user.id, &tidspunkt, &req, &valg, fuldmagt_verificeret_af).await?;
    let detaljer = match &req {
        CompleteRequest::ModtagPost { handling, .. } => format!("Modtag post: {}", handling.label()),
        other => other.label().to_owned(),
    };
    tx.record_audit(user.id, AuditAction::AfsluttetOpgave, task.borger_id, Some(id), &detaljer).await?;
    tx.commit().await?;
    tracing::info!(opgave = id, guide = req.label(), bruger = %user.brugernavn, "opgave afsluttet");
    change.tasks.insert(0, id);
    ctx.snapshot.apply(&ctx.store, change).await?;
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
    }))
}

/// The chosen case, if the request names one: it exists, it is the
/// borger's, and the process may choose it.
async fn chosen_case(tx: &mut Conn, task: &Opgave, req: &CompleteRequest) -> Result<Option<Sag>> {
    let Some(sag_id) = req.sag_id() else { return Ok(None) };
    let sag = tx.sag(sag_id).await?.ok_or_else(|| refuse(codes::UNKNOWN_CASE, "Den valgte sag findes ikke."))?;
    if task.borger_id != Some(sag.borger_id) {
        return Err(refuse(codes::CASE_OF_OTHER_BORGER, "Den valgte sag tilhører ikke opgavens borger. Vælg en af borgerens sager."));
    }
    if let Some(process) = req.process() {
        case_rule(process, &sag).map_err(|reason| refuse(codes::CASE_NOT_ALLOWED, reason))?;
    }
    Ok(Some(sag))
}

/// What every variant works on: the open transaction, the caller, the task
/// and the case chosen (and checked) by the frame.
struct Frame<'a> {
    tx: &'a mut Conn,
    user: &'a AuthUser,
    task: &'a Opgave,
    sag: Option<&'a Sag>,
}

/// The chosen case of a variant that must have one (the frame checked it).
fn required(sag: Option<&Sag>) -> Result<&Sag> {
    sag.ok_or_else(|| Error::Internal(anyhow::anyhow!("sagen mangler efter kontrol")))
}

/// Modtag post: verify the Fuldmagt, then one handling of the documents
/// (new task, onto a case, new Henvendelsessag, onto another task, or none).
async fn modtag_post(f: Frame<'_>, fuldmagt_verificeret: bool, handling: &ModtagPostHandling, edits: &[DocumentEdit]) -> Result<Outcome> {
    let Frame { tx, user, task, sag } = f;
    let id = task.id;
    let docs = tx.documents_of_task(id).await?;
    // Value check: a Fuldmagt in the post is verified.
    let fuldmagt = docs.iter().any(documents::is_power_of_attorney);
    if fuldmagt && !fuldmagt_verificeret {
        return Err(refuse(
            codes::POWER_OF_ATTORNEY_NOT_VERIFIED,
            "Der er en fuldmagt i posten. Verificér fuldmagten (sæt flueben), før du vælger en handling.",
        ));
    }
    for e in edits {
        if !docs.iter().any(|d| d.id == e.dokument_id) {
            return Err(refuse(codes::UNKNOWN_DOCUMENT, "Et af dokumenterne hører ikke til opgaven. Genindlæs opgaven, og prøv igen."));
        }
        // Value check: the document category is in the catalogue.
        if e.kategori.is_some_and(|k| catalog::name_of(catalog::DOCUMENT_CATEGORIES, k).is_none()) {
            return Err(refuse(codes::UNKNOWN_DOCUMENT_CATEGORY, "Den valgte dokumentkategori findes ikke."));
        }
    }
    let borger_id = match (task.borger_id, handling) {
        (_, ModtagPostHandling::IngenHandling) => None,
        (Some(b), _) => Some(b),
        (None, _) => {
            return Err(refuse(codes::NO_BORGER, "Posten er ikke knyttet til en borger og kan kun afsluttes med \"Ingen handling\"."))
        }
    };
    // The handling's own checks.
    let new_type_name = match handling {
        ModtagPostHandling::OpretOpgave { opgavetype } => {
            // Value check: "Opret opgave" names a task type that may be created.
            let Some(name) = catalog::task_type_name(*opgavetype).filter(|_| *opgavetype != task_type::MODTAG_POST) else {
                return Err(refuse(codes::UNKNOWN_TASK_TYPE, "Vælg den opgavetype, der skal oprettes (ikke Modtag post)."));
            };
            Some(name)
        }
        _ => None,
    };
    let target = match (handling, borger_id) {
        (ModtagPostHandling::TilfoejTilOpgave { opgave_id }, Some(borger_id)) => Some(target_task(tx, id, *opgave_id, borger_id).await?),
        _ => None,
    };

    let mut out = Outcome::default();
    if fuldmagt {
        out.fuldmagt_verificeret_af = Some(user.id);
        out.valg.push(format!("Fuldmagten er verificeret af {}.", user.navn));
    }
    out.valg.push(format!("Handling: {}.", handling.label()));
    let listed = document_list(&docs);
    match (handling, borger_id) {
        (ModtagPostHandling::OpretOpgave { opgavetype }, Some(borger_id)) => {
            let type_name = new_type_name.unwrap_or("opgave");
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
            };
            let new_id = tx.insert_task(&new_task).await?;
            for d in &docs {
                tx.add_document_to_task(new_id, d.id).await?;
            }
            tx.add_history(new_id, user.id, &format!("Oprettet fra Modtag post (opgave {id}) af {} med {listed}.", user.navn)).await?;
            out.valg.push(format!("Ny opgave \"{type_name}\" (opgave {new_id}) er oprettet med {listed}."));
            out.change.tasks.push(new_id);
            out.ny_opgave_id = Some(new_id);
        }
        (ModtagPostHandling::TilfoejSagsrelation { .. }, Some(_)) => {
            let sag = required(sag)?;
            file_on_case(tx, sag.id, &docs, edits).await?;
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
            };
            let new_sag = tx.insert_case(&new_case).await?;
            file_on_case(tx, new_sag, &docs, edits).await?;
            out.valg.push(format!("Henvendelsessag (sag {new_sag}) er oprettet med {listed}."));
            out.change.sager.push(new_sag);
            out.ny_sag_id = Some(new_sag);
        }
        (ModtagPostHandling::TilfoejTilOpgave { .. }, Some(_)) => {
            let target = target.ok_or_else(|| Error::Internal(anyhow::anyhow!("opgaven mangler efter kontrol")))?;
            apply_edits(tx, edits).await?;
            for d in &docs {
                tx.add_document_to_task(target.id, d.id).await?;
            }
            let mut text = format!("{} tilføjet fra Modtag post (opgave {id}) af {}.", capitalised(&listed), user.navn);
            if target.status == OpgaveStatus::Venter {
                tx.set_task_status(target.id, OpgaveStatus::IGang).await?;
                text.push_str(" Opgaven venter ikke længere og er i gang igen.");
            }
            tx.add_history(target.id, user.id, &text).await?;
            let type_name = catalog::task_type_name(target.opgavetype).unwrap_or("opgave");
            out.valg.push(format!("{} er tilføjet til opgaven \"{type_name}\" (opgave {}).", capitalised(&listed), target.id));
            out.change.tasks.push(target.id);
        }
        _ => out.valg.push("Posten er ikke behandlet videre.".into()),
    }
    Ok(out)
}

/// "Tilføj til opgave": the chosen task exists (and is not this one), is
/// the borger's and is open.
async fn target_task(tx: &mut Conn, this: i64, opgave_id: i64, borger_id: i64) -> Result<Opgave> {
    let target =
        tx.task(opgave_id).await?.filter(|t| t.id != this).ok_or_else(|| refuse(codes::UNKNOWN_TASK, "Den valgte opgave findes ikke."))?;
    if target.borger_id != Some(borger_id) {
        return Err(refuse(
            codes::TASK_OF_OTHER_BORGER,
            "Den valgte opgave tilhører ikke borgeren. Vælg en af borgerens igangværende opgaver.",
        ));
    }
    if target.status == OpgaveStatus::Afsluttet {
        return Err(refuse(codes::TASK_CLOSED, "Den valgte opgave er afsluttet. Vælg en igangværende opgave."));
    }
    Ok(target)
}

/// Opret træk: a træk on the chosen case. (Its value checks, amount and
/// dates, are in `CompleteRequest::validate`, run by the frame.)
async fn opret_traek(f: Frame<'_>, beloeb_oere: i64, startdato: NaiveDate, frekvens: Frekvens) -> Result<Outcome> {
    let sag = required(f.sag)?;
    f.tx.insert_traek(sag.id, f.task.id, beloeb_oere, startdato, frekvens, f.user.id).await?;
    let valg = format!(
        "Træk på {} kr. ({}) fra {} på sagen {}.",
        kroner(beloeb_oere),
        frekvens.label().to_lowercase(),
        danish_day(startdato),
        sag_name(sag)
    );
    Ok(Outcome { valg: vec![valg], ..Outcome::default() })
}

/// Stop sag: the chosen case stops from the date, with the reason. (Its
/// value checks are in `CompleteRequest::validate`, run by the frame.)
async fn stop_sag(f: Frame<'_>, stopdato: NaiveDate, aarsag: &str) -> Result<Outcome> {
    let sag = required(f.sag)?;
    let aarsag = aarsag.trim();
    f.tx.stop_case(sag.id, stopdato, aarsag).await?;
    let valg = format!("Sagen {} er stoppet pr. {}. Årsag: {aarsag}", sag_name(sag), danish_day(stopdato));
    Ok(Outcome { valg: vec![valg], change: Change { sager: vec![sag.id], ..Change::default() }, ..Outcome::default() })
}

/// Opret opfølgningsopgave: a new follow-up task on the chosen case.
async fn opret_opfoelgningsopgave(f: Frame<'_>, opfoelgningstype: u16, frist: NaiveDate, note: &str) -> Result<Outcome> {
    let sag = required(f.sag)?;
    // Value check: the follow-up type is in the catalogue.
    let Some(type_name) = catalog::name_of(catalog::FOLLOWUP_TYPES, opfoelgningstype) else {
        return Err(refuse(codes::UNKNOWN_FOLLOWUP_TYPE, "Vælg en opfølgningsopgavetype fra listen."));
    };
    // Value check: the frist is not before today.
    if frist < today() {
        return Err(refuse(codes::INVALID_DEADLINE, "Fristen kan ikke ligge før i dag. Vælg en senere dato."));
    }
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
    };
    let new_id = f.tx.insert_task(&new_task).await?;
    let mut text = format!("Oprettet fra opgave {} af {}.", f.task.id, f.user.navn);
    if !note.trim().is_empty() {
        text.push_str(&format!(" Note: {}", note.trim()));
    }
    f.tx.add_history(new_id, f.user.id, &text).await?;
    let valg = format!(
        "Opfølgningsopgave \"{type_name}\" (opgave {new_id}) er oprettet på sagen {} med frist {}.",
        sag_name(sag),
        danish_day(frist)
    );
    Ok(Outcome {
        valg: vec![valg],
        change: Change { tasks: vec![new_id], ..Change::default() },
        ny_opgave_id: Some(new_id),
        ..Outcome::default()
    })
}

/// Afslut: the task closes with an optional note, nothing else changes.
fn afslut(note: &str) -> Outcome {
    let valg = if note.trim().is_empty() { "Opgaven er afsluttet.".into() } else { format!("Opgaven er afsluttet. Note: {}", note.trim()) };
    Outcome { valg: vec![valg], ..Outcome::default() }
}

/// Attaches documents to a case, naming and categorising each by the
/// caseworker's edit, else "Formular dokumentkategori mapning".
async fn file_on_case(tx: &mut Conn, sag_id: i64, docs: &[Dokument], edits: &[DocumentEdit]) -> Result<()> {
    for d in docs {
        let edit = edits.iter().find(|e| e.dokument_id == d.id);
        let (navn, kategori) = documents::document_on_case(d, edit);
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
    format!("\"{}\" (sag {})", s.titel, s.id)
}

fn kroner(oere: i64) -> String {
    format!("{},{:02}", oere / 100, oere % 100)
}

fn danish_day(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

fn document_list(docs: &[Dokument]) -> String {
    match docs.len() {
        0 => "ingen dokumenter".into(),
        1 => format!("dokumentet \"{}\"", docs[0].navn),
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
