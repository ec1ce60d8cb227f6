//! Users (`brugere`, their roles in `bruger_roller`) and sessions
//! (`sessioner`: only a hash of each token, with its absolute expiry and
//! its last use for the idle timeout).

use super::{flag, on, Conn, Result};
use domain::model::Rolle;
use domain::wire::users::UserSummary;

/// A user with their roles.
#[derive(Clone, Debug)]
pub struct User {
    pub id: i64,
    pub brugernavn: String,
    pub navn: String,
    pub admin: bool,
    pub roller: Vec<Rolle>,
}

impl Conn {
    /// A user's id and password hash by username.
    pub async fn login_of(&mut self, brugernavn: &str) -> Result<Option<(i64, String)>> {
        Ok(on!(self, |db, sql| sqlx::query_as(&sql("SELECT id, password_hash FROM brugere WHERE brugernavn = ?"))
            .bind(brugernavn)
            .fetch_optional(db)
            .await)?)
    }

    /// A user and their roles by id (an unknown id is [`super::ErrorKind::RowNotFound`]).
    pub async fn user(&mut self, id: i64) -> Result<User> {
        let (brugernavn, navn, admin): (String, String, i64) =
            on!(self, |db, sql| sqlx::query_as(&sql("SELECT brugernavn, navn, admin FROM brugere WHERE id = ?"))
                .bind(id)
                .fetch_one(db)
                .await)?;
        let rows = on!(self, |db, sql| sqlx::query_as::<_, (i64, String, String)>(&sql(
            "SELECT r.id, r.navn, r.beskrivelse FROM roller r JOIN bruger_roller br ON br.rolle_id = r.id
             WHERE br.bruger_id = ? ORDER BY r.navn COLLATE dansk",
        ))
        .bind(id)
        .fetch_all(db)
        .await)?;
        let roller = self.with_permissions(rows).await?;
        Ok(User { id, brugernavn, navn, admin: admin != 0, roller })
    }

    /// Every user with the ids of their roles, by username.
    pub async fn users(&mut self) -> Result<Vec<UserSummary>> {
        let users: Vec<(i64, String, String, i64)> =
            on!(self, |db, sql| sqlx::query_as(&sql("SELECT id, brugernavn, navn, admin FROM brugere ORDER BY brugernavn"))
                .fetch_all(db)
                .await)?;
        let links: Vec<(i64, i64)> =
            on!(self, |db, sql| sqlx::query_as(&sql("SELECT bruger_id, rolle_id FROM bruger_roller ORDER BY bruger_id, rolle_id"))
                .fetch_all(db)
                .await)?;
        Ok(users
            .into_iter()
            .map(|(id, brugernavn, navn, admin)| {
                let roller = links.iter().filter(|(u, _)| *u == id).map(|&(_, r)| r).collect();
                UserSummary { id, brugernavn, navn, admin: admin != 0, roller }
            })
            .collect())
    }

    /// Replaces the user's roles (the ids must name roles).
    pub async fn set_user_roles(&mut self, id: i64, roller: &[i64]) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql("DELETE FROM bruger_roller WHERE bruger_id = ?"))
            .bind(id)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        for r in roller {
            on!(self, |db, sql| sqlx::query(&sql("INSERT INTO bruger_roller (bruger_id, rolle_id) VALUES (?, ?) ON CONFLICT DO NOTHING"))
                .bind(id)
                .bind(r)
                .execute(db)
                .await
                .map(|r| r.rows_affected()))?;
        }
        Ok(())
    }

    /// The user of a live session and when it was last used: not past its
    /// absolute expiry, and used after `idle_since` (all unix seconds).
    pub async fn session_user(&mut self, token_hash: &[u8], now: i64, idle_since: i64) -> Result<Option<(i64, i64)>> {
        Ok(on!(self, |db, sql| sqlx::query_as(&sql(
            "SELECT bruger_id, sidst_brugt FROM sessioner WHERE token_hash = ? AND udloeber > ? AND sidst_brugt > ?"
        ))
        .bind(token_hash)
        .bind(now)
        .bind(idle_since)
        .fetch_optional(db)
        .await)?)
    }

    /// Marks the session used at `now`.
    pub async fn touch_session(&mut self, token_hash: &[u8], now: i64) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql("UPDATE sessioner SET sidst_brugt = ? WHERE token_hash = ? AND sidst_brugt < ?"))
            .bind(now)
            .bind(token_hash)
            .bind(now)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Ends every session of the user; answers how many there were.
    pub async fn delete_sessions_of(&mut self, user_id: i64) -> Result<u64> {
        Ok(on!(self, |db, sql| sqlx::query(&sql("DELETE FROM sessioner WHERE bruger_id = ?"))
            .bind(user_id)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?)
    }

    /// Every user's password hash (the production start's check for the
    /// demo password).
    pub async fn password_hashes(&mut self) -> Result<Vec<(String, String)>> {
        Ok(on!(self, |db, sql| sqlx::query_as(&sql("SELECT brugernavn, password_hash FROM brugere ORDER BY brugernavn"))
            .fetch_all(db)
            .await)?)
    }

    /// A new user with no roles (the production start's first
    /// administrator); answers their id.
    pub async fn insert_user(&mut self, brugernavn: &str, navn: &str, admin: bool, password_hash: &str) -> Result<i64> {
        Ok(on!(self, |db, sql| sqlx::query_scalar(&sql(
            "INSERT INTO brugere (brugernavn, navn, admin, password_hash) VALUES (?, ?, ?, ?) RETURNING id"
        ))
        .bind(brugernavn)
        .bind(navn)
        .bind(flag(admin))
        .bind(password_hash)
        .fetch_one(db)
        .await)?)
    }

    /// Whether there is any user at all.
    pub async fn user_count(&mut self) -> Result<u64> {
        let n: i64 = on!(self, |db, sql| sqlx::query_scalar(&sql("SELECT count(*) FROM brugere")).fetch_one(db).await)?;
        Ok(n as u64)
    }

    /// Deletes the sessions past their absolute expiry or unused since
    /// `idle_since`.
    pub async fn delete_expired_sessions(&mut self, now: i64, idle_since: i64) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql("DELETE FROM sessioner WHERE udloeber <= ? OR sidst_brugt <= ?"))
            .bind(now)
            .bind(idle_since)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// A new session, used `now`, ending at `expires` at the latest.
    pub async fn insert_session(&mut self, token_hash: &[u8], user_id: i64, now: i64, expires: i64) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql("INSERT INTO sessioner (token_hash, bruger_id, udloeber, sidst_brugt) VALUES (?, ?, ?, ?)"))
            .bind(token_hash)
            .bind(user_id)
            .bind(expires)
            .bind(now)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn delete_session(&mut self, token_hash: &[u8]) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql("DELETE FROM sessioner WHERE token_hash = ?"))
            .bind(token_hash)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }
}
