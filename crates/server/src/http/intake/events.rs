//! `POST /api/intake/haendelser`: events from other systems (a new formue
//! from Udbetaling Danmark, a change of the financing municipality for
//! pension). The domain's `on_event` decides the follow-up tasks and the
//! automatic tasks that fall out to manual work; this stores the formue,
//! records the event for the Borgeroverblik and writes those tasks.

use super::{answer, borger_of, replayed, IntakePermit, Source};
use crate::clock::today;
use crate::http::{ApiContext, Error, Json, Result};
use crate::snapshot_cache::Change;
use crate::store::NewTask;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use domain::catalog::task_type;
use domain::intake::events::{on_event, Event, EventFacts};
use domain::intake::invoice::check_events;
use domain::model::{Kilde, OpgaveStatus};
use domain::wire::intake::{EventResult, EventsAnswer, EventsRequest, SourceKind};
use domain::wire::ApiError;

/// Receives events, each for a borger by CPR number, in one transaction:
/// an unknown CPR number refuses the whole message (422, nothing written).
/// Every event is recorded for the Borgeroverblik, with the follow-up
/// tasks it made (kilde System) and the automatic tasks it released.
#[utoipa::path(post, path = "/api/intake/haendelser", tag = "intake", request_body = EventsRequest,
    security(("kildesystem" = [])),
    responses(
    (status = 200, description = "Modtaget (eller det gemte svar på en gentaget besked, med `Idempotent-Replayed: true`)", body = EventsAnswer),
    (status = 400, description = "`ugyldig_json`", body = ApiError),
    (status = 401, description = "`ugyldig_noegle`", body = ApiError),
    (status = 403, description = "`forkert_kilde`", body = ApiError),
    (status = 503, description = "`for_mange_samtidige`: for mange forespørgsler på én gang; send igen om lidt", body = ApiError),
    (status = 422, description = "`ugyldig_indsendelse` eller `ukendt_borger`; intet er skrevet", body = ApiError),
))]
pub async fn haendelser(
    source: Source,
    _permit: IntakePermit,
    State(ctx): State<ApiContext>,
    Json(req): Json<EventsRequest>,
) -> Result<Response> {
    let source = source.require(SourceKind::Haendelser)?.clone();
    check_events(&req).map_err(|r| Error::refused(StatusCode::UNPROCESSABLE_ENTITY, r.code, r.message))?;
    let today = today();
    let kommune = ctx.config.kommune.clone();
    let mut tx = ctx.store.write().await?;
    if let Some(res) = replayed(&mut tx, &source, &req.besked_id).await? {
        return Ok(res);
    }
    let params = tx.system_parameters_at(today).await?;
    let mut resultater = Vec::with_capacity(req.haendelser.len());
    let mut changed = Vec::new();
    for (n, e) in req.haendelser.iter().enumerate() {
        let borger_id = borger_of(&mut tx, e.cpr()).await.map_err(|e| match e {
            Error::Refused { status, code, message } => Error::Refused { status, code, message: format!("Hændelse {}: {message}", n + 1) },
            other => other,
        })?;
        let facts = EventFacts {
            sager: tx.sager_of(borger_id).await?,
            aabne_opgaver: tx.ongoing_tasks(borger_id).await?,
            tidligere_formue_oere: tx.formue_at(borger_id, today).await?,
        };
        let outcome = on_event(e, &facts, &params, &kommune, today);
        if let Event::Formue { beloeb_oere, gyldig_fra, .. } = e {
            tx.insert_formue(borger_id, *beloeb_oere, *gyldig_fra).await?;
        }
        let mut opgave_ider = Vec::new();
        for f in &outcome.opfoelgninger {
            let mut task = NewTask::ubehandlet(task_type::OPFOELGNINGSOPGAVE, Kilde::System, f.enhed, borger_id, today);
            task.opfoelgningstype = Some(f.opfoelgningstype);
            task.sag_id = f.sag_id;
            let id = tx.insert_task(&task).await?;
            tx.add_system_history(id, &f.tekst).await?;
            opgave_ider.push(id);
        }
        for (id, reason) in &outcome.frigivet {
            tx.release_to_manual(*id, OpgaveStatus::Ubehandlet, reason).await?;
            tx.add_system_history(*id, reason).await?;
            opgave_ider.push(*id);
        }
        tx.insert_event(borger_id, &outcome.beskrivelse, opgave_ider.first().copied()).await?;
        changed.extend_from_slice(&opgave_ider);
        resultater.push(EventResult { beskrivelse: outcome.beskrivelse, opgave_ider });
    }
    let body = EventsAnswer { besked_id: req.besked_id.clone(), resultater };
    let res = answer(&mut tx, &source, &req.besked_id, StatusCode::OK, &body).await?;
    let change = Change { tasks: changed, ..Change::default() };
    if !change.tasks.is_empty() {
        change.note(&mut tx).await?;
    }
    tx.commit().await?;
    tracing::info!(kildesystem = source.id, haendelser = req.haendelser.len(), opgaver = change.tasks.len(), "hændelser modtaget");
    if !change.tasks.is_empty() {
        crate::http::patch_soon(&ctx, change);
    }
    Ok(res)
}
