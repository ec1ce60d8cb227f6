//! Abuse limits shared by every server instance on one database: the login
//! throttle and the hourly upload quotas. The counts are rows of the
//! database (`store::limits`), so failures on one instance throttle the
//! next attempt on another; the rules are here, as pure functions of the
//! last count and `now` (unix milliseconds), so the tests move time instead
//! of sleeping. A quota is taken inside the upload's own write transaction:
//! writers are serialized, so two uploads on two instances cannot both
//! take the last bytes.

use crate::store::limits::LoginFailures;
use crate::store::{Conn, Result};
use std::net::IpAddr;
use std::time::Duration;

/// The longest wait the login throttle imposes.
pub const MAX_DELAY: Duration = Duration::from_secs(15 * 60);
/// A key without failures for this long is forgotten.
const FORGET_AFTER_MS: i64 = 60 * 60 * 1000;
/// A client address may fail this many times the username's allowance
/// (many users behind one address, e.g. a town hall's NAT).
const ADDRESS_FACTOR: u32 = 4;

/// Failed logins per username and per client address: after `free`
/// failures (four times that for an address) each further failure blocks
/// the key for `base`, doubled per failure, at most [`MAX_DELAY`].
pub struct LoginThrottle {
    free: u32,
    base: Duration,
}

impl LoginThrottle {
    pub fn new(free: u32, base: Duration) -> LoginThrottle {
        LoginThrottle { free: free.max(1), base: base.max(Duration::from_millis(1)) }
    }

    /// The keys of an attempt, each with its allowance.
    fn keys_of(&self, username: &str, addr: Option<IpAddr>) -> impl Iterator<Item = (String, u32)> {
        std::iter::once((user_key(username), self.free))
            .chain(addr.map(|a| (format!("adresse:{a}"), self.free.saturating_mul(ADDRESS_FACTOR))))
    }

    /// How long the login must wait before it may be tried (`None`: now).
    pub async fn wait(&self, conn: &mut Conn, username: &str, addr: Option<IpAddr>, now: i64) -> Result<Option<Duration>> {
        let mut longest = None;
        for (key, _) in self.keys_of(username, addr) {
            if let Some(f) = conn.login_failures(&key).await? {
                longest = longest.max(remaining(&f, now));
            }
        }
        Ok(longest)
    }

    /// Counts a failed login for the username and the address (inside the
    /// write transaction that records it), and forgets keys idle for an
    /// hour.
    pub async fn failed(&self, tx: &mut Conn, username: &str, addr: Option<IpAddr>, now: i64) -> Result<()> {
        tx.prune_login_failures(now - FORGET_AFTER_MS).await?;
        for (key, free) in self.keys_of(username, addr) {
            let before = tx.login_failures(&key).await?;
            tx.put_login_failures(&key, self.after_failure(before, free, now)).await?;
        }
        Ok(())
    }

    /// A successful login clears the username's failures (not the
    /// address's: one valid account must not reset an address guessing
    /// others).
    pub async fn succeeded(&self, tx: &mut Conn, username: &str) -> Result<()> {
        tx.forget_login_failures(&user_key(username)).await
    }

    /// A key's count after one more failure at `now`.
    fn after_failure(&self, before: Option<LoginFailures>, free: u32, now: i64) -> LoginFailures {
        let count = match before {
            Some(f) if now.saturating_sub(f.last) < FORGET_AFTER_MS => f.count.saturating_add(1),
            _ => 1,
        };
        let blocked_until = match before {
            _ if count >= free => now.saturating_add(millis(self.delay(count - free))),
            Some(f) => f.blocked_until,
            None => now,
        };
        LoginFailures { count, last: now, blocked_until }
    }

    /// The wait after the `n`-th failure past the allowance (0-based).
    fn delay(&self, n: u32) -> Duration {
        self.base.checked_mul(1u32.checked_shl(n.min(31)).unwrap_or(u32::MAX)).unwrap_or(MAX_DELAY).min(MAX_DELAY)
    }
}

/// The key of a username: trimmed, lower case, at most 200 characters
/// (lower case can be longer than the name as typed: İ is i and a dot).
fn user_key(username: &str) -> String {
    let name: String = username.trim().to_lowercase().chars().take(200).collect();
    format!("bruger:{name}")
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// How long a key is still blocked at `now`: at most [`MAX_DELAY`], also
/// when instances' clocks disagree.
fn remaining(f: &LoginFailures, now: i64) -> Option<Duration> {
    let ms = f.blocked_until.saturating_sub(now);
    (ms > 0).then(|| Duration::from_millis(ms.unsigned_abs()).min(MAX_DELAY))
}

/// Bytes received per uploader in the last hour (a sliding window): a
/// caseworker's uploads, or a source system's messages.
pub struct UploadQuota {
    per_hour: u64,
    /// Whose uploads: "bruger" or "kilde" (the rows' key is `<kind>:<id>`).
    kind: &'static str,
}

const HOUR_MS: i64 = 60 * 60 * 1000;

impl UploadQuota {
    pub fn users(per_hour: u64) -> UploadQuota {
        UploadQuota { per_hour, kind: "bruger" }
    }

    pub fn sources(per_hour: u64) -> UploadQuota {
        UploadQuota { per_hour, kind: "kilde" }
    }

    /// Takes `bytes` from `id`'s hourly quota, inside the upload's write
    /// transaction; `false` (and nothing taken) when they do not fit.
    pub async fn take(&self, tx: &mut Conn, id: i64, bytes: u64, now: i64) -> Result<bool> {
        let who = format!("{}:{id}", self.kind);
        let used = tx.uploaded_since(&who, now - HOUR_MS + 1).await?;
        if used.saturating_add(bytes) > self.per_hour {
            return Ok(false);
        }
        tx.record_upload(&who, now, bytes, now - HOUR_MS + 1).await?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const IP: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1)));

    /// The throttle's rules over an in-memory table of counts, as the
    /// store keeps them (the store itself is tested in tests/abuse.rs, on
    /// both backends).
    struct Counts(LoginThrottle, HashMap<String, LoginFailures>);

    impl Counts {
        fn new(free: u32, base: Duration) -> Counts {
            Counts(LoginThrottle::new(free, base), HashMap::new())
        }
        fn failed(&mut self, username: &str, addr: Option<IpAddr>, now: i64) {
            self.1.retain(|_, f| f.last >= now - FORGET_AFTER_MS || f.blocked_until >= now - FORGET_AFTER_MS);
            for (key, free) in self.0.keys_of(username, addr).collect::<Vec<_>>() {
                let next = self.0.after_failure(self.1.get(&key).copied(), free, now);
                self.1.insert(key, next);
            }
        }
        fn wait(&self, username: &str, addr: Option<IpAddr>, now: i64) -> Option<Duration> {
            self.0.keys_of(username, addr).filter_map(|(k, _)| self.1.get(&k)).filter_map(|f| remaining(f, now)).max()
        }
        fn succeeded(&mut self, username: &str) {
            self.1.remove(&user_key(username));
        }
    }

    #[test]
    fn the_wait_starts_after_the_allowance_and_doubles() {
        let mut t = Counts::new(3, Duration::from_secs(1));
        let now = 1_700_000_000_000;
        for _ in 0..2 {
            t.failed("Pension", IP, now);
            assert_eq!(t.wait("pension", IP, now), None, "within the allowance");
        }
        t.failed("pension", IP, now);
        assert_eq!(t.wait("PENSION ", None, now), Some(Duration::from_secs(1)), "the username is the key, case and space aside");
        let later = now + 1000;
        assert_eq!(t.wait("pension", None, later), None, "the wait is over");
        t.failed("pension", IP, later);
        assert_eq!(t.wait("pension", None, later), Some(Duration::from_secs(2)), "doubled");
        t.failed("pension", IP, later);
        assert_eq!(t.wait("pension", None, later), Some(Duration::from_secs(4)));
        for _ in 0..40 {
            t.failed("pension", IP, later);
        }
        assert_eq!(t.wait("pension", None, later), Some(MAX_DELAY), "capped");
        t.succeeded("pension");
        assert_eq!(t.wait("pension", None, later), None);
    }

    #[test]
    fn an_address_is_throttled_across_usernames() {
        let mut t = Counts::new(2, Duration::from_secs(1));
        let now = 1_700_000_000_000;
        for i in 0..7 {
            t.failed(&format!("bruger{i}"), IP, now);
        }
        assert_eq!(t.wait("ny", IP, now), None, "four times the allowance for an address");
        t.failed("bruger7", IP, now);
        assert!(t.wait("ny", IP, now).is_some());
        assert_eq!(t.wait("ny", None, now), None, "another address may still try the username");
        t.succeeded("ny");
        assert!(t.wait("ny", IP, now).is_some(), "a success does not clear the address");
    }

    #[test]
    fn a_key_fits_its_column_and_a_wait_never_exceeds_the_cap() {
        // 200 İ are 400 characters in lower case.
        assert_eq!(user_key(&"İ".repeat(200)).chars().count(), "bruger:".len() + 200);
        let f = LoginFailures { count: 9, last: 0, blocked_until: 10 * 60 * 60 * 1000 };
        assert_eq!(remaining(&f, 0), Some(MAX_DELAY), "a clock far behind waits no longer than the cap");
    }

    #[test]
    fn failures_are_forgotten_after_an_hour() {
        let mut t = Counts::new(2, Duration::from_secs(1));
        let now = 1_700_000_000_000;
        t.failed("a", None, now);
        t.failed("a", None, now + FORGET_AFTER_MS);
        assert_eq!(t.wait("a", None, now + FORGET_AFTER_MS), None, "the old failure no longer counts");
    }
}
