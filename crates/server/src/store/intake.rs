//! Source systems (`kildesystemer`: a credential per system, only the
//! SHA-256 of its token stored) and the messages they have had answered
//! (`intake_beskeder`: the same message id again gets the stored answer).

use super::{on, Conn, Error, Result};
use domain::wire::intake::{Credential, SourceKind};

/// A credential in force, found by its token.
#[derive(Clone, Debug)]
pub struct SourceSystem {
    pub id: i64,
    pub navn: String,
    pub kind: SourceKind,
}

/// A stored answer of an earlier message: its HTTP status and JSON body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredAnswer {
    pub status: u16,
    pub svar: String,
}

fn kind_of(code: i64) -> Result<SourceKind> {
    u8::try_from(code)
        .ok()
        .and_then(SourceKind::from_code)
        .ok_or_else(|| Error::internal(format!("ukendt kildesystemart {code} i kildesystemer")))
}

#[derive(sqlx::FromRow)]
struct CredentialRow {
    id: i64,
    navn: String,
    art: i64,
    oprettet: String,
    oprettet_af: String,
    tilbagekaldt: Option<String>,
}

impl CredentialRow {
    fn into_wire(self) -> Result<Credential> {
        Ok(Credential {
            id: self.id,
            navn: self.navn,
            kind: kind_of(self.art)?,
            oprettet: self.oprettet,
            oprettet_af: self.oprettet_af,
            tilbagekaldt: self.tilbagekaldt,
        })
    }
}

const CREDENTIAL_SELECT: &str = "SELECT k.id, k.navn, k.art, k.oprettet, b.brugernavn AS oprettet_af, k.tilbagekaldt
     FROM kildesystemer k JOIN brugere b ON b.id = k.oprettet_af";

impl Conn {
    /// Every credential, those in force first, then by name.
    pub async fn credentials(&mut self) -> Result<Vec<Credential>> {
        let rows: Vec<CredentialRow> = on!(self, |db, sql| sqlx::query_as(&sql(&format!(
            "{CREDENTIAL_SELECT} ORDER BY k.tilbagekaldt IS NOT NULL, k.navn COLLATE dansk, k.id"
        )))
        .fetch_all(db)
        .await)?;
        rows.into_iter().map(CredentialRow::into_wire).collect()
    }

    pub async fn credential(&mut self, id: i64) -> Result<Option<Credential>> {
        let row: Option<CredentialRow> =
            on!(self, |db, sql| sqlx::query_as(&sql(&format!("{CREDENTIAL_SELECT} WHERE k.id = ?"))).bind(id).fetch_optional(db).await)?;
        row.map(CredentialRow::into_wire).transpose()
    }

    /// Stores a new credential (the token's hash only), created by the user
    /// now; a name already in force is [`super::ErrorKind::UniqueViolation`].
    pub async fn insert_credential(&mut self, navn: &str, kind: SourceKind, token_hash: &[u8], user_id: i64) -> Result<i64> {
        Ok(on!(self, |db, sql| sqlx::query_scalar(&sql(
            "INSERT INTO kildesystemer (navn, art, token_hash, oprettet, oprettet_af) VALUES (?, ?, ?, ?, ?) RETURNING id",
        ))
        .bind(navn)
        .bind(i64::from(kind.code()))
        .bind(token_hash)
        .bind(crate::clock::now_rfc3339())
        .bind(user_id)
        .fetch_one(db)
        .await)?)
    }

    /// Revokes a credential now (an already revoked one keeps its time);
    /// false for an unknown id.
    pub async fn revoke_credential(&mut self, id: i64) -> Result<bool> {
        let n = on!(self, |db, sql| sqlx::query(&sql("UPDATE kildesystemer SET tilbagekaldt = coalesce(tilbagekaldt, ?1) WHERE id = ?2"))
            .bind(crate::clock::now_rfc3339())
            .bind(id)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Revokes the credential in force with exactly this name, if any (the
    /// demo credential of an earlier start; names in force are unique).
    pub async fn revoke_credential_named(&mut self, navn: &str) -> Result<u64> {
        Ok(on!(self, |db, sql| sqlx::query(&sql("UPDATE kildesystemer SET tilbagekaldt = ?1 WHERE tilbagekaldt IS NULL AND navn = ?2"))
            .bind(crate::clock::now_rfc3339())
            .bind(navn)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?)
    }

    /// The credential in force with this token hash.
    pub async fn source_system(&mut self, token_hash: &[u8]) -> Result<Option<SourceSystem>> {
        let row: Option<(i64, String, i64)> = on!(self, |db, sql| sqlx::query_as(&sql(
            "SELECT id, navn, art FROM kildesystemer WHERE token_hash = ? AND tilbagekaldt IS NULL"
        ))
        .bind(token_hash)
        .fetch_optional(db)
        .await)?;
        row.map(|(id, navn, art)| Ok(SourceSystem { id, navn, kind: kind_of(art)? })).transpose()
    }

    /// The answer already given to this message of the source system.
    pub async fn answered(&mut self, kildesystem_id: i64, besked_id: &str) -> Result<Option<StoredAnswer>> {
        let row: Option<(i64, String)> = on!(self, |db, sql| sqlx::query_as(&sql(
            "SELECT status, svar FROM intake_beskeder WHERE kildesystem_id = ? AND besked_id = ?"
        ))
        .bind(kildesystem_id)
        .bind(besked_id)
        .fetch_optional(db)
        .await)?;
        Ok(row.map(|(status, svar)| StoredAnswer { status: u16::try_from(status).unwrap_or(500), svar }))
    }

    /// Records the answer to a message (in the transaction of its effects).
    pub async fn record_answer(&mut self, kildesystem_id: i64, besked_id: &str, answer: &StoredAnswer) -> Result<()> {
        on!(self, |db, sql| sqlx::query(&sql(
            "INSERT INTO intake_beskeder (kildesystem_id, besked_id, status, svar, modtaget) VALUES (?, ?, ?, ?, ?)"
        ))
        .bind(kildesystem_id)
        .bind(besked_id)
        .bind(i64::from(answer.status))
        .bind(&answer.svar)
        .bind(crate::clock::now_rfc3339())
        .execute(db)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(())
    }
}
