//! Task packages (`opgavepakker`), their versions
//! (`opgavepakke_versioner`) and each version's roles
//! (`opgavepakke_roller`).

use super::{format_day, on, stored_day, to_json, Conn, Error, Result, Store};
use chrono::NaiveDate;
use domain::package::{PackageDraft, PackageFilter, PackageVersion};
use std::collections::HashMap;

#[derive(sqlx::FromRow)]
struct VersionRow {
    id: i64,
    noegle: String,
    navn: String,
    beskrivelse: String,
    filter: String,
    aendringsaarsag: String,
    gyldig_fra: String,
    gyldig_til: Option<String>,
    oprettet_af: String,
    oprettet: String,
}

/// Which versions [`Conn::versions`] reads, and in which order.
pub enum Which<'a> {
    /// Valid on the day (optionally only of one key), by name then key.
    ValidAt(NaiveDate, Option<&'a str>),
    /// All versions of one key, newest first (by `gyldig_fra`, then id).
    OfKey(&'a str),
    /// Every stored version, by key then `gyldig_fra`.
    All,
}

impl Store {
    /// Package versions valid on `day` (optionally only of one key), by name.
    pub async fn versions_at(&self, day: NaiveDate, key: Option<&str>) -> Result<Vec<PackageVersion>> {
        let mut tx = self.read().await?;
        let out = tx.versions(Which::ValidAt(day, key)).await?;
        tx.commit().await?;
        Ok(out)
    }
}

impl Conn {
    /// Reads package versions with their roles (inside the caller's
    /// transaction, so a write sees what it checks).
    pub async fn versions(&mut self, which: Which<'_>) -> Result<Vec<PackageVersion>> {
        let (cond, order, args): (&str, &str, Vec<Option<String>>) = match which {
            Which::ValidAt(day, key) => (
                "v.gyldig_fra <= ?1 AND (v.gyldig_til IS NULL OR v.gyldig_til >= ?1) AND (?2 IS NULL OR p.noegle = ?2)",
                "v.navn COLLATE dansk, p.noegle",
                vec![Some(format_day(day)), key.map(str::to_owned)],
            ),
            Which::OfKey(key) => ("p.noegle = ?1", "v.gyldig_fra DESC, v.id DESC", vec![Some(key.to_owned())]),
            Which::All => ("TRUE", "p.noegle, v.gyldig_fra, v.id", Vec::new()),
        };
        let text = format!(
            "SELECT v.id, p.noegle, v.navn, v.beskrivelse, v.filter, v.aendringsaarsag, v.gyldig_fra, v.gyldig_til,
                    b.brugernavn AS oprettet_af, v.oprettet
             FROM opgavepakke_versioner v JOIN opgavepakker p ON p.id = v.pakke_id JOIN brugere b ON b.id = v.oprettet_af
             WHERE {cond} ORDER BY {order}"
        );
        let rows: Vec<VersionRow> = on!(self, |db, sql| {
            let text = sql(&text);
            let mut q = sqlx::query_as::<_, VersionRow>(&text);
            for a in &args {
                q = q.bind(a);
            }
            q.fetch_all(db).await
        })?;
        let text = format!(
            "SELECT r.version_id, r.rolle_id FROM opgavepakke_roller r
             JOIN opgavepakke_versioner v ON v.id = r.version_id JOIN opgavepakker p ON p.id = v.pakke_id
             WHERE {cond} ORDER BY r.rolle_id"
        );
        let role_rows: Vec<(i64, i64)> = on!(self, |db, sql| {
            let text = sql(&text);
            let mut q = sqlx::query_as::<_, (i64, i64)>(&text);
            for a in &args {
                q = q.bind(a);
            }
            q.fetch_all(db).await
        })?;
        let mut roles: HashMap<i64, Vec<i64>> = HashMap::new();
        for (v, r) in role_rows {
            roles.entry(v).or_default().push(r);
        }
        const TABLE: &str = "opgavepakke_versioner";
        rows.into_iter()
            .map(|r| {
                let filter: PackageFilter = serde_json::from_str(&r.filter)
                    .map_err(|e| Error::internal(format!("ugyldigt filter i opgavepakke-version {}: {e}", r.id)))?;
                Ok(PackageVersion {
                    noegle: r.noegle,
                    version: r.id,
                    draft: PackageDraft {
                        navn: r.navn,
                        beskrivelse: r.beskrivelse,
                        filter,
                        roller: roles.remove(&r.id).unwrap_or_default(),
                        aendringsaarsag: r.aendringsaarsag,
                        gyldig_fra: stored_day(&r.gyldig_fra, TABLE)?,
                        gyldig_til: r.gyldig_til.as_deref().map(|d| stored_day(d, TABLE)).transpose()?,
                    },
                    oprettet_af: r.oprettet_af,
                    oprettet: r.oprettet,
                })
            })
            .collect()
    }

    /// The highest number of the keys `OP-<number>`, 0 without any.
    pub async fn last_package_number(&mut self) -> Result<i64> {
        let keys: Vec<String> = on!(self, |db, sql| sqlx::query_scalar(&sql("SELECT noegle FROM opgavepakker")).fetch_all(db).await)?;
        Ok(keys.iter().filter_map(|k| package_number(k)).max().unwrap_or(0))
    }

    /// Inserts a package (without versions); returns its id.
    pub async fn insert_package(&mut self, noegle: &str) -> Result<i64> {
        Ok(on!(self, |db, sql| sqlx::query_scalar(&sql("INSERT INTO opgavepakker (noegle) VALUES (?) RETURNING id"))
            .bind(noegle)
            .fetch_one(db)
            .await)?)
    }

    /// The id of the package with the key (an unknown key is
    /// [`super::ErrorKind::RowNotFound`]).
    pub async fn package_id(&mut self, noegle: &str) -> Result<i64> {
        Ok(on!(self, |db, sql| sqlx::query_scalar(&sql("SELECT id FROM opgavepakker WHERE noegle = ?")).bind(noegle).fetch_one(db).await)?)
    }

    /// Stores one version and its roles, created by the user now; the draft's
    /// texts are stored trimmed. Returns the version id.
    pub async fn insert_version(&mut self, pakke_id: i64, d: &PackageDraft, user_id: i64) -> Result<i64> {
        let id: i64 = on!(self, |db, sql| {
            sqlx::query_scalar(&sql(
            "INSERT INTO opgavepakke_versioner (pakke_id, navn, beskrivelse, filter, aendringsaarsag, gyldig_fra, gyldig_til, oprettet_af, oprettet)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        ))
        .bind(pakke_id)
        .bind(d.navn.trim())
        .bind(d.beskrivelse.trim())
        .bind(to_json(&d.filter)?)
        .bind(d.aendringsaarsag.trim())
        .bind(format_day(d.gyldig_fra))
        .bind(d.gyldig_til.map(format_day))
        .bind(user_id)
        .bind(crate::clock::now_rfc3339())
        .fetch_one(db).await
        })?;
        let mut roles = d.roller.clone();
        roles.sort_unstable();
        roles.dedup();
        for r in roles {
            on!(self, |db, sql| sqlx::query(&sql("INSERT INTO opgavepakke_roller (version_id, rolle_id) VALUES (?, ?)"))
                .bind(id)
                .bind(r)
                .execute(db)
                .await
                .map(|r| r.rows_affected()))?;
        }
        Ok(id)
    }

    /// Ends a version on `last_day`; true if the version existed.
    pub async fn end_version(&mut self, version_id: i64, last_day: NaiveDate) -> Result<bool> {
        let ended = on!(self, |db, sql| sqlx::query(&sql("UPDATE opgavepakke_versioner SET gyldig_til = ? WHERE id = ?"))
            .bind(format_day(last_day))
            .bind(version_id)
            .execute(db)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(ended == 1)
    }
}

/// The number of a key `OP-<number>` (its leading digits after `OP-`).
fn package_number(key: &str) -> Option<i64> {
    let rest = key.strip_prefix("OP-")?;
    let digits = &rest[..rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len())];
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::package_number;

    #[test]
    fn a_key_number_is_the_leading_digits_after_op() {
        assert_eq!(package_number("OP-0042"), Some(42));
        assert_eq!(package_number("OP-7x"), Some(7));
        assert_eq!(package_number("OP-x7"), None);
        assert_eq!(package_number("op-7"), None);
        assert_eq!(package_number("OP-"), None);
    }
}
