//! Users (`brugere`, their roles in `bruger_roller`) and sessions
//! (`sessioner`: only a hash of each token, with its expiry).

use super::{Conn, Result};
use domain::model::Rolle;

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
        Ok(sqlx::query_as("SELECT id, password_hash FROM brugere WHERE brugernavn = ?").bind(brugernavn).fetch_optional(self.db()).await?)
    }

    /// A user and their roles by id (an unknown id is [`super::ErrorKind::RowNotFound`]).
    pub async fn user(&mut self, id: i64) -> Result<User> {
        let (brugernavn, navn, admin): (String, String, bool) =
            sqlx::query_as("SELECT brugernavn, navn, admin FROM brugere WHERE id = ?").bind(id).fetch_one(self.db()).await?;
        let roller = sqlx::query_as::<_, (i64, String, String)>(
            "SELECT r.id, r.navn, r.beskrivelse FROM roller r JOIN bruger_roller br ON br.rolle_id = r.id
             WHERE br.bruger_id = ? ORDER BY r.navn COLLATE dansk",
        )
        .bind(id)
        .fetch_all(self.db())
        .await?
        .into_iter()
        .map(|(id, navn, beskrivelse)| Rolle { id, navn, beskrivelse })
        .collect();
        Ok(User { id, brugernavn, navn, admin, roller })
    }

    /// The user of an unexpired session (`now` in unix seconds).
    pub async fn session_user(&mut self, token_hash: &[u8], now: i64) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar("SELECT bruger_id FROM sessioner WHERE token_hash = ? AND udloeber > ?")
            .bind(token_hash)
            .bind(now)
            .fetch_optional(self.db())
            .await?)
    }

    pub async fn delete_expired_sessions(&mut self, now: i64) -> Result<()> {
        sqlx::query("DELETE FROM sessioner WHERE udloeber <= ?").bind(now).execute(self.db()).await?;
        Ok(())
    }

    pub async fn insert_session(&mut self, token_hash: &[u8], user_id: i64, expires: i64) -> Result<()> {
        sqlx::query("INSERT INTO sessioner (token_hash, bruger_id, udloeber) VALUES (?, ?, ?)")
            .bind(token_hash)
            .bind(user_id)
            .bind(expires)
            .execute(self.db())
            .await?;
        Ok(())
    }

    pub async fn delete_session(&mut self, token_hash: &[u8]) -> Result<()> {
        sqlx::query("DELETE FROM sessioner WHERE token_hash = ?").bind(token_hash).execute(self.db()).await?;
        Ok(())
    }
}
