//! Roles (`roller`), their rights (`rolle_rettigheder`) and where they
//! are used: package versions (`opgavepakke_roller`) and users
//! (`bruger_roller`).

use super::{code, on, Conn, Result};
use domain::model::{Permission, Rolle};

impl Conn {
    /// All roles with their rights, in Danish alphabetical order of their names.
    pub async fn roles(&mut self) -> Result<Vec<Rolle>> {
        let rows = on!(self, |db, sql| sqlx::query_as::<_, (i64, String, String)>(&sql(
            "SELECT id, navn, beskrivelse FROM roller ORDER BY navn COLLATE dansk, id"
        ))
        .fetch_all(db)
        .await)?;
        self.with_permissions(rows).await
    }

    /// Roles from (id, name, description) rows, each with its rights in
    /// code order.
    pub(super) async fn with_permissions(&mut self, rows: Vec<(i64, String, String)>) -> Result<Vec<Rolle>> {
        let all: Vec<(i64, i64)> =
            on!(self, |db, sql| sqlx::query_as(&sql("SELECT rolle_id, rettighed FROM rolle_rettigheder ORDER BY rolle_id, rettighed"))
                .fetch_all(db)
                .await)?;
        rows.into_iter()
            .map(|(id, navn, beskrivelse)| {
                let rettigheder = all
                    .iter()
                    .filter(|(r, _)| *r == id)
                    .map(|&(_, p)| code(p, Permission::from_code, "rolle_rettigheder"))
                    .collect::<Result<Vec<_>>>()?;
                Ok(Rolle { id, navn, beskrivelse, rettigheder })
            })
            .collect()
    }

    /// Replaces the role's rights.
    pub async fn set_role_permissions(&mut self, id: i64, rettigheder: &[Permission]) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql("DELETE FROM rolle_rettigheder WHERE rolle_id = ?"))
            .bind(id)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        for p in rettigheder {
            on!(self, |db, sql| sqlx::query(&sql(
                "INSERT INTO rolle_rettigheder (rolle_id, rettighed) VALUES (?, ?) ON CONFLICT DO NOTHING"
            ))
            .bind(id)
            .bind(i64::from(p.code()))
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        }
        Ok(())
    }

    /// The ids of all roles.
    pub async fn role_ids(&mut self) -> Result<Vec<i64>> {
        Ok(on!(self, |db, sql| sqlx::query_scalar(&sql("SELECT id FROM roller")).fetch_all(db).await)?)
    }

    pub async fn role_name(&mut self, id: i64) -> Result<Option<String>> {
        Ok(on!(self, |db, sql| sqlx::query_scalar(&sql("SELECT navn FROM roller WHERE id = ?")).bind(id).fetch_optional(db).await)?)
    }

    /// Inserts a role; returns its id.
    pub async fn insert_role(&mut self, navn: &str, beskrivelse: &str) -> Result<i64> {
        Ok(on!(self, |db, sql| sqlx::query_scalar(&sql("INSERT INTO roller (navn, beskrivelse) VALUES (?, ?) RETURNING id"))
            .bind(navn)
            .bind(beskrivelse)
            .fetch_one(db)
            .await)?)
    }

    pub async fn update_role(&mut self, id: i64, navn: &str, beskrivelse: &str) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql("UPDATE roller SET navn = ?, beskrivelse = ? WHERE id = ?"))
            .bind(navn)
            .bind(beskrivelse)
            .bind(id)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn delete_role(&mut self, id: i64) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql("DELETE FROM roller WHERE id = ?")).bind(id).execute(db).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Each package that has the role in any version, as (key, name of its
    /// newest version), by key.
    pub async fn packages_with_role(&mut self, id: i64) -> Result<Vec<(String, String)>> {
        Ok(on!(self, |db, sql| sqlx::query_as(&sql("SELECT p.noegle,
                    (SELECT n.navn FROM opgavepakke_versioner n WHERE n.pakke_id = p.id ORDER BY n.gyldig_fra DESC, n.id DESC LIMIT 1)
             FROM opgavepakker p
             WHERE EXISTS (SELECT 1 FROM opgavepakke_versioner v JOIN opgavepakke_roller r ON r.version_id = v.id
                           WHERE v.pakke_id = p.id AND r.rolle_id = ?)
             ORDER BY p.noegle",))
        .bind(id)
        .fetch_all(db)
        .await)?)
    }

    /// The users who have the role, as (username, name), by username.
    pub async fn users_with_role(&mut self, id: i64) -> Result<Vec<(String, String)>> {
        Ok(on!(self, |db, sql| {
            sqlx::query_as(&sql(
            "SELECT b.brugernavn, b.navn FROM brugere b JOIN bruger_roller br ON br.bruger_id = b.id WHERE br.rolle_id = ? ORDER BY b.brugernavn",
        ))
        .bind(id)
        .fetch_all(db).await
        })?)
    }
}
