//! In-memory abuse limits, per server instance (several instances behind a
//! load balancer each count for themselves): the login throttle and the
//! hourly upload quota. Pure bookkeeping over a given `now`, so the tests
//! move time instead of sleeping.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The longest wait the login throttle imposes.
pub const MAX_DELAY: Duration = Duration::from_secs(15 * 60);
/// A key without failures for this long is forgotten.
const FORGET_AFTER: Duration = Duration::from_secs(60 * 60);
/// A client address may fail this many times the username's allowance
/// (many users behind one address, e.g. a town hall's NAT).
const ADDRESS_FACTOR: u32 = 4;
/// Keys kept at most; beyond it the oldest are dropped first.
const MAX_KEYS: usize = 100_000;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    User(String),
    Addr(IpAddr),
}

#[derive(Clone, Copy, Debug)]
struct Failures {
    count: u32,
    last: Instant,
    blocked_until: Instant,
}

/// Failed logins per username and per client address: after `free`
/// failures (four times that for an address) each further failure blocks
/// the key for `base`, doubled per failure, at most [`MAX_DELAY`].
pub struct LoginThrottle {
    free: u32,
    base: Duration,
    keys: Mutex<HashMap<Key, Failures>>,
}

impl LoginThrottle {
    pub fn new(free: u32, base: Duration) -> LoginThrottle {
        LoginThrottle { free: free.max(1), base: base.max(Duration::from_millis(1)), keys: Mutex::new(HashMap::new()) }
    }

    fn keys_of(username: &str, addr: Option<IpAddr>) -> impl Iterator<Item = Key> {
        std::iter::once(Key::User(username.trim().to_lowercase())).chain(addr.map(Key::Addr))
    }

    /// How long the login must wait before it may be tried (`None`: now).
    pub fn wait(&self, username: &str, addr: Option<IpAddr>, now: Instant) -> Option<Duration> {
        let keys = self.keys.lock().unwrap_or_else(|e| e.into_inner());
        Self::keys_of(username, addr)
            .filter_map(|k| keys.get(&k))
            .map(|f| f.blocked_until.saturating_duration_since(now))
            .filter(|d| !d.is_zero())
            .max()
    }

    /// Counts a failed login for the username and the address.
    pub fn failed(&self, username: &str, addr: Option<IpAddr>, now: Instant) {
        let mut keys = self.keys.lock().unwrap_or_else(|e| e.into_inner());
        if keys.len() >= MAX_KEYS {
            keys.retain(|_, f| now.saturating_duration_since(f.last) < FORGET_AFTER);
            if keys.len() >= MAX_KEYS {
                let oldest = keys.iter().min_by_key(|(_, f)| f.last).map(|(k, _)| k.clone());
                if let Some(k) = oldest {
                    keys.remove(&k);
                }
            }
        }
        for key in Self::keys_of(username, addr) {
            let free = match key {
                Key::User(_) => self.free,
                Key::Addr(_) => self.free.saturating_mul(ADDRESS_FACTOR),
            };
            let f = keys.entry(key).or_insert(Failures { count: 0, last: now, blocked_until: now });
            if now.saturating_duration_since(f.last) >= FORGET_AFTER {
                f.count = 0;
            }
            f.count = f.count.saturating_add(1);
            f.last = now;
            if f.count >= free {
                f.blocked_until = now + self.delay(f.count - free);
            }
        }
    }

    /// The wait after the `n`-th failure past the allowance (0-based).
    fn delay(&self, n: u32) -> Duration {
        self.base.checked_mul(1u32.checked_shl(n.min(31)).unwrap_or(u32::MAX)).unwrap_or(MAX_DELAY).min(MAX_DELAY)
    }

    /// A successful login clears the username's failures (not the
    /// address's: one valid account must not reset an address guessing
    /// others).
    pub fn succeeded(&self, username: &str) {
        let mut keys = self.keys.lock().unwrap_or_else(|e| e.into_inner());
        keys.remove(&Key::User(username.trim().to_lowercase()));
    }
}

/// Bytes uploaded per user (or intake per source system) in the last hour
/// (a sliding window of the uploads' sizes).
pub struct UploadQuota {
    per_hour: u64,
    users: Mutex<HashMap<i64, Vec<(Instant, u64)>>>,
}

const HOUR: Duration = Duration::from_secs(60 * 60);

impl UploadQuota {
    pub fn new(per_hour: u64) -> UploadQuota {
        UploadQuota { per_hour, users: Mutex::new(HashMap::new()) }
    }

    /// Takes `bytes` from the user's hourly quota; `false` (and nothing
    /// taken) when they do not fit.
    pub fn take(&self, user: i64, bytes: u64, now: Instant) -> bool {
        let mut users = self.users.lock().unwrap_or_else(|e| e.into_inner());
        users.retain(|_, v| v.last().is_some_and(|(t, _)| now.saturating_duration_since(*t) < HOUR));
        let uploads = users.entry(user).or_default();
        uploads.retain(|(t, _)| now.saturating_duration_since(*t) < HOUR);
        let used: u64 = uploads.iter().map(|(_, b)| b).sum();
        if used.saturating_add(bytes) > self.per_hour {
            return false;
        }
        uploads.push((now, bytes));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IP: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1)));

    #[test]
    fn the_wait_starts_after_the_allowance_and_doubles() {
        let t = LoginThrottle::new(3, Duration::from_secs(1));
        let now = Instant::now();
        for _ in 0..2 {
            t.failed("Pension", IP, now);
            assert_eq!(t.wait("pension", IP, now), None, "within the allowance");
        }
        t.failed("pension", IP, now);
        assert_eq!(t.wait("PENSION ", None, now), Some(Duration::from_secs(1)), "the username is the key, case and space aside");
        let later = now + Duration::from_secs(1);
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
        let t = LoginThrottle::new(2, Duration::from_secs(1));
        let now = Instant::now();
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
    fn failures_are_forgotten_after_an_hour() {
        let t = LoginThrottle::new(2, Duration::from_secs(1));
        let now = Instant::now();
        t.failed("a", None, now);
        t.failed("a", None, now + FORGET_AFTER);
        assert_eq!(t.wait("a", None, now + FORGET_AFTER), None, "the old failure no longer counts");
    }

    #[test]
    fn the_upload_quota_is_a_sliding_hour() {
        let q = UploadQuota::new(100);
        let now = Instant::now();
        assert!(q.take(1, 60, now));
        assert!(!q.take(1, 41, now), "61 + 41 > 100");
        assert!(q.take(2, 100, now), "per user");
        assert!(q.take(1, 40, now + Duration::from_secs(10)));
        assert!(!q.take(1, 1, now + Duration::from_secs(59 * 60)));
        assert!(q.take(1, 60, now + HOUR), "the first upload has left the window");
    }
}
