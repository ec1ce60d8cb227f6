//! Tasks (`opgaver`): single tasks, who has them, taking them, new tasks,
//! and the rows of a package's task list.

use super::{code, flag, format_day, id16, on, placeholders, stored_day, Conn, Error, Result};
use chrono::NaiveDate;
use domain::intake::routing::OngoingTask;
use domain::model::{Kilde, Opgave, OpgaveStatus, Relation};
use domain::wire::packages::TaskRow;
use domain::Cpr;
use std::collections::{HashMap, HashSet};

#[derive(sqlx::FromRow)]
struct OpgaveRow {
    id: i64,
    opgavetype: i64,
    opfoelgningstype: Option<i64>,
    relation: i64,
    kilde: i64,
    beloebsgodkendelse: i64,
    enhed: i64,
    borger_id: Option<i64>,
    sag_id: Option<i64>,
    status: i64,
    taget_af: Option<String>,
    taget_af_navn: Option<String>,
    oprettet: String,
    frist: Option<String>,
}

/// The columns of [`OpgaveRow`], on `opgaver o LEFT JOIN brugere u` (the holder).
const OPGAVE_COLUMNS: &str = "o.id, o.opgavetype, o.opfoelgningstype, o.relation, o.kilde, o.beloebsgodkendelse, o.enhed,
        o.borger_id, o.sag_id, o.status, u.brugernavn AS taget_af, u.navn AS taget_af_navn, o.oprettet, o.frist";
const OPGAVE_FROM: &str = "opgaver o LEFT JOIN brugere u ON u.id = o.taget_af";

impl OpgaveRow {
    fn into_model(self) -> Result<Opgave> {
        Ok(Opgave {
            id: self.id,
            opgavetype: id16(self.opgavetype),
            opfoelgningstype: self.opfoelgningstype.map(id16),
            relation: code(self.relation, Relation::from_code, "opgaver")?,
            kilde: code(self.kilde, Kilde::from_code, "opgaver")?,
            beloebsgodkendelse: self.beloebsgodkendelse != 0,
            enhed: id16(self.enhed),
            borger_id: self.borger_id,
            sag_id: self.sag_id,
            status: code(self.status, OpgaveStatus::from_code, "opgaver")?,
            taget_af: self.taget_af,
            taget_af_navn: self.taget_af_navn,
            oprettet: stored_day(&self.oprettet, "opgaver")?,
            frist: self.frist.as_deref().map(|d| stored_day(d, "opgaver")).transpose()?,
        })
    }
}

/// A new person task (relation Person, no beløbsgodkendelse).
pub struct NewTask {
    pub opgavetype: u16,
    pub opfoelgningstype: Option<u16>,
    pub kilde: Kilde,
    pub enhed: u16,
    pub borger_id: i64,
    pub sag_id: Option<i64>,
    pub status: OpgaveStatus,
    /// The user who has it from the start, if any.
    pub taget_af: Option<i64>,
    pub oprettet: NaiveDate,
    pub frist: Option<NaiveDate>,
    /// The sagstype an application concerns (Opret bevilling from intake).
    pub sagstype: Option<u16>,
    /// Under automatic processing: in no package until released.
    pub automatisk: bool,
    /// Why automatic processing handed the task to manual work.
    pub udfald_aarsag: Option<String>,
}

impl NewTask {
    /// A new untaken, ubehandlet person task of the borger, today, with
    /// nothing else set.
    pub fn ubehandlet(opgavetype: u16, kilde: Kilde, enhed: u16, borger_id: i64, oprettet: NaiveDate) -> NewTask {
        NewTask {
            opgavetype,
            opfoelgningstype: None,
            kilde,
            enhed,
            borger_id,
            sag_id: None,
            status: OpgaveStatus::Ubehandlet,
            taget_af: None,
            oprettet,
            frist: None,
            sagstype: None,
            automatisk: false,
            udfald_aarsag: None,
        }
    }
}

#[derive(sqlx::FromRow)]
struct OngoingRow {
    id: i64,
    opgavetype: i64,
    sagstype: Option<i64>,
    status: i64,
    automatisk: i64,
    sag_id: Option<i64>,
}

/// Which tasks [`Conn::take_task`] may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TakeFrom {
    /// An open task nobody has ("Tag opgave"; a task the user has already
    /// is not taken again, so a race of claims writes one history line).
    OpenFree,
    /// Only an untaken task that is ubehandlet or i gang ("Næste opgave").
    UntakenReady,
}

/// A task's list row: its own columns and the names of its borger, case
/// and holder.
#[derive(sqlx::FromRow)]
struct TaskRowDb {
    #[sqlx(flatten)]
    task: OpgaveRow,
    borger_navn: Option<String>,
    cpr: Option<String>,
    sag_titel: Option<String>,
}

impl TaskRowDb {
    fn into_row(self) -> Result<TaskRow> {
        let o = self.task.into_model()?;
        let cpr_maskeret = match self.cpr.as_deref().map(Cpr::parse) {
            Some(Ok(c)) => Some(c.masked()),
            Some(Err(_)) => return Err(Error::internal(format!("ugyldigt CPR-nummer i borgere (opgave {})", o.id))),
            None => None,
        };
        Ok(TaskRow {
            id: o.id,
            opgavetype: o.opgavetype,
            opfoelgningstype: o.opfoelgningstype,
            relation: o.relation,
            kilde: o.kilde,
            beloebsgodkendelse: o.beloebsgodkendelse,
            enhed: o.enhed,
            status: o.status,
            borger_navn: self.borger_navn,
            cpr_maskeret,
            sag_titel: self.sag_titel,
            taget_af: o.taget_af,
            taget_af_navn: o.taget_af_navn,
            oprettet: o.oprettet,
            frist: o.frist,
        })
    }
}

impl Conn {
    pub async fn task(&mut self, id: i64) -> Result<Option<Opgave>> {
        let row: Option<OpgaveRow> =
            on!(self, |db, sql| sqlx::query_as(&sql(&format!("SELECT {OPGAVE_COLUMNS} FROM {OPGAVE_FROM} WHERE o.id = ?")))
                .bind(id)
                .fetch_optional(db)
                .await)?;
        row.map(OpgaveRow::into_model).transpose()
    }

    /// The borger's open tasks, oldest first.
    pub async fn open_tasks_of(&mut self, borger_id: i64) -> Result<Vec<Opgave>> {
        let rows: Vec<OpgaveRow> = on!(self, |db, sql| sqlx::query_as(&sql(&format!(
            "SELECT {OPGAVE_COLUMNS} FROM {OPGAVE_FROM} WHERE o.borger_id = ? AND o.status <> ? ORDER BY o.oprettet, o.id"
        )))
        .bind(borger_id)
        .bind(i64::from(OpgaveStatus::Afsluttet.code()))
        .fetch_all(db)
        .await)?;
        rows.into_iter().map(OpgaveRow::into_model).collect()
    }

    /// Who has a task: (user id, name).
    pub async fn task_holder(&mut self, task_id: i64) -> Result<Option<(i64, String)>> {
        Ok(on!(self, |db, sql| sqlx::query_as(&sql(
            "SELECT u.id, u.navn FROM opgaver o JOIN brugere u ON u.id = o.taget_af WHERE o.id = ?"
        ))
        .bind(task_id)
        .fetch_optional(db)
        .await)?)
    }

    /// Takes the task for the user if `from` allows, in one statement (of
    /// two concurrent takers exactly one wins); an ubehandlet task becomes i
    /// gang. True when this call took it.
    pub async fn take_task(&mut self, task_id: i64, user_id: i64, from: TakeFrom) -> Result<bool> {
        let cond = match from {
            TakeFrom::UntakenReady => "taget_af IS NULL AND status IN (1, 2) AND automatisk = 0",
            TakeFrom::OpenFree => "status <> 4 AND automatisk = 0 AND taget_af IS NULL",
        };
        let taken = on!(self, |db, sql| sqlx::query(&sql(&format!(
            "UPDATE opgaver SET taget_af = ?3, status = CASE WHEN status = ?1 THEN ?2 ELSE status END WHERE id = ?4 AND {cond}"
        )))
        .bind(i64::from(OpgaveStatus::Ubehandlet.code()))
        .bind(i64::from(OpgaveStatus::IGang.code()))
        .bind(user_id)
        .bind(task_id)
        .execute(db)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(taken == 1)
    }

    /// Puts the task on a case (the case its wizard created or chose).
    pub async fn set_task_case(&mut self, task_id: i64, sag_id: i64) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql("UPDATE opgaver SET sag_id = ? WHERE id = ?"))
            .bind(sag_id)
            .bind(task_id)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Notes that the user started the task by hand (see [`Conn::started_by`]).
    pub async fn set_started_by(&mut self, task_id: i64, user_id: i64) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql("UPDATE opgaver SET startet_af = ? WHERE id = ?"))
            .bind(user_id)
            .bind(task_id)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Who started the task by hand (Borgeroverblik, manual Modtag post), if anyone.
    pub async fn started_by(&mut self, task_id: i64) -> Result<Option<i64>> {
        Ok(on!(self, |db, sql| sqlx::query_scalar::<_, Option<i64>>(&sql("SELECT startet_af FROM opgaver WHERE id = ?"))
            .bind(task_id)
            .fetch_optional(db)
            .await)?
        .flatten())
    }

    /// The user's own unfinished task of `opgavetype` for the borger that
    /// they started by hand and still hold, if any (the oldest).
    pub async fn unfinished_started_by(&mut self, borger_id: i64, opgavetype: u16, user_id: i64) -> Result<Option<i64>> {
        Ok(on!(self, |db, sql| sqlx::query_scalar::<_, i64>(&sql(
            "SELECT id FROM opgaver WHERE borger_id = ? AND opgavetype = ? AND startet_af = ? AND taget_af = ? AND status <> ?
             ORDER BY id LIMIT 1"
        ))
        .bind(borger_id)
        .bind(i64::from(opgavetype))
        .bind(user_id)
        .bind(user_id)
        .bind(i64::from(OpgaveStatus::Afsluttet.code()))
        .fetch_optional(db)
        .await)?)
    }

    /// Those of `ids` that nobody has taken and that are ubehandlet or i gang.
    pub async fn untaken_ready(&mut self, ids: &[i64]) -> Result<HashSet<i64>> {
        let text = format!("SELECT id FROM opgaver WHERE taget_af IS NULL AND status IN (1, 2) AND id IN ({})", placeholders(ids.len()));
        let found: Vec<i64> = on!(self, |db, sql| {
            let text = sql(&text);
            let mut q = sqlx::query_scalar::<_, i64>(&text);
            for id in ids {
                q = q.bind(id);
            }
            q.fetch_all(db).await
        })?;
        Ok(found.into_iter().collect())
    }

    /// Inserts a new person task; returns its id.
    pub async fn insert_task(&mut self, t: &NewTask) -> Result<i64> {
        Ok(on!(self, |db, sql| sqlx::query_scalar(&sql(
            "INSERT INTO opgaver (opgavetype, opfoelgningstype, relation, kilde, beloebsgodkendelse, enhed, borger_id, sag_id, status,
                                  taget_af, oprettet, frist, sagstype, automatisk, udfald_aarsag)
             VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        ))
        .bind(i64::from(t.opgavetype))
        .bind(t.opfoelgningstype.map(i64::from))
        .bind(i64::from(Relation::Person.code()))
        .bind(i64::from(t.kilde.code()))
        .bind(i64::from(t.enhed))
        .bind(t.borger_id)
        .bind(t.sag_id)
        .bind(i64::from(t.status.code()))
        .bind(t.taget_af)
        .bind(format_day(t.oprettet))
        .bind(t.frist.map(format_day))
        .bind(t.sagstype.map(i64::from))
        .bind(flag(t.automatisk))
        .bind(t.udfald_aarsag.as_deref())
        .fetch_one(db)
        .await)?)
    }

    /// The borger's open tasks as routing and event rules see them: the
    /// sagstype is the task's own, else its case's.
    pub async fn ongoing_tasks(&mut self, borger_id: i64) -> Result<Vec<OngoingTask>> {
        let rows: Vec<OngoingRow> = on!(self, |db, sql| sqlx::query_as(&sql(
            "SELECT o.id, o.opgavetype, coalesce(o.sagstype, s.sagstype) AS sagstype, o.status, o.automatisk, o.sag_id
             FROM opgaver o LEFT JOIN sager s ON s.id = o.sag_id
             WHERE o.borger_id = ? AND o.status <> ? ORDER BY o.oprettet, o.id",
        ))
        .bind(borger_id)
        .bind(i64::from(OpgaveStatus::Afsluttet.code()))
        .fetch_all(db)
        .await)?;
        rows.into_iter()
            .map(|r| {
                Ok(OngoingTask {
                    id: r.id,
                    opgavetype: id16(r.opgavetype),
                    sagstype: r.sagstype.map(id16),
                    status: code(r.status, OpgaveStatus::from_code, "opgaver")?,
                    automatisk: r.automatisk != 0,
                    sag_id: r.sag_id,
                })
            })
            .collect()
    }

    /// Whether the task is under automatic processing, and why it fell out
    /// to manual work.
    pub async fn task_automation(&mut self, task_id: i64) -> Result<(bool, Option<String>)> {
        let (automatisk, aarsag): (i64, Option<String>) =
            on!(self, |db, sql| sqlx::query_as(&sql("SELECT automatisk, udfald_aarsag FROM opgaver WHERE id = ?"))
                .bind(task_id)
                .fetch_one(db)
                .await)?;
        Ok((automatisk != 0, aarsag))
    }

    /// Releases a task from automatic processing to manual work with the
    /// reason, in the status given (it then enters the packages).
    pub async fn release_to_manual(&mut self, task_id: i64, status: OpgaveStatus, aarsag: &str) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql("UPDATE opgaver SET automatisk = 0, status = ?, udfald_aarsag = ? WHERE id = ?"))
            .bind(i64::from(status.code()))
            .bind(aarsag)
            .bind(task_id)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn set_task_status(&mut self, task_id: i64, status: OpgaveStatus) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql("UPDATE opgaver SET status = ? WHERE id = ?"))
            .bind(i64::from(status.code()))
            .bind(task_id)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The list rows of the given tasks, in the given order (ids not found
    /// are left out). CPR numbers only masked.
    pub async fn task_rows(&mut self, ids: &[i64]) -> Result<Vec<TaskRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let text = format!(
            "SELECT {OPGAVE_COLUMNS}, b.navn AS borger_navn, b.cpr, s.titel AS sag_titel
             FROM {OPGAVE_FROM} LEFT JOIN borgere b ON b.id = o.borger_id LEFT JOIN sager s ON s.id = o.sag_id
             WHERE o.id IN ({})",
            placeholders(ids.len())
        );
        let rows: Vec<TaskRowDb> = on!(self, |db, sql| {
            let text = sql(&text);
            let mut q = sqlx::query_as::<_, TaskRowDb>(&text);
            for id in ids {
                q = q.bind(id);
            }
            q.fetch_all(db).await
        })?;
        let mut by_id: HashMap<i64, TaskRowDb> = rows.into_iter().map(|r| (r.task.id, r)).collect();
        ids.iter().filter_map(|id| by_id.remove(id)).map(TaskRowDb::into_row).collect()
    }
}
