//! Password hashes (argon2id, default parameters, PHC strings).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

pub fn hash(password: &str) -> anyhow::Result<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("ingen tilfældighed fra styresystemet: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    let phc =
        Argon2::default().hash_password(password.as_bytes(), &salt).map_err(|e| anyhow::anyhow!("kan ikke danne adgangskode-hash: {e}"))?;
    Ok(phc.to_string())
}

/// False for a wrong password and for an unreadable hash.
pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// Password checks and hashes at once, at most (argon2 is deliberately
/// costly: a flood of logins must not take every core).
pub fn max_concurrent() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 8)
}

/// How long a login waits for its turn before it is told to try again.
pub const MAX_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// [`verify`] on a blocking thread, at most `permits` at once (see
/// [`crate::blocking::run_limited`]).
pub async fn verify_limited(
    permits: &std::sync::Arc<tokio::sync::Semaphore>,
    password: String,
    phc: String,
) -> anyhow::Result<Result<bool, crate::blocking::Busy>> {
    crate::blocking::run_limited(permits, MAX_WAIT, "adgangskodekontrol", move || verify(&password, &phc)).await
}
